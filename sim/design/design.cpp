#include "design/design.h"

#include <bit>
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
// SIAM J. Sci. Comput. 30, 2635-2654; table new-joe-kuo-6.21201 from
// https://web.maths.unsw.edu.au/~fkuo/sobol/ (BSD-style licence, (c) 2008 Frances Kuo and
// Stephen Joe), rows d = 2..128 transcribed as data: d, s, a, m_1..m_s. Verified by
// tests/test_design.cpp (primitive polynomials in the file's order, m_i odd and < 2^i, net
// properties) and, when transcribed, point by point against SciPy's unscrambled
// scipy.stats.qmc.Sobol, which ships the same table.
constexpr SobolDirectionRow kJoeKuo[] = {
    {2, 1, 0, {1}},
    {3, 2, 1, {1, 3}},
    {4, 3, 1, {1, 3, 1}},
    {5, 3, 2, {1, 1, 1}},
    {6, 4, 1, {1, 1, 3, 3}},
    {7, 4, 4, {1, 3, 5, 13}},
    {8, 5, 2, {1, 1, 5, 5, 17}},
    {9, 5, 4, {1, 1, 5, 5, 5}},
    {10, 5, 7, {1, 1, 7, 11, 19}},
    {11, 5, 11, {1, 1, 5, 1, 1}},
    {12, 5, 13, {1, 1, 1, 3, 11}},
    {13, 5, 14, {1, 3, 5, 5, 31}},
    {14, 6, 1, {1, 3, 3, 9, 7, 49}},
    {15, 6, 13, {1, 1, 1, 15, 21, 21}},
    {16, 6, 16, {1, 3, 1, 13, 27, 49}},
    {17, 6, 19, {1, 1, 1, 15, 7, 5}},
    {18, 6, 22, {1, 3, 1, 15, 13, 25}},
    {19, 6, 25, {1, 1, 5, 5, 19, 61}},
    {20, 7, 1, {1, 3, 7, 11, 23, 15, 103}},
    {21, 7, 4, {1, 3, 7, 13, 13, 15, 69}},
    {22, 7, 7, {1, 1, 3, 13, 7, 35, 63}},
    {23, 7, 8, {1, 3, 5, 9, 1, 25, 53}},
    {24, 7, 14, {1, 3, 1, 13, 9, 35, 107}},
    {25, 7, 19, {1, 3, 1, 5, 27, 61, 31}},
    {26, 7, 21, {1, 1, 5, 11, 19, 41, 61}},
    {27, 7, 28, {1, 3, 5, 3, 3, 13, 69}},
    {28, 7, 31, {1, 1, 7, 13, 1, 19, 1}},
    {29, 7, 32, {1, 3, 7, 5, 13, 19, 59}},
    {30, 7, 37, {1, 1, 3, 9, 25, 29, 41}},
    {31, 7, 41, {1, 3, 5, 13, 23, 1, 55}},
    {32, 7, 42, {1, 3, 7, 3, 13, 59, 17}},
    {33, 7, 50, {1, 3, 1, 3, 5, 53, 69}},
    {34, 7, 55, {1, 1, 5, 5, 23, 33, 13}},
    {35, 7, 56, {1, 1, 7, 7, 1, 61, 123}},
    {36, 7, 59, {1, 1, 7, 9, 13, 61, 49}},
    {37, 7, 62, {1, 3, 3, 5, 3, 55, 33}},
    {38, 8, 14, {1, 3, 1, 15, 31, 13, 49, 245}},
    {39, 8, 21, {1, 3, 5, 15, 31, 59, 63, 97}},
    {40, 8, 22, {1, 3, 1, 11, 11, 11, 77, 249}},
    {41, 8, 38, {1, 3, 1, 11, 27, 43, 71, 9}},
    {42, 8, 47, {1, 1, 7, 15, 21, 11, 81, 45}},
    {43, 8, 49, {1, 3, 7, 3, 25, 31, 65, 79}},
    {44, 8, 50, {1, 3, 1, 1, 19, 11, 3, 205}},
    {45, 8, 52, {1, 1, 5, 9, 19, 21, 29, 157}},
    {46, 8, 56, {1, 3, 7, 11, 1, 33, 89, 185}},
    {47, 8, 67, {1, 3, 3, 3, 15, 9, 79, 71}},
    {48, 8, 70, {1, 3, 7, 11, 15, 39, 119, 27}},
    {49, 8, 84, {1, 1, 3, 1, 11, 31, 97, 225}},
    {50, 8, 97, {1, 1, 1, 3, 23, 43, 57, 177}},
    {51, 8, 103, {1, 3, 7, 7, 17, 17, 37, 71}},
    {52, 8, 115, {1, 3, 1, 5, 27, 63, 123, 213}},
    {53, 8, 122, {1, 1, 3, 5, 11, 43, 53, 133}},
    {54, 9, 8, {1, 3, 5, 5, 29, 17, 47, 173, 479}},
    {55, 9, 13, {1, 3, 3, 11, 3, 1, 109, 9, 69}},
    {56, 9, 16, {1, 1, 1, 5, 17, 39, 23, 5, 343}},
    {57, 9, 22, {1, 3, 1, 5, 25, 15, 31, 103, 499}},
    {58, 9, 25, {1, 1, 1, 11, 11, 17, 63, 105, 183}},
    {59, 9, 44, {1, 1, 5, 11, 9, 29, 97, 231, 363}},
    {60, 9, 47, {1, 1, 5, 15, 19, 45, 41, 7, 383}},
    {61, 9, 52, {1, 3, 7, 7, 31, 19, 83, 137, 221}},
    {62, 9, 55, {1, 1, 1, 3, 23, 15, 111, 223, 83}},
    {63, 9, 59, {1, 1, 5, 13, 31, 15, 55, 25, 161}},
    {64, 9, 62, {1, 1, 3, 13, 25, 47, 39, 87, 257}},
    {65, 9, 67, {1, 1, 1, 11, 21, 53, 125, 249, 293}},
    {66, 9, 74, {1, 1, 7, 11, 11, 7, 57, 79, 323}},
    {67, 9, 81, {1, 1, 5, 5, 17, 13, 81, 3, 131}},
    {68, 9, 82, {1, 1, 7, 13, 23, 7, 65, 251, 475}},
    {69, 9, 87, {1, 3, 5, 1, 9, 43, 3, 149, 11}},
    {70, 9, 91, {1, 1, 3, 13, 31, 13, 13, 255, 487}},
    {71, 9, 94, {1, 3, 3, 1, 5, 63, 89, 91, 127}},
    {72, 9, 103, {1, 1, 3, 3, 1, 19, 123, 127, 237}},
    {73, 9, 104, {1, 1, 5, 7, 23, 31, 37, 243, 289}},
    {74, 9, 109, {1, 1, 5, 11, 17, 53, 117, 183, 491}},
    {75, 9, 122, {1, 1, 1, 5, 1, 13, 13, 209, 345}},
    {76, 9, 124, {1, 1, 3, 15, 1, 57, 115, 7, 33}},
    {77, 9, 137, {1, 3, 1, 11, 7, 43, 81, 207, 175}},
    {78, 9, 138, {1, 3, 1, 1, 15, 27, 63, 255, 49}},
    {79, 9, 143, {1, 3, 5, 3, 27, 61, 105, 171, 305}},
    {80, 9, 145, {1, 1, 5, 3, 1, 3, 57, 249, 149}},
    {81, 9, 152, {1, 1, 3, 5, 5, 57, 15, 13, 159}},
    {82, 9, 157, {1, 1, 1, 11, 7, 11, 105, 141, 225}},
    {83, 9, 167, {1, 3, 3, 5, 27, 59, 121, 101, 271}},
    {84, 9, 173, {1, 3, 5, 9, 11, 49, 51, 59, 115}},
    {85, 9, 176, {1, 1, 7, 1, 23, 45, 125, 71, 419}},
    {86, 9, 181, {1, 1, 3, 5, 23, 5, 105, 109, 75}},
    {87, 9, 182, {1, 1, 7, 15, 7, 11, 67, 121, 453}},
    {88, 9, 185, {1, 3, 7, 3, 9, 13, 31, 27, 449}},
    {89, 9, 191, {1, 3, 1, 15, 19, 39, 39, 89, 15}},
    {90, 9, 194, {1, 1, 1, 1, 1, 33, 73, 145, 379}},
    {91, 9, 199, {1, 3, 1, 15, 15, 43, 29, 13, 483}},
    {92, 9, 218, {1, 1, 7, 3, 19, 27, 85, 131, 431}},
    {93, 9, 220, {1, 3, 3, 3, 5, 35, 23, 195, 349}},
    {94, 9, 227, {1, 3, 3, 7, 9, 27, 39, 59, 297}},
    {95, 9, 229, {1, 1, 3, 9, 11, 17, 13, 241, 157}},
    {96, 9, 230, {1, 3, 7, 15, 25, 57, 33, 189, 213}},
    {97, 9, 234, {1, 1, 7, 1, 9, 55, 73, 83, 217}},
    {98, 9, 236, {1, 3, 3, 13, 19, 27, 23, 113, 249}},
    {99, 9, 241, {1, 3, 5, 3, 23, 43, 3, 253, 479}},
    {100, 9, 244, {1, 1, 5, 5, 11, 5, 45, 117, 217}},
    {101, 9, 253, {1, 3, 3, 7, 29, 37, 33, 123, 147}},
    {102, 10, 4, {1, 3, 1, 15, 5, 5, 37, 227, 223, 459}},
    {103, 10, 13, {1, 1, 7, 5, 5, 39, 63, 255, 135, 487}},
    {104, 10, 19, {1, 3, 1, 7, 9, 7, 87, 249, 217, 599}},
    {105, 10, 22, {1, 1, 3, 13, 9, 47, 7, 225, 363, 247}},
    {106, 10, 50, {1, 3, 7, 13, 19, 13, 9, 67, 9, 737}},
    {107, 10, 55, {1, 3, 5, 5, 19, 59, 7, 41, 319, 677}},
    {108, 10, 64, {1, 1, 5, 3, 31, 63, 15, 43, 207, 789}},
    {109, 10, 69, {1, 1, 7, 9, 13, 39, 3, 47, 497, 169}},
    {110, 10, 98, {1, 3, 1, 7, 21, 17, 97, 19, 415, 905}},
    {111, 10, 107, {1, 3, 7, 1, 3, 31, 71, 111, 165, 127}},
    {112, 10, 115, {1, 1, 5, 11, 1, 61, 83, 119, 203, 847}},
    {113, 10, 121, {1, 3, 3, 13, 9, 61, 19, 97, 47, 35}},
    {114, 10, 127, {1, 1, 7, 7, 15, 29, 63, 95, 417, 469}},
    {115, 10, 134, {1, 3, 1, 9, 25, 9, 71, 57, 213, 385}},
    {116, 10, 140, {1, 3, 5, 13, 31, 47, 101, 57, 39, 341}},
    {117, 10, 145, {1, 1, 3, 3, 31, 57, 125, 173, 365, 551}},
    {118, 10, 152, {1, 3, 7, 1, 13, 57, 67, 157, 451, 707}},
    {119, 10, 158, {1, 1, 1, 7, 21, 13, 105, 89, 429, 965}},
    {120, 10, 161, {1, 1, 5, 9, 17, 51, 45, 119, 157, 141}},
    {121, 10, 171, {1, 3, 7, 7, 13, 45, 91, 9, 129, 741}},
    {122, 10, 181, {1, 3, 7, 1, 23, 57, 67, 141, 151, 571}},
    {123, 10, 194, {1, 1, 3, 11, 17, 47, 93, 107, 375, 157}},
    {124, 10, 199, {1, 3, 3, 5, 11, 21, 43, 51, 169, 915}},
    {125, 10, 203, {1, 1, 5, 3, 15, 55, 101, 67, 455, 625}},
    {126, 10, 208, {1, 3, 5, 9, 1, 23, 29, 47, 345, 595}},
    {127, 10, 227, {1, 3, 7, 7, 5, 49, 29, 155, 323, 589}},
    {128, 10, 242, {1, 3, 3, 7, 5, 41, 127, 61, 261, 717}},
};
static_assert(std::size(kJoeKuo) == SobolSequence::kMaxDimensions - 1,
              "kMaxDimensions must be the table's rows plus dimension 1");

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

