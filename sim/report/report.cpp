#include "report/report.h"

#include <algorithm>
#include <array>
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
#include "report/compare.h"
#include "report/discovery_section.h"
#include "report/page.h"
#include "scenario/scenario.h"
#include "stats/summary.h"

namespace mv {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

using namespace page;

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

/// One batch directory as the report reads it.
struct Batch {
  BatchIdentity id;
  std::string commit;
  /// timeseries.csv: variable -> month ("YYYY-MM") -> mean, p05, p25, p50, p75, p95.
  std::map<std::string, std::map<std::string, std::array<double, 6>>> series;
  ordered_json summary = ordered_json::array();
  /// runs.csv: every outcome of the outcome table the file has, one value per replicate.
  std::map<std::string, std::vector<double>> outcomes;
};

constexpr std::array<const char*, 6> kBands = {"mean", "p05", "p25", "p50", "p75", "p95"};

void read_series(Batch& b, const fs::path& file) {
  const CsvTable ts =
      read_csv(file, {"step", "date", "variable", "mean", "p05", "p25", "p50", "p75", "p95"}, true);
  for (size_t i = 1; i < ts.rows.size(); ++i) {
    const std::string& date = ts.rows[i][1];
    if (!parse_year_month(date))
      throw InputError({file.string(), static_cast<int>(i) + 1},
                       "'" + date + "' in column 'date' is not a month",
                       std::string("YYYY-MM, as in ") + kWrittenByRun);
    auto& bands = b.series[ts.rows[i][2]][date];
    for (size_t k = 0; k < kBands.size(); ++k) bands[k] = ts.number(i, 3 + k);
  }
}

void read_summary(Batch& b, const fs::path& file) {
  const CsvTable sm =
      read_csv(file, {"metric", "mean", "p05", "p50", "p95", "probability", "ci95_low", "ci95_high"}, false);
  if (sm.rows[0][0] != "metric")
    throw InputError({sm.path.string(), 1}, "the header does not start with 'metric'", kWrittenByRun);
  for (size_t i = 1; i < sm.rows.size(); ++i) {
    ordered_json row;
    row["metric"] = sm.rows[i][0];
    for (size_t k = 1; k < sm.rows[0].size(); ++k) row[sm.rows[0][k]] = sm.number(i, k);
    b.summary.push_back(row);
  }
}

void read_runs(Batch& b, const fs::path& file) {
  const CsvTable runs = read_csv(file, {}, false);
  const size_t width = runs.rows[0].size();
  for (const auto& o : kOutcomes) {
    const size_t c = runs.column(std::string(o.name));
    if (c == width) continue;
    auto& col = b.outcomes[std::string(o.name)];
    for (size_t i = 1; i < runs.rows.size(); ++i) col.push_back(runs.number(i, c));
  }
  if (const size_t c = runs.column("seed"); c != width)
    for (size_t i = 1; i < runs.rows.size(); ++i) b.id.replicate_seeds.push_back(runs.rows[i][c]);
}

Batch load_batch(const fs::path& dir) {
  for (const char* f :
       {"manifest.json", "summary.csv", "timeseries.csv", "runs.csv", "scenario.resolved.toml"})
    if (!fs::exists(dir / f))
      throw InputError({(dir / f).string()}, "missing",
                       "a batch output directory written by 'multivector run'");
  Batch b;
  const fs::path manifest_file = dir / "manifest.json";
  const auto manifest = nlohmann::json::parse(slurp(manifest_file), nullptr, false);
  if (manifest.is_discarded() || !manifest.is_object())
    throw InputError({manifest_file.string()}, "not valid JSON", "a manifest");
  b.id.name = manifest_field(manifest, "/scenario/name", std::string(dir.filename()), manifest_file);
  b.id.seed = manifest_field(manifest, "/seed", uint64_t{0}, manifest_file);
  b.id.runs = manifest_field(manifest, "/runs", uint64_t{0}, manifest_file);
  b.id.version = manifest_field(manifest, "/version", std::string(), manifest_file);
  b.commit = manifest_field(manifest, "/git_commit", std::string(), manifest_file);
  if (const nlohmann::json::json_pointer lenses("/scenario/lenses");
      manifest.contains(lenses) && manifest.at(lenses).is_array())
    for (const auto& l : manifest.at(lenses))
      if (l.is_string()) b.id.lenses.push_back(l.get<std::string>());
  read_series(b, dir / "timeseries.csv");
  read_summary(b, dir / "summary.csv");
  read_runs(b, dir / "runs.csv");
  // The project's own loader: the resolved file loads back to the scenario that was run.
  b.id.scenario = load_scenario(dir / "scenario.resolved.toml");
  return b;
}

/// The row of `summary` for `metric`, or nullptr (two batches may list different metrics).
const ordered_json* summary_row(const ordered_json& summary, const ordered_json& metric) {
  for (const auto& r : summary)
    if (r["metric"] == metric) return &r;
  return nullptr;
}

/// The batches' colours, in order (the page's one legend names them).
constexpr std::array<const char*, 2> kColors = {"#1f5fa8", "#c2410c"};

const OutcomeSpec* outcome_spec(const std::string& name) {
  for (const auto& o : kOutcomes)
    if (o.name == name) return &o;
  return nullptr;
}

/// Every batch's months on one calendar axis: the union of their months, in date order. A batch
/// that starts later or ends earlier is blank (null) outside its own months, so the same date
/// is drawn at the same place for both.
std::vector<std::string> union_of_months(const std::vector<Batch>& batches) {
  std::vector<std::string> months;
  for (const auto& b : batches)
    for (const auto& [variable, by_month] : b.series)
      for (const auto& [month, bands] : by_month) months.push_back(month);
  std::sort(months.begin(), months.end());  // "YYYY-MM" sorts as dates
  months.erase(std::unique(months.begin(), months.end()), months.end());
  return months;
}

ordered_json aligned_series(const Batch& b, const std::vector<std::string>& months) {
  ordered_json out = ordered_json::object();
  for (const auto& spec : kSeries) {
    const auto it = b.series.find(std::string(spec.name));
    if (it == b.series.end()) continue;
    ordered_json& v = out[std::string(spec.name)];
    for (size_t k = 0; k < kBands.size(); ++k) {
      ordered_json column = ordered_json::array();
      for (const auto& m : months) {
        const auto at = it->second.find(m);
        column.push_back(at == it->second.end() ? ordered_json() : ordered_json(at->second[k]));
      }
      v[kBands[k]] = column;
    }
  }
  return out;
}

/// Histogram of an outcome over every batch's replicates, as each batch's share of its own
/// replicates per bin (batches of different sizes compare). Whole-numbered outcomes (counts,
/// months) get whole-number bins, labelled by the values they hold; others 20 equal bins.
ordered_json histogram(const std::vector<Batch>& batches, const std::string& name) {
  constexpr int kBins = 20;
  std::vector<double> all;
  for (const auto& b : batches)
    if (const auto it = b.outcomes.find(name); it != b.outcomes.end())
      for (double x : it->second)
        if (std::isfinite(x)) all.push_back(x);
  ordered_json h = {{"labels", ordered_json::array()}, {"shares", ordered_json::array()}};
  if (all.empty()) return h;
  const auto [lo_it, hi_it] = std::minmax_element(all.begin(), all.end());
  const bool whole = std::all_of(all.begin(), all.end(), [](double x) { return x == std::floor(x); });
  double lo = *lo_it, width;
  int bins;
  if (whole) {
    const double values = *hi_it - lo + 1;
    width = std::ceil(values / kBins);
    bins = static_cast<int>(std::ceil(values / width));
    for (int k = 0; k < bins; ++k) {
      const double first = lo + k * width, last = first + width - 1;
      h["labels"].push_back(width == 1 ? fmt(first) : fmt(first) + "–" + fmt(last));
    }
  } else {
    bins = kBins;
    width = (*hi_it - lo) / kBins;
    if (width == 0) width = 1.0 / kBins;
    for (int k = 0; k < bins; ++k) h["labels"].push_back(fmt(lo + (k + 0.5) * width));
  }
  for (const auto& b : batches) {
    std::vector<double> counts(bins, 0.0);
    double n = 0;
    if (const auto it = b.outcomes.find(name); it != b.outcomes.end())
      for (double x : it->second)
        if (std::isfinite(x)) {
          counts[std::min(bins - 1, static_cast<int>(std::floor((x - lo) / width)))] += 1;
          n += 1;
        }
    ordered_json shares = ordered_json::array();
    for (double c : counts) shares.push_back(n > 0 ? c / n : 0.0);
    h["shares"].push_back(shares);
  }
  return h;
}

/// One scripted event of either batch for the time axis; `batch` -1 when both have it.
struct EventMark {
  std::string date, id, text;
  int batch;
};

std::vector<EventMark> event_marks(const std::vector<Batch>& batches) {
  std::vector<EventMark> marks;
  for (size_t i = 0; i < batches.size(); ++i)
    for (const auto& e : batches[i].id.scenario.events) {
      EventMark m{e.date.to_string(), e.id,
                  std::string(kActorNames[static_cast<int>(e.actor)]) + ": " +
                      std::string(spec(e.action).name) + " (" +
                      std::string(spec(e.action).magnitude_meaning) + " " + format_double(e.magnitude) +
                      ", " + std::to_string(e.duration_months) + " mo)",
                  static_cast<int>(i)};
      const auto same = std::find_if(marks.begin(), marks.end(), [&](const EventMark& o) {
        return o.date == m.date && o.id == m.id && o.text == m.text;
      });
      if (same != marks.end())
        same->batch = -1;
      else
        marks.push_back(m);
    }
  std::stable_sort(marks.begin(), marks.end(),
                   [](const EventMark& a, const EventMark& b) { return a.date < b.date; });
  return marks;
}

// The page's own drawing code (plain JavaScript over Chart.js). The page has one legend, in
// HTML above the charts; no chart draws its own.
const char* kDrawJs = R"JS(
window.addEventListener('error', e => { document.body.dataset.error = String(e.message); });
Chart.defaults.font.size = 14;
const colors = DATA.colors;
const colorOf = i => i >= 0 ? colors[i % colors.length] : '#555555';
let drawn = 0;
// Whether two event numbers were printed over each other on some chart (the browser test checks).
let eventLabelsOverlap = false;
const eventLines = {id: 'eventLines', afterDatasetsDraw(chart) {
  const x = chart.scales.x, area = chart.chartArea, g = chart.ctx;
  g.save(); g.setLineDash([4, 3]); g.lineWidth = 1; g.font = '11px sans-serif'; g.textAlign = 'center';
  // Events a few pixels apart (a month apart on a long axis) would print their numbers over
  // each other: each number goes to the highest row whose last number ends left of it.
  const rowEnds = [], placed = [];
  DATA.events.forEach((e, n) => {
    const k = DATA.dates.indexOf(e.date); if (k === -1) return;
    const px = x.getPixelForValue(k), label = String(n + 1), half = g.measureText(label).width / 2 + 2;
    let row = rowEnds.findIndex(end => px - half >= end);
    if (row === -1) { row = rowEnds.length; rowEnds.push(0); }
    rowEnds[row] = px + half;
    g.strokeStyle = g.fillStyle = colorOf(e.batch);
    g.beginPath(); g.moveTo(px, area.top + 12 + 11 * row); g.lineTo(px, area.bottom); g.stroke();
    g.fillText(label, px, area.top + 10 + 11 * row);
    placed.push({left: px - half, right: px + half, row});
  });
  eventLabelsOverlap = eventLabelsOverlap || placed.some((a, i) => placed.some((b, j) =>
    j > i && a.row === b.row && b.right > a.left && a.right > b.left));
  g.restore();
}};
function axes(xTitle, yTitle) {
  return {x: {title: {display: true, text: xTitle}, ticks: {maxTicksLimit: 10}},
          y: {title: {display: true, text: yTitle}}};
}
function fan(canvas, name) {
  const sets = [];
  DATA.batches.forEach((b, i) => {
    const s = b.series[name]; if (!s) return;
    const c = colorOf(i);
    sets.push({data: s.p95, borderWidth: 0, pointRadius: 0, fill: false, backgroundColor: c + '22'});
    sets.push({data: s.p05, borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: c + '22'});
    sets.push({data: s.p75, borderWidth: 0, pointRadius: 0, fill: false, backgroundColor: c + '44'});
    sets.push({data: s.p25, borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: c + '44'});
    sets.push({data: s.p50, borderColor: c, borderWidth: 2, pointRadius: 0, fill: false});
  });
  if (!sets.length) return;
  const spec = DATA.series_specs[name];
  new Chart(canvas, {type: 'line', data: {labels: DATA.dates, datasets: sets}, plugins: [eventLines],
    options: {animation: false, responsive: false, scales: axes('month', spec.unit),
      plugins: {legend: {display: false}, tooltip: {enabled: false}, title: {display: true, text: spec.title}}}});
  drawn++;
}
function histogram(canvas, name) {
  const h = DATA.hist[name]; if (!h || !h.labels.length) return;
  const spec = DATA.outcome_specs[name];
  const sets = DATA.batches.map((b, i) => ({label: b.name, data: h.shares[i], backgroundColor: colorOf(i) + '99'}));
  const scales = axes(spec.unit, 'share of replicates'); scales.y.min = 0;
  new Chart(canvas, {type: 'bar', data: {labels: h.labels, datasets: sets},
    options: {animation: false, responsive: false, scales,
      plugins: {legend: {display: false}, title: {display: true, text: spec.title}}}});
  drawn++;
}
function probabilities(canvas) {
  const events = DATA.batches[0].summary.filter(r => r.probability !== null && Number.isFinite(r.probability) && DATA.outcome_specs[r.metric]);
  const labels = events.map(r => DATA.outcome_specs[r.metric].title);
  const sets = [];
  DATA.batches.forEach((b, i) => {
    const rows = events.map(e => b.summary.find(r => r.metric === e.metric) || {});
    sets.push({label: b.name + ' probability', data: rows.map(r => r.probability), backgroundColor: colorOf(i) + 'aa'});
    sets.push({label: b.name + ' 95% interval', data: rows.map(r => [r.ci95_low, r.ci95_high]), backgroundColor: colorOf(i) + '33',
               borderColor: colorOf(i), borderWidth: 1});
  });
  const scales = axes('event', 'probability'); scales.y.min = 0; scales.y.max = 1;
  new Chart(canvas, {type: 'bar', data: {labels, datasets: sets},
    options: {animation: false, responsive: false, scales,
      plugins: {legend: {display: false}, title: {display: true, text: 'Event probabilities: solid bar the estimate, pale bar its 95% Wilson interval'}}}});
  drawn++;
}
document.querySelectorAll('canvas[data-fan]').forEach(c => fan(c, c.dataset.fan));
document.querySelectorAll('canvas[data-hist]').forEach(c => histogram(c, c.dataset.hist));
document.querySelectorAll('canvas[data-prob]').forEach(c => probabilities(c));
document.body.dataset.chartsDrawn = String(drawn);
document.body.dataset.eventLabelsOverlap = String(eventLabelsOverlap);
document.body.dataset.fitsWidth = String(!(document.documentElement.scrollWidth > window.innerWidth));
)JS";

