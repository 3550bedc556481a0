#pragma once
// Explaining one replicate: replay replicate K of a batch (same seed, same parameters, same
// random streams, so the same numbers bit for bit as row K of runs.csv) and narrate it month by
// month, naming the IR concept behind each change; or write the full per-step trace as CSV.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace mv {

struct ExplainOptions {
  uint64_t seed = 0;  // the batch's master seed
  int64_t run = 0;    // the replicate (row of runs.csv)
  /// Every month in full; by default only the months in which something happened (an event,
  /// a power's move, a disruption, new capacity, mass unrest, a crisis, an exit or intervention),
  /// with one line a year on where the alignment stands.
  bool verbose = false;
  /// The months narrated, as indices from the run's start (the replay still runs from the start).
  int from = 0, to = 1 << 30;
};

/// Plain-English narrative, one block per month narrated.
std::string explain_text(const Scenario& sc, const ExplainOptions& opt);
/// Full per-step trace, one CSV row per month.
std::string explain_csv(const Scenario& sc, const ExplainOptions& opt);

/// One replicate's months within [from, to] as numbers, for a picture: every time series of the
/// model's series table, the scripted events and the powers' moves (other than doing nothing).
struct ExplainTrace {
  std::vector<std::string> dates;           // YYYY-MM, one per month
  std::vector<std::vector<double>> series;  // [series in kSeries order][month]
  struct Mark {
    int month;         // index into dates
    int who;           // a power (0 Russia .. 3 Turkey) for a move; -1 for a scripted event
    std::string what;  // the move's name, or the event's actor, action and id
  };
  std::vector<Mark> events, moves;
};
ExplainTrace explain_trace(const Scenario& sc, const ExplainOptions& opt);

}  // namespace mv
