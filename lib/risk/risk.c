/*
 * Risk-adjustment models: generalized linear models fitted by IRLS as R's
 * glm.fit, or loaded from published coefficients; prediction with
 * standard errors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fit follows stats::glm.fit (R 4.2) step by step: the family's
 * starting values, z = (eta - offset) + (y - mu)/mu.eta and
 * w = weights mu.eta^2 / V(mu) each iteration, a weighted least-squares
 * solve, step halving toward the previous coefficients when the deviance
 * is not finite, and the stopping rule |D - D_old|/(|D| + 0.1) < tol.
 * R's link functions are copied with their clamps (logit: eta beyond
 * +-30 maps to eps/(1+eps) or 1/(1+eps); log: exp(eta) >= DBL_EPSILON),
 * so that fits and predictions agree with R's to rounding.
 *
 * The least-squares step solves the normal equations X'WX b = X'Wz by
 * Cholesky, accumulating X'WX in one pass over the rows (p is small, n
 * large).  With an intercept the covariates are centred at their means
 * inside the fit (an exact reparameterization, undone on the way out)
 * so that the normal equations are as well conditioned as the data
 * allow.  Sums over rows run in blocks of BLOCK rows, each block summed
 * separately and then added to the total, which keeps rounding error
 * growing with n / BLOCK rather than n.
 *
 * Where this departs from glm.fit, it refuses rather than warns: a
 * rank-deficient design (R drops the column, NA), a binary outcome
 * separated by a column (R returns huge coefficients with "fitted
 * probabilities numerically 0 or 1"; see separation_check()), and
 * non-convergence within the cap.  The Gaussian AIC is taken over the rows
 * with positive weight (R's sums log(0) for zero weights and reports
 * Inf); it equals R's for glm(..., subset = w > 0).  NULL weights or
 * offset mean all 1 or all 0; a non-zero offset with an intercept makes
 * the null deviance that of an intercept-only refit, as glm() does.
 *
 * In messages, rows are 0-based indices like the arrays; columns are named.
 */
#include "risk.h"

#include <float.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h> /* lngamma, beta_inc */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITER_CAP 1000
#define BLOCK 1024
/* A column whose Cholesky pivot falls below this fraction of its diagonal
 * of X'WX (its weighted sum of squares, centred with an intercept) is
 * taken as a linear combination of the columns before it.  The design's
 * rank is judged at the first iteration, whose working weights come from
 * the starting values and are bounded away from 0; later iterations only
 * guard against a numerically singular X'WX (SINGULAR_TOL, the square of
 * the 1e-11 column-norm tolerance of R's QR), which happens when working
 * weights vanish: separation, or a count model's coefficient running to
 * minus infinity. */
#define RANK_TOL 1e-10
#define SINGULAR_TOL 1e-22

/* irls_run()'s internal status: X'WX became singular after the first
 * iteration (ir->bad names the column). */
#define SINGULAR 1

/* Separation checks (binomial): extra iterations at most, a step
 * (step_size()) small enough to call the fit settled, the ratio of the
 * last two steps above which the coefficients are still moving, and how
 * near 0 or 1 a fitted probability must come. */
#define SEP_EXTRA 10
#define SEP_SMALL_STEP 1e-6
#define SEP_SHRINK 0.25
#define SEP_EXTREME 1e-8

/* ---- small helpers --------------------------------------------------------- */

static const char *family_name(value_risk_family f)
{
    switch (f) {
    case VALUE_RISK_BINOMIAL: return "binomial";
    case VALUE_RISK_POISSON: return "Poisson";
    case VALUE_RISK_GAUSSIAN: return "Gaussian";
    case VALUE_RISK_GAMMA: return "gamma";
    default: return NULL;
    }
}

/* The name of coefficient k (0 is the intercept when there is one). */
static const char *coef_name(const value_risk *m, size_t k)
{
    if (m->intercept) {
        if (k == 0)
            return "(Intercept)";
        k--;
    }
    return m->names[k];
}

/* Drop any results.  Setting the scalars to NaN is for tidiness only:
 * value_risk_get() reads them by state. */
static void clear_results(value_risk *m)
{
    m->deviance = m->null_deviance = m->aic = m->dispersion = m->loglik = NAN;
    m->n_obs = m->df_residual = 0;
    m->iterations = 0;
}

void value__risk_install(value_risk *m, risk_state state, double *coef, double *cov, double *provider_effect)
{
    free(m->coef);
    free(m->cov);
    free(m->provider_effect);
    m->coef = coef;
    m->cov = cov;
    m->provider_effect = provider_effect;
    m->state = state;
    if (state == RISK_EMPTY || state == RISK_LOADED)
        clear_results(m);
    if (state != RISK_FITTED_HIER) {
        m->tau = NAN;
        m->n_providers = 0;
    }
}

/* ---- creation, settings ----------------------------------------------------- */

int value_risk_new(value_risk_family family, size_t n_cols, value_risk **out)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")))
        return rc;
    if (family_name(family) == NULL)
        return value__fail(VALUE_EINVAL,
                           "family must be VALUE_RISK_BINOMIAL (1), _POISSON (2), _GAUSSIAN (3) or _GAMMA (4), got %d",
                           (int)family);
    /* p^2 doubles must be addressable, with room to spare */
    if (n_cols > 100000)
        return value__fail(VALUE_EINVAL, "n_cols is too large: %zu (at most 100000)", n_cols);

    value_risk *m = calloc(1, sizeof *m);
    if (m != NULL)
        m->names = calloc(n_cols ? n_cols : 1, sizeof *m->names);
    if (m == NULL || m->names == NULL) {
        free(m);
        return value__fail(VALUE_ENOMEM, "value_risk_new: out of memory for %zu columns", n_cols);
    }
    m->n_cols = n_cols;
    for (size_t j = 0; j < n_cols; j++) {
        char buf[32];
        snprintf(buf, sizeof buf, "x%zu", j + 1);
        m->names[j] = value__strdup(buf);
        if (m->names[j] == NULL) {
            value_risk_free(m);
            return value__fail(VALUE_ENOMEM, "value_risk_new: out of memory for %zu columns", n_cols);
        }
    }
    m->family = family;
    m->intercept = true;
    m->max_iter = 25;
    m->tolerance = 1e-8;
    m->n_coef = n_cols + 1;
    value__risk_install(m, RISK_EMPTY, NULL, NULL, NULL);
    *out = m;
    return VALUE_OK;
}

void value_risk_free(value_risk *m)
{
    if (m == NULL)
        return;
    if (m->names != NULL)
        for (size_t j = 0; j < m->n_cols; j++)
            free(m->names[j]);
    free(m->names);
    free(m->coef);
    free(m->cov);
    free(m->provider_effect);
    free(m);
}

static const char *param_name(int param)
{
    switch (param) {
    case VALUE_RISK_INTERCEPT: return "VALUE_RISK_INTERCEPT";
    case VALUE_RISK_MAX_ITER: return "VALUE_RISK_MAX_ITER";
    case VALUE_RISK_TOLERANCE: return "VALUE_RISK_TOLERANCE";
    case VALUE_RISK_DEVIANCE: return "VALUE_RISK_DEVIANCE";
    case VALUE_RISK_NULL_DEVIANCE: return "VALUE_RISK_NULL_DEVIANCE";
    case VALUE_RISK_AIC: return "VALUE_RISK_AIC";
    case VALUE_RISK_DISPERSION: return "VALUE_RISK_DISPERSION";
    case VALUE_RISK_ITERATIONS: return "VALUE_RISK_ITERATIONS";
    case VALUE_RISK_N_OBS: return "VALUE_RISK_N_OBS";
    case VALUE_RISK_DF_RESIDUAL: return "VALUE_RISK_DF_RESIDUAL";
    case VALUE_RISK_N_COEF: return "VALUE_RISK_N_COEF";
    case VALUE_RISK_TAU: return "VALUE_RISK_TAU";
    case VALUE_RISK_LOGLIK: return "VALUE_RISK_LOGLIK";
    case VALUE_RISK_N_PROVIDERS: return "VALUE_RISK_N_PROVIDERS";
    default: return NULL;
    }
}

