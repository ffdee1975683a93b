/*
 * Markov cohort models: trace, discounted totals, within-cycle
 * corrections, transition rewards, a PSA batch path and tunnel states.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every run is one pass over the cycles that moves the cohort on
 * (m_t = m_{t-1} P_t).  cohort() scores each cycle as it goes, so a
 * cycle's start and end distributions are both at hand for any
 * correction; it gives traces, per-cycle values, and totals when rewards
 * change by cycle.  With rewards constant over cycles, cohort_constant()
 * gives the totals from the discounted occupancy of each state, a third
 * of the work.  The correction and the discounting are folded beforehand
 * into a `plan` (per-cycle weights), so the per-cycle work is the same
 * few loops for every correction and the batch path pays for no exp()
 * per draw.  The batch path (kernels in markov_lanes.h) does the same
 * arithmetic on several draws at once, one per vector lane, optionally
 * on threads.
 *
 * In messages, cycles count from 1 (cycle t uses P_t, as in value.h);
 * states, rows, columns and draws are 0-based indices, like the arrays.
 */
#include "core/internal.h"
#include "core/threads.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A sanity bound that keeps (size_t) casts and T S^2 sizes meaningful:
 * daily cycles for over 27,000 years. */
#define MAX_CYCLES 1e7
#define MAX_THREADS VALUE__MAX_THREADS

typedef struct transition_reward {
    size_t from, to;
    double cost, qalys;
} transition_reward;

struct value_markov {
    size_t n_states;       /* S */
    size_t n_cycles;       /* T */
    double cycle_length;   /* L, years */
    double rate_costs, rate_effects;
    int discount_first;    /* 1: exponent t, 0: exponent t-1 */
    int correction;        /* value_markov_correction */
    double row_tolerance;
    size_t threads;        /* for run_batch */
    size_t max_lanes;      /* run_batch's kernel, at most this wide (0: any) */

    double *initial;       /* S */
    double *p;             /* S^2, or T S^2 when p_per_cycle */
    bool p_per_cycle;
    double *rewards;       /* the block that holds cost, utility and alive */
    double *cost, *utility, *alive; /* S each, or T S when rewards_per_cycle */
    bool rewards_per_cycle;
    transition_reward *tr;
    size_t n_tr, cap_tr;
};

/* ---- small helpers --------------------------------------------------------- */

static int check_model(const value_markov *m)
{
    return value__check_ptr(m, "m");
}

/* Simpson's 1/3 rule pairs the intervals, so it needs an even T. */
static int check_runnable(const value_markov *m)
{
    if (m->correction == VALUE_MARKOV_SIMPSON && m->n_cycles % 2 != 0)
        return value__fail(VALUE_EINVAL,
                           "the Simpson correction needs an even number of cycles, got %zu (use "
                           "VALUE_MARKOV_TRAPEZOID or change the cycles)",
                           m->n_cycles);
    return VALUE_OK;
}

/* Check n_mats row-major S x S matrices one after another: every entry in
 * [0, 1] and every row summing to 1 within tol, in one pass.  `draw` is
 * the PSA draw (SIZE_MAX: none); cycles are named only when there is more
 * than one matrix. */
static int check_probabilities(const double *p, size_t S, size_t n_mats, double tol, size_t draw)
{
    for (size_t c = 0; c < n_mats; c++) {
        for (size_t i = 0; i < S; i++) {
            const double *row = p + (c * S + i) * S;
            double sum = 0;
            bool bad = false;
            for (size_t j = 0; j < S; j++) {
                bad |= !(row[j] >= 0.0 && row[j] <= 1.0); /* NaN fails too */
                sum += row[j];
            }
            if (!bad && fabs(sum - 1.0) <= tol)
                continue;

            char where[96] = "transitions: ", v[32], t[32];
            size_t len = strlen(where);
            if (draw != SIZE_MAX)
                len += (size_t)snprintf(where + len, sizeof where - len, "draw %zu, ", draw);
            if (n_mats > 1)
                snprintf(where + len, sizeof where - len, "cycle %zu, ", c + 1);
            for (size_t j = 0; bad && j < S; j++) {
                if (!(row[j] >= 0.0 && row[j] <= 1.0)) {
                    value__format_shortest(row[j], v, sizeof v);
                    if (isnan(row[j]))
                        return value__fail(VALUE_EINVAL, "%srow %zu, column %zu is NaN", where, i, j);
                    return value__fail(VALUE_EINVAL, "%srow %zu, column %zu is %s, not in [0, 1]", where, i, j, v);
                }
            }
            value__format_shortest(sum, v, sizeof v);
            value__format_shortest(tol, t, sizeof t);
            return value__fail(VALUE_EINVAL, "%srow %zu sums to %s, not 1 (tolerance %s)", where, i, v, t);
        }
    }
    return VALUE_OK;
}

/* Every value finite; `what` names the array, `draw` and the per-cycle
 * layout as for check_probabilities(). */
static int check_rewards(const double *x, size_t S, size_t n_rows, const char *what, size_t draw)
{
    size_t n = n_rows * S;
    for (size_t k = 0; k < n; k++) {
        if (isfinite(x[k]))
            continue;
        char v[32], where[64] = "";
        size_t len = 0;
        if (draw != SIZE_MAX)
            len += (size_t)snprintf(where, sizeof where, "draw %zu, ", draw);
        if (n_rows > 1)
            snprintf(where + len, sizeof where - len, "cycle %zu, ", k / S + 1);
        value__format_double(x[k], v, sizeof v);
        return value__fail(VALUE_EINVAL, "%s: %sstate %zu is %s", what, where, k % S, v);
    }
    return VALUE_OK;
}

