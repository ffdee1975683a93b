# SPDX-License-Identifier: GPL-3.0-or-later
"""Hospital Value-Based Purchasing from Python: rows of CMS's FY2024 HVBP
Clinical Outcomes and Safety files (tests/data/cms/, numbers copied
here with the facility named), and hand-worked HCAHPS, TPS and payment
cases (arithmetic in comments)."""

import math
import unittest

import libvalue
from libvalue import hvbp

NAN = float("nan")


def same(got, want):
    return all((math.isnan(g) and math.isnan(w)) or g == w for g, w in zip(got, want)) and len(got) == len(want)


class ReferenceRows(unittest.TestCase):
    """(facility, baseline, performance) -> CMS's (achievement, improvement, score)."""

    def check(self, measure, direction, rows):
        th, bm = hvbp.standard(measure, 2024)
        q = [r[1] for r in rows]
        p = [r[2] for r in rows]
        got = hvbp.measure_points(q, p, th, bm, direction)
        for k, r in enumerate(rows):
            self.assertTrue(same([got.achievement[k], got.improvement[k], got.score[k]], r[3]),
                            "%s facility %s: %r" % (measure, r[0], got))

    def test_clinical_outcomes(self):
        # survival rates, higher is better
        self.check("MORT-30-AMI", "higher", [
            ("10001", 0.856752, 0.880237, [6, 7, 7]),
            ("50239", 0.889541, 0.891128, [10, 9, 10]),     # baseline already beyond the benchmark 0.887868
            ("10007", None, None, [NAN, NAN, NAN])])        # "Not Available"
        self.check("MORT-30-HF", "higher", [("10001", 0.872117, 0.901917, [7, 8, 8])])
        self.check("COMP-HIP-KNEE", "lower", [("10005", 0.030034, 0.019253, [8, 9, 9])])

    def test_safety(self):
        self.check("HAI-1", "lower", [
            ("30024", 0.596, 0.589, [1, 0, 1]),             # exactly at the threshold 0.589: 1 point
            ("30010", 0.0, 0.0, [10, 0, 10]),               # baseline = performance = benchmark 0
            ("110198", 0.430, 0.344, [4, 2, 4])])
        self.check("HAI-2", "lower", [("10061", None, 2.762, [0, NAN, 0])])   # no baseline
        # exact halves: 10(1.405-1.124)/1.405 - 0.5 = 1.5 -> 2; 10(0.624-0.197)/0.61 - 0.5 = 6.5 -> 7
        self.check("HAI-5", "lower", [("140252", 1.405, 1.124, [0, 2, 2])])
        self.check("HAI-6", "lower", [("440184", 0.624, 0.197, [6, 7, 7])])

    def test_combined_ssi(self):
        # one stratum scored: its score; both: weighted by predicted infections (1 and 3 here):
        # (1 x 4 + 3 x 8)/4 = 7
        self.assertTrue(same(hvbp.combined_score([3, None, 4], [1, 1, 1], [None, 6, 8], [1, 1, 3]), [3, 6, 7]))


class HandWorked(unittest.TestCase):
    def test_hcahps(self):
        # floors 40, thresholds 70, benchmarks 90; p = 75 80 72 85 60 91 70 78, q = 70 75 72 80 65 85 60 -:
        # scores 3 5 1 7 0 10 3 4 = 33; lowest (60-40)/30 = 0.667: 20 x 0.667 - 0.5 = 12.83 -> 13; domain 46
        r = hvbp.hcahps([[70, 75, 72, 80, 65, 85, 60, None], [None] * 8],
                        [[75, 80, 72, 85, 60, 91, 70, 78], [None] * 8], [40] * 8, [70] * 8, [90] * 8)
        self.assertEqual(r.dimension_score[0], [3, 5, 1, 7, 0, 10, 3, 4])
        self.assertEqual((r.base_score[0], r.consistency[0], r.domain_score[0]), (33, 13, 46))
        self.assertTrue(math.isnan(r.domain_score[1]))

    def test_domain_tps_payment(self):
        # facility 10001's six FY2024 clinical outcome scores 7 8 0 1 1 6: 23/60 x 100
        self.assertAlmostEqual(hvbp.domain_score([[7, 8, 0, 1, 1, 6]], "clinical_outcomes", 2024)[0], 2300 / 60,
                               delta=1e-12)
        # efficiency missing: (115/3 + 46 + 130/3)/3 = 383/9; two domains only: no TPS
        t = hvbp.tps({"clinical_outcomes": [115 / 3, 30], "person_engagement": [46, 70],
                      "safety": [130 / 3, None]}, 2024)
        self.assertAlmostEqual(t[0], 383 / 9, delta=1e-12)
        self.assertTrue(math.isnan(t[1]))
        # 2% x 0.5 x 3 = 0.03, factor 1 + 0.03 - 0.02 = 1.01; FY2023: neutral
        p = hvbp.payment([50.0], 2024, 3.0)
        self.assertAlmostEqual(p.incentive_percentage[0], 0.03, delta=1e-15)
        self.assertAlmostEqual(p.adjustment_factor[0], 1.01, delta=1e-15)
        self.assertEqual(hvbp.payment([50.0], 2023, 3.0).adjustment_factor, [1.0])
        # budget neutral: 400 / (0.5 x 100 + 0.25 x 300) = 3.2
        self.assertAlmostEqual(hvbp.lef_slope([50, 25], [100, 300]), 3.2, delta=1e-15)
        self.assertEqual(hvbp.parameter("withhold", 2014), 0.0125)

    def test_bad_input(self):
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "hvbp has no fiscal year 2031"):
            hvbp.payment([50.0], 2031, 3.0)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "achievement_threshold equals benchmark"):
            hvbp.measure_points([0.5], [0.6], 0.7, 0.7)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "slope is NaN"):
            hvbp.payment([50.0], 2024, NAN)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "no safety domain in fiscal year 2015"):
            hvbp.domain_score([[5, 5]], "safety", 2015)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"unknown direction .sideways. \(one of .higher., .lower.\)"):
            hvbp.measure_points([0.5], [0.6], 0.7, 0.8, "sideways")
        with self.assertRaisesRegex(ValueError, "unknown domain"):
            hvbp.tps({"quality": [50]}, 2024)


if __name__ == "__main__":
    unittest.main()
