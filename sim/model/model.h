#pragma once
// The state-level model: Kazakhstan and four great powers, one month per step. It knows
// nothing of files or threads: give it parameter values, mechanism switches, an event timeline
// and a replicate seed; step it; read its state, its time-series record and its outcomes.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/rng.h"
#include "model/population.h"
#include "model/rules.h"
#include "scenario/events.h"
#include "scenario/mechanisms.h"
#include "scenario/parameters.h"

namespace mv {

// clang-format off
// name, is_event (0/1 outcome reported as a probability), unit, description
#define MV_OUTCOMES(X) \
  X(align_russia, false, "share", "Kazakhstan's alignment with Russia at the horizon") \
  X(align_china, false, "share", "alignment with China at the horizon") \
  X(align_eu, false, "share", "alignment with the EU (with the US) at the horizon") \
  X(align_turkey, false, "share", "alignment with Turkey at the horizon") \
  X(balance_index, false, "0-1", "multi-vector balance: entropy of the alignment / ln 4 at the horizon") \
  X(russian_route_share, false, "share", "share of oil exports through Russia at the horizon") \
  X(alt_capacity_mt, false, "Mt/year", "alternative (non-Russian) export capacity at the horizon") \
  X(disruption_months, false, "months", "months with a pipeline suspension in force") \
  X(revenue_loss_bn, false, "$bn", "export revenue lost to pipeline suspensions") \
  X(sanctions_compliance, false, "share", "compliance with US/EU sanctions at the horizon") \
  X(russia_displeasure_mean, false, "index >= 0", "Russia's mean displeasure over the run") \
  X(alignment_shift, false, "share", "total variation distance between the initial alignment and the alignment at the horizon") \
  X(trade_share_russia, false, "share", "Russia's share of Kazakhstan's foreign trade in the last year (re-exports included)") \
  X(trade_share_china, false, "share", "China's share of Kazakhstan's foreign trade in the last year") \
  X(trade_share_eu, false, "share", "the EU's share of Kazakhstan's foreign trade in the last year") \
  X(trade_share_turkey, false, "share", "Turkey's share of Kazakhstan's foreign trade in the last year") \
  X(reexports_bn, false, "$bn/year", "mean annual re-exports to Russia over the run") \
  X(coercion_months_russia, false, "months", "months in which Russia coerced Kazakhstan (chosen or scripted: pipeline, trade, propaganda campaign, signalling)") \
  X(coercion_months_china, false, "months", "months in which China coerced Kazakhstan") \
  X(coercion_months_eu, false, "months", "months in which the EU coerced Kazakhstan") \
  X(coercion_months_turkey, false, "months", "months in which Turkey coerced Kazakhstan") \
  X(recession_months, false, "months", "months in which annualised real growth is below zero") \
  X(unrest_episodes, false, "count", "episodes of mass unrest (participation crossing mass_unrest_share)") \
  X(unrest_peak, false, "share", "peak protest participation") \
  X(separatist_sentiment_peak, false, "share", "peak separatist sentiment among northern ethnic Russians") \
  X(separatist_sentiment_mean, false, "share", "mean separatist sentiment among northern ethnic Russians over the run") \
  X(opinion_russia, false, "0-1", "mean public opinion toward Russia at the horizon (0 hostile, 1 favourable)") \
  X(opinion_west, false, "0-1", "mean public opinion toward the West at the horizon") \
  X(polarisation, false, "opinion", "gap in opinion toward Russia between ethnic Russians and others at the horizon") \
  X(crises, false, "count", "international crises") \
  X(any_crisis, true, "event", "at least one international crisis") \
  X(pipeline_suspended, true, "event", "at least one pipeline suspension") \
  X(russian_intervention, true, "event", "a Russian 'protection' intervention") \
  X(csto_exit, true, "event", "Kazakhstan leaves the CSTO")

// name, unit, description: recorded every month for the time-series bands
#define MV_SERIES(X) \
  X(align_russia, "share", "alignment with Russia") \
  X(align_china, "share", "alignment with China") \
  X(align_eu, "share", "alignment with the EU") \
  X(align_turkey, "share", "alignment with Turkey") \
  X(balance_index, "0-1", "multi-vector balance index") \
  X(russian_route_share, "share", "share of oil exports through Russia") \
  X(alt_capacity_mt, "Mt/year", "alternative export capacity") \
  X(sanctions_compliance, "share", "sanctions compliance") \
  X(legitimacy, "share", "government legitimacy") \
  X(unrest, "share", "protest participation") \
  X(separatist_sentiment, "share", "separatist sentiment among northern ethnic Russians") \
  X(opinion_russia, "0-1", "mean public opinion toward Russia") \
  X(opinion_west, "0-1", "mean public opinion toward the West") \
  X(polarisation, "opinion", "opinion gap between ethnic Russians and others") \
  X(russia_displeasure, "index >= 0", "Russia's displeasure") \
  X(tension, "index", "international tension") \
  X(trade_share_russia, "share", "Russia's share of foreign trade (re-exports included)") \
  X(trade_share_china, "share", "China's share of foreign trade") \
  X(trade_share_eu, "share", "the EU's share of foreign trade") \
  X(trade_share_turkey, "share", "Turkey's share of foreign trade") \
  X(reexports_bn, "$bn/year", "re-exports to Russia, annual rate") \
  X(bypass_exports_mt, "Mt/year", "crude exports through routes that avoid Russia, annual rate") \
  X(coerced_by_russia, "0/1", "Russia coerced Kazakhstan this month") \
  X(coerced_by_china, "0/1", "China coerced Kazakhstan this month") \
  X(mass_unrest, "0/1", "protest participation at or above mass_unrest_share this month") \
  X(csto_member, "0/1", "Kazakhstan is a member of the CSTO") \
  X(russian_intervention, "0/1", "a Russian 'protection' intervention has happened")
// clang-format on

enum class Outcome : int {
#define MV_X(name, ...) name,
  MV_OUTCOMES(MV_X)
#undef MV_X
};
enum class Series : int {
#define MV_X(name, ...) name,
  MV_SERIES(MV_X)
#undef MV_X
};

struct OutcomeSpec {
  std::string_view name;
  bool is_event;
  std::string_view unit;
  std::string_view description;
};
struct SeriesSpec {
  std::string_view name;
  std::string_view unit;
  std::string_view description;
};

inline constexpr std::array kOutcomes = {
#define MV_X(name, ev, unit, desc) OutcomeSpec{#name, ev, unit, desc},
    MV_OUTCOMES(MV_X)
#undef MV_X
};
inline constexpr std::array kSeries = {
#define MV_X(name, unit, desc) SeriesSpec{#name, unit, desc},
    MV_SERIES(MV_X)
#undef MV_X
};
inline constexpr int kNumOutcomes = static_cast<int>(kOutcomes.size());
inline constexpr int kNumSeries = static_cast<int>(kSeries.size());

using Outcomes = std::array<double, kNumOutcomes>;

/// The monthly random draws, one named slot each. Every slot is drawn every month whether used
/// or not, so a branch never shifts a later draw (common random numbers across scenarios and
/// mechanisms). A new mechanism takes a spare slot and renames it.
enum class Draw : int {
  oil_price_a, oil_price_b,  // Box-Muller pair of the oil price shock
  growth_a, growth_b,        // Box-Muller pair of the growth shock
  choice_russia, choice_china, choice_eu, choice_turkey,  // each power's logit choice
  pipeline_channel,   // whether Russia's coercion uses the pipeline
  suspension_length,  // length of a chosen suspension
  spare_10,
  crisis,        // whether tension becomes a crisis
  intervention,  // whether a crisis becomes a protection intervention
  csto_exit,     // whether Kazakhstan leaves the CSTO this month
  spare_14, spare_15,
  count
};
inline constexpr int kNumDraws = static_cast<int>(Draw::count);

/// The moves in each power's toolkit (brief: engage, coerce, guarantee, demand).
enum class Move : int { idle = 0, engage, coerce, guarantee, demand };
inline constexpr int kNumMoves = 5;
inline constexpr std::array<std::string_view, kNumMoves> kMoveNames = {"idle", "engage", "coerce",
                                                                       "guarantee", "demand"};

/// What each partner is worth to Kazakhstan this month, term by term (for explanations).
struct ValueTerms {
  rules::PowerArray economic = rules::PowerArray::Zero();      // trade, FDI, engagement
  rules::PowerArray security = rules::PowerArray::Zero();      // CSTO role, guarantees
  rules::PowerArray coercion = rules::PowerArray::Zero();      // bandwagoning (+) or balancing (-)
  rules::PowerArray anticipation = rules::PowerArray::Zero();  // placating an attentive, displeased Russia
  rules::PowerArray domestic = rules::PowerArray::Zero();      // two-level game: opinion and unrest
  rules::PowerArray exclusive = rules::PowerArray::Zero();     // a demand for an exclusive choice
  rules::PowerArray total() const {
    return economic + security + coercion + anticipation + domestic + exclusive;
  }
};

/// An effect that lasts a number of months at some level.
struct TimedEffect {
  double level = 0;
  int months_left = 0;
  double active_level() const { return months_left > 0 ? level : 0.0; }
  void start(double lvl, int months) {
    level = months_left > 0 ? std::max(level, lvl) : lvl;
    months_left = std::max(months_left, months);
  }
  void tick() {
    if (months_left > 0) --months_left;
  }
};

/// The whole state of one replicate. Per-power arrays are indexed russia, china, eu, turkey.
struct State {
  int month = 0;                // steps completed
  rules::PowerArray alignment;  // on the simplex
  rules::PowerArray target;     // the hedged target of the last decision
  rules::PowerArray affinity;   // structural affinity, calibrated once at the start (see Model)
  rules::PowerArray initial_alignment;
  // Trade (USD bn a year): each partner's volume and share of turnover, re-exports to Russia
  // included in Russia's; the rest of the world's volume is held at its starting level.
  rules::PowerArray trade_volume = rules::PowerArray::Zero();
  rules::PowerArray trade_share = rules::PowerArray::Zero();
  double trade_rest_bn = 0, reexports_bn = 0, reexports_sum = 0;
  rules::PowerArray trade_share_year_sum = rules::PowerArray::Zero();  // over the last 12 months
  std::array<bool, kNumPowers> coerced{};  // each power's coercion this month (chosen or scripted)
  std::array<int, kNumPowers> coercion_months{};
  int suspension_by = -1;  // the power whose suspension is in force; -1: a third party or accident
  int halted_by = -1;      // suspension_by as it stood this month, kept after a last month runs out
  double russian_hardship = 0;  // the part of hardship's excess caused by Russian coercion
  double blame_russia = 0;      // share of the domestic shock the public lays at Russia's door
  rules::PowerArray engagement = rules::PowerArray::Zero();
  rules::PowerArray coercion = rules::PowerArray::Zero();  // coercive pressure stock
  rules::PowerArray demands = rules::PowerArray::Zero();
  rules::PowerArray guarantee = rules::PowerArray::Zero();  // credibility of pledges
  rules::PowerArray leverage_cost = rules::PowerArray::Zero();
  rules::PowerArray displeasure = rules::PowerArray::Zero();
  std::array<bool, kNumPowers> guarantee_withdrawn{};
  std::array<Move, kNumPowers> last_move{};
  std::array<std::array<int, kNumMoves>, kNumPowers> move_counts{};
  std::array<std::array<double, kNumMoves>, kNumPowers> move_utility{};  // this month's utilities
  ValueTerms value_terms;                                                // this month's valuation
  size_t events_begin = 0, events_end = 0;  // scripted events applied this month (indices)
  bool pipeline_move = false;               // Russia's coercion this month used the pipeline
  std::array<TimedEffect, kNumPowers> trade_restriction{};
  double russia_attention = 1;
  bool at_war = false;
  bool csto_member = true;
  double compliance = 0;
  // routes
  double exports_mt = 0;
  double alt_capacity_mt = 0;
  double route_risk = 0;
  std::vector<double> investment_pipeline;  // ring buffer, one slot per month of lag ($bn)
  double pending_investment_bn = 0;
  TimedEffect suspension, propaganda, signalling, sanctions_boost, exclusive_demand, fuel_shock, migration,
      csto_presence;
  int exclusive_demand_by = -1;
  double log_oil_price = 0;
  double growth_noise = 0;  // AR(1) deviation of annual growth from trend
  // domestic
  double hardship = 0, legitimacy = 0, unrest = 0, separatism = 0, opinion_russia = 0, opinion_west = 0;
  double growth = 0, tension = 0, polarisation = 0, lost_export_share = 0;
  bool crisis_this_month = false;
  // running outcome tallies
  int disruption_months = 0, unrest_episodes = 0, crises = 0, recession_months = 0;
  double revenue_loss_bn = 0, unrest_peak = 0, separatism_peak = 0, separatism_sum = 0, displeasure_sum = 0;
  bool intervention = false, csto_exit = false, any_suspension = false;
};

class Model {
 public:
  /// `events` must be sorted by step and outlive the model. The structural affinity is
  /// calibrated once, every mechanism on, at `calibration` (the base scenario's reading of this
  /// replicate's parameters; by default `params` itself): a mechanism switched off, or a
  /// parameter read differently from the calibration, then moves Kazakhstan from the start.
  Model(const ParamValues& params, const MechanismSet& mechanisms, std::span<const Event> events, int steps,
        uint64_t replicate_seed, int citizens = kDefaultCitizens, const ParamValues* calibration = nullptr);
  static constexpr int kDefaultCitizens = 10'000;

