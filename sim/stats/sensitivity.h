#pragma once
// Global sensitivity indices from sweep outcomes. Undefined outcomes (NaN: a replicate or a
// design point whose outcome is not defined) never enter an estimate silently: the policy is
// to drop the smallest unit the estimator cannot use (a Saltelli base row, a Morris
// elementary effect), and to count what was dropped, so every index states its sample size.
// An infinite outcome is as unusable as NaN and is dropped and counted the same way.
#include <cstdint>
#include <span>
#include <vector>

#include "design/design.h"

namespace mv::sensitivity {

struct Interval {
  double estimate, low, high;  // bootstrap percentile interval (NaN when undefined)
};

struct SobolIndices {
  std::vector<Interval> first_order;  // S_i, Saltelli et al. (2010) estimator
  std::vector<Interval> total_order;  // S_Ti, Jansen (1999) estimator
  /// S_ij for i < j, in the order (0,1), (0,2), ..., (1,2), ... (Saltelli 2002), when the
  /// design has the BA matrices; empty otherwise.
  std::vector<Interval> second_order;
  int64_t rows_used = 0;              // base rows with every value defined
  int64_t rows_dropped = 0;           // base rows with a NaN among their k + 2 values
  double variance = 0;                // of f over the A and B rows used
};

/// `y` holds one outcome at every row of design::saltelli(n, k, second_order), in that order.
/// Bootstrap: `resamples` resamples of the base rows, drawn from `seed`; `confidence` e.g. 0.95.
/// With fewer than 2 rows left, or zero variance, every index is NaN. With resamples = 0 the
/// intervals' low and high are NaN.
/// @throws std::invalid_argument if y.size() != n (k + 2) (second order: n (2k + 2)), n < 1,
/// k < 1, resamples < 0 or confidence is not in (0, 1).
SobolIndices sobol(std::span<const double> y, int n, int k, int resamples, uint64_t seed,
                   double confidence = 0.95, bool second_order = false);

/// The index of the pair (i, j), i < j < k, in SobolIndices::second_order.
inline size_t pair_index(int i, int j, int k) {
  return static_cast<size_t>(i) * (2 * static_cast<size_t>(k) - static_cast<size_t>(i) - 1) / 2 +
         static_cast<size_t>(j - i - 1);
}

struct MorrisIndex {
  double mu;       // mean elementary effect
  double mu_star;  // mean absolute elementary effect (Campolongo, Cariboni & Saltelli 2007)
  /// Bootstrap percentile interval of mu* over resampled trajectories (NaN without resamples).
  double mu_star_low, mu_star_high;
  double sigma;    // standard deviation of the elementary effects (n - 1); NaN when n < 2
  int64_t effects_used = 0;
  int64_t effects_dropped = 0;  // an endpoint was NaN
};

/// Elementary effects in unit-hypercube coordinates: (f(x + delta e_i) - f(x)) / delta.
/// `y` holds one outcome at every row of `d.points`.
/// Bootstrap: `resamples` resamples of the trajectories (the design's unit: a trajectory's
/// effects move together), drawn from `seed`; mu*'s interval at `confidence`.
/// @throws std::invalid_argument if y.size() differs from the design's rows or the design is
/// inconsistent (sizes, factor indices, delta <= 0), resamples < 0 or confidence not in (0, 1).
std::vector<MorrisIndex> morris(std::span<const double> y, const design::MorrisDesign& d, int resamples = 0,
                                uint64_t seed = 0, double confidence = 0.95);

}  // namespace mv::sensitivity
