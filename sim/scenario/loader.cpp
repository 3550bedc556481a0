// Scenario files (TOML, via toml++ for source positions). Parsing is strict: every key is
// known, every value has the right type and lies within the parameter's bounds, and every
// error names file:line:column, what was wrong and what was expected.
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>

#include "core/suggest.h"
#include "scenario/scenario.h"
#include "scenario/toml_reader.h"

namespace mv {

namespace fs = std::filesystem;

namespace {

/// Where the run's dates were last set, so that they are checked once, on the final scenario,
/// whichever file or table set them.
struct DatesSetAt {
  SourcePosition where;         // of the last start or horizon read
  bool start_was_last = false;  // false: the horizon (or nothing: the defaults)
};

/// Reads one TOML file and applies it on top of a scenario.
class FileReader : TomlReader {
 public:
  FileReader(fs::path file, Scenario& sc, std::vector<fs::path>& stack, DatesSetAt& dates)
      : TomlReader(std::move(file)), sc_(sc), stack_(stack), dates_(dates) {}
  /// Reads `text` as if it were the file `label` (an inline what-if).
  FileReader(const InlineWhatIf& inline_whatif, Scenario& sc, std::vector<fs::path>& stack, DatesSetAt& dates)
      : FileReader(inline_whatif.label, sc, stack, dates) {
    text_ = &inline_whatif.toml;
  }

  void apply(bool allow_extends) {
    toml::table root = parse();
    if (root.empty())  // a comment-only file too: running the defaults under its name hides a mistake
      throw InputError({file_.string()}, std::string(allow_extends ? "scenario" : "lens") + " file is empty",
                       allow_extends ? "at least one of name, extends, [run], [parameters], [mechanisms] "
                                       "or [[events]]"
                                     : "at least one of name, [parameters] or [mechanisms]");
    if (allow_extends)
      check_keys(
          root,
          {"name", "description", "extends", "run", "parameters", "calibration", "posterior", "mechanisms",
           "events", "drop_events"},
          "top-level key");
    else  // a lens is a parameter preset: it may not change runs, dates or events
      check_keys(root, {"name", "description", "parameters", "posterior", "mechanisms"}, "key in a lens");
    if (auto* ext = root.get("extends")) {
      if (!allow_extends)
        throw InputError(toml_position(ext->source(), file_), "a lens cannot use 'extends'",
                         "only parameter and mechanism settings");
      apply_extends(*ext);
    }
    sc_.files.push_back(file_);
    if (!allow_extends) {
      std::string lens;
      if (auto* n = root.get("name")) {
        lens = string_of(*n, "name");
        check_name(*n, lens);
      } else {
        lens = name_from_file();
      }
      sc_.lenses.push_back(lens);
      sc_.name += "." + lens;  // results of a lensed run go to results/<scenario>.<lens>
    } else if (auto* n = root.get("name")) {
      sc_.name = string_of(*n, "name");
      check_name(*n, sc_.name);
      sc_.base_name = sc_.name;
    } else if (allow_extends && stack_.size() == 1) {
      sc_.name = name_from_file();  // a what-if never inherits its parent's name
      sc_.base_name = sc_.name;
    }
    if (auto* n = root.get("description")) sc_.description = string_of(*n, "description");
    if (auto* n = root.get("run")) read_run(table_of(*n, "run"));
    if (auto* n = root.get("posterior")) read_posterior(table_of(*n, "posterior"));
    if (auto* n = root.get("parameters")) read_parameters(table_of(*n, "parameters"));
    // The base file's reading is the calibration reference; a resolved scenario states it.
    if (allow_extends && sc_.files.size() == 1)
      for (int i = 0; i < kNumParams; ++i) sc_.calibration[i] = sc_.params[i].dist;
    if (auto* n = root.get("calibration")) read_calibration(table_of(*n, "calibration"));
    if (auto* n = root.get("mechanisms")) read_mechanisms(table_of(*n, "mechanisms"));
    if (auto* n = root.get("drop_events")) drop_events(*n);
    if (auto* n = root.get("events")) read_events(*n);
  }

