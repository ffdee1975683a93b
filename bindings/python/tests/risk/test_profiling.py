# SPDX-License-Identifier: GPL-3.0-or-later
"""Profiling and fairness from Python.  Expected numbers: fairlearn's
documentation example and the PHE Byar test data (both in
tests/data/README.md), and hand calculations in comments."""

import unittest

import libvalue

# fairlearn documentation example
Y_TRUE = [0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1]
Y_PRED = [0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0]
GROUP = ["abc".index(g) for g in "bbabbcccaacabccbcc"]


class Fairness(unittest.TestCase):
    def test_fairlearn_example(self):
        rows, overall = libvalue.fairness_by_group(Y_TRUE, Y_PRED, GROUP)
        a, b, c = rows
        self.assertEqual((a.n, b.n, c.n), (4, 6, 8))
        self.assertEqual((a.tpr, a.fpr, a.selection), (0.5, 1.0, 0.75))
        self.assertEqual((b.tpr, b.fpr, b.selection), (0.6, 0.0, 0.5))
        self.assertAlmostEqual(c.tpr, 0.4, delta=1e-15)
        self.assertAlmostEqual(c.fpr, 2 / 3, delta=1e-15)
        self.assertEqual(overall.n, 18)
        s = libvalue.fairness_summary(Y_TRUE, Y_PRED, GROUP)
        self.assertAlmostEqual(s.tpr_difference, 0.2, delta=1e-15)
        self.assertAlmostEqual(s.fpr_difference, 1.0, delta=1e-15)
        self.assertAlmostEqual(s.equalized_odds_difference, 1.0, delta=1e-15)
        self.assertAlmostEqual(s.selection_difference, 0.25, delta=1e-15)
        self.assertAlmostEqual(s.selection_ratio, 2 / 3, delta=1e-15)

    def test_two_models(self):
        # model "with" predicts group a's positives too: overall precision
        # rises and group a's TPR moves from 0.5 to 1 (a's positives are
        # people 2 and 8; "with" selects person 8 as well)
        with_var = list(Y_PRED)
        with_var[8] = 1
        cmp = libvalue.fairness_compare(Y_TRUE, {"without": Y_PRED, "with": with_var}, GROUP)
        # overall PPV: without, 10 selected (people 2,4,5,6,9,10,11,12,15,16)
        # of whom 6 are positive (2,4,6,12,15,16); with, 7 of 11
        self.assertAlmostEqual(cmp["without"].overall_ppv, 6 / 10, delta=1e-15)
        self.assertAlmostEqual(cmp["with"].overall_ppv, 7 / 11, delta=1e-15)
        # TPR gap: without a .5, b .6, c .4 -> .2; with a 1.0 -> 1.0 - .4 = .6
        self.assertAlmostEqual(cmp["with"].tpr_difference, 0.6, delta=1e-15)

    def test_errors(self):
        with self.assertRaisesRegex(ValueError, "threshold"):
            libvalue.fairness_by_group(Y_TRUE, Y_PRED, GROUP, threshold=1.5)
        bad = list(Y_TRUE)
        bad[0] = 2
        with self.assertRaisesRegex(ValueError, "y_true"):
            libvalue.fairness_summary(bad, Y_PRED, GROUP)


class Profiles(unittest.TestCase):
    def test_byar_and_merge(self):
        # provider 0: O = 65, E = 1 -> Byar 95% (50.163187710459454, 82.849138545939837)
        p = libvalue.Profile(2)
        p.add_counts([0, 1], [65, 3], [1.0, 2.5], [100, 50])
        r0, r1 = p.results()
        self.assertAlmostEqual(r0.lower, 50.163187710459454, delta=1e-12 * 50)
        self.assertAlmostEqual(r0.upper, 82.849138545939837, delta=1e-12 * 83)
        self.assertAlmostEqual(r1.oe, 1.2, delta=1e-15)
        self.assertAlmostEqual(r0.z, (65 - 1) / 1.0, delta=1e-12)
        # records split over two profiles and merged = one pass
        prov = [0, 0, 1, 1, 1, 0]
        obs = [1, 0, 1, 1, 0, 1]
        exp_ = [0.2, 0.3, 0.5, 0.4, 0.1, 0.6]
        one = libvalue.Profile(2).add_records(prov, obs, exp_)
        a = libvalue.Profile(2).add_records(prov[:3], obs[:3], exp_[:3])
        b = libvalue.Profile(2).add_records(prov[3:], obs[3:], exp_[3:])
        merged = b.merge(a).results()
        for x, y in zip(one.results(), merged):
            self.assertEqual(x.observed, y.observed)
            self.assertAlmostEqual(x.expected, y.expected, delta=1e-15)

    def test_funnel_and_peers(self):
        lo, hi = libvalue.funnel_limits([10.0, 100.0, 1000.0])
        for l_, h in zip(lo, hi):
            self.assertTrue(0 <= l_ < 1 < h)
        self.assertTrue(hi[0] > hi[1] > hi[2])  # the funnel narrows
        # 10 providers into quintiles by rank: x sorted is 1..10 -> groups 0,0,1,1,...,4,4
        x = [5, 1, 9, 3, 7, 2, 10, 4, 8, 6]
        self.assertEqual(list(libvalue.peer_groups(x, 5)), [2, 0, 4, 1, 3, 0, 4, 1, 3, 2])
        # the pooled target is sum O / sum E = 191 / 190 (by hand), and is reported
        a = libvalue.funnel_assess([8, 3, 20, 40, 30, 90], [4, 9, 16, 25, 36, 100])
        self.assertAlmostEqual(a.target, 191 / 190, places=15)
        self.assertEqual(libvalue.funnel_assess([8, 3], [4, 9], target=1.0).target, 1.0)

    def test_disparities_and_budget(self):
        # group 0 (reference): 2 of 4; group 1: 3 of 4 -> difference .25, ratio 1.5
        d = libvalue.disparity_rates([1, 1, 0, 0, 1, 1, 1, 0], [0, 0, 0, 0, 1, 1, 1, 1])
        self.assertEqual((d.rows[0].rate, d.rows[1].rate), (0.5, 0.75))
        self.assertAlmostEqual(d.rows[1].difference, 0.25, delta=1e-15)
        self.assertAlmostEqual(d.rows[1].ratio, 1.5, delta=1e-15)
        # budget 1000: populations 300/700 -> 300/700; need 1/3 -> 250/750
        al = libvalue.allocate_budget(1000, [300, 700], [1, 3])
        self.assertEqual(list(al.equality), [300.0, 700.0])
        self.assertEqual(list(al.equity), [250.0, 750.0])
        self.assertEqual(list(al.gap), [-50.0, 50.0])

    def test_funnel_plot(self):
        try:
            import matplotlib
            matplotlib.use("Agg")
        except ImportError:
            self.skipTest("matplotlib not installed for this python")
        from libvalue import plots
        observed, expected = [12, 30, 5, 60, 41], [10.0, 25.0, 8.0, 40.0, 44.0]
        ax = plots.plot_funnel(observed, expected, labels="ABCDE", grid=50)
        self.assertEqual(len(ax.lines), 5)  # two limits at two levels and the target
        self.assertEqual(len(ax.collections), 1)


if __name__ == "__main__":
    unittest.main()
