# SPDX-License-Identifier: GPL-3.0-or-later
"""Kaplan-Meier curves, at-risk tables, median survival and restricted mean
survival time, as R's survival::survfit (conf.type="log-log") and survRM2
give them (C module: lib/evaluation/survival_km.c; docs/survival.md)."""

import math
from collections import namedtuple
from typing import Any, List, Mapping, Optional, Sequence, Union

from .. import _lowlevel as _ll
from .._support import (ArrayLike, HandleOwner, InvalidArgumentError, Rows, labeled, matrix, unknown_name,
                        _frame, EINVAL)

__all__ = ["KaplanMeier", "MedianSurvival", "Rmst"]

MedianSurvival = namedtuple("MedianSurvival", "group median lower upper")
Rmst = namedtuple("Rmst", "group rmst se")

# The table's columns, in the C library's order (value_survival_km_col).
_COLS = sorted((k for k in _ll.value_survival_km_col if k != "n_cols"), key=lambda k: _ll.value_survival_km_col[k])
_W = _ll.VALUE_SURVIVAL_KM_N_COLS


def _column(data: Any, name: Any, what: str) -> Any:
    """A column of data by name, or name itself when it is the values."""
    if not isinstance(name, str):
        return name
    if data is None:
        raise InvalidArgumentError(EINVAL, "%s is the column name '%s' but no data was given" % (what, name))
    cols = list(data.columns) if hasattr(data, "columns") else list(data.keys())
    if name not in cols:
        raise unknown_name("column", name, [str(c) for c in cols])
    col = data[name]
    return col.tolist() if hasattr(col, "tolist") else list(col)


def _none_if_nan(x: float) -> Optional[float]:
    return None if math.isnan(x) else x


class KaplanMeier(HandleOwner):
    """Kaplan-Meier curves from (time, event) columns, with optional case
    weights and groups: survfit(Surv(time, event) ~ group, weights = weight,
    conf.type = "log-log").  data is a pandas DataFrame or a dict of columns
    and time, event, weight, group name its columns; or leave data out and
    pass the columns themselves.  Groups are the distinct group values,
    sorted.

    R's survival::aml (tests/data/survival/aml.csv), the Maintained arm:

    >>> km = KaplanMeier({"time": [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161],
    ...                   "status": [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0]}, event="status")
    >>> t = km.table()
    >>> [round(v, 6) for v in t["surv"][:3]], [round(v, 6) for v in t["lower"][:2]]
    ([0.909091, 0.818182, 0.715909], [0.50808, 0.447429])
    >>> km.median()[0]  # survfit prints median 31, 0.95LCL 13, UCL NA
    MedianSurvival(group=None, median=31.0, lower=13.0, upper=None)
    >>> r = km.rmst(40)[0]  # print(fit, rmean = 40): 28.898, se 3.468
    >>> round(r.rmst, 4), round(r.se, 4)
    (28.8977, 3.4676)
    >>> [row[1] for row in km.at([0, 10, 20])]  # the at-risk table: n_risk
    [11.0, 10.0, 7.0]
    """

    def __init__(self, data: Optional[Any] = None, time: Union[str, ArrayLike] = "time",
                 event: Union[str, ArrayLike] = "event", weight: Optional[Union[str, ArrayLike]] = None,
                 group: Optional[Union[str, Sequence[Any]]] = None, level: float = 0.95) -> None:
        t = _column(data, time, "time")
        e = _column(data, event, "event")
        w = None if weight is None else _column(data, weight, "weight")
        g = None if group is None else _column(data, group, "group")
        self.level = level
        self.group_name = group if isinstance(group, str) else ("group" if group is not None else None)
        if g is None:
            self.groups: List[Any] = [None]
            codes = None
        else:
            self.groups = sorted(set(g))
            index = {v: k for k, v in enumerate(self.groups)}
            codes = [index[v] for v in g]
        self._h = _ll.value_survival_km_new(t, e, w, codes, len(self.groups))

    def _code(self, group: Any) -> int:
        if group is None:
            if len(self.groups) == 1:
                return 0
            raise InvalidArgumentError(EINVAL, "group must name one of %d groups" % len(self.groups))
        if group not in self.groups:
            raise unknown_name("group", group, [str(v) for v in self.groups])
        return self.groups.index(group)

    def table(self, group: Any = None) -> Any:
        """The curve at each distinct observed time of one group (group may
        be left out when there is one): a matrix with columns time, n_risk,
        n_event, n_censor, surv, std_err (survfit's std.err, of log S),
        se_surv (summary's std.err, of S), lower, upper; NaN where S = 0."""
        k = self._code(group)
        m = _ll.value_survival_km_size(self._h, k)
        return labeled(matrix(_ll.value_survival_km_table(self._h, k, self.level, m * _W), _W), _COLS)

    def at(self, times: ArrayLike, group: Any = None) -> Any:
        """The curve at the given times (non-decreasing), as
        summary(fit, times = times, extend = TRUE): n_risk is the at-risk
        table under a plot; n_event, n_censor count since the previous time."""
        k = self._code(group)
        return labeled(matrix(_ll.value_survival_km_at(self._h, k, times, self.level, len(times) * _W), _W), _COLS)

    def median(self) -> "Rows[MedianSurvival]":
        """Median survival and its confidence limits per group, as print(fit);
        None where not reached (survfit's NA)."""
        out = []
        for k, g in enumerate(self.groups):
            m, lo, hi = _ll.value_survival_km_median(self._h, k, self.level)
            out.append(MedianSurvival(g, _none_if_nan(m), _none_if_nan(lo), _none_if_nan(hi)))
        return Rows(out, index="group")

    def rmst(self, tau: float) -> "Rows[Rmst]":
        """Restricted mean survival time up to tau and its standard error per
        group (survRM2's rmst1; survival's print(fit, rmean = tau))."""
        return Rows([Rmst(g, *_ll.value_survival_km_rmst(self._h, k, tau)) for k, g in enumerate(self.groups)],
                    index="group")

    def to_frame(self) -> Any:
        """Every group's table as one pandas DataFrame (survfit's fit object
        as a table), with a group column when there are groups."""
        cols: Mapping[str, List[Any]] = {c: [] for c in ([self.group_name] if self.group_name else []) + _COLS}
        for g in self.groups:
            t = self.table(g)
            for j, c in enumerate(_COLS):
                cols[c].extend(float(row[j]) for row in t)
            if self.group_name:
                cols[self.group_name].extend([g] * len(t))
        return _frame(dict(cols))

    def __repr__(self) -> str:
        return "<KaplanMeier: %d group%s, level %g>" % (len(self.groups), "" if len(self.groups) == 1 else "s",
                                                        self.level)
