# SPDX-License-Identifier: GPL-3.0-or-later
"""Declarative decision models (C modules: lib/evaluation/model*.c): a
cohort state-transition model declared by names and expressions, loaded
from a model file (docs/models.md), built from a dict of the file's shape
or by builder calls, and run entirely in C: base case, scenarios,
subgroups, PSA, DSA and tornado, two-way grids, threshold analysis and
microsimulation.  Nothing is computed here: every number comes from the
library, every length from value_model_count()."""

import math
import re
from collections import namedtuple
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

from .. import _lowlevel as _ll
from .._support import (EINVAL, Error, HandleOwner, InvalidArgumentError, ParseError, Rows, choice, labeled, matrix,
                        options, pandas_module, unknown_name, vector)
from .._constants import value_status
from .cea import PsaCurves, psa_curves
from .discount import Discount
from .markov import OneWay, TornadoRow

__all__ = ["Model", "ModelPsa", "ResultRows", "StrategyResult", "SubgroupResult", "MicrosimResult", "Threshold"]

EPARSE = value_status["eparse"]

# Option names are the enum's (value_model_option); `method` takes the
# within-cycle convention by the file's names ("life-table") or the enum's.
_OPTIONS = options(_ll.value_model_option)
_METHODS = options(_ll.value_markov_correction, rename={"half_cycle": "life_table"})
_ITEMS = _ll.value_model_item
_KINDS = _ll.value_model_category_kind
_LOOKUPS = _ll.value_model_lookup
_DISTS = _ll.value_sampler_dist

# The file's distribution families and their arguments (docs/models.md's
# table): (family, value_sampler_dist option, argument names).  beta and
# lognormal have two forms, chosen by the first argument given.
_FAMILIES = [("fixed", "fixed", ("value",)), ("normal", "normal", ("mean", "sd")),
             ("truncnormal", "truncnormal", ("mean", "sd", "lower", "upper")),
             ("uniform", "uniform", ("min", "max")), ("triangular", "triangular", ("min", "mode", "max")),
             ("beta", "beta", ("shape1", "shape2")), ("beta", "beta_meansd", ("mean", "sd")),
             ("gamma", "gamma_meansd", ("mean", "sd")), ("lognormal", "lognormal_meansd", ("mean", "sd")),
             ("lognormal", "lognormal_log", ("meanlog", "sdlog"))]
_DIST_NAMES = ["fixed", "normal", "truncnormal", "uniform", "triangular", "beta", "gamma", "lognormal",
               "mvnormal", "dirichlet"]
_TOP_KEYS = ["libvalue_model", "name", "cycles", "cycle_length", "method", "discount", "start_age", "tunnel_limit",
             "row_tolerance", "states", "strategies", "categories", "tables", "parameters", "transitions", "values",
             "transition_values", "start_values", "initial", "distributions", "multivariate", "correlations",
             "ranges", "scenarios"]
_STRATEGY_KEYS = ["name", "parameters", "transitions", "values", "transition_values", "start_values", "initial"]
_DECIMAL = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?\Z")
_WEIGHTED_MEAN = "weighted mean"  # the row of subgroups(); not a valid scenario name


class StrategyResult(NamedTuple):
    """Totals of one strategy: discounted cost, effect and life years."""
    strategy: str
    cost: float
    effect: float
    life_years: float


class SubgroupResult(NamedTuple):
    """One subgroup's (or the weighted mean's) weight, and cost and effect
    of a strategy."""
    subgroup: str
    weight: float
    strategy: str
    cost: float
    effect: float


class MicrosimResult(NamedTuple):
    """Microsimulation means per person and their Monte Carlo standard errors."""
    strategy: str
    cost: float
    effect: float
    life_years: float
    se_cost: float
    se_effect: float


class Threshold(NamedTuple):
    """Where the optimal strategy changes: the parameter's value and the
    strategies optimal just below and just above it."""
    value: float
    below: str
    above: str


class ResultRows(Rows[Any]):
    """A run's table without pandas: the rows (named tuples), with
    DataFrame-like reading: r["cost"] a column ({row label: value} when
    the rows have labels, else a list), .itertuples() the rows, and
    .to_frame().

    >>> r = ResultRows([StrategyResult("s", 1.0, 2.0, 3.0)], index="strategy")
    >>> r["cost"], [t.effect for t in r.itertuples()]
    ({'s': 1.0}, [2.0])
    """

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            if key not in self.fields:
                raise unknown_name("column", key, self.fields)
            col = [getattr(r, key) for r in self]
            if self.index_field:
                return dict(zip((getattr(r, self.index_field) for r in self), col))
            return col
        return super().__getitem__(key)

    def itertuples(self) -> Any:
        """The rows, as DataFrame.itertuples() gives them."""
        return iter(list(self))


DsaRow = namedtuple("DsaRow", "parameter bound strategy cost effect")
TwoWayRow = namedtuple("TwoWayRow", "a b strategy cost effect")


def _table(rows: List[Any], index: Optional[str] = None) -> Any:
    """A DataFrame of the rows when pandas is there, else ResultRows."""
    r = ResultRows(rows, index=index)
    return r.to_frame() if pandas_module() is not None else r


def _frame_or(m: Any) -> Any:
    """A labeled matrix as a DataFrame when pandas is there, else as is."""
    return m.to_frame() if pandas_module() is not None else m


# ---- from_dict: the file's shape, walked as the C loader walks it -------------
class _Walk:
    """The element path of messages ("transitions: A: B") and the checks of
    the file reader (lib/evaluation/model_file.c), in its words."""

    def __init__(self) -> None:
        self.path: List[str] = []

    def where(self) -> str:
        return "".join(self.path)

    def key(self, k: Any) -> "_Walk":
        self.path.append((": " if self.path else "") + str(k))
        return self

    def index(self, i: int) -> "_Walk":
        self.path.append("[%d]" % i)
        return self

    def pop(self) -> None:
        self.path.pop()

    def fail(self, message: str) -> Exception:
        w = self.where()
        return ParseError(EPARSE, "%s: %s" % (w, message) if w else message)

    def within(self, e: Error) -> Exception:
        """A builder call's error, after the element it was for."""
        w = self.where()
        return type(e)(e.code, "%s: %s" % (w, e.message) if w else e.message)


def _kind(x: Any) -> str:
    if isinstance(x, Mapping):
        return "a map"
    if isinstance(x, (list, tuple)):
        return "a list"
    return "nothing" if x is None else "a value"


