# SPDX-License-Identifier: GPL-3.0-or-later
"""Kaplan-Meier through Python: R's survfit on survival::aml
(tests/data/survival/aml.csv; survfit's numbers as printed by survival
3.5-3, also in tests/evaluation/check_survival_km.c), data frames in and
out, and errors naming the argument."""

import csv
import math
import os
import unittest

import libvalue
from libvalue import KaplanMeier

try:
    import pandas
except ImportError:  # the pyenv python3 has no pandas; Debian's does
    pandas = None

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..")


def aml():
    with open(os.path.join(ROOT, "tests", "data", "survival", "aml.csv")) as f:
        rows = list(csv.DictReader(f))
    return {"time": [float(r["time"]) for r in rows], "status": [float(r["status"]) for r in rows],
            "x": [r["x"] for r in rows]}


# survfit(Surv(time, status) ~ x, data = aml, conf.type = "log-log"), Nonmaintained:
# time n.risk n.event surv std.err lower upper
NONMAINTAINED = [
    (5, 12, 2, 0.833333333333333370, 0.129099444873580549, 0.4817149421953788591, 0.95550936572806489),
    (8, 10, 2, 0.666666666666666741, 0.204124145231931509, 0.3370189325414019721, 0.85971179908443984),
    (12, 8, 1, 0.583333333333333370, 0.243975018237133301, 0.2701389240854973339, 0.80094019233338687),
    (16, 7, 0, 0.583333333333333370, 0.243975018237133301, 0.2701389240854973339, 0.80094019233338687),
    (23, 6, 1, 0.486111111111111160, 0.304724700110022007, 0.1918766196187282891, 0.72967156977948544),
    (27, 5, 1, 0.388888888888888951, 0.377964473009227198, 0.1262720121953936625, 0.64981740828931511),
    (30, 4, 1, 0.291666666666666741, 0.475594865605670880, 0.0724016089077718361, 0.56088605267140923),
    (33, 3, 1, 0.194444444444444475, 0.626783170528008693, 0.0311986429312119395, 0.46142947623811392),
    (43, 2, 1, 0.097222222222222238, 0.944911182523068049, 0.0057463056958638346, 0.34890386111074972),
]


class KaplanMeierTest(unittest.TestCase):
    def setUp(self):
        self.km = KaplanMeier(aml(), event="status", group="x")

    def tearDown(self):
        self.km.close()

    def test_survfit_table(self):
        self.assertEqual(self.km.groups, ["Maintained", "Nonmaintained"])
        t = self.km.table("Nonmaintained")
        self.assertEqual(len(t), 10)
        for row, want in zip(t, NONMAINTAINED):
            got = [float(row[i]) for i in (0, 1, 2, 4, 5, 7, 8)]
            for g, w in zip(got, want):
                self.assertAlmostEqual(g, w, delta=1e-10 * abs(w))  # relative 1e-10
        last = [float(v) for v in t[9]]  # 45: the last patient dies, S = 0
        self.assertEqual(last[4], 0.0)
        self.assertTrue(math.isnan(last[5]) and math.isnan(last[7]) and math.isnan(last[8]))

    def test_median_rmst_at_risk(self):
        # print(fit, rmean = 40): Maintained 28.897727272727270 (se 3.4675776788915997), median 31 (13, NA);
        # Nonmaintained 21.930555555555557 (3.8356411631845924), 23 (5, 33)
        med = self.km.median()
        self.assertEqual(tuple(med[0]), ("Maintained", 31.0, 13.0, None))
        self.assertEqual(tuple(med[1]), ("Nonmaintained", 23.0, 5.0, 33.0))
        r = self.km.rmst(40)
        self.assertAlmostEqual(r[0].rmst, 28.897727272727270, delta=1e-10 * 28.9)
        self.assertAlmostEqual(r[1].se, 3.8356411631845924, delta=1e-10 * 3.8)
        # summary(fit, times = c(0, 10, 20, 30, 40, 50), extend = TRUE)$n.risk
        risk = [float(v) for v in self.km.at([0, 10, 20, 30, 40, 50], "Maintained")["n_risk"]]
        self.assertEqual(risk, [11, 10, 7, 5, 3, 1])

    @unittest.skipIf(pandas is None, "pandas is not installed")
    def test_data_frames(self):
        df = pandas.DataFrame(aml())
        with KaplanMeier(df, event="status", group="x") as km:
            out = km.to_frame()
            self.assertEqual(list(out.columns), ["x", "time", "n_risk", "n_event", "n_censor", "surv", "std_err",
                                                 "se_surv", "lower", "upper"])
            self.assertEqual(len(out), 20)
            self.assertEqual(list(out["x"][:2]), ["Maintained", "Maintained"])
            self.assertEqual(km.median().to_frame().loc["Nonmaintained", "upper"], 33.0)

    def test_bad_input(self):
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            KaplanMeier(time=[1, -1, 2], event=[1, 0, 1])
        self.assertIn("time[1] is -1, must be finite and >= 0", str(e.exception))
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            KaplanMeier(time=[1, 2, 3], event=[1, 0, 2])
        self.assertIn("event[2] is 2, must be 0 or 1", str(e.exception))
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            KaplanMeier(aml(), event="stauts")
        self.assertIn("did you mean 'status'", str(e.exception))
        with self.assertRaises(libvalue.InvalidArgumentError):
            self.km.table()  # two groups: say which
        with KaplanMeier(time=[1, 2, 3], event=[0, 0, 0]) as km:  # all censored: S = 1, no median
            self.assertEqual([float(v) for v in km.table()["surv"]], [1.0, 1.0, 1.0])
            self.assertEqual(tuple(km.median()[0]), (None, None, None, None))
            self.assertEqual(tuple(km.rmst(2.5)[0]), (None, 2.5, 0.0))


if __name__ == "__main__":
    unittest.main()
