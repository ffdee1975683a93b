/*
 * Core: version, status texts and the per-thread error message.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/internal.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VALUE_STR2(x) #x
#define VALUE_STR(x) VALUE_STR2(x)

/* One message per thread: the design's value_errmsg() contract.  It is
 * thread-local, so no thread ever sees another's message. */
static _Thread_local char errmsg_buf[512];

const char *value_version(void)
{
    return VALUE_STR(VALUE_VERSION_MAJOR) "." VALUE_STR(VALUE_VERSION_MINOR) "." VALUE_STR(VALUE_VERSION_PATCH);
}

const char *value_strerror(int code)
{
    switch (code) {
    case VALUE_OK: return "success";
    case VALUE_EINVAL: return "invalid argument";
    case VALUE_EDOM: return "input outside the method's domain";
    case VALUE_ERANGE: return "result out of range";
    case VALUE_ENOMEM: return "out of memory";
    case VALUE_ENOTCONV: return "iteration did not converge";
    case VALUE_ENOTFOUND: return "not found";
    case VALUE_EPARSE: return "malformed input";
    case VALUE_ESTATE: return "handle in the wrong state for this call";
    case VALUE_EIO: return "input/output error";
    case VALUE_ENUMERIC: return "numerical routine failed";
    case VALUE_ECALLBACK: return "a user callback failed";
    default: return "unknown status code";
    }
}

const char *value_errmsg(void)
{
    return errmsg_buf;
}

int value__fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errmsg_buf, sizeof errmsg_buf, fmt, ap);
    va_end(ap);
    return code;
}

int value__fail_within(int code, const char *fmt, ...)
{
    char why[sizeof errmsg_buf];
    memcpy(why, errmsg_buf, sizeof why);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errmsg_buf, sizeof errmsg_buf, fmt, ap);
    va_end(ap);
    /* append ": " and the old message, cut at the buffer's end */
    size_t used = strlen(errmsg_buf);
    const char *parts[2] = {": ", why};
    for (int i = 0; i < 2; i++) {
        size_t n = strlen(parts[i]), room = sizeof errmsg_buf - 1 - used;
        n = n < room ? n : room;
        memcpy(errmsg_buf + used, parts[i], n);
        used += n;
    }
    errmsg_buf[used] = '\0';
    return code;
}

/* ---- "did you mean" ---------------------------------------------------------- */

#define NAME_CMP_MAX 64

static char fold(char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

size_t value__name_distance(const char *a, const char *b)
{
    size_t m = strlen(a), n = strlen(b);
    if (m > NAME_CMP_MAX)
        m = NAME_CMP_MAX;
    if (n > NAME_CMP_MAX)
        n = NAME_CMP_MAX;
    /* rows i - 2, i - 1 and i of the distance table */
    size_t r[3][NAME_CMP_MAX + 1];
    for (size_t j = 0; j <= n; j++)
        r[0][j] = j;
    for (size_t i = 1; i <= m; i++) {
        size_t *cur = r[i % 3], *up = r[(i - 1) % 3], *up2 = r[(i + 1) % 3];
        cur[0] = i;
        for (size_t j = 1; j <= n; j++) {
            size_t cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
            size_t d = up[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (up[j - 1] + cost < d)
                d = up[j - 1] + cost;
            if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) && fold(a[i - 2]) == fold(b[j - 1]) &&
                up2[j - 2] + 1 < d)
                d = up2[j - 2] + 1;
            cur[j] = d;
        }
    }
    return r[m % 3][n];
}

const char *value__name_at_list(const void *ctx, size_t k)
{
    return ((const char *const *)ctx)[k];
}

