#pragma once
// The comparison of two batches in `multivector report A B`: whether they can be compared at
// all (seeds, replicates, citizens, dates), and what changed from one resolved scenario to the
// other (run settings, parameters, events, mechanisms, lenses).
#include <cstdint>
#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace mv {

/// What the comparison reads of one batch directory.
struct BatchIdentity {
  std::string name;
  Scenario scenario;                         // scenario.resolved.toml, read by load_scenario
  std::vector<std::string> lenses;           // manifest.json (the resolved file keeps them as a comment)
  uint64_t seed = 0;                         // manifest.json
  uint64_t runs = 0;                         // manifest.json
  std::string version;                       // manifest.json
  std::vector<std::string> replicate_seeds;  // runs.csv column 'seed', in row order
};

struct Comparability {
  /// Replicate i of A and replicate i of B were drawn from the same seed, for every i (same
  /// master seed and replicate count): their per-replicate differences are paired (common
  /// random numbers).
  bool paired = false;
  /// Every way the batches differ that makes a comparison misleading, as sentences.
  std::vector<std::string> warnings;
};
Comparability check_comparable(const BatchIdentity& a, const BatchIdentity& b);

/// One difference between two resolved scenarios; `kind` is "run", "parameter", "event",
/// "mechanism" or "lens"; `before`/`after` are empty for a thing added/removed.
struct Change {
  std::string kind, name, before, after;
};
/// The differences from A's scenario to B's, in table order (run settings, parameters in the
/// parameter table's order, events by id in A's then B's order, mechanisms, lenses).
std::vector<Change> what_changed(const BatchIdentity& a, const BatchIdentity& b);

}  // namespace mv
