#pragma once
// The one table of run settings (STYLE.md rule 6), beside the parameter table: how many
// replicates, which seed, how many citizens, which months, how many threads. The scenario
// loader ([run]), the sweep and calibration readers and every command-line option read their
// bounds (and the scenario its defaults) here, so a bound is written once. Each row: name,
// lower bound, upper bound, default, unit, description. Months are YearMonth::index() values
// (year * 12 + month - 1).
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace mv {

/// A month as a table entry: YearMonth{year, month}.index().
constexpr int64_t month_index(int year, int month) {
  return int64_t{year} * 12 + (month - 1);
}

// clang-format off
#define MV_RUN_SETTINGS(X) \
  X(runs, 1, 100'000'000, 1000, "replicates", "replicates of a scenario ([run] runs, run --runs)") \
  X(seed, 0, std::numeric_limits<int64_t>::max(), 20220101, "", "master seed: every replicate's random streams derive from it and the replicate's index") \
  X(citizens, 1000, 1'000'000, 10'000, "citizens", "citizens per replicate") \
  X(start, month_index(1900, 1), month_index(2200, 12), month_index(2022, 1), "month", "the first month simulated") \
  X(horizon, month_index(1900, 1), month_index(2200, 12), month_index(2030, 12), "month", "the last month simulated (a sweep's horizon, a calibration's until)") \
  X(months, 1, 1200, 108, "months", "months from start to horizon (both included); also the longest event duration") \
  X(threads, 1, 1024, 0, "threads", "worker threads (default 0: all cores); results do not depend on it") \
  X(replicates, 1, 1'000'000, 10, "replicates", "replicates per point of a sweep, or of a classic submodel (dock --runs)") \
  X(check_runs, 10, 1'000'000, 200, "replicates", "replicates per batch of a statistical check (facts, validate-history --runs)")
// clang-format on

enum class RunSetting : int {
#define MV_X(name, ...) name,
  MV_RUN_SETTINGS(MV_X)
#undef MV_X
};

inline constexpr int kNumRunSettings = 0
#define MV_X(...) +1
    MV_RUN_SETTINGS(MV_X)
#undef MV_X
    ;

/// One row of the run-settings table.
struct RunSettingSpec {
  std::string_view name;
  int64_t lower;
  int64_t upper;
  int64_t default_value;
  std::string_view unit;
  std::string_view description;
  bool is_month() const { return unit == "month"; }
};

inline constexpr std::array<RunSettingSpec, kNumRunSettings> kRunSettings = {{
#define MV_X(name, lo, hi, def, unit, desc) RunSettingSpec{#name, lo, hi, def, unit, desc},
    MV_RUN_SETTINGS(MV_X)
#undef MV_X
}};

constexpr const RunSettingSpec& spec(RunSetting s) {
  return kRunSettings[static_cast<int>(s)];
}

/// A bound as people read it: "2^63-1" for the largest seed, "1900-01" for a month.
std::string bound_text(RunSetting s, int64_t value);
/// "LO to HI", for help texts.
std::string range_text(RunSetting s);

}  // namespace mv
