/*
 * Declarative decision models built through the API: the published HIV
 * model, tunnels against hand-built tunnel states, the conventions
 * against value_markov, discount schemes, scenarios and subgroups, PSA
 * draws against base-case runs at the drawn values, one-way, two-way and
 * threshold analyses against brute force, microsimulation against the
 * cohort, and bad input.  The model files of examples/models/ are tested
 * in check_model_file.c and check_model_published.c.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "testutil.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- the HIV/AIDS model (Chancellor et al. 1997; Briggs, Claxton &
 * Sculpher 2006, ch. 2) -------------------------------------------------------
 * Published: monotherapy cost 44663.4535637, LY 7.9912066; combination
 * cost 50601.6513312, LY 8.9373889; ICER 6275.95560 per life year
 * (occupancy counted at the end of each cycle, costs discounted at 6%
 * with exponent t, life years undiscounted). */
static value_model *hiv(void)
{
    value_model *m;
    assert_ok(value_model_new(&m));
    assert_ok(value_model_add_state(m, "A", VALUE_MODEL_ALIVE));
    assert_ok(value_model_add_state(m, "B", VALUE_MODEL_ALIVE));
    assert_ok(value_model_add_state(m, "C", VALUE_MODEL_ALIVE));
    assert_ok(value_model_add_state(m, "Death", VALUE_MODEL_DEAD));
    assert_ok(value_model_add_strategy(m, "mono"));
    assert_ok(value_model_add_strategy(m, "comb"));
    assert_ok(value_model_add_category(m, "cost_direct", VALUE_MODEL_COST));
    assert_ok(value_model_add_category(m, "cost_drug", VALUE_MODEL_COST));
    assert_ok(value_model_set(m, VALUE_MODEL_CYCLES, 20));
    assert_ok(value_model_set(m, VALUE_MODEL_METHOD, VALUE_MARKOV_END));
    assert_ok(value_model_set(m, VALUE_MODEL_DISCOUNT_COSTS, 0.06));
    assert_ok(value_model_set_parameter(m, NULL, "rr", "1"));
    assert_ok(value_model_set_parameter(m, NULL, "c_lam", "0"));
    assert_ok(value_model_set_parameter(m, "comb", "rr", "if(model_time <= 2, 0.509, 1)"));
    assert_ok(value_model_set_parameter(m, "comb", "c_lam", "if(model_time <= 2, 2086.5, 0)"));
    assert_ok(value_model_set_parameter(m, NULL, "c_zid", "2278"));
    assert_ok(value_model_set_transition(m, NULL, "A", "A", "C"));
    assert_ok(value_model_set_transition(m, NULL, "A", "B", "350 / 1734 * rr"));
    assert_ok(value_model_set_transition(m, NULL, "A", "C", "116 / 1734 * rr"));
    assert_ok(value_model_set_transition(m, NULL, "A", "Death", "17 / 1734 * rr"));
    assert_ok(value_model_set_transition(m, NULL, "B", "B", "C"));
    assert_ok(value_model_set_transition(m, NULL, "B", "C", "512 / 1258 * rr"));
    assert_ok(value_model_set_transition(m, NULL, "B", "Death", "15 / 1258 * rr"));
    assert_ok(value_model_set_transition(m, NULL, "C", "C", "C"));
    assert_ok(value_model_set_transition(m, NULL, "C", "Death", "437 / 1749 * rr"));
    const char *st[] = {"A", "B", "C"};
    const char *direct[] = {"2756", "3052", "9007"};
    for (int s = 0; s < 3; s++) {
        assert_ok(value_model_set_state_value(m, NULL, "cost_direct", st[s], direct[s]));
        assert_ok(value_model_set_state_value(m, NULL, "cost_drug", st[s], "c_zid + c_lam"));
    }
    return m;
}

START_TEST(hiv_published)
{
    value_model *m = hiv();
    double c[2], e[2], ly[2];
    assert_ok(value_model_run(m, NULL, c, e, ly, 2));
    assert_abs(c[0], 44663.4535637, 5e-8);
    assert_abs(ly[0], 7.9912066, 5e-8);
    assert_abs(c[1], 50601.6513312, 5e-8);
    assert_abs(ly[1], 8.9373889, 5e-8);
    assert_abs((c[1] - c[0]) / (ly[1] - ly[0]), 6275.95560, 5e-6);
    ck_assert(e[0] == 0 && e[1] == 0); /* no effect category */
    /* by category: direct + drug = total */
    double v[4];
    assert_ok(value_model_run_values(m, NULL, v, 4));
    assert_rel(v[0] + v[1], c[0], 1e-15);
    assert_rel(v[2] + v[3], c[1], 1e-15);
    /* trace: starts in A, rows sum to 1, the first move is the row of A */
    double tr[21 * 4];
    assert_ok(value_model_trace(m, NULL, 0, tr, 21 * 4));
    ck_assert(tr[0] == 1 && tr[1] == 0);
    assert_rel(tr[4 + 1], 350.0 / 1734, 1e-15);
    for (int t = 0; t <= 20; t++)
        assert_rel(tr[t * 4] + tr[t * 4 + 1] + tr[t * 4 + 2] + tr[t * 4 + 3], 1.0, 1e-14);
    value_model_free(m);
}
END_TEST

