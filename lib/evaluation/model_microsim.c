/*
 * Declarative decision models: individual-level microsimulation of the
 * same definition as the cohort.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each person carries a state and the time in it (state_time, 1 in the
 * first cycle of a stay), so history-dependent expressions need no
 * tunnel states.  In cycle t person i moves by one uniform u(seed, i, t)
 * from a counter-based stream (a SplitMix64 hash, Steele, Lea & Flood,
 * OOPSLA 2014, of the seed, the person and the cycle; cycle 0 draws the
 * starting state), taking the first destination whose cumulative
 * probability, in the order of the states, exceeds u.  The same people
 * (the same uniforms) face every strategy, and no result depends on the
 * chunk or the thread a person is run in.  A person's values are counted
 * with the cohort's weights (model_run.c) applied to the indicator of
 * their state, so the mean over people converges to the cohort result.
 */
#include "evaluation/model.h"

#include "core/threads.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK 512

static inline uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* The uniform in [0, 1) of person i in cycle t. */
static inline double uniform(uint64_t key, uint64_t i, uint64_t t)
{
    uint64_t z = mix64(key ^ mix64(i * 0x9e3779b97f4a7c15ULL + t));
    return (double)(z >> 11) * 0x1p-53;
}

typedef struct mjob {
    const value_model *m;
    const value__model_plan *pl;
    const value__model_weights *w;
    uint64_t key;
    size_t p0, p1;
    double *res; /* people x J x 3: cost, effect, life years */
    value__model_err err;
} mjob;

static void fail_at(value__model_err *e, size_t person, size_t j, size_t t, size_t x, int what, size_t to, double v)
{
    if (e->status != VALUE_OK && e->lane <= person)
        return;
    *e = (value__model_err){VALUE_EDOM, person, j, t, x, what, to, v};
}

static inline double val(const value__model_plan *pl, const double *vals, size_t node, size_t n, size_t l)
{
    return pl->lane[node] ? vals[node * n + l] : vals[node * n];
}

