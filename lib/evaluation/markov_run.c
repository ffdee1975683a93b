/*
 * Markov cohort models, single runs: totals, the trace and per-cycle
 * values, with within-cycle corrections and transition rewards.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every run is one pass over the cycles that moves the cohort on
 * (m_t = m_{t-1} P_t).  cohort() scores each cycle as it goes, so a
 * cycle's start and end distributions are both at hand for any
 * correction; it gives traces, per-cycle values, and totals when rewards
 * change by cycle.  With rewards constant over cycles, cohort_constant()
 * gives the totals from the discounted occupancy of each state, a third
 * of the work.  The correction and the discounting are folded beforehand
 * into a plan (per-cycle weights, markov.h), so the per-cycle work is the
 * same few loops for every correction and the batch path
 * (markov_batch.c), which does these operations in this order on several
 * draws at once, pays for no exp() per draw.
 */
#include "markov.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Simpson's 1/3 rule fits a parabola through each pair of intervals, so
 * it needs an even T. */
int value__markov_check_runnable(const value_markov *m)
{
    size_t T = m->n_cycles;
    if (m->correction == VALUE_MARKOV_SIMPSON && T % 2 != 0)
        return value__fail(VALUE_EINVAL,
                           "VALUE_MARKOV_SIMPSON needs an even number of cycles and VALUE_MARKOV_CYCLES is %zu: "
                           "Simpson's 1/3 rule integrates over pairs of cycles (an even number of intervals); run "
                           "%zu cycles or use VALUE_MARKOV_TRAPEZOID",
                           T, T + 1);
    return VALUE_OK;
}

/* The identity is no default: a model without transitions would keep
 * every state forever. */
int value__markov_check_transitions(const value_markov *m, const char *who)
{
    if (m->p != NULL)
        return VALUE_OK;
    if (m->p_dropped)
        return value__fail(VALUE_ESTATE,
                           "%s: the model has no transitions: its per-cycle transitions were dropped when "
                           "VALUE_MARKOV_CYCLES changed; call value_markov_set_transitions again",
                           who);
    return value__fail(VALUE_ESTATE, "%s: the model has no transitions: value_markov_set_transitions was never called",
                       who);
}

static void plan_build(const value_markov *m, double *scratch, value__markov_plan *pl)
{
    size_t T = m->n_cycles;
    double L = m->cycle_length;
    /* log D per year; log1p keeps small rates exact, and a zero rate
     * gives factors of exactly 1 */
    double log_vc = -log1p(m->rate_costs), log_ve = -log1p(m->rate_effects);
    double shift = m->discount_first ? 0.0 : 1.0;
    pl->state_c = scratch;
    pl->state_e = scratch + (T + 1);
    pl->trans_c = scratch + 2 * (T + 1);
    pl->trans_e = scratch + 3 * (T + 1);
    pl->occ_c = scratch + 4 * (T + 1);
    pl->occ_e = scratch + 5 * (T + 1);

    /* transition rewards at the end of cycle t (d_t, so the discount-first
     * setting applies), or at its start or middle (the time they name) */
    double back = m->transition_timing == VALUE_MARKOV_TRANSITION_START ? 1.0
                  : m->transition_timing == VALUE_MARKOV_TRANSITION_MID ? 0.5
                                                                         : shift;
    pl->trans_c[0] = pl->trans_e[0] = 0.0;
    for (size_t t = 1; t <= T; t++) {
        double years = ((double)t - back) * L;
        pl->trans_c[t] = exp(log_vc * years);
        pl->trans_e[t] = exp(log_ve * years);
    }

    switch (m->correction) {
    case VALUE_MARKOV_TRAPEZOID:
    case VALUE_MARKOV_SIMPSON:
        pl->a = 0.0;
        pl->b = 1.0;
        for (size_t k = 0; k <= T; k++) {
            double w;
            if (m->correction == VALUE_MARKOV_TRAPEZOID)
                w = k == 0 || k == T ? 0.5 : 1.0;
            else
                w = (k == 0 || k == T ? 1.0 : k % 2 == 1 ? 4.0 : 2.0) / 3.0;
            double years = (double)k * L; /* D_k ignores the discount-first setting */
            pl->state_c[k] = w * exp(log_vc * years);
            pl->state_e[k] = w * exp(log_ve * years) * L;
        }
        break;
    default:
        if (m->correction == VALUE_MARKOV_START)
            pl->a = 1.0, pl->b = 0.0;
        else if (m->correction == VALUE_MARKOV_END)
            pl->a = 0.0, pl->b = 1.0;
        else /* life-table */
            pl->a = 0.5, pl->b = 0.5;
        pl->state_c[0] = pl->state_e[0] = 0.0;
        for (size_t t = 1; t <= T; t++) {
            double years = ((double)t - shift) * L; /* d_t */
            pl->state_c[t] = exp(log_vc * years);
            pl->state_e[t] = exp(log_ve * years) * L;
        }
    }

    /* m_0 is scored at time 0 and, with weight a, by cycle 1; m_t by
     * cycle t (weight b) and cycle t+1 (weight a) */
    for (size_t t = 0; t <= T; t++) {
        double from_c = t == 0 ? pl->state_c[0] : pl->b * pl->state_c[t];
        double from_e = t == 0 ? pl->state_e[0] : pl->b * pl->state_e[t];
        pl->occ_c[t] = t < T ? from_c + pl->a * pl->state_c[t + 1] : from_c;
        pl->occ_e[t] = t < T ? from_e + pl->a * pl->state_e[t + 1] : from_e;
    }
}

