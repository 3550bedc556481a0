#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <random>
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

TEST(PairedDifference, IsTheMeanOfDifferencesWithItsNormalInterval) {
  // Differences 1, 2, 3, 6 (a NaN pair left out): mean 3, sample sd sqrt(14/3), SE sd / 2.
  const std::vector<double> a = {0, 1, 2, 3, 5};
  const std::vector<double> b = {1, 3, 5, std::nan(""), 11};
  const PairedDifference d = paired_difference(a, b);
  EXPECT_EQ(d.n, 4);
  EXPECT_DOUBLE_EQ(d.mean, 3.0);
  EXPECT_DOUBLE_EQ(d.standard_error, std::sqrt(14.0 / 3.0) / 2.0);
  EXPECT_NEAR(d.low, 3.0 - 1.959963984540054 * d.standard_error, 1e-12);  // z of 97.5%, normal tables
  EXPECT_NEAR(d.high, 3.0 + 1.959963984540054 * d.standard_error, 1e-12);
  EXPECT_TRUE(
      std::isnan(paired_difference(std::vector<double>{1.0}, std::vector<double>{2.0}).standard_error));
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

namespace {
/// Values a batch can produce and then some: duplicates, negatives, both zeros, infinities,
/// subnormals and floats widened to double (whose low bytes are all zero).
std::vector<double> awkward_values(size_t n, uint64_t seed) {
  std::mt19937_64 gen(seed);
  const double pool[] = {0.0,
                         -0.0,
                         1.0,
                         -1.0,
                         0.5,
                         1e-310,
                         -1e-310,
                         std::numeric_limits<double>::infinity(),
                         -std::numeric_limits<double>::infinity(),
                         1e300,
                         -2.5};
  std::vector<double> v(n);
  for (double& x : v) {
    switch (gen() % 4) {
      case 0:
        x = pool[gen() % std::size(pool)];
        break;
      case 1:
        x = static_cast<double>(static_cast<float>(std::ldexp(static_cast<double>(gen() % 1000) - 500, -7)));
        break;
      default:
        x = std::bit_cast<double>(gen() & ~(uint64_t{0x7ff} << 52)) * (gen() % 2 ? 1e10 : -1e-5);
        break;
    }
  }
  return v;
}
std::vector<uint64_t> sorted_bits(const std::vector<double>& v) {
  std::vector<uint64_t> b;
  for (double x : v) b.push_back(std::bit_cast<uint64_t>(x));
  std::sort(b.begin(), b.end());
  return b;
}
}  // namespace

// The sort orders as std::sort does (a permutation of the input, ascending), for sizes either
// side of the threshold at which it becomes a radix sort, which puts every -0 before every +0.
TEST(Summary, RadixSortOrdersAsStdSort) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{63}, size_t{64}, size_t{65}, size_t{100},
                   size_t{257}, size_t{1000}, size_t{4099}, kRadixSortMax, kRadixSortMax + 1}) {
    for (uint64_t seed = 1; seed <= 3; ++seed) {
      const std::vector<double> input = awkward_values(n, seed * 1000 + n);
      std::vector<double> radix = input, reference = input;
      sort_finite(radix);
      std::sort(reference.begin(), reference.end());
      ASSERT_EQ(sorted_bits(radix), sorted_bits(input)) << n;  // the same values
      for (size_t i = 0; i < n; ++i) EXPECT_EQ(radix[i], reference[i]) << n << " at " << i;
      if (n >= 64 && n <= kRadixSortMax) {  // the radix sort puts every -0 before every +0
        for (size_t i = 1; i < n; ++i) {
          if (radix[i] == 0 && radix[i - 1] == 0) {
            EXPECT_FALSE(!std::signbit(radix[i - 1]) && std::signbit(radix[i])) << n << " at " << i;
          }
        }
      }
    }
  }
}

// Where zeros of both signs sit in the input (hence in a sorted column, for std::sort) changes
// no statistic: summaries of any reordering are the same bits.
TEST(Summary, StatisticsDoNotDependOnTheOrderOfZeros) {
  for (size_t n : {10, 200, 1000}) {
    std::vector<double> v = awkward_values(n, n);
    for (double& x : v)
      if (std::isinf(x) || std::abs(x) > 1e200) x = 0.25;  // finite statistics
    for (size_t i = 0; i < n; i += 3) v[i] = (i / 3) % 2 ? 0.0 : -0.0;
    const Summary a = summarize(v);
    std::reverse(v.begin(), v.end());
    const Summary b = summarize(v);
    std::mt19937_64 gen(n);
    std::shuffle(v.begin(), v.end(), gen);
    const Summary c = summarize(v);
    EXPECT_EQ(std::memcmp(&a, &b, sizeof a), 0) << n;
    EXPECT_EQ(std::memcmp(&a, &c, sizeof a), 0) << n;
  }
}
