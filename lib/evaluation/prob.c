/*
 * Probability helpers: rates, cycle lengths and treatment effects.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The formulas are those of value.h (Briggs, Claxton & Sculpher 2006,
 * ch. 3).  They are evaluated through log1p and expm1: 1 - exp(-rt) and
 * -log(1 - p) computed directly lose most of their digits when rt or p is
 * small (a monthly probability of 1e-9 would keep about 7 digits), while
 * log1p(-p) and -expm1(x) keep full relative precision.  Every function
 * writes its output only on success.
 */
#include "core/internal.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int check_out(const double *out)
{
    return value__check_ptr(out, "out");
}

/* x finite and >= 0 (or > 0 when strict). */
static int check_nonneg(double x, const char *name, int strict)
{
    int rc = value__check_finite(x, name);
    if (rc)
        return rc;
    if (strict ? x <= 0 : x < 0) {
        char v[32];
        value__format_double(x, v, sizeof v);
        return value__fail(VALUE_EINVAL, "%s must be %s, got %s", name, strict ? "> 0" : ">= 0", v);
    }
    return VALUE_OK;
}

/* p in [0, 1], or in [0, 1) when p = 1 has no finite answer. */
static int check_prob(double p, int allow_one)
{
    int rc = value__check_finite(p, "p");
    if (rc)
        return rc;
    if (!(p >= 0 && (allow_one ? p <= 1 : p < 1))) {
        char v[32];
        value__format_double(p, v, sizeof v);
        return value__fail(VALUE_EINVAL, "p must be in [0, 1%s, got %s", allow_one ? "]" : ")", v);
    }
    return VALUE_OK;
}

/* The checks of a treatment effect applied to p: p a probability, the
 * effect (relative risk, odds ratio or hazard ratio) finite and >= 0.
 * Where p = 1 stands for an infinite quantity (`infinite`: odds, a
 * cumulative hazard; NULL: none), an effect of 0 times it has no value. */
static int check_effect(double p, double effect, const char *name, const char *infinite, const double *out)
{
    int rc;
    if ((rc = check_prob(p, 1)) || (rc = check_nonneg(effect, name, 0)) || (rc = check_out(out)))
        return rc;
    if (infinite != NULL && p == 1 && effect == 0)
        return value__fail(VALUE_EINVAL, "%s 0 with p 1 is undefined (zero times %s)", name, infinite);
    return VALUE_OK;
}

int value_prob_from_rate(double rate, double t, double *out)
{
    int rc;
    if ((rc = check_nonneg(rate, "rate", 0)) || (rc = check_nonneg(t, "t", 0)) || (rc = check_out(out)))
        return rc;
    /* rate * t may overflow to +Inf; -expm1(-Inf) is then exactly 1. */
    *out = -expm1(-rate * t);
    return VALUE_OK;
}

int value_prob_to_rate(double p, double t, double *out)
{
    int rc;
    if ((rc = check_prob(p, 0)) || (rc = check_nonneg(t, "t", 1)) || (rc = check_out(out)))
        return rc;
    double r = -log1p(-p) / t;
    if (isinf(r)) { /* a subnormal t */
        char vp[32], vt[32];
        value__format_double(p, vp, sizeof vp);
        value__format_double(t, vt, sizeof vt);
        return value__fail(VALUE_ERANGE, "the rate for p %s over t %s is too large to represent", vp, vt);
    }
    *out = r;
    return VALUE_OK;
}

int value_prob_rescale(double p, double from_t, double to_t, double *out)
{
    int rc;
    if ((rc = check_prob(p, 1)) || (rc = check_nonneg(from_t, "from_t", 1)) || (rc = check_nonneg(to_t, "to_t", 0)) ||
        (rc = check_out(out)))
        return rc;
    /* Nothing happens in no time, and nothing comes of a zero probability;
     * handled first because 0 * log1p(-1) and Inf * log1p(-0) are NaN. */
    if (p == 0 || to_t == 0) {
        *out = 0;
        return VALUE_OK;
    }
    /* A certain event stays certain over any positive time: handled here
     * because log1p(-1) is -Inf, and to_t / from_t can underflow to 0. */
    if (p == 1) {
        *out = 1;
        return VALUE_OK;
    }
    *out = -expm1((to_t / from_t) * log1p(-p));
    return VALUE_OK;
}

int value_prob_apply_rr(double p, double rr, double *out)
{
    int rc;
    if ((rc = check_effect(p, rr, "rr", NULL, out)))
        return rc;
    double r = rr * p;
    /* A relative risk computed as a ratio of probabilities (rr = p1 / p)
     * can give p1 a few units in the last place above 1; that is 1. */
    if (r > 1 && r <= 1 + 4 * DBL_EPSILON)
        r = 1;
    if (r > 1) {
        char vp[32], vr[32], vo[32];
        value__format_double(p, vp, sizeof vp);
        value__format_double(rr, vr, sizeof vr);
        value__format_double(r, vo, sizeof vo);
        return value__fail(VALUE_EDOM, "rr %s times p %s gives %s, which is not a probability (> 1)", vr, vp, vo);
    }
    *out = r;
    return VALUE_OK;
}

int value_prob_apply_or(double p, double odds_ratio, double *out)
{
    int rc;
    if ((rc = check_effect(p, odds_ratio, "odds_ratio", "infinite odds", out)))
        return rc;
    *out = odds_ratio * p / (1 - p + odds_ratio * p);
    return VALUE_OK;
}

int value_prob_apply_hr(double p, double hr, double *out)
{
    int rc;
    if ((rc = check_effect(p, hr, "hr", "an infinite cumulative hazard", out)))
        return rc;
    /* 1 - (1 - p)^HR = -expm1(HR log(1 - p)); log1p(-1) = -Inf gives 1. */
    *out = -expm1(hr * log1p(-p));
    return VALUE_OK;
}
