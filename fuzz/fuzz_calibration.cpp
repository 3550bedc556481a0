// libFuzzer target for the calibration file reader: TOML parsing, the scenario it names, the
// parameters, the [smc] settings and the targets against an observed-data folder. Any input
// must either load or raise mv::Error; nothing else is acceptable. A loaded calibration must
// give a prior for every parameter and a positive scale for every target.
// Run: fuzz_calibration -max_total_time=60 corpus/ (seeded from scenarios/calibration/).
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>

#include "calibration/calibration.h"
#include "core/error.h"
#include "fuzz_util.h"

namespace fs = std::filesystem;

namespace {
const fs::path& work_dir() {
  // One private directory per process with the scenario and observations inputs may name
  // (base.toml and observed/; the shipped files use ../baseline.toml and ../../data/observed).
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("mv-fuzz-cal-" + std::to_string(::getpid()));
    fs::create_directories(d / "observed");
    mvfuzz::write(d / "base.toml", "name = \"base\"\n[run]\nruns = 3\ncitizens = 1000\nhorizon = \"2023-12\"\n");
    mvfuzz::write(d / "observed" / "t.csv",
                  "variable,period,value,low,high,unit,source_key,split,note\n"
                  "russian_route_share,2022,97,97,97,percent,t,calibration,\n"
                  "russian_route_share,2023,94.7,94.7,94.7,percent,t,calibration,\n"
                  "trade_share_china_ytd,2023-09,21.3,21.3,21.3,percent,t,calibration,\n"
                  "csto_member,2024,1,1,1,binary,t,holdout,\n");
    return d;
  }();
  return dir;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fs::path path = work_dir() / "input.toml";
  mvfuzz::write(path, std::string(reinterpret_cast<const char*>(data), size));
  try {
    const mv::Calibration c = mv::load_calibration(path);
    if (c.priors().size() != c.parameters.size() || c.parameters.empty()) __builtin_trap();
    for (const auto& t : c.targets)
      if (!(t.scale > 0) || t.window.empty() || t.observation.split != "calibration") __builtin_trap();
    (void)mv::targets_csv(c);
  } catch (const mv::Error&) {
    // a clear input error is the expected outcome for most inputs
  }
  return 0;
}
