#include "discovery/discovery.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "io/csv_read.h"
#include "io/writers.h"
#include "scenario/distribution.h"
#include "scenario/parameters.h"

namespace mv::discovery {

namespace fs = std::filesystem;

namespace {

/// One number through a printf format: the summary's short forms (the CSV keeps full precision).
std::string formatted(const char* format, double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}

std::string short_number(double x) { return formatted("%.4g", x); }
std::string percent(double share) { return formatted("%.1f%%", 100 * share); }

std::string unit_of(const std::string& name) {
  const auto p = parameter_of_column(name);
  return p ? std::string(spec(*p).unit) : std::string();
}

/// A CSV file of the output directory, its rows without the trailing empty line.
struct Table {
  fs::path path;
  std::vector<std::vector<std::string>> rows;  // rows[0] is the header

  static Table read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    Table t{p, parse_csv(ss.str())};
    while (!t.rows.empty() && t.rows.back().size() == 1 && t.rows.back()[0].empty()) t.rows.pop_back();
    if (t.rows.empty()) throw InputError({p.string()}, "empty file", "the header and rows that multivector wrote");
    for (size_t i = 1; i < t.rows.size(); ++i)
      if (t.rows[i].size() != t.rows[0].size())
        throw InputError({p.string(), static_cast<int>(i) + 1},
                         "a row of " + std::to_string(t.rows[i].size()) + " fields under a header of " +
                             std::to_string(t.rows[0].size()));
    return t;
  }
  int column(const std::string& name) const {
    const auto it = std::find(rows[0].begin(), rows[0].end(), name);
    return it == rows[0].end() ? -1 : static_cast<int>(it - rows[0].begin());
  }
  double number(size_t row, int col) const {
    double x = std::nan("");
    const std::string& text = rows[row][col];
    if (!text.empty() && !parse_csv_number(text, x))
      throw InputError({path.string(), static_cast<int>(row) + 1},
                       "'" + text + "' in column '" + rows[0][col] + "' is not a number", "a number or NaN");
    return x;
  }
  /// The columns named after a model parameter.
  std::vector<int> parameter_columns() const {
    std::vector<int> out;
    for (size_t c = 0; c < rows[0].size(); ++c)
      if (parameter_of_column(rows[0][c])) out.push_back(static_cast<int>(c));
    return out;
  }
};

uint8_t is_case(double v, const CaseRule& rule) {
  switch (rule.kind) {
    case CaseRule::Kind::event: return v > 0.5;
    case CaseRule::Kind::above: return v > rule.threshold;
    case CaseRule::Kind::below: return v < rule.threshold;
  }
  return 0;
}

/// Drops the columns that never vary: no box or split can restrict them.
void drop_constant(Replicates& r) {
  Cases kept;
  kept.y = r.cases.y;
  for (int j = 0; j < r.cases.dimensions(); ++j) {
    const auto& col = r.cases.x[j];
    const bool varies = !col.empty() && std::any_of(col.begin(), col.end(), [&](double v) { return v != col[0]; });
    if (!varies) {
      r.constant.push_back(r.cases.names[j]);
      continue;
    }
    kept.names.push_back(r.cases.names[j]);
    kept.x.push_back(col);
  }
  r.cases = std::move(kept);
}

/// "a <= name <= b", "name >= a" or "name <= b" for a restricted dimension.
std::string restriction(const PrimResult& res, const PrimBox& b, int j, const std::string& name,
                        std::string (*num)(double)) {
  const bool lo = res.is_restricted(b, j, false), hi = res.is_restricted(b, j, true);
  if (lo && hi) return num(b.limits.lower[j]) + " <= " + name + " <= " + num(b.limits.upper[j]);
  if (lo) return name + " >= " + num(b.limits.lower[j]);
  return name + " <= " + num(b.limits.upper[j]);
}

std::string p_value(double p) {
  if (std::isnan(p)) return "";
  return formatted(p < 1e-3 ? "%.1e" : "%.3f", p);
}

}  // namespace

