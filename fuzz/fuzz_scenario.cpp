// libFuzzer target for the scenario loader: TOML parsing, `extends` resolution and validation.
// Any input must either load or raise mv::Error; nothing else (crash, hang, other exception,
// sanitizer report) is acceptable. A loaded scenario must round-trip through its resolved TOML.
// Run: fuzz_scenario -max_total_time=60 corpus/ (seeded from scenarios/ and tests/bad_inputs/).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/error.h"
#include "scenario/scenario.h"

namespace fs = std::filesystem;

namespace {
const fs::path& work_dir() {
  // One private directory per process; inputs may `extends` files beside them.
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("mv-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(d);
    std::FILE* f = std::fopen((d / "base.toml").c_str(), "wb");
    const char* base = "name = \"base\"\n[run]\nruns = 3\n[parameters]\nhedging_premium = 0.3\n";
    std::fwrite(base, 1, std::char_traits<char>::length(base), f);
    std::fclose(f);
    return d;
  }();
  return dir;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fs::path path = work_dir() / "input.toml";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  try {
    const mv::Scenario sc = mv::load_scenario(path);
    const std::string text = sc.resolved_toml();
    const fs::path again = work_dir() / "resolved.toml";
    std::FILE* g = std::fopen(again.c_str(), "wb");
    std::fwrite(text.data(), 1, text.size(), g);
    std::fclose(g);
    if (mv::load_scenario(again).resolved_toml() != text) __builtin_trap();  // must round-trip
  } catch (const mv::Error&) {
    // a clear input error is the expected outcome for most inputs
  }
  return 0;
}
