# SPDX-License-Identifier: GPL-3.0-or-later
"""Cost-effectiveness: incremental analysis, net benefit and PSA results
(C modules: lib/evaluation/cea.c, lib/evaluation/psa.c)."""

from collections import namedtuple

from .. import _lowlevel as _ll
from .._support import EINVAL, InvalidArgumentError, rows

__all__ = ["frontier", "FrontierRow", "net_benefit", "optimal", "wtp_ranges", "value_ratio",
           "psa_curves", "PsaCurves", "psa_incremental", "psa_summary"]

FrontierRow = namedtuple("FrontierRow", "name cost effect status comparator icer")
PsaCurves = namedtuple("PsaCurves", "lambdas ceac loss evpi ceaf ceaf_prob")
_STATUS = {v: k.upper() for k, v in _ll.value_cea_status.items()}  # 'ND', 'D', 'ED'


def _names(names, n):
    names = list(names) if names is not None else [str(i) for i in range(n)]
    if len(names) != n:
        raise InvalidArgumentError(EINVAL, "names has %d entries for %d strategies" % (len(names), n))
    return names


def frontier(cost, effect, names=None):
    """Incremental analysis: one FrontierRow per strategy, in input order;
    status 'ND' (frontier), 'D' (dominated) or 'ED' (extendedly dominated);
    comparator is the name the ICER is against (None if there is none)."""
    status, comparator, icer = _ll.value_cea_frontier(cost, effect, len(cost))
    names = _names(names, len(cost))
    return [FrontierRow(names[j], cost[j], effect[j], _STATUS[status[j]],
                        names[comparator[j]] if comparator[j] >= 0 else None, icer[j]) for j in range(len(cost))]


def net_benefit(cost, effect, wtp):
    """(NMB, NHB) per strategy at willingness to pay wtp > 0."""
    nmb, nhb = _ll.value_cea_net_benefit(cost, effect, wtp, len(cost))
    return list(nmb), list(nhb)


def optimal(cost, effect, wtp):
    """Index of the strategy with the highest NMB at wtp."""
    return _ll.value_cea_optimal(cost, effect, wtp)


def wtp_ranges(cost, effect):
    """[(lower, upper)] willingness-to-pay range over which each strategy is
    optimal (NaN, NaN for dominated strategies)."""
    lower, upper = _ll.value_cea_wtp_ranges(cost, effect, len(cost))
    return list(zip(lower, upper))


def value_ratio(outcome, cost):
    """Outcome per unit cost of each pathway."""
    return list(_ll.value_cea_value_ratio(outcome, cost, len(cost)))


def _matrix(m, name):
    """(flat simulation-major buffer, n_strategies) of an S x J matrix: a
    C-order numpy array is passed without a copy, a list of rows is flattened."""
    shape = getattr(m, "shape", None)
    if shape is not None:
        if len(shape) != 2:
            raise InvalidArgumentError(EINVAL, "%s must be 2-dimensional (simulations x strategies)" % name)
        return m.reshape(-1), shape[1]
    rows = [list(r) for r in m]
    if not rows or len({len(r) for r in rows}) != 1:
        raise InvalidArgumentError(EINVAL, "%s must be a non-empty list of equally long rows" % name)
    return [v for r in rows for v in r], len(rows[0])


def psa_curves(costs, effects, lambdas):
    """CEAC, expected loss (rows per lambda), EVPI, CEAF strategy and its
    probability, from S x J PSA matrices of costs and effects."""
    c, j = _matrix(costs, "costs")
    e, j2 = _matrix(effects, "effects")
    if j != j2:
        raise InvalidArgumentError(EINVAL, "costs and effects have %d and %d strategies" % (j, j2))
    lambdas = list(lambdas)
    ceac, loss, evpi, ceaf, prob = _ll.value_psa_curves(c, e, j, lambdas, len(lambdas) * j, len(lambdas))
    return PsaCurves(lambdas, rows(ceac, j), rows(loss, j), list(evpi), list(ceaf), list(prob))


def psa_incremental(costs, effects, comparator=0):
    """(incremental costs, incremental effects) against a comparator, as
    rows per simulation: the points of a cost-effectiveness plane."""
    c, j = _matrix(costs, "costs")
    e, _ = _matrix(effects, "effects")
    dc, de = _ll.value_psa_incremental(c, e, j, comparator, len(c))
    return rows(dc, j), rows(de, j)


def psa_summary(values, lower=0.025, upper=0.975):
    """[(mean, lower percentile, upper percentile)] per strategy."""
    v, j = _matrix(values, "values")
    return list(zip(*_ll.value_psa_summary(v, j, lower, upper, j)))
