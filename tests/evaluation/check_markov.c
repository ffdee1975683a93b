/* Markov cohort models.  Expected numbers come from a published model
 * (the HIV/AIDS model of Chancellor et al. 1997), closed forms written
 * out beside each check, and hand calculations on small models.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include "evaluation/markov.h"

#include <stdint.h>

#define REL 1e-12

static value_markov *new_model(size_t n_states)
{
    value_markov *m = NULL;
    assert_ok(value_markov_new(n_states, &m));
    return m;
}

static void set_params(value_markov *m, double cycles, double length, double rate_costs, double rate_effects,
                       double first, double correction)
{
    assert_ok(value_markov_set(m, VALUE_MARKOV_CYCLES, cycles));
    assert_ok(value_markov_set(m, VALUE_MARKOV_CYCLE_LENGTH, length));
    assert_ok(value_markov_set(m, VALUE_MARKOV_DISCOUNT_COSTS, rate_costs));
    assert_ok(value_markov_set(m, VALUE_MARKOV_DISCOUNT_EFFECTS, rate_effects));
    assert_ok(value_markov_set(m, VALUE_MARKOV_DISCOUNT_FIRST, first));
    assert_ok(value_markov_set(m, VALUE_MARKOV_CORRECTION, correction));
}

/* ---- case 1: the HIV/AIDS model ----------------------------------------------
 * Chancellor et al. (1997), as worked in Briggs, Claxton & Sculpher,
 * Decision Modelling for Health Economic Evaluation (OUP, 2006);
 * the figures are those of tests/data/README.md (cea/).
 * States A, B, C, Death; cohort starts in A; 20 annual cycles; occupancy
 * counted at the end of each cycle (no correction); costs discounted 6%
 * with exponent t for cycle t; life years undiscounted.
 * Monotherapy rows: A (1251, 350, 116, 17)/1734, B (0, 731, 512, 15)/1258,
 * C (0, 0, 1312, 437)/1749, Death absorbing.  Combination therapy: every
 * off-diagonal probability x 0.509 in cycles 1 and 2, diagonal 1 - the
 * rest.  Costs per cycle: A 2756, B 3052, C 9007 direct medical, plus
 * zidovudine 2278 in every alive state, plus lamivudine 2086.5 in cycles
 * 1 and 2 of combination therapy.
 * Published: monotherapy cost 44663.4535637, LY 7.9912066; combination
 * cost 50601.6513312, LY 8.9373889; ICER 6275.95560 per life year. */
#define HIV_T 20

static void hiv_mono_matrix(double p[16])
{
    const double counts[4][4] = {{1251, 350, 116, 17}, {0, 731, 512, 15}, {0, 0, 1312, 437}, {0, 0, 0, 1}};
    for (int i = 0; i < 4; i++) {
        double total = counts[i][0] + counts[i][1] + counts[i][2] + counts[i][3];
        for (int j = 0; j < 4; j++)
            p[4 * i + j] = counts[i][j] / total;
    }
}

/* cycle t (1-based) of combination therapy: RR 0.509 in cycles 1-2 */
static void hiv_combo_matrix(int t, double p[16])
{
    hiv_mono_matrix(p);
    double rr = t <= 2 ? 0.509 : 1.0;
    for (int i = 0; i < 4; i++) {
        double off = 0;
        for (int j = 0; j < 4; j++)
            if (j != i)
                off += p[4 * i + j] *= rr;
        p[4 * i + i] = 1.0 - off;
    }
}

/* per-cycle costs (T x 4) and constant-layout utility and alive rows */
static void hiv_costs(int combination, double cost[HIV_T * 4], double utility[HIV_T * 4], double alive[HIV_T * 4])
{
    const double direct[4] = {2756, 3052, 9007, 0};
    for (int t = 1; t <= HIV_T; t++) {
        for (int s = 0; s < 4; s++) {
            double drugs = s < 3 ? 2278 + (combination && t <= 2 ? 2086.5 : 0) : 0;
            cost[4 * (t - 1) + s] = direct[s] + drugs;
            utility[4 * (t - 1) + s] = s < 3 ? 1.0 : 0.0; /* QALYs = LY as a check */
            alive[4 * (t - 1) + s] = s < 3 ? 1.0 : 0.0;
        }
    }
}

static value_markov *hiv_model(int combination)
{
    value_markov *m = new_model(4);
    set_params(m, HIV_T, 1, 0.06, 0, 1, VALUE_MARKOV_END);
    const double start[4] = {1, 0, 0, 0};
    assert_ok(value_markov_set_initial(m, start, 4));
    double p[HIV_T * 16], cost[HIV_T * 4], utility[HIV_T * 4], alive[HIV_T * 4];
    if (combination) {
        for (int t = 1; t <= HIV_T; t++)
            hiv_combo_matrix(t, p + 16 * (t - 1));
        assert_ok(value_markov_set_transitions(m, p, HIV_T * 16));
    } else {
        hiv_mono_matrix(p);
        assert_ok(value_markov_set_transitions(m, p, 16)); /* constant matrix */
    }
    hiv_costs(combination, cost, utility, alive);
    assert_ok(value_markov_set_state_rewards(m, cost, utility, alive, HIV_T * 4));
    return m;
}

START_TEST(hiv_aids_model)
{
    double c0, q0, ly0, c1, q1, ly1;
    value_markov *mono = hiv_model(0), *combo = hiv_model(1);
    assert_ok(value_markov_run(mono, &c0, &q0, &ly0));
    assert_ok(value_markov_run(combo, &c1, &q1, &ly1));
    assert_abs(c0, 44663.4535637, 5e-8);
    assert_abs(ly0, 7.9912066, 5e-8);
    assert_abs(c1, 50601.6513312, 5e-8);
    assert_abs(ly1, 8.9373889, 5e-8);
    assert_abs((c1 - c0) / (ly1 - ly0), 6275.95560, 5e-6);
    /* utility 1 in the alive states, effects undiscounted: QALYs = LY */
    assert_rel(q0, ly0, REL);
    assert_rel(q1, ly1, REL);

    /* the same two arms as two PSA draws of the per-cycle layout */
    double p[2 * HIV_T * 16], cost[2 * HIV_T * 4], utility[2 * HIV_T * 4], alive[HIV_T * 4];
    for (int t = 1; t <= HIV_T; t++) {
        hiv_mono_matrix(p + 16 * (t - 1));
        hiv_combo_matrix(t, p + HIV_T * 16 + 16 * (t - 1));
    }
    hiv_costs(0, cost, utility, alive);
    hiv_costs(1, cost + HIV_T * 4, utility + HIV_T * 4, alive);
    double bc[2], bq[2], bl[2];
    assert_ok(value_markov_run_batch(mono, p, 2 * HIV_T * 16, cost, utility, 2 * HIV_T * 4, 2, bc, bq, bl, 2));
    assert_abs(bc[0], 44663.4535637, 5e-8);
    assert_abs(bl[0], 7.9912066, 5e-8);
    assert_abs(bc[1], 50601.6513312, 5e-8);
    assert_abs(bl[1], 8.9373889, 5e-8);
    value_markov_free(mono);
    value_markov_free(combo);
}
END_TEST

/* ---- case 2: closed forms for every correction ---------------------------------
 * Two states (alive, dead), death probability q each cycle, cohort alive
 * at time 0, alive weight 1, utility u and cost c per cycle in the alive
 * state, 0 when dead.  Alive at time k: s^k with s = 1 - q.  With
 * v = (1+r)^-L the discount per cycle, x = s v and G = (1 - x^T)/(1 - x)
 * (= sum_{t=1}^T x^(t-1)), the sum F that multiplies c (cost), u L
 * (QALYs) and L (life years), each with its own rate r, is:
 *   START, first cycle discounted:  sum s^(t-1) v^t     = v G
 *   START, not discounted:          sum s^(t-1) v^(t-1) = G
 *   END, discounted:                sum s^t v^t         = x G
 *   END, not discounted:            sum s^t v^(t-1)     = s G
 *   HALF_CYCLE, discounted:         (v + x)/2 G
 *   HALF_CYCLE, not discounted:     (1 + s)/2 G
 *   TRAPEZOID (D_k = v^k either way): sum_{k=0}^T x^k - (1 + x^T)/2
 *                                   = (1 - x^(T+1))/(1 - x) - (1 + x^T)/2
 *   SIMPSON, T even: [1 + x^T + 4 sum_{odd k<T} x^k + 2 sum_{even 0<k<T} x^k]/3
 *                   = [1 + x^T + 4 x (1 - x^T)/(1 - x^2) + 2 x^2 (1 - x^(T-2))/(1 - x^2)]/3
 * q = 0.1, u = 0.8, c = 1000, costs 3.5%, effects 1.5%, T = 12, L = 0.5. */
static double closed_form(int correction, int first, double q, double r, double L, int T)
{
    double s = 1 - q, v = pow(1 + r, -L), x = s * v, G = (1 - pow(x, T)) / (1 - x);
    switch (correction) {
    case VALUE_MARKOV_START: return first ? v * G : G;
    case VALUE_MARKOV_END: return first ? x * G : s * G;
    case VALUE_MARKOV_LIFE_TABLE: return first ? (v + x) / 2 * G : (1 + s) / 2 * G;
    case VALUE_MARKOV_TRAPEZOID: return (1 - pow(x, T + 1)) / (1 - x) - (1 + pow(x, T)) / 2;
    default:
        return (1 + pow(x, T) + 4 * x * (1 - pow(x, T)) / (1 - x * x) +
                2 * x * x * (1 - pow(x, T - 2)) / (1 - x * x)) /
               3;
    }
}

static value_markov *survival_model(double q, double u, double c)
{
    value_markov *m = new_model(2);
    const double p[4] = {1 - q, q, 0, 1}, cost[2] = {c, 0}, utility[2] = {u, 0}, alive[2] = {1, 0};
    assert_ok(value_markov_set_transitions(m, p, 4));
    assert_ok(value_markov_set_state_rewards(m, cost, utility, alive, 2));
    return m;
}

START_TEST(closed_forms_every_correction)
{
    const double q = 0.1, u = 0.8, c = 1000, rc = 0.035, re = 0.015;
    const double lengths[] = {0.5, 1.0, 1.0 / 12};
    value_markov *m = survival_model(q, u, c);
    for (int corr = VALUE_MARKOV_START; corr <= VALUE_MARKOV_SIMPSON; corr++) {
        for (int first = 0; first <= 1; first++) {
            for (size_t li = 0; li < 3; li++) {
                const int T = 12;
                double L = lengths[li], cost, qalys, ly;
                set_params(m, T, L, rc, re, first, corr);
                assert_ok(value_markov_run(m, &cost, &qalys, &ly));
                assert_rel(cost, c * closed_form(corr, first, q, rc, L, T), REL);
                assert_rel(qalys, u * L * closed_form(corr, first, q, re, L, T), REL);
                assert_rel(ly, L * closed_form(corr, first, q, re, L, T), REL);
            }
        }
    }
    /* an odd T for the trapezoid (Simpson refuses it, see bad_run_input) */
    double cost, qalys, ly;
    set_params(m, 7, 0.25, rc, re, 1, VALUE_MARKOV_TRAPEZOID);
    assert_ok(value_markov_run(m, &cost, &qalys, &ly));
    assert_rel(cost, c * closed_form(VALUE_MARKOV_TRAPEZOID, 1, q, rc, 0.25, 7), REL);
    assert_rel(ly, 0.25 * closed_form(VALUE_MARKOV_TRAPEZOID, 1, q, re, 0.25, 7), REL);
    value_markov_free(m);
}
END_TEST

