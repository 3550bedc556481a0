// Model v2 validation (brief, "Model v2: what validation means now"): concepts (each mechanism
// switched off removes what its concept predicts; coercion attributed to its author) and levels
// (the baseline against the observed 2022-2023 rows of data/observed). Seeds differ from those of
// results/validation.md, so these tests are not the same draws the document reports.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/batch.h"
#include "model/model.h"
#include "scenario/scenario.h"
#include "stats/summary.h"
#include "test_util.h"
#include "validation/levels.h"
#include "validation/observed.h"

using namespace mv;
namespace fs = std::filesystem;

namespace {

Scenario baseline() {
  return load_scenario(mvtest::source_dir() / "scenarios/baseline.toml");
}

BatchResult run(const Scenario& sc, int64_t runs, int64_t citizens, uint64_t seed) {
  Scenario s = sc;
  s.run.citizens = citizens;
  BatchOptions o;
  o.runs = runs;
  o.seed = seed;
  o.threads = 2;
  return run_batch(s, o);
}

/// Mean and standard error of the paired difference (b - a) of a series at one date.
struct Paired {
  double mean, se;
};
Paired paired_series(const BatchResult& a, const BatchResult& b, const Scenario& sc, const char* date, Series v) {
  const int t = parse_year_month(date)->index() - sc.run.start.index();
  Moments d;
  for (int64_t i = 0; i < a.runs; ++i)
    d.add(b.series_at(i, t, static_cast<int>(v)) - a.series_at(i, t, static_cast<int>(v)));
  return {d.mean, d.sd() / std::sqrt(static_cast<double>(d.n))};
}
Paired paired_outcome(const BatchResult& a, const BatchResult& b, Outcome k) {
  Moments d;
  for (int64_t i = 0; i < a.runs; ++i) d.add(b.outcomes[i][static_cast<int>(k)] - a.outcomes[i][static_cast<int>(k)]);
  return {d.mean, d.sd() / std::sqrt(static_cast<double>(d.n))};
}
double mean_outcome(const BatchResult& r, Outcome k) {
  double s = 0;
  for (const auto& o : r.outcomes) s += o[static_cast<int>(k)];
  return s / static_cast<double>(r.runs);
}

}  // namespace

// --- Concepts: every mechanism's ablation, its sign read from the mechanism table -----------------

class Ablation : public ::testing::TestWithParam<int> {};

TEST_P(Ablation, SwitchingTheMechanismOffMovesItsOutcomeAsTheConceptPredicts) {
  const MechanismSpec& m = kMechanisms[GetParam()];
  FactOptions o;
  o.runs = 300;
  o.citizens = 4000;
  o.seed = 11;
  const auto r = evaluate_ablations(baseline(), o, std::string(m.name));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_TRUE(r[0].holds) << m.name << " off moves " << r[0].outcome << " by " << r[0].mean_difference << " +- "
                          << r[0].standard_error << ", expected sign " << r[0].expected_sign;
}

INSTANTIATE_TEST_SUITE_P(EveryMechanism, Ablation, ::testing::Range(0, kNumMechanisms),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return std::string(kMechanisms[info.param].name);
                         });

TEST(Coercion, UnderCredibleGuaranteesAPipelineClosurePushesAwayWithoutThemItPullsToward) {
  // An 18-month, 80% Russian CPC closure from 2023-01, read at its end (2024-06). With the
  // Chinese and Turkish guarantees of the baseline, Kazakhstan balances against the coercer; with
  // no credible guarantee it bandwagons (Walt 1987) — the documents' July 2022 story is the first.
  const Scenario base = baseline();
  Scenario closure = base;
  add_event(closure, scripted_event(base, "2023-01", Actor::russia, Action::pipeline_suspension, 0.8, 18));
  const auto a = run(base, 300, 2000, 21), b = run(closure, 300, 2000, 21);
  const Paired guarded = paired_series(a, b, base, "2024-06", Series::align_russia);
  EXPECT_LT(guarded.mean, -3 * guarded.se) << guarded.mean << " +- " << guarded.se;

  Scenario bare = base;
  std::erase_if(bare.events, [](const Event& e) {
    return e.id == "xi_territorial_integrity_pledge" || e.id == "turkey_intelligence_agreement";
  });
  bare.mechanisms.set(Mechanism::credible_guarantees, false);
  Scenario bare_closure = bare;
  add_event(bare_closure, scripted_event(bare, "2023-01", Actor::russia, Action::pipeline_suspension, 0.8, 18));
  const auto c = run(bare, 300, 2000, 21), d = run(bare_closure, 300, 2000, 21);
  const Paired unguarded = paired_series(c, d, base, "2024-06", Series::align_russia);
  EXPECT_GT(unguarded.mean, 3 * unguarded.se) << unguarded.mean << " +- " << unguarded.se;
}

