#pragma once
// Random streams belong to replicates (STYLE.md rule 3): every stream is a pure function of
// (master seed, replicate index, stream name), mixed through SplitMix64's finaliser, so
// results never depend on thread or process count, and (seed 1, run 2) never collides with
// (seed 2, run 1) as it would with `seed + run`.
#include <cmath>
#include <cstdint>
#include <numbers>

namespace mv {

/// SplitMix64 finaliser (Steele, Lea & Flood 2014): a bijective 64-bit mixer.
constexpr uint64_t mix64(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// Named streams of one replicate.
enum class Stream : uint64_t {
  kParameters = 0x7061'7261'6d73ULL,  // "params"
  kModel = 0x6d6f'6465'6cULL,         // "model"
  kCitizens = 0x6369'7469'7aULL,      // "citiz": the citizen population
};

/// The seed of replicate `run` of a batch with master seed `seed` (written to runs.csv).
constexpr uint64_t replicate_seed(uint64_t seed, uint64_t run) {
  return mix64(mix64(seed) ^ mix64(run ^ 0x5265'706c'6963ULL));
}

/// The seed of one named stream of a replicate.
constexpr uint64_t stream_seed(uint64_t replicate, Stream s) {
  return mix64(replicate ^ mix64(static_cast<uint64_t>(s)));
}

/// xoshiro256** (Blackman & Vigna 2018), seeded by SplitMix64 expansion. Portable: all
/// variates are produced here from raw bits, never by std:: distributions, whose output
/// differs between standard libraries.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t x = seed;
    for (auto& w : s_) {
      x += 0x9e3779b97f4a7c15ULL;
      w = mix64(x);
    }
  }
  Rng(uint64_t replicate, Stream stream) : Rng(stream_seed(replicate, stream)) {}

  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  /// Uniform on [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform on (0, 1): safe for logarithms.
  double uniform_open() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }
  bool bernoulli(double p) { return uniform() < p; }
  /// Standard normal by Box–Muller (one variate per call, no hidden cache: a stream's
  /// position depends only on how many variates were drawn).
  double normal() {
    const double u1 = uniform_open(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace mv
