#pragma once
// `multivector report DIR [DIR_B]`: one self-contained report.html (no network fetches) with
// fan charts of the time series, histograms of outcomes, event probabilities with confidence
// intervals, the summary table, and the scenario's parameters with their sources. Two
// directories give a side-by-side comparison (a what-if against the baseline). Charts are drawn
// by Chart.js from Debian's libjs-chart.js, inlined into the page.
#include <filesystem>
#include <string>
#include <vector>

namespace mv {

inline constexpr const char* kChartJsPath = "/usr/share/javascript/chart.js/chart.min.js";

/// Builds the report for one or two batch output directories.
/// @throws InputError for a directory that is not a batch output; OutputError if Chart.js is missing.
std::string build_report(const std::vector<std::filesystem::path>& dirs,
                         const std::filesystem::path& chart_js = kChartJsPath);

}  // namespace mv
