// libFuzzer target for the command line itself: an argument vector (the input split at 0x00
// bytes) through the CLI's dispatch (cli/commands.h), run in a private working directory that
// holds a small scenario (s.toml), a sweep of it (w.toml), a batch (b), two run shards (r0, r1),
// a finished sweep (w) and two sweep shards (ws0, ws1), restored before every input. Every
// argument vector must end with exit 0 or 2 (or mv::Error's exit 2); an internal error (exit 1,
// or an exception other than mv::Error), a crash, a sanitizer report or a timeout fails.
// Inputs are skipped (return -1) when they could reach outside that directory (an argument with
// ".." or a '/' not after a letter or digit) or ask for much work (a number above 64 other than
// a seed, or written with an exponent or in hex); `dock` gets --runs 1 unless it names --runs.
// Run: fuzz_cli -max_total_time=30 /abs/corpus/ (seeded from command lines of every command; see
// scripts/ci-hardening.sh). It changes directory: give the corpus and -artifact_prefix as
// absolute paths.
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/error.h"

#include "fuzz_util.h"

namespace fs = std::filesystem;

namespace {
using mvfuzz::write;

/// Runs a command line with standard output and error discarded; returns its exit code.
int run(const std::vector<std::string>& args) {
  std::ostringstream sink;
  auto* out = std::cout.rdbuf(sink.rdbuf());
  auto* err = std::cerr.rdbuf(sink.rdbuf());
  int code = mv::kExitOk;
  try {
    code = mv::cli::dispatch(args);
  } catch (const mv::Error& e) {
    code = e.exit_code();
  } catch (const std::exception& e) {
    std::cout.rdbuf(out);
    std::cerr.rdbuf(err);
    std::fprintf(stderr, "fuzz_cli: internal error: %s\n", e.what());
    __builtin_trap();
  }
  std::cout.rdbuf(out);
  std::cerr.rdbuf(err);
  return code;
}

/// The pristine files (made once) and the working directory the commands run in.
struct Fixture {
  fs::path root, pristine, work;
  Fixture() {
    root = fs::temp_directory_path() / ("mv-fuzz-cli-" + std::to_string(::getpid()));
    pristine = root / "pristine";
    work = root / "work";
    fs::remove_all(root);
    fs::create_directories(pristine);
    fs::create_directories(work);
    if (::chdir(pristine.c_str()) != 0) std::abort();
    write("s.toml", "name = \"s\"\n[run]\nruns = 3\ncitizens = 1000\nhorizon = \"2022-06\"\n");
    write("w.toml",
          "name = \"w\"\nscenario = \"s.toml\"\ndesign = \"grid\"\nreplicates = 2\nseed = 3\n"
          "write_replicates = true\n[factors]\nrussia_attention = { levels = [0.2, 0.8] }\n");
    const std::vector<std::vector<std::string>> setup = {
        {"run", "s.toml", "--out", "b", "--quiet"},
        {"run", "s.toml", "--shard", "0/2", "--out", "r0", "--quiet"},
        {"run", "s.toml", "--shard", "1/2", "--out", "r1", "--quiet"},
        {"sweep", "w.toml", "--out", "w", "--quiet"},
        {"sweep", "w.toml", "--shard", "0/2", "--out", "ws0", "--quiet"},
        {"sweep", "w.toml", "--shard", "1/2", "--out", "ws1", "--quiet"}};
    for (const auto& args : setup)
      if (run(args) != mv::kExitOk) std::abort();
    if (::chdir(work.c_str()) != 0) std::abort();
  }
  /// Empties the working directory and copies the pristine files back.
  void restore() const {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(work, ec)) fs::remove_all(e.path(), ec);
    fs::copy(pristine, work, fs::copy_options::recursive, ec);
  }
};

/// False for an argument that could reach outside the working directory or ask for much work.
bool harmless(const std::string& arg, const std::string& previous) {
  if (arg.find("..") != std::string::npos) return false;
  const bool seed = previous == "--seed" || arg.rfind("--seed=", 0) == 0;
  unsigned long long run = 0;
  bool digits = false;
  for (size_t i = 0; i < arg.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(arg[i]);
    const bool after_alnum = i > 0 && std::isalnum(static_cast<unsigned char>(arg[i - 1]));
    if (c == '/' && !after_alnum) return false;
    if (std::isdigit(c)) {
      run = digits ? std::min(run * 10 + (c - '0'), 1'000'000ULL) : c - '0';
      digits = true;
      if (run > 64 && !seed) return false;
    } else {
      if (digits && (c == 'e' || c == 'E' || c == 'x' || c == 'X' || c == 'p' || c == 'P') && !seed)
        return false;
      digits = false;
    }
  }
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Fixture fixture;
  std::vector<std::string> args;
  const std::string input(reinterpret_cast<const char*>(data), size);
  size_t at = 0;
  while (at <= input.size()) {
    const size_t end = std::min(input.find('\0', at), input.size());
    args.push_back(input.substr(at, end - at));
    at = end + 1;
  }
  if (args.size() > 64) return -1;
  for (size_t i = 0; i < args.size(); ++i)
    if (!harmless(args[i], i > 0 ? args[i - 1] : std::string())) return -1;
  if (!args.empty() && args[0] == "dock") {
    bool runs = false;
    for (const auto& a : args) runs = runs || a.rfind("--runs", 0) == 0 || a.rfind("--r", 0) == 0;
    if (!runs) args.insert(args.end(), {"--runs", "1"});
  }
  fixture.restore();
  const int code = run(args);
  if (code != mv::kExitOk && code != mv::kExitBadInput) {
    std::fprintf(stderr, "fuzz_cli: exit %d\n", code);
    __builtin_trap();
  }
  return 0;
}
