/*
 * The model module's internal header: what a declarative model holds and
 * what its files share.  Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * model.c builds a model (the value_model_add_* / set_* calls, counts and
 * names); model_expr.c parses and evaluates expressions; model_compile.c
 * turns a model into a program and a layout of expanded states for one
 * kind of run; model_run.c runs cohorts (base case, scenarios, subgroups,
 * PSA); model_dsa.c one-way, two-way and threshold analyses;
 * model_microsim.c the individual-level simulation; model_file.c reads
 * model files.
 */
#ifndef VALUE_MODEL_H
#define VALUE_MODEL_H

#include "core/internal.h"
#include "evaluation/model_expr.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/* "For every strategy" in a definition. */
#define VALUE__MODEL_ALL SIZE_MAX

/* A named thing: a state (flags), a strategy, a category (kind). */
typedef struct value__model_named {
    char *name;
    int flag;
} value__model_named;

/* One expression of the model at (strategy, a, b, c): a transition
 * (from a to b), a state value (category a, state b), a transition value
 * (category a, from b, to c), a start value (category a), an initial
 * share (state a), a parameter (parameter a) or a scenario's parameter
 * (scenario c, parameter a).  Later definitions of the same place
 * replace earlier ones. */
typedef struct value__model_def {
    size_t strategy; /* VALUE__MODEL_ALL or a strategy */
    size_t a, b, c;
    value__expr *e;
} value__model_def;

typedef struct value__model_defs {
    value__model_def *v;
    size_t n, cap;
} value__model_defs;

/* A PSA distribution: a univariate one of parameter param[0], or a
 * multivariate normal or Dirichlet block of k parameters. */
enum { VALUE__MODEL_UNIVARIATE = 0, VALUE__MODEL_MVNORMAL = 1, VALUE__MODEL_DIRICHLET = 2 };
typedef struct value__model_dist {
    int block;     /* VALUE__MODEL_UNIVARIATE, _MVNORMAL or _DIRICHLET */
    int kind;      /* value_sampler_dist of a univariate one */
    double arg[4]; /* its a, b, c, d */
    size_t k;
    size_t *param; /* k parameters */
    double *mean;  /* k means (mvnormal) or alphas (Dirichlet) */
    double *cov;   /* k x k (mvnormal) */
} value__model_dist;

typedef struct value__model_corr {
    size_t a, b;
    double rho;
} value__model_corr;

typedef struct value__model_range {
    size_t param;
    double low, high;
} value__model_range;

typedef struct value__model_scenario {
    char *name;
    double weight; /* 0: not a subgroup */
} value__model_scenario;

typedef struct value__model_table {
    value__table t; /* points into the arrays below */
    char *name;
    double *row_keys, *col_keys, *values;
} value__model_table;

/* A growable array of T; `n` elements of `cap`. */
#define VALUE__MODEL_VEC(T) \
    struct {                \
        T *v;               \
        size_t n, cap;      \
    }

struct value_model {
    /* options */
    size_t n_cycles;
    double cycle_length, rate_costs, rate_effects, row_tolerance, start_age;
    int discount_first, method;
    size_t threads, tunnel_limit; /* tunnel_limit 0: T */
    value_discount *disc_costs, *disc_effects; /* NULL: the rates */

    VALUE__MODEL_VEC(value__model_named) states, strategies, categories, params;
    VALUE__MODEL_VEC(value__model_scenario) scenarios;
    VALUE__MODEL_VEC(value__model_table) tables;
    VALUE__MODEL_VEC(value__model_dist) dists;
    VALUE__MODEL_VEC(value__model_corr) corrs;
    VALUE__MODEL_VEC(value__model_range) ranges;

    /* the expressions, by kind */
    value__model_defs params_e, trans, state_values, trans_values, start_values, initial, scenario_e;
};

/* ---- a compiled model (model_compile.c) ----------------------------------- */

/* What a run replaces: a scenario's parameters, and parameters fixed at
 * constants (one-way, two-way and threshold analyses). */
typedef struct value__model_job {
    size_t scenario;          /* SIZE_MAX: none */
    const size_t *fix_param;  /* n_fix parameters ... */
    const double *fix_value;  /* ... at these values */
    size_t n_fix;
    bool psa;                 /* sampled parameters are lane inputs */
    bool microsim;            /* state_time differs by lane; no tunnels */
} value__model_job;

/* An entry of an expanded state's transition row: to expanded state
 * `to` with the probability of node `node` (SIZE_MAX: the complement). */
typedef struct value__model_entry {
    size_t to, node;
} value__model_entry;

/* A transition value: category `cat`, from declared state `from` to
 * declared state `to`, node `node`. */
typedef struct value__model_tvalue {
    size_t cat, from, to, node;
} value__model_tvalue;

/* One strategy's layout: declared states expanded into tunnel states
 * where their expressions use state_time (x indexes expanded states). */