static int bad_param(int param)
{
    return value__fail(VALUE_EINVAL, "param must be a value_risk_param (1 to 14), got %d", param);
}

int value_risk_set(value_risk *m, value_risk_param param, double v)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")))
        return rc;
    const char *name = param_name((int)param);
    if (name == NULL)
        return bad_param((int)param);
    const char *rule = NULL;
    switch (param) {
    case VALUE_RISK_INTERCEPT:
        if (!(v == 0 || v == 1))
            rule = "0 or 1";
        else if (v == 0 && m->n_cols == 0)
            return value__fail(VALUE_EINVAL, "VALUE_RISK_INTERCEPT must be 1 for a model with no columns "
                                             "(it would have no coefficients), got 0");
        break;
    case VALUE_RISK_MAX_ITER:
        if (!(v >= 1 && v <= MAX_ITER_CAP && v == floor(v)))
            rule = "a whole number from 1 to 1000";
        break;
    case VALUE_RISK_TOLERANCE:
        if (!(v > 0 && v <= 1e-2))
            rule = "in (0, 0.01]";
        break;
    default:
        return value__fail(VALUE_EINVAL, "%s is a result, not a setting (settings: VALUE_RISK_INTERCEPT, "
                                         "VALUE_RISK_MAX_ITER, VALUE_RISK_TOLERANCE)", name);
    }
    if (rule != NULL) {
        char s[32];
        value__format_shortest(v, s, sizeof s);
        return value__fail(VALUE_EINVAL, "%s must be %s, got %s", name, rule, s);
    }
    switch (param) {
    case VALUE_RISK_INTERCEPT:
        if ((v == 1) != m->intercept) {
            m->intercept = v == 1;
            m->n_coef = m->n_cols + (m->intercept ? 1 : 0);
            value__risk_install(m, RISK_EMPTY, NULL, NULL, NULL);
        }
        break;
    case VALUE_RISK_MAX_ITER: m->max_iter = (int)v; break;
    default: m->tolerance = v; break;
    }
    return VALUE_OK;
}

int value_risk_get(const value_risk *m, value_risk_param param, double *out)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out, "out")))
        return rc;
    const char *name = param_name((int)param);
    if (name == NULL)
        return bad_param((int)param);
    double v;
    switch (param) {
    case VALUE_RISK_INTERCEPT: *out = m->intercept ? 1 : 0; return VALUE_OK;
    case VALUE_RISK_MAX_ITER: *out = m->max_iter; return VALUE_OK;
    case VALUE_RISK_TOLERANCE: *out = m->tolerance; return VALUE_OK;
    case VALUE_RISK_N_COEF: *out = (double)m->n_coef; return VALUE_OK;
    case VALUE_RISK_TAU:
    case VALUE_RISK_N_PROVIDERS:
        if (m->state != RISK_FITTED_HIER)
            return value__fail(VALUE_ESTATE, "%s is a result of value_risk_fit_random_intercept(), and the model "
                                             "has no random-intercept fit", name);
        *out = param == VALUE_RISK_TAU ? m->tau : (double)m->n_providers;
        return VALUE_OK;
    default: break;
    }
    if (m->state == RISK_EMPTY)
        return value__fail(VALUE_ESTATE, "%s is a result, and the model has not been fitted", name);
    if (m->state == RISK_LOADED)
        return value__fail(VALUE_ESTATE, "%s is unknown for a model loaded from coefficients (it was not fitted here)",
                           name);
    switch (param) {
    case VALUE_RISK_DEVIANCE: v = m->deviance; break;
    case VALUE_RISK_NULL_DEVIANCE: v = m->null_deviance; break;
    case VALUE_RISK_AIC: v = m->aic; break;
    case VALUE_RISK_DISPERSION: v = m->dispersion; break;
    case VALUE_RISK_ITERATIONS: v = m->iterations; break;
    case VALUE_RISK_N_OBS: v = (double)m->n_obs; break;
    case VALUE_RISK_DF_RESIDUAL: v = (double)m->df_residual; break;
    default: v = m->loglik; break; /* VALUE_RISK_LOGLIK */
    }
    /* a random-intercept fit leaves NaN in the results it does not have */
    if (isnan(v))
        return value__fail(VALUE_ESTATE, "%s is not available for this model's fit", name);
    *out = v;
    return VALUE_OK;
}

int value_risk_set_column_name(value_risk *m, size_t col, const char *name)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(name, "name")))
        return rc;
    if (col >= m->n_cols) {
        if (m->n_cols == 0)
            return value__fail(VALUE_EINVAL, "col is %zu, but the model has no columns", col);
        return value__fail(VALUE_EINVAL, "col is %zu, but the model has %zu columns (0 to %zu)", col, m->n_cols,
                           m->n_cols - 1);
    }
    if (name[0] == '\0')
        return value__fail(VALUE_EINVAL, "name is empty; column %zu needs a non-empty name", col);
    for (size_t j = 0; j < m->n_cols; j++)
        if (j != col && strcmp(m->names[j], name) == 0)
            return value__fail(VALUE_EINVAL, "name '%s' is already the name of column %zu", name, j);
    char *copy = value__strdup(name);
    if (copy == NULL)
        return value__fail(VALUE_ENOMEM, "value_risk_set_column_name: out of memory");
    free(m->names[col]);
    m->names[col] = copy;
    return VALUE_OK;
}

int value_risk_coef_name(const value_risk *m, size_t k, const char **out)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (k >= m->n_coef)
        return value__fail(VALUE_EINVAL, "k is %zu, but the model has %zu coefficients (0 to %zu)", k, m->n_coef,
                           m->n_coef - 1);
    *out = coef_name(m, k);
    return VALUE_OK;
}

/* ---- the families, as R's (stats/src/family.c and make.link) ----------------- */

#define LOGIT_THRESH 30.0

static inline double linkinv(value_risk_family f, double eta)
{
    switch (f) {
    case VALUE_RISK_BINOMIAL: {
        double t = eta < -LOGIT_THRESH ? DBL_EPSILON : eta > LOGIT_THRESH ? 1.0 / DBL_EPSILON : exp(eta);
        return t / (1.0 + t);
    }
    case VALUE_RISK_GAUSSIAN: return eta;
    default: return fmax(exp(eta), DBL_EPSILON); /* log link */
    }
}

static inline double linkfun(value_risk_family f, double mu)
{
    switch (f) {
    case VALUE_RISK_BINOMIAL: return log(mu / (1.0 - mu));
    case VALUE_RISK_GAUSSIAN: return mu;
    default: return log(mu);
    }
}

/* d mu / d eta at eta. */
static inline double mu_eta(value_risk_family f, double eta)
{
    switch (f) {
    case VALUE_RISK_BINOMIAL: {
        if (eta > LOGIT_THRESH || eta < -LOGIT_THRESH)
            return DBL_EPSILON;
        double e = exp(eta), opexp = 1.0 + e;
        return e / (opexp * opexp);
    }
    case VALUE_RISK_GAUSSIAN: return 1.0;
    default: return fmax(exp(eta), DBL_EPSILON);
    }
}

/* d mu / d eta from mu and eta, without exp(): mu (1 - mu) for the logit
 * (R's clamp beyond +-30 kept), mu for the log link. */
