/*
 * `make check-oom`: what every public call does when memory runs out.
 *
 * The library's convenience archive is linked with the shim of shim.c in
 * front of every allocating function it calls (malloc, calloc, realloc,
 * aligned_alloc, posix_memalign, fopen, pthread_create, gsl_rng_alloc,
 * gsl_root_fsolver_alloc).  A workload is one public call (or, marked
 * "build", the calls that make one handle) on inputs set up beforehand
 * with the shim off.  It is run once counting the K allocations the call
 * attempts (its reference: it must succeed), then for N = 1..K twice:
 * failing allocation N only (mode A) and N and every later one (mode B).
 * Each case must
 *   - return VALUE_ENOMEM, with a message that says "memory", and leave
 *     the handle and every output exactly as they were (the observed
 *     state: getters, serialized bytes, results computed from the handle,
 *     output buffers, the output handle pointer, byte for byte); or, for
 *     the calls whose documentation promises a fallback (fewer threads),
 *     succeed with results identical to the reference;
 *   - not crash (ASan and UBSan watch, as the build is build-asan/);
 *   - free what it allocated: the shim's count of live blocks is the same
 *     after the workload (its fixtures freed) as before, and LeakSanitizer
 *     checks the whole run at exit.
 * The program prints the workloads, their K and the number of cases, and
 * exits non-zero on the first workload with a failing case (after listing
 * all of its failures).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define VALUE_EXPERIMENTAL
#include "value.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oom/shim.h"

/* The model module's internal expression engine (lib/evaluation/model_expr.c). */
#include "evaluation/model_expr.h"

#ifndef VALUE_TOP_SRCDIR
#error "VALUE_TOP_SRCDIR is defined by Makefile.am"
#endif

/* ---- the observed state ------------------------------------------------------ */

#define SNAP_CAP (4u << 20)
typedef struct snap {
    unsigned char *p;
    size_t n;
    int overflow;
} snap;
static unsigned char buf_before[SNAP_CAP], buf_after[SNAP_CAP], buf_ref[SNAP_CAP];
static snap before = {buf_before, 0, 0}, after = {buf_after, 0, 0}, ref = {buf_ref, 0, 0};
static snap *cur = &before;

static void put(const void *p, size_t n)
{
    if (cur->n + n > SNAP_CAP) {
        cur->overflow = 1;
        return;
    }
    memcpy(cur->p + cur->n, p, n);
    cur->n += n;
}
static void put_int(int v) { put(&v, sizeof v); }
static void put_size(size_t v) { put(&v, sizeof v); }
static void put_double(double v) { put(&v, sizeof v); }
static void put_str(const char *s)
{
    if (s == NULL)
        put_int(-1);
    else
        put(s, strlen(s) + 1);
}
static int same(const snap *a, const snap *b)
{
    return !a->overflow && !b->overflow && a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

/* An output handle not yet written: its pointer is this. */
static char untouched_obj;
#define UNTOUCHED ((void *)&untouched_obj)
/* Output buffers start filled with this byte. */
#define FILL 0xA5
#define FILLED(x) memset(&(x), FILL, sizeof(x))

/* ---- observers: a handle's whole visible state, or "untouched" ---------------- */

static void obs_costing(const value_costing *c)
{
    size_t nr = 0, nd = 0, np = 0;
    put_int(value_costing_counts(c, &nr, &nd, &np));
    put_size(nr), put_size(nd), put_size(np);
    for (size_t r = 0; r < nr; r++) {
        const char *name = NULL;
        double rate = 0;
        put_int(value_costing_resource_name(c, r, &name));
        put_str(name);
        put_int(value_costing_resource_rate(c, name, &rate));
        put_double(rate);
    }
    for (size_t d = 0; d < nd; d++) {
        const char *name = NULL;
        put_int(value_costing_driver_name(c, d, &name));
        put_str(name);
    }
    for (size_t p = 0; p < np; p++) {
        const char *name = NULL;
        size_t items = 0;
        double cost = 0;
        put_int(value_costing_process_name(c, p, &name));
        put_str(name);
        put_int(value_costing_process_items(c, name, &items));
        put_size(items);
        put_int(value_costing_episode_cost(c, name, NULL, 0, &cost));
        put_double(cost);
        double by_item[64] = {0};
        if (items <= 64) {
            put_int(value_costing_cost_by_item(c, name, NULL, 0, by_item, items));
            put(by_item, items * sizeof *by_item);
        }
    }
}

static void obs_discount(const value_discount *d)
{
    for (int p = VALUE_DISCOUNT_RATE; p <= VALUE_DISCOUNT_PERIODS_PER_YEAR; p++) {
        double v = 0;
        put_int(value_discount_get(d, (value_discount_param)p, &v));
        put_double(v);
    }
    const double t[] = {0, 0.5, 1, 2.5, 7, 20, 60};
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        double f = 0;
        put_int(value_discount_factor(d, t[i], &f));
        put_double(f);
    }
}

static void obs_outcome(const value_outcome *m)
{
    const char *name = NULL, *unit = NULL;
    int a = 0, b = 0, c = 0, e = 0;
    put_int(value_outcome_describe(m, &name, &unit, &a, &b, &c, &e));
    put_str(name), put_str(unit), put_int(a), put_int(b), put_int(c), put_int(e);
    for (int p = VALUE_OUTCOME_CONFIDENCE; p <= VALUE_OUTCOME_CI_METHOD; p++) {
        double v = 0;
        put_int(value_outcome_get(m, (value_outcome_param)p, &v));
        put_double(v);
    }
}

static void obs_eq5d(const value_eq5d *vs)
{
    const char *name = NULL;
    put_int(value_eq5d_name(vs, &name));
    put_str(name);
    int32_t states[243];
    double idx[243];
    size_t k = 0;
    for (int a = 1; a <= 3; a++)
        for (int b = 1; b <= 3; b++)
            for (int c = 1; c <= 3; c++)
                for (int d = 1; d <= 3; d++)
                    for (int e = 1; e <= 3; e++)
                        states[k++] = 10000 * a + 1000 * b + 100 * c + 10 * d + e;
    put_int(value_eq5d_indices(vs, states, 243, idx, 243));
    put(idx, sizeof idx);
}

static void obs_markov(const value_markov *m)
{
    double cycles = 0;
    for (int p = VALUE_MARKOV_CYCLES; p <= VALUE_MARKOV_TRANSITION_TIMING; p++) {
        double v = 0;
        put_int(value_markov_get(m, (value_markov_param)p, &v));
        put_double(v);
        if (p == VALUE_MARKOV_CYCLES)
            cycles = v;
    }
    double c = 0, q = 0, l = 0;
    put_int(value_markov_run(m, &c, &q, &l));
    put_double(c), put_double(q), put_double(l);
    if (cycles >= 1 && cycles <= 100) {
        double cc[101], cq[101], cl[101];
        size_t n = (size_t)cycles + 1;
        memset(cc, 0, sizeof cc), memset(cq, 0, sizeof cq), memset(cl, 0, sizeof cl);
        put_int(value_markov_cycle_values(m, cc, cq, cl, n));
        put(cc, n * sizeof *cc), put(cq, n * sizeof *cq), put(cl, n * sizeof *cl);
    }
}

static void obs_psm(const value_psm *p)
{
    static const double surv[10] = {1, 0.8, 0.6, 0.5, 0.4, 1, 0.9, 0.7, 0.6, 0.5};
    double c = 0, q = 0, l = 0, v[9] = {0};
    put_int(value_psm_run(p, surv, 10, &c, &q, &l));
    put_double(c), put_double(q), put_double(l);
    put_int(value_psm_state_values(p, surv, 10, v, v + 3, v + 6, 3));
    put(v, sizeof v);
}

static void obs_sampler(const value_sampler *s)
{
    size_t p = 0;
    put_int(value_sampler_count(s, &p));
    put_size(p);
    for (size_t i = 0; i < p; i++) {
        const char *name = NULL;
        put_int(value_sampler_name(s, i, &name));
        put_str(name);
    }
    if (p > 0 && p <= 64) {
        double d[5 * 64];
        memset(d, 0, sizeof d);
        put_int(value_sampler_draw(s, 20240607, 5, d, 5 * p));
        put(d, 5 * p * sizeof *d);
    }
}

static void obs_risk(const value_risk *m)
{
    double p = 0;
    for (int k = VALUE_RISK_INTERCEPT; k <= VALUE_RISK_N_PROVIDERS; k++) {
        double v = 0;
        put_int(value_risk_get(m, (value_risk_param)k, &v));
        put_double(v);
        if (k == VALUE_RISK_N_COEF)
            p = v;
    }
    size_t np = (size_t)p;
    if (np >= 1 && np <= 16) {
        double coef[16], se[16], st[16], pv[16], cov[256];
        memset(coef, 0, sizeof coef), memset(se, 0, sizeof se), memset(st, 0, sizeof st), memset(pv, 0, sizeof pv);
        memset(cov, 0, sizeof cov);
        put_int(value_risk_coefficients(m, coef, se, st, pv, np));
        put(coef, sizeof coef), put(se, sizeof se), put(st, sizeof st), put(pv, sizeof pv);
        put_int(value_risk_covariance(m, cov, np * np));
        put(cov, sizeof cov);
        for (size_t k = 0; k < np; k++) {
            const char *name = NULL;
            put_int(value_risk_coef_name(m, k, &name));
            put_str(name);
        }
    }
    double np_ = 0;
    if (value_risk_get(m, VALUE_RISK_N_PROVIDERS, &np_) == VALUE_OK && np_ >= 1 && np_ <= 64) {
        double eff[64];
        memset(eff, 0, sizeof eff);
        put_int(value_risk_provider_effects(m, eff, (size_t)np_));
        put(eff, sizeof eff);
    }
}

static void obs_profile(const value_profile *p, size_t n)
{
    double a[8][16];
    memset(a, 0, sizeof a);
    put_int(value_profile_results(p, 0.95, 0.1, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], n));
    put(a, sizeof a);
}

static void obs_ledger(const value_ledger *l)
{
    size_t n = 0, len = 0;
    put_int(value_ledger_contracts(l, &n));
    put_size(n);
    put_int(value_ledger_serialized_size(l, &len));
    static uint8_t bytes[1 << 20];
    if (len <= sizeof bytes) {
        put_int(value_ledger_serialize(l, bytes, len));
        put(bytes, len);
    }
}

static void obs_settlement(const value_settlement *s)
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

static void obs_contract(const value_contract *c)
{
    int32_t kind = 0;
    put_int(value_contract_kind_of(c, &kind));
    put_int(kind);
    for (int p = 1; p <= 40; p++) {
        double v = 0;
        put_int(value_contract_get(c, (value_contract_param)p, &v));
        put_double(v);
    }
    value_settlement *s = NULL;
    int rc = kind == VALUE_CONTRACT_FFS ? value_contract_settle_services(c, (const int32_t[]){1, 2}, (const double[]){1, 2}, 2, &s)
                                        : value_contract_settle_totals(c, 100, 1200, 1.05, 1e6, &s);
    put_int(rc);
    if (rc == VALUE_OK)
        obs_settlement(s);
    value_settlement_free(s);
}

/* An output handle: "untouched" or what it holds. */
#define OBS_OUT(ptr, observe)                                                                                          \
    do {                                                                                                               \
        if ((void *)(ptr) == UNTOUCHED)                                                                                \
            put_str("untouched");                                                                                      \
        else if ((ptr) == NULL)                                                                                        \
            put_str("NULL");                                                                                           \
        else                                                                                                           \
            observe;                                                                                                   \
    } while (0)

/* ---- the cases ----------------------------------------------------------------- */

static struct {
    const char *name;
    int fallback;   /* a documented fallback: success with the reference result is right */
    int counting;   /* the reference run */
    size_t n;       /* inject at allocation n */
    int later;      /* and every later one */
    size_t k;       /* the reference run's allocations */
    int ran;        /* the workload reached its call */
    int ref_ok;
    int bad;        /* failures of this workload's cases */
    size_t fallbacks;
} X;

static void fail(const char *fmt, const char *call, const char *detail)
{
    if (X.bad++ < 12) {
        fprintf(stderr, "FAIL %s, allocation %zu%s: ", X.name, X.n, X.later ? " and later" : "");
        fprintf(stderr, fmt, call, detail);
        fputc('\n', stderr);
    }
}

/* A fresh message that is not about memory, so that a failure which sets
 * none is seen. */
static void stale_message(void)
{
    value_discount *d = NULL;
    (void)value_discount_new(NAN, &d);
}

static char msg_buf[1024];

static void judge(int rc, size_t attempts, size_t failed, const char *call)
{
    X.ran = 1;
    if (X.counting) {
        X.k = attempts;
        X.ref_ok = rc == VALUE_OK;
        if (rc != VALUE_OK)
            fprintf(stderr, "FAIL %s: the reference run of %s failed: %s\n", X.name, call, msg_buf);
        ref.n = after.n, ref.overflow = after.overflow;
        memcpy(ref.p, after.p, after.n);
        return;
    }
    if (after.overflow || before.overflow) {
        fail("%s: the observed state is too large%s", call, "");
        return;
    }
    if (failed == 0) { /* allocation n was not reached this time: the reference result */
        if (rc != VALUE_OK || !same(&after, &ref))
            fail("%s: %s", call, "no allocation failed, yet the result differs from the reference");
        return;
    }
    if (rc == VALUE_OK) {
        if (!same(&after, &ref))
            fail("%s returned VALUE_OK after a failed allocation, %s", call, "with a result that is not the reference");
        else if (!X.fallback)
            fail("%s returned VALUE_OK after a failed allocation %s", call, "(the reference result: an undocumented fallback)");
        else
            X.fallbacks++;
        return;
    }
    const char *msg = msg_buf;
    if (rc != VALUE_ENOMEM) {
        char d[1200];
        snprintf(d, sizeof d, "%d (%s): %s", rc, value_strerror(rc), msg);
        fail("%s returned %s, want VALUE_ENOMEM", call, d);
    } else if (strstr(msg, "memory") == NULL) {
        fail("%s: VALUE_ENOMEM with the message \"%s\", which does not say \"memory\"", call, msg);
    }
    if (!same(&after, &before))
        fail("%s failed but changed its handle or outputs%s", call, "");
}