std::string CaseRule::describe(const std::string& outcome) const {
  switch (kind) {
    case Kind::event: return "the replicates where " + outcome + " happens";
    case Kind::above: return "the replicates where " + outcome + " > " + format_double(threshold);
    case Kind::below: return "the replicates where " + outcome + " < " + format_double(threshold);
  }
  return {};
}

bool has_replicates(const fs::path& dir) {
  return fs::is_regular_file(dir / "runs.csv") ||
         (fs::is_regular_file(dir / "replicates.csv") && fs::is_regular_file(dir / "points.csv"));
}

Replicates read_replicates(const fs::path& dir, const std::string& outcome, const CaseRule& rule) {
  const bool batch = fs::is_regular_file(dir / "runs.csv");
  if (!batch && fs::is_regular_file(dir / "points.csv") && !fs::is_regular_file(dir / "replicates.csv"))
    throw UsageError("the sweep in '" + dir.string() +
                     "' has no replicates.csv; expected a sweep run with write_replicates = true");
  if (!has_replicates(dir))
    throw UsageError("'" + dir.string() +
                     "' holds neither runs.csv nor replicates.csv; expected the --out directory of "
                     "'multivector run' or of a sweep with write_replicates = true");
  const Table t = Table::read(dir / (batch ? "runs.csv" : "replicates.csv"));
  const int y_col = t.column(outcome);
  if (y_col < 0)
    throw UsageError("'" + t.path.string() + "' has no column '" + outcome + "'; expected an outcome it holds");
  Replicates r;
  r.source = t.path.string();
  const std::vector<int> cols = t.parameter_columns();
  for (int c : cols) r.cases.names.push_back(t.rows[0][c]);
  // A sweep's factors are also in points.csv, between `point` and `replicates`, one row per point.
  std::map<std::string, std::vector<double>> factors;
  int point_col = -1;
  if (!batch) {
    const Table pts = Table::read(dir / "points.csv");
    const int end = pts.column("replicates");
    point_col = t.column("point");
    if (pts.column("point") != 0 || end < 1 || point_col < 0)
      throw InputError({pts.path.string(), 1}, "a header that is not a sweep's",
                       "point, the factors, replicates, ... in points.csv and a point column in replicates.csv");
    // replicates.csv holds every parameter, factors included; only an older one lacks them.
    std::vector<int> joined;
    for (int c = 1; c < end; ++c) {
      const auto p = find_param(pts.rows[0][c]);
      if (!p || t.column(parameter_column(*p)) < 0) joined.push_back(c);
    }
    for (int c : joined) r.cases.names.push_back(pts.rows[0][c]);
    for (size_t i = 1; i < pts.rows.size(); ++i)
      for (int c : joined) factors[pts.rows[i][0]].push_back(pts.number(i, c));
    r.source += " with the factors of " + pts.path.string();
  }
  r.cases.x.resize(r.cases.names.size());
  for (size_t i = 1; i < t.rows.size(); ++i) {
    const double v = t.number(i, y_col);
    if (std::isnan(v)) {
      ++r.undefined;
      continue;
    }
    r.cases.y.push_back(is_case(v, rule));
    for (size_t m = 0; m < cols.size(); ++m) r.cases.x[m].push_back(t.number(i, cols[m]));
    if (!factors.empty()) {
      const auto it = factors.find(t.rows[i][point_col]);
      if (it == factors.end())
        throw InputError({t.path.string(), static_cast<int>(i) + 1},
                         "point '" + t.rows[i][point_col] + "' is not in points.csv", "a point of points.csv");
      for (size_t m = 0; m < it->second.size(); ++m) r.cases.x[cols.size() + m].push_back(it->second[m]);
    }
  }
  drop_constant(r);
  return r;
}

