// libFuzzer target for the journal reader of `multivector sweep --resume` (sweep/journal.h):
// the journal of a fixed small sweep (fuzz/data/journal_sweep.toml, four grid points with
// replicates.csv), any of its files damaged or missing. The input is points.csv,
// replicates.csv, sweep.resolved.toml and scenario.resolved.toml in that order, separated by
// 0xFF bytes (a byte no UTF-8 text holds); a part that is the single byte 0xFE stands for a
// missing file, and files after the last part given are written as the sweep writes them.
// Any input must resume or raise mv::Error; a journal resume_journal accepted (and cut back)
// must be accepted again with the same number of finished points.
// Run: fuzz_journal -max_total_time=30 corpus/ (seeded from that sweep's output; see
// scripts/ci-hardening.sh).
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/error.h"
#include "engine/sweep_runner.h"
#include "io/sweep_writers.h"
#include "sweep/journal.h"
#include "sweep/sweep.h"

#include "fuzz_util.h"

namespace fs = std::filesystem;

namespace {
using mvfuzz::write;

/// The sweep, its plan and the texts its journal holds, built once.
struct Fixture {
  mv::Sweep sweep;
  mv::design::Matrix values;
  mv::SweepPlan plan;
  std::string sweep_text, scenario_text, points_header, replicates_header;
  fs::path dir;

  Fixture() : sweep(mv::load_sweep(fs::path(MV_FUZZ_DATA) / "journal_sweep.toml")) {
    values = mv::factor_values(sweep, mv::build_design(sweep));
    std::vector<mv::Param> factors;
    for (const auto& f : sweep.factors) factors.push_back(f.param);
    plan = mv::make_sweep_plan(sweep.base, factors, values, sweep.replicates, sweep.seed,
                               sweep.common_random_numbers);
    sweep_text = sweep.resolved_toml();
    scenario_text = sweep.base.resolved_toml();
    points_header = mv::points_csv_header(plan);
    replicates_header = mv::replicates_csv_header(plan);
    dir = fs::temp_directory_path() / ("mv-fuzz-journal-" + std::to_string(::getpid()));
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Fixture& fx = fixture();
  std::error_code ec;
  fs::remove_all(fx.dir, ec);
  fs::create_directories(fx.dir);
  const std::string input(reinterpret_cast<const char*>(data), size);
  const char* files[] = {"points.csv", "replicates.csv", "sweep.resolved.toml", "scenario.resolved.toml"};
  const std::string intact[] = {fx.points_header, fx.replicates_header, fx.sweep_text, fx.scenario_text};
  size_t at = 0;
  for (int k = 0; k < 4; ++k) {
    if (at > input.size()) {
      write(fx.dir / files[k], intact[k]);
      continue;
    }
    const size_t end = std::min(input.find('\xff', at), input.size());
    const std::string part = input.substr(at, end - at);
    if (part != "\xfe") write(fx.dir / files[k], part);
    at = end + 1;
  }
  const mv::JournalSpec spec{fx.dir,
                             &fx.plan,
                             0,
                             fx.plan.points(),
                             fx.sweep_text,
                             fx.scenario_text,
                             fx.points_header,
                             fx.replicates_header,
                             fx.sweep.write_replicates,
                             std::string(),  // no replicate_series.csv in the fuzzed sweep
                             false};
  int64_t finished = -1;
  try {
    finished = mv::resume_journal(spec);
  } catch (const mv::Error&) {
    // a located input error is the expected outcome for a damaged journal
  }
  if (finished >= 0) {
    // What resume kept is a journal it accepts as it stands: the same points, nothing cut.
    if (finished > fx.plan.points()) __builtin_trap();
    try {
      if (mv::resume_journal(spec) != finished) __builtin_trap();
    } catch (const mv::Error&) {
      __builtin_trap();
    }
  }
  return 0;
}
