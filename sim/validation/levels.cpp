#include "validation/levels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "stats/summary.h"
#include "validation/observables.h"

namespace mv {

namespace {

std::string fmt(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", x);
  return buf;
}

int outcome_index(std::string_view name) {
  for (int k = 0; k < kNumOutcomes; ++k)
    if (kOutcomes[k].name == name) return k;
  return -1;
}

}  // namespace

std::vector<AblationResult> evaluate_ablations(const Scenario& base_in, const FactOptions& opt,
                                               const std::string& only) {
  Scenario base = base_in;
  base.run.citizens = opt.citizens;
  BatchOptions bo;
  bo.runs = opt.runs;
  bo.seed = opt.seed;
  bo.threads = opt.threads;
  const BatchResult on = run_batch(base, bo);
  std::vector<AblationResult> out;
  for (int m = 0; m < kNumMechanisms; ++m) {
    const MechanismSpec& ms = kMechanisms[m];
    if (!only.empty() && ms.name != only) continue;
    Scenario off = base;
    off.mechanisms.on[m] = false;
    const BatchResult r = run_batch(off, bo);
    const int k = outcome_index(ms.ablation_outcome);
    Moments diff, a, b;
    for (int64_t i = 0; i < r.runs; ++i) {
      diff.add(r.outcomes[i][k] - on.outcomes[i][k]);
      a.add(on.outcomes[i][k]);
      b.add(r.outcomes[i][k]);
    }
    const double se = diff.sd() / std::sqrt(static_cast<double>(diff.n));
    out.push_back({std::string(ms.name), std::string(ms.concept_name), std::string(ms.ablation_outcome),
                   ms.ablation_sign, a.mean, b.mean, diff.mean, se,
                   ms.ablation_sign * diff.mean > 3.0 * se});
  }
  return out;
}

std::vector<LevelResult> evaluate_levels(const Scenario& base_in, const FactOptions& opt,
                                         const std::vector<Observation>& observations) {
  Scenario base = base_in;
  base.run.citizens = opt.citizens;
  BatchOptions bo;
  bo.runs = opt.runs;
  bo.seed = opt.seed;
  bo.threads = opt.threads;
  const BatchResult r = run_batch(base, bo);
  std::vector<LevelResult> out;
  for (const ObservableSpec& spec : observables()) {
    for (const int year : {2022, 2023}) {
      const std::string period = std::to_string(year);
      const std::string variable(spec.variable);
      const auto obs = find_observation(observations, variable, period);
      if (!obs)
        throw InputError({"data/observed", 0, 0}, "no observation of '" + variable + "' for " + period,
                         "a calibration row for every level the model checks");
      const MonthWindow w = observed_window(variable, period, base.run.start, r.steps);
      if (w.empty()) continue;  // the run does not cover that year
      const int var = static_cast<int>(spec.series);
      std::vector<double> values(static_cast<size_t>(r.runs));
      for (int64_t i = 0; i < r.runs; ++i)
        values[static_cast<size_t>(i)] = replicate_value(spec, w, [&](int t) { return r.series_at(i, t, var); });
      const Summary s = summarize(values);
      const double model = spec.across == Across::mean ? s.mean : s.q[2];
      const double tol = spec.tolerance >= 0 ? spec.tolerance : spec.scale / static_cast<double>(opt.citizens);
      LevelResult lr{variable, period, obs->unit, obs->source_key,
                     spec.across == Across::mean ? "mean" : "median", std::string(spec.description),
                     obs->value, obs->low, obs->high, tol, model, s.q[0], s.q[4],
                     model >= obs->low - tol && model <= obs->high + tol};
      out.push_back(std::move(lr));
    }
  }
  return out;
}

std::string ablations_markdown(const std::vector<AblationResult>& results, const FactOptions& opt) {
  std::string s;
  s += "## Concepts: each mechanism switched off\n\n";
  s += "Each row compares the baseline with every mechanism on against the same " + std::to_string(opt.runs) +
       " replicates (same seeds, " + std::to_string(opt.citizens) +
       " citizens) with one mechanism off. The structural affinity is calibrated once with every mechanism on, "
       "so switching one off removes its whole contribution. The expected sign is the concept's prediction for "
       "(off − on); it holds when the mean paired difference lies that way by more than three standard "
       "errors.\n\n";
  s += "| mechanism | IR concept | outcome | expected (off − on) | on: mean | off: mean | off − on ± SE | holds |\n";
  s += "|---|---|---|---|---|---|---|---|\n";
  int held = 0;
  for (const auto& r : results) {
    held += r.holds;
    s += "| `" + r.mechanism + "` | " + r.concept_name + " | `" + r.outcome + "` | " +
         (r.expected_sign > 0 ? "+" : "−") + " | " + fmt(r.mean_on) + " | " + fmt(r.mean_off) + " | " +
         fmt(r.mean_difference) + " ± " + fmt(r.standard_error) + " | " + (r.holds ? "yes" : "**no**") + " |\n";
  }
  s += "\n" + std::to_string(held) + " of " + std::to_string(results.size()) + " ablations move as their concept predicts.\n";
  return s;
}

std::string levels_markdown(const std::vector<LevelResult>& results, const FactOptions& opt) {
  std::string s;
  s += "## Levels: the baseline against what was observed in 2022-2023\n\n";
  s += "The baseline (" + std::to_string(opt.runs) + " replicates, " + std::to_string(opt.citizens) +
       " citizens) against the calibration rows of `data/observed/` (sources in `docs/sources.md`). A level "
       "holds when the model's statistic across replicates lies within the observed range widened by the "
       "stated tolerance; the model's 5-95% band is shown beside it.\n\n";
  s += "| observation | period | observed (range) | unit | model statistic | model | model p05-p95 | tolerance | "
       "holds | sources |\n";
  s += "|---|---|---|---|---|---|---|---|---|---|\n";
  int held = 0;
  for (const auto& r : results) {
    held += r.holds;
    s += "| `" + r.variable + "`: " + r.description + " | " + r.period + " | " + fmt(r.observed) + " (" +
         fmt(r.low) + "-" + fmt(r.high) + ") | " + r.unit + " | " + r.statistic + " | " + fmt(r.model) + " | " +
         fmt(r.model_p05) + "-" + fmt(r.model_p95) + " | ±" + fmt(r.tolerance) + " | " +
         (r.holds ? "yes" : "**no**") + " | " + r.source_key + " |\n";
  }
  s += "\n" + std::to_string(held) + " of " + std::to_string(results.size()) + " levels hold.\n";
  return s;
}

}  // namespace mv
