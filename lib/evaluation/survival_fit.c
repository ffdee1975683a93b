/*
 * Parametric survival fits: accelerated failure time models for
 * right-censored data, parameterised as R's survival::survreg, fitted by
 * maximum likelihood; predictions with delta-method standard errors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Model (survreg): log T = x'beta + sigma W, where W has the standard
 * extreme-value (Weibull, exponential with sigma = 1), normal (lognormal)
 * or logistic (log-logistic) distribution.  With z = (log t - x'beta)/sigma
 * the log-likelihood on the t scale (as survreg's loglik) is
 *   sum_events [log f0(z) - log sigma - log t] + sum_censored log S0(z).
 * The parameters are theta = (beta, s = log sigma).  Newton-Raphson on theta
 * with the exact observed information, step halving when the
 * log-likelihood falls, a Levenberg shift when the information is not
 * positive definite; convergence when the Newton decrement g'H^-1 g falls
 * below tolerance x (|loglik| + 0.1) (survreg's rule is a relative change
 * in loglik below 1e-9), after which one more full Newton step is taken,
 * so the estimates are accurate far beyond the tolerance.
 *
 * Gompertz (flexsurv's parameterisation, a proportional-hazards model):
 * h(t) = b e^{a t} with log b = gamma0 + x'gamma; theta = (gamma, a), the
 * shape a last where the AFT models have log sigma.  H(t) = b G(a, t) with
 * G = (e^{a t} - 1)/a (= t at a = 0), so per observation
 *   l = d (log b + a t) - b G,  dl/dgamma = x (d - b G),  dl/da = d t - b G_a,
 *   -d2l/dgamma2 = b G x x',  -d2l/dgamma da = b G_a x,  -d2l/da2 = b G_aa.
 *
 * Per observation, with g the log density (event) or log survival
 * (censored) of z, dz/dbeta = -x/sigma and dz/ds = -z:
 *   dl/dbeta = -g' x / sigma,         dl/ds = -z g' - d,
 *   d2l/dbeta2 = g'' x x' / sigma^2,   d2l/dbeta ds = x (z g'' + g') / sigma,
 *   d2l/ds2 = z g' + z^2 g''.
 */
#include "core/internal.h"
#include "core/linalg.h"

#include <gsl/gsl_cdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITER_CAP 1000
#define MAX_COLS 10000
#define HALVINGS 40
#define LOG_SQRT_2PI 0.918938533204672741780329736406

struct value_survival_fit {
    value_survival_fit_dist dist;
    size_t n_cols, n_par; /* n_par = n_cols + 1 (+ 1 for log sigma unless exponential) */
    int max_iter;
    double tolerance;
    bool fitted;
    double *theta, *cov; /* n_par, n_par^2 */
    double loglik, aic, bic;
    int iterations;
    size_t n_obs, n_events;
};

static bool has_scale(value_survival_fit_dist d)
{
    return d != VALUE_SURVIVAL_FIT_EXPONENTIAL;
}

static const char *dist_name(int d)
{
    switch (d) {
    case VALUE_SURVIVAL_FIT_EXPONENTIAL: return "exponential";
    case VALUE_SURVIVAL_FIT_WEIBULL: return "Weibull";
    case VALUE_SURVIVAL_FIT_LOGNORMAL: return "lognormal";
    case VALUE_SURVIVAL_FIT_LOGLOGISTIC: return "log-logistic";
    case VALUE_SURVIVAL_FIT_GOMPERTZ: return "Gompertz";
    default: return NULL;
    }
}

/* ---- the three error distributions of W ------------------------------------ */

/* log(1 + e^z) without overflow. */
static double softplus(double z)
{
    return z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
}

/* Upper normal tail at z: log Q(z) and the hazard lambda = phi(z)/Q(z).
 * Below 5 from GSL's Q (or 1 - P for z < 0, pure arithmetic, see
 * gsl_guard.c); above, Laplace's continued fraction for the Mills ratio
 * Q/phi = 1/(z + 1/(z + 2/(z + 3/(z + ...)))), 200 terms, far past
 * double precision for z >= 5, and free of Q's underflow past z = 37. */
static void normal_tail(double z, double *logq, double *lam)
{
    if (z < 5) {
        double q = gsl_cdf_ugaussian_Q(z);
        *logq = z < 0 ? log1p(-gsl_cdf_ugaussian_P(z)) : log(q);
        *lam = exp(-0.5 * z * z - LOG_SQRT_2PI) / q;
        return;
    }
    double t = z;
    for (int k = 200; k >= 1; k--)
        t = z + k / t;
    /* t = phi/Q */
    *logq = -0.5 * z * z - LOG_SQRT_2PI - log(t);
    *lam = t;
}

/* g, g', g'' of one observation at z: g = log f0(z) for an event, log S0(z)
 * for a censored time. */
static void gfun(value_survival_fit_dist d, double z, bool event, double *g, double *g1, double *g2)
{
    switch (d) {
    case VALUE_SURVIVAL_FIT_LOGNORMAL:
        if (event) {
            *g = -0.5 * z * z - LOG_SQRT_2PI;
            *g1 = -z;
            *g2 = -1;
        } else {
            double lq, lam;
            normal_tail(z, &lq, &lam);
            *g = lq;
            *g1 = -lam;
            *g2 = -lam * (lam - z);
        }
        return;
    case VALUE_SURVIVAL_FIT_LOGLOGISTIC: {
        double F = z > 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z));
        double Fc = z > 0 ? exp(-z) / (1 + exp(-z)) : 1 / (1 + exp(z)); /* 1 - F */
        double sp = softplus(z);
        if (event) {
            *g = z - 2 * sp;
            *g1 = Fc - F;
            *g2 = -2 * F * Fc;
        } else {
            *g = -sp;
            *g1 = -F;
            *g2 = -F * Fc;
        }
        return;
    }
    default: { /* extreme value: Weibull, exponential */
        double w = exp(z);
        *g = event ? z - w : -w;
        *g1 = event ? 1 - w : -w;
        *g2 = -w;
        return;
    }
    }
}

