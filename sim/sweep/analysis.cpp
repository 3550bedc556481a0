#include "sweep/analysis.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

#include "core/rng.h"
#include "core/suggest.h"
#include "engine/batch.h"
#include "io/csv_read.h"
#include "io/writers.h"
#include "model/model.h"
#include "stats/sensitivity.h"

namespace mv {

namespace fs = std::filesystem;

namespace {

constexpr uint64_t kBootstrapStream = 0x626f'6f74'7374ULL;  // "bootst"

double parse_cell(const std::string& text, const fs::path& file, int64_t line) {
  double x = 0;
  if (!parse_csv_number(text, x))
    throw InputError({file.string(), static_cast<int>(line), 0}, "'" + text + "' is not a number",
                     "points.csv as written by 'multivector sweep'");
  return x;
}

}  // namespace

SensitivityReport sensitivity_from_points(const Sweep& sw, const fs::path& file, NanPolicy policy,
                                          int bootstrap, const fs::path& shown_as,
                                          const std::atomic<bool>* cancel) {
  const fs::path& points_csv = shown_as.empty() ? file : shown_as;
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw InputError({points_csv.string()}, "cannot open points.csv", "the output directory of a sweep");
  std::string line;
  std::getline(in, line);
  const auto header = split_csv_line(line);
  // Columns holding each outcome's mean over the point's replicates.
  std::vector<size_t> mean_col(kNumOutcomes);
  for (int k = 0; k < kNumOutcomes; ++k) {
    const std::string want = std::string(kOutcomes[k].name) + "_mean";
    auto it = std::find(header.begin(), header.end(), want);
    if (it == header.end())
      throw InputError({points_csv.string(), 1, 0}, "no column '" + want + "'",
                       "points.csv as written by 'multivector sweep'");
    mean_col[k] = static_cast<size_t>(it - header.begin());
  }
  const int64_t P = sw.points();
  std::vector<std::vector<double>> y(kNumOutcomes, std::vector<double>(static_cast<size_t>(P)));
  int64_t rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    const auto cells = split_csv_line(line);
    if (rows >= P || cells.size() != header.size())
      throw InputError({points_csv.string(), static_cast<int>(rows + 2), 0},
                       rows >= P ? "more rows than the sweep's " + std::to_string(P) + " design points"
                                 : "row has " + std::to_string(cells.size()) + " fields, header has " +
                                       std::to_string(header.size()),
                       "points.csv as written by 'multivector sweep'");
    if (parse_cell(cells[0], points_csv, rows + 2) != static_cast<double>(rows))
      throw InputError({points_csv.string(), static_cast<int>(rows + 2), 0},
                       "row for point " + cells[0] + " where point " + std::to_string(rows) + " was expected",
                       "one row per design point, in order");
    for (int k = 0; k < kNumOutcomes; ++k)
      y[k][static_cast<size_t>(rows)] = parse_cell(cells[mean_col[k]], points_csv, rows + 2);
    ++rows;
  }
  if (rows != P)
    throw InputError({points_csv.string()},
                     "has " + std::to_string(rows) + " design points, the sweep has " + std::to_string(P),
                     "a complete sweep (merge every shard first)");

