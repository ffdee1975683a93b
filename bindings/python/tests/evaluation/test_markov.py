# SPDX-License-Identifier: GPL-3.0-or-later
"""Markov cohort models, probability helpers, PSA sampling and one-way
sensitivity through Python: the HIV/AIDS model of Chancellor et al. (1997)
as in Briggs, Claxton & Sculpher to its printed digits, a plain-Python
cohort loop as a second implementation, and the callback runner."""

import math
import unittest

import libvalue

MONO = [[1251 / 1734, 350 / 1734, 116 / 1734, 17 / 1734], [0, 731 / 1258, 512 / 1258, 15 / 1258],
        [0, 0, 1312 / 1749, 437 / 1749], [0, 0, 0, 1]]
COST = [2756 + 2278, 3052 + 2278, 9007 + 2278, 0]  # direct medical + zidovudine


def combination(t):
    """RR 0.509 on every off-diagonal probability in cycles 1-2."""
    rr = 0.509 if t <= 2 else 1.0
    p = [[MONO[i][j] * rr if i != j else 0.0 for j in range(4)] for i in range(4)]
    for i in range(4):
        p[i][i] = 1 - sum(p[i])
    return p


def hiv_model(per_cycle_p, costs):
    m = libvalue.MarkovModel(4, cycles=20, discount_costs=0.06, correction="end",
                             state_names=["A", "B", "C", "Death"])
    m.set_initial([1, 0, 0, 0]).set_transitions(per_cycle_p)
    m.set_state_rewards(costs, [[0] * 4] * 20, [[1, 1, 1, 0]] * 20)
    return m


