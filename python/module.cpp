// The `multivector._core` extension: the library's run, sweep, calibration and tables for the
// Python package in python/multivector/, which turns the results into pandas DataFrames.
//
// runs.csv crosses as columns: the names from the writer's header (runs_csv_columns), the numbers
// from the batch in memory, and which columns the file writes as integer literals (pandas reads
// those as int64), so the DataFrame equals the file read back, dtypes included. The other tables
// cross as the bytes the CSV writers of sim/io produce (shortest round-trip text, read back
// exactly): they are small. The per-replicate series cross as one NumPy array that owns the
// batch's buffer. The GIL is released while the simulator runs and the tables are
// written; the calling thread takes it back about five times a second to let Ctrl-C stop a run.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <optional>
#include <thread>

#include "calibration/calibration.h"
#include "cli/options.h"
#include "engine/batch.h"
#include "io/writers.h"
#include "scenario/scenario.h"
#include "sweep/job.h"
#include "sweep/sweep.h"

namespace py = pybind11;
namespace fs = std::filesystem;

namespace mv::python {

namespace {

/// A run setting given as a keyword argument, within its bounds in the run-settings table.
/// @throws UsageError (ValueError in Python) naming the keyword and the range.
int64_t setting_argument(int64_t value, const char* keyword, RunSetting s) {
  if (value < spec(s).lower || value > spec(s).upper)
    throw UsageError(std::string(keyword) + "=" + std::to_string(value) +
                     " is out of range; expected an integer in " + range_text(s));
  return value;
}

int threads_argument(std::optional<int64_t> threads) {
  if (threads) return static_cast<int>(setting_argument(*threads, "threads", RunSetting::threads));
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

/// Lets Ctrl-C stop the library: called on the thread that released the GIL, it takes the GIL
/// back, runs Python's signal handlers and, if one raised (KeyboardInterrupt), sets `cancel`;
/// the exception stays pending and is raised once the library has stopped.
void check_signals(std::atomic<bool>& cancel) {
  py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() != 0) cancel = true;
}

/// Raises the pending Python exception (from check_signals) if there is one, else Interrupted.
[[noreturn]] void raise_interrupted() {
  if (PyErr_Occurred()) throw py::error_already_set();
  throw Interrupted();
}

/// The scenario as `multivector run SCENARIO --lens ...` reads it, with the what-if text (the
/// keyword arguments parameters=, mechanisms= and events= written as TOML by the package) between
/// the scenario and its lenses. @throws InputError, UsageError.
Scenario load_run_scenario(const fs::path& scenario, const std::vector<std::string>& lenses,
                           const std::string& whatif_toml, const std::string& whatif_label) {
  std::vector<fs::path> lens_paths;
  for (const auto& name : lenses) lens_paths.push_back(cli::resolve_lens(name, scenario));
  if (whatif_toml.empty()) return load_scenario(scenario, lens_paths);
  const InlineWhatIf whatif{whatif_label, whatif_toml};
  return load_scenario(scenario, lens_paths, &whatif);
}

/// Refuses a batch whose series would not fit in memory (the module keeps the whole batch).
void check_memory(const Scenario& sc, int threads) {
  const double bytes = static_cast<double>(sc.run.runs) * (sc.run.steps() * kNumSeries * sizeof(float) +
                                                           (kNumOutcomes + kNumParams + 1) * 8.0) +
                       threads * static_cast<double>(sc.run.citizens) * 72.0;
  const double limit =
      static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE)) * 0.8;
  if (bytes > limit)
    throw UsageError("a batch of " + std::to_string(sc.run.runs) + " runs of " +
                     std::to_string(sc.run.steps()) + " months would need about " +
                     std::to_string(static_cast<long long>(bytes / (1 << 20))) +
                     " MiB of memory, more than 80% of this machine's; expected fewer runs= or citizens=, "
                     "or the command line (multivector run streams its replicates to disk)");
}

/// runs.csv as columns: the names from the writer's own header, the numbers from the batch.
struct RunsColumns {
  std::vector<std::string> names;  // run, seed, scenario, lens, then `width` columns of values
  size_t width = 0;
  std::vector<double> values;      // runs x width, row-major: every parameter, then the outcomes
  std::vector<bool> integer_text;  // per value column: every value written as an integer literal
};

/// True if the CSV writers write `v` as an integer literal (which pandas reads as int64).
bool written_as_integer(double v) {
  if (!std::isfinite(v) || v != std::trunc(v) || std::fabs(v) >= 9e18) return false;
  return csv_number(v).find_first_not_of("-0123456789") == std::string::npos;
}

/// The leading columns of runs.csv that are not numbers of the batch's value matrix.
constexpr size_t kRunsKeyColumns = 4;  // run, seed, scenario, lens

