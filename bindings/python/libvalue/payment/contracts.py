# SPDX-License-Identifier: GPL-3.0-or-later
"""Payment contracts: settle what a provider is paid, and show why (C
modules: lib/payment/contract.c, lib/payment/ledger.c, lib/payment/incentive.c).

A Contract holds the terms (kind and parameters, named as in value.h
without the VALUE_CONTRACT_ prefix, lower case); a Ledger accumulates
beneficiary or episode records for many contracts, merges with another
and round-trips through bytes; settling gives a Settlement with amounts by
component and explanation lines."""

from collections import namedtuple
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

from .. import _lowlevel as _ll
from .._support import ArrayLike, HandleOwner, Rows, choice, options, record, unknown_name, vector

__all__ = ["Contract", "Ledger", "Settlement", "ExplanationLine", "percentile", "incentive_margins",
           "incentive_choice", "IncentiveChoice"]



class ExplanationLine(NamedTuple):
    """One explanation line of a settlement: the step ("benchmark",
    "savings", "sharing", "cap", "reduction", "payment", ...), the sentence
    with the rule and its numbers, and the step's amount."""
    step: str
    text: str
    amount: float


IncentiveChoice = record("IncentiveChoice", "margin utility rank best health_forgone", "Margin, utility and rank of each action, the best action and the health forgone.", skip=("best", "health_forgone"))


# In alphabetical order, as error messages and Settlement.amounts list them.
_KINDS = options(_ll.value_contract_kind, by_name=True)
_PARAMS = options(_ll.value_contract_param, by_name=True)
_ITEMS = options(_ll.value_settlement_item, drop=("n_items",), by_name=True)
_INCENTIVE = options(_ll.value_incentive_model, by_name=True)


class Settlement(HandleOwner):
    """The settlement of one contract: .amounts {item: value} (items that do
    not apply to the kind are left out), .lines (ExplanationLine rows, in
    the order the rules were applied; .lines.to_frame() or .to_frame() a
    DataFrame), .final_payment.  libvalue.plots.waterfall draws the lines.

    >>> c = Contract("shared_savings", benchmark_per_capita=1000, sharing_rate=0.5, msr=0.0)
    >>> s = c.settle_totals(100, 1200, 1.0, 90000)  # benchmark 100,000, savings 10,000, half shared
    >>> round(s.final_payment, 2)
    5000.0
    >>> s
    <Settlement: final payment 5,000.00; 8 lines (records, expenditure, benchmark, savings, ...); .lines or .to_frame() for all>
    """

    def __init__(self, handle: Any) -> None:
        self._h = handle
        self._amounts: Optional[Dict[str, float]] = None
        self._lines: Optional[Rows[ExplanationLine]] = None

    @property
    def amounts(self) -> Dict[str, float]:
        if self._amounts is None:  # read once, on first use
            values = {name: _ll.value_settlement_get(self._h, code) for name, code in _ITEMS.items()}
            self._amounts = {k: v for k, v in values.items() if v == v}  # NaN: the item does not apply
        return self._amounts

    @property
    def lines(self) -> "Rows[ExplanationLine]":
        """The explanation lines (ExplanationLine(step, text, amount)), in order."""
        if self._lines is None:
            n = int(_ll.value_settlement_line_count(self._h))
            self._lines = Rows([ExplanationLine(*_ll.value_settlement_line(self._h, i)) for i in range(n)],
                               title="explanation line")
        return self._lines

    @property
    def final_payment(self) -> float:
        """The payment to the provider (negative: the provider pays)."""
        return float(_ll.value_settlement_get(self._h, _ITEMS["final_payment"]))

    def explain(self) -> str:
        """The explanation lines as text, one per line."""
        return "\n".join("%-12s %s" % (ln.step, ln.text) for ln in self.lines)

    def to_frame(self) -> Any:
        """The explanation lines as a DataFrame (columns step, text, amount)."""
        return self.lines.to_frame()

    def __repr__(self) -> str:
        if self._h.closed:
            return "<Settlement (closed)>"
        lines = self.lines
        steps = ", ".join(ln.step for ln in lines[:4]) + (", ..." if len(lines) > 4 else "")
        return "<Settlement: final payment {:,.2f}; {} lines ({}); .lines or .to_frame() for all>".format(
            self.final_payment, len(lines), steps)


