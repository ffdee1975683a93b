# SPDX-License-Identifier: GPL-3.0-or-later
"""PSA of the total hip replacement (THR) model (Briggs et al. 2004, 2006;
examples/models/thr.yaml; 5 states, 60 annual cycles, 2 strategies, 12
sampled parameters), 1,000 draws, CEAC/EVPI over 101 WTP values, three
ways side by side in one process, interleaved, order rotated each round:

  model  libvalue's declarative engine: value_model_psa on the model file
         (sample, evaluate, run, in C) + value_psa_curves;
  (a)    today's array API driven from numpy: sample in numpy, build every
         per-cycle 5 x 5 matrix of every draw (draws x 60 x 25 doubles a
         strategy) and call value_markov_run_batch, then value_psa_curves;
  (b)    numpy alone: sample, a cohort vectorised over draws (one einsum a
         cycle), CEAC/EVPI in numpy.

(a) and (b) are written here from the model's specification
(tests/data/models/README.md), not from the engine.  Before timing, both
are checked against the engine to 1e-9 relative at the base case and on
the engine's own 1,000 draws (value_model_psa's out_draws), and (b)'s
curves against value_psa_curves.

Run: make bench   (Debian's python3 with python3-numpy)
"""

import ctypes
import sys
import time

import numpy as np

from libvalue import _lowlevel as ll
from libvalue._support import lib, check

N, T, S, J, SEED = 1000, 60, 5, 2, 20261124
LAMBDAS = np.arange(101) * 1000.0
VALUE_MODEL_SAMPLED = 5  # include/value.h, value_model_item
VALUE_MODEL_THREADS = 8  # value_model_option

# ---- the engine, through ctypes (the binding's low layer may not have the model API yet) ----
P_ = ctypes.POINTER
D_ = P_(ctypes.c_double)
lib.value_model_load.argtypes = [ctypes.c_char_p, P_(ctypes.c_void_p)]
lib.value_model_free.argtypes = [ctypes.c_void_p]
lib.value_model_free.restype = None
lib.value_model_set.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_double]
lib.value_model_count.argtypes = [ctypes.c_void_p, ctypes.c_int, P_(ctypes.c_size_t)]
lib.value_model_name.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t, P_(ctypes.c_char_p)]
lib.value_model_run.argtypes = [ctypes.c_void_p, ctypes.c_char_p, D_, D_, D_, ctypes.c_size_t]
lib.value_model_psa.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint64, ctypes.c_size_t, D_, D_,
                                ctypes.c_size_t, D_, ctypes.c_size_t]
lib.value_psa_curves.argtypes = [D_, D_, ctypes.c_size_t, ctypes.c_size_t, D_, ctypes.c_size_t, D_, D_,
                                 ctypes.c_size_t, D_, P_(ctypes.c_int32), D_, ctypes.c_size_t]
for f in ("value_model_load", "value_model_set", "value_model_count", "value_model_name", "value_model_run",
          "value_model_psa", "value_psa_curves"):
    getattr(lib, f).restype = ctypes.c_int


def ptr(a):
    return a.ctypes.data_as(D_)


def load(path):
    h = ctypes.c_void_p()
    check(lib.value_model_load(path.encode(), ctypes.byref(h)))
    return h


def sampled_names(h):
    n = ctypes.c_size_t()
    check(lib.value_model_count(h, VALUE_MODEL_SAMPLED, ctypes.byref(n)))
    out = []
    for i in range(n.value):
        s = ctypes.c_char_p()
        check(lib.value_model_name(h, VALUE_MODEL_SAMPLED, i, ctypes.byref(s)))
        out.append(s.value.decode())
    return out


def model_psa(h, draws=None):
    """value_model_psa: N x J costs and effects (and the N x P draws)."""
    c = np.empty(N * J)
    e = np.empty(N * J)
    if draws is None:
        check(lib.value_model_psa(h, None, SEED, N, ptr(c), ptr(e), N * J, None, 0))
    else:
        check(lib.value_model_psa(h, None, SEED, N, ptr(c), ptr(e), N * J, ptr(draws), draws.size))
    return c, e


class Curves:
    def __init__(self):
        L = len(LAMBDAS)
        self.ceac, self.loss = np.empty(L * J), np.empty(L * J)
        self.evpi, self.prob = np.empty(L), np.empty(L)
        self.ceaf = np.empty(L, dtype=np.int32)

    def run(self, c, e):
        L = len(LAMBDAS)
        check(lib.value_psa_curves(ptr(c), ptr(e), c.size, J, ptr(LAMBDAS), L, ptr(self.ceac), ptr(self.loss), L * J,
                                   ptr(self.evpi), self.ceaf.ctypes.data_as(P_(ctypes.c_int32)), ptr(self.prob), L))
        return self


