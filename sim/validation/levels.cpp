#include "validation/levels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "stats/summary.h"

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

/// How a level's annual statistic is taken from a replicate's monthly series.
enum class Annual { mean, max, last, months, episodes };
/// How the replicates' annual values are summarised against the observation.
enum class Across { mean, median };

struct LevelSpec {
  const char* variable;
  Series series;
  Annual annual;
  double scale;  // e.g. 100 for a share observed in percent
  Across across;
  double tolerance;  // < 0: one citizen's share of the population, in the observation's unit
  const char* description;
};

// The observed levels and the model's counterpart of each (periods 2022 and 2023).
const LevelSpec kLevels[] = {
    {"russian_route_share", Series::russian_route_share, Annual::mean, 100, Across::median, 1.5,
     "share of crude exports through Russia, annual mean"},
    {"crude_bypass_russia_mt", Series::bypass_exports_mt, Annual::mean, 1, Across::median, 1.0,
     "crude exports avoiding Russia, Mt in the year"},
    {"trade_share_russia", Series::trade_share_russia, Annual::mean, 100, Across::median, 2.0,
     "Russia's share of trade, annual mean"},
    {"trade_share_china", Series::trade_share_china, Annual::mean, 100, Across::median, 2.0,
     "China's share of trade, annual mean"},
    {"trade_share_eu", Series::trade_share_eu, Annual::mean, 100, Across::median, 2.0,
     "the EU's share of trade, annual mean"},
    {"trade_share_turkey", Series::trade_share_turkey, Annual::mean, 100, Across::median, 1.0,
     "Turkey's share of trade, annual mean"},
    {"csto_member", Series::csto_member, Annual::last, 1, Across::mean, 0.05,
     "member of the CSTO in December (share of replicates)"},
    {"mass_unrest_episodes", Series::mass_unrest, Annual::episodes, 1, Across::mean, 0.5,
     "episodes of mass unrest in the year (mean over replicates)"},
    {"protest_participation_peak_share", Series::unrest, Annual::max, 100, Across::median, -1,
     "peak monthly protest participation, percent of the population"},
    {"coercive_acts_russia", Series::coerced_by_russia, Annual::months, 1, Across::mean, 0.5,
     "months with a Russian coercive act (mean over replicates)"},
    {"coercive_acts_china", Series::coerced_by_china, Annual::months, 1, Across::mean, 0.5,
     "months with a Chinese coercive act (mean over replicates)"},
    {"russian_military_intervention", Series::russian_intervention, Annual::last, 1, Across::mean, 0.02,
     "a Russian 'protection' intervention by December (share of replicates)"},
};

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
  for (const LevelSpec& spec : kLevels) {
    for (const int year : {2022, 2023}) {
      const std::string period = std::to_string(year);
      const auto obs = find_observation(observations, spec.variable, period);
      if (!obs)
        throw InputError({"data/observed", 0, 0}, "no observation of '" + std::string(spec.variable) + "' for " + period,
                         "a calibration row for every level the model checks");
      // The months of that year within the run.
      const int first = YearMonth{year, 1}.index() - base.run.start.index();
      const int begin = std::max(0, first), end = std::min(r.steps, first + 12);
      if (begin >= end) continue;  // the run does not cover that year
      const int var = static_cast<int>(spec.series);
      std::vector<double> values(static_cast<size_t>(r.runs));
      for (int64_t i = 0; i < r.runs; ++i) {
        double acc = 0;
        for (int t = begin; t < end; ++t) {
          const double x = r.series_at(i, t, var);
          switch (spec.annual) {
            case Annual::mean:
              acc += x / (end - begin);
              break;
            case Annual::max:
              acc = std::max(acc, x);
              break;
            case Annual::last:
              acc = x;
              break;
            case Annual::months:
              acc += x;
              break;
            case Annual::episodes: {
              const double before = t > 0 ? r.series_at(i, t - 1, var) : 0.0;
              acc += x > 0.5 && before < 0.5;
              break;
            }
          }
        }
        values[static_cast<size_t>(i)] = acc * spec.scale;
      }
      const Summary s = summarize(values);
      const double model = spec.across == Across::mean ? s.mean : s.q[2];
      const double tol = spec.tolerance >= 0 ? spec.tolerance : spec.scale / static_cast<double>(opt.citizens);
      LevelResult lr{spec.variable, period, obs->unit, obs->source_key,
                     spec.across == Across::mean ? "mean" : "median", spec.description,
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