/* Undiscounted life expectancy with a constant death probability q:
 * END sums s^t for t >= 1 -> s/q = (1 - q)/q; START sums s^(t-1) -> 1/q;
 * HALF_CYCLE the mean, (1 - q/2)/q.  q = 0.1, T = 1000: s^1000 ~ 2e-46,
 * so the limits 9, 10 and 9.5 hold to rounding. */
START_TEST(life_expectancy_limits)
{
    value_markov *m = survival_model(0.1, 1, 0);
    double cost, qalys, ly;
    set_params(m, 1000, 1, 0, 0, 1, VALUE_MARKOV_END);
    assert_ok(value_markov_run(m, &cost, &qalys, &ly));
    assert_rel(ly, 0.9 / 0.1, REL);
    assert_ok(value_markov_set(m, VALUE_MARKOV_CORRECTION, VALUE_MARKOV_START));
    assert_ok(value_markov_run(m, &cost, &qalys, &ly));
    assert_rel(ly, 1 / 0.1, REL);
    assert_ok(value_markov_set(m, VALUE_MARKOV_CORRECTION, VALUE_MARKOV_LIFE_TABLE));
    assert_ok(value_markov_run(m, &cost, &qalys, &ly));
    assert_rel(ly, 0.95 / 0.1, REL);
    /* the trapezoid: sum_{k>=0} s^k - 1/2 = 10 - 0.5 */
    assert_ok(value_markov_set(m, VALUE_MARKOV_CORRECTION, VALUE_MARKOV_TRAPEZOID));
    assert_ok(value_markov_run(m, &cost, &qalys, &ly));
    assert_rel(ly, 9.5, REL);
    value_markov_free(m);
}
END_TEST

/* A one-off cost of dying K = 5000 and a disutility of 0.02 QALYs on the
 * alive -> dead transition, in the survival model above: the cohort that
 * dies in cycle t is s^(t-1) q, discounted d_t = v^t (first cycle
 * discounted) or v^(t-1), so the transition reward adds
 *   K q v G (first)  or  K q G (not)
 * to the costs, and -0.02 q v_e G_e or -0.02 q G_e to the QALYs (not
 * multiplied by L: it is one-off); life years are unchanged.  Added as
 * 3000 + 2000 to check that rewards on one transition accumulate. */
START_TEST(transition_reward_closed_form)
{
    const double q = 0.1, u = 0.8, c = 1000, rc = 0.035, re = 0.015, L = 0.5;
    const int T = 12;
    value_markov *m = survival_model(q, u, c);
    assert_ok(value_markov_add_transition_reward(m, 0, 1, 3000, -0.01));
    assert_ok(value_markov_add_transition_reward(m, 0, 1, 2000, -0.01));
    for (int first = 0; first <= 1; first++) {
        double cost, qalys, ly;
        set_params(m, T, L, rc, re, first, VALUE_MARKOV_END);
        assert_ok(value_markov_run(m, &cost, &qalys, &ly));
        /* K q x the START sum, sum s^(t-1) d_t = v G (or G) */
        double once_c = q * closed_form(VALUE_MARKOV_START, first, q, rc, L, T);
        double once_e = q * closed_form(VALUE_MARKOV_START, first, q, re, L, T);
        assert_rel(cost, c * closed_form(VALUE_MARKOV_END, first, q, rc, L, T) + 5000 * once_c, REL);
        assert_rel(qalys, u * L * closed_form(VALUE_MARKOV_END, first, q, re, L, T) - 0.02 * once_e, REL);
        assert_rel(ly, L * closed_form(VALUE_MARKOV_END, first, q, re, L, T), REL);
    }
    value_markov_free(m);
}
END_TEST

/* Transition timing, by hand.  The survival model with q = 0.1 and no
 * state rewards, T = 2 annual cycles, a cost of 1000 and a loss of 1 QALY
 * on dying; costs at 5%, effects at 10%.  Deaths: .1 in cycle 1, .9 x .1
 * = .09 in cycle 2.
 *   END (d_t = 1.05^-t):     1000 (.1/1.05 + .09/1.05^2)   = 95.238095 + 81.632653 = 176.870748
 *                            -(.1/1.1 + .09/1.1^2)          = -(.090909 + .074380)  = -.165289
 *   END, first cycle not discounted (d_t = 1.05^-(t-1)): the START figures
 *   START (time t - 1):      1000 (.1 + .09/1.05)          = 100 + 85.714286       = 185.714286
 *                            -(.1 + .09/1.1)                = -(.1 + .081818)       = -.181818
 *   MID (time t - 1/2):      1000 (.1/1.05^.5 + .09/1.05^1.5) = 97.590007 + 83.648578 = 181.238585
 *                            -(.1/1.1^.5 + .09/1.1^1.5)     = -(.095346 + .078011)  = -.173357
 * START and MID do not depend on the discount-first setting.  Then, as a
 * closed form over T = 12 cycles of L = 0.5 (x = s v, G as in case 2):
 * START sums s^(t-1) v^(t-1) = G, MID s^(t-1) v^(t-1/2) = v^(1/2) G. */
START_TEST(transition_timing)
{
    struct {
        int timing, first;
        double cost, qalys, cycle1;
    } want[] = {{VALUE_MARKOV_TRANSITION_END, 1, 1000 * (.1 / 1.05 + .09 / (1.05 * 1.05)), -(.1 / 1.1 + .09 / 1.21),
                 1000 * .1 / 1.05},
                {VALUE_MARKOV_TRANSITION_END, 0, 1000 * (.1 + .09 / 1.05), -(.1 + .09 / 1.1), 100},
                {VALUE_MARKOV_TRANSITION_START, 1, 1000 * (.1 + .09 / 1.05), -(.1 + .09 / 1.1), 100},
                {VALUE_MARKOV_TRANSITION_START, 0, 1000 * (.1 + .09 / 1.05), -(.1 + .09 / 1.1), 100},
                {VALUE_MARKOV_TRANSITION_MID, 1, 1000 * (.1 / sqrt(1.05) + .09 / pow(1.05, 1.5)),
                 -(.1 / sqrt(1.1) + .09 / pow(1.1, 1.5)), 1000 * .1 / sqrt(1.05)},
                {VALUE_MARKOV_TRANSITION_MID, 0, 1000 * (.1 / sqrt(1.05) + .09 / pow(1.05, 1.5)),
                 -(.1 / sqrt(1.1) + .09 / pow(1.1, 1.5)), 1000 * .1 / sqrt(1.05)}};
    /* the figures above, to the digits written there */
    assert_abs(want[0].cost, 176.870748, 5e-7);
    assert_abs(want[2].cost, 185.714286, 5e-7);
    assert_abs(want[4].cost, 181.238585, 5e-7);
    assert_abs(want[4].qalys, -.173357, 5e-7);

    value_markov *m = survival_model(0.1, 0, 0);
    assert_ok(value_markov_add_transition_reward(m, 0, 1, 1000, -1));
    const double p[8] = {.9, .1, 0, 1, .9, .1, 0, 1}, zeros[4] = {0};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        double c, q, l, cc[3], cq[3], cl[3], bc[2], bq[2], bl[2];
        set_params(m, 2, 1, 0.05, 0.10, want[i].first, VALUE_MARKOV_END);
        assert_ok(value_markov_set(m, VALUE_MARKOV_TRANSITION_TIMING, want[i].timing));
        assert_ok(value_markov_run(m, &c, &q, &l));
        assert_rel(c, want[i].cost, REL);
        assert_rel(q, want[i].qalys, REL);
        assert_ok(value_markov_cycle_values(m, cc, cq, cl, 3));
        assert_rel(cc[1], want[i].cycle1, REL);
        assert_rel(cc[1] + cc[2], want[i].cost, REL);
        /* the batch honours the timing: two draws of the model's matrix,
         * constant (a fixed-size kernel) and per cycle (the general one) */
        for (size_t lanes = 2; lanes <= 8; lanes *= 2) {
            value__markov_cap_lanes(m, lanes);
            assert_ok(value_markov_run_batch(m, p, 8, zeros, zeros, 4, 2, bc, bq, bl, 2));
            ck_assert(bc[0] == c && bq[0] == q && bc[1] == c && bq[1] == q);
            double p2[16];
            memcpy(p2, p, sizeof p);
            memcpy(p2 + 8, p, sizeof p);
            assert_ok(value_markov_run_batch(m, p2, 16, zeros, zeros, 4, 2, bc, bq, bl, 2));
            assert_rel(bc[0], want[i].cost, REL);
            assert_rel(bq[1], want[i].qalys, REL);
        }
        value__markov_cap_lanes(m, 0);
    }

    /* the closed forms, every length and discount-first setting */
    const double q = 0.1, rc = 0.035, re = 0.015, lengths[] = {0.5, 1.0, 1.0 / 12};
    for (size_t li = 0; li < 3; li++)
        for (int first = 0; first <= 1; first++) {
            const double L = lengths[li];
            double c, qa, l;
            set_params(m, 12, L, rc, re, first, VALUE_MARKOV_LIFE_TABLE);
            assert_ok(value_markov_set(m, VALUE_MARKOV_TRANSITION_TIMING, VALUE_MARKOV_TRANSITION_START));
            assert_ok(value_markov_run(m, &c, &qa, &l));
            assert_rel(c, 1000 * q * closed_form(VALUE_MARKOV_START, 0, q, rc, L, 12), REL);
            assert_rel(qa, -q * closed_form(VALUE_MARKOV_START, 0, q, re, L, 12), REL);
            assert_ok(value_markov_set(m, VALUE_MARKOV_TRANSITION_TIMING, VALUE_MARKOV_TRANSITION_MID));
            assert_ok(value_markov_run(m, &c, &qa, &l));
            assert_rel(c, 1000 * q * pow(1 + rc, -L / 2) * closed_form(VALUE_MARKOV_START, 0, q, rc, L, 12), REL);
            assert_rel(qa, -q * pow(1 + re, -L / 2) * closed_form(VALUE_MARKOV_START, 0, q, re, L, 12), REL);
        }
    value_markov_free(m);
}
END_TEST

/* ---- case 3: per-cycle transitions and rewards, by hand -------------------------
 * States healthy 0, sick 1, dead 2; start healthy; 3 annual cycles.
 *   P1 = [.8 .1 .1; 0 .5 .5; 0 0 1]
 *   P2 = [.6 .2 .2; 0 .4 .6; 0 0 1]
 *   P3 = [.5 .25 .25; 0 .2 .8; 0 0 1]
 * Trace: m0 = (1, 0, 0); m1 = (.8, .1, .1);
 *   m2 = (.8x.6, .8x.2 + .1x.4, .8x.2 + .1x.6 + .1) = (.48, .2, .32);
 *   m3 = (.48x.5, .48x.25 + .2x.2, .48x.25 + .2x.8 + .32) = (.24, .16, .6).
 * Costs by cycle (healthy, sick): (100, 500), (200, 600), (300, 700);
 * utility (1, .5), alive (1, 1), dead 0.  Undiscounted:
 *   END:   cost 130 + 216 + 184 = 530;  QALYs .85 + .58 + .32 = 1.75;  LY .9 + .68 + .4 = 1.98
 *   START: cost 100 + 220 + 284 = 604;  QALYs 1 + .85 + .58 = 2.43;    LY 1 + .9 + .68 = 2.58
 *   HALF:  567, 2.09, 2.28.
 * Transition rewards: 2000 on healthy -> dead (flows .1, .16, .12) and
 * 1000 on sick -> dead (flows 0, .06, .16).  With END and costs at 10%
 * (d_t = 1.1^-t), the cycle costs are
 *   (130 + 200)/1.1 = 300,  (216 + 320 + 60)/1.21 = 596/1.21,  (184 + 240 + 160)/1.331 = 584/1.331. */
