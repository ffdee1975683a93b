# SPDX-License-Identifier: GPL-3.0-or-later
"""Hand-written support for the generated low layer: loading the library,
turning status codes into exceptions, and moving arrays across ctypes."""

import array
import ctypes
import ctypes.util
import difflib
import os
import sys
from typing import (TYPE_CHECKING, Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence,
                    Tuple, TypeVar, Union)

from ._constants import value_status

if TYPE_CHECKING:  # numpy is optional at run time
    import numpy

__all__ = ["lib", "check", "choice", "options", "EINVAL", "ESTATE", "rows", "HandleOwner", "make_callback", "reraise",
           "as_doubles", "as_int32s", "same_length", "new_array", "Handle", "need_handle", "to_size", "to_bytes",
           "Error", "InvalidArgumentError", "DomainError", "RangeError", "NotConvergedError",
           "NotFoundError", "ParseError", "StateError", "NumericError", "suggest", "unknown_name", "install_hint",
           "numpy_module", "pandas_module", "vector", "input_vector", "labeled", "LabeledRows", "matrix", "as_table", "Table", "Rows", "record", "Vector",
           "Matrix", "ArrayLike", "TableLike"]

# What the public layer takes and gives (for the type hints): a 1-d input is
# any sequence of numbers or buffer (numpy array, pandas Series, array.array);
# a table a pandas DataFrame, a 2-d numpy array, a mapping of columns or a
# sequence of rows.  A vector result is a numpy array when numpy can be
# imported, else a list; a matrix result a 2-d numpy array, else a list of rows.
ArrayLike = Union[Sequence[float], "numpy.ndarray", Any]
TableLike = Union[Sequence[Sequence[float]], Mapping[str, Sequence[float]], "numpy.ndarray", Any]
Vector = Union[List[float], "numpy.ndarray"]
Matrix = Union[List[List[float]], "numpy.ndarray"]

SONAME_MAJOR = 0


def _load() -> Any:
    path = os.environ.get("LIBVALUE_LIBRARY")
    if path:
        return ctypes.CDLL(path)
    for name in ("libvalue.so.%d" % SONAME_MAJOR, ctypes.util.find_library("value")):
        if name:
            try:
                return ctypes.CDLL(name)
            except OSError:
                pass
    raise ImportError("libvalue: cannot load libvalue.so.%d; install the C library "
                      "(make install) or set LIBVALUE_LIBRARY to its path" % SONAME_MAJOR)


lib = _load()
lib.value_errmsg.argtypes = []
lib.value_errmsg.restype = ctypes.c_char_p


class Error(Exception):
    """A libvalue call failed; .code is its status, .message value_errmsg()."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class InvalidArgumentError(Error, ValueError):
    """VALUE_EINVAL: an argument is invalid."""


class DomainError(Error, ArithmeticError):
    """VALUE_EDOM: valid inputs outside the method's domain."""


class RangeError(Error, OverflowError):
    """VALUE_ERANGE: the result is too large to represent."""


class NotConvergedError(Error, ArithmeticError):
    """VALUE_ENOTCONV: an iterative method did not converge."""


class NotFoundError(Error, LookupError):
    """VALUE_ENOTFOUND: a named item is unknown."""


class ParseError(Error, ValueError):
    """VALUE_EPARSE: malformed text or file contents."""


class StateError(Error, RuntimeError):
    """VALUE_ESTATE: the handle is not in a state that allows the call."""


class NumericError(Error, ArithmeticError):
    """VALUE_ENUMERIC: an underlying numerical routine failed."""


for _cls in (Error, InvalidArgumentError, DomainError, RangeError, NotConvergedError, NotFoundError, ParseError,
             StateError, NumericError):
    _cls.__module__ = "libvalue"  # as users name them: libvalue.InvalidArgumentError

# The status codes of the errors the binding itself raises.
EINVAL = value_status["einval"]
ESTATE = value_status["estate"]

