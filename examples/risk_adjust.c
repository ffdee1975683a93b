/*
 * Risk adjustment end to end: fit a mortality model, check how well it
 * predicts, then compare two hospitals fairly by observed vs expected.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The seeds' dilemma: Hospital X treats 200 high-risk pneumonia patients
 * and 12% die; Hospital Y treats 50 low-risk patients and 6% die.  Raw
 * rates make Y look twice as good.  A case-mix model expects 15% deaths at
 * X and 5% at Y, so X did better than expected (O/E 0.8) and Y worse
 * (O/E 1.2): risk adjustment reverses the ranking.
 *
 * Build: cc risk_adjust.c $(pkg-config --cflags --libs libvalue)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* value_risk_observed_expected() is in the header's experimental part (its
 * signature may change before 1.0): opt in. */
#define VALUE_EXPERIMENTAL
#include "value.h"

#define N 250

static int fail(const char *what, int rc)
{
    fprintf(stderr, "%s: %s (%s)\n", what, value_strerror(rc), value_errmsg());
    return 1;
}

int main(void)
{
    /* The patients: X's 200 are older and sicker (severity score 2-4),
     * Y's 50 younger (0-1).  One covariate, the severity score; deaths
     * placed so that X has 24 and Y 3. */
    static double severity[N], died[N], ones[N], zeros[N];
    int32_t hospital[N];
    for (int i = 0; i < N; i++) {
        int x = i < 200;
        hospital[i] = x ? 0 : 1;
        severity[i] = x ? 2 + i % 3 : i % 2;
        ones[i] = 1;
        zeros[i] = 0;
    }
    for (int i = 0; i < 200; i++) { /* X: 24 deaths, 4 at severity 2, 8 at 3, 12 at 4 */
        int k = i / 3, s = i % 3;
        died[i] = (s == 0 && k % 17 == 0) || (s == 1 && k % 9 == 0) || (s == 2 && k % 11 < 2);
    }
    for (int i = 200; i < N; i++) /* Y: 3 deaths */
        died[i] = i == 201 || i == 203 || i == 230;

    /* 1. Fit the case-mix model (logistic regression, as R's glm). */
    value_risk *m = NULL;
    int rc;
    if ((rc = value_risk_new(VALUE_RISK_BINOMIAL, 1, &m)) || (rc = value_risk_set_column_name(m, 0, "severity")) ||
        (rc = value_risk_fit(m, severity, N, died, ones, zeros, N)))
        return fail("fit", rc);
    double coef[2], se[2], z[2], p[2];
    value_risk_coefficients(m, coef, se, z, p, 2);
    printf("mortality model: logit P(death) = %.3f + %.3f severity (SE %.3f, p = %.2g)\n", coef[0], coef[1], se[1],
           p[1]);

    /* 2. Each patient's expected risk, and how good the model is. */
    static double eta[N], risk[N];
    if ((rc = value_risk_predict(m, severity, N, zeros, N, eta, risk, N)))
        return fail("predict", rc);
    double perf[VALUE_RISK_PERF_N_STATS];
    if ((rc = value_risk_performance(died, risk, N, 5, perf, VALUE_RISK_PERF_N_STATS)))
        return fail("performance", rc);
    printf("c-statistic %.3f, Brier %.4f, calibration slope %.3f, Hosmer-Lemeshow p = %.3f\n",
           perf[VALUE_RISK_PERF_CSTAT], perf[VALUE_RISK_PERF_BRIER], perf[VALUE_RISK_PERF_SLOPE], perf[VALUE_RISK_PERF_HL_P]);

    /* 3. The published figures: every X patient expected at 15%, Y at 5%. */
    for (int i = 0; i < N; i++)
        risk[i] = hospital[i] == 0 ? 0.15 : 0.05;
    double n[2], obs[2], exp_[2], oe[2], lo[2], hi[2], rate[2];
    if ((rc = value_risk_observed_expected(died, risk, hospital, N, 0.95, 0, n, obs, exp_, oe, lo, hi, rate, 2)))
        return fail("observed_expected", rc);
    const char *name[2] = {"Hospital X", "Hospital Y"};
    for (int h = 0; h < 2; h++)
        printf("%s: %3.0f patients, raw %4.1f%%, expected %4.1f%%, O/E %.2f (95%% CI %.2f-%.2f), "
               "risk-standardized %.1f%%\n",
               name[h], n[h], 100 * obs[h] / n[h], 100 * exp_[h] / n[h], oe[h], lo[h], hi[h], 100 * rate[h]);
    printf("%s\n", rate[0] < rate[1] ? "risk adjustment reverses the ranking: X did better than expected"
                                     : "no reversal");
    value_risk_free(m);
    return 0;
}
