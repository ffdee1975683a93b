# SPDX-License-Identifier: GPL-3.0-or-later
"""Cost-effectiveness: incremental analysis, net benefit and PSA results
(C modules: lib/evaluation/cea.c, lib/evaluation/psa.c).

PSA matrices (costs, effects: one row per simulation, one column per
strategy) may be pandas DataFrames (their column names name the
strategies), 2-d numpy arrays (a C-contiguous float64 one is used without
a copy), mappings {strategy: column} or lists of rows.
"""

from collections import namedtuple
from typing import Any, List, NamedTuple, Optional, Sequence, Tuple, Union

from .. import _lowlevel as _ll
from .._support import (EINVAL, ArrayLike, InvalidArgumentError, Rows, TableLike, _frame, as_table, input_vector, matrix, record,
                        unknown_name, vector)

__all__ = ["frontier", "FrontierRow", "net_benefit", "NetBenefit", "optimal", "wtp_ranges", "WtpRange",
           "value_ratio", "psa_curves", "PsaCurves", "psa_incremental", "Incremental", "psa_summary", "SummaryRow"]


class FrontierRow(NamedTuple):
    """One strategy of an incremental analysis: status 'ND' (on the
    frontier), 'D' (dominated) or 'ED' (extendedly dominated); comparator
    the strategy its ICER is against (None if none)."""
    name: str
    cost: float
    effect: float
    status: str
    comparator: Optional[str]
    icer: float


class WtpRange(NamedTuple):
    """The willingness-to-pay range over which a strategy is optimal."""
    lower: float
    upper: float


class SummaryRow(NamedTuple):
    """Mean and percentile interval of one strategy's PSA column."""
    mean: float
    lower: float
    upper: float


NetBenefit = record("NetBenefit", "nmb nhb", "Net monetary (NMB) and net health (NHB) benefit per strategy.")
Incremental = record("Incremental", "dcost deffect",
                     "Incremental costs and effects against the comparator, one row per simulation and one "
                     "column per strategy (the comparator's column is 0): the points of a CE plane.")

_STATUS = {v: k.upper() for k, v in _ll.value_cea_status.items()}  # 'ND', 'D', 'ED'


def _names(names: Optional[Sequence[Any]], n: int, found: Optional[List[str]] = None) -> List[str]:
    if names is None:
        names = found
    out = [str(v) for v in names] if names is not None else [str(i) for i in range(n)]
    if len(out) != n:
        raise InvalidArgumentError(EINVAL, "names has %d entries for %d strategies" % (len(out), n))
    return out


def _cost_effect(cost: Any, effect: Any, names: Optional[Sequence[Any]]) -> Tuple[Any, Any, Optional[Sequence[Any]]]:
    """cost and effect vectors, or one table with columns 'cost' and
    'effect' (a DataFrame's index names the strategies)."""
    if effect is not None:
        return cost, effect, names
    if hasattr(cost, "columns") and hasattr(cost, "index"):
        for col in ("cost", "effect"):
            if col not in cost.columns:
                raise unknown_name("column", col, [str(c) for c in cost.columns])
        return cost["cost"], cost["effect"], names if names is not None else [str(i) for i in cost.index]
    raise InvalidArgumentError(EINVAL, "effect is missing: give cost and effect, or a DataFrame with columns "
                                       "'cost' and 'effect'")


def frontier(cost: Any, effect: Optional[ArrayLike] = None, names: Optional[Sequence[Any]] = None) -> "Rows[FrontierRow]":
    """Incremental analysis: one FrontierRow per strategy, in input order.

    cost and effect are parallel vectors, or cost is a DataFrame with
    columns 'cost' and 'effect' (its index names the strategies).

    >>> rows = frontier([0, 10000, 12000, 30000], [0, 1.0, 0.9, 2.0], ["none", "A", "B", "C"])
    >>> [(r.name, r.status, r.comparator, r.icer) for r in rows]
    [('none', 'ND', None, nan), ('A', 'ND', 'none', 10000.0), ('B', 'D', None, nan), ('C', 'ND', 'A', 20000.0)]
    """
    cost, effect, names = _cost_effect(cost, effect, names)
    n = len(cost)
    status, comparator, icer = _ll.value_cea_frontier(cost, effect, n)
    c, e = input_vector(cost, "cost"), input_vector(effect, "effect")
    labels = _names(names, n)
    return Rows([FrontierRow(labels[j], float(c[j]), float(e[j]), _STATUS[status[j]],
                             labels[comparator[j]] if comparator[j] >= 0 else None, icer[j]) for j in range(n)],
                index="name")


