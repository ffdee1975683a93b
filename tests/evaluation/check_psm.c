/* Partitioned survival models: state membership, the crossing rule,
 * within-cycle corrections and discounting, against closed forms written
 * out beside each test (1e-12 relative: sums of at most a few thousand
 * terms of exp()), and against hand calculations.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#define REL 1e-12

/*
 * The three-state model with exponential curves: PFS S_1(t) = e^{-a t},
 * OS S_2(t) = e^{-b t}, b < a, so membership is
 *   PF  e^{-a t},   PD  e^{-b t} - e^{-a t},   dead  1 - e^{-b t}.
 * Discounting at annual rate r is D(t) = (1 + r)^{-t} = e^{-d t} with
 * d = log(1 + r), so every reward integrand is a sum of terms e^{-c t}
 * (c = a + d, b + d or d).  On time points t_j = jL, j = 0..J, with
 * q = e^{-cL}, the rule L sum_j w_j q^j has the closed forms
 *   start (w = 1..1,0)        G = L (1 - q^J) / (1 - q)
 *   end (w = 0,1..1)          G = L q (1 - q^J) / (1 - q)
 *   trapezoid (1/2,1..1,1/2)  G = L [(1 - q^{J+1}) / (1 - q) - (1 + q^J) / 2]
 *   Simpson (1,4,2,..,4,1)/3  G = L/3 [1 + q^J + 4 q (1 - q^J) / (1 - q^2)
 *                                      + 2 q^2 (1 - q^{J-2}) / (1 - q^2)]
 * (geometric series: odd j = 1..J-1 are q, q^3, .., q^{J-1}; even interior
 * j = 2..J-2 are q^2, .., q^{J-2}); for c = 0 (q = 1) every rule gives
 * G = J L (Simpson: L/3 (2 + 4 J/2 + 2 (J/2 - 1)) = J L).  Then, with state costs c_k per cycle
 * (so c_k / L per year) and utilities u_k per year,
 *   LY    = G(b + d)
 *   QALYs = u_PF G(a + d) + u_PD [G(b + d) - G(a + d)]
 *   cost  = { c_PF G(a + d) + c_PD [G(b + d) - G(a + d)]
 *             + c_dead [G(d) - G(b + d)] } / L.
 */
static double G(value_psm_correction corr, double c, double L, size_t J)
{
    if (c == 0)
        return (double)J * L;
    double q = exp(-c * L), qJ = exp(-c * L * (double)J);
    switch (corr) {
    case VALUE_PSM_START:
        return L * (1 - qJ) / (1 - q);
    case VALUE_PSM_END:
        return L * q * (1 - qJ) / (1 - q);
    case VALUE_PSM_TRAPEZOID:
        return L * ((1 - qJ * q) / (1 - q) - (1 + qJ) / 2);
    default:
        return L / 3 * (1 + qJ + 4 * q * (1 - qJ) / (1 - q * q) + 2 * q * q * (1 - qJ / (q * q)) / (1 - q * q));
    }
}

static value_psm *three_state(size_t J, double L, double a, double b, double rate, double *surv)
{
    value_psm *p = NULL;
    assert_ok(value_psm_new(3, J, L, &p));
    const double cost[] = {1000, 3000, 50}, util[] = {0.8, 0.6, 0};
    assert_ok(value_psm_set_state_rewards(p, cost, util, 3));
    if (rate != 0) {
        value_discount *d = test_scheme(rate, VALUE_DISCOUNT_END);
        assert_ok(value_psm_set_discount(p, d, d));
        value_discount_free(d);
    }
    /* the curves from the built-in exponential */
    assert_ok(value_psm_curve(p, VALUE_PSM_EXPONENTIAL, &a, 1, surv, J + 1));
    assert_ok(value_psm_curve(p, VALUE_PSM_EXPONENTIAL, &b, 1, surv + J + 1, J + 1));
    return p;
}

