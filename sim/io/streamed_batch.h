#pragma once
// A batch written as its replicates arrive, in replicate order, so that memory does not grow
// with the number of replicates: runs.csv rows, the raw monthly series (series.f32) and the
// outcomes (a binary scratch file) go straight to disk; summary.csv and timeseries.csv are then
// computed from those files one column at a time, the series in chunks of steps within a fixed
// memory budget. The statistics are the ones the in-memory writers compute from the same
// values in the same order, so the files are byte for byte the same.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

#include "engine/batch.h"
#include "io/output_dir.h"
#include "model/model.h"
#include "scenario/scenario.h"

namespace mv {

class StreamedBatch {
 public:
  /// Starts runs.csv, series.f32 and the scratch file in `dir` for replicates [first, first + runs).
  /// @throws OutputError
  StreamedBatch(std::filesystem::path dir, const Scenario& sc, std::vector<Param> sampled, int64_t first,
                int64_t runs);
  ~StreamedBatch();
  /// The next replicate (in order). @throws OutputError
  void add(int64_t run, uint64_t seed, std::span<const double> params, const Outcomes& outcomes,
           std::span<const float> series);
  /// Closes the files; unless `shard`, writes summary.csv and timeseries.csv and removes
  /// series.f32 (a shard keeps it for the merge). Removes the scratch file. Memory: the budget,
  /// or one step of every replicate's series if that is larger, plus one column of values.
  /// @throws OutputError; Interrupted if `cancel` becomes true (checked between columns).
  void finish(bool shard, const std::atomic<bool>* cancel = nullptr,
              size_t memory_budget_bytes = size_t{16} << 20);

 private:
  std::filesystem::path dir_;
  const Scenario& sc_;
  std::vector<Param> sampled_;
  int64_t first_, runs_, added_ = 0;
  std::unique_ptr<AppendFile> runs_csv_, series_, outcomes_;
};

/// Runs replicates [options.first, options.first + options.runs) of `sc` on options.threads
/// workers and adds each to `out` in replicate order (the same seeds and parameters as
/// run_batch). @throws Interrupted if options.cancel became true; rethrows a worker's exception.
void stream_batch(const Scenario& sc, const BatchOptions& options, StreamedBatch& out);

/// Bytes of the series.f32 header ("MVSERIES" then int64 runs, steps, variables, first run).
inline constexpr size_t kSeriesHeaderBytes = 40;

}  // namespace mv
