// Contracts as properties (issue 18): random command lines from the documented grammar of run,
// sweep, facts, dock, explain and params, with values at and around every bound of their
// options (and malformed ones), through the multivector binary. Each must exit 0 or 2, never
// die by a signal, an internal error (exit 1) or a timeout, and leave nothing behind in its
// working directory but the output it was asked for (on exit 0). Valid values that would mean
// much work (a count at or next to its upper bound) are paired with an --out that exists, so
// the command must refuse with exit 2 before doing any of it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <climits>
#include <cstdint>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "dock/dock.h"
#include "test_util.h"

namespace fs = std::filesystem;
using mvtest::read_file;
using mvtest::TempDir;

namespace {

std::string quote(const std::string& s) {
  std::string q = "'";
  for (const char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

struct Outcome {
  int code;
  std::string err;
};

/// Runs the binary in `cwd` under a time limit; a signal shows as 128 + its number, a timeout
/// as 124.
Outcome run_in(const fs::path& cwd, const std::vector<std::string>& args, const fs::path& err_file) {
  std::string cmd = "cd " + quote(cwd.string()) + " && timeout -k 5 120 " + quote(MV_BINARY);
  for (const auto& a : args) cmd += " " + quote(a);
  cmd += " >/dev/null 2>" + quote(err_file.string()) + " </dev/null";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), read_file(err_file)};
}

/// An option's values: the bounds and their neighbours, malformed text, and which of them are
/// valid but costly.
struct Option {
  std::string name;
  std::vector<std::string> values;
  std::set<std::string> costly;
  bool flag = false;
};

const std::vector<std::string> kMalformed = {"", "abc", "1.5", "-0", " 1", "1e2", "0x10", "nan", "inf", "１"};

/// Integer option in [lo, hi]: lo-1, lo, lo+1, hi-1, hi, hi+1 and malformed text; with
/// `costly`, hi-1 and hi are costly.
Option integer(const std::string& name, long long lo, unsigned long long hi, bool costly) {
  Option o{name, {}, {}};
  o.values = {std::to_string(lo - 1), std::to_string(lo), std::to_string(lo + 1),
              std::to_string(hi - 1), std::to_string(hi), std::to_string(hi + 1)};
  if (costly) o.costly = {std::to_string(hi - 1), std::to_string(hi)};
  o.values.insert(o.values.end(), kMalformed.begin(), kMalformed.end());
  return o;
}

Option choice(const std::string& name, std::vector<std::string> values) {
  return {name, std::move(values), {}};
}

Option flag(const std::string& name) {
  Option o{name, {}, {}};
  o.flag = true;
  return o;
}

std::string number(double x) {
  std::ostringstream s;
  s.precision(17);
  s << x;
  return s.str();
}

/// A dock submodel's parameter in [lower, upper]: the bounds, just past them, the middle and
/// (for whole numbers) a fraction; the upper side is costly (sizes and durations).
Option dock_param(const mv::dock::DockParam& p) {
  Option o{p.name, {}, {}};
  const double step = p.integer ? 1.0 : (p.upper - p.lower) * 1e-6;
  o.values = {number(p.lower - step),
              number(p.lower),
              number(p.upper),
              number(p.upper + step),
              number((p.lower + p.upper) / 2),
              "abc",
              ""};
  if (p.integer) o.values.push_back(number(p.lower + 0.5));
  if (p.integer) o.values.push_back(number(p.lower + 1));
  o.costly = {number(p.upper), number((p.lower + p.upper) / 2)};
  return o;
}

std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    out.insert(fs::relative(e.path(), dir).string() + (e.is_directory() ? "/" : ""));
  return out;
}

}  // namespace

