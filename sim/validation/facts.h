#pragma once
// Pattern-oriented validation (Grimm et al. 2005): each stylized fact of the brief is a
// comparison of two batches that share seeds (common random numbers), judged by the paired
// difference of an outcome against a stated margin of three standard errors.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/batch.h"
#include "scenario/scenario.h"

namespace mv {

struct BatchSummary {
  double mean, p05, p50, p95;
};

struct FactResult {
  int number;
  std::string statement;   // the stylized fact, from the brief
  std::string comparison;  // "A vs B"
  std::string label_a, label_b;
  std::string outcome;  // outcome compared
  int direction;        // +1: B should exceed A; -1: B should fall below A
  BatchSummary a, b;
  double mean_difference;  // mean of (B - A) over paired replicates
  double standard_error;   // of that mean
  bool holds;              // direction * difference > 3 standard errors
};

struct FactOptions {
  int64_t runs = 200;
  int64_t citizens = 1000;
  uint64_t seed = 2022;
  int threads = 2;
  int only = 0;  // evaluate only this fact (1-9); 0 for all
  int64_t level_citizens = 0;  // citizens of the ablation and level batches, for the report's header
};

/// A scripted event of `what` by `who` from `date` (YYYY-MM) at `magnitude` for `months`, placed on
/// `sc`'s timeline (step from its start); add_event inserts it in step order.
Event scripted_event(const Scenario& sc, const char* date, Actor who, Action what, double magnitude, int months);
void add_event(Scenario& sc, Event e);

/// Runs the comparisons for the nine stylized facts (some facts check two outcomes) on top of
/// `baseline`. @throws whatever run_batch throws.
std::vector<FactResult> evaluate_facts(const Scenario& baseline, const FactOptions& options);

/// Markdown report of the results (results/validation.md).
std::string facts_markdown(const std::vector<FactResult>& results, const FactOptions& options,
                           const Scenario& baseline);

}  // namespace mv
