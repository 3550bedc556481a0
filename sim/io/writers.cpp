#include "io/writers.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <nlohmann/json.hpp>
#include <system_error>
#include <thread>

#include "core/version.h"
#include "io/output_dir.h"
#include "stats/summary.h"

namespace mv {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_number(double x) {
  return std::isnan(x) ? "NaN" : format_double(x);
}

// Time series are kept in single precision (memory: runs x steps x variables), so they and
// their statistics are written with the shortest text that round-trips a float.
std::string csv_float(double x) {
  if (std::isnan(x)) return "NaN";
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, static_cast<float>(x));
  return std::string(buf, r.ptr);
}

std::string csv_header(const std::vector<std::string>& columns) {
  std::string s;
  for (const auto& c : columns) s += (s.empty() ? "" : ",") + csv_field(c);
  return s + "\r\n";
}

namespace {
bool is_outcome_name(std::string_view name) {
  return std::any_of(kOutcomes.begin(), kOutcomes.end(), [&](const auto& o) { return o.name == name; });
}
constexpr std::string_view kParamSuffix = "_param";
}  // namespace

std::string parameter_column(Param p) {
  const std::string name(spec(p).name);
  return is_outcome_name(name) ? name + std::string(kParamSuffix) : name;
}

std::optional<Param> parameter_of_column(std::string_view column) {
  if (column.ends_with(kParamSuffix)) {
    const auto p = find_param(column.substr(0, column.size() - kParamSuffix.size()));
    if (p && is_outcome_name(spec(*p).name)) return p;
  }
  if (is_outcome_name(column)) return std::nullopt;
  return find_param(column);
}

std::vector<std::string> runs_csv_columns() {
  std::vector<std::string> c = {"run", "seed", "scenario", "lens"};
  for (int k = 0; k < kNumParams; ++k) c.push_back(parameter_column(static_cast<Param>(k)));
  for (const auto& o : kOutcomes) c.emplace_back(o.name);
  return c;
}

std::vector<std::string> replicate_series_columns(bool sweep) {
  std::vector<std::string> c;
  if (sweep)
    c = {"point", "replicate"};
  else
    c = {"run"};
  for (const char* name : {"step", "date"}) c.emplace_back(name);
  for (const auto& v : kSeries) c.emplace_back(v.name);
  return c;
}

std::string runs_csv_row(int64_t run, uint64_t seed, const ScenarioLabel& label, std::span<const double> params,
                         const Outcomes& outcomes) {
  std::string s = std::to_string(run) + "," + std::to_string(seed) + "," + csv_field(label.scenario) + "," +
                  csv_field(label.lens);
  for (double v : params) s += "," + csv_number(v);
  for (double v : outcomes) s += "," + csv_number(v);
  return s + "\r\n";
}

std::string replicate_series_rows(const std::string& prefix, std::span<const float> series, YearMonth start) {
  std::string s;
  const size_t steps = series.size() / kNumSeries;
  for (size_t t = 0; t < steps; ++t) {
    s += prefix + std::to_string(t) + "," + start.plus(static_cast<int>(t)).to_string();
    for (int k = 0; k < kNumSeries; ++k) s += "," + csv_float(series[t * kNumSeries + static_cast<size_t>(k)]);
    s += "\r\n";
  }
  return s;
}

std::string runs_csv(const BatchResult& r) {
  std::string s = csv_header(runs_csv_columns());
  for (int64_t i = 0; i < r.runs; ++i)
    s += runs_csv_row(r.first + i, r.seeds[i], r.label,
                      std::span<const double>(r.params.data() + i * kNumParams, kNumParams), r.outcomes[i]);
  return s;
}

std::string replicate_series_csv(const BatchResult& r, YearMonth start) {
  std::string s = csv_header(replicate_series_columns(false));
  const size_t row = static_cast<size_t>(r.steps) * kNumSeries;
  for (int64_t i = 0; i < r.runs; ++i)
    s += replicate_series_rows(std::to_string(r.first + i) + ",",
                               std::span<const float>(r.series.data() + static_cast<size_t>(i) * row, row), start);
  return s;
}

