/*
 * Internal helpers shared by libvalue's modules.  Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every internal symbol starts with value__ (two underscores) so that the
 * static library cannot collide with a host's names; none is exported
 * from the shared library (hidden visibility + version script).
 */
#ifndef VALUE_INTERNAL_H
#define VALUE_INTERNAL_H

/* The library implements both parts of its header. */
#define VALUE_EXPERIMENTAL
#include "value.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define VALUE_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define VALUE_PRINTF(f, a)
#endif

/* Record a failure for value_errmsg() and return code (for `return
 * value__fail(VALUE_EINVAL, "rate is %g", r);`). */
int value__fail(int code, const char *fmt, ...) VALUE_PRINTF(2, 3);

/* Put context before the calling thread's last failure message ("provider
 * 3: " + the message) and return code, for a failure reported by a call
 * the caller made on one item of many. */
int value__fail_within(int code, const char *fmt, ...) VALUE_PRINTF(2, 3);

/* Argument checks: each returns VALUE_OK or records a message naming the
 * argument and returns VALUE_EINVAL. */
/* VALUE_EINVAL for element i of array `name` with value v: "p[3] is NaN",
 * or "p[3] is 1.5, <want>" (want says what it should be). */
int value__fail_element(const char *name, size_t i, double v, const char *want);
/* VALUE_EINVAL for scalar argument `name` with value v: "rate is NaN",
 * "quality_score is 1.5, must be in [0, 1]". */
int value__fail_value(const char *name, double v, const char *want);
int value__check_ptr(const void *p, const char *name);
int value__check_finite(double x, const char *name);
int value__check_array(const double *x, size_t n, size_t min_n, const char *name, const char *n_name);
/* VALUE_OK when the length `got` of buffer `name` is `want`, else
 * VALUE_EINVAL: "out_len must be 12 (n_providers), got 3"; `what` says
 * where `want` comes from.  The one check of every output length. */
int value__check_length(const char *name, size_t got, size_t want, const char *what);

/* The suggestion for a name that a by-name lookup did not find, for the
 * end of an "unknown <what> '<name>'" message (docs/design.md, Messages):
 * " (did you mean 'nurse'?)" when a known name is close (optimal string
 * alignment distance, ASCII case ignored, at most max(1, strlen(name) / 3);
 * the nearest, the first of equals), else " (known: 'a', 'b')", at most the
 * five nearest ("nearest of 12 known: ..." when there are more), or
 * " (none is defined)" when there are none.  The known names are
 * name_at(ctx, k) for k < n; a NULL one is skipped.  Writes into buf (at
 * least 8 bytes) and returns it; needs no memory. */
const char *value__name_hint(char *buf, size_t len, const char *name, size_t n,
                             const char *(*name_at)(const void *ctx, size_t k), const void *ctx);
/* name_at for value__name_hint over an array of strings: ctx is the array. */
const char *value__name_at_list(const void *ctx, size_t k);
/* Optimal string alignment distance of a and b, ASCII case ignored, over
 * their first 64 bytes (value__name_hint's measure). */
size_t value__name_distance(const char *a, const char *b);

/* A malloc'd copy of a NUL-terminated string, or NULL when out of memory
 * (strdup is not in C11). */
char *value__strdup(const char *s);

/* Format a double for an error message: "NaN", "Inf", "-Inf", or the
 * shortest decimal (15-17 digits) that reads back as the same double. */
void value__format_double(double x, char *buf, size_t len);
/* The fewest significant digits (1 to 17) that read back as x, in %g
 * style: "0.98", "1e+12", "2.5"; NaN and Inf as value__format_double(). */
void value__format_shortest(double x, char *buf, size_t len);

/* Read a whole token s[0..len) as a decimal number, [+-]digits[.digits][(e|E)[+-]digits],
 * correctly rounded to the nearest double (as strtod in the C locale),
 * whatever the host's locale.  Returns VALUE__NUM_OK and sets *out,
 * VALUE__NUM_NOT_A_NUMBER, or VALUE__NUM_NOT_FINITE (inf, nan, overflow). */
enum { VALUE__NUM_OK = 0, VALUE__NUM_NOT_A_NUMBER = 1, VALUE__NUM_NOT_FINITE = 2 };
int value__parse_decimal(const char *s, size_t len, double *out);

/*
 * GSL guard.  GSL's default error handler aborts the process, and the host
 * may replace libvalue's handler at any time, so a GSL call in libvalue
 * must not be able to reach the handler on inputs that pass libvalue's
 * checks (lib/core/gsl_guard.c lists every call and why; a new one is
 * added there with its reasoning, or replaced by libvalue's own code).
 * As a second line, bracket GSL calls with value__gsl_begin() and
 * value__gsl_end(): while the host leaves the handler alone, a GSL error
 * inside the bracket is recorded for the calling thread, and
 * value__gsl_end() returns it as a libvalue status with a message naming
 * `where`.  Brackets nest.  Outside brackets, GSL behaves for the host as
 * before.  Check every value a GSL routine returns (finite, in range).
 */
void value__gsl_begin(void);
int value__gsl_end(const char *where);
/* The GSL error code recorded so far in the current bracket (0 if none). */
int value__gsl_pending(void);

/* Neumaier's compensated sum: s + c carries the rounding error of every
 * addition, so long sums (patients, expected counts) stay exact to the
 * last place or two whatever their order. */
typedef struct value__ksum {
    double s, c;
} value__ksum;

static inline void value__ksum_add(value__ksum *k, double x)
{
    double t = k->s + x;
    if (fabs(k->s) >= fabs(x))
        k->c += (k->s - t) + x;
    else
        k->c += (x - t) + k->s;
    k->s = t;
}

static inline double value__ksum_get(const value__ksum *k)
{
    return k->s + k->c;
}

/* x is a count: a whole number >= 0 (NaN and Inf are not; every double
 * from 2^52 on is whole).  Inline: the checks of record loops call it. */
static inline bool value__is_count(double x)
{
    if (!(x >= 0))
        return false;
    if (x < 0x1p52)
        return (double)(int64_t)x == x;
    return x <= DBL_MAX;
}

/* a * b, or SIZE_MAX when that overflows. */
static inline size_t value__mul_size(size_t a, size_t b)
{
    return a != 0 && b > SIZE_MAX / a ? SIZE_MAX : a * b;
}

#endif
