#include "validation/observed.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "io/csv_read.h"

namespace mv {

namespace fs = std::filesystem;

namespace {
const std::vector<std::string> kHeader = {"variable", "period", "value", "low",  "high",
                                          "unit",     "source_key", "split", "note"};

double number(const std::string& text, const SourcePosition& at, const char* column) {
  double x = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), x);
  if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size())
    throw InputError(at, std::string("column '") + column + "' is '" + text + "'", "a number");
  return x;
}

int year_of(const std::string& period, const SourcePosition& at) {
  const bool month = period.size() == 7 && period[4] == '-';
  if (period.size() != 4 && !month) throw InputError(at, "period '" + period + "'", "YYYY or YYYY-MM");
  return static_cast<int>(number(period.substr(0, 4), at, "period"));
}
}  // namespace

std::vector<Observation> load_observations(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw InputError({dir.string(), 0, 0}, "no folder of observations", "a folder of CSV files (data/observed)");
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".csv") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<Observation> out;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    const auto rows = parse_csv(buf.str());
    if (rows.empty() || rows[0] != kHeader)
      throw InputError({file.string(), 1, 1}, "header is not the observed-data header",
                       "variable,period,value,low,high,unit,source_key,split,note");
    for (size_t i = 1; i < rows.size(); ++i) {
      const auto& r = rows[i];
      const SourcePosition at{file.string(), static_cast<int>(i + 1), 1};
      if (r.size() == 1 && r[0].empty()) continue;  // a blank line
      if (r.size() != kHeader.size())
        throw InputError(at, std::to_string(r.size()) + " fields", std::to_string(kHeader.size()) + " fields");
      Observation o{r[0], r[1], number(r[2], at, "value"), number(r[3], at, "low"), number(r[4], at, "high"),
                    r[5], r[6], r[7], r[8], at};
      if (!(o.low <= o.value && o.value <= o.high))
        throw InputError(at, "value " + r[2] + " outside its range [" + r[3] + ", " + r[4] + "]", "low <= value <= high");
      const std::string split = year_of(o.period, at) <= 2023 ? "calibration" : "holdout";
      if (o.split != split)
        throw InputError(at, "split '" + o.split + "' for period " + o.period, "'" + split + "'");
      out.push_back(std::move(o));
    }
  }
  return out;
}

std::optional<Observation> find_observation(const std::vector<Observation>& rows, const std::string& variable,
                                            const std::string& period) {
  for (const auto& o : rows)
    if (o.variable == variable && o.period == period && o.split == "calibration") return o;
  return std::nullopt;
}

std::optional<fs::path> find_observed_dir(const fs::path& start) {
  std::error_code ec;
  fs::path p = fs::absolute(start, ec);
  for (int depth = 0; depth < 16 && !p.empty(); ++depth) {
    if (fs::is_directory(p / "data" / "observed", ec)) return p / "data" / "observed";
    if (p == p.parent_path()) break;
    p = p.parent_path();
  }
  return std::nullopt;
}

}  // namespace mv
