#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "stats/summary.h"

using namespace mv;

TEST(Moments, WelfordMatchesTwoPassAndMergesExactly) {
  std::vector<double> x;
  for (int i = 0; i < 1000; ++i)
    x.push_back(1e6 + std::sin(i) * 3.0);  // large offset: naive sums lose digits
  Moments all, left, right;
  for (size_t i = 0; i < x.size(); ++i) {
    all.add(x[i]);
    (i < 400 ? left : right).add(x[i]);
  }
  double mean = 0;
  for (double v : x) mean += v;
  mean /= x.size();
  double ss = 0;
  for (double v : x) ss += (v - mean) * (v - mean);
  EXPECT_NEAR(all.mean, mean, 1e-8);
  EXPECT_NEAR(all.sd(), std::sqrt(ss / (x.size() - 1)), 1e-9);
  left.merge(right);
  EXPECT_EQ(left.n, all.n);
  EXPECT_NEAR(left.mean, all.mean, 1e-8);
  EXPECT_NEAR(left.sd(), all.sd(), 1e-9);
  EXPECT_EQ(left.min, all.min);
  EXPECT_EQ(left.max, all.max);
}

TEST(Quantiles, FollowHyndmanFanType7LikeNumpyAndR) {
  const std::vector<double> s = {1, 2, 3, 4, 10};
  // numpy.quantile([1,2,3,4,10], [0.05,0.25,0.5,0.75,0.95]) = 1.2, 2, 3, 4, 8.8
  EXPECT_NEAR(quantile_sorted(s, 0.05), 1.2, 1e-12);
  EXPECT_NEAR(quantile_sorted(s, 0.25), 2.0, 1e-12);
  EXPECT_NEAR(quantile_sorted(s, 0.5), 3.0, 1e-12);
  EXPECT_NEAR(quantile_sorted(s, 0.95), 8.8, 1e-12);
  EXPECT_TRUE(std::isnan(quantile_sorted({}, 0.5)));
}

TEST(Wilson, MatchesPublishedIntervals) {
  // Wilson (1927) / Newcombe (1998) Table I: 81/263 -> 0.2553 to 0.3662
  const Proportion p = wilson_interval(81, 263);
  EXPECT_NEAR(p.estimate, 81.0 / 263, 1e-12);
  EXPECT_NEAR(p.low, 0.2553, 5e-5);
  EXPECT_NEAR(p.high, 0.3662, 5e-5);
  // 0/10 -> 0 to 0.2775 (Newcombe 1998)
  const Proportion z = wilson_interval(0, 10);
  EXPECT_EQ(z.low, 0.0);
  EXPECT_NEAR(z.high, 0.2775, 5e-5);
  EXPECT_TRUE(std::isnan(wilson_interval(0, 0).estimate));
}

TEST(Summary, MeanOfZeroOneOutcomesIsTheExactProportion) {
  std::vector<double> v(1000, 0.0);
  for (int i = 0; i < 385; ++i) v[i * 2] = 1.0;
  EXPECT_EQ(summarize(v).mean, 0.385);
}

TEST(Summary, CountsUndefinedValuesAndGivesNaNWhenTooFew) {
  const double nan = std::nan("");
  const std::vector<double> v = {nan, 2.0, nan};
  const Summary s = summarize(v);
  EXPECT_EQ(s.n, 1);
  EXPECT_EQ(s.undefined, 2);
  EXPECT_EQ(s.mean, 2.0);
  EXPECT_TRUE(std::isnan(s.sd));
  const Summary e = summarize(std::vector<double>{});
  EXPECT_EQ(e.n, 0);
  EXPECT_TRUE(std::isnan(e.mean));
}
