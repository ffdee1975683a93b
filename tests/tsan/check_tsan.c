/*
 * `make check-tsan`: many threads on shared const handles, under
 * ThreadSanitizer (build-tsan/, TSAN_OPTIONS=halt_on_error=1 exitcode=66).
 *
 * The header promises that functions taking `const value_X *` are safe
 * from many threads at once, and that a handle being changed by one thread
 * does not disturb others.  Here every task is first run on the main
 * thread alone, giving its reference bytes (every output, bit for bit,
 * and the messages of failing calls); then READERS threads run every
 * reader task on the same shared handles at once, each starting at a task
 * of its own, while MUTATORS threads build, change and use handles of
 * their own (mutator tasks), and every result is compared byte for byte
 * with its reference.  The Markov batch, the ledger's add and a sampler's
 * draw run threads of their own inside.  The GSL guard is driven
 * directly from every thread: brackets that record an error (GSL's
 * handler called inside), nested brackets, and successful brackets, at the
 * same time.
 * ThreadSanitizer reports any data race (and halts the run with exit code
 * 66); the program itself fails on any result that differs.  The first
 * round runs the readers in step (a barrier before each task, so that all
 * of them are inside the same functions at once), the later ones
 * staggered.  No counter or lock is shared while the threads run: it
 * would order them and hide races.  TSAN_OPTIONS has history_size=7, as
 * without it a race whose earlier access is old is not reported.
 * CHECK_TSAN_ONLY=t_eq5d,m_ledger runs only the tasks named;
 * CHECK_TSAN_VERBOSE=1 shows the reference run's failing calls (each
 * meant to fail: a message per thread).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L /* pthread barriers */
#include "core/internal.h" /* the GSL guard; includes value.h with the experimental part */

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_log.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READERS 8
#define MUTATORS 3
#define ROUNDS 6

/* ---- results as bytes ---------------------------------------------------------- */

typedef struct snap {
    unsigned char *p;
    size_t n, cap;
} snap;
static _Thread_local snap *cur;

static void put(const void *p, size_t n)
{
    if (cur->n + n > cur->cap) {
        size_t cap = 2 * (cur->n + n);
        unsigned char *q = realloc(cur->p, cap);
        if (q == NULL) {
            fprintf(stderr, "check_tsan: out of memory\n");
            exit(2);
        }
        cur->p = q, cur->cap = cap;
    }
    memcpy(cur->p + cur->n, p, n);
    cur->n += n;
}
static void put_int(int v) { put(&v, sizeof v); }
static void put_double(double v) { put(&v, sizeof v); }
static void put_str(const char *s) { put(s, strlen(s) + 1); }
/* A call's status, and its message when it failed (the message is the
 * calling thread's own). */
static int verbose; /* CHECK_TSAN_VERBOSE=1: show the reference run's failing calls */
static _Thread_local const char *task_name;
static void put_rc(int rc)
{
    put_int(rc);
    if (rc != VALUE_OK) {
        put_str(value_errmsg());
        if (verbose)
            fprintf(stderr, "  %s: status %d: %s\n", task_name, rc, value_errmsg());
    }
}

static void must(int rc, const char *what)
{
    if (rc != VALUE_OK) {
        fprintf(stderr, "check_tsan: %s failed: %s\n", what, value_errmsg());
        exit(2);
    }
}
#define OK(call) must((call), #call)

static uint64_t rng_state;
static double unif(void)
{
    rng_state = rng_state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return (double)(rng_state >> 11) * 0x1p-53;
}

/* ---- shared inputs and handles (made on the main thread, then const) ----------- */

#define RK_N 400
#define RK_H 10
static double rk_x[2 * RK_N], rk_y[RK_N], rk_p[RK_N];
static int32_t rk_g[RK_N];

#define MK_T 30
#define MK_K 2100
static const double MK_P[9] = {0.85, 0.10, 0.05, 0.00, 0.80, 0.20, 0, 0, 1};
static const double MK_COST[3] = {1000, 5000, 0}, MK_UTIL[3] = {0.9, 0.6, 0}, MK_ALIVE[3] = {1, 1, 0};
static double mk_p[MK_K * 9], mk_c[MK_K * 3], mk_u[MK_K * 3];

#define LG_N 3000
static int32_t lg_k[LG_N];
static double lg_c[LG_N], lg_r[LG_N], lg_m[LG_N];
#define LG_BIG (2 * 65536)
static int32_t *big_k;
static double *big_c, *big_r, *big_m;

static const value_risk *s_risk, *s_hier;
static const value_markov *s_markov, *s_markov_batch;
static const value_psm *s_psm;
static const value_eq5d *s_eq5d;
static const value_ledger *s_ledger;
static const value_contract *s_contract[7];
static const value_sampler *s_sampler;
static const value_sampler *s_sampler_threads; /* draws on 2 threads of its own */
static const value_model *s_model;             /* runs its PSA and microsimulation on 2 threads */
static const value_profile *s_profile;
static const value_costing *s_costing;
static const value_discount *s_discount;
static const value_outcome *s_outcome;
static const value_survival_km *s_km;

/* Kaplan-Meier: 300 records of 3 groups with ties, censorings and weights. */
#define KM_N 300
static double km_t[KM_N], km_e[KM_N], km_w[KM_N];
static int32_t km_g[KM_N];

