/*
 * The risk-adjustment model's private layout, shared by lib/risk/risk.c (GLM
 * fit, load, predict) and lib/risk/risk_hier.c (random-intercept fit and
 * risk-standardized rates).
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

/* Replace the model's results with a new fit: frees what it held
 * (coef, cov, provider_effect) and takes ownership of the arrays given
 * (any may be NULL).  Defined in risk.c. */
void value__risk_install(value_risk *m, risk_state state, double *coef, double *cov, double *provider_effect);

#endif
