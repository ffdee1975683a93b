/*
 * Medicare Shared Savings Program: the benchmark arithmetic of 42 CFR
 * 425.601-.603 and 425.652-.656 over the four enrollment types (ESRD,
 * disabled, aged/dual, aged/non-dual), from the per capita amounts CMS
 * reports.  Weights and caps are data (lib/programs/data/cms_mssp_benchmark.txt),
 * keyed by the year the agreement period began.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cms.h"

#include <math.h>
#include <string.h>

#define N_TYPES 4
#define N_YEARS 3
#define TABLE "mssp_benchmark"
#define START_WHAT "agreement start year"

/* Sums of weights must be 1 within this (the table's 1/3 are rounded). */
#define WEIGHT_SUM_TOL 1e-9

static int check_types(size_t n, const char *name)
{
    if (n != N_TYPES)
        return value__fail(VALUE_EINVAL, "%s is %zu, must be 4 (ESRD, disabled, aged/dual, aged/non-dual)", name, n);
    return VALUE_OK;
}

/* Each of x[0..3] finite and > 0 (positive = 1) or >= 0 (positive = 0). */
static int check_column(const double *x, const char *name, int positive)
{
    int rc = value__check_ptr(x, name);
    if (rc != VALUE_OK)
        return rc;
    for (size_t i = 0; i < N_TYPES; i++) {
        if (!isfinite(x[i]))
            return value__fail_element(name, i, x[i], "must be finite");
        if (positive ? !(x[i] > 0) : !(x[i] >= 0))
            return value__fail_element(name, i, x[i], positive ? "must be > 0" : "must be >= 0");
    }
    return VALUE_OK;
}

/* Person-years (or any weights) of the four types: >= 0, not all 0. */
static int check_persons(const double *p, const char *name)
{
    int rc = check_column(p, name, 0);
    if (rc != VALUE_OK)
        return rc;
    if (!(p[0] + p[1] + p[2] + p[3] > 0))
        return value__fail(VALUE_EINVAL, "%s are all 0, must have one > 0", name);
    return VALUE_OK;
}

static int check_period(int agreement_period)
{
    if (agreement_period < 1)
        return value__fail(VALUE_EINVAL, "agreement_period is %d, must be >= 1", agreement_period);
    return VALUE_OK;
}

/* sum_e p_e x_e / sum_e p_e, in a fixed order. */
static double mix(const double *x, const double *p)
{
    double num = 0, den = 0;
    for (size_t e = 0; e < N_TYPES; e++) {
        num += p[e] * x[e];
        den += p[e];
    }
    return num / den;
}

static int finite_or_range(double v, const char *what)
{
    if (!isfinite(v))
        return value__fail(VALUE_ERANGE, "%s overflows", what);
    return VALUE_OK;
}

/* The table, checked to cover the agreement start year. */
static int load(int agreement_start_year, value__cms_params **out)
{
    return value__cms_params_load_year(TABLE, agreement_start_year, START_WHAT, out);
}

/* Value k (0-based; the last value for later periods) of a list key. */
static int period_value(const value__cms_params *p, int year, const char *key, int agreement_period, double *out)
{
    const double *v;
    size_t n;
    int rc = value__cms_params_get(p, year, key, &v, &n);
    if (rc != VALUE_OK)
        return rc;
    size_t k = (size_t)agreement_period - 1;
    *out = v[k < n ? k : n - 1];
    return VALUE_OK;
}

int value_mssp_benchmark_blend(const double *national, const double *regional, const double *national_weight,
                               size_t n, double *out, size_t out_len)
{
    int rc;
    if ((rc = check_types(n, "n")) != VALUE_OK || (rc = check_column(national, "national", 1)) != VALUE_OK ||
        (rc = check_column(regional, "regional", 1)) != VALUE_OK ||
        (rc = check_column(national_weight, "national_weight", 0)) != VALUE_OK ||
        (rc = value__check_ptr(out, "out")) != VALUE_OK ||
        (rc = value__check_length("out_len", out_len, n, "n")) != VALUE_OK)
        return rc;
    for (size_t e = 0; e < N_TYPES; e++)
        if (!(national_weight[e] <= 1))
            return value__fail_element("national_weight", e, national_weight[e], "must be in [0, 1]");
    double r[N_TYPES];
    for (size_t e = 0; e < N_TYPES; e++) {
        /* the national weight is the type's own (Specifications v11, 4.1.2 step 2) */
        r[e] = national_weight[e] * national[e] + (1 - national_weight[e]) * regional[e];
        if ((rc = finite_or_range(r[e], "the blended factor")) != VALUE_OK)
            return rc;
    }
    memcpy(out, r, sizeof r);
    return VALUE_OK;
}

