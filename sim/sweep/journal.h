#pragma once
// The journal of a single-process sweep (.NAME.partial beside --out): the files it wrote
// before its first design point, then points.csv (and replicates.csv) a finished point at a
// time. This is what --resume reads.
#include <cstdint>
#include <filesystem>
#include <string>

#include "engine/sweep_runner.h"

namespace mv {

/// Why `line` (a row as read, with its CR) is not the points.csv row `plan` writes for design
/// point `p` under a header of `width` columns: its index, factor values, replicate count and
/// numbers. Empty if it is. Shared by --resume and merge.
std::string points_row_problem(const SweepPlan& plan, const std::string& line, int64_t p, size_t width);
/// The same for replicates.csv: replicate `r` of point `p`, with its seed.
std::string replicate_row_problem(const SweepPlan& plan, const std::string& line, int64_t p, int64_t r,
                                  size_t width);
/// The same for replicate_series.csv: row `row` (0-based, counted from the first point `first`),
/// i.e. month row % steps of replicate (row / steps) % replicates of point first + row / (steps
/// replicates).
std::string series_row_problem(const SweepPlan& plan, const std::string& line, int64_t first, int64_t row,
                               size_t width);
/// The number of columns of a CSV header line as written ("...\r\n").
size_t header_width(const std::string& header);

/// What the journal of one sweep and shard holds when nothing has damaged it.
struct JournalSpec {
  std::filesystem::path dir;
  const SweepPlan* plan = nullptr;
  int64_t first_point = 0, end_point = 0;  // the shard's design points [first, end)
  std::string sweep_text, scenario_text;   // sweep.resolved.toml, scenario.resolved.toml
  std::string points_header, replicates_header;
  bool write_replicates = false;
  std::string series_header;  // replicate_series.csv, with write_series
  bool write_series = false;
};

/// Checks an interrupted sweep's journal line by line before anything runs, then cuts it back
/// to its last finished design point (a killed run leaves at most an unfinished last line, and
/// the replicate rows of a point whose points.csv row was not yet written). Returns the number
/// of finished points.
/// @throws InputError at file:line for damage: a missing or changed file, a row that is not
/// what this sweep writes for its point, rows past the shard, replicate rows lost or repeated.
int64_t resume_journal(const JournalSpec& spec);

}  // namespace mv
