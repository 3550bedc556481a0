#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <vector>

#include "engine/batch.h"
#include "model/model.h"
#include "model/population.h"
#include "model/rules.h"
#include "scenario/scenario.h"
#include "test_util.h"

using namespace mv;
using rules::PowerArray;

namespace {
Scenario baseline() {
  Scenario sc = load_scenario(mvtest::source_dir() / "scenarios/baseline.toml");
  sc.run.citizens = 1000;  // small populations keep the mechanism tests fast
  return sc;
}

Event make_event(int step, Actor who, Action what, double magnitude, int months) {
  Event e;
  e.step = step;
  e.actor = who;
  e.action = what;
  e.magnitude = magnitude;
  e.duration_months = months;
  return e;
}
}  // namespace

TEST(Rules, HedgedTargetIsOnTheSimplexAndFlattensWithThePremium) {
  PowerArray v;
  v << 0.5, 0.2, 0.4, 0.05;
  const PowerArray low = rules::hedged_target(v, 0.05), high = rules::hedged_target(v, 0.5);
  EXPECT_NEAR(low.sum(), 1.0, 1e-12);
  EXPECT_NEAR(high.sum(), 1.0, 1e-12);
  EXPECT_GT(rules::balance_index(high), rules::balance_index(low));
  EXPECT_GT(low[0], 0.8);  // near-argmax when autonomy is worth little
  // softmax closed form
  const double z = std::exp(0.5 / 0.5) + std::exp(0.2 / 0.5) + std::exp(0.4 / 0.5) + std::exp(0.05 / 0.5);
  EXPECT_NEAR(high[0], std::exp(1.0) / z, 1e-12);
}

TEST(Rules, BoundedMoveNeverExceedsTheStepAndStaysOnTheSimplex) {
  PowerArray from, to;
  from << 0.7, 0.1, 0.1, 0.1;
  to << 0.1, 0.3, 0.4, 0.2;
  const PowerArray moved = rules::bounded_move(from, to, 0.05);
  EXPECT_NEAR(0.5 * (moved - from).abs().sum(), 0.05, 1e-12);
  EXPECT_NEAR(moved.sum(), 1.0, 1e-12);
  EXPECT_TRUE((moved >= 0).all());
  EXPECT_TRUE(rules::bounded_move(from, to, 1.0).isApprox(to));
}

TEST(Rules, LogitChoiceFrequenciesMatchTheClosedForm) {
  const double u[4] = {0.0, -0.1, 0.2, -INFINITY};
  double p[4];
  rules::logit_probabilities(u, 10.0, p);
  const double z = 1 + std::exp(-1.0) + std::exp(2.0);
  EXPECT_NEAR(p[0], 1 / z, 1e-12);
  EXPECT_NEAR(p[2], std::exp(2.0) / z, 1e-12);
  EXPECT_EQ(p[3], 0.0);
  Rng rng(5);
  int counts[4] = {};
  const int n = 200000;
  for (int i = 0; i < n; ++i) ++counts[rules::logit_choice(u, 10.0, rng.uniform())];
  for (int k = 0; k < 4; ++k)
    EXPECT_NEAR(counts[k] / double(n), p[k], 4 * std::sqrt(p[k] * (1 - p[k]) / n) + 1e-12);
}

TEST(Rules, GrievanceAndCombinedGuarantee) {
  EXPECT_DOUBLE_EQ(rules::grievance(0.4, 0.75), 0.1);  // Epstein 2002: G = H(1 - L)
  PowerArray g;
  g << 0.9, 0.5, 0.0, 0.5;
  EXPECT_NEAR(rules::combined_guarantee(g, 0), 0.75, 1e-12);  // 1 - 0.5*1*0.5, Russia excluded
}

TEST(Model, AlignmentStaysOnTheSimplexAndSharesInRangeEveryStep) {
  const Scenario sc = baseline();
  for (uint64_t run = 0; run < 50; ++run) {
    const uint64_t seed = replicate_seed(11, run);
    Model m(sample_parameters(sc, seed), sc.mechanisms, sc.events, sc.run.steps(), seed, 1000);
    std::array<double, kNumSeries> row;
    while (!m.finished()) {
      m.step();
      const auto& a = m.state().alignment;
      ASSERT_NEAR(a.sum(), 1.0, 1e-9);
      ASSERT_TRUE((a >= 0).all() && (a <= 1).all());
      m.record(row);
      for (int k = 0; k < kNumSeries; ++k) ASSERT_TRUE(std::isfinite(row[k])) << kSeries[k].name;
      for (Series s : {Series::russian_route_share, Series::sanctions_compliance, Series::legitimacy,
                       Series::unrest, Series::separatist_sentiment}) {
        const double x = row[static_cast<int>(s)];
        ASSERT_GE(x, 0.0);
        ASSERT_LE(x, 1.0);
      }
    }
  }
}