TEST(Coercion, AScriptedRussianSuspensionIsRussiasCoercionAThirdPartysIsNobodys) {
  const Scenario base = baseline();
  Scenario russian = base, accident = base;
  add_event(russian, scripted_event(base, "2024-03", Actor::russia, Action::pipeline_suspension, 0.5, 2));
  add_event(accident, scripted_event(base, "2024-03", Actor::third_party, Action::pipeline_suspension, 0.5, 2));
  const auto a = run(base, 100, 1000, 5), r = run(russian, 100, 1000, 5), t = run(accident, 100, 1000, 5);
  // Russia's record: one more month of coercion for the Russian suspension in every replicate.
  EXPECT_NEAR(paired_outcome(a, r, Outcome::coercion_months_russia).mean, 1.0, 0.15);
  // The same halt by a third party is no one's coercion, yet it costs the same oil.
  const Paired third = paired_outcome(a, t, Outcome::coercion_months_russia);
  EXPECT_NEAR(third.mean, 0.0, 0.15);
  EXPECT_GT(paired_outcome(a, t, Outcome::revenue_loss_bn).mean, 0.5);
  EXPECT_GT(paired_outcome(a, t, Outcome::disruption_months).mean, 1.5);
  // With weaponized interdependence off, Russia cannot use the route; a third party still can.
  Scenario russian_off = russian, accident_off = accident;
  russian_off.mechanisms.set(Mechanism::weaponized_interdependence, false);
  accident_off.mechanisms.set(Mechanism::weaponized_interdependence, false);
  const auto ro = run(russian_off, 50, 1000, 5), ao = run(accident_off, 50, 1000, 5);
  EXPECT_LT(mean_outcome(ro, Outcome::disruption_months), mean_outcome(ao, Outcome::disruption_months) - 1.5);
}

TEST(RareEvents, APretextCampaignInTheNorthMakesAnInterventionReachable) {
  const Scenario base = baseline();
  Scenario pretext = base;
  add_event(pretext, scripted_event(base, "2023-01", Actor::russia, Action::propaganda_campaign, 1.0, 24));
  add_event(pretext, scripted_event(base, "2023-01", Actor::russia, Action::military_signalling, 1.0, 24));
  const auto a = run(base, 2000, 1000, 3), b = run(pretext, 2000, 1000, 3);
  const double p0 = mean_outcome(a, Outcome::russian_intervention), p1 = mean_outcome(b, Outcome::russian_intervention);
  EXPECT_LT(p0, 0.005);  // rare in the baseline, as in 2022-2025
  EXPECT_GT(p1, p0);
  EXPECT_GE(p1 * 2000, 3.0) << "an explicit pretext campaign must make an intervention reachable";
  // A campaign on the border does not drive Kazakhstan out of the CSTO wholesale.
  EXPECT_LT(paired_outcome(a, b, Outcome::csto_exit).mean, 0.15);
}

