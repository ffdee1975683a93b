# SPDX-License-Identifier: GPL-3.0-or-later
"""Hospital Value-Based Purchasing (42 CFR 412.160-412.167; C module
lib/programs/hvbp.c): measure points, HCAHPS consistency points, domain scores,
the Total Performance Score and the linear exchange function, for many
hospitals per call.

Rates that are not available are NaN (None is accepted in lists); results
that cannot be computed are NaN.  Fiscal-year parameters (withhold, domain
weights, minimums, FY2024 performance standards) come from the library's
table "hvbp" (see parameter()).  Domains are named 'clinical_outcomes',
'person_engagement', 'safety', 'efficiency' and 'clinical_process'."""

from typing import Any, Optional
from collections import namedtuple

from .. import _lowlevel as _ll
from .._support import ArrayLike, as_table, choice, options, record, vector

__all__ = ["measure_points", "MeasurePoints", "combined_score", "hcahps", "HcahpsScores", "domain_score", "tps",
           "payment", "Payment", "lef_slope", "parameter", "standard", "DOMAINS"]

MeasurePoints = record("MeasurePoints", "achievement improvement score", "Achievement, improvement and measure score per hospital.")
HcahpsScores = record("HcahpsScores", "achievement improvement dimension_score consistency base_score domain_score",
                      "HCAHPS points per hospital: the 8 dimensions' achievement, improvement and scores, and the consistency, base and domain scores.")
Payment = record("Payment", "incentive_percentage adjustment_factor", "Incentive payment percentage and adjustment factor per hospital.")

_DIRECTIONS = options(_ll.value_hvbp_direction, rename={"higher_is_better": "higher", "lower_is_better": "lower"})
_DOMAIN_CODES = options(_ll.value_hvbp_domain, drop=("n_domains",))
DOMAINS = tuple(_DOMAIN_CODES)  # in the order of value_hvbp_tps()'s columns
_NAN = float("nan")


def _rates(x: Any) -> Any:
    """x as the library takes it: buffers pass through; None in a list is NaN."""
    if isinstance(x, (list, tuple)):
        return [_NAN if v is None else v for v in x]
    return x


def _matrix(m: Any, name: str) -> Any:
    """A 2-D table (a DataFrame, a numpy array, a mapping of columns or rows
    of numbers; None is NaN) as (flat row-major values, columns)."""
    flat, _, width, _ = as_table(m, name)
    return flat, width


def parameter(key: str, fiscal_year: int) -> Any:
    """The value(s) of parameter `key` of the HVBP table in force in
    `fiscal_year`: a float, or a list for a key with several values
    (e.g. parameter('weight.safety', 2024) -> 0.25).

    >>> parameter("withhold", 2014)  # 1.25% of base operating DRG payments in FY 2014
    0.0125
    """
    n = int(_ll.value_cms_parameter_count("hvbp", fiscal_year, key))
    values = [_ll.value_cms_parameter("hvbp", fiscal_year, key, i) for i in range(n)]
    return values[0] if n == 1 else values


def standard(measure: str, fiscal_year: int = 2024) -> Any:
    """(achievement threshold, benchmark) of a measure ('MORT-30-AMI',
    'HAI-1', ...) from the table (FY2024).

    >>> standard("MORT-30-AMI")  # FY 2024 achievement threshold and benchmark (survival)
    (0.869247, 0.887868)
    """
    th, bm = parameter("standard." + measure.lower().replace("-", "_"), fiscal_year)
    return th, bm


def measure_points(baseline: Any, performance: Any, achievement_threshold: Any, benchmark: Any, direction: str = "higher") -> Any:
    """Achievement points (0-10), improvement points (0-9) and measure
    score (the higher) of one measure for each hospital (412.165(a)).
    direction: 'higher' (survival rates, HCAHPS) or 'lower' (SIRs, PSI-90,
    COMP-HIP-KNEE, MSPB).  A NaN baseline gives NaN improvement points; a
    NaN performance rate leaves the measure unscored (all NaN).

    >>> [float(v) for v in measure_points([0.70], [0.85], 0.80, 0.90).score]
    [7.0]
    """
    performance = _rates(performance)
    a, i, s = _ll.value_hvbp_measure_points(_rates(baseline), performance, achievement_threshold, benchmark,
                                            choice(_DIRECTIONS, direction, "direction"), len(performance))
    return MeasurePoints(vector(a), vector(i), vector(s))


def combined_score(score_a: Any, weight_a: Any, score_b: Any, weight_b: Any) -> Any:
    """Weighted combination of two strata's measure scores (the combined
    SSI score: HAI-3 and HAI-4 weighted by predicted infections); a NaN
    stratum is left out.  Not rounded.

    >>> [float(v) for v in combined_score([3, 4], [1, 1], [None, 8], [1, 3])]  # (1 x 4 + 3 x 8)/4 = 7
    [3.0, 7.0]
    """
    score_a = _rates(score_a)
    return vector(_ll.value_hvbp_combined_score(score_a, weight_a, _rates(score_b), weight_b, len(score_a)))