static value_markov *three_cycle_model(void)
{
    value_markov *m = new_model(3);
    set_params(m, 3, 1, 0, 0, 1, VALUE_MARKOV_END);
    const double p[27] = {.8, .1, .1, 0, .5, .5, 0, 0, 1, .6, .2, .2, 0, .4, .6, 0, 0, 1, .5, .25, .25, 0, .2, .8, 0, 0, 1};
    const double cost[9] = {100, 500, 0, 200, 600, 0, 300, 700, 0};
    const double utility[9] = {1, .5, 0, 1, .5, 0, 1, .5, 0};
    const double alive[9] = {1, 1, 0, 1, 1, 0, 1, 1, 0};
    assert_ok(value_markov_set_transitions(m, p, 27));
    assert_ok(value_markov_set_state_rewards(m, cost, utility, alive, 9));
    return m;
}

START_TEST(per_cycle_by_hand)
{
    value_markov *m = three_cycle_model();
    double trace[12], cost, qalys, ly;
    const double want[12] = {1, 0, 0, .8, .1, .1, .48, .2, .32, .24, .16, .6};
    assert_ok(value_markov_trace(m, trace, 12));
    for (int k = 0; k < 12; k++)
        assert_abs(trace[k], want[k], 1e-15);
    for (int t = 0; t < 4; t++)
        assert_rel(trace[3 * t] + trace[3 * t + 1] + trace[3 * t + 2], 1.0, 1e-15);

    assert_ok(value_markov_run(m, &cost, &qalys, &ly));
    assert_rel(cost, 530, REL);
    assert_rel(qalys, 1.75, REL);
    assert_rel(ly, 1.98, REL);
    assert_ok(value_markov_set(m, VALUE_MARKOV_CORRECTION, VALUE_MARKOV_START));
    assert_ok(value_markov_run(m, &cost, &qalys, &ly));
    assert_rel(cost, 604, REL);
    assert_rel(qalys, 2.43, REL);
    assert_rel(ly, 2.58, REL);
    assert_ok(value_markov_set(m, VALUE_MARKOV_CORRECTION, VALUE_MARKOV_LIFE_TABLE));
    assert_ok(value_markov_run(m, &cost, &qalys, &ly));
    assert_rel(cost, 567, REL);
    assert_rel(qalys, 2.09, REL);
    assert_rel(ly, 2.28, REL);

    assert_ok(value_markov_set(m, VALUE_MARKOV_CORRECTION, VALUE_MARKOV_END));
    assert_ok(value_markov_set(m, VALUE_MARKOV_DISCOUNT_COSTS, 0.10));
    assert_ok(value_markov_add_transition_reward(m, 0, 2, 2000, 0));
    assert_ok(value_markov_add_transition_reward(m, 1, 2, 1000, 0));
    double cc[4], cq[4], cl[4];
    assert_ok(value_markov_cycle_values(m, cc, cq, cl, 4));
    ck_assert(cc[0] == 0 && cq[0] == 0 && cl[0] == 0); /* END: nothing at time 0 */
    assert_rel(cc[1], 300, REL);
    assert_rel(cc[2], 596 / 1.21, REL);
    assert_rel(cc[3], 584 / 1.331, REL);
    assert_rel(cq[1], .85, REL);
    assert_rel(cq[2], .58, REL);
    assert_rel(cq[3], .32, REL);
    assert_rel(cl[3], .4, REL);
    assert_ok(value_markov_run(m, &cost, &qalys, &ly));
    assert_rel(cost, 300 + 596 / 1.21 + 584 / 1.331, REL);
    value_markov_free(m);
}
END_TEST

/* cycle values sum to the totals, for every correction (the trapezoid and
 * Simpson rules put time 0 in element 0) */
START_TEST(cycle_values_sum_to_run)
{
    value_markov *m = survival_model(0.07, 0.75, 1234);
    assert_ok(value_markov_add_transition_reward(m, 0, 1, 999, -0.05));
    for (int corr = VALUE_MARKOV_START; corr <= VALUE_MARKOV_SIMPSON; corr++) {
        double cc[11], cq[11], cl[11], cost, qalys, ly, sc = 0, sq = 0, sl = 0;
        set_params(m, 10, 0.5, 0.035, 0.035, 1, corr);
        assert_ok(value_markov_cycle_values(m, cc, cq, cl, 11));
        assert_ok(value_markov_run(m, &cost, &qalys, &ly));
        for (int t = 0; t <= 10; t++) {
            sc += cc[t];
            sq += cq[t];
            sl += cl[t];
        }
        assert_rel(sc, cost, REL);
        assert_rel(sq, qalys, REL);
        assert_rel(sl, ly, REL);
        if (corr >= VALUE_MARKOV_TRAPEZOID) /* w_0 D_0 m_0 . x_1: 1/2 or 1/3 of 1234 */
            assert_rel(cc[0], corr == VALUE_MARKOV_TRAPEZOID ? 617 : 1234 / 3.0, REL);
        else
            ck_assert(cc[0] == 0);
    }
    value_markov_free(m);
}
END_TEST

/* Defaults (value.h): T 1, L 1, rates 0, first cycle discounted,
 * life-table correction, tolerance 1e-9, transition rewards at the end of
 * the cycle; cohort in state 0, rewards 0, default life-year weights, and
 * no transitions: a run, a trace and cycle values fail until they are set.
 * With P = [.8 .1 .1; 0 .9 .1; 0 0 1] (state 2 absorbing, so dead by
 * default): m_1 = (.8, .1, .1), one life-table cycle scores
 * LY = ((1 + 0 + 0) + (.8 + .1 + 0))/2 x L = .95, cost 0. */
START_TEST(defaults)
{
    value_markov *m = new_model(3);
    double v, cost = -1, qalys = -1, ly = -1, trace[6] = {-1}, cc[2] = {-1}, cq[2] = {-1}, cl[2] = {-1};
    const struct {
        value_markov_param p;
        double want;
    } d[] = {{VALUE_MARKOV_CYCLES, 1},         {VALUE_MARKOV_CYCLE_LENGTH, 1},
             {VALUE_MARKOV_DISCOUNT_COSTS, 0}, {VALUE_MARKOV_DISCOUNT_EFFECTS, 0},
             {VALUE_MARKOV_DISCOUNT_FIRST, 1}, {VALUE_MARKOV_CORRECTION, VALUE_MARKOV_LIFE_TABLE},
             {VALUE_MARKOV_ROW_TOLERANCE, 1e-9}, {VALUE_MARKOV_THREADS, 1},
             {VALUE_MARKOV_TRANSITION_TIMING, VALUE_MARKOV_TRANSITION_END}};
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
        assert_ok(value_markov_get(m, d[i].p, &v));
        ck_assert(v == d[i].want);
    }
    assert_fails(value_markov_run(m, &cost, &qalys, &ly), VALUE_ESTATE,
                 "value_markov_run: the model has no transitions: value_markov_set_transitions was never called");
    assert_fails(value_markov_trace(m, trace, 6), VALUE_ESTATE,
                 "value_markov_trace: the model has no transitions: value_markov_set_transitions was never called");
    assert_fails(value_markov_cycle_values(m, cc, cq, cl, 2), VALUE_ESTATE,
                 "value_markov_cycle_values: the model has no transitions");
    ck_assert(cost == -1 && qalys == -1 && ly == -1 && trace[0] == -1 && cc[0] == -1 && cq[0] == -1 && cl[0] == -1);
    const double p3[9] = {.8, .1, .1, 0, .9, .1, 0, 0, 1};
    assert_ok(value_markov_set_transitions(m, p3, 9));
    assert_ok(value_markov_run(m, &cost, &qalys, &ly));
    ck_assert(cost == 0 && qalys == 0);
    assert_rel(ly, .95, REL);
    assert_ok(value_markov_trace(m, trace, 6));
    ck_assert(trace[0] == 1 && trace[1] == 0 && trace[2] == 0 && trace[3] == .8 && trace[4] == .1 && trace[5] == .1);

    /* changing T drops per-cycle transitions (runs fail, naming why) and
     * per-cycle rewards (back to zeros and the default weights) */
    value_markov *h = three_cycle_model();
    assert_ok(value_markov_set(h, VALUE_MARKOV_CYCLES, 3)); /* no change: kept */
    assert_ok(value_markov_run(h, &cost, &qalys, &ly));
    assert_rel(cost, 530, REL);
    assert_ok(value_markov_set(h, VALUE_MARKOV_CYCLES, 2));
    assert_ok(value_markov_get(h, VALUE_MARKOV_CYCLES, &v));
    ck_assert(v == 2);
    assert_fails(value_markov_run(h, &cost, &qalys, &ly), VALUE_ESTATE,
                 "value_markov_run: the model has no transitions: its per-cycle transitions were dropped when "
                 "VALUE_MARKOV_CYCLES changed; call value_markov_set_transitions again");
    /* P_1 of the three-cycle model, constant, END: m_1 = (.8, .1, .1),
     * m_2 = (.64, .08 + .05, .08 + .05 + .1) = (.64, .13, .23); state 2
     * absorbing, so LY = (.8 + .1) + (.64 + .13) = 1.67 */
    const double p1[9] = {.8, .1, .1, 0, .5, .5, 0, 0, 1};
    assert_ok(value_markov_set_transitions(h, p1, 9));
    assert_ok(value_markov_run(h, &cost, &qalys, &ly));
    ck_assert(cost == 0 && qalys == 0);
    assert_rel(ly, 1.67, REL);
    value_markov_free(h);
    value_markov_free(m);
    value_markov_free(NULL);

    /* one state, one draw, no transitions of the model's own (the batch
     * brings them): the single life-table cycle scores cost 10 x 1 and
     * QALYs 0.5 x 1; the one state is absorbing, so dead by default: LY 0 */
    value_markov *one = new_model(1);
    const double q1[1] = {1}, c1[1] = {10}, u1[1] = {0.5};
    assert_ok(value_markov_run_batch(one, q1, 1, c1, u1, 1, 1, &cost, &qalys, &ly, 1));
    ck_assert(cost == 10 && qalys == 0.5 && ly == 0);
    value_markov_free(one);
}
END_TEST

/* ---- the default life-year weights (alive NULL) --------------------------------
 * The HIV model of case 1 with no alive weights: Death is absorbing in
 * every cycle (its row is (0, 0, 0, 1) in both arms) and A, B, C are not,
 * so the default is (1, 1, 1, 0), the published life years follow, and
 * the run is bitwise the one with those weights given.  Weights given
 * explicitly win: all 1 counts Death too, LY = sum over 20 END cycles of
 * 1 = 20, the whole horizon (the trap of issue 18). */
