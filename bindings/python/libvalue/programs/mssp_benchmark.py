# SPDX-License-Identifier: GPL-3.0-or-later
"""The MSSP benchmark arithmetic (C: lib/programs/mssp_benchmark.c; 42 CFR
425.601-.603, 425.652-.656): trend and update factor blends, benchmark
year weights, the historical benchmark, the regional adjustment, the capped
risk ratio and the updated benchmark, over the four enrollment types.

The enrollment types are named as value.h's value_mssp_enrollment without
its prefix, in lower case: 'esrd', 'disabled', 'aged_dual', 'aged_nondual'
(MSSP_ENROLLMENT, in value.h's order).  A per-type input is a mapping (dict
or pandas Series) keyed by those names, or a sequence of four in that
order; a table of several per-type columns is a pandas DataFrame indexed by
the names (or by 0-3 in order) or a mapping of such columns.  Per-type
results are dicts keyed by the names, so they feed the next step."""

from typing import Any, Dict, List, Mapping, Sequence
from .. import _lowlevel as _ll
from .._support import EINVAL, InvalidArgumentError, options, record, unknown_name

__all__ = ["MSSP_ENROLLMENT", "mssp_benchmark_blend", "mssp_benchmark_year_weights", "mssp_benchmark_historical",
           "mssp_benchmark_regional", "mssp_benchmark_risk_ratio", "mssp_benchmark_risk_ratio_continuity",
           "mssp_benchmark_update"]

MSSP_ENROLLMENT = options(_ll.value_mssp_enrollment)
_TYPES = list(MSSP_ENROLLMENT)

HistoricalBenchmark = record("HistoricalBenchmark", "by_type benchmark",
                             "The historical benchmark: by_type (dict by enrollment type) and benchmark (the BY3 mix).")
RegionalAdjustment = record("RegionalAdjustment", "by_type weight",
                            "The regional adjustment: by_type (dollars per capita) and the weight applied.")
UpdatedBenchmark = record("UpdatedBenchmark", "by_type benchmark",
                          "The updated benchmark: by_type and benchmark (the performance year's mix).")


def _by_type(x: Any, name: str) -> Any:
    """A per-type input in value.h's order: a mapping or labelled Series is
    reordered by name (every type once), a sequence passes as it is."""
    if hasattr(x, "index") and hasattr(x, "to_dict") and all(isinstance(k, str) for k in x.index):
        x = x.to_dict()
    elif hasattr(x, "to_numpy"):
        return x.to_numpy(dtype="float64")
    if isinstance(x, Mapping):
        for k in x:
            if k not in MSSP_ENROLLMENT:
                raise unknown_name("enrollment type in %s" % name, k, _TYPES)
        missing = [t for t in _TYPES if t not in x]
        if missing:
            raise InvalidArgumentError(EINVAL, "%s has no %s" % (name, ", ".join(repr(t) for t in missing)))
        return [x[t] for t in _TYPES]
    return x


def _column(table: Any, key: str, what: str) -> Any:
    try:
        return table[key]
    except (KeyError, IndexError, TypeError):
        cols = [str(c) for c in getattr(table, "columns", table)]
        raise unknown_name("column", key, cols) if cols else InvalidArgumentError(
            EINVAL, "%s has no column %r" % (what, key)) from None


def _columns(table: Any, names: Sequence[str], what: str, defaults: Mapping[str, Any] = {}) -> List[Any]:
    cols = [str(c) for c in getattr(table, "columns", table)]
    for c in cols:
        if c not in names:
            raise unknown_name("column of %s" % what, c, names)
    return [_by_type(defaults[n] if n in defaults and n not in cols else _column(table, n, what), n) for n in names]


def _named(v: Any) -> Dict[str, float]:
    return {t: float(x) for t, x in zip(_TYPES, v)}


