/*
 * Declarative decision models: compiling a model into one program for
 * all strategies (identical subexpressions shared across them) and the
 * layout of each strategy's states, tunnels included.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which expression gives a parameter its value, for strategy j, first
 * match: (1) j's own expression for it (strategy-specific parameters are
 * part of the model's structure), (2) a value fixed by the run (one-way,
 * two-way and threshold analyses), (3) the scenario's expression,
 * (4) in a PSA, the parameter's draw when it has a distribution, (5) the
 * expression for all strategies.
 */
#include "evaluation/model.h"

#include <stdlib.h>
#include <string.h>

enum { TODO = 0, BUSY = 1, DONE = 2 };

typedef struct ctx {
    const value_model *m;
    const value__model_job *job;
    value__model_plan *plan;
    size_t j;          /* the strategy being compiled */
    size_t *memo;      /* J x P nodes */
    unsigned char *st; /* J x P TODO/BUSY/DONE */
    size_t *sampled_of; /* P: the PSA column of each parameter (SIZE_MAX: none) */
    size_t cycle_len_node;
} ctx;

static const char *param_at(const void *c, size_t k)
{
    const value_model *m = c;
    static const char *const builtin[] = {"model_time", "markov_cycle", "state_time", "age", "cycle_length"};
    if (k < 5)
        return builtin[k];
    return m->params.v[k - 5].name;
}

static const char *table_at(const void *c, size_t k)
{
    return ((const value_model *)c)->tables.v[k].name;
}

static int resolve_param(ctx *c, size_t p, size_t *out);

static int resolve_name(void *vc, const char *name, size_t *out)
{
    ctx *c = vc;
    value__model_plan *pl = c->plan;
    if (strcmp(name, "model_time") == 0 || strcmp(name, "markov_cycle") == 0)
        return *out = pl->in_time, VALUE_OK;
    if (strcmp(name, "age") == 0)
        return *out = pl->in_age, VALUE_OK;
    if (strcmp(name, "state_time") == 0)
        return *out = pl->in_state, VALUE_OK;
    if (strcmp(name, "cycle_length") == 0)
        return *out = c->cycle_len_node, VALUE_OK;
    size_t p = value__model_find(c->m->params.v, c->m->params.n, name);
    if (p == SIZE_MAX) {
        char hint[300];
        return value__fail(VALUE_ENOTFOUND, "unknown parameter '%s'%s", name,
                           value__name_hint(hint, sizeof hint, name, c->m->params.n + 5, param_at, c->m));
    }
    return resolve_param(c, p, out);
}

static int resolve_table(void *vc, const char *name, const value__table **out)
{
    ctx *c = vc;
    for (size_t i = 0; i < c->m->tables.n; i++)
        if (strcmp(c->m->tables.v[i].name, name) == 0) {
            *out = &c->m->tables.v[i].t;
            return VALUE_OK;
        }
    char hint[300];
    return value__fail(VALUE_ENOTFOUND, "unknown table '%s'%s", name,
                       value__name_hint(hint, sizeof hint, name, c->m->tables.n, table_at, c->m));
}

static int compile(ctx *c, const value__expr *e, const char *where, size_t *out)
{
    value__resolver r = {resolve_name, resolve_table, c};
    return value__prog_compile(c->plan->prog, e, &r, where, out);
}

static const char *strategy_name(const ctx *c)
{
    return c->m->strategies.v[c->j].name;
}

