/*
 * Outcome rates and disparities by social group, and budget allocation by
 * equality and equity.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Method notes (where value.h leaves a choice open):
 *
 * - Disparity rates.  Wilson limits are value_outcome_wilson()'s.
 *   Differences and ratios are against the reference group's rate.  The
 *   between-group variance is sum_g n_g (r_g - rbar)^2 / N with rbar the
 *   overall rate sum(y) / N.  The index of disparity is value.h's,
 *   100 / (G - 1) sum_{g != ref} |r_g - r_ref| / r_ref: the reference-group
 *   form (Healthy People 2010 measured from the best group rate).  Pearcy
 *   & Keppel's 2002 definition measures from the total-population rate and
 *   averages over all G groups, 100 / G sum_g |r_g - rbar| / rbar (as in
 *   Chesson et al., Sex Transm Dis 2017;44:513-518, and the WHO's
 *   healthequal::idisu); the caller can form that from out_rate and out_n.
 *
 * - Budget.  Sums of population and need are Neumaier-compensated; each
 *   share is B (p_g / sum p), so no product overflows.
 *
 * Every function checks all of its input before writing any output, and
 * nothing can fail after the outputs begin to be written.
 */
#include "core/internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- value_disparity_rates ------------------------------------------------------ */

enum { D_N, D_RATE, D_LOWER, D_UPPER, D_DIFF, D_RATIO, D_X, D_COLS };

