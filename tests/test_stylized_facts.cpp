// The nine stylized facts of the brief, each a comparison of two batches with shared seeds
// (common random numbers) and a margin of three standard errors of the paired difference.
// The same code writes results/validation.md (`multivector facts`).
#include <gtest/gtest.h>

#include "engine/batch.h"
#include "model/model.h"
#include "scenario/scenario.h"
#include "test_util.h"
#include "validation/facts.h"

using namespace mv;

namespace {
FactOptions options() {
  FactOptions o;
  o.runs = 200;
  o.citizens = 1000;
  o.seed = 2022;
  return o;
}
std::vector<FactResult> evaluate(int only) {
  const Scenario sc = load_scenario(mvtest::source_dir() / "scenarios/baseline.toml");
  FactOptions o = options();
  o.only = only;
  return evaluate_facts(sc, o);
}

void expect_fact(int number) {
  int seen = 0;
  for (const auto& r : evaluate(number)) {
    if (r.number != number) continue;
    ++seen;
    EXPECT_TRUE(r.holds) << "fact " << number << " (" << r.statement << ") fails on " << r.outcome << ": "
                         << r.label_a << " mean " << r.a.mean << " vs " << r.label_b << " mean " << r.b.mean
                         << "; difference " << r.mean_difference << " +- " << r.standard_error;
  }
  EXPECT_GE(seen, 1);
}
}  // namespace

TEST(StylizedFacts, BaselineDiversifiesGraduallyWithoutRupture) {
  expect_fact(1);
}
TEST(StylizedFacts, PipelineCoercionSpeedsAlternativeRoutes) {
  expect_fact(2);
}
TEST(StylizedFacts, GuaranteesBluntRussianPressure) {
  expect_fact(3);
}
TEST(StylizedFacts, ForcedExclusiveChoiceRaisesInstability) {
  expect_fact(4);
}
TEST(StylizedFacts, DistractedRussiaLeavesMoreRoom) {
  expect_fact(5);
}
TEST(StylizedFacts, SecondarySanctionsRaiseComplianceAndDispleasure) {
  expect_fact(6);
}
TEST(StylizedFacts, PropagandaPolarisesAlongEthnicLines) {
  expect_fact(7);
}
TEST(StylizedFacts, HardshipRaisesUnrestGrowthIsABulwark) {
  expect_fact(8);
}
TEST(StylizedFacts, AutonomyValueBalancesAlignment) {
  expect_fact(9);
}

TEST(HistoricalReplay, Reproduces2022AsTheDocumentsTellIt) {
  // January 2022: the fuel-price protests are the year's unrest peak ([FT2022], [Dorsey2022],
  // [Bhadrakumar2022]); by December Kazakhstan has recalibrated away from Russia ([FT2022]) without
  // rupture, and the July court order has cost export revenue ([FT2022], [Dorsey2022]).
  Scenario sc = load_scenario(mvtest::source_dir() / "scenarios/replay_2022.toml");
  sc.run.citizens = 1000;
  BatchOptions o;
  o.runs = 100;
  o.seed = 7;
  o.threads = 2;
  const BatchResult r = run_batch(sc, o);
  auto mean_at = [&](int step, Series v) {
    double s = 0;
    for (int64_t i = 0; i < r.runs; ++i) s += r.series_at(i, step, static_cast<int>(v));
    return s / static_cast<double>(r.runs);
  };
  const double unrest_jan = mean_at(0, Series::unrest);
  for (int month = 2; month < 12; ++month) EXPECT_GT(unrest_jan, mean_at(month, Series::unrest)) << month;
  EXPECT_LT(mean_at(11, Series::align_russia), mean_at(0, Series::align_russia) - 0.03);
  EXPECT_GT(mean_at(11, Series::align_russia), 0.2);
  int suspended = 0;
  for (const auto& out : r.outcomes) suspended += out[static_cast<int>(Outcome::pipeline_suspended)] > 0.5;
  EXPECT_EQ(suspended, r.runs);
}

TEST(Invariants, EveryStepOfEveryReplicateKeepsSharesAndPopulation) {
  const Scenario sc = load_scenario(mvtest::source_dir() / "scenarios/baseline.toml");
  for (uint64_t run = 0; run < 20; ++run) {
    const uint64_t seed = replicate_seed(99, run);
    Model m(sample_parameters(sc, seed), sc.mechanisms, sc.events, sc.run.steps(), seed, 1500);
    const int n = m.population().size();
    const int russians = m.population().ethnic_russians();
    ASSERT_EQ(n, 1500);
    while (!m.finished()) {
      m.step();
      const auto& s = m.state();
      ASSERT_NEAR(s.alignment.sum(), 1.0, 1e-9);
      ASSERT_TRUE((s.alignment >= 0).all());
      const auto& p = m.population();
      ASSERT_EQ(p.size(), n);  // population conserved
      ASSERT_EQ(p.ethnic_russians(), russians);
      int total = 0;
      for (int r = 0; r < kNumRegions; ++r) total += p.region_size(static_cast<Region>(r));
      ASSERT_EQ(total, n);
      ASSERT_TRUE((p.opinions() >= 0).all() && (p.opinions() <= 1).all());
      for (double x : {s.unrest, s.separatism, s.opinion_russia, s.compliance, s.legitimacy}) {
        ASSERT_GE(x, 0.0);
        ASSERT_LE(x, 1.0);
      }
    }
  }
}
