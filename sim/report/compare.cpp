#include "report/compare.h"

#include <algorithm>
#include <utility>

#include "core/suggest.h"

namespace mv {

namespace {

std::string dates_of(const RunSettings& r) {
  return r.start.to_string() + " to " + r.horizon.to_string();
}

/// An event as one line: when, who, what, how strongly and for how long.
std::string describe(const Event& e) {
  return e.date.to_string() + " " + std::string(kActorNames[static_cast<int>(e.actor)]) + " " +
         std::string(spec(e.action).name) + " magnitude " + format_double(e.magnitude) + " for " +
         std::to_string(e.duration_months) + (e.duration_months == 1 ? " month" : " months");
}

/// The events of a scenario by id, in timeline order (an id given twice lists both, joined).
std::vector<std::pair<std::string, std::string>> events_by_id(const Scenario& sc) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : sc.events) {
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == e.id; });
    if (it == out.end())
      out.emplace_back(e.id, describe(e));
    else
      it->second += "; " + describe(e);
  }
  return out;
}

const std::string* find_event(const std::vector<std::pair<std::string, std::string>>& events,
                              const std::string& id) {
  for (const auto& [k, v] : events)
    if (k == id) return &v;
  return nullptr;
}

}  // namespace

Comparability check_comparable(const BatchIdentity& a, const BatchIdentity& b) {
  Comparability c;
  const auto differs = [&](const std::string& what, const std::string& x, const std::string& y,
                           const std::string& consequence) {
    if (x != y)
      c.warnings.push_back("the batches differ in " + what + " (" + a.name + ": " + x + ", " + b.name + ": " +
                           y + "); " + consequence);
  };
  differs("master seed", std::to_string(a.seed), std::to_string(b.seed),
          "their replicates do not share random numbers, so no paired differences are shown");
  differs("replicates", std::to_string(a.runs), std::to_string(b.runs),
          "their replicates do not pair one to one, so no paired differences are shown");
  differs("citizens per replicate", std::to_string(a.scenario.run.citizens),
          std::to_string(b.scenario.run.citizens),
          "a difference mixes the scenario's effect with the population's size");
  differs("dates", dates_of(a.scenario.run), dates_of(b.scenario.run),
          "outcomes at the horizon are not measured at the same date");
  differs("multivector version", a.version, b.version,
          "a difference may come from the code, not the scenario");
  c.paired = a.seed == b.seed && a.runs == b.runs && !a.replicate_seeds.empty() &&
             a.replicate_seeds == b.replicate_seeds;
  if (!c.paired && a.seed == b.seed && a.runs == b.runs)
    c.warnings.push_back("the replicate seeds in runs.csv of " + a.name + " and " + b.name +
                         " do not match row by row, so no paired differences are shown");
  return c;
}

std::vector<Change> what_changed(const BatchIdentity& a, const BatchIdentity& b) {
  std::vector<Change> out;
  const auto add = [&](const char* kind, const std::string& name, const std::string& x,
                       const std::string& y) {
    if (x != y) out.push_back({kind, name, x, y});
  };
  const RunSettings &ra = a.scenario.run, &rb = b.scenario.run;
  add("run", "seed", std::to_string(a.seed), std::to_string(b.seed));
  add("run", "runs", std::to_string(a.runs), std::to_string(b.runs));
  add("run", "citizens", std::to_string(ra.citizens), std::to_string(rb.citizens));
  add("run", "start", ra.start.to_string(), rb.start.to_string());
  add("run", "horizon", ra.horizon.to_string(), rb.horizon.to_string());
  for (int i = 0; i < kNumParams; ++i) {
    const Distribution &da = a.scenario.params[i].dist, &db = b.scenario.params[i].dist;
    if (da.toml_fields() != db.toml_fields())
      out.push_back({"parameter", std::string(kParameters[i].name), da.describe(), db.describe()});
  }
  const auto ea = events_by_id(a.scenario), eb = events_by_id(b.scenario);
  for (const auto& [id, text] : ea) {
    const std::string* other = find_event(eb, id);
    add("event", id, text, other ? *other : std::string());
  }
  for (const auto& [id, text] : eb)
    if (!find_event(ea, id)) add("event", id, std::string(), text);
  for (int i = 0; i < kNumMechanisms; ++i)
    add("mechanism", std::string(kMechanisms[i].name), a.scenario.mechanisms.on[i] ? "on" : "off",
        b.scenario.mechanisms.on[i] ? "on" : "off");
  add("lens", "lenses", join(a.lenses), join(b.lenses));
  return out;
}

}  // namespace mv
