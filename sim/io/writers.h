#pragma once
// The output contract: runs.csv, summary.csv, timeseries.csv (RFC 4180, header row, numbers in
// shortest round-trip form, NaN for undefined) and manifest.json.
#include <string>

#include "engine/batch.h"
#include "scenario/scenario.h"

namespace mv {

std::string runs_csv(const BatchResult& r);
std::string summary_csv(const BatchResult& r);
std::string timeseries_csv(const BatchResult& r, const Scenario& sc);

struct RunInfo {
  std::string command_line;
  std::string start_time_utc;  // ISO 8601
  double elapsed_seconds = 0;
  int threads = 1;
  int processes = 1;  // MPI ranks
  int shard_index = 0, shard_count = 1;
};
std::string manifest_json(const Scenario& sc, const BatchResult& r, const RunInfo& info);

/// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180).
std::string csv_field(const std::string& s);
/// A number as written in every CSV: shortest round-trip form, "NaN" when undefined.
std::string csv_number(double x);

}  // namespace mv