  void step();
  bool finished() const { return state_.month >= steps_; }
  int steps() const { return steps_; }
  const State& state() const { return state_; }
  const Population& population() const { return population_; }
  /// The time-series variables of the current state, in kSeries order.
  void record(std::span<double, kNumSeries> out) const;
  Outcomes outcomes() const;

  /// Random draws per step: fixed, so branches never shift later draws (common random
  /// numbers across scenarios and mechanisms).
  static constexpr int kDrawsPerStep = kNumDraws;

 private:
  void apply_event(const Event& e);
  void powers_choose(const double* u);
  void kazakhstan_decides();
  void economy_and_routes(const double* u);
  void domestic_politics();
  void take_citizen_aggregates();
  void tension_and_crises(const double* u);
  /// What each partner is worth to Kazakhstan in state `s` under parameters `pv` and
  /// mechanisms `m` (the affinity is calibrated with the reference parameters, all on).
  ValueTerms dynamic_value(const ParamValues& pv, const MechanismSet& m, const State& s) const;
  void update_trade();
  void start_suspension(double level, int months, int by);
  double attention(int power) const;
  bool on(Mechanism m) const { return mechanisms_(m); }
  double p(Param x) const { return params_[x]; }

  ParamValues params_;
  MechanismSet mechanisms_;
  std::span<const Event> events_;
  size_t next_event_ = 0;
  int steps_;
  Rng rng_;
  Rng citizen_rng_;
  Population population_;
  State state_;
  rules::PowerArray desired_, resolve_, leverage_, trade0_, fdi_, guarantee_strength_, restraint_;
  // Functions of the parameters alone, computed once per replicate rather than every month: the
  // monthly decay factors of engagement, guarantees and route risk.
  double engagement_decay_, guarantee_decay_, route_risk_decay_;
};

}  // namespace mv