std::span<const SobolDirectionRow> sobol_direction_numbers() {
  return kJoeKuo;
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

SobolSequence::SobolSequence(int dimensions) : dimensions_(dimensions) {
  if (dimensions < 1 || dimensions > kMaxDimensions)
    throw std::invalid_argument("SobolSequence: " + std::to_string(dimensions) +
                                " dimensions requested; the Joe & Kuo table provides 1 to " +
                                std::to_string(kMaxDimensions));
  directions_.assign(static_cast<size_t>(dimensions) * kBits, 0);
  state_.assign(dimensions, 0);
  // Dimension 1: all m_i = 1, v_i = 2^-i (van der Corput in base 2).
  for (int i = 0; i < kBits; ++i) directions_[i] = uint32_t{1} << (kBits - 1 - i);
  for (int j = 1; j < dimensions; ++j) {
    const SobolDirectionRow& row = kJoeKuo[j - 1];
    uint32_t* v = &directions_[static_cast<size_t>(j) * kBits];
    const int s = row.s;
    for (int i = 0; i < s && i < kBits; ++i) v[i] = row.m[i] << (kBits - 1 - i);
    // Bratley & Fox (1988) eq. (2), as Joe & Kuo (2008) state it for the scaled v:
    // v_i = a_1 v_(i-1) ^ ... ^ a_(s-1) v_(i-s+1) ^ v_(i-s) ^ (v_(i-s) >> s).
    for (int i = s; i < kBits; ++i) {
      uint32_t x = v[i - s] ^ (v[i - s] >> s);
      for (int l = 1; l < s; ++l)
        if ((row.a >> (s - 1 - l)) & 1u) x ^= v[i - l];
      v[i] = x;
    }
  }
}

void SobolSequence::next(double* out) {
  if (index_ > 0) {
    if (index_ >= (uint64_t{1} << kBits))
      throw std::length_error("SobolSequence: all 2^32 points of the 32-bit sequence are used");
    // Antonov & Saleev (1979) Gray-code order: point n differs from point n-1 by the direction
    // number indexed by the lowest set bit of n.
    const int c = std::countr_zero(index_);
    for (int j = 0; j < dimensions_; ++j) state_[j] ^= directions_[static_cast<size_t>(j) * kBits + c];
  }
  ++index_;
  for (int j = 0; j < dimensions_; ++j) out[j] = static_cast<double>(state_[j]) * 0x1.0p-32;
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

Matrix saltelli(int n, int k) {
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
  const int64_t block = k + 2;
  Matrix out(static_cast<int64_t>(n) * block, k);
  for (int64_t i = 0; i < n; ++i) {
    sobol.next(point.data());
    const int64_t r = i * block;
    for (int j = 0; j < k; ++j) {
      const double a = point[j], b = point[k + j];
      out(r, j) = a;                                                   // A_i
      out(r + block - 1, j) = b;                                       // B_i
      for (int c = 0; c < k; ++c) out(r + 1 + c, j) = c == j ? b : a;  // AB_i^(c)
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