static inline double mu_eta_mu(value_risk_family f, double eta, double mu)
{
    switch (f) {
    case VALUE_RISK_BINOMIAL:
        return eta > LOGIT_THRESH || eta < -LOGIT_THRESH ? DBL_EPSILON : mu * (1.0 - mu);
    case VALUE_RISK_GAUSSIAN: return 1.0;
    default: return mu;
    }
}

static inline double variance(value_risk_family f, double mu)
{
    switch (f) {
    case VALUE_RISK_BINOMIAL: return mu * (1.0 - mu);
    case VALUE_RISK_POISSON: return mu;
    case VALUE_RISK_GAUSSIAN: return 1.0;
    default: return mu * mu;
    }
}

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

/* ---- densities for the AIC, as R's nmath (Loader's saddle point) -------------- */

#define LN_SQRT_2PI 0.918938533204672741780329736406 /* log(sqrt(2 pi)) */
#define LN_2PI 1.837877066409345483560659472811
#define TWO_PI 6.283185307179586476925286766559

static double lngamma(double x)
{
    gsl_sf_result r;
    return gsl_sf_lngamma_e(x, &r) == 0 ? r.val : NAN;
}

/* log(n!) - log(sqrt(2 pi n) (n/e)^n), R's stirlerr() (for n > 15 the
 * series; below, from log Gamma, as R does for n not a half-integer). */
