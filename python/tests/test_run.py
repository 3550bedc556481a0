"""multivector.run: the same tables as `multivector run`, its keywords, its errors, its threads."""

import _thread
import os
import threading
import unittest

import numpy as np
import pandas as pd
from pandas.testing import assert_frame_equal

import multivector as mv
from support import BASELINE, TempDirCase, cli, read_csv

SMALL = dict(runs=24, seed=7, citizens=1000)


class SameAsCommandLine(TempDirCase):
    def run_cli(self, scenario, *extra):
        out = self.tmp / "out"
        cli("run", scenario, "--runs", SMALL["runs"], "--seed", SMALL["seed"], "--citizens", SMALL["citizens"],
            "--threads", 2, "--out", out, "--force", "--quiet", *extra)
        return {name: read_csv(out / f"{name}.csv") for name in ("runs", "summary", "timeseries")}

    def assert_same(self, result, files):
        assert_frame_equal(result.runs, files["runs"], check_exact=True)
        assert_frame_equal(result.summary, files["summary"], check_exact=True)
        assert_frame_equal(result.timeseries, files["timeseries"], check_exact=True)

    def test_baseline_gives_the_runs_summary_and_timeseries_of_the_cli(self):
        self.assert_same(mv.run(BASELINE, threads=2, **SMALL), self.run_cli(BASELINE))

    def test_keywords_give_what_the_same_whatif_file_gives(self):
        # parameters=, mechanisms= and events= are read as a what-if of the scenario; the file
        # below says the same, so the CLI on it and the module on the keywords must agree.
        whatif = self.tmp / "whatif.toml"
        whatif.write_text(
            f'name = "baseline"\nextends = "{BASELINE}"\n'
            '[parameters]\nhedging_premium = 0.25\n'
            'russia_attention = { dist = "uniform", min = 0.3, max = 0.4 }\n'
            '[mechanisms]\nbalancing = false\n'
            '[[events]]\ndate = "2023-01"\nactor = "russia"\naction = "pipeline_suspension"\n'
            'magnitude = 0.8\nduration = 6\n')
        result = mv.run(BASELINE, threads=2, lens="russia_collegial",
                        parameters={"hedging_premium": 0.25,
                                    "russia_attention": {"dist": "uniform", "min": 0.3, "max": 0.4}},
                        mechanisms={"balancing": False},
                        events=[{"date": "2023-01", "actor": "russia", "action": "pipeline_suspension",
                                 "magnitude": 0.8, "duration": 6}], **SMALL)
        self.assert_same(result, self.run_cli(whatif, "--lens", "russia_collegial"))
        # and they changed something: the baseline's runs differ
        self.assertFalse(result.runs.equals(mv.run(BASELINE, threads=2, **SMALL).runs))


