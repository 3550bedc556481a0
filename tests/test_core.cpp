#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>

#include "core/calendar.h"
#include "core/rng.h"
#include "core/suggest.h"
#include "core/vector_math.h"

using namespace mv;

TEST(Suggest, FindsTheNearestNameForATypo) {
  const std::vector<std::string> names = {"hedging_premium", "max_alignment_step", "russia_attention"};
  EXPECT_EQ(closest_match("hedging_premum", names), "hedging_premium");
  EXPECT_EQ(closest_match("russia_atention", names), "russia_attention");
  EXPECT_EQ(closest_match("completely_different", names), "");
}

TEST(Suggest, CountsATranspositionAsOneEdit) {
  EXPECT_EQ(edit_distance("seed", "sede"), 1);
  EXPECT_EQ(edit_distance("abc", "abc"), 0);
  EXPECT_EQ(edit_distance("", "abc"), 3);
}

TEST(Calendar, ParsesStrictYearMonth) {
  ASSERT_TRUE(parse_year_month("2022-07"));
  EXPECT_EQ(parse_year_month("2022-07")->month, 7);
  for (const char* bad : {"2022-7", "2022-13", "2022-00", "22-07", "2022/07", "2022-07x", "2022-07-01", ""})
    EXPECT_FALSE(parse_year_month(bad)) << bad;
}

TEST(Calendar, MonthArithmeticCrossesYears) {
  const YearMonth m{2022, 11};
  EXPECT_EQ(m.plus(3).to_string(), "2023-02");
  EXPECT_EQ(YearMonth({2030, 12}).index() - YearMonth({2022, 1}).index() + 1, 108);
}

TEST(Rng, ReplicateSeedsDoNotCollideLikeSeedPlusIndex) {
  // seed + index would give seed 1 / run 2 == seed 2 / run 1.
  EXPECT_NE(replicate_seed(1, 2), replicate_seed(2, 1));
  std::set<uint64_t> seen;
  for (uint64_t s = 0; s < 50; ++s)
    for (uint64_t r = 0; r < 200; ++r) seen.insert(replicate_seed(s, r));
  EXPECT_EQ(seen.size(), 50u * 200u);
}

TEST(Rng, SameSeedGivesSameStreamAndStreamsDiffer) {
  Rng a(42, Stream::kModel), b(42, Stream::kModel), c(42, Stream::kParameters), d(43, Stream::kModel);
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.next();
    EXPECT_EQ(x, b.next());
    EXPECT_NE(x, c.next());
    EXPECT_NE(x, d.next());
  }
}

TEST(Rng, UniformHasTheRightMomentsAndStreamsAreUncorrelated) {
  Rng a(replicate_seed(7, 0), Stream::kModel), b(replicate_seed(7, 1), Stream::kModel);
  const int n = 200000;
  double s = 0, s2 = 0, sab = 0;
  for (int i = 0; i < n; ++i) {
    const double x = a.uniform(), y = b.uniform();
    ASSERT_GE(x, 0.0);
    ASSERT_LT(x, 1.0);
    s += x;
    s2 += x * x;
    sab += (x - 0.5) * (y - 0.5);
  }
  const double mean = s / n, var = s2 / n - mean * mean;
  EXPECT_NEAR(mean, 0.5, 4 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(var, 1.0 / 12, 0.002);
  // correlation of two replicates' streams: sd of the estimate is 1/sqrt(n)
  EXPECT_NEAR(sab / n / (1.0 / 12), 0.0, 4.0 / std::sqrt(n));
}

TEST(Rng, NormalHasUnitVariance) {
  Rng r(99);
  const int n = 200000;
  double s = 0, s2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = r.normal();
    s += x;
    s2 += x * x;
  }
  EXPECT_NEAR(s / n, 0.0, 4.0 / std::sqrt(n));
  EXPECT_NEAR(s2 / n, 1.0, 0.02);
}

// The vectorisable float math of the citizens' loops, against the C library in double.
TEST(VectorMath, ExpLogAndSincosAreAccurateOnTheirRanges) {
  double worst_exp = 0, worst_log = 0, worst_sin = 0, worst_cos = 0;
  for (int i = 0; i <= 200000; ++i) {
    const float z = -80.f + 160.f * static_cast<float>(i) / 200000.f;
    const double e = std::exp(static_cast<double>(z));
    worst_exp = std::max(worst_exp, std::abs(static_cast<double>(vmath::exp(z)) - e) / e);
    // (0, 1], geometrically from 2^-24 (the smallest open uniform) to 1.
    const float u = std::exp2(-24.f * static_cast<float>(200000 - i) / 200000.f);
    const double l = std::log(static_cast<double>(u));
    worst_log = std::max(worst_log, std::abs(static_cast<double>(vmath::log(u)) - l) / std::max(1.0, -l));
    const float x = -0.5f + static_cast<float>(i) / 200000.f;  // [-1/2, 1/2]
    float s, c;
    vmath::sincos_turns(x, s, c);
    const double a = 2 * std::numbers::pi * static_cast<double>(x);
    worst_sin = std::max(worst_sin, std::abs(static_cast<double>(s) - std::sin(a)));
    worst_cos = std::max(worst_cos, std::abs(static_cast<double>(c) - std::cos(a)));
  }
  EXPECT_LT(worst_exp, 3e-7);
  EXPECT_LT(worst_log, 3e-7);
  EXPECT_LT(worst_sin, 3e-7);
  EXPECT_LT(worst_cos, 3e-7);
  EXPECT_FLOAT_EQ(vmath::exp(-1000.f), vmath::exp(-80.f));  // clamped, never 0 or a denormal trap
  EXPECT_FLOAT_EQ(vmath::exp(std::nanf("")), vmath::exp(-80.f));
  EXPECT_EQ(vmath::log(1.f), 0.f);
  // Tiny and extreme words: the smallest open uniform gives the largest radius, about 5.77.
  float z0, z1;
  vmath::box_muller(vmath::uniform23_open(0), 0.25f, z0, z1);
  EXPECT_NEAR(std::hypot(z0, z1), std::sqrt(-2 * std::log(0.5 * 0x1.0p-23)), 1e-5);
  EXPECT_EQ(vmath::uniform24(0xffffffffu), 1.f - 0x1.0p-24f);
  EXPECT_GT(vmath::uniform23_open(0xffffffffu), 0.f);
  EXPECT_LT(vmath::uniform23_open(0xffffffffu), 1.f);
}

TEST(VectorMath, BoxMullerNormalsHaveTheMomentsAndTailsOfTheNormal) {
  Rng rng(2024);
  const int n = 400000;
  double sum = 0, sq = 0, cross = 0;
  int beyond2 = 0;
  for (int i = 0; i < n / 2; ++i) {
    const uint64_t x = rng.next();
    float z0, z1;
    vmath::box_muller(vmath::uniform23_open(static_cast<uint32_t>(x)),
                      vmath::uniform24(static_cast<uint32_t>(x >> 32)), z0, z1);
    for (float z : {z0, z1}) {
      sum += z;
      sq += static_cast<double>(z) * z;
      beyond2 += std::abs(z) > 2.f;
    }
    cross += static_cast<double>(z0) * z1;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sq / n, 1.0, 0.01);
  EXPECT_NEAR(cross / (n / 2), 0.0, 0.01);                       // the pair is uncorrelated
  EXPECT_NEAR(static_cast<double>(beyond2) / n, 0.0455, 0.002);  // P(|Z| > 2) = 4.55%
}
