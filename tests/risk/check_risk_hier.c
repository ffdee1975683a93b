/* Random-intercept logistic fits, provider effects and risk-standardized
 * rates.  Expected numbers come from R 4.2.2 with lme4 1.1-31 (glmer,
 * nAGQ = 1, and glm), run on data that this file and the R script below
 * generate alike from the same linear congruential generator.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The R script (every number pasted below is printed by it):
 *
 *   library(lme4)  # R 4.2.2, lme4 1.1-31
 *   s <- 20240601; nxt <- function() { s <<- (16807 * s) %% 2147483647; s }
 *   b <- sapply(1:60, function(h) ((nxt() %% 2001) - 1000) / 1000)
 *   d <- data.frame(prov = integer(3000), x1 = 0, x2 = 0, x3 = 0, y = 0)
 *   for (i in 1:3000) {
 *     d$prov[i] <- nxt() %% 60
 *     d$x1[i] <- ((nxt() %% 2001) - 1000) / 500; d$x2[i] <- nxt() %% 2; d$x3[i] <- (nxt() %% 1001) / 250
 *     eta <- -1 + 0.5 * d$x1[i] - 0.7 * d$x2[i] + 0.3 * d$x3[i] + b[d$prov[i] + 1]
 *     d$y[i] <- as.numeric(nxt() / 2147483647 < 1 / (1 + exp(-eta)))
 *   }
 *   d$provider <- factor(d$prov, levels = 0:59)
 *   f17 <- function(v) cat(paste(sprintf("%.17g", v), collapse = ", "), "\n")
 *   form <- y ~ x1 + x2 + x3 + (1 | provider)
 *   fd <- glmer(form, data = d, family = binomial, nAGQ = 1)                 # defaults
 *   ft <- glmer(form, data = d, family = binomial, nAGQ = 1,                 # tight
 *               control = glmerControl(optimizer = "bobyqa", tolPwrss = 1e-13,
 *                                      optCtrl = list(rhoend = 1e-12, maxfun = 1e5)))
 *   f17(c(sum(d$y), sum(d$y * d$prov)))
 *   for (F in list(fd, ft)) {
 *     f17(fixef(F)); f17(sqrt(VarCorr(F)$provider[1])); f17(c(logLik(F), deviance(F), AIC(F)))
 *     f17(sqrt(diag(as.matrix(vcov(F))))); f17(ranef(F)$provider[c(1, 2, 3, 60), 1])
 *   }
 *   be <- fixef(ft); re <- ranef(ft)$provider[, 1]; s1 <- d[1:100, ]
 *   lp <- be[1] + be[2] * s1$x1 + be[3] * s1$x2 + be[4] * s1$x3
 *   P <- tapply(plogis(lp + re[s1$prov + 1]), s1$provider, sum); E <- tapply(plogis(lp), s1$provider, sum)
 *   O <- tapply(s1$y, s1$provider, sum)
 *   cat(which(is.na(P)) - 1, "\n")
 *   k <- c(1, 2, 60); f17(O[k]); f17(P[k]); f17(E[k]); f17((P / E)[k]); f17((P / E * mean(s1$y))[k])
 *   # boundary: 20 identical providers of the same 40 patients
 *   s <- 777; z <- data.frame(x1 = numeric(40), x2 = 0, y = 0)
 *   for (i in 1:40) {
 *     z$x1[i] <- ((nxt() %% 2001) - 1000) / 500; z$x2[i] <- nxt() %% 2
 *     z$y[i] <- as.numeric(nxt() / 2147483647 < 1 / (1 + exp(-(-0.5 + 0.8 * z$x1[i] + 0.5 * z$x2[i]))))
 *   }
 *   zz <- z[rep(1:40, 20), ]; zz$provider <- factor(rep(0:19, each = 40))
 *   fb <- glmer(y ~ x1 + x2 + (1 | provider), data = zz, family = binomial)
 *   g <- glm(y ~ x1 + x2, data = zz, family = binomial)
 *   f17(sum(z$y)); f17(getME(fb, "theta")); f17(fixef(fb)); f17(coef(g)); f17(sqrt(diag(vcov(g)))); f17(logLik(g))
 *
 * Why two glmer fits.  lme4 evaluates the Laplace deviance with the
 * Cholesky factor of the PIRLS iteration before the last one, so with its
 * default PIRLS tolerance (tolPwrss = 1e-7) its objective is off the exact
 * Laplace approximation by ~4e-4 on the deviance scale here, which moves
 * its optimum by ~1e-4 relative.  With tolPwrss = 1e-13 and bobyqa run to
 * rhoend = 1e-12 that error vanishes, and libvalue (which solves each
 * mode to convergence and evaluates the exact Laplace approximation) agrees
 * to ~2e-7 relative.  Both are checked: the tight fit at the tolerance
 * reached, the default fit at 1e-4 (3e-4 for the provider effects).
 */
