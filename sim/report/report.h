#pragma once
// `multivector report DIR [DIR_B]`: one self-contained report.html (no network fetches) with
// fan charts of the time series, histograms of outcomes, event probabilities with confidence
// intervals, the summary table, and the scenario's parameters with their sources. Two
// directories give a comparison (a what-if against the baseline): both on one calendar axis,
// what changed between their scenarios, and paired differences when their seeds pair. Charts are drawn
// by Chart.js from Debian's libjs-chart.js, inlined into the page.
#include <filesystem>
#include <string>
#include <vector>

#include "report/page.h"

namespace mv {

using page::kChartJsPath;

struct Report {
  std::string html;
  /// Why two batches do not compare cleanly (different seeds, replicates, citizens, dates), as
  /// sentences; the page shows them too.
  std::vector<std::string> warnings;
};

/// Builds the report for one or two batch output directories. The page holds no local path and
/// is the same bytes for the same batch files.
/// @throws InputError for a directory that is not a batch output; OutputError if Chart.js is missing.
Report build_report(const std::vector<std::filesystem::path>& dirs,
                    const std::filesystem::path& chart_js = kChartJsPath);

}  // namespace mv
