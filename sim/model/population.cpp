#include "model/population.h"

#include <algorithm>
#include <cmath>

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
// (seeds/002: 18%; the 2021 census: 15.5%).
constexpr std::array<double, kNumRegions> kRussianShare = {0.37, 0.05, 0.06, 0.35, 0.17};
// Width of the opinion band over which a northern ethnic Russian's separatist propensity rises
// from low to high around separatism_opinion_cut (a logistic, so sentiment is graded).
constexpr float kSeparatismWidth = 0.05f;
// Exposure to lost oil export revenue: the west is the oil region.
constexpr std::array<double, kNumRegions> kOilExposure = {0.5, 0.5, 2.0, 0.5, 1.0};
// Lost export revenue reaches households only through the share of income tied to oil
// (wages, transfers): assumption, about a quarter.
constexpr double kOilIncomeShare = 0.25;
// Arrivals of autumn 2022 went to the capitals and the northern border regions (seeds/000).
constexpr std::array<double, kNumRegions> kMigrationExposure = {1.5, 0.3, 0.3, 0.5, 2.0};
// View of Russia carried by Kazakh domestic media (cooler than the population's mean).
constexpr float kDomesticMediaView = 0.35f;

double clamp01(double x) {
  return std::min(1.0, std::max(0.0, x));
}
}  // namespace

Population::Population(const ParamValues& p, int size, Rng& rng) {
  const int n = std::max(size, 1);
  for (Eigen::ArrayXf* a :
       {&opinion_, &opinion_west_, &ethnic_russian_, &media_russian_, &hardship_base_, &hardship_,
        &threshold_, &oil_exposure_, &migration_exposure_, &contagion_, &active_, &north_russian_})
    a->setZero(n);
  draws_.resize(static_cast<size_t>(n));

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
  const double mean_russian = clamp01(o0 + (1 - eth) * gap), mean_kazakh = clamp01(o0 - eth * gap);
  const double h0 = p[Param::hardship_baseline];
  for (int r = 0; r < kNumRegions; ++r) {
    const double share = std::min(1.0, kRussianShare[r] * scale);
    for (int i = start_[r]; i < start_[r + 1]; ++i) {
      const bool russian = rng.uniform() < share;
      ethnic_russian_[i] = russian ? 1.f : 0.f;
      north_russian_[i] = russian && r == static_cast<int>(Region::north) ? 1.f : 0.f;
      const double diet =
          russian ? p[Param::russian_media_share_ethnic_russian] : p[Param::russian_media_share_kazakh];
      media_russian_[i] = static_cast<float>(clamp01(diet + 0.1 * (rng.uniform() - 0.5)));
      opinion_[i] = static_cast<float>(
          clamp01((russian ? mean_russian : mean_kazakh) + p[Param::opinion_spread] * rng.normal()));
      // Opinion toward the West mirrors opinion toward Russia, loosely (seeds/002: the war has
      // polarised society along the Russia-West axis).
      opinion_west_[i] =
          static_cast<float>(clamp01(1.0 - opinion_[i] + 0.5 * p[Param::opinion_spread] * rng.normal()));
      hardship_base_[i] = static_cast<float>(h0 * (0.5 + rng.uniform()));  // mean h0, 0.5h0..1.5h0
      threshold_[i] = static_cast<float>(p[Param::unrest_threshold] + p[Param::threshold_sd] * rng.normal());
      oil_exposure_[i] = static_cast<float>(kOilExposure[r]);
      migration_exposure_[i] = static_cast<float>(kMigrationExposure[r]);
    }
  }
  hardship_ = hardship_base_;
  separatism_cut_ = static_cast<float>(p[Param::separatism_opinion_cut]);
  aggregate();
}

