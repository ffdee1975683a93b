# SPDX-License-Identifier: GPL-3.0-or-later
"""Hand-written support for the generated low layer: loading the library,
turning status codes into exceptions, and moving arrays across ctypes."""

import array
import ctypes
import ctypes.util
import os
import sys

from ._constants import value_status

__all__ = ["lib", "check", "choice", "options", "EINVAL", "ESTATE", "rows", "HandleOwner", "make_callback", "reraise", "as_doubles", "as_int32s", "same_length", "new_array", "Handle", "need_handle", "to_size", "to_bytes",
           "Error", "InvalidArgumentError", "DomainError", "RangeError", "NotConvergedError",
           "NotFoundError", "ParseError", "StateError", "NumericError"]

SONAME_MAJOR = 0


def _load():
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

    def __init__(self, code, message):
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


# The status codes of the errors the binding itself raises.
EINVAL = value_status["einval"]
ESTATE = value_status["estate"]

_BY_CODE = {value_status[name]: cls for name, cls in (
    ("einval", InvalidArgumentError), ("edom", DomainError), ("erange", RangeError),
    ("enotconv", NotConvergedError), ("enotfound", NotFoundError), ("eparse", ParseError),
    ("estate", StateError), ("enumeric", NumericError))}
_ENOMEM = value_status["enomem"]
_EIO = value_status["eio"]


def check(rc):
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
_CTYPE = {"d": ctypes.c_double, "i": ctypes.c_int32, "B": ctypes.c_uint8}
_NUMPY_DTYPE = {"d": "float64", "i": "int32"}


def _as_array(x, name, code):
    """(pointer, length) for a 1-d sequence of C doubles ("d") or int32s ("i").

    A C-contiguous buffer of the exact type (numpy array, array.array) is
    passed without a copy; another numpy array is converted once by numpy;
    any other iterable is copied once."""
    ctype = _CTYPE[code]
    np = sys.modules.get("numpy")  # numpy is optional: use it only if loaded
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
        n = view.shape[0] if view.ndim else 1
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


def _whole(v, name):
    if isinstance(v, float) and v.is_integer():
        return int(v)
    raise ValueError("%s must hold whole numbers, got %r" % (name, v))


def as_doubles(x, name):
    return _as_array(x, name, "d")


def as_int32s(x, name):
    return _as_array(x, name, "i")


def as_bytes(x, name):
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


def same_length(*named_lengths):
    """Parallel columns must have one length."""
    if len({n for _, n in named_lengths}) > 1:
        raise InvalidArgumentError(EINVAL, "%s must have the same length, got %s" % (
            ", ".join(nm for nm, _ in named_lengths), ", ".join(str(n) for _, n in named_lengths)))


def new_array(n, code):
    """An array.array of n zeros ('d': double, 'i': int32) and a ctypes view
    of its memory, for the library to fill."""
    ctype = _CTYPE[code]
    out = array.array(code, bytes(ctypes.sizeof(ctype) * n))
    return out, ((ctype * n).from_buffer(out) if n else None)


def to_size(v, name):
    if isinstance(v, bool) or not isinstance(v, int) and not (isinstance(v, float) and v.is_integer()):
        raise InvalidArgumentError(EINVAL, "%s must be a whole number, got %r" % (name, v))
    if v < 0:
        raise InvalidArgumentError(EINVAL, "%s must be >= 0, got %r" % (name, v))
    return int(v)


def to_bytes(s, name):
    if not isinstance(s, str):
        raise InvalidArgumentError(EINVAL, "%s must be a str, got %s" % (name, type(s).__name__))
    return s.encode("utf-8")


class Handle:
    """Owns one C handle; subclasses set _free.  Usable as a context
    manager; close() releases it at once, later use raises StateError."""

    _free = None

    def __init__(self, ptr):
        self._ptr = ptr

    @property
    def ptr(self):
        if not self._ptr:
            raise StateError(ESTATE, "%s has been closed" % type(self).__name__)
        return self._ptr

    @property
    def closed(self):
        return not self._ptr

    def close(self):
        p, self._ptr = self._ptr, None
        if p:
            type(self)._free(p)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


def options(table, rename=None, drop=(), by_name=False):
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


def choice(table, value, what):
    """table[value] for a named option (timing, correction, distribution...)
    from a generated enum map or options() of one, or an
    InvalidArgumentError listing the names."""
    try:
        return table[value]
    except (KeyError, TypeError):
        raise InvalidArgumentError(EINVAL, "%s must be one of %s, got %r" % (
            what, ", ".join(repr(k) for k in table), value)) from None


def rows(flat, width):
    """A flat row-major sequence as a list of rows of `width`."""
    return [list(flat[i:i + width]) for i in range(0, len(flat), width)]


def make_callback(cftype, fn, name):
    """A C callback calling fn(list of params) -> number.  An exception in
    fn is kept (the C side sees a failure) and re-raised by reraise()."""
    if not callable(fn):
        raise InvalidArgumentError(EINVAL, "%s must be callable, got %s" % (name, type(fn).__name__))
    errors = []

    def trampoline(params, n, user, out):
        try:
            value = float(fn([params[i] for i in range(n)]))
        except BaseException as e:  # includes KeyboardInterrupt: stop the C loop, raise it after
            errors.append(e)
            return 1
        out[0] = value
        return 0

    return cftype(trampoline), errors


def reraise(errors):
    if errors:
        raise errors[0]


class HandleOwner:
    """Base of the Pythonic classes, each owning one low-level handle in
    self._h: close() releases it; usable as a context manager."""

    def close(self):
        self._h.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def need_handle(h, cls, name, allow_closed=False):
    if not isinstance(h, cls):
        raise InvalidArgumentError(EINVAL, "%s must be a %s, got %s" % (name, cls.__name__, type(h).__name__))
    if not allow_closed:
        h.ptr  # raises StateError when closed
