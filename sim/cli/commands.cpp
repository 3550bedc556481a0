#include "cli/commands.h"

#include <iostream>

#include "core/error.h"
#include "core/suggest.h"
#include "core/utf8.h"
#include "core/version.h"

namespace mv::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"run",
       "run SCENARIO [--lens NAME] [--runs N] [--seed S] [--citizens C] [--threads T] [--out DIR] [--shard "
       "I/N] [--replicate-series] [--force] [--quiet]",
       "run a batch of stochastic replicates and write runs.csv, summary.csv, timeseries.csv, manifest.json",
       cmd_run},
      {"validate", "validate SCENARIO [--lens NAME]",
       "check a scenario file (and its extends chain) without running it", cmd_validate},
      {"facts",
       "facts SCENARIO [--lens NAME] [--runs N] [--citizens C] [--seed S] [--threads T] [--observed DIR] "
       "[--level-citizens N] [--out FILE] [--force]",
       "validate the model on SCENARIO: the stylized facts, every mechanism's ablation and the observed "
       "2022-2023 levels, as Markdown (results/validation.md)",
       cmd_facts},
      {"dock", "dock NAME [--preset P] [--PARAM VALUE ...] [--runs N] [--seed S] [--out FILE] [--force]",
       "run a classic submodel alone (granovetter, deffuant, epstein, logit); one CSV row per replicate",
       cmd_dock},
      {"explain",
       "explain SCENARIO [--lens NAME] [--run K] [--seed S] [--citizens C] [--format text|csv|html] [--verbose] "
       "[--from YYYY-MM] [--to YYYY-MM] [--out FILE] [--force]",
       "replay replicate K of a batch and narrate it month by month (or write its full trace as CSV)",
       cmd_explain},
      {"report", "report DIR [DIR_B] [--out FILE] [--force]",
       "turn a batch's output directory (or two, to compare) into one self-contained report.html",
       cmd_report},
      {"sweep", "sweep SWEEP [--out DIR] [--threads T] [--shard I/N] [--resume] [--force] [--quiet]",
       "run a parameter sweep (grid, lhs, sobol, morris) and write points.csv, points_long.csv, "
       "outcomes.csv and (sobol, morris) sensitivity.csv",
       cmd_sweep},
      {"sensitivity",
       "sensitivity DIR [--rank OUTCOME] [--nan-policy drop|error] [--bootstrap B] [--out FILE] [--force]",
       "compute Sobol' or Morris indices of a finished sweep into sensitivity.csv, or rank its factors",
       cmd_sensitivity},
      {"merge", "merge DIR... --out DIR [--force] [--allow-version-mismatch]",
       "combine the shard directories of one run or sweep (--shard I/N) into what one run writes", cmd_merge},
      {"calibrate",
       "calibrate CALIBRATION [--particles N] [--seed S] [--citizens C] [--threads T] [--out DIR] [--force] "
       "[--quiet]",
       "fit parameters to the observed data up to 2023 (SMC-ABC) and write posterior.csv, diagnostics.csv and a "
       "calibrated lens",
       cmd_calibrate},
      {"validate-history",
       "validate-history SCENARIO --posterior LENS [--runs N] [--citizens C] [--seed S] [--threads T] "
       "[--observed DIR] [--out FILE] [--force]",
       "score SCENARIO's predictions with its priors and with a calibrated lens against the 2024-2025 holdout "
       "observations (coverage, CRPS) as Markdown (results/calibration.md)",
       cmd_validate_history},
      {"discover",
       "discover DIR --outcome NAME [--event | --threshold X [--below]] [--box K] [--depth D] [--out FILE] "
       "[--force]",
       "scenario discovery on a batch's or sweep's replicates: the PRIM box and CART tree of the parameter "
       "ranges where an outcome happens, with discovery.csv",
       cmd_discover},
      {"params", "params [--outcomes] [--columns FILE] [--format text|csv|markdown]",
       "list every model parameter with default, bounds, unit and source (or every outcome with --outcomes)",
       cmd_params},
  };
  return table;
}

const Command* find_command(const std::string& name) {
  for (const auto& c : commands())
    if (c.name == name) return &c;
  return nullptr;
}

namespace {

std::vector<std::string> command_names() {
  std::vector<std::string> out;
  for (const auto& c : commands()) out.push_back(c.name);
  return out;
}

void print_usage(std::ostream& os) {
  os << "multivector " << kVersion
     << " - agent-based simulator of Kazakhstan's multi-vector foreign policy\n\n"
        "usage: multivector COMMAND [options]\n       multivector --version | --help\n\ncommands:\n";
  for (const auto& c : commands())
    os << "  " << c.name << std::string(c.name.size() < 17 ? 17 - c.name.size() : 1, ' ') << c.summary << "\n";
  os << "\n'multivector COMMAND --help' describes a command's options.\n";
}

/// Refuses, before any work, an argument the outputs could not record. @throws UsageError.
void check_arguments(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i)
    if (!is_utf8(args[i]))
      throw UsageError("argument " + std::to_string(i + 1) +
                       " is not valid UTF-8; expected UTF-8 text (arguments are recorded in the manifest)");
}

}  // namespace

int dispatch(const std::vector<std::string>& args) {
  check_arguments(args);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_usage(std::cout);
    return args.empty() ? kExitBadInput : kExitOk;
  }
  if (args[0] == "--version") {
    std::cout << "multivector " << kVersion << " (commit " << kGitCommit << ")\n";
    return kExitOk;
  }
  std::string command_line = "multivector";
  for (const auto& a : args) command_line += " " + a;
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (const Command* c = find_command(args[0])) return c->run(rest, command_line);
  auto candidates = command_names();
  candidates.insert(candidates.end(), {"--version", "--help"});
  const std::string hint = closest_match(args[0], candidates);
  throw UsageError("unknown command '" + args[0] + "'; expected one of " + join(command_names()) +
                   (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
}

}  // namespace mv::cli
