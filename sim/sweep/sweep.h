#pragma once
// A sweep: a base scenario, the factors to vary (parameters with ranges or level lists), an
// experimental design and the replicates per design point. Loaded from a TOML sweep file and
// validated before anything runs; the design is a pure function of the file and its seed.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "design/design.h"
#include "scenario/scenario.h"

namespace mv {

enum class DesignKind { grid, lhs, sobol, morris };
inline constexpr const char* kDesignNames[] = {"grid", "lhs", "sobol", "morris"};

/// What a sensitivity analysis does with an undefined (NaN) outcome of a design point.
enum class NanPolicy { drop, error };

/// Level i of `steps` evenly spaced levels from lo to hi: the endpoints exactly, and in between
/// the shortest decimal within two units in the last place of lo + (hi - lo) i / (steps - 1),
/// so that a 0.3..0.7 grid has the level 0.4 the user means, not 0.39999999999999997.
double grid_level(double lo, double hi, int i, int steps);

struct Factor {
  Param param;
  double min = 0, max = 0;     // the range (grid: the smallest and largest level)
  std::vector<double> levels;  // grid only: the levels, in order
  /// The factor's value at unit coordinate u (grid: the level nearest u * (levels - 1)).
  double at(double u) const;
};

struct Sweep {
  std::string name;
  std::string description;
  std::filesystem::path path;       // the sweep file
  std::string scenario_as_written;  // `scenario = "..."`
  Scenario base;                    // the resolved base scenario (lenses, citizens, horizon applied)
  DesignKind design = DesignKind::lhs;
  int64_t samples = 0;  // lhs: points; sobol: base rows N (a power of two); morris: trajectories
  int levels = 4;       // morris grid levels (even)
  int64_t replicates = spec(RunSetting::replicates).default_value;
  uint64_t seed = 1;
  bool common_random_numbers = true;  // replicate r of every point shares a stream
  bool write_replicates = false;      // also write replicates.csv
  bool write_replicate_series = false;  // also write replicate_series.csv (every replicate's months)
  int bootstrap = 1000;               // bootstrap resamples (Sobol' indices, Morris mu*)
  bool second_order = false;          // sobol: also the BA matrices and S_ij (Saltelli 2002)
  NanPolicy nan_policy = NanPolicy::drop;
  std::vector<Factor> factors;

  /// Number of design points.
  int64_t points() const;
  /// True when the design supports sensitivity indices (sobol, morris).
  bool has_sensitivity() const { return design == DesignKind::sobol || design == DesignKind::morris; }
  /// The resolved sweep (every setting explicit, scenario = "scenario.resolved.toml").
  std::string resolved_toml() const;
};

inline constexpr int64_t kMaxSweepPoints = 100'000'000;
inline constexpr int64_t kMaxSweepReplicates = 1'000'000'000;

/// Loads and validates a sweep file (and its base scenario and lenses).
/// @throws InputError with file, line and column for anything wrong.
Sweep load_sweep(const std::filesystem::path& path);

/// The design in unit coordinates (points x factors) and, for Morris, its trajectories.
struct SweepDesign {
  design::Matrix unit;
  design::MorrisDesign morris;  // filled for DesignKind::morris
};
SweepDesign build_design(const Sweep& sw);

/// Factor values of every design point (points x factors), mapped from the unit design.
design::Matrix factor_values(const Sweep& sw, const SweepDesign& d);

}  // namespace mv
