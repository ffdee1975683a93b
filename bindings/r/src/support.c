/* Hand-written helpers for the generated .Call glue.
 * SPDX-License-Identifier: GPL-3.0-or-later */
/* As glue.c: the binding covers value.h's experimental part too (its
 * callbacks included). */
#ifndef VALUE_EXPERIMENTAL
#define VALUE_EXPERIMENTAL
#endif
#include "support.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <value.h>

/* Every error of the package's C side passes through here: the R helper
 * .value_stop() (R/aab-conditions.R) rewrites the C message for R (indices
 * counted from 1, the R argument's name) and signals a classed condition
 * whose call is the function the user called.  It does not return; the
 * Rf_error() is a fallback should the helper be missing. */
static void rv_signal(int status, const char *msg)
{
    SEXP ns = PROTECT(R_FindNamespace(PROTECT(mkString("libvalue"))));
    SEXP m = PROTECT(mkString(msg));
    SEXP st = PROTECT(ScalarInteger(status));
    SEXP call = PROTECT(lang3(install(".value_stop"), m, st));
    eval(call, ns);
    UNPROTECT(5);
    Rf_error("%s", msg);
}

static void rv_errorf(const char *fmt, ...)
{
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    rv_signal(VALUE_EINVAL, msg);
}

void rv_check(int status)
{
    if (status < 0) {
        char msg[600];
        snprintf(msg, sizeof msg, "%s", value_errmsg());
        rv_signal(status, msg);
    }
}

static void need_scalar(SEXP x, const char *name)
{
    if (XLENGTH(x) != 1)
        rv_errorf("%s must have length 1, got length %lld", name, (long long)XLENGTH(x));
}

double rv_double(SEXP x, const char *name)
{
    if (!isNumeric(x) && !isLogical(x))
        rv_errorf("%s must be numeric, got %s", name, type2char(TYPEOF(x)));
    need_scalar(x, name);
    return asReal(x); /* NA becomes NaN, which the library rejects by name */
}

int rv_int(SEXP x, const char *name)
{
    if (!isNumeric(x))
        rv_errorf("%s must be numeric, got %s", name, type2char(TYPEOF(x)));
    need_scalar(x, name);
    double v = asReal(x);
    if (!(v == floor(v)) || fabs(v) > INT32_MAX)
        rv_errorf("%s must be a whole number, got %g", name, v);
    return (int)v;
}

size_t rv_size(SEXP x, const char *name)
{
    if (!isNumeric(x))
        rv_errorf("%s must be numeric, got %s", name, type2char(TYPEOF(x)));
    need_scalar(x, name);
    double v = asReal(x);
    if (!(v >= 0 && v == floor(v) && v <= 4503599627370496.0))
        rv_errorf("%s must be a whole number >= 0, got %g", name, v);
    return (size_t)v;
}

const char *rv_string(SEXP x, const char *name)
{
    if (x == R_NilValue)
        return NULL; /* "or NULL" arguments; the library names a NULL it refuses */
    if (!isString(x) || XLENGTH(x) != 1 || STRING_ELT(x, 0) == NA_STRING)
        rv_errorf("%s must be a single non-NA string", name);
    return translateCharUTF8(STRING_ELT(x, 0));
}

SEXP rv_doubles(SEXP x, const char *name)
{
    if (!isNumeric(x) && !isLogical(x))
        rv_errorf("%s must be a numeric vector, got %s", name, type2char(TYPEOF(x)));
    return coerceVector(x, REALSXP);
}

SEXP rv_strings(SEXP x, const char *name)
{
    if (!isString(x))
        rv_errorf("%s must be a character vector, got %s", name, type2char(TYPEOF(x)));
    for (R_xlen_t i = 0; i < XLENGTH(x); i++)
        if (STRING_ELT(x, i) == NA_STRING)
            rv_errorf("%s[%lld] is NA", name, (long long)i);
    return x;
}

const char **rv_string_ptrs(SEXP x)
{
    R_xlen_t n = XLENGTH(x);
    /* R_alloc: released by R when the .Call returns, or on an error */
    const char **p = (const char **)R_alloc((size_t)(n > 0 ? n : 1), sizeof *p);
    for (R_xlen_t i = 0; i < n; i++)
        p[i] = translateCharUTF8(STRING_ELT(x, i));
    return p;
}

SEXP rv_raw(SEXP x, const char *name)
{
    if (TYPEOF(x) != RAWSXP)
        rv_errorf("%s must be a raw vector, got %s", name, type2char(TYPEOF(x)));
    return x;
}

SEXP rv_ints(SEXP x, const char *name)
{
    if (isInteger(x) || isLogical(x))
        return coerceVector(x, INTSXP);
    if (!isReal(x))
        rv_errorf("%s must be an integer vector, got %s", name, type2char(TYPEOF(x)));
    const double *v = REAL(x);
    for (R_xlen_t i = 0; i < XLENGTH(x); i++)
        if (!(v[i] == floor(v[i]) && fabs(v[i]) <= INT32_MAX))
            rv_errorf("%s[%lld] is %g, must be a whole number in the integer range", name, (long long)i, v[i]);
    return coerceVector(x, INTSXP);
}

void rv_function(SEXP x, const char *name)
{
    if (!isFunction(x))
        rv_errorf("%s must be a function, got %s", name, type2char(TYPEOF(x)));
}

int rv_callback_value_sensitivity_fn(const double *params, size_t n, void *user, double *out)
{
    SEXP arg = PROTECT(allocVector(REALSXP, (R_xlen_t)n));
    memcpy(REAL(arg), params, n * sizeof(double));
    SEXP call = PROTECT(lang2((SEXP)user, arg));
    int failed = 0;
    /* R_tryEval catches the R error (and prints it), so no longjmp crosses
     * the library's frames. */
    SEXP res = R_tryEval(call, R_GlobalEnv, &failed);
    int rc = 1;
    if (!failed && (isReal(res) || isInteger(res) || isLogical(res)) && XLENGTH(res) == 1) {
        *out = asReal(res);
        rc = 0;
    }
    UNPROTECT(2);
    return rc;
}

void *rv_handle(SEXP x, const char *tag, const char *name, int allow_closed)
{
    if (x == R_NilValue && !allow_closed)
        return NULL; /* "or NULL" handles; the library names a NULL it refuses */
    if (TYPEOF(x) != EXTPTRSXP || TYPEOF(R_ExternalPtrTag(x)) != SYMSXP ||
        strcmp(CHAR(PRINTNAME(R_ExternalPtrTag(x))), tag) != 0)
        rv_errorf("%s must be a %s object", name, tag);
    void *h = R_ExternalPtrAddr(x);
    if (h == NULL && !allow_closed)
        rv_errorf("%s has been freed", name);
    return h;
}

SEXP rv_wrap_handle(void *h, const char *tag, R_CFinalizer_t fin)
{
    SEXP p = PROTECT(R_MakeExternalPtr(h, install(tag), R_NilValue));
    R_RegisterCFinalizerEx(p, fin, TRUE);
    setAttrib(p, R_ClassSymbol, mkString(tag));
    UNPROTECT(1);
    return p;
}