const char *value__name_hint(char *buf, size_t len, const char *name, size_t n,
                             const char *(*name_at)(const void *ctx, size_t k), const void *ctx)
{
    enum { SHOW = 5 };
    size_t best[SHOW], best_d[SHOW], shown = 0, known = 0;
    for (size_t k = 0; k < n; k++) {
        const char *cand = name_at(ctx, k);
        if (cand == NULL)
            continue;
        known++;
        size_t d = value__name_distance(name, cand), at = shown;
        /* insert k after the candidates no farther than it */
        while (at > 0 && best_d[at - 1] > d)
            at--;
        if (at == SHOW)
            continue;
        if (shown < SHOW)
            shown++;
        for (size_t q = shown - 1; q > at; q--) {
            best[q] = best[q - 1];
            best_d[q] = best_d[q - 1];
        }
        best[at] = k;
        best_d[at] = d;
    }
    if (known == 0) {
        snprintf(buf, len, " (none is defined)");
        return buf;
    }
    size_t close = strlen(name) / 3;
    if (best_d[0] <= (close > 1 ? close : 1)) {
        snprintf(buf, len, " (did you mean '%.60s'?)", name_at(ctx, best[0]));
        return buf;
    }
    int w = known > SHOW ? snprintf(buf, len, " (nearest of %zu known: ", known) : snprintf(buf, len, " (known: ");
    size_t used = w < 0 ? len : (size_t)w;
    for (size_t q = 0; q < shown && used < len; q++) {
        w = snprintf(buf + used, len - used, "%s'%.60s'", q ? ", " : "", name_at(ctx, best[q]));
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (used < len)
        snprintf(buf + used, len - used, ")");
    return buf;
}

char *value__strdup(const char *s)
{
    size_t len = strlen(s) + 1;
    char *copy = malloc(len);
    if (copy != NULL)
        memcpy(copy, s, len);
    return copy;
}

void value__format_double(double x, char *buf, size_t len)
{
    if (isnan(x)) {
        snprintf(buf, len, "NaN");
        return;
    }
    if (isinf(x)) {
        snprintf(buf, len, x > 0 ? "Inf" : "-Inf");
        return;
    }
    /* The shortest of 15-17 digits that reads back exactly: "1.2", not
     * "1.1999999999999999". */
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, len, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

void value__format_shortest(double x, char *buf, size_t len)
{
    if (!isfinite(x)) {
        value__format_double(x, buf, len);
        return;
    }
    /* fewest significant digits that read back exactly: "0.98", "1e+12" */
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, len, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

int value__fail_element(const char *name, size_t i, double v, const char *want)
{
    if (isnan(v))
        return value__fail(VALUE_EINVAL, "%s[%zu] is NaN", name, i);
    char buf[32];
    value__format_double(v, buf, sizeof buf);
    return value__fail(VALUE_EINVAL, "%s[%zu] is %s, %s", name, i, buf, want);
}

int value__fail_value(const char *name, double v, const char *want)
{
    if (isnan(v))
        return value__fail(VALUE_EINVAL, "%s is NaN", name);
    char buf[32];
    value__format_double(v, buf, sizeof buf);
    return value__fail(VALUE_EINVAL, "%s is %s, %s", name, buf, want);
}

int value__check_ptr(const void *p, const char *name)
{
    if (p == NULL)
        return value__fail(VALUE_EINVAL, "%s is NULL", name);
    return VALUE_OK;
}

int value__check_finite(double x, const char *name)
{
    if (!isfinite(x)) {
        char v[32];
        value__format_double(x, v, sizeof v);
        return value__fail(VALUE_EINVAL, "%s is %s", name, v);
    }
    return VALUE_OK;
}

int value__check_array(const double *x, size_t n, size_t min_n, const char *name, const char *n_name)
{
    if (x == NULL)
        return value__fail(VALUE_EINVAL, "%s is NULL", name);
    if (n < min_n)
        return value__fail(VALUE_EINVAL, "%s must be at least %zu, got %zu", n_name, min_n, n);
    /* no array of doubles is that long: a length that is not one */
    if (n > SIZE_MAX / sizeof *x)
        return value__fail(VALUE_EINVAL, "%s is %zu, too large for the length of %s", n_name, n, name);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i])) {
            char v[32];
            value__format_double(x[i], v, sizeof v);
            return value__fail(VALUE_EINVAL, "%s[%zu] is %s", name, i, v);
        }
    }
    return VALUE_OK;
}