  const SweepDesign d = build_design(sw);
  const int k = static_cast<int>(sw.factors.size());
  SensitivityReport rep;
  std::string& s = rep.csv;
  s = "outcome,factor,method,statistic,estimate,ci95_low,ci95_high,n_used,n_dropped\r\n";
  for (int o = 0; o < kNumOutcomes; ++o) {
    if (cancel && cancel->load()) throw Interrupted();
    const std::string oname(kOutcomes[o].name);
    if (policy == NanPolicy::error)
      for (int64_t i = 0; i < P; ++i)
        if (std::isnan(y[o][static_cast<size_t>(i)]))
          throw InputError(
              {points_csv.string(), static_cast<int>(i + 2), 0},
              "outcome '" + oname + "' is undefined (NaN) at design point " + std::to_string(i) +
                  " and nan_policy is \"error\"",
              "every outcome defined, or nan_policy = \"drop\" to leave such rows out and count them");
    int64_t dropped = 0, used = 0;
    auto row = [&](const std::string& factor, const char* method, const char* statistic, double est, double lo,
                   double hi, int64_t n_used, int64_t n_dropped) {
      s += oname + "," + factor + "," + method + "," + statistic + "," + csv_number(est) + "," + csv_number(lo) +
           "," + csv_number(hi) + "," + std::to_string(n_used) + "," + std::to_string(n_dropped) + "\r\n";
    };
    if (sw.design == DesignKind::sobol) {
      const auto r = sensitivity::sobol(y[o], static_cast<int>(sw.samples), k, bootstrap,
                                        mix64(sw.seed ^ mix64(kBootstrapStream + static_cast<uint64_t>(o))), 0.95,
                                        sw.second_order);
      dropped = r.rows_dropped;
      used = r.rows_used;
      for (int j = 0; j < k; ++j) {
        const std::string f(spec(sw.factors[j].param).name);
        row(f, "sobol", "S1", r.first_order[j].estimate, r.first_order[j].low, r.first_order[j].high, used,
            dropped);
        row(f, "sobol", "ST", r.total_order[j].estimate, r.total_order[j].low, r.total_order[j].high, used,
            dropped);
      }
      // Second-order indices: one row per pair, the factor column naming both as "a:b".
      for (int i = 0; i < k && sw.second_order; ++i)
        for (int j = i + 1; j < k; ++j) {
          const auto& iv = r.second_order[sensitivity::pair_index(i, j, k)];
          row(std::string(spec(sw.factors[i].param).name) + ":" + std::string(spec(sw.factors[j].param).name),
              "sobol", "S2", iv.estimate, iv.low, iv.high, used, dropped);
        }
    } else if (sw.design == DesignKind::morris) {
      const auto r = sensitivity::morris(y[o], d.morris, bootstrap,
                                         mix64(sw.seed ^ mix64(kBootstrapStream + static_cast<uint64_t>(o))));
      const double nan = std::numeric_limits<double>::quiet_NaN();
      for (int j = 0; j < k; ++j) {
        const std::string f(spec(sw.factors[j].param).name);
        dropped += r[j].effects_dropped;
        row(f, "morris", "mu", r[j].mu, nan, nan, r[j].effects_used, r[j].effects_dropped);
        row(f, "morris", "mu_star", r[j].mu_star, r[j].mu_star_low, r[j].mu_star_high, r[j].effects_used,
            r[j].effects_dropped);
        row(f, "morris", "sigma", r[j].sigma, nan, nan, r[j].effects_used, r[j].effects_dropped);
      }
    }
    if (dropped > 0) {
      rep.dropped_total += dropped;
      rep.warnings.push_back(
          "outcome '" + oname + "': " + std::to_string(dropped) +
          (sw.design == DesignKind::sobol ? " Saltelli base rows" : " elementary effects") +
          " left out because an outcome was undefined (nan_policy = \"drop\")");
    }
  }
  return rep;
}

std::string sensitivity_ranking(const std::string& csv, const std::string& outcome) {
  struct Entry {
    std::string factor;
    double key = 0, key_low = 0, key_high = 0, other = 0;
  };
  std::vector<Entry> entries;
  std::vector<std::string> outcomes;
  bool sobol = true;
  auto find = [&](const std::string& f) -> Entry& {
    for (auto& e : entries)
      if (e.factor == f) return e;
    entries.push_back({f});
    return entries.back();
  };
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const auto c = split_csv_line(line);
    if (c.size() < 9 || c[3] == "S2") continue;  // pairs are not ranked
    if (std::find(outcomes.begin(), outcomes.end(), c[0]) == outcomes.end()) outcomes.push_back(c[0]);
    if (c[0] != outcome) continue;
    double est = 0, lo = 0, hi = 0;
    parse_csv_number(c[4], est);
    parse_csv_number(c[5], lo);
    parse_csv_number(c[6], hi);
    Entry& e = find(c[1]);
    sobol = c[2] == "sobol";
    if (c[3] == "ST" || c[3] == "mu_star") {
      e.key = est;
      e.key_low = lo;
      e.key_high = hi;
    } else if (c[3] == "S1" || c[3] == "sigma") {
      e.other = est;
    }
  }
  if (entries.empty()) {
    const std::string hint = closest_match(outcome, outcomes);
    throw UsageError("unknown outcome '" + outcome + "' for --rank; expected one of " + join(outcomes) +
                     (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    const double ka = std::isnan(a.key) ? -1 : a.key, kb = std::isnan(b.key) ? -1 : b.key;
    return ka > kb;
  });
  size_t width = 6;
  for (const auto& e : entries) width = std::max(width, e.factor.size());
  auto fixed = [](double x) {
    if (std::isnan(x)) return std::string("NaN");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", x);
    return std::string(buf);
  };
  std::string out = outcome + (sobol ? ": factors by total-order Sobol' index (95% bootstrap interval)\n"
                                     : ": factors by Morris mu* (95% bootstrap interval; sigma: interactions or "
                                       "non-linearity)\n");
  out += "rank  " + std::string("factor") + std::string(width - 6 + 2, ' ') +
         (sobol ? "ST      interval          S1\n" : "mu*     interval          sigma\n");
  int rank = 0;
  for (const auto& e : entries) {
    char rank_text[16];
    std::snprintf(rank_text, sizeof rank_text, "%-4d  ", ++rank);
    out += rank_text + e.factor + std::string(width - e.factor.size() + 2, ' ') + fixed(e.key) + "   ";
    out += "[" + fixed(e.key_low) + ", " + fixed(e.key_high) + "]   ";
    out += fixed(e.other) + "\n";
  }
  return out;
}

}  // namespace mv