static void make_data(void)
{
    rng_state = 99;
    for (int i = 0; i < RK_N; i++) {
        double a = 2 * unif() - 1, b = unif() < 0.4;
        rk_x[2 * i] = a, rk_x[2 * i + 1] = b;
        rk_g[i] = i % RK_H;
        double eff = 0.4 * ((i % RK_H) - 4.5) / 4.5;
        rk_p[i] = 1 / (1 + exp(-(-0.8 + 1.1 * a + 0.7 * b)));
        rk_y[i] = unif() < 1 / (1 + exp(-(-0.8 + 1.1 * a + 0.7 * b + eff)));
    }
    for (int k = 0; k < MK_K; k++) {
        double a = 0.05 + 0.1 * unif(), b = 0.02 + 0.05 * unif(), c = 0.1 + 0.2 * unif();
        double *p = mk_p + 9 * k;
        p[0] = 1 - a - b, p[1] = a, p[2] = b, p[3] = 0, p[4] = 1 - c, p[5] = c, p[6] = 0, p[7] = 0, p[8] = 1;
        for (int s = 0; s < 3; s++)
            mk_c[3 * k + s] = MK_COST[s] * (0.8 + 0.4 * unif()), mk_u[3 * k + s] = MK_UTIL[s] * (0.9 + 0.1 * unif());
    }
    for (int i = 0; i < LG_N; i++)
        lg_k[i] = i % 3, lg_c[i] = 1000 + 20000 * unif(), lg_r[i] = 0.6 + unif(), lg_m[i] = 1 + (i % 12);
    big_k = malloc(LG_BIG * sizeof *big_k);
    big_c = malloc(LG_BIG * sizeof *big_c), big_r = malloc(LG_BIG * sizeof *big_r), big_m = malloc(LG_BIG * sizeof *big_m);
    if (!big_k || !big_c || !big_r || !big_m)
        exit(2);
    for (size_t i = 0; i < LG_BIG; i++)
        big_k[i] = (int32_t)(i % 3), big_c[i] = 100 + (double)(i % 977), big_r[i] = 1, big_m[i] = 12;
}

static value_risk *new_risk_fit(void)
{
    value_risk *m = NULL;
    OK(value_risk_new(VALUE_RISK_BINOMIAL, 2, &m));
    OK(value_risk_set_column_name(m, 0, "age"));
    OK(value_risk_fit(m, rk_x, 2 * RK_N, rk_y, NULL, NULL, RK_N));
    return m;
}

static value_markov *new_markov(void)
{
    value_markov *m = NULL;
    OK(value_markov_new(3, &m));
    OK(value_markov_set(m, VALUE_MARKOV_CYCLES, MK_T));
    OK(value_markov_set(m, VALUE_MARKOV_DISCOUNT_COSTS, 0.035));
    OK(value_markov_set(m, VALUE_MARKOV_DISCOUNT_EFFECTS, 0.035));
    OK(value_markov_set_initial(m, (const double[]){1, 0, 0}, 3));
    OK(value_markov_set_transitions(m, MK_P, 9));
    OK(value_markov_set_state_rewards(m, MK_COST, MK_UTIL, MK_ALIVE, 3));
    OK(value_markov_add_transition_reward(m, 0, 1, 2500, -0.05));
    return m;
}

static value_ledger *new_ledger(void)
{
    value_ledger *l = NULL;
    OK(value_ledger_new(3, &l));
    OK(value_ledger_set_bounds(l, (const double[]){500, 0, 0}, (const double[]){15000, INFINITY, 18000}, 3));
    OK(value_ledger_add(l, lg_k, lg_c, lg_r, lg_m, LG_N));
    return l;
}

static value_contract *new_contract(value_contract_kind kind)
{
    value_contract *c = NULL;
    OK(value_contract_new(kind, &c));
    switch (kind) {
    case VALUE_CONTRACT_FFS:
        OK(value_contract_set_fee_schedule(c, (const int32_t[]){1, 2, 3}, (const double[]){100, 250, 40}, 3));
        break;
    case VALUE_CONTRACT_CAPITATION:
        OK(value_contract_set(c, VALUE_CONTRACT_PMPM, 450));
        OK(value_contract_set(c, VALUE_CONTRACT_WITHHOLD, 0.05));
        OK(value_contract_set(c, VALUE_CONTRACT_RISK_ADJUST, 1));
        break;
    case VALUE_CONTRACT_BUNDLE:
        OK(value_contract_set(c, VALUE_CONTRACT_TARGET_PRICE, 10000));
        OK(value_contract_set(c, VALUE_CONTRACT_STOP_LOSS, 0.2));
        break;
    case VALUE_CONTRACT_SHARED_SAVINGS:
    case VALUE_CONTRACT_SHARED_RISK:
        OK(value_contract_set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 12000));
        OK(value_contract_set(c, VALUE_CONTRACT_RISK_ADJUST, 1));
        OK(value_contract_set_msr_table(c, (const double[]){10, 50, 100}, (const double[]){0.03, 0.02, 0.01}, 3));
        break;
    case VALUE_CONTRACT_P4P:
        OK(value_contract_set(c, VALUE_CONTRACT_P4P_MAX_BONUS, 0.05));
        OK(value_contract_set(c, VALUE_CONTRACT_P4P_MAX_PENALTY, 0.03));
        OK(value_contract_set(c, VALUE_CONTRACT_QUALITY_SCORE, 0.7));
        break;
    case VALUE_CONTRACT_RISK_CORRIDOR:
        OK(value_contract_set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 12000));
        OK(value_contract_set_corridor(c, (const double[]){0.03, 0.08}, (const double[]){0.5, 0.8}, 2));
        break;
    }
    return c;
}

static value_sampler *new_sampler(void)
{
    value_sampler *s = NULL;
    size_t i;
    OK(value_sampler_new(&s));
    OK(value_sampler_add(s, "cost", VALUE_SAMPLER_GAMMA_MEANSD, 2000, 500, 0, 0, &i));
    OK(value_sampler_add(s, "utility", VALUE_SAMPLER_BETA_MEANSD, 0.7, 0.1, 0, 0, &i));
    OK(value_sampler_add(s, "rr", VALUE_SAMPLER_LOGNORMAL_LOG, -0.2, 0.1, 0, 0, &i));
    OK(value_sampler_add(s, "age", VALUE_SAMPLER_TRUNCNORMAL, 60, 10, 40, 80, &i));
    OK(value_sampler_add_dirichlet(s, "trans", (const double[]){20, 5, 2}, 3, &i));
    OK(value_sampler_set_correlation(s, 0, 2, 0.4));
    OK(value_sampler_set_correlation(s, 0, 3, -0.3));
    return s;
}

/* Independent gamma and beta, a copula pair without Newton steps, a
 * Dirichlet and a multivariate normal block, drawn on 2 threads. */