int value_mssp_benchmark_year_weights(int agreement_start_year, int agreement_period, double *out, size_t out_len)
{
    int rc;
    if ((rc = check_period(agreement_period)) != VALUE_OK || (rc = value__check_ptr(out, "out")) != VALUE_OK ||
        (rc = value__check_length("out_len", out_len, N_YEARS, "the benchmark years")) != VALUE_OK)
        return rc;
    value__cms_params *p;
    if ((rc = load(agreement_start_year, &p)) != VALUE_OK)
        return rc;
    const char *key = agreement_period == 1 ? "by_weights.first" : "by_weights.rebased";
    const double *v;
    size_t n;
    rc = value__cms_params_get(p, agreement_start_year, key, &v, &n);
    if (rc == VALUE_ENOTFOUND)
        rc = value__fail(VALUE_EINVAL,
                         "agreement_period is %d, must be 1: no agreement period after the first began in %d "
                         "(the first rebased benchmarks are of 2016)",
                         agreement_period, agreement_start_year);
    else if (rc == VALUE_OK && n != N_YEARS)
        rc = value__fail(VALUE_EPARSE, "%s has %zu values of %s for %d, must be 3", TABLE, n, key,
                         agreement_start_year);
    if (rc == VALUE_OK)
        memcpy(out, v, N_YEARS * sizeof *out);
    value__cms_params_free(p);
    return rc;
}

int value_mssp_benchmark_historical(const double *expenditure_by1, const double *expenditure_by2,
                                    const double *expenditure_by3, const double *risk_by1, const double *risk_by2,
                                    const double *risk_by3, const double *trend_by1, const double *trend_by2,
                                    const double *persons_by3, size_t n, const double *year_weights,
                                    size_t n_years, double *out_type, size_t out_len, double *out)
{
    int rc;
    if ((rc = check_types(n, "n")) != VALUE_OK ||
        (rc = check_column(expenditure_by1, "expenditure_by1", 0)) != VALUE_OK ||
        (rc = check_column(expenditure_by2, "expenditure_by2", 0)) != VALUE_OK ||
        (rc = check_column(expenditure_by3, "expenditure_by3", 0)) != VALUE_OK ||
        (rc = check_column(risk_by1, "risk_by1", 1)) != VALUE_OK ||
        (rc = check_column(risk_by2, "risk_by2", 1)) != VALUE_OK ||
        (rc = check_column(risk_by3, "risk_by3", 1)) != VALUE_OK ||
        (rc = check_column(trend_by1, "trend_by1", 1)) != VALUE_OK ||
        (rc = check_column(trend_by2, "trend_by2", 1)) != VALUE_OK ||
        (rc = check_persons(persons_by3, "persons_by3")) != VALUE_OK ||
        (rc = value__check_ptr(year_weights, "year_weights")) != VALUE_OK)
        return rc;
    if (n_years != N_YEARS)
        return value__fail(VALUE_EINVAL, "n_years is %zu, must be 3 (the benchmark years)", n_years);
    double wsum = 0;
    for (size_t y = 0; y < N_YEARS; y++) {
        if (!(year_weights[y] >= 0 && year_weights[y] <= 1))
            return value__fail_element("year_weights", y, year_weights[y], "must be in [0, 1]");
        wsum += year_weights[y];
    }
    if (!(fabs(wsum - 1) <= WEIGHT_SUM_TOL)) {
        char buf[32];
        value__format_double(wsum, buf, sizeof buf);
        return value__fail(VALUE_EINVAL, "year_weights sum to %s, must sum to 1", buf);
    }
    if ((rc = value__check_ptr(out_type, "out_type")) != VALUE_OK ||
        (rc = value__check_length("out_len", out_len, n, "n")) != VALUE_OK ||
        (rc = value__check_ptr(out, "out")) != VALUE_OK)
        return rc;
    /* Each year restated to BY3's risk (x R3/Ry) and trended to BY3 dollars
     * (x Ty; BY3's own factor is 1), then the years weighted: 425.602(a),
     * 425.603(b), 425.601(a). */
    double b[N_TYPES];
    for (size_t e = 0; e < N_TYPES; e++) {
        b[e] = year_weights[0] * expenditure_by1[e] * trend_by1[e] * (risk_by3[e] / risk_by1[e]) +
               year_weights[1] * expenditure_by2[e] * trend_by2[e] * (risk_by3[e] / risk_by2[e]) +
               year_weights[2] * expenditure_by3[e];
        if ((rc = finite_or_range(b[e], "the historical benchmark")) != VALUE_OK)
            return rc;
    }
    /* Across types by BY3's person-years (425.602(a), 425.601(a)). */
    double total = mix(b, persons_by3);
    if ((rc = finite_or_range(total, "the historical benchmark")) != VALUE_OK)
        return rc;
    memcpy(out_type, b, sizeof b);
    *out = total;
    return VALUE_OK;
}