namespace {
// Columns of values held at once: as many as fit in 2 MiB (at least one); they are summarised
// by up to that many threads.
constexpr size_t kColumnBlockBytes = size_t{2} << 20;

/// Summarises `count` columns, filled in order by fill(j, values) on the calling thread, a block
/// at a time; within a block `threads` threads each summarise and format every threads-th
/// column (row(j, summary, sorted finite values) returns its text), and the rows are appended
/// in column order, so the text is the same for any number of threads.
template <typename Fill, typename Row>
std::string summarise_columns(int64_t runs, int count, int threads, Fill fill, Row row) {
  // As many columns as fit in the block (at least one), and no more threads than columns held.
  const size_t per_column = std::max<size_t>(1, static_cast<size_t>(runs)) * sizeof(double);
  const int block = std::max(1, std::min<int>(count, static_cast<int>(std::min<size_t>(
                                                         kColumnBlockBytes / per_column, size_t{1} << 20))));
  std::vector<std::vector<double>> values(static_cast<size_t>(block),
                                          std::vector<double>(static_cast<size_t>(runs)));
  std::vector<std::string> rows(static_cast<size_t>(block));
  std::string out;
  for (int first = 0; first < count; first += block) {
    const int n = std::min(block, count - first), workers = std::max(1, std::min(threads, n));
    for (int j = 0; j < n; ++j) fill(first + j, values[j]);
    std::vector<std::exception_ptr> failed(static_cast<size_t>(workers));
    auto work = [&](int w) {
      try {
        for (int j = w; j < n; j += workers) {
          const Summary sm = summarize_in_place(values[j]);
          rows[j] = row(first + j, sm, std::span<const double>(values[j].data(), static_cast<size_t>(sm.n)));
        }
      } catch (...) {
        failed[w] = std::current_exception();
      }
    };
    {
      // Joined on every path; a helper that cannot be started leaves its columns to this thread.
      std::vector<std::jthread> helpers;
      std::vector<int> orphaned;
      for (int w = 1; w < workers; ++w) {
        try {
          helpers.emplace_back(work, w);
        } catch (const std::system_error&) {
          orphaned.push_back(w);
        }
      }
      work(0);
      for (int w : orphaned) work(w);
    }
    for (const auto& e : failed)
      if (e) std::rethrow_exception(e);
    for (int j = 0; j < n; ++j) out += rows[j];
  }
  return out;
}
}  // namespace

std::string summary_csv(int64_t runs, const OutcomeColumns& column, int threads) {
  return "metric,n,mean,sd,min,p05,p25,p50,p75,p95,max,probability,ci95_low,ci95_high\r\n" +
         summarise_columns(
             runs, kNumOutcomes, threads, column,
             [](int k, const Summary& sm, std::span<const double> finite) {
               std::string s = std::string(kOutcomes[k].name) + "," + std::to_string(sm.n) + "," +
                               csv_number(sm.mean) + "," + csv_number(sm.sd) + "," + csv_number(sm.min);
               for (double q : sm.q) s += "," + csv_number(q);
               s += "," + csv_number(sm.max);
               if (kOutcomes[k].is_event) {
                 int64_t hits = 0;
                 for (double v : finite)
                   if (v > 0.5) ++hits;
                 const Proportion pr = wilson_interval(hits, sm.n);
                 s += "," + csv_number(pr.estimate) + "," + csv_number(pr.low) + "," + csv_number(pr.high);
               } else {
                 s += ",,,";
               }
               return s + "\r\n";
             });
}

std::string summary_csv(const BatchResult& r) {
  return summary_csv(r.runs, [&](int k, std::vector<double>& values) {
    for (int64_t i = 0; i < r.runs; ++i) values[i] = r.outcomes[i][k];
  });
}

