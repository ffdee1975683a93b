/*
 * Declarative decision models: cohort runs (base case, scenarios,
 * subgroups, trace, PSA).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run evaluates the compiled program for a chunk of lanes (PSA draws)
 * at once and moves every lane's cohort cycle by cycle, so memory is
 * O(lanes x states), never O(lanes x cycles x states^2).  Each lane does
 * the same operations in the same order whatever the chunk, the thread
 * and the number of threads (the build does not contract into fused
 * multiply-adds), so a draw's results are bitwise those of a run of that
 * draw alone.
 *
 * Cycle t (1..T) counts a value x_t of the occupancies as
 * alpha_t (m_{t-1} . x_t) + beta_t (m_t . x_t): start alpha = d_t, end
 * beta = d_t, life-table both d_t / 2, trapezoid and Simpson beta = w_t D_t
 * and, in cycle 1, alpha = w_0 D_0 (value.h, group "markov").
 */
#include "evaluation/model.h"

#include "core/threads.h"

#include <stdlib.h>
#include <string.h>

/* A loop over lanes: each lane's operations are independent and in a fixed
 * order, so running them in vector registers changes no result; gcc's -O2
 * cost model leaves such loops scalar unless told (configure adds
 * -fopenmp-simd where the compiler has it). */
#if defined(VALUE_OPENMP_SIMD) && !defined(__clang__) /* clang vectorises these itself, and warns
                                                          where a sanitizer's checks stop it */
#define LANES_SIMD _Pragma("omp simd")
#else
#define LANES_SIMD
#endif

/* Lanes a job evaluates together. */
#define CHUNK 128

static int factor(const value_discount *d, double rate, double years, double *out)
{
    if (d != NULL)
        return value_discount_factor(d, years, out);
    *out = exp(-log1p(rate) * years);
    return VALUE_OK;
}

void value__model_weights_free(value__model_weights *w)
{
    free(w->block);
    memset(w, 0, sizeof *w);
}

int value__model_weights_build(const value_model *m, value__model_weights *w)
{
    const size_t T = m->n_cycles;
    const double L = m->cycle_length;
    if (m->method == VALUE_MARKOV_SIMPSON && T % 2 == 1)
        return value__fail(VALUE_EINVAL,
                           "method is simpson but the model has %zu cycles: Simpson's 1/3 rule needs an even number "
                           "of intervals (use %zu cycles, or the trapezoid rule)",
                           T, T + 1);
    double *b = value__model_doubles(6 * (T + 1));
    if (b == NULL)
        return value__fail(VALUE_ENOMEM, "value_model: out of memory");
    w->block = b;
    w->ac = b;
    w->bc = b + (T + 1);
    w->ae = b + 2 * (T + 1);
    w->be = b + 3 * (T + 1);
    w->dc = b + 4 * (T + 1);
    w->de = b + 5 * (T + 1);
    double shift = m->discount_first ? 0.0 : 1.0;
    int rc;
    for (size_t t = 0; t <= T; t++) {
        double dc, de, Dc, De;
        double years = t == 0 ? 0.0 : ((double)t - shift) * L;
        if ((rc = factor(m->disc_costs, m->rate_costs, years, &dc)) ||
            (rc = factor(m->disc_effects, m->rate_effects, years, &de)) ||
            (rc = factor(m->disc_costs, m->rate_costs, (double)t * L, &Dc)) ||
            (rc = factor(m->disc_effects, m->rate_effects, (double)t * L, &De))) {
            value__model_weights_free(w);
            return rc;
        }
        w->dc[t] = t == 0 ? 0.0 : dc;
        w->de[t] = t == 0 ? 0.0 : de;
        w->ac[t] = w->bc[t] = w->ae[t] = w->be[t] = 0.0;
        if (t == 0)
            continue;
        switch (m->method) {
        case VALUE_MARKOV_START:
            w->ac[t] = dc, w->ae[t] = de;
            break;
        case VALUE_MARKOV_END:
            w->bc[t] = dc, w->be[t] = de;
            break;
        case VALUE_MARKOV_TRAPEZOID:
        case VALUE_MARKOV_SIMPSON: {
            double wt, w0;
            if (m->method == VALUE_MARKOV_TRAPEZOID)
                wt = t == T ? 0.5 : 1.0, w0 = 0.5;
            else
                wt = (t == T ? 1.0 : t % 2 == 1 ? 4.0 : 2.0) / 3.0, w0 = 1.0 / 3.0;
            w->bc[t] = wt * Dc;
            w->be[t] = wt * De;
            if (t == 1)
                w->ac[t] = w0, w->ae[t] = w0; /* D_0 = 1 */
            break;
        }
        default: /* life-table */
            w->ac[t] = w->bc[t] = 0.5 * dc;
            w->ae[t] = w->be[t] = 0.5 * de;
        }
    }
    return VALUE_OK;
}

/* ---- one job: lanes [lane0, lane1) in chunks ----------------------------------------- */

/* A value source: a node's values for the chunk (stride 1) or one value (stride 0). */
typedef struct src {
    const double *p;
    size_t stride;
} src;

