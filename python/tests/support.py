"""What the Python tests share: the source tree, the built CLI and reading its outputs.

ctest sets MV_SOURCE_DIR, MV_BINARY (the multivector program) and PYTHONPATH (build/python)."""

import os
import subprocess
import tempfile
import unittest
from pathlib import Path

import pandas as pd

SOURCE = Path(os.environ.get("MV_SOURCE_DIR", Path(__file__).resolve().parents[2]))
BINARY = os.environ.get("MV_BINARY", str(SOURCE / "build" / "sim" / "multivector"))
BASELINE = SOURCE / "scenarios" / "baseline.toml"


def read_csv(path) -> pd.DataFrame:
    """A CSV file as the module reads the library's tables: every number back exactly."""
    return pd.read_csv(path, float_precision="round_trip")


def cli(*args, cwd=None) -> subprocess.CompletedProcess:
    """Runs the multivector program; fails the test with its stderr if it did not exit 0."""
    done = subprocess.run([BINARY, *map(str, args)], cwd=cwd or SOURCE, capture_output=True, text=True)
    if done.returncode != 0:
        raise AssertionError(f"multivector {' '.join(map(str, args))} exited {done.returncode}:\n{done.stderr}")
    return done


class TempDirCase(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="mv-python-test-")
        self.tmp = Path(self._tmp.name)

    def tearDown(self):
        self._tmp.cleanup()