typedef struct value__model_layout {
    size_t n_x;
    size_t *x_state;   /* n_x: the declared state */
    size_t *x_tunnel;  /* n_x: the tunnel (1..K), 0 for a state without */
    size_t *first_x;   /* S: the first expanded state of each declared one */
    size_t *row_start; /* n_x + 1 */
    value__model_entry *entries;
    size_t *value_node;    /* n_x x C: node of category c (SIZE_MAX: 0) */
    value__model_tvalue *tv;
    size_t n_tv;
    size_t *initial_node;  /* S (SIZE_MAX: 0) */
    size_t *start_node;    /* C (SIZE_MAX: 0) */
    unsigned row_deps;     /* what the rows depend on, together */
} value__model_layout;

typedef struct value__model_plan {
    value__prog *prog;
    size_t n_strategies, n_states, n_categories, n_cycles;
    value__model_layout *lay; /* one per strategy */
    size_t in_time, in_age, in_state; /* input nodes (SIZE_MAX when unused) */
    size_t n_sampled;
    size_t *sampled_node;     /* n_sampled: the input node of PSA column k (SIZE_MAX: unused) */
    size_t max_tunnel;        /* largest K of any tunneled state */
    size_t last_node;         /* nodes to evaluate: 0..last_node */
    unsigned char *lane;      /* per node: 1 when it has a value per lane (read in the runs' inner loops) */
} value__model_plan;

/* Compile m for a run; the message names the element at fault. */
int value__model_compile(const value_model *m, const value__model_job *job, value__model_plan *out);
void value__model_plan_free(value__model_plan *p);

/* ---- cohort runs (model_run.c) ---------------------------------------------- */

/* Cycle weights: cycle t counts alpha_t (m_{t-1} . x_t) + beta_t (m_t . x_t)
 * of a state value x (c: costs, e: effects and life years), and
 * transition values of cycle t are discounted by d_t; T + 1 each. */
typedef struct value__model_weights {
    double *block, *ac, *bc, *ae, *be, *dc, *de;
} value__model_weights;

int value__model_weights_build(const value_model *m, value__model_weights *w);
void value__model_weights_free(value__model_weights *w);

/* The first failure of a run, by lane. */
enum {
    VALUE__MODEL_ERR_PROB = 1,    /* a transition probability outside [0, 1] */
    VALUE__MODEL_ERR_SUM,         /* a row not summing to 1 (or a negative complement) */
    VALUE__MODEL_ERR_INITIAL,     /* an initial share outside [0, 1] */
    VALUE__MODEL_ERR_INITIAL_SUM, /* initial shares not summing to 1 */
    VALUE__MODEL_ERR_VALUE,       /* a total not finite */
    VALUE__MODEL_ERR_LOOKUP       /* a lookup's key (message set by the program) */
};
typedef struct value__model_err {
    int status;
    size_t lane, strategy, cycle, x;
    int what;
    size_t to;
    double value;
} value__model_err;

/* One run over lanes.  out: lanes x J x (C + 1) (categories, then life
 * years); trace, when not NULL, (T + 1) x S of strategy trace_strategy
 * (a one-lane run). */
typedef struct value__model_run {
    const value_model *m;
    const value__model_plan *plan;
    const value__model_weights *w;
    const double *draws; /* lanes x n_sampled, or NULL */
    size_t n_sampled, n_lanes;
    double *out, *trace;
    size_t trace_strategy;
    const char *who, *scenario_text;
} value__model_run;

int value__model_execute(const value__model_run *r);

/* The message of a run's failure e (word: "draw", "person" or NULL, for
 * the lane). */
int value__model_report(const value__model_run *r, const value__model_err *e, const char *word);

/* Compile and run n_lanes lanes of job (draws: their PSA columns). */
int value__model_run_lanes(const value_model *m, const value__model_job *job, const char *who, const double *draws,
                           size_t n_lanes, double *res, double *trace, size_t trace_strategy);

/* The base case of job: J costs, effects and (ly not NULL) life years. */
int value__model_base(const value_model *m, const value__model_job *job, const char *who, double *cost,
                      double *effect, double *ly);

/* The PSA's sampler of the model's distributions, columns in order. */
int value__model_sampler(const value_model *m, value_sampler **out);

/* The index of a scenario (NULL: SIZE_MAX), or ENOTFOUND. */
int value__model_find_scenario(const value_model *m, const char *scenario, size_t *out);

static inline double *value__model_doubles(size_t n)
{
    return n == 0 ? (double *)malloc(sizeof(double)) : n > SIZE_MAX / sizeof(double) ? NULL : (double *)malloc(n * sizeof(double));
}

/* Names that expressions give a meaning of their own. */
bool value__model_builtin(const char *name);

/* The index of a named item, or SIZE_MAX. */
size_t value__model_find(const value__model_named *v, size_t n, const char *name);

/* The definition at (strategy, a, b, c) of defs, or NULL. */
const value__model_def *value__model_def_at(const value__model_defs *d, size_t strategy, size_t a, size_t b,
                                            size_t c);

/* name_at for value__name_hint over a model's parameters (ctx: the model). */
const char *value__model_param_at(const void *ctx, size_t k);

/* PSA columns: the parameters of every distribution, in the order set. */
size_t value__model_n_sampled(const value_model *m);

#endif
