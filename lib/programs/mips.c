/*
 * MIPS payment adjustment factors from final scores (42 CFR 414.1405).
 * Parameters per performance year: lib/programs/data/cms_mips.txt.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cms.h"

#include <math.h>

/* One performance year's parameters. */
typedef struct mips_year {
    double threshold;         /* T, points */
    double applicable;        /* A, fraction */
    double max_scaling;       /* cap on k */
    int has_exceptional;      /* performance years 2017-2022 */
    double ex_threshold;      /* T_x, points */
    double ex_low, ex_high;   /* the exceptional adjustment at T_x and at 100 */
    double max_ex_scaling;    /* cap on k_x */
} mips_year;

static int load_year(int year, value__cms_params **pp, mips_year *y)
{
    value__cms_params *p;
    int rc = value__cms_params_load_year("mips", year, "performance year", &p);
    if (rc != VALUE_OK)
        return rc;
    if ((rc = value__cms_params_scalar(p, year, "performance_threshold", &y->threshold)) != VALUE_OK ||
        (rc = value__cms_params_scalar(p, year, "applicable_percent", &y->applicable)) != VALUE_OK ||
        (rc = value__cms_params_scalar(p, year, "max_scaling_factor", &y->max_scaling)) != VALUE_OK)
        goto fail;
    y->ex_threshold = value__cms_params_or(p, year, "additional_performance_threshold", NAN);
    y->has_exceptional = !isnan(y->ex_threshold);
    y->ex_low = y->ex_high = 0;
    y->max_ex_scaling = 1;
    if (y->has_exceptional &&
        ((rc = value__cms_params_scalar(p, year, "exceptional_at_threshold", &y->ex_low)) != VALUE_OK ||
         (rc = value__cms_params_scalar(p, year, "exceptional_at_100", &y->ex_high)) != VALUE_OK ||
         (rc = value__cms_params_scalar(p, year, "max_exceptional_scaling_factor", &y->max_ex_scaling)) != VALUE_OK))
        goto fail;
    *pp = p;
    return VALUE_OK;
fail:
    value__cms_params_free(p);
    return rc;
}

static int check_scaling(double k, double cap, const char *name, const char *rule)
{
    if (isnan(k) || !(k >= 0) || !(k <= cap)) {
        char v[32], c[32];
        value__format_double(k, v, sizeof v);
        value__format_double(cap, c, sizeof c);
        return value__fail(VALUE_EINVAL, "%s is %s, must be in [0, %s] (%s)", name, v, c, rule);
    }
    return VALUE_OK;
}

/* Everything both public functions check, in one place; fills *y. */
static int check_inputs(int year, const double *score, size_t n, double k, double kx, size_t out_len, mips_year *y)
{
    int rc;
    if (n == 0)
        return value__fail(VALUE_EINVAL, "n is 0: no clinicians");
    if ((rc = value__check_ptr(score, "final_score")) != VALUE_OK)
        return rc;
    if ((rc = value__check_length("out_len", out_len, n, "n")))
        return rc;
    value__cms_params *p = NULL;
    if ((rc = load_year(year, &p, y)) != VALUE_OK)
        return rc;
    value__cms_params_free(p);
    if ((rc = check_scaling(k, y->max_scaling, "scaling_factor", "42 CFR 414.1405(b)(3)")) != VALUE_OK ||
        (rc = check_scaling(kx, y->max_ex_scaling, "exceptional_scaling_factor", "42 CFR 414.1405(d)")) != VALUE_OK)
        return rc;
    if (!y->has_exceptional && kx != 0) {
        char v[32];
        value__format_double(kx, v, sizeof v);
        return value__fail(VALUE_EINVAL,
                           "exceptional_scaling_factor is %s, but performance year %d has no exceptional "
                           "performance adjustment (performance years 2017-2022 only): pass 0",
                           v, year);
    }
    for (size_t i = 0; i < n; i++)
        if (!(score[i] >= 0 && score[i] <= 100))
            return value__fail_element("final_score", i, score[i], "must be in [0, 100]");
    return VALUE_OK;
}