 private:
  toml::table parse() {
    if (!text_) return parse_toml_file(file_, kMaxScenarioBytes, "scenario");
    try {
      return toml::parse(*text_, file_.string());
    } catch (const toml::parse_error& e) {
      throw InputError(toml_position(e.source(), file_), "malformed TOML: " + std::string(e.description()),
                       "valid TOML (https://toml.io)");
    }
  }

  /// `extends` is one path or an array of paths applied in order (e.g. a base and a lens).
  void apply_extends(const toml::node& n) {
    if (auto* arr = n.as_array()) {
      if (arr->empty()) fail(n, "'extends' is an empty array", "one or more paths");
      for (const auto& item : *arr) apply_extends(item);
      return;
    }
    const std::string rel = string_of(n, "extends");
    std::error_code ec;
    const fs::path parent = fs::weakly_canonical(file_.parent_path() / rel, ec);
    if (ec)  // a symlink loop, say
      fail(n, "extended scenario '" + rel + "' cannot be resolved (" + ec.message() + ")",
           "a path relative to the directory of " + file_.string() + " that names a file");
    for (const auto& p : stack_)
      if (p == parent) {
        std::string chain;
        for (const auto& q : stack_) chain += q.filename().string() + " -> ";
        fail(n, "circular extends: " + chain + parent.filename().string(),
             "a chain of extends that ends at a file without 'extends'");
      }
    if (static_cast<int>(stack_.size()) >= kMaxExtendsDepth)
      fail(n, "extends chain deeper than " + std::to_string(kMaxExtendsDepth) + " files", "a shorter chain");
    if (!fs::is_regular_file(parent, ec))
      fail(n,
           "extended scenario '" + rel + "' not found (looked for " +
               (file_.parent_path() / rel).lexically_normal().string() + ")",
           "a path relative to the directory of " + file_.string());
    stack_.push_back(parent);
    // Messages name the file as the user wrote it, relative to the extending file.
    FileReader((file_.parent_path() / rel).lexically_normal(), sc_, stack_, dates_).apply(true);
    stack_.pop_back();
  }

  void read_run(const toml::table& t) {
    check_keys(t, {"runs", "seed", "start", "horizon", "citizens"}, "key in [run]");
    if (auto* n = t.get("citizens")) sc_.run.citizens = setting_of(*n, "run.citizens", RunSetting::citizens);
    if (auto* n = t.get("runs")) sc_.run.runs = setting_of(*n, "run.runs", RunSetting::runs);
    if (auto* n = t.get("seed"))
      sc_.run.seed = static_cast<uint64_t>(setting_of(*n, "run.seed", RunSetting::seed));
    // Checked against each other in check_dates, once every file has been applied.
    if (auto* n = t.get("start")) {
      sc_.run.start = month_of(*n, "run.start", RunSetting::start);
      dates_ = {toml_position(n->source(), file_), true};
    }
    if (auto* n = t.get("horizon")) {
      sc_.run.horizon = month_of(*n, "run.horizon", RunSetting::horizon);
      dates_ = {toml_position(n->source(), file_), false};
    }
  }

  /// The parameter a key of [parameters] or [calibration] names. @throws InputError if none.
  Param parameter_named(const toml::key& k, const char* table) const {
    const std::string name(k.str());
    const auto p = find_param(name);
    if (!p)
      throw InputError(toml_position(k.source(), file_), "unknown parameter '" + name + "'" + table,
                       "a parameter listed by 'multivector params'", closest_match(name, param_names()));
    return *p;
  }

