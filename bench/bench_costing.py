# SPDX-License-Identifier: GPL-3.0-or-later
"""Patient-level TDABC costing of 10 million logged step records:
libvalue (value_costing_log_costs through the Python binding, numpy columns
passed without a copy) against the same computation in pandas (merge the
records with the rate table, multiply, groupby patient, sum), on the same
data in the same run, interleaved.  Both results are checked to agree.

Run: make bench   (Debian's python3 with python3-numpy and python3-pandas)
"""

import sys
import time

import numpy as np
import pandas as pd

import libvalue

N_RECORDS = 10_000_000
N_PATIENTS = 1_000_000
N_RESOURCES = 20
ROUNDS = 3

rng = np.random.default_rng(20261122)
patient = rng.integers(0, N_PATIENTS, N_RECORDS, dtype=np.int32)
resource = rng.integers(0, N_RESOURCES, N_RECORDS, dtype=np.int32)
minutes = rng.uniform(1, 60, N_RECORDS)

model = libvalue.CostModel()
for r in range(N_RESOURCES):
    model.add_resource("resource %d" % r, 50000 + 7000 * r, 100000, 0.85)
rates = np.array([model.rate("resource %d" % r) for r in range(N_RESOURCES)])
rate_table = pd.DataFrame({"resource": np.arange(N_RESOURCES, dtype=np.int32), "rate": rates})


def with_libvalue():
    return np.asarray(model.log_costs(patient, resource, minutes, N_PATIENTS))


def with_pandas():
    records = pd.DataFrame({"patient": patient, "resource": resource, "minutes": minutes})
    merged = records.merge(rate_table, on="resource", how="left")
    merged["cost"] = merged["minutes"] * merged["rate"]
    per_patient = merged.groupby("patient")["cost"].sum()
    return per_patient.reindex(np.arange(N_PATIENTS), fill_value=0.0).to_numpy()


lib_t, pd_t = [], []
for _ in range(ROUNDS):
    t0 = time.perf_counter()
    a = with_libvalue()
    t1 = time.perf_counter()
    b = with_pandas()
    t2 = time.perf_counter()
    lib_t.append(t1 - t0)
    pd_t.append(t2 - t1)

rel = np.max(np.abs(a - b) / np.maximum(1.0, np.abs(b)))
if rel > 1e-9:
    sys.exit("results differ: max relative difference %g" % rel)
lib_best, pd_best = min(lib_t), min(pd_t)
print("patient-level costing, %d records, %d patients, %d resources (best of %d, interleaved)"
      % (N_RECORDS, N_PATIENTS, N_RESOURCES, ROUNDS))
print("  libvalue: %.3f s  %.1f million records/s" % (lib_best, N_RECORDS / lib_best / 1e6))
print("  pandas:   %.3f s  %.1f million records/s  (merge + groupby, pandas %s)"
      % (pd_best, N_RECORDS / pd_best / 1e6, pd.__version__))
print("  libvalue is %.1fx faster than pandas (results agree to %.1e)" % (pd_best / lib_best, rel))
