/*
 * Risk-adjustment models: generalized linear models fitted by IRLS as R's
 * glm.fit, or loaded from published coefficients; prediction with
 * standard errors.  This file holds the handle and its settings, the fit
 * driver, loaded models and prediction; the families are in
 * risk_family.c, X'WX and the iteration in risk_irls.c.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fit follows stats::glm.fit (R 4.2) step by step: the family's
 * starting values, z = (eta - offset) + (y - mu)/mu.eta and
 * w = weights mu.eta^2 / V(mu) each iteration, a weighted least-squares
 * solve, step halving toward the previous coefficients when the deviance
 * is not finite, and the stopping rule |D - D_old|/(|D| + 0.1) < tol.
 * With an intercept the covariates are centred at their means inside the
 * fit (an exact reparameterization, undone here on the way out) so that
 * the normal equations are as well conditioned as the data allow.
 *
 * Where this departs from glm.fit, it refuses rather than warns: a
 * rank-deficient design (R drops the column, NA), a binary outcome
 * separated by a column (R returns huge coefficients with "fitted
 * probabilities numerically 0 or 1"; see risk_irls.c), and
 * non-convergence within the cap.  The Gaussian AIC is taken over the rows
 * with positive weight (R's sums log(0) for zero weights and reports
 * Inf); it equals R's for glm(..., subset = w > 0).  NULL weights or
 * offset mean all 1 or all 0; a non-zero offset with an intercept makes
 * the null deviance that of an intercept-only refit, as glm() does.
 *
 * In messages, rows are 0-based indices like the arrays; columns are named.
 */
#include "risk.h"
#include "core/linalg.h"

#include <gsl/gsl_cdf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITER_CAP 1000

/* ---- small helpers --------------------------------------------------------- */

const char *value__risk_coef_name(const value_risk *m, size_t k)
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
    if (value__family_name(family) == NULL)
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
            return value__fail(VALUE_EINVAL, "col is %zu, not in [0, 0) (the model has no columns)", col);
        return value__fail(VALUE_EINVAL, "col is %zu, not in [0, %zu) (the model has %zu columns)", col, m->n_cols,
                           m->n_cols);
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
        return value__fail(VALUE_EINVAL, "k is %zu, not in [0, %zu) (the model has %zu coefficients)", k, m->n_coef,
                           m->n_coef);
    *out = value__risk_coef_name(m, k);
    return VALUE_OK;
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

static inline double weight_at(const double *w, size_t i)
{
    return w ? w[i] : 1.0;
}

/* The null deviance: intercept-only (or offset-only) model, as glm().
 * Uses full's eta and mu as scratch. */
static int null_deviance(const value_risk *m, value__irls *full, int max_iter, double tol, double *out)
{
    const size_t n = full->n;
    const value_risk_family f = full->fam;
    bool refit = false;
    if (full->icpt && full->off)
        for (size_t i = 0; i < n && !refit; i++)
            refit = full->off[i] != 0;
    if (!refit) {
        /* the fitted value of every row: the weighted mean of y, or
         * linkinv(offset) without an intercept */
        if (full->icpt) {
            double swy = 0, sw = 0;
            for (size_t i = 0; i < n; i++) {
                swy += weight_at(full->w, i) * full->y[i];
                sw += weight_at(full->w, i);
            }
            double wtdmu = swy / sw;
            for (size_t i = 0; i < n; i++)
                full->mu[i] = wtdmu;
        } else if (full->off) {
            value__family_linkinv(f, full->off, full->mu, n);
        } else {
            double zero = 0, mu0;
            value__family_linkinv(f, &zero, &mu0, 1);
            for (size_t i = 0; i < n; i++)
                full->mu[i] = mu0;
        }
        *out = value__family_deviance(f, full->y, full->mu, full->w, n);
        return VALUE_OK;
    }
    /* glm() refits an intercept-only model with the offset, starting
     * from the full model's fitted values */
    value__irls nl = {.fam = f, .n = n, .nc = 0, .p = 1, .icpt = true, .x = full->x, .y = full->y, .w = full->w,
                      .off = full->off, .eta = full->eta, .mu = full->mu};
    if (value__irls_alloc(&nl))
        return value__fail(VALUE_ENOMEM, "value_risk_fit: out of memory");
    value__irls_start(&nl, full->mu);
    int rc = value__irls_run(m, &nl, max_iter, tol);
    if (rc == VALUE__IRLS_SINGULAR) /* the intercept running off: keep the deviance reached, as R */
        rc = VALUE_OK;
    *out = nl.dev;
    value__irls_free(&nl);
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
    value__irls ir = {.fam = m->family, .n = n, .nc = nc, .p = p, .icpt = icpt, .x = x ? x : no_x, .y = y,
                      .w = weights, .off = offset};
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
        have_small = value__irls_alloc(&ir) == VALUE_OK;
    }
    if (!have_small) {
        rc = value__fail(VALUE_ENOMEM, "value_risk_fit: out of memory for %zu rows", n);
        goto done;
    }

    /* column centres (with an intercept) and spreads over the rows with
     * positive weight */
    for (size_t i = 0; i < n; i++)
        if (weight_at(weights, i) > 0)
            for (size_t j = 0; j < nc; j++)
                mean[j] += x[i * nc + j];
    for (size_t j = 0; j < nc; j++)
        mean[j] = icpt ? mean[j] / (double)n_pos : 0.0;
    for (size_t i = 0; i < n; i++)
        if (weight_at(weights, i) > 0)
            for (size_t j = 0; j < nc; j++) {
                double d = x[i * nc + j] - mean[j];
                scale[j] += d * d;
            }
    for (size_t j = 0; j < nc; j++)
        scale[j] = sqrt(scale[j] / (double)n_pos);
    ir.mean = icpt ? mean : NULL;
    ir.scale = scale;

    value__irls_start(&ir, NULL);
    rc = value__irls_run(m, &ir, m->max_iter, m->tolerance);
    if (rc == VALUE__IRLS_SINGULAR)
        rc = value__irls_fail_singular(m, &ir);
    if (rc)
        goto done;
    const bool converged = ir.converged;
    const int iterations = ir.iter;
    const double dev = ir.dev, last_change = ir.last_change;
    memcpy(beta_final, ir.beta, p * sizeof *beta_final);
    value__chol_inverse(ir.L, p, vc);

    if (m->family == VALUE_RISK_BINOMIAL && (rc = value__irls_separation_check(m, &ir, beta_final)))
        goto done;
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
    if (m->family == VALUE_RISK_GAUSSIAN || m->family == VALUE_RISK_GAMMA)
        disp = value__family_pearson(m->family, y, ir.mu, weights, n) / (double)df;
    value__gsl_begin();
    double aic = value__family_aic(m->family, y, ir.mu, weights, n, dev, n_pos) + 2.0 * (double)p;
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
        coef[0] = value__irls_uncentred_intercept(&ir, beta_final);
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
        value__irls_free(&ir);
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
            return value__fail(VALUE_EINVAL, "coef[%zu] ('%s') is %s", k, value__risk_coef_name(m, k), s);
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
 * gsl_cdf_tdist_Q() loses digits.  Where that would underflow, and where
 * |t| < 1 on more than 2e5 degrees of freedom, the t-distribution's own
 * tail: there GSL's incomplete beta would go through its incomplete gamma,
 * outside the shapes that lib/core/gsl_guard.c shows converge, and the
 * beta form loses digits anyway (x rounds near 1: at df = 4e8, t = 0.001
 * it is 8e-6 off the normal limit 0.99920211557, which the Cornish-Fisher
 * form of gsl_cdf_tdist_Q() gives to 1e-12).  gsl_cdf_beta_P is GSL's CDF
 * form of the incomplete beta, which reports a continued fraction that
 * does not converge as NaN rather than through GSL's error handler (the
 * special function gsl_sf_beta_inc() would call the handler). */