/// @throws std::logic_error if runs.csv's header has columns this function does not fill.
RunsColumns runs_columns(const BatchResult& r) {
  RunsColumns c;
  c.names = runs_csv_columns();
  c.width = static_cast<size_t>(kNumParams) + kNumOutcomes;
  if (c.names.size() != kRunsKeyColumns + c.width)
    throw std::logic_error("runs.csv has " + std::to_string(c.names.size()) + " columns, the module fills " +
                           std::to_string(kRunsKeyColumns + c.width) +
                           ": python/module.cpp's runs_columns needs the new ones");
  const auto runs = static_cast<size_t>(r.runs);
  const auto np = static_cast<size_t>(kNumParams);
  c.values.resize(runs * c.width);
  for (size_t i = 0; i < runs; ++i) {
    std::copy_n(r.params.begin() + static_cast<std::ptrdiff_t>(i * np), np, c.values.begin() + i * c.width);
    std::copy(r.outcomes[i].begin(), r.outcomes[i].end(), c.values.begin() + i * c.width + np);
  }
  c.integer_text.assign(c.width, true);
  for (size_t j = 0; j < c.width; ++j)
    for (size_t i = 0; i < runs && c.integer_text[j]; ++i)
      c.integer_text[j] = written_as_integer(c.values[i * c.width + j]);
  return c;
}

/// A vector handed to NumPy without a copy: the array owns it.
template <typename T>
py::array_t<T> owned_array(std::vector<T>&& v, std::vector<py::ssize_t> shape) {
  auto* owner = new std::vector<T>(std::move(v));
  py::capsule free_when_done(owner, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(shape, owner->data(), free_when_done);
}

py::dict run(const fs::path& scenario, const std::vector<std::string>& lenses, const std::string& whatif_toml,
             const std::string& whatif_label, std::optional<int64_t> runs, std::optional<int64_t> seed,
             std::optional<int64_t> citizens, std::optional<int64_t> threads_arg, bool series) {
  Scenario sc = load_run_scenario(scenario, lenses, whatif_toml, whatif_label);
  if (runs) sc.run.runs = setting_argument(*runs, "runs", RunSetting::runs);
  if (seed) sc.run.seed = static_cast<uint64_t>(setting_argument(*seed, "seed", RunSetting::seed));
  if (citizens) sc.run.citizens = setting_argument(*citizens, "citizens", RunSetting::citizens);
  const int threads = threads_argument(threads_arg);
  check_memory(sc, threads);

  std::atomic<bool> cancel{false};
  BatchOptions bo;
  bo.runs = sc.run.runs;
  bo.seed = sc.run.seed;
  bo.threads = threads;
  bo.cancel = &cancel;
  bo.progress = [&cancel](int64_t) { check_signals(cancel); };
  auto result = std::make_unique<BatchResult>();
  RunsColumns runs_table;
  std::string summary_text, timeseries_text;
  bool interrupted = false;
  {
    py::gil_scoped_release nogil;
    try {
      *result = run_batch(sc, bo);
      const BatchResult& r = *result;
      runs_table = runs_columns(r);
      summary_text = summary_csv(
          r.runs,
          [&](int k, std::vector<double>& values) {
            for (int64_t i = 0; i < r.runs; ++i) values[i] = r.outcomes[i][k];
          },
          threads);
      timeseries_text = timeseries_csv(
          r.runs, r.steps, sc.run.start,
          [&](int t, int k, std::vector<double>& values) {
            for (int64_t i = 0; i < r.runs; ++i) values[i] = r.series_at(i, t, k);
          },
          threads);
    } catch (const Interrupted&) {
      interrupted = true;
    }
  }
  if (interrupted) raise_interrupted();

  py::dict out;
  out["name"] = sc.name;
  out["seed"] = sc.run.seed;
  out["runs"] = sc.run.runs;
  out["citizens"] = sc.run.citizens;
  out["threads"] = threads;
  out["runs_columns"] = runs_table.names;
  out["runs_scenario"] = result->label.scenario;
  out["runs_lens"] = result->label.lens;
  out["runs_integer"] = std::vector<bool>(runs_table.integer_text);
  out["runs_values"] =
      owned_array(std::move(runs_table.values),
                  {static_cast<py::ssize_t>(result->runs), static_cast<py::ssize_t>(runs_table.width)});
  std::vector<int64_t> run_index(static_cast<size_t>(result->runs));
  for (size_t i = 0; i < run_index.size(); ++i) run_index[i] = result->first + static_cast<int64_t>(i);
  out["runs_run"] = owned_array(std::move(run_index), {result->runs});
  out["runs_seed"] = owned_array(std::vector<uint64_t>(result->seeds), {result->runs});
  out["summary_csv"] = py::str(summary_text);
  out["timeseries_csv"] = py::str(timeseries_text);
  out["resolved_toml"] = sc.resolved_toml();
  std::vector<std::string> dates;
  for (int t = 0; t < sc.run.steps(); ++t) dates.push_back(sc.run.start.plus(t).to_string());
  out["dates"] = dates;
  if (series)
    out["series"] = owned_array(std::move(result->series), {static_cast<py::ssize_t>(result->runs),
                                                            static_cast<py::ssize_t>(result->steps),
                                                            static_cast<py::ssize_t>(kNumSeries)});
  return out;
}

py::dict sweep(const fs::path& file, const std::string& out, bool force, bool resume,
               std::optional<int64_t> threads_arg) {
  const Sweep sw = load_sweep(file);
  SweepJobOptions jo;
  jo.threads = threads_argument(threads_arg);
  jo.out = cli::output_path(out.empty() ? "results/" + sw.name : out);
  jo.force = force;
  jo.resume = resume;
  std::atomic<bool> cancel{false};
  jo.cancel = &cancel;
  jo.progress = [&cancel](int64_t, int64_t) { check_signals(cancel); };
  jo.command_line = "multivector.sweep(" + file.string() + ")";
  SweepJobResult r;
  {
    py::gil_scoped_release nogil;
    r = run_sweep_job(sw, jo);
  }
  if (!r.complete) {
    if (PyErr_Occurred()) throw py::error_already_set();
    throw Interrupted();
  }
  py::dict d;
  d["name"] = sw.name;
  d["out"] = r.out;
  d["points"] = r.points_total;
  d["replicates"] = sw.replicates;
  d["warnings"] = r.warnings;
  d["sensitivity_error"] = r.sensitivity_error;
  d["sensitivity_written"] = r.sensitivity_written;
  return d;
}

py::dict calibrate(const fs::path& file, std::optional<int64_t> particles, std::optional<int64_t> seed,
                   std::optional<int64_t> citizens, std::optional<int64_t> threads_arg) {
  Calibration c = load_calibration(file);
  if (particles) {
    if (*particles < 10 || *particles > 100'000)
      throw UsageError("particles=" + std::to_string(*particles) +
                       " is out of range; expected an integer in 10 to 100000");
    c.smc.particles = static_cast<int>(*particles);
  }
  if (c.smc.max_simulations < c.smc.particles)
    throw UsageError("particles=" + std::to_string(c.smc.particles) + " exceeds the file's max_simulations " +
                     std::to_string(c.smc.max_simulations) + "; expected at most that many particles");
  if (seed) c.seed = static_cast<uint64_t>(setting_argument(*seed, "seed", RunSetting::seed));
  if (citizens) c.scenario.run.citizens = setting_argument(*citizens, "citizens", RunSetting::citizens);
  const int threads = threads_argument(threads_arg);
  std::atomic<bool> cancel{false};
  SmcHooks hooks;
  hooks.cancel = &cancel;
  hooks.on_generation = [&cancel](const GenerationStats&) { check_signals(cancel); };
  SmcResult r;
  py::dict d;
  bool interrupted = false;
  {
    py::gil_scoped_release nogil;
    try {
      c.scale_targets(threads, &cancel);
      r = smc_abc(c.priors(), parallel_distance(c, threads, &cancel), c.smc, c.seed, hooks);
    } catch (const Interrupted&) {
      interrupted = true;
    }
  }
  if (interrupted || cancel) raise_interrupted();
  d["name"] = c.name;
  d["seed"] = c.seed;
  d["stop_reason"] = r.stop_reason;
  d["posterior_csv"] = posterior_csv(c, r);
  d["diagnostics_csv"] = diagnostics_csv(r);
  d["targets_csv"] = targets_csv(c);
  d["lens_toml"] = calibrated_lens_toml(c, r);
  return d;
}

}  // namespace

}  // namespace mv::python

