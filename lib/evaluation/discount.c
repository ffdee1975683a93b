/*
 * Discounting money and health over time.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "discount.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct rate_step {
    double from_year;
    double rate;
} rate_step;

struct value_discount {
    double rate;           /* rate from year 0 to the first step */
    int timing;            /* value_discount_timing */
    int periods_per_year;
    size_t n_steps;
    rate_step *steps;      /* sorted by from_year, strictly increasing */
};

static int check_rate(double rate, const char *name)
{
    int rc = value__check_finite(rate, name);
    if (rc)
        return rc;
    if (rate <= -1.0)
        return value__fail(VALUE_EINVAL, "%s must be greater than -1, got %.17g", name, rate);
    return VALUE_OK;
}

static int check_timing(double v, const char *name)
{
    if (!(v == VALUE_DISCOUNT_END || v == VALUE_DISCOUNT_START || v == VALUE_DISCOUNT_MID)) {
        char s[32];
        value__format_double(v, s, sizeof s);
        return value__fail(VALUE_EINVAL, "%s must be VALUE_DISCOUNT_END (0), _START (1) or _MID (2), got %s", name, s);
    }
    return VALUE_OK;
}

double value__discount_timing_offset(int timing)
{
    switch (timing) {
    case VALUE_DISCOUNT_START: return 0.0;
    case VALUE_DISCOUNT_MID: return 0.5;
    default: return 1.0;
    }
}

/* D(t) = exp(sum_k -len_k * log1p(r_k)); log1p keeps small rates exact.
 * The cursor walks increasing times through the rate segments, so a stream
 * costs one log1p per segment and one exp per flow. */
typedef struct segment_cursor {
    const value_discount *d;
    size_t next_step;   /* index of the first step not yet entered */
    double start;       /* start time of the current segment */
    double expo_start;  /* log D(start) */
    double rate;        /* annual rate of the current segment */
    double log_v;       /* -log1p(rate) */
} segment_cursor;

static void cursor_init(segment_cursor *c, const value_discount *d)
{
    c->d = d;
    c->next_step = 0;
    c->start = 0.0;
    c->expo_start = 0.0;
    c->rate = d->rate;
    c->log_v = -log1p(d->rate);
}

/* D(t) for t no smaller than any earlier call's t. */
static int cursor_factor(segment_cursor *c, double t, double *out)
{
    const value_discount *d = c->d;
    while (c->next_step < d->n_steps && d->steps[c->next_step].from_year < t) {
        const rate_step *s = &d->steps[c->next_step++];
        c->expo_start += (s->from_year - c->start) * c->log_v;
        c->start = s->from_year;
        c->rate = s->rate;
        c->log_v = -log1p(s->rate);
    }
    double f = exp(c->expo_start + (t - c->start) * c->log_v);
    if (isinf(f))
        return value__fail(VALUE_ERANGE, "discount factor at t = %.17g overflows (annual rate %.17g)", t,
                           c->rate);
    *out = f;
    return VALUE_OK;
}

void value__discount_segment(const value_discount *d, double t, double *start, double *end, double *log_d_start,
                             double *force)
{
    double s = 0.0, log_d = 0.0, rate = d->rate;
    size_t k = 0;
    for (; k < d->n_steps && d->steps[k].from_year <= t; k++) {
        log_d -= (d->steps[k].from_year - s) * log1p(rate);
        s = d->steps[k].from_year;
        rate = d->steps[k].rate;
    }
    *start = s;
    *end = k < d->n_steps ? d->steps[k].from_year : HUGE_VAL;
    *log_d_start = log_d;
    *force = log1p(rate);
}

int value_discount_new(double rate, value_discount **out)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")) || (rc = check_rate(rate, "rate")))
        return rc;
    value_discount *d = calloc(1, sizeof *d);
    if (d == NULL)
        return value__fail(VALUE_ENOMEM, "value_discount_new: out of memory");
    d->rate = rate;
    d->timing = VALUE_DISCOUNT_END;
    d->periods_per_year = 1;
    *out = d;
    return VALUE_OK;
}

