# SPDX-License-Identifier: GPL-3.0-or-later
"""Payment contracts from Python: hand-worked settlements (arithmetic in
comments), ledger merges and bytes, and the seeds' incentive case."""

import unittest

import libvalue


class Contracts(unittest.TestCase):
    def setUp(self):
        # 3 beneficiaries x 12 months of contract 0, one of contract 1
        self.ledger = libvalue.Ledger(2).add([0, 0, 0, 1], [8000.0, 9000.0, 10000.0, 500.0], [1.0] * 4, [12.0] * 4)

    def test_shared_savings(self):
        # B = 10,000 x 3 = 30,000; E = 27,000; savings 3,000 = 10% >= MSR 2%;
        # first dollar at 50%: 1,500; with a 2% payment reduction: 1,470
        c = libvalue.Contract("shared_savings", benchmark_per_capita=10000, msr=0.02, sharing_rate=0.5)
        s = c.settle(self.ledger, 0)
        self.assertEqual(s.amounts["benchmark"], 30000)
        self.assertEqual(s.final_payment, 1500)
        self.assertTrue(any("MSR 2.00%" in ln.text for ln in s.lines))
        c.set("payment_reduction", 0.02)
        self.assertAlmostEqual(c.settle(self.ledger, 0).final_payment, 1470, delta=1e-9)

    def test_shared_risk_losses(self):
        # E = 27,000 against B = 25,000 (per capita 25,000/3): losses 2,000 = 8% >= MLR 2%;
        # loss sharing 40%: the provider owes 800
        c = libvalue.Contract("shared_risk", benchmark_per_capita=25000 / 3, msr=0.02, mlr=0.02,
                              loss_sharing_rate=0.4)
        self.assertAlmostEqual(c.settle(self.ledger, 0).final_payment, -800, delta=1e-6)

    def test_settle_all(self):
        # contract 0 as in test_shared_savings: 1,500 of B = 30,000; contract 1:
        # one beneficiary, B = 10,000, E = 500: savings 9,500 (95%), 50%: 4,750;
        # contract 2 has no records: NaN
        ledger = libvalue.Ledger(3).add([0, 0, 0, 1], [8000.0, 9000.0, 10000.0, 500.0], [1.0] * 4, [12.0] * 4)
        c = libvalue.Contract("shared_savings", benchmark_per_capita=10000, msr=0.02, sharing_rate=0.5)
        pay = c.settle_all(ledger)
        self.assertEqual(list(pay[:2]), [1500, 4750])
        self.assertTrue(pay[2] != pay[2])
        cols = c.settle_all(ledger, ["final_payment", "benchmark", "savings_rate"])
        self.assertEqual(list(cols["benchmark"][:2]), [30000, 10000])
        self.assertAlmostEqual(cols["savings_rate"][1], 0.95, delta=1e-15)
        self.assertEqual(list(cols["final_payment"][:2]), [1500, 4750])
        with self.assertRaises(libvalue.Error):
            c.settle_all(ledger, "no_such_item")
        with self.assertRaisesRegex(libvalue.Error, "FFS"):
            libvalue.Contract("ffs").settle_all(ledger)

    def test_ledger_threads(self):
        # 200,000 records on 2 threads (each takes >= 65,536) give the
        # one-thread ledger byte for byte
        n = 200_000
        k = [i % 7 for i in range(n)]
        cost = [float((i * 7919) % 20011) + 0.37 for i in range(n)]
        risk = [0.5 + (i % 5) / 4 for i in range(n)]
        mm = [float(1 + i % 12) for i in range(n)]
        one = libvalue.Ledger(7, upper=[15000.0] * 7).add(k, cost, risk, mm)
        two = libvalue.Ledger(7, upper=[15000.0] * 7, threads=2).add(k, cost, risk, mm)
        self.assertEqual(one.to_bytes(), two.to_bytes())
        with self.assertRaisesRegex(libvalue.Error, "threads must be from 1 to 256, got 0"):
            libvalue.Ledger(7, threads=0)

    def test_ledger_bytes_and_merge(self):
        c = libvalue.Contract("shared_savings", benchmark_per_capita=10000, msr=0.02)
        copy = libvalue.Ledger.from_bytes(self.ledger.to_bytes())
        self.assertEqual(c.settle(copy, 0).amounts, c.settle(self.ledger, 0).amounts)
        a = libvalue.Ledger(2).add([0, 1], [8000.0, 500.0], [1.0, 1.0], [12.0, 12.0])
        b = libvalue.Ledger(2).add([0, 0], [9000.0, 10000.0], [1.0, 1.0], [12.0, 12.0])
        self.assertEqual(c.settle(b.merge(a), 0).amounts, c.settle(self.ledger, 0).amounts)
        data = bytearray(self.ledger.to_bytes())
        data[len(data) // 2] ^= 1
        with self.assertRaises(libvalue.Error):
            libvalue.Ledger.from_bytes(bytes(data))
        with self.assertRaises(libvalue.Error):
            libvalue.Ledger.from_bytes(self.ledger.to_bytes()[:-3])

    def test_ffs_and_errors(self):
        # 2 x 100 + 1 x 40 = 240
        f = libvalue.Contract("ffs", fee_schedule={99213: 100, 36415: 40})
        self.assertEqual(f.settle_services([99213, 36415], [2, 1]).final_payment, 240)
        with self.assertRaisesRegex(libvalue.NotFoundError, "code\\[0\\] = 12345"):
            f.settle_services([12345], [1])
        with self.assertRaisesRegex(ValueError, r"unknown contract term .msrr. \(did you mean .msr.\?\)"):
            libvalue.Contract("ffs", msrr=0.1)

    def test_incentives(self):
        # the seeds' case: a visit (cost 60, revenue 100) vs a coordination call
        # (cost 20, health +0.02, later spending -300); FFS margins 0, 40, -20
        # favour the visit; capitation at 600: 600, 540, 880 favours the call
        cost, rev, health, later = [0, 60, 20], [0, 100, 0], [0, 0, 0.02], [0, 0, -300]
        self.assertEqual(list(libvalue.incentive_margins(cost, rev, later, "ffs")), [0, 40, -20])
        self.assertEqual(libvalue.incentive_choice(cost, rev, health, later, "ffs", 1, 0).best, 1)
        self.assertEqual(list(libvalue.incentive_margins(cost, rev, later, "capitation", amount=600)), [600, 540, 880])
        self.assertEqual(libvalue.incentive_choice(cost, rev, health, later, "capitation", 1, 0, amount=600).best, 2)


if __name__ == "__main__":
    unittest.main()