std::string header_html(const std::vector<Batch>& batches) {
  std::string h;
  for (const auto& b : batches) {
    const Scenario& sc = b.id.scenario;
    h += "<p><b>" + html_escape(b.id.name) + "</b>: " + html_escape(sc.description) +
         "<br>\n<span class=\"meta\">" + std::to_string(b.id.runs) + " replicates of " +
         std::to_string(sc.run.citizens) + " citizens, seed " + std::to_string(b.id.seed) + ", " +
         sc.run.start.to_string() + " to " + sc.run.horizon.to_string() +
         (b.id.lenses.empty() ? std::string() : ", lenses " + html_escape(join(b.id.lenses))) +
         "; multivector " + html_escape(b.id.version) + " (" + html_escape(b.commit) + ")</span></p>\n";
  }
  return h;
}

std::string legend_html(const std::vector<Batch>& batches) {
  std::string h = "<div class=\"legend\">";
  for (size_t i = 0; i < batches.size(); ++i)
    h += "<span class=\"sw\" style=\"background:" + std::string(kColors[i]) + "\"></span>" +
         html_escape(batches[i].id.name);
  h += "<br><span class=\"meta\">Lines: median; dark band: middle 50% of replicates; pale band: middle 90%. "
       "Bars: share of each batch's replicates. Dashed lines: scripted events, numbered as in the list "
       "below (grey: in both).</span></div>\n";
  return h;
}

