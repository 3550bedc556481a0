// Scenario discovery: PRIM and CART on planted boxes, the trade-off curve, determinism, the
// binomial tail and the quantile rule checked by hand, and `multivector discover` end to end.
#include <gtest/gtest.h>

#include <random>

#include "discovery/cart.h"
#include "discovery/discovery.h"
#include "discovery/prim.h"
#include "test_util.h"

using namespace mv::discovery;

namespace {

/// Uniform x1..x5 on [0, 1]; y = 1 exactly when x1 > 0.7 and x2 < 0.3 (x3..x5 are noise).
Cases planted(int n, uint64_t seed) {
  Cases c;
  c.names = {"x1", "x2", "x3", "x4", "x5"};
  c.x.assign(5, std::vector<double>(n));
  std::mt19937_64 rng(seed);
  for (int i = 0; i < n; ++i) {
    // 53 random bits per value: the same numbers with any standard library.
    for (auto& col : c.x) col[i] = static_cast<double>(rng() >> 11) * 0x1.0p-53;
    c.y.push_back(c.x[0][i] > 0.7 && c.x[1][i] < 0.3);
  }
  return c;
}

}  // namespace

TEST(Prim, RecoversAPlantedBox) {
  const Cases c = planted(2000, 7);
  const PrimResult r = prim(c);
  const PrimBox& box = r.boxes.back();
  EXPECT_NEAR(box.limits.lower[0], 0.7, 0.05);
  EXPECT_FALSE(r.is_restricted(box, 0, true));
  EXPECT_NEAR(box.limits.upper[1], 0.3, 0.05);
  EXPECT_FALSE(r.is_restricted(box, 1, false));
  for (int j = 2; j < 5; ++j) {
    EXPECT_FALSE(r.is_restricted(box, j, false)) << c.names[j];
    EXPECT_FALSE(r.is_restricted(box, j, true)) << c.names[j];
  }
  EXPECT_EQ(box.restricted, 2);
  EXPECT_GT(box.density, 0.95);
  EXPECT_GT(box.coverage, 0.9);
  // Both restrictions matter: releasing either leaves a far lower share of cases of interest.
  EXPECT_LT(box.qp_lower[0], 1e-6);
  EXPECT_LT(box.qp_upper[1], 1e-6);
  EXPECT_TRUE(std::isnan(box.qp_upper[0]));
}

TEST(Prim, PeelingTrajectoryTradesCoverageForDensity) {
  const PrimResult r = prim(planted(2000, 11));
  ASSERT_GT(r.boxes.size(), 5u);
  EXPECT_DOUBLE_EQ(r.boxes[0].coverage, 1.0);
  EXPECT_DOUBLE_EQ(r.boxes[0].mass, 1.0);
  for (size_t b = 1; b < r.boxes.size() && !r.boxes[b].pasted; ++b) {
    EXPECT_LE(r.boxes[b].coverage, r.boxes[b - 1].coverage) << b;
    EXPECT_GT(r.boxes[b].density, r.boxes[b - 1].density) << b;
    EXPECT_LT(r.boxes[b].mass, r.boxes[b - 1].mass) << b;
    EXPECT_GE(r.boxes[b].mass, 0.05) << b;
  }
}

TEST(Prim, IsDeterministic) {
  const Cases c = planted(1500, 3);
  EXPECT_EQ(trajectory_csv(c, prim(c)), trajectory_csv(c, prim(c)));
  const CartTree a = cart(c), b = cart(c);
  EXPECT_EQ(tree_text(c, a), tree_text(c, b));
}

TEST(Prim, StopsAtTheMinimumMass) {
  // A box of 2% of the cases: peeling may not go below 5% of them.
  Cases c = planted(2000, 5);
  for (int i = 0; i < c.size(); ++i) c.y[i] = c.x[0][i] > 0.98;
  const PrimResult r = prim(c);
  for (const auto& b : r.boxes) EXPECT_GE(b.mass, 0.05);
}

TEST(Prim, QuantileMatchesTheSdtoolkitRule) {
  // (n-1)q = 0.2 falls between the first two values: their midpoint.
  EXPECT_DOUBLE_EQ(peel_quantile({1, 2, 3, 4, 5}, 0.05), 1.5);
  EXPECT_DOUBLE_EQ(peel_quantile({1, 2, 3, 4, 5}, 0.95), 4.5);
  // Ties are stepped over so that the cut separates two distinct values.
  EXPECT_DOUBLE_EQ(peel_quantile({1, 1, 1, 2}, 0.05), 1.5);
  EXPECT_DOUBLE_EQ(peel_quantile({1, 2, 2, 2}, 0.95), 1.5);
  EXPECT_DOUBLE_EQ(peel_quantile({3, 3, 3}, 0.05), 3.0);
}

TEST(Prim, BinomialTailMatchesTheClosedForm) {
  // P(X >= 8), X ~ B(10, 1/2) = (C(10,8) + C(10,9) + C(10,10)) / 2^10 = 56/1024.
  EXPECT_NEAR(binomial_upper_tail(8, 10, 0.5), 56.0 / 1024.0, 1e-14);
  // P(X >= 1), X ~ B(3, 0.2) = 1 - 0.8^3.
  EXPECT_NEAR(binomial_upper_tail(1, 3, 0.2), 1 - 0.512, 1e-14);
  EXPECT_EQ(binomial_upper_tail(0, 5, 0.3), 1.0);
  EXPECT_EQ(binomial_upper_tail(3, 5, 0.0), 0.0);
}