def _want_map(w: _Walk, x: Any) -> Mapping[Any, Any]:
    if not isinstance(x, Mapping):
        raise w.fail("expected a map (key: value), got %s" % _kind(x))
    return x


def _want_list(w: _Walk, x: Any) -> Sequence[Any]:
    if not isinstance(x, (list, tuple)):
        raise w.fail("expected a list, got %s" % _kind(x))
    return x


def _scalar(w: _Walk, x: Any) -> None:
    if isinstance(x, (Mapping, list, tuple)):
        raise w.fail("expected a value, got %s" % _kind(x))


def _text(w: _Walk, x: Any, what: str) -> str:
    """An expression or a name as text: numbers in the shortest form that
    reads back as the same double (repr)."""
    _scalar(w, x)
    if x is None:
        raise w.fail("expected %s, got nothing" % what)
    if isinstance(x, bool):
        raise w.fail("expected %s, got %r" % (what, x))
    if isinstance(x, float):
        if not math.isfinite(x):
            raise w.fail("'%r' is not a finite number" % x)
        return repr(x)
    if isinstance(x, int):
        return str(x)
    if not isinstance(x, str):
        raise w.fail("expected %s, got %s" % (what, type(x).__name__))
    return x


def _number(w: _Walk, x: Any) -> float:
    """A number: a Python int or float, or a decimal string (the file's grammar)."""
    _scalar(w, x)
    if x is None:
        raise w.fail("expected a number, got nothing")
    if isinstance(x, bool) or not isinstance(x, (int, float, str)):
        raise w.fail("'%s' is not a number" % (x,))
    if isinstance(x, str):
        if not _DECIMAL.match(x):
            raise w.fail("'%s' is not a number" % x)
        v = float(x)
    else:
        v = float(x)
    if not math.isfinite(v):
        raise w.fail("'%s' is not a finite number" % (x,))
    return v


def _boolean(w: _Walk, x: Any) -> bool:
    _scalar(w, x)
    if isinstance(x, bool):
        return x
    if isinstance(x, str) and x.lower() in ("true", "yes", "on", "false", "no", "off"):
        return x.lower() in ("true", "yes", "on")
    raise w.fail("expected true or false, got '%s'" % (x,))


def _choose(w: _Walk, x: Any, what: str, names: Sequence[str]) -> str:
    s = _text(w, x, what)
    if s not in names:
        raise w.fail(str(unknown_name(what, s, names)))
    return s


def _fields(w: _Walk, x: Any, keys: Sequence[str]) -> Dict[str, Any]:
    """The values of a map with known keys (absent ones left out)."""
    for k in _want_map(w, x):
        if k not in keys:
            raise w.fail(str(unknown_name("key", str(k), keys)))
    return dict(x)


def _numbers(w: _Walk, x: Any) -> List[float]:
    out = []
    for i, v in enumerate(_want_list(w, x)):
        w.index(i)
        out.append(_number(w, v))
        w.pop()
    return out


def _rows_or_flat(w: _Walk, x: Any, width: int) -> List[float]:
    """A list of rows of `width` numbers, or one flat list."""
    x = _want_list(w, x)
    if not x or not isinstance(x[0], (list, tuple)):
        return _numbers(w, x)
    out: List[float] = []
    for r, row in enumerate(x):
        w.index(r)
        v = _numbers(w, row)
        if len(v) != width:
            raise w.fail("a row of %d number%s, not %d" % (len(v), "" if len(v) == 1 else "s", width))
        out += v
        w.pop()
    return out