/* ---- building a model ---------------------------------------------------------- */

static void set_identity(double *p, size_t S)
{
    memset(p, 0, S * S * sizeof *p);
    for (size_t i = 0; i < S; i++)
        p[i * S + i] = 1.0;
}

/* Constant rewards, the defaults: cost and utility 0, every state alive.
 * The block holds at least 3 S values. */
static void set_default_rewards(value_markov *m)
{
    size_t S = m->n_states;
    m->cost = m->rewards;
    m->utility = m->rewards + S;
    m->alive = m->rewards + 2 * S;
    for (size_t i = 0; i < S; i++) {
        m->cost[i] = 0.0;
        m->utility[i] = 0.0;
        m->alive[i] = 1.0;
    }
    m->rewards_per_cycle = false;
}

int value_markov_new(size_t n_states, value_markov **out)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")))
        return rc;
    if (n_states == 0)
        return value__fail(VALUE_EINVAL, "n_states must be at least 1, got 0");
    if (value__mul_size(value__mul_size(n_states, n_states), sizeof(double)) == SIZE_MAX)
        return value__fail(VALUE_EINVAL, "n_states is too large: %zu", n_states);

    value_markov *m = calloc(1, sizeof *m);
    if (m != NULL) {
        m->initial = calloc(n_states, sizeof *m->initial);
        m->p = malloc(n_states * n_states * sizeof *m->p);
        m->rewards = malloc(3 * n_states * sizeof *m->rewards);
    }
    if (m == NULL || m->initial == NULL || m->p == NULL || m->rewards == NULL) {
        value_markov_free(m);
        return value__fail(VALUE_ENOMEM, "value_markov_new: out of memory for %zu states", n_states);
    }
    m->n_states = n_states;
    m->n_cycles = 1;
    m->cycle_length = 1.0;
    m->discount_first = 1;
    m->correction = VALUE_MARKOV_HALF_CYCLE;
    m->row_tolerance = 1e-9;
    m->threads = 1;
    m->initial[0] = 1.0;
    set_identity(m->p, n_states);
    set_default_rewards(m);
    *out = m;
    return VALUE_OK;
}

void value_markov_free(value_markov *m)
{
    if (m == NULL)
        return;
    free(m->initial);
    free(m->p);
    free(m->rewards);
    free(m->tr);
    free(m);
}

static const char *param_name(int param)
{
    switch (param) {
    case VALUE_MARKOV_CYCLES: return "VALUE_MARKOV_CYCLES";
    case VALUE_MARKOV_CYCLE_LENGTH: return "VALUE_MARKOV_CYCLE_LENGTH";
    case VALUE_MARKOV_DISCOUNT_COSTS: return "VALUE_MARKOV_DISCOUNT_COSTS";
    case VALUE_MARKOV_DISCOUNT_EFFECTS: return "VALUE_MARKOV_DISCOUNT_EFFECTS";
    case VALUE_MARKOV_DISCOUNT_FIRST: return "VALUE_MARKOV_DISCOUNT_FIRST";
    case VALUE_MARKOV_CORRECTION: return "VALUE_MARKOV_CORRECTION";
    case VALUE_MARKOV_ROW_TOLERANCE: return "VALUE_MARKOV_ROW_TOLERANCE";
    case VALUE_MARKOV_THREADS: return "VALUE_MARKOV_THREADS";
    default: return NULL;
    }
}

static int bad_param(int param)
{
    return value__fail(VALUE_EINVAL, "param must be a value_markov_param (1 to 8), got %d", param);
}

/* Check v for a known param; the message names the parameter, its rule
 * and the value. */
static int check_param(int param, double v)
{
    const char *rule = NULL; /* set when v breaks it */
    switch (param) {
    case VALUE_MARKOV_CYCLES:
        if (!(v >= 1 && v <= MAX_CYCLES && v == floor(v)))
            rule = "a whole number from 1 to 10000000";
        break;
    case VALUE_MARKOV_CYCLE_LENGTH:
        if (!(v > 0 && isfinite(v)))
            rule = "> 0 and finite";
        break;
    case VALUE_MARKOV_DISCOUNT_COSTS:
    case VALUE_MARKOV_DISCOUNT_EFFECTS:
        if (!(v > -1 && isfinite(v)))
            rule = "a finite rate greater than -1";
        break;
    case VALUE_MARKOV_DISCOUNT_FIRST:
        if (!(v == 0 || v == 1))
            rule = "0 or 1";
        break;
    case VALUE_MARKOV_CORRECTION:
        if (!(v >= VALUE_MARKOV_START && v <= VALUE_MARKOV_SIMPSON && v == floor(v)))
            rule = "VALUE_MARKOV_START (0), _END (1), _HALF_CYCLE (2), _TRAPEZOID (3) or _SIMPSON (4)";
        break;
    case VALUE_MARKOV_THREADS:
        if (!(v >= 1 && v <= MAX_THREADS && v == floor(v)))
            rule = "a whole number from 1 to 256";
        break;
    default: /* VALUE_MARKOV_ROW_TOLERANCE */
        if (!(v >= 0 && v <= 1e-3))
            rule = "in [0, 0.001]";
        break;
    }
    if (rule == NULL)
        return VALUE_OK;
    char s[32];
    value__format_shortest(v, s, sizeof s);
    return value__fail(VALUE_EINVAL, "%s must be %s, got %s", param_name(param), rule, s);
}

