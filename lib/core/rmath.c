/*
 * R's saddle-point densities (see rmath.h): one port for every module, so
 * that the risk models' AIC and the funnels' exact limits use the same
 * digits as R.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/rmath.h"

#include <float.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>

#define LN_SQRT_2PI 0.918938533204672741780329736406 /* log(sqrt(2 pi)) */
#define LN_2PI 1.837877066409345483560659472811      /* log(2 pi) */
#define TWO_PI 6.283185307179586476925286766559

/* log Gamma(x) for x > 0, NaN otherwise.  GSL's lngamma reaches its error
 * handler only for x = 0, a negative integer, NaN or a huge negative x
 * (lib/core/gsl_guard.c), none of which is passed to it. */
static double lngamma(double x)
{
    gsl_sf_result r;
    if (!(x > 0))
        return NAN;
    return gsl_sf_lngamma_e(x, &r) == 0 ? r.val : NAN;
}

/* stirlerr(k / 2) for k = 0..30 (R's sferr_halves; entry 0 is never
 * used).  These are exact to the digits given, where the log Gamma form
 * would cancel most of them. */
static const double SFERR_HALVES[31] = {
    0.0,
    0.1534264097200273452913848,   /* 0.5 */
    0.0810614667953272582196702,   /* 1.0 */
    0.0548141210519176538961390,   /* 1.5 */
    0.0413406959554092940938221,   /* 2.0 */
    0.03316287351993628748511048,  /* 2.5 */
    0.02767792568499833914878929,  /* 3.0 */
    0.02374616365629749597132920,  /* 3.5 */
    0.02079067210376509311152277,  /* 4.0 */
    0.01848845053267318523077934,  /* 4.5 */
    0.01664469118982119216319487,  /* 5.0 */
    0.01513497322191737887351255,  /* 5.5 */
    0.01387612882307074799874573,  /* 6.0 */
    0.01281046524292022692424986,  /* 6.5 */
    0.01189670994589177009505572,  /* 7.0 */
    0.01110455975820691732662991,  /* 7.5 */
    0.010411265261972096497478567, /* 8.0 */
    0.009799416126158803298389475, /* 8.5 */
    0.009255462182712732917728637, /* 9.0 */
    0.008768700134139385462952823, /* 9.5 */
    0.008330563433362871256469318, /* 10.0 */
    0.007934114564314020547248100, /* 10.5 */
    0.007573675487951840794972024, /* 11.0 */
    0.007244554301320383179543912, /* 11.5 */
    0.006942840107209529865664152, /* 12.0 */
    0.006665247032707682442354394, /* 12.5 */
    0.006408994188004207068439631, /* 13.0 */
    0.006171712263039457647532867, /* 13.5 */
    0.005951370112758847735624416, /* 14.0 */
    0.005746216513010115682023589, /* 14.5 */
    0.005554733551962801371038690, /* 15.0 */
};

double value__stirlerr(double n)
{
    /* 1/12, 1/360, 1/1260, 1/1680, 1/1188: Stirling's series */
    const double s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188;
    if (n <= 15.0) {
        double nn = n + n;
        if (nn == (int)nn)
            return SFERR_HALVES[(int)nn];
        return lngamma(n + 1.0) - (n + 0.5) * log(n) + n - LN_SQRT_2PI;
    }
    double nn = n * n;
    if (n > 500)
        return (s0 - s1 / nn) / n;
    if (n > 80)
        return (s0 - (s1 - s2 / nn) / nn) / n;
    if (n > 35)
        return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
    return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

double value__bd0(double x, double np)
{
    if (fabs(x - np) < 0.1 * (x + np)) {
        /* sum_j 2 x v^(2j+1) / (2j+1) with v = (x - np)/(x + np), |v| < 0.1 */
        double v = (x - np) / (x + np);
        double s = (x - np) * v;
        if (fabs(s) < DBL_MIN)
            return s;
        double ej = 2 * x * v;
        v *= v;
        for (int j = 1; j < 1000; j++) {
            ej *= v;
            double s1 = s + ej / (2 * j + 1);
            if (s1 == s)
                return s1;
            s = s1;
        }
    }
    return x * log(x / np) + np - x;
}

double value__dpois_raw(double x, double lambda, bool give_log)
{
    if (x <= lambda * DBL_MIN)
        return give_log ? -lambda : exp(-lambda);
    if (lambda < x * DBL_MIN) {
        double l = -lambda + x * log(lambda) - lngamma(x + 1);
        return give_log ? l : exp(l);
    }
    /* R's R_D_fexp(2 pi x, -stirlerr(x) - bd0(x, lambda)) */
    double f = TWO_PI * x, e = -value__stirlerr(x) - value__bd0(x, lambda);
    return give_log ? -0.5 * log(f) + e : exp(e) / sqrt(f);
}

double value__dbinom_raw(double x, double n, double p, double q, bool give_log)
{
    double lc;
    if (p == 0)
        return x == 0 ? (give_log ? 0 : 1) : (give_log ? -INFINITY : 0);
    if (q == 0)
        return x == n ? (give_log ? 0 : 1) : (give_log ? -INFINITY : 0);
    if (x == 0) {
        if (n == 0)
            return give_log ? 0 : 1;
        lc = p < 0.1 ? -value__bd0(n, n * q) - n * p : n * log(q);
    } else if (x == n) {
        lc = q < 0.1 ? -value__bd0(n, n * p) - n * q : n * log(p);
    } else {
        lc = value__stirlerr(n) - value__stirlerr(x) - value__stirlerr(n - x) - value__bd0(x, n * p) -
             value__bd0(n - x, n * q);
        /* log(2 pi x (n - x) / n), in the form that keeps x << n accurate */
        double lf = LN_2PI + log(x) + log1p(-x / n);
        lc -= 0.5 * lf;
    }
    return give_log ? lc : exp(lc);
}