/* The model's own inputs; default_alive (S doubles) receives the default
 * life-year weights when the model has none of its own. */
static value__markov_inputs model_inputs(const value_markov *m, double *default_alive)
{
    size_t S = m->n_states, r_step = m->rewards_per_cycle ? S : 0;
    value__markov_inputs in = {m->p, m->p_per_cycle ? S * S : 0, m->cost, m->utility, r_step, m->alive, r_step};
    if (m->alive == NULL) {
        value__markov_default_alive(m->p, S, m->p_per_cycle ? m->n_cycles : 1, default_alive);
        in.alive = default_alive;
        in.a_step = 0;
    }
    return in;
}

/* The transition rewards of one cycle: sum over the rewarded transitions
 * i -> j of the flow m_{t-1}[i] P_t[i][j] times the cost (rc) and the
 * QALYs (rq), undiscounted. */
static void cycle_flows(const value_markov *m, const double *prev, const double *P, double *rc, double *rq)
{
    const size_t S = m->n_states;
    double c = 0, q = 0;
    for (size_t k = 0; k < m->n_tr; k++) {
        const value__markov_reward *r = &m->tr[k];
        double flow = prev[r->from] * P[r->from * S + r->to];
        c += flow * r->cost;
        q += flow * r->qalys;
    }
    *rc = c;
    *rq = q;
}

/* cur = prev P for the S x S matrix P, each entry summed over i in order
 * (as the batch kernels do). */
static void step(const double *prev, const double *P, double *cur, size_t S)
{
    for (size_t j = 0; j < S; j++) {
        double acc = prev[0] * P[j];
        for (size_t i = 1; i < S; i++)
            acc += prev[i] * P[i * S + j];
        cur[j] = acc;
    }
}

/* Run one cohort on valid inputs.  work holds 2 S doubles; trace, when
 * not NULL, holds (T+1) S and receives m_0..m_T; out_c/q/l, when not NULL,
 * receive the T+1 per-cycle values; tot the three totals (summed in cycle
 * order, so they equal the sums of out_c/q/l). */
