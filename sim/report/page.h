#pragma once
// The page machinery shared by every report (a batch, a comparison, a sweep, a discovery, one
// run's story): strict reading of the CSV files a command wrote, HTML and script escaping,
// chart titles, the one style sheet, and the page's frame with Chart.js inlined from Debian's
// libjs-chart.js, so the page fetches nothing.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "io/csv_read.h"

namespace mv::page {

inline constexpr const char* kChartJsPath = "/usr/share/javascript/chart.js/chart.min.js";
inline constexpr const char* kWrittenByRun = "the file as 'multivector run' wrote it";

/// A file's bytes. @throws InputError naming the file and `expected`.
std::string slurp(const std::filesystem::path& p,
                  const std::string& expected = "a batch output directory written by 'multivector run'");

/// A CSV file of a batch directory, checked before use: a header holding `columns` (in this
/// order when `leading`), and every row exactly as wide as the header. Rows are lines (the
/// files a run writes quote no line breaks). @throws InputError at file:line.
struct CsvTable {
  std::filesystem::path path;
  std::string written_by = kWrittenByRun;
  std::vector<std::vector<std::string>> rows;  // rows[0] is the header
  size_t column(const std::string& name) const {
    return static_cast<size_t>(std::find(rows[0].begin(), rows[0].end(), name) - rows[0].begin());
  }
  /// The field as a number: empty or NaN for undefined. @throws InputError at file:line.
  double number(size_t row, size_t col) const {
    const std::string& text = rows[row][col];
    double x = std::nan("");
    if (!text.empty() && !parse_csv_number(text, x))
      throw InputError({path.string(), static_cast<int>(row) + 1},
                       "'" + text + "' in column '" + rows[0][col] + "' is not a number",
                       std::string("a number, NaN or nothing, as in ") + written_by);
    return x;
  }
};

/// Reads and checks a CSV file: a header holding `columns` (in this order when `leading`), UTF-8
/// fields, every row as wide as the header. `written_by` says in messages what was expected.
/// @throws InputError at file:line.
CsvTable read_csv(const std::filesystem::path& p, const std::vector<std::string>& columns, bool leading,
                  const std::string& written_by = kWrittenByRun);

std::string html_escape(const std::string& s);

/// JSON that is safe inside a <script> element: every '<' (which JSON has only inside
/// strings) as \u003c, so no text can close the element ("</script") or switch the HTML
/// parser into its escaped states ("<!--", "<script"), where the rest of the page is lost.
std::string script_json(const nlohmann::ordered_json& j);

/// A number in at most four significant digits ("nan" for undefined).
std::string fmt(double x);

/// A chart title as lines of at most `width` characters (Chart.js draws an array as lines).
nlohmann::ordered_json title_lines(const std::string& text, size_t width = 58);

/// The plain name of a series, outcome or parameter with its unit, from the model's tables.
template <typename Spec>
std::string plain_name(const Spec& s) {
  return std::string(s.description) + " (" + std::string(s.unit) + ")";
}

/// The page's one style sheet, as a <style> element.
extern const char* const kStyle;

/// The page's head (title, style, Chart.js inlined) and the opening of its body with an <h1>.
/// @throws OutputError if Chart.js is missing.
std::string page_head(const std::string& title, const std::filesystem::path& chart_js = kChartJsPath);

/// The page's data and drawing code, and the end of the page. `draw_js` reads `DATA`; it sets
/// document.body.dataset.chartsDrawn and .fitsWidth, and an error sets .error.
std::string page_tail(const nlohmann::ordered_json& data, const std::string& draw_js);

}  // namespace mv::page