static int resolve_param(ctx *c, size_t p, size_t *out)
{
    const value_model *m = c->m;
    size_t P = m->params.n, at = c->j * P + p;
    if (c->st[at] == DONE)
        return *out = c->memo[at], VALUE_OK;
    const char *name = m->params.v[p].name;
    if (c->st[at] == BUSY)
        return value__fail(VALUE_EINVAL, "parameter '%s' depends on itself", name);
    c->st[at] = BUSY;
    int rc;
    size_t node = SIZE_MAX;
    char where[400];
    const value__model_def *d = value__model_def_at(&m->params_e, c->j, p, 0, 0);
    if (d != NULL) {
        snprintf(where, sizeof where, "parameter '%s' of strategy '%s'", name, strategy_name(c));
        rc = compile(c, d->e, where, &node);
        goto done;
    }
    for (size_t k = 0; k < c->job->n_fix; k++)
        if (c->job->fix_param[k] == p) {
            rc = value__prog_const(c->plan->prog, c->job->fix_value[k], &node);
            goto done;
        }
    if (c->job->scenario != SIZE_MAX &&
        (d = value__model_def_at(&m->scenario_e, VALUE__MODEL_ALL, p, 0, c->job->scenario)) != NULL) {
        snprintf(where, sizeof where, "parameter '%s' of scenario '%s'", name, m->scenarios.v[c->job->scenario].name);
        rc = compile(c, d->e, where, &node);
        goto done;
    }
    if (c->job->psa && c->sampled_of[p] != SIZE_MAX) {
        size_t k = c->sampled_of[p];
        if (c->plan->sampled_node[k] == SIZE_MAX &&
            (rc = value__prog_input(c->plan->prog, VALUE__DEP_LANE, &c->plan->sampled_node[k])))
            goto done;
        node = c->plan->sampled_node[k];
        rc = VALUE_OK;
        goto done;
    }
    if ((d = value__model_def_at(&m->params_e, VALUE__MODEL_ALL, p, 0, 0)) != NULL) {
        snprintf(where, sizeof where, "parameter '%s'", name);
        rc = compile(c, d->e, where, &node);
        goto done;
    }
    rc = value__fail(VALUE_EINVAL, "parameter '%s' has no value%s", name,
                     c->sampled_of[p] != SIZE_MAX ? " outside a PSA (it has a distribution but no expression)" : "");
done:
    if (rc == VALUE_OK) {
        c->st[at] = DONE;
        c->memo[at] = node;
        *out = node;
    } else {
        c->st[at] = TODO;
    }
    return rc;
}

/* The definition for strategy j at (a, b, c): j's own, else all's. */
static const value__model_def *def_for(const value__model_defs *d, size_t j, size_t a, size_t b, size_t c)
{
    const value__model_def *x = value__model_def_at(d, j, a, b, c);
    return x != NULL ? x : value__model_def_at(d, VALUE__MODEL_ALL, a, b, c);
}

void value__model_plan_free(value__model_plan *p)
{
    if (p == NULL)
        return;
    value__prog_free(p->prog);
    if (p->lay != NULL)
        for (size_t j = 0; j < p->n_strategies; j++) {
            value__model_layout *l = &p->lay[j];
            free(l->x_state);
            free(l->x_tunnel);
            free(l->first_x);
            free(l->row_start);
            free(l->entries);
            free(l->value_node);
            free(l->tv);
            free(l->initial_node);
            free(l->start_node);
        }
    free(p->lay);
    free(p->sampled_node);
    free(p->lane);
    memset(p, 0, sizeof *p);
}

static void *alloc(size_t n, size_t size)
{
    return n == 0 ? malloc(1) : n > SIZE_MAX / size ? NULL : malloc(n * size);
}

/* The nodes of state s's row, values and transition values for strategy
 * j, compiled; *uses_state: any depends on state_time.  row[k] is the
 * node of the transition to state k (SIZE_MAX: none, complement: CMP). */