static void cohort(const value_markov *m, const value__markov_plan *pl, const value__markov_inputs *in, double *work,
                   double *trace, double *out_c, double *out_q, double *out_l, double tot[3])
{
    const size_t S = m->n_states, T = m->n_cycles;
    const double a = pl->a, b = pl->b;
    double *prev = trace != NULL ? trace : work;
    memcpy(prev, m->initial, S * sizeof *prev);

    /* time 0: only the trapezoid and Simpson rules give it a weight */
    double c = 0, q = 0, l = 0;
    for (size_t s = 0; s < S; s++) {
        c += prev[s] * in->cost[s];
        q += prev[s] * in->utility[s];
        l += prev[s] * in->alive[s];
    }
    c *= pl->state_c[0];
    q *= pl->state_e[0];
    l *= pl->state_e[0];
    if (out_c != NULL) {
        out_c[0] = c;
        out_q[0] = q;
        out_l[0] = l;
    }
    double tc = c, tq = q, tl = l;

    for (size_t t = 1; t <= T; t++) {
        const double *P = in->p + (t - 1) * in->p_step;
        double *cur = trace != NULL ? trace + t * S : (prev == work ? work + S : work);

        step(prev, P, cur, S); /* m_t = m_{t-1} P_t */

        const double *ct = in->cost + (t - 1) * in->r_step, *ut = in->utility + (t - 1) * in->r_step,
                     *at = in->alive + (t - 1) * in->a_step;
        c = q = l = 0;
        for (size_t s = 0; s < S; s++) {
            double y = a * prev[s] + b * cur[s];
            c += y * ct[s];
            q += y * ut[s];
            l += y * at[s];
        }
        c *= pl->state_c[t];
        q *= pl->state_e[t];
        l *= pl->state_e[t];

        if (m->n_tr > 0) {
            double rc, rq;
            cycle_flows(m, prev, P, &rc, &rq);
            c += rc * pl->trans_c[t];
            q += rq * pl->trans_e[t];
        }

        if (out_c != NULL) {
            out_c[t] = c;
            out_q[t] = q;
            out_l[t] = l;
        }
        tc += c;
        tq += q;
        tl += l;
        prev = cur;
    }
    tot[0] = tc;
    tot[1] = tq;
    tot[2] = tl;
}

/* cohort()'s totals when the rewards are constant over cycles: the
 * occupancies W (costs) and W' (QALYs, life years) accumulate the
 * weighted m_t, and the state totals are their dot products with the
 * rewards.  Transition rewards: with constant transitions, the flow
 * i -> j of cycle t is m_{t-1}[i] P[i][j], so their discounted total is
 * (V[i] P[i][j]) r, with V = sum_t d_t m_{t-1} accumulated like W;
 * with transitions per cycle, the flows are summed cycle by cycle as in
 * cohort().  work holds 6 S doubles.  The batch kernels do these
 * operations in this order (markov_lanes.h, constant_body). */
static void cohort_constant(const value_markov *m, const value__markov_plan *pl, const value__markov_inputs *in,
                            double *work, double tot[3])
{
    const size_t S = m->n_states, T = m->n_cycles;
    const bool p_constant = in->p_step == 0, flows = m->n_tr > 0;
    double *prev = work, *cur = work + S, *wc = work + 2 * S, *we = work + 3 * S, *vc = work + 4 * S,
           *ve = work + 5 * S;
    memcpy(prev, m->initial, S * sizeof *prev);
    for (size_t s = 0; s < S; s++) {
        wc[s] = pl->occ_c[0] * prev[s];
        we[s] = pl->occ_e[0] * prev[s];
        vc[s] = ve[s] = 0;
    }
    double rc_tot = 0, rq_tot = 0;
    for (size_t t = 1; t <= T; t++) {
        const double *P = in->p + (t - 1) * in->p_step;
        if (flows && p_constant) {
            for (size_t s = 0; s < S; s++) {
                vc[s] += pl->trans_c[t] * prev[s];
                ve[s] += pl->trans_e[t] * prev[s];
            }
        } else if (flows) {
            double rc, rq;
            cycle_flows(m, prev, P, &rc, &rq);
            rc_tot += rc * pl->trans_c[t];
            rq_tot += rq * pl->trans_e[t];
        }
        step(prev, P, cur, S);
        for (size_t s = 0; s < S; s++) {
            wc[s] += pl->occ_c[t] * cur[s];
            we[s] += pl->occ_e[t] * cur[s];
            prev[s] = cur[s];
        }
    }
    if (flows && p_constant) {
        for (size_t k = 0; k < m->n_tr; k++) {
            const value__markov_reward *r = &m->tr[k];
            double p = in->p[r->from * S + r->to];
            rc_tot += (vc[r->from] * p) * r->cost;
            rq_tot += (ve[r->from] * p) * r->qalys;
        }
    }
    double c = 0, q = 0, l = 0;
    for (size_t s = 0; s < S; s++) {
        c += wc[s] * in->cost[s];
        q += we[s] * in->utility[s];
        l += we[s] * in->alive[s];
    }
    tot[0] = c + rc_tot;
    tot[1] = q + rq_tot;
    tot[2] = l;
}

