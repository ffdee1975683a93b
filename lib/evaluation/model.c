/*
 * Declarative decision models: building one (value.h, group "model").
 * Every setter checks all of its arguments before it changes anything, so
 * a failed call leaves the model as it was.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "evaluation/model.h"
#include "evaluation/discount.h"

#include <stdlib.h>
#include <string.h>

/* Grow a VALUE__MODEL_VEC to hold one more element. */
static int vec_reserve(void **v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return VALUE_OK;
    size_t want = *cap ? 2 * *cap : 8;
    void *p = want > SIZE_MAX / size ? NULL : realloc(*v, want * size);
    if (p == NULL)
        return value__fail(VALUE_ENOMEM, "value_model: out of memory");
    *v = p;
    *cap = want;
    return VALUE_OK;
}
#define RESERVE(vec) vec_reserve((void **)&(vec).v, &(vec).cap, (vec).n, sizeof *(vec).v)

static const char *const BUILTINS[] = {"model_time", "markov_cycle", "state_time", "age", "cycle_length", "C"};

bool value__model_builtin(const char *name)
{
    for (size_t i = 0; i < sizeof BUILTINS / sizeof *BUILTINS; i++)
        if (strcmp(name, BUILTINS[i]) == 0)
            return true;
    return false;
}

size_t value__model_find(const value__model_named *v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].name, name) == 0)
            return i;
    return SIZE_MAX;
}

const value__model_def *value__model_def_at(const value__model_defs *d, size_t strategy, size_t a, size_t b, size_t c)
{
    for (size_t i = 0; i < d->n; i++) {
        const value__model_def *x = &d->v[i];
        if (x->strategy == strategy && x->a == a && x->b == b && x->c == c)
            return x;
    }
    return NULL;
}

/* A name usable for a state, strategy, category, parameter or table. */
static int check_name(const char *name, const char *arg)
{
    int rc = value__check_ptr(name, arg);
    if (rc)
        return rc;
    size_t n = strlen(name);
    bool ok = n > 0 && n <= 256 && ((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
    for (size_t i = 1; ok && i < n; i++) {
        char ch = name[i];
        ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.';
    }
    if (!ok)
        return value__fail(VALUE_EINVAL,
                           "%s '%.64s' is not a name (a letter or '_', then letters, digits, '_' or '.'; at most 256)",
                           arg, name);
    return VALUE_OK;
}

static const char *named_at(const void *ctx, size_t k)
{
    return ((const value__model_named *)ctx)[k].name;
}

/* The index of `name` among v (what says what they are: "state"), or an
 * error "unknown state 'x' (did you mean 'X'?)". */
static int lookup(const value__model_named *v, size_t n, const char *name, const char *arg, const char *what,
                  size_t *out)
{
    int rc = value__check_ptr(name, arg);
    if (rc)
        return rc;
    size_t i = value__model_find(v, n, name);
    if (i == SIZE_MAX) {
        char hint[256];
        return value__fail(VALUE_ENOTFOUND, "unknown %s '%.64s'%s", what, name,
                           value__name_hint(hint, sizeof hint, name, n, named_at, v));
    }
    *out = i;
    return VALUE_OK;
}

/* A strategy name, or NULL for all. */
static int lookup_strategy(const value_model *m, const char *strategy, size_t *out)
{
    if (strategy == NULL) {
        *out = VALUE__MODEL_ALL;
        return VALUE_OK;
    }
    return lookup(m->strategies.v, m->strategies.n, strategy, "strategy", "strategy", out);
}

static int add_named(value_model *m, void *vec_, const char *name, int flag, const char *arg)
{
    VALUE__MODEL_VEC(value__model_named) *vec = vec_;
    int rc = value__check_ptr(name, "name");
    if (rc == VALUE_OK)
        rc = check_name(name, arg);
    if (rc)
        return rc;
    /* states, strategies and categories are not names in expressions, so
     * only parameters and tables avoid the built-in names */
    if (value__model_find(vec->v, vec->n, name) != SIZE_MAX)
        return value__fail(VALUE_EINVAL, "%s '%s' is already defined", arg, name);
    (void)m;
    if ((rc = RESERVE(*vec)))
        return rc;
    char *copy = value__strdup(name);
    if (copy == NULL)
        return value__fail(VALUE_ENOMEM, "value_model: out of memory");
    vec->v[vec->n++] = (value__model_named){copy, flag};
    return VALUE_OK;
}

int value_model_new(value_model **out)
{
    int rc = value__check_ptr(out, "out");
    if (rc)
        return rc;
    value_model *m = calloc(1, sizeof *m);
    if (m == NULL)
        return value__fail(VALUE_ENOMEM, "value_model_new: out of memory");
    m->n_cycles = 1;
    m->cycle_length = 1;
    m->row_tolerance = 1e-9;
    m->discount_first = 1;
    m->method = VALUE_MARKOV_LIFE_TABLE;
    m->threads = 1;
    *out = m;
    return VALUE_OK;
}

static void free_defs(value__model_defs *d)
{
    for (size_t i = 0; i < d->n; i++)
        value__expr_free(d->v[i].e);
    free(d->v);
}

static void free_named(value__model_named *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].name);
    free(v);
}

