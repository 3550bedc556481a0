#pragma once
// The scenario-discovery section of a report: when a batch or sweep directory holds the
// discovery.json that `multivector discover` wrote, the page shows the PRIM coverage-density
// trade-off curve with the chosen box marked, the chosen box's restrictions in plain names and
// units with their quasi-p-values, and the CART tree.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace mv {

/// The section's HTML, or "" when `dir` has no discovery.json; puts the curve into
/// data["discovery"]. @throws InputError for a discovery.json that is not as discover wrote it.
std::string discovery_section_html(const std::filesystem::path& dir, nlohmann::ordered_json& data);

/// Draws the curve (the page's drawing code appends it; it counts in `drawn`).
extern const char* const kDiscoveryJs;

}  // namespace mv
