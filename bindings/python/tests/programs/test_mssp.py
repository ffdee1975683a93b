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
        # Every Track 1 ACO (the 14 below 5,000 beneficiaries on the bands of
        # CMS's Specifications v11 Table 5): MSR (to 1e-6 points) and earned
        # shared savings (to $1, the PUF's rounding).  P4R
        # (pay for reporting) is full credit unless CMS's final sharing rate
        # is 0 (the ACO did not report completely: 3 ACOs, see check_mssp.c).
        rows = [r for r in _puf_rows() if r["Track1"] == "1"]
        self.assertEqual(len(rows), 330)
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
        # ENHANCED 2019, quality standard not met (0): losses 4M of 100M, MLR 0;
        # sharing rate 0, loss rate 1 - 0 -> ceiling 75%: owes 3,000,000
        s = libvalue.mssp_settle(2019, "enhanced", 20000, 100e6, 104e6, quality_score=0, msr_choice=0)
        self.assertAlmostEqual(s.final_payment, -3e6, delta=1e-6)
        self.assertEqual(s.lines[0].step, "program")
        self.assertIn("ENHANCED (42 CFR 425.610)", s.lines[0].text)
        # 2021: the same 3M, taken off whole by the COVID-19 circumstances
        # default (12 of 12 months, every beneficiary) ...
        s = libvalue.mssp_settle(2021, "enhanced", 20000, 100e6, 104e6, quality_score=0, msr_choice=0)
        self.assertEqual(s.final_payment, 0)
        # ... or, with the ACO's own shares 0, owed in full; met/not met given
        s = libvalue.mssp_settle(2021, "enhanced", 20000, 100e6, 104e6, quality_score=None, quality_met=0,
                                 msr_choice=0, euc_months_share=0)
        self.assertAlmostEqual(s.final_payment, -3e6, delta=1e-6)
        self.assertEqual(s.lines[1].text, "quality performance standard not met: no shared savings (given); "
                                          "the loss rate goes to its ceiling")

    def test_terms(self):
        # Track 1+ 2019, revenue-based: losses 6M (B 100M, E 106M, MLR 2.5% at
        # N 20,000), 30% -> 1.8M; limit min(8% x revenue 10M, 4% x 100M) = 0.8M
        s = libvalue.mssp_settle(2019, "track_1_plus", 20000, 100e6, 106e6, quality_score=0.5, revenue=10e6,
                                 benchmark_based_limit=0)
        self.assertAlmostEqual(s.final_payment, -0.8e6, delta=1e-6)
        self.assertAlmostEqual(libvalue.mssp_generated(s), -6e6, delta=1e-6)
        # 2022 quality from the score: 0.75 >= 0.408: ENHANCED savings 10M x 75% x 0.98
        s = libvalue.mssp_settle(2022, "enhanced", 20000, 100e6, 90e6, quality_score=0.75, quality_threshold=0.408)
        self.assertAlmostEqual(s.final_payment, 7.35e6, delta=1e-6)
        self.assertIn("quality score 0.75 >= threshold 0.408", s.lines[1].text)
        # 2022 ENHANCED losses 6M, met, score 0.7761 (CMS's A3632): 1 - 75% x
        # 0.7761 = 41.7925% -> 2,507,550 before the circumstances (shares 0)
        s = libvalue.mssp_settle(2022, "enhanced", 20000, 100e6, 106e6, quality_score=0.7761, quality_met=1,
                                 euc_months_share=0)
        self.assertAlmostEqual(s.final_payment, -2507550, delta=1e-6)
        # Track 2 2020, Q 0.9: 46% of 6M = 2.76M, x (1 - 25% x 50%) = 2,415,000
        s = libvalue.mssp_settle(2020, "track_2", 20000, 100e6, 106e6, quality_score=0.9, euc_months_share=0.25,
                                 euc_beneficiary_share=0.5)
        self.assertAlmostEqual(s.final_payment, -2.415e6, delta=1e-6)
        # below 5,000: ENHANCED 2021, fixed 0% gives way to the scale, 5.0 - 1.1 x 1,000/1,999 = 4.45%
        # (CMS's Specifications v11 Table 5): 1.2M savings (3%) earn nothing
        s = libvalue.mssp_settle(2021, "enhanced", 4000, 40e6, 38.8e6, quality_score=None, quality_met=1,
                                 msr_choice=0)
        self.assertEqual(s.final_payment, 0)
        self.assertAlmostEqual(s.amounts["msr"], 0.05 - 0.011 * 1000 / 1999, delta=1e-15)
        self.assertIn("the fixed MSR 0.00% gives way to the MSR table",
                      [ln.text for ln in s.lines if ln.step == "msr switch"][0])
        # a table of ACOs with the terms as columns (NaN: not set) and generated
        rows = libvalue.mssp_settle_acos(2020, [
            dict(aco="A1", track="track_2", assigned_beneficiaries=20000, benchmark=100e6, expenditure=106e6,
                 quality_score=0.9, euc_months_share=0.25, euc_beneficiary_share=0.5),
            dict(aco="A2", track="track_1", assigned_beneficiaries=20000, benchmark=100e6, expenditure=90e6,
                 quality_score=0.9, euc_months_share=float("nan"))])
        self.assertAlmostEqual(rows[0]["final_payment"], -2.415e6, delta=1e-6)
        self.assertAlmostEqual(rows[0]["generated"], -6e6, delta=1e-6)
        self.assertAlmostEqual(rows[1]["final_payment"], 4.5e6, delta=1e-6)  # 50% x 0.9 x 10M, 2020: no sequestration
        self.assertAlmostEqual(rows[1]["generated"], 10e6, delta=1e-6)
        # Track 1+ as a contract needs its composition
        c = libvalue.mssp_contract(2018, "track_1_plus", benchmark_based_limit=1)
        self.assertEqual(c.kind, "shared_risk")

    def test_termination(self):
        # ENHANCED 2022, losses 6M at 40% = 2.4M (shares 0): the ACO leaves
        # after June (month 9): x 9/12 = 1.8M; by June 30 (month 5): nothing;
        # CMS terminates in month 5: x 5/12 = 1.0M.  BASIC C savings 10M
        # (50% -> 4.9M after 2%): nothing when terminated in month 9.
        kw = dict(msr_choice=0.02, quality_met=1, quality_score=0.9, euc_months_share=0)
        f = lambda **more: libvalue.mssp_settle(2022, "enhanced", 20000, 100e6, 106e6, **kw, **more).final_payment
        self.assertAlmostEqual(f(termination_month=9), -1.8e6, delta=1e-6)
        self.assertEqual(f(termination_month=5), 0)
        self.assertAlmostEqual(f(termination_month=5, terminated_by_cms=1), -1e6, delta=1e-6)
        s = libvalue.mssp_settle(2022, "basic_c", 20000, 100e6, 90e6, msr_choice=0.01, quality_met=1,
                                 termination_month=9)
        self.assertEqual(s.final_payment, 0)
        self.assertIn("not eligible for shared savings", [ln.text for ln in s.lines if ln.step == "termination"][0])
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            libvalue.mssp_settle(2022, "basic_c", 20000, 100e6, 90e6, msr_choice=0.01, quality_met=1,
                                 termination_month=13)
        self.assertIn("termination_month is 13", str(e.exception))

    def test_small_aco_both_paths(self):
        # The same ENHANCED 2021 ACO (fixed 0%, quality met) from totals and on
        # a ledger of its 4,000 beneficiaries at 9,500 each against 10,000 per
        # person-year: savings 2M (5%) >= the variable MSR 4.45%: 75% -> 1.5M,
        # x 0.98 = 1,470,000 on both, with the same switch line.
        n = 4000
        ledger = libvalue.Ledger(1).add([0] * n, [9500.0] * n, [1.0] * n, [12.0] * n)
        c = libvalue.mssp_contract(2021, "enhanced", msr_choice=0, quality_score=0.9, quality_met=1)
        c.set("benchmark_per_capita", 10000)
        on_ledger = c.settle(ledger)
        on_totals = libvalue.mssp_settle(2021, "enhanced", n, 40e6, 38e6, quality_score=None, quality_met=1,
                                         msr_choice=0)
        self.assertAlmostEqual(on_ledger.final_payment, 1.47e6, delta=1e-6)
        self.assertAlmostEqual(on_totals.final_payment, 1.47e6, delta=1e-6)
        switch = [[ln.text for ln in s.lines if ln.step == "msr switch"] for s in (on_ledger, on_totals)]
        self.assertEqual(switch[0], switch[1])
        self.assertEqual(len(switch[0]), 1)

    def test_six_month_2019(self):
        # Track 1, Jan-Jun 2019, N 20,000, B 100M, E 90M, Q 0.9: 45% x 10M =
        # 4.5M, x 6/12 = 2.25M, x 0.98 = 2,205,000; ENHANCED Jul-Dec, 0%,
        # losses 6M: floor 40% -> 2.4M, x 6/12 = 1.2M owed
        s = libvalue.mssp_settle(2019, "track_1", 20000, 100e6, 90e6, quality_score=0.9, period="jan_jun")
        self.assertAlmostEqual(s.final_payment, 2205000, delta=1e-6)
        self.assertIn("425.609(b)", [ln.text for ln in s.lines if ln.step == "performance period"][0])
        s = libvalue.mssp_settle(2019, "enhanced", 20000, 100e6, 106e6, msr_choice=0, period="jul_dec")
        self.assertAlmostEqual(s.final_payment, -1.2e6, delta=1e-6)
        rows = libvalue.mssp_settle_acos(2019, [dict(track="basic_a", assigned_beneficiaries=10000, benchmark=50e6,
                                                     expenditure=45e6, period="jul_dec")])
        self.assertAlmostEqual(rows[0]["final_payment"], 980000, delta=1e-6)
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            libvalue.mssp_settle(2019, "basic_a", 10000, 50e6, 45e6, period="jan_jun")
        self.assertIn("BASIC level A's 2019 performance year was Jul 1-Dec 31, 2019", str(e.exception))
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            libvalue.mssp_settle(2020, "track_1", 10000, 50e6, 45e6, period="year")
        self.assertIn("period does not apply in performance year 2020", str(e.exception))
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            libvalue.mssp_settle(2019, "track_1", 10000, 50e6, 45e6, period="jan_jul")
        self.assertIn("unknown period 'jan_jul' (did you mean 'jan_jun'?)", str(e.exception))

    def test_terms_errors(self):
        with self.assertRaises(libvalue.StateError) as e:
            libvalue.mssp_settle(2019, "basic_d", 20000, 100e6, 106e6)
        self.assertIn("revenue is not set, and this BASIC level D ACO owes shared losses", str(e.exception))
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            libvalue.mssp_settle(2016, "track_2", 20000, 100e6, 106e6, euc_months_share=0.5)
        self.assertIn("euc_months_share does not apply in performance year 2016", str(e.exception))
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            libvalue.mssp_settle(2020, "track_2", 20000, 100e6, 106e6, euc_beneficiary_share=1.5)
        self.assertIn("euc_beneficiary_share is 1.5, must be in [0, 1]", str(e.exception))
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            libvalue.mssp_contract(2020, "track_2", quality_mett=1)
        self.assertIn("quality_mett", str(e.exception))
        with self.assertRaises(libvalue.InvalidArgumentError) as e:
            libvalue.mssp_settle(2022, "track_1", 20000, 100e6, 90e6)
        self.assertIn("track is Track 1, not in force in performance year 2022", str(e.exception))

    def test_contract_on_ledger(self):
        # Track 1 2015: 2 beneficiaries x 12 months costing 10,000 and 20,000;
        # benchmark 20,000 per person-year -> 40,000; savings 10,000 (25%) >=
        # MSR 12.2% (N = 2, below the table's lowest point, 500); 50% -> 5,000 > cap 10% x 40,000 = 4,000;
        # less 2%: 3,920
        c = libvalue.mssp_contract(2015, "track_1")
        self.assertEqual(c.kind, "shared_savings")
        c.set("benchmark_per_capita", 20000)
        ledger = libvalue.Ledger(1).add([0, 0], [10000.0, 20000.0], [1.0, 1.0], [12.0, 12.0])
        self.assertAlmostEqual(c.settle(ledger).final_payment, 3920, delta=1e-9)

    def test_parameters(self):
        self.assertEqual(libvalue.cms_years("mssp")[0], 2013)
        self.assertEqual(libvalue.cms_parameter("mssp", 2014, "track1.sharing_rate"), 0.5)
        # the scale from 500 beneficiaries (12.2%; CMS's Specifications v11 Table 5), 3.9% at 5,000
        msr = libvalue.cms_parameter("mssp", 2014, "msr")
        self.assertEqual((msr[0], msr[6]), (0.122, 0.039))

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