class Contract(HandleOwner):
    """Terms of a payment contract.  kind: 'ffs', 'capitation', 'bundle',
    'shared_savings', 'shared_risk', 'p4p' or 'risk_corridor'; parameters
    as keywords (msr=0.02, sharing_rate=0.5, ...); tables with
    msr_table=(beneficiaries, msr), fee_schedule={code: price},
    p4p_tiers=[(threshold, adjustment), ...], corridor=[(threshold, share), ...].

    >>> c = Contract("shared_savings", benchmark_per_capita=10000, msr=0.02, sharing_rate=0.5)
    >>> ledger = Ledger(1).add([0, 0], [8000.0, 9000.0], [1.0, 1.0], [12.0, 12.0])
    >>> c.settle(ledger).final_payment  # benchmark 20,000 - 17,000 = 3,000 saved (15% >= 2%): half
    1500.0
    """

    _defaults: Dict[str, Dict[str, float]] = {}

    def __init__(self, kind: str, msr_table: Optional[Tuple[ArrayLike, ArrayLike]]  =  None,
                 fee_schedule: Optional[Mapping[str, float]] = None,
                 p4p_tiers: Optional[Sequence[Tuple[float, float]]] = None,
                 corridor: Optional[Sequence[Tuple[float, float]]] = None, **params: float) -> None:
        self.kind = kind
        self._h = _ll.value_contract_new(choice(_KINDS, kind, "kind"))
        try:
            for name, v in params.items():
                self.set(name, v)
            if msr_table is not None:
                _ll.value_contract_set_msr_table(self._h, list(msr_table[0]), list(msr_table[1]))
            if fee_schedule is not None:
                _ll.value_contract_set_fee_schedule(self._h, list(fee_schedule.keys()),
                                                    [float(v) for v in fee_schedule.values()])
            if p4p_tiers is not None:
                _ll.value_contract_set_p4p_tiers(self._h, [t for t, _ in p4p_tiers], [a for _, a in p4p_tiers])
            if corridor is not None:
                _ll.value_contract_set_corridor(self._h, [t for t, _ in corridor], [s for _, s in corridor])
        except BaseException:
            self.close()
            raise

    @classmethod
    def _wrap(cls, handle: Any, kind: str) -> "Contract":
        """A Contract around a handle made by another C constructor (e.g. the MSSP's)."""
        c = cls.__new__(cls)
        c.kind = kind
        c._h = handle
        return c

    def set(self, name: str, value: float) -> "Contract":
        """Set one term (a bad value leaves the contract unchanged).

        >>> Contract("shared_savings").set("sharing_rat", 0.5)
        Traceback (most recent call last):
        ...
        libvalue.InvalidArgumentError: unknown contract term 'sharing_rat' (did you mean 'sharing_rate'?)
        """
        _ll.value_contract_set(self._h, choice(_PARAMS, name, "contract term"), float(value))
        if name not in self._set_names:
            self._set_names.append(name)
        return self

    @property
    def _set_names(self) -> List[str]:
        if "_names_set" not in self.__dict__:
            self.__dict__["_names_set"] = []
        names: List[str] = self.__dict__["_names_set"]
        return names

    def get(self, name: str) -> float:
        """The value of one term.

        >>> Contract("shared_savings", msr=0.02).get("msr")
        0.02
        """
        return float(_ll.value_contract_get(self._h, choice(_PARAMS, name, "contract term")))

    @property
    def terms(self) -> Dict[str, float]:
        """Every term and its value, in alphabetical order."""
        return {name: float(_ll.value_contract_get(self._h, code)) for name, code in _PARAMS.items()}

    def changed_terms(self) -> Dict[str, float]:
        """The terms set on this contract or differing from those of a new
        contract of this kind."""
        if self.kind not in Contract._defaults:
            with Contract(self.kind) as fresh:
                Contract._defaults[self.kind] = fresh.terms
        base = Contract._defaults[self.kind]
        return {k: v for k, v in self.terms.items()
                if k in self._set_names or not (v == base[k] or (v != v and base[k] != base[k]))}

    def settle(self, ledger: Any, contract_index: int = 0) -> Any:
        """Settle this contract on the records of one contract of a Ledger."""
        return Settlement(_ll.value_contract_settle(self._h, ledger._h, contract_index))

    def settle_all(self, ledger: Any, items: str = "final_payment") -> Any:
        """Settle on every contract of a Ledger at once, amounts only (no
        explanation lines; much faster for many contracts).  items: one
        settlement item name (as in Settlement.amounts), giving an array of
        one value per contract, or a list of names, giving {name: array}.
        NaN where an item does not apply or a contract has no records."""
        names = [items] if isinstance(items, str) else list(items)
        codes = [choice(_ITEMS, name, "item") for name in names]
        flat = _ll.value_contract_settle_all(self._h, ledger._h, codes, ledger.n_contracts * len(codes))
        all_items = vector(flat)
        cols = {name: all_items[j::len(codes)] for j, name in enumerate(names)}
        return cols[items] if isinstance(items, str) else cols

    def settle_totals(self, beneficiaries: Any, member_months: Any, risk_score_mean: Any, expenditure: Any) -> Any:
        """Settle on aggregates (expenditure already truncated or winsorized)."""
        return Settlement(_ll.value_contract_settle_totals(self._h, beneficiaries, member_months, risk_score_mean,
                                                           expenditure))

    def settle_services(self, codes: Any, units: Any) -> Any:
        """Fee-for-service: the payment for services (codes and units)."""
        return Settlement(_ll.value_contract_settle_services(self._h, codes, units))

    def __repr__(self) -> str:
        """The kind and the terms set (the others are at their defaults).

        >>> Contract("shared_savings", msr=0.02, sharing_rate=0.5)
        <Contract shared_savings: msr 0.02, sharing_rate 0.5 (other terms at their defaults; .terms for all)>
        """
        if self._h.closed:
            return "<Contract %s (closed)>" % self.kind
        changed = self.changed_terms()
        if not changed:
            return "<Contract %s: all terms at their defaults; .terms for all>" % self.kind
        return "<Contract %s: %s (other terms at their defaults; .terms for all)>" % (
            self.kind, ", ".join("%s %r" % kv for kv in changed.items()))