#include "testutil.h"

#include <stdint.h>

/* ---- the data --------------------------------------------------------------- */

/* Park and Miller's minimal standard generator, exact in doubles as in R. */
static double lcg_state;

static double lcg_next(void)
{
    lcg_state = fmod(16807.0 * lcg_state, 2147483647.0);
    return lcg_state;
}

#define N_A 3000
#define H_A 60

/* Data set A: 3000 patients in 60 providers, columns x1 (uniform on
 * [-2, 2]), x2 (binary), x3 (uniform on [0, 4]). */
static void data_a(double *x, double *y, int32_t *prov)
{
    double b[H_A];
    lcg_state = 20240601;
    for (int h = 0; h < H_A; h++)
        b[h] = (fmod(lcg_next(), 2001) - 1000) / 1000;
    for (int i = 0; i < N_A; i++) {
        prov[i] = (int32_t)fmod(lcg_next(), H_A);
        double x1 = (fmod(lcg_next(), 2001) - 1000) / 500;
        double x2 = fmod(lcg_next(), 2);
        double x3 = fmod(lcg_next(), 1001) / 250;
        double eta = -1 + 0.5 * x1 - 0.7 * x2 + 0.3 * x3 + b[prov[i]];
        y[i] = lcg_next() / 2147483647 < 1 / (1 + exp(-eta)) ? 1 : 0;
        x[3 * i] = x1;
        x[3 * i + 1] = x2;
        x[3 * i + 2] = x3;
    }
}

static double xa[3 * N_A], ya[N_A];
static int32_t pa[N_A];

static value_risk *fit_a(void)
{
    data_a(xa, ya, pa);
    value_risk *m = NULL;
    assert_ok(value_risk_new(VALUE_RISK_BINOMIAL, 3, &m));
    assert_ok(value_risk_fit_random_intercept(m, xa, 3 * N_A, ya, pa, N_A, H_A));
    return m;
}

static double get(const value_risk *m, value_risk_param p)
{
    double v = NAN;
    assert_ok(value_risk_get(m, p, &v));
    return v;
}

/* ---- data set A against glmer ---------------------------------------------- */

/* glmer with defaults */
static const double default_fixef[4] = {-1.2293197259942712, 0.52171189325187917, -0.61307848004935694,
                                        0.28282964102063807};
static const double default_tau = 0.65456595382239557;
static const double default_loglik = -1655.8676828408163;
static const double default_ranef[4] = {-0.65706653844824714, 1.2464290345312672, -0.24327931388050741,
                                        0.52101595061937511};
/* glmer with tolPwrss = 1e-13, bobyqa rhoend = 1e-12 */
static const double tight_fixef[4] = {-1.2294062028460711, 0.52175779456854166, -0.61312688186054654,
                                      0.28285061104905007};
static const double tight_tau = 0.65461882544239702;
static const double tight_loglik = -1655.8674667297651, tight_deviance = 3171.3691108388989,
                    tight_aic = 3321.7349334595301;
static const double tight_se[4] = {0.13072220926436154, 0.03951513932297282, 0.087493172347985856,
                                   0.038236902784947603};
static const double tight_ranef[4] = {-0.65705765437015529, 1.2465240820960328, -0.24325029452748326,
                                      0.52106866295523369};

