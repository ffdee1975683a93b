/* Parametric survival fits (value_survival_fit_*), against R's
 * survival::survreg (survival 3.x, Debian r-cran-survival) on the
 * package's own data sets, copied to tests/data/survival/ (README.md
 * there names them): ovarian (26 rows, Edmunson et al. 1979), lung (the
 * 227 rows with ph.ecog known, as survreg drops the one NA; status 2 ->
 * event 1; Loprinzi et al. 1994) and veteran (137 rows; Kalbfleisch &
 * Prentice).  The reference numbers were printed by R with
 * sprintf("%.15g") from
 *   survreg(Surv(futime, fustat) ~ age + ecog.ps, data = ovarian, dist = d)
 *   survreg(Surv(time, status) ~ age + sex + ph.ecog, data = lung, dist = d)
 *   survreg(Surv(time, status) ~ karno + age, data = veteran, dist = d)
 * for d in exponential, weibull, lognormal, loglogistic: c(coef(f),
 * log(f$scale)), sqrt(diag(vcov(f))), f$loglik[2].
 * Tolerance: 1e-6 relative on coefficients, log(scale), standard errors
 * and log-likelihood (the figure; survreg stops at a relative
 * change of 1e-9 in loglik, so its own last digits are not exact).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#define REL 1e-6

typedef struct dataset {
    size_t n, nc;
    double *time, *event, *x;
} dataset;

/* Read tests/data/survival/<name>: a header, then time, event and the
 * columns cols[] (0-based in the CSV) of each row. */
static dataset load(const char *name, const int *cols, size_t nc)
{
    char rel[128];
    snprintf(rel, sizeof rel, "survival/%s", name);
    char *path = tu_data_file(rel);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    dataset d = {0, nc, malloc(400 * sizeof(double)), malloc(400 * sizeof(double)), malloc(400 * 8 * sizeof(double))};
    char line[512];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    while (fgets(line, sizeof line, f)) {
        double v[16];
        int k = 0;
        char *p = line;
        while (k < 16) {
            char *e;
            v[k++] = strtod(p, &e);
            if (*e != ',')
                break;
            p = e + 1;
        }
        ck_assert_uint_lt(d.n, 400);
        d.time[d.n] = v[0];
        d.event[d.n] = v[1];
        for (size_t j = 0; j < nc; j++)
            d.x[d.n * nc + j] = v[cols[j]];
        d.n++;
    }
    fclose(f);
    free(path);
    return d;
}

static void unload(dataset *d)
{
    free(d->time);
    free(d->event);
    free(d->x);
}

static dataset ovarian(void)
{
    static const int c[2] = {2, 5}; /* age, ecog.ps */
    return load("ovarian.csv", c, 2);
}
static dataset lung(void)
{
    static const int c[3] = {2, 3, 4}; /* age, sex, ph.ecog */
    return load("lung.csv", c, 3);
}
static dataset veteran(void)
{
    static const int c[2] = {2, 4}; /* karno, age */
    return load("veteran.csv", c, 2);
}

typedef struct ref {
    const char *data;
    int dist;
    double theta[5], se[5], loglik;
} ref;

