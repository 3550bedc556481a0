#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/rng.h"
#include "design/design.h"
#include "scenario/parameters.h"

using namespace mv::design;

namespace {

// The multiplicative order of x modulo the GF(2) polynomial with bit mask `poly` (bit i is the
// coefficient of x^i) of degree s, by brute force: s <= 10 here, so at most 1023 steps.
int order_of_x(uint32_t poly, int s) {
  const uint32_t top = uint32_t{1} << s;
  uint32_t r = 1;  // x^0
  for (int e = 1; e <= (1 << s); ++e) {
    r <<= 1;  // times x, then reduce modulo poly
    if (r & top) r ^= poly;
    if (r == 1) return e;
  }
  return 0;  // x is not a unit (poly divisible by x)
}

// x^s + a_1 x^(s-1) + ... + a_(s-1) x + 1 from Joe & Kuo's (s, a) encoding.
uint32_t polynomial(int s, uint32_t a) {
  return (uint32_t{1} << s) | (a << 1) | 1u;
}

// A polynomial of degree s is primitive iff x has order 2^s - 1 modulo it: a reducible one
// leaves a ring with zero divisors, whose unit group is smaller than 2^s - 1 (Lidl &
// Niederreiter 1997, Thm 3.16 and Def. 3.15).
bool is_primitive(int s, uint32_t a) {
  return order_of_x(polynomial(s, a), s) == (1 << s) - 1;
}

// The first `count` points of a SobolSequence in `dims` dimensions, row-major.
std::vector<double> sobol_points(int dims, int count) {
  SobolSequence seq(dims);
  std::vector<double> out(static_cast<size_t>(dims) * count);
  for (int i = 0; i < count; ++i) seq.next(&out[static_cast<size_t>(i) * dims]);
  return out;
}

// True when each of the 2^(m-t) elementary boxes [.. 2^-a) x [.. 2^-(m-t-a)), a = 0..m-t, holds
// exactly 2^t of the first 2^m points of dimensions i and j: the (t, m, 2)-net property.
bool is_net(const std::vector<double>& p, int dims, int i, int j, int m, int t) {
  const int cells = 1 << (m - t);
  std::vector<int> count(cells);
  for (int a = 0; a <= m - t; ++a) {
    std::fill(count.begin(), count.end(), 0);
    const int b = m - t - a;
    for (int n = 0; n < (1 << m); ++n) {
      const int x = static_cast<int>(std::floor(p[static_cast<size_t>(n) * dims + i] * (1 << a)));
      const int y = static_cast<int>(std::floor(p[static_cast<size_t>(n) * dims + j] * (1 << b)));
      ++count[(x << b) | y];
    }
    for (int c : count)
      if (c != (1 << t)) return false;
  }
  return true;
}

}  // namespace

// Rows d = 2..last of the table the sequence uses.
std::vector<SobolDirectionRow> table_rows(int last) {
  std::vector<SobolDirectionRow> rows;
  for (int d = 2; d <= last; ++d) rows.push_back(sobol_direction_row(d));
  return rows;
}

// The dimensions the checks below cover: the 128 the project's earlier transcription held
// (SciPy's values below are for these), and for the table's own properties every row of degree
// up to 10 (the polynomial checks grow with the degree).
constexpr int kSciPyDimensions = 128, kCheckedRows = 500;

TEST(SobolDirectionNumbers, CoverEveryDimensionAfterTheFirstInTheFilesOrder) {
  const auto rows = table_rows(SobolSequence::kMaxDimensions);
  ASSERT_EQ(static_cast<int>(rows.size()), SobolSequence::kMaxDimensions - 1);
  EXPECT_THROW(sobol_direction_row(1), std::invalid_argument);
  EXPECT_THROW(sobol_direction_row(SobolSequence::kMaxDimensions + 1), std::invalid_argument);
  for (size_t r = 0; r < rows.size(); ++r) {
    EXPECT_EQ(rows[r].d, static_cast<int>(r) + 2);
    if (r == 0) continue;
    // Joe & Kuo list the primitive polynomials by degree, then by a.
    const bool ordered =
        rows[r].s > rows[r - 1].s || (rows[r].s == rows[r - 1].s && rows[r].a > rows[r - 1].a);
    EXPECT_TRUE(ordered) << "row d = " << rows[r].d;
  }
}