#define CMP (SIZE_MAX - 1)
static int compile_state(ctx *c, size_t s, size_t *row, size_t *vals, bool *uses_state)
{
    const value_model *m = c->m;
    const size_t S = m->states.n, C = m->categories.n, j = c->j;
    value__prog *prog = c->plan->prog;
    char where[600];
    int rc;
    bool any = false;
    size_t n_cmp = 0;
    *uses_state = false;
    for (size_t k = 0; k < S; k++) {
        row[k] = SIZE_MAX;
        const value__model_def *d = def_for(&m->trans, j, s, k, 0);
        if (d == NULL)
            continue;
        any = true;
        if (value__expr_is_complement(d->e)) {
            row[k] = CMP;
            n_cmp++;
            continue;
        }
        snprintf(where, sizeof where, "transition '%s' -> '%s' of strategy '%s'", m->states.v[s].name,
                 m->states.v[k].name, strategy_name(c));
        if ((rc = compile(c, d->e, where, &row[k])))
            return rc;
        if (value__prog_deps(prog, row[k]) & VALUE__DEP_STATE)
            *uses_state = true;
    }
    if (n_cmp > 1)
        return value__fail(VALUE_EINVAL, "state '%s' of strategy '%s': %zu transitions are the complement C, at most one may be",
                           m->states.v[s].name, strategy_name(c), n_cmp);
    if (!any) { /* a row with nothing set keeps the cohort */
        if ((rc = value__prog_const(prog, 1.0, &row[s])))
            return rc;
    }
    for (size_t q = 0; q < C; q++) {
        vals[q] = SIZE_MAX;
        const value__model_def *d = def_for(&m->state_values, j, q, s, 0);
        if (d == NULL)
            continue;
        snprintf(where, sizeof where, "value '%s' of state '%s' of strategy '%s'", m->categories.v[q].name,
                 m->states.v[s].name, strategy_name(c));
        if ((rc = compile(c, d->e, where, &vals[q])))
            return rc;
        if (value__prog_deps(prog, vals[q]) & VALUE__DEP_STATE)
            *uses_state = true;
    }
    return VALUE_OK;
}

