# SPDX-License-Identifier: GPL-3.0-or-later
"""Ledgers keyed by contract ids, claims to beneficiary records and the
per-contract settle_all, against hand-worked numbers."""
import math
import unittest

import libvalue

try:
    import pandas
except ImportError:
    pandas = None


class TestLedgerClaims(unittest.TestCase):
    # Claims (beneficiary, ACO, paid): b1 A1 100, b2 A1 250, b1 A1 400,
    # b3 B2 1000, b1 A1 -50, b3 B2 20.  Records: A1 has b1 (450) and b2
    # (250) -> 2 records, cost 700; B2 has b3 (1020) -> 1 record.  With
    # eligibility months b1 12, b2 6, b3 9: A1 18 member-months, B2 9.
    claims = {"beneficiary": ["b1", "b2", "b1", "b3", "b1", "b3"],
              "aco": ["A1", "A1", "A1", "B2", "A1", "B2"],
              "paid": [100.0, 250.0, 400.0, 1000.0, -50.0, 20.0]}
    eligibility = {"beneficiary": ["b1", "b2", "b3"], "months": [12.0, 6.0, 9.0], "risk_score": [1.0, 1.5, 1.2]}

    def ledger(self):
        return libvalue.Ledger(["A1", "B2"]).add_claims(self.claims, self.eligibility, contract="aco")

    def test_claims_to_beneficiary_years(self):
        t = self.ledger().totals("A1")
        self.assertEqual((t["records"], t["cost"], t["member_months"]), (2.0, 700.0, 18.0))
        self.assertEqual(t["risk_mm"], 12 * 1.0 + 6 * 1.5)  # 21
        t = self.ledger().totals("B2")
        self.assertEqual((t["records"], t["cost"], t["member_months"]), (1.0, 1020.0, 9.0))
        # without eligibility: 12 months, risk 1 for each beneficiary
        t = libvalue.Ledger(["A1", "B2"]).add_claims(self.claims, contract="aco").totals(0)
        self.assertEqual((t["records"], t["member_months"]), (2.0, 24.0))

    def test_claim_rows_as_records_refused(self):
        with self.assertRaisesRegex(libvalue.InvalidArgumentError,
                                    r"beneficiary\[2\] repeats beneficiary\[0\] \('b1'\): one record per beneficiary"):
            libvalue.Ledger(["A1", "B2"]).add(self.claims["aco"], [100.0] * 6, [1.0] * 6, [12.0] * 6,
                                              beneficiary=self.claims["beneficiary"])

    def test_two_contracts_refused(self):
        claims = dict(self.claims, aco=["A1", "A1", "B2", "B2", "A1", "B2"])
        l = libvalue.Ledger(["A1", "B2"])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError,
                                    "claims row 2 puts beneficiary 'b1' under contract 'B2', but row 0 under "
                                    "contract 'A1'"):
            l.add_claims(claims, contract="aco")
        self.assertEqual(l.totals("A1")["records"], 0.0)  # nothing added
        with self.assertRaisesRegex(libvalue.NotFoundError, "'b9'"):
            l.add_claims(dict(self.claims, beneficiary=["b9"] * 6), self.eligibility, contract="aco")
        with self.assertRaisesRegex(libvalue.NotFoundError, "'C3'"):
            l.add(["C3"], [1.0], [1.0], [12.0])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "repeats"):
            libvalue.Ledger(["A1", "A1"])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "'A1' is an id, but the ledger has none"):
            libvalue.Ledger(2).add(["A1"], [1.0], [1.0], [12.0])

    @unittest.skipIf(pandas is None, "pandas not installed for this python")
    def test_settle_all_per_contract_terms(self):
        # A1: benchmark 600 per person-year x 18/12 = 900; E = 700; savings
        # 200 (22.2% >= MSR 2%), sharing 50% -> 100.  B2: two-sided,
        # benchmark 1200 x 9/12 = 900, E = 1020, losses 120 (13.3% >= MLR
        # 2%), loss sharing 60% -> owes 72.
        terms = {"contract": ["A1", "B2"], "kind": ["shared_savings", "shared_risk"],
                 "benchmark_per_capita": [600.0, 1200.0], "msr": [0.02, 0.02], "sharing_rate": [0.5, 0.5],
                 "mlr": [float("nan"), 0.02], "loss_sharing_rate": [float("nan"), 0.6]}
        book = libvalue.settle_all(self.ledger(), terms)
        t = book.table.set_index("contract")
        self.assertEqual(list(t.index), ["A1", "B2"])
        self.assertAlmostEqual(t.loc["A1", "benchmark"], 900.0, places=9)
        self.assertAlmostEqual(t.loc["A1", "final_payment"], 100.0, places=9)
        self.assertTrue(math.isnan(t.loc["A1", "mlr"]))
        self.assertAlmostEqual(t.loc["B2", "savings"], -120.0, places=9)
        self.assertAlmostEqual(t.loc["B2", "final_payment"], -72.0, places=9)
        self.assertEqual(t.loc["B2", "kind"], "shared_risk")
        lines = book.lines[book.lines.contract == "B2"]
        self.assertEqual(list(lines.line), list(range(1, len(lines) + 1)))
        self.assertTrue(lines.text.str.contains("owes 60.00% of 120").any())
        # the same from Contract objects
        with libvalue.Contract("shared_savings", benchmark_per_capita=600, msr=0.02) as c:
            one = libvalue.settle_all(self.ledger(), {"A1": c})
        self.assertAlmostEqual(float(one.table.final_payment[0]), 100.0, places=9)
        with self.assertRaisesRegex(libvalue.DomainError, "contract A1: the benchmark is 0"):
            libvalue.settle_all(self.ledger(), {"contract": ["A1"], "benchmark_per_capita": [0.0]})


if __name__ == "__main__":
    unittest.main()
