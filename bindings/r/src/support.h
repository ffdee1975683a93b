/* Hand-written helpers for the generated .Call glue (glue.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef LIBVALUE_R_SUPPORT_H
#define LIBVALUE_R_SUPPORT_H

#include <R.h>
#include <Rinternals.h>
#include <stddef.h>

/* Raise an R error carrying value_errmsg() when status < 0. */
void rv_check(int status);

double rv_double(SEXP x, const char *name);
int rv_int(SEXP x, const char *name);
size_t rv_size(SEXP x, const char *name);
/* A single string; R NULL is C NULL (for "or NULL" arguments). */
const char *rv_string(SEXP x, const char *name);
/* A numeric vector (coerced from integer/logical); the caller protects it. */
SEXP rv_doubles(SEXP x, const char *name);

/* An integer vector (doubles must be whole and within int range); the
 * caller protects it. */
SEXP rv_ints(SEXP x, const char *name);
SEXP rv_raw(SEXP x, const char *name);
/* A character vector without NA; the caller protects it. */
SEXP rv_strings(SEXP x, const char *name);
/* Its elements as UTF-8 C strings, in memory R releases after the .Call. */
const char **rv_string_ptrs(SEXP x);

/* An R error unless x is a function. */
void rv_function(SEXP x, const char *name);

/* value_sensitivity_fn calling the R function `user` with a numeric vector;
 * nonzero when it fails or does not return one finite number. */
int rv_callback_value_sensitivity_fn(const double *params, size_t n, void *user, double *out);

/* The C handle inside an external pointer tagged `tag`; an R error if x is
 * not one, or (unless allow_closed) if it has been freed. */
void *rv_handle(SEXP x, const char *tag, const char *name, int allow_closed);
/* An external pointer owning h, with class `tag` and a finalizer. */
SEXP rv_wrap_handle(void *h, const char *tag, R_CFinalizer_t fin);

#endif