/* S0(z), f0(z), the hazard h0 = f0/S0, H0 = -log S0, and
 * dlog h0/dz, for predictions. */
typedef struct dist_at {
    double S, f, h, H, dlogh;
} dist_at;

static dist_at dist_eval(value_survival_fit_dist d, double z)
{
    dist_at r;
    switch (d) {
    case VALUE_SURVIVAL_FIT_LOGNORMAL: {
        double lq, lam;
        normal_tail(z, &lq, &lam);
        r.S = exp(lq);
        r.f = exp(-0.5 * z * z - LOG_SQRT_2PI);
        r.h = lam;
        r.H = -lq;
        r.dlogh = lam - z;
        return r;
    }
    case VALUE_SURVIVAL_FIT_LOGLOGISTIC: {
        double F = z > 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z));
        double Fc = z > 0 ? exp(-z) / (1 + exp(-z)) : 1 / (1 + exp(z));
        r.S = Fc;
        r.f = F * Fc;
        r.h = F;
        r.H = softplus(z);
        r.dlogh = Fc;
        return r;
    }
    default: {
        double w = exp(z);
        r.S = exp(-w);
        r.f = w * r.S;
        r.h = w;
        r.H = w;
        r.dlogh = 1;
        return r;
    }
    }
}

/* The p quantile of W. */
static double dist_quantile(value_survival_fit_dist d, double p)
{
    switch (d) {
    case VALUE_SURVIVAL_FIT_LOGNORMAL: return gsl_cdf_ugaussian_Pinv(p);
    case VALUE_SURVIVAL_FIT_LOGLOGISTIC: return log(p) - log1p(-p);
    default: return log(-log1p(-p));
    }
}

/* G(a, t) = (e^{a t} - 1)/a and its first two derivatives in a: by their
 * power series in a t where that is small (no cancellation; 30 terms are
 * past double precision for |a t| < 1), else in closed form:
 * G_a = (t e^{a t} - G)/a, G_aa = (t^2 e^{a t} - 2 G_a)/a. */
static void gompertz_G(double a, double t, double *G, double *Ga, double *Gaa)
{
    const double x = a * t;
    if (fabs(x) < 1) {
        double s0 = 0, s1 = 0, s2 = 0, pw = 1, fact = 1; /* pw = x^k, fact = (k+1)! */
        for (int k = 0; k < 30; k++) {
            fact *= k + 1;
            s0 += pw / fact;
            if (k + 1 < 30)
                s1 += (k + 1) * pw / (fact * (k + 2));
            if (k + 2 < 30)
                s2 += (k + 2) * (k + 1) * pw / (fact * (k + 2) * (k + 3));
            pw *= x;
        }
        *G = t * s0;
        *Ga = t * t * s1;
        *Gaa = t * t * t * s2;
        return;
    }
    const double e = exp(x);
    *G = expm1(x) / a;
    *Ga = (t * e - *G) / a;
    *Gaa = (t * t * e - 2 * *Ga) / a;
}

/* The Gompertz p quantile for log rate lb and shape a: H(t) = c =
 * -log(1 - p) gives t = log(1 + a c / b)/a; +Inf when a < 0 and p is
 * beyond the fraction 1 - e^{b/a} that ever has the event. */
static double gompertz_quantile(double lb, double a, double p)
{
    const double c = -log1p(-p), b = exp(lb), y = a * c / b;
    if (!(y > -1))
        return INFINITY;
    return y == 0 ? c / b : (c / b) * (log1p(y) / y);
}

/* ---- handle ----------------------------------------------------------------- */

int value_survival_fit_new(value_survival_fit_dist dist, size_t n_cols, value_survival_fit **out)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")))
        return rc;
    if (dist_name((int)dist) == NULL)
        return value__fail(VALUE_EINVAL,
                           "dist must be VALUE_SURVIVAL_FIT_EXPONENTIAL (1), _WEIBULL (2), _LOGNORMAL (3), "
                           "_LOGLOGISTIC (4) or _GOMPERTZ (5), got %d",
                           (int)dist);
    if (n_cols > MAX_COLS)
        return value__fail(VALUE_EINVAL, "n_cols is too large: %zu (at most %d)", n_cols, MAX_COLS);
    value_survival_fit *m = calloc(1, sizeof *m);
    if (m == NULL)
        return value__fail(VALUE_ENOMEM, "value_survival_fit_new: out of memory");
    m->dist = dist;
    m->n_cols = n_cols;
    m->n_par = n_cols + 1 + (has_scale(dist) ? 1 : 0);
    m->max_iter = 30;
    m->tolerance = 1e-9;
    *out = m;
    return VALUE_OK;
}

void value_survival_fit_free(value_survival_fit *m)
{
    if (m == NULL)
        return;
    free(m->theta);
    free(m->cov);
    free(m);
}

