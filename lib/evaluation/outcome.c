/*
 * Outcome measures: rates and means over patients with confidence intervals.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/internal.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct value_outcome {
    char *name;
    char *unit;
    int type, level, direction, stat;
    double confidence;
    int ci_method;
};

static int check_enum(int v, int lo, int hi, const char *name)
{
    if (v < lo || v > hi)
        return value__fail(VALUE_EINVAL, "%s must be from %d to %d, got %d", name, lo, hi, v);
    return VALUE_OK;
}

static int check_confidence(double c, const char *name)
{
    int rc = value__check_finite(c, name);
    if (rc)
        return rc;
    if (!(c > 0 && c < 1))
        return value__fail(VALUE_EINVAL, "%s must be in (0, 1), got %.17g", name, c);
    return VALUE_OK;
}

/* Student t's quantile at P in (1/2, 1) on nu >= 1 degrees of freedom:
 * GSL's gsl_cdf_tdist_Pinv (cdf/tdistinv.c, GSL 2.7) step for step, whose
 * failure to converge would go to GSL's error handler (which the host may
 * have set to abort, see lib/core/gsl_guard.c); here, where Newton's
 * method has not converged, bisection on the same CDF finishes the job.
 * gsl_cdf_tdist_P, gsl_ran_tdist_pdf and gsl_sf_lnbeta reach no error
 * handler for these arguments (gsl_guard.c). */
#define PI 3.14159265358979323846

static double t_quantile(double P, double nu)
{
    if (nu == 1.0)
        return tan(PI * (P - 0.5));
    if (nu == 2.0)
        return (2 * P - 1) / sqrt(2 * P * (1 - P));
    double x, ptail = 1 - P;
    if (sqrt(PI * nu / 2) * ptail > pow(0.05, nu / 2)) {
        /* inverse Cornish-Fisher from the normal quantile */
        double zg = gsl_cdf_ugaussian_Pinv(P), a = 1 / (nu - 0.5), b = 48.0 / (a * a);
        double y = zg - zg * (3 + zg * zg) / b + zg * (945 + zg * zg * (360 + zg * zg * (63 + zg * zg * 4))) / (10 * b * b);
        x = (zg > 0 ? 1 : zg < 0 ? -1 : 0) * sqrt(nu * expm1(a * y * y));
    } else { /* the tail's asymptotic expansion */
        double beta = exp(gsl_sf_lnbeta(0.5, nu / 2));
        x = sqrt(nu) * pow(beta * nu * (1 - P), -1.0 / nu);
        x /= sqrt(1 + nu / (x * x));
    }
    double dP = 0;
    for (unsigned n = 0;; n++) {
        dP = P - gsl_cdf_tdist_P(x, nu);
        if (dP == 0.0 || n > 32)
            break;
        double phi = gsl_ran_tdist_pdf(x, nu), lambda = dP / phi;
        double step = lambda, step1 = ((nu + 1) * x / (x * x + nu)) * (lambda * lambda / 4.0);
        if (fabs(step1) < fabs(step))
            step += step1;
        if (x + step < 0)
            x /= 2;
        else
            x += step;
        if (!(fabs(step) > 1e-10 * fabs(x)))
            break;
    }
    if (isfinite(x) && fabs(dP) <= sqrt(DBL_EPSILON) * P)
        return x;
    /* Bisection: the quantile is above 0 and below the Cauchy's (nu = 1). */
    double lo = 0, hi = tan(PI * (P - 0.5));
    for (int i = 0; i < 2200 && lo < hi; i++) {
        double mid = lo / 2 + hi / 2;
        if (mid <= lo || mid >= hi)
            break;
        if (gsl_cdf_tdist_P(mid, nu) < P)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

/* The two-sided critical value z = Phi^-1(1 - alpha/2), or Student t's
 * on df degrees of freedom; VALUE_EDOM when the confidence is so close to
 * 1 that 1 - alpha/2 rounds to 1 (the value would be infinite). */
static int critical_value(double confidence, double df, double *out)
{
    double upper = 0.5 + 0.5 * confidence;
    *out = NAN; /* a local of the caller's, never a public output */
    if (!(upper < 1))
        return value__fail(VALUE_EDOM, "confidence is %.17g: 1 - alpha/2 rounds to 1, so its quantile is infinite",
                           confidence);
    *out = df > 0 ? t_quantile(upper, df) : gsl_cdf_ugaussian_Pinv(upper);
    return VALUE_OK;
}

int value_outcome_wilson(double x, double n, double confidence, double *out_lower, double *out_upper)
{
    int rc;
    if ((rc = value__check_ptr(out_lower, "out_lower")) || (rc = value__check_ptr(out_upper, "out_upper")) ||
        (rc = value__check_finite(x, "x")) || (rc = value__check_finite(n, "n")) ||
        (rc = check_confidence(confidence, "confidence")))
        return rc;
    if (!(n >= 1 && n == floor(n)))
        return value__fail(VALUE_EINVAL, "n must be a whole number >= 1, got %.17g", n);
    if (!(x >= 0 && x <= n && x == floor(x)))
        return value__fail(VALUE_EINVAL, "x must be a whole number in [0, n = %.17g], got %.17g", n, x);
    double z;
    if ((rc = critical_value(confidence, 0, &z)))
        return rc;
    double p = x / n, z2n = z * z / n;
    double center = (p + z2n / 2) / (1 + z2n);
    double half = z / (1 + z2n) * sqrt(p * (1 - p) / n + z2n / (4 * n));
    /* At x = 0 or x = n one limit is exactly 0 or 1; rounding must not miss it. */
    *out_lower = x == 0 ? 0.0 : center - half;
    *out_upper = x == n ? 1.0 : center + half;
    return VALUE_OK;
}

int value_outcome_new(const char *name, value_outcome_type type, value_outcome_level level,
                      value_outcome_direction direction, value_outcome_stat stat, const char *unit,
                      value_outcome **out)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")) || (rc = value__check_ptr(name, "name")) ||
        (rc = value__check_ptr(unit, "unit")) || (rc = check_enum((int)type, 1, 3, "type")) ||
        (rc = check_enum((int)level, 1, 3, "level")) || (rc = check_enum((int)direction, 1, 2, "direction")) ||
        (rc = check_enum((int)stat, 1, 2, "stat")))
        return rc;
    if (name[0] == '\0')
        return value__fail(VALUE_EINVAL, "name is empty");
    value_outcome *m = calloc(1, sizeof *m);
    if (m == NULL || (m->name = value__strdup(name)) == NULL || (m->unit = value__strdup(unit)) == NULL) {
        value_outcome_free(m);
        return value__fail(VALUE_ENOMEM, "value_outcome_new: out of memory");
    }
    m->type = type;
    m->level = level;
    m->direction = direction;
    m->stat = stat;
    m->confidence = 0.95;
    m->ci_method = stat == VALUE_OUTCOME_RATE ? VALUE_OUTCOME_CI_WILSON : VALUE_OUTCOME_CI_T;
    *out = m;
    return VALUE_OK;
}

