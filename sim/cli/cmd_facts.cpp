// multivector facts: the model's validation on a scenario, as Markdown: the stylized facts
// (directions), each mechanism switched off (concepts) and the observed 2022-2023 levels.
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "io/derived.h"
#include "validation/facts.h"
#include "validation/levels.h"

namespace mv::cli {

namespace fs = std::filesystem;

int cmd_facts(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts("options of 'multivector facts'");
  opts.add_options()("lens", po::value<std::vector<std::string>>(),
                     "apply a lens by name or path; repeatable")(
      "runs",
      po::value<std::string>()->default_value(std::to_string(spec(RunSetting::check_runs).default_value)),
      "replicates per batch")("citizens", po::value<std::string>()->default_value("1000"),
                              "citizens per replicate")(
      "seed", po::value<std::string>()->default_value("2022"), "master seed shared by both batches")(
      "threads", po::value<std::string>(), "worker threads (default: all cores)")(
      "out", po::value<std::string>(), "Markdown file to write (default: standard output)")(
      "observed", po::value<std::string>(),
      "folder of observed data for the level checks (default: data/observed above the scenario)")(
      "level-citizens", po::value<std::string>()->default_value("10000"),
      "citizens per replicate for the ablations and level checks (unrest levels need 10,000 or more)")(
      "force", "replace an existing --out file")("help", "show this help");
  const auto vm = parse_scenario_command("facts", args, opts);
  if (printed_help(vm, "facts", opts)) return kExitOk;
  if (!vm.count("scenario")) throw UsageError("'facts' needs a scenario file, e.g. scenarios/baseline.toml");
  const Scenario sc = load_with_lenses(vm);
  FactOptions fo;
  fo.runs = parse_setting<int64_t>(vm["runs"].as<std::string>(), "runs", RunSetting::check_runs);
  fo.citizens = parse_setting<int64_t>(vm["citizens"].as<std::string>(), "citizens", RunSetting::citizens);
  fo.seed = parse_setting<uint64_t>(vm["seed"].as<std::string>(), "seed", RunSetting::seed);
  fo.threads = threads_option(vm);
  fs::path out;
  if (vm.count("out")) {
    out = vm["out"].as<std::string>();
    check_derived_output(out, vm.count("force") > 0, "facts");
  }
  // The observed data, read (and checked) before any batch runs.
  const fs::path observed_dir = observed_dir_option(vm, sc.path);
  const std::vector<Observation> observations = load_observations(observed_dir);
  FactOptions lo = fo;
  lo.citizens =
      parse_setting<int64_t>(vm["level-citizens"].as<std::string>(), "level-citizens", RunSetting::citizens);
  fo.level_citizens = lo.citizens;
  const auto results = evaluate_facts(sc, fo);
  const auto ablations = evaluate_ablations(sc, lo);
  const auto levels = evaluate_levels(sc, lo, observations);
  const std::string md =
      facts_markdown(results, fo, sc) + "\n" + ablations_markdown(ablations, lo) + "\n" + levels_markdown(levels, lo);
  int held = 0, ablations_held = 0, levels_held = 0;
  for (const auto& r : results) held += r.holds;
  for (const auto& r : ablations) ablations_held += r.holds;
  for (const auto& r : levels) levels_held += r.holds;
  if (out.empty()) {
    std::cout << md;
  } else {
    write_derived_output(out, md, "facts", command_line);
  }
  std::cerr << held << " of " << results.size() << " stylized-fact comparisons hold; " << ablations_held << " of "
            << ablations.size() << " ablations move as their concept predicts; " << levels_held << " of "
            << levels.size() << " observed levels hold\n";
  return kExitOk;
}

}  // namespace mv::cli
