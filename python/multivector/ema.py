"""Multivector as a model of the EMA Workbench (docs/python.md, "EMA Workbench").

The Workbench's ``Model(name, function=f)`` calls ``f(**experiment)`` with one keyword per
uncertainty, lever and constant, and reads each outcome by name from the dict ``f`` returns.
``model_function`` builds such an ``f``: a keyword that names a parameter fixes it for the
batch, one that names a mechanism switches it; the batch is summarised into one number per
outcome (the summary's ``statistic`` column) and, for ``series``, one array per variable.

    from ema_workbench import Model, RealParameter, BooleanParameter, ScalarOutcome
    from multivector.ema import model_function, uncertainties
    model = Model("multivector", function=model_function("scenarios/baseline.toml", runs=100))
    model.uncertainties = [RealParameter(*u) for u in uncertainties(["hedging_premium"])]
    model.levers = [BooleanParameter("hedging")]
    model.outcomes = [ScalarOutcome("csto_exit")]
"""

from __future__ import annotations

from typing import Callable, Iterable, Optional, Sequence

from . import mechanisms, params, run

__all__ = ["model_function", "uncertainties", "outcome_names"]


def uncertainties(names: Optional[Iterable[str]] = None) -> list:
    """(name, lower, upper) of each parameter's prior range in the parameter table, for
    ``RealParameter(name, lower, upper)``: the ``names`` given, or every parameter with a range."""
    table = params().set_index("name")
    if names is None:
        names = [n for n, row in table.iterrows() if row["prior_min"] < row["prior_max"]]
    unknown = [n for n in names if n not in table.index]
    if unknown:
        raise ValueError(f"unknown parameter(s) {', '.join(unknown)}; expected names from multivector.params()")
    return [(n, float(table.at[n, "prior_min"]), float(table.at[n, "prior_max"])) for n in names]


def outcome_names() -> list:
    """The outcomes a model function returns (every row of summary.csv), for ScalarOutcome."""
    from . import outcomes
    return list(outcomes()["name"])


def model_function(scenario, *, runs: int = 100, seed: Optional[int] = None,
                   citizens: Optional[int] = None, lens=None, threads: Optional[int] = None,
                   statistic: str = "mean", series: Sequence[str] = (),
                   series_statistic: str = "p50") -> Callable[..., dict]:
    """A function for ``ema_workbench.Model(name, function=...)``.

    Each call runs ``runs`` replicates of ``scenario`` (same ``seed`` every call: common random
    numbers, so experiments differ only by their inputs) and returns ``{outcome: value}`` for
    every outcome, ``value`` being the summary's ``statistic`` column (``mean``, ``p50``,
    ``probability``, ...), plus ``{variable + "_monthly": array over months}`` of
    timeseries.csv's ``series_statistic`` for each variable in ``series`` (for ArrayOutcome;
    the suffix keeps a series apart from an outcome of the same name, e.g. align_russia)."""
    parameter_names = set(params()["name"])
    mechanism_names = set(mechanisms())

    def multivector_model(**experiment) -> dict:
        unknown = sorted(k for k in experiment if k not in parameter_names and k not in mechanism_names)
        if unknown:
            raise ValueError(f"unknown uncertainty or lever {', '.join(unknown)}; expected parameter "
                             "names (multivector.params()) or mechanism names (multivector.mechanisms())")
        result = run(scenario, runs=runs, seed=seed, citizens=citizens, lens=lens, threads=threads,
                     parameters={k: float(v) for k, v in experiment.items() if k in parameter_names},
                     mechanisms={k: bool(v) for k, v in experiment.items() if k in mechanism_names})
        summary = result.summary.set_index("metric")
        if statistic not in summary.columns:
            raise ValueError(f"unknown statistic '{statistic}'; expected one of {', '.join(summary.columns)}")
        out = {name: float(value) for name, value in summary[statistic].items()}
        ts = result.timeseries
        for variable in series:
            rows = ts[ts["variable"] == variable]
            if rows.empty:
                raise ValueError(f"unknown series '{variable}'; expected one of multivector.series_names")
            out[variable + "_monthly"] = rows.sort_values("step")[series_statistic].to_numpy()
        return out

    return multivector_model
