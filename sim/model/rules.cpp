#include "model/rules.h"

#include <algorithm>
#include <limits>

namespace mv::rules {

PowerArray hedged_target(const PowerArray& value, double premium) {
  const double h = std::max(premium, 1e-6);
  const PowerArray z = (value - value.maxCoeff()) / h;
  const PowerArray e = z.exp();
  return e / e.sum();
}

PowerArray bounded_move(const PowerArray& from, const PowerArray& to, double max_step) {
  const double distance = 0.5 * (to - from).abs().sum();
  if (distance <= max_step || distance == 0.0) return to;
  return from + (to - from) * (max_step / distance);
}

double balance_index(const PowerArray& a) {
  double h = 0;
  for (int i = 0; i < 4; ++i)
    if (a[i] > 0) h -= a[i] * std::log(a[i]);
  return h / std::log(4.0);
}

void logit_probabilities(std::span<const double> utility, double precision, std::span<double> out) {
  double top = -std::numeric_limits<double>::infinity();
  for (double u : utility) top = std::max(top, u);
  double sum = 0;
  for (size_t k = 0; k < utility.size(); ++k) {
    const double x = precision * (utility[k] - top);
    // (e^0 is exactly 1: the best move's x is 0 and needs no call)
    out[k] = std::isinf(utility[k]) && utility[k] < 0 ? 0.0 : x == 0.0 ? 1.0 : std::exp(x);
    sum += out[k];
  }
  for (size_t k = 0; k < utility.size(); ++k) out[k] /= sum;
}

int logit_choice(std::span<const double> utility, double precision, double u) {
  double p[16];
  const size_t n = std::min<size_t>(utility.size(), 16);
  logit_probabilities(utility.first(n), precision, std::span<double>(p, n));
  double cum = 0;
  int last = 0;
  for (size_t k = 0; k < n; ++k) {
    if (p[k] <= 0) continue;
    last = static_cast<int>(k);
    cum += p[k];
    if (u < cum) return last;
  }
  return last;
}

double combined_guarantee(const PowerArray& credibility, int excluded) {
  double none = 1.0;
  for (int q = 0; q < 4; ++q)
    if (q != excluded) none *= 1.0 - std::clamp(credibility[q], 0.0, 1.0);
  return 1.0 - none;
}

}  // namespace mv::rules