/* Build strategy j's layout. */
static int layout(ctx *c, value__model_layout *l)
{
    const value_model *m = c->m;
    const size_t S = m->states.n, C = m->categories.n, j = c->j, T = m->n_cycles;
    value__prog *prog = c->plan->prog;
    size_t K = m->tunnel_limit ? m->tunnel_limit : T;
    if (K > T)
        K = T;
    int rc = VALUE_OK;
    size_t *row = alloc(S * S, sizeof *row), *vals = alloc(S * C, sizeof *vals);
    bool *tun = alloc(S, sizeof *tun);
    l->first_x = alloc(S, sizeof *l->first_x);
    l->initial_node = alloc(S, sizeof *l->initial_node);
    l->start_node = alloc(C, sizeof *l->start_node);
    if (row == NULL || vals == NULL || tun == NULL || l->first_x == NULL || l->initial_node == NULL ||
        l->start_node == NULL) {
        rc = value__fail(VALUE_ENOMEM, "value_model: out of memory");
        goto out;
    }
    /* transition values: compile, and note from-states that use state_time */
    size_t n_tv = 0;
    for (size_t i = 0; i < m->trans_values.n; i++)
        n_tv++;
    l->tv = alloc(n_tv, sizeof *l->tv);
    if (l->tv == NULL) {
        rc = value__fail(VALUE_ENOMEM, "value_model: out of memory");
        goto out;
    }
    for (size_t s = 0; s < S; s++) {
        bool uses;
        if ((rc = compile_state(c, s, row + s * S, vals + s * C, &uses)))
            goto out;
        tun[s] = uses && !c->job->microsim;
    }
    l->n_tv = 0;
    for (size_t i = 0; i < m->trans_values.n; i++) {
        const value__model_def *d = &m->trans_values.v[i];
        if (d->strategy != j && d->strategy != VALUE__MODEL_ALL)
            continue;
        if (d->strategy == VALUE__MODEL_ALL && value__model_def_at(&m->trans_values, j, d->a, d->b, d->c) != NULL)
            continue; /* j's own replaces it */
        char where[600];
        snprintf(where, sizeof where, "value '%s' of transition '%s' -> '%s' of strategy '%s'",
                 m->categories.v[d->a].name, m->states.v[d->b].name, m->states.v[d->c].name, strategy_name(c));
        size_t node;
        if ((rc = compile(c, d->e, where, &node)))
            goto out;
        if ((value__prog_deps(prog, node) & VALUE__DEP_STATE) && !c->job->microsim)
            tun[d->b] = true;
        l->tv[l->n_tv++] = (value__model_tvalue){d->a, d->b, d->c, node};
    }
    /* initial shares and start values: evaluated at time 0, so no time */
    bool any_initial = false;
    for (size_t s = 0; s < S; s++) {
        l->initial_node[s] = SIZE_MAX;
        const value__model_def *d = def_for(&m->initial, j, s, 0, 0);
        if (d == NULL)
            continue;
        any_initial = true;
        char where[600];
        snprintf(where, sizeof where, "initial share of state '%s' of strategy '%s'", m->states.v[s].name,
                 strategy_name(c));
        if ((rc = compile(c, d->e, where, &l->initial_node[s])))
            goto out;
        if (value__prog_deps(prog, l->initial_node[s]) & (VALUE__DEP_TIME | VALUE__DEP_STATE)) {
            rc = value__fail(VALUE_EINVAL, "%s: uses model_time, age or state_time, which start at cycle 1", where);
            goto out;
        }
    }
    if (!any_initial && S > 0 && (rc = value__prog_const(prog, 1.0, &l->initial_node[0])))
        goto out;
    for (size_t q = 0; q < C; q++) {
        l->start_node[q] = SIZE_MAX;
        const value__model_def *d = def_for(&m->start_values, j, q, 0, 0);
        if (d == NULL)
            continue;
        char where[600];
        snprintf(where, sizeof where, "start value '%s' of strategy '%s'", m->categories.v[q].name,
                 strategy_name(c));
        if ((rc = compile(c, d->e, where, &l->start_node[q])))
            goto out;
        if (value__prog_deps(prog, l->start_node[q]) & (VALUE__DEP_TIME | VALUE__DEP_STATE)) {
            rc = value__fail(VALUE_EINVAL, "%s: uses model_time, age or state_time, which start at cycle 1", where);
            goto out;
        }
    }
    /* expanded states */
    size_t n_x = 0;
    for (size_t s = 0; s < S; s++) {
        l->first_x[s] = n_x;
        n_x += tun[s] ? K : 1;
    }
    l->n_x = n_x;
    l->x_state = alloc(n_x, sizeof *l->x_state);
    l->x_tunnel = alloc(n_x, sizeof *l->x_tunnel);
    l->row_start = alloc(n_x + 1, sizeof *l->row_start);
    l->value_node = alloc(value__mul_size(n_x, C), sizeof *l->value_node);
    size_t n_e = 0;
    for (size_t s = 0; s < S; s++)
        for (size_t k = 0; k < S; k++)
            n_e += row[s * S + k] != SIZE_MAX ? (tun[s] ? K : 1) : 0;
    l->entries = alloc(n_e, sizeof *l->entries);
    if (l->x_state == NULL || l->x_tunnel == NULL || l->row_start == NULL || l->value_node == NULL ||
        l->entries == NULL) {
        rc = value__fail(VALUE_ENOMEM, "value_model: out of memory");
        goto out;
    }
    size_t e = 0;
    l->row_deps = 0;
    for (size_t s = 0; s < S; s++) {
        size_t nt = tun[s] ? K : 1;
        for (size_t t = 0; t < nt; t++) {
            size_t x = l->first_x[s] + t;
            l->x_state[x] = s;
            l->x_tunnel[x] = tun[s] ? t + 1 : 0;
            l->row_start[x] = e;
            for (size_t k = 0; k < S; k++) {
                size_t node = row[s * S + k];
                if (node == SIZE_MAX)
                    continue;
                /* staying in a tunneled state moves on to the next tunnel;
                 * entering one starts at its first */
                size_t to = k == s && tun[s] ? l->first_x[s] + (t + 1 < nt ? t + 1 : t) : l->first_x[k];
                l->entries[e++] = (value__model_entry){to, node == CMP ? SIZE_MAX : node};
                if (node != CMP)
                    l->row_deps |= value__prog_deps(prog, node);
            }
            for (size_t q = 0; q < C; q++)
                l->value_node[x * C + q] = vals[s * C + q];
        }
        if (tun[s] && K > c->plan->max_tunnel)
            c->plan->max_tunnel = K;
    }
    l->row_start[n_x] = e;
out:
    free(row);
    free(vals);
    free(tun);
    return rc;
}

