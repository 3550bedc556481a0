#pragma once
// `multivector explain --format html`: one replicate's story as a picture beside its narrative.
// Its series (alignment, the Russian route, unrest, opinion, legitimacy) month by month, the
// scripted events as numbered dashed lines, and the powers' moves on a strip, one row a power.
#include <filesystem>
#include <string>

#include "explain/explain.h"
#include "report/page.h"

namespace mv {

/// The page; the same bytes for the same scenario, seed and replicate. @throws OutputError if
/// Chart.js is missing.
std::string build_story_page(const Scenario& sc, const ExplainOptions& opt,
                             const std::filesystem::path& chart_js = page::kChartJsPath);

}  // namespace mv
