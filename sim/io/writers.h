#pragma once
// The output contract: runs.csv, summary.csv, timeseries.csv (RFC 4180, header row, numbers in
// shortest round-trip form, NaN for undefined) and manifest.json.
#include <functional>
#include <optional>
#include <string_view>
#include <span>
#include <string>
#include <vector>

#include "engine/batch.h"
#include "scenario/scenario.h"

namespace mv {

/// A parameter's column in runs.csv and replicates.csv: its name, or `<name>_param` when an
/// outcome has that name (the trade shares at the start and over the last year), so that no two
/// columns share a name (pandas would rename one to `<name>.1`).
std::string parameter_column(Param p);
/// The parameter a column of runs.csv or replicates.csv holds (parameter_column's inverse; a
/// column named like an outcome is that outcome's), or nothing.
std::optional<Param> parameter_of_column(std::string_view column);

/// The columns of runs.csv: run, seed, scenario, lens, every parameter (table order, fixed ones
/// included, so files of different scenarios stack), every outcome. The one place the header is
/// built (the Python reader and `multivector params --columns` read it too).
std::vector<std::string> runs_csv_columns();
/// The columns of replicate_series.csv: run (a sweep: point, replicate), step, date, then one
/// column per series variable (kSeries order).
std::vector<std::string> replicate_series_columns(bool sweep);
/// A header line from its columns.
std::string csv_header(const std::vector<std::string>& columns);

std::string runs_csv(const BatchResult& r);
std::string replicate_series_csv(const BatchResult& r, YearMonth start);
std::string summary_csv(const BatchResult& r);
std::string timeseries_csv(const BatchResult& r, const Scenario& sc);

// The same files from data that is not all in memory (a streamed batch): the header and one
// row of runs.csv, and the statistics given a way to fill one column of values at a time.
/// One row of runs.csv; `params` holds every parameter (kNumParams).
std::string runs_csv_row(int64_t run, uint64_t seed, const ScenarioLabel& label, std::span<const double> params,
                         const Outcomes& outcomes);
/// The rows of replicate_series.csv of one replicate: `prefix` is its leading fields with their
/// trailing comma ("7," for run 7, "3,1," for point 3 replicate 1), `series` steps x kNumSeries.
std::string replicate_series_rows(const std::string& prefix, std::span<const float> series, YearMonth start);
/// The columns are asked for in order, one at a time, from the calling thread, and held a block
/// at a time (2 MiB of values, or one column if that is more); with `threads` > 1 a block's
/// columns are summarised and formatted in parallel (the same bytes).
/// Fills `values` (size runs) with outcome k of every replicate, in replicate order.
using OutcomeColumns = std::function<void(int k, std::vector<double>& values)>;
std::string summary_csv(int64_t runs, const OutcomeColumns& column, int threads = 1);
/// Fills `values` (size runs) with series variable k at step t of every replicate.
using SeriesColumns = std::function<void(int t, int k, std::vector<double>& values)>;
std::string timeseries_csv(int64_t runs, int steps, YearMonth start, const SeriesColumns& column,
                           int threads = 1);

struct RunInfo {
  std::string command_line;
  std::string start_time_utc;  // ISO 8601
  double elapsed_seconds = 0;
  int threads = 1;
  int processes = 1;  // MPI ranks
  int shard_index = 0, shard_count = 1;
  bool replicate_series = false;  // replicate_series.csv written
};
std::string manifest_json(const Scenario& sc, const BatchResult& r, const RunInfo& info);

/// outcomes.csv: `name,unit,description,kind` for every outcome (kOutcomes), kind `event` (a 0/1
/// outcome whose mean is a probability) or `continuous`; written with every batch.
std::string outcomes_csv();

/// The parameter table (kParameters) as `multivector params --format csv` prints it:
/// `name,default,lower,upper,prior_min,prior_max,unit,description,source`.
std::string parameters_csv();

/// A value of the single-precision series as written: the shortest text that round-trips a float.
std::string csv_float(double x);

/// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180).
std::string csv_field(const std::string& s);
/// A number as written in every CSV: shortest round-trip form, "NaN" when undefined.
std::string csv_number(double x);

}  // namespace mv
