# SPDX-License-Identifier: GPL-3.0-or-later
"""Provider profiling, funnel plots, peer groups, disparities and fairness
by group (C modules: lib/risk/profile.c, lib/risk/funnel.c, lib/risk/peer.c,
lib/risk/disparity.c, lib/risk/fairness.c).  Inputs are any sequences of numbers (numpy arrays
without a copy); groups and providers are codes 0..G-1."""

from typing import Any, Optional
from collections import namedtuple

from .. import _lowlevel as _ll
from .._support import ArrayLike, HandleOwner, Rows, choice, record, vector

__all__ = ["Profile", "ProviderResult", "funnel_limits", "funnel_assess", "FunnelAssessment", "peer_groups",
           "peer_compare", "PeerComparison", "disparity_rates", "Disparities", "DisparityRow", "allocate_budget",
           "Allocation", "fairness_by_group", "FairnessRow", "fairness_summary", "FairnessSummary",
           "fairness_compare"]

ProviderResult = namedtuple("ProviderResult", "patients observed expected oe lower upper rate z")
FunnelAssessment = record("FunnelAssessment", "z flags phi tau2 target", "z-scores and flags (-2..2) per provider, the over-dispersion (phi, tau2) and the target used.", skip=("phi", "tau2", "target"))
Proportion = namedtuple("Proportion", "rate lower upper")
PeerComparison = namedtuple("PeerComparison", "peer_median difference ratio")
DisparityRow = namedtuple("DisparityRow", "n rate lower upper difference ratio")
Disparities = record("Disparities", "rows between_variance index", "Rates by group (rows; .to_frame() one row per group), the between-group variance and the index of disparity.")
Allocation = record("Allocation", "equality equity gap", "A budget shared by equality and by equity, and the gap, per area.")
FairnessRow = namedtuple("FairnessRow", "n tp fp tn fn tpr fpr tnr fnr ppv npv selection accuracy observed expected oe")
FairnessSummary = namedtuple("FairnessSummary", "tpr_difference tpr_ratio fpr_difference fpr_ratio "
                                                "selection_difference selection_ratio equalized_odds_difference "
                                                "equalized_odds_ratio ppv_difference fnr_difference oe_difference "
                                                "overall_ppv overall_tpr overall_accuracy")

_KINDS = _ll.value_funnel_kind
_OD = _ll.value_funnel_overdispersion


def _n_groups(group: ArrayLike, n_groups: Optional[int]) -> int:
    if n_groups is not None:
        return n_groups
    return max(int(g) for g in group) + 1 if len(group) else 0


class Profile(HandleOwner):
    """Observed and expected outcomes per provider, accumulated from patient
    records or per-provider counts; profiles of separate pieces merge.

    >>> p = Profile(2).add_counts([0, 1], [65, 3], [1.0, 2.5], [100, 50])
    >>> r = p.results()
    >>> round(r[1].oe, 12), round(r[0].lower, 4)  # 3 / 2.5; Byar's lower limit of O = 65
    (1.2, 50.1632)
    """

    def __init__(self, n_providers: int) -> None:
        self._h = _ll.value_profile_new(n_providers)
        self.n_providers = n_providers

    def add_records(self, provider: ArrayLike, observed: ArrayLike, expected: ArrayLike) -> Any:
        _ll.value_profile_add_records(self._h, provider, observed, expected)
        return self

    def add_counts(self, provider: ArrayLike, observed: ArrayLike, expected: ArrayLike, patients: ArrayLike) -> Any:
        _ll.value_profile_add_counts(self._h, provider, observed, expected, patients)
        return self

    def merge(self, other: Any) -> Any:
        _ll.value_profile_merge(self._h, other._h)
        return self

    def results(self, level: float = 0.95, reference_rate: float = 0.0) -> Any:
        """One ProviderResult per provider: O/E with exact/Byar limits,
        risk-adjusted rate (reference_rate 0: the overall rate), z-score."""
        cols = _ll.value_profile_results(self._h, level, reference_rate, self.n_providers)
        return Rows([ProviderResult(*row) for row in zip(*cols)])

    def proportions(self, level: float = 0.95) -> Any:
        """(rate, lower, upper) per provider, Wilson intervals."""
        return Rows([Proportion(*r) for r in zip(*_ll.value_profile_proportions(self._h, level, self.n_providers))],
                    label_name="provider")

    def __repr__(self) -> str:
        return "<Profile of %d providers>" % self.n_providers


def funnel_limits(size: ArrayLike, kind: str = "ratio", target: float = 1.0, level: float = 0.95, phi: float = 1.0, tau2: float = 0.0) -> Any:
    """(lower, upper) control limits at each size (E, n or population).

    >>> lo, hi = funnel_limits([10, 100, 1000])
    >>> bool(hi[0] > hi[1] > hi[2] > 1 > lo[2] > lo[1] > lo[0])  # the funnel narrows
    True
    """
    lo, hi = _ll.value_funnel_limits(choice(_KINDS, kind, "kind"), target, level, phi, tau2, size, len(size))
    return vector(lo), vector(hi)


