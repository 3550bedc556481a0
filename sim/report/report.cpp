#include "report/report.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "core/suggest.h"
#include "core/utf8.h"
#include "io/csv_read.h"
#include "model/model.h"

namespace mv {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in)
    throw InputError({p.string()}, "cannot read file",
                     "a batch output directory written by 'multivector run'");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

constexpr const char* kWrittenByRun = "the file as 'multivector run' wrote it";

/// A CSV file of a batch directory, checked before use: a header holding `columns` (in this
/// order when `leading`), and every row exactly as wide as the header. Rows are lines (the
/// files a run writes quote no line breaks). @throws InputError at file:line.
struct CsvTable {
  fs::path path;
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
                       std::string("a number, NaN or nothing, as in ") + kWrittenByRun);
    return x;
  }
};

CsvTable read_csv(const fs::path& p, const std::vector<std::string>& columns, bool leading) {
  CsvTable t{p, parse_csv(slurp(p))};
  if (t.rows.empty()) throw InputError({p.string()}, "empty file", kWrittenByRun);
  const auto& header = t.rows[0];
  for (size_t k = 0; k < columns.size(); ++k)
    if (leading ? (k >= header.size() || header[k] != columns[k]) : t.column(columns[k]) == header.size())
      throw InputError({p.string(), 1}, "the header lacks the column '" + columns[k] + "'",
                       std::string("a header ") + (leading ? "starting " : "") + "with " + join(columns));
  for (size_t i = 0; i < t.rows.size(); ++i)
    for (const auto& field : t.rows[i])
      if (!is_utf8(field))
        throw InputError({p.string(), static_cast<int>(i) + 1}, "a field that is not UTF-8 text",
                         kWrittenByRun);
  for (size_t i = 1; i < t.rows.size(); ++i)
    if (t.rows[i].size() != header.size())
      throw InputError({p.string(), static_cast<int>(i) + 1},
                       "a row of " + std::to_string(t.rows[i].size()) + " fields under a header of " +
                           std::to_string(header.size()),
                       kWrittenByRun);
  return t;
}

/// A manifest field of the expected JSON type, or `fallback` if absent. @throws InputError.
template <typename T>
T manifest_field(const nlohmann::json& m, const std::string& pointer, T fallback, const fs::path& file) {
  const nlohmann::json::json_pointer ptr(pointer);
  if (!m.contains(ptr)) return fallback;
  const auto& v = m.at(ptr);
  const bool ok = std::is_same_v<T, std::string> ? v.is_string() : v.is_number_unsigned();
  if (!ok)
    throw InputError({file.string()}, "'" + pointer.substr(1) + "' is a JSON " + v.type_name(),
                     std::is_same_v<T, std::string> ? "a string" : "a whole number");
  return v.get<T>();
}

