#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "core/calendar.h"
#include "core/rng.h"
#include "core/suggest.h"

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