int value__discount_copy(const value_discount *d, value_discount **out)
{
    int rc = value__check_ptr(d, "discount");
    if (rc)
        return rc;
    value_discount *c = calloc(1, sizeof *c);
    rate_step *steps = d->n_steps ? malloc(d->n_steps * sizeof *steps) : NULL;
    if (c == NULL || (d->n_steps && steps == NULL)) {
        free(c);
        free(steps);
        return value__fail(VALUE_ENOMEM, "copying a discount scheme: out of memory");
    }
    *c = *d;
    if (d->n_steps)
        memcpy(steps, d->steps, d->n_steps * sizeof *steps);
    c->steps = steps;
    *out = c;
    return VALUE_OK;
}

void value_discount_free(value_discount *d)
{
    if (d == NULL)
        return;
    free(d->steps);
    free(d);
}

int value_discount_set(value_discount *d, value_discount_param param, double v)
{
    int rc;
    if ((rc = value__check_ptr(d, "d")))
        return rc;
    switch (param) {
    case VALUE_DISCOUNT_RATE:
        if ((rc = check_rate(v, "VALUE_DISCOUNT_RATE")))
            return rc;
        d->rate = v;
        return VALUE_OK;
    case VALUE_DISCOUNT_TIMING:
        if ((rc = check_timing(v, "VALUE_DISCOUNT_TIMING")))
            return rc;
        d->timing = (int)v;
        return VALUE_OK;
    case VALUE_DISCOUNT_PERIODS_PER_YEAR:
        if (!(v >= 1 && v <= 366 && v == floor(v))) {
            char s[32];
            value__format_double(v, s, sizeof s);
            return value__fail(VALUE_EINVAL, "VALUE_DISCOUNT_PERIODS_PER_YEAR must be a whole number from 1 to 366, got %s", s);
        }
        d->periods_per_year = (int)v;
        return VALUE_OK;
    }
    return value__fail(VALUE_EINVAL, "param %d is not a value_discount_param", (int)param);
}

int value_discount_get(const value_discount *d, value_discount_param param, double *out)
{
    int rc;
    if ((rc = value__check_ptr(d, "d")) || (rc = value__check_ptr(out, "out")))
        return rc;
    switch (param) {
    case VALUE_DISCOUNT_RATE: *out = d->rate; return VALUE_OK;
    case VALUE_DISCOUNT_TIMING: *out = d->timing; return VALUE_OK;
    case VALUE_DISCOUNT_PERIODS_PER_YEAR: *out = d->periods_per_year; return VALUE_OK;
    }
    return value__fail(VALUE_EINVAL, "param %d is not a value_discount_param", (int)param);
}

int value_discount_add_step(value_discount *d, double from_year, double rate)
{
    int rc;
    if ((rc = value__check_ptr(d, "d")) || (rc = value__check_finite(from_year, "from_year")) ||
        (rc = check_rate(rate, "rate")))
        return rc;
    if (from_year <= 0)
        return value__fail(VALUE_EINVAL, "from_year must be greater than 0, got %.17g", from_year);
    size_t pos = 0;
    while (pos < d->n_steps && d->steps[pos].from_year < from_year)
        pos++;
    if (pos < d->n_steps && d->steps[pos].from_year == from_year) {
        d->steps[pos].rate = rate;
        return VALUE_OK;
    }
    rate_step *grown = realloc(d->steps, (d->n_steps + 1) * sizeof *grown);
    if (grown == NULL)
        return value__fail(VALUE_ENOMEM, "value_discount_add_step: out of memory");
    d->steps = grown;
    memmove(grown + pos + 1, grown + pos, (d->n_steps - pos) * sizeof *grown);
    grown[pos].from_year = from_year;
    grown[pos].rate = rate;
    d->n_steps++;
    return VALUE_OK;
}

int value_discount_factor(const value_discount *d, double t, double *out)
{
    int rc;
    if ((rc = value__check_ptr(d, "d")) || (rc = value__check_ptr(out, "out")) ||
        (rc = value__check_finite(t, "t")))
        return rc;
    if (t < 0)
        return value__fail(VALUE_EINVAL, "t must be >= 0, got %.17g", t);
    segment_cursor c;
    cursor_init(&c, d);
    return cursor_factor(&c, t, out);
}

static double flow_time(const value_discount *d, size_t i)
{
    return ((double)i + value__discount_timing_offset(d->timing)) / d->periods_per_year;
}

