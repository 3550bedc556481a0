#include "report/sweep_report.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "model/model.h"
#include "report/discovery_section.h"
#include "sweep/sweep.h"

namespace mv {

namespace fs = std::filesystem;
using nlohmann::ordered_json;
using namespace page;

namespace {

constexpr const char* kWrittenBySweep = "the file as 'multivector sweep' wrote it";

/// The most design points drawn one by one (scatter, parallel coordinates); the page says so
/// when a sweep has more.
constexpr size_t kMaxDrawnPoints = 2000;

/// One row of sensitivity.csv.
struct Index {
  double estimate, low, high;
  int64_t n_used, n_dropped;
};

struct SweepData {
  Sweep sweep;
  ordered_json manifest;
  std::vector<std::vector<double>> factor_values;    // [factor][point]
  std::map<std::string, std::vector<double>> means;  // outcome -> mean per point
  std::map<std::string, std::map<std::string, std::map<std::string, Index>>>
      indices;  // outcome, factor, statistic
};

int64_t whole(const CsvTable& t, size_t row, size_t col) {
  const double x = t.number(row, col);
  if (!(x >= 0) || x != std::floor(x))
    throw InputError({t.path.string(), static_cast<int>(row) + 1},
                     "'" + t.rows[row][col] + "' in column '" + t.rows[0][col] + "' is not a whole number",
                     kWrittenBySweep);
  return static_cast<int64_t>(x);
}

void read_points(SweepData& d, const fs::path& file) {
  std::vector<std::string> columns = {"point"};
  for (const auto& f : d.sweep.factors) columns.emplace_back(spec(f.param).name);
  columns.emplace_back("replicates");
  const CsvTable t = read_csv(file, columns, true, kWrittenBySweep);
  d.factor_values.assign(d.sweep.factors.size(), {});
  for (size_t i = 1; i < t.rows.size(); ++i)
    for (size_t f = 0; f < d.sweep.factors.size(); ++f) d.factor_values[f].push_back(t.number(i, 1 + f));
  for (const auto& o : kOutcomes) {
    const size_t c = t.column(std::string(o.name) + "_mean");
    if (c == t.rows[0].size()) continue;
    auto& v = d.means[std::string(o.name)];
    for (size_t i = 1; i < t.rows.size(); ++i) v.push_back(t.number(i, c));
  }
}

void read_indices(SweepData& d, const fs::path& file) {
  const CsvTable t = read_csv(file,
                              {"outcome", "factor", "method", "statistic", "estimate", "ci95_low",
                               "ci95_high", "n_used", "n_dropped"},
                              true, kWrittenBySweep);
  for (size_t i = 1; i < t.rows.size(); ++i)
    d.indices[t.rows[i][0]][t.rows[i][1]][t.rows[i][3]] =
        Index{t.number(i, 4), t.number(i, 5), t.number(i, 6), whole(t, i, 7), whole(t, i, 8)};
}

SweepData load_sweep_dir(const fs::path& dir) {
  for (const char* f : {"manifest.json", "points.csv", "sweep.resolved.toml", "scenario.resolved.toml"})
    if (!fs::exists(dir / f))
      throw InputError({(dir / f).string()}, "missing",
                       "a sweep output directory written by 'multivector sweep'");
  SweepData d;
  d.manifest = ordered_json::parse(slurp(dir / "manifest.json"), nullptr, false);
  if (!d.manifest.is_object())
    throw InputError({(dir / "manifest.json").string()}, "not valid JSON", "a manifest");
  d.sweep = load_sweep(dir / "sweep.resolved.toml");
  read_points(d, dir / "points.csv");
  if (d.sweep.has_sensitivity()) {
    if (!fs::exists(dir / "sensitivity.csv"))
      throw InputError(
          {(dir / "sensitivity.csv").string()}, "missing",
          "the sensitivity indices of a sobol or morris sweep (multivector sensitivity DIR writes them)");
    read_indices(d, dir / "sensitivity.csv");
  }
  return d;
}

/// Why an index is not a share between 0 and 1, in words, or nothing when it is one.
std::string sobol_reason(const std::string& statistic, const Index& x) {
  const std::string what = statistic == "S1" ? "first-order index" : "total-order index";
  if (std::isnan(x.estimate)) {
    if (x.n_used < 2)
      return "The " + what + " is undefined (NaN): only " + std::to_string(x.n_used) +
             " base rows had every outcome defined (" + std::to_string(x.n_dropped) +
             " were left out), and it needs at least 2.";
    return "The " + what +
           " is undefined (NaN): the outcome does not vary over the design points (zero variance), so there "
           "is no variance to share out among the factors.";
  }
  if (x.estimate > 1)
    return "The " + what + " estimate is " + fmt(x.estimate) +
           ", above 1, which a share of variance cannot be: it is sampling error of the estimator over " +
           std::to_string(x.n_used) + " base rows. More samples narrow it; read it as close to 1.";
  if (x.estimate < 0)
    return "The " + what + " estimate is " + fmt(x.estimate) +
           ", below 0, which a share of variance cannot be: it is sampling error of the estimator over " +
           std::to_string(x.n_used) + " base rows. Read it as close to 0.";
  return "";
}

std::string morris_reason(const std::string& statistic, const Index& x) {
  if (!std::isnan(x.estimate)) return "";
  if (statistic == "sigma" && x.n_used == 1)
    return "sigma is undefined (NaN): it is a standard deviation and needs at least 2 elementary effects; "
           "1 was defined.";
  return std::string(statistic == "sigma" ? "sigma" : "mu*") +
         " is undefined (NaN): no elementary effect was defined (the outcome was undefined at " +
         std::to_string(x.n_dropped) + " of the trajectory's steps).";
}

std::string factor_title(const Factor& f) {
  return plain_name(spec(f.param));
}

std::string factors_html(const SweepData& d) {
  // A long list (a screening of every parameter) is folded, so that it does not bury the pictures.
  const bool fold = d.sweep.factors.size() > 12;
  std::string h = fold ? "<h2>Factors</h2>\n<details><summary>" + std::to_string(d.sweep.factors.size()) +
                             " factors (click to show)</summary>\n"
                       : std::string("<h2>Factors</h2>\n");
  h += "<table><tr><th>factor</th><th class=\"src\">meaning</th><th>unit</th><th>varied over</th></tr>\n";
  for (const auto& f : d.sweep.factors) {
    const ParamSpec& p = spec(f.param);
    std::string range = fmt(f.min) + " to " + fmt(f.max);
    if (!f.levels.empty()) {
      range = "levels ";
      for (size_t i = 0; i < f.levels.size(); ++i) range += (i ? ", " : "") + fmt(f.levels[i]);
    }
    h += "<tr><td>" + std::string(p.name) + "</td><td class=\"src\">" +
         html_escape(std::string(p.description)) + "</td><td>" + html_escape(std::string(p.unit)) +
         "</td><td>" + range + "</td></tr>\n";
  }
  return h + "</table>\n" + (fold ? "</details>\n" : "");
}

/// Every outcome's notes for the indices that are not a share in [0, 1], shown with its outcome.
std::string index_notes_html(const SweepData& d) {
  std::string h;
  for (const auto& o : kOutcomes) {
    const auto it = d.indices.find(std::string(o.name));
    if (it == d.indices.end()) continue;
    std::string items;
    for (const auto& f : d.sweep.factors) {
      const auto jt = it->second.find(std::string(spec(f.param).name));
      if (jt == it->second.end()) continue;
      for (const auto& [statistic, x] : jt->second) {
        const std::string why = d.sweep.design == DesignKind::sobol ? sobol_reason(statistic, x)
                                : statistic == "mu"                 ? std::string()
                                                                    : morris_reason(statistic, x);
        if (!why.empty())
          items += "<li><b>" + std::string(spec(f.param).name) + "</b>: " + html_escape(why) + "</li>\n";
      }
    }
    if (!items.empty())
      h +=
          "<div class=\"warn\" data-outcome=\"" + std::string(o.name) + "\"><ul>\n" + items + "</ul></div>\n";
  }
  return h;
}

/// Morris: the factors of one outcome ranked by mu*, as a table.
std::string morris_tables_html(const SweepData& d) {
  std::string h;
  for (const auto& o : kOutcomes) {
    const auto it = d.indices.find(std::string(o.name));
    if (it == d.indices.end()) continue;
    struct Row {
      const Factor* f;
      double mu_star, sigma, mu;
    };
    std::vector<Row> rows;
    for (const auto& f : d.sweep.factors) {
      const auto jt = it->second.find(std::string(spec(f.param).name));
      if (jt == it->second.end()) continue;
      auto get = [&](const char* s) {
        const auto kt = jt->second.find(s);
        return kt == jt->second.end() ? std::nan("") : kt->second.estimate;
      };
      rows.push_back({&f, get("mu_star"), get("sigma"), get("mu")});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      return (std::isnan(a.mu_star) ? -1 : a.mu_star) > (std::isnan(b.mu_star) ? -1 : b.mu_star);
    });
    if (rows.size() > 10) rows.resize(10);
    h += "<table data-outcome=\"" + std::string(o.name) +
         "\"><tr><th>factor (largest mu* first)</th><th>unit (per "
         "whole range)</th><th>mu*</th><th>sigma</th><th>mu</th></tr>\n";
    for (const auto& r : rows)
      h += "<tr><td title=\"" + html_escape(factor_title(*r.f)) + "\">" + std::string(spec(r.f->param).name) +
           "</td><td>" + html_escape(std::string(o.unit)) + "</td><td>" + fmt(r.mu_star) + "</td><td>" +
           fmt(r.sigma) + "</td><td>" + fmt(r.mu) + "</td></tr>\n";
    h += "</table>\n";
  }
  return h;
}

/// Grid: each outcome's mean over the first two factors' levels (rows: the first factor), as a
/// table whose cells are coloured by value; further factors are averaged over.
std::string heat_maps_html(const SweepData& d) {
  const auto& fs_ = d.sweep.factors;
  if (fs_.size() < 2) return "";
  const auto& a = fs_[0].levels;
  const auto& b = fs_[1].levels;
  std::string h = "<p class=\"meta\">Rows: " + html_escape(factor_title(fs_[0])) +
                  "; columns: " + html_escape(factor_title(fs_[1])) +
                  ". Each cell: the outcome's mean over the replicates of "
                  "the design points with those two levels";
  if (fs_.size() > 2) h += " (averaged over the levels of the other factors)";
  h += "; darker is larger.</p>\n";
  for (const auto& o : kOutcomes) {
    const auto it = d.means.find(std::string(o.name));
    if (it == d.means.end()) continue;
    std::vector<double> sum(a.size() * b.size(), 0.0), n(a.size() * b.size(), 0.0);
    for (size_t p = 0; p < it->second.size(); ++p) {
      const double y = it->second[p];
      if (std::isnan(y)) continue;
      const size_t i = std::find(a.begin(), a.end(), d.factor_values[0][p]) - a.begin();
      const size_t j = std::find(b.begin(), b.end(), d.factor_values[1][p]) - b.begin();
      if (i == a.size() || j == b.size()) continue;
      sum[i * b.size() + j] += y;
      n[i * b.size() + j] += 1;
    }
    double lo = INFINITY, hi = -INFINITY;
    for (size_t c = 0; c < sum.size(); ++c)
      if (n[c] > 0) lo = std::min(lo, sum[c] / n[c]), hi = std::max(hi, sum[c] / n[c]);
    h += "<table class=\"heat\" data-outcome=\"" + std::string(o.name) + "\"><tr><th>" +
         std::string(spec(fs_[0].param).name) + " \\ " + std::string(spec(fs_[1].param).name) + "</th>";
    for (double y : b) h += "<th>" + fmt(y) + "</th>";
    h += "</tr>\n";
    for (size_t i = 0; i < a.size(); ++i) {
      h += "<tr><th>" + fmt(a[i]) + "</th>";
      for (size_t j = 0; j < b.size(); ++j) {
        const size_t c = i * b.size() + j;
        if (n[c] == 0) {
          h += "<td>undefined</td>";
          continue;
        }
        const double v = sum[c] / n[c];
        const double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
        // From pale to the report's blue; light text on the darker half.
        char style[96];
        std::snprintf(style, sizeof style, "background:rgb(%d,%d,%d)%s", static_cast<int>(235 - t * 204),
                      static_cast<int>(242 - t * 147), static_cast<int>(250 - t * 82),
                      t > 0.55 ? ";color:#fff" : "");
        h += "<td style=\"" + std::string(style) + "\">" + fmt(v) + "</td>";
      }
      h += "</tr>\n";
    }
    h += "</table>\n";
  }
  return h;
}

ordered_json page_data(const SweepData& d) {
  ordered_json data;
  data["design"] = kDesignNames[static_cast<int>(d.sweep.design)];
  for (const auto& f : d.sweep.factors)
    data["factors"].push_back({{"name", std::string(spec(f.param).name)},
                               {"title", title_lines(factor_title(f), 40)},
                               {"unit", std::string(spec(f.param).unit)},
                               {"min", f.min},
                               {"max", f.max}});
  for (const auto& o : kOutcomes)
    data["outcomes"][std::string(o.name)] = {{"title", title_lines(plain_name(o))},
                                             {"unit", std::string(o.unit)}};
  const bool draws_points = d.sweep.design == DesignKind::lhs || d.sweep.design == DesignKind::grid;
  if (draws_points) {
    ordered_json values = ordered_json::array();
    for (const auto& v : d.factor_values)
      values.push_back(std::vector<double>(v.begin(), v.begin() + std::min(v.size(), kMaxDrawnPoints)));
    data["values"] = values;
    for (const auto& [name, v] : d.means) {
      ordered_json col = ordered_json::array();
      for (size_t i = 0; i < std::min(v.size(), kMaxDrawnPoints); ++i)
        col.push_back(std::isnan(v[i]) ? ordered_json() : ordered_json(v[i]));
      data["means"][name] = col;
    }
  }
  for (const auto& [outcome, by_factor] : d.indices) {
    ordered_json& o = data["indices"][outcome];
    for (const auto& f : d.sweep.factors) {
      const auto it = by_factor.find(std::string(spec(f.param).name));
      for (const char* s : {"S1", "ST", "mu_star", "sigma"}) {
        const bool has = it != by_factor.end() && it->second.count(s);
        if (!has) continue;
        const Index& x = it->second.at(s);
        auto num = [](double v) { return std::isfinite(v) ? ordered_json(v) : ordered_json(); };
        o[s].push_back(num(x.estimate));
        o[std::string(s) + "_ci"].push_back(ordered_json::array({num(x.low), num(x.high)}));
      }
    }
  }
  return data;
}

const char* kSweepJs = R"JS(
window.addEventListener('error', e => { document.body.dataset.error = String(e.message); });
Chart.defaults.font.size = 14;
const blue = '#1f5fa8', orange = '#c2410c';
let charts = [], drawn = 0;
const names = DATA.factors.map(f => f.name);
function chart(canvas, config) {
  config.options = Object.assign({animation: false, responsive: false}, config.options);
  charts.push(new Chart(canvas, config)); drawn++;
}
function title(text) { return {display: true, text}; }
function sobol(outcome) {
  const x = (DATA.indices || {})[outcome]; if (!x || !x.S1) return;
  const spec = DATA.outcomes[outcome];
  chart(document.getElementById('sobol'), {type: 'bar', data: {labels: names, datasets: [
      {label: 'first order S1', data: x.S1, backgroundColor: blue + 'cc'},
      {label: 'S1 95% interval', data: x.S1_ci, backgroundColor: blue + '33', borderColor: blue, borderWidth: 1},
      {label: 'total order ST', data: x.ST, backgroundColor: orange + 'cc'},
      {label: 'ST 95% interval', data: x.ST_ci, backgroundColor: orange + '33', borderColor: orange, borderWidth: 1}]},
    options: {scales: {x: {title: title('factor')}, y: {title: title('share of the outcome\'s variance')}},
      plugins: {legend: {display: true}, title: title(spec.title)}}});
}
const pointLabels = {id: 'pointLabels', afterDatasetsDraw(c) {
  const meta = c.getDatasetMeta(0), g = c.ctx, data = c.data.datasets[0].data;
  const order = data.map((p, i) => i).filter(i => data[i].x !== null).sort((a, b) => data[b].x - data[a].x).slice(0, 6);
  g.save(); g.font = '12px sans-serif'; g.fillStyle = '#222';
  // Each name beside its point, at the first of four places that stays inside the chart and
  // clear of the names already drawn.
  const taken = [], area = c.chartArea;
  const clear = r => r.left >= area.left && r.right <= area.right && r.top >= area.top - 4 &&
    !taken.some(t => r.right > t.left && t.right > r.left && r.bottom > t.top && t.bottom > r.top);
  order.forEach(i => {
    const e = meta.data[i]; if (!e) return;
    const w = g.measureText(data[i].name).width, h = 12;
    const places = [[e.x + 6, e.y - 4], [e.x + 6, e.y + h + 2], [e.x - 6 - w, e.y - 4], [e.x - 6 - w, e.y + h + 2]]
      .map(([x, y]) => ({left: x, right: x + w, top: y - h, bottom: y}));
    const r = places.find(clear) || places[places[0].right > area.right ? 2 : 0];
    taken.push(r);
    g.fillText(data[i].name, r.left, r.bottom);
  });
  g.restore();
}};
function morris(outcome) {
  const x = (DATA.indices || {})[outcome]; if (!x || !x.mu_star) return;
  const spec = DATA.outcomes[outcome];
  const points = x.mu_star.map((m, i) => ({x: m, y: x.sigma[i], name: names[i]}));
  chart(document.getElementById('morris'), {type: 'scatter', data: {datasets: [
      {data: points, backgroundColor: blue + 'aa', pointRadius: 4}]}, plugins: [pointLabels],
    options: {scales: {x: {title: title('mu*, mean absolute elementary effect (' + spec.unit + ' per whole range of the factor)'), min: 0},
                       y: {title: title('sigma, spread of the effects (same unit)'), min: 0}},
      plugins: {legend: {display: false}, title: title(spec.title)}}});
}
function factorScatter(outcome) {
  const y = (DATA.means || {})[outcome]; if (!y) return;
  const spec = DATA.outcomes[outcome];
  document.querySelectorAll('canvas[data-factor]').forEach(canvas => {
    const f = Number(canvas.dataset.factor), v = DATA.values[f];
    const points = v.map((x, i) => ({x, y: y[i]})).filter(p => p.y !== null);
    chart(canvas, {type: 'scatter', data: {datasets: [{data: points, backgroundColor: blue + '88', pointRadius: 3}]},
      options: {scales: {x: {title: title(DATA.factors[f].unit)}, y: {title: title(spec.unit)}},
        plugins: {legend: {display: false}, title: title(DATA.factors[f].title)}}});
  });
}
function parallel(outcome) {
  const canvas = document.getElementById('parallel'), y = (DATA.means || {})[outcome];
  if (!canvas || !y) return;
  const spec = DATA.outcomes[outcome];
  const defined = y.filter(v => v !== null);
  const lo = Math.min(...defined), hi = Math.max(...defined);
  const scale = (v, a, b) => b > a ? (v - a) / (b - a) : 0.5;
  const sets = y.map((v, i) => {
    if (v === null) return null;
    const t = scale(v, lo, hi);
    const row = DATA.factors.map((f, k) => scale(DATA.values[k][i], f.min, f.max)).concat([t]);
    return {data: row, borderColor: `rgba(${Math.round(31 + t * 163)},${Math.round(95 - t * 30)},${Math.round(168 - t * 156)},0.45)`,
            borderWidth: 1, pointRadius: 0, fill: false};
  }).filter(s => s);
  chart(canvas, {type: 'line', data: {labels: names.concat([outcome]), datasets: sets},
    options: {scales: {y: {min: 0, max: 1, title: title('position in its range (0 low, 1 high)')}},
      plugins: {legend: {display: false}, tooltip: {enabled: false},
        title: title('Each line a design point; colour by ' + spec.title.join(' ') + ': blue low, orange high')}}});
}
function gridLine(outcome) {
  // The outcome's mean against the first factor, one line per level of the second (averaged
  // over any further factors).
  const canvas = document.getElementById('gridline'), y = (DATA.means || {})[outcome];
  if (!canvas || !y) return;
  const spec = DATA.outcomes[outcome], v = DATA.values;
  const levels = k => [...new Set(v[k])].sort((a, b) => a - b);
  const xs = levels(0), groups = v.length > 1 ? levels(1) : [null];
  const sets = groups.map((g, n) => {
    const c = n / Math.max(1, groups.length - 1);
    const data = xs.map(a => {
      const ys = y.filter((t, i) => t !== null && v[0][i] === a && (g === null || v[1][i] === g));
      return ys.length ? ys.reduce((s, t) => s + t, 0) / ys.length : null;
    });
    return {label: g === null ? spec.unit : DATA.factors[1].name + ' = ' + g, data, pointRadius: 3,
            borderColor: `rgb(${Math.round(31 + c * 163)},${Math.round(95 - c * 30)},${Math.round(168 - c * 156)})`};
  });
  chart(canvas, {type: 'line', data: {labels: xs, datasets: sets},
    options: {scales: {x: {title: title(DATA.factors[0].name + ' (' + DATA.factors[0].unit + ')')}, y: {title: title(spec.unit)}},
      plugins: {legend: {display: groups.length > 1}, title: title(spec.title)}}});
}
function show(outcome) {
  charts.forEach(c => c.destroy()); charts = [];
  document.querySelectorAll('[data-outcome]').forEach(e => { e.style.display = e.dataset.outcome === outcome ? '' : 'none'; });
  sobol(outcome); morris(outcome); factorScatter(outcome); parallel(outcome); gridLine(outcome);
  document.body.dataset.chartsDrawn = String(drawn);
}
const select = document.getElementById('outcome');
select.addEventListener('change', () => show(select.value));
show(select.value);
document.body.dataset.fitsWidth = String(!(document.documentElement.scrollWidth > window.innerWidth));
)JS";

}  // namespace

