/*
 * Kaplan-Meier curves, their Greenwood standard errors and log-log limits,
 * the median and the restricted mean survival time (value_survival_km_*).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Conventions are those of R's survival::survfit (conf.type = "log-log"),
 * its print() (median) and survRM2::rmst1 (RMST): docs/survival.md.
 */
#include "core/internal.h"

#include <gsl/gsl_cdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One row per distinct observed time of a group, groups one after the
 * other: group g's rows are [first[g], first[g + 1]). */
struct value_survival_km {
    size_t n_groups;
    size_t *first;  /* n_groups + 1 */
    double *time, *n_risk, *n_event, *n_censor, *surv, *var; /* var: Greenwood sum for log S */
};

typedef struct km_record {
    double time, event, weight;
    int32_t group;
} km_record;

static int cmp_record(const void *a, const void *b)
{
    const km_record *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->time != y->time)
        return x->time < y->time ? -1 : 1;
    return 0;
}

void value_survival_km_free(value_survival_km *km)
{
    if (km == NULL)
        return;
    free(km->first);
    free(km->time);
    free(km);
}

static int check_inputs(const double *time, const double *event, const double *weight, const int32_t *group,
                        size_t n, size_t n_groups, value_survival_km **out)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")) || (rc = value__check_ptr(time, "time")) ||
        (rc = value__check_ptr(event, "event")))
        return rc;
    if (n < 1)
        return value__fail(VALUE_EINVAL, "n must be at least 1, got 0");
    if (n_groups < 1)
        return value__fail(VALUE_EINVAL, "n_groups must be at least 1, got 0");
    if (group == NULL && n_groups != 1)
        return value__fail(VALUE_EINVAL, "n_groups is %zu, must be 1 when group is NULL", n_groups);
    if (n > SIZE_MAX / (6 * sizeof(double)) || n > SIZE_MAX / sizeof(km_record))
        return value__fail(VALUE_EINVAL, "n is too large: %zu", n);
    if (n_groups > n)
        return value__fail(VALUE_EINVAL, "n_groups (%zu) exceeds n (%zu): every group must have records", n_groups, n);
    for (size_t i = 0; i < n; i++) {
        if (!(time[i] >= 0) || !isfinite(time[i]))
            return value__fail_element("time", i, time[i], "must be finite and >= 0");
        if (!(event[i] == 0 || event[i] == 1))
            return value__fail_element("event", i, event[i], "must be 0 or 1");
        if (weight && !(weight[i] > 0 && isfinite(weight[i])))
            return value__fail_element("weight", i, weight[i], "must be finite and > 0");
        if (group && (group[i] < 0 || (size_t)group[i] >= n_groups))
            return value__fail(VALUE_EINVAL, "group[%zu] is %ld, not in [0, %zu)", i, (long)group[i], n_groups);
    }
    return VALUE_OK;
}

