#pragma once
// Runs a sweep into an output directory. Finished design points are appended, in point order,
// to a hidden journal directory beside the output (.NAME.partial) and flushed point by point,
// so an interrupted or killed sweep can be resumed (--resume) without repeating a point that
// reached the journal; the journal is renamed into place only when every point is written.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "sweep/sweep.h"

namespace mv {

struct SweepJobOptions {
  std::filesystem::path out;
  bool force = false;   // replace earlier results / discard an interrupted journal
  bool resume = false;  // continue the journal of an interrupted run
  int threads = 1;
  int shard_index = 0;  // --shard I/N: this job runs slice I of N of the design points
  int shard_count = 1;
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(int64_t done, int64_t total)> progress;  // replicates, this job
  std::string command_line;
};

struct SweepJobResult {
  bool complete = false;       // false: interrupted, journal kept
  int64_t points_total = 0;    // points of this job (its shard)
  int64_t points_resumed = 0;  // taken from the journal, not run again
  int64_t points_done = 0;     // in the journal at the end
  std::filesystem::path out;   // the output directory (or the journal, if interrupted)
  std::vector<std::string> warnings;
  bool sensitivity_written = false;
  std::string sensitivity_error;     // nan_policy = "error" refused to compute the indices
  std::vector<std::string> removed;  // what --force removed with the earlier results
};

/// @throws OutputError, InputError (a journal that does not belong to this sweep), and a
/// worker's exception; the journal is kept so the sweep can be resumed.
SweepJobResult run_sweep_job(const Sweep& sw, const SweepJobOptions& options);

/// The manifest of a sweep directory (or a shard of it).
std::string sweep_manifest_json(const Sweep& sw, int shard_index, int shard_count, int64_t first_point,
                                int64_t end_point, const std::string& command_line,
                                const std::string& started, double elapsed, int threads, int processes,
                                int64_t resumed, const std::vector<std::string>& files);

}  // namespace mv
