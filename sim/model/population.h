#pragma once
// The citizen population: structure of arrays (Eigen), agents sorted by region so that
// within-region contacts pair contiguous runs of citizens. The monthly update allocates
// nothing, makes no virtual call per agent, and its loops are branch-free and vectorisable.
#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <vector>

#include "core/rng.h"
#include "scenario/mechanisms.h"
#include "scenario/parameters.h"

namespace mv {

enum class Region : uint8_t { north = 0, south, west, east, capitals };
inline constexpr int kNumRegions = 5;
inline constexpr std::array<const char*, kNumRegions> kRegionNames = {"north", "south", "west", "east",
                                                                      "capitals"};

/// What the state level passes down to citizens each month.
struct CitizenInputs {
  double hardship_shift = 0;   // macro hardship minus its baseline (economy, growth)
  double oil_shock = 0;        // share of export revenue lost this month (hits the west most)
  double migration_shock = 0;  // arrivals as a share of the population (capitals and north)
  double legitimacy = 0.5;
  double propaganda = 0;     // Russian state-media intensity this month
  double coercion = 0;       // visible Russian coercion this month
  double suppression = 0;    // share of protest suppressed (CSTO presence)
  double forced_choice = 0;  // a demand for an exclusive choice polarises
};

/// What the citizens pass up: the domestic level of the two-level game.
struct CitizenAggregates {
  double opinion_russia = 0;          // mean opinion toward Russia (0 hostile, 1 favourable)
  double opinion_west = 0;            // mean opinion toward the West
  double opinion_ethnic_russian = 0;  // mean among ethnic Russians
  double opinion_kazakh = 0;          // mean among the others
  double polarisation = 0;            // opinion_ethnic_russian - opinion_kazakh
  double unrest = 0;                  // share of citizens protesting
  double separatism = 0;              // separatist sentiment as a share of the whole population
  double north_separatism = 0;        // mean separatist propensity of northern ethnic Russians
  std::array<double, kNumRegions> participation{};
};

/// The instruction set of the citizens' hot loops (x86-64: SSE2, AVX2, AVX-512). All give the
/// same bits. The widest the processor has is used, unless the environment variable
/// MV_CITIZEN_KERNELS names another ("baseline", "avx2", "avx512").
enum class CitizenKernels { baseline, avx2, avx512 };
const char* citizen_kernels_name(CitizenKernels which);
/// Chooses the kernels for every population from now on; false if the processor lacks them.
bool use_citizen_kernels(CitizenKernels which);
/// The kernels in use.
CitizenKernels citizen_kernels();

class Population {
 public:
  /// Draws `size` heterogeneous citizens (region, ethnicity, media diet, hardship, opinion,
  /// threshold) from `rng` (the replicate's citizen stream).
  Population(const ParamValues& p, int size, Rng& rng);

  /// The spin-up before the start date (not recorded): spinup_months of the media environment
  /// `in` describes, every mechanism on, the last few months with the full update, so that the
  /// start is the burned-in state and not a transient of the initial draws.
  void burn_in(const CitizenInputs& in, const ParamValues& p, Rng& rng);

  /// One month: contacts (bounded confidence), media, hardship, protest, separatism.
  void step(const CitizenInputs& in, const ParamValues& p, const MechanismSet& m, Rng& rng);

  int size() const { return static_cast<int>(opinion_.size()); }
  const CitizenAggregates& aggregates() const { return agg_; }
  int region_size(Region r) const { return start_[static_cast<int>(r) + 1] - start_[static_cast<int>(r)]; }
  int ethnic_russians() const { return static_cast<int>(russians_); }
  const Eigen::ArrayXf& opinions() const { return opinion_; }

 private:
  /// Sums over citizens for the aggregates, region by region.
  struct Sums;
  void contacts(float eps, float mu, Rng& rng);
  /// Calls f(begin, end) for each chunk of citizens of `region`, in order (population.cpp).
  template <typename F>
  void for_each_chunk_of(int region, F&& f) const;
  /// This month's terms of the update of every citizen (population.cpp).
  struct MonthTerms;
  /// Updates citizens [begin, end) of `region` with the kernel for the mechanisms switched on
  /// (`variant`: media * 4 + forced choice * 2 + protest) and adds them to the sums.
  void update_and_sum(int variant, const MonthTerms& terms, int region, int begin, int end, Sums& sums);
  void aggregate(const Sums& sums);

  // Structure of arrays, one entry per citizen, sorted by region.
  Eigen::ArrayXf opinion_;         // toward Russia, [0, 1]
  Eigen::ArrayXf opinion_west_;    // toward the West (EU, US), [0, 1]
  Eigen::ArrayXf ethnic_russian_;  // 1 or 0
  Eigen::ArrayXf media_russian_;   // share of Russian state media in the diet
  Eigen::ArrayXf hardship_base_;   // personal hardship in normal times
  Eigen::ArrayXf threshold_;       // protest threshold
  // (This month's hardship and protest are computed chunk by chunk and summed, not stored; the
  // regions' exposures are constants of the region.)
  std::array<int, kNumRegions + 1> start_{};
  std::array<float, kNumRegions> contagion_{};  // last month's participation in the region, after suppression
  double russians_ = 0, north_russians_ = 0;
  float separatism_cut_ = 0.8f, separatism_inverse_width_ = 20.f;
  std::array<float, kNumRegions> oil_exposure_{}, migration_exposure_{};
  CitizenAggregates agg_;
};

}  // namespace mv