_BY_CODE = {value_status[name]: cls for name, cls in (
    ("einval", InvalidArgumentError), ("edom", DomainError), ("erange", RangeError),
    ("enotconv", NotConvergedError), ("enotfound", NotFoundError), ("eparse", ParseError),
    ("estate", StateError), ("enumeric", NumericError))}
_ENOMEM = value_status["enomem"]
_EIO = value_status["eio"]


def check(rc: int) -> None:
    """Raise the Error for a negative status; the message is read at once,
    on the thread that made the call, as value_errmsg() is per thread."""
    if rc >= 0:
        return
    message = lib.value_errmsg().decode("utf-8", "replace")
    if rc == _ENOMEM:
        raise MemoryError(message)
    if rc == _EIO:
        raise OSError(message)
    raise _BY_CODE.get(rc, Error)(rc, message)


# An empty input is passed as a valid pointer with length 0, so the library
# reports the length ("n must be at least 1, got 0"), not a NULL pointer.
_EMPTY = {"d": (ctypes.c_double * 1)(), "i": (ctypes.c_int32 * 1)()}
_CTYPE: Dict[str, Any] = {"d": ctypes.c_double, "i": ctypes.c_int32, "B": ctypes.c_uint8}
_NUMPY_DTYPE = {"d": "float64", "i": "int32"}


def _as_array(x: Any, name: Any, code: Any) -> Any:
    """(pointer, length) for a 1-d sequence of C doubles ("d") or int32s ("i").

    A C-contiguous buffer of the exact type (numpy array, array.array) is
    passed without a copy; another numpy array is converted once by numpy;
    any other iterable is copied once."""
    ctype = _CTYPE[code]
    np = sys.modules.get("numpy")  # numpy is optional: use it only if loaded
    if np is not None and not isinstance(x, np.ndarray) and hasattr(x, "to_numpy") and hasattr(x, "ndim"):
        x = x.to_numpy()  # a pandas Series (a DataFrame is refused below: 2 dimensions)
    if np is not None and isinstance(x, np.ndarray):
        if x.ndim != 1:
            raise InvalidArgumentError(EINVAL, "%s must be 1-dimensional, got %d dimensions" % (name, x.ndim))
        if code == "i" and x.dtype != np.int32:
            if x.dtype.kind not in "iub":
                raise InvalidArgumentError(EINVAL, "%s must hold integers, got dtype %s" % (name, x.dtype))
            if x.size and (x.min() < -2**31 or x.max() > 2**31 - 1):
                raise InvalidArgumentError(EINVAL, "%s has values outside the int32 range" % name)
        x = np.ascontiguousarray(x, dtype=_NUMPY_DTYPE[code])
    try:
        view = memoryview(x)
    except TypeError:
        view = None
    if (view is not None and view.ndim <= 1 and view.c_contiguous and view.itemsize == ctypes.sizeof(ctype)
            and view.format.lstrip("@=<") in (("d",) if code == "d" else ("i", "l"))):
        n = view.shape[0] if view.ndim and view.shape else 1
        if n == 0:
            return _EMPTY[code], 0
        if not view.readonly:
            return (ctype * n).from_buffer(x), n
        return (ctype * n).from_buffer_copy(view), n
    convert = float if code == "d" else int
    try:
        if isinstance(x, (str, bytes)):
            raise TypeError
        values = [convert(v) if code == "d" or isinstance(v, int) else _whole(v, name) for v in x]
    except TypeError:
        raise InvalidArgumentError(EINVAL, "%s must be a sequence of numbers, got %s" % (name, type(x).__name__)) from None
    except (ValueError, OverflowError) as e:
        raise InvalidArgumentError(EINVAL, "%s: %s" % (name, e)) from None
    if not values:
        return _EMPTY[code], 0
    try:
        return (ctype * len(values))(*values), len(values)
    except (TypeError, OverflowError):
        raise InvalidArgumentError(EINVAL, "%s has values outside the int32 range" % name) from None


def _whole(v: Any, name: Any) -> Any:
    if isinstance(v, float) and v.is_integer():
        return int(v)
    raise ValueError("%s must hold whole numbers, got %r" % (name, v))


