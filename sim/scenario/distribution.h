#pragma once
// Parameter distributions: a fixed value, uniform, truncated normal or triangular. Each is
// sampled by inverting its CDF with one uniform variate, so a replicate's parameter stream
// advances by exactly one draw per parameter whatever the distributions are.
#include <string>

#include "core/rng.h"

namespace mv {

struct Distribution {
  enum class Kind { fixed, uniform, normal, triangular };
  Kind kind = Kind::fixed;
  double value = 0;  // fixed
  double min = 0;    // uniform, triangular, truncation of normal
  double max = 0;
  double mode = 0;  // triangular
  double mean = 0;  // normal
  double sd = 0;

  static Distribution fixed_at(double v) { return {Kind::fixed, v, v, v, v, v, 0}; }
  static Distribution uniform_on(double lo, double hi) { return {Kind::uniform, lo, lo, hi, lo, lo, 0}; }

  /// Inverse-CDF sample from one uniform u in [0, 1).
  double quantile(double u) const;
  double sample(Rng& rng) const { return quantile(rng.uniform()); }
  /// Analytic mean (of the truncated distribution for normal).
  double expected() const;
  /// "uniform(0.2, 0.5)", "0.35", "normal(0.5, 0.1) on [0, 1]", "triangular(1, 1.6, 2.7)".
  std::string describe() const;
  /// The fields of the TOML inline table that reads back as this distribution.
  std::string toml_fields() const;
  bool is_fixed() const { return kind == Kind::fixed; }
};

/// Shortest round-trip text of a double ("0.1", "64.3", "1e-06").
std::string format_double(double x);

}  // namespace mv
