#include "validation/history.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "stats/summary.h"
#include "validation/observables.h"

namespace mv {

double crps_of_sample(std::span<const double> sample, double y) {
  std::vector<double> x(sample.begin(), sample.end());
  std::sort(x.begin(), x.end());
  const double m = static_cast<double>(x.size());
  double first = 0, pairs = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    first += std::abs(x[i] - y);
    // sum over i, j of |x_i - x_j| = 2 sum_i (2i - m + 1) x_(i), i from 0
    pairs += (2.0 * static_cast<double>(i) - m + 1.0) * x[i];
  }
  return first / m - pairs / (m * m);
}

double interval_score(double lo, double hi, double alpha, double y) {
  double s = hi - lo;
  if (y < lo) s += 2.0 / alpha * (lo - y);
  if (y > hi) s += 2.0 / alpha * (y - hi);
  return s;
}

std::vector<Prediction> predict_observations(const Scenario& sc, const BatchOptions& options,
                                             const std::vector<Observation>& rows) {
  const BatchResult r = run_batch(sc, options);
  std::vector<Prediction> out;
  std::vector<double> values(static_cast<size_t>(r.runs));
  for (const Observation& o : rows) {
    const ObservableSpec* spec = find_observable(o.variable);
    if (!spec) continue;
    const MonthWindow w = observed_window(o.variable, o.period, sc.run.start, r.steps);
    if (w.empty()) continue;
    const int var = static_cast<int>(spec->series);
    for (int64_t i = 0; i < r.runs; ++i)
      values[static_cast<size_t>(i)] = replicate_value(*spec, w, [&](int t) { return r.series_at(i, t, var); });
    const Summary s = summarize(values);
    Prediction p;
    p.observation = o;
    p.p05 = s.q[0];
    p.p25 = s.q[1];
    p.median = s.q[2];
    p.p75 = s.q[3];
    p.p95 = s.q[4];
    const double y = o.value;
    p.in50 = y >= p.p25 && y <= p.p75;
    p.in90 = y >= p.p05 && y <= p.p95;
    p.crps = crps_of_sample(values, y);
    p.interval_score90 = interval_score(p.p05, p.p95, 0.10, y);
    out.push_back(std::move(p));
  }
  return out;
}

HistoryScores score(const std::vector<Prediction>& predictions, const std::string& split) {
  HistoryScores h;
  for (const auto& p : predictions) {
    if (p.observation.split != split) continue;
    ++h.n;
    h.coverage50 += p.in50;
    h.coverage90 += p.in90;
    h.mean_crps += p.crps;
    h.mean_interval_score90 += p.interval_score90;
  }
  if (h.n > 0) {
    h.coverage50 /= h.n;
    h.coverage90 /= h.n;
    h.mean_crps /= h.n;
    h.mean_interval_score90 /= h.n;
  }
  return h;
}

namespace {

std::string fmt(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", x);
  return buf;
}

std::string percent(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%", 100 * x);
  return buf;
}

}  // namespace

std::string posterior_parameters_markdown(const Scenario& prior, const ParticleSample& post) {
  std::string s = "| parameter | unit | prior | prior mean ± sd | posterior mean ± sd | posterior 5-95% | sd ratio |\n";
  s += "|---|---|---|---|---|---|---|\n";
  for (size_t c = 0; c < post.columns.size(); ++c) {
    const auto p = find_param(post.columns[c]);
    if (!p) continue;
    const Distribution& d = prior.params[static_cast<int>(*p)].dist;
    // The prior's sd by quadrature of its quantile function.
    double m = 0, m2 = 0;
    const int k = 2000;
    for (int i = 0; i < k; ++i) {
      const double x = d.quantile((i + 0.5) / k);
      m += x / k;
      m2 += x * x / k;
    }
    const double prior_sd = std::sqrt(std::max(0.0, m2 - m * m));
    const auto& col = post.values[c];
    double pm = 0;
    for (size_t i = 0; i < col.size(); ++i) pm += post.weights[i] * col[i];
    double pv = 0;
    for (size_t i = 0; i < col.size(); ++i) pv += post.weights[i] * (col[i] - pm) * (col[i] - pm);
    std::vector<size_t> order(col.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return col[a] < col[b]; });
    auto weighted_quantile = [&](double q) {
      double acc = 0;
      for (size_t i : order) {
        acc += post.weights[i];
        if (acc >= q) return col[i];
      }
      return col[order.back()];
    };
    s += "| `" + post.columns[c] + "` | " + std::string(spec(*p).unit) + " | " + d.describe() + " | " + fmt(m) + " ± " +
         fmt(prior_sd) + " | " + fmt(pm) + " ± " + fmt(std::sqrt(pv)) + " | " + fmt(weighted_quantile(0.05)) + "-" +
         fmt(weighted_quantile(0.95)) + " | " + fmt(prior_sd > 0 ? std::sqrt(pv) / prior_sd : 0.0) + " |\n";
  }
  return s;
}

