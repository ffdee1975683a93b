# The total hip replacement model (Briggs et al. 2004, 2006; as in heemod's
# "Reproducing Exact Results from DMHEE") from its model file
# examples/models/thr.yaml: base case, a 1,000-draw PSA with its CEAC,
# and a tornado of NP1's incremental net benefit.  Runs with or without
# numpy/pandas; all the arithmetic is in the C library.
# SPDX-License-Identifier: GPL-3.0-or-later
import os

import libvalue

HERE = os.path.dirname(os.path.abspath(__file__))
m = libvalue.Model.load(os.path.join(HERE, "models", "thr.yaml"))

# base case (heemod: standard 512.4327 / 14.65283, NP1 610.3112 / 14.69734)
base = m.run()
cost, qaly = base["cost"], base["effect"]
for s in m.strategies:
    print("%-8s cost %9.4f, QALYs %.5f" % (s, cost[s], qaly[s]))
print("ICER %.3f per QALY" % ((cost["np1"] - cost["standard"]) / (qaly["np1"] - qaly["standard"])))

# PSA: 1,000 draws of the book's distributions, then the CEAC
psa = m.psa(1000, seed=20240101)
curves = psa.curves([0, 1000, 2000, 2500, 5000, 10000])
for lam, row in zip(curves.lambdas, curves.ceac):
    print("WTP %6g: P(NP1 cost-effective) %.3f" % (lam, row[1]))

# tornado on NP1's incremental net monetary benefit at 2,500 per QALY
m.set_range("omrPTHR", 0.01, 0.04).set_range("c_RevisionTHR", 4000, 7000).set_range("u_SuccessP", 0.8, 0.9)
t = m.tornado("np1", "standard", wtp=2500)
print("tornado (INMB at 2,500/QALY, base %.2f), widest first:" % t.base)
for r in t.rows:
    print("  %-14s %g..%g -> %.2f..%.2f" % (r.name, r.low, r.high, r.result_low, r.result_high))
