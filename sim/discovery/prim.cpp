#include "discovery/prim.h"

#include <algorithm>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace mv::discovery {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool inside(const Cases& c, const Limits& box, int i) {
  for (int j = 0; j < c.dimensions(); ++j)
    if (c.x[j][i] < box.lower[j] || c.x[j][i] > box.upper[j]) return false;
  return true;
}

std::vector<int> cases_inside(const Cases& c, const Limits& box) {
  std::vector<int> out;
  for (int i = 0; i < c.size(); ++i)
    if (inside(c, box, i)) out.push_back(i);
  return out;
}

double mean_y(const Cases& c, const std::vector<int>& idx) {
  if (idx.empty()) return 0;
  int64_t k = 0;
  for (int i : idx) k += c.y[i];
  return static_cast<double>(k) / static_cast<double>(idx.size());
}

int count_restricted(const Limits& box, const Limits& all) {
  int r = 0;
  for (size_t j = 0; j < box.lower.size(); ++j)
    r += (box.lower[j] != all.lower[j] || box.upper[j] != all.upper[j]) ? 1 : 0;
  return r;
}

/// EMA Workbench's default ("lenient1") objective: the gain in the share of cases of interest
/// per case removed (or added), so that a peel is judged by what it costs.
double lenient_objective(double mean_old, size_t n_old, double mean_new, size_t n_new) {
  if (mean_new == mean_old || n_new == n_old) return 0;
  const double change = n_old > n_new ? static_cast<double>(n_old - n_new) : static_cast<double>(n_new - n_old);
  return (mean_new - mean_old) / change;
}

struct Candidate {
  Limits box;
  std::vector<int> idx;
  double objective = -std::numeric_limits<double>::infinity();
  int unrestricted = -1;
  bool found = false;
};

/// Keeps the better of the best so far and a new candidate: higher objective, then fewer
/// restricted dimensions; an exact tie keeps the earlier one (EMA's stable sort).
void consider(Candidate& best, Limits box, std::vector<int> idx, double objective, int unrestricted) {
  if (best.found && (objective < best.objective || (objective == best.objective && unrestricted <= best.unrestricted)))
    return;
  best = {std::move(box), std::move(idx), objective, unrestricted, true};
}

class Finder {
 public:
  Finder(const Cases& c, const PrimOptions& o) : c_(c), o_(o) {
    all_.lower.resize(c.dimensions());
    all_.upper.resize(c.dimensions());
    for (int j = 0; j < c.dimensions(); ++j) {
      const auto [lo, hi] = std::minmax_element(c.x[j].begin(), c.x[j].end());
      all_.lower[j] = c.size() ? *lo : 0;
      all_.upper[j] = c.size() ? *hi : 0;
    }
    for (uint8_t v : c.y) interest_ += v;
  }

  PrimResult run() {
    PrimResult r;
    r.all = all_;
    std::vector<int> idx(c_.size());
    for (int i = 0; i < c_.size(); ++i) idx[i] = i;
    Limits box = all_;
    record(r, box, idx, false);
    while (peel(box, idx)) record(r, box, idx, false);
    while (paste(box, idx)) record(r, box, idx, true);
    return r;
  }

 private:
  double mass(size_t n) const { return static_cast<double>(n) / static_cast<double>(c_.size()); }

  /// One peel (Friedman & Fisher 1999, sect. 4.1): the best of removing the top or the bottom
  /// alpha of the box's cases along one dimension. False when no peel is worth taking.
  bool peel(Limits& box, std::vector<int>& idx) const {
    const double mean_old = mean_y(c_, idx);
    Candidate best;
    std::vector<double> xj(idx.size());
    for (int j = 0; j < c_.dimensions(); ++j) {
      for (size_t m = 0; m < idx.size(); ++m) xj[m] = c_.x[j][idx[m]];
      std::sort(xj.begin(), xj.end());
      for (const bool upper : {true, false}) {
        const double cut = peel_quantile(xj, upper ? 1 - o_.peel_alpha : o_.peel_alpha);
        Limits next = box;
        (upper ? next.upper[j] : next.lower[j]) = cut;
        std::vector<int> kept;
        for (int i : idx)
          if (upper ? c_.x[j][i] <= cut : c_.x[j][i] >= cut) kept.push_back(i);
        const double obj = lenient_objective(mean_old, idx.size(), mean_y(c_, kept), kept.size());
        const int unrestricted = c_.dimensions() - count_restricted(next, all_);
        consider(best, std::move(next), std::move(kept), obj, unrestricted);
      }
    }
    if (!best.found || mass(best.idx.size()) < o_.mass_min || best.idx.size() >= idx.size() || !(best.objective > 0))
      return false;
    box = std::move(best.box);
    idx = std::move(best.idx);
    return true;
  }