def mssp_benchmark_blend(national: Any, regional: Any, national_weight: Any) -> Dict[str, float]:
    """National and regional trend or update factors blended with the
    national weight of each enrollment type (the ACO's share of the type's
    assignable beneficiaries in its regional service area; 425.601(a)(5),
    (b)); national_weight by type, or one number for all four.

    >>> f = mssp_benchmark_blend([1.02, 1.03, 1.01, 1.04], [1.05, 1.00, 1.02, 1.01], 0.3)
    >>> round(f["esrd"], 12), round(f["aged_nondual"], 12)  # 0.3 x 1.02 + 0.7 x 1.05; 0.312 + 0.707
    (1.041, 1.019)
    >>> f = mssp_benchmark_blend([1, 1, 1.047, 1], [1, 1, 1.083, 1], [1, 1, 0.767, 1])
    >>> round(f["aged_dual"], 3)  # CMS's Specifications v11, 4.1.2 step 2
    1.055
    """
    nat, reg = _by_type(national, "national"), _by_type(regional, "regional")
    w = _by_type([national_weight] * len(_TYPES) if isinstance(national_weight, (int, float)) else national_weight,
                 "national_weight")
    return _named(_ll.value_mssp_benchmark_blend(nat, reg, w, len(_TYPES)))


def mssp_benchmark_year_weights(agreement_start_year: int, agreement_period: int = 1) -> List[float]:
    """The weights of benchmark years 1-3 for an agreement period (1 the
    ACO's first): 10/30/60, or equal in rebased benchmarks of 2016-2018.

    >>> mssp_benchmark_year_weights(2014)
    [0.1, 0.3, 0.6]
    >>> [round(w, 6) for w in mssp_benchmark_year_weights(2017, 2)]
    [0.333333, 0.333333, 0.333333]
    """
    return [float(w) for w in _ll.value_mssp_benchmark_year_weights(agreement_start_year, agreement_period, 3)]


_HIST = ("expenditure_by1", "expenditure_by2", "expenditure_by3", "risk_by1", "risk_by2", "risk_by3", "trend_by1",
         "trend_by2", "persons_by3")


def mssp_benchmark_historical(data: Any, year_weights: Sequence[float]) -> Any:
    """The historical benchmark by enrollment type and its BY3 mix, from a
    table by type with columns expenditure_by1-3 (per capita, truncated),
    risk_by1-3 (CMS-HCC), trend_by1-2 (to BY3) and persons_by3.

    >>> data = {"expenditure_by1": [60000, 12000, 15000, 9000], "expenditure_by2": [62000, 12500, 15500, 9400],
    ...         "expenditure_by3": [65000, 13000, 16000, 10000], "risk_by1": [1.00, 1.10, 1.20, 0.95],
    ...         "risk_by2": [1.02, 1.10, 1.25, 1.00], "risk_by3": [1.05, 1.21, 1.25, 1.00],
    ...         "trend_by1": [1.08, 1.06, 1.05, 1.04], "trend_by2": [1.04, 1.03, 1.02, 1.02],
    ...         "persons_by3": [100, 400, 500, 4000]}
    >>> h = mssp_benchmark_historical(data, mssp_benchmark_year_weights(2014))
    >>> round(h.by_type["disabled"], 6), round(h.benchmark, 4)  # 1399.2 + 4248.75 + 7800
    (13447.95, 11877.8678)
    """
    x1, x2, x3, r1, r2, r3, t1, t2, p3 = _columns(data, _HIST, "data")
    out_type, total = _ll.value_mssp_benchmark_historical(x1, x2, x3, r1, r2, r3, t1, t2, p3, year_weights,
                                                          len(_TYPES))
    return HistoricalBenchmark(_named(out_type), float(total))


def mssp_benchmark_regional(agreement_start_year: int, agreement_period: int, data: Any,
                            offset: float = 0.0) -> Any:
    """The regional adjustment by enrollment type (425.603, 425.601(a)(8),
    425.656) from a table by type with columns benchmark (historical),
    regional and national (per capita FFS expenditure) and persons (BY3
    person-years); offset: 425.656's factor, from 2024.

    >>> data = {"benchmark": [65000, 13000, 16000, 10000], "regional": [75000, 13500, 17000, 10400],
    ...         "national": [80000, 12000, 15000, 10000], "persons": [100, 400, 500, 4000]}
    >>> a = mssp_benchmark_regional(2019, 3, data)  # 50% of 10000 capped at 5% of 80000
    >>> a.weight, a.by_type["esrd"], a.by_type["disabled"]
    (0.5, 4000.0, 250.0)
    """
    b, g, nat, p = _columns(data, ("benchmark", "regional", "national", "persons"), "data")
    adj, weight = _ll.value_mssp_benchmark_regional(agreement_start_year, agreement_period, b, g, nat, p, offset,
                                                    len(_TYPES))
    return RegionalAdjustment(_named(adj), float(weight))