TEST(Sanctions, ComplianceRespondsToTheThreatsCredibilityAndIsNotItsPrior) {
  Scenario low = baseline(), high = baseline();
  low.params[static_cast<int>(Param::sanctions_threat_credibility)].dist = Distribution::fixed_at(0.05);
  high.params[static_cast<int>(Param::sanctions_threat_credibility)].dist = Distribution::fixed_at(0.6);
  const auto a = run(low, 300, 1000, 9), b = run(high, 300, 1000, 9);
  EXPECT_GT(paired_outcome(a, b, Outcome::sanctions_compliance).mean, 0.1);
  // The final compliance is the model's answer, not its random initial value.
  std::vector<double> initial, final;
  for (int64_t i = 0; i < b.runs; ++i) {
    initial.push_back(b.param(i, Param::compliance_initial));
    final.push_back(b.outcomes[i][static_cast<int>(Outcome::sanctions_compliance)]);
  }
  Moments mx, my;
  for (size_t i = 0; i < initial.size(); ++i) mx.add(initial[i]), my.add(final[i]);
  double cov = 0;
  for (size_t i = 0; i < initial.size(); ++i) cov += (initial[i] - mx.mean) * (final[i] - my.mean);
  const double corr = cov / static_cast<double>(initial.size() - 1) / (mx.sd() * my.sd());
  EXPECT_LT(corr, 0.5) << "final compliance follows its prior";
}

TEST(Lenses, TwoReadingsOfRussiaGiveMateriallyDifferentHeadlineAnswers) {
  const fs::path root = mvtest::source_dir() / "scenarios";
  const Scenario threat = load_scenario(root / "baseline.toml", {root / "lenses/russia_threat.toml"});
  const Scenario collegial = load_scenario(root / "baseline.toml", {root / "lenses/russia_collegial.toml"});
  const auto a = run(threat, 300, 1000, 13), b = run(collegial, 300, 1000, 13);
  const Paired russia = paired_outcome(a, b, Outcome::align_russia);
  EXPECT_GT(russia.mean, 0.03) << "collegial minus threat reading of alignment with Russia";
  EXPECT_GT(russia.mean, 3 * russia.se);
  const Paired eu = paired_outcome(a, b, Outcome::align_eu);
  EXPECT_GT(std::abs(eu.mean), 0.03);
}

TEST(Lenses, ALensMovesKazakhstanFromTheCalibratedStartNotTheStartItself) {
  // The affinity is calibrated at the base scenario's reading: with a lens, January 2022 is the
  // same point (the observed alignment), and the lens's reading moves it from there.
  const fs::path root = mvtest::source_dir() / "scenarios";
  const Scenario plain = load_scenario(root / "baseline.toml");
  const Scenario lensed = load_scenario(root / "baseline.toml", {root / "lenses/russia_collegial.toml"});
  const uint64_t seed = replicate_seed(1, 0);
  const ParamValues c = sample_calibration(lensed, seed), p = sample_calibration(plain, seed);
  for (int i = 0; i < kNumParams; ++i) EXPECT_EQ(c.v[i], p.v[i]) << kParameters[i].name;
  Model a(sample_parameters(plain, seed), plain.mechanisms, plain.events, 24, seed, 1000, &p);
  Model b(sample_parameters(lensed, seed), lensed.mechanisms, lensed.events, 24, seed, 1000, &c);
  EXPECT_EQ(a.state().alignment[0], b.state().alignment[0]);
  while (!a.finished()) a.step(), b.step();
  EXPECT_NE(a.state().alignment[0], b.state().alignment[0]);
}

// --- Spin-up, trade ------------------------------------------------------------------------------

TEST(SpinUp, TheStartIsBurnedInNotATransientOfTheInitialDraws) {
  // With nothing happening (no events, no power moves, no shocks), the citizens' separatism and
  // polarisation barely move in the first year after a burn-in; without one they fall steeply.
  Scenario quiet = baseline();
  quiet.events.clear();
  quiet.mechanisms.set(Mechanism::power_agency, false);
  quiet.mechanisms.set(Mechanism::random_shocks, false);
  Scenario cold = quiet;
  cold.params[static_cast<int>(Param::spinup_months)].dist = Distribution::fixed_at(0);
  auto drift = [](const BatchResult& r, Series v) {
    double d = 0;
    for (int64_t i = 0; i < r.runs; ++i) d += r.series_at(i, 11, static_cast<int>(v)) - r.series_at(i, 0, static_cast<int>(v));
    return d / static_cast<double>(r.runs);
  };
  const auto warm = run(quiet, 100, 2000, 17), fresh = run(cold, 100, 2000, 17);
  for (Series v : {Series::separatist_sentiment, Series::polarisation}) {
    EXPECT_LT(std::abs(drift(warm, v)), 0.5 * std::abs(drift(fresh, v))) << kSeries[static_cast<int>(v)].name;
    EXPECT_LT(std::abs(drift(warm, v)), 0.03) << kSeries[static_cast<int>(v)].name;
  }
}

