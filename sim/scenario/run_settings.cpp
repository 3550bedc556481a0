#include "scenario/run_settings.h"

#include "core/calendar.h"

namespace mv {

std::string bound_text(RunSetting s, int64_t value) {
  if (spec(s).is_month()) return YearMonth::from_index(static_cast<int>(value)).to_string();
  if (value == std::numeric_limits<int64_t>::max()) return "2^63-1";
  return std::to_string(value);
}

std::string range_text(RunSetting s) {
  return bound_text(s, spec(s).lower) + " to " + bound_text(s, spec(s).upper);
}

}  // namespace mv
