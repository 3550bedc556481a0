#include "report/story.h"

#include "model/model.h"

namespace mv {

using nlohmann::ordered_json;
using namespace page;

namespace {

/// The series drawn, each in its own chart but the alignment, which shares one.
constexpr Series kAlignment[] = {Series::align_russia, Series::align_china, Series::align_eu,
                                 Series::align_turkey};
constexpr Series kOthers[] = {Series::russian_route_share, Series::unrest, Series::opinion_russia,
                              Series::legitimacy};

ordered_json series_json(const ExplainTrace& tr, Series s) {
  const auto& spec = kSeries[static_cast<int>(s)];
  return {{"name", std::string(spec.name)},
          {"label", std::string(spec.description)},
          {"title", title_lines(plain_name(spec), 44)},
          {"unit", std::string(spec.unit)},
          {"values", tr.series[static_cast<int>(s)]}};
}

const char* kStoryJs = R"JS(
window.addEventListener('error', e => { document.body.dataset.error = String(e.message); });
Chart.defaults.font.size = 13;
const powerColors = ['#b91c1c', '#ca8a04', '#1f5fa8', '#15803d'];
const moveColors = {engage: '#16a34a', coerce: '#dc2626', guarantee: '#2563eb', demand: '#9333ea'};
let drawn = 0;
const eventLines = {id: 'eventLines', afterDatasetsDraw(chart) {
  const x = chart.scales.x, area = chart.chartArea, g = chart.ctx;
  g.save(); g.setLineDash([4, 3]); g.lineWidth = 1; g.font = '11px sans-serif'; g.textAlign = 'center';
  g.strokeStyle = g.fillStyle = '#555';
  const rowEnds = [];
  DATA.events.forEach((e, n) => {
    const px = x.getPixelForValue(e.month), label = String(n + 1), half = g.measureText(label).width / 2 + 2;
    let row = rowEnds.findIndex(end => px - half >= end);
    if (row === -1) { row = rowEnds.length; rowEnds.push(0); }
    rowEnds[row] = px + half;
    g.beginPath(); g.moveTo(px, area.top + 12 + 11 * row); g.lineTo(px, area.bottom); g.stroke();
    g.fillText(label, px, area.top + 10 + 11 * row);
  });
  g.restore();
}};
function lines(canvas, sets, titleText, unit) {
  new Chart(canvas, {type: 'line', data: {labels: DATA.dates, datasets: sets}, plugins: [eventLines],
    options: {animation: false, responsive: false,
      scales: {x: {ticks: {maxTicksLimit: 8, maxRotation: 0}}, y: {title: {display: true, text: unit}}},
      plugins: {legend: {display: sets.length > 1, labels: {boxWidth: 14}}, tooltip: {enabled: false},
                title: {display: true, text: titleText}}}});
  drawn++;
}
lines(document.getElementById('alignment'),
      DATA.alignment.map((s, i) => ({label: s.label, data: s.values, borderColor: powerColors[i], borderWidth: 2, pointRadius: 0})),
      'Kazakhstan\'s alignment, one line a power', DATA.alignment[0].unit);
document.querySelectorAll('canvas[data-series]').forEach(c => {
  const s = DATA.others[Number(c.dataset.series)];
  lines(c, [{label: s.label, data: s.values, borderColor: '#333', borderWidth: 2, pointRadius: 0}], s.title, s.unit);
});
const moves = Object.keys(moveColors).map(m => ({label: m, backgroundColor: moveColors[m], pointRadius: 4,
  data: DATA.moves.filter(v => v.what === m).map(v => ({x: v.month, y: v.who}))}));
new Chart(document.getElementById('moves'), {type: 'scatter', data: {datasets: moves}, plugins: [eventLines],
  options: {animation: false, responsive: false,
    scales: {x: {type: 'linear', min: 0, max: DATA.dates.length - 1,
                 ticks: {maxTicksLimit: 8, maxRotation: 0, includeBounds: false, callback: v => DATA.dates[v] || ''}},
             y: {min: -0.5, max: DATA.powers.length - 0.5, reverse: true,
                 afterBuildTicks: axis => { axis.ticks = DATA.powers.map((p, i) => ({value: i})); },
                 ticks: {callback: v => DATA.powers[v] || ''}}},
    plugins: {legend: {display: true, labels: {boxWidth: 10}}, tooltip: {enabled: false},
              title: {display: true, text: 'The powers\' moves, one row a power (doing nothing is not drawn)'}}}});
drawn++;
document.body.dataset.chartsDrawn = String(drawn);
document.body.dataset.fitsWidth = String(!(document.documentElement.scrollWidth > window.innerWidth));
)JS";

constexpr const char* kStoryStyle =
    "<style>.story{display:flex;gap:12px;align-items:flex-start}.story .pics{flex:0 0 590px}"
    ".story pre{flex:1;min-width:0;max-height:1500px;overflow:auto;white-space:pre-wrap;font-size:12.5px;"
    "margin:0;border:1px solid #ccc;padding:6px}</style>\n";

}  // namespace

