#include "scenario/distribution.h"

#include <boost/math/distributions/normal.hpp>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace mv {

std::string format_double(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buf[32];
#if defined(__cpp_lib_to_chars)
  auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
#else
  // The libc++ of Debian's emscripten (LLVM 14) has no floating-point to_chars: the fewest
  // significant digits that read back to x (the same value; the text may differ in form).
  for (int digits = 1;; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, x);
    if (digits == 17 || std::strtod(buf, nullptr) == x) return buf;
  }
#endif
}

ParticleSample::ParticleSample(std::string origin_in, std::vector<std::string> columns_in,
                               std::vector<std::vector<double>> values_in, const std::vector<double>& w)
    : origin(std::move(origin_in)), columns(std::move(columns_in)), values(std::move(values_in)) {
  double total = 0;
  for (double x : w) {
    if (!std::isfinite(x) || x < 0) throw std::invalid_argument("particle weights must be finite and >= 0");
    total += x;
  }
  if (w.empty() || !(total > 0)) throw std::invalid_argument("particle weights must not all be zero");
  for (const auto& col : values)
    if (col.size() != w.size()) throw std::invalid_argument("a particle column differs in length from the weights");
  weights.reserve(w.size());
  cumulative.reserve(w.size());
  double run = 0;
  for (double x : w) {
    weights.push_back(x / total);
    run += x / total;
    cumulative.push_back(run);
  }
  cumulative.back() = 1.0;
}

size_t ParticleSample::pick(double u) const {
  // The first particle whose running weight exceeds u: particles of zero weight are never picked.
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
  return std::min(static_cast<size_t>(it - cumulative.begin()), cumulative.size() - 1);
}

int ParticleSample::column_of(const std::string& name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return static_cast<int>(i);
  return -1;
}

double Distribution::density(double x) const {
  switch (kind) {
    case Kind::fixed:
      return x == value ? 1.0 : 0.0;
    case Kind::uniform:
      return x >= min && x <= max ? (max > min ? 1.0 / (max - min) : 1.0) : 0.0;
    case Kind::triangular: {
      if (x < min || x > max || max <= min) return 0.0;
      const double h = 2.0 / (max - min);
      if (x < mode) return h * (x - min) / (mode - min);
      if (x > mode) return h * (max - x) / (max - mode);
      return h;
    }
    case Kind::normal: {
      if (x < min || x > max || sd <= 0) return 0.0;
      const double z = (x - mean) / sd;
      return std::exp(-0.5 * z * z);
    }
    case Kind::posterior:
      return 0.0;
  }
  return 0.0;
}

double Distribution::quantile(double u) const {
  switch (kind) {
    case Kind::posterior:
      return particles->values[static_cast<size_t>(column)][particles->pick(u)];
    case Kind::fixed:
      return value;
    case Kind::uniform:
      return min + u * (max - min);
    case Kind::triangular: {
      const double w = max - min;
      if (w <= 0) return min;
      const double f = (mode - min) / w;
      return u < f ? min + std::sqrt(u * w * (mode - min)) : max - std::sqrt((1 - u) * w * (max - mode));
    }
    case Kind::normal: {
      if (sd <= 0) return std::clamp(mean, min, max);
      const boost::math::normal_distribution<double> n(mean, sd);
      const double lo = boost::math::cdf(n, min), hi = boost::math::cdf(n, max);
      double p = lo + u * (hi - lo);
      p = std::clamp(p, 1e-300, 1.0 - 1e-16);
      return std::clamp(boost::math::quantile(n, p), min, max);
    }
  }
  return value;
}

double Distribution::expected() const {
  switch (kind) {
    case Kind::posterior: {
      const auto& col = particles->values[static_cast<size_t>(column)];
      double m = 0;
      for (size_t i = 0; i < col.size(); ++i) m += particles->weights[i] * col[i];
      return m;
    }
    case Kind::fixed:
      return value;
    case Kind::uniform:
      return 0.5 * (min + max);
    case Kind::triangular:
      return (min + mode + max) / 3.0;
    case Kind::normal: {
      if (sd <= 0) return std::clamp(mean, min, max);
      const boost::math::normal_distribution<double> std_normal;
      const double a = (min - mean) / sd, b = (max - mean) / sd;
      const double z = boost::math::cdf(std_normal, b) - boost::math::cdf(std_normal, a);
      return mean + sd * (boost::math::pdf(std_normal, a) - boost::math::pdf(std_normal, b)) / z;
    }
  }
  return value;
}

std::string Distribution::describe() const {
  const auto f = format_double;
  switch (kind) {
    case Kind::fixed:
      return f(value);
    case Kind::uniform:
      return "uniform(" + f(min) + ", " + f(max) + ")";
    case Kind::triangular:
      return "triangular(" + f(min) + ", " + f(mode) + ", " + f(max) + ")";
    case Kind::normal:
      return "normal(" + f(mean) + ", " + f(sd) + ") on [" + f(min) + ", " + f(max) + "]";
    case Kind::posterior: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.4g", expected());
      return "posterior of " + particles->origin + " (" + std::to_string(particles->size()) + " particles, mean " +
             buf + ")";
    }
  }
  return {};
}

std::string Distribution::toml_fields() const {
  const auto f = format_double;
  switch (kind) {
    case Kind::fixed:
      return "value = " + f(value);
    case Kind::uniform:
      return "dist = \"uniform\", min = " + f(min) + ", max = " + f(max);
    case Kind::triangular:
      return "dist = \"triangular\", min = " + f(min) + ", mode = " + f(mode) + ", max = " + f(max);
    case Kind::normal:
      return "dist = \"normal\", mean = " + f(mean) + ", sd = " + f(sd) + ", min = " + f(min) +
             ", max = " + f(max);
    case Kind::posterior:
      return "dist = \"posterior\"";  // the column of the file's [posterior] sample
  }
  return {};
}

}  // namespace mv