TEST(Cart, FindsThePlantedSplits) {
  const Cases c = planted(2000, 7);
  const CartTree t = cart(c);
  ASSERT_GE(t.nodes.size(), 5u);
  const CartNode& root = t.nodes[0];
  ASSERT_TRUE(root.dimension == 0 || root.dimension == 1);
  const double truth[2] = {0.7, 0.3};
  EXPECT_NEAR(root.threshold, truth[root.dimension], 0.05);
  // The side that holds the box (x1 > t or x2 <= t) splits next on the other dimension.
  const CartNode& side = t.nodes[root.dimension == 0 ? root.right : root.left];
  const int other = 1 - root.dimension;
  ASSERT_EQ(side.dimension, other);
  EXPECT_NEAR(side.threshold, truth[other], 0.05);
  // The leaf of the box is pure, the other side of the root holds no case of interest.
  const CartNode& box = t.nodes[other == 0 ? side.right : side.left];
  EXPECT_EQ(box.k, box.n);
  EXPECT_EQ(t.nodes[root.dimension == 0 ? root.left : root.right].k, 0);
}

TEST(Cart, GiniIsTwicePTimesOneMinusP) {
  EXPECT_DOUBLE_EQ(gini(0, 10), 0.0);
  EXPECT_DOUBLE_EQ(gini(5, 10), 0.5);
  EXPECT_DOUBLE_EQ(gini(1, 4), 0.375);
}

namespace {

/// A runs.csv whose csto_exit happens exactly when csto_exit_alignment > 0.1 and
/// csto_exit_hazard > 0.06 (and hedging_premium is noise), as `multivector run` lays it out.
std::string planted_runs_csv() {
  const Cases c = planted(1000, 21);
  std::string s = "run,seed,csto_exit_alignment,csto_exit_hazard,hedging_premium,balance_index,csto_exit\r\n";
  for (int i = 0; i < c.size(); ++i) {
    const double align = 0.06 + 0.06 * c.x[0][i], hazard = 0.02 + 0.08 * (1 - c.x[1][i]);
    s += std::to_string(i) + ",1," + std::to_string(align) + "," + std::to_string(hazard) + "," +
         std::to_string(c.x[2][i]) + "," + std::to_string(c.x[3][i]) + "," + (c.y[i] ? "1" : "0") + "\r\n";
  }
  return s;
}

}  // namespace

TEST(DiscoverCommand, NamesThePlantedBoxInPlainNamesAndUnits) {
  mvtest::TempDir dir;
  dir.write("b/runs.csv", planted_runs_csv());
  const auto r = mvtest::run_cli({"discover", (dir.path() / "b").string(), "--outcome", "csto_exit", "--event"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("csto_exit_alignment >= 0.1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("share"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("csto_exit_hazard >= "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1/month"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Alignment with Russia below which Kazakhstan considers leaving the CSTO"), std::string::npos);
  EXPECT_EQ(r.out.find("hedging_premium <="), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("hedging_premium >="), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("CART"), std::string::npos);
  const auto rows = mvtest::parse_csv(mvtest::read_file(dir.path() / "b" / "discovery.csv"));
  ASSERT_GT(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"box", "phase", "coverage", "density", "mass", "n",
                                               "cases_of_interest", "restricted_dims", "restrictions"}));
  EXPECT_EQ(rows[1][1], "all");
  EXPECT_EQ(rows[1][2], "1");
  // A second run refuses to replace discovery.csv without --force.
  const auto again = mvtest::run_cli({"discover", (dir.path() / "b").string(), "--outcome", "csto_exit"});
  EXPECT_EQ(again.exit_code, 2);
}

TEST(DiscoverCommand, ReadsASweepsReplicatesWithItsFactors) {
  mvtest::TempDir dir;
  const Cases c = planted(800, 4);
  std::string points = "point,csto_exit_alignment,replicates,csto_exit_mean\r\n";
  std::string reps = "point,replicate,seed,hedging_premium,csto_exit\r\n";
  for (int p = 0; p < 8; ++p) points += std::to_string(p) + "," + std::to_string(p / 8.0) + ",100,0\r\n";
  for (int i = 0; i < c.size(); ++i) {
    const int p = i % 8;
    reps += std::to_string(p) + "," + std::to_string(i / 8) + ",1," + std::to_string(c.x[1][i]) + "," +
            (p >= 6 ? "1" : "0") + "\r\n";
  }
  dir.write("s/points.csv", points);
  dir.write("s/replicates.csv", reps);
  const auto r = mvtest::run_cli({"discover", (dir.path() / "s").string(), "--outcome", "csto_exit"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("csto_exit_alignment >= 0.6875"), std::string::npos) << r.out;
}

TEST(DiscoverCommand, RefusesAContinuousOutcomeWithoutAThreshold) {
  mvtest::TempDir dir;
  dir.write("b/runs.csv", planted_runs_csv());
  const auto r = mvtest::run_cli({"discover", (dir.path() / "b").string(), "--outcome", "balance_index"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("expected --threshold X"), std::string::npos) << r.err;
  const auto t = mvtest::run_cli(
      {"discover", (dir.path() / "b").string(), "--outcome", "balance_index", "--threshold", "0.5", "--below"});
  EXPECT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.out.find("balance_index < 0.5"), std::string::npos) << t.out;
}