static const char *param_name(int param)
{
    switch (param) {
    case VALUE_SURVIVAL_FIT_MAX_ITER: return "VALUE_SURVIVAL_FIT_MAX_ITER";
    case VALUE_SURVIVAL_FIT_TOLERANCE: return "VALUE_SURVIVAL_FIT_TOLERANCE";
    case VALUE_SURVIVAL_FIT_N_PAR: return "VALUE_SURVIVAL_FIT_N_PAR";
    case VALUE_SURVIVAL_FIT_LOGLIK: return "VALUE_SURVIVAL_FIT_LOGLIK";
    case VALUE_SURVIVAL_FIT_AIC: return "VALUE_SURVIVAL_FIT_AIC";
    case VALUE_SURVIVAL_FIT_BIC: return "VALUE_SURVIVAL_FIT_BIC";
    case VALUE_SURVIVAL_FIT_SCALE: return "VALUE_SURVIVAL_FIT_SCALE";
    case VALUE_SURVIVAL_FIT_ITERATIONS: return "VALUE_SURVIVAL_FIT_ITERATIONS";
    case VALUE_SURVIVAL_FIT_N_OBS: return "VALUE_SURVIVAL_FIT_N_OBS";
    case VALUE_SURVIVAL_FIT_N_EVENTS: return "VALUE_SURVIVAL_FIT_N_EVENTS";
    default: return NULL;
    }
}

static int bad_param(int param)
{
    return value__fail(VALUE_EINVAL, "param must be a value_survival_fit_param (1 to 10), got %d", param);
}

int value_survival_fit_set(value_survival_fit *m, value_survival_fit_param param, double v)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")))
        return rc;
    const char *name = param_name((int)param);
    if (name == NULL)
        return bad_param((int)param);
    const char *rule = NULL;
    switch (param) {
    case VALUE_SURVIVAL_FIT_MAX_ITER:
        if (!(v >= 1 && v <= MAX_ITER_CAP && v == floor(v)))
            rule = "a whole number from 1 to 1000";
        break;
    case VALUE_SURVIVAL_FIT_TOLERANCE:
        if (!(v > 0 && v <= 1e-2))
            rule = "in (0, 0.01]";
        break;
    default:
        return value__fail(VALUE_EINVAL, "param is %s, a result, not a setting (settings: "
                                         "VALUE_SURVIVAL_FIT_MAX_ITER, VALUE_SURVIVAL_FIT_TOLERANCE)", name);
    }
    if (rule != NULL) {
        char s[32];
        value__format_shortest(v, s, sizeof s);
        return value__fail(VALUE_EINVAL, "v is %s, %s must be %s", s, name, rule);
    }
    if (param == VALUE_SURVIVAL_FIT_MAX_ITER)
        m->max_iter = (int)v;
    else
        m->tolerance = v;
    return VALUE_OK;
}

int value_survival_fit_get(const value_survival_fit *m, value_survival_fit_param param, double *out)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out, "out")))
        return rc;
    const char *name = param_name((int)param);
    if (name == NULL)
        return bad_param((int)param);
    switch (param) {
    case VALUE_SURVIVAL_FIT_MAX_ITER: *out = m->max_iter; return VALUE_OK;
    case VALUE_SURVIVAL_FIT_TOLERANCE: *out = m->tolerance; return VALUE_OK;
    case VALUE_SURVIVAL_FIT_N_PAR: *out = (double)m->n_par; return VALUE_OK;
    default: break;
    }
    if (!m->fitted)
        return value__fail(VALUE_ESTATE, "m has not been fitted; %s is a result of value_survival_fit_estimate()",
                           name);
    switch (param) {
    case VALUE_SURVIVAL_FIT_LOGLIK: *out = m->loglik; break;
    case VALUE_SURVIVAL_FIT_AIC: *out = m->aic; break;
    case VALUE_SURVIVAL_FIT_BIC: *out = m->bic; break;
    case VALUE_SURVIVAL_FIT_SCALE:
        if (m->dist == VALUE_SURVIVAL_FIT_GOMPERTZ)
            return value__fail(VALUE_ESTATE, "m is a Gompertz fit, which has no scale (its shape is the last "
                                             "coefficient)");
        *out = has_scale(m->dist) ? exp(m->theta[m->n_par - 1]) : 1.0;
        break;
    case VALUE_SURVIVAL_FIT_ITERATIONS: *out = m->iterations; break;
    case VALUE_SURVIVAL_FIT_N_OBS: *out = (double)m->n_obs; break;
    default: *out = (double)m->n_events; break;
    }
    return VALUE_OK;
}

/* ---- fit -------------------------------------------------------------------- */

static int bad_x(const double *x, size_t k, size_t nc)
{
    char s[32];
    value__format_double(x[k], s, sizeof s);
    return value__fail(VALUE_EINVAL, "x[%zu] (row %zu, column %zu) is %s, must be finite", k, k / nc, k % nc, s);
}

static int check_x(const double *x, size_t n_x, size_t n, size_t nc, const char *n_name)
{
    size_t want = value__mul_size(n, nc);
    if (n_x != want) {
        if (want == SIZE_MAX)
            return value__fail(VALUE_EINVAL, "n_x: %s x n_cols overflows (%s = %zu, n_cols = %zu)", n_name, n_name,
                               n, nc);
        return value__fail(VALUE_EINVAL, "n_x must be %zu (%s x n_cols = %zu x %zu), got %zu", want, n_name, n, nc,
                           n_x);
    }
    if (nc > 0 && x == NULL)
        return value__fail(VALUE_EINVAL, "x is NULL");
    for (size_t k = 0; k < n_x; k++)
        if (!isfinite(x[k]))
            return bad_x(x, k, nc);
    return VALUE_OK;
}

