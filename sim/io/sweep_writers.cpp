#include "io/sweep_writers.h"

#include <fstream>

#include "core/error.h"
#include "io/csv_read.h"
#include "io/output_dir.h"
#include "io/writers.h"
#include "stats/summary.h"

namespace mv {

std::vector<std::string> points_csv_columns(const SweepPlan& plan) {
  std::vector<std::string> c = {"point"};
  for (Param p : plan.factors) c.emplace_back(spec(p).name);
  c.emplace_back("replicates");
  for (const auto& o : kOutcomes)
    for (const char* stat : kPointStats) c.push_back(std::string(o.name) + "_" + stat);
  return c;
}

std::vector<std::string> replicates_csv_columns() {
  std::vector<std::string> c = {"point", "replicate"};
  const auto runs = runs_csv_columns();  // run, seed, scenario, lens, parameters, outcomes
  c.insert(c.end(), runs.begin() + 1, runs.end());
  return c;
}

std::vector<std::string> points_long_csv_columns(const SweepPlan& plan) {
  std::vector<std::string> c = {"point"};
  for (Param p : plan.factors) c.emplace_back(spec(p).name);
  for (const char* name : {"outcome", "statistic", "value"}) c.emplace_back(name);
  return c;
}

std::string points_csv_header(const SweepPlan& plan) {
  return csv_header(points_csv_columns(plan));
}

std::string points_csv_row(const SweepPlan& plan, const PointResult& p) {
  std::string s = std::to_string(p.point);
  for (size_t j = 0; j < plan.factors.size(); ++j)
    s += "," + csv_number((*plan.values)(p.point, static_cast<Eigen::Index>(j)));
  s += "," + std::to_string(p.outcomes.size());
  std::vector<double> values(p.outcomes.size());
  for (int k = 0; k < kNumOutcomes; ++k) {
    for (size_t r = 0; r < p.outcomes.size(); ++r) values[r] = p.outcomes[r][k];
    const Summary sm = summarize(values);
    // kSummaryQuantiles: 0.05, 0.25, 0.50, 0.75, 0.95
    s += "," + std::to_string(sm.n) + "," + csv_number(sm.mean) + "," + csv_number(sm.sd) + "," +
         csv_number(sm.q[0]) + "," + csv_number(sm.q[2]) + "," + csv_number(sm.q[4]);
  }
  return s + "\r\n";
}

std::string points_long_csv_rows(const std::vector<std::string>& fields, size_t factors) {
  static_assert(std::size(kPointStats) == 6);
  std::string lead = fields[0];
  for (size_t j = 0; j < factors; ++j) lead += "," + fields[1 + j];
  std::string s;
  size_t c = 2 + factors;
  for (const auto& o : kOutcomes)
    for (const char* stat : kPointStats) s += lead + "," + std::string(o.name) + "," + stat + "," + fields[c++] + "\r\n";
  return s;
}

void write_points_long(const std::filesystem::path& points, const std::filesystem::path& out, const SweepPlan& plan) {
  std::ifstream in(points, std::ios::binary);
  if (!in) throw InputError({points.string()}, "cannot read the file", "the points.csv of this sweep");
  const std::string header = points_csv_header(plan);
  const size_t width = points_csv_columns(plan).size(), factors = plan.factors.size();
  std::error_code ec;
  std::filesystem::remove(out, ec);  // a resumed sweep writes it anew
  AppendFile o(out);
  o.write(csv_header(points_long_csv_columns(plan)));
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line_no == 1) {
      if (line + "\n" != header)
        throw InputError({points.string(), 1}, "a header that is not this sweep's", "points.csv written by this sweep");
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto fields = split_csv_line(line);
    if (fields.size() != width)
      throw InputError({points.string(), line_no}, "a row of " + std::to_string(fields.size()) + " fields",
                       std::to_string(width) + " fields, as in its header");
    o.write(points_long_csv_rows(fields, factors));
  }
  o.close();
}

std::string replicates_csv_header(const SweepPlan&) {
  return csv_header(replicates_csv_columns());
}

std::string replicates_csv_rows(const SweepPlan& plan, const PointResult& p) {
  std::string s;
  const ScenarioLabel label = scenario_label(*plan.scenario);
  const std::string identity = csv_field(label.scenario) + "," + csv_field(label.lens);
  constexpr size_t np = kNumParams;
  for (size_t r = 0; r < p.outcomes.size(); ++r) {
    s += std::to_string(p.point) + "," + std::to_string(r) + "," + std::to_string(p.seeds[r]) + "," + identity;
    for (size_t k = 0; k < np; ++k) s += "," + csv_number(p.params[r * np + k]);
    for (double v : p.outcomes[r]) s += "," + csv_number(v);
    s += "\r\n";
  }
  return s;
}

}  // namespace mv