static value_sampler *new_sampler_threads(void)
{
    value_sampler *s = NULL;
    size_t i;
    OK(value_sampler_new(&s));
    OK(value_sampler_add(s, "cost", VALUE_SAMPLER_GAMMA_MEANSD, 2000, 500, 0, 0, &i));
    OK(value_sampler_add(s, "utility", VALUE_SAMPLER_BETA_MEANSD, 0.7, 0.1, 0, 0, &i));
    OK(value_sampler_add(s, "rr", VALUE_SAMPLER_LOGNORMAL_LOG, -0.2, 0.1, 0, 0, &i));
    OK(value_sampler_add(s, "age", VALUE_SAMPLER_TRUNCNORMAL, 60, 10, 40, 80, &i));
    OK(value_sampler_add_dirichlet(s, "trans", (const double[]){20, 5, 2}, 3, &i));
    OK(value_sampler_add_mvnormal(s, (const char *[]){"b0", "b1"}, (const double[]){0.5, -1},
                                  (const double[]){0.04, -0.01, -0.01, 0.09}, 2, &i));
    OK(value_sampler_set_correlation(s, 2, 3, -0.3));
    OK(value_sampler_set_threads(s, 2));
    return s;
}

static const int32_t PR_G[8] = {0, 1, 2, 3, 4, 0, 2, 4};
static const double PR_O[8] = {3, 5, 2, 8, 1, 4, 2, 6}, PR_E[8] = {2.5, 4.1, 3.0, 6.2, 1.5, 3.3, 1.9, 5.5};
static const double PR_M[8] = {30, 41, 30, 62, 15, 33, 19, 55};

static value_profile *new_profile(void)
{
    value_profile *p = NULL;
    OK(value_profile_new(5, &p));
    OK(value_profile_add_counts(p, PR_G, PR_O, PR_E, PR_M, 8));
    return p;
}

static value_costing *new_costing(void)
{
    value_costing *c = NULL;
    size_t i, edu;
    OK(value_costing_new(&c));
    OK(value_costing_add_resource(c, "lab technician", 48000, 96000, 1.0, &i));
    OK(value_costing_add_resource(c, "nurse", 102000, 120000, 0.85, &i));
    OK(value_costing_add_resource(c, "endocrinologist", 360000, 100000, 0.90, &i));
    OK(value_costing_add_driver(c, "comorbidities", 1.5, &i));
    OK(value_costing_add_process(c, "podiatry check", &i));
    OK(value_costing_add_step(c, "podiatry check", "nurse", 15, 1, &i));
    OK(value_costing_add_consumable(c, "podiatry check", "monofilament kit", 5, 1, &i));
    OK(value_costing_add_process(c, "diabetes review", &i));
    OK(value_costing_add_step(c, "diabetes review", "lab technician", 10, 1, &i));
    OK(value_costing_add_step_cost(c, "diabetes review", i, 8));
    OK(value_costing_add_step(c, "diabetes review", "nurse", 20, 1, &edu));
    OK(value_costing_add_step_term(c, "diabetes review", edu, "comorbidities", 3));
    OK(value_costing_add_subprocess(c, "diabetes review", "podiatry check", 0.4, &i));
    OK(value_costing_add_step(c, "diabetes review", "endocrinologist", 5, 0.2, &i));
    return c;
}

static value_discount *new_discount(void)
{
    value_discount *d = NULL;
    OK(value_discount_new(0.035, &d));
    OK(value_discount_set(d, VALUE_DISCOUNT_TIMING, VALUE_DISCOUNT_MID));
    OK(value_discount_add_step(d, 30, 0.03));
    return d;
}

/* A declarative model with a PSA distribution and time in a state
 * (tunnels in the cohort, a clock per person in the microsimulation). */
static value_model *new_model(void)
{
    value_model *m = NULL;
    OK(value_model_new(&m));
    OK(value_model_add_state(m, "well", VALUE_MODEL_ALIVE));
    OK(value_model_add_state(m, "sick", VALUE_MODEL_ALIVE));
    OK(value_model_add_state(m, "dead", VALUE_MODEL_DEAD));
    OK(value_model_add_strategy(m, "usual"));
    OK(value_model_add_strategy(m, "new"));
    OK(value_model_add_category(m, "cost", VALUE_MODEL_COST));
    OK(value_model_add_category(m, "qaly", VALUE_MODEL_EFFECT));
    OK(value_model_set(m, VALUE_MODEL_CYCLES, 12));
    OK(value_model_set(m, VALUE_MODEL_THREADS, 2));
    OK(value_model_set_parameter(m, NULL, "p_sick", "0.1"));
    OK(value_model_set_distribution(m, "p_sick", VALUE_SAMPLER_BETA, 10, 90, 0, 0));
    OK(value_model_set_parameter(m, NULL, "rr", "1"));
    OK(value_model_set_parameter(m, "new", "rr", "0.7"));
    OK(value_model_set_transition(m, NULL, "well", "sick", "p_sick * rr"));
    OK(value_model_set_transition(m, NULL, "well", "well", "C"));
    OK(value_model_set_transition(m, NULL, "sick", "dead", "min(0.05 * state_time, 1)"));
    OK(value_model_set_transition(m, NULL, "sick", "sick", "C"));
    OK(value_model_set_state_value(m, NULL, "cost", "sick", "1000 + 100 * state_time"));
    OK(value_model_set_state_value(m, "new", "cost", "well", "300"));
    OK(value_model_set_state_value(m, NULL, "qaly", "well", "1"));
    OK(value_model_set_state_value(m, NULL, "qaly", "sick", "0.6"));
    return m;
}