static double stirlerr(double n)
{
    const double S0 = 1.0 / 12, S1 = 1.0 / 360, S2 = 1.0 / 1260, S3 = 1.0 / 1680, S4 = 1.0 / 1188;
    if (n <= 15.0)
        return lngamma(n + 1.0) - (n + 0.5) * log(n) + n - LN_SQRT_2PI;
    double nn = n * n;
    if (n > 500)
        return (S0 - S1 / nn) / n;
    if (n > 80)
        return (S0 - (S1 - S2 / nn) / nn) / n;
    if (n > 35)
        return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
    return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/* x log(x/np) + np - x without cancellation, R's bd0(). */
static double bd0(double x, double np)
{
    if (fabs(x - np) < 0.1 * (x + np)) {
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

/* log of the Poisson density at x >= 0 (not necessarily whole) with mean
 * lambda > 0, R's dpois_raw(log = TRUE). */
static double log_dpois_raw(double x, double lambda)
{
    if (x <= lambda * DBL_MIN)
        return -lambda;
    if (lambda < x * DBL_MIN)
        return -lambda + x * log(lambda) - lngamma(x + 1);
    return -0.5 * log(TWO_PI * x) - stirlerr(x) - bd0(x, lambda);
}

/* log dbinom(x; n, p), R's dbinom_raw(log = TRUE) with q = 1 - p. */
static double log_dbinom(double x, double n, double p)
{
    double q = 1.0 - p;
    if (p == 0)
        return x == 0 ? 0 : -INFINITY;
    if (q == 0)
        return x == n ? 0 : -INFINITY;
    if (x == 0) {
        if (n == 0)
            return 0;
        return p < 0.1 ? -bd0(n, n * q) - n * p : n * log(q);
    }
    if (x == n)
        return q < 0.1 ? -bd0(n, n * p) - n * q : n * log(p);
    double lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
    double lf = LN_2PI + log(x) + log1p(-x / n);
    return lc - 0.5 * lf;
}

/* log dgamma(x; shape, scale), R's dgamma(log = TRUE), x > 0. */
static double log_dgamma(double x, double shape, double scale)
{
    if (shape < 1)
        return log_dpois_raw(shape, x / scale) + log(shape / x);
    return log_dpois_raw(shape - 1, x / scale) - log(scale);
}

/* ---- IRLS ---------------------------------------------------------------------- */

/* pass_accumulate()'s vectors and buffers (see there). */
typedef double v2 __attribute__((vector_size(2 * sizeof(double))));
#define TILE 64
#define PAIRS (TILE / 2)

typedef struct acc_work {
    v2 *xt, *wxt;  /* p x PAIRS each */
    v2 *wz;        /* PAIRS: working weight times z */
    v2 *acc;       /* 2 (p x p + p): two partial sums per entry of X'WX (upper triangle), then of X'Wz */
} acc_work;

static void *alloc_v2(size_t count)
{
    return aligned_alloc(sizeof(v2), (count ? count : 1) * sizeof(v2)); /* a multiple of the alignment */
}

static void acc_free(acc_work *a)
{
    free(a->xt);
    free(a->wxt);
    free(a->wz);
    free(a->acc);
    a->xt = a->wxt = a->wz = a->acc = NULL;
}

static int acc_alloc(acc_work *a, size_t p)
{
    a->xt = alloc_v2(p * PAIRS);
    a->wxt = alloc_v2(p * PAIRS);
    a->wz = alloc_v2(PAIRS);
    a->acc = alloc_v2(2 * (p * p + p));
    if (!a->xt || !a->wxt || !a->wz || !a->acc) {
        acc_free(a);
        return VALUE_ENOMEM;
    }
    return VALUE_OK;
}

/* One IRLS problem: the data, the working arrays and the state. */
typedef struct irls {
    value_risk_family fam;
    size_t n, nc, p;     /* rows, covariate columns, coefficients */
    bool icpt;           /* coefficient 0 is the intercept */
    const double *x, *y, *w, *off; /* w and off may be NULL (1 and 0) */
    const double *mean;  /* nc column centres (the intercept's reparameterization), or NULL for 0 */
    const double *scale; /* nc root mean squares about the centres, for step sizes; may be NULL */
    double *eta, *mu;    /* n each, of the current coefficients */
    double *A, *L;       /* p x p: X'WX (upper triangle) and its Cholesky factor (lower) */
    double *rhs;         /* p */
    acc_work work;       /* pass_accumulate()'s buffers */
    double *beta, *beta_old;          /* p, centred parameterization */
    double dev, devold;
    int iter;
    bool converged;
    bool have_old;
    double last_change;  /* |D - D_old|/(|D| + 0.1) of the last iteration */
    double last_step;    /* step_size() of the last iteration's change in beta */
    double prev_step;    /* and of the one before */
    size_t bad;          /* after SINGULAR: the column whose pivot vanished */
} irls;

static void irls_free(irls *ir)
{
    free(ir->A);
    free(ir->L);
    free(ir->rhs);
    acc_free(&ir->work);
    free(ir->beta);
    free(ir->beta_old);
}

/* The small arrays (eta and mu are the caller's). */
static int irls_alloc(irls *ir)
{
    size_t p = ir->p, pp = p * p;
    ir->A = malloc(pp * sizeof *ir->A);
    ir->L = malloc(pp * sizeof *ir->L);
    ir->rhs = malloc(p * sizeof *ir->rhs);
    ir->beta = calloc(p, sizeof *ir->beta);
    ir->beta_old = calloc(p, sizeof *ir->beta_old);
    int rc = acc_alloc(&ir->work, p);
    if (rc || !ir->A || !ir->L || !ir->rhs || !ir->beta || !ir->beta_old) {
        irls_free(ir);
        return VALUE_ENOMEM;
    }
    return VALUE_OK;
}

static inline double weight(const irls *ir, size_t i)
{
    return ir->w ? ir->w[i] : 1.0;
}

static inline double offset_at(const irls *ir, size_t i)
{
    return ir->off ? ir->off[i] : 0.0;
}

/* The intercept in the uncentred parameterization: beta_0 - sum_j b_j m_j. */
static double uncentred_intercept(const irls *ir, const double *beta)
{
    if (!ir->icpt)
        return 0.0;
    double c = beta[0];
    if (ir->mean)
        for (size_t j = 0; j < ir->nc; j++)
            c -= beta[j + 1] * ir->mean[j];
    return c;
}

/* eta = offset + X beta, mu = linkinv(eta) for every row, and the
 * deviance (summed block by block). */
static double pass_eta(irls *ir, const double *beta)
{
    const size_t nc = ir->nc, n = ir->n;
    const double *b = beta + (ir->icpt ? 1 : 0);
    const double c = uncentred_intercept(ir, beta);
    const value_risk_family f = ir->fam;
    double dev = 0;
    for (size_t i0 = 0; i0 < n; i0 += BLOCK) {
        size_t i1 = i0 + BLOCK < n ? i0 + BLOCK : n;
        double part = 0;
        for (size_t i = i0; i < i1; i++) {
            const double *xi = ir->x + i * nc;
            double e = c + offset_at(ir, i);
            for (size_t j = 0; j < nc; j++)
                e += b[j] * xi[j];
            double mu = linkinv(f, e);
            ir->eta[i] = e;
            ir->mu[i] = mu;
            double wi = weight(ir, i);
            if (wi > 0)
                part += dev_resid(f, ir->y[i], mu, wi);
        }
        dev += part;
    }
    return dev;
}

/*
 * X'WX (upper triangle) and X'Wz over the rows with positive weight, with
 * W and z from the current eta and mu, as glm.fit.
 *
 * The kernel: rows with positive weight are gathered TILE at a time into
 * column-major tiles of 2-row vectors (xt: the centred covariates, wxt:
 * the same times the working weight), and each entry (j, k) of X'WX is
 * the dot product of wxt's column j and xt's column k, two rows per
 * vector operation, in two interleaved partial sums.  The vector type and
 * the order of the sums are fixed in the source whatever the processor
 * (GCC/Clang lower the type to whatever the instruction set has), so the
 * result is the same everywhere.  The partial sums are added into A every
 * BLOCK rows.
 */

/* Dot product of n pairs (n >= 1): lanes summed in two interleaved
 * partial sums, a fixed order. */
static inline void dot2(const v2 *restrict a, const v2 *restrict b, size_t n, v2 *restrict out)
{
    v2 s0 = a[0] * b[0], s1 = {0, 0};
    size_t g = 1;
    for (; g + 1 < n; g += 2) {
        s1 += a[g] * b[g];
        s0 += a[g + 1] * b[g + 1];
    }
    if (g < n)
        s1 += a[g] * b[g];
    out[0] += s0;
    out[1] += s1;
}

/* Add one tile of `used` rows (slots past it in the last pair zeroed
 * here) into acc. */
static void flush_tile(acc_work *a, size_t p, size_t used)
{
    const size_t n2 = (used + 1) / 2;
    if (used % 2) {
        for (size_t j = 0; j < p; j++) {
            a->xt[j * PAIRS + used / 2][1] = 0;
            a->wxt[j * PAIRS + used / 2][1] = 0;
        }
        a->wz[used / 2][1] = 0;
    }
    v2 *acc = a->acc;
    for (size_t j = 0; j < p; j++) {
        const v2 *wj = a->wxt + j * PAIRS;
        for (size_t k = j; k < p; k++)
            dot2(wj, a->xt + k * PAIRS, n2, acc + 2 * (j * p + k));
        dot2(a->wz, a->xt + j * PAIRS, n2, acc + 2 * (p * p + j));
    }
}

/* A += the partial sums in acc (in a fixed order), then acc = 0. */
static void flush_acc(acc_work *a, size_t p, double *A, double *rhs)
{
    for (size_t j = 0; j < p; j++) {
        for (size_t k = j; k < p; k++) {
            v2 *s = a->acc + 2 * (j * p + k);
            A[j * p + k] += (s[0][0] + s[0][1]) + (s[1][0] + s[1][1]);
            s[0] = s[1] = (v2){0, 0};
        }
        v2 *s = a->acc + 2 * (p * p + j);
        rhs[j] += (s[0][0] + s[0][1]) + (s[1][0] + s[1][1]);
        s[0] = s[1] = (v2){0, 0};
    }
}

static void pass_accumulate(irls *ir)
{
    const size_t nc = ir->nc, n = ir->n, p = ir->p, ic = ir->icpt ? 1 : 0;
    const value_risk_family f = ir->fam;
    acc_work *a = &ir->work;
    memset(ir->A, 0, p * p * sizeof *ir->A);
    memset(ir->rhs, 0, p * sizeof *ir->rhs);
    for (size_t k = 0; k < 2 * (p * p + p); k++)
        a->acc[k] = (v2){0, 0};
    size_t used = 0, since_flush = 0;
    for (size_t i = 0; i < n; i++) {
        double wi = weight(ir, i);
        if (!(wi > 0))
            continue;
        double e = ir->eta[i], mu = ir->mu[i];
        double me = mu_eta_mu(f, e, mu);
        double wt = wi * me * me / variance(f, mu);
        double z = (e - offset_at(ir, i)) + (ir->y[i] - mu) / me;
        const double *xi = ir->x + i * nc;
        const size_t g = used / 2, l = used % 2;
        if (ic) {
            a->xt[g][l] = 1.0;
            a->wxt[g][l] = wt;
        }
        for (size_t j = 0; j < nc; j++) {
            double v = ir->mean ? xi[j] - ir->mean[j] : xi[j];
            a->xt[(ic + j) * PAIRS + g][l] = v;
            a->wxt[(ic + j) * PAIRS + g][l] = wt * v;
        }
        a->wz[g][l] = wt * z;
        if (++used == TILE) {
            flush_tile(a, p, used);
            used = 0;
            if ((since_flush += TILE) >= BLOCK) {
                flush_acc(a, p, ir->A, ir->rhs);
                since_flush = 0;
            }
        }
    }
    if (used > 0)
        flush_tile(a, p, used);
    flush_acc(a, p, ir->A, ir->rhs);
}

/* Cholesky factor L (lower, row-major) of A (upper triangle).  Returns
 * VALUE_OK, or the column (>= 0 as *bad) whose pivot is too small
 * relative to its diagonal (VALUE_EDOM), with *overflow set when that
 * diagonal is not finite. */
static int cholesky(irls *ir, double tol, size_t *bad, bool *overflow)
{
    const size_t p = ir->p;
    const double *A = ir->A;
    double *L = ir->L;
    for (size_t j = 0; j < p; j++) {
        double ajj = A[j * p + j];
        if (!isfinite(ajj)) {
            *bad = j;
            *overflow = true;
            return VALUE_EDOM;
        }
        double d = ajj;
        for (size_t k = 0; k < j; k++)
            d -= L[j * p + k] * L[j * p + k];
        if (!(d > tol * ajj) || !(ajj > 0)) {
            *bad = j;
            *overflow = false;
            return VALUE_EDOM;
        }
        double ljj = sqrt(d);
        L[j * p + j] = ljj;
        for (size_t i = j + 1; i < p; i++) {
            double s = A[j * p + i]; /* A[i][j] = A[j][i], upper triangle */
            for (size_t k = 0; k < j; k++)
                s -= L[i * p + k] * L[j * p + k];
            L[i * p + j] = s / ljj;
        }
        for (size_t k = j + 1; k < p; k++)
            L[j * p + k] = 0.0;
    }
    return VALUE_OK;
}

/* Solve L L' beta = rhs into out. */
static void chol_solve(const double *L, size_t p, const double *rhs, double *out)
{
    for (size_t i = 0; i < p; i++) {
        double s = rhs[i];
        for (size_t k = 0; k < i; k++)
            s -= L[i * p + k] * out[k];
        out[i] = s / L[i * p + i];
    }
    for (size_t i = p; i-- > 0;) {
        double s = out[i];
        for (size_t k = i + 1; k < p; k++)
            s -= L[k * p + i] * out[k];
        out[i] = s / L[i * p + i];
    }
}

/* (L L')^{-1} into out (p x p, full). */
static int chol_inverse(const double *L, size_t p, double *out)
{
    double *Li = calloc(p * p, sizeof *Li); /* L^{-1}, lower */
    if (Li == NULL)
        return VALUE_ENOMEM;
    for (size_t c = 0; c < p; c++) {
        for (size_t i = c; i < p; i++) {
            double s = i == c ? 1.0 : 0.0;
            for (size_t k = c; k < i; k++)
                s -= L[i * p + k] * Li[k * p + c];
            Li[i * p + c] = s / L[i * p + i];
        }
    }
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j <= i; j++) {
            double s = 0;
            for (size_t k = i; k < p; k++)
                s += Li[k * p + i] * Li[k * p + j];
            out[i * p + j] = out[j * p + i] = s;
        }
    free(Li);
    return VALUE_OK;
}

/* The name of coefficient k of an IRLS problem in messages. */
static const char *ir_coef_name(const value_risk *m, const irls *ir, size_t k)
{
    return ir->nc == m->n_cols ? coef_name(m, k) : "(Intercept)";
}

static int rank_error(const value_risk *m, const irls *ir, size_t bad, bool overflow)
{
    const char *name = ir_coef_name(m, ir, bad);
    if (overflow)
        return value__fail(VALUE_EDOM, "x: the weighted sum of squares of column '%s' overflows (x or y too "
                                       "large in magnitude); rescale", name);
    if (ir->A[bad * ir->p + bad] == 0 && ir->icpt && bad > 0)
        return value__fail(VALUE_EDOM, "x: column '%s' is constant over the rows with positive weight, so it "
                                       "duplicates the intercept (rank-deficient design)", name);
    if (ir->A[bad * ir->p + bad] == 0)
        return value__fail(VALUE_EDOM, "x: column '%s' is 0 in every row with positive weight (rank-deficient "
                                       "design)", name);
    return value__fail(VALUE_EDOM, "x: column '%s' is linearly dependent on earlier columns (rank-deficient design)",
                       name);
}

/* Starting values: the family's (mustart NULL) or the given fitted
 * values, as glm.fit's eta = linkfun(mustart), mu = linkinv(eta). */
static void irls_start(irls *ir, const double *mustart)
{
    const value_risk_family f = ir->fam;
    double dev = 0;
    for (size_t i0 = 0; i0 < ir->n; i0 += BLOCK) {
        size_t i1 = i0 + BLOCK < ir->n ? i0 + BLOCK : ir->n;
        double part = 0;
        for (size_t i = i0; i < i1; i++) {
            double y = ir->y[i], wi = weight(ir, i), ms;
            if (mustart)
                ms = mustart[i];
            else if (f == VALUE_RISK_BINOMIAL)
                ms = (wi * y + 0.5) / (wi + 1.0);
            else if (f == VALUE_RISK_POISSON)
                ms = y + 0.1;
            else
                ms = y;
            double e = linkfun(f, ms);
            double mu = linkinv(f, e);
            ir->eta[i] = e;
            ir->mu[i] = mu;
            if (wi > 0)
                part += dev_resid(f, y, mu, wi);
        }
        dev += part;
    }
    ir->devold = dev;
    ir->dev = dev;
    ir->iter = 0;
    ir->converged = false;
    ir->have_old = false;
    ir->last_change = INFINITY;
    ir->last_step = ir->prev_step = INFINITY;
}

/* The largest step between two coefficient vectors, each covariate's
 * change times its root mean square (the change it makes to eta, in
 * the data's units); the intercept is counted when `with_intercept`.
 * *which is the coefficient with the largest such step. */
static double step_size(const irls *ir, const double *a, const double *b, bool with_intercept, size_t *which)
{
    double s = -1;
    size_t ic = ir->icpt ? 1 : 0;
    *which = 0;
    for (size_t k = 0; k < ir->p; k++) {
        if (k < ic && !with_intercept)
            continue;
        double d = fabs(a[k] - b[k]) * (k < ic || !ir->scale ? 1.0 : ir->scale[k - ic]);
        if (d > s) {
            s = d;
            *which = k;
        }
    }
    return s < 0 ? 0 : s;
}

/* One least-squares step from the current eta and mu to ir->beta (the
 * previous coefficients kept in beta_old by the caller).  `first`: judge
 * the design's rank (VALUE_EDOM); otherwise a singular X'WX returns
 * SINGULAR with ir->bad set. */
static int irls_solve(const value_risk *m, irls *ir, bool first)
{
    size_t bad;
    bool overflow;
    pass_accumulate(ir);
    if (cholesky(ir, first ? RANK_TOL : SINGULAR_TOL, &bad, &overflow)) {
        if (overflow && !first) /* glm.fit stops here too ("NA/NaN/Inf in 'x'") */
            return value__fail(VALUE_ENOTCONV, "IRLS diverged at iteration %d: the working weights overflow",
                               ir->iter);
        if (first)
            return rank_error(m, ir, bad, overflow);
        ir->bad = bad;
        return SINGULAR;
    }
    chol_solve(ir->L, ir->p, ir->rhs, ir->beta);
    return VALUE_OK;
}

/* IRLS as glm.fit, from the state irls_start() left, up to max_iter
 * iterations.  Returns VALUE_OK with ir->converged telling whether the
 * deviance settled within the cap, SINGULAR, or an error: VALUE_EDOM
 * (rank), VALUE_ENOTCONV (no finite step). */
static int irls_run(const value_risk *m, irls *ir, int max_iter, double tol)
{
    const size_t p = ir->p;
    for (int iter = 1; iter <= max_iter; iter++) {
        ir->iter = iter;
        int rc = irls_solve(m, ir, iter == 1);
        if (rc)
            return rc;
        for (size_t k = 0; k < p; k++)
            if (!isfinite(ir->beta[k]))
                return value__fail(VALUE_ENOTCONV, "IRLS: non-finite coefficients at iteration %d", iter);
        double dev = pass_eta(ir, ir->beta);
        if (!isfinite(dev)) {
            /* step halving toward the previous coefficients, as glm.fit */
            if (!ir->have_old)
                return value__fail(VALUE_ENOTCONV, "IRLS: no valid set of coefficients found at the first "
                                                   "iteration (the deviance is not finite)");
            for (int ii = 1; !isfinite(dev); ii++) {
                if (ii > max_iter)
                    return value__fail(VALUE_ENOTCONV, "IRLS: step halving at iteration %d could not make the "
                                                       "deviance finite", iter);
                for (size_t k = 0; k < p; k++)
                    ir->beta[k] = 0.5 * (ir->beta[k] + ir->beta_old[k]);
                dev = pass_eta(ir, ir->beta);
            }
        }
        /* With R's clamped inverse links a finite deviance implies valid
         * mu and eta, so glm.fit's second (validity) halving loop cannot
         * trigger here. */
        size_t which;
        ir->prev_step = ir->last_step;
        ir->last_step = ir->have_old ? step_size(ir, ir->beta, ir->beta_old, true, &which) : INFINITY;
        ir->dev = dev;
        ir->last_change = fabs(dev - ir->devold) / (fabs(dev) + 0.1);
        if (ir->last_change < tol) {
            ir->converged = true;
            return VALUE_OK;
        }
        ir->devold = dev;
        memcpy(ir->beta_old, ir->beta, p * sizeof *ir->beta);
        ir->have_old = true;
    }
    return VALUE_OK;
}

static bool any_extreme(const irls *ir)
{
    for (size_t i = 0; i < ir->n; i++)
        if (weight(ir, i) > 0 && (ir->mu[i] < SEP_EXTREME || ir->mu[i] > 1 - SEP_EXTREME))
            return true;
    return false;
}

static int separation_error(const value_risk *m, size_t k)
{
    return value__fail(VALUE_EDOM,
                       "separation: column '%s' separates the outcome completely or quasi-completely (its "
                       "coefficient diverges); fitted probabilities reach 0 or 1",
                       coef_name(m, k));
}

/* Separation (binomial).  When IRLS stops with coefficients still moving
 * (a step not much smaller than the one before, where a finite estimate
 * would show quadratic convergence) or fitted probabilities near 0 or 1,
 * or hits the cap, continue a few iterations: a
 * finite maximum-likelihood estimate makes the steps shrink (quadratic
 * convergence), separation keeps them about constant while probabilities
 * run to 0 or 1 and the information in the diverging direction vanishes.
 * The column named is the one whose coefficient moved most (scaled by
 * the column's spread).  May change eta, mu, beta and beta_old (*touched
 * then says so).  Returns VALUE_OK or VALUE_EDOM. */
static int separation_check(const value_risk *m, irls *ir, const double *beta_final, bool *touched)
{
    const size_t p = ir->p;
    size_t which;
    bool moving = ir->last_step > SEP_SMALL_STEP && ir->last_step > SEP_SHRINK * ir->prev_step;
    *touched = false;
    if (ir->converged && !moving && !any_extreme(ir))
        return VALUE_OK;
    *touched = true;
    for (int k = 0; k < SEP_EXTRA; k++) {
        memcpy(ir->beta_old, ir->beta, p * sizeof *ir->beta);
        int rc = irls_solve(m, ir, false);
        if (rc == SINGULAR && any_extreme(ir)) {
            if (k == 0 || step_size(ir, ir->beta_old, beta_final, ir->nc == 0, &which) == 0)
                which = ir->bad;
            return separation_error(m, which);
        }
        if (rc)
            return VALUE_OK; /* cannot tell: the caller reports what IRLS found */
        for (size_t j = 0; j < p; j++)
            if (!isfinite(ir->beta[j]))
                return VALUE_OK;
        if (step_size(ir, ir->beta, ir->beta_old, true, &which) <= SEP_SMALL_STEP)
            return VALUE_OK; /* settling: a finite estimate */
        (void)pass_eta(ir, ir->beta);
    }
    if (!any_extreme(ir))
        return VALUE_OK;
    (void)step_size(ir, ir->beta, beta_final, ir->nc == 0, &which);
    return separation_error(m, which);
}

/* ---- fit ------------------------------------------------------------------------ */

static int bad_x(const value_risk *m, size_t i, size_t j, double v)
{
    char s[32];
    value__format_shortest(v, s, sizeof s);
    return value__fail(VALUE_EINVAL, "x: row %zu, column '%s' is %s", i, m->names[j], s);
}

static int bad_value(const char *what, size_t i, double v, const char *rule)
{
    char s[32];
    value__format_shortest(v, s, sizeof s);
    if (rule == NULL)
        return value__fail(VALUE_EINVAL, "%s[%zu] is %s", what, i, s);
    return value__fail(VALUE_EINVAL, "%s[%zu] is %s; %s", what, i, s, rule);
}

/* Check x (n x n_cols, finite); x may be NULL only without columns. */
static int check_x(const value_risk *m, const double *x, size_t n_x, size_t n)
{
    size_t want = value__mul_size(n, m->n_cols);
    if (n_x != want) {
        if (want == SIZE_MAX)
            return value__fail(VALUE_EINVAL, "n x n_cols overflows (n = %zu, n_cols = %zu)", n, m->n_cols);
        return value__fail(VALUE_EINVAL, "n_x must be n x n_cols = %zu x %zu = %zu, got %zu", n, m->n_cols, want,
                           n_x);
    }
    if (m->n_cols > 0 && x == NULL)
        return value__fail(VALUE_EINVAL, "x is NULL");
    for (size_t k = 0; k < n_x; k++)
        if (!isfinite(x[k]))
            return bad_x(m, k / m->n_cols, k % m->n_cols, x[k]);
    return VALUE_OK;
}

static int check_offset(const double *offset, size_t n)
{
    if (offset == NULL)
        return VALUE_OK;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(offset[i]))
            return bad_value("offset", i, offset[i], NULL);
    return VALUE_OK;
}

static int check_fit_input(const value_risk *m, const double *x, size_t n_x, const double *y,
                           const double *weights, const double *offset, size_t n, size_t *n_pos)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(y, "y")))
        return rc;
    if (n > SIZE_MAX / (2 * sizeof(double)))
        return value__fail(VALUE_EINVAL, "n is too large: %zu", n);
    if ((rc = check_x(m, x, n_x, n)))
        return rc;
    const value_risk_family f = m->family;
    for (size_t i = 0; i < n; i++) {
        double v = y[i];
        if (!isfinite(v))
            return bad_value("y", i, v, NULL);
        if (f == VALUE_RISK_BINOMIAL && !(v == 0 || v == 1))
            return bad_value("y", i, v, "a binomial outcome must be 0 or 1");
        if (f == VALUE_RISK_POISSON && !(v >= 0 && v == floor(v)))
            return bad_value("y", i, v, "a Poisson outcome must be a count (a whole number >= 0)");
        if (f == VALUE_RISK_GAMMA && !(v > 0))
            return bad_value("y", i, v, "a gamma outcome must be > 0");
    }
    size_t pos = n;
    if (weights != NULL) {
        pos = 0;
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(weights[i]))
                return bad_value("weights", i, weights[i], NULL);
            if (weights[i] < 0)
                return bad_value("weights", i, weights[i], "weights must be >= 0");
            pos += weights[i] > 0;
        }
    }
    if ((rc = check_offset(offset, n)))
        return rc;
    if (pos <= m->n_coef)
        return value__fail(VALUE_EINVAL,
                           "n: %zu observations with positive weight, but the model has %zu coefficients; it needs "
                           "more observations than coefficients",
                           pos, m->n_coef);
    if (f == VALUE_RISK_BINOMIAL && m->intercept) {
        size_t ones = 0;
        for (size_t i = 0; i < n; i++)
            ones += (weights == NULL || weights[i] > 0) && y[i] == 1;
        if (ones == 0 || ones == pos)
            return value__fail(VALUE_EDOM,
                               "y: every outcome with positive weight is %d; a logistic model with an intercept "
                               "cannot be fitted (the intercept diverges)",
                               ones == 0 ? 0 : 1);
    }
    *n_pos = pos;
    return VALUE_OK;
}

