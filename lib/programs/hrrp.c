/*
 * Hospital Readmissions Reduction Program (HRRP): excess readmission
 * ratios, the payment adjustment factor by the non-stratified method
 * (FY 2013-2018) and the stratified method (FY 2019 on), for one hospital
 * or the whole program (peer groups, medians, neutrality modifier).
 * Social Security Act 1886(q); 42 CFR 412.152, 412.154.  Parameters by
 * fiscal year: lib/programs/data/cms_hrrp.txt.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/internal.h"
#include "cms.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_CONDITIONS 6

/* Table keys and names in messages, indexed by value_hrrp_condition. */
static const char *const condition_key[N_CONDITIONS + 1] = {NULL, "ami", "hf", "pn", "copd", "tha_tka", "cabg"};
static const char *const condition_name[N_CONDITIONS + 1] = {NULL, "AMI", "HF", "PN", "COPD", "THA/TKA", "CABG"};

/* One fiscal year's parameters. */
typedef struct year_params {
    int year;
    int method;            /* 1 non-stratified, 2 stratified */
    double floor;          /* 412.154(c)(2) */
    double min_discharges; /* 25 */
    int decimals;          /* of the factor */
    int peer_groups;       /* 5 (method 2) */
    int in_force[N_CONDITIONS + 1];
} year_params;

static int load_year(int year, year_params *yp)
{
    value__cms_params *p = NULL;
    int rc = value__cms_params_load_year("hrrp", year, "fiscal year", &p);
    if (rc != VALUE_OK)
        return rc;
    double method, decimals;
    memset(yp, 0, sizeof *yp);
    yp->year = year;
    if ((rc = value__cms_params_scalar(p, year, "method", &method)) != VALUE_OK ||
        (rc = value__cms_params_scalar(p, year, "floor", &yp->floor)) != VALUE_OK ||
        (rc = value__cms_params_scalar(p, year, "min_discharges", &yp->min_discharges)) != VALUE_OK ||
        (rc = value__cms_params_scalar(p, year, "decimals", &decimals)) != VALUE_OK)
        goto done;
    yp->method = (int)method;
    yp->decimals = (int)decimals;
    yp->peer_groups = (int)value__cms_params_or(p, year, "peer_groups", 0);
    if (yp->method == 2 && yp->peer_groups < 1) {
        rc = value__fail(VALUE_EPARSE, "hrrp: fiscal year %d uses peer groups but has no peer_groups", year);
        goto done;
    }
    for (int c = 1; c <= N_CONDITIONS; c++)
        yp->in_force[c] = value__cms_params_or(p, year, condition_key[c], 0) == 1;
done:
    value__cms_params_free(p);
    return rc;
}

static int check_method(const year_params *yp, int want)
{
    if (yp->method == want)
        return VALUE_OK;
    if (yp->method == 2)
        return value__fail(VALUE_EINVAL,
                           "hrrp fiscal year %d uses the stratified method (FY 2019 on): use "
                           "value_hrrp_factor_stratified()",
                           yp->year);
    return value__fail(VALUE_EINVAL,
                       "hrrp fiscal year %d uses the non-stratified method (FY 2013-2018): use "
                       "value_hrrp_factor_nonstratified()",
                       yp->year);
}

/* Round half away from zero at `decimals` decimals; a value within 1e-9 of
 * a unit in the last place of a halfway point counts as halfway (so that
 * 0.98765, stored as 0.98764999..., rounds up as written). */
static double round_decimals(double x, int decimals)
{
    double scale = pow(10.0, decimals);
    double s = fabs(x) * scale;
    double whole = floor(s);
    double r = s - whole >= 0.5 - 1e-9 ? whole + 1 : whole;
    return copysign(r / scale, x);
}