int value__model_compile(const value_model *m, const value__model_job *job, value__model_plan *out)
{
    const size_t J = m->strategies.n, P = m->params.n, S = m->states.n;
    if (S == 0)
        return value__fail(VALUE_ESTATE, "the model has no states (value_model_add_state)");
    if (J == 0)
        return value__fail(VALUE_ESTATE, "the model has no strategies (value_model_add_strategy)");
    for (size_t j = 0; j < J; j++) {
        bool any = false;
        for (size_t i = 0; i < m->trans.n && !any; i++)
            any = m->trans.v[i].strategy == j || m->trans.v[i].strategy == VALUE__MODEL_ALL;
        if (!any)
            return value__fail(VALUE_ESTATE, "strategy '%s' has no transitions (value_model_set_transition)",
                               m->strategies.v[j].name);
    }
    value__model_plan pl;
    memset(&pl, 0, sizeof pl);
    pl.n_strategies = J;
    pl.n_states = S;
    pl.n_categories = m->categories.n;
    pl.n_cycles = m->n_cycles;
    pl.n_sampled = value__model_n_sampled(m);
    ctx c = {m, job, &pl, 0, NULL, NULL, NULL, 0};
    int rc = VALUE_OK;
    pl.prog = value__prog_new();
    pl.lay = calloc(J, sizeof *pl.lay);
    pl.sampled_node = alloc(pl.n_sampled, sizeof *pl.sampled_node);
    c.memo = alloc(value__mul_size(J, P), sizeof *c.memo);
    c.st = calloc(value__mul_size(J, P) + 1, 1);
    c.sampled_of = alloc(P, sizeof *c.sampled_of);
    if (pl.prog == NULL || pl.lay == NULL || pl.sampled_node == NULL || c.memo == NULL || c.st == NULL ||
        c.sampled_of == NULL) {
        rc = value__fail(VALUE_ENOMEM, "value_model: out of memory");
        goto out;
    }
    for (size_t k = 0; k < pl.n_sampled; k++)
        pl.sampled_node[k] = SIZE_MAX;
    for (size_t p = 0; p < P; p++)
        c.sampled_of[p] = SIZE_MAX;
    for (size_t d = 0, col = 0; d < m->dists.n; d++)
        for (size_t q = 0; q < m->dists.v[d].k; q++)
            c.sampled_of[m->dists.v[d].param[q]] = col++;
    if ((rc = value__prog_input(pl.prog, VALUE__DEP_TIME, &pl.in_time)) ||
        (rc = value__prog_input(pl.prog, VALUE__DEP_TIME, &pl.in_age)) ||
        (rc = value__prog_input(pl.prog, job->microsim ? VALUE__DEP_STATE | VALUE__DEP_LANE : VALUE__DEP_STATE,
                                &pl.in_state)) ||
        (rc = value__prog_const(pl.prog, m->cycle_length, &c.cycle_len_node)))
        goto out;
    for (size_t j = 0; j < J; j++) {
        c.j = j;
        if ((rc = layout(&c, &pl.lay[j])))
            goto out;
    }
    pl.last_node = value__prog_size(pl.prog) - 1;
    if ((pl.lane = malloc(pl.last_node + 1)) == NULL) {
        rc = value__fail(VALUE_ENOMEM, "value_model: out of memory");
        goto out;
    }
    for (size_t i = 0; i <= pl.last_node; i++)
        pl.lane[i] = (value__prog_deps(pl.prog, i) & VALUE__DEP_LANE) != 0;
out:
    free(c.memo);
    free(c.st);
    free(c.sampled_of);
    if (rc) {
        pl.n_strategies = pl.lay != NULL ? J : 0;
        value__model_plan_free(&pl);
        return rc;
    }
    *out = pl;
    return VALUE_OK;
}