static void check_closed_form(size_t J, double L, double rate)
{
    const double a = 0.5, b = 0.2;
    double d = log1p(rate);
    double *surv = malloc(2 * (J + 1) * sizeof *surv);
    ck_assert_ptr_nonnull(surv);
    value_psm *p = three_state(J, L, a, b, rate, surv);
    for (int corr = VALUE_PSM_START; corr <= VALUE_PSM_SIMPSON; corr++) {
        assert_ok(value_psm_set_correction(p, (value_psm_correction)corr));
        double gA = G(corr, a + d, L, J), gB = G(corr, b + d, L, J), g0 = G(corr, d, L, J);
        double cost, qalys, ly;
        assert_ok(value_psm_run(p, surv, 2 * (J + 1), &cost, &qalys, &ly));
        assert_rel(ly, gB, REL);
        assert_rel(qalys, 0.8 * gA + 0.6 * (gB - gA), REL);
        assert_rel(cost, (1000 * gA + 3000 * (gB - gA) + 50 * (g0 - gB)) / L, REL);
        /* by state, summing to the totals */
        double sc[3], sq[3], sl[3];
        assert_ok(value_psm_state_values(p, surv, 2 * (J + 1), sc, sq, sl, 3));
        assert_rel(sl[0], gA, REL);
        assert_rel(sl[1], gB - gA, REL);
        ck_assert(sl[2] == 0);
        assert_rel(sq[1], 0.6 * (gB - gA), REL);
        assert_rel(sc[2], 50 * (g0 - gB) / L, REL);
        assert_rel(sc[0] + sc[1] + sc[2], cost, REL);
    }
    value_psm_free(p);
    free(surv);
}

START_TEST(closed_form_yearly_undiscounted)
{
    check_closed_form(40, 1.0, 0.0);
}
END_TEST

START_TEST(closed_form_yearly_discounted)
{
    check_closed_form(40, 1.0, 0.035);
}
END_TEST

START_TEST(closed_form_weekly_discounted)
{
    check_closed_form(520, 1.0 / 52, 0.035);
}
END_TEST

START_TEST(cycles_shrink_to_the_integral)
{
    /* Undiscounted life years are the area under OS, 1/b = 5 for b = 0.2
     * over an infinite horizon; at 200 years the tail left off is
     * e^{-40}/0.2 < 1e-16.  The trapezoid rule on a convex e^{-bt} errs
     * by about (L^2 / 12) (f'(T) - f'(0)) = b L^2 / 12 (1 - e^{-bT}):
     * weekly, 0.2 / (12 * 52^2) = 6.16e-6 above 5; Simpson's error is
     * about L^4 c^3 / 180: 6e-12 for c = b, 1e-10 for c = a (in QALYs). */
    const size_t J = 52 * 200;
    const double L = 1.0 / 52, b = 0.2, a = 0.5;
    double *surv = malloc(2 * (J + 1) * sizeof *surv);
    ck_assert_ptr_nonnull(surv);
    value_psm *p = three_state(J, L, a, b, 0.0, surv);
    double cost, qalys, ly, bound = b * L * L / 12;
    assert_ok(value_psm_run(p, surv, 2 * (J + 1), &cost, &qalys, &ly));
    ck_assert_msg(ly - 5 > 0.99 * bound && ly - 5 < 1.01 * bound, "trapezoid LY %.17g", ly);
    assert_ok(value_psm_set_correction(p, VALUE_PSM_SIMPSON));
    assert_ok(value_psm_run(p, surv, 2 * (J + 1), &cost, &qalys, &ly));
    assert_abs(ly, 5.0, 2e-11);
    /* QALYs: 0.8/a + 0.6 (1/b - 1/a) = 1.6 + 1.8 = 3.4 */
    assert_abs(qalys, 3.4, 2e-10);
    value_psm_free(p);
    free(surv);
}
END_TEST

