// libFuzzer target for the batch-directory reader of `multivector report`: manifest.json,
// summary.csv, timeseries.csv and runs.csv as a run writes them, any of them damaged. The input
// is the four files' texts separated by 0xFF bytes (a byte no UTF-8 text holds). Any input must
// give a report or raise mv::Error; nothing else (crash, other exception, sanitizer report).
// Run: fuzz_report -max_total_time=60 corpus/ (seeded from a small batch; see
// scripts/ci-hardening.sh).
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/error.h"
#include "report/report.h"

#include "fuzz_util.h"

namespace fs = std::filesystem;

namespace {
using mvfuzz::write;

const fs::path& work_dir() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("mv-fuzz-report-" + std::to_string(::getpid()));
    fs::create_directories(d / "batch");
    write(d / "batch" / "scenario.resolved.toml", "name = \"x\"\n[parameters]\n");
    write(d / "chart.js", "/* Chart.js stand-in */");
    return d;
  }();
  return dir;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const char* files[] = {"manifest.json", "summary.csv", "timeseries.csv", "runs.csv"};
  size_t at = 0;
  for (const char* name : files) {
    const size_t end = std::min(input.find('\xff', at), input.size());
    write(work_dir() / "batch" / name, at < input.size() ? input.substr(at, end - at) : std::string());
    at = end + 1;
  }
  try {
    (void)mv::build_report({work_dir() / "batch"}, work_dir() / "chart.js");
  } catch (const mv::Error&) {
    // a located input error is the expected outcome for a damaged batch
  }
  return 0;
}
