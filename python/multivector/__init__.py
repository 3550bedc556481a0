"""Multivector, the simulator of Kazakhstan's multi-vector foreign policy, from Python.

The functions call the simulator's library (the extension ``multivector._core``) and return
pandas DataFrames with the columns of the files the command line writes (docs/outputs.md):

    import multivector as mv
    r = mv.run("scenarios/baseline.toml", runs=200, seed=1, citizens=2000)
    r.summary.set_index("metric").loc["csto_exit", "probability"]

The same scenario, seed and runs give the same numbers as ``multivector run`` (and the same for
any ``threads=``). docs/python.md is the reference.
"""

from __future__ import annotations

import io
import json
import numbers
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core

__version__ = _core.__version__
__all__ = ["run", "sweep", "calibrate", "params", "outcomes", "mechanisms", "series_names",
           "RunResult", "SweepResult", "CalibrationResult"]

PathLike = Union[str, os.PathLike]

#: The per-replicate series' variables (the ``variable`` column of timeseries.csv), in order.
series_names: list = list(_core.series_names)

# Where an error in run()'s parameters=, mechanisms= or events= is located: "keywords:LINE:COL".
_KEYWORDS = "keywords"


def _table(csv_text: str) -> pd.DataFrame:
    """A table from the library's CSV text; round_trip reads every number back exactly."""
    return pd.read_csv(io.StringIO(csv_text), float_precision="round_trip")


@dataclass
class RunResult:
    """A batch: ``runs``, ``summary`` and ``timeseries`` as runs.csv, summary.csv and
    timeseries.csv hold them, and with ``series=True`` every replicate's monthly series."""
    name: str
    seed: int
    replicates: int
    citizens: int
    threads: int
    runs: pd.DataFrame = field(repr=False)
    summary: pd.DataFrame = field(repr=False)
    timeseries: pd.DataFrame = field(repr=False)
    series: Optional[pd.DataFrame] = field(default=None, repr=False)
    resolved_toml: str = field(default="", repr=False)


@dataclass
class SweepResult:
    """A sweep: ``points`` (points.csv), ``indices`` (sensitivity.csv; None for designs without
    indices or when nan_policy refused them), ``replicates`` (replicates.csv, if the sweep file
    asks for it) and ``out``, the directory written (None if it was a temporary one)."""
    name: str
    points: pd.DataFrame = field(repr=False)
    indices: Optional[pd.DataFrame] = field(repr=False)
    replicates: Optional[pd.DataFrame] = field(repr=False)
    out: Optional[str] = None
    warnings: list = field(default_factory=list)
    sensitivity_error: str = ""


@dataclass
class CalibrationResult:
    """A calibration: posterior.csv, diagnostics.csv, targets.csv and the calibrated lens."""
    name: str
    seed: int
    stop_reason: str
    posterior: pd.DataFrame = field(repr=False)
    diagnostics: pd.DataFrame = field(repr=False)
    targets: pd.DataFrame = field(repr=False)
    lens_toml: str = field(repr=False, default="")


def _toml_key(key) -> str:
    if not isinstance(key, str):
        raise TypeError(f"a key must be a string, got {key!r}")
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


def _toml_value(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))  # shortest round-trip form; inf and nan are TOML too
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (list, tuple, np.ndarray)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} ({type(value).__name__}) into a scenario")


def _whatif_toml(parameters: Optional[Mapping], mechanisms: Optional[Mapping],
                 events: Optional[Iterable[Mapping]]) -> str:
    """run()'s keywords as a what-if's TOML ([parameters], [mechanisms], [[events]]), which the
    library reads with the scenario loader's own checks."""
    lines = []
    for table, values in (("parameters", parameters), ("mechanisms", mechanisms)):
        if values:
            lines.append(f"[{table}]")
            lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in values.items()]
    for event in events or ():
        lines.append("[[events]]")
        lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in event.items()]
    return "".join(line + "\n" for line in lines)


def _located(error: ValueError, whatif: str) -> ValueError:
    """A loader error located in run()'s keywords, with the TOML it was read from."""
    message = str(error)
    if not message.startswith(_KEYWORDS + ":"):
        return error
    listing = "".join(f"\n  {i:3d} | {line}" for i, line in enumerate(whatif.splitlines(), 1))
    return ValueError(f"{message}\n(run()'s parameters=, mechanisms= and events=, read as TOML:{listing})")


def _runs_frame(raw) -> pd.DataFrame:
    """runs.csv from the batch's numbers, with the dtypes pandas gives the file: int64 for the
    columns written as integer literals, and for the seeds int64 unless one exceeds it."""
    names, values, integer = raw["runs_columns"], raw["runs_values"], raw["runs_integer"]
    seeds = raw["runs_seed"]
    runs = len(seeds)
    columns = {names[0]: raw["runs_run"],
               names[1]: seeds.astype(np.int64) if seeds.max() < 2**63 else seeds,
               names[2]: np.full(runs, raw["runs_scenario"], dtype=object),
               names[3]: np.full(runs, raw["runs_lens"], dtype=object)}
    for j, name in enumerate(names[4:]):
        columns[name] = values[:, j].astype(np.int64) if integer[j] else values[:, j]
    return pd.DataFrame(columns, copy=False)


