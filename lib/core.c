/*
 * Core: version, status texts and the per-thread error message.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "internal.h"

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
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i])) {
            char v[32];
            value__format_double(x[i], v, sizeof v);
            return value__fail(VALUE_EINVAL, "%s[%zu] is %s", name, i, v);
        }
    }
    return VALUE_OK;
}