  /// A calibration's posterior: a weighted sample of particles, one array per parameter. It is a
  /// reading of the world as the observations have it, so it sets both the parameters and the
  /// reading the structural affinity is calibrated at (as the calibration itself did).
  void read_posterior(const toml::table& t) {
    check_keys(t, {"origin", "weights", "parameters"}, "key in [posterior]");
    if (sc_.posterior)
      fail(t, "a second [posterior]: the scenario already takes parameters from the posterior of '" +
                  sc_.posterior->origin + "'",
           "at most one calibrated lens or [posterior] table per scenario");
    std::string origin = name_from_file();
    if (auto* o = t.get("origin")) origin = string_of(*o, "posterior.origin");
    auto numbers = [&](const toml::node& n, const std::string& what) {
      auto* arr = n.as_array();
      if (!arr || arr->empty()) fail(n, "'" + what + "' is " + toml_type_name(n), "a non-empty array of numbers");
      if (arr->size() > kMaxParticles)
        fail(n, "'" + what + "' has " + std::to_string(arr->size()) + " entries",
             "at most " + std::to_string(kMaxParticles) + " particles");
      std::vector<double> out;
      out.reserve(arr->size());
      for (const auto& x : *arr) out.push_back(number_of(x, what));
      return out;
    };
    const toml::node* wn = t.get("weights");
    if (!wn) fail(t, "[posterior] has no 'weights'", "weights = [...], one per particle");
    const std::vector<double> weights = numbers(*wn, "posterior.weights");
    double total = 0;
    for (size_t i = 0; i < weights.size(); ++i) {
      if (!std::isfinite(weights[i]) || weights[i] < 0)
        fail(*(*wn->as_array()).get(i), "weight " + format_double(weights[i]) + " of particle " + std::to_string(i),
             "a finite weight >= 0");
      total += weights[i];
    }
    if (!(total > 0)) fail(*wn, "every particle weight is zero", "at least one positive weight");
    const toml::node* pn = t.get("parameters");
    if (!pn) fail(t, "[posterior] has no 'parameters'", "[posterior.parameters] with one array per parameter");
    const toml::table& pt = table_of(*pn, "posterior.parameters");
    if (pt.empty()) fail(pt, "[posterior.parameters] is empty", "one array of values per calibrated parameter");
    std::vector<std::string> columns;
    std::vector<std::vector<double>> values;
    std::vector<Param> params;
    for (auto&& [k, v] : pt) {
      const Param p = parameter_named(k, " in [posterior.parameters]");
      const std::string name(k.str());
      std::vector<double> col = numbers(v, "posterior.parameters." + name);
      if (col.size() != weights.size())
        fail(v, "'" + name + "' has " + std::to_string(col.size()) + " values and there are " +
                    std::to_string(weights.size()) + " weights",
             "one value per particle");
      const ParamSpec& ps = spec(p);
      for (size_t i = 0; i < col.size(); ++i)
        if (!(col[i] >= ps.lower && col[i] <= ps.upper))
          fail(*v.as_array()->get(i),
               "particle " + std::to_string(i) + " of '" + name + "' = " + format_double(col[i]) +
                   " is outside its bounds [" + format_double(ps.lower) + ", " + format_double(ps.upper) + "]",
               "values within the parameter's bounds");
      columns.push_back(name);
      values.push_back(std::move(col));
      params.push_back(p);
    }
    sc_.posterior = std::make_shared<const ParticleSample>(origin, columns, std::move(values), weights);
    for (size_t c = 0; c < params.size(); ++c) {
      Distribution d;
      d.kind = Distribution::Kind::posterior;
      d.particles = sc_.posterior;
      d.column = static_cast<int>(c);
      ParamSetting& setting = sc_.params[static_cast<int>(params[c])];
      setting.dist = d;
      setting.where = toml_position(pt.get(columns[c])->source(), file_);
      setting.source = "posterior of calibration '" + origin + "' (" + file_.filename().string() + ")";
      sc_.calibration[static_cast<int>(params[c])] = d;
    }
  }

  void read_calibration(const toml::table& t) {
    for (auto&& [k, v] : t) {
      const Param p = parameter_named(k, " in [calibration]");
      std::string source;
      sc_.calibration[static_cast<int>(p)] = read_distribution(std::string(k.str()), v, spec(p), source);
    }
  }

  void read_parameters(const toml::table& t) {
    for (auto&& [k, v] : t) {
      const std::string name(k.str());
      const auto p = std::optional<Param>(parameter_named(k, ""));
      ParamSetting& setting = sc_.params[static_cast<int>(*p)];
      setting.where = toml_position(v.source(), file_);
      setting.source = "scenario file " + file_.filename().string();
      setting.dist = read_distribution(name, v, spec(*p), setting.source);
    }
  }