/* The same model through value_markov (another code path of the
 * library): every convention, with utilities so that effects count. */
START_TEST(conventions_match_markov)
{
    for (int method = VALUE_MARKOV_START; method <= VALUE_MARKOV_SIMPSON; method++) {
        value_model *m = hiv();
        assert_ok(value_model_add_category(m, "qaly", VALUE_MODEL_EFFECT));
        assert_ok(value_model_set_state_value(m, NULL, "qaly", "A", "0.9"));
        assert_ok(value_model_set_state_value(m, NULL, "qaly", "B", "0.7"));
        assert_ok(value_model_set_state_value(m, NULL, "qaly", "C", "0.5"));
        assert_ok(value_model_set(m, VALUE_MODEL_METHOD, method));
        assert_ok(value_model_set(m, VALUE_MODEL_DISCOUNT_EFFECTS, 0.035));
        double c[2], e[2], ly[2];
        assert_ok(value_model_run(m, NULL, c, e, ly, 2));
        /* monotherapy: constant matrix and rewards */
        value_markov *k;
        assert_ok(value_markov_new(4, &k));
        assert_ok(value_markov_set(k, VALUE_MARKOV_CYCLES, 20));
        assert_ok(value_markov_set(k, VALUE_MARKOV_CORRECTION, method));
        assert_ok(value_markov_set(k, VALUE_MARKOV_DISCOUNT_COSTS, 0.06));
        assert_ok(value_markov_set(k, VALUE_MARKOV_DISCOUNT_EFFECTS, 0.035));
        double P[16] = {1251.0 / 1734, 350.0 / 1734, 116.0 / 1734, 17.0 / 1734, 0, 731.0 / 1258, 512.0 / 1258,
                        15.0 / 1258,   0,            0,            1312.0 / 1749, 437.0 / 1749, 0, 0, 0, 1};
        double cost[4] = {2756 + 2278, 3052 + 2278, 9007 + 2278, 0}, u[4] = {0.9, 0.7, 0.5, 0},
               alive[4] = {1, 1, 1, 0};
        assert_ok(value_markov_set_transitions(k, P, 16));
        assert_ok(value_markov_set_state_rewards(k, cost, u, alive, 4));
        double kc, kq, kl;
        assert_ok(value_markov_run(k, &kc, &kq, &kl));
        assert_rel(c[0], kc, 1e-12);
        assert_rel(e[0], kq, 1e-12);
        assert_rel(ly[0], kl, 1e-12);
        value_markov_free(k);
        value_model_free(m);
    }
}
END_TEST

/* Simpson's rule with an odd number of cycles says why it cannot run. */
START_TEST(simpson_odd)
{
    value_model *m = hiv();
    assert_ok(value_model_set(m, VALUE_MODEL_CYCLES, 21));
    assert_ok(value_model_set(m, VALUE_MODEL_METHOD, VALUE_MARKOV_SIMPSON));
    double c[2], e[2], l[2] = {-1, -1};
    assert_fails(value_model_run(m, NULL, c, e, l, 2), VALUE_EINVAL, "needs an even number of intervals (use 22 cycles");
    ck_assert(l[0] == -1);
    value_model_free(m);
}
END_TEST

/* ---- tunnels ------------------------------------------------------------------
 * Healthy -> Sick with 0.1 a cycle; from Sick, death with 0.05 * state_time
 * (time in Sick), else stay; Dead absorbing; a sick cycle costs 100 * state_time.
 * Against the same model with the tunnel states written out by hand:
 * S1..S5 (5 cycles, so the tunnel limit T = 5 is exact). */
