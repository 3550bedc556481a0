#include "sweep/job.h"

#include <sys/file.h>
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
#include "sweep/analysis.h"

namespace mv {

namespace fs = std::filesystem;

namespace {

/// An append-only file written with every error checked (a full disk stops the sweep with the
/// file's name and the reason; the journal keeps what was flushed).
class AppendFile {
 public:
  explicit AppendFile(fs::path path) : path_(std::move(path)) {
    f_ = std::fopen(path_.c_str(), "ab");
    if (!f_) throw OutputError("cannot write '" + path_.string() + "': " + std::strerror(errno));
  }
  ~AppendFile() {
    if (f_) std::fclose(f_);
  }
  AppendFile(const AppendFile&) = delete;
  AppendFile& operator=(const AppendFile&) = delete;
  void write(const std::string& s) {
    if (std::getenv("MV_FAULT_INJECT") && std::string(std::getenv("MV_FAULT_INJECT")) == "enospc")
      throw OutputError("cannot write '" + path_.string() + "': " + std::strerror(ENOSPC));
    if (std::fwrite(s.data(), 1, s.size(), f_) != s.size())
      throw OutputError("cannot write '" + path_.string() + "': " + std::strerror(errno));
  }
  void flush() {
    if (std::fflush(f_) != 0)
      throw OutputError("cannot write '" + path_.string() + "': " + std::strerror(errno));
  }
  void close() {
    FILE* f = f_;
    f_ = nullptr;
    if (f && std::fclose(f) != 0)
      throw OutputError("cannot write '" + path_.string() + "': " + std::strerror(errno));
  }

 private:
  fs::path path_;
  FILE* f_ = nullptr;
};

/// Holds an exclusive lock on the journal, so two sweeps never write to it at once.
class JournalLock {
 public:
  explicit JournalLock(const fs::path& dir) : path_(dir / "journal.lock") {
    fd_ = ::open(path_.c_str(), O_CREAT | O_RDWR, 0644);
    if (fd_ < 0) throw OutputError("cannot write '" + path_.string() + "': " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      fd_ = -1;
      throw OutputError("another multivector process is writing the sweep journal '" + dir.string() +
                        "'; expected one process per output directory");
    }
  }
  ~JournalLock() { release(); }
  void release() {
    if (fd_ >= 0) {
      std::error_code ec;
      fs::remove(path_, ec);
      ::close(fd_);
      fd_ = -1;
    }
  }

 private:
  fs::path path_;
  int fd_ = -1;
};

/// Cuts a file back to its last complete line (a killed run can leave half a row).
int64_t truncate_to_lines(const fs::path& p, const std::function<bool(const std::string&)>& keep) {
  std::ifstream in(p, std::ios::binary);
  std::string line;
  uint64_t offset = 0, keep_until = 0;
  int64_t lines = 0;
  bool stop = false;
  while (!stop && std::getline(in, line)) {
    if (in.eof()) break;  // no newline: incomplete
    if (!keep(line)) {
      stop = true;
      break;
    }
    offset += line.size() + 1;
    keep_until = offset;
    ++lines;
  }
  in.close();
  fs::resize_file(p, keep_until);
  return lines;
}

int64_t leading_integer(const std::string& line) {
  int64_t v = 0;
  size_t i = 0;
  for (; i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i) v = v * 10 + (line[i] - '0');
  return i == 0 ? -1 : v;
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

SweepJobResult run_sweep_job(const Sweep& sw, const SweepJobOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::string started = utc_now_iso();
  const bool root = cluster::rank() == 0;
  const int processes = cluster::size();
  SweepJobResult res;

  // Refuse, before anything runs, a sweep whose working memory would not fit: the design, the
  // points in flight, one citizen population per thread and the sensitivity step's means.
  {
    const double points = static_cast<double>(sw.points()), k = static_cast<double>(sw.factors.size());
    const double in_flight = static_cast<double>(sweep_window(opt.threads, sw.replicates)) *
                             static_cast<double>(sw.replicates) *
                             (kNumOutcomes + sampled_parameters(sw.base).size() + 1) * 8.0;
    const double bytes = points * k * 16.0 + in_flight +
                         opt.threads * static_cast<double>(sw.base.run.citizens) * 72.0 +
                         (sw.has_sensitivity() ? points * kNumOutcomes * 8.0 : 0.0);
    const double limit =
        static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE)) * 0.8;
    if (bytes > limit)
      throw UsageError(
          "the sweep '" + sw.name + "' would need about " +
          std::to_string(static_cast<long long>(bytes / (1 << 20))) +
          " MiB of memory, more than 80% of this machine's " +
          std::to_string(static_cast<long long>(limit / 0.8 / (1 << 20))) +
          " MiB; expected fewer design points or replicates per point, fewer --threads, or --shard");
  }

