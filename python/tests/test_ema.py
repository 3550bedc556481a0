"""multivector.ema: a model function called the way the EMA Workbench's Model calls it."""

import unittest

import numpy as np

import multivector as mv
from multivector import ema
from support import BASELINE

SETTINGS = dict(runs=12, seed=3, citizens=1000, threads=2)


def experiment(uncertainties, levers):
    """One experiment as the Workbench builds it: a value per uncertainty and lever, by name
    (here the middle of each range), passed to the function as keyword arguments."""
    values = {name: (lower + upper) / 2 for name, lower, upper in uncertainties}
    values.update(levers)
    return values


class ModelFunction(unittest.TestCase):
    def setUp(self):
        self.uncertainties = ema.uncertainties(["hedging_premium", "russia_attention"])
        self.function = ema.model_function(BASELINE, series=["align_russia"], **SETTINGS)

    def test_uncertainties_are_the_prior_ranges_of_the_parameter_table(self):
        table = mv.params().set_index("name")
        for name, lower, upper in self.uncertainties:
            self.assertEqual((lower, upper), (table.at[name, "prior_min"], table.at[name, "prior_max"]))
        everything = ema.uncertainties()
        self.assertTrue(all(lower < upper for _, lower, upper in everything))
        self.assertGreater(len(everything), 10)
        with self.assertRaises(ValueError):
            ema.uncertainties(["no_such_parameter"])

    def test_outcomes_are_the_batch_summary_at_the_experiments_inputs(self):
        inputs = experiment(self.uncertainties, {"hedging": False})
        outcomes = self.function(**inputs)
        self.assertEqual(list(outcomes), ema.outcome_names() + ["align_russia_monthly"])
        same = mv.run(BASELINE, parameters={k: inputs[k] for k in ("hedging_premium", "russia_attention")},
                      mechanisms={"hedging": False}, **SETTINGS)
        expected = same.summary.set_index("metric")["mean"]
        for name in ema.outcome_names():
            self.assertTrue(np.isclose(outcomes[name], expected[name], rtol=0, atol=0, equal_nan=True), name)
        series = outcomes["align_russia_monthly"]
        ts = same.timeseries
        np.testing.assert_array_equal(series, ts[ts["variable"] == "align_russia"].sort_values("step")["p50"])

    def test_a_lever_changes_the_outcomes(self):
        off = self.function(**experiment(self.uncertainties, {"hedging": False}))
        on = self.function(**experiment(self.uncertainties, {"hedging": True}))
        self.assertNotEqual(off["balance_index"], on["balance_index"])

    def test_an_unknown_name_is_refused(self):
        with self.assertRaises(ValueError) as caught:
            self.function(hedging_premum=0.3)
        self.assertIn("hedging_premum", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