void Population::step(const CitizenInputs& in, const ParamValues& p, const MechanismSet& m, Rng& rng) {
  const int n = size();

  // 1. Contacts: n/2 random pairs within a region (Deffuant et al. 2000). Sequential by
  // nature; random bits are drawn in one block first.
  if (m(Mechanism::bounded_confidence)) {
    for (auto& d : draws_) d = rng.next();
    const float eps = static_cast<float>(p[Param::confidence_bound]);
    const float mu = static_cast<float>(p[Param::convergence_rate]);
    float* o = opinion_.data();
    float* w = opinion_west_.data();
    // The pairs are known in advance (the random block), so their indices are computed a few
    // pairs ahead and their cache lines prefetched: the contacts are random reads, bound by
    // memory latency, not by arithmetic. The order of the updates is unchanged.
    const int pairs = n / 2;
    auto pair_at = [&](int k, int& i, int& j) {
      i = static_cast<int>((draws_[2 * k] >> 11) * 0x1.0p-53 * n);
      // The region of a random citizen is unpredictable: count the region starts at or below i
      // (no branch) rather than loop to it.
      const int r = (i >= start_[1]) + (i >= start_[2]) + (i >= start_[3]) + (i >= start_[4]);
      const int len = start_[r + 1] - start_[r];
      j = start_[r] + static_cast<int>((draws_[2 * k + 1] >> 11) * 0x1.0p-53 * len);
    };
    constexpr int kAhead = 8;
    std::array<std::array<int, 2>, kAhead> ring{};
    for (int k = 0; k < std::min(kAhead, pairs); ++k) {
      pair_at(k, ring[k][0], ring[k][1]);
      for (int x : ring[k]) {
        __builtin_prefetch(o + x, 1);
        __builtin_prefetch(w + x, 1);
      }
    }
    for (int k = 0; k < pairs; ++k) {
      const int i = ring[k % kAhead][0], j = ring[k % kAhead][1];
      if (k + kAhead < pairs) {
        auto& next = ring[k % kAhead];
        pair_at(k + kAhead, next[0], next[1]);
        for (int x : next) {
          __builtin_prefetch(o + x, 1);
          __builtin_prefetch(w + x, 1);
        }
      }
      rules::deffuant_update_branchless(o[i], o[j], eps, mu);
      rules::deffuant_update_branchless(w[i], w[j], eps, mu);
    }
  }

  // 2-4. Media, events, hardship and protest: elementwise, so one fused pass over the arrays
  // (instead of one pass per statement) does the same float arithmetic in the same order per
  // citizen and moves each array through memory once.
  const Elementwise e{static_cast<float>(p[Param::propaganda_effect]),
                      static_cast<float>(in.propaganda),
                      static_cast<float>(p[Param::domestic_media_strength]),
                      static_cast<float>(p[Param::coercion_alienation] * in.coercion),
                      static_cast<float>(0.02 * in.forced_choice),
                      static_cast<float>(in.hardship_shift),
                      static_cast<float>(p[Param::hardship_sensitivity] * kOilIncomeShare * in.oil_shock),
                      static_cast<float>(p[Param::migration_hardship] * in.migration_shock),
                      static_cast<float>(in.legitimacy),
                      static_cast<float>(p[Param::protest_contagion]),
                      static_cast<float>(0.05 * in.forced_choice)};
  const bool media = m(Mechanism::media_influence), forced = in.forced_choice > 0,
             protest = m(Mechanism::collective_action);
  // Each switch combination gets its own loop without branches inside (vectorisable).
  const int variant = (media ? 4 : 0) | (forced ? 2 : 0) | (protest ? 1 : 0);
  switch (variant) {
    case 0:
      elementwise<false, false, false>(e);
      break;
    case 1:
      elementwise<false, false, true>(e);
      break;
    case 2:
      elementwise<false, true, false>(e);
      break;
    case 3:
      elementwise<false, true, true>(e);
      break;
    case 4:
      elementwise<true, false, false>(e);
      break;
    case 5:
      elementwise<true, false, true>(e);
      break;
    case 6:
      elementwise<true, true, false>(e);
      break;
    default:
      elementwise<true, true, true>(e);
      break;
  }
  aggregate();
  // Suppression (CSTO troops, January 2022) does not undo this month's protest; it stops the
  // cascade from carrying into the next month.
  const float carried = static_cast<float>(1.0 - in.suppression);
  for (int r = 0; r < kNumRegions; ++r)
    contagion_.segment(start_[r], start_[r + 1] - start_[r])
        .setConstant(static_cast<float>(agg_.participation[r]) * carried);
}

