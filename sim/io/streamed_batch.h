#pragma once
// A batch written as its replicates arrive, in replicate order, so that memory does not grow
// with the number of replicates: runs.csv rows, the raw monthly series and the outcomes (binary
// scratch files) go straight to disk; summary.csv and timeseries.csv are then computed from
// those files one column at a time. The series scratch is written in groups of replicates,
// each group transposed (all the group's values of one month and variable side by side), so a
// chunk of columns of every replicate is one read per group, within a fixed memory budget. The
// statistics are the ones the in-memory writers compute from the same values in the same order,
// so the files are byte for byte the same. A shard instead keeps its series as series.f32, one
// replicate after another, for the merge. It is a replicate sink: run_batch(sc, options, sink)
// feeds it in replicate order from the engine's one loop.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

#include "engine/batch.h"
#include "engine/replicate_sink.h"
#include "io/output_dir.h"
#include "model/model.h"
#include "scenario/scenario.h"

namespace mv {

class StreamedBatch : public ReplicateSink {
 public:
  /// Starts runs.csv and the scratch files (a shard: series.f32) in `dir` for replicates
  /// [first, first + runs); with `replicate_series` also replicate_series.csv, written as the
  /// replicates arrive. `group` replicates' series are transposed together (0: as many as fit in
  /// 1 MiB, at most 256). @throws OutputError
  StreamedBatch(std::filesystem::path dir, const Scenario& sc, int64_t first, int64_t runs, bool shard,
                bool replicate_series = false, int group = 0);
  ~StreamedBatch() override;
  /// The next replicate (in order). @throws OutputError
  void accept(int64_t run, uint64_t seed, std::span<const double> params, const Outcomes& outcomes,
              std::span<const float> series) override;
  /// Closes the files; unless a shard, writes summary.csv and timeseries.csv, summarising
  /// `threads` columns at a time in parallel. Removes the scratch files. Memory: the budget (or
  /// one column of every replicate's series, 4 bytes each, if that is larger), one group of
  /// series, and one column of values per thread (8 bytes per replicate each). @throws OutputError;
  /// Interrupted if `cancel` becomes true (checked between columns).
  void finish(const std::atomic<bool>* cancel = nullptr, size_t memory_budget_bytes = kStreamedBudgetBytes,
              int threads = 1);

  /// The default budget of finish: small enough that batches of a thousand replicates or more
  /// fill it, so their peak memory does not depend on the number of replicates.
  static constexpr size_t kStreamedBudgetBytes = size_t{2} << 20;

 private:
  void flush_group();

  std::filesystem::path dir_;
  const Scenario& sc_;
  ScenarioLabel label_;
  int64_t first_, runs_, added_ = 0;
  bool shard_;
  size_t row_;    // floats of one replicate's series: steps x variables
  size_t group_;  // replicates per transposed group
  std::vector<float>
      group_buffer_;  // the current group, transposed: column c of its j-th replicate at c * group_ + j
  size_t in_group_ = 0;
  std::unique_ptr<AppendFile> runs_csv_, series_, outcomes_, replicate_series_;
};

/// Bytes of the series.f32 header ("MVSERIES" then int64 runs, steps, variables, first run).
inline constexpr size_t kSeriesHeaderBytes = 40;

}  // namespace mv