class Ledger(HandleOwner):
    """Records (beneficiaries or episodes) of n_contracts contracts.  lower
    and upper: per-contract cost bounds (winsorization, truncation or the
    stop-loss attachment point), set before any record.  threads: add
    large batches of records on this many threads (the totals are exactly
    those of one thread).

    >>> a = Ledger(2).add([0, 1], [100.0, 200.0], [1.0, 1.0], [12.0, 12.0])
    >>> b = Ledger(2).add([0], [50.0], [1.0], [6.0])
    >>> t = a.merge(b).totals(0)
    >>> t["records"], t["member_months"], t["cost"]
    (2.0, 18.0, 150.0)
    >>> Ledger.from_bytes(a.to_bytes()).totals(1)["cost"]
    200.0
    """

    def __init__(self, n_contracts: Any, lower: Optional[Any] = None, upper: Optional[Any] = None, threads: int = 1, _handle: Optional[Any] = None) -> None:
        self._h = _handle if _handle is not None else _ll.value_ledger_new(n_contracts)
        self.n_contracts = n_contracts
        if lower is not None or upper is not None:
            lower = lower if lower is not None else [0.0] * n_contracts
            upper = upper if upper is not None else [float("inf")] * n_contracts
            _ll.value_ledger_set_bounds(self._h, lower, upper)
        if threads != 1:
            _ll.value_ledger_set_threads(self._h, threads)

    def add(self, contract: Any, cost: ArrayLike, risk_score: Any, member_months: Any) -> Any:
        _ll.value_ledger_add(self._h, contract, cost, risk_score, member_months)
        return self

    def merge(self, other: Any) -> Any:
        _ll.value_ledger_merge(self._h, other._h)
        return self

    def totals(self, contract_index: int) -> Any:
        names = ("records", "member_months", "risk_mm", "risk_sum", "cost", "above", "below")
        return dict(zip(names, _ll.value_ledger_totals(self._h, contract_index)))

    def to_bytes(self) -> Any:
        """The ledger serialized (versioned, little-endian, checksummed)."""
        size = int(_ll.value_ledger_serialized_size(self._h))
        return bytes(_ll.value_ledger_serialize(self._h, size))

    @classmethod
    def from_bytes(cls, data: Any) -> Any:
        h = _ll.value_ledger_deserialize(data)
        return cls(int(_ll.value_ledger_contracts(h)), _handle=h)

    def __repr__(self) -> str:
        return "<Ledger of %d contracts>" % self.n_contracts


def percentile(x: Any, p: ArrayLike) -> Any:
    """The p-quantile of x, as value_contract_percentile().

    >>> percentile([1, 2, 3, 4], 0.5)  # R's type 7: halfway between 2 and 3
    2.5
    """
    return _ll.value_contract_percentile(x, p)


def incentive_margins(cost: ArrayLike, revenue: ArrayLike, later_spending: ArrayLike, model: str, amount: float = 0.0, rate: float = 0.0, outlier_threshold: float = float("inf"),
                      outlier_share: float=0.0) -> Any:
    """The provider's margin on each care action under a payment model
    ('ffs', 'capitation', 'bundle', 'shared_savings').

    >>> [float(m) for m in incentive_margins([50, 100], [50, 140], [0, 0], "ffs")]  # revenue - cost
    [0.0, 40.0]
    """
    return vector(_ll.value_incentive_margins(cost, revenue, later_spending, choice(_INCENTIVE, model, "model"),
                                            amount, rate, outlier_threshold, outlier_share, len(cost)))


def incentive_choice(cost: ArrayLike, revenue: ArrayLike, health: ArrayLike, later_spending: ArrayLike, model: str, alpha: Any, beta: Any, amount: float = 0.0, rate: float = 0.0,
                     outlier_threshold: float=float("inf"), outlier_share: float=0.0) -> Any:
    """The action a clinician with utility alpha x margin + beta x health
    prefers under a payment model, the ranking, and the health forgone.

    >>> r = incentive_choice([50, 100], [50, 140], [1.0, 0.9], [0, 0], "ffs", 1, 0)
    >>> r.best, round(r.health_forgone, 12)  # a margin-minded doctor picks action 1, forgoing 0.1
    (1, 0.1)
    """
    m, u, r, best, forgone = _ll.value_incentive_choice(cost, revenue, health, later_spending,
                                                        choice(_INCENTIVE, model, "model"), amount, rate,
                                                        outlier_threshold, outlier_share, alpha, beta, len(cost))
    return IncentiveChoice(vector(m), vector(u), vector(r), best, forgone)
