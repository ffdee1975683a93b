/*
 * The markov module's internal header: the model's layout and what the
 * module's files share.  Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * markov.c builds a model; markov_run.c runs it (run, trace, cycle
 * values); markov_batch.c runs PSA draws in vector lanes, on threads;
 * markov_tunnel.c expands tunnel states.
 *
 * In messages, cycles count from 1 (cycle t uses P_t, as in value.h);
 * states, rows, columns and draws are 0-based indices, like the arrays.
 */
#ifndef VALUE_MARKOV_H
#define VALUE_MARKOV_H

#include "core/internal.h"

#include <stdbool.h>
#include <stddef.h>

/* A reward on the transition from -> to. */
typedef struct value__markov_reward {
    size_t from, to;
    double cost, qalys;
} value__markov_reward;

struct value_markov {
    size_t n_states;       /* S */
    size_t n_cycles;       /* T */
    double cycle_length;   /* L, years */
    double rate_costs, rate_effects;
    int discount_first;    /* 1: exponent t, 0: exponent t-1 */
    int correction;        /* value_markov_correction */
    int transition_timing; /* value_markov_transition_timing */
    double row_tolerance;
    size_t threads;        /* for run_batch */
    size_t max_lanes;      /* run_batch's kernel, at most this wide (0: any) */

    double *initial;       /* S */
    double *p;             /* S^2, or T S^2 when p_per_cycle; NULL: never set (runs fail) */
    bool p_per_cycle;
    bool p_dropped;        /* p is NULL because changing T dropped per-cycle ones */
    double *rewards;       /* the block that holds cost, utility and (when given) alive */
    double *cost, *utility; /* S each, or T S when rewards_per_cycle */
    double *alive;         /* as cost; NULL: the default, from the transitions of each run */
    bool rewards_per_cycle;
    value__markov_reward *tr;
    size_t n_tr, cap_tr;
};

static inline int value__markov_check(const value_markov *m)
{
    return value__check_ptr(m, "m");
}

/* ---- checks of inputs (markov.c) --------------------------------------- */

/* Check n_mats row-major S x S matrices one after another: every entry in
 * [0, 1] and every row summing to 1 within tol.  `name` is the argument's
 * name, for the message; `draw` is the PSA draw (SIZE_MAX: none); cycles
 * are named only when there is more than one matrix. */
int value__markov_check_probabilities(const double *p, const char *name, size_t S, size_t n_mats, double tol,
                                      size_t draw);

/* Every value of n_rows rows of S finite; `what` names the array, `draw`
 * and the rows (cycles) as for value__markov_check_probabilities(). */
int value__markov_check_rewards(const double *x, size_t S, size_t n_rows, const char *what, size_t draw);

/* Whether n values are `one` block, constant over T cycles (*per_cycle
 * false), or one block a cycle (true, only when T > 1); false: neither. */
bool value__markov_layout(size_t n, size_t one, size_t T, bool *per_cycle);

/* ---- runs (markov_run.c) ------------------------------------------------ */

/* VALUE_OK when the model's settings allow a run (Simpson needs an even
 * T); runs of the model's own transitions also need them set
 * (value__markov_check_transitions). */
int value__markov_check_runnable(const value_markov *m);
int value__markov_check_transitions(const value_markov *m, const char *who);

/* The default life-year weights (m->alive NULL) for the n_mats S x S
 * matrices p: out[i] = 0 when P_ii = 1 in every matrix, else 1. */
void value__markov_default_alive(const double *p, size_t S, size_t n_mats, double *out);

/* The correction and discounting folded into per-cycle weights.  Cycle t
 * scores y_t = a m_{t-1} + b m_t: its cost is (y_t . cost_t) state_c[t]
 * and its QALYs and life years (y_t . x_t) state_e[t] (L included).
 * Index 0 is time 0, scored with cycle 1's rewards (nonzero only for the
 * trapezoid and Simpson rules).  Transition rewards of cycle t are
 * discounted by trans_c[t] and trans_e[t], the delta_t of the transition
 * timing (value.h).
 *
 * With rewards constant over cycles the state totals are W . cost and
 * W' . x, where W = sum_t occ_c[t] m_t and W' = sum_t occ_e[t] m_t are the
 * discounted, corrected occupancies: gathering the weights that fall on
 * m_t (b state_c[t] from cycle t, a state_c[t+1] from cycle t+1) leaves
 * 4 S operations a cycle instead of 9 S + 6 (see markov_run.c,
 * cohort_constant()). */
typedef struct value__markov_plan {
    double a, b;
    double *state_c, *state_e, *trans_c, *trans_e; /* T + 1 each */
    double *occ_c, *occ_e;                         /* T + 1 each */
} value__markov_plan;

/* Doubles a plan takes. */
static inline size_t value__markov_plan_size(const value_markov *m)
{
    return 6 * (m->n_cycles + 1);
}

/* A block of value__markov_plan_size(m) + extra doubles whose start holds
 * m's plan, built into *pl; the caller's `extra` follow and the caller
 * frees the block.  NULL when out of memory (the message names who). */
double *value__markov_plan_alloc(const value_markov *m, size_t extra, const char *who, value__markov_plan *pl);

/* The inputs of one run: the model's or a PSA draw's.  A step of 0 means
 * constant over cycles.  alive is the model's weights or the default found
 * from p (a_step 0). */
typedef struct value__markov_inputs {
    const double *p;
    size_t p_step;
    const double *cost, *utility;
    size_t r_step;
    const double *alive;
    size_t a_step;
} value__markov_inputs;

/* Whether the state rewards are the same every cycle, so that a run's
 * totals come from the occupancies (markov_run.c, cohort_constant()). */
static inline bool value__markov_rewards_constant(const value_markov *m, const value__markov_inputs *in)
{
    return in->r_step == 0 && !m->rewards_per_cycle;
}

/* ---- the batch (markov_batch.c) ----------------------------------------- */

/* Tests only: cap the lanes value_markov_run_batch() runs side by side at
 * max_lanes (2, 4 or 8; 0 = no cap), so that each of its kernels can be
 * checked on a processor that would pick a wider one. */
void value__markov_cap_lanes(value_markov *m, size_t max_lanes);

#endif
