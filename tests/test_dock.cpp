// Docking: each classic submodel run alone reproduces its published result over a range of
// parameters (Axtell et al. 1996 "docking"); the composed model uses the same rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "dock/dock.h"
#include "model/rules.h"
#include "test_util.h"

using namespace mv;
using namespace mv::dock;

namespace {
double mean_of(int runs, const std::function<double(Rng&)>& f) {
  double s = 0;
  for (int r = 0; r < runs; ++r) {
    Rng rng(replicate_seed(17, r), Stream::kModel);
    s += f(rng);
  }
  return s / runs;
}
}  // namespace

TEST(DockGranovetter, ParticipationJumpsFromFewToNearlyAllAsTheSpreadPassesAbout012) {
  // Granovetter (1978): normal thresholds with mean 0.25; below a spread of about 0.12 the
  // cascade stalls at a few percent, above it nearly everyone joins.
  for (double sd : {0.02, 0.05, 0.08, 0.10})
    EXPECT_LT(mean_of(20, [&](Rng& r) { return granovetter_cascade(1000, 0.25, sd, r); }), 0.1) << sd;
  for (double sd : {0.14, 0.16, 0.2, 0.3})
    EXPECT_GT(mean_of(20, [&](Rng& r) { return granovetter_cascade(1000, 0.25, sd, r); }), 0.9) << sd;
}

TEST(DockDeffuant, ClustersNumberAboutOneOverTwoEpsilonAndConsensusForLargeBounds) {
  // Deffuant et al. (2000): about 1/(2 eps) major clusters for small eps; consensus for large.
  for (double eps : {0.1, 0.15, 0.2, 0.25}) {
    const double clusters =
        mean_of(10, [&](Rng& r) { return deffuant_clusters(1000, eps, 0.5, 200000, r).major; });
    // between floor and ceil of 1/(2 eps), less a little for small edge clusters (< 5% of agents)
    EXPECT_GE(clusters, std::floor(1.0 / (2.0 * eps)) - 0.9) << eps;
    EXPECT_LE(clusters, std::ceil(1.0 / (2.0 * eps)) + 0.6) << eps;
  }
  for (double eps : {0.35, 0.5})
    EXPECT_EQ(mean_of(10, [&](Rng& r) { return deffuant_clusters(1000, eps, 0.5, 200000, r).major; }), 1.0)
        << eps;
}

TEST(DockEpstein, RebellionComesInBurstsAndFallsWithLegitimacy) {
  // Epstein (2002) Model I: grievance H(1-L); punctuated outbursts rather than steady rebellion.
  EpsteinParams p;  // the paper's defaults as used by other implementations (Mesa)
  for (int run = 0; run < 3; ++run) {
    Rng rng(replicate_seed(5, run), Stream::kModel);
    const EpsteinResult r = epstein_civil_violence(p, rng);
    EXPECT_GE(r.bursts, 1);
    EXPECT_GE(r.peak_active, 10.0 * std::max(1.0, r.median_active)) << "no burst above the quiet level";
  }
  // Over a range of legitimacy, more legitimacy means less rebellion (J_max 30, cops 4%).
  p.max_jail = 30;
  p.cop_density = 0.04;
  p.ticks = 300;
  double previous = 1e9;
  for (double legitimacy : {0.6, 0.75, 0.9}) {
    p.legitimacy = legitimacy;
    const double active = mean_of(2, [&](Rng& r) { return epstein_civil_violence(p, r).mean_active; });
    EXPECT_LT(active, previous) << legitimacy;
    previous = active;
  }
}

TEST(DockLogit, ClosedFormMatchesHandComputedValues) {
  // u = (0, 0.5, 1), lambda = 2: weights 1, e, e^2 -> 0.0900306, 0.2447285, 0.6652410.
  const double u[3] = {0.0, 0.5, 1.0};
  double p[3];
  rules::logit_probabilities(u, 2.0, p);
  EXPECT_NEAR(p[0], 0.0900306, 1e-7);
  EXPECT_NEAR(p[1], 0.2447285, 1e-7);
  EXPECT_NEAR(p[2], 0.6652410, 1e-7);
  // lambda = 0: uniform choice; large lambda: the best option almost surely.
  rules::logit_probabilities(u, 0.0, p);
  EXPECT_NEAR(p[1], 1.0 / 3, 1e-12);
  rules::logit_probabilities(u, 50.0, p);
  EXPECT_GT(p[2], 0.9999);
}