void value_model_free(value_model *m)
{
    if (m == NULL)
        return;
    value_discount_free(m->disc_costs);
    value_discount_free(m->disc_effects);
    free_named(m->states.v, m->states.n);
    free_named(m->strategies.v, m->strategies.n);
    free_named(m->categories.v, m->categories.n);
    free_named(m->params.v, m->params.n);
    for (size_t i = 0; i < m->scenarios.n; i++)
        free(m->scenarios.v[i].name);
    free(m->scenarios.v);
    for (size_t i = 0; i < m->tables.n; i++) {
        value__model_table *t = &m->tables.v[i];
        free(t->name);
        free(t->row_keys);
        free(t->col_keys);
        free(t->values);
    }
    free(m->tables.v);
    for (size_t i = 0; i < m->dists.n; i++) {
        free(m->dists.v[i].param);
        free(m->dists.v[i].mean);
        free(m->dists.v[i].cov);
    }
    free(m->dists.v);
    free(m->corrs.v);
    free(m->ranges.v);
    free_defs(&m->params_e);
    free_defs(&m->trans);
    free_defs(&m->state_values);
    free_defs(&m->trans_values);
    free_defs(&m->start_values);
    free_defs(&m->initial);
    free_defs(&m->scenario_e);
    free(m);
}

/* ---- options ------------------------------------------------------------------ */

static bool is_whole(double v, double lo, double hi)
{
    return v >= lo && v <= hi && v == floor(v);
}

int value_model_set(value_model *m, value_model_option option, double v)
{
    int rc = value__check_ptr(m, "m");
    if (rc)
        return rc;
    switch (option) {
    case VALUE_MODEL_CYCLES:
        if (!is_whole(v, 1, 100000))
            return value__fail_value("cycles", v, "must be a whole number in [1, 100000]");
        m->n_cycles = (size_t)v;
        return VALUE_OK;
    case VALUE_MODEL_CYCLE_LENGTH:
        if (!(v > 0) || !isfinite(v))
            return value__fail_value("cycle_length", v, "must be finite and > 0");
        m->cycle_length = v;
        return VALUE_OK;
    case VALUE_MODEL_DISCOUNT_COSTS:
    case VALUE_MODEL_DISCOUNT_EFFECTS: {
        const char *name = option == VALUE_MODEL_DISCOUNT_COSTS ? "discount_costs" : "discount_effects";
        if (!(v > -1) || !isfinite(v))
            return value__fail_value(name, v, "must be finite and > -1");
        if (option == VALUE_MODEL_DISCOUNT_COSTS) {
            m->rate_costs = v;
            value_discount_free(m->disc_costs);
            m->disc_costs = NULL;
        } else {
            m->rate_effects = v;
            value_discount_free(m->disc_effects);
            m->disc_effects = NULL;
        }
        return VALUE_OK;
    }
    case VALUE_MODEL_DISCOUNT_FIRST:
        if (v != 0 && v != 1)
            return value__fail_value("discount_first", v, "must be 0 or 1");
        m->discount_first = (int)v;
        return VALUE_OK;
    case VALUE_MODEL_METHOD:
        if (!is_whole(v, VALUE_MARKOV_START, VALUE_MARKOV_SIMPSON))
            return value__fail_value("method", v, "must be a value_markov_correction (0 to 4)");
        m->method = (int)v;
        return VALUE_OK;
    case VALUE_MODEL_ROW_TOLERANCE:
        if (!(v >= 0 && v <= 1e-3))
            return value__fail_value("row_tolerance", v, "must be in [0, 1e-3]");
        m->row_tolerance = v;
        return VALUE_OK;
    case VALUE_MODEL_THREADS:
        if (!is_whole(v, 1, 256))
            return value__fail_value("threads", v, "must be a whole number in [1, 256]");
        m->threads = (size_t)v;
        return VALUE_OK;
    case VALUE_MODEL_START_AGE:
        if (!isfinite(v))
            return value__fail_value("start_age", v, "must be finite");
        m->start_age = v;
        return VALUE_OK;
    case VALUE_MODEL_TUNNEL_LIMIT:
        if (!is_whole(v, 1, 100000))
            return value__fail_value("tunnel_limit", v, "must be a whole number in [1, 100000]");
        m->tunnel_limit = (size_t)v;
        return VALUE_OK;
    }
    return value__fail(VALUE_EINVAL, "option is %d, not a value_model_option (1 to 10)", (int)option);
}

