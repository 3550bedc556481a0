#include <gtest/gtest.h>

#include <set>

#include <charconv>
#include <cmath>
#include <functional>

#include "core/error.h"
#include "engine/batch.h"
#include "io/output_dir.h"
#include "io/streamed_batch.h"
#include "io/writers.h"
#include "scenario/scenario.h"
#include "test_util.h"

using namespace mv;
namespace fs = std::filesystem;

namespace {
struct Fixture {
  Scenario sc;
  BatchResult r;
  Fixture() {
    sc = load_scenario(mvtest::source_dir() / "scenarios/baseline.toml");
    sc.run.runs = 20;
    sc.run.citizens = 1000;
    BatchOptions o;
    o.runs = 20;
    o.seed = 5;
    o.threads = 2;
    r = run_batch(sc, o);
  }
};
const Fixture& fixture() {
  static Fixture f;
  return f;
}
double parse_double(const std::string& s) {
  double x = 0;
  auto res = std::from_chars(s.data(), s.data() + s.size(), x);
  EXPECT_EQ(res.ptr, s.data() + s.size()) << s;
  return x;
}
}  // namespace

TEST(RunsCsv, HasRunSeedScenarioLensEveryParameterAndOutcomesAndRoundTripsNumbers) {
  const auto& f = fixture();
  const auto rows = mvtest::parse_csv(runs_csv(f.r));
  ASSERT_EQ(rows.size(), 21u);
  const auto& header = rows[0];
  EXPECT_EQ(header, runs_csv_columns());
  ASSERT_EQ(header.size(), 4 + kNumParams + kNumOutcomes);
  EXPECT_EQ((std::vector<std::string>(header.begin(), header.begin() + 4)),
            (std::vector<std::string>{"run", "seed", "scenario", "lens"}));
  for (int k = 0; k < kNumParams; ++k) {
    EXPECT_EQ(header[4 + k], parameter_column(static_cast<Param>(k)));
    EXPECT_EQ(parameter_of_column(header[4 + k]), static_cast<Param>(k));
  }
  // No two columns share a name (pandas would rename the second to "<name>.1"): a parameter
  // named like an outcome (the trade shares at the start) is written <name>_param.
  EXPECT_EQ(std::set<std::string>(header.begin(), header.end()).size(), header.size());
  EXPECT_EQ(parameter_column(Param::trade_share_russia), "trade_share_russia_param");
  EXPECT_EQ(parameter_column(Param::hedging_premium), "hedging_premium");
  EXPECT_FALSE(parameter_of_column("trade_share_russia"));  // the outcome
  EXPECT_FALSE(parameter_of_column("hedging_premium_param"));
  EXPECT_EQ(header.back(), "csto_exit");
  for (int i = 0; i < 20; ++i) {
    const auto& row = rows[i + 1];
    ASSERT_EQ(row.size(), header.size());
    EXPECT_EQ(row[0], std::to_string(i));
    EXPECT_EQ(row[1], std::to_string(f.r.seeds[i]));
    EXPECT_EQ(row[2], f.sc.name);
    EXPECT_EQ(row[3], "none");
    // Fixed parameters are written too, at their fixed value.
    for (int k = 0; k < kNumParams; ++k) {
      EXPECT_EQ(parse_double(row[4 + k]), f.r.param(i, static_cast<Param>(k)));
      if (f.sc.params[k].dist.is_fixed()) {
        EXPECT_EQ(parse_double(row[4 + k]), f.sc.params[k].dist.quantile(0.5));
      }
    }
    for (int k = 0; k < kNumOutcomes; ++k)  // shortest round-trip: parses back to the same double
      EXPECT_EQ(parse_double(row[4 + kNumParams + k]), f.r.outcomes[i][k]);
  }
}

