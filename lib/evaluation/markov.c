/*
 * Markov cohort models: building one (states, cycles, discounting,
 * corrections, initial distribution, transitions, state and transition
 * rewards).  Runs are in markov_run.c, the PSA batch in markov_batch.c,
 * tunnel states in markov_tunnel.c; markov.h says what they share.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "markov.h"

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

/* ---- checks of inputs ---------------------------------------------------------- */

static bool is_probability(double x)
{
    return x >= 0.0 && x <= 1.0; /* NaN is not */
}

/* The first of row[0..n) that is not a probability, or n. */
static size_t first_not_probability(const double *row, size_t n)
{
    size_t j = 0;
    while (j < n && is_probability(row[j]))
        j++;
    return j;
}

/* Whether row[0..n) is a distribution: every entry a probability and the
 * sum (in *sum) within tol of 1.  One pass: a batch checks every draw. */
static bool is_distribution(const double *row, size_t n, double tol, double *sum)
{
    double s = 0;
    bool bad = false;
    for (size_t j = 0; j < n; j++) {
        bad |= !is_probability(row[j]);
        s += row[j];
    }
    *sum = s;
    return !bad && fabs(s - 1.0) <= tol;
}

/* Append "draw k, " (draw != SIZE_MAX) and "cycle t, " (cycle != 0) to the
 * message prefix in buf. */
static void append_where(char *buf, size_t size, size_t draw, size_t cycle)
{
    size_t len = strlen(buf);
    if (draw != SIZE_MAX)
        len += (size_t)snprintf(buf + len, size - len, "draw %zu, ", draw);
    if (cycle != 0)
        snprintf(buf + len, size - len, "cycle %zu, ", cycle);
}

int value__markov_check_probabilities(const double *p, const char *name, size_t S, size_t n_mats, double tol,
                                      size_t draw)
{
    for (size_t c = 0; c < n_mats; c++) {
        for (size_t i = 0; i < S; i++) {
            const double *row = p + (c * S + i) * S;
            double sum;
            if (is_distribution(row, S, tol, &sum))
                continue;

            char where[96], v[32], t[32];
            snprintf(where, sizeof where, "%s: ", name);
            append_where(where, sizeof where, draw, n_mats > 1 ? c + 1 : 0);
            size_t j = first_not_probability(row, S);
            if (j < S) {
                if (isnan(row[j]))
                    return value__fail(VALUE_EINVAL, "%srow %zu, column %zu is NaN", where, i, j);
                value__format_shortest(row[j], v, sizeof v);
                return value__fail(VALUE_EINVAL, "%srow %zu, column %zu is %s, not in [0, 1]", where, i, j, v);
            }
            value__format_shortest(sum, v, sizeof v);
            value__format_shortest(tol, t, sizeof t);
            return value__fail(VALUE_EINVAL, "%srow %zu sums to %s, not 1 (tolerance %s)", where, i, v, t);
        }
    }
    return VALUE_OK;
}

int value__markov_check_rewards(const double *x, size_t S, size_t n_rows, const char *what, size_t draw)
{
    size_t n = n_rows * S;
    for (size_t k = 0; k < n; k++) {
        if (isfinite(x[k]))
            continue;
        char v[32], where[64] = "";
        append_where(where, sizeof where, draw, n_rows > 1 ? k / S + 1 : 0);
        value__format_double(x[k], v, sizeof v);
        return value__fail(VALUE_EINVAL, "%s: %sstate %zu is %s", what, where, k % S, v);
    }
    return VALUE_OK;
}

bool value__markov_layout(size_t n, size_t one, size_t T, bool *per_cycle)
{
    *per_cycle = n != one;
    return n == one || (T > 1 && n == value__mul_size(one, T));
}

/* ---- building a model ---------------------------------------------------------- */

void value__markov_default_alive(const double *p, size_t S, size_t n_mats, double *out)
{
    for (size_t i = 0; i < S; i++) {
        bool absorbing = true;
        for (size_t c = 0; c < n_mats && absorbing; c++)
            absorbing = p[(c * S + i) * S + i] == 1.0;
        out[i] = absorbing ? 0.0 : 1.0;
    }
}

