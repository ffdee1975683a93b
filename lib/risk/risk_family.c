/*
 * The GLM families of the risk models, as R's (stats/src/family.c and
 * make.link(), the families' initialize, dev.resids and aic): binomial
 * with the logit link, Poisson and gamma with the log link, Gaussian with
 * the identity.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like R's family objects, every function works on a run of rows, so
 * that the IRLS passes (risk_irls.c) pay one switch on the family per run
 * rather than one per row.  R's link functions are copied with their
 * clamps (logit: eta beyond +-30 maps to eps/(1+eps) or 1/(1+eps), with
 * d mu/d eta = eps there; log: exp(eta) >= DBL_EPSILON), so that fits and
 * predictions agree with R's to rounding.  Prior weights w may be NULL
 * (all 1), offsets NULL (all 0).  Sums run over the rows in order.
 */
#include "risk.h"
#include "core/rmath.h"

#include <float.h>

#define LOGIT_THRESH 30.0
#define TWO_PI 6.283185307179586476925286766559

const char *value__family_name(value_risk_family f)
{
    switch (f) {
    case VALUE_RISK_BINOMIAL: return "binomial";
    case VALUE_RISK_POISSON: return "Poisson";
    case VALUE_RISK_GAUSSIAN: return "Gaussian";
    case VALUE_RISK_GAMMA: return "gamma";
    default: return NULL;
    }
}

/* ---- links --------------------------------------------------------------------- */

void value__family_linkfun(value_risk_family f, const double *mu, double *eta, size_t n)
{
    switch (f) {
    case VALUE_RISK_BINOMIAL:
        for (size_t i = 0; i < n; i++)
            eta[i] = log(mu[i] / (1.0 - mu[i]));
        break;
    case VALUE_RISK_GAUSSIAN:
        for (size_t i = 0; i < n; i++)
            eta[i] = mu[i];
        break;
    default:
        for (size_t i = 0; i < n; i++)
            eta[i] = log(mu[i]);
        break;
    }
}

void value__family_linkinv(value_risk_family f, const double *eta, double *mu, size_t n)
{
    switch (f) {
    case VALUE_RISK_BINOMIAL:
        for (size_t i = 0; i < n; i++) {
            double e = eta[i];
            double t = e < -LOGIT_THRESH ? DBL_EPSILON : e > LOGIT_THRESH ? 1.0 / DBL_EPSILON : exp(e);
            mu[i] = t / (1.0 + t);
        }
        break;
    case VALUE_RISK_GAUSSIAN:
        for (size_t i = 0; i < n; i++)
            mu[i] = eta[i];
        break;
    default:
        for (size_t i = 0; i < n; i++)
            mu[i] = fmax(exp(eta[i]), DBL_EPSILON);
        break;
    }
}

void value__family_mu_eta(value_risk_family f, const double *eta, double *out, size_t n)
{
    switch (f) {
    case VALUE_RISK_BINOMIAL:
        for (size_t i = 0; i < n; i++) {
            double e = eta[i];
            if (e > LOGIT_THRESH || e < -LOGIT_THRESH) {
                out[i] = DBL_EPSILON;
            } else {
                double ex = exp(e), opexp = 1.0 + ex;
                out[i] = ex / (opexp * opexp);
            }
        }
        break;
    case VALUE_RISK_GAUSSIAN:
        for (size_t i = 0; i < n; i++)
            out[i] = 1.0;
        break;
    default:
        for (size_t i = 0; i < n; i++)
            out[i] = fmax(exp(eta[i]), DBL_EPSILON);
        break;
    }
}

/* ---- variance, IRLS working values, starting values -------------------------------- */

static inline double variance(value_risk_family f, double mu)
{
    switch (f) {
    case VALUE_RISK_BINOMIAL: return mu * (1.0 - mu);
    case VALUE_RISK_POISSON: return mu;
    case VALUE_RISK_GAUSSIAN: return 1.0;
    default: return mu * mu;
    }
}

/* d mu / d eta from mu and eta, without exp(): mu (1 - mu) for the logit
 * (R's clamp beyond +-30 kept), mu for the log link. */
static inline double mu_eta_mu(value_risk_family f, double eta, double mu)
{
    switch (f) {
    case VALUE_RISK_BINOMIAL: return eta > LOGIT_THRESH || eta < -LOGIT_THRESH ? DBL_EPSILON : mu * (1.0 - mu);
    case VALUE_RISK_GAUSSIAN: return 1.0;
    default: return mu;
    }
}

/* One loop per family: with f a constant the compiler drops the switches. */
#define WORKING_LOOP(F)                                                          \
    for (size_t i = 0; i < n; i++) {                                             \
        double e = eta[i], m = mu[i], me = mu_eta_mu(F, e, m);                   \
        wt[i] = (w ? w[i] : 1.0) * me * me / variance(F, m);                     \
        z[i] = (e - (off ? off[i] : 0.0)) + (y[i] - m) / me;                     \
    }

