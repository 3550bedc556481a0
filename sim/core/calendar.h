#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace mv {

/// A calendar month; the model steps one month at a time.
struct YearMonth {
  int year = 2022;
  int month = 1;  // 1..12

  /// Months since January of year 0: differences give step counts.
  int index() const { return year * 12 + (month - 1); }
  static YearMonth from_index(int index) { return {index / 12, index % 12 + 1}; }
  YearMonth plus(int months) const { return from_index(index() + months); }
  std::string to_string() const;  // "2022-07"
  friend bool operator==(const YearMonth&, const YearMonth&) = default;
};

/// Strict "YYYY-MM" (month 01..12); nullopt for anything else. The months a run may use are
/// bounded by the run-settings table (scenario/run_settings.h).
std::optional<YearMonth> parse_year_month(std::string_view text);

/// The current UTC time as ISO 8601, "2022-07-06T12:00:00Z" (for manifests).
std::string utc_now_iso();

}  // namespace mv