def funnel_assess(observed: ArrayLike, size: ArrayLike, kind: str = "ratio", target: float = 0.0, overdispersion: str = "none", winsor: float = 0.1) -> Any:
    """z-scores, flags (-2..2), phi, tau^2 and the target used (target 0 means
    the pooled value, sum observed / sum size).

    >>> a = funnel_assess([8, 3], [4, 9], target=1.0)
    >>> [int(f) for f in a.flags], a.target  # O/E 2 on E = 4 above the 95% limit, 1/3 on E = 9 below
    ([1, -1], 1.0)
    """
    z, flags, phi, tau2, used = _ll.value_funnel_assess(choice(_KINDS, kind, "kind"), observed, size, target,
                                                  choice(_OD, overdispersion, "overdispersion"), winsor, len(size))
    return FunnelAssessment(vector(z), vector(flags), phi, tau2, used)


def peer_groups(x: Any, n_groups: int = 5) -> Any:
    """Quantile peer group (0 = lowest x) of each provider, e.g. quintiles.

    >>> [int(g) for g in peer_groups([3, 1, 4, 1, 5, 9, 2, 6], 2)]  # halves by rank
    [0, 0, 1, 0, 1, 1, 0, 1]
    """
    return vector(_ll.value_peer_groups(x, n_groups, len(x)))


def peer_compare(value: ArrayLike, group: ArrayLike) -> Any:
    """Each provider against its peer group's median.

    >>> r = peer_compare([1.0, 2.0, 4.0], [0, 0, 0])  # one peer group, median 2
    >>> [(c.peer_median, c.difference) for c in r]
    [(2.0, -1.0), (2.0, 0.0), (2.0, 2.0)]
    """
    cols = _ll.value_peer_compare(value, group, len(value))
    return Rows([PeerComparison(*row) for row in zip(*cols)])


def disparity_rates(y: ArrayLike, group: ArrayLike, reference: int = 0, level: float = 0.95, n_groups: Optional[Any] = None) -> Any:
    """Rates by social group with Wilson intervals, differences and ratios
    against the reference group, between-group variance, index of disparity.

    >>> d = disparity_rates([0, 1, 0, 1, 1, 1, 0, 1], [0, 0, 0, 0, 1, 1, 1, 1])
    >>> d.rows[0].rate, d.rows[1].rate, round(d.rows[1].ratio, 12)  # 2 of 4, 3 of 4
    (0.5, 0.75, 1.5)
    """
    *cols, between, index = _ll.value_disparity_rates(y, group, level, reference, _n_groups(group, n_groups))
    return Disparities(Rows([DisparityRow(*row) for row in zip(*cols)], label_name="group"), between, index)


def allocate_budget(budget: Any, population: ArrayLike, need: ArrayLike) -> Any:
    """A budget shared by equality (per person) and by equity (by need).

    >>> a = allocate_budget(1000, [300, 700], [1, 3])
    >>> [float(v) for v in a.equality], [float(v) for v in a.equity]  # per person; by need 1/4, 3/4
    ([300.0, 700.0], [250.0, 750.0])
    """
    cols = _ll.value_disparity_allocate_budget(budget, population, need, len(population))
    return Allocation(*(vector(c) for c in cols))


def fairness_by_group(y_true: ArrayLike, score: ArrayLike, group: ArrayLike, threshold: float = 0.5, n_groups: Optional[Any] = None) -> Any:
    """(rows per group, overall row) of confusion counts and rates.

    >>> rows, overall = fairness_by_group([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.7], [0, 0, 1, 1])
    >>> [(r.tpr, r.fpr) for r in rows], overall.accuracy  # group 1: misses its case, flags its control
    ([(1.0, 0.0), (0.0, 1.0)], 0.5)
    """
    g = _n_groups(group, n_groups)
    flat = _ll.value_fairness_by_group(y_true, score, group, threshold, g, (g + 1) * _ll.VALUE_FAIRNESS_N_STATS)
    k = _ll.VALUE_FAIRNESS_N_STATS
    rows = [FairnessRow(*flat[i * k:(i + 1) * k]) for i in range(g + 1)]
    return Rows(rows[:g], label_name="group"), rows[g]


def fairness_summary(y_true: ArrayLike, score: ArrayLike, group: ArrayLike, threshold: float = 0.5, n_groups: Optional[Any] = None) -> Any:
    """Between-group gaps of a classifier (score >= threshold): differences
    and ratios of TPR, FPR, selection rate, PPV, FNR and O/E across the
    groups, equalized odds, and the overall PPV, TPR and accuracy.

    >>> s = fairness_summary([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.7], [0, 0, 1, 1])
    >>> s.tpr_difference, s.equalized_odds_difference  # group 0 finds its case, group 1 misses it
    (1.0, 1.0)
    """
    return FairnessSummary(*_ll.value_fairness_summary(y_true, score, group, threshold, _n_groups(group, n_groups),
                                                       _ll.VALUE_FAIRNESS_N_SUMMARY))


def fairness_compare(y_true: ArrayLike, scores: Any, group: ArrayLike, threshold: float = 0.5, n_groups: Optional[Any] = None) -> Any:
    """{model name: FairnessSummary} for several models' scores on the same
    people: overall precision beside the between-group gaps.

    >>> c = fairness_compare([1, 0, 1, 0], {"old": [0.9, 0.2, 0.4, 0.7], "new": [0.9, 0.2, 0.6, 0.4]}, [0, 0, 1, 1])
    >>> c["old"].tpr_difference, c["new"].tpr_difference
    (1.0, 0.0)
    """
    return {name: fairness_summary(y_true, s, group, threshold, n_groups) for name, s in scores.items()}
