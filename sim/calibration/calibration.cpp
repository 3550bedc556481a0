#include "calibration/calibration.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>

#include "core/rng.h"
#include "core/suggest.h"
#include "core/version.h"
#include "engine/batch.h"
#include "engine/cluster.h"
#include "io/writers.h"
#include "scenario/toml_reader.h"

namespace mv {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kTopKeys = {"name",     "description", "scenario",   "observed", "seed",
                                           "citizens", "until",       "parameters", "smc",      "targets"};
const std::vector<std::string> kSmcKeys = {"particles",      "ess_decay",       "resample_below",
                                           "kernel_scale",   "min_acceptance",  "tolerance",
                                           "max_generations", "max_simulations", "max_moves",
                                           "scale_by_prior_spread"};

class CalibrationReader : TomlReader {
 public:
  explicit CalibrationReader(fs::path file) : TomlReader(std::move(file)) {}

  Calibration read() {
    const toml::table root = parse_toml_file(file_, kMaxScenarioBytes, "calibration");
    check_keys(root, kTopKeys, "key in a calibration file");
    Calibration c;
    c.file = file_;
    if (auto* n = root.get("name")) {
      c.name = string_of(*n, "name");
      check_name(*n, c.name);
    } else {
      c.name = name_from_file();
    }
    if (auto* n = root.get("description")) c.description = string_of(*n, "description");
    if (auto* n = root.get("seed")) c.seed = static_cast<uint64_t>(setting_of(*n, "seed", RunSetting::seed));
    read_scenario(root, c);
    read_parameters(root, c);
    read_smc(root, c);
    read_targets(root, c);
    return c;
  }

 private:
  const toml::node& required(const toml::table& t, const char* key, const std::string& expected) const {
    if (auto* n = t.get(key)) return *n;
    throw InputError({file_.string(), 1, 1}, std::string("calibration file has no '") + key + "'", expected);
  }

  fs::path relative_file(const toml::node& n, const std::string& what, bool directory) const {
    const std::string rel = string_of(n, what);
    const fs::path p = (file_.parent_path() / rel).lexically_normal();
    std::error_code ec;
    if (directory ? !fs::is_directory(p, ec) : !fs::is_regular_file(p, ec))
      fail(n, what + " '" + rel + "' not found (looked for " + p.string() + ")",
           std::string("a ") + (directory ? "folder" : "file") + " path relative to the directory of " +
               file_.string());
    return p;
  }

  void read_scenario(const toml::table& root, Calibration& c) const {
    const toml::node& sn =
        required(root, "scenario", "scenario = \"path/to/scenario.toml\" (relative to the calibration file)");
    c.scenario_file = relative_file(sn, "scenario", false);
    c.scenario = load_scenario(c.scenario_file);
    if (auto* n = root.get("citizens"))
      c.scenario.run.citizens = setting_of(*n, "citizens", RunSetting::citizens);
    // The calibration runs stop at `until`: nothing later can change what was observed before it.
    const toml::node& un = required(root, "until", "until = \"YYYY-MM\", the last month the calibration runs");
    const YearMonth until = month_of(un, "until", RunSetting::horizon);
    if (until.index() < c.scenario.run.start.index() || until.index() > c.scenario.run.horizon.index())
      fail(un,
           "until " + until.to_string() + " is outside the scenario's run " + c.scenario.run.start.to_string() +
               " to " + c.scenario.run.horizon.to_string(),
           "a month within the scenario's start and horizon");
    c.scenario.run.horizon = until;
    std::erase_if(c.scenario.events, [&](const Event& e) { return e.step >= c.scenario.run.steps(); });
    if (auto* n = root.get("observed")) {
      c.observed_dir = relative_file(*n, "observed", true);
    } else {
      const auto found = find_observed_dir(c.file.parent_path().empty() ? fs::path(".") : c.file.parent_path());
      if (!found)
        throw InputError({file_.string(), 1, 1}, "no data/observed folder above the calibration file",
                         "observed = \"path/to/data/observed\"");
      c.observed_dir = *found;
    }
  }