int value_discount_factors(const value_discount *d, double *out, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(d, "d")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (out_len == 0)
        return value__fail(VALUE_EINVAL, "out_len must be at least 1, got 0");
    /* Compute into out directly: on failure its contents are unspecified,
     * but no handle or state changes. */
    segment_cursor c;
    cursor_init(&c, d);
    for (size_t i = 0; i < out_len; i++)
        if ((rc = cursor_factor(&c, flow_time(d, i), &out[i])))
            return rc;
    return VALUE_OK;
}

int value_discount_pv(const value_discount *d, const double *flows, size_t n, double *out)
{
    int rc;
    if ((rc = value__check_ptr(d, "d")) || (rc = value__check_array(flows, n, 1, "flows", "n")) ||
        (rc = value__check_ptr(out, "out")))
        return rc;
    segment_cursor c;
    cursor_init(&c, d);
    double pv = 0.0, f;
    for (size_t i = 0; i < n; i++) {
        if ((rc = cursor_factor(&c, flow_time(d, i), &f)))
            return rc;
        pv += flows[i] * f;
    }
    if (!isfinite(pv))
        return value__fail(VALUE_ERANGE, "present value of flows overflows");
    *out = pv;
    return VALUE_OK;
}

int value_discount_pv_rate(const double *flows, size_t n, double rate, value_discount_timing timing, double *out)
{
    int rc;
    if ((rc = value__check_array(flows, n, 1, "flows", "n")) || (rc = check_rate(rate, "rate")) ||
        (rc = check_timing((double)timing, "timing")) || (rc = value__check_ptr(out, "out")))
        return rc;
    value_discount d = {rate, (int)timing, 1, 0, NULL};
    return value_discount_pv(&d, flows, n, out);
}

/* ---- internal rate of return ------------------------------------------ */

typedef struct irr_problem {
    const double *flows;
    size_t n;
    double scale; /* 1 / max|flow|: the root does not depend on scale, and
                     scaling keeps the sum from overflowing */
} irr_problem;

/* The scaled NPV at r > -1.  Near r = -1 the discount factors of late
 * flows, (1 + r)^-i, overflow; the NPV is then taken divided by its
 * largest term's size, which has the same sign and the same root (the
 * root search needs only signs and finite values). */
static double npv_at(double r, void *params)
{
    const irr_problem *p = params;
    double lv = -log1p(r), s = 0.0;
    for (size_t i = 0; i < p->n; i++)
        if (p->flows[i] != 0.0)
            s += p->flows[i] * p->scale * exp((double)i * lv);
    if (isfinite(s))
        return s;
    double top = -INFINITY;
    for (size_t i = 0; i < p->n; i++)
        if (p->flows[i] != 0.0)
            top = fmax(top, log(fabs(p->flows[i] * p->scale)) + (double)i * lv);
    s = 0.0;
    for (size_t i = 0; i < p->n; i++)
        if (p->flows[i] != 0.0)
            s += copysign(exp(log(fabs(p->flows[i] * p->scale)) + (double)i * lv - top), p->flows[i]);
    return s;
}

static int sign_of(double x)
{
    return (x > 0) - (x < 0);
}

static int npv_not_finite(double r, double f)
{
    char t[32];
    value__format_double(r, t, sizeof t);
    return value__fail(isnan(f) ? VALUE_ENUMERIC : VALUE_ERANGE,
                       "value_discount_irr: the net present value at rate %s is not a finite number", t);
}

/*
 * Brent's method on [lo, hi], where npv_at changes sign: GSL's
 * gsl_root_fsolver_brent (roots/brent.c, GSL 2.7) step for step, iterated
 * until gsl_root_test_interval(lower, upper, 1e-15, 1e-15) would succeed,
 * for at most 200 iterations.  It is written out here because GSL's solver
 * reports a failed allocation or a non-finite function value through
 * GSL's error handler, which the host may have set to abort (see
 * lib/core/gsl_guard.c).
 */
