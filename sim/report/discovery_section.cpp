#include "report/discovery_section.h"

#include "core/error.h"
#include "report/page.h"

namespace mv {

namespace fs = std::filesystem;
using nlohmann::ordered_json;
using namespace page;

namespace {

constexpr const char* kWrittenByDiscover = "the discovery.json that 'multivector discover' wrote";

std::string number_or_blank(const ordered_json& v) {
  return v.is_number() ? fmt(v.get<double>()) : std::string();
}

std::string p_text(const ordered_json& v) {
  if (!v.is_number()) return "";
  const double p = v.get<double>();
  char buf[32];
  std::snprintf(buf, sizeof buf, p < 1e-3 ? "%.1e" : "%.3f", p);
  return buf;
}

std::string restrictions_html(const ordered_json& j) {
  const auto& rs = j.at("restrictions");
  if (rs.empty()) return "<p>The chosen box restricts no parameter.</p>\n";
  std::string h =
      "<table><tr><th>parameter</th><th class=\"src\">meaning</th><th>unit</th><th>box</th><th>sampled "
      "range</th><th>quasi-p lower</th><th>quasi-p upper</th></tr>\n";
  for (const auto& r : rs)
    h += "<tr><td>" + html_escape(r.at("parameter").get<std::string>()) + "</td><td class=\"src\">" +
         html_escape(r.at("description").get<std::string>()) + "</td><td>" +
         html_escape(r.at("unit").get<std::string>()) + "</td><td>" +
         html_escape(r.at("text").get<std::string>()) + "</td><td>" + number_or_blank(r.at("sampled_min")) +
         " to " + number_or_blank(r.at("sampled_max")) + "</td><td>" + p_text(r.at("qp_lower")) +
         "</td><td>" + p_text(r.at("qp_upper")) + "</td></tr>\n";
  return h + "</table>\n";
}

}  // namespace

std::string discovery_section_html(const fs::path& dir, ordered_json& data) {
  const fs::path file = dir / "discovery.json";
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return "";
  const ordered_json j = ordered_json::parse(slurp(file, kWrittenByDiscover), nullptr, false);
  try {
    if (!j.is_object()) throw InputError({file.string()}, "not valid JSON", kWrittenByDiscover);
    const size_t chosen = j.at("chosen").get<size_t>();
    const auto& trajectory = j.at("trajectory");
    if (chosen >= trajectory.size())
      throw InputError({file.string()},
                       "the chosen box " + std::to_string(chosen) + " is not on the trajectory",
                       kWrittenByDiscover);
    const auto& box = trajectory.at(chosen);
    ordered_json& d = data["discovery"];
    for (const auto& b : trajectory) {
      d["coverage"].push_back(b.at("coverage").get<double>());
      d["density"].push_back(b.at("density").get<double>());
    }
    d["chosen"] = chosen;
    std::string h = "<h2>Scenario discovery: " + html_escape(j.at("rule").get<std::string>()) + "</h2>\n";
    h += "<p>From <code>multivector discover</code> (discovery.json): " +
         std::to_string(j.at("replicates").get<int>()) + " replicates, " +
         std::to_string(j.at("cases_of_interest").get<int>()) +
         " cases of interest. PRIM peels the range of one parameter at a time to find a box of parameter "
         "values where the cases of interest are common. Coverage: the share of all cases of interest inside "
         "the box; density: the share of the box's replicates that are cases of interest. Peeling trades "
         "coverage for density; each point below is one box.</p>\n"
         "<canvas id=\"discovery\" width=\"968\" height=\"360\"></canvas>\n";
    h += "<p><b>Box " + std::to_string(chosen) + "</b> (the larger point): coverage " +
         fmt(box.at("coverage").get<double>()) + ", density " + fmt(box.at("density").get<double>()) + ", " +
         std::to_string(box.at("n").get<int>()) +
         " replicates. A quasi-p-value tests whether restricting that side of the box raises the density by "
         "more than chance would (one-sided binomial test against the box with that side released); a "
         "large one means the restriction may be noise.</p>\n" +
         restrictions_html(j);
    h += "<h3>Classification tree (CART, depth at most " + std::to_string(j.at("cart_depth").get<int>()) +
         ")</h3>\n<p>Each line a rule and the cases of interest among the replicates it holds.</p>\n<pre>" +
         html_escape(j.at("tree").get<std::string>()) + "</pre>\n";
    return h;
  } catch (const nlohmann::json::exception& e) {
    throw InputError({file.string()}, std::string("lacks what the report needs (") + e.what() + ")",
                     kWrittenByDiscover);
  }
}

const char* const kDiscoveryJs = R"JS(
(function () {
  const d = DATA.discovery, canvas = document.getElementById('discovery');
  if (!d || !canvas) return;
  const points = d.coverage.map((c, i) => ({x: c, y: d.density[i]}));
  new Chart(canvas, {type: 'scatter', data: {datasets: [
      {data: points, showLine: true, borderColor: '#1f5fa8', backgroundColor: '#1f5fa8', pointRadius: 2, clip: false},
      {data: [points[d.chosen]], backgroundColor: '#c2410c', pointRadius: 7, clip: false}]},
    options: {animation: false, responsive: false,
      scales: {x: {title: {display: true, text: 'coverage (share of all cases of interest)'}, min: 0, max: 1},
               y: {title: {display: true, text: 'density (share of the box)'}, min: 0, max: 1}},
      plugins: {legend: {display: false}, tooltip: {enabled: false},
        title: {display: true, text: 'PRIM trade-off: coverage against density, the chosen box in orange'}}}});
  drawn++;
  document.body.dataset.chartsDrawn = String(drawn);
})();
)JS";

}  // namespace mv
