// multivector sweep: a parameter sweep, its journal and its sensitivity (sweep/job.h).
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "engine/cluster.h"
#include "sweep/job.h"

namespace mv::cli {

int cmd_sweep(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts("options of 'multivector sweep'");
  opts.add_options()("out", po::value<std::string>(),
                     "output directory (default: results/<sweep name>, or results/<name>.shard-I-of-N)")(
      "threads", po::value<std::string>(),
      "worker threads (default: all cores); results do not depend on it")(
      "shard", po::value<std::string>(),
      "run slice I of N of the design points (0 <= I < N), for job arrays; combine with 'multivector merge'")(
      "resume", "continue an interrupted sweep with the same --out, without repeating finished points")(
      "force", "replace earlier results, or discard an interrupted sweep and start over")(
      "quiet", "no progress line")("help", "show this help");
  po::options_description hidden;
  hidden.add_options()("sweep", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("sweep", 1);
  const auto vm = parse_options("sweep", args, opts, pos, hidden);
  if (printed_help(vm, "sweep", opts)) return kExitOk;
  if (!vm.count("sweep"))
    throw UsageError(
        "'sweep' needs a sweep file; e.g. multivector sweep scenarios/sweeps/route_security.toml");
  const Sweep sw = load_sweep(vm["sweep"].as<std::string>());
  SweepJobOptions jo;
  if (vm.count("shard"))
    std::tie(jo.shard_index, jo.shard_count) = parse_shard(vm["shard"].as<std::string>());
  if (jo.shard_count > sw.points())
    throw UsageError("--shard " + vm["shard"].as<std::string>() + " splits " + std::to_string(sw.points()) +
                     " design points into more shards than points; expected at most " +
                     std::to_string(sw.points()) + " shards");
  jo.threads = threads_option(vm);
  std::string default_out = "results/" + sw.name;
  if (jo.shard_count > 1)
    default_out += ".shard-" + std::to_string(jo.shard_index) + "-of-" + std::to_string(jo.shard_count);
  jo.out = output_path(vm.count("out") ? vm["out"].as<std::string>() : default_out);
  jo.force = vm.count("force") > 0;
  jo.resume = vm.count("resume") > 0;
  jo.cancel = &g_interrupted;
  jo.command_line = command_line;
  const bool quiet = vm.count("quiet") > 0 || cluster::rank() != 0;
  const bool show = !quiet && ::isatty(STDERR_FILENO);
  const auto t0 = std::chrono::steady_clock::now();
  if (show) jo.progress = progress_line(t0, "replicates");
  install_interrupt_handlers();
  const SweepJobResult r = run_sweep_job(sw, jo);
  if (show) std::fputs("\n", stderr);
  if (cluster::rank() != 0) return r.complete ? kExitOk : kExitInterrupted;
  if (!r.complete) {
    if (cluster::size() > 1) {
      std::cerr << "multivector: interrupted; nothing was written to " << jo.out.string() << "\n";
    } else {
      std::cerr << "multivector: interrupted after " << r.points_done << " of " << r.points_total
                << " design points; they are kept in " << r.out.string()
                << "; continue with the same command and --resume\n";
    }
    return kExitInterrupted;
  }
  for (const auto& w : r.warnings) std::cerr << "multivector: warning: sensitivity: " << w << "\n";
  print_removed(r.removed);
  if (!quiet)
    std::cerr << "wrote " << r.points_total << " design points x " << sw.replicates << " replicates of '"
              << sw.name << "' to " << r.out.string()
              << (r.points_resumed
                      ? " (" + std::to_string(r.points_resumed) + " points resumed from the journal)"
                      : "")
              << " in "
              << format_seconds(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count())
              << "\n";
  if (!r.sensitivity_error.empty()) {
    std::cerr << "multivector: " << r.sensitivity_error
              << "; sensitivity.csv was not written (the design points are in " << r.out.string() << ")\n";
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace mv::cli
