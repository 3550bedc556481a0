// Property tests over random valid scenarios: every parameter drawn anywhere within its declared
// bounds, random mechanism switches and random event timelines. Whatever the draw, the model
// must stay finite, keep alignment on the simplex and shares in [0, 1].
#include <gtest/gtest.h>

#include <cmath>

#include "engine/batch.h"
#include "model/model.h"
#include "scenario/scenario.h"

using namespace mv;

namespace {
Scenario random_scenario(Rng& rng, int steps) {
  Scenario sc = Scenario::defaults();
  sc.run.horizon = sc.run.start.plus(steps - 1);
  for (int i = 0; i < kNumParams; ++i) {
    const ParamSpec& p = kParameters[i];
    // Extremes are the likeliest to break things: a third of draws sit on a bound.
    const double u = rng.uniform();
    const double x = u < 1.0 / 6   ? p.lower
                     : u < 2.0 / 6 ? p.upper
                                   : p.lower + rng.uniform() * (p.upper - p.lower);
    sc.params[i].dist = Distribution::fixed_at(x);
  }
  for (int m = 0; m < kNumMechanisms; ++m) sc.mechanisms.on[m] = rng.uniform() < 0.8;
  const int n_events = static_cast<int>(rng.uniform() * 12);
  for (int k = 0; k < n_events; ++k) {
    Event e;
    e.action = static_cast<Action>(static_cast<int>(rng.uniform() * kActions.size()));
    do e.actor = static_cast<Actor>(static_cast<int>(rng.uniform() * 5));
    while (!allows(e.action, e.actor));
    const ActionSpec& a = spec(e.action);
    e.magnitude = rng.uniform() < 0.3
                      ? a.magnitude_upper
                      : a.magnitude_lower + rng.uniform() * (a.magnitude_upper - a.magnitude_lower);
    e.duration_months = 1 + static_cast<int>(rng.uniform() * 24);
    e.step = static_cast<int>(rng.uniform() * steps);
    e.date = sc.run.start.plus(e.step);
    e.id = "random_" + std::to_string(k);
    sc.events.push_back(e);
  }
  std::stable_sort(sc.events.begin(), sc.events.end(),
                   [](const Event& a, const Event& b) { return a.step < b.step; });
  return sc;
}
}  // namespace

TEST(Properties, RandomValidScenariosStayFiniteOnTheSimplexAndInRange) {
  Rng rng(20261126);
  for (int trial = 0; trial < 400; ++trial) {
    const int steps = 6 + static_cast<int>(rng.uniform() * 36);
    const Scenario sc = random_scenario(rng, steps);
    const uint64_t seed = replicate_seed(trial, 0);
    const ParamValues pv = sample_parameters(sc, seed);
    Model m(pv, sc.mechanisms, sc.events, steps, seed, 1000);
    std::array<double, kNumSeries> row;
    while (!m.finished()) {
      m.step();
      const auto& s = m.state();
      ASSERT_NEAR(s.alignment.sum(), 1.0, 1e-9) << "trial " << trial;
      ASSERT_TRUE((s.alignment >= 0).all() && (s.alignment <= 1).all()) << "trial " << trial;
      m.record(row);
      for (int k = 0; k < kNumSeries; ++k)
        ASSERT_TRUE(std::isfinite(row[k])) << kSeries[k].name << " trial " << trial;
      for (double x : {s.compliance, s.legitimacy, s.unrest, s.separatism, s.opinion_russia, s.hardship}) {
        ASSERT_GE(x, 0.0) << "trial " << trial;
        ASSERT_LE(x, 1.0) << "trial " << trial;
      }
      ASSERT_TRUE(std::isfinite(s.alt_capacity_mt) && s.alt_capacity_mt >= 0) << "trial " << trial;
    }
    for (int k = 0; k < kNumOutcomes; ++k)
      ASSERT_TRUE(std::isfinite(m.outcomes()[k])) << kOutcomes[k].name << " trial " << trial;
  }
}
