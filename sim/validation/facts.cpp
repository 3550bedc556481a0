#include "validation/facts.h"

#include <cmath>
#include <functional>

#include "scenario/distribution.h"
#include "stats/summary.h"

namespace mv {

Event scripted_event(const Scenario& sc, const char* date, Actor who, Action what, double magnitude, int months) {
  Event e;
  e.id = std::string("fact_") + std::string(spec(what).name);
  e.date = *parse_year_month(date);
  e.step = e.date.index() - sc.run.start.index();
  e.actor = who;
  e.action = what;
  e.magnitude = magnitude;
  e.duration_months = months;
  e.source = "validation test";
  return e;
}

void add_event(Scenario& sc, Event e) {
  sc.events.push_back(std::move(e));
  std::stable_sort(sc.events.begin(), sc.events.end(),
                   [](const Event& a, const Event& b) { return a.step < b.step; });
}

namespace {

void fix(Scenario& sc, Param p, double value) {
  sc.params[static_cast<int>(p)].dist = Distribution::fixed_at(value);
}

void drop(Scenario& sc, const char* id) {
  std::erase_if(sc.events, [&](const Event& e) { return e.id == id; });
}

std::vector<double> column(const BatchResult& r, Outcome k) {
  std::vector<double> v(r.outcomes.size());
  for (size_t i = 0; i < v.size(); ++i) v[i] = r.outcomes[i][static_cast<int>(k)];
  return v;
}

struct Comparison {
  int number;
  std::string statement, label_a, label_b;
  std::function<void(Scenario&)> make_a, make_b;
  std::vector<std::pair<Outcome, int>> outcomes;  // outcome and expected sign of (B - A)
};

}  // namespace

std::vector<FactResult> evaluate_facts(const Scenario& base_in, const FactOptions& opt) {
  Scenario base = base_in;
  base.run.citizens = opt.citizens;
  const auto none = [](Scenario&) {};
  const std::vector<Comparison> comparisons = {
      {1,
       "Baseline 2022 onward: Kazakhstan diversifies gradually; Russia's share falls but no rupture.",
       "alignment with Russia in January 2022",
       "baseline at the horizon",
       none,
       none,
       {{Outcome::align_russia, -1}}},
      {2,
       "Pipeline coercion speeds investment in alternative routes; Russian-route exposure falls faster.",
       "baseline",
       "six-month CPC suspension from 2023-01",
       none,
       [&](Scenario& s) {
         add_event(s, scripted_event(s, "2023-01", Actor::russia, Action::pipeline_suspension, 0.8, 6));
       },
       {{Outcome::alt_capacity_mt, +1}, {Outcome::russian_route_share, -1}}},
      {3,
       "Territorial guarantees (China, Turkey) blunt Russian pressure; without them Kazakhstan accommodates "
       "Russia more.",
       "Russian pressure with the Chinese and Turkish guarantees",
       "the same pressure without them",
       [&](Scenario& s) {
         add_event(s, scripted_event(s, "2023-01", Actor::russia, Action::military_signalling, 1.0, 24));
       },
       [&](Scenario& s) {
         add_event(s, scripted_event(s, "2023-01", Actor::russia, Action::military_signalling, 1.0, 24));
         drop(s, "xi_territorial_integrity_pledge");
         drop(s, "turkey_intelligence_agreement");
         add_event(s, scripted_event(s, "2022-01", Actor::china, Action::withdraw_guarantee, 1.0, 1));
         Event t = scripted_event(s, "2022-01", Actor::turkey, Action::withdraw_guarantee, 1.0, 1);
         t.id = "fact_withdraw_turkey";
         add_event(s, t);
       },
       {{Outcome::align_russia, +1}}},
      {4,
       "Forcing an exclusive choice raises instability and conflict risk.",
       "baseline",
       "the EU demands an exclusive choice, 2023-01 for 24 months",
       none,
       [&](Scenario& s) { add_event(s, scripted_event(s, "2023-01", Actor::eu, Action::exclusive_choice, 1.0, 24)); },
       {{Outcome::crises, +1}, {Outcome::polarisation, +1}}},
      {5,
       "The more Russia is distracted, the more room Kazakhstan has.",
       "Russia's wartime attention 0.8",
       "Russia's wartime attention 0.2",
       [&](Scenario& s) { fix(s, Param::russia_attention, 0.8); },
       [&](Scenario& s) { fix(s, Param::russia_attention, 0.2); },
       {{Outcome::align_russia, -1}}},
      {6,
       "A credible threat of secondary sanctions raises compliance, and Russia's displeasure.",
       "baseline",
       "secondary-sanctions threat from 2023-01 to the horizon",
       none,
       [&](Scenario& s) {
         add_event(s, scripted_event(s, "2023-01", Actor::eu, Action::secondary_sanctions_threat, 0.4, 96));
       },
       {{Outcome::sanctions_compliance, +1}, {Outcome::russia_displeasure_mean, +1}}},
      {7,
       "Propaganda moves opinion mostly among ethnic Russians in the north: polarisation.",
       "baseline",
       "Russian propaganda campaign from 2023-01 for 36 months",
       none,
       [&](Scenario& s) {
         add_event(s, scripted_event(s, "2023-01", Actor::russia, Action::propaganda_campaign, 1.0, 36));
       },
       {{Outcome::polarisation, +1}, {Outcome::separatist_sentiment_mean, +1}}},
      {8,
       "Economic hardship raises unrest risk; growth is a bulwark against instability.",
       "trend growth 5%",
       "trend growth 1%",
       [&](Scenario& s) { fix(s, Param::gdp_growth_trend, 0.05); },
       [&](Scenario& s) { fix(s, Param::gdp_growth_trend, 0.01); },
       {{Outcome::unrest_episodes, +1}}},
      {9,
       "A higher value of autonomy yields a more balanced (higher-entropy) alignment.",
       "hedging premium 0.15",
       "hedging premium 0.40",
       [&](Scenario& s) { fix(s, Param::hedging_premium, 0.15); },
       [&](Scenario& s) { fix(s, Param::hedging_premium, 0.40); },
       {{Outcome::balance_index, +1}}},
  };

  BatchOptions bo;
  bo.runs = opt.runs;
  bo.seed = opt.seed;
  bo.threads = opt.threads;
  std::vector<FactResult> out;
  for (const auto& c : comparisons) {
    if (opt.only != 0 && c.number != opt.only) continue;
    Scenario a = base, b = base;
    c.make_a(a);
    c.make_b(b);
    const BatchResult ra = run_batch(a, bo);
    const BatchResult rb = c.number == 1 ? ra : run_batch(b, bo);
    for (const auto& [outcome, sign] : c.outcomes) {
      std::vector<double> va = column(ra, outcome), vb = column(rb, outcome);
      if (c.number == 1)  // the same batch at its first month
        for (int64_t i = 0; i < ra.runs; ++i)
          va[i] = ra.series_at(i, 0, static_cast<int>(Series::align_russia));
      Moments diff;
      for (size_t i = 0; i < va.size(); ++i) diff.add(vb[i] - va[i]);
      const double se = diff.sd() / std::sqrt(static_cast<double>(diff.n));
      const Summary sa = summarize(va), sb = summarize(vb);
      FactResult f{c.number,
                   c.statement,
                   c.label_a + " vs " + c.label_b,
                   c.label_a,
                   c.label_b,
                   std::string(kOutcomes[static_cast<int>(outcome)].name),
                   sign,
                   {sa.mean, sa.q[0], sa.q[2], sa.q[4]},
                   {sb.mean, sb.q[0], sb.q[2], sb.q[4]},
                   diff.mean,
                   se,
                   sign * diff.mean > 3.0 * se};
      if (c.number == 1) {
        // "No rupture": at most 5% of replicates end below a tenth of their starting alignment.
        int ruptures = 0;
        for (size_t i = 0; i < va.size(); ++i) ruptures += vb[i] < 0.1 * va[i];
        f.holds = f.holds && ruptures <= static_cast<int>(0.05 * static_cast<double>(va.size()));
      }
      out.push_back(std::move(f));
    }
  }
  return out;
}

std::string facts_markdown(const std::vector<FactResult>& results, const FactOptions& opt,
                           const Scenario& baseline) {
  auto f = [](double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", x);
    return std::string(buf);
  };
  std::string s;
  s += "# Validation: directions, concepts and levels\n\n";
  s += "Generated by `multivector facts " + baseline.path.string() + " --runs " + std::to_string(opt.runs) +
       " --citizens " + std::to_string(opt.citizens) + " --seed " + std::to_string(opt.seed) +
       (opt.level_citizens > 0 ? " --level-citizens " + std::to_string(opt.level_citizens) : std::string()) +
       "` — do not edit by hand. Three kinds of test (brief, \"Model v2\"): the stylized facts as paired "
       "comparisons (directions), each mechanism switched off (concepts), and the baseline against the "
       "observed 2022-2023 levels.\n\n## Directions: the stylized facts\n\n";
  s += "Each fact compares two batches of " + std::to_string(opt.runs) +
       " replicates that share their seeds (common random numbers), built on `" + baseline.path.string() +
       "` with " + std::to_string(opt.citizens) +
       " citizens. A fact holds when the mean paired difference (B − A) lies in the expected direction by "
       "more "
       "than three standard errors. Distributions are shown as mean and 5%, 50%, 95% quantiles.\n\n";
  s += "| # | fact | outcome | A | A: mean (p05, p50, p95) | B | B: mean (p05, p50, p95) | B − A ± SE | "
       "expected | holds |\n";
  s += "|---|---|---|---|---|---|---|---|---|---|\n";
  int held = 0;
  for (const auto& r : results) {
    held += r.holds;
    s += "| " + std::to_string(r.number) + " | " + r.statement + " | `" + r.outcome + "` | " + r.label_a +
         " | " + f(r.a.mean) + " (" + f(r.a.p05) + ", " + f(r.a.p50) + ", " + f(r.a.p95) + ") | " +
         r.label_b + " | " + f(r.b.mean) + " (" + f(r.b.p05) + ", " + f(r.b.p50) + ", " + f(r.b.p95) +
         ") | " + f(r.mean_difference) + " ± " + f(r.standard_error) + " | " +
         (r.direction > 0 ? "B > A" : "B < A") + " | " + (r.holds ? "yes" : "**no**") + " |\n";
  }
  s += "\n" + std::to_string(held) + " of " + std::to_string(results.size()) + " comparisons hold.\n";
  return s;
}

}  // namespace mv