TEST(DockLogit, ChoiceSharesEqualTheClosedForm) {
  for (double lambda : {0.5, 2.0, 10.0}) {
    const double u[3] = {0.0, 0.5, 1.0};
    double p[3];
    rules::logit_probabilities(u, lambda, p);
    Rng rng(replicate_seed(3, static_cast<uint64_t>(lambda * 10)), Stream::kModel);
    const int n = 100000;
    int count[3] = {0, 0, 0};
    for (int i = 0; i < n; ++i) ++count[rules::logit_choice(u, lambda, rng.uniform())];
    for (int k = 0; k < 3; ++k)
      EXPECT_NEAR(count[k] / double(n), p[k], 4 * std::sqrt(p[k] * (1 - p[k]) / n)) << lambda << " " << k;
  }
}

TEST(DockCli, WritesOneRowPerReplicateAndRejectsUnknownNames) {
  auto r = mvtest::run_cli({"dock", "granovetter", "--sd", "0.2", "--runs", "4", "--seed", "9"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = mvtest::parse_csv(r.out);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"run", "seed", "n", "mean", "sd", "participation"}));
  EXPECT_EQ(rows[1][4], "0.2");
  auto bad = mvtest::run_cli({"dock", "granoveter"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("did you mean 'granovetter'"), std::string::npos) << bad.err;
  auto badp = mvtest::run_cli({"dock", "deffuant", "--epsilonn", "0.2"});
  EXPECT_EQ(badp.exit_code, 2);
  EXPECT_NE(badp.err.find("did you mean '--epsilon'"), std::string::npos) << badp.err;
  auto range = mvtest::run_cli({"dock", "epstein", "--legitimacy", "1.5"});
  EXPECT_EQ(range.exit_code, 2);
  EXPECT_NE(range.err.find("[0, 1]"), std::string::npos) << range.err;
}

TEST(DockEpstein, NeighbourhoodStaysOnTheTorusAndCountsEachSiteOnceWhenVisionWraps) {
  // Issue 18 #1: a vision longer than the torus is wide or high read outside the grid.
  std::vector<int> seen;
  for (const bool moore : {false, true})
    for (const auto [w, h] : {std::pair{5, 5}, std::pair{5, 40}, std::pair{40, 5}, std::pair{6, 7}})
      for (const int vision : {1, 2, 3, 7, 100})
        for (const int cell : {0, w - 1, w * h / 2, w * h - 1}) {
          epstein_neighbourhood(cell, w, h, vision, moore, seen);
          std::vector<int> sorted = seen;
          std::sort(sorted.begin(), sorted.end());
          EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << w << "x" << h;
          for (const int c : seen) {
            EXPECT_GE(c, 0) << w << "x" << h << " vision " << vision << " cell " << cell;
            EXPECT_LT(c, w * h) << w << "x" << h << " vision " << vision << " cell " << cell;
            EXPECT_NE(c, cell);
          }
          if (moore && 2 * vision + 1 >= std::max(w, h))
            EXPECT_EQ(static_cast<int>(seen.size()), w * h - 1);  // the whole torus but oneself
        }
  // Within the torus nothing changes: 4 x vision sites on the lines (Epstein 2002).
  epstein_neighbourhood(0, 40, 40, 7, false, seen);
  EXPECT_EQ(seen.size(), 28u);
}

TEST(DockCli, SmallestTorusRunsAndIntegerOptionsRefuseFractions) {
  for (const char* side : {"--height", "--width"}) {
    const auto r = mvtest::run_cli({"dock", "epstein", side, "5", "--runs", "2", "--ticks", "20"});
    EXPECT_EQ(r.exit_code, 0) << side << ": " << r.err;
    EXPECT_EQ(mvtest::parse_csv(r.out).size(), 3u) << r.out;
  }
  for (const auto& [model, option] : std::vector<std::pair<std::string, std::string>>{
           {"epstein", "--width"}, {"epstein", "--ticks"}, {"deffuant", "--n"}, {"logit", "--draws"}}) {
    const auto r = mvtest::run_cli({"dock", model, option, "10.5"});
    EXPECT_EQ(r.exit_code, 2) << model << " " << option;
    EXPECT_NE(r.err.find("is not a whole number; expected an integer"), std::string::npos) << r.err;
  }
}