/* Run people [p0, p0 + n) of every strategy. */
static int chunk(mjob *jb, double *vals, size_t *state, double *st, double *acc, size_t p0, size_t n)
{
    const value_model *m = jb->m;
    const value__model_plan *pl = jb->pl;
    const value__model_weights *w = jb->w;
    const size_t J = pl->n_strategies, C = pl->n_categories, T = pl->n_cycles, S = pl->n_states;
    const double tol = m->row_tolerance, L = m->cycle_length;
    value__prog *prog = pl->prog;
    int rc;
    value__prog_eval(prog, vals, n, pl->last_node, 0, 0);
    if ((rc = value__prog_eval(prog, vals, n, pl->last_node, VALUE__DEP_LANE, VALUE__DEP_LANE)))
        goto lookup;
    for (size_t j = 0; j < J; j++) {
        const value__model_layout *lay = &pl->lay[j];
        double *a = acc + j * (C + 1) * n;
        memset(a, 0, (C + 1) * n * sizeof *a);
        for (size_t l = 0; l < n; l++) {
            /* the starting state */
            double u = uniform(jb->key, p0 + l, 0), cum = 0;
            size_t s0 = SIZE_MAX, last = SIZE_MAX;
            for (size_t s = 0; s < S; s++) {
                if (lay->initial_node[s] == SIZE_MAX)
                    continue;
                double v = val(pl, vals, lay->initial_node[s], n, l);
                if (!(v >= 0 && v <= 1))
                    fail_at(&jb->err, p0 + l, j, 0, s, VALUE__MODEL_ERR_INITIAL, s, v);
                cum += v;
                last = s;
                if (s0 == SIZE_MAX && u < cum)
                    s0 = s;
            }
            if (!(fabs(cum - 1) <= tol))
                fail_at(&jb->err, p0 + l, j, 0, SIZE_MAX, VALUE__MODEL_ERR_INITIAL_SUM, 0, cum);
            state[j * n + l] = s0 != SIZE_MAX ? s0 : last; /* u above a sum just below 1 */
            st[j * n + l] = 1;
            for (size_t q = 0; q < C; q++)
                if (lay->start_node[q] != SIZE_MAX)
                    a[q * n + l] = val(pl, vals, lay->start_node[q], n, l);
        }
    }
    if (jb->err.status)
        return jb->err.status;
    for (size_t t = 1; t <= T; t++) {
        double tv = (double)t, age = m->start_age + (tv - 1) * L;
        value__prog_set_input(prog, vals, n, pl->in_time, &tv);
        value__prog_set_input(prog, vals, n, pl->in_age, &age);
        if ((rc = value__prog_eval(prog, vals, n, pl->last_node, VALUE__DEP_TIME, VALUE__DEP_LANE | VALUE__DEP_TIME)))
            goto lookup;
        for (size_t j = 0; j < J; j++) {
            const value__model_layout *lay = &pl->lay[j];
            double *a = acc + j * (C + 1) * n;
            size_t *sj = state + j * n;
            double *tj = st + j * n;
            /* rows, values at the start and transition values: at the
             * person's time in the state they are in */
            value__prog_set_input(prog, vals, n, pl->in_state, tj);
            if ((rc = value__prog_eval(prog, vals, n, pl->last_node, VALUE__DEP_STATE,
                                       VALUE__DEP_LANE | VALUE__DEP_TIME | VALUE__DEP_STATE)))
                goto lookup;
            for (size_t l = 0; l < n; l++) {
                size_t s = sj[l], x = lay->first_x[s];
                double u = uniform(jb->key, p0 + l, t), sum = 0, cum = 0;
                bool has_cmp = false;
                for (size_t e = lay->row_start[x]; e < lay->row_start[x + 1]; e++) {
                    if (lay->entries[e].node == SIZE_MAX) {
                        has_cmp = true;
                        continue;
                    }
                    double p = val(pl, vals, lay->entries[e].node, n, l);
                    if (!(p >= 0 && p <= 1))
                        fail_at(&jb->err, p0 + l, j, t, x, VALUE__MODEL_ERR_PROB, lay->entries[e].to, p);
                    sum += p;
                }
                double cmp = 1.0 - sum;
                if (has_cmp ? !(cmp >= -tol) : !(fabs(sum - 1.0) <= tol))
                    fail_at(&jb->err, p0 + l, j, t, x, VALUE__MODEL_ERR_SUM, 0, sum);
                size_t to = SIZE_MAX, lastto = s;
                for (size_t e = lay->row_start[x]; e < lay->row_start[x + 1]; e++) {
                    size_t node = lay->entries[e].node;
                    double p = node == SIZE_MAX ? cmp : val(pl, vals, node, n, l);
                    if (p > 0)
                        lastto = lay->x_state[lay->entries[e].to];
                    cum += p;
                    if (to == SIZE_MAX && u < cum)
                        to = lay->x_state[lay->entries[e].to];
                }
                if (to == SIZE_MAX)
                    to = lastto;
                /* values of the cycle's start */
                for (size_t q = 0; q <= C; q++) {
                    bool cost = q < C && m->categories.v[q].flag == VALUE_MODEL_COST;
                    double al = cost ? w->ac[t] : w->ae[t];
                    if (al == 0)
                        continue;
                    double v;
                    if (q == C)
                        v = m->states.v[s].flag == VALUE_MODEL_DEAD ? 0 : L;
                    else
                        v = lay->value_node[x * C + q] == SIZE_MAX ? 0 : val(pl, vals, lay->value_node[x * C + q], n, l);
                    a[q * n + l] += al * v;
                }
                for (size_t i = 0; i < lay->n_tv; i++) {
                    const value__model_tvalue *tv_ = &lay->tv[i];
                    if (tv_->from != s || tv_->to != to)
                        continue;
                    bool cost = m->categories.v[tv_->cat].flag == VALUE_MODEL_COST;
                    a[tv_->cat * n + l] += val(pl, vals, tv_->node, n, l) * (cost ? w->dc[t] : w->de[t]);
                }
                tj[l] = to == s ? tj[l] + 1 : 1;
                sj[l] = to;
            }
            /* values of the cycle's end: in the new state, at its new time */
            value__prog_set_input(prog, vals, n, pl->in_state, tj);
            if ((rc = value__prog_eval(prog, vals, n, pl->last_node, VALUE__DEP_STATE,
                                       VALUE__DEP_LANE | VALUE__DEP_TIME | VALUE__DEP_STATE)))
                goto lookup;
            for (size_t l = 0; l < n; l++) {
                size_t s = sj[l], x = lay->first_x[s];
                for (size_t q = 0; q <= C; q++) {
                    bool cost = q < C && m->categories.v[q].flag == VALUE_MODEL_COST;
                    double be = cost ? w->bc[t] : w->be[t];
                    if (be == 0)
                        continue;
                    double v;
                    if (q == C)
                        v = m->states.v[s].flag == VALUE_MODEL_DEAD ? 0 : L;
                    else
                        v = lay->value_node[x * C + q] == SIZE_MAX ? 0 : val(pl, vals, lay->value_node[x * C + q], n, l);
                    a[q * n + l] += be * v;
                }
            }
        }
        if (jb->err.status)
            return jb->err.status;
    }
    for (size_t j = 0; j < J; j++) {
        const double *a = acc + j * (C + 1) * n;
        for (size_t l = 0; l < n; l++) {
            double c = 0, e = 0;
            for (size_t q = 0; q < C; q++) {
                if (m->categories.v[q].flag == VALUE_MODEL_COST)
                    c += a[q * n + l];
                else if (m->categories.v[q].flag == VALUE_MODEL_EFFECT)
                    e += a[q * n + l];
            }
            double *r = jb->res + ((p0 + l) * J + j) * 3;
            r[0] = c, r[1] = e, r[2] = a[C * n + l];
            if (!isfinite(c) || !isfinite(e) || !isfinite(r[2]))
                fail_at(&jb->err, p0 + l, j, T, SIZE_MAX, VALUE__MODEL_ERR_VALUE, isfinite(c) ? C : 0,
                        isfinite(c) ? e : c);
        }
    }
    return jb->err.status;
lookup:
    jb->err = (value__model_err){rc, p0, SIZE_MAX, 0, SIZE_MAX, VALUE__MODEL_ERR_LOOKUP, 0, 0};
    return rc;
}

