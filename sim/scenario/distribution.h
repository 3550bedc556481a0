#pragma once
// Parameter distributions: a fixed value, uniform, truncated normal, triangular, or a column of a
// calibration's posterior sample. Each is sampled by inverting its CDF with one uniform variate,
// so a replicate's parameter stream advances by exactly one draw per parameter whatever the
// distributions are.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/rng.h"

namespace mv {

/// A weighted sample of parameters drawn jointly: the posterior of a calibration. One particle
/// is picked per replicate and gives every parameter of the sample its value, so the posterior's
/// correlations carry over to the runs.
struct ParticleSample {
  std::string origin;                       // the calibration it came from
  std::vector<std::string> columns;         // parameter names
  std::vector<std::vector<double>> values;  // values[column][particle]
  std::vector<double> weights;              // normalised to sum 1
  std::vector<double> cumulative;           // running sums of the weights

  /// A sample from weights that are finite, non-negative and not all zero (normalised here).
  ParticleSample(std::string origin, std::vector<std::string> columns, std::vector<std::vector<double>> values,
                 const std::vector<double>& weights);
  size_t size() const { return weights.size(); }
  /// The particle a uniform u in [0, 1) picks (inverse CDF of the weights).
  size_t pick(double u) const;
  /// The column of parameter `name`, or -1.
  int column_of(const std::string& name) const;
};

struct Distribution {
  enum class Kind { fixed, uniform, normal, triangular, posterior };
  Kind kind = Kind::fixed;
  double value = 0;  // fixed
  double min = 0;    // uniform, triangular, truncation of normal
  double max = 0;
  double mode = 0;  // triangular
  double mean = 0;  // normal
  double sd = 0;
  std::shared_ptr<const ParticleSample> particles{};  // posterior
  int column = 0;                                // posterior: this parameter's column of the sample

  static Distribution fixed_at(double v) { return {Kind::fixed, v, v, v, v, v, 0, nullptr, 0}; }
  static Distribution uniform_on(double lo, double hi) { return {Kind::uniform, lo, lo, hi, lo, lo, 0, nullptr, 0}; }

  /// Inverse-CDF sample from one uniform u in [0, 1).
  double quantile(double u) const;
  double sample(Rng& rng) const { return quantile(rng.uniform()); }
  /// The density at x up to a constant factor (0 outside the support); for prior ratios in a
  /// calibration. A posterior has no density here (0).
  double density(double x) const;
  /// Analytic mean (of the truncated distribution for normal).
  double expected() const;
  /// "uniform(0.2, 0.5)", "0.35", "normal(0.5, 0.1) on [0, 1]", "triangular(1, 1.6, 2.7)",
  /// "posterior of baseline_2023 (1000 particles, mean 0.41)".
  std::string describe() const;
  /// The fields of the TOML inline table that reads back as this distribution.
  std::string toml_fields() const;
  bool is_fixed() const { return kind == Kind::fixed; }
};

/// Shortest round-trip text of a double ("0.1", "64.3", "1e-06").
std::string format_double(double x);

}  // namespace mv
