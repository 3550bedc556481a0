// multivector run: parse -> check resources -> open output -> execute -> write -> commit.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/calendar.h"
#include "engine/batch.h"
#include "engine/cluster.h"
#include "io/output_dir.h"
#include "io/streamed_batch.h"
#include "io/writers.h"
#include "shard/merge.h"
#include "stats/summary.h"

namespace mv::cli {

namespace fs = std::filesystem;

namespace {

/// What `run` was asked to do, every argument checked.
struct RunRequest {
  Scenario sc;
  int threads = 1;
  int shard_index = 0, shard_count = 1;
  fs::path out;
  bool force = false;
  bool quiet = false;  // no progress line and no closing line (also on every rank but 0)
  bool replicate_series = false;  // also write replicate_series.csv
};

/// Stage 1: the arguments. Returns nothing when --help was printed. @throws mv::Error.
std::optional<RunRequest> parse_request(const std::vector<std::string>& args) {
  po::options_description opts("options of 'multivector run'");
  opts.add_options()("lens", po::value<std::vector<std::string>>(),
                     "apply a lens (parameter preset from scenarios/lenses/), by name or path; repeatable")(
      "citizens", po::value<std::string>(),
      setting_help(RunSetting::citizens, "citizens per replicate", "the scenario's [run] citizens").c_str())(
      "runs", po::value<std::string>(),
      setting_help(RunSetting::runs, "number of replicates", "the scenario's [run] runs").c_str())(
      "seed", po::value<std::string>(),
      setting_help(RunSetting::seed, "master seed", "the scenario's [run] seed").c_str())(
      "threads", po::value<std::string>(),
      "worker threads (default: all cores); results do not depend on it")(
      "out", po::value<std::string>(), "output directory (default: results/<scenario name>)")(
      "shard", po::value<std::string>(),
      "run slice I of N of the replicates (0 <= I < N), for job arrays; combine with 'multivector merge'")(
      "replicate-series",
      "also write replicate_series.csv: every replicate's monthly series, one row per replicate and month")(
      "force", "replace an existing output directory")("quiet", "no progress line")("help", "show this help");
  const auto vm = parse_scenario_command("run", args, opts);
  if (printed_help(vm, "run", opts)) return std::nullopt;
  if (!vm.count("scenario"))
    throw UsageError("'run' needs a scenario file; e.g. multivector run scenarios/baseline.toml");
  RunRequest req;
  req.sc = load_with_lenses(vm);
  Scenario& sc = req.sc;
  if (vm.count("runs"))
    sc.run.runs = parse_setting<int64_t>(vm["runs"].as<std::string>(), "runs", RunSetting::runs);
  if (vm.count("seed"))
    sc.run.seed = parse_setting<uint64_t>(vm["seed"].as<std::string>(), "seed", RunSetting::seed);
  if (vm.count("citizens"))
    sc.run.citizens =
        parse_setting<int64_t>(vm["citizens"].as<std::string>(), "citizens", RunSetting::citizens);
  req.threads = threads_option(vm);
  if (vm.count("shard"))
    std::tie(req.shard_index, req.shard_count) = parse_shard(vm["shard"].as<std::string>());
  if (req.shard_count > sc.run.runs)
    throw UsageError("--shard " + vm["shard"].as<std::string>() + " splits " + std::to_string(sc.run.runs) +
                     " runs into more shards than runs; expected at most " + std::to_string(sc.run.runs) +
                     " shards");
  std::string default_out = "results/" + sc.name;
  if (req.shard_count > 1)
    default_out += ".shard-" + std::to_string(req.shard_index) + "-of-" + std::to_string(req.shard_count);
  req.out = output_path(vm.count("out") ? vm["out"].as<std::string>() : default_out);
  req.force = vm.count("force") > 0;
  req.replicate_series = vm.count("replicate-series") > 0;
  req.quiet = vm.count("quiet") > 0 || cluster::rank() != 0;
  return req;
}

/// Stage 2: refuses, before anything runs, a batch that would not fit. A single process streams
/// its replicates to disk and computes the statistics a column at a time: its memory is one
/// column of every replicate's series (4 bytes each) or the 2 MiB budget, whichever is larger,
/// one group of series (1 MiB), a block of columns of values (2 MiB, or one column, 8 bytes per
/// replicate, if that is more), per thread the radix sort's keys of the column it sorts (16
/// bytes per replicate, for at most kRadixSortMax replicates) and one citizen population; its
/// disk is the staged files. Under MPI rank 0 holds the gathered batch in memory.
/// @throws UsageError.
void check_resources(const RunRequest& req) {
  const Scenario& sc = req.sc;
  const int threads = req.threads;
  const auto slice = cluster::slice_of(sc.run.runs, req.shard_index, req.shard_count);
  const double runs = static_cast<double>(slice.end - slice.begin);
  const double steps = static_cast<double>(sc.run.steps());
  // replicate_series.csv: a row per month, about 11 bytes per variable.
  const double per_run_disk = steps * kNumSeries * sizeof(float) + (kNumOutcomes + 1) * 8.0 +
                              (kNumOutcomes + kNumParams + 4) * 20.0 +
                              (req.replicate_series ? steps * (kNumSeries * 11.0 + 16) : 0.0);
  // summary.csv, timeseries.csv (about 100 bytes a row), the resolved scenario and manifest.
  const double fixed_disk = steps * kNumSeries * 100.0 + 256.0 * 1024;
  const double memory =
      (cluster::size() > 1
           ? runs * (steps * kNumSeries * sizeof(float) + (kNumOutcomes + kNumParams + 1) * 8.0)
           : std::max(runs * sizeof(float), static_cast<double>(StreamedBatch::kStreamedBudgetBytes)) +
                 (1 << 20) + std::max(2.0 * (1 << 20), 8.0 * runs) +
                 static_cast<double>(threads) * 16.0 * std::min(runs, static_cast<double>(kRadixSortMax))) +
      static_cast<double>(threads) * static_cast<double>(sc.run.citizens) * 72.0;
  const double limit =
      static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE)) * 0.8;
  auto size = [](double b) {
    return b < (1 << 20) ? std::to_string(static_cast<long long>(b / 1024)) + " KiB"
                         : std::to_string(static_cast<long long>(b / (1 << 20))) + " MiB";
  };
  const std::string what = "a batch of " + std::to_string(slice.end - slice.begin) + " runs of " +
                           std::to_string(sc.run.citizens) + " citizens on " + std::to_string(threads) +
                           " threads";
  if (memory > limit)
    throw UsageError(what + " would need about " + size(memory) +
                     " of memory, more than 80% of this machine's " + size(limit / 0.8) +
                     "; expected fewer --runs, --citizens or --threads, or --shard");
  fs::path existing = req.out.parent_path();
  std::error_code ec;
  while (!existing.empty() && !fs::exists(existing, ec)) existing = existing.parent_path();
  const auto space = fs::space(existing.empty() ? fs::path(".") : existing, ec);
  const double disk = runs * per_run_disk + fixed_disk;
  if (!ec && disk > static_cast<double>(space.available))
    throw UsageError(what + " would need about " + size(disk) +
                     " of disk for its staged results, more than the " +
                     size(static_cast<double>(space.available)) + " free in " + existing.string() +
                     "; expected fewer --runs, --shard, or --out on a larger disk");
}

