# SPDX-License-Identifier: GPL-3.0-or-later
"""Markov cohort models, probability helpers, PSA sampling and one-way
sensitivity (C modules: lib/evaluation/markov.c, lib/evaluation/prob.c, lib/evaluation/sampler.c,
lib/evaluation/sensitivity.c)."""

from collections import namedtuple
from typing import Any, Callable, List, NamedTuple, Optional, Sequence, Union

from .. import _lowlevel as _ll
from .._support import (EINVAL, ArrayLike, HandleOwner, InvalidArgumentError, Rows, _frame, choice, labeled, matrix,
                        options, record, unknown_name, vector)

__all__ = ["MarkovModel", "MarkovResult", "tunnel_matrix", "tunnel_vector", "prob_from_rate", "prob_to_rate",
           "prob_rescale", "apply_rr", "apply_or", "apply_hr", "Sampler", "oneway", "OneWay", "TornadoRow"]



class MarkovResult(NamedTuple):
    """Discounted totals of one run: cost, QALYs and life years."""
    cost: float
    qalys: float
    life_years: float


CycleValues = record("CycleValues", "cost qalys life_years",
                     "Discounted cost, QALYs and life years at each time 0..T (each sums to run()'s total).")
BatchResult = record("BatchResult", "cost qalys life_years", "Discounted totals of each draw of run_batch().")


class TornadoRow(NamedTuple):
    """One parameter of a one-way analysis: its low and high values and
    the result at each."""
    name: str
    low: float
    high: float
    result_low: float
    result_high: float


class OneWay(namedtuple("OneWay", "base rows")):
    """A one-way sensitivity analysis: base (the result at the base case)
    and rows (TornadoRow, widest range first: a tornado's order);
    .to_frame() the table."""

    def to_frame(self) -> Any:
        """One row per parameter (widest first): low, high, result_low, result_high."""
        return self.rows.to_frame()

    def __repr__(self) -> str:
        top = ", ".join("%s %.4g..%.4g" % (r.name, r.result_low, r.result_high) for r in self.rows[:3])
        more = "" if len(self.rows) <= 3 else ", ..."
        return "<OneWay: base %.6g; %d parameters, widest first: %s%s>" % (self.base, len(self.rows), top, more)

_CORRECTIONS = _ll.value_markov_correction
_TIMINGS = _ll.value_markov_transition_timing


def _flat(x: Any) -> Any:
    """A flat sequence of a nested list or an array (numpy: a view when
    C-ordered; a DataFrame: its values row by row)."""
    if hasattr(x, "to_numpy") and hasattr(x, "columns"):
        x = x.to_numpy(dtype="float64")
    if hasattr(x, "reshape"):
        return x.reshape(-1)
    out: List[Any] = []

    def walk(v: Any) -> None:
        if isinstance(v, (list, tuple)):
            for w in v:
                walk(w)
        else:
            out.append(v)
    walk(x)
    return out


