#include <gtest/gtest.h>

#include <numeric>
#include <span>
#include <vector>

#include "engine/batch.h"
#include "io/writers.h"
#include "scenario/scenario.h"
#include "test_util.h"

using namespace mv;

namespace {
Scenario small_baseline() {
  Scenario sc = load_scenario(mvtest::source_dir() / "scenarios/baseline.toml");
  sc.run.runs = 64;
  sc.run.citizens = 1000;
  return sc;
}
BatchResult run(const Scenario& sc, int threads, uint64_t seed = 77) {
  BatchOptions o;
  o.runs = sc.run.runs;
  o.seed = seed;
  o.threads = threads;
  return run_batch(sc, o);
}
}  // namespace

TEST(Batch, ResultsAreByteIdenticalForAnyThreadCount) {
  const Scenario sc = small_baseline();
  const BatchResult one = run(sc, 1), two = run(sc, 2), five = run(sc, 5);
  EXPECT_EQ(runs_csv(one), runs_csv(two));
  EXPECT_EQ(runs_csv(one), runs_csv(five));
  EXPECT_EQ(summary_csv(one), summary_csv(two));
  EXPECT_EQ(timeseries_csv(one, sc), timeseries_csv(two, sc));
  EXPECT_EQ(timeseries_csv(one, sc), timeseries_csv(five, sc));
}

TEST(Batch, ReplicateRowsDependOnlyOnSeedAndIndex) {
  // Row i of a 64-run batch equals row i of a 16-run batch with the same seed.
  Scenario sc = small_baseline();
  const BatchResult big = run(sc, 2);
  sc.run.runs = 16;
  const BatchResult small = run(sc, 1);
  for (int i = 0; i < 16; ++i) {
    EXPECT_EQ(big.seeds[i], small.seeds[i]);
    EXPECT_EQ(big.outcomes[i], small.outcomes[i]);
  }
  EXPECT_NE(big.outcomes[0], big.outcomes[1]);
  const BatchResult other_seed = run(small_baseline(), 2, 78);
  EXPECT_NE(other_seed.outcomes[0], big.outcomes[0]);
}

TEST(Batch, KeepsEveryParameterAndFixedOnesAtTheirValue) {
  const Scenario sc = small_baseline();
  const BatchResult r = run(sc, 2);
  for (Param p : r.sampled) EXPECT_FALSE(sc.params[static_cast<int>(p)].dist.is_fixed());
  EXPECT_EQ(r.params.size(), static_cast<size_t>(kNumParams) * 64);
  // Each parameter stays within its distribution's support; a fixed one is its value.
  for (int k = 0; k < kNumParams; ++k) {
    const auto& d = sc.params[k].dist;
    for (int i = 0; i < 64; ++i) {
      EXPECT_GE(r.param(i, static_cast<Param>(k)), d.min);
      EXPECT_LE(r.param(i, static_cast<Param>(k)), d.max);
      if (d.is_fixed()) {
        EXPECT_EQ(r.param(i, static_cast<Param>(k)), d.min);
      }
    }
  }
}

TEST(Batch, CancellationStopsTheBatch) {
  const Scenario sc = small_baseline();
  std::atomic<bool> cancel{true};
  BatchOptions o;
  o.runs = 64;
  o.threads = 2;
  o.cancel = &cancel;
  EXPECT_THROW(run_batch(sc, o), Interrupted);
}

TEST(Batch, EverySinkGetsTheReplicatesInOrderWhateverTheThreads) {
  // The one loop hands replicates to any sink in replicate order, with the values the in-memory
  // batch holds, so a sink that writes as they come needs no sorting of its own.
  struct Recorder : ReplicateSink {
    std::vector<int64_t> indices;
    std::vector<uint64_t> seeds;
    std::vector<double> params;
    std::vector<Outcomes> outcomes;
    std::vector<float> series;
    void accept(int64_t index, uint64_t seed, std::span<const double> p, const Outcomes& o,
                std::span<const float> s) override {
      indices.push_back(index);
      seeds.push_back(seed);
      params.insert(params.end(), p.begin(), p.end());
      outcomes.push_back(o);
      series.insert(series.end(), s.begin(), s.end());
    }
  };
  Scenario sc = small_baseline();
  BatchOptions o;
  o.first = 5;
  o.runs = 12;
  o.seed = 9;
  o.threads = 1;
  const BatchResult ref = run_batch(sc, o);
  for (int threads : {1, 3}) {
    SCOPED_TRACE(threads);
    o.threads = threads;
    Recorder rec;
    run_batch(sc, o, rec);
    std::vector<int64_t> expected(12);
    std::iota(expected.begin(), expected.end(), 5);
    EXPECT_EQ(rec.indices, expected);
    EXPECT_EQ(rec.seeds, ref.seeds);
    EXPECT_EQ(rec.params, ref.params);
    EXPECT_EQ(rec.outcomes, ref.outcomes);
    EXPECT_EQ(rec.series, ref.series);
  }
}