int value_model_get(const value_model *m, value_model_option option, double *out)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out, "out")))
        return rc;
    double v;
    switch (option) {
    case VALUE_MODEL_CYCLES: v = (double)m->n_cycles; break;
    case VALUE_MODEL_CYCLE_LENGTH: v = m->cycle_length; break;
    case VALUE_MODEL_DISCOUNT_COSTS: v = m->rate_costs; break;
    case VALUE_MODEL_DISCOUNT_EFFECTS: v = m->rate_effects; break;
    case VALUE_MODEL_DISCOUNT_FIRST: v = m->discount_first; break;
    case VALUE_MODEL_METHOD: v = m->method; break;
    case VALUE_MODEL_ROW_TOLERANCE: v = m->row_tolerance; break;
    case VALUE_MODEL_THREADS: v = (double)m->threads; break;
    case VALUE_MODEL_START_AGE: v = m->start_age; break;
    case VALUE_MODEL_TUNNEL_LIMIT: v = (double)(m->tunnel_limit ? m->tunnel_limit : m->n_cycles); break;
    default: return value__fail(VALUE_EINVAL, "option is %d, not a value_model_option (1 to 10)", (int)option);
    }
    *out = v;
    return VALUE_OK;
}

int value_model_set_discount(value_model *m, const value_discount *costs, const value_discount *effects)
{
    int rc = value__check_ptr(m, "m");
    if (rc)
        return rc;
    value_discount *c = NULL, *e = NULL;
    if ((costs != NULL && (rc = value__discount_copy(costs, &c))) ||
        (effects != NULL && (rc = value__discount_copy(effects, &e)))) {
        value_discount_free(c);
        return rc;
    }
    if (costs != NULL) {
        value_discount_free(m->disc_costs);
        m->disc_costs = c;
    }
    if (effects != NULL) {
        value_discount_free(m->disc_effects);
        m->disc_effects = e;
    }
    return VALUE_OK;
}

/* ---- states, strategies, categories ---------------------------------------------- */

int value_model_add_state(value_model *m, const char *name, int flags)
{
    int rc = value__check_ptr(m, "m");
    if (rc)
        return rc;
    if (flags != VALUE_MODEL_ALIVE && flags != VALUE_MODEL_DEAD)
        return value__fail(VALUE_EINVAL, "flags is %d, not a value_model_state_flag (0 or 1)", flags);
    return add_named(m, &m->states, name, flags, "state");
}

int value_model_add_strategy(value_model *m, const char *name)
{
    int rc = value__check_ptr(m, "m");
    if (rc)
        return rc;
    return add_named(m, &m->strategies, name, 0, "strategy");
}

int value_model_add_category(value_model *m, const char *name, int kind)
{
    int rc = value__check_ptr(m, "m");
    if (rc)
        return rc;
    if (kind < VALUE_MODEL_COST || kind > VALUE_MODEL_OTHER)
        return value__fail(VALUE_EINVAL, "kind is %d, not a value_model_category_kind (1 to 3)", kind);
    return add_named(m, &m->categories, name, kind, "category");
}

/* ---- expressions ------------------------------------------------------------------ */

/* Put a parsed expression at (strategy, a, b, c) of defs, replacing what
 * was there.  Takes e (frees it on failure). */
static int put_def(value__model_defs *d, size_t strategy, size_t a, size_t b, size_t c, value__expr *e)
{
    for (size_t i = 0; i < d->n; i++) {
        value__model_def *x = &d->v[i];
        if (x->strategy == strategy && x->a == a && x->b == b && x->c == c) {
            value__expr_free(x->e);
            x->e = e;
            return VALUE_OK;
        }
    }
    int rc = RESERVE(*d);
    if (rc) {
        value__expr_free(e);
        return rc;
    }
    d->v[d->n++] = (value__model_def){strategy, a, b, c, e};
    return VALUE_OK;
}

/* The text of a strategy for `where`: " of strategy 'x'" or "". */
static void strategy_suffix(const value_model *m, size_t j, char *buf, size_t len)
{
    if (j == VALUE__MODEL_ALL)
        buf[0] = '\0';
    else
        snprintf(buf, len, " of strategy '%s'", m->strategies.v[j].name);
}

static int parse(const char *text, const char *where, bool complement, value__expr **out)
{
    int rc = value__check_ptr(text, "expr");
    if (rc)
        return rc;
    return value__expr_parse(text, where, complement, out);
}

/* The parameter's index, adding it (without an expression) when new.  On
 * failure nothing is added. */