void value__family_working(value_risk_family f, const double *eta, const double *mu, const double *y,
                           const double *w, const double *off, size_t n, double *wt, double *z)
{
    switch (f) {
    case VALUE_RISK_BINOMIAL: WORKING_LOOP(VALUE_RISK_BINOMIAL) break;
    case VALUE_RISK_POISSON: WORKING_LOOP(VALUE_RISK_POISSON) break;
    case VALUE_RISK_GAUSSIAN: WORKING_LOOP(VALUE_RISK_GAUSSIAN) break;
    default: WORKING_LOOP(VALUE_RISK_GAMMA) break;
    }
}

void value__family_mustart(value_risk_family f, const double *y, const double *w, size_t n, double *mu)
{
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1.0;
        if (f == VALUE_RISK_BINOMIAL)
            mu[i] = (wi * y[i] + 0.5) / (wi + 1.0);
        else if (f == VALUE_RISK_POISSON)
            mu[i] = y[i] + 0.1;
        else
            mu[i] = y[i];
    }
}

double value__family_pearson(value_risk_family f, const double *y, const double *mu, const double *w, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1.0;
        if (wi > 0) {
            double r = y[i] - mu[i];
            s += wi * r * r / variance(f, mu[i]);
        }
    }
    return s;
}

/* ---- deviance ------------------------------------------------------------------------ */

/* The deviance residual of one observation with prior weight w. */
static inline double dev_resid(value_risk_family f, double y, double mu, double w)
{
    switch (f) {
    case VALUE_RISK_BINOMIAL: return 2.0 * w * (y != 0 ? -log(mu) : -log(1.0 - mu)); /* y is 0 or 1 */
    case VALUE_RISK_POISSON: return y > 0 ? 2.0 * w * (y * log(y / mu) - (y - mu)) : 2.0 * mu * w;
    case VALUE_RISK_GAUSSIAN: return w * (y - mu) * (y - mu);
    default: return -2.0 * w * (log(y / mu) - (y - mu) / mu);
    }
}

#define DEVIANCE_LOOP(F)                                                         \
    for (size_t i = 0; i < n; i++) {                                             \
        double wi = w ? w[i] : 1.0;                                              \
        if (wi > 0)                                                              \
            s += dev_resid(F, y[i], mu[i], wi);                                  \
    }

double value__family_deviance(value_risk_family f, const double *y, const double *mu, const double *w, size_t n)
{
    double s = 0;
    switch (f) {
    case VALUE_RISK_BINOMIAL: DEVIANCE_LOOP(VALUE_RISK_BINOMIAL) break;
    case VALUE_RISK_POISSON: DEVIANCE_LOOP(VALUE_RISK_POISSON) break;
    case VALUE_RISK_GAUSSIAN: DEVIANCE_LOOP(VALUE_RISK_GAUSSIAN) break;
    default: DEVIANCE_LOOP(VALUE_RISK_GAMMA) break;
    }
    return s;
}

/* ---- AIC --------------------------------------------------------------------------- */

/* log dgamma(x; shape, scale), x > 0, R's dgamma(log = TRUE). */
static double log_dgamma(double x, double shape, double scale)
{
    if (shape < 1)
        return value__dpois_raw(shape, x / scale, true) + log(shape / x);
    return value__dpois_raw(shape - 1, x / scale, true) - log(scale);
}

double value__family_aic(value_risk_family f, const double *y, const double *mu, const double *w, size_t n,
                         double dev, size_t n_pos)
{
    double s = 0;
    switch (f) {
    case VALUE_RISK_BINOMIAL:
        for (size_t i = 0; i < n; i++) {
            double wi = w ? w[i] : 1.0;
            if (wi > 0)
                s += value__dbinom_raw(nearbyint(wi * y[i]), nearbyint(wi), mu[i], 1.0 - mu[i], true);
        }
        return -2 * s;
    case VALUE_RISK_POISSON:
        for (size_t i = 0; i < n; i++) {
            double wi = w ? w[i] : 1.0;
            if (wi > 0)
                s += wi * value__dpois_raw(y[i], mu[i], true);
        }
        return -2 * s;
    case VALUE_RISK_GAUSSIAN: {
        double nobs = (double)n_pos;
        for (size_t i = 0; i < n; i++) {
            double wi = w ? w[i] : 1.0;
            if (wi > 0)
                s += log(wi);
        }
        return nobs * (log(dev / nobs * TWO_PI) + 1) + 2 - s;
    }
    default: {
        double sw = 0;
        for (size_t i = 0; i < n; i++)
            sw += w ? w[i] : 1.0;
        double disp = dev / sw;
        for (size_t i = 0; i < n; i++) {
            double wi = w ? w[i] : 1.0;
            if (wi > 0)
                s += wi * log_dgamma(y[i], 1 / disp, mu[i] * disp);
        }
        return -2 * s + 2;
    }
    }
}