static const ref REFS[] = {
    {"ovarian", 1, {13.9898950011041, -0.118077886268718, -0.052859433784788}, {2.19961902936294, 0.0343201765535972, 0.591803966185908}, -91.7752852428286},
    {"ovarian", 2, {12.2849672281306, -0.0970266926084508, 0.0997734233359482, -0.505383087315755}, {1.5015222937898, 0.0235100935031437, 0.365733370717645, 0.235143252129201}, -89.9651772845478},
    {"ovarian", 3, {11.1005623097134, -0.0846689657985321, 0.206008834919038, -0.243254377463686}, {1.30840153338539, 0.0205500816704094, 0.367011866965359, 0.221688446853528}, -89.583729482285},
    {"ovarian", 4, {11.5085338418942, -0.0887681372984839, 0.0903334762209974, -0.806525607167127}, {1.45079076821207, 0.0220684647868263, 0.357503092205382, 0.242722485457942}, -89.5192539407863},
    {"lung", 1, {6.37342319824177, -0.0102173605939422, 0.509061399783878, -0.405016989975992}, {0.620755101308038, 0.00917689478206042, 0.167161189276387, 0.112697455095552}, -1143.56315131318},
    {"lung", 2, {6.27343525199869, -0.00747543940840923, 0.401090541173619, -0.339638098297285, -0.313192730296607}, {0.453577710802133, 0.00676350766740741, 0.123732566512719, 0.0834784150285477, 0.0613464552599704}, -1132.43874588232},
    {"lung", 3, {6.49478672723393, -0.019181868101864, 0.521952878946603, -0.355566670502548, 0.02823227372678}, {0.582756275926363, 0.00832785745994701, 0.152775382394597, 0.103308252981181, 0.0559606245285068}, -1146.88183108603},
    {"lung", 4, {5.93668692061995, -0.00807991943042864, 0.486623570896168, -0.404615511573624, -0.623357152242112}, {0.512072660149584, 0.00747790705751632, 0.134894147833704, 0.0930137194017925, 0.0658133653778725}, -1137.48961226949},
    {"veteran", 1, {2.68376393844313, 0.0348176285600758, -0.000341190286165674}, {0.664151709810628, 0.00486094153497513, 0.00906740113719686}, -726.094796983786},
    {"veteran", 2, {2.65714676208019, 0.034961095976515, -0.000187672859058781, 0.022170670299375}, {0.680966033035724, 0.00497151834229031, 0.00926113409116903, 0.0649949560264666}, -726.035867762408},
    {"veteran", 3, {1.14984400424411, 0.0408712220621245, 0.010570419556113, 0.106895796463523}, {0.636588075040773, 0.00488828761559218, 0.00919122649030158, 0.0625786195661025}, -720.894531076744},
    {"veteran", 4, {1.36895840419167, 0.0398813606202988, 0.00797511904635993, -0.480555144465492}, {0.632125848925731, 0.00455429266397714, 0.0091412343275795, 0.074095952322059}, -719.797691660306},
};

static value_survival_fit *fit(const dataset *d, int dist)
{
    value_survival_fit *m = NULL;
    assert_ok(value_survival_fit_new((value_survival_fit_dist)dist, d->nc, &m));
    assert_ok(value_survival_fit_estimate(m, d->x, d->n * d->nc, d->time, d->event, d->n));
    return m;
}

START_TEST(survreg_reference)
{
    const ref *r = &REFS[_i];
    dataset d = strcmp(r->data, "ovarian") == 0 ? ovarian() : strcmp(r->data, "lung") == 0 ? lung() : veteran();
    ck_assert_uint_eq(d.n, strcmp(r->data, "ovarian") == 0 ? 26 : strcmp(r->data, "lung") == 0 ? 227 : 137);
    value_survival_fit *m = fit(&d, r->dist);
    double k, coef[5], se[5], ll, aic, bic, n;
    assert_ok(value_survival_fit_get(m, VALUE_SURVIVAL_FIT_N_PAR, &k));
    ck_assert_uint_eq((size_t)k, d.nc + 1 + (r->dist != 1));
    assert_ok(value_survival_fit_coefficients(m, coef, se, (size_t)k));
    for (size_t j = 0; j < (size_t)k; j++) {
        assert_rel(coef[j], r->theta[j], REL);
        assert_rel(se[j], r->se[j], REL);
    }
    assert_ok(value_survival_fit_get(m, VALUE_SURVIVAL_FIT_LOGLIK, &ll));
    assert_rel(ll, r->loglik, REL);
    /* AIC, BIC by their definitions from survreg's loglik */
    assert_ok(value_survival_fit_get(m, VALUE_SURVIVAL_FIT_AIC, &aic));
    assert_ok(value_survival_fit_get(m, VALUE_SURVIVAL_FIT_BIC, &bic));
    assert_ok(value_survival_fit_get(m, VALUE_SURVIVAL_FIT_N_OBS, &n));
    assert_rel(aic, -2 * r->loglik + 2 * k, REL);
    assert_rel(bic, -2 * r->loglik + log(n) * k, REL);
    value_survival_fit_free(m);
    unload(&d);
}
END_TEST

/* By hand: an intercept-only exponential has rate d / T; ovarian has
 * d = 12 deaths in T = 15588 days, so beta0 = log(T/d) = log(1299) =
 * 7.16935001665338 and, on the time scale,
 * loglik = d log(d/T) - d = -12 x 7.16935001665338 - 12 = -98.0322002000406
 * (survreg prints -98.0322002000472, the same to 7e-14 relative).  SE of
 * beta0 = 1/sqrt(d) = 0.288675134594813. */
