# SPDX-License-Identifier: GPL-3.0-or-later
"""PSA of a 5-state, 60-cycle, 2-strategy Markov cohort model, run for
1,000 and 100,000 parameter draws: libvalue's value_markov_run_batch
(through the Python binding; numpy arrays passed without a copy) against a
numpy implementation of the same model vectorised over draws (one einsum
per cycle), same draws, same run, interleaved.  Both results are checked
to agree.

Run: make bench   (Debian's python3 with python3-numpy)
"""

import sys
import time

import numpy as np

from libvalue import _lowlevel as ll

S, T, RATE = 5, 60, 0.035


def make_draws(k, rng):
    """Per draw and strategy: a transition matrix (Dirichlet rows, death
    absorbing), state costs and utilities."""
    base = np.array([[80, 12, 5, 2, 1], [0, 70, 20, 7, 3], [0, 0, 75, 18, 7], [0, 0, 0, 85, 15], [0, 0, 0, 0, 1]],
                    dtype=float)
    out = []
    for effect in (1.0, 0.8):  # strategy 2 slows progression
        p = np.empty((k, S, S))
        for i in range(S):
            alpha = base[i].copy()
            alpha[i + 1:] *= effect
            p[:, i, :] = rng.dirichlet(alpha + 1e-9 * (alpha == 0), size=k) if i < S - 1 else np.eye(S)[i]
        p[:, np.arange(S)[:, None] > np.arange(S)[None, :]] = 0.0  # no recovery
        p /= p.sum(axis=2, keepdims=True)
        cost = rng.gamma(100.0, np.array([10, 25, 60, 120, 1e-9])[None, :] * np.ones((k, S)) / 100.0) + (2000 if effect < 1 else 0)
        cost[:, S - 1] = 0.0
        util = rng.beta(50, 50 / np.array([0.85, 0.7, 0.55, 0.4, 1e-9]) - 50, size=(k, S))
        util[:, S - 1] = 0.0
        out.append((np.ascontiguousarray(p), np.ascontiguousarray(cost), np.ascontiguousarray(util)))
    return out


def model(threads):
    m = ll.value_markov_new(S)
    for param, v in ((ll.VALUE_MARKOV_THREADS, threads), (ll.VALUE_MARKOV_CYCLES, T), (ll.VALUE_MARKOV_DISCOUNT_COSTS, RATE),
                     (ll.VALUE_MARKOV_DISCOUNT_EFFECTS, RATE), (ll.VALUE_MARKOV_CORRECTION, ll.VALUE_MARKOV_LIFE_TABLE)):
        ll.value_markov_set(m, param, v)
    ll.value_markov_set_state_rewards(m, [0.0] * S, [0.0] * S, [1, 1, 1, 1, 0])
    return m


def with_libvalue(m, draws, k):
    res = []
    for p, cost, util in draws:
        c, q, _ = ll.value_markov_run_batch(m, p.reshape(-1), cost.reshape(-1), util.reshape(-1), k, k)
        res.append((np.asarray(c), np.asarray(q)))
    return res


def with_numpy(draws, k):
    d = (1 + RATE) ** -np.arange(1, T + 1)
    res = []
    for p, cost, util in draws:
        m = np.zeros((k, S))
        m[:, 0] = 1.0
        c = np.zeros(k)
        q = np.zeros(k)
        for t in range(T):
            new = np.einsum("ks,kst->kt", m, p)
            half = 0.5 * (m + new)
            c += d[t] * (half * cost).sum(axis=1)
            q += d[t] * (half * util).sum(axis=1)
            m = new
        res.append((c, q))
    return res


def with_numpy_loop(draws, k):
    """The usual hand-written idiom: one cohort run per draw."""
    d = (1 + RATE) ** -np.arange(1, T + 1)
    res = []
    for p, cost, util in draws:
        c = np.empty(k)
        q = np.empty(k)
        for i in range(k):
            m = np.zeros(S)
            m[0] = 1.0
            ci = qi = 0.0
            for t in range(T):
                new = m @ p[i]
                half = 0.5 * (m + new)
                ci += d[t] * (half @ cost[i])
                qi += d[t] * (half @ util[i])
                m = new
            c[i], q[i] = ci, qi
        res.append((c, q))
    return res


rng = np.random.default_rng(20261122)
one, two = model(1), model(2)
for k, rounds in ((1000, 9), (100000, 6)):
    draws = make_draws(k, rng)
    # each round starts with the next of the three: whichever runs right
    # after numpy's large temporaries runs slower (measured up to 2x at
    # 100,000 draws), so no contender always takes that place
    runs = [lambda: with_libvalue(one, draws, k), lambda: with_libvalue(two, draws, k), lambda: with_numpy(draws, k)]
    times = [[], [], []]
    res = [None, None, None]
    for r in range(rounds):
        for i in [(r + j) % 3 for j in range(3)]:
            t0 = time.perf_counter()
            res[i] = runs[i]()
            times[i].append(time.perf_counter() - t0)
    a, a2, b = res
    t1_t, t2_t, np_t = times
    for (ca, qa), (ca2, qa2), (cb, qb) in zip(a, a2, b):
        if np.max(np.abs(ca - cb) / np.abs(cb)) > 1e-9 or np.max(np.abs(qa - qb) / np.abs(qb)) > 1e-9:
            sys.exit("libvalue and numpy disagree")
        if not (np.array_equal(ca, ca2) and np.array_equal(qa, qa2)):
            sys.exit("libvalue's results depend on the thread count")
    l1, l2, nb = min(t1_t), min(t2_t), min(np_t)
    print("Markov PSA, %d states x %d cycles x 2 strategies, %d draws (best of %d, interleaved, order rotated):" % (S, T, k, rounds))
    print("  libvalue, 1 thread:  %8.2f ms  %10.0f draws/s" % (1e3 * l1, k / l1))
    print("  libvalue, 2 threads: %8.2f ms  %10.0f draws/s  (VALUE_MARKOV_THREADS = 2; bitwise the same results)"
          % (1e3 * l2, k / l2))
    print("  numpy:               %8.2f ms  %10.0f draws/s  (vectorised over draws, numpy %s, one thread)"
          % (1e3 * nb, k / nb, np.__version__))
    print("  libvalue is %.1fx faster than numpy on 1 thread, %.1fx on 2" % (nb / l1, nb / l2))
    lb = l1
    if k <= 1000:
        t0 = time.perf_counter()
        with_numpy_loop(draws, k)
        loop = time.perf_counter() - t0
        print("  (numpy looping over draws, the usual idiom: %.1f ms, %.0fx slower than libvalue)" % (1e3 * loop, loop / lb))