static value_model *sick(bool hand)
{
    value_model *m;
    assert_ok(value_model_new(&m));
    assert_ok(value_model_add_state(m, "H", VALUE_MODEL_ALIVE));
    const int K = 5;
    char name[32], to[32], ex[64];
    if (hand)
        for (int k = 1; k <= K; k++) {
            snprintf(name, sizeof name, "S%d", k);
            assert_ok(value_model_add_state(m, name, VALUE_MODEL_ALIVE));
        }
    else
        assert_ok(value_model_add_state(m, "S", VALUE_MODEL_ALIVE));
    assert_ok(value_model_add_state(m, "D", VALUE_MODEL_DEAD));
    assert_ok(value_model_add_strategy(m, "only"));
    assert_ok(value_model_add_category(m, "cost", VALUE_MODEL_COST));
    assert_ok(value_model_set(m, VALUE_MODEL_CYCLES, K));
    assert_ok(value_model_set(m, VALUE_MODEL_DISCOUNT_COSTS, 0.03));
    assert_ok(value_model_set_transition(m, NULL, "H", "H", "C"));
    assert_ok(value_model_set_transition(m, NULL, "H", hand ? "S1" : "S", "0.1"));
    if (hand) {
        for (int k = 1; k <= K; k++) {
            snprintf(name, sizeof name, "S%d", k);
            snprintf(to, sizeof to, "S%d", k < K ? k + 1 : K);
            snprintf(ex, sizeof ex, "0.05 * %d", k);
            assert_ok(value_model_set_transition(m, NULL, name, "D", ex));
            assert_ok(value_model_set_transition(m, NULL, name, to, "C"));
            snprintf(ex, sizeof ex, "100 * %d", k);
            assert_ok(value_model_set_state_value(m, NULL, "cost", name, ex));
        }
    } else {
        assert_ok(value_model_set_transition(m, NULL, "S", "D", "0.05 * state_time"));
        assert_ok(value_model_set_transition(m, NULL, "S", "S", "C"));
        assert_ok(value_model_set_state_value(m, NULL, "cost", "S", "100 * state_time"));
    }
    return m;
}

START_TEST(tunnels_as_hand_built)
{
    value_model *a = sick(false), *b = sick(true);
    double ca, ea, la, cb, eb, lb;
    assert_ok(value_model_run(a, NULL, &ca, &ea, &la, 1));
    assert_ok(value_model_run(b, NULL, &cb, &eb, &lb, 1));
    assert_rel(ca, cb, 1e-14);
    assert_rel(la, lb, 1e-14);
    /* the trace sums the tunnels into the declared state */
    double ta[6 * 3], tb[6 * 7];
    assert_ok(value_model_trace(a, NULL, 0, ta, 18));
    assert_ok(value_model_trace(b, NULL, 0, tb, 42));
    for (int t = 0; t <= 5; t++) {
        double s = 0;
        for (int k = 1; k <= 5; k++)
            s += tb[t * 7 + k];
        assert_rel(ta[t * 3 + 1], s, 1e-14);
        assert_rel(ta[t * 3 + 2], tb[t * 7 + 6], 1e-14);
    }
    /* cycle 2 by hand: 0.1 sick after cycle 1; in cycle 2 they die with
     * 0.05 (first cycle in S), so S at t = 2 is 0.9 * 0.1 + 0.1 * 0.95 */
    assert_rel(ta[2 * 3 + 1], 0.9 * 0.1 + 0.1 * 0.95, 1e-15);
    /* half the cohort starts sick: the end of cycle t reaches tunnel t + 1,
     * whose values the life-table weights read (a run once read them
     * before they were evaluated) */
    assert_ok(value_model_set_initial(a, NULL, "H", "0.5"));
    assert_ok(value_model_set_initial(a, NULL, "S", "0.5"));
    assert_ok(value_model_set_initial(b, NULL, "H", "0.5"));
    assert_ok(value_model_set_initial(b, NULL, "S1", "0.5"));
    assert_ok(value_model_run(a, NULL, &ca, &ea, &la, 1));
    assert_ok(value_model_run(b, NULL, &cb, &eb, &lb, 1));
    assert_rel(ca, cb, 1e-14);
    assert_rel(la, lb, 1e-14);
    value_model_free(a);
    value_model_free(b);
}
END_TEST

/* ---- discounting by a scheme: stepped Green Book rates ---------------------------
 * One alive state costing 1 a cycle for 40 annual cycles, end of cycle,
 * first cycle discounted: the total is sum_t D(t), D from the scheme. */
START_TEST(stepped_discount)
{
    value_model *m;
    assert_ok(value_model_new(&m));
    assert_ok(value_model_add_state(m, "alive", VALUE_MODEL_ALIVE));
    assert_ok(value_model_add_strategy(m, "s"));
    assert_ok(value_model_add_category(m, "cost", VALUE_MODEL_COST));
    assert_ok(value_model_set(m, VALUE_MODEL_CYCLES, 40));
    assert_ok(value_model_set(m, VALUE_MODEL_METHOD, VALUE_MARKOV_END));
    assert_ok(value_model_set_transition(m, NULL, "alive", "alive", "1"));
    assert_ok(value_model_set_state_value(m, NULL, "cost", "alive", "1"));
    value_discount *g;
    assert_ok(value_discount_new(0.035, &g));
    assert_ok(value_discount_add_step(g, 30, 0.03));
    assert_ok(value_model_set_discount(m, g, NULL));
    value_discount_free(g); /* the model keeps its own copy */
    double c, e, l;
    assert_ok(value_model_run(m, NULL, &c, &e, &l, 1));
    /* by hand: 1.035^-t to year 30, then 1.035^-30 * 1.03^-(t-30) */
    double want = 0;
    for (int t = 1; t <= 40; t++)
        want += t <= 30 ? pow(1.035, -t) : pow(1.035, -30) * pow(1.03, -(t - 30));
    assert_rel(c, want, 1e-13);
    assert_rel(l, 40, 1e-15); /* effects undiscounted */
    value_model_free(m);
}
END_TEST