def as_doubles(x: Any, name: Any) -> Any:
    return _as_array(x, name, "d")


def as_int32s(x: Any, name: Any) -> Any:
    return _as_array(x, name, "i")


def as_bytes(x: Any, name: Any) -> Any:
    """(pointer, length) for a bytes-like object (bytes, bytearray,
    memoryview): a serialized state passed to the library."""
    try:
        view = memoryview(x).cast("B")
    except TypeError:
        raise InvalidArgumentError(EINVAL, "%s must be bytes, got %s" % (name, type(x).__name__)) from None
    n = view.nbytes
    if n == 0:
        return (ctypes.c_uint8 * 1)(), 0
    return (ctypes.c_uint8 * n).from_buffer_copy(view), n


def as_strings(x: Any, name: Any) -> Any:
    """(pointer, length) for a sequence of str: an array of UTF-8 C strings."""
    if isinstance(x, (str, bytes)) or not hasattr(x, "__iter__"):
        raise InvalidArgumentError(EINVAL, "%s must be a sequence of str, got %s" % (name, type(x).__name__))
    items = x.tolist() if hasattr(x, "tolist") else list(x)
    n = len(items)
    fast = _ascii_strings(items) if n >= 1024 else None
    if fast is not None:
        return fast, n
    for i, s in enumerate(items):
        if not isinstance(s, str):
            raise InvalidArgumentError(EINVAL, "%s[%d] must be a str, got %s" % (name, i, type(s).__name__))
    return (ctypes.c_char_p * max(n, 1))(*[s.encode("utf-8") for s in items]), n


def _ascii_strings(items: List[Any]) -> Any:
    """The char * array of many ASCII str at once (a long table's codes):
    one joined buffer and numpy's offsets into it, instead of one bytes
    object a string.  None when numpy is absent, an item is not a str or
    a string is not ASCII (the caller then goes item by item)."""
    np = sys.modules.get("numpy")
    if np is None:
        return None
    try:
        joined = "\0".join(items)
    except TypeError:
        return None
    data = joined.encode("utf-8")
    if len(data) != len(joined):
        return None
    n = len(items)
    lengths = np.fromiter(map(len, items), dtype=np.int64, count=n)
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    buf = ctypes.create_string_buffer(data, len(data) + 1)
    ptrs = (ctypes.c_char_p * n)()
    np.frombuffer(ptrs, dtype=np.uintp)[:] = ctypes.addressof(buf) + starts.astype(np.uintp)
    setattr(ptrs, "_libvalue_strings", buf)  # the pointers point into buf: keep it as long as they live
    return ptrs


def square_length(name: Any, n: Any, of: Any) -> Any:
    """A square matrix beside a vector of length `of` has of * of values."""
    if n != of * of:
        raise InvalidArgumentError(EINVAL, "%s must have %d values (%d x %d), got %d" % (name, of * of, of, of, n))


def same_length(*named_lengths: Any) -> Any:
    """Parallel columns must have one length (a column passed as None, a
    NULL pointer, has none)."""
    named_lengths = tuple((nm, n) for nm, n in named_lengths if n is not None)
    if len({n for _, n in named_lengths}) > 1:
        raise InvalidArgumentError(EINVAL, "%s must have the same length, got %s" % (
            ", ".join(nm for nm, _ in named_lengths), ", ".join(str(n) for _, n in named_lengths)))


def new_array(n: Any, code: Any) -> Any:
    """An array.array of n zeros ('d': double, 'i': int32) and a ctypes view
    of its memory, for the library to fill."""
    ctype = _CTYPE[code]
    out = array.array(code, bytes(ctypes.sizeof(ctype) * n))
    return out, ((ctype * n).from_buffer(out) if n else None)


def to_size(v: Any, name: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, int) and not (isinstance(v, float) and v.is_integer()):
        raise InvalidArgumentError(EINVAL, "%s must be a whole number, got %r" % (name, v))
    if v < 0:
        raise InvalidArgumentError(EINVAL, "%s must be >= 0, got %r" % (name, v))
    return int(v)