std::string events_html(const std::vector<EventMark>& marks, const std::vector<Batch>& batches) {
  std::string h = "<h2>Scripted events</h2>\n";
  if (marks.empty()) return h + "<p>None.</p>\n";
  h += "<table><tr><th>#</th><th>month</th><th>event</th><th>what</th>";
  if (batches.size() > 1) h += "<th>in</th>";
  h += "</tr>\n";
  for (size_t n = 0; n < marks.size(); ++n) {
    const auto& m = marks[n];
    h += "<tr><td>" + std::to_string(n + 1) + "</td><td>" + m.date + "</td><td>" + html_escape(m.id) +
         "</td><td class=\"src\">" + html_escape(m.text) + "</td>";
    if (batches.size() > 1)
      h += "<td>" + (m.batch < 0 ? std::string("both") : html_escape(batches[m.batch].id.name)) + "</td>";
    h += "</tr>\n";
  }
  return h + "</table>\n";
}

std::string warnings_html(const std::vector<std::string>& warnings) {
  if (warnings.empty()) return "";
  std::string h = "<div class=\"warn\"><b>These batches are not fully comparable:</b><ul>\n";
  for (const auto& w : warnings) h += "<li>" + html_escape(w) + "</li>\n";
  return h + "</ul></div>\n";
}