  Distribution read_distribution(const std::string& name, const toml::node& v, const ParamSpec& ps,
                                 std::string& source) const {
    const std::string bounds = "[" + format_double(ps.lower) + ", " + format_double(ps.upper) + "]";
    auto within = [&](const toml::node& n, double x, const std::string& field) {
      if (x < ps.lower || x > ps.upper)
        fail(n,
             "parameter '" + name + "' " + field + " = " + format_double(x) + " is outside its bounds " +
                 bounds + " (" + std::string(ps.unit) + ")",
             "a value in " + bounds);
    };
    if (v.is_number()) {
      const double x = number_of(v, name);
      within(v, x, "value");
      return Distribution::fixed_at(x);
    }
    auto* t = v.as_table();
    if (!t)
      fail(v, "parameter '" + name + "' is " + toml_type_name(v),
           "a number or a table such as { dist = \"uniform\", min = 0.2, max = 0.5, source = \"...\" }");
    check_keys(*t, {"value", "dist", "min", "max", "mode", "mean", "sd", "source", "note"},
               "key in parameter '" + name + "'");
    if (auto* s = t->get("source")) source = string_of(*s, name + ".source");
    if (auto* n = t->get("note")) (void)string_of(*n, name + ".note");
    auto need = [&](const char* field) -> double {
      const toml::node* n = t->get(field);
      if (!n)
        fail(v, "parameter '" + name + "' is missing '" + field + "'",
             "'" + std::string(field) + "' for this distribution");
      const double x = number_of(*n, name + "." + field);
      return x;
    };
    std::string kind = "fixed";
    if (auto* d = t->get("dist")) kind = string_of(*d, name + ".dist");
    const toml::node& at = t->get("dist") ? *t->get("dist") : v;
    Distribution dist;
    if (kind == "fixed") {
      if (t->get("dist") == nullptr && t->get("value") == nullptr)
        fail(v, "parameter '" + name + "' has neither 'value' nor 'dist'",
             "value = x, or dist = \"uniform\" | \"normal\" | \"triangular\"");
      const double x = need("value");
      within(*t->get("value"), x, "value");
      for (const char* extra : {"min", "max", "mode", "mean", "sd"})
        if (t->get(extra))
          fail(*t->get(extra), "parameter '" + name + "' has a fixed value and '" + extra + "'",
               "no distribution fields with 'value'");
      return Distribution::fixed_at(x);
    }
    if (t->get("value"))
      fail(*t->get("value"), "parameter '" + name + "' has both 'value' and 'dist'", "one of them");
    auto reject = [&](std::initializer_list<const char*> fields) {
      for (const char* f : fields)
        if (t->get(f))
          fail(*t->get(f), "'" + std::string(f) + "' does not apply to a " + kind + " distribution",
               "only the fields of '" + kind + "'");
    };
    if (kind == "uniform") {
      reject({"mode", "mean", "sd"});
      dist.kind = Distribution::Kind::uniform;
      dist.min = need("min");
      dist.max = need("max");
    } else if (kind == "triangular") {
      reject({"mean", "sd"});
      dist.kind = Distribution::Kind::triangular;
      dist.min = need("min");
      dist.mode = need("mode");
      dist.max = need("max");
      if (dist.mode < dist.min || dist.mode > dist.max)
        fail(*t->get("mode"),
             "parameter '" + name + "' mode " + format_double(dist.mode) + " is outside [min, max]",
             "min <= mode <= max");
    } else if (kind == "normal") {
      reject({"mode"});
      dist.kind = Distribution::Kind::normal;
      dist.mean = need("mean");
      dist.sd = need("sd");
      if (dist.sd <= 0) fail(*t->get("sd"), "parameter '" + name + "' sd must be positive", "sd > 0");
      dist.min = t->get("min") ? need("min") : ps.lower;
      dist.max = t->get("max") ? need("max") : ps.upper;
      if (dist.mean < dist.min || dist.mean > dist.max)
        fail(*t->get("mean"),
             "parameter '" + name + "' mean " + format_double(dist.mean) +
                 " is outside its truncation [min, max]",
             "min <= mean <= max");
    } else if (kind == "posterior") {
      reject({"min", "max", "mode", "mean", "sd"});
      // The parameter's column of the [posterior] sample this file (or an earlier one) gave.
      const int column = sc_.posterior ? sc_.posterior->column_of(name) : -1;
      if (column < 0)
        fail(at, "parameter '" + name + "' is 'posterior' but no [posterior] sample has a column for it",
             "a [posterior.parameters] entry '" + name + "' in this file");
      dist.kind = Distribution::Kind::posterior;
      dist.particles = sc_.posterior;
      dist.column = column;
      return dist;
    } else {
      const std::vector<std::string> kinds = {"fixed", "uniform", "normal", "triangular", "posterior"};
      fail(at, "unknown distribution '" + kind + "' for parameter '" + name + "'", "one of " + join(kinds),
           closest_match(kind, kinds));
    }
    if (dist.min > dist.max)
      fail(
          *t->get("min"),
          "parameter '" + name + "' has min " + format_double(dist.min) + " > max " + format_double(dist.max),
          "min <= max");
    within(t->get("min") ? *t->get("min") : v, dist.min, "min");
    within(t->get("max") ? *t->get("max") : v, dist.max, "max");
    return dist;
  }

