# SPDX-License-Identifier: GPL-3.0-or-later
"""The CMS programs' parameters by year, and the Medicare Shared Savings
Program (C: lib/programs/cms.c, lib/programs/mssp.c; 42 CFR part 425).

Tracks are named as in value.h without the VALUE_MSSP_ prefix, in lower
case: 'track_1', 'track_2', 'track_3', 'basic_a' ... 'basic_e', 'enhanced',
'track_1_plus'.  msr_choice None means the track's rule (the population
sliding scale, or Track 2's fixed 2% before 2016); a two-sided ACO's fixed
choice is a number (0, 0.005, 0.01, 0.015, 0.02).

The ACO's further terms (value.h's value_mssp_term, by name: quality_met,
quality_threshold, euc_months_share, euc_beneficiary_share,
benchmark_based_limit, period, termination_month, terminated_by_cms) are
keyword arguments; None leaves a term unset (the
C library's default: circumstances shares take the year's COVID-19 default).
period is 2019's performance year by name (value_mssp_period: 'year',
'jan_jun', 'jul_dec'): a 6-month one is settled on the calendar year's totals
and its shared savings or losses pro-rated by 6/12 (42 CFR 425.609).
termination_month (from 2020) is the last month of an agreement terminated
during the year (no shared savings before December; losses pro-rated,
42 CFR 425.221(b)), terminated_by_cms 1 when CMS terminated it.
Given any of them, or Track 1+, the settlement goes through the C terms
handle (value_mssp_terms_*), where quality_score is the year's score as the
C library reads it (a share in [0, 1]: 2021-2022 compared with
quality_threshold; from 2021 it also scales the loss rate of Tracks 2, 3 and
ENHANCED, so losses owed there need it) and revenue 0 means not given."""

from typing import Any, Dict, Optional
from .. import _lowlevel as _ll
from .._support import Rows, choice, options, record, vector
from ..payment.contracts import Contract, Settlement

__all__ = ["cms_years", "cms_parameter", "mssp_contract", "mssp_settle", "mssp_settle_acos", "mssp_generated",
           "MSSP_TRACKS", "MSSP_TERMS", "MSSP_PERIODS"]

MSSP_TRACKS = options(_ll.value_mssp_track, by_name=True)
MSSP_TERMS = options(_ll.value_mssp_term)
MSSP_PERIODS = options(_ll.value_mssp_period)
# the terms only the handle takes
_EXTRA = ("quality_met", "quality_threshold", "euc_months_share", "euc_beneficiary_share", "benchmark_based_limit",
          "period", "termination_month", "terminated_by_cms")


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


def _terms(year: int, track: str, terms: Dict[str, Any]) -> Any:
    """A C value_mssp_terms handle with the terms that are not None set."""
    t = _ll.value_mssp_terms_new(year, choice(MSSP_TRACKS, track, "track"))
    for name, v in terms.items():
        if v is not None:
            if name == "period":
                v = choice(MSSP_PERIODS, v, "period")
            _ll.value_mssp_terms_set(t, choice(MSSP_TERMS, name, "term"), float(v))
    return t


def _use_terms(track: str, extra: Dict[str, Any]) -> bool:
    return track == "track_1_plus" or any(v is not None for v in extra.values())


def mssp_contract(year: int, track: str, msr_choice: Optional[Any] = None, agreement_year: int = 1,
                  quality_score: Optional[float] = 1.0, **terms: Any) -> Any:
    """A Contract with the MSSP's rules of a performance year and track, to
    settle on a Ledger (set benchmark_per_capita, and revenue for BASIC C-E).
    Further terms by name (quality_met, benchmark_based_limit, ...).

    >>> from libvalue import Ledger
    >>> c = mssp_contract(2015, "track_1").set("benchmark_per_capita", 20000)
    >>> ledger = Ledger(1).add([0, 0], [10000.0, 20000.0], [1.0, 1.0], [12.0, 12.0])
    >>> round(c.settle(ledger).final_payment, 6)  # 50% of 10,000 capped at 10% of 40,000, less 2%
    3920.0
    """
    if _use_terms(track, terms):
        t = _terms(year, track, dict(msr_choice=_msr(msr_choice), agreement_year=agreement_year,
                                     quality_score=quality_score, **terms))
        h = _ll.value_mssp_terms_contract(t)
    else:
        h = _ll.value_mssp_contract(year, choice(MSSP_TRACKS, track, "track"), _msr(msr_choice), agreement_year,
                                    1.0 if quality_score is None else quality_score)
    kind = "shared_risk" if _ll.value_contract_kind_of(h) == _ll.VALUE_CONTRACT_SHARED_RISK else "shared_savings"
    return Contract._wrap(h, kind)


