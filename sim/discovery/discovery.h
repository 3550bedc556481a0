#pragma once
// Scenario discovery on a finished batch or sweep [BryantLempert2010]: which ranges of the
// sampled parameters hold the replicates where an outcome happens. Reads the replicates,
// runs PRIM and CART on them, and words the answer in the parameter table's plain names and
// units. Knows files; prim.h and cart.h know only numbers.
#include <filesystem>
#include <string>

#include "discovery/cart.h"
#include "discovery/prim.h"

namespace mv::discovery {

/// Which replicates are the cases of interest.
struct CaseRule {
  enum class Kind { event, above, below } kind = Kind::event;
  double threshold = 0;  // for above (outcome > threshold) and below (outcome < threshold)
  std::string describe(const std::string& outcome) const;
};

/// The replicates of a batch (DIR/runs.csv) or a sweep (DIR/replicates.csv joined with the
/// factor columns of DIR/points.csv), as cases over their varying parameters.
struct Replicates {
  std::string source;  // the files read, for the summary
  Cases cases;         // every parameter column that varies; y from the rule
  int undefined = 0;   // replicates left out because the outcome is undefined (NaN)
  std::vector<std::string> constant;  // parameter columns left out because they never vary
};

/// True if `dir` looks like the output of `multivector run` or a sweep with replicates.csv.
bool has_replicates(const std::filesystem::path& dir);

/// Reads DIR's replicates for `outcome` under `rule`. @throws InputError for a malformed
/// file (file:line), UsageError when DIR holds no replicates or lacks the outcome's column.
Replicates read_replicates(const std::filesystem::path& dir, const std::string& outcome, const CaseRule& rule);

/// discovery.csv: one row per box of the peeling trajectory.
std::string trajectory_csv(const Cases& cases, const PrimResult& result);

/// The text summary: the data, the trajectory in brief, box `chosen` with its restrictions in
/// plain names and units with their quasi-p-values, and the CART tree.
std::string summary_text(const Replicates& reps, const std::string& outcome, const CaseRule& rule,
                         const PrimResult& result, int chosen, const CartTree& tree, const CartOptions& cart_options);

/// discovery.json: what the summary says, for the report's discovery section: the rule, the
/// trajectory (coverage, density, mass per box), box `chosen` with each restriction in plain
/// names and units and its quasi-p-values, and the CART tree as indented rules.
std::string result_json(const Replicates& reps, const std::string& outcome, const CaseRule& rule,
                        const PrimResult& result, int chosen, const CartTree& tree,
                        const CartOptions& cart_options);

/// The tree as indented rules, a leaf's share of cases of interest beside it.
std::string tree_text(const Cases& cases, const CartTree& tree);

}  // namespace mv::discovery
