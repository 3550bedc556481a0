#pragma once
// Docking (Axtell, Axelrod, Epstein & Cohen 1996): the classic submodels the composed model
// builds on, run alone with their original papers' parameters, so their published results can
// be checked. Each submodel declares its parameters once; the CLI and the tests read them.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/rng.h"

namespace mv::dock {

struct DockParam {
  std::string name;
  double default_value;
  double lower, upper;
  std::string description;
  bool integer = false;  // a count, size or switch: whole numbers only
};

using Values = std::map<std::string, double>;
/// Named outputs of one replicate, in column order.
using Row = std::vector<std::pair<std::string, double>>;

struct Submodel {
  std::string name;
  std::string description;
  std::string reference;
  std::vector<DockParam> params;
  std::function<Row(const Values&, Rng&)> run;
};

/// granovetter, deffuant, epstein, logit.
const std::vector<Submodel>& submodels();
const Submodel* find_submodel(const std::string& name);

/// Defaults overridden by `given`. @throws UsageError for unknown names or out-of-range values.
Values resolve(const Submodel& m, const std::map<std::string, double>& given);

// The submodels as functions, for tests.
/// Granovetter (1978): share that ends up participating, thresholds ~ N(mean, sd) over n agents.
double granovetter_cascade(int n, double mean, double sd, Rng& rng);
/// Deffuant et al. (2000): number of opinion clusters (and major clusters >= 5% of agents).
struct Clusters {
  int all, major;
};
Clusters deffuant_clusters(int n, double eps, double mu, int64_t meetings, Rng& rng);

struct EpsteinParams {
  int width = 40, height = 40;
  double citizen_density = 0.7, cop_density = 0.074;
  int vision = 7;
  bool moore = false;
  int ratio_rounding =
      0;  // C/A in the arrest probability: 0 as is (Epstein 2002), 1 floor (NetLogo), 2 round (Mesa)  //
          // false: north/south/east/west lines (Epstein 2002); true: square (NetLogo, Mesa)
  double legitimacy = 0.8, threshold = 0.1, k = 2.3;
  int max_jail = 1000;
  int ticks = 500;
  int burst_level = 20;  // active citizens at or above which a tick belongs to an outburst
};
struct EpsteinResult {
  int bursts;
  double peak_active, mean_active, median_active, final_jailed;
  std::vector<int> active_series;
};
/// The sites an agent on `cell` of a width x height torus sees: the lattice lines north, south,
/// east and west up to `vision` away (Epstein 2002), or the whole square (moore). Each site
/// once and never `cell` itself, also when vision reaches around the torus.
void epstein_neighbourhood(int cell, int width, int height, int vision, bool moore, std::vector<int>& out);
/// Epstein (2002) Model I: citizens and cops on a torus.
EpsteinResult epstein_civil_violence(const EpsteinParams& p, Rng& rng);

}  // namespace mv::dock
