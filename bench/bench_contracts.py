# SPDX-License-Identifier: GPL-3.0-or-later
"""Settle 10 million beneficiary records into 500 two-sided ACO contracts
(per-beneficiary truncation at an attachment point, risk-adjusted
benchmark, MSR/MLR 2%, sharing 50%, loss sharing 40%): libvalue
(Ledger.add + Contract.settle for each contract; numpy arrays passed
without a copy) against pandas (groupby sums, then the same formulas
vectorised over contracts), and against one numpy pass reading the same
bytes (the memory floor), same data, same run, interleaved.  Final
payments are checked to agree.

Run: make bench   (Debian's python3 with python3-numpy and python3-pandas)
"""

import sys
import time

import numpy as np
import pandas as pd

import libvalue

N, K, UPPER = 10_000_000, 500, 100_000.0
PER_CAPITA, MSR, SHARE, LOSS_SHARE = 11_000.0, 0.02, 0.5, 0.4


def make_data(rng):
    contract = rng.integers(0, K, N, dtype=np.int32)
    risk = rng.gamma(4.0, 0.25, N)
    mm = rng.integers(6, 13, N).astype(np.float64)
    cost = rng.gamma(0.6, 11_000 / 0.6 / 12, N) * mm * (0.8 + 0.4 * (contract % 7) / 6) * risk
    return contract, cost, risk, mm


def terms():
    return libvalue.Contract("shared_risk", benchmark_per_capita=PER_CAPITA, risk_adjust=1, msr=MSR, mlr=MSR,
                             sharing_rate=SHARE, loss_sharing_rate=LOSS_SHARE)


def with_libvalue(c, contract, cost, risk, mm):
    ledger = libvalue.Ledger(K, upper=[UPPER] * K)
    ledger.add(contract, cost, risk, mm)
    return np.array([c.settle(ledger, k).final_payment for k in range(K)])


def with_pandas(contract, cost, risk, mm):
    df = pd.DataFrame({"k": contract, "cost": np.minimum(cost, UPPER), "rmm": risk * mm, "mm": mm})
    g = df.groupby("k").sum()
    years = g["mm"].to_numpy() / 12
    bench = PER_CAPITA * (g["rmm"].to_numpy() / g["mm"].to_numpy()) * years
    savings = bench - g["cost"].to_numpy()
    rate = savings / bench
    return np.where(rate >= MSR, SHARE * savings, np.where(-rate >= MSR, LOSS_SHARE * savings, 0.0))


def read_once(contract, cost, risk, mm):
    return int(contract.sum()) + cost.sum() + risk.sum() + mm.sum()


rng = np.random.default_rng(20261123)
data = make_data(rng)
c = terms()
lib_t, pd_t, rd_t = [], [], []
for _ in range(5):
    t0 = time.perf_counter()
    a = with_libvalue(c, *data)
    t1 = time.perf_counter()
    b = with_pandas(*data)
    t2 = time.perf_counter()
    read_once(*data)
    t3 = time.perf_counter()
    lib_t.append(t1 - t0)
    pd_t.append(t2 - t1)
    rd_t.append(t3 - t2)
if np.max(np.abs(a - b)) > 1e-6 * np.max(np.abs(b)):
    sys.exit("libvalue and pandas disagree")
lb, pb, rb = min(lib_t), min(pd_t), min(rd_t)
print("Settle %d beneficiary records into %d shared-risk contracts (best of 5, interleaved):" % (N, K))
print("  libvalue:  %7.3f s  %12.0f records/s" % (lb, N / lb))
print("  pandas:    %7.3f s  %12.0f records/s  (pandas %s, groupby)" % (pb, N / pb, pd.__version__))
print("  read once: %7.3f s  (numpy sums of the same %d MB)" % (rb, (4 + 3 * 8) * N // 10**6))
print("  libvalue is %.1fx faster than pandas and takes %.1fx the time of one read" % (pb / lb, lb / rb))
