// The explorer's window into the library: a small C API that the WebAssembly module exports to
// the page's workers (explorer/worker.js). It knows the shipped scenarios only as files of the
// module's in-memory file system (embedded at build time under /scenarios), so the scenario the
// page runs is loaded by the same loader as `multivector run`, from the same TOML text that the
// page's "Download scenario" writes.
//
// Every call takes and returns text (JSON or TOML, NUL-terminated, valid until the next call);
// a failure returns {"error": "..."} and never throws across the boundary. A batch's numbers stay
// in the module's memory and are read through mv_outcomes/mv_series without copying into JSON.
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/batch.h"
#include "scenario/scenario.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace mv::explorer {
namespace {

const fs::path kScenarioRoot = "/scenarios";
const fs::path kLensRoot = "/scenarios/lenses";
// The composed scenario: written, then loaded back, so the page runs exactly the text it offers.
const fs::path kComposedFile = "/explorer_scenario.toml";

std::string reply;     // the text the last call returned
BatchResult last_run;  // the numbers of the last mv_run

const char* give(std::string text) {
  reply = std::move(text);
  return reply.c_str();
}
const char* give_error(const std::string& message) {
  return give(json{{"error", message}}.dump());
}

/// A TOML string literal (toml++ escapes it as TOML requires).
std::string quoted(const std::string& s) {
  std::ostringstream out;
  out << toml::value<std::string>(s);
  return out.str();
}

/// The shipped scenarios a user may start from: the baseline, then the what-ifs, by file name.
std::vector<fs::path> scenario_files() {
  std::vector<fs::path> files{"baseline.toml"};
  std::vector<fs::path> whatifs;
  for (const auto& entry : fs::directory_iterator(kScenarioRoot / "whatif"))
    if (entry.path().extension() == ".toml") whatifs.push_back("whatif" / entry.path().filename());
  std::sort(whatifs.begin(), whatifs.end());
  files.insert(files.end(), whatifs.begin(), whatifs.end());
  return files;
}

std::vector<std::string> lens_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kLensRoot))
    if (entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

/// The file the page names, checked against the shipped list (no path of the page's choosing).
fs::path shipped_file(const std::string& name) {
  for (const auto& f : scenario_files())
    if (f.generic_string() == name) return kScenarioRoot / f;
  throw Error("unknown scenario '" + name + "'");
}

/// The base scenario of a page state: {"scenario": file, "lens": name or ""}.
Scenario load_base(const json& state) {
  std::vector<fs::path> lenses;
  const std::string lens = state.value("lens", "");
  if (!lens.empty()) {
    const auto names = lens_names();
    if (std::find(names.begin(), names.end(), lens) == names.end()) throw Error("unknown lens '" + lens + "'");
    lenses.push_back(kLensRoot / (lens + ".toml"));
  }
  return load_scenario(shipped_file(state.at("scenario").get<std::string>()), lenses);
}

/// One event of the page's timeline as a TOML [[events]] table.
std::string event_toml(const json& e) {
  std::string s = "\n[[events]]\n";
  s += "id = " + quoted(e.at("id").get<std::string>()) + "\n";
  s += "date = " + quoted(e.at("date").get<std::string>()) + "\n";
  s += "actor = " + quoted(e.at("actor").get<std::string>()) + "\n";
  s += "action = " + quoted(e.at("action").get<std::string>()) + "\n";
  s += "magnitude = " + format_double(e.at("magnitude").get<double>()) + "\n";
  s += "duration = " + std::to_string(e.at("duration").get<int64_t>()) + "\n";
  const std::string source = e.value("source", "");
  if (!source.empty()) s += "source = " + quoted(source) + "\n";
  return s;
}

/// The page state as one self-contained scenario file: the base scenario (with its lens)
/// resolved, the run size and seed, every parameter the user set fixed at its value, the
/// mechanism switches and the whole event timeline. `multivector run` reads it unchanged.
std::string compose(const json& state) {
  Scenario sc = load_base(state);
  const std::string base = state.at("scenario").get<std::string>(), lens = state.value("lens", "");
  sc.name = sc.base_name = "explorer";
  sc.description = "set in the explorer, from " + base + (lens.empty() ? "" : " with lens " + lens);
  sc.run.runs = state.value("runs", sc.run.runs);
  sc.run.citizens = state.value("citizens", sc.run.citizens);
  sc.run.seed = state.value("seed", sc.run.seed);
  const json parameters = state.value("parameters", json::object()), mechanisms = state.value("mechanisms", json::object());
  for (const auto& [name, value] : parameters.items()) {
    const auto p = find_param(name);
    if (!p) throw Error("unknown parameter '" + name + "'");
    sc.params[static_cast<int>(*p)] = {Distribution::fixed_at(value.get<double>()), "set in the explorer", {}};
  }
  for (const auto& [name, on] : mechanisms.items()) {
    const auto m = find_mechanism(name);
    if (!m) throw Error("unknown mechanism '" + name + "'");
    sc.mechanisms.set(*m, on.get<bool>());
  }
  std::string events;
  if (state.contains("events")) {
    sc.events.clear();
    for (const auto& e : state.at("events")) events += event_toml(e);
  }
  return sc.resolved_toml() + events;
}

/// Composes, writes and loads back the page state's scenario (the loader checks every value).
Scenario composed_scenario(const json& state) {
  {
    std::ofstream out(kComposedFile, std::ios::binary | std::ios::trunc);
    out << compose(state);
  }
  return load_scenario(kComposedFile);
}

json event_json(const Event& e) {
  return {{"id", e.id},
          {"date", e.date.to_string()},
          {"actor", std::string(kActorNames[static_cast<int>(e.actor)])},
          {"action", std::string(spec(e.action).name)},
          {"magnitude", e.magnitude},
          {"duration", e.duration_months},
          {"source", e.source}};
}

json tables_json() {
  json j;
  for (const auto& p : kParameters)
    j["parameters"].push_back({{"name", p.name},
                               {"default", p.default_value},
                               {"lower", p.lower},
                               {"upper", p.upper},
                               {"prior_min", p.prior_min},
                               {"prior_max", p.prior_max},
                               {"unit", p.unit},
                               {"description", p.description},
                               {"source", p.source}});
  for (const auto& m : kMechanisms)
    j["mechanisms"].push_back({{"name", m.name},
                               {"concept", m.concept_name},
                               {"reference", m.reference},
                               {"description", m.description},
                               {"ablation_outcome", m.ablation_outcome},
                               {"ablation_sign", m.ablation_sign}});
  for (const auto& a : kActions) {
    json actors = json::array();
    for (size_t i = 0; i < kActorNames.size(); ++i)
      if ((a.actors >> i) & 1u) actors.push_back(kActorNames[i]);
    j["actions"].push_back({{"name", a.name},
                            {"actors", actors},
                            {"magnitude_lower", a.magnitude_lower},
                            {"magnitude_upper", a.magnitude_upper},
                            {"magnitude_default", a.magnitude_default},
                            {"magnitude_meaning", a.magnitude_meaning},
                            {"description", a.description}});
  }
  for (const auto& o : kOutcomes)
    j["outcomes"].push_back(
        {{"name", o.name}, {"is_event", o.is_event}, {"unit", o.unit}, {"description", o.description}});
  for (const auto& s : kSeries)
    j["series"].push_back({{"name", s.name}, {"unit", s.unit}, {"description", s.description}});
  for (const auto& r : kRunSettings)
    j["run_settings"][std::string(r.name)] = {{"lower", r.lower},
                                              {"upper", r.upper},
                                              {"default", r.default_value},
                                              {"unit", r.unit},
                                              {"description", r.description}};
  for (const auto& f : scenario_files()) {
    const Scenario sc = load_scenario(kScenarioRoot / f);
    j["scenarios"].push_back({{"file", f.generic_string()}, {"name", sc.name}, {"description", sc.description}});
  }
  for (const auto& name : lens_names()) {
    const auto lens = toml::parse_file((kLensRoot / (name + ".toml")).string());
    j["lenses"].push_back({{"name", name}, {"description", lens["description"].value_or(std::string())}});
  }
  return j;
}

/// The resolved base scenario of a page state: what the controls start from.
json scenario_json(const json& state) {
  const Scenario sc = load_base(state);
  json j{{"name", sc.name},
         {"description", sc.description},
         {"start", sc.run.start.to_string()},
         {"horizon", sc.run.horizon.to_string()},
         {"runs", sc.run.runs},
         {"citizens", sc.run.citizens},
         {"seed", sc.run.seed},
         {"events", json::array()}};
  for (int i = 0; i < kNumParams; ++i)
    j["parameters"].push_back({{"distribution", sc.params[i].dist.describe()},
                               {"expected", sc.params[i].dist.expected()},
                               {"source", sc.params[i].source}});
  for (int i = 0; i < kNumMechanisms; ++i) j["mechanisms"].push_back(static_cast<bool>(sc.mechanisms.on[i]));
  for (const auto& e : sc.events) j["events"].push_back(event_json(e));
  return j;
}

template <typename F>
const char* guarded(F&& f) {
  try {
    return give(f());
  } catch (const std::exception& e) {
    return give_error(e.what());
  }
}

}  // namespace
}  // namespace mv::explorer