ordered_json load_batch(const fs::path& dir) {
  for (const char* f :
       {"manifest.json", "summary.csv", "timeseries.csv", "runs.csv", "scenario.resolved.toml"})
    if (!fs::exists(dir / f))
      throw InputError({(dir / f).string()}, "missing",
                       "a batch output directory written by 'multivector run'");
  ordered_json b;
  const fs::path manifest_file = dir / "manifest.json";
  const auto manifest = nlohmann::json::parse(slurp(manifest_file), nullptr, false);
  if (manifest.is_discarded() || !manifest.is_object())
    throw InputError({manifest_file.string()}, "not valid JSON", "a manifest");
  b["name"] = manifest_field(manifest, "/scenario/name", std::string(dir.filename()), manifest_file);
  b["dir"] = dir.string();
  b["seed"] = manifest_field(manifest, "/seed", uint64_t{0}, manifest_file);
  b["runs"] = manifest_field(manifest, "/runs", uint64_t{0}, manifest_file);
  b["version"] = manifest_field(manifest, "/version", std::string(), manifest_file);
  b["commit"] = manifest_field(manifest, "/git_commit", std::string(), manifest_file);
  // Time series: variable -> dates and quantile bands.
  const std::vector<std::string> bands = {"mean", "p05", "p25", "p50", "p75", "p95"};
  const CsvTable ts = read_csv(dir / "timeseries.csv",
                               {"step", "date", "variable", "mean", "p05", "p25", "p50", "p75", "p95"}, true);
  ordered_json series = ordered_json::object();
  for (size_t i = 1; i < ts.rows.size(); ++i) {
    auto& v = series[ts.rows[i][2]];
    v["date"].push_back(ts.rows[i][1]);
    for (size_t k = 0; k < bands.size(); ++k) v[bands[k]].push_back(ts.number(i, 3 + k));
  }
  b["series"] = series;
  // Summary rows.
  const CsvTable sm =
      read_csv(dir / "summary.csv",
               {"metric", "mean", "p05", "p50", "p95", "probability", "ci95_low", "ci95_high"}, false);
  if (sm.rows[0][0] != "metric")
    throw InputError({sm.path.string(), 1}, "the header does not start with 'metric'", kWrittenByRun);
  ordered_json summary = ordered_json::array();
  for (size_t i = 1; i < sm.rows.size(); ++i) {
    ordered_json row;
    row["metric"] = sm.rows[i][0];
    for (size_t k = 1; k < sm.rows[0].size(); ++k) row[sm.rows[0][k]] = sm.number(i, k);
    summary.push_back(row);
  }
  b["summary"] = summary;
  // Outcome values per replicate, for histograms.
  const CsvTable runs = read_csv(dir / "runs.csv", {}, false);
  ordered_json values = ordered_json::object();
  for (const auto& o : kOutcomes) {
    const size_t c = runs.column(std::string(o.name));
    if (c == runs.rows[0].size() || o.is_event) continue;
    ordered_json col = ordered_json::array();
    for (size_t i = 1; i < runs.rows.size(); ++i) col.push_back(runs.number(i, c));
    values[std::string(o.name)] = col;
  }
  b["values"] = values;
  // Parameters with their sources, from the resolved scenario.
  ordered_json params = ordered_json::array();
  try {
    const toml::table t = toml::parse_file((dir / "scenario.resolved.toml").string());
    if (const auto* ps = t["parameters"].as_table())
      for (auto&& [k, v] : *ps) {
        const auto* e = v.as_table();
        if (!e) continue;
        std::string dist;
        if (auto x = (*e)["value"].value<double>()) {
          std::ostringstream os;
          os << *x;
          dist = os.str();
        } else {
          std::ostringstream os;
          os << (*e)["dist"].value_or(std::string("?")) << "(";
          bool first = true;
          for (const char* f : {"min", "mode", "mean", "sd", "max"})
            if (auto x = (*e)[f].value<double>()) {
              os << (first ? "" : ", ") << f << " " << *x;
              first = false;
            }
          os << ")";
          dist = os.str();
        }
        params.push_back({{"name", std::string(k.str())},
                          {"value", dist},
                          {"source", (*e)["source"].value_or(std::string())}});
      }
  } catch (const toml::parse_error& e) {
    throw InputError({(dir / "scenario.resolved.toml").string()},
                     std::string("malformed: ") + std::string(e.description()),
                     "the resolved scenario written by 'multivector run'");
  }
  b["parameters"] = params;
  return b;
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

/// The row of `summary` for `metric`, or nullptr (two batches may list different metrics).
const ordered_json* summary_row(const ordered_json& summary, const ordered_json& metric) {
  for (const auto& r : summary)
    if (r["metric"] == metric) return &r;
  return nullptr;
}

// The page's own drawing code (plain JavaScript over Chart.js).
const char* kDrawJs = R"JS(
window.addEventListener('error', e => { document.body.dataset.error = String(e.message); });
const colors = ['#1f5fa8', '#c2410c'];
let drawn = 0;
function fan(canvas, name) {
  const sets = [];
  DATA.batches.forEach((b, i) => {
    const s = b.series[name]; if (!s) return;
    const c = colors[i % colors.length];
    const tag = DATA.batches.length > 1 ? b.name + ': ' : '';
    sets.push({label: tag + '90% band', data: s.p95, borderWidth: 0, pointRadius: 0, fill: false, backgroundColor: c + '22'});
    sets.push({label: tag + '5%', data: s.p05, borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: c + '22'});
    sets.push({label: tag + '50% band', data: s.p75, borderWidth: 0, pointRadius: 0, fill: false, backgroundColor: c + '44'});
    sets.push({label: tag + '25%', data: s.p25, borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: c + '44'});
    sets.push({label: tag + 'median', data: s.p50, borderColor: c, borderWidth: 2, pointRadius: 0, fill: false});
  });
  new Chart(canvas, {type: 'line', data: {labels: DATA.batches[0].series[name].date, datasets: sets},
    options: {animation: false, responsive: false, plugins: {title: {display: true, text: name},
      legend: {labels: {filter: it => it.text.endsWith('median') || it.text.endsWith('band')}}}}});
  drawn++;
}
function histogram(canvas, name) {
  const all = DATA.batches.flatMap(b => (b.values[name] || []).filter(x => Number.isFinite(x)));
  if (!all.length) return;
  let lo = Math.min(...all), hi = Math.max(...all);
  if (hi === lo) hi = lo + 1;
  const bins = 20, w = (hi - lo) / bins;
  const labels = Array.from({length: bins}, (_, k) => (lo + (k + 0.5) * w).toPrecision(3));
  const sets = DATA.batches.map((b, i) => {
    const counts = new Array(bins).fill(0);
    (b.values[name] || []).forEach(x => { if (Number.isFinite(x)) counts[Math.min(bins - 1, Math.floor((x - lo) / w))]++; });
    return {label: b.name, data: counts, backgroundColor: colors[i % colors.length] + '99'};
  });
  new Chart(canvas, {type: 'bar', data: {labels, datasets: sets},
    options: {animation: false, responsive: false, plugins: {title: {display: true, text: name}}}});
  drawn++;
}
function probabilities(canvas) {
  const events = DATA.batches[0].summary.filter(r => r.probability !== null && Number.isFinite(r.probability));
  const labels = events.map(r => r.metric);
  const sets = [];
  DATA.batches.forEach((b, i) => {
    const rows = labels.map(l => b.summary.find(r => r.metric === l));
    sets.push({label: b.name + ' probability', data: rows.map(r => r.probability), backgroundColor: colors[i % colors.length] + 'aa'});
    sets.push({label: b.name + ' 95% CI', data: rows.map(r => [r.ci95_low, r.ci95_high]), backgroundColor: colors[i % colors.length] + '33',
               borderColor: colors[i % colors.length], borderWidth: 1});
  });
  new Chart(canvas, {type: 'bar', data: {labels, datasets: sets},
    options: {animation: false, responsive: false, scales: {y: {min: 0, max: 1}},
      plugins: {title: {display: true, text: 'event probabilities with 95% Wilson intervals'}}}});
  drawn++;
}
document.querySelectorAll('canvas[data-fan]').forEach(c => fan(c, c.dataset.fan));
document.querySelectorAll('canvas[data-hist]').forEach(c => histogram(c, c.dataset.hist));
document.querySelectorAll('canvas[data-prob]').forEach(c => probabilities(c));
document.body.dataset.chartsDrawn = String(drawn);
)JS";

}  // namespace