TEST(Model, BoundedMovesLimitEachMonthsRecalibration) {
  const Scenario sc = baseline();
  const uint64_t seed = replicate_seed(3, 0);
  ParamValues pv = sample_parameters(sc, seed);
  pv[Param::max_alignment_step] = 0.004;
  Model m(pv, sc.mechanisms, sc.events, sc.run.steps(), seed, 1000);
  double largest = 0;
  while (!m.finished()) {
    const PowerArray before = m.state().alignment;
    m.step();
    const double moved = 0.5 * (m.state().alignment - before).abs().sum();
    EXPECT_LE(moved, 0.004 + 1e-12);
    largest = std::max(largest, moved);
  }
  EXPECT_GT(largest, 0.003);  // the bound binds at least once

  MechanismSet free = sc.mechanisms;
  free.set(Mechanism::bounded_moves, false);
  Model unbounded(pv, free, sc.events, sc.run.steps(), seed, 1000);
  double largest_free = 0;
  while (!unbounded.finished()) {
    const PowerArray before = unbounded.state().alignment;
    unbounded.step();
    largest_free = std::max(largest_free, 0.5 * (unbounded.state().alignment - before).abs().sum());
  }
  EXPECT_GT(largest_free, 0.004);
}

TEST(Model, CoercionRaisesTheCoercersLeverageCost) {
  Scenario sc = baseline();
  int coercions = 0;
  for (uint64_t run = 0; run < 40 && coercions < 5; ++run) {
    const uint64_t seed = replicate_seed(8, run);
    ParamValues pv = sample_parameters(sc, seed);
    pv[Param::action_cost] = 0.02;  // make moves frequent
    const std::vector<Event> none;  // only chosen moves (a scripted suspension adds its own cost)
    Model m(pv, sc.mechanisms, none, sc.run.steps(), seed, 1000);
    while (!m.finished()) {
      const PowerArray cost_before = m.state().leverage_cost;
      m.step();
      for (int p = 0; p < kNumPowers; ++p) {
        const double decayed = cost_before[p] * pv[Param::leverage_cost_memory];
        if (m.state().last_move[p] == Move::coerce) {
          ++coercions;
          EXPECT_NEAR(m.state().leverage_cost[p], decayed + pv[Param::coercion_cost_growth], 1e-12);
        } else {
          EXPECT_NEAR(m.state().leverage_cost[p], decayed, 1e-12);
        }
      }
    }
  }
  EXPECT_GE(coercions, 5);
}

TEST(Model, PipelineSuspensionCostsRevenueOnlyWithWeaponizedInterdependence) {
  const ParamValues pv = ParamValues::defaults();
  const std::vector<Event> events = {make_event(6, Actor::russia, Action::pipeline_suspension, 1.0, 4)};
  MechanismSet quiet;
  quiet.set(Mechanism::power_agency, false);
  quiet.set(Mechanism::random_shocks, false);
  quiet.set(Mechanism::route_investment, false);  // the Russian-route flow stays at its start
  Model on(pv, quiet, events, 24, 1, 1000);
  while (!on.finished()) on.step();
  EXPECT_EQ(on.state().disruption_months, 4);
  // Revenue lost = 4 months of the Russian-route flow at the reference price.
  const double russian_flow = pv[Param::oil_exports_mt] * pv[Param::russian_route_share_initial];
  EXPECT_NEAR(on.state().revenue_loss_bn, 4 * russian_flow / 12 * pv[Param::oil_revenue_bn_per_mt], 1e-9);

  MechanismSet off = quiet;
  off.set(Mechanism::weaponized_interdependence, false);
  Model without(pv, off, events, 24, 1, 1000);
  while (!without.finished()) without.step();
  EXPECT_EQ(without.state().disruption_months, 0);
  EXPECT_EQ(without.state().revenue_loss_bn, 0.0);
}

TEST(Model, CorridorCapacityArrivesOnlyAfterTheBuildLag) {
  ParamValues pv = ParamValues::defaults();
  pv[Param::corridor_build_lag_months] = 12;
  MechanismSet ms;
  ms.set(Mechanism::power_agency, false);
  ms.set(Mechanism::route_investment, false);  // only the scripted investment
  const std::vector<Event> events = {make_event(2, Actor::eu, Action::corridor_investment, 5.0, 1)};
  Model m(pv, ms, events, 30, 1, 1000);
  const double start = m.state().alt_capacity_mt;
  while (m.state().month < 14) {
    m.step();
    EXPECT_DOUBLE_EQ(m.state().alt_capacity_mt, start) << "month " << m.state().month;
  }
  m.step();  // month 14 = 2 + 12: the investment matures
  const double expected =
      5.0 / pv[Param::corridor_cost_bn_per_mt] * (1 - start / pv[Param::alt_capacity_max_mt]);
  EXPECT_NEAR(m.state().alt_capacity_mt - start, expected, 1e-9);
}