int value__check_length(const char *name, size_t got, size_t want, const char *what)
{
    if (got != want)
        return value__fail(VALUE_EINVAL, "%s must be %zu (%s), got %zu", name, want, what, got);
    return VALUE_OK;
}

/* ---- locale-free decimal numbers (data tables) ---------------------------- */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int equals_nocase(const char *s, size_t len, const char *word)
{
    if (strlen(word) != len)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return 0;
    }
    return 1;
}

/*
 * value__parse_decimal(): a decimal number [+-]digits[.digits][(e|E)[+-]digits]
 * (at least one digit in the mantissa), correctly rounded to the nearest
 * double.  strtod rounds correctly but reads the decimal point of the
 * host's locale, so the token is first rewritten without one, as
 * [-]DIGITS e EXPONENT with DIGITS an integer, which strtod reads the same
 * in every locale.  DIGITS keeps the first MAX_DIGITS significant digits;
 * if a nonzero digit is dropped a 1 is appended after them, which decides
 * the rounding exactly as the dropped digits would (a double's rounding
 * boundary has at most 767 significant digits, fewer than MAX_DIGITS).
 */
#define MAX_DIGITS 800

int value__parse_decimal(const char *s, size_t len, double *out)
{
    char buf[1 + MAX_DIGITS + 1 + 2 + 24];
    size_t i = 0, kept = 0, b = 0;
    int negative = 0, any_digit = 0, dropped_nonzero = 0;
    long exponent = 0; /* value = DIGITS * 10^exponent */
    if (i < len && (s[i] == '+' || s[i] == '-'))
        negative = s[i++] == '-';
    if (equals_nocase(s + i, len - i, "inf") || equals_nocase(s + i, len - i, "infinity") ||
        equals_nocase(s + i, len - i, "nan"))
        return VALUE__NUM_NOT_FINITE;
    if (negative)
        buf[b++] = '-';
    for (int part = 0; part < 2; part++) { /* the integer part, then the fraction */
        for (; i < len && is_digit(s[i]); i++) {
            any_digit = 1;
            if (kept == 0 && s[i] == '0') {
                exponent -= part; /* a leading zero of the fraction */
                continue;
            }
            if (kept < MAX_DIGITS) {
                buf[b++] = s[i];
                kept++;
                exponent -= part;
            } else {
                dropped_nonzero |= s[i] != '0';
                exponent += !part;
            }
        }
        if (part == 0 && i < len && s[i] == '.')
            i++;
        else
            break;
    }
    if (!any_digit)
        return VALUE__NUM_NOT_A_NUMBER;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        int exp_negative = 0, any_exp_digit = 0;
        long e = 0;
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            exp_negative = s[i++] == '-';
        for (; i < len && is_digit(s[i]); i++) {
            any_exp_digit = 1;
            if (e < 1000000) /* far past overflow and underflow either way */
                e = e * 10 + (s[i] - '0');
        }
        if (!any_exp_digit)
            return VALUE__NUM_NOT_A_NUMBER;
        exponent += exp_negative ? -e : e;
    }
    if (i != len)
        return VALUE__NUM_NOT_A_NUMBER;
    if (kept == 0) {
        *out = negative ? -0.0 : 0.0;
        return VALUE__NUM_OK;
    }
    if (dropped_nonzero) {
        buf[b++] = '1';
        exponent--;
    }
    snprintf(buf + b, sizeof buf - b, "e%ld", exponent);
    int saved_errno = errno; /* the host's errno is not ours to change */
    errno = 0;
    double v = strtod(buf, NULL);
    int overflow = errno == ERANGE && fabs(v) > 1;
    errno = saved_errno;
    if (!isfinite(v) || overflow)
        return VALUE__NUM_NOT_FINITE;
    *out = v;
    return VALUE__NUM_OK;
}