START_TEST(weibull_and_exponential_curves)
{
    /* survreg's Weibull: S(t) = exp(-(t e^{-mu})^{1/sigma}); mu = log 5,
     * sigma = 1/2 gives exp(-(t/5)^2): e^{-1/25} at t = 1, e^{-1} at t = 5.
     * Two parameter sets in one call (as PSA draws). */
    value_psm *p = NULL;
    assert_ok(value_psm_new(2, 5, 1.0, &p));
    const double par[] = {log(5.0), 0.5, log(2.0), 1.0};
    double s[12];
    assert_ok(value_psm_curve(p, VALUE_PSM_WEIBULL, par, 4, s, 12));
    ck_assert(s[0] == 1.0 && s[6] == 1.0);
    assert_rel(s[1], exp(-1.0 / 25), 1e-14);
    assert_rel(s[5], exp(-1.0), 1e-14);
    /* sigma = 1 is the exponential of rate e^{-mu} = 1/2 */
    for (int j = 1; j <= 5; j++)
        assert_rel(s[6 + j], exp(-0.5 * j), 1e-14);
    const double rate = 0.3;
    assert_ok(value_psm_curve(p, VALUE_PSM_EXPONENTIAL, &rate, 1, s, 6));
    assert_rel(s[3], exp(-0.9), 1e-15);
    value_psm_free(p);
}
END_TEST

START_TEST(crossing_curves_clamped_and_reported)
{
    /* PFS above OS at t = 2 and 3 (0.6 > 0.55, 0.5 > 0.45): PD is set to
     * 0 there and PF to OS; OS, so life years, unchanged.  End-of-cycle,
     * undiscounted, u = (1, 0.5, 0):
     *   LY    = 0.9 + 0.55 + 0.45 + 0.42 = 2.32
     *   PF    = 0.8 + 0.55 + 0.45 + 0.40 = 2.20 (PFS capped at OS)
     *   PD    = 0.1 + 0    + 0    + 0.02 = 0.12
     *   QALYs = 2.20 + 0.5 * 0.12 = 2.26 */
    value_psm *p = NULL;
    assert_ok(value_psm_new(3, 4, 1.0, &p));
    assert_ok(value_psm_set_correction(p, VALUE_PSM_END));
    const double u[] = {1, 0.5, 0}, c[] = {0, 0, 0};
    assert_ok(value_psm_set_state_rewards(p, c, u, 3));
    const double surv[] = {1, 0.8, 0.6, 0.5, 0.4, /* PFS */ 1, 0.9, 0.55, 0.45, 0.42 /* OS */};
    size_t count = 99, curve = 99, point = 99;
    assert_ok(value_psm_crossings(p, surv, 10, &count, &curve, &point));
    ck_assert_uint_eq(count, 2);
    ck_assert_uint_eq(curve, 0);
    ck_assert_uint_eq(point, 2);
    double tr[15];
    assert_ok(value_psm_trace(p, surv, 10, tr, 15));
    ck_assert(tr[6] == 0.55 && tr[7] == 0.0); /* t = 2 */
    assert_rel(tr[8], 0.45, 1e-15);
    for (int j = 0; j < 5; j++)
        for (int k = 0; k < 3; k++)
            ck_assert(tr[3 * j + k] >= 0);
    assert_rel(tr[13], 0.02, 1e-13); /* t = 4: PD = 0.42 - 0.40 */
    double cost, qalys, ly;
    assert_ok(value_psm_run(p, surv, 10, &cost, &qalys, &ly));
    assert_rel(ly, 2.32, 1e-15);
    assert_rel(qalys, 2.26, 1e-15);
    /* no crossing: all zero */
    const double ok[] = {1, 0.8, 0.6, 0.5, 0.4, 1, 0.9, 0.7, 0.6, 0.5};
    assert_ok(value_psm_crossings(p, ok, 10, &count, &curve, &point));
    ck_assert(count == 0 && curve == 0 && point == 0);
    value_psm_free(p);

    /* Four states, the middle curve above the last at t = 1: curves kept
     * ordered from the last down, S'_3 = 0.6, S'_2 = min(0.7, 0.6) = 0.6,
     * S'_1 = min(0.5, 0.6) = 0.5: membership (0.5, 0.1, 0, 0.4). */
    assert_ok(value_psm_new(4, 1, 1.0, &p));
    const double s4[] = {1, 0.5, 1, 0.7, 1, 0.6};
    assert_ok(value_psm_crossings(p, s4, 6, &count, &curve, &point));
    ck_assert(count == 1 && curve == 1 && point == 1);
    double t4[8];
    assert_ok(value_psm_trace(p, s4, 6, t4, 8));
    ck_assert(t4[0] == 1 && t4[1] == 0 && t4[2] == 0 && t4[3] == 0);
    ck_assert(t4[4] == 0.5 && t4[6] == 0.0);
    assert_rel(t4[5], 0.1, 1e-15);
    assert_rel(t4[7], 0.4, 1e-15);
    value_psm_free(p);
}
END_TEST