START_TEST(glmer_reference)
{
    value_risk *m = fit_a();
    /* the same data as R's: sum(y), sum(y * provider) */
    double sy = 0, syp = 0;
    for (int i = 0; i < N_A; i++) {
        sy += ya[i];
        syp += ya[i] * pa[i];
    }
    ck_assert(sy == 940 && syp == 27482);

    double coef[4], se[4], z[4], p[4], re[H_A];
    assert_ok(value_risk_coefficients(m, coef, se, z, p, 4));
    assert_ok(value_risk_provider_effects(m, re, H_A));
    const size_t rk[4] = {0, 1, 2, 59};
    /* reached: fixef 2e-7, tau 6e-7, logLik 1e-12, deviance 8e-9, SE 7e-6,
     * ranef 3e-7 relative to the tight fit */
    for (int k = 0; k < 4; k++) {
        assert_rel(coef[k], tight_fixef[k], 1e-6);
        assert_rel(se[k], tight_se[k], 2e-5);
        assert_rel(re[rk[k]], tight_ranef[k], 1e-6);
    }
    assert_rel(get(m, VALUE_RISK_TAU), tight_tau, 2e-6);
    assert_rel(get(m, VALUE_RISK_LOGLIK), tight_loglik, 1e-10);
    assert_rel(get(m, VALUE_RISK_DEVIANCE), tight_deviance, 1e-7); /* lme4's deviance(): conditional */
    assert_rel(get(m, VALUE_RISK_AIC), tight_aic, 1e-10);
    /* glmer's defaults stop within 1e-4 of the exact optimum */
    for (int k = 0; k < 4; k++) {
        assert_rel(coef[k], default_fixef[k], 1e-4);
        assert_rel(re[rk[k]], default_ranef[k], 3e-4);
    }
    assert_rel(get(m, VALUE_RISK_TAU), default_tau, 1e-4);
    assert_rel(get(m, VALUE_RISK_LOGLIK), default_loglik, 1e-6);

    /* the remaining results */
    ck_assert(get(m, VALUE_RISK_N_PROVIDERS) == H_A);
    ck_assert(get(m, VALUE_RISK_N_OBS) == N_A);
    ck_assert(get(m, VALUE_RISK_DF_RESIDUAL) == N_A - 5);
    ck_assert(get(m, VALUE_RISK_DISPERSION) == 1);
    ck_assert(get(m, VALUE_RISK_N_COEF) == 4);
    double it = get(m, VALUE_RISK_ITERATIONS);
    ck_assert(it >= 1 && it <= 25);
    assert_rel(get(m, VALUE_RISK_AIC), -2 * get(m, VALUE_RISK_LOGLIK) + 2 * 5, 1e-15);
    double v;
    assert_fails(value_risk_get(m, VALUE_RISK_NULL_DEVIANCE, &v), VALUE_ESTATE, "not available");
    /* z statistics from the covariance */
    double cov[16];
    assert_ok(value_risk_covariance(m, cov, 16));
    for (int k = 0; k < 4; k++) {
        assert_rel(sqrt(cov[5 * k]), se[k], 1e-15);
        assert_rel(z[k], coef[k] / se[k], 1e-15);
        for (int j = 0; j < 4; j++)
            ck_assert(cov[4 * k + j] == cov[4 * j + k]);
    }
    value_risk_free(m);
}
END_TEST

/* A refit on the same data gives the same numbers; changing the
 * intercept setting drops the fit. */
START_TEST(refit_and_reset)
{
    value_risk *m = fit_a();
    double c1[4], c2[4], se[4], z[4], p[4];
    assert_ok(value_risk_coefficients(m, c1, se, z, p, 4));
    double tau = get(m, VALUE_RISK_TAU);
    assert_ok(value_risk_fit_random_intercept(m, xa, 3 * N_A, ya, pa, N_A, H_A));
    assert_ok(value_risk_coefficients(m, c2, se, z, p, 4));
    for (int k = 0; k < 4; k++)
        ck_assert(c1[k] == c2[k]);
    ck_assert(get(m, VALUE_RISK_TAU) == tau);
    assert_ok(value_risk_set(m, VALUE_RISK_INTERCEPT, 0));
    double re[H_A];
    assert_fails(value_risk_provider_effects(m, re, H_A), VALUE_ESTATE, "no random-intercept fit");
    value_risk_free(m);
}
END_TEST

/* ---- risk-standardized rates ------------------------------------------------- */