int value_markov_set(value_markov *m, value_markov_param param, double v)
{
    int rc;
    if ((rc = check_model(m)))
        return rc;
    if (param_name((int)param) == NULL)
        return bad_param((int)param);
    if ((rc = check_param((int)param, v)))
        return rc;
    switch (param) {
    case VALUE_MARKOV_CYCLES: {
        size_t T = (size_t)v;
        if (T != m->n_cycles) {
            /* per-cycle inputs no longer fit: back to the defaults.  The
             * buffers are at least as large as constant ones, so this
             * cannot fail. */
            if (m->p_per_cycle) {
                set_identity(m->p, m->n_states);
                m->p_per_cycle = false;
            }
            if (m->rewards_per_cycle)
                set_default_rewards(m);
            m->n_cycles = T;
        }
        break;
    }
    case VALUE_MARKOV_CYCLE_LENGTH: m->cycle_length = v; break;
    case VALUE_MARKOV_DISCOUNT_COSTS: m->rate_costs = v; break;
    case VALUE_MARKOV_DISCOUNT_EFFECTS: m->rate_effects = v; break;
    case VALUE_MARKOV_DISCOUNT_FIRST: m->discount_first = (int)v; break;
    case VALUE_MARKOV_CORRECTION: m->correction = (int)v; break;
    case VALUE_MARKOV_ROW_TOLERANCE: m->row_tolerance = v; break;
    case VALUE_MARKOV_THREADS: m->threads = (size_t)v; break;
    }
    return VALUE_OK;
}

int value_markov_get(const value_markov *m, value_markov_param param, double *out)
{
    int rc;
    if ((rc = check_model(m)) || (rc = value__check_ptr(out, "out")))
        return rc;
    switch (param) {
    case VALUE_MARKOV_CYCLES: *out = (double)m->n_cycles; break;
    case VALUE_MARKOV_CYCLE_LENGTH: *out = m->cycle_length; break;
    case VALUE_MARKOV_DISCOUNT_COSTS: *out = m->rate_costs; break;
    case VALUE_MARKOV_DISCOUNT_EFFECTS: *out = m->rate_effects; break;
    case VALUE_MARKOV_DISCOUNT_FIRST: *out = m->discount_first; break;
    case VALUE_MARKOV_CORRECTION: *out = m->correction; break;
    case VALUE_MARKOV_ROW_TOLERANCE: *out = m->row_tolerance; break;
    case VALUE_MARKOV_THREADS: *out = (double)m->threads; break;
    default: return bad_param((int)param);
    }
    return VALUE_OK;
}

int value_markov_set_initial(value_markov *m, const double *initial, size_t n)
{
    int rc;
    if ((rc = check_model(m)) || (rc = value__check_ptr(initial, "initial")))
        return rc;
    size_t S = m->n_states;
    if (n != S)
        return value__fail(VALUE_EINVAL, "n must be %zu (the model's states), got %zu", S, n);
    double sum = 0;
    for (size_t i = 0; i < S; i++) {
        if (!(initial[i] >= 0.0 && initial[i] <= 1.0)) {
            char v[32];
            value__format_shortest(initial[i], v, sizeof v);
            return value__fail(VALUE_EINVAL, "initial[%zu] is %s, not in [0, 1]", i, v);
        }
        sum += initial[i];
    }
    if (fabs(sum - 1.0) > m->row_tolerance) {
        char v[32], t[32];
        value__format_shortest(sum, v, sizeof v);
        value__format_shortest(m->row_tolerance, t, sizeof t);
        return value__fail(VALUE_EINVAL, "initial sums to %s, not 1 (tolerance %s)", v, t);
    }
    memcpy(m->initial, initial, S * sizeof *initial);
    return VALUE_OK;
}

int value_markov_set_transitions(value_markov *m, const double *p, size_t n)
{
    int rc;
    if ((rc = check_model(m)) || (rc = value__check_ptr(p, "p")))
        return rc;
    size_t S = m->n_states, S2 = S * S, T = m->n_cycles, all = value__mul_size(T, S2);
    bool per_cycle = n != S2;
    if (n != S2 && (T == 1 || n != all))
        return value__fail(VALUE_EINVAL, "n must be S^2 = %zu (constant) or T S^2 = %zu (one matrix per cycle), got %zu",
                           S2, all, n);
    if ((rc = check_probabilities(p, S, per_cycle ? T : 1, m->row_tolerance, SIZE_MAX)))
        return rc;
    double *copy = malloc(n * sizeof *copy);
    if (copy == NULL)
        return value__fail(VALUE_ENOMEM, "value_markov_set_transitions: out of memory for %zu probabilities", n);
    memcpy(copy, p, n * sizeof *copy);
    free(m->p);
    m->p = copy;
    m->p_per_cycle = per_cycle;
    return VALUE_OK;
}