typedef struct fitdata {
    value_survival_fit_dist dist;
    size_t n, nc, np;
    bool scale;
    const double *x, *time, *event;
} fitdata;

/* loglik at theta; with grad and info (-Hessian, full) when they are not NULL. */
static double loglik_at(const fitdata *fd, const double *theta, double *grad, double *info)
{
    const size_t nc = fd->nc, np = fd->np, nb = nc + 1;
    const double s = fd->scale ? theta[np - 1] : 0.0, sigma = exp(s);
    value__ksum ll = {0, 0};
    if (grad) {
        memset(grad, 0, np * sizeof *grad);
        memset(info, 0, np * np * sizeof *info);
    }
    for (size_t i = 0; i < fd->n; i++) {
        const double *xi = fd->x + i * nc;
        double eta = theta[0];
        for (size_t j = 0; j < nc; j++)
            eta += theta[j + 1] * xi[j];
        if (fd->dist == VALUE_SURVIVAL_FIT_GOMPERTZ) {
            const double a = theta[np - 1], t = fd->time[i], d = fd->event[i], b = exp(eta);
            double G, Ga, Gaa;
            gompertz_G(a, t, &G, &Ga, &Gaa);
            value__ksum_add(&ll, d * (eta + a * t) - b * G);
            if (!grad)
                continue;
            for (size_t j = 0; j < nb; j++) {
                double xj = j ? xi[j - 1] : 1.0;
                grad[j] += (d - b * G) * xj;
                for (size_t k = j; k < nb; k++)
                    info[j * np + k] += b * G * xj * (k ? xi[k - 1] : 1.0);
                info[j * np + np - 1] += b * Ga * xj;
            }
            grad[np - 1] += d * t - b * Ga;
            info[(np - 1) * np + np - 1] += b * Gaa;
            continue;
        }
        const double y = log(fd->time[i]);
        const double z = (y - eta) / sigma;
        const bool ev = fd->event[i] == 1;
        double g, g1, g2;
        gfun(fd->dist, z, ev, &g, &g1, &g2);
        value__ksum_add(&ll, ev ? g - s - y : g);
        if (!grad)
            continue;
        /* xrow = (1, x_i) */
        const double a = -g1 / sigma, b = g2 / (sigma * sigma);
        for (size_t j = 0; j < nb; j++) {
            double xj = j ? xi[j - 1] : 1.0;
            grad[j] += a * xj;
            for (size_t k = j; k < nb; k++)
                info[j * np + k] -= b * xj * (k ? xi[k - 1] : 1.0);
        }
        if (fd->scale) {
            const double c = (z * g2 + g1) / sigma;
            for (size_t j = 0; j < nb; j++)
                info[j * np + np - 1] -= c * (j ? xi[j - 1] : 1.0);
            grad[np - 1] += -z * g1 - (ev ? 1.0 : 0.0);
            info[(np - 1) * np + np - 1] -= z * g1 + z * z * g2;
        }
    }
    if (grad)
        for (size_t j = 0; j < np; j++)
            for (size_t k = 0; k < j; k++)
                info[j * np + k] = info[k * np + j];
    return value__ksum_get(&ll);
}

static bool all_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return false;
    return true;
}

/* Newton step from (grad, info): Cholesky of info, else of info shifted
 * by mu diag(info) (Levenberg) for growing mu.  Returns false when no
 * shift gives a factor; *decrement is g' step. */
static bool newton_step(const double *grad, const double *info, double *work, double *step, size_t np, bool *pure,
                        double *decrement)
{
    for (int k = -1; k <= 12; k++) {
        memcpy(work, info, np * np * sizeof *work);
        if (k >= 0) {
            double mu = pow(10.0, k - 4);
            for (size_t j = 0; j < np; j++)
                work[j * np + j] += mu * (fabs(info[j * np + j]) + 1e-8);
        }
        if (value__cholesky(work, work, np, 0, NULL, NULL) == VALUE_OK) {
            value__chol_solve(work, np, grad, step);
            double dec = 0;
            for (size_t j = 0; j < np; j++)
                dec += grad[j] * step[j];
            if (!all_finite(step, np) || !isfinite(dec))
                continue;
            *pure = k < 0;
            *decrement = dec;
            return true;
        }
    }
    return false;
}

