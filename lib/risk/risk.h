/*
 * The risk-adjustment model's private layout and its seams, shared by
 * lib/risk/risk.c (handle, settings, the fit driver, loaded models,
 * prediction), risk_family.c (the GLM families), risk_irls.c (X'WX and
 * IRLS), risk_hier.c (random-intercept fit, risk-standardized rates),
 * risk_compare.c and risk_perf.c (O/E limits, also used by profile.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef VALUE_RISK_H
#define VALUE_RISK_H

#include "core/internal.h"

#include <stdbool.h>
#include <math.h>
#include <stddef.h>

/* What the model holds: nothing yet, coefficients loaded from a
 * publication, an IRLS fit, or a random-intercept fit. */
typedef enum risk_state { RISK_EMPTY = 0, RISK_LOADED, RISK_FITTED, RISK_FITTED_HIER } risk_state;

struct value_risk {
    value_risk_family family;
    size_t n_cols;       /* covariates */
    bool intercept;      /* coefficient 0 is the intercept */
    int max_iter;
    double tolerance;
    char **names;        /* n_cols column names, never NULL */

    risk_state state;
    size_t n_coef;       /* p = n_cols + intercept */
    double *coef;        /* p */
    double *cov;         /* p x p row-major, NULL unless fitted */
    double deviance, null_deviance, aic, dispersion, loglik;
    size_t n_obs, df_residual;
    int iterations;

    /* random-intercept fits only */
    double tau;
    size_t n_providers;
    double *provider_effect; /* n_providers */
};

/* Inverse logit without overflow. */
static inline double value__inv_logit(double eta)
{
    return eta >= 0 ? 1.0 / (1.0 + exp(-eta)) : exp(eta) / (1.0 + exp(eta));
}

/* ---- risk.c ------------------------------------------------------------------ */

/* Replace the model's results with a new fit: frees what it held
 * (coef, cov, provider_effect) and takes ownership of the arrays given
 * (any may be NULL). */
void value__risk_install(value_risk *m, risk_state state, double *coef, double *cov, double *provider_effect);

/* The name of coefficient k (0 is "(Intercept)" when there is one). */
const char *value__risk_coef_name(const value_risk *m, size_t k);

/* The linear predictor of row i of x (n_cols a row) under the model's
 * coefficients: offset[i] (offset may be NULL) + intercept + x_i b. */
double value__risk_eta_row(const value_risk *m, const double *x, const double *offset, size_t i);

/* ---- risk_family.c: the GLM families, over runs of n rows ----------------------- */
/* Prior weights w may be NULL (all 1), offsets off NULL (all 0). */

/* "binomial", "Poisson", ..., or NULL when f is not a family. */
const char *value__family_name(value_risk_family f);
/* eta = link(mu), mu = link^-1(eta), out = d mu / d eta at eta (R's, with its clamps). */
void value__family_linkfun(value_risk_family f, const double *mu, double *eta, size_t n);
void value__family_linkinv(value_risk_family f, const double *eta, double *mu, size_t n);
void value__family_mu_eta(value_risk_family f, const double *eta, double *out, size_t n);
/* IRLS's working weights w (d mu/d eta)^2 / V(mu) and responses
 * (eta - off) + (y - mu) / (d mu/d eta), from eta and mu. */
void value__family_working(value_risk_family f, const double *eta, const double *mu, const double *y,
                           const double *w, const double *off, size_t n, double *wt, double *z);
/* The family's starting fitted values (R's initialize). */
void value__family_mustart(value_risk_family f, const double *y, const double *w, size_t n, double *mu);
/* Over the rows with w > 0: the deviance sum w d(y, mu), and Pearson's
 * sum w (y - mu)^2 / V(mu). */
double value__family_deviance(value_risk_family f, const double *y, const double *mu, const double *w, size_t n);
double value__family_pearson(value_risk_family f, const double *y, const double *mu, const double *w, size_t n);
/* R's family()$aic(y, n, mu, wt, dev) over the rows with w > 0 (n_pos of
 * them), without the 2 p.  Call inside a GSL bracket. */