int value_markov_set_state_rewards(value_markov *m, const double *cost, const double *utility, const double *alive,
                                   size_t n)
{
    int rc;
    if ((rc = check_model(m)) || (rc = value__check_ptr(cost, "cost")) || (rc = value__check_ptr(utility, "utility")) ||
        (rc = value__check_ptr(alive, "alive")))
        return rc;
    size_t S = m->n_states, T = m->n_cycles, all = value__mul_size(T, S);
    bool per_cycle = n != S;
    if (n != S && (T == 1 || n != all))
        return value__fail(VALUE_EINVAL, "n must be S = %zu (constant) or T S = %zu (one row per cycle), got %zu", S,
                           all, n);
    size_t rows = per_cycle ? T : 1;
    if ((rc = check_rewards(cost, S, rows, "cost", SIZE_MAX)) ||
        (rc = check_rewards(utility, S, rows, "utility", SIZE_MAX)) ||
        (rc = check_rewards(alive, S, rows, "alive", SIZE_MAX)))
        return rc;
    double *block = value__mul_size(n, 3 * sizeof *block) == SIZE_MAX ? NULL : malloc(3 * n * sizeof *block);
    if (block == NULL)
        return value__fail(VALUE_ENOMEM, "value_markov_set_state_rewards: out of memory for %zu rewards", n);
    memcpy(block, cost, n * sizeof *block);
    memcpy(block + n, utility, n * sizeof *block);
    memcpy(block + 2 * n, alive, n * sizeof *block);
    free(m->rewards);
    m->rewards = block;
    m->cost = block;
    m->utility = block + n;
    m->alive = block + 2 * n;
    m->rewards_per_cycle = per_cycle;
    return VALUE_OK;
}

int value_markov_add_transition_reward(value_markov *m, size_t from, size_t to, double cost, double qalys)
{
    int rc;
    if ((rc = check_model(m)) || (rc = value__check_finite(cost, "cost")) || (rc = value__check_finite(qalys, "qalys")))
        return rc;
    if (from >= m->n_states || to >= m->n_states)
        return value__fail(VALUE_EINVAL, "%s is %zu, but the model has %zu states (0 to %zu)",
                           from >= m->n_states ? "from" : "to", from >= m->n_states ? from : to, m->n_states,
                           m->n_states - 1);
    for (size_t k = 0; k < m->n_tr; k++) {
        transition_reward *r = &m->tr[k];
        if (r->from == from && r->to == to) {
            if (!isfinite(r->cost + cost) || !isfinite(r->qalys + qalys))
                return value__fail(VALUE_ERANGE, "the reward on transition %zu -> %zu overflows", from, to);
            r->cost += cost;
            r->qalys += qalys;
            return VALUE_OK;
        }
    }
    if (m->n_tr == m->cap_tr) {
        size_t cap = m->cap_tr ? 2 * m->cap_tr : 4;
        transition_reward *grown = realloc(m->tr, cap * sizeof *grown);
        if (grown == NULL)
            return value__fail(VALUE_ENOMEM, "value_markov_add_transition_reward: out of memory");
        m->tr = grown;
        m->cap_tr = cap;
    }
    m->tr[m->n_tr++] = (transition_reward){from, to, cost, qalys};
    return VALUE_OK;
}

/* ---- running a model ------------------------------------------------------------ */

/* The correction and discounting folded into per-cycle weights.  Cycle t
 * scores y_t = a m_{t-1} + b m_t: its cost is (y_t . cost_t) state_c[t]
 * and its QALYs and life years (y_t . x_t) state_e[t] (L included).
 * Index 0 is time 0, scored with cycle 1's rewards (nonzero only for the
 * trapezoid and Simpson rules).  Transition rewards of cycle t are
 * discounted by trans_c[t] and trans_e[t] = d_t.
 *
 * With rewards constant over cycles the state totals are W . cost and
 * W' . x, where W = sum_t occ_c[t] m_t and W' = sum_t occ_e[t] m_t are the
 * discounted, corrected occupancies: gathering the weights that fall on
 * m_t (b state_c[t] from cycle t, a state_c[t+1] from cycle t+1) leaves
 * 4 S operations a cycle instead of 9 S + 6 (see cohort_constant()). */
typedef struct plan {
    double a, b;
    double *state_c, *state_e, *trans_c, *trans_e; /* T + 1 each */
    double *occ_c, *occ_e;                         /* T + 1 each */
} plan;

/* Doubles of scratch a plan needs. */
static size_t plan_size(const value_markov *m)
{
    return 6 * (m->n_cycles + 1);
}

