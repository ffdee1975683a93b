# SPDX-License-Identifier: GPL-3.0-or-later
"""Partitioned survival models (C module: lib/evaluation/psm.c).

Curves go in as a table whose columns are the N - 1 survival curves, first
exit first (e.g. PFS, then OS), and whose rows are the time points 0..J
(a DataFrame, a mapping of columns, or a 2-d array of rows); results come
out as named tuples and tables with .to_frame()."""

from typing import Any, List, NamedTuple, Optional, Sequence, Union

from .. import _lowlevel as _ll
from .._support import EINVAL, HandleOwner, InvalidArgumentError, as_table, choice, labeled, matrix, record, vector
from .discount import Discount

__all__ = ["PartitionedSurvivalModel", "PSMResult", "PSMCrossings"]

_CORRECTIONS = _ll.value_psm_correction
_DISTS = _ll.value_psm_dist


class PSMResult(NamedTuple):
    """Discounted totals of one run: cost, QALYs and life years.

    >>> PSMResult(100.0, 1.5, 2.0).qalys
    1.5
    """
    cost: float
    qalys: float
    life_years: float


class PSMCrossings(NamedTuple):
    """Where crossing curves were kept ordered: n_clamped (memberships set to
    0), and the first crossing: curve (the index of the curve that lay
    above the next one, a column of the curves table) and point (its time
    point); curve and point are 0 when n_clamped is 0.

    >>> PSMCrossings(0, 0, 0).n_clamped
    0
    """
    n_clamped: int
    curve: int
    point: int


StateValues = record("StateValues", "state cost qalys life_years",
                     "Discounted cost, QALYs and life years by state (each sums to run()'s total).", index="state")
PSMBatch = record("PSMBatch", "cost qalys life_years", "Discounted totals of each curve set of run_batch().")


def _discount(d: Union[None, float, Discount], what: str) -> Optional[Discount]:
    if d is None or isinstance(d, Discount):
        return d
    if isinstance(d, (int, float)):
        return Discount(float(d))
    raise InvalidArgumentError(EINVAL, "%s must be a Discount, an annual rate or None, got %s" % (
        what, type(d).__name__))


