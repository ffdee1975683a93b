# SPDX-License-Identifier: GPL-3.0-or-later
"""Provider profile + fairness report over 10 million patient records in
5,000 providers and 5 social groups: libvalue (Profile.add_records +
results, fairness_by_group; numpy arrays passed without a copy) against
pandas groupby doing the same sums and the same formulas (O/E, Byar's
limits for O >= 10, z-scores; confusion counts and rates per group), same
data, same run, interleaved.  Results are checked to agree.

Run: make bench   (Debian's python3 with python3-numpy and python3-pandas)
"""

import sys
import threading
import time

import numpy as np
import pandas as pd

import libvalue

N, PROVIDERS, GROUPS = 10_000_000, 5000, 5
Z = 1.959963984540054


def make_data(rng):
    provider = rng.integers(0, PROVIDERS, N, dtype=np.int32)
    group = rng.integers(0, GROUPS, N, dtype=np.int32)
    risk = rng.beta(2, 12, N)
    died = (rng.random(N) < risk * (0.8 + 0.1 * group)).astype(np.float64)
    return provider, group, risk, died


def with_libvalue(provider, group, risk, died):
    prof = libvalue.Profile(PROVIDERS)
    prof.add_records(provider, died, risk)
    res = prof.results()
    rows, overall = libvalue.fairness_by_group(died, risk, group, threshold=0.2, n_groups=GROUPS)
    return res, rows


def with_libvalue_2_threads(provider, group, risk, died):
    """The same on two threads: ctypes releases the GIL, so the profile and
    the fairness report (separate passes over the records) run at once."""
    out = {}

    def fairness():
        out["rows"] = libvalue.fairness_by_group(died, risk, group, threshold=0.2, n_groups=GROUPS)[0]

    t = threading.Thread(target=fairness)
    t.start()
    prof = libvalue.Profile(PROVIDERS)
    prof.add_records(provider, died, risk)
    res = prof.results()
    t.join()
    return res, out["rows"]


def with_pandas(provider, group, risk, died):
    df = pd.DataFrame({"provider": provider, "group": group, "risk": risk, "died": died})
    g = df.groupby("provider").agg(n=("died", "size"), o=("died", "sum"), e=("risk", "sum"))
    o, e = g["o"].to_numpy(), g["e"].to_numpy()
    lower = o * (1 - 1 / (9 * o) - Z / (3 * np.sqrt(o))) ** 3 / e  # Byar (every O here is >= 10)
    upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + Z / (3 * np.sqrt(o + 1))) ** 3 / e
    oe, z = o / e, (o - e) / np.sqrt(e)
    rate = oe * df["died"].mean()
    sel = df["risk"] >= 0.2
    df["tp"] = sel & (df["died"] == 1)
    df["fp"] = sel & (df["died"] == 0)
    c = df.groupby("group").agg(n=("died", "size"), pos=("died", "sum"), tp=("tp", "sum"), fp=("fp", "sum"))
    tpr = c["tp"] / c["pos"]
    fpr = c["fp"] / (c["n"] - c["pos"])
    return (oe, lower, upper, z, rate), (tpr.to_numpy(), fpr.to_numpy())


rng = np.random.default_rng(20261123)
data = make_data(rng)
lib_t, lib2_t, pd_t = [], [], []
for _ in range(3):
    t0 = time.perf_counter()
    res, rows = with_libvalue(*data)
    t1 = time.perf_counter()
    res2, rows2 = with_libvalue_2_threads(*data)
    t2 = time.perf_counter()
    (oe, lower, upper, z, rate), (tpr, fpr) = with_pandas(*data)
    t3 = time.perf_counter()
    lib_t.append(t1 - t0)
    lib2_t.append(t2 - t1)
    pd_t.append(t3 - t2)
if res2 != res or rows2 != rows:
    sys.exit("libvalue's results depend on the thread count")

got = np.array([[r.oe, r.lower, r.upper, r.z, r.rate] for r in res])
want = np.column_stack([oe, lower, upper, z, rate])
if np.max(np.abs(got - want) / np.abs(want)) > 1e-9:
    sys.exit("libvalue and pandas disagree on the profile")
if np.max(np.abs(np.array([r.tpr for r in rows]) - tpr)) > 1e-12 or \
        np.max(np.abs(np.array([r.fpr for r in rows]) - fpr)) > 1e-12:
    sys.exit("libvalue and pandas disagree on the fairness report")
lb, l2, pb = min(lib_t), min(lib2_t), min(pd_t)
print("Provider profile + fairness report, %d records, %d providers, %d groups (best of 3, interleaved):"
      % (N, PROVIDERS, GROUPS))
print("  libvalue:            %7.3f s  %12.0f records/s" % (lb, N / lb))
print("  libvalue, 2 threads: %7.3f s  %12.0f records/s  (profile and fairness passes at once)" % (l2, N / l2))
print("  pandas:              %7.3f s  %12.0f records/s  (pandas %s, groupby)" % (pb, N / pb, pd.__version__))
print("  libvalue is %.1fx faster than pandas on 1 thread, %.1fx on 2" % (pb / lb, pb / l2))