static void plan_build(const value_markov *m, double *scratch, plan *pl)
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

    pl->trans_c[0] = pl->trans_e[0] = 0.0;
    for (size_t t = 1; t <= T; t++) {
        double years = ((double)t - shift) * L;
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
        else /* half-cycle */
            pl->a = 0.5, pl->b = 0.5;
        pl->state_c[0] = pl->state_e[0] = 0.0;
        for (size_t t = 1; t <= T; t++) {
            pl->state_c[t] = pl->trans_c[t];
            pl->state_e[t] = pl->trans_e[t] * L;
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

/* The inputs of one run: the model's or a PSA draw's.  A step of 0 means
 * constant over cycles. */
typedef struct inputs {
    const double *p;
    size_t p_step;
    const double *cost, *utility;
    size_t r_step;
} inputs;

static inputs model_inputs(const value_markov *m)
{
    size_t S = m->n_states;
    return (inputs){m->p, m->p_per_cycle ? S * S : 0, m->cost, m->utility, m->rewards_per_cycle ? S : 0};
}

/* The transition rewards of one cycle: sum over the rewarded transitions
 * i -> j of the flow m_{t-1}[i] P_t[i][j] times the cost (rc) and the
 * QALYs (rq), undiscounted. */
static void cycle_flows(const value_markov *m, const double *prev, const double *P, double *rc, double *rq)
{
    const size_t S = m->n_states;
    double c = 0, q = 0;
    for (size_t k = 0; k < m->n_tr; k++) {
        const transition_reward *r = &m->tr[k];
        double flow = prev[r->from] * P[r->from * S + r->to];
        c += flow * r->cost;
        q += flow * r->qalys;
    }
    *rc = c;
    *rq = q;
}

/* Run one cohort on valid inputs.  work holds 2 S doubles; trace, when
 * not NULL, holds (T+1) S and receives m_0..m_T; out_c/q/l, when not NULL,
 * receive the T+1 per-cycle values; tot the three totals (summed in cycle
 * order, so they equal the sums of out_c/q/l). */
static void cohort(const value_markov *m, const plan *pl, const inputs *in, double *work, double *trace, double *out_c,
                   double *out_q, double *out_l, double tot[3])
{
    const size_t S = m->n_states, T = m->n_cycles, a_step = m->rewards_per_cycle ? S : 0;
    const double a = pl->a, b = pl->b;
    double *prev = trace != NULL ? trace : work;
    memcpy(prev, m->initial, S * sizeof *prev);

    /* time 0: only the trapezoid and Simpson rules give it a weight */
    double c = 0, q = 0, l = 0;
    for (size_t s = 0; s < S; s++) {
        c += prev[s] * in->cost[s];
        q += prev[s] * in->utility[s];
        l += prev[s] * m->alive[s];
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

        /* m_t = m_{t-1} P_t, each entry summed over i in order (as
         * the batch kernels do) */
        for (size_t j = 0; j < S; j++) {
            double acc = prev[0] * P[j];
            for (size_t i = 1; i < S; i++)
                acc += prev[i] * P[i * S + j];
            cur[j] = acc;
        }

        const double *ct = in->cost + (t - 1) * in->r_step, *ut = in->utility + (t - 1) * in->r_step,
                     *at = m->alive + (t - 1) * a_step;
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

/* Whether the state rewards are the same every cycle, so that a run's
 * totals come from the occupancies (cohort_constant()). */
static bool rewards_constant(const value_markov *m, const inputs *in)
{
    return in->r_step == 0 && !m->rewards_per_cycle;
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
static void cohort_constant(const value_markov *m, const plan *pl, const inputs *in, double *work, double tot[3])
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
        for (size_t j = 0; j < S; j++) {
            double acc = prev[0] * P[j];
            for (size_t i = 1; i < S; i++)
                acc += prev[i] * P[i * S + j];
            cur[j] = acc;
        }
        for (size_t s = 0; s < S; s++) {
            wc[s] += pl->occ_c[t] * cur[s];
            we[s] += pl->occ_e[t] * cur[s];
            prev[s] = cur[s];
        }
    }
    if (flows && p_constant) {
        for (size_t k = 0; k < m->n_tr; k++) {
            const transition_reward *r = &m->tr[k];
            double p = in->p[r->from * S + r->to];
            rc_tot += (vc[r->from] * p) * r->cost;
            rq_tot += (ve[r->from] * p) * r->qalys;
        }
    }
    double c = 0, q = 0, l = 0;
    for (size_t s = 0; s < S; s++) {
        c += wc[s] * in->cost[s];
        q += we[s] * in->utility[s];
        l += we[s] * m->alive[s];
    }
    tot[0] = c + rc_tot;
    tot[1] = q + rq_tot;
    tot[2] = l;
}

/* Doubles of work a run needs beside its plan. */
static size_t cohort_size(const value_markov *m)
{
    return 6 * m->n_states;
}

/* Scratch for one run: the plan, then the cohort's work, then `extra`. */
static double *alloc_scratch(const value_markov *m, size_t extra, const char *who)
{
    size_t n = plan_size(m) + cohort_size(m);
    double *s = extra > SIZE_MAX / sizeof(double) - n ? NULL : malloc((n + extra) * sizeof *s);
    if (s == NULL)
        value__fail(VALUE_ENOMEM, "%s: out of memory", who);
    return s;
}

/* run, trace and cycle values share this: any of the outputs may be NULL. */
static int run_model(const value_markov *m, double *trace, double *out_c, double *out_q, double *out_l,
                     double tot[3], const char *who)
{
    double *scratch = alloc_scratch(m, 0, who);
    if (scratch == NULL)
        return VALUE_ENOMEM;
    plan pl;
    plan_build(m, scratch, &pl);
    inputs in = model_inputs(m);
    if (trace == NULL && out_c == NULL && rewards_constant(m, &in))
        cohort_constant(m, &pl, &in, scratch + plan_size(m), tot);
    else
        cohort(m, &pl, &in, scratch + plan_size(m), trace, out_c, out_q, out_l, tot);
    free(scratch);
    return VALUE_OK;
}

int value_markov_run(const value_markov *m, double *out_cost, double *out_qalys, double *out_life_years)
{
    int rc;
    if ((rc = check_model(m)) || (rc = value__check_ptr(out_cost, "out_cost")) ||
        (rc = value__check_ptr(out_qalys, "out_qalys")) || (rc = value__check_ptr(out_life_years, "out_life_years")) ||
        (rc = check_runnable(m)))
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
    if ((rc = check_model(m)) || (rc = value__check_ptr(out, "out")) ||
        (rc = value__check_length("out_len", out_len, value__mul_size(m->n_cycles + 1, m->n_states), "(cycles + 1) x states")))
        return rc;
    double tot[3];
    return run_model(m, out, NULL, NULL, NULL, tot, "value_markov_trace");
}

int value_markov_cycle_values(const value_markov *m, double *out_cost, double *out_qalys, double *out_life_years,
                              size_t out_len)
{
    int rc;
    if ((rc = check_model(m)) || (rc = value__check_ptr(out_cost, "out_cost")) ||
        (rc = value__check_ptr(out_qalys, "out_qalys")) || (rc = value__check_ptr(out_life_years, "out_life_years")) ||
        (rc = value__check_length("out_len", out_len, m->n_cycles + 1, "cycles + 1")) || (rc = check_runnable(m)))
        return rc;
    double tot[3];
    return run_model(m, NULL, out_cost, out_qalys, out_life_years, tot, "value_markov_cycle_values");
}

/* The batch path runs several draws side by side: a lane vector holds one
 * value of each, so the draws' independent sums fill the processor's
 * vector lanes and hide one another's latency.  Each lane does exactly
 * cohort()'s (or cohort_constant()'s) operations in their order, and the
 * build is ISO C (no contraction into fused multiply-adds), so a draw's
 * totals are bitwise those of value_markov_run() whatever the lane count,
 * the processor or the number of threads.  Small models with constant
 * transitions and rewards, the usual PSA, have a kernel per S (2 to 8)
 * whose loops unroll and whose cohort stays in registers: 2.2x the
 * general kernel for 5 states.  Two lanes fill an SSE2 register, the
 * x86-64 baseline; where the processor has AVX2 (checked at run time),
 * four lanes fill one of its registers, about twice as fast
 * (bench/bench_markov.py).  Four lanes without AVX2 measured slower than
 * two. */
#define MAX_LANES 8

/* Lane vectors of scratch a kernel needs: P, C, U, then prev and cur
 * (cohort()) or two for indexing and six for the cohort
 * (cohort_constant()). */
static size_t lanes_size(const value_markov *m)
{
    return m->n_states * m->n_states + 10 * m->n_states;
}

/* A kernel runs one block of draws; false: a draw is invalid (nothing run). */
typedef bool kernel_fn(const value_markov *, const plan *, const inputs *, void *, double[3][MAX_LANES]);

#define LANES 2
#define LANES_NAME(x) x##_2
#define LANES_TARGET
#include "markov_lanes.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_AVX2_KERNEL 1
#define LANES 4
#define LANES_NAME(x) x##_4
#define LANES_TARGET __attribute__((target("avx2")))
#include "markov_lanes.h"
#define LANES 8
#define LANES_NAME(x) x##_8
#define LANES_TARGET __attribute__((target("avx512f")))
#include "markov_lanes.h"
#endif

typedef struct kernel {
    kernel_fn *run;                              /* cohort() */
    kernel_fn *(*constant)(size_t, bool);        /* cohort_constant()'s, by S and constant transitions */
    size_t lanes;
} kernel;

/* The widest kernel the processor runs, at most max_lanes wide (0: any). */
static kernel pick_kernel(size_t max_lanes)
{
#ifdef HAVE_AVX2_KERNEL
    bool any = max_lanes == 0;
    if ((any || max_lanes >= 8) && __builtin_cpu_supports("avx512f"))
        return (kernel){cohort_8, constant_for_8, 8};
    if ((any || max_lanes >= 4) && __builtin_cpu_supports("avx2"))
        return (kernel){cohort_4, constant_for_4, 4};
#else
    (void)max_lanes;
#endif
    return (kernel){cohort_2, constant_for_2, 2};
}

void value__markov_cap_lanes(value_markov *m, size_t max_lanes)
{
    m->max_lanes = max_lanes;
}

/* Whether n is K blocks of `one` (constant) or of T `one` (per cycle). */
static int batch_layout(size_t n, size_t K, size_t one, size_t T, const char *n_name, const char *unit,
                        bool *per_cycle)
{
    size_t constant = value__mul_size(K, one), all = value__mul_size(constant, T);
    if (n == constant) {
        *per_cycle = false;
        return VALUE_OK;
    }
    if (T > 1 && n == all) {
        *per_cycle = true;
        return VALUE_OK;
    }
    return value__fail(VALUE_EINVAL, "%s must be K %s = %zu (constant) or K T %s = %zu (per cycle), got %zu", n_name,
                       unit, constant, unit, all, n);
}

/* One thread's share of a batch: draws [first, end). */
typedef struct batch_job {
    const value_markov *m;
    const plan *pl;
    kernel kern;
    const double *transitions, *cost, *utility;
    size_t p_rows, r_rows; /* 1 (constant) or T */
    size_t first, end;
    double *res_c, *res_q, *res_l; /* indexed by draw */
    int status;                    /* VALUE_OK, or why draw bad_draw failed */
    size_t bad_draw;
} batch_job;

static inputs draw_inputs(const batch_job *job, size_t k)
{
    size_t S = job->m->n_states;
    size_t p_block = job->p_rows * S * S, r_block = job->r_rows * S;
    return (inputs){job->transitions + k * p_block, job->p_rows > 1 ? S * S : 0, job->cost + k * r_block,
                    job->utility + k * r_block, job->r_rows > 1 ? S : 0};
}

static int check_draw(const batch_job *job, size_t k)
{
    inputs in = draw_inputs(job, k);
    size_t S = job->m->n_states;
    int rc;
    if ((rc = check_probabilities(in.p, S, job->p_rows, job->m->row_tolerance, k)) ||
        (rc = check_rewards(in.cost, S, job->r_rows, "cost", k)) ||
        (rc = check_rewards(in.utility, S, job->r_rows, "utility", k)))
        return rc;
    return VALUE_OK;
}

/* Validate and run a job's draws, stopping at the first invalid one.  A
 * thread's own error message is lost with it: the caller re-checks the
 * failing draw to write the message in its own thread. */
static void *run_job(void *arg)
{
    batch_job *job = arg;
    size_t L = job->kern.lanes;
    void *work = aligned_alloc(L * sizeof(double), lanes_size(job->m) * L * sizeof(double));
    if (work == NULL) {
        job->status = VALUE_ENOMEM;
        return NULL;
    }
    /* constant rewards and transitions: the kernel checks its block
     * itself, in its vector lanes; otherwise each draw is checked here */
    inputs first = draw_inputs(job, job->first);
    bool constant = rewards_constant(job->m, &first), self_checked = constant && first.p_step == 0;
    kernel_fn *run = constant ? job->kern.constant(job->m->n_states, first.p_step == 0) : job->kern.run;
    for (size_t k0 = job->first; k0 < job->end; k0 += L) {
        /* a short last block repeats its last draw */
        inputs in[MAX_LANES];
        size_t n = job->end - k0 < L ? job->end - k0 : L;
        for (size_t l = 0; l < L; l++)
            in[l] = draw_inputs(job, k0 + (l < n ? l : n - 1));
        double tot[3][MAX_LANES];
        bool ok = true;
        for (size_t l = 0; !self_checked && l < n && ok; l++)
            ok = check_draw(job, k0 + l) == VALUE_OK;
        if (ok)
            ok = run(job->m, job->pl, in, work, tot);
        if (!ok) {
            /* the block's first invalid draw (the kernel's check and
             * check_draw() agree; VALUE_ENUMERIC should they not) */
            job->status = VALUE_ENUMERIC;
            job->bad_draw = k0;
            for (size_t l = 0; l < n; l++)
                if ((job->status = check_draw(job, k0 + l)) != VALUE_OK) {
                    job->bad_draw = k0 + l;
                    break;
                }
            free(work);
            return NULL;
        }
        for (size_t l = 0; l < n; l++) {
            job->res_c[k0 + l] = tot[0][l];
            job->res_q[k0 + l] = tot[1][l];
            job->res_l[k0 + l] = tot[2][l];
        }
    }
    free(work);
    return NULL;
}

/* A thread costs about 100 microseconds to start here: give each at least this
 * many draws (about 250 microseconds of work for a 5-state, 60-cycle model). */
#define DRAWS_PER_THREAD 1024

int value_markov_run_batch(const value_markov *m, const double *transitions, size_t n_transitions, const double *cost,
                           const double *utility, size_t n_rewards, size_t n_draws, double *out_cost,
                           double *out_qalys, double *out_life_years, size_t out_len)
{
    int rc;
    if ((rc = check_model(m)) || (rc = value__check_ptr(transitions, "transitions")) ||
        (rc = value__check_ptr(cost, "cost")) || (rc = value__check_ptr(utility, "utility")) ||
        (rc = value__check_ptr(out_cost, "out_cost")) || (rc = value__check_ptr(out_qalys, "out_qalys")) ||
        (rc = value__check_ptr(out_life_years, "out_life_years")))
        return rc;
    if (n_draws == 0)
        return value__fail(VALUE_EINVAL, "n_draws must be at least 1, got 0");
    size_t S = m->n_states, T = m->n_cycles, K = n_draws;
    bool p_per_cycle, r_per_cycle;
    if ((rc = value__check_length("out_len", out_len, K, "n_draws")) ||
        (rc = batch_layout(n_transitions, K, S * S, T, "n_transitions", "S^2", &p_per_cycle)) ||
        (rc = batch_layout(n_rewards, K, S, T, "n_rewards", "S", &r_per_cycle)) || (rc = check_runnable(m)))
        return rc;

    /* the plan and the results, which reach the outputs only once every
     * draw is valid */
    double *scratch = value__mul_size(K, 3) == SIZE_MAX ? NULL : alloc_scratch(m, 3 * K, "value_markov_run_batch");
    if (scratch == NULL)
        return value__fail(VALUE_ENOMEM, "value_markov_run_batch: out of memory for %zu draws", K);
    plan pl;
    plan_build(m, scratch, &pl);
    double *res_c = scratch + plan_size(m) + cohort_size(m), *res_q = res_c + K, *res_l = res_q + K;

    /* contiguous shares in draw order, so the first failing job holds the
     * first invalid draw */
    kernel kern = pick_kernel(m->max_lanes);
    size_t n_jobs = K / DRAWS_PER_THREAD;
    n_jobs = n_jobs < 1 ? 1 : n_jobs > m->threads ? m->threads : n_jobs;
    batch_job jobs[MAX_THREADS];
    for (size_t j = 0; j < n_jobs; j++)
        jobs[j] = (batch_job){m, &pl, kern, transitions, cost, utility, p_per_cycle ? T : 1, r_per_cycle ? T : 1,
                              K * j / n_jobs, K * (j + 1) / n_jobs, res_c, res_q, res_l, VALUE_OK, 0};
    value__run_jobs(run_job, jobs, sizeof *jobs, n_jobs);

    for (size_t j = 0; j < n_jobs; j++) {
        if (jobs[j].status == VALUE_ENOMEM)
            rc = value__fail(VALUE_ENOMEM, "value_markov_run_batch: out of memory for %zu draws", K);
        else if (jobs[j].status == VALUE_ENUMERIC)
            rc = value__fail(VALUE_ENUMERIC, "value_markov_run_batch: draws from %zu failed the vector check only",
                             jobs[j].bad_draw);
        else if (jobs[j].status != VALUE_OK)
            rc = check_draw(&jobs[j], jobs[j].bad_draw); /* the message, in this thread */
        if (rc != VALUE_OK) {
            free(scratch);
            return rc;
        }
    }
    memcpy(out_cost, res_c, K * sizeof *out_cost);
    memcpy(out_qalys, res_q, K * sizeof *out_qalys);
    memcpy(out_life_years, res_l, K * sizeof *out_life_years);
    free(scratch);
    return VALUE_OK;
}

/* ---- tunnel states --------------------------------------------------------------- */

/* S from n = S^2, or 0 when n is not a square. */
static size_t square_root(size_t n)
{
    size_t r = (size_t)sqrt((double)n);
    for (size_t c = r > 0 ? r - 1 : 1; c <= r + 1; c++)
        if (c > 0 && c <= n / c && c * c == n)
            return c;
    return 0;
}

/* Checks shared by the tunnel functions; *expanded = S + k - 1. */
static int check_tunnel(size_t S, size_t state, size_t k, const void *out, size_t *expanded)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")))
        return rc;
    if (state >= S)
        return value__fail(VALUE_EINVAL, "state is %zu, but there are %zu states (0 to %zu)", state, S, S - 1);
    if (k == 0)
        return value__fail(VALUE_EINVAL, "k must be at least 1, got 0");
    if (k - 1 > SIZE_MAX - S || value__mul_size(S + k - 1, S + k - 1) == SIZE_MAX)
        return value__fail(VALUE_EINVAL, "k is too large: %zu", k);
    *expanded = S + k - 1;
    return VALUE_OK;
}

/* Where original state s goes: the expanded state itself goes to tunnel 1. */
static size_t tunnel_index(size_t s, size_t state, size_t k)
{
    return s <= state ? s : s + k - 1;
}

int value_markov_tunnel_matrix(const double *p, size_t n, size_t state, size_t k, double *out, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")))
        return rc;
    size_t S = square_root(n), E;
    if (S == 0)
        return value__fail(VALUE_EINVAL, "n must be S^2 for some S >= 1, got %zu", n);
    if ((rc = value__check_array(p, n, 1, "p", "n")) || (rc = check_tunnel(S, state, k, out, &E)) ||
        (rc = value__check_length("out_len", out_len, E * E, "(S + k - 1)^2")))
        return rc;
    memset(out, 0, E * E * sizeof *out);
    for (size_t i = 0; i < S; i++) {
        if (i == state)
            continue;
        double *row = out + tunnel_index(i, state, k) * E;
        for (size_t j = 0; j < S; j++)
            row[tunnel_index(j, state, k)] = p[i * S + j];
    }
    /* tunnel i (0-based here) leaves as the state did; staying moves on */
    const double *from = p + state * S;
    for (size_t i = 0; i < k; i++) {
        double *row = out + (state + i) * E;
        for (size_t j = 0; j < S; j++)
            if (j != state)
                row[tunnel_index(j, state, k)] = from[j];
        row[state + (i + 1 < k ? i + 1 : i)] = from[state];
    }
    return VALUE_OK;
}

int value_markov_tunnel_vector(const double *v, size_t n, size_t state, size_t k, int first_only, double *out,
                               size_t out_len)
{
    int rc;
    size_t E;
    if ((rc = value__check_array(v, n, 1, "v", "n")) || (rc = check_tunnel(n, state, k, out, &E)))
        return rc;
    if (first_only != 0 && first_only != 1)
        return value__fail(VALUE_EINVAL, "first_only must be 0 or 1, got %d", first_only);
    if ((rc = value__check_length("out_len", out_len, E, "S + k - 1")))
        return rc;
    for (size_t i = 0; i < n; i++)
        out[tunnel_index(i, state, k)] = v[i];
    for (size_t i = 1; i < k; i++)
        out[state + i] = first_only ? 0.0 : v[state];
    return VALUE_OK;
}