static void make_shared(void)
{
    s_risk = new_risk_fit();
    value_risk *h = NULL;
    OK(value_risk_new(VALUE_RISK_BINOMIAL, 2, &h));
    OK(value_risk_fit_random_intercept(h, rk_x, 2 * RK_N, rk_y, rk_g, RK_N, RK_H));
    s_hier = h;
    s_markov = new_markov();
    value_markov *b = new_markov();
    OK(value_markov_set(b, VALUE_MARKOV_THREADS, 2)); /* 2 x 1,050 draws: the batch runs 2 threads */
    /* the default life-year weights, found from each draw in each thread */
    OK(value_markov_set_state_rewards(b, MK_COST, MK_UTIL, NULL, 3));
    OK(value_markov_set(b, VALUE_MARKOV_TRANSITION_TIMING, VALUE_MARKOV_TRANSITION_MID));
    s_markov_batch = b;
    value_psm *ps = NULL;
    OK(value_psm_new(3, 40, 1.0, &ps));
    value_discount *pd = NULL;
    OK(value_discount_new(0.035, &pd));
    OK(value_psm_set_discount(ps, pd, pd));
    value_discount_free(pd);
    OK(value_psm_set_state_rewards(ps, MK_COST, MK_UTIL, 3));
    s_psm = ps;
    value_eq5d *e = NULL;
    OK(value_eq5d_builtin("UK-TTO", &e));
    s_eq5d = e;
    s_ledger = new_ledger();
    for (int k = VALUE_CONTRACT_FFS; k <= VALUE_CONTRACT_RISK_CORRIDOR; k++)
        s_contract[k - 1] = new_contract((value_contract_kind)k);
    s_sampler = new_sampler();
    s_sampler_threads = new_sampler_threads();
    s_model = new_model();
    s_profile = new_profile();
    s_costing = new_costing();
    s_discount = new_discount();
    value_outcome *o = NULL;
    OK(value_outcome_new("PROM", VALUE_OUTCOME_TYPE_PROM, VALUE_OUTCOME_LEVEL_OUTCOME, VALUE_OUTCOME_HIGHER_IS_BETTER,
                         VALUE_OUTCOME_MEAN, "points", &o));
    s_outcome = o;
    for (int i = 0; i < KM_N; i++) {
        km_t[i] = (double)((i * 37) % 101) / 4;
        km_e[i] = (i % 5) != 0;
        km_w[i] = 1 + (i % 3) * 0.25;
        km_g[i] = i % 3;
    }
    value_survival_km *km = NULL;
    OK(value_survival_km_new(km_t, km_e, km_w, km_g, KM_N, 3, &km));
    s_km = km;
}

static void free_shared(void)
{
    value_risk_free((value_risk *)s_risk);
    value_risk_free((value_risk *)s_hier);
    value_markov_free((value_markov *)s_markov);
    value_markov_free((value_markov *)s_markov_batch);
    value_psm_free((value_psm *)s_psm);
    value_eq5d_free((value_eq5d *)s_eq5d);
    value_ledger_free((value_ledger *)s_ledger);
    for (int k = 0; k < 7; k++)
        value_contract_free((value_contract *)s_contract[k]);
    value_sampler_free((value_sampler *)s_sampler);
    value_sampler_free((value_sampler *)s_sampler_threads);
    value_model_free((value_model *)s_model);
    value_profile_free((value_profile *)s_profile);
    value_costing_free((value_costing *)s_costing);
    value_discount_free((value_discount *)s_discount);
    value_outcome_free((value_outcome *)s_outcome);
    value_survival_km_free((value_survival_km *)s_km);
    free(big_k), free(big_c), free(big_r), free(big_m);
}

/* ---- reader tasks: shared const handles ------------------------------------------- */

static void settlement_bytes(const value_settlement *s)
{
    for (int i = 1; i < VALUE_SETTLEMENT_N_ITEMS; i++) {
        double v = 0;
        put_int(value_settlement_get(s, (value_settlement_item)i, &v));
        put_double(v);
    }
    size_t n = 0;
    put_int(value_settlement_line_count(s, &n));
    for (size_t i = 0; i < n; i++) {
        const char *step = NULL, *text = NULL;
        double amount = 0;
        put_int(value_settlement_line(s, i, &step, &text, &amount));
        put_str(step), put_str(text), put_double(amount);
    }
}

static void t_risk_predict(void)
{
    static _Thread_local double e[RK_N], u[RK_N];
    put_rc(value_risk_predict(s_risk, rk_x, 2 * RK_N, NULL, RK_N, e, u, RK_N));
    put(e, sizeof e), put(u, sizeof u);
    put_rc(value_risk_predict_se(s_risk, rk_x, 2 * RK_N, NULL, RK_N, e, u, RK_N));
    put(e, sizeof e), put(u, sizeof u);
    double c[3], se[3], st[3], p[3], cov[9];
    put_rc(value_risk_coefficients(s_risk, c, se, st, p, 3));
    put(c, sizeof c), put(se, sizeof se), put(st, sizeof st), put(p, sizeof p);
    put_rc(value_risk_covariance(s_risk, cov, 9));
    put(cov, sizeof cov);
    for (int k = VALUE_RISK_INTERCEPT; k <= VALUE_RISK_N_PROVIDERS; k++) {
        double v = 0;
        put_rc(value_risk_get(s_risk, (value_risk_param)k, &v));
        put_double(v);
    }
    const char *name = NULL;
    put_rc(value_risk_coef_name(s_risk, 1, &name));
    put_str(name ? name : "");
}

static void t_risk_hier(void)
{
    double eff[RK_H], o[RK_H], p[RK_H], e[RK_H], r[RK_H], rate[RK_H];
    put_rc(value_risk_provider_effects(s_hier, eff, RK_H));
    put(eff, sizeof eff);
    put_rc(value_risk_standardized_rates(s_hier, rk_x, 2 * RK_N, rk_y, rk_g, RK_N, o, p, e, r, rate, RK_H));
    put(o, sizeof o), put(p, sizeof p), put(e, sizeof e), put(r, sizeof r), put(rate, sizeof rate);
    double perf[VALUE_RISK_PERF_N_STATS];
    put_rc(value_risk_performance(rk_y, rk_p, RK_N, 10, perf, VALUE_RISK_PERF_N_STATS));
    put(perf, sizeof perf);
}