class PartitionedSurvivalModel(HandleOwner):
    """An N-state partitioned survival model over `cycles` cycles of
    `cycle_length` years (time points 0, L, ..., J L).  States are named by
    `states` (N names, death last); correction: 'trapezoid' (the half-cycle
    correction, the default), 'start', 'end' or 'simpson'; discount_costs
    and discount_effects: a Discount, an annual rate, or None.  State costs
    are per cycle, utilities per year.

    Curves where an earlier one lies above a later one (PFS above OS) are
    kept ordered from the last down, so no state is negative and overall
    survival is as given; crossings() says where.

    >>> m = PartitionedSurvivalModel(["pf", "pd", "dead"], cycles=4, correction="end")
    >>> m = m.set_state_rewards(cost=[0, 0, 0], utility=[1, 0.5, 0])
    >>> curves = {"pfs": [1, 0.8, 0.6, 0.5, 0.4], "os": [1, 0.9, 0.55, 0.45, 0.42]}
    >>> r = m.run(curves)  # LY = 0.9 + 0.55 + 0.45 + 0.42; PF capped at OS where it crosses
    >>> round(r.life_years, 12), round(r.qalys, 12)
    (2.32, 2.26)
    >>> m.crossings(curves)
    PSMCrossings(n_clamped=2, curve=0, point=2)
    >>> m
    <PartitionedSurvivalModel: 3 states (pf, pd, dead), 4 cycles of 1 y, correction end>
    """

    def __init__(self, states: Sequence[Any], cycles: int, cycle_length: float = 1.0, correction: str = "trapezoid",
                 discount_costs: Union[None, float, Discount] = None,
                 discount_effects: Union[None, float, Discount] = None) -> None:
        self.states = [str(s) for s in states]
        self._h = _ll.value_psm_new(len(self.states), cycles, cycle_length)
        self.cycles = cycles
        self.cycle_length = cycle_length
        self.correction = correction
        self._cost = [0.0] * len(self.states)  # the C model's defaults, kept for run_batch()
        self._utility = [0.0] * len(self.states)
        try:
            _ll.value_psm_set_correction(self._h, choice(_CORRECTIONS, correction, "correction"))
            dc, de = _discount(discount_costs, "discount_costs"), _discount(discount_effects, "discount_effects")
            _ll.value_psm_set_discount(self._h, dc._h if dc else None, de._h if de else None)
        except BaseException:
            self.close()
            raise

    def set_state_rewards(self, cost: Sequence[float], utility: Sequence[float]) -> "PartitionedSurvivalModel":
        """Cost per cycle and utility per year of each state (N values each).

        >>> m = PartitionedSurvivalModel(["alive", "dead"], cycles=1, correction="start")
        >>> m.set_state_rewards([10, 0], [1, 0]).run({"os": [1, 0.5]}).cost
        10.0
        """
        _ll.value_psm_set_state_rewards(self._h, cost, utility)
        self._cost, self._utility = [float(v) for v in cost], [float(v) for v in utility]
        return self

    def _surv(self, curves: Any, name: str = "curves") -> Any:
        """The curves table as the C layout: curve-major (one curve after another)."""
        flat, rows, cols, _ = as_table(curves, name)
        if cols != len(self.states) - 1 or rows != self.cycles + 1:
            raise InvalidArgumentError(EINVAL, "%s must have %d columns (one per curve) and %d rows (time points "
                                       "0..%d), got %d x %d" % (name, len(self.states) - 1, self.cycles + 1,
                                                                self.cycles, rows, cols))
        return [flat[j * cols + c] for c in range(cols) for j in range(rows)]

    def curve(self, dist: str, *params: float) -> Any:
        """A parametric survival curve at the model's time points (years):
        'exponential' (rate) or 'weibull' (survreg's intercept mu and scale
        sigma: S(t) = exp(-(t exp(-mu))^(1/sigma))).

        >>> m = PartitionedSurvivalModel(["alive", "dead"], cycles=2)
        >>> [round(float(s), 12) for s in m.curve("exponential", 0.5)]  # exp(-0.5 t)
        [1.0, 0.606530659713, 0.367879441171]
        """
        code = choice(_DISTS, dist, "dist")
        return vector(_ll.value_psm_curve(self._h, code, list(params), self.cycles + 1))

    def trace(self, curves: Any) -> Any:
        """State membership at time points 0..J: columns named by the states
        (.to_frame() a DataFrame indexed by cycle).

        >>> m = PartitionedSurvivalModel(["pf", "pd", "dead"], cycles=1)
        >>> t = m.trace({"pfs": [1, 0.5], "os": [1, 0.8]})
        >>> [round(float(v), 12) for v in t["pd"]]
        [0.0, 0.3]
        """
        out = _ll.value_psm_trace(self._h, self._surv(curves), (self.cycles + 1) * len(self.states))
        return labeled(matrix(out, len(self.states)), self.states, list(range(self.cycles + 1)), "cycle")

    def run(self, curves: Any) -> PSMResult:
        """PSMResult(cost, qalys, life_years), discounted.

        >>> m = PartitionedSurvivalModel(["alive", "dead"], cycles=2)  # trapezoid: 1/2, 1, 1/2
        >>> round(m.run({"os": [1, 0.5, 0.25]}).life_years, 12)  # 0.5 + 0.5 + 0.125
        1.125
        """
        return PSMResult(*_ll.value_psm_run(self._h, self._surv(curves)))

    def state_values(self, curves: Any) -> Any:
        """StateValues(state, cost, qalys, life_years) by state; .to_frame() indexed by state.

        >>> m = PartitionedSurvivalModel(["pf", "pd", "dead"], cycles=1, correction="end")
        >>> m = m.set_state_rewards([100, 300, 0], [1, 0.5, 0])
        >>> v = m.state_values({"pfs": [1, 0.5], "os": [1, 0.8]})
        >>> [round(float(c), 9) for c in v.cost]  # per cycle: 100 x 0.5, 300 x 0.3
        [50.0, 90.0, 0.0]
        """
        c, q, l = _ll.value_psm_state_values(self._h, self._surv(curves), len(self.states))
        return StateValues(list(self.states), vector(c), vector(q), vector(l))

    def crossings(self, curves: Any) -> PSMCrossings:
        """Where the curves were kept ordered (see the class).

        >>> m = PartitionedSurvivalModel(["pf", "pd", "dead"], cycles=1)
        >>> m.crossings({"pfs": [1, 0.6], "os": [1, 0.5]})  # PFS above OS at time point 1
        PSMCrossings(n_clamped=1, curve=0, point=1)
        """
        return PSMCrossings(*_ll.value_psm_crossings(self._h, self._surv(curves)))

    def run_batch(self, curve_sets: Sequence[Any], cost: Optional[Any] = None, utility: Optional[Any] = None) -> Any:
        """Run K curve sets (PSA draws or strategies), each a table as for
        run(); cost and utility: K rows of N state values (a table), or
        None for the model's own.  Returns PSMBatch(cost, qalys,
        life_years), one value per set; .to_frame() a DataFrame.

        >>> m = PartitionedSurvivalModel(["alive", "dead"], cycles=1, correction="end")
        >>> m = m.set_state_rewards([10, 0], [1, 0])
        >>> b = m.run_batch([{"os": [1, 0.5]}, {"os": [1, 0.25]}])
        >>> [float(x) for x in b.qalys], [float(x) for x in b.cost]
        ([0.5, 0.25], [5.0, 2.5])
        """
        k = len(curve_sets)
        surv: List[float] = []
        for i, c in enumerate(curve_sets):
            surv.extend(self._surv(c, "curve_sets[%d]" % i))
        if (cost is None) != (utility is None):
            raise InvalidArgumentError(EINVAL, "cost and utility must be given together (or neither)")
        if cost is None:  # the model's own rewards, repeated for each set
            c_flat, u_flat = self._cost * k, self._utility * k
        else:
            c_flat, u_flat = as_table(cost, "cost")[0], as_table(utility, "utility")[0]
        return PSMBatch(*(vector(v) for v in _ll.value_psm_run_batch(self._h, surv, c_flat, u_flat, k, k)))

    def __repr__(self) -> str:
        if self._h.closed:
            return "<PartitionedSurvivalModel (closed)>"
        return "<PartitionedSurvivalModel: %d states (%s), %d cycles of %g y, correction %s>" % (
            len(self.states), ", ".join(self.states), self.cycles, self.cycle_length, self.correction)
