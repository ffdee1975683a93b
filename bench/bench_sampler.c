/* Benchmark: PSA sampling of beta and gamma parameters, side by side in one
 * run: the sampler's independent columns (Marsaglia-Tsang gammas, beta as a
 * gamma ratio, from Philox streams) against inversion, the method every
 * column used before #18 (x = F^-1(Phi(z)) by Newton steps on GSL's
 * incomplete beta and gamma, checked in a first pass and written in a
 * second), which copula columns still use; and against GSL's own
 * gsl_cdf_beta_Pinv / gsl_cdf_gamma_Pinv at the same probabilities.
 * Reports ns per value on 1 and 2 threads and the ratios.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _POSIX_C_SOURCE 199309L
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <value.h>

enum { P = 10, N = 20000, ROUNDS = 3 };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* P columns of typical PSA parameters: beta probabilities from (mean, sd),
 * or gamma costs from (mean, sd); `inverted` puts them in the copula (a
 * chain of zero correlations: the identity, so the same distributions). */
static value_sampler *make(int gamma, int inverted, size_t threads)
{
    value_sampler *s = NULL;
    size_t i;
    if (value_sampler_new(&s))
        return NULL;
    for (int j = 0; j < P; j++) {
        char name[16];
        snprintf(name, sizeof name, "x%d", j);
        int rc = gamma ? value_sampler_add(s, name, VALUE_SAMPLER_GAMMA_MEANSD, 1000 * (j + 1), 150 * (j + 1), 0, 0, &i)
                       : value_sampler_add(s, name, VALUE_SAMPLER_BETA_MEANSD, 0.05 + 0.08 * j, 0.02 + 0.005 * j, 0, 0,
                                           &i);
        if (rc || (inverted && j > 0 && value_sampler_set_correlation(s, (size_t)j - 1, (size_t)j, 0.0)) ||
            value_sampler_set_threads(s, threads)) {
            fprintf(stderr, "%s\n", value_errmsg());
            value_sampler_free(s);
            return NULL;
        }
    }
    return s;
}

/* ns per value of value_sampler_draw, the best of ROUNDS */
static double time_draw(const value_sampler *s, double *out, double *sink)
{
    double best = INFINITY;
    for (int r = 0; r < ROUNDS; r++) {
        double t0 = now();
        if (value_sampler_draw(s, 20260101 + r, N, out, (size_t)N * P)) {
            fprintf(stderr, "%s\n", value_errmsg());
            exit(1);
        }
        double t = now() - t0;
        best = t < best ? t : best;
        *sink += out[r];
    }
    return best / ((double)N * P) * 1e9;
}

/* ns per value of GSL's inverse CDF at the probabilities Phi(z) of the
 * sampler's own N(0, 1) draws (the error handler off: GSL's inverses can
 * fail to converge, see lib/evaluation/sampler.c) */
static double time_gsl(int gamma, const double *z, size_t m, double *sink)
{
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    double best = INFINITY;
    for (int r = 0; r < ROUNDS; r++) {
        double t0 = now(), s = 0;
        for (size_t i = 0; i < m; i++) {
            double u = gsl_cdf_ugaussian_P(z[i]);
            s += gamma ? gsl_cdf_gamma_Pinv(u, 44.4, 22.5) : gsl_cdf_beta_Pinv(u, 6.6, 46.3);
        }
        double t = now() - t0;
        best = t < best ? t : best;
        *sink += s;
    }
    gsl_set_error_handler(old);
    return best / (double)m * 1e9;
}

int main(void)
{
    double *out = malloc((size_t)N * P * sizeof *out), sink = 0;
    value_sampler *zs = NULL;
    size_t i;
    if (out == NULL || value_sampler_new(&zs) || value_sampler_add(zs, "z", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0, &i) ||
        value_sampler_draw(zs, 7, N, out, N)) {
        fprintf(stderr, "setup failed\n");
        return 1;
    }
    value_sampler_free(zs);
    double *z = malloc(N * sizeof *z);
    if (z == NULL)
        return 1;
    for (int k = 0; k < N; k++)
        z[k] = out[k];
    printf("PSA sampling, %d draws x %d parameters, ns per value (best of %d)\n", N, P, ROUNDS);
    printf("%-6s %12s %12s %12s %12s %14s %10s\n", "", "new 1 thr", "new 2 thr", "inversion", "GSL Pinv", "ratio inv/new",
           "2 thr gain");
    for (int gamma = 0; gamma <= 1; gamma++) {
        value_sampler *fast1 = make(gamma, 0, 1), *fast2 = make(gamma, 0, 2), *inv = make(gamma, 1, 1);
        if (!fast1 || !fast2 || !inv)
            return 1;
        double t1 = time_draw(fast1, out, &sink), t2 = time_draw(fast2, out, &sink), ti = time_draw(inv, out, &sink);
        double tg = time_gsl(gamma, z, N, &sink);
        printf("%-6s %12.1f %12.1f %12.1f %12.1f %14.1f %10.2f\n", gamma ? "gamma" : "beta", t1, t2, ti, tg, ti / t1,
               t1 / t2);
        value_sampler_free(fast1);
        value_sampler_free(fast2);
        value_sampler_free(inv);
    }
    printf("(target: inversion / new >= 5; checksum %g)\n", sink);
    free(out);
    free(z);
    return 0;
}
