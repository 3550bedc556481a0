#include "scenario/distribution.h"

#include <boost/math/distributions/normal.hpp>
#include <charconv>
#include <cmath>

namespace mv {

std::string format_double(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

double Distribution::quantile(double u) const {
  switch (kind) {
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
  }
  return {};
}

}  // namespace mv
