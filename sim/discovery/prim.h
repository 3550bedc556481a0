#pragma once
// PRIM, the patient rule induction method [FriedmanFisher1999], as scenario discovery uses
// it [BryantLempert2010] and as EMA Workbench implements it [Kwakkel2017]: peel the box
// that holds every case by alpha of its cases along one side of one dimension at a time,
// choosing the peel that raises the share of cases of interest most per case removed, then
// paste back while that raises it further. Every box on the way is kept (the peeling
// trajectory, a coverage-density trade-off curve). Real-valued dimensions only: the
// simulator's parameters are all real.
#include <cstdint>
#include <string>
#include <vector>

namespace mv::discovery {

/// The cases to explain: x[j][i] is dimension j of case i; y[i] is 1 for a case of interest.
struct Cases {
  std::vector<std::string> names;      // one per dimension
  std::vector<std::vector<double>> x;  // column-major: x[j].size() == y.size()
  std::vector<uint8_t> y;
  int size() const { return static_cast<int>(y.size()); }
  int dimensions() const { return static_cast<int>(x.size()); }
};

struct Limits {
  std::vector<double> lower, upper;  // one per dimension, inclusive
};

/// One box of the trajectory. A side is restricted when it differs from the box of all cases.
struct PrimBox {
  Limits limits;
  bool pasted = false;  // reached by pasting (else by peeling, or the first box)
  int n = 0;            // cases in the box
  int k = 0;            // cases of interest in the box
  double coverage = 0;  // k / all cases of interest
  double density = 0;   // k / n
  double mass = 0;      // n / all cases
  int restricted = 0;   // restricted dimensions
  // Quasi-p-value of each restricted side (NaN for an unrestricted side): the one-sided
  // binomial test of the box's k of n against the share of cases of interest in the box with
  // that one side released (Bryant & Lempert 2010; EMA Workbench's calculate_qp).
  std::vector<double> qp_lower, qp_upper;
};

struct PrimOptions {
  double peel_alpha = 0.05;   // share of the box's cases removed by one peel
  double paste_alpha = 0.05;  // share of the cases beside a side added by one paste
  double mass_min = 0.05;     // no box holds fewer than this share of all cases
};

struct PrimResult {
  Limits all;                     // the box of all cases: each dimension's minimum and maximum
  std::vector<PrimBox> boxes;     // the trajectory: the box of all cases, the peels, the pastes
  bool is_restricted(const PrimBox& b, int j, bool upper) const;
};

/// Finds the first box (EMA Workbench's Prim.find_box with its defaults: the "lenient1"
/// objective, mean gain per case removed). Deterministic: ties go to the candidate with fewer
/// restricted dimensions, then to the earlier dimension, upper side before lower when
/// peeling and lower before upper when pasting. @throws std::invalid_argument on ragged input.
PrimResult prim(const Cases& cases, const PrimOptions& options = {});

/// sdtoolkit's quantile as EMA Workbench's get_quantile uses it: the midpoint between the
/// order statistics around (n-1)q, widened past ties so that the cut separates two distinct
/// values where it can. `sorted` is in ascending order; 0 < q < 1.
double peel_quantile(const std::vector<double>& sorted, double q);

/// P(X >= k) for X ~ Binomial(n, p): the one-sided binomial test's p-value.
double binomial_upper_tail(int k, int n, double p);

}  // namespace mv::discovery