static void t_markov_run(void)
{
    double c, q, l, tr[(MK_T + 1) * 3], cc[MK_T + 1], cq[MK_T + 1], cl[MK_T + 1];
    put_rc(value_markov_run(s_markov, &c, &q, &l));
    put_double(c), put_double(q), put_double(l);
    put_rc(value_markov_trace(s_markov, tr, (MK_T + 1) * 3));
    put(tr, sizeof tr);
    put_rc(value_markov_cycle_values(s_markov, cc, cq, cl, MK_T + 1));
    put(cc, sizeof cc), put(cq, sizeof cq), put(cl, sizeof cl);
}

static void t_markov_batch(void)
{
    static _Thread_local double oc[MK_K], oq[MK_K], ol[MK_K];
    put_rc(value_markov_run_batch(s_markov_batch, mk_p, 9 * MK_K, mk_c, mk_u, 3 * MK_K, MK_K, oc, oq, ol, MK_K));
    put(oc, sizeof oc), put(oq, sizeof oq), put(ol, sizeof ol);
}

static void t_psm(void)
{ /* the curves from the shared model, then every reader on them; PFS above OS late (a crossing) */
    static _Thread_local double sv[4 * 41], tr[41 * 3], v[9], oc[4], oq[4], ol[4];
    const double rates[4] = {0.5, 0.2, 0.3, 0.25}, c[3] = {0};
    put_rc(value_psm_curve(s_psm, VALUE_PSM_EXPONENTIAL, rates, 4, sv, 4 * 41));
    put(sv, sizeof sv);
    double r[3];
    size_t x[3];
    put_rc(value_psm_run(s_psm, sv, 82, &r[0], &r[1], &r[2]));
    put(r, sizeof r);
    put_rc(value_psm_state_values(s_psm, sv, 82, v, v + 3, v + 6, 3));
    put(v, sizeof v);
    put_rc(value_psm_trace(s_psm, sv + 82, 82, tr, 41 * 3));
    put(tr, sizeof tr);
    put_rc(value_psm_crossings(s_psm, sv + 82, 82, &x[0], &x[1], &x[2]));
    put(x, sizeof x);
    put_rc(value_psm_run_batch(s_psm, sv, 4 * 41, NULL, NULL, 0, 2, oc, oq, ol, 2));
    put(oc, sizeof oc), put(oq, sizeof oq), put(ol, sizeof ol);
    put_rc(value_psm_run(s_psm, c, 3, &r[0], &r[1], &r[2])); /* fails: n */
}

static void t_eq5d(void)
{
    int32_t states[243];
    double idx[243];
    size_t k = 0;
    for (int a = 1; a <= 3; a++)
        for (int b = 1; b <= 3; b++)
            for (int c = 1; c <= 3; c++)
                for (int d = 1; d <= 3; d++)
                    for (int e = 1; e <= 3; e++)
                        states[k++] = 10000 * a + 1000 * b + 100 * c + 10 * d + e;
    put_rc(value_eq5d_indices(s_eq5d, states, 243, idx, 243));
    put(idx, sizeof idx);
    for (int i = 0; i < 243; i += 17) {
        double v = 0;
        put_rc(value_eq5d_index(s_eq5d, states[i], &v));
        put_double(v);
    }
    double v = 0;
    put_rc(value_eq5d_index(s_eq5d, 12345, &v)); /* fails: the message is this thread's */
    const char *name = NULL;
    put_rc(value_eq5d_name(s_eq5d, &name));
    put_str(name);
}

static void t_ledger(void)
{
    for (size_t k = 0; k < 4; k++) { /* contract 3 does not exist: a per-thread message */
        double a[7] = {0};
        put_rc(value_ledger_totals(s_ledger, k, &a[0], &a[1], &a[2], &a[3], &a[4], &a[5], &a[6]));
        put(a, sizeof a);
    }
    size_t len = 0;
    put_rc(value_ledger_serialized_size(s_ledger, &len));
    unsigned char *b = malloc(len ? len : 1);
    if (b == NULL)
        exit(2);
    put_rc(value_ledger_serialize(s_ledger, b, len));
    put(b, len);
    value_ledger *copy = NULL;
    put_rc(value_ledger_deserialize(b, len, &copy));
    free(b);
    double a[7] = {0};
    put_rc(value_ledger_totals(copy, 1, &a[0], &a[1], &a[2], &a[3], &a[4], &a[5], &a[6]));
    put(a, sizeof a);
    value_ledger_free(copy);
}

static void t_contract_settle(void)
{
    for (int k = 0; k < 7; k++) {
        const value_contract *c = s_contract[k];
        int32_t kind = 0;
        put_rc(value_contract_kind_of(c, &kind));
        value_settlement *s = NULL;
        int rc = kind == VALUE_CONTRACT_FFS
                     ? value_contract_settle_services(c, (const int32_t[]){1, 3, 2, 1}, (const double[]){2, 1, 1, 3}, 4, &s)
                     : value_contract_settle(c, s_ledger, (size_t)k % 3, &s);
        put_rc(rc);
        if (rc == VALUE_OK)
            settlement_bytes(s);
        value_settlement_free(s);
        s = NULL;
        if (kind != VALUE_CONTRACT_FFS && (rc = value_contract_settle_totals(c, 100, 1200, 1.05, 1e6, &s)) == VALUE_OK)
            settlement_bytes(s);
        put_rc(rc);
        value_settlement_free(s);
    }
    const int32_t items[3] = {VALUE_SETTLEMENT_FINAL_PAYMENT, VALUE_SETTLEMENT_BENCHMARK, VALUE_SETTLEMENT_EXPENDITURE};
    double out[9];
    put_rc(value_contract_settle_all(s_contract[VALUE_CONTRACT_SHARED_RISK - 1], s_ledger, items, 3, out, 9));
    put(out, sizeof out);
}

static void t_sampler(void)
{
    static _Thread_local double d[200 * 7];
    put_rc(value_sampler_draw(s_sampler, 20240607, 200, d, 200 * 7));
    put(d, sizeof d);
    size_t n = 0;
    put_rc(value_sampler_count(s_sampler, &n));
    const char *name = NULL;
    put_rc(value_sampler_name(s_sampler, 5, &name));
    put_str(name ? name : "");
}