/* Observe, call with the shim armed, observe again, judge. */
#define TRY(observe, call)                                                                                             \
    do {                                                                                                               \
        cur = &before, before.n = 0, before.overflow = 0;                                                             \
        observe;                                                                                                       \
        stale_message();                                                                                               \
        if (X.counting)                                                                                                \
            oom_count();                                                                                               \
        else                                                                                                           \
            oom_fail(X.n, X.later);                                                                                    \
        int rc_ = (call);                                                                                              \
        oom_off();                                                                                                     \
        snprintf(msg_buf, sizeof msg_buf, "%s", value_errmsg());                                                       \
        size_t attempts_ = oom_attempts(), failed_ = oom_failed();                                                     \
        cur = &after, after.n = 0, after.overflow = 0;                                                                \
        observe;                                                                                                       \
        judge(rc_, attempts_, failed_, #call);                                                                         \
    } while (0)

/* Set-up calls run with the shim off; they must succeed. */
static void ok(int rc, const char *what)
{
    if (rc != VALUE_OK) {
        fprintf(stderr, "check_oom: set-up %s failed: %s\n", what, value_errmsg());
        exit(2);
    }
}
#define OK(call) ok((call), #call)

/* A deterministic stream for inputs. */
static uint64_t rng_state;
static double unif(void)
{
    rng_state = rng_state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return (double)(rng_state >> 11) * 0x1p-53;
}

/* ==== costing ===================================================================== */

/* check_costing.c's diabetes review: every kind of item. */
static int build_costing(value_costing **out)
{
    value_costing *c = NULL;
    size_t i, edu, consult, interp;
    int rc;
    if ((rc = value_costing_new(&c)))
        return rc;
    if ((rc = value_costing_add_resource(c, "lab technician", 48000, 96000, 1.0, &i)) ||
        (rc = value_costing_add_resource(c, "nurse", 102000, 120000, 0.85, &i)) ||
        (rc = value_costing_add_resource(c, "endocrinologist", 360000, 100000, 0.90, &i)) ||
        (rc = value_costing_add_resource(c, "interpreter", 60000, 40000, 1.0, &i)) ||
        (rc = value_costing_add_driver(c, "interpreter needed", 0.1, &i)) ||
        (rc = value_costing_add_driver(c, "comorbidities", 1.5, &i)) ||
        (rc = value_costing_add_process(c, "podiatry check", &i)) ||
        (rc = value_costing_add_step(c, "podiatry check", "nurse", 15, 1, &i)) ||
        (rc = value_costing_add_consumable(c, "podiatry check", "monofilament kit", 5, 1, &i)) ||
        (rc = value_costing_add_process(c, "diabetes review", &i)) ||
        (rc = value_costing_add_step(c, "diabetes review", "lab technician", 10, 1, &i)) ||
        (rc = value_costing_add_step_cost(c, "diabetes review", i, 8)) ||
        (rc = value_costing_add_step(c, "diabetes review", "nurse", 20, 1, &edu)) ||
        (rc = value_costing_add_step_term(c, "diabetes review", edu, "interpreter needed", 5)) ||
        (rc = value_costing_add_step_term(c, "diabetes review", edu, "comorbidities", 3)) ||
        (rc = value_costing_add_step(c, "diabetes review", "endocrinologist", 15, 1, &consult)) ||
        (rc = value_costing_add_step_term(c, "diabetes review", consult, "comorbidities", 4)) ||
        (rc = value_costing_add_step(c, "diabetes review", "interpreter", 0, 1, &interp)) ||
        (rc = value_costing_add_step_term(c, "diabetes review", interp, "interpreter needed", 30)) ||
        (rc = value_costing_add_subprocess(c, "diabetes review", "podiatry check", 0.4, &i)) ||
        (rc = value_costing_add_consumable(c, "diabetes review", "HbA1c cartridge", 14, 1, &i)) ||
        (rc = value_costing_add_step(c, "diabetes review", "endocrinologist", 5, 0.2, &i))) {
        value_costing_free(c);
        return rc;
    }
    *out = c;
    return VALUE_OK;
}

static value_costing *costing_fixture(void)
{
    value_costing *c = NULL;
    OK(build_costing(&c));
    return c;
}

static void wl_costing_build(void)
{
    value_costing *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_costing(out)), build_costing(&out));
    if (out != UNTOUCHED)
        value_costing_free(out);
}

static void wl_costing_new(void)
{
    value_costing *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_costing(out)), value_costing_new(&out));
    if (out != UNTOUCHED)
        value_costing_free(out);
}

/* One mutating call on the built model: the model must be unchanged when it fails. */
#define COSTING_MUTATOR(fn, call)                                                                                      \
    static void fn(void)                                                                                               \
    {                                                                                                                  \
        value_costing *c = costing_fixture();                                                                         \
        size_t idx;                                                                                                    \
        FILLED(idx);                                                                                                   \
        TRY((obs_costing(c), put(&idx, sizeof idx)), call);                                                            \
        value_costing_free(c);                                                                                         \
    }
COSTING_MUTATOR(wl_costing_add_resource, value_costing_add_resource(c, "pharmacist", 90000, 100000, 0.9, &idx))
COSTING_MUTATOR(wl_costing_add_driver, value_costing_add_driver(c, "insulin", 0.3, &idx))
COSTING_MUTATOR(wl_costing_add_process, value_costing_add_process(c, "eye exam", &idx))
COSTING_MUTATOR(wl_costing_add_step, value_costing_add_step(c, "diabetes review", "nurse", 7, 0.5, &idx))
COSTING_MUTATOR(wl_costing_add_step_term, value_costing_add_step_term(c, "diabetes review", 0, "comorbidities", 2))
COSTING_MUTATOR(wl_costing_add_step_cost, value_costing_add_step_cost(c, "diabetes review", 1, 3))
COSTING_MUTATOR(wl_costing_add_consumable, value_costing_add_consumable(c, "diabetes review", "lancet", 0.5, 2, &idx))
COSTING_MUTATOR(wl_costing_add_subprocess, value_costing_add_subprocess(c, "diabetes review", "podiatry check", 0.1, &idx))

static const double PATIENT_A[2] = {1, 2};

static void wl_costing_episode_cost(void)
{
    value_costing *c = costing_fixture();
    double out;
    FILLED(out);
    TRY((obs_costing(c), put(&out, sizeof out)), value_costing_episode_cost(c, "diabetes review", PATIENT_A, 2, &out));
    value_costing_free(c);
}

static void wl_costing_cost_by_resource(void)
{
    value_costing *c = costing_fixture();
    double out[5];
    FILLED(out);
    TRY(put(out, sizeof out), value_costing_cost_by_resource(c, "diabetes review", PATIENT_A, 2, out, 5));
    value_costing_free(c);
}

static void wl_costing_cost_by_item(void)
{
    value_costing *c = costing_fixture();
    double out[7];
    FILLED(out);
    TRY(put(out, sizeof out), value_costing_cost_by_item(c, "diabetes review", PATIENT_A, 2, out, 7));
    value_costing_free(c);
}

static void wl_costing_compare(void)
{
    value_costing *c = costing_fixture();
    double out[5];
    FILLED(out);
    TRY(put(out, sizeof out), value_costing_compare(c, "diabetes review", "podiatry check", PATIENT_A, 2, out, 5));
    value_costing_free(c);
}

static void wl_costing_capacity(void)
{
    value_costing *c = costing_fixture();
    const double volumes[2] = {800, 3000};
    double d[4], u[4], m[4], k[4];
    FILLED(d), FILLED(u), FILLED(m), FILLED(k);
    TRY((put(d, sizeof d), put(u, sizeof u), put(m, sizeof m), put(k, sizeof k)),
        value_costing_capacity(c, volumes, 2, d, u, m, k, 4));
    value_costing_free(c);
}

static void wl_costing_log_costs(void)
{
    value_costing *c = costing_fixture();
    const int32_t group[6] = {0, 0, 0, 0, 1, 1}, res[6] = {1, 0, 2, 1, 0, 3};
    const double minutes[6] = {8, 15, 18, 2, 20, 10};
    double out[2];
    FILLED(out);
    TRY(put(out, sizeof out), value_costing_log_costs(c, group, res, minutes, 6, out, 2));
    value_costing_free(c);
}

/* ==== discount ===================================================================== */

static value_discount *discount_fixture(void)
{
    value_discount *d = NULL;
    OK(value_discount_new(0.035, &d));
    OK(value_discount_set(d, VALUE_DISCOUNT_TIMING, VALUE_DISCOUNT_MID));
    OK(value_discount_add_step(d, 30, 0.03));
    return d;
}

static void wl_discount_new(void)
{
    value_discount *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_discount(out)), value_discount_new(0.035, &out));
    if (out != UNTOUCHED)
        value_discount_free(out);
}

static void wl_discount_add_step(void)
{
    value_discount *d = discount_fixture();
    TRY(obs_discount(d), value_discount_add_step(d, 40, 0.02));
    value_discount_free(d);
}

static void wl_discount_add_steps(void)
{ /* a schedule grown step by step: each step on a handle of its own */
    value_discount *d = discount_fixture();
    for (int i = 0; i < 6; i++)
        OK(value_discount_add_step(d, 35 + i, 0.03 - 0.002 * i));
    TRY(obs_discount(d), value_discount_add_step(d, 50, 0.01));
    value_discount_free(d);
}

static const double FLOWS[6] = {-70000, 12000, 15000, 18000, 21000, 26000};

static void wl_discount_pv(void)
{
    value_discount *d = discount_fixture();
    double out;
    FILLED(out);
    TRY(put(&out, sizeof out), value_discount_pv(d, FLOWS, 6, &out));
    value_discount_free(d);
}

static void wl_discount_factors(void)
{
    value_discount *d = discount_fixture();
    double out[40];
    FILLED(out);
    TRY(put(out, sizeof out), value_discount_factors(d, out, 40));
    value_discount_free(d);
}

static void wl_discount_pv_rate(void)
{
    double out;
    FILLED(out);
    TRY(put(&out, sizeof out), value_discount_pv_rate(FLOWS, 6, 0.05, VALUE_DISCOUNT_START, &out));
}

static void wl_discount_irr(void)
{
    double out;
    FILLED(out);
    TRY(put(&out, sizeof out), value_discount_irr(FLOWS, 6, &out));
}

/* ==== outcome, EQ-5D, QALYs ========================================================= */

static void wl_outcome_new(void)
{
    value_outcome *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_outcome(out)),
        value_outcome_new("30-day readmission", VALUE_OUTCOME_TYPE_CLINICAL, VALUE_OUTCOME_LEVEL_OUTCOME,
                          VALUE_OUTCOME_LOWER_IS_BETTER, VALUE_OUTCOME_RATE, "share", &out));
    if (out != UNTOUCHED)
        value_outcome_free(out);
}

static void wl_outcome_compute(void)
{
    value_outcome *m = NULL;
    OK(value_outcome_new("PROM", VALUE_OUTCOME_TYPE_PROM, VALUE_OUTCOME_LEVEL_OUTCOME, VALUE_OUTCOME_HIGHER_IS_BETTER,
                         VALUE_OUTCOME_MEAN, "points", &m));
    const double v[8] = {31, 40, 28, 45, 39, 41, 36, 30};
    double e, lo, hi;
    FILLED(e), FILLED(lo), FILLED(hi);
    TRY((obs_outcome(m), put(&e, sizeof e), put(&lo, sizeof lo), put(&hi, sizeof hi)),
        value_outcome_compute(m, v, 8, &e, &lo, &hi));
    value_outcome_free(m);
}

static void wl_outcome_wilson(void)
{
    double lo, hi;
    FILLED(lo), FILLED(hi);
    TRY((put(&lo, sizeof lo), put(&hi, sizeof hi)), value_outcome_wilson(12, 80, 0.95, &lo, &hi));
}

static char eq5d_path[4096];

static void wl_eq5d_builtin(void)
{
    value_eq5d *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_eq5d(out)), value_eq5d_builtin("UK-TTO", &out));
    if (out != UNTOUCHED)
        value_eq5d_free(out);
}

static char *eq5d_text; /* the UK table's file, read once */

static void wl_eq5d_parse(void)
{
    value_eq5d *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_eq5d(out)), value_eq5d_parse(eq5d_text, &out));
    if (out != UNTOUCHED)
        value_eq5d_free(out);
}

static void wl_eq5d_load(void)
{
    value_eq5d *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_eq5d(out)), value_eq5d_load(eq5d_path, &out));
    if (out != UNTOUCHED)
        value_eq5d_free(out);
}

/* ---- CMS-HCC ---- */

static void obs_hcc(const value_hcc *m)
{
    size_t n = 0;
    put_int(value_hcc_hcc_count(m, &n));
    put(&n, sizeof n);
    double f = 0;
    put_int(value_hcc_factor(m, VALUE_HCC_CNA, "HCC37", &f));
    put_double(f);
}

static void wl_hcc_new(void)
{
    value_hcc *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_hcc(out)), value_hcc_new("V28", &out));
    if (out != UNTOUCHED)
        value_hcc_free(out);
}

static const char *const HCC_CODES[4] = {"E1122", "E119", "I5022", "bad"};

static void wl_hcc_score(void)
{
    value_hcc *m = NULL;
    if (value_hcc_new("V28", &m) != VALUE_OK)
        return;
    int32_t seg[2] = {VALUE_HCC_CNA, VALUE_HCC_INS}, age[2] = {72, 60}, sex[2] = {2, 1}, orec[2] = {0, 1};
    int32_t person[4] = {1, 0, 1, 0}, st[4]; /* not grouped by person: the per-person table is allocated */
    double out[2];
    size_t inv = 0;
    FILLED(out), FILLED(st), FILLED(inv);
    TRY((put(out, sizeof out), put(st, sizeof st), put(&inv, sizeof inv)),
        value_hcc_score(m, seg, age, sex, orec, NULL, 2, person, HCC_CODES, 4, out, 2, st, 4, &inv));
    value_hcc_free(m);
}

static void obs_hcc_explanation(const value_hcc_explanation *e)
{
    size_t n = 0;
    put_int(value_hcc_explanation_line_count(e, &n));
    for (size_t i = 0; i < n; i++) {
        const char *a, *b, *c, *d;
        double f;
        put_int(value_hcc_explanation_line(e, i, &a, &b, &c, &d, &f));
        put_str(a), put_str(b), put_str(c), put_str(d), put_double(f);
    }
}

static void wl_hcc_explain(void)
{
    value_hcc *m = NULL;
    if (value_hcc_new("V28", &m) != VALUE_OK)
        return;
    value_hcc_explanation *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_hcc_explanation(out)), value_hcc_explain(m, VALUE_HCC_CNA, 72, 2, 0, 0, HCC_CODES, 4, &out));
    if (out != UNTOUCHED)
        value_hcc_explanation_free(out);
    value_hcc_free(m);
}

/* ---- keys ---- */

static void obs_keys(const value_keys *k)
{
    size_t n = 0;
    const char *s = NULL;
    put_int(value_keys_count(k, &n));
    put_int((int)n);
    put_int(value_keys_get(k, 1, &s));
}

static void obs_comorbidity(const value_comorbidity *c)
{
    size_t n = 0;
    put_int(value_comorbidity_condition_count(c, &n));
    put(&n, sizeof n);
}

