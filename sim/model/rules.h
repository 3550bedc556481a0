#pragma once
// The model's update rules as pure functions, so each can be unit-tested alone.
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>

namespace mv::rules {

using PowerArray = Eigen::Array4d;  // one value per power: russia, china, eu, turkey

inline double logistic(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}
inline double logit(double p) {
  return std::log(p / (1.0 - p));
}

/// Hedging: the alignment that maximises sum_p a_p v_p + h H(a) on the simplex is
/// softmax(v / h) (entropy-regularised choice; Kuik 2008 on hedging).
PowerArray hedged_target(const PowerArray& value, double premium);

/// Recalibration, not rupture: move from `from` toward `to` by at most `max_step` in total
/// variation distance (half the L1 norm). A convex combination, so it stays on the simplex.
PowerArray bounded_move(const PowerArray& from, const PowerArray& to, double max_step);

/// Normalised entropy H(a) / ln 4: 1 when perfectly balanced, 0 when aligned with one power.
double balance_index(const PowerArray& a);

/// Logit quantal response (McKelvey & Palfrey 1995): index chosen with probability
/// exp(lambda u_k) / sum_j exp(lambda u_j), by inverting the CDF at uniform `u`.
/// Utilities of -infinity are never chosen.
int logit_choice(std::span<const double> utility, double precision, double u);

/// Choice probabilities of the logit rule (closed form, used by tests and the dock).
void logit_probabilities(std::span<const double> utility, double precision, std::span<double> out);

/// Epstein (2002): grievance G = H (1 - L).
inline double grievance(double hardship, double legitimacy) {
  return hardship * (1.0 - legitimacy);
}

/// Combined credibility of independent guarantees: 1 - prod (1 - g_q) over q != excluded.
double combined_guarantee(const PowerArray& credibility, int excluded);

/// Bounded confidence (Deffuant, Neau, Amblard & Weisbuch 2000): two agents whose opinions
/// differ by less than `eps` each move a fraction `mu` of the gap toward the other.
template <typename T>
inline void deffuant_update(T& a, T& b, T eps, T mu) {
  const T gap = b - a;
  if (std::abs(gap) < eps) {
    a += mu * gap;
    b -= mu * gap;
  }
}

/// The same update without a branch (a select), for the hot loop of the citizen contacts: whether
/// two random citizens are close enough is unpredictable, and a mispredicted branch costs more
/// than the arithmetic. Identical results: adding or subtracting a zero step leaves a value as it
/// is (only the sign of an exact zero could change).
template <typename T>
inline void deffuant_update_branchless(T& a, T& b, T eps, T mu) {
  const T gap = b - a;
  const T step = std::abs(gap) < eps ? mu * gap : T(0);
  a += step;
  b -= step;
}

/// The citizens' monthly contacts (docs/model.md 7.9 a): a random matching of `len` agents drawn
/// from one 64-bit word `x`. The agents sit on a circle; with m = floor(len/2), the arc of m
/// starting at `rotation` meets the following arc of m, its t-th agent the ((t + shift) mod m)-th
/// of the second, rotation and shift uniform from the two halves of x. Calls f(run, a, b) for
/// each run of pairs (a + i, b + i), i < run: at most five, as an arc or the shift wraps. The
/// pairs are disjoint, so their order does not matter.
template <typename F>
inline void for_each_matching_run(int len, uint64_t x, F&& f) {
  const int m = len / 2;
  if (m == 0) return;
  const int rotation = static_cast<int>(((x >> 32) * static_cast<uint64_t>(len)) >> 32);
  const int shift = static_cast<int>(((x & 0xffffffffULL) * static_cast<uint64_t>(m)) >> 32);
  // a = (rotation + t) mod L, u = (t + shift) mod m, b = (rotation + m + u) mod L, by
  // subtraction (each sum is below twice its modulus).
  for (int t = 0; t < m;) {
    int a = rotation + t, u = t + shift;
    a -= a >= len ? len : 0;
    u -= u >= m ? m : 0;
    int b = rotation + m + u;
    b -= b >= len ? len : 0;
    const int run = std::min({m - t, len - a, m - u, len - b});
    f(run, a, b);
    t += run;
  }
}

/// Geometric decay factor per month for a half-life in months.
inline double decay_factor(double half_life_months) {
  return std::exp(-std::log(2.0) / half_life_months);
}

}  // namespace mv::rules
