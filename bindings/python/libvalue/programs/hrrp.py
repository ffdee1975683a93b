# SPDX-License-Identifier: GPL-3.0-or-later
"""The Hospital Readmissions Reduction Program (42 CFR 412.152-412.154; C
module lib/programs/hrrp.c): excess readmission ratios, one hospital's payment
adjustment factor by the non-stratified method (FY 2013-2018) or the
stratified method (FY 2019 on), and the whole program (peer groups by dual
proportion quintile, peer-group median ERRs, the neutrality modifier and
every hospital's factor).

Conditions are named 'ami', 'hf', 'pn', 'copd', 'tha_tka', 'cabg' (or given
as the VALUE_HRRP_* numbers).  Money is in dollars; factors are rounded to 4
decimals as CMS publishes them.

>>> r = factor_nonstratified(2015, ["ami", "hf"], [1.10, 0.95], [100, 200], [1e6, 2e6], 1e7)
>>> round(r.ratio, 12), r.factor
(0.99, 0.99)
"""

from typing import Any, Optional
from collections import namedtuple

from .. import _lowlevel as _ll
from .._support import ArrayLike, choice, options, NotFoundError, vector

__all__ = ["CONDITIONS", "excess_readmission_ratio", "factor_nonstratified", "factor_stratified", "program",
           "conditions_in_force", "HospitalFactor", "ProgramResult"]

CONDITIONS = options(_ll.value_hrrp_condition, by_name=True)
_NAMES = {v: k for k, v in CONDITIONS.items()}

HospitalFactor = namedtuple("HospitalFactor", "contribution ratio factor")
HospitalFactor.__doc__ = """One hospital's result: contribution (each condition's share of the
reduction, 0 when not counted), ratio (1 minus their sum, unrounded) and
factor (the payment adjustment factor: the ratio floored, 4 decimals)."""

ProgramResult = namedtuple("ProgramResult",
                           "peer_group ratio factor peer_median contribution neutrality_modifier")
ProgramResult.__doc__ = """The whole program: per hospital peer_group (1-5; 0 before FY 2019),
ratio and factor; per row peer_median (NaN when not counted) and
contribution; and the neutrality_modifier."""


def _codes(conditions: Any) -> Any:
    return [c if isinstance(c, int) else choice(CONDITIONS, c, "condition") for c in conditions]


def conditions_in_force(fiscal_year: int) -> Any:
    """The names of the conditions that count toward the payment adjustment in
    fiscal_year, read from the program's parameter table.

    >>> conditions_in_force(2013)  # AMI, heart failure, pneumonia from FY 2013
    ['ami', 'hf', 'pn']
    """
    names = []
    for name in CONDITIONS:
        try:
            if _ll.value_cms_parameter("hrrp", fiscal_year, name, 0) == 1:
                names.append(name)
        except NotFoundError:
            pass
    return names


def excess_readmission_ratio(fiscal_year: int, predicted: ArrayLike, expected: ArrayLike, discharges: ArrayLike) -> Any:
    """ERR = predicted / expected readmissions of each hospital-condition pair;
    NaN where discharges are below the year's minimum (25).

    >>> import math
    >>> e = excess_readmission_ratio(2014, [30, 9, 10], [25, 10, 8], [100, 25, 24])
    >>> [round(float(v), 12) for v in e[:2]], math.isnan(e[2])  # 30/25, 9/10; under 25 discharges: none
    ([1.2, 0.9], True)
    """
    return vector(_ll.value_hrrp_err(fiscal_year, predicted, expected, discharges, len(predicted)))


def factor_nonstratified(fiscal_year: int, conditions: Any, err: ArrayLike, discharges: ArrayLike, payments: ArrayLike, total_payments: ArrayLike) -> Any:
    """One hospital's payment adjustment factor, FY 2013-2018: each condition's
    ERR, eligible discharges and base operating DRG payments, and the
    hospital's base operating DRG payments for all discharges.

    >>> r = factor_nonstratified(2015, ["ami", "pn"], [1.10, 1.05], [100, 150], [1e6, 1.5e6], 1e7)
    >>> round(r.ratio, 12)  # 1 - (1e6 x 0.10 + 1.5e6 x 0.05) / 1e7
    0.9825
    """
    c, r, f = _ll.value_hrrp_factor_nonstratified(fiscal_year, _codes(conditions), err, discharges, payments,
                                                  total_payments, len(conditions))
    return HospitalFactor(vector(c), r, f)


def factor_stratified(fiscal_year: int, conditions: Any, err: ArrayLike, discharges: ArrayLike, payments: ArrayLike, peer_median: Any, total_payments: ArrayLike,
                      neutrality_modifier: Any) -> Any:
    """One hospital's payment adjustment factor, FY 2019 on, given its peer
    group's median ERR for each condition and the year's neutrality modifier.

    >>> r = factor_stratified(2020, ["ami", "cabg"], [1.08, 1.10], [50, 40], [1e6, 3e6], [1.02, 1.00], 2e7, 0.95)
    >>> round(r.ratio, 12)  # 1 - 0.95 x (1e6 x 0.06 + 3e6 x 0.10) / 2e7
    0.9829
    """
    c, r, f = _ll.value_hrrp_factor_stratified(fiscal_year, _codes(conditions), err, discharges, payments,
                                               peer_median, total_payments, neutrality_modifier, len(conditions))
    return HospitalFactor(vector(c), r, f)


def program(fiscal_year: int, dual_proportion: ArrayLike, total_payments: ArrayLike, hospital: ArrayLike, condition: Any, err: ArrayLike, discharges: ArrayLike, payments: ArrayLike) -> Any:
    """Every hospital's factor for one fiscal year.  Hospitals are numbered
    0..len(total_payments)-1 (dual_proportion and total_payments per
    hospital); rows (hospital, condition, err, discharges, payments) are
    hospital-condition pairs in any order.

    >>> dual = [0.30, 0.05, 0.50, 0.12, 0.22, 0.08, 0.41, 0.18, 0.27, 0.35]
    >>> r = program(2019, dual, [2e7] * 10, list(range(10)), ["ami"] * 10, [1.1] * 10, [100] * 10, [1e6] * 10)
    >>> [int(g) for g in r.peer_group]  # quintiles of the dual proportion: ranks 1-2 group 1, ...
    [4, 1, 5, 2, 3, 1, 5, 2, 3, 4]
    """
    pg, ratio, factor, med, contrib, nm = _ll.value_hrrp_program(
        fiscal_year, dual_proportion, total_payments, hospital, _codes(condition), err, discharges, payments,
        len(total_payments), len(hospital))
    return ProgramResult(list(pg), list(ratio), list(factor), list(med), list(contrib), nm)
