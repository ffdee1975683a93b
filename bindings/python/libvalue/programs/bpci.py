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
from .._support import ArrayLike, choice, record, vector
from ..payment.contracts import Settlement

__all__ = ["bpci_discount", "bpci_target_price", "BpciTargetPrice", "bpci_winsorize", "Winsorized",
           "bpci_reconcile", "aca_risk_corridor", "aca_risk_corridor_settle"]

BpciTargetPrice = namedtuple("BpciTargetPrice", "benchmark_price target_price")
Winsorized = record("Winsorized", "spending lower upper", "Winsorized spending and the limits used.", skip=("lower", "upper"))

_EPISODE_TYPES = _ll.value_bpci_episode_type


def bpci_discount(model_year: int, episode_type: str) -> Any:
    """The CMS discount of a model year (2018-2025) for a 'medical' or
    'surgical' clinical episode: 3% through 2022, then 2% medical, 3% surgical.

    >>> bpci_discount(2023, "medical")
    0.02

    >>> bpci_discount(2018, "medical"), bpci_discount(2023, "medical")  # 3%; from model year 6, 2% medical
    (0.03, 0.02)
    """
    return _ll.value_bpci_discount(model_year, choice(_EPISODE_TYPES, episode_type, "episode_type"))


def bpci_target_price(model_year: int, episode_type: str, baseline_price: Any, pcma: Any, peer_group_trend: Any) -> Any:
    """Benchmark price baseline x PCMA x PGT and target price benchmark x
    (1 - CMS discount), as a BpciTargetPrice(benchmark_price, target_price).

    >>> tp = bpci_target_price(2019, "surgical", 20000, 1.05, 1.02)  # 20,000 x 1.05 x 1.02 = 21,420; x 0.97
    >>> round(tp.benchmark_price, 6), round(tp.target_price, 6)
    (21420.0, 20777.4)
    """
    return BpciTargetPrice(*_ll.value_bpci_target_price(
        model_year, choice(_EPISODE_TYPES, episode_type, "episode_type"), baseline_price, pcma, peer_group_trend))


def bpci_winsorize(spending: ArrayLike, p_lower: Any, p_upper: Any) -> Any:
    """Episode spending clamped to its p_lower and p_upper percentiles (type
    7 quantiles; BPCI Advanced uses 0.01 and 0.99), as Winsorized(spending,
    lower, upper).

    >>> w = bpci_winsorize([50, 10, 40, 20, 30], 0.1, 0.9)  # type-7 percentiles: 14 and 46
    >>> round(w.lower, 9), round(w.upper, 9), [round(float(x), 9) for x in w.spending]
    (14.0, 46.0, [46.0, 14.0, 40.0, 20.0, 30.0])
    """
    n = len(spending)
    out, lo, hi = _ll.value_bpci_winsorize(spending, p_lower, p_upper, n)
    return Winsorized(vector(out), lo, hi)


def bpci_reconcile(model_year: int, target_price: Any, spending: ArrayLike, quality_score: Any, winsor_lower: float = 0.0, winsor_upper: float = float("inf"),
                   prospective: bool=False) -> Any:
    """Reconcile episodes (parallel target prices and spending) of one model
    year: total target minus spending (each episode's spending winsorized to
    [winsor_lower, winsor_upper] first), the composite quality score
    adjustment of at most 10%, and the stop-gain / stop-loss limits of 20%
    of the target.  A Settlement: .final_payment > 0 CMS pays, < 0 the
    participant repays; .lines explain each step.

    >>> s = bpci_reconcile(2020, [25000, 25000, 30000, 20000], [22000, 24000, 26000, 18000], 0.8)
    >>> round(s.final_payment, 6)  # 100,000 - 90,000 = 10,000; quality 0.8 keeps 98%
    9800.0
    """
    return Settlement(_ll.value_bpci_reconcile(model_year, target_price, spending, winsor_lower, winsor_upper,
                                               quality_score, 1 if prospective else 0))


def aca_risk_corridor(benefit_year: int, target: ArrayLike, allowable_costs: ArrayLike) -> Any:
    """The risk corridors payment (+, HHS pays) or charge (-, the plan
    remits) of each plan, from parallel target amounts and allowable costs.

    >>> [round(x, 2) for x in aca_risk_corridor(2014, [1e6, 1e6], [1.05e6, 0.9e6])]
    [10000.0, -41000.0]

    >>> [round(float(v), 6) for v in aca_risk_corridor(2015, [1e6, 1e6], [1.05e6, 0.9e6])]  # 50% of 3-8%, ...
    [10000.0, -41000.0]
    """
    return vector(_ll.value_aca_risk_corridor(benefit_year, target, allowable_costs, len(target)))


def aca_risk_corridor_settle(benefit_year: int, target: ArrayLike, allowable_costs: ArrayLike) -> Any:
    """One plan's risk corridors Settlement, with a line per band used.

    >>> s = aca_risk_corridor_settle(2016, 1e6, 1.1e6)  # 50% of the 3-8% band + 80% beyond: 25,000 + 16,000
    >>> round(s.final_payment, 6)
    41000.0
    """
    return Settlement(_ll.value_aca_risk_corridor_settle(benefit_year, target, allowable_costs))