int value_mssp_benchmark_regional(int agreement_start_year, int agreement_period, const double *benchmark,
                                  const double *regional, const double *national, const double *persons, size_t n,
                                  double offset, double *out_adjustment, size_t out_len, double *out_weight)
{
    int rc;
    if ((rc = check_period(agreement_period)) != VALUE_OK || (rc = check_types(n, "n")) != VALUE_OK ||
        (rc = check_column(benchmark, "benchmark", 0)) != VALUE_OK ||
        (rc = check_column(regional, "regional", 0)) != VALUE_OK ||
        (rc = check_column(national, "national", 1)) != VALUE_OK ||
        (rc = check_persons(persons, "persons")) != VALUE_OK)
        return rc;
    if (!(offset >= 0 && offset <= 1))
        return value__fail_value("offset", offset, "must be in [0, 1]");
    if ((rc = value__check_ptr(out_adjustment, "out_adjustment")) != VALUE_OK ||
        (rc = value__check_length("out_len", out_len, n, "n")) != VALUE_OK ||
        (rc = value__check_ptr(out_weight, "out_weight")) != VALUE_OK)
        return rc;
    value__cms_params *p;
    if ((rc = load(agreement_start_year, &p)) != VALUE_OK)
        return rc;
    double w_lower = 0, w_higher = 0, cap_pos = 0, cap_neg = 0, has_offset = 0;
    rc = period_value(p, agreement_start_year, "regional.weight_lower", agreement_period, &w_lower);
    if (rc == VALUE_ENOTFOUND)
        rc = value__fail(VALUE_EINVAL,
                         "agreement_start_year is %d: benchmarks of agreement periods beginning before 2016 have no "
                         "regional adjustment (425.602)",
                         agreement_start_year);
    if (rc == VALUE_OK)
        rc = period_value(p, agreement_start_year, "regional.weight_higher", agreement_period, &w_higher);
    if (rc == VALUE_OK)
        rc = value__cms_params_scalar(p, agreement_start_year, "regional.cap_positive", &cap_pos);
    if (rc == VALUE_OK)
        rc = value__cms_params_scalar(p, agreement_start_year, "regional.cap_negative", &cap_neg);
    if (rc == VALUE_OK)
        rc = value__cms_params_scalar(p, agreement_start_year, "regional.offset", &has_offset);
    value__cms_params_free(p);
    if (rc != VALUE_OK)
        return rc;
    if (offset > 0 && has_offset == 0) {
        char buf[32];
        value__format_double(offset, buf, sizeof buf);
        return value__fail(VALUE_EINVAL,
                           "offset is %s, must be 0: agreement periods beginning in %d have no offset factor (from "
                           "2024, 425.656)",
                           buf, agreement_start_year);
    }
    /* Lower or higher spending than the region on the ACO's mix of types
     * (425.601(a)(8)); the weight of the ACO's agreement period. */
    double d[N_TYPES];
    for (size_t e = 0; e < N_TYPES; e++)
        d[e] = regional[e] - benchmark[e];
    double w = mix(d, persons) > 0 ? w_lower : w_higher;
    double a[N_TYPES];
    for (size_t e = 0; e < N_TYPES; e++) {
        a[e] = w * d[e];
        if (a[e] < 0)
            a[e] *= 1 - offset; /* 425.656: the offset reduces a negative adjustment */
        /* Caps as shares of national per capita FFS expenditure of the type
         * (425.601(a)(8); 425.656); inf in the table: no cap. */
        if (isfinite(cap_pos) && a[e] > cap_pos * national[e])
            a[e] = cap_pos * national[e];
        if (isfinite(cap_neg) && a[e] < -cap_neg * national[e])
            a[e] = -cap_neg * national[e];
        if ((rc = finite_or_range(a[e], "the regional adjustment")) != VALUE_OK)
            return rc;
    }
    memcpy(out_adjustment, a, sizeof a);
    *out_weight = w;
    return VALUE_OK;
}