def hcahps(baseline: Any, performance: Any, floor: Any, achievement_threshold: Any, benchmark: Any) -> Any:
    """HCAHPS dimension scores and consistency points.  baseline and
    performance: one row per hospital, one column per dimension (a 2-D
    numpy array or rows of numbers; a hospital without HCAHPS has a row of
    NaN); floor, achievement_threshold, benchmark: one value per dimension.
    Returns HcahpsScores: achievement, improvement and dimension_score as
    rows per hospital; consistency (0-20), base_score and domain_score
    (base + consistency) per hospital.

    >>> r = hcahps([[70, 75, 72, 80, 65, 85, 60, None]], [[75, 80, 72, 85, 60, 91, 70, 78]], [40] * 8, [70] * 8, [90] * 8)
    >>> r.base_score[0], r.consistency[0], r.domain_score[0]  # 33 base points, 13 for consistency
    (33.0, 13.0, 46.0)
    """
    q, kq = _matrix(baseline, "baseline")
    p, kp = _matrix(performance, "performance")
    if kq != kp:
        raise ValueError("baseline and performance must have the same number of dimensions")
    hospitals = len(p) // kp if kp else 0
    a, i, s, c, b, d = _ll.value_hvbp_hcahps(q, p, floor, achievement_threshold, benchmark, len(p), hospitals)

    def rows(x: Any) -> Any:
        return [list(x[h * kp:(h + 1) * kp]) for h in range(hospitals)]

    return HcahpsScores(rows(a), rows(i), rows(s), list(c), list(b), list(d))


def domain_score(measure_scores: Any, domain: str, fiscal_year: int) -> Any:
    """Domain scores (0-100) of hospitals from their measure scores, one row
    per hospital and one column per measure (NaN: not scored): points earned
    over points possible x 100, NaN below the year's minimum number of
    measures (412.165(b)(1)-(3)).

    >>> round(float(domain_score([[7, 8, 0, 1, 1, 6]], "clinical_outcomes", 2024)[0]), 10)  # 23 of 60 points
    38.3333333333
    """
    flat, k = _matrix(measure_scores, "measure_scores")
    return vector(_ll.value_hvbp_domain_score(flat, k, fiscal_year, choice(_DOMAIN_CODES, domain, "domain"),
                                            len(flat) // k if k else 0))


def tps(domain_scores: Any, fiscal_year: int) -> Any:
    """Total Performance Scores: domain_scores is a dict {domain name:
    sequence of scores per hospital} (NaN: no score; domains left out count
    as NaN).  Weights are the year's, re-weighted over the scored domains;
    NaN below the year's minimum number of domains (412.165(b)).

    >>> t = tps({"clinical_outcomes": [115 / 3], "person_engagement": [46], "safety": [130 / 3]}, 2024)
    >>> round(float(t[0]), 10)  # efficiency missing: the mean of three domains, 383/9
    42.5555555556
    """
    unknown = set(domain_scores) - set(DOMAINS)
    if unknown:
        raise ValueError("unknown domain(s) %s; domains are %s" % (", ".join(sorted(unknown)), ", ".join(DOMAINS)))
    cols = [_rates(list(domain_scores[d])) if d in domain_scores else None for d in DOMAINS]
    n = max((len(c) for c in cols if c is not None), default=0)
    if any(c is not None and len(c) != n for c in cols):
        raise ValueError("domain_scores: every domain needs one score per hospital")
    flat = [cols[j][h] if cols[j] is not None else _NAN for h in range(n) for j in range(len(DOMAINS))]
    return vector(_ll.value_hvbp_tps(flat, fiscal_year, n))


def payment(tps_values: Any, fiscal_year: int, slope: Any) -> Any:
    """Linear exchange function (412.162): incentive payment percentage
    (withhold x TPS/100 x slope, a fraction) and payment adjustment factor
    (1 + percentage - withhold) per hospital; FY2022-2023 pay the withhold
    back (factor 1).

    >>> [float(v) for v in payment([50.0], 2024, 3.0).adjustment_factor]
    [1.01]
    """
    tps_values = _rates(tps_values)
    pct, fac = _ll.value_hvbp_payment(tps_values, fiscal_year, slope, len(tps_values))
    return Payment(vector(pct), vector(fac))


def lef_slope(tps_values: Any, base_payment: Any) -> Any:
    """The budget-neutral exchange function slope: sum of base payments over
    the sum of base payments weighted by TPS/100 (hospitals with a TPS).

    >>> lef_slope([50, 25], [100, 300])  # budget neutral: 400 / (0.5 x 100 + 0.25 x 300)
    3.2
    """
    return _ll.value_hvbp_lef_slope(_rates(tps_values), base_payment)