def net_benefit(cost: ArrayLike, effect: ArrayLike, wtp: float) -> Any:
    """NetBenefit(nmb, nhb): net monetary and net health benefit of each
    strategy at willingness to pay wtp > 0.

    >>> nb = net_benefit([1000, 3000], [1.0, 1.1], 20000)
    >>> [float(v) for v in nb.nmb], [round(float(v), 4) for v in nb.nhb]
    ([19000.0, 19000.0], [0.95, 0.95])
    """
    nmb, nhb = _ll.value_cea_net_benefit(cost, effect, wtp, len(cost))
    return NetBenefit(vector(nmb), vector(nhb))


def optimal(cost: ArrayLike, effect: ArrayLike, wtp: float) -> int:
    """Index of the strategy with the highest NMB at wtp (ties: the lower cost).

    >>> optimal([0, 10000, 30000], [0, 1.0, 2.0], 15000)
    1
    """
    return int(_ll.value_cea_optimal(cost, effect, wtp))


def wtp_ranges(cost: ArrayLike, effect: ArrayLike, names: Optional[Sequence[Any]] = None) -> "Rows[WtpRange]":
    """WtpRange(lower, upper) of willingness to pay over which each strategy
    is optimal (NaN, NaN for dominated strategies).

    >>> [tuple(r) for r in wtp_ranges([0, 10000, 30000], [0, 1.0, 2.0])]
    [(0.0, 10000.0), (10000.0, 20000.0), (20000.0, inf)]
    """
    lower, upper = _ll.value_cea_wtp_ranges(cost, effect, len(cost))
    return Rows([WtpRange(lo, hi) for lo, hi in zip(lower, upper)], labels=_names(names, len(cost)),
                label_name="strategy")


def value_ratio(outcome: ArrayLike, cost: ArrayLike) -> Any:
    """Outcome per unit cost of each pathway (numpy array, or list).

    >>> [float(v) for v in value_ratio([2.0, 3.0], [1000, 2000])]
    [0.002, 0.0015]
    """
    return vector(_ll.value_cea_value_ratio(outcome, cost, len(cost)))


def _psa_pair(costs: TableLike, effects: TableLike, names: Optional[Sequence[Any]]) -> Tuple[Any, Any, int, List[str]]:
    c, s, j, found = as_table(costs, "costs")
    e, s2, j2, found2 = as_table(effects, "effects")
    if (s, j) != (s2, j2):
        raise InvalidArgumentError(EINVAL, "costs is %d x %d but effects is %d x %d (simulations x strategies)"
                                   % (s, j, s2, j2))
    return c, e, j, _names(names, j, found or found2)


class PsaCurves(namedtuple("PsaCurves", "lambdas ceac loss evpi ceaf ceaf_prob")):
    """PSA curves at each willingness to pay (lambda): ceac and loss (one
    row per lambda, one column per strategy), evpi, ceaf (index of the
    strategy with the highest mean NMB) and ceaf_prob (its probability of
    being cost-effective); .names the strategies, .optimal the CEAF's
    strategy names; .to_frame() the table, one row per lambda."""

    names: List[str]

    def __new__(cls, lambdas: Any, ceac: Any, loss: Any, evpi: Any, ceaf: Any, ceaf_prob: Any,
                names: Optional[Sequence[str]] = None) -> "PsaCurves":
        self = super().__new__(cls, lambdas, ceac, loss, evpi, ceaf, ceaf_prob)
        self.names = list(names) if names is not None else [str(j) for j in range(len(ceac[0]) if len(ceac) else 0)]
        return self

    @property
    def optimal(self) -> List[str]:
        """The name of the CEAF's strategy at each lambda."""
        return [self.names[int(k)] for k in self.ceaf]

    def to_frame(self) -> Any:
        """One row per lambda: ceac_<strategy>, loss_<strategy>, evpi, ceaf (the name), ceaf_prob."""
        cols = {}
        for j, name in enumerate(self.names):
            cols["ceac_" + name] = [row[j] for row in self.ceac]
        for j, name in enumerate(self.names):
            cols["loss_" + name] = [row[j] for row in self.loss]
        cols["evpi"] = list(self.evpi)
        cols["ceaf"] = self.optimal
        cols["ceaf_prob"] = list(self.ceaf_prob)
        return _frame(cols, [float(v) for v in self.lambdas], "lambda")

    def __repr__(self) -> str:
        n = len(self.lambdas)
        if not n:
            return "<PsaCurves: no willingness-to-pay values>"
        switches = []
        opt = self.optimal
        for i, name in enumerate(opt):
            if i == 0 or name != opt[i - 1]:
                switches.append("%s from %g" % (name, self.lambdas[i]))
        return ("<PsaCurves: %d strategies (%s) at %d willingness-to-pay values from %g to %g; CEAF: %s; "
                "EVPI %.4g to %.4g; .to_frame() for the table>" % (
                    len(self.names), ", ".join(self.names), n, self.lambdas[0], self.lambdas[n - 1],
                    ", ".join(switches), self.evpi[0], self.evpi[n - 1]))


