/*
 * Comparing two case-mix models on the same patients, group by group:
 * the omitted-variable check of risk adjustment.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both models predict through value_risk_predict(), so a loaded model
 * compares as well as a fitted one; the group sums are accumulated in
 * temporaries and reach the outputs only when every input is valid.
 */
#include "risk.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* n_x is n rows of model m's columns; `what` names n_x and m. */
static int check_rows(const value_risk *m, size_t n_x, size_t n, const char *what)
{
    size_t want = value__mul_size(n, m->n_cols);
    if (n_x != want)
        return value__fail(VALUE_EINVAL, "%s must be n x n_cols = %zu x %zu = %zu, got %zu", what, n, m->n_cols, want,
                           n_x);
    return VALUE_OK;
}

/* Expected counts per group under model m: the sums of its predictions. */
static int expected_by_group(const value_risk *m, const char *which, const double *x, size_t n_x,
                             const double *offset, const int32_t *group, size_t n, double *mu, double *eta,
                             double *expected, size_t n_groups)
{
    int rc = value_risk_predict(m, x, n_x, offset, n, eta, mu, n);
    if (rc != VALUE_OK)
        return value__fail_within(rc, "%s", which); /* say which model the message is about */
    for (size_t g = 0; g < n_groups; g++)
        expected[g] = 0;
    for (size_t i = 0; i < n; i++)
        expected[group[i]] += mu[i];
    return VALUE_OK;
}

int value_risk_compare(const value_risk *base, const double *x_base, size_t n_x_base, const value_risk *extended,
                       const double *x_extended, size_t n_x_extended, const double *y, const double *offset,
                       const int32_t *group, size_t n, double *out_observed, double *out_expected_base,
                       double *out_expected_extended, double *out_oe_base, double *out_oe_extended,
                       double *out_oe_change, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(base, "base")) || (rc = value__check_ptr(extended, "extended")) ||
        (rc = value__check_ptr(y, "y")) || (rc = value__check_ptr(offset, "offset")) ||
        (rc = value__check_ptr(group, "group")) || (rc = value__check_ptr(out_observed, "out_observed")) ||
        (rc = value__check_ptr(out_expected_base, "out_expected_base")) ||
        (rc = value__check_ptr(out_expected_extended, "out_expected_extended")) ||
        (rc = value__check_ptr(out_oe_base, "out_oe_base")) ||
        (rc = value__check_ptr(out_oe_extended, "out_oe_extended")) ||
        (rc = value__check_ptr(out_oe_change, "out_oe_change")))
        return rc;
    if (n == 0)
        return value__fail(VALUE_EINVAL, "n must be at least 1, got 0");
    if (out_len == 0)
        return value__fail(VALUE_EINVAL, "out_len (groups) must be at least 1, got 0");
    /* the lengths agree before any value is read */
    if ((rc = check_rows(base, n_x_base, n, "n_x_base (of base)")) ||
        (rc = check_rows(extended, n_x_extended, n, "n_x_extended (of extended)")))
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(y[i]))
            return value__fail(VALUE_EINVAL, "y[%zu] is %s", i, isnan(y[i]) ? "NaN" : y[i] > 0 ? "Inf" : "-Inf");
        if (group[i] < 0 || (size_t)group[i] >= out_len)
            return value__fail(VALUE_EINVAL, "group[%zu] is %d, not in [0, %zu)", i, (int)group[i], out_len);
    }

    /* mu and eta for one model at a time, then five per-group columns */
    size_t G = out_len;
    if (n > SIZE_MAX / 2 / sizeof(double) || G > SIZE_MAX / 5 / sizeof(double))
        return value__fail(VALUE_ENOMEM, "value_risk_compare: out of memory for %zu patients", n);
    double *work = malloc(2 * n * sizeof *work), *cols = malloc(5 * G * sizeof *cols);
    if (work == NULL || cols == NULL) {
        free(work);
        free(cols);
        return value__fail(VALUE_ENOMEM, "value_risk_compare: out of memory for %zu patients", n);
    }
    double *obs = cols, *eb = cols + G, *ee = cols + 2 * G, *ob = cols + 3 * G, *oe = cols + 4 * G;
    if ((rc = expected_by_group(base, "base (x_base)", x_base, n_x_base, offset, group, n, work, work + n, eb, G)) ||
        (rc = expected_by_group(extended, "extended (x_extended)", x_extended, n_x_extended, offset, group, n, work,
                                work + n, ee, G))) {
        free(work);
        free(cols);
        return rc;
    }
    for (size_t g = 0; g < G; g++)
        obs[g] = 0;
    for (size_t i = 0; i < n; i++)
        obs[group[i]] += y[i];
    for (size_t g = 0; g < G; g++) {
        /* an empty group has E = 0 under both models: no ratio */
        ob[g] = eb[g] > 0 ? obs[g] / eb[g] : NAN;
        oe[g] = ee[g] > 0 ? obs[g] / ee[g] : NAN;
    }
    memcpy(out_observed, obs, G * sizeof *obs);
    memcpy(out_expected_base, eb, G * sizeof *eb);
    memcpy(out_expected_extended, ee, G * sizeof *ee);
    memcpy(out_oe_base, ob, G * sizeof *ob);
    memcpy(out_oe_extended, oe, G * sizeof *oe);
    for (size_t g = 0; g < G; g++)
        out_oe_change[g] = oe[g] - ob[g];
    free(work);
    free(cols);
    return VALUE_OK;
}