int value_survival_fit_estimate(value_survival_fit *m, const double *x, size_t n_x, const double *time,
                                const double *event, size_t n)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(time, "time")) ||
        (rc = value__check_ptr(event, "event")))
        return rc;
    if (n == 0)
        return value__fail(VALUE_EINVAL, "n is 0, must be at least 1");
    if ((rc = check_x(x, n_x, n, m->n_cols, "n")))
        return rc;
    size_t events = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(time[i] > 0) || !isfinite(time[i])) {
            char s[32];
            value__format_double(time[i], s, sizeof s);
            return value__fail(VALUE_EINVAL, "time[%zu] is %s, must be > 0 and finite", i, s);
        }
        if (!(event[i] == 0 || event[i] == 1)) {
            char s[32];
            value__format_double(event[i], s, sizeof s);
            return value__fail(VALUE_EINVAL, "event[%zu] is %s, must be 0 (censored) or 1 (event)", i, s);
        }
        events += event[i] == 1;
    }
    const size_t np = m->n_par, nc = m->n_cols;
    if (events == 0)
        return value__fail(VALUE_EDOM, "event has no events: all %zu times are censored", n);
    if (events < np)
        return value__fail(VALUE_EDOM, "too few events: %zu events for %zu parameters", events, np);

    double *buf = malloc((4 * np + 2 * np * np) * sizeof *buf);
    double *theta_out = malloc(np * sizeof *theta_out);
    double *cov_out = malloc(np * np * sizeof *cov_out);
    if (buf == NULL || theta_out == NULL || cov_out == NULL) {
        free(buf);
        free(theta_out);
        free(cov_out);
        return value__fail(VALUE_ENOMEM, "value_survival_fit_estimate: out of memory for %zu parameters", np);
    }
    double *theta = buf, *grad = buf + np, *step = buf + 2 * np, *trial = buf + 3 * np;
    double *info = buf + 4 * np, *work = info + np * np;

    static const double no_x[1] = {0};
    fitdata fd = {m->dist, n, nc, np, has_scale(m->dist), nc ? x : no_x, time, event};

    /* start: the exponential intercept-only MLE, log(total time / events),
     * sigma = 1, slopes 0 */
    value__ksum tt = {0, 0};
    for (size_t i = 0; i < n; i++)
        value__ksum_add(&tt, time[i]);
    memset(theta, 0, np * sizeof *theta);
    theta[0] = log(value__ksum_get(&tt) / (double)events);

    double ll = loglik_at(&fd, theta, grad, info);
    int iter = 0;
    bool converged = false;
    double dec = INFINITY;
    rc = VALUE_OK;
    while (!converged) {
        if (!isfinite(ll) || !all_finite(grad, np) || !all_finite(info, np * np)) {
            rc = value__fail(VALUE_ENOTCONV, "the %s fit diverged at iteration %d (the log-likelihood or its "
                                             "derivatives overflowed)", dist_name(m->dist), iter);
            goto done;
        }
        bool pure = false;
        if (!newton_step(grad, info, work, step, np, &pure, &dec)) {
            rc = value__fail(VALUE_ENUMERIC, "the %s fit found no ascent direction at iteration %d",
                             dist_name(m->dist), iter);
            goto done;
        }
        /* a small decrement with a positive-definite information: take the
         * last full step and stop */
        const bool last = pure && dec < m->tolerance * (fabs(ll) + 0.1);
        if (iter >= m->max_iter && !last) {
            char d[32], t[32];
            value__format_shortest(dec, d, sizeof d);
            value__format_shortest(m->tolerance, t, sizeof t);
            rc = value__fail(VALUE_ENOTCONV,
                             "the %s fit did not converge in %d iterations (VALUE_SURVIVAL_FIT_MAX_ITER): the "
                             "Newton decrement is %s, above the tolerance %s x (|loglik| + 0.1)",
                             dist_name(m->dist), iter, d, t);
            goto done;
        }
        double f = 1.0, ll_new = -INFINITY;
        int h;
        for (h = 0; h <= HALVINGS; h++, f *= 0.5) {
            for (size_t j = 0; j < np; j++)
                trial[j] = theta[j] + f * step[j];
            ll_new = loglik_at(&fd, trial, NULL, NULL);
            /* accept any rise, or at the end a fall within rounding */
            if (isfinite(ll_new) && ll_new >= ll - (last ? 1e-12 * (fabs(ll) + 1) : 0))
                break;
        }
        if (h > HALVINGS) {
            if (last)
                break; /* at the maximum to rounding: keep theta */
            rc = value__fail(VALUE_ENOTCONV, "the %s fit could not increase the log-likelihood at iteration %d "
                                             "(step halving failed)", dist_name(m->dist), iter);
            goto done;
        }
        memcpy(theta, trial, np * sizeof *theta);
        ll = loglik_at(&fd, theta, grad, info);
        iter++;
        converged = last;
    }
    if (!isfinite(ll) || !all_finite(info, np * np)) {
        rc = value__fail(VALUE_ENOTCONV, "the %s fit diverged", dist_name(m->dist));
        goto done;
    }
    size_t bad = 0;
    memcpy(work, info, np * np * sizeof *work);
    if (value__cholesky(work, work, np, 1e-12, &bad, NULL) != VALUE_OK) {
        rc = value__fail(VALUE_EDOM, "the information matrix is singular at the maximum (parameter %zu): a "
                                     "covariate that is constant or collinear, or that separates events",
                         bad);
        goto done;
    }
    value__chol_inverse(work, np, cov_out);
    if (!all_finite(cov_out, np * np) || !all_finite(theta, np)) {
        rc = value__fail(VALUE_ERANGE, "the %s fit's covariance overflows", dist_name(m->dist));
        goto done;
    }
    memcpy(theta_out, theta, np * sizeof *theta_out);
    free(m->theta);
    free(m->cov);
    m->theta = theta_out;
    m->cov = cov_out;
    theta_out = cov_out = NULL;
    m->fitted = true;
    m->loglik = ll;
    m->aic = -2 * ll + 2 * (double)np;
    m->bic = -2 * ll + log((double)n) * (double)np;
    m->iterations = iter;
    m->n_obs = n;
    m->n_events = events;
done:
    free(buf);
    free(theta_out);
    free(cov_out);
    return rc;
}

/* ---- results ---------------------------------------------------------------- */

static int check_fitted(const value_survival_fit *m)
{
    if (!m->fitted)
        return value__fail(VALUE_ESTATE, "m has not been fitted (call value_survival_fit_estimate() first)");
    return VALUE_OK;
}

