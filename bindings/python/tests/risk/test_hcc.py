# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python layer of CMS-HCC (libvalue.risk.hcc): tables in, scores and
explanations out.  Expected scores are sums of CMS's published V28
relative factors (V28hcccoefn.csv), worked in the comments."""
import unittest

from libvalue import _support
from libvalue.risk import HCC, ma_risk_score


class Scores(unittest.TestCase):
    def test_ids_of_any_kind_and_order(self) -> None:
        m = HCC("V28")
        # Person 20 (CND, female 50, OREC 1): F45_54 0.340 + HCC37 0.191 (E1122) = 0.531.
        # Person 10 (CNA, male 82): M80_84 0.571, no codes.
        people = {"person": [20, 10], "segment": ["CND", "cna"], "age": [50, 82], "sex": ["F", "M"],
                  "orec": [1, 0]}
        codes = {"person": [20, 20], "code": ["e11.22", "NOT A CODE"]}
        r = m.score(people, codes)
        self.assertEqual(r.person, ["20", "10"])
        self.assertAlmostEqual(r.score[0], 0.531, places=12)
        self.assertAlmostEqual(r.score[1], 0.571, places=12)
        self.assertEqual(r.invalid_codes, [1])

    def test_dataframe_in_and_out(self) -> None:
        pd = _support.pandas_module()
        if pd is None:
            self.skipTest("pandas not installed")
        people = pd.DataFrame({"person": ["a"], "segment": ["CNA"], "age": [72], "sex": ["F"], "orec": [0]})
        codes = pd.DataFrame({"person": ["a", "a"], "code": ["E1122", "I5022"]})
        df = HCC("V28").score(people, codes).to_frame()
        self.assertAlmostEqual(float(df["score"].iloc[0]), 1.033, places=12)

    def test_explanation_adds_up(self) -> None:
        lines = HCC("V28").explain("CNA", 72, "F", 0, ["E1122", "I5022"])
        steps = [ln.step for ln in lines]
        self.assertEqual(steps[-1], "score")
        self.assertIn("interaction", steps)
        total = sum(ln.factor for ln in lines if ln.step != "score")
        self.assertAlmostEqual(total, lines[-1].factor, places=12)

    def test_bad_input(self) -> None:
        m = HCC("V28")
        people = {"person": ["a"], "segment": ["CNA"], "age": [72], "sex": ["F"], "orec": [0]}
        with self.assertRaisesRegex(_support.Error, "not a key"):
            m.score(people, {"person": ["zz"], "code": ["E1122"]})
        with self.assertRaisesRegex(_support.Error, "segment"):
            m.score(dict(people, segment=["XYZ"]), {"person": [], "code": []})
        with self.assertRaisesRegex(_support.Error, "sex"):
            m.score(dict(people, sex=["X"]), {"person": [], "code": []})
        with self.assertRaisesRegex(_support.Error, "no column 'orec'"):
            m.score({k: v for k, v in people.items() if k != "orec"}, {"person": [], "code": []})
        with self.assertRaisesRegex(_support.Error, "V24, V28|V28"):
            HCC("V99")


class Payment(unittest.TestCase):
    def test_blend_2024(self) -> None:
        # 0.941 x (0.67 x 1.146/1.146 + 0.33 x 1.015/1.015) = 0.941
        self.assertAlmostEqual(ma_risk_score(2024, [1.015], [1.146])[0], 0.941, places=12)
        with self.assertRaisesRegex(_support.Error, "2024-2026"):
            ma_risk_score(2030, [1.0])


if __name__ == "__main__":
    unittest.main()
