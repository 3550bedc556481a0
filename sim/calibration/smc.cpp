#include "calibration/smc.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "core/rng.h"
#include "engine/batch.h"

namespace mv {

namespace {

/// Seeds of one particle in one generation: its simulation's replicate seed, and from it the
/// streams of its proposal and of the generation's resampling.
uint64_t particle_seed(uint64_t seed, int generation, int64_t particle) {
  return replicate_seed(replicate_seed(seed, static_cast<uint64_t>(generation)), static_cast<uint64_t>(particle));
}

void normalise(std::vector<double>& w) {
  const double total = std::accumulate(w.begin(), w.end(), 0.0);
  if (total > 0)
    for (double& x : w) x /= total;
}

/// The smallest tolerance among the live distances whose ESS is at least `target`.
double next_tolerance(const std::vector<double>& d, const std::vector<double>& w, double target) {
  std::vector<size_t> order;
  for (size_t i = 0; i < d.size(); ++i)
    if (w[i] > 0) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return d[a] < d[b] || (d[a] == d[b] && a < b); });
  double s = 0, s2 = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    s += w[order[k]];
    s2 += w[order[k]] * w[order[k]];
    // Ties enter together: a tolerance keeps every particle at its distance.
    if (k + 1 < order.size() && d[order[k + 1]] == d[order[k]]) continue;
    if (s * s / s2 >= target) return d[order[k]];
  }
  return order.empty() ? 0.0 : d[order.back()];
}

/// Systematic resampling: N equally spaced points from one uniform.
std::vector<size_t> systematic(const std::vector<double>& w, double u) {
  const size_t n = w.size();
  std::vector<size_t> out(n);
  double c = w[0];
  size_t j = 0;
  for (size_t i = 0; i < n; ++i) {
    const double point = (static_cast<double>(i) + u) / static_cast<double>(n);
    while (point > c && j + 1 < n) c += w[++j];
    out[i] = j;
  }
  return out;
}

/// The moves happen in an unbounded space: each parameter's support [min, max] is mapped to the
/// real line by the logit of its position, z = log((x - min) / (max - x)), so a proposal never
/// leaves the prior's support. The prior's density in that space carries the Jacobian
/// dx/dz = (x - min)(max - x) / (max - min).
struct Unbounded {
  std::vector<double> lo, hi;
  explicit Unbounded(const std::vector<Distribution>& priors) {
    for (const auto& d : priors) {
      lo.push_back(d.min);
      hi.push_back(d.max);
    }
  }
  Eigen::VectorXd to_z(const Eigen::VectorXd& x) const {
    Eigen::VectorXd z(x.size());
    for (Eigen::Index j = 0; j < x.size(); ++j) {
      const size_t i = static_cast<size_t>(j);
      const double w = hi[i] - lo[i];
      const double f = std::clamp((x[j] - lo[i]) / w, 1e-12, 1 - 1e-12);
      z[j] = std::log(f / (1 - f));
    }
    return z;
  }
  Eigen::VectorXd to_x(const Eigen::VectorXd& z) const {
    Eigen::VectorXd x(z.size());
    for (Eigen::Index j = 0; j < z.size(); ++j) {
      const size_t i = static_cast<size_t>(j);
      x[j] = lo[i] + (hi[i] - lo[i]) / (1 + std::exp(-z[j]));
    }
    return x;
  }
  /// Log of the prior density in z-space at x.
  double log_density(const std::vector<Distribution>& priors, const Eigen::VectorXd& x) const {
    double s = 0;
    for (Eigen::Index j = 0; j < x.size(); ++j) {
      const size_t i = static_cast<size_t>(j);
      const double p = priors[i].density(x[j]);
      const double jac = (x[j] - lo[i]) * (hi[i] - x[j]) / (hi[i] - lo[i]);
      if (!(p > 0) || !(jac > 0)) return -std::numeric_limits<double>::infinity();
      s += std::log(p) + std::log(jac);
    }
    return s;
  }
};

/// Distinct live particles (resampling and rejected moves leave copies).
int count_unique(const SmcResult& r) {
  std::vector<std::vector<double>> rows;
  for (Eigen::Index i = 0; i < r.particles.rows(); ++i)
    if (r.weights[static_cast<size_t>(i)] > 0) {
      std::vector<double> row(static_cast<size_t>(r.particles.cols()));
      for (Eigen::Index j = 0; j < r.particles.cols(); ++j) row[static_cast<size_t>(j)] = r.particles(i, j);
      rows.push_back(std::move(row));
    }
  std::sort(rows.begin(), rows.end());
  return static_cast<int>(std::unique(rows.begin(), rows.end()) - rows.begin());
}

}  // namespace

