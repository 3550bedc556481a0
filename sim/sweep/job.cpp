#include "sweep/job.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "core/version.h"
#include "engine/batch.h"
#include "engine/cluster.h"
#include "engine/sweep_runner.h"
#include "io/output_dir.h"
#include "io/sweep_writers.h"
#include "io/writers.h"
#include "sweep/analysis.h"
#include "sweep/journal.h"

namespace mv {

namespace fs = std::filesystem;

namespace {

/// An exclusive lock on a sweep's output, held from before its journal is touched until the
/// results are in place, so two processes never write one journal (a second one is refused,
/// with or without --force). The lock file sits beside the journal; after taking the lock the
/// file is checked to be still the one at the path, so removing it on release is safe.
class OutputLock {
 public:
  explicit OutputLock(fs::path path, const fs::path& out) : path_(std::move(path)) {
    for (;;) {
      fd_ = ::open(path_.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
      if (fd_ < 0) throw OutputError("cannot write '" + path_.string() + "': " + std::strerror(errno));
      if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd_);
        fd_ = -1;
        throw OutputError(
            "another multivector process is running a sweep into '" + out.string() +
            "'; expected one process per output directory (wait for it, or stop it and --resume)");
      }
      struct stat held {
      }, now{};
      if (::fstat(fd_, &held) == 0 && ::stat(path_.c_str(), &now) == 0 && held.st_ino == now.st_ino &&
          held.st_dev == now.st_dev)
        return;
      ::close(fd_);  // removed by its previous holder in between: take the new file
    }
  }
  ~OutputLock() {
    if (fd_ >= 0) {
      ::unlink(path_.c_str());
      ::close(fd_);
    }
  }
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