std::string paired_html(const Batch& a, const Batch& b, bool paired) {
  std::string h =
      "<h2>Paired differences (" + html_escape(b.id.name) + " − " + html_escape(a.id.name) + ")</h2>\n";
  if (!paired)
    return h +
           "<p class=\"warn\">Not shown: replicate i of one batch was not drawn from the same seed as "
           "replicate i of the other (see above), so their differences do not pair.</p>\n";
  h += "<p>Replicate i of each batch shares its random numbers (same seed), so each replicate's difference "
       "isolates the change. Mean of the per-replicate differences with its 95% interval (± 1.96 "
       "standard errors); for an event, the difference in probability.</p>\n"
       "<table><tr><th>outcome</th><th>unit</th><th class=\"n\">" +
       html_escape(a.id.name) + " mean</th><th class=\"n\">" + html_escape(b.id.name) +
       " mean</th><th>difference</th><th>95% interval</th><th>pairs</th></tr>\n";
  for (const auto& o : kOutcomes) {
    const auto ia = a.outcomes.find(std::string(o.name)), ib = b.outcomes.find(std::string(o.name));
    if (ia == a.outcomes.end() || ib == b.outcomes.end()) continue;
    const PairedDifference d = paired_difference(ia->second, ib->second);
    Moments ma, mb;
    for (double x : ia->second)
      if (!std::isnan(x)) ma.add(x);
    for (double x : ib->second)
      if (!std::isnan(x)) mb.add(x);
    h += "<tr><td title=\"" + std::string(o.name) + "\">" + html_escape(std::string(o.description)) +
         "</td><td>" + html_escape(std::string(o.unit)) + "</td><td>" + fmt(ma.n ? ma.mean : std::nan("")) +
         "</td><td>" + fmt(mb.n ? mb.mean : std::nan("")) + "</td><td>" + fmt(d.mean) + "</td><td>" +
         fmt(d.low) + " to " + fmt(d.high) + "</td><td>" + std::to_string(d.n) + "</td></tr>\n";
  }
  return h + "</table>\n";
}

