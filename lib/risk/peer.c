/*
 * Peer groups by quantiles, and comparison with the peer-group median.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Method notes (where value.h leaves a choice open):
 *
 * - Peer groups.  The providers are sorted by (x, input position) with
 *   qsort, which is a stable sort by x; -0 and +0 tie.  Rank r (0-based)
 *   goes to group floor(r G / n), computed exactly without forming r G
 *   (which could overflow): the remainder r G mod n is carried from one
 *   rank to the next.  This is R's
 *   floor((rank(x, ties.method = "first") - 1) * G / n).
 *
 * - Peer medians.  The (group, value) pairs are sorted and each group's
 *   median read off its run: the middle value, or for an even count the
 *   mean of the middle two, (a + b) / 2, or a / 2 + b / 2 when a + b
 *   overflows.  Differences and ratios are value - median and
 *   value / median in IEEE arithmetic (NaN for a median of 0, as value.h
 *   says; a ratio or difference of huge finite values may be +-Inf).
 *   Groups need not be numbered densely: any codes >= 0 work.
 *
 * Every function checks all of its input before writing any output, and
 * nothing can fail after the outputs begin to be written.
 */
#include "core/internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* ---- value_peer_groups ---------------------------------------------------------- */

typedef struct ranked {
    double x;
    size_t i;
} ranked;

static int cmp_ranked(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->x < b->x)
        return -1;
    if (a->x > b->x)
        return 1;
    return (a->i > b->i) - (a->i < b->i);
}

int value_peer_groups(const double *x, size_t n, size_t n_groups, int32_t *out, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(x, "x")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (n_groups < 1)
        return value__fail(VALUE_EINVAL, "n_groups must be at least 1, got 0");
    if (n_groups > (size_t)INT32_MAX + 1)
        return value__fail(VALUE_EINVAL, "n_groups is %zu, more groups than int32_t codes can name", n_groups);
    if (n < n_groups)
        return value__fail(VALUE_EINVAL, "n (%zu) must be at least n_groups (%zu)", n, n_groups);
    if ((rc = value__check_length("out_len", out_len, n, "n")))
        return rc;
    if (n > SIZE_MAX / 2 / sizeof(ranked))
        return value__fail(VALUE_EINVAL, "n is too large: %zu", n);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return value__fail_element("x", i, x[i], "not finite");
    ranked *r = malloc(n * sizeof *r);
    if (r == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory ranking %zu providers", n);
    for (size_t i = 0; i < n; i++) {
        r[i].x = x[i];
        r[i].i = i;
    }
    qsort(r, n, sizeof *r, cmp_ranked);
    /* q = floor(k G / n), rem = k G mod n, carried from rank k to k + 1;
     * G <= n keeps rem + G < 2n. */
    size_t q = 0, rem = 0;
    for (size_t k = 0; k < n; k++) {
        out[r[k].i] = (int32_t)q;
        rem += n_groups;
        if (rem >= n) {
            rem -= n;
            q++;
        }
    }
    free(r);
    return VALUE_OK;
}

/* ---- value_peer_compare --------------------------------------------------------- */

typedef struct member {
    int32_t g;
    double v;
    size_t i;
} member;

static int cmp_member(const void *pa, const void *pb)
{
    const member *a = pa, *b = pb;
    if (a->g != b->g)
        return a->g < b->g ? -1 : 1;
    if (a->v < b->v)
        return -1;
    if (a->v > b->v)
        return 1;
    return (a->i > b->i) - (a->i < b->i);
}

int value_peer_compare(const double *value, const int32_t *group, size_t n, double *out_peer_median,
                       double *out_difference, double *out_ratio, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(value, "value")) || (rc = value__check_ptr(group, "group")) ||
        (rc = value__check_ptr(out_peer_median, "out_peer_median")) ||
        (rc = value__check_ptr(out_difference, "out_difference")) || (rc = value__check_ptr(out_ratio, "out_ratio")))
        return rc;
    if (n < 1)
        return value__fail(VALUE_EINVAL, "n must be at least 1, got 0");
    if ((rc = value__check_length("out_len", out_len, n, "n")))
        return rc;
    if (n > SIZE_MAX / 2 / sizeof(member))
        return value__fail(VALUE_EINVAL, "n is too large: %zu", n);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(value[i]))
            return value__fail_element("value", i, value[i], "not finite");
        if (group[i] < 0)
            return value__fail(VALUE_EINVAL, "group[%zu] is %ld, not >= 0", i, (long)group[i]);
    }
    member *m = malloc(n * sizeof *m);
    if (m == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory sorting %zu providers", n);
    for (size_t i = 0; i < n; i++) {
        m[i].g = group[i];
        m[i].v = value[i];
        m[i].i = i;
    }
    qsort(m, n, sizeof *m, cmp_member);
    /* The values are read from the sorted copy, so the outputs may alias
     * the input value[]. */
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && m[b].g == m[a].g)
            b++;
        size_t cnt = b - a, mid = a + cnt / 2;
        double med;
        if (cnt % 2)
            med = m[mid].v;
        else {
            double lo = m[mid - 1].v, hi = m[mid].v;
            med = (lo + hi) / 2;
            if (!isfinite(med))
                med = lo / 2 + hi / 2;
        }
        for (size_t k = a; k < b; k++) {
            size_t i = m[k].i;
            out_peer_median[i] = med;
            out_difference[i] = m[k].v - med;
            out_ratio[i] = med == 0 ? NAN : m[k].v / med;
        }
        a = b;
    }
    free(m);
    return VALUE_OK;
}