 private:
  fs::path path_;
  int fd_ = -1;
};

int64_t count_lines(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  int64_t n = 0;
  std::string l;
  while (std::getline(in, l)) ++n;
  return n;
}

std::string identity_json(const Sweep& sw, const std::string& sweep_text, const std::string& scenario_text,
                          int shard_index, int shard_count, int64_t first, int64_t end) {
  nlohmann::ordered_json j;
  j["sweep"] = sw.name;
  j["sha256"] = sha256_hex(sweep_text + scenario_text);
  j["shard_index"] = shard_index;
  j["shard_count"] = shard_count;
  j["first_point"] = first;
  j["end_point"] = end;
  return j.dump(2) + "\n";
}

/// Test hook MV_TEST_SIGNAL_AFTER_POINTS="INT:K" or "KILL:K": the process sends itself the
/// signal once K points are in the journal, a Ctrl-C or a kill at an exactly known moment.
std::pair<int, int64_t> test_signal_hook() {
  const char* v = std::getenv("MV_TEST_SIGNAL_AFTER_POINTS");
  if (!v) return {0, -1};
  const std::string s = v;
  const auto colon = s.find(':');
  if (colon == std::string::npos) return {0, -1};
  const std::string sig = s.substr(0, colon);
  return {sig == "INT" ? SIGINT : sig == "KILL" ? SIGKILL : 0, std::atoll(s.c_str() + colon + 1)};
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

std::string sweep_manifest_json(const Sweep& sw, int shard_index, int shard_count, int64_t first_point,
                                int64_t end_point, const std::string& command_line,
                                const std::string& started, double elapsed, int threads, int processes,
                                int64_t resumed, const std::vector<std::string>& files) {
  nlohmann::ordered_json j;
  j["program"] = "multivector";
  j["kind"] = "sweep";
  j["version"] = kVersion;
  j["git_commit"] = kGitCommit;
  j["sweep"]["name"] = sw.name;
  j["sweep"]["path"] = sw.path.string();
  j["sweep"]["resolved_file"] = "sweep.resolved.toml";
  j["sweep"]["sha256"] = sha256_hex(sw.resolved_toml() + sw.base.resolved_toml());
  j["scenario"]["name"] = sw.base.name;
  j["scenario"]["path"] = sw.base.path.string();
  j["scenario"]["resolved_file"] = "scenario.resolved.toml";
  j["design"] = kDesignNames[static_cast<int>(sw.design)];
  j["points"] = sw.points();
  j["replicates_per_point"] = sw.replicates;
  j["seed"] = sw.seed;
  j["seed_note"] =
      sw.common_random_numbers
          ? "common random numbers: replicate r of every design point uses seed "
            "mix64(mix64(seed) ^ mix64(r ^ 0x5265706c6963)), mix64 the SplitMix64 finaliser"
          : "replicate r of design point p uses seed mix64(mix64(seed) ^ mix64((p * replicates + r) ^ "
            "0x5265706c6963)), mix64 the SplitMix64 finaliser";
  j["shard"] = {
      {"index", shard_index}, {"count", shard_count}, {"first_point", first_point}, {"end_point", end_point}};
  j["threads"] = threads;
  j["processes"] = processes;
  j["resumed_points"] = resumed;
  j["command_line"] = command_line;
  j["start_time_utc"] = started;
  j["elapsed_seconds"] = elapsed;
  j["files"] = files;
  return j.dump(2) + "\n";
}

namespace {

/// The rows of one design point, as the journal files take them.
struct RowWriter {
  const SweepPlan& plan;
  bool with_replicates;
  AppendFile& points;
  AppendFile* reps;
  AppendFile* series = nullptr;  // replicate_series.csv, if written
  /// Replicate rows first: a point is finished once its points.csv row is flushed.
  void write(const PointResult& p) {
    if (with_replicates) {
      reps->write(replicates_csv_rows(plan, p));
      reps->flush();
    }
    if (series) {
      const size_t row = static_cast<size_t>(plan.scenario->run.steps()) * kNumSeries;
      for (size_t r = 0; r < p.outcomes.size(); ++r)
        series->write(replicate_series_rows(std::to_string(p.point) + "," + std::to_string(r) + ",",
                                            std::span<const float>(p.series.data() + r * row, row),
                                            plan.scenario->run.start));
      series->flush();
    }
    points.write(points_csv_row(plan, p));
    points.flush();
  }
};

/// A temporary file of this process (an MPI rank's slice of the rows), removed at the end.
struct TempFile {
  fs::path path;
  TempFile() {
    std::string tmpl = (fs::temp_directory_path() / "multivector-rank-XXXXXX").string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0)
      throw OutputError("cannot create a temporary file in " + fs::temp_directory_path().string() + ": " +
                        std::strerror(errno));
    ::close(fd);
    path = tmpl;
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove(path, ec);
  }
};

/// One sweep job: the sweep, its options, its shard, its plan and the texts its journal holds.
struct Job {
  const Sweep& sw;
  const SweepJobOptions& opt;
  cluster::Slice shard;  // this job's design points
  const SweepPlan& plan;
  std::string sweep_text, scenario_text, identity, points_header, reps_header, series_header;
  bool root = cluster::rank() == 0;
  int processes = cluster::size();
  bool single = processes == 1;
};

/// Where a job's rows go, prepared by rank 0 before anything runs.
struct Output {
  fs::path out;                 // the destination
  fs::path work;                // the journal (single process) or the staging directory (MPI)
  DirectoryListing out_before;  // --out as --force found it
  int64_t resumed = 0;          // points an interrupted run already finished
  std::unique_ptr<OutputLock> lock;
  std::unique_ptr<StagedDirectory> mpi_staging;
};

/// Stage 1: refuses, before anything runs, a sweep whose working memory would not fit: the
/// design, the points in flight, one citizen population per thread and the sensitivity step's
/// means. @throws UsageError.
void check_memory(const Sweep& sw, const SweepJobOptions& opt) {
  const double points = static_cast<double>(sw.points()), k = static_cast<double>(sw.factors.size());
  const double in_flight = static_cast<double>(sweep_window(opt.threads, sw.replicates)) *
                           static_cast<double>(sw.replicates) *
                           ((kNumOutcomes + kNumParams + 1) * 8.0 +
                            (sw.write_replicate_series ? sw.base.run.steps() * kNumSeries * 4.0 : 0.0));
  const double bytes = points * k * 16.0 + in_flight +
                       opt.threads * static_cast<double>(sw.base.run.citizens) * 72.0 +
                       (sw.has_sensitivity() && opt.shard_count == 1 ? points * kNumOutcomes * 8.0 : 0.0);
  const double limit =
      static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE)) * 0.8;
  if (bytes > limit)
    throw UsageError("the sweep '" + sw.name + "' would need about " +
                     std::to_string(static_cast<long long>(bytes / (1 << 20))) +
                     " MiB of memory, more than 80% of this machine's " +
                     std::to_string(static_cast<long long>(limit / 0.8 / (1 << 20))) +
                     " MiB; expected fewer design points or factors, fewer replicates per point, or fewer "
                     "--threads");
}

/// The journal of a single process's sweep into `out` (.NAME.partial beside it).
fs::path journal_of(const fs::path& out) {
  return out.parent_path() / ("." + out.filename().string() + ".partial");
}