/* Constant rewards, the defaults: cost and utility 0, the default
 * life-year weights.  The block holds at least 2 S values. */
static void set_default_rewards(value_markov *m)
{
    size_t S = m->n_states;
    m->cost = m->rewards;
    m->utility = m->rewards + S;
    m->alive = NULL;
    for (size_t i = 0; i < S; i++) {
        m->cost[i] = 0.0;
        m->utility[i] = 0.0;
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
        m->rewards = malloc(2 * n_states * sizeof *m->rewards);
    }
    if (m == NULL || m->initial == NULL || m->rewards == NULL) {
        value_markov_free(m);
        return value__fail(VALUE_ENOMEM, "value_markov_new: out of memory for %zu states", n_states);
    }
    m->n_states = n_states;
    m->n_cycles = 1;
    m->cycle_length = 1.0;
    m->discount_first = 1;
    m->correction = VALUE_MARKOV_LIFE_TABLE;
    m->transition_timing = VALUE_MARKOV_TRANSITION_END;
    m->row_tolerance = 1e-9;
    m->threads = 1;
    m->initial[0] = 1.0;
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
    case VALUE_MARKOV_TRANSITION_TIMING: return "VALUE_MARKOV_TRANSITION_TIMING";
    default: return NULL;
    }
}

static int bad_param(int param)
{
    return value__fail(VALUE_EINVAL, "param must be a value_markov_param (1 to 9), got %d", param);
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
            rule = "VALUE_MARKOV_START (0), _END (1), _LIFE_TABLE (2), _TRAPEZOID (3) or _SIMPSON (4)";
        break;
    case VALUE_MARKOV_TRANSITION_TIMING:
        if (!(v >= VALUE_MARKOV_TRANSITION_END && v <= VALUE_MARKOV_TRANSITION_MID && v == floor(v)))
            rule = "VALUE_MARKOV_TRANSITION_END (0), _START (1) or _MID (2)";
        break;
    case VALUE_MARKOV_THREADS:
        if (!(v >= 1 && v <= VALUE__MAX_THREADS && v == floor(v)))
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
    if ((rc = value__markov_check(m)))
        return rc;
    if (param_name((int)param) == NULL)
        return bad_param((int)param);
    if ((rc = check_param((int)param, v)))
        return rc;
    switch (param) {
    case VALUE_MARKOV_CYCLES: {
        size_t T = (size_t)v;
        if (T != m->n_cycles) {
            /* per-cycle inputs no longer fit: transitions are dropped,
             * rewards go back to the defaults (their block is at least as
             * large as a constant one, so this cannot fail) */
            if (m->p_per_cycle) {
                free(m->p);
                m->p = NULL;
                m->p_per_cycle = false;
                m->p_dropped = true;
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
    case VALUE_MARKOV_TRANSITION_TIMING: m->transition_timing = (int)v; break;
    }
    return VALUE_OK;
}

int value_markov_get(const value_markov *m, value_markov_param param, double *out)
{
    int rc;
    if ((rc = value__markov_check(m)) || (rc = value__check_ptr(out, "out")))
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
    case VALUE_MARKOV_TRANSITION_TIMING: *out = m->transition_timing; break;
    default: return bad_param((int)param);
    }
    return VALUE_OK;
}

int value_markov_set_initial(value_markov *m, const double *initial, size_t n)
{
    int rc;
    if ((rc = value__markov_check(m)) || (rc = value__check_ptr(initial, "initial")))
        return rc;
    size_t S = m->n_states;
    if (n != S)
        return value__fail(VALUE_EINVAL, "n must be %zu (the model's states), got %zu", S, n);
    double sum;
    if (!is_distribution(initial, S, m->row_tolerance, &sum)) {
        char v[32], t[32];
        size_t i = first_not_probability(initial, S);
        if (i < S) {
            value__format_shortest(initial[i], v, sizeof v);
            return value__fail(VALUE_EINVAL, "initial[%zu] is %s, not in [0, 1]", i, v);
        }
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
    if ((rc = value__markov_check(m)) || (rc = value__check_ptr(p, "p")))
        return rc;
    size_t S = m->n_states, S2 = S * S, T = m->n_cycles;
    bool per_cycle;
    if (!value__markov_layout(n, S2, T, &per_cycle))
        return value__fail(VALUE_EINVAL, "n must be S^2 = %zu (constant) or T S^2 = %zu (one matrix per cycle), got %zu",
                           S2, value__mul_size(T, S2), n);
    if ((rc = value__markov_check_probabilities(p, "p", S, per_cycle ? T : 1, m->row_tolerance, SIZE_MAX)))
        return rc;
    double *copy = malloc(n * sizeof *copy);
    if (copy == NULL)
        return value__fail(VALUE_ENOMEM, "value_markov_set_transitions: out of memory for %zu probabilities", n);
    memcpy(copy, p, n * sizeof *copy);
    free(m->p);
    m->p = copy;
    m->p_per_cycle = per_cycle;
    m->p_dropped = false;
    return VALUE_OK;
}

int value_markov_set_state_rewards(value_markov *m, const double *cost, const double *utility, const double *alive,
                                   size_t n)
{
    int rc;
    if ((rc = value__markov_check(m)) || (rc = value__check_ptr(cost, "cost")) ||
        (rc = value__check_ptr(utility, "utility")))
        return rc;
    size_t S = m->n_states, T = m->n_cycles;
    bool per_cycle;
    if (!value__markov_layout(n, S, T, &per_cycle))
        return value__fail(VALUE_EINVAL, "n must be S = %zu (constant) or T S = %zu (one row per cycle), got %zu", S,
                           value__mul_size(T, S), n);
    size_t rows = per_cycle ? T : 1;
    if ((rc = value__markov_check_rewards(cost, S, rows, "cost", SIZE_MAX)) ||
        (rc = value__markov_check_rewards(utility, S, rows, "utility", SIZE_MAX)) ||
        (alive != NULL && (rc = value__markov_check_rewards(alive, S, rows, "alive", SIZE_MAX))))
        return rc;
    size_t arrays = alive != NULL ? 3 : 2;
    double *block = value__mul_size(n, arrays * sizeof *block) == SIZE_MAX ? NULL : malloc(arrays * n * sizeof *block);
    if (block == NULL)
        return value__fail(VALUE_ENOMEM, "value_markov_set_state_rewards: out of memory for %zu rewards", n);
    memcpy(block, cost, n * sizeof *block);
    memcpy(block + n, utility, n * sizeof *block);
    if (alive != NULL)
        memcpy(block + 2 * n, alive, n * sizeof *block);
    free(m->rewards);
    m->rewards = block;
    m->cost = block;
    m->utility = block + n;
    m->alive = alive != NULL ? block + 2 * n : NULL;
    m->rewards_per_cycle = per_cycle;
    return VALUE_OK;
}

int value_markov_add_transition_reward(value_markov *m, size_t from, size_t to, double cost, double qalys)
{
    int rc;
    if ((rc = value__markov_check(m)) || (rc = value__check_finite(cost, "cost")) ||
        (rc = value__check_finite(qalys, "qalys")))
        return rc;
    if (from >= m->n_states || to >= m->n_states)
        return value__fail(VALUE_EINVAL, "%s is %zu, not in [0, %zu) (the model has %zu states)",
                           from >= m->n_states ? "from" : "to", from >= m->n_states ? from : to, m->n_states,
                           m->n_states);
    for (size_t k = 0; k < m->n_tr; k++) {
        value__markov_reward *r = &m->tr[k];
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
        value__markov_reward *grown = realloc(m->tr, cap * sizeof *grown);
        if (grown == NULL)
            return value__fail(VALUE_ENOMEM, "value_markov_add_transition_reward: out of memory");
        m->tr = grown;
        m->cap_tr = cap;
    }
    m->tr[m->n_tr++] = (value__markov_reward){from, to, cost, qalys};
    return VALUE_OK;
}