START_TEST(exponential_by_hand)
{
    dataset d = ovarian();
    value_survival_fit *m = NULL;
    assert_ok(value_survival_fit_new(VALUE_SURVIVAL_FIT_EXPONENTIAL, 0, &m));
    assert_ok(value_survival_fit_estimate(m, NULL, 0, d.time, d.event, d.n));
    double c, se, ll, ev;
    assert_ok(value_survival_fit_coefficients(m, &c, &se, 1));
    assert_ok(value_survival_fit_get(m, VALUE_SURVIVAL_FIT_LOGLIK, &ll));
    assert_ok(value_survival_fit_get(m, VALUE_SURVIVAL_FIT_N_EVENTS, &ev));
    ck_assert(ev == 12);
    assert_rel(c, log(15588.0 / 12), 1e-12);
    assert_rel(ll, 12 * log(12.0 / 15588) - 12, 1e-12);
    assert_rel(se, 1 / sqrt(12.0), 1e-9);
    /* restricted mean (1 - e^{-lambda tau}) / lambda, lambda = 12/15588,
     * tau = 365: (1 - e^{-0.280985373364126}) / lambda = 319.16...; the
     * integral is to 1e-11, asserted to 1e-10.  SE: d/dbeta0 of
     * mu (1 - e^{-tau/mu}), mu = e^beta0, is mu(1 - e^{-tau/mu}) - tau e^{-tau/mu}. */
    double tau = 365, rm, rmse;
    assert_ok(value_survival_fit_rmst(m, NULL, 0, &tau, 1, &rm, &rmse, 1));
    double mu = 15588.0 / 12, e = exp(-tau / mu);
    assert_rel(rm, mu * (1 - e), 1e-10);
    assert_rel(rmse, (mu * (1 - e) - tau * e) / sqrt(12.0), 1e-8);
    value_survival_fit_free(m);
    unload(&d);
}
END_TEST

/* Predictions of the lung Weibull fit for age 60, sex 2, ph.ecog 1, from
 * R: predict(f, type = "quantile", p = c(.1, .5, .9), se.fit = TRUE);
 * S, h, H from pweibull/dweibull at eta = 6.28745187154409,
 * shape 1/scale; se(S) by the delta method with R's vcov and central
 * differences of pweibull (step 1e-6; so 1e-6 relative); restricted means
 * by integrate(rel.tol = 1e-13); the PH form shape 1/sigma, -beta/sigma
 * with the delta method J V J' in R. */
START_TEST(weibull_predictions)
{
    dataset d = lung();
    value_survival_fit *m = fit(&d, VALUE_SURVIVAL_FIT_WEIBULL);
    const double x[3] = {60, 2, 1};
    const double p[3] = {0.1, 0.5, 0.9}, q_r[3] = {103.771159254183, 411.369147125286, 989.520509535431},
                 qse_r[3] = {14.1660139398251, 42.4234515681574, 112.760858836148};
    double q[3], qse[3];
    assert_ok(value_survival_fit_quantile(m, x, 3, p, 3, q, qse, 3));
    for (int i = 0; i < 3; i++) {
        assert_rel(q[i], q_r[i], REL);
        assert_rel(qse[i], qse_r[i], REL);
    }
    const double t[3] = {100, 365, 730};
    const double S_r[3] = {0.904693877487104, 0.555130958956955, 0.218953032142257},
                 H_r[3] = {0.100158649424315, 0.588551230985774, 1.51889803727042},
                 h_r[3] = {0.00136995510247537, 0.00220551127578959, 0.00284592620965528},
                 Sse_r[3] = {0.0171051972079042, 0.0463641247898203, 0.0488115375783174};
    double v[3], se[3];
    assert_ok(value_survival_fit_predict(m, VALUE_SURVIVAL_FIT_SURVIVAL, x, 3, t, 3, v, se, 3));
    for (int i = 0; i < 3; i++) {
        assert_rel(v[i], S_r[i], REL);
        assert_rel(se[i], Sse_r[i], REL);
    }
    assert_ok(value_survival_fit_predict(m, VALUE_SURVIVAL_FIT_CUMHAZ, x, 3, t, 3, v, se, 3));
    for (int i = 0; i < 3; i++) {
        assert_rel(v[i], H_r[i], REL);
        /* se(H) = se(S) / S: H = -log S */
        assert_rel(se[i], Sse_r[i] / S_r[i], REL);
    }
    assert_ok(value_survival_fit_predict(m, VALUE_SURVIVAL_FIT_HAZARD, x, 3, t, 3, v, se, 3));
    for (int i = 0; i < 3; i++)
        assert_rel(v[i], h_r[i], REL);
    const double tau[2] = {365, 730}, rm_r[2] = {289.022785722581, 423.472982986159};
    assert_ok(value_survival_fit_rmst(m, x, 3, tau, 2, v, se, 2));
    for (int i = 0; i < 2; i++) {
        assert_rel(v[i], rm_r[i], REL);
        ck_assert(se[i] > 0 && se[i] < v[i]);
    }
    const double ph_r[5] = {1.3677851192578, -8.58071138431111, 0.0102247947827355, -0.548605673692334,
                            0.464551936784044},
                 phse_r[5] = {0.0839087686238019, 0.802851884551425, 0.00922987323430595, 0.167329943207905,
                              0.113675982225216};
    double ph[5], phse[5];
    assert_ok(value_survival_fit_weibull_ph(m, ph, phse, 5));
    for (int i = 0; i < 5; i++) {
        assert_rel(ph[i], ph_r[i], REL);
        assert_rel(phse[i], phse_r[i], REL);
    }
    value_survival_fit_free(m);
    unload(&d);
}
END_TEST