  void read_mechanisms(const toml::table& t) {
    for (auto&& [k, v] : t) {
      const std::string name(k.str());
      const auto m = find_mechanism(name);
      if (!m)
        throw InputError(toml_position(k.source(), file_), "unknown mechanism '" + name + "'",
                         "one of " + join(mechanism_names()), closest_match(name, mechanism_names()));
      auto* b = v.as_boolean();
      if (!b) fail(v, "mechanism '" + name + "' is " + toml_type_name(v), "true or false");
      sc_.mechanisms.set(*m, b->get());
    }
  }

  void drop_events(const toml::node& n) {
    auto* arr = n.as_array();
    if (!arr) fail(n, "'drop_events' is " + std::string(toml_type_name(n)), "an array of event ids");
    for (const auto& item : *arr) {
      const std::string id = string_of(item, "drop_events entry");
      auto it =
          std::find_if(sc_.events.begin(), sc_.events.end(), [&](const Event& e) { return e.id == id; });
      if (it == sc_.events.end()) {
        std::vector<std::string> ids;
        for (const auto& e : sc_.events) ids.push_back(e.id);
        fail(item, "no event with id '" + id + "' to drop",
             ids.empty() ? std::string("an id of an event in the extended scenario") : "one of " + join(ids),
             closest_match(id, ids));
      }
      sc_.events.erase(it);
    }
  }

