#include "report/report.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
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

std::vector<std::vector<std::string>> read_csv(const fs::path& p) {
  return parse_csv(slurp(p));
}

double to_number(const std::string& s) {
  if (s.empty() || s == "NaN") return std::nan("");
  return std::strtod(s.c_str(), nullptr);
}

ordered_json load_batch(const fs::path& dir) {
  for (const char* f :
       {"manifest.json", "summary.csv", "timeseries.csv", "runs.csv", "scenario.resolved.toml"})
    if (!fs::exists(dir / f))
      throw InputError({(dir / f).string()}, "missing",
                       "a batch output directory written by 'multivector run'");
  ordered_json b;
  const auto manifest = nlohmann::json::parse(slurp(dir / "manifest.json"), nullptr, false);
  if (manifest.is_discarded())
    throw InputError({(dir / "manifest.json").string()}, "not valid JSON", "a manifest");
  b["name"] = manifest.value("/scenario/name"_json_pointer, std::string(dir.filename()));
  b["dir"] = dir.string();
  b["seed"] = manifest.value("seed", 0ull);
  b["runs"] = manifest.value("runs", 0);
  b["version"] = manifest.value("version", std::string());
  b["commit"] = manifest.value("git_commit", std::string());
  // Time series: variable -> dates and quantile bands.
  const auto ts = read_csv(dir / "timeseries.csv");
  ordered_json series = ordered_json::object();
  for (size_t i = 1; i < ts.size(); ++i) {
    const auto& r = ts[i];
    if (r.size() < 9) continue;
    auto& v = series[r[2]];
    v["date"].push_back(r[1]);
    for (int k = 0; k < 6; ++k)
      v[std::vector<std::string>{"mean", "p05", "p25", "p50", "p75", "p95"}[k]].push_back(
          to_number(r[3 + k]));
  }
  b["series"] = series;
  // Summary rows.
  const auto sm = read_csv(dir / "summary.csv");
  ordered_json summary = ordered_json::array();
  for (size_t i = 1; i < sm.size(); ++i) {
    ordered_json row;
    for (size_t k = 0; k < sm[0].size() && k < sm[i].size(); ++k)
      row[sm[0][k]] = k == 0 ? ordered_json(sm[i][k]) : ordered_json(to_number(sm[i][k]));
    summary.push_back(row);
  }
  b["summary"] = summary;
  // Outcome values per replicate, for histograms.
  const auto runs = read_csv(dir / "runs.csv");
  ordered_json values = ordered_json::object();
  if (!runs.empty())
    for (const auto& o : kOutcomes) {
      const auto it = std::find(runs[0].begin(), runs[0].end(), std::string(o.name));
      if (it == runs[0].end() || o.is_event) continue;
      const size_t c = static_cast<size_t>(it - runs[0].begin());
      ordered_json col = ordered_json::array();
      for (size_t i = 1; i < runs.size(); ++i)
        if (c < runs[i].size()) col.push_back(to_number(runs[i][c]));
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

/// JSON that is safe inside a <script> element.
std::string script_json(const ordered_json& j) {
  std::string s = j.dump();
  std::string o;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' && i + 1 < s.size() && s[i + 1] == '/') {
      o += "<\\/";
      ++i;
    } else {
      o += s[i];
    }
  }
  return o;
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
    h += html_escape(b["name"].get<std::string>()) + ": " + std::to_string(b["runs"].get<int>()) +
         " replicates, seed " + std::to_string(b["seed"].get<unsigned long long>()) + ", from <code>" +
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
      const auto& r = b["summary"][i];
      for (const char* k : {"mean", "p05", "p50", "p95"}) {
        char buf[32];
        const double x = r[k].is_number() ? r[k].get<double>() : std::nan("");
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
