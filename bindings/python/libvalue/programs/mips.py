# SPDX-License-Identifier: GPL-3.0-or-later
"""MIPS: payment adjustment factors from clinicians' final scores
(C module: lib/programs/mips.c; 42 CFR 414.1405).

A final score in [0, 100] for a performance year becomes a factor on
Medicare Part B payments in the payment year two years later: -A up to a
quarter of the performance threshold T, linear to 0 at T (the regulation's
line from -A at 0), linear from 0 at T to A at 100 times the scaling
factor k, plus (performance years 2017-2022) the exceptional performance
adjustment, 0.5% at the additional threshold to 10% at 100, times its
scaling factor kx.  Factors are fractions: -0.09 is a 9% reduction.

>>> round(mips_adjustment(2022, [0, 75, 100], 1.0, 1.0)[2], 6)
0.19
"""

from typing import Any, Optional
from collections import namedtuple

from .. import _lowlevel as _ll
from .._support import ArrayLike, EINVAL, InvalidArgumentError, Rows, vector

__all__ = ["mips_adjustment", "mips_components", "MipsComponents", "mips_published_scaling"]

MipsComponents = namedtuple("MipsComponents", "final_score negative positive exceptional factor")


def mips_published_scaling(performance_year: int) -> Any:
    """(scaling factor, exceptional scaling factor) implied by CMS's
    announced maximum adjustment for the year; NotFoundError where the
    library's table has no such figure or the year had the exceptional
    adjustment (its maximum does not split into the two factors).

    >>> k, kx = mips_published_scaling(2024)  # CMS, payment year 2026: +1.05% at 100 of a 9% maximum
    >>> round(k * 0.09, 12), kx
    (0.0105, 0.0)
    """
    return _ll.value_mips_published_scaling(performance_year)


def _factors(performance_year: int, scaling_factor: Any, exceptional_scaling_factor: Any) -> Any:
    if scaling_factor is not None:
        return scaling_factor, exceptional_scaling_factor
    if exceptional_scaling_factor != 0:
        raise InvalidArgumentError(EINVAL, "exceptional_scaling_factor is given but scaling_factor is None: "
                                   "pass both, or neither to use the published ones")
    return mips_published_scaling(performance_year)


def mips_adjustment(performance_year: int, final_scores: ArrayLike, scaling_factor: Optional[Any] = None, exceptional_scaling_factor: float = 0.0) -> Any:
    """The MIPS payment adjustment factor of each clinician (a list of
    fractions).  scaling_factor in [0, 3]; exceptional_scaling_factor in
    [0, 1], and 0 after performance year 2022.  scaling_factor None uses
    mips_published_scaling(performance_year).

    >>> [round(float(v), 12) for v in mips_adjustment(2022, [0, 37.5, 75, 100], 1.0, 1.0)]  # T = 75, A = 9%
    [-0.09, -0.045, 0.0, 0.19]
    """
    k, kx = _factors(performance_year, scaling_factor, exceptional_scaling_factor)
    return vector(_ll.value_mips_adjustment(performance_year, final_scores, k, kx, len(final_scores)))


def mips_components(performance_year: int, final_scores: ArrayLike, scaling_factor: Optional[Any] = None, exceptional_scaling_factor: float = 0.0) -> Any:
    """One MipsComponents per clinician: the negative part, the positive part
    after the scaling factor, the exceptional performance adjustment after
    its scaling factor, and the factor (their sum), for explanation.

    >>> r = mips_components(2017, [1.5, 85], 1.5, 0.2)  # T = 3, Tx = 70, A = 4%
    >>> round(r[0].negative, 12), round(r[1].exceptional, 12)  # -4% x 1.5/3; 0.2 x (0.5% + 9.5% x 15/30)
    (-0.02, 0.0105)
    """
    k, kx = _factors(performance_year, scaling_factor, exceptional_scaling_factor)
    n = len(final_scores)
    neg, pos, ex = _ll.value_mips_components(performance_year, final_scores, k, kx, n)
    factor = _ll.value_mips_adjustment(performance_year, final_scores, k, kx, n)
    return Rows([MipsComponents(final_scores[i], neg[i], pos[i], ex[i], factor[i]) for i in range(n)])