  void read_events(const toml::node& n) {
    auto* arr = n.as_array();
    if (!arr || !arr->is_array_of_tables())
      fail(n, "'events' is " + std::string(toml_type_name(n)), "an array of tables: [[events]]");
    for (const auto& item : *arr) {
      const toml::table& t = *item.as_table();
      check_keys(t, {"id", "date", "actor", "action", "magnitude", "duration", "source", "note"},
                 "key in [[events]]");
      Event e;
      e.where = toml_position(t.source(), file_);
      auto required = [&](const char* key) -> const toml::node& {
        if (auto* x = t.get(key)) return *x;
        fail(t, std::string("event is missing '") + key + "'",
             "date, actor and action in every [[events]] entry");
      };
      const toml::node& date_node = required("date");
      e.date = month_of(date_node, "date", RunSetting::horizon);
      const toml::node& actor_node = required("actor");
      const std::string actor = string_of(actor_node, "actor");
      const auto who = find_actor(actor);
      if (!who)
        fail(actor_node, "unknown actor '" + actor + "'", "one of " + join(actor_names()),
             closest_match(actor, actor_names()));
      e.actor = *who;
      const toml::node& action_node = required("action");
      const std::string action = string_of(action_node, "action");
      const auto what = find_action(action);
      if (!what)
        fail(action_node, "unknown action '" + action + "'", "one of " + join(action_names()),
             closest_match(action, action_names()));
      e.action = *what;
      const ActionSpec& as = spec(*what);
      if (!allows(*what, *who)) {
        std::vector<std::string> ok;
        for (int i = 0; i < static_cast<int>(kActorNames.size()); ++i)
          if (allows(*what, static_cast<Actor>(i))) ok.emplace_back(kActorNames[i]);
        fail(actor_node, "actor '" + actor + "' cannot take action '" + action + "'",
             "an actor among " + join(ok));
      }
      e.magnitude = as.magnitude_default;
      if (auto* m = t.get("magnitude")) {
        e.magnitude = number_of(*m, "magnitude");
        if (e.magnitude < as.magnitude_lower || e.magnitude > as.magnitude_upper)
          fail(*m, "magnitude " + format_double(e.magnitude) + " of '" + action + "' is out of range",
               "a value in [" + format_double(as.magnitude_lower) + ", " + format_double(as.magnitude_upper) +
                   "] (" + std::string(as.magnitude_meaning) + ")");
      }
      if (auto* d = t.get("duration"))
        e.duration_months = static_cast<int>(setting_of(*d, "duration", RunSetting::months));
      if (auto* s = t.get("source")) e.source = string_of(*s, "source");
      if (auto* s = t.get("note")) (void)string_of(*s, "note");
      e.id = actor + "_" + action + "_" + e.date.to_string();
      if (auto* id = t.get("id")) {
        e.id = string_of(*id, "id");
        check_name(*id, e.id);
      }
      for (auto& old : sc_.events)
        if (old.id == e.id) {
          if (old.where.file == e.where.file)
            fail(t, "duplicate event id '" + e.id + "'", "a unique id per event in one file");
        }
      // An event with the id of an inherited one replaces it.
      std::erase_if(sc_.events, [&](const Event& old) { return old.id == e.id; });
      sc_.events.push_back(std::move(e));
    }
  }

