#pragma once
// The sweep output contract: points.csv (one row per design point: its factor values and the
// distribution of each outcome over its replicates), replicates.csv (optional: one row per
// replicate) and sensitivity.csv. Same conventions as the batch files (RFC 4180, CRLF, numbers
// in shortest round-trip form, NaN for undefined).
#include <string>
#include <vector>

#include "engine/sweep_runner.h"

namespace mv {

/// Statistics written per outcome in points.csv, as column suffixes.
inline constexpr const char* kPointStats[] = {"n", "mean", "sd", "p05", "p50", "p95"};

std::string points_csv_header(const SweepPlan& plan);
std::string points_csv_row(const SweepPlan& plan, const PointResult& p);
std::string replicates_csv_header(const SweepPlan& plan);
std::string replicates_csv_rows(const SweepPlan& plan, const PointResult& p);

}  // namespace mv
