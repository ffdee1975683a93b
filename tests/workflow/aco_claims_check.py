# SPDX-License-Identifier: GPL-3.0-or-later
"""examples/aco_claims.py checked against an independent computation:
pandas' groupby for the beneficiary-years and the settlement formulas of
value.h (group "contract") written out here; and the duplicate-beneficiary
cases refused.  Run by tests/python.sh: python3 aco_claims_check.py <examples dir>."""

import importlib.util
import math
import sys
import tempfile

import pandas as pd

import libvalue

spec = importlib.util.spec_from_file_location("aco_claims", sys.argv[1] + "/aco_claims.py")
ex = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ex)

claims_path, elig_path = ex.generate(tempfile.mkdtemp())
claims, elig, book = ex.settle_book(claims_path, elig_path)
assert len(claims) == 1000000

# Beneficiary-years by pandas: each beneficiary's claims summed, its ACO
# (one per beneficiary), its months from the eligibility file.
per = claims.groupby("beneficiary").agg(paid=("paid", "sum"), acos=("aco", "nunique"), aco=("aco", "first"))
assert (per.acos == 1).all()
per = per.join(elig.set_index("beneficiary"))
by_aco = per.groupby("aco").agg(n=("paid", "size"), e=("paid", "sum"), m=("months", "sum"))
rows_per_aco = claims.groupby("aco").size()

table = book.table.set_index("contract")
terms = ex.TERMS.set_index("contract")
for aco, t in terms.iterrows():
    got, want = table.loc[aco], by_aco.loc[aco]
    # records: one per beneficiary (not per claim row)
    assert got.beneficiaries == want.n, (aco, got.beneficiaries, want.n)
    assert got.beneficiaries < rows_per_aco[aco] / 10
    assert got.member_months == want.m
    # each beneficiary's sum is rounded to 2^-24 once: at most n x 2^-25 apart (< 0.001 here)
    assert abs(got.expenditure - want.e) <= want.n * 2.0**-25, (aco, got.expenditure, want.e)
    # B = b x M / 12; S = B - E; rate S / B
    B = t.benchmark_per_capita * want.m / 12
    E = want.e
    S = B - E
    rate = S / B
    if S > 0 and rate >= t.msr:
        shared = t.sharing_rate * (S if t.first_dollar == 1 else S - t.msr * B)
        cap = t.savings_cap * B if t.savings_cap == t.savings_cap else math.inf
        pay = min(shared, cap)
    elif S < 0 and t.kind == "shared_risk" and -rate >= t.mlr:
        owed = t.loss_sharing_rate * -S  # first dollar
        cap = t.loss_cap * B if t.loss_cap == t.loss_cap else math.inf
        pay = -min(owed, cap)
    else:
        pay = 0.0
    assert abs(got.benchmark - B) < 1e-6, (aco, got.benchmark, B)
    assert abs(got.final_payment - pay) < 0.005, (aco, got.final_payment, pay)  # half a cent
    print("%s: %d claim rows -> %d beneficiaries; final payment %.2f (by hand %.2f)"
          % (aco, rows_per_aco[aco], want.n, got.final_payment, pay))
# the explanation lines: every ACO's, in order, ending in its payment
assert list(book.lines.contract.unique()) == list(terms.index)
assert (book.lines.groupby("contract").step.last() == "payment").all()
assert book.lines[book.lines.contract == "A3003"].text.str.contains("loss cap 1.50% of the benchmark").any()

# issue #20's mistake refused: claim rows as records with their beneficiary ids
ledger = libvalue.Ledger(ex.TERMS.contract.tolist())
try:
    ledger.add(claims.aco, claims.paid, [1.0] * len(claims), [12.0] * len(claims), beneficiary=claims.beneficiary)
    raise AssertionError("claim rows as records were accepted")
except libvalue.InvalidArgumentError as e:
    assert "repeats" in str(e) and "one record per beneficiary" in str(e), str(e)
# a beneficiary's claim moved to another ACO: refused naming both rows, nothing added
moved = claims.copy()
first = moved.index[moved.beneficiary == "B000000"]
moved.loc[first[1], "aco"] = "A2002"
try:
    ledger.add_claims(moved, elig, contract="aco")
    raise AssertionError("a beneficiary under two ACOs was accepted")
except libvalue.InvalidArgumentError as e:
    assert ("claims row %d puts beneficiary 'B000000' under contract 'A2002', but row %d under contract 'A1001'"
            % (first[1], first[0])) in str(e), str(e)
assert all(ledger.totals(a)["records"] == 0 for a in ex.TERMS.contract)
print("aco_claims: 4 ACOs checked against pandas and the formulas by hand; duplicates refused")
