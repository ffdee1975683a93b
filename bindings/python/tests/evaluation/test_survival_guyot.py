# SPDX-License-Identifier: GPL-3.0-or-later
"""Pseudo individual data from a Kaplan-Meier curve (Guyot 2012) through
Python: the hand-worked case of tests/evaluation/check_survival_guyot.c
(every row written out there), the table met, errors carrying
value_errmsg(), and DataFrames in and out."""

import math
import unittest

import libvalue

try:
    import pandas
except ImportError:  # the pyenv python3 has no pandas; Debian's does
    pandas = None

CURVE = {"time": [0, 1, 3, 4], "survival": [1, 0.8, 0.6, 0.45]}
TABLE = {"time": [0, 2], "n_risk": [10, 7]}


class Guyot(unittest.TestCase):
    def test_hand_worked(self):
        ipd = libvalue.guyot(CURVE, TABLE)
        self.assertEqual([float(x) for x in ipd.time], [1, 1, 1.5, 3, 3, 3.5, 4, 4, 4, 4])
        self.assertEqual([int(x) for x in ipd.event], [1, 1, 0, 1, 1, 0, 1, 0, 0, 0])
        # 4 events reported: the last interval censored 3, at 3.25, 3.5, 3.75
        ipd = libvalue.guyot(CURVE, TABLE, total_events=4)
        self.assertEqual([float(x) for x in ipd.time], [1, 1, 1.5, 3, 3, 3.25, 3.5, 3.75, 4, 4])
        self.assertEqual(int(sum(ipd.event)), 4)
        # 7 at risk at t = 2, as the table says
        self.assertEqual(sum(1 for x in ipd.time if x >= 2), 7)

    def test_errors(self):
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            libvalue.guyot({"time": [0, 1, 3, 4], "survival": [1, 0.8, 0.9, 0.45]}, TABLE)
        self.assertIn("s[2] is 0.9, must be <= s[1] (0.8)", str(e.exception))
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            libvalue.guyot({"time": [0, 1, 3, 4], "survival": [1, 0.8, math.nan, 0.45]}, TABLE)
        self.assertIn("s[2] is NaN", str(e.exception))
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            libvalue.guyot(CURVE, {"time": [0, 2], "n_risk": [10, -1]})
        self.assertIn("n_risk[1] is -1", str(e.exception))
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            libvalue.guyot({"time": [0, 1, 3], "survival": [1, 0.8, 0.6, 0.45]}, TABLE)
        self.assertIn("length", str(e.exception))
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            libvalue.guyot({"time": [0, 1], "surv": [1, 0.8]}, TABLE)
        self.assertIn("unknown column of curve 'survival'", str(e.exception))

    @unittest.skipIf(pandas is None, "needs pandas")
    def test_data_frames(self):
        curve = pandas.DataFrame(CURVE)
        table = pandas.DataFrame(TABLE)
        df = libvalue.guyot(curve, table).to_frame()
        self.assertEqual(list(df.columns), ["time", "event"])
        self.assertEqual(len(df), 10)
        self.assertEqual(int(df["event"].sum()), 5)


if __name__ == "__main__":
    unittest.main()
