#pragma once
// Experimental designs for parameter sweeps, all in the unit hypercube [0, 1]^k (the sweep
// maps unit coordinates onto each factor's range or level list). Every design is a pure
// function of its arguments and seed, so a sweep's plan is the same on every machine.
#include <Eigen/Dense>
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace mv::design {

/// Rows are design points, columns factors; row-major so a point is contiguous.
using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// Full factorial grid: levels[j] >= 1 levels of factor j at u = i / (levels[j] - 1)
/// (u = 0.5 when a factor has one level). Rows in lexicographic order, last factor fastest.
/// @throws std::invalid_argument if levels is empty, a level count is < 1, or the grid has more
/// than 2^31 - 1 rows.
Matrix full_factorial(const std::vector<int>& levels);

/// Latin hypercube (McKay, Beckman & Conover 1979): n points, each factor's [0, 1] cut into n
/// equal strata with exactly one point per stratum, placed uniformly within it.
/// @throws std::invalid_argument if n < 1 or k < 1.
Matrix latin_hypercube(int n, int k, uint64_t seed);

/// One row of Joe & Kuo's (2008) direction-number table new-joe-kuo-6.21201: dimension d,
/// degree s of the primitive polynomial x^s + a_1 x^(s-1) + ... + a_(s-1) x + 1, its inner
/// coefficients packed in a (a_1 the most significant of s - 1 bits), and the initial
/// direction numbers m_1..m_s (the rest of m is zero).
struct SobolDirectionRow {
  int d;
  int s;
  uint32_t a;
  std::array<uint32_t, 16> m;
};
/// Row d (2 <= d <= SobolSequence::kMaxDimensions) of the table the sequence uses (Boost.Random's
/// copy; dimension 1 is the van der Corput sequence and has no row); exposed so that tests can
/// verify it. @throws std::invalid_argument for d outside the table.
SobolDirectionRow sobol_direction_row(int d);

/// The Sobol' low-discrepancy sequence (Sobol' 1967; Bratley & Fox 1988, Gray-code order)
/// with Joe & Kuo (2008) direction numbers, unscrambled, 32 bits per coordinate: Boost.Random's
/// sobol_engine with 32-bit words, preceded by the origin (point 0, which Boost skips).
class SobolSequence {
 public:
  static constexpr int kMaxDimensions = 3667;  // Boost.Random's table: dimension 1 and d = 2..3667
  static constexpr int kBits = 32;
  /// @throws std::invalid_argument if dimensions < 1 or > kMaxDimensions.
  explicit SobolSequence(int dimensions);
  ~SobolSequence();
  /// The next point (the first call returns the origin, point 0); writes dimensions() values.
  /// @throws std::length_error after 2^32 points (the sequence has 32 bits per coordinate).
  void next(double* out);
  int dimensions() const;

 private:
  struct Engine;
  int dimensions_;
  uint64_t index_ = 0;  // points returned so far
  std::unique_ptr<Engine> engine_;
};

/// Saltelli (2010) scheme for first- and total-order Sobol' indices: base matrices A and B
/// from a 2k-dimensional Sobol' sequence (point 0, the origin, skipped), n base rows, and
/// for each base row i the block A_i, AB_i^(1), ..., AB_i^(k), B_i (AB^(j) is A with column
/// j taken from B): n * (k + 2) rows in that order (the layout SALib uses without
/// second-order terms). With `second_order`, Saltelli's (2002) BA^(j) (B with column j taken
/// from A) follow the AB^(j): A_i, AB_i^(1..k), BA_i^(1..k), B_i, n * (2k + 2) rows (SALib's
/// layout with calc_second_order).
/// @throws std::invalid_argument if n is not a power of two or 2k > SobolSequence::kMaxDimensions.
Matrix saltelli(int n, int k, bool second_order = false);

/// True when n is a power of two (>= 1); otherwise `lower`/`upper` get the nearest powers.
bool is_power_of_two(int64_t n, int64_t* lower = nullptr, int64_t* upper = nullptr);

/// Morris (1991) one-at-a-time trajectories on a p-level grid {0, 1/(p-1), ..., 1} with step
/// delta = p / (2 (p - 1)): r trajectories of k + 1 points each, r * (k + 1) rows. Row t*(k+1)+s+1
/// differs from row t*(k+1)+s in exactly one factor, changed_factor[t*k+s], by
/// +-delta (sign in step_sign[t*k+s]).
struct MorrisDesign {
  Matrix points;
  std::vector<int> changed_factor;  // r * k
  std::vector<int> step_sign;       // r * k, +1 or -1
  double delta = 0;
  int trajectories = 0;
  int factors = 0;
};
/// @throws std::invalid_argument if levels < 2 or levels is odd (delta must land on the grid).
MorrisDesign morris(int trajectories, int k, int levels, uint64_t seed);

}  // namespace mv::design