class Markov(unittest.TestCase):
    def test_hiv_reference(self):
        mono = hiv_model([MONO] * 20, [COST] * 20).run()
        lam = [[c + (2086.5 if t <= 2 and s < 3 else 0) for s, c in enumerate(COST)] for t in range(1, 21)]
        combo = hiv_model([combination(t) for t in range(1, 21)], lam).run()
        self.assertAlmostEqual(mono.cost, 44663.4535637, delta=5e-8)
        self.assertAlmostEqual(mono.life_years, 7.9912066, delta=5e-8)
        self.assertAlmostEqual(combo.cost, 50601.6513312, delta=5e-8)
        self.assertAlmostEqual(combo.life_years, 8.9373889, delta=5e-8)
        icer = (combo.cost - mono.cost) / (combo.life_years - mono.life_years)
        self.assertAlmostEqual(icer, 6275.95560, delta=5e-6)
        rows = libvalue.frontier([mono.cost, combo.cost], [mono.life_years, combo.life_years])
        self.assertAlmostEqual(rows[1].icer, icer, delta=1e-9)

    def test_default_alive(self):
        # No alive= given: the C default (Death, absorbing in every cycle,
        # counts no life years) gives the published life years, bitwise
        # those of the weights given; weights given win (all 1: 20 END
        # cycles of a year, the whole horizon).
        def model(p, costs, alive=None):
            m = libvalue.MarkovModel(4, cycles=20, discount_costs=0.06, correction="end")
            return m.set_transitions(p).set_state_rewards(costs, [[0] * 4] * 20, alive).run()
        lam = [[c + (2086.5 if t <= 2 and s < 3 else 0) for s, c in enumerate(COST)] for t in range(1, 21)]
        mono = model([MONO] * 20, [COST] * 20)
        combo = model([combination(t) for t in range(1, 21)], lam)
        self.assertAlmostEqual(mono.life_years, 7.9912066, delta=5e-8)
        self.assertAlmostEqual(combo.life_years, 8.9373889, delta=5e-8)
        self.assertAlmostEqual(mono.cost, 44663.4535637, delta=5e-8)
        self.assertEqual(mono, hiv_model([MONO] * 20, [COST] * 20).run())
        self.assertAlmostEqual(model(MONO, [COST] * 20, [[1, 1, 1, 1]] * 20).life_years, 20, delta=1e-12)
        bare = libvalue.MarkovModel(4, cycles=20, correction="end").set_transitions(MONO)
        self.assertAlmostEqual(bare.run().life_years, 7.9912066, delta=5e-8)

    def test_transition_timing(self):
        # death probability 0.1 from state 0, 2 annual cycles, 1000 on
        # dying, costs at 5%; deaths .1 in cycle 1, .09 in cycle 2:
        # end 1000 (.1/1.05 + .09/1.05^2) = 176.870748; start 1000 (.1 +
        # .09/1.05) = 185.714286; mid 1000 (.1/1.05^.5 + .09/1.05^1.5) = 181.238585
        want = {"end": 176.870748, "start": 185.714286, "mid": 181.238585}
        for timing, cost in want.items():
            m = libvalue.MarkovModel(2, cycles=2, discount_costs=0.05, correction="end", transition_timing=timing)
            m.set_transitions([[0.9, 0.1], [0, 1]]).add_transition_reward(0, 1, cost=1000)
            self.assertAlmostEqual(m.run().cost, cost, delta=5e-7)
        with self.assertRaisesRegex(ValueError, r"unknown transition_timing .noon."):
            libvalue.MarkovModel(2, transition_timing="noon")

    def test_against_plain_python(self):
        # life-table correction, 3.5% on both, a transition cost on dying
        p = [[0.85, 0.10, 0.05], [0.0, 0.80, 0.20], [0, 0, 1]]
        cost, util = [500.0, 2500.0, 0.0], [0.9, 0.6, 0.0]
        m = libvalue.MarkovModel(3, cycles=12, discount_costs=0.035, discount_effects=0.035)
        m.set_transitions(p).set_state_rewards(cost, util, [1, 1, 0]).add_transition_reward("1", "2", cost=8000)
        got = m.run()
        occ, c_tot, q_tot = [1.0, 0.0, 0.0], 0.0, 0.0
        for t in range(1, 13):
            new = [sum(occ[i] * p[i][j] for i in range(3)) for j in range(3)]
            d = 1.035 ** -t
            c_tot += d * (sum(0.5 * (occ[s] + new[s]) * cost[s] for s in range(3)) + occ[1] * p[1][2] * 8000)
            q_tot += d * sum(0.5 * (occ[s] + new[s]) * util[s] for s in range(3))
            occ = new
        self.assertAlmostEqual(got.cost, c_tot, delta=1e-9 * c_tot)
        self.assertAlmostEqual(got.qalys, q_tot, delta=1e-12 * q_tot)
        self.assertEqual(len(m.trace()), 13)
        costs, _, _ = m.cycle_values()
        self.assertAlmostEqual(sum(costs), got.cost, delta=1e-9 * got.cost)
        batch = m.run_batch([p, p], [cost, [2 * c for c in cost]], [util, util])
        self.assertAlmostEqual(batch[0][0], got.cost, delta=1e-9 * got.cost)

    def test_threads_change_nothing(self):
        # 2,100 draws (enough for two shares of work): one thread and two
        # give the same totals, to the bit; each draw scales death by k
        draws = [[[0.85 - 1e-5 * k, 0.10, 0.05 + 1e-5 * k], [0.0, 0.80, 0.20], [0, 0, 1]] for k in range(2100)]
        cost = [[500.0 + k, 2500.0, 0.0] for k in range(2100)]
        util = [[0.9, 0.6, 0.0]] * 2100
        runs = []
        for threads in (1, 2):
            m = libvalue.MarkovModel(3, cycles=12, discount_costs=0.035, threads=threads)
            runs.append(m.run_batch(draws, cost, util))
        self.assertEqual([list(v) for v in runs[0]], [list(v) for v in runs[1]])
        with self.assertRaisesRegex(ValueError, "VALUE_MARKOV_THREADS must be a whole number from 1 to 256, got 0"):
            libvalue.MarkovModel(3, threads=0)

    def test_errors(self):
        m = libvalue.MarkovModel(2, cycles=3)
        with self.assertRaisesRegex(ValueError, "row 0 sums to"):
            m.set_transitions([[0.5, 0.4], [0, 1]])
        with self.assertRaisesRegex(ValueError, r"unknown correction .midpoint. \(one of .start., "):
            libvalue.MarkovModel(2, correction="midpoint")
        with self.assertRaisesRegex(ValueError, "VALUE_MARKOV_CYCLES is 3: Simpson's 1/3 rule integrates over pairs"):
            libvalue.MarkovModel(2, cycles=3, correction="simpson").set_transitions([[1, 0], [0, 1]]).run()
        with self.assertRaisesRegex(libvalue.StateError, "value_markov_set_transitions was never called"):
            libvalue.MarkovModel(2, cycles=3).run()
        with self.assertRaisesRegex(ValueError, r"unknown correction .half_cycle."):
            libvalue.MarkovModel(2, correction="half_cycle")