static void wl_comorbidity_new(void)
{
    value_comorbidity *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_comorbidity(out)), value_comorbidity_new("elixhauser_icd10_quan", &out));
    if (out != UNTOUCHED)
        value_comorbidity_free(out);
}

static void wl_comorbidity_flags(void)
{
    value_comorbidity *c = NULL;
    if (value_comorbidity_new("charlson_icd10_quan", &c) != VALUE_OK)
        return;
    static const char *const codes[4] = {"I21.9", "K70.3", "K72.1", "bad"};
    int32_t person[4] = {1, 0, 1, 1}, st[4]; /* not grouped by person: the per-person masks are allocated */
    double out[34];
    size_t inv = 0;
    FILLED(out), FILLED(st), FILLED(inv);
    TRY((put(out, sizeof out), put(st, sizeof st), put(&inv, sizeof inv)),
        value_comorbidity_flags(c, person, codes, 4, 2, 1, out, 34, st, 4, &inv));
    value_comorbidity_free(c);
}

static void obs_como_explanation(const value_comorbidity_explanation *e)
{
    size_t n = 0;
    put_int(value_comorbidity_explanation_line_count(e, &n));
    for (size_t i = 0; i < n; i++) {
        const char *a, *b, *c, *d;
        double w;
        put_int(value_comorbidity_explanation_line(e, i, &a, &b, &c, &d, &w));
        put_str(a), put_str(b), put_str(c), put_str(d), put_double(w);
    }
}

static void wl_comorbidity_explain(void)
{
    value_comorbidity *c = NULL;
    if (value_comorbidity_new("elixhauser_icd10_quan", &c) != VALUE_OK)
        return;
    /* enough lines to grow the line array twice */
    static const char *const codes[12] = {"I11.0", "K70.3", "E11.9", "E11.2", "C78.0", "C50.9",
                                          "F32.9", "E66.9", "D50.0", "I10",   "bad",   "Z00.00"};
    value_comorbidity_explanation *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_como_explanation(out)), value_comorbidity_explain(c, "vw", codes, 12, &out));
    if (out != UNTOUCHED)
        value_comorbidity_explanation_free(out);
    value_comorbidity_free(c);
}

static void wl_keys_new(void)
{
    static const char *const ids[5] = {"b", "a", "b", "c", "a"};
    int32_t index[5] = {-7, -7, -7, -7, -7};
    value_keys *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_keys(out)), value_keys_new(ids, 5, 0, index, 5, &out));
    if (out != UNTOUCHED)
        value_keys_free(out);
}

/* ---- model files ---- */

/* What the getters show of a model. */
static void obs_model_items(const value_model *m)
{
    for (int o = VALUE_MODEL_CYCLES; o <= VALUE_MODEL_TUNNEL_LIMIT; o++) {
        double v = 0;
        put_int(value_model_get(m, (value_model_option)o, &v));
        put_double(v);
    }
    for (int what = VALUE_MODEL_STATES; what <= VALUE_MODEL_TABLES; what++) {
        size_t n = 0;
        put_int(value_model_count(m, what, &n));
        put_size(n);
        for (size_t i = 0; i < n; i++) {
            const char *name = NULL;
            put_int(value_model_name(m, what, i, &name));
            put_str(name);
        }
    }
}

static char model_path[4096];
static char *model_text; /* a file with every key of the format, read once */

static void wl_model_parse(void)
{
    value_model *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_model_items(out)), value_model_parse(model_text, strlen(model_text), &out));
    if (out != UNTOUCHED)
        value_model_free(out);
}

static void wl_model_load(void)
{
    value_model *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_model_items(out)), value_model_load(model_path, &out));
    if (out != UNTOUCHED)
        value_model_free(out);
}

/* The HIV/AIDS model (Chancellor et al. 1997) of tests/evaluation/check_model.c,
 * 5 cycles, with two distributions, a range and a weighted scenario. */
static int build_model(value_model **out)
{
    value_model *m = NULL;
    int rc;
    if ((rc = value_model_new(&m)))
        return rc;
    static const char *const st[] = {"A", "B", "C"}, *const direct[] = {"2756", "3052", "9007"};
    if ((rc = value_model_add_state(m, "A", VALUE_MODEL_ALIVE)) || (rc = value_model_add_state(m, "B", VALUE_MODEL_ALIVE)) ||
        (rc = value_model_add_state(m, "C", VALUE_MODEL_ALIVE)) ||
        (rc = value_model_add_state(m, "Death", VALUE_MODEL_DEAD)) || (rc = value_model_add_strategy(m, "mono")) ||
        (rc = value_model_add_strategy(m, "comb")) || (rc = value_model_add_category(m, "cost", VALUE_MODEL_COST)) ||
        (rc = value_model_add_category(m, "qaly", VALUE_MODEL_EFFECT)) ||
        (rc = value_model_set(m, VALUE_MODEL_CYCLES, 5)) ||
        (rc = value_model_set(m, VALUE_MODEL_DISCOUNT_COSTS, 0.06)) ||
        (rc = value_model_set_parameter(m, NULL, "rr", "1")) ||
        (rc = value_model_set_parameter(m, "comb", "rr", "if(model_time <= 2, 0.509, 1)")) ||
        (rc = value_model_set_parameter(m, NULL, "c_zid", "2278")) ||
        (rc = value_model_set_parameter(m, NULL, "p_AB", "350 / 1734")) ||
        (rc = value_model_set_distribution(m, "c_zid", VALUE_SAMPLER_GAMMA_MEANSD, 2278, 200, 0, 0)) ||
        (rc = value_model_set_distribution(m, "p_AB", VALUE_SAMPLER_BETA, 350, 1384, 0, 0)) ||
        (rc = value_model_set_range(m, "c_zid", 2000, 2500)) ||
        (rc = value_model_set_transition(m, NULL, "A", "A", "C")) ||
        (rc = value_model_set_transition(m, NULL, "A", "B", "p_AB * rr")) ||
        (rc = value_model_set_transition(m, NULL, "A", "C", "116 / 1734 * rr")) ||
        (rc = value_model_set_transition(m, NULL, "A", "Death", "17 / 1734 * rr")) ||
        (rc = value_model_set_transition(m, NULL, "B", "B", "C")) ||
        (rc = value_model_set_transition(m, NULL, "B", "C", "512 / 1258 * rr")) ||
        (rc = value_model_set_transition(m, NULL, "B", "Death", "15 / 1258 * rr")) ||
        (rc = value_model_set_transition(m, NULL, "C", "C", "C")) ||
        (rc = value_model_set_transition(m, NULL, "C", "Death", "437 / 1749 * rr")) ||
        (rc = value_model_set_scenario(m, "cheap", "c_zid", "2000")) ||
        (rc = value_model_set_weight(m, "cheap", 1)))
        goto fail;
    for (int s = 0; s < 3; s++)
        if ((rc = value_model_set_state_value(m, NULL, "cost", st[s], direct[s])) ||
            (rc = value_model_set_state_value(m, "comb", "cost", st[s], "c_zid + 2086.5")) ||
            (rc = value_model_set_state_value(m, NULL, "qaly", st[s], "1")))
            goto fail;
    *out = m;
    return VALUE_OK;
fail:
    value_model_free(m);
    return rc;
}

static value_model *model_fixture(void)
{
    value_model *m = NULL;
    OK(build_model(&m));
    return m;
}

/* The getters and the base case. */
static void obs_model(const value_model *m)
{
    obs_model_items(m);
    double c[2], e[2], l[2];
    memset(c, FILL, sizeof c), memset(e, FILL, sizeof e), memset(l, FILL, sizeof l);
    put_int(value_model_run(m, NULL, c, e, l, 2));
    put(c, sizeof c), put(e, sizeof e), put(l, sizeof l);
}

static void wl_model_build(void)
{
    value_model *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_model(out)), build_model(&out));
    if (out != UNTOUCHED)
        value_model_free(out);
}

static void wl_model_set_parameter(void)
{
    value_model *m = model_fixture();
    TRY(obs_model(m), value_model_set_parameter(m, "mono", "c_zid", "2300 + 0 * rr"));
    value_model_free(m);
}

static void wl_model_run(void)
{
    value_model *m = model_fixture();
    double c[2], e[2], l[2];
    FILLED(c), FILLED(e), FILLED(l);
    TRY((put(c, sizeof c), put(e, sizeof e), put(l, sizeof l)), value_model_run(m, "cheap", c, e, l, 2));
    value_model_free(m);
}

static void wl_model_run_subgroups(void)
{
    value_model *m = model_fixture();
    double c[4], e[4];
    FILLED(c), FILLED(e);
    TRY((put(c, sizeof c), put(e, sizeof e)), value_model_run_subgroups(m, c, e, 4));
    value_model_free(m);
}

static void wl_model_psa(void)
{
    value_model *m = model_fixture();
    double c[2 * 4], e[2 * 4], d[2 * 4];
    FILLED(c), FILLED(e), FILLED(d);
    TRY((put(c, sizeof c), put(e, sizeof e), put(d, sizeof d)), value_model_psa(m, NULL, 11, 4, c, e, 8, d, 8));
    value_model_free(m);
}

static void wl_model_dsa(void)
{
    value_model *m = model_fixture();
    double c[4], e[4];
    FILLED(c), FILLED(e);
    TRY((put(c, sizeof c), put(e, sizeof e)), value_model_dsa(m, c, e, 4));
    value_model_free(m);
}

static void wl_model_microsim(void)
{
    value_model *m = model_fixture();
    double c[2], e[2], l[2], sc[2], se[2];
    FILLED(c), FILLED(e), FILLED(l), FILLED(sc), FILLED(se);
    TRY((put(c, sizeof c), put(e, sizeof e), put(l, sizeof l), put(sc, sizeof sc), put(se, sizeof se)),
        value_model_microsim(m, NULL, 5, 10, c, e, l, sc, se, 2));
    value_model_free(m);
}

static void wl_model_parse_small(void)
{
    static const char text[] = "libvalue_model: 1\ncycles: 3\nstates: [A, B]\n";
    value_model *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_model_items(out)), value_model_parse(text, sizeof text - 1, &out));
    if (out != UNTOUCHED)
        value_model_free(out);
}

static void wl_eq5d_indices(void)
{
    value_eq5d *vs = NULL;
    OK(value_eq5d_builtin("US-D1", &vs));
    const int32_t s[4] = {11111, 12321, 33333, 21232};
    double out[4];
    FILLED(out);
    TRY(put(out, sizeof out), value_eq5d_indices(vs, s, 4, out, 4));
    value_eq5d_free(vs);
}

static void wl_qaly_profile(void)
{
    value_discount *d = discount_fixture();
    const double t[5] = {0, 0.5, 1, 2, 4}, u[5] = {0.8, 0.6, 0.7, 0.75, 0.5};
    double q, ly;
    FILLED(q), FILLED(ly);
    TRY((put(&q, sizeof q), put(&ly, sizeof ly)),
        value_qaly_profile(t, u, 5, VALUE_QALY_LINEAR, d, VALUE_QALY_CONTINUOUS, &q, &ly));
    value_discount_free(d);
}

/* ==== CEA and PSA ==================================================================== */

static const double CEA_COST[6] = {10000, 12000, 15000, 14000, 25000, 30000};
static const double CEA_EFFECT[6] = {5.0, 5.4, 5.6, 5.9, 6.3, 6.2};

static void wl_cea_frontier(void)
{
    int32_t st[6], cmp[6];
    double icer[6];
    FILLED(st), FILLED(cmp), FILLED(icer);
    TRY((put(st, sizeof st), put(cmp, sizeof cmp), put(icer, sizeof icer)),
        value_cea_frontier(CEA_COST, CEA_EFFECT, 6, st, cmp, icer, 6));
}

static void wl_cea_net_benefit(void)
{
    double nmb[6], nhb[6];
    FILLED(nmb), FILLED(nhb);
    TRY((put(nmb, sizeof nmb), put(nhb, sizeof nhb)), value_cea_net_benefit(CEA_COST, CEA_EFFECT, 6, 20000, nmb, nhb, 6));
}

static void wl_cea_optimal(void)
{
    int32_t out;
    FILLED(out);
    TRY(put(&out, sizeof out), value_cea_optimal(CEA_COST, CEA_EFFECT, 6, 30000, &out));
}

static void wl_cea_wtp_ranges(void)
{
    double lo[6], hi[6];
    FILLED(lo), FILLED(hi);
    TRY((put(lo, sizeof lo), put(hi, sizeof hi)), value_cea_wtp_ranges(CEA_COST, CEA_EFFECT, 6, lo, hi, 6));
}

static void wl_cea_value_ratio(void)
{
    double out[6];
    FILLED(out);
    TRY(put(out, sizeof out), value_cea_value_ratio(CEA_EFFECT, CEA_COST, 6, out, 6));
}

/* 40 draws of 3 strategies */
static double psa_cost[120], psa_effect[120];
static void psa_data(void)
{
    rng_state = 11;
    for (int i = 0; i < 40; i++)
        for (int s = 0; s < 3; s++) {
            psa_cost[3 * i + s] = 1000 * (s + 1) + 800 * unif();
            psa_effect[3 * i + s] = 1 + 0.05 * s + 0.1 * unif();
        }
}

static void wl_psa_incremental(void)
{
    double dc[120], de[120];
    FILLED(dc), FILLED(de);
    TRY((put(dc, sizeof dc), put(de, sizeof de)), value_psa_incremental(psa_cost, psa_effect, 120, 3, 0, dc, de, 120));
}

static void wl_psa_summary(void)
{
    double mean[3], lo[3], hi[3];
    FILLED(mean), FILLED(lo), FILLED(hi);
    TRY((put(mean, sizeof mean), put(lo, sizeof lo), put(hi, sizeof hi)),
        value_psa_summary(psa_cost, 120, 3, 0.025, 0.975, mean, lo, hi, 3));
}

static void wl_psa_curves(void)
{
    const double lambdas[4] = {0, 10000, 20000, 50000};
    double ceac[12], loss[12], evpi[4], prob[4];
    int32_t ceaf[4];
    FILLED(ceac), FILLED(loss), FILLED(evpi), FILLED(prob), FILLED(ceaf);
    TRY((put(ceac, sizeof ceac), put(loss, sizeof loss), put(evpi, sizeof evpi), put(prob, sizeof prob),
         put(ceaf, sizeof ceaf)),
        value_psa_curves(psa_cost, psa_effect, 120, 3, lambdas, 4, ceac, loss, 12, evpi, ceaf, prob, 4));
}

static void wl_prob_rescale(void)
{
    double out;
    FILLED(out);
    TRY(put(&out, sizeof out), value_prob_rescale(0.2, 1, 0.25, &out));
}