START_TEST(batch_is_the_single_runs)
{
    /* Three draws of (PFS rate, OS rate), the third with its own rewards:
     * each equal, bitwise, to value_psm_run() on the same inputs. */
    const size_t J = 40;
    value_psm *p = NULL;
    assert_ok(value_psm_new(3, J, 1.0, &p));
    const double c0[] = {1000, 3000, 0}, u0[] = {0.8, 0.6, 0};
    assert_ok(value_psm_set_state_rewards(p, c0, u0, 3));
    value_discount *d = test_scheme(0.035, VALUE_DISCOUNT_END);
    assert_ok(value_psm_set_discount(p, d, NULL));
    value_discount_free(d);
    const double rates[] = {0.5, 0.2, 0.4, 0.25, 0.3, 0.1};
    double surv[6 * 41];
    assert_ok(value_psm_curve(p, VALUE_PSM_EXPONENTIAL, rates, 6, surv, 6 * 41));
    /* value_psm_curve lays out K curves one after another: pairs of
     * consecutive curves are each draw's (PFS, OS) */
    double bc[3], bq[3], bl[3];
    assert_ok(value_psm_run_batch(p, surv, 6 * 41, NULL, NULL, 0, 3, bc, bq, bl, 3));
    for (int k = 0; k < 3; k++) {
        double c, q, l;
        assert_ok(value_psm_run(p, surv + k * 82, 82, &c, &q, &l));
        ck_assert(c == bc[k] && q == bq[k] && l == bl[k]);
    }
    double rc[9] = {1000, 3000, 0, 1000, 3000, 0, 2000, 3000, 0};
    double ru[9] = {0.8, 0.6, 0, 0.8, 0.6, 0, 0.8, 0.6, 0};
    assert_ok(value_psm_run_batch(p, surv, 6 * 41, rc, ru, 9, 3, bc, bq, bl, 3));
    const double c2[] = {2000, 3000, 0};
    assert_ok(value_psm_set_state_rewards(p, c2, u0, 3));
    double c, q, l;
    assert_ok(value_psm_run(p, surv + 2 * 82, 82, &c, &q, &l));
    ck_assert(c == bc[2] && q == bq[2] && l == bl[2]);
    /* a bad draw is named, the outputs untouched */
    surv[82 + 41 + 7] = 1.5;
    bc[0] = -1;
    assert_fails(value_psm_run_batch(p, surv, 6 * 41, NULL, NULL, 0, 3, bc, bq, bl, 3), VALUE_EINVAL,
                 "draw 1: surv[130] (row 1, column 7) is 1.5, must be in [0, 1]");
    ck_assert(bc[0] == -1);
    value_psm_free(p);
}
END_TEST