def to_bytes(s: Any, name: Any) -> Any:
    """A str argument as UTF-8; None is a NULL pointer (the library names
    it where NULL is not allowed)."""
    if s is None:
        return None
    if not isinstance(s, str):
        raise InvalidArgumentError(EINVAL, "%s must be a str, got %s" % (name, type(s).__name__))
    return s.encode("utf-8")


class Handle:
    """Owns one C handle; subclasses set _free.  Usable as a context
    manager; close() releases it at once, later use raises StateError."""

    _free: Any = None

    def __init__(self, ptr: Any) -> None:
        self._ptr = ptr

    @property
    def ptr(self) -> Any:
        if not self._ptr:
            raise StateError(ESTATE, "%s has been closed" % type(self).__name__)
        return self._ptr

    @property
    def closed(self) -> Any:
        return not self._ptr

    def close(self) -> None:
        p, self._ptr = self._ptr, None
        if p:
            type(self)._free(p)

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass


def options(table: Any, rename: Optional[Any]=None, drop: Any=(), by_name: bool=False) -> Any:
    """The named options of an enum, from its generated map (a
    _lowlevel.value_* dict of option name -> value): in the header's order,
    or by_name in the alphabetical order of the C names; rename {option name:
    the name users write} where the two differ; drop: options that are not
    (a count such as "n_items")."""
    rename = rename or {}
    items = [(k, v) for k, v in table.items() if k not in drop]
    if by_name:
        items.sort(key=lambda kv: kv[0].upper())
    return {rename.get(k, k): v for k, v in items}


def suggest(name: object, candidates: Iterable[str]) -> Optional[str]:
    """The candidate nearest to a mistyped name (difflib's ratio, at least
    0.6; a case-insensitive match first), or None.

    >>> suggest("sharing_rat", ["msr", "sharing_rate", "trend"])
    'sharing_rate'
    >>> suggest("xyz", ["msr", "trend"]) is None
    True
    """
    if not isinstance(name, str):
        return None
    candidates = list(candidates)
    for c in candidates:
        if c.lower() == name.lower():
            return c
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    if not close:
        folded = {c.lower().replace("-", "_").replace(" ", "_"): c for c in candidates}
        close = [folded[m] for m in difflib.get_close_matches(name.lower().replace("-", "_").replace(" ", "_"),
                                                               list(folded), n=1, cutoff=0.6)]
    return close[0] if close else None


def unknown_name(what: str, name: object, candidates: Iterable[str], exc: Optional[type] = None) -> Exception:
    """The error for an unknown name (the one "did you mean" helper of the
    package): the name, quoted, and the nearest known one; when none is
    close, at most the 5 nearest names (all of them when there are 5 or
    fewer).

    >>> print(unknown_name("parameter", "w", ["x", "y"]))
    unknown parameter 'w' (one of 'x', 'y')
    >>> print(unknown_name("contract term", "sharing_rat", ["msr", "sharing_rate"]))
    unknown contract term 'sharing_rat' (did you mean 'sharing_rate'?)
    >>> print(unknown_name("timing", "midd", ["end", "start", "mid"]))
    unknown timing 'midd' (did you mean 'mid'?)
    >>> print(unknown_name("term", "zz", ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"]))
    unknown term 'zz' (nearest: 'zeta', 'alpha', 'beta', 'gamma', 'delta')
    """
    candidates = [str(c) for c in candidates]
    near = suggest(name, candidates)
    shown = repr(name) if isinstance(name, str) else "%r" % (name,)
    if near is not None:
        message = "unknown %s %s (did you mean %r?)" % (what, shown, near)
    elif len(candidates) <= 5:
        message = "unknown %s %s (one of %s)" % (what, shown, ", ".join(repr(c) for c in candidates))
    else:
        key = str(name).lower()
        ranked = sorted(candidates, key=lambda c: -difflib.SequenceMatcher(None, key, c.lower()).ratio())
        message = "unknown %s %s (nearest: %s)" % (what, shown, ", ".join(repr(c) for c in ranked[:5]))
    return (exc or InvalidArgumentError)(EINVAL, message)