START_TEST(default_alive_hiv)
{
    for (int combination = 0; combination <= 1; combination++) {
        value_markov *given = hiv_model(combination), *m = hiv_model(combination);
        double cost[HIV_T * 4], utility[HIV_T * 4], alive[HIV_T * 4], c, q, l, c0, q0, l0;
        hiv_costs(combination, cost, utility, alive);
        assert_ok(value_markov_set_state_rewards(m, cost, utility, NULL, HIV_T * 4));
        assert_ok(value_markov_run(m, &c, &q, &l));
        assert_abs(l, combination ? 8.9373889 : 7.9912066, 5e-8);
        assert_abs(c, combination ? 50601.6513312 : 44663.4535637, 5e-8);
        assert_ok(value_markov_run(given, &c0, &q0, &l0));
        ck_assert(c == c0 && q == q0 && l == l0);

        for (int k = 0; k < HIV_T * 4; k++)
            alive[k] = 1;
        assert_ok(value_markov_set_state_rewards(m, cost, utility, alive, HIV_T * 4));
        assert_ok(value_markov_run(m, &c, &q, &l));
        assert_rel(l, 20, REL);
        /* and NULL again is the default again */
        assert_ok(value_markov_set_state_rewards(m, cost, utility, NULL, 4));
        assert_ok(value_markov_run(m, &c, &q, &l));
        assert_abs(l, combination ? 8.9373889 : 7.9912066, 5e-8);
        value_markov_free(m);
        value_markov_free(given);
    }

    /* a model that never sets rewards has the default too: life years as
     * published */
    value_markov *bare = new_model(4);
    double p[16], c, q, l;
    set_params(bare, HIV_T, 1, 0.06, 0, 1, VALUE_MARKOV_END);
    hiv_mono_matrix(p);
    assert_ok(value_markov_set_transitions(bare, p, 16));
    assert_ok(value_markov_run(bare, &c, &q, &l));
    ck_assert(c == 0 && q == 0);
    assert_abs(l, 7.9912066, 5e-8);
    value_markov_free(bare);
}
END_TEST

/* Absorbing in every cycle, exactly: states 0, 1, 2, T = 2, END,
 *   P1 = [.5 .5 0; 0 1 0; 0 0 1],  P2 = [.5 .5 0; 0 .5 .5; 0 0 1].
 * State 1 is absorbing in cycle 1 only, so alive; state 2 in both, dead.
 *   m1 = (.5, .5, 0), m2 = (.25, .25 + .25, .25) = (.25, .5, .25)
 *   LY = (.5 + .5) + (.25 + .5) = 1.75   (1 x L per alive occupant)
 * A staying probability of 1 - 1e-12 is not 1: with P_22 = 1 - 1e-12 in
 * cycle 2 (the row sums to 1 within the tolerance) state 2 counts alive
 * and adds m1[2] + m2[2] = 0 + .25: LY = 2.  In a batch the default
 * follows each draw's matrices: with S = 2, T = 1, END, from state 0,
 *   draw 0 [.5 .5; 0 1]: weights (1, 0), LY = m1[0] = .5;
 *   draw 1 [1 0; .5 .5]: weights (0, 1), LY = m1[1] = 0;
 *   draw 2 [.5 .5; .5 .5]: weights (1, 1), LY = 1.
 * Over T = 2 cycles of the same matrices (rewards per cycle: the general
 * kernel), m2 adds: draw 0 m2 = (.25, .75), LY .5 + .25 = .75; draw 1
 * stays in state 0, LY 0; draw 2 LY 1 + 1 = 2. */
START_TEST(default_alive_rule)
{
    value_markov *m = new_model(3);
    set_params(m, 2, 1, 0, 0, 1, VALUE_MARKOV_END);
    double p[18] = {.5, .5, 0, 0, 1, 0, 0, 0, 1, .5, .5, 0, 0, .5, .5, 0, 0, 1};
    const double zeros[6] = {0};
    assert_ok(value_markov_set_transitions(m, p, 18));
    assert_ok(value_markov_set_state_rewards(m, zeros, zeros, NULL, 6)); /* per cycle, default weights */
    double c, q, l, cl[3], cc[3], cq[3];
    assert_ok(value_markov_run(m, &c, &q, &l));
    assert_rel(l, 1.75, REL);
    assert_ok(value_markov_cycle_values(m, cc, cq, cl, 3));
    ck_assert(cl[0] == 0);
    assert_rel(cl[1], 1, REL);
    assert_rel(cl[2], .75, REL);
    p[17] = 1 - 1e-12;
    assert_ok(value_markov_set_transitions(m, p, 18));
    assert_ok(value_markov_run(m, &c, &q, &l));
    assert_rel(l, 2, REL);
    value_markov_free(m);

    const double draws[12] = {.5, .5, 0, 1, 1, 0, .5, .5, .5, .5, .5, .5}, z12[12] = {0};
    const double want[2][3] = {{.5, 0, 1}, {.75, 0, 2}};
    for (int per_cycle = 0; per_cycle <= 1; per_cycle++)
    for (size_t lanes = 2; lanes <= 8; lanes *= 2) {
        value_markov *b = new_model(2);
        set_params(b, per_cycle ? 2 : 1, 1, 0, 0, 1, VALUE_MARKOV_END);
        value__markov_cap_lanes(b, lanes);
        double d2[24], bc[3], bq[3], bl[3];
        for (int k = 0; k < 3; k++)
            for (int t = 0; t < 2; t++)
                memcpy(d2 + 8 * k + 4 * t, draws + 4 * k, 4 * sizeof *d2);
        if (per_cycle)
            assert_ok(value_markov_run_batch(b, d2, 24, z12, z12, 12, 3, bc, bq, bl, 3));
        else
            assert_ok(value_markov_run_batch(b, draws, 12, z12, z12, 6, 3, bc, bq, bl, 3));
        for (int k = 0; k < 3; k++) /* sums of products of .5s: exact */
            ck_assert_msg(bl[k] == want[per_cycle][k], "lanes %zu, draw %d: LY %.17g, want %g", lanes, k, bl[k],
                          want[per_cycle][k]);
        value_markov_free(b);
    }
}
END_TEST

/* ---- the conventions table of docs/models.md ------------------------------------
 * Each package's rule, written out here from its published definition,
 * on the trace of one model (3 states, start (1, 0, 0), T = 6 annual
 * cycles, 4% on costs and effects, constant costs (1000, 3000, 0)), against
 * the libvalue rule the table maps it to:
 *   heemod correct_counts(): n0 = rows 0..T-1, n1 = rows 1..T of the
 *     counts, "life-table" (n0 + n1)/2; discount(first = FALSE) divides
 *     cycle t by 1.04^(t-1)  ->  start / end / life-table, first cycle
 *     not discounted;
 *   hesim sim_ev(): the integral of z e^(-rho t) P(t) dt with rho =
 *     ln 1.04, z the annual cost; riemann_left sums f(k) over k = 0..T-1,
 *     riemann_right over k = 1..T, trapz (f(k) + f(k+1))/2  ->  start
 *     (first not discounted), end (first discounted), trapezoid;
 *   DARTH: t(m_M %*% v) %*% (v_dw * v_wcc), v_dw = 1/(1 + d L)^(0:T),
 *     gen_wcc "half-cycle" (1/2, 1, ..., 1, 1/2), "Simpson1/3" since
 *     v0.3.0 (1/3, 4/3, 2/3, ..., 4/3, 1/3), "none" all 1  ->  trapezoid,
 *     simpson, start over T + 1 cycles (first not discounted); the
 *     weights before v0.3.0 (1/3, 2/3, 4/3, ..., 2/3, 1/3) sum to
 *     T - 2/3 and match no libvalue rule;
 *   TreeAge traditional HCC: initial reward x/2 at _stage 0, x at stages
 *     1..T-1, final x/2 at stage T, each divided by 1.04^_stage  ->
 *     trapezoid. */
START_TEST(conventions_table)
{
    enum { T = 6 };
    const double p[9] = {.85, .1, .05, .2, .6, .2, 0, 0, 1}, cost[3] = {1000, 3000, 0}, zero[3] = {0};
    const double r = 0.04;
    value_markov *m = new_model(3);
    assert_ok(value_markov_set_transitions(m, p, 9));
    assert_ok(value_markov_set_state_rewards(m, cost, zero, NULL, 3));
    set_params(m, T, 1, r, r, 1, VALUE_MARKOV_END);
    double tr[(T + 1) * 3], f[T + 1];
    assert_ok(value_markov_trace(m, tr, (T + 1) * 3));
    for (int k = 0; k <= T; k++) /* occupancy x reward at time point k */
        f[k] = tr[3 * k] * cost[0] + tr[3 * k + 1] * cost[1] + tr[3 * k + 2] * cost[2];

    struct conv_row {
        const char *who;
        int correction, first, cycles;
        double want;
    } row[8];
    double heemod_b = 0, heemod_e = 0, heemod_lt = 0, left = 0, right = 0, trapz = 0, half = 0, simpson = 0,
           none = 0, old_simpson = 0, old_sum = 0, treeage = 0;
    const double rho = log1p(r);
    for (int t = 1; t <= T; t++) {
        double d = pow(1 + r, -(t - 1)); /* heemod discount(first = FALSE) */
        heemod_b += f[t - 1] * d;
        heemod_e += f[t] * d;
        heemod_lt += (f[t - 1] + f[t]) / 2 * d;
        left += f[t - 1] * exp(-rho * (t - 1)); /* step 1, annual cost = cost per cycle */
        right += f[t] * exp(-rho * t);
        trapz += (f[t - 1] * exp(-rho * (t - 1)) + f[t] * exp(-rho * t)) / 2;
    }
    for (int k = 0; k <= T; k++) {
        double dw = 1 / pow(1 + r * 1, k); /* DARTH's v_dw, L = 1 */
        double w_half = k == 0 || k == T ? 0.5 : 1;
        double w_simpson = k == 0 || k == T ? 1.0 / 3 : k % 2 == 1 ? 4.0 / 3 : 2.0 / 3; /* by time */
        int pos = k + 1;                                                               /* 1-based */
        double w_old = k == 0 || k == T ? 1.0 / 3 : pos % 2 == 0 ? 2.0 / 3 : 4.0 / 3;
        half += f[k] * dw * w_half;
        simpson += f[k] * dw * w_simpson;
        none += f[k] * dw;
        old_simpson += f[k] * dw * w_old;
        old_sum += w_old;
        treeage += f[k] * (k == 0 || k == T ? 0.5 : 1) / pow(1 + r, k);
    }
    row[0] = (struct conv_row){"heemod beginning", VALUE_MARKOV_START, 0, T, heemod_b};
    row[1] = (struct conv_row){"heemod end", VALUE_MARKOV_END, 0, T, heemod_e};
    row[2] = (struct conv_row){"heemod life-table", VALUE_MARKOV_LIFE_TABLE, 0, T, heemod_lt};
    row[3] = (struct conv_row){"hesim riemann_left", VALUE_MARKOV_START, 0, T, left};
    row[4] = (struct conv_row){"hesim riemann_right", VALUE_MARKOV_END, 1, T, right};
    row[5] = (struct conv_row){"hesim trapz", VALUE_MARKOV_TRAPEZOID, 1, T, trapz};
    row[6] = (struct conv_row){"DARTH half-cycle", VALUE_MARKOV_TRAPEZOID, 1, T, half};
    row[7] = (struct conv_row){"DARTH Simpson1/3", VALUE_MARKOV_SIMPSON, 1, T, simpson};
    for (int i = 0; i < 8; i++) {
        double c, q, l;
        set_params(m, row[i].cycles, 1, r, r, row[i].first, row[i].correction);
        assert_ok(value_markov_run(m, &c, &q, &l));
        ck_assert_msg(fabs(c - row[i].want) <= 1e-12 * row[i].want, "%s: libvalue %.17g, theirs %.17g", row[i].who, c,
                      row[i].want);
    }
    double c, q, l;
    set_params(m, T, 1, r, r, 0, VALUE_MARKOV_TRAPEZOID); /* D_k ignores the discount-first setting */
    assert_ok(value_markov_run(m, &c, &q, &l));
    assert_rel(c, treeage, 1e-12);
    /* DARTH "none": start over T + 1 cycles, first cycle not discounted */
    value_markov *m7 = new_model(3);
    assert_ok(value_markov_set_transitions(m7, p, 9));
    assert_ok(value_markov_set_state_rewards(m7, cost, zero, NULL, 3));
    set_params(m7, T + 1, 1, r, r, 0, VALUE_MARKOV_START);
    assert_ok(value_markov_run(m7, &c, &q, &l));
    assert_rel(c, none, 1e-12);
    /* the pre-0.3.0 weights: sum T - 2/3, and not libvalue's simpson */
    assert_abs(old_sum, T - 2.0 / 3, 1e-14);
    set_params(m, T, 1, r, r, 1, VALUE_MARKOV_SIMPSON);
    assert_ok(value_markov_run(m, &c, &q, &l));
    ck_assert(fabs(c - old_simpson) > 1e-3 * c);
    value_markov_free(m7);
    value_markov_free(m);
}
END_TEST