class _Calls:
    """Runs a builder call for the element at the walk's path."""

    def __init__(self, w: _Walk) -> None:
        self.w = w

    def __call__(self, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except Error as e:
            raise self.w.within(e) from None


class Model(HandleOwner):
    """A declarative decision model (include/value.h, group "model").

    Model.load(path) and Model.parse(text) read a model file
    (docs/models.md); Model.from_dict(d) takes a dict of the file's shape;
    Model() starts an empty one for the builder methods (each returns the
    model, for chaining).  Options as keywords or with set(): cycles,
    cycle_length, discount_costs, discount_effects, discount_first,
    method ('start', 'end', 'life-table', 'trapezoid', 'simpson'),
    row_tolerance, threads, start_age, tunnel_limit.

    >>> m = Model(cycles=2, method="end")
    >>> m = m.add_state("well").add_state("dead", dead=True).add_strategy("usual")
    >>> m = m.add_category("cost", "cost").add_category("qaly", "effect")
    >>> m = m.set_parameter("p_die", "0.1").set_transition("well", "dead", "p_die").set_transition("well", "well", "C")
    >>> m = m.set_state_value("well", "cost", 100).set_state_value("well", "qaly", 1)
    >>> r = m.run()  # alive at the end of cycle 1: 0.9, of cycle 2: 0.81
    >>> [round(float(v), 12) for v in (r["cost"]["usual"], r["effect"]["usual"], r["life_years"]["usual"])]
    [171.0, 1.71, 1.71]
    >>> m.states, m.strategies
    (['well', 'dead'], ['usual'])
    """

    def __init__(self, _handle: Any = None, **opts: Any) -> None:
        self._h = _handle if _handle is not None else _ll.value_model_new()
        try:
            for k, v in opts.items():
                self.set(k, v)
        except BaseException:
            self._h.close()
            raise

    # ---- reading --------------------------------------------------------------------
    @classmethod
    def load(cls, path: str) -> "Model":
        """Read a model file (YAML; docs/models.md).  Errors name the line,
        the column and the element.

        >>> import os, tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     p = os.path.join(d, "m.yaml")
        ...     _ = open(p, "w").write("libvalue_model: 1\\nstates: [a]\\nstrategies: [s]\\n")
        ...     Model.load(p).states
        ['a']
        """
        return cls(_ll.value_model_load(str(path)))

    @classmethod
    def parse(cls, text: str) -> "Model":
        """Read a model from YAML text (as load()).

        >>> Model.parse("libvalue_model: 1\\ncyles: 3\\n")
        Traceback (most recent call last):
        ...
        libvalue.ParseError: line number 2, column number 1: unknown key 'cyles' (did you mean 'cycles'?)
        """
        if not isinstance(text, str):
            raise InvalidArgumentError(EINVAL, "text must be a str, got %s" % type(text).__name__)
        return cls(_ll.value_model_parse(text, len(text.encode("utf-8"))))

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Model":
        """A model from a dict of the model file's shape (numbers or
        strings as expressions), built by the same calls, in the same
        order, as the file reader makes: the same model, bitwise the same
        results.  Errors name the element as the reader does, without the
        line and column.

        >>> m = Model.from_dict(dict(libvalue_model=1, states=["a", {"name": "d", "dead": True}],
        ...                          strategies=["s"], transitions={"a": {"a": "C", "d": 0.5}}))
        >>> m.states
        ['a', 'd']
        >>> Model.from_dict(dict(libvalue_model=1, states=["a"], strategies=["s"],
        ...                      transitions={"a": {"b": "1"}}))
        Traceback (most recent call last):
        ...
        libvalue.NotFoundError: transitions: a: b: unknown state 'b' (did you mean 'a'?)
        """
        m = cls()
        try:
            m._build(d)
        except BaseException:
            m.close()  # nothing half-built is returned
            raise
        return m

    def _build(self, d: Mapping[str, Any]) -> None:
        w = _Walk()
        call = _Calls(w)
        root = _want_map(w, d)
        if "libvalue_model" not in root:
            raise w.fail("missing 'libvalue_model: 1' (the format's version): is this a model file?")
        ver = _number(w.key("libvalue_model"), root["libvalue_model"])
        if ver != 1:
            raise w.fail("version %s is not supported; this libvalue reads version 1" % ("%.17g" % ver))
        w.pop()
        v = _fields(w, root, _TOP_KEYS)
        if "name" in v:
            _scalar(w.key("name"), v["name"])
            w.pop()
        if "method" in v:
            k = _choose(w.key("method"), v["method"], "method", ["start", "end", "life-table", "trapezoid",
                                                                  "simpson"])
            call(self.set, "method", k)
            w.pop()
        for key in ("cycles", "cycle_length", "start_age", "tunnel_limit", "row_tolerance"):
            if key in v:
                x = _number(w.key(key), v[key])
                call(_ll.value_model_set, self._h, _OPTIONS[key], x)
                w.pop()
        if "discount" in v:
            self._discount(w.key("discount"), v["discount"])
            w.pop()
        if "states" in v:
            w.key("states")
            for i, s in enumerate(_want_list(w, v["states"])):
                w.index(i)
                dead = False
                if isinstance(s, Mapping):
                    f = _fields(w, s, ["name", "dead"])
                    if "name" not in f:
                        raise w.fail("missing 'name' (a state is a name, or {name: ..., dead: true})")
                    name = _text(w, f["name"], "a state's name")
                    if "dead" in f:
                        dead = _boolean(w.key("dead"), f["dead"])
                        w.pop()
                else:
                    name = _text(w, s, "a state's name")
                call(self.add_state, name, dead)
                w.pop()
            w.pop()
        strategies: List[Tuple[str, Dict[str, Any]]] = []
        if "strategies" in v:
            w.key("strategies")
            for i, s in enumerate(_want_list(w, v["strategies"])):
                w.index(i)
                if isinstance(s, Mapping):
                    f = _fields(w, s, _STRATEGY_KEYS)
                    if "name" not in f:
                        raise w.fail("missing 'name' (a strategy is a name, or {name: ..., parameters: ...})")
                    name = _text(w, f["name"], "a strategy's name")
                else:
                    f, name = {}, _text(w, s, "a strategy's name")
                call(self.add_strategy, name)
                strategies.append((name, f))
                w.pop()
            w.pop()
        if "categories" in v:
            w.key("categories")
            for name, kind in _want_map(w, v["categories"]).items():
                w.key(name)
                call(self.add_category, str(name), _choose(w, kind, "category kind", list(_KINDS)))
                w.pop()
            w.pop()
        if "tables" in v:
            w.key("tables")
            for name, t in _want_map(w, v["tables"]).items():
                self._table(w.key(name), str(name), t, call)
                w.pop()
            w.pop()
        for key in _STRATEGY_KEYS[1:]:
            if key in v:
                self._section(w.key(key), None, key, v[key], call)
                w.pop()
        if "distributions" in v:
            w.key("distributions")
            for name, x in _want_map(w, v["distributions"]).items():
                self._distribution(w.key(name), str(name), x, call)
                w.pop()
            w.pop()
        if "multivariate" in v:
            w.key("multivariate")
            for i, x in enumerate(_want_list(w, v["multivariate"])):
                self._joint(w.index(i), x, call)
                w.pop()
            w.pop()
        if "correlations" in v:
            w.key("correlations")
            for i, c in enumerate(_want_list(w, v["correlations"])):
                w.index(i)
                c = _want_list(w, c)
                if len(c) != 3:
                    raise w.fail("expected [a, b, rho], got %d item%s" % (len(c), "" if len(c) == 1 else "s"))
                a, b = _text(w, c[0], "a parameter"), _text(w, c[1], "a parameter")
                call(self.set_correlation, a, b, _number(w, c[2]))
                w.pop()
            w.pop()
        if "ranges" in v:
            w.key("ranges")
            for name, lh in _want_map(w, v["ranges"]).items():
                w.key(name)
                lh_v = _numbers(w, lh)
                if len(lh_v) != 2:
                    raise w.fail("expected [low, high], got %d number%s" % (len(lh_v), "" if len(lh_v) == 1 else "s"))
                call(self.set_range, str(name), lh_v[0], lh_v[1])
                w.pop()
            w.pop()
        if strategies:
            w.key("strategies")
            for name, f in strategies:
                w.key(name)  # "strategies: comb: parameters: rr"
                for key in _STRATEGY_KEYS[1:]:
                    if key in f:
                        self._section(w.key(key), name, key, f[key], call)
                        w.pop()
                w.pop()
            w.pop()
        if "scenarios" in v:
            w.key("scenarios")
            for name, s in _want_map(w, v["scenarios"]).items():
                w.key(name)
                f = _fields(w, s, ["parameters", "weight"])
                p = f.get("parameters")
                if p is None or (isinstance(p, Mapping) and not p):
                    raise w.fail("a scenario sets at least one parameter ({parameters: {name: value}})")
                w.key("parameters")
                for k, e in _want_map(w, p).items():
                    w.key(k)
                    call(self.set_scenario, str(name), str(k), _text(w, e, "an expression"))
                    w.pop()
                w.pop()
                if "weight" in f:
                    x = _number(w.key("weight"), f["weight"])
                    call(self.set_weight, str(name), x)
                    w.pop()
                w.pop()
            w.pop()

    def _discount(self, w: _Walk, x: Any) -> None:
        call = _Calls(w)
        f = _fields(w, x, ["costs", "effects", "first_cycle"])
        for key, opt in (("costs", "discount_costs"), ("effects", "discount_effects")):
            if key not in f:
                continue
            w.key(key)
            if not isinstance(f[key], Mapping):
                call(_ll.value_model_set, self._h, _OPTIONS[opt], _number(w, f[key]))
            else:
                g = _fields(w, f[key], ["rate", "steps"])
                if "rate" not in g:
                    raise w.fail("missing 'rate' (a scheme is {rate: r, steps: [[year, rate], ...]})")
                r = _number(w.key("rate"), g["rate"])
                d = call(Discount, r)
                w.pop()
                with d:
                    if "steps" in g:
                        w.key("steps")
                        for i, s in enumerate(_want_list(w, g["steps"])):
                            w.index(i)
                            yr = _numbers(w, s)
                            if len(yr) != 2:
                                raise w.fail("expected [year, rate], got %d number%s" % (
                                    len(yr), "" if len(yr) == 1 else "s"))
                            call(d.add_step, yr[0], yr[1])
                            w.pop()
                        w.pop()
                    call(self.set_discount, d if key == "costs" else None, d if key == "effects" else None)
            w.pop()
        if "first_cycle" in f:
            call(self.set, "discount_first", _boolean(w.key("first_cycle"), f["first_cycle"]))
            w.pop()

    def _table(self, w: _Walk, name: str, x: Any, call: _Calls) -> None:
        f = _fields(w, x, ["rows", "columns", "values", "lookup"])
        for k in ("rows", "values"):
            if k not in f:
                raise w.fail("missing '%s' (a table has rows, values and optionally columns and lookup)" % k)
        rows = _numbers(w.key("rows"), f["rows"])
        w.pop()
        cols = None
        if "columns" in f:
            cols = _numbers(w.key("columns"), f["columns"])
            w.pop()
        values = _rows_or_flat(w.key("values"), f["values"], len(cols) if cols is not None else 1)
        w.pop()
        lookup = "step"
        if "lookup" in f:
            lookup = _choose(w.key("lookup"), f["lookup"], "lookup", list(_LOOKUPS))
            w.pop()
        call(self.add_table, name, rows, values, cols, lookup)

    def _section(self, w: _Walk, strategy: Optional[str], key: str, x: Any, call: _Calls) -> None:
        """parameters, transitions, values, transition_values, start_values or initial."""
        for k, row in _want_map(w, x).items():
            w.key(k)
            k = str(k)
            if key == "parameters":
                call(self.set_parameter, k, _text(w, row, "an expression"), strategy)
            elif key in ("start_values", "initial"):
                fn = self.set_start_value if key == "start_values" else self.set_initial
                call(fn, k, _text(w, row, "an expression"), strategy)
            else:
                for k2, y in _want_map(w, row).items():
                    w.key(k2)
                    k2 = str(k2)
                    if key == "transitions":
                        call(self.set_transition, k, k2, _text(w, y, "an expression"), strategy)
                    elif key == "values":
                        call(self.set_state_value, k, k2, _text(w, y, "an expression"), strategy)
                    else:
                        for cat, e in _want_map(w, y).items():
                            w.key(cat)
                            call(self.set_transition_value, k, k2, str(cat), _text(w, e, "an expression"), strategy)
                            w.pop()
                    w.pop()
            w.pop()

    def _distribution(self, w: _Walk, name: str, x: Any, call: _Calls) -> None:
        x = _want_map(w, x)
        if "dist" not in x:
            raise w.fail("missing 'dist' (a distribution is {dist: family, its arguments})")
        d = _choose(w.key("dist"), x["dist"], "dist", _DIST_NAMES)
        if d in ("mvnormal", "dirichlet"):
            raise w.fail("%s is a joint distribution: it goes under 'multivariate'" % d)
        w.pop()
        forms = [f for f in _FAMILIES if f[0] == d]
        form = forms[0]
        if len(forms) > 1 and form[2][0] not in x and forms[1][2][0] in x:
            form = forms[1]
        f = _fields(w, x, ("dist",) + form[2])
        args = []
        for a in form[2]:
            if a not in f:
                raise w.fail("missing '%s' (%s takes %s)" % (a, d, ", ".join(form[2])))
            args.append(_number(w.key(a), f[a]))
            w.pop()
        call(self.set_distribution, name, form[1], *args)

    def _joint(self, w: _Walk, x: Any, call: _Calls) -> None:
        x = _want_map(w, x)
        if "dist" not in x:
            raise w.fail("missing 'dist' (mvnormal or dirichlet)")
        d = _choose(w.key("dist"), x["dist"], "joint dist", ["mvnormal", "dirichlet"])
        w.pop()
        keys = ["dist", "parameters", "mean", "cov"] if d == "mvnormal" else ["dist", "parameters", "alpha"]
        f = _fields(w, x, keys)
        for k in keys[1:]:
            if k not in f:
                raise w.fail("missing '%s' (%s takes %s)" % (k, d, ", ".join(keys[1:])))
        w.key("parameters")
        names = []
        for i, n in enumerate(_want_list(w, f["parameters"])):
            names.append(_text(w.index(i), n, "a name"))
            w.pop()
        w.pop()
        vec = _numbers(w.key(keys[2]), f[keys[2]])
        if len(vec) != len(names):
            raise w.fail("%d number%s for %d parameters" % (len(vec), "" if len(vec) == 1 else "s", len(names)))
        w.pop()
        if d == "mvnormal":
            cov = _rows_or_flat(w.key("cov"), f["cov"], len(names))
            if len(cov) != len(names) ** 2:
                raise w.fail("%d numbers for a %d x %d matrix (one row per parameter)" % (
                    len(cov), len(names), len(names)))
            w.pop()
            call(self.set_mvnormal, names, vec, cov)
        else:
            call(self.set_dirichlet, names, vec)

    # ---- options --------------------------------------------------------------------
    def set(self, option: str, value: Any) -> "Model":
        """Set an option by name (see the class); method by its name.

        >>> Model().set("cycles", 20).get("cycles")
        20.0
        >>> Model().set("cylces", 20)
        Traceback (most recent call last):
        ...
        libvalue.InvalidArgumentError: unknown option 'cylces' (did you mean 'cycles'?)
        """
        opt = choice(_OPTIONS, option, "option")
        if option == "method":
            value = choice(_METHODS, value.replace("-", "_") if isinstance(value, str) else value, "method")
        elif isinstance(value, bool):
            value = 1.0 if value else 0.0
        _ll.value_model_set(self._h, opt, value)
        return self

    def get(self, option: str) -> Any:
        """An option's value (method: its name, as in the file).

        >>> Model().get("method")
        'life-table'
        """
        v = _ll.value_model_get(self._h, choice(_OPTIONS, option, "option"))
        if option == "method":
            return {k: n for n, k in _METHODS.items()}[int(v)].replace("_", "-")
        return v

    def set_discount(self, costs: Optional[Discount] = None, effects: Optional[Discount] = None) -> "Model":
        """Discount by schemes (libvalue.Discount, e.g. stepped Green Book
        rates); None leaves one as it is.

        >>> m = Model(cycles=2, method="end").add_state("a").add_strategy("s").set_transition("a", "a", "C")
        >>> m = m.add_category("c").set_state_value("a", "c", 1)
        >>> d = libvalue.Discount(0.5, steps=[(1, 0)])  # 50% in year 1, then none
        >>> round(float(m.set_discount(d, None).run()["cost"]["s"]), 12)  # 1/1.5 + 1/1.5
        1.333333333333
        """
        _ll.value_model_set_discount(self._h, costs._h if costs is not None else None,
                                     effects._h if effects is not None else None)
        return self

    # ---- elements --------------------------------------------------------------------
    def add_state(self, name: str, dead: bool = False) -> "Model":
        """Add a state; a dead one counts no life years.

        >>> Model().add_state("well").add_state("dead", dead=True).states
        ['well', 'dead']
        """
        flag = _ll.value_model_state_flag["dead" if dead else "alive"]
        _ll.value_model_add_state(self._h, name, flag)
        return self

    def add_strategy(self, name: str) -> "Model":
        """Add a strategy.

        >>> Model().add_strategy("usual").add_strategy("new").strategies
        ['usual', 'new']
        """
        _ll.value_model_add_strategy(self._h, name)
        return self

    def add_category(self, name: str, kind: str = "cost") -> "Model":
        """Add a value category: kind 'cost', 'effect' or 'other'.

        >>> Model().add_category("drug", "cost").add_category("qaly", "effect").categories
        ['drug', 'qaly']
        """
        _ll.value_model_add_category(self._h, name, choice(_KINDS, kind, "category kind"))
        return self

    def set_parameter(self, name: str, expr: Any, strategy: Optional[str] = None) -> "Model":
        """Set a parameter's expression, for all strategies or one.

        >>> Model().set_parameter("p", "1 - exp(-0.1)").parameters
        ['p']
        """
        _ll.value_model_set_parameter(self._h, strategy, name, _expr(expr, "expr"))
        return self

    def set_distribution(self, name: str, dist: str, *args: float) -> "Model":
        """Give a parameter a PSA distribution: dist a value_sampler_dist
        option (fixed, normal, truncnormal, uniform, triangular, beta,
        beta_meansd, gamma_meansd, lognormal_meansd, lognormal_log) and
        its arguments in the sampler's order.

        >>> Model().set_parameter("u", 0.8).set_distribution("u", "beta_meansd", 0.8, 0.05).sampled
        ['u']
        """
        if len(args) > 4:
            raise InvalidArgumentError(EINVAL, "at most 4 distribution arguments, got %d" % len(args))
        a = (list(args) + [0.0] * 4)[:4]
        _ll.value_model_set_distribution(self._h, name, choice(_DISTS, dist, "dist"), *a)
        return self

    def set_mvnormal(self, names: Sequence[str], mean: Sequence[float], cov: Any) -> "Model":
        """A joint multivariate normal of k parameters: k means and a k x k
        covariance (rows, or flat row-major).

        >>> m = Model().set_parameter("a", 0).set_parameter("b", 0)
        >>> m.set_mvnormal(["a", "b"], [0, 1], [[1, 0.5], [0.5, 2]]).sampled
        ['a', 'b']
        """
        flat = [float(v) for r in cov for v in (r if isinstance(r, (list, tuple)) else [r])] \
            if isinstance(cov, (list, tuple)) else cov.reshape(-1)
        _ll.value_model_set_mvnormal(self._h, list(names), mean, flat)
        return self

    def set_dirichlet(self, names: Sequence[str], alpha: Sequence[float]) -> "Model":
        """A joint Dirichlet of k parameters (a row of probabilities).

        >>> m = Model().set_parameter("p", 0.5).set_parameter("q", 0.5)
        >>> m.set_dirichlet(["p", "q"], [10, 10]).sampled
        ['p', 'q']
        """
        _ll.value_model_set_dirichlet(self._h, list(names), alpha)
        return self

    def set_correlation(self, a: str, b: str, rho: float) -> "Model":
        """Correlate two parameters' draws (Gaussian copula).

        >>> m = Model().set_parameter("a", 1).set_parameter("b", 1)
        >>> m = m.set_distribution("a", "normal", 1, 0.1).set_distribution("b", "normal", 1, 0.1)
        >>> m.set_correlation("a", "b", 0.5).sampled
        ['a', 'b']
        """
        _ll.value_model_set_correlation(self._h, a, b, rho)
        return self

    def set_range(self, name: str, low: float, high: float) -> "Model":
        """A DSA range for a parameter.

        >>> Model().set_parameter("p", 0.1).set_range("p", 0.05, 0.2).ranges
        ['p']
        """
        _ll.value_model_set_range(self._h, name, low, high)
        return self

    def set_transition(self, from_: str, to: str, expr: Any, strategy: Optional[str] = None) -> "Model":
        """A transition probability (an expression, or "C" for the complement).

        >>> m = Model().add_state("a").add_state("b").add_strategy("s")
        >>> m.set_transition("a", "b", 0.2).set_transition("a", "a", "C").check()
        """
        _ll.value_model_set_transition(self._h, strategy, from_, to, _expr(expr, "expr"))
        return self

    def set_state_value(self, state: str, category: str, expr: Any, strategy: Optional[str] = None) -> "Model":
        """A category's value per cycle in a state.

        >>> m = Model().add_state("a").add_strategy("s").set_transition("a", "a", "C").add_category("cost")
        >>> m.set_state_value("a", "cost", 100).run()["cost"]["s"] == 100  # one cycle, life-table: (1 + 1)/2
        True
        """
        _ll.value_model_set_state_value(self._h, strategy, category, state, _expr(expr, "expr"))
        return self

    def set_transition_value(self, from_: str, to: str, category: str, expr: Any,
                             strategy: Optional[str] = None) -> "Model":
        """A one-off value per person moving from one state to another.

        >>> m = Model(method="end").add_state("a").add_state("b").add_strategy("s").add_category("cost")
        >>> m = m.set_transition("a", "b", 0.5).set_transition("a", "a", "C")
        >>> m.set_transition_value("a", "b", "cost", 1000).run()["cost"]["s"] == 500
        True
        """
        _ll.value_model_set_transition_value(self._h, strategy, category, from_, to, _expr(expr, "expr"))
        return self

    def set_start_value(self, category: str, expr: Any, strategy: Optional[str] = None) -> "Model":
        """A value counted once per person at time 0, undiscounted.

        >>> m = Model().add_state("a").add_strategy("s").set_transition("a", "a", "C").add_category("cost")
        >>> m.set_start_value("cost", 394).run()["cost"]["s"] == 394
        True
        """
        _ll.value_model_set_start_value(self._h, strategy, category, _expr(expr, "expr"))
        return self

    def set_initial(self, state: str, expr: Any, strategy: Optional[str] = None) -> "Model":
        """The share of the cohort starting in a state.

        >>> m = Model().add_state("a").add_state("b").add_strategy("s").set_transition("a", "a", "C")
        >>> [float(v) for v in m.set_initial("b", 1).trace("s")["b"]]
        [1.0, 1.0]
        """
        _ll.value_model_set_initial(self._h, strategy, state, _expr(expr, "expr"))
        return self

    def add_table(self, name: str, rows: Sequence[float], values: Any, columns: Optional[Sequence[float]] = None,
                  lookup: str = "step") -> "Model":
        """A lookup table: row keys, values (rows x columns: a list of rows or
        flat), optional column keys, lookup 'step' or 'linear'.

        >>> Model().add_table("mort", [35, 45], [0.001, 0.003]).set_parameter("q", "lookup(mort, 40)").parameters
        ['q']
        """
        if len(values) and isinstance(values[0], (list, tuple)):
            values = [float(v) for r in values for v in r]
        elif hasattr(values, "reshape"):
            values = values.reshape(-1)
        _ll.value_model_add_table(self._h, name, rows, columns if columns is not None else [0.0], values,
                                  choice(_LOOKUPS, lookup, "lookup"))
        return self

    def set_scenario(self, scenario: str, name: str, expr: Any) -> "Model":
        """A parameter's expression in a scenario (created by its first).

        >>> Model().set_parameter("c", 100).set_scenario("high", "c", 200).scenarios
        ['high']
        """
        _ll.value_model_set_scenario(self._h, scenario, name, _expr(expr, "expr"))
        return self

    def set_weight(self, scenario: str, weight: float) -> "Model":
        """Make a scenario a subgroup with a weight (for subgroups()).

        >>> Model().set_parameter("m", 0).set_scenario("men", "m", 1).set_weight("men", 0.5).scenarios
        ['men']
        """
        _ll.value_model_set_weight(self._h, scenario, weight)
        return self

    def check(self) -> None:
        """Raise the error a run would give, if any.

        >>> Model().add_state("a").add_strategy("s").set_transition("a", "a", "p").check()
        Traceback (most recent call last):
        ...
        libvalue.NotFoundError: transition 'a' -> 'a' of strategy 's': unknown parameter 'p' (known: 'age', 'model_time', 'state_time', 'markov_cycle', 'cycle_length') at character 1 ('p') of "p"
        """
        _ll.value_model_check(self._h)

    # ---- names ------------------------------------------------------------------------
    def _names(self, what: str) -> List[str]:
        k = _ITEMS[what]
        return [_ll.value_model_name(self._h, k, i) for i in range(_ll.value_model_count(self._h, k))]

    @property
    def states(self) -> List[str]:
        """The states, in order.

        >>> Model().add_state("a").states
        ['a']
        """
        return self._names("states")

    @property
    def strategies(self) -> List[str]:
        """The strategies, in order.

        >>> Model().add_strategy("s").strategies
        ['s']
        """
        return self._names("strategies")

    @property
    def categories(self) -> List[str]:
        """The value categories, in order.

        >>> Model().add_category("qaly", "effect").categories
        ['qaly']
        """
        return self._names("categories")

    @property
    def parameters(self) -> List[str]:
        """The parameters, in the order first set.

        >>> Model().set_parameter("b", 1).set_parameter("a", 2).parameters
        ['b', 'a']
        """
        return self._names("parameters")

    @property
    def sampled(self) -> List[str]:
        """The PSA columns: parameters with a distribution (psa()'s draws).

        >>> Model().set_parameter("a", 1).set_distribution("a", "uniform", 0, 2).sampled
        ['a']
        """
        return self._names("sampled")

    @property
    def ranges(self) -> List[str]:
        """Parameters with a DSA range, in the order set.

        >>> Model().set_parameter("a", 1).set_range("a", 0, 2).ranges
        ['a']
        """
        return self._names("ranges")

    @property
    def range_bounds(self) -> Dict[str, Tuple[float, float]]:
        """Each DSA range's (low, high), in the order of ranges.

        >>> Model().set_parameter("a", 1).set_range("a", 0, 2).range_bounds
        {'a': (0.0, 2.0)}
        """
        return {n: _ll.value_model_get_range(self._h, i) for i, n in enumerate(self.ranges)}

    @property
    def subgroup_names(self) -> List[str]:
        """The subgroups: the scenarios with a weight, in the order of
        subgroups()'s rows.

        >>> m = Model().set_parameter("a", 1).set_scenario("x", "a", 2).set_scenario("y", "a", 3)
        >>> m.set_weight("y", 2).subgroup_names
        ['y']
        """
        return self._names("subgroups")

    @property
    def weights(self) -> Dict[str, float]:
        """Each subgroup's weight, in the order of subgroup_names.

        >>> m = Model().set_parameter("a", 1).set_scenario("x", "a", 2).set_weight("x", 0.25)
        >>> m.weights
        {'x': 0.25}
        """
        return {n: _ll.value_model_get_weight(self._h, i) for i, n in enumerate(self.subgroup_names)}

    @property
    def scenarios(self) -> List[str]:
        """The scenarios (and subgroups), in order.

        >>> Model().set_parameter("a", 1).set_scenario("x", "a", 2).scenarios
        ['x']
        """
        return self._names("scenarios")

    @property
    def tables(self) -> List[str]:
        """The lookup tables.

        >>> Model().add_table("t", [0], [1]).tables
        ['t']
        """
        return self._names("tables")

    def _strategy(self, s: Union[int, str]) -> int:
        names = self.strategies
        if isinstance(s, str):
            if s not in names:
                raise unknown_name("strategy", s, names)
            return names.index(s)
        return s

    # ---- runs -------------------------------------------------------------------------
    def run(self, scenario: Optional[str] = None) -> Any:
        """The base case (or a scenario): one row per strategy with its
        cost, effect and life years (a DataFrame indexed by strategy, or
        Rows of StrategyResult without pandas; frontier() takes either's
        .to_frame()).

        >>> m = Model(method="end").add_state("a").add_state("d", dead=True).add_strategy("s")
        >>> r = m.set_transition("a", "d", 0.5).set_transition("a", "a", "C").run()
        >>> float(r["life_years"]["s"])
        0.5
        """
        names = self.strategies
        c, e, ly = _ll.value_model_run(self._h, scenario, len(names))
        return _table([StrategyResult(n, c[j], e[j], ly[j]) for j, n in enumerate(names)], "strategy")

    def values(self, scenario: Optional[str] = None) -> Any:
        """The discounted total of each category (columns) per strategy (rows).

        >>> m = Model().add_state("a").add_strategy("s").set_transition("a", "a", "C").add_category("drug").set_state_value("a", "drug", 5)
        >>> [float(v) for v in m.values()["drug"]]
        [5.0]
        """
        names, cats = self.strategies, self.categories
        out = _ll.value_model_run_values(self._h, scenario, len(names) * len(cats))
        return _frame_or(labeled(matrix(out, len(cats)), cats, names, "strategy"))

    def trace(self, strategy: Union[int, str] = 0, scenario: Optional[str] = None) -> Any:
        """The cohort over the states at times 0..T of one strategy (its
        name or index): a DataFrame indexed by cycle, or a labeled matrix.

        >>> m = Model(cycles=2).add_state("a").add_state("d", dead=True).add_strategy("s")
        >>> t = m.set_transition("a", "d", 0.5).set_transition("a", "a", "C").trace("s")
        >>> [float(v) for v in t["a"]]
        [1.0, 0.5, 0.25]
        """
        states = self.states
        n = int(self.get("cycles")) + 1
        out = _ll.value_model_trace(self._h, scenario, self._strategy(strategy), n * len(states))
        return _frame_or(labeled(matrix(out, len(states)), states, list(range(n)), "cycle"))

    def subgroups(self) -> Any:
        """Each subgroup (scenario with a weight, in the order of
        VALUE_MODEL_SUBGROUPS) and their weighted mean ('weighted mean'):
        rows of subgroup, weight, strategy, cost, effect (the mean's row has
        no weight of its own: NaN; the weights need not sum to 1).

        >>> m = Model().add_state("a").add_strategy("s").set_transition("a", "a", "C").add_category("c").set_parameter("x", 1)
        >>> m = m.set_state_value("a", "c", "x").set_scenario("g1", "x", 2).set_weight("g1", 1)
        >>> m = m.set_scenario("g2", "x", 4).set_weight("g2", 3)
        >>> [(r.subgroup, r.weight, float(r.cost)) for r in m.subgroups().itertuples()][:2]
        [('g1', 1.0, 2.0), ('g2', 3.0, 4.0)]
        >>> [float(r.cost) for r in m.subgroups().itertuples()][2]  # (1 x 2 + 3 x 4) / 4
        3.5
        """
        names, w = self.strategies, self.weights
        groups, weights = list(w), list(w.values())
        j, g = len(names), len(groups)
        # no subgroup: out_len J, so the library gives its own error (no scenario has a weight)
        c, e = _ll.value_model_run_subgroups(self._h, (g + 1) * j)
        labels = groups + [_WEIGHTED_MEAN]
        weights.append(math.nan)
        return _table([SubgroupResult(labels[i], weights[i], names[k], c[i * j + k], e[i * j + k])
                       for i in range(g + 1) for k in range(j)])

    def psa(self, n: int, seed: int, scenario: Optional[str] = None) -> "ModelPsa":
        """A PSA of n draws from seed: ModelPsa(cost, effect, draws), n x J
        and n x P arrays with named columns; .curves(lambdas) the CEAC,
        EVPI and CEAF (libvalue.psa_curves).

        >>> m = Model().add_state("a").add_strategy("s").set_transition("a", "a", "C").add_category("c").set_parameter("x", 1)
        >>> m = m.set_state_value("a", "c", "x").set_distribution("x", "uniform", 0, 2)
        >>> r = m.psa(4, seed=1)
        >>> [float(a) == float(b) for a, b in zip(r.cost["s"], r.draws["x"])]  # one cycle: the cost is x
        [True, True, True, True]
        """
        names, sampled = self.strategies, self.sampled
        j, p = len(names), len(sampled)
        c, e, d = _ll.value_model_psa(self._h, scenario, seed, n, n * j, n * p)
        return ModelPsa(labeled(matrix(c, j), names), labeled(matrix(e, j), names), labeled(matrix(d, p), sampled),
                        names)

    def dsa(self) -> Any:
        """One-way sensitivity: each ranged parameter at its low and high
        value: rows of parameter, bound ('low'/'high'), strategy, cost, effect.

        >>> m = Model().add_state("a").add_strategy("s").set_transition("a", "a", "C").add_category("c").set_parameter("x", 1)
        >>> m = m.set_state_value("a", "c", "x").set_range("x", 0.5, 3)
        >>> [(r.bound, float(r.cost)) for r in m.dsa().itertuples()]
        [('low', 0.5), ('high', 3.0)]
        """
        names, ranges = self.strategies, self.ranges
        j = len(names)
        c, e = _ll.value_model_dsa(self._h, 2 * len(ranges) * j)
        return _table([DsaRow(ranges[r], ("low", "high")[k], names[s], c[(2 * r + k) * j + s], e[(2 * r + k) * j + s])
                       for r in range(len(ranges)) for k in range(2) for s in range(j)])

    def tornado(self, strategy: Union[int, str], comparator: Union[int, str], wtp: float = 0.0,
                icer: bool = False) -> OneWay:
        """A tornado of the incremental net monetary benefit at wtp (or the
        ICER) of strategy against comparator: OneWay(base, rows widest
        first: name, low, high, result_low, result_high), for
        libvalue.plots.tornado; .to_frame() the table.  low and high are
        the library's (range_bounds), for a model file's ranges too.

        >>> m = Model().add_state("a").add_strategy("old").add_strategy("new").set_transition("a", "a", "C").add_category("c")
        >>> m = m.set_parameter("x", 1).set_state_value("a", "c", "x", strategy="new").set_range("x", 0, 2)
        >>> t = m.tornado("new", "old", wtp=0)
        >>> t.base, [(r.name, r.low, r.result_low, r.result_high) for r in t.rows]
        (-1.0, [('x', 0.0, 0.0, -2.0)])
        """
        ranges = self.ranges
        lo, hi, order, base = _ll.value_model_tornado(self._h, self._strategy(strategy), self._strategy(comparator),
                                                      wtp, 1 if icer else 0, len(ranges))
        bounds = [_ll.value_model_get_range(self._h, i) for i in range(len(ranges))]
        rows = [TornadoRow(ranges[i], bounds[i][0], bounds[i][1], lo[i], hi[i]) for i in order]
        return OneWay(float(base), Rows(rows, index="name"))

    def twoway(self, a: str, va: Sequence[float], b: str, vb: Sequence[float]) -> Any:
        """Two-way sensitivity over a grid: rows of a's value, b's value,
        strategy, cost, effect (a, b named by the parameters).

        >>> m = Model().add_state("a").add_strategy("s").set_transition("a", "a", "C").add_category("c").set_parameter("x", 1)
        >>> m = m.set_parameter("y", 1).set_state_value("a", "c", "x * y")
        >>> [float(r.cost) for r in m.twoway("x", [1, 2], "y", [10, 20]).itertuples()]
        [10.0, 20.0, 20.0, 40.0]
        """
        names = self.strategies
        j, na, nb = len(names), len(va), len(vb)
        c, e = _ll.value_model_twoway(self._h, a, va, b, vb, na * nb * j)
        out = _table([TwoWayRow(float(va[i]), float(vb[k]), names[s], c[(i * nb + k) * j + s], e[(i * nb + k) * j + s])
                      for i in range(na) for k in range(nb) for s in range(j)])
        if pandas_module() is not None:
            out = out.rename(columns={"a": a, "b": b})
        return out

    def threshold(self, name: str, low: float, high: float, wtp: float) -> Threshold:
        """The value of a parameter in [low, high] where the strategy with
        the highest net monetary benefit at wtp changes: Threshold(value,
        below, above) with the strategies' names.

        >>> m = Model().add_state("a").add_strategy("old").add_strategy("new").set_transition("a", "a", "C").add_category("c")
        >>> m = m.set_parameter("x", 1).set_state_value("a", "c", "x", strategy="new").set_state_value("a", "c", 2)
        >>> t = m.threshold("x", 0, 5, 0)  # new costs x, old 2
        >>> round(t.value, 9), t.below, t.above
        (2.0, 'new', 'old')
        """
        names = self.strategies
        v, below, above = _ll.value_model_threshold(self._h, name, low, high, wtp)
        return Threshold(v, names[below], names[above])

    def microsim(self, n: int, seed: int, scenario: Optional[str] = None) -> Any:
        """Individual-level microsimulation of n people from seed: per
        strategy the mean cost, effect and life years and the Monte Carlo
        standard errors of the cost and effect.

        >>> m = Model(method="end").add_state("a").add_state("d", dead=True).add_strategy("s")
        >>> m = m.set_transition("a", "d", 1).set_transition("a", "a", "C")
        >>> float(m.microsim(10, seed=1)["life_years"]["s"])  # everyone dies in cycle 1
        0.0
        """
        names = self.strategies
        c, e, ly, sc, se = _ll.value_model_microsim(self._h, scenario, seed, n, len(names))
        return _table([MicrosimResult(s, c[j], e[j], ly[j], sc[j], se[j]) for j, s in enumerate(names)], "strategy")

    def __repr__(self) -> str:
        if self._h.closed:
            return "<Model (closed)>"
        return "<Model: %d states (%s), %d strategies (%s), %d cycles>" % (
            len(self.states), ", ".join(self.states), len(self.strategies), ", ".join(self.strategies),
            int(self.get("cycles")))


def _expr(x: Any, name: str) -> str:
    """An expression argument: text, or a number in the shortest form that
    reads back as the same double."""
    if isinstance(x, bool):
        raise InvalidArgumentError(EINVAL, "%s must be an expression or a number, got %r" % (name, x))
    if isinstance(x, float):
        return repr(x)
    if isinstance(x, int):
        return str(x)
    return x


class ModelPsa(namedtuple("ModelPsa", "cost effect draws strategies")):
    """A model's PSA: cost and effect (n x J, columns the strategies),
    draws (n x P, columns the sampled parameters), strategies;
    .curves(lambdas) the CEAC, EVPI and CEAF.

    >>> m = Model().add_state("a").add_strategy("s").set_transition("a", "a", "C").add_category("q", "effect").set_parameter("u", 0.5)
    >>> r = m.set_state_value("a", "q", "u").set_distribution("u", "uniform", 0, 1).psa(3, seed=2)
    >>> r.curves([0, 1000]).optimal
    ['s', 's']
    """

    def curves(self, lambdas: Sequence[float]) -> PsaCurves:
        """libvalue.psa_curves() of the draws at each willingness to pay.

        >>> m = Model().add_state("a").add_strategy("s").set_transition("a", "a", "C").add_category("q", "effect").set_parameter("u", 0.5)
        >>> r = m.set_state_value("a", "q", "u").set_distribution("u", "uniform", 0, 1).psa(2, seed=1)
        >>> [float(v) for v in r.curves([0]).ceaf_prob]  # one strategy: always optimal
        [1.0]
        """
        return psa_curves(self.cost, self.effect, lambdas, self.strategies)
