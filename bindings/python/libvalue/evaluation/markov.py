# SPDX-License-Identifier: GPL-3.0-or-later
"""Markov cohort models, probability helpers, PSA sampling and one-way
sensitivity (C modules: lib/evaluation/markov.c, lib/evaluation/prob.c, lib/evaluation/sampler.c,
lib/evaluation/sensitivity.c)."""

from collections import namedtuple

from .. import _lowlevel as _ll
from .._support import EINVAL, HandleOwner, InvalidArgumentError, choice, options, rows

__all__ = ["MarkovModel", "MarkovResult", "tunnel_matrix", "tunnel_vector", "prob_from_rate", "prob_to_rate",
           "prob_rescale", "apply_rr", "apply_or", "apply_hr", "Sampler", "oneway", "OneWay", "TornadoRow"]

MarkovResult = namedtuple("MarkovResult", "cost qalys life_years")
OneWay = namedtuple("OneWay", "base rows")
TornadoRow = namedtuple("TornadoRow", "name low high result_low result_high")

_CORRECTIONS = _ll.value_markov_correction


def _flat(x):
    """A flat sequence of a nested list or an array (numpy: a view when C-ordered)."""
    if hasattr(x, "reshape"):
        return x.reshape(-1)
    out = []

    def walk(v):
        if isinstance(v, (list, tuple)):
            for w in v:
                walk(w)
        else:
            out.append(v)
    walk(x)
    return out


class MarkovModel(HandleOwner):
    """A cohort state-transition model.  correction: 'start', 'end',
    'half_cycle' (life-table), 'trapezoid' or 'simpson'; discount_first:
    True for exponent t (first cycle discounted), False for t - 1;
    threads: how many threads run_batch() may use (results are bitwise the
    same for any number)."""

    def __init__(self, n_states, cycles=1, cycle_length=1.0, discount_costs=0.0, discount_effects=0.0,
                 discount_first=True, correction="half_cycle", row_tolerance=1e-9, state_names=None, threads=1):
        self._h = _ll.value_markov_new(n_states)
        self.n_states = n_states
        self.state_names = list(state_names) if state_names is not None else [str(i) for i in range(n_states)]
        if len(self.state_names) != n_states:
            self.close()
            raise InvalidArgumentError(EINVAL, "state_names has %d names for %d states" % (len(self.state_names), n_states))
        try:
            for param, v in ((_ll.VALUE_MARKOV_CYCLES, cycles), (_ll.VALUE_MARKOV_CYCLE_LENGTH, cycle_length),
                             (_ll.VALUE_MARKOV_DISCOUNT_COSTS, discount_costs),
                             (_ll.VALUE_MARKOV_DISCOUNT_EFFECTS, discount_effects),
                             (_ll.VALUE_MARKOV_DISCOUNT_FIRST, 1.0 if discount_first else 0.0),
                             (_ll.VALUE_MARKOV_CORRECTION, choice(_CORRECTIONS, correction, "correction")),
                             (_ll.VALUE_MARKOV_ROW_TOLERANCE, row_tolerance), (_ll.VALUE_MARKOV_THREADS, threads)):
                _ll.value_markov_set(self._h, param, v)
        except BaseException:
            self.close()
            raise

    @property
    def cycles(self):
        return int(_ll.value_markov_get(self._h, _ll.VALUE_MARKOV_CYCLES))

    def _state(self, s):
        if isinstance(s, str):
            try:
                return self.state_names.index(s)
            except ValueError:
                raise InvalidArgumentError(EINVAL, "unknown state %r" % s) from None
        return s

    def set_initial(self, initial):
        _ll.value_markov_set_initial(self._h, initial)
        return self

    def set_transitions(self, p):
        """An S x S matrix, or T of them (one per cycle)."""
        _ll.value_markov_set_transitions(self._h, _flat(p))
        return self

    def set_state_rewards(self, cost, utility, alive=None):
        """Per-state cost and utility per cycle (length S, or T rows of S);
        alive: life-year weights (default 1 for every state)."""
        cost, utility = _flat(cost), _flat(utility)
        alive = _flat(alive) if alive is not None else [1.0] * len(cost)
        _ll.value_markov_set_state_rewards(self._h, cost, utility, alive)
        return self

    def add_transition_reward(self, source, target, cost=0.0, qalys=0.0):
        _ll.value_markov_add_transition_reward(self._h, self._state(source), self._state(target), cost, qalys)
        return self

    def run(self):
        return MarkovResult(*_ll.value_markov_run(self._h))

    def trace(self):
        """Rows of state occupancy at times 0..T."""
        return rows(_ll.value_markov_trace(self._h, (self.cycles + 1) * self.n_states), self.n_states)

    def cycle_values(self):
        """(costs, QALYs, life years) per time 0..T; each sums to run()'s total."""
        return tuple(list(v) for v in _ll.value_markov_cycle_values(self._h, self.cycles + 1))

    def run_batch(self, transitions, cost, utility):
        """K draws at once: transitions K x S x S (or K x T x S x S), cost and
        utility K x S (or K x T x S).  Returns (costs, QALYs, life years) lists."""
        k = len(transitions)  # draws: the outer dimension
        t, c, u = _flat(transitions), _flat(cost), _flat(utility)
        return tuple(list(v) for v in _ll.value_markov_run_batch(self._h, t, c, u, k, k))

    def __repr__(self):
        if self._h.closed:
            return "<MarkovModel (closed)>"
        return "<MarkovModel: %d states, %d cycles>" % (self.n_states, self.cycles)


