#pragma once
// The citizen population: structure of arrays (Eigen), agents sorted by region so that
// within-region contacts index a contiguous block. The monthly update allocates nothing and
// makes no virtual call per agent.
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

class Population {
 public:
  /// Draws `size` heterogeneous citizens (region, ethnicity, media diet, hardship, opinion,
  /// threshold) from `rng` (the replicate's citizen stream).
  Population(const ParamValues& p, int size, Rng& rng);

  /// One month: contacts (bounded confidence), media, hardship, protest, separatism.
  void step(const CitizenInputs& in, const ParamValues& p, const MechanismSet& m, Rng& rng);

  int size() const { return static_cast<int>(opinion_.size()); }
  const CitizenAggregates& aggregates() const { return agg_; }
  int region_size(Region r) const { return start_[static_cast<int>(r) + 1] - start_[static_cast<int>(r)]; }
  int ethnic_russians() const { return static_cast<int>(ethnic_russian_.sum()); }
  const Eigen::ArrayXf& opinions() const { return opinion_; }
  const Eigen::ArrayXf& active() const { return active_; }

 private:
  /// This month's scalars of the elementwise part of the update.
  struct Elementwise {
    float k, prop, dom;           // media: rate, Russian intensity, domestic pull
    float alien, forced;          // visible coercion, forced-choice polarisation
    float shift, oil, migration;  // hardship terms
    float legitimacy, gamma, polar;
  };
  template <bool Media, bool Forced, bool Protest>
  void elementwise(const Elementwise& e);
  void aggregate();

  // Structure of arrays, one entry per citizen, sorted by region.
  Eigen::ArrayXf opinion_;         // toward Russia, [0, 1]
  Eigen::ArrayXf opinion_west_;    // toward the West (EU, US), [0, 1]
  Eigen::ArrayXf ethnic_russian_;  // 1 or 0
  Eigen::ArrayXf media_russian_;   // share of Russian state media in the diet
  Eigen::ArrayXf hardship_base_;   // personal hardship in normal times
  Eigen::ArrayXf hardship_;        // this month
  Eigen::ArrayXf threshold_;       // protest threshold
  Eigen::ArrayXf oil_exposure_;    // regional exposure to lost oil revenue
  Eigen::ArrayXf migration_exposure_;
  Eigen::ArrayXf contagion_;      // regional participation last month, per citizen
  Eigen::ArrayXf active_;         // 1 if protesting this month, else 0
  Eigen::ArrayXf north_russian_;  // 1 if an ethnic Russian in the north
  std::array<int, kNumRegions + 1> start_{};
  float separatism_cut_ = 0.8f;
  std::vector<uint64_t> draws_;  // reused block of random bits for contacts
  CitizenAggregates agg_;
};

}  // namespace mv