int value_survival_fit_coefficients(const value_survival_fit *m, double *out_coef, double *out_se, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out_coef, "out_coef")) ||
        (rc = value__check_ptr(out_se, "out_se")) || (rc = check_fitted(m)) ||
        (rc = value__check_length("out_len", out_len, m->n_par, "n_par")))
        return rc;
    for (size_t j = 0; j < m->n_par; j++) {
        out_coef[j] = m->theta[j];
        out_se[j] = sqrt(m->cov[j * m->n_par + j]);
    }
    return VALUE_OK;
}

int value_survival_fit_covariance(const value_survival_fit *m, double *out, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out, "out")) || (rc = check_fitted(m)) ||
        (rc = value__check_length("out_len", out_len, m->n_par * m->n_par, "n_par^2")))
        return rc;
    memcpy(out, m->cov, m->n_par * m->n_par * sizeof *out);
    return VALUE_OK;
}

int value_survival_fit_weibull_ph(const value_survival_fit *m, double *out_coef, double *out_se, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out_coef, "out_coef")) ||
        (rc = value__check_ptr(out_se, "out_se")) || (rc = check_fitted(m)))
        return rc;
    if (m->dist != VALUE_SURVIVAL_FIT_WEIBULL)
        return value__fail(VALUE_EINVAL, "m is a %s fit; the PH parameterisation is of a Weibull fit",
                           dist_name(m->dist));
    const size_t np = m->n_par, nb = np - 1;
    if ((rc = value__check_length("out_len", out_len, np, "n_par")))
        return rc;
    const double *V = m->cov;
    const double s = m->theta[nb], a = exp(-s);
    /* shape alpha = e^-s: d alpha/ds = -alpha */
    double se0 = a * sqrt(V[nb * np + nb]);
    /* gamma_j = -beta_j e^-s: d/dbeta_j = -a, d/ds = beta_j a */
    for (size_t j = 0; j < nb; j++) {
        double bj = m->theta[j];
        double dj = -a, ds = bj * a;
        double var = dj * dj * V[j * np + j] + 2 * dj * ds * V[j * np + nb] + ds * ds * V[nb * np + nb];
        out_coef[j + 1] = -bj * a;
        out_se[j + 1] = sqrt(var > 0 ? var : 0);
    }
    out_coef[0] = a;
    out_se[0] = se0;
    return VALUE_OK;
}

/* Linear predictor and the row (1, x) for predictions. */
static int predict_setup(const value_survival_fit *m, const double *x, size_t n_x, double *eta)
{
    int rc;
    if (n_x != m->n_cols)
        return value__fail(VALUE_EINVAL, "n_x must be %zu (n_cols), got %zu", m->n_cols, n_x);
    if (m->n_cols > 0 && x == NULL)
        return value__fail(VALUE_EINVAL, "x is NULL");
    for (size_t j = 0; j < n_x; j++)
        if ((rc = isfinite(x[j]) ? VALUE_OK : value__fail_element("x", j, x[j], "must be finite")))
            return rc;
    double e = m->theta[0];
    for (size_t j = 0; j < n_x; j++)
        e += m->theta[j + 1] * x[j];
    if (!isfinite(e))
        return value__fail(VALUE_ERANGE, "x: the linear predictor overflows");
    *eta = e;
    return VALUE_OK;
}

/* g' V g for g = (c_beta * (1, x), c_s). */
static double quad_form(const value_survival_fit *m, const double *x, double cb, double cs)
{
    const size_t np = m->n_par, nb = m->n_cols + 1;
    double v = 0;
    for (size_t j = 0; j < np; j++) {
        double gj = j < nb ? cb * (j ? x[j - 1] : 1.0) : cs;
        for (size_t k = 0; k < np; k++) {
            double gk = k < nb ? cb * (k ? x[k - 1] : 1.0) : cs;
            v += gj * m->cov[j * np + k] * gk;
        }
    }
    return v > 0 ? v : 0;
}

static int check_outputs(const value_survival_fit *m, const double *v, size_t n, const char *vname, double *out,
                         double *out_se, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(v, vname)) || (rc = value__check_ptr(out, "out")) ||
        (rc = value__check_ptr(out_se, "out_se")) || (rc = check_fitted(m)) ||
        (rc = value__check_length("out_len", out_len, n, "n")))
        return rc;
    return VALUE_OK;
}

