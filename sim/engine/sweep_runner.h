#pragma once
// Runs the design points of a sweep (plan, then execute: STYLE.md rule 4). The unit of work is
// one replicate of one design point, numbered g = point * replicates + r; workers pull g from
// an atomic counter; a point's replicates land in that point's slots, and completed points are
// handed to the caller strictly in point order on the calling thread. Memory holds only the
// points in flight (a window a few points wide per thread), never the whole sweep. This is the
// engine's one loop: a batch (engine/batch.h) runs on it as points of one replicate each.
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "design/design.h"
#include "model/model.h"
#include "scenario/scenario.h"

namespace mv {

/// Everything the engine needs to run a sweep: no files, no TOML.
struct SweepPlan {
  const Scenario* scenario = nullptr;      // the base scenario
  std::vector<Param> factors;              // the parameters set by the design
  const design::Matrix* values = nullptr;  // points x factors: each point's factor values
  int64_t replicates = 1;
  uint64_t seed = 0;
  bool common_random_numbers = true;
  /// Keep each replicate's monthly series (PointResult::series).
  bool record_series = false;
  int64_t points() const { return values->rows(); }
  /// The seed of replicate r of design point `point`: with common random numbers, replicate r
  /// of every point shares seed replicate_seed(seed, r) (differences between points are then
  /// the factors' alone); otherwise each (point, r) is replicate point * R + r of the sweep.
  uint64_t replicate_seed_of(int64_t point, int64_t r) const;
};

/// Builds the plan for a scenario, factors and their values.
SweepPlan make_sweep_plan(const Scenario& sc, std::vector<Param> factors, const design::Matrix& values,
                          int64_t replicates, uint64_t seed, bool common_random_numbers);

/// One design point's replicates.
struct PointResult {
  int64_t point = 0;
  std::vector<uint64_t> seeds;     // per replicate
  std::vector<double> params;      // replicates x kNumParams: every parameter, factors included
  std::vector<Outcomes> outcomes;  // per replicate
  std::vector<float> series;       // with plan.record_series: replicates x steps x kNumSeries
};

struct SweepRunOptions {
  int64_t first_point = 0;  // run points [first_point, end_point)
  int64_t end_point = 0;
  int threads = 1;
  const std::atomic<bool>* cancel = nullptr;
  /// Called on the calling thread about five times a second with the replicates done.
  std::function<void(int64_t replicates_done)> progress;
};

/// How many design points may be in flight at once (memory holds only these).
int64_t sweep_window(int threads, int64_t replicates);

/// Runs the points and calls `sink` for each, in point order, on the calling thread.
/// @throws Interrupted after the in-order prefix of finished points was delivered, if
/// options.cancel became true; rethrows a worker's or the sink's exception.
void run_sweep_points(const SweepPlan& plan, const SweepRunOptions& options,
                      const std::function<void(const PointResult&)>& sink);

}  // namespace mv
