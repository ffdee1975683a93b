#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generate the low layers of libvalue's Python and R bindings from value.h.

The generator knows only the header conventions of DESIGN.md:

* a function returning ``int`` returns a status; a negative one becomes a
  Python exception / R error carrying ``value_errmsg()``;
* ``const double *x`` or ``const int32_t *x`` followed by ``size_t n`` is
  an input vector (the binding passes its length); several such pointers
  in a row before one ``size_t`` are parallel columns of one length (the
  binding checks that their lengths agree); a later column whose
  ``@param`` documentation has the word NULL (the C function takes NULL
  for it, e.g. "or NULL for the default") may be None in Python / NULL in
  R, passed as a NULL pointer and left out of the length check;
* ``double *out`` or ``int32_t *out`` followed by ``size_t out_len`` is an
  output vector (the binding takes the length and returns the filled
  vector); several such ``out_*`` pointers in a row before one ``size_t``
  are parallel outputs of that length; a function may have several such
  groups, each with its own length;
* ``const char *const *x`` in such a group is a vector of strings (Python
  a sequence of str, R a character vector), e.g. parameter names beside
  their values;
* an input array named ``cov`` in a group is a square matrix, row-major:
  its length is the square of the group's (the group's first array is
  not one);
* ``const uint8_t *data`` followed by ``size_t n`` is a byte string in
  (Python bytes-like, R raw vector) and ``uint8_t *out`` followed by
  ``size_t out_len`` one out (Python bytes, R raw), for serialized states;
* ``const char **out`` is a string output owned by the library;
* a function-pointer typedef parameter followed by ``void *user`` is a
  callback: the binding takes a Python callable / R function of one
  numeric vector returning one number (the only callback signature is
  ``int (*)(const double *, size_t, void *, double *)``); an exception or
  R error inside it stops the call;
* ``T **out`` with ``T`` an opaque handle type is a new handle, released by
  ``T_free`` (Python: close()/context manager/garbage collection; R: an
  external pointer with a finalizer);
* other non-const ``double *``/``int *``/``size_t *`` parameters named
  ``out`` or ``out_*`` are scalar outputs, returned (several as a tuple /
  named list);
* ``double``, ``int``, ``int32_t``, ``size_t``, enums and ``const char *``
  are inputs; NULL passes a NULL ``const char *`` or handle (R NULL,
  Python None; in Python not for a function's first parameter, its
  subject), and the library names it where NULL is not allowed.

Anything else stops the generator with an error naming the function, so a
new convention is added here on purpose rather than bound wrongly.

The header is read with VALUE_EXPERIMENTAL defined: its experimental part
(``#ifdef VALUE_EXPERIMENTAL ... #endif`` at the end, which a C user opts
into) is bound as well, and the R glue defines it before including value.h.

Enums, in both languages (the hand-written layers take every enum value and
option name from here, never a number of their own):

* each enumerator is a constant of its C name and value
  (``VALUE_DISCOUNT_MID = 2``, R ``VALUE_DISCOUNT_MID <- 2L``);
* each enum type is also a map named as the C type, from the enumerator's
  *option name* to the constant, in the header's order: the option name is
  the enumerator without the prefix all of its type's enumerators share (cut
  after an underscore), in lower case.  ``value_discount_timing`` is Python
  ``{"end": VALUE_DISCOUNT_END, "start": ..., "mid": ...}`` and R
  ``c(end = VALUE_DISCOUNT_END, start = ..., mid = ...)``; every enumerator
  is in it, counts such as ``VALUE_SETTLEMENT_N_ITEMS`` too.

The version: VALUE_VERSION_MAJOR, _MINOR and _PATCH of the header become
Python ``VERSION = "M.m.p"`` and the R package's DESCRIPTION ``Version:``
and ``SystemRequirements: libvalue (>= M.m.p)`` (bindgen rewrites those
two lines and leaves the rest of DESCRIPTION alone).

Files written under --outdir (``--check`` compares instead, and also fails
on a stale generated file that bindgen no longer writes):

* python/libvalue/_constants.py: the enum constants, their maps and VERSION,
  with no imports (_support.py needs the status codes, and the package's
  build backend reads VERSION from it without importing anything);
* python/libvalue/_lowlevel.py: the ctypes functions; re-exports
  _constants, so ``_lowlevel.value_discount_timing`` works;
