// Sweeps: the sweep file (strict, with positions and suggestions), the engine (point order,
// thread independence, common random numbers, factors really applied), and the command line
// end to end: points.csv, sensitivity.csv, shards and their merge, interruption and --resume.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <thread>

#include "discovery/discovery.h"
#include "engine/sweep_runner.h"
#include "io/sweep_writers.h"
#include "io/writers.h"
#include "sweep/sweep.h"
#include "test_util.h"

namespace fs = std::filesystem;
using namespace mv;
using mvtest::read_file;
using mvtest::run_cli;
using mvtest::TempDir;

namespace {

std::string baseline() {
  return (mvtest::source_dir() / "scenarios/baseline.toml").string();
}

/// A small sweep file over the baseline; `body` adds design settings and [factors].
fs::path sweep_file(const TempDir& dir, const std::string& body, const std::string& name = "sw.toml") {
  return dir.write(name,
                   "scenario = \"" + baseline() + "\"\ncitizens = 1000\nhorizon = \"2024-12\"\n" + body);
}

std::string load_error(const TempDir& dir, const std::string& body) {
  try {
    load_sweep(sweep_file(dir, body));
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

size_t lines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

const char* kSobol =
    "design = \"sobol\"\nsamples = 8\nreplicates = 3\nseed = 5\n"
    "[factors]\nhedging_premium = { min = 0.1, max = 0.5 }\nrussia_attention = { min = 0.2, max = 0.6 }\n";

}  // namespace

TEST(SweepFile, ShippedSweepsLoadAndKeepTheirFactorOrder) {
  int count = 0;
  for (const auto& e : fs::directory_iterator(mvtest::source_dir() / "scenarios/sweeps")) {
    EXPECT_NO_THROW(load_sweep(e.path())) << e.path();
    ++count;
  }
  EXPECT_GE(count, 4);
  const Sweep sw = load_sweep(mvtest::source_dir() / "scenarios/sweeps/attention_grid.toml");
  ASSERT_EQ(sw.factors.size(), 2u);
  EXPECT_EQ(spec(sw.factors[0].param).name, "russia_attention");  // file order, not alphabetical
  EXPECT_EQ(sw.points(), 8 * 3);
}

TEST(SweepFile, ErrorsNameTheLineAndWhatWasExpected) {
  TempDir dir;
  EXPECT_NE(
      load_error(dir,
                 "design = \"sobol\"\nsamples = 100\n[factors]\nhedging_premium = { min = 0.1, max = 0.5 }\n")
          .find("sw.toml:5:11: error: samples = 100 is not a power of two, which the Saltelli scheme for "
                "Sobol' indices needs; expected a power of two: the nearest are 64 and 128"),
      std::string::npos);
  EXPECT_NE(
      load_error(dir,
                 "design = \"lhs\"\nsamples = 10\n[factors]\nhedging_premum = { min = 0.1, max = 0.5 }\n")
          .find("sw.toml:7:1: error: unknown parameter 'hedging_premum' in [factors]; expected a parameter "
                "listed by 'multivector params' (did you mean 'hedging_premium'?)"),
      std::string::npos);
  EXPECT_NE(
      load_error(dir,
                 "design = \"lhs\"\nsamples = 10\n[factors]\nrussia_attention = { min = 0.2, max = 1.5 }\n")
          .find("sw.toml:7:39: error: factor 'russia_attention' max = 1.5 is outside the parameter's bounds "
                "[0, 1] (share); expected a value in [0, 1]"),
      std::string::npos);
  EXPECT_NE(
      load_error(dir,
                 "design = \"sobl\"\nsamples = 8\n[factors]\nhedging_premium = { min = 0.1, max = 0.5 }\n")
          .find("unknown design 'sobl'; expected one of grid, lhs, sobol, morris (did you mean 'sobol'?)"),
      std::string::npos);
  EXPECT_NE(load_error(dir,
                       "design = \"morris\"\nsamples = 4\nlevels = 5\n[factors]\nhedging_premium = { min = "
                       "0.1, max = 0.5 }\n")
                .find("levels = 5 is odd"),
            std::string::npos);
  EXPECT_NE(load_error(dir, "design = \"grid\"\n[factors]\nhedging_premium = { min = 0.1, max = 0.5 }\n")
                .find("grid factor 'hedging_premium' needs levels = [...] or min, max and steps"),
            std::string::npos);
  EXPECT_NE(load_error(dir,
                       "design = \"lhs\"\nsamples = 10\nreplicate = 3\n[factors]\nhedging_premium = { min = "
                       "0.1, max = 0.5 }\n")
                .find("unknown key in a sweep file 'replicate'; expected one of"),
            std::string::npos);
  EXPECT_NE(load_error(dir, "design = \"lhs\"\nsamples = 10\n[factors]\n").find("[factors] is empty"),
            std::string::npos);
  EXPECT_NE(
      load_error(dir,
                 "design = \"lhs\"\nsamples = 10\n[factors]\nhedging_premium = { min = 0.5, max = 0.5 }\n")
          .find("has min 0.5 >= max 0.5"),
      std::string::npos);
  // Every parameter may be a factor of a Sobol' design (two table dimensions each; the table
  // has 3667): more than the 64 the earlier transcribed table allowed.
  std::string every = "design = \"sobol\"\nsamples = 8\n[factors]\n";
  int factors = 0;
  for (const auto& p : kParameters)
    if (p.lower < p.upper) {
      every += std::string(p.name) + " = { min = " + format_double(p.lower) + ", max = " + format_double(p.upper) +
               " }\n";
      ++factors;
    }
  EXPECT_GT(factors, 64);
  EXPECT_EQ(load_error(dir, every), "(no error)");
  // A grid too large to run is refused before anything runs.
  EXPECT_NE(
      load_error(dir,
                 "design = \"grid\"\n[factors]\nhedging_premium = { min = 0.1, max = 0.5, steps = 1000 }\n"
                 "russia_attention = { min = 0.1, max = 0.5, steps = 1000 }\n"
                 "security_weight = { min = 0.1, max = 0.5, steps = 1000 }\n")
          .find("more than 100000000"),
      std::string::npos);
}

TEST(SweepFile, ResolvedSweepLoadsBackToTheSameSweep) {
  TempDir dir;
  const Sweep sw = load_sweep(sweep_file(
      dir, std::string("description = \"\"\"two\nlines, a \\\"quote\\\" and a tab\t\"\"\"\n") + kSobol));
  EXPECT_EQ(sw.description, "two\nlines, a \"quote\" and a tab\t");
  dir.write("out/scenario.resolved.toml", sw.base.resolved_toml());
  const Sweep again = load_sweep(dir.write("out/sweep.resolved.toml", sw.resolved_toml()));
  EXPECT_EQ(again.resolved_toml(), sw.resolved_toml());
  EXPECT_EQ(again.base.resolved_toml(), sw.base.resolved_toml());
}

namespace {
std::string run_points(const Sweep& sw, int threads, int64_t first = 0, int64_t end = -1) {
  const SweepDesign d = build_design(sw);
  const design::Matrix v = factor_values(sw, d);
  std::vector<Param> f;
  for (const auto& x : sw.factors) f.push_back(x.param);
  const SweepPlan plan = make_sweep_plan(sw.base, f, v, sw.replicates, sw.seed, sw.common_random_numbers);
  SweepRunOptions o;
  o.first_point = first;
  o.end_point = end < 0 ? sw.points() : end;
  o.threads = threads;
  std::string out;
  int64_t expect = first;
  run_sweep_points(plan, o, [&](const PointResult& p) {
    EXPECT_EQ(p.point, expect++);  // strictly in point order
    out += points_csv_row(plan, p);
  });
  EXPECT_EQ(expect, o.end_point);
  return out;
}
}  // namespace

TEST(SweepEngine, DeliversPointsInOrderWithTheSameBytesForAnyThreadCount) {
  TempDir dir;
  const Sweep sw = load_sweep(sweep_file(dir, kSobol));
  const std::string one = run_points(sw, 1);
  EXPECT_EQ(lines(one), static_cast<size_t>(sw.points()));
  EXPECT_EQ(run_points(sw, 3), one);
  // Slices (shards) are the same rows as the whole.
  EXPECT_EQ(run_points(sw, 2, 0, 13) + run_points(sw, 2, 13, sw.points()), one);
}

TEST(SweepEngine, CommonRandomNumbersShareReplicateSeedsAcrossPoints) {
  SweepPlan plan;
  plan.seed = 9;
  plan.replicates = 4;
  plan.common_random_numbers = true;
  EXPECT_EQ(plan.replicate_seed_of(0, 2), plan.replicate_seed_of(7, 2));
  EXPECT_NE(plan.replicate_seed_of(0, 2), plan.replicate_seed_of(0, 3));
  plan.common_random_numbers = false;
  EXPECT_NE(plan.replicate_seed_of(0, 2), plan.replicate_seed_of(7, 2));
  // Point 1 replicate 0 is sweep replicate 4, never a collision with point 0 replicate 1.
  EXPECT_EQ(plan.replicate_seed_of(1, 0), replicate_seed(9, 4));
  EXPECT_NE(plan.replicate_seed_of(1, 0), plan.replicate_seed_of(0, 1));
}

TEST(SweepEngine, FactorValuesReachTheModel) {
  // Stylized fact 9 as a response: with common random numbers, a higher hedging premium
  // gives a more balanced alignment at every level of the grid.
  TempDir dir;
  const Sweep sw = load_sweep(sweep_file(
      dir,
      "design = \"grid\"\nreplicates = 8\n[factors]\nhedging_premium = { levels = [0.05, 0.5, 1.5] }\n"));
  const auto rows = mvtest::parse_csv(run_points(sw, 2));
  ASSERT_EQ(rows.size(), 3u);
  const size_t col = 3 + static_cast<size_t>(Outcome::balance_index) * 6 + 1;  // balance_index_mean
  EXPECT_EQ(rows[0][1], "0.05");
  EXPECT_LT(std::stod(rows[0][col]), std::stod(rows[1][col]));
  EXPECT_LT(std::stod(rows[1][col]), std::stod(rows[2][col]));
}

TEST(SweepCli, WritesPointsSensitivityAndManifestIndependentOfThreads) {
  TempDir dir;
  const fs::path f = sweep_file(dir, kSobol);
  auto a = run_cli({"sweep", f.string(), "--out", (dir.path() / "a").string(), "--threads", "1", "--quiet"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  auto b = run_cli({"sweep", f.string(), "--out", (dir.path() / "b").string(), "--threads", "3", "--quiet"});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  for (const char* file : {"points.csv", "points_long.csv", "sensitivity.csv", "sweep.resolved.toml",
                           "scenario.resolved.toml", "outcomes.csv"})
    EXPECT_EQ(read_file(dir.path() / "a" / file), read_file(dir.path() / "b" / file)) << file;
  EXPECT_EQ(read_file(dir.path() / "a/outcomes.csv"), outcomes_csv());
  // points_long.csv: the numbers of points.csv, one per point, outcome and statistic.
  {
    const auto wide = mvtest::parse_csv(read_file(dir.path() / "a/points.csv"));
    const auto tall = mvtest::parse_csv(read_file(dir.path() / "a/points_long.csv"));
    EXPECT_EQ(tall[0], (std::vector<std::string>{"point", "hedging_premium", "russia_attention", "outcome",
                                                 "statistic", "value"}));
    ASSERT_EQ(tall.size(), 1 + (wide.size() - 1) * kNumOutcomes * std::size(kPointStats));
    for (size_t i = 1; i < tall.size(); ++i) {
      const size_t point = (i - 1) / (kNumOutcomes * std::size(kPointStats));
      const auto& w = wide[1 + point];
      ASSERT_EQ(tall[i][0], w[0]);
      EXPECT_EQ(tall[i][1], w[1]);
      EXPECT_EQ(tall[i][2], w[2]);
      const auto col = std::find(wide[0].begin(), wide[0].end(), tall[i][3] + "_" + tall[i][4]) - wide[0].begin();
      ASSERT_LT(static_cast<size_t>(col), wide[0].size()) << tall[i][3] << " " << tall[i][4];
      EXPECT_EQ(tall[i][5], w[static_cast<size_t>(col)]);
    }
  }
  const auto points = mvtest::parse_csv(read_file(dir.path() / "a/points.csv"));
  ASSERT_EQ(points.size(), 1u + 8 * 4);  // header + N (k + 2)
  EXPECT_EQ(points[0][0], "point");
  EXPECT_EQ(points[0][1], "hedging_premium");
  EXPECT_EQ(points[0][4], "align_russia_n");
  const auto sens = mvtest::parse_csv(read_file(dir.path() / "a/sensitivity.csv"));
  EXPECT_EQ(sens[0], (std::vector<std::string>{"outcome", "factor", "method", "statistic", "estimate", "ci95_low",
                                               "ci95_high", "n_used", "n_dropped"}));
  EXPECT_EQ(sens.size(), 1u + kNumOutcomes * 2 * 2);  // outcomes x factors x {S1, ST}
  const std::string manifest = read_file(dir.path() / "a/manifest.json");
  EXPECT_NE(manifest.find("\"design\": \"sobol\""), std::string::npos);
  EXPECT_NE(manifest.find("\"points\": 32"), std::string::npos);
  // The resolved sweep in the output directory runs again to the same points.
  auto c = run_cli({"sweep", (dir.path() / "a/sweep.resolved.toml").string(), "--out",
                    (dir.path() / "c").string(), "--quiet"});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(read_file(dir.path() / "c/points.csv"), read_file(dir.path() / "a/points.csv"));
  // Existing results are refused without --force.
  auto again = run_cli({"sweep", f.string(), "--out", (dir.path() / "a").string(), "--quiet"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already exists"), std::string::npos);
}

TEST(SweepCli, SweepsThatWouldExhaustMemoryAreRefusedBeforeAnythingRuns) {
  // 10^8 Latin-hypercube points of 30 factors: the design alone would need ~45 GiB.
  TempDir dir;
  std::string body = "design = \"lhs\"\nsamples = 100000000\nreplicates = 1\n[factors]\n";
  for (int i = 0; i < 30; ++i)
    body += std::string(kParameters[i].name) + " = { min = " + format_double(kParameters[i].lower) +
            ", max = " + format_double(kParameters[i].upper) + " }\n";
  auto r = run_cli({"sweep", sweep_file(dir, body).string(), "--out", (dir.path() / "a").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("would need about"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "a"));
  EXPECT_FALSE(fs::exists(dir.path() / ".a.partial"));
}

TEST(SweepCli, SensitivityCommandRecomputesTheSameIndices) {
  TempDir dir;
  const fs::path f = sweep_file(dir, kSobol);
  ASSERT_EQ(run_cli({"sweep", f.string(), "--out", (dir.path() / "a").string(), "--quiet"}).exit_code, 0);
  auto r = run_cli({"sensitivity", (dir.path() / "a").string(), "--out", (dir.path() / "s.csv").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(dir.path() / "s.csv"), read_file(dir.path() / "a/sensitivity.csv"));
  // --rank orders the factors by their total-order index, largest first.
  auto rank = run_cli({"sensitivity", (dir.path() / "a").string(), "--rank", "balance_index"});
  ASSERT_EQ(rank.exit_code, 0) << rank.err;
  const auto rows = mvtest::parse_csv(read_file(dir.path() / "a/sensitivity.csv"));
  double st_hedging = 0, st_attention = 0;
  for (const auto& r : rows)
    if (r[0] == "balance_index" && r[3] == "ST")
      (r[1] == "hedging_premium" ? st_hedging : st_attention) = std::stod(r[4]);
  const size_t h = rank.out.find("hedging_premium"), a = rank.out.find("russia_attention");
  ASSERT_NE(h, std::string::npos);
  ASSERT_NE(a, std::string::npos);
  EXPECT_EQ(h<a, st_hedging> st_attention) << rank.out;
  auto bad_rank = run_cli({"sensitivity", (dir.path() / "a").string(), "--rank", "balance_idx"});
  EXPECT_EQ(bad_rank.exit_code, 2);
  EXPECT_NE(bad_rank.err.find("did you mean 'balance_index'"), std::string::npos) << bad_rank.err;
  auto typo = run_cli({"sensitivity", (dir.path() / "a").string(), "--nan-policy", "dorp"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("did you mean 'drop'"), std::string::npos) << typo.err;
}

TEST(SweepCli, UndefinedOutcomesAreDroppedAndCountedOrRefusedByPolicy) {
  TempDir dir;
  const fs::path f = sweep_file(dir, kSobol);
  ASSERT_EQ(run_cli({"sweep", f.string(), "--out", (dir.path() / "a").string(), "--quiet"}).exit_code, 0);
  // Make align_russia undefined at design point 5 (base row 1 of the Saltelli layout: k + 2 = 4 rows each).
  auto rows = mvtest::parse_csv(read_file(dir.path() / "a/points.csv"));
  const size_t col = std::find(rows[0].begin(), rows[0].end(), "align_russia_mean") - rows[0].begin();
  rows[6][col] = "NaN";
  std::string text;
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size(); ++i) text += (i ? "," : "") + r[i];
    text += "\r\n";
  }
  dir.write("a/points.csv", text);
  auto drop =
      run_cli({"sensitivity", (dir.path() / "a").string(), "--out", (dir.path() / "drop.csv").string()});
  ASSERT_EQ(drop.exit_code, 0) << drop.err;
  EXPECT_NE(drop.err.find("outcome 'align_russia': 1 Saltelli base rows left out"), std::string::npos)
      << drop.err;
  for (const auto& r : mvtest::parse_csv(read_file(dir.path() / "drop.csv"))) {
    if (r[0] == "align_russia") {
      EXPECT_EQ(r[7], "7");  // n_used of 8 base rows
      EXPECT_EQ(r[8], "1");
      EXPECT_NE(r[4], "NaN");
    } else if (r[0] != "outcome") {
      EXPECT_EQ(r[8], "0");
    }
  }
  auto strict = run_cli({"sensitivity", (dir.path() / "a").string(), "--nan-policy", "error", "--out",
                         (dir.path() / "strict.csv").string()});
  EXPECT_EQ(strict.exit_code, 2);
  EXPECT_NE(strict.err.find("outcome 'align_russia' is undefined (NaN) at design point 5"), std::string::npos)
      << strict.err;
  EXPECT_FALSE(fs::exists(dir.path() / "strict.csv"));
}

TEST(SweepCli, ShardsMergeIntoExactlyWhatOneRunWrites) {
  TempDir dir;
  const fs::path f =
      sweep_file(dir, std::string(kSobol).replace(std::string(kSobol).find("seed = 5"), 8,
                                                  "seed = 5\nwrite_replicates = true\nwrite_replicate_series = true"));
  ASSERT_EQ(run_cli({"sweep", f.string(), "--out", (dir.path() / "whole").string(), "--quiet"}).exit_code, 0);
  std::vector<std::string> merge = {"merge"};
  for (int i : {2, 0, 1}) {  // any order
    const std::string out = (dir.path() / ("s" + std::to_string(i))).string();
    auto r = run_cli({"sweep", f.string(), "--shard", std::to_string(i) + "/3", "--out", out, "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(fs::exists(fs::path(out) / "sensitivity.csv"));  // computed once, by the merge
    merge.push_back(out);
  }
  std::vector<std::string> partial(merge.begin(), merge.end() - 1);
  partial.insert(partial.end(), {"--out", (dir.path() / "bad").string()});
  auto missing = run_cli(partial);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("missing --shard 1/3"), std::string::npos) << missing.err;
  merge.insert(merge.end(), {"--out", (dir.path() / "merged").string()});
  auto m = run_cli(merge);
  ASSERT_EQ(m.exit_code, 0) << m.err;
  for (const char* file : {"points.csv", "points_long.csv", "replicates.csv", "replicate_series.csv",
                           "sensitivity.csv", "sweep.resolved.toml", "outcomes.csv"})
    EXPECT_EQ(read_file(dir.path() / "merged" / file), read_file(dir.path() / "whole" / file)) << file;
  // A shard is not a whole sweep.
  auto shard_sens = run_cli({"sensitivity", (dir.path() / "s1").string()});
  EXPECT_EQ(shard_sens.exit_code, 2);
  EXPECT_NE(shard_sens.err.find("holds one shard of a sweep"), std::string::npos) << shard_sens.err;
  // A shard that lost rows is caught, whatever the design.
  const std::string cut = read_file(dir.path() / "s1/points.csv");
  dir.write("s1/points.csv", cut.substr(0, cut.find('\n', cut.find('\n') + 1) + 1));
  merge.back() = (dir.path() / "merged2").string();
  auto short_shard = run_cli(merge);
  EXPECT_EQ(short_shard.exit_code, 2);
  EXPECT_NE(short_shard.err.find("s2/points.csv:2: error: not the row of design point 11"), std::string::npos)
      << short_shard.err;
  EXPECT_FALSE(fs::exists(dir.path() / "merged2"));
}

TEST(RunShards, MergeIntoExactlyWhatOneRunWrites) {
  TempDir dir;
  const std::vector<std::string> common = {baseline(), "--runs", "30", "--citizens", "1000", "--seed", "4",
                                           "--quiet",  "--replicate-series"};
  auto whole = common;
  whole.insert(whole.begin(), "run");
  whole.insert(whole.end(), {"--out", (dir.path() / "whole").string()});
  ASSERT_EQ(run_cli(whole).exit_code, 0);
  std::vector<std::string> merge = {"merge"};
  for (int i = 0; i < 4; ++i) {
    auto args = common;
    args.insert(args.begin(), "run");
    const std::string out = (dir.path() / ("s" + std::to_string(i))).string();
    args.insert(args.end(), {"--shard", std::to_string(i) + "/4", "--out", out});
    auto r = run_cli(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::exists(fs::path(out) / "series.f32"));
    EXPECT_FALSE(fs::exists(fs::path(out) / "summary.csv"));
    merge.push_back(out);
  }
  merge.insert(merge.end(), {"--out", (dir.path() / "merged").string()});
  auto m = run_cli(merge);
  ASSERT_EQ(m.exit_code, 0) << m.err;
  for (const char* file : {"runs.csv", "summary.csv", "timeseries.csv", "replicate_series.csv",
                           "scenario.resolved.toml", "outcomes.csv"})
    EXPECT_EQ(read_file(dir.path() / "merged" / file), read_file(dir.path() / "whole" / file)) << file;
  // The per-replicate series do not depend on the threads either, and hold every month.
  auto three = whole;
  three.back() = (dir.path() / "three").string();
  three.insert(three.end(), {"--threads", "3"});
  ASSERT_EQ(run_cli(three).exit_code, 0);
  EXPECT_EQ(read_file(dir.path() / "three/replicate_series.csv"), read_file(dir.path() / "whole/replicate_series.csv"));
  const auto series = mvtest::parse_csv(read_file(dir.path() / "whole/replicate_series.csv"));
  EXPECT_EQ(series[0], replicate_series_columns(false));
  ASSERT_EQ((series.size() - 1) % 30, 0u);
  const size_t steps = (series.size() - 1) / 30;  // the baseline's months
  EXPECT_EQ(series[1 + steps][0], "1");
  EXPECT_EQ(series[1 + steps][2], series[1][2]);
  EXPECT_EQ(series[steps][1], std::to_string(steps - 1));
  EXPECT_NE(read_file(dir.path() / "whole/manifest.json").find("\"replicate_series.csv\""), std::string::npos);
  // A shard of another batch is refused.
  auto other = common;
  other.insert(other.begin(), "run");
  other[7] = "5";  // --seed 5
  other.insert(other.end(), {"--shard", "0/4", "--out", (dir.path() / "other").string()});
  ASSERT_EQ(run_cli(other).exit_code, 0);
  auto bad = run_cli({"merge", (dir.path() / "other").string(), (dir.path() / "s1").string(),
                      (dir.path() / "s2").string(), (dir.path() / "s3").string(), "--out",
                      (dir.path() / "x").string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("belongs to a different run"), std::string::npos) << bad.err;
  auto shard_typo = run_cli({"run", baseline(), "--shard", "4/4"});
  EXPECT_EQ(shard_typo.exit_code, 2);
  EXPECT_NE(shard_typo.err.find("expected I/N with 0 <= I < N"), std::string::npos);
}

namespace {
/// A sweep of 40 design points (lhs) with per-replicate rows.
fs::path resumable_sweep(const TempDir& dir) {
  return dir.write("slow.toml",
                   "scenario = \"" + baseline() +
                       "\"\ncitizens = 1000\nhorizon = \"2024-12\"\ndesign = \"lhs\"\nsamples = 40\n"
                       "replicates = 4\nseed = 3\nwrite_replicates = true\nwrite_replicate_series = true\n"
                       "[factors]\n"
                       "hedging_premium = { min = 0.1, max = 0.5 }\n");
}
}  // namespace

TEST(SweepResume, AfterInterruptOrKillFinishesWithTheSameFilesWithoutRepeatingPoints) {
  // The test hook sends the signal once exactly 13 points are in the journal. A kill stops
  // there; after Ctrl-C the points already finished in order are still written (K >= 13).
  for (const char* sig : {"INT", "KILL"}) {
    TempDir dir;
    const fs::path f = resumable_sweep(dir);
    const std::string bin = MV_BINARY;
    ASSERT_EQ(shell(bin + " sweep " + f.string() + " --out " + (dir.path() / "whole").string() + " --quiet"),
              0);
    const fs::path out = dir.path() / "res", journal = dir.path() / ".res.partial";
    const int code =
        shell("MV_TEST_SIGNAL_AFTER_POINTS=" + std::string(sig) + ":13 " + bin + " sweep " + f.string() +
              " --threads 3 --out " + out.string() + " --quiet 2>" + (dir.path() / "err").string());
    EXPECT_EQ(code, std::string(sig) == "INT" ? 130 : 128 + 9) << sig;  // the shell reports a kill as 128 + 9
    ASSERT_FALSE(fs::exists(out)) << sig;                               // nothing looks complete
    ASSERT_TRUE(fs::exists(journal / "points.csv")) << sig;
    const size_t kept = lines(read_file(journal / "points.csv")) - 1;
    if (std::string(sig) == "INT") {
      EXPECT_GE(kept, 13u);
      EXPECT_NE(read_file(dir.path() / "err")
                    .find("interrupted after " + std::to_string(kept) + " of 40 design points"),
                std::string::npos)
          << read_file(dir.path() / "err");
    } else {
      EXPECT_EQ(kept, 13u);
    }
    // Without --resume the journal is protected.
    auto refuse = run_cli({"sweep", f.string(), "--out", out.string(), "--quiet"});
    EXPECT_EQ(refuse.exit_code, 2);
    EXPECT_NE(
        refuse.err.find("(" + std::to_string(kept) +
                        " design points done); expected --resume to continue it, or --force to discard it"),
        std::string::npos)
        << refuse.err;
    auto resumed = run_cli({"sweep", f.string(), "--out", out.string(), "--resume"});
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    EXPECT_NE(resumed.err.find("(" + std::to_string(kept) + " points resumed from the journal)"),
              std::string::npos)
        << resumed.err;
    EXPECT_NE(read_file(out / "manifest.json").find("\"resumed_points\": " + std::to_string(kept)),
              std::string::npos);
    for (const char* file : {"points.csv", "points_long.csv", "replicates.csv", "replicate_series.csv",
                             "sweep.resolved.toml", "outcomes.csv"})
      EXPECT_EQ(read_file(out / file), read_file(dir.path() / "whole" / file)) << sig << " " << file;
    EXPECT_FALSE(fs::exists(journal));
    EXPECT_FALSE(fs::exists(dir.path() / ".res.lock"));
    // A finished sweep has nothing to resume.
    auto again = run_cli({"sweep", f.string(), "--out", out.string(), "--resume"});
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("is already complete; nothing to resume"), std::string::npos) << again.err;
  }
}

TEST(SweepResume, ASecondProcessIsRefusedWhileASweepRuns) {
  TempDir dir;
  const fs::path f = dir.write("slow.toml", "scenario = \"" + baseline() +
                                                "\"\ncitizens = 10000\ndesign = \"lhs\"\nsamples = 4000\n"
                                                "replicates = 4\nseed = 3\n[factors]\n"
                                                "hedging_premium = { min = 0.1, max = 0.5 }\n");
  const fs::path out = dir.path() / "res";
  const std::string bin = MV_BINARY;
  // The first sweep runs in the background for up to 4 s; the second tries with --force.
  shell("(timeout --preserve-status -s INT 4 " + bin + " sweep " + f.string() + " --out " + out.string() +
        " --quiet 2>/dev/null &) ; sleep 1.0");
  auto second = run_cli({"sweep", f.string(), "--out", out.string(), "--force", "--quiet"});
  EXPECT_EQ(second.exit_code, 2);
  EXPECT_NE(second.err.find("another multivector process is running a sweep into"), std::string::npos)
      << second.err;
  for (int i = 0; i < 100 && fs::exists(dir.path() / ".res.lock"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(fs::exists(dir.path() / ".res.partial/journal.json"));  // the first one's journal survived
}

TEST(SweepResume, AFailedSetupLeavesNothingBehind) {
  TempDir dir;
  const fs::path f = resumable_sweep(dir);
  const fs::path out = dir.path() / "res";
  EXPECT_EQ(shell("MV_FAULT_INJECT=enospc " + std::string(MV_BINARY) + " sweep " + f.string() + " --out " +
                  out.string() + " --quiet 2>/dev/null"),
            2);
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(dir.path())) left.push_back(e.path().filename().string());
  EXPECT_EQ(left, std::vector<std::string>{"slow.toml"});
}

TEST(SweepResume, AHalfWrittenRowFromAKillIsCutAndRunAgain) {
  TempDir dir;
  const fs::path f = resumable_sweep(dir);
  ASSERT_EQ(run_cli({"sweep", f.string(), "--out", (dir.path() / "whole").string(), "--quiet"}).exit_code, 0);
  const fs::path out = dir.path() / "res", journal = dir.path() / ".res.partial";
  shell("MV_TEST_SIGNAL_AFTER_POINTS=KILL:5 " + std::string(MV_BINARY) + " sweep " + f.string() + " --out " +
        out.string() + " --quiet 2>/dev/null");
  // Simulate a kill in the middle of writing point 5: half a row in each journal file.
  const std::string whole_points = read_file(dir.path() / "whole/points.csv");
  const std::string row5 = mvtest::parse_csv(whole_points).at(6).at(0) + ",0.3,4,4,0.2";
  std::ofstream(journal / "points.csv", std::ios::app) << row5;
  std::ofstream(journal / "replicates.csv", std::ios::app) << "5,0,123\r\n5,1,4";
  auto resumed = run_cli({"sweep", f.string(), "--out", out.string(), "--resume", "--quiet"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(read_file(out / "points.csv"), whole_points);
  EXPECT_EQ(read_file(out / "replicates.csv"), read_file(dir.path() / "whole/replicates.csv"));
}

TEST(SweepResume, ARealCtrlCKeepsTheFinishedPointsForResume) {
  TempDir dir;
  const fs::path f = dir.write("slow.toml", "scenario = \"" + baseline() +
                                                "\"\ncitizens = 10000\ndesign = \"lhs\"\nsamples = 4000\n"
                                                "replicates = 4\nseed = 3\n[factors]\n"
                                                "hedging_premium = { min = 0.1, max = 0.5 }\n");
  const fs::path out = dir.path() / "res";
  const int code = shell("timeout --preserve-status -s INT 1.5 " + std::string(MV_BINARY) + " sweep " +
                         f.string() + " --out " + out.string() + " --quiet 2>/dev/null");
  EXPECT_EQ(code, 130);
  EXPECT_FALSE(fs::exists(out));
  const std::string journal = read_file(dir.path() / ".res.partial/points.csv");
  EXPECT_GE(lines(journal), 1u);  // at least the header; every line complete
  EXPECT_TRUE(journal.empty() || journal.back() == '\n');
}

TEST(SweepResume, RefusesAJournalOfAnotherSweepAndNothingToResume) {
  TempDir dir;
  const fs::path f = resumable_sweep(dir);
  const fs::path out = dir.path() / "res";
  auto nothing = run_cli({"sweep", f.string(), "--out", out.string(), "--resume"});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_NE(nothing.err.find("nothing to resume"), std::string::npos) << nothing.err;
  shell("MV_TEST_SIGNAL_AFTER_POINTS=INT:3 " + std::string(MV_BINARY) + " sweep " + f.string() + " --out " +
        out.string() + " --quiet 2>/dev/null");
  ASSERT_TRUE(fs::exists(dir.path() / ".res.partial"));
  const fs::path g =
      dir.write("slow.toml", read_file(f).replace(read_file(f).find("seed = 3"), 8, "seed = 4"));
  auto other = run_cli({"sweep", g.string(), "--out", out.string(), "--resume"});
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.err.find("was started from a different sweep file"), std::string::npos) << other.err;
  // --force discards the journal and starts over.
  auto fresh = run_cli({"sweep", g.string(), "--out", out.string(), "--force", "--quiet"});
  EXPECT_EQ(fresh.exit_code, 0) << fresh.err;
  EXPECT_FALSE(fs::exists(dir.path() / ".res.partial"));
}

TEST(SweepFile, ANameTakenFromTheFileNameIsChecked) {
  // Issue 18 #5: a sweep file "...toml" without a name was called "..".
  TempDir dir;
  const std::string body =
      "design = \"grid\"\nreplicates = 2\n[factors]\nhedging_premium = { levels = [0.2] }\n";
  try {
    load_sweep(sweep_file(dir, body, "...toml"));
    FAIL() << "a sweep named '..' loaded";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("the file name gives the name '..'"), std::string::npos) << e.what();
  }
  EXPECT_EQ(load_sweep(sweep_file(dir, "name = \"ok\"\n" + body, "...toml")).name, "ok");
}

TEST(SweepFile, ABaseScenarioWhoseStartPassesTheHorizonIsRefused) {
  // Issue 18 #2: the sweep ran and exited 0 with a complete-looking result.
  TempDir dir;
  const fs::path late =
      dir.write("late.toml", "extends = \"" + baseline() + "\"\n[run]\nstart = \"2031-01\"\n");
  const fs::path sw = dir.write("sw.toml", "scenario = \"" + late.string() +
                                               "\"\ncitizens = 1000\ndesign = \"grid\"\nreplicates = 2\n"
                                               "[factors]\nhedging_premium = { levels = [0.2] }\n");
  const auto r = run_cli({"sweep", sw.string(), "--out", (dir.path() / "out").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("late.toml:3:9: error: start 2031-01 is after the horizon 2030-12"), std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

TEST(SweepResume, ADamagedJournalIsRefusedAtItsLineBeforeAnythingRuns) {
  // Issue 18 #3: garbage or extra rows went into points.csv with exit 0; a journal without
  // sweep.resolved.toml gave an output missing a file its manifest lists; one without
  // points.csv gave "internal error".
  TempDir dir;
  const fs::path f = resumable_sweep(dir);
  const fs::path out = dir.path() / "res", journal = dir.path() / ".res.partial", kept = dir.path() / "kept";
  shell("MV_TEST_SIGNAL_AFTER_POINTS=KILL:5 " + std::string(MV_BINARY) + " sweep " + f.string() + " --out " +
        out.string() + " --quiet 2>/dev/null");
  ASSERT_EQ(lines(read_file(journal / "points.csv")), 6u);
  fs::copy(journal, kept, fs::copy_options::recursive);
  const auto row = [&](const std::string& file, size_t k) {  // line k (0: the header), with its CRLF
    const std::string text = read_file(kept / file);
    size_t at = 0;
    for (size_t i = 0; i < k; ++i) at = text.find('\n', at) + 1;
    return text.substr(at, text.find('\n', at) + 1 - at);
  };
  struct Damage {
    std::string what;
    std::function<void()> apply;
    std::string message;
  };
  const auto append = [&](const std::string& file, const std::string& text) {
    std::ofstream(journal / file, std::ios::app | std::ios::binary) << text;
  };
  const auto replace = [&](const std::string& file, const std::string& from, const std::string& to) {
    std::string text = read_file(journal / file);
    text.replace(text.find(from), from.size(), to);
    std::ofstream(journal / file, std::ios::binary | std::ios::trunc) << text;
  };
  const std::vector<Damage> damages = {
      {"garbage row", [&] { append("points.csv", "5,garbage\r\n"); },
       "points.csv:7: error: damaged sweep journal: not the row of design point 5"},
      {"repeated row", [&] { append("points.csv", row("points.csv", 5)); },
       "points.csv:7: error: damaged sweep journal: not the row of design point 5"},
      {"changed factor",
       [&] {
         replace("points.csv", row("points.csv", 2),
                 "1,0.25" + row("points.csv", 2).substr(row("points.csv", 2).find(',', 2)));
       },
       "points.csv:3: error: damaged sweep journal: design point 1 with other factor values"},
      {"lost replicate row", [&] { replace("replicates.csv", row("replicates.csv", 6), ""); },
       "replicates.csv:7: error: damaged sweep journal: not the row of replicate 1 of design point 1"},
      {"garbage replicate value", [&] { replace("replicates.csv", row("replicates.csv", 3), "0,2,x\r\n"); },
       "replicates.csv:4: error: damaged sweep journal: not the row of replicate 2 of design point 0"},
      {"replicates cut short",
       [&] { fs::resize_file(journal / "replicates.csv", row("replicates.csv", 0).size()); },
       "replicates.csv:2: error: damaged sweep journal: replicate rows of finished design points are missing "
       "(0 of 20)"},
      {"no sweep.resolved.toml", [&] { fs::remove(journal / "sweep.resolved.toml"); },
       "sweep.resolved.toml: error: damaged sweep journal: missing"},
      {"no points.csv", [&] { fs::remove(journal / "points.csv"); },
       "points.csv: error: damaged sweep journal: missing"},
  };
  for (const auto& d : damages) {
    fs::remove_all(journal);
    fs::copy(kept, journal, fs::copy_options::recursive);
    d.apply();
    const auto r = run_cli({"sweep", f.string(), "--out", out.string(), "--resume", "--quiet"});
    EXPECT_EQ(r.exit_code, 2) << d.what << ": " << r.err;
    EXPECT_NE(r.err.find(d.message), std::string::npos) << d.what << ": " << r.err;
    EXPECT_FALSE(fs::exists(out)) << d.what;
    fs::remove_all(out);  // each case on its own
  }
  // Undamaged, it resumes.
  fs::remove_all(journal);
  fs::copy(kept, journal, fs::copy_options::recursive);
  const auto r = run_cli({"sweep", f.string(), "--out", out.string(), "--resume", "--quiet"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

namespace {
/// Replaces the first `from` in `file` by `to`.
void damage(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = read_file(file);
  const size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << file << ": " << from;
  text.replace(at, from.size(), to);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}
/// Line k (0: the header) of a file, with its line end.
std::string line_of(const fs::path& file, size_t k) {
  const std::string text = read_file(file);
  size_t at = 0;
  for (size_t i = 0; i < k; ++i) at = text.find('\n', at) + 1;
  return text.substr(at, text.find('\n', at) + 1 - at);
}
}  // namespace

TEST(MergeShards, DamagedSweepShardsAreRefusedAtTheirLine) {
  // Issue 18 #4: lost, repeated or garbage replicates.csv rows and a garbage points.csv row of a
  // grid or LHS sweep (no sensitivity step to trip over it) were merged with exit 0.
  TempDir dir;
  const fs::path f = sweep_file(dir,
                                "design = \"grid\"\nreplicates = 3\nwrite_replicates = true\n[factors]\n"
                                "hedging_premium = { levels = [0.2, 0.3, 0.4, 0.5] }\n");
  for (int i : {0, 1})
    ASSERT_EQ(run_cli({"sweep", f.string(), "--shard", std::to_string(i) + "/2", "--out",
                       (dir.path() / ("k" + std::to_string(i))).string(), "--quiet"})
                  .exit_code,
              0);
  struct Case {
    std::string what, file;
    std::function<void(const fs::path&)> apply;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"garbage points row", "points.csv",
       [](const fs::path& p) { damage(p, line_of(p, 1), line_of(p, 1).substr(0, 6) + "x\r\n"); },
       "s1/points.csv:2: error: not the row of design point 2"},
      {"lost replicate row", "replicates.csv", [](const fs::path& p) { damage(p, line_of(p, 2), ""); },
       "s1/replicates.csv:3: error: not the row of replicate 1 of design point 2"},
      {"repeated replicate row", "replicates.csv",
       [](const fs::path& p) { damage(p, line_of(p, 2), line_of(p, 2) + line_of(p, 2)); },
       "s1/replicates.csv:4: error: not the row of replicate 2 of design point 2"},
      {"garbage replicate value", "replicates.csv",
       [](const fs::path& p) { damage(p, line_of(p, 6), line_of(p, 6).substr(0, 10) + "\r\n"); },
       "s1/replicates.csv:7: error: not the row of replicate 2 of design point 3"},
      {"extra replicate row", "replicates.csv",
       [](const fs::path& p) { std::ofstream(p, std::ios::app | std::ios::binary) << line_of(p, 6); },
       "s1/replicates.csv:8: error: a row past the last design point"},
  };
  for (const auto& c : cases) {
    for (int i : {0, 1}) {
      fs::remove_all(dir.path() / ("s" + std::to_string(i)));
      fs::copy(dir.path() / ("k" + std::to_string(i)), dir.path() / ("s" + std::to_string(i)));
    }
    c.apply(dir.path() / "s1" / c.file);
    const auto r = run_cli({"merge", (dir.path() / "s0").string(), (dir.path() / "s1").string(), "--out",
                            (dir.path() / "m").string()});
    EXPECT_EQ(r.exit_code, 2) << c.what << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.what << ": " << r.err;
    EXPECT_FALSE(fs::exists(dir.path() / "m")) << c.what;
    fs::remove_all(dir.path() / "m");
  }
}

TEST(MergeShards, DamagedRunShardsHugeCountsAndOtherProgramsAreRefused) {
  // Issue 18 #4, #10, #12: a series.f32 one replicate short made a wrong timeseries.csv; a
  // shard.count of 2,000,000,000 ran for minutes and gigabytes; shards of different program
  // versions or commits were merged without a word.
  TempDir dir;
  for (int i : {0, 1})
    ASSERT_EQ(run_cli({"run", baseline(), "--runs", "6", "--citizens", "1000", "--quiet", "--shard",
                       std::to_string(i) + "/2", "--out", (dir.path() / ("k" + std::to_string(i))).string()})
                  .exit_code,
              0);
  const auto fresh = [&] {
    for (int i : {0, 1}) {
      fs::remove_all(dir.path() / ("s" + std::to_string(i)));
      fs::copy(dir.path() / ("k" + std::to_string(i)), dir.path() / ("s" + std::to_string(i)));
    }
    fs::remove_all(dir.path() / "m");
  };
  const std::vector<std::string> merge = {"merge", (dir.path() / "s0").string(), (dir.path() / "s1").string(),
                                          "--out", (dir.path() / "m").string()};
  // series.f32 one replicate short, consistently (header and size).
  fresh();
  {
    const fs::path p = dir.path() / "s1/series.f32";
    std::string s = read_file(p);
    int64_t runs = 0;
    std::memcpy(&runs, s.data() + 8, 8);
    const size_t per_run = (s.size() - 40) / static_cast<size_t>(runs);
    --runs;
    std::memcpy(s.data() + 8, &runs, 8);
    s.resize(s.size() - per_run);
    std::ofstream(p, std::ios::binary | std::ios::trunc) << s;
  }
  auto r = run_cli(merge);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(
      r.err.find("s1/series.f32: error: holds the series of runs 3 to 4, runs.csv beside it runs 3 to 5"),
      std::string::npos)
      << r.err;
  // A seed with junk after it.
  fresh();
  damage(dir.path() / "s0/runs.csv", line_of(dir.path() / "s0/runs.csv", 2).substr(0, 4),
         line_of(dir.path() / "s0/runs.csv", 2).substr(0, 4) + "x");
  r = run_cli(merge);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  // A huge shard count is refused at once.
  fresh();
  for (const char* shard : {"s0/manifest.json", "s1/manifest.json"})
    damage(dir.path() / shard, "\"count\": 2", "\"count\": 2000000000");
  const auto t0 = std::chrono::steady_clock::now();
  r = run_cli(merge);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("says shard 0 of 2000000000"), std::string::npos) << r.err;
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5.0);
  // Another program's shard: refused, or merged and recorded with --allow-version-mismatch.
  fresh();
  damage(dir.path() / "s1/manifest.json", "\"git_commit\": \"", "\"git_commit\": \"0ther");
  r = run_cli(merge);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("was written by multivector"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--allow-version-mismatch"), std::string::npos) << r.err;
  auto allowed = merge;
  allowed.push_back("--allow-version-mismatch");
  r = run_cli(allowed);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(read_file(dir.path() / "m/manifest.json").find("\"version_mismatch\""), std::string::npos);
  // Undamaged shards merge, and record no mismatch.
  fresh();
  r = run_cli(merge);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(dir.path() / "m/manifest.json").find("version_mismatch"), std::string::npos);
}

TEST(SweepCli, GridLevelsAreTheRoundNumbersGivenAndReplicatesHoldTheFactors) {
  // 0..1 in five levels and 0.3..0.7 in five: lo + (hi - lo) i / 4 gives 0.39999999999999997.
  EXPECT_EQ(grid_level(0, 1, 2, 5), 0.5);
  EXPECT_EQ(grid_level(0.3, 0.7, 1, 5), 0.4);
  EXPECT_NE(0.3 + (0.7 - 0.3) * 1 / 4, 0.4);  // the naive formula misses: the check can fail
  EXPECT_EQ(grid_level(0.1, 1.0, 9, 10), 1.0);
  EXPECT_EQ(grid_level(0, 1, 1, 4), 1.0 / 3);  // no short decimal: full precision kept
  TempDir dir;
  const fs::path f = sweep_file(dir,
                                "design = \"grid\"\nreplicates = 2\nseed = 3\nwrite_replicates = true\n[factors]\n"
                                "hedging_premium = { min = 0, max = 1, steps = 5 }\n"
                                "russia_attention = { min = 0.3, max = 0.7, steps = 5 }\n");
  auto r = run_cli({"sweep", f.string(), "--out", (dir.path() / "g").string(), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto points = mvtest::parse_csv(read_file(dir.path() / "g/points.csv"));
  ASSERT_EQ(points.size(), 1u + 25);
  std::vector<std::string> first, second;
  for (size_t i = 1; i <= 5; ++i) first.push_back(points[(i - 1) * 5 + 1][1]);
  for (size_t i = 1; i <= 5; ++i) second.push_back(points[i][2]);
  EXPECT_EQ(first, (std::vector<std::string>{"0", "0.25", "0.5", "0.75", "1"}));
  EXPECT_EQ(second, (std::vector<std::string>{"0.3", "0.4", "0.5", "0.6", "0.7"}));
  // replicates.csv: the columns of runs.csv after run, the factors among every parameter, at
  // the point's value.
  const auto reps = mvtest::parse_csv(read_file(dir.path() / "g/replicates.csv"));
  EXPECT_EQ(reps[0], replicates_csv_columns());
  const auto runs = runs_csv_columns();
  EXPECT_EQ(std::vector<std::string>(reps[0].begin() + 2, reps[0].end()),
            std::vector<std::string>(runs.begin() + 1, runs.end()));
  ASSERT_EQ(reps.size(), 1u + 25 * 2);
  const auto col = [&](const char* name) {
    return static_cast<size_t>(std::find(reps[0].begin(), reps[0].end(), name) - reps[0].begin());
  };
  for (size_t i = 1; i < reps.size(); ++i) {
    const auto& p = points[1 + std::stoul(reps[i][0])];
    EXPECT_EQ(reps[i][col("hedging_premium")], p[1]);
    EXPECT_EQ(reps[i][col("russia_attention")], p[2]);
    EXPECT_EQ(reps[i][col("scenario")], "baseline");
    EXPECT_EQ(reps[i][col("lens")], "none");
  }
  // Discovery reads the factors from replicates.csv, once each.
  discovery::CaseRule rule;
  rule.kind = discovery::CaseRule::Kind::above;
  rule.threshold = 0.5;
  const auto cases = discovery::read_replicates(dir.path() / "g", "balance_index", rule).cases;
  EXPECT_EQ(std::count(cases.names.begin(), cases.names.end(), "hedging_premium"), 1);
  EXPECT_EQ(std::count(cases.names.begin(), cases.names.end(), "russia_attention"), 1);
}

TEST(SweepCli, SecondOrderSobolAndMorrisIntervalsReachSensitivityCsv) {
  TempDir dir;
  const fs::path f = sweep_file(dir,
                                "design = \"sobol\"\nsamples = 8\nreplicates = 1\nseed = 5\nbootstrap = 50\n"
                                "second_order = true\n[factors]\n"
                                "hedging_premium = { min = 0.15, max = 0.40 }\n"
                                "russia_attention = { min = 0.2, max = 0.5 }\n"
                                "security_weight = { min = 0.1, max = 0.5 }\n");
  auto r = run_cli({"sweep", f.string(), "--out", (dir.path() / "s").string(), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(mvtest::parse_csv(read_file(dir.path() / "s/points.csv")).size(), 1u + 8 * (2 * 3 + 2));
  const auto sens = mvtest::parse_csv(read_file(dir.path() / "s/sensitivity.csv"));
  EXPECT_EQ(sens.size(), 1u + kNumOutcomes * (3 * 2 + 3));  // S1, ST per factor; S2 per pair
  EXPECT_EQ(sens[7][1], "hedging_premium:russia_attention");
  EXPECT_EQ(sens[7][3], "S2");
  EXPECT_NE(read_file(dir.path() / "s/sweep.resolved.toml").find("second_order = true"), std::string::npos);
  EXPECT_NE(load_error(dir, "design = \"lhs\"\nsamples = 4\nsecond_order = true\n[factors]\n"
                            "hedging_premium = { min = 0.15, max = 0.40 }\n")
                .find("'second_order' applies only to a sobol design"),
            std::string::npos);
  const fs::path m = sweep_file(dir,
                                "design = \"morris\"\nsamples = 6\nreplicates = 1\nseed = 5\nbootstrap = 50\n"
                                "[factors]\nhedging_premium = { min = 0.15, max = 0.40 }\n"
                                "russia_attention = { min = 0.2, max = 0.5 }\n",
                                "morris.toml");
  r = run_cli({"sweep", m.string(), "--out", (dir.path() / "m").string(), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int with_interval = 0;
  for (const auto& row : mvtest::parse_csv(read_file(dir.path() / "m/sensitivity.csv")))
    if (row.size() > 6 && row[3] == "mu_star" && row[5] != "NaN") {
      ++with_interval;
      EXPECT_LE(std::stod(row[5]), std::stod(row[4]));
      EXPECT_GE(std::stod(row[6]), std::stod(row[4]));
    }
  EXPECT_GT(with_interval, 0);
}
