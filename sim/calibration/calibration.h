#pragma once
// A calibration (multivector calibrate): a calibration file names a scenario, the parameters to
// fit (their priors are the scenario's distributions), the observed variables to fit (each with
// its periods and error scale), the sampler's settings and a seed. Only the `calibration` rows of
// data/observed (periods up to 2023) are read; the holdout rows are left for validate-history.
//
// One simulation is one replicate of the scenario run to `until`, with the calibrated parameters
// set to the particle in both the parameters and the calibration reading (the particle is the
// world as it was) and every other parameter drawn from its distribution. Its distance to the
// data is the root mean square, over the targets, of how far the model's value lies outside the
// observed range [low, high], in units of the target's scale.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "calibration/smc.h"
#include "scenario/scenario.h"
#include "validation/observables.h"
#include "validation/observed.h"

namespace mv {

struct CalibrationTarget {
  Observation observation;
  const ObservableSpec* observable = nullptr;
  MonthWindow window;  // months of the calibration run the observation covers
  double scale = 1;         // error scale used by the distance, in the observation's unit
  double given_scale = 1;   // as the file gave it (or the level check's tolerance)
  bool scale_in_file = false;  // the file set `scale`: it is used as given
  double prior_spread = 0;  // 1.4826 x median absolute deviation over the pilot (0 before it)
};

struct Calibration {
  std::string name, description;
  std::filesystem::path file;            // the calibration file
  std::filesystem::path scenario_file;   // the scenario it names
  std::filesystem::path observed_dir;    // data/observed
  std::vector<std::filesystem::path> observed_files;
  Scenario scenario;  // run to `until`, events after it dropped
  std::vector<Param> parameters;
  std::vector<CalibrationTarget> targets;
  SmcSettings smc;
  uint64_t seed = 2023;
  /// Whether each target without a `scale` in the file is scaled by its spread over prior
  /// simulations (a pilot run before the sampler), so that every target weighs alike and no
  /// noisy one drowns the others (Prangle 2017). A target the prior never varies (a state such as
  /// membership) keeps the level check's tolerance.
  bool scale_by_prior_spread = true;

  /// The pilot: `smc.particles` simulations at parameters drawn from the priors (seeds apart
  /// from the sampler's); sets prior_spread, and scale where the file gave none.
  void scale_targets(int threads, const std::atomic<bool>* cancel);

  /// The calibrated parameters' priors, in order.
  std::vector<Distribution> priors() const;
  /// The distance of one simulation at `theta` with replicate seed `seed`; `series` is scratch
  /// space (resized as needed).
  double distance(const Eigen::VectorXd& theta, uint64_t seed, std::vector<float>& series) const;
  /// The model's value of every target in one simulation, in order.
  std::vector<double> simulate_targets(const Eigen::VectorXd& theta, uint64_t seed, std::vector<float>& series) const;
};

/// Reads and checks a calibration file: every key known, the scenario loadable, every parameter
/// drawn from a distribution, every target an observable with calibration rows for its periods
/// inside the run. @throws InputError located at the file's line and column.
Calibration load_calibration(const std::filesystem::path& file);

/// Distances of a batch over `threads` threads and, when launched by mpirun, over the ranks
/// (each rank a contiguous slice; every rank gets all distances). Byte-identical whatever the
/// split. `cancel` stops the workers early (the caller then throws Interrupted).
DistanceBatch parallel_distance(const Calibration& c, int threads, const std::atomic<bool>* cancel);

/// The outputs of a finished calibration.
std::string posterior_csv(const Calibration& c, const SmcResult& r);
std::string diagnostics_csv(const SmcResult& r);
/// The observations fitted, with their error scales and the model's counterparts.
std::string targets_csv(const Calibration& c);
/// A lens that replaces the calibrated parameters' priors by the posterior (a [posterior] table).
std::string calibrated_lens_toml(const Calibration& c, const SmcResult& r);

}  // namespace mv