/* ---- scenarios and subgroups ------------------------------------------------------ */
START_TEST(scenarios_and_subgroups)
{
    value_model *m = hiv();
    assert_ok(value_model_set_scenario(m, "cheap_zid", "c_zid", "1000"));
    assert_ok(value_model_set_scenario(m, "dear_zid", "c_zid", "3000"));
    double c0[2], c1[2], c2[2], e[2], l[2];
    assert_ok(value_model_run(m, "cheap_zid", c1, e, l, 2));
    assert_ok(value_model_run(m, "dear_zid", c2, e, l, 2));
    /* the drug cost is linear in c_zid: the base (2278) interpolates */
    assert_ok(value_model_run(m, NULL, c0, e, l, 2));
    for (int j = 0; j < 2; j++)
        assert_rel(c0[j], c1[j] + (c2[j] - c1[j]) * (2278.0 - 1000) / 2000, 1e-12);
    assert_fails(value_model_run(m, "cheap", c0, e, l, 2), VALUE_ENOTFOUND, "unknown scenario 'cheap'");
    double sc[6], se[6];
    assert_fails(value_model_run_subgroups(m, sc, se, 6), VALUE_ESTATE, "no scenario has a weight");
    assert_ok(value_model_set_weight(m, "cheap_zid", 3));
    assert_ok(value_model_set_weight(m, "dear_zid", 1));
    assert_ok(value_model_run_subgroups(m, sc, se, 6));
    size_t ng;
    const char *gname;
    double gw;
    assert_ok(value_model_count(m, VALUE_MODEL_SUBGROUPS, &ng));
    ck_assert_uint_eq(ng, 2);
    assert_ok(value_model_name(m, VALUE_MODEL_SUBGROUPS, 1, &gname));
    ck_assert_str_eq(gname, "dear_zid");
    assert_ok(value_model_get_weight(m, 0, &gw));
    ck_assert(gw == 3);
    assert_fails(value_model_get_weight(m, 2, &gw), VALUE_EINVAL, "index is 2, not in [0, 2)");
    for (int j = 0; j < 2; j++) {
        ck_assert(sc[j] == c1[j] && sc[2 + j] == c2[j]);
        assert_rel(sc[4 + j], 0.75 * c1[j] + 0.25 * c2[j], 1e-14);
    }
    value_model_free(m);
}
END_TEST

/* ---- PSA ----------------------------------------------------------------------------- */
static value_model *hiv_psa(void)
{
    value_model *m = hiv();
    /* zidovudine's cost gamma(mean 2278, sd 200); monotherapy's A -> B by a beta */
    assert_ok(value_model_set_distribution(m, "c_zid", VALUE_SAMPLER_GAMMA_MEANSD, 2278, 200, 0, 0));
    assert_ok(value_model_set_parameter(m, NULL, "p_AB", "350 / 1734"));
    assert_ok(value_model_set_distribution(m, "p_AB", VALUE_SAMPLER_BETA, 350, 1734 - 350, 0, 0));
    assert_ok(value_model_set_transition(m, NULL, "A", "B", "p_AB * rr"));
    return m;
}

START_TEST(psa_draws_are_base_runs)
{
    value_model *m = hiv_psa();
    enum { N = 300 };
    size_t P;
    assert_ok(value_model_count(m, VALUE_MODEL_SAMPLED, &P));
    ck_assert_uint_eq(P, 2);
    const char *name;
    assert_ok(value_model_name(m, VALUE_MODEL_SAMPLED, 1, &name));
    ck_assert_str_eq(name, "p_AB");
    double *c = malloc(2 * N * sizeof *c), *e = malloc(2 * N * sizeof *e), *d = malloc(2 * N * sizeof *d);
    assert_ok(value_model_psa(m, NULL, 42, N, c, e, 2 * N, d, 2 * N));
    /* draw i equals a base-case run with the parameters at its values (a
     * scenario fixing both): the same arithmetic, so bitwise */
    for (int i = 0; i < N; i += 37) {
        char v[64];
        snprintf(v, sizeof v, "%.17g", d[2 * i]);
        assert_ok(value_model_set_scenario(m, "draw", "c_zid", v));
        snprintf(v, sizeof v, "%.17g", d[2 * i + 1]);
        assert_ok(value_model_set_scenario(m, "draw", "p_AB", v));
        double bc[2], be[2], bl[2];
        assert_ok(value_model_run(m, "draw", bc, be, bl, 2));
        ck_assert_msg(bc[0] == c[2 * i] && bc[1] == c[2 * i + 1], "draw %d: %.17g vs %.17g", i, bc[0], c[2 * i]);
    }
    free(c);
    free(e);
    free(d);
    value_model_free(m);
}
END_TEST