static int param_index(value_model *m, const char *name, bool add, size_t *out)
{
    int rc = check_name(name, "name");
    if (rc)
        return rc;
    size_t i = value__model_find(m->params.v, m->params.n, name);
    if (i != SIZE_MAX) {
        *out = i;
        return VALUE_OK;
    }
    if (!add) {
        char hint[256];
        return value__fail(VALUE_ENOTFOUND, "unknown parameter '%s'%s", name,
                           value__name_hint(hint, sizeof hint, name, m->params.n, named_at, m->params.v));
    }
    if (value__model_builtin(name))
        return value__fail(VALUE_EINVAL, "parameter '%s' is a built-in name of expressions", name);
    if ((rc = add_named(m, &m->params, name, 0, "parameter")))
        return rc;
    *out = m->params.n - 1;
    return VALUE_OK;
}

/* Drop the parameter just added by param_index() when a later check fails. */
static void unadd_param(value_model *m, size_t before)
{
    while (m->params.n > before)
        free(m->params.v[--m->params.n].name);
}

int value_model_set_parameter(value_model *m, const char *strategy, const char *name, const char *expr)
{
    int rc;
    size_t j, p, before;
    if ((rc = value__check_ptr(m, "m")) || (rc = lookup_strategy(m, strategy, &j)) || (rc = check_name(name, "name")))
        return rc;
    if (value__model_builtin(name))
        return value__fail(VALUE_EINVAL, "parameter '%s' is a built-in name of expressions", name);
    char where[400], sfx[300];
    strategy_suffix(m, j, sfx, sizeof sfx);
    snprintf(where, sizeof where, "parameter '%s'%s", name, sfx);
    value__expr *e;
    if ((rc = parse(expr, where, false, &e)))
        return rc;
    before = m->params.n;
    if ((rc = param_index(m, name, true, &p))) {
        value__expr_free(e);
        return rc;
    }
    if ((rc = put_def(&m->params_e, j, p, 0, 0, e)))
        unadd_param(m, before);
    return rc;
}

/* Parse and put an expression at a place named by states/categories. */
static int set_expr(value_model *m, value__model_defs *d, const char *strategy, size_t a, size_t b, size_t c,
                    const char *where_fmt_done, bool complement, const char *expr)
{
    size_t j;
    int rc = lookup_strategy(m, strategy, &j);
    if (rc)
        return rc;
    char where[700], sfx[300];
    strategy_suffix(m, j, sfx, sizeof sfx);
    snprintf(where, sizeof where, "%s%s", where_fmt_done, sfx);
    value__expr *e;
    if ((rc = parse(expr, where, complement, &e)))
        return rc;
    return put_def(d, j, a, b, c, e);
}

int value_model_set_transition(value_model *m, const char *strategy, const char *from, const char *to,
                               const char *expr)
{
    int rc;
    size_t i, k;
    if ((rc = value__check_ptr(m, "m")) ||
        (rc = lookup(m->states.v, m->states.n, from, "from", "state", &i)) ||
        (rc = lookup(m->states.v, m->states.n, to, "to", "state", &k)))
        return rc;
    char where[300];
    snprintf(where, sizeof where, "transition '%s' -> '%s'", from, to);
    return set_expr(m, &m->trans, strategy, i, k, 0, where, true, expr);
}

int value_model_set_state_value(value_model *m, const char *strategy, const char *category, const char *state,
                                const char *expr)
{
    int rc;
    size_t c, s;
    if ((rc = value__check_ptr(m, "m")) ||
        (rc = lookup(m->categories.v, m->categories.n, category, "category", "category", &c)) ||
        (rc = lookup(m->states.v, m->states.n, state, "state", "state", &s)))
        return rc;
    char where[300];
    snprintf(where, sizeof where, "value '%s' of state '%s'", category, state);
    return set_expr(m, &m->state_values, strategy, c, s, 0, where, false, expr);
}

int value_model_set_transition_value(value_model *m, const char *strategy, const char *category, const char *from,
                                     const char *to, const char *expr)
{
    int rc;
    size_t c, i, k;
    if ((rc = value__check_ptr(m, "m")) ||
        (rc = lookup(m->categories.v, m->categories.n, category, "category", "category", &c)) ||
        (rc = lookup(m->states.v, m->states.n, from, "from", "state", &i)) ||
        (rc = lookup(m->states.v, m->states.n, to, "to", "state", &k)))
        return rc;
    if (i == k)
        return value__fail(VALUE_EINVAL, "from and to are both '%s': a transition value is for a move", from);
    char where[400];
    snprintf(where, sizeof where, "value '%s' of transition '%s' -> '%s'", category, from, to);
    return set_expr(m, &m->trans_values, strategy, c, i, k, where, false, expr);
}

int value_model_set_start_value(value_model *m, const char *strategy, const char *category, const char *expr)
{
    int rc;
    size_t c;
    if ((rc = value__check_ptr(m, "m")) ||
        (rc = lookup(m->categories.v, m->categories.n, category, "category", "category", &c)))
        return rc;
    char where[300];
    snprintf(where, sizeof where, "start value '%s'", category);
    return set_expr(m, &m->start_values, strategy, c, 0, 0, where, false, expr);
}