std::string changes_html(const Batch& a, const Batch& b) {
  std::string h =
      "<h2>What changed from " + html_escape(a.id.name) + " to " + html_escape(b.id.name) +
      "</h2>\n<p>From the two resolved scenarios (scenario.resolved.toml) and their manifests.</p>\n";
  const std::vector<Change> changes = what_changed(a.id, b.id);
  if (changes.empty()) return h + "<p>Nothing: the two batches ran the same scenario.</p>\n";
  h += "<table class=\"left\"><tr><th>kind</th><th>name</th><th class=\"src\">" + html_escape(a.id.name) +
       "</th><th class=\"src\">" + html_escape(b.id.name) + "</th></tr>\n";
  for (const auto& c : changes)
    h += "<tr><td>" + c.kind + "</td><td>" + html_escape(c.name) + "</td><td class=\"src\">" +
         (c.before.empty() ? std::string("(none)") : html_escape(c.before)) + "</td><td class=\"src\">" +
         (c.after.empty() ? std::string("(none)") : html_escape(c.after)) + "</td></tr>\n";
  return h + "</table>\n";
}

std::string summary_html(const std::vector<Batch>& batches) {
  std::string h = "<h2>Summary</h2>\n<table><tr><th>outcome</th><th>unit</th>";
  for (const auto& b : batches) {
    const std::string n = html_escape(b.id.name);
    h += "<th class=\"n\">" + n + " mean</th><th class=\"n\">" + n + " p05</th><th class=\"n\">" + n +
         " p50</th><th class=\"n\">" + n + " p95</th>";
  }
  h += "</tr>\n";
  for (const auto& row : batches[0].summary) {
    const std::string metric = row["metric"].get<std::string>();
    const OutcomeSpec* o = outcome_spec(metric);
    h += "<tr><td title=\"" + html_escape(metric) + "\">" +
         html_escape(o ? std::string(o->description) : metric) + "</td><td>" +
         (o ? html_escape(std::string(o->unit)) : std::string()) + "</td>";
    for (const auto& b : batches) {
      const ordered_json* r = summary_row(b.summary, row["metric"]);
      for (const char* k : {"mean", "p05", "p50", "p95"})
        h += "<td>" + fmt(r && (*r)[k].is_number() ? (*r)[k].get<double>() : std::nan("")) + "</td>";
    }
    h += "</tr>\n";
  }
  return h + "</table>\n";
}

