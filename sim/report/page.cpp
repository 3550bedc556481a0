#include "report/page.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/suggest.h"
#include "core/utf8.h"

namespace mv::page {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

std::string slurp(const fs::path& p, const std::string& expected) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw InputError({p.string()}, "cannot read file", expected);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CsvTable read_csv(const fs::path& p, const std::vector<std::string>& columns, bool leading,
                  const std::string& written_by) {
  CsvTable t{p, written_by, parse_csv(slurp(p))};
  if (t.rows.empty()) throw InputError({p.string()}, "empty file", written_by);
  const auto& header = t.rows[0];
  for (size_t k = 0; k < columns.size(); ++k)
    if (leading ? (k >= header.size() || header[k] != columns[k]) : t.column(columns[k]) == header.size())
      throw InputError({p.string(), 1}, "the header lacks the column '" + columns[k] + "'",
                       std::string("a header ") + (leading ? "starting " : "") + "with " + join(columns));
  for (size_t i = 0; i < t.rows.size(); ++i)
    for (const auto& field : t.rows[i])
      if (!is_utf8(field))
        throw InputError({p.string(), static_cast<int>(i) + 1}, "a field that is not UTF-8 text", written_by);
  for (size_t i = 1; i < t.rows.size(); ++i)
    if (t.rows[i].size() != header.size())
      throw InputError({p.string(), static_cast<int>(i) + 1},
                       "a row of " + std::to_string(t.rows[i].size()) + " fields under a header of " +
                           std::to_string(header.size()),
                       written_by);
  return t;
}

std::string html_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      default:
        o += c;
    }
  }
  return o;
}

/// JSON that is safe inside a <script> element: every '<' (which JSON has only inside
/// strings) as \u003c, so no text can close the element ("</script") or switch the HTML
/// parser into its escaped states ("<!--", "<script"), where the rest of the page is lost.
std::string script_json(const ordered_json& j) {
  std::string s = j.dump();
  std::string o;
  for (const char c : s) {
    if (c == '<')
      o += "\\u003c";
    else
      o += c;
  }
  return o;
}

std::string fmt(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", x);
  return buf;
}

/// A chart title as lines of at most `width` characters (Chart.js draws an array as lines).
ordered_json title_lines(const std::string& text, size_t width) {
  ordered_json lines = ordered_json::array();
  std::string line, word;
  std::istringstream words(text);
  while (words >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

const char* const kStyle =
    "<style>body{font:17px/1.4 sans-serif;margin:0 auto;max-width:1000px;padding:0 12px;color:#222}"
    "h1{font-size:1.5em}h2{font-size:1.25em;margin-top:1.2em}.grid{display:flex;flex-wrap:wrap;gap:8px}"
    ".legend{position:sticky;top:0;background:#fff;padding:6px 0;border-bottom:1px solid #ccc;z-index:1}"
    ".sw{display:inline-block;width:1.4em;height:.9em;margin:0 .3em 0 .8em;vertical-align:middle}"
    ".warn{background:#fff4e5;border-left:4px solid #c2410c;padding:4px 12px}"
    "table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:3px "
    "6px;text-align:right}"
    "td:first-child,th:first-child{text-align:left;max-width:16em}.src{text-align:left;max-width:36em}"
    ".left td,.left th{text-align:left}th{font-size:.9em}th.n{overflow-wrap:anywhere}"
    ".meta{font-size:.85em;color:#555}</style>\n";

std::string page_head(const std::string& title, const fs::path& chart_js) {
  std::error_code ec;
  if (!fs::is_regular_file(chart_js, ec))
    throw OutputError("Chart.js not found at " + chart_js.string() +
                      "; expected Debian's libjs-chart.js (apt-get install libjs-chart.js)");
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width\"><title>" +
         html_escape(title) + "</title>\n" + kStyle + "<script>\n" + slurp(chart_js) +
         "\n</script>\n</head>\n<body>\n<h1>" + html_escape(title) + "</h1>\n";
}

std::string page_tail(const ordered_json& data, const std::string& draw_js) {
  return "<script>\nconst DATA = " + script_json(data) + ";\n" + draw_js + "</script>\n</body></html>\n";
}

}  // namespace mv::page