  Scenario& sc_;
  std::vector<fs::path>& stack_;
  DatesSetAt& dates_;
  const std::string* text_ = nullptr;  // an inline what-if's text; null: read file_
};

/// The run's dates as the whole extends chain left them, located at the last one set.
void check_dates(const RunSettings& run, const DatesSetAt& dates) {
  const std::string start = run.start.to_string(), horizon = run.horizon.to_string();
  if (run.horizon.index() < run.start.index()) {
    if (dates.start_was_last)
      throw InputError(dates.where, "start " + start + " is after the horizon " + horizon,
                       "a start at or before the horizon");
    throw InputError(dates.where, "horizon " + horizon + " is before start " + start,
                     "a horizon at or after the start");
  }
  const int64_t most = spec(RunSetting::months).upper;
  if (run.steps() > most) {
    const std::string years = std::to_string(most / 12),
                      months = "at most " + std::to_string(most) + " months";
    if (dates.start_was_last)
      throw InputError(dates.where, "start more than " + years + " years before the horizon " + horizon,
                       months);
    throw InputError(dates.where, "horizon more than " + years + " years after start", months);
  }
}

void finish(Scenario& sc, const DatesSetAt& dates) {
  check_dates(sc.run, dates);
  for (auto& e : sc.events) {
    e.step = e.date.index() - sc.run.start.index();
    if (e.step < 0 || e.step >= sc.run.steps())
      throw InputError(e.where,
                       "event '" + e.id + "' on " + e.date.to_string() + " is outside the horizon " +
                           sc.run.start.to_string() + " to " + sc.run.horizon.to_string(),
                       "a date within the run's start and horizon");
  }
  std::stable_sort(sc.events.begin(), sc.events.end(),
                   [](const Event& a, const Event& b) { return a.step < b.step; });
}

}  // namespace

Scenario Scenario::defaults() {
  Scenario sc;
  for (int i = 0; i < kNumParams; ++i) {
    sc.params[i].dist = prior(static_cast<Param>(i));
    sc.params[i].source = std::string(kParameters[i].source);
    sc.calibration[i] = sc.params[i].dist;
  }
  return sc;
}

Scenario load_scenario(const fs::path& path, const std::vector<fs::path>& overlays,
                       const InlineWhatIf* inline_whatif) {
  Scenario sc = Scenario::defaults();
  sc.path = path;
  std::error_code ec;
  const fs::path abs = fs::weakly_canonical(path, ec);
  std::vector<fs::path> stack{ec ? path : abs};
  DatesSetAt dates;
  FileReader(path, sc, stack, dates).apply(true);
  if (inline_whatif) {
    if (inline_whatif->toml.size() > kMaxScenarioBytes)
      throw InputError({inline_whatif->label}, "text is larger than " + std::to_string(kMaxScenarioBytes >> 20) +
                                                   " MiB", "a what-if of reasonable size");
    // Below the scenario on the stack: it keeps the scenario's name, and an `extends` in it is
    // resolved (and checked for cycles) like one in a what-if file.
    stack.push_back(inline_whatif->label);
    FileReader(*inline_whatif, sc, stack, dates).apply(true);
  }
  for (const auto& lens : overlays) {
    std::vector<fs::path> lens_stack{lens};
    FileReader(lens, sc, lens_stack, dates).apply(false);
  }
  finish(sc, dates);
  return sc;
}

std::string Scenario::resolved_toml() const {
  std::string s;
  s += "# Resolved scenario written by multivector: every parameter, mechanism and event.\n";
  s += "name = " + toml_quoted(name) + "\n";
  s += "description = " + toml_quoted(description) + "\n";
  if (!lenses.empty()) s += "# lenses applied: " + join(lenses) + "\n";
  s += "\n[run]\n";
  s += "runs = " + std::to_string(run.runs) + "\n";
  s += "seed = " + std::to_string(run.seed) + "\n";
  s += "citizens = " + std::to_string(run.citizens) + "\n";
  s += "start = \"" + run.start.to_string() + "\"\n";
  s += "horizon = \"" + run.horizon.to_string() + "\"\n\n[parameters]\n";
  for (int i = 0; i < kNumParams; ++i)
    s += std::string(kParameters[i].name) + " = { " + params[i].dist.toml_fields() +
         ", source = " + toml_quoted(params[i].source) + " }\n";
  // Where a what-if or lens changed a parameter, the reading the model is calibrated at.
  std::string calibrated;
  for (int i = 0; i < kNumParams; ++i)
    if (calibration[i].toml_fields() != params[i].dist.toml_fields())
      calibrated += std::string(kParameters[i].name) + " = { " + calibration[i].toml_fields() + " }\n";
  if (!calibrated.empty())
    s += "\n# The base scenario's reading of 2022, at which the structural affinity is calibrated.\n"
         "[calibration]\n" +
         calibrated;
  s += "\n[mechanisms]\n";
  for (int i = 0; i < kNumMechanisms; ++i)
    s += std::string(kMechanisms[i].name) + " = " + (mechanisms.on[i] ? "true" : "false") + "\n";
  for (const auto& e : events) {
    s += "\n[[events]]\nid = " + toml_quoted(e.id) + "\ndate = \"" + e.date.to_string() + "\"\n";
    s += "actor = \"" + std::string(kActorNames[static_cast<int>(e.actor)]) + "\"\n";
    s += "action = \"" + std::string(spec(e.action).name) + "\"\n";
    s += "magnitude = " + format_double(e.magnitude) + "\n";
    s += "duration = " + std::to_string(e.duration_months) + "\n";
    if (!e.source.empty()) s += "source = " + toml_quoted(e.source) + "\n";
  }
  if (posterior) {
    // The sample the parameters marked 'posterior' draw from, exactly (shortest round-trip text).
    auto array = [](const std::vector<double>& xs) {
      std::string a = "[";
      for (size_t i = 0; i < xs.size(); ++i) a += (i ? ", " : "") + format_double(xs[i]);
      return a + "]";
    };
    s += "\n[posterior]\norigin = " + toml_quoted(posterior->origin) + "\nweights = " + array(posterior->weights) +
         "\n\n[posterior.parameters]\n";
    for (size_t c = 0; c < posterior->columns.size(); ++c)
      s += posterior->columns[c] + " = " + array(posterior->values[c]) + "\n";
  }
  return s;
}

}  // namespace mv