/* Lognormal and log-logistic quantiles on ovarian for age 55, ecog.ps 1:
 * R's predict(type = "quantile", p = c(.25, .5), se.fit = TRUE). */
START_TEST(other_quantiles)
{
    dataset d = ovarian();
    const double x[2] = {55, 1}, p[2] = {0.25, 0.5};
    const double r[2][4] = {{455.287675299702, 772.612806322754, 117.118769050753, 222.567399544614},
                            {505.825752444841, 826.020644622671, 143.123604183024, 247.538204077916}};
    for (int k = 0; k < 2; k++) {
        value_survival_fit *m = fit(&d, k == 0 ? VALUE_SURVIVAL_FIT_LOGNORMAL : VALUE_SURVIVAL_FIT_LOGLOGISTIC);
        double q[2], se[2];
        assert_ok(value_survival_fit_quantile(m, x, 2, p, 2, q, se, 2));
        for (int i = 0; i < 2; i++) {
            assert_rel(q[i], r[k][i], REL);
            assert_rel(se[i], r[k][2 + i], REL);
        }
        value_survival_fit_free(m);
    }
    unload(&d);
}
END_TEST

/* Gompertz (flexsurv's parameterisation, h(t) = b e^{a t}, log b = x'gamma):
 * no survreg for it, so the same likelihood maximised by R's optim (BFGS,
 * analytic gradient, reltol 1e-16, restarted once; gradient at the optimum
 * below 3e-4) and SEs from optimHess with steps 1e-5 of each parameter:
 *   ovarian ~ age:  gamma = (-15.123064793872, 0.132998578126823),
 *     a = 0.000934913472301324; SE 2.62964487584573, 0.0392495472449373,
 *     0.00107552612123681; loglik -91.4299382470283
 *   lung ~ age + sex: gamma = (-6.77631986377024, 0.0164865573428427,
 *     -0.48144489305929), a = 0.0014161542452369; SE 0.649956343156718,
 *     0.0092191871608252, 0.167241480759345, 0.000349803304187505;
 *     loglik -1142.59978429249
 * optim's own convergence limits the coefficients' agreement to about 1e-7
 * (asserted 1e-6); the log-likelihood at its maximum is flat, 1e-10.  For
 * age 60, sex 1 (lung), from the formulas at optim's estimates:
 * S(200), S(500) = 0.645258478779191, 0.251996720847824; quantiles
 * log(1 + a c/b)/a, c = -log(1 - p), p = .25, .5: 137.513509496953,
 * 294.744206047171; integrate(S, 0, 500, rel.tol = 1e-13) = 293.254350770949. */
