"""Multivector as an EMA Workbench model: open exploration of two uncertainties and one lever.

    PYTHONPATH=build/python /usr/bin/python3 python/examples/ema_workbench.py [--experiments N]

With the EMA Workbench installed (pip install ema_workbench) the experiments are sampled and
run by the Workbench (Latin hypercube over the uncertainties, both values of the lever); without
it the same model function is driven by a small stand-in of the same calling convention (a
Latin hypercube drawn with NumPy), so the recipe runs either way. Prints one row per experiment.
"""

import argparse
import os
import sys

import numpy as np
import pandas as pd

from multivector.ema import model_function, uncertainties

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIO = os.path.join(ROOT, "scenarios", "baseline.toml")
UNCERTAIN = ["hedging_premium", "russia_attention"]
OUTCOMES = ["csto_exit", "balance_index", "align_russia"]


def with_workbench(function, experiments):
    from ema_workbench import (BooleanParameter, Model, RealParameter, ScalarOutcome,
                               perform_experiments)
    model = Model("multivector", function=function)
    model.uncertainties = [RealParameter(*u) for u in uncertainties(UNCERTAIN)]
    model.levers = [BooleanParameter("hedging")]
    model.outcomes = [ScalarOutcome(name) for name in OUTCOMES]
    table, outcomes = perform_experiments(model, scenarios=experiments, policies=2)
    return pd.concat([table[UNCERTAIN + ["hedging"]].reset_index(drop=True), pd.DataFrame(outcomes)], axis=1)


def without_workbench(function, experiments, seed=1):
    """What perform_experiments does for this model: a Latin hypercube over the uncertainties,
    crossed with the lever's values, each experiment passed to the function as keywords."""
    rng = np.random.default_rng(seed)
    ranges = uncertainties(UNCERTAIN)
    strata = np.stack([rng.permutation(experiments) for _ in ranges], axis=1)
    unit = (strata + rng.random(strata.shape)) / experiments
    rows = []
    for hedging in (True, False):
        for u in unit:
            inputs = {name: lo + x * (hi - lo) for (name, lo, hi), x in zip(ranges, u)}
            inputs["hedging"] = hedging
            outcomes = function(**inputs)
            rows.append({**inputs, **{name: outcomes[name] for name in OUTCOMES}})
    return pd.DataFrame(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experiments", type=int, default=8, help="scenarios per policy (default 8)")
    parser.add_argument("--runs", type=int, default=50, help="replicates per experiment (default 50)")
    parser.add_argument("--citizens", type=int, default=2000, help="citizens per replicate (default 2000)")
    args = parser.parse_args()
    function = model_function(SCENARIO, runs=args.runs, citizens=args.citizens, seed=20220101)
    try:
        import ema_workbench  # noqa: F401
        table = with_workbench(function, args.experiments)
        print("ran by the EMA Workbench", file=sys.stderr)
    except ImportError:
        table = without_workbench(function, args.experiments)
        print("ema_workbench not installed: ran by the stand-in of its calling convention", file=sys.stderr)
    with pd.option_context("display.width", 120, "display.precision", 3):
        print(table.to_string(index=False))


if __name__ == "__main__":
    main()
