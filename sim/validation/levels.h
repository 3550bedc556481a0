#pragma once
// Validation of concepts and levels (brief, "Model v2"): each mechanism switched off must move
// its outcome the way its concept predicts (ablation), and the baseline must reproduce what was
// observed in 2022-2023 (levels, read from data/observed).
#include <string>
#include <vector>

#include "validation/facts.h"
#include "validation/observed.h"

namespace mv {

/// One mechanism switched off against the same batch with it on, paired replicates.
struct AblationResult {
  std::string mechanism, concept_name, outcome;
  int expected_sign;       // of (off - on), from the mechanism table
  double mean_on, mean_off;
  double mean_difference;  // of (off - on) over paired replicates
  double standard_error;
  bool holds;  // expected_sign * difference > 3 standard errors
};

/// Runs every mechanism's ablation on top of `baseline`; `only` (a mechanism name) or all.
std::vector<AblationResult> evaluate_ablations(const Scenario& baseline, const FactOptions& options,
                                               const std::string& only = {});

/// One observed level against the baseline's distribution of the same annual statistic.
struct LevelResult {
  std::string variable, period, unit, source_key, statistic, description;
  double observed, low, high;  // the observation and the range its sources span
  double tolerance;            // added on each side of the range (stated per level)
  double model, model_p05, model_p95;
  bool holds;  // model statistic within [low - tolerance, high + tolerance]
};

/// The baseline against every observation the model has a counterpart for (calibration rows,
/// periods up to 2023). `citizens` sets the population (unrest levels need 10^4 or more).
/// @throws InputError if an expected observation is missing from `observations`.
std::vector<LevelResult> evaluate_levels(const Scenario& baseline, const FactOptions& options,
                                         const std::vector<Observation>& observations);

std::string ablations_markdown(const std::vector<AblationResult>& results, const FactOptions& options);
std::string levels_markdown(const std::vector<LevelResult>& results, const FactOptions& options);

}  // namespace mv