/* R's family()$aic(y, n, mu, wt, dev) over the rows with positive weight. */
static double family_aic(const irls *ir, double dev, size_t n_pos)
{
    const size_t n = ir->n;
    double s = 0;
    switch (ir->fam) {
    case VALUE_RISK_BINOMIAL:
        for (size_t i = 0; i < n; i++) {
            double wi = weight(ir, i);
            if (wi > 0)
                s += log_dbinom(nearbyint(wi * ir->y[i]), nearbyint(wi), ir->mu[i]);
        }
        return -2 * s;
    case VALUE_RISK_POISSON:
        for (size_t i = 0; i < n; i++) {
            double wi = weight(ir, i);
            if (wi > 0)
                s += wi * log_dpois_raw(ir->y[i], ir->mu[i]);
        }
        return -2 * s;
    case VALUE_RISK_GAUSSIAN: {
        double nobs = (double)n_pos;
        for (size_t i = 0; i < n; i++) {
            double wi = weight(ir, i);
            if (wi > 0)
                s += log(wi);
        }
        return nobs * (log(dev / nobs * TWO_PI) + 1) + 2 - s;
    }
    default: {
        double sw = 0;
        for (size_t i = 0; i < n; i++)
            sw += weight(ir, i);
        double disp = dev / sw;
        for (size_t i = 0; i < n; i++) {
            double wi = weight(ir, i);
            if (wi > 0)
                s += wi * log_dgamma(ir->y[i], 1 / disp, ir->mu[i] * disp);
        }
        return -2 * s + 2;
    }
    }
}

