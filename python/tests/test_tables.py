"""multivector.params, outcomes, sweep and calibrate: the CLI's tables."""

import io
import unittest

import pandas as pd
from pandas.testing import assert_frame_equal

import multivector as mv
from support import BASELINE, SOURCE, TempDirCase, cli, read_csv


def cli_table(*args) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(cli(*args).stdout), float_precision="round_trip")


class Tables(unittest.TestCase):
    def test_params_is_the_cli_parameter_table(self):
        assert_frame_equal(mv.params(), cli_table("params", "--format", "csv"), check_exact=True)

    def test_outcomes_is_the_cli_outcome_table_and_names_every_summary_row(self):
        table = mv.outcomes()
        assert_frame_equal(table, cli_table("params", "--outcomes", "--format", "csv"), check_exact=True)
        summary = mv.run(BASELINE, runs=2, citizens=1000, threads=1).summary
        self.assertEqual(list(summary["metric"]), list(table["name"]))

    def test_mechanisms_are_the_ones_a_scenario_switches(self):
        names = mv.mechanisms()
        self.assertIn("hedging", names)
        r = mv.run(BASELINE, runs=2, citizens=1000, threads=1, mechanisms={names[-1]: False})
        self.assertIn(f"{names[-1]} = false", r.resolved_toml)


SWEEP = """name = "tiny"
scenario = "{baseline}"
design = "morris"
samples = 4
replicates = 2
seed = 5
citizens = 1000
[factors]
hedging_premium = {{ min = 0.2, max = 0.4 }}
russia_attention = {{ min = 0.2, max = 0.6 }}
"""


class Sweep(TempDirCase):
    def test_sweep_gives_the_points_and_indices_of_the_cli(self):
        file = self.tmp / "tiny.toml"
        file.write_text(SWEEP.format(baseline=BASELINE))
        cli("sweep", file, "--out", self.tmp / "cli", "--threads", 2, "--quiet")
        r = mv.sweep(file, threads=2)
        self.assertIsNone(r.out)  # a temporary directory, removed
        assert_frame_equal(r.points, read_csv(self.tmp / "cli" / "points.csv"), check_exact=True)
        self.assertIsNotNone(r.indices)
        assert_frame_equal(r.indices, read_csv(self.tmp / "cli" / "sensitivity.csv"), check_exact=True)
        kept = mv.sweep(file, threads=1, out=self.tmp / "kept")
        self.assertTrue((self.tmp / "kept" / "points.csv").exists())
        assert_frame_equal(kept.points, r.points, check_exact=True)
        with self.assertRaises(OSError):  # exists: refused without force=True, as --force
            mv.sweep(file, threads=1, out=self.tmp / "kept")

    def test_a_bad_sweep_file_is_a_located_value_error(self):
        file = self.tmp / "bad.toml"
        file.write_text(SWEEP.format(baseline=BASELINE).replace("samples = 4", "samples = -4"))
        with self.assertRaises(ValueError) as caught:
            mv.sweep(file)
        self.assertIn("bad.toml:4:", str(caught.exception))


CALIBRATION = """scenario = "{baseline}"
observed = "{observed}"
seed = 9
citizens = 1000
until = "2023-12"
parameters = ["russian_route_share_initial", "trade_growth_china"]
[smc]
particles = 40
max_generations = 2
max_simulations = 400
[[targets]]
variable = "russian_route_share"
periods = ["2022", "2023"]
[[targets]]
variable = "trade_share_china"
periods = ["2023"]
"""


class Calibrate(TempDirCase):
    def test_calibrate_gives_the_posterior_and_diagnostics_of_the_cli(self):
        file = self.tmp / "small.toml"
        file.write_text(CALIBRATION.format(baseline=BASELINE, observed=SOURCE / "data" / "observed"))
        cli("calibrate", file, "--out", self.tmp / "cli", "--threads", 2, "--quiet")
        r = mv.calibrate(file, threads=2)
        for name in ("posterior", "diagnostics", "targets"):
            assert_frame_equal(getattr(r, name), read_csv(self.tmp / "cli" / f"{name}.csv"), check_exact=True)
        self.assertEqual(r.lens_toml, (self.tmp / "cli" / "small.toml").read_text())
        self.assertTrue(0 < len(r.posterior) <= 40)


if __name__ == "__main__":
    unittest.main()