int value_model_set_initial(value_model *m, const char *strategy, const char *state, const char *expr)
{
    int rc;
    size_t s;
    if ((rc = value__check_ptr(m, "m")) || (rc = lookup(m->states.v, m->states.n, state, "state", "state", &s)))
        return rc;
    char where[300];
    snprintf(where, sizeof where, "initial share of state '%s'", state);
    return set_expr(m, &m->initial, strategy, s, 0, 0, where, false, expr);
}

/* ---- distributions, correlations, ranges --------------------------------------------- */

/* The parameters of a block: each named once, none in another
 * distribution yet.  Adds new parameters; *before says how many there
 * were, for unadd_param() on a later failure. */
static int block_params(value_model *m, const char *const *names, size_t k, size_t *idx, size_t *before)
{
    *before = m->params.n;
    int rc;
    for (size_t i = 0; i < k; i++) {
        char arg[32];
        snprintf(arg, sizeof arg, "names[%zu]", i);
        if ((rc = value__check_ptr(names[i], arg)) || (rc = param_index(m, names[i], true, &idx[i]))) {
            unadd_param(m, *before);
            return rc;
        }
        for (size_t h = 0; h < i; h++)
            if (idx[h] == idx[i]) {
                unadd_param(m, *before);
                return value__fail(VALUE_EINVAL, "names[%zu] repeats names[%zu] ('%s')", i, h, names[i]);
            }
        for (size_t d = 0; d < m->dists.n; d++)
            for (size_t q = 0; q < m->dists.v[d].k; q++)
                if (m->dists.v[d].param[q] == idx[i] && m->dists.v[d].block != VALUE__MODEL_UNIVARIATE) {
                    unadd_param(m, *before);
                    return value__fail(VALUE_EINVAL, "parameter '%s' is already in a joint distribution", names[i]);
                }
    }
    return VALUE_OK;
}

/* Remove a univariate distribution of parameter p, if any (a new
 * distribution of a parameter replaces its old one). */
static void drop_univariate(value_model *m, size_t p)
{
    for (size_t d = 0; d < m->dists.n; d++) {
        value__model_dist *x = &m->dists.v[d];
        if (x->block == VALUE__MODEL_UNIVARIATE && x->param[0] == p) {
            free(x->param);
            memmove(x, x + 1, (m->dists.n - d - 1) * sizeof *x);
            m->dists.n--;
            return;
        }
    }
}

int value_model_set_distribution(value_model *m, const char *name, int kind, double a, double b, double c, double d)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = check_name(name, "name")))
        return rc;
    if (kind < VALUE_SAMPLER_FIXED || kind > VALUE_SAMPLER_LOGNORMAL_LOG)
        return value__fail(VALUE_EINVAL, "kind is %d, not a value_sampler_dist (1 to 10)", kind);
    /* the sampler checks the arguments as it would at draw time */
    value_sampler *s;
    size_t col;
    if ((rc = value_sampler_new(&s)))
        return rc;
    rc = value_sampler_add(s, name, (value_sampler_dist)kind, a, b, c, d, &col);
    value_sampler_free(s);
    if (rc)
        return rc;
    size_t before = m->params.n, p;
    if ((rc = param_index(m, name, true, &p)))
        return rc;
    for (size_t q = 0; q < m->dists.n; q++)
        if (m->dists.v[q].block != VALUE__MODEL_UNIVARIATE)
            for (size_t h = 0; h < m->dists.v[q].k; h++)
                if (m->dists.v[q].param[h] == p)
                    return value__fail(VALUE_EINVAL, "parameter '%s' is already in a joint distribution", name);
    size_t *param = malloc(sizeof *param);
    if (param == NULL || (rc = RESERVE(m->dists))) {
        free(param);
        unadd_param(m, before);
        return param == NULL ? value__fail(VALUE_ENOMEM, "value_model_set_distribution: out of memory") : rc;
    }
    drop_univariate(m, p);
    *param = p;
    m->dists.v[m->dists.n++] = (value__model_dist){VALUE__MODEL_UNIVARIATE, kind, {a, b, c, d}, 1, param, NULL, NULL};
    return VALUE_OK;
}