TEST(Model, WithdrawnGuaranteeIsNeverRenewedByThePower) {
  const Scenario sc = baseline();
  std::vector<Event> events = {make_event(0, Actor::china, Action::withdraw_guarantee, 1.0, 1)};
  for (uint64_t run = 0; run < 20; ++run) {
    const uint64_t seed = replicate_seed(4, run);
    Model m(sample_parameters(sc, seed), sc.mechanisms, events, 60, seed, 1000);
    while (!m.finished()) {
      m.step();
      ASSERT_NE(m.state().last_move[1], Move::guarantee);
      ASSERT_EQ(m.state().guarantee[1], 0.0);
    }
  }
}

TEST(Model, DistractionSwitchedOffMeansFullAttention) {
  const ParamValues pv = ParamValues::defaults();
  const std::vector<Event> war = {make_event(1, Actor::russia, Action::war_starts, 1.0, 1)};
  MechanismSet ms;
  Model m(pv, ms, war, 3, 1, 1000);
  m.step();
  m.step();
  EXPECT_DOUBLE_EQ(m.state().russia_attention, pv[Param::russia_attention]);
  EXPECT_TRUE(m.state().at_war);
}

TEST(Model, SameSeedSameTrajectoryDifferentReplicateDifferentTrajectory) {
  const Scenario sc = baseline();
  auto run = [&](uint64_t seed) { return run_replicate(sc, sample_parameters(sc, seed), seed); };
  EXPECT_EQ(run(replicate_seed(1, 5)), run(replicate_seed(1, 5)));
  EXPECT_NE(run(replicate_seed(1, 5)), run(replicate_seed(1, 6)));
}

TEST(Model, AHigherValueOfAutonomyGivesAMoreBalancedAlignment) {
  // Mechanism check with common random numbers: the same replicates, two premiums.
  const Scenario sc = baseline();
  double low = 0, high = 0;
  for (uint64_t run = 0; run < 100; ++run) {
    const uint64_t seed = replicate_seed(21, run);
    ParamValues pv = sample_parameters(sc, seed);
    pv[Param::hedging_premium] = 0.15;
    low += run_replicate(sc, pv, seed)[static_cast<int>(Outcome::balance_index)];
    pv[Param::hedging_premium] = 0.40;
    high += run_replicate(sc, pv, seed)[static_cast<int>(Outcome::balance_index)];
  }
  EXPECT_GT(high / 100, low / 100 + 0.02);
}

// The citizens' hot loops exist for several instruction sets (SSE2, AVX2, AVX-512); every one
// the processor has must give the same bits as the portable one, for whole replicates.
TEST(Population, EveryInstructionSetGivesTheSameBits) {
  Scenario sc = baseline();
  sc.run.citizens = 3001;  // odd region sizes: a citizen sits out each month's contacts
  const CitizenKernels before = citizen_kernels();
  auto replicate = [&](CitizenKernels k, uint64_t seed) {
    EXPECT_TRUE(use_citizen_kernels(k));
    std::vector<float> series(static_cast<size_t>(sc.run.steps()) * kNumSeries);
    const Outcomes out = run_replicate(sc, sample_parameters(sc, seed), seed, series);
    return std::make_pair(out, series);
  };
  int compared = 0;
  for (CitizenKernels k : {CitizenKernels::avx2, CitizenKernels::avx512}) {
    if (!use_citizen_kernels(k)) continue;  // this processor lacks them
    for (uint64_t run = 0; run < 3; ++run) {
      const uint64_t seed = replicate_seed(5, run);
      const auto [out_base, series_base] = replicate(CitizenKernels::baseline, seed);
      const auto [out_k, series_k] = replicate(k, seed);
      EXPECT_EQ(std::memcmp(out_base.data(), out_k.data(), sizeof(Outcomes)), 0) << citizen_kernels_name(k);
      EXPECT_EQ(std::memcmp(series_base.data(), series_k.data(), series_base.size() * sizeof(float)), 0)
          << citizen_kernels_name(k);
      ++compared;
    }
  }
  use_citizen_kernels(before);
  if (compared == 0) GTEST_SKIP() << "this processor has only the portable kernels";
}

