#include "core/calendar.h"

#include <charconv>
#include <cstdio>
#include <ctime>

namespace mv {

std::string YearMonth::to_string() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

std::optional<YearMonth> parse_year_month(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int y = 0, m = 0;
  auto r1 = std::from_chars(text.data(), text.data() + 4, y);
  auto r2 = std::from_chars(text.data() + 5, text.data() + 7, m);
  if (r1.ec != std::errc{} || r1.ptr != text.data() + 4) return std::nullopt;
  if (r2.ec != std::errc{} || r2.ptr != text.data() + 7) return std::nullopt;
  if (y < 0 || m < 1 || m > 12) return std::nullopt;
  return YearMonth{y, m};
}

std::string utc_now_iso() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace mv
