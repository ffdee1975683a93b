# SPDX-License-Identifier: GPL-3.0-or-later
"""BPCI Advanced and ACA risk corridors from Python: hand-worked cases
(arithmetic in comments, from the model's rules and 45 CFR 153.510) and
bad input."""

import doctest
import math
import unittest

import libvalue
import libvalue


class Bpci(unittest.TestCase):
    TARGETS = [25000.0, 25000.0, 30000.0, 20000.0]  # T = 100,000

    def test_discount_and_target_price(self):
        # 3% through MY5 (2022); from MY6 (2023) 2% medical, 3% surgical
        self.assertEqual(libvalue.bpci_discount(2018, "medical"), 0.03)
        self.assertEqual(libvalue.bpci_discount(2023, "medical"), 0.02)
        self.assertEqual(libvalue.bpci_discount(2023, "surgical"), 0.03)
        # 2019 surgical: 20,000 x 1.05 x 1.02 = 21,420; x 0.97 = 20,777.40
        tp = libvalue.bpci_target_price(2019, "surgical", 20000, 1.05, 1.02)
        self.assertAlmostEqual(tp.benchmark_price, 21420, delta=1e-8)
        self.assertAlmostEqual(tp.target_price, 20777.4, delta=1e-8)

    def test_reconcile_positive_and_negative(self):
        # E = 90,000: D = 10,000; CQS 0.8 keeps 1 - 0.1 x 0.2 = 98%: 9,800
        s = libvalue.bpci_reconcile(2020, self.TARGETS, [22000, 24000, 26000, 18000], 0.8)
        self.assertAlmostEqual(s.final_payment, 9800, delta=1e-8)
        self.assertAlmostEqual(s.amounts["quality_adjustment"], -200, delta=1e-8)
        self.assertTrue(any(ln.step == "quality" for ln in s.lines))
        # E = 110,000: D = -10,000; CQS 0.8 reduces the repayment to 92%: -9,200
        s = libvalue.bpci_reconcile(2020, self.TARGETS, [30000, 28000, 32000, 20000], 0.8)
        self.assertAlmostEqual(s.final_payment, -9200, delta=1e-8)

    def test_stop_gain_and_stop_loss(self):
        # E = 70,000: D = 30,000 x (1 - 0.1 x 0.5) = 28,500 > 20,000: 20,000
        s = libvalue.bpci_reconcile(2019, self.TARGETS, [17500, 17500, 21000, 14000], 0.5)
        self.assertAlmostEqual(s.final_payment, 20000, delta=1e-8)
        self.assertTrue(any(ln.step == "stop-gain" for ln in s.lines))
        # E = 130,000, CQS 0: D = -30,000 beyond -20,000: -20,000
        s = libvalue.bpci_reconcile(2024, self.TARGETS, [32500, 32500, 39000, 26000], 0.0)
        self.assertAlmostEqual(s.final_payment, -20000, delta=1e-8)

    def test_winsorize(self):
        # {10, ..., 50} at 10% / 90%: h = 4p; 14 and 46
        w = libvalue.bpci_winsorize([50, 10, 40, 20, 30], 0.1, 0.9)
        self.assertAlmostEqual(w.lower, 14, delta=1e-12)
        self.assertAlmostEqual(w.upper, 46, delta=1e-12)
        self.assertEqual([round(x, 9) for x in w.spending], [46, 14, 40, 20, 30])
        # winsorized in the reconciliation: 1,000 + 24,000 + 26,000 + 50,000
        # = 101,000 against 100,000; D = -1,000; CQS 1: -900
        s = libvalue.bpci_reconcile(2022, [25000] * 4, [500, 24000, 26000, 60000], 1.0, winsor_lower=1000,
                                    winsor_upper=50000)
        self.assertAlmostEqual(s.amounts["expenditure"], 101000, delta=1e-6)
        self.assertAlmostEqual(s.final_payment, -900, delta=1e-8)

    def test_bad_input(self):
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "bpci has no model year 2026"):
            libvalue.bpci_discount(2026, "medical")
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"unknown episode_type .dental. \(one of .medical., .surgical.\)"):
            libvalue.bpci_discount(2020, "dental")
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"quality_score is 1.5, must be in \[0, 1\]"):
            libvalue.bpci_reconcile(2020, self.TARGETS, [1, 2, 3, 4], 1.5)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "spending\\[1\\] is NaN"):
            libvalue.bpci_reconcile(2020, self.TARGETS, [1, math.nan, 3, 4], 0.5)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "same length"):
            libvalue.bpci_reconcile(2020, self.TARGETS, [1, 2, 3], 0.5)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "baseline_price is 0"):
            libvalue.bpci_target_price(2020, "medical", 0, 1, 1)


class Aca(unittest.TestCase):
    def test_each_band_both_sides(self):
        # T = 1,000,000.  102% and 98%: nothing; 105%: 50% x 20,000 = 10,000;
        # 110%: 25,000 + 80% x 20,000 = 41,000; 95%: -10,000; 90%: -41,000
        costs = [1.02e6, 0.98e6, 1.05e6, 1.10e6, 0.95e6, 0.90e6]
        want = [0, 0, 10000, 41000, -10000, -41000]
        got = libvalue.aca_risk_corridor(2015, [1e6] * 6, costs)
        for g, w in zip(got, want):
            self.assertAlmostEqual(g, w, delta=1e-6)

    def test_settlement(self):
        s = libvalue.aca_risk_corridor_settle(2016, 1e6, 1.1e6)
        self.assertAlmostEqual(s.final_payment, 41000, delta=1e-6)
        bands = [ln for ln in s.lines if ln.step == "band"]
        self.assertEqual(len(bands), 2)
        self.assertAlmostEqual(bands[0].amount, 25000, delta=1e-6)
        self.assertAlmostEqual(bands[1].amount, 16000, delta=1e-6)

    def test_bad_input(self):
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"aca has no benefit year 2017 \(known: 2014-2016\)"):
            libvalue.aca_risk_corridor(2017, [1e6], [1e6])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "allowable_costs\\[0\\] is -1"):
            libvalue.aca_risk_corridor(2014, [1e6], [-1.0])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "target\\[1\\] is 0"):
            libvalue.aca_risk_corridor(2014, [1e6, 0.0], [1e6, 1e6])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "same length"):
            libvalue.aca_risk_corridor(2014, [1e6, 1e6], [1e6])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "allowable_costs is NaN"):
            libvalue.aca_risk_corridor_settle(2014, 1e6, math.nan)

    def test_doctests(self):
        self.assertEqual(doctest.testmod(libvalue.programs.bpci).failed, 0)


if __name__ == "__main__":
    unittest.main()