std::string history_markdown(const std::vector<Prediction>& prior, const std::vector<Prediction>& posterior,
                             const std::string& scenario_name, const std::string& posterior_name,
                             const BatchOptions& options, int64_t citizens, const std::string& command_line) {
  std::string s;
  s += "# Calibration: out-of-sample validation of `" + scenario_name + "`\n\n";
  s += "Written by `" + command_line + "`.\n\n";
  s += "The scenario with its priors and with the calibrated lens `" + posterior_name +
       "` (the posterior of a calibration on the 2022-2023 rows of `data/observed`), each " +
       std::to_string(options.runs) + " replicates of " + std::to_string(citizens) + " citizens (seed " +
       std::to_string(options.seed) +
       "), against every observation the model has a counterpart for. **Holdout** rows (2024 onward) were never "
       "read by the calibration: they test prediction. **Calibration** rows show the in-sample fit. An "
       "observation is covered when it lies inside the central 50% or 90% predictive interval; CRPS and the 90% "
       "interval score (Gneiting & Raftery 2007) are in the observation's unit, lower is better (their means below "
       "mix units, so compare prior with posterior, not one row with another). Observed 0/1 "
       "states (CSTO membership, intervention) and counts are predicted by their distribution across "
       "replicates.\n\n";
  s += "| rows | n | prior: 50% covered | prior: 90% covered | prior: mean CRPS | prior: mean interval score | "
       "posterior: 50% covered | posterior: 90% covered | posterior: mean CRPS | posterior: mean interval score |\n";
  s += "|---|---|---|---|---|---|---|---|---|---|\n";
  for (const char* split : {"holdout", "calibration"}) {
    const HistoryScores a = score(prior, split), b = score(posterior, split);
    s += std::string("| ") + split + " | " + std::to_string(a.n) + " | " + percent(a.coverage50) + " | " +
         percent(a.coverage90) + " | " + fmt(a.mean_crps) + " | " + fmt(a.mean_interval_score90) + " | " +
         percent(b.coverage50) + " | " + percent(b.coverage90) + " | " + fmt(b.mean_crps) + " | " +
         fmt(b.mean_interval_score90) + " |\n";
  }
  for (const char* split : {"holdout", "calibration"}) {
    s += std::string("\n## ") + (split == std::string("holdout") ? "Holdout observations (out of sample)" :
                                                                   "Calibration observations (in sample)") + "\n\n";
    s += "| observation | period | observed | unit | prior: median (50%; 90%) | prior CRPS | posterior: median "
         "(50%; 90%) | posterior CRPS | sources |\n";
    s += "|---|---|---|---|---|---|---|---|---|\n";
    for (size_t i = 0; i < prior.size() && i < posterior.size(); ++i) {
      const Prediction& a = prior[i];
      const Prediction& b = posterior[i];
      if (a.observation.split != split) continue;
      auto cell = [](const Prediction& p) {
        return fmt(p.median) + " (" + fmt(p.p25) + "-" + fmt(p.p75) + "; " + fmt(p.p05) + "-" + fmt(p.p95) + ")" +
               (p.in90 ? "" : " **outside 90%**");
      };
      const Observation& o = a.observation;
      s += "| `" + o.variable + "` | " + o.period + " | " + fmt(o.value) +
           (o.low != o.high ? " (" + fmt(o.low) + "-" + fmt(o.high) + ")" : std::string()) + " | " + o.unit + " | " +
           cell(a) + " | " + fmt(a.crps) + " | " + cell(b) + " | " + fmt(b.crps) + " | " + o.source_key + " |\n";
    }
  }
  return s;
}

}  // namespace mv
