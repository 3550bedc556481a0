#include "model/model.h"

#include <algorithm>
#include <cmath>

namespace mv {

using rules::PowerArray;
namespace {
constexpr int kRussia = 0, kChina = 1, kEu = 2, kTurkey = 3;
// Kazakhstan's population, 2022 (Bureau of National Statistics): scales migration shocks.
constexpr double kPopulationThousands = 19'600;
// Hedging switched off: Kazakhstan still chooses by the same softmax, at a temperature so low
// that it is an argmax in all but near-ties. Numerical, not behavioural: the ablation's
// definition (a zero premium would divide by zero).
constexpr double kArgmaxTemperature = 0.02;

double draw(const double* u, Draw d) {
  return u[static_cast<int>(d)];
}

/// The per-power rows of the parameter table as arrays (russia, china, eu, turkey).
PowerArray powers(const ParamValues& pv, Param russia, Param china, Param eu, Param turkey) {
  PowerArray a;
  a << pv[russia], pv[china], pv[eu], pv[turkey];
  return a;
}

/// Displeasure of each power: its unmet share of the alignment it wants, and for Russia also
/// Kazakhstan's sanctions compliance.
PowerArray displeasure_of(const PowerArray& desired, const PowerArray& alignment, double compliance,
                          double per_compliance) {
  PowerArray d = desired.binaryExpr(alignment, [](double want, double a) {
    return want > 0 ? std::max(0.0, want - a) / want : 0.0;
  });
  d[kRussia] += per_compliance * compliance;
  return d;
}
}  // namespace

Model::Model(const ParamValues& params, const MechanismSet& mechanisms, std::span<const Event> events,
             int steps, uint64_t replicate_seed, int citizens, const ParamValues* calibration)
    : params_(params),
      mechanisms_(mechanisms),
      events_(events),
      steps_(steps),
      rng_(replicate_seed, Stream::kModel),
      citizen_rng_(replicate_seed, Stream::kCitizens),
      population_(params_, citizens, citizen_rng_) {
  using P = Param;
  desired_ = powers(params_, P::desired_alignment_russia, P::desired_alignment_china, P::desired_alignment_eu,
                    P::desired_alignment_turkey);
  resolve_ = powers(params_, P::resolve_russia, P::resolve_china, P::resolve_eu, P::resolve_turkey);
  leverage_ = powers(params_, P::leverage_russia, P::leverage_china, P::leverage_eu, P::leverage_turkey);
  trade0_ = powers(params_, P::trade_share_russia, P::trade_share_china, P::trade_share_eu, P::trade_share_turkey);
  fdi_ = powers(params_, P::fdi_share_russia, P::fdi_share_china, P::fdi_share_eu, P::fdi_share_turkey);
  guarantee_strength_ = powers(params_, P::russia_security_role, P::guarantee_strength_china,
                               P::guarantee_strength_eu, P::guarantee_strength_turkey);
  restraint_ = powers(params_, P::coercion_restraint_russia, P::coercion_restraint_china, P::coercion_restraint_eu,
                      P::coercion_restraint_turkey);
  engagement_decay_ = rules::decay_factor(p(P::engagement_half_life_months));
  guarantee_decay_ = rules::decay_factor(p(P::guarantee_half_life_months));
  route_risk_decay_ = rules::decay_factor(p(P::route_risk_half_life_months));

  State& s = state_;
  PowerArray a0 = powers(params_, P::initial_alignment_russia, P::initial_alignment_china,
                         P::initial_alignment_eu, P::initial_alignment_turkey);
  a0 = a0.max(1e-6);
  s.alignment = a0 / a0.sum();
  s.initial_alignment = s.alignment;
  s.russia_attention = p(P::russia_attention_peace);
  s.compliance = p(P::compliance_initial);
  s.exports_mt = p(P::oil_exports_mt);
  s.alt_capacity_mt = (1.0 - p(P::russian_route_share_initial)) * s.exports_mt;
  // Corridor investment was already flowing before the start (the Aktau-BTC deal and the Middle
  // Corridor): the build pipeline starts full at the base rate, as if it had run for a lag.
  s.investment_pipeline.assign(
      std::max<size_t>(1, static_cast<size_t>(std::lround(p(P::corridor_build_lag_months)))),
      on(Mechanism::route_investment) ? p(P::corridor_investment_base_bn) : 0.0);
  s.hardship = p(P::hardship_baseline);
  s.legitimacy = p(P::legitimacy_initial);

  // Trade at the start: the observed shares of turnover. Russia's includes the re-exports a war
  // economy would draw at the initial compliance, so its base volume is net of them.
  const double turnover = p(P::trade_turnover_bn);
  s.trade_volume = trade0_ * turnover;
  s.trade_rest_bn = std::max(0.0, turnover - s.trade_volume.sum());
  s.trade_share = trade0_;
  s.trade_share_year_sum = trade0_ * 12.0;

  // The citizens are burned in under the pre-2022 media environment, every mechanism on.
  CitizenInputs before;
  before.legitimacy = s.legitimacy;
  before.propaganda = p(P::propaganda_baseline);
  population_.burn_in(before, params_, citizen_rng_);
  take_citizen_aggregates();
  s.separatism_peak = s.separatism;
  s.displeasure = displeasure_of(desired_, s.alignment, s.compliance, p(P::displeasure_per_compliance));

  // Structural affinity (history, language, infrastructure not modelled explicitly), calibrated
  // once so that the initial alignment is Kazakhstan's target at the calibration reading of the
  // parameters with every mechanism on, and held fixed (the model explains changes from 2022):
  // switching a mechanism off removes that mechanism's whole contribution, and a what-if or lens
  // that reads a power differently from the base scenario moves Kazakhstan from the start.
  const ParamValues& reference = calibration ? *calibration : params_;
  const MechanismSet all_on;
  const double premium = reference[P::hedging_premium];
  State at_reference = s;
  at_reference.displeasure =
      displeasure_of(powers(reference, P::desired_alignment_russia, P::desired_alignment_china,
                            P::desired_alignment_eu, P::desired_alignment_turkey),
                     s.alignment, s.compliance, reference[P::displeasure_per_compliance]);
  s.affinity = premium * s.alignment.log() - dynamic_value(reference, all_on, at_reference).total();
  s.value_terms = dynamic_value(params_, mechanisms_, s);
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
  s.coercion *= p(Param::coercion_memory);
  s.demands *= p(Param::demand_memory);
  s.leverage_cost *= p(Param::leverage_cost_memory);
  s.route_risk *= route_risk_decay_;
  s.crisis_this_month = false;
  s.coerced.fill(false);

  // 2. Scripted events of this month.
  s.events_begin = next_event_;
  s.pipeline_move = false;
  while (next_event_ < events_.size() && events_[next_event_].step <= s.month)
    apply_event(events_[next_event_++]);
  s.events_end = next_event_;
  // A campaign or signalling in force is Russia's coercion this month.
  if (s.propaganda.months_left > 0 || s.signalling.months_left > 0) s.coerced[kRussia] = true;

  // 3. Exogenous shocks (oil price AR(1) in logs, growth noise); Box-Muller from fixed draws.
  auto normal = [](double u1, double u2) {
    return std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
  };
  if (on(Mechanism::random_shocks)) {
    const double rho_p = p(Param::oil_price_persistence), rho_g = p(Param::growth_persistence);
    s.log_oil_price = rho_p * s.log_oil_price +
                      p(Param::oil_price_volatility) * normal(draw(u, Draw::oil_price_a), draw(u, Draw::oil_price_b));
    // AR(1) whose stationary sd is growth_volatility.
    s.growth_noise = rho_g * s.growth_noise + p(Param::growth_volatility) * std::sqrt(1.0 - rho_g * rho_g) *
                                                  normal(draw(u, Draw::growth_a), draw(u, Draw::growth_b));
  }

  // 4. The powers move, 5. Kazakhstan responds, 6. trade and oil flow, 7. society reacts,
  // 8. crises.
  if (on(Mechanism::power_agency))
    powers_choose(u);
  else
    s.last_move.fill(Move::idle);
  kazakhstan_decides();
  s.growth = p(Param::gdp_growth_trend) + s.growth_noise + p(Param::oil_price_growth_effect) * s.log_oil_price;
  update_trade();
  economy_and_routes(u);
  domestic_politics();
  tension_and_crises(u);
  for (int pw = 0; pw < kNumPowers; ++pw) s.coercion_months[pw] += s.coerced[pw] ? 1 : 0;

  s.halted_by = s.suspension_by;
  // Timed effects run down.
  for (auto& t : s.trade_restriction) t.tick();
  for (TimedEffect* t : {&s.suspension, &s.propaganda, &s.signalling, &s.sanctions_boost, &s.exclusive_demand,
                         &s.fuel_shock, &s.migration, &s.csto_presence})
    t->tick();
  if (s.exclusive_demand.months_left == 0) s.exclusive_demand_by = -1;
  if (s.suspension.months_left == 0) s.suspension_by = -1;
  ++s.month;
}

// A suspension of the oil flow through Russia. By Russia it is coercion: it enters Russia's
// record and pressure like a chosen coercive move, and needs the route as a weapon (weaponized
// interdependence). By a third party or an accident it is nobody's coercion.
void Model::start_suspension(double level, int months, int by) {
  State& s = state_;
  if (by == kRussia) {
    if (!on(Mechanism::weaponized_interdependence)) return;
    s.coercion[kRussia] += level * leverage_[kRussia];
    s.leverage_cost[kRussia] += level * p(Param::coercion_cost_growth);
    s.coerced[kRussia] = true;
  }
  s.suspension.start(level, months);
  if (by == kRussia || s.suspension_by < 0) s.suspension_by = by;
}

void Model::apply_event(const Event& e) {
  State& s = state_;
  const int who = static_cast<int>(e.actor);
  const bool power = who < kNumPowers;
  const double m = e.magnitude;
  const int d = e.duration_months;
  switch (e.action) {
    case Action::pipeline_suspension:
      start_suspension(m, d, power ? who : -1);
      break;
    case Action::trade_restriction:
      // A partner's restriction of trade is its coercion, with the cost of any coercive act.
      s.trade_restriction[who].start(m, d);
      s.coercion[who] += m * leverage_[who];
      s.leverage_cost[who] += m * p(Param::coercion_cost_growth);
      s.coerced[who] = true;
      break;
    case Action::propaganda_campaign:
      // A campaign is Russia's coercion like a chosen propaganda move, at its magnitude.
      s.propaganda.start(m, d);
      s.coercion[kRussia] += m * leverage_[kRussia];
      s.leverage_cost[kRussia] += m * p(Param::coercion_cost_growth);
      break;
    case Action::military_signalling:
      // Signalling presses while it lasts (see dynamic_value); its cost is paid once.
      s.signalling.start(m, d);
      s.leverage_cost[kRussia] += m * p(Param::coercion_cost_growth);
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
  // The pretext Russia can claim in the north: separatist sentiment, and a campaign that
  // manufactures one ([Wharton2022]).
  const double pretext = s.separatism + p(Param::pretext_campaign_weight) * s.propaganda.active_level();
  const double threat = s.coercion[kRussia] + s.signalling.active_level() * leverage_[kRussia] + pretext;
  const Draw choice[kNumPowers] = {Draw::choice_russia, Draw::choice_china, Draw::choice_eu, Draw::choice_turkey};
  for (int pw = 0; pw < kNumPowers; ++pw) {
    const double att = attention(pw);
    const double cost = p(Param::action_cost) / std::max(att, 0.05);
    const double gap = std::max(0.0, desired_[pw] - s.alignment[pw]);
    const double guard =
        on(Mechanism::credible_guarantees) ? rules::combined_guarantee(s.guarantee, pw) : 0.0;
    const double backfire = on(Mechanism::balancing) ? p(Param::backfire_strength) * guard : 0.0;
    double util[kNumMoves];
    util[0] = 0.0;
    util[1] = resolve_[pw] * gap * (s.trade_share[pw] + p(Param::fdi_weight) * fdi_[pw]) *
                  p(Param::engagement_payoff) -
              cost;
    util[2] = resolve_[pw] * gap * leverage_[pw] * (1.0 - backfire) - cost - s.leverage_cost[pw] - restraint_[pw];
    if (pw == kRussia) util[2] += p(Param::pretext_weight) * resolve_[pw] * pretext;
    if (!on(Mechanism::credible_guarantees) || s.guarantee_withdrawn[pw]) {
      util[3] = -INFINITY;
    } else {
      // Russia's "guarantee" is regime security (CSTO) against unrest it is not blamed for; the
      // others pledge territorial integrity against the threat Russia poses ([FT2022], [EDM2022]).
      const double need = pw == kRussia ? s.unrest * (1.0 - s.blame_russia) : threat;
      util[3] = resolve_[pw] * need * (1.0 - s.guarantee[pw]) - cost;
    }
    if (pw == kEu) {
      const double cred =
          on(Mechanism::secondary_sanctions)
              ? std::min(1.0, p(Param::sanctions_threat_credibility) + s.sanctions_boost.active_level())
              : 0.0;
      util[4] = resolve_[pw] * leverage_[pw] * (1.0 - s.compliance) * cred * p(Param::sanctions_pressure_payoff) -
                cost;
    } else {
      util[4] = resolve_[pw] * leverage_[pw] * s.displeasure[pw] * p(Param::displeasure_demand_payoff) - cost;
    }
    const Move move = static_cast<Move>(rules::logit_choice(std::span<const double>(util, kNumMoves),
                                                            p(Param::choice_precision), draw(u, choice[pw])));
    s.last_move[pw] = move;
    for (int k = 0; k < kNumMoves; ++k) s.move_utility[pw][k] = util[k];
    ++s.move_counts[pw][static_cast<int>(move)];
    switch (move) {
      case Move::idle:
        break;
      case Move::engage:
        s.engagement[pw] += p(Param::engagement_effect);
        break;
      case Move::coerce: {
        s.coerced[pw] = true;
        // Weaponized interdependence (Farrell & Newman 2019): the more oil goes through
        // Russia, the likelier Russia reaches for the pipeline rather than propaganda.
        const double route_share = 1.0 - std::min(s.alt_capacity_mt, s.exports_mt) / s.exports_mt;
        if (pw == kRussia && on(Mechanism::weaponized_interdependence) &&
            draw(u, Draw::pipeline_channel) < p(Param::pipeline_channel_share) * route_share) {
          const double mean = p(Param::suspension_mean_months);
          const int months = mean <= 1.0 ? 1
                                         : 1 + static_cast<int>(std::floor(std::log(1.0 - draw(u, Draw::suspension_length)) /
                                                                           std::log(1.0 - 1.0 / mean)));
          // The move's pressure is the suspension's: one record, one cost.
          s.coercion[pw] += leverage_[pw] * (1.0 - p(Param::suspension_severity));
          s.leverage_cost[pw] += p(Param::coercion_cost_growth) * (1.0 - p(Param::suspension_severity));
          start_suspension(p(Param::suspension_severity), months, kRussia);
          s.pipeline_move = true;
        } else {
          s.coercion[pw] += leverage_[pw];
          s.leverage_cost[pw] += p(Param::coercion_cost_growth);
          if (pw == kRussia) s.propaganda.start(1.0, 1);
        }
        break;
      }
      case Move::guarantee:
        s.guarantee[pw] = std::max(s.guarantee[pw], guarantee_strength_[pw]);
        break;
      case Move::demand:
        s.demands[pw] += p(Param::demand_pressure) * leverage_[pw];
        break;
    }
  }
}

// What each partner is worth to Kazakhstan, beyond the calibrated structural affinity.
ValueTerms Model::dynamic_value(const ParamValues& pv, const MechanismSet& m, const State& s) const {
  ValueTerms t;
  const bool credible = m(Mechanism::credible_guarantees);
  const PowerArray fdi =
      powers(pv, Param::fdi_share_russia, Param::fdi_share_china, Param::fdi_share_eu, Param::fdi_share_turkey);
  t.economic = s.trade_share + pv[Param::fdi_weight] * fdi + s.engagement;
  // Russia's security role (the CSTO, regime security) is only as good as the attention it can
  // spare: a Russia absorbed by its war is a less reliable protector ([Wharton2022], [FT2022]).
  const double att = m(Mechanism::distraction) ? s.russia_attention : 1.0;
  PowerArray security = credible ? s.guarantee : PowerArray::Zero();
  if (credible) security[kRussia] = pv[Param::regime_security_share] * s.guarantee[kRussia];
  if (s.csto_member) security[kRussia] += pv[Param::russia_security_role];
  security[kRussia] *= att;
  t.security = pv[Param::security_weight] * security;

  // Coercion: bandwagon with an unchecked coercer, balance against a checked one (Walt 1987).
  const double bandwagon = m(Mechanism::bandwagoning) ? pv[Param::bandwagon_strength] : 0.0;
  const double backfire = m(Mechanism::balancing) ? pv[Param::backfire_strength] : 0.0;
  const PowerArray lev = powers(pv, Param::leverage_russia, Param::leverage_china, Param::leverage_eu,
                                Param::leverage_turkey);
  for (int pw = 0; pw < kNumPowers; ++pw) {
    double pressure = s.coercion[pw] + s.demands[pw];
    // Signalling, and a suspension in force, press for as long as they last.
    if (pw == kRussia) pressure += s.signalling.active_level() * lev[kRussia];
    if (pw == s.suspension_by) pressure += s.suspension.active_level() * lev[pw];
    const double guard = credible ? rules::combined_guarantee(s.guarantee, pw) : 0.0;
    t.coercion[pw] = pressure * (bandwagon * (1.0 - guard) - backfire * guard);
  }
  // Anticipated coercion: placate a displeased, attentive neighbour unless protected; protected
  // by others' guarantees, balance against its threat instead (Walt 1987: balancing answers
  // threat, not only the act).
  const double guard_r = credible ? rules::combined_guarantee(s.guarantee, kRussia) : 0.0;
  t.anticipation[kRussia] = (bandwagon * (1.0 - guard_r) - backfire * guard_r) * lev[kRussia] * att *
                            pv[Param::resolve_russia] * s.displeasure[kRussia];
  // Two-level game (Putnam 1988): public opinion toward Russia and the West pulls the
  // government. Unrest raises the value of the partner that guarantees regime security (Russia
  // through the CSTO, as in January 2022: [Bhadrakumar2022]) unless the public blames Russia
  // for it: unrest caused by Russian coercion pushes the government away from the coercer.
  if (m(Mechanism::two_level_game)) {
    const double w = pv[Param::two_level_weight];
    t.domestic[kRussia] = w * (s.opinion_russia - 0.5 + s.unrest * (1.0 - 2.0 * s.blame_russia));
    t.domestic[kEu] = w * (s.opinion_west - 0.5);
  }
  // A demand for an exclusive choice ties the demander's benefits to exclusivity.
  if (s.exclusive_demand_by >= 0)
    t.exclusive[s.exclusive_demand_by] = pv[Param::exclusive_choice_pull] * s.exclusive_demand.active_level();
  return t;
}

void Model::kazakhstan_decides() {
  State& s = state_;
  s.value_terms = dynamic_value(params_, mechanisms_, s);
  const PowerArray value = s.affinity + s.value_terms.total();
  const double premium = on(Mechanism::hedging) ? p(Param::hedging_premium) : kArgmaxTemperature;
  s.target = rules::hedged_target(value, premium);
  s.alignment = on(Mechanism::bounded_moves)
                    ? rules::bounded_move(s.alignment, s.target, p(Param::max_alignment_step))
                    : s.target;
  s.alignment = s.alignment.max(0.0);
  s.alignment /= s.alignment.sum();

  // Sanctions compliance: a logit response to the secondary-sanctions threat (its credibility,
  // enforcement by EU demands, exposure to Western finance) against the gain from re-exports
  // to a sanctioned Russia at war and Russia's unchecked pressure ([EDM2022], [FT2022]).
  const double guard_r =
      on(Mechanism::credible_guarantees) ? rules::combined_guarantee(s.guarantee, kRussia) : 0.0;
  const double cred =
      on(Mechanism::secondary_sanctions)
          ? std::min(1.0, p(Param::sanctions_threat_credibility) + s.sanctions_boost.active_level())
          : 0.0;
  const double threat = cred * (1.0 + s.demands[kEu]) * p(Param::fdi_share_eu);
  const double reexport_gain = s.at_war ? p(Param::reexport_incentive) : 0.0;
  const double russian_pull = (s.coercion[kRussia] + s.demands[kRussia]) * (1.0 - guard_r);
  const double target_c = rules::logistic(p(Param::compliance_disposition) +
                                          p(Param::sanctions_response) * (threat - reexport_gain - russian_pull));
  const double step_c = p(Param::compliance_step);
  s.compliance += std::clamp(target_c - s.compliance, -step_c, step_c);
}

// Trade by partner: each partner's volume grows with its trend (China's BRI-driven growth fades
// with a half-life of years), with Kazakhstan's alignment toward it and with its engagement, and
// is cut by its restrictions; a sanctioned Russia at war draws re-exports in proportion to
// non-compliance. Shares are of the whole turnover, the rest of the world included.
void Model::update_trade() {
  State& s = state_;
  const double years = s.month / 12.0;
  PowerArray trend = PowerArray::Zero();
  // Cumulative log growth of a trend g fading with half-life H: g H / ln 2 (1 - 2^(-t / H)).
  const double half_life = p(Param::trade_trend_half_life_years);
  trend[kChina] = p(Param::trade_growth_china) * half_life / std::log(2.0) * (1.0 - std::exp2(-years / half_life));
  const PowerArray log_change = trend + p(Param::trade_alignment_elasticity) * (s.alignment - s.initial_alignment) +
                                p(Param::trade_engagement_elasticity) * s.engagement;
  PowerArray restriction;
  for (int q = 0; q < kNumPowers; ++q) restriction[q] = s.trade_restriction[q].active_level();
  const double turnover = p(Param::trade_turnover_bn);
  s.trade_volume = turnover * trade0_ * log_change.exp() * (1.0 - restriction);
  s.reexports_bn = s.at_war ? p(Param::reexport_potential_bn) * (1.0 - s.compliance) : 0.0;
  s.trade_volume[kRussia] += s.reexports_bn;
  s.reexports_sum += s.reexports_bn;
  s.trade_share = s.trade_volume / (s.trade_volume.sum() + s.trade_rest_bn);
  if (s.month % 12 == 0) s.trade_share_year_sum = PowerArray::Zero();
  s.trade_share_year_sum += s.trade_share;
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
  s.route_risk += p(Param::coercion_route_risk) * s.coercion[kRussia];

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

  // Economic shock to households: trade restrictions, fuel prices, lost oil revenue (the last
  // also reaches households region by region through the population layer).
  double restricted = 0;
  for (int q = 0; q < kNumPowers; ++q) restricted += trade0_[q] * s.trade_restriction[q].active_level();
  const double shock = restricted + s.fuel_shock.active_level();
  const double oil_weight = p(Param::oil_loss_growth_weight);
  s.growth -= p(Param::shock_growth_effect) * (shock + oil_weight * lost_share);
  // Growth is a bulwark against instability ([FT2022], Tukumov).
  const double reference_growth = spec(Param::gdp_growth_trend).default_value;
  const double sensitivity = p(Param::hardship_sensitivity), adjust = p(Param::hardship_adjustment);
  const double target_h = std::clamp(p(Param::hardship_baseline) + sensitivity * shock -
                                         p(Param::growth_buffer) * (s.growth - reference_growth),
                                     0.0, 1.0);
  s.hardship += adjust * (target_h - s.hardship);
  if (s.growth < 0) ++s.recession_months;

  // Whom the public blames: the part of the shock Russia caused (its suspensions and trade
  // restrictions) follows the same adjustment as hardship; its share of the excess hardship and
  // lost oil income is the blame.
  const double russian_loss = s.suspension_by == kRussia ? lost_share : 0.0;
  const double russian_shock = trade0_[kRussia] * s.trade_restriction[kRussia].active_level();
  s.russian_hardship += adjust * (sensitivity * (russian_shock + oil_weight * russian_loss) - s.russian_hardship);
  const double oil_income = p(Param::oil_income_share) * sensitivity;
  const double excess = std::max(0.0, s.hardship - p(Param::hardship_baseline)) + oil_income * lost_share +
                        p(Param::migration_hardship) * s.migration.active_level();
  const double caused = s.russian_hardship + oil_income * russian_loss;
  s.blame_russia = excess > 1e-9 ? std::clamp(caused / excess, 0.0, 1.0) : 0.0;
}

void Model::domestic_politics() {
  State& s = state_;
  // The domestic level of the two-level game: the citizens react to the month's economy,
  // media and coercion, and pass up opinion, unrest and separatist sentiment.
  CitizenInputs in;
  // A fuel price rise reaches households at once, on top of the economy's slower hardship.
  in.hardship_shift = s.hardship - p(Param::hardship_baseline) + s.fuel_shock.active_level();
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
  const double reference_growth = spec(Param::gdp_growth_trend).default_value;
  const double target_l =
      std::clamp(p(Param::legitimacy_initial) + p(Param::legitimacy_growth_effect) * (s.growth - reference_growth) -
                     p(Param::legitimacy_unrest_cost) * s.unrest - p(Param::legitimacy_forced_choice_cost) * forced +
                     p(Param::legitimacy_security_gain) * s.csto_presence.active_level(),
                 0.0, 1.0);
  s.legitimacy += p(Param::legitimacy_adjustment) * (target_l - s.legitimacy);

  const double mass = p(Param::mass_unrest_share);
  if (before < mass && s.unrest >= mass) ++s.unrest_episodes;
  s.unrest_peak = std::max(s.unrest_peak, s.unrest);
  s.separatism_peak = std::max(s.separatism_peak, s.separatism);
  s.separatism_sum += s.separatism;
}

void Model::tension_and_crises(const double* u) {
  State& s = state_;
  s.displeasure = displeasure_of(desired_, s.alignment, s.compliance, p(Param::displeasure_per_compliance));
  s.displeasure_sum += s.displeasure[kRussia];
  double tension = 0;
  for (int pw = 0; pw < kNumPowers; ++pw)
    tension += resolve_[pw] * attention(pw) * s.displeasure[pw] * leverage_[pw];
  // Troops on the border and a campaign for the north raise tension as Russian leverage does.
  const double campaign = s.signalling.active_level() + s.propaganda.active_level();
  tension += p(Param::forced_choice_tension) * s.exclusive_demand.active_level() + s.unrest +
             p(Param::tension_separatism_weight) * s.separatism + leverage_[kRussia] * attention(kRussia) * campaign;
  s.tension = tension;
  if (!on(Mechanism::crises)) return;
  const double guard_r =
      on(Mechanism::credible_guarantees) ? rules::combined_guarantee(s.guarantee, kRussia) : 0.0;
  if (draw(u, Draw::crisis) < std::min(1.0, p(Param::crisis_hazard_scale) * tension)) {
    s.crisis_this_month = true;
    ++s.crises;
    // A "protection" intervention needs a pretext in the north: separatist sentiment, or one
    // manufactured by a propaganda campaign ([Wharton2022]).
    const double pretext =
        std::min(1.0, s.separatism + p(Param::pretext_campaign_weight) * s.propaganda.active_level());
    if (draw(u, Draw::intervention) < p(Param::intervention_hazard) * pretext * attention(kRussia) * (1.0 - guard_r))
      s.intervention = true;
  }
  // Leaving the CSTO needs somewhere else to turn (credible outside guarantees), and is not done
  // while Russian troops signal on the border or a campaign for the north runs: it would invite
  // the intervention it fears ([EDM2022]: rumours of leaving denied).
  const double exit_hazard =
      p(Param::csto_exit_hazard) * guard_r * (1.0 - std::min(1.0, campaign));
  if (s.csto_member && s.alignment[kRussia] < p(Param::csto_exit_alignment) &&
      draw(u, Draw::csto_exit) < exit_hazard) {
    s.csto_member = false;
    s.csto_exit = true;
  }
}

void Model::record(std::span<double, kNumSeries> out) const {
  const State& s = state_;
  auto set = [&](Series k, double v) { out[static_cast<int>(k)] = v; };
  const double alt_flow = std::min(s.alt_capacity_mt, s.exports_mt);
  set(Series::align_russia, s.alignment[kRussia]);
  set(Series::align_china, s.alignment[kChina]);
  set(Series::align_eu, s.alignment[kEu]);
  set(Series::align_turkey, s.alignment[kTurkey]);
  set(Series::balance_index, rules::balance_index(s.alignment));
  set(Series::russian_route_share, 1.0 - alt_flow / s.exports_mt);
  set(Series::alt_capacity_mt, s.alt_capacity_mt);
  set(Series::sanctions_compliance, s.compliance);
  set(Series::legitimacy, s.legitimacy);
  set(Series::unrest, s.unrest);
  set(Series::separatist_sentiment, s.separatism);
  set(Series::opinion_russia, s.opinion_russia);
  set(Series::opinion_west, s.opinion_west);
  set(Series::polarisation, s.polarisation);
  set(Series::russia_displeasure, s.displeasure[kRussia]);
  set(Series::tension, s.tension);
  set(Series::trade_share_russia, s.trade_share[kRussia]);
  set(Series::trade_share_china, s.trade_share[kChina]);
  set(Series::trade_share_eu, s.trade_share[kEu]);
  set(Series::trade_share_turkey, s.trade_share[kTurkey]);
  set(Series::reexports_bn, s.reexports_bn);
  set(Series::bypass_exports_mt, alt_flow);
  set(Series::coerced_by_russia, s.coerced[kRussia] ? 1.0 : 0.0);
  set(Series::coerced_by_china, s.coerced[kChina] ? 1.0 : 0.0);
  set(Series::mass_unrest, s.unrest >= p(Param::mass_unrest_share) ? 1.0 : 0.0);
  set(Series::csto_member, s.csto_member ? 1.0 : 0.0);
  set(Series::russian_intervention, s.intervention ? 1.0 : 0.0);
}

Outcomes Model::outcomes() const {
  const State& s = state_;
  Outcomes o{};
  auto set = [&](Outcome k, double v) { o[static_cast<int>(k)] = v; };
  // Trade shares over the last (possibly partial) calendar year of the run, like annual statistics.
  const int in_year = s.month > 0 ? (s.month - 1) % 12 + 1 : 1;
  const PowerArray trade_year = s.month > 0 ? PowerArray(s.trade_share_year_sum / in_year) : s.trade_share;
  set(Outcome::align_russia, s.alignment[kRussia]);
  set(Outcome::align_china, s.alignment[kChina]);
  set(Outcome::align_eu, s.alignment[kEu]);
  set(Outcome::align_turkey, s.alignment[kTurkey]);
  set(Outcome::balance_index, rules::balance_index(s.alignment));
  set(Outcome::alignment_shift, 0.5 * (s.alignment - s.initial_alignment).abs().sum());
  set(Outcome::trade_share_russia, trade_year[kRussia]);
  set(Outcome::trade_share_china, trade_year[kChina]);
  set(Outcome::trade_share_eu, trade_year[kEu]);
  set(Outcome::trade_share_turkey, trade_year[kTurkey]);
  set(Outcome::reexports_bn, s.month > 0 ? s.reexports_sum / s.month : 0.0);
  set(Outcome::coercion_months_russia, s.coercion_months[kRussia]);
  set(Outcome::coercion_months_china, s.coercion_months[kChina]);
  set(Outcome::coercion_months_eu, s.coercion_months[kEu]);
  set(Outcome::coercion_months_turkey, s.coercion_months[kTurkey]);
  set(Outcome::russian_route_share, 1.0 - std::min(s.alt_capacity_mt, s.exports_mt) / s.exports_mt);
  set(Outcome::alt_capacity_mt, s.alt_capacity_mt);
  set(Outcome::disruption_months, s.disruption_months);
  set(Outcome::revenue_loss_bn, s.revenue_loss_bn);
  set(Outcome::sanctions_compliance, s.compliance);
  set(Outcome::russia_displeasure_mean, s.month > 0 ? s.displeasure_sum / s.month : s.displeasure[kRussia]);
  set(Outcome::recession_months, s.recession_months);
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