def choice(table: Mapping[str, int], value: object, what: str) -> int:
    """table[value] for a named option (timing, correction, distribution...)
    from a generated enum map or options() of one, or an
    InvalidArgumentError naming the value and the nearest option.

    >>> from libvalue._constants import value_discount_timing
    >>> choice(value_discount_timing, "mid", "timing") == value_discount_timing["mid"]
    True
    >>> choice(value_discount_timing, "strat", "timing")
    Traceback (most recent call last):
    ...
    libvalue.InvalidArgumentError: unknown timing 'strat' (did you mean 'start'?)
    """
    try:
        return table[value]  # type: ignore[index]
    except (KeyError, TypeError):
        raise unknown_name(what, value, table) from None


# ---- optional packages ---------------------------------------------------------
def _debian_python() -> bool:
    """Debian's python3 (not a venv, pyenv or conda one), or the package
    installed in a dist-packages folder: the fix is an apt package."""
    here = os.path.abspath(__file__)
    if "dist-packages" in here.split(os.sep):
        return True
    return (os.path.exists("/etc/debian_version") and sys.prefix == sys.base_prefix
            and os.path.realpath(sys.executable).startswith("/usr/bin/"))


def install_hint(module: str, debian: str, extra: Optional[str] = None) -> str:
    """How to install an optional module here: the Debian package under
    Debian's python3, else pip (the libvalue extra when there is one)."""
    if _debian_python():
        return "apt-get install %s" % debian
    if extra:
        return "pip install 'libvalue[%s]' (or pip install %s)" % (extra, module)
    return "pip install %s" % module


_OPTIONAL: Dict[str, Any] = {}


def _optional(name: str) -> Any:
    if name not in _OPTIONAL:
        if os.environ.get("LIBVALUE_NO_" + name.upper()):
            _OPTIONAL[name] = None  # for tests: behave as if it were not installed
        else:
            try:
                _OPTIONAL[name] = __import__(name)
            except ImportError:
                _OPTIONAL[name] = None
    return _OPTIONAL[name]


def numpy_module() -> Any:
    """numpy, or None when it cannot be imported (or LIBVALUE_NO_NUMPY is set)."""
    return _optional("numpy")


def pandas_module() -> Any:
    """pandas, or None when it cannot be imported (or LIBVALUE_NO_PANDAS is set)."""
    if numpy_module() is None:
        return None
    return _optional("pandas")


def need_pandas(what: str) -> Any:
    pd = pandas_module()
    if pd is None:
        raise ImportError("%s needs pandas (%s)" % (what, install_hint("pandas", "python3-pandas", "pandas")))
    return pd


# ---- results -------------------------------------------------------------------
def vector(out: Any) -> Any:
    """A result array of the generated layer (array.array) as a numpy array
    sharing its memory (no copy), or a list without numpy."""
    np = numpy_module()
    if np is None:
        return list(out)
    if isinstance(out, array.array):
        return np.frombuffer(out, dtype=np.float64 if out.typecode == "d" else np.int32)
    return np.asarray(out)


def input_vector(x: Any, name: str) -> Any:
    """An input column as a result vector (numpy array or list of floats)."""
    buf, n = as_doubles(x, name)
    out = array.array("d", bytes(8 * n))
    if n:
        ctypes.memmove((ctypes.c_double * n).from_buffer(out), buf, 8 * n)
    return vector(out)


def matrix(out: Any, width: int) -> Any:
    """A flat row-major result as a 2-d numpy array (a view, no copy) of
    `width` columns, or a list of rows without numpy."""
    np = numpy_module()
    if np is None:
        return rows(out, width)
    v = vector(out)
    return v.reshape(-1, width) if width else v.reshape(0, 0)