* r/R/aaa-lowlevel.R: constants, maps and the .Call wrappers.  R sources
  R/*.R in C-locale alphabetical order, and the hand-written files use the
  maps at load time, so the name makes it collate first;
* r/src/glue.c: the .Call routines;
* r/DESCRIPTION: the two version lines only.

Usage: bindgen.py --header include/value.h --outdir bindings [--check]
"""

import argparse
import keyword
import os
import re
import subprocess
import sys
import tempfile

from pycparser import c_ast, c_parser

HERE = os.path.dirname(os.path.abspath(__file__))
BANNER = "Generated by tools/bindgen/bindgen.py from include/value.h. Do not edit."

PY_CONST_OUT = os.path.join("python", "libvalue", "_constants.py")
PY_OUT = os.path.join("python", "libvalue", "_lowlevel.py")
R_C_OUT = os.path.join("r", "src", "glue.c")
R_R_OUT = os.path.join("r", "R", "aaa-lowlevel.R")  # "aaa": collates first (see above)
R_DESCRIPTION = os.path.join("r", "DESCRIPTION")
GENERATED = (PY_CONST_OUT, PY_OUT, R_C_OUT, R_R_OUT)  # whole files, marked with BANNER
# Where a stale whole generated file could be left behind (e.g. after a rename).
GENERATED_DIRS = (os.path.join("python", "libvalue"), os.path.join("r", "R"), os.path.join("r", "src"))

# The header's experimental part is bound too (see above).
EXPERIMENTAL = "VALUE_EXPERIMENTAL"


class BindgenError(Exception):
    pass


# ---- reading the header -----------------------------------------------------

def preprocess(header, macros=False):
    """The header after the preprocessor, its experimental part included;
    with macros, the #define lines in force at its end instead."""
    cmd = ["gcc", "-E", "-P", "-nostdinc", "-I", os.path.join(HERE, "fake_include"), "-D" + EXPERIMENTAL]
    cmd += (["-dM"] if macros else []) + [header]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def header_version(header):
    """"MAJOR.MINOR.PATCH" from the header's VALUE_VERSION_* macros."""
    defines = dict(re.findall(r"^#define (VALUE_VERSION_(?:MAJOR|MINOR|PATCH)) (\d+)$", preprocess(header, True), re.M))
    try:
        return "%d.%d.%d" % tuple(int(defines["VALUE_VERSION_" + k]) for k in ("MAJOR", "MINOR", "PATCH"))
    except KeyError as e:
        raise BindgenError("the header defines no %s as a plain number" % e.args[0]) from None


def option_names(enumerators):
    """The option name of each enumerator: the name without the prefix its
    type's enumerators share (cut after an underscore), lower case."""
    names = [n for n, _ in enumerators]
    prefix = os.path.commonprefix(names)
    prefix = prefix[:prefix.rfind("_") + 1]
    options = [n[len(prefix):].lower() for n in names]
    if "" in options or len(set(options)) != len(options):
        raise BindgenError("enumerators %s: no distinct option names" % ", ".join(names))
    return options


class CType:
    """A parameter or return type: base name, pointer depth, const-ness."""

    def __init__(self, node):
        self.depth = 0
        self.const = False
        while isinstance(node, c_ast.PtrDecl):
            self.depth += 1
            node = node.type
        if not isinstance(node, c_ast.TypeDecl) or not isinstance(node.type, c_ast.IdentifierType):
            raise BindgenError("unsupported type node %s" % type(node).__name__)
        self.const = "const" in node.quals
        self.base = " ".join(node.type.names)

    def __repr__(self):
        return ("const " if self.const else "") + self.base + " " + "*" * self.depth


def eval_const(node, known):
    if isinstance(node, c_ast.Constant):
        return int(node.value.rstrip("uUlL"), 0)
    if isinstance(node, c_ast.UnaryOp) and node.op == "-":
        return -eval_const(node.expr, known)
    if isinstance(node, c_ast.ID):
        return known[node.name]
    raise BindgenError("unsupported enum value expression")


def doc_briefs(header_text):
    """The first paragraph of the Doxygen comment before each declaration."""
    briefs = {}
    pattern = re.compile(r"/\*\*(.*?)\*/\s*VALUE_API[^;(]*?\b(value_\w+)\s*\(", re.S)
    for m in pattern.finditer(header_text):
        body = m.group(1)
        # comments may hold other declarations' text if a declaration had no
        # comment: keep only the last comment before the name
        body = body.split("/**")[-1]
        lines = [re.sub(r"^\s*\*\s?", "", ln).strip() for ln in body.splitlines()]
        para = []
        for ln in lines:
            if ln.startswith("@") or (not ln and para):
                break
            if ln:
                para.append(ln)
        text = " ".join(para)
        text = re.split(r"\s*@(?:param|return)\b", text)[0]  # a one-line comment's tags
        text = re.sub(r"@f\$(.*?)@f\$", r"\1", text)
        text = re.sub(r"(?:@p|::|#)\s*(\w)", r"\1", text)
        briefs[m.group(2)] = text
    return briefs


def doc_nullable(header_text):
    """The parameters each declaration's Doxygen comment documents as
    taking NULL (its @param text has the word NULL): {function: {names}}."""
    nullable = {}
    pattern = re.compile(r"/\*\*(.*?)\*/\s*VALUE_API[^;(]*?\b(value_\w+)\s*\(", re.S)
    for m in pattern.finditer(header_text):
        body = m.group(1).split("/**")[-1]
        params = re.findall(r"@param(?:\[[a-z,]+\])?\s+(\w+)(.*?)(?=@param|@return|\Z)", body, re.S)
        nullable[m.group(2)] = {name for name, text in params if re.search(r"\bNULL\b", text)}
    return nullable


ARRAY_TYPES = ("double", "int32_t", "uint8_t")
SQUARE_ARRAYS = ("cov",)  # input arrays that are n x n matrices of their group's length n
CALLBACK_SIGNATURE = ["const double *", "size_t", "void *", "double *"]


class Param:
    def __init__(self, name, ctype):
        # C names that are Python keywords (lambda) get a trailing underscore
        # in both bindings, so the two stay alike.
        self.name = name + "_" if keyword.iskeyword(name) else name
        self.ctype = ctype


class Arg:
    """One binding-level argument or result, grouping C parameters."""

    def __init__(self, kind, name, **kw):
        self.kind = kind  # handle_in, double, int, size, string, array_in, array_out, handle_out, scalar_out
        self.name = name
        self.__dict__.update(kw)


class Function:
    def __init__(self, name, ret, params, handles, enums, callbacks=()):
        self.name = name
        self.ret = ret
        self.params = params
        self.args = []      # inputs, in C order
        self.outs = []      # results, in C order
        self.call = []      # how each C parameter is passed: (kind, arg)
        self.is_free = False
        self._classify(handles, enums, callbacks)

    def _fail(self, p, why):
        raise BindgenError("%s: parameter %s (%r): %s" % (self.name, p.name, p.ctype, why))

    def _classify(self, handles, enums, callbacks):
        ps = self.params
        if self.ret.depth == 0 and self.ret.base == "void":
            if len(ps) == 1 and ps[0].ctype.depth == 1 and ps[0].ctype.base in handles and self.name.endswith("_free"):
                self.is_free = True
                self.handle = ps[0].ctype.base
                return
            if ps:
                raise BindgenError("%s: void functions other than _free are not supported" % self.name)
        def is_size(q):
            return q.ctype.depth == 0 and q.ctype.base == "size_t"

        def is_array_in(q):
            return ((q.ctype.depth == 1 and q.ctype.const and q.ctype.base in ARRAY_TYPES)
                    or (q.ctype.depth == 2 and q.ctype.const and q.ctype.base == "char"
                        and not q.name.startswith("out")))

        def is_array_out(q):
            return (q.ctype.depth == 1 and not q.ctype.const and q.ctype.base in ARRAY_TYPES
                    and q.name.startswith("out"))

        i = 0
        while i < len(ps):
            p, t = ps[i], ps[i].ctype
            for test, kind in ((is_array_in, "array_in"), (is_array_out, "array_out")):
                j = i
                while j < len(ps) and test(ps[j]):
                    j += 1
                if j > i and j < len(ps) and is_size(ps[j]):
                    break
            else:
                j = i
            if j > i:
                length = ps[j].name
                group = [Arg(kind, q.name, length=length,
                             ctype="string" if q.ctype.depth == 2 else q.ctype.base,
                             square=kind == "array_in" and q.name in SQUARE_ARRAYS) for q in ps[i:j]]
                for a in group:
                    a.group = group
                if group[0].square:
                    self._fail(ps[i], "a square matrix cannot be the first array of its group")
                if kind == "array_in":
                    self.args += group
                    self.call += [("array_ptr", a) for a in group] + [("array_len", group[0])]
                else:
                    self.args.append(Arg("size", length))
                    self.outs += group
                    self.call += [("out_array", a) for a in group] + [("out_array_len", group[0])]
                i = j + 1
                continue
            if t.depth == 0 and t.base in callbacks:
                user = ps[i + 1] if i + 1 < len(ps) else None
                if user is None or repr(user.ctype).strip() != "void *":
                    self._fail(p, "a callback must be followed by a void * user parameter")
                a = Arg("callback", p.name, cbtype=t.base)
                self.args.append(a)
                self.call += [("callback", a), ("callback_user", a)]
                i += 2
                continue
            if t.depth == 2 and t.base in handles and p.name.startswith("out"):
                a = Arg("handle_out", p.name, handle=t.base)
                self.outs.append(a)
                self.call.append(("out_handle", a))
            elif t.depth == 1 and t.base in handles:
                a = Arg("handle_in", p.name, handle=t.base, nullable=i > 0)
                self.args.append(a)
                self.call.append(("in", a))
            elif t.depth == 1 and not t.const and p.name.startswith("out"):
                if t.base not in ("double", "int", "int32_t", "size_t"):
                    self._fail(p, "scalar outputs must be double, int, int32_t or size_t")
                a = Arg("scalar_out", p.name, ctype=t.base)
                self.outs.append(a)
                self.call.append(("out_scalar", a))
            elif t.depth == 2 and t.const and t.base == "char" and p.name.startswith("out"):
                a = Arg("string_out", p.name)
                self.outs.append(a)
                self.call.append(("out_scalar", a))
            elif t.depth == 1 and t.const and t.base == "char":
                a = Arg("string", p.name)
                self.args.append(a)
                self.call.append(("in", a))
            elif t.depth == 0 and t.base == "double":
                a = Arg("double", p.name)
                self.args.append(a)
                self.call.append(("in", a))
            elif t.depth == 0 and t.base in ("size_t", "uint64_t"):
                a = Arg("size", p.name)
                self.args.append(a)
                self.call.append(("in", a))
            elif t.depth == 0 and (t.base in ("int", "int32_t") or t.base in enums):
                a = Arg("int", p.name, enum=t.base if t.base in enums else None)
                self.args.append(a)
                self.call.append(("in", a))
            else:
                self._fail(p, "no binding convention covers this parameter")
            i += 1
        if self.ret.depth == 0 and self.ret.base == "int":
            self.returns = "status"
        elif self.ret.depth == 1 and self.ret.const and self.ret.base == "char":
            self.returns = "string"
        else:
            raise BindgenError("%s: unsupported return type %r" % (self.name, self.ret))


class Api:
    def __init__(self, header):
        with open(header, encoding="utf-8") as f:
            text = f.read()
        ast = c_parser.CParser().parse(preprocess(header), filename=header)
        self.enums = {}      # enum type name -> [(const, value)]
        self.handles = []    # opaque handle type names
        self.callbacks = []  # function-pointer typedef names
        self.functions = []
        briefs = doc_briefs(text)
        nullable = doc_nullable(text)
        for node in ast.ext:
            if isinstance(node, c_ast.Typedef) and isinstance(node.type, c_ast.TypeDecl):
                inner = node.type.type
                if isinstance(inner, c_ast.Enum) and inner.values is not None:
                    values, nextv, known = [], 0, {}
                    for e in inner.values.enumerators:
                        v = eval_const(e.value, known) if e.value is not None else nextv
                        known[e.name] = v
                        values.append((e.name, v))
                        nextv = v + 1
                    self.enums[node.name] = values
                elif isinstance(inner, c_ast.Struct) and inner.decls is None:
                    self.handles.append(node.name)
            elif (isinstance(node, c_ast.Typedef) and isinstance(node.type, c_ast.PtrDecl)
                  and isinstance(node.type.type, c_ast.FuncDecl)):
                fd = node.type.type
                sig = [repr(CType(q.type)).strip() for q in fd.args.params]
                if repr(CType(fd.type)).strip() != "int" or sig != CALLBACK_SIGNATURE:
                    raise BindgenError("callback type %s: only int (*)(%s) is supported"
                                       % (node.name, ", ".join(CALLBACK_SIGNATURE)))
                self.callbacks.append(node.name)
        for node in ast.ext:
            if isinstance(node, c_ast.Decl) and isinstance(node.type, c_ast.FuncDecl):
                fd = node.type
                params = []
                for p in (fd.args.params if fd.args else []):
                    if isinstance(p, c_ast.Typename):  # (void)
                        continue
                    params.append(Param(p.name, CType(p.type)))
                fn = Function(node.name, CType(fd.type), params, self.handles, self.enums, self.callbacks)
                fn.doc = briefs.get(node.name, "")
                c_names = {q.name: p.name for q, p in zip(params, (fd.args.params if fd.args else []))
                           if not isinstance(p, c_ast.Typename)}
                # only a later column of a group: the group's length is its first's
                for a in fn.args:
                    if a.kind == "array_in":
                        a.nullable = (a is not a.group[0] and c_names.get(a.name) in nullable.get(node.name, ()))
                self.functions.append(fn)
        for h in self.handles:
            if not any(f.is_free and f.handle == h for f in self.functions):
                raise BindgenError("handle type %s has no %s_free" % (h, h))
        # an enum's map is named as its type: it must not hide a binding's name
        taken = set(self.handles) | set(self.callbacks) | {f.name for f in self.functions}
        for ename in self.enums:
            if ename in taken:
                raise BindgenError("enum %s: its map would have the name of a function or type" % ename)
        self.options = {ename: option_names(values) for ename, values in self.enums.items()}
        self.version = header_version(header)


def wrapped(head, items, tail, indent, trailing_comma):
    """head + items + tail on one line when it is short, else one item a line."""
    line = head + ", ".join(items) + tail
    if len(line) <= 110:
        return [line]
    body = [indent + it + "," for it in items]
    if not trailing_comma:
        body[-1] = body[-1][:-1]
    return [head] + body + [tail]


R_RESERVED = {"if", "else", "repeat", "while", "function", "for", "next", "break", "in", "TRUE", "FALSE",
              "NULL", "Inf", "NaN", "NA"}


def r_name(name):
    """A name as R code: backquoted unless syntactic."""
    return name if re.match(r"^[A-Za-z][A-Za-z0-9._]*$", name) and name not in R_RESERVED else "`%s`" % name


def enum_lines(api, lang):
    """Every enum: its constants, then its map, in Python or R."""
    out = []
    for ename, values in api.enums.items():
        out.append("# %s" % ename)
        opts = api.options[ename]
        if lang == "python":
            out += ["%s = %d" % (name, v) for name, v in values]
            out += wrapped("%s = {" % ename, ['"%s": %s' % (o, name) for o, (name, _) in zip(opts, values)], "}",
                           "    ", True)
        else:
            out += ["%s <- %dL" % (name, v) for name, v in values]
            out += wrapped("%s <- c(" % ename, ["%s = %s" % (r_name(o), name) for o, (name, _) in zip(opts, values)],
                           ")", "  ", False)
        out.append("")
    return out


# ---- Python -------------------------------------------------------------------

PY_CTYPE = {"double": "ctypes.c_double", "int": "ctypes.c_int", "size_t": "ctypes.c_size_t",
            "int32_t": "ctypes.c_int32", "uint64_t": "ctypes.c_uint64", "uint8_t": "ctypes.c_uint8"}
PY_AS_ARRAY = {"double": "as_doubles", "int32_t": "as_int32s", "uint8_t": "as_bytes", "string": "as_strings"}
PY_ARRAY_CODE = {"double": "d", "int32_t": "i", "uint8_t": "B"}
R_ARRAY = {"double": ("rv_doubles", "REALSXP", "REAL"), "int32_t": ("rv_ints", "INTSXP", "INTEGER"),
           "uint8_t": ("rv_raw", "RAWSXP", "RAW"), "string": ("rv_strings", "STRSXP", "rv_string_ptrs")}


def py_argtype(p, api):
    t = p.ctype
    if t.depth == 0 and t.base in api.callbacks:
        return t.base
    if t.depth == 1 and t.base == "void":
        return "ctypes.c_void_p"
    if t.base in api.handles:
        return "ctypes.c_void_p" if t.depth == 1 else "ctypes.POINTER(ctypes.c_void_p)"
    if t.depth == 1 and t.base == "char":
        return "ctypes.c_char_p"
    if t.depth == 2 and t.base == "char":
        return "ctypes.POINTER(ctypes.c_char_p)"
    base = "ctypes.c_int" if t.base in api.enums else PY_CTYPE[t.base]
    return base if t.depth == 0 else "ctypes.POINTER(%s)" % base


def py_docstring(fn, indent):
    doc = fn.doc.replace("\\", "\\\\").replace('"""', "'''")
    return '%s"""%s"""\n' % (indent, doc) if doc else ""


def gen_python_constants(api):
    out = ["# %s" % BANNER,
           '"""value.h\'s enums and version for the libvalue binding; no imports.',
           "",
           "Each enumerator is a constant of its C name: VALUE_DISCOUNT_MID = 2.  Each",
           "enum type is also a dict named as the C type, from the option name (the",
           "enumerator without the prefix its type's enumerators share, in lower case)",
           "to the value, in the header's order:",
           "",
           '    value_discount_timing = {"end": 0, "start": 1, "mid": 2}',
           "",
           "The hand-written modules look their option names up in these dicts",
           "(_support.choice) and hold no enum number of their own.  VERSION is the",
           "header's VALUE_VERSION_MAJOR.MINOR.PATCH (the build backend reads it here).\"\"\"",
           "",
           'VERSION = "%s"' % api.version,
           "",
           ""]
    out += enum_lines(api, "python")
    return "\n".join(out).rstrip("\n") + "\n"


def gen_python(api):
    out = ["# %s" % BANNER,
           '"""Low layer of the libvalue binding: one function per C function.',
           "",
           "Errors raise libvalue.Error subclasses carrying value_errmsg().  The",
           "Pythonic layer lives in the hand-written modules beside this one.  The",
           "enums, their maps and VERSION are in _constants, re-exported here.\"\"\"",
           "",
           "import ctypes",
           "",
           "from ._constants import *  # noqa: F401,F403",
           "from ._support import (lib, check, as_doubles, as_int32s, as_bytes, as_strings, same_length, square_length,",
           "                       new_array, Handle, need_handle,",
           "                       to_size, to_bytes, make_callback, reraise)",
           "",
           ""]
    for cb in api.callbacks:
        out += ["# callback type: int (*)(const double *, size_t, void *, double *)",
                "%s = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_double), ctypes.c_size_t," % cb,
                "                      ctypes.c_void_p, ctypes.POINTER(ctypes.c_double))", "", ""]
    for h in api.handles:
        out += ["class %s(Handle):" % h,
                '    """Owner of a C %s handle; freed by close(), with, or garbage collection."""' % h,
                "",
                "    _free = staticmethod(lambda p: lib.%s_free(p))" % h,
                "", ""]
    for fn in api.functions:
        argtypes = ", ".join(py_argtype(p, api) for p in fn.params)
        if fn.is_free:
            restype = "None"
        elif fn.returns == "string":
            restype = "ctypes.c_char_p"
        else:
            restype = "ctypes.c_int"
        out.append("lib.%s.argtypes = [%s]" % (fn.name, argtypes))
        out.append("lib.%s.restype = %s" % (fn.name, restype))
        out.append("")
    out.append("")
    for fn in api.functions:
        if fn.is_free:
            out += ["def %s(h):" % fn.name,
                    '    """Release the handle now (later uses raise); a closed handle is a no-op."""',
                    "    need_handle(h, %s, 'h', allow_closed=True)" % fn.handle,
                    "    h.close()",
                    "", ""]
            continue
        names = [a.name for a in fn.args]
        out.append("def %s(%s):" % (fn.name, ", ".join(names)))
        out.append(py_docstring(fn, "    ").rstrip("\n")) if fn.doc else None
        body, callargs = [], []
        for a in fn.args:
            if a.kind == "handle_in":
                body.append("need_handle(%s, %s, %r%s)" % (a.name, a.handle, a.name,
                                                         ", allow_none=True" if a.nullable else ""))
            elif a.kind == "array_in":
                conv = "%s(%s, %r)" % (PY_AS_ARRAY[a.ctype], a.name, a.name)
                if a.nullable:  # None: a NULL pointer, no length
                    conv = "(None, None) if %s is None else %s" % (a.name, conv)
                body.append("%s_buf, %s_n = %s" % (a.name, a.name, conv))
                if len(a.group) > 1 and a is a.group[-1]:
                    flat = [g for g in a.group if not g.square]
                    if len(flat) > 1:
                        body.append("same_length(%s)" % ", ".join("(%r, %s_n)" % (g.name, g.name) for g in flat))
                    for g in a.group:
                        if g.square:
                            body.append("square_length(%r, %s_n, %s_n)" % (g.name, g.name, a.group[0].name))
            elif a.kind == "size":
                body.append("%s = to_size(%s, %r)" % (a.name, a.name, a.name))
            elif a.kind == "string":
                body.append("%s = to_bytes(%s, %r)" % (a.name, a.name, a.name))
            elif a.kind == "callback":
                body.append("%s_c, %s_errors = make_callback(%s, %s, %r)" % (a.name, a.name, a.cbtype, a.name, a.name))
        for o in fn.outs:
            if o.kind == "handle_out":
                body.append("%s = ctypes.c_void_p()" % o.name)
            elif o.kind == "scalar_out":
                body.append("%s = %s()" % (o.name, PY_CTYPE[o.ctype]))
            elif o.kind == "string_out":
                body.append("%s = ctypes.c_char_p()" % o.name)
            elif o.kind == "array_out":
                body.append("%s, %s_buf = new_array(%s, %r)" % (o.name, o.name, o.length, PY_ARRAY_CODE[o.ctype]))
        for kind, a in fn.call:
            if kind == "in":
                if a.kind == "handle_in" and a.nullable:  # None: a NULL handle
                    callargs.append("None if %s is None else %s.ptr" % (a.name, a.name))
                else:
                    callargs.append("%s.ptr" % a.name if a.kind == "handle_in" else a.name)
            elif kind == "array_ptr":
                callargs.append("%s_buf" % a.name)
            elif kind == "array_len":
                callargs.append("%s_n" % a.name)
            elif kind in ("out_handle", "out_scalar"):
                callargs.append("ctypes.byref(%s)" % a.name)
            elif kind == "out_array":
                callargs.append("%s_buf" % a.name)
            elif kind == "out_array_len":
                callargs.append(a.length)
            elif kind == "callback":
                callargs.append("%s_c" % a.name)
            elif kind == "callback_user":
                callargs.append("None")
        call = "lib.%s(%s)" % (fn.name, ", ".join(callargs))
        callbacks = [a for a in fn.args if a.kind == "callback"]
        if fn.returns == "string":
            body.append("return %s.decode('utf-8')" % call)
        else:
            if callbacks:  # a Python exception inside a callback wins over the status
                body.append("rc = %s" % call)
                body += ["reraise(%s_errors)" % a.name for a in callbacks]
                body.append("check(rc)")
            else:
                body.append("check(%s)" % call)
            results = []
            for o in fn.outs:
                if o.kind == "handle_out":
                    results.append("%s(%s.value)" % (o.handle, o.name))
                elif o.kind == "scalar_out":
                    results.append("%s.value" % o.name)
                elif o.kind == "string_out":
                    results.append("%s.value.decode('utf-8')" % o.name)
                else:
                    results.append(o.name)
            if len(results) == 1:
                body.append("return %s" % results[0])
            elif results:
                body.append("return (%s)" % ", ".join(results))
        out += ["    " + b for b in body]
        out += ["", ""]
    return "\n".join(x for x in out if x is not None).rstrip("\n") + "\n"


# ---- R ---------------------------------------------------------------------------

def r_length(g):
    """The length of the R vector of array argument g (0 for a NULL one)."""
    v = "XLENGTH(v_%s)" % g.name
    return "(isNull(v_%s) ? 0 : %s)" % (g.name, v) if g.nullable else v


def r_length_differs(g, first):
    """Whether column g's length differs from the group's first (a NULL one never does)."""
    d = "XLENGTH(v_%s) != XLENGTH(%s)" % (g.name, first)
    return "(!isNull(v_%s) && %s)" % (g.name, d) if g.nullable else d


def gen_r_c(api):
    out = ["/* %s */" % BANNER,
           "/* .Call glue for the R package libvalue: one routine per C function. */",
           "/* The binding covers value.h's experimental part too. */",
           "#ifndef %s" % EXPERIMENTAL,
           "#define %s" % EXPERIMENTAL,
           "#endif",
           "#include <R.h>",
           "#include <Rinternals.h>",
           "#include <R_ext/Rdynload.h>",
           "#include <value.h>",
           "",
           '#include "support.h"',
           ""]
    for h in api.handles:
        out += ["static void finalize_%s(SEXP p)" % h,
                "{",
                "    %s *h = R_ExternalPtrAddr(p);" % h,
                "    if (h != NULL) {",
                "        R_ClearExternalPtr(p);",
                "        %s_free(h);" % h,
                "    }",
                "}",
                ""]
    routines = []
    for fn in api.functions:
        rname = "R_" + fn.name
        if fn.is_free:
            routines.append((rname, 1))
            out += ["SEXP %s(SEXP h)" % rname,
                    "{",
                    '    rv_handle(h, "%s", "h", 1);' % fn.handle,
                    "    finalize_%s(h);" % fn.handle,
                    "    return R_NilValue;",
                    "}",
                    ""]
            continue
        routines.append((rname, len(fn.args)))
        sig = ", ".join("SEXP %s" % a.name for a in fn.args) or "void"
        body, callargs, nprot = [], [], 0
        for a in fn.args:
            n = a.name
            if a.kind == "handle_in":
                body.append('%s *c_%s = rv_handle(%s, "%s", "%s", 0);' % (a.handle, n, n, a.handle, n))
            elif a.kind == "double":
                body.append('double c_%s = rv_double(%s, "%s");' % (n, n, n))
            elif a.kind == "int":
                body.append('int c_%s = rv_int(%s, "%s");' % (n, n, n))
            elif a.kind == "size":
                body.append('size_t c_%s = rv_size(%s, "%s");' % (n, n, n))
            elif a.kind == "string":
                body.append('const char *c_%s = rv_string(%s, "%s");' % (n, n, n))
            elif a.kind == "callback":
                body.append('rv_function(%s, "%s");' % (n, n))
            elif a.kind == "array_in":
                conv = '%s(%s, "%s")' % (R_ARRAY[a.ctype][0], n, n)
                if a.nullable:  # NULL: a NULL pointer, no length
                    conv = "isNull(%s) ? R_NilValue : %s" % (n, conv)
                body.append('SEXP v_%s = PROTECT(%s);' % (n, conv))
                nprot += 1
                if len(a.group) > 1 and a is a.group[-1]:
                    first = "v_%s" % a.group[0].name
                    flat = [g for g in a.group if not g.square]
                    if len(flat) > 1:
                        cond = " || ".join(r_length_differs(g, first) for g in flat[1:])
                        names = ", ".join(g.name for g in flat)
                        fmt = ", ".join("%lld" for _ in flat)
                        lens = ", ".join("(long long)%s" % r_length(g) for g in flat)
                        body.append('if (%s)' % cond)
                        body.append('    Rf_error("%s must have the same length, got %s", %s);' % (names, fmt, lens))
                    for g in a.group:
                        if g.square:
                            body.append("if ((double)XLENGTH(v_%s) != (double)XLENGTH(%s) * (double)XLENGTH(%s))"
                                        % (g.name, first, first))
                            body.append('    Rf_error("%s must have %%lld x %%lld values (the length of %s), got %%lld", '
                                        '(long long)XLENGTH(%s), (long long)XLENGTH(%s), (long long)XLENGTH(v_%s));'
                                        % (g.name, a.group[0].name, first, first, g.name))
        for o in fn.outs:
            if o.kind == "handle_out":
                body.append("%s *c_%s = NULL;" % (o.handle, o.name))
            elif o.kind == "scalar_out":
                body.append("%s c_%s = 0;" % (o.ctype, o.name))
            elif o.kind == "string_out":
                body.append("const char *c_%s = NULL;" % o.name)
            elif o.kind == "array_out":
                body.append("SEXP v_%s = PROTECT(allocVector(%s, (R_xlen_t)c_%s));" % (
                    o.name, R_ARRAY[o.ctype][1], o.length))
                nprot += 1
        for kind, a in fn.call:
            if kind == "in":
                callargs.append("c_%s" % a.name)
            elif kind == "array_ptr":
                ptr = "%s(v_%s)" % (R_ARRAY[a.ctype][2], a.name)
                callargs.append("isNull(v_%s) ? NULL : %s" % (a.name, ptr) if a.nullable else ptr)
            elif kind == "array_len":
                callargs.append("(size_t)XLENGTH(v_%s)" % a.name)
            elif kind in ("out_handle", "out_scalar"):
                callargs.append("&c_%s" % a.name)
            elif kind == "out_array":
                callargs.append("c_%s ? %s(v_%s) : NULL" % (a.length, R_ARRAY[a.ctype][2], a.name))
            elif kind == "out_array_len":
                callargs.append("c_%s" % a.length)
            elif kind == "callback":
                callargs.append("rv_callback_%s" % a.cbtype)
            elif kind == "callback_user":
                callargs.append("(void *)%s" % a.name)
        call = "%s(%s)" % (fn.name, ", ".join(callargs))
        if fn.returns == "string":
            body.append("SEXP res = PROTECT(mkString(%s));" % call)
            nprot += 1
        else:
            body.append("rv_check(%s);" % call)
            results = []
            for o in fn.outs:
                if o.kind == "handle_out":
                    results.append((o.name, 'rv_wrap_handle(c_%s, "%s", finalize_%s)' % (o.name, o.handle, o.handle)))
                elif o.kind == "scalar_out":
                    conv = {"double": "ScalarReal(c_%s)", "int": "ScalarInteger(c_%s)",
                            "int32_t": "ScalarInteger(c_%s)", "size_t": "ScalarReal((double)c_%s)"}[o.ctype]
                    results.append((o.name, conv % o.name))
                elif o.kind == "string_out":
                    results.append((o.name, "mkString(c_%s)" % o.name))
                else:
                    results.append((o.name, "v_%s" % o.name))
            if not results:
                body.append("SEXP res = R_NilValue;")
            elif len(results) == 1:
                body.append("SEXP res = PROTECT(%s);" % results[0][1])
                nprot += 1
            else:
                body.append("SEXP res = PROTECT(allocVector(VECSXP, %d));" % len(results))
                body.append("SEXP names = PROTECT(allocVector(STRSXP, %d));" % len(results))
                nprot += 2
                for k, (nm, expr) in enumerate(results):
                    body.append("SET_VECTOR_ELT(res, %d, %s);" % (k, expr))
                    body.append('SET_STRING_ELT(names, %d, mkChar("%s"));' % (k, nm))
                body.append("setAttrib(res, R_NamesSymbol, names);")
        if nprot:
            body.append("UNPROTECT(%d);" % nprot)
        body.append("return res;")
        out += ["SEXP %s(%s)" % (rname, sig), "{"] + ["    " + b for b in body] + ["}", ""]
    out.append("static const R_CallMethodDef call_methods[] = {")
    for rname, nargs in routines:
        out.append("    {\"%s\", (DL_FUNC)&%s, %d}," % (rname, rname, nargs))
    out += ["    {NULL, NULL, 0}",
            "};",
            "",
            "void R_init_libvalue(DllInfo *dll)",
            "{",
            "    R_registerRoutines(dll, NULL, call_methods, NULL, NULL);",
            "    R_useDynamicSymbols(dll, FALSE);",
            "    R_forceSymbols(dll, TRUE);",
            "}"]
    return "\n".join(out) + "\n"


def gen_r_r(api):
    out = ["# %s" % BANNER,
           "# Low layer: value.h's enums, and one R function per C function calling",
           "# the registered .Call routine. Not exported; the hand-written R files",
           "# build on it.",
           "#",
           "# Each enumerator is a constant of its C name: VALUE_DISCOUNT_MID <- 2L.",
           "# Each enum type is also a named integer vector named as the C type, from",
           "# the option name (the enumerator without the prefix its type's",
           "# enumerators share, in lower case) to the value, in the header's order:",
           "#   value_discount_timing <- c(end = 0L, start = 1L, mid = 2L)",
           "# The hand-written files take option names from these (match.arg() over",
           "# names()) and hold no enum number of their own.  They use them at load",
           "# time, so this file is named to collate first (R sources R/*.R in",
           "# C-locale order).",
           ""]
    out += enum_lines(api, "r")
    for fn in api.functions:
        names = ["h"] if fn.is_free else [a.name for a in fn.args]
        if fn.doc:
            out.append("# %s" % fn.doc)
        call = ".Call(R_%s%s)" % (fn.name, "".join(", " + n for n in names))
        if fn.is_free or (fn.returns == "status" and not fn.outs):
            call = "invisible(%s)" % call
        out.append("%s <- function(%s) %s" % (fn.name, ", ".join(names), call))
    return "\n".join(out) + "\n"


def gen_r_description(api, current):
    """The R package's DESCRIPTION with its version lines from the header."""
    text, n = re.subn(r"^Version: .*$", "Version: %s" % api.version, current, flags=re.M)
    text, m = re.subn(r"^(SystemRequirements: (?:.*, )?libvalue \(>= )[^)]*\)", r"\g<1>%s)" % api.version, text,
                      flags=re.M)
    if n != 1 or m != 1:
        raise BindgenError("%s needs one Version: line and SystemRequirements: libvalue (>= ...)" % R_DESCRIPTION)
    return text


def generate(header, outdir):
    api = Api(header)
    with open(os.path.join(outdir, R_DESCRIPTION), encoding="utf-8") as f:
        description = f.read()
    return {PY_CONST_OUT: gen_python_constants(api), PY_OUT: gen_python(api), R_C_OUT: gen_r_c(api),
            R_R_OUT: gen_r_r(api), R_DESCRIPTION: gen_r_description(api, description)}


def stale_files(outdir):
    """Files marked as generated that bindgen no longer writes."""
    stale = []
    for d in GENERATED_DIRS:
        for name in sorted(os.listdir(os.path.join(outdir, d))):
            rel = os.path.join(d, name)
            if rel in GENERATED or not os.path.isfile(os.path.join(outdir, rel)):
                continue
            with open(os.path.join(outdir, rel), encoding="utf-8", errors="replace") as f:
                if BANNER in f.readline():
                    stale.append(rel)
    return stale


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--header", required=True)
    ap.add_argument("--outdir", required=True, help="the bindings/ directory")
    ap.add_argument("--check", action="store_true",
                    help="compare with the files in --outdir instead of writing; exit 1 on drift")
    args = ap.parse_args(argv)
    try:
        files = generate(args.header, args.outdir)
    except (BindgenError, OSError) as e:
        print("bindgen: %s" % e, file=sys.stderr)
        return 2
    drift = []
    for rel, text in files.items():
        path = os.path.join(args.outdir, rel)
        if args.check:
            try:
                with open(path, encoding="utf-8") as f:
                    current = f.read()
            except OSError:
                current = None
            if current != text:
                drift.append(rel)
                with tempfile.NamedTemporaryFile("w", suffix=os.path.basename(rel), delete=False) as tmp:
                    tmp.write(text)
                subprocess.run(["diff", "-u", path, tmp.name])
                os.unlink(tmp.name)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    stale = stale_files(args.outdir)
    if stale:
        print("bindgen: generated files bindgen no longer writes (remove them): %s" % ", ".join(stale),
              file=sys.stderr)
    if drift:
        print("bindgen: generated files differ from value.h: %s\nrun 'make bindings' and commit"
              % ", ".join(drift), file=sys.stderr)
    return 1 if drift or (stale and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