START_TEST(same_as_the_markov_engine)
{
    /* Exponential PFS (rate a) and OS (rate b) are the trace of a Markov
     * model with constant hazards: from PF death at b and progression at
     * a - b, from PD death at b, so PF(t) = e^{-at} and alive e^{-bt}.
     * Per cycle of L years: PF stays e^{-aL}, dies 1 - e^{-bL}, progresses
     * e^{-bL} - e^{-aL}; PD stays e^{-bL}.  The library's cohort engine
     * (value_markov, trapezoid, D_k = 1.035^{-kL}) must give the PSM's
     * totals, to the rounding of 40 matrix steps. */
    const size_t J = 40;
    const double a = 0.5, b = 0.2, L = 1.0;
    double surv[82];
    value_psm *p = three_state(J, L, a, b, 0.035, surv);
    double c, q, l;
    assert_ok(value_psm_run(p, surv, 82, &c, &q, &l));
    value_markov *m = NULL;
    assert_ok(value_markov_new(3, &m));
    assert_ok(value_markov_set(m, VALUE_MARKOV_CYCLES, (double)J));
    assert_ok(value_markov_set(m, VALUE_MARKOV_DISCOUNT_COSTS, 0.035));
    assert_ok(value_markov_set(m, VALUE_MARKOV_DISCOUNT_EFFECTS, 0.035));
    assert_ok(value_markov_set(m, VALUE_MARKOV_CORRECTION, VALUE_MARKOV_TRAPEZOID));
    double ea = exp(-a * L), eb = exp(-b * L);
    const double P[9] = {ea, eb - ea, 1 - eb, 0, eb, 1 - eb, 0, 0, 1};
    assert_ok(value_markov_set_transitions(m, P, 9));
    const double cost[] = {1000, 3000, 50}, util[] = {0.8, 0.6, 0}, alive[] = {1, 1, 0};
    assert_ok(value_markov_set_state_rewards(m, cost, util, alive, 3));
    double mc, mq, ml;
    assert_ok(value_markov_run(m, &mc, &mq, &ml));
    assert_rel(c, mc, 1e-12);
    assert_rel(q, mq, 1e-12);
    assert_rel(l, ml, 1e-12);
    value_markov_free(m);
    value_psm_free(p);
}
END_TEST

