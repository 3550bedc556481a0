#include "cli/commands.h"

#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/calendar.h"
#include "core/error.h"
#include "core/suggest.h"
#include "core/version.h"
#include "dock/dock.h"
#include "engine/batch.h"
#include "engine/cluster.h"
#include "engine/sweep_runner.h"
#include "explain/explain.h"
#include "io/output_dir.h"
#include "io/streamed_batch.h"
#include "io/writers.h"
#include "report/report.h"
#include "scenario/scenario.h"
#include "shard/merge.h"
#include "validation/levels.h"
#include "stats/summary.h"
#include "sweep/analysis.h"
#include "sweep/job.h"
#include "validation/facts.h"

namespace mv::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

struct Command {
  std::string name;
  std::string synopsis;
  std::string summary;
};
const std::vector<Command> kCommands = {
    {"run",
     "run SCENARIO [--lens NAME] [--runs N] [--seed S] [--citizens C] [--threads T] [--out DIR] [--shard "
     "I/N] "
     "[--force] [--quiet]",
     "run a batch of stochastic replicates and write runs.csv, summary.csv, timeseries.csv, manifest.json"},
    {"validate", "validate SCENARIO [--lens NAME]",
     "check a scenario file (and its extends chain) without running it"},
    {"facts",
     "facts SCENARIO [--lens NAME] [--runs N] [--citizens C] [--seed S] [--threads T] [--out FILE] [--force]",
     "check the nine stylized facts on SCENARIO and write the comparison as Markdown "
     "(results/validation.md)"},
    {"dock", "dock NAME [--PARAM VALUE ...] [--runs N] [--seed S] [--out FILE]",
     "run a classic submodel alone (granovetter, deffuant, epstein, logit); one CSV row per replicate"},
    {"explain",
     "explain SCENARIO [--lens NAME] [--run K] [--seed S] [--citizens C] [--format text|csv] [--out FILE]",
     "replay replicate K of a batch and narrate it month by month (or write its full trace as CSV)"},
    {"report", "report DIR [DIR_B] [--out FILE] [--force]",
     "turn a batch's output directory (or two, to compare) into one self-contained report.html"},
    {"sweep", "sweep SWEEP [--out DIR] [--threads T] [--shard I/N] [--resume] [--force] [--quiet]",
     "run a parameter sweep (grid, lhs, sobol, morris) and write points.csv, sensitivity.csv, manifest.json"},
    {"sensitivity",
     "sensitivity DIR [--rank OUTCOME] [--nan-policy drop|error] [--bootstrap B] [--out FILE] [--force]",
     "compute Sobol' or Morris indices of a finished sweep into sensitivity.csv, or rank its factors"},
    {"merge", "merge DIR... --out DIR [--force]",
     "combine the shard directories of one run or sweep (--shard I/N) into what one run writes"},
    {"params", "params [--format text|csv|markdown]",
     "list every model parameter with default, bounds, unit and source"},
};

std::vector<std::string> command_names() {
  std::vector<std::string> out;
  for (const auto& c : kCommands) out.push_back(c.name);
  return out;
}

void print_usage(std::ostream& os) {
  os << "multivector " << kVersion
     << " - agent-based simulator of Kazakhstan's multi-vector foreign policy\n\n"
        "usage: multivector COMMAND [options]\n       multivector --version | --help\n\ncommands:\n";
  for (const auto& c : kCommands)
    os << "  " << c.name << std::string(13 - c.name.size(), ' ') << c.summary << "\n";
  os << "\n'multivector COMMAND --help' describes a command's options.\n";
}

