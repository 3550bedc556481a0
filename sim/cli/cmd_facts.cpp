// multivector facts: the stylized facts on a scenario, as a Markdown comparison.
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "io/output_dir.h"
#include "validation/facts.h"

namespace mv::cli {

namespace fs = std::filesystem;

int cmd_facts(const std::vector<std::string>& args, const std::string& /*command_line*/) {
  po::options_description opts("options of 'multivector facts'");
  opts.add_options()("lens", po::value<std::vector<std::string>>(),
                     "apply a lens by name or path; repeatable")(
      "runs", po::value<std::string>()->default_value("200"), "replicates per batch")(
      "citizens", po::value<std::string>()->default_value("1000"), "citizens per replicate")(
      "seed", po::value<std::string>()->default_value("2022"), "master seed shared by both batches")(
      "threads", po::value<std::string>(), "worker threads (default: all cores)")(
      "out", po::value<std::string>(), "Markdown file to write (default: standard output)")(
      "force", "replace an existing --out file")("help", "show this help");
  const auto vm = parse_scenario_command("facts", args, opts);
  if (printed_help(vm, "facts", opts)) return kExitOk;
  if (!vm.count("scenario")) throw UsageError("'facts' needs a scenario file, e.g. scenarios/baseline.toml");
  const Scenario sc = load_with_lenses(vm);
  FactOptions fo;
  fo.runs = parse_number<int64_t>(vm["runs"].as<std::string>(), "runs", 10, 1'000'000);
  fo.citizens = parse_number<int64_t>(vm["citizens"].as<std::string>(), "citizens", 1000, 1'000'000);
  fo.seed = parse_number<uint64_t>(vm["seed"].as<std::string>(), "seed", 0, INT64_MAX);
  fo.threads = threads_option(vm);
  fs::path out;
  if (vm.count("out")) {
    out = vm["out"].as<std::string>();
    check_new_file(out, vm.count("force") > 0);
  }
  const auto results = evaluate_facts(sc, fo);
  const std::string md = facts_markdown(results, fo, sc);
  int held = 0;
  for (const auto& r : results) held += r.holds;
  if (out.empty()) {
    std::cout << md;
  } else {
    write_file_atomically(out, md);
  }
  std::cerr << held << " of " << results.size() << " stylized-fact comparisons hold\n";
  return kExitOk;
}

}  // namespace mv::cli