START_TEST(bad_input)
{
    value_psm *p = NULL;
    assert_fails(value_psm_new(1, 4, 1.0, &p), VALUE_EINVAL, "n_states is 1, must be at least 2");
    assert_fails(value_psm_new(3, 0, 1.0, &p), VALUE_EINVAL, "n_cycles is 0");
    assert_fails(value_psm_new(3, 4, 0.0, &p), VALUE_EINVAL, "cycle_length is 0");
    assert_fails(value_psm_new(3, 4, -1.0, &p), VALUE_EINVAL, "cycle_length is -1");
    assert_fails(value_psm_new(3, 4, NAN, &p), VALUE_EINVAL, "cycle_length is NaN");
    assert_fails(value_psm_new(3, 4, INFINITY, &p), VALUE_EINVAL, "cycle_length is Inf");
    ck_assert_ptr_null(p);
    assert_ok(value_psm_new(3, 3, 1.0, &p));
    assert_fails(value_psm_set_correction(p, VALUE_PSM_SIMPSON), VALUE_EINVAL, "even number of cycles");
    assert_fails(value_psm_set_correction(p, (value_psm_correction)7), VALUE_EINVAL, "correction is 7");

    double s[8] = {1, 0.9, 0.8, 0.7, 1, 0.95, 0.9, 0.85}, c, q, l;
    double good[8];
    memcpy(good, s, sizeof s);
    c = q = l = -7;
    s[2] = NAN;
    assert_fails(value_psm_run(p, s, 8, &c, &q, &l), VALUE_EINVAL, "surv[2] (row 0, column 2) is NaN");
    s[2] = 1.2;
    assert_fails(value_psm_run(p, s, 8, &c, &q, &l), VALUE_EINVAL, "surv[2] (row 0, column 2) is 1.2, must be in [0, 1]");
    s[2] = -INFINITY;
    assert_fails(value_psm_run(p, s, 8, &c, &q, &l), VALUE_EINVAL, "is -Inf");
    memcpy(s, good, sizeof s);
    s[6] = 0.96; /* OS rises from 0.95 */
    assert_fails(value_psm_run(p, s, 8, &c, &q, &l), VALUE_EINVAL,
                 "surv[6] (row 1, column 2) is 0.96, above surv[5] (0.95): a survival curve never rises");
    memcpy(s, good, sizeof s);
    s[4] = 0.9;
    assert_fails(value_psm_run(p, s, 8, &c, &q, &l), VALUE_EINVAL, "surv[4] (row 1, column 0) is 0.9, must be 1");
    assert_fails(value_psm_run(p, good, 7, &c, &q, &l), VALUE_EINVAL, "n must be 8 ((n_states - 1)(n_cycles + 1)), got 7");
    assert_fails(value_psm_run(p, NULL, 8, &c, &q, &l), VALUE_EINVAL, "surv");
    ck_assert(c == -7 && q == -7 && l == -7);
    double tr[12];
    assert_fails(value_psm_trace(p, good, 8, tr, 11), VALUE_EINVAL, "out_len must be 12");
    double sv[3];
    assert_fails(value_psm_state_values(p, good, 8, sv, sv, sv, 2), VALUE_EINVAL, "out_len must be 3 (n_states), got 2");

    const double cost[] = {1, NAN, 0}, util[] = {1, 1, 0};
    assert_fails(value_psm_set_state_rewards(p, cost, util, 3), VALUE_EINVAL, "cost[1] is NaN");
    assert_fails(value_psm_set_state_rewards(p, util, util, 2), VALUE_EINVAL, "n must be 3 (n_states), got 2");

    const double bad_rate = -0.1, bad_w[] = {1.0, 0.0};
    double cv[4];
    assert_fails(value_psm_curve(p, VALUE_PSM_EXPONENTIAL, &bad_rate, 1, cv, 4), VALUE_EINVAL, "par[0] is -0.1");
    assert_fails(value_psm_curve(p, VALUE_PSM_WEIBULL, bad_w, 2, cv, 4), VALUE_EINVAL, "par[1] is 0");
    assert_fails(value_psm_curve(p, VALUE_PSM_WEIBULL, bad_w, 1, cv, 4), VALUE_EINVAL, "n_par is 1");
    assert_fails(value_psm_curve(p, (value_psm_dist)9, bad_w, 1, cv, 4), VALUE_EINVAL, "dist is 9");
    assert_fails(value_psm_curve(p, VALUE_PSM_EXPONENTIAL, &bad_w[0], 1, cv, 3), VALUE_EINVAL, "out_len must be 4");

    double bc[2], bq[2], bl[2];
    assert_fails(value_psm_run_batch(p, good, 8, NULL, NULL, 0, 0, bc, bq, bl, 0), VALUE_EINVAL, "n_draws is 0");
    assert_fails(value_psm_run_batch(p, good, 8, NULL, NULL, 0, 2, bc, bq, bl, 2), VALUE_EINVAL, "n must be 16");
    assert_fails(value_psm_run_batch(p, good, 8, cost, NULL, 3, 1, bc, bq, bl, 1), VALUE_EINVAL, "utility");
    /* QALYs past DBL_MAX: 1e308 a year in state 0 for 3 years */
    const double huge[] = {1e308, 0, 0}, zero[] = {0, 0, 0};
    assert_ok(value_psm_set_state_rewards(p, zero, huge, 3));
    const double alive[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    c = q = l = -7;
    assert_fails(value_psm_run(p, alive, 8, &c, &q, &l), VALUE_ERANGE, "the total QALYs overflows");
    assert_fails(value_psm_state_values(p, alive, 8, sv, sv, sv, 3), VALUE_ERANGE, "state 0: its QALYs overflows");
    ck_assert(c == -7 && q == -7 && l == -7);
    value_psm_free(p);
    value_psm_free(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("psm");
    TCase *tc = tcase_create("psm");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, closed_form_yearly_undiscounted);
    tcase_add_test(tc, closed_form_yearly_discounted);
    tcase_add_test(tc, closed_form_weekly_discounted);
    tcase_add_test(tc, cycles_shrink_to_the_integral);
    tcase_add_test(tc, weibull_and_exponential_curves);
    tcase_add_test(tc, crossing_curves_clamped_and_reported);
    tcase_add_test(tc, batch_is_the_single_runs);
    tcase_add_test(tc, same_as_the_markov_engine);
    tcase_add_test(tc, bad_input);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
