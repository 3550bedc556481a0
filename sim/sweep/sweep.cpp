#include "sweep/sweep.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "core/rng.h"
#include "core/suggest.h"
#include "scenario/toml_reader.h"

namespace mv {

namespace fs = std::filesystem;

namespace {

// Streams of a sweep's own randomness (replicates use the engine's streams).
constexpr uint64_t kDesignStream = 0x6465'7369'676eULL;  // "design"

const std::vector<std::string> kTopKeys = {"name",
                                           "description",
                                           "scenario",
                                           "lenses",
                                           "design",
                                           "samples",
                                           "levels",
                                           "replicates",
                                           "seed",
                                           "citizens",
                                           "horizon",
                                           "common_random_numbers",
                                           "write_replicates",
                                           "write_replicate_series",
                                           "bootstrap",
                                           "second_order",
                                           "nan_policy",
                                           "factors"};

class SweepReader : TomlReader {
 public:
  explicit SweepReader(fs::path file) : TomlReader(std::move(file)) {}

  Sweep read() {
    const toml::table root = parse_toml_file(file_, kMaxScenarioBytes, "sweep");
    check_keys(root, kTopKeys, "key in a sweep file");
    Sweep sw;
    sw.path = file_;
    if (auto* n = root.get("name")) {
      sw.name = string_of(*n, "name");
      check_name(*n, sw.name);
    } else {
      sw.name = name_from_file();
    }
    if (auto* n = root.get("description")) sw.description = string_of(*n, "description");
    read_base(root, sw);
    read_design(root, sw);
    read_factors(root, sw);
    check_size(root, sw);
    return sw;
  }

 private:
  const toml::node& required(const toml::table& t, const char* key, const std::string& expected) const {
    if (auto* n = t.get(key)) return *n;
    throw InputError({file_.string(), 1, 1}, std::string("sweep file has no '") + key + "'", expected);
  }

  void read_base(const toml::table& root, Sweep& sw) const {
    const toml::node& sn =
        required(root, "scenario", "scenario = \"path/to/base.toml\" (relative to the sweep file)");
    sw.scenario_as_written = string_of(sn, "scenario");
    const fs::path base = (file_.parent_path() / sw.scenario_as_written).lexically_normal();
    std::error_code ec;
    if (!fs::is_regular_file(base, ec))
      fail(sn, "base scenario '" + sw.scenario_as_written + "' not found (looked for " + base.string() + ")",
           "a path relative to the directory of " + file_.string());
    std::vector<fs::path> lenses;
    if (auto* n = root.get("lenses")) {
      auto* arr = n->as_array();
      if (!arr) fail(*n, "'lenses' is " + std::string(toml_type_name(*n)), "an array of lens file paths");
      for (const auto& item : *arr) {
        const std::string rel = string_of(item, "lenses entry");
        const fs::path lens = (file_.parent_path() / rel).lexically_normal();
        if (!fs::is_regular_file(lens, ec))
          fail(item, "lens '" + rel + "' not found (looked for " + lens.string() + ")",
               "a path relative to the directory of " + file_.string());
        lenses.push_back(lens);
      }
    }
    sw.base = load_scenario(base, lenses);
    if (auto* n = root.get("citizens"))
      sw.base.run.citizens = setting_of(*n, "citizens", RunSetting::citizens);
    if (auto* n = root.get("horizon")) {
      const YearMonth h = month_of(*n, "horizon", RunSetting::horizon);
      if (h.index() < sw.base.run.start.index())
        fail(*n,
             "horizon " + h.to_string() + " is before the scenario's start " + sw.base.run.start.to_string(),
             "a horizon at or after the start");
      for (const auto& e : sw.base.events)
        if (e.date.index() > h.index())
          fail(*n, "horizon " + h.to_string() + " cuts off event '" + e.id + "' on " + e.date.to_string(),
               "a horizon at or after the base scenario's last event");
      sw.base.run.horizon = h;
      if (const int64_t most = spec(RunSetting::months).upper; sw.base.run.steps() > most)
        fail(*n, "horizon more than " + std::to_string(most / 12) + " years after start",
             "at most " + std::to_string(most) + " months");
    }
  }