static int check_condition(const year_params *yp, const int32_t *condition, size_t i)
{
    int32_t c = condition[i];
    if (c < 1 || c > N_CONDITIONS)
        return value__fail(VALUE_EINVAL, "condition[%zu] is %d, must be a value_hrrp_condition (1-%d)", i, (int)c,
                           N_CONDITIONS);
    if (!yp->in_force[c])
        return value__fail(VALUE_EINVAL, "condition[%zu] (%s) is not in force in hrrp fiscal year %d", i,
                           condition_name[c], yp->year);
    return VALUE_OK;
}

/* Whether row i counts: enough discharges for an ERR. */
static int counted(const year_params *yp, const double *discharges, size_t i)
{
    return discharges[i] >= yp->min_discharges;
}

/* The checks of one row shared by every factor function. */
static int check_row(const year_params *yp, const int32_t *condition, const double *err, const double *discharges,
                     const double *payments, size_t i)
{
    int rc = check_condition(yp, condition, i);
    if (rc != VALUE_OK)
        return rc;
    if (!isfinite(discharges[i]) || discharges[i] < 0)
        return value__fail_element("discharges", i, discharges[i], "must be finite and >= 0");
    if (!isfinite(payments[i]) || payments[i] < 0)
        return value__fail_element("payments", i, payments[i], "must be finite and >= 0");
    if (counted(yp, discharges, i) && (!isfinite(err[i]) || err[i] < 0))
        return value__fail_element("err", i, err[i], "must be finite and >= 0");
    return VALUE_OK;
}

static int check_total(double total, double sum, const char *name)
{
    if (!isfinite(total) || total <= 0) {
        char v[32];
        value__format_double(total, v, sizeof v);
        return value__fail(VALUE_EINVAL, "%s is %s, must be finite and > 0", name, v);
    }
    if (sum > total * (1 + 1e-12)) {
        char a[32], b[32];
        value__format_double(sum, a, sizeof a);
        value__format_double(total, b, sizeof b);
        return value__fail(VALUE_EINVAL, "payments sum to %s, more than %s %s", a, name, b);
    }
    return VALUE_OK;
}

/* A hospital's contributions, ratio and factor from rows[0..k) (indices
 * into the arrays), with reference ERRs ref[row] (1, or the peer median)
 * and modifier nm.  contribution[row] is written for each of its rows. */
/* VALUE_OK, or VALUE_ERANGE when a contribution or the ratio overflows (a
 * neutrality modifier or an ERR near the top of the doubles). */
static int hospital_factor(const year_params *yp, const size_t *rows, size_t k, const double *err,
                           const double *discharges, const double *payments, const double *ref, double nm,
                           double total, double *contribution, double *ratio, double *factor)
{
    value__ksum sum = {0, 0};
    for (size_t j = 0; j < k; j++) {
        size_t i = rows[j];
        double c = 0;
        if (counted(yp, discharges, i) && err[i] > ref[i]) {
            c = nm * (payments[i] * (err[i] - ref[i])) / total;
            if (!isfinite(c)) /* payments <= total: the same product without its overflowing middle */
                c = nm * (payments[i] / total) * (err[i] - ref[i]);
            if (!isfinite(c)) {
                char e[32], m[32];
                value__format_double(err[i], e, sizeof e);
                value__format_double(nm, m, sizeof m);
                return value__fail(VALUE_ERANGE,
                                   "hrrp: the payment reduction of row %zu overflows (err %s, neutrality modifier %s)",
                                   i, e, m);
            }
        }
        contribution[i] = c;
        value__ksum_add(&sum, c);
    }
    *ratio = 1 - value__ksum_get(&sum);
    if (!isfinite(*ratio))
        return value__fail(VALUE_ERANGE, "hrrp: the payment adjustment ratio overflows");
    *factor = round_decimals(*ratio > yp->floor ? *ratio : yp->floor, yp->decimals);
    return VALUE_OK;
}

