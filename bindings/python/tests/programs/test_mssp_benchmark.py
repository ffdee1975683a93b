# SPDX-License-Identifier: GPL-3.0-or-later
"""The MSSP benchmark arithmetic from Python: the hand calculations of
tests/programs/check_mssp_benchmark.c (written out there), CMS's PY2014
historical benchmarks rebuilt from the public use file, names and errors."""

import csv
import os
import unittest

import libvalue

TYPES = ["esrd", "disabled", "aged_dual", "aged_nondual"]
HIST = {"expenditure_by1": [60000, 12000, 15000, 9000], "expenditure_by2": [62000, 12500, 15500, 9400],
        "expenditure_by3": [65000, 13000, 16000, 10000], "risk_by1": [1.00, 1.10, 1.20, 0.95],
        "risk_by2": [1.02, 1.10, 1.25, 1.00], "risk_by3": [1.05, 1.21, 1.25, 1.00],
        "trend_by1": [1.08, 1.06, 1.05, 1.04], "trend_by2": [1.04, 1.03, 1.02, 1.02],
        "persons_by3": [100, 400, 500, 4000]}


class MsspBenchmark(unittest.TestCase):
    def test_enrollment_types(self):
        self.assertEqual(list(libvalue.MSSP_ENROLLMENT), TYPES)

    def test_historical_hand(self):
        # ESRD: 0.1 x 68040 + 0.3 x 67704/1.02 + 0.6 x 65000; aged/non-dual 936/0.95 + 8876.4
        h = libvalue.mssp_benchmark_historical(HIST, libvalue.mssp_benchmark_year_weights(2014, 1))
        self.assertAlmostEqual(h.by_type["esrd"], 6804 + 0.3 * 67704 / 1.02 + 39000, delta=1e-9)
        self.assertAlmostEqual(h.by_type["aged_dual"], 15983.625, delta=1e-9)
        self.assertAlmostEqual(h.by_type["aged_nondual"], 936 / 0.95 + 8876.4, delta=1e-9)
        self.assertAlmostEqual(h.benchmark, 11877.8678498, delta=1e-6)

    def test_dataframe_by_name_any_order(self):
        try:
            import pandas as pd
        except ImportError:
            self.skipTest("pandas")
        df = pd.DataFrame(HIST, index=TYPES).iloc[::-1]  # rows in another order, found by name
        h = libvalue.mssp_benchmark_historical(df, [0.1, 0.3, 0.6])
        self.assertAlmostEqual(h.by_type["disabled"], 13447.95, delta=1e-9)
        self.assertAlmostEqual(h.benchmark, 11877.8678498, delta=1e-6)

    def test_regional_caps_and_offset(self):
        # 2024, second period, dearer than the region: 25% x (-5000, -1000, -500, -1000), x (1 - 0.2),
        # then -1.5% of national caps disabled at -180 and aged/non-dual at -150
        data = {"benchmark": [65000, 13000, 16000, 10000], "regional": [60000, 12000, 15500, 9000],
                "national": [80000, 12000, 15000, 10000], "persons": [100, 400, 500, 4000]}
        a = libvalue.mssp_benchmark_regional(2024, 2, data, offset=0.2)
        self.assertEqual(a.weight, 0.25)
        for t, want in zip(TYPES, [-1000, -180, -100, -150]):
            self.assertAlmostEqual(a.by_type[t], want, delta=1e-9)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "no offset factor"):
            libvalue.mssp_benchmark_regional(2019, 2, data, offset=0.2)

    def test_chain_2019(self):
        # each step's dict feeds the next; ESRD (B + 0.35 (70000 - B)) x 1.03 x 1.041
        h = libvalue.mssp_benchmark_historical(HIST, libvalue.mssp_benchmark_year_weights(2019, 1))
        a = libvalue.mssp_benchmark_regional(2019, 1, {"benchmark": h.by_type, "regional": [70000, 13500, 17000, 10400],
                                                       "national": [80000, 12000, 15000, 10000],
                                                       "persons": HIST["persons_by3"]})
        r = libvalue.mssp_benchmark_risk_ratio(2019, [1.00, 1.20, 1.10, 0.90], [1.05, 1.14, 1.12, 0.90])
        f = libvalue.mssp_benchmark_blend([1.02, 1.03, 1.01, 1.04], [1.05, 1.00, 1.02, 1.01], 0.3)
        u = libvalue.mssp_benchmark_update({"benchmark": h.by_type, "adjustment": a.by_type, "risk_ratio": r,
                                            "update_factor": f, "persons_py": HIST["persons_by3"]})
        b0 = 6804 + 0.3 * 67704 / 1.02 + 39000
        self.assertAlmostEqual(u.by_type["esrd"], (b0 + 0.35 * (70000 - b0)) * 1.03 * 1.041, delta=1e-8)

    def test_continuity_before_2019(self):
        # ESRD (20 x 1.10 + 80 x 1.02) / 100 = 1.036; disabled (50 x 0.96 + 150 x 0.95) / 200 = 0.9525
        data = {"persons_new": [20, 50, 0, 0], "hcc_ref_new": [1, 1.25, 1, 1], "hcc_py_new": [1.1, 1.2, 1, 1],
                "persons_continuing": [80, 150, 100, 0], "hcc_ref_continuing": [1, 1, 1, 1],
                "hcc_py_continuing": [1.05, 0.95, 1, 1], "demo_ref_continuing": [1, 1, 1, 1],
                "demo_py_continuing": [1.02, 1.03, 0.98, 1.2]}
        r = libvalue.mssp_benchmark_risk_ratio_continuity(2014, data)
        for t, want in zip(TYPES, [1.036, 0.9525, 0.98, 1.0]):
            self.assertAlmostEqual(r[t], want, delta=1e-12)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "use the capped risk ratio"):
            libvalue.mssp_benchmark_risk_ratio_continuity(2020, data)

    def test_errors(self):
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"known: 2012-2026"):
            libvalue.mssp_benchmark_year_weights(2011)
        bad = dict(HIST, risk_by2=[1.02, 0, 1.25, 1.0])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"risk_by2\[1\] is 0, must be > 0"):
            libvalue.mssp_benchmark_historical(bad, [0.1, 0.3, 0.6])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "year_weights sum to 0.9, must sum to 1"):
            libvalue.mssp_benchmark_historical(HIST, [0.1, 0.3, 0.5])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "did you mean 'aged_dual'"):
            libvalue.mssp_benchmark_risk_ratio(2019, {"esrd": 1, "disabled": 1, "aged_duel": 1, "aged_nondual": 1},
                                               [1, 1, 1, 1])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "did you mean 'persons_by3'"):
            libvalue.mssp_benchmark_historical(dict(HIST, persons=[1, 1, 1, 1]), [0.1, 0.3, 0.6])

    def test_py2014_historical_benchmarks(self):
        # The trend factors per start cohort fitted by least squares as
        # check_mssp_benchmark.c says (not published); every ACO within $1.
        trends = {"04/01/2012": ([0.991244, 1.084756, 1.011985, 1.052183], [1.008918, 1.029426, 1.00611, 1.02154]),
                  "07/01/2012": ([1.0063, 1.063461, 1.016171, 1.048155], [1.004488, 1.035597, 1.004538, 1.022955]),
                  "01/01/2013": ([1.005503, 1.051741, 0.98715, 1.014159], [0.998844, 1.020497, 0.983536, 0.989716]),
                  "01/01/2014": ([1.003584, 1.037749, 0.986815, 0.99551], [1.005842, 1.012346, 1.006197, 1.003154])}
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..")
        with open(os.path.join(root, "tests", "data", "cms", "mssp_py2014_aco_puf.csv"), newline="",
                  encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        cms = ["ESRD", "DIS", "AGDU", "AGND"]
        persons = ["ESRD", "DIS", "AGED_Dual", "AGED_NonDual"]
        w = libvalue.mssp_benchmark_year_weights(2013)
        for r in rows:
            t1, t2 = trends[r["Start_Date"]]
            data = {"expenditure_by%d" % y: [float(r["Per_Capita_Exp_ALL_%s_BY%d" % (c, y)]) for c in cms]
                    for y in (1, 2, 3)}
            data.update({"risk_by%d" % y: [float(r["CMS_HCC_RiskScore_%s_BY%d" % (c, y)]) for c in cms]
                         for y in (1, 2, 3)})
            data.update(trend_by1=t1, trend_by2=t2,
                        persons_by3=[float(r["N_AB_Year_%s_BY3" % c]) for c in persons])
            h = libvalue.mssp_benchmark_historical(data, w)
            self.assertAlmostEqual(h.benchmark, float(r["HistBnchmk"]), delta=1, msg=r["ACO_Num"])
        self.assertEqual(len(rows), 333)


if __name__ == "__main__":
    unittest.main()
