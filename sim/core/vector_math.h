#pragma once
// Float math for the citizens' hot loops that the compiler can vectorise: std::exp, std::log
// and std::cos are library calls that stop a loop from vectorising (without -ffast-math) and
// whose last bits differ between C libraries. These use only +, -, *, /, sqrt, comparisons and
// integer bit operations, all exact in IEEE arithmetic, so they give the same bits on every
// x86-64 (or other IEEE) machine, whatever the vector width. Accuracy on the documented
// ranges: a few units in the last place of a float (tests/test_core.cpp checks the bounds).
#include <bit>
#include <cstdint>

namespace mv::vmath {

/// std::bit_cast, which the libc++ of Debian's emscripten (LLVM 14) lacks; GCC and clang build
/// std::bit_cast on this same builtin.
template <typename To, typename From>
inline To bit_cast(const From& from) {
  return __builtin_bit_cast(To, from);
}

// ln 2 = kLn2High + kLn2Low, the high part with few enough bits that k * kLn2High is exact
// for |k| < 2^15 (Cody & Waite 1980).
inline constexpr float kLn2High = 0.693359375f, kLn2Low = -2.12194440e-4f;

/// e^z for z in [-80, 80] (clamped outside; NaN gives e^-80), relative error below 3e-7: z = k ln 2 + g with
/// k an integer and |g| <= ln(2)/2 (Cody & Waite: ln 2 in two parts, so k ln 2 is nearly exact), 2^k built
/// from the exponent bits and e^g a degree-7 Taylor polynomial.
inline float exp(float z) {
  z = z > -80.f ? z : -80.f;  // (a NaN becomes -80; selects, so that loops vectorise)
  z = z < 80.f ? z : 80.f;
  const float k = (z * 1.44269504f + 12582912.f) - 12582912.f;  // round(z log2 e) (1.5 * 2^23 trick)
  const float g = (z - k * kLn2High) - k * kLn2Low;
  const float p =
      1.f +
      g * (1.f + g * (0.5f +
                      g * (1.f / 6 + g * (1.f / 24 + g * (1.f / 120 + g * (1.f / 720 + g * (1.f / 5040)))))));
  return p * bit_cast<float>((static_cast<int32_t>(k) + 127) << 23);
}

/// Natural logarithm of a positive normal float, error below 3e-7 max(1, |ln u|) for u in (0, 1]:
/// u = m 2^e with m in [sqrt(1/2), sqrt(2)), ln m = 2 atanh((m - 1)/(m + 1)) by its series.
inline float log(float u) {
  const int32_t bits = bit_cast<int32_t>(u);
  const int32_t e = ((bits >> 23) & 0xff) - 127;
  float m = bit_cast<float>((bits & 0x7fffff) | 0x3f800000);  // [1, 2)
  const float high = m > 1.41421356f ? 1.f : 0.f;
  m = m * (1.f - 0.5f * high);                        // exact: m or m / 2
  const float s = (m - 1.f) / (m + 1.f), s2 = s * s;  // |s| < 0.172
  const float lm = 2.f * s * (1.f + s2 * (1.f / 3 + s2 * (1.f / 5 + s2 * (1.f / 7 + s2 * (1.f / 9)))));
  const float k = static_cast<float>(e) + high;
  return k * kLn2High + (k * kLn2Low + lm);
}

/// sin and cos of 2 pi x for x in [-1/2, 1/2], absolute error below 3e-7: reduced to
/// |2 pi x| <= pi/2 by sin(pi - a) = sin a, cos(pi - a) = -cos a, then Taylor series.
inline void sincos_turns(float x, float& sine, float& cosine) {
  const float fold = (x > 0.25f ? 1.f : 0.f) - (x < -0.25f ? 1.f : 0.f);  // -1, 0 or 1
  const float flip = 1.f - 2.f * fold * fold;                             // -1 if folded, else 1
  const float xr = 0.5f * fold + flip * x;                                // exact: x, 1/2 - x or -1/2 - x
  const float a = xr * 6.28318531f, a2 = a * a;
  sine =
      a * (1.f + a2 * (-1.f / 6 +
                       a2 * (1.f / 120 + a2 * (-1.f / 5040 + a2 * (1.f / 362880 + a2 * (-1.f / 39916800))))));
  const float c =
      1.f +
      a2 * (-0.5f + a2 * (1.f / 24 + a2 * (-1.f / 720 + a2 * (1.f / 40320 + a2 * (-1.f / 3628800 +
                                                                                  a2 * (1.f / 479001600))))));
  cosine = flip * c;
}

/// A uniform on [0, 1) from the top 24 bits of a 32-bit word (every float of the form k 2^-24).
inline float uniform24(uint32_t word) {
  return static_cast<float>(word >> 8) * 0x1.0p-24f;
}
/// A uniform on (0, 1) from the top 23 bits of a 32-bit word: (k + 1/2) 2^-23, never 0 or 1
/// (with 24 bits, k + 1/2 would round to 2^24 at the top).
inline float uniform23_open(uint32_t word) {
  return (static_cast<float>(word >> 9) + 0.5f) * 0x1.0p-23f;
}

/// Box–Muller (1958): two independent standard normals from two independent uniforms. With
/// uniform23_open the radius is at most sqrt(-2 ln 2^-24) = 5.77, so a normal is truncated
/// there (a larger draw has probability 6e-8).
inline void box_muller(float u_open, float v, float& z0, float& z1) {
  const float radius = __builtin_sqrtf(-2.f * log(u_open));
  float s, c;
  sincos_turns(v - 0.5f, s, c);
  z0 = radius * c;
  z1 = radius * s;
}

}  // namespace mv::vmath