/* ==== partitioned survival models ==================================================== */

#define PSM_J 4
static const double PSM_S[2 * (PSM_J + 1)] = {1, 0.8, 0.6, 0.5, 0.4, 1, 0.9, 0.55, 0.45, 0.42}; /* crossing at t = 2, 3 */

static value_psm *psm_fixture(void)
{
    value_psm *p = NULL;
    OK(value_psm_new(3, PSM_J, 1.0, &p));
    static const double cost[3] = {1000, 5000, 0}, util[3] = {0.9, 0.6, 0};
    OK(value_psm_set_state_rewards(p, cost, util, 3));
    return p;
}

static void wl_psm_new(void)
{
    value_psm *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_psm(out)), value_psm_new(3, 10, 0.5, &out));
    if (out != UNTOUCHED)
        value_psm_free(out);
}

static void wl_psm_set_discount(void)
{
    value_psm *p = psm_fixture();
    value_discount *d = NULL;
    OK(value_discount_new(0.035, &d));
    OK(value_discount_add_step(d, 2, 0.015));
    TRY(obs_psm(p), value_psm_set_discount(p, d, d));
    value_discount_free(d);
    value_psm_free(p);
}

static void wl_psm_run(void)
{
    value_psm *p = psm_fixture();
    double c = -1, q = -1, l = -1;
    TRY((put(&c, sizeof c), put(&q, sizeof q), put(&l, sizeof l)), value_psm_run(p, PSM_S, 10, &c, &q, &l));
    value_psm_free(p);
}

static void wl_psm_state_values(void)
{
    value_psm *p = psm_fixture();
    double v[9];
    memset(v, 0, sizeof v);
    TRY(put(v, sizeof v), value_psm_state_values(p, PSM_S, 10, v, v + 3, v + 6, 3));
    value_psm_free(p);
}

static void wl_psm_crossings(void)
{
    value_psm *p = psm_fixture();
    size_t r[3] = {7, 7, 7};
    TRY(put(r, sizeof r), value_psm_crossings(p, PSM_S, 10, &r[0], &r[1], &r[2]));
    value_psm_free(p);
}

static void wl_psm_run_batch(void)
{
    value_psm *p = psm_fixture();
    static double s[3 * 10], out[3][3];
    for (int k = 0; k < 3; k++)
        memcpy(s + 10 * k, PSM_S, sizeof PSM_S);
    TRY(put(out, sizeof out), value_psm_run_batch(p, s, 30, NULL, NULL, 0, 3, out[0], out[1], out[2], 3));
    value_psm_free(p);
}

/* ==== Markov ========================================================================= */

#define MK_T 20
static const double MK_P[9] = {0.85, 0.10, 0.05, 0.00, 0.80, 0.20, 0, 0, 1};
static const double MK_COST[3] = {1000, 5000, 0}, MK_UTIL[3] = {0.9, 0.6, 0}, MK_ALIVE[3] = {1, 1, 0};

static value_markov *markov_fixture(void)
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

static void wl_markov_new(void)
{
    value_markov *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_markov(out)), value_markov_new(4, &out));
    if (out != UNTOUCHED)
        value_markov_free(out);
}

static void wl_markov_set_transitions(void)
{ /* per-cycle matrices replace the constant one */
    value_markov *m = markov_fixture();
    static double p[MK_T * 9];
    for (int t = 0; t < MK_T; t++) {
        memcpy(p + 9 * t, MK_P, sizeof MK_P);
        p[9 * t + 0] = 0.85 - 0.005 * t, p[9 * t + 2] = 0.05 + 0.005 * t;
    }
    TRY(obs_markov(m), value_markov_set_transitions(m, p, MK_T * 9));
    value_markov_free(m);
}

static void wl_markov_set_state_rewards(void)
{
    value_markov *m = markov_fixture();
    static double c[MK_T * 3], u[MK_T * 3], a[MK_T * 3];
    for (int t = 0; t < MK_T; t++)
        for (int s = 0; s < 3; s++)
            c[3 * t + s] = MK_COST[s] * (1 + 0.01 * t), u[3 * t + s] = MK_UTIL[s], a[3 * t + s] = MK_ALIVE[s];
    TRY(obs_markov(m), value_markov_set_state_rewards(m, c, u, a, MK_T * 3));
    value_markov_free(m);
}

/* per-cycle costs with the default life-year weights (alive NULL), which
 * the observed runs then find from the transitions */
static void wl_markov_set_state_rewards_default(void)
{
    value_markov *m = markov_fixture();
    static double c[MK_T * 3], u[MK_T * 3];
    for (int t = 0; t < MK_T; t++)
        for (int s = 0; s < 3; s++)
            c[3 * t + s] = MK_COST[s] * (1 + 0.01 * t), u[3 * t + s] = MK_UTIL[s];
    TRY(obs_markov(m), value_markov_set_state_rewards(m, c, u, NULL, MK_T * 3));
    value_markov_free(m);
}

static void wl_markov_add_transition_reward(void)
{
    value_markov *m = markov_fixture();
    TRY(obs_markov(m), value_markov_add_transition_reward(m, 1, 2, 8000, 0));
    value_markov_free(m);
}

static void wl_markov_set_initial(void)
{
    value_markov *m = markov_fixture();
    TRY(obs_markov(m), value_markov_set_initial(m, (const double[]){0.7, 0.3, 0}, 3));
    value_markov_free(m);
}

static void wl_markov_run(void)
{
    value_markov *m = markov_fixture();
    double c, q, l;
    FILLED(c), FILLED(q), FILLED(l);
    TRY((put(&c, sizeof c), put(&q, sizeof q), put(&l, sizeof l)), value_markov_run(m, &c, &q, &l));
    value_markov_free(m);
}

static void wl_markov_trace(void)
{
    value_markov *m = markov_fixture();
    double out[(MK_T + 1) * 3];
    FILLED(out);
    TRY(put(out, sizeof out), value_markov_trace(m, out, (MK_T + 1) * 3));
    value_markov_free(m);
}

static void wl_markov_cycle_values(void)
{
    value_markov *m = markov_fixture();
    double c[MK_T + 1], q[MK_T + 1], l[MK_T + 1];
    FILLED(c), FILLED(q), FILLED(l);
    TRY((put(c, sizeof c), put(q, sizeof q), put(l, sizeof l)), value_markov_cycle_values(m, c, q, l, MK_T + 1));
    value_markov_free(m);
}

/* K draws of a 3-state model with constant transitions and rewards. */
#define MK_K 4100
static double mk_p[MK_K * 9], mk_c[MK_K * 3], mk_u[MK_K * 3];
static void markov_draws(void)
{
    rng_state = 5;
    for (int k = 0; k < MK_K; k++) {
        double a = 0.05 + 0.1 * unif(), b = 0.02 + 0.05 * unif(), c = 0.1 + 0.2 * unif();
        double *p = mk_p + 9 * k;
        p[0] = 1 - a - b, p[1] = a, p[2] = b, p[3] = 0, p[4] = 1 - c, p[5] = c, p[6] = 0, p[7] = 0, p[8] = 1;
        for (int s = 0; s < 3; s++)
            mk_c[3 * k + s] = MK_COST[s] * (0.8 + 0.4 * unif()), mk_u[3 * k + s] = MK_UTIL[s] * (0.9 + 0.1 * unif());
    }
}

static double mk_out[3][MK_K];
static void batch(int threads, size_t k)
{
    value_markov *m = markov_fixture();
    OK(value_markov_set(m, VALUE_MARKOV_THREADS, threads));
    memset(mk_out, FILL, sizeof mk_out);
    TRY(put(mk_out, sizeof mk_out), value_markov_run_batch(m, mk_p, 9 * k, mk_c, mk_u, 3 * k, k, mk_out[0], mk_out[1],
                                                           mk_out[2], k));
    value_markov_free(m);
}
static void wl_markov_run_batch(void) { batch(1, 64); }
/* the default life-year weights, found from each draw */
static void wl_markov_run_batch_default_alive(void)
{
    value_markov *m = markov_fixture();
    OK(value_markov_set_state_rewards(m, MK_COST, MK_UTIL, NULL, 3));
    OK(value_markov_set(m, VALUE_MARKOV_TRANSITION_TIMING, VALUE_MARKOV_TRANSITION_MID));
    memset(mk_out, FILL, sizeof mk_out);
    TRY(put(mk_out, sizeof mk_out), value_markov_run_batch(m, mk_p, 9 * 64, mk_c, mk_u, 3 * 64, 64, mk_out[0],
                                                           mk_out[1], mk_out[2], 64));
    value_markov_free(m);
}
/* 4 threads of 1,025 draws each: pthread_create fails in some cases, and
 * the documentation promises the same result on fewer threads */
static void wl_markov_run_batch_threads(void) { batch(4, MK_K); }

static void wl_markov_tunnel_matrix(void)
{
    size_t states = 0, len = 0;
    OK(value_markov_tunnel_size(3, 3, &states, &len));
    double out[64];
    FILLED(out);
    TRY(put(out, sizeof out), value_markov_tunnel_matrix(MK_P, 9, 1, 3, out, len));
}

static void wl_markov_tunnel_vector(void)
{
    double out[5];
    FILLED(out);
    TRY(put(out, sizeof out), value_markov_tunnel_vector(MK_COST, 3, 1, 3, 0, out, 5));
}

/* ==== model expressions (internal: the engine value_model_* runs on) ================== */

/* THR's revision probability (Briggs et al.), a lookup and enough other
 * terms that the program's arrays and hash table grow and the syntax tree
 * is over 64 nodes (compile's map is then allocated). */
static const char *EXPR_TEXT =
    "1 - exp(lambda * ((model_time - 1)^gamma - model_time^gamma)) + lookup(life, 40 + model_time) * "
    "if(model_time > 3 && lambda < 0.004, rate_to_prob(lambda, 2), prob_to_rate(lambda) * gamma) + "
    "min(lambda, gamma / 1000, 0.0041, 7, 8, 9) + max(abs(lambda - 0.004), floor(gamma), 1, 2, 3) + "
    "rescale_prob(lambda * 10, gamma, model_time) - odds_to_prob(gamma) + prob_to_odds(lambda) + log(gamma, 10) + "
    "sqrt(lambda) / (1 + exp(-gamma)) - (lambda != 0.004) + (gamma <= 1.2) * (!(lambda >= 0.0045) || gamma == 1) + "
    "2 * 3 + 4 * 5 + 6 * 7 + 8 * 9 + 10 * 11 + 12 * 13";
static const double EX_AGE[3] = {35, 45, 55}, EX_QX[3] = {0.01, 0.02, 0.04};
static const value__table EX_LIFE = {"life", EX_AGE, 3, NULL, 1, EX_QX, VALUE_MODEL_STEP};

static void obs_expr(const value__expr *e)
{
    put_str(value__expr_text(e));
    put_int(value__expr_is_complement(e));
    put_size(value__expr_n_names(e));
    for (size_t i = 0; i < value__expr_n_names(e); i++)
        put_str(value__expr_name(e, i));
    put_size(value__expr_n_tables(e));
    for (size_t i = 0; i < value__expr_n_tables(e); i++)
        put_str(value__expr_table(e, i));
}

static void wl_expr_parse(void)
{
    value__expr *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_expr(out)), value__expr_parse(EXPR_TEXT, "parameter 'p'", false, &out));
    if (out != UNTOUCHED)
        value__expr_free(out);
}

static int prog_new_status(value__prog **out)
{
    value__prog *p = value__prog_new();
    if (p == NULL)
        return VALUE_ENOMEM;
    *out = p;
    return VALUE_OK;
}

static void wl_prog_new(void)
{
    value__prog *out = UNTOUCHED;
    TRY(OBS_OUT(out, put_size(value__prog_size(out))), prog_new_status(&out));
    if (out != UNTOUCHED)
        value__prog_free(out);
}

typedef struct expr_env {
    value__prog *p;
    size_t lambda, gamma, time, first; /* first: an expression compiled before */
} expr_env;

static int expr_name(void *ctx, const char *name, size_t *out)
{
    const expr_env *x = ctx;
    *out = strcmp(name, "lambda") == 0 ? x->lambda : strcmp(name, "gamma") == 0 ? x->gamma : x->time;
    return strcmp(name, "lambda") == 0 || strcmp(name, "gamma") == 0 || strcmp(name, "model_time") == 0
               ? VALUE_OK
               : VALUE_ENOTFOUND;
}

static int expr_table(void *ctx, const char *name, const value__table **out)
{
    (void)ctx, (void)name;
    *out = &EX_LIFE;
    return VALUE_OK;
}

/* What a program computes: node `first` evaluated for two lanes. */
static void obs_prog_first(const expr_env *x)
{
    double vals[64 * 2];
    const double lambda[2] = {0.0035, 0.0045}, gamma[2] = {1.2, 1.6}, t = 4;
    if (x->first >= 64) {
        put_str("too many nodes");
        return;
    }
    value__prog_set_input(x->p, vals, 2, x->lambda, lambda);
    value__prog_set_input(x->p, vals, 2, x->gamma, gamma);
    value__prog_set_input(x->p, vals, 2, x->time, &t);
    int rc = value__prog_eval(x->p, vals, 2, x->first, 0, 0);
    if (rc == VALUE_OK)
        rc = value__prog_eval(x->p, vals, 2, x->first, VALUE__DEP_LANE, VALUE__DEP_LANE);
    if (rc == VALUE_OK)
        rc = value__prog_eval(x->p, vals, 2, x->first, VALUE__DEP_TIME, VALUE__DEP_LANE | VALUE__DEP_TIME);
    put_int(rc);
    put(&vals[x->first * 2], 2 * sizeof *vals);
}

/* A failed compile may leave unused nodes (model_expr.h): the observed
 * state is the output node and what the program computed before. */
static void wl_prog_compile(void)
{
    expr_env x = {0};
    value__expr *e = NULL;
    OK(prog_new_status(&x.p));
    OK(value__prog_input(x.p, VALUE__DEP_LANE, &x.lambda));
    OK(value__prog_input(x.p, VALUE__DEP_LANE, &x.gamma));
    OK(value__prog_input(x.p, VALUE__DEP_TIME, &x.time));
    value__resolver r = {expr_name, expr_table, &x};
    OK(value__expr_parse("lambda * model_time + gamma", "parameter 'q'", false, &e));
    OK(value__prog_compile(x.p, e, &r, "parameter 'q'", &x.first));
    value__expr_free(e);
    OK(value__expr_parse(EXPR_TEXT, "parameter 'p'", false, &e));
    size_t node;
    FILLED(node);
    TRY((obs_prog_first(&x), put(&node, sizeof node)), value__prog_compile(x.p, e, &r, "parameter 'p'", &node));
    value__expr_free(e);
    value__prog_free(x.p);
}

