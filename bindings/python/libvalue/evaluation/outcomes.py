# SPDX-License-Identifier: GPL-3.0-or-later
"""Outcome measures, EQ-5D-3L utilities and QALYs
(C modules: lib/evaluation/outcome.c, lib/evaluation/eq5d.c, lib/evaluation/qaly.c)."""

from typing import Any, Optional
from collections import namedtuple

from .. import _lowlevel as _ll
from .._support import ArrayLike, HandleOwner, choice, options
from .discount import Discount

__all__ = ["Measure", "Estimate", "wilson", "EQ5D", "qalys", "QalyResult"]

Estimate = namedtuple("Estimate", "estimate lower upper")
QalyResult = namedtuple("QalyResult", "qalys life_years")


_TYPES = _ll.value_outcome_type
_LEVELS = _ll.value_outcome_level
_DIRECTIONS = options(_ll.value_outcome_direction, rename={"higher_is_better": "higher", "lower_is_better": "lower"})
_STATS = _ll.value_outcome_stat
_CIS = _ll.value_outcome_ci
_INTERP = _ll.value_qaly_interp
_CONVENTIONS = _ll.value_qaly_discounting


def _name_of(table: Any, code: Any) -> Any:
    return {v: k for k, v in table.items()}[code]


class Measure(HandleOwner):
    """An outcome measure: type 'clinical' | 'prom' | 'prem', Donabedian
    level 'structure' | 'process' | 'outcome', direction 'higher' | 'lower'
    (is better), stat 'rate' (0/1 values) | 'mean'; ci 'wilson' | 't' |
    'normal' (default: Wilson for rates, t for means).

    >>> m = Measure("30-day readmission", direction="lower")
    >>> e = m.compute([1] * 81 + [0] * 182)  # Newcombe (1998): Wilson 0.2553-0.3662
    >>> round(e.estimate, 4), round(e.lower, 4), round(e.upper, 4)
    (0.308, 0.2553, 0.3662)
    >>> m.compare(0.12, 0.15)  # lower is better
    1
    """

    def __init__(self, name: str, type: str = "clinical", level: str = "outcome", direction: str = "higher", stat: str = "rate", unit: str = "",
                 confidence: float=0.95, ci: Optional[Any]=None) -> None:
        self._h = _ll.value_outcome_new(name, choice(_TYPES, type, "type"), choice(_LEVELS, level, "level"),
                                        choice(_DIRECTIONS, direction, "direction"), choice(_STATS, stat, "stat"), unit)
        try:
            _ll.value_outcome_set(self._h, _ll.VALUE_OUTCOME_CONFIDENCE, confidence)
            if ci is not None:
                _ll.value_outcome_set(self._h, _ll.VALUE_OUTCOME_CI_METHOD, choice(_CIS, ci, "ci"))
        except BaseException:
            self.close()
            raise

    def describe(self) -> Any:
        """{'name', 'unit', 'type', 'level', 'direction', 'stat', 'confidence', 'ci'}"""
        name, unit, t, level, direction, stat = _ll.value_outcome_describe(self._h)
        return {"name": name, "unit": unit, "type": _name_of(_TYPES, t), "level": _name_of(_LEVELS, level),
                "direction": _name_of(_DIRECTIONS, direction), "stat": _name_of(_STATS, stat),
                "confidence": _ll.value_outcome_get(self._h, _ll.VALUE_OUTCOME_CONFIDENCE),
                "ci": _name_of(_CIS, int(_ll.value_outcome_get(self._h, _ll.VALUE_OUTCOME_CI_METHOD)))}

    def compute(self, values: ArrayLike) -> Any:
        """Estimate(estimate, lower, upper) over one value per patient."""
        return Estimate(*_ll.value_outcome_compute(self._h, values))

    def compare(self, a: Any, b: Any) -> Any:
        """1 if a is better than b, -1 if worse, 0 if equal, by the measure's direction."""
        return _ll.value_outcome_compare(self._h, a, b)

    def __repr__(self) -> str:
        if self._h.closed:
            return "<Measure (closed)>"
        d = self.describe()
        return "<Measure %r: %s %s, %s is better>" % (d["name"], d["type"], d["stat"], d["direction"])


def wilson(x: Any, n: Any, confidence: float = 0.95) -> Any:
    """Wilson score interval (lower, upper) for x successes in n trials.

    >>> [round(v, 4) for v in wilson(81, 263)]  # Newcombe (1998): 0.2553-0.3662
    [0.2553, 0.3662]
    """
    return _ll.value_outcome_wilson(x, n, confidence)


class EQ5D(HandleOwner):
    """An EQ-5D-3L value set: EQ5D('UK-TTO'), EQ5D('US-D1'),
    EQ5D.parse(text) or EQ5D.load(path).

    >>> uk = EQ5D("UK-TTO")
    >>> uk.index(11111), round(uk.index(33333), 3)  # Dolan (1997): full health 1, the worst state -0.594
    (1.0, -0.594)
    """

    def __init__(self, builtin: Optional[Any] = None, _handle: Optional[Any] = None) -> None:
        self._h = _handle if _handle is not None else _ll.value_eq5d_builtin(builtin)

    @classmethod
    def parse(cls, text: str) -> Any:
        return cls(_handle=_ll.value_eq5d_parse(text))

    @classmethod
    def load(cls, path: Any) -> Any:
        return cls(_handle=_ll.value_eq5d_load(str(path)))

    @property
    def name(self) -> Any:
        return _ll.value_eq5d_name(self._h)

    def index(self, state: Any) -> Any:
        """Utility index of a state given as 11223 or '11223'."""
        return _ll.value_eq5d_index(self._h, int(state))

    def indices(self, states: ArrayLike) -> Any:
        """Utility indices of many states (ints; numpy int32 without a copy), as array('d')."""
        if len(states) and isinstance(states[0], str):
            states = [int(s) for s in states]
        return _ll.value_eq5d_indices(self._h, states, len(states))

    def __repr__(self) -> str:
        return "<EQ5D value set %r>" % ("(closed)" if self._h.closed else self.name)




def qalys(times: ArrayLike, utilities: ArrayLike, interp: str = "linear", discount: float = 0.0, convention: str = "continuous") -> Any:
    """QalyResult(qalys, life_years) of a utility profile.  discount is a
    Discount scheme or an annual rate; convention 'continuous' integrates
    u(t) D(t), 'per_period' discounts each period's QALYs by one factor.

    >>> r = qalys([0, 1, 2], [0.8, 0.6, 0.7])  # trapezoids: 0.70 + 0.65
    >>> round(r.qalys, 12), r.life_years
    (1.35, 2.0)
    """
    if isinstance(discount, Discount):
        return QalyResult(*_ll.value_qaly_profile(times, utilities, choice(_INTERP, interp, "interp"), discount._h,
                                                  choice(_CONVENTIONS, convention, "convention")))
    with Discount(discount) as d:
        return qalys(times, utilities, interp, d, convention)
