# SPDX-License-Identifier: GPL-3.0-or-later
"""Payment contracts: settle what a provider is paid, and show why (C
modules: lib/payment/contract.c, lib/payment/ledger.c, lib/payment/incentive.c).

A Contract holds the terms (kind and parameters, named as in value.h
without the VALUE_CONTRACT_ prefix, lower case); a Ledger accumulates
beneficiary or episode records for many contracts, merges with another
and round-trips through bytes; settling gives a Settlement with amounts by
component and explanation lines."""

import re
from collections import namedtuple
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

from .. import _lowlevel as _ll
from .._support import (ArrayLike, Error, HandleOwner, InvalidArgumentError, Rows, choice, options, pandas_module, record,
                        unknown_name, vector)

__all__ = ["Contract", "Ledger", "Settlement", "ExplanationLine", "BookSettlement", "settle_all", "percentile", "incentive_margins",
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

    def settle(self, ledger: Any, contract_index: Any = 0) -> Any:
        """Settle this contract on the records of one contract of a Ledger (its index, or its id)."""
        return Settlement(_ll.value_contract_settle(self._h, ledger._h, ledger.index(contract_index)))

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


def _column(table: Any, name: str, what: str) -> List[Any]:
    """Column `name` of a DataFrame or a mapping of columns, as a list."""
    if hasattr(table, "columns") and hasattr(table, "to_numpy"):
        if name not in table.columns:
            raise InvalidArgumentError(_ll.VALUE_EINVAL, "%s has no column %r (columns: %s)"
                                       % (what, name, ", ".join(map(str, table.columns))))
        return table[name].tolist()
    if isinstance(table, Mapping):
        if name not in table:
            raise InvalidArgumentError(_ll.VALUE_EINVAL, "%s has no column %r (columns: %s)"
                                       % (what, name, ", ".join(map(str, table))))
        return list(table[name])
    raise InvalidArgumentError(_ll.VALUE_EINVAL, "%s must be a DataFrame or a mapping of columns, got %s"
                               % (what, type(table).__name__))


# value_ledger_add_claims()'s message for a beneficiary under two contracts.
_TWO_CONTRACTS = re.compile(r"contract\[\d+\]: row (\d+) puts beneficiary\[\d+\] under contract (\d+), but row (\d+) "
                            r"\(the same beneficiary\) under contract (\d+)")


def _ids(values: Any) -> List[str]:
    """Identifiers as the strings value_keys compares ("A1234", 17 -> "17")."""
    return [v if isinstance(v, str) else str(v) for v in values]


class Ledger(HandleOwner):
    """Records (beneficiaries or episodes) of several contracts: a number
    of contracts (indexed from 0) or the contracts' own identifiers
    (["A1234", "A5678"]: an ACO's id then stands for its index wherever a
    contract is named).  lower and upper: per-contract cost bounds
    (winsorization, truncation or the stop-loss attachment point), set
    before any record.  threads: add large batches of records on this many
    threads (the totals are exactly those of one thread).

    >>> a = Ledger(2).add([0, 1], [100.0, 200.0], [1.0, 1.0], [12.0, 12.0])
    >>> b = Ledger(2).add([0], [50.0], [1.0], [6.0])
    >>> t = a.merge(b).totals(0)
    >>> t["records"], t["member_months"], t["cost"]
    (2.0, 18.0, 150.0)
    >>> Ledger.from_bytes(a.to_bytes()).totals(1)["cost"]
    200.0
    >>> acos = Ledger(["A1234", "A5678"]).add(["A5678", "A1234"], [900.0, 100.0], [1.0, 1.0], [12.0, 12.0])
    >>> acos.totals("A5678")["cost"]
    900.0
    """

    def __init__(self, contracts: Any, lower: Optional[Any] = None, upper: Optional[Any] = None, threads: int = 1,
                 _handle: Optional[Any] = None) -> None:
        self.ids: Optional[List[str]] = None
        self._keys: Any = None
        if isinstance(contracts, (str, bytes)) or not hasattr(contracts, "__len__"):
            n_contracts = contracts
        else:  # the contracts' identifiers, each once
            self.ids = _ids(contracts)
            self._keys = _ll.value_keys_new(self.ids, 1, len(self.ids))[1]
            n_contracts = len(self.ids)
        self._h = _handle if _handle is not None else _ll.value_ledger_new(n_contracts)
        self.n_contracts = int(_ll.value_ledger_contracts(self._h))
        if self.ids is not None and len(self.ids) != self.n_contracts:
            raise InvalidArgumentError(_ll.VALUE_EINVAL, "%d contract ids for a ledger of %d contracts"
                                       % (len(self.ids), self.n_contracts))
        if lower is not None or upper is not None:
            lower = lower if lower is not None else [0.0] * self.n_contracts
            upper = upper if upper is not None else [float("inf")] * self.n_contracts
            _ll.value_ledger_set_bounds(self._h, lower, upper)
        if threads != 1:
            _ll.value_ledger_set_threads(self._h, threads)

    def index(self, contract: Any) -> Any:
        """The 0-based index of a contract id (or of each of a sequence of
        them); indices pass through.  An unknown id is refused."""
        single = isinstance(contract, (str, int)) or not hasattr(contract, "__len__")
        values = [contract] if single else (contract.tolist() if hasattr(contract, "tolist") else list(contract))
        if not values or not isinstance(values[0], str):
            return values[0] if single else contract
        if self._keys is None:
            raise InvalidArgumentError(_ll.VALUE_EINVAL, "contract %r is an id, but the ledger has none "
                                       "(Ledger([ids]) makes one that has)" % values[0])
        index = _ll.value_keys_find(self._keys, _ids(values), len(values))
        return int(index[0]) if single else index

    def add(self, contract: Any, cost: ArrayLike, risk_score: Any, member_months: Any,
            beneficiary: Optional[Any] = None) -> Any:
        """Add one record per beneficiary (or episode).  beneficiary: the
        records' beneficiary ids; one given twice in the call is refused
        (claim-level rows go to add_claims(), which sums them)."""
        if beneficiary is not None:
            ids = _ids(beneficiary.tolist() if hasattr(beneficiary, "tolist") else beneficiary)
            try:
                _ll.value_keys_new(ids, 1, len(ids))[1].close()  # refuses a repeated id, naming both positions
            except InvalidArgumentError as e:
                raise InvalidArgumentError(e.code, e.message.replace("ids[", "beneficiary[") +
                                           ": one record per beneficiary (claim rows go to add_claims())") from None
        _ll.value_ledger_add(self._h, self.index(contract), cost, risk_score, member_months)
        return self

    def add_claims(self, claims: Any, eligibility: Optional[Any] = None, beneficiary: str = "beneficiary",
                   contract: str = "contract", paid: str = "paid", months: str = "months",
                   risk_score: str = "risk_score") -> Any:
        """Add claim-level rows (a DataFrame or mapping of columns: the
        beneficiary's id, the contract (id or index) and the amount paid)
        as one record per beneficiary: its claims summed, its months of
        eligibility and risk score from the eligibility table (one row per
        beneficiary; without it, 12 months and risk score 1 for each).
        A beneficiary under two contracts is refused naming both rows; a
        claim of a beneficiary not in the eligibility table too.  A
        beneficiary's claims must all come in one call (rows split over
        two calls make two records: split work by beneficiary).

        >>> claims = {"beneficiary": ["b1", "b2", "b1"], "contract": ["A1", "A1", "A1"], "paid": [100.0, 50.0, 25.0]}
        >>> Ledger(["A1"]).add_claims(claims).totals("A1")["records"]  # 3 claims, 2 beneficiaries
        2.0
        """
        bids = _ids(_column(claims, beneficiary, "claims"))
        k = self.index(_column(claims, contract, "claims"))
        amounts = _column(claims, paid, "claims")
        if eligibility is None:
            index, keys = _ll.value_keys_new(bids, 0, len(bids))
            n = int(_ll.value_keys_count(keys))
            keys.close()
            m, r = [12.0] * n, [1.0] * n
        else:
            people = _ids(_column(eligibility, beneficiary, "eligibility"))
            keys = _ll.value_keys_new(people, 1, len(people))[1]
            try:
                index = _ll.value_keys_find(keys, bids, len(bids))
            finally:
                keys.close()
            n = len(people)
            columns = set(eligibility.columns if hasattr(eligibility, "columns") else eligibility)
            m = _column(eligibility, months, "eligibility") if months in columns else [12.0] * n
            r = _column(eligibility, risk_score, "eligibility") if risk_score in columns else [1.0] * n
        try:
            _ll.value_ledger_add_claims(self._h, index, k, amounts, m, r)
        except InvalidArgumentError as e:
            two = _TWO_CONTRACTS.match(e.message)
            if two is None:
                raise
            row, k_row, first, k_first = (int(g) for g in two.groups())
            raise InvalidArgumentError(e.code, "claims row %d puts beneficiary %r under contract %s, but row %d under "
                                       "contract %s: a beneficiary belongs to one contract"
                                       % (row, bids[row], self._name(k_row), first, self._name(k_first))) from None
        return self

    def _name(self, k: int) -> str:
        return repr(self.ids[k]) if self.ids is not None else str(k)

    def merge(self, other: Any) -> Any:
        _ll.value_ledger_merge(self._h, other._h)
        return self

    def totals(self, contract_index: Any) -> Any:
        """Totals of one contract (its index, or its id)."""
        names = ("records", "member_months", "risk_mm", "risk_sum", "cost", "above", "below")
        return dict(zip(names, _ll.value_ledger_totals(self._h, self.index(contract_index))))

    def to_bytes(self) -> Any:
        """The ledger serialized (versioned, little-endian, checksummed; the ids are not kept)."""
        size = int(_ll.value_ledger_serialized_size(self._h))
        return bytes(_ll.value_ledger_serialize(self._h, size))

    @classmethod
    def from_bytes(cls, data: Any, ids: Optional[Sequence[Any]] = None) -> Any:
        """A ledger from to_bytes(); ids: the contracts' identifiers again."""
        h = _ll.value_ledger_deserialize(data)
        return cls(list(ids) if ids is not None else int(_ll.value_ledger_contracts(h)), _handle=h)

    def __repr__(self) -> str:
        if self.ids is not None:
            shown = ", ".join(self.ids[:3]) + (", ..." if len(self.ids) > 3 else "")
            return "<Ledger of %d contracts (%s)>" % (self.n_contracts, shown)
        return "<Ledger of %d contracts>" % self.n_contracts


class BookSettlement(NamedTuple):
    """The settlement of many contracts, each on its own terms: .table one
    row per contract (its id, kind and amounts; NaN where an item does not
    apply), .lines the explanation lines of all, a long table keyed by the
    contract (columns contract, line, step, text, amount)."""
    table: Any
    lines: Any


_BOOK_ITEMS = ("beneficiaries", "member_months", "risk_score", "expenditure", "benchmark", "savings",
               "savings_rate", "msr", "mlr", "sharing_rate", "loss_sharing_rate", "shared_after_cap",
               "final_payment")


def _term_contracts(terms: Any, contract: str, kind: str) -> List[Tuple[Any, "Contract", bool]]:
    """(contract id, Contract, made here) for each row of a terms table or item of a {id: Contract} mapping."""
    if isinstance(terms, Mapping) and all(isinstance(v, Contract) for v in terms.values()):
        return [(k, v, False) for k, v in terms.items()]
    ids = _column(terms, contract, "terms")
    columns = list(terms.columns) if hasattr(terms, "columns") else list(terms)
    kinds = _column(terms, kind, "terms") if kind in columns else ["shared_savings"] * len(ids)
    params = {c: _column(terms, c, "terms") for c in columns if c not in (contract, kind)}
    made: List[Tuple[Any, Contract, bool]] = []
    try:
        for i, cid in enumerate(ids):
            values = {name: col[i] for name, col in params.items() if col[i] == col[i]}  # NaN: not set
            made.append((cid, Contract(kinds[i], **values), True))
    except BaseException:
        for _, c, _own in made:
            c.close()
        raise
    return made


def settle_all(ledger: Ledger, terms: Any, contract: str = "contract", kind: str = "kind",
               items: Sequence[str] = _BOOK_ITEMS) -> BookSettlement:
    """Settle each contract of a ledger on its own terms: a table (a
    DataFrame or mapping of columns) with one row per contract, the
    contract's id or index in column `contract`, its kind in column `kind`
    (default 'shared_savings') and its terms in columns named as
    Contract's keywords (NaN: left at the default), or a mapping
    {contract id: Contract} (e.g. MSSP contracts).  Returns a
    BookSettlement of two DataFrames (without pandas, mappings of columns):
    .table (one row per contract with `items`) and .lines (every
    explanation line, keyed by contract).  A contract that cannot be
    settled is refused, named.

    >>> ledger = Ledger(["A1", "A2"]).add(["A1", "A2"], [900.0, 1100.0], [1.0, 1.0], [12.0, 12.0])
    >>> terms = {"contract": ["A1", "A2"], "benchmark_per_capita": [1000.0, 1000.0], "sharing_rate": [0.5, 0.4]}
    >>> book = settle_all(ledger, terms)
    >>> [float(v) for v in book.table["final_payment"]]  # A1 saved 10%, half shared; A2 lost (one-sided)
    [50.0, 0.0]
    >>> list(book.lines["step"])[-2:], list(book.lines["contract"])[-1]
    (['shared', 'payment'], 'A2')
    """
    pd = pandas_module()
    rows: Dict[str, List[Any]] = {"contract": [], "kind": []}
    for name in items:
        choice(_ITEMS, name, "item")
        rows[name] = []
    lines: Dict[str, List[Any]] = {"contract": [], "line": [], "step": [], "text": [], "amount": []}
    todo = _term_contracts(terms, contract, kind)
    try:
        for cid, c, _own in todo:
            try:
                with c.settle(ledger, cid) as s:
                    amounts = s.amounts
                    settled = list(s.lines)
            except Error as e:
                raise type(e)(e.code, "contract %s: %s" % (cid, e.message)) from None
            rows["contract"].append(cid)
            rows["kind"].append(c.kind)
            for name in items:
                rows[name].append(amounts.get(name, float("nan")))
            for j, ln in enumerate(settled):
                lines["contract"].append(cid)
                lines["line"].append(j + 1)
                lines["step"].append(ln.step)
                lines["text"].append(ln.text)
                lines["amount"].append(ln.amount)
    finally:
        for _, c, own in todo:
            if own:
                c.close()
    if pd is None:  # without pandas: the columns as lists
        return BookSettlement(rows, lines)
    return BookSettlement(pd.DataFrame(rows), pd.DataFrame(lines))


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