class MarkovModel(HandleOwner):
    """A cohort state-transition model.  correction: 'life_table' (the mean
    of each cycle's start and end occupancy, heemod's "life-table"),
    'start', 'end', 'trapezoid' (DARTH's "half-cycle correction") or
    'simpson'; discount_first: True for exponent t (first cycle
    discounted), False for t - 1; transition_timing: when transition
    rewards count, 'end' (discounted as their cycle), 'start' or 'mid' of
    the cycle; threads: how many threads run_batch() may use (results are
    bitwise the same for any number).  Transition matrices and per-state
    rewards may be nested lists, numpy arrays or DataFrames.  Set the
    transitions before run(), trace() or cycle_values().

    Without alive= weights, a state absorbing in every cycle (staying
    probability exactly 1) counts no life years and every other state
    counts them (the C library's default).

    >>> m = MarkovModel(2, cycles=2, correction="end", state_names=["alive", "dead"])
    >>> m = m.set_initial([1, 0]).set_transitions([[0.9, 0.1], [0, 1]])
    >>> m = m.set_state_rewards([100, 0], [1, 0])  # "dead" is absorbing: no life years
    >>> r = m.run()  # alive at the end of cycle 1: 0.9, of cycle 2: 0.81
    >>> round(r.life_years, 12), round(r.cost, 12)
    (1.71, 171.0)
    >>> m
    <MarkovModel: 2 states (alive, dead), 2 cycles, correction end>
    """

    def __init__(self, n_states: int, cycles: int = 1, cycle_length: float = 1.0, discount_costs: float = 0.0,
                 discount_effects: float = 0.0, discount_first: bool = True, correction: str = "life_table",
                 row_tolerance: float = 1e-9, state_names: Optional[Sequence[Any]] = None, threads: int = 1,
                 transition_timing: str = "end") -> None:
        self._h = _ll.value_markov_new(n_states)
        self.n_states = n_states
        self.correction = correction
        self.state_names = [str(v) for v in state_names] if state_names is not None else [str(i) for i in range(n_states)]
        if len(self.state_names) != n_states:
            self.close()
            raise InvalidArgumentError(EINVAL, "state_names has %d names for %d states" % (len(self.state_names), n_states))
        try:
            for param, v in ((_ll.VALUE_MARKOV_CYCLES, cycles), (_ll.VALUE_MARKOV_CYCLE_LENGTH, cycle_length),
                             (_ll.VALUE_MARKOV_DISCOUNT_COSTS, discount_costs),
                             (_ll.VALUE_MARKOV_DISCOUNT_EFFECTS, discount_effects),
                             (_ll.VALUE_MARKOV_DISCOUNT_FIRST, 1.0 if discount_first else 0.0),
                             (_ll.VALUE_MARKOV_CORRECTION, choice(_CORRECTIONS, correction, "correction")),
                             (_ll.VALUE_MARKOV_ROW_TOLERANCE, row_tolerance), (_ll.VALUE_MARKOV_THREADS, threads),
                             (_ll.VALUE_MARKOV_TRANSITION_TIMING,
                              choice(_TIMINGS, transition_timing, "transition_timing"))):
                _ll.value_markov_set(self._h, param, v)
        except BaseException:
            self.close()
            raise

    @property
    def cycles(self) -> int:
        """The number of cycles T."""
        return int(_ll.value_markov_get(self._h, _ll.VALUE_MARKOV_CYCLES))

    def _state(self, s: Union[int, str]) -> int:
        if isinstance(s, str):
            if s not in self.state_names:
                raise unknown_name("state", s, self.state_names)
            return self.state_names.index(s)
        return s

    def set_initial(self, initial: ArrayLike) -> "MarkovModel":
        """The cohort's distribution at time 0 (sums to 1)."""
        _ll.value_markov_set_initial(self._h, initial)
        return self

    def set_transitions(self, p: Any) -> "MarkovModel":
        """An S x S matrix, or T of them (one per cycle)."""
        _ll.value_markov_set_transitions(self._h, _flat(p))
        return self

    def set_state_rewards(self, cost: Any, utility: Any, alive: Any = None) -> "MarkovModel":
        """Per-state cost and utility per cycle (length S, or T rows of S);
        alive: life-year weights in the same layout, given as they are;
        None (the default): 0 for a state absorbing in every cycle, 1 for
        the others, found by the library from the transitions of each run."""
        _ll.value_markov_set_state_rewards(self._h, _flat(cost), _flat(utility),
                                           _flat(alive) if alive is not None else None)
        return self

    def add_transition_reward(self, source: Union[int, str], target: Union[int, str], cost: float = 0.0,
                              qalys: float = 0.0) -> "MarkovModel":
        """A one-off cost and QALY change on each move from source to target
        (state indices or names)."""
        _ll.value_markov_add_transition_reward(self._h, self._state(source), self._state(target), cost, qalys)
        return self

    def run(self) -> MarkovResult:
        """Run the model: MarkovResult(cost, qalys, life_years), discounted."""
        return MarkovResult(*_ll.value_markov_run(self._h))

    def trace(self) -> Any:
        """State occupancy at times 0..T: a (T+1) x S array whose columns are
        the state names (.columns; t["dead"] a column; .to_frame() a
        DataFrame indexed by cycle), or a list of rows without numpy.

        >>> m = MarkovModel(2, cycles=2, state_names=["alive", "dead"])
        >>> t = m.set_initial([1, 0]).set_transitions([[0.9, 0.1], [0, 1]]).trace()
        >>> [round(float(v), 12) for v in t["alive"]]
        [1.0, 0.9, 0.81]
        """
        n = self.cycles + 1
        out = _ll.value_markov_trace(self._h, n * self.n_states)
        return labeled(matrix(out, self.n_states), self.state_names, list(range(n)), "cycle")

    def cycle_values(self) -> Any:
        """CycleValues(cost, qalys, life_years) at times 0..T (vectors); each sums
        to run()'s total; .to_frame() indexed by cycle."""
        return CycleValues(*(vector(v) for v in _ll.value_markov_cycle_values(self._h, self.cycles + 1)))

    def run_batch(self, transitions: Any, cost: Any, utility: Any) -> Any:
        """K draws at once: transitions K x S x S (or K x T x S x S), cost and
        utility K x S (or K x T x S).  Returns BatchResult(cost, qalys,
        life_years), one value per draw."""
        k = len(transitions)  # draws: the outer dimension
        t, c, u = _flat(transitions), _flat(cost), _flat(utility)
        return BatchResult(*(vector(v) for v in _ll.value_markov_run_batch(self._h, t, c, u, k, k)))

    def __repr__(self) -> str:
        if self._h.closed:
            return "<MarkovModel (closed)>"
        return "<MarkovModel: %d states (%s), %d cycles, correction %s>" % (
            self.n_states, ", ".join(self.state_names), self.cycles, self.correction)