int value_hrrp_err(int fiscal_year, const double *predicted, const double *expected, const double *discharges,
                   size_t n, double *out_err, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(predicted, "predicted")) != VALUE_OK ||
        (rc = value__check_ptr(expected, "expected")) != VALUE_OK ||
        (rc = value__check_ptr(discharges, "discharges")) != VALUE_OK ||
        (rc = value__check_ptr(out_err, "out_err")) != VALUE_OK)
        return rc;
    if (n == 0)
        return value__fail(VALUE_EINVAL, "n is 0, must be >= 1");
    if ((rc = value__check_length("out_len", out_len, n, "n")))
        return rc;
    year_params yp;
    if ((rc = load_year(fiscal_year, &yp)) != VALUE_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(predicted[i]) || predicted[i] < 0)
            return value__fail_element("predicted", i, predicted[i], "must be finite and >= 0");
        if (!isfinite(expected[i]) || expected[i] <= 0)
            return value__fail_element("expected", i, expected[i], "must be finite and > 0");
        if (!isfinite(discharges[i]) || discharges[i] < 0)
            return value__fail_element("discharges", i, discharges[i], "must be finite and >= 0");
    }
    for (size_t i = 0; i < n; i++)
        out_err[i] = counted(&yp, discharges, i) ? predicted[i] / expected[i] : NAN;
    return VALUE_OK;
}

/* The checks and the computation shared by the two hospital-level
 * functions; peer_median is NULL for the non-stratified method. */
static int hospital_level(int fiscal_year, int method, const int32_t *condition, const double *err,
                          const double *discharges, const double *payments, const double *peer_median, size_t n,
                          double total_payments, double nm, double *out_contribution, size_t out_len,
                          double *out_ratio, double *out_factor)
{
    int rc;
    if ((rc = value__check_ptr(condition, "condition")) != VALUE_OK ||
        (rc = value__check_ptr(err, "err")) != VALUE_OK ||
        (rc = value__check_ptr(discharges, "discharges")) != VALUE_OK ||
        (rc = value__check_ptr(payments, "payments")) != VALUE_OK ||
        (method == 2 && (rc = value__check_ptr(peer_median, "peer_median")) != VALUE_OK) ||
        (rc = value__check_ptr(out_contribution, "out_contribution")) != VALUE_OK ||
        (rc = value__check_ptr(out_ratio, "out_ratio")) != VALUE_OK ||
        (rc = value__check_ptr(out_factor, "out_factor")) != VALUE_OK)
        return rc;
    if (n == 0)
        return value__fail(VALUE_EINVAL, "n is 0, must be >= 1");
    if ((rc = value__check_length("out_len", out_len, n, "n")))
        return rc;
    year_params yp;
    if ((rc = load_year(fiscal_year, &yp)) != VALUE_OK || (rc = check_method(&yp, method)) != VALUE_OK)
        return rc;
    if (method == 2 && (!isfinite(nm) || nm <= 0)) {
        char v[32];
        value__format_double(nm, v, sizeof v);
        return value__fail(VALUE_EINVAL, "neutrality_modifier is %s, must be finite and > 0", v);
    }
    value__ksum sum = {0, 0};
    for (size_t i = 0; i < n; i++) {
        if ((rc = check_row(&yp, condition, err, discharges, payments, i)) != VALUE_OK)
            return rc;
        for (size_t j = 0; j < i; j++)
            if (condition[j] == condition[i])
                return value__fail(VALUE_EINVAL, "condition[%zu] (%s) repeats condition[%zu]", i,
                                   condition_name[condition[i]], j);
        if (method == 2 && counted(&yp, discharges, i) && (!isfinite(peer_median[i]) || peer_median[i] <= 0))
            return value__fail_element("peer_median", i, peer_median[i], "must be finite and > 0");
        value__ksum_add(&sum, payments[i]);
    }
    if ((rc = check_total(total_payments, value__ksum_get(&sum), "total_payments")) != VALUE_OK)
        return rc;

    size_t rows[N_CONDITIONS];
    double ref[N_CONDITIONS], contribution[N_CONDITIONS];
    for (size_t i = 0; i < n; i++) { /* n <= 6: conditions are distinct */
        rows[i] = i;
        ref[i] = method == 2 ? peer_median[i] : 1.0;
    }
    double ratio, factor;
    if ((rc = hospital_factor(&yp, rows, n, err, discharges, payments, ref, method == 2 ? nm : 1.0, total_payments,
                              contribution, &ratio, &factor)))
        return rc;
    memcpy(out_contribution, contribution, n * sizeof *contribution);
    *out_ratio = ratio;
    *out_factor = factor;
    return VALUE_OK;
}