bool is_sweep_directory(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / "manifest.json", ec)) return false;
  const auto m = ordered_json::parse(slurp(dir / "manifest.json"), nullptr, false);
  return m.is_object() && m.value("kind", std::string()) == "sweep";
}

std::string build_sweep_report(const fs::path& dir, const fs::path& chart_js) {
  const SweepData d = load_sweep_dir(dir);
  const Sweep& sw = d.sweep;
  const int64_t points = static_cast<int64_t>(d.factor_values.empty() ? 0 : d.factor_values[0].size());
  std::string h = page_head("Multivector sweep report: " + sw.name, chart_js);
  h += "<p>" + html_escape(sw.description) + "<br>\n<span class=\"meta\">" +
       std::string(kDesignNames[static_cast<int>(sw.design)]) + " design, " + std::to_string(points) +
       " design points of " + std::to_string(sw.replicates) + " replicates each, seed " +
       std::to_string(sw.seed) + ", base scenario " + html_escape(sw.base.name) + ", " +
       sw.base.run.start.to_string() + " to " + sw.base.run.horizon.to_string() + "; multivector " +
       html_escape(d.manifest.value("version", std::string())) + " (" +
       html_escape(d.manifest.value("git_commit", std::string())) + ")</span></p>\n";
  h += "<div class=\"legend\"><label for=\"outcome\">Outcome shown: </label><select id=\"outcome\">";
  for (const auto& o : kOutcomes)
    if (d.means.count(std::string(o.name)))
      h += "<option value=\"" + std::string(o.name) + "\">" + html_escape(plain_name(o)) + "</option>";
  h += "</select></div>\n";
  switch (sw.design) {
    case DesignKind::sobol:
      h +=
          "<h2>Sobol' indices</h2>\n<p>The first-order index S1 is the share of the outcome's variance over "
          "the "
          "design that a factor explains on its own; the total-order index ST adds its interactions with the "
          "other factors. Computed on each design point's mean over its replicates. Solid bar: the estimate; "
          "pale bar: its 95% bootstrap interval.</p>\n<canvas id=\"sobol\" width=\"968\" "
          "height=\"380\"></canvas>\n" +
          index_notes_html(d);
      break;
    case DesignKind::morris:
      h += "<h2>Morris screening</h2>\n<p>Each point a factor. An elementary effect is the change in the "
           "outcome "
           "when the factor alone moves one step, divided by the step as a share of the factor's range (so "
           "it is in the outcome's unit per whole range of the factor). mu* is the mean of their absolute "
           "values (how much the factor matters); sigma their spread (interactions or a curved effect). The "
           "six largest mu* are named.</p>\n"
           "<canvas id=\"morris\" width=\"968\" height=\"420\"></canvas>\n" +
           index_notes_html(d) + morris_tables_html(d);
      break;
    case DesignKind::grid:
      h += "<h2>Response over the grid</h2>\n";
      if (static_cast<size_t>(points) > kMaxDrawnPoints)
        h += "<p>The line chart draws the first " + std::to_string(kMaxDrawnPoints) + " of " +
             std::to_string(points) + " design points; the heat maps hold them all.</p>\n";
      h += "<canvas id=\"gridline\" width=\"968\" height=\"360\"></canvas>\n" + heat_maps_html(d);
      break;
    case DesignKind::lhs:
      h += "<h2>Each factor against the outcome</h2>\n<p>Each point a design point: the factor's value and "
           "the "
           "outcome's mean over its replicates.";
      if (static_cast<size_t>(points) > kMaxDrawnPoints)
        h += " The first " + std::to_string(kMaxDrawnPoints) + " of " + std::to_string(points) +
             " design points are drawn.";
      h += "</p>\n<div class=\"grid\">\n";
      for (size_t f = 0; f < sw.factors.size(); ++f)
        h += "<canvas width=\"480\" height=\"300\" data-factor=\"" + std::to_string(f) + "\"></canvas>\n";
      h += "</div>\n<h2>Parallel coordinates</h2>\n<canvas id=\"parallel\" width=\"968\" "
           "height=\"380\"></canvas>\n";
      break;
  }
  h += factors_html(d);
  ordered_json data = page_data(d);
  h += discovery_section_html(dir, data);
  return h + page_tail(data, std::string(kSweepJs) + kDiscoveryJs);
}

}  // namespace mv