static inline double at(src s, size_t l)
{
    return s.p[s.stride * l];
}

static void fail_here(value__model_err *e, size_t lane, size_t j, size_t t, size_t x, int what, size_t to, double v)
{
    if (e->status != VALUE_OK && e->lane <= lane)
        return;
    *e = (value__model_err){VALUE_EDOM, lane, j, t, x, what, to, v};
}

/* Everything a chunk needs, allocated once per job. */
typedef struct work {
    double *vals;     /* program values, size x CHUNK */
    double *cohort;   /* per strategy 2 n_x CHUNK (prev, cur) */
    double *scratch;  /* state-time values: per strategy (entries + n_x C) CHUNK */
    double *cmp;      /* per strategy n_x CHUNK complements */
    double *acc;      /* per strategy (C + 1) CHUNK */
    double *tmp;      /* CHUNK */
    size_t *cohort_at, *scratch_at; /* per strategy offsets */
} work;

static void work_free(work *w)
{
    free(w->vals);
    free(w->cohort);
    free(w->scratch);
    free(w->cmp);
    free(w->acc);
    free(w->tmp);
    free(w->cohort_at);
    free(w->scratch_at);
}

static int work_alloc(const value__model_plan *pl, work *w)
{
    const size_t J = pl->n_strategies, C = pl->n_categories;
    memset(w, 0, sizeof *w);
    size_t nc = 0, ns = 0, nx = 0;
    w->cohort_at = malloc((J + 1) * sizeof *w->cohort_at);
    w->scratch_at = malloc((J + 1) * sizeof *w->scratch_at);
    if (w->cohort_at == NULL || w->scratch_at == NULL)
        goto oom;
    for (size_t j = 0; j < J; j++) {
        const value__model_layout *l = &pl->lay[j];
        w->cohort_at[j] = nc;
        w->scratch_at[j] = ns;
        nc += 2 * l->n_x;
        ns += l->row_start[l->n_x] + l->n_x * C;
        nx += l->n_x;
    }
    w->vals = value__model_doubles(value__mul_size(value__prog_size(pl->prog), CHUNK));
    w->cohort = value__model_doubles(value__mul_size(nc, CHUNK));
    w->scratch = value__model_doubles(value__mul_size(ns, CHUNK));
    w->cmp = value__model_doubles(value__mul_size(nx, CHUNK));
    w->acc = value__model_doubles(value__mul_size(J * (C + 1), CHUNK));
    w->tmp = value__model_doubles(CHUNK);
    if (w->vals == NULL || w->cohort == NULL || w->scratch == NULL || w->cmp == NULL || w->acc == NULL ||
        w->tmp == NULL)
        goto oom;
    return VALUE_OK;
oom:
    work_free(w);
    return VALUE_ENOMEM;
}

static src node_src(const value__model_plan *pl, const double *vals, size_t node, size_t n)
{
    return (src){vals + node * n, pl->lane[node]};
}