static int brent(const irr_problem *prob, double lo, double hi, double *out)
{
    double a = lo, b = hi, c = hi, fa = npv_at(lo, (void *)prob), fb = npv_at(hi, (void *)prob), fc = fb;
    double d = hi - lo, e = hi - lo;
    if (!isfinite(fa))
        return npv_not_finite(lo, fa);
    if (!isfinite(fb))
        return npv_not_finite(hi, fb);
    for (int iter = 0; iter < 200; iter++) {
        int ac_equal = 0;
        if ((fb < 0 && fc < 0) || (fb > 0 && fc > 0)) {
            ac_equal = 1;
            c = a;
            fc = fa;
            d = e = b - a;
        }
        if (fabs(fc) < fabs(fb)) {
            ac_equal = 1;
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        double tol = 0.5 * DBL_EPSILON * fabs(b), m = 0.5 * (c - b);
        if (fb == 0 || fabs(m) <= tol) {
            *out = b;
            return VALUE_OK;
        }
        if (fabs(e) < tol || fabs(fa) <= fabs(fb)) {
            d = e = m; /* bisection */
        } else {
            double p, q, r, s = fb / fa; /* inverse quadratic interpolation, or secant */
            if (ac_equal) {
                p = 2 * m * s;
                q = 1 - s;
            } else {
                q = fa / fc;
                r = fb / fc;
                p = s * (2 * m * q * (q - r) - (b - a) * (r - 1));
                q = (q - 1) * (r - 1) * (s - 1);
            }
            if (p > 0)
                q = -q;
            else
                p = -p;
            if (2 * p < fmin(3 * m * q - fabs(tol * q), fabs(e * q))) {
                e = d;
                d = p / q;
            } else {
                d = e = m;
            }
        }
        a = b;
        fa = fb;
        b += fabs(d) > tol ? d : (m > 0 ? tol : -tol);
        fb = npv_at(b, (void *)prob);
        if (!isfinite(fb))
            return npv_not_finite(b, fb);
        /* the bracket [lower, upper] is b and c, or b and a */
        double other = (fb < 0 && fc < 0) || (fb > 0 && fc > 0) ? a : c;
        double lower = fmin(b, other), upper = fmax(b, other);
        double min_abs = (lower > 0 && upper > 0) || (lower < 0 && upper < 0) ? fmin(fabs(lower), fabs(upper)) : 0;
        if (fabs(upper - lower) < 1e-15 + 1e-15 * min_abs) {
            *out = b;
            return VALUE_OK;
        }
    }
    return value__fail(VALUE_ENOTCONV, "value_discount_irr: root search did not converge in 200 iterations");
}

int value_discount_irr(const double *flows, size_t n, double *out)
{
    int rc;
    if ((rc = value__check_array(flows, n, 2, "flows", "n")) || (rc = value__check_ptr(out, "out")))
        return rc;

    /* Descartes: one sign change in the flows <=> exactly one root r > -1. */
    size_t changes = 0;
    int first_sign = 0, last_sign = 0;
    double max_abs = 0.0;
    for (size_t i = 0; i < n; i++) {
        int s = sign_of(flows[i]);
        if (s == 0)
            continue;
        if (first_sign == 0)
            first_sign = s;
        else if (s != last_sign)
            changes++;
        last_sign = s;
        if (fabs(flows[i]) > max_abs)
            max_abs = fabs(flows[i]);
    }
    if (changes != 1)
        return value__fail(VALUE_EDOM,
                           "flows change sign %zu times; an internal rate of return needs exactly one sign change",
                           changes);

    irr_problem prob = {flows, n, 1.0 / max_abs};
    /* As r -> +inf the earliest nonzero flow dominates; as r -> -1 the
     * latest does.  Walk out from r = 0 towards the side of the root. */
    double lo, hi, f0 = npv_at(0.0, &prob);
    if (f0 == 0.0) {
        *out = 0.0;
        return VALUE_OK;
    }
    if (sign_of(f0) != first_sign) { /* root at r > 0 */
        lo = 0.0;
        hi = 1.0;
        while (sign_of(npv_at(hi, &prob)) != first_sign) {
            lo = hi;
            hi *= 2.0;
            if (isinf(hi))
                return value__fail(VALUE_ERANGE, "the internal rate of return is too large to represent");
        }
    } else { /* root at -1 < r < 0 */
        hi = 0.0;
        double gap = 0.5; /* lo = -1 + gap */
        lo = -0.5;
        while (sign_of(npv_at(lo, &prob)) != last_sign) {
            hi = lo;
            gap *= 0.5;
            lo = -1.0 + gap;
            if (gap < 1e-300)
                return value__fail(VALUE_ERANGE, "the internal rate of return is too close to -1 to represent");
        }
    }

    double root = 0;
    if ((rc = brent(&prob, lo, hi, &root)))
        return rc;
    *out = root;
    return VALUE_OK;
}
