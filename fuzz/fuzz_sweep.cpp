// libFuzzer target for the sweep file reader: TOML, the base scenario, design settings and
// factors. Any input must either load or raise mv::Error; a loaded sweep must build its design
// (the plan every point runs) and round-trip through its resolved TOML.
// Run: fuzz_sweep -max_total_time=60 corpus/ (seeded from scenarios/sweeps/).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/error.h"
#include "sweep/sweep.h"

#include "fuzz_util.h"

namespace fs = std::filesystem;

namespace {
using mvfuzz::write;

const fs::path& work_dir() {
  // The shipped sweeps name "../baseline.toml": the input sits in sweeps/ below a small base.
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("mv-fuzz-sweep-" + std::to_string(::getpid()));
    fs::create_directories(d / "sweeps");
    write(d / "baseline.toml", "name = \"baseline\"\n[run]\nruns = 3\ncitizens = 1000\n");
    return d;
  }();
  return dir;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fs::path path = work_dir() / "sweeps" / "input.toml";
  write(path, std::string(reinterpret_cast<const char*>(data), size));
  try {
    const mv::Sweep sw = mv::load_sweep(path);
    if (sw.points() <= 100'000) (void)mv::factor_values(sw, mv::build_design(sw));
    const std::string text = sw.resolved_toml();
    const fs::path again = work_dir() / "sweeps" / "resolved.toml";
    write(again, text);
    if (mv::load_sweep(again).resolved_toml() != text) __builtin_trap();  // must round-trip
  } catch (const mv::Error&) {
    // a clear input error is the expected outcome for most inputs
  }
  return 0;
}
