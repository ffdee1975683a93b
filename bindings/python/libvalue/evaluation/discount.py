# SPDX-License-Identifier: GPL-3.0-or-later
"""Discounting money and health over time (C module: lib/evaluation/discount.c)."""

from .. import _lowlevel as _ll
from .._support import HandleOwner, choice

__all__ = ["Discount", "pv", "irr"]

_TIMING_NAMES = {v: k for k, v in _ll.value_discount_timing.items()}


def _timing(timing):
    return choice(_ll.value_discount_timing, timing, "timing")


class Discount(HandleOwner):
    """A discount scheme: an annual rate (optionally stepping down from given
    years on, as in the HM Treasury Green Book), the timing of flows within
    each period ('end', 'start' or 'mid'), and periods per year.

    >>> with Discount(0.035) as d:
    ...     round(d.pv([1000, 1000, 1000]), 2)
    2801.64
    """

    def __init__(self, rate, timing="end", periods_per_year=1, steps=()):
        self._h = _ll.value_discount_new(rate)
        try:
            _ll.value_discount_set(self._h, _ll.VALUE_DISCOUNT_TIMING, _timing(timing))
            _ll.value_discount_set(self._h, _ll.VALUE_DISCOUNT_PERIODS_PER_YEAR, periods_per_year)
            for from_year, step_rate in steps:
                _ll.value_discount_add_step(self._h, from_year, step_rate)
        except BaseException:
            self._h.close()
            raise

    @property
    def rate(self):
        """The annual rate from year 0 until the first step."""
        return _ll.value_discount_get(self._h, _ll.VALUE_DISCOUNT_RATE)

    @rate.setter
    def rate(self, value):
        _ll.value_discount_set(self._h, _ll.VALUE_DISCOUNT_RATE, value)

    @property
    def timing(self):
        """'end', 'start' or 'mid'."""
        return _TIMING_NAMES[int(_ll.value_discount_get(self._h, _ll.VALUE_DISCOUNT_TIMING))]

    @timing.setter
    def timing(self, value):
        _ll.value_discount_set(self._h, _ll.VALUE_DISCOUNT_TIMING, _timing(value))

    @property
    def periods_per_year(self):
        return int(_ll.value_discount_get(self._h, _ll.VALUE_DISCOUNT_PERIODS_PER_YEAR))

    def add_step(self, from_year, rate):
        """Use `rate` from `from_year` on (declining-rate schedules)."""
        _ll.value_discount_add_step(self._h, from_year, rate)

    def factor(self, t):
        """The discount factor at time t (years)."""
        return _ll.value_discount_factor(self._h, t)

    def factors(self, n):
        """Discount factors of the first n periods, as array('d')."""
        return _ll.value_discount_factors(self._h, n)

    def pv(self, flows):
        """Present value of flows, one per period (any buffer of doubles or sequence)."""
        return _ll.value_discount_pv(self._h, flows)

    def __repr__(self):
        if self._h.closed:
            return "<Discount (closed)>"
        return "<Discount rate=%g timing=%s periods_per_year=%d>" % (self.rate, self.timing, self.periods_per_year)


def pv(flows, rate, timing="end"):
    """Present value of yearly flows at one constant rate; timing 'end' is a
    spreadsheet's NPV."""
    return _ll.value_discount_pv_rate(flows, rate, _timing(timing))


def irr(flows):
    """Internal rate of return per period; the flows must change sign once."""
    return _ll.value_discount_irr(flows)