UsageError nothing_to_resume(const fs::path& journal) {
  return UsageError("nothing to resume: no interrupted sweep at '" + journal.string() +
                    "'; expected a sweep interrupted earlier with the same --out (run without --resume)");
}

/// A single process's journal: an interrupted one checked and resumed (--resume), or a new one
/// whose files are all written before its journal.json, the mark of a resumable journal.
/// @throws UsageError, OutputError, InputError (a damaged journal).
void open_journal(const Job& job, Output& o) {
  const SweepJobOptions& opt = job.opt;
  const fs::path journal = o.work;
  std::error_code ec;
  // A journal without journal.json is a setup that failed before any point: not resumable.
  const bool resumable = fs::exists(journal / "journal.json", ec);
  if (opt.resume) {
    if (!resumable) throw nothing_to_resume(journal);
    if (read_all(journal / "journal.json") != job.identity)
      throw UsageError("the interrupted sweep at '" + journal.string() +
                       "' was started from a different sweep file, base scenario or --shard; expected the "
                       "same ones to resume it, or --force without --resume to start over");
    o.resumed =
        resume_journal({journal, &job.plan, job.shard.begin, job.shard.end, job.sweep_text, job.scenario_text,
                        job.points_header, job.reps_header, job.sw.write_replicates, job.series_header,
                        job.sw.write_replicate_series});
    return;
  }
  if (resumable && !opt.force)
    throw OutputError("an interrupted sweep is kept at '" + journal.string() + "' (" +
                      std::to_string(std::max<int64_t>(0, count_lines(journal / "points.csv") - 1)) +
                      " design points done); expected --resume to continue it, or --force to discard it");
  fs::remove_all(journal, ec);
  try {
    fs::create_directory(journal, ec);
    if (ec) throw OutputError("cannot create '" + journal.string() + "': " + ec.message());
    write_text_file(journal / "sweep.resolved.toml", job.sweep_text);
    write_text_file(journal / "scenario.resolved.toml", job.scenario_text);
    write_text_file(journal / "points.csv", job.points_header);
    if (job.sw.write_replicates) write_text_file(journal / "replicates.csv", job.reps_header);
    if (job.sw.write_replicate_series) write_text_file(journal / "replicate_series.csv", job.series_header);
    // Written last: only a journal with it can be resumed.
    write_text_file(journal / "journal.json", job.identity);
  } catch (...) {
    fs::remove_all(journal, ec);  // nothing ran: leave nothing behind
    throw;
  }
}

/// Stage 2: rank 0 checks the destination and prepares where the rows go: the journal of a
/// single process (kept on interruption, for --resume), or a staging directory under MPI
/// (removed on any failure). Every rank learns the outcome before anything runs.
/// @throws mv::Error (on every rank, with rank 0's exit code).
Output open_output(const Job& job) {
  const SweepJobOptions& opt = job.opt;
  Output o;
  int status = 0;
  std::exception_ptr setup_error;
  if (job.root) {
    try {
      std::error_code ec;
      if (opt.resume && fs::exists(opt.out / "manifest.json", ec))
        throw UsageError(
            "the sweep in '" + opt.out.string() +
            "' is already complete; nothing to resume (run without --resume and with --force to run "
            "it again)");
      if (opt.resume && job.single) {
        // Refused before check_destination creates the missing parents of --out.
        const fs::path out = opt.out.filename().empty() ? opt.out.parent_path() : opt.out;
        if (!fs::exists(journal_of(out) / "journal.json", ec)) throw nothing_to_resume(journal_of(out));
      }
      o.out = check_destination(opt.out, opt.force);
      o.out_before = list_directory(o.out);
      const fs::path parent = o.out.parent_path();
      if (job.single) {
        o.lock = std::make_unique<OutputLock>(parent / ("." + o.out.filename().string() + ".lock"), o.out);
        o.work = journal_of(o.out);
        open_journal(job, o);
      } else {
        if (opt.resume)
          throw UsageError(
              "--resume is not available under mpirun; expected a single process (the journal is written by "
              "one "
              "process), or --shard runs");
        o.mpi_staging = std::make_unique<StagedDirectory>(o.out, opt.force);
        o.work = o.mpi_staging->staging();
        write_text_file(o.work / "sweep.resolved.toml", job.sweep_text);
        write_text_file(o.work / "scenario.resolved.toml", job.scenario_text);
        write_text_file(o.work / "points.csv", job.points_header);
        if (job.sw.write_replicates) write_text_file(o.work / "replicates.csv", job.reps_header);
        if (job.sw.write_replicate_series) write_text_file(o.work / "replicate_series.csv", job.series_header);
      }
    } catch (const Error& e) {
      status = e.exit_code();
      setup_error = std::current_exception();
    }
  }
  status = cluster::max_all(status);
  if (status != 0) {
    if (setup_error) std::rethrow_exception(setup_error);
    throw Error("rank 0 refused the output directory", status);
  }
  return o;
}