class LabeledRows(List[List[float]]):
    """A matrix without numpy: a list of rows whose columns are named
    (.columns); m["name"] is a column, .to_frame() a pandas DataFrame."""

    def __init__(self, rows_: Iterable[List[float]], columns: Sequence[str], index: Optional[Sequence[Any]] = None,
                 index_name: Optional[str] = None) -> None:
        super().__init__(rows_)
        self.columns = list(columns)
        self.row_index = list(index) if index is not None else None
        self.index_name = index_name

    @property
    def shape(self) -> Tuple[int, int]:
        return len(self), len(self.columns)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            if key not in self.columns:
                raise unknown_name("column", key, self.columns, KeyErrorWithMessage)
            j = self.columns.index(key)
            return [r[j] for r in self]
        return super().__getitem__(key)

    def to_frame(self) -> Any:
        """The matrix as a pandas DataFrame with the named columns."""
        return _frame({c: [r[j] for r in self] for j, c in enumerate(self.columns)}, self.row_index, self.index_name)

    def __repr__(self) -> str:
        return "<%d x %d matrix: %s; .to_frame() for the table>" % (len(self), len(self.columns),
                                                                    ", ".join(self.columns))

    __str__ = __repr__


class KeyErrorWithMessage(Error, KeyError):
    """An unknown column name (a KeyError whose message says so)."""

    def __str__(self) -> str:
        return self.message


_LABELED: Dict[str, Any] = {}


def _labeled_array_class(np: Any) -> Any:
    if "cls" not in _LABELED:
        class LabeledArray(np.ndarray):
            """A 2-d numpy array whose columns are named (.columns):
            a["name"] is a column (a view), .to_frame() a DataFrame."""

            columns: Optional[List[str]] = None
            row_index: Optional[List[Any]] = None
            index_name: Optional[str] = None

            def __array_finalize__(self, obj: Any) -> None:
                cols = getattr(obj, "columns", None)
                keep = cols is not None and self.ndim == 2 and self.shape[1] == len(cols)
                self.columns = cols if keep else None
                same_rows = keep and self.shape[0] == getattr(obj, "shape", (0,))[0]
                self.row_index = getattr(obj, "row_index", None) if same_rows else None
                self.index_name = getattr(obj, "index_name", None)

            def __getitem__(self, key: Any) -> Any:
                if isinstance(key, str):
                    if not self.columns or key not in self.columns:
                        raise unknown_name("column", key, self.columns or [], KeyErrorWithMessage)
                    return np.asarray(self)[:, self.columns.index(key)]
                return super().__getitem__(key)

            def to_frame(self) -> Any:
                """The matrix as a pandas DataFrame (named columns)."""
                pd = need_pandas("to_frame()")
                df = pd.DataFrame(np.asarray(self), columns=self.columns, index=self.row_index, copy=False)
                if self.index_name:
                    df.index.name = self.index_name
                return df

            def __repr__(self) -> str:
                if self.columns is None or self.ndim != 2:
                    return repr(np.asarray(self))
                return "<%d x %d array: %s; .to_frame() for the table>" % (self.shape[0], self.shape[1],
                                                                         ", ".join(self.columns))

            __str__ = __repr__  # print() too: the summary, not the numbers

        LabeledArray.__module__ = "libvalue"
        _LABELED["cls"] = LabeledArray
    return _LABELED["cls"]


def labeled(m: Any, columns: Sequence[str], index: Optional[Sequence[Any]] = None,
            index_name: Optional[str] = None) -> Any:
    """A matrix() result with named columns: a LabeledArray (numpy, no
    copy) or LabeledRows (lists)."""
    np = numpy_module()
    if np is None:
        return LabeledRows(m, columns, index, index_name)
    out = m.view(_labeled_array_class(np))
    out.columns = list(columns)
    out.row_index = list(index) if index is not None else None
    out.index_name = index_name
    return out


def _frame(data: Dict[str, Any], index: Optional[Sequence[Any]] = None, index_name: Optional[str] = None) -> Any:
    pd = need_pandas("to_frame()")
    df = pd.DataFrame(data, index=list(index) if index is not None else None)
    if index_name is not None:
        df.index.name = index_name
    return df