TEST(SobolDirectionNumbers, UseExactlyThePrimitivePolynomialsInIncreasingOrder) {
  const auto rows = table_rows(kCheckedRows);
  // Every row's polynomial is primitive over GF(2).
  for (const auto& row : rows) {
    EXPECT_LT(row.a, uint32_t{1} << (row.s - 1)) << "d = " << row.d;
    EXPECT_TRUE(is_primitive(row.s, row.a)) << "d = " << row.d << ": s = " << row.s << ", a = " << row.a;
  }
  // And no primitive polynomial is skipped: enumerating them by (degree, a) reproduces the
  // table's (s, a) columns, which also pins the counts phi(2^s - 1) / s = 1, 1, 2, 2, 6, 6, 18,
  // 16, 48 for s = 1..9 (Lidl & Niederreiter 1997, Thm 3.5).
  std::vector<std::pair<int, uint32_t>> enumerated;
  for (int s = 1; s <= 15 && enumerated.size() < rows.size(); ++s)
    for (uint32_t a = 0; a < (uint32_t{1} << (s - 1)) && enumerated.size() < rows.size(); ++a)
      if (is_primitive(s, a)) enumerated.emplace_back(s, a);
  ASSERT_EQ(enumerated.size(), rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    EXPECT_EQ(rows[r].s, enumerated[r].first) << "d = " << rows[r].d;
    EXPECT_EQ(rows[r].a, enumerated[r].second) << "d = " << rows[r].d;
  }
  // The check itself can fail: x^2 + 1 = (x + 1)^2 and x^4 + x^3 + x^2 + x + 1 (order 5) are
  // not primitive.
  EXPECT_FALSE(is_primitive(2, 0));
  EXPECT_FALSE(is_primitive(4, 7));
}

TEST(SobolDirectionNumbers, HaveOddInitialNumbersBelowTwoToTheI) {
  for (const auto& row : table_rows(SobolSequence::kMaxDimensions)) {
    for (int i = 1; i <= row.s; ++i) {
      const uint32_t m = row.m[i - 1];
      EXPECT_EQ(m % 2, 1u) << "d = " << row.d << ", m_" << i;
      EXPECT_LT(m, uint32_t{1} << i) << "d = " << row.d << ", m_" << i;
    }
    for (size_t i = row.s; i < row.m.size(); ++i) EXPECT_EQ(row.m[i], 0u) << "d = " << row.d;
  }
}

TEST(SobolSequence, StartsWithThePublishedPointsOfDimensionsOneAndTwo) {
  const auto p = sobol_points(2, 8);
  // Gray-code order (Antonov & Saleev 1979): dimension 1 is van der Corput permuted, dimension
  // 2 follows from Joe & Kuo's first row (s = 1, a = 0, m_1 = 1).
  const double dim1[] = {0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125};
  const double dim2[] = {0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625};
  for (int n = 0; n < 8; ++n) {
    EXPECT_EQ(p[2 * n], dim1[n]) << "point " << n;
    EXPECT_EQ(p[2 * n + 1], dim2[n]) << "point " << n;
  }
}

TEST(SobolSequence, MatchesSciPyAtLatePointsInHighDimensions) {
  // scipy.stats.qmc.Sobol(d=128, scramble=False).random(4096) with SciPy 1.10.1, which reads
  // the same new-joe-kuo-6.21201 table; rows 1000 and 4095, dimensions 3 to 128 (1-based). The
  // values are dyadic, so equality is exact.
  const int dims[] = {3, 10, 33, 64, 65, 100, 128};
  const double at1000[] = {0.5185546875, 0.0693359375, 0.2958984375, 0.4462890625,
                           0.1298828125, 0.1865234375, 0.5439453125};
  const double at4095[] = {0.334228515625, 0.246337890625, 0.760498046875, 0.553466796875,
                           0.130126953125, 0.962646484375, 0.261474609375};
  const auto p = sobol_points(128, 4096);
  for (int c = 0; c < 7; ++c) {
    EXPECT_EQ(p[1000 * 128 + dims[c] - 1], at1000[c]) << "dimension " << dims[c];
    EXPECT_EQ(p[4095 * 128 + dims[c] - 1], at4095[c]) << "dimension " << dims[c];
  }
}

