# SPDX-License-Identifier: GPL-3.0-or-later
"""Every plot of libvalue.plots rendered to $LIBVALUE_PLOT_DIR/<kind>.png
(Agg backend), with what a reader needs asserted on the Axes."""

import math
import os
import tempfile
import unittest

import libvalue

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.colors
    import matplotlib.pyplot as plt
except ImportError:
    matplotlib = None

try:
    import pandas
except ImportError:
    pandas = None

PLOT_DIR = os.environ.get("LIBVALUE_PLOT_DIR") or tempfile.mkdtemp(prefix="libvalue-plots-")
STRATEGIES = ["usual care", "drug A", "drug B"]


def save(ax, kind):
    os.makedirs(PLOT_DIR, exist_ok=True)
    path = os.path.join(PLOT_DIR, kind + ".png")
    ax.figure.savefig(path, dpi=90, bbox_inches="tight")
    plt.close(ax.figure)
    return path


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def psa_tables():
    """1000 PSA draws from the library's own sampler (seeded): costs and
    effects of three strategies; both new drugs cost more and do better, so
    every incremental point is in the north-east quadrant."""
    s = libvalue.Sampler()
    for name, (c, sd_c, e, sd_e) in zip(STRATEGIES, [(1000, 50, 1.00, 0.01), (6000, 400, 1.20, 0.03),
                                                     (14000, 900, 1.32, 0.04)]):
        s.add("cost " + name, "normal", c, sd_c)
        s.add("effect " + name, "normal", e, sd_e)
    d = s.draw(1000, 20261202)
    costs = [[row[2 * j] for j in range(3)] for row in d]
    effects = [[row[2 * j + 1] for j in range(3)] for row in d]
    if pandas is not None:
        return pandas.DataFrame(costs, columns=STRATEGIES), pandas.DataFrame(effects, columns=STRATEGIES)
    return costs, effects


