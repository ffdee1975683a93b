# SPDX-License-Identifier: GPL-3.0-or-later
"""Walkthrough 3, the ACO analyst: claims -> a ledger -> the MSSP
settlement -> the settlement waterfall.

Run it with `python3 docs/python/aco_analyst.py`; with matplotlib the
figures go to $LIBVALUE_PLOT_DIR (default: the current directory).
"""

import os
import random

import libvalue

# ---- 1. claims -------------------------------------------------------------
# A synthetic year of paid claims (seeded) for 3 ACOs of 1,500, 2,500 and
# 4,000 assigned beneficiaries: each beneficiary has 0-30 claims, their
# costs skewed (a few very expensive ones), and a CMS-HCC risk score.
rng = random.Random(2022)
claims = []  # (aco, beneficiary, paid)
risk_score = {}
beneficiaries = {0: 1500, 1: 2500, 2: 4000}
bene = 0
for aco, n in beneficiaries.items():
    for _ in range(n):
        risk_score[bene] = round(rng.lognormvariate(0, 0.35), 3)
        for _ in range(rng.randrange(31)):
            claims.append((aco, bene, round(rng.paretovariate(2.2) * 300 * risk_score[bene], 2)))
        bene += 1
print("%d claims for %d beneficiaries" % (len(claims), bene))

# one record per beneficiary-year: the sum of its claims (the analyst's own
# grouping, as pandas' groupby would do it)
try:
    import pandas
    df = pandas.DataFrame(claims, columns=["aco", "beneficiary", "paid"])
    per = df.groupby(["aco", "beneficiary"], as_index=False)["paid"].sum()
    aco_of, bene_of, cost = list(per["aco"]), list(per["beneficiary"]), list(per["paid"])
except ImportError:
    totals = {}
    for aco, b, paid in claims:
        totals[(aco, b)] = totals.get((aco, b), 0.0) + paid
    keys = sorted(totals)
    aco_of, bene_of, cost = [k[0] for k in keys], [k[1] for k in keys], [totals[k] for k in keys]
# beneficiaries without claims still count (cost 0)
have = set(bene_of)
for b in range(bene):
    if b not in have:
        aco_of.append(0 if b < 1500 else 1 if b < 4000 else 2)
        bene_of.append(b)
        cost.append(0.0)

# ---- 2. the ledger ---------------------------------------------------------
# Two halves of the year's records added separately (two quarters' files,
# or two workers), merged, and round-tripped through bytes as a worker
# would send it: the totals are those of one pass.
half = len(cost) // 2
first = libvalue.Ledger(3).add(aco_of[:half], cost[:half], [risk_score[b] for b in bene_of[:half]],
                               [12.0] * half)
second = libvalue.Ledger(3).add(aco_of[half:], cost[half:], [risk_score[b] for b in bene_of[half:]],
                                [12.0] * (len(cost) - half))
ledger = libvalue.Ledger.from_bytes(first.merge(second).to_bytes())
print(ledger)
for aco in range(3):
    t = ledger.totals(aco)
    print("ACO %d: %d beneficiaries, expenditure %s" % (aco, t["records"], format(t["cost"], ",.2f")))
    assert t["records"] == beneficiaries[aco]

# ---- 3. the MSSP settlement ------------------------------------------------
# ENHANCED track, performance year 2022, a fixed 2% MSR/MLR; each ACO's
# updated benchmark per assigned beneficiary-year given by CMS.
benchmark_pc = {0: 8600.0, 1: 8500.0, 2: 9300.0}  # ACO 1 spends above its benchmark
results = {}
for aco in range(3):
    contract = libvalue.mssp_contract(2022, "enhanced", msr_choice=0.02)
    contract.set("benchmark_per_capita", benchmark_pc[aco])
    results[aco] = contract.settle(ledger, aco)
    print(results[aco])
print(contract)
print(results[2].explain())

# the same settlement from the totals (the path CMS's public files allow):
# the ledger's expenditure and beneficiaries against the total benchmark
t = ledger.totals(2)
direct = libvalue.mssp_settle(2022, "enhanced", int(t["records"]), benchmark_pc[2] * t["records"], t["cost"],
                              msr_choice=0.02)
print("ACO 2 from totals: %s" % format(direct.final_payment, ",.2f"))
assert abs(direct.final_payment - results[2].final_payment) <= 1e-6 * max(1.0, abs(direct.final_payment))

# a published case: Palm Beach ACO, 2014 (CMS's ACO public use file):
# earned shared savings 14,455,933
palm = libvalue.mssp_settle(2014, "track_1", assigned_beneficiaries=34601, benchmark=450902466,
                            expenditure=418729017, quality_score=0.916964286)
print("Palm Beach ACO 2014: %s (CMS: 14,455,933)" % format(palm.final_payment, ",.2f"))
assert round(palm.final_payment) == 14455933

# ---- 4. the waterfall ------------------------------------------------------
try:
    import matplotlib
    matplotlib.use("Agg")
except ImportError:
    print("matplotlib not installed: no figures")
else:
    out = os.environ.get("LIBVALUE_PLOT_DIR", ".")
    for name, s, start in (("aco2", results[2], None), ("aco1_loss", results[1], None),
                           ("palm_beach_2014", palm, None), ("palm_beach_2014_from_savings", palm, "savings")):
        ax = libvalue.plots.waterfall(s, start=start)
        assert [t.get_text() for t in ax.get_xticklabels()][-1] == "payment"
        ax.set_title("Settlement waterfall: %s" % name)
        path = os.path.join(out, "aco_analyst-waterfall-%s.png" % name)
        ax.figure.savefig(path, dpi=90, bbox_inches="tight")
        print("wrote", path)
print("ACO analyst walkthrough: ok")