static void t_survival_km(void)
{
    static _Thread_local double t[KM_N * VALUE_SURVIVAL_KM_N_COLS], at[4 * VALUE_SURVIVAL_KM_N_COLS];
    const double times[4] = {0, 5, 10, 30};
    for (size_t g = 0; g < 3; g++) {
        size_t m = 0;
        double r[5];
        put_rc(value_survival_km_size(s_km, g, &m));
        put_rc(value_survival_km_table(s_km, g, 0.95, t, m * VALUE_SURVIVAL_KM_N_COLS));
        put(t, m * VALUE_SURVIVAL_KM_N_COLS * sizeof *t);
        put_rc(value_survival_km_at(s_km, g, times, 4, 0.9, at, 4 * VALUE_SURVIVAL_KM_N_COLS));
        put(at, sizeof at);
        put_rc(value_survival_km_median(s_km, g, 0.95, &r[0], &r[1], &r[2]));
        put_rc(value_survival_km_rmst(s_km, g, 20, &r[3], &r[4]));
        put(r, sizeof r);
    }
}

/* 2,000 draws of 9 columns: two shares of 9,000 values, two threads */
static void t_sampler_threads(void)
{
    static _Thread_local double d[2000 * 9];
    put_rc(value_sampler_draw(s_sampler_threads, 20240607, 2000, d, 2000 * 9));
    put(d, sizeof d);
}

/* 2,100 draws (two jobs of the PSA) and 8,200 people (two of the
 * microsimulation), each on the model's 2 threads */
static void t_model(void)
{
    static _Thread_local double c[2100 * 2], e[2100 * 2];
    double r[3][2], se[2][2];
    put_rc(value_model_run(s_model, NULL, r[0], r[1], r[2], 2));
    put(r, sizeof r);
    put_rc(value_model_psa(s_model, NULL, 20261203, 2100, c, e, 2100 * 2, NULL, 0));
    put(c, sizeof c);
    put(e, sizeof e);
    put_rc(value_model_microsim(s_model, NULL, 7, 8200, r[0], r[1], r[2], se[0], se[1], 2));
    put(r, sizeof r);
    put(se, sizeof se);
}

static void t_profile(void)
{
    double a[8][5];
    put_rc(value_profile_results(s_profile, 0.95, 0.12, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], 5));
    put(a, sizeof a);
}

static void t_costing(void)
{
    double cost = 0, items[4] = {0}, cap[4][3] = {{0}};
    const double drivers[1] = {2};
    put_rc(value_costing_episode_cost(s_costing, "diabetes review", drivers, 1, &cost));
    put_double(cost);
    put_rc(value_costing_cost_by_item(s_costing, "diabetes review", drivers, 1, items, 4));
    put(items, sizeof items);
    put_rc(value_costing_capacity(s_costing, (const double[]){800, 3000}, 2, cap[0], cap[1], cap[2], cap[3], 3));
    put(cap, sizeof cap);
    double rate = 0;
    put_rc(value_costing_resource_rate(s_costing, "nurse", &rate));
    put_double(rate);
    put_rc(value_costing_resource_rate(s_costing, "surgeon", &rate)); /* fails */
}

static void t_discount(void)
{
    const double flows[6] = {-70000, 12000, 15000, 18000, 21000, 26000};
    double pv = 0, f[60], irr = 0;
    put_rc(value_discount_pv(s_discount, flows, 6, &pv));
    put_double(pv);
    put_rc(value_discount_factors(s_discount, f, 60));
    put(f, sizeof f);
    put_rc(value_discount_irr(flows, 6, &irr));
    put_double(irr);
    double q = 0, ly = 0;
    put_rc(value_qaly_profile((const double[]){0, 1, 3, 7}, (const double[]){0.8, 0.6, 0.7, 0.5}, 4, VALUE_QALY_LINEAR,
                              s_discount, VALUE_QALY_CONTINUOUS, &q, &ly));
    put_double(q), put_double(ly);
    double e = 0, lo = 0, hi = 0;
    put_rc(value_outcome_compute(s_outcome, (const double[]){31, 40, 28, 45, 39}, 5, &e, &lo, &hi));
    put_double(e), put_double(lo), put_double(hi);
}

static void t_cms(void)
{
    int first = 0, last = 0;
    put_rc(value_cms_years("mssp", &first, &last));
    put_int(first), put_int(last);
    size_t n = 0;
    put_rc(value_cms_parameter_count("aca", 2015, "corridor.threshold", &n));
    for (size_t i = 0; i < n; i++) {
        double v = 0;
        put_rc(value_cms_parameter("aca", 2015, "corridor.threshold", i, &v));
        put_double(v);
    }
    double v = 0;
    put_rc(value_cms_parameter("hvbp", 2031, "withhold", 0, &v)); /* fails */
    value_settlement *s = NULL;
    int rc = value_mssp_settle(2014, VALUE_MSSP_TRACK_1, VALUE_MSSP_MSR_BY_POPULATION, 2, 0.9, 12000, 1.2e8, 1.1e8, 0, &s);
    put_rc(rc);
    if (rc == VALUE_OK)
        settlement_bytes(s);
    value_settlement_free(s);
    const double ds[10] = {115.0 / 3, 46, 130.0 / 3, NAN, NAN, 40, 60, 80, 20, NAN};
    double tps[2];
    put_rc(value_hvbp_tps(ds, 10, 2024, tps, 2));
    put(tps, sizeof tps);
    const double score[3] = {20, 60, 95};
    double adj[3];
    put_rc(value_mips_adjustment(2019, score, 3, 1.5, 0.3, adj, 3));
    put(adj, sizeof adj);
    double aca[2];
    put_rc(value_aca_risk_corridor(2015, (const double[]){1e6, 2e6}, (const double[]){1.05e6, 2.3e6}, 2, aca, 2));
    put(aca, sizeof aca);
    double ra[4], rw = 0, rr[4];
    put_rc(value_mssp_benchmark_regional(2024, 2, (const double[]){65000, 13000, 16000, 10000},
                                         (const double[]){60000, 12000, 15500, 9000},
                                         (const double[]){80000, 12000, 15000, 10000},
                                         (const double[]){100, 400, 500, 4000}, 4, 0.2, ra, 4, &rw));
    put(ra, sizeof ra), put_double(rw);
    put_rc(value_mssp_benchmark_risk_ratio(2019, (const double[]){1.00, 1.20, 1.10, 0.90},
                                           (const double[]){1.05, 1.14, 1.12, 0.90}, 4, rr, 4));
    put(rr, sizeof rr);
}