def _series_frame(values: np.ndarray, dates: Sequence[str]) -> pd.DataFrame:
    """Every replicate's series, one row per (run, month): run, step, date, then the variables."""
    runs, steps, variables = values.shape
    frame = pd.DataFrame(values.reshape(runs * steps, variables), columns=series_names, copy=False)
    frame.insert(0, "run", np.repeat(np.arange(runs, dtype=np.int64), steps))
    frame.insert(1, "step", np.tile(np.arange(steps, dtype=np.int64), runs))
    frame.insert(2, "date", np.tile(np.asarray(dates, dtype=object), runs))
    return frame


def run(scenario: PathLike, *, runs: Optional[int] = None, seed: Optional[int] = None,
        citizens: Optional[int] = None, lens: Union[None, str, Sequence[str]] = None,
        parameters: Optional[Mapping] = None, mechanisms: Optional[Mapping] = None,
        events: Optional[Iterable[Mapping]] = None, threads: Optional[int] = None,
        series: bool = False) -> RunResult:
    """Runs a batch of ``scenario`` as ``multivector run`` does, in memory.

    ``runs``, ``seed`` and ``citizens`` replace the scenario's [run] values; ``lens`` is a lens
    name or path, or a list of them (``--lens``); ``parameters`` (name to a number or a
    distribution table such as ``{"dist": "uniform", "min": 0.2, "max": 0.3}``), ``mechanisms``
    (name to bool) and ``events`` (a list of [[events]] tables as dicts) change the scenario
    as a what-if file would, before the lenses. ``threads`` defaults to every core; results do
    not depend on it. ``series=True`` adds every replicate's monthly series (float32).

    Raises ValueError with the located message for any bad input, KeyboardInterrupt on Ctrl-C.
    """
    lenses = [] if lens is None else [lens] if isinstance(lens, (str, os.PathLike)) else list(lens)
    whatif = _whatif_toml(parameters, mechanisms, events)
    try:
        raw = _core.run(os.fspath(scenario), [os.fspath(x) for x in lenses], whatif, _KEYWORDS,
                        runs, seed, citizens, threads, series)
    except ValueError as e:
        raise _located(e, whatif) from None
    return RunResult(
        name=raw["name"], seed=raw["seed"], replicates=raw["runs"], citizens=raw["citizens"],
        threads=raw["threads"], runs=_runs_frame(raw), summary=_table(raw["summary_csv"]),
        timeseries=_table(raw["timeseries_csv"]),
        series=_series_frame(raw["series"], raw["dates"]) if series else None,
        resolved_toml=raw["resolved_toml"])


def sweep(file: PathLike, *, out: Optional[PathLike] = None, threads: Optional[int] = None,
          force: bool = False, resume: bool = False) -> SweepResult:
    """Runs a sweep file as ``multivector sweep`` does (docs/sweeps.md) and reads its tables.

    With ``out`` the directory is written there and kept (``force`` and ``resume`` as on the
    command line); without it the sweep runs in a temporary directory that is removed."""
    tmp = None if out is not None else tempfile.mkdtemp(prefix="multivector-sweep-")
    target = os.fspath(out) if out is not None else os.path.join(tmp, "sweep")
    try:
        raw = _core.sweep(os.fspath(file), target, force, resume, threads)
        folder = raw["out"]

        def optional(name):
            path = os.path.join(folder, name)
            return pd.read_csv(path, float_precision="round_trip") if os.path.exists(path) else None

        return SweepResult(name=raw["name"], points=optional("points.csv"),
                           indices=optional("sensitivity.csv"), replicates=optional("replicates.csv"),
                           out=None if tmp else os.fspath(folder), warnings=list(raw["warnings"]),
                           sensitivity_error=raw["sensitivity_error"])
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def calibrate(file: PathLike, *, particles: Optional[int] = None, seed: Optional[int] = None,
              citizens: Optional[int] = None, threads: Optional[int] = None) -> CalibrationResult:
    """Runs a calibration file (SMC-ABC) as ``multivector calibrate`` does, in memory
    (docs/validation.md); ``lens_toml`` is the calibrated lens it would write."""
    raw = _core.calibrate(os.fspath(file), particles, seed, citizens, threads)
    return CalibrationResult(name=raw["name"], seed=raw["seed"], stop_reason=raw["stop_reason"],
                             posterior=_table(raw["posterior_csv"]),
                             diagnostics=_table(raw["diagnostics_csv"]),
                             targets=_table(raw["targets_csv"]), lens_toml=raw["lens_toml"])


def params() -> pd.DataFrame:
    """The parameter table, as ``multivector params --format csv`` prints it."""
    return _table(_core.parameters_csv())


def outcomes() -> pd.DataFrame:
    """The outcome table (outcomes.csv): name, unit, description, kind."""
    return _table(_core.outcomes_csv())


def mechanisms() -> list:
    """The mechanisms' names, as [mechanisms] and ``mechanisms=`` take them."""
    return list(_core.mechanism_names)