TEST(RunsCsv, FilesOfAScenarioAndAWhatIfThatFixesAParameterHaveOneHeader) {
  // pd.concat of two scenarios' runs.csv needs the same columns: a fixed parameter stays a column.
  Scenario a = fixture().sc, b = fixture().sc;
  b.params[static_cast<int>(Param::sanctions_threat_credibility)].dist = Distribution::fixed_at(0.25);
  ASSERT_NE(sampled_parameters(a).size(), sampled_parameters(b).size());
  BatchOptions o;
  o.runs = 3;
  o.seed = 5;
  const auto ra = mvtest::parse_csv(runs_csv(run_batch(a, o))), rb = mvtest::parse_csv(runs_csv(run_batch(b, o)));
  EXPECT_EQ(ra[0], rb[0]);
  const auto col = std::find(rb[0].begin(), rb[0].end(), "sanctions_threat_credibility") - rb[0].begin();
  for (size_t i = 1; i < rb.size(); ++i) EXPECT_EQ(rb[i][static_cast<size_t>(col)], "0.25");
}

TEST(ScenarioLabel, NamesTheScenarioWithoutItsLensesAndTheLensesJoined) {
  Scenario sc = fixture().sc;
  EXPECT_EQ(scenario_label(sc).lens, "none");
  const std::string base = sc.name;
  sc.lenses = {"russia_threat", "eu_firm"};
  sc.name = base + ".russia_threat.eu_firm";
  const ScenarioLabel l = scenario_label(sc);
  EXPECT_EQ(l.scenario, base);
  EXPECT_EQ(l.lens, "russia_threat+eu_firm");
}

TEST(ReplicateSeriesCsv, OneRowPerReplicateAndMonthWithEverySeriesAsWritten) {
  const auto& f = fixture();
  const auto rows = mvtest::parse_csv(replicate_series_csv(f.r, f.sc.run.start));
  ASSERT_EQ(rows.size(), 1 + static_cast<size_t>(f.r.runs * f.r.steps));
  EXPECT_EQ(rows[0], replicate_series_columns(false));
  EXPECT_EQ(rows[0].size(), 3u + kNumSeries);
  for (int64_t i = 0; i < f.r.runs; ++i)
    for (int t = 0; t < f.r.steps; ++t) {
      const auto& row = rows[1 + static_cast<size_t>(i * f.r.steps + t)];
      ASSERT_EQ(row.size(), rows[0].size());
      EXPECT_EQ(row[0], std::to_string(i));
      EXPECT_EQ(row[1], std::to_string(t));
      EXPECT_EQ(row[2], f.sc.run.start.plus(t).to_string());
      for (int k = 0; k < kNumSeries; ++k)  // the float kept, exactly
        EXPECT_EQ(static_cast<float>(parse_double(row[3 + k])), static_cast<float>(f.r.series_at(i, t, k)));
    }
}

TEST(SummaryCsv, OneRowPerOutcomeWithProbabilitiesForEvents) {
  const auto rows = mvtest::parse_csv(summary_csv(fixture().r));
  ASSERT_EQ(rows.size(), 1u + kNumOutcomes);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"metric", "n", "mean", "sd", "min", "p05", "p25", "p50", "p75",
                                               "p95", "max", "probability", "ci95_low", "ci95_high"}));
  for (int k = 0; k < kNumOutcomes; ++k) {
    const auto& row = rows[k + 1];
    EXPECT_EQ(row[0], kOutcomes[k].name);
    EXPECT_EQ(row[1], "20");
    const double lo = parse_double(row[4]), p50 = parse_double(row[7]), hi = parse_double(row[10]);
    EXPECT_LE(lo, p50);
    EXPECT_LE(p50, hi);
    if (kOutcomes[k].is_event) {
      const double p = parse_double(row[11]), l = parse_double(row[12]), h = parse_double(row[13]);
      EXPECT_LE(l, p);
      EXPECT_LE(p, h);
      EXPECT_DOUBLE_EQ(p, parse_double(row[2]));  // the probability is the mean of a 0/1 outcome
    } else {
      EXPECT_EQ(row[11], "");
    }
  }
}