START_TEST(standardized_rates_against_r)
{
    value_risk *m = fit_a();
    double o[H_A], pr[H_A], e[H_A], ratio[H_A], rate[H_A];
    /* the first 100 patients only: providers 15, 18, 24, 28, 31, 34, 39,
     * 47 and 52 have none of them */
    assert_ok(value_risk_standardized_rates(m, xa, 300, ya, pa, 100, o, pr, e, ratio, rate, H_A));
    const int k[3] = {0, 1, 59};
    const double want_o[3] = {2, 1, 1};
    const double want_p[3] = {1.447825230063021, 0.50982726001567868, 0.16742746897395405};
    const double want_e[3] = {2.1622466410165533, 0.23019508524456903, 0.106686899023352};
    const double want_ratio[3] = {0.66959300692096069, 2.2147617073319203, 1.5693348527948774};
    const double want_rate[3] = {0.25444534262996504, 0.84160944878612975, 0.59634724406205342};
    /* reached: 5e-7 relative (the coefficients' and effects' agreement) */
    for (int j = 0; j < 3; j++) {
        ck_assert(o[k[j]] == want_o[j]);
        assert_rel(pr[k[j]], want_p[j], 2e-6);
        assert_rel(e[k[j]], want_e[j], 2e-6);
        assert_rel(ratio[k[j]], want_ratio[j], 2e-6);
        assert_rel(rate[k[j]], want_rate[j], 2e-6);
    }
    const int empty[9] = {15, 18, 24, 28, 31, 34, 39, 47, 52};
    for (int j = 0; j < 9; j++) {
        int h = empty[j];
        ck_assert(o[h] == 0 && pr[h] == 0 && e[h] == 0 && isnan(ratio[h]) && isnan(rate[h]));
    }
    double so = 0, sy = 0;
    for (int h = 0; h < H_A; h++)
        so += o[h];
    for (int i = 0; i < 100; i++)
        sy += ya[i];
    ck_assert(so == sy);
    value_risk_free(m);
}
END_TEST

/* By hand: one patient per provider, so P_h = logit^-1(eta + b_h),
 * E_h = logit^-1(eta), read from the fit's own coefficients and effects. */
START_TEST(standardized_rates_by_hand)
{
    value_risk *m = fit_a();
    double coef[4], se[4], z[4], p[4], re[H_A];
    assert_ok(value_risk_coefficients(m, coef, se, z, p, 4));
    assert_ok(value_risk_provider_effects(m, re, H_A));
    /* patients: (x1, x2, x3, y, provider) */
    const double x[9] = {1.0, 0.0, 2.0, -1.5, 1.0, 0.5, 0.0, 0.0, 0.0};
    const double y[3] = {1, 0, 0};
    const int32_t prov[3] = {3, 7, 7};
    double o[H_A], pr[H_A], e[H_A], ratio[H_A], rate[H_A];
    assert_ok(value_risk_standardized_rates(m, x, 9, y, prov, 3, o, pr, e, ratio, rate, H_A));
    double eta0 = coef[0] + coef[1] * 1.0 + coef[3] * 2.0;
    double eta1 = coef[0] - coef[1] * 1.5 + coef[2] + coef[3] * 0.5;
    double eta2 = coef[0];
    double p3 = 1 / (1 + exp(-(eta0 + re[3]))), e3 = 1 / (1 + exp(-eta0));
    double p7 = 1 / (1 + exp(-(eta1 + re[7]))) + 1 / (1 + exp(-(eta2 + re[7])));
    double e7 = 1 / (1 + exp(-eta1)) + 1 / (1 + exp(-eta2));
    ck_assert(o[3] == 1 && o[7] == 0);
    assert_rel(pr[3], p3, 1e-14);
    assert_rel(e[3], e3, 1e-14);
    assert_rel(pr[7], p7, 1e-14);
    assert_rel(e[7], e7, 1e-14);
    assert_rel(ratio[3], p3 / e3, 1e-14);
    assert_rel(rate[3], p3 / e3 / 3, 1e-14); /* ybar = 1/3 */
    assert_rel(rate[7], p7 / e7 / 3, 1e-14);
    ck_assert(isnan(ratio[0]) && isnan(rate[0]) && o[0] == 0 && pr[0] == 0 && e[0] == 0);
    value_risk_free(m);
}
END_TEST

/* ---- the boundary tau = 0 ------------------------------------------------------ */

/* 20 providers with the same 40 patients: no provider variation, so the
 * Laplace likelihood is largest at tau = 0 (glmer: theta = 0, a singular
 * fit) and the fit is the ordinary logistic regression. */