/* Run lanes [l0, l0 + n) (n <= CHUNK) of the job. */
static int run_chunk(const value__model_run *r, work *w, size_t l0, size_t n, value__model_err *err)
{
    const value_model *m = r->m;
    const value__model_plan *pl = r->plan;
    const value__model_weights *wt = r->w;
    const size_t J = pl->n_strategies, C = pl->n_categories, T = pl->n_cycles, S = pl->n_states;
    const double tol = m->row_tolerance, L = m->cycle_length;
    value__prog *prog = pl->prog;
    int rc;
    double *vals = w->vals;

    /* lane inputs: the PSA columns */
    value__prog_eval(prog, vals, n, pl->last_node, 0, 0);
    for (size_t k = 0; k < pl->n_sampled; k++) {
        if (pl->sampled_node[k] == SIZE_MAX)
            continue;
        for (size_t l = 0; l < n; l++)
            w->tmp[l] = r->draws[(l0 + l) * r->n_sampled + k];
        value__prog_set_input(prog, vals, n, pl->sampled_node[k], w->tmp);
    }
    if ((rc = value__prog_eval(prog, vals, n, pl->last_node, VALUE__DEP_LANE, VALUE__DEP_LANE))) {
        *err = (value__model_err){rc, l0, SIZE_MAX, 0, SIZE_MAX, VALUE__MODEL_ERR_LOOKUP, 0, 0};
        return rc;
    }

    /* time 0: initial shares and start values */
    for (size_t j = 0; j < J; j++) {
        const value__model_layout *lay = &pl->lay[j];
        double *prev = w->cohort + w->cohort_at[j] * n, *acc = w->acc + j * (C + 1) * n;
        memset(prev, 0, 2 * lay->n_x * n * sizeof *prev);
        memset(acc, 0, (C + 1) * n * sizeof *acc);
        for (size_t l = 0; l < n; l++) {
            double sum = 0;
            for (size_t s = 0; s < S; s++) {
                if (lay->initial_node[s] == SIZE_MAX)
                    continue;
                double v = at(node_src(pl, vals, lay->initial_node[s], n), l);
                if (!(v >= 0 && v <= 1))
                    fail_here(err, l0 + l, j, 0, lay->first_x[s], VALUE__MODEL_ERR_INITIAL, s, v);
                prev[lay->first_x[s] * n + l] = v;
                sum += v;
            }
            if (!(fabs(sum - 1) <= tol))
                fail_here(err, l0 + l, j, 0, SIZE_MAX, VALUE__MODEL_ERR_INITIAL_SUM, 0, sum);
            for (size_t q = 0; q < C; q++)
                if (lay->start_node[q] != SIZE_MAX)
                    acc[q * n + l] = at(node_src(pl, vals, lay->start_node[q], n), l);
        }
        if (r->trace != NULL && j == r->trace_strategy)
            for (size_t s = 0; s < S; s++) {
                double v = 0;
                for (size_t x = 0; x < lay->n_x; x++)
                    if (lay->x_state[x] == s)
                        v += prev[x * n];
                r->trace[s] = v;
            }
    }

    for (size_t t = 1; t <= T; t++) {
        double tv = (double)t, age = m->start_age + (tv - 1) * L;
        value__prog_set_input(prog, vals, n, pl->in_time, &tv);
        value__prog_set_input(prog, vals, n, pl->in_age, &age);
        if ((rc = value__prog_eval(prog, vals, n, pl->last_node, VALUE__DEP_TIME,
                                   VALUE__DEP_LANE | VALUE__DEP_TIME))) {
            *err = (value__model_err){rc, l0, SIZE_MAX, t, SIZE_MAX, VALUE__MODEL_ERR_LOOKUP, 0, 0};
            return rc;
        }
        /* values that depend on the time in a state, tunnel by tunnel */
        /* tunnels 1..t hold the cohort during cycle t and 2..t+1 at its
         * end (whose values the end-of-cycle weights read) */
        size_t kmax = pl->max_tunnel < t + 1 ? pl->max_tunnel : t + 1;
        for (size_t k = 1; k <= kmax; k++) {
            double st = (double)k;
            value__prog_set_input(prog, vals, n, pl->in_state, &st);
            if ((rc = value__prog_eval(prog, vals, n, pl->last_node, VALUE__DEP_STATE,
                                       VALUE__DEP_LANE | VALUE__DEP_TIME | VALUE__DEP_STATE))) {
                *err = (value__model_err){rc, l0, SIZE_MAX, t, SIZE_MAX, VALUE__MODEL_ERR_LOOKUP, 0, 0};
                return rc;
            }
            for (size_t j = 0; j < J; j++) {
                const value__model_layout *lay = &pl->lay[j];
                double *sc = w->scratch + w->scratch_at[j] * n;
                for (size_t x = 0; x < lay->n_x; x++) {
                    if (lay->x_tunnel[x] != k)
                        continue;
                    for (size_t e = lay->row_start[x]; e < lay->row_start[x + 1]; e++) {
                        size_t node = lay->entries[e].node;
                        if (node == SIZE_MAX)
                            continue;
                        src s = node_src(pl, vals, node, n);
                        for (size_t l = 0; l < n; l++)
                            sc[e * n + l] = at(s, l);
                    }
                    size_t base = lay->row_start[lay->n_x];
                    for (size_t q = 0; q < C; q++) {
                        size_t node = lay->value_node[x * C + q];
                        if (node == SIZE_MAX)
                            continue;
                        src s = node_src(pl, vals, node, n);
                        for (size_t l = 0; l < n; l++)
                            sc[(base + x * C + q) * n + l] = at(s, l);
                    }
                }
            }
        }
        for (size_t j = 0; j < J; j++) {
            const value__model_layout *lay = &pl->lay[j];
            double *prev = w->cohort + w->cohort_at[j] * n, *cur = prev + lay->n_x * n;
            double *acc = w->acc + j * (C + 1) * n, *cmp = w->cmp;
            const double *sc = w->scratch + w->scratch_at[j] * n;
            const size_t base = lay->row_start[lay->n_x];
            if (r->trace != NULL && j != r->trace_strategy)
                continue; /* a trace needs its strategy only */
            /* the entries' sources this cycle */
#define ENTRY_SRC(x, e)                                                                                      \
    (lay->x_tunnel[x] != 0 ? (src){sc + (e) * n, 1} : node_src(pl, vals, lay->entries[e].node, n))
#define VALUE_SRC(x, q)                                                                                      \
    (lay->x_tunnel[x] != 0 ? (src){sc + (base + (x) * C + (q)) * n, 1}                                       \
                           : node_src(pl, vals, lay->value_node[(x) * C + (q)], n))
            memset(cur, 0, lay->n_x * n * sizeof *cur);
            for (size_t x = 0; x < lay->n_x; x++) {
                if (lay->x_tunnel[x] > t)
                    continue; /* not reachable yet: empty */
                double *cx = cmp + x * n;
                bool has_cmp = false;
                for (size_t l = 0; l < n; l++)
                    cx[l] = 0;
                for (size_t e = lay->row_start[x]; e < lay->row_start[x + 1]; e++) {
                    if (lay->entries[e].node == SIZE_MAX) {
                        has_cmp = true;
                        continue;
                    }
                    /* the checks reduce to one flag, so the loops vectorise; the
                     * lanes at fault are looked for only when it is set */
                    src s = ENTRY_SRC(x, e);
                    bool bad = false;
                    if (s.stride) {
                        int b = 0;
                        const double *sp = s.p;
                        LANES_SIMD
                        for (size_t l = 0; l < n; l++) {
                            b |= !(sp[l] >= 0 && sp[l] <= 1);
                            cx[l] += sp[l];
                        }
                        bad = b;
                    } else {
                        double p = s.p[0];
                        bad = !(p >= 0 && p <= 1);
                        LANES_SIMD
                        for (size_t l = 0; l < n; l++)
                            cx[l] += p;
                    }
                    if (bad)
                        for (size_t l = 0; l < n; l++)
                            if (!(at(s, l) >= 0 && at(s, l) <= 1))
                                fail_here(err, l0 + l, j, t, x, VALUE__MODEL_ERR_PROB, lay->entries[e].to, at(s, l));
                }
                /* cx holds the row's sum; the complement is 1 minus it */
                bool bad = false;
                int b = 0;
                if (has_cmp) {
                    LANES_SIMD
                    for (size_t l = 0; l < n; l++) {
                        double c = 1.0 - cx[l];
                        b |= !(c >= -tol);
                        cx[l] = c;
                    }
                } else {
                    LANES_SIMD
                    for (size_t l = 0; l < n; l++)
                        b |= !(fabs(cx[l] - 1.0) <= tol);
                }
                bad = b;
                if (bad)
                    for (size_t l = 0; l < n; l++) {
                        double sum = has_cmp ? 1.0 - cx[l] : cx[l];
                        if (has_cmp ? !(cx[l] >= -tol) : !(fabs(sum - 1.0) <= tol))
                            fail_here(err, l0 + l, j, t, x, VALUE__MODEL_ERR_SUM, 0, sum);
                    }
                const double *px = prev + x * n;
                for (size_t e = lay->row_start[x]; e < lay->row_start[x + 1]; e++) {
                    double *to = cur + lay->entries[e].to * n;
                    if (lay->entries[e].node == SIZE_MAX) {
                        LANES_SIMD
                        for (size_t l = 0; l < n; l++)
                            to[l] += px[l] * cx[l];
                        continue;
                    }
                    src s = ENTRY_SRC(x, e);
                    const double *sp = s.p;
                    if (s.stride) {
                        LANES_SIMD
                        for (size_t l = 0; l < n; l++)
                            to[l] += px[l] * sp[l];
                    } else {
                        const double p0 = sp[0];
                        LANES_SIMD
                        for (size_t l = 0; l < n; l++)
                            to[l] += px[l] * p0;
                    }
                }
            }
            /* transition values: the flows of this cycle, from prev */
            for (size_t i = 0; i < lay->n_tv; i++) {
                const value__model_tvalue *tv_ = &lay->tv[i];
                bool cost = m->categories.v[tv_->cat].flag == VALUE_MODEL_COST;
                double d = cost ? wt->dc[t] : wt->de[t];
                src v = node_src(pl, vals, tv_->node, n);
                for (size_t x = lay->first_x[tv_->from]; x < lay->n_x && lay->x_state[x] == tv_->from; x++) {
                    if (lay->x_tunnel[x] > t)
                        continue;
                    for (size_t e = lay->row_start[x]; e < lay->row_start[x + 1]; e++) {
                        if (lay->x_state[lay->entries[e].to] != tv_->to)
                            continue;
                        src p = lay->entries[e].node == SIZE_MAX ? (src){cmp + x * n, 1} : ENTRY_SRC(x, e);
                        const double *px = prev + x * n;
                        double *a = acc + tv_->cat * n;
                        for (size_t l = 0; l < n; l++)
                            a[l] += (px[l] * at(p, l)) * at(v, l) * d;
                    }
                }
            }
            /* state values and life years */
            for (size_t q = 0; q <= C; q++) {
                bool cost = q < C && m->categories.v[q].flag == VALUE_MODEL_COST;
                double al = cost ? wt->ac[t] : wt->ae[t], be = cost ? wt->bc[t] : wt->be[t];
                double *a = acc + q * n;
                for (size_t x = 0; x < lay->n_x; x++) {
                    if (lay->x_tunnel[x] > t + 1)
                        continue; /* empty at both ends of the cycle, its values not evaluated */
                    src v;
                    if (q == C) {
                        if (m->states.v[lay->x_state[x]].flag == VALUE_MODEL_DEAD)
                            continue;
                        v = (src){&L, 0};
                    } else {
                        if (lay->value_node[x * C + q] == SIZE_MAX)
                            continue;
                        v = VALUE_SRC(x, q);
                    }
                    const double *px = prev + x * n, *cx = cur + x * n;
                    /* the same operations for every lane; a zero weight's term is
                     * left out (start, end and the rules' cycles after the first) */
                    if (al != 0 && be != 0) {
                        for (size_t l = 0; l < n; l++) {
                            double vx = at(v, l);
                            a[l] += al * (px[l] * vx) + be * (cx[l] * vx);
                        }
                    } else if (v.stride) {
                        const double wgt = al != 0 ? al : be, *ox = al != 0 ? px : cx, *vp = v.p;
                        LANES_SIMD
                        for (size_t l = 0; l < n; l++)
                            a[l] += wgt * (ox[l] * vp[l]);
                    } else {
                        const double wgt = al != 0 ? al : be, *ox = al != 0 ? px : cx, vx = v.p[0];
                        LANES_SIMD
                        for (size_t l = 0; l < n; l++)
                            a[l] += wgt * (ox[l] * vx);
                    }
                }
            }
            if (r->trace != NULL && j == r->trace_strategy)
                for (size_t s = 0; s < S; s++) {
                    double v = 0;
                    for (size_t x = 0; x < lay->n_x; x++)
                        if (lay->x_state[x] == s)
                            v += cur[x * n];
                    r->trace[t * S + s] = v;
                }
            memcpy(prev, cur, lay->n_x * n * sizeof *prev);
        }
    }
    if (err->status != VALUE_OK)
        return err->status;
    for (size_t j = 0; j < J; j++) {
        const double *acc = w->acc + j * (C + 1) * n;
        for (size_t l = 0; l < n; l++)
            for (size_t q = 0; q <= C; q++) {
                double v = acc[q * n + l];
                r->out[((l0 + l) * J + j) * (C + 1) + q] = v;
                if (!isfinite(v))
                    fail_here(err, l0 + l, j, T, SIZE_MAX, VALUE__MODEL_ERR_VALUE, q, v);
            }
    }
    return err->status;
}