int value_mssp_benchmark_risk_ratio(int agreement_start_year, const double *risk_by3, const double *risk_py,
                                    size_t n, double *out, size_t out_len)
{
    int rc;
    if ((rc = check_types(n, "n")) != VALUE_OK || (rc = check_column(risk_by3, "risk_by3", 1)) != VALUE_OK ||
        (rc = check_column(risk_py, "risk_py", 1)) != VALUE_OK || (rc = value__check_ptr(out, "out")) != VALUE_OK ||
        (rc = value__check_length("out_len", out_len, n, "n")) != VALUE_OK)
        return rc;
    value__cms_params *p;
    if ((rc = load(agreement_start_year, &p)) != VALUE_OK)
        return rc;
    double cap;
    rc = value__cms_params_scalar(p, agreement_start_year, "risk.cap", &cap);
    value__cms_params_free(p);
    if (rc == VALUE_ENOTFOUND)
        return value__fail(VALUE_EINVAL,
                           "agreement_start_year is %d: the capped risk ratio is of agreement periods beginning in "
                           "2019 or later (425.601(a)(10)); earlier ones treat newly and continuously assigned "
                           "beneficiaries apart (value_mssp_benchmark_risk_ratio_continuity, 425.604(a))",
                           agreement_start_year);
    if (rc != VALUE_OK)
        return rc;
    double r[N_TYPES];
    for (size_t e = 0; e < N_TYPES; e++) {
        r[e] = risk_py[e] / risk_by3[e];
        if (r[e] > 1 + cap) /* positive adjustments only: a fall passes in full */
            r[e] = 1 + cap;
        if ((rc = finite_or_range(r[e], "the risk ratio")) != VALUE_OK)
            return rc;
    }
    memcpy(out, r, sizeof r);
    return VALUE_OK;
}

