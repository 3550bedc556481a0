#!/usr/bin/python3
"""A plain-Python stand-in for Mesa 3.1.5's Epstein civil violence example.

Mesa's example (mesa/examples/advanced/epstein_civil_violence in projectmesa/mesa, tag v3.1.5;
[Mesa2025] in docs/sources.md) written again, rule for rule and with its structure, without Mesa
itself, which cannot be installed here (PyPI is not reachable). It is what `multivector dock
epstein --preset mesa` is docked against and what its speed is measured against.

Structure kept from Mesa: one object per agent (Citizen, Cop) with a step() method; one object
per grid cell holding its agents, with each cell's neighbourhood computed once and cached (as
Mesa's Cell._neighborhood is, by functools.cache); a model whose step shuffles all agents and
calls each one's step (AgentSet.shuffle_do("step")), then counts citizens by state (the data
collector's model reporters). Left out: Mesa's AgentSet (weak references), CellCollection,
DataCollector and agent reporters, so real Mesa is slower than this.

Rules kept from Mesa (agents.py, model.py):
  setup     each cell in turn: a citizen with probability citizen_density, else a cop with
            probability cop_density, else empty (random.choices with cum_weights)
  vision    von Neumann neighbourhood of radius 7 on a 40 x 40 torus: |dx| + |dy| <= 7, the
            cell itself excluded (112 cells)
  citizen   if jail_sentence > 0: jail_sentence -= 1 and nothing else; otherwise look around,
            arrest probability 1 - exp(-k * round(C / A)), A counting itself, Python's round
            (halves to even); ACTIVE if grievance - risk_aversion * P > threshold, else QUIET;
            then move to a random cell of the neighbourhood that was empty when it looked
  cop       look around; arrest a random ACTIVE citizen (state ARRESTED, jail_sentence =
            randint(0, max_jail_term)); the arrestee stays on its cell; then move like a citizen
  counts    after each step: citizens ACTIVE, QUIET and ARRESTED

Run:
  /usr/bin/python3 bench/reference/epstein_mesa_style.py --time [--runs 3] [--steps 1000]
      times whole runs of Mesa's default configuration (1,000 steps) and prints
      steps,run,seconds,mean_active,peak_active,mean_jailed_share per run and the median
  /usr/bin/python3 bench/reference/epstein_mesa_style.py --replicates 30 --steps 200 \\
      --legitimacy 0.8 --seed 1
      prints one CSV row per replicate (the reference the dock's test compares with)
"""

import argparse
import math
import random
import statistics
import sys
import time

ACTIVE, QUIET, ARRESTED = 1, 2, 3


class Cell:
    __slots__ = ("coordinate", "agents", "connections", "_cache")

    def __init__(self, coordinate):
        self.coordinate = coordinate
        self.agents = []
        self.connections = []
        self._cache = {}

    @property
    def is_empty(self):
        return len(self.agents) == 0

    def neighborhood(self, radius):
        # Mesa: radius 1 is the cell's connections; radius r the union of the connections'
        # radius r-1 neighbourhoods with themselves; the cell itself removed. Cached per cell and
        # (radius, include_center), as Mesa's functools.cache does.
        return list(self._neighborhood(radius, include_center=False))

    def _neighborhood(self, radius, include_center):
        key = (radius, include_center)
        if key not in self._cache:
            self._cache[key] = self._compute(radius, include_center)
        return self._cache[key]

    def _compute(self, radius, include_center):
        if radius == 1:
            result = dict.fromkeys(self.connections)
        else:
            result = {}
            for neighbor in self.connections:
                result.update(neighbor._neighborhood(radius - 1, include_center=True))
        if include_center:
            result[self] = None
        else:
            result.pop(self, None)
        return result


class VonNeumannTorus:
    def __init__(self, width, height):
        self.cells = [[Cell((x, y)) for y in range(height)] for x in range(width)]
        for x in range(width):
            for y in range(height):
                cell = self.cells[x][y]
                for dx, dy in ((0, -1), (-1, 0), (1, 0), (0, 1)):
                    cell.connections.append(self.cells[(x + dx) % width][(y + dy) % height])

    def all_cells(self):
        for column in self.cells:
            yield from column


class EpsteinAgent:
    def __init__(self, model, vision):
        self.model = model
        self.random = model.random
        self.vision = vision
        self.cell = None

    def move_to(self, cell):
        if self.cell is not None:
            self.cell.agents.remove(self)
        self.cell = cell
        cell.agents.append(self)

    def update_neighbors(self):
        self.neighborhood = self.cell.neighborhood(self.vision)
        self.neighbors = [agent for cell in self.neighborhood for agent in cell.agents]
        self.empty_neighbors = [c for c in self.neighborhood if c.is_empty]

    def move(self):
        if self.model.movement and self.empty_neighbors:
            self.move_to(self.random.choice(self.empty_neighbors))


