#include "validation/observables.h"

#include <charconv>

namespace mv {

const std::vector<ObservableSpec>& observables() {
  static const std::vector<ObservableSpec> table = {
      {"russian_route_share", Series::russian_route_share, Reduce::mean, 100, Across::median, 1.5,
       "share of crude exports through Russia, mean over the period"},
      {"crude_bypass_russia_mt", Series::bypass_exports_mt, Reduce::volume, 1, Across::median, 1.0,
       "crude exports avoiding Russia, Mt in the period"},
      {"trade_share_russia", Series::trade_share_russia, Reduce::mean, 100, Across::median, 2.0,
       "Russia's share of trade, mean over the period"},
      {"trade_share_china", Series::trade_share_china, Reduce::mean, 100, Across::median, 2.0,
       "China's share of trade, mean over the period"},
      {"trade_share_eu", Series::trade_share_eu, Reduce::mean, 100, Across::median, 2.0,
       "the EU's share of trade, mean over the period"},
      {"trade_share_turkey", Series::trade_share_turkey, Reduce::mean, 100, Across::median, 1.0,
       "Turkey's share of trade, mean over the period"},
      {"csto_member", Series::csto_member, Reduce::last, 1, Across::mean, 0.05,
       "member of the CSTO at the period's end (share of replicates)"},
      {"mass_unrest_episodes", Series::mass_unrest, Reduce::episodes, 1, Across::mean, 0.5,
       "episodes of mass unrest in the period (mean over replicates)"},
      {"protest_participation_peak_share", Series::unrest, Reduce::peak, 100, Across::median, -1,
       "peak monthly protest participation, percent of the population"},
      {"coercive_acts_russia", Series::coerced_by_russia, Reduce::months, 1, Across::mean, 0.5,
       "months with a Russian coercive act (mean over replicates)"},
      {"coercive_acts_china", Series::coerced_by_china, Reduce::months, 1, Across::mean, 0.5,
       "months with a Chinese coercive act (mean over replicates)"},
      {"russian_military_intervention", Series::russian_intervention, Reduce::last, 1, Across::mean, 0.02,
       "a Russian 'protection' intervention by the period's end (share of replicates)"},
  };
  return table;
}

namespace {
constexpr std::string_view kYtd = "_ytd";

bool is_ytd(std::string_view v) {
  return v.size() > kYtd.size() && v.substr(v.size() - kYtd.size()) == kYtd;
}
}  // namespace

const ObservableSpec* find_observable(std::string_view variable) {
  if (is_ytd(variable)) variable.remove_suffix(kYtd.size());
  for (const auto& s : observables())
    if (s.variable == variable) return &s;
  return nullptr;
}

std::vector<std::string> observable_names() {
  std::vector<std::string> out;
  for (const auto& s : observables()) out.emplace_back(s.variable);
  return out;
}

MonthWindow observed_window(std::string_view variable, std::string_view period, YearMonth start, int steps) {
  int year = 0, month = 0;
  auto num = [](std::string_view s, int& out) {
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc{} && r.ptr == s.data() + s.size();
  };
  if (period.size() == 4) {
    if (!num(period, year)) return {};
  } else if (period.size() == 7 && period[4] == '-') {
    if (!num(period.substr(0, 4), year) || !num(period.substr(5), month) || month < 1 || month > 12) return {};
  } else {
    return {};
  }
  int first = 1, last = 12;
  if (month != 0) {
    last = month;
    first = is_ytd(variable) ? 1 : month;
  }
  const int begin = YearMonth{year, first}.index() - start.index();
  const int end = YearMonth{year, last}.index() - start.index() + 1;
  if (begin < 0 || end > steps) return {};
  return {begin, end};
}

}  // namespace mv
