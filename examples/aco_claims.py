# SPDX-License-Identifier: GPL-3.0-or-later
"""An ACO analyst's book from claims to settlement, in Python: a claims
CSV of 1,000,000 rows for four ACOs (50,708 beneficiaries), read with
pandas, turned into one record per beneficiary-year (claims summed,
person-years from months of eligibility), settled per ACO on its own terms
(benchmark, one- or two-sided, MSR, sharing and loss rates, caps), and
printed as a per-ACO table with the explanation lines.  The mistake of
issue #20 -- claim rows added as beneficiaries -- is refused.

examples/aco_claims.R builds the same files (the same integer generator)
and prints the same numbers.  Usage: python3 aco_claims.py [directory]
(the CSVs are written there; default: a temporary directory)."""

import sys
import tempfile
from typing import Any, Tuple

import numpy as np
import pandas as pd

from libvalue import InvalidArgumentError, Ledger, settle_all

ACOS = [("A1001", 5708), ("A2002", 12000), ("A3003", 3000), ("A4004", 30000)]
N_CLAIMS = 1000000

# Each ACO's terms (NaN: not a term of its kind, left at the default).
# A1001 one-sided, 50% from the first dollar above a 3% MSR; A2002
# one-sided with a 2% MSR; A3003 two-sided, 40% of losses beyond a 2% MLR
# owed, capped at 1.5% of the benchmark; A4004 two-sided, 60% of the
# savings above a 2% MSR, capped at 10% of the benchmark.
nan = float("nan")
TERMS = pd.DataFrame({
    "contract": ["A1001", "A2002", "A3003", "A4004"],
    "kind": ["shared_savings", "shared_savings", "shared_risk", "shared_risk"],
    "benchmark_per_capita": [7000.0, 6600.0, 5500.0, 6400.0],
    "msr": [0.03, 0.02, 0.02, 0.02],
    "sharing_rate": [0.5, 0.5, 0.5, 0.6],
    "first_dollar": [1.0, 1.0, 1.0, 0.0],
    "savings_cap": [nan, nan, nan, 0.10],
    "mlr": [nan, nan, 0.02, 0.02],
    "loss_sharing_rate": [nan, nan, 0.4, 0.4],
    "loss_cap": [nan, nan, 0.015, nan],
})


def generate(directory: str) -> Tuple[str, str]:
    """claims.csv (beneficiary, aco, paid) and eligibility.csv (beneficiary,
    months, risk_score), from integer hashes (exact in R's doubles too)."""
    sizes = np.array([n for _, n in ACOS])
    nb = int(sizes.sum())
    b = np.arange(nb, dtype=np.int64)
    aco_of = np.repeat(np.arange(len(ACOS)), sizes)
    ids = np.array(["B%06d" % i for i in range(nb)])
    months = np.where(b % 7 == 0, 1 + (b // 7) % 11, 12)  # every 7th joined or left during the year
    risk = (60 + b * 37 % 100) / 100
    r = np.arange(N_CLAIMS, dtype=np.int64)
    ben = np.floor((r * 2654435761 % 2**32) / 2**32 * nb).astype(np.int64)
    v = ((r + 12345) * 40503 * 65537 % 2**32) / 2**32
    cents = 2000 + np.floor(98000 * v * v * v) + np.where((r * 69069 + 1) % 1000 == 0, 2500000, 0)
    claims = pd.DataFrame({"beneficiary": ids[ben], "aco": np.array([a for a, _ in ACOS])[aco_of[ben]],
                           "paid": cents / 100})
    eligibility = pd.DataFrame({"beneficiary": ids, "months": months, "risk_score": risk})
    claims_path, elig_path = directory + "/claims.csv", directory + "/eligibility.csv"
    claims.to_csv(claims_path, index=False)
    eligibility.to_csv(elig_path, index=False)
    return claims_path, elig_path


def settle_book(claims_path: str, elig_path: str) -> Tuple[Any, Any, Any]:
    """(claims, eligibility, BookSettlement): the CSVs read and settled."""
    claims = pd.read_csv(claims_path, dtype={"beneficiary": str, "aco": str})
    eligibility = pd.read_csv(elig_path, dtype={"beneficiary": str})
    ledger = Ledger(TERMS.contract.tolist())  # keyed by the ACOs' own ids
    ledger.add_claims(claims, eligibility, contract="aco")
    return claims, eligibility, settle_all(ledger, TERMS)


def main() -> None:
    directory = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp()
    claims_path, elig_path = generate(directory)
    claims, _, book = settle_book(claims_path, elig_path)
    print("%d claim rows, %d beneficiaries" % (len(claims), claims.beneficiary.nunique()))
    for row in book.table.itertuples():
        print("%s %-14s %6d beneficiaries %10.2f person-years  benchmark %15s  expenditure %15s  "
              "savings rate %6.2f%%  final payment %14s" % (
                  row.contract, row.kind, row.beneficiaries, row.member_months / 12,
                  "{:,.2f}".format(row.benchmark), "{:,.2f}".format(row.expenditure), 100 * row.savings_rate,
                  "{:,.2f}".format(row.final_payment)))
    for aco in ("A1001", "A3003"):
        print("%s, line by line:" % aco)
        for ln in book.lines[book.lines.contract == aco].itertuples():
            print("  %-12s %s" % (ln.step, ln.text))
    # issue #20's mistake: claim rows added as beneficiary records
    try:
        Ledger(TERMS.contract.tolist()).add(claims.aco, claims.paid, np.ones(len(claims)),
                                            np.full(len(claims), 12.0), beneficiary=claims.beneficiary)
    except InvalidArgumentError as e:
        print("claim rows as records: refused: %s" % e)


if __name__ == "__main__":
    main()
