# SPDX-License-Identifier: GPL-3.0-or-later
"""Outcome measures, EQ-5D-3L, QALYs, incremental analysis and PSA through
Python: R's prop.test/t.test intervals, published EQ-5D indices, the
reference incremental table, closed-form QALYs, and PSA curves checked
against a plain numpy implementation."""

import math
import random
import unittest

import libvalue

try:
    import numpy
except ImportError:
    numpy = None


class Outcomes(unittest.TestCase):
    def test_wilson_and_measures(self):
        # R: prop.test(81, 263, correct = FALSE)$conf.int; Newcombe (1998) 0.2553-0.3662
        lo, hi = libvalue.wilson(81, 263)
        self.assertAlmostEqual(lo, 0.255288519878274, delta=1e-13)
        self.assertAlmostEqual(hi, 0.366209576982800, delta=1e-13)
        with libvalue.Measure("30-day readmission", direction="lower", unit="%") as m:
            est = m.compute([1] * 81 + [0] * 182)
            self.assertAlmostEqual(est.estimate, 81 / 263, delta=1e-15)
            self.assertAlmostEqual(est.upper, 0.366209576982800, delta=1e-13)
            self.assertEqual(m.compare(0.12, 0.15), 1)
            self.assertEqual(m.describe()["direction"], "lower")
        # R: t.test(c(7.2, 6.8, 8.1, 5.9, 7.7, 6.4, 7.0, 8.3))$conf.int
        m = libvalue.Measure("Oxford knee score", type="prom", stat="mean", unit="points")
        est = m.compute([7.2, 6.8, 8.1, 5.9, 7.7, 6.4, 7.0, 8.3])
        self.assertAlmostEqual(est.lower, 6.483069568337411, delta=1e-12)
        self.assertAlmostEqual(est.upper, 7.866930431662587, delta=1e-12)
        with self.assertRaisesRegex(ValueError, r"unknown stat .median. \(did you mean .mean.\?\)"):
            libvalue.Measure("x", stat="median")
        with self.assertRaisesRegex(ValueError, r"values\[2\] is 2; a rate needs values 0 or 1"):
            libvalue.Measure("x").compute([0, 1, 2])

    def test_eq5d(self):
        uk, us = libvalue.EQ5D("UK-TTO"), libvalue.EQ5D("US-D1")
        for vs in (uk, us):
            self.assertEqual(vs.index(11111), 1.0)
        self.assertAlmostEqual(uk.index(33333), -0.594, delta=0.0005)  # Dolan (1997)
        self.assertAlmostEqual(us.index(33333), -0.109, delta=0.0005)  # Shaw et al. (2005)
        self.assertEqual(list(uk.indices(["11111", "33333"])), [uk.index(11111), uk.index(33333)])
        with self.assertRaisesRegex(ValueError, "11114"):
            uk.index(11114)
        with self.assertRaisesRegex(libvalue.NotFoundError, "XX"):
            libvalue.EQ5D("XX")
        own = libvalue.EQ5D.parse("name toy\nconstant 0.1\nMO 2 0.05\nN3 0.2\n")
        self.assertEqual(own.name, "toy")
        self.assertAlmostEqual(own.index(21111), 1 - 0.1 - 0.05, delta=1e-15)
        with self.assertRaises(libvalue.ParseError):
            libvalue.EQ5D.parse("MO 4 0.1\n")

    def test_qalys(self):
        r = libvalue.qalys([0, 1, 2], [0.8, 0.6, 0.7])            # trapezoids 0.70 + 0.65
        self.assertAlmostEqual(r.qalys, 1.35, delta=1e-14)
        self.assertAlmostEqual(r.life_years, 2.0, delta=1e-14)
        # (1 - 1.035^-10) / ln 1.035
        r = libvalue.qalys([0, 10], [1, 1], discount=0.035)
        self.assertAlmostEqual(r.qalys, (1 - 1.035 ** -10) / math.log(1.035), delta=1e-12)
        # one factor per year, end of year: the annuity factor
        with libvalue.Discount(0.035, timing="end") as d:
            r = libvalue.qalys([0, 10], [1, 1], discount=d, convention="per_period")
        self.assertAlmostEqual(r.qalys, (1 - 1.035 ** -10) / 0.035, delta=1e-12)
        with self.assertRaisesRegex(ValueError, r"utilities\[1\] is 1.2, outside \[-1, 1\]"):
            libvalue.qalys([0, 1], [1, 1.2])