std::string trajectory_csv(const Cases& cases, const PrimResult& result) {
  std::string s = "box,phase,coverage,density,mass,n,cases_of_interest,restricted_dims,restrictions\r\n";
  for (size_t b = 0; b < result.boxes.size(); ++b) {
    const PrimBox& box = result.boxes[b];
    std::vector<std::string> parts;
    for (int j = 0; j < cases.dimensions(); ++j)
      if (result.is_restricted(box, j, false) || result.is_restricted(box, j, true))
        parts.push_back(restriction(result, box, j, cases.names[j], format_double));
    std::string joined;
    for (const auto& p : parts) joined += (joined.empty() ? "" : "; ") + p;
    s += std::to_string(b) + "," + (b == 0 ? "all" : box.pasted ? "paste" : "peel") + "," +
         format_double(box.coverage) + "," + format_double(box.density) + "," + format_double(box.mass) + "," +
         std::to_string(box.n) + "," + std::to_string(box.k) + "," + std::to_string(box.restricted) + "," +
         csv_field(joined) + "\r\n";
  }
  return s;
}

std::string tree_text(const Cases& cases, const CartTree& tree) {
  std::string s;
  auto counts = [](const CartNode& n) {
    return std::to_string(n.k) + " of " + std::to_string(n.n) + " (" + percent(n.n ? double(n.k) / n.n : 0) + ")";
  };
  auto visit = [&](auto&& self, int at, const std::string& condition) -> void {
    const CartNode& n = tree.nodes[at];
    s += std::string(2 + 2 * n.depth, ' ') + condition + ": " + counts(n) + "\n";
    if (n.dimension < 0) return;
    const std::string& name = cases.names[n.dimension];
    const std::string unit = unit_of(name);
    const std::string t = short_number(n.threshold) + (unit.empty() ? "" : " " + unit);
    self(self, n.left, name + " <= " + t);
    self(self, n.right, name + " > " + t);
  };
  if (!tree.nodes.empty()) visit(visit, 0, "all replicates");
  return s;
}

std::string summary_text(const Replicates& reps, const std::string& outcome, const CaseRule& rule,
                         const PrimResult& result, int chosen, const CartTree& tree,
                         const CartOptions& cart_options) {
  const Cases& c = reps.cases;
  const PrimBox& all = result.boxes.front();
  std::ostringstream os;
  os << "Scenario discovery: " << rule.describe(outcome) << "\n"
     << "  read " << reps.source << ": " << c.size() << " replicates, " << all.k << " cases of interest ("
     << percent(all.density) << "), " << c.dimensions() << " varying parameters";
  if (reps.undefined) os << "; " << reps.undefined << " replicates left out (" << outcome << " undefined)";
  os << "\n\nPRIM (Friedman & Fisher 1999; peeling and pasting alpha 0.05, minimum mass 0.05): "
     << result.boxes.size() << " boxes on the peeling trajectory\n"
     << "  box  coverage  density   mass  restricted\n";
  // The trade-off curve in brief: about a dozen boxes, always the last and the chosen one.
  const size_t n = result.boxes.size(), step = std::max<size_t>(1, n / 12);
  for (size_t b = 0; b < n; ++b) {
    if (b % step != 0 && b + 1 != n && static_cast<int>(b) != chosen) continue;
    const PrimBox& box = result.boxes[b];
    char line[96];
    std::snprintf(line, sizeof line, "  %3zu  %8.3f  %7.3f  %5.3f  %10d%s\n", b, box.coverage, box.density, box.mass,
                  box.restricted, box.pasted ? "  (pasted)" : "");
    os << line;
  }
  const PrimBox& box = result.boxes[chosen];
  os << "\nBox " << chosen << (chosen + 1 == static_cast<int>(n) ? " (the last on the trajectory)" : "") << ": "
     << box.k << " of the " << all.k << " cases of interest (coverage " << short_number(box.coverage)
     << ") in " << box.n << " replicates (density " << short_number(box.density) << ", mass "
     << short_number(box.mass) << ")\n";
  if (box.restricted == 0) os << "  no restriction\n";
  for (int j = 0; j < c.dimensions(); ++j) {
    if (!result.is_restricted(box, j, false) && !result.is_restricted(box, j, true)) continue;
    const std::string& name = c.names[j];
    const std::string unit = unit_of(name);
    os << "  " << restriction(result, box, j, name, short_number) << (unit.empty() ? "" : " " + unit)
       << "   (sampled " << short_number(result.all.lower[j]) << " to " << short_number(result.all.upper[j])
       << "; quasi-p";
    if (result.is_restricted(box, j, false)) os << " lower " << p_value(box.qp_lower[j]);
    if (result.is_restricted(box, j, true)) os << " upper " << p_value(box.qp_upper[j]);
    os << ")\n";
    if (const auto p = parameter_of_column(name)) os << "      " << spec(*p).description << "\n";
  }
  os << "\nCART (Breiman et al. 1984; Gini, depth <= " << cart_options.max_depth << ", leaves of at least "
     << percent(cart_options.mass_min) << " of the replicates): cases of interest of replicates\n"
     << tree_text(c, tree);
  return os.str();
}

