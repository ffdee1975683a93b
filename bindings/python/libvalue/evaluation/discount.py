# SPDX-License-Identifier: GPL-3.0-or-later
"""Discounting money and health over time (C module: lib/evaluation/discount.c)."""

from typing import Any, List, Sequence, Tuple

from .. import _lowlevel as _ll
from .._support import ArrayLike, HandleOwner, choice, vector

__all__ = ["Discount", "pv", "irr"]

_TIMING_NAMES = {v: k for k, v in _ll.value_discount_timing.items()}


def _timing(timing: str) -> int:
    return choice(_ll.value_discount_timing, timing, "timing")


class Discount(HandleOwner):
    """A discount scheme: an annual rate (optionally stepping down from given
    years on, as in the HM Treasury Green Book), the timing of flows within
    each period ('end', 'start' or 'mid'), and periods per year.

    >>> with Discount(0.035) as d:
    ...     round(d.pv([1000, 1000, 1000]), 2)
    2801.64
    >>> Discount(0.035, steps=[(30, 0.03), (75, 0.025)])
    <Discount: 0.035 a year, flows at the end of each period, 1 period a year; from year 30: 0.03; from year 75: 0.025>
    """

    def __init__(self, rate: float, timing: str = "end", periods_per_year: int = 1,
                 steps: Sequence[Tuple[float, float]] = ()) -> None:
        self._h = _ll.value_discount_new(rate)
        self._steps: List[Tuple[float, float]] = []
        try:
            _ll.value_discount_set(self._h, _ll.VALUE_DISCOUNT_TIMING, _timing(timing))
            _ll.value_discount_set(self._h, _ll.VALUE_DISCOUNT_PERIODS_PER_YEAR, periods_per_year)
            for from_year, step_rate in steps:
                self.add_step(from_year, step_rate)
        except BaseException:
            self._h.close()
            raise

    @property
    def rate(self) -> float:
        """The annual rate from year 0 until the first step.

        >>> Discount(0.03).rate
        0.03
        """
        return float(_ll.value_discount_get(self._h, _ll.VALUE_DISCOUNT_RATE))

    @rate.setter
    def rate(self, value: float) -> None:
        _ll.value_discount_set(self._h, _ll.VALUE_DISCOUNT_RATE, value)

    @property
    def timing(self) -> str:
        """'end', 'start' or 'mid'.

        >>> Discount(0.03, timing="mid").timing
        'mid'
        """
        return _TIMING_NAMES[int(_ll.value_discount_get(self._h, _ll.VALUE_DISCOUNT_TIMING))]

    @timing.setter
    def timing(self, value: str) -> None:
        _ll.value_discount_set(self._h, _ll.VALUE_DISCOUNT_TIMING, _timing(value))

    @property
    def periods_per_year(self) -> int:
        """Periods per year (12: monthly flows).

        >>> Discount(0.03, periods_per_year=12).periods_per_year
        12
        """
        return int(_ll.value_discount_get(self._h, _ll.VALUE_DISCOUNT_PERIODS_PER_YEAR))

    @property
    def steps(self) -> List[Tuple[float, float]]:
        """The (from_year, rate) steps, in the order added."""
        return list(self._steps)

    def add_step(self, from_year: float, rate: float) -> None:
        """Use `rate` from `from_year` on (declining-rate schedules).

        >>> d = Discount(0.035); d.add_step(30, 0.03); d.steps
        [(30, 0.03)]
        """
        _ll.value_discount_add_step(self._h, from_year, rate)
        self._steps.append((from_year, rate))

    def factor(self, t: float) -> float:
        """The discount factor at time t (years).

        >>> round(Discount(0.05).factor(2), 6)  # 1 / 1.05^2
        0.907029
        """
        return float(_ll.value_discount_factor(self._h, t))

    def factors(self, n: int) -> Any:
        """Discount factors of the first n periods (a numpy array, or a list
        without numpy).

        >>> [round(float(f), 4) for f in Discount(0.1).factors(2)]
        [0.9091, 0.8264]
        """
        return vector(_ll.value_discount_factors(self._h, n))

    def pv(self, flows: ArrayLike) -> float:
        """Present value of flows, one per period (a list, numpy array,
        pandas Series or any buffer of doubles).

        >>> round(Discount(0.1).pv([110, 121]), 6)
        200.0
        """
        return float(_ll.value_discount_pv(self._h, flows))

    def __repr__(self) -> str:
        if self._h.closed:
            return "<Discount (closed)>"
        per = self.periods_per_year
        text = "<Discount: %r a year, flows at the %s of each period, %d period%s a year" % (
            self.rate, {"end": "end", "start": "start", "mid": "middle"}[self.timing], per, "" if per == 1 else "s")
        for from_year, rate in self._steps:
            text += "; from year %g: %r" % (from_year, rate)
        return text + ">"


def pv(flows: ArrayLike, rate: float, timing: str = "end") -> float:
    """Present value of yearly flows at one constant rate; timing 'end' is a
    spreadsheet's NPV.

    >>> round(pv([-10000, 3000, 4200, 6800], 0.10), 4)
    1188.4434
    """
    return float(_ll.value_discount_pv_rate(flows, rate, _timing(timing)))


def irr(flows: ArrayLike) -> float:
    """Internal rate of return per period; the flows must change sign once.

    >>> round(irr([-100, 110]), 12)
    0.1
    """
    return float(_ll.value_discount_irr(flows))
