#pragma once
// The sweep output contract: points.csv (one row per design point: its factor values and the
// distribution of each outcome over its replicates), replicates.csv (optional: one row per
// replicate) and sensitivity.csv. Same conventions as the batch files (RFC 4180, CRLF, numbers
// in shortest round-trip form, NaN for undefined).
#include <filesystem>
#include <string>
#include <vector>

#include "engine/sweep_runner.h"

namespace mv {

/// Statistics written per outcome in points.csv, as column suffixes.
inline constexpr const char* kPointStats[] = {"n", "mean", "sd", "p05", "p50", "p95"};

/// The columns of points.csv: point, the factors, replicates, then for each outcome
/// <outcome>_<statistic> for each statistic of kPointStats. The one place the header is built.
std::vector<std::string> points_csv_columns(const SweepPlan& plan);
/// The columns of replicates.csv: point, replicate, seed, scenario, lens, every parameter (table
/// order; a factor's column holds its value at the point), every outcome.
std::vector<std::string> replicates_csv_columns();
/// The columns of points_long.csv: point, the factors, outcome, statistic, value.
std::vector<std::string> points_long_csv_columns(const SweepPlan& plan);

std::string points_csv_header(const SweepPlan& plan);
std::string points_csv_row(const SweepPlan& plan, const PointResult& p);
std::string replicates_csv_header(const SweepPlan& plan);
std::string replicates_csv_rows(const SweepPlan& plan, const PointResult& p);
/// The points_long.csv rows of one points.csv row given as its fields (as written, so the values
/// are the same text): one row per outcome and statistic.
std::string points_long_csv_rows(const std::vector<std::string>& fields, size_t factors);
/// Writes points_long.csv from a complete points.csv of `plan`, a line at a time.
/// @throws InputError (a header or row that is not this plan's), OutputError
void write_points_long(const std::filesystem::path& points, const std::filesystem::path& out, const SweepPlan& plan);

}  // namespace mv
