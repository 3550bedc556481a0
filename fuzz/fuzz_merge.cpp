// libFuzzer target for the shard reader of `multivector merge` (shard/merge.h): up to three
// shard directories a/, b/, c/ of one run (manifest.json with its shard index and count,
// runs.csv, series.f32, scenario.resolved.toml) or one sweep (points.csv, replicates.csv,
// sweep.resolved.toml), any file damaged, missing or added. The input is the files one after
// another, each after a line "==> a/NAME <==" (as `head` prints them; the byte before the next
// such line ends the file, so series.f32 may hold any bytes); a name outside a/, b/, c/ or with
// a path in it is skipped. Any input must merge or raise mv::Error; nothing else (crash, other
// exception, sanitizer report, timeout) is acceptable.
// Run: fuzz_merge -max_total_time=30 corpus/ (seeded from two shards of a small run and of a
// small sweep; see scripts/ci-hardening.sh).
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "shard/merge.h"

#include "fuzz_util.h"

namespace fs = std::filesystem;

namespace {
using mvfuzz::write;

const fs::path& work_dir() {
  static const fs::path dir = fs::temp_directory_path() / ("mv-fuzz-merge-" + std::to_string(::getpid()));
  return dir;
}

/// "a/NAME" with NAME a plain file name, or false.
bool shard_file(const std::string& name) {
  if (name.size() < 3 || name[1] != '/' || (name[0] != 'a' && name[0] != 'b' && name[0] != 'c')) return false;
  const std::string file = name.substr(2);
  if (file == "." || file == "..") return false;
  for (const char c : file)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const fs::path& dir = work_dir();
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  bool present[3] = {false, false, false};
  const std::string open = "==> ", close = " <==\n";
  size_t at = input.rfind(open, 0) == 0 ? 0 : input.find("\n" + open);
  if (at != std::string::npos && at > 0) ++at;
  while (at != std::string::npos && at < input.size()) {
    const size_t name_end = input.find(close, at + open.size());
    if (name_end == std::string::npos) break;
    const std::string name = input.substr(at + open.size(), name_end - at - open.size());
    const size_t body = name_end + close.size();
    size_t next = input.find("\n" + open, body);
    const std::string text = input.substr(body, next == std::string::npos ? std::string::npos : next - body);
    if (shard_file(name)) {
      const int k = name[0] - 'a';
      if (!present[k]) fs::create_directory(dir / name.substr(0, 1), ec);
      present[k] = true;
      write(dir / name, text);
    }
    at = next == std::string::npos ? next : next + 1;
  }
  std::vector<fs::path> shards;
  for (int k = 0; k < 3; ++k)
    if (present[k]) shards.push_back(dir / std::string(1, static_cast<char>('a' + k)));
  if (shards.empty()) return 0;
  try {
    (void)mv::merge_shards(shards, dir / "out", false, "multivector merge (fuzz)");
  } catch (const mv::Error&) {
    // a located input error is the expected outcome for damaged shards
  }
  return 0;
}