typedef struct run_job_t {
    const value__model_run *r;
    size_t lane0, lane1;
    value__model_err err;
} run_job_t;

static void *run_job(void *arg)
{
    run_job_t *jb = arg;
    work w;
    jb->err.status = VALUE_OK;
    if (work_alloc(jb->r->plan, &w)) {
        jb->err = (value__model_err){VALUE_ENOMEM, jb->lane0, SIZE_MAX, 0, SIZE_MAX, 0, 0, 0};
        return NULL;
    }
    for (size_t l = jb->lane0; l < jb->lane1; l += CHUNK) {
        size_t n = jb->lane1 - l < CHUNK ? jb->lane1 - l : CHUNK;
        if (run_chunk(jb->r, &w, l, n, &jb->err))
            break;
    }
    work_free(&w);
    return NULL;
}

/* The message of a failure, in the calling thread. */
int value__model_report(const value__model_run *r, const value__model_err *e, const char *word)
{
    const value_model *m = r->m;
    const value__model_plan *pl = r->plan;
    if (e->status == VALUE_ENOMEM)
        return value__fail(VALUE_ENOMEM, "%s: out of memory", r->who);
    char ctx[600] = "", draw[64] = "";
    if (e->what == VALUE__MODEL_ERR_LOOKUP) /* the program's message, for a chunk of lanes */
        return value__fail_within(e->status, "%s%s, cycle %zu: ", r->who, r->scenario_text, e->cycle);
    if (word != NULL)
        snprintf(draw, sizeof draw, ", %s %zu", word, e->lane);
    const value__model_layout *lay = &pl->lay[e->strategy];
    char state[300] = "";
    if (e->x != SIZE_MAX) {
        const char *sn = m->states.v[lay->x_state[e->x]].name;
        if (lay->x_tunnel[e->x])
            snprintf(state, sizeof state, ", state '%s' (time in state %zu)", sn, lay->x_tunnel[e->x]);
        else
            snprintf(state, sizeof state, ", state '%s'", sn);
    }
    snprintf(ctx, sizeof ctx, "strategy '%s'%s%s", m->strategies.v[e->strategy].name, r->scenario_text, draw);
    char v[40];
    value__format_double(e->value, v, sizeof v);
    switch (e->what) {
    case VALUE__MODEL_ERR_INITIAL:
        return value__fail(VALUE_EDOM, "%s: the initial share of state '%s' is %s, not in [0, 1]", ctx,
                           m->states.v[e->to].name, v);
    case VALUE__MODEL_ERR_INITIAL_SUM:
        return value__fail(VALUE_EDOM, "%s: the initial shares sum to %s, not 1", ctx, v);
    case VALUE__MODEL_ERR_PROB:
        return value__fail(VALUE_EDOM, "%s, cycle %zu%s: the transition to '%s' is %s, not in [0, 1]", ctx, e->cycle,
                           state, m->states.v[lay->x_state[e->to]].name, v);
    case VALUE__MODEL_ERR_SUM:
        return value__fail(VALUE_EDOM, "%s, cycle %zu%s: the row sums to %s, not 1", ctx, e->cycle, state, v);
    default:
        return value__fail(VALUE_EDOM, "%s: the total %s is %s (a value is not finite or overflows)", ctx,
                           e->to < m->categories.n ? m->categories.v[e->to].name : "life years", v);
    }
}

