#include "model/model.h"

#include <algorithm>
#include <cmath>

namespace mv {

using rules::PowerArray;
namespace {
constexpr int kRussia = 0, kChina = 1, kEu = 2, kTurkey = 3;
// Kazakhstan's population, 2022 (Bureau of National Statistics): scales migration shocks.
constexpr double kPopulationThousands = 19'600;
// Reference values at which the structural affinity and the growth bulwark are calibrated:
// the defaults of hedging_premium and gdp_growth_trend in the parameter table.
const double kReferencePremium = spec(Param::hedging_premium).default_value;
const double kReferenceGrowth = spec(Param::gdp_growth_trend).default_value;
}  // namespace

Model::Model(const ParamValues& params, const MechanismSet& mechanisms, std::span<const Event> events,
             int steps, uint64_t replicate_seed, int citizens)
    : params_(params),
      mechanisms_(mechanisms),
      events_(events),
      steps_(steps),
      rng_(replicate_seed, Stream::kModel),
      citizen_rng_(replicate_seed, Stream::kCitizens),
      population_(params_, citizens, citizen_rng_) {
  desired_ << p(Param::desired_alignment_russia), p(Param::desired_alignment_china),
      p(Param::desired_alignment_eu), p(Param::desired_alignment_turkey);
  resolve_ << p(Param::resolve_russia), p(Param::resolve_china), p(Param::resolve_eu),
      p(Param::resolve_turkey);
  leverage_ << p(Param::leverage_russia), p(Param::leverage_china), p(Param::leverage_eu),
      p(Param::leverage_turkey);
  trade_ << p(Param::trade_share_russia), p(Param::trade_share_china), p(Param::trade_share_eu),
      p(Param::trade_share_turkey);
  fdi_ << p(Param::fdi_share_russia), p(Param::fdi_share_china), p(Param::fdi_share_eu),
      p(Param::fdi_share_turkey);
  guarantee_strength_ << p(Param::russia_security_role), p(Param::guarantee_strength_china),
      p(Param::guarantee_strength_eu), p(Param::guarantee_strength_turkey);
  engagement_decay_ = rules::decay_factor(p(Param::engagement_half_life_months));
  guarantee_decay_ = rules::decay_factor(p(Param::guarantee_half_life_months));
  route_risk_decay_ = rules::decay_factor(p(Param::route_risk_half_life_months));
  compliance_log_odds_ = rules::logit(std::clamp(p(Param::compliance_initial), 1e-3, 1.0 - 1e-3));

  State& s = state_;
  PowerArray a0;
  a0 << p(Param::initial_alignment_russia), p(Param::initial_alignment_china), p(Param::initial_alignment_eu),
      p(Param::initial_alignment_turkey);
  a0 = a0.max(1e-6);
  s.alignment = a0 / a0.sum();
  s.russia_attention = p(Param::russia_attention_peace);
  s.compliance = p(Param::compliance_initial);
  s.exports_mt = p(Param::oil_exports_mt);
  s.alt_capacity_mt = (1.0 - p(Param::russian_route_share_initial)) * s.exports_mt;
  s.investment_pipeline.assign(
      std::max<size_t>(1, static_cast<size_t>(std::lround(p(Param::corridor_build_lag_months)))), 0.0);
  s.hardship = p(Param::hardship_baseline);
  s.legitimacy = p(Param::legitimacy_initial);
  take_citizen_aggregates();
  s.separatism_peak = s.separatism;
  s.displeasure = desired_.binaryExpr(
      s.alignment, [](double d, double a) { return d > 0 ? std::max(0.0, d - a) / d : 0.0; });
  s.displeasure[kRussia] += p(Param::displeasure_per_compliance) * s.compliance;
  // Structural affinity (history, language, infrastructure not modelled explicitly),
  // calibrated so that the initial alignment is Kazakhstan's target at the reference
  // hedging premium: the model explains *changes* from the 2022 starting point.
  s.value_terms = dynamic_value();
  s.affinity = kReferencePremium * s.alignment.log() - s.value_terms.total();
  s.target = s.alignment;
}

// The domestic level passes up opinion, polarisation, separatism and unrest.
void Model::take_citizen_aggregates() {
  const CitizenAggregates& c = population_.aggregates();
  state_.opinion_russia = c.opinion_russia;
  state_.opinion_west = c.opinion_west;
  state_.polarisation = c.polarisation;
  state_.separatism = c.north_separatism;
  state_.unrest = c.unrest;
}

double Model::attention(int power) const {
  if (power != kRussia || !on(Mechanism::distraction)) return 1.0;
  return state_.russia_attention;
}

void Model::step() {
  State& s = state_;
  double u[kDrawsPerStep];
  for (double& x : u) x = rng_.uniform();

  // 1. Memory fades.
  s.engagement *= engagement_decay_;
  s.guarantee *= guarantee_decay_;
  s.coercion *= 0.5;
  s.demands *= 0.7;
  s.leverage_cost *= 0.97;
  s.route_risk *= route_risk_decay_;
  s.crisis_this_month = false;

  // 2. Scripted events of this month.
  s.events_begin = next_event_;
  s.pipeline_move = false;
  while (next_event_ < events_.size() && events_[next_event_].step <= s.month)
    apply_event(events_[next_event_++]);
  s.events_end = next_event_;

  // 3. Exogenous shocks (oil price AR(1) in logs, growth noise); Box-Muller from fixed draws.
  auto normal = [](double u1, double u2) {
    return std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
  };
  if (on(Mechanism::random_shocks)) {
    s.log_oil_price = 0.9 * s.log_oil_price + p(Param::oil_price_volatility) * normal(u[0], u[1]);
  }
  if (on(Mechanism::random_shocks)) {
    // AR(1) with persistence 0.9 and stationary sd growth_volatility.
    s.growth_noise =
        0.9 * s.growth_noise + p(Param::growth_volatility) * std::sqrt(1.0 - 0.81) * normal(u[2], u[3]);
  }

  // 4. The powers move, 5. Kazakhstan responds, 6. oil flows, 7. society reacts, 8. crises.
  if (on(Mechanism::power_agency))
    powers_choose(u);
  else
    s.last_move.fill(Move::idle);
  kazakhstan_decides();
  s.growth = p(Param::gdp_growth_trend) + s.growth_noise + 0.1 * s.log_oil_price;
  economy_and_routes(u);
  domestic_politics();
  tension_and_crises(u);

  // Timed effects run down.
  for (auto& t : s.trade_restriction) t.tick();
  for (TimedEffect* t : {&s.suspension, &s.propaganda, &s.signalling, &s.sanctions_boost, &s.exclusive_demand,
                         &s.fuel_shock, &s.migration, &s.csto_presence})
    t->tick();
  if (s.exclusive_demand.months_left == 0) s.exclusive_demand_by = -1;
  ++s.month;
}

void Model::apply_event(const Event& e) {
  State& s = state_;
  const int who = static_cast<int>(e.actor);
  const double m = e.magnitude;
  const int d = e.duration_months;
  switch (e.action) {
    case Action::pipeline_suspension:
      if (on(Mechanism::weaponized_interdependence)) s.suspension.start(m, d);
      break;
    case Action::trade_restriction:
      s.trade_restriction[who].start(m, d);
      break;
    case Action::propaganda_campaign:
      s.propaganda.start(m, d);
      break;
    case Action::military_signalling:
      s.signalling.start(m, d);
      break;
    case Action::guarantee:
      s.guarantee_withdrawn[who] = false;
      s.guarantee[who] = std::max(s.guarantee[who], m * guarantee_strength_[who]);
      break;
    case Action::withdraw_guarantee:
      s.guarantee[who] = 0;
      s.guarantee_withdrawn[who] = true;
      break;
    case Action::engage:
      s.engagement[who] += m * p(Param::engagement_effect);
      break;
    case Action::corridor_investment:
      s.pending_investment_bn += m;
      break;
    case Action::secondary_sanctions_threat:
      s.sanctions_boost.start(m, d);
      break;
    case Action::demand:
      s.demands[who] += m * leverage_[who];
      break;
    case Action::exclusive_choice:
      s.exclusive_demand.start(m, d);
      s.exclusive_demand_by = who;
      break;
    case Action::war_starts:
      s.at_war = true;
      s.russia_attention = p(Param::russia_attention);
      break;
    case Action::war_ends:
      s.at_war = false;
      s.russia_attention = p(Param::russia_attention_peace);
      break;
    case Action::csto_deployment:
      s.csto_presence.start(m, d);
      break;
    case Action::fuel_price_shock:
      s.fuel_shock.start(m, d);
      break;
    case Action::election:
      s.legitimacy = std::min(1.0, s.legitimacy + m);
      break;
    case Action::migration_inflow:
      s.migration.start(m / kPopulationThousands, d);
      break;
  }
}

// Each power picks one move by logit quantal response over its expected utilities
// (McKelvey & Palfrey 1995). Utilities follow Bueno de Mesquita's expected-utility logic:
// the stake (resolve x alignment gap) times the chance the move works, minus its cost.
void Model::powers_choose(const double* u) {
  State& s = state_;
  const double threat = s.coercion[kRussia] + s.signalling.active_level() * leverage_[kRussia] + s.separatism;
  for (int pw = 0; pw < kNumPowers; ++pw) {
    const double att = attention(pw);
    const double cost = p(Param::action_cost) / std::max(att, 0.05);
    const double gap = std::max(0.0, desired_[pw] - s.alignment[pw]);
    const double guard =
        on(Mechanism::credible_guarantees) ? rules::combined_guarantee(s.guarantee, pw) : 0.0;
    const double backfire = on(Mechanism::balancing) ? p(Param::backfire_strength) * guard : 0.0;
    double util[kNumMoves];
    util[0] = 0.0;
    util[1] = resolve_[pw] * gap * (trade_[pw] + p(Param::fdi_weight) * fdi_[pw]) * 2.0 - cost;
    util[2] = resolve_[pw] * gap * leverage_[pw] * (1.0 - backfire) - cost - s.leverage_cost[pw];
    // Northern separatist sentiment is a pretext for Russian "protection" pressure (seeds/000).
    if (pw == kRussia) util[2] += 0.5 * resolve_[pw] * s.separatism;
    if (!on(Mechanism::credible_guarantees) || s.guarantee_withdrawn[pw]) {
      util[3] = -INFINITY;
    } else {
      // Russia's "guarantee" is regime security (CSTO) against unrest; the others pledge
      // territorial integrity against the threat Russia poses (seeds/001, seeds/002).
      const double need = pw == kRussia ? s.unrest : threat;
      util[3] = resolve_[pw] * need * (1.0 - s.guarantee[pw]) - cost;
    }
    if (pw == kEu) {
      const double cred =
          on(Mechanism::secondary_sanctions)
              ? std::min(1.0, p(Param::sanctions_threat_credibility) + s.sanctions_boost.active_level())
              : 0.0;
      util[4] = resolve_[pw] * leverage_[pw] * (1.0 - s.compliance) * cred * 2.0 - cost;
    } else {
      util[4] = resolve_[pw] * leverage_[pw] * s.displeasure[pw] * 0.5 - cost;
    }
    const Move move = static_cast<Move>(
        rules::logit_choice(std::span<const double>(util, kNumMoves), p(Param::choice_precision), u[4 + pw]));
    s.last_move[pw] = move;
    for (int k = 0; k < kNumMoves; ++k) s.move_utility[pw][k] = util[k];
    ++s.move_counts[pw][static_cast<int>(move)];
    switch (move) {
      case Move::idle:
        break;
      case Move::engage:
        s.engagement[pw] += p(Param::engagement_effect);
        break;
      case Move::coerce:
        s.coercion[pw] += leverage_[pw];
        s.leverage_cost[pw] += p(Param::coercion_cost_growth);
        if (pw == kRussia) {
          // Weaponized interdependence (Farrell & Newman 2019): the more oil goes through
          // Russia, the likelier Russia reaches for the pipeline rather than propaganda.
          const double route_share = 1.0 - std::min(s.alt_capacity_mt, s.exports_mt) / s.exports_mt;
          if (on(Mechanism::weaponized_interdependence) &&
              u[8] < p(Param::pipeline_channel_share) * route_share) {
            const double mean = p(Param::suspension_mean_months);
            const int months =
                mean <= 1.0
                    ? 1
                    : 1 + static_cast<int>(std::floor(std::log(1.0 - u[9]) / std::log(1.0 - 1.0 / mean)));
            s.suspension.start(p(Param::suspension_severity), months);
            s.pipeline_move = true;
          } else {
            s.propaganda.start(1.0, 1);
          }
        }
        break;
      case Move::guarantee:
        s.guarantee[pw] = std::max(s.guarantee[pw], guarantee_strength_[pw]);
        break;
      case Move::demand:
        s.demands[pw] += 0.5 * leverage_[pw];
        break;
    }
  }
}

// What each partner is worth to Kazakhstan now, beyond the calibrated structural affinity.
ValueTerms Model::dynamic_value() const {
  const State& s = state_;
  ValueTerms t;
  const bool credible = on(Mechanism::credible_guarantees);
  PowerArray restriction;
  for (int q = 0; q < kNumPowers; ++q) restriction[q] = s.trade_restriction[q].active_level();
  t.economic = trade_ * (1.0 - restriction) + p(Param::fdi_weight) * fdi_ + s.engagement;
  PowerArray security = credible ? s.guarantee : PowerArray::Zero();
  if (credible) security[kRussia] = 0.5 * s.guarantee[kRussia];
  if (s.csto_member) security[kRussia] += p(Param::russia_security_role);
  t.security = p(Param::security_weight) * security;

  // Coercion: bandwagon with an unchecked coercer, balance against a checked one (Walt 1987).
  const double bandwagon = on(Mechanism::bandwagoning) ? p(Param::bandwagon_strength) : 0.0;
  const double backfire = on(Mechanism::balancing) ? p(Param::backfire_strength) : 0.0;
  for (int pw = 0; pw < kNumPowers; ++pw) {
    double pressure = s.coercion[pw] + s.demands[pw];
    if (pw == kRussia) pressure += s.signalling.active_level() * leverage_[kRussia];
    const double guard = credible ? rules::combined_guarantee(s.guarantee, pw) : 0.0;
    t.coercion[pw] = pressure * (bandwagon * (1.0 - guard) - backfire * guard);
  }
  // Anticipated coercion: placate a displeased, attentive neighbour unless protected.
  const double guard_r = credible ? rules::combined_guarantee(s.guarantee, kRussia) : 0.0;
  t.anticipation[kRussia] = bandwagon * (1.0 - guard_r) * leverage_[kRussia] * attention(kRussia) *
                            resolve_[kRussia] * s.displeasure[kRussia];
  // Two-level game (Putnam 1988): public opinion toward Russia pulls the government.
  // Unrest raises the value of the partner that guarantees regime security: Russia through
  // the CSTO, as in January 2022 (seeds/001, seeds/004).
  if (on(Mechanism::two_level_game)) {
    t.domestic[kRussia] = p(Param::two_level_weight) * (s.opinion_russia - 0.5 + s.unrest);
    t.domestic[kEu] = p(Param::two_level_weight) * (s.opinion_west - 0.5);
  }
  // A demand for an exclusive choice ties the demander's benefits to exclusivity.
  if (s.exclusive_demand_by >= 0)
    t.exclusive[s.exclusive_demand_by] = 0.3 * s.exclusive_demand.active_level();
  return t;
}

void Model::kazakhstan_decides() {
  State& s = state_;
  s.value_terms = dynamic_value();
  const PowerArray value = s.affinity + s.value_terms.total();
  const double premium = on(Mechanism::hedging) ? p(Param::hedging_premium) : 0.02;
  s.target = rules::hedged_target(value, premium);
  s.alignment = on(Mechanism::bounded_moves)
                    ? rules::bounded_move(s.alignment, s.target, p(Param::max_alignment_step))
                    : s.target;
  s.alignment = s.alignment.max(0.0);
  s.alignment /= s.alignment.sum();

  // Sanctions compliance: a logit response to the secondary-sanctions threat (weighted by
  // exposure to Western finance) against Russia's unchecked pressure.
  const double guard_r =
      on(Mechanism::credible_guarantees) ? rules::combined_guarantee(s.guarantee, kRussia) : 0.0;
  const double cred0 = p(Param::sanctions_threat_credibility);
  const double cred =
      on(Mechanism::secondary_sanctions) ? std::min(1.0, cred0 + s.sanctions_boost.active_level()) : 0.0;
  const double threat = cred * (1.0 + s.demands[kEu]) * p(Param::fdi_share_eu);
  const double threat0 = cred0 * p(Param::fdi_share_eu);
  const double russian_pull = (s.coercion[kRussia] + s.demands[kRussia]) * (1.0 - guard_r);
  const double target_c = rules::logistic(compliance_log_odds_ +
                                          p(Param::sanctions_response) * (threat - threat0 - russian_pull));
  const double step_c = p(Param::compliance_step);
  s.compliance += std::clamp(target_c - s.compliance, -step_c, step_c);
}

void Model::economy_and_routes(const double* /*u*/) {
  State& s = state_;
  const double alt_flow = std::min(s.alt_capacity_mt, s.exports_mt);
  const double russian_flow = s.exports_mt - alt_flow;
  const double price = p(Param::oil_revenue_bn_per_mt) * std::exp(s.log_oil_price);
  double& lost_share = s.lost_export_share;
  lost_share = 0;
  if (s.suspension.months_left > 0) {
    const double lost_mt = s.suspension.level * russian_flow / 12.0;
    s.revenue_loss_bn += lost_mt * price;
    lost_share = lost_mt / (s.exports_mt / 12.0);
    ++s.disruption_months;
    s.any_suspension = true;
    s.route_risk += s.suspension.level;
  }
  s.route_risk += 0.1 * s.coercion[kRussia];

  // Corridors: investment now comes on line after the build lag (a ring buffer of months),
  // with diminishing returns toward the reachable ceiling.
  double invest = s.pending_investment_bn;
  s.pending_investment_bn = 0;
  if (on(Mechanism::route_investment))
    invest += p(Param::corridor_investment_base_bn) + p(Param::route_risk_sensitivity) * s.route_risk;
  double& slot = s.investment_pipeline[static_cast<size_t>(s.month) % s.investment_pipeline.size()];
  const double matured = slot;
  slot = invest;
  const double ceiling = p(Param::alt_capacity_max_mt);
  if (ceiling > 0 && s.alt_capacity_mt < ceiling)
    s.alt_capacity_mt +=
        matured / p(Param::corridor_cost_bn_per_mt) * std::max(0.0, 1.0 - s.alt_capacity_mt / ceiling);

  // Economic shock to households: lost oil revenue, trade restrictions, fuel prices, arrivals.
  double restricted = 0;
  for (int q = 0; q < kNumPowers; ++q) restricted += trade_[q] * s.trade_restriction[q].active_level();
  // Lost oil revenue and arrivals reach households region by region (population layer).
  const double shock = restricted + s.fuel_shock.active_level();
  s.growth -= 0.1 * (shock + 0.3 * lost_share);
  // Growth is a bulwark against instability (seeds/001, Tukumov).
  const double target_h = std::clamp(p(Param::hardship_baseline) + p(Param::hardship_sensitivity) * shock -
                                         p(Param::growth_buffer) * (s.growth - kReferenceGrowth),
                                     0.0, 1.0);
  s.hardship += 0.3 * (target_h - s.hardship);
}

void Model::domestic_politics() {
  State& s = state_;
  // The domestic level of the two-level game: the citizens react to the month's economy,
  // media and coercion, and pass up opinion, unrest and separatist sentiment.
  CitizenInputs in;
  in.hardship_shift = s.hardship - p(Param::hardship_baseline);
  in.oil_shock = s.lost_export_share;
  in.migration_shock = s.migration.active_level();
  in.legitimacy = s.legitimacy;
  in.propaganda = p(Param::propaganda_baseline) + s.propaganda.active_level();
  in.coercion = s.coercion[kRussia] + s.signalling.active_level();
  in.suppression = s.csto_presence.active_level();
  in.forced_choice = s.exclusive_demand.active_level();
  const double before = s.unrest;
  population_.step(in, params_, mechanisms_, citizen_rng_);
  take_citizen_aggregates();

  const double forced = s.exclusive_demand.active_level();
  const double target_l = std::clamp(p(Param::legitimacy_initial) + 2.0 * (s.growth - kReferenceGrowth) -
                                         0.3 * s.unrest - 0.1 * forced + 0.1 * s.csto_presence.active_level(),
                                     0.0, 1.0);
  s.legitimacy += 0.05 * (target_l - s.legitimacy);

  if (before < 0.5 && s.unrest >= 0.5) ++s.unrest_episodes;
  s.unrest_peak = std::max(s.unrest_peak, s.unrest);
  s.separatism_peak = std::max(s.separatism_peak, s.separatism);
  s.separatism_sum += s.separatism;
}

void Model::tension_and_crises(const double* u) {
  State& s = state_;
  s.displeasure = desired_.binaryExpr(
      s.alignment, [](double d, double a) { return d > 0 ? std::max(0.0, d - a) / d : 0.0; });
  s.displeasure[kRussia] += p(Param::displeasure_per_compliance) * s.compliance;
  s.displeasure_sum += s.displeasure[kRussia];
  double tension = 0;
  for (int pw = 0; pw < kNumPowers; ++pw)
    tension += resolve_[pw] * attention(pw) * s.displeasure[pw] * leverage_[pw];
  tension +=
      p(Param::forced_choice_tension) * s.exclusive_demand.active_level() + s.unrest + 0.5 * s.separatism;
  s.tension = tension;
  if (!on(Mechanism::crises)) return;
  const double guard_r =
      on(Mechanism::credible_guarantees) ? rules::combined_guarantee(s.guarantee, kRussia) : 0.0;
  if (u[11] < std::min(1.0, p(Param::crisis_hazard_scale) * tension)) {
    s.crisis_this_month = true;
    ++s.crises;
    const double north = s.separatism;
    if (u[12] < p(Param::intervention_hazard) * north * attention(kRussia) * (1.0 - guard_r))
      s.intervention = true;
  }
  if (s.csto_member && s.alignment[kRussia] < p(Param::csto_exit_alignment) &&
      u[13] < p(Param::csto_exit_hazard)) {
    s.csto_member = false;
    s.csto_exit = true;
  }
}

void Model::record(std::span<double, kNumSeries> out) const {
  const State& s = state_;
  out[static_cast<int>(Series::align_russia)] = s.alignment[kRussia];
  out[static_cast<int>(Series::align_china)] = s.alignment[kChina];
  out[static_cast<int>(Series::align_eu)] = s.alignment[kEu];
  out[static_cast<int>(Series::align_turkey)] = s.alignment[kTurkey];
  out[static_cast<int>(Series::balance_index)] = rules::balance_index(s.alignment);
  out[static_cast<int>(Series::russian_route_share)] =
      1.0 - std::min(s.alt_capacity_mt, s.exports_mt) / s.exports_mt;
  out[static_cast<int>(Series::alt_capacity_mt)] = s.alt_capacity_mt;
  out[static_cast<int>(Series::sanctions_compliance)] = s.compliance;
  out[static_cast<int>(Series::legitimacy)] = s.legitimacy;
  out[static_cast<int>(Series::unrest)] = s.unrest;
  out[static_cast<int>(Series::separatist_sentiment)] = s.separatism;
  out[static_cast<int>(Series::opinion_russia)] = s.opinion_russia;
  out[static_cast<int>(Series::opinion_west)] = s.opinion_west;
  out[static_cast<int>(Series::polarisation)] = s.polarisation;
  out[static_cast<int>(Series::russia_displeasure)] = s.displeasure[kRussia];
  out[static_cast<int>(Series::tension)] = s.tension;
}

Outcomes Model::outcomes() const {
  const State& s = state_;
  Outcomes o{};
  auto set = [&](Outcome k, double v) { o[static_cast<int>(k)] = v; };
  set(Outcome::align_russia, s.alignment[kRussia]);
  set(Outcome::align_china, s.alignment[kChina]);
  set(Outcome::align_eu, s.alignment[kEu]);
  set(Outcome::align_turkey, s.alignment[kTurkey]);
  set(Outcome::balance_index, rules::balance_index(s.alignment));
  set(Outcome::russian_route_share, 1.0 - std::min(s.alt_capacity_mt, s.exports_mt) / s.exports_mt);
  set(Outcome::alt_capacity_mt, s.alt_capacity_mt);
  set(Outcome::disruption_months, s.disruption_months);
  set(Outcome::revenue_loss_bn, s.revenue_loss_bn);
  set(Outcome::sanctions_compliance, s.compliance);
  set(Outcome::russia_displeasure_mean, s.month > 0 ? s.displeasure_sum / s.month : s.displeasure[kRussia]);
  set(Outcome::unrest_episodes, s.unrest_episodes);
  set(Outcome::unrest_peak, s.unrest_peak);
  set(Outcome::separatist_sentiment_peak, s.separatism_peak);
  set(Outcome::separatist_sentiment_mean, s.month > 0 ? s.separatism_sum / s.month : s.separatism);
  set(Outcome::opinion_russia, s.opinion_russia);
  set(Outcome::opinion_west, s.opinion_west);
  set(Outcome::polarisation, s.polarisation);
  set(Outcome::crises, s.crises);
  set(Outcome::any_crisis, s.crises > 0 ? 1.0 : 0.0);
  set(Outcome::pipeline_suspended, s.any_suspension ? 1.0 : 0.0);
  set(Outcome::russian_intervention, s.intervention ? 1.0 : 0.0);
  set(Outcome::csto_exit, s.csto_exit ? 1.0 : 0.0);
  return o;
}

}  // namespace mv
