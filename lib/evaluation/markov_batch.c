/*
 * Markov cohort models, the PSA batch: value_markov_run_batch() runs many
 * draws of a model's transitions and rewards, in vector lanes and on
 * threads.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The batch runs several draws side by side: a lane vector holds one
 * value of each, so the draws' independent sums fill the processor's
 * vector lanes and hide one another's latency.  Each lane does exactly
 * cohort()'s (or cohort_constant()'s) operations in their order
 * (markov_run.c), and the build is ISO C (no contraction into fused
 * multiply-adds), so a draw's totals are bitwise those of
 * value_markov_run() whatever the lane count, the processor or the
 * number of threads.  Small models with constant transitions and
 * rewards, the usual PSA, have a kernel per S (2 to 8) whose loops
 * unroll and whose cohort stays in registers: 2.2x the general kernel
 * for 5 states.  Two lanes fill an SSE2 register, the x86-64 baseline;
 * where the processor has AVX2 (checked at run time), four lanes fill one
 * of its registers, about twice as fast (bench/bench_markov.py).  Four
 * lanes without AVX2 measured slower than two.
 */
#include "markov.h"

#include "core/threads.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LANES 8

/* Lane vectors of scratch a kernel needs: P, C, U, A (life-year
 * weights), then prev and cur (cohort()) or two for indexing and six for
 * the cohort (cohort_constant()). */
static size_t lanes_size(const value_markov *m)
{
    return m->n_states * m->n_states + 11 * m->n_states;
}

/* A kernel runs one block of draws; false: a draw is invalid (nothing run). */
typedef bool kernel_fn(const value_markov *, const value__markov_plan *, const value__markov_inputs *, void *,
                       double[3][MAX_LANES]);

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
    size_t constant = value__mul_size(K, one);
    if (value__markov_layout(n, constant, T, per_cycle))
        return VALUE_OK;
    return value__fail(VALUE_EINVAL, "%s must be K %s = %zu (constant) or K T %s = %zu (per cycle), got %zu", n_name,
                       unit, constant, unit, value__mul_size(constant, T), n);
}

/* One thread's share of a batch: draws [first, end). */
typedef struct batch_job {
    const value_markov *m;
    const value__markov_plan *pl;
    kernel kern;
    const double *transitions, *cost, *utility;
    size_t p_rows, r_rows; /* 1 (constant) or T */
    size_t first, end;
    double *res_c, *res_q, *res_l; /* indexed by draw */
    int status;                    /* VALUE_OK, or why draw bad_draw failed */
    size_t bad_draw;
} batch_job;

/* Draw k's inputs; alive is the model's, or NULL for the default (which
 * run_job() finds from the draw's transitions). */
static value__markov_inputs draw_inputs(const batch_job *job, size_t k)
{
    const value_markov *m = job->m;
    size_t S = m->n_states;
    size_t p_block = job->p_rows * S * S, r_block = job->r_rows * S;
    return (value__markov_inputs){job->transitions + k * p_block, job->p_rows > 1 ? S * S : 0, job->cost + k * r_block,
                                  job->utility + k * r_block, job->r_rows > 1 ? S : 0, m->alive,
                                  m->alive != NULL && m->rewards_per_cycle ? S : 0};
}

static int check_draw(const batch_job *job, size_t k)
{
    value__markov_inputs in = draw_inputs(job, k);
    size_t S = job->m->n_states;
    int rc;
    if ((rc = value__markov_check_probabilities(in.p, "transitions", S, job->p_rows, job->m->row_tolerance, k)) ||
        (rc = value__markov_check_rewards(in.cost, S, job->r_rows, "cost", k)) ||
        (rc = value__markov_check_rewards(in.utility, S, job->r_rows, "utility", k)))
        return rc;
    return VALUE_OK;
}

/* Validate and run a job's draws, stopping at the first invalid one.  A
 * thread's own error message is lost with it: the caller re-checks the
 * failing draw to write the message in its own thread. */
static void *run_job(void *arg)
{
    batch_job *job = arg;
    size_t L = job->kern.lanes, S = job->m->n_states;
    /* the kernel's lanes, then L S default life-year weights */
    double *work = aligned_alloc(L * sizeof(double), (lanes_size(job->m) + S) * L * sizeof(double));
    if (work == NULL) {
        job->status = VALUE_ENOMEM;
        return NULL;
    }
    double *default_alive = work + lanes_size(job->m) * L;
    /* constant rewards and transitions: the kernel checks its block
     * itself, in its vector lanes; otherwise each draw is checked here */
    value__markov_inputs first = draw_inputs(job, job->first);
    bool constant = value__markov_rewards_constant(job->m, &first), self_checked = constant && first.p_step == 0;
    kernel_fn *run = constant ? job->kern.constant(job->m->n_states, first.p_step == 0) : job->kern.run;
    for (size_t k0 = job->first; k0 < job->end; k0 += L) {
        /* a short last block repeats its last draw */
        value__markov_inputs in[MAX_LANES];
        size_t n = job->end - k0 < L ? job->end - k0 : L;
        for (size_t l = 0; l < L; l++) {
            in[l] = draw_inputs(job, k0 + (l < n ? l : n - 1));
            if (in[l].alive == NULL) {
                value__markov_default_alive(in[l].p, S, job->p_rows, default_alive + l * S);
                in[l].alive = default_alive + l * S;
            }
        }
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
    if ((rc = value__markov_check(m)) || (rc = value__check_ptr(transitions, "transitions")) ||
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
        (rc = batch_layout(n_rewards, K, S, T, "n_rewards", "S", &r_per_cycle)) ||
        (rc = value__markov_check_runnable(m)))
        return rc;

    /* the plan and the results, which reach the outputs only once every
     * draw is valid */
    value__markov_plan pl;
    double *scratch =
        value__mul_size(K, 3) == SIZE_MAX ? NULL : value__markov_plan_alloc(m, 3 * K, "value_markov_run_batch", &pl);
    if (scratch == NULL)
        return value__fail(VALUE_ENOMEM, "value_markov_run_batch: out of memory for %zu draws", K);
    double *res_c = scratch + value__markov_plan_size(m), *res_q = res_c + K, *res_l = res_q + K;

    /* contiguous shares in draw order, so the first failing job holds the
     * first invalid draw */
    kernel kern = pick_kernel(m->max_lanes);
    size_t n_jobs = K / DRAWS_PER_THREAD;
    n_jobs = n_jobs < 1 ? 1 : n_jobs > m->threads ? m->threads : n_jobs;
    batch_job jobs[VALUE__MAX_THREADS];
    for (size_t j = 0; j < n_jobs; j++)
        jobs[j] = (batch_job){m, &pl, kern, transitions, cost, utility, p_per_cycle ? T : 1, r_per_cycle ? T : 1,
                              K * j / n_jobs, K * (j + 1) / n_jobs, res_c, res_q, res_l, VALUE_OK, 0};
    value__run_jobs(run_job, jobs, sizeof *jobs, n_jobs);

    for (size_t j = 0; j < n_jobs; j++) {
        if (jobs[j].status == VALUE_ENOMEM)
            rc = value__fail(VALUE_ENOMEM, "value_markov_run_batch: out of memory for %zu draws", K);
        else if (jobs[j].status == VALUE_ENUMERIC)
            rc = value__fail(VALUE_ENUMERIC, "value_markov_run_batch: the draws from draw %zu on failed the vector check only",
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