static double t_pvalue(double t, double df)
{
    double x = df / (df + t * t);
    if (!(0.5 * df * log(x) > -690) || (df > 2e5 && fabs(t) < 1))
        return 2 * gsl_cdf_tdist_Q(fabs(t), df);
    return gsl_cdf_beta_P(x, 0.5 * df, 0.5);
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
    /* Every value is computed before any is written: a failed call writes
     * nothing. */
    double *tab = malloc(value__mul_size(4 * sizeof *tab, p));
    if (tab == NULL)
        return value__fail(VALUE_ENOMEM, "value_risk_coefficients: out of memory for %zu coefficients", p);
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
        if (isfinite(stat) && !(pv >= 0 && pv <= 1)) {
            char t[32];
            value__format_double(stat, t, sizeof t);
            value__gsl_end("value_risk_coefficients");
            free(tab);
            return value__fail(VALUE_ENUMERIC, "value_risk_coefficients: the p value of coefficient %zu (statistic %s) "
                               "cannot be computed", k, t);
        }
        tab[k] = b;
        tab[p + k] = se;
        tab[2 * p + k] = stat;
        tab[3 * p + k] = pv;
    }
    rc = value__gsl_end("value_risk_coefficients");
    if (rc == VALUE_OK) {
        memcpy(out_coef, tab, p * sizeof *tab);
        memcpy(out_se, tab + p, p * sizeof *tab);
        memcpy(out_stat, tab + 2 * p, p * sizeof *tab);
        memcpy(out_p, tab + 3 * p, p * sizeof *tab);
    }
    free(tab);
    return rc;
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

double value__risk_eta_row(const value_risk *m, const double *x, const double *offset, size_t i)
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
    /* Every row is checked before any is written: x beta can overflow
     * (coefficients and covariates are only required to be finite). */
    for (size_t i = 0; i < n; i++) {
        double eta = value__risk_eta_row(m, x, offset, i), mu;
        value__family_linkinv(m->family, &eta, &mu, 1);
        if (!isfinite(eta) || !isfinite(mu))
            return value__fail(VALUE_ERANGE, "row %zu: the %s overflows", i,
                               !isfinite(eta) ? "linear predictor x beta" : "predicted mean");
    }
    for (size_t i = 0; i < n; i++)
        out_eta[i] = value__risk_eta_row(m, x, offset, i);
    value__family_linkinv(m->family, out_eta, out_mu, n);
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
    /* Two passes, checking every row before writing any: the quadratic
     * form and the mean's derivative can overflow. */
    for (int write = 0; write <= 1; write++) {
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
            double se = sqrt(fmax(q, 0.0)), eta = value__risk_eta_row(m, x, offset, i), me;
            value__family_mu_eta(m->family, &eta, &me, 1);
            double se_mu = fabs(me) * se;
            if (!write && (!isfinite(se) || !isfinite(se_mu))) {
                free(xr);
                return value__fail(VALUE_ERANGE, "row %zu: the standard error of the %s overflows", i,
                                   !isfinite(se) ? "linear predictor" : "predicted mean");
            }
            if (write) {
                out_se_eta[i] = se;
                out_se_mu[i] = se_mu;
            }
        }
    }
    free(xr);
    return VALUE_OK;
}
