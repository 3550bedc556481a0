#include "explain/explain.h"

#include <cmath>
#include <cstdio>
#include <functional>

#include "engine/batch.h"
#include "io/writers.h"
#include "model/model.h"

namespace mv {

using rules::PowerArray;

namespace {

constexpr std::array<const char*, kNumPowers> kPowerNames = {"Russia", "China", "the EU", "Turkey"};

std::string pct(double x) {
  char b[32];
  std::snprintf(b, sizeof b, "%.0f%%", 100.0 * x);
  return b;
}
std::string num(double x, int digits = 2) {
  char b[32];
  std::snprintf(b, sizeof b, "%.*f", digits, x);
  return b;
}

/// Replays replicate `run` of the batch with master seed `seed`, calling `on_step` after each
/// month with the state before and the model after.
void replay(
    const Scenario& sc, const ExplainOptions& opt,
    const std::function<void(const State& before, const Model& after, const ParamValues& pv)>& on_step) {
  const uint64_t rs = replicate_seed(opt.seed, static_cast<uint64_t>(opt.run));
  const ParamValues pv = sample_parameters(sc, rs);
  const ParamValues calibration = sample_calibration(sc, rs);
  Model m(pv, sc.mechanisms, sc.events, sc.run.steps(), rs, static_cast<int>(sc.run.citizens), &calibration);
  while (!m.finished()) {
    const State before = m.state();
    m.step();
    on_step(before, m, pv);
  }
}

// What a power's move means, in IR terms.
std::string describe_move(int pw, Move move, const State& s) {
  const std::string who = kPowerNames[pw];
  switch (move) {
    case Move::idle:
      return {};
    case Move::engage:
      return who + " engaged (investment, trade deal): economic statecraft raises its pull";
    case Move::coerce:
      if (pw == 0 && s.pipeline_move)
        return "weaponized interdependence: Russia suspended oil flows through its pipelines";
      if (pw == 0) return "Russia coerced through propaganda aimed at the north (media pressure)";
      return who + " coerced (pressure on trade and finance)";
    case Move::guarantee:
      return pw == 0 ? "Russia reaffirmed its security role (CSTO): regime security"
                     : "credible commitment: " + who + " pledged Kazakhstan's territorial integrity";
    case Move::demand:
      return pw == 2 ? "the EU pressed for sanctions compliance (threat of secondary sanctions)"
                     : who + " made a political demand";
  }
  return {};
}

}  // namespace

std::string explain_text(const Scenario& sc, const ExplainOptions& opt) {
  std::string out;
  const uint64_t rs = replicate_seed(opt.seed, static_cast<uint64_t>(opt.run));
  out += "Scenario '" + sc.name + "', replicate " + std::to_string(opt.run) + " of the batch with seed " +
         std::to_string(opt.seed) + " (replicate seed " + std::to_string(rs) + ", " +
         std::to_string(sc.run.citizens) + " citizens).\n";
  out += "Alignment shares are Russia / China / EU / Turkey.\n";
  out += "How the powers choose: each month a power weighs its options by expected utility against doing "
         "nothing (utility 0) and picks one by a noisy best response (a logit rule): a better option is more "
         "likely, but not certain, so now and then a power takes a move worth less than doing nothing, "
         "most often when the options are close.\n";
  if (!opt.verbose)
    out += "Only the months in which something happened are shown, with a line each December; --verbose "
           "shows every month.\n";
  replay(sc, opt, [&](const State& b, const Model& m, const ParamValues& pv) {
    if (b.month < opt.from || b.month > opt.to) return;
    const State& s = m.state();
    const YearMonth date = sc.run.start.plus(b.month);
    std::vector<std::string> lines;
    bool notable = false;  // something happened beyond the monthly drift
    for (size_t i = s.events_begin; i < s.events_end; ++i) {
      const Event& e = sc.events[i];
      std::string line = "event: " + std::string(kActorNames[static_cast<int>(e.actor)]) + " " +
                         std::string(spec(e.action).name) + " (" + std::string(spec(e.action).description) +
                         ")";
      if (!e.source.empty()) line += " [" + e.source + "]";
      lines.push_back(line);
      notable = true;
    }
    for (int pw = 0; pw < kNumPowers; ++pw) {
      const Move mv = s.last_move[pw];
      if (mv == Move::idle) continue;
      const auto& u = s.move_utility[pw];
      const double gain = u[static_cast<int>(mv)];
      lines.push_back(describe_move(pw, mv, s) +
                      (gain >= 0 ? " (expected utility " + num(gain) + ", better than doing nothing)"
                                 : " (expected utility " + num(gain) +
                                       ", worse than doing nothing: a noisy best response takes such a move now "
                                       "and then)"));
      // Engagement is routine; coercion, guarantees and demands are what a reader looks for.
      if (mv != Move::engage) notable = true;
    }
    if (s.disruption_months > b.disruption_months) {
      const double exposure = 1.0 - std::min(b.alt_capacity_mt, b.exports_mt) / b.exports_mt;
      // A halt by Russia is weaponized interdependence; one by a third party or an accident is not.
      const std::string cause = s.halted_by == 0 ? "weaponized interdependence: "
                                                     : "disruption by a third party or accident (nobody's coercion): ";
      notable = true;
      lines.push_back(cause + pct(s.suspension.level) + " of the Russian-route oil flow halted; Russian-route exposure " +
                      pct(exposure) + ", revenue lost this month $" + num(s.revenue_loss_bn - b.revenue_loss_bn) +
                      "bn");
    }
    if (std::floor(s.alt_capacity_mt) > std::floor(b.alt_capacity_mt)) notable = true;  // a whole Mt/yr more
    if (s.alt_capacity_mt > b.alt_capacity_mt + 0.05)
      lines.push_back("diversification: alternative export capacity " + num(b.alt_capacity_mt, 1) + " -> " +
                      num(s.alt_capacity_mt, 1) + " Mt/yr as earlier corridor investment comes on line");
    // Kazakhstan: which term of its valuation moved most, and what that means.
    const ValueTerms& t = s.value_terms;
    const ValueTerms& t0 = b.value_terms;
    struct Term {
      const char* concept_name;
      PowerArray delta;
    };
    const Term terms[] = {
        {"economic ties", t.economic - t0.economic},
        {"security ties and guarantees (credible commitments)", t.security - t0.security},
        {"response to coercion (bandwagoning if positive, balancing if negative)", t.coercion - t0.coercion},
        {"anticipated Russian coercion (Russia's attention and displeasure)",
         t.anticipation - t0.anticipation},
        {"domestic opinion and unrest (two-level game)", t.domestic - t0.domestic},
        {"a demand for an exclusive choice", t.exclusive - t0.exclusive}};
    const Term* top = nullptr;
    int top_power = 0;
    double top_size = 0;
    for (const auto& term : terms)
      for (int pw = 0; pw < kNumPowers; ++pw)
        if (std::abs(term.delta[pw]) > top_size) {
          top_size = std::abs(term.delta[pw]);
          top = &term;
          top_power = pw;
        }
    const double moved = 0.5 * (s.alignment - b.alignment).abs().sum();
    std::string k = "Kazakhstan: alignment " + num(b.alignment[0]) + "/" + num(b.alignment[1]) + "/" +
                    num(b.alignment[2]) + "/" + num(b.alignment[3]) + " -> " + num(s.alignment[0]) + "/" +
                    num(s.alignment[1]) + "/" + num(s.alignment[2]) + "/" + num(s.alignment[3]);
    if (moved > 1e-4) {
      const double cap = pv[Param::max_alignment_step];
      k += moved >= cap - 1e-9 && sc.mechanisms(Mechanism::bounded_moves)
               ? (sc.mechanisms(Mechanism::hedging)
                      ? " (recalibration at its monthly limit, not rupture; hedging keeps it multi-vector)"
                      : " (recalibration at its monthly limit, not rupture; without hedging it leans to its best partner)")
               : (sc.mechanisms(Mechanism::hedging) ? " (hedging toward its preferred balance)"
                                                    : " (toward its single best partner: hedging is off)");
    }
    if (top && top_size > 0.005)
      k += "; biggest change in its calculus: " + std::string(top->concept_name) + " toward " +
           kPowerNames[top_power] + " (" + (top->delta[top_power] > 0 ? "+" : "") +
           num(top->delta[top_power], 3) + ")";
    lines.push_back(k);
    if (s.compliance - b.compliance > 0.01)
      lines.push_back("secondary sanctions: compliance " + pct(b.compliance) + " -> " + pct(s.compliance));
    std::string society = "society: " + pct(s.unrest) + " protesting, opinion of Russia " +
                          num(s.opinion_russia) + ", of the West " + num(s.opinion_west) +
                          ", northern separatist sentiment " + pct(s.separatism);
    if (s.unrest_episodes > b.unrest_episodes) {
      society += " — threshold cascade: mass unrest";
      notable = true;
    }
    if (s.propaganda.months_left > 0)
      society += " — propaganda polarises (ethnic gap " + num(s.polarisation) + ")";
    lines.push_back(society);
    if (s.crises > b.crises) {
      lines.push_back("crisis: international tension " + num(s.tension) + " boiled over");
      notable = true;
    }
    if (s.intervention && !b.intervention) {
      lines.push_back("Russian 'protection' intervention in the north");
      notable = true;
    }
    if (s.csto_exit && !b.csto_exit) {
      lines.push_back("Kazakhstan left the CSTO");
      notable = true;
    }
    if (!opt.verbose && !notable) {
      if (date.month != 12) return;
      // A quiet December: one line on where things stand.
      out += "\n" + date.to_string() + " (quiet month; year-end)\n  alignment " + num(s.alignment[0]) + "/" +
             num(s.alignment[1]) + "/" + num(s.alignment[2]) + "/" + num(s.alignment[3]) + ", " + pct(s.unrest) +
             " protesting\n";
      return;
    }
    out += "\n" + date.to_string() + "\n";
    for (const auto& l : lines) out += "  " + l + "\n";
  });
  return out;
}

std::string explain_csv(const Scenario& sc, const ExplainOptions& opt) {
  std::string out = "step,date,align_russia,align_china,align_eu,align_turkey";
  for (const char* p : {"russia", "china", "eu", "turkey"}) out += std::string(",move_") + p;
  out +=
      ",pipeline_halted,russian_route_share,alt_capacity_mt,revenue_loss_bn,sanctions_compliance,legitimacy,"
      "hardship,unrest,opinion_russia,opinion_west,separatist_sentiment,polarisation,tension,crises";
  for (const char* term : {"economic", "security", "coercion", "anticipation", "domestic", "exclusive"})
    for (const char* p : {"russia", "china", "eu", "turkey"}) out += std::string(",value_") + term + "_" + p;
  out += "\r\n";
  replay(sc, opt, [&](const State& b, const Model& m, const ParamValues&) {
    if (b.month < opt.from || b.month > opt.to) return;
    const State& s = m.state();
    std::array<double, kNumSeries> row;
    m.record(row);
    out += std::to_string(b.month) + "," + sc.run.start.plus(b.month).to_string();
    for (int pw = 0; pw < kNumPowers; ++pw) out += "," + csv_number(s.alignment[pw]);
    for (int pw = 0; pw < kNumPowers; ++pw)
      out += "," + std::string(kMoveNames[static_cast<int>(s.last_move[pw])]);
    out += "," + csv_number(s.suspension.active_level()) + "," +
           csv_number(row[static_cast<int>(Series::russian_route_share)]) + "," +
           csv_number(s.alt_capacity_mt) + "," + csv_number(s.revenue_loss_bn) + "," +
           csv_number(s.compliance) + "," + csv_number(s.legitimacy) + "," + csv_number(s.hardship) + "," +
           csv_number(s.unrest) + "," + csv_number(s.opinion_russia) + "," + csv_number(s.opinion_west) +
           "," + csv_number(s.separatism) + "," + csv_number(s.polarisation) + "," + csv_number(s.tension) +
           "," + std::to_string(s.crises);
    const ValueTerms& t = s.value_terms;
    for (const PowerArray* a :
         {&t.economic, &t.security, &t.coercion, &t.anticipation, &t.domestic, &t.exclusive})
      for (int pw = 0; pw < kNumPowers; ++pw) out += "," + csv_number((*a)[pw]);
    out += "\r\n";
  });
  return out;
}

ExplainTrace explain_trace(const Scenario& sc, const ExplainOptions& opt) {
  ExplainTrace tr;
  tr.series.assign(kNumSeries, {});
  replay(sc, opt, [&](const State& b, const Model& m, const ParamValues&) {
    if (b.month < opt.from || b.month > opt.to) return;
    const State& s = m.state();
    const int at = static_cast<int>(tr.dates.size());
    tr.dates.push_back(sc.run.start.plus(b.month).to_string());
    std::array<double, kNumSeries> row;
    m.record(row);
    for (int k = 0; k < kNumSeries; ++k) tr.series[k].push_back(row[k]);
    for (size_t i = s.events_begin; i < s.events_end; ++i) {
      const Event& e = sc.events[i];
      tr.events.push_back({at, -1,
                           std::string(kActorNames[static_cast<int>(e.actor)]) + " " +
                               std::string(spec(e.action).name) + " (" + e.id + ")"});
    }
    for (int pw = 0; pw < kNumPowers; ++pw)
      if (s.last_move[pw] != Move::idle)
        tr.moves.push_back({at, pw, std::string(kMoveNames[static_cast<int>(s.last_move[pw])])});
  });
  return tr;
}

}  // namespace mv
