#include "stats/sensitivity.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/rng.h"
#include "stats/summary.h"

namespace mv::sensitivity {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr uint64_t kBootstrapStream = 0x626f'6f74'7374'7270ULL;  // "bootstrp"

// Unbiased integer in [0, bound): reject the 2^64 mod bound smallest raw values.
uint64_t bounded(Rng& rng, uint64_t bound) {
  const uint64_t threshold = (0 - bound) % bound;
  for (;;) {
    const uint64_t x = rng.next();
    if (x >= threshold) return x % bound;
  }
}

// The outcomes of one Saltelli base row: f(A), f(AB^(1..k)), [f(BA^(1..k)),] f(B), contiguous.
struct Rows {
  const double* y;
  int k;
  bool second_order;
  int width() const { return second_order ? 2 * k + 2 : k + 2; }
  const double* row(int64_t r) const { return y + r * width(); }
  int b() const { return width() - 1; }  // f(B)'s place in a row
};

struct Estimates {
  std::vector<double> first, total, second;
  double variance;
};

// Point estimates over the base rows listed in `rows` (indices into the used rows).
// Saltelli et al. (2010) Table 2 (b): V_i = mean((f_B - mean f) (f_ABi - f_A)); Jansen (1999), Saltelli et
// al. (2010) Table 2 (f): V_Ti = mean((f_A - f_ABi)^2) / 2; both divided by the variance of
// the 2N values f_A and f_B together (population form, as SALib's sobol.analyze).
Estimates estimate(const Rows& data, std::span<const int64_t> rows) {
  const int k = data.k, b = data.b();
  const double n = static_cast<double>(rows.size());
  Estimates e{std::vector<double>(k, kNaN), std::vector<double>(k, kNaN),
              std::vector<double>(data.second_order ? static_cast<size_t>(k) * (k - 1) / 2 : 0, kNaN), kNaN};
  if (rows.size() < 2) return e;
  // Two passes: a mean first, so that outcomes with a large common offset keep their digits.
  double mean = 0, lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (int64_t r : rows) {
    const double* f = data.row(r);
    mean += f[0] + f[b];
    lo = std::min({lo, f[0], f[b]});
    hi = std::max({hi, f[0], f[b]});
  }
  mean /= 2 * n;
  double ss = 0;
  for (int64_t r : rows) {
    const double* f = data.row(r);
    ss += (f[0] - mean) * (f[0] - mean) + (f[b] - mean) * (f[b] - mean);
  }
  const double variance = ss / (2 * n);
  e.variance = variance;
  // Zero variance: every index is 0/0. A constant f can leave a variance of rounding noise,
  // (ulp of the mean)^2, so anything at that level counts as zero too.
  const double scale = std::max(std::abs(lo), std::abs(hi));
  const double noise = 64 * std::numeric_limits<double>::epsilon() * scale;
  if (lo == hi || variance <= noise * noise) return e;
  for (int i = 0; i < k; ++i) {
    double first = 0, total = 0;
    for (int64_t r : rows) {
      const double* f = data.row(r);
      const double fa = f[0], fab = f[1 + i], fb = f[b];
      // f_B centred on the mean: the same expectation (E[f_ABi - f_A] = 0), far less variance
      // when the outcome's mean is large against its spread (an alignment share near 0.25
      // that moves by 0.02 would otherwise give first-order estimates far outside [0, 1]).
      first += (fb - mean) * (fab - fa);
      total += (fa - fab) * (fa - fab);
    }
    e.first[i] = first / n / variance;
    e.total[i] = total / n / 2 / variance;
  }
  // Saltelli (2002) eq. (13), as SALib: V_ij = mean(f_BAi f_ABj - f_A f_B) is the closed
  // second-order variance V_i + V_j + V_ij; the products are taken about the mean (same
  // expectation, every factor has mean E f) for the digits, and S_ij = V_ij / V - S_i - S_j.
  for (int i = 0; i < k && data.second_order; ++i)
    for (int j = i + 1; j < k; ++j) {
      double closed = 0;
      for (int64_t r : rows) {
        const double* f = data.row(r);
        closed += (f[1 + k + i] - mean) * (f[1 + j] - mean) - (f[0] - mean) * (f[b] - mean);
      }
      e.second[pair_index(i, j, k)] = closed / n / variance - e.first[i] - e.first[j];
    }
  return e;
}

Interval percentile_interval(double estimate, std::vector<double>& draws, double confidence) {
  // Resamples whose index is undefined (a resample of constant rows) have no place in a
  // percentile; the interval is over the defined ones.
  std::erase_if(draws, [](double v) { return !std::isfinite(v); });
  if (!std::isfinite(estimate) || draws.empty()) return {estimate, kNaN, kNaN};
  std::sort(draws.begin(), draws.end());
  const double tail = (1 - confidence) / 2;
  return {estimate, quantile_sorted(draws, tail), quantile_sorted(draws, 1 - tail)};
}

}  // namespace