  void read_parameters(const toml::table& root, Calibration& c) const {
    const toml::node& pn =
        required(root, "parameters", "parameters = [\"name\", ...], the parameters to calibrate");
    auto* arr = pn.as_array();
    if (!arr || arr->empty())
      fail(pn, "'parameters' is " + std::string(toml_type_name(pn)), "a non-empty array of parameter names");
    for (const auto& item : *arr) {
      const std::string name = string_of(item, "parameters entry");
      const auto p = find_param(name);
      if (!p)
        fail(item, "unknown parameter '" + name + "'", "a parameter listed by 'multivector params'",
             closest_match(name, param_names()));
      if (std::find(c.parameters.begin(), c.parameters.end(), *p) != c.parameters.end())
        fail(item, "parameter '" + name + "' is listed twice", "each parameter once");
      const Distribution& d = c.scenario.params[static_cast<int>(*p)].dist;
      if (d.is_fixed())
        fail(item,
             "parameter '" + name + "' is fixed at " + format_double(d.value) + " in the scenario, so it has no prior",
             "a parameter the scenario draws from a distribution (its prior)");
      if (d.kind == Distribution::Kind::posterior)
        fail(item, "parameter '" + name + "' already comes from a posterior",
             "a parameter whose prior is uniform, normal or triangular");
      c.parameters.push_back(*p);
    }
  }