/* The GSL guard: an error inside a bracket is this thread's; a bracket
 * without one succeeds, whatever the other threads' brackets hold. */
static void t_gsl_guard(void)
{
    for (int i = 0; i < 20; i++) {
        value__gsl_begin();
        double r = gsl_sf_log(-1.0 - i); /* GSL_EDOM through GSL's handler */
        put_int(value__gsl_pending());
        put_rc(value__gsl_end("check_tsan log"));
        put_int(isnan(r));
        value__gsl_begin();
        value__gsl_begin(); /* nested */
        gsl_sf_result res;
        int st = gsl_sf_log_e(2.0 + i, &res);
        put_int(st);
        put_double(res.val);
        put_rc(value__gsl_end("inner"));
        put_rc(value__gsl_end("outer"));
        value__gsl_begin();
        value__gsl_begin();
        (void)gsl_sf_log(0.0); /* an error in the inner bracket */
        put_rc(value__gsl_end("inner"));
        put_rc(value__gsl_end("outer"));
    }
}

static void t_stateless(void)
{
    double cost[30], eff[30];
    for (int i = 0; i < 10; i++)
        for (int s = 0; s < 3; s++)
            cost[3 * i + s] = 1000 * (s + 1) + 37 * ((i * 7 + s) % 11), eff[3 * i + s] = 1 + 0.05 * s + 0.01 * ((i + s) % 5);
    const double lam[3] = {0, 20000, 50000};
    double ceac[9], loss[9], evpi[3], prob[3];
    int32_t ceaf[3];
    put_rc(value_psa_curves(cost, eff, 30, 3, lam, 3, ceac, loss, 9, evpi, ceaf, prob, 3));
    put(ceac, sizeof ceac), put(loss, sizeof loss), put(evpi, sizeof evpi), put(ceaf, sizeof ceaf), put(prob, sizeof prob);
    const double fo[6] = {12, 30, 7, 50, 22, 41}, fn[6] = {100, 250, 80, 400, 150, 300};
    double z[6], phi, tau2, tgt;
    int32_t flag[6];
    put_rc(value_funnel_assess(VALUE_FUNNEL_PROPORTION, fo, fn, 6, 0, VALUE_FUNNEL_OD_ADDITIVE, 0.1, z, flag, 6, &phi,
                               &tau2, &tgt));
    put(z, sizeof z), put(flag, sizeof flag), put_double(phi), put_double(tau2), put_double(tgt);
    double fair[VALUE_FAIRNESS_N_SUMMARY];
    put_rc(value_fairness_summary(rk_y, rk_p, rk_g, RK_N, 0.4, RK_H, fair, VALUE_FAIRNESS_N_SUMMARY));
    put(fair, sizeof fair);
}

/* ---- mutator tasks: handles of the thread's own ----------------------------------------- */

static void m_costing(void)
{
    value_costing *c = new_costing();
    size_t i;
    put_rc(value_costing_add_resource(c, "pharmacist", 90000, 100000, 0.9, &i));
    put_rc(value_costing_add_step(c, "diabetes review", "pharmacist", 12, 1, &i));
    put_rc(value_costing_add_step(c, "diabetes review", "dietitian", 12, 1, &i)); /* fails */
    double cost = 0;
    put_rc(value_costing_episode_cost(c, "diabetes review", NULL, 0, &cost));
    put_double(cost);
    value_costing_free(c);
}

static void m_ledger(void)
{
    value_ledger *l = new_ledger(), *m = new_ledger();
    put_rc(value_ledger_set_threads(l, 2));
    put_rc(value_ledger_add(l, big_k, big_c, big_r, big_m, LG_BIG)); /* 2 threads inside */
    put_rc(value_ledger_merge(m, l));
    put_rc(value_ledger_merge(m, s_ledger)); /* from a shared one */
    size_t len = 0;
    put_rc(value_ledger_serialized_size(m, &len));
    unsigned char *b = malloc(len);
    if (b == NULL)
        exit(2);
    put_rc(value_ledger_serialize(m, b, len));
    put(b, len);
    free(b);
    value_ledger_free(l);
    value_ledger_free(m);
}

static void m_risk(void)
{
    value_risk *m = new_risk_fit();
    double c[3], se[3], st[3], p[3];
    put_rc(value_risk_coefficients(m, c, se, st, p, 3));
    put(c, sizeof c), put(se, sizeof se);
    put_rc(value_risk_set(m, VALUE_RISK_MAX_ITER, 50));
    put_rc(value_risk_fit(m, rk_x, 2 * 300, rk_y, NULL, NULL, 300));
    put_rc(value_risk_coefficients(m, c, se, st, p, 3));
    put(c, sizeof c), put(se, sizeof se), put(p, sizeof p);
    value_risk_free(m);
}

static void m_markov(void)
{
    value_markov *m = new_markov();
    put_rc(value_markov_set(m, VALUE_MARKOV_CORRECTION, VALUE_MARKOV_SIMPSON));
    put_rc(value_markov_set_initial(m, (const double[]){0.6, 0.4, 0}, 3));
    double c, q, l;
    put_rc(value_markov_run(m, &c, &q, &l));
    put_double(c), put_double(q), put_double(l);
    value_markov_free(m);
}