/// Stage 3: this job's remaining points, under MPI a contiguous slice per rank. Rows go straight
/// into the journal (rank 0, whose slice comes first), or into a temporary file of this rank
/// that rank 0 appends after its own, in rank order (stage 4). Returns the points this process
/// delivered; `complete` is false if any rank was interrupted.
int64_t run_points(const Job& job, const Output& o, std::unique_ptr<TempFile>& rank_points,
                   std::unique_ptr<TempFile>& rank_reps, std::unique_ptr<TempFile>& rank_series, bool& complete) {
  const Sweep& sw = job.sw;
  const SweepJobOptions& opt = job.opt;
  const int64_t begin = job.shard.begin + o.resumed, end = job.shard.end;
  const auto mine = cluster::slice_of(end - begin, cluster::rank(), job.processes);
  SweepRunOptions ro;
  ro.first_point = begin + mine.begin;
  ro.end_point = begin + mine.end;
  ro.threads = opt.threads;
  ro.cancel = opt.cancel;
  const int64_t total_reps = (ro.end_point - ro.first_point) * sw.replicates;
  if (opt.progress && job.root) ro.progress = [&](int64_t done) { opt.progress(done, total_reps); };
  if (!job.root) {
    rank_points = std::make_unique<TempFile>();
    if (sw.write_replicates) rank_reps = std::make_unique<TempFile>();
    if (sw.write_replicate_series) rank_series = std::make_unique<TempFile>();
  }
  int local = 0;
  int64_t delivered = 0;
  {
    AppendFile points(job.root ? o.work / "points.csv" : rank_points->path);
    std::unique_ptr<AppendFile> reps;
    if (sw.write_replicates)
      reps = std::make_unique<AppendFile>(job.root ? o.work / "replicates.csv" : rank_reps->path);
    std::unique_ptr<AppendFile> series;
    if (sw.write_replicate_series)
      series = std::make_unique<AppendFile>(job.root ? o.work / "replicate_series.csv" : rank_series->path);
    RowWriter rows{job.plan, sw.write_replicates, points, reps.get(), series.get()};
    // Plain variables, not a structured binding: clang 14 cannot capture bindings in a lambda.
    const std::pair<int, int64_t> hook = test_signal_hook();
    const int hook_signal = hook.first;
    const int64_t hook_after = hook.second;
    const bool single = job.single;
    try {
      run_sweep_points(job.plan, ro, [&](const PointResult& p) {
        rows.write(p);
        ++delivered;
        if (single && hook_signal && delivered == hook_after) std::raise(hook_signal);
      });
    } catch (const Interrupted&) {
      local = kExitInterrupted;
    } catch (...) {
      if (single) throw;  // the journal keeps what was flushed
      cluster::abort(kExitInternal);
    }
    points.close();
    if (reps) reps->close();
    if (series) series->close();
  }
  complete = cluster::max_all(local) == 0;
  return delivered;
}

/// Stage 4 (MPI): rank 0 appends the other ranks' rows after its own, in rank order.
void gather_rows(const Job& job, const Output& o, const TempFile* rank_points, const TempFile* rank_reps,
                 const TempFile* rank_series) {
  AppendFile points(job.root ? o.work / "points.csv" : fs::path("/dev/null"));
  cluster::stream_files_to_root(job.root ? std::string() : rank_points->path.string(),
                                [&](const char* d, size_t n) { points.write(std::string_view(d, n)); });
  points.close();
  if (job.sw.write_replicates) {
    AppendFile reps(job.root ? o.work / "replicates.csv" : fs::path("/dev/null"));
    cluster::stream_files_to_root(job.root ? std::string() : rank_reps->path.string(),
                                  [&](const char* d, size_t n) { reps.write(std::string_view(d, n)); });
    reps.close();
  }
  if (job.sw.write_replicate_series) {
    AppendFile series(job.root ? o.work / "replicate_series.csv" : fs::path("/dev/null"));
    cluster::stream_files_to_root(job.root ? std::string() : rank_series->path.string(),
                                  [&](const char* d, size_t n) { series.write(std::string_view(d, n)); });
    series.close();
  }
}

