#!/usr/bin/python3
"""Python references of the citizen population's monthly update (sim/model/population.cpp).

Written the way a user of NumPy, or of Mesa, would write the same model, so that the speed of
the C++ update (bench/bench_model.cpp, BM_PopulationStep) can be stated as a ratio against them.

  NumpyPopulation      structure of arrays (NumPy float32), vectorised media, hardship, protest
                       and aggregates. The Deffuant contacts are sequential by nature; two
                       variants (both with exactly the C++ semantics, see _contacts_*):
                         pairing="loop"    a plain Python loop over the n/2 pairs ("numpy")
                         pairing="batched" pairs cut into runs of disjoint pairs, each run
                                           updated with fancy indexing ("numpy-batched")
                         pairing="matching" the C++ model's contacts since commit ad5852c: a
                                           random matching within each region, all pairs
                                           updated at once ("numpy-matching")
                       "numpy" and "numpy-batched" keep the earlier contacts (n/2 independent
                       random pairs, applied in sequence); the C++ update now does the work of
                       "numpy-matching", with which its ratio is like for like.
  MesaStylePopulation  one Python object per citizen, with the model holding the list of agents
                       and calling each agent's step() in a shuffled order, as Mesa's
                       RandomActivation / model.agents.shuffle_do("step") would. Plain Python:
                       Mesa itself is not installed (PyPI is not reachable here).

Same parameter values (ParamValues::defaults()), same initial distributions and the same order of
operations in a step as population.cpp; the random streams differ (numpy.random.default_rng,
random.Random instead of the project's xoshiro256**).

Run:  /usr/bin/python3 bench/reference/population.py [--quick] [--wall] [--check]
Prints the sanity check to stderr, then one CSV line per (implementation, citizens):
  implementation,citizens,steps,median_seconds_per_step,agent_steps_per_second
"""

import argparse
import math
import os
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass

import numpy as np

# --- Parameters ---------------------------------------------------------------------------------
# Defaults of the parameters the population reads, from sim/scenario/parameters.h
# (ParamValues::defaults()). check_defaults() compares them with that file when it is present.
DEFAULTS = {
    "ethnic_russian_share": 0.18,
    "opinion_russia_initial": 0.45,
    "opinion_gap_ethnic": 0.25,
    "opinion_spread": 0.15,
    "hardship_baseline": 0.30,
    "hardship_sensitivity": 2.0,
    "migration_hardship": 3.0,
    "unrest_threshold": 0.35,
    "threshold_sd": 0.08,
    "russian_media_share_ethnic_russian": 0.45,
    "russian_media_share_kazakh": 0.15,
    "propaganda_effect": 0.05,
    "domestic_media_strength": 0.3,
    "coercion_alienation": 0.1,
    "confidence_bound": 0.2,
    "convergence_rate": 0.3,
    "protest_contagion": 0.1,
    "separatism_opinion_cut": 0.8,
}

# Constants of population.cpp (regions: north, south, west, east, capitals).
NUM_REGIONS = 5
NORTH = 0
REGION_SHARE = (0.22, 0.36, 0.15, 0.09, 0.18)
RUSSIAN_SHARE = (0.37, 0.05, 0.06, 0.35, 0.17)
OIL_EXPOSURE = (0.5, 0.5, 2.0, 0.5, 1.0)
MIGRATION_EXPOSURE = (1.5, 0.3, 0.3, 0.5, 2.0)
OIL_INCOME_SHARE = 0.25
DOMESTIC_MEDIA_VIEW = 0.35
SEPARATISM_WIDTH = 0.05


@dataclass
class CitizenInputs:
    """What the state level passes down each month (population.h). Benchmark: propaganda = 0.3."""

    hardship_shift: float = 0.0
    oil_shock: float = 0.0
    migration_shock: float = 0.0
    legitimacy: float = 0.5
    propaganda: float = 0.0
    coercion: float = 0.0
    suppression: float = 0.0
    forced_choice: float = 0.0


@dataclass
class Mechanisms:
    """The three mechanisms the population update tests (all on, as MechanismSet's default)."""

    bounded_confidence: bool = True
    media_influence: bool = True
    collective_action: bool = True


def clamp01(x):
    return min(1.0, max(0.0, x))


