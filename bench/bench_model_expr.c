/* The expression engine's cost per lane (lib/evaluation/model_expr.c):
 * the Briggs et al. THR revision probability, time-dependent (a Weibull
 * hazard by cycle), for 1,000 PSA draws x 60 cycles, for the standard
 * prosthesis and NP1 (the same hazard times a relative risk, so the two
 * share the powers), against the same arithmetic written as a C loop.
 * Not part of make check: `make -C build bench/bench_model_expr && build/bench/bench_model_expr`.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _POSIX_C_SOURCE 199309L
#include "core/internal.h"
#include "evaluation/model_expr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { N = 1000, T = 60, REPS = 40 };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct env {
    size_t lambda, gamma, rr, time;
} env;

static int name(void *ctx, const char *n, size_t *out)
{
    const env *e = ctx;
    if (strcmp(n, "lambda") == 0)
        *out = e->lambda;
    else if (strcmp(n, "gamma") == 0)
        *out = e->gamma;
    else if (strcmp(n, "rr_np1") == 0)
        *out = e->rr;
    else if (strcmp(n, "model_time") == 0)
        *out = e->time;
    else
        return value__fail(VALUE_ENOTFOUND, "unknown parameter '%s'", n);
    return VALUE_OK;
}

static size_t compile(value__prog *p, env *e, const char *text)
{
    value__expr *x = NULL;
    size_t node = 0;
    value__resolver r = {name, NULL, e};
    if (value__expr_parse(text, "bench", false, &x) || value__prog_compile(p, x, &r, "bench", &node)) {
        fprintf(stderr, "%s\n", value_errmsg());
        exit(1);
    }
    value__expr_free(x);
    return node;
}

int main(void)
{
    static double lambda[N], gamma[N], rr[N], hand[2][N];
    uint64_t s = 88172645463325252u;
    for (int i = 0; i < N; i++) { /* draws near hesim's THR estimates */
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        double u = (double)(s >> 11) / 9007199254740992.0;
        lambda[i] = 0.0005 * (0.8 + 0.4 * u);
        gamma[i] = 1.45 * (0.9 + 0.2 * u);
        rr[i] = 0.26 * (0.7 + 0.6 * u);
    }
    value__prog *p = value__prog_new();
    env e;
    if (p == NULL || value__prog_input(p, VALUE__DEP_LANE, &e.lambda) || value__prog_input(p, VALUE__DEP_LANE, &e.gamma) ||
        value__prog_input(p, VALUE__DEP_LANE, &e.rr) || value__prog_input(p, VALUE__DEP_TIME, &e.time))
        return 1;
    size_t std = compile(p, &e, "1 - exp(lambda * ((model_time - 1)^gamma - model_time^gamma))");
    size_t np1 = compile(p, &e, "1 - exp(lambda * rr_np1 * ((model_time - 1)^gamma - model_time^gamma))");
    size_t size = value__prog_size(p);
    double *vals = malloc(size * N * sizeof *vals);
    if (vals == NULL)
        return 1;
    value__prog_set_input(p, vals, N, e.lambda, lambda);
    value__prog_set_input(p, vals, N, e.gamma, gamma);
    value__prog_set_input(p, vals, N, e.rr, rr);
    value__prog_eval(p, vals, N, size - 1, 0, 0);
    value__prog_eval(p, vals, N, size - 1, VALUE__DEP_LANE, VALUE__DEP_LANE);

    double best = 1e9, best_hand = 1e9, sink = 0;
    for (int rep = 0; rep < REPS; rep++) {
        double t0 = now();
        for (int t = 1; t <= T; t++) {
            double mt = t;
            value__prog_set_input(p, vals, N, e.time, &mt);
            if (value__prog_eval(p, vals, N, size - 1, VALUE__DEP_TIME, VALUE__DEP_LANE | VALUE__DEP_TIME))
                return 1;
            sink += vals[std * N + t] + vals[np1 * N + t];
        }
        double t1 = now();
        for (int t = 1; t <= T; t++) {
            for (int i = 0; i < N; i++) {
                double d = pow(t - 1.0, gamma[i]) - pow((double)t, gamma[i]);
                hand[0][i] = 1 - exp(lambda[i] * d);
                hand[1][i] = 1 - exp(lambda[i] * rr[i] * d);
            }
            sink += hand[0][t] + hand[1][t];
        }
        double t2 = now();
        best = t1 - t0 < best ? t1 - t0 : best;
        best_hand = t2 - t1 < best_hand ? t2 - t1 : best_hand;
    }
    /* the last cycle's values agree with the C loop, bitwise */
    int same = memcmp(&vals[std * N], hand[0], sizeof hand[0]) == 0 && memcmp(&vals[np1 * N], hand[1], sizeof hand[1]) == 0;
    printf("THR revision probability, 2 strategies, %d draws x %d cycles (program of %zu nodes):\n", N, T, size);
    printf("  engine: %.3f ms a run, %.1f ns per lane per cycle (both strategies), %.1f ns per strategy\n", 1e3 * best,
           1e9 * best / (N * T), 1e9 * best / (2.0 * N * T));
    printf("  C loop: %.3f ms a run, %.1f ns per lane per cycle; engine / C = %.2f; bitwise equal: %s\n",
           1e3 * best_hand, 1e9 * best_hand / (N * T), best / best_hand, same ? "yes" : "NO");
    printf("(sink %g)\n", sink);
    free(vals);
    value__prog_free(p);
    return same ? 0 : 1;
}