def with_model(h, cv):
    c, e = model_psa(h)
    return c, e, cv.run(c, e)


# ---- the model's specification (tests/data/models/README.md, thr) ----
AGE, SEX = 60, 0
BASE = dict(omrPTHR=0.02, omrRTHR=0.02, rrr=0.04, u_SuccessP=0.85, u_RevisionTHR=0.30, u_SuccessR=0.75,
            c_RevisionTHR=5294.0, lngamma=0.3740968, cons=-5.490935, ageC=-0.0367022, maleC=0.768536,
            lnrrNP1=-1.344474)
C_PROSTHESIS = (394.0, 579.0)  # standard, NP1
# the book's annual death probability by age band (lower bound 35..85), female; looked up at age 60 + t in cycle t
BANDS = np.array([35, 45, 55, 65, 75, 85])
MR_FEMALE = np.array([0.00099, 0.0026, 0.0067, 0.0193, 0.0535, 0.1548])
TT = np.arange(1, T + 1, dtype=float)
MR = MR_FEMALE[np.searchsorted(BANDS, AGE + TT, side="right") - 1]
# occupancy at the start of cycle t counted for it, discounted (1 + r)^-(t - 1): costs 6%, QALYs 1.5%
DC, DE = 1.06 ** -(TT - 1), 1.015 ** -(TT - 1)
MEAN = np.array([BASE[k] for k in ("lngamma", "cons", "ageC", "maleC", "lnrrNP1")])
COV = np.array([[0.00225151199001, -0.005691, 0.000000028, 0.0000051, 0.000259],
                [-0.005691, 0.043219083664, -0.000783, -0.007247, -0.000642],
                [0.000000028, -0.000783, 0.00002715660544, 0.000033, -0.000111],
                [0.0000051, -0.007247, 0.000033, 0.011895392356, 0.000184],
                [0.000259, -0.000642, -0.000111, 0.000184, 0.14636860414225]])
CHOL = np.linalg.cholesky(COV)


def sample_numpy(rng, n):
    """The PSA distributions (Briggs et al. 2006 ex. 4.7; hesim's vignette) with numpy's generators."""
    def beta_ms(m, s):
        k = m * (1 - m) / s ** 2 - 1
        return rng.beta(m * k, (1 - m) * k, n)
    z = rng.standard_normal((n, 5)) @ CHOL.T + MEAN
    return dict(omrPTHR=rng.beta(2, 98, n), omrRTHR=rng.beta(2, 98, n), rrr=rng.beta(4, 96, n),
                u_SuccessP=beta_ms(0.85, 0.03), u_RevisionTHR=beta_ms(0.30, 0.03), u_SuccessR=beta_ms(0.75, 0.04),
                c_RevisionTHR=rng.gamma((5294 / 1487) ** 2, 1487 ** 2 / 5294, n),
                lngamma=z[:, 0], cons=z[:, 1], ageC=z[:, 2], maleC=z[:, 3], lnrrNP1=z[:, 4])


def strategy_inputs(p, j):
    """Per draw: the revision rate multiplier, state costs and utilities of strategy j."""
    n = len(p["omrPTHR"])
    rr = np.ones(n) if j == 0 else np.exp(p["lnrrNP1"])
    lam = np.exp(p["cons"] + p["ageC"] * AGE + p["maleC"] * SEX) * rr
    shape = np.exp(p["lngamma"])
    z = np.zeros(n)
    cost = np.stack([np.full(n, C_PROSTHESIS[j]), z, p["c_RevisionTHR"], z, z], axis=1)
    util = np.stack([z, p["u_SuccessP"], p["u_RevisionTHR"], p["u_SuccessR"], z], axis=1)
    return lam, shape, cost, util


def all_matrices(p, j):
    """(a)'s input: every draw's T per-cycle matrices, n x T x S x S."""
    n = len(p["omrPTHR"])
    lam, shape, cost, util = strategy_inputs(p, j)
    prev = 1 - np.exp(lam[:, None] * ((TT - 1)[None, :] ** shape[:, None] - TT[None, :] ** shape[:, None]))
    P = np.zeros((n, T, S, S))
    omrP, omrR, rrr = (p[k][:, None] for k in ("omrPTHR", "omrRTHR", "rrr"))
    P[:, :, 0, 1] = 1 - omrP
    P[:, :, 0, 4] = omrP
    P[:, :, 1, 1] = 1 - prev - MR
    P[:, :, 1, 2] = prev
    P[:, :, 1, 4] = MR
    P[:, :, 2, 3] = 1 - omrR - MR
    P[:, :, 2, 4] = omrR + MR
    P[:, :, 3, 2] = rrr
    P[:, :, 3, 3] = 1 - rrr - MR
    P[:, :, 3, 4] = MR
    P[:, :, 4, 4] = 1
    return P, cost, util


