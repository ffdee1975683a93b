# SPDX-License-Identifier: GPL-3.0-or-later
"""HRRP from Python: the hand-worked cases of tests/programs/check_hrrp.c (42 CFR
412.152/412.154; arithmetic in the comments) and bad input."""

import doctest
import math
import unittest

import libvalue
from libvalue import hrrp


class Hrrp(unittest.TestCase):
    def test_doctest(self):
        self.assertEqual(doctest.testmod(hrrp, verbose=False).failed, 0)

    def test_conditions_in_force(self):
        # AMI, HF, PN from FY 2013; COPD, THA/TKA from FY 2015; CABG from FY 2017; PN not in FY 2023
        self.assertEqual(hrrp.conditions_in_force(2013), ["ami", "hf", "pn"])
        self.assertEqual(sorted(hrrp.conditions_in_force(2016)), ["ami", "copd", "hf", "pn", "tha_tka"])
        self.assertEqual(len(hrrp.conditions_in_force(2017)), 6)
        self.assertNotIn("pn", hrrp.conditions_in_force(2023))

    def test_err(self):
        # 30/25 = 1.2; 9/10 = 0.9 at exactly 25 discharges; 24 discharges: no ERR
        e = hrrp.excess_readmission_ratio(2014, [30, 9, 10], [25, 10, 8], [100, 25, 24])
        self.assertAlmostEqual(e[0], 1.2, delta=1e-12)
        self.assertAlmostEqual(e[1], 0.9, delta=1e-12)
        self.assertTrue(math.isnan(e[2]))

    def test_nonstratified(self):
        # P = 10,000,000: AMI 1e6 x 0.10 + PN 1.5e6 x 0.05 + THA/TKA 1.2e6 x 0.02 = 199,000
        # (HF below 1, COPD 20 discharges); ratio 0.9801 above floor 0.97
        r = hrrp.factor_nonstratified(2015, ["ami", "hf", "pn", "copd", "tha_tka"], [1.10, 0.95, 1.05, 1.30, 1.02],
                                      [100, 200, 150, 20, 80], [1e6, 2e6, 1.5e6, 5e5, 1.2e6], 1e7)
        self.assertAlmostEqual(r.ratio, 0.9801, delta=1e-12)
        self.assertEqual(r.factor, 0.9801)
        self.assertAlmostEqual(r.contribution[2], 0.0075, delta=1e-12)
        # floor binding: r = 300,000 / 5,000,000 = 0.06 -> ratio 0.94 -> 0.99 (FY 2013), 0.98 (FY 2014)
        for year, floor in ((2013, 0.99), (2014, 0.98)):
            r = hrrp.factor_nonstratified(year, ["ami", "hf", "pn"], [1.25, 1.10, 0.90], [60, 90, 120],
                                          [8e5, 1e6, 1.2e6], 5e6)
            self.assertAlmostEqual(r.ratio, 0.94, delta=1e-12)
            self.assertEqual(r.factor, floor)

    def test_stratified_and_cap(self):
        # NM 0.95, P = 2e7: AMI 0.95 x 1e6 x (1.08 - 1.02) / 2e7 = 0.00285; CABG 0.95 x 3e6 x 0.10 / 2e7 = 0.01425
        args = (["ami", "hf", "pn", "cabg"], [1.08, 0.99, 1.20, 1.10], [50, 300, 24, 40], [1e6, 2e6, 4e5, 3e6],
                [1.02, 1.01, 0.98, 1.00], 2e7, 0.95)
        r = hrrp.factor_stratified(2020, *args)
        self.assertAlmostEqual(r.ratio, 0.9829, delta=1e-12)
        self.assertEqual(r.factor, 0.9829)
        # CABG ERR 1.50: 0.95 x 3e6 x 0.5 / 2e7 = 0.07125; ratio 0.9259 -> 3% cap, 0.97
        err = [1.08, 0.99, 1.20, 1.50]
        r = hrrp.factor_stratified(2021, args[0], err, *args[2:])
        self.assertAlmostEqual(r.ratio, 0.9259, delta=1e-12)
        self.assertEqual(r.factor, 0.97)

    def test_program(self):
        # The ten hospitals of check_hrrp.c's program_stratified_by_hand: NM = 2,530,000 / 1,140,000
        dual = [0.30, 0.05, 0.50, 0.12, 0.22, 0.08, 0.41, 0.18, 0.27, 0.35]
        ami = [1.30, 1.10, 1.05, 1.20, 1.05, 0.90, 1.15, 1.00, 0.95, 1.04]
        hf = [1.02, 1.00, 1.15, 0.95, 1.10, 1.20, 1.45, 1.05, 0.90, 0.98]
        hosp = list(range(10)) * 2
        cond = ["ami"] * 10 + ["hf"] * 10
        dis = [20] + [100] * 19
        pay = [1e6] * 10 + [2e6] * 10
        r = hrrp.program(2019, dual, [2e7] * 10, hosp, cond, ami + hf, dis, pay)
        self.assertEqual(r.peer_group, [4, 1, 5, 2, 3, 1, 5, 2, 3, 4])
        self.assertAlmostEqual(r.neutrality_modifier, 253 / 114, delta=1e-12)
        self.assertEqual(r.factor, [0.9956, 0.9889, 1, 0.9889, 0.9723, 0.9778, 0.97, 0.9889, 1, 1])
        self.assertTrue(math.isnan(r.peer_median[0]))
        self.assertAlmostEqual(r.peer_median[9], 1.04, delta=1e-12)

    def test_bad_input(self):
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "hrrp has no fiscal year 2031"):
            hrrp.excess_readmission_ratio(2031, [1], [1], [30])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"unknown condition .sepsis. \(nearest: "):
            hrrp.factor_nonstratified(2015, ["sepsis"], [1.0], [30], [1.0], 10.0)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"condition\[0\] \(CABG\) is not in force"):
            hrrp.factor_nonstratified(2016, ["cabg"], [1.0], [30], [1.0], 10.0)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "payments\\[0\\] is NaN"):
            hrrp.factor_nonstratified(2015, ["ami"], [1.0], [30], [float("nan")], 10.0)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "discharges\\[0\\] is -1"):
            hrrp.factor_nonstratified(2015, ["ami"], [1.0], [-1], [1.0], 10.0)
        with self.assertRaises(libvalue.InvalidArgumentError):  # mismatched lengths
            hrrp.factor_nonstratified(2015, ["ami", "hf"], [1.0], [30, 30], [1.0, 1.0], 10.0)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "dual_proportion\\[1\\] is 1.5"):
            hrrp.program(2019, [0.2, 1.5], [10.0, 10.0], [0], ["ami"], [1.0], [30], [1.0])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "uses the stratified method"):
            hrrp.factor_nonstratified(2020, ["ami"], [1.0], [30], [1.0], 10.0)


if __name__ == "__main__":
    unittest.main()