std::string result_json(const Replicates& reps, const std::string& outcome, const CaseRule& rule,
                        const PrimResult& result, int chosen, const CartTree& tree,
                        const CartOptions& cart_options) {
  const Cases& c = reps.cases;
  auto num = [](double x) { return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(); };
  nlohmann::ordered_json j;
  j["outcome"] = outcome;
  j["rule"] = rule.describe(outcome);
  j["source"] = reps.source;
  j["replicates"] = c.size();
  j["cases_of_interest"] = result.boxes.front().k;
  j["undefined"] = reps.undefined;
  j["trajectory"] = nlohmann::ordered_json::array();
  for (size_t b = 0; b < result.boxes.size(); ++b) {
    const PrimBox& box = result.boxes[b];
    j["trajectory"].push_back({{"box", b},
                               {"phase", b == 0       ? "all"
                                         : box.pasted ? "paste"
                                                      : "peel"},
                               {"coverage", box.coverage},
                               {"density", box.density},
                               {"mass", box.mass},
                               {"n", box.n},
                               {"cases_of_interest", box.k},
                               {"restricted_dims", box.restricted}});
  }
  j["chosen"] = chosen;
  const PrimBox& box = result.boxes[static_cast<size_t>(chosen)];
  j["restrictions"] = nlohmann::ordered_json::array();
  for (int d = 0; d < c.dimensions(); ++d) {
    const bool lo = result.is_restricted(box, d, false), hi = result.is_restricted(box, d, true);
    if (!lo && !hi) continue;
    const std::string& name = c.names[d];
    const auto p = find_param(name);
    j["restrictions"].push_back({{"parameter", name},
                                 {"description", p ? std::string(spec(*p).description) : std::string()},
                                 {"unit", unit_of(name)},
                                 {"text", restriction(result, box, d, name, short_number)},
                                 {"lower", lo ? num(box.limits.lower[d]) : nlohmann::ordered_json()},
                                 {"upper", hi ? num(box.limits.upper[d]) : nlohmann::ordered_json()},
                                 {"sampled_min", num(result.all.lower[d])},
                                 {"sampled_max", num(result.all.upper[d])},
                                 {"qp_lower", lo ? num(box.qp_lower[d]) : nlohmann::ordered_json()},
                                 {"qp_upper", hi ? num(box.qp_upper[d]) : nlohmann::ordered_json()}});
  }
  j["cart_depth"] = cart_options.max_depth;
  j["cart_mass_min"] = cart_options.mass_min;
  j["tree"] = tree_text(c, tree);
  return j.dump(2) + "\n";
}

}  // namespace mv::discovery