class Helpers(unittest.TestCase):
    def test_probabilities(self):
        self.assertAlmostEqual(libvalue.prob_from_rate(0.1), -math.expm1(-0.1), delta=1e-16)
        self.assertAlmostEqual(libvalue.prob_rescale(0.3, 5, 1), 1 - 0.7 ** 0.2, delta=1e-15)
        self.assertAlmostEqual(libvalue.apply_or(0.2, 2), 0.4 / 1.2, delta=1e-15)
        self.assertAlmostEqual(libvalue.apply_hr(0.2, 0.5), 1 - 0.8 ** 0.5, delta=1e-15)
        with self.assertRaises(libvalue.DomainError):
            libvalue.apply_rr(0.6, 2)

    def test_sampler(self):
        s = libvalue.Sampler()
        s.add("p", "beta_meansd", 0.3, 0.05)
        s.add("c", "gamma", 1000, 100)
        s.add_dirichlet("row", [10, 20, 70])
        s.correlate("p", "c", 0.5)
        a, b = s.draw(2000, 7), s.draw(2000, 7)
        self.assertEqual([list(r) for r in a], [list(r) for r in b])
        self.assertNotEqual([list(r) for r in a], [list(r) for r in s.draw(2000, 8)])
        self.assertEqual(len(s.names), 5)
        mean_p = sum(r[0] for r in a) / len(a)
        self.assertAlmostEqual(mean_p, 0.3, delta=5 * 0.05 / math.sqrt(2000))
        self.assertTrue(all(abs(sum(r[2:]) - 1) < 1e-12 for r in a))
        with self.assertRaisesRegex(ValueError, "beta mean must be in"):
            s.add("q", "beta_meansd", 1.2, 0.1)

    def test_sampler_mvnormal(self):
        # sample means and covariances of 20,000 draws within 5 standard
        # errors of the given ones: sqrt(S_jj / n), sqrt((S_jj S_kk + S_jk^2) / n)
        S = [[0.04, -0.03, 0.0005], [-0.03, 0.0625, -0.000875], [0.0005, -0.000875, 0.0001]]
        mean = [0.374, -5.49, -0.0367]
        s = libvalue.Sampler()
        s.add("p", "beta", 2, 3)
        self.assertEqual(s.add_mvnormal(["lngamma", "cons", "age"], mean, S), 1)
        self.assertEqual(s.names, ["p", "lngamma", "cons", "age"])
        n = 20000
        d = s.draw(n, 11)
        cols = [[float(r[1 + j]) for r in d] for j in range(3)]
        m = [sum(c) / n for c in cols]
        for j in range(3):
            self.assertLess(abs(m[j] - mean[j]), 5 * math.sqrt(S[j][j] / n))
            for k in range(j, 3):
                c = sum((x - m[j]) * (y - m[k]) for x, y in zip(cols[j], cols[k])) / (n - 1)
                self.assertLess(abs(c - S[j][k]), 5 * math.sqrt((S[j][j] * S[k][k] + S[j][k] ** 2) / n))
        # the matrix as rows, as k*k values row by row, or a 2-d array: the same draws
        flat = libvalue.Sampler()
        flat.add("p", "beta", 2, 3)
        flat.add_mvnormal(["lngamma", "cons", "age"], mean, [v for r in S for v in r])
        self.assertEqual([list(r) for r in flat.draw(50, 11)], [list(r) for r in d[:50]])
        try:
            import numpy
        except ImportError:
            numpy = None
        if numpy is not None:
            arr = libvalue.Sampler()
            arr.add("p", "beta", 2, 3)
            arr.add_mvnormal(["lngamma", "cons", "age"], numpy.array(mean), numpy.asfortranarray(S))
            self.assertEqual([list(r) for r in arr.draw(50, 11)], [list(r) for r in d[:50]])

    def test_sampler_mvnormal_bad_input(self):
        s = libvalue.Sampler()
        s.add("a", "normal", 0, 1)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError,
                                    r"^cov\[1\] \(row 0, column 1\) is 0.5 but cov\[2\] \(row 1, column 0\) is 0.4"):
            s.add_mvnormal(["b", "c"], [0, 0], [[1, 0.5], [0.4, 1]])
        with self.assertRaisesRegex(libvalue.DomainError, r"^cov is not positive definite"):
            s.add_mvnormal(["b", "c"], [0, 0], [[1, 2], [2, 1]])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError,
                                    r"^cov must have 4 values \(2 x 2\), got 3$"):
            s.add_mvnormal(["b", "c"], [0, 0], [1, 0, 1])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"^names, mean must have the same length"):
            s.add_mvnormal(["b", "c"], [0], [1, 0, 0, 1])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"^names\[1\] \('b'\) repeats names\[0\]$"):
            s.add_mvnormal(["b", "b"], [0, 0], [1, 0, 0, 1])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"^names\[1\] must be a str, got int$"):
            s.add_mvnormal(["b", 3], [0, 0], [1, 0, 0, 1])
        self.assertEqual(s.names, ["a"])  # nothing was added
        s.add_mvnormal(["b", "c"], [0, 0], [1, 0, 0, 1])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "is in a multivariate normal block"):
            s.correlate("a", "c", 0.3)

    def test_sampler_threads(self):
        # 6,000 draws of 5 columns: 30,000 values, three shares of 8,192 or more
        def build(threads):
            s = libvalue.Sampler(threads=threads)
            s.add("p", "beta", 20, 80)
            s.add("c", "gamma", 1000, 100)
            s.add_dirichlet("row", [10, 20, 70])
            s.correlate("p", "c", 0.5)
            return s
        one = [list(r) for r in build(1).draw(6000, 5)]
        self.assertEqual([list(r) for r in build(3).draw(6000, 5)], one)
        self.assertEqual([list(r) for r in build(1).set_threads(2).draw(6000, 5)], one)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"^threads must be from 1 to 256, got 0$"):
            libvalue.Sampler(threads=0)

    def test_oneway_callback(self):
        calls = []

        def model(x):
            calls.append(list(x))
            return 2 * x[0] - 3 * x[1] + 0.5 * x[2]

        res = libvalue.oneway(model, [1, 1, 1], [0, 0.5, -10], [3, 1.5, 14], ["a", "b", "c"])
        self.assertEqual(len(calls), 7)
        self.assertEqual(res.base, -0.5)
        self.assertEqual([r.name for r in res.rows], ["c", "a", "b"])
        self.assertEqual((res.rows[0].result_low, res.rows[0].result_high), (-6.0, 6.0))

        def broken(x):
            raise KeyError("boom")

        with self.assertRaisesRegex(KeyError, "boom"):  # the callback's own exception comes through
            libvalue.oneway(broken, [1], [0], [2])
        with self.assertRaisesRegex(ValueError, "fn must be callable"):
            libvalue.oneway(42, [1], [0], [2])
        with self.assertRaisesRegex(libvalue.Error, "non-finite"):
            libvalue.oneway(lambda x: float("nan"), [1], [0], [2])


if __name__ == "__main__":
    unittest.main()