int value_disparity_rates(const double *y, const int32_t *group, size_t n, double level, int32_t reference,
                          double *out_n, double *out_rate, double *out_lower, double *out_upper,
                          double *out_difference, double *out_ratio, size_t out_len, double *out_between_variance,
                          double *out_index)
{
    int rc;
    if ((rc = value__check_ptr(y, "y")) || (rc = value__check_ptr(group, "group")) ||
        (rc = value__check_ptr(out_n, "out_n")) || (rc = value__check_ptr(out_rate, "out_rate")) ||
        (rc = value__check_ptr(out_lower, "out_lower")) || (rc = value__check_ptr(out_upper, "out_upper")) ||
        (rc = value__check_ptr(out_difference, "out_difference")) || (rc = value__check_ptr(out_ratio, "out_ratio")) ||
        (rc = value__check_ptr(out_between_variance, "out_between_variance")) ||
        (rc = value__check_ptr(out_index, "out_index")))
        return rc;
    if (out_len < 2)
        return value__fail(VALUE_EINVAL, "out_len (the number of groups) must be at least 2, got %zu", out_len);
    if (out_len > (size_t)INT32_MAX + 1 || out_len > SIZE_MAX / (D_COLS * sizeof(double)))
        return value__fail(VALUE_EINVAL, "out_len is too large: %zu", out_len);
    if (!(level > 0 && level < 1)) {
        char buf[32];
        value__format_double(level, buf, sizeof buf);
        return value__fail(VALUE_EINVAL, "level must be in (0, 1), got %s", buf);
    }
    if (reference < 0 || (size_t)reference >= out_len)
        return value__fail(VALUE_EINVAL, "reference is %ld, not in [0, %zu)", (long)reference, out_len);
    if (n < out_len)
        return value__fail(VALUE_EINVAL, "n (%zu) is less than out_len (%zu): every group must have members", n,
                           out_len);
    for (size_t i = 0; i < n; i++) {
        if (!(y[i] == 0.0 || y[i] == 1.0))
            return value__fail_element("y", i, y[i], "not 0 or 1");
        if (group[i] < 0 || (size_t)group[i] >= out_len)
            return value__fail(VALUE_EINVAL, "group[%zu] is %ld, not in [0, %zu)", i, (long)group[i], out_len);
    }

    const size_t G = out_len;
    double *t = calloc(D_COLS * G, sizeof *t);
    if (t == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory for %zu groups", G);
    double *gn = t + D_N * G, *gx = t + D_X * G;
    double *rate = t + D_RATE * G, *lower = t + D_LOWER * G, *upper = t + D_UPPER * G;
    double *diff = t + D_DIFF * G, *ratio = t + D_RATIO * G;
    /* whole-number counts in doubles: exact below 2^53 people */
    for (size_t i = 0; i < n; i++) {
        gn[group[i]] += 1.0;
        gx[group[i]] += y[i];
    }
    for (size_t g = 0; g < G; g++) {
        if (gn[g] == 0) {
            free(t);
            return value__fail(VALUE_EINVAL, "group %zu has no members (each of the %zu groups must have some)", g, G);
        }
    }
    double r_ref = gx[reference] / gn[reference];
    if (r_ref == 0) {
        double people = gn[reference];
        free(t);
        return value__fail(VALUE_EINVAL,
                           "the reference group %ld has rate 0 (no events in %.17g people): ratios need a rate > 0",
                           (long)reference, people);
    }
    double N = 0, X = 0;
    for (size_t g = 0; g < G; g++) {
        N += gn[g];
        X += gx[g];
    }
    double rbar = X / N;
    value__ksum bv = {0, 0}, dev = {0, 0};
    for (size_t g = 0; g < G; g++) {
        rate[g] = gx[g] / gn[g];
        if ((rc = value_outcome_wilson(gx[g], gn[g], level, &lower[g], &upper[g]))) {
            free(t);
            return rc;
        }
        diff[g] = rate[g] - r_ref;
        ratio[g] = rate[g] / r_ref;
        double d = rate[g] - rbar;
        value__ksum_add(&bv, gn[g] * d * d);
        if (g != (size_t)reference)
            value__ksum_add(&dev, fabs(diff[g]));
    }
    size_t bytes = G * sizeof *t;
    memcpy(out_n, gn, bytes);
    memcpy(out_rate, rate, bytes);
    memcpy(out_lower, lower, bytes);
    memcpy(out_upper, upper, bytes);
    memcpy(out_difference, diff, bytes);
    memcpy(out_ratio, ratio, bytes);
    *out_between_variance = value__ksum_get(&bv) / N;
    *out_index = 100.0 * value__ksum_get(&dev) / ((double)(G - 1) * r_ref);
    free(t);
    return VALUE_OK;
}

/* ---- value_disparity_allocate_budget ------------------------------------------------------ */

/* Checks w[0..n) >= 0 and finite, not all 0, with a finite sum; *sum gets it. */
static int check_weights(const double *w, size_t n, const char *name, double *sum)
{
    value__ksum k = {0, 0};
    for (size_t i = 0; i < n; i++) {
        if (!(w[i] >= 0 && isfinite(w[i])))
            return value__fail_element(name, i, w[i], "not finite and >= 0");
        value__ksum_add(&k, w[i]);
    }
    double s = value__ksum_get(&k);
    if (s == 0)
        return value__fail(VALUE_EINVAL, "%s is 0 in every group: nothing to allocate by", name);
    if (!isfinite(s))
        return value__fail(VALUE_EINVAL, "%s sums to more than a double holds", name);
    *sum = s;
    return VALUE_OK;
}

int value_disparity_allocate_budget(double budget, const double *population, const double *need, size_t n,
                          double *out_equality, double *out_equity, double *out_gap, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(population, "population")) || (rc = value__check_ptr(need, "need")) ||
        (rc = value__check_ptr(out_equality, "out_equality")) || (rc = value__check_ptr(out_equity, "out_equity")) ||
        (rc = value__check_ptr(out_gap, "out_gap")))
        return rc;
    if (!(budget >= 0 && isfinite(budget))) {
        char buf[32];
        value__format_double(budget, buf, sizeof buf);
        return value__fail(VALUE_EINVAL, "budget must be finite and >= 0, got %s", buf);
    }
    if (n < 1)
        return value__fail(VALUE_EINVAL, "n must be at least 1, got 0");
    if ((rc = value__check_length("out_len", out_len, n, "n")))
        return rc;
    double sp, sd;
    if ((rc = check_weights(population, n, "population", &sp)) || (rc = check_weights(need, n, "need", &sd)))
        return rc;
    /* Read each input before writing that index, so outputs may alias inputs. */
    for (size_t g = 0; g < n; g++) {
        double eq = budget * (population[g] / sp);
        double ey = budget * (need[g] / sd);
        out_equality[g] = eq;
        out_equity[g] = ey;
        out_gap[g] = ey - eq;
    }
    return VALUE_OK;
}