int value__model_execute(const value__model_run *r)
{
    size_t n_jobs = r->n_lanes / 1024;
    size_t threads = r->m->threads;
    n_jobs = n_jobs < 1 ? 1 : n_jobs > threads ? threads : n_jobs;
    run_job_t jobs[VALUE__MAX_THREADS];
    for (size_t k = 0; k < n_jobs; k++)
        jobs[k] = (run_job_t){r, r->n_lanes * k / n_jobs, r->n_lanes * (k + 1) / n_jobs, {0}};
    if (n_jobs == 1)
        run_job(&jobs[0]);
    else
        value__run_jobs(run_job, jobs, sizeof *jobs, n_jobs);
    const value__model_err *worst = NULL;
    for (size_t k = 0; k < n_jobs; k++)
        if (jobs[k].err.status != VALUE_OK && (worst == NULL || jobs[k].err.lane < worst->lane))
            worst = &jobs[k].err;
    if (worst == NULL)
        return VALUE_OK;
    if (worst->what == VALUE__MODEL_ERR_LOOKUP && n_jobs > 1) {
        /* the lookup's message was written in another thread: run the chunk here */
        run_job_t again = {r, worst->lane, worst->lane + CHUNK < r->n_lanes ? worst->lane + CHUNK : r->n_lanes, {0}};
        run_job(&again);
        if (again.err.status != VALUE_OK)
            return value__model_report(r, &again.err, r->draws != NULL ? "draw" : NULL);
    }
    return value__model_report(r, worst, r->draws != NULL ? "draw" : NULL);
}

