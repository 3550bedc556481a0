#pragma once
// Observed data (data/observed/*.csv): one row per observation, each with its period, value,
// low-high range (the disagreement between sources), unit, bibliography keys and split
// (`calibration` for periods up to 2023, `holdout` from 2024). The level checks and the later
// calibration read the same rows.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace mv {

struct Observation {
  std::string variable;
  std::string period;  // YYYY or YYYY-MM
  double value = 0, low = 0, high = 0;
  std::string unit;
  std::string source_key;
  std::string split;  // "calibration" or "holdout"
  std::string note;
  SourcePosition where;
};

/// Every row of every *.csv in `dir`, files in name order.
/// @throws InputError with file and line for a malformed row, a number that does not parse, a
/// range that does not hold its value, or a split that contradicts the period.
std::vector<Observation> load_observations(const std::filesystem::path& dir);

/// The row for (variable, period) among the calibration rows, if any.
std::optional<Observation> find_observation(const std::vector<Observation>& rows, const std::string& variable,
                                            const std::string& period);

/// The folder `data/observed` found from `start` upward (a scenario's folder inside a checkout).
std::optional<std::filesystem::path> find_observed_dir(const std::filesystem::path& start);

}  // namespace mv