class CostEffectiveness(unittest.TestCase):
    COST = [5000, 12000, 10000, 25000, 35000, 55000]
    EFFECT = [1, 1.5, 2, 3, 4, 5]
    NAMES = ["UC", "A", "B", "C", "D", "E"]

    def test_reference_table(self):
        rows = {r.name: r for r in libvalue.frontier(self.COST, self.EFFECT, self.NAMES)}
        self.assertEqual({n: r.status for n, r in rows.items()},
                         {"UC": "ND", "A": "D", "B": "ND", "C": "ED", "D": "ND", "E": "ND"})
        self.assertEqual((rows["B"].comparator, rows["D"].comparator, rows["E"].comparator), ("UC", "B", "D"))
        self.assertAlmostEqual(rows["B"].icer, 5000, delta=1e-9)
        self.assertAlmostEqual(rows["D"].icer, 12500, delta=1e-9)
        self.assertAlmostEqual(rows["E"].icer, 20000, delta=1e-9)
        self.assertTrue(math.isnan(rows["A"].icer))

    def test_heart_failure_drug(self):
        # seeds: +$88,900 for +0.75 QALY -> $118,533 per QALY; not cost-effective at $100,000
        cost, effect = [0, 88900], [0, 0.75]
        rows = libvalue.frontier(cost, effect, ["usual care", "new drug"])
        self.assertAlmostEqual(rows[1].icer, 88900 / 0.75, delta=1e-9)
        self.assertEqual(libvalue.optimal(cost, effect, 100000), 0)
        self.assertEqual(libvalue.optimal(cost, effect, 120000), 1)
        nmb, nhb = libvalue.net_benefit(cost, effect, 100000)
        self.assertAlmostEqual(nmb[1], 0.75 * 100000 - 88900, delta=1e-9)
        self.assertAlmostEqual(nhb[1], 0.75 - 88900 / 100000, delta=1e-15)
        ranges = libvalue.wtp_ranges(cost, effect)
        self.assertEqual(ranges[0], (0.0, 88900 / 0.75))
        self.assertEqual(ranges[1], (88900 / 0.75, math.inf))
        self.assertEqual(list(libvalue.value_ratio([2.0, 1.5], [20000, 12000])), [1e-4, 1.25e-4])

    def test_psa_hand_case(self):
        # 2 simulations x 2 strategies at lambda 0 and 10:
        # sim 0: (c, e) = (0, 0), (5, 1); sim 1: (0, 0), (5, 0.2)
        # lambda 0:  NMB (0, -5), (0, -5): strategy 0 best in both -> CEAC (1, 0), EVPI 0
        # lambda 10: NMB (0, 5), (0, -3): one each -> CEAC (0.5, 0.5); mean NMB (0, 1):
        #            CEAF strategy 1; EVPI = mean(5, 0) - 1 = 1.5; loss (2.5, 1.5)
        c = [[0, 5], [0, 5]]
        e = [[0, 1], [0, 0.2]]
        r = libvalue.psa_curves(c, e, [0, 10])
        self.assertEqual([list(row) for row in r.ceac], [[1.0, 0.0], [0.5, 0.5]])
        self.assertEqual(list(r.ceaf), [0, 1])
        self.assertEqual(list(r.ceaf_prob), [1.0, 0.5])
        self.assertAlmostEqual(r.evpi[0], 0.0, delta=1e-15)
        self.assertAlmostEqual(r.evpi[1], 1.5, delta=1e-14)
        self.assertAlmostEqual(r.loss[1][0], 2.5, delta=1e-14)
        self.assertAlmostEqual(r.loss[1][1], 1.5, delta=1e-14)

    @unittest.skipIf(numpy is None, "numpy not installed for this python")
    def test_psa_against_numpy(self):
        rng = numpy.random.default_rng(7)
        s, j = 2000, 4
        costs = rng.normal([1000, 2000, 2600, 4000], 300, size=(s, j))
        effects = rng.normal([1.0, 1.05, 1.09, 1.1], 0.04, size=(s, j))
        lambdas = numpy.linspace(0, 60000, 13)
        r = libvalue.psa_curves(costs, effects, lambdas)
        for l, lam in enumerate(lambdas):
            nmb = lam * effects - costs
            best = nmb.argmax(axis=1)
            ceac = numpy.bincount(best, minlength=j) / s
            numpy.testing.assert_allclose(r.ceac[l], ceac, rtol=0, atol=1e-15)
            evpi = nmb.max(axis=1).mean() - nmb.mean(axis=0).max()
            self.assertAlmostEqual(r.evpi[l], evpi, delta=1e-9 * max(1.0, abs(evpi)))
            self.assertEqual(r.ceaf[l], int(nmb.mean(axis=0).argmax()))
        dc, de = libvalue.psa_incremental(costs, effects, 0)
        numpy.testing.assert_allclose(numpy.array(dc), costs - costs[:, [0]], rtol=1e-15)
        summary = libvalue.psa_summary(costs, 0.025, 0.975)
        for k, (mean, lo, hi) in enumerate(summary):
            self.assertAlmostEqual(mean, costs[:, k].mean(), delta=1e-9)
            self.assertAlmostEqual(lo, numpy.quantile(costs[:, k], 0.025), delta=1e-9)
            self.assertAlmostEqual(hi, numpy.quantile(costs[:, k], 0.975), delta=1e-9)

    def test_errors(self):
        with self.assertRaisesRegex(ValueError, "cost, effect must have the same length"):
            libvalue.frontier([1, 2], [1])
        with self.assertRaisesRegex(ValueError, "NaN"):
            libvalue.frontier([1, float("nan")], [1, 2])
        with self.assertRaisesRegex(ValueError, "lambda"):
            libvalue.optimal([1, 2], [1, 2], -1)
        with self.assertRaisesRegex(ValueError, "costs: row 1 has 1 values, row 0 has 2"):
            libvalue.psa_curves([[1, 2], [3]], [[1, 2], [3, 4]], [0])


class Plots(unittest.TestCase):
    def test_matplotlib_helpers(self):
        try:
            import matplotlib
            matplotlib.use("Agg")
        except ImportError:
            self.skipTest("matplotlib not installed for this python")
        import matplotlib.pyplot as plt
        from libvalue import plots
        rnd = random.Random(3)
        c = [[rnd.gauss(1000, 100), rnd.gauss(3000, 300)] for _ in range(200)]
        e = [[rnd.gauss(1, 0.1), rnd.gauss(1.1, 0.1)] for _ in range(200)]
        curves = libvalue.psa_curves(c, e, [0, 10000, 20000, 40000])
        ax = plots.plot_ceac(curves, ["old", "new"])
        self.assertEqual([t.get_text() for t in ax.get_legend().get_texts()], ["old", "new", "CEAF (optimal strategy)"])
        plt.figure()
        dc, de = libvalue.psa_incremental(c, e)
        ax = plots.plot_ce_plane(dc, de, ["old", "new"], wtp=20000)
        self.assertEqual(len(ax.collections), 2)
        plt.close("all")


if __name__ == "__main__":
    unittest.main()