// Strict number parsing: the whole text must be a number (std::from_chars, no leftovers).
template <typename T>
T parse_number(const std::string& text, const std::string& option, T lo, T hi) {
  T value{};
  const char* end = text.data() + text.size();
  auto r = std::from_chars(text.data(), end, value);
  if (r.ec != std::errc{} || r.ptr != end || value < lo || value > hi)
    throw UsageError("invalid value '" + text + "' for --" + option + "; expected an integer in [" +
                     std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return value;
}

/// Parses a command's options; unknown options get a "did you mean".
po::variables_map parse_options(const std::string& command, const std::vector<std::string>& args,
                                const po::options_description& visible,
                                const po::positional_options_description& positional,
                                const po::options_description& hidden) {
  po::options_description all;
  all.add(visible).add(hidden);
  po::variables_map vm;
  try {
    // No abbreviations: "--thread" is an error with a suggestion, not a silent guess.
    const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    po::store(po::command_line_parser(args).options(all).positional(positional).style(style).run(), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    std::vector<std::string> names;
    for (const auto& o : visible.options()) names.push_back("--" + o->long_name());
    const std::string bad = e.get_option_name();
    const std::string hint = closest_match(bad, names);
    throw UsageError("unknown option '" + bad + "' for '" + command + "'; expected one of " + join(names) +
                     (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  } catch (const po::too_many_positional_options_error&) {
    throw UsageError("too many arguments for '" + command + "'; see 'multivector " + command + " --help'");
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + "; see 'multivector " + command + " --help'");
  }
  return vm;
}

/// Finds a lens by name: a path as given, else NAME.toml in the lenses/ folder beside the
/// scenario or beside its parent folder, else in ./scenarios/lenses.
fs::path resolve_lens(const std::string& name, const fs::path& scenario) {
  std::error_code ec;
  if (fs::is_regular_file(name, ec)) return name;
  const fs::path dir = scenario.parent_path().empty() ? fs::path(".") : scenario.parent_path();
  const std::vector<fs::path> folders = {dir / "lenses", dir / ".." / "lenses",
                                         fs::path("scenarios") / "lenses"};
  std::vector<std::string> known;
  for (const auto& folder : folders) {
    const fs::path candidate = folder / (name + ".toml");
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (fs::is_directory(folder, ec))
      for (const auto& e : fs::directory_iterator(folder, ec))
        if (e.path().extension() == ".toml") known.push_back(e.path().stem().string());
  }
  std::sort(known.begin(), known.end());
  known.erase(std::unique(known.begin(), known.end()), known.end());
  const std::string hint = closest_match(name, known);
  throw UsageError("unknown lens '" + name + "'; expected " +
                   (known.empty() ? std::string("a path to a lens file") : "one of " + join(known)) +
                   (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
}

/// Loads the SCENARIO argument with any --lens options applied on top.
Scenario load_with_lenses(const po::variables_map& vm) {
  const fs::path path = vm["scenario"].as<std::string>();
  std::vector<fs::path> lenses;
  if (vm.count("lens"))
    for (const auto& name : vm["lens"].as<std::vector<std::string>>())
      lenses.push_back(resolve_lens(name, path));
  return load_scenario(path, lenses);
}

/// Parses a command whose one positional argument is a SCENARIO file.
po::variables_map parse_scenario_command(const std::string& command, const std::vector<std::string>& args,
                                         const po::options_description& visible) {
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("scenario", 1);
  return parse_options(command, args, visible, pos, hidden);
}

/// Prints a command's synopsis, summary and options if --help was given.
bool printed_help(const po::variables_map& vm, const std::string& name, const po::options_description& opts) {
  if (!vm.count("help")) return false;
  for (const auto& c : kCommands)
    if (c.name == name) std::cout << "usage: multivector " << c.synopsis << "\n\n" << c.summary << "\n\n";
  std::cout << opts;
  return true;
}

std::atomic<bool> g_interrupted{false};
extern "C" void on_signal(int) {
  g_interrupted.store(true);
}

std::string format_seconds(double s) {
  char buf[32];
  if (s < 60)
    std::snprintf(buf, sizeof buf, "%.1fs", s);
  else
    std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  return buf;
}

/// "--shard I/N": slice I (0-based) of N.
std::pair<int, int> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  auto bad = [&] {
    return UsageError("invalid value '" + text +
                      "' for --shard; expected I/N with 0 <= I < N, e.g. 0/4 ... 3/4");
  };
  if (slash == std::string::npos) throw bad();
  int i = 0, n = 0;
  const std::string a = text.substr(0, slash), b = text.substr(slash + 1);
  auto ra = std::from_chars(a.data(), a.data() + a.size(), i);
  auto rb = std::from_chars(b.data(), b.data() + b.size(), n);
  if (ra.ec != std::errc{} || ra.ptr != a.data() + a.size() || rb.ec != std::errc{} ||
      rb.ptr != b.data() + b.size() || n < 1 || n > 100'000 || i < 0 || i >= n)
    throw bad();
  return {i, n};
}

/// A progress line on stderr (done, rate, ETA), only when stderr is a terminal.
std::function<void(int64_t, int64_t)> progress_line(std::chrono::steady_clock::time_point t0,
                                                    const char* unit) {
  return [t0, unit](int64_t done, int64_t total) {
    const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double rate = el > 0 ? static_cast<double>(done) / el : 0.0;
    const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
    const std::string eta_text = done > 0 ? format_seconds(eta) : std::string("--");
    std::fprintf(stderr, "\r%lld/%lld %s  %3.0f%%  %.0f %s/s  ETA %s   ", static_cast<long long>(done),
                 static_cast<long long>(total), unit,
                 total > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0, rate,
                 unit, eta_text.c_str());
    std::fflush(stderr);
  };
}

/// Resolves --out: absolute, no trailing separator, never a root or "." / "..".
fs::path output_path(const std::string& given) {
  if (given.empty()) throw UsageError("--out is empty; expected a directory path");
  fs::path out = fs::absolute(given).lexically_normal();
  if (out.filename().empty()) out = out.parent_path();
  if (out == out.root_path() || out.filename() == "." || out.filename() == "..")
    throw UsageError("--out '" + out.string() + "' cannot hold results; expected a path to a new directory");
  return out;
}

int cmd_run(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts("options of 'multivector run'");
  opts.add_options()("lens", po::value<std::vector<std::string>>(),
                     "apply a lens (parameter preset from scenarios/lenses/), by name or path; repeatable")(
      "citizens", po::value<std::string>(),
      "citizens per replicate, 1000 to 1000000 (default: the scenario's [run] citizens)")(
      "runs", po::value<std::string>(), "number of replicates (default: the scenario's [run] runs)")(
      "seed", po::value<std::string>(), "master seed, 0 to 2^63-1 (default: the scenario's [run] seed)")(
      "threads", po::value<std::string>(),
      "worker threads (default: all cores); results do not depend on it")(
      "out", po::value<std::string>(), "output directory (default: results/<scenario name>)")(
      "shard", po::value<std::string>(),
      "run slice I of N of the replicates (0 <= I < N), for job arrays; combine with 'multivector merge'")(
      "force", "replace an existing output directory")("quiet", "no progress line")("help", "show this help");
  const auto vm = parse_scenario_command("run", args, opts);
  if (printed_help(vm, "run", opts)) return kExitOk;
  if (!vm.count("scenario"))
    throw UsageError("'run' needs a scenario file; e.g. multivector run scenarios/baseline.toml");
  Scenario sc = load_with_lenses(vm);
  if (vm.count("runs"))
    sc.run.runs = parse_number<int64_t>(vm["runs"].as<std::string>(), "runs", 1, 100'000'000);
  if (vm.count("seed"))
    sc.run.seed = parse_number<uint64_t>(vm["seed"].as<std::string>(), "seed", 0, INT64_MAX);
  if (vm.count("citizens"))
    sc.run.citizens = parse_number<int64_t>(vm["citizens"].as<std::string>(), "citizens", 1000, 1'000'000);
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (vm.count("threads")) threads = parse_number<int>(vm["threads"].as<std::string>(), "threads", 1, 1024);
  int shard_index = 0, shard_count = 1;
  if (vm.count("shard")) std::tie(shard_index, shard_count) = parse_shard(vm["shard"].as<std::string>());
  if (shard_count > sc.run.runs)
    throw UsageError("--shard " + vm["shard"].as<std::string>() + " splits " + std::to_string(sc.run.runs) +
                     " runs into more shards than runs; expected at most " + std::to_string(sc.run.runs) +
                     " shards");
  std::string default_out = "results/" + sc.name;
  if (shard_count > 1)
    default_out += ".shard-" + std::to_string(shard_index) + "-of-" + std::to_string(shard_count);
  const fs::path out = output_path(vm.count("out") ? vm["out"].as<std::string>() : default_out);
  const bool root = cluster::rank() == 0;
  const bool quiet = vm.count("quiet") > 0 || !root;

  // Refuse, before anything runs, a batch that would not fit. A single process streams its
  // replicates to disk and computes the statistics a column at a time: its memory is one column
  // of every replicate's series (4 bytes each) or the 2 MiB budget, whichever is larger, one
  // group of series (1 MiB), a block of columns of values (2 MiB, or one column, 8 bytes per
  // replicate, if that is more), per thread the radix sort's keys of the column it sorts (16
  // bytes per replicate, for at most kRadixSortMax replicates) and one citizen population; its disk is the
  // staged files. Under MPI rank 0 holds the gathered batch in memory.
  {
    const auto slice = cluster::slice_of(sc.run.runs, shard_index, shard_count);
    const double runs = static_cast<double>(slice.end - slice.begin);
    const double steps = static_cast<double>(sc.run.steps());
    const double per_run_disk = steps * kNumSeries * sizeof(float) + (kNumOutcomes + 1) * 8.0 +
                                (kNumOutcomes + kNumParams + 2) * 20.0;
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
    fs::path existing = out.parent_path();
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

  // Only rank 0 writes; every rank learns whether it may before anything runs.
  std::unique_ptr<StagedDirectory> dir;
  {
    int status = 0;
    std::exception_ptr refused;
    if (root) try {
        dir = std::make_unique<StagedDirectory>(out, vm.count("force") > 0);
      } catch (const Error& e) {
        status = e.exit_code();
        refused = std::current_exception();
      }
    if (cluster::max_all(status) != 0) {
      if (refused) std::rethrow_exception(refused);
      return status;
    }
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);

  const auto t0 = std::chrono::steady_clock::now();
  const std::string started = utc_now_iso();
  // This shard's replicates, and under MPI this rank's contiguous part of them.
  const auto shard = cluster::slice_of(sc.run.runs, shard_index, shard_count);
  const auto mine = cluster::slice_of(shard.end - shard.begin, cluster::rank(), cluster::size());
  BatchOptions bo;
  bo.first = shard.begin + mine.begin;
  bo.runs = mine.end - mine.begin;
  bo.seed = sc.run.seed;
  bo.threads = threads;
  bo.cancel = &g_interrupted;
  const bool show = !quiet && ::isatty(STDERR_FILENO);
  if (show) {
    bo.progress = [&](int64_t done) {
      const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double rate = el > 0 ? static_cast<double>(done) / el : 0.0;
      const double eta = rate > 0 ? static_cast<double>(bo.runs - done) / rate : 0.0;
      const std::string eta_text = done > 0 ? format_seconds(eta) : std::string("--");
      std::fprintf(stderr, "\r%lld/%lld runs  %3.0f%%  %.0f runs/s  ETA %s   ", static_cast<long long>(done),
                   static_cast<long long>(bo.runs),
                   100.0 * static_cast<double>(done) / static_cast<double>(bo.runs), rate, eta_text.c_str());
      std::fflush(stderr);
    };
  }
  // A single process streams replicates to disk in order (memory independent of --runs);
  // under MPI each rank runs its slice in memory and rank 0 gathers them.
  BatchResult result;  // MPI: the gathered batch; a single process: only its extent
  std::unique_ptr<StreamedBatch> streamed;
  int status = 0;
  try {
    if (cluster::size() == 1) {
      streamed = std::make_unique<StreamedBatch>(dir->staging(), sc, sampled_parameters(sc), bo.first,
                                                 bo.runs, shard_count > 1);
      BatchOptions streaming = bo;
      streaming.threads = threads;
      streaming.cancel = &g_interrupted;
      stream_batch(sc, streaming, *streamed);
      result.runs = bo.runs;
      result.first = bo.first;
      result.steps = sc.run.steps();
    } else {
      result = run_batch(sc, bo);
    }
  } catch (const Interrupted&) {
    status = kExitInterrupted;
  } catch (...) {
    if (cluster::size() == 1) throw;
    cluster::abort(kExitInternal);  // the other ranks would wait for this one forever
  }
  if (cluster::max_all(status) != 0) {
    streamed.reset();
    if (dir) dir->discard();
    if (show) std::fputs("\n", stderr);
    if (root) std::cerr << "multivector: interrupted; nothing was written to " << out.string() << "\n";
    return kExitInterrupted;
  }
  if (show) std::fputs("\n", stderr);
  if (cluster::size() > 1) {  // rank 0 assembles the slices in rank order = replicate order
    const auto parts = cluster::gather(pack_batch(result));
    if (!root) return kExitOk;
    result.runs = 0;
    result.seeds.clear();
    result.params.clear();
    result.outcomes.clear();
    result.series.clear();
    result.first = shard.begin;
    for (const auto& part : parts) append_packed_batch(result, part);
  }

  if (fault_injected_remove_staging()) dir->discard();
  if (streamed) {
    try {
      streamed->finish(&g_interrupted, StreamedBatch::kStreamedBudgetBytes, threads);
    } catch (const Interrupted&) {
      streamed.reset();
      dir->discard();
      std::cerr << "multivector: interrupted; nothing was written to " << out.string() << "\n";
      return kExitInterrupted;
    }
  } else {
    write_text_file(dir->staging() / "runs.csv", runs_csv(result));
    if (shard_count > 1) {
      write_text_file(dir->staging() / "series.f32", series_file(result));
    } else {
      write_text_file(dir->staging() / "summary.csv", summary_csv(result));
      write_text_file(dir->staging() / "timeseries.csv", timeseries_csv(result, sc));
    }
  }
  write_text_file(dir->staging() / "scenario.resolved.toml", sc.resolved_toml());
  RunInfo info;
  info.command_line = command_line;
  info.start_time_utc = started;
  info.threads = threads;
  info.processes = cluster::size();
  info.shard_index = shard_index;
  info.shard_count = shard_count;
  info.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  write_text_file(dir->staging() / "manifest.json", manifest_json(sc, result, info));
  if (g_interrupted.load()) {  // a signal while writing: still nothing presented as complete
    dir->discard();
    std::cerr << "multivector: interrupted; nothing was written to " << out.string() << "\n";
    return kExitInterrupted;
  }
  dir->commit();
  if (!quiet)
    std::cerr << "wrote " << result.runs << " runs of '" << sc.name << "' to " << out.string() << " in "
              << format_seconds(info.elapsed_seconds) << "\n";
  return kExitOk;
}

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
  jo.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (vm.count("threads"))
    jo.threads = parse_number<int>(vm["threads"].as<std::string>(), "threads", 1, 1024);
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
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
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

int cmd_sensitivity(const std::vector<std::string>& args) {
  po::options_description opts("options of 'multivector sensitivity'");
  opts.add_options()("rank", po::value<std::string>(),
                     "print the factors ranked for one outcome (from DIR/sensitivity.csv); writes nothing")(
      "nan-policy", po::value<std::string>(),
      "drop (leave out and count undefined values) or error (default: the sweep's nan_policy)")(
      "bootstrap", po::value<std::string>(), "Sobol' bootstrap resamples (default: the sweep's bootstrap)")(
      "out", po::value<std::string>(), "file to write (default: DIR/sensitivity.csv)")(
      "force", "replace an existing file")("help", "show this help");
  po::options_description hidden;
  hidden.add_options()("dir", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("dir", 1);
  const auto vm = parse_options("sensitivity", args, opts, pos, hidden);
  if (printed_help(vm, "sensitivity", opts)) return kExitOk;
  if (!vm.count("dir"))
    throw UsageError("'sensitivity' needs a sweep output directory, e.g. results/route_security");
  const fs::path dir = vm["dir"].as<std::string>();
  if (!fs::is_regular_file(dir / "sweep.resolved.toml"))
    throw UsageError("'" + dir.string() +
                     "' is not a sweep output directory (no sweep.resolved.toml); expected the --out of "
                     "'multivector sweep'");
  const Sweep sw = load_sweep(dir / "sweep.resolved.toml");
  {
    // A shard's manifest says which slice it holds; a whole sweep has shard.count 1.
    std::ifstream in(dir / "manifest.json", std::ios::binary);
    const auto manifest = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    const bool shard = manifest.is_object() && manifest.contains("shard") && manifest["shard"].is_object() &&
                       manifest["shard"].value("count", 1) > 1;
    if (shard)
      throw UsageError("'" + dir.string() +
                       "' holds one shard of a sweep; expected the whole sweep (combine the shards with "
                       "'multivector merge' first)");
  }
  if (vm.count("rank"))
    for (const char* other : {"nan-policy", "bootstrap", "out", "force"})
      if (vm.count(other))
        throw UsageError(
            std::string("--rank prints the ranking from DIR/sensitivity.csv and cannot be combined with --") +
            other + "; expected either --rank OUTCOME or the options that compute sensitivity.csv");
  if (vm.count("rank") && sw.has_sensitivity()) {
    const fs::path csv = dir / "sensitivity.csv";
    if (!fs::is_regular_file(csv))
      throw UsageError("'" + dir.string() +
                       "' has no sensitivity.csv; expected a finished sweep (run 'multivector sensitivity " +
                       dir.string() + "' first)");
    std::ifstream in(csv, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    std::cout << sensitivity_ranking(text, vm["rank"].as<std::string>());
    return kExitOk;
  }
  if (!sw.has_sensitivity())
    throw UsageError(
        "the sweep in '" + dir.string() + "' has a " + kDesignNames[static_cast<int>(sw.design)] +
        " design; expected a sobol design (Sobol' indices) or a morris design (elementary effects)");
  NanPolicy policy = sw.nan_policy;
  if (vm.count("nan-policy")) {
    const std::string p = vm["nan-policy"].as<std::string>();
    if (p == "drop")
      policy = NanPolicy::drop;
    else if (p == "error")
      policy = NanPolicy::error;
    else
      throw UsageError("unknown value '" + p + "' for --nan-policy; expected drop or error" +
                       (closest_match(p, {"drop", "error"}).empty()
                            ? ""
                            : " (did you mean '" + closest_match(p, {"drop", "error"}) + "'?)"));
  }
  const int bootstrap = vm.count("bootstrap")
                            ? parse_number<int>(vm["bootstrap"].as<std::string>(), "bootstrap", 0, 100'000)
                            : sw.bootstrap;
  const fs::path out = vm.count("out") ? fs::path(vm["out"].as<std::string>()) : dir / "sensitivity.csv";
  if (fs::exists(out) && !vm.count("force"))
    throw OutputError("'" + out.string() + "' already exists; expected a new file, or --force to replace it");
  const SensitivityReport rep = sensitivity_from_points(sw, dir / "points.csv", policy, bootstrap);
  for (const auto& w : rep.warnings) std::cerr << "multivector: warning: " << w << "\n";
  write_file_atomically(out, rep.csv);
  std::cerr << "wrote " << out.string() << "\n";
  return kExitOk;
}

int cmd_merge(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts("options of 'multivector merge'");
  opts.add_options()("out", po::value<std::string>(), "the merged output directory (required)")(
      "force", "replace earlier results")("help", "show this help");
  po::options_description hidden;
  hidden.add_options()("dirs", po::value<std::vector<std::string>>());
  po::positional_options_description pos;
  pos.add("dirs", -1);
  const auto vm = parse_options("merge", args, opts, pos, hidden);
  if (printed_help(vm, "merge", opts)) return kExitOk;
  if (!vm.count("dirs"))
    throw UsageError(
        "'merge' needs the shard directories, e.g. multivector merge results/x.shard-*-of-4 --out results/x");
  if (!vm.count("out")) throw UsageError("'merge' needs --out DIR for the merged results");
  std::vector<fs::path> dirs;
  for (const auto& d : vm["dirs"].as<std::vector<std::string>>()) dirs.emplace_back(d);
  const MergeSummary m =
      merge_shards(dirs, output_path(vm["out"].as<std::string>()), vm.count("force") > 0, command_line);
  for (const auto& w : m.warnings) std::cerr << "multivector: warning: sensitivity: " << w << "\n";
  std::cerr << "merged " << dirs.size() << " shards (" << m.items << " " << m.unit << ") into "
            << m.out.string() << "\n";
  if (!m.sensitivity_error.empty()) {
    std::cerr << "multivector: " << m.sensitivity_error << "; sensitivity.csv was not written\n";
    return kExitBadInput;
  }
  return kExitOk;
}

int cmd_validate(const std::vector<std::string>& args) {
  po::options_description opts("options of 'multivector validate'");
  opts.add_options()("lens", po::value<std::vector<std::string>>(),
                     "apply a lens by name or path; repeatable")("help", "show this help");
  const auto vm = parse_scenario_command("validate", args, opts);
  if (printed_help(vm, "validate", opts)) return kExitOk;
  if (!vm.count("scenario")) throw UsageError("'validate' needs a scenario file");
  const Scenario sc = load_with_lenses(vm);
  std::cout << sc.path.string() << ": ok\n";
  std::cout << "  name: " << sc.name << "\n  lenses: " << (sc.lenses.empty() ? "none" : join(sc.lenses))
            << "\n  files:";
  for (const auto& f : sc.files) std::cout << " " << f.filename().string();
  std::cout << "\n  runs " << sc.run.runs << ", seed " << sc.run.seed << ", " << sc.run.start.to_string()
            << " to " << sc.run.horizon.to_string() << " (" << sc.run.steps() << " months)\n";
  std::cout << "  " << sampled_parameters(sc).size() << " of " << kNumParams << " parameters sampled\n";
  std::vector<std::string> off;
  for (int i = 0; i < kNumMechanisms; ++i)
    if (!sc.mechanisms.on[i]) off.emplace_back(kMechanisms[i].name);
  std::cout << "  mechanisms off: " << (off.empty() ? "none" : join(off)) << "\n";
  std::cout << "  events: " << sc.events.size() << "\n";
  for (const auto& e : sc.events)
    std::cout << "    " << e.date.to_string() << "  " << kActorNames[static_cast<int>(e.actor)] << " "
              << spec(e.action).name << " (magnitude " << format_double(e.magnitude) << ", "
              << e.duration_months << " mo)  [" << e.id << "]\n";
  return kExitOk;
}

int cmd_facts(const std::vector<std::string>& args) {
  po::options_description opts("options of 'multivector facts'");
  opts.add_options()("lens", po::value<std::vector<std::string>>(),
                     "apply a lens by name or path; repeatable")(
      "runs", po::value<std::string>()->default_value("200"), "replicates per batch")(
      "citizens", po::value<std::string>()->default_value("1000"), "citizens per replicate")(
      "seed", po::value<std::string>()->default_value("2022"), "master seed shared by both batches")(
      "threads", po::value<std::string>(), "worker threads (default: all cores)")(
      "out", po::value<std::string>(), "Markdown file to write (default: standard output)")(
      "observed", po::value<std::string>(),
      "folder of observed data for the level checks (default: data/observed above the scenario)")(
      "level-citizens", po::value<std::string>()->default_value("10000"),
      "citizens per replicate for the level checks (unrest levels need 10,000 or more)")(
      "force", "replace an existing --out file")("help", "show this help");
  const auto vm = parse_scenario_command("facts", args, opts);
  if (printed_help(vm, "facts", opts)) return kExitOk;
  if (!vm.count("scenario")) throw UsageError("'facts' needs a scenario file, e.g. scenarios/baseline.toml");
  const Scenario sc = load_with_lenses(vm);
  FactOptions fo;
  fo.runs = parse_number<int64_t>(vm["runs"].as<std::string>(), "runs", 10, 1'000'000);
  fo.citizens = parse_number<int64_t>(vm["citizens"].as<std::string>(), "citizens", 1000, 1'000'000);
  fo.seed = parse_number<uint64_t>(vm["seed"].as<std::string>(), "seed", 0, INT64_MAX);
  fo.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (vm.count("threads"))
    fo.threads = parse_number<int>(vm["threads"].as<std::string>(), "threads", 1, 1024);
  fs::path out;
  if (vm.count("out")) {
    out = vm["out"].as<std::string>();
    if (fs::exists(out) && !vm.count("force"))
      throw OutputError("'" + out.string() +
                        "' already exists; expected a new file, or --force to replace it");
  }
  // The observed data, read (and checked) before any batch runs.
  fs::path observed_dir;
  if (vm.count("observed")) {
    observed_dir = vm["observed"].as<std::string>();
  } else if (auto found = find_observed_dir(sc.path.parent_path())) {
    observed_dir = *found;
  } else {
    throw UsageError("no data/observed folder above '" + sc.path.string() + "'; expected --observed DIR");
  }
  const std::vector<Observation> observations = load_observations(observed_dir);
  FactOptions lo = fo;
  lo.citizens = parse_number<int64_t>(vm["level-citizens"].as<std::string>(), "level-citizens", 1000, 1'000'000);
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
    write_file_atomically(out, md);
  }
  std::cerr << held << " of " << results.size() << " stylized-fact comparisons hold; " << ablations_held << " of "
            << ablations.size() << " ablations move as their concept predicts; " << levels_held << " of "
            << levels.size() << " observed levels hold\n";
  return kExitOk;
}

int cmd_dock(const std::vector<std::string>& args) {
  auto help = [] {
    std::cout
        << "usage: multivector dock NAME [--PARAM VALUE ...] [--runs N] [--seed S] [--out FILE]\n\n"
           "Runs one classic submodel alone with its original paper's parameters and writes one CSV row\n"
           "per replicate (run, seed, parameters, outcomes) to standard output or --out.\n\n";
    for (const auto& m : dock::submodels()) {
      std::cout << m.name << ": " << m.description << " [" << m.reference << "]\n";
      for (const auto& p : m.params)
        std::cout << "  --" << p.name << " (default " << format_double(p.default_value) << ")  "
                  << p.description << "\n";
    }
  };
  if (args.empty() || args[0] == "--help") {
    help();
    return args.empty() ? kExitBadInput : kExitOk;
  }
  const dock::Submodel* m = dock::find_submodel(args[0]);
  if (!m) {
    std::vector<std::string> names;
    for (const auto& x : dock::submodels()) names.push_back(x.name);
    const std::string hint = closest_match(args[0], names);
    throw UsageError("unknown submodel '" + args[0] + "'; expected one of " + join(names) +
                     (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  }
  std::map<std::string, double> given;
  int64_t runs = 10;
  uint64_t seed = 1;
  std::string out;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--help") {
      help();
      return kExitOk;
    }
    if (!flag.starts_with("--") || i + 1 >= args.size())
      throw UsageError("expected '--NAME VALUE' pairs after 'dock " + m->name + "', got '" + flag + "'");
    const std::string key = flag.substr(2), value = args[++i];
    if (key == "runs")
      runs = parse_number<int64_t>(value, "runs", 1, 1'000'000);
    else if (key == "seed")
      seed = parse_number<uint64_t>(value, "seed", 0, INT64_MAX);
    else if (key == "out")
      out = value;
    else {
      double x = 0;
      auto r = std::from_chars(value.data(), value.data() + value.size(), x);
      if (r.ec != std::errc{} || r.ptr != value.data() + value.size() || !std::isfinite(x))
        throw UsageError("invalid value '" + value + "' for --" + key + "; expected a number");
      given[key] = x;
    }
  }
  const dock::Values values = dock::resolve(*m, given);
  std::string csv = "run,seed";
  for (const auto& p : m->params) csv += "," + p.name;
  for (int64_t run = 0; run < runs; ++run) {
    const uint64_t rs = replicate_seed(seed, static_cast<uint64_t>(run));
    Rng rng(rs, Stream::kModel);
    const dock::Row row = m->run(values, rng);
    if (run == 0) {
      for (const auto& [name, v] : row) csv += "," + name;
      csv += "\r\n";
    }
    csv += std::to_string(run) + "," + std::to_string(rs);
    for (const auto& p : m->params) csv += "," + csv_number(values.at(p.name));
    for (const auto& [name, v] : row) csv += "," + csv_number(v);
    csv += "\r\n";
  }
  if (out.empty()) {
    std::cout << csv;
  } else {
    if (fs::exists(out)) throw OutputError("'" + out + "' already exists; expected a new file");
    write_file_atomically(out, csv);
  }
  return kExitOk;
}

int cmd_explain(const std::vector<std::string>& args) {
  po::options_description opts("options of 'multivector explain'");
  opts.add_options()("lens", po::value<std::vector<std::string>>(),
                     "apply a lens by name or path; repeatable")(
      "run", po::value<std::string>()->default_value("0"), "the replicate: row K of runs.csv")(
      "seed", po::value<std::string>(), "the batch's master seed (default: the scenario's [run] seed)")(
      "citizens", po::value<std::string>(),
      "citizens per replicate (default: the scenario's; must match the batch)")(
      "format", po::value<std::string>()->default_value("text"),
      "text (narrative) or csv (full per-step trace)")(
      "out", po::value<std::string>(), "file to write (default: standard output)")("help", "show this help");
  const auto vm = parse_scenario_command("explain", args, opts);
  if (printed_help(vm, "explain", opts)) return kExitOk;
  if (!vm.count("scenario"))
    throw UsageError("'explain' needs a scenario file, e.g. scenarios/baseline.toml");
  Scenario sc = load_with_lenses(vm);
  ExplainOptions eo;
  eo.seed = vm.count("seed") ? parse_number<uint64_t>(vm["seed"].as<std::string>(), "seed", 0, INT64_MAX)
                             : sc.run.seed;
  eo.run = parse_number<int64_t>(vm["run"].as<std::string>(), "run", 0, 100'000'000 - 1);
  if (vm.count("citizens"))
    sc.run.citizens = parse_number<int64_t>(vm["citizens"].as<std::string>(), "citizens", 1000, 1'000'000);
  const std::string format = vm["format"].as<std::string>();
  std::string text;
  if (format == "text") {
    text = explain_text(sc, eo);
  } else if (format == "csv") {
    text = explain_csv(sc, eo);
  } else {
    const std::string hint = closest_match(format, {"text", "csv"});
    throw UsageError("unknown format '" + format + "' for --format; expected text or csv" +
                     (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  }
  if (!vm.count("out")) {
    std::cout << text;
  } else {
    const fs::path out = vm["out"].as<std::string>();
    if (fs::exists(out)) throw OutputError("'" + out.string() + "' already exists; expected a new file");
    write_file_atomically(out, text);
  }
  return kExitOk;
}

int cmd_report(const std::vector<std::string>& args) {
  po::options_description opts("options of 'multivector report'");
  opts.add_options()("out", po::value<std::string>(),
                     "HTML file to write (default: DIR/report.html, or DIR/compare-<B>.html for two)")(
      "force", "replace an existing report")("help", "show this help");
  po::options_description hidden;
  hidden.add_options()("dirs", po::value<std::vector<std::string>>());
  po::positional_options_description pos;
  pos.add("dirs", 2);
  const auto vm = parse_options("report", args, opts, pos, hidden);
  if (printed_help(vm, "report", opts)) return kExitOk;
  if (!vm.count("dirs")) throw UsageError("'report' needs a batch output directory, e.g. results/baseline");
  std::vector<fs::path> dirs;
  for (const auto& d : vm["dirs"].as<std::vector<std::string>>()) dirs.emplace_back(d);
  const std::string html = build_report(dirs);
  fs::path out =
      vm.count("out") ? fs::path(vm["out"].as<std::string>())
      : dirs.size() == 1
          ? dirs[0] / "report.html"
          : dirs[0] / ("compare-" + fs::absolute(dirs[1]).lexically_normal().filename().string() + ".html");
  if (fs::exists(out) && !vm.count("force"))
    throw OutputError("'" + out.string() + "' already exists; expected a new file, or --force to replace it");
  write_file_atomically(out, html);
  std::cerr << "wrote " << out.string() << "\n";
  return kExitOk;
}

int cmd_params(const std::vector<std::string>& args) {
  po::options_description opts("options of 'multivector params'");
  opts.add_options()("format", po::value<std::string>()->default_value("text"), "text, csv or markdown")(
      "help", "show this help");
  const auto vm = parse_options("params", args, opts, {}, {});
  if (printed_help(vm, "params", opts)) return kExitOk;
  const std::string fmt = vm["format"].as<std::string>();
  if (fmt == "csv") {
    std::cout << "name,default,lower,upper,prior_min,prior_max,unit,description,source\r\n";
    for (const auto& p : kParameters)
      std::cout << p.name << "," << format_double(p.default_value) << "," << format_double(p.lower) << ","
                << format_double(p.upper) << "," << format_double(p.prior_min) << ","
                << format_double(p.prior_max) << "," << csv_field(std::string(p.unit)) << ","
                << csv_field(std::string(p.description)) << "," << csv_field(std::string(p.source)) << "\r\n";
  } else if (fmt == "markdown") {
    std::cout
        << "| parameter | default | prior | bounds | unit | description | source |\n|---|---|---|---|---|---|---|\n";
    for (const auto& p : kParameters)
      std::cout << "| `" << p.name << "` | " << format_double(p.default_value) << " | " << prior(p).describe()
                << " | [" << format_double(p.lower) << ", " << format_double(p.upper) << "] | " << p.unit << " | "
                << p.description << " | " << p.source << " |\n";
  } else if (fmt == "text") {
    for (const auto& p : kParameters)
      std::cout << p.name << " = " << format_double(p.default_value) << " " << p.unit << "  prior "
                << prior(p).describe() << "  bounds [" << format_double(p.lower) << ", " << format_double(p.upper)
                << "]\n    " << p.description
                << "\n    source: " << p.source << "\n";
  } else {
    const std::vector<std::string> formats = {"text", "csv", "markdown"};
    const std::string hint = closest_match(fmt, formats);
    throw UsageError("unknown format '" + fmt + "' for --format; expected one of text, csv, markdown" +
                     (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  }
  return kExitOk;
}

}  // namespace

int dispatch(const std::vector<std::string>& args) {
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
  if (args[0] == "run") return cmd_run(rest, command_line);
  if (args[0] == "validate") return cmd_validate(rest);
  if (args[0] == "params") return cmd_params(rest);
  if (args[0] == "sweep") return cmd_sweep(rest, command_line);
  if (args[0] == "sensitivity") return cmd_sensitivity(rest);
  if (args[0] == "merge") return cmd_merge(rest, command_line);
  if (args[0] == "facts") return cmd_facts(rest);
  if (args[0] == "dock") return cmd_dock(rest);
  if (args[0] == "explain") return cmd_explain(rest);
  if (args[0] == "report") return cmd_report(rest);
  auto candidates = command_names();
  candidates.insert(candidates.end(), {"--version", "--help"});
  const std::string hint = closest_match(args[0], candidates);
  throw UsageError("unknown command '" + args[0] + "'; expected one of " + join(command_names()) +
                   (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
}

}  // namespace mv::cli