PYBIND11_MODULE(_core, m) {
  using namespace mv;
  m.doc() = "The Multivector simulator's library; use the multivector package, which wraps it in pandas.";
  m.attr("__version__") = MV_VERSION;
  // A bad input (scenario, lens, keyword) is a ValueError with the located message, an output
  // that cannot be written an OSError; anything else the library throws is a RuntimeError.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const OutputError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const Error& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const Interrupted& e) {
      PyErr_SetString(PyExc_KeyboardInterrupt, e.what());
    }
  });
  m.def("run", &python::run, py::arg("scenario"), py::arg("lenses"), py::arg("whatif_toml"),
        py::arg("whatif_label"), py::arg("runs"), py::arg("seed"), py::arg("citizens"), py::arg("threads"),
        py::arg("series"),
        "Runs a batch; returns its runs, summary and timeseries tables as CSV text (and the series).");
  m.def("sweep", &python::sweep, py::arg("file"), py::arg("out"), py::arg("force"), py::arg("resume"),
        py::arg("threads"), "Runs a sweep file into the directory `out`.");
  m.def("calibrate", &python::calibrate, py::arg("file"), py::arg("particles"), py::arg("seed"),
        py::arg("citizens"), py::arg("threads"), "Runs a calibration file; returns its tables as CSV text.");
  m.def("parameters_csv", &parameters_csv, "The parameter table, as `multivector params --format csv`.");
  m.def("outcomes_csv", &outcomes_csv, "The outcome table, as outcomes.csv.");
  std::vector<std::string> series;
  for (const auto& s : kSeries) series.emplace_back(s.name);
  m.attr("series_names") = series;
  m.attr("mechanism_names") = mechanism_names();
}