/* ---- case 4: tunnel states, by hand ----------------------------------------------
 * P = [.7 .2 .1; .1 .6 .3; 0 0 1]; expand state 1 into k = 3 tunnels: the
 * states become 0, T1, T2, T3, 2 (old state 2 moves up by k - 1 = 2).
 *   row 0:  (.7, .2, 0, 0, .1)      entering state 1 goes to T1
 *   row T1: (.1, 0, .6, 0, .3)      staying moves on to T2
 *   row T2: (.1, 0, 0, .6, .3)      ... to T3
 *   row T3: (.1, 0, 0, .6, .3)      the last tunnel keeps it
 *   row 2:  (0, 0, 0, 0, 1)
 * Vectors (a, b, c) -> (a, b, b, b, c), or (a, b, 0, 0, c) with first_only. */
static const double tunnel_p[9] = {.7, .2, .1, .1, .6, .3, 0, 0, 1};

START_TEST(tunnel_by_hand)
{
    double out[25], v[5];
    const double want[25] = {.7, .2, 0, 0, .1, .1, 0, .6, 0, .3, .1, 0, 0, .6, .3, .1, 0, 0, .6, .3, 0, 0, 0, 0, 1};
    assert_ok(value_markov_tunnel_matrix(tunnel_p, 9, 1, 3, out, 25));
    for (int i = 0; i < 25; i++)
        ck_assert_msg(out[i] == want[i], "out[%d] = %g, want %g", i, out[i], want[i]);

    /* the first state, k = 2: states T1, T2, 1, 2
     *   T1: (0, .7, .2, .1); T2: (0, .7, .2, .1); 1: (.1, 0, .6, .3); 2: (0, 0, 0, 1) */
    const double want0[16] = {0, .7, .2, .1, 0, .7, .2, .1, .1, 0, .6, .3, 0, 0, 0, 1};
    assert_ok(value_markov_tunnel_matrix(tunnel_p, 9, 0, 2, out, 16));
    for (int i = 0; i < 16; i++)
        ck_assert_msg(out[i] == want0[i], "out[%d] = %g, want %g", i, out[i], want0[i]);
    /* the last state (absorbing), k = 2: 2 -> T1 (.1), T1 -> T2 (1), T2 keeps */
    const double want2[16] = {.7, .2, .1, 0, .1, .6, .3, 0, 0, 0, 0, 1, 0, 0, 0, 1};
    assert_ok(value_markov_tunnel_matrix(tunnel_p, 9, 2, 2, out, 16));
    for (int i = 0; i < 16; i++)
        ck_assert_msg(out[i] == want2[i], "out[%d] = %g, want %g", i, out[i], want2[i]);
    /* k = 1 is a copy */
    assert_ok(value_markov_tunnel_matrix(tunnel_p, 9, 1, 1, out, 9));
    ck_assert(memcmp(out, tunnel_p, sizeof tunnel_p) == 0);

    const double x[3] = {10, 20, 30};
    assert_ok(value_markov_tunnel_vector(x, 3, 1, 3, 0, v, 5));
    ck_assert(v[0] == 10 && v[1] == 20 && v[2] == 20 && v[3] == 20 && v[4] == 30);
    assert_ok(value_markov_tunnel_vector(x, 3, 1, 3, 1, v, 5));
    ck_assert(v[0] == 10 && v[1] == 20 && v[2] == 0 && v[3] == 0 && v[4] == 30);
    assert_ok(value_markov_tunnel_vector(x, 3, 2, 2, 1, v, 4));
    ck_assert(v[0] == 10 && v[1] == 20 && v[2] == 30 && v[3] == 0);
}
END_TEST

/* Tunnel rows left as copies of the original row change nothing: the
 * tunnels together hold what the state held.  Start (.6, .4, 0), costs
 * (100, 800, 0), utilities (.9, .6, 0), 10 half-cycle-corrected cycles
 * at 3.5%: the expanded model gives the same totals, and the tunnels'
 * trace sums to the state's. */
START_TEST(tunnel_model_unchanged)
{
    const double start[3] = {.6, .4, 0}, cost[3] = {100, 800, 0}, utility[3] = {.9, .6, 0}, alive[3] = {1, 1, 0};
    value_markov *m = new_model(3), *e = new_model(5);
    set_params(m, 10, 1, 0.035, 0.035, 1, VALUE_MARKOV_LIFE_TABLE);
    set_params(e, 10, 1, 0.035, 0.035, 1, VALUE_MARKOV_LIFE_TABLE);
    assert_ok(value_markov_set_initial(m, start, 3));
    assert_ok(value_markov_set_transitions(m, tunnel_p, 9));
    assert_ok(value_markov_set_state_rewards(m, cost, utility, alive, 3));

    double pe[25], se[5], ce[5], ue[5], ae[5];
    assert_ok(value_markov_tunnel_matrix(tunnel_p, 9, 1, 3, pe, 25));
    assert_ok(value_markov_tunnel_vector(start, 3, 1, 3, 1, se, 5));
    assert_ok(value_markov_tunnel_vector(cost, 3, 1, 3, 0, ce, 5));
    assert_ok(value_markov_tunnel_vector(utility, 3, 1, 3, 0, ue, 5));
    assert_ok(value_markov_tunnel_vector(alive, 3, 1, 3, 0, ae, 5));
    assert_ok(value_markov_set_initial(e, se, 5));
    assert_ok(value_markov_set_transitions(e, pe, 25));
    assert_ok(value_markov_set_state_rewards(e, ce, ue, ae, 5));

    double c1, q1, l1, c2, q2, l2, t1[33], t2[55];
    assert_ok(value_markov_run(m, &c1, &q1, &l1));
    assert_ok(value_markov_run(e, &c2, &q2, &l2));
    assert_rel(c2, c1, REL);
    assert_rel(q2, q1, REL);
    assert_rel(l2, l1, REL);
    assert_ok(value_markov_trace(m, t1, 33));
    assert_ok(value_markov_trace(e, t2, 55));
    for (int t = 0; t <= 10; t++) {
        assert_rel(t2[5 * t], t1[3 * t], REL);
        assert_rel(t2[5 * t + 1] + t2[5 * t + 2] + t2[5 * t + 3], t1[3 * t + 1], REL);
        assert_rel(t2[5 * t + 4], t1[3 * t + 2], REL);
    }
    value_markov_free(m);
    value_markov_free(e);
}
END_TEST

/* ---- case 5: the batch path gives what separate runs give ---------------------- */

/* a deterministic stream in [0.05, 1.05) for test inputs */
static double next_uniform(uint64_t *state)
{
    *state = *state * 6364136223846793005u + 1442695040888963407u;
    return 0.05 + (double)(*state >> 11) / 9007199254740992.0;
}

/* n_mats random 4 x 4 stochastic matrices with state 3 absorbing */
static void random_matrices(double *p, size_t n_mats, uint64_t *rng)
{
    for (size_t c = 0; c < n_mats; c++) {
        for (int i = 0; i < 4; i++) {
            double *row = p + 16 * c + 4 * i, sum = 0;
            for (int j = 0; j < 4; j++)
                sum += row[j] = i == 3 ? (j == 3) : next_uniform(rng);
            for (int j = 0; j < 4; j++)
                row[j] /= sum;
        }
    }
}

#define B_K 11 /* a short last block for every lane count (2, 4, 8) */
#define B_T 6

/* value__markov_cap_lanes() (evaluation/markov.h; this suite links the
 * internal library) caps the batch kernel's lanes, so that each kernel the
 * processor can run is checked, not only the widest. */

START_TEST(batch_equals_separate_runs)
{
    uint64_t rng = 20260101;
    for (int layout = 0; layout < 16; layout++) {
        /* bit 0: per-cycle transitions in the draws; bit 1: per-cycle
         * rewards in the draws; bit 2: the model's alive row per cycle;
         * bit 3: the model has the default weights (alive NULL), which
         * must be (1, 1, 1, 0) for every draw (state 3 alone is absorbing),
         * so each draw's separate run is given those */
        int p_cyc = layout & 1, r_cyc = (layout >> 1) & 1, model_cyc = (layout >> 2) & 1, dflt = (layout >> 3) & 1;
        size_t p_rows = p_cyc ? B_T : 1, r_rows = r_cyc ? B_T : 1;
        double p[B_K * B_T * 16], cost[B_K * B_T * 4], utility[B_K * B_T * 4], alive[B_T * 4];
        random_matrices(p, B_K * p_rows, &rng);
        for (size_t k = 0; k < B_K * r_rows * 4; k++) {
            cost[k] = k % 4 == 3 ? 0 : 1000 * next_uniform(&rng);
            utility[k] = k % 4 == 3 ? 0 : next_uniform(&rng) - 0.05;
        }
        /* the model's alive weights; varying by cycle when per cycle */
        for (size_t k = 0; k < B_T * 4; k++)
            alive[k] = k % 4 == 3 ? 0 : dflt ? 1 : model_cyc ? 1 - 0.01 * (double)(k / 4) : 0.9;

        value_markov *m = new_model(4);
        set_params(m, B_T, 0.5, 0.035, 0.015, 1, VALUE_MARKOV_LIFE_TABLE);
        const double start[4] = {.5, .3, .2, 0};
        double zeros[B_T * 4] = {0};
        assert_ok(value_markov_set_initial(m, start, 4));
        assert_ok(value_markov_add_transition_reward(m, 0, 3, 5000, -0.1));
        assert_ok(value_markov_add_transition_reward(m, 1, 2, 700, 0));
        assert_ok(value_markov_set_state_rewards(m, zeros, zeros, dflt ? NULL : alive, model_cyc ? B_T * 4 : 4));

        for (int corr = VALUE_MARKOV_START; corr <= VALUE_MARKOV_SIMPSON; corr++)
        for (size_t lanes = 2; lanes <= 8; lanes *= 2) {
            double bc[B_K], bq[B_K], bl[B_K];
            assert_ok(value_markov_set(m, VALUE_MARKOV_CORRECTION, corr));
            value__markov_cap_lanes(m, lanes);
            assert_ok(value_markov_run_batch(m, p, B_K * p_rows * 16, cost, utility, B_K * r_rows * 4, B_K, bc, bq,
                                             bl, B_K));
            for (int k = 0; k < B_K; k++) {
                /* the same draw as a model of its own, its rewards in the
                 * same layout: constant when the draw's and the model's
                 * are, else written out per cycle (constant ones repeated) */
                value_markov *one = new_model(4);
                double c6[B_T * 4], u6[B_T * 4];
                for (int t = 0; t < B_T; t++)
                    for (int s = 0; s < 4; s++) {
                        size_t at = 4 * (size_t)k * r_rows + (r_cyc ? 4 * (size_t)t : 0) + (size_t)s;
                        c6[4 * t + s] = cost[at];
                        u6[4 * t + s] = utility[at];
                    }
                set_params(one, B_T, 0.5, 0.035, 0.015, 1, corr);
                assert_ok(value_markov_set_initial(one, start, 4));
                assert_ok(value_markov_add_transition_reward(one, 0, 3, 5000, -0.1));
                assert_ok(value_markov_add_transition_reward(one, 1, 2, 700, 0));
                assert_ok(value_markov_set_transitions(one, p + k * p_rows * 16, p_rows * 16));
                if (r_cyc || model_cyc)
                    assert_ok(value_markov_set_state_rewards(one, c6, u6, alive, B_T * 4));
                else
                    assert_ok(value_markov_set_state_rewards(one, c6, u6, alive, 4));
                double c, q, l;
                assert_ok(value_markov_run(one, &c, &q, &l));
                ck_assert_msg(c == bc[k] && q == bq[k] && l == bl[k],
                              "layout %d, correction %d, lanes %zu, draw %d: batch (%.17g, %.17g, %.17g) vs run "
                              "(%.17g, %.17g, %.17g)",
                              layout, corr, lanes, k, bc[k], bq[k], bl[k], c, q, l);
                value_markov_free(one);
            }
        }
        value_markov_free(m);
    }
}
END_TEST