// The update sums every citizen exactly once into the aggregates, whatever the population's
// size: its kernels work on 4, 8 or 16 citizens at a time and end each region in a partial
// vector of any length, summed through masked lanes. The mean opinion it reports must be the
// mean of the opinions it leaves, and every instruction set must report the same bits.
TEST(Population, AggregatesCountEveryCitizenOnceWhateverTheSize) {
  const ParamValues p = ParamValues::defaults();
  const MechanismSet all;
  CitizenInputs in;
  in.propaganda = 0.4;
  in.coercion = 0.3;
  in.forced_choice = 0.5;
  in.hardship_shift = 0.2;
  const CitizenKernels before = citizen_kernels();
  auto simulate = [&](CitizenKernels k, int n) {
    EXPECT_TRUE(use_citizen_kernels(k));
    Rng rng(n);
    Population pop(p, n, rng);
    std::vector<CitizenAggregates> months{pop.aggregates()};
    for (int month = 0; month < 3; ++month) {
      pop.step(in, p, all, rng);
      months.push_back(pop.aggregates());
      const double mean = pop.opinions().cast<double>().mean();
      EXPECT_NEAR(pop.aggregates().opinion_russia, mean, 1e-6) << n << " citizens, month " << month;
    }
    return std::make_pair(months, Eigen::ArrayXf(pop.opinions()));
  };
  // Every size from 1 to 180 gives every region (the smallest holds 9% of the citizens) every
  // length of a last, partial vector up to 16, so every masked tail of every kernel, the
  // north's separatism included, meets the portable kernels' copies; then a few larger ones.
  std::vector<int> sizes(180);
  std::iota(sizes.begin(), sizes.end(), 1);
  sizes.insert(sizes.end(), {513, 1029, 2600});
  for (int n : sizes) {
    const auto [base, base_opinions] = simulate(CitizenKernels::baseline, n);
    for (CitizenKernels k : {CitizenKernels::avx2, CitizenKernels::avx512}) {
      if (!use_citizen_kernels(k)) continue;  // this processor lacks them
      const auto [wide, wide_opinions] = simulate(k, n);
      ASSERT_EQ(base.size(), wide.size());
      for (size_t m = 0; m < base.size(); ++m)
        EXPECT_EQ(std::memcmp(&base[m], &wide[m], sizeof(CitizenAggregates)), 0)
            << citizen_kernels_name(k) << ", " << n << " citizens, month " << m;
      EXPECT_EQ(std::memcmp(base_opinions.data(), wide_opinions.data(), sizeof(float) * n), 0);
    }
  }
  use_citizen_kernels(before);
}

// Contacts are a random matching within each region (7.9 a): each month every citizen meets
// exactly one other of its region (one sits out where a region's size is odd), and a meeting
// conserves the pair's sum. With eps = 1 and mu = 1/2 every pair meets at its mean, so after
// one month the region's opinions come in equal pairs and its total is unchanged.
TEST(Population, ContactsAreAMatchingWithinEachRegion) {
  ParamValues p = ParamValues::defaults();
  p[Param::confidence_bound] = 1.0;
  p[Param::convergence_rate] = 0.5;
  MechanismSet contacts_only;
  for (int m = 0; m < kNumMechanisms; ++m) contacts_only.set(static_cast<Mechanism>(m), false);
  contacts_only.set(Mechanism::bounded_confidence, true);
  Rng rng(11);
  Population pop(p, 2001, rng);
  const Eigen::ArrayXf before = pop.opinions();
  for (int month = 0; month < 3; ++month) {
    const Eigen::ArrayXf start = pop.opinions();
    pop.step(CitizenInputs{}, p, contacts_only, rng);
    const Eigen::ArrayXf& after = pop.opinions();
    int begin = 0;
    for (int r = 0; r < kNumRegions; ++r) {
      const int len = pop.region_size(static_cast<Region>(r));
      EXPECT_NEAR(after.segment(begin, len).cast<double>().sum(),
                  start.segment(begin, len).cast<double>().sum(), 1e-4);
      std::vector<float> v(after.data() + begin, after.data() + begin + len);
      std::sort(v.begin(), v.end());
      int singles = 0;
      for (size_t i = 0; i < v.size();) {
        if (i + 1 < v.size() && std::abs(v[i + 1] - v[i]) <= 1e-6f * std::max(1.f, v[i])) {
          i += 2;  // a pair at its mean
        } else {
          ++singles;
          ++i;
        }
      }
      EXPECT_EQ(singles, len % 2) << "region " << r << ", month " << month;
      begin += len;
    }
  }
  // Partners change from month to month: after three months of meeting at the mean, opinions
  // have spread far less than at the start (a fixed partner would leave pairs, not mixing).
  auto sd = [](const Eigen::ArrayXf& x) { return std::sqrt((x - x.mean()).square().mean()); };
  EXPECT_LT(sd(pop.opinions()), 0.5 * sd(before));
}