/// Stage 5 (rank 0): every point is in the journal or staging directory; analyse, describe,
/// and move into place. A signal from here on keeps the journal (complete: --resume only
/// finishes these steps) and writes nothing else.
void finish(const Job& job, Output& o, const std::string& started, std::chrono::steady_clock::time_point t0,
            SweepJobResult& res) {
  const Sweep& sw = job.sw;
  const SweepJobOptions& opt = job.opt;
  auto interrupted_now = [&] {
    res.complete = false;
    res.points_done = res.points_total;
    res.out = job.single ? o.work : o.out;
  };
  write_points_long(o.work / "points.csv", o.work / "points_long.csv", job.plan);
  std::vector<std::string> files = {"points.csv", "points_long.csv"};
  if (sw.write_replicates) files.push_back("replicates.csv");
  if (sw.write_replicate_series) files.push_back("replicate_series.csv");
  if (opt.shard_count == 1 && sw.has_sensitivity()) {
    try {
      const SensitivityReport rep = sensitivity_from_points(sw, o.work / "points.csv", sw.nan_policy,
                                                            sw.bootstrap, o.out / "points.csv", opt.cancel);
      write_text_file(o.work / "sensitivity.csv", rep.csv);
      files.push_back("sensitivity.csv");
      res.sensitivity_written = true;
      res.warnings = rep.warnings;
    } catch (const Interrupted&) {
      return interrupted_now();
    } catch (const InputError& e) {
      if (sw.nan_policy != NanPolicy::error) throw;
      res.sensitivity_error = e.what();
    }
  }
  write_text_file(o.work / "outcomes.csv", outcomes_csv());
  files.insert(files.end(), {"sweep.resolved.toml", "scenario.resolved.toml", "outcomes.csv"});
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  write_text_file(
      o.work / "manifest.json",
      sweep_manifest_json(sw, opt.shard_index, opt.shard_count, job.shard.begin, job.shard.end,
                          opt.command_line, started, elapsed, opt.threads, job.processes, o.resumed, files));
  std::error_code ec;
  if (opt.cancel && opt.cancel->load()) {
    fs::remove(o.work / "manifest.json", ec);
    return interrupted_now();
  }
  fs::remove(o.work / "journal.json", ec);
  res.removed =
      o.mpi_staging ? o.mpi_staging->commit() : move_into_place(o.work, o.out, opt.force, o.out_before);
  o.lock.reset();
  res.complete = true;
  res.points_done = res.points_total;
  res.out = o.out;
}

}  // namespace

SweepJobResult run_sweep_job(const Sweep& sw, const SweepJobOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::string started = utc_now_iso();
  SweepJobResult res;
  const auto shard = cluster::slice_of(sw.points(), opt.shard_index, opt.shard_count);
  res.points_total = shard.end - shard.begin;
  check_memory(sw, opt);

  const SweepDesign design = build_design(sw);
  const design::Matrix values = factor_values(sw, design);
  std::vector<Param> factors;
  for (const auto& f : sw.factors) factors.push_back(f.param);
  SweepPlan plan = make_sweep_plan(sw.base, factors, values, sw.replicates, sw.seed, sw.common_random_numbers);
  plan.record_series = sw.write_replicate_series;
  const std::string sweep_text = sw.resolved_toml(), scenario_text = sw.base.resolved_toml();
  const Job job{
      sw,
      opt,
      shard,
      plan,
      sweep_text,
      scenario_text,
      identity_json(sw, sweep_text, scenario_text, opt.shard_index, opt.shard_count, shard.begin, shard.end),
      points_csv_header(plan),
      replicates_csv_header(plan),
      csv_header(replicate_series_columns(true))};

  Output o = open_output(job);
  res.points_resumed = o.resumed;
  std::unique_ptr<TempFile> rank_points, rank_reps, rank_series;
  bool complete = true;
  const int64_t delivered = run_points(job, o, rank_points, rank_reps, rank_series, complete);
  if (!complete) {
    res.complete = false;
    res.points_done = job.single ? o.resumed + delivered : 0;
    res.out = job.single ? o.work : o.out;
    return res;  // single: the journal stays for --resume; MPI: the staging directory goes
  }
  if (!job.single) {
    gather_rows(job, o, rank_points.get(), rank_reps.get(), rank_series.get());
    if (!job.root) {
      res.complete = true;
      return res;
    }
  }
  finish(job, o, started, t0, res);
  return res;
}

}  // namespace mv