TEST(SobolSequence, MatchesSciPyInEveryDimension) {
  // A digest of the first 4096 points of each dimension as 12-bit integers k_n = 4096 x_n,
  // h = mix64(h ^ k_n) over n (SplitMix64's finaliser: nonlinear, so no structured change of
  // the points cancels out, as it can in a polynomial hash), computed from SciPy 1.10.1's
  // scipy.stats.qmc.Sobol(d=128, scramble=False).random(4096), which reads the same
  // new-joe-kuo-6.21201 table. 4096 points use v_1..v_12 of each dimension: every m_i of the
  // table and at least two steps of its recurrence.
  const uint64_t expected[kSciPyDimensions] = {
      0xe32daa67202d6778ULL, 0xc98b1e97f9ecf1caULL, 0xf706a8588b2bfb59ULL, 0xe5add3d45779a3eaULL,
      0x66dbc4ed47863c39ULL, 0x6f2cc8ce4fa56c4fULL, 0x78ba30fcbb470106ULL, 0xbe2acd1e18cae05aULL,
      0x1a3401077ad9e24fULL, 0x51c58810dd90181eULL, 0xa395380487696820ULL, 0x58b463c9ebf28a58ULL,
      0xb04434e0a67be77eULL, 0x495501cc66914f97ULL, 0x1144c63acead8937ULL, 0x20241ea73e0adc91ULL,
      0x08c54d885fd9d6a7ULL, 0x273f501e2e5a4e4aULL, 0xd7c55523dd70f06aULL, 0x4d699892201b412fULL,
      0x4a79c926c71cba31ULL, 0xacc798519cecbb0aULL, 0x39b283de28c66c41ULL, 0xb6026f134fdd52e3ULL,
      0x383696c763032422ULL, 0xbaed55a29cf99bf0ULL, 0xe48069d164b6d3c4ULL, 0x658e98bdea78e09fULL,
      0x407a386486221a29ULL, 0xab2825fad776aa75ULL, 0xdf346e8512d127e5ULL, 0x714f6791e8be014bULL,
      0xd9e299b3e1c69d70ULL, 0x1eba46fe3bcc093eULL, 0x707e1448f10968edULL, 0x42ae63dad462b38eULL,
      0x778cefee06fc1a55ULL, 0x34c7b7796b510f5fULL, 0x5dba411200450c8fULL, 0x99201f894ab9f47aULL,
      0x8c585a6582e9cda4ULL, 0xf26725e96ac9ff4eULL, 0x2bb6bf2e0b281e54ULL, 0xad8a6caa696c7fffULL,
      0xa9ed4d8ac837b899ULL, 0xd631c980433d243bULL, 0xadeb57c41b5e315aULL, 0xdd0a091c8eba5797ULL,
      0xca08c229f25119dcULL, 0xe2309e286235f5d7ULL, 0x8e8f728c90f3e923ULL, 0x9f41afe83d7e721aULL,
      0x2857b10fc01c450bULL, 0x62171b16cd0bdb0fULL, 0xe031ae86fc468a1bULL, 0xd5b1f89bce898e92ULL,
      0xa98ba1932fab6e26ULL, 0x1296d4376dd03ba7ULL, 0x07019224e10e8befULL, 0xd8e639a9a14f5545ULL,
      0x9e8f0132efa64346ULL, 0xd790fb884e40a79fULL, 0x3c58cdecc6e75257ULL, 0x602f00aea4812efdULL,
      0xe590e785ffde994dULL, 0xdfbaa4e0f61f5b19ULL, 0xd0522309393341feULL, 0xfe2b416781524022ULL,
      0x5b15bd9fb3312e35ULL, 0xd4082ca92e15e8efULL, 0x943244119c4d0d82ULL, 0xa78c8cc3592ac538ULL,
      0x743a38bacce06f03ULL, 0x83354fd7abc47590ULL, 0xb4b3e4905b0b3a01ULL, 0x7b5b7bb674d869ddULL,
      0xa8a027acf7bf2e1dULL, 0x36d983d324005391ULL, 0xc4c3c397beafe71fULL, 0x1d4f89a137c74881ULL,
      0xde3e69ddf37784acULL, 0x1b3b48a7cecd049eULL, 0xcd3344d619f5ed98ULL, 0x37299b2aae27482bULL,
      0x80b7b1bfa240e1b8ULL, 0x050ea5e7b6dc9435ULL, 0x7b8377f4bb5b2a59ULL, 0xf9b1a1c0c14158cdULL,
      0x836df9e505d96f82ULL, 0xa51a8fe58d4b46f4ULL, 0x01562202535fa919ULL, 0xa16611a3f4aad0a2ULL,
      0xb88a5b106f58972bULL, 0x36d4665b28bfcec7ULL, 0x91d7bde06080fcdfULL, 0x43ae660fc3ffdc02ULL,
      0xb2e45051ca2080c5ULL, 0xe83c49bb441aab98ULL, 0x43c51d93532ac875ULL, 0x90491c337aa9ed4aULL,
      0xfb1f3aa3231a5379ULL, 0x097df4ddf5c2bbc2ULL, 0xe33b53404d02f13fULL, 0x48a9844a9dd35b3eULL,
      0x9e30a0e79fbc6eebULL, 0x1d1613a0f7781b35ULL, 0x46af1324df93c2c0ULL, 0x7d08c7b94d73c801ULL,
      0x9c8a29dedb3b13e0ULL, 0x6166d3e36a83859bULL, 0x754cb358a2f159cbULL, 0xc236b8424698586aULL,
      0x8978d00e671ec08aULL, 0xc7728fbb84f0e077ULL, 0x8e9443a80ea34fd5ULL, 0xac5b210fde2e2802ULL,
      0x5e19605450e61916ULL, 0x4b2611bf1155003dULL, 0x9333238cc69db240ULL, 0xbf013d51b81202caULL,
      0x0e66a4dad2eb7965ULL, 0xe8c34f9346f70c87ULL, 0xbe2aba334583b03cULL, 0x5eeac7703d2e0a77ULL,
      0xabe2919c3af19034ULL, 0xbc56f667accfb62cULL, 0xd4b52bb8ef92d853ULL, 0x2f9e79ece0d30722ULL,
  };
  const int dims = kSciPyDimensions;
  const auto p = sobol_points(dims, 4096);
  for (int j = 0; j < dims; ++j) {
    uint64_t h = 0;
    for (int n = 0; n < 4096; ++n)
      h = mv::mix64(h ^ static_cast<uint64_t>(p[static_cast<size_t>(n) * dims + j] * 4096));
    EXPECT_EQ(h, expected[j]) << "dimension " << j + 1;
  }
}