/* Add a multivariate block after its arguments were checked. */
static int add_block(value_model *m, int block, const char *const *names, const double *mean, const double *cov,
                     size_t k)
{
    size_t *idx = malloc(k * sizeof *idx);
    double *mu = malloc(k * sizeof *mu);
    double *sg = cov != NULL ? malloc(k * k * sizeof *sg) : NULL;
    size_t before = m->params.n;
    int rc = idx == NULL || mu == NULL || (cov != NULL && sg == NULL)
                 ? value__fail(VALUE_ENOMEM, "value_model: out of memory")
                 : block_params(m, names, k, idx, &before);
    if (!rc && (rc = RESERVE(m->dists)))
        unadd_param(m, before);
    if (rc) {
        free(idx);
        free(mu);
        free(sg);
        return rc;
    }
    for (size_t i = 0; i < k; i++)
        drop_univariate(m, idx[i]);
    memcpy(mu, mean, k * sizeof *mu);
    if (sg != NULL)
        memcpy(sg, cov, k * k * sizeof *sg);
    m->dists.v[m->dists.n++] = (value__model_dist){block, 0, {0, 0, 0, 0}, k, idx, mu, sg};
    return VALUE_OK;
}

int value_model_set_mvnormal(value_model *m, const char *const *names, const double *mean, const double *cov,
                             size_t k)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(names, "names")) ||
        (rc = value__check_array(mean, k, 1, "mean", "k")) ||
        (rc = value__check_array(cov, value__mul_size(k, k), 1, "cov", "k x k")))
        return rc;
    if (k > 4096)
        return value__fail_value("k", (double)k, "must be at most 4096");
    /* the sampler checks symmetry and positive definiteness */
    value_sampler *s;
    size_t first;
    if ((rc = value_sampler_new(&s)))
        return rc;
    rc = value_sampler_add_mvnormal(s, names, mean, cov, k, &first);
    value_sampler_free(s);
    if (rc)
        return rc;
    return add_block(m, VALUE__MODEL_MVNORMAL, names, mean, cov, k);
}

int value_model_set_dirichlet(value_model *m, const char *const *names, const double *alpha, size_t k)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(names, "names")) ||
        (rc = value__check_array(alpha, k, 2, "alpha", "k")))
        return rc;
    if (k > 4096)
        return value__fail_value("k", (double)k, "must be at most 4096");
    value_sampler *s;
    size_t first;
    if ((rc = value_sampler_new(&s)))
        return rc;
    rc = value_sampler_add_dirichlet(s, "dirichlet", alpha, k, &first);
    value_sampler_free(s);
    if (rc)
        return rc;
    return add_block(m, VALUE__MODEL_DIRICHLET, names, alpha, NULL, k);
}

/* The univariate distribution's parameter index of name, for
 * correlations. */
static int univariate_param(const value_model *m, const char *name, const char *arg, size_t *out)
{
    int rc = value__check_ptr(name, arg);
    if (rc)
        return rc;
    size_t p = value__model_find(m->params.v, m->params.n, name);
    for (size_t d = 0; p != SIZE_MAX && d < m->dists.n; d++)
        if (m->dists.v[d].block == VALUE__MODEL_UNIVARIATE && m->dists.v[d].param[0] == p) {
            if (m->dists.v[d].kind == VALUE_SAMPLER_FIXED)
                return value__fail(VALUE_EINVAL, "%s '%s' has a fixed distribution: it cannot be correlated", arg,
                                   name);
            *out = p;
            return VALUE_OK;
        }
    return value__fail(VALUE_EINVAL, "%s '%s' has no univariate distribution (set one first)", arg, name);
}

int value_model_set_correlation(value_model *m, const char *a, const char *b, double rho)
{
    int rc;
    size_t i, k;
    if ((rc = value__check_ptr(m, "m")) || (rc = univariate_param(m, a, "a", &i)) ||
        (rc = univariate_param(m, b, "b", &k)))
        return rc;
    if (i == k)
        return value__fail(VALUE_EINVAL, "a and b are both '%s'", a);
    if (!(rho > -1 && rho < 1))
        return value__fail_value("rho", rho, "must be in (-1, 1)");
    for (size_t q = 0; q < m->corrs.n; q++) {
        value__model_corr *c = &m->corrs.v[q];
        if ((c->a == i && c->b == k) || (c->a == k && c->b == i)) {
            c->rho = rho;
            return VALUE_OK;
        }
    }
    if ((rc = RESERVE(m->corrs)))
        return rc;
    m->corrs.v[m->corrs.n++] = (value__model_corr){i, k, rho};
    return VALUE_OK;
}

int value_model_set_range(value_model *m, const char *name, double low, double high)
{
    int rc;
    size_t p;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_finite(low, "low")) ||
        (rc = value__check_finite(high, "high")))
        return rc;
    if (low == high)
        return value__fail(VALUE_EINVAL, "low and high are both %g: a range needs two values", low);
    size_t before = m->params.n;
    if ((rc = param_index(m, name, true, &p)))
        return rc;
    for (size_t q = 0; q < m->ranges.n; q++)
        if (m->ranges.v[q].param == p) {
            m->ranges.v[q].low = low;
            m->ranges.v[q].high = high;
            return VALUE_OK;
        }
    if ((rc = RESERVE(m->ranges))) {
        unadd_param(m, before);
        return rc;
    }
    m->ranges.v[m->ranges.n++] = (value__model_range){p, low, high};
    return VALUE_OK;
}