/// Stage 3: the staging directory, on rank 0 only; every rank learns whether it may go on
/// before anything runs. @throws mv::Error on rank 0 (and the same exit code on the others).
std::unique_ptr<StagedDirectory> open_output(const RunRequest& req) {
  std::unique_ptr<StagedDirectory> dir;
  int status = 0;
  std::exception_ptr refused;
  if (cluster::rank() == 0) try {
      dir = std::make_unique<StagedDirectory>(req.out, req.force);
    } catch (const Error& e) {
      status = e.exit_code();
      refused = std::current_exception();
    }
  status = cluster::max_all(status);
  if (refused) std::rethrow_exception(refused);
  if (status != 0) throw Error("refused on rank 0", status);  // main prints nothing off rank 0
  return dir;
}

int stop_interrupted(const fs::path& out) {
  std::cerr << "multivector: interrupted; nothing was written to " << out.string() << "\n";
  return kExitInterrupted;
}

/// What the replicates left for the writing stage.
struct Execution {
  BatchResult result;                       // MPI: the gathered batch; a single process: only its extent
  std::unique_ptr<StreamedBatch> streamed;  // a single process: the replicates written so far
};

/// Stage 4: this shard's replicates, and under MPI this rank's contiguous part of them. A single
/// process streams them to the staging directory in order (memory independent of --runs); under
/// MPI each rank runs its slice in memory and rank 0 gathers them in rank order = replicate
/// order. Returns an exit code to stop with (interrupted; a rank other than 0 once gathered), or
/// nothing when rank 0 has results to write.
std::optional<int> execute(const RunRequest& req, StagedDirectory* dir,
                           std::chrono::steady_clock::time_point t0, Execution& ex) {
  const Scenario& sc = req.sc;
  const auto shard = cluster::slice_of(sc.run.runs, req.shard_index, req.shard_count);
  const auto mine = cluster::slice_of(shard.end - shard.begin, cluster::rank(), cluster::size());
  BatchOptions bo;
  bo.first = shard.begin + mine.begin;
  bo.runs = mine.end - mine.begin;
  bo.seed = sc.run.seed;
  bo.threads = req.threads;
  bo.cancel = &g_interrupted;
  const bool show = !req.quiet && ::isatty(STDERR_FILENO);
  if (show)
    bo.progress = [line = progress_line(t0, "runs"), total = bo.runs](int64_t done) { line(done, total); };
  int status = 0;
  try {
    if (cluster::size() == 1) {
      ex.streamed = std::make_unique<StreamedBatch>(dir->staging(), sc, bo.first, bo.runs, req.shard_count > 1,
                                                    req.replicate_series);
      run_batch(sc, bo, *ex.streamed);
      ex.result.runs = bo.runs;
      ex.result.first = bo.first;
      ex.result.steps = sc.run.steps();
    } else {
      ex.result = run_batch(sc, bo);
    }
  } catch (const Interrupted&) {
    status = kExitInterrupted;
  } catch (...) {
    if (cluster::size() == 1) throw;
    cluster::abort(kExitInternal);  // the other ranks would wait for this one forever
  }
  if (show) std::fputs("\n", stderr);
  if (cluster::max_all(status) != 0) {
    ex.streamed.reset();
    if (dir) dir->discard();
    if (cluster::rank() != 0) return kExitInterrupted;
    return stop_interrupted(req.out);
  }
  if (cluster::size() > 1) {
    const auto parts = cluster::gather(pack_batch(ex.result));
    if (cluster::rank() != 0) return kExitOk;
    BatchResult& r = ex.result;  // keeps its steps and sampled parameters
    r.runs = 0;
    r.seeds.clear();
    r.params.clear();
    r.outcomes.clear();
    r.series.clear();
    r.first = shard.begin;
    for (const auto& part : parts) append_packed_batch(r, part);
  }
  return std::nullopt;
}

