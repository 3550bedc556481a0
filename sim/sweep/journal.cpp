#include "sweep/journal.h"

#include <fstream>
#include <functional>

#include "core/error.h"
#include "io/csv_read.h"
#include "io/output_dir.h"
#include "io/writers.h"

namespace mv {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void damaged(const fs::path& file, int64_t line, const std::string& what) {
  throw InputError({file.string(), static_cast<int>(line)}, "damaged sweep journal: " + what,
                   "the journal as the interrupted sweep left it, or --force without --resume to start over");
}

/// Gives `take` each complete line of `file` (without its '\n') with its 1-based number, until
/// it returns false; an unfinished last line is not given. Returns the bytes of the lines taken.
uint64_t scan_lines(const fs::path& file, const std::function<bool(const std::string&, int64_t)>& take) {
  std::ifstream in(file, std::ios::binary);
  std::string line;
  uint64_t bytes = 0;
  for (int64_t n = 1; std::getline(in, line) && !in.eof(); ++n) {
    if (!take(line, n)) break;
    bytes += line.size() + 1;
  }
  return bytes;
}

/// The fields of a row the journal wrote ("...\r"), or nothing if it has no CR or the wrong width.
bool fields_of(const std::string& line, size_t width, std::vector<std::string>& out) {
  if (line.empty() || line.back() != '\r') return false;
  out = split_csv_line(line);
  return out.size() == width;
}

bool numbers_from(const std::vector<std::string>& f, size_t first) {
  double x = 0;
  for (size_t k = first; k < f.size(); ++k)
    if (!parse_csv_number(f[k], x)) return false;
  return true;
}

/// The header line, as the first line of `file` (with its CR), or damage.
void check_header(const fs::path& file, const std::string& line, const std::string& header) {
  if (line + "\n" != header) damaged(file, 1, "the header is not the one this sweep writes");
}

void check_text_file(const fs::path& file, const std::string& text) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) damaged(file, 0, "missing");
  std::ifstream in(file, std::ios::binary);
  const std::string content((std::istreambuf_iterator<char>(in)), {});
  if (content != text) damaged(file, 0, "differs from what the sweep being resumed writes");
}

/// Cuts `file` back to `bytes`, or (nothing kept) starts it again with its header.
void cut(const fs::path& file, uint64_t bytes, const std::string& header) {
  if (bytes == 0) {
    write_text_file(file, header);
    return;
  }
  std::error_code ec;
  fs::resize_file(file, bytes, ec);
  if (ec) throw OutputError("cannot shorten '" + file.string() + "': " + ec.message());
}

}  // namespace

size_t header_width(const std::string& header) {
  return split_csv_line(header.substr(0, header.size() - 1)).size();  // without the '\n'
}

namespace {
/// Checks the header and the first `wanted` rows of a per-replicate journal file with
/// `problem(line, row, width)`; returns the bytes of the header and those rows (what is kept).
uint64_t scan_rows(const fs::path& file, const std::string& header, int64_t wanted, const char* what,
                   const std::function<std::string(const std::string&, int64_t, size_t)>& problem) {
  const size_t width = header_width(header);
  int64_t rows = 0;
  const uint64_t bytes = scan_lines(file, [&](const std::string& line, int64_t n) {
    if (n == 1) {
      check_header(file, line, header);
      return true;
    }
    if (rows == wanted) return false;  // the unfinished point's rows
    if (const std::string p = problem(line, rows, width); !p.empty()) damaged(file, n, p);
    ++rows;
    return true;
  });
  if (rows < wanted)
    damaged(file, rows + 2,
            std::string(what) + " rows of finished design points are missing (" + std::to_string(rows) + " of " +
                std::to_string(wanted) + ")");
  return bytes;
}
}  // namespace

std::string points_row_problem(const SweepPlan& plan, const std::string& line, int64_t p, size_t width) {
  std::vector<std::string> f;
  const std::string point = std::to_string(p);
  if (p >= plan.points()) return "a row past the last design point";
  if (!fields_of(line, width, f) || f[0] != point) return "not the row of design point " + point;
  for (size_t k = 0; k < plan.factors.size(); ++k)
    if (f[1 + k] != csv_number((*plan.values)(p, static_cast<Eigen::Index>(k))))
      return "design point " + point + " with other factor values than this sweep's";
  if (f[1 + plan.factors.size()] != std::to_string(plan.replicates) ||
      !numbers_from(f, 2 + plan.factors.size()))
    return "a malformed row of design point " + point;
  return "";
}