/* ---- tables ------------------------------------------------------------------------ */

static int check_keys(const double *k, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(k[i]))
            return value__fail_element(name, i, k[i], "must be finite");
        if (i > 0 && !(k[i] > k[i - 1]))
            return value__fail_element(name, i, k[i], "must be above the key before it");
    }
    return VALUE_OK;
}

static double *copy_doubles(const double *x, size_t n)
{
    double *p = malloc(n * sizeof *p);
    if (p != NULL)
        memcpy(p, x, n * sizeof *p);
    return p;
}

int value_model_add_table(value_model *m, const char *name, const double *row_keys, size_t n_rows,
                          const double *col_keys, size_t n_cols, const double *values, size_t n_values, int lookup)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = check_name(name, "name")))
        return rc;
    if (n_cols == 0)
        return value__fail(VALUE_EINVAL, "n_cols is 0, must be >= 1");
    /* the lengths agree before any key is read: a huge n_rows or n_cols
     * would otherwise be scanned past the caller's array */
    if ((rc = value__check_length("n_values", n_values, value__mul_size(n_rows, n_cols), "n_rows x n_cols")) ||
        (rc = value__check_array(row_keys, n_rows, 1, "row_keys", "n_rows")) ||
        (n_cols > 1 && (rc = value__check_array(col_keys, n_cols, 1, "col_keys", "n_cols"))) ||
        (rc = value__check_array(values, n_values, 1, "values", "n_values")) ||
        (rc = check_keys(row_keys, n_rows, "row_keys")) ||
        (n_cols > 1 && (rc = check_keys(col_keys, n_cols, "col_keys"))))
        return rc;
    if (lookup != VALUE_MODEL_STEP && lookup != VALUE_MODEL_LINEAR)
        return value__fail(VALUE_EINVAL, "lookup is %d, not a value_model_lookup (1 or 2)", lookup);
    if (value__model_builtin(name))
        return value__fail(VALUE_EINVAL, "table '%s' is a built-in name of expressions", name);
    for (size_t i = 0; i < m->tables.n; i++)
        if (strcmp(m->tables.v[i].name, name) == 0)
            return value__fail(VALUE_EINVAL, "table '%s' is already defined", name);
    value__model_table t = {{0}, value__strdup(name), copy_doubles(row_keys, n_rows),
                            n_cols > 1 ? copy_doubles(col_keys, n_cols) : NULL, copy_doubles(values, n_values)};
    if (t.name == NULL || t.row_keys == NULL || (n_cols > 1 && t.col_keys == NULL) || t.values == NULL ||
        (rc = RESERVE(m->tables))) {
        free(t.name);
        free(t.row_keys);
        free(t.col_keys);
        free(t.values);
        return rc ? rc : value__fail(VALUE_ENOMEM, "value_model_add_table: out of memory");
    }
    t.t = (value__table){t.name, t.row_keys, n_rows, t.col_keys, n_cols, t.values, lookup};
    m->tables.v[m->tables.n++] = t;
    return VALUE_OK;
}

/* ---- scenarios ---------------------------------------------------------------------- */

int value_model_set_scenario(value_model *m, const char *scenario, const char *name, const char *expr)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = check_name(scenario, "scenario")) || (rc = check_name(name, "name")))
        return rc;
    if (value__model_builtin(name))
        return value__fail(VALUE_EINVAL, "parameter '%s' is a built-in name of expressions", name);
    char where[400];
    snprintf(where, sizeof where, "parameter '%s' of scenario '%s'", name, scenario);
    value__expr *e;
    if ((rc = parse(expr, where, false, &e)))
        return rc;
    size_t s = SIZE_MAX, before_p = m->params.n, before_s = m->scenarios.n, p;
    for (size_t i = 0; i < m->scenarios.n; i++)
        if (strcmp(m->scenarios.v[i].name, scenario) == 0)
            s = i;
    if (s == SIZE_MAX) {
        char *copy = value__strdup(scenario);
        if (copy == NULL || (rc = RESERVE(m->scenarios))) {
            free(copy);
            value__expr_free(e);
            return copy == NULL ? value__fail(VALUE_ENOMEM, "value_model_set_scenario: out of memory") : rc;
        }
        m->scenarios.v[m->scenarios.n++] = (value__model_scenario){copy, 0};
        s = m->scenarios.n - 1;
    }
    if ((rc = param_index(m, name, true, &p)))
        value__expr_free(e);
    else
        rc = put_def(&m->scenario_e, VALUE__MODEL_ALL, p, 0, s, e); /* frees e on failure */
    if (rc) {
        unadd_param(m, before_p);
        while (m->scenarios.n > before_s)
            free(m->scenarios.v[--m->scenarios.n].name);
        return rc;
    }
    return VALUE_OK;
}