/* ---- public runs ------------------------------------------------------------------------ */

static const char *scenario_at(const void *ctx, size_t k)
{
    return ((const value_model *)ctx)->scenarios.v[k].name;
}

int value__model_find_scenario(const value_model *m, const char *scenario, size_t *out)
{
    *out = SIZE_MAX;
    if (scenario == NULL)
        return VALUE_OK;
    for (size_t i = 0; i < m->scenarios.n; i++)
        if (strcmp(m->scenarios.v[i].name, scenario) == 0) {
            *out = i;
            return VALUE_OK;
        }
    char hint[300];
    return value__fail(VALUE_ENOTFOUND, "unknown scenario '%s'%s", scenario,
                       value__name_hint(hint, sizeof hint, scenario, m->scenarios.n, scenario_at, m));
}

int value__model_run_lanes(const value_model *m, const value__model_job *job, const char *who, const double *draws,
                           size_t n_lanes, double *res, double *trace, size_t trace_strategy)
{
    value__model_plan pl;
    value__model_weights w;
    int rc;
    if ((rc = value__model_weights_build(m, &w)))
        return rc;
    if ((rc = value__model_compile(m, job, &pl))) {
        value__model_weights_free(&w);
        return rc;
    }
    char scen[300] = "";
    if (job->scenario != SIZE_MAX)
        snprintf(scen, sizeof scen, ", scenario '%s'", m->scenarios.v[job->scenario].name);
    value__model_run r = {m, &pl, &w, draws, pl.n_sampled, n_lanes, res, trace, trace_strategy, who, scen};
    rc = value__model_execute(&r);
    value__model_plan_free(&pl);
    value__model_weights_free(&w);
    return rc;
}

/* Per strategy totals from a lane's results (C + 1 per strategy). */
static void totals(const value_model *m, const double *res, size_t j, double *cost, double *effect, double *ly)
{
    const size_t C = m->categories.n;
    const double *x = res + j * (C + 1);
    double c = 0, e = 0;
    for (size_t q = 0; q < C; q++) {
        if (m->categories.v[q].flag == VALUE_MODEL_COST)
            c += x[q];
        else if (m->categories.v[q].flag == VALUE_MODEL_EFFECT)
            e += x[q];
    }
    *cost = c;
    *effect = e;
    if (ly != NULL)
        *ly = x[C];
}

int value__model_base(const value_model *m, const value__model_job *job, const char *who, double *cost,
                      double *effect, double *ly)
{
    const size_t J = m->strategies.n, C = m->categories.n;
    double *res = value__model_doubles(value__mul_size(J, C + 1));
    if (res == NULL)
        return value__fail(VALUE_ENOMEM, "%s: out of memory", who);
    int rc = value__model_run_lanes(m, job, who, NULL, 1, res, NULL, 0);
    if (rc == VALUE_OK)
        for (size_t j = 0; j < J; j++)
            totals(m, res, j, &cost[j], &effect[j], ly != NULL ? &ly[j] : NULL);
    free(res);
    return rc;
}

int value_model_run(const value_model *m, const char *scenario, double *out_cost, double *out_effect,
                    double *out_life_years, size_t out_len)
{
    int rc;
    value__model_job job = {SIZE_MAX, NULL, NULL, 0, false, false};
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out_cost, "out_cost")) ||
        (rc = value__check_ptr(out_effect, "out_effect")) || (rc = value__check_ptr(out_life_years, "out_life_years")) ||
        (rc = value__check_length("out_len", out_len, m->strategies.n, "strategies")) ||
        (rc = value__model_find_scenario(m, scenario, &job.scenario)))
        return rc;
    const size_t J = m->strategies.n;
    double *t = value__model_doubles(3 * J);
    if (t == NULL)
        return value__fail(VALUE_ENOMEM, "value_model_run: out of memory");
    if ((rc = value__model_base(m, &job, "value_model_run", t, t + J, t + 2 * J)) == VALUE_OK) {
        memcpy(out_cost, t, J * sizeof *t);
        memcpy(out_effect, t + J, J * sizeof *t);
        memcpy(out_life_years, t + 2 * J, J * sizeof *t);
    }
    free(t);
    return rc;
}