def markov_structure():
    m = ll.value_markov_new(S)
    for param, v in ((ll.VALUE_MARKOV_CYCLES, T), (ll.VALUE_MARKOV_DISCOUNT_COSTS, 0.06),
                     (ll.VALUE_MARKOV_DISCOUNT_EFFECTS, 0.015), (ll.VALUE_MARKOV_DISCOUNT_FIRST, 0),
                     (ll.VALUE_MARKOV_CORRECTION, ll.VALUE_MARKOV_START), (ll.VALUE_MARKOV_THREADS, 1)):
        ll.value_markov_set(m, param, v)
    ll.value_markov_set_state_rewards(m, [0.0] * S, [0.0] * S, [1, 1, 1, 1, 0])
    return m


def array_api(mk, p, cv, split=None):
    """(a): matrices in numpy, runs in value_markov_run_batch, curves in value_psa_curves."""
    n = len(p["omrPTHR"])
    c, e = np.empty((n, J)), np.empty((n, J))
    t_build = t_run = 0.0
    for j in range(J):
        t0 = time.perf_counter()
        P, cost, util = all_matrices(p, j)
        t1 = time.perf_counter()
        cj, ej, _ = ll.value_markov_run_batch(mk, P.reshape(-1), cost.reshape(-1), util.reshape(-1), n, n)
        c[:, j], e[:, j] = cj, ej
        t_build += t1 - t0
        t_run += time.perf_counter() - t1
    c, e = c.reshape(-1), e.reshape(-1)
    t0 = time.perf_counter()
    cv.run(c, e)
    if split is not None:
        split.append((t_build, t_run, time.perf_counter() - t0))
    return c, e, cv


def numpy_cohort(p):
    """(b): the THR cohort vectorised over draws, one einsum a cycle."""
    n = len(p["omrPTHR"])
    c, e = np.zeros((n, J)), np.zeros((n, J))
    for j in range(J):
        lam, shape, cost, util = strategy_inputs(p, j)
        P = np.zeros((n, S, S))
        P[:, 0, 1] = 1 - p["omrPTHR"]
        P[:, 0, 4] = p["omrPTHR"]
        P[:, 3, 2] = p["rrr"]
        P[:, 4, 4] = 1
        m = np.zeros((n, S))
        m[:, 0] = 1
        for t in range(1, T + 1):
            c[:, j] += DC[t - 1] * np.einsum("ks,ks->k", m, cost)
            e[:, j] += DE[t - 1] * np.einsum("ks,ks->k", m, util)
            mr = MR[t - 1]
            prev = 1 - np.exp(lam * ((t - 1) ** shape - t ** shape))
            P[:, 1, 1] = 1 - prev - mr
            P[:, 1, 2] = prev
            P[:, 1, 4] = mr
            P[:, 2, 3] = 1 - p["omrRTHR"] - mr
            P[:, 2, 4] = p["omrRTHR"] + mr
            P[:, 3, 3] = 1 - p["rrr"] - mr
            P[:, 3, 4] = mr
            m = np.einsum("ks,kst->kt", m, P)
    return c.reshape(-1), e.reshape(-1)


def numpy_curves(c, e):
    """CEAC and EVPI over the WTP values: P(strategy best), E[max NMB] - max E[NMB]."""
    nmb = LAMBDAS[:, None, None] * e.reshape(-1, J)[None] - c.reshape(-1, J)[None]
    best = nmb.argmax(axis=2)
    ceac = np.stack([(best == j).mean(axis=1) for j in range(J)], axis=1)
    evpi = nmb.max(axis=2).mean(axis=1) - nmb.mean(axis=1).max(axis=1)
    return ceac, evpi


def with_numpy(rng):
    p = sample_numpy(rng, N)
    c, e = numpy_cohort(p)
    return c, e, numpy_curves(c, e)


