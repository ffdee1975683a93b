# SPDX-License-Identifier: GPL-3.0-or-later
"""BPCI Advanced and the ACA risk corridors (C modules: lib/programs/bpci.c,
lib/programs/aca.c), on the payment-contract engine.

BPCI Advanced (CMS Innovation Center, model years 2018-2025): the CMS
discount and target price of a clinical episode, winsorization of episode
spending at percentiles, and the reconciliation of a participant's episodes
(a Settlement with explanation lines).  ACA risk corridors (42 U.S.C.
18062, 45 CFR 153.510, benefit years 2014-2016): the payment (+) or charge
(-) of each plan, or one plan's Settlement.  Each year's parameters come
from the library's tables (value_cms_parameter("bpci" / "aca", ...))."""

from collections import namedtuple
from typing import Any, Optional

from .. import _lowlevel as _ll
from .._support import choice
from ..payment.contracts import Settlement

__all__ = ["bpci_discount", "bpci_target_price", "BpciTargetPrice", "bpci_winsorize", "Winsorized",
           "bpci_reconcile", "aca_risk_corridor", "aca_risk_corridor_settle"]

BpciTargetPrice = namedtuple("BpciTargetPrice", "benchmark_price target_price")
Winsorized = namedtuple("Winsorized", "spending lower upper")

_EPISODE_TYPES = _ll.value_bpci_episode_type


def bpci_discount(model_year: Any, episode_type: Any) -> Any:
    """The CMS discount of a model year (2018-2025) for a 'medical' or
    'surgical' clinical episode: 3% through 2022, then 2% medical, 3% surgical.

    >>> bpci_discount(2023, "medical")
    0.02
    """
    return _ll.value_bpci_discount(model_year, choice(_EPISODE_TYPES, episode_type, "episode_type"))


def bpci_target_price(model_year: Any, episode_type: Any, baseline_price: Any, pcma: Any, peer_group_trend: Any) -> Any:
    """Benchmark price baseline x PCMA x PGT and target price benchmark x
    (1 - CMS discount), as a BpciTargetPrice(benchmark_price, target_price)."""
    return BpciTargetPrice(*_ll.value_bpci_target_price(
        model_year, choice(_EPISODE_TYPES, episode_type, "episode_type"), baseline_price, pcma, peer_group_trend))


def bpci_winsorize(spending: Any, p_lower: Any, p_upper: Any) -> Any:
    """Episode spending clamped to its p_lower and p_upper percentiles (type
    7 quantiles; BPCI Advanced uses 0.01 and 0.99), as Winsorized(spending,
    lower, upper)."""
    n = len(spending)
    out, lo, hi = _ll.value_bpci_winsorize(spending, p_lower, p_upper, n)
    return Winsorized(list(out), lo, hi)


def bpci_reconcile(model_year: Any, target_price: Any, spending: Any, quality_score: Any, winsor_lower: float=0.0, winsor_upper: float=float("inf"),
                   prospective: bool=False) -> Any:
    """Reconcile episodes (parallel target prices and spending) of one model
    year: total target minus spending (each episode's spending winsorized to
    [winsor_lower, winsor_upper] first), the composite quality score
    adjustment of at most 10%, and the stop-gain / stop-loss limits of 20%
    of the target.  A Settlement: .final_payment > 0 CMS pays, < 0 the
    participant repays; .lines explain each step."""
    return Settlement(_ll.value_bpci_reconcile(model_year, target_price, spending, winsor_lower, winsor_upper,
                                               quality_score, 1 if prospective else 0))


def aca_risk_corridor(benefit_year: Any, target: Any, allowable_costs: Any) -> Any:
    """The risk corridors payment (+, HHS pays) or charge (-, the plan
    remits) of each plan, from parallel target amounts and allowable costs.

    >>> [round(x, 2) for x in aca_risk_corridor(2014, [1e6, 1e6], [1.05e6, 0.9e6])]
    [10000.0, -41000.0]
    """
    return list(_ll.value_aca_risk_corridor(benefit_year, target, allowable_costs, len(target)))


def aca_risk_corridor_settle(benefit_year: Any, target: Any, allowable_costs: Any) -> Any:
    """One plan's risk corridors Settlement, with a line per band used."""
    return Settlement(_ll.value_aca_risk_corridor_settle(benefit_year, target, allowable_costs))