START_TEST(psa_threads_change_nothing)
{
    value_model *m = hiv_psa();
    enum { N = 5000 };
    double *c1 = malloc(2 * N * sizeof *c1), *e1 = malloc(2 * N * sizeof *e1);
    double *c2 = malloc(2 * N * sizeof *c2), *e2 = malloc(2 * N * sizeof *e2);
    assert_ok(value_model_psa(m, NULL, 7, N, c1, e1, 2 * N, NULL, 0));
    for (int th = 2; th <= 3; th++) {
        assert_ok(value_model_set(m, VALUE_MODEL_THREADS, th));
        assert_ok(value_model_psa(m, NULL, 7, N, c2, e2, 2 * N, NULL, 0));
        ck_assert(memcmp(c1, c2, 2 * N * sizeof *c1) == 0);
    }
    /* a smaller run is the start of a larger one */
    assert_ok(value_model_psa(m, NULL, 7, 100, c2, e2, 200, NULL, 0));
    ck_assert(memcmp(c1, c2, 200 * sizeof *c1) == 0);
    free(c1);
    free(e1);
    free(c2);
    free(e2);
    value_model_free(m);
}
END_TEST

/* An invalid draw is named: the first one, whatever the thread count. */
START_TEST(psa_invalid_draw_named)
{
    value_model *m = hiv();
    /* a normal that goes above 1 in some draws makes A's row invalid */
    assert_ok(value_model_set_parameter(m, NULL, "p_AD", "0.01"));
    assert_ok(value_model_set_distribution(m, "p_AD", VALUE_SAMPLER_NORMAL, 0.5, 0.2, 0, 0));
    assert_ok(value_model_set_transition(m, NULL, "A", "Death", "p_AD"));
    enum { N = 3000 };
    double *c = malloc(2 * N * sizeof *c), *e = malloc(2 * N * sizeof *e), *d = malloc(N * sizeof *d);
    c[0] = -1;
    int rc = value_model_psa(m, NULL, 1, N, c, e, 2 * N, NULL, 0);
    ck_assert_int_eq(rc, VALUE_EDOM);
    ck_assert(c[0] == -1);
    char first[512];
    snprintf(first, sizeof first, "%s", value_errmsg());
    ck_assert_msg(strstr(first, "strategy 'mono', draw ") != NULL && strstr(first, "state 'A'") != NULL, "%s", first);
    assert_ok(value_model_set(m, VALUE_MODEL_THREADS, 2));
    ck_assert_int_eq(value_model_psa(m, NULL, 1, N, c, e, 2 * N, NULL, 0), VALUE_EDOM);
    ck_assert_str_eq(value_errmsg(), first);
    free(c);
    free(e);
    free(d);
    value_model_free(m);
}
END_TEST

/* ---- one-way, two-way and threshold analyses against brute force --------------------- */
START_TEST(dsa_is_brute_force)
{
    value_model *m = hiv();
    assert_ok(value_model_set_range(m, "c_zid", 1500, 3000));
    assert_ok(value_model_set_parameter(m, NULL, "c_B", "3052"));
    assert_ok(value_model_set_state_value(m, NULL, "cost_direct", "B", "c_B"));
    assert_ok(value_model_set_range(m, "c_B", 2000, 4000));
    double c[8], e[8];
    assert_ok(value_model_dsa(m, c, e, 8));
    double rl, rh;
    assert_ok(value_model_get_range(m, 1, &rl, &rh));
    ck_assert(rl == 2000 && rh == 4000);
    assert_fails(value_model_get_range(m, 2, &rl, &rh), VALUE_EINVAL, "index is 2, not in [0, 2)");
    const char *p[] = {"c_zid", "c_B"}, *v[2][2] = {{"1500", "3000"}, {"2000", "4000"}};
    for (int r = 0; r < 2; r++)
        for (int k = 0; k < 2; k++) {
            value_model *b = hiv();
            assert_ok(value_model_set_parameter(b, NULL, "c_B", "3052"));
            assert_ok(value_model_set_state_value(b, NULL, "cost_direct", "B", "c_B"));
            assert_ok(value_model_set_parameter(b, NULL, p[r], v[r][k]));
            double bc[2], be[2], bl[2];
            assert_ok(value_model_run(b, NULL, bc, be, bl, 2));
            ck_assert(bc[0] == c[(2 * r + k) * 2] && bc[1] == c[(2 * r + k) * 2 + 1]);
            value_model_free(b);
        }
    /* tornado on the ICER per life year? The HIV model has no effect
     * category, so use the incremental cost with lambda = 0: -(dC) */
    double lo[2], hi[2], base;
    int32_t ord[2];
    assert_ok(value_model_tornado(m, 1, 0, 0, 0, lo, hi, ord, 2, &base));
    double bc[2], be[2], bl[2];
    assert_ok(value_model_run(m, NULL, bc, be, bl, 2));
    ck_assert(base == -(bc[1] - bc[0]));
    for (int r = 0; r < 2; r++) {
        ck_assert(lo[r] == -(c[4 * r + 1] - c[4 * r]));
        ck_assert(hi[r] == -(c[4 * r + 3] - c[4 * r + 2]));
    }
    ck_assert(fabs(hi[ord[0]] - lo[ord[0]]) >= fabs(hi[ord[1]] - lo[ord[1]]));
    assert_fails(value_model_tornado(m, 1, 0, 0, 1, lo, hi, ord, 2, &base), VALUE_EDOM, "no ICER");
    value_model_free(m);
}
END_TEST