/* The null deviance: intercept-only (or offset-only) model, as glm(). */
static int null_deviance(const value_risk *m, irls *full, int max_iter, double tol, double *out)
{
    const size_t n = full->n;
    const value_risk_family f = full->fam;
    bool refit = false;
    if (full->icpt && full->off)
        for (size_t i = 0; i < n && !refit; i++)
            refit = full->off[i] != 0;
    if (!refit) {
        double wtdmu = NAN;
        if (full->icpt) {
            double swy = 0, sw = 0;
            for (size_t i = 0; i < n; i++) {
                swy += weight(full, i) * full->y[i];
                sw += weight(full, i);
            }
            wtdmu = swy / sw;
        }
        double dev = 0;
        for (size_t i = 0; i < n; i++) {
            double wi = weight(full, i);
            if (wi > 0)
                dev += dev_resid(f, full->y[i], full->icpt ? wtdmu : linkinv(f, offset_at(full, i)), wi);
        }
        *out = dev;
        return VALUE_OK;
    }
    /* glm() refits an intercept-only model with the offset, starting
     * from the full model's fitted values */
    irls nl = {.fam = f, .n = n, .nc = 0, .p = 1, .icpt = true, .x = full->x, .y = full->y, .w = full->w,
               .off = full->off, .eta = full->eta, .mu = full->mu};
    if (irls_alloc(&nl))
        return value__fail(VALUE_ENOMEM, "value_risk_fit: out of memory");
    irls_start(&nl, full->mu);
    int rc = irls_run(m, &nl, max_iter, tol);
    if (rc == SINGULAR) /* the intercept running off: keep the deviance reached, as R */
        rc = VALUE_OK;
    *out = nl.dev;
    irls_free(&nl);
    return rc;
}

