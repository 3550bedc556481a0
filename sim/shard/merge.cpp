#include "shard/merge.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/suggest.h"
#include "io/csv_read.h"
#include "io/output_dir.h"
#include "io/sweep_writers.h"
#include "io/writers.h"
#include "scenario/scenario.h"
#include "sweep/analysis.h"
#include "sweep/job.h"
#include "sweep/journal.h"
#include "sweep/sweep.h"

namespace mv {

namespace fs = std::filesystem;

namespace {

constexpr char kSeriesMagic[8] = {'M', 'V', 'S', 'E', 'R', 'I', 'E', 'S'};

template <typename T>
void put(std::string& s, const T* p, size_t n) {
  s.append(reinterpret_cast<const char*>(p), n * sizeof(T));
}
template <typename T>
void take(std::string_view& in, T* p, size_t n) {
  const size_t bytes = n * sizeof(T);
  if (in.size() < bytes) throw Error("truncated batch slice", kExitInternal);
  std::memcpy(p, in.data(), bytes);
  in.remove_prefix(bytes);
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in)
    throw InputError({p.string()}, "cannot read the file", "a shard directory written with --shard I/N");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

struct Shard {
  fs::path dir;
  nlohmann::json manifest;
  int index = 0, count = 1;
};

[[noreturn]] void bad(const fs::path& where, const std::string& what, const std::string& expected) {
  throw InputError({where.string()}, what, expected);
}

/// Reads and checks the manifests: one kind, one plan, one program, every slice exactly once.
std::vector<Shard> check_shards(const std::vector<fs::path>& dirs, bool allow_version_mismatch);

std::vector<Shard> read_shards(const std::vector<fs::path>& dirs, bool allow_version_mismatch) {
  try {
    return check_shards(dirs, allow_version_mismatch);
  } catch (const nlohmann::json::exception& e) {
    throw InputError({dirs.front().string()},
                     std::string("a shard's manifest.json lacks what merge needs (") + e.what() + ")",
                     "the manifest.json written by 'multivector run/sweep --shard I/N', unedited");
  }
}

/// The most shards a split may have (as --shard I/N takes).
constexpr int kMaxShards = 100'000;

std::string program_of(const nlohmann::json& manifest) {
  return manifest.value("version", std::string("?")) + " (commit " +
         manifest.value("git_commit", std::string("?")) + ")";
}

std::vector<Shard> check_shards(const std::vector<fs::path>& dirs, bool allow_version_mismatch) {
  std::vector<Shard> shards;
  for (const auto& d : dirs) {
    const fs::path m = d / "manifest.json";
    if (!fs::is_regular_file(m))
      bad(d, "has no manifest.json", "a directory written by 'multivector run/sweep --shard I/N'");
    Shard s;
    s.dir = d;
    try {
      s.manifest = nlohmann::json::parse(read_all(m));
      s.index = s.manifest.at("shard").at("index").get<int>();
      s.count = s.manifest.at("shard").at("count").get<int>();
      (void)s.manifest.at("kind").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
      bad(m, std::string("is not a shard manifest (") + e.what() + ")",
          "a manifest.json written by multivector --shard");
    }
    if (s.count < 1 || s.count > kMaxShards || s.index < 0 || s.index >= s.count)
      bad(m, "says shard " + std::to_string(s.index) + " of " + std::to_string(s.count),
          "a shard I of N with 0 <= I < N <= " + std::to_string(kMaxShards));
    shards.push_back(std::move(s));
  }
  const auto& first = shards.front().manifest;
  const std::string kind = first.at("kind").get<std::string>(),
                    hash_key = kind == "run" ? "scenario" : "sweep";
  if (kind != "run" && kind != "sweep")
    bad(shards.front().dir, "has a manifest of kind '" + kind + "'", "a run or sweep shard");
  for (const auto& s : shards) {
    if (s.manifest["kind"] != first["kind"])
      bad(s.dir,
          "is a " + s.manifest["kind"].get<std::string>() + " shard, the first is a " + kind + " shard",
          "shards of one run or one sweep");
    if (s.manifest.at(hash_key).at("sha256") != first.at(hash_key).at("sha256") ||
        s.manifest.at("seed") != first.at("seed") ||
        (kind == "run" && s.manifest.at("runs") != first.at("runs")))
      bad(s.dir,
          "belongs to a different " + kind + " (scenario, seed or size differ) than " +
              shards.front().dir.string(),
          "shards of one " + kind + ", made with the same file, seed and size");
    if (program_of(s.manifest) != program_of(first) && !allow_version_mismatch)
      bad(s.dir,
          "was written by multivector " + program_of(s.manifest) + ", " + shards.front().dir.string() +
              " by " + program_of(first),
          "shards from one program version and commit, or --allow-version-mismatch (recorded in the "
          "manifest)");
    if (s.count != shards.front().count)
      bad(s.dir,
          "is shard " + std::to_string(s.index) + " of " + std::to_string(s.count) + ", the first of " +
              std::to_string(shards.front().count),
          "shards from one split");
  }
  std::sort(shards.begin(), shards.end(), [](const Shard& a, const Shard& b) { return a.index < b.index; });
  const int n = shards.front().count;
  for (int i = 0; i < static_cast<int>(shards.size()); ++i)
    if (i > 0 && shards[i].index == shards[i - 1].index)
      bad(shards[i].dir,
          "repeats shard " + std::to_string(shards[i].index) + " (also " + shards[i - 1].dir.string() + ")",
          "each shard once");
  if (static_cast<int>(shards.size()) != n) {
    std::vector<std::string> missing;  // the first ten, then how many more
    int j = 0, more = 0;
    for (int i = 0; i < n; ++i) {
      if (j < static_cast<int>(shards.size()) && shards[j].index == i)
        ++j;
      else if (missing.size() < 10)
        missing.push_back(std::to_string(i) + "/" + std::to_string(n));
      else
        ++more;
    }
    if (more > 0) missing.push_back("and " + std::to_string(more) + " more");
    bad(shards.front().dir,
        "the shards given are " + std::to_string(shards.size()) + " of " + std::to_string(n) +
            "; missing --shard " + join(missing),
        "every shard of the split");
  }
  return shards;
}

/// Lines of a shard's CSV after its header, which must equal `header` (the first shard's).
void append_body(const fs::path& file, std::string& header, std::string& out) {
  const std::string text = read_all(file);
  const size_t eol = text.find('\n');
  if (eol == std::string::npos) bad(file, "has no header line", "a CSV written by multivector");
  const std::string h = text.substr(0, eol + 1);
  if (header.empty())
    header = h;
  else if (h != header)
    bad(file, "has different columns than the first shard", "shards of one run or sweep");
  out.append(text, eol + 1, std::string::npos);
}

/// Each shard's program, for a manifest, when they differ (merged with --allow-version-mismatch).
nlohmann::ordered_json version_mismatch(const std::vector<Shard>& shards) {
  nlohmann::ordered_json v = nlohmann::ordered_json::array();
  bool differ = false;
  for (const auto& s : shards) {
    differ = differ || program_of(s.manifest) != program_of(shards.front().manifest);
    v.push_back({{"dir", s.dir.string()},
                 {"version", s.manifest.value("version", std::string())},
                 {"git_commit", s.manifest.value("git_commit", std::string())}});
  }
  return differ ? v : nlohmann::ordered_json();
}

void append_checked(const fs::path& file, std::string& header, AppendFile& out,
                    const std::function<std::string(const std::string&)>& problem);

MergeSummary merge_runs(const std::vector<Shard>& shards, const fs::path& out, bool force,
                        const std::string& command_line) {
  const fs::path& d0 = shards.front().dir;
  const Scenario sc = load_scenario(d0 / "scenario.resolved.toml");
  BatchResult r;
  r.steps = sc.run.steps();
  r.sampled = sampled_parameters(sc);
  std::string header;
  int64_t expected = 0;
  for (const auto& s : shards) {
    const int64_t shard_first = expected;
    std::string body;
    append_body(s.dir / "runs.csv", header, body);
    if (header != csv_header(runs_csv_columns()))
      bad(s.dir / "runs.csv", "has other columns than this program writes",
          "runs.csv written by this version of multivector (run, seed, scenario, lens, every parameter, every outcome)");
    constexpr size_t kLead = 4, width = kLead + kNumParams + kNumOutcomes;
    size_t pos = 0;
    int line_no = 1;
    while (pos < body.size()) {
      const size_t eol = body.find('\n', pos);
      const std::string line = body.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
      pos = eol == std::string::npos ? body.size() : eol + 1;
      ++line_no;
      const auto cells = split_csv_line(line);
      double run = 0;
      if (cells.size() != width || !parse_csv_number(cells[0], run) || run != static_cast<double>(expected))
        bad(s.dir / "runs.csv", "line " + std::to_string(line_no) + " is not run " + std::to_string(expected),
            "every run of the batch once, in order, across the shards");
      uint64_t seed = 0;
      auto rs = std::from_chars(cells[1].data(), cells[1].data() + cells[1].size(), seed);
      if (rs.ec != std::errc{} || rs.ptr != cells[1].data() + cells[1].size())
        bad(s.dir / "runs.csv", "bad seed on line " + std::to_string(line_no), "an integer");
      if (expected == 0) r.label = {cells[2], cells[3]};
      if (cells[2] != r.label.scenario || cells[3] != r.label.lens)
        bad(s.dir / "runs.csv", "line " + std::to_string(line_no) + " is of scenario '" + cells[2] + "' lens '" +
                                    cells[3] + "'",
            "the scenario and lens of the first shard's first run ('" + r.label.scenario + "', '" + r.label.lens +
                "')");
      r.seeds.push_back(seed);
      Outcomes o;
      for (size_t c = kLead; c < cells.size(); ++c) {
        double x = 0;
        if (!parse_csv_number(cells[c], x))
          bad(s.dir / "runs.csv", "bad number '" + cells[c] + "' on line " + std::to_string(line_no),
              "a number");
        if (c < kLead + kNumParams)
          r.params.push_back(x);
        else
          o[c - kLead - kNumParams] = x;
      }
      r.outcomes.push_back(o);
      ++expected;
    }
    const std::string series = read_all(s.dir / "series.f32");
    int64_t header_vals[4];
    if (series.size() < 40 || std::memcmp(series.data(), kSeriesMagic, 8) != 0)
      bad(s.dir / "series.f32", "is not a multivector series file", "series.f32 written by --shard");
    std::memcpy(header_vals, series.data() + 8, sizeof header_vals);  // runs, steps, variables, first
    if (header_vals[1] != r.steps || header_vals[2] != kNumSeries || header_vals[0] < 0 ||
        header_vals[0] > (static_cast<int64_t>(series.size()) - 40) / 4 ||
        static_cast<int64_t>(series.size()) != 40 + header_vals[0] * r.steps * kNumSeries * 4)
      bad(s.dir / "series.f32", "does not match the scenario's steps and variables",
          "series.f32 of this batch");
    // The series must be those of the runs in this shard's runs.csv, not one replicate short.
    if (header_vals[0] != expected - shard_first || header_vals[3] != shard_first)
      bad(s.dir / "series.f32",
          "holds the series of runs " + std::to_string(header_vals[3]) + " to " +
              std::to_string(header_vals[3] + header_vals[0] - 1) + ", runs.csv beside it runs " +
              std::to_string(shard_first) + " to " + std::to_string(expected - 1),
          "the series of exactly the runs in the shard's runs.csv");
    const size_t before = r.series.size();
    r.series.resize(before + static_cast<size_t>(header_vals[0]) * r.steps * kNumSeries);
    std::memcpy(r.series.data() + before, series.data() + 40, series.size() - 40);
  }
  r.runs = expected;
  if (expected != shards.front().manifest["runs"].get<int64_t>())
    bad(d0,
        "the shards hold " + std::to_string(expected) + " runs, the batch has " +
            std::to_string(shards.front().manifest["runs"].get<int64_t>()),
        "complete shards");
  StagedDirectory dir(out, force);
  write_text_file(dir.staging() / "runs.csv", runs_csv(r));
  // replicate_series.csv (run --replicate-series): the shards' rows, in shard order.
  const bool with_series = fs::exists(d0 / "replicate_series.csv");
  if (with_series) {
    AppendFile series(dir.staging() / "replicate_series.csv");
    std::string series_header;
    for (const auto& s : shards) {
      if (!fs::exists(s.dir / "replicate_series.csv"))
        bad(s.dir, "has no replicate_series.csv, the first shard has one",
            "every shard run with --replicate-series, or none");
      append_checked(s.dir / "replicate_series.csv", series_header, series,
                     [](const std::string& line) { return line.empty() || line.back() != '\r' ? "not a CSV row" : ""; });
    }
    series.close();
  }
  write_text_file(dir.staging() / "summary.csv", summary_csv(r));
  write_text_file(dir.staging() / "timeseries.csv", timeseries_csv(r, sc));
  write_text_file(dir.staging() / "scenario.resolved.toml", read_all(d0 / "scenario.resolved.toml"));
  write_text_file(dir.staging() / "outcomes.csv", outcomes_csv());
  nlohmann::ordered_json m = nlohmann::ordered_json::parse(read_all(d0 / "manifest.json"));
  m["shard"] = {{"index", 0}, {"count", 1}, {"first_run", 0}, {"end_run", expected}};
  m["merged_from"] = [&] {
    std::vector<std::string> v;
    for (const auto& s : shards) v.push_back(s.dir.string());
    return v;
  }();
  m["command_line"] = command_line;
  m.erase("derived");  // the shards' own reports describe them, not the merged batch
  if (const auto v = version_mismatch(shards); !v.is_null()) m["version_mismatch"] = v;
  double elapsed = 0;
  for (const auto& s : shards) elapsed += s.manifest.value("elapsed_seconds", 0.0);
  m["elapsed_seconds"] = elapsed;
  m["files"] = {"runs.csv", "summary.csv", "timeseries.csv", "scenario.resolved.toml", "outcomes.csv"};
  if (with_series) m["files"].push_back("replicate_series.csv");
  write_text_file(dir.staging() / "manifest.json", m.dump(2) + "\n");
  MergeSummary done{out, expected, "replicates", {}, {}};
  done.removed = dir.commit();
  return done;
}

/// Appends the data lines of a shard's CSV to `out`, line by line (memory stays bounded), after
/// checking its header against the first shard's and each line (with its CR) with `problem`,
/// which says what is wrong with it, or nothing.
void append_checked(const fs::path& file, std::string& header, AppendFile& out,
                    const std::function<std::string(const std::string&)>& problem) {
  std::ifstream in(file, std::ios::binary);
  if (!in) bad(file, "cannot be read", "a shard directory written with --shard I/N");
  std::string line;
  if (!std::getline(in, line)) bad(file, "is empty", "a CSV with a header line");
  if (header.empty()) {
    header = line;
    out.write(line + "\n");
  } else if (line != header) {
    bad(file, "has different columns than the first shard", "shards of one sweep");
  }
  int64_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (in.eof())
      bad(file, "line " + std::to_string(line_no) + " is cut short (no line end)", "complete shards");
    if (const std::string what = problem(line); !what.empty())
      throw InputError({file.string(), static_cast<int>(line_no)}, what, "complete shards, unedited");
    out.write(line);
    out.write("\n");
  }
}

MergeSummary merge_sweeps(const std::vector<Shard>& shards, const fs::path& out, bool force,
                          const std::string& command_line) {
  const fs::path& d0 = shards.front().dir;
  const Sweep sw = load_sweep(d0 / "sweep.resolved.toml");
  // The plan the shards ran: every row is checked against what it writes for its point.
  const design::Matrix values = factor_values(sw, build_design(sw));
  std::vector<Param> factors;
  for (const auto& f : sw.factors) factors.push_back(f.param);
  const SweepPlan plan =
      make_sweep_plan(sw.base, factors, values, sw.replicates, sw.seed, sw.common_random_numbers);
  StagedDirectory dir(out, force);
  std::string header, rheader;
  size_t width = 0, rwidth = 0;  // of the headers, once read
  const auto width_of = [](const std::string& h, size_t& w) { return w ? w : (w = header_width(h + "\n")); };
  int64_t next_point = 0;
  {
    AppendFile points(dir.staging() / "points.csv");
    for (const auto& s : shards)
      append_checked(s.dir / "points.csv", header, points, [&](const std::string& line) {
        return points_row_problem(plan, line, next_point++, width_of(header, width));
      });
    points.close();
  }
  if (next_point != sw.points())
    bad(shards.back().dir / "points.csv",
        "the shards hold " + std::to_string(next_point) + " design points, the sweep has " +
            std::to_string(sw.points()),
        "complete shards");
  if (sw.write_replicates) {
    AppendFile reps(dir.staging() / "replicates.csv");
    int64_t rows = 0;  // every replicate of every point once, in order
    for (const auto& s : shards)
      append_checked(s.dir / "replicates.csv", rheader, reps, [&](const std::string& line) {
        const int64_t p = rows / sw.replicates, r = rows % sw.replicates;
        ++rows;
        if (p >= sw.points()) return std::string("a row past the last design point");
        return replicate_row_problem(plan, line, p, r, width_of(rheader, rwidth));
      });
    reps.close();
    if (rows != sw.points() * sw.replicates)
      bad(shards.back().dir / "replicates.csv",
          "the shards hold " + std::to_string(rows) + " replicate rows, the sweep has " +
              std::to_string(sw.points() * sw.replicates),
          "complete shards, unedited");
  }
  if (sw.write_replicate_series) {
    AppendFile series(dir.staging() / "replicate_series.csv");
    std::string sheader;
    size_t swidth = 0;
    int64_t rows = 0;  // every month of every replicate of every point once, in order
    for (const auto& s : shards)
      append_checked(s.dir / "replicate_series.csv", sheader, series, [&](const std::string& line) {
        return series_row_problem(plan, line, 0, rows++, width_of(sheader, swidth));
      });
    series.close();
    if (rows != sw.points() * sw.replicates * sw.base.run.steps())
      bad(shards.back().dir / "replicate_series.csv",
          "the shards hold " + std::to_string(rows) + " series rows, the sweep has " +
              std::to_string(sw.points() * sw.replicates * sw.base.run.steps()),
          "complete shards, unedited");
  }
  write_points_long(dir.staging() / "points.csv", dir.staging() / "points_long.csv", plan);
  std::vector<std::string> files = {"points.csv", "points_long.csv"};
  if (sw.write_replicates) files.push_back("replicates.csv");
  if (sw.write_replicate_series) files.push_back("replicate_series.csv");
  MergeSummary ms{out, sw.points(), "design points", {}, {}};
  if (sw.has_sensitivity()) {
    try {
      const SensitivityReport rep = sensitivity_from_points(sw, dir.staging() / "points.csv", sw.nan_policy,
                                                            sw.bootstrap, out / "points.csv");
      write_text_file(dir.staging() / "sensitivity.csv", rep.csv);
      files.push_back("sensitivity.csv");
      ms.warnings = rep.warnings;
    } catch (const InputError& e) {
      if (sw.nan_policy != NanPolicy::error) throw;
      ms.sensitivity_error = e.what();  // as a sweep does: the points are kept, the indices refused
    }
  }
  files.insert(files.end(), {"sweep.resolved.toml", "scenario.resolved.toml", "outcomes.csv"});
  write_text_file(dir.staging() / "outcomes.csv", outcomes_csv());
  write_text_file(dir.staging() / "sweep.resolved.toml", read_all(d0 / "sweep.resolved.toml"));
  write_text_file(dir.staging() / "scenario.resolved.toml", read_all(d0 / "scenario.resolved.toml"));
  double elapsed = 0;
  for (const auto& s : shards) elapsed += s.manifest.value("elapsed_seconds", 0.0);
  nlohmann::ordered_json m = nlohmann::ordered_json::parse(sweep_manifest_json(
      sw, 0, 1, 0, sw.points(), command_line, shards.front().manifest.value("start_time_utc", ""), elapsed,
      shards.front().manifest.value("threads", 1), 1, 0, files));
  std::vector<std::string> from;
  for (const auto& s : shards) from.push_back(s.dir.string());
  m["merged_from"] = from;
  if (const auto v = version_mismatch(shards); !v.is_null()) m["version_mismatch"] = v;
  write_text_file(dir.staging() / "manifest.json", m.dump(2) + "\n");
  ms.removed = dir.commit();
  return ms;
}

}  // namespace