TEST(SobolSequence, PutsOnePointInEveryDyadicIntervalOfEachDimension) {
  const int dims = SobolSequence::kMaxDimensions, max_m = 10;
  const auto p = sobol_points(dims, 1 << max_m);
  for (int j = 0; j < dims; ++j) {
    for (int m = 0; m <= max_m; ++m) {
      std::vector<int> count(1 << m, 0);
      for (int n = 0; n < (1 << m); ++n)
        ++count[static_cast<int>(p[static_cast<size_t>(n) * dims + j] * (1 << m))];
      EXPECT_TRUE(std::all_of(count.begin(), count.end(), [](int c) { return c == 1; }))
          << "dimension " << j + 1 << ", m = " << m;
    }
  }
}

TEST(SobolSequence, FirstTwoDimensionsFormAZeroNet) {
  const auto p = sobol_points(2, 1 << 10);
  for (int m = 0; m <= 10; ++m) EXPECT_TRUE(is_net(p, 2, 0, 1, m, 0)) << "m = " << m;
}

TEST(SobolSequence, EveryPairOfDimensionsIsANetWithinItsDegreeBound) {
  // Sobol' (1967), Niederreiter (1988): the projection on dimensions i and j is a (t, 2)-sequence
  // with t <= (s_i - 1) + (s_j - 1), s the degree of each dimension's primitive polynomial
  // (dimension 1: x, degree 1). Holds for any odd m_i < 2^i, so a mistyped a or s shows here.
  const int dims = kSciPyDimensions, max_m = 10;
  const auto p = sobol_points(dims, 1 << max_m);
  std::vector<int> degree(dims, 1);
  for (const auto& row : table_rows(dims)) degree[row.d - 1] = row.s;
  int failures = 0;
  for (int i = 0; i < dims; ++i)
    for (int j = i + 1; j < dims; ++j)
      for (int m = 1; m <= max_m; ++m) {
        const int t = std::min(m, degree[i] + degree[j] - 2);
        if (!is_net(p, dims, i, j, m, t) && ++failures < 10)
          ADD_FAILURE() << "dimensions " << i + 1 << ", " << j + 1 << " at m = " << m << " are not a (" << t
                        << ", " << m << ", 2)-net";
      }
  EXPECT_EQ(failures, 0);
}

