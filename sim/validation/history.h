#pragma once
// Out-of-sample validation (multivector validate-history): a scenario's predictive distribution
// of every observation the model has a counterpart for, against what was observed, for the
// holdout rows (2024 onward, never read by calibration) and the calibration rows (in-sample).
// Scores: coverage of the central 50% and 90% predictive intervals, the continuous ranked
// probability score (CRPS) and the interval score (Gneiting & Raftery 2007), lower is better.
#include <span>
#include <string>
#include <vector>

#include "engine/batch.h"
#include "validation/observed.h"

namespace mv {

struct Prediction {
  Observation observation;
  double p05 = 0, p25 = 0, median = 0, p75 = 0, p95 = 0;
  bool in50 = false, in90 = false;
  double crps = 0;
  double interval_score90 = 0;
};

/// CRPS of the empirical distribution of `sample` at y: mean |X - y| - mean |X - X'| / 2.
double crps_of_sample(std::span<const double> sample, double y);
/// Interval score of the central (1 - alpha) interval [lo, hi] at y.
double interval_score(double lo, double hi, double alpha, double y);

/// Runs `sc` (runs, seed, citizens from `options`) and predicts every observation in `rows`
/// whose variable has a model counterpart and whose period the run covers.
std::vector<Prediction> predict_observations(const Scenario& sc, const BatchOptions& options,
                                             const std::vector<Observation>& rows);

struct HistoryScores {
  int n = 0;
  double coverage50 = 0, coverage90 = 0, mean_crps = 0, mean_interval_score90 = 0;
};
/// Scores over the predictions of one split ("holdout" or "calibration").
HistoryScores score(const std::vector<Prediction>& predictions, const std::string& split);

/// Markdown table of the calibrated parameters: prior mean and sd against the posterior's
/// weighted mean, sd and 5-95% range, and the ratio of the two sd (how much the data narrowed it).
std::string posterior_parameters_markdown(const Scenario& prior, const ParticleSample& posterior);

/// The Markdown page: a summary table (prior against posterior, each split) and one row per
/// observation with both predictions.
std::string history_markdown(const std::vector<Prediction>& prior, const std::vector<Prediction>& posterior,
                             const std::string& scenario_name, const std::string& posterior_name,
                             const BatchOptions& options, int64_t citizens, const std::string& command_line);

}  // namespace mv