START_TEST(boundary_no_provider_variation)
{
    double z[80], zy[40];
    lcg_state = 777;
    for (int i = 0; i < 40; i++) {
        z[2 * i] = (fmod(lcg_next(), 2001) - 1000) / 500;
        z[2 * i + 1] = fmod(lcg_next(), 2);
        zy[i] = lcg_next() / 2147483647 < 1 / (1 + exp(-(-0.5 + 0.8 * z[2 * i] + 0.5 * z[2 * i + 1]))) ? 1 : 0;
    }
    double x[1600], y[800];
    int32_t prov[800];
    double sy = 0;
    for (int h = 0; h < 20; h++) {
        for (int i = 0; i < 40; i++) {
            x[2 * (40 * h + i)] = z[2 * i];
            x[2 * (40 * h + i) + 1] = z[2 * i + 1];
            y[40 * h + i] = zy[i];
            prov[40 * h + i] = h;
            sy += h == 0 ? zy[i] : 0;
        }
    }
    ck_assert(sy == 21);
    value_risk *m = NULL;
    assert_ok(value_risk_new(VALUE_RISK_BINOMIAL, 2, &m));
    assert_ok(value_risk_fit_random_intercept(m, x, 1600, y, prov, 800, 20));
    ck_assert(get(m, VALUE_RISK_TAU) == 0);
    /* glm(y ~ x1 + x2, binomial): coefficients, SEs, logLik */
    const double glm_coef[3] = {0.1261477500348592, 0.83629955992854121, 0.37951667244327375};
    const double glm_se[3] = {0.11076057916708279, 0.074299819654265201, 0.15850294192008724};
    const double glmer_fixef[3] = {0.12614775003486847, 0.83629955992859051, 0.37951667244329779};
    double coef[3], se[3], zs[3], p[3], re[20];
    assert_ok(value_risk_coefficients(m, coef, se, zs, p, 3));
    for (int k = 0; k < 3; k++) {
        assert_rel(coef[k], glm_coef[k], 1e-10);
        assert_rel(coef[k], glmer_fixef[k], 1e-10);
        assert_rel(se[k], glm_se[k], 2e-7); /* R's from the weights one IRLS step short: 7e-8 */
    }
    assert_rel(get(m, VALUE_RISK_LOGLIK), -475.76275523833056, 1e-13);
    assert_rel(get(m, VALUE_RISK_DEVIANCE), 2 * 475.76275523833056, 1e-13);
    assert_ok(value_risk_provider_effects(m, re, 20));
    for (int h = 0; h < 20; h++)
        ck_assert(re[h] == 0);
    /* rates: every provider's P = E */
    double o[20], pr[20], e[20], ratio[20], rate[20];
    assert_ok(value_risk_standardized_rates(m, x, 1600, y, prov, 800, o, pr, e, ratio, rate, 20));
    for (int h = 0; h < 20; h++) {
        ck_assert(o[h] == 21 && ratio[h] == 1);
        assert_rel(rate[h], 21.0 / 40, 1e-15);
    }
    value_risk_free(m);
}
END_TEST

/* ---- an intercept-only model ---------------------------------------------------- */

/* No columns (x may be NULL); 200 patients in 10 providers.  R:
 *   i <- 0:199; pv <- i %% 10; y <- as.numeric(((i * 7) %% 13) < ifelse(pv < 5, 4, 7))
 *   F <- glmer(y ~ 1 + (1 | factor(pv)), family = binomial, control = glmerControl(optimizer = "bobyqa",
 *              tolPwrss = 1e-13, optCtrl = list(rhoend = 1e-12)))
 *   f17(c(getME(F, "theta"), fixef(F), sqrt(vcov(F)[1]), logLik(F), ranef(F)[[1]][c(1, 10), 1]))
 * On so small a problem bobyqa stops ~1e-6 from the optimum in tau, and
 * glmer's finite-difference Hessian is good to ~5e-5 (reached: tau 1.5e-6,
 * intercept 5e-8, SE 5.3e-5, logLik 1.5e-10, effects 2e-6).  The exact
 * Laplace log-likelihood maximized by optim() in R (the modes solved to
 * convergence) is -135.931453174406 at tau 0.2257533, intercept -0.3268682,
 * as here; glmer's reported value is 2e-8 lower (see the top of the file). */