/* A model with effects: combination therapy with its utility; the
 * threshold of lamivudine's cost at which comb stops being worth it at
 * 20,000 per QALY, against a scan of NMBs. */
static value_model *hiv_qaly(void)
{
    value_model *m = hiv();
    assert_ok(value_model_add_category(m, "qaly", VALUE_MODEL_EFFECT));
    assert_ok(value_model_set_state_value(m, NULL, "qaly", "A", "0.9"));
    assert_ok(value_model_set_state_value(m, NULL, "qaly", "B", "0.7"));
    assert_ok(value_model_set_state_value(m, NULL, "qaly", "C", "0.5"));
    assert_ok(value_model_set_parameter(m, NULL, "lam", "2086.5"));
    assert_ok(value_model_set_parameter(m, "comb", "c_lam", "if(model_time <= 2, lam, 0)"));
    return m;
}

START_TEST(threshold_is_brute_force)
{
    value_model *m = hiv_qaly();
    double x;
    int32_t below, above;
    /* strategy-specific c_lam uses the parameter lam, which the run fixes */
    assert_ok(value_model_threshold(m, "lam", 0, 100000, 20000, &x, &below, &above));
    ck_assert_int_eq(below, 1);
    ck_assert_int_eq(above, 0);
    /* brute force: NMB difference at x is 0 (a base run with lam = x) */
    double c[2], e[2], l[2], c2[2], e2[2];
    char v[64];
    snprintf(v, sizeof v, "%.17g", x);
    assert_ok(value_model_set_scenario(m, "at", "lam", v));
    assert_ok(value_model_run(m, "at", c, e, l, 2));
    double d = (20000 * e[1] - c[1]) - (20000 * e[0] - c[0]);
    ck_assert_msg(fabs(d) <= 1e-6, "NMB difference %.17g at the threshold %.17g", d, x);
    /* the NMB difference is linear in lam: two runs give the root exactly */
    assert_ok(value_model_set_scenario(m, "zero", "lam", "0"));
    assert_ok(value_model_run(m, "zero", c2, e2, l, 2));
    double d0 = (20000 * e2[1] - c2[1]) - (20000 * e2[0] - c2[0]);
    double slope = d0 - ((20000 * e[1] - c[1]) - (20000 * e[0] - c[0]));
    assert_rel(x, d0 / (slope / x), 1e-9);
    assert_fails(value_model_threshold(m, "lam", 0, 10, 20000, &x, &below, &above), VALUE_ENOTFOUND,
                 "has the highest net monetary benefit for every 'lam'");
    assert_fails(value_model_threshold(m, "lamb", 0, 10, 20000, &x, &below, &above), VALUE_ENOTFOUND,
                 "did you mean 'lam'?");
    value_model_free(m);
}
END_TEST

START_TEST(twoway_is_brute_force)
{
    value_model *m = hiv_qaly();
    double va[3] = {1000, 2000, 3000}, vb[2] = {0, 4000};
    double c[12], e[12];
    assert_ok(value_model_twoway(m, "c_zid", va, 3, "lam", vb, 2, c, e, 12));
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 2; k++) {
            char a[32], b[32];
            snprintf(a, sizeof a, "%g", va[i]);
            snprintf(b, sizeof b, "%g", vb[k]);
            assert_ok(value_model_set_scenario(m, "pt", "c_zid", a));
            assert_ok(value_model_set_scenario(m, "pt", "lam", b));
            double bc[2], be[2], bl[2];
            assert_ok(value_model_run(m, "pt", bc, be, bl, 2));
            for (int j = 0; j < 2; j++) {
                ck_assert(bc[j] == c[(i * 2 + k) * 2 + j]);
                ck_assert(be[j] == e[(i * 2 + k) * 2 + j]);
            }
        }
    assert_fails(value_model_twoway(m, "c_zid", va, 3, "c_zid", vb, 2, c, e, 12), VALUE_EINVAL, "both 'c_zid'");
    value_model_free(m);
}
END_TEST