template <bool Media, bool Forced, bool Protest>
void Population::elementwise(const Elementwise& e) {
  const int n = size();
  float* __restrict o = opinion_.data();
  float* __restrict w = opinion_west_.data();
  float* __restrict h = hardship_.data();
  float* __restrict act = active_.data();
  const float* __restrict media = media_russian_.data();
  const float* __restrict eth = ethnic_russian_.data();
  const float* __restrict hb = hardship_base_.data();
  const float* __restrict oil = oil_exposure_.data();
  const float* __restrict mig = migration_exposure_.data();
  const float* __restrict con = contagion_.data();
  const float* __restrict thr = threshold_.data();
  for (int i = 0; i < n; ++i) {
    float oi = o[i];
    if constexpr (Media) {
      // Russian state media pulls toward Russia in proportion to the diet; domestic media pulls
      // toward its own view. Russian state media also paints the West darkly; domestic media is
      // neutral toward it.
      oi = oi + e.k * (media[i] * e.prop * (1.f - oi) + (1.f - media[i]) * e.dom * (kDomesticMediaView - oi));
      const float wi =
          w[i] + e.k * (media[i] * e.prop * (0.f - w[i]) + (1.f - media[i]) * e.dom * (0.5f - w[i]));
      w[i] = std::min(std::max(wi, 0.f), 1.f);
    }
    // Events seen by everyone, whatever the media: visible coercion alienates ethnic Kazakhs
    // (seeds/000), and a forced exclusive choice polarises each group away from the middle.
    oi = oi - e.alien * (1.f - eth[i]) * oi;
    if constexpr (Forced) oi = oi + e.forced * (2.f * eth[i] - 1.f);
    o[i] = std::min(std::max(oi, 0.f), 1.f);
    // 3. Hardship: personal baseline plus the economy, regionally weighted.
    const float hi = std::min(std::max(hb[i] + e.shift + e.oil * oil[i] + e.migration * mig[i], 0.f), 1.f);
    h[i] = hi;
    // 4. Protest: Epstein (2002) grievance H(1-L) plus Granovetter (1978) contagion from last
    // month's participation in the region, against a personal threshold.
    if constexpr (Protest)
      act[i] = (hi * (1.f - e.legitimacy) + e.polar + e.gamma * con[i]) > thr[i] ? 1.f : 0.f;
    else
      act[i] = 0.f;
  }
}

void Population::aggregate() {
  const double n = static_cast<double>(size());
  const double russians = ethnic_russian_.sum();
  const double north_russians = north_russian_.sum();
  agg_.opinion_russia = opinion_.cast<double>().sum() / n;
  const double russian_opinion = (opinion_ * ethnic_russian_).cast<double>().sum();
  agg_.opinion_ethnic_russian = russians > 0 ? russian_opinion / russians : 0.0;
  agg_.opinion_kazakh = n > russians ? (agg_.opinion_russia * n - russian_opinion) / (n - russians) : 0.0;
  agg_.polarisation = agg_.opinion_ethnic_russian - agg_.opinion_kazakh;
  agg_.opinion_west = opinion_west_.cast<double>().sum() / n;
  agg_.unrest = active_.cast<double>().sum() / n;
  for (int r = 0; r < kNumRegions; ++r) {
    const int len = start_[r + 1] - start_[r];
    agg_.participation[r] = len > 0 ? active_.segment(start_[r], len).cast<double>().sum() / len : 0.0;
  }
  // Graded separatist propensity of northern ethnic Russians: logistic in opinion toward Russia.
  // Only the north block can hold northern ethnic Russians; elsewhere every term is exactly 0,
  // and a sequential sum does not change by adding zeros.
  const int north = static_cast<int>(Region::north);
  double separatists = 0;
  for (int i = start_[north]; i < start_[north + 1]; ++i)
    separatists += static_cast<double>(
        north_russian_[i] / (1.f + std::exp((separatism_cut_ - opinion_[i]) * (1.f / kSeparatismWidth))));
  agg_.separatism = separatists / n;
  agg_.north_separatism = north_russians > 0 ? separatists / north_russians : 0.0;
}

}  // namespace mv