START_TEST(intercept_only)
{
    double y[200];
    int32_t prov[200];
    for (int i = 0; i < 200; i++) {
        prov[i] = i % 10;
        y[i] = (i * 7) % 13 < (prov[i] < 5 ? 4 : 7) ? 1 : 0;
    }
    value_risk *m = NULL;
    assert_ok(value_risk_new(VALUE_RISK_BINOMIAL, 0, &m));
    assert_ok(value_risk_fit_random_intercept(m, NULL, 0, y, prov, 200, 10));
    double c, se, z, p, re[10];
    assert_ok(value_risk_coefficients(m, &c, &se, &z, &p, 1));
    assert_ok(value_risk_provider_effects(m, re, 10));
    assert_rel(get(m, VALUE_RISK_TAU), 0.22575290552209451, 5e-6);
    assert_rel(c, -0.326867894707627, 1e-6);
    assert_rel(se, 0.1611245928078214, 1e-4);
    assert_rel(get(m, VALUE_RISK_LOGLIK), -135.93145319452415, 1e-9);
    assert_rel(re[0], -0.097349995137080217, 1e-5);
    assert_rel(re[9], 0.10681378583090206, 1e-5);
    /* every provider's outcomes all 0 or all 1: tau runs off to infinity */
    for (int i = 0; i < 200; i++)
        y[i] = prov[i] < 5 ? 1 : 0;
    assert_fails(value_risk_fit_random_intercept(m, NULL, 0, y, prov, 200, 10), VALUE_ENOTCONV, "did not converge");
    assert_rel(get(m, VALUE_RISK_TAU), 0.22575290552209451, 5e-6); /* kept */
    value_risk_free(m);
}
END_TEST

/* ---- failures ------------------------------------------------------------------ */

/* tau and the first coefficient, to see that a failed call changed nothing */
static void snapshot(const value_risk *m, double *tau, double *c0)
{
    double coef[4], se[4], z[4], p[4];
    *tau = get(m, VALUE_RISK_TAU);
    assert_ok(value_risk_coefficients(m, coef, se, z, p, 4));
    *c0 = coef[0];
}