int value_hrrp_factor_nonstratified(int fiscal_year, const int32_t *condition, const double *err,
                                    const double *discharges, const double *payments, size_t n,
                                    double total_payments, double *out_contribution, size_t out_len,
                                    double *out_ratio, double *out_factor)
{
    return hospital_level(fiscal_year, 1, condition, err, discharges, payments, NULL, n, total_payments, 1.0,
                          out_contribution, out_len, out_ratio, out_factor);
}

int value_hrrp_factor_stratified(int fiscal_year, const int32_t *condition, const double *err,
                                 const double *discharges, const double *payments, const double *peer_median,
                                 size_t n, double total_payments, double neutrality_modifier,
                                 double *out_contribution, size_t out_len, double *out_ratio, double *out_factor)
{
    return hospital_level(fiscal_year, 2, condition, err, discharges, payments, peer_median, n, total_payments,
                          neutrality_modifier, out_contribution, out_len, out_ratio, out_factor);
}

/* ---- the whole program ---------------------------------------------------- */

typedef struct ranked {
    double key;
    size_t index;
} ranked;

static int by_key(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Peer groups 1..groups by ascending dual proportion; ties share the rank
 * of the first of them. */
static void assign_peer_groups(const double *dual, size_t n, int groups, ranked *work, int32_t *group)
{
    for (size_t i = 0; i < n; i++) {
        work[i].key = dual[i];
        work[i].index = i;
    }
    qsort(work, n, sizeof *work, by_key);
    size_t first = 0;
    for (size_t r = 0; r < n; r++) {
        if (r > 0 && work[r].key != work[r - 1].key)
            first = r;
        /* floor(groups * first / n) + 1, without overflow for any n */
        group[work[r].index] = (int32_t)((double)groups * (double)first / (double)n) + 1;
    }
}

typedef struct keyed {
    int32_t cell; /* (group - 1) * N_CONDITIONS + condition - 1 */
    double err;
    size_t row;
} keyed;

static int by_cell(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->cell != y->cell)
        return x->cell < y->cell ? -1 : 1;
    if (x->err != y->err)
        return x->err < y->err ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

int value_hrrp_program(int fiscal_year, const double *dual_proportion, const double *total_payments,
                       size_t n_hospitals, const int32_t *hospital, const int32_t *condition, const double *err,
                       const double *discharges, const double *payments, size_t n, int32_t *out_peer_group,
                       double *out_ratio, double *out_factor, size_t out_hospitals, double *out_peer_median,
                       double *out_contribution, size_t out_len, double *out_neutrality_modifier)
{
    int rc;
    if ((rc = value__check_ptr(dual_proportion, "dual_proportion")) != VALUE_OK ||
        (rc = value__check_ptr(total_payments, "total_payments")) != VALUE_OK ||
        (rc = value__check_ptr(out_peer_group, "out_peer_group")) != VALUE_OK ||
        (rc = value__check_ptr(out_ratio, "out_ratio")) != VALUE_OK ||
        (rc = value__check_ptr(out_factor, "out_factor")) != VALUE_OK ||
        (rc = value__check_ptr(out_neutrality_modifier, "out_neutrality_modifier")) != VALUE_OK)
        return rc;
    if (n > 0 && ((rc = value__check_ptr(hospital, "hospital")) != VALUE_OK ||
                  (rc = value__check_ptr(condition, "condition")) != VALUE_OK ||
                  (rc = value__check_ptr(err, "err")) != VALUE_OK ||
                  (rc = value__check_ptr(discharges, "discharges")) != VALUE_OK ||
                  (rc = value__check_ptr(payments, "payments")) != VALUE_OK ||
                  (rc = value__check_ptr(out_peer_median, "out_peer_median")) != VALUE_OK ||
                  (rc = value__check_ptr(out_contribution, "out_contribution")) != VALUE_OK))
        return rc;
    if (n_hospitals == 0)
        return value__fail(VALUE_EINVAL, "n_hospitals is 0, must be >= 1");
    if (n_hospitals > INT32_MAX)
        return value__fail(VALUE_EINVAL, "n_hospitals is %zu, must be at most 2^31 - 1", n_hospitals);
    if (out_hospitals != n_hospitals)
        return value__fail(VALUE_EINVAL, "out_hospitals is %zu, must be n_hospitals (%zu)", out_hospitals,
                           n_hospitals);
    if ((rc = value__check_length("out_len", out_len, n, "n")))
        return rc;
    year_params yp;
    if ((rc = load_year(fiscal_year, &yp)) != VALUE_OK)
        return rc;
    int stratified = yp.method == 2;
    for (size_t h = 0; h < n_hospitals; h++) {
        if (stratified && !(dual_proportion[h] >= 0 && dual_proportion[h] <= 1))
            return value__fail_element("dual_proportion", h, dual_proportion[h], "must be in [0, 1]");
        if (!isfinite(total_payments[h]) || total_payments[h] <= 0)
            return value__fail_element("total_payments", h, total_payments[h], "must be finite and > 0");
    }

    /* Work space: per hospital, a condition mask, a payment sum, the start
     * of its rows; the rows grouped by hospital; ranks; median cells. */
    if (value__mul_size(n_hospitals + 1, sizeof(keyed)) == SIZE_MAX || value__mul_size(n, sizeof(keyed)) == SIZE_MAX)
        return value__fail(VALUE_ENOMEM, "hrrp: %zu hospitals and %zu rows are too many", n_hospitals, n);
    size_t *start = calloc(n_hospitals + 1, sizeof *start);
    size_t *fill = calloc(n_hospitals, sizeof *fill);
    value__ksum *paid = calloc(n_hospitals, sizeof *paid);
    unsigned char *mask = calloc(n_hospitals, 1);
    ranked *rank = malloc(n_hospitals * sizeof *rank);
    int32_t *group = malloc(n_hospitals * sizeof *group);
    double *ratio = malloc(n_hospitals * sizeof *ratio);
    double *factor = malloc(n_hospitals * sizeof *factor);
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    keyed *cells = malloc((n ? n : 1) * sizeof *cells);
    double *ref = malloc((n ? n : 1) * sizeof *ref);
    double *median = malloc((n ? n : 1) * sizeof *median);
    double *contribution = malloc((n ? n : 1) * sizeof *contribution);
    if (!start || !fill || !paid || !mask || !rank || !group || !ratio || !factor || !order || !cells || !ref ||
        !median || !contribution) {
        rc = value__fail(VALUE_ENOMEM, "hrrp: out of memory for %zu hospitals and %zu rows", n_hospitals, n);
        goto done;
    }

    /* Check the rows. */
    for (size_t i = 0; i < n; i++) {
        if (hospital[i] < 0 || (size_t)hospital[i] >= n_hospitals) {
            rc = value__fail(VALUE_EINVAL, "hospital[%zu] is %d, not in [0, %zu)", i, (int)hospital[i],
                             n_hospitals);
            goto done;
        }
        if ((rc = check_row(&yp, condition, err, discharges, payments, i)) != VALUE_OK)
            goto done;
        size_t h = (size_t)hospital[i];
        unsigned char bit = (unsigned char)(1u << condition[i]);
        if (mask[h] & bit) {
            rc = value__fail(VALUE_EINVAL, "condition[%zu] (%s) is given twice for hospital %zu", i,
                             condition_name[condition[i]], h);
            goto done;
        }
        mask[h] |= bit;
        value__ksum_add(&paid[h], payments[i]);
        start[h + 1]++;
    }
    for (size_t h = 0; h < n_hospitals; h++) {
        char name[48];
        snprintf(name, sizeof name, "total_payments[%zu]", h);
        if ((rc = check_total(total_payments[h], value__ksum_get(&paid[h]), name)) != VALUE_OK)
            goto done;
        start[h + 1] += start[h];
    }
    for (size_t i = 0; i < n; i++) { /* rows grouped by hospital, in input order */
        size_t h = (size_t)hospital[i];
        order[start[h] + fill[h]++] = i;
    }

    /* Peer groups and medians (stratified), else the reference ERR is 1. */
    double nm = 1;
    if (stratified) {
        assign_peer_groups(dual_proportion, n_hospitals, yp.peer_groups, rank, group);
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            median[i] = NAN;
            if (counted(&yp, discharges, i)) {
                cells[k].cell = (group[hospital[i]] - 1) * N_CONDITIONS + condition[i] - 1;
                cells[k].err = err[i];
                cells[k].row = i;
                k++;
            }
        }
        qsort(cells, k, sizeof *cells, by_cell);
        for (size_t a = 0; a < k;) {
            size_t b = a;
            while (b < k && cells[b].cell == cells[a].cell)
                b++;
            size_t m = b - a;
            double med = m % 2 ? cells[a + m / 2].err : (cells[a + m / 2 - 1].err + cells[a + m / 2].err) / 2;
            for (size_t j = a; j < b; j++)
                median[cells[j].row] = med;
            a = b;
        }
        /* NM: savings of the non-stratified method over those of the
         * stratified method before the modifier, all hospitals (412.152). */
        value__ksum num = {0, 0}, den = {0, 0};
        for (size_t i = 0; i < n; i++) {
            if (!counted(&yp, discharges, i))
                continue;
            if (err[i] > 1)
                value__ksum_add(&num, payments[i] * (err[i] - 1));
            if (err[i] > median[i])
                value__ksum_add(&den, payments[i] * (err[i] - median[i]));
        }
        double d = value__ksum_get(&den);
        nm = d > 0 ? value__ksum_get(&num) / d : 1;
        for (size_t i = 0; i < n; i++)
            ref[i] = counted(&yp, discharges, i) ? median[i] : 1;
    } else {
        for (size_t h = 0; h < n_hospitals; h++)
            group[h] = 0;
        for (size_t i = 0; i < n; i++) {
            median[i] = counted(&yp, discharges, i) ? 1 : NAN;
            ref[i] = 1;
        }
    }
    if (!isfinite(nm)) {
        rc = value__fail(VALUE_ERANGE, "hrrp: the neutrality modifier overflows");
        goto done;
    }
    for (size_t h = 0; h < n_hospitals; h++)
        if ((rc = hospital_factor(&yp, order + start[h], start[h + 1] - start[h], err, discharges, payments, ref, nm,
                                  total_payments[h], contribution, &ratio[h], &factor[h])))
            goto done;

    memcpy(out_peer_group, group, n_hospitals * sizeof *group);
    memcpy(out_ratio, ratio, n_hospitals * sizeof *ratio);
    memcpy(out_factor, factor, n_hospitals * sizeof *factor);
    if (n > 0) {
        memcpy(out_peer_median, median, n * sizeof *median);
        memcpy(out_contribution, contribution, n * sizeof *contribution);
    }
    *out_neutrality_modifier = nm;
    rc = VALUE_OK;
done:
    free(start);
    free(fill);
    free(paid);
    free(mask);
    free(rank);
    free(group);
    free(ratio);
    free(factor);
    free(order);
    free(cells);
    free(ref);
    free(median);
    free(contribution);
    return rc;
}
