# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue #17, the Python bullets: one test each, every one failing on the
package before the issue (DataFrames refused, lists and array.array
results, unknown names without a suggestion, no libvalue.plots attribute,
long or empty reprs, Sampler.draw a list of rows)."""

import os
import subprocess
import sys
import unittest

import libvalue
try:
    import numpy
except ImportError:
    numpy = None
try:
    import pandas
except ImportError:
    pandas = None
HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.dirname(HERE)

# 2 simulations x 2 strategies at lambda 0 and 10 (the hand case of
# test_outcomes.py): CEAC (1, 0) then (0.5, 0.5), EVPI 0 then 1.5
COSTS = {"old": [0, 0], "new": [5, 5]}
EFFECTS = {"old": [0, 0], "new": [1, 0.2]}


def run_python(code, **env):
    e = dict(os.environ, PYTHONPATH=PKG, **env)
    return subprocess.run([sys.executable, "-c", code], env=e, capture_output=True, text=True, timeout=120)


class Tables(unittest.TestCase):
    def check_hand_case(self, curves):
        self.assertEqual(curves.names, ["old", "new"])
        self.assertEqual([list(map(float, r)) for r in curves.ceac], [[1.0, 0.0], [0.5, 0.5]])
        self.assertAlmostEqual(float(curves.evpi[1]), 1.5, delta=1e-14)
        self.assertEqual(curves.optimal, ["old", "new"])

    @unittest.skipIf(pandas is None, "pandas not installed for this python")
    def test_psa_curves_takes_data_frames(self):
        curves = libvalue.psa_curves(pandas.DataFrame(COSTS), pandas.DataFrame(EFFECTS), [0, 10])
        self.check_hand_case(curves)  # the strategies named by the columns

    def test_psa_curves_takes_columns_and_rows(self):
        self.check_hand_case(libvalue.psa_curves(COSTS, EFFECTS, [0, 10]))
        self.check_hand_case(libvalue.psa_curves([[0, 5], [0, 5]], [[0, 1], [0, 0.2]], [0, 10], ["old", "new"]))

    @unittest.skipIf(numpy is None, "numpy not installed for this python")
    def test_psa_curves_takes_2d_arrays(self):
        self.check_hand_case(libvalue.psa_curves(numpy.array([[0, 5], [0, 5]]), numpy.array([[0, 1], [0, 0.2]]),
                                                 numpy.array([0, 10]), ["old", "new"]))

    @unittest.skipIf(pandas is None, "pandas not installed for this python")
    def test_tabular_results_have_to_frame(self):
        curves = libvalue.psa_curves(COSTS, EFFECTS, [0, 10])
        df = curves.to_frame()
        self.assertEqual(list(df.columns), ["ceac_old", "ceac_new", "loss_old", "loss_new", "evpi", "ceaf",
                                            "ceaf_prob"])
        self.assertEqual(list(df.index), [0.0, 10.0])
        self.assertEqual(list(df["ceaf"]), ["old", "new"])
        rows = libvalue.frontier([0, 10000, 12000], [0, 1.0, 0.9], ["none", "A", "B"]).to_frame()
        self.assertEqual(list(rows.columns), ["cost", "effect", "status", "comparator", "icer"])
        self.assertEqual(list(rows.index), ["none", "A", "B"])
        m = libvalue.MarkovModel(2, cycles=2, state_names=["alive", "dead"])
        trace = m.set_initial([1, 0]).set_transitions([[0.9, 0.1], [0, 1]]).trace().to_frame()
        self.assertEqual(list(trace.columns), ["alive", "dead"])
        self.assertAlmostEqual(trace.loc[2, "alive"], 0.81, delta=1e-15)
        s = libvalue.Contract("shared_savings", benchmark_per_capita=1000, sharing_rate=0.5, msr=0.0)
        lines = s.settle_totals(100, 1200, 1.0, 90000).to_frame()
        self.assertEqual(list(lines.columns), ["step", "text", "amount"])
        self.assertEqual(lines["amount"].iloc[-1], 5000.0)


class Results(unittest.TestCase):
    @unittest.skipIf(numpy is None, "numpy not installed for this python")
    def test_numpy_arrays_without_a_copy(self):
        f = libvalue.Discount(0.1).factors(3)
        self.assertIsInstance(f, numpy.ndarray)
        self.assertFalse(f.flags.owndata)  # a view of the buffer the library filled
        self.assertAlmostEqual(float(f[1]), 1 / 1.21, delta=1e-15)
        v = libvalue.value_ratio([2.0, 3.0], [1000, 2000])
        self.assertIsInstance(v, numpy.ndarray)
        curves = libvalue.psa_curves(COSTS, EFFECTS, [0, 10])
        self.assertEqual(curves.ceac.shape, (2, 2))
        self.assertFalse(curves.ceac.flags.owndata)

    def test_lists_without_numpy(self):
        r = run_python("import libvalue; f = libvalue.Discount(0.1).factors(2); print(type(f).__name__, "
                       "[round(x, 6) for x in f])", LIBVALUE_NO_NUMPY="1")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), "list [0.909091, 0.826446]")

    def test_sampler_draw_has_named_columns(self):
        s = libvalue.Sampler()
        s.add("cost", "fixed", 1000)
        s.add("p_death", "uniform", 0.2, 0.3)
        d = s.draw(50, 11)
        self.assertEqual(d.shape, (50, 2))
        self.assertEqual(d.columns, ["cost", "p_death"])
        self.assertEqual(set(float(v) for v in d["cost"]), {1000.0})
        self.assertTrue(all(0.2 <= float(v) <= 0.3 for v in d["p_death"]))
        self.assertEqual([float(v) for v in d[3]], [float(d["cost"][3]), float(d["p_death"][3])])  # rows
        if numpy is not None:
            self.assertIsInstance(d, numpy.ndarray)
        if pandas is not None:
            self.assertEqual(list(d.to_frame().columns), ["cost", "p_death"])
        with self.assertRaisesRegex(KeyError, r"unknown column 'p_deth' \(did you mean 'p_death'\?\)"):
            d["p_deth"]


class Names(unittest.TestCase):
    def test_sampler_correlate_names_the_unknown_parameter(self):
        s = libvalue.Sampler()
        s.add("x", "normal", 0, 1)
        s.add("y", "normal", 0, 1)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"^unknown parameter 'w' \(one of 'x', 'y'\)$"):
            s.correlate("x", "w", 0.2)
        s.add("p_death", "beta_meansd", 0.3, 0.05)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError,
                                    r"^unknown parameter 'p_deaht' \(did you mean 'p_death'\?\)$"):
            s.correlate("x", "p_deaht", 0.2)

    def test_contract_keyword_typo_suggests_the_nearest(self):
        with self.assertRaises(libvalue.InvalidArgumentError) as cm:
            libvalue.Contract("shared_savings", msr=0.02, sharing_rat=0.5)
        self.assertEqual(str(cm.exception), "unknown contract term 'sharing_rat' (did you mean 'sharing_rate'?)")

    def test_nothing_close_lists_five_names_not_38(self):
        with self.assertRaises(libvalue.InvalidArgumentError) as cm:
            libvalue.Contract("shared_savings", zzzz=1)
        msg = str(cm.exception)
        self.assertTrue(msg.startswith("unknown contract term 'zzzz' (nearest: "), msg)
        self.assertEqual(msg.count("'"), 2 + 2 * 5)


class PlotsAttribute(unittest.TestCase):
    def test_libvalue_plots_is_an_attribute(self):
        r = run_python("import libvalue, sys; print('libvalue.plots' in sys.modules); "
                       "print(libvalue.plots.__name__, callable(libvalue.plots.ceac))")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.split(), ["False", "libvalue.plots", "True"])  # imported lazily

    def test_missing_matplotlib_names_the_install(self):
        code = ("import sys; sys.modules['matplotlib'] = None; sys.modules['matplotlib.pyplot'] = None\n"
                "import libvalue\ntry:\n    libvalue.plots.evpi(None)\nexcept ImportError as e:\n    print(e)")
        r = run_python(code)
        self.assertEqual(r.returncode, 0, r.stderr)
        debian = os.path.realpath(sys.executable).startswith("/usr/bin/") and sys.prefix == sys.base_prefix \
            and os.path.exists("/etc/debian_version")
        want = "apt-get install python3-matplotlib" if debian else "pip install 'libvalue[plots]'"
        self.assertIn("libvalue.plots needs matplotlib: " + want, r.stdout)


class Reprs(unittest.TestCase):
    def test_psa_curves_repr_is_short(self):
        lambdas = [1000.0 * k for k in range(101)]
        curves = libvalue.psa_curves(COSTS, EFFECTS, lambdas)
        text = repr(curves)
        self.assertNotIn("\n", text)
        self.assertLess(len(text), 300)
        # CEAF: mean NMB of new is 0.6 lambda - 5, > 0 from lambda 8.33: new from the second value, 1000;
        # EVPI at 100000: E[max(0, NMB)] - max E[NMB] = (99995 + 19995)/2 - 59995 = 0
        self.assertIn("2 strategies (old, new) at 101 willingness-to-pay values from 0 to 100000", text)
        self.assertIn("CEAF: old from 0, new from 1000; EVPI 0 to 0;", text)

    def test_contract_repr_shows_its_terms(self):
        c = libvalue.Contract("shared_savings", msr=0.02, sharing_rate=0.5, savings_cap=0.1)
        self.assertEqual(repr(c), "<Contract shared_savings: msr 0.02, savings_cap 0.1, sharing_rate 0.5 "
                                  "(other terms at their defaults; .terms for all)>")

    def test_discount_repr_shows_its_steps(self):
        d = libvalue.Discount(0.035, steps=[(30, 0.03), (75, 0.025)])
        self.assertEqual(repr(d), "<Discount: 0.035 a year, flows at the end of each period, 1 period a year; "
                                  "from year 30: 0.03; from year 75: 0.025>")

    def test_settlement_repr_shows_the_payment(self):
        s = libvalue.mssp_settle(2014, "track_1", assigned_beneficiaries=34601, benchmark=450902466,
                                 expenditure=418729017, quality_score=0.916964286)
        text = repr(s)
        self.assertTrue(text.startswith("<Settlement: final payment 14,455,932.81; 13 lines (program, quality standard, records, "),
                        text)
        self.assertNotIn("\n", text)

    def test_long_row_lists_are_short(self):
        rows = libvalue.wtp_ranges([float(k) for k in range(50)], [0.1 * k for k in range(50)])
        text = repr(rows)
        self.assertLessEqual(text.count("\n"), 4)
        self.assertIn("50 WtpRange rows; .to_frame() for the table", text)


if __name__ == "__main__":
    unittest.main()