static void wl_prog_const(void)
{
    value__prog *p = NULL;
    OK(prog_new_status(&p));
    size_t node;
    FILLED(node);
    TRY((put_size(value__prog_size(p)), put(&node, sizeof node)), value__prog_const(p, 0.25, &node));
    value__prog_free(p);
}

/* ==== sampler and sensitivity ========================================================= */

static int build_sampler(value_sampler **out)
{
    value_sampler *s = NULL;
    size_t i;
    int rc;
    const double alpha[3] = {20, 5, 2};
    if ((rc = value_sampler_new(&s)))
        return rc;
    if ((rc = value_sampler_add(s, "cost", VALUE_SAMPLER_GAMMA_MEANSD, 2000, 500, 0, 0, &i)) ||
        (rc = value_sampler_add(s, "utility", VALUE_SAMPLER_BETA_MEANSD, 0.7, 0.1, 0, 0, &i)) ||
        (rc = value_sampler_add(s, "rr", VALUE_SAMPLER_LOGNORMAL_LOG, -0.2, 0.1, 0, 0, &i)) ||
        (rc = value_sampler_add(s, "age", VALUE_SAMPLER_TRUNCNORMAL, 60, 10, 40, 80, &i)) ||
        (rc = value_sampler_add(s, "fixed", VALUE_SAMPLER_FIXED, 3, 0, 0, 0, &i)) ||
        (rc = value_sampler_add(s, "tri", VALUE_SAMPLER_TRIANGULAR, 1, 2, 6, 0, &i)) ||
        (rc = value_sampler_add_dirichlet(s, "trans", alpha, 3, &i)) ||
        (rc = value_sampler_set_correlation(s, 0, 2, 0.4)) || (rc = value_sampler_set_correlation(s, 0, 3, -0.3))) {
        value_sampler_free(s);
        return rc;
    }
    *out = s;
    return VALUE_OK;
}

static value_sampler *sampler_fixture(void)
{
    value_sampler *s = NULL;
    OK(build_sampler(&s));
    return s;
}

static void wl_sampler_build(void)
{
    value_sampler *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_sampler(out)), build_sampler(&out));
    if (out != UNTOUCHED)
        value_sampler_free(out);
}

static void wl_sampler_add(void)
{
    value_sampler *s = sampler_fixture();
    size_t idx;
    FILLED(idx);
    TRY((obs_sampler(s), put(&idx, sizeof idx)), value_sampler_add(s, "extra", VALUE_SAMPLER_NORMAL, 1, 2, 0, 0, &idx));
    value_sampler_free(s);
}

static void wl_sampler_add_dirichlet(void)
{
    value_sampler *s = sampler_fixture();
    size_t idx;
    FILLED(idx);
    TRY((obs_sampler(s), put(&idx, sizeof idx)), value_sampler_add_dirichlet(s, "d2", (const double[]){3, 4}, 2, &idx));
    value_sampler_free(s);
}

static void wl_sampler_set_correlation(void)
{
    value_sampler *s = sampler_fixture();
    TRY(obs_sampler(s), value_sampler_set_correlation(s, 2, 3, 0.2));
    value_sampler_free(s);
}

static void wl_sampler_draw(void)
{
    value_sampler *s = sampler_fixture();
    static double out[50 * 9];
    memset(out, FILL, sizeof out);
    TRY(put(out, sizeof out), value_sampler_draw(s, 42, 50, out, 50 * 9));
    value_sampler_free(s);
}

static void wl_sampler_add_mvnormal(void)
{
    value_sampler *s = sampler_fixture();
    static const char *names[2] = {"b0", "b1"};
    size_t idx;
    FILLED(idx);
    TRY((obs_sampler(s), put(&idx, sizeof idx)),
        value_sampler_add_mvnormal(s, names, (const double[]){0.5, -1}, (const double[]){0.04, -0.01, -0.01, 0.09}, 2,
                                   &idx));
    value_sampler_free(s);
}

/* 2,000 draws of 9 columns on 2 threads (18,000 values: two shares); a
 * thread that cannot start leaves its share to the calling thread */
static void wl_sampler_draw_threads(void)
{
    value_sampler *s = sampler_fixture();
    static double out[2000 * 9];
    OK(value_sampler_set_threads(s, 2));
    memset(out, FILL, sizeof out);
    TRY(put(out, sizeof out), value_sampler_draw(s, 42, 2000, out, 2000 * 9));
    value_sampler_free(s);
}

static int sens_fn(const double *x, size_t n, void *user, double *out)
{
    (void)n, (void)user;
    *out = 2 * x[0] - 3 * x[1] + 0.5 * x[2] * x[0];
    return 0;
}

static void wl_sensitivity_oneway(void)
{
    const double base[3] = {1, 1, 1}, low[3] = {0, 0.5, -10}, high[3] = {3, 1.5, 14};
    double lo[3], hi[3], b;
    int32_t order[3];
    FILLED(lo), FILLED(hi), FILLED(b), FILLED(order);
    TRY((put(lo, sizeof lo), put(hi, sizeof hi), put(&b, sizeof b), put(order, sizeof order)),
        value_sensitivity_oneway(base, low, high, 3, sens_fn, NULL, lo, hi, order, 3, &b));
}

/* ==== Kaplan-Meier ==================================================================== */

/* 40 records of 2 groups, ties and censorings, weights. */
static void km_data(double *t, double *e, double *w, int32_t *g)
{
    for (int i = 0; i < 40; i++) {
        t[i] = (double)((i * 7) % 13);
        e[i] = (i % 3) != 0;
        w[i] = 1 + (i % 4) * 0.5;
        g[i] = i % 2;
    }
}

static void obs_km(const value_survival_km *km)
{
    for (size_t g = 0; g < 2; g++) {
        size_t m = 0;
        static double t[40 * VALUE_SURVIVAL_KM_N_COLS];
        put_int(value_survival_km_size(km, g, &m));
        put_size(m);
        memset(t, FILL, sizeof t);
        put_int(value_survival_km_table(km, g, 0.95, t, m * VALUE_SURVIVAL_KM_N_COLS));
        put(t, m * VALUE_SURVIVAL_KM_N_COLS * sizeof *t);
    }
}

static void wl_survival_km_new(void)
{
    double t[40], e[40], w[40];
    int32_t g[40];
    km_data(t, e, w, g);
    value_survival_km *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_km(out)), value_survival_km_new(t, e, w, g, 40, 2, &out));
    if (out != UNTOUCHED)
        value_survival_km_free(out);
}

static void wl_survival_km_median(void)
{
    double t[40], e[40], w[40];
    int32_t g[40];
    km_data(t, e, w, g);
    value_survival_km *km = NULL;
    OK(value_survival_km_new(t, e, w, g, 40, 2, &km));
    double m, lo, hi;
    FILLED(m), FILLED(lo), FILLED(hi);
    TRY((obs_km(km), put(&m, sizeof m), put(&lo, sizeof lo), put(&hi, sizeof hi)),
        value_survival_km_median(km, 1, 0.95, &m, &lo, &hi));
    value_survival_km_free(km);
}

/* The hand-worked case of check_survival_guyot.c: allocates nothing (K = 0),
 * which this workload keeps true. */
static void wl_survival_guyot(void)
{
    static const double t[4] = {0, 1, 3, 4}, sv[4] = {1, 0.8, 0.6, 0.45}, tr[2] = {0, 2}, nr[2] = {10, 7};
    double time[10];
    int32_t event[10];
    FILLED(time), FILLED(event);
    TRY((put(time, sizeof time), put(event, sizeof event)),
        value_survival_guyot(t, sv, 4, tr, nr, 2, 4, time, event, 10));
}

/* ==== risk ============================================================================ */

#define RK_N 240
#define RK_H 12
static double rk_x[2 * RK_N], rk_y[RK_N], rk_cost[RK_N], rk_p[RK_N], rk_zero[RK_N];
static int32_t rk_g[RK_N];
static void risk_data(void)
{
    rng_state = 99;
    for (int i = 0; i < RK_N; i++) {
        double a = 2 * unif() - 1, b = unif() < 0.4;
        rk_x[2 * i] = a, rk_x[2 * i + 1] = b;
        rk_g[i] = i % RK_H;
        double eff = 0.4 * ((i % RK_H) - 5.5) / 5.5;
        double p = 1 / (1 + exp(-(-0.8 + 1.1 * a + 0.7 * b + eff)));
        rk_p[i] = 1 / (1 + exp(-(-0.8 + 1.1 * a + 0.7 * b)));
        rk_y[i] = unif() < p;
        rk_cost[i] = 1000 + 400 * a + 300 * b + 200 * unif();
    }
}

static value_risk *risk_fitted(void)
{
    value_risk *m = NULL;
    OK(value_risk_new(VALUE_RISK_BINOMIAL, 2, &m));
    OK(value_risk_set_column_name(m, 0, "age"));
    OK(value_risk_set_column_name(m, 1, "diabetes"));
    OK(value_risk_fit(m, rk_x, 2 * RK_N, rk_y, NULL, NULL, RK_N));
    return m;
}

static value_risk *risk_hier(void)
{
    value_risk *m = NULL;
    OK(value_risk_new(VALUE_RISK_BINOMIAL, 2, &m));
    OK(value_risk_fit_random_intercept(m, rk_x, 2 * RK_N, rk_y, rk_g, RK_N, RK_H));
    return m;
}

static void wl_risk_new(void)
{
    value_risk *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_risk(out)), value_risk_new(VALUE_RISK_POISSON, 3, &out));
    if (out != UNTOUCHED)
        value_risk_free(out);
}

static void wl_risk_set_column_name(void)
{
    value_risk *m = risk_fitted();
    TRY(obs_risk(m), value_risk_set_column_name(m, 1, "diabetes mellitus"));
    value_risk_free(m);
}

static void wl_risk_fit(void)
{ /* a refit of a fitted model: the old fit must survive a failure */
    value_risk *m = risk_fitted();
    TRY(obs_risk(m), value_risk_fit(m, rk_x, 2 * 200, rk_y, NULL, NULL, 200));
    value_risk_free(m);
}

static void wl_risk_fit_gamma(void)
{
    value_risk *m = NULL;
    OK(value_risk_new(VALUE_RISK_GAMMA, 2, &m));
    TRY(obs_risk(m), value_risk_fit(m, rk_x, 2 * RK_N, rk_cost, NULL, NULL, RK_N));
    value_risk_free(m);
}

static void wl_risk_set_coefficients(void)
{
    value_risk *m = risk_fitted();
    TRY(obs_risk(m), value_risk_set_coefficients(m, (const double[]){-1, 1, 0.5}, 3));
    value_risk_free(m);
}

static void wl_risk_coefficients(void)
{
    value_risk *m = risk_fitted();
    double c[3], se[3], st[3], p[3];
    FILLED(c), FILLED(se), FILLED(st), FILLED(p);
    TRY((put(c, sizeof c), put(se, sizeof se), put(st, sizeof st), put(p, sizeof p)),
        value_risk_coefficients(m, c, se, st, p, 3));
    value_risk_free(m);
}

static void wl_risk_predict(void)
{
    value_risk *m = risk_fitted();
    double e[RK_N], u[RK_N];
    FILLED(e), FILLED(u);
    TRY((put(e, sizeof e), put(u, sizeof u)), value_risk_predict(m, rk_x, 2 * RK_N, NULL, RK_N, e, u, RK_N));
    value_risk_free(m);
}

static void wl_risk_predict_se(void)
{
    value_risk *m = risk_fitted();
    double e[RK_N], u[RK_N];
    FILLED(e), FILLED(u);
    TRY((put(e, sizeof e), put(u, sizeof u)), value_risk_predict_se(m, rk_x, 2 * RK_N, NULL, RK_N, e, u, RK_N));
    value_risk_free(m);
}

static void wl_risk_fit_random_intercept(void)
{
    value_risk *m = NULL;
    OK(value_risk_new(VALUE_RISK_BINOMIAL, 2, &m));
    TRY(obs_risk(m), value_risk_fit_random_intercept(m, rk_x, 2 * RK_N, rk_y, rk_g, RK_N, RK_H));
    value_risk_free(m);
}

static void wl_risk_refit_random_intercept(void)
{ /* over an ordinary fit */
    value_risk *m = risk_fitted();
    TRY(obs_risk(m), value_risk_fit_random_intercept(m, rk_x, 2 * RK_N, rk_y, rk_g, RK_N, RK_H));
    value_risk_free(m);
}

static void wl_risk_standardized_rates(void)
{
    value_risk *m = risk_hier();
    double o[RK_H], p[RK_H], e[RK_H], r[RK_H], rate[RK_H];
    FILLED(o), FILLED(p), FILLED(e), FILLED(r), FILLED(rate);
    TRY((put(o, sizeof o), put(p, sizeof p), put(e, sizeof e), put(r, sizeof r), put(rate, sizeof rate)),
        value_risk_standardized_rates(m, rk_x, 2 * RK_N, rk_y, rk_g, RK_N, o, p, e, r, rate, RK_H));
    value_risk_free(m);
}

static void wl_risk_performance(void)
{
    double out[VALUE_RISK_PERF_N_STATS];
    FILLED(out);
    TRY(put(out, sizeof out), value_risk_performance(rk_y, rk_p, RK_N, 10, out, VALUE_RISK_PERF_N_STATS));
}

static void wl_risk_calibration_table(void)
{
    double n[10], o[10], e[10], lo[10], hi[10];
    size_t groups;
    FILLED(n), FILLED(o), FILLED(e), FILLED(lo), FILLED(hi), FILLED(groups);
    TRY((put(n, sizeof n), put(o, sizeof o), put(e, sizeof e), put(lo, sizeof lo), put(hi, sizeof hi),
         put(&groups, sizeof groups)),
        value_risk_calibration_table(rk_y, rk_p, RK_N, 10, n, o, e, lo, hi, 10, &groups));
}

static void wl_risk_oe_interval(void)
{
    double lo, hi;
    FILLED(lo), FILLED(hi);
    TRY((put(&lo, sizeof lo), put(&hi, sizeof hi)), value_risk_oe_interval(14, 10.5, 0.95, &lo, &hi));
}

static void wl_risk_observed_expected(void)
{
    double a[7][RK_H];
    FILLED(a);
    TRY(put(a, sizeof a), value_risk_observed_expected(rk_y, rk_p, rk_g, RK_N, 0.95, 0.3, a[0], a[1], a[2], a[3], a[4],
                                                       a[5], a[6], RK_H));
}

