// multivector validate-history: a scenario with its priors and with a calibrated lens, against the
// observed data: holdout rows (out of sample) and calibration rows (in sample), as Markdown.
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "io/derived.h"
#include "validation/history.h"
#include "validation/observed.h"

namespace mv::cli {

namespace fs = std::filesystem;

int cmd_validate_history(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts("options of 'multivector validate-history'");
  opts.add_options()("posterior", po::value<std::string>(),
                     "the calibrated lens written by 'multivector calibrate' (DIR/NAME.toml); required")(
      "runs", po::value<std::string>()->default_value("1000"), "replicates per batch")(
      "citizens", po::value<std::string>(), "citizens per replicate (default: the scenario's)")(
      "seed", po::value<std::string>(), "master seed of both batches (default: the scenario's)")(
      "threads", po::value<std::string>(), "worker threads (default: all cores); results do not depend on it")(
      "observed", po::value<std::string>(), "folder of observed data (default: data/observed above the scenario)")(
      "out", po::value<std::string>(), "Markdown file to write (default: standard output)")(
      "force", "replace an existing --out file")("help", "show this help");
  const auto vm = parse_scenario_command("validate-history", args, opts);
  if (printed_help(vm, "validate-history", opts)) return kExitOk;
  if (!vm.count("scenario"))
    throw UsageError("'validate-history' needs a scenario file, e.g. scenarios/baseline.toml");
  if (!vm.count("posterior"))
    throw UsageError("'validate-history' needs --posterior FILE, the calibrated lens of 'multivector calibrate' "
                     "(e.g. results/calibration/baseline_2023/baseline_2023.toml)");
  const fs::path scenario = vm["scenario"].as<std::string>();
  const fs::path lens = vm["posterior"].as<std::string>();
  const Scenario prior = load_scenario(scenario);
  const Scenario posterior = load_scenario(scenario, {lens});
  if (!posterior.posterior)
    throw UsageError("'" + lens.string() +
                     "' has no [posterior] table; expected the calibrated lens that 'multivector calibrate' writes");
  BatchOptions bo;
  bo.runs = parse_setting<int64_t>(vm["runs"].as<std::string>(), "runs", RunSetting::check_runs);
  bo.seed = vm.count("seed") ? parse_setting<uint64_t>(vm["seed"].as<std::string>(), "seed", RunSetting::seed)
                             : prior.run.seed;
  bo.threads = threads_option(vm);
  Scenario a = prior, b = posterior;
  if (vm.count("citizens"))
    a.run.citizens = b.run.citizens =
        parse_setting<int64_t>(vm["citizens"].as<std::string>(), "citizens", RunSetting::citizens);
  fs::path out;
  if (vm.count("out")) {
    out = vm["out"].as<std::string>();
    check_derived_output(out, vm.count("force") > 0, "validate-history");
  }
  const fs::path observed_dir = observed_dir_option(vm, scenario);
  const std::vector<Observation> rows = load_observations(observed_dir);
  install_interrupt_handlers();
  bo.cancel = &g_interrupted;
  std::vector<Prediction> pa, pb;
  try {
    pa = predict_observations(a, bo, rows);
    pb = predict_observations(b, bo, rows);
  } catch (const Interrupted&) {
    std::cerr << "multivector: interrupted; nothing was written\n";
    return kExitInterrupted;
  }
  const std::string md =
      history_markdown(pa, pb, prior.name, posterior.lenses.empty() ? lens.stem().string() : posterior.lenses.back(),
                       bo, a.run.citizens, command_line) +
      "\n## The calibrated parameters: prior and posterior\n\n" + posterior_parameters_markdown(prior, *posterior.posterior);
  if (out.empty())
    std::cout << md;
  else
    write_derived_output(out, md, "validate-history", command_line);
  const HistoryScores ha = score(pa, "holdout"), hb = score(pb, "holdout");
  std::cerr << "holdout (" << ha.n << " observations): 90% coverage " << ha.coverage90 * 100 << "% -> "
            << hb.coverage90 * 100 << "%, mean CRPS " << ha.mean_crps << " -> " << hb.mean_crps
            << " (prior -> posterior)\n";
  return kExitOk;
}

}  // namespace mv::cli