int value_risk_fit(value_risk *m, const double *x, size_t n_x, const double *y, const double *weights,
                   const double *offset, size_t n)
{
    size_t n_pos = 0;
    int rc = check_fit_input(m, x, n_x, y, weights, offset, n, &n_pos);
    if (rc)
        return rc;
    const size_t nc = m->n_cols, p = m->n_coef;
    const bool icpt = m->intercept;

    static const double no_x[1] = {0}; /* x may be NULL without columns; never read */
    irls ir = {.fam = m->family, .n = n, .nc = nc, .p = p, .icpt = icpt, .x = x ? x : no_x, .y = y, .w = weights,
               .off = offset};
    double *mean = calloc(nc ? nc : 1, sizeof *mean);
    double *scale = calloc(nc ? nc : 1, sizeof *scale);
    double *beta_final = malloc(p * sizeof *beta_final);
    double *coef = malloc(p * sizeof *coef);
    double *cov = malloc(p * p * sizeof *cov);
    double *vc = malloc(p * p * sizeof *vc);
    ir.eta = malloc((n ? n : 1) * sizeof *ir.eta);
    ir.mu = malloc((n ? n : 1) * sizeof *ir.mu);
    bool have_small = false;
    if (mean && scale && beta_final && coef && cov && vc && ir.eta && ir.mu) {
        have_small = irls_alloc(&ir) == VALUE_OK;
    }
    if (!have_small) {
        rc = value__fail(VALUE_ENOMEM, "value_risk_fit: out of memory for %zu rows", n);
        goto done;
    }

    /* column centres (with an intercept) and spreads over the rows with
     * positive weight */
    for (size_t i = 0; i < n; i++)
        if (weight(&ir, i) > 0)
            for (size_t j = 0; j < nc; j++)
                mean[j] += x[i * nc + j];
    for (size_t j = 0; j < nc; j++)
        mean[j] = icpt ? mean[j] / (double)n_pos : 0.0;
    for (size_t i = 0; i < n; i++)
        if (weight(&ir, i) > 0)
            for (size_t j = 0; j < nc; j++) {
                double d = x[i * nc + j] - mean[j];
                scale[j] += d * d;
            }
    for (size_t j = 0; j < nc; j++)
        scale[j] = sqrt(scale[j] / (double)n_pos);
    ir.mean = icpt ? mean : NULL;
    ir.scale = scale;

    irls_start(&ir, NULL);
    rc = irls_run(m, &ir, m->max_iter, m->tolerance);
    if (rc == SINGULAR) {
        if (m->family == VALUE_RISK_BINOMIAL)
            rc = separation_error(m, ir.bad);
        else
            rc = value__fail(VALUE_ENOTCONV,
                             "IRLS: X'WX became numerically singular at iteration %d: the coefficient of '%s' runs "
                             "off to infinity (its working weights vanish, e.g. zero counts wherever the column is "
                             "nonzero)",
                             ir.iter, coef_name(m, ir.bad));
    }
    if (rc)
        goto done;
    const bool converged = ir.converged;
    const int iterations = ir.iter;
    const double dev = ir.dev, last_change = ir.last_change;
    memcpy(beta_final, ir.beta, p * sizeof *beta_final);
    if ((rc = chol_inverse(ir.L, p, vc))) {
        rc = value__fail(VALUE_ENOMEM, "value_risk_fit: out of memory");
        goto done;
    }

    if (m->family == VALUE_RISK_BINOMIAL) {
        bool touched;
        if ((rc = separation_check(m, &ir, beta_final, &touched)))
            goto done;
        if (touched)
            (void)pass_eta(&ir, beta_final); /* back to the fit's eta and mu */
    }
    if (!converged) {
        char c[32], t[32];
        value__format_shortest(last_change, c, sizeof c);
        value__format_shortest(m->tolerance, t, sizeof t);
        rc = value__fail(VALUE_ENOTCONV,
                         "IRLS did not converge in %d iterations (VALUE_RISK_MAX_ITER): the last relative change "
                         "in deviance was %s, above the tolerance %s",
                         iterations, c, t);
        goto done;
    }

    /* dispersion: 1, or Pearson's chi-square over the residual df */
    const size_t df = n_pos - p;
    double disp = 1.0;
    if (m->family == VALUE_RISK_GAUSSIAN || m->family == VALUE_RISK_GAMMA) {
        double s = 0;
        for (size_t i = 0; i < n; i++) {
            double wi = weight(&ir, i);
            if (wi > 0) {
                double r = y[i] - ir.mu[i];
                s += wi * r * r / variance(m->family, ir.mu[i]);
            }
        }
        disp = s / (double)df;
    }
    value__gsl_begin();
    double aic = family_aic(&ir, dev, n_pos) + 2.0 * (double)p;
    rc = value__gsl_end("value_risk_fit: AIC");
    if (rc)
        goto done;
    double k_ll = (double)p + (m->family == VALUE_RISK_GAUSSIAN || m->family == VALUE_RISK_GAMMA ? 1 : 0);
    double loglik = k_ll - aic / 2;

    double null_dev = NAN;
    if ((rc = null_deviance(m, &ir, m->max_iter, m->tolerance, &null_dev)))
        goto done;

    /* back to the caller's parameterization: intercept - sum b_j m_j, and
     * V = T Vc T' with T the identity but for row 0 = (1, -m) */
    memcpy(coef, beta_final, p * sizeof *coef);
    if (icpt) {
        coef[0] = uncentred_intercept(&ir, beta_final);
        for (size_t j = 0; j < p; j++) {
            double s = vc[0 * p + j];
            for (size_t k = 1; k < p; k++)
                s -= mean[k - 1] * vc[k * p + j];
            cov[0 * p + j] = s; /* row 0 of T Vc */
        }
        for (size_t i = 1; i < p; i++)
            for (size_t j = 0; j < p; j++)
                cov[i * p + j] = vc[i * p + j];
        /* (T Vc) T': column 0 becomes col0 - sum_k m_k col_k */
        for (size_t i = 0; i < p; i++) {
            double s = cov[i * p + 0];
            for (size_t k = 1; k < p; k++)
                s -= cov[i * p + k] * mean[k - 1];
            cov[i * p + 0] = s;
        }
        for (size_t i = 1; i < p; i++) /* keep it exactly symmetric */
            cov[0 * p + i] = cov[i * p + 0];
    } else {
        memcpy(cov, vc, p * p * sizeof *cov);
    }
    for (size_t k = 0; k < p * p; k++)
        cov[k] *= disp;

    value__risk_install(m, RISK_FITTED, coef, cov, NULL);
    coef = cov = NULL;
    m->deviance = dev;
    m->null_deviance = null_dev;
    m->aic = aic;
    m->dispersion = disp;
    m->loglik = loglik;
    m->n_obs = n_pos;
    m->df_residual = df;
    m->iterations = iterations;
    rc = VALUE_OK;

done:
    if (have_small)
        irls_free(&ir);
    free(ir.eta);
    free(ir.mu);
    free(mean);
    free(scale);
    free(beta_final);
    free(coef);
    free(cov);
    free(vc);
    return rc;
}