TEST(TimeseriesCsv, IsTidyLongFormatOneRowPerStepAndVariable) {
  const auto& f = fixture();
  const auto rows = mvtest::parse_csv(timeseries_csv(f.r, f.sc));
  ASSERT_EQ(rows.size(), 1u + 108u * kNumSeries);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"step", "date", "variable", "mean", "p05", "p25", "p50", "p75",
                                               "p95"}));
  EXPECT_EQ(rows[1][1], "2022-01");
  EXPECT_EQ(rows[1][2], "align_russia");
  EXPECT_EQ(rows.back()[0], "107");
  EXPECT_EQ(rows.back()[1], "2030-12");
  for (size_t i = 1; i < rows.size(); ++i)
    for (int c = 4; c < 8; ++c) ASSERT_LE(parse_double(rows[i][c]), parse_double(rows[i][c + 1]));
}

TEST(Csv, QuotesFieldsPerRfc4180) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_number(0.1), "0.1");
  EXPECT_EQ(csv_number(std::nan("")), "NaN");
}

TEST(Manifest, RecordsWhatMakesTheBatchReproducible) {
  const auto& f = fixture();
  RunInfo info;
  info.command_line = "multivector run x";
  info.threads = 2;
  const std::string m = manifest_json(f.sc, f.r, info);
  for (const char* key : {"\"version\"", "\"git_commit\"", "\"sha256\"", "\"seed\"", "\"runs\": 20",
                          "\"threads\": 2", "\"command_line\"", "\"start_time_utc\"", "\"elapsed_seconds\""})
    EXPECT_NE(m.find(key), std::string::npos) << key;
  EXPECT_NE(m.find(sha256_hex(f.sc.resolved_toml())), std::string::npos);
}

TEST(Sha256, MatchesTheStandardTestVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(StagedDirectory, RefusesExistingResultsWithoutForceAndReplacesWithIt) {
  mvtest::TempDir dir;
  const fs::path dest = dir.path() / "out";
  fs::create_directories(dest);
  dir.write("out/keep.txt", "old");
  // Not earlier results (no manifest.json): refused even with --force.
  EXPECT_THROW(StagedDirectory(dest, true), OutputError);
  dir.write("out/manifest.json", "{}");
  EXPECT_THROW(StagedDirectory(dest, false), OutputError);
  EXPECT_EQ(mvtest::read_file(dest / "keep.txt"), "old");
  {
    StagedDirectory staged(dest, true);
    write_text_file(staged.staging() / "new.txt", "new");
    EXPECT_TRUE(fs::exists(dest / "keep.txt"));  // untouched until commit
    staged.commit();
  }
  EXPECT_FALSE(fs::exists(dest / "keep.txt"));
  EXPECT_EQ(mvtest::read_file(dest / "new.txt"), "new");
}

TEST(StagedDirectory, LeavesNothingBehindWhenNotCommitted) {
  mvtest::TempDir dir;
  const fs::path dest = dir.path() / "out";
  {
    StagedDirectory staged(dest, false);
    write_text_file(staged.staging() / "runs.csv", "partial");
  }
  EXPECT_FALSE(fs::exists(dest));
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(StagedDirectory, UnwritableLocationIsAnOutputError) {
  mvtest::TempDir dir;
  dir.write("file", "x");
  EXPECT_THROW(StagedDirectory(dir.path() / "file" / "out", false), OutputError);
}

TEST(StreamedBatch, WritesTheSameFilesAsTheInMemoryWritersWhateverTheMemoryBudget) {
  // A budget of one byte forces one column per chunk; 64 MiB holds everything at once. Groups of
  // one, three (the last one short) and the automatic size transpose the series differently.
  const auto& f = fixture();
  for (size_t budget : {size_t{1}, size_t{20} * 16 * 4 * 3, size_t{64} << 20})
    for (int group : {1, 3, 0}) {
      SCOPED_TRACE("budget " + std::to_string(budget) + ", group " + std::to_string(group));
      mvtest::TempDir dir;
      {
        StreamedBatch b(dir.path(), f.sc, 0, f.r.runs, false, true, group);
        const size_t np = kNumParams, ns = static_cast<size_t>(f.r.steps) * kNumSeries;
        for (int64_t i = 0; i < f.r.runs; ++i)
          b.accept(i, f.r.seeds[i], std::span<const double>(f.r.params.data() + i * np, np), f.r.outcomes[i],
                   std::span<const float>(f.r.series.data() + i * ns, ns));
        b.finish(nullptr, budget, group == 3 ? 3 : 1);  // three columns at a time in parallel
      }
      EXPECT_EQ(mvtest::read_file(dir.path() / "runs.csv"), runs_csv(f.r)) << budget;
      EXPECT_EQ(mvtest::read_file(dir.path() / "replicate_series.csv"), replicate_series_csv(f.r, f.sc.run.start));
      EXPECT_EQ(mvtest::read_file(dir.path() / "summary.csv"), summary_csv(f.r)) << budget;
      EXPECT_EQ(mvtest::read_file(dir.path() / "timeseries.csv"), timeseries_csv(f.r, f.sc)) << budget;
      EXPECT_FALSE(fs::exists(dir.path() / "series.f32"));  // only a shard keeps its series
      EXPECT_FALSE(fs::exists(dir.path() / ".outcomes.f64"));
      EXPECT_FALSE(fs::exists(dir.path() / ".series.grouped.f32"));
    }
}

TEST(StreamedBatch, FedByTheEngineWritesTheSameFilesAsTheBatchInMemory) {
  // run and the in-memory batch go through the one engine loop; only the sink differs.
  const auto& f = fixture();
  for (int threads : {1, 3}) {
    SCOPED_TRACE(threads);
    mvtest::TempDir dir;
    {
      StreamedBatch b(dir.path(), f.sc, 0, f.r.runs, false);
      BatchOptions o;
      o.runs = f.r.runs;
      o.seed = 5;
      o.threads = threads;
      run_batch(f.sc, o, b);
      b.finish();
    }
    EXPECT_EQ(mvtest::read_file(dir.path() / "runs.csv"), runs_csv(f.r));
    EXPECT_EQ(mvtest::read_file(dir.path() / "summary.csv"), summary_csv(f.r));
    EXPECT_EQ(mvtest::read_file(dir.path() / "timeseries.csv"), timeseries_csv(f.r, f.sc));
  }
}

TEST(StagedDirectory, ForceNeverDeletesWhatCameDuringTheRun) {
  // Issue 18 #6: --force checked "earlier results or empty" only at the start, and a file added
  // to the output directory during the run was deleted with the earlier results.
  mvtest::TempDir dir;
  const fs::path dest = dir.path() / "out";
  const std::vector<std::pair<std::string, std::function<void()>>> changes = {
      {"'notes.txt' added", [&] { dir.write("out/notes.txt", "mine"); }},
      {"'manifest.json' changed", [&] { dir.write("out/manifest.json", "{\"edited\": true}"); }},
      {"'runs.csv' removed", [&] { fs::remove(dest / "runs.csv"); }},
  };
  for (const auto& [what, change] : changes) {
    fs::remove_all(dest);
    dir.write("out/manifest.json", "{}");
    dir.write("out/runs.csv", "old");
    StagedDirectory staged(dest, true);
    write_text_file(staged.staging() / "runs.csv", "new");
    change();
    try {
      staged.commit();
      ADD_FAILURE() << what << ": committed";
    } catch (const OutputError& e) {
      EXPECT_NE(std::string(e.what()).find("changed during the run (" + what + ")"), std::string::npos)
          << e.what();
    }
    EXPECT_TRUE(fs::exists(dest / "manifest.json")) << what;  // the earlier results stay
    if (fs::exists(dest / "notes.txt")) {
      EXPECT_EQ(mvtest::read_file(dest / "notes.txt"), "mine");
    }
  }
  // A directory that appeared during a forced run is not replaced either.
  fs::remove_all(dest);
  {
    StagedDirectory staged(dest, true);
    dir.write("out/other.txt", "someone else's");
    EXPECT_THROW(staged.commit(), OutputError);
  }
  EXPECT_EQ(mvtest::read_file(dest / "other.txt"), "someone else's");
}