std::string parameters_html(const Batch& a) {
  std::string h = "<h2>Parameters and their sources (" + html_escape(a.id.name) + ")</h2>\n";
  h += "<table><tr><th>parameter</th><th>value or distribution</th><th class=\"src\">source</th></tr>\n";
  for (int i = 0; i < kNumParams; ++i) {
    const ParamSetting& p = a.id.scenario.params[i];
    h += "<tr><td>" + std::string(kParameters[i].name) + "</td><td>" + html_escape(p.dist.describe()) +
         "</td><td class=\"src\">" + html_escape(p.source) + "</td></tr>\n";
  }
  return h + "</table>\n";
}

/// The page's data: every batch's series on one calendar axis, histograms, the tables' names.
ordered_json page_data(const std::vector<Batch>& batches, const std::vector<EventMark>& marks) {
  ordered_json data;
  const std::vector<std::string> months = union_of_months(batches);
  data["dates"] = months;
  data["colors"] = kColors;
  for (const auto& b : batches)
    data["batches"].push_back({{"name", b.id.name},
                               {"description", b.id.scenario.description},
                               {"series", aligned_series(b, months)},
                               {"summary", b.summary}});
  for (const auto& s : kSeries)
    data["series_specs"][std::string(s.name)] = {{"title", title_lines(plain_name(s))},
                                                 {"unit", std::string(s.unit)}};
  for (const auto& o : kOutcomes) {
    data["outcome_specs"][std::string(o.name)] = {{"title", title_lines(plain_name(o))},
                                                  {"unit", std::string(o.unit)}};
    if (!o.is_event) data["hist"][std::string(o.name)] = histogram(batches, std::string(o.name));
  }
  data["events"] = ordered_json::array();
  for (const auto& m : marks) data["events"].push_back({{"date", m.date}, {"batch", m.batch}});
  return data;
}

}  // namespace

Report build_report(const std::vector<fs::path>& dirs, const fs::path& chart_js) {
  if (dirs.empty() || dirs.size() > 2) throw UsageError("'report' takes one or two batch output directories");
  std::vector<Batch> batches;
  for (const auto& d : dirs) batches.push_back(load_batch(d));
  Report report;
  const Comparability comparable =
      batches.size() == 2 ? check_comparable(batches[0].id, batches[1].id) : Comparability{};
  report.warnings = comparable.warnings;
  const std::vector<EventMark> marks = event_marks(batches);
  const Batch& a = batches[0];
  std::string title = "Multivector report: " + a.id.name;
  if (batches.size() == 2) title += " vs " + batches[1].id.name;

  std::string h = page_head(title, chart_js);
  h += header_html(batches) + warnings_html(comparable.warnings);
  h += legend_html(batches);
  if (batches.size() == 2) h += changes_html(a, batches[1]);
  h += "<h2>Time series: median with 50% and 90% bands</h2>\n<p class=\"meta\">Month axis: every month of "
       "either batch (the union), so a date sits at the same place for both; a batch is blank outside "
       "its own run.</p>\n<div class=\"grid\">\n";
  for (const auto& s : kSeries)
    h += "<canvas width=\"480\" height=\"300\" data-fan=\"" + std::string(s.name) + "\"></canvas>\n";
  h += "</div>\n" + events_html(marks, batches);
  if (batches.size() == 2) h += paired_html(a, batches[1], comparable.paired);
  h += "<h2>Outcome distributions</h2>\n<div class=\"grid\">\n";
  for (const auto& o : kOutcomes)
    if (!o.is_event)
      h += "<canvas width=\"480\" height=\"280\" data-hist=\"" + std::string(o.name) + "\"></canvas>\n";
  h += "</div>\n<h2>Events</h2>\n<canvas width=\"968\" height=\"340\" data-prob=\"1\"></canvas>\n";
  ordered_json data = page_data(batches, marks);
  if (batches.size() == 1) h += discovery_section_html(dirs[0], data);
  h += summary_html(batches) + parameters_html(a);
  h += page_tail(data, std::string(kDrawJs) + kDiscoveryJs);
  report.html = std::move(h);
  return report;
}

}  // namespace mv
