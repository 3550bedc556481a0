#!/usr/bin/env python3
"""Check the observed-data CSVs in data/observed/ against their format rules.

Usage: scripts/check-observed.py [CSV ...]
With no arguments, checks every data/observed/*.csv of the repository this script lives in.

Rules (see data/observed/README.md):
  - header exactly: variable,period,value,low,high,unit,source_key,split,note
  - every row has the same number of fields as the header
  - variable is lower-case ASCII [a-z0-9_]; unit is not empty
  - period is YYYY or YYYY-MM (month 01-12)
  - value, low, high are finite numbers and low <= value <= high
  - unit "percent" means 0-100; unit "binary" means 0 or 1
  - split is "calibration" for periods up to 2023 and "holdout" from 2024 on
  - source_key holds one or more keys separated by ";", each defined in docs/sources.md
    (a list item that starts with the key in backticks: "- `Key` — ...")
  - no (variable, period) pair appears twice across all the files checked
Prints file:line and what is wrong for every violation; exits 1 if there is any, 0 otherwise.
"""
import csv
import math
import re
import sys
from pathlib import Path

HEADER = ["variable", "period", "value", "low", "high", "unit", "source_key", "split", "note"]
LAST_CALIBRATION_YEAR = 2023
KEY_DEF = re.compile(r"^\s*[-*]\s+`([A-Za-z0-9_]+)`")
VARIABLE = re.compile(r"^[a-z][a-z0-9_]*$")
PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def load_keys(sources: Path, errors: list) -> set:
    if not sources.is_file():
        errors.append(f"{sources}: missing (the bibliography that defines the source keys)")
        return set()
    keys = {}
    for lineno, line in enumerate(sources.read_text(encoding="utf-8").splitlines(), 1):
        m = KEY_DEF.match(line)
        if not m:
            continue
        key = m.group(1)
        if key in keys:
            errors.append(f"{sources}:{lineno}: key '{key}' defined twice (first at line {keys[key]})")
        else:
            keys[key] = lineno
    if not keys:
        errors.append(f"{sources}: defines no keys")
    return set(keys)


def number(text: str):
    try:
        x = float(text)
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def check_file(path: Path, keys: set, seen: dict, errors: list) -> int:
    rows = 0
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh, strict=True)
            try:
                header = next(reader)
            except StopIteration:
                errors.append(f"{path}:1: empty file")
                return 0
            if header != HEADER:
                errors.append(f"{path}:1: header is {','.join(header)!r}, expected {','.join(HEADER)!r}")
                return 0
            for fields in reader:
                lineno = reader.line_num
                where = f"{path}:{lineno}"
                if not fields or all(not f.strip() for f in fields):
                    errors.append(f"{where}: blank line")
                    continue
                rows += 1
                if len(fields) != len(HEADER):
                    errors.append(f"{where}: {len(fields)} fields, expected {len(HEADER)} (quote fields containing commas)")
                    continue
                r = dict(zip(HEADER, fields))
                for name in HEADER:
                    if r[name] != r[name].strip():
                        errors.append(f"{where}: {name} has leading or trailing spaces")
                if not VARIABLE.match(r["variable"]):
                    errors.append(f"{where}: variable {r['variable']!r} is not lower-case [a-z0-9_]")
                m = PERIOD.match(r["period"])
                year = None
                if not m:
                    errors.append(f"{where}: period {r['period']!r} is not YYYY or YYYY-MM")
                else:
                    year = int(m.group(1))
                    if m.group(2) is not None and not 1 <= int(m.group(2)) <= 12:
                        errors.append(f"{where}: period {r['period']!r} has month outside 01-12")
                vals = {}
                for name in ("value", "low", "high"):
                    x = number(r[name])
                    if x is None:
                        errors.append(f"{where}: {name} {r[name]!r} is not a finite number")
                    vals[name] = x
                if None not in vals.values():
                    if not vals["low"] <= vals["value"] <= vals["high"]:
                        errors.append(f"{where}: need low <= value <= high, got {vals['low']} / {vals['value']} / {vals['high']}")
                    unit = r["unit"].strip().lower()
                    if unit == "percent" and not all(0 <= v <= 100 for v in vals.values()):
                        errors.append(f"{where}: unit percent but a number lies outside 0-100")
                    if unit == "binary" and not all(v in (0.0, 1.0) for v in vals.values()):
                        errors.append(f"{where}: unit binary but a number is not 0 or 1")
                if not r["unit"].strip():
                    errors.append(f"{where}: unit is empty")
                if year is not None:
                    want = "calibration" if year <= LAST_CALIBRATION_YEAR else "holdout"
                    if r["split"] != want:
                        errors.append(f"{where}: split {r['split']!r} but period {r['period']} needs {want!r}")
                elif r["split"] not in ("calibration", "holdout"):
                    errors.append(f"{where}: split {r['split']!r} is neither calibration nor holdout")
                cited = [k.strip() for k in r["source_key"].split(";")]
                if not r["source_key"].strip() or any(not k for k in cited):
                    errors.append(f"{where}: source_key {r['source_key']!r} is empty or has an empty key")
                for k in cited:
                    if k and k not in keys:
                        errors.append(f"{where}: source_key {k!r} is not defined in docs/sources.md")
                pair = (r["variable"], r["period"])
                if pair in seen:
                    errors.append(f"{where}: {pair[0]} {pair[1]} already given at {seen[pair]}")
                else:
                    seen[pair] = where
    except (csv.Error, UnicodeDecodeError) as e:
        errors.append(f"{path}: cannot be parsed as CSV: {e}")
    return rows


def main(argv: list) -> int:
    root = Path(__file__).resolve().parent.parent
    errors = []
    keys = load_keys(root / "docs" / "sources.md", errors)
    files = [Path(a) for a in argv] if argv else sorted((root / "data" / "observed").glob("*.csv"))
    if not files:
        errors.append(f"{root / 'data' / 'observed'}: no CSV files found")
    seen = {}
    total = 0
    for f in files:
        if not f.is_file():
            errors.append(f"{f}: no such file")
            continue
        total += check_file(f, keys, seen, errors)
    for e in errors:
        print(e)
    if errors:
        print(f"check-observed: {len(errors)} problem(s)", file=sys.stderr)
        return 1
    print(f"check-observed: ok, {total} rows in {len(files)} files, {len(keys)} source keys")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
