// multivector discover: scenario discovery (PRIM and CART) on a batch's or a sweep's replicates.
#include <charconv>
#include <cmath>
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/suggest.h"
#include "discovery/discovery.h"
#include "io/derived.h"
#include "model/model.h"

namespace mv::cli {

namespace fs = std::filesystem;

namespace {

/// The outcome named by --outcome, with a "did you mean" for a typo. @throws UsageError.
const OutcomeSpec& outcome_option(const std::string& name) {
  std::vector<std::string> names;
  for (const auto& o : kOutcomes) {
    if (o.name == name) return o;
    names.emplace_back(o.name);
  }
  const std::string hint = closest_match(name, names);
  throw UsageError("unknown outcome '" + name + "' for --outcome; expected one of " + join(names) +
                   (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
}

/// --event, --threshold X and --below as a rule for the cases of interest. @throws UsageError.
discovery::CaseRule case_rule(const po::variables_map& vm, const OutcomeSpec& outcome) {
  discovery::CaseRule rule;
  const std::string name(outcome.name);
  if (vm.count("event") && vm.count("threshold"))
    throw UsageError("--event and --threshold cannot be combined; expected one of them");
  if (vm.count("below") && !vm.count("threshold"))
    throw UsageError("--below needs --threshold X; expected e.g. --threshold 0.2 --below");
  if (vm.count("threshold")) {
    const std::string text = vm["threshold"].as<std::string>();
    const char* end = text.data() + text.size();
    const auto r = std::from_chars(text.data(), end, rule.threshold);
    if (r.ec != std::errc{} || r.ptr != end || !std::isfinite(rule.threshold))
      throw UsageError("invalid value '" + text + "' for --threshold; expected a finite number");
    rule.kind = vm.count("below") ? discovery::CaseRule::Kind::below : discovery::CaseRule::Kind::above;
    return rule;
  }
  if (!outcome.is_event)
    throw UsageError("outcome '" + name + "' is measured in " + std::string(outcome.unit) +
                     ", not an event; expected --threshold X (cases of interest: " + name +
                     " > X, or < X with --below)");
  return rule;
}

}  // namespace

int cmd_discover(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts("options of 'multivector discover'");
  opts.add_options()("outcome", po::value<std::string>(), "the outcome to explain (required)")(
      "event", "cases of interest: the replicates where the event happens (the default for an event)")(
      "threshold", po::value<std::string>(), "cases of interest: the replicates where the outcome exceeds X")(
      "below", "with --threshold: the replicates where the outcome is below X")(
      "box", po::value<std::string>(), "the box of the peeling trajectory to describe (default: the last)")(
      "depth", po::value<std::string>(), "the CART tree's maximum depth (default 3)")(
      "out", po::value<std::string>(),
      "file to write (default: DIR/discovery.csv; the whole result goes beside it as .json)")(
      "force", "replace an existing file")("help", "show this help");
  po::options_description hidden;
  hidden.add_options()("dir", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("dir", 1);
  const auto vm = parse_options("discover", args, opts, pos, hidden);
  if (printed_help(vm, "discover", opts)) return kExitOk;
  if (!vm.count("dir"))
    throw UsageError("'discover' needs a batch or sweep output directory, e.g. results/baseline");
  if (!vm.count("outcome"))
    throw UsageError("'discover' needs --outcome NAME; expected an outcome such as csto_exit");
  const OutcomeSpec& outcome = outcome_option(vm["outcome"].as<std::string>());
  const discovery::CaseRule rule = case_rule(vm, outcome);
  discovery::CartOptions cart_options;
  if (vm.count("depth")) cart_options.max_depth = parse_number<int>(vm["depth"].as<std::string>(), "depth", 1, 10);
  const fs::path dir = vm["dir"].as<std::string>();
  const std::string name(outcome.name);
  const discovery::Replicates reps = discovery::read_replicates(dir, name, rule);
  const fs::path out = vm.count("out") ? fs::path(vm["out"].as<std::string>()) : dir / "discovery.csv";
  // Beside it, the whole result for the report's discovery section.
  const fs::path json_out = fs::path(out).replace_extension(".json");
  if (json_out == out)
    throw UsageError("--out '" + out.string() + "' ends in .json; expected a .csv file name");
  check_derived_output(out, vm.count("force") > 0, "discover");
  check_derived_output(json_out, vm.count("force") > 0, "discover");
  if (reps.cases.size() == 0)
    throw UsageError("'" + reps.source + "' has no replicate where " + name + " is defined; expected at least one");
  const discovery::PrimResult result = discovery::prim(reps.cases);
  const int last = static_cast<int>(result.boxes.size()) - 1;
  const int chosen = vm.count("box") ? parse_number<int>(vm["box"].as<std::string>(), "box", 0, last) : last;
  const discovery::CartTree tree = discovery::cart(reps.cases, cart_options);
  write_derived_output(out, discovery::trajectory_csv(reps.cases, result), "discover", command_line);
  write_derived_output(json_out, discovery::result_json(reps, name, rule, result, chosen, tree, cart_options),
                       "discover", command_line);
  std::cout << discovery::summary_text(reps, name, rule, result, chosen, tree, cart_options);
  std::cerr << "wrote " << out.string() << "\n";
  return kExitOk;
}

}  // namespace mv::cli
