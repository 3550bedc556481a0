// multivector calibrate: parse -> open output -> sample (SMC-ABC) -> write -> commit.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "calibration/calibration.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "core/calendar.h"
#include "core/version.h"
#include "engine/batch.h"
#include "engine/cluster.h"
#include "io/output_dir.h"

namespace mv::cli {

namespace fs = std::filesystem;

namespace {

std::string file_sha256(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return sha256_hex(std::string((std::istreambuf_iterator<char>(in)), {}));
}

std::string manifest(const Calibration& c, const SmcResult& r, const std::string& command_line,
                     const std::string& started, double elapsed, int threads) {
  nlohmann::ordered_json j;
  j["program"] = "multivector";
  j["kind"] = "calibration";
  j["version"] = kVersion;
  j["git_commit"] = kGitCommit;
  j["calibration"] = {{"name", c.name}, {"file", c.file.string()}, {"sha256", file_sha256(c.file)}};
  j["scenario"] = {{"name", c.scenario.name},
                   {"file", c.scenario_file.string()},
                   {"resolved_file", "scenario.resolved.toml"},
                   {"sha256", sha256_hex(c.scenario.resolved_toml())}};
  nlohmann::ordered_json observed = nlohmann::ordered_json::array();
  for (const auto& f : c.observed_files) observed.push_back({{"file", f.filename().string()}, {"sha256", file_sha256(f)}});
  j["observed"] = {{"folder", c.observed_dir.string()}, {"split", "calibration rows only"}, {"files", observed}};
  j["method"] = "SMC-ABC with adaptive tolerances (Del Moral, Doucet & Jasra 2012)";
  j["seed"] = c.seed;
  j["citizens"] = c.scenario.run.citizens;
  j["until"] = c.scenario.run.horizon.to_string();
  std::vector<std::string> names;
  for (Param p : c.parameters) names.emplace_back(spec(p).name);
  j["parameters"] = names;
  j["targets"] = c.targets.size();
  j["smc"] = {{"particles", c.smc.particles},           {"ess_decay", c.smc.ess_decay},
              {"resample_below", c.smc.resample_below}, {"kernel_scale", c.smc.kernel_scale},
              {"min_acceptance", c.smc.min_acceptance}, {"tolerance", c.smc.tolerance},
              {"max_generations", c.smc.max_generations}, {"max_moves", c.smc.max_moves},
              {"max_simulations", c.smc.max_simulations}, {"scale_by_prior_spread", c.scale_by_prior_spread}};
  j["generations"] = r.generations.size();
  j["simulations"] = r.generations.empty() ? 0 : r.generations.back().simulations;
  j["final_tolerance"] = r.generations.empty() ? 0.0 : r.generations.back().tolerance;
  j["stop_reason"] = r.stop_reason;
  j["threads"] = threads;
  j["processes"] = cluster::size();
  j["command_line"] = command_line;
  j["start_time_utc"] = started;
  j["elapsed_seconds"] = elapsed;
  j["files"] = {"posterior.csv", "diagnostics.csv", "targets.csv", c.name + ".toml", "scenario.resolved.toml"};
  return j.dump(2) + "\n";
}

}  // namespace

int cmd_calibrate(const std::vector<std::string>& args, const std::string& command_line) {
  // Stage 1: the arguments and the calibration file, all checked before anything runs.
  po::options_description opts("options of 'multivector calibrate'");
  opts.add_options()("particles", po::value<std::string>(),
                     "particles (default: the file's [smc] particles)")(
      "seed", po::value<std::string>(), setting_help(RunSetting::seed, "seed", "the file's seed").c_str())(
      "citizens", po::value<std::string>(),
      setting_help(RunSetting::citizens, "citizens per simulation", "the file's").c_str())(
      "threads", po::value<std::string>(),
      "worker threads (default: all cores); results do not depend on it")(
      "out", po::value<std::string>(), "output directory (default: results/calibration/<name>)")(
      "force", "replace an existing output directory")("quiet", "no progress lines")("help",
                                                                                     "show this help");
  const auto vm = parse_scenario_command("calibrate", args, opts);
  if (printed_help(vm, "calibrate", opts)) return kExitOk;
  if (!vm.count("scenario"))
    throw UsageError(
        "'calibrate' needs a calibration file; e.g. multivector calibrate scenarios/calibration/baseline_2023.toml");
  Calibration c = load_calibration(vm["scenario"].as<std::string>());
  if (vm.count("particles"))
    c.smc.particles = parse_number<int>(vm["particles"].as<std::string>(), "particles", 10, 100'000);
  if (c.smc.max_simulations < c.smc.particles)
    throw UsageError("--particles " + std::to_string(c.smc.particles) + " exceeds the file's max_simulations " +
                     std::to_string(c.smc.max_simulations) + "; expected at most that many particles");
  if (vm.count("seed"))
    c.seed = parse_setting<uint64_t>(vm["seed"].as<std::string>(), "seed", RunSetting::seed);
  if (vm.count("citizens"))
    c.scenario.run.citizens =
        parse_setting<int64_t>(vm["citizens"].as<std::string>(), "citizens", RunSetting::citizens);
  const int threads = threads_option(vm);
  const fs::path out = output_path(vm.count("out") ? vm["out"].as<std::string>() : "results/calibration/" + c.name);
  const bool quiet = vm.count("quiet") > 0 || cluster::rank() != 0;

  // Stage 2: the staging directory (rank 0), agreed by every rank before anything runs.
  std::unique_ptr<StagedDirectory> dir;
  {
    int status = 0;
    std::exception_ptr refused;
    if (cluster::rank() == 0) try {
        dir = std::make_unique<StagedDirectory>(out, vm.count("force") > 0);
      } catch (const Error& e) {
        status = e.exit_code();
        refused = std::current_exception();
      }
    status = cluster::max_all(status);
    if (refused) std::rethrow_exception(refused);
    if (status != 0) throw Error("refused on rank 0", status);
  }
  install_interrupt_handlers();

  // Stage 3: the sampler. Progress: one line per generation, with the time left if the
  // simulation budget were used up (the sampler usually stops earlier).
  const auto t0 = std::chrono::steady_clock::now();
  const std::string started = utc_now_iso();
  SmcHooks hooks;
  hooks.cancel = &g_interrupted;
  if (!quiet)
    hooks.on_generation = [&](const GenerationStats& g) {
      const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double per_sim = g.simulations > 0 ? el / static_cast<double>(g.simulations) : 0;
      const double left = per_sim * static_cast<double>(c.smc.max_simulations - g.simulations);
      char line[256];
      std::snprintf(line, sizeof line,
                    "calibrate: generation %d  tolerance %.4g  ESS %.0f  acceptance %.1f%%  moves %d  distinct %d  "
                    "simulations %lld  elapsed %s  at most %s left\n",
                    g.generation, g.tolerance, g.ess, 100 * g.acceptance_rate, g.moves, g.unique,
                    static_cast<long long>(g.simulations),
                    format_seconds(el).c_str(), format_seconds(left).c_str());
      std::cerr << line;
    };
  SmcResult r;
  int status = 0;
  try {
    c.scale_targets(threads, &g_interrupted);
    r = smc_abc(c.priors(), parallel_distance(c, threads, &g_interrupted), c.smc, c.seed, hooks);
  } catch (const Interrupted&) {
    status = kExitInterrupted;
  } catch (...) {
    if (cluster::size() == 1) throw;
    cluster::abort(kExitInternal);
  }
  if (cluster::max_all(status) != 0 || g_interrupted.load()) {
    if (dir) dir->discard();
    if (cluster::rank() == 0)
      std::cerr << "multivector: interrupted; nothing was written to " << out.string() << "\n";
    return kExitInterrupted;
  }
  if (cluster::rank() != 0) return kExitOk;

  // Stage 4: the outputs, then the commit.
  const fs::path& st = dir->staging();
  write_text_file(st / "posterior.csv", posterior_csv(c, r));
  write_text_file(st / "diagnostics.csv", diagnostics_csv(r));
  write_text_file(st / "targets.csv", targets_csv(c));
  write_text_file(st / (c.name + ".toml"), calibrated_lens_toml(c, r));
  write_text_file(st / "scenario.resolved.toml", c.scenario.resolved_toml());
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  write_text_file(st / "manifest.json", manifest(c, r, command_line, started, elapsed, threads));
  if (g_interrupted.load()) {
    dir->discard();
    std::cerr << "multivector: interrupted; nothing was written to " << out.string() << "\n";
    return kExitInterrupted;
  }
  print_removed(dir->commit());
  if (!quiet)
    std::cerr << "wrote the posterior of '" << c.name << "' (" << r.generations.size() - 1 << " generations, "
              << r.generations.back().simulations << " simulations; stopped because " << r.stop_reason << ") to "
              << out.string() << " in " << format_seconds(elapsed) << "\n";
  return kExitOk;
}

}  // namespace mv::cli
