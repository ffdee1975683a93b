/*
 * One-way sensitivity analysis with tornado ordering.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct ranked {
    double width;
    size_t index;
} ranked;

/* Widest range first; equal widths keep index order (qsort is not stable). */
static int by_width(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->width != b->width)
        return a->width > b->width ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

/* Call the model once; name the point of failure in the message. */
static int evaluate(value_sensitivity_fn fn, void *user, const double *params, size_t n, const char *where,
                    size_t param, double value, double *out)
{
    double result = NAN;
    int rc = fn(params, n, user, &result);
    if (rc != 0 || !isfinite(result)) {
        char v[32];
        value__format_double(result, v, sizeof v);
        if (param == (size_t)-1)
            return value__fail(VALUE_ECALLBACK, "the callback %s at the base values",
                               rc != 0 ? "returned an error" : "gave a non-finite result");
        return value__fail(VALUE_ECALLBACK, "the callback %s for parameter %zu at its %s value %.17g (result %s)",
                           rc != 0 ? "returned an error" : "gave a non-finite result", param, where, value, v);
    }
    *out = result;
    return VALUE_OK;
}

int value_sensitivity_oneway(const double *base, const double *low, const double *high, size_t n,
                             value_sensitivity_fn fn, void *user, double *out_low, double *out_high,
                             int32_t *out_order, size_t out_len, double *out_base)
{
    int rc;
    /* the lengths agree before any value is read */
    if ((rc = value__check_length("out_len", out_len, n, "n")) || (rc = value__check_array(base, n, 1, "base", "n")) ||
        (rc = value__check_array(low, n, 1, "low", "n")) || (rc = value__check_array(high, n, 1, "high", "n")) ||
        (rc = value__check_ptr(out_low, "out_low")) || (rc = value__check_ptr(out_high, "out_high")) ||
        (rc = value__check_ptr(out_order, "out_order")) || (rc = value__check_ptr(out_base, "out_base")))
        return rc;
    if (fn == NULL)
        return value__fail(VALUE_EINVAL, "fn is NULL");
    if (n > INT32_MAX)
        return value__fail(VALUE_EINVAL, "n must be at most %d, got %zu", INT32_MAX, n);

    /* params, results at low, results at high, then the ranking */
    double *params = malloc(3 * n * sizeof *params);
    ranked *rank = malloc(n * sizeof *rank);
    if (params == NULL || rank == NULL) {
        free(params);
        free(rank);
        return value__fail(VALUE_ENOMEM, "value_sensitivity_oneway: out of memory");
    }
    double *at_low = params + n, *at_high = params + 2 * n, at_base;
    memcpy(params, base, n * sizeof *params);
    rc = evaluate(fn, user, params, n, "base", (size_t)-1, 0, &at_base);
    for (size_t i = 0; i < n && rc == VALUE_OK; i++) {
        params[i] = low[i];
        rc = evaluate(fn, user, params, n, "low", i, low[i], &at_low[i]);
        if (rc == VALUE_OK) {
            params[i] = high[i];
            rc = evaluate(fn, user, params, n, "high", i, high[i], &at_high[i]);
        }
        params[i] = base[i];
        rank[i].width = fabs(at_high[i] - at_low[i]);
        rank[i].index = i;
    }
    if (rc == VALUE_OK) {
        qsort(rank, n, sizeof *rank, by_width);
        memcpy(out_low, at_low, n * sizeof *out_low);
        memcpy(out_high, at_high, n * sizeof *out_high);
        for (size_t i = 0; i < n; i++)
            out_order[i] = (int32_t)rank[i].index;
        *out_base = at_base;
    }
    free(params);
    free(rank);
    return rc;
}