/* ---- loaded models, results, prediction ----------------------------------------- */

int value_risk_set_coefficients(value_risk *m, const double *coef, size_t n)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(coef, "coef")))
        return rc;
    if (n != m->n_coef)
        return value__fail(VALUE_EINVAL, "n must be p = %zu (%zu columns%s), got %zu", m->n_coef, m->n_cols,
                           m->intercept ? " + intercept" : ", no intercept", n);
    for (size_t k = 0; k < n; k++)
        if (!isfinite(coef[k])) {
            char s[32];
            value__format_shortest(coef[k], s, sizeof s);
            return value__fail(VALUE_EINVAL, "coef[%zu] ('%s') is %s", k, coef_name(m, k), s);
        }
    double *copy = malloc(n * sizeof *copy);
    if (copy == NULL)
        return value__fail(VALUE_ENOMEM, "value_risk_set_coefficients: out of memory");
    memcpy(copy, coef, n * sizeof *copy);
    value__risk_install(m, RISK_LOADED, copy, NULL, NULL);
    return VALUE_OK;
}

static int check_has_coef(const value_risk *m)
{
    if (m->state == RISK_EMPTY || m->coef == NULL)
        return value__fail(VALUE_ESTATE, "the model has no coefficients: fit it with value_risk_fit() or load them "
                                         "with value_risk_set_coefficients()");
    return VALUE_OK;
}

static int check_has_cov(const value_risk *m)
{
    int rc;
    if ((rc = check_has_coef(m)))
        return rc;
    if (m->cov == NULL)
        return value__fail(VALUE_ESTATE, "the coefficients' covariance is unknown for a model loaded from "
                                         "coefficients (it was not fitted here)");
    return VALUE_OK;
}

/* Two-sided p value of t on df degrees of freedom, 2 P(T > |t|) =
 * I_x(df/2, 1/2) with x = df/(df + t^2) (R's pt() takes the same route,
 * through pbeta), from the regularized incomplete beta function, which
 * keeps about 1e-14 relative accuracy far into the tail where
 * gsl_cdf_tdist_Q() loses digits.  Where that would underflow, the
 * t-distribution's own tail. */
static double t_pvalue(double t, double df)
{
    double x = df / (df + t * t);
    if (!(0.5 * df * log(x) > -690))
        return 2 * gsl_cdf_tdist_Q(fabs(t), df);
    return gsl_sf_beta_inc(0.5 * df, 0.5, x);
}

int value_risk_coefficients(const value_risk *m, double *out_coef, double *out_se, double *out_stat, double *out_p,
                            size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out_coef, "out_coef")) ||
        (rc = value__check_ptr(out_se, "out_se")) || (rc = value__check_ptr(out_stat, "out_stat")) ||
        (rc = value__check_ptr(out_p, "out_p")))
        return rc;
    if ((rc = check_has_coef(m)) || (rc = value__check_length("out_len", out_len, m->n_coef, "the model's coefficients")))
        return rc;
    const size_t p = m->n_coef;
    const bool z = m->family == VALUE_RISK_BINOMIAL || m->family == VALUE_RISK_POISSON;
    const double df = (double)m->df_residual;
    value__gsl_begin();
    for (size_t k = 0; k < p; k++) {
        double b = m->coef[k];
        double se = m->cov ? sqrt(m->cov[k * p + k]) : NAN;
        double stat = b / se;
        double pv = NAN;
        if (isfinite(stat))
            pv = z ? 2 * gsl_cdf_ugaussian_Q(fabs(stat)) : t_pvalue(stat, df);
        else if (isinf(stat)) /* a perfect fit: se = 0 */
            pv = 0;
        out_coef[k] = b;
        out_se[k] = se;
        out_stat[k] = stat;
        out_p[k] = pv;
    }
    return value__gsl_end("value_risk_coefficients");
}

int value_risk_covariance(const value_risk *m, double *out, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if ((rc = check_has_cov(m)) || (rc = value__check_length("out_len", out_len, m->n_coef * m->n_coef, "p^2")))
        return rc;
    memcpy(out, m->cov, m->n_coef * m->n_coef * sizeof *out);
    return VALUE_OK;
}

static int check_predict_input(const value_risk *m, const double *x, size_t n_x, const double *offset, size_t n,
                               const double *out_a, const char *name_a, const double *out_b, const char *name_b,
                               size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out_a, name_a)) ||
        (rc = value__check_ptr(out_b, name_b)))
        return rc;
    if ((rc = check_has_coef(m)))
        return rc;
    if ((rc = check_x(m, x, n_x, n)) || (rc = check_offset(offset, n)))
        return rc;
    return value__check_length("out_len", out_len, n, "n, the rows");
}

/* eta of row i: offset + intercept + x_i b. */
static double eta_row(const value_risk *m, const double *x, const double *offset, size_t i)
{
    const size_t nc = m->n_cols, ic = m->intercept ? 1 : 0;
    double e = (offset ? offset[i] : 0.0) + (ic ? m->coef[0] : 0.0);
    for (size_t j = 0; j < nc; j++)
        e += m->coef[ic + j] * x[i * nc + j];
    return e;
}

int value_risk_predict(const value_risk *m, const double *x, size_t n_x, const double *offset, size_t n,
                       double *out_eta, double *out_mu, size_t out_len)
{
    int rc = check_predict_input(m, x, n_x, offset, n, out_eta, "out_eta", out_mu, "out_mu", out_len);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        double e = eta_row(m, x, offset, i);
        out_eta[i] = e;
        out_mu[i] = linkinv(m->family, e);
    }
    return VALUE_OK;
}

int value_risk_predict_se(const value_risk *m, const double *x, size_t n_x, const double *offset, size_t n,
                          double *out_se_eta, double *out_se_mu, size_t out_len)
{
    int rc = check_predict_input(m, x, n_x, offset, n, out_se_eta, "out_se_eta", out_se_mu, "out_se_mu", out_len);
    if (rc)
        return rc;
    if ((rc = check_has_cov(m)))
        return rc;
    const size_t nc = m->n_cols, p = m->n_coef, ic = m->intercept ? 1 : 0;
    double *xr = malloc(p * sizeof *xr);
    if (xr == NULL)
        return value__fail(VALUE_ENOMEM, "value_risk_predict_se: out of memory");
    if (ic)
        xr[0] = 1.0;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < nc; j++)
            xr[ic + j] = x[i * nc + j];
        double q = 0;
        for (size_t a = 0; a < p; a++) {
            double s = 0;
            for (size_t b = 0; b < p; b++)
                s += m->cov[a * p + b] * xr[b];
            q += xr[a] * s;
        }
        double se = sqrt(fmax(q, 0.0));
        out_se_eta[i] = se;
        out_se_mu[i] = fabs(mu_eta(m->family, eta_row(m, x, offset, i))) * se;
    }
    free(xr);
    return VALUE_OK;
}