START_TEST(gompertz_optim)
{
    static const double g1[3] = {-15.123064793872, 0.132998578126823, 0.000934913472301324},
                        s1[3] = {2.62964487584573, 0.0392495472449373, 0.00107552612123681},
                        g2[4] = {-6.77631986377024, 0.0164865573428427, -0.48144489305929, 0.0014161542452369},
                        s2[4] = {0.649956343156718, 0.0092191871608252, 0.167241480759345, 0.000349803304187505};
    static const int c1[1] = {2}, c2[2] = {2, 3};
    for (int k = 0; k < 2; k++) {
        dataset d = k == 0 ? load("ovarian.csv", c1, 1) : load("lung.csv", c2, 2);
        value_survival_fit *m = fit(&d, VALUE_SURVIVAL_FIT_GOMPERTZ);
        double c[4], se[4], ll;
        const size_t np = d.nc + 2;
        assert_ok(value_survival_fit_coefficients(m, c, se, np));
        for (size_t j = 0; j < np; j++) {
            assert_rel(c[j], (k ? g2 : g1)[j], REL);
            assert_rel(se[j], (k ? s2 : s1)[j], REL);
        }
        assert_ok(value_survival_fit_get(m, VALUE_SURVIVAL_FIT_LOGLIK, &ll));
        assert_rel(ll, k ? -1142.59978429249 : -91.4299382470283, 1e-10);
        assert_fails(value_survival_fit_get(m, VALUE_SURVIVAL_FIT_SCALE, &ll), VALUE_ESTATE, "Gompertz");
        if (k == 1) {
            const double x[2] = {60, 1}, t[2] = {200, 500}, p[2] = {0.25, 0.5}, tau = 500;
            double v[2], vs[2];
            assert_ok(value_survival_fit_predict(m, VALUE_SURVIVAL_FIT_SURVIVAL, x, 2, t, 2, v, vs, 2));
            assert_rel(v[0], 0.645258478779191, REL);
            assert_rel(v[1], 0.251996720847824, REL);
            assert_ok(value_survival_fit_quantile(m, x, 2, p, 2, v, vs, 2));
            assert_rel(v[0], 137.513509496953, REL);
            assert_rel(v[1], 294.744206047171, REL);
            assert_ok(value_survival_fit_rmst(m, x, 2, &tau, 1, v, vs, 1));
            assert_rel(v[0], 293.254350770949, REL);
        }
        value_survival_fit_free(m);
        unload(&d);
    }
    /* a falling hazard (five early deaths, ten followed to 50 without one):
     * shape < 0, so only a fraction 1 - e^{b/a} ever dies and a quantile
     * beyond it is refused */
    {
        const double t[15] = {1, 1.5, 2, 2.5, 3, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50};
        const double e[15] = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        value_survival_fit *g = NULL;
        assert_ok(value_survival_fit_new(VALUE_SURVIVAL_FIT_GOMPERTZ, 0, &g));
        assert_ok(value_survival_fit_estimate(g, NULL, 0, t, e, 15));
        double c[2], se[2], q, qse, p = 0.9;
        assert_ok(value_survival_fit_coefficients(g, c, se, 2));
        ck_assert(c[1] < 0);
        assert_fails(value_survival_fit_quantile(g, NULL, 0, &p, 1, &q, &qse, 1), VALUE_EDOM, "ever has the event");
        value_survival_fit_free(g);
    }
}
END_TEST

/* The lognormal's upper tail, where survreg's likelihood needs log Q(z):
 * below z = 5 from GSL, above from the continued fraction.  Published
 * values (Abramowitz & Stegun 26.2; to 16 digits): Q(5) =
 * 2.866515718791939e-07, Q(10) = 7.619853024160527e-24.  S(t) at
 * t = exp(eta + z sigma) is Q(z); 1e-11 relative (the rounding of log t). */
START_TEST(lognormal_tail)
{
    const double t5[5] = {1, 2, 3, 4, 5}, e5[5] = {1, 1, 0, 1, 1};
    value_survival_fit *m = NULL;
    assert_ok(value_survival_fit_new(VALUE_SURVIVAL_FIT_LOGNORMAL, 0, &m));
    assert_ok(value_survival_fit_estimate(m, NULL, 0, t5, e5, 5));
    double c[2], se[2];
    assert_ok(value_survival_fit_coefficients(m, c, se, 2));
    const double sigma = exp(c[1]);
    const double t[3] = {exp(c[0] + 5 * sigma), exp(c[0] + 10 * sigma), exp(c[0] + 4.999999 * sigma)};
    double S[3], Sse[3], H[3], Hse[3];
    assert_ok(value_survival_fit_predict(m, VALUE_SURVIVAL_FIT_SURVIVAL, NULL, 0, t, 3, S, Sse, 3));
    assert_ok(value_survival_fit_predict(m, VALUE_SURVIVAL_FIT_CUMHAZ, NULL, 0, t, 3, H, Hse, 3));
    assert_rel(S[0], 2.866515718791939e-07, 1e-11);
    assert_rel(S[1], 7.619853024160527e-24, 1e-11);
    assert_rel(H[1], -log(7.619853024160527e-24), 1e-12);
    /* continuity across z = 5: Q(5 - 1e-6) = Q(5) + phi(5) 1e-6 to 1e-12 */
    assert_rel(S[2], 2.866515718791939e-07 + 1.4867195147342977e-06 * 1e-6, 1e-9);
    value_survival_fit_free(m);
}
END_TEST

