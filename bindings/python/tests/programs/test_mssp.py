# SPDX-License-Identifier: GPL-3.0-or-later
"""The MSSP and the CMS parameter tables from Python: CMS's PY2014 ACO
results reproduced from its public use file, a hand-worked two-sided case,
and errors."""

import csv
import os
import unittest

import libvalue


def _puf_rows():
    # the repository's copy of CMS's file (tests/data/README.md names its source)
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..")
    path = os.path.join(root, "tests", "data", "cms", "mssp_py2014_aco_puf.csv")
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


class Mssp(unittest.TestCase):
    def test_py2014_puf(self):
        # Every Track 1 ACO with >= 5,000 assigned beneficiaries: MSR (to 1e-6
        # points) and earned shared savings (to $1, the PUF's rounding).  P4R
        # (pay for reporting) is full credit unless CMS's final sharing rate
        # is 0 (the ACO did not report completely: 3 ACOs, see check_mssp.c).
        rows = [r for r in _puf_rows() if r["Track1"] == "1" and float(r["N_AB"]) >= 5000]
        self.assertEqual(len(rows), 316)
        acos = []
        for r in rows:
            q = r["QualScore"]
            q = (0.0 if float(r["FinalShareRate"]) == 0 else 1.0) if q == "P4R" else float(q)
            acos.append({"aco": r["ACO_Num"], "track": "track_1", "assigned_beneficiaries": float(r["N_AB"]),
                         "benchmark": float(r["ABtotBnchmk"]), "expenditure": float(r["ABtotExp"]),
                         "quality_score": q, "agreement_year": 2})
        out = libvalue.mssp_settle_acos(2014, acos)
        for r, s in zip(rows, out):
            self.assertEqual(s["aco"], r["ACO_Num"])
            self.assertAlmostEqual(100 * s["msr"], float(r["MinSavPerc"]), delta=1e-6)
            self.assertAlmostEqual(s["final_payment"], float(r["EarnSaveLoss"]), delta=1 + 1e-6)
        self.assertIn("savings rate 7.14% >= MSR 2.35%: shared 45.85% of 32,173,449", out[0]["explanation"])

    def test_enhanced_losses_quality_not_met(self):
        # ENHANCED 2021, quality standard not met (0): losses 4M of 100M, MLR 0;
        # sharing rate 0, loss rate 1 - 0 -> ceiling 75%: owes 3,000,000
        s = libvalue.mssp_settle(2021, "enhanced", 20000, 100e6, 104e6, quality_score=0, msr_choice=0)
        self.assertAlmostEqual(s.final_payment, -3e6, delta=1e-6)
        self.assertEqual(s.lines[0].step, "program")
        self.assertIn("ENHANCED (42 CFR 425.610)", s.lines[0].text)

    def test_contract_on_ledger(self):
        # Track 1 2015: 2 beneficiaries x 12 months costing 10,000 and 20,000;
        # benchmark 20,000 per person-year -> 40,000; savings 10,000 (25%) >=
        # MSR 3.9% (N < 5,000); 50% -> 5,000 > cap 10% x 40,000 = 4,000;
        # less 2%: 3,920
        c = libvalue.mssp_contract(2015, "track_1")
        self.assertEqual(c.kind, "shared_savings")
        c.set("benchmark_per_capita", 20000)
        ledger = libvalue.Ledger(1).add([0, 0], [10000.0, 20000.0], [1.0, 1.0], [12.0, 12.0])
        self.assertAlmostEqual(c.settle(ledger).final_payment, 3920, delta=1e-9)

    def test_parameters(self):
        self.assertEqual(libvalue.cms_years("mssp")[0], 2013)
        self.assertEqual(libvalue.cms_parameter("mssp", 2014, "track1.sharing_rate"), 0.5)
        self.assertEqual(libvalue.cms_parameter("mssp", 2014, "msr")[0], 0.039)

    def test_errors(self):
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            libvalue.mssp_settle(2014, "track_3", 20000, 100e6, 90e6)
        self.assertIn("track is Track 3, not in force in performance year 2014", str(e.exception))
        with self.assertRaises(libvalue.InvalidArgumentError):
            libvalue.mssp_settle(2014, "track_9", 20000, 100e6, 90e6)
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            libvalue.mssp_settle(2014, "track_1", 20000, 100e6, 90e6, quality_score=1.5)
        self.assertIn("quality_score is 1.5", str(e.exception))
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            libvalue.mssp_settle(2031, "enhanced", 20000, 100e6, 90e6)
        self.assertIn("mssp has no performance year 2031", str(e.exception))
        with self.assertRaises(libvalue.NotFoundError):
            libvalue.cms_parameter("nope", 2014, "x")


if __name__ == "__main__":
    unittest.main()