static void *run_mjob(void *arg)
{
    mjob *jb = arg;
    const value__model_plan *pl = jb->pl;
    const size_t J = pl->n_strategies, C = pl->n_categories;
    double *vals = value__model_doubles(value__mul_size(value__prog_size(pl->prog), CHUNK));
    double *acc = value__model_doubles(value__mul_size(J * (C + 1), CHUNK));
    double *st = value__model_doubles(J * CHUNK);
    size_t *state = malloc(J * CHUNK * sizeof *state);
    if (vals == NULL || acc == NULL || st == NULL || state == NULL)
        jb->err = (value__model_err){VALUE_ENOMEM, jb->p0, SIZE_MAX, 0, SIZE_MAX, 0, 0, 0};
    else
        for (size_t p = jb->p0; p < jb->p1; p += CHUNK)
            if (chunk(jb, vals, state, st, acc, p, jb->p1 - p < CHUNK ? jb->p1 - p : CHUNK))
                break;
    free(vals);
    free(acc);
    free(st);
    free(state);
    return NULL;
}

int value_model_microsim(const value_model *m, const char *scenario, uint64_t seed, size_t n_people,
                         double *out_cost, double *out_effect, double *out_life_years, double *out_se_cost,
                         double *out_se_effect, size_t out_len)
{
    int rc;
    value__model_job job = {SIZE_MAX, NULL, NULL, 0, false, true};
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out_cost, "out_cost")) ||
        (rc = value__check_ptr(out_effect, "out_effect")) || (rc = value__check_ptr(out_life_years, "out_life_years")) ||
        (rc = value__check_ptr(out_se_cost, "out_se_cost")) || (rc = value__check_ptr(out_se_effect, "out_se_effect")) ||
        (rc = value__check_length("out_len", out_len, m->strategies.n, "strategies")) ||
        (rc = value__model_find_scenario(m, scenario, &job.scenario)))
        return rc;
    if (n_people == 0)
        return value__fail(VALUE_EINVAL, "n_people is 0, must be >= 1");
    if (n_people > (size_t)1 << 40)
        return value__fail(VALUE_EINVAL, "n_people is %zu, must be at most 2^40", n_people);
    const size_t J = m->strategies.n;
    value__model_plan pl;
    value__model_weights w;
    if ((rc = value__model_weights_build(m, &w)))
        return rc;
    if ((rc = value__model_compile(m, &job, &pl))) {
        value__model_weights_free(&w);
        return rc;
    }
    double *res = value__model_doubles(value__mul_size(value__mul_size(n_people, J), 3));
    if (res == NULL) {
        rc = value__fail(VALUE_ENOMEM, "value_model_microsim: out of memory for %zu people", n_people);
        goto out;
    }
    size_t n_jobs = n_people / 4096;
    n_jobs = n_jobs < 1 ? 1 : n_jobs > m->threads ? m->threads : n_jobs;
    mjob jobs[VALUE__MAX_THREADS];
    uint64_t key = mix64(seed ^ 0x6a09e667f3bcc909ULL);
    for (size_t k = 0; k < n_jobs; k++)
        jobs[k] = (mjob){m, &pl, &w, key, n_people * k / n_jobs, n_people * (k + 1) / n_jobs, res, {0}};
    if (n_jobs == 1)
        run_mjob(&jobs[0]);
    else
        value__run_jobs(run_mjob, jobs, sizeof *jobs, n_jobs);
    const value__model_err *worst = NULL;
    for (size_t k = 0; k < n_jobs; k++)
        if (jobs[k].err.status != VALUE_OK && (worst == NULL || jobs[k].err.lane < worst->lane))
            worst = &jobs[k].err;
    if (worst != NULL) {
        if (worst->status == VALUE_ENOMEM) {
            rc = value__fail(VALUE_ENOMEM, "value_model_microsim: out of memory");
        } else if (worst->what == VALUE__MODEL_ERR_LOOKUP) {
            mjob again = {m, &pl, &w, key, worst->lane, worst->lane + 1, res, {0}};
            run_mjob(&again); /* the program's message, in this thread */
            rc = value__fail_within(worst->status, "value_model_microsim: person %zu: ", worst->lane);
        } else {
            value__model_run r = {m, &pl, &w, NULL, 0, n_people, NULL, NULL, 0, "value_model_microsim", ""};
            rc = value__model_report(&r, worst, "person");
        }
        goto out;
    }
    /* means and standard errors, summed in person order */
    for (size_t j = 0; j < J; j++) {
        double mean[3], ss[2] = {0, 0};
        for (int q = 0; q < 3; q++) {
            value__ksum k = {0, 0};
            for (size_t i = 0; i < n_people; i++)
                value__ksum_add(&k, res[(i * J + j) * 3 + q]);
            mean[q] = value__ksum_get(&k) / (double)n_people;
        }
        for (int q = 0; q < 2; q++)
            for (size_t i = 0; i < n_people; i++) {
                double d = res[(i * J + j) * 3 + q] - mean[q];
                ss[q] += d * d;
            }
        double nn = (double)n_people;
        out_cost[j] = mean[0];
        out_effect[j] = mean[1];
        out_life_years[j] = mean[2];
        out_se_cost[j] = n_people > 1 ? sqrt(ss[0] / (nn - 1) / nn) : 0;
        out_se_effect[j] = n_people > 1 ? sqrt(ss[1] / (nn - 1) / nn) : 0;
    }
out:
    free(res);
    value__model_plan_free(&pl);
    value__model_weights_free(&w);
    return rc;
}
