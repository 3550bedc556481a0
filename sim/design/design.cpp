#include "design/design.h"

#include <algorithm>
#include <bit>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/rng.h"

namespace mv::design {

namespace {

// Joe & Kuo (2008), "Constructing Sobol sequences with better two-dimensional projections",
// SIAM J. Sci. Comput. 30, 2635-2654, table new-joe-kuo-6.21201, as Boost.Random ships it
// (boost/random/detail/sobol_table.hpp: the polynomials as bit patterns, a_0 the lowest bit,
// and the initial direction numbers, cut at the 3667 dimensions whose polynomials fit 16 bits).
using JoeKuoTable = boost::random::detail::qrng_tables::sobol;
static_assert(JoeKuoTable::max_dimension == SobolSequence::kMaxDimensions);

// Stream constants for the designs' random draws (STYLE.md rule 3: a design has its own stream,
// a pure function of the seed, never shared with a replicate's streams).
constexpr uint64_t kLatinHypercubeStream = 0x6c68'7364'6573'6967ULL;  // "lhsdesig"
constexpr uint64_t kMorrisStream = 0x6d6f'7272'6973'6565ULL;          // "morrisee"

// Uniform integer in [0, bound) without modulo bias: reject the 2^64 mod bound smallest raw
// values so that the rest is a whole number of copies of [0, bound). Integer arithmetic only,
// so the same seed gives the same design on every machine and standard library.
uint64_t bounded(Rng& rng, uint64_t bound) {
  const uint64_t threshold = (0 - bound) % bound;  // 2^64 mod bound
  for (;;) {
    const uint64_t x = rng.next();
    if (x >= threshold) return x % bound;
  }
}

// Fisher-Yates (Durstenfeld 1964) shuffle of 0..n-1, drawing j uniformly from [0, i].
void shuffle_identity(Rng& rng, std::vector<int>& p) {
  for (size_t i = 0; i < p.size(); ++i) p[i] = static_cast<int>(i);
  for (size_t i = p.size(); i > 1; --i) {
    const size_t j = static_cast<size_t>(bounded(rng, i));
    std::swap(p[i - 1], p[j]);
  }
}

}  // namespace

SobolDirectionRow sobol_direction_row(int d) {
  if (d < 2 || d > SobolSequence::kMaxDimensions)
    throw std::invalid_argument("sobol_direction_row: d = " + std::to_string(d) + " is outside 2.." +
                                std::to_string(SobolSequence::kMaxDimensions));
  const unsigned poly = JoeKuoTable::polynomial(static_cast<size_t>(d) - 2);
  SobolDirectionRow row{};
  row.d = d;
  row.s = static_cast<int>(std::bit_width(poly)) - 1;
  // x^s + a_1 x^(s-1) + ... + a_(s-1) x + 1: drop the constant term and the leading one.
  row.a = (poly >> 1) & ((1u << (row.s - 1)) - 1u);
  for (int i = 0; i < row.s; ++i) row.m[static_cast<size_t>(i)] = JoeKuoTable::minit(static_cast<size_t>(d) - 2, static_cast<size_t>(i));
  return row;
}

Matrix full_factorial(const std::vector<int>& levels) {
  if (levels.empty()) throw std::invalid_argument("full_factorial: no factors (levels is empty)");
  int64_t rows = 1;
  for (size_t j = 0; j < levels.size(); ++j) {
    if (levels[j] < 1)
      throw std::invalid_argument("full_factorial: factor " + std::to_string(j) + " has " +
                                  std::to_string(levels[j]) + " levels; need at least 1");
    rows *= levels[j];
    if (rows > std::numeric_limits<int>::max())
      throw std::invalid_argument("full_factorial: the grid has more than 2^31 - 1 rows");
  }
  const int k = static_cast<int>(levels.size());
  Matrix out(rows, k);
  std::vector<int> index(k, 0);  // an odometer, last factor fastest
  for (int64_t r = 0; r < rows; ++r) {
    for (int j = 0; j < k; ++j)
      out(r, j) = levels[j] == 1 ? 0.5 : static_cast<double>(index[j]) / (levels[j] - 1);
    for (int j = k - 1; j >= 0; --j) {
      if (++index[j] < levels[j]) break;
      index[j] = 0;
    }
  }
  return out;
}

Matrix latin_hypercube(int n, int k, uint64_t seed) {
  if (n < 1 || k < 1)
    throw std::invalid_argument("latin_hypercube: need n >= 1 points and k >= 1 factors (got n = " +
                                std::to_string(n) + ", k = " + std::to_string(k) + ")");
  Rng rng(mix64(seed ^ kLatinHypercubeStream));
  Matrix out(n, k);
  std::vector<int> stratum(n);
  const double dn = n;
  for (int j = 0; j < k; ++j) {
    shuffle_identity(rng, stratum);
    for (int i = 0; i < n; ++i) {
      double u = (stratum[i] + rng.uniform()) / dn;
      // (s + v) / n can round up onto the next stratum's edge (even to 1.0) when v is within
      // an ulp of 1; step back to the last double whose stratum is s, so floor(u n) = s holds.
      while (u >= 1.0 || std::floor(u * dn) > stratum[i]) u = std::nextafter(u, 0.0);
      while (std::floor(u * dn) < stratum[i]) u = std::nextafter(u, 1.0);  // v = 0, rounded down
      out(i, j) = u;
    }
  }
  return out;
}

// Boost's engine is the same sequence (Bratley & Fox 1988 recursion, Antonov & Saleev Gray-code
// order) without its point 0, the origin; with 32-bit words its points are bit for bit the ones
// of the table transcribed here earlier (tests/test_design.cpp checks them against SciPy).
struct SobolSequence::Engine {
  boost::random::sobol_engine<uint32_t, 32> boost;
  explicit Engine(int dimensions) : boost(static_cast<size_t>(dimensions)) {}
};

SobolSequence::SobolSequence(int dimensions) : dimensions_(dimensions) {
  if (dimensions < 1 || dimensions > kMaxDimensions)
    throw std::invalid_argument("SobolSequence: " + std::to_string(dimensions) +
                                " dimensions requested; the Joe & Kuo table provides 1 to " +
                                std::to_string(kMaxDimensions));
  engine_ = std::make_unique<Engine>(dimensions);
}

SobolSequence::~SobolSequence() = default;

void SobolSequence::next(double* out) {
  if (index_ == 0) {
    std::fill(out, out + dimensions_, 0.0);
  } else {
    if (index_ >= (uint64_t{1} << kBits))
      throw std::length_error("SobolSequence: all 2^32 points of the 32-bit sequence are used");
    for (int j = 0; j < dimensions_; ++j) out[j] = static_cast<double>(engine_->boost()) * 0x1.0p-32;
  }
  ++index_;
}

int SobolSequence::dimensions() const {
  return dimensions_;
}

bool is_power_of_two(int64_t n, int64_t* lower, int64_t* upper) {
  if (n >= 1 && std::has_single_bit(static_cast<uint64_t>(n))) {
    if (lower) *lower = n;
    if (upper) *upper = n;
    return true;
  }
  // n < 1: the nearest power is 1 on both sides. n > 2^62: no larger power fits in int64_t,
  // so `upper` repeats `lower`.
  const int64_t lo = n < 1 ? 1 : static_cast<int64_t>(std::bit_floor(static_cast<uint64_t>(n)));
  const int64_t hi = n < 1 ? 1 : (lo > (int64_t{1} << 61) ? lo : lo * 2);
  if (lower) *lower = lo;
  if (upper) *upper = hi;
  return false;
}

Matrix saltelli(int n, int k, bool second_order) {
  if (k < 1) throw std::invalid_argument("saltelli: need k >= 1 factors, got " + std::to_string(k));
  int64_t lower = 0, upper = 0;
  if (!is_power_of_two(n, &lower, &upper))
    throw std::invalid_argument("saltelli: n = " + std::to_string(n) +
                                " base rows is not a power of two (nearest: " + std::to_string(lower) +
                                " or " + std::to_string(upper) +
                                "); the Sobol' points keep their balance only in powers of two");
  if (2 * static_cast<int64_t>(k) > SobolSequence::kMaxDimensions)
    throw std::invalid_argument("saltelli: k = " + std::to_string(k) + " factors need " +
                                std::to_string(2 * static_cast<int64_t>(k)) +
                                " Sobol' dimensions, but the direction-number table has " +
                                std::to_string(SobolSequence::kMaxDimensions) + " (at most " +
                                std::to_string(SobolSequence::kMaxDimensions / 2) + " factors)");
  SobolSequence sobol(2 * k);
  std::vector<double> point(2 * k);
  sobol.next(point.data());  // point 0, the origin: skipped (Saltelli et al. 2010 use 1..n)
  const int64_t block = second_order ? 2 * k + 2 : k + 2;
  Matrix out(static_cast<int64_t>(n) * block, k);
  for (int64_t i = 0; i < n; ++i) {
    sobol.next(point.data());
    const int64_t r = i * block;
    for (int j = 0; j < k; ++j) {
      const double a = point[j], b = point[k + j];
      out(r, j) = a;                                                   // A_i
      out(r + block - 1, j) = b;                                       // B_i
      for (int c = 0; c < k; ++c) out(r + 1 + c, j) = c == j ? b : a;  // AB_i^(c)
      if (second_order)
        for (int c = 0; c < k; ++c) out(r + 1 + k + c, j) = c == j ? a : b;  // BA_i^(c)
    }
  }
  return out;
}

MorrisDesign morris(int trajectories, int k, int levels, uint64_t seed) {
  if (levels < 2 || levels % 2 != 0)
    throw std::invalid_argument("morris: levels = " + std::to_string(levels) +
                                "; need an even number >= 2 so that delta = p / (2 (p - 1)) lands on "
                                "the grid");
  if (trajectories < 1 || k < 1)
    throw std::invalid_argument("morris: need trajectories >= 1 and k >= 1 (got " +
                                std::to_string(trajectories) + " and " + std::to_string(k) + ")");
  MorrisDesign d;
  d.trajectories = trajectories;
  d.factors = k;
  d.delta = levels / (2.0 * (levels - 1));
  const int half = levels / 2;  // delta in grid steps
  const double grid = levels - 1;
  d.points.resize(static_cast<int64_t>(trajectories) * (k + 1), k);
  d.changed_factor.resize(static_cast<size_t>(trajectories) * k);
  d.step_sign.resize(static_cast<size_t>(trajectories) * k);
  Rng rng(mix64(seed ^ kMorrisStream));
  std::vector<int> order(k), level(k), sign(k);
  for (int t = 0; t < trajectories; ++t) {
    // Morris (1991) B* = (J x* + (delta/2)((2B - J) D* + J)) P*: a random base x* on the grid
    // in [0, 1 - delta], a random direction D* per factor and a random order P*. Written here
    // directly in grid steps: factor i starts at base_i (sign +) or base_i + half (sign -) and
    // moves once, by +-half steps, at its place in the random order.
    shuffle_identity(rng, order);
    for (int i = 0; i < k; ++i) {
      const int base = static_cast<int>(bounded(rng, static_cast<uint64_t>(half)));
      sign[i] = (rng.next() >> 63) ? 1 : -1;
      level[i] = sign[i] > 0 ? base : base + half;
    }
    const int64_t r0 = static_cast<int64_t>(t) * (k + 1);
    for (int i = 0; i < k; ++i) d.points(r0, i) = level[i] / grid;
    for (int s = 0; s < k; ++s) {
      const int f = order[s];
      level[f] += sign[f] * half;
      for (int i = 0; i < k; ++i) d.points(r0 + s + 1, i) = level[i] / grid;
      d.changed_factor[static_cast<size_t>(t) * k + s] = f;
      d.step_sign[static_cast<size_t>(t) * k + s] = sign[f];
    }
  }
  return d;
}

}  // namespace mv::design