TEST(SobolSequence, RejectsDimensionsOutsideTheTable) {
  EXPECT_THROW(SobolSequence(0), std::invalid_argument);
  EXPECT_THROW(SobolSequence(SobolSequence::kMaxDimensions + 1), std::invalid_argument);
  EXPECT_EQ(SobolSequence(SobolSequence::kMaxDimensions).dimensions(), SobolSequence::kMaxDimensions);
}

TEST(PowerOfTwo, ReportsTheNearestPowersOtherwise) {
  int64_t lo = 0, hi = 0;
  EXPECT_TRUE(is_power_of_two(1));
  EXPECT_TRUE(is_power_of_two(1024, &lo, &hi));
  EXPECT_EQ(lo, 1024);
  EXPECT_EQ(hi, 1024);
  EXPECT_FALSE(is_power_of_two(1000, &lo, &hi));
  EXPECT_EQ(lo, 512);
  EXPECT_EQ(hi, 1024);
  EXPECT_FALSE(is_power_of_two(0, &lo, &hi));
  EXPECT_EQ(lo, 1);
  EXPECT_FALSE(is_power_of_two(-8));
  EXPECT_FALSE(is_power_of_two(int64_t{3} << 61, &lo, &hi));  // no larger power fits in int64_t
  EXPECT_EQ(lo, int64_t{1} << 62);
  EXPECT_EQ(hi, int64_t{1} << 62);
}

TEST(Saltelli, LaysOutABlockOfAThenEachABThenBPerBaseRow) {
  const int n = 16, k = 3;
  const Matrix d = saltelli(n, k);
  ASSERT_EQ(d.rows(), n * (k + 2));
  ASSERT_EQ(d.cols(), k);
  SobolSequence seq(2 * k);
  std::vector<double> p(2 * k);
  seq.next(p.data());  // the origin is skipped
  for (int i = 0; i < n; ++i) {
    seq.next(p.data());
    const int r = i * (k + 2);
    for (int j = 0; j < k; ++j) {
      EXPECT_EQ(d(r, j), p[j]);                                                          // A
      EXPECT_EQ(d(r + k + 1, j), p[k + j]);                                              // B
      for (int c = 0; c < k; ++c) EXPECT_EQ(d(r + 1 + c, j), c == j ? p[k + j] : p[j]);  // AB^(c)
    }
  }
  // The first base row is point 1 of the sequence, (0.5, ..., 0.5), not the origin.
  EXPECT_EQ(d(0, 0), 0.5);
}

TEST(Saltelli, RefusesNonPowersOfTwoNamingTheNearestOnes) {
  try {
    saltelli(1000, 3);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("512"), std::string::npos) << what;
    EXPECT_NE(what.find("1024"), std::string::npos) << what;
  }
  EXPECT_THROW(saltelli(0, 3), std::invalid_argument);
  EXPECT_THROW(saltelli(8, 0), std::invalid_argument);
}