std::string pack_batch(const BatchResult& r) {
  std::string s;
  const int64_t head[4] = {r.runs, r.steps, kNumParams, kNumOutcomes};
  put(s, head, 4);
  put(s, r.seeds.data(), r.seeds.size());
  put(s, r.params.data(), r.params.size());
  for (const auto& o : r.outcomes) put(s, o.data(), o.size());
  put(s, r.series.data(), r.series.size());
  return s;
}

void append_packed_batch(BatchResult& into, std::string_view in) {
  int64_t head[4];
  take(in, head, 4);
  const int64_t n = head[0];
  if (head[1] != into.steps || head[2] != kNumParams || head[3] != kNumOutcomes)
    throw Error("batch slices with different layouts", kExitInternal);
  const size_t np = kNumParams, ns = static_cast<size_t>(into.steps) * kNumSeries;
  const size_t s0 = into.seeds.size(), p0 = into.params.size(), o0 = into.outcomes.size(),
               x0 = into.series.size();
  into.seeds.resize(s0 + n);
  into.params.resize(p0 + n * np);
  into.outcomes.resize(o0 + n);
  into.series.resize(x0 + n * ns);
  take(in, into.seeds.data() + s0, n);
  take(in, into.params.data() + p0, n * np);
  for (int64_t i = 0; i < n; ++i) take(in, into.outcomes[o0 + i].data(), kNumOutcomes);
  take(in, into.series.data() + x0, n * ns);
  into.runs += n;
}

std::string series_file(const BatchResult& r) {
  static_assert(sizeof(float) == 4);
  std::string s(kSeriesMagic, 8);
  const int64_t head[4] = {r.runs, r.steps, kNumSeries, r.first};
  put(s, head, 4);
  put(s, r.series.data(), r.series.size());
  return s;
}

MergeSummary merge_shards(const std::vector<fs::path>& dirs, const fs::path& out, bool force,
                          const std::string& command_line, bool allow_version_mismatch) {
  const auto shards = read_shards(dirs, allow_version_mismatch);
  return shards.front().manifest["kind"] == "run" ? merge_runs(shards, out, force, command_line)
                                                  : merge_sweeps(shards, out, force, command_line);
}

}  // namespace mv
