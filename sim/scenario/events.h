#pragma once
// Scripted events on the dated timeline: who (actor) does what (action), when, how strongly
// and for how long. The table of actions says which actors may take each.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/error.h"

namespace mv {

/// The powers, indexed as in every per-partner array of the model.
/// `third_party` is a cause that is no power's policy: an accident, a storm, a strike by a
/// third party (e.g. the 2025 drone strikes on CPC facilities). Its acts are nobody's coercion.
enum class Actor : int { russia = 0, china = 1, eu = 2, turkey = 3, kazakhstan = 4, third_party = 5 };
inline constexpr int kNumPowers = 4;
inline constexpr std::array<std::string_view, 6> kActorNames = {"russia",     "china",      "eu", "turkey",
                                                                "kazakhstan", "third_party"};

// clang-format off
// name, allowed actors (bit mask: russia 1, china 2, eu 4, turkey 8, kazakhstan 16, third_party 32),
// magnitude lower, upper, default, magnitude meaning, description
#define MV_ACTIONS(X) \
  X(pipeline_suspension, 1|32, 0.0, 1.0, 1.0, "share of Russian-route oil flow halted", "oil through Russia (CPC) halted: by Russia, as coercion (the July 2022 court order: [FT2022], [Dorsey2022]), or by a third party or accident, as nobody's coercion") \
  X(trade_restriction, 1|2|4|8, 0.0, 1.0, 0.5, "share of that partner's trade restricted", "a partner restricts trade with Kazakhstan") \
  X(propaganda_campaign, 1, 0.0, 1.0, 1.0, "intensity", "Russian state media campaign aimed at ethnic Russians in the north ([Wharton2022], [EDM2022])") \
  X(military_signalling, 1, 0.0, 1.0, 1.0, "intensity", "troop movements, exercises, threats on the 7,644 km border ([Dorsey2022])") \
  X(guarantee, 1|2|4|8, 0.0, 1.0, 1.0, "fraction of the power's guarantee strength", "a pledge of Kazakhstan's territorial integrity (China Sept 2022, Turkey Aug 2022: [FT2022], [EDM2022])") \
  X(withdraw_guarantee, 1|2|4|8, 0.0, 1.0, 1.0, "unused", "the power withdraws its pledge and will not renew it") \
  X(engage, 1|2|4|8, 0.0, 20.0, 1.0, "multiples of engagement_effect", "investment or trade package (e.g. BRI projects, [Bhadrakumar2022])") \
  X(corridor_investment, 2|4|8|16, 0.0, 100.0, 1.0, "$bn invested in alternative corridors", "funding for the Middle Corridor / Trans-Caspian route ([EDM2022], [Dorsey2022])") \
  X(secondary_sanctions_threat, 4, 0.0, 1.0, 0.5, "credibility added to the sanctions threat", "the US/EU threaten secondary sanctions ([EDM2022])") \
  X(demand, 1|2|4|8, 0.0, 1.0, 1.0, "intensity", "a political demand, e.g. expel Ukraine's ambassador ([FT2022])") \
  X(exclusive_choice, 1|2|4, 0.0, 1.0, 1.0, "intensity", "a demand that Kazakhstan choose sides exclusively ([FT2022], [Bhadrakumar2022])") \
  X(war_starts, 1, 0.0, 1.0, 1.0, "unused", "Russia goes to war elsewhere; its attention drops to russia_attention (Feb 2022)") \
  X(war_ends, 1, 0.0, 1.0, 1.0, "unused", "Russia is no longer distracted; attention returns to russia_attention_peace") \
  X(csto_deployment, 1, 0.0, 1.0, 1.0, "share of unrest suppressed", "CSTO troops sent at Kazakhstan's request, as in January 2022 ([Bhadrakumar2022]; withdrawn within days: [Dorsey2022])") \
  X(fuel_price_shock, 16, 0.0, 1.0, 0.2, "hardship added", "domestic fuel price rise, as in January 2022 ([Bhadrakumar2022])") \
  X(election, 16, 0.0, 0.3, 0.05, "legitimacy gained", "an election that renews the government's mandate (November 2022: [Bhadrakumar2022])") \
  X(migration_inflow, 16, 0.0, 5000.0, 200.0, "thousands of arrivals", "arrivals from Russia, e.g. ~200,000 after the September 2022 mobilisation ([Wharton2022], [FT2022])")
// clang-format on

enum class Action : int {
#define MV_X(name, ...) name,
  MV_ACTIONS(MV_X)
#undef MV_X
};

struct ActionSpec {
  std::string_view name;
  unsigned actors;
  double magnitude_lower;
  double magnitude_upper;
  double magnitude_default;
  std::string_view magnitude_meaning;
  std::string_view description;
};

inline constexpr std::array<ActionSpec, 17> kActions = {{
#define MV_X(name, actors, lo, hi, def, meaning, desc) ActionSpec{#name, actors, lo, hi, def, meaning, desc},
    MV_ACTIONS(MV_X)
#undef MV_X
}};

inline const ActionSpec& spec(Action a) {
  return kActions[static_cast<int>(a)];
}
inline bool allows(Action a, Actor who) {
  return (spec(a).actors >> static_cast<unsigned>(who)) & 1u;
}
std::optional<Action> find_action(std::string_view name);
std::optional<Actor> find_actor(std::string_view name);
std::vector<std::string> action_names();
std::vector<std::string> actor_names();

/// One scheduled event, resolved: `step` is its month index from the scenario's start.
struct Event {
  std::string id;
  YearMonth date;
  Actor actor = Actor::russia;
  Action action = Action::pipeline_suspension;
  double magnitude = 1.0;
  int duration_months = 1;
  std::string source;
  SourcePosition where;
  int step = 0;
};

}  // namespace mv
