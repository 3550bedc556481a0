#pragma once
// Shards and their merge. A batch or sweep split with --shard I/N (or across MPI ranks) is a
// set of contiguous slices of one plan; every replicate and design point is a pure function of
// its index, so the merged files are byte for byte what one process writes. Merging needs the
// raw values, not summaries: a run shard keeps runs.csv (every outcome at full precision,
// shortest round-trip text) and series.f32 (its replicates' time series, raw), and summary.csv
// and timeseries.csv are computed once, from all replicates, by the merge. A sweep shard keeps
// its rows of points.csv (and replicates.csv); sensitivity.csv is computed by the merge.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/batch.h"

namespace mv {

/// Binary image of a batch slice's per-replicate data (seeds, parameters, outcomes, series),
/// for sending between MPI ranks.
std::string pack_batch(const BatchResult& r);
/// Appends a packed slice (the next replicates in index order) to `into`.
/// @throws Error if the bytes do not match `into`'s layout.
void append_packed_batch(BatchResult& into, std::string_view bytes);

/// series.f32: a 40-byte header ("MVSERIES", then int64 runs, steps, variables, first run) then
/// runs x steps x variables little-endian IEEE floats.
std::string series_file(const BatchResult& r);

struct MergeSummary {
  std::filesystem::path out;
  int64_t items = 0;
  std::string unit;  // "replicates" or "design points"
  std::vector<std::string> warnings;
  std::string sensitivity_error;     // nan_policy = "error" refused the indices (points are written)
  std::vector<std::string> removed;  // what --force removed with the earlier results
};

/// Merges the shard directories of one run or sweep into `out`. Shards written by different
/// program versions or commits are refused unless `allow_version_mismatch`, which the merged
/// manifest then records ("version_mismatch": each shard's version and commit).
/// @throws InputError if the shards are not the complete, undamaged set of one batch or sweep.
MergeSummary merge_shards(const std::vector<std::filesystem::path>& dirs, const std::filesystem::path& out,
                          bool force, const std::string& command_line, bool allow_version_mismatch = false);

}  // namespace mv