  /// One paste (Friedman & Fisher 1999, sect. 4.2): widen one restricted side to take in the
  /// nearest paste_alpha of the cases just beyond it. False when no paste raises the density.
  bool paste(Limits& box, std::vector<int>& idx) const {
    const double mean_old = mean_y(c_, idx);
    Candidate best;
    for (int j = 0; j < c_.dimensions(); ++j) {
      if (box.lower[j] == all_.lower[j] && box.upper[j] == all_.upper[j]) continue;
      for (const bool upper : {false, true}) {
        // The cases beside this side: the box with this dimension opened to the far limit.
        Limits beside = box;
        if (upper)
          beside.lower[j] = box.upper[j], beside.upper[j] = all_.upper[j];
        else
          beside.lower[j] = all_.lower[j], beside.upper[j] = box.lower[j];
        std::vector<double> data;
        for (int i : cases_inside(c_, beside)) data.push_back(c_.x[j][i]);
        std::sort(data.begin(), data.end());
        Limits next = box;
        if (upper)
          next.upper[j] = data.empty() ? all_.upper[j] : peel_quantile(data, o_.paste_alpha);
        else
          next.lower[j] = data.empty() ? all_.lower[j] : peel_quantile(data, 1 - o_.paste_alpha);
        std::vector<int> in = cases_inside(c_, next);
        const double obj = lenient_objective(mean_old, idx.size(), mean_y(c_, in), in.size());
        const int unrestricted = c_.dimensions() - count_restricted(next, all_);
        consider(best, std::move(next), std::move(in), obj, unrestricted);
      }
    }
    if (!best.found || mass(best.idx.size()) < o_.mass_min || best.idx.size() <= idx.size() ||
        !(best.objective > 0) || !(mean_y(c_, best.idx) > mean_old))
      return false;
    box = std::move(best.box);
    idx = std::move(best.idx);
    return true;
  }

  void record(PrimResult& r, const Limits& box, const std::vector<int>& idx, bool pasted) const {
    PrimBox b;
    b.limits = box;
    b.pasted = pasted;
    b.n = static_cast<int>(idx.size());
    for (int i : idx) b.k += c_.y[i];
    b.coverage = static_cast<double>(b.k) / static_cast<double>(std::max<int64_t>(interest_, 1));
    b.density = b.n ? static_cast<double>(b.k) / b.n : 0;
    b.mass = mass(idx.size());
    b.restricted = count_restricted(box, all_);
    b.qp_lower.assign(c_.dimensions(), kNaN);
    b.qp_upper.assign(c_.dimensions(), kNaN);
    for (int j = 0; j < c_.dimensions(); ++j)
      for (const bool upper : {false, true}) {
        if ((upper ? box.upper[j] : box.lower[j]) == (upper ? all_.upper[j] : all_.lower[j])) continue;
        Limits released = box;
        (upper ? released.upper[j] : released.lower[j]) = upper ? all_.upper[j] : all_.lower[j];
        const double p = mean_y(c_, cases_inside(c_, released));
        (upper ? b.qp_upper : b.qp_lower)[j] = binomial_upper_tail(b.k, b.n, p);
      }
    r.boxes.push_back(std::move(b));
  }

  const Cases& c_;
  const PrimOptions& o_;
  Limits all_;
  int64_t interest_ = 0;
};

}  // namespace

bool PrimResult::is_restricted(const PrimBox& b, int j, bool upper) const {
  return upper ? b.limits.upper[j] != all.upper[j] : b.limits.lower[j] != all.lower[j];
}

double peel_quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty() || !(q > 0 && q < 1)) throw std::invalid_argument("peel_quantile: empty data or q outside (0, 1)");
  const size_t last = sorted.size() - 1;
  const double pos = static_cast<double>(last) * q;
  size_t lo = static_cast<size_t>(std::floor(pos)), hi = static_cast<size_t>(std::ceil(pos));
  if (q > 0.5)
    while (sorted[lo] == sorted[hi] && lo > 0) --lo;
  else
    while (sorted[lo] == sorted[hi] && hi < last) ++hi;
  return (sorted[lo] + sorted[hi]) / 2;
}

double binomial_upper_tail(int k, int n, double p) {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  // P(X >= k) = I_p(k, n - k + 1), the regularized incomplete beta function.
  return boost::math::ibeta(static_cast<double>(k), static_cast<double>(n - k + 1), p);
}

PrimResult prim(const Cases& cases, const PrimOptions& options) {
  if (static_cast<int>(cases.names.size()) != cases.dimensions())
    throw std::invalid_argument("prim: one name per dimension expected");
  for (const auto& col : cases.x)
    if (col.size() != cases.y.size()) throw std::invalid_argument("prim: every dimension needs one value per case");
  return Finder(cases, options).run();
}

}  // namespace mv::discovery
