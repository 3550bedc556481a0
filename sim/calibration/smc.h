#pragma once
// Approximate Bayesian computation by sequential Monte Carlo with adaptive tolerances (Del Moral,
// Doucet & Jasra 2012, one simulation per particle), with a random-walk kernel whose covariance
// is the particles' weighted covariance scaled by 2.38^2 / d for d parameters (the optimal
// scaling of random-walk Metropolis, Roberts, Gelman & Gilks 1997):
//   generation 0 draws the particles from the prior; each later generation
//   1. lowers the tolerance until the effective sample size (ESS) falls to `ess_decay` of its
//      previous value, and drops the particles whose distance exceeds it (weight 0);
//   2. resamples (systematic) when the ESS is below `resample_below` x particles;
//   3. moves every live particle by Metropolis-Hastings steps (as many passes as the first
//      pass's acceptance rate says are needed, Drovandi & Pettitt 2011) that target the prior
//      restricted to distances within the tolerance: propose theta' = theta + L z
//      (L L' = kernel scale x covariance), simulate once, accept if the distance is within the
//      tolerance and u < prior(theta') / prior(theta).
//   It stops when the acceptance rate falls below `min_acceptance`, the tolerance reaches
//   `tolerance`, or the generations or simulations run out.
// The algorithm knows nothing of the model: it asks `DistanceBatch` for the distances of a batch
// of parameter vectors, each with its own seed, and gets them back in order. Every random number
// comes from (seed, generation, particle), so results do not depend on how the batch is spread
// over threads or processes.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "scenario/distribution.h"

namespace mv {

struct SmcSettings {
  int particles = 1000;
  double ess_decay = 0.9;       // each generation keeps this share of the ESS
  double resample_below = 0.5;  // resample when ESS < resample_below x particles
  double kernel_scale = 0.0;    // proposal covariance = kernel_scale x weighted covariance; 0: 2.38^2 / d
  double min_acceptance = 0.02;
  double tolerance = 0.0;  // stop once the tolerance is at or below this
  int max_generations = 50;
  int max_moves = 20;  // Metropolis-Hastings passes per generation at most
  int64_t max_simulations = 1'000'000;
};

/// One row of diagnostics.csv.
struct GenerationStats {
  int generation = 0;
  double tolerance = 0;        // infinity for generation 0
  double ess = 0;              // after dropping the particles beyond the tolerance
  int live = 0;                // particles with positive weight
  bool resampled = false;
  double acceptance_rate = 1;  // of the first pass of moves (1 for generation 0)
  int moves = 0;               // passes of moves
  int unique = 0;              // distinct live particles after the moves
  int64_t simulations = 0;     // cumulative
};

struct SmcResult {
  Eigen::MatrixXd particles;      // particles x parameters
  std::vector<double> weights;    // normalised
  std::vector<double> distances;  // of each particle's last accepted simulation
  std::vector<GenerationStats> generations;
  std::string stop_reason;
};

/// Distances of the simulations at the rows of `thetas`, the i-th with seeds[i], in order.
using DistanceBatch = std::function<std::vector<double>(const Eigen::MatrixXd& thetas,
                                                        const std::vector<uint64_t>& seeds)>;

struct SmcHooks {
  std::function<void(const GenerationStats&)> on_generation;  // after each generation
  const std::atomic<bool>* cancel = nullptr;                   // checked between batches
};

/// The effective sample size (sum w)^2 / sum w^2 of weights.
double effective_sample_size(const std::vector<double>& weights);

/// Runs the sampler. `priors` are the calibrated parameters' distributions (not fixed, not
/// posterior). @throws Interrupted if cancelled; std::invalid_argument for bad settings.
SmcResult smc_abc(const std::vector<Distribution>& priors, const DistanceBatch& distance,
                  const SmcSettings& settings, uint64_t seed, const SmcHooks& hooks = {});

}  // namespace mv
