#pragma once
// A validated scenario: run settings, a distribution for every parameter (with its source),
// the mechanism switches and the event timeline, after `extends` chains are resolved.
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/error.h"
#include "scenario/distribution.h"
#include "scenario/events.h"
#include "scenario/mechanisms.h"
#include "scenario/parameters.h"
#include "scenario/run_settings.h"

namespace mv {

/// A parameter's prior from the parameter table: uniform on [prior_min, prior_max], or fixed
/// when the two are equal.
inline Distribution prior(const ParamSpec& s) {
  return s.prior_min == s.prior_max ? Distribution::fixed_at(s.prior_min)
                                    : Distribution::uniform_on(s.prior_min, s.prior_max);
}
inline Distribution prior(Param p) {
  return prior(spec(p));
}

struct ParamSetting {
  Distribution dist;
  std::string source;    // where the value comes from; the code table's source by default
  SourcePosition where;  // the file position that set it (empty: the code default)
};

/// A scenario's [run] table; defaults and bounds from the run-settings table (run_settings.h).
struct RunSettings {
  int64_t runs = spec(RunSetting::runs).default_value;
  uint64_t seed = static_cast<uint64_t>(spec(RunSetting::seed).default_value);
  YearMonth start = YearMonth::from_index(static_cast<int>(spec(RunSetting::start).default_value));
  YearMonth horizon = YearMonth::from_index(static_cast<int>(spec(RunSetting::horizon).default_value));
  int64_t citizens = spec(RunSetting::citizens).default_value;  // citizens in each replicate
  /// Number of monthly steps, start and horizon both included.
  int steps() const { return horizon.index() - start.index() + 1; }
};

struct Scenario {
  std::string name;       // with ".<lens>" appended for each lens (the default output directory)
  std::string base_name;  // the scenario's own name, before any lens
  std::string description;
  std::filesystem::path path;                // the file given by the user
  std::vector<std::filesystem::path> files;  // every file applied, base first
  std::vector<std::string> lenses;           // lenses applied with --lens, in order
  RunSettings run;
  std::array<ParamSetting, kNumParams> params;
  /// The parameter distributions the model's structural affinity is calibrated at: the reading
  /// of 2022 of the scenario's base file (the end of its extends chain), before any what-if or
  /// lens changed a parameter. A what-if or lens that reads the world differently therefore moves
  /// Kazakhstan from the calibrated start instead of being absorbed into it.
  std::array<Distribution, kNumParams> calibration;
  MechanismSet mechanisms;
  std::vector<Event> events;  // sorted by step, then file order
  /// The posterior sample of a calibrated lens or [posterior] table, if any: the parameters whose
  /// distribution is 'posterior' draw one particle of it per replicate, jointly.
  std::shared_ptr<const ParticleSample> posterior;

  /// A scenario with every parameter drawn from its prior in the parameter table, every
  /// mechanism on and no events.
  static Scenario defaults();
  /// The resolved scenario as a self-contained TOML file that loads back to the same scenario.
  std::string resolved_toml() const;
};

/// Limits on input files (deep or cyclic `extends` chains, huge files).
inline constexpr int kMaxExtendsDepth = 16;
inline constexpr std::uintmax_t kMaxScenarioBytes = 4u << 20;
/// The most particles a [posterior] table may hold.
inline constexpr size_t kMaxParticles = 100'000;

/// A what-if given as TOML text rather than as a file (the Python module's parameters=,
/// mechanisms= and events=): read like a what-if file named `label` that extends the scenario.
struct InlineWhatIf {
  std::string label;  // where its errors are located: `label`:line:column
  std::string toml;
};

/// Loads, resolves `extends` and validates a scenario file; `inline_whatif`, if given, is applied
/// after the file (keeping its name and calibration reference), then `overlays` (lenses), in order.
/// @throws InputError with file, line and column for anything wrong in any file.
Scenario load_scenario(const std::filesystem::path& path,
                       const std::vector<std::filesystem::path>& overlays = {},
                       const InlineWhatIf* inline_whatif = nullptr);

}  // namespace mv