def relerr(a, b):
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b)) / np.abs(np.asarray(b))))


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "examples/models/thr.yaml"
    h = load(path)
    check(lib.value_model_set(h, VALUE_MODEL_THREADS, 1))
    mk = markov_structure()
    names = sampled_names(h)
    if sorted(names) != sorted(BASE):
        sys.exit("the model file samples %s, not the parameters this benchmark implements" % names)

    # ---- fairness: (a) and (b) give the engine's numbers ----
    bc, be, bly = np.empty(J), np.empty(J), np.empty(J)
    check(lib.value_model_run(h, None, ptr(bc), ptr(be), ptr(bly), J))
    base = {k: np.array([v]) for k, v in BASE.items()}
    cv = Curves()
    # base case: one draw at the base-case values (value_psa_curves is not needed for it)
    for j in range(J):
        P, cost, util = all_matrices(base, j)
        cj, ej, _ = ll.value_markov_run_batch(mk, P.reshape(-1), cost.reshape(-1), util.reshape(-1), 1, 1)
        if relerr(cj, bc[j:j + 1]) > 1e-9 or relerr(ej, be[j:j + 1]) > 1e-9:
            sys.exit("(a) disagrees with the model file at the base case: %r %r vs %r %r" % (cj[0], ej[0], bc[j], be[j]))
    nc, ne = numpy_cohort(base)
    if relerr(nc, bc) > 1e-9 or relerr(ne, be) > 1e-9:
        sys.exit("(b) disagrees with the model file at the base case: %r %r vs %r %r" % (nc, ne, bc, be))
    # the engine's own draws through (a) and (b)
    draws = np.empty(N * len(names))
    mc, me = model_psa(h, draws)
    dp = {k: draws.reshape(N, -1)[:, i].copy() for i, k in enumerate(names)}
    ac, ae, acv = array_api(mk, dp, Curves())
    nc, ne = numpy_cohort(dp)
    worst = max(relerr(ac, mc), relerr(ae, me), relerr(nc, mc), relerr(ne, me))
    if worst > 1e-9:
        sys.exit("(a) or (b) disagrees with value_model_psa on its own draws: %.3g relative" % worst)
    mcv = Curves().run(mc, me)
    nceac, nevpi = numpy_curves(mc, me)
    # EVPI is E[max NMB] - max E[NMB], two numbers up to 1.5e6 at 100,000 per QALY: its rounding is relative to them
    scale = (LAMBDAS[:, None] * np.abs(me.reshape(-1, J)).max() + np.abs(mc).max())[:, 0]
    if not np.array_equal(nceac.reshape(-1), mcv.ceac) or np.max(np.abs(nevpi - mcv.evpi) / scale) > 1e-12:
        sys.exit("numpy's CEAC/EVPI disagree with value_psa_curves")
    print("THR PSA, %d draws x %d strategies x %d cycles, CEAC/EVPI over %d WTP values" % (N, J, T, len(LAMBDAS)))
    print("  checked: (a) and (b) equal the model file's base case and value_model_psa on its own draws "
          "(worst %.1e relative, bound 1e-9); numpy's CEAC equals value_psa_curves', its EVPI to 1e-12 of the NMB"
          % worst)

    # ---- timing, interleaved, order rotated ----
    rng = np.random.default_rng(SEED)
    split = []
    runs = [lambda: with_model(h, cv), lambda: array_api(mk, sample_numpy(rng, N), cv, split), lambda: with_numpy(rng)]
    times = [[], [], []]
    cpus = [[], [], []]  # process CPU time: leaves out waits for a core on a shared machine
    t_sample = []
    rounds = 21
    for r in range(rounds):
        for i in [(r + k) % 3 for k in range(3)]:
            t0, u0 = time.perf_counter(), time.process_time()
            runs[i]()
            times[i].append(time.perf_counter() - t0)
            cpus[i].append(time.process_time() - u0)
        t0 = time.perf_counter()
        sample_numpy(rng, N)
        t_sample.append(time.perf_counter() - t0)
    tm, ta, tb = (min(t) for t in times)
    um, ua, ub = (min(u) for u in cpus)
    sb, rb, cb = (min(s[k] for s in split) for k in range(3))
    mat = N * T * S * S * 8
    print("  (best of %d, interleaved, order rotated; one thread; numpy %s)" % (rounds, np.__version__))
    print("  wall / CPU time:")
    print("  libvalue model (value_model_psa + value_psa_curves): %8.2f / %8.2f ms" % (1e3 * tm, 1e3 * um))
    print("  (a) numpy-built matrices + value_markov_run_batch:    %8.2f / %8.2f ms  (%.1fx / %.1fx the model's): "
          "sampling %.2f, matrices %.2f, runs %.2f, curves %.2f ms wall"
          % (1e3 * ta, 1e3 * ua, ta / tm, ua / um, 1e3 * min(t_sample), 1e3 * sb, 1e3 * rb, 1e3 * cb))
    print("  (b) numpy vectorised over draws:                      %8.2f / %8.2f ms  (%.1fx / %.1fx the model's)"
          % (1e3 * tb, 1e3 * ub, tb / tm, ub / um))
    print("  memory: (a) passes %d x %d x %d^2 doubles = %.1f MB a strategy (%.1f MB for both); the engine holds "
          "O(draws x states): bench_model's maxrss figure" % (N, T, S, mat / 1e6, 2 * mat / 1e6))
    lib.value_model_free(h)


main()