  const SweepDesign design = build_design(sw);
  const design::Matrix values = factor_values(sw, design);
  std::vector<Param> factors;
  for (const auto& f : sw.factors) factors.push_back(f.param);
  const SweepPlan plan =
      make_sweep_plan(sw.base, factors, values, sw.replicates, sw.seed, sw.common_random_numbers);
  const auto shard = cluster::slice_of(sw.points(), opt.shard_index, opt.shard_count);
  res.points_total = shard.end - shard.begin;

  const std::string sweep_text = sw.resolved_toml(), scenario_text = sw.base.resolved_toml();
  const std::string identity =
      identity_json(sw, sweep_text, scenario_text, opt.shard_index, opt.shard_count, shard.begin, shard.end);

  // Rank 0 checks the destination and prepares the journal; every rank learns the outcome
  // before any runs, so a refused directory never leaves ranks waiting for each other.
  fs::path out, journal;
  int64_t resumed = 0;
  std::unique_ptr<JournalLock> lock;
  int status = 0;
  std::exception_ptr setup_error;
  if (root) {
    try {
      out = check_destination(opt.out, opt.force);
      fs::path parent = out.parent_path();
      journal = parent / ("." + out.filename().string() + ".partial");
      std::error_code ec;
      const bool exists = fs::exists(journal, ec);
      if (opt.resume) {
        if (processes > 1)
          throw UsageError(
              "--resume is not available under mpirun; expected a single process (the journal is written "
              "by one process) or --shard runs");
        if (!exists)
          throw UsageError(
              "nothing to resume: no interrupted sweep at '" + journal.string() +
              "'; expected a sweep interrupted earlier with the same --out (run without --resume)");
        lock = std::make_unique<JournalLock>(journal);
        if (read_all(journal / "journal.json") != identity)
          throw UsageError(
              "the interrupted sweep at '" + journal.string() +
              "' was started from a different sweep file, base scenario or --shard; expected the "
              "same ones to resume it, or --force without --resume to start over");
        const std::string header = points_csv_header(plan);
        int64_t line = 0;
        const int64_t rows = truncate_to_lines(journal / "points.csv", [&](const std::string& l) {
          const bool ok = line == 0 ? l + "\n" == header : leading_integer(l) == shard.begin + line - 1;
          ++line;
          return ok;
        });
        resumed = std::max<int64_t>(0, rows - 1);
        if (rows == 0) {  // killed before the header was flushed: start the file again
          fs::resize_file(journal / "points.csv", 0);
          AppendFile f(journal / "points.csv");
          f.write(header);
          f.close();
        }
        if (sw.write_replicates) {
          int64_t rline = 0;
          const int64_t rrows = truncate_to_lines(journal / "replicates.csv", [&](const std::string& l) {
            const bool ok = rline++ == 0 ||
                            (leading_integer(l) >= shard.begin && leading_integer(l) < shard.begin + resumed);
            return ok;
          });
          if (rrows == 0) {
            AppendFile f(journal / "replicates.csv");
            f.write(replicates_csv_header(plan));
            f.close();
          }
        }
      } else {
        if (exists && !opt.force) {
          int64_t done = 0;
          {
            std::ifstream in(journal / "points.csv", std::ios::binary);
            std::string l;
            while (std::getline(in, l)) ++done;
          }
          throw OutputError(
              "an interrupted sweep is kept at '" + journal.string() + "' (" +
              std::to_string(std::max<int64_t>(0, done - 1)) +
              " design points done); expected --resume to continue it, or --force to discard it");
        }
        fs::remove_all(journal, ec);
        fs::create_directory(journal, ec);
        if (ec) throw OutputError("cannot create '" + journal.string() + "': " + ec.message());
        lock = std::make_unique<JournalLock>(journal);
        write_text_file(journal / "sweep.resolved.toml", sweep_text);
        write_text_file(journal / "scenario.resolved.toml", scenario_text);
        AppendFile p(journal / "points.csv");
        p.write(points_csv_header(plan));
        p.close();
        if (sw.write_replicates) {
          AppendFile r(journal / "replicates.csv");
          r.write(replicates_csv_header(plan));
          r.close();
        }
        // Written last: a journal without it is not resumable, and is replaced on the next run.
        write_text_file(journal / "journal.json", identity);
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

  res.points_resumed = resumed;
  const int64_t begin = shard.begin + resumed, end = shard.end;
  // Under MPI each rank runs a contiguous slice of this job's points.
  const auto mine = cluster::slice_of(end - begin, cluster::rank(), processes);
  SweepRunOptions ro;
  ro.first_point = begin + mine.begin;
  ro.end_point = begin + mine.end;
  ro.threads = opt.threads;
  ro.cancel = opt.cancel;
  const int64_t total_reps = (ro.end_point - ro.first_point) * sw.replicates;
  if (opt.progress && root) ro.progress = [&](int64_t done) { opt.progress(done, total_reps); };

  int64_t delivered = 0;
  if (processes == 1) {
    AppendFile points(journal / "points.csv");
    std::unique_ptr<AppendFile> reps;
    if (sw.write_replicates) reps = std::make_unique<AppendFile>(journal / "replicates.csv");
    const auto [hook_signal, hook_after] = test_signal_hook();
    try {
      run_sweep_points(plan, ro, [&](const PointResult& p) {
        // Replicate rows first: a point is finished once its points.csv row is flushed.
        if (reps) {
          reps->write(replicates_csv_rows(plan, p));
          reps->flush();
        }
        points.write(points_csv_row(plan, p));
        points.flush();
        ++delivered;
        if (hook_signal && delivered == hook_after) std::raise(hook_signal);
      });
    } catch (const Interrupted&) {
      points.close();
      if (reps) reps->close();
      res.complete = false;
      res.points_done = resumed + delivered;
      res.out = journal;
      return res;
    }
    points.close();
    if (reps) reps->close();
  } else {
    std::string points_text, reps_text;
    int local = 0;
    try {
      run_sweep_points(plan, ro, [&](const PointResult& p) {
        if (sw.write_replicates) reps_text += replicates_csv_rows(plan, p);
        points_text += points_csv_row(plan, p);
      });
    } catch (const Interrupted&) {
      local = kExitInterrupted;
    } catch (...) {
      cluster::abort(kExitInternal);
    }
    if (cluster::max_all(local) != 0) {
      res.complete = false;
      res.points_done = 0;
      res.out = journal;
      if (root) {
        lock.reset();
        std::error_code ec;
        fs::remove_all(journal, ec);  // a journal under MPI cannot be resumed: leave nothing
      }
      return res;
    }
    const auto all_points = cluster::gather(points_text);
    const auto all_reps = cluster::gather(reps_text);
    if (!root) {
      res.complete = true;
      return res;
    }
    AppendFile points(journal / "points.csv");
    for (const auto& s : all_points) points.write(s);
    points.close();
    if (sw.write_replicates) {
      AppendFile reps(journal / "replicates.csv");
      for (const auto& s : all_reps) reps.write(s);
      reps.close();
    }
  }

  // Every point is in the journal: analyse, describe, and move into place.
  std::vector<std::string> files = {"points.csv"};
  if (sw.write_replicates) files.push_back("replicates.csv");
  if (opt.shard_count == 1 && sw.has_sensitivity()) {
    try {
      const SensitivityReport rep =
          sensitivity_from_points(sw, journal / "points.csv", sw.nan_policy, sw.bootstrap);
      write_text_file(journal / "sensitivity.csv", rep.csv);
      files.push_back("sensitivity.csv");
      res.sensitivity_written = true;
      res.warnings = rep.warnings;
    } catch (const InputError& e) {
      if (sw.nan_policy != NanPolicy::error) throw;
      res.sensitivity_error = e.what();
    }
  }
  files.insert(files.end(), {"sweep.resolved.toml", "scenario.resolved.toml"});
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  write_text_file(
      journal / "manifest.json",
      sweep_manifest_json(sw, opt.shard_index, opt.shard_count, shard.begin, shard.end, opt.command_line,
                          started, elapsed, opt.threads, processes, resumed, files));
  std::error_code ec;
  fs::remove(journal / "journal.json", ec);
  lock.reset();
  move_into_place(journal, out, opt.force);
  res.complete = true;
  res.points_done = res.points_total;
  res.out = out;
  return res;
}

}  // namespace mv
