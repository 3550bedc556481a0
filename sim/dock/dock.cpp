#include "dock/dock.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.h"
#include "core/suggest.h"
#include "model/rules.h"
#include "scenario/distribution.h"

namespace mv::dock {

double granovetter_cascade(int n, double mean, double sd, Rng& rng) {
  // Thresholds as shares of the population that must already participate (Granovetter 1978,
  // normally distributed thresholds). Participation r follows r <- F(r) from r = 0 until it
  // stops changing: the equilibrium of the cascade.
  std::vector<double> t(static_cast<size_t>(n));
  for (double& x : t) x = mean + sd * rng.normal();
  std::sort(t.begin(), t.end());
  int joined = 0;
  for (;;) {
    const double r = static_cast<double>(joined) / n;
    int next = static_cast<int>(std::upper_bound(t.begin(), t.end(), r) - t.begin());
    if (next <= joined) break;
    joined = next;
  }
  return static_cast<double>(joined) / n;
}

Clusters deffuant_clusters(int n, double eps, double mu, int64_t meetings, Rng& rng) {
  std::vector<double> o(static_cast<size_t>(n));
  for (double& x : o) x = rng.uniform();
  for (int64_t m = 0; m < meetings; ++m) {
    const int i = static_cast<int>(rng.uniform() * n);
    int j = static_cast<int>(rng.uniform() * (n - 1));
    if (j >= i) ++j;
    rules::deffuant_update(o[i], o[j], eps, mu);  // the same rule the citizen layer uses
  }
  std::sort(o.begin(), o.end());
  // Clusters: runs of sorted opinions separated by gaps wider than eps/2 (after convergence a
  // cluster's members are nearly equal, and groups closer than eps would still merge).
  Clusters c{0, 0};
  size_t start = 0;
  for (size_t i = 1; i <= o.size(); ++i) {
    if (i == o.size() || o[i] - o[i - 1] > 0.5 * eps) {
      ++c.all;
      if (static_cast<double>(i - start) >= 0.05 * n) ++c.major;
      start = i;
    }
  }
  return c;
}

void epstein_neighbourhood(int cell, int width, int height, int vision, bool moore, std::vector<int>& out) {
  const int w = width, h = height;
  auto cell_at = [&](int dx, int dy) {  // dx, dy may exceed the torus: wrap as often as needed
    const int x = ((cell % w + dx) % w + w) % w, y = ((cell / w + dy) % h + h) % h;
    return y * w + x;
  };
  out.clear();
  if (moore) {
    for (int dy = -vision; dy <= vision; ++dy)
      for (int dx = -vision; dx <= vision; ++dx)
        if (dx != 0 || dy != 0) out.push_back(cell_at(dx, dy));
  } else {
    for (int d = 1; d <= vision; ++d)
      for (auto [dx, dy] : {std::pair{d, 0}, std::pair{-d, 0}, std::pair{0, d}, std::pair{0, -d}})
        out.push_back(cell_at(dx, dy));
  }
  // A vision that reaches around the torus meets sites twice, or the agent's own: keep the
  // first sighting of each other site (the order, and so every draw, is unchanged otherwise).
  if (2 * vision + 1 > std::min(w, h)) {
    std::vector<int> unique;
    for (int c : out)
      if (c != cell && std::find(unique.begin(), unique.end(), c) == unique.end()) unique.push_back(c);
    out = std::move(unique);
  }
}

EpsteinResult epstein_civil_violence(const EpsteinParams& p, Rng& rng) {
  const int w = p.width, h = p.height, cells = w * h;
  enum Kind : int8_t { kEmpty = 0, kCitizen = 1, kCop = 2 };
  std::vector<int> occupant(static_cast<size_t>(cells), -1);  // agent index on the cell
  struct Agent {
    Kind kind;
    int cell;
    double hardship, risk_aversion;
    bool active = false;
    int jail = 0;  // months left in jail; jailed agents are off the grid
  };
  std::vector<Agent> agents;
  std::vector<int> order(static_cast<size_t>(cells));
  std::iota(order.begin(), order.end(), 0);
  for (int i = cells - 1; i > 0; --i) std::swap(order[i], order[static_cast<int>(rng.uniform() * (i + 1))]);
  const int cops = static_cast<int>(std::lround(p.cop_density * cells));
  const int citizens = static_cast<int>(std::lround(p.citizen_density * cells));
  for (int k = 0; k < cops + citizens && k < cells; ++k) {
    Agent a{k < cops ? kCop : kCitizen, order[k], rng.uniform(), rng.uniform()};
    occupant[order[k]] = static_cast<int>(agents.size());
    agents.push_back(a);
  }
  std::vector<int> seen;
  auto look = [&](int cell) { epstein_neighbourhood(cell, w, h, p.vision, p.moore, seen); };
  EpsteinResult res{};
  std::vector<int> idx(agents.size());
  std::iota(idx.begin(), idx.end(), 0);
  bool in_burst = false;
  for (int t = 0; t < p.ticks; ++t) {
    for (size_t i = idx.size() - 1; i > 0; --i)
      std::swap(idx[i], idx[static_cast<size_t>(rng.uniform() * (i + 1))]);
    for (int ai : idx) {
      Agent& a = agents[ai];
      if (a.jail > 0) {
        if (--a.jail > 0) continue;
        // Released: back on a random empty cell (or wait another tick if none is free).
        int tries = 0, c = -1;
        while (tries++ < 50) {
          const int cand = static_cast<int>(rng.uniform() * cells);
          if (occupant[cand] < 0) {
            c = cand;
            break;
          }
        }
        if (c < 0) {
          a.jail = 1;
          continue;
        }
        a.cell = c;
        occupant[c] = ai;
      }
      // Rule M: move to a random empty site within vision.
      look(a.cell);
      std::vector<int> empty;
      for (int c : seen)
        if (occupant[c] < 0) empty.push_back(c);
      if (!empty.empty()) {
        const int dest = empty[static_cast<size_t>(rng.uniform() * empty.size())];
        occupant[a.cell] = -1;
        a.cell = dest;
        occupant[dest] = ai;
        look(a.cell);
      }
      if (a.kind == kCitizen) {
        // Rule A: G = H(1 - L); P = 1 - exp(-k C/A), A counting oneself as active (NetLogo floors
        // the ratio, Mesa rounds it: ratio_rounding);
        // active if G - R P > T.
        int c = 0, act = 1;
        for (int cell : seen) {
          const int o = occupant[cell];
          if (o < 0) continue;
          if (agents[o].kind == kCop)
            ++c;
          else if (agents[o].active)
            ++act;
        }
        const double g = rules::grievance(a.hardship, p.legitimacy);
        double ratio = static_cast<double>(c) / act;
        if (p.ratio_rounding == 1) ratio = std::floor(ratio);
        if (p.ratio_rounding == 2) ratio = std::round(ratio);
        const double prob = 1.0 - std::exp(-p.k * ratio);
        a.active = g - a.risk_aversion * prob > p.threshold;
      } else {
        // Rule C: arrest a random active citizen within vision.
        std::vector<int> targets;
        for (int cell : seen) {
          const int o = occupant[cell];
          if (o >= 0 && agents[o].kind == kCitizen && agents[o].active) targets.push_back(o);
        }
        if (!targets.empty()) {
          Agent& v = agents[targets[static_cast<size_t>(rng.uniform() * targets.size())]];
          occupant[v.cell] = -1;
          v.active = false;
          v.jail = 1 + static_cast<int>(rng.uniform() * p.max_jail);  // 1 .. J_max ticks
          // the cop moves to the arrestee's site
          occupant[a.cell] = -1;
          a.cell = v.cell;
          occupant[a.cell] = ai;
        }
      }
    }
    int active = 0, jailed = 0;
    for (const auto& a : agents) {
      if (a.kind != kCitizen) continue;
      if (a.jail > 0)
        ++jailed;
      else if (a.active)
        ++active;
    }
    res.active_series.push_back(active);
    const bool burst = active >= p.burst_level;
    if (burst && !in_burst) ++res.bursts;
    in_burst = burst;
    res.final_jailed = jailed;
  }
  std::vector<int> sorted = res.active_series;
  std::sort(sorted.begin(), sorted.end());
  res.peak_active = sorted.empty() ? 0 : sorted.back();
  res.median_active = sorted.empty() ? 0 : sorted[sorted.size() / 2];
  res.mean_active = sorted.empty() ? 0 : std::accumulate(sorted.begin(), sorted.end(), 0.0) / sorted.size();
  return res;
}

namespace {
double get(const Values& v, const char* k) {
  return v.at(k);
}
}  // namespace

const std::vector<Submodel>& submodels() {
  static const std::vector<Submodel> all = {
      {"granovetter",
       "threshold cascade: final participation",
       "Granovetter (1978), Am. J. Sociology 83(6)",
       {{"n", 1000, 10, 1e7, "number of agents", true},
        {"mean", 0.25, -1, 2, "mean threshold (share already participating)"},
        {"sd", 0.1, 0, 2, "standard deviation of thresholds"}},
       [](const Values& v, Rng& rng) {
         return Row{{"participation",
                     granovetter_cascade(static_cast<int>(get(v, "n")), get(v, "mean"), get(v, "sd"), rng)}};
       }},
      {"deffuant",
       "bounded-confidence opinions: number of clusters",
       "Deffuant, Neau, Amblard & Weisbuch (2000), Adv. Complex Syst. 3",
       {{"n", 1000, 2, 1e7, "number of agents", true},
        {"epsilon", 0.2, 0, 1, "confidence bound"},
        {"mu", 0.5, 0, 0.5, "convergence parameter"},
        {"meetings", 200000, 1, 1e10, "random pairwise meetings", true}},
       [](const Values& v, Rng& rng) {
         const Clusters c = deffuant_clusters(static_cast<int>(get(v, "n")), get(v, "epsilon"), get(v, "mu"),
                                              static_cast<int64_t>(get(v, "meetings")), rng);
         return Row{{"clusters", c.all}, {"major_clusters", c.major}};
       }},
      {"epstein",
       "civil violence Model I: bursts of rebellion",
       "Epstein (2002), PNAS 99(suppl 3)",
       {{"width", 40, 5, 1000, "torus width", true},
        {"height", 40, 5, 1000, "torus height", true},
        {"citizen_density", 0.7, 0, 1, "share of sites with a citizen"},
        {"cop_density", 0.074, 0, 1, "share of sites with a cop"},
        {"vision", 7, 1, 100, "lattice positions seen north, south, east and west", true},
        {"moore", 0, 0, 1, "1: see the whole square of radius vision (as NetLogo and Mesa do)", true},
        {"ratio_rounding", 0, 0, 2,
         "cops/actives ratio: 0 as is (Epstein 2002), 1 floor (NetLogo), 2 round (Mesa)", true},
        {"legitimacy", 0.8, 0, 1, "government legitimacy L"},
        {"threshold", 0.1, 0, 1, "activation threshold T"},
        {"k", 2.3, 0, 100, "arrest probability constant"},
        {"max_jail", 1000, 0, 1e6, "maximum jail term J_max", true},
        {"ticks", 500, 1, 1e6, "ticks to run", true},
        {"burst_level", 20, 1, 1e6, "active citizens that mark an outburst", true}},
       [](const Values& v, Rng& rng) {
         EpsteinParams p;
         p.width = static_cast<int>(get(v, "width"));
         p.height = static_cast<int>(get(v, "height"));
         p.citizen_density = get(v, "citizen_density");
         p.cop_density = get(v, "cop_density");
         p.vision = static_cast<int>(get(v, "vision"));
         p.moore = get(v, "moore") > 0.5;
         p.ratio_rounding = static_cast<int>(get(v, "ratio_rounding"));
         p.legitimacy = get(v, "legitimacy");
         p.threshold = get(v, "threshold");
         p.k = get(v, "k");
         p.max_jail = static_cast<int>(get(v, "max_jail"));
         p.ticks = static_cast<int>(get(v, "ticks"));
         p.burst_level = static_cast<int>(get(v, "burst_level"));
         if (p.citizen_density + p.cop_density > 1)
           throw UsageError("citizen_density + cop_density exceeds 1; expected at most one agent per site");
         const EpsteinResult r = epstein_civil_violence(p, rng);
         return Row{{"bursts", r.bursts},
                    {"peak_active", r.peak_active},
                    {"mean_active", r.mean_active},
                    {"median_active", r.median_active},
                    {"final_jailed", r.final_jailed}};
       }},
      {"logit",
       "noisy (quantal response) choice among three options: simulated vs closed-form shares",
       "McKelvey & Palfrey (1995), Games Econ. Behav. 10(1)",
       {{"u1", 0.0, -100, 100, "utility of option 1"},
        {"u2", 0.5, -100, 100, "utility of option 2"},
        {"u3", 1.0, -100, 100, "utility of option 3"},
        {"lambda", 2.0, 0, 1000, "precision"},
        {"draws", 10000, 1, 1e9, "choices drawn", true}},
       [](const Values& v, Rng& rng) {
         const double u[3] = {get(v, "u1"), get(v, "u2"), get(v, "u3")};
         double closed[3];
         rules::logit_probabilities(u, get(v, "lambda"), closed);
         int count[3] = {0, 0, 0};
         const int64_t draws = static_cast<int64_t>(get(v, "draws"));
         for (int64_t d = 0; d < draws; ++d) ++count[rules::logit_choice(u, get(v, "lambda"), rng.uniform())];
         Row row;
         for (int k = 0; k < 3; ++k) {
           row.push_back({"share" + std::to_string(k + 1), static_cast<double>(count[k]) / draws});
           row.push_back({"expected" + std::to_string(k + 1), closed[k]});
         }
         return row;
       }},
  };
  return all;
}

const Submodel* find_submodel(const std::string& name) {
  for (const auto& m : submodels())
    if (m.name == name) return &m;
  return nullptr;
}

Values resolve(const Submodel& m, const std::map<std::string, double>& given) {
  Values v;
  std::vector<std::string> names;
  for (const auto& p : m.params) {
    v[p.name] = p.default_value;
    names.push_back(p.name);
  }
  for (const auto& [name, x] : given) {
    const std::string& k = name;  // a plain reference: lambdas may not capture bindings (clang 14)
    const auto it =
        std::find_if(m.params.begin(), m.params.end(), [&](const DockParam& p) { return p.name == k; });
    if (it == m.params.end()) {
      const std::string hint = closest_match(k, names);
      throw UsageError("unknown parameter '--" + k + "' for dock " + m.name + "; expected one of " +
                       join(names) + (hint.empty() ? "" : " (did you mean '--" + hint + "'?)"));
    }
    if (x < it->lower || x > it->upper)
      throw UsageError("--" + k + " " + format_double(x) + " is out of range; expected a value in [" +
                       format_double(it->lower) + ", " + format_double(it->upper) + "]");
    if (it->integer && x != std::floor(x))
      throw UsageError("--" + k + " " + format_double(x) +
                       " is not a whole number; expected an integer in [" + format_double(it->lower) + ", " +
                       format_double(it->upper) + "]");
    v[k] = x;
  }
  return v;
}

}  // namespace mv::dock