def mssp_settle(year: int, track: str, assigned_beneficiaries: Any, benchmark: Any, expenditure: Any,
                quality_score: Optional[float] = 1.0, msr_choice: Optional[Any] = None, agreement_year: int = 1,
                revenue: Optional[float] = 0.0, quality_met: Optional[float] = None,
                quality_threshold: Optional[float] = None, euc_months_share: Optional[float] = None,
                euc_beneficiary_share: Optional[float] = None, benchmark_based_limit: Optional[float] = None,
                period: Optional[str] = None, termination_month: Optional[int] = None,
                terminated_by_cms: Optional[int] = None) -> Any:
    """Settle one ACO's performance year from totals (benchmark and
    expenditure in dollars, total); a Settlement with amounts and lines.
    For 2019's 6-month performance years give period ('jan_jun', 'jul_dec')
    and the calendar year's totals.

    >>> s = mssp_settle(2014, "track_1", 34601, 450902466, 418729017, quality_score=0.916964286)
    >>> round(s.final_payment)  # Palm Beach ACO 2014, CMS's public use file: 14,455,933
    14455933
    >>> s = mssp_settle(2021, "enhanced", 20000, 100e6, 106e6, quality_score=0.9, quality_met=1,
    ...                 euc_months_share=0.25, euc_beneficiary_share=0.5)
    >>> round(s.final_payment)  # 1 - 75% x 0.9 -> floor 40% of 6M owed, reduced by 25% x 50%
    -2100000
    >>> s = mssp_settle(2019, "basic_a", 10000, 50e6, 45e6, period="jul_dec")
    >>> round(s.final_payment)  # 40% of 5M = 2M, x 6/12, x 0.98
    980000
    >>> s = mssp_settle(2022, "enhanced", 20000, 100e6, 106e6, msr_choice=0.02, quality_met=1, quality_score=0.9,
    ...                 euc_months_share=0, termination_month=9)
    >>> round(s.final_payment)  # 40% of 6M = 2.4M, the ACO left after June: x 9/12
    -1800000
    """
    extra = dict(quality_met=quality_met, quality_threshold=quality_threshold, euc_months_share=euc_months_share,
                 euc_beneficiary_share=euc_beneficiary_share, benchmark_based_limit=benchmark_based_limit,
                 period=period, termination_month=termination_month, terminated_by_cms=terminated_by_cms)
    if not _use_terms(track, extra):
        return Settlement(_ll.value_mssp_settle(year, choice(MSSP_TRACKS, track, "track"), _msr(msr_choice),
                                                agreement_year, 1.0 if quality_score is None else quality_score,
                                                assigned_beneficiaries, benchmark, expenditure,
                                                0.0 if revenue is None else revenue))
    t = _terms(year, track, dict(msr_choice=_msr(msr_choice), agreement_year=agreement_year,
                                 quality_score=quality_score, revenue=revenue or None, **extra))
    return Settlement(_ll.value_mssp_terms_settle(t, assigned_beneficiaries, benchmark, expenditure))


def mssp_generated(settlement: Any) -> float:
    """The generated savings (> 0) or losses (< 0) of an MSSP settlement, as
    CMS's public use files report them (GenSaveLoss): the savings or losses
    when the MSR or MLR is met, else 0.  The earned amount is final_payment.

    >>> round(mssp_generated(mssp_settle(2014, "track_1", 34601, 450902466, 418729017, quality_score=0.9)))
    32173449
    """
    return float(_ll.value_mssp_generated(settlement._h))


def _given(v: Any) -> Any:
    """None for a missing value (None or NaN, as a DataFrame holds it)."""
    return None if v is None or (isinstance(v, float) and v != v) else v


def mssp_settle_acos(year: int, acos: Any) -> Any:
    """Settle many ACOs: `acos` is an iterable of dicts (or a pandas
    DataFrame) with keys track, assigned_beneficiaries, benchmark,
    expenditure and optionally quality_score, msr_choice, agreement_year,
    revenue, aco and the further terms (quality_met, quality_threshold,
    euc_months_share, euc_beneficiary_share, benchmark_based_limit, period,
    termination_month, terminated_by_cms;
    None or NaN: not set).  Returns a list of dicts: aco, msr, savings, savings_rate,
    sharing_rate, shared, generated, final_payment, explanation (text).

    >>> rows = mssp_settle_acos(2014, [dict(track="track_1", assigned_beneficiaries=34601, benchmark=450902466,
    ...     expenditure=418729017, quality_score=0.916964286, aco="Palm Beach")])
    >>> rows[0]["aco"], round(rows[0]["final_payment"])
    ('Palm Beach', 14455933)
    """
    rows = acos.to_dict("records") if hasattr(acos, "to_dict") else acos
    out: Rows[Dict[str, Any]] = Rows(index="aco", title="ACO")
    for i, r in enumerate(rows):
        extra = {k: _given(r.get(k)) for k in _EXTRA}
        s = mssp_settle(year, r["track"], r["assigned_beneficiaries"], r["benchmark"], r["expenditure"],
                        _given(r.get("quality_score", 1.0)), _given(r.get("msr_choice")), r.get("agreement_year", 1),
                        _given(r.get("revenue", 0.0)), **extra)
        a = s.amounts
        out.append({"aco": r.get("aco", i), "msr": a["msr"], "savings": a["savings"],
                    "savings_rate": a["savings_rate"], "sharing_rate": a["sharing_rate"],
                    "shared": a["shared_after_cap"], "generated": mssp_generated(s),
                    "final_payment": a["final_payment"], "explanation": s.explain()})
    return out