static void m_sampler_profile_contract(void)
{
    value_sampler *s = new_sampler();
    size_t i;
    put_rc(value_sampler_add(s, "extra", VALUE_SAMPLER_NORMAL, 1, 2, 0, 0, &i));
    put_rc(value_sampler_set_threads(s, 3));
    put_rc(value_sampler_set_threads(s, 0)); /* fails */
    double d[10 * 8];
    put_rc(value_sampler_draw(s, 7, 10, d, 10 * 8));
    put(d, sizeof d);
    value_sampler_free(s);

    value_profile *p = new_profile();
    put_rc(value_profile_merge(p, s_profile));
    double a[8][5];
    put_rc(value_profile_results(p, 0.9, 0.1, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], 5));
    put(a, sizeof a);
    value_profile_free(p);

    value_contract *c = new_contract(VALUE_CONTRACT_SHARED_RISK);
    put_rc(value_contract_set(c, VALUE_CONTRACT_SHARING_RATE, 0.6));
    put_rc(value_contract_set(c, VALUE_CONTRACT_MSR, 2.0)); /* fails */
    value_settlement *st = NULL;
    int rc = value_contract_settle(c, s_ledger, 0, &st);
    put_rc(rc);
    if (rc == VALUE_OK)
        settlement_bytes(st);
    value_settlement_free(st);
    value_contract_free(c);
}

/* ---- the run -------------------------------------------------------------------------- */

typedef struct task {
    const char *name;
    void (*fn)(void);
    snap ref;
} task;

#define T(f) {#f, f, {0}}
static task READ_TASKS[] = {
    T(t_risk_predict), T(t_risk_hier), T(t_markov_run), T(t_markov_batch), T(t_psm), T(t_eq5d), T(t_ledger),
    T(t_contract_settle), T(t_sampler), T(t_sampler_threads), T(t_model), T(t_profile), T(t_costing), T(t_discount), T(t_cms), T(t_gsl_guard), T(t_survival_km),
    T(t_stateless),
};
static task WRITE_TASKS[] = {
    T(m_costing), T(m_ledger), T(m_risk), T(m_markov), T(m_sampler_profile_contract),
};
#define N_READ (sizeof READ_TASKS / sizeof *READ_TASKS)
#define N_WRITE (sizeof WRITE_TASKS / sizeof *WRITE_TASKS)

/* Counts per thread, summed after the joins: a shared atomic counter
 * would order the threads' tasks (each increment a release and an
 * acquire) and hide the races ThreadSanitizer is here to see. */
typedef struct counts {
    size_t compared, differed;
} counts;
static _Thread_local counts *my_counts;
static counts thread_counts[READERS + MUTATORS];
static pthread_barrier_t start_line, readers_line;

static const char *only; /* CHECK_TSAN_ONLY=name,name...: only those tasks */

static int chosen(const char *name)
{
    if (only == NULL)
        return 1;
    size_t n = strlen(name);
    for (const char *p = only; (p = strstr(p, name)) != NULL; p += n)
        if ((p == only || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return 0;
}

static void run_task(task *t)
{
    if (!chosen(t->name))
        return;
    snap s = {0};
    cur = &s;
    t->fn();
    cur = NULL;
    my_counts->compared++;
    if (s.n != t->ref.n || memcmp(s.p, t->ref.p, s.n) != 0) {
        if (my_counts->differed++ < 3)
            fprintf(stderr, "FAIL %s: a thread's result differs from the single-thread reference\n", t->name);
    }
    free(s.p);
}

static void *reader(void *arg)
{
    size_t start = (size_t)(uintptr_t)arg;
    my_counts = &thread_counts[start];
    pthread_barrier_wait(&start_line);
    /* round 0 in step: every reader on the same task at the same time */
    for (size_t i = 0; i < N_READ; i++) {
        pthread_barrier_wait(&readers_line);
        run_task(&READ_TASKS[i]);
    }
    /* later rounds staggered: each reader from a task of its own */
    for (int r = 1; r < ROUNDS; r++)
        for (size_t i = 0; i < N_READ; i++)
            run_task(&READ_TASKS[(3 * start + i) % N_READ]);
    return NULL;
}

static void *mutator(void *arg)
{
    size_t start = (size_t)(uintptr_t)arg;
    my_counts = &thread_counts[start];
    pthread_barrier_wait(&start_line);
    for (int r = 0; r < ROUNDS; r++)
        for (size_t i = 0; i < N_WRITE; i++)
            run_task(&WRITE_TASKS[(3 * start + i) % N_WRITE]);
    return NULL;
}

int main(void)
{
    make_data();
    make_shared();
    verbose = getenv("CHECK_TSAN_VERBOSE") != NULL;
    only = getenv("CHECK_TSAN_ONLY");
    for (size_t i = 0; i < N_READ; i++)
        task_name = READ_TASKS[i].name, cur = &READ_TASKS[i].ref, READ_TASKS[i].fn();
    for (size_t i = 0; i < N_WRITE; i++)
        task_name = WRITE_TASKS[i].name, cur = &WRITE_TASKS[i].ref, WRITE_TASKS[i].fn();
    cur = NULL;
    verbose = 0;

    pthread_t tid[READERS + MUTATORS];
    pthread_barrier_init(&start_line, NULL, READERS + MUTATORS);
    pthread_barrier_init(&readers_line, NULL, READERS);
    for (size_t i = 0; i < READERS + MUTATORS; i++)
        if (pthread_create(&tid[i], NULL, i < READERS ? reader : mutator, (void *)(uintptr_t)i) != 0) {
            fprintf(stderr, "check_tsan: cannot start thread %zu\n", i);
            return 2;
        }
    for (size_t i = 0; i < READERS + MUTATORS; i++)
        pthread_join(tid[i], NULL);
    pthread_barrier_destroy(&start_line);
    pthread_barrier_destroy(&readers_line);

    for (size_t i = 0; i < N_READ; i++)
        free(READ_TASKS[i].ref.p);
    for (size_t i = 0; i < N_WRITE; i++)
        free(WRITE_TASKS[i].ref.p);
    free_shared();
    size_t c = 0, d = 0;
    for (size_t i = 0; i < READERS + MUTATORS; i++)
        c += thread_counts[i].compared, d += thread_counts[i].differed;
    printf("check_tsan: %d reader threads x %zu tasks on shared const handles and %d mutator threads x %zu tasks on "
           "their own, %d rounds: %zu results compared bitwise with single-thread references, %zu differed\n",
           READERS, N_READ, MUTATORS, N_WRITE, ROUNDS, c, d);
    return d == 0 ? 0 : 1;
}