def tunnel_matrix(p: Any, state: int, k: int) -> Any:
    """Expand state `state` of an S x S matrix into k tunnel states.

    >>> [[float(v) for v in r] for r in tunnel_matrix([[0.5, 0.5], [0, 1]], 0, 2)]
    [[0.0, 0.5, 0.5], [0.0, 0.5, 0.5], [0.0, 0.0, 1.0]]
    """
    states, length = _ll.value_markov_tunnel_size(len(p), k)  # len(p): the matrix's rows
    return matrix(_ll.value_markov_tunnel_matrix(_flat(p), state, k, length), states)


def tunnel_vector(v: ArrayLike, state: int, k: int, first_only: bool = False) -> Any:
    """Expand element `state` of a per-state vector for k tunnel states.

    >>> [float(x) for x in tunnel_vector([10, 0], 0, 2, first_only=True)]
    [10.0, 0.0, 0.0]
    """
    states, _ = _ll.value_markov_tunnel_size(len(v), k)
    return vector(_ll.value_markov_tunnel_vector(v, state, k, 1 if first_only else 0, states))


def prob_from_rate(rate: float, t: float = 1.0) -> float:
    """The probability of an event over t at a constant rate: 1 - exp(-rate t).

    >>> round(prob_from_rate(0.1), 10)  # 1 - exp(-0.1)
    0.095162582
    """
    return float(_ll.value_prob_from_rate(rate, t))


def prob_to_rate(p: float, t: float = 1.0) -> float:
    """The constant rate giving probability p over t: -ln(1 - p) / t.

    >>> round(prob_to_rate(0.5), 10)  # ln 2
    0.6931471806
    """
    return float(_ll.value_prob_to_rate(p, t))


def prob_rescale(p: float, from_t: float, to_t: float) -> float:
    """A probability over from_t rescaled to to_t (constant rate).

    >>> round(prob_rescale(0.75, 2, 1), 12)  # 1 - 0.25^(1/2)
    0.5
    """
    return float(_ll.value_prob_rescale(p, from_t, to_t))


def apply_rr(p: float, rr: float) -> float:
    """p times a relative risk (the result must stay a probability).

    >>> apply_rr(0.2, 1.5)
    0.30000000000000004
    """
    return float(_ll.value_prob_apply_rr(p, rr))


def apply_or(p: float, odds_ratio: float) -> float:
    """p with its odds multiplied by odds_ratio.

    >>> round(apply_or(0.5, 3), 12)  # odds 1 -> 3
    0.75
    """
    return float(_ll.value_prob_apply_or(p, odds_ratio))


def apply_hr(p: float, hr: float) -> float:
    """p under a hazard ratio: 1 - (1 - p)^hr.

    >>> round(apply_hr(0.75, 0.5), 12)
    0.5
    """
    return float(_ll.value_prob_apply_hr(p, hr))


_DISTS = options(_ll.value_sampler_dist, rename={"gamma_meansd": "gamma", "lognormal_meansd": "lognormal"})