int value_survival_fit_predict(const value_survival_fit *m, value_survival_fit_what what, const double *x,
                               size_t n_x, const double *t, size_t n, double *out, double *out_se, size_t out_len)
{
    int rc;
    double eta;
    if ((rc = check_outputs(m, t, n, "t", out, out_se, out_len)))
        return rc;
    if (!(what == VALUE_SURVIVAL_FIT_SURVIVAL || what == VALUE_SURVIVAL_FIT_HAZARD ||
          what == VALUE_SURVIVAL_FIT_CUMHAZ))
        return value__fail(VALUE_EINVAL, "what is %d, not a value_survival_fit_what (1 to 3)", (int)what);
    if ((rc = predict_setup(m, x, n_x, &eta)))
        return rc;
    for (size_t i = 0; i < n; i++)
        if (!(t[i] > 0) || !isfinite(t[i]))
            return value__fail_element("t", i, t[i], "must be > 0 and finite");
    const bool sc = has_scale(m->dist);
    const double s = sc ? m->theta[m->n_par - 1] : 0, sigma = exp(s);
    /* all first, so that a failure writes nothing */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            double v, cb, cs; /* value and its gradient (cb (1, x), cs) */
            if (m->dist == VALUE_SURVIVAL_FIT_GOMPERTZ) {
                const double a = m->theta[m->n_par - 1], b = exp(eta);
                double G, Ga, Gaa;
                gompertz_G(a, t[i], &G, &Ga, &Gaa);
                const double H = b * G, S = exp(-H), h = b * exp(a * t[i]);
                if (what == VALUE_SURVIVAL_FIT_SURVIVAL)
                    v = S, cb = -S * H, cs = -S * b * Ga;
                else if (what == VALUE_SURVIVAL_FIT_CUMHAZ)
                    v = H, cb = H, cs = b * Ga;
                else
                    v = h, cb = h, cs = h * t[i];
                goto have;
            }
            const double z = (log(t[i]) - eta) / sigma;
            dist_at d = dist_eval(m->dist, z);
            if (what == VALUE_SURVIVAL_FIT_SURVIVAL) {
                v = d.S; /* dS/dz = -f */
                cb = d.f / sigma;
                cs = d.f * z;
            } else if (what == VALUE_SURVIVAL_FIT_CUMHAZ) {
                v = d.H; /* dH/dz = h0 */
                cb = -d.h / sigma;
                cs = -d.h * z;
            } else {
                v = d.h / (sigma * t[i]); /* dlog h/dtheta = dlogh0 dz/dtheta - e_s */
                cb = -v * d.dlogh / sigma;
                cs = v * (-d.dlogh * z - 1);
            }
        have:;
            double se = sqrt(quad_form(m, x, cb, sc ? cs : 0));
            if (!isfinite(v) || !isfinite(se))
                return value__fail(VALUE_ERANGE, "t[%zu] is %g: the prediction or its standard error overflows", i,
                                   t[i]);
            if (pass == 1) {
                out[i] = v;
                out_se[i] = se;
            }
        }
    return VALUE_OK;
}

int value_survival_fit_quantile(const value_survival_fit *m, const double *x, size_t n_x, const double *p, size_t n,
                                double *out, double *out_se, size_t out_len)
{
    int rc;
    double eta;
    if ((rc = check_outputs(m, p, n, "p", out, out_se, out_len)) || (rc = predict_setup(m, x, n_x, &eta)))
        return rc;
    for (size_t i = 0; i < n; i++)
        if (!(p[i] > 0 && p[i] < 1))
            return value__fail_element("p", i, p[i], "must be in (0, 1)");
    const bool sc = has_scale(m->dist);
    const double sigma = sc ? exp(m->theta[m->n_par - 1]) : 1;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            double q, se;
            if (m->dist == VALUE_SURVIVAL_FIT_GOMPERTZ) {
                /* implicit: H(q) = c, so dq/dtheta = -(dH/dtheta)/h(q) */
                const double a = m->theta[m->n_par - 1], b = exp(eta);
                q = gompertz_quantile(eta, a, p[i]);
                if (!isfinite(q))
                    return value__fail(VALUE_EDOM, "p[%zu] is %g: with shape < 0 only a fraction %g of the "
                                                   "population ever has the event", i, p[i], -expm1(b / a));
                double G, Ga, Gaa;
                gompertz_G(a, q, &G, &Ga, &Gaa);
                const double h = b * exp(a * q);
                se = sqrt(quad_form(m, x, -b * G / h, -b * Ga / h));
            } else {
                const double zp = dist_quantile(m->dist, p[i]);
                q = exp(eta + sigma * zp); /* dq/dbeta = q (1, x), dq/ds = q sigma zp */
                se = sqrt(quad_form(m, x, q, sc ? q * sigma * zp : 0));
            }
            if (!isfinite(q) || !isfinite(se))
                return value__fail(VALUE_ERANGE, "p[%zu] is %g: the quantile or its standard error overflows", i,
                                   p[i]);
            if (pass == 1) {
                out[i] = q;
                out_se[i] = se;
            }
        }
    return VALUE_OK;
}

/* ---- restricted mean ---------------------------------------------------------- */

/* On u = log t: the restricted mean is int S0(z) e^u du, and its
 * derivatives in beta and s are (1, x) int f0(z) e^u du / sigma and
 * int f0(z) z e^u du.  r[0..2] are the three integrands. */
typedef struct rm_ctx {
    value_survival_fit_dist dist;
    double eta, sigma;
} rm_ctx;

static void rm_f(const rm_ctx *c, double u, double r[3])
{
    if (c->dist == VALUE_SURVIVAL_FIT_GOMPERTZ) {
        /* sigma holds the shape a; dS/dgamma = -S H (1, x), dS/da = -S b G_a */
        const double t = exp(u), b = exp(c->eta);
        double G, Ga, Gaa;
        gompertz_G(c->sigma, t, &G, &Ga, &Gaa);
        const double S = exp(-b * G);
        r[0] = S * t;
        r[1] = -S * b * G * t;
        r[2] = -S * b * Ga * t;
        return;
    }
    const double z = (u - c->eta) / c->sigma, e = exp(u);
    dist_at d = dist_eval(c->dist, z);
    r[0] = d.S * e;
    r[1] = d.f * e / c->sigma;
    r[2] = d.f * z * e;
}

/* Adaptive Simpson (Lyness's error estimate, Richardson step) on the three
 * integrands at once; fa, fm, fb the ends and middle; whole the Simpson
 * value of [a, b].  Each part is accepted when every component's change is
 * within 15 eps_k; depth at most 50. */