/* Every model size has its kernel (small ones their own, with the cohort
 * in registers; larger ones the general one): for 1 to 12 states, with
 * and without transition rewards, each draw's batch totals must be
 * bitwise those of value_markov_run() on the draw as a model of its own,
 * at every lane count; and an invalid entry in any draw of a block (the
 * small kernels check their block in their vector lanes) must be
 * reported as check_draw() words it. */
#define SZ_K 9
#define SZ_MAX 12

START_TEST(batch_equals_runs_every_size)
{
    uint64_t rng = 20261124;
    for (size_t S = 1; S <= SZ_MAX; S++) {
        double p[SZ_K * SZ_MAX * SZ_MAX], cost[SZ_K * SZ_MAX], utility[SZ_K * SZ_MAX], start[SZ_MAX], alive[SZ_MAX];
        for (size_t k = 0; k < SZ_K; k++)
            for (size_t i = 0; i < S; i++) {
                double *row = p + k * S * S + i * S, sum = 0;
                for (size_t j = 0; j < S; j++) /* the last state absorbing, some zeros */
                    sum += row[j] = i == S - 1 ? (j == i) : j < i && (i + j) % 3 == 0 ? 0 : next_uniform(&rng);
                for (size_t j = 0; j < S; j++)
                    row[j] /= sum;
            }
        for (size_t k = 0; k < SZ_K * S; k++) {
            cost[k] = 1000 * next_uniform(&rng);
            utility[k] = next_uniform(&rng) - 0.1;
        }
        for (size_t s = 0; s < S; s++) {
            start[s] = S == 1 ? 1 : s == 0 ? 0.6 : 0.4 / (double)(S - 1);
            alive[s] = s == S - 1 && S > 1 ? 0 : 1;
        }
        for (int with_flows = 0; with_flows <= 1; with_flows++)
        for (size_t lanes = 2; lanes <= 8; lanes *= 2) {
            value_markov *m = new_model(S);
            set_params(m, 25, 1, 0.035, 0.015, 0, VALUE_MARKOV_LIFE_TABLE);
            assert_ok(value_markov_set_initial(m, start, S));
            double zeros[SZ_MAX] = {0};
            assert_ok(value_markov_set_state_rewards(m, zeros, zeros, alive, S));
            if (with_flows) {
                assert_ok(value_markov_add_transition_reward(m, 0, S - 1, 5000, -0.1));
                assert_ok(value_markov_add_transition_reward(m, S / 2, S / 3, 700, 0.01));
            }
            value__markov_cap_lanes(m, lanes);
            double bc[SZ_K], bq[SZ_K], bl[SZ_K];
            assert_ok(value_markov_run_batch(m, p, SZ_K * S * S, cost, utility, SZ_K * S, SZ_K, bc, bq, bl, SZ_K));
            for (size_t k = 0; k < SZ_K; k++) {
                value_markov *one = new_model(S);
                set_params(one, 25, 1, 0.035, 0.015, 0, VALUE_MARKOV_LIFE_TABLE);
                assert_ok(value_markov_set_initial(one, start, S));
                assert_ok(value_markov_set_state_rewards(one, cost + k * S, utility + k * S, alive, S));
                if (with_flows) {
                    assert_ok(value_markov_add_transition_reward(one, 0, S - 1, 5000, -0.1));
                    assert_ok(value_markov_add_transition_reward(one, S / 2, S / 3, 700, 0.01));
                }
                assert_ok(value_markov_set_transitions(one, p + k * S * S, S * S));
                double c, q, l;
                assert_ok(value_markov_run(one, &c, &q, &l));
                ck_assert_msg(c == bc[k] && q == bq[k] && l == bl[k],
                              "%zu states, flows %d, lanes %zu, draw %zu: batch (%.17g, %.17g, %.17g) vs run "
                              "(%.17g, %.17g, %.17g)",
                              S, with_flows, lanes, k, bc[k], bq[k], bl[k], c, q, l);
                value_markov_free(one);
            }

            /* one bad entry in draw 6 (in the second block of 4 and 2
             * lanes, the first of 8): each kind reported, outputs untouched */
            double oc[SZ_K], oq[SZ_K], ol[SZ_K];
            double *entry = p + 6 * S * S + (S - 1) * S, keep = *entry, keep_u = utility[6 * S + S - 1];
            for (int kind = 0; kind < 5; kind++) {
                char want[96];
                if (kind == 0) {
                    *entry = NAN;
                    snprintf(want, sizeof want, "transitions: draw 6, row %zu, column 0 is NaN", S - 1);
                } else if (kind == 1) {
                    *entry = -1e-300;
                    snprintf(want, sizeof want, "transitions: draw 6, row %zu, column 0 is -1e-300", S - 1);
                } else if (kind == 2) {
                    *entry = keep + 2e-9; /* the row sums to 1 + 2e-9 > the tolerance of 1e-9 */
                    snprintf(want, sizeof want, S > 1 ? "transitions: draw 6, row %zu sums to 1.000000002"
                                                      : "transitions: draw 6, row %zu, column 0 is 1.000000002",
                             S - 1);
                } else if (kind == 3) {
                    *entry = keep;
                    entry[S - 1] -= 2e-9; /* the diagonal: the row sums to 1 - 2e-9 */
                    snprintf(want, sizeof want, "transitions: draw 6, row %zu sums to 0.999999998", S - 1);
                } else {
                    entry[S - 1] = 1;
                    utility[6 * S + S - 1] = -INFINITY;
                    snprintf(want, sizeof want, "utility: draw 6, state %zu is -Inf", S - 1);
                }
                for (size_t k = 0; k < SZ_K; k++)
                    oc[k] = oq[k] = ol[k] = -7;
                assert_fails(value_markov_run_batch(m, p, SZ_K * S * S, cost, utility, SZ_K * S, SZ_K, oc, oq, ol,
                                                    SZ_K),
                             VALUE_EINVAL, want);
                for (size_t k = 0; k < SZ_K; k++)
                    ck_assert(oc[k] == -7 && oq[k] == -7 && ol[k] == -7);
            }
            utility[6 * S + S - 1] = keep_u;
            value_markov_free(m);
        }
    }
}
END_TEST

/* ---- case 6: threads split the draws, and change nothing ----------------------
 * 3,000 draws of a 4-state model, run on 1, 2 and 3 threads (3,000 draws
 * give at most two shares of 1,024 or more, so 3 threads run as 2): the
 * totals must be bitwise those of one thread.  Then invalid draws in
 * both shares: the message names the first, as on one thread, and the
 * outputs are untouched. */
#define TH_K 3000

START_TEST(threads_change_nothing)
{
    static double p[TH_K * 16], cost[TH_K * 4], utility[TH_K * 4];
    static double c1[TH_K], q1[TH_K], l1[TH_K], c2[TH_K], q2[TH_K], l2[TH_K];
    uint64_t rng = 20261123;
    random_matrices(p, TH_K, &rng);
    for (size_t k = 0; k < TH_K * 4; k++) {
        cost[k] = k % 4 == 3 ? 0 : 1000 * next_uniform(&rng);
        utility[k] = k % 4 == 3 ? 0 : next_uniform(&rng) - 0.05;
    }
    value_markov *m = new_model(4);
    set_params(m, 40, 1, 0.035, 0.035, 1, VALUE_MARKOV_LIFE_TABLE);
    assert_ok(value_markov_add_transition_reward(m, 0, 3, 5000, -0.1));
    assert_ok(value_markov_run_batch(m, p, TH_K * 16, cost, utility, TH_K * 4, TH_K, c1, q1, l1, TH_K));
    for (double threads = 2; threads <= 3; threads++) {
        assert_ok(value_markov_set(m, VALUE_MARKOV_THREADS, threads));
        assert_ok(value_markov_run_batch(m, p, TH_K * 16, cost, utility, TH_K * 4, TH_K, c2, q2, l2, TH_K));
        for (size_t k = 0; k < TH_K; k++)
            ck_assert_msg(c1[k] == c2[k] && q1[k] == q2[k] && l1[k] == l2[k], "%g threads, draw %zu", threads, k);
    }

    for (size_t k = 0; k < TH_K; k++)
        c2[k] = q2[k] = l2[k] = -1;
    utility[4 * 2900 + 1] = INFINITY; /* in the second share */
    assert_fails(value_markov_run_batch(m, p, TH_K * 16, cost, utility, TH_K * 4, TH_K, c2, q2, l2, TH_K),
                 VALUE_EINVAL, "utility: draw 2900, state 1 is Inf");
    p[16 * 1600 + 4 * 2 + 1] += 0.5; /* both shares hold an invalid draw: 1,600 is first */
    assert_fails(value_markov_run_batch(m, p, TH_K * 16, cost, utility, TH_K * 4, TH_K, c2, q2, l2, TH_K),
                 VALUE_EINVAL, "transitions: draw 1600, row 2 sums to 1.5");
    p[16 * 7 + 2] = -0.25; /* and now an earlier one in the first share */
    assert_fails(value_markov_run_batch(m, p, TH_K * 16, cost, utility, TH_K * 4, TH_K, c2, q2, l2, TH_K),
                 VALUE_EINVAL, "transitions: draw 7, row 0, column 2 is -0.25");
    for (size_t k = 0; k < TH_K; k++)
        ck_assert(c2[k] == -1 && q2[k] == -1 && l2[k] == -1);
    value_markov_free(m);
}
END_TEST