def tunnel_matrix(p, state, k):
    """Expand state `state` of an S x S matrix into k tunnel states."""
    states, length = _ll.value_markov_tunnel_size(len(p), k)  # len(p): the matrix's rows
    return rows(_ll.value_markov_tunnel_matrix(_flat(p), state, k, length), states)


def tunnel_vector(v, state, k, first_only=False):
    """Expand element `state` of a per-state vector for k tunnel states."""
    states, _ = _ll.value_markov_tunnel_size(len(v), k)
    return list(_ll.value_markov_tunnel_vector(v, state, k, 1 if first_only else 0, states))


def prob_from_rate(rate, t=1.0):
    return _ll.value_prob_from_rate(rate, t)


def prob_to_rate(p, t=1.0):
    return _ll.value_prob_to_rate(p, t)


def prob_rescale(p, from_t, to_t):
    return _ll.value_prob_rescale(p, from_t, to_t)


def apply_rr(p, rr):
    return _ll.value_prob_apply_rr(p, rr)


def apply_or(p, odds_ratio):
    return _ll.value_prob_apply_or(p, odds_ratio)


def apply_hr(p, hr):
    return _ll.value_prob_apply_hr(p, hr)


_DISTS = options(_ll.value_sampler_dist, rename={"gamma_meansd": "gamma", "lognormal_meansd": "lognormal"})


class Sampler(HandleOwner):
    """PSA parameter distributions: add(name, dist, *params) with dist one of
    fixed(value), normal(mean, sd), truncnormal(mean, sd, lower, upper),
    uniform(min, max), triangular(min, mode, max), beta(shape1, shape2),
    beta_meansd(mean, sd), gamma(mean, sd), lognormal(mean, sd) (natural
    scale), lognormal_log(meanlog, sdlog); add_dirichlet(name, alpha);
    correlate(a, b, rho) through a Gaussian copula; draw(n, seed)."""

    def __init__(self):
        self._h = _ll.value_sampler_new()

    def add(self, name, dist, *params):
        if len(params) > 4:
            raise InvalidArgumentError(EINVAL, "at most 4 distribution parameters, got %d" % len(params))
        a, b, c, d = (list(params) + [0.0] * 4)[:4]
        return _ll.value_sampler_add(self._h, name, choice(_DISTS, dist, "dist"), a, b, c, d)

    def add_dirichlet(self, name, alpha):
        return _ll.value_sampler_add_dirichlet(self._h, name, alpha)

    @property
    def names(self):
        return [_ll.value_sampler_name(self._h, i) for i in range(_ll.value_sampler_count(self._h))]

    def _column(self, c):
        if isinstance(c, str):
            try:
                return self.names.index(c)
            except ValueError:
                raise InvalidArgumentError(EINVAL, "unknown parameter %r" % c) from None
        return c

    def correlate(self, a, b, rho):
        _ll.value_sampler_set_correlation(self._h, self._column(a), self._column(b), rho)

    def draw(self, n, seed):
        """n rows of draws, one column per parameter (see names)."""
        p = _ll.value_sampler_count(self._h)
        return rows(_ll.value_sampler_draw(self._h, seed, n, n * p), p)


def oneway(fn, base, low, high, names=None):
    """One-way sensitivity: fn(list of parameter values) -> number is called
    2n + 1 times; returns OneWay(base result, rows widest range first)."""
    names = list(names) if names is not None else [str(i) for i in range(len(base))]
    res_low, res_high, order, at_base = _ll.value_sensitivity_oneway(base, low, high, fn, len(base))
    return OneWay(at_base, [TornadoRow(names[i], low[i], high[i], res_low[i], res_high[i]) for i in order])