static bool simpson(const rm_ctx *c, double a, double b, const double fa[3], const double fm[3],
                    const double fb[3], const double whole[3], const double eps[3], int depth, double acc[3])
{
    const double m = 0.5 * (a + b), h = b - a;
    double flm[3], frm[3], left[3], right[3];
    rm_f(c, 0.5 * (a + m), flm);
    rm_f(c, 0.5 * (m + b), frm);
    bool ok = true;
    for (int k = 0; k < 3; k++) {
        left[k] = h / 12 * (fa[k] + 4 * flm[k] + fm[k]);
        right[k] = h / 12 * (fm[k] + 4 * frm[k] + fb[k]);
        if (!(fabs(left[k] + right[k] - whole[k]) <= 15 * eps[k]))
            ok = false;
    }
    if (ok || depth >= 50) {
        for (int k = 0; k < 3; k++)
            acc[k] += left[k] + right[k] + (left[k] + right[k] - whole[k]) / 15;
        return ok;
    }
    double e2[3] = {eps[0] / 2, eps[1] / 2, eps[2] / 2};
    bool l = simpson(c, a, m, fa, flm, fm, left, e2, depth + 1, acc);
    bool r = simpson(c, m, b, fm, frm, fb, right, e2, depth + 1, acc);
    return l && r;
}

/* RMST_TOL: the requested absolute error of each integral relative to a
 * first estimate of the integral of its absolute value on 64 panels. */
#define RMST_TOL 1e-11
#define RMST_PANELS 64

static bool rmst_integrals(const rm_ctx *c, double tau, double out[3])
{
    const double ut = log(tau);
    /* Lower end: below u0 the integrand of the mean is at most e^u, so the
     * part left out is at most e^u0; with um the log median or log tau,
     * whichever is lower, the mean is at least e^um / 2, and u0 = um - 40
     * leaves out less than 2 e^-40 = 8.5e-18 of it (the other two
     * integrands are smaller still there: f0 z e^u -> 0 faster). */
    double um = c->dist == VALUE_SURVIVAL_FIT_GOMPERTZ ? log(gompertz_quantile(c->eta, c->sigma, 0.5))
                                                       : c->eta + c->sigma * dist_quantile(c->dist, 0.5);
    if (!(um <= ut))
        um = ut;
    const double u0 = um - 40, w = (ut - u0) / RMST_PANELS;
    double est[3] = {0, 0, 0}; /* of the integrals of |integrand|: the scale of each */
    double f[RMST_PANELS + 1][3], fmid[RMST_PANELS][3], whole[RMST_PANELS][3];
    for (int j = 0; j <= RMST_PANELS; j++)
        rm_f(c, u0 + j * w, f[j]);
    for (int j = 0; j < RMST_PANELS; j++) {
        rm_f(c, u0 + (j + 0.5) * w, fmid[j]);
        for (int k = 0; k < 3; k++) {
            whole[j][k] = w / 6 * (f[j][k] + 4 * fmid[j][k] + f[j + 1][k]);
            est[k] += w / 6 * (fabs(f[j][k]) + 4 * fabs(fmid[j][k]) + fabs(f[j + 1][k]));
        }
    }
    double eps[3];
    for (int k = 0; k < 3; k++)
        eps[k] = RMST_TOL * (fabs(est[k]) + 1e-300) / RMST_PANELS;
    double acc[3] = {0, 0, 0};
    bool ok = true;
    for (int j = 0; j < RMST_PANELS; j++)
        ok &= simpson(c, u0 + j * w, u0 + (j + 1) * w, f[j], fmid[j], f[j + 1], whole[j], eps, 0, acc);
    memcpy(out, acc, sizeof acc);
    return ok;
}

int value_survival_fit_rmst(const value_survival_fit *m, const double *x, size_t n_x, const double *tau, size_t n,
                            double *out, double *out_se, size_t out_len)
{
    int rc;
    double eta;
    if ((rc = check_outputs(m, tau, n, "tau", out, out_se, out_len)) || (rc = predict_setup(m, x, n_x, &eta)))
        return rc;
    for (size_t i = 0; i < n; i++)
        if (!(tau[i] > 0) || !isfinite(tau[i]))
            return value__fail_element("tau", i, tau[i], "must be > 0 and finite");
    const bool sc = has_scale(m->dist);
    const double last = m->theta[m->n_par - 1];
    rm_ctx c = {m->dist, eta, m->dist == VALUE_SURVIVAL_FIT_GOMPERTZ ? last : sc ? exp(last) : 1};
    double *tmp = malloc(2 * n * sizeof *tmp + 1);
    if (tmp == NULL)
        return value__fail(VALUE_ENOMEM, "value_survival_fit_rmst: out of memory for %zu times", n);
    for (size_t i = 0; i < n; i++) {
        double r[3];
        bool ok = rmst_integrals(&c, tau[i], r);
        double se = sqrt(quad_form(m, x, r[1], sc ? r[2] : 0));
        if (!ok || !isfinite(r[0]) || !isfinite(se)) {
            free(tmp);
            return value__fail(ok ? VALUE_ERANGE : VALUE_ENOTCONV,
                               "tau[%zu] is %g: the restricted mean could not be computed", i, tau[i]);
        }
        tmp[i] = r[0];
        tmp[n + i] = se;
    }
    memcpy(out, tmp, n * sizeof *out);
    memcpy(out_se, tmp + n, n * sizeof *out_se);
    free(tmp);
    return VALUE_OK;
}
