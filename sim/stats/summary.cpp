#include "stats/summary.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace mv {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kZ95 = 1.959963984540054;  // the normal 97.5% quantile
}  // namespace

void Moments::add(double x) {
  if (n == 0) min = max = x;
  min = std::min(min, x);
  max = std::max(max, x);
  ++n;
  const double d = x - mean;
  mean += d / static_cast<double>(n);
  m2 += d * (x - mean);
}

void Moments::merge(const Moments& o) {
  if (o.n == 0) return;
  if (n == 0) {
    *this = o;
    return;
  }
  const double total = static_cast<double>(n + o.n);
  const double d = o.mean - mean;
  mean += d * static_cast<double>(o.n) / total;
  m2 += o.m2 + d * d * static_cast<double>(n) * static_cast<double>(o.n) / total;
  n += o.n;
  min = std::min(min, o.min);
  max = std::max(max, o.max);
}

double Moments::sd() const {
  return n < 2 ? kNaN : std::sqrt(m2 / static_cast<double>(n - 1));
}

PairedDifference paired_difference(std::span<const double> a, std::span<const double> b) {
  Moments d;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    if (!std::isnan(a[i]) && !std::isnan(b[i])) d.add(b[i] - a[i]);
  const double se = d.sd() / std::sqrt(static_cast<double>(d.n));
  const double mean = d.n > 0 ? d.mean : kNaN;
  return {d.n, mean, se, mean - kZ95 * se, mean + kZ95 * se};
}

double quantile_sorted(std::span<const double> s, double q) {
  if (s.empty()) return kNaN;
  const double h = (static_cast<double>(s.size()) - 1.0) * q;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, s.size() - 1);
  return s[lo] + (h - static_cast<double>(lo)) * (s[hi] - s[lo]);
}

Proportion wilson_interval(int64_t k, int64_t n) {
  if (n <= 0) return {kNaN, kNaN, kNaN};
  const double z = kZ95;
  const double p = static_cast<double>(k) / static_cast<double>(n);
  const double nn = static_cast<double>(n);
  const double denom = 1.0 + z * z / nn;
  const double centre = (p + z * z / (2 * nn)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / denom;
  // Exact bounds at the edges (rounding would otherwise leave e.g. 3e-18 for 0 of n).
  return {p, k == 0 ? 0.0 : std::max(0.0, centre - half), k == n ? 1.0 : std::min(1.0, centre + half)};
}

void sort_finite(std::span<double> values) {
  const size_t n = values.size();
  if (n < 64 || n > kRadixSortMax) {
    std::sort(values.begin(), values.end());
    return;
  }
  // Keys that sort as unsigned integers in the order of the doubles: a positive value's sign
  // bit set, a negative value's bits all flipped.
  auto key = [](double x) {
    const uint64_t b = std::bit_cast<uint64_t>(x);
    return b ^ ((b >> 63) != 0 ? ~uint64_t{0} : uint64_t{1} << 63);
  };
  auto value = [](uint64_t k) {
    return std::bit_cast<double>(k ^ ((k >> 63) != 0 ? uint64_t{1} << 63 : ~uint64_t{0}));
  };
  std::vector<uint64_t> keys(n), scratch(n);
  std::array<std::array<size_t, 256>, 8> count{};
  for (size_t i = 0; i < n; ++i) {
    const uint64_t k = key(values[i]);
    keys[i] = k;
    for (int byte = 0; byte < 8; ++byte) ++count[byte][(k >> (8 * byte)) & 0xff];
  }
  uint64_t *from = keys.data(), *to = scratch.data();
  for (int byte = 0; byte < 8; ++byte) {
    auto& c = count[byte];
    const int shift = 8 * byte;
    if (c[(from[0] >> shift) & 0xff] == n) continue;  // every key has this byte: nothing moves
    size_t offset = 0;
    for (size_t& x : c) offset += std::exchange(x, offset);
    for (size_t i = 0; i < n; ++i) to[c[(from[i] >> shift) & 0xff]++] = from[i];
    std::swap(from, to);
  }
  for (size_t i = 0; i < n; ++i) values[i] = value(from[i]);
}

Summary summarize(std::span<const double> values) {
  std::vector<double> copy(values.begin(), values.end());
  return summarize_in_place(copy);
}

Summary summarize_in_place(std::span<double> values) {
  Summary s{};
  // The finite values moved to the front in their order (so the sort below sees the same
  // sequence whichever function was called), the NaNs after them.
  Moments m;
  size_t kept = 0;
  for (double x : values) {
    if (std::isnan(x)) {
      ++s.undefined;
      continue;
    }
    values[kept++] = x;
    m.add(x);
  }
  std::fill(values.begin() + static_cast<std::ptrdiff_t>(kept), values.end(), kNaN);
  const std::span<double> finite = values.first(kept);
  sort_finite(finite);
  s.n = m.n;
  // Two-pass with Neumaier-compensated sums, so 385 ones in 1000 give exactly 0.385.
  auto compensated_sum = [&](auto term) {
    double sum = 0, c = 0;
    for (double x : finite) {
      const double y = term(x), t = sum + y;
      c += std::abs(sum) >= std::abs(y) ? (sum - t) + y : (y - t) + sum;
      sum = t;
    }
    return sum + c;
  };
  s.mean = m.n ? compensated_sum([](double x) { return x; }) / static_cast<double>(m.n) : kNaN;
  s.sd = m.n < 2 ? kNaN
                 : std::sqrt(compensated_sum([&](double x) { return (x - s.mean) * (x - s.mean); }) /
                             static_cast<double>(m.n - 1));
  s.min = m.n ? m.min : kNaN;
  s.max = m.n ? m.max : kNaN;
  for (int i = 0; i < 5; ++i) s.q[i] = quantile_sorted(finite, kSummaryQuantiles[i]);
  return s;
}

}  // namespace mv
