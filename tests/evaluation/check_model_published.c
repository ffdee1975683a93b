/*
 * The published models of examples/models/, loaded from their files,
 * reproduce their sources' printed results (tests/data/models/README.md
 * names each source; the full-precision figures there come from the
 * independent base-R calculations beside it, which reproduce the printed
 * digits).  Tolerances: the printed digits at half their last place; the
 * R figures (10 significant digits) at 1e-9 relative.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "testutil.h"

static value_model *load(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/examples/models/%s", VALUE_TOP_SRCDIR, name);
    value_model *m = NULL;
    assert_ok(value_model_load(path, &m));
    return m;
}

/* Run and compare every strategy's cost and effect (and life years when
 * ly is not NULL) with the R figures. */
static void expect(value_model *m, const char *scenario, size_t J, const double *cost, const double *effect,
                   const double *ly)
{
    double c[8], e[8], l[8];
    assert_ok(value_model_run(m, scenario, c, e, l, J));
    for (size_t j = 0; j < J; j++) {
        assert_rel(c[j], cost[j], 1e-9);
        assert_rel(e[j], effect[j], 1e-9);
        if (ly != NULL)
            assert_rel(l[j], ly[j], 1e-9);
    }
}

/* HIV: Briggs et al. 2006 / the reference specification. */
START_TEST(hiv)
{
    value_model *m = load("hiv.yaml");
    double c[2], e[2], l[2];
    assert_ok(value_model_run(m, NULL, c, e, l, 2));
    assert_abs(c[0], 44663.4535637, 5e-8);
    assert_abs(l[0], 7.9912066, 5e-8);
    assert_abs(c[1], 50601.6513312, 5e-8);
    assert_abs(l[1], 8.9373889, 5e-8);
    assert_abs((c[1] - c[0]) / (l[1] - l[0]), 6275.95560, 5e-6);
    value_model_free(m);
}
END_TEST

/* THR: heemod's "Reproducing Exact Results from DMHEE" prints standard
 * 512.4327 / 14.65283 QALYs, NP1 610.3112 / 14.69734, ICER 2198.977. */
START_TEST(thr)
{
    value_model *m = load("thr.yaml");
    double c[2], e[2], l[2];
    assert_ok(value_model_run(m, NULL, c, e, l, 2));
    assert_abs(c[0], 512.4327, 5e-5);
    assert_abs(e[0], 14.65283, 5e-6);
    assert_abs(c[1], 610.3112, 5e-5);
    assert_abs(e[1], 14.69734, 5e-6);
    assert_abs((c[1] - c[0]) / (e[1] - e[0]), 2198.977, 5e-4);
    const double rc[2] = {512.4326665, 610.3112455}, re[2] = {14.65283011, 14.69734106},
                 rl[2] = {18.30155378, 18.30766874};
    expect(m, NULL, 2, rc, re, rl);
    /* by category (R): prosthesis 394 and 579, medical 118.43267 and 31.311246 */
    double v[6];
    assert_ok(value_model_run_values(m, NULL, v, 6));
    assert_rel(v[0], 394, 1e-12);
    assert_rel(v[1], 118.43267, 1e-7);
    assert_rel(v[3], 579, 1e-12);
    assert_rel(v[4], 31.311246, 1e-7);
    value_model_free(m);
}
END_TEST

/* Sick-Sicker (Alarid-Escudero et al. 2023, MDM 43:3-20, Tables 4-5):
 * SoC 151,580 / 20.711; A 284,805 / 21.499; B 259,100 / 22.184;
 * AB 378,875 / 23.137; ICERs B vs SoC 72,988, AB vs B 125,764. */
START_TEST(sick_sicker)
{
    value_model *m = load("sick_sicker.yaml");
    double c[4], e[4], l[4];
    assert_ok(value_model_run(m, NULL, c, e, l, 4));
    const double pc[4] = {151580, 284805, 259100, 378875}, pe[4] = {20.711, 21.499, 22.184, 23.137};
    for (int j = 0; j < 4; j++) {
        assert_abs(c[j], pc[j], 0.5);
        assert_abs(e[j], pe[j], 5e-4);
    }
    assert_abs((c[2] - c[0]) / (e[2] - e[0]), 72988, 0.5);
    assert_abs((c[3] - c[2]) / (e[3] - e[2]), 125764, 0.5);
    const double rc[4] = {151579.8660, 284804.5134, 259100.4106, 378875.1984},
                 re[4] = {20.71133146, 21.49866281, 22.18446514, 23.13684414},
                 rl[4] = {25.1341738, 25.1341738, 25.8448698, 25.8448698};
    expect(m, NULL, 4, rc, re, rl);
    /* plain end-of-cycle counting (the R figures for method end) */
    const double nc[4] = {151541.4129, 285185.6408, 259490.9744, 379676.0957},
                 ne[4] = {20.55448661, 21.34554446, 22.03260781, 22.98896893};
    expect(m, "no_correction", 4, nc, ne, NULL);
    /* the trace of Table 3 under SoC: cycle 1 (0.859, 0.139, 0.000, 0.002),
     * cycle 5 (0.707, 0.206, 0.072, 0.015) */
    double tr[76 * 4];
    assert_ok(value_model_trace(m, NULL, 0, tr, 76 * 4));
    const double t1[4] = {0.859, 0.139, 0.000, 0.002}, t5[4] = {0.707, 0.206, 0.072, 0.015};
    for (int s = 0; s < 4; s++) {
        assert_abs(tr[4 + s], t1[s], 5e-4);
        assert_abs(tr[20 + s], t5[s], 5e-4);
    }
    value_model_free(m);
}
END_TEST

