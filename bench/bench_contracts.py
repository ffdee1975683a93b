# SPDX-License-Identifier: GPL-3.0-or-later
"""Settle 10 million beneficiary records into 500 two-sided ACO contracts
(per-beneficiary truncation at an attachment point, risk-adjusted
benchmark, MSR/MLR 2%, sharing 50%, loss sharing 40%): libvalue
(Ledger.add, on 1 and on 2 threads, then Contract.settle_all; numpy
arrays passed without a copy) against pandas (groupby sums, then the same
formulas vectorised over contracts), and against one numpy pass reading
the same bytes (the memory floor: integer sums of each array's words,
which run at about memory speed where numpy's float sums do not), same
data, same run, interleaved with the order rotated each round.  Final
payments are checked to agree, and to be the same on 1 and 2 threads.

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


def with_libvalue(c, threads, contract, cost, risk, mm):
    ledger = libvalue.Ledger(K, upper=[UPPER] * K, threads=threads)
    ledger.add(contract, cost, risk, mm)
    return np.asarray(c.settle_all(ledger, "final_payment"))


def with_pandas(contract, cost, risk, mm):
    df = pd.DataFrame({"k": contract, "cost": np.minimum(cost, UPPER), "rmm": risk * mm, "mm": mm})
    g = df.groupby("k").sum()
    years = g["mm"].to_numpy() / 12
    bench = PER_CAPITA * (g["rmm"].to_numpy() / g["mm"].to_numpy()) * years
    savings = bench - g["cost"].to_numpy()
    rate = savings / bench
    return np.where(rate >= MSR, SHARE * savings, np.where(-rate >= MSR, LOSS_SHARE * savings, 0.0))


def read_once(contract, cost, risk, mm):
    return [contract.sum(dtype=np.int32)] + [a.view(np.int64).sum(dtype=np.int64) for a in (cost, risk, mm)]


rng = np.random.default_rng(20261123)
data = make_data(rng)
c = terms()
runs = [lambda: with_libvalue(c, 1, *data), lambda: with_libvalue(c, 2, *data), lambda: with_pandas(*data),
        lambda: read_once(*data)]
times = [[] for _ in runs]
res = [None] * len(runs)
for r in range(8):
    for i in [(r + j) % len(runs) for j in range(len(runs))]:
        t0 = time.perf_counter()
        res[i] = runs[i]()
        times[i].append(time.perf_counter() - t0)
a, a2, b = res[0], res[1], res[2]
if np.max(np.abs(a - b)) > 1e-6 * np.max(np.abs(b)):
    sys.exit("libvalue and pandas disagree")
if not np.array_equal(a, a2):
    sys.exit("libvalue's results depend on the thread count")
l1, l2, pb, rb = (min(t) for t in times)
print("Settle %d beneficiary records into %d shared-risk contracts (best of 8, interleaved, order rotated):" % (N, K))
print("  libvalue, 1 thread:  %7.4f s  %12.0f records/s" % (l1, N / l1))
print("  libvalue, 2 threads: %7.4f s  %12.0f records/s  (Ledger(threads=2); the same totals bit for bit)"
      % (l2, N / l2))
print("  pandas:              %7.4f s  %12.0f records/s  (pandas %s, groupby)" % (pb, N / pb, pd.__version__))
print("  read once:           %7.4f s  (numpy integer sums of the same %d MB)" % (rb, (4 + 3 * 8) * N // 10**6))
print("  libvalue is %.1fx faster than pandas on 1 thread, %.1fx on 2; %.1fx and %.1fx the time of one read"
      % (pb / l1, pb / l2, l1 / rb, l2 / rb))