@unittest.skipIf(matplotlib is None, "matplotlib not installed for this python")
class Plots(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.costs, cls.effects = psa_tables()
        cls.lambdas = [2000.0 * k for k in range(51)]  # 0 .. 100,000
        cls.curves = libvalue.psa_curves(cls.costs, cls.effects, cls.lambdas, None if pandas else STRATEGIES)

    def tearDown(self):
        plt.close("all")

    def test_ceac(self):
        ax = libvalue.plots.ceac(self.curves)
        save(ax, "ceac")
        self.assertEqual(legend_texts(ax), STRATEGIES + ["CEAF (optimal strategy)"])
        self.assertEqual(ax.get_xlim(), (0.0, 100000.0))
        lines = ax.get_lines()
        for line in lines[:3]:
            y = line.get_ydata()
            self.assertTrue(all(0.0 <= v <= 1.0 for v in y))
        # the CEAF line is the probability of the optimal strategy at each lambda
        ceaf = [ln for ln in lines if ln.get_label() == "CEAF (optimal strategy)"][0]
        self.assertEqual([float(v) for v in ceaf.get_ydata()], [float(v) for v in self.curves.ceaf_prob])
        self.assertEqual(self.curves.optimal[0], "usual care")  # at lambda 0 the cheapest
        self.assertEqual(self.curves.optimal[-1], "drug B")     # ICER B vs A ~ 8000/0.12 = 66,667 < 100,000

    def test_ce_plane(self):
        ax = libvalue.plots.ce_plane(self.costs, self.effects, comparator="usual care", names=None if pandas else
                                     STRATEGIES, wtp=50000)
        save(ax, "ce_plane")
        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()
        self.assertTrue(x0 < 0 < x1 and y0 < 0 < y1, (ax.get_xlim(), ax.get_ylim()))  # the origin in view
        self.assertEqual(legend_texts(ax), ["drug A", "drug B"])  # the comparator is not a point
        labels = [c.get_label() for c in ax.collections]
        self.assertNotIn("usual care", labels)
        means = {c.get_label(): c.get_offsets()[0] for c in ax.collections if c.get_label() in ("drug A", "drug B")}
        # drug A against usual care: about (1.20 - 1.00, 6000 - 1000) = (0.2, 5000); sd of the mean ~ 13
        self.assertAlmostEqual(float(means["drug A"][0]), 0.2, delta=0.005)
        self.assertAlmostEqual(float(means["drug A"][1]), 5000, delta=60)
        wtp = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
        self.assertEqual(len(wtp), 1)  # the WTP line (an axline through the origin, slope 50,000)

    def test_evpi(self):
        ax = libvalue.plots.evpi(self.curves)
        save(ax, "evpi")
        self.assertEqual(ax.get_ylim()[0], 0.0)
        self.assertEqual([float(v) for v in ax.get_lines()[0].get_ydata()], [float(v) for v in self.curves.evpi])
        self.assertGreater(max(self.curves.evpi), 0)

    def test_expected_loss(self):
        ax = libvalue.plots.expected_loss(self.curves)
        save(ax, "expected_loss")
        self.assertEqual(legend_texts(ax), STRATEGIES + ["frontier (least loss)"])
        # the least expected loss is the EVPI (both: E[max NB] - max E[NB])
        least = ax.get_lines()[3].get_ydata()
        for a, b in zip(least, self.curves.evpi):
            self.assertAlmostEqual(float(a), float(b), delta=1e-6 * max(1.0, float(b)))

    def test_frontier(self):
        # A to B: ICER 10000/0.2 = 50,000; B to C: 10000/0.8 = 12,500 < 50,000, so B is
        # extendedly dominated; D costs more than C for less effect: dominated.
        rows = libvalue.frontier([0, 10000, 20000, 30000, 35000], [0, 1.0, 1.2, 2.0, 1.9],
                                 ["none", "A", "B", "C", "D"])
        self.assertEqual([r.status for r in rows], ["ND", "ND", "ED", "ND", "D"])
        ax = libvalue.plots.frontier(rows)
        save(ax, "frontier")
        self.assertEqual(legend_texts(ax), ["frontier", "dominated", "extendedly dominated"])
        line = ax.get_lines()[0]
        self.assertEqual(list(line.get_xdata()), [0.0, 1.0, 2.0])  # none, A, C in order of effect
        texts = [t.get_text() for t in ax.texts]
        self.assertIn("ICER 20,000", texts)  # C against A: 20000 / 1.0
        for name in "none A B C D".split():
            self.assertIn(name, texts)

    def test_inb(self):
        ax = libvalue.plots.inb(self.costs, self.effects, self.lambdas, "usual care",
                                None if pandas else STRATEGIES)
        save(ax, "inb")
        self.assertEqual(legend_texts(ax), ["drug A", "drug B"])
        a = ax.get_lines()[0]
        x, y = list(a.get_xdata()), list(a.get_ydata())
        self.assertEqual(x[0], 2000.0)  # lambda > 0 only
        self.assertEqual(x[-1], 100000.0)
        # drug A's INB crosses 0 at its ICER, about 5000 / 0.2 = 25,000
        cross = [x[i] for i in range(1, len(x)) if y[i - 1] < 0 <= y[i]]
        self.assertEqual(len(cross), 1)
        self.assertTrue(22000 <= cross[0] <= 28000, cross)

    def test_tornado(self):
        # result = 2a - 3b + 0.5c around (1, 1, 1): c from -10..14 moves it -6..6,
        # a from 0..3 moves it -2.5..3.5, b from 0.5..1.5 moves it 1..-2
        res = libvalue.oneway(lambda x: 2 * x[0] - 3 * x[1] + 0.5 * x[2], [1, 1, 1], [0, 0.5, -10], [3, 1.5, 14],
                              ["a", "b", "c"])
        ax = libvalue.plots.tornado(res)
        save(ax, "tornado")
        self.assertEqual([t.get_text() for t in ax.get_yticklabels()], ["b", "a", "c"])  # widest (c) on top
        colours = [matplotlib.colors.to_hex(c.get_facecolor()[0]) for c in ax.collections]
        low, high = matplotlib.colors.to_hex(libvalue.plots.LOW_COLOUR), matplotlib.colors.to_hex(
            libvalue.plots.HIGH_COLOUR)
        self.assertEqual(colours, [low, high] * 3)
        texts = [t.get_text() for t in ax.texts]
        for v in ("-10", "14", "0", "3", "0.5", "1.5"):
            self.assertIn(v, texts)
        self.assertEqual(ax.get_lines()[0].get_xdata()[0], -0.5)  # the base line at 2 - 3 + 0.5
        self.assertEqual(legend_texts(ax), ["parameter at its low value", "parameter at its high value"])

    def test_km(self):
        # survival::aml by arm (tests/data/survival/aml.csv): at risk at 0, 12, 24, 36, 48 weeks
        # (summary(survfit(...), times = ...)$n.risk): Maintained 11 10 6 3 2, Nonmaintained 12 8 5 2 0
        t = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
        e = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]
        g = ["Maintained"] * 11 + ["Nonmaintained"] * 12
        with libvalue.KaplanMeier(time=t, event=e, group=g) as km:
            ax = libvalue.plots.km(km, times=[0, 12, 24, 36, 48])
            save(ax, "km")
            self.assertEqual(legend_texts(ax), ["Maintained", "Nonmaintained"])
            texts = [x.get_text() for x in ax.texts]
            self.assertEqual(texts, ["at risk", "Maintained", "11", "10", "6", "3", "2",
                                     "Nonmaintained", "12", "8", "5", "2", "0"])
            curve = ax.get_lines()[0]
            self.assertEqual(float(curve.get_xdata()[0]), 0.0)
            self.assertAlmostEqual(float(curve.get_ydata()[1]), 10 / 11, delta=1e-15)  # S(9) = 10/11

    def test_markov_trace(self):
        m = libvalue.MarkovModel(3, cycles=20, state_names=["well", "sick", "dead"])
        m.set_initial([1, 0, 0]).set_transitions([[0.85, 0.1, 0.05], [0, 0.8, 0.2], [0, 0, 1]])
        trace = m.trace()
        ax = libvalue.plots.markov_trace(trace)
        save(ax, "markov_trace")
        self.assertEqual(legend_texts(ax), ["well", "sick", "dead"])
        self.assertEqual(ax.get_xlim(), (0.0, 20.0))
        well = ax.get_lines()[0].get_ydata()
        self.assertAlmostEqual(float(well[20]), 0.85 ** 20, delta=1e-12)

    def funnel_data(self):
        # 40 hospitals, expected deaths 2..120; O = E except hospital 7 (E 80, O 120:
        # O/E 1.5, far above the 99.8% limit, ~ 1 + 3.09/sqrt(80) = 1.35) and
        # hospital 30 (E 60, O 30: O/E 0.5, below ~ 1 - 3.09/sqrt(60) = 0.60)
        size = [2 + 3 * i for i in range(40)]
        observed = [float(round(e)) for e in size]
        observed[7], size[7] = 120.0, 80.0
        observed[30], size[30] = 30.0, 60.0
        return observed, size

    def test_funnel(self):
        observed, size = self.funnel_data()
        ax = libvalue.plots.funnel(observed, size, kind="ratio", target=1.0, labels=["H%02d" % i for i in range(40)])
        save(ax, "funnel")
        limits = [ln for ln in ax.get_lines() if "limits" in ln.get_label() or ln.get_label().startswith("_")]
        limits = [ln for ln in limits if len(ln.get_xdata()) > 2]
        self.assertEqual(len(limits), 4)  # 95% and 99.8%, lower and upper
        for ln in limits:
            x = ln.get_xdata()
            self.assertLessEqual(x[0], max(size) / 100)  # from near 0 ...
            self.assertEqual(x[-1], max(size))           # ... to the largest hospital
        self.assertEqual(ax.get_xlim()[0], 0.0)
        labelled = sorted(t.get_text() for t in ax.texts)
        self.assertIn("H07", labelled)
        self.assertIn("H30", labelled)
        # points coloured by their flag: red beyond the 99.8% limits
        colours = ax.collections[0].get_facecolors()
        red = matplotlib.colors.to_rgba("tab:red")
        self.assertEqual(tuple(colours[7]), red)
        self.assertEqual(tuple(colours[30]), red)
        y0, y1 = ax.get_ylim()
        self.assertTrue(y0 <= 0.5 and y1 >= 1.5)  # both outliers in view

    def test_funnel_overdispersed(self):
        # hospitals with O/E spread beyond Poisson: alternately 0.8 and 1.25 (z ~ 0.2 sqrt(E), E 10..155:
        # phi = mean z^2 ~ 0.04 x 80 ~ 3)
        size = [10.0 + 5 * i for i in range(30)]
        observed = [float(round(e * (1.25 if i % 2 else 0.8))) for i, e in enumerate(size)]
        ax = libvalue.plots.funnel(observed, size, kind="ratio", target=1.0, overdispersion="multiplicative")
        save(ax, "funnel_overdispersed")
        texts = legend_texts(ax)
        self.assertTrue(any("over-dispersed (phi" in t for t in texts), texts)
        a = libvalue.funnel_assess(observed, size, "ratio", 1.0, "multiplicative")
        self.assertTrue(2 < a.phi < 5, a.phi)
        wide = [ln for ln in ax.get_lines() if "over-dispersed" in ln.get_label()]
        self.assertEqual(len(wide), 2)
        self.assertLessEqual(wide[0].get_xdata()[0], max(size) / 100)
        self.assertEqual(wide[0].get_xdata()[-1], max(size))

    def test_caterpillar(self):
        p = libvalue.Profile(4)
        p.add_counts([0, 1, 2, 3], [10, 30, 25, 5], [20.0, 20.0, 25.0, 10.0], [200, 200, 250, 100])
        res = p.results()
        ax = libvalue.plots.caterpillar(res, labels=["north", "south", "east", "west"])
        save(ax, "caterpillar")
        # O/E: north 0.5, south 1.5, east 1.0, west 0.5 -> sorted (stable): north, west, east, south
        self.assertEqual([t.get_text() for t in ax.get_yticklabels()], ["north", "west", "east", "south"])
        self.assertEqual(len(ax.collections), 4)  # one interval per provider
        seg = ax.collections[3].get_segments()[0]  # south's interval
        self.assertAlmostEqual(seg[0][0], res[1].lower, delta=1e-12)
        self.assertAlmostEqual(seg[1][0], res[1].upper, delta=1e-12)

    def test_waterfall(self):
        s = libvalue.mssp_settle(2014, "track_1", assigned_beneficiaries=34601, benchmark=450902466,
                                 expenditure=418729017, quality_score=0.916964286)
        ax = libvalue.plots.waterfall(s)
        save(ax, "waterfall")
        drawn = [ln for ln in s.lines if ln.step in libvalue.plots.TOTAL_STEPS + libvalue.plots.CHANGE_STEPS]
        self.assertEqual([t.get_text() for t in ax.get_xticklabels()],
                         ["benchmark", "savings", "shared", "cap", "reduction", "payment"])
        self.assertEqual([t.get_text() for t in ax.get_xticklabels()], [ln.step for ln in drawn])  # line order
        bars = ax.patches
        self.assertEqual(len(bars), 6)
        self.assertAlmostEqual(bars[0].get_height(), 450902466, delta=1e-6)
        # the reduction floats from the capped shared savings down by 2%: 14,750,951.85 - 295,019.04
        self.assertAlmostEqual(bars[4].get_y(), 14750951.845221207, delta=1e-6)
        self.assertAlmostEqual(bars[4].get_height(), -295019.03690442414, delta=1e-6)
        self.assertAlmostEqual(bars[5].get_height(), 14455932.808316782, delta=1e-6)  # CMS's file: 14,455,933
        ax = libvalue.plots.waterfall(s, start="savings")  # the benchmark left out
        self.assertEqual([t.get_text() for t in ax.get_xticklabels()],
                         ["savings", "shared", "cap", "reduction", "payment"])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"unknown step 'saving' \(did you mean 'savings'\?\)"):
            libvalue.plots.waterfall(s, start="saving")


if __name__ == "__main__":
    unittest.main()