void value_outcome_free(value_outcome *m)
{
    if (m == NULL)
        return;
    free(m->name);
    free(m->unit);
    free(m);
}

int value_outcome_set(value_outcome *m, value_outcome_param param, double v)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")))
        return rc;
    switch (param) {
    case VALUE_OUTCOME_CONFIDENCE:
        if ((rc = check_confidence(v, "VALUE_OUTCOME_CONFIDENCE")))
            return rc;
        m->confidence = v;
        return VALUE_OK;
    case VALUE_OUTCOME_CI_METHOD: {
        int ok = m->stat == VALUE_OUTCOME_RATE ? (v == VALUE_OUTCOME_CI_WILSON || v == VALUE_OUTCOME_CI_NORMAL)
                                               : (v == VALUE_OUTCOME_CI_T || v == VALUE_OUTCOME_CI_NORMAL);
        if (!ok) {
            char s[32];
            value__format_double(v, s, sizeof s);
            return value__fail(VALUE_EINVAL, "VALUE_OUTCOME_CI_METHOD for a %s must be %s, got %s",
                               m->stat == VALUE_OUTCOME_RATE ? "rate" : "mean",
                               m->stat == VALUE_OUTCOME_RATE ? "VALUE_OUTCOME_CI_WILSON (1) or _NORMAL (3)"
                                                             : "VALUE_OUTCOME_CI_T (2) or _NORMAL (3)",
                               s);
        }
        m->ci_method = (int)v;
        return VALUE_OK;
    }
    }
    return value__fail(VALUE_EINVAL, "param %d is not a value_outcome_param", (int)param);
}

int value_outcome_get(const value_outcome *m, value_outcome_param param, double *out)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out, "out")))
        return rc;
    switch (param) {
    case VALUE_OUTCOME_CONFIDENCE: *out = m->confidence; return VALUE_OK;
    case VALUE_OUTCOME_CI_METHOD: *out = m->ci_method; return VALUE_OK;
    }
    return value__fail(VALUE_EINVAL, "param %d is not a value_outcome_param", (int)param);
}

