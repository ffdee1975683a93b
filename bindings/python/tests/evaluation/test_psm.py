# SPDX-License-Identifier: GPL-3.0-or-later
"""Partitioned survival models through Python: the three-state model with
exponential curves against its closed form (the geometric series of the
trapezoid rule, written out below), curves in as DataFrames and results
out as DataFrames, the crossing rule, PSA batches, and bad input."""

import math
import unittest

import libvalue

try:
    import numpy as np
    import pandas as pd
except ImportError:  # the pyenv python3 has neither
    np = pd = None


def trapezoid(c, L, J):
    """L sum_j w_j e^{-c j L}, w = (1/2, 1, ..., 1, 1/2): with q = e^{-cL},
    L [(1 - q^{J+1}) / (1 - q) - (1 + q^J) / 2]."""
    q = math.exp(-c * L)
    return L * ((1 - q ** (J + 1)) / (1 - q) - (1 + q ** J) / 2)


class PSM(unittest.TestCase):
    def model(self, J=40, L=1.0):
        m = libvalue.PartitionedSurvivalModel(["pf", "pd", "dead"], cycles=J, cycle_length=L,
                                              discount_costs=0.035, discount_effects=0.035)
        return m.set_state_rewards([1000 * L, 3000 * L, 0], [0.8, 0.6, 0])

    def test_closed_form(self):
        # PFS e^{-0.5 t}, OS e^{-0.2 t}, discounting e^{-d t} with d = log 1.035
        a, b, d = 0.5, 0.2, math.log(1.035)
        m = self.model()
        curves = {"pfs": m.curve("exponential", a), "os": m.curve("exponential", b)}
        r = m.run(curves)
        gA, gB = trapezoid(a + d, 1.0, 40), trapezoid(b + d, 1.0, 40)
        self.assertAlmostEqual(r.life_years / gB, 1.0, delta=1e-12)
        self.assertAlmostEqual(r.qalys / (0.8 * gA + 0.6 * (gB - gA)), 1.0, delta=1e-12)
        self.assertAlmostEqual(r.cost / (1000 * gA + 3000 * (gB - gA)), 1.0, delta=1e-12)

    @unittest.skipIf(pd is None, "needs pandas")
    def test_data_frames(self):
        m = self.model(J=4)
        t = np.arange(5.0)
        curves = pd.DataFrame({"pfs": np.exp(-0.5 * t), "os": np.exp(-0.2 * t)})
        tr = m.trace(curves).to_frame()
        self.assertEqual(list(tr.columns), ["pf", "pd", "dead"])
        self.assertAlmostEqual(tr.loc[2, "pd"], math.exp(-0.4) - math.exp(-1.0), delta=1e-15)
        sv = m.state_values(curves).to_frame()
        self.assertEqual(list(sv.index), ["pf", "pd", "dead"])
        self.assertAlmostEqual(sv["life_years"].sum(), m.run(curves).life_years, delta=1e-12)
        # a PSA batch of 3 draws = the single runs
        sets = [pd.DataFrame({"pfs": np.exp(-a * t), "os": np.exp(-b * t)})
                for a, b in ((0.5, 0.2), (0.4, 0.25), (0.3, 0.1))]
        bt = m.run_batch(sets).to_frame()
        self.assertEqual(len(bt), 3)
        for k, s in enumerate(sets):
            self.assertEqual(bt["qalys"][k], m.run(s).qalys)
        own = m.run_batch(sets, cost=[[2000, 3000, 0]] * 3, utility=[[0.8, 0.6, 0]] * 3)
        self.assertGreater(own.cost[0], bt["cost"][0])

    def test_crossing(self):
        m = libvalue.PartitionedSurvivalModel(["pf", "pd", "dead"], cycles=4, correction="end")
        c = {"pfs": [1, 0.8, 0.6, 0.5, 0.4], "os": [1, 0.9, 0.55, 0.45, 0.42]}
        self.assertEqual(m.crossings(c), (2, 0, 2))
        self.assertEqual(min(v for row in m.trace(c) for v in row), 0.0)

    def test_bad_input(self):
        m = libvalue.PartitionedSurvivalModel(["pf", "pd", "dead"], cycles=2)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"surv\[4\] \(row 1, column 1\) is 1.1"):
            m.run({"pfs": [1, 0.9, 0.8], "os": [1, 1.1, 0.9]})
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "never rises"):
            m.run({"pfs": [1, 0.8, 0.9], "os": [1, 0.9, 0.9]})
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "must have 2 columns"):
            m.run({"os": [1, 0.9, 0.8]})
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "did you mean 'simpson'"):
            libvalue.PartitionedSurvivalModel(["a", "d"], cycles=2, correction="simpsn")
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "cycle_length is 0"):
            libvalue.PartitionedSurvivalModel(["a", "d"], cycles=2, cycle_length=0)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "n_states is 1"):
            libvalue.PartitionedSurvivalModel(["a"], cycles=2)


if __name__ == "__main__":
    unittest.main()