TEST(Saltelli, TakesEveryParameterAsAFactorAndRefusesMoreThanHalfTheTable) {
  // Two Sobol' dimensions per factor: the table covers every parameter of the model.
  static_assert(2 * mv::kNumParams <= SobolSequence::kMaxDimensions);
  EXPECT_EQ(saltelli(2, mv::kNumParams).cols(), mv::kNumParams);
  const int most = SobolSequence::kMaxDimensions / 2;
  EXPECT_EQ(saltelli(2, most).cols(), most);
  EXPECT_THROW(saltelli(2, most + 1), std::invalid_argument);
}

TEST(LatinHypercube, PutsExactlyOnePointInEveryStratumOfEveryFactor) {
  for (int n : {1, 2, 7, 100, 1000}) {
    const Matrix d = latin_hypercube(n, 5, 42);
    ASSERT_EQ(d.rows(), n);
    ASSERT_EQ(d.cols(), 5);
    for (int j = 0; j < 5; ++j) {
      std::vector<int> count(n, 0);
      for (int i = 0; i < n; ++i) {
        ASSERT_GE(d(i, j), 0.0);
        ASSERT_LT(d(i, j), 1.0);
        ++count[static_cast<int>(std::floor(d(i, j) * n))];
      }
      EXPECT_TRUE(std::all_of(count.begin(), count.end(), [](int c) { return c == 1; }))
          << "n = " << n << ", factor " << j;
    }
  }
}

TEST(LatinHypercube, IsAPureFunctionOfItsSeed) {
  const Matrix a = latin_hypercube(50, 4, 7), b = latin_hypercube(50, 4, 7), c = latin_hypercube(50, 4, 8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  // Columns are permuted independently, not copies of one another.
  EXPECT_NE(a.col(0), a.col(1));
}

TEST(Designs, GiveTheSameBitsOnEveryMachine) {
  // Recorded once (x86-64, GCC); integer Fisher-Yates and uniform() from raw xoshiro bits leave
  // nothing to the standard library, so any change here is a change of the design's stream.
  const double lhs[4][2] = {{0x1.951842546d864p-1, 0x1.0e09c5f542bbep-1},
                            {0x1.11fe3fab149b4p-1, 0x1.3774980772226p-2},
                            {0x1.27aea8ed52e0ap-2, 0x1.1675108c0a24p-3},
                            {0x1.286a4d54e9444p-3, 0x1.cf9c824e566bap-1}};
  const Matrix d = latin_hypercube(4, 2, 1);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 2; ++j) EXPECT_EQ(d(i, j), lhs[i][j]) << "row " << i << ", factor " << j;
  const MorrisDesign m = morris(1, 3, 4, 1);
  const double third = 1.0 / 3, two_thirds = 2.0 / 3;
  const double points[4][3] = {{0, third, 1}, {0, 1, 1}, {two_thirds, 1, 1}, {two_thirds, 1, third}};
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 3; ++j) EXPECT_EQ(m.points(i, j), points[i][j]) << "row " << i << ", factor " << j;
  EXPECT_EQ(m.changed_factor, (std::vector<int>{1, 0, 2}));
  EXPECT_EQ(m.step_sign, (std::vector<int>{1, 1, -1}));
}

TEST(LatinHypercube, RefusesEmptyDesigns) {
  EXPECT_THROW(latin_hypercube(0, 3, 1), std::invalid_argument);
  EXPECT_THROW(latin_hypercube(3, 0, 1), std::invalid_argument);
}

TEST(FullFactorial, ListsEveryCombinationWithTheLastFactorFastest) {
  const Matrix d = full_factorial({2, 3, 1});
  ASSERT_EQ(d.rows(), 6);
  ASSERT_EQ(d.cols(), 3);
  const double expected[6][3] = {{0, 0, 0.5}, {0, 0.5, 0.5}, {0, 1, 0.5},
                                 {1, 0, 0.5}, {1, 0.5, 0.5}, {1, 1, 0.5}};
  for (int r = 0; r < 6; ++r)
    for (int j = 0; j < 3; ++j) EXPECT_EQ(d(r, j), expected[r][j]) << "row " << r << ", factor " << j;
  EXPECT_EQ(full_factorial({4, 5, 6}).rows(), 120);
  EXPECT_EQ(full_factorial({5})(4, 0), 1.0);
  EXPECT_EQ(full_factorial({5})(1, 0), 0.25);
}

