#pragma once
// Docking (Axtell, Axelrod, Epstein & Cohen 1996): the classic submodels the composed model
// builds on, run alone with their original papers' parameters, so their published results can
// be checked. Each submodel declares its parameters once; the CLI and the tests read them.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
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
  /// A switch between rules: the name of each value 0, 1, ... (the command line takes either).
  std::vector<std::string> choices = {};
};

/// A named configuration: parameter values that reproduce one published implementation.
struct Preset {
  std::string name;
  std::string description;
  std::map<std::string, double> values;  // the rest keep their defaults
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
  std::vector<Preset> presets = {};
};

/// granovetter, deffuant, epstein, logit.
const std::vector<Submodel>& submodels();
const Submodel* find_submodel(const std::string& name);

/// Defaults, overridden by the preset named `preset` (if not empty), overridden by `given`.
/// @throws UsageError for unknown names (with the closest match) or out-of-range values.
Values resolve(const Submodel& m, const std::map<std::string, double>& given, const std::string& preset = "");
/// The value of switch `p` named `name` (its index in p.choices). @throws UsageError if none.
double choice_value(const DockParam& p, const std::string& name);

// The submodels as functions, for tests.
/// Granovetter (1978): share that ends up participating, thresholds ~ N(mean, sd) over n agents.
double granovetter_cascade(int n, double mean, double sd, Rng& rng);
/// Deffuant et al. (2000): number of opinion clusters (and major clusters >= 5% of agents).
struct Clusters {
  int all, major;
};
/// How agents meet: independent random pairs, applied one after another (Deffuant et al. 2000),
/// or the citizen population's monthly matching (rules::for_each_matching_run): rounds of
/// floor(n/2) disjoint pairs, `meetings` rounded down to whole rounds.
enum class Contacts : int { random_pairs, matching };
Clusters deffuant_clusters(int n, double eps, double mu, int64_t meetings, Rng& rng,
                           Contacts contacts = Contacts::random_pairs);

// Rules in which implementations of Epstein's Model I differ (docs/model.md 7.15).
/// The sites an agent sees within `vision`: the lattice lines north, south, east and west
/// (Epstein 2002), the square (Moore), the diamond |dx| + |dy| <= vision (Mesa's von Neumann
/// neighbourhood) or the disc dx^2 + dy^2 <= vision^2 with the agent's own site (NetLogo's
/// `in-radius`).
enum class Vision : int { lines, square, diamond, disc };
/// C/A in the arrest probability: as is (Epstein 2002), floored (NetLogo), rounded half to even
/// (Mesa: Python's round).
enum class Ratio : int { exact, floor, half_even };
/// Within an agent's turn: move, then look and act (Epstein 2002, NetLogo), or look, act, then
/// move to a site that was empty when it looked (Mesa).
enum class Order : int { move_then_act, act_then_move };
/// Jail: off the grid, term 1..J_max counted down at the prisoner's turn, released onto a random
/// empty site (`off_grid`); on its own site, which stays occupied, term 0..J_max, a turn skipped
/// per tick of the term (`holds_site`, Mesa); on its own site, which others may enter, term
/// 0..J_max-1 counted down after every tick (`on_site`, NetLogo).
enum class Jail : int { off_grid, holds_site, on_site };
/// Setup: exactly round(density x sites) cops and citizens on random sites (Epstein 2002,
/// NetLogo), or each site independently a citizen, a cop or empty with those probabilities (Mesa).
enum class Placement : int { exact, per_site };

struct EpsteinParams {
  int width = 40, height = 40;
  double citizen_density = 0.7, cop_density = 0.074;
  int vision = 7;
  Vision neighbourhood = Vision::lines;
  Ratio ratio_rounding = Ratio::exact;
  Order order = Order::move_then_act;
  Jail jail = Jail::off_grid;
  bool cop_follows = true;  // the arresting cop steps onto the arrestee's site
  Placement placement = Placement::exact;
  double legitimacy = 0.8, threshold = 0.1, k = 2.3;
  int max_jail = 1000;
  int ticks = 500;
  int burst_level = 20;  // active citizens at or above which a tick belongs to an outburst
  /// false: read every site through the list of offsets, never the byte grid (the same results,
  /// slower; for the test that checks they are the same).
  bool fast_path = true;
};
struct EpsteinResult {
  int bursts;
  double peak_active, mean_active, median_active, final_jailed;
  double mean_jailed_share;  // citizens in jail over all citizens, averaged over ticks
  std::vector<int> active_series;
};
/// Python's round(): to the nearest integer, halves to the even one (round(0.5) = 0, round(2.5) = 2).
double round_half_even(double x);
/// The arrest probability 1 - exp(-k C/A) with the ratio rounded as `r` says.
double arrest_probability(int cops, int actives, double k, Ratio r);
/// The sites an agent on `cell` of a width x height torus sees (see Vision). Each site once, also
/// when vision reaches around the torus; `cell` itself only for the disc.
void epstein_neighbourhood(int cell, int width, int height, int vision, Vision shape, std::vector<int>& out);
/// Model I a tick at a time: the state between ticks, for tests.
class EpsteinRun {
 public:
  /// Places the agents (draws from `rng`, which must outlive the run).
  EpsteinRun(const EpsteinParams& p, Rng& rng);
  ~EpsteinRun();
  EpsteinRun(const EpsteinRun&) = delete;
  EpsteinRun& operator=(const EpsteinRun&) = delete;
  /// Every agent's turn in a freshly shuffled order, then (NetLogo) the jail terms counted down.
  void tick();
  int agents() const;
  int citizens() const;
  int active() const;
  int jailed() const;
  /// Jailed citizens that stand on a site of the grid.
  int jailed_on_grid() const;
  /// Sites an agent could not move to.
  int blocked_sites() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  EpsteinParams p_;
};
/// Epstein (2002) Model I: citizens and cops on a torus, with the rules of `p`.
EpsteinResult epstein_civil_violence(const EpsteinParams& p, Rng& rng);
/// The parameters of a resolved `dock epstein` configuration.
EpsteinParams epstein_params(const Values& v);

}  // namespace mv::dock