def mssp_benchmark_risk_ratio(agreement_start_year: int, risk_by3: Any, risk_py: Any) -> Dict[str, float]:
    """The performance year's risk ratio by enrollment type, a rise
    capped at 3% of BY3 (agreement periods from 2019; 425.605(a)(1),
    425.610(a)(2)); a fall passes in full.

    >>> r = mssp_benchmark_risk_ratio(2019, [1.00, 1.20, 1.10, 0.90], [1.05, 1.14, 1.12, 0.90])
    >>> round(r["esrd"], 12), round(r["disabled"], 12)  # 1.05 -> 1.03; 0.95 not capped
    (1.03, 0.95)
    """
    return _named(_ll.value_mssp_benchmark_risk_ratio(agreement_start_year, _by_type(risk_by3, "risk_by3"),
                                                      _by_type(risk_py, "risk_py"), len(_TYPES)))


_CONTINUITY = ("persons_new", "hcc_ref_new", "hcc_py_new", "persons_continuing", "hcc_ref_continuing",
               "hcc_py_continuing", "demo_ref_continuing", "demo_py_continuing")


def mssp_benchmark_risk_ratio_continuity(agreement_start_year: int, data: Any) -> Dict[str, float]:
    """The performance year's risk ratio by enrollment type of agreement
    periods beginning 2012-2018 (425.604(a)): newly assigned beneficiaries
    by CMS-HCC, continuously assigned ones by demographics unless their
    CMS-HCC score fell, mixed by person-years; from a table by type with
    columns persons_new, hcc_ref_new, hcc_py_new, persons_continuing,
    hcc_ref_continuing, hcc_py_continuing, demo_ref_continuing,
    demo_py_continuing (ref: the scores CMS compares with).

    >>> r = mssp_benchmark_risk_ratio_continuity(2014, {
    ...     "persons_new": [20, 50, 0, 0], "hcc_ref_new": [1, 1.25, 1, 1], "hcc_py_new": [1.1, 1.2, 1, 1],
    ...     "persons_continuing": [80, 150, 100, 0], "hcc_ref_continuing": [1, 1, 1, 1],
    ...     "hcc_py_continuing": [1.05, 0.95, 1, 1], "demo_ref_continuing": [1, 1, 1, 1],
    ...     "demo_py_continuing": [1.02, 1.03, 0.98, 1.2]})
    >>> round(r["esrd"], 12), round(r["disabled"], 12)  # (22 + 81.6) / 100; (48 + 142.5) / 200
    (1.036, 0.9525)
    """
    a, b, c, d, e, f, g, h = _columns(data, _CONTINUITY, "data")
    return _named(_ll.value_mssp_benchmark_risk_ratio_continuity(agreement_start_year, a, b, c, d, e, f, g, h,
                                                                 len(_TYPES)))


_UPDATE = ("benchmark", "adjustment", "risk_ratio", "update_factor", "update_dollars", "persons_py")


def mssp_benchmark_update(data: Any) -> Any:
    """The updated benchmark by enrollment type and its performance-year
    mix, (benchmark + adjustment) x risk_ratio x update_factor +
    update_dollars, from a table by type with columns benchmark, risk_ratio,
    persons_py and optionally adjustment (default 0), update_factor (from
    2019; default 1) and update_dollars (before 2019; default 0).

    >>> u = mssp_benchmark_update({"benchmark": [65000, 13000, 16000, 10000], "risk_ratio": [1.02, 0.99, 1.01, 1],
    ...     "update_dollars": [2000, 300, 350, 250], "persons_py": [120, 380, 520, 3980]})
    >>> u.by_type["esrd"], round(u.benchmark, 6)  # 65000 x 1.02 + 2000
    (68300.0, 12516.16)
    """
    cols = _columns(data, _UPDATE, "data",
                    {"adjustment": [0.0] * len(_TYPES), "update_factor": [1.0] * len(_TYPES),
                     "update_dollars": [0.0] * len(_TYPES)})
    b, a, r, f, d, q = cols
    out_type, total = _ll.value_mssp_benchmark_update(b, a, r, f, d, q, len(_TYPES))
    return UpdatedBenchmark(_named(out_type), float(total))