/* Time-dependent Sick-Sicker (Alarid-Escudero et al. 2023, MDM 43:21-41,
 * Table 3): SoC 116,374 / 18.879; A 218,789 / 19.636; B 202,536 / 20.199;
 * AB 296,300 / 21.097; ICERs 65,288 and 104,461.  The state-residence
 * (tunnel) model is the scenario of the R figures. */
START_TEST(sick_sicker_td)
{
    value_model *m = load("sick_sicker_td.yaml");
    double c[4], e[4], l[4];
    assert_ok(value_model_run(m, NULL, c, e, l, 4));
    const double pc[4] = {116374, 218789, 202536, 296300}, pe[4] = {18.879, 19.636, 20.199, 21.097};
    for (int j = 0; j < 4; j++) {
        assert_abs(c[j], pc[j], 0.5);
        assert_abs(e[j], pe[j], 5e-4);
    }
    assert_abs((c[2] - c[0]) / (e[2] - e[0]), 65288, 0.5);
    assert_abs((c[3] - c[2]) / (e[3] - e[2]), 104461, 0.5);
    const double rc[4] = {116374.4480, 218789.3592, 202536.4599, 296300.3259},
                 re[4] = {18.87919531, 19.63555599, 20.19892552, 21.09652656},
                 rl[4] = {22.05110873, 22.05110873, 22.83588803, 22.83588803};
    expect(m, NULL, 4, rc, re, rl);
    const double sc[4] = {103112.0771, 198058.1451, 186262.2336, 274408.0342},
                 se[4] = {20.00484682, 20.88184416, 21.10357931, 22.09769040};
    expect(m, "state_residence", 4, sc, se, NULL);
    value_model_free(m);
}
END_TEST

/* Microsimulation of Sick-Sicker: 100,000 people, means within 3 Monte
 * Carlo standard errors of the cohort (the acceptance test). */
START_TEST(sick_sicker_microsim)
{
    value_model *m = load("sick_sicker.yaml");
    double c[4], e[4], l[4], mc[4], me[4], ml[4], sc[4], se[4];
    assert_ok(value_model_run(m, NULL, c, e, l, 4));
    assert_ok(value_model_microsim(m, NULL, 20261203, 100000, mc, me, ml, sc, se, 4));
    for (int j = 0; j < 4; j++) {
        ck_assert_msg(fabs(mc[j] - c[j]) <= 3 * sc[j], "strategy %d: cost %.2f vs %.2f (se %.2f)", j, mc[j], c[j],
                      sc[j]);
        ck_assert_msg(fabs(me[j] - e[j]) <= 3 * se[j], "strategy %d: QALYs %.5f vs %.5f (se %.5f)", j, me[j], e[j],
                      se[j]);
        ck_assert(sc[j] > 0 && se[j] > 0);
    }
    value_model_free(m);
}
END_TEST

/* THR PSA: means within 3 combined Monte Carlo SEs of the R PSA (10,000
 * draws, README: standard 515.534838 (0.439191) / 14.643544 (0.005571),
 * NP1 613.324948 (0.189556) / 14.687838 (0.005643)). */
START_TEST(thr_psa)
{
    value_model *m = load("thr.yaml");
    enum { N = 10000 };
    double *c = malloc(2 * N * sizeof *c), *e = malloc(2 * N * sizeof *e);
    assert_ok(value_model_set(m, VALUE_MODEL_THREADS, 2));
    assert_ok(value_model_psa(m, NULL, 1, N, c, e, 2 * N, NULL, 0));
    const double rc[2] = {515.534838, 613.324948}, rse_c[2] = {0.439191, 0.189556};
    const double re[2] = {14.643544, 14.687838}, rse_e[2] = {0.005571, 0.005643};
    for (int j = 0; j < 2; j++) {
        double sc = 0, se = 0, qc = 0, qe = 0;
        for (int i = 0; i < N; i++)
            sc += c[2 * i + j], se += e[2 * i + j];
        sc /= N, se /= N;
        for (int i = 0; i < N; i++)
            qc += (c[2 * i + j] - sc) * (c[2 * i + j] - sc), qe += (e[2 * i + j] - se) * (e[2 * i + j] - se);
        double mse_c = sqrt(qc / (N - 1) / N), mse_e = sqrt(qe / (N - 1) / N);
        double tol_c = 3 * sqrt(mse_c * mse_c + rse_c[j] * rse_c[j]), tol_e = 3 * sqrt(mse_e * mse_e + rse_e[j] * rse_e[j]);
        ck_assert_msg(fabs(sc - rc[j]) <= tol_c, "strategy %d: mean cost %.4f vs R %.4f (tol %.4f)", j, sc, rc[j], tol_c);
        ck_assert_msg(fabs(se - re[j]) <= tol_e, "strategy %d: mean QALYs %.6f vs R %.6f (tol %.6f)", j, se, re[j], tol_e);
    }
    free(c);
    free(e);
    value_model_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("model_published");
    TCase *tc = tcase_create("published");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, hiv);
    tcase_add_test(tc, thr);
    tcase_add_test(tc, sick_sicker);
    tcase_add_test(tc, sick_sicker_td);
    tcase_add_test(tc, sick_sicker_microsim);
    tcase_add_test(tc, thr_psa);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