TEST(Contracts, RandomCommandLinesFromTheGrammarExitZeroOrTwoAndLeaveNothingBehind) {
  TempDir io, work;
  const fs::path cwd = work.path();
  work.write("s.toml", "name = \"s\"\n[run]\nruns = 3\ncitizens = 1000\nhorizon = \"2022-03\"\n");
  work.write("w.toml",
             "name = \"w\"\nscenario = \"s.toml\"\ndesign = \"grid\"\nreplicates = 2\nseed = 3\n"
             "[factors]\nrussia_attention = { levels = [0.2, 0.8] }\n");
  work.write("blockf", "kept\n");  // an --out FILE that exists
  fs::create_directory(cwd / "blocked");
  work.write("blocked/x", "kept\n");  // an --out DIR that exists and holds something else
  const std::set<std::string> pristine = listing(cwd);
  std::map<std::string, std::string> contents;
  for (const auto& name : pristine)
    if (name.back() != '/') contents[name] = read_file(cwd / name);

  const Option seed = integer("--seed", 0, static_cast<unsigned long long>(LLONG_MAX), false);
  const Option threads = integer("--threads", 1, 1024, true);
  const Option shard = choice("--shard", {"0/1", "0/2", "1/2", "2/2", "-1/2", "0/0", "1/0", "0/100000",
                                          "99999/100000", "0/100001", "1/", "/2", "a/b", "0/2/3", ""});
  const Option dir_out = choice("--out", {"o", "o/p", "blocked", "blockf", ".", "o/..", "o/.", ""});
  const Option file_out = choice("--out", {"o.txt", "blockf", "blocked", ".", "o/..", "-", ""});
  const Option lens = choice("--lens", {"nope", "", "s.toml"});
  std::map<std::string, std::vector<Option>> grammar = {
      {"run",
       {lens, integer("--runs", 1, 100'000'000, true), seed, integer("--citizens", 1000, 1'000'000, true),
        threads, dir_out, shard, flag("--force"), flag("--quiet")}},
      {"sweep", {dir_out, threads, shard, flag("--resume"), flag("--force"), flag("--quiet")}},
      {"facts",
       {lens, integer("--runs", 10, 1'000'000, true), integer("--citizens", 1000, 1'000'000, true), seed,
        threads, choice("--observed", {"nope", "", "blocked"}),
        integer("--level-citizens", 1000, 1'000'000, true), file_out, flag("--force")}},
      {"explain",
       {lens, integer("--run", 0, 100'000'000 - 1, false), seed, integer("--citizens", 1000, 1'000'000, true),
        choice("--format", {"text", "csv", "html", "markdown", "", "CSV"}), file_out, flag("--force")}},
      {"params", {choice("--format", {"text", "csv", "markdown", "json", ""})}},
  };
  const std::map<std::string, std::vector<std::string>> positional = {
      {"run", {"s.toml", "s.toml", "s.toml", "missing.toml", "", "blocked", "w.toml"}},
      {"sweep", {"w.toml", "w.toml", "w.toml", "missing.toml", "", "s.toml"}},
      {"facts", {"s.toml", "missing.toml"}},
      {"explain", {"s.toml", "s.toml", "missing.toml", "w.toml"}},
      {"params", {}},
  };
  std::vector<std::string> commands = {"run", "sweep", "facts", "dock", "explain", "params"};

  std::mt19937_64 rng(18);
  auto pick = [&](size_t n) {
    return static_cast<size_t>(std::uniform_int_distribution<size_t>(0, n - 1)(rng));
  };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  int refused = 0, succeeded = 0;
  for (int i = 0; i < 300; ++i) {
    const std::string command = commands[pick(commands.size())];
    std::vector<std::string> args = {command};
    std::vector<Option> options;
    bool file_output = command != "run" && command != "sweep";
    if (command == "dock") {
      const auto& models = mv::dock::submodels();
      const size_t m = pick(models.size() + 1);
      args.push_back(m < models.size() ? models[m].name : "nope");
      if (m < models.size())
        for (const auto& p : models[m].params) options.push_back(dock_param(p));
      options.push_back(integer("--runs", 1, 1'000'000, true));
      options.push_back(seed);
      options.push_back(file_out);
      options.push_back(flag("--force"));
    } else {
      options = grammar.at(command);
      const auto& pos = positional.at(command);
      if (!pos.empty()) args.push_back(pos[pick(pos.size())]);
    }
    bool costly = false;
    std::string out;
    for (const auto& o : options) {
      // dock always gets --runs (its default, 100 replicates, is slow for a property test)
      const bool take = (command == "dock" && o.name == "--runs") || chance(0.35);
      if (!take) continue;
      if (o.flag) {
        args.push_back(o.name);
        continue;
      }
      const std::string v = o.values[pick(o.values.size())];
      if (o.name == "--out") out = v;
      costly = costly || o.costly.count(v) > 0;
      if (chance(0.5))
        args.insert(args.end(), {o.name, v});
      else
        args.push_back(o.name + "=" + v);
    }
    if (chance(0.05)) args.push_back("--nope");
    if (costly) {
      // Much work asked for: the existing --out must stop it before any is done.
      std::vector<std::string> kept;
      for (size_t k = 0; k < args.size(); ++k) {
        if (args[k] == "--force") continue;
        if (args[k] == "--out" && k + 1 < args.size()) {
          ++k;
          continue;
        }
        if (args[k].rfind("--out=", 0) == 0) continue;
        kept.push_back(args[k]);
      }
      args = kept;
      args.insert(args.end(), {"--out", file_output ? "blockf" : "blocked"});
      out = file_output ? "blockf" : "blocked";
    }
    std::string line = "multivector";
    for (const auto& a : args) line += " " + quote(a);
    SCOPED_TRACE(line);
    const Outcome r = run_in(cwd, args, io.path() / "err");
    EXPECT_TRUE(r.code == 0 || r.code == 2) << "exit " << r.code << "\n" << r.err;
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
    if (costly) {
      EXPECT_EQ(r.code, 2) << "a costly command line was not stopped by its existing --out\n" << r.err;
    }
    (r.code == 0 ? succeeded : refused)++;
    // Nothing left behind: on exit 2 the directory is as it was; on exit 0 only the output
    // asked for (--out, or results/ by default) is new.
    const std::string top = out.empty() ? "results" : fs::path(out).lexically_normal().begin()->string();
    for (const auto& name : listing(cwd)) {
      if (pristine.count(name)) continue;
      const std::string first = fs::path(name).begin()->string();
      const bool asked = r.code == 0 && (first == top || first == "results");
      EXPECT_TRUE(asked) << "left behind: " << name << " (exit " << r.code << ")\n" << r.err;
    }
    for (const auto& [name, text] : contents) {
      EXPECT_TRUE(fs::is_regular_file(cwd / name)) << name << " is gone";
      if (fs::is_regular_file(cwd / name) && name != "blockf") {
        EXPECT_EQ(read_file(cwd / name), text) << name << " was changed";
      }
    }
    if (::testing::Test::HasFailure()) break;  // one command line at a time is enough to read
    // Back to the pristine directory for the next command line.
    for (const auto& e : fs::directory_iterator(cwd))
      if (!pristine.count(fs::relative(e.path(), cwd).string() + (e.is_directory() ? "/" : "")))
        fs::remove_all(e.path());
    for (const auto& [name, text] : contents) {
      if (!fs::is_regular_file(cwd / name)) {
        fs::remove_all(cwd / name);
        work.write(name, text);
      } else if (read_file(cwd / name) != text) {
        work.write(name, text);
      }
    }
  }
  // The grammar reaches both outcomes often.
  EXPECT_GT(succeeded, 20);
  EXPECT_GT(refused, 20);
}