/* ---- bad input ------------------------------------------------------------------- */

START_TEST(bad_model_input)
{
    value_markov *m = NULL, *h = three_cycle_model();
    double v, cost, qalys, ly, c0, q0, l0;
    assert_fails(value_markov_new(0, &m), VALUE_EINVAL, "n_states must be at least 1, got 0");
    assert_fails(value_markov_new(3, NULL), VALUE_EINVAL, "out is NULL");
    ck_assert(m == NULL);
    assert_ok(value_markov_run(h, &c0, &q0, &l0));

    /* parameters: each failure leaves the value as it was */
    assert_fails(value_markov_set(h, VALUE_MARKOV_CYCLES, 0), VALUE_EINVAL,
                 "VALUE_MARKOV_CYCLES must be a whole number from 1 to 10000000, got 0");
    assert_fails(value_markov_set(h, VALUE_MARKOV_CYCLES, 2.5), VALUE_EINVAL, "got 2.5");
    assert_fails(value_markov_set(h, VALUE_MARKOV_CYCLES, NAN), VALUE_EINVAL, "VALUE_MARKOV_CYCLES must be a whole number from 1 to 10000000, got NaN");
    assert_fails(value_markov_set(h, VALUE_MARKOV_CYCLES, 1e12), VALUE_EINVAL, "got 1e+12");
    assert_fails(value_markov_set(h, VALUE_MARKOV_CYCLE_LENGTH, 0), VALUE_EINVAL,
                 "VALUE_MARKOV_CYCLE_LENGTH must be > 0 and finite, got 0");
    assert_fails(value_markov_set(h, VALUE_MARKOV_CYCLE_LENGTH, -0.5), VALUE_EINVAL, "got -0.5");
    assert_fails(value_markov_set(h, VALUE_MARKOV_CYCLE_LENGTH, INFINITY), VALUE_EINVAL, "got Inf");
    assert_fails(value_markov_set(h, VALUE_MARKOV_DISCOUNT_COSTS, -1), VALUE_EINVAL,
                 "VALUE_MARKOV_DISCOUNT_COSTS must be a finite rate greater than -1, got -1");
    assert_fails(value_markov_set(h, VALUE_MARKOV_DISCOUNT_EFFECTS, -1.5), VALUE_EINVAL,
                 "VALUE_MARKOV_DISCOUNT_EFFECTS must be a finite rate greater than -1, got -1.5");
    assert_fails(value_markov_set(h, VALUE_MARKOV_DISCOUNT_FIRST, 2), VALUE_EINVAL,
                 "VALUE_MARKOV_DISCOUNT_FIRST must be 0 or 1, got 2");
    assert_fails(value_markov_set(h, VALUE_MARKOV_CORRECTION, 7), VALUE_EINVAL,
                 "VALUE_MARKOV_CORRECTION must be VALUE_MARKOV_START (0), _END (1), _LIFE_TABLE (2), _TRAPEZOID (3) "
                 "or _SIMPSON (4), got 7");
    assert_fails(value_markov_set(h, VALUE_MARKOV_CORRECTION, 1.5), VALUE_EINVAL, "got 1.5");
    assert_fails(value_markov_set(h, VALUE_MARKOV_ROW_TOLERANCE, 0.01), VALUE_EINVAL,
                 "VALUE_MARKOV_ROW_TOLERANCE must be in [0, 0.001], got 0.01");
    assert_fails(value_markov_set(h, VALUE_MARKOV_ROW_TOLERANCE, -1e-9), VALUE_EINVAL, "got -1e-09");
    assert_fails(value_markov_set(h, VALUE_MARKOV_THREADS, 0), VALUE_EINVAL,
                 "VALUE_MARKOV_THREADS must be a whole number from 1 to 256, got 0");
    assert_fails(value_markov_set(h, VALUE_MARKOV_THREADS, 1.5), VALUE_EINVAL, "got 1.5");
    assert_fails(value_markov_set(h, VALUE_MARKOV_THREADS, 257), VALUE_EINVAL, "got 257");
    assert_fails(value_markov_set(h, VALUE_MARKOV_THREADS, NAN), VALUE_EINVAL, "got NaN");
    assert_fails(value_markov_set(h, VALUE_MARKOV_TRANSITION_TIMING, 3), VALUE_EINVAL,
                 "VALUE_MARKOV_TRANSITION_TIMING must be VALUE_MARKOV_TRANSITION_END (0), _START (1) or _MID (2), got 3");
    assert_fails(value_markov_set(h, VALUE_MARKOV_TRANSITION_TIMING, -1), VALUE_EINVAL, "got -1");
    assert_fails(value_markov_set(h, VALUE_MARKOV_TRANSITION_TIMING, 0.5), VALUE_EINVAL, "got 0.5");
    assert_fails(value_markov_set(h, VALUE_MARKOV_TRANSITION_TIMING, NAN), VALUE_EINVAL, "got NaN");
    assert_fails(value_markov_set(h, (value_markov_param)99, 1), VALUE_EINVAL,
                 "param must be a value_markov_param (1 to 9), got 99");
    assert_fails(value_markov_set(h, (value_markov_param)10, 1), VALUE_EINVAL, "got 10");
    assert_fails(value_markov_get(h, (value_markov_param)0, &v), VALUE_EINVAL, "got 0");
    assert_fails(value_markov_get(h, VALUE_MARKOV_CYCLES, NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_markov_set(NULL, VALUE_MARKOV_CYCLES, 2), VALUE_EINVAL, "m is NULL");
    assert_ok(value_markov_get(h, VALUE_MARKOV_CYCLES, &v));
    ck_assert(v == 3);
    assert_ok(value_markov_get(h, VALUE_MARKOV_CORRECTION, &v));
    ck_assert(v == VALUE_MARKOV_END);
    assert_ok(value_markov_get(h, VALUE_MARKOV_TRANSITION_TIMING, &v));
    ck_assert(v == VALUE_MARKOV_TRANSITION_END);

    /* transitions: cycle 3 (1-based) row 2 sums to .3 + .18 + .5 = .98 */
    double p[27] = {.8, .1, .1, 0, .5, .5, 0, 0, 1, .6, .2, .2, 0, .4, .6, 0, 0, 1, .5, .25, .25, 0, .2, .8, .3, .18, .5};
    assert_fails(value_markov_set_transitions(h, p, 27), VALUE_EINVAL,
                 "p: cycle 3, row 2 sums to 0.98, not 1 (tolerance 1e-09)");
    p[26] = .52;
    p[10] = 1.5;
    assert_fails(value_markov_set_transitions(h, p, 27), VALUE_EINVAL,
                 "p: cycle 2, row 0, column 1 is 1.5, not in [0, 1]");
    p[10] = NAN;
    assert_fails(value_markov_set_transitions(h, p, 27), VALUE_EINVAL, "p: cycle 2, row 0, column 1 is NaN");
    const double neg[9] = {1, -0.1, 0.1, 0, 1, 0, 0, 0, 1};
    assert_fails(value_markov_set_transitions(h, neg, 9), VALUE_EINVAL, "p: row 0, column 1 is -0.1, not in [0, 1]");
    const double off[9] = {.5, .5, 1e-8, 0, 1, 0, 0, 0, 1};
    assert_fails(value_markov_set_transitions(h, off, 9), VALUE_EINVAL,
                 "p: row 0 sums to 1.00000001, not 1 (tolerance 1e-09)");
    assert_fails(value_markov_set_transitions(h, neg, 10), VALUE_EINVAL,
                 "n must be S^2 = 9 (constant) or T S^2 = 27 (one matrix per cycle), got 10");
    assert_fails(value_markov_set_transitions(h, NULL, 9), VALUE_EINVAL, "p is NULL");
    /* a looser tolerance accepts the row summing to 1.00000001 */
    value_markov *loose = new_model(3);
    assert_ok(value_markov_set(loose, VALUE_MARKOV_ROW_TOLERANCE, 1e-6));
    assert_ok(value_markov_set_transitions(loose, off, 9));
    value_markov_free(loose);

    /* initial distribution */
    const double init_sum[3] = {.5, .4, 0}, init_big[3] = {1.5, -.5, 0};
    assert_fails(value_markov_set_initial(h, init_sum, 3), VALUE_EINVAL,
                 "initial sums to 0.9, not 1 (tolerance 1e-09)");
    assert_fails(value_markov_set_initial(h, init_big, 3), VALUE_EINVAL, "initial[0] is 1.5, not in [0, 1]");
    assert_fails(value_markov_set_initial(h, init_sum, 2), VALUE_EINVAL, "n must be 3 (the model's states), got 2");
    assert_fails(value_markov_set_initial(h, NULL, 3), VALUE_EINVAL, "initial is NULL");

    /* state rewards */
    double c9[9] = {100, 500, 0, 200, 600, 0, 300, NAN, 0}, u9[9] = {0}, a9[9] = {0}, z9[9] = {0};
    assert_fails(value_markov_set_state_rewards(h, c9, u9, a9, 9), VALUE_EINVAL, "cost: cycle 3, state 1 is NaN");
    u9[2] = INFINITY;
    assert_fails(value_markov_set_state_rewards(h, a9, u9, a9, 3), VALUE_EINVAL, "utility: state 2 is Inf");
    assert_fails(value_markov_set_state_rewards(h, c9, u9, a9, 6), VALUE_EINVAL,
                 "n must be S = 3 (constant) or T S = 9 (one row per cycle), got 6");
    assert_fails(value_markov_set_state_rewards(h, NULL, u9, a9, 3), VALUE_EINVAL, "cost is NULL");
    assert_fails(value_markov_set_state_rewards(h, a9, NULL, NULL, 3), VALUE_EINVAL, "utility is NULL");
    a9[4] = -INFINITY;
    assert_fails(value_markov_set_state_rewards(h, z9, z9, a9, 9), VALUE_EINVAL, "alive: cycle 2, state 1 is -Inf");

    /* transition rewards */
    assert_fails(value_markov_add_transition_reward(h, 3, 0, 1, 0), VALUE_EINVAL,
                 "from is 3, not in [0, 3) (the model has 3 states)");
    assert_fails(value_markov_add_transition_reward(h, 0, 7, 1, 0), VALUE_EINVAL,
                 "to is 7, not in [0, 3) (the model has 3 states)");
    assert_fails(value_markov_add_transition_reward(h, 0, 1, NAN, 0), VALUE_EINVAL, "cost is NaN");
    assert_fails(value_markov_add_transition_reward(h, 0, 1, 0, -INFINITY), VALUE_EINVAL, "qalys is -Inf");

    /* nothing changed */
    assert_ok(value_markov_run(h, &cost, &qalys, &ly));
    ck_assert(cost == c0 && qalys == q0 && ly == l0);
    assert_rel(cost, 530, REL);
    value_markov_free(h);
}
END_TEST

START_TEST(bad_run_input)
{
    value_markov *h = three_cycle_model();
    double cost = 42, qalys = 43, ly = 44, trace[12], cc[4], cq[4], cl[4];
    for (int i = 0; i < 12; i++)
        trace[i] = -1;
    cc[0] = cq[0] = cl[0] = -1;
    assert_ok(value_markov_set(h, VALUE_MARKOV_CORRECTION, VALUE_MARKOV_SIMPSON));
    assert_fails(value_markov_run(h, &cost, &qalys, &ly), VALUE_EINVAL,
                 "VALUE_MARKOV_SIMPSON needs an even number of cycles and VALUE_MARKOV_CYCLES is 3: Simpson's 1/3 "
                 "rule integrates over pairs of cycles (an even number of intervals); run 4 cycles or use "
                 "VALUE_MARKOV_TRAPEZOID");
    assert_fails(value_markov_cycle_values(h, cc, cq, cl, 4), VALUE_EINVAL, "VALUE_MARKOV_CYCLES is 3");
    assert_ok(value_markov_set(h, VALUE_MARKOV_CORRECTION, VALUE_MARKOV_END));
    assert_fails(value_markov_run(NULL, &cost, &qalys, &ly), VALUE_EINVAL, "m is NULL");
    assert_fails(value_markov_run(h, NULL, &qalys, &ly), VALUE_EINVAL, "out_cost is NULL");
    assert_fails(value_markov_run(h, &cost, &qalys, NULL), VALUE_EINVAL, "out_life_years is NULL");
    ck_assert(cost == 42 && qalys == 43 && ly == 44);
    assert_fails(value_markov_trace(h, trace, 9), VALUE_EINVAL, "out_len must be 12 ((cycles + 1) x states), got 9");
    assert_fails(value_markov_trace(h, NULL, 12), VALUE_EINVAL, "out is NULL");
    assert_fails(value_markov_cycle_values(h, cc, cq, cl, 3), VALUE_EINVAL, "out_len must be 4 (cycles + 1), got 3");
    assert_fails(value_markov_cycle_values(h, cc, NULL, cl, 4), VALUE_EINVAL, "out_qalys is NULL");
    for (int i = 0; i < 12; i++)
        ck_assert(trace[i] == -1);
    ck_assert(cc[0] == -1 && cq[0] == -1 && cl[0] == -1);
    value_markov_free(h);
}
END_TEST

START_TEST(bad_batch_input)
{
    /* the three-cycle model (3 states, T 3), 3 draws of per-cycle matrices */
    value_markov *h = three_cycle_model();
    const double one[27] = {.8, .1, .1, 0, .5, .5, 0, 0, 1, .6, .2, .2, 0, .4, .6, 0, 0, 1, .5, .25, .25, 0, .2, .8, 0, 0, 1};
    double p[81], c[9] = {100, 500, 0, 110, 510, 0, 120, 520, 0}, u[9] = {1, .5, 0, 1, .5, 0, 1, .5, 0};
    double oc[3] = {-1, -1, -1}, oq[3] = {-1, -1, -1}, ol[3] = {-1, -1, -1};
    for (int k = 0; k < 3; k++)
        memcpy(p + 27 * k, one, sizeof one);
    assert_ok(value_markov_run_batch(h, p, 81, c, u, 9, 3, oc, oq, ol, 3));
    /* draw 0 is the hand model with constant costs (100, 500): END cost
     * .8 x 100 + .1 x 500 + .48 x 100 + .2 x 500 + .24 x 100 + .16 x 500 */
    assert_rel(oc[0], 80 + 50 + 48 + 100 + 24 + 80, REL);
    assert_rel(oq[0], 1.75, REL);
    for (int k = 0; k < 3; k++)
        oc[k] = oq[k] = ol[k] = -1;

    p[27 * 2 + 9 * 1 + 3] = NAN; /* draw 2, cycle 2, row 1, column 0 */
    assert_fails(value_markov_run_batch(h, p, 81, c, u, 9, 3, oc, oq, ol, 3), VALUE_EINVAL,
                 "transitions: draw 2, cycle 2, row 1, column 0 is NaN");
    p[27 * 2 + 9 * 1 + 3] = 0.01; /* row 1 of cycle 2 now sums to 1.01 */
    assert_fails(value_markov_run_batch(h, p, 81, c, u, 9, 3, oc, oq, ol, 3), VALUE_EINVAL,
                 "transitions: draw 2, cycle 2, row 1 sums to 1.01, not 1 (tolerance 1e-09)");
    p[27 * 2 + 9 * 1 + 3] = 0;
    c[4] = NAN;
    assert_fails(value_markov_run_batch(h, p, 81, c, u, 9, 3, oc, oq, ol, 3), VALUE_EINVAL,
                 "cost: draw 1, state 1 is NaN");
    c[4] = 510;
    assert_fails(value_markov_run_batch(h, p, 80, c, u, 9, 3, oc, oq, ol, 3), VALUE_EINVAL,
                 "n_transitions must be K S^2 = 27 (constant) or K T S^2 = 81 (per cycle), got 80");
    assert_fails(value_markov_run_batch(h, p, 81, c, u, 8, 3, oc, oq, ol, 3), VALUE_EINVAL,
                 "n_rewards must be K S = 9 (constant) or K T S = 27 (per cycle), got 8");
    assert_fails(value_markov_run_batch(h, p, 81, c, u, 9, 3, oc, oq, ol, 2), VALUE_EINVAL,
                 "out_len must be 3 (n_draws), got 2");
    assert_fails(value_markov_run_batch(h, p, 81, c, u, 9, 0, oc, oq, ol, 0), VALUE_EINVAL,
                 "n_draws must be at least 1, got 0");
    assert_fails(value_markov_run_batch(h, p, 81, c, NULL, 9, 3, oc, oq, ol, 3), VALUE_EINVAL, "utility is NULL");
    assert_fails(value_markov_run_batch(h, p, 81, c, u, 9, 3, oc, oq, NULL, 3), VALUE_EINVAL,
                 "out_life_years is NULL");
    assert_ok(value_markov_set(h, VALUE_MARKOV_CORRECTION, VALUE_MARKOV_SIMPSON));
    assert_fails(value_markov_run_batch(h, p, 81, c, u, 9, 3, oc, oq, ol, 3), VALUE_EINVAL, "even number of cycles");
    for (int k = 0; k < 3; k++)
        ck_assert(oc[k] == -1 && oq[k] == -1 && ol[k] == -1); /* untouched */
    value_markov_free(h);
}
END_TEST

START_TEST(bad_tunnel_input)
{
    double out[25] = {0}, v[5] = {0};
    const double x[3] = {1, 2, 3};
    assert_fails(value_markov_tunnel_matrix(tunnel_p, 8, 1, 3, out, 25), VALUE_EINVAL,
                 "n must be S^2 for some S >= 1, got 8");
    assert_fails(value_markov_tunnel_matrix(tunnel_p, 9, 3, 3, out, 25), VALUE_EINVAL,
                 "state is 3, not in [0, 3) (the model has 3 states)");
    assert_fails(value_markov_tunnel_matrix(tunnel_p, 9, 1, 0, out, 25), VALUE_EINVAL, "k must be at least 1, got 0");
    assert_fails(value_markov_tunnel_matrix(tunnel_p, 9, 1, 3, out, 24), VALUE_EINVAL,
                 "out_len must be 25 ((S + k - 1)^2), got 24");
    assert_fails(value_markov_tunnel_matrix(tunnel_p, 9, 1, SIZE_MAX, out, 25), VALUE_EINVAL,
                 "S + k - 1 states are too many (S = 3, k = 18446744073709551615)");
    assert_fails(value_markov_tunnel_matrix(NULL, 9, 1, 3, out, 25), VALUE_EINVAL, "p is NULL");
    assert_fails(value_markov_tunnel_matrix(tunnel_p, 9, 1, 3, NULL, 25), VALUE_EINVAL, "out is NULL");
    const double nan_p[4] = {1, 0, NAN, 1};
    assert_fails(value_markov_tunnel_matrix(nan_p, 4, 1, 2, out, 9), VALUE_EINVAL, "p[2] is NaN");
    assert_fails(value_markov_tunnel_vector(x, 3, 1, 3, 2, v, 5), VALUE_EINVAL, "first_only must be 0 or 1, got 2");
    assert_fails(value_markov_tunnel_vector(x, 3, 1, 3, 0, v, 4), VALUE_EINVAL, "out_len must be 5 (n + k - 1), got 4");
    assert_fails(value_markov_tunnel_vector(x, 3, 5, 3, 0, v, 5), VALUE_EINVAL, "state is 5");
    assert_fails(value_markov_tunnel_vector(x, 0, 0, 3, 0, v, 5), VALUE_EINVAL, "n must be at least 1, got 0");
    for (int i = 0; i < 25; i++)
        ck_assert(out[i] == 0);
    for (int i = 0; i < 5; i++)
        ck_assert(v[i] == 0);
    size_t states = 7, len = 7;
    assert_fails(value_markov_tunnel_size(0, 3, &states, &len), VALUE_EINVAL, "n_states must be at least 1, got 0");
    assert_fails(value_markov_tunnel_size(3, 0, &states, &len), VALUE_EINVAL, "k must be at least 1, got 0");
    assert_fails(value_markov_tunnel_size(3, SIZE_MAX, &states, &len), VALUE_EINVAL, "n_states + k - 1 states are too many");
    assert_fails(value_markov_tunnel_size(SIZE_MAX / 2, 2, &states, &len), VALUE_EINVAL,
                 "n_states + k - 1 states are too many (n_states = 9223372036854775807, k = 2)");
    assert_fails(value_markov_tunnel_size(3, 3, NULL, &len), VALUE_EINVAL, "out_states is NULL");
    assert_fails(value_markov_tunnel_size(3, 3, &states, NULL), VALUE_EINVAL, "out_matrix_len is NULL");
    ck_assert(states == 7 && len == 7);
}
END_TEST

/* The sizes the tunnel functions' buffers need: 3 states, state 1 into 3
 * tunnels -> 3 + 3 - 1 = 5 states, 25 entries (the by-hand case above). */
START_TEST(tunnel_size)
{
    size_t states, len;
    double out[25];
    assert_ok(value_markov_tunnel_size(3, 3, &states, &len));
    ck_assert(states == 5 && len == 25);
    assert_ok(value_markov_tunnel_matrix(tunnel_p, 9, 1, 3, out, len)); /* the length the query gave */
    assert_ok(value_markov_tunnel_size(3, 1, &states, &len));
    ck_assert(states == 3 && len == 9);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("markov");
    TCase *tc = tcase_create("markov");
    tcase_add_test(tc, hiv_aids_model);
    tcase_add_test(tc, closed_forms_every_correction);
    tcase_add_test(tc, life_expectancy_limits);
    tcase_add_test(tc, transition_reward_closed_form);
    tcase_add_test(tc, transition_timing);
    tcase_add_test(tc, per_cycle_by_hand);
    tcase_add_test(tc, cycle_values_sum_to_run);
    tcase_add_test(tc, defaults);
    tcase_add_test(tc, default_alive_hiv);
    tcase_add_test(tc, default_alive_rule);
    tcase_add_test(tc, conventions_table);
    tcase_add_test(tc, tunnel_by_hand);
    tcase_add_test(tc, tunnel_model_unchanged);
    tcase_add_test(tc, batch_equals_separate_runs);
    tcase_add_test(tc, batch_equals_runs_every_size);
    tcase_add_test(tc, threads_change_nothing);
    tcase_add_test(tc, bad_model_input);
    tcase_add_test(tc, bad_run_input);
    tcase_add_test(tc, bad_batch_input);
    tcase_add_test(tc, bad_tunnel_input);
    tcase_add_test(tc, tunnel_size);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