class Sampler(HandleOwner):
    """PSA parameter distributions: add(name, dist, *params) with dist one of
    fixed(value), normal(mean, sd), truncnormal(mean, sd, lower, upper),
    uniform(min, max), triangular(min, mode, max), beta(shape1, shape2),
    beta_meansd(mean, sd), gamma(mean, sd), lognormal(mean, sd) (natural
    scale), lognormal_log(meanlog, sdlog); add_dirichlet(name, alpha);
    correlate(a, b, rho) through a Gaussian copula; draw(n, seed).

    draw() returns an n x p array whose columns are named by the parameters
    (.columns; d["cost"] is a column; iterating gives the rows, as for any
    array); .to_frame() makes it a pandas DataFrame.  Without numpy it is a
    list of rows with the same .columns, ["name"] and .to_frame().

    >>> s = Sampler()
    >>> s.add("cost", "fixed", 1000); s.add("p_death", "uniform", 0.2, 0.3)
    0
    1
    >>> d = s.draw(3, seed=1)
    >>> d.shape, d.columns
    ((3, 2), ['cost', 'p_death'])
    >>> [float(v) for v in d["cost"]]
    [1000.0, 1000.0, 1000.0]
    >>> s.correlate("cost", "p_deth", 0.2)
    Traceback (most recent call last):
    ...
    libvalue.InvalidArgumentError: unknown parameter 'p_deth' (did you mean 'p_death'?)
    """

    def __init__(self) -> None:
        self._h = _ll.value_sampler_new()

    def add(self, name: str, dist: str, *params: float) -> int:
        """Add a parameter; returns its column."""
        if len(params) > 4:
            raise InvalidArgumentError(EINVAL, "at most 4 distribution parameters, got %d" % len(params))
        a, b, c, d = (list(params) + [0.0] * 4)[:4]
        return int(_ll.value_sampler_add(self._h, name, choice(_DISTS, dist, "dist"), a, b, c, d))

    def add_dirichlet(self, name: str, alpha: ArrayLike) -> int:
        """Add a Dirichlet block (columns name[0], name[1], ...); returns its first column."""
        return int(_ll.value_sampler_add_dirichlet(self._h, name, alpha))

    @property
    def names(self) -> List[str]:
        """The column names, in order."""
        return [_ll.value_sampler_name(self._h, i) for i in range(_ll.value_sampler_count(self._h))]

    def _column(self, c: Union[int, str]) -> int:
        if isinstance(c, str):
            names = self.names
            if c not in names:
                raise unknown_name("parameter", c, names)
            return names.index(c)
        return c

    def correlate(self, a: Union[int, str], b: Union[int, str], rho: float) -> None:
        """Correlate parameters a and b (names or columns) by rho (Gaussian copula)."""
        _ll.value_sampler_set_correlation(self._h, self._column(a), self._column(b), rho)

    def draw(self, n: int, seed: int) -> Any:
        """n draws of every parameter: an n x p array with named columns (see the class)."""
        p = _ll.value_sampler_count(self._h)
        return labeled(matrix(_ll.value_sampler_draw(self._h, seed, n, n * p), p), self.names)

    def __repr__(self) -> str:
        if self._h.closed:
            return "<Sampler (closed)>"
        names = self.names
        return "<Sampler: %d parameters (%s%s)>" % (len(names), ", ".join(names[:8]), ", ..." if len(names) > 8 else "")


def oneway(fn: Callable[[List[float]], float], base: ArrayLike, low: ArrayLike, high: ArrayLike,
           names: Optional[Sequence[Any]] = None) -> OneWay:
    """One-way sensitivity: fn(list of parameter values) -> number is called
    2n + 1 times; returns OneWay(base result, rows widest range first),
    the data of a tornado diagram (libvalue.plots.tornado).

    >>> r = oneway(lambda x: 2 * x[0] + x[1], [1, 1], [0, 0], [2, 3], ["a", "b"])
    >>> r.base, [(t.name, t.result_low, t.result_high) for t in r.rows]
    (3.0, [('a', 1.0, 5.0), ('b', 2.0, 5.0)])
    """
    names = [str(v) for v in names] if names is not None else [str(i) for i in range(len(base))]
    res_low, res_high, order, at_base = _ll.value_sensitivity_oneway(base, low, high, fn, len(base))
    return OneWay(float(at_base), Rows([TornadoRow(names[i], float(low[i]), float(high[i]), float(res_low[i]),
                                                   float(res_high[i])) for i in order], index="name"))
