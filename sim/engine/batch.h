#pragma once
// Plan, then execute (STYLE.md rule 4): every replicate's seed and parameters are a function
// of (master seed, replicate index) alone; workers pull the next index from an atomic counter
// and finished replicates reach a sink in replicate order, so results are identical for any
// thread count. A batch runs on the engine's one loop (engine/sweep_runner.h: a batch is a plan
// of one-replicate points without factors) whatever its sink: in memory (BatchCollector), or
// streamed to files (io/streamed_batch.h).
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/replicate_sink.h"
#include "model/model.h"
#include "scenario/scenario.h"

namespace mv {

/// Indices of the parameters a scenario samples from a distribution (not fixed).
std::vector<Param> sampled_parameters(const Scenario& sc);

/// One replicate's parameter values, drawn from its own parameter stream.
ParamValues sample_parameters(const Scenario& sc, uint64_t replicate_seed);

/// One replicate's parameter values under the scenario's calibration reference (its base file's
/// reading), drawn with the same uniforms as sample_parameters, so a parameter the what-ifs and
/// lenses leave alone has the same value in both.
ParamValues sample_calibration(const Scenario& sc, uint64_t replicate_seed);

/// Runs one replicate to the horizon; `series`, if not empty, receives steps x kNumSeries
/// values (row-major by step).
Outcomes run_replicate(const Scenario& sc, const ParamValues& params, uint64_t replicate_seed,
                       std::span<float> series = {});
/// The same with the calibration reading given (a calibration sets both readings to a particle).
Outcomes run_replicate(const Scenario& sc, const ParamValues& params, const ParamValues& calibration,
                       uint64_t replicate_seed, std::span<float> series);

/// What tells one batch's rows from another's when files of several scenarios are stacked:
/// the scenario's name without its lenses, and the lenses applied joined by '+' ("none" if none).
struct ScenarioLabel {
  std::string scenario, lens = "none";
};
ScenarioLabel scenario_label(const Scenario& sc);

struct BatchOptions {
  int64_t runs = 1000;
  /// Index of the first replicate: a shard runs replicates [first, first + runs) of a batch.
  int64_t first = 0;
  uint64_t seed = 0;
  int threads = 1;
  /// Called on the calling thread about five times a second with the replicates done.
  std::function<void(int64_t done)> progress;
  /// Set (e.g. from a signal handler) to stop early; run_batch then throws Interrupted.
  const std::atomic<bool>* cancel = nullptr;
};

struct BatchResult {
  int64_t runs = 0;
  int64_t first = 0;  // index of the first replicate held (non-zero for a shard)
  int steps = 0;
  std::vector<Param> sampled;      // the parameters drawn from a distribution (not fixed)
  ScenarioLabel label;             // the scenario and lens columns of runs.csv
  std::vector<uint64_t> seeds;     // per replicate
  std::vector<double> params;      // runs x kNumParams: every parameter, in table order
  std::vector<Outcomes> outcomes;  // per replicate
  std::vector<float> series;       // runs x steps x kNumSeries
  double param(int64_t run, Param p) const {
    return params[static_cast<size_t>(run) * kNumParams + static_cast<size_t>(p)];
  }
  double series_at(int64_t run, int step, int var) const {
    return series[(static_cast<size_t>(run) * steps + step) * kNumSeries + var];
  }
};

class Interrupted : public std::exception {
 public:
  const char* what() const noexcept override { return "interrupted"; }
};

/// The sink that keeps a batch in memory: replicates [first, first + runs) into a BatchResult.
class BatchCollector : public ReplicateSink {
 public:
  BatchCollector(const Scenario& sc, int64_t first, int64_t runs);
  void accept(int64_t index, uint64_t seed, std::span<const double> params, const Outcomes& outcomes,
              std::span<const float> series) override;
  BatchResult take() { return std::move(r_); }

 private:
  BatchResult r_;
};

/// Runs replicates [options.first, options.first + options.runs) of `sc` on options.threads
/// workers and hands each to `sink` in replicate order, on the calling thread.
/// @throws Interrupted if options.cancel became true before the last replicate was handed on;
/// rethrows a worker's or the sink's exception.
void run_batch(const Scenario& sc, const BatchOptions& options, ReplicateSink& sink);

/// run_batch into a BatchCollector.
/// @throws Interrupted if options.cancel became true; rethrows a worker's exception.
BatchResult run_batch(const Scenario& sc, const BatchOptions& options);

/// Tells the C library's allocator (glibc) to keep freed memory for the next replicate rather
/// than hand it back to the kernel and fault it in again: every replicate allocates its
/// population (40 bytes per citizen) and frees it at the end, and on a virtual machine the
/// page faults of a fresh population cost as much as twenty months of its update. Called by
/// the engines; idempotent; does nothing elsewhere.
void keep_freed_memory_for_replicates();

}  // namespace mv