double effective_sample_size(const std::vector<double>& w) {
  double s = 0, s2 = 0;
  for (double x : w) {
    s += x;
    s2 += x * x;
  }
  return s2 > 0 ? s * s / s2 : 0.0;
}

SmcResult smc_abc(const std::vector<Distribution>& priors, const DistanceBatch& distance, const SmcSettings& st,
                  uint64_t seed, const SmcHooks& hooks) {
  if (priors.empty()) throw std::invalid_argument("no parameters to calibrate");
  if (st.particles < 2) throw std::invalid_argument("at least 2 particles");
  const int n = st.particles;
  const auto k = static_cast<Eigen::Index>(priors.size());
  auto cancelled = [&] { return hooks.cancel && hooks.cancel->load(); };

  for (const auto& d : priors)
    if (d.kind == Distribution::Kind::fixed || d.kind == Distribution::Kind::posterior || !(d.max > d.min))
      throw std::invalid_argument("a calibrated parameter's prior must be uniform, normal or triangular on [min, max]");
  const Unbounded space(priors);
  SmcResult r;
  r.particles.resize(n, k);
  r.weights.assign(static_cast<size_t>(n), 1.0 / n);
  std::vector<uint64_t> seeds(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const uint64_t s = particle_seed(seed, 0, i);
    Rng rng(s, Stream::kParameters);
    for (Eigen::Index j = 0; j < k; ++j) r.particles(i, j) = priors[static_cast<size_t>(j)].quantile(rng.uniform());
    seeds[static_cast<size_t>(i)] = s;
  }
  r.distances = distance(r.particles, seeds);
  int64_t simulations = n;
  GenerationStats g0;
  g0.tolerance = std::numeric_limits<double>::infinity();
  g0.ess = n;
  g0.live = n;
  g0.unique = count_unique(r);
  g0.simulations = simulations;
  r.generations.push_back(g0);
  if (hooks.on_generation) hooks.on_generation(g0);

  double tolerance = std::numeric_limits<double>::infinity();
  for (int gen = 1;; ++gen) {
    if (cancelled()) throw Interrupted();
    if (gen > st.max_generations) {
      r.stop_reason = "the maximum of " + std::to_string(st.max_generations) + " generations was reached";
      break;
    }
    if (tolerance <= st.tolerance) {
      r.stop_reason = "the target tolerance was reached";
      break;
    }
    GenerationStats gs;
    gs.generation = gen;
    // 1. The next tolerance: the ESS falls to ess_decay of its value (never below the target).
    const double ess_before = effective_sample_size(r.weights);
    double eps = next_tolerance(r.distances, r.weights, st.ess_decay * ess_before);
    eps = std::max(eps, st.tolerance);
    if (eps > tolerance) eps = tolerance;
    tolerance = eps;
    for (int i = 0; i < n; ++i)
      if (r.distances[static_cast<size_t>(i)] > tolerance) r.weights[static_cast<size_t>(i)] = 0;
    normalise(r.weights);
    gs.tolerance = tolerance;
    gs.ess = effective_sample_size(r.weights);
    // 2. Resampling.
    if (gs.ess < st.resample_below * n) {
      Rng rng(particle_seed(seed, gen, n), Stream::kModel);
      const auto pick = systematic(r.weights, rng.uniform());
      Eigen::MatrixXd p(n, k);
      std::vector<double> d(static_cast<size_t>(n));
      for (int i = 0; i < n; ++i) {
        p.row(i) = r.particles.row(static_cast<Eigen::Index>(pick[static_cast<size_t>(i)]));
        d[static_cast<size_t>(i)] = r.distances[pick[static_cast<size_t>(i)]];
      }
      r.particles = std::move(p);
      r.distances = std::move(d);
      r.weights.assign(static_cast<size_t>(n), 1.0 / n);
      gs.resampled = true;
    }
    // 3. The kernel from the live particles' weighted covariance, in the unbounded space.
    Eigen::MatrixXd zs(n, k);
    for (int i = 0; i < n; ++i) zs.row(i) = space.to_z(r.particles.row(i).transpose()).transpose();
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(k);
    for (int i = 0; i < n; ++i) mean += r.weights[static_cast<size_t>(i)] * zs.row(i).transpose();
    Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(k, k);
    for (int i = 0; i < n; ++i) {
      const Eigen::VectorXd x = zs.row(i).transpose() - mean;
      cov += r.weights[static_cast<size_t>(i)] * x * x.transpose();
    }
    cov *= st.kernel_scale > 0 ? st.kernel_scale : 2.38 * 2.38 / static_cast<double>(k);
    // A parameter the particles no longer spread over still moves a little, so the kernel stays
    // positive definite.
    for (Eigen::Index j = 0; j < k; ++j) cov(j, j) += 1e-10;
    Eigen::LLT<Eigen::MatrixXd> llt(cov);
    const Eigen::MatrixXd chol = llt.matrixL();
    // 4. Metropolis-Hastings moves of every live particle: one pass, then as many more as the
    //    first pass's acceptance rate a says are needed for a particle to have moved at least
    //    once with probability 0.99, ceil(log 0.01 / log(1 - a)), at most max_moves in all
    //    (Drovandi & Pettitt 2011). zs (the kernel's frame) stays that of the generation's start.
    int live = 0;
    for (int i = 0; i < n; ++i) live += r.weights[static_cast<size_t>(i)] > 0;
    gs.live = live;
    int passes = 1, accepted_first = 0;
    bool out_of_budget = false;
    for (int pass = 0; pass < passes; ++pass) {
      std::vector<int> movers;
      Eigen::MatrixXd proposals(n, k);
      std::vector<uint64_t> sim_seeds;
      for (int i = 0; i < n; ++i) {
        if (r.weights[static_cast<size_t>(i)] <= 0) continue;
        const uint64_t s = particle_seed(replicate_seed(seed, static_cast<uint64_t>(pass)), gen, i);
        Rng rng(s, Stream::kParameters);
        Eigen::VectorXd z(k);
        for (Eigen::Index j = 0; j < k; ++j) z[j] = rng.normal();
        const double u = rng.uniform();
        const Eigen::VectorXd current = r.particles.row(i).transpose();
        const Eigen::VectorXd prop = space.to_x(space.to_z(current) + chol * z);
        const double log_q = space.log_density(priors, prop) - space.log_density(priors, current);
        // Rejected by the prior ratio alone: no simulation needed (the test with u comes first).
        if (!(std::log(u) < log_q)) continue;
        proposals.row(static_cast<Eigen::Index>(movers.size())) = prop.transpose();
        movers.push_back(i);
        sim_seeds.push_back(s);
      }
      if (simulations + static_cast<int64_t>(movers.size()) > st.max_simulations) {
        out_of_budget = true;
        break;
      }
      if (cancelled()) throw Interrupted();
      const Eigen::MatrixXd batch = proposals.topRows(static_cast<Eigen::Index>(movers.size()));
      const std::vector<double> d = movers.empty() ? std::vector<double>{} : distance(batch, sim_seeds);
      simulations += static_cast<int64_t>(movers.size());
      int accepted = 0;
      for (size_t m = 0; m < movers.size(); ++m) {
        if (!(d[m] <= tolerance)) continue;
        const int i = movers[m];
        r.particles.row(i) = batch.row(static_cast<Eigen::Index>(m));
        r.distances[static_cast<size_t>(i)] = d[m];
        ++accepted;
      }
      if (pass == 0) {
        accepted_first = accepted;
        const double a = live > 0 ? static_cast<double>(accepted) / live : 0.0;
        passes = a >= 1 ? 1 : a <= 0 ? 1 : static_cast<int>(std::ceil(std::log(0.01) / std::log(1 - a)));
        passes = std::clamp(passes, 1, st.max_moves);
      }
    }
    gs.moves = passes;
    gs.acceptance_rate = live > 0 ? static_cast<double>(accepted_first) / live : 0.0;
    gs.simulations = simulations;
    gs.unique = count_unique(r);
    r.generations.push_back(gs);
    if (hooks.on_generation) hooks.on_generation(gs);
    if (out_of_budget) {
      r.stop_reason = "the budget of " + std::to_string(st.max_simulations) + " simulations was reached";
      break;
    }
    if (gs.acceptance_rate < st.min_acceptance) {
      r.stop_reason = "the acceptance rate fell below " + format_double(st.min_acceptance);
      break;
    }
  }
  return r;
}

}  // namespace mv