std::string replicate_row_problem(const SweepPlan& plan, const std::string& line, int64_t p, int64_t r,
                                  size_t width) {
  std::vector<std::string> f;
  if (!fields_of(line, width, f) || f[0] != std::to_string(p) || f[1] != std::to_string(r) ||
      f[2] != std::to_string(plan.replicate_seed_of(p, r)) || !numbers_from(f, 5))
    return "not the row of replicate " + std::to_string(r) + " of design point " + std::to_string(p);
  return "";
}

std::string series_row_problem(const SweepPlan& plan, const std::string& line, int64_t first, int64_t row,
                               size_t width) {
  const int64_t steps = plan.scenario->run.steps(), t = row % steps, r = (row / steps) % plan.replicates,
                p = first + row / (steps * plan.replicates);
  std::vector<std::string> f;
  if (p >= plan.points()) return "a row past the last design point";
  if (!fields_of(line, width, f) || f[0] != std::to_string(p) || f[1] != std::to_string(r) ||
      f[2] != std::to_string(t) || f[3] != plan.scenario->run.start.plus(static_cast<int>(t)).to_string() ||
      !numbers_from(f, 4))
    return "not the row of month " + std::to_string(t) + " of replicate " + std::to_string(r) + " of design point " +
           std::to_string(p);
  return "";
}

int64_t resume_journal(const JournalSpec& j) {
  const SweepPlan& plan = *j.plan;
  check_text_file(j.dir / "sweep.resolved.toml", j.sweep_text);
  check_text_file(j.dir / "scenario.resolved.toml", j.scenario_text);
  const fs::path points = j.dir / "points.csv", reps = j.dir / "replicates.csv";
  std::error_code ec;
  if (!fs::is_regular_file(points, ec)) damaged(points, 0, "missing");
  if (j.write_replicates && !fs::is_regular_file(reps, ec)) damaged(reps, 0, "missing");

  // points.csv: the header, then one row per finished point in order, each exactly as this
  // sweep writes it for that point.
  const size_t width = header_width(j.points_header);
  int64_t finished = 0;
  const uint64_t point_bytes = scan_lines(points, [&](const std::string& line, int64_t n) {
    if (n == 1) {
      check_header(points, line, j.points_header);
      return true;
    }
    const int64_t p = j.first_point + n - 2;
    if (p >= j.end_point) damaged(points, n, "a row past the shard's last design point");
    if (const std::string problem = points_row_problem(plan, line, p, width); !problem.empty())
      damaged(points, n, problem);
    ++finished;
    return true;
  });

  // replicates.csv and replicate_series.csv: the rows of every finished point in order; rows of
  // the next point (written before its points.csv row) are cut.
  const fs::path series = j.dir / "replicate_series.csv";
  if (j.write_series && !fs::is_regular_file(series, ec)) damaged(series, 0, "missing");
  const uint64_t rep_bytes =
      j.write_replicates
          ? scan_rows(reps, j.replicates_header, finished * plan.replicates, "replicate",
                      [&](const std::string& line, int64_t row, size_t width) {
                        return replicate_row_problem(plan, line, j.first_point + row / plan.replicates,
                                                     row % plan.replicates, width);
                      })
          : 0;
  const uint64_t series_bytes =
      j.write_series ? scan_rows(series, j.series_header, finished * plan.replicates * plan.scenario->run.steps(),
                                 "series",
                                 [&](const std::string& line, int64_t row, size_t width) {
                                   return series_row_problem(plan, line, j.first_point, row, width);
                                 })
                     : 0;
  cut(points, point_bytes, j.points_header);
  if (j.write_replicates) cut(reps, rep_bytes, j.replicates_header);
  if (j.write_series) cut(series, series_bytes, j.series_header);
  return finished;
}

}  // namespace mv