/* ---- microsimulation ------------------------------------------------------------------- */
START_TEST(microsim_converges)
{
    value_model *m = sick(false);
    assert_ok(value_model_set(m, VALUE_MODEL_CYCLES, 5));
    double c, e, l, mc, me, ml, sc, se;
    assert_ok(value_model_run(m, NULL, &c, &e, &l, 1));
    assert_ok(value_model_microsim(m, NULL, 2026, 100000, &mc, &me, &ml, &sc, &se, 1));
    ck_assert_msg(fabs(mc - c) <= 3 * sc, "microsim cost %.6f vs cohort %.6f, se %.6f", mc, c, sc);
    ck_assert(sc > 0 && sc < 0.02 * c);
    /* threads change nothing */
    double mc2, me2, ml2, sc2, se2;
    assert_ok(value_model_set(m, VALUE_MODEL_THREADS, 2));
    assert_ok(value_model_microsim(m, NULL, 2026, 100000, &mc2, &me2, &ml2, &sc2, &se2, 1));
    ck_assert(mc2 == mc && sc2 == sc && ml2 == ml);
    value_model_free(m);
}
END_TEST

/* ---- bad input --------------------------------------------------------------------------- */
START_TEST(bad_input)
{
    value_model *m = hiv();
    double c[2], e[2], l[2];
    assert_fails(value_model_new(NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_model_add_state(m, "A", 0), VALUE_EINVAL, "state 'A' is already defined");
    assert_fails(value_model_add_state(m, "1x", 0), VALUE_EINVAL, "is not a name");
    assert_fails(value_model_set_parameter(m, NULL, "model_time", "1"), VALUE_EINVAL, "built-in");
    assert_fails(value_model_add_state(m, "X", 7), VALUE_EINVAL, "flags is 7");
    assert_fails(value_model_add_category(m, "x", 9), VALUE_EINVAL, "kind is 9");
    assert_fails(value_model_set(m, VALUE_MODEL_CYCLES, 0.5), VALUE_EINVAL, "cycles is 0.5");
    assert_fails(value_model_set(m, VALUE_MODEL_CYCLE_LENGTH, NAN), VALUE_EINVAL, "cycle_length is NaN");
    assert_fails(value_model_set(m, 99, 1), VALUE_EINVAL, "not a value_model_option");
    assert_fails(value_model_set_transition(m, NULL, "A", "Dead", "0.1"), VALUE_ENOTFOUND,
                 "unknown state 'Dead' (known: 'Death'");
    assert_fails(value_model_set_transition(m, "combo", "A", "B", "0.1"), VALUE_ENOTFOUND,
                 "unknown strategy 'combo' (did you mean 'comb'?)");
    assert_fails(value_model_set_transition(m, NULL, "A", "B", "0.1 *"), VALUE_EPARSE, "transition 'A' -> 'B'");
    assert_fails(value_model_set_parameter(m, NULL, "x", "2 * C"), VALUE_EPARSE, "parameter 'x'");
    assert_fails(value_model_set_distribution(m, "rr", VALUE_SAMPLER_BETA_MEANSD, 1.5, 0.1, 0, 0), VALUE_EINVAL,
                 "rr");
    assert_fails(value_model_set_range(m, "rr", 1, 1), VALUE_EINVAL, "low and high are both 1");
    /* a failed setter leaves the model as it was */
    size_t n;
    assert_ok(value_model_count(m, VALUE_MODEL_PARAMETERS, &n));
    ck_assert_uint_eq(n, 3);
    /* unknown names in expressions are found when the model runs */
    assert_ok(value_model_set_state_value(m, NULL, "cost_drug", "A", "c_zidd"));
    assert_fails(value_model_run(m, NULL, c, e, l, 2), VALUE_ENOTFOUND,
                 "value 'cost_drug' of state 'A' of strategy 'mono': unknown parameter 'c_zidd' (did you mean 'c_zid'?)");
    assert_ok(value_model_set_state_value(m, NULL, "cost_drug", "A", "c_zid + c_lam"));
    /* a parameter that uses itself */
    assert_ok(value_model_set_parameter(m, NULL, "c_zid", "2 * c_zid2"));
    assert_ok(value_model_set_parameter(m, NULL, "c_zid2", "c_zid / 2"));
    assert_fails(value_model_check(m), VALUE_EINVAL, "depends on itself");
    assert_ok(value_model_set_parameter(m, NULL, "c_zid", "2278"));
    /* rows outside [0, 1] and not summing to 1 name strategy, cycle, state */
    assert_ok(value_model_set_parameter(m, "comb", "rr", "if(model_time == 3, 9, 1)"));
    c[0] = -1;
    assert_fails(value_model_run(m, NULL, c, e, l, 2), VALUE_EDOM,
                 "strategy 'comb', cycle 3, state 'A': the transition to 'B' is");
    ck_assert(c[0] == -1);
    assert_ok(value_model_set_parameter(m, "comb", "rr", "1"));
    assert_ok(value_model_set_transition(m, NULL, "C", "C", "0.9"));
    assert_fails(value_model_run(m, NULL, c, e, l, 2), VALUE_EDOM, "strategy 'mono', cycle 1, state 'C': the row sums to");
    assert_ok(value_model_set_transition(m, NULL, "C", "C", "C"));
    assert_fails(value_model_run(m, NULL, c, e, l, 3), VALUE_EINVAL, "out_len");
    assert_fails(value_model_trace(m, NULL, 2, c, 2), VALUE_EINVAL, "strategy is 2, not in [0, 2)");
    assert_fails(value_model_psa(m, NULL, 1, 10, c, e, 20, NULL, 0), VALUE_ESTATE, "no parameter has a distribution");
    assert_fails(value_model_dsa(m, c, e, 2), VALUE_ESTATE, "no parameter has a range");
    /* initial shares */
    assert_ok(value_model_set_initial(m, NULL, "A", "0.5"));
    assert_fails(value_model_run(m, NULL, c, e, l, 2), VALUE_EDOM, "the initial shares sum to 0.5, not 1");
    assert_ok(value_model_set_initial(m, NULL, "B", "0.5"));
    assert_ok(value_model_run(m, NULL, c, e, l, 2));
    value_model_free(m);

    /* no states, no strategies, no transitions */
    assert_ok(value_model_new(&m));
    assert_fails(value_model_check(m), VALUE_ESTATE, "no states");
    assert_ok(value_model_add_state(m, "A", 0));
    assert_fails(value_model_check(m), VALUE_ESTATE, "no strategies");
    assert_ok(value_model_add_strategy(m, "s"));
    assert_fails(value_model_check(m), VALUE_ESTATE, "strategy 's' has no transitions");
    value_model_free(m);
    value_model_free(NULL);
}
END_TEST

/* Lookup tables: a life table by age band (rows) and sex (columns). */
START_TEST(lookup_tables)
{
    value_model *m;
    assert_ok(value_model_new(&m));
    assert_ok(value_model_add_state(m, "alive", 0));
    assert_ok(value_model_add_state(m, "dead", VALUE_MODEL_DEAD));
    assert_ok(value_model_add_strategy(m, "s"));
    double ages[3] = {60, 65, 70}, sexes[2] = {0, 1};
    double q[6] = {0.01, 0.02, 0.03, 0.04, 0.05, 0.06};
    assert_ok(value_model_add_table(m, "mort", ages, 3, sexes, 2, q, 6, VALUE_MODEL_STEP));
    assert_ok(value_model_set(m, VALUE_MODEL_START_AGE, 63));
    assert_ok(value_model_set(m, VALUE_MODEL_CYCLES, 10));
    assert_ok(value_model_set(m, VALUE_MODEL_METHOD, VALUE_MARKOV_END));
    assert_ok(value_model_set_parameter(m, NULL, "male", "1"));
    assert_ok(value_model_set_transition(m, NULL, "alive", "dead", "lookup(mort, age, male)"));
    assert_ok(value_model_set_transition(m, NULL, "alive", "alive", "C"));
    double c, e, l;
    assert_ok(value_model_run(m, NULL, &c, &e, &l, 1));
    /* by hand: ages 63, 64 (0.02), 65..69 (0.04), 70..72 (0.06), end of cycle */
    double alive = 1, want = 0;
    for (int t = 1; t <= 10; t++) {
        double age = 63 + t - 1, qq = age < 65 ? 0.02 : age < 70 ? 0.04 : 0.06;
        alive *= 1 - qq;
        want += alive;
    }
    assert_rel(l, want, 1e-14);
    assert_ok(value_model_set(m, VALUE_MODEL_START_AGE, 50));
    assert_fails(value_model_run(m, NULL, &c, &e, &l, 1), VALUE_EDOM, "lookup(mort)");
    assert_fails(value_model_add_table(m, "mort2", ages, 3, sexes, 2, q, 5, VALUE_MODEL_STEP), VALUE_EINVAL,
                 "n_values");
    double bad[3] = {60, 60, 70};
    assert_fails(value_model_add_table(m, "mort2", bad, 3, sexes, 2, q, 6, VALUE_MODEL_STEP), VALUE_EINVAL,
                 "row_keys[1]");
    value_model_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("model");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, hiv_published);
    tcase_add_test(tc, conventions_match_markov);
    tcase_add_test(tc, simpson_odd);
    tcase_add_test(tc, tunnels_as_hand_built);
    tcase_add_test(tc, stepped_discount);
    tcase_add_test(tc, scenarios_and_subgroups);
    tcase_add_test(tc, psa_draws_are_base_runs);
    tcase_add_test(tc, psa_threads_change_nothing);
    tcase_add_test(tc, psa_invalid_draw_named);
    tcase_add_test(tc, dsa_is_brute_force);
    tcase_add_test(tc, threshold_is_brute_force);
    tcase_add_test(tc, twoway_is_brute_force);
    tcase_add_test(tc, microsim_converges);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, lookup_tables);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