int value_survival_km_new(const double *time, const double *event, const double *weight, const int32_t *group,
                          size_t n, size_t n_groups, value_survival_km **out)
{
    int rc = check_inputs(time, event, weight, group, n, n_groups, out);
    if (rc)
        return rc;
    km_record *rec = malloc(n * sizeof *rec);
    if (rec == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory for %zu records", n);
    for (size_t i = 0; i < n; i++)
        rec[i] = (km_record){time[i], event[i], weight ? weight[i] : 1.0, group ? group[i] : 0};
    qsort(rec, n, sizeof *rec, cmp_record);

    value_survival_km *km = calloc(1, sizeof *km);
    if (km == NULL) {
        free(rec);
        return value__fail(VALUE_ENOMEM, "out of memory for a Kaplan-Meier fit");
    }
    km->n_groups = n_groups;
    km->first = calloc(n_groups + 1, sizeof *km->first);
    km->time = malloc(6 * n * sizeof(double)); /* at most n rows; one block for the six columns */
    if (km->first == NULL || km->time == NULL) {
        free(rec);
        value_survival_km_free(km);
        return value__fail(VALUE_ENOMEM, "out of memory for %zu records", n);
    }
    km->n_risk = km->time + n;
    km->n_event = km->n_risk + n;
    km->n_censor = km->n_event + n;
    km->surv = km->n_censor + n;
    km->var = km->surv + n;

    /* Distinct times per group, their events and censorings. */
    size_t rows = 0, i = 0;
    for (size_t g = 0; g < n_groups; g++) {
        km->first[g] = rows;
        if (i == n || (size_t)rec[i].group != g) {
            free(rec);
            value_survival_km_free(km);
            return value__fail(VALUE_EINVAL, "group %zu has no records", g);
        }
        while (i < n && (size_t)rec[i].group == g) {
            double t = rec[i].time;
            value__ksum d = {0, 0}, c = {0, 0};
            for (; i < n && (size_t)rec[i].group == g && rec[i].time == t; i++)
                value__ksum_add(rec[i].event == 1 ? &d : &c, rec[i].weight);
            km->time[rows] = t;
            km->n_event[rows] = value__ksum_get(&d);
            km->n_censor[rows] = value__ksum_get(&c);
            rows++;
        }
    }
    km->first[n_groups] = rows;
    free(rec);

    for (size_t g = 0; g < n_groups; g++) {
        size_t a = km->first[g], b = km->first[g + 1];
        /* At risk at t: everything at t or later, summed from the end so
         * that no subtraction loses digits. */
        value__ksum r = {0, 0};
        for (size_t k = b; k-- > a;) {
            value__ksum_add(&r, km->n_event[k]);
            value__ksum_add(&r, km->n_censor[k]);
            km->n_risk[k] = value__ksum_get(&r);
        }
        double s = 1, v = 0;
        for (size_t k = a; k < b; k++) {
            double nr = km->n_risk[k], d = km->n_event[k];
            if (d > 0) {
                if (d >= nr) { /* everyone left dies: S = 0 from here on */
                    s = 0;
                } else {
                    s *= (nr - d) / nr;
                    v += d / (nr * (nr - d));
                }
            }
            km->surv[k] = s;
            km->var[k] = v;
        }
    }
    *out = km;
    return VALUE_OK;
}

static int check_group(const value_survival_km *km, size_t group)
{
    int rc = value__check_ptr(km, "km");
    if (rc)
        return rc;
    if (group >= km->n_groups)
        return value__fail(VALUE_EINVAL, "group is %zu, not in [0, %zu)", group, km->n_groups);
    return VALUE_OK;
}

static int check_level(double level, double *z)
{
    if (!(level > 0 && level < 1))
        return value__fail_value("level", level, "must be in (0, 1)");
    /* Pinv has no error path (lib/core/gsl_guard.c); 1 - (1 - level) / 2
     * is survfit's zval. */
    *z = gsl_cdf_ugaussian_Pinv(1 - (1 - level) / 2);
    if (!isfinite(*z))
        return value__fail_value("level", level, "too close to 1 for a finite normal quantile");
    return VALUE_OK;
}

int value_survival_km_size(const value_survival_km *km, size_t group, size_t *out)
{
    int rc;
    if ((rc = check_group(km, group)) || (rc = value__check_ptr(out, "out")))
        return rc;
    *out = km->first[group + 1] - km->first[group];
    return VALUE_OK;
}

/* S, its standard errors and log-log limits into row[SURV..UPPER]; S = 0
 * has no finite standard error (survfit: Inf, limits NA), so NaN. */
static void fill_curve(double s, double var, double z, double *row)
{
    row[VALUE_SURVIVAL_KM_SURV] = s;
    if (s == 0) {
        row[VALUE_SURVIVAL_KM_STD_ERR] = row[VALUE_SURVIVAL_KM_SE_SURV] = NAN;
        row[VALUE_SURVIVAL_KM_LOWER] = row[VALUE_SURVIVAL_KM_UPPER] = NAN;
        return;
    }
    double se = sqrt(var);
    row[VALUE_SURVIVAL_KM_STD_ERR] = se;
    row[VALUE_SURVIVAL_KM_SE_SURV] = s * se;
    if (s == 1) {
        row[VALUE_SURVIVAL_KM_LOWER] = row[VALUE_SURVIVAL_KM_UPPER] = 1;
        return;
    }
    double ls = log(s), w = z * se / ls; /* ls < 0, so w <= 0 */
    row[VALUE_SURVIVAL_KM_LOWER] = exp(-exp(log(-ls) - w));
    row[VALUE_SURVIVAL_KM_UPPER] = exp(-exp(log(-ls) + w));
}

int value_survival_km_table(const value_survival_km *km, size_t group, double level, double *out, size_t out_len)
{
    int rc;
    double z;
    if ((rc = check_group(km, group)) || (rc = check_level(level, &z)) || (rc = value__check_ptr(out, "out")))
        return rc;
    size_t a = km->first[group], m = km->first[group + 1] - a;
    if ((rc = value__check_length("out_len", out_len, m * VALUE_SURVIVAL_KM_N_COLS,
                                  "rows x VALUE_SURVIVAL_KM_N_COLS")))
        return rc;
    for (size_t k = 0; k < m; k++) {
        double *row = out + k * VALUE_SURVIVAL_KM_N_COLS;
        row[VALUE_SURVIVAL_KM_TIME] = km->time[a + k];
        row[VALUE_SURVIVAL_KM_N_RISK] = km->n_risk[a + k];
        row[VALUE_SURVIVAL_KM_N_EVENT] = km->n_event[a + k];
        row[VALUE_SURVIVAL_KM_N_CENSOR] = km->n_censor[a + k];
        fill_curve(km->surv[a + k], km->var[a + k], z, row);
    }
    return VALUE_OK;
}

int value_survival_km_at(const value_survival_km *km, size_t group, const double *times, size_t n_times,
                         double level, double *out, size_t out_len)
{
    int rc;
    double z;
    if ((rc = check_group(km, group)) || (rc = value__check_ptr(times, "times")) ||
        (rc = check_level(level, &z)) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (n_times < 1)
        return value__fail(VALUE_EINVAL, "n_times must be at least 1, got 0");
    if (n_times > SIZE_MAX / (VALUE_SURVIVAL_KM_N_COLS * sizeof(double)))
        return value__fail(VALUE_EINVAL, "n_times is too large: %zu", n_times);
    for (size_t j = 0; j < n_times; j++) {
        if (!(times[j] >= 0) || !isfinite(times[j]))
            return value__fail_element("times", j, times[j], "must be finite and >= 0");
        if (j > 0 && times[j] < times[j - 1]) {
            char buf[40], want[80];
            value__format_double(times[j - 1], buf, sizeof buf);
            snprintf(want, sizeof want, "must be >= times[%zu] (%s)", j - 1, buf);
            return value__fail_element("times", j, times[j], want);
        }
    }
    if ((rc = value__check_length("out_len", out_len, n_times * VALUE_SURVIVAL_KM_N_COLS,
                                  "n_times x VALUE_SURVIVAL_KM_N_COLS")))
        return rc;
    size_t a = km->first[group], b = km->first[group + 1], k = a;
    for (size_t j = 0; j < n_times; j++) {
        double *row = out + j * VALUE_SURVIVAL_KM_N_COLS;
        value__ksum d = {0, 0}, c = {0, 0};
        size_t r = k; /* the first row at or after times[j]: its n_risk counts time >= times[j] */
        for (; k < b && km->time[k] <= times[j]; k++) {
            value__ksum_add(&d, km->n_event[k]);
            value__ksum_add(&c, km->n_censor[k]);
            if (km->time[k] < times[j])
                r = k + 1;
        }
        row[VALUE_SURVIVAL_KM_TIME] = times[j];
        row[VALUE_SURVIVAL_KM_N_RISK] = r < b ? km->n_risk[r] : 0;
        row[VALUE_SURVIVAL_KM_N_EVENT] = value__ksum_get(&d);
        row[VALUE_SURVIVAL_KM_N_CENSOR] = value__ksum_get(&c);
        if (k == a)
            fill_curve(1, 0, z, row);
        else
            fill_curve(km->surv[k - 1], km->var[k - 1], z, row);
    }
    return VALUE_OK;
}

/* The time at which curve y (one value per row, NaN where undefined)
 * first falls to 1/2 or below, with print.survfit's rule for a curve
 * lying on 1/2: the midpoint of the time it got there and the time it
 * next drops.  NaN when it never gets there. */
static double half_time(const double *x, const double *y, size_t m)
{
    const double tol = sqrt(DBL_EPSILON);
    size_t k = 0;
    while (k < m && !(y[k] < 0.5 + tol))
        k++;
    if (k == m)
        return NAN;
    if (fabs(y[k] - 0.5) < tol)
        for (size_t j = k + 1; j < m; j++)
            if (y[j] < y[k])
                return (x[k] + x[j]) / 2;
    return x[k];
}

int value_survival_km_median(const value_survival_km *km, size_t group, double level, double *out_median,
                             double *out_lower, double *out_upper)
{
    int rc;
    double z;
    if ((rc = check_group(km, group)) || (rc = check_level(level, &z)) ||
        (rc = value__check_ptr(out_median, "out_median")) || (rc = value__check_ptr(out_lower, "out_lower")) ||
        (rc = value__check_ptr(out_upper, "out_upper")))
        return rc;
    size_t a = km->first[group], m = km->first[group + 1] - a;
    double *lo = malloc(2 * m * sizeof *lo);
    if (lo == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory for %zu rows", m);
    double *hi = lo + m, row[VALUE_SURVIVAL_KM_N_COLS];
    for (size_t k = 0; k < m; k++) {
        fill_curve(km->surv[a + k], km->var[a + k], z, row);
        lo[k] = row[VALUE_SURVIVAL_KM_LOWER];
        hi[k] = row[VALUE_SURVIVAL_KM_UPPER];
    }
    *out_median = half_time(km->time + a, km->surv + a, m);
    *out_lower = half_time(km->time + a, lo, m);
    *out_upper = half_time(km->time + a, hi, m);
    free(lo);
    return VALUE_OK;
}

int value_survival_km_rmst(const value_survival_km *km, size_t group, double tau, double *out_rmst, double *out_se)
{
    int rc;
    if ((rc = check_group(km, group)) || (rc = value__check_ptr(out_rmst, "out_rmst")) ||
        (rc = value__check_ptr(out_se, "out_se")))
        return rc;
    if (!(tau > 0) || !isfinite(tau))
        return value__fail_value("tau", tau, "must be finite and > 0");
    size_t a = km->first[group], b = km->first[group + 1], end = a;
    while (end < b && km->time[end] <= tau)
        end++;
    /* Walk back from tau: A is the area from time[k] to tau, which weighs
     * the Greenwood term of time[k]. */
    value__ksum area = {0, 0}, var = {0, 0};
    double right = tau;
    for (size_t k = end; k-- > a;) {
        value__ksum_add(&area, (right - km->time[k]) * km->surv[k]);
        right = km->time[k];
        double nr = km->n_risk[k], d = km->n_event[k];
        if (d > 0 && d < nr) {
            double A = value__ksum_get(&area);
            value__ksum_add(&var, A * A * (d / (nr * (nr - d))));
        }
    }
    value__ksum_add(&area, right); /* S = 1 on [0, first time) */
    double rmst = value__ksum_get(&area), v = value__ksum_get(&var);
    if (!isfinite(rmst) || !isfinite(v))
        return value__fail(VALUE_ERANGE, "the RMST up to tau %g or its variance overflows", tau);
    *out_rmst = rmst;
    *out_se = sqrt(v);
    return VALUE_OK;
}