class Table:
    """A columnar result (a named tuple of parallel columns); .to_frame()
    gives a pandas DataFrame with one named column per field."""

    _fields: Tuple[str, ...]
    _index_field: Optional[str] = None
    _skip: Tuple[str, ...] = ()

    def to_frame(self) -> Any:
        """The result as a pandas DataFrame, one named column per field."""
        cols = {f: list(getattr(self, f)) if isinstance(getattr(self, f), (list, tuple)) else getattr(self, f)
                for f in self._fields if f not in self._skip and f != self._index_field}
        index = getattr(self, self._index_field) if self._index_field else None
        return _frame(cols, index, self._index_field)


T = TypeVar("T")


class Rows(List[T]):
    """A list of named-tuple rows (one per strategy, provider, group...):
    a list in every way, with .to_frame() for a pandas DataFrame (indexed
    by the row labels when there are some) and a short repr when long."""

    def __init__(self, items: Iterable[T] = (), labels: Optional[Sequence[Any]] = None,
                 label_name: Optional[str] = None, index: Optional[str] = None, title: str = "") -> None:
        super().__init__(items)
        self.labels = list(labels) if labels is not None else None
        self.label_name = label_name
        self.index_field = index
        self.title = title or (type(self[0]).__name__ if len(self) else "row")

    @property
    def fields(self) -> Tuple[str, ...]:
        """The rows' field names (of the first row)."""
        first = self[0] if len(self) else None
        return tuple(first) if isinstance(first, dict) else tuple(getattr(first, "_fields", ()))

    def to_frame(self) -> Any:
        """The rows as a pandas DataFrame, one named column per field."""
        def get(r: Any, f: str) -> Any:
            return r[f] if isinstance(r, dict) else getattr(r, f)

        cols = {f: [get(r, f) for r in self] for f in self.fields if f != self.index_field}
        if self.index_field:
            return _frame(cols, [get(r, self.index_field) for r in self], self.index_field)
        return _frame(cols, self.labels, self.label_name)

    def __repr__(self) -> str:
        if len(self) <= 6:
            return super().__repr__()
        head = ",\n ".join(repr(r) for r in self[:3])
        return "[%s,\n ... (%d %s rows; .to_frame() for the table)]" % (head, len(self), self.title)


def _short(v: Any) -> str:
    """A field's value in a repr: long columns by their first values and length."""
    if isinstance(v, (str, bytes)) or not hasattr(v, "__len__") or len(v) <= 6:
        return repr(list(v) if isinstance(v, array.array) else v)
    return "[%s, ... (%d values)]" % (", ".join("%.6g" % float(x) if isinstance(x, (int, float)) or hasattr(x, "dtype")
                                                 else repr(x) for x in list(v[:3])), len(v))


def _record_repr(self: Any) -> str:
    return "%s(%s)" % (type(self).__name__, ", ".join("%s=%s" % (f, _short(getattr(self, f))) for f in self._fields))


def record(name: str, fields: str, doc: str = "", index: Optional[str] = None, skip: Sequence[str] = ()) -> Any:
    """A named tuple of columns with .to_frame() (see Table) and a short
    repr (long columns by their first values and length).

    >>> P = record("P", "eta mu")
    >>> P(list(range(10)), [0.5])
    P(eta=[0, 1, 2, ... (10 values)], mu=[0.5])
    """
    from collections import namedtuple
    base = namedtuple(name, fields)  # type: ignore[misc]
    cls = type(name, (base, Table), {"__slots__": (), "_index_field": index, "_skip": tuple(skip),
                                       "__doc__": doc or base.__doc__, "__repr__": _record_repr})
    cls.__module__ = sys._getframe(1).f_globals.get("__name__", __name__)
    return cls