double value__family_aic(value_risk_family f, const double *y, const double *mu, const double *w, size_t n,
                         double dev, size_t n_pos);

/* ---- risk_irls.c: IRLS as glm.fit ----------------------------------------------- */

/* value__irls_run()'s status when X'WX became singular after the first
 * iteration (bad names the column). */
#define VALUE__IRLS_SINGULAR 1

typedef double value__v2 __attribute__((vector_size(2 * sizeof(double))));

/* X'WX accumulation buffers (risk_irls.c says how they are used). */
typedef struct value__irls_acc {
    value__v2 *xt, *wxt; /* p x PAIRS each */
    value__v2 *wz;       /* PAIRS: working weight times z */
    value__v2 *acc;      /* 2 (p x p + p): two partial sums per entry of X'WX (upper triangle), then of X'Wz */
    double *wt, *z;      /* a block of rows' working weights and responses */
} value__irls_acc;

/* One IRLS problem: the data, the working arrays and the state. */
typedef struct value__irls {
    value_risk_family fam;
    size_t n, nc, p;     /* rows, covariate columns, coefficients */
    bool icpt;           /* coefficient 0 is the intercept */
    const double *x, *y, *w, *off; /* w and off may be NULL (1 and 0) */
    const double *mean;  /* nc column centres (the intercept's reparameterization), or NULL for 0 */
    const double *scale; /* nc root mean squares about the centres, for step sizes; may be NULL */
    double *eta, *mu;    /* n each, of the current coefficients (the caller's) */
    double *A, *L;       /* p x p: X'WX (upper triangle) and its Cholesky factor (lower) */
    double *rhs;         /* p */
    value__irls_acc work;
    double *beta, *beta_old; /* p, centred parameterization */
    double dev, devold;
    int iter;
    bool converged;
    bool have_old;
    double last_change;  /* |D - D_old|/(|D| + 0.1) of the last iteration */
    double last_step;    /* step size of the last iteration's change in beta */
    double prev_step;    /* and of the one before */
    size_t bad;          /* after VALUE__IRLS_SINGULAR: the column whose pivot vanished */
} value__irls;

/* The small arrays (A, L, rhs, work, beta, beta_old); VALUE_ENOMEM
 * leaves none allocated. */
int value__irls_alloc(value__irls *ir);
void value__irls_free(value__irls *ir);
/* Starting values: the family's (mustart NULL) or the given fitted
 * values (which may be ir->mu), as glm.fit's eta = linkfun(mustart). */
void value__irls_start(value__irls *ir, const double *mustart);
/* Up to max_iter iterations from the state value__irls_start() left:
 * VALUE_OK (ir->converged says whether the deviance settled),
 * VALUE__IRLS_SINGULAR, or a failure (VALUE_EDOM rank, VALUE_ENOTCONV). */
int value__irls_run(const value_risk *m, value__irls *ir, int max_iter, double tol);
/* The failure for VALUE__IRLS_SINGULAR: separation (binomial) or a
 * coefficient running off to infinity. */
int value__irls_fail_singular(const value_risk *m, const value__irls *ir);
/* Binomial only: refuse a separated outcome after a fit whose final
 * coefficients are beta_final; eta and mu are those of beta_final again
 * on return. */
int value__irls_separation_check(const value_risk *m, value__irls *ir, const double *beta_final);
/* The intercept in the uncentred parameterization. */
double value__irls_uncentred_intercept(const value__irls *ir, const double *beta);

/* ---- risk_perf.c ------------------------------------------------------------------ */

/* O/E of a count o (whole, >= 0) against e > 0 with its limits at level
 * (exact Poisson below 10, Byar from 10) and the rate O/E x ref:
 * out = {O/E, lower, upper, rate}.  VALUE_ERANGE when the upper limit or
 * the rate overflows (out then undefined). */
int value__risk_oe_limits(double o, double e, double level, double ref, double out[4]);

#endif