SobolIndices sobol(std::span<const double> y, int n, int k, int resamples, uint64_t seed, double confidence,
                   bool second_order) {
  if (n < 1 || k < 1)
    throw std::invalid_argument("sensitivity::sobol: need n >= 1 base rows and k >= 1 factors (got n = " +
                                std::to_string(n) + ", k = " + std::to_string(k) + ")");
  const Rows data{y.data(), k, second_order};
  const int64_t expected = static_cast<int64_t>(n) * data.width();
  if (static_cast<int64_t>(y.size()) != expected)
    throw std::invalid_argument("sensitivity::sobol: " + std::to_string(y.size()) +
                                " outcomes for a Saltelli design of n (" + (second_order ? "2k" : "k") +
                                " + 2) = " + std::to_string(expected) + " rows");
  if (resamples < 0)
    throw std::invalid_argument("sensitivity::sobol: resamples = " + std::to_string(resamples) +
                                " is negative");
  if (!(confidence > 0 && confidence < 1))
    throw std::invalid_argument("sensitivity::sobol: confidence = " + std::to_string(confidence) +
                                " is not in (0, 1)");
  SobolIndices out;
  // NaN policy: a base row is usable only when all its k + 2 outcomes are defined, since every
  // index uses f_A and f_B, and any one missing AB^(i) would give the factors unequal samples.
  std::vector<int64_t> used;
  used.reserve(n);
  for (int64_t r = 0; r < n; ++r) {
    const double* f = data.row(r);
    if (std::all_of(f, f + data.width(), [](double v) { return std::isfinite(v); }))
      used.push_back(r);
    else
      ++out.rows_dropped;
  }
  out.rows_used = static_cast<int64_t>(used.size());
  const Estimates point = estimate(data, used);
  out.variance = point.variance;

  // Bootstrap (Efron & Tibshirani 1993, percentile method) over base rows, as Saltelli et al.
  // (2010) and SALib do: a base row is the unit of the design, its k + 2 outcomes move together.
  std::vector<std::vector<double>> first_draws(k), total_draws(k), second_draws(point.second.size());
  const bool defined =
      std::isfinite(point.variance) &&
      std::any_of(point.first.begin(), point.first.end(), [](double v) { return std::isfinite(v); });
  if (defined && resamples > 0) {
    Rng rng(mix64(seed ^ kBootstrapStream));
    std::vector<int64_t> pick(used.size());
    for (int i = 0; i < k; ++i) {
      first_draws[i].reserve(resamples);
      total_draws[i].reserve(resamples);
    }
    for (int b = 0; b < resamples; ++b) {
      for (auto& p : pick) p = used[bounded(rng, used.size())];
      const Estimates e = estimate(data, pick);
      for (int i = 0; i < k; ++i) {
        first_draws[i].push_back(e.first[i]);
        total_draws[i].push_back(e.total[i]);
      }
      for (size_t p = 0; p < e.second.size(); ++p) second_draws[p].push_back(e.second[p]);
    }
  }
  for (int i = 0; i < k; ++i) {
    out.first_order.push_back(percentile_interval(point.first[i], first_draws[i], confidence));
    out.total_order.push_back(percentile_interval(point.total[i], total_draws[i], confidence));
  }
  for (size_t p = 0; p < point.second.size(); ++p)
    out.second_order.push_back(percentile_interval(point.second[p], second_draws[p], confidence));
  return out;
}