class Citizen(EpsteinAgent):
    def __init__(self, model, regime_legitimacy, threshold, vision, arrest_prob_constant):
        super().__init__(model, vision)
        self.hardship = self.random.random()
        self.risk_aversion = self.random.random()
        self.regime_legitimacy = regime_legitimacy
        self.threshold = threshold
        self.state = QUIET
        self.jail_sentence = 0
        self.grievance = self.hardship * (1 - self.regime_legitimacy)
        self.arrest_prob_constant = arrest_prob_constant
        self.arrest_probability = None

    def step(self):
        if self.jail_sentence:
            self.jail_sentence -= 1
            return
        self.update_neighbors()
        self.update_estimated_arrest_probability()
        net_risk = self.risk_aversion * self.arrest_probability
        self.state = ACTIVE if self.grievance - net_risk > self.threshold else QUIET
        self.move()

    def update_estimated_arrest_probability(self):
        cops_in_vision = 0
        actives_in_vision = 1  # the citizen counts herself
        for neighbor in self.neighbors:
            if isinstance(neighbor, Cop):
                cops_in_vision += 1
            elif neighbor.state == ACTIVE:
                actives_in_vision += 1
        self.arrest_probability = 1 - math.exp(
            -1 * self.arrest_prob_constant * round(cops_in_vision / actives_in_vision))


class Cop(EpsteinAgent):
    def __init__(self, model, vision, max_jail_term):
        super().__init__(model, vision)
        self.max_jail_term = max_jail_term

    def step(self):
        self.update_neighbors()
        active_neighbors = [a for a in self.neighbors if isinstance(a, Citizen) and a.state == ACTIVE]
        if active_neighbors:
            arrestee = self.random.choice(active_neighbors)
            arrestee.jail_sentence = self.random.randint(0, self.max_jail_term)
            arrestee.state = ARRESTED
        self.move()


class EpsteinCivilViolence:
    def __init__(self, width=40, height=40, citizen_density=0.7, cop_density=0.074, citizen_vision=7,
                 cop_vision=7, legitimacy=0.8, max_jail_term=1000, active_threshold=0.1,
                 arrest_prob_constant=2.3, movement=True, seed=None):
        self.random = random.Random(seed)
        self.movement = movement
        self.grid = VonNeumannTorus(width, height)
        self.agents = []
        for cell in self.grid.all_cells():
            klass = self.random.choices([Citizen, Cop, None],
                                        cum_weights=[citizen_density, citizen_density + cop_density, 1])[0]
            if klass is Cop:
                agent = Cop(self, vision=cop_vision, max_jail_term=max_jail_term)
            elif klass is Citizen:
                agent = Citizen(self, regime_legitimacy=legitimacy, threshold=active_threshold,
                                vision=citizen_vision, arrest_prob_constant=arrest_prob_constant)
            else:
                continue
            agent.move_to(cell)
            self.agents.append(agent)
        self.citizens = [a for a in self.agents if isinstance(a, Citizen)]
        self.series = []  # (active, quiet, arrested) after each step

    def step(self):
        order = list(self.agents)
        self.random.shuffle(order)
        for agent in order:
            agent.step()
        counts = {ACTIVE: 0, QUIET: 0, ARRESTED: 0}
        for citizen in self.citizens:
            counts[citizen.state] += 1
        self.series.append((counts[ACTIVE], counts[QUIET], counts[ARRESTED]))


def summary(model):
    active = [s[0] for s in model.series]
    n = max(1, len(model.citizens))
    return (statistics.fmean(active), max(active), statistics.fmean(s[2] / n for s in model.series))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--time", action="store_true", help="time whole runs and print the median")
    ap.add_argument("--runs", type=int, default=3, help="runs to time (--time)")
    ap.add_argument("--replicates", type=int, default=30, help="replicates to write (without --time)")
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--legitimacy", type=float, default=0.8)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.time:
        times = []
        print("steps,run,seconds,mean_active,peak_active,mean_jailed_share")
        for run in range(args.runs):
            start = time.process_time()
            model = EpsteinCivilViolence(legitimacy=args.legitimacy, seed=args.seed * 1000 + run)
            for _ in range(args.steps):
                model.step()
            seconds = time.process_time() - start
            times.append(seconds)
            mean_active, peak, jailed = summary(model)
            print(f"{args.steps},{run},{seconds:.3f},{mean_active:.4f},{peak},{jailed:.6f}", flush=True)
        print(f"# median {statistics.median(times):.3f} s CPU per run of {args.steps} steps", file=sys.stderr)
        return
    print("replicate,legitimacy,steps,mean_active,peak_active,mean_jailed_share")
    for rep in range(args.replicates):
        model = EpsteinCivilViolence(legitimacy=args.legitimacy, seed=args.seed * 1000 + rep)
        for _ in range(args.steps):
            model.step()
        mean_active, peak, jailed = summary(model)
        print(f"{rep},{args.legitimacy},{args.steps},{mean_active:.6f},{peak},{jailed:.6f}", flush=True)


if __name__ == "__main__":
    main()