/* The three parts for one final score s. */
static void parts(const mips_year *y, double s, double k, double kx, double *neg, double *pos, double *ex)
{
    double T = y->threshold, A = y->applicable;
    *neg = *pos = *ex = 0;
    if (s < T) {
        /* 414.1405(b)(2): -A at 0, 0 at T; -A for scores up to T/4. */
        *neg = s <= T / 4 ? -A : -A * (T - s) / T;
    } else if (T < 100) {
        /* 414.1405(b)(1), (b)(3): 0 at T, A at 100, times k. */
        *pos = k * A * (s - T) / (100 - T);
    }
    if (y->has_exceptional && s >= y->ex_threshold) {
        /* 414.1405(d): ex_low at T_x, ex_high at 100, times k_x. */
        double Tx = y->ex_threshold;
        double r = Tx < 100 ? (s - Tx) / (100 - Tx) : 1;
        *ex = kx * (y->ex_low + (y->ex_high - y->ex_low) * r);
    }
}

int value_mips_adjustment(int performance_year, const double *final_score, size_t n, double scaling_factor,
                          double exceptional_scaling_factor, double *out, size_t out_len)
{
    mips_year y;
    int rc = check_inputs(performance_year, final_score, n, scaling_factor, exceptional_scaling_factor, out_len, &y);
    if (rc != VALUE_OK || (rc = value__check_ptr(out, "out")) != VALUE_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        double neg, pos, ex;
        parts(&y, final_score[i], scaling_factor, exceptional_scaling_factor, &neg, &pos, &ex);
        out[i] = neg + pos + ex;
    }
    return VALUE_OK;
}

int value_mips_components(int performance_year, const double *final_score, size_t n, double scaling_factor,
                          double exceptional_scaling_factor, double *out_negative, double *out_positive,
                          double *out_exceptional, size_t out_len)
{
    mips_year y;
    int rc;
    if ((rc = check_inputs(performance_year, final_score, n, scaling_factor, exceptional_scaling_factor, out_len,
                           &y)) != VALUE_OK ||
        (rc = value__check_ptr(out_negative, "out_negative")) != VALUE_OK ||
        (rc = value__check_ptr(out_positive, "out_positive")) != VALUE_OK ||
        (rc = value__check_ptr(out_exceptional, "out_exceptional")) != VALUE_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        parts(&y, final_score[i], scaling_factor, exceptional_scaling_factor, &out_negative[i], &out_positive[i],
              &out_exceptional[i]);
    return VALUE_OK;
}

int value_mips_published_scaling(int performance_year, double *out_scaling_factor,
                                 double *out_exceptional_scaling_factor)
{
    int rc;
    if ((rc = value__check_ptr(out_scaling_factor, "out_scaling_factor")) != VALUE_OK ||
        (rc = value__check_ptr(out_exceptional_scaling_factor, "out_exceptional_scaling_factor")) != VALUE_OK)
        return rc;
    value__cms_params *p = NULL;
    mips_year y;
    if ((rc = load_year(performance_year, &p, &y)) != VALUE_OK)
        return rc;
    double max = value__cms_params_or(p, performance_year, "published_max_adjustment", NAN);
    value__cms_params_free(p);
    if (isnan(max))
        return value__fail(VALUE_ENOTFOUND,
                           "mips has no announced maximum adjustment for performance year %d: pass the scaling "
                           "factors",
                           performance_year);
    if (y.has_exceptional) {
        return value__fail(VALUE_ENOTFOUND,
                           "performance year %d had the exceptional performance adjustment: CMS's maximum of "
                           "%.2f%% does not split into the two scaling factors; pass them",
                           performance_year, max * 100);
    }
    *out_scaling_factor = max / y.applicable;
    *out_exceptional_scaling_factor = 0;
    return VALUE_OK;
}
