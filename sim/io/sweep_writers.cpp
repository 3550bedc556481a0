#include "io/sweep_writers.h"

#include "io/writers.h"
#include "stats/summary.h"

namespace mv {

std::string points_csv_header(const SweepPlan& plan) {
  std::string s = "point";
  for (Param p : plan.factors) s += "," + std::string(spec(p).name);
  s += ",replicates";
  for (const auto& o : kOutcomes)
    for (const char* stat : kPointStats) s += "," + std::string(o.name) + "_" + stat;
  return s + "\r\n";
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

std::string replicates_csv_header(const SweepPlan& plan) {
  std::string s = "point,replicate,seed";
  for (Param p : plan.sampled) s += "," + std::string(spec(p).name);
  for (const auto& o : kOutcomes) s += "," + std::string(o.name);
  return s + "\r\n";
}

std::string replicates_csv_rows(const SweepPlan& plan, const PointResult& p) {
  std::string s;
  const size_t np = plan.sampled.size();
  for (size_t r = 0; r < p.outcomes.size(); ++r) {
    s += std::to_string(p.point) + "," + std::to_string(r) + "," + std::to_string(p.seeds[r]);
    for (size_t k = 0; k < np; ++k) s += "," + csv_number(p.params[r * np + k]);
    for (double v : p.outcomes[r]) s += "," + csv_number(v);
    s += "\r\n";
  }
  return s;
}

}  // namespace mv