  void read_design(const toml::table& root, Sweep& sw) const {
    const std::vector<std::string> designs(std::begin(kDesignNames), std::end(kDesignNames));
    const toml::node& dn = required(root, "design", "design = \"grid\" | \"lhs\" | \"sobol\" | \"morris\"");
    const std::string d = string_of(dn, "design");
    auto it = std::find(designs.begin(), designs.end(), d);
    if (it == designs.end())
      fail(dn, "unknown design '" + d + "'", "one of " + join(designs), closest_match(d, designs));
    sw.design = static_cast<DesignKind>(it - designs.begin());
    if (auto* n = root.get("samples")) {
      if (sw.design == DesignKind::grid)
        fail(*n, "'samples' does not apply to a grid design",
             "the grid's size given by its factors' levels (remove 'samples')");
      sw.samples = integer_of(*n, "samples", 1, kMaxSweepPoints);
      if (sw.design == DesignKind::sobol) {
        int64_t lo = 0, hi = 0;
        if (!design::is_power_of_two(sw.samples, &lo, &hi))
          fail(*n,
               "samples = " + std::to_string(sw.samples) +
                   " is not a power of two, which the Saltelli scheme for Sobol' indices needs",
               hi <= kMaxSweepPoints / 3
                   ? "a power of two: the nearest are " + std::to_string(lo) + " and " + std::to_string(hi)
                   : "a power of two: the nearest is " + std::to_string(lo));
      }
      if (sw.design == DesignKind::lhs && sw.samples < 2)
        fail(*n, "a Latin hypercube of 1 point", "samples >= 2");
      if (sw.design == DesignKind::morris && sw.samples < 2)
        fail(*n, "Morris with 1 trajectory cannot estimate sigma",
             "samples (trajectories) >= 2, typically 10-50");
    } else if (sw.design != DesignKind::grid) {
      required(root, "samples",
               sw.design == DesignKind::sobol
                   ? "samples = N, a power of two (base rows of the Saltelli scheme)"
               : sw.design == DesignKind::lhs ? "samples = number of design points"
                                              : "samples = number of Morris trajectories");
    }
    if (auto* n = root.get("levels")) {
      if (sw.design != DesignKind::morris)
        fail(*n, "'levels' applies only to a morris design", "levels of a grid factor inside [factors]");
      sw.levels = static_cast<int>(integer_of(*n, "levels", 2, 100));
      if (sw.levels % 2 != 0)
        fail(*n,
             "levels = " + std::to_string(sw.levels) +
                 " is odd, so the Morris step p/(2(p-1)) misses the grid",
             "an even number of levels, e.g. 4 or 6");
    }
    if (auto* n = root.get("replicates"))
      sw.replicates = setting_of(*n, "replicates", RunSetting::replicates);
    sw.seed = sw.base.run.seed;
    if (auto* n = root.get("seed")) sw.seed = static_cast<uint64_t>(setting_of(*n, "seed", RunSetting::seed));
    if (auto* n = root.get("common_random_numbers"))
      sw.common_random_numbers = bool_of(*n, "common_random_numbers");
    if (auto* n = root.get("write_replicates")) sw.write_replicates = bool_of(*n, "write_replicates");
    if (auto* n = root.get("write_replicate_series"))
      sw.write_replicate_series = bool_of(*n, "write_replicate_series");
    if (auto* n = root.get("bootstrap"))
      sw.bootstrap = static_cast<int>(integer_of(*n, "bootstrap", 0, 100'000));
    if (auto* n = root.get("second_order")) {
      if (sw.design != DesignKind::sobol)
        fail(*n, "'second_order' applies only to a sobol design", "design = \"sobol\", or no second_order");
      sw.second_order = bool_of(*n, "second_order");
    }
    if (auto* n = root.get("nan_policy")) {
      const std::string p = string_of(*n, "nan_policy");
      if (p == "drop")
        sw.nan_policy = NanPolicy::drop;
      else if (p == "error")
        sw.nan_policy = NanPolicy::error;
      else
        fail(*n, "unknown nan_policy '" + p + "'", "\"drop\" or \"error\"",
             closest_match(p, {"drop", "error"}));
    }
  }

  void read_factors(const toml::table& root, Sweep& sw) const {
    const toml::node& fn = required(root, "factors", "a [factors] table naming the parameters to vary");
    const toml::table& ft = table_of(fn, "factors");
    if (ft.empty()) fail(fn, "[factors] is empty", "at least one parameter to vary");
    const bool grid = sw.design == DesignKind::grid;
    // toml++ keeps keys sorted; factors keep the order of the file (its columns, its grid order).
    std::vector<std::pair<toml::key, const toml::node*>> entries;
    for (auto&& [k, v] : ft) entries.emplace_back(k, &v);
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      return a.first.source().begin.line < b.first.source().begin.line ||
             (a.first.source().begin.line == b.first.source().begin.line &&
              a.first.source().begin.column < b.first.source().begin.column);
    });
    for (auto&& [k, vp] : entries) {
      const toml::node& v = *vp;
      const std::string name(k.str());
      const auto p = find_param(name);
      if (!p)
        throw InputError(toml_position(k.source(), file_), "unknown parameter '" + name + "' in [factors]",
                         "a parameter listed by 'multivector params'", closest_match(name, param_names()));
      const ParamSpec& ps = spec(*p);
      const std::string bounds = "[" + format_double(ps.lower) + ", " + format_double(ps.upper) + "]";
      auto within = [&](const toml::node& n, double x, const std::string& field) {
        if (x < ps.lower || x > ps.upper)
          fail(n,
               "factor '" + name + "' " + field + " = " + format_double(x) +
                   " is outside the parameter's bounds " + bounds + " (" + std::string(ps.unit) + ")",
               "a value in " + bounds);
      };
      const toml::table& t = table_of(v, "factors." + name);
      Factor f;
      f.param = *p;
      if (grid) {
        check_keys(t, {"min", "max", "steps", "levels"}, "key in factor '" + name + "' of a grid");
        if (auto* lv = t.get("levels")) {
          for (const char* other : {"min", "max", "steps"})
            if (t.get(other))
              fail(*t.get(other), "factor '" + name + "' has both 'levels' and '" + other + "'",
                   "either levels = [...] or min, max and steps");
          auto* arr = lv->as_array();
          if (!arr || arr->empty())
            fail(*lv, "factor '" + name + "' levels is not a non-empty array", "levels = [x1, x2, ...]");
          for (const auto& item : *arr) {
            const double x = number_of(item, name + ".levels");
            within(item, x, "level");
            f.levels.push_back(x);
          }
        } else {
          if (!t.get("min") || !t.get("max") || !t.get("steps"))
            fail(v, "grid factor '" + name + "' needs levels = [...] or min, max and steps",
                 "e.g. { min = 0.1, max = 0.5, steps = 5 }");
          f.min = number_of(*t.get("min"), name + ".min");
          f.max = number_of(*t.get("max"), name + ".max");
          within(*t.get("min"), f.min, "min");
          within(*t.get("max"), f.max, "max");
          if (f.min > f.max) fail(*t.get("min"), "factor '" + name + "' has min > max", "min <= max");
          const int steps = static_cast<int>(integer_of(*t.get("steps"), name + ".steps", 1, 10'000));
          if (steps == 1 && f.min != f.max)
            fail(*t.get("steps"), "factor '" + name + "' has steps = 1 between two different values",
                 "steps >= 2, or levels = [x] for a single level");
          for (int i = 0; i < steps; ++i)
            f.levels.push_back(grid_level(f.min, f.max, i, steps));
        }
        f.min = *std::min_element(f.levels.begin(), f.levels.end());
        f.max = *std::max_element(f.levels.begin(), f.levels.end());
      } else {
        check_keys(
            t, {"min", "max"},
            "key in factor '" + name + "' of a " + kDesignNames[static_cast<int>(sw.design)] + " design");
        if (!t.get("min") || !t.get("max"))
          fail(v, "factor '" + name + "' needs min and max", "e.g. { min = 0.1, max = 0.5 }");
        f.min = number_of(*t.get("min"), name + ".min");
        f.max = number_of(*t.get("max"), name + ".max");
        within(*t.get("min"), f.min, "min");
        within(*t.get("max"), f.max, "max");
        if (!(f.min < f.max))
          fail(*t.get("min"),
               "factor '" + name + "' has min " + format_double(f.min) + " >= max " + format_double(f.max),
               "min < max (a factor that does not vary belongs in the scenario)");
      }
      sw.factors.push_back(std::move(f));
    }
    // Two Sobol' dimensions per factor: the table has enough for every parameter.
    static_assert(2 * kNumParams <= design::SobolSequence::kMaxDimensions);
  }

  void check_size(const toml::table& root, const Sweep& sw) const {
    // Sizes are checked in floating point: a grid's product can overflow an integer.
    double points = 1;
    const double k = static_cast<double>(sw.factors.size());
    switch (sw.design) {
      case DesignKind::grid:
        for (const auto& f : sw.factors) points *= static_cast<double>(f.levels.size());
        break;
      case DesignKind::lhs:
        points = static_cast<double>(sw.samples);
        break;
      case DesignKind::sobol:
        points = static_cast<double>(sw.samples) * (sw.second_order ? 2 * k + 2 : k + 2);
        break;
      case DesignKind::morris:
        points = static_cast<double>(sw.samples) * (k + 1);
        break;
    }
    const toml::node& at = root.get("samples") ? *root.get("samples") : *root.get("factors");
    if (points > static_cast<double>(kMaxSweepPoints))
      fail(
          at,
          "the design has " + format_double(points) + " points, more than " + std::to_string(kMaxSweepPoints),
          "fewer samples, factors or levels");
    if (points * static_cast<double>(sw.replicates) > static_cast<double>(kMaxSweepReplicates))
      fail(root.get("replicates") ? *root.get("replicates") : at,
           "the sweep has " + format_double(points * static_cast<double>(sw.replicates)) +
               " replicates, more than " + std::to_string(kMaxSweepReplicates),
           "fewer design points or replicates per point");
  }
};

}  // namespace

double grid_level(double lo, double hi, int i, int steps) {
  if (steps <= 1 || i <= 0) return lo;
  if (i >= steps - 1) return hi;
  const double x = lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(steps - 1);
  const double tolerance = 2 * std::abs(std::nextafter(x, HUGE_VAL) - x);
  // The shortest decimal (fewest significant digits) that lies within the tolerance of x.
  for (int digits = 1; digits <= 17; ++digits) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.*e", digits - 1, x);
    const double y = std::strtod(buf, nullptr);
    if (std::abs(y - x) <= tolerance) return y;
  }
  return x;
}

double Factor::at(double u) const {
  if (!levels.empty()) {
    const double idx = std::round(u * static_cast<double>(levels.size() - 1));
    return levels[static_cast<size_t>(std::clamp(idx, 0.0, static_cast<double>(levels.size() - 1)))];
  }
  return min + u * (max - min);
}

int64_t Sweep::points() const {
  const int64_t k = static_cast<int64_t>(factors.size());
  switch (design) {
    case DesignKind::grid: {
      int64_t n = 1;
      for (const auto& f : factors) n *= static_cast<int64_t>(f.levels.size());
      return n;
    }
    case DesignKind::lhs:
      return samples;
    case DesignKind::sobol:
      return samples * (second_order ? 2 * k + 2 : k + 2);
    case DesignKind::morris:
      return samples * (k + 1);
  }
  return 0;
}

std::string Sweep::resolved_toml() const {
  std::string s = "# Resolved sweep written by multivector: every setting explicit.\n";
  s += "name = " + toml_quoted(name) + "\n";
  s += "description = " + toml_quoted(description) + "\n";
  s += "scenario = \"scenario.resolved.toml\"\n";
  s += "design = \"" + std::string(kDesignNames[static_cast<int>(design)]) + "\"\n";
  if (design != DesignKind::grid) s += "samples = " + std::to_string(samples) + "\n";
  if (design == DesignKind::morris) s += "levels = " + std::to_string(levels) + "\n";
  s += "replicates = " + std::to_string(replicates) + "\n";
  s += "seed = " + std::to_string(seed) + "\n";
  s += "citizens = " + std::to_string(base.run.citizens) + "\n";
  s += "horizon = \"" + base.run.horizon.to_string() + "\"\n";
  s += std::string("common_random_numbers = ") + (common_random_numbers ? "true" : "false") + "\n";
  s += std::string("write_replicates = ") + (write_replicates ? "true" : "false") + "\n";
  if (write_replicate_series) s += "write_replicate_series = true\n";  // only when set, as second_order
  s += "bootstrap = " + std::to_string(bootstrap) + "\n";
  if (second_order) s += "second_order = true\n";  // only when set: earlier sweeps keep their bytes
  s += std::string("nan_policy = \"") + (nan_policy == NanPolicy::drop ? "drop" : "error") + "\"\n";
  s += "\n[factors]\n";
  for (const auto& f : factors) {
    s += std::string(spec(f.param).name) + " = { ";
    if (design == DesignKind::grid) {
      s += "levels = [";
      for (size_t i = 0; i < f.levels.size(); ++i) s += (i ? ", " : "") + format_double(f.levels[i]);
      s += "] }\n";
    } else {
      s += "min = " + format_double(f.min) + ", max = " + format_double(f.max) + " }\n";
    }
  }
  return s;
}

Sweep load_sweep(const fs::path& path) {
  return SweepReader(path).read();
}

SweepDesign build_design(const Sweep& sw) {
  SweepDesign d;
  const int k = static_cast<int>(sw.factors.size());
  const uint64_t design_seed = mix64(sw.seed ^ mix64(kDesignStream));
  switch (sw.design) {
    case DesignKind::grid: {
      std::vector<int> levels;
      for (const auto& f : sw.factors) levels.push_back(static_cast<int>(f.levels.size()));
      d.unit = design::full_factorial(levels);
      break;
    }
    case DesignKind::lhs:
      d.unit = design::latin_hypercube(static_cast<int>(sw.samples), k, design_seed);
      break;
    case DesignKind::sobol:
      d.unit = design::saltelli(static_cast<int>(sw.samples), k, sw.second_order);
      break;
    case DesignKind::morris:
      d.morris = design::morris(static_cast<int>(sw.samples), k, sw.levels, design_seed);
      d.unit = d.morris.points;
      break;
  }
  return d;
}

design::Matrix factor_values(const Sweep& sw, const SweepDesign& d) {
  design::Matrix v(d.unit.rows(), d.unit.cols());
  for (Eigen::Index i = 0; i < d.unit.rows(); ++i)
    for (Eigen::Index j = 0; j < d.unit.cols(); ++j)
      v(i, j) = sw.factors[static_cast<size_t>(j)].at(d.unit(i, j));
  return v;
}

}  // namespace mv