static void wl_risk_compare(void)
{
    value_risk *base = NULL, *ext = risk_fitted();
    OK(value_risk_new(VALUE_RISK_BINOMIAL, 1, &base));
    static double xb[RK_N];
    for (int i = 0; i < RK_N; i++)
        xb[i] = rk_x[2 * i];
    OK(value_risk_fit(base, xb, RK_N, rk_y, NULL, NULL, RK_N));
    double a[6][RK_H];
    FILLED(a);
    TRY(put(a, sizeof a), value_risk_compare(base, xb, RK_N, ext, rk_x, 2 * RK_N, rk_y, rk_zero, rk_g, RK_N, a[0], a[1],
                                             a[2], a[3], a[4], a[5], RK_H));
    value_risk_free(base);
    value_risk_free(ext);
}

/* ==== parametric survival fits ========================================================= */

static void obs_survival_fit(const value_survival_fit *m)
{
    double v[11];
    memset(v, 0, sizeof v);
    for (int k = VALUE_SURVIVAL_FIT_MAX_ITER; k <= VALUE_SURVIVAL_FIT_N_EVENTS; k++) {
        put_int(value_survival_fit_get(m, (value_survival_fit_param)k, &v[k]));
        put_double(v[k]);
    }
    size_t np = (size_t)v[VALUE_SURVIVAL_FIT_N_PAR];
    if (np >= 1 && np <= 16) {
        double coef[16], se[16], cov[256];
        memset(coef, 0, sizeof coef), memset(se, 0, sizeof se), memset(cov, 0, sizeof cov);
        put_int(value_survival_fit_coefficients(m, coef, se, np));
        put(coef, sizeof coef), put(se, sizeof se);
        put_int(value_survival_fit_covariance(m, cov, np * np));
        put(cov, sizeof cov);
    }
}

/* 40 patients: Weibull times from the shim-free generator, a third censored. */
#define SF_N 40
static double sf_x[2 * SF_N], sf_t[SF_N], sf_e[SF_N];
static void survival_fit_data(void)
{
    rng_state = 7;
    for (int i = 0; i < SF_N; i++) {
        double a = unif(), b = unif() < 0.5;
        sf_x[2 * i] = a, sf_x[2 * i + 1] = b;
        sf_t[i] = exp(1 + 0.5 * a - 0.3 * b + 0.7 * log(-log(1 - unif() * 0.999)));
        sf_e[i] = unif() < 0.67;
    }
}

static void wl_survival_fit_new(void)
{
    value_survival_fit *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_survival_fit(out)), value_survival_fit_new(VALUE_SURVIVAL_FIT_WEIBULL, 2, &out));
    if (out != UNTOUCHED)
        value_survival_fit_free(out);
}

static void wl_survival_fit_estimate(void)
{ /* a refit of a fitted model: the old fit must survive a failure */
    value_survival_fit *m = NULL;
    OK(value_survival_fit_new(VALUE_SURVIVAL_FIT_LOGNORMAL, 2, &m));
    OK(value_survival_fit_estimate(m, sf_x, 2 * SF_N, sf_t, sf_e, SF_N));
    TRY(obs_survival_fit(m), value_survival_fit_estimate(m, sf_x, 2 * 30, sf_t, sf_e, 30));
    value_survival_fit_free(m);
}

static void wl_survival_fit_rmst(void)
{
    value_survival_fit *m = NULL;
    OK(value_survival_fit_new(VALUE_SURVIVAL_FIT_WEIBULL, 2, &m));
    OK(value_survival_fit_estimate(m, sf_x, 2 * SF_N, sf_t, sf_e, SF_N));
    double out[3] = {0}, se[3] = {0};
    const double row[2] = {0.5, 1}, tau[3] = {1, 3, 6};
    TRY((put(out, sizeof out), put(se, sizeof se)), value_survival_fit_rmst(m, row, 2, tau, 3, out, se, 3));
    value_survival_fit_free(m);
}

/* ==== profile, funnel, peer, disparity, fairness ======================================= */

static const int32_t PR_G[8] = {0, 1, 2, 3, 4, 0, 2, 4};
static const double PR_O[8] = {3, 5, 2, 8, 1, 4, 2, 6}, PR_E[8] = {2.5, 4.1, 3.0, 6.2, 1.5, 3.3, 1.9, 5.5};
static const double PR_M[8] = {30, 41, 30, 62, 15, 33, 19, 55};

static value_profile *profile_fixture(void)
{
    value_profile *p = NULL;
    OK(value_profile_new(5, &p));
    OK(value_profile_add_counts(p, PR_G, PR_O, PR_E, PR_M, 8));
    return p;
}

static void wl_profile_new(void)
{
    value_profile *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_profile(out, 5)), value_profile_new(5, &out));
    if (out != UNTOUCHED)
        value_profile_free(out);
}

static void wl_profile_add_records(void)
{
    value_profile *p = profile_fixture();
    const double y[8] = {1, 0, 0, 1, 1, 0, 1, 0};
    TRY(obs_profile(p, 5), value_profile_add_records(p, PR_G, y, rk_p, 8));
    value_profile_free(p);
}

static void wl_profile_add_counts(void)
{
    value_profile *p = profile_fixture();
    TRY(obs_profile(p, 5), value_profile_add_counts(p, PR_G, PR_O, PR_E, PR_M, 8));
    value_profile_free(p);
}

static void wl_profile_merge(void)
{
    value_profile *p = profile_fixture(), *q = profile_fixture();
    TRY(obs_profile(p, 5), value_profile_merge(p, q));
    value_profile_free(p);
    value_profile_free(q);
}

static void wl_profile_results(void)
{
    value_profile *p = profile_fixture();
    double a[8][5];
    FILLED(a);
    TRY(put(a, sizeof a),
        value_profile_results(p, 0.95, 0.12, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], 5));
    value_profile_free(p);
}

static void wl_profile_proportions(void)
{
    value_profile *p = NULL;
    OK(value_profile_new(5, &p));
    const double y[8] = {1, 0, 0, 1, 1, 0, 1, 0};
    OK(value_profile_add_records(p, PR_G, y, rk_p, 8));
    double r[5], lo[5], hi[5];
    FILLED(r), FILLED(lo), FILLED(hi);
    TRY((put(r, sizeof r), put(lo, sizeof lo), put(hi, sizeof hi)), value_profile_proportions(p, 0.95, r, lo, hi, 5));
    value_profile_free(p);
}

static const double FN_O[8] = {12, 30, 7, 50, 22, 41, 5, 60}, FN_N[8] = {100, 250, 80, 400, 150, 300, 90, 420};

static void wl_funnel_limits(void)
{
    double lo[8], hi[8];
    FILLED(lo), FILLED(hi);
    TRY((put(lo, sizeof lo), put(hi, sizeof hi)),
        value_funnel_limits(VALUE_FUNNEL_PROPORTION, 0.12, 0.998, 1, 0, FN_N, 8, lo, hi, 8));
}

static void wl_funnel_assess(void)
{
    double z[8], phi, tau2, tgt;
    int32_t f[8];
    FILLED(z), FILLED(f), FILLED(phi), FILLED(tau2), FILLED(tgt);
    TRY((put(z, sizeof z), put(f, sizeof f), put(&phi, sizeof phi), put(&tau2, sizeof tau2), put(&tgt, sizeof tgt)),
        value_funnel_assess(VALUE_FUNNEL_PROPORTION, FN_O, FN_N, 8, 0, VALUE_FUNNEL_OD_ADDITIVE, 0.1, z, f, 8, &phi,
                            &tau2, &tgt));
}

static void wl_peer_groups(void)
{
    const double x[10] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};
    int32_t out[10];
    FILLED(out);
    TRY(put(out, sizeof out), value_peer_groups(x, 10, 5, out, 10));
}

static void wl_peer_compare(void)
{
    const double v[10] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};
    const int32_t g[10] = {0, 0, 1, 1, 0, 1, 2, 2, 2, 0};
    double med[10], d[10], r[10];
    FILLED(med), FILLED(d), FILLED(r);
    TRY((put(med, sizeof med), put(d, sizeof d), put(r, sizeof r)), value_peer_compare(v, g, 10, med, d, r, 10));
}

static void wl_disparity_allocate_budget(void)
{
    const double pop[4] = {1000, 2500, 400, 1200}, need[4] = {1.2, 0.8, 2.0, 1.0};
    double a[4], b[4], c[4];
    FILLED(a), FILLED(b), FILLED(c);
    TRY((put(a, sizeof a), put(b, sizeof b), put(c, sizeof c)),
        value_disparity_allocate_budget(1e6, pop, need, 4, a, b, c, 4));
}

static void wl_disparity_rates(void)
{
    double a[6][RK_H], bv, idx;
    FILLED(a), FILLED(bv), FILLED(idx);
    TRY((put(a, sizeof a), put(&bv, sizeof bv), put(&idx, sizeof idx)),
        value_disparity_rates(rk_y, rk_g, RK_N, 0.95, 0, a[0], a[1], a[2], a[3], a[4], a[5], RK_H, &bv, &idx));
}

static void wl_fairness_by_group(void)
{
    double out[(RK_H + 1) * VALUE_FAIRNESS_N_STATS];
    FILLED(out);
    TRY(put(out, sizeof out),
        value_fairness_by_group(rk_y, rk_p, rk_g, RK_N, 0.4, RK_H, out, (RK_H + 1) * VALUE_FAIRNESS_N_STATS));
}

static void wl_fairness_summary(void)
{
    double out[VALUE_FAIRNESS_N_SUMMARY];
    FILLED(out);
    TRY(put(out, sizeof out), value_fairness_summary(rk_y, rk_p, rk_g, RK_N, 0.4, RK_H, out, VALUE_FAIRNESS_N_SUMMARY));
}

/* ==== contracts, ledgers, settlements, incentives ======================================= */

static value_contract *contract_of(value_contract_kind kind)
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
        OK(value_contract_set(c, VALUE_CONTRACT_QUALITY_SCORE, 0.8));
        OK(value_contract_set(c, VALUE_CONTRACT_RISK_ADJUST, 1));
        break;
    case VALUE_CONTRACT_BUNDLE:
        OK(value_contract_set(c, VALUE_CONTRACT_TARGET_PRICE, 10000));
        OK(value_contract_set(c, VALUE_CONTRACT_STOP_LOSS, 0.2));
        OK(value_contract_set(c, VALUE_CONTRACT_QUALITY_ADJUSTMENT, 0.1));
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

static void wl_contract_new(void)
{
    value_contract *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_contract(out)), value_contract_new(VALUE_CONTRACT_SHARED_RISK, &out));
    if (out != UNTOUCHED)
        value_contract_free(out);
}

static void wl_contract_set_msr_table(void)
{
    value_contract *c = contract_of(VALUE_CONTRACT_SHARED_SAVINGS);
    TRY(obs_contract(c), value_contract_set_msr_table(c, (const double[]){5, 20, 60, 200},
                                                      (const double[]){0.039, 0.03, 0.022, 0.02}, 4));
    value_contract_free(c);
}

static void wl_contract_set_fee_schedule(void)
{
    value_contract *c = contract_of(VALUE_CONTRACT_FFS);
    TRY(obs_contract(c), value_contract_set_fee_schedule(c, (const int32_t[]){1, 2, 7, 9},
                                                         (const double[]){110, 260, 45, 12}, 4));
    value_contract_free(c);
}

static void wl_contract_set_p4p_tiers(void)
{
    value_contract *c = contract_of(VALUE_CONTRACT_P4P);
    TRY(obs_contract(c), value_contract_set_p4p_tiers(c, (const double[]){0.5, 0.7, 0.9},
                                                      (const double[]){-0.02, 0.01, 0.03}, 3));
    value_contract_free(c);
}

static void wl_contract_set_corridor(void)
{
    value_contract *c = contract_of(VALUE_CONTRACT_RISK_CORRIDOR);
    TRY(obs_contract(c), value_contract_set_corridor(c, (const double[]){0.02, 0.05, 0.1},
                                                     (const double[]){0.25, 0.5, 0.75}, 3));
    value_contract_free(c);
}

static void wl_contract_percentile(void)
{
    double q;
    FILLED(q);
    TRY(put(&q, sizeof q), value_contract_percentile(CEA_COST, 6, 0.9, &q));
}

/* A ledger of 3 contracts, 60 records. */
#define LG_N 60
static int32_t lg_k[LG_N];
static double lg_c[LG_N], lg_r[LG_N], lg_m[LG_N];
static void ledger_data(void)
{
    rng_state = 7;
    for (int i = 0; i < LG_N; i++) {
        lg_k[i] = i % 3;
        lg_c[i] = 1000 + 20000 * unif();
        lg_r[i] = 0.6 + unif();
        lg_m[i] = 1 + (i % 12);
    }
}

static value_ledger *ledger_fixture(void)
{
    value_ledger *l = NULL;
    OK(value_ledger_new(3, &l));
    OK(value_ledger_set_bounds(l, (const double[]){500, 0, 0}, (const double[]){15000, INFINITY, 18000}, 3));
    OK(value_ledger_add(l, lg_k, lg_c, lg_r, lg_m, LG_N));
    return l;
}

static void wl_ledger_new(void)
{
    value_ledger *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_ledger(out)), value_ledger_new(3, &out));
    if (out != UNTOUCHED)
        value_ledger_free(out);
}

static void wl_ledger_set_bounds(void)
{
    value_ledger *l = NULL;
    OK(value_ledger_new(3, &l));
    TRY(obs_ledger(l), value_ledger_set_bounds(l, (const double[]){0, 100, 0}, (const double[]){9000, 9000, INFINITY}, 3));
    value_ledger_free(l);
}

static void wl_ledger_add(void)
{
    value_ledger *l = ledger_fixture();
    TRY(obs_ledger(l), value_ledger_add(l, lg_k, lg_c, lg_r, lg_m, LG_N));
    value_ledger_free(l);
}

static void wl_ledger_add_claims(void)
{
    value_ledger *l = ledger_fixture();
    static const int32_t b[5] = {0, 2, 0, 1, 2}, k[5] = {0, 1, 0, 2, 1};
    static const double paid[5] = {100, 200, 300, 50, -20}, months[3] = {12, 6, 9}, risk[3] = {1, 1.2, 0.8};
    TRY(obs_ledger(l), value_ledger_add_claims(l, b, k, paid, 5, months, risk, 3));
    value_ledger_free(l);
}

/* 2 x 65,536 records on 2 threads: accumulators or a thread that cannot be
 * had fall back to fewer threads, with the same totals (documented). */
#define LG_BIG (2 * 65536)
static int32_t *big_k;
static double *big_c, *big_r, *big_m;
static void wl_ledger_add_threads(void)
{
    value_ledger *l = ledger_fixture();
    OK(value_ledger_set_threads(l, 2));
    TRY(obs_ledger(l), value_ledger_add(l, big_k, big_c, big_r, big_m, LG_BIG));
    value_ledger_free(l);
}