  void read_smc(const toml::table& root, Calibration& c) const {
    auto* n = root.get("smc");
    if (!n) return;
    const toml::table& t = table_of(*n, "smc");
    check_keys(t, kSmcKeys, "key in [smc]");
    auto real = [&](const char* key, double lo, double hi, double& out) {
      if (auto* x = t.get(key)) {
        const double v = number_of(*x, std::string("smc.") + key);
        if (!(v >= lo && v <= hi))
          fail(*x, std::string("smc.") + key + " = " + format_double(v) + " is out of range",
               "a number in [" + format_double(lo) + ", " + format_double(hi) + "]");
        out = v;
      }
    };
    SmcSettings& s = c.smc;
    if (auto* x = t.get("particles")) s.particles = static_cast<int>(integer_of(*x, "smc.particles", 10, 100'000));
    real("ess_decay", 0.05, 0.99, s.ess_decay);
    real("resample_below", 0.0, 1.0, s.resample_below);
    real("kernel_scale", 0.0, 10.0, s.kernel_scale);
    real("min_acceptance", 0.0, 1.0, s.min_acceptance);
    real("tolerance", 0.0, 1e12, s.tolerance);
    if (auto* x = t.get("max_generations"))
      s.max_generations = static_cast<int>(integer_of(*x, "smc.max_generations", 1, 1000));
    if (auto* x = t.get("scale_by_prior_spread")) c.scale_by_prior_spread = bool_of(*x, "smc.scale_by_prior_spread");
    if (auto* x = t.get("max_moves")) s.max_moves = static_cast<int>(integer_of(*x, "smc.max_moves", 1, 1000));
    if (auto* x = t.get("max_simulations"))
      s.max_simulations = integer_of(*x, "smc.max_simulations", 1, 1'000'000'000);
    if (s.max_simulations < s.particles)
      fail(t, "smc.max_simulations = " + std::to_string(s.max_simulations) + " is fewer than the " +
                  std::to_string(s.particles) + " particles of generation 0",
           "max_simulations >= particles");
  }

  void read_targets(const toml::table& root, Calibration& c) const {
    const toml::node& tn = required(root, "targets", "[[targets]] entries naming observed variables");
    auto* arr = tn.as_array();
    if (!arr || !arr->is_array_of_tables() || arr->empty())
      fail(tn, "'targets' is " + std::string(toml_type_name(tn)), "one or more [[targets]] tables");
    // Holdout rows are never read: only the calibration split is kept.
    std::vector<Observation> rows;
    for (auto& o : load_observations(c.observed_dir))
      if (o.split == "calibration") rows.push_back(std::move(o));
    for (const auto& f : fs::directory_iterator(c.observed_dir))
      if (f.path().extension() == ".csv") c.observed_files.push_back(f.path());
    std::sort(c.observed_files.begin(), c.observed_files.end());
    for (const auto& item : *arr) {
      const toml::table& t = *item.as_table();
      check_keys(t, {"variable", "periods", "scale", "note"}, "key in [[targets]]");
      if (auto* n = t.get("note")) (void)string_of(*n, "note");
      const toml::node* vn = t.get("variable");
      if (!vn) fail(t, "target has no 'variable'", "variable = \"name\" as in data/observed");
      const std::string variable = string_of(*vn, "variable");
      const ObservableSpec* spec = find_observable(variable);
      if (!spec)
        fail(*vn, "the model has no counterpart for observed variable '" + variable + "'",
             "one of " + join(observable_names()), closest_match(variable, observable_names()));
      const toml::node* pn = t.get("periods");
      if (!pn) fail(t, "target '" + variable + "' has no 'periods'", "periods = [\"2022\", \"2023\"]");
      auto* periods = pn->as_array();
      if (!periods || periods->empty())
        fail(*pn, "'periods' is " + std::string(toml_type_name(*pn)), "a non-empty array of \"YYYY\" or \"YYYY-MM\"");
      double scale = spec->tolerance >= 0 ? spec->tolerance : spec->scale / static_cast<double>(c.scenario.run.citizens);
      const bool scale_in_file = t.get("scale") != nullptr;
      if (auto* s = t.get("scale")) {
        scale = number_of(*s, "scale");
        if (!(scale > 0) || !std::isfinite(scale))
          fail(*s, "scale = " + format_double(scale) + " for '" + variable + "'", "a positive error scale");
      }
      for (const auto& p : *periods) {
        const std::string period = string_of(p, "periods entry");
        const auto obs = find_observation(rows, variable, period);
        if (!obs) {
          std::vector<std::string> have;
          for (const auto& o : rows)
            if (o.variable == variable) have.push_back(o.period);
          fail(p, "no calibration row of '" + variable + "' for " + period + " in " + c.observed_dir.string(),
               have.empty() ? std::string("a variable with calibration rows (periods up to 2023; holdout rows are "
                                          "never read by calibration)")
                            : "one of " + join(have) + " (holdout rows are never read by calibration)");
        }
        for (const auto& other : c.targets)
          if (other.observation.variable == variable && other.observation.period == period)
            fail(p, "target '" + variable + "' " + period + " is listed twice", "each observation once");
        const MonthWindow w = observed_window(variable, period, c.scenario.run.start, c.scenario.run.steps());
        if (w.empty())
          fail(p,
               "'" + variable + "' " + period + " is not inside the calibration run " +
                   c.scenario.run.start.to_string() + " to " + c.scenario.run.horizon.to_string(),
               "periods within the scenario's start and 'until'");
        c.targets.push_back({*obs, spec, w, scale, scale, scale_in_file, 0.0});
      }
    }
  }
};

}  // namespace

Calibration load_calibration(const fs::path& file) {
  return CalibrationReader(file).read();
}

std::vector<Distribution> Calibration::priors() const {
  std::vector<Distribution> out;
  for (Param p : parameters) out.push_back(scenario.params[static_cast<int>(p)].dist);
  return out;
}

std::vector<double> Calibration::simulate_targets(const Eigen::VectorXd& theta, uint64_t seed,
                                                  std::vector<float>& series) const {
  ParamValues pv = sample_parameters(scenario, seed), cal = sample_calibration(scenario, seed);
  for (size_t j = 0; j < parameters.size(); ++j) {
    pv[parameters[j]] = theta[static_cast<Eigen::Index>(j)];
    cal[parameters[j]] = theta[static_cast<Eigen::Index>(j)];
  }
  series.resize(static_cast<size_t>(scenario.run.steps()) * kNumSeries);
  run_replicate(scenario, pv, cal, seed, series);
  std::vector<double> out;
  for (const auto& t : targets) {
    const int var = static_cast<int>(t.observable->series);
    out.push_back(replicate_value(*t.observable, t.window,
                                  [&](int m) { return static_cast<double>(series[static_cast<size_t>(m) * kNumSeries + var]); }));
  }
  return out;
}

double Calibration::distance(const Eigen::VectorXd& theta, uint64_t seed, std::vector<float>& series) const {
  const std::vector<double> x = simulate_targets(theta, seed, series);
  double sum = 0;
  for (size_t j = 0; j < targets.size(); ++j) {
    const Observation& o = targets[j].observation;
    const double gap = std::max({0.0, o.low - x[j], x[j] - o.high}) / targets[j].scale;
    sum += gap * gap;
  }
  return std::sqrt(sum / static_cast<double>(targets.size()));
}

void Calibration::scale_targets(int threads, const std::atomic<bool>* cancel) {
  if (!scale_by_prior_spread) return;
  const int n = smc.particles;
  std::vector<std::vector<double>> values(static_cast<size_t>(n));
  const std::vector<Distribution> pr = priors();
  std::atomic<int> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  constexpr uint64_t kPilot = 0x7069'6c6f'74ULL;  // "pilot"
  auto worker = [&] {
    try {
      std::vector<float> scratch;
      for (;;) {
        if (cancel && cancel->load(std::memory_order_relaxed)) return;
        const int i = next.fetch_add(1);
        if (i >= n) return;
        const uint64_t s = replicate_seed(seed ^ kPilot, static_cast<uint64_t>(i));
        Rng rng(s, Stream::kParameters);
        Eigen::VectorXd theta(static_cast<Eigen::Index>(pr.size()));
        for (size_t j = 0; j < pr.size(); ++j) theta[static_cast<Eigen::Index>(j)] = pr[j].quantile(rng.uniform());
        values[static_cast<size_t>(i)] = simulate_targets(theta, s, scratch);
      }
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!error) error = std::current_exception();
      next = n;
    }
  };
  std::vector<std::thread> pool;
  for (int k = 1; k < std::max(1, threads); ++k) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  if (cancel && cancel->load()) throw Interrupted();
  std::vector<double> column(static_cast<size_t>(n));
  for (size_t j = 0; j < targets.size(); ++j) {
    for (int i = 0; i < n; ++i) column[static_cast<size_t>(i)] = values[static_cast<size_t>(i)][j];
    auto mid = column.begin() + n / 2;
    std::nth_element(column.begin(), mid, column.end());
    const double median = *mid;
    for (double& x : column) x = std::abs(x - median);
    std::nth_element(column.begin(), mid, column.end());
    targets[j].prior_spread = 1.4826 * *mid;
    if (!targets[j].scale_in_file && targets[j].prior_spread > 0) targets[j].scale = targets[j].prior_spread;
  }
}

DistanceBatch parallel_distance(const Calibration& c, int threads, const std::atomic<bool>* cancel) {
  return [&c, threads, cancel](const Eigen::MatrixXd& thetas, const std::vector<uint64_t>& seeds) {
    const int64_t n = thetas.rows();
    const auto slice = cluster::slice_of(n, cluster::rank(), cluster::size());
    std::vector<double> local(static_cast<size_t>(slice.end - slice.begin));
    std::atomic<int64_t> next{slice.begin};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto worker = [&] {
      try {
        std::vector<float> scratch;
        for (;;) {
          if (cancel && cancel->load(std::memory_order_relaxed)) return;
          const int64_t i = next.fetch_add(1);
          if (i >= slice.end) return;
          local[static_cast<size_t>(i - slice.begin)] =
              c.distance(thetas.row(i).transpose(), seeds[static_cast<size_t>(i)], scratch);
        }
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        next = slice.end;
      }
    };
    const int t = std::max(1, std::min<int>(threads, static_cast<int>(std::max<int64_t>(1, slice.end - slice.begin))));
    if (t == 1) {
      worker();
    } else {
      std::vector<std::thread> pool;
      for (int k = 0; k < t; ++k) pool.emplace_back(worker);
      for (auto& th : pool) th.join();
    }
    if (error) std::rethrow_exception(error);
    if (cancel && cancel->load()) throw Interrupted();
    if (cluster::size() == 1) return local;
    std::string bytes(local.size() * sizeof(double), '\0');
    if (!local.empty()) std::memcpy(bytes.data(), local.data(), bytes.size());
    std::vector<double> all;
    all.reserve(static_cast<size_t>(n));
    for (const std::string& part : cluster::all_gather(bytes)) {
      const size_t m = part.size() / sizeof(double);
      const size_t at = all.size();
      all.resize(at + m);
      if (m) std::memcpy(all.data() + at, part.data(), m * sizeof(double));
    }
    return all;
  };
}

std::string posterior_csv(const Calibration& c, const SmcResult& r) {
  std::string s = "particle,weight";
  for (Param p : c.parameters) s += "," + std::string(spec(p).name);
  s += ",distance\n";
  for (Eigen::Index i = 0; i < r.particles.rows(); ++i) {
    const double w = r.weights[static_cast<size_t>(i)];
    if (!(w > 0)) continue;  // particles beyond the final tolerance carry no weight
    s += std::to_string(i) + "," + format_double(w);
    for (Eigen::Index j = 0; j < r.particles.cols(); ++j) s += "," + format_double(r.particles(i, j));
    s += "," + format_double(r.distances[static_cast<size_t>(i)]) + "\n";
  }
  return s;
}

std::string diagnostics_csv(const SmcResult& r) {
  std::string s = "generation,tolerance,ess,live,resampled,acceptance_rate,moves,unique,simulations\n";
  for (const auto& g : r.generations)
    s += std::to_string(g.generation) + "," + format_double(g.tolerance) + "," + format_double(std::round(g.ess * 1e6) / 1e6) +
         "," + std::to_string(g.live) + "," + (g.resampled ? "1" : "0") + "," + format_double(g.acceptance_rate) + "," +
         std::to_string(g.moves) + "," + std::to_string(g.unique) + "," + std::to_string(g.simulations) + "\n";
  return s;
}

std::string calibrated_lens_toml(const Calibration& c, const SmcResult& r) {
  std::string s;
  s += "# A calibrated lens written by 'multivector calibrate' (its manifest.json names the command).\n";
  s += "# It replaces the priors of the " + std::to_string(c.parameters.size()) +
       " calibrated parameters by the weighted posterior sample below (one particle per replicate, drawn\n"
       "# jointly). Use it with any scenario: multivector run SCENARIO --lens " + c.name + ".toml\n";
  s += "# Stopped because " + r.stop_reason + ".\n";
  s += "name = " + toml_quoted(c.name) + "\n";
  s += "description = " +
       toml_quoted("posterior of calibration '" + c.name + "' (" + std::to_string(c.targets.size()) +
                   " observations up to " + c.scenario.run.horizon.to_string() + ")") +
       "\n\n";
  std::vector<Eigen::Index> live;
  for (Eigen::Index i = 0; i < r.particles.rows(); ++i)
    if (r.weights[static_cast<size_t>(i)] > 0) live.push_back(i);
  auto array = [&](auto&& value) {
    std::string a = "[";
    for (size_t k = 0; k < live.size(); ++k) a += (k ? ", " : "") + format_double(value(live[k]));
    return a + "]";
  };
  s += "[posterior]\norigin = " + toml_quoted(c.name) + "\nweights = " +
       array([&](Eigen::Index i) { return r.weights[static_cast<size_t>(i)]; }) + "\n\n[posterior.parameters]\n";
  for (size_t j = 0; j < c.parameters.size(); ++j)
    s += std::string(spec(c.parameters[j]).name) + " = " +
         array([&](Eigen::Index i) { return r.particles(i, static_cast<Eigen::Index>(j)); }) + "\n";
  return s;
}

std::string targets_csv(const Calibration& c) {
  std::string s = "variable,period,value,low,high,unit,given_scale,prior_spread,scale,source_key,model_counterpart\n";
  for (const auto& t : c.targets) {
    const Observation& o = t.observation;
    s += o.variable + "," + o.period + "," + format_double(o.value) + "," + format_double(o.low) + "," +
         format_double(o.high) + "," + csv_field(o.unit) + "," + format_double(t.given_scale) + "," +
         format_double(t.prior_spread) + "," + format_double(t.scale) + "," + csv_field(o.source_key) + "," +
         csv_field(std::string(t.observable->description)) + "\n";
  }
  return s;
}

}  // namespace mv