START_TEST(bad_fit_input)
{
    value_risk *m = fit_a();
    double tau0, c00;
    snapshot(m, &tau0, &c00);
    static double x[3 * N_A], y[N_A];
    static int32_t pv[N_A];
    memcpy(x, xa, sizeof x);
    memcpy(y, ya, sizeof y);
    memcpy(pv, pa, sizeof pv);

    assert_fails(value_risk_fit_random_intercept(NULL, x, 3 * N_A, y, pv, N_A, H_A), VALUE_EINVAL, "m is NULL");
    assert_fails(value_risk_fit_random_intercept(m, NULL, 3 * N_A, y, pv, N_A, H_A), VALUE_EINVAL, "x is NULL");
    assert_fails(value_risk_fit_random_intercept(m, x, 3 * N_A, NULL, pv, N_A, H_A), VALUE_EINVAL, "y is NULL");
    assert_fails(value_risk_fit_random_intercept(m, x, 3 * N_A, y, NULL, N_A, H_A), VALUE_EINVAL,
                 "provider is NULL");
    assert_fails(value_risk_fit_random_intercept(m, x, 3 * N_A - 1, y, pv, N_A, H_A), VALUE_EINVAL,
                 "n_x must be n n_cols = 3000 x 3, got 8999");
    assert_fails(value_risk_fit_random_intercept(m, x, 12, y, pv, 4, H_A), VALUE_EINVAL,
                 "n must be more than the 4 coefficients, got 4");
    assert_fails(value_risk_fit_random_intercept(m, x, 3 * N_A, y, pv, N_A, 1), VALUE_EINVAL,
                 "n_providers must be at least 2, got 1");
    assert_fails(value_risk_fit_random_intercept(m, x, 15, y, pv, 5, SIZE_MAX), VALUE_EINVAL,
                 "more than the 5 patients");
    x[7] = NAN;
    assert_ok(value_risk_set_column_name(m, 1, "female"));
    assert_fails(value_risk_fit_random_intercept(m, x, 3 * N_A, y, pv, N_A, H_A), VALUE_EINVAL,
                 "x[7] (row 2, column 1 'female') is NaN");
    x[7] = -INFINITY;
    assert_fails(value_risk_fit_random_intercept(m, x, 3 * N_A, y, pv, N_A, H_A), VALUE_EINVAL,
                 "x[7] (row 2, column 1 'female') is -Inf");
    x[7] = xa[7];
    y[3] = 0.5;
    assert_fails(value_risk_fit_random_intercept(m, x, 3 * N_A, y, pv, N_A, H_A), VALUE_EINVAL,
                 "y[3] must be 0 or 1, got 0.5");
    y[3] = NAN;
    assert_fails(value_risk_fit_random_intercept(m, x, 3 * N_A, y, pv, N_A, H_A), VALUE_EINVAL,
                 "y[3] must be 0 or 1, got NaN");
    y[3] = ya[3];
    pv[5] = 60;
    assert_fails(value_risk_fit_random_intercept(m, x, 3 * N_A, y, pv, N_A, H_A), VALUE_EINVAL,
                 "provider[5] is 60, not in [0, 60)");
    pv[5] = -1;
    assert_fails(value_risk_fit_random_intercept(m, x, 3 * N_A, y, pv, N_A, H_A), VALUE_EINVAL,
                 "provider[5] is -1, not in [0, 60)");
    pv[5] = pa[5];
    /* provider 60 of 61 has no patients */
    assert_fails(value_risk_fit_random_intercept(m, x, 3 * N_A, y, pv, N_A, H_A + 1), VALUE_EINVAL,
                 "provider 60 has no patients");
    /* iteration cap */
    assert_ok(value_risk_set(m, VALUE_RISK_MAX_ITER, 1));
    assert_fails(value_risk_fit_random_intercept(m, x, 3 * N_A, y, pv, N_A, H_A), VALUE_ENOTCONV,
                 "did not converge in 1 iterations");
    assert_ok(value_risk_set(m, VALUE_RISK_MAX_ITER, 25));
    /* rank deficiency: x3 = 2 x1 + x2 */
    for (int i = 0; i < N_A; i++)
        x[3 * i + 2] = 2 * x[3 * i] + x[3 * i + 1];
    assert_fails(value_risk_fit_random_intercept(m, x, 3 * N_A, y, pv, N_A, H_A), VALUE_EDOM,
                 "column 2 'x3' is a linear combination");
    /* a constant column */
    for (int i = 0; i < N_A; i++)
        x[3 * i + 2] = 0.3;
    assert_fails(value_risk_fit_random_intercept(m, x, 3 * N_A, y, pv, N_A, H_A), VALUE_EDOM,
                 "column 2 'x3' is constant");
    /* complete separation by x1 */
    for (int i = 0; i < N_A; i++) {
        x[3 * i + 2] = xa[3 * i + 2];
        y[i] = x[3 * i] > 0 ? 1 : 0;
    }
    assert_fails(value_risk_fit_random_intercept(m, x, 3 * N_A, y, pv, N_A, H_A), VALUE_EDOM,
                 "column 0 'x1' diverges");
    /* no events */
    for (int i = 0; i < N_A; i++)
        y[i] = 0;
    assert_fails(value_risk_fit_random_intercept(m, x, 3 * N_A, y, pv, N_A, H_A), VALUE_EDOM,
                 "y is 0 for every patient");
    /* nothing changed */
    double tau1, c01;
    snapshot(m, &tau1, &c01);
    ck_assert(tau1 == tau0 && c01 == c00);

    /* intercept off, other families */
    assert_ok(value_risk_set(m, VALUE_RISK_INTERCEPT, 0));
    assert_fails(value_risk_fit_random_intercept(m, xa, 3 * N_A, ya, pa, N_A, H_A), VALUE_ESTATE,
                 "needs an intercept");
    value_risk_free(m);
    assert_ok(value_risk_new(VALUE_RISK_POISSON, 3, &m));
    assert_fails(value_risk_fit_random_intercept(m, xa, 3 * N_A, ya, pa, N_A, H_A), VALUE_ESTATE,
                 "logistic models only");
    value_risk_free(m);
}
END_TEST