std::vector<MorrisIndex> morris(std::span<const double> y, const design::MorrisDesign& d, int resamples,
                                uint64_t seed, double confidence) {
  const int k = d.factors, r = d.trajectories;
  const int64_t rows = static_cast<int64_t>(r) * (k + 1);
  if (static_cast<int64_t>(y.size()) != rows || d.points.rows() != rows ||
      d.changed_factor.size() != static_cast<size_t>(r) * k || d.step_sign.size() != d.changed_factor.size())
    throw std::invalid_argument("sensitivity::morris: " + std::to_string(y.size()) +
                                " outcomes for a Morris design of r (k + 1) = " + std::to_string(rows) +
                                " rows (or an inconsistent design)");
  if (!(d.delta > 0)) throw std::invalid_argument("sensitivity::morris: the design's delta is not positive");
  if (resamples < 0 || !(confidence > 0 && confidence < 1))
    throw std::invalid_argument("sensitivity::morris: resamples = " + std::to_string(resamples) +
                                " or confidence = " + std::to_string(confidence) + " out of range");
  // |EE| of factor f on trajectory t (each factor moves once per trajectory), NaN if dropped.
  std::vector<double> abs_effect(static_cast<size_t>(r) * k, kNaN);
  // Welford (1962) running mean and M2 of the elementary effects of each factor, plus the mean
  // of their absolute values (mu*, Campolongo, Cariboni & Saltelli 2007).
  std::vector<Moments> effects(k);
  std::vector<double> abs_sum(k, 0.0);
  std::vector<MorrisIndex> out(k, MorrisIndex{kNaN, kNaN, kNaN, kNaN, kNaN});
  for (int t = 0; t < r; ++t) {
    for (int s = 0; s < k; ++s) {
      const size_t step = static_cast<size_t>(t) * k + s;
      const int f = d.changed_factor[step];
      if (f < 0 || f >= k) throw std::invalid_argument("sensitivity::morris: changed_factor out of range");
      const double before = y[static_cast<size_t>(t) * (k + 1) + s];
      const double after = y[static_cast<size_t>(t) * (k + 1) + s + 1];
      if (!std::isfinite(before) || !std::isfinite(after)) {
        ++out[f].effects_dropped;
        continue;
      }
      // Morris (1991) eq. (1): d_i(x) = (f(x + delta e_i) - f(x)) / delta; a step down by delta
      // starts from the upper point, hence the sign.
      const double ee = d.step_sign[step] * (after - before) / d.delta;
      effects[f].add(ee);
      abs_sum[f] += std::abs(ee);
      abs_effect[static_cast<size_t>(t) * k + f] = std::abs(ee);
    }
  }
  // Bootstrap (Efron & Tibshirani 1993, percentile method) over trajectories, as SALib's
  // morris.analyze does for mu*: r trajectories drawn with replacement, mu* of each resample.
  std::vector<std::vector<double>> draws(k);
  if (resamples > 0) {
    Rng rng(mix64(seed ^ kBootstrapStream));
    std::vector<double> sum(k);
    std::vector<int64_t> count(k);
    for (int b = 0; b < resamples; ++b) {
      std::fill(sum.begin(), sum.end(), 0.0);
      std::fill(count.begin(), count.end(), 0);
      for (int draw = 0; draw < r; ++draw) {
        const size_t t = static_cast<size_t>(bounded(rng, static_cast<uint64_t>(r)));
        for (int f = 0; f < k; ++f)
          if (const double e = abs_effect[t * k + f]; !std::isnan(e)) sum[f] += e, ++count[f];
      }
      for (int f = 0; f < k; ++f) draws[f].push_back(count[f] > 0 ? sum[f] / static_cast<double>(count[f]) : kNaN);
    }
  }
  for (int i = 0; i < k; ++i) {
    const int64_t n = effects[i].n;
    out[i].effects_used = n;
    if (n == 0) continue;
    out[i].mu = effects[i].mean;
    out[i].mu_star = abs_sum[i] / static_cast<double>(n);
    out[i].sigma = effects[i].sd();  // NaN when n < 2
    const Interval iv = percentile_interval(out[i].mu_star, draws[i], confidence);
    out[i].mu_star_low = iv.low;
    out[i].mu_star_high = iv.high;
  }
  return out;
}

}  // namespace mv::sensitivity