class Batches(unittest.TestCase):
    def test_thread_count_does_not_change_the_results(self):
        one, two = mv.run(BASELINE, threads=1, **SMALL), mv.run(BASELINE, threads=2, **SMALL)
        for name in ("runs", "summary", "timeseries"):
            assert_frame_equal(getattr(one, name), getattr(two, name), check_exact=True)

    def test_seed_runs_and_citizens_are_the_ones_asked_for(self):
        r = mv.run(BASELINE, threads=2, **SMALL)
        self.assertEqual((r.seed, r.replicates, r.citizens), (7, 24, 1000))
        self.assertEqual(list(r.runs["run"]), list(range(24)))
        self.assertEqual(list(r.summary["n"].unique()), [24])
        other = mv.run(BASELINE, threads=2, runs=24, seed=8, citizens=1000)
        self.assertFalse(other.runs["seed"].equals(r.runs["seed"]))

    def test_series_are_every_replicates_months_and_agree_with_the_timeseries(self):
        r = mv.run(BASELINE, threads=2, series=True, **SMALL)
        steps = r.timeseries["step"].nunique()
        self.assertEqual(list(r.series.columns[:3]), ["run", "step", "date"])
        self.assertEqual(list(r.series.columns[3:]), mv.series_names)
        self.assertEqual(len(r.series), SMALL["runs"] * steps)
        self.assertEqual(list(r.series["date"].unique()), list(r.timeseries["date"].unique()))
        # the monthly mean over replicates is timeseries.csv's mean (written as a float)
        means = r.series.groupby(["step"])[mv.series_names].mean()
        for variable in ("align_russia", mv.series_names[-1]):
            ts = r.timeseries[r.timeseries["variable"] == variable].set_index("step")["mean"]
            np.testing.assert_allclose(means[variable].to_numpy(np.float64), ts.to_numpy(), rtol=1e-5, atol=1e-6)
        self.assertIsNone(mv.run(BASELINE, threads=2, **SMALL).series)

    def test_the_gil_is_released_while_the_simulator_runs(self):
        # While another thread is in the simulator, this one keeps running Python code.
        done = threading.Event()
        worker = threading.Thread(target=lambda: (mv.run(BASELINE, threads=1, runs=300, seed=1, citizens=1000),
                                                  done.set()))
        worker.start()
        ticks = 0
        while not done.is_set():
            ticks += 1
            done.wait(0.001)
        worker.join()
        self.assertGreater(ticks, 50)

    def test_ctrl_c_stops_a_run_inside_the_simulator(self):
        timer = threading.Timer(0.5, _thread.interrupt_main)
        timer.start()
        tb = None
        try:
            mv.run(BASELINE, threads=2, runs=20000, seed=1, citizens=1000)
        except KeyboardInterrupt as e:
            tb = e.__traceback__
        finally:
            timer.cancel()
        self.assertIsNotNone(tb, "the run was not interrupted")
        # Raised by the library's call (the innermost frame is run() itself), not by Python
        # once the batch had finished (then it would surface in the code reading the tables).
        while tb.tb_next:
            tb = tb.tb_next
        self.assertEqual(tb.tb_frame.f_code.co_name, "run")
        self.assertTrue(tb.tb_frame.f_code.co_filename.endswith(os.path.join("multivector", "__init__.py")))


class BadInputs(unittest.TestCase):
    def assert_value_error(self, *fragments, **kwargs):
        with self.assertRaises(ValueError) as caught:
            mv.run(kwargs.pop("scenario", BASELINE), threads=1, **kwargs)
        for fragment in fragments:
            self.assertIn(fragment, str(caught.exception))
        return str(caught.exception)

    def test_an_unknown_parameter_is_located_in_the_keywords_with_a_suggestion(self):
        message = self.assert_value_error("keywords:2:", "hedging_premum", "hedging_premium",
                                          parameters={"hedging_premum": 0.3})
        self.assertIn("| hedging_premum = 0.3", message)  # the TOML it was read from

    def test_a_value_out_of_bounds_is_refused(self):
        self.assert_value_error("keywords:2:", "hedging_premium", parameters={"hedging_premium": 1e9})

    def test_an_unknown_mechanism_and_a_bad_event_are_refused(self):
        self.assert_value_error("keywords:", "hedgng", mechanisms={"hedgng": False})
        self.assert_value_error("keywords:", "unknown actor 'rusia'",
                                events=[{"date": "2023-01", "actor": "rusia", "action": "pipeline_suspension"}])

    def test_run_settings_out_of_range_name_the_keyword(self):
        self.assert_value_error("runs=0", runs=0)
        self.assert_value_error("citizens=5", citizens=5)
        self.assert_value_error("seed=-1", seed=-1)
        with self.assertRaises(ValueError) as caught:
            mv.run(BASELINE, runs=2, citizens=1000, threads=0)
        self.assertIn("threads=0", str(caught.exception))

    def test_missing_scenario_and_unknown_lens_are_refused(self):
        self.assert_value_error("no_such_scenario.toml", scenario="no_such_scenario.toml")
        self.assert_value_error("no_such_lens", lens="no_such_lens")

    def test_a_value_toml_cannot_hold_is_a_type_error(self):
        with self.assertRaises(TypeError):
            mv.run(BASELINE, threads=1, runs=2, citizens=1000, parameters={"hedging_premium": object()})


if __name__ == "__main__":
    unittest.main()