/// Stage 5: the result files and the manifest, into the staging directory. Returns an exit code
/// to stop with if interrupted while summarising. @throws OutputError.
std::optional<int> write_results(const RunRequest& req, StagedDirectory& dir, Execution& ex, RunInfo& info,
                                 std::chrono::steady_clock::time_point t0) {
  const fs::path& staging = dir.staging();
  if (ex.streamed) {
    try {
      ex.streamed->finish(&g_interrupted, StreamedBatch::kStreamedBudgetBytes, req.threads);
    } catch (const Interrupted&) {
      ex.streamed.reset();
      dir.discard();
      return stop_interrupted(req.out);
    }
  } else {
    write_text_file(staging / "runs.csv", runs_csv(ex.result));
    if (req.replicate_series)
      write_text_file(staging / "replicate_series.csv", replicate_series_csv(ex.result, req.sc.run.start));
    if (req.shard_count > 1) {
      write_text_file(staging / "series.f32", series_file(ex.result));
    } else {
      write_text_file(staging / "summary.csv", summary_csv(ex.result));
      write_text_file(staging / "timeseries.csv", timeseries_csv(ex.result, req.sc));
    }
  }
  write_text_file(staging / "scenario.resolved.toml", req.sc.resolved_toml());
  write_text_file(staging / "outcomes.csv", outcomes_csv());
  info.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  info.replicate_series = req.replicate_series;
  write_text_file(staging / "manifest.json", manifest_json(req.sc, ex.result, info));
  return std::nullopt;
}

/// Stage 6: presents the staged results as complete, unless a signal came while writing.
int commit(const RunRequest& req, StagedDirectory& dir, const Execution& ex, const RunInfo& info) {
  if (g_interrupted.load()) {
    dir.discard();
    return stop_interrupted(req.out);
  }
  print_removed(dir.commit());
  if (!req.quiet)
    std::cerr << "wrote " << ex.result.runs << " runs of '" << req.sc.name << "' to " << req.out.string()
              << " in " << format_seconds(info.elapsed_seconds) << "\n";
  return kExitOk;
}

}  // namespace

int cmd_run(const std::vector<std::string>& args, const std::string& command_line) {
  const std::optional<RunRequest> req = parse_request(args);
  if (!req) return kExitOk;  // --help
  check_resources(*req);
  const std::unique_ptr<StagedDirectory> dir = open_output(*req);
  install_interrupt_handlers();

  const auto t0 = std::chrono::steady_clock::now();
  RunInfo info;
  info.command_line = command_line;
  info.start_time_utc = utc_now_iso();
  info.threads = req->threads;
  info.processes = cluster::size();
  info.shard_index = req->shard_index;
  info.shard_count = req->shard_count;
  Execution ex;
  if (const auto stop = execute(*req, dir.get(), t0, ex)) return *stop;

  if (fault_injected_remove_staging()) dir->discard();
  if (const auto stop = write_results(*req, *dir, ex, info, t0)) return *stop;
  return commit(*req, *dir, ex, info);
}

}  // namespace mv::cli