int value_model_check(const value_model *m)
{
    int rc = value__check_ptr(m, "m");
    if (rc)
        return rc;
    value__model_job job = {SIZE_MAX, NULL, NULL, 0, false, false};
    const size_t J = m->strategies.n;
    double *t = value__model_doubles(2 * J + 1);
    if (t == NULL)
        return value__fail(VALUE_ENOMEM, "value_model_check: out of memory");
    rc = value__model_base(m, &job, "value_model_check", t, t + J, NULL);
    free(t);
    return rc;
}

int value_model_run_values(const value_model *m, const char *scenario, double *out, size_t out_len)
{
    int rc;
    value__model_job job = {SIZE_MAX, NULL, NULL, 0, false, false};
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out, "out")) ||
        (rc = value__check_length("out_len", out_len, value__mul_size(m->strategies.n, m->categories.n),
                                  "strategies x categories")) ||
        (rc = value__model_find_scenario(m, scenario, &job.scenario)))
        return rc;
    const size_t J = m->strategies.n, C = m->categories.n;
    double *res = value__model_doubles(value__mul_size(J, C + 1));
    if (res == NULL)
        return value__fail(VALUE_ENOMEM, "value_model_run_values: out of memory");
    if ((rc = value__model_run_lanes(m, &job, "value_model_run_values", NULL, 1, res, NULL, 0)) == VALUE_OK)
        for (size_t j = 0; j < J; j++)
            memcpy(out + j * C, res + j * (C + 1), C * sizeof *out);
    free(res);
    return rc;
}

int value_model_trace(const value_model *m, const char *scenario, size_t strategy, double *out, size_t out_len)
{
    int rc;
    value__model_job job = {SIZE_MAX, NULL, NULL, 0, false, false};
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (strategy >= m->strategies.n)
        return value__fail(VALUE_EINVAL, "strategy is %zu, not in [0, %zu)", strategy, m->strategies.n);
    if ((rc = value__check_length("out_len", out_len, value__mul_size(m->n_cycles + 1, m->states.n),
                                  "(cycles + 1) x states")) ||
        (rc = value__model_find_scenario(m, scenario, &job.scenario)))
        return rc;
    const size_t J = m->strategies.n, C = m->categories.n;
    double *res = value__model_doubles(value__mul_size(J, C + 1) + out_len);
    if (res == NULL)
        return value__fail(VALUE_ENOMEM, "value_model_trace: out of memory");
    double *tr = res + J * (C + 1);
    if ((rc = value__model_run_lanes(m, &job, "value_model_trace", NULL, 1, res, tr, strategy)) == VALUE_OK)
        memcpy(out, tr, out_len * sizeof *out);
    free(res);
    return rc;
}

int value_model_run_subgroups(const value_model *m, double *out_cost, double *out_effect, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out_cost, "out_cost")) ||
        (rc = value__check_ptr(out_effect, "out_effect")))
        return rc;
    size_t G = 0;
    double wsum = 0;
    for (size_t i = 0; i < m->scenarios.n; i++)
        if (m->scenarios.v[i].weight > 0)
            G++, wsum += m->scenarios.v[i].weight;
    if (G == 0)
        return value__fail(VALUE_ESTATE, "no scenario has a weight (value_model_set_weight): no subgroups to run");
    const size_t J = m->strategies.n;
    if ((rc = value__check_length("out_len", out_len, value__mul_size(G + 1, J), "(subgroups + 1) x strategies")))
        return rc;
    double *c = value__model_doubles(2 * out_len);
    if (c == NULL)
        return value__fail(VALUE_ENOMEM, "value_model_run_subgroups: out of memory");
    double *e = c + out_len;
    for (size_t j = 0; j < J; j++)
        c[G * J + j] = e[G * J + j] = 0;
    for (size_t i = 0, g = 0; i < m->scenarios.n; i++) {
        double wg = m->scenarios.v[i].weight;
        if (!(wg > 0))
            continue;
        value__model_job job = {i, NULL, NULL, 0, false, false};
        if ((rc = value__model_base(m, &job, "value_model_run_subgroups", c + g * J, e + g * J, NULL))) {
            free(c);
            return rc;
        }
        for (size_t j = 0; j < J; j++) {
            c[G * J + j] += wg / wsum * c[g * J + j];
            e[G * J + j] += wg / wsum * e[g * J + j];
        }
        g++;
    }
    for (size_t j = 0; j < J; j++)
        if (!isfinite(c[G * J + j]) || !isfinite(e[G * J + j])) {
            free(c);
            return value__fail(VALUE_ERANGE, "value_model_run_subgroups: the weighted mean of strategy '%s' overflows",
                               m->strategies.v[j].name);
        }
    memcpy(out_cost, c, out_len * sizeof *c);
    memcpy(out_effect, e, out_len * sizeof *e);
    free(c);
    return VALUE_OK;
}

