#pragma once
// Every mechanism of the model is a named IR concept that a scenario can switch off
// (`[mechanisms] hedging = false`). Declared once here; docs and validation read this table.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mv {

// clang-format off
#define MV_MECHANISMS(X) \
  X(hedging, "hedging (multi-vector autonomy premium)", "Kuik (2008) on hedging; [Bhadrakumar2022]", "Kazakhstan values the entropy of its alignment; off: it leans toward the single best partner (near-argmax)", "balance_index", -1) \
  X(bounded_moves, "incremental recalibration", "[FT2022] ('recalibration' not rupture)", "alignment moves at most max_alignment_step per month; off: it jumps to its target", "alignment_shift", 1) \
  X(bandwagoning, "bandwagoning", "[Walt1987], The Origins of Alliances", "coercion and anticipated displeasure pull Kazakhstan toward an unchecked coercer; off: no pull toward the threatening power", "align_russia", -1) \
  X(balancing, "balancing (coercion backfires)", "[Walt1987]; [Dorsey2022]", "with outside guarantees, coercion pushes Kazakhstan away from the coercer", "align_russia", 1) \
  X(weaponized_interdependence, "weaponized interdependence (route chokepoints)", "Farrell & Newman (2019), International Security 44(1); Hirschman (1945)", "Russia can suspend the oil flow through its territory, and a suspension is its coercion; off: Russia cannot use the route (accidents and third parties still can)", "revenue_loss_bn", -1) \
  X(route_investment, "diversification of export routes", "[EDM2022], [Dorsey2022] (Middle Corridor)", "perceived route risk drives investment in alternative corridors, which come on line after a lag", "alt_capacity_mt", -1) \
  X(credible_guarantees, "credible commitments (territorial guarantees)", "[Fearon1997], J. Conflict Resolution 41(1); Schelling (1966)", "guarantees add security value to the guarantor and blunt coercion; off: pledges carry no weight", "align_russia", 1) \
  X(secondary_sanctions, "secondary sanctions", "Drezner (1999), The Sanctions Paradox; [EDM2022]", "the threat of secondary sanctions raises compliance, which displeases Russia", "sanctions_compliance", -1) \
  X(distraction, "attention constraint (a distracted great power)", "[Wharton2022], [FT2022] (Russia 'absorbed' by the war)", "Russia's moves cost more and its pull weakens when its attention is low; off: attention is always 1", "align_russia", 1) \
  X(two_level_game, "two-level game (domestic ratification)", "[Putnam1988], International Organization 42(3)", "public opinion toward Russia and the West, and unrest (regime security, blamed on its cause), enter the government's utility", "align_russia", 1) \
  X(collective_action, "threshold collective action (unrest)", "[Granovetter1978]; [Epstein2002], PNAS 99(suppl 3)", "grievance = hardship x (1 - legitimacy) drives protest participation; off: no unrest", "unrest_peak", -1) \
  X(bounded_confidence, "bounded-confidence opinion dynamics", "[Deffuant2000], Adv. Complex Syst. 3", "citizens who meet move their opinions toward each other if they differ by less than confidence_bound; off: no social influence", "polarisation", 1) \
  X(russian_media, "propaganda (Russian state media)", "[EDM2022], [Wharton2022] (Kremlin propaganda among ethnic Russians)", "Russian state media pulls citizens toward Russia (and against the West) in proportion to their media diet; off: no Russian media effect", "separatist_sentiment_mean", -1) \
  X(domestic_media, "domestic media (nation-building)", "[Dorsey2022] (a more nationalistic policy at home)", "Kazakh domestic media pulls citizens toward its own, cooler view of Russia; off: no domestic media effect", "opinion_russia", 1) \
  X(power_agency, "great-power choice by logit quantal response", "[McKelveyPalfrey1995], Games Econ Behav 10(1); Bueno de Mesquita (1985)", "each power picks engage/coerce/guarantee/demand by noisy expected utility; off: only scripted events act", "coercion_months_russia", -1) \
  X(random_shocks, "exogenous shocks", "EIA oil price record; IMF WEO", "oil price and growth shocks; off: prices and growth stay on trend", "recession_months", -1) \
  X(crises, "crisis escalation", "[FT2022] (forced choice 'leads to possible conflict')", "international tension produces crises, Russian 'protection' interventions and CSTO exit", "any_crisis", -1)
// clang-format on

enum class Mechanism : int {
#define MV_X(name, ...) name,
  MV_MECHANISMS(MV_X)
#undef MV_X
};

inline constexpr int kNumMechanisms = 0
#define MV_X(...) +1
    MV_MECHANISMS(MV_X)
#undef MV_X
    ;

struct MechanismSpec {
  std::string_view name;
  std::string_view concept_name;
  std::string_view reference;
  std::string_view description;
  /// The outcome the concept predicts the mechanism moves, and the sign of the change when the
  /// mechanism is switched off (the ablation): docs/model.md's table and a test read these.
  std::string_view ablation_outcome;
  int ablation_sign;
};

inline constexpr std::array<MechanismSpec, kNumMechanisms> kMechanisms = {{
#define MV_X(name, concept_name, ref, desc, outcome, sign) MechanismSpec{#name, concept_name, ref, desc, outcome, sign},
    MV_MECHANISMS(MV_X)
#undef MV_X
}};

std::optional<Mechanism> find_mechanism(std::string_view name);
std::vector<std::string> mechanism_names();

/// Which mechanisms are on (all by default).
struct MechanismSet {
  std::array<bool, kNumMechanisms> on;
  MechanismSet() { on.fill(true); }
  bool operator()(Mechanism m) const { return on[static_cast<int>(m)]; }
  void set(Mechanism m, bool value) { on[static_cast<int>(m)] = value; }
};

}  // namespace mv
