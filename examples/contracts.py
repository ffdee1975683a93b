# SPDX-License-Identifier: GPL-3.0-or-later
"""The seeds' payment scenario: a doctor can make a low-value follow-up
visit (it generates a bill) or a non-billable care-coordination call
(it prevents a costly complication).  What does each payment model pay
for each choice?  Then a shared-savings settlement, line by line."""

import libvalue

# do nothing, the visit (costs 60, bills 100), the call (costs 20, no bill,
# health +0.02 QALY, avoids 300 of later spending)
names = ["do nothing", "low-value visit", "coordination call"]
cost, revenue, health, later = [0, 60, 20], [0, 100, 0], [0, 0, 0.02], [0, 0, -300]
for model, kw in (("ffs", {}), ("capitation", {"amount": 600}), ("bundle", {"amount": 500, "rate": 0.5}),
                  ("shared_savings", {"amount": 200, "rate": 0.5})):
    margins = libvalue.incentive_margins(cost, revenue, later, model, **kw)
    best = libvalue.incentive_choice(cost, revenue, health, later, model, 1, 0, **kw).best
    print("%-15s margins %s -> a margin-minded doctor chooses the %s"
          % (model, ", ".join("%g" % m for m in margins), names[best]))

# an ACO's year under one-sided shared savings: 3 beneficiaries for brevity
aco = libvalue.Contract("shared_savings", benchmark_per_capita=10000, msr=0.02, sharing_rate=0.5,
                        quality_score=0.9, payment_reduction=0.02)
ledger = libvalue.Ledger(1).add([0, 0, 0], [8000.0, 9000.0, 10000.0], [1.0, 1.0, 1.0], [12.0, 12.0, 12.0])
settlement = aco.settle(ledger, 0)
print(settlement.explain())

# a payer's book of ACOs: 200,000 beneficiary-years in 20 ACOs, added on two
# threads (the totals are exactly those of one), every ACO settled at once
n, acos = 200_000, 20
aco_of = [(i * 7) % acos for i in range(n)]
costs = [4000.0 + (i * 7919) % 11000 for i in range(n)]
book = libvalue.Ledger(acos, threads=2).add(aco_of, costs, [1.0] * n, [12.0] * n)
paid = aco.settle_all(book, ["savings_rate", "final_payment"])
for k in range(3):
    print("ACO %d: savings rate %5.2f%%, paid %12s" % (k, 100 * paid["savings_rate"][k],
                                                       "{:,.2f}".format(paid["final_payment"][k])))