int value_mssp_benchmark_risk_ratio_continuity(int agreement_start_year, const double *persons_new,
                                               const double *hcc_ref_new, const double *hcc_py_new,
                                               const double *persons_continuing, const double *hcc_ref_continuing,
                                               const double *hcc_py_continuing, const double *demo_ref_continuing,
                                               const double *demo_py_continuing, size_t n, double *out,
                                               size_t out_len)
{
    int rc;
    if ((rc = check_types(n, "n")) != VALUE_OK || (rc = check_column(persons_new, "persons_new", 0)) != VALUE_OK ||
        (rc = check_column(hcc_ref_new, "hcc_ref_new", 1)) != VALUE_OK ||
        (rc = check_column(hcc_py_new, "hcc_py_new", 1)) != VALUE_OK ||
        (rc = check_column(persons_continuing, "persons_continuing", 0)) != VALUE_OK ||
        (rc = check_column(hcc_ref_continuing, "hcc_ref_continuing", 1)) != VALUE_OK ||
        (rc = check_column(hcc_py_continuing, "hcc_py_continuing", 1)) != VALUE_OK ||
        (rc = check_column(demo_ref_continuing, "demo_ref_continuing", 1)) != VALUE_OK ||
        (rc = check_column(demo_py_continuing, "demo_py_continuing", 1)) != VALUE_OK ||
        (rc = value__check_ptr(out, "out")) != VALUE_OK ||
        (rc = value__check_length("out_len", out_len, n, "n")) != VALUE_OK)
        return rc;
    value__cms_params *p;
    if ((rc = load(agreement_start_year, &p)) != VALUE_OK)
        return rc;
    double rule;
    rc = value__cms_params_scalar(p, agreement_start_year, "risk.continuity", &rule);
    value__cms_params_free(p);
    if (rc == VALUE_ENOTFOUND)
        return value__fail(VALUE_EINVAL,
                           "agreement_start_year is %d: agreement periods beginning in 2019 or later use the capped "
                           "risk ratio (value_mssp_benchmark_risk_ratio, 425.601(a)(10))",
                           agreement_start_year);
    if (rc != VALUE_OK)
        return rc;
    double r[N_TYPES];
    for (size_t e = 0; e < N_TYPES; e++) {
        double persons = persons_new[e] + persons_continuing[e];
        if (!(persons > 0)) {
            r[e] = 1; /* no person-years: no weight in the update */
            continue;
        }
        double r_new = hcc_py_new[e] / hcc_ref_new[e];
        /* Continuously assigned: demographics, unless the CMS-HCC score fell
         * (425.604(a)). */
        double r_hcc = hcc_py_continuing[e] / hcc_ref_continuing[e];
        double r_cont = r_hcc < 1 ? r_hcc : demo_py_continuing[e] / demo_ref_continuing[e];
        r[e] = (persons_new[e] * r_new + persons_continuing[e] * r_cont) / persons;
        if ((rc = finite_or_range(r[e], "the risk ratio")) != VALUE_OK)
            return rc;
    }
    memcpy(out, r, sizeof r);
    return VALUE_OK;
}

int value_mssp_benchmark_update(const double *benchmark, const double *adjustment, const double *risk_ratio,
                                const double *update_factor, const double *update_dollars,
                                const double *persons_py, size_t n, double *out_type, size_t out_len, double *out)
{
    int rc;
    if ((rc = check_types(n, "n")) != VALUE_OK || (rc = check_column(benchmark, "benchmark", 0)) != VALUE_OK ||
        (rc = value__check_ptr(adjustment, "adjustment")) != VALUE_OK)
        return rc;
    for (size_t e = 0; e < N_TYPES; e++)
        if (!isfinite(adjustment[e]))
            return value__fail_element("adjustment", e, adjustment[e], "must be finite");
    if ((rc = check_column(risk_ratio, "risk_ratio", 1)) != VALUE_OK ||
        (rc = check_column(update_factor, "update_factor", 1)) != VALUE_OK ||
        (rc = value__check_ptr(update_dollars, "update_dollars")) != VALUE_OK)
        return rc;
    for (size_t e = 0; e < N_TYPES; e++)
        if (!isfinite(update_dollars[e]))
            return value__fail_element("update_dollars", e, update_dollars[e], "must be finite");
    if ((rc = check_persons(persons_py, "persons_py")) != VALUE_OK ||
        (rc = value__check_ptr(out_type, "out_type")) != VALUE_OK ||
        (rc = value__check_length("out_len", out_len, n, "n")) != VALUE_OK ||
        (rc = value__check_ptr(out, "out")) != VALUE_OK)
        return rc;
    double u[N_TYPES];
    for (size_t e = 0; e < N_TYPES; e++) {
        double adjusted = benchmark[e] + adjustment[e];
        if (!(adjusted >= 0)) {
            char buf[32];
            value__format_double(adjusted, buf, sizeof buf);
            return value__fail(VALUE_EINVAL, "benchmark[%zu] + adjustment[%zu] is %s, must be >= 0", e, e, buf);
        }
        /* Risk ratio, then the update: a factor from 2019 (425.601(b)), the
         * national growth in dollars before (425.602(b)). */
        u[e] = adjusted * risk_ratio[e] * update_factor[e] + update_dollars[e];
        if ((rc = finite_or_range(u[e], "the updated benchmark")) != VALUE_OK)
            return rc;
    }
    /* Across types by the performance year's person-years (425.602(b),
     * 425.601(b)). */
    double total = mix(u, persons_py);
    if ((rc = finite_or_range(total, "the updated benchmark")) != VALUE_OK)
        return rc;
    memcpy(out_type, u, sizeof u);
    *out = total;
    return VALUE_OK;
}