double *value__markov_plan_alloc(const value_markov *m, size_t extra, const char *who, value__markov_plan *pl)
{
    size_t n = value__markov_plan_size(m);
    double *s = extra > SIZE_MAX / sizeof(double) - n ? NULL : malloc((n + extra) * sizeof *s);
    if (s == NULL)
        value__fail(VALUE_ENOMEM, "%s: out of memory", who);
    else
        plan_build(m, s, pl);
    return s;
}

/* run, trace and cycle values share this: any of the outputs may be NULL. */
static int run_model(const value_markov *m, double *trace, double *out_c, double *out_q, double *out_l,
                     double tot[3], const char *who)
{
    /* the cohort's work: 2 S doubles for cohort(), 6 S for
     * cohort_constant(); then S for the default life-year weights */
    value__markov_plan pl;
    double *scratch = value__markov_plan_alloc(m, 7 * m->n_states, who, &pl);
    if (scratch == NULL)
        return VALUE_ENOMEM;
    double *work = scratch + value__markov_plan_size(m);
    value__markov_inputs in = model_inputs(m, work + 6 * m->n_states);
    if (trace == NULL && out_c == NULL && value__markov_rewards_constant(m, &in))
        cohort_constant(m, &pl, &in, work, tot);
    else
        cohort(m, &pl, &in, work, trace, out_c, out_q, out_l, tot);
    free(scratch);
    return VALUE_OK;
}

int value_markov_run(const value_markov *m, double *out_cost, double *out_qalys, double *out_life_years)
{
    int rc;
    if ((rc = value__markov_check(m)) || (rc = value__check_ptr(out_cost, "out_cost")) ||
        (rc = value__check_ptr(out_qalys, "out_qalys")) || (rc = value__check_ptr(out_life_years, "out_life_years")) ||
        (rc = value__markov_check_transitions(m, "value_markov_run")) || (rc = value__markov_check_runnable(m)))
        return rc;
    double tot[3];
    if ((rc = run_model(m, NULL, NULL, NULL, NULL, tot, "value_markov_run")))
        return rc;
    *out_cost = tot[0];
    *out_qalys = tot[1];
    *out_life_years = tot[2];
    return VALUE_OK;
}

int value_markov_trace(const value_markov *m, double *out, size_t out_len)
{
    int rc;
    if ((rc = value__markov_check(m)) || (rc = value__check_ptr(out, "out")) ||
        (rc = value__check_length("out_len", out_len, value__mul_size(m->n_cycles + 1, m->n_states),
                                  "(cycles + 1) x states")) ||
        (rc = value__markov_check_transitions(m, "value_markov_trace")))
        return rc;
    double tot[3];
    return run_model(m, out, NULL, NULL, NULL, tot, "value_markov_trace");
}

int value_markov_cycle_values(const value_markov *m, double *out_cost, double *out_qalys, double *out_life_years,
                              size_t out_len)
{
    int rc;
    if ((rc = value__markov_check(m)) || (rc = value__check_ptr(out_cost, "out_cost")) ||
        (rc = value__check_ptr(out_qalys, "out_qalys")) || (rc = value__check_ptr(out_life_years, "out_life_years")) ||
        (rc = value__check_length("out_len", out_len, m->n_cycles + 1, "cycles + 1")) ||
        (rc = value__markov_check_transitions(m, "value_markov_cycle_values")) || (rc = value__markov_check_runnable(m)))
        return rc;
    double tot[3];
    return run_model(m, NULL, out_cost, out_qalys, out_life_years, tot, "value_markov_cycle_values");
}