def region_starts(n):
    """Region blocks in proportion to REGION_SHARE, rounded half away from zero as std::lround;
    the last region takes the rest."""
    starts, assigned = [], 0
    for r in range(NUM_REGIONS):
        starts.append(assigned)
        assigned = n if r == NUM_REGIONS - 1 else assigned + int(math.floor(REGION_SHARE[r] * n + 0.5))
        assigned = min(assigned, n)
    starts.append(n)
    return starts


def group_means(p):
    """Regional ethnic-Russian shares (scaled so the national share is ethnic_russian_share) and
    the initial mean opinion of each group."""
    weighted = sum(REGION_SHARE[r] * RUSSIAN_SHARE[r] for r in range(NUM_REGIONS))
    scale = p["ethnic_russian_share"] / weighted
    shares = [min(1.0, RUSSIAN_SHARE[r] * scale) for r in range(NUM_REGIONS)]
    o0, gap, eth = p["opinion_russia_initial"], p["opinion_gap_ethnic"], p["ethnic_russian_share"]
    return shares, clamp01(o0 + (1 - eth) * gap), clamp01(o0 - eth * gap)


# --- NumPy: structure of arrays ----------------------------------------------------------------
class NumpyPopulation:
    f32 = np.float32

    def __init__(self, n, seed=42, params=None, pairing="loop"):
        p = dict(DEFAULTS if params is None else params)
        self.p = p
        self.pairing = pairing
        n = max(int(n), 1)
        self.n = n
        self.rng = np.random.default_rng(seed)
        self.start = np.array(region_starts(n), dtype=np.int64)
        self.lens = np.diff(self.start)
        shares, mean_russian, mean_kazakh = group_means(p)

        parts = {k: [] for k in ("eth", "north", "media", "op", "west", "hb", "thr", "oil", "mig")}
        rng = self.rng
        for r in range(NUM_REGIONS):
            m = int(self.lens[r])
            russian = rng.random(m) < shares[r]
            diet = np.where(russian, p["russian_media_share_ethnic_russian"], p["russian_media_share_kazakh"])
            op = np.clip(np.where(russian, mean_russian, mean_kazakh) + p["opinion_spread"] * rng.standard_normal(m),
                         0.0, 1.0).astype(np.float32)
            parts["eth"].append(russian.astype(np.float32))
            parts["north"].append((russian & (r == NORTH)).astype(np.float32))
            parts["media"].append(np.clip(diet + 0.1 * (rng.random(m) - 0.5), 0.0, 1.0))
            parts["op"].append(op)
            # West mirrors Russia loosely, from the float opinion (as the C++ does).
            parts["west"].append(np.clip(1.0 - op.astype(np.float64) + 0.5 * p["opinion_spread"] *
                                         rng.standard_normal(m), 0.0, 1.0))
            parts["hb"].append(p["hardship_baseline"] * (0.5 + rng.random(m)))
            parts["thr"].append(p["unrest_threshold"] + p["threshold_sd"] * rng.standard_normal(m))
            parts["oil"].append(np.full(m, OIL_EXPOSURE[r]))
            parts["mig"].append(np.full(m, MIGRATION_EXPOSURE[r]))
        cat = {k: np.concatenate(v).astype(np.float32) for k, v in parts.items()}
        self.ethnic_russian = cat["eth"]
        self.north_russian = cat["north"]
        self.media_russian = cat["media"]
        self.opinion = cat["op"]
        self.opinion_west = cat["west"]
        self.hardship_base = cat["hb"]
        self.hardship = self.hardship_base.copy()
        self.threshold = cat["thr"]
        self.oil_exposure = cat["oil"]
        self.migration_exposure = cat["mig"]
        self.contagion = np.zeros(n, dtype=np.float32)
        self.active = np.zeros(n, dtype=np.float32)
        self.separatism_cut = np.float32(p["separatism_opinion_cut"])
        self.agg = {}
        self.aggregate()

    # 1. Contacts: n/2 random pairs within a region (Deffuant et al. 2000). Initiator i uniform
    # over all citizens (with replacement), partner j uniform over i's region (j may be i).
    def draw_pairs(self):
        n = self.n
        u = self.rng.random(2 * (n // 2))
        i = (u[0::2] * n).astype(np.int64)
        r = np.searchsorted(self.start[1:], i, side="right")  # first r with i < start[r + 1]
        j = self.start[r] + (u[1::2] * self.lens[r]).astype(np.int64)
        return i, j

    def _contacts_loop(self, i_idx, j_idx, eps, mu):
        """The honest NumPy-user version: a Python loop over the pairs, element access on the
        float32 arrays (so every update is rounded to float32 exactly as in the C++)."""
        o, w = self.opinion, self.opinion_west
        for i, j in zip(i_idx.tolist(), j_idx.tolist()):
            a, b = o[i], o[j]
            gap = b - a
            if abs(gap) < eps:
                o[i] = a + mu * gap
                o[j] = b - mu * gap
            a, b = w[i], w[j]
            gap = b - a
            if abs(gap) < eps:
                w[i] = a + mu * gap
                w[j] = b - mu * gap

    def _contacts_batched(self, i_idx, j_idx, eps, mu):
        """An expert NumPy user's version with the SAME semantics (not an approximation): the
        pair sequence is cut into maximal runs of consecutive pairs that share no citizen, and each
        run is applied at once with fancy indexing. Within a run no citizen appears twice, so the
        order inside it does not matter; runs are applied in sequence, so every citizen sees its
        contacts in the C++ order and the float32 results are bit-identical to the loop."""
        npairs = i_idx.size
        if npairs == 0:
            return
        pos = np.empty(2 * npairs, dtype=np.int64)
        pos[0::2], pos[1::2] = i_idx, j_idx
        # Previous position at which the same citizen appears (-1 if none).
        order = np.argsort(pos, kind="stable")
        srt = pos[order]
        same = srt[1:] == srt[:-1]
        prev_sorted = np.full(pos.size, -1, dtype=np.int64)
        prev_sorted[1:][same] = order[:-1][same]
        prev = np.empty_like(prev_sorted)
        prev[order] = prev_sorted
        prev_pair = prev // 2  # -1 stays -1
        k = np.arange(npairs)
        prev_pair_j = prev_pair[1::2]
        prev_pair_j[prev_pair_j == k] = -1  # i == j: a no-op pair, not a conflict with itself
        last_conflict = np.maximum(prev_pair[0::2], prev_pair_j)  # latest earlier pair sharing a citizen
        window = 2 * int(math.isqrt(self.n)) + 16
        o, w = self.opinion, self.opinion_west
        s = 0
        while s < npairs:
            e, lo = npairs, s + 1
            while lo < npairs:  # first pair after s that shares a citizen with a pair in [s, it)
                hi = min(npairs, lo + window)
                hit = np.flatnonzero(last_conflict[lo:hi] >= s)
                if hit.size:
                    e = lo + int(hit[0])
                    break
                lo = hi
            ib, jb = i_idx[s:e], j_idx[s:e]
            for arr in (o, w):
                a, b = arr[ib], arr[jb]
                gap = b - a
                step = mu * gap
                near = np.abs(gap) < eps
                arr[ib] = np.where(near, a + step, a)
                arr[jb] = np.where(near, b - step, b)
            s = e

    def _contacts_matching(self, eps, mu):
        """The contacts of the C++ model as it now is (Population::contacts): a random matching
        within each region, the arc of m = L // 2 citizens from a random rotation meeting the next
        arc with a random shift, written as a NumPy user would: index arrays per region, one
        vectorised update of all the region's pairs at once (they are disjoint)."""
        o, w = self.opinion, self.opinion_west
        zero = np.float32(0)
        for r in range(len(self.lens)):
            base, length = int(self.start[r]), int(self.lens[r])
            m = length // 2
            if m == 0:
                continue
            rotation, shift = int(self.rng.integers(length)), int(self.rng.integers(m))
            t = np.arange(m)
            a = base + (rotation + t) % length
            b = base + (rotation + m + (t + shift) % m) % length
            for arr in (o, w):
                x, y = arr[a], arr[b]
                gap = y - x
                step = np.where(np.abs(gap) < eps, mu * gap, zero)
                arr[a] = x + step
                arr[b] = y - step

    def step(self, inp, mech=Mechanisms()):
        p, f32 = self.p, self.f32
        if mech.bounded_confidence and self.pairing == "matching":
            self._contacts_matching(f32(p["confidence_bound"]), f32(p["convergence_rate"]))
        elif mech.bounded_confidence:
            i_idx, j_idx = self.draw_pairs()
            eps, mu = f32(p["confidence_bound"]), f32(p["convergence_rate"])
            if self.pairing == "batched":
                self._contacts_batched(i_idx, j_idx, eps, mu)
            else:
                self._contacts_loop(i_idx, j_idx, eps, mu)

        # 2. Media, then events seen by everyone (coercion alienates ethnic Kazakhs; a forced
        # choice polarises), then the clamp.
        o, w, m, eth = self.opinion, self.opinion_west, self.media_russian, self.ethnic_russian
        if mech.media_influence:
            k, prop, dom = f32(p["propaganda_effect"]), f32(inp.propaganda), f32(p["domestic_media_strength"])
            o += k * (m * prop * (1 - o) + (1 - m) * dom * (f32(DOMESTIC_MEDIA_VIEW) - o))
            w += k * (m * prop * (0 - w) + (1 - m) * dom * (f32(0.5) - w))
            np.clip(w, 0, 1, out=w)
        alien = f32(p["coercion_alienation"] * inp.coercion)
        o -= alien * (1 - eth) * o
        if inp.forced_choice > 0:
            o += f32(0.02 * inp.forced_choice) * (2 * eth - 1)
        np.clip(o, 0, 1, out=o)

        # 3. Hardship: personal baseline plus the economy, regionally weighted.
        self.hardship = np.clip(
            self.hardship_base + f32(inp.hardship_shift)
            + f32(p["hardship_sensitivity"] * OIL_INCOME_SHARE * inp.oil_shock) * self.oil_exposure
            + f32(p["migration_hardship"] * inp.migration_shock) * self.migration_exposure, 0, 1)

        # 4. Protest: grievance H(1-L) + contagion from last month's regional participation.
        if mech.collective_action:
            legit, gamma = f32(inp.legitimacy), f32(p["protest_contagion"])
            polar = f32(0.05 * inp.forced_choice)
            self.active = ((self.hardship * (1 - legit) + polar + gamma * self.contagion)
                           > self.threshold).astype(np.float32)
        else:
            self.active[:] = 0
        self.aggregate()
        # Suppression stops the cascade carrying into next month, not this month's protest.
        carried = 1.0 - inp.suppression
        part = np.array(self.agg["participation"]) * carried
        self.contagion = np.repeat(part.astype(np.float32), self.lens)

    def aggregate(self):
        n = float(self.n)
        o, eth = self.opinion, self.ethnic_russian
        russians = float(eth.sum(dtype=np.float64))
        north_russians = float(self.north_russian.sum(dtype=np.float64))
        a = self.agg
        a["opinion_russia"] = float(o.sum(dtype=np.float64)) / n
        russian_opinion = float((o * eth).sum(dtype=np.float64))
        a["opinion_ethnic_russian"] = russian_opinion / russians if russians > 0 else 0.0
        a["opinion_kazakh"] = (a["opinion_russia"] * n - russian_opinion) / (n - russians) if n > russians else 0.0
        a["polarisation"] = a["opinion_ethnic_russian"] - a["opinion_kazakh"]
        a["opinion_west"] = float(self.opinion_west.sum(dtype=np.float64)) / n
        a["unrest"] = float(self.active.sum(dtype=np.float64)) / n
        a["participation"] = [
            float(self.active[self.start[r]:self.start[r + 1]].sum(dtype=np.float64)) / int(self.lens[r])
            if self.lens[r] > 0 else 0.0 for r in range(NUM_REGIONS)]
        sep = float((self.north_russian / (1 + np.exp((self.separatism_cut - o) *
                                                      np.float32(1 / SEPARATISM_WIDTH)))).sum(dtype=np.float64))
        a["separatism"] = sep / n
        a["north_separatism"] = sep / north_russians if north_russians > 0 else 0.0


# --- Mesa style: one object per citizen ---------------------------------------------------------
class Citizen:
    """A citizen agent (as a mesa.Agent subclass would be: unique_id, model, step())."""

    def __init__(self, unique_id, model, region, ethnic_russian, media_russian, opinion, opinion_west,
                 hardship_base, threshold):
        self.unique_id = unique_id
        self.model = model
        self.region = region
        self.ethnic_russian = ethnic_russian
        self.north_russian = ethnic_russian and region == NORTH
        self.media_russian = media_russian
        self.opinion = opinion
        self.opinion_west = opinion_west
        self.hardship_base = hardship_base
        self.hardship = hardship_base
        self.threshold = threshold
        self.active = False

    def contact(self):
        """Meet a random citizen of one's region (possibly oneself); Deffuant update on both opinions."""
        model = self.model
        other = model.random.choice(model.region_members[self.region])
        eps, mu = model.eps, model.mu
        gap = other.opinion - self.opinion
        if abs(gap) < eps:
            self.opinion += mu * gap
            other.opinion -= mu * gap
        gap = other.opinion_west - self.opinion_west
        if abs(gap) < eps:
            self.opinion_west += mu * gap
            other.opinion_west -= mu * gap

    def step(self):
        """Media, events, hardship and protest: each depends only on this citizen and on last
        month's regional participation, so the activation order does not change the result."""
        model, inp, p = self.model, self.model.inputs, self.model.p
        mech = model.mechanisms
        if mech.media_influence:
            k, prop, dom = p["propaganda_effect"], inp.propaganda, p["domestic_media_strength"]
            m = self.media_russian
            self.opinion += k * (m * prop * (1 - self.opinion) +
                                 (1 - m) * dom * (DOMESTIC_MEDIA_VIEW - self.opinion))
            self.opinion_west += k * (m * prop * (0 - self.opinion_west) + (1 - m) * dom * (0.5 - self.opinion_west))
            self.opinion_west = clamp01(self.opinion_west)
        if not self.ethnic_russian:
            self.opinion -= p["coercion_alienation"] * inp.coercion * self.opinion
        if inp.forced_choice > 0:
            self.opinion += 0.02 * inp.forced_choice * (1 if self.ethnic_russian else -1)
        self.opinion = clamp01(self.opinion)

        self.hardship = clamp01(self.hardship_base + inp.hardship_shift
                                + p["hardship_sensitivity"] * OIL_INCOME_SHARE * inp.oil_shock * OIL_EXPOSURE[self.region]
                                + p["migration_hardship"] * inp.migration_shock * MIGRATION_EXPOSURE[self.region])

        if mech.collective_action:
            grievance = self.hardship * (1 - inp.legitimacy)
            pressure = grievance + 0.05 * inp.forced_choice + p["protest_contagion"] * model.contagion[self.region]
            self.active = pressure > self.threshold
        else:
            self.active = False


class MesaStylePopulation:
    """The model (as a mesa.Model subclass would be): self.random, a list of agents, step()."""

    def __init__(self, n, seed=42, params=None):
        p = dict(DEFAULTS if params is None else params)
        self.p = p
        self.random = random.Random(seed)
        self.mechanisms = Mechanisms()
        self.inputs = CitizenInputs()
        self.eps, self.mu = p["confidence_bound"], p["convergence_rate"]
        n = max(int(n), 1)
        self.n = n
        starts = region_starts(n)
        shares, mean_russian, mean_kazakh = group_means(p)
        self.agents = []
        self.region_members = [[] for _ in range(NUM_REGIONS)]
        rnd = self.random
        for r in range(NUM_REGIONS):
            for uid in range(starts[r], starts[r + 1]):
                russian = rnd.random() < shares[r]
                diet = p["russian_media_share_ethnic_russian"] if russian else p["russian_media_share_kazakh"]
                media = clamp01(diet + 0.1 * (rnd.random() - 0.5))
                opinion = clamp01((mean_russian if russian else mean_kazakh) + p["opinion_spread"] * rnd.gauss(0, 1))
                west = clamp01(1.0 - opinion + 0.5 * p["opinion_spread"] * rnd.gauss(0, 1))
                hardship = p["hardship_baseline"] * (0.5 + rnd.random())
                threshold = p["unrest_threshold"] + p["threshold_sd"] * rnd.gauss(0, 1)
                agent = Citizen(uid, self, r, russian, media, opinion, west, hardship, threshold)
                self.agents.append(agent)
                self.region_members[r].append(agent)
        self.contagion = [0.0] * NUM_REGIONS
        self.agg = {}
        self.aggregate()

    def step(self, inp, mech=Mechanisms()):
        self.inputs, self.mechanisms = inp, mech
        # 1. Contacts: n/2 meetings, each started by a citizen drawn at random (with replacement),
        # in sequence, before anyone hears the media (the C++ phase order).
        if mech.bounded_confidence:
            agents, choice = self.agents, self.random.choice
            for _ in range(self.n // 2):
                choice(agents).contact()
        # 2-4. Every agent steps once, in a random order (RandomActivation / shuffle_do("step")).
        order = self.agents[:]
        self.random.shuffle(order)
        for agent in order:
            agent.step()
        self.aggregate()
        carried = 1.0 - inp.suppression
        self.contagion = [x * carried for x in self.agg["participation"]]

    def aggregate(self):
        """Model reporters, as a DataCollector would compute them."""
        agents, n = self.agents, self.n
        a = self.agg
        russians = [x for x in agents if x.ethnic_russian]
        others = [x for x in agents if not x.ethnic_russian]
        north = [x for x in agents if x.north_russian]
        a["opinion_russia"] = sum(x.opinion for x in agents) / n
        a["opinion_ethnic_russian"] = sum(x.opinion for x in russians) / len(russians) if russians else 0.0
        a["opinion_kazakh"] = sum(x.opinion for x in others) / len(others) if others else 0.0
        a["polarisation"] = a["opinion_ethnic_russian"] - a["opinion_kazakh"]
        a["opinion_west"] = sum(x.opinion_west for x in agents) / n
        a["unrest"] = sum(1 for x in agents if x.active) / n
        a["participation"] = [sum(1 for x in members if x.active) / len(members) if members else 0.0
                              for members in self.region_members]
        cut = self.p["separatism_opinion_cut"]
        sep = sum(1.0 / (1.0 + math.exp((cut - x.opinion) / SEPARATISM_WIDTH)) for x in north)
        a["separatism"] = sep / n
        a["north_separatism"] = sep / len(north) if north else 0.0


# --- Sanity check -------------------------------------------------------------------------------
# C++ aggregates under BM_PopulationStep's setup (defaults, propaganda 0.3, Rng(42)), 10,000
# citizens, after 12 steps. Printed by a throwaway probe program (outside the repository) that
# links sim/model/population.cpp and prints Population::aggregates(); 2026-11-30, commit 532aaea
# (the random matching and the counter-based trait draws).
CPP_AFTER_12_STEPS_10000 = {
    "opinion_russia": 0.4552, "opinion_west": 0.5238, "opinion_ethnic_russian": 0.5763,
    "opinion_kazakh": 0.4290, "polarisation": 0.1473, "unrest": 0.0140, "north_separatism": 0.0854,
}
# Ballpark tolerances (different random streams; sampling noise at 10,000 citizens is ~0.005 on
# means, more on small subgroups).
TOLERANCE = {"opinion_russia": 0.02, "opinion_west": 0.02, "opinion_ethnic_russian": 0.03,
             "opinion_kazakh": 0.02, "polarisation": 0.04, "unrest": 0.01, "north_separatism": 0.04}


def check_defaults(log):
    """DEFAULTS against sim/scenario/parameters.h, if the file is where the repository keeps it."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "sim", "scenario", "parameters.h")
    if not os.path.exists(path):
        log("  parameters.h not found: DEFAULTS not compared")
        return True
    text = open(path, encoding="utf-8").read()
    ok = True
    for name, value in DEFAULTS.items():
        m = re.search(r"X\(" + name + r",\s*([-0-9.eE+]+)", text)
        if not m or float(m.group(1)) != value:
            log(f"  FAIL default {name}: here {value}, parameters.h {m.group(1) if m else 'missing'}")
            ok = False
    return ok


def sanity_check(log=lambda s: print(s, file=sys.stderr)):
    ok = check_defaults(log)
    inp = CitizenInputs(propaganda=0.3)

    # The batched contacts must equal the loop bit for bit (same start, same draws).
    a = NumpyPopulation(2000, seed=3, pairing="loop")
    b = NumpyPopulation(2000, seed=3, pairing="batched")
    for _ in range(3):
        a.step(inp)
        b.step(inp)
    same = np.array_equal(a.opinion, b.opinion) and np.array_equal(a.opinion_west, b.opinion_west)
    log(f"  numpy loop vs batched contacts bit-identical after 3 steps: {same}")
    ok &= same

    # Region sizes as the C++ (1000: 220, 360, 150, 90, 180).
    sizes = np.diff(region_starts(1000)).tolist()
    ok &= sizes == [220, 360, 150, 90, 180]
    log(f"  region sizes at 1000: {sizes}")

    n, steps = 10000, 12
    for name, pop in (("numpy", NumpyPopulation(n, seed=1, pairing="batched")),
                      ("numpy-matching", NumpyPopulation(n, seed=1, pairing="matching")),
                      ("mesa-style", MesaStylePopulation(n, seed=1))):
        for _ in range(steps):
            pop.step(inp)
            g = pop.agg
            in_range = all(0.0 <= g[k] <= 1.0 for k in ("opinion_russia", "opinion_west", "opinion_ethnic_russian",
                                                        "opinion_kazakh", "unrest", "separatism",
                                                        "north_separatism"))
            in_range &= -1.0 <= g["polarisation"] <= 1.0 and all(0.0 <= x <= 1.0 for x in g["participation"])
            if not in_range:
                log(f"  FAIL {name}: aggregate out of range: {g}")
                ok = False
                break
        diffs = []
        for key, ref in CPP_AFTER_12_STEPS_10000.items():
            d = pop.agg[key] - ref
            diffs.append(f"{key} {pop.agg[key]:.4f} (C++ {ref:.4f})")
            if abs(d) > TOLERANCE[key]:
                log(f"  FAIL {name}: {key} = {pop.agg[key]:.4f}, C++ {ref:.4f}")
                ok = False
        log(f"  {name}, {n} citizens, {steps} steps: " + "; ".join(diffs))
    log("sanity check: " + ("ok" if ok else "FAILED"))
    return ok


# --- Timing -------------------------------------------------------------------------------------
IMPLEMENTATIONS = {
    "numpy": lambda n, seed: NumpyPopulation(n, seed, pairing="loop"),
    "numpy-batched": lambda n, seed: NumpyPopulation(n, seed, pairing="batched"),
    "numpy-matching": lambda n, seed: NumpyPopulation(n, seed, pairing="matching"),
    "mesa-style": lambda n, seed: MesaStylePopulation(n, seed),
}


def time_steps(make, n, steps, repeats, clock):
    """Median seconds per step over `repeats` fresh populations (construction not timed)."""
    inp = CitizenInputs(propaganda=0.3)
    per_step = []
    for rep in range(repeats):
        pop = make(n, 42 + rep)
        t0 = clock()
        for _ in range(steps):
            pop.step(inp)
        per_step.append((clock() - t0) / steps)
    return statistics.median(per_step)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer steps, 1,000 and 10,000 citizens only")
    ap.add_argument("--wall", action="store_true", help="wall-clock time instead of process CPU time")
    ap.add_argument("--check", action="store_true", help="run the sanity check only")
    ap.add_argument("--no-check", action="store_true", help="skip the sanity check")
    args = ap.parse_args(argv)
    if args.check:
        return 0 if sanity_check() else 1
    if not args.no_check and not sanity_check():
        return 1
    # CPU time by default, as Google Benchmark's rate counters (agent_steps/s) use.
    clock = time.perf_counter if args.wall else time.process_time
    repeats = 3
    sizes = [1000, 10000] if args.quick else [1000, 10000, 100000]
    steps_for = {1000: 5, 10000: 3, 100000: 2} if args.quick else {1000: 20, 10000: 5, 100000: 3}
    budget = 30.0  # seconds of stepping per (implementation, size)
    print("implementation,citizens,steps,median_seconds_per_step,agent_steps_per_second")
    for name, make in IMPLEMENTATIONS.items():
        last = None
        for n in sizes:
            steps = steps_for[n]
            if last is not None and last[1] * (n / last[0]) * steps * repeats > budget:
                print(f"# {name} at {n} citizens skipped (estimated over {budget:.0f} s)", file=sys.stderr)
                continue
            sec = time_steps(make, n, steps, repeats, clock)
            last = (n, sec)
            print(f"{name},{n},{steps},{sec:.6g},{n / sec:.6g}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