std::string build_report(const std::vector<fs::path>& dirs, const fs::path& chart_js) {
  if (dirs.empty() || dirs.size() > 2) throw UsageError("'report' takes one or two batch output directories");
  std::error_code ec;
  if (!fs::is_regular_file(chart_js, ec))
    throw OutputError("Chart.js not found at " + chart_js.string() +
                      "; expected Debian's libjs-chart.js (apt-get install libjs-chart.js)");
  ordered_json data;
  for (const auto& d : dirs) data["batches"].push_back(load_batch(d));
  const auto& a = data["batches"][0];
  std::string title = "Multivector report: " + a["name"].get<std::string>();
  if (dirs.size() == 2) title += " vs " + data["batches"][1]["name"].get<std::string>();

  std::string h;
  h += "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + html_escape(title) +
       "</title>\n";
  h += "<style>body{font-family:sans-serif;margin:2em;color:#222}h1{font-size:1.5em}"
       ".grid{display:flex;flex-wrap:wrap;gap:12px}table{border-collapse:collapse;font-size:.85em}"
       "td,th{border:1px solid #ccc;padding:3px "
       "6px;text-align:right}td:first-child,th:first-child{text-align:left}"
       ".src{text-align:left;max-width:40em}</style>\n";
  h += "<script>\n" + slurp(chart_js) + "\n</script>\n</head>\n<body>\n";
  h += "<h1>" + html_escape(title) + "</h1>\n<p>";
  for (const auto& b : data["batches"])
    h += html_escape(b["name"].get<std::string>()) + ": " + std::to_string(b["runs"].get<uint64_t>()) +
         " replicates, seed " + std::to_string(b["seed"].get<uint64_t>()) + ", from <code>" +
         html_escape(b["dir"].get<std::string>()) + "</code>, multivector " +
         html_escape(b["version"].get<std::string>()) + " (" + html_escape(b["commit"].get<std::string>()) +
         ").<br>\n";
  h += "</p>\n<h2>Time series: median with 50% and 90% bands</h2>\n<div class=\"grid\">\n";
  for (const auto& s : kSeries)
    h += "<canvas width=\"420\" height=\"260\" data-fan=\"" + std::string(s.name) + "\"></canvas>\n";
  h += "</div>\n<h2>Outcome distributions</h2>\n<div class=\"grid\">\n";
  for (const auto& o : kOutcomes)
    if (!o.is_event)
      h += "<canvas width=\"420\" height=\"240\" data-hist=\"" + std::string(o.name) + "\"></canvas>\n";
  h += "</div>\n<h2>Events</h2>\n<canvas width=\"860\" height=\"300\" data-prob=\"1\"></canvas>\n";
  h += "<h2>Summary</h2>\n<table><tr><th>metric</th>";
  for (const auto& b : data["batches"]) {
    const std::string n = html_escape(b["name"].get<std::string>());
    h += "<th>" + n + " mean</th><th>" + n + " p05</th><th>" + n + " p50</th><th>" + n + " p95</th>";
  }
  h += "</tr>\n";
  for (size_t i = 0; i < a["summary"].size(); ++i) {
    h += "<tr><td>" + html_escape(a["summary"][i]["metric"].get<std::string>()) + "</td>";
    for (const auto& b : data["batches"]) {
      const ordered_json* r = summary_row(b["summary"], a["summary"][i]["metric"]);
      for (const char* k : {"mean", "p05", "p50", "p95"}) {
        char buf[32];
        const double x = r && (*r)[k].is_number() ? (*r)[k].get<double>() : std::nan("");
        std::snprintf(buf, sizeof buf, "%.4g", x);
        h += std::string("<td>") + buf + "</td>";
      }
    }
    h += "</tr>\n";
  }
  h +=
      "</table>\n<h2>Parameters and their sources (" + html_escape(a["name"].get<std::string>()) + ")</h2>\n";
  h += "<table><tr><th>parameter</th><th>value or distribution</th><th class=\"src\">source</th></tr>\n";
  for (const auto& p : a["parameters"])
    h += "<tr><td>" + html_escape(p["name"].get<std::string>()) + "</td><td>" +
         html_escape(p["value"].get<std::string>()) + "</td><td class=\"src\">" +
         html_escape(p["source"].get<std::string>()) + "</td></tr>\n";
  h += "</table>\n<script>\nconst DATA = " + script_json(data) + ";\n" + kDrawJs +
       "</script>\n</body></html>\n";
  return h;
}

}  // namespace mv
