#pragma once
// `multivector report SWEEP_DIR`: a sweep's results as pictures, on the same page machinery as
// the batch report. Sobol' designs: first- and total-order indices as bars with their 95%
// intervals; Morris designs: the mu*-sigma scatter; grids: heat maps of each outcome's mean
// over the first two factors; Latin hypercubes: each factor against the outcome, and parallel
// coordinates. An index that is NaN, above 1 or below 0 comes with the reason, in words.
#include <filesystem>
#include <string>

#include "report/page.h"

namespace mv {

/// True when `dir`'s manifest.json says it holds a sweep ("kind": "sweep").
bool is_sweep_directory(const std::filesystem::path& dir);

/// The sweep report's page; the same bytes for the same sweep files.
/// @throws InputError for a directory that is not a finished sweep (located at file:line);
/// OutputError if Chart.js is missing.
std::string build_sweep_report(const std::filesystem::path& dir,
                               const std::filesystem::path& chart_js = page::kChartJsPath);

}  // namespace mv