std::string timeseries_csv(int64_t runs, int steps, YearMonth start, const SeriesColumns& column,
                           int threads) {
  return "step,date,variable,mean,p05,p25,p50,p75,p95\r\n" +
         summarise_columns(
             runs, steps * kNumSeries, threads,
             [&](int c, std::vector<double>& values) { column(c / kNumSeries, c % kNumSeries, values); },
             [&](int c, const Summary& sm, std::span<const double>) {
               const int t = c / kNumSeries, k = c % kNumSeries;
               std::string s = std::to_string(t) + "," + start.plus(t).to_string() + "," +
                               std::string(kSeries[k].name) + "," + csv_float(sm.mean);
               for (double q : sm.q) s += "," + csv_float(q);
               return s + "\r\n";
             });
}

std::string timeseries_csv(const BatchResult& r, const Scenario& sc) {
  return timeseries_csv(r.runs, r.steps, sc.run.start, [&](int t, int k, std::vector<double>& values) {
    for (int64_t i = 0; i < r.runs; ++i) values[i] = r.series_at(i, t, k);
  });
}

std::string outcomes_csv() {
  std::string s = "name,unit,description,kind\r\n";
  for (const auto& o : kOutcomes)
    s += std::string(o.name) + "," + csv_field(std::string(o.unit)) + "," + csv_field(std::string(o.description)) +
         "," + (o.is_event ? "event" : "continuous") + "\r\n";
  return s;
}

std::string parameters_csv() {
  std::string s = "name,default,lower,upper,prior_min,prior_max,unit,description,source\r\n";
  for (const auto& p : kParameters)
    s += std::string(p.name) + "," + format_double(p.default_value) + "," + format_double(p.lower) + "," +
         format_double(p.upper) + "," + format_double(p.prior_min) + "," + format_double(p.prior_max) + "," +
         csv_field(std::string(p.unit)) + "," + csv_field(std::string(p.description)) + "," +
         csv_field(std::string(p.source)) + "\r\n";
  return s;
}

std::string manifest_json(const Scenario& sc, const BatchResult& r, const RunInfo& info) {
  nlohmann::ordered_json j;
  j["program"] = "multivector";
  j["kind"] = "run";
  j["version"] = kVersion;
  j["git_commit"] = kGitCommit;
  j["scenario"]["name"] = sc.name;
  j["scenario"]["path"] = sc.path.string();
  std::vector<std::string> files;
  for (const auto& f : sc.files) files.push_back(f.string());
  j["scenario"]["files"] = files;
  j["scenario"]["lenses"] = sc.lenses;
  j["scenario"]["resolved_file"] = "scenario.resolved.toml";
  j["scenario"]["sha256"] = sha256_hex(sc.resolved_toml());
  j["seed"] = sc.run.seed;
  j["seed_note"] =
      "replicate i uses seed mix64(mix64(seed) ^ mix64(i ^ 0x5265706c6963)), mix64 the SplitMix64 finaliser; "
      "see runs.csv";
  j["runs"] = sc.run.runs;
  j["steps"] = r.steps;
  j["start"] = sc.run.start.to_string();
  j["horizon"] = sc.run.horizon.to_string();
  j["shard"] = {{"index", info.shard_index},
                {"count", info.shard_count},
                {"first_run", r.first},
                {"end_run", r.first + r.runs}};
  j["threads"] = info.threads;
  j["processes"] = info.processes;
  j["command_line"] = info.command_line;
  j["start_time_utc"] = info.start_time_utc;
  j["elapsed_seconds"] = info.elapsed_seconds;
  std::vector<std::string> written = {"runs.csv"};
  if (info.shard_count > 1)
    written.push_back("series.f32");
  else
    written.insert(written.end(), {"summary.csv", "timeseries.csv"});
  if (info.replicate_series) written.push_back("replicate_series.csv");
  written.insert(written.end(), {"scenario.resolved.toml", "outcomes.csv"});
  j["files"] = written;
  return j.dump(2) + "\n";
}

}  // namespace mv