TEST(FullFactorial, RefusesFactorsWithoutLevels) {
  EXPECT_THROW(full_factorial({}), std::invalid_argument);
  EXPECT_THROW(full_factorial({3, 0}), std::invalid_argument);
  EXPECT_THROW(full_factorial(std::vector<int>(40, 2)), std::invalid_argument);  // 2^40 rows
}

TEST(Morris, StepsChangeExactlyOneFactorByDelta) {
  const int r = 30, k = 6, p = 4;
  const MorrisDesign d = morris(r, k, p, 2024);
  ASSERT_EQ(d.points.rows(), r * (k + 1));
  ASSERT_EQ(d.points.cols(), k);
  ASSERT_EQ(d.changed_factor.size(), static_cast<size_t>(r * k));
  EXPECT_DOUBLE_EQ(d.delta, 2.0 / 3.0);  // p / (2 (p - 1))
  for (int t = 0; t < r; ++t)
    for (int s = 0; s < k; ++s) {
      const int row = t * (k + 1) + s, f = d.changed_factor[t * k + s];
      for (int j = 0; j < k; ++j) {
        const double change = d.points(row + 1, j) - d.points(row, j);
        if (j == f)
          EXPECT_NEAR(change, d.step_sign[t * k + s] * d.delta, 1e-12)
              << "trajectory " << t << ", step " << s;
        else
          EXPECT_EQ(change, 0.0) << "trajectory " << t << ", step " << s << ", factor " << j;
      }
    }
}

TEST(Morris, KeepsEveryPointOnTheGridInsideTheUnitCube) {
  const int p = 6;
  const MorrisDesign d = morris(40, 5, p, 9);
  std::set<int> levels_seen;
  for (int i = 0; i < d.points.rows(); ++i)
    for (int j = 0; j < d.points.cols(); ++j) {
      const double u = d.points(i, j), level = u * (p - 1);
      EXPECT_GE(u, 0.0);
      EXPECT_LE(u, 1.0);
      EXPECT_NEAR(level, std::round(level), 1e-12);
      levels_seen.insert(static_cast<int>(std::round(level)));
    }
  EXPECT_EQ(levels_seen.size(), static_cast<size_t>(p));  // random bases reach every level
}

TEST(Morris, ChangesEachFactorExactlyOncePerTrajectory) {
  const int r = 25, k = 7;
  const MorrisDesign d = morris(r, k, 4, 3);
  bool orders_differ = false;
  for (int t = 0; t < r; ++t) {
    std::vector<int> order(d.changed_factor.begin() + t * k, d.changed_factor.begin() + (t + 1) * k);
    if (t > 0 && !std::equal(order.begin(), order.end(), d.changed_factor.begin())) orders_differ = true;
    std::sort(order.begin(), order.end());
    for (int i = 0; i < k; ++i) EXPECT_EQ(order[i], i) << "trajectory " << t;
  }
  EXPECT_TRUE(orders_differ);
  EXPECT_TRUE(std::count(d.step_sign.begin(), d.step_sign.end(), 1) > 0);
  EXPECT_TRUE(std::count(d.step_sign.begin(), d.step_sign.end(), -1) > 0);
}

TEST(Morris, IsAPureFunctionOfItsSeed) {
  const MorrisDesign a = morris(10, 4, 4, 77), b = morris(10, 4, 4, 77), c = morris(10, 4, 4, 78);
  EXPECT_EQ(a.points, b.points);
  EXPECT_EQ(a.changed_factor, b.changed_factor);
  EXPECT_EQ(a.step_sign, b.step_sign);
  EXPECT_NE(a.points, c.points);
}

TEST(Morris, RefusesGridsWhereDeltaIsOffTheGrid) {
  EXPECT_THROW(morris(10, 3, 5, 1), std::invalid_argument);
  EXPECT_THROW(morris(10, 3, 0, 1), std::invalid_argument);
  EXPECT_THROW(morris(0, 3, 4, 1), std::invalid_argument);
  EXPECT_EQ(morris(1, 1, 2, 1).delta, 1.0);
}
