/*
 * QALYs and life years from a utility profile, discounted.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "discount.h"

#include <math.h>

/* (1 - e^-y) / y, continuous at y = 0: the integral of e^{-y x} over [0, 1]. */
static double e1(double y)
{
    return y == 0 ? 1.0 : -expm1(-y) / y;
}

/* (1 - e^-y (1 + y)) / y^2, the integral of x e^{-y x} over [0, 1].  Its
 * closed form cancels badly for small |y|, so use the series there:
 * sum_k (-y)^k / (k! (k + 2)), whose terms fall below 1e-17 by k = 10. */
static double e2(double y)
{
    if (fabs(y) >= 0.1)
        return (1 - exp(-y) * (1 + y)) / (y * y);
    double term = 1.0, sum = 0.0;
    for (int k = 0; k < 12; k++) {
        sum += term / (k + 2);
        term *= -y / (k + 1);
    }
    return sum;
}

/* The slope of u on observation interval i: 0 for step interpolation. */
static double slope(const double *t, const double *u, size_t i, int linear)
{
    return linear ? (u[i + 1] - u[i]) / (t[i + 1] - t[i]) : 0.0;
}

/* Continuous convention: integrate u(t) D(t) piece by piece, each piece
 * inside one observation interval and one rate segment, where u is linear
 * (slope m) and D is exp(L - force (t - s)):
 *   int_a^{a+h} (u_a + m x) D(a) e^{-force x} dx = D(a) (u_a h e1(force h) + m h^2 e2(force h)). */
static void continuous(const double *t, const double *u, size_t n, int linear, const value_discount *d,
                       double *qalys, double *life_years)
{
    double q = 0.0, ly = 0.0;
    for (size_t i = 0; i + 1 < n; i++) {
        double m = slope(t, u, i, linear), a = t[i];
        while (a < t[i + 1]) {
            double s, e, log_d, force;
            value__discount_segment(d, a, &s, &e, &log_d, &force);
            double b = fmin(t[i + 1], e), h = b - a, y = force * h;
            double d_a = exp(log_d - force * (a - s)), u_a = u[i] + m * (a - t[i]);
            q += d_a * (u_a * h * e1(y) + m * h * h * e2(y));
            ly += d_a * h * e1(y);
            a = b;
        }
    }
    *qalys = q;
    *life_years = ly;
}

/* Per-period convention: the (undiscounted) area in each period
 * [k/p, (k+1)/p) times that period's discount factor. */
static int per_period(const double *t, const double *u, size_t n, int linear, const value_discount *d,
                      double *qalys, double *life_years)
{
    double p, timing;
    value_discount_get(d, VALUE_DISCOUNT_PERIODS_PER_YEAR, &p);
    value_discount_get(d, VALUE_DISCOUNT_TIMING, &timing);
    double offset = value__discount_timing_offset((int)timing);
    double q = 0.0, ly = 0.0;
    int rc;
    for (size_t i = 0; i + 1 < n; i++) {
        double m = slope(t, u, i, linear), a = t[i];
        while (a < t[i + 1]) {
            double k = floor(a * p), period_end = (k + 1) / p;
            if (period_end <= a) /* a sits on a boundary that rounding put below it */
                period_end = (++k + 1) / p;
            double b = fmin(t[i + 1], period_end), h = b - a, f;
            if ((rc = value_discount_factor(d, (k + offset) / p, &f)))
                return rc;
            double u_a = u[i] + m * (a - t[i]), u_b = u[i] + m * (b - t[i]);
            q += f * 0.5 * (u_a + u_b) * h;
            ly += f * h;
            a = b;
        }
    }
    *qalys = q;
    *life_years = ly;
    return VALUE_OK;
}

int value_qaly_profile(const double *times, const double *utilities, size_t n, value_qaly_interp interp,
                       const value_discount *d, value_qaly_discounting discounting, double *out_qalys,
                       double *out_life_years)
{
    int rc;
    if ((rc = value__check_array(times, n, 2, "times", "n")) || (rc = value__check_array(utilities, n, 2, "utilities", "n")) ||
        (rc = value__check_ptr(d, "d")) || (rc = value__check_ptr(out_qalys, "out_qalys")) ||
        (rc = value__check_ptr(out_life_years, "out_life_years")))
        return rc;
    if (interp != VALUE_QALY_STEP && interp != VALUE_QALY_LINEAR)
        return value__fail(VALUE_EINVAL, "interp must be VALUE_QALY_STEP (0) or VALUE_QALY_LINEAR (1), got %d", (int)interp);
    if (discounting != VALUE_QALY_CONTINUOUS && discounting != VALUE_QALY_PER_PERIOD)
        return value__fail(VALUE_EINVAL, "discounting must be VALUE_QALY_CONTINUOUS (0) or VALUE_QALY_PER_PERIOD (1), got %d",
                           (int)discounting);
    if (times[0] < 0)
        return value__fail(VALUE_EINVAL, "times[0] must be >= 0, got %.17g", times[0]);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && !(times[i] > times[i - 1]))
            return value__fail(VALUE_EINVAL, "times must increase strictly: times[%zu] = %.17g after %.17g", i, times[i],
                               times[i - 1]);
        if (utilities[i] < -1 || utilities[i] > 1)
            return value__fail(VALUE_EINVAL, "utilities[%zu] is %.17g, outside [-1, 1]", i, utilities[i]);
    }
    int linear = interp == VALUE_QALY_LINEAR;
    double q, ly;
    if (discounting == VALUE_QALY_CONTINUOUS)
        continuous(times, utilities, n, linear, d, &q, &ly);
    else if ((rc = per_period(times, utilities, n, linear, d, &q, &ly)))
        return rc;
    if (!isfinite(q) || !isfinite(ly))
        return value__fail(VALUE_ERANGE, "discounted QALYs overflow (a rate near -1 over a long profile)");
    *out_qalys = q;
    *out_life_years = ly;
    return VALUE_OK;
}