int value_outcome_describe(const value_outcome *m, const char **out_name, const char **out_unit, int *out_type,
                           int *out_level, int *out_direction, int *out_stat)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out_name, "out_name")) ||
        (rc = value__check_ptr(out_unit, "out_unit")) || (rc = value__check_ptr(out_type, "out_type")) ||
        (rc = value__check_ptr(out_level, "out_level")) || (rc = value__check_ptr(out_direction, "out_direction")) ||
        (rc = value__check_ptr(out_stat, "out_stat")))
        return rc;
    *out_name = m->name;
    *out_unit = m->unit;
    *out_type = m->type;
    *out_level = m->level;
    *out_direction = m->direction;
    *out_stat = m->stat;
    return VALUE_OK;
}

int value_outcome_compute(const value_outcome *m, const double *values, size_t n, double *out_estimate,
                          double *out_lower, double *out_upper)
{
    int rc;
    size_t min_n = m != NULL && m->stat == VALUE_OUTCOME_MEAN ? 2 : 1;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_array(values, n, min_n, "values", "n")) ||
        (rc = value__check_ptr(out_estimate, "out_estimate")) || (rc = value__check_ptr(out_lower, "out_lower")) ||
        (rc = value__check_ptr(out_upper, "out_upper")))
        return rc;
    double lower, upper, estimate;
    if (m->stat == VALUE_OUTCOME_RATE) {
        double x = 0;
        for (size_t i = 0; i < n; i++) {
            if (values[i] != 0 && values[i] != 1)
                return value__fail(VALUE_EINVAL, "values[%zu] is %.17g; a rate needs values 0 or 1", i, values[i]);
            x += values[i];
        }
        estimate = x / (double)n;
        if (m->ci_method == VALUE_OUTCOME_CI_WILSON) {
            if ((rc = value_outcome_wilson(x, (double)n, m->confidence, &lower, &upper)))
                return rc;
        } else { /* Wald, clipped to [0, 1] */
            double z;
            if ((rc = critical_value(m->confidence, 0, &z)))
                return rc;
            double half = z * sqrt(estimate * (1 - estimate) / (double)n);
            lower = fmax(0.0, estimate - half);
            upper = fmin(1.0, estimate + half);
        }
    } else {
        /* Two passes: the mean, then squared deviations from it. */
        double sum = 0, ss = 0;
        for (size_t i = 0; i < n; i++)
            sum += values[i];
        estimate = sum / (double)n;
        for (size_t i = 0; i < n; i++)
            ss += (values[i] - estimate) * (values[i] - estimate);
        double se = sqrt(ss / (double)(n - 1)) / sqrt((double)n), crit;
        if (!isfinite(se)) {
            /* The sum or the squares overflowed (values near 1e154 and
             * beyond): the same passes on the values over the largest
             * |value|, which keep every sum finite, then scaled back. */
            double scale = 0, ms = 0, sss = 0;
            for (size_t i = 0; i < n; i++)
                scale = fmax(scale, fabs(values[i]));
            for (size_t i = 0; i < n; i++)
                ms += values[i] / scale;
            ms /= (double)n;
            for (size_t i = 0; i < n; i++)
                sss += (values[i] / scale - ms) * (values[i] / scale - ms);
            estimate = ms * scale;
            se = sqrt(sss / (double)(n - 1)) / sqrt((double)n) * scale;
        }
        if ((rc = critical_value(m->confidence, m->ci_method == VALUE_OUTCOME_CI_T ? (double)(n - 1) : 0, &crit)))
            return rc;
        lower = estimate - crit * se;
        upper = estimate + crit * se;
        if (!isfinite(lower) || !isfinite(upper)) {
            char e[32], t[32];
            value__format_double(estimate, e, sizeof e);
            value__format_double(se, t, sizeof t);
            return value__fail(VALUE_ERANGE, "the confidence limits of the mean overflow (mean %s, standard error %s)",
                               e, t);
        }
    }
    *out_estimate = estimate;
    *out_lower = lower;
    *out_upper = upper;
    return VALUE_OK;
}

int value_outcome_compare(const value_outcome *m, double a, double b, int *out)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out, "out")) ||
        (rc = value__check_finite(a, "a")) || (rc = value__check_finite(b, "b")))
        return rc;
    int higher = (a > b) - (a < b);
    *out = m->direction == VALUE_OUTCOME_HIGHER_IS_BETTER ? higher : -higher;
    return VALUE_OK;
}
