#pragma once
// The model's counterpart of an observed variable: which monthly series it is taken from, how a
// replicate's months are reduced to one number (mean, peak, last, count of months, episodes,
// volume), and the scale from the series' unit to the observation's. The level checks, the
// calibration and the out-of-sample validation all read this one table.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "model/model.h"

namespace mv {

/// How one replicate's months within the observed period become one number.
enum class Reduce {
  mean,      // mean of a share or rate
  peak,      // largest monthly value
  last,      // value in the period's last month (a state such as membership)
  months,    // number of months the 0/1 series is on
  episodes,  // number of times the 0/1 series switches on
  volume,    // an annual rate turned into the volume of the months covered (Mt in the period)
};
/// How the replicates' values are summarised against the observation in the level checks.
enum class Across { mean, median };

struct ObservableSpec {
  std::string_view variable;  // as in data/observed (a "_ytd" suffix means January to the period's month)
  Series series;
  Reduce reduce;
  double scale;      // series unit -> observation unit (100 for a share observed in percent)
  Across across;
  double tolerance;  // in the observation's unit; < 0: one citizen's share of the population
  std::string_view description;
};

/// Every observed variable the model has a counterpart for.
const std::vector<ObservableSpec>& observables();
/// The counterpart of `variable` (with or without "_ytd"), or nullptr.
const ObservableSpec* find_observable(std::string_view variable);
/// Names of all observables (for "did you mean").
std::vector<std::string> observable_names();

/// The months [begin, end) of a run starting at `start` that an observation of `variable` over
/// `period` covers: the whole year for "YYYY", January to the month for a "_ytd" variable with
/// "YYYY-MM", that month alone otherwise. Empty if the run does not cover all of them.
struct MonthWindow {
  int begin = 0, end = 0;
  bool empty() const { return end <= begin; }
};
MonthWindow observed_window(std::string_view variable, std::string_view period, YearMonth start, int steps);

/// One replicate's value of the observable over `w`: `at(t)` is the series' value in month t.
template <typename At>
double replicate_value(const ObservableSpec& spec, MonthWindow w, At&& at) {
  double acc = 0;
  const int n = w.end - w.begin;
  for (int t = w.begin; t < w.end; ++t) {
    const double x = at(t);
    switch (spec.reduce) {
      case Reduce::mean:
        acc += x / n;
        break;
      case Reduce::volume:
        acc += x / 12.0;
        break;
      case Reduce::peak:
        acc = t == w.begin ? x : (x > acc ? x : acc);
        break;
      case Reduce::last:
        acc = x;
        break;
      case Reduce::months:
        acc += x > 0.5;
        break;
      case Reduce::episodes: {
        const double before = t > 0 ? at(t - 1) : 0.0;
        acc += x > 0.5 && before < 0.5;
        break;
      }
    }
  }
  return acc * spec.scale;
}

}  // namespace mv
