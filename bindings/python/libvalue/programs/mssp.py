# SPDX-License-Identifier: GPL-3.0-or-later
"""The CMS programs' parameters by year, and the Medicare Shared Savings
Program (C: lib/programs/cms.c, lib/programs/mssp.c; 42 CFR part 425).

Tracks are named as in value.h without the VALUE_MSSP_ prefix, in lower
case: 'track_1', 'track_2', 'track_3', 'basic_a' ... 'basic_e', 'enhanced'.
msr_choice None means the track's rule (the population sliding scale, or
Track 2's fixed 2% before 2016); a two-sided ACO's fixed choice is a number
(0, 0.005, 0.01, 0.015, 0.02)."""

from typing import Any, Dict, Optional
from .. import _lowlevel as _ll
from .._support import Rows, choice, options, record, vector
from ..payment.contracts import Contract, Settlement

__all__ = ["cms_years", "cms_parameter", "mssp_contract", "mssp_settle", "mssp_settle_acos", "MSSP_TRACKS"]

MSSP_TRACKS = options(_ll.value_mssp_track, by_name=True)


def cms_years(program: str) -> Any:
    """(first, last) year of a program's parameter table ('mssp', 'hvbp', ...).

    >>> cms_years("mssp")[0]
    2013
    """
    return _ll.value_cms_years(program)


def cms_parameter(program: str, year: int, key: str) -> Any:
    """A parameter in force in a program year: a float, or a list for a table
    (e.g. cms_parameter('mssp', 2014, 'msr')).

    >>> cms_parameter("mssp", 2014, "track1.sharing_rate")  # 42 CFR 425.604(d)
    0.5
    """
    n = _ll.value_cms_parameter_count(program, year, key)
    values = [_ll.value_cms_parameter(program, year, key, i) for i in range(n)]
    return values[0] if n == 1 else values


def _msr(msr_choice: Any) -> Any:
    return -1.0 if msr_choice is None else float(msr_choice)


def mssp_contract(year: int, track: str, msr_choice: Optional[Any] = None, agreement_year: int = 1, quality_score: float = 1.0) -> Any:
    """A Contract with the MSSP's rules of a performance year and track, to
    settle on a Ledger (set benchmark_per_capita, and revenue for BASIC C-E).

    >>> from libvalue import Ledger
    >>> c = mssp_contract(2015, "track_1").set("benchmark_per_capita", 20000)
    >>> ledger = Ledger(1).add([0, 0], [10000.0, 20000.0], [1.0, 1.0], [12.0, 12.0])
    >>> round(c.settle(ledger).final_payment, 6)  # 50% of 10,000 capped at 10% of 40,000, less 2%
    3920.0
    """
    h = _ll.value_mssp_contract(year, choice(MSSP_TRACKS, track, "track"), _msr(msr_choice), agreement_year,
                                quality_score)
    kind = "shared_risk" if _ll.value_contract_kind_of(h) == _ll.VALUE_CONTRACT_SHARED_RISK else "shared_savings"
    return Contract._wrap(h, kind)


def mssp_settle(year: int, track: str, assigned_beneficiaries: Any, benchmark: Any, expenditure: Any, quality_score: float = 1.0, msr_choice: Optional[Any] = None,
                agreement_year: int=1, revenue: float=0.0) -> Any:
    """Settle one ACO's performance year from totals (benchmark and
    expenditure in dollars, total); a Settlement with amounts and lines.

    >>> s = mssp_settle(2014, "track_1", 34601, 450902466, 418729017, quality_score=0.916964286)
    >>> round(s.final_payment)  # Palm Beach ACO 2014, CMS's public use file: 14,455,933
    14455933
    """
    return Settlement(_ll.value_mssp_settle(year, choice(MSSP_TRACKS, track, "track"), _msr(msr_choice),
                                            agreement_year, quality_score, assigned_beneficiaries, benchmark,
                                            expenditure, revenue))


def mssp_settle_acos(year: int, acos: Any) -> Any:
    """Settle many ACOs: `acos` is an iterable of dicts (or a pandas
    DataFrame) with keys track, assigned_beneficiaries, benchmark,
    expenditure and optionally quality_score, msr_choice, agreement_year,
    revenue, aco.  Returns a list of dicts: aco, msr, savings, savings_rate,
    sharing_rate, shared, final_payment, explanation (text).

    >>> rows = mssp_settle_acos(2014, [dict(track="track_1", assigned_beneficiaries=34601, benchmark=450902466,
    ...     expenditure=418729017, quality_score=0.916964286, aco="Palm Beach")])
    >>> rows[0]["aco"], round(rows[0]["final_payment"])
    ('Palm Beach', 14455933)
    """
    rows = acos.to_dict("records") if hasattr(acos, "to_dict") else acos
    out: Rows[Dict[str, Any]] = Rows(index="aco", title="ACO")
    for i, r in enumerate(rows):
        s = mssp_settle(year, r["track"], r["assigned_beneficiaries"], r["benchmark"], r["expenditure"],
                        r.get("quality_score", 1.0), r.get("msr_choice"), r.get("agreement_year", 1),
                        r.get("revenue", 0.0))
        a = s.amounts
        out.append({"aco": r.get("aco", i), "msr": a["msr"], "savings": a["savings"],
                    "savings_rate": a["savings_rate"], "sharing_rate": a["sharing_rate"],
                    "shared": a["shared_after_cap"], "final_payment": a["final_payment"],
                    "explanation": s.explain()})
    return out