int value_model_set_weight(value_model *m, const char *scenario, double weight)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(scenario, "scenario")))
        return rc;
    if (!(weight > 0) || !isfinite(weight))
        return value__fail_value("weight", weight, "must be finite and > 0");
    for (size_t i = 0; i < m->scenarios.n; i++)
        if (strcmp(m->scenarios.v[i].name, scenario) == 0) {
            m->scenarios.v[i].weight = weight;
            return VALUE_OK;
        }
    return value__fail(VALUE_ENOTFOUND, "unknown scenario '%s'", scenario);
}

/* ---- counts and names --------------------------------------------------------------- */

const char *value__model_param_at(const void *ctx, size_t k)
{
    return ((const value_model *)ctx)->params.v[k].name;
}

size_t value__model_n_sampled(const value_model *m)
{
    size_t n = 0;
    for (size_t d = 0; d < m->dists.n; d++)
        n += m->dists.v[d].k;
    return n;
}

static size_t sampled_param(const value_model *m, size_t col)
{
    for (size_t d = 0; d < m->dists.n; d++) {
        if (col < m->dists.v[d].k)
            return m->dists.v[d].param[col];
        col -= m->dists.v[d].k;
    }
    return SIZE_MAX;
}

static size_t n_subgroups(const value_model *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->scenarios.n; i++)
        n += m->scenarios.v[i].weight > 0;
    return n;
}

/* The scenario of subgroup g. */
static const value__model_scenario *subgroup(const value_model *m, size_t g)
{
    for (size_t i = 0; i < m->scenarios.n; i++)
        if (m->scenarios.v[i].weight > 0 && g-- == 0)
            return &m->scenarios.v[i];
    return NULL;
}

int value_model_count(const value_model *m, int what, size_t *out)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out, "out")))
        return rc;
    switch (what) {
    case VALUE_MODEL_STATES: *out = m->states.n; break;
    case VALUE_MODEL_STRATEGIES: *out = m->strategies.n; break;
    case VALUE_MODEL_CATEGORIES: *out = m->categories.n; break;
    case VALUE_MODEL_PARAMETERS: *out = m->params.n; break;
    case VALUE_MODEL_SAMPLED: *out = value__model_n_sampled(m); break;
    case VALUE_MODEL_RANGES: *out = m->ranges.n; break;
    case VALUE_MODEL_SCENARIOS: *out = m->scenarios.n; break;
    case VALUE_MODEL_TABLES: *out = m->tables.n; break;
    case VALUE_MODEL_SUBGROUPS: *out = n_subgroups(m); break;
    default: return value__fail(VALUE_EINVAL, "what is %d, not a value_model_item (1 to 9)", what);
    }
    return VALUE_OK;
}

int value_model_name(const value_model *m, int what, size_t index, const char **out)
{
    size_t n;
    int rc;
    if ((rc = value_model_count(m, what, &n)) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (index >= n)
        return value__fail(VALUE_EINVAL, "index is %zu, not in [0, %zu)", index, n);
    switch (what) {
    case VALUE_MODEL_STATES: *out = m->states.v[index].name; break;
    case VALUE_MODEL_STRATEGIES: *out = m->strategies.v[index].name; break;
    case VALUE_MODEL_CATEGORIES: *out = m->categories.v[index].name; break;
    case VALUE_MODEL_PARAMETERS: *out = m->params.v[index].name; break;
    case VALUE_MODEL_SAMPLED: *out = m->params.v[sampled_param(m, index)].name; break;
    case VALUE_MODEL_RANGES: *out = m->params.v[m->ranges.v[index].param].name; break;
    case VALUE_MODEL_SCENARIOS: *out = m->scenarios.v[index].name; break;
    case VALUE_MODEL_SUBGROUPS: *out = subgroup(m, index)->name; break;
    default: *out = m->tables.v[index].name; break;
    }
    return VALUE_OK;
}

int value_model_get_range(const value_model *m, size_t index, double *out_low, double *out_high)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out_low, "out_low")) ||
        (rc = value__check_ptr(out_high, "out_high")))
        return rc;
    if (index >= m->ranges.n)
        return value__fail(VALUE_EINVAL, "index is %zu, not in [0, %zu) (the model's ranges)", index, m->ranges.n);
    *out_low = m->ranges.v[index].low;
    *out_high = m->ranges.v[index].high;
    return VALUE_OK;
}

int value_model_get_weight(const value_model *m, size_t index, double *out)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out, "out")))
        return rc;
    size_t n = n_subgroups(m);
    if (index >= n)
        return value__fail(VALUE_EINVAL, "index is %zu, not in [0, %zu) (the model's subgroups)", index, n);
    *out = subgroup(m, index)->weight;
    return VALUE_OK;
}