static void wl_ledger_merge(void)
{
    value_ledger *l = ledger_fixture(), *m = ledger_fixture();
    TRY(obs_ledger(l), value_ledger_merge(l, m));
    value_ledger_free(l);
    value_ledger_free(m);
}

static void wl_ledger_totals(void)
{
    value_ledger *l = ledger_fixture();
    double a[7];
    FILLED(a);
    TRY(put(a, sizeof a), value_ledger_totals(l, 2, &a[0], &a[1], &a[2], &a[3], &a[4], &a[5], &a[6]));
    value_ledger_free(l);
}

static void wl_ledger_serialize(void)
{
    value_ledger *l = ledger_fixture();
    size_t len = 0;
    OK(value_ledger_serialized_size(l, &len));
    static uint8_t b[1 << 16];
    memset(b, FILL, sizeof b);
    TRY(put(b, sizeof b), value_ledger_serialize(l, b, len));
    value_ledger_free(l);
}

static void wl_ledger_deserialize(void)
{
    value_ledger *l = ledger_fixture();
    size_t len = 0;
    OK(value_ledger_serialized_size(l, &len));
    static uint8_t b[1 << 16];
    OK(value_ledger_serialize(l, b, len));
    value_ledger_free(l);
    value_ledger *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_ledger(out)), value_ledger_deserialize(b, len, &out));
    if (out != UNTOUCHED)
        value_ledger_free(out);
}

static void settle_kind(value_contract_kind kind)
{
    value_contract *c = contract_of(kind);
    value_ledger *l = ledger_fixture();
    value_settlement *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_settlement(out)), value_contract_settle(c, l, 1, &out));
    if (out != UNTOUCHED)
        value_settlement_free(out);
    value_ledger_free(l);
    value_contract_free(c);
}
static void wl_settle_capitation(void) { settle_kind(VALUE_CONTRACT_CAPITATION); }
static void wl_settle_bundle(void) { settle_kind(VALUE_CONTRACT_BUNDLE); }
static void wl_settle_shared_savings(void) { settle_kind(VALUE_CONTRACT_SHARED_SAVINGS); }
static void wl_settle_shared_risk(void) { settle_kind(VALUE_CONTRACT_SHARED_RISK); }
static void wl_settle_p4p(void) { settle_kind(VALUE_CONTRACT_P4P); }
static void wl_settle_risk_corridor(void) { settle_kind(VALUE_CONTRACT_RISK_CORRIDOR); }

static void wl_settle_ffs(void)
{
    value_contract *c = contract_of(VALUE_CONTRACT_FFS);
    value_settlement *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_settlement(out)),
        value_contract_settle_services(c, (const int32_t[]){1, 3, 2, 1}, (const double[]){2, 1, 1, 3}, 4, &out));
    if (out != UNTOUCHED)
        value_settlement_free(out);
    value_contract_free(c);
}

static void wl_settle_totals(void)
{
    value_contract *c = contract_of(VALUE_CONTRACT_SHARED_RISK);
    value_settlement *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_settlement(out)), value_contract_settle_totals(c, 200, 2400, 1.02, 2.2e6, &out));
    if (out != UNTOUCHED)
        value_settlement_free(out);
    value_contract_free(c);
}

static void wl_settle_all(void)
{
    value_contract *c = contract_of(VALUE_CONTRACT_SHARED_SAVINGS);
    value_ledger *l = ledger_fixture();
    const int32_t items[3] = {VALUE_SETTLEMENT_FINAL_PAYMENT, VALUE_SETTLEMENT_BENCHMARK, VALUE_SETTLEMENT_EXPENDITURE};
    double out[9];
    FILLED(out);
    TRY(put(out, sizeof out), value_contract_settle_all(c, l, items, 3, out, 9));
    value_ledger_free(l);
    value_contract_free(c);
}

static const double IN_COST[4] = {5000, 7000, 6500, 9000}, IN_REV[4] = {6000, 8500, 6000, 9500};
static const double IN_LATER[4] = {0, -500, 300, -2000}, IN_HEALTH[4] = {0.5, 0.7, 0.6, 0.9};

static void wl_incentive_margins(void)
{
    double out[4];
    FILLED(out);
    TRY(put(out, sizeof out),
        value_incentive_margins(IN_COST, IN_REV, IN_LATER, 4, VALUE_INCENTIVE_BUNDLE, 8000, 0.5, 20000, 0.8, out, 4));
}

static void wl_incentive_choice(void)
{
    double m[4], u[4], forgone;
    int32_t rank[4], best;
    FILLED(m), FILLED(u), FILLED(rank), FILLED(best), FILLED(forgone);
    TRY((put(m, sizeof m), put(u, sizeof u), put(rank, sizeof rank), put(&best, sizeof best),
         put(&forgone, sizeof forgone)),
        value_incentive_choice(IN_COST, IN_REV, IN_HEALTH, IN_LATER, 4, VALUE_INCENTIVE_SHARED_SAVINGS, 3000, 0.5, 20000,
                               0.8, 1, 1e-4, m, u, rank, 4, &best, &forgone));
}

/* ==== CMS programs =================================================================== */

static void wl_cms_years(void)
{
    int a, b;
    FILLED(a), FILLED(b);
    TRY((put(&a, sizeof a), put(&b, sizeof b)), value_cms_years("mssp", &a, &b));
}

static void wl_cms_parameter_count(void)
{
    size_t n;
    FILLED(n);
    TRY(put(&n, sizeof n), value_cms_parameter_count("aca", 2015, "corridor.threshold", &n));
}

static void wl_cms_parameter(void)
{
    double v;
    FILLED(v);
    TRY(put(&v, sizeof v), value_cms_parameter("aca", 2015, "corridor.threshold", 1, &v));
}

static void wl_mssp_contract(void)
{
    value_contract *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_contract(out)), value_mssp_contract(2014, VALUE_MSSP_TRACK_2, 0.02, 2, 0.9, &out));
    if (out != UNTOUCHED)
        value_contract_free(out);
}

static void obs_mssp_terms(const value_mssp_terms *t)
{
    for (int k = 1; k <= VALUE_MSSP_TERM_PERIOD; k++) {
        double v = 0;
        put_int(value_mssp_terms_get(t, (value_mssp_term)k, &v));
        put(&v, sizeof v);
    }
}

static void wl_mssp_terms_new(void)
{
    value_mssp_terms *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_mssp_terms(out)), value_mssp_terms_new(2021, VALUE_MSSP_TRACK_1_PLUS, &out));
    if (out != UNTOUCHED)
        value_mssp_terms_free(out);
}

/* Track 1+ in 2019, revenue-based, owing losses reduced by circumstances:
 * every line the terms add. */
static value_mssp_terms *mssp_terms_fixture(void)
{
    value_mssp_terms *t = NULL;
    OK(value_mssp_terms_new(2019, VALUE_MSSP_TRACK_1_PLUS, &t));
    OK(value_mssp_terms_set(t, VALUE_MSSP_TERM_MSR_CHOICE, 0));
    OK(value_mssp_terms_set(t, VALUE_MSSP_TERM_QUALITY_SCORE, 0.9));
    OK(value_mssp_terms_set(t, VALUE_MSSP_TERM_BENCHMARK_BASED_LIMIT, 0));
    OK(value_mssp_terms_set(t, VALUE_MSSP_TERM_REVENUE, 1e7));
    OK(value_mssp_terms_set(t, VALUE_MSSP_TERM_EUC_MONTHS_SHARE, 0.25));
    OK(value_mssp_terms_set(t, VALUE_MSSP_TERM_EUC_BENEFICIARY_SHARE, 0.5));
    return t;
}

static void wl_mssp_terms_settle(void)
{
    value_mssp_terms *t = mssp_terms_fixture();
    value_settlement *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_settlement(out)), value_mssp_terms_settle(t, 4000, 4e7, 4.4e7, &out));
    if (out != UNTOUCHED)
        value_settlement_free(out);
    value_mssp_terms_free(t);
}

static void wl_mssp_terms_contract(void)
{
    value_mssp_terms *t = mssp_terms_fixture();
    value_contract *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_contract(out)), value_mssp_terms_contract(t, &out));
    if (out != UNTOUCHED)
        value_contract_free(out);
    value_mssp_terms_free(t);
}

/* ENHANCED's Jul-Dec 2019 with a fixed 0% below 5,000: the small-ACO switch
 * (the MSR table on the contract) and the period's 6/12. */
static value_mssp_terms *mssp_small_period_fixture(void)
{
    value_mssp_terms *t = NULL;
    OK(value_mssp_terms_new(2019, VALUE_MSSP_ENHANCED, &t));
    OK(value_mssp_terms_set(t, VALUE_MSSP_TERM_MSR_CHOICE, 0));
    OK(value_mssp_terms_set(t, VALUE_MSSP_TERM_QUALITY_SCORE, 0.9));
    OK(value_mssp_terms_set(t, VALUE_MSSP_TERM_PERIOD, VALUE_MSSP_PERIOD_JUL_DEC));
    return t;
}

static void wl_mssp_small_period_settle(void)
{
    value_mssp_terms *t = mssp_small_period_fixture();
    value_settlement *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_settlement(out)), value_mssp_terms_settle(t, 4000, 4e7, 3.7e7, &out));
    if (out != UNTOUCHED)
        value_settlement_free(out);
    value_mssp_terms_free(t);
}

static void wl_mssp_small_period_contract(void)
{
    value_mssp_terms *t = mssp_small_period_fixture();
    value_contract *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_contract(out)), value_mssp_terms_contract(t, &out));
    if (out != UNTOUCHED)
        value_contract_free(out);
    value_mssp_terms_free(t);
}

static void wl_mssp_settle(void)
{
    value_settlement *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_settlement(out)),
        value_mssp_settle(2014, VALUE_MSSP_TRACK_1, VALUE_MSSP_MSR_BY_POPULATION, 2, 0.9, 12000, 1.2e8, 1.1e8, 0, &out));
    if (out != UNTOUCHED)
        value_settlement_free(out);
}

/* The benchmark functions that read the "mssp_benchmark" table allocate. */
static void wl_mssp_benchmark_year_weights(void)
{
    double w[3];
    FILLED(w);
    TRY(put(w, sizeof w), value_mssp_benchmark_year_weights(2017, 2, w, 3));
}

static void wl_mssp_benchmark_regional(void)
{
    const double b[4] = {65000, 13000, 16000, 10000}, g[4] = {60000, 12000, 15500, 9000},
                 nat[4] = {80000, 12000, 15000, 10000}, p[4] = {100, 400, 500, 4000};
    double a[4], w;
    FILLED(a), FILLED(w);
    TRY((put(a, sizeof a), put(&w, sizeof w)), value_mssp_benchmark_regional(2024, 2, b, g, nat, p, 4, 0.2, a, 4, &w));
}

static void wl_mssp_benchmark_risk_ratio(void)
{
    const double by3[4] = {1.00, 1.20, 1.10, 0.90}, py[4] = {1.05, 1.14, 1.12, 0.90};
    double r[4];
    FILLED(r);
    TRY(put(r, sizeof r), value_mssp_benchmark_risk_ratio(2019, by3, py, 4, r, 4));
}

static void wl_mssp_benchmark_risk_ratio_continuity(void)
{
    const double p[4] = {20, 50, 0, 0}, one[4] = {1, 1, 1, 1}, h[4] = {1.10, 0.95, 1.0, 1.0};
    double r[4];
    FILLED(r);
    TRY(put(r, sizeof r), value_mssp_benchmark_risk_ratio_continuity(2014, p, one, h, p, one, h, one, h, 4, r, 4));
}

static void wl_hvbp_measure_points(void)
{
    const double q[4] = {0.7, 0.85, 0.9, 0.6}, p[4] = {0.75, 0.8, 0.95, 0.9};
    double a[4], im[4], s[4];
    FILLED(a), FILLED(im), FILLED(s);
    TRY((put(a, sizeof a), put(im, sizeof im), put(s, sizeof s)),
        value_hvbp_measure_points(q, p, 4, 0.80, 0.90, VALUE_HVBP_HIGHER_IS_BETTER, a, im, s, 4));
}

static void wl_hvbp_combined_score(void)
{
    const double a[3] = {3, NAN, 7}, wa[3] = {1, 1, 2}, b[3] = {5, 4, NAN}, wb[3] = {1, 2, 1};
    double out[3];
    FILLED(out);
    TRY(put(out, sizeof out), value_hvbp_combined_score(a, wa, b, wb, 3, out, 3));
}

static void wl_hvbp_domain_score(void)
{
    const double co[12] = {7, 8, 0, 1, 1, 6, NAN, 5, NAN, NAN, NAN, NAN};
    double out[2];
    FILLED(out);
    TRY(put(out, sizeof out), value_hvbp_domain_score(co, 12, 6, 2024, VALUE_HVBP_CLINICAL_OUTCOMES, out, 2));
}

static void wl_hvbp_tps(void)
{
    const double ds[15] = {115.0 / 3, 46, 130.0 / 3, NAN, NAN, 40, 60, 80, 20, NAN, 30, 70, NAN, NAN, NAN};
    double out[3];
    FILLED(out);
    TRY(put(out, sizeof out), value_hvbp_tps(ds, 15, 2024, out, 3));
}

static void wl_hvbp_payment(void)
{
    const double tps[4] = {50, 20, 0, 80};
    double pct[4], fac[4];
    FILLED(pct), FILLED(fac);
    TRY((put(pct, sizeof pct), put(fac, sizeof fac)), value_hvbp_payment(tps, 4, 2024, 3.0, pct, fac, 4));
}

static void wl_hvbp_lef_slope(void)
{
    const double tps[4] = {50, 20, 10, 80}, base[4] = {1e7, 2e7, 5e6, 8e6};
    double out;
    FILLED(out);
    TRY(put(&out, sizeof out), value_hvbp_lef_slope(tps, base, 4, &out));
}

static void wl_hvbp_hcahps(void)
{
    enum { H = 2, D = 8 };
    double q[H * D], p[H * D], f[D], t[D], b[D];
    for (int d = 0; d < D; d++) {
        f[d] = 40, t[d] = 70, b[d] = 90;
        q[d] = 60 + d, p[d] = 72 + d;
        q[D + d] = 80, p[D + d] = 65 + 2 * d;
    }
    double a[H * D], im[H * D], s[H * D], cons[H], base[H], dom[H];
    FILLED(a), FILLED(im), FILLED(s), FILLED(cons), FILLED(base), FILLED(dom);
    TRY((put(a, sizeof a), put(im, sizeof im), put(s, sizeof s), put(cons, sizeof cons), put(base, sizeof base),
         put(dom, sizeof dom)),
        value_hvbp_hcahps(q, p, H * D, f, t, b, D, a, im, s, H * D, cons, base, dom, H));
}