def psa_curves(costs: TableLike, effects: TableLike, lambdas: ArrayLike,
               names: Optional[Sequence[Any]] = None) -> PsaCurves:
    """CEAC, expected loss, EVPI and the CEAF at each lambda from S x J PSA
    matrices of costs and effects (one row per simulation).  Strategy names
    come from names, or a DataFrame's columns, or are '0', '1', ...

    >>> curves = psa_curves([[0, 1000], [0, 3000]], [[0, 0.1], [0, 0.1]], [0, 20000, 50000], ["usual", "new"])
    >>> curves.optimal
    ['usual', 'usual', 'new']
    >>> [float(v) for v in curves.evpi]  # at 20000: E[max NMB] = (1000 + 0)/2, max E[NMB] = 0
    [0.0, 500.0, 0.0]
    >>> [float(v) for v in curves.ceaf_prob]
    [1.0, 0.5, 1.0]
    """
    c, e, j, labels = _psa_pair(costs, effects, names)
    lam = input_vector(lambdas, "lambdas")
    n_l = len(lam)
    ceac, loss, evpi, ceaf, prob = _ll.value_psa_curves(c, e, j, lam, n_l * j, n_l)
    return PsaCurves(lam, matrix(ceac, j), matrix(loss, j), vector(evpi), vector(ceaf), vector(prob), labels)


def _strategy(k: Union[int, str], labels: List[str], what: str) -> int:
    if isinstance(k, str):
        if k in labels:
            return labels.index(k)
        raise unknown_name("strategy", k, labels)
    return k


def psa_incremental(costs: TableLike, effects: TableLike, comparator: Union[int, str] = 0,
                    names: Optional[Sequence[Any]] = None) -> Any:
    """Incremental(dcost, deffect) against a comparator (its index or name),
    one row per simulation: the points of a cost-effectiveness plane.

    >>> inc = psa_incremental([[100, 300], [200, 200]], [[1, 2], [1, 1.5]])
    >>> [list(map(float, r)) for r in inc.dcost], [list(map(float, r)) for r in inc.deffect]
    ([[0.0, 200.0], [0.0, 0.0]], [[0.0, 1.0], [0.0, 0.5]])
    """
    c, e, j, labels = _psa_pair(costs, effects, names)
    dc, de = _ll.value_psa_incremental(c, e, j, _strategy(comparator, labels, "comparator"), len(c))
    out = Incremental(matrix(dc, j), matrix(de, j))
    return out


def psa_summary(values: TableLike, lower: float = 0.025, upper: float = 0.975,
                names: Optional[Sequence[Any]] = None) -> "Rows[SummaryRow]":
    """SummaryRow(mean, lower percentile, upper percentile) per strategy
    (column) of a PSA matrix.

    >>> [tuple(map(float, r)) for r in psa_summary([[1, 10], [3, 30]], 0.0, 1.0)]
    [(2.0, 1.0, 3.0), (20.0, 10.0, 30.0)]
    """
    v, _, j, found = as_table(values, "values")
    mean, lo, hi = _ll.value_psa_summary(v, j, lower, upper, j)
    return Rows([SummaryRow(*r) for r in zip(mean, lo, hi)], labels=_names(names, j, found), label_name="strategy")
