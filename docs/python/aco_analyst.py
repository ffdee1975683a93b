# SPDX-License-Identifier: GPL-3.0-or-later
"""Walkthrough 3, the ACO analyst: claims -> beneficiary-years in a
ledger keyed by ACO id -> the MSSP settlement of each ACO -> a per-ACO
table with its explanation lines -> the settlement waterfall.
examples/aco_claims.py (and .R) does the same from a claims CSV of
1,000,000 rows.

Run it with `python3 docs/python/aco_analyst.py`; with matplotlib the
figures go to $LIBVALUE_PLOT_DIR (default: the current directory).
"""

import os
import random

import libvalue

# ---- 1. claims -------------------------------------------------------------
# A synthetic year of paid claims (seeded) for 3 ACOs of 1,500, 2,500 and
# 4,000 assigned beneficiaries, named by the ACOs' own ids: each
# beneficiary has 0-30 claims, their costs skewed (a few very expensive
# ones), and a CMS-HCC risk score.
rng = random.Random(2022)
ACOS = ["A1001", "A2002", "A3003"]
claims = {"aco": [], "beneficiary": [], "paid": []}
eligibility = {"beneficiary": [], "months": [], "risk_score": []}
beneficiaries = {"A1001": 1500, "A2002": 2500, "A3003": 4000}
bene = 0
for aco, n in beneficiaries.items():
    for _ in range(n):
        bid = "B%05d" % bene
        risk = round(rng.lognormvariate(0, 0.35), 3)
        eligibility["beneficiary"].append(bid)
        eligibility["months"].append(12.0)
        eligibility["risk_score"].append(risk)
        n_claims = rng.randrange(31)
        for _ in range(n_claims):
            claims["aco"].append(aco)
            claims["beneficiary"].append(bid)
            claims["paid"].append(round(rng.paretovariate(2.2) * 300 * risk, 2))
        if n_claims == 0:  # an assigned beneficiary without claims still counts: a row paying 0
            claims["aco"].append(aco)
            claims["beneficiary"].append(bid)
            claims["paid"].append(0.0)
        bene += 1
print("%d claim rows for %d beneficiaries" % (len(claims["paid"]), bene))

# ---- 2. the ledger ---------------------------------------------------------
# The claim rows go in as they are: Ledger.add_claims (value_ledger_add_claims
# in C) sums each beneficiary's claims into one record per beneficiary-year,
# with its months of eligibility (person-years = months / 12) and risk
# score from the eligibility table, and refuses a beneficiary under two
# ACOs.  The ledger is keyed by the ACOs' ids.  Two workers each take
# whole beneficiaries (a beneficiary's claims must come in one call), their
# ledgers merged and round-tripped through bytes as a worker would send
# one: the totals are those of one pass.
def rows_of(lo, hi):
    keep = [i for i, b in enumerate(claims["beneficiary"]) if lo <= int(b[1:]) < hi]
    return {k: [v[i] for i in keep] for k, v in claims.items()}


half = bene // 2
first = libvalue.Ledger(ACOS).add_claims(rows_of(0, half), eligibility, contract="aco")
second = libvalue.Ledger(ACOS).add_claims(rows_of(half, bene), eligibility, contract="aco")
ledger = libvalue.Ledger.from_bytes(first.merge(second).to_bytes(), ids=ACOS)
print(ledger)
for aco in ACOS:
    t = ledger.totals(aco)
    print("%s: %d beneficiaries, %d person-years, expenditure %s" % (aco, t["records"], t["member_months"] / 12,
                                                                    format(t["cost"], ",.2f")))
    assert t["records"] == beneficiaries[aco]

# The mistake this replaces: claim rows added as records count every claim
# as a beneficiary (and a savings rate to match).  Given the beneficiary
# ids, Ledger.add refuses them.
try:
    n = len(claims["paid"])
    libvalue.Ledger(ACOS).add(claims["aco"], claims["paid"], [1.0] * n, [12.0] * n,
                              beneficiary=claims["beneficiary"])
    raise AssertionError("claim rows accepted as beneficiaries")
except libvalue.InvalidArgumentError as e:
    print("claim rows as records: %s" % e)

# ---- 3. the MSSP settlement ------------------------------------------------
# ENHANCED track, performance year 2022, a fixed 2% MSR/MLR, the quality
# performance standard met with a quality score of 85% (from 2021 the score
# still sets the ENHANCED loss rate: 1 - 75% x 0.85 = 36.25%, floor 40%);
# each ACO's updated benchmark per assigned beneficiary-year given by CMS.
benchmark_pc = {"A1001": 8600.0, "A2002": 8500.0, "A3003": 9300.0}  # A2002 spends above its benchmark
# (A2002's shared losses are forgiven in full: 2022 falls under the COVID-19
# extreme and uncontrollable circumstances policy, a "forgiven" line)
contracts = {}
for aco in ACOS:
    contracts[aco] = libvalue.mssp_contract(2022, "enhanced", msr_choice=0.02, quality_met=1, quality_score=0.85)
    contracts[aco].set("benchmark_per_capita", benchmark_pc[aco])
results = {k: contracts[aco].settle(ledger, aco) for k, aco in enumerate(ACOS)}
for k in range(3):
    print(results[k])
print(contracts["A3003"])
print(results[2].explain())

# the whole book at once, each ACO on its own terms: a table (one row per
# ACO) and the explanation lines of all, keyed by ACO
book = libvalue.settle_all(ledger, contracts)
print(book.table[["contract", "beneficiaries", "savings_rate", "final_payment"]].to_string(index=False)
      if hasattr(book.table, "to_string") else book.table["final_payment"])
assert list(book.table["contract"]) == ACOS
assert all(abs(book.table["final_payment"][k] - results[k].final_payment) < 1e-9 for k in range(3))
assert list(book.lines["contract"]).count("A3003") == len(results[2].lines)

# the same settlement from the totals (the path CMS's public files allow):
# the ledger's expenditure and beneficiaries against the total benchmark
t = ledger.totals("A3003")
direct = libvalue.mssp_settle(2022, "enhanced", int(t["records"]), benchmark_pc["A3003"] * t["records"], t["cost"],
                              msr_choice=0.02, quality_met=1, quality_score=0.85)
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