std::string build_story_page(const Scenario& sc, const ExplainOptions& opt,
                             const std::filesystem::path& chart_js) {
  const ExplainTrace tr = explain_trace(sc, opt);
  const std::string narrative = explain_text(sc, opt);
  std::string h =
      page_head("One run's story: " + sc.name + ", replicate " + std::to_string(opt.run), chart_js);
  h += kStoryStyle;
  h += "<p>" + html_escape(sc.description) + "<br>\n<span class=\"meta\">Replicate " +
       std::to_string(opt.run) + " of the batch with seed " + std::to_string(opt.seed) + ", " +
       std::to_string(sc.run.citizens) + " citizens, " +
       (tr.dates.empty() ? std::string() : tr.dates.front() + " to " + tr.dates.back()) +
       ". Dashed lines: scripted events, numbered as in the list below. The narrative (right) is the text "
       "of <code>multivector explain</code> for the same replicate.</span></p>\n";
  h += "<div class=\"story\"><div class=\"pics\">\n<canvas id=\"alignment\" width=\"590\" "
       "height=\"300\"></canvas>\n"
       "<canvas id=\"moves\" width=\"590\" height=\"200\"></canvas>\n";
  for (size_t i = 0; i < std::size(kOthers); ++i)
    h += "<canvas data-series=\"" + std::to_string(i) + "\" width=\"590\" height=\"220\"></canvas>\n";
  h += "</div>\n<pre>" + html_escape(narrative) + "</pre></div>\n";
  h += "<h2>Scripted events</h2>\n";
  if (tr.events.empty())
    h += "<p>None in these months.</p>\n";
  else {
    h += "<table class=\"left\"><tr><th>#</th><th>month</th><th>event</th></tr>\n";
    for (size_t n = 0; n < tr.events.size(); ++n)
      h += "<tr><td>" + std::to_string(n + 1) + "</td><td>" + tr.dates[tr.events[n].month] + "</td><td>" +
           html_escape(tr.events[n].what) + "</td></tr>\n";
    h += "</table>\n";
  }
  ordered_json data;
  data["dates"] = tr.dates;
  for (Series s : kAlignment) data["alignment"].push_back(series_json(tr, s));
  for (Series s : kOthers) data["others"].push_back(series_json(tr, s));
  for (int pw = 0; pw < kNumPowers; ++pw) data["powers"].push_back(std::string(kActorNames[pw]));
  data["events"] = ordered_json::array();
  for (const auto& e : tr.events) data["events"].push_back({{"month", e.month}, {"what", e.what}});
  data["moves"] = ordered_json::array();
  for (const auto& m : tr.moves)
    data["moves"].push_back({{"month", m.month}, {"who", m.who}, {"what", m.what}});
  return h + page_tail(data, kStoryJs);
}

}  // namespace mv
