#pragma once
// Sensitivity analysis of a finished sweep: reads each design point's mean outcome from
// points.csv (streamed, one line at a time) and computes Sobol' indices (sobol design) or
// Morris elementary-effect statistics (morris design) for every outcome.
#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "sweep/sweep.h"

namespace mv {

struct SensitivityReport {
  std::string csv;                    // sensitivity.csv
  std::vector<std::string> warnings;  // one per outcome with dropped (undefined) values
  int64_t dropped_total = 0;
};

/// `shown_as` is the path messages name (the file's final place, when it is read from staging).
/// @throws InputError if points.csv does not match the sweep (header, row count), or if
/// `policy` is error and an outcome is undefined at some design point; Interrupted if `cancel`
/// becomes true (checked between outcomes).
SensitivityReport sensitivity_from_points(const Sweep& sw, const std::filesystem::path& points_csv,
                                          NanPolicy policy, int bootstrap,
                                          const std::filesystem::path& shown_as = {},
                                          const std::atomic<bool>* cancel = nullptr);

/// The factors ranked for one outcome, most influential first, as a text table: by total-order
/// index (sobol) or by mu* (morris). `csv` is a sensitivity.csv.
/// @throws InputError if the outcome is not in the table (with a suggestion).
std::string sensitivity_ranking(const std::string& csv, const std::string& outcome);

}  // namespace mv