START_TEST(bad_results_input)
{
    value_risk *m = NULL;
    double out[H_A + 1], o[H_A], pr[H_A], e[H_A], ratio[H_A], rate[H_A];
    for (int h = 0; h < H_A; h++)
        o[h] = pr[h] = e[h] = ratio[h] = rate[h] = -1;
    assert_ok(value_risk_new(VALUE_RISK_BINOMIAL, 3, &m));
    data_a(xa, ya, pa);
    /* not fitted, then fitted by plain IRLS */
    assert_fails(value_risk_provider_effects(m, out, H_A), VALUE_ESTATE, "no random-intercept fit");
    assert_fails(value_risk_standardized_rates(m, xa, 300, ya, pa, 100, o, pr, e, ratio, rate, H_A), VALUE_ESTATE,
                 "no random-intercept fit");
    static double ones[N_A], zeros[N_A];
    for (int i = 0; i < N_A; i++)
        ones[i] = 1;
    assert_ok(value_risk_fit(m, xa, 3 * N_A, ya, ones, zeros, N_A));
    assert_fails(value_risk_provider_effects(m, out, H_A), VALUE_ESTATE, "no random-intercept fit");
    assert_fails(value_risk_standardized_rates(m, xa, 300, ya, pa, 100, o, pr, e, ratio, rate, H_A), VALUE_ESTATE,
                 "no random-intercept fit");
    assert_ok(value_risk_fit_random_intercept(m, xa, 3 * N_A, ya, pa, N_A, H_A));

    assert_fails(value_risk_provider_effects(NULL, out, H_A), VALUE_EINVAL, "m is NULL");
    assert_fails(value_risk_provider_effects(m, NULL, H_A), VALUE_EINVAL, "out is NULL");
    assert_fails(value_risk_provider_effects(m, out, H_A + 1), VALUE_EINVAL, "out_len must be 60");

#define RATES(...) value_risk_standardized_rates(__VA_ARGS__)
    assert_fails(RATES(NULL, xa, 300, ya, pa, 100, o, pr, e, ratio, rate, H_A), VALUE_EINVAL, "m is NULL");
    assert_fails(RATES(m, NULL, 300, ya, pa, 100, o, pr, e, ratio, rate, H_A), VALUE_EINVAL, "x is NULL");
    assert_fails(RATES(m, xa, 300, NULL, pa, 100, o, pr, e, ratio, rate, H_A), VALUE_EINVAL, "y is NULL");
    assert_fails(RATES(m, xa, 300, ya, NULL, 100, o, pr, e, ratio, rate, H_A), VALUE_EINVAL, "provider is NULL");
    assert_fails(RATES(m, xa, 300, ya, pa, 100, NULL, pr, e, ratio, rate, H_A), VALUE_EINVAL,
                 "out_observed is NULL");
    assert_fails(RATES(m, xa, 300, ya, pa, 100, o, NULL, e, ratio, rate, H_A), VALUE_EINVAL,
                 "out_predicted is NULL");
    assert_fails(RATES(m, xa, 300, ya, pa, 100, o, pr, NULL, ratio, rate, H_A), VALUE_EINVAL,
                 "out_expected is NULL");
    assert_fails(RATES(m, xa, 300, ya, pa, 100, o, pr, e, NULL, rate, H_A), VALUE_EINVAL, "out_ratio is NULL");
    assert_fails(RATES(m, xa, 300, ya, pa, 100, o, pr, e, ratio, NULL, H_A), VALUE_EINVAL, "out_rate is NULL");
    assert_fails(RATES(m, xa, 300, ya, pa, 100, o, pr, e, ratio, rate, H_A - 1), VALUE_EINVAL,
                 "out_len must be 60 (n_providers of the fit), got 59");
    assert_fails(RATES(m, xa, 299, ya, pa, 100, o, pr, e, ratio, rate, H_A), VALUE_EINVAL,
                 "n_x must be n n_cols = 100 x 3, got 299");
    assert_fails(RATES(m, xa, 0, ya, pa, 0, o, pr, e, ratio, rate, H_A), VALUE_EINVAL, "n must be at least 1");
    double x[300], y[100];
    int32_t pv[100];
    memcpy(x, xa, sizeof x);
    memcpy(y, ya, sizeof y);
    memcpy(pv, pa, sizeof pv);
    x[299] = INFINITY;
    assert_fails(RATES(m, x, 300, y, pv, 100, o, pr, e, ratio, rate, H_A), VALUE_EINVAL,
                 "x[299] (row 99, column 2 'x3') is Inf");
    x[299] = 0;
    y[0] = 2;
    assert_fails(RATES(m, x, 300, y, pv, 100, o, pr, e, ratio, rate, H_A), VALUE_EINVAL,
                 "y[0] must be 0 or 1, got 2");
    y[0] = 1;
    pv[99] = H_A;
    assert_fails(RATES(m, x, 300, y, pv, 100, o, pr, e, ratio, rate, H_A), VALUE_EINVAL,
                 "provider[99] is 60, not in [0, 60)");
    for (int h = 0; h < H_A; h++) /* untouched */
        ck_assert(o[h] == -1 && pr[h] == -1 && e[h] == -1 && ratio[h] == -1 && rate[h] == -1);
#undef RATES
    value_risk_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("risk_hier");
    TCase *tc = tcase_create("risk_hier");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, glmer_reference);
    tcase_add_test(tc, refit_and_reset);
    tcase_add_test(tc, standardized_rates_against_r);
    tcase_add_test(tc, standardized_rates_by_hand);
    tcase_add_test(tc, boundary_no_provider_variation);
    tcase_add_test(tc, intercept_only);
    tcase_add_test(tc, bad_fit_input);
    tcase_add_test(tc, bad_results_input);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
