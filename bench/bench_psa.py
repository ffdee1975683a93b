# SPDX-License-Identifier: GPL-3.0-or-later
"""PSA curves: CEAC + EVPI (with CEAF and expected loss) over 100,000
simulations x 10 strategies x 101 willingness-to-pay values.  libvalue
(value_psa_curves through the Python binding, numpy arrays passed without a
copy) against a vectorized numpy implementation on the same data in the
same run, interleaved; both results are checked to agree.

Run: make bench   (Debian's python3 with python3-numpy)
"""

import sys
import time

import numpy as np

from libvalue import _lowlevel as ll

S, J, L, ROUNDS = 100_000, 10, 101, 3
rng = np.random.default_rng(20261122)
costs = rng.normal(np.linspace(10000, 30000, J), 2000, size=(S, J))
effects = rng.normal(np.linspace(5.0, 5.6, J), 0.3, size=(S, J))
lambdas = np.linspace(0, 100000, L)


def with_libvalue():
    ceac, loss, evpi, ceaf, prob = ll.value_psa_curves(costs.reshape(-1), effects.reshape(-1), J, lambdas, L * J, L)
    return np.asarray(ceac).reshape(L, J), np.asarray(evpi)


def with_numpy():
    ceac = np.empty((L, J))
    evpi = np.empty(L)
    for l, lam in enumerate(lambdas):
        nmb = lam * effects - costs
        ceac[l] = np.bincount(nmb.argmax(axis=1), minlength=J) / S
        evpi[l] = nmb.max(axis=1).mean() - nmb.mean(axis=0).max()
    return ceac, evpi


lib_t, np_t = [], []
for _ in range(ROUNDS):
    t0 = time.perf_counter()
    a = with_libvalue()
    t1 = time.perf_counter()
    b = with_numpy()
    t2 = time.perf_counter()
    lib_t.append(t1 - t0)
    np_t.append(t2 - t1)

if np.max(np.abs(a[0] - b[0])) > 1e-12 or np.max(np.abs(a[1] - b[1]) / np.maximum(1, np.abs(b[1]))) > 1e-9:
    sys.exit("libvalue and numpy disagree")
lib_best, np_best = min(lib_t), min(np_t)
print("PSA curves (CEAC + EVPI + CEAF + expected loss), %d simulations x %d strategies x %d lambdas "
      "(best of %d, interleaved)" % (S, J, L, ROUNDS))
print("  libvalue: %.3f s" % lib_best)
print("  numpy:    %.3f s  (vectorized per lambda, numpy %s)" % (np_best, np.__version__))
print("  libvalue is %.1fx faster than numpy" % (np_best / lib_best))