START_TEST(bad_input)
{
    value_survival_fit *m = NULL;
    assert_ok(value_survival_fit_new(VALUE_SURVIVAL_FIT_WEIBULL, 1, &m));
    const double x[5] = {1, 2, 3, 4, 5}, t[5] = {1, 2, 0, 4, 5}, ev[5] = {1, 1, 1, 0, 1};
    assert_fails(value_survival_fit_estimate(m, x, 5, t, ev, 5), VALUE_EINVAL, "time[2] is 0, must be > 0");
    const double t2[5] = {1, 2, 3, 4, 5}, ev2[5] = {1, 0.5, 1, 0, 1};
    assert_fails(value_survival_fit_estimate(m, x, 5, t2, ev2, 5), VALUE_EINVAL, "event[1] is 0.5");
    const double xn[5] = {1, NAN, 3, 4, 5};
    assert_fails(value_survival_fit_estimate(m, xn, 5, t2, ev, 5), VALUE_EINVAL, "x[1] (row 1, column 0) is NaN");
    assert_fails(value_survival_fit_estimate(m, x, 4, t2, ev, 5), VALUE_EINVAL, "n_x must be 5");
    const double none[5] = {0, 0, 0, 0, 0}, two[5] = {1, 0, 0, 0, 1};
    assert_fails(value_survival_fit_estimate(m, x, 5, t2, none, 5), VALUE_EDOM, "no events");
    assert_fails(value_survival_fit_estimate(m, x, 5, t2, two, 5), VALUE_EDOM,
                 "too few events: 2 events for 3 parameters");
    /* a constant column is collinear with the intercept */
    const double xc[5] = {2, 2, 2, 2, 2};
    assert_fails(value_survival_fit_estimate(m, xc, 5, t2, ev, 5), VALUE_EDOM, "singular");
    double v;
    assert_fails(value_survival_fit_get(m, VALUE_SURVIVAL_FIT_LOGLIK, &v), VALUE_ESTATE, "not been fitted");
    assert_fails(value_survival_fit_set(m, VALUE_SURVIVAL_FIT_MAX_ITER, 0), VALUE_EINVAL, "v is 0");
    value_survival_fit_free(m);
    /* one Newton step is not enough for the lung lognormal fit */
    dataset d = lung();
    assert_ok(value_survival_fit_new(VALUE_SURVIVAL_FIT_LOGNORMAL, 3, &m));
    assert_ok(value_survival_fit_set(m, VALUE_SURVIVAL_FIT_MAX_ITER, 1));
    assert_fails(value_survival_fit_estimate(m, d.x, 3 * d.n, d.time, d.event, d.n), VALUE_ENOTCONV,
                 "did not converge in 1 iterations");
    value_survival_fit_free(m);
    unload(&d);
    m = NULL;
    assert_ok(value_survival_fit_new(VALUE_SURVIVAL_FIT_LOGNORMAL, 0, &m));
    assert_ok(value_survival_fit_estimate(m, NULL, 0, t2, ev, 5));
    double pr = 1, q, se;
    assert_fails(value_survival_fit_quantile(m, NULL, 0, &pr, 1, &q, &se, 1), VALUE_EINVAL, "p[0] is 1");
    assert_fails(value_survival_fit_weibull_ph(m, &q, &se, 1), VALUE_EINVAL, "lognormal");
    value_survival_fit_free(m);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("survival_fit");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, survreg_reference, 0, (int)(sizeof REFS / sizeof REFS[0]));
    tcase_add_test(tc, exponential_by_hand);
    tcase_add_test(tc, weibull_predictions);
    tcase_add_test(tc, other_quantiles);
    tcase_add_test(tc, gompertz_optim);
    tcase_add_test(tc, lognormal_tail);
    tcase_add_test(tc, bad_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(suite());
}
