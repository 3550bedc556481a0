#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <vector>

#include "core/rng.h"
#include "design/design.h"
#include "stats/sensitivity.h"

using namespace mv;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = std::numbers::pi;

using Function = std::function<double(const double*)>;

std::vector<double> evaluate(const design::Matrix& d, const Function& f) {
  std::vector<double> y(d.rows());
  for (int r = 0; r < d.rows(); ++r) y[r] = f(d.row(r).data());
  return y;
}

// Ishigami & Homma (1990) on [-pi, pi]^3 with a = 7, b = 0.1.
constexpr double kA = 7, kB = 0.1;
double ishigami(const double* u) {
  const double x1 = -kPi + 2 * kPi * u[0], x2 = -kPi + 2 * kPi * u[1], x3 = -kPi + 2 * kPi * u[2];
  return std::sin(x1) + kA * std::sin(x2) * std::sin(x2) + kB * std::pow(x3, 4) * std::sin(x1);
}

// Closed forms (Ishigami & Homma 1990; Saltelli et al. 2010, sec. 4; Sobol' & Levitan 1999):
// V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8, V3 = 0, V13 = b^2 pi^8 (1/18 - 1/50), and V their
// sum.
struct Analytic {
  std::vector<double> first, total;
};
Analytic ishigami_indices() {
  const double pi4 = std::pow(kPi, 4), pi8 = pi4 * pi4;
  const double v1 = 0.5 * (1 + kB * pi4 / 5) * (1 + kB * pi4 / 5), v2 = kA * kA / 8;
  const double v13 = kB * kB * pi8 * (1.0 / 18 - 1.0 / 50);
  const double v = v1 + v2 + v13;
  return {{v1 / v, v2 / v, 0.0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

// Sobol' G function (Saltelli & Sobol' 1995): prod (|4 x_i - 2| + a_i) / (1 + a_i) on [0, 1]^k.
const std::vector<double> kG = {0, 1, 4.5, 9, 99, 99};
double g_function(const double* u) {
  double f = 1;
  for (size_t i = 0; i < kG.size(); ++i) f *= (std::abs(4 * u[i] - 2) + kG[i]) / (1 + kG[i]);
  return f;
}
// V_i = 1 / (3 (1 + a_i)^2), V = prod (1 + V_i) - 1, S_i = V_i / V,
// S_Ti = V_i prod_{j != i} (1 + V_j) / V (Saltelli et al. 2010, sec. 4).
struct GVariances {
  std::vector<double> vi;  // V_i
  double prod = 1;         // prod (1 + V_i)
  double v = 0;            // V
};
GVariances g_variances() {
  GVariances g;
  for (double a : kG) {
    g.vi.push_back(1.0 / (3 * (1 + a) * (1 + a)));
    g.prod *= 1 + g.vi.back();
  }
  g.v = g.prod - 1;
  return g;
}
Analytic g_indices() {
  const size_t k = kG.size();
  const auto [vi, prod, v] = g_variances();
  Analytic a;
  for (size_t i = 0; i < k; ++i) {
    a.first.push_back(vi[i] / v);
    a.total.push_back(vi[i] * prod / (1 + vi[i]) / v);
  }
  return a;
}

int covered(const std::vector<sensitivity::Interval>& est, const std::vector<double>& truth) {
  int c = 0;
  for (size_t i = 0; i < est.size(); ++i) c += est[i].low <= truth[i] && truth[i] <= est[i].high;
  return c;
}

void print(const char* name, const sensitivity::SobolIndices& s, const Analytic& a) {
  for (size_t i = 0; i < s.first_order.size(); ++i)
    std::printf("[ %s ] x%zu  S = %.4f [%.4f, %.4f] (true %.4f)   ST = %.4f [%.4f, %.4f] (true %.4f)\n", name,
                i + 1, s.first_order[i].estimate, s.first_order[i].low, s.first_order[i].high, a.first[i],
                s.total_order[i].estimate, s.total_order[i].low, s.total_order[i].high, a.total[i]);
}

}  // namespace

TEST(SobolIndices, RecoverTheIshigamiFunctionsAnalyticValues) {
  const Analytic truth = ishigami_indices();
  // The published values (Saltelli et al. 2010, Table 3; Marrel et al. 2009), as a check on the
  // closed forms above.
  const double published_first[] = {0.3139, 0.4424, 0.0}, published_total[] = {0.5576, 0.4424, 0.2437};
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(truth.first[i], published_first[i], 1e-4);
    EXPECT_NEAR(truth.total[i], published_total[i], 1e-4);
  }
  const int n = 1 << 13, k = 3;
  const auto y = evaluate(design::saltelli(n, k), ishigami);
  const auto s = sensitivity::sobol(y, n, k, 500, 1);
  print("Ishigami", s, truth);
  EXPECT_EQ(s.rows_used, n);
  EXPECT_EQ(s.rows_dropped, 0);
  // Total variance V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2 = 13.8446.
  EXPECT_NEAR(s.variance, 13.8446, 0.3);
  // Measured errors are about 0.001 at n = 2^13 (Sobol' points converge near 1/n); 0.01 leaves
  // room for other libm's sin and pow while still catching a wrong estimator.
  const double tolerance = 0.01;
  for (int i = 0; i < k; ++i) {
    EXPECT_NEAR(s.first_order[i].estimate, truth.first[i], tolerance) << "S_" << i + 1;
    EXPECT_NEAR(s.total_order[i].estimate, truth.total[i], tolerance) << "S_T" << i + 1;
    EXPECT_LE(s.first_order[i].low, s.first_order[i].estimate);
    EXPECT_GE(s.first_order[i].high, s.first_order[i].estimate);
  }
  // A 95% interval misses now and then; five of the six must hold the true value.
  EXPECT_GE(covered(s.first_order, truth.first) + covered(s.total_order, truth.total), 5);
}

TEST(SobolIndices, RecoverTheGFunctionsAnalyticValues) {
  const Analytic truth = g_indices();
  const int n = 1 << 13, k = static_cast<int>(kG.size());
  const auto y = evaluate(design::saltelli(n, k), g_function);
  const auto s = sensitivity::sobol(y, n, k, 500, 2);
  print("G", s, truth);
  for (int i = 0; i < k; ++i) {
    EXPECT_NEAR(s.first_order[i].estimate, truth.first[i], 0.01) << "S_" << i + 1;
    EXPECT_NEAR(s.total_order[i].estimate, truth.total[i], 0.01) << "S_T" << i + 1;
  }
  EXPECT_GE(covered(s.first_order, truth.first) + covered(s.total_order, truth.total), 2 * k - 2);
}

TEST(SobolIndices, FollowTheSaltelliAndJansenFormulasOnAHandExample) {
  // k = 1, four base rows of (f_A, f_AB, f_B). By hand: the eight f_A and f_B values have mean
  // 11/8 and population variance 9.875/8 = 1.234375; V_1 = mean((f_B - 11/8) (f_AB - f_A)) =
  // (1.625 + 0 - 0.375 - 0.375) / 4 = 0.21875; V_T1 = mean((f_A - f_AB)^2) / 2 = 3 / 8.
  const std::vector<double> y = {1, 2, 3, /**/ 2, 2, 0, /**/ 0, 1, 1, /**/ 3, 4, 1};
  const auto s = sensitivity::sobol(y, 4, 1, 0, 1);
  EXPECT_DOUBLE_EQ(s.variance, 1.234375);
  EXPECT_DOUBLE_EQ(s.first_order[0].estimate, 0.21875 / 1.234375);
  EXPECT_DOUBLE_EQ(s.total_order[0].estimate, 0.375 / 1.234375);
}

TEST(SobolIndices, BootstrapIntervalsCoverAtAboutTheirLevelOnIndependentSamples) {
  // Intervals from resampling base rows treat the rows as independent; on Sobol' points they
  // are conservative, so calibration is checked on plain Monte Carlo rows: 100 independent
  // Ishigami data sets of n = 1024 rows, a 90% interval for each of the six indices.
  const Analytic truth = ishigami_indices();
  const int n = 1024, k = 3, sets = 100;
  Rng rng(mix64(0x636f'7665'72ULL));
  int hits = 0, total = 0;
  std::vector<double> y(n * (k + 2));
  double a[3], b[3], ab[3];
  for (int set = 0; set < sets; ++set) {
    for (int r = 0; r < n; ++r) {
      for (int j = 0; j < k; ++j) a[j] = rng.uniform(), b[j] = rng.uniform();
      double* f = &y[r * (k + 2)];
      f[0] = ishigami(a);
      f[k + 1] = ishigami(b);
      for (int i = 0; i < k; ++i) {
        for (int j = 0; j < k; ++j) ab[j] = j == i ? b[j] : a[j];
        f[1 + i] = ishigami(ab);
      }
    }
    const auto s = sensitivity::sobol(y, n, k, 200, set, 0.90);
    hits += covered(s.first_order, truth.first) + covered(s.total_order, truth.total);
    total += 2 * k;
  }
  const double coverage = static_cast<double>(hits) / total;
  std::printf("[ bootstrap ] 90%% intervals cover %.3f of %d true values\n", coverage, total);
  EXPECT_GT(coverage, 0.82);
  EXPECT_LT(coverage, 0.96);
}

TEST(SobolIndices, DropAndCountBaseRowsWithAnUndefinedOutcome) {
  const int n = 1 << 12, k = 3;
  auto y = evaluate(design::saltelli(n, k), ishigami);
  const auto clean = sensitivity::sobol(y, n, k, 0, 1);
  // Poison one value in 1 of every 50 base rows, cycling over f_A, each f_AB and f_B, plus a
  // second value in an already-poisoned row (still one row) and an infinity.
  int64_t poisoned = 0;
  for (int r = 0; r < n; r += 50, ++poisoned) y[r * (k + 2) + (r / 50) % (k + 2)] = kNaN;
  y[0 * (k + 2) + 3] = kNaN;
  y[7 * (k + 2) + 1] = std::numeric_limits<double>::infinity();
  ++poisoned;
  const auto s = sensitivity::sobol(y, n, k, 200, 1);
  EXPECT_EQ(s.rows_dropped, poisoned);
  EXPECT_EQ(s.rows_used, n - poisoned);
  for (int i = 0; i < k; ++i) {
    EXPECT_TRUE(std::isfinite(s.first_order[i].estimate));
    EXPECT_TRUE(std::isfinite(s.total_order[i].low));
    EXPECT_NEAR(s.first_order[i].estimate, clean.first_order[i].estimate, 0.03);
    EXPECT_NEAR(s.total_order[i].estimate, clean.total_order[i].estimate, 0.03);
  }
}

TEST(SobolIndices, AreUndefinedWhenEveryRowIsDropped) {
  const int n = 64, k = 2;
  const std::vector<double> y(n * (k + 2), kNaN);
  const auto s = sensitivity::sobol(y, n, k, 100, 1);
  EXPECT_EQ(s.rows_used, 0);
  EXPECT_EQ(s.rows_dropped, n);
  ASSERT_EQ(s.first_order.size(), 2u);
  for (int i = 0; i < k; ++i) {
    EXPECT_TRUE(std::isnan(s.first_order[i].estimate));
    EXPECT_TRUE(std::isnan(s.first_order[i].low));
    EXPECT_TRUE(std::isnan(s.total_order[i].high));
  }
  // One row left is as undefined as none.
  std::vector<double> one(n * (k + 2), kNaN);
  for (int j = 0; j < k + 2; ++j) one[j] = j;
  EXPECT_TRUE(std::isnan(sensitivity::sobol(one, n, k, 10, 1).first_order[0].estimate));
}

TEST(SobolIndices, AreUndefinedForAConstantOutcome) {
  const int n = 256, k = 4;
  for (double c : {0.0, 0.1, 1e6 / 3}) {  // 0.1 and 1e6/3 leave rounding noise in a mean
    const std::vector<double> y(n * (k + 2), c);
    const auto s = sensitivity::sobol(y, n, k, 50, 1);
    EXPECT_EQ(s.rows_used, n);
    for (int i = 0; i < k; ++i) {
      EXPECT_TRUE(std::isnan(s.first_order[i].estimate)) << "c = " << c;
      EXPECT_TRUE(std::isnan(s.total_order[i].estimate)) << "c = " << c;
      EXPECT_TRUE(std::isnan(s.total_order[i].low)) << "c = " << c;
    }
  }
}

TEST(SobolIndices, BootstrapIsAPureFunctionOfItsSeed) {
  const int n = 256, k = 3;
  const auto y = evaluate(design::saltelli(n, k), ishigami);
  const auto a = sensitivity::sobol(y, n, k, 100, 5), b = sensitivity::sobol(y, n, k, 100, 5),
             c = sensitivity::sobol(y, n, k, 100, 6);
  for (int i = 0; i < k; ++i) {
    EXPECT_EQ(a.first_order[i].low, b.first_order[i].low);
    EXPECT_EQ(a.total_order[i].high, b.total_order[i].high);
    EXPECT_EQ(a.first_order[i].estimate, c.first_order[i].estimate);
  }
  EXPECT_NE(a.first_order[0].low, c.first_order[0].low);
  // No resamples: estimates without intervals.
  const auto none = sensitivity::sobol(y, n, k, 0, 5);
  EXPECT_EQ(none.first_order[1].estimate, a.first_order[1].estimate);
  EXPECT_TRUE(std::isnan(none.first_order[1].low));
}

TEST(SobolIndices, RefuseOutcomesThatDoNotMatchTheDesign) {
  const std::vector<double> y(10, 1.0);
  EXPECT_THROW(sensitivity::sobol(y, 4, 3, 10, 1), std::invalid_argument);  // needs 20
  const std::vector<double> ok(20, 1.0);
  EXPECT_THROW(sensitivity::sobol(ok, 4, 3, -1, 1), std::invalid_argument);
  EXPECT_THROW(sensitivity::sobol(ok, 4, 3, 10, 1, 1.5), std::invalid_argument);
}

TEST(MorrisIndices, EqualTheSlopesOfALinearFunction) {
  const std::vector<double> b = {1.0, -2.0, 0.5, 0.0, 3.0};
  const int r = 20, k = static_cast<int>(b.size());
  const auto d = design::morris(r, k, 4, 11);
  const auto y = evaluate(d.points, [&](const double* u) {
    double f = 0;
    for (int i = 0; i < k; ++i) f += b[i] * u[i];
    return f;
  });
  const auto m = sensitivity::morris(y, d);
  ASSERT_EQ(m.size(), b.size());
  for (int i = 0; i < k; ++i) {
    EXPECT_NEAR(m[i].mu, b[i], 1e-12) << "factor " << i;
    EXPECT_NEAR(m[i].mu_star, std::abs(b[i]), 1e-12) << "factor " << i;
    EXPECT_NEAR(m[i].sigma, 0.0, 1e-12) << "factor " << i;
    EXPECT_EQ(m[i].effects_used, r);
    EXPECT_EQ(m[i].effects_dropped, 0);
  }
}

TEST(MorrisIndices, RankTheGFunctionsFactorsByTheirA) {
  const int r = 100, k = static_cast<int>(kG.size());
  const auto d = design::morris(r, k, 4, 12);
  const auto m = sensitivity::morris(evaluate(d.points, g_function), d);
  for (int i = 0; i < k; ++i)
    std::printf("[ G Morris ] x%d  mu* = %.4f  sigma = %.4f\n", i + 1, m[i].mu_star, m[i].sigma);
  // mu* falls as a_i rises (a = 0, 1, 4.5, 9, 99, 99); the two a = 99 factors tie in truth.
  for (int i = 0; i + 1 < 4; ++i) EXPECT_GT(m[i].mu_star, m[i + 1].mu_star) << "factor " << i;
  EXPECT_GT(m[3].mu_star, m[4].mu_star);
  EXPECT_GT(m[3].mu_star, m[5].mu_star);
  // The G function is not monotone (|4x - 2|): effects cancel, so |mu| < mu* for the leader.
  EXPECT_LT(std::abs(m[0].mu), m[0].mu_star);
}

TEST(MorrisIndices, DropAndCountEffectsWithAnUndefinedEndpoint) {
  const std::vector<double> b = {2.0, -1.0, 4.0};
  const int r = 10, k = 3;
  const auto d = design::morris(r, k, 4, 5);
  auto y = evaluate(d.points, [&](const double* u) { return b[0] * u[0] + b[1] * u[1] + b[2] * u[2]; });
  // Point 1 of trajectory 2 ends step 0 and starts step 1: the effects of two factors go.
  y[2 * (k + 1) + 1] = kNaN;
  const int lost_a = d.changed_factor[2 * k + 0], lost_b = d.changed_factor[2 * k + 1];
  const auto m = sensitivity::morris(y, d);
  for (int i = 0; i < k; ++i) {
    const int dropped = (i == lost_a) + (i == lost_b);
    EXPECT_EQ(m[i].effects_dropped, dropped) << "factor " << i;
    EXPECT_EQ(m[i].effects_used, r - dropped) << "factor " << i;
    EXPECT_NEAR(m[i].mu, b[i], 1e-12);
  }
  // Everything undefined: NaN, no crash; one effect left: sigma undefined.
  const std::vector<double> all_nan(y.size(), kNaN);
  const auto none = sensitivity::morris(all_nan, d);
  EXPECT_TRUE(std::isnan(none[0].mu));
  EXPECT_TRUE(std::isnan(none[0].mu_star));
  EXPECT_EQ(none[0].effects_dropped, r);
  const auto single = design::morris(1, 2, 4, 1);
  const auto one = sensitivity::morris(std::vector<double>{0.0, 1.0, 3.0}, single);
  EXPECT_TRUE(std::isfinite(one[0].mu));
  EXPECT_TRUE(std::isnan(one[0].sigma));
}

TEST(MorrisIndices, RefuseOutcomesThatDoNotMatchTheDesign) {
  const auto d = design::morris(3, 2, 4, 1);
  EXPECT_THROW(sensitivity::morris(std::vector<double>(8, 0.0), d), std::invalid_argument);
}

TEST(SaltelliDesign, SecondOrderAddsTheBAMatricesAfterTheABOnes) {
  const int n = 4, k = 3;
  const auto first = design::saltelli(n, k), second = design::saltelli(n, k, true);
  ASSERT_EQ(second.rows(), n * (2 * k + 2));
  for (int i = 0; i < n; ++i) {
    const auto a = second.row(i * (2 * k + 2)), b = second.row(i * (2 * k + 2) + 2 * k + 1);
    // A, the AB^(c) and B are the first-order design's rows.
    EXPECT_EQ(a, first.row(i * (k + 2)));
    EXPECT_EQ(b, first.row(i * (k + 2) + k + 1));
    for (int c = 0; c < k; ++c) {
      EXPECT_EQ(second.row(i * (2 * k + 2) + 1 + c), first.row(i * (k + 2) + 1 + c));
      const auto ba = second.row(i * (2 * k + 2) + 1 + k + c);
      for (int j = 0; j < k; ++j) EXPECT_EQ(ba(j), j == c ? a(j) : b(j)) << "BA^(" << c << ") column " << j;
    }
  }
}

TEST(SobolIndices, SecondOrderRecoverTheIshigamiFunctionsPairs) {
  // S_12 = S_23 = 0, S_13 = V13 / V = 0.2437 (Ishigami & Homma 1990; Saltelli et al. 2010).
  const Analytic truth = ishigami_indices();
  const double s13 = truth.total[2];  // x3 acts only with x1: S_T3 = S_13
  const int n = 1 << 13, k = 3;
  const auto y = evaluate(design::saltelli(n, k, true), ishigami);
  const auto s = sensitivity::sobol(y, n, k, 200, 1, 0.95, true);
  ASSERT_EQ(s.second_order.size(), 3u);
  const double expected[3] = {0.0, s13, 0.0};  // pairs (1,2), (1,3), (2,3)
  for (size_t p = 0; p < 3; ++p) {
    std::printf("[ Ishigami ] pair %zu  S2 = %.4f [%.4f, %.4f] (true %.4f)\n", p, s.second_order[p].estimate,
                s.second_order[p].low, s.second_order[p].high, expected[p]);
    EXPECT_NEAR(s.second_order[p].estimate, expected[p], 0.03) << "pair " << p;
    EXPECT_LE(s.second_order[p].low, s.second_order[p].high);
  }
  EXPECT_EQ(sensitivity::pair_index(0, 1, k), 0u);
  EXPECT_EQ(sensitivity::pair_index(0, 2, k), 1u);
  EXPECT_EQ(sensitivity::pair_index(1, 2, k), 2u);
  // The first- and total-order indices use the same A, AB and B values: the same numbers.
  const auto y1 = evaluate(design::saltelli(n, k), ishigami);
  const auto s1 = sensitivity::sobol(y1, n, k, 200, 1);
  for (int i = 0; i < k; ++i) {
    EXPECT_EQ(s.first_order[i].estimate, s1.first_order[i].estimate);
    EXPECT_EQ(s.total_order[i].estimate, s1.total_order[i].estimate);
  }
  EXPECT_TRUE(s1.second_order.empty());
}

TEST(SobolIndices, SecondOrderRecoverTheGFunctionsProductPairs) {
  // A product of one-factor terms: V_ij = V_i V_j (Saltelli & Sobol' 1995), so S_ij = V_i V_j / V.
  const int n = 1 << 13, k = static_cast<int>(kG.size());
  const auto [vi, prod, v] = g_variances();
  const auto y = evaluate(design::saltelli(n, k, true), g_function);
  const auto s = sensitivity::sobol(y, n, k, 0, 1, 0.95, true);
  ASSERT_EQ(s.second_order.size(), static_cast<size_t>(k * (k - 1) / 2));
  for (int i = 0; i < k; ++i)
    for (int j = i + 1; j < k; ++j)
      EXPECT_NEAR(s.second_order[sensitivity::pair_index(i, j, k)].estimate, vi[i] * vi[j] / v, 0.02)
          << "pair " << i + 1 << ", " << j + 1;
  // The largest pair, (1, 2): 0.0787 against 0 for a non-interacting sum; the check can fail.
  EXPECT_GT(vi[0] * vi[1] / v, 0.05);
}

TEST(SobolIndices, SecondOrderRefuseOutcomesOfTheFirstOrderDesign) {
  const int n = 8, k = 3;
  const auto y = evaluate(design::saltelli(n, k), ishigami);
  EXPECT_THROW(sensitivity::sobol(y, n, k, 0, 1, 0.95, true), std::invalid_argument);
}

TEST(MorrisIndices, BootstrapIntervalOfMuStarIsSeededAndHoldsTheEstimate) {
  const int r = 40, k = static_cast<int>(kG.size());
  const auto d = design::morris(r, k, 4, 12);
  const auto y = evaluate(d.points, g_function);
  const auto a = sensitivity::morris(y, d, 500, 7), b = sensitivity::morris(y, d, 500, 7),
             c = sensitivity::morris(y, d, 500, 8), none = sensitivity::morris(y, d);
  bool seed_matters = false;
  for (int i = 0; i < k; ++i) {
    EXPECT_EQ(a[i].mu_star_low, b[i].mu_star_low);
    EXPECT_EQ(a[i].mu_star_high, b[i].mu_star_high);
    seed_matters = seed_matters || a[i].mu_star_low != c[i].mu_star_low;
    EXPECT_EQ(a[i].mu_star, none[i].mu_star);  // the bootstrap leaves the estimate alone
    EXPECT_TRUE(std::isnan(none[i].mu_star_low));
    EXPECT_LE(a[i].mu_star_low, a[i].mu_star);
    EXPECT_GE(a[i].mu_star_high, a[i].mu_star);
  }
  EXPECT_TRUE(seed_matters);
  // Factor 1 (a = 0) has effects of many sizes: a real interval. A linear function's effects
  // are all equal, so every resample gives the same mu*: the interval is that one value.
  EXPECT_LT(a[0].mu_star_low, a[0].mu_star_high);
  const auto lin = sensitivity::morris(evaluate(d.points, [](const double* u) { return 3 * u[0] - u[1]; }), d, 200, 1);
  EXPECT_NEAR(lin[0].mu_star_low, 3, 1e-12);
  EXPECT_NEAR(lin[0].mu_star_high, 3, 1e-12);
}

TEST(MorrisIndices, BootstrapIntervalsCoverTheTrueMuStarAtAboutTheirLevel) {
  // mu* of a factor of the G function with a = 0 on the 4-level grid, from a design of 2000
  // trajectories, against 90% intervals from 100 independent designs of 30 trajectories.
  const int k = static_cast<int>(kG.size());
  const auto big = design::morris(2000, k, 4, 99);
  const double truth = sensitivity::morris(evaluate(big.points, g_function), big)[0].mu_star;
  int covered_count = 0;
  for (int rep = 0; rep < 100; ++rep) {
    const auto d = design::morris(30, k, 4, 1000 + static_cast<uint64_t>(rep));
    const auto m = sensitivity::morris(evaluate(d.points, g_function), d, 300, static_cast<uint64_t>(rep), 0.9);
    covered_count += m[0].mu_star_low <= truth && truth <= m[0].mu_star_high;
  }
  std::printf("[ Morris bootstrap ] 90%% intervals covering mu* = %.4f: %d of 100\n", truth, covered_count);
  EXPECT_GE(covered_count, 75);
  EXPECT_LE(covered_count, 99);
}