# ---- tables in -----------------------------------------------------------------
def as_table(x: Any, name: str) -> Tuple[Any, int, int, Optional[List[str]]]:
    """(flat row-major values, rows, columns, column names or None) of a
    table: a pandas DataFrame (its column names kept), a 2-d numpy array (a
    C-contiguous float64 one is passed on without a copy), a mapping of
    equally long columns, or a sequence of equally long rows (None is NaN)."""
    names = None
    np = sys.modules.get("numpy")
    if hasattr(x, "columns") and hasattr(x, "to_numpy"):  # a pandas DataFrame
        names = [str(c) for c in x.columns]
        x = x.to_numpy(dtype="float64", na_value=float("nan"))
    elif isinstance(x, Mapping):
        names = [str(k) for k in x]
        cols = [list(_values(v, "%s[%r]" % (name, k))) for k, v in x.items()]
        if len({len(c) for c in cols}) > 1:
            raise InvalidArgumentError(EINVAL, "%s: the columns must have the same length, got %s" % (
                name, ", ".join("%s %d" % (k, len(c)) for k, c in zip(names, cols))))
        return [_num(c[i]) for i in range(len(cols[0]) if cols else 0) for c in cols], \
            (len(cols[0]) if cols else 0), len(cols), names
    if np is not None and isinstance(x, np.ndarray):
        if x.ndim != 2:
            raise InvalidArgumentError(EINVAL, "%s must be 2-dimensional (a table), got %d dimension%s" % (
                name, x.ndim, "" if x.ndim == 1 else "s"))
        if x.dtype != np.float64 or not x.flags.c_contiguous:
            x = np.ascontiguousarray(x, dtype=np.float64)
        return x.reshape(-1), x.shape[0], x.shape[1], names
    if isinstance(x, (str, bytes)) or not hasattr(x, "__iter__"):
        raise InvalidArgumentError(EINVAL, "%s must be a table (DataFrame, 2-d array or list of rows), got %s" % (
            name, type(x).__name__))
    rows_ = [list(_values(r, "%s row %d" % (name, i))) for i, r in enumerate(x)]
    width = len(rows_[0]) if rows_ else 0
    for i, r in enumerate(rows_):
        if len(r) != width:
            raise InvalidArgumentError(EINVAL, "%s: row %d has %d values, row 0 has %d" % (name, i, len(r), width))
    return [_num(v) for r in rows_ for v in r], len(rows_), width, names


def _values(v: Any, name: str) -> Iterable[Any]:
    if isinstance(v, (str, bytes)) or not hasattr(v, "__iter__"):
        raise InvalidArgumentError(EINVAL, "%s must be a sequence of numbers, got %s" % (name, type(v).__name__))
    return v


def _num(v: Any) -> Any:
    return float("nan") if v is None else v


def rows(flat: Any, width: Any) -> Any:
    """A flat row-major sequence as a list of rows of `width`."""
    return [list(flat[i:i + width]) for i in range(0, len(flat), width)]


def make_callback(cftype: Any, fn: Any, name: Any) -> Any:
    """A C callback calling fn(list of params) -> number.  An exception in
    fn is kept (the C side sees a failure) and re-raised by reraise()."""
    if not callable(fn):
        raise InvalidArgumentError(EINVAL, "%s must be callable, got %s" % (name, type(fn).__name__))
    errors = []

    def trampoline(params: Any, n: Any, user: Any, out: Any) -> Any:
        try:
            value = float(fn([params[i] for i in range(n)]))
        except BaseException as e:  # includes KeyboardInterrupt: stop the C loop, raise it after
            errors.append(e)
            return 1
        out[0] = value
        return 0

    return cftype(trampoline), errors


def reraise(errors: Any) -> Any:
    if errors:
        raise errors[0]


class HandleOwner:
    """Base of the Pythonic classes, each owning one low-level handle in
    self._h: close() releases it; usable as a context manager."""

    _h: Any

    def close(self) -> None:
        self._h.close()

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def need_handle(h: Any, cls: Any, name: Any, allow_closed: bool=False, allow_none: bool=False) -> Any:
    if h is None and allow_none:
        return  # a NULL handle: the library says whether that is allowed
    if not isinstance(h, cls):
        raise InvalidArgumentError(EINVAL, "%s must be a %s, got %s" % (name, cls.__name__, type(h).__name__))
    if not allow_closed:
        h.ptr  # raises StateError when closed