using namespace mv::explorer;

extern "C" {

/// The code's tables (parameters, mechanisms, actions, actors, outcomes, series, run settings)
/// and the shipped scenarios and lenses, as JSON.
const char* mv_tables() {
  return guarded([] { return tables_json().dump(); });
}

/// The resolved base scenario of a page state (JSON in, JSON out).
const char* mv_scenario(const char* state) {
  return guarded([&] { return scenario_json(json::parse(state)).dump(); });
}

/// The page state as the scenario file `multivector run` reads.
const char* mv_toml(const char* state) {
  return guarded([&] { return compose(json::parse(state)); });
}

/// Runs replicates [first, first + count) of the page state's scenario; the numbers stay in
/// the module (mv_outcomes, mv_series) until the next call. Returns the batch's shape as JSON.
const char* mv_run(const char* state, int first, int count) {
  return guarded([&] {
    const mv::Scenario sc = composed_scenario(json::parse(state));
    mv::BatchOptions options;
    options.first = first;
    options.runs = count;
    options.seed = sc.run.seed;
    options.threads = 1;
    last_run = mv::run_batch(sc, options);
    return json{{"first", last_run.first},
                {"runs", last_run.runs},
                {"steps", last_run.steps},
                {"start", sc.run.start.to_string()},
                {"outcomes", mv::kNumOutcomes},
                {"series", mv::kNumSeries}}
        .dump();
  });
}

/// The last batch's outcomes: runs x outcomes doubles, in replicate order.
const double* mv_outcomes() {
  static std::vector<double> flat;
  flat.clear();
  for (const auto& o : last_run.outcomes) flat.insert(flat.end(), o.begin(), o.end());
  return flat.data();
}

/// The last batch's monthly series: runs x steps x series floats.
const float* mv_series() {
  return last_run.series.data();
}

/// The last batch's replicate seeds as decimal text, JSON (64-bit values do not fit a JS number).
const char* mv_seeds() {
  return guarded([] {
    json seeds = json::array();
    for (uint64_t s : last_run.seeds) seeds.push_back(std::to_string(s));
    return seeds.dump();
  });
}

}  // extern "C"