static void wl_hrrp_err(void)
{
    const double pr[3] = {0.2, 0.18, 0.25}, ex[3] = {0.19, 0.2, 0.22}, dis[3] = {100, 250, 60};
    double out[3];
    FILLED(out);
    TRY(put(out, sizeof out), value_hrrp_err(2019, pr, ex, dis, 3, out, 3));
}

static const int32_t HR_COND[2] = {VALUE_HRRP_AMI, VALUE_HRRP_HF};
static const double HR_ERR[2] = {1.1, 0.9}, HR_DIS[2] = {100, 100}, HR_PAY[2] = {1e6, 1e6};

static void wl_hrrp_factor_nonstratified(void)
{
    double c[2], ratio, factor;
    FILLED(c), FILLED(ratio), FILLED(factor);
    TRY((put(c, sizeof c), put(&ratio, sizeof ratio), put(&factor, sizeof factor)),
        value_hrrp_factor_nonstratified(2015, HR_COND, HR_ERR, HR_DIS, HR_PAY, 2, 1e7, c, 2, &ratio, &factor));
}

static void wl_hrrp_factor_stratified(void)
{
    const double med[2] = {1.0, 1.0};
    double c[2], ratio, factor;
    FILLED(c), FILLED(ratio), FILLED(factor);
    TRY((put(c, sizeof c), put(&ratio, sizeof ratio), put(&factor, sizeof factor)),
        value_hrrp_factor_stratified(2019, HR_COND, HR_ERR, HR_DIS, HR_PAY, med, 2, 1e7, 0.95, c, 2, &ratio, &factor));
}

static void wl_hrrp_program(void)
{
    static const double dual[10] = {0.30, 0.05, 0.50, 0.12, 0.22, 0.08, 0.41, 0.18, 0.27, 0.35};
    int32_t hosp[20], cond[20];
    double err[20], dis[20], pay[20], total[10];
    for (int h = 0; h < 10; h++) {
        hosp[h] = h, cond[h] = VALUE_HRRP_HF, err[h] = 0.9 + 0.025 * h, dis[h] = 100, pay[h] = 2e6;
        hosp[10 + h] = 9 - h, cond[10 + h] = VALUE_HRRP_AMI, err[10 + h] = 1.12 - 0.021 * h, dis[10 + h] = 80;
        pay[10 + h] = 1e6;
        total[h] = 2e7;
    }
    int32_t group[10];
    double ratio[10], factor[10], median[20], contrib[20], nm;
    FILLED(group), FILLED(ratio), FILLED(factor), FILLED(median), FILLED(contrib), FILLED(nm);
    TRY((put(group, sizeof group), put(ratio, sizeof ratio), put(factor, sizeof factor), put(median, sizeof median),
         put(contrib, sizeof contrib), put(&nm, sizeof nm)),
        value_hrrp_program(2019, dual, total, 10, hosp, cond, err, dis, pay, 20, group, ratio, factor, 10, median,
                           contrib, 20, &nm));
}

static const double MIPS_SCORE[4] = {20, 60, 80, 95};

static void wl_mips_adjustment(void)
{
    double out[4];
    FILLED(out);
    TRY(put(out, sizeof out), value_mips_adjustment(2019, MIPS_SCORE, 4, 1.5, 0.3, out, 4));
}

static void wl_mips_components(void)
{
    double a[4], b[4], c[4];
    FILLED(a), FILLED(b), FILLED(c);
    TRY((put(a, sizeof a), put(b, sizeof b), put(c, sizeof c)),
        value_mips_components(2019, MIPS_SCORE, 4, 1.5, 0.3, a, b, c, 4));
}

static void wl_mips_published_scaling(void)
{
    double k, kx;
    FILLED(k), FILLED(kx);
    TRY((put(&k, sizeof k), put(&kx, sizeof kx)), value_mips_published_scaling(2023, &k, &kx));
}

static void wl_bpci_discount(void)
{
    double out;
    FILLED(out);
    TRY(put(&out, sizeof out), value_bpci_discount(2020, VALUE_BPCI_SURGICAL, &out));
}

static void wl_bpci_target_price(void)
{
    double bench, target;
    FILLED(bench), FILLED(target);
    TRY((put(&bench, sizeof bench), put(&target, sizeof target)),
        value_bpci_target_price(2020, VALUE_BPCI_MEDICAL, 20000, 1.05, 0.98, &bench, &target));
}

static void wl_bpci_winsorize(void)
{
    double x[101], out[101], lo, hi;
    for (int i = 0; i < 101; i++)
        x[i] = i + 1;
    FILLED(out), FILLED(lo), FILLED(hi);
    TRY((put(out, sizeof out), put(&lo, sizeof lo), put(&hi, sizeof hi)),
        value_bpci_winsorize(x, 101, 0.01, 0.99, out, 101, &lo, &hi));
}

static void wl_bpci_reconcile(void)
{
    const double target[4] = {25000, 25000, 25000, 25000}, spend[4] = {22000, 24000, 26000, 18000};
    value_settlement *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_settlement(out)), value_bpci_reconcile(2020, target, spend, 4, 0, INFINITY, 0.8, 0, &out));
    if (out != UNTOUCHED)
        value_settlement_free(out);
}

static void wl_aca_risk_corridor(void)
{
    const double target[3] = {1e6, 1e6, 2e6}, costs[3] = {1.05e6, 0.9e6, 2.3e6};
    double out[3];
    FILLED(out);
    TRY(put(out, sizeof out), value_aca_risk_corridor(2015, target, costs, 3, out, 3));
}

static void wl_aca_risk_corridor_settle(void)
{
    value_settlement *out = UNTOUCHED;
    TRY(OBS_OUT(out, obs_settlement(out)), value_aca_risk_corridor_settle(2015, 1e6, 1.12e6, &out));
    if (out != UNTOUCHED)
        value_settlement_free(out);
}

/* ==== the driver ======================================================================= */

typedef struct workload {
    const char *name;
    void (*run)(void);
    int fallback;
} workload;

#define W(name) {#name, wl_##name, 0}
#define W_FALLBACK(name) {#name, wl_##name, 1}
static const workload WORKLOADS[] = {
    W(costing_new), W(costing_build), W(costing_add_resource), W(costing_add_driver), W(costing_add_process),
    W(costing_add_step), W(costing_add_step_term), W(costing_add_step_cost), W(costing_add_consumable),
    W(costing_add_subprocess), W(costing_episode_cost), W(costing_cost_by_resource), W(costing_cost_by_item),
    W(costing_compare), W(costing_capacity), W(costing_log_costs),
    W(discount_new), W(discount_add_step), W(discount_add_steps), W(discount_pv), W(discount_factors),
    W(discount_pv_rate), W(discount_irr),
    W(outcome_new), W(outcome_compute), W(outcome_wilson),
    W(eq5d_builtin), W(eq5d_parse), W(eq5d_load), W(hcc_new), W(hcc_score), W(comorbidity_new), W(comorbidity_flags), W(comorbidity_explain), W(hcc_explain), W(keys_new), W(eq5d_indices), W(qaly_profile), W(model_parse), W(model_load),
    W(model_build), W(model_set_parameter), W(model_run), W(model_run_subgroups), W(model_psa), W(model_dsa),
    W(model_microsim), W(model_parse_small),
    W(cea_frontier), W(cea_net_benefit), W(cea_optimal), W(cea_wtp_ranges), W(cea_value_ratio),
    W(psa_incremental), W(psa_summary), W(psa_curves), W(prob_rescale),
    W(markov_new), W(markov_set_transitions), W(markov_set_state_rewards), W(markov_set_state_rewards_default),
    W(markov_add_transition_reward), W(markov_set_initial), W(markov_run), W(markov_trace), W(markov_cycle_values),
    W(markov_run_batch), W(markov_run_batch_default_alive),
    W(psm_new), W(psm_set_discount), W(psm_run), W(psm_state_values), W(psm_crossings), W(psm_run_batch),
    W_FALLBACK(markov_run_batch_threads), W(markov_tunnel_matrix), W(markov_tunnel_vector),
    W(expr_parse), W(prog_new), W(prog_compile), W(prog_const),
    W(sampler_build), W(sampler_add), W(sampler_add_dirichlet), W(sampler_add_mvnormal), W(sampler_set_correlation),
    W(sampler_draw), W_FALLBACK(sampler_draw_threads),
    W(sensitivity_oneway), W(survival_km_new), W(survival_km_median), W(survival_guyot),
    W(risk_new), W(risk_set_column_name), W(risk_fit), W(risk_fit_gamma), W(risk_set_coefficients),
    W(risk_coefficients), W(risk_predict), W(risk_predict_se), W(risk_fit_random_intercept),
    W(risk_refit_random_intercept), W(risk_standardized_rates), W(risk_performance), W(risk_calibration_table),
    W(risk_oe_interval), W(risk_observed_expected), W(risk_compare),
    W(survival_fit_new), W(survival_fit_estimate), W(survival_fit_rmst),
    W(profile_new), W(profile_add_records), W(profile_add_counts), W(profile_merge), W(profile_results),
    W(profile_proportions), W(funnel_limits), W(funnel_assess), W(peer_groups), W(peer_compare),
    W(disparity_allocate_budget), W(disparity_rates), W(fairness_by_group), W(fairness_summary),
    W(contract_new), W(contract_set_msr_table), W(contract_set_fee_schedule), W(contract_set_p4p_tiers),
    W(contract_set_corridor), W(contract_percentile),
    W(ledger_new), W(ledger_set_bounds), W(ledger_add), W(ledger_add_claims), W_FALLBACK(ledger_add_threads), W(ledger_merge),
    W(ledger_totals), W(ledger_serialize), W(ledger_deserialize),
    W(settle_ffs), W(settle_capitation), W(settle_bundle), W(settle_shared_savings), W(settle_shared_risk),
    W(settle_p4p), W(settle_risk_corridor), W(settle_totals), W(settle_all),
    W(incentive_margins), W(incentive_choice),
    W(cms_years), W(cms_parameter_count), W(cms_parameter), W(mssp_contract), W(mssp_settle),
    W(mssp_benchmark_year_weights), W(mssp_benchmark_regional), W(mssp_benchmark_risk_ratio),
    W(mssp_benchmark_risk_ratio_continuity),
    W(mssp_terms_new), W(mssp_terms_settle), W(mssp_terms_contract), W(mssp_small_period_settle),
    W(mssp_small_period_contract),
    W(hvbp_measure_points), W(hvbp_combined_score), W(hvbp_domain_score), W(hvbp_tps), W(hvbp_payment),
    W(hvbp_lef_slope), W(hvbp_hcahps), W(hrrp_err), W(hrrp_factor_nonstratified), W(hrrp_factor_stratified),
    W(hrrp_program), W(mips_adjustment), W(mips_components), W(mips_published_scaling),
    W(bpci_discount), W(bpci_target_price), W(bpci_winsorize), W(bpci_reconcile),
    W(aca_risk_corridor), W(aca_risk_corridor_settle),
};

/* Run a workload once as set by X; false when it leaked. */
static int run_once(const workload *w)
{
    size_t live = oom_live();
    X.ran = 0;
    w->run();
    if (!X.ran) {
        fprintf(stderr, "FAIL %s: the workload did not reach its call\n", w->name);
        X.bad++;
    }
    size_t now = oom_live();
    if (now != live) {
        char d[64];
        snprintf(d, sizeof d, "%zu", now - live);
        fail("%s: %s blocks leaked", w->name, d);
        return 0;
    }
    return 1;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *b = malloc(cap);
    while (b != NULL && (got = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *bigger = realloc(b, cap *= 2);
            if (bigger == NULL)
                free(b);
            b = bigger;
        }
    }
    fclose(f);
    if (b != NULL)
        b[n] = '\0';
    return b;
}

int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL;
    snprintf(eq5d_path, sizeof eq5d_path, "%s/lib/evaluation/data/eq5d3l_uk_tto.txt", VALUE_TOP_SRCDIR);
    eq5d_text = read_file(eq5d_path);
    if (eq5d_text == NULL) {
        fprintf(stderr, "check_oom: cannot read %s\n", eq5d_path);
        return 2;
    }
    snprintf(model_path, sizeof model_path, "%s/tests/fuzz/corpus/model_file/every_key.yaml", VALUE_TOP_SRCDIR);
    model_text = read_file(model_path);
    if (model_text == NULL) {
        fprintf(stderr, "check_oom: cannot read %s\n", model_path);
        return 2;
    }
    psa_data();
    markov_draws();
    risk_data();
    survival_fit_data();
    ledger_data();
    big_k = malloc(LG_BIG * sizeof *big_k);
    big_c = malloc(LG_BIG * sizeof *big_c), big_r = malloc(LG_BIG * sizeof *big_r), big_m = malloc(LG_BIG * sizeof *big_m);
    if (big_k == NULL || big_c == NULL || big_r == NULL || big_m == NULL)
        return 2;
    for (size_t i = 0; i < LG_BIG; i++)
        big_k[i] = (int32_t)(i % 3), big_c[i] = 100 + (double)(i % 977), big_r[i] = 1, big_m[i] = 12;

    size_t total = 0, workloads = 0, zero = 0, failed_workloads = 0, fallbacks = 0;
    for (size_t w = 0; w < sizeof WORKLOADS / sizeof *WORKLOADS; w++) {
        const workload *wl = &WORKLOADS[w];
        if (only != NULL && strstr(wl->name, only) == NULL)
            continue;
        memset(&X, 0, sizeof X);
        X.name = wl->name;
        X.fallback = wl->fallback;
        X.counting = 1;
        run_once(wl);
        X.counting = 0;
        size_t cases = 0;
        if (X.ref_ok && X.bad == 0)
            for (int later = 0; later <= 1; later++)
                for (size_t n = 1; n <= X.k; n++) {
                    X.n = n, X.later = later;
                    run_once(wl);
                    cases++;
                }
        workloads++;
        zero += X.k == 0;
        total += cases;
        fallbacks += X.fallbacks;
        printf("%-34s K = %4zu  cases %5zu%s%s\n", wl->name, X.k, cases,
               X.fallbacks ? "  (some succeeded by the documented fallback)" : "", X.bad ? "  FAILED" : "");
        if (X.bad) {
            if (X.bad > 12)
                fprintf(stderr, "  ... %d failures in all\n", X.bad);
            failed_workloads++;
        }
    }
    free(big_k), free(big_c), free(big_r), free(big_m);
    free(eq5d_text);
    free(model_text);
    printf("check_oom: %zu workloads (%zu allocate nothing), %zu cases (modes A and B), %zu by a documented fallback; "
           "%zu workloads failed\n",
           workloads, zero, total, fallbacks, failed_workloads);
    return failed_workloads == 0 ? 0 : 1;
}
