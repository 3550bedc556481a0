#include "model/population.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

#include "core/vector_math.h"
#include "model/rules.h"

namespace mv {

namespace {
// Population shares of the five regions, grouped from the 2021 census (Bureau of National
// Statistics), rounded: north (and centre) = North Kazakhstan, Kostanay, Pavlodar, Akmola,
// Karaganda; east = East Kazakhstan (with Abai); west = Atyrau, Mangystau, West Kazakhstan,
// Aktobe; capitals = Astana, Almaty; south = Shymkent, Turkestan, Zhambyl, Kyzylorda, Almaty
// region, Zhetisu, Ulytau.
constexpr std::array<double, kNumRegions> kRegionShare = {0.22, 0.36, 0.15, 0.09, 0.18};
// Ethnic Russian share by region before scaling (2021 census, rounded; North Kazakhstan ~48% in
// 2009): about 17% nationally, scaled so that the national share equals ethnic_russian_share
// ([EDM2022]: 18%; the 2021 census: 15.5%).
constexpr std::array<double, kNumRegions> kRussianShare = {0.37, 0.05, 0.06, 0.35, 0.17};
// Months of the spin-up run with the full monthly update (contacts, protest); the months before
// them are the media's relaxation in closed form. A numerical choice, not a behavioural one: a
// year lets the contacts (bounded confidence) and the protest contagion settle (the first year's
// drift of separatism and polarisation falls from 0.03-0.04 at six months to below 0.02).
constexpr int kSpinupFullMonths = 12;

double clamp01(double x) {
  return std::min(1.0, std::max(0.0, x));
}

// Sums of a chunk go into eight float lanes (citizen i into lane i mod 8), so the loop
// vectorises and its order, hence every bit of the result, does not depend on the vector
// width; the lanes are added into doubles, in a fixed order, every chunk.
constexpr int kLanes = 8;
// Citizens per chunk: the chunk's slices of the arrays stay in the L1 cache between the update
// and the north's separatism, and float lane sums of at most kChunk / kLanes values lose nothing
// that matters.
constexpr int kChunk = 512;
// What the lanes sum, per region: opinion toward Russia, the same times ethnicity, opinion
// toward the West, protest, separatist propensity.
enum SumKind { kOpinion, kRussianOpinion, kWest, kActive, kSeparatist, kSumKinds };

/// The parameters of the citizens' initial traits.
struct Traits {
  float mean_russian, mean_kazakh, spread;  // opinion toward Russia: group means, spread
  float diet_russian, diet_kazakh;          // share of Russian media in the diet
  float h0, threshold, threshold_sd;        // hardship baseline; protest threshold
  float diet_spread, west_noise, hardship_spread;
};

/// This month's scalars of the elementwise part of the update.
struct CitizenScalars {
  float k, prop, dom;           // media: rate, Russian intensity, domestic pull
  float alien, forced;          // visible coercion, forced-choice polarisation
  float shift, oil, migration;  // hardship terms
  float legitimacy, gamma, polar;
  float view;  // the view of Russia that domestic media carries
};

namespace baseline {
#define MV_KERNEL
constexpr int kWidth = 4;  // floats per register
#include "model/citizen_kernels.inc"
#undef MV_KERNEL
}  // namespace baseline

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define MV_HAVE_AVX2_KERNELS 1
namespace avx2 {
#define MV_KERNEL __attribute__((target("avx2")))
constexpr int kWidth = 8;
#include "model/citizen_kernels.inc"
#undef MV_KERNEL
}  // namespace avx2
namespace avx512 {
#define MV_KERNEL __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq")))
constexpr int kWidth = 16;
#include "model/citizen_kernels.inc"
#undef MV_KERNEL
}  // namespace avx512
#endif

using UpdateKernel = void (*)(int, const CitizenScalars, const float, const float, const float, float*,
                              float*, const float*, const float*, const float*, const float*,
                              float (&)[kSumKinds][kLanes]);

/// One instruction set's kernels.
struct Kernels {
  decltype(&baseline::meet) meet;
  decltype(&baseline::words) words;
  decltype(&baseline::normals) normals;
  decltype(&baseline::traits) traits;
  decltype(&baseline::separatist_lanes) separatist_lanes;
  std::array<UpdateKernel, 8> update;  // indexed by media * 4 + forced * 2 + protest
};

#define MV_KERNELS(ns)                                                                                       \
  Kernels {                                                                                                  \
    &ns::meet, &ns::words, &ns::normals, &ns::traits, &ns::separatist_lanes,                                 \
        {&ns::update<false, false, false>, &ns::update<false, false, true>, &ns::update<false, true, false>, \
         &ns::update<false, true, true>,   &ns::update<true, false, false>, &ns::update<true, false, true>,  \
         &ns::update<true, true, false>,   &ns::update<true, true, true>},                                   \
  }
const Kernels kBaseline = MV_KERNELS(baseline);
#ifdef MV_HAVE_AVX2_KERNELS
const Kernels kAvx2 = MV_KERNELS(avx2);
const Kernels kAvx512 = MV_KERNELS(avx512);
#endif
#undef MV_KERNELS

/// The kernels of `which`, or null if this build or this processor lacks them.
const Kernels* kernels_for(CitizenKernels which) {
  switch (which) {
    case CitizenKernels::baseline:
      return &kBaseline;
#ifdef MV_HAVE_AVX2_KERNELS
    case CitizenKernels::avx2:
      return __builtin_cpu_supports("avx2") ? &kAvx2 : nullptr;
    case CitizenKernels::avx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
                     __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")
                 ? &kAvx512
                 : nullptr;
#endif
    default:
      return nullptr;
  }
}

// The kernels in use: the widest the processor has, unless MV_CITIZEN_KERNELS names others.
std::atomic<const Kernels*> g_kernels{nullptr};

const Kernels& kernels() {
  const Kernels* k = g_kernels.load(std::memory_order_acquire);
  if (k) return *k;
  const char* env = std::getenv("MV_CITIZEN_KERNELS");
  for (CitizenKernels c : {CitizenKernels::avx512, CitizenKernels::avx2, CitizenKernels::baseline}) {
    if (env && *env && std::strcmp(env, citizen_kernels_name(c)) != 0) continue;
    if ((k = kernels_for(c))) break;
  }
  if (!k) k = &kBaseline;  // an unknown or unavailable name: the portable kernels
  // Unless use_citizen_kernels chose meanwhile, in which case that choice stands.
  const Kernels* none = nullptr;
  g_kernels.compare_exchange_strong(none, k, std::memory_order_acq_rel);
  return *g_kernels.load(std::memory_order_acquire);
}
}  // namespace

const char* citizen_kernels_name(CitizenKernels which) {
  switch (which) {
    case CitizenKernels::avx2:
      return "avx2";
    case CitizenKernels::avx512:
      return "avx512";
    default:
      return "baseline";
  }
}

bool use_citizen_kernels(CitizenKernels which) {
  const Kernels* k = kernels_for(which);
  if (k) g_kernels.store(k, std::memory_order_release);
  return k != nullptr;
}

CitizenKernels citizen_kernels() {
  const Kernels* k = &kernels();
  for (CitizenKernels c : {CitizenKernels::avx512, CitizenKernels::avx2})
    if (k == kernels_for(c)) return c;
  return CitizenKernels::baseline;
}

template <typename F>
void Population::for_each_chunk_of(int region, F&& f) const {
  for (int begin = start_[region]; begin < start_[region + 1]; begin += kChunk)
    f(begin, std::min(start_[region + 1], begin + kChunk));
}

/// Sums of every region's citizens for the aggregates.
struct Population::Sums {
  std::array<std::array<double, kNumRegions>, kSumKinds> by_region{};
};

struct Population::MonthTerms {
  CitizenScalars scalars;
};

Population::Population(const ParamValues& p, int size, Rng& rng) {
  const Kernels& kern = kernels();
  const int n = std::max(size, 1);
  // Every array is written in full below (the traits).
  for (Eigen::ArrayXf* a :
       {&opinion_, &opinion_west_, &ethnic_russian_, &media_russian_, &hardship_base_, &threshold_})
    a->resize(n);

  // Region blocks in proportion to kRegionShare (rounded; the last region takes the rest).
  double weighted = 0;
  for (int r = 0; r < kNumRegions; ++r) weighted += kRegionShare[r] * kRussianShare[r];
  const double scale = p[Param::ethnic_russian_share] / weighted;
  int assigned = 0;
  for (int r = 0; r < kNumRegions; ++r) {
    start_[r] = assigned;
    assigned = r == kNumRegions - 1 ? n : assigned + static_cast<int>(std::lround(kRegionShare[r] * n));
    assigned = std::min(assigned, n);
  }
  start_[kNumRegions] = n;

  const double o0 = p[Param::opinion_russia_initial], gap = p[Param::opinion_gap_ethnic];
  const double eth = p[Param::ethnic_russian_share];
  // Exposure of each region to lost oil revenue (the west is the oil region) and to arrivals from
  // Russia (the capitals and the northern border regions: [Wharton2022], [FT2022]).
  const auto oil_other = static_cast<float>(p[Param::oil_exposure_other]);
  const auto mig_other = static_cast<float>(p[Param::migration_exposure_other]);
  oil_exposure_ = {oil_other, oil_other, static_cast<float>(p[Param::oil_exposure_oil_region]), oil_other, 1.f};
  migration_exposure_ = {static_cast<float>(p[Param::migration_exposure_north]), mig_other, mig_other, mig_other,
                         static_cast<float>(p[Param::migration_exposure_capitals])};
  separatism_inverse_width_ = static_cast<float>(1.0 / p[Param::separatism_width]);
  const Traits traits{static_cast<float>(clamp01(o0 + (1 - eth) * gap)),
                      static_cast<float>(clamp01(o0 - eth * gap)),
                      static_cast<float>(p[Param::opinion_spread]),
                      static_cast<float>(p[Param::russian_media_share_ethnic_russian]),
                      static_cast<float>(p[Param::russian_media_share_kazakh]),
                      static_cast<float>(p[Param::hardship_baseline]),
                      static_cast<float>(p[Param::unrest_threshold]),
                      static_cast<float>(p[Param::threshold_sd]),
                      static_cast<float>(p[Param::media_diet_spread]),
                      static_cast<float>(p[Param::west_opinion_noise]),
                      static_cast<float>(p[Param::hardship_spread])};
  // Drawn a chunk at a time: first the chunk's raw 32-bit words (two per 64-bit value of a
  // counter-based SplitMix64 block keyed by one draw of the citizen stream, low half first):
  // three uniforms per citizen (ethnicity, media diet, hardship), then the uniforms of the
  // normals (opinion toward Russia, toward the West, protest threshold: three per citizen, by
  // Box–Muller in pairs); then every trait in one vectorised loop.
  constexpr int kPairs = (3 * kChunk + 1) / 2;
  std::array<uint32_t, 3 * kChunk + 2 * kPairs> words;
  std::array<float, 2 * kPairs> normal;
  for (int r = 0; r < kNumRegions; ++r) {
    const float share = static_cast<float>(std::min(1.0, kRussianShare[r] * scale));
    for_each_chunk_of(r, [&](int begin, int end) {
      const int len = end - begin, pairs = (3 * len + 1) / 2;
      const int count = 3 * len + 2 * pairs;
      kern.words((count + 1) / 2, rng.next(), words.data());  // a counter-based block per chunk
      kern.normals(pairs, words.data() + 3 * len, normal.data());
      kern.traits(len, traits, share, words.data(), normal.data(), opinion_.data() + begin,
                  opinion_west_.data() + begin, ethnic_russian_.data() + begin, media_russian_.data() + begin,
                  hardship_base_.data() + begin, threshold_.data() + begin);
    });
  }
  // Counts (the flags are exactly 0 or 1), so any order of summation gives the same number.
  russians_ = static_cast<double>((ethnic_russian_ > 0.5f).count());
  const int north = static_cast<int>(Region::north);
  north_russians_ = static_cast<double>(
      (ethnic_russian_.segment(start_[north], start_[north + 1] - start_[north]) > 0.5f).count());
  separatism_cut_ = static_cast<float>(p[Param::separatism_opinion_cut]);
  // The initial aggregates: the sums of a month in which nothing happens (no media, events or
  // protest; the update then leaves every opinion as it is).
  Sums sums;
  for (int r = 0; r < kNumRegions; ++r)
    for_each_chunk_of(r, [&](int begin, int end) { update_and_sum(0, MonthTerms{}, r, begin, end, sums); });
  aggregate(sums);
}

void Population::contacts(float eps, float mu, Rng& rng) {
  // A random matching within each region, drawn from one 64-bit draw per region
  // (rules::for_each_matching_run, which `dock deffuant --contacts matching` runs too). Every
  // pair is disjoint from every other, so the order of the meetings does not matter and each is
  // a contiguous run that vectorises.
  const Kernels& kern = kernels();
  for (int r = 0; r < kNumRegions; ++r) {
    const int base = start_[r], len = start_[r + 1] - start_[r];
    if (len / 2 == 0) continue;
    float* o = opinion_.data() + base;
    float* w = opinion_west_.data() + base;
    rules::for_each_matching_run(
        len, rng.next(), [&](int run, int a, int b) { kern.meet(run, eps, mu, o + a, o + b, w + a, w + b); });
  }
}

void Population::step(const CitizenInputs& in, const ParamValues& p, const MechanismSet& m, Rng& rng) {
  // 1. Contacts: bounded confidence (Deffuant et al. 2000) within a region.
  if (m(Mechanism::bounded_confidence))
    contacts(static_cast<float>(p[Param::confidence_bound]), static_cast<float>(p[Param::convergence_rate]),
             rng);

  // 2-5. Media, events, hardship, protest and the sums for the aggregates: elementwise, so one
  // pass over the arrays, a chunk at a time, summed in the same loop. Each medium is its own
  // mechanism: switched off, its pull is zero.
  const bool russian = m(Mechanism::russian_media), domestic = m(Mechanism::domestic_media);
  const MonthTerms e{CitizenScalars{
      static_cast<float>(p[Param::propaganda_effect]), static_cast<float>(russian ? in.propaganda : 0.0),
      static_cast<float>(domestic ? p[Param::domestic_media_strength] : 0.0),
      static_cast<float>(p[Param::coercion_alienation] * in.coercion),
      static_cast<float>(p[Param::forced_choice_polarisation] * in.forced_choice),
      static_cast<float>(in.hardship_shift),
      static_cast<float>(p[Param::hardship_sensitivity] * p[Param::oil_income_share] * in.oil_shock),
      static_cast<float>(p[Param::migration_hardship] * in.migration_shock), static_cast<float>(in.legitimacy),
      static_cast<float>(p[Param::protest_contagion]),
      static_cast<float>(p[Param::forced_choice_grievance] * in.forced_choice),
      static_cast<float>(p[Param::domestic_media_view])}};
  const bool media = russian || domestic, forced = in.forced_choice > 0, protest = m(Mechanism::collective_action);
  // Each combination of mechanisms has its own loop, without branches inside.
  const int variant = (media ? 4 : 0) | (forced ? 2 : 0) | (protest ? 1 : 0);
  Sums sums;
  for (int r = 0; r < kNumRegions; ++r)
    for_each_chunk_of(r, [&](int begin, int end) { update_and_sum(variant, e, r, begin, end, sums); });
  aggregate(sums);
  // Suppression (CSTO troops, January 2022) does not undo this month's protest; it stops the
  // cascade from carrying into the next month.
  const float carried = static_cast<float>(1.0 - in.suppression);
  for (int r = 0; r < kNumRegions; ++r) contagion_[r] = static_cast<float>(agg_.participation[r]) * carried;
}

void Population::burn_in(const CitizenInputs& in, const ParamValues& p, Rng& rng) {
  const int months = std::max(0, static_cast<int>(std::lround(p[Param::spinup_months])));
  const int full = std::min(months, kSpinupFullMonths);
  // The media's pull over the months before the full ones, in closed form. Without coercion or a
  // forced choice the media update of a citizen with Russian-media share m is linear,
  // o' = o + a - b o with b = k (m P + (1 - m) D) and a = k (m P + (1 - m) D v), so after n
  // months o_n = o* + (o - o*) (1 - b)^n with o* = a / b; the view of the West likewise with
  // a = k (1 - m) D / 2. Both stay in [0, 1], as the update's clamps would keep them.
  const int relaxed = months - full;
  if (relaxed > 0) {
    const double k = p[Param::propaganda_effect], prop = in.propaganda, dom = p[Param::domestic_media_strength],
                 view = p[Param::domestic_media_view];
    float* o = opinion_.data();
    float* w = opinion_west_.data();
    const float* md = media_russian_.data();
    for (int i = 0, n = size(); i < n; ++i) {
      const double m = md[i];
      const double b = k * (m * prop + (1.0 - m) * dom);
      // (1 - b)^relaxed by repeated squaring (the same for every citizen: the loop vectorises).
      double keep = 1.0, x = 1.0 - b;
      for (int e = relaxed; e > 0; e >>= 1) {
        keep *= (e & 1) ? x : 1.0;
        x *= x;
      }
      const double fixed_o = b > 0 ? std::clamp(k * (m * prop + (1.0 - m) * dom * view) / b, 0.0, 1.0) : o[i];
      const double fixed_w = b > 0 ? std::clamp(k * (1.0 - m) * dom * 0.5 / b, 0.0, 1.0) : w[i];
      o[i] = static_cast<float>(fixed_o + (o[i] - fixed_o) * keep);
      w[i] = static_cast<float>(fixed_w + (w[i] - fixed_w) * keep);
    }
  }
  MechanismSet all_on;
  for (int month = 0; month < full; ++month) step(in, p, all_on, rng);
}

void Population::update_and_sum(int variant, const MonthTerms& terms, int region, int begin, int end,
                                Sums& sums) {
  const Kernels& kern = kernels();
  float lanes[kSumKinds][kLanes];
  kern.update[variant](
      end - begin, terms.scalars, contagion_[region], oil_exposure_[region], migration_exposure_[region], opinion_.data() + begin, opinion_west_.data() + begin,
      media_russian_.data() + begin, ethnic_russian_.data() + begin, hardship_base_.data() + begin,
      threshold_.data() + begin, lanes);
  // Graded separatist propensity of northern ethnic Russians: logistic in opinion toward
  // Russia. Only the north holds northern ethnic Russians.
  if (region == static_cast<int>(Region::north))
    kern.separatist_lanes(end - begin, opinion_.data() + begin, ethnic_russian_.data() + begin,
                          separatism_cut_, separatism_inverse_width_, lanes[kSeparatist]);
  else
    std::fill(std::begin(lanes[kSeparatist]), std::end(lanes[kSeparatist]), 0.f);
  for (int kind = 0; kind < kSumKinds; ++kind) {
    double s = 0;
    for (float x : lanes[kind]) s += static_cast<double>(x);
    sums.by_region[kind][region] += s;
  }
}

void Population::aggregate(const Sums& sums) {
  const double n = static_cast<double>(size());
  std::array<double, kSumKinds> total{};
  for (int kind = 0; kind < kSumKinds; ++kind)
    for (int r = 0; r < kNumRegions; ++r) total[kind] += sums.by_region[kind][r];
  const auto [opinion, russian_opinion, west, active, separatists] = total;
  for (int r = 0; r < kNumRegions; ++r) {
    const int len = start_[r + 1] - start_[r];
    agg_.participation[r] = len > 0 ? sums.by_region[kActive][r] / len : 0.0;
  }
  agg_.opinion_russia = opinion / n;
  agg_.opinion_ethnic_russian = russians_ > 0 ? russian_opinion / russians_ : 0.0;
  agg_.opinion_kazakh = n > russians_ ? (opinion - russian_opinion) / (n - russians_) : 0.0;
  agg_.polarisation = agg_.opinion_ethnic_russian - agg_.opinion_kazakh;
  agg_.opinion_west = west / n;
  agg_.unrest = active / n;
  agg_.separatism = separatists / n;
  agg_.north_separatism = north_russians_ > 0 ? separatists / north_russians_ : 0.0;
}

}  // namespace mv
