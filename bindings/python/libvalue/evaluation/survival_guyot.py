# SPDX-License-Identifier: GPL-3.0-or-later
"""Pseudo individual data from a published Kaplan-Meier curve, Guyot et al.
2012 (C module: lib/evaluation/survival_guyot.c)."""

import math
from typing import Any, Optional

from .. import _lowlevel as _ll
from .._support import record, unknown_name, vector

__all__ = ["guyot", "PseudoIPD"]

PseudoIPD = record("PseudoIPD", "time event",
                   "Pseudo individual data: one row per patient, time and event (1 an event, 0 censored); "
                   ".to_frame() for a pandas DataFrame.")


def _column(table: Any, name: str, what: str) -> Any:
    columns = list(table.keys()) if hasattr(table, "keys") else []
    if name not in columns:
        raise unknown_name("column of %s" % what, name, columns)
    return table[name]


def guyot(curve: Any, at_risk: Any, total_events: Optional[float] = None) -> Any:
    """Rebuild (time, event) rows from a digitised Kaplan-Meier curve and the
    numbers-at-risk table printed under it (Guyot, Ades, Ouwens & Welton,
    BMC Med Res Methodol 2012;12:9; the steps are in value.h and
    docs/survival.md).

    curve: a DataFrame (or mapping of columns) with "time" and "survival",
    the digitiser's points, times not decreasing and survival not
    increasing (clean them first: the library refuses, it does not repair).
    at_risk: "time" and "n_risk", the table.  total_events: the total number
    of events when the publication reports it.  Returns a DataFrame with one
    row per patient of the table's first count: "time" and "event" (1 an
    event, 0 censored), as a PseudoIPD of two columns; .to_frame() gives the
    pandas DataFrame.

    >>> curve = {"time": [0, 1, 3, 4], "survival": [1, 0.8, 0.6, 0.45]}
    >>> table = {"time": [0, 2], "n_risk": [10, 7]}
    >>> ipd = guyot(curve, table)
    >>> [float(x) for x in ipd.time]
    [1.0, 1.0, 1.5, 3.0, 3.0, 3.5, 4.0, 4.0, 4.0, 4.0]
    >>> [int(x) for x in ipd.event]
    [1, 1, 0, 1, 1, 0, 1, 0, 0, 0]
    >>> int(sum(guyot(curve, table, total_events=4).event))
    4
    >>> guyot(curve, {"time": [0, 2], "n_risk": [10, 11]})
    Traceback (most recent call last):
    ...
    libvalue.InvalidArgumentError: n_risk[1] is 11, must be <= n_risk[0] (10)
    """
    t = _column(curve, "time", "curve")
    s = _column(curve, "survival", "curve")
    t_risk = _column(at_risk, "time", "at_risk")
    n_risk = _column(at_risk, "n_risk", "at_risk")
    rows = _ll.value_survival_guyot_size(n_risk)
    total = math.nan if total_events is None else total_events
    time, event = _ll.value_survival_guyot(t, s, t_risk, n_risk, total, rows)
    return PseudoIPD(vector(time), vector(event))
