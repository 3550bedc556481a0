#pragma once
// Summary statistics of outcome distributions. Welford/Chan accumulators merge exactly across
// threads or shards; quantiles are exact (kept values, linear interpolation: Hyndman & Fan
// 1996 type 7, the default of R and NumPy). Undefined values (NaN) are counted, not used.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace mv {

/// Running count, mean and sum of squared deviations (Welford 1962; Chan et al. 1979 merge).
struct Moments {
  int64_t n = 0;
  double mean = 0;
  double m2 = 0;
  double min = 0, max = 0;
  void add(double x);
  void merge(const Moments& other);
  /// Sample standard deviation (n - 1); NaN when n < 2.
  double sd() const;
};

/// Type-7 quantile of sorted finite values; NaN if empty.
double quantile_sorted(std::span<const double> sorted, double q);

/// Wilson score interval for a proportion k/n at 95% (z = 1.959964).
struct Proportion {
  double estimate, low, high;
};
Proportion wilson_interval(int64_t successes, int64_t n);

/// The mean of per-replicate differences (b[i] - a[i]) of two batches whose replicates pair
/// (common random numbers), its standard error and 95% normal interval (mean ± 1.96 SE).
/// Pairs where either value is NaN are left out; NaN with n < 2.
struct PairedDifference {
  int64_t n = 0;
  double mean, standard_error, low, high;
};
PairedDifference paired_difference(std::span<const double> a, std::span<const double> b);

inline constexpr double kSummaryQuantiles[] = {0.05, 0.25, 0.50, 0.75, 0.95};

struct Summary {
  int64_t n = 0;          // finite values used
  int64_t undefined = 0;  // NaN values left out
  double mean, sd, min, max;
  double q[5];  // at kSummaryQuantiles
};

/// Sorts values (no NaN) ascending: an LSD radix sort on their bits for 64 to kRadixSortMax
/// values (a pass per byte, skipping bytes that all values share; 16 bytes of keys per value),
/// std::sort for fewer or more (so the keys never take more than 512 KiB). The order is the
/// one std::sort gives, except that the radix sort puts every -0 before every +0 (std::sort
/// leaves them in any order among the zeros); no statistic below depends on that.
void sort_finite(std::span<double> values);
inline constexpr size_t kRadixSortMax = size_t{1} << 15;

/// Summarises values (any order; NaN counted as undefined).
Summary summarize(std::span<const double> values);

/// The same without a copy: reorders `values` (the finite ones first, sorted, then the NaNs).
Summary summarize_in_place(std::span<double> values);

}  // namespace mv