/* The PSA's sampler: the model's distributions in column order. */
int value__model_sampler(const value_model *m, value_sampler **out)
{
    value_sampler *s;
    int rc = value_sampler_new(&s);
    if (rc)
        return rc;
    size_t col, *first = malloc((m->dists.n + 1) * sizeof *first);
    const char **names = NULL;
    if (first == NULL) {
        value_sampler_free(s);
        return value__fail(VALUE_ENOMEM, "value_model_psa: out of memory");
    }
    for (size_t d = 0; d < m->dists.n && rc == VALUE_OK; d++) {
        const value__model_dist *x = &m->dists.v[d];
        free(names);
        names = malloc(x->k * sizeof *names);
        if (names == NULL) {
            rc = value__fail(VALUE_ENOMEM, "value_model_psa: out of memory");
            break;
        }
        for (size_t q = 0; q < x->k; q++)
            names[q] = m->params.v[x->param[q]].name;
        if (x->block == VALUE__MODEL_UNIVARIATE)
            rc = value_sampler_add(s, names[0], (value_sampler_dist)x->kind, x->arg[0], x->arg[1], x->arg[2],
                                   x->arg[3], &col);
        else if (x->block == VALUE__MODEL_MVNORMAL)
            rc = value_sampler_add_mvnormal(s, names, x->mean, x->cov, x->k, &col);
        else
            rc = value_sampler_add_dirichlet(s, names[0], x->mean, x->k, &col);
        first[d] = col;
    }
    free(names);
    for (size_t i = 0; i < m->corrs.n && rc == VALUE_OK; i++) {
        size_t a = SIZE_MAX, b = SIZE_MAX;
        for (size_t d = 0; d < m->dists.n; d++)
            if (m->dists.v[d].block == VALUE__MODEL_UNIVARIATE) {
                if (m->dists.v[d].param[0] == m->corrs.v[i].a)
                    a = first[d];
                if (m->dists.v[d].param[0] == m->corrs.v[i].b)
                    b = first[d];
            }
        if (a == SIZE_MAX || b == SIZE_MAX)
            rc = value__fail(VALUE_ESTATE, "a correlated parameter ('%s' or '%s') lost its univariate distribution",
                             m->params.v[m->corrs.v[i].a].name, m->params.v[m->corrs.v[i].b].name);
        else
            rc = value_sampler_set_correlation(s, a, b, m->corrs.v[i].rho);
    }
    if (rc == VALUE_OK)
        rc = value_sampler_set_threads(s, m->threads);
    free(first);
    if (rc) {
        value_sampler_free(s);
        return rc;
    }
    *out = s;
    return VALUE_OK;
}

int value_model_psa(const value_model *m, const char *scenario, uint64_t seed, size_t n_draws, double *out_cost,
                    double *out_effect, size_t out_len, double *out_draws, size_t draws_len)
{
    int rc;
    value__model_job job = {SIZE_MAX, NULL, NULL, 0, true, false};
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out_cost, "out_cost")) ||
        (rc = value__check_ptr(out_effect, "out_effect")))
        return rc;
    if (n_draws == 0)
        return value__fail(VALUE_EINVAL, "n_draws is 0, must be >= 1");
    const size_t J = m->strategies.n, C = m->categories.n, P = value__model_n_sampled(m);
    if ((rc = value__check_length("out_len", out_len, value__mul_size(n_draws, J), "n_draws x strategies")) ||
        (out_draws != NULL &&
         (rc = value__check_length("draws_len", draws_len, value__mul_size(n_draws, P), "n_draws x sampled"))) ||
        (rc = value__model_find_scenario(m, scenario, &job.scenario)))
        return rc;
    if (out_draws == NULL && draws_len != 0)
        return value__fail(VALUE_EINVAL, "draws_len is %zu with out_draws NULL, must be 0", draws_len);
    if (P == 0)
        return value__fail(VALUE_ESTATE, "no parameter has a distribution (value_model_set_distribution): nothing to sample");
    value_sampler *s;
    if ((rc = value__model_sampler(m, &s)))
        return rc;
    double *draws = value__model_doubles(value__mul_size(n_draws, P));
    double *res = value__model_doubles(value__mul_size(value__mul_size(n_draws, J), C + 1));
    if (draws == NULL || res == NULL) {
        rc = value__fail(VALUE_ENOMEM, "value_model_psa: out of memory for %zu draws", n_draws);
        goto out;
    }
    if ((rc = value_sampler_draw(s, seed, n_draws, draws, n_draws * P)))
        goto out;
    if ((rc = value__model_run_lanes(m, &job, "value_model_psa", draws, n_draws, res, NULL, 0)))
        goto out;
    for (size_t i = 0; i < n_draws; i++)
        for (size_t j = 0; j < J; j++)
            totals(m, res + i * J * (C + 1), j, &out_cost[i * J + j], &out_effect[i * J + j], NULL);
    if (out_draws != NULL)
        memcpy(out_draws, draws, n_draws * P * sizeof *draws);
out:
    value_sampler_free(s);
    free(draws);
    free(res);
    return rc;
}