TEST(Trade, SharesStayShareLikeAndReexportsFlowOnlyWhileRussiaIsAtWar) {
  const Scenario base = baseline();
  const auto r = run(base, 50, 1000, 2);
  for (int64_t i = 0; i < r.runs; ++i) {
    EXPECT_EQ(r.series_at(i, 0, static_cast<int>(Series::reexports_bn)), 0.0);  // January 2022: no war yet
    EXPECT_GT(r.series_at(i, 12, static_cast<int>(Series::reexports_bn)), 0.0);
    for (int t = 0; t < r.steps; ++t) {
      double sum = 0;
      for (Series v : {Series::trade_share_russia, Series::trade_share_china, Series::trade_share_eu,
                       Series::trade_share_turkey}) {
        const double x = r.series_at(i, t, static_cast<int>(v));
        ASSERT_GT(x, 0.0);
        sum += x;
      }
      ASSERT_LT(sum, 1.0);
    }
  }
  // A Chinese trade restriction cuts China's share while it lasts.
  Scenario restricted = base;
  add_event(restricted, scripted_event(base, "2024-01", Actor::china, Action::trade_restriction, 0.5, 12));
  const auto b = run(restricted, 50, 1000, 2);
  EXPECT_LT(paired_series(r, b, base, "2024-06", Series::trade_share_china).mean, -0.05);
  EXPECT_NEAR(paired_outcome(r, b, Outcome::coercion_months_china).mean, 1.0, 0.1);  // (chosen moves aside)
}

// --- Levels: the observed 2022-2023 rows ----------------------------------------------------------

TEST(Levels, TheBaselineReproducesTheObserved2022And2023Levels) {
  const auto observations = load_observations(mvtest::source_dir() / "data/observed");
  FactOptions o;
  o.runs = 200;
  o.citizens = 10'000;
  o.seed = 12;
  const auto levels = evaluate_levels(baseline(), o, observations);
  EXPECT_GE(levels.size(), 24u);
  for (const auto& l : levels)
    EXPECT_TRUE(l.holds) << l.variable << " " << l.period << ": observed " << l.observed << " (" << l.low << "-"
                         << l.high << "), model " << l.statistic << " " << l.model << " +- " << l.tolerance;
}

TEST(ObservedData, EveryRowParsesAndNoHoldoutRowIsUsedForLevels) {
  const auto rows = load_observations(mvtest::source_dir() / "data/observed");
  EXPECT_GT(rows.size(), 100u);
  int holdout = 0;
  for (const auto& r : rows) holdout += r.split == "holdout";
  EXPECT_GT(holdout, 0);
  EXPECT_FALSE(find_observation(rows, "csto_member", "2024").has_value()) << "holdout rows are never matched";
  EXPECT_TRUE(find_observation(rows, "csto_member", "2023").has_value());
}

TEST(ObservedData, ABadRowIsALocatedError) {
  mvtest::TempDir dir;
  const std::string header = "variable,period,value,low,high,unit,source_key,split,note\n";
  auto expect_error = [&](const std::string& row, const std::string& what) {
    dir.write("x.csv", header + row);
    try {
      load_observations(dir.path());
      ADD_FAILURE() << "accepted: " << row;
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().line, 2) << e.what();
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  expect_error("a,2022,1,2,3,x,K,calibration,\n", "outside its range");
  expect_error("a,2022,1x,0,3,x,K,calibration,\n", "'value'");
  expect_error("a,2024,1,0,3,x,K,calibration,\n", "split 'calibration'");
  expect_error("a,22,1,0,3,x,K,calibration,\n", "period");
  expect_error("a,2022,1,0,3,x,K\n", "fields");
}
