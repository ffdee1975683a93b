/* Benchmark of declarative models (#18), all in C, on the total hip
 * replacement (THR) model file examples/models/thr.yaml (Briggs et al.
 * 2004, 2006; 5 states, 60 annual cycles, 2 strategies, 12 sampled
 * parameters):
 *   1. a PSA of 1,000 draws (value_model_psa: sample, evaluate, run both
 *      strategies) and value_psa_curves over 101 WTP values, split, with
 *      the peak memory it adds (getrusage maxrss);
 *   2. a PSA of 100,000 draws on 1 and 2 threads (VALUE_MODEL_THREADS),
 *      checked to give bitwise the same results;
 *   3. value_model_microsim of 100,000 people x 2 strategies x 60 cycles
 *      on 1 thread (and 2), checked against the cohort within 4 SEs.
 * Loading the file is timed apart.  Every time is the best of several
 * repetitions (the machine is shared).  The comparison with numpy (and
 * with the array API driven from numpy) is bench_model.py.
 * Run: bench/bench_model [examples/models/thr.yaml]   (make bench)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _POSIX_C_SOURCE 199309L
#define VALUE_EXPERIMENTAL
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <value.h>

enum { J = 2, N_LAMBDA = 101, N_SMALL = 1000, N_BIG = 100000, N_PEOPLE = 100000 };
static const uint64_t SEED = 20261124;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* CPU time of the process: on a shared machine a one-thread run's CPU time
 * leaves out the time it waited for a core (not the caches others evict). */
static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static double least(double a, double b)
{
    return a < b ? a : b;
}

static long maxrss_kb(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss; /* kilobytes on Linux */
}

static int failed(const char *what, int rc)
{
    fprintf(stderr, "bench_model: %s failed (%d): %s\n", what, rc, value_errmsg());
    return 1;
}

#define TRY(call)                                                                                                      \
    do {                                                                                                               \
        int rc_ = (call);                                                                                              \
        if (rc_ != VALUE_OK)                                                                                           \
            return failed(#call, rc_);                                                                                 \
    } while (0)

/* Allocate and touch, so that these pages count before a maxrss baseline. */
static double *doubles(size_t n)
{
    double *p = calloc(n, sizeof *p);
    if (p)
        memset(p, 0, n * sizeof *p);
    return p;
}

static double mean_of(const double *x, size_t n, size_t stride, size_t j)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i * stride + j];
    return s / n;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "examples/models/thr.yaml";
    value_model *m = NULL;

    /* ---- load (not in the PSA's time) ---- */
    double load = INFINITY;
    for (int r = 0; r < 5; r++) {
        value_model *x;
        double t0 = now();
        TRY(value_model_load(path, &x));
        double t = now() - t0;
        load = t < load ? t : load;
        if (m)
            value_model_free(m);
        m = x;
    }

    /* The base case against the independent base-R calculation
     * (tests/data/models/thr.R, 10 significant digits; heemod's printed
     * 512.4327 / 14.65283 and 610.3112 / 14.69734 agree): the benchmark
     * times a model that is right. */
    {
        const double want_c[J] = {512.4326665, 610.3112455}, want_e[J] = {14.65283011, 14.69734106};
        double c[J], e[J], ly[J];
        TRY(value_model_run(m, NULL, c, e, ly, J));
        for (int j = 0; j < J; j++)
            if (fabs(c[j] / want_c[j] - 1) > 1e-9 || fabs(e[j] / want_e[j] - 1) > 1e-9) {
                fprintf(stderr, "bench_model: base case %d is %.10g, %.10g, not thr.R's %.10g, %.10g\n", j, c[j], e[j],
                        want_c[j], want_e[j]);
                return 1;
            }
    }
    size_t n_sampled;
    TRY(value_model_count(m, VALUE_MODEL_SAMPLED, &n_sampled));

    double lambdas[N_LAMBDA];
    for (int l = 0; l < N_LAMBDA; l++)
        lambdas[l] = 1000.0 * l;
    double ceac[N_LAMBDA * J], loss[N_LAMBDA * J], evpi[N_LAMBDA], ceaf_p[N_LAMBDA];
    int32_t ceaf[N_LAMBDA];
    double *c1 = doubles(N_BIG * J), *e1 = doubles(N_BIG * J), *c2 = doubles(N_BIG * J), *e2 = doubles(N_BIG * J);
    if (!c1 || !e1 || !c2 || !e2)
        return failed("allocating the outputs", VALUE_ENOMEM);

    /* ---- 1. PSA of 1,000 draws + curves, 1 thread ---- */
    TRY(value_model_set(m, VALUE_MODEL_THREADS, 1));
    long rss0 = maxrss_kb();
    double psa = INFINITY, curves = INFINITY, both = INFINITY, psa_cpu = INFINITY, curves_cpu = INFINITY,
           both_cpu = INFINITY;
    long rss1 = 0;
    enum { ROUNDS = 100 };
    for (int r = 0; r < ROUNDS; r++) {
        double t0 = now(), u0 = cpu();
        TRY(value_model_psa(m, NULL, SEED, N_SMALL, c1, e1, N_SMALL * J, NULL, 0));
        double t1 = now(), u1 = cpu();
        TRY(value_psa_curves(c1, e1, N_SMALL * J, J, lambdas, N_LAMBDA, ceac, loss, N_LAMBDA * J, evpi, ceaf, ceaf_p,
                             N_LAMBDA));
        double t2 = now(), u2 = cpu();
        if (r == 0)
            rss1 = maxrss_kb();
        psa = least(psa, t1 - t0), curves = least(curves, t2 - t1), both = least(both, t2 - t0);
        psa_cpu = least(psa_cpu, u1 - u0), curves_cpu = least(curves_cpu, u2 - u1), both_cpu = least(both_cpu, u2 - u0);
    }
    printf("THR model file (%s): 5 states, 60 cycles, %d strategies, %zu sampled parameters\n", path, J, n_sampled);
    printf("  value_model_load: %.3f ms (best of 5; not in the times below)\n", 1e3 * load);
    printf("THR PSA, %d draws x %d strategies, 1 thread (best of %d; wall / CPU time):\n", N_SMALL, J, ROUNDS);
    printf("  value_model_psa (sample, evaluate, run):  %7.3f / %7.3f ms\n", 1e3 * psa, 1e3 * psa_cpu);
    printf("  value_psa_curves (%d WTP, 0..100000):     %7.3f / %7.3f ms\n", N_LAMBDA, 1e3 * curves, 1e3 * curves_cpu);
    printf("  end to end:                               %7.3f / %7.3f ms  (target <= 5 ms: %s)\n", 1e3 * both,
           1e3 * both_cpu, both <= 5e-3 ? "met" : "MISSED");
    printf("  mean cost %.2f / %.2f, QALYs %.4f / %.4f; P(np1 best | 2000 per QALY) = %.3f; EVPI(2000) = %.2f\n",
           mean_of(c1, N_SMALL, J, 0), mean_of(c1, N_SMALL, J, 1), mean_of(e1, N_SMALL, J, 0),
           mean_of(e1, N_SMALL, J, 1), ceac[2 * J + 1], evpi[2]);
    printf("  peak memory added (maxrss): %ld kB; the %d x %d outputs are %zu kB; the array API's matrices would be "
           "%zu kB a strategy\n",
           rss1 - rss0, N_SMALL, J, (size_t)N_SMALL * J * 2 * sizeof(double) / 1024,
           (size_t)N_SMALL * 60 * 25 * sizeof(double) / 1024);

    /* ---- 2. 100,000 draws on 1 and 2 threads, interleaved ---- */
    double t_one = INFINITY, t_two = INFINITY, u_one = INFINITY;
    long rss2 = maxrss_kb(), rss3 = 0;
    enum { BIG_ROUNDS = 5 };
    for (int r = 0; r < BIG_ROUNDS; r++) {
        for (int k = 0; k < 2; k++) {
            int threads = (r + k) % 2 + 1; /* alternate which runs first */
            TRY(value_model_set(m, VALUE_MODEL_THREADS, threads));
            double t0 = now(), u0 = cpu();
            TRY(value_model_psa(m, NULL, SEED, N_BIG, threads == 1 ? c1 : c2, threads == 1 ? e1 : e2, N_BIG * J, NULL,
                                0));
            double t = now() - t0, u = cpu() - u0;
            if (threads == 1) {
                t_one = least(t_one, t), u_one = least(u_one, u);
                if (rss3 == 0)
                    rss3 = maxrss_kb();
            } else
                t_two = t < t_two ? t : t_two;
        }
    }
    if (memcmp(c1, c2, N_BIG * J * sizeof *c1) != 0 || memcmp(e1, e2, N_BIG * J * sizeof *e1) != 0) {
        fprintf(stderr, "bench_model: the 100,000-draw PSA differs between 1 and 2 threads\n");
        return 1;
    }
    printf("THR PSA, %d draws x %d strategies (best of %d, interleaved):\n", N_BIG, J, BIG_ROUNDS);
    printf("  1 thread:  %8.2f ms  (%.0f draws/s; CPU time %.2f ms)\n", 1e3 * t_one, N_BIG / t_one, 1e3 * u_one);
    printf("  2 threads: %8.2f ms  (%.0f draws/s), speedup %.2fx; bitwise the same results\n", 1e3 * t_two,
           N_BIG / t_two, t_one / t_two);
    printf("  peak memory added at 100,000 draws (maxrss, first run, 1 thread): %ld kB (%.1f bytes a draw); the array "
           "API's matrices would be %.0f MB a strategy\n",
           rss3 > rss2 ? rss3 - rss2 : rss3 - rss1, 1024.0 * (rss3 > rss2 ? rss3 - rss2 : rss3 - rss1) / N_BIG,
           (double)N_BIG * 60 * 25 * sizeof(double) / 1e6);

    /* ---- 3. microsimulation, 100,000 people ---- */
    double mc[J], me[J], mly[J], sc[J], se[J], cc[J], ce[J], cly[J];
    TRY(value_model_run(m, NULL, cc, ce, cly, J));
    double t_ms1 = INFINITY, t_ms2 = INFINITY, u_ms1 = INFINITY;
    enum { MS_ROUNDS = 4 };
    for (int r = 0; r < MS_ROUNDS; r++)
        for (int k = 0; k < 2; k++) {
            int threads = (r + k) % 2 + 1;
            TRY(value_model_set(m, VALUE_MODEL_THREADS, threads));
            double t0 = now(), u0 = cpu();
            TRY(value_model_microsim(m, NULL, SEED, N_PEOPLE, mc, me, mly, sc, se, J));
            double t = now() - t0, u = cpu() - u0;
            if (threads == 1)
                t_ms1 = least(t_ms1, t), u_ms1 = least(u_ms1, u);
            else
                t_ms2 = t < t_ms2 ? t : t_ms2;
        }
    for (int j = 0; j < J; j++) /* a sanity check of what was timed, not the convergence test */
        if (fabs(mc[j] - cc[j]) > 4 * sc[j] || fabs(me[j] - ce[j]) > 4 * se[j]) {
            fprintf(stderr, "bench_model: microsimulation strategy %d (%g, %g) is over 4 SEs from the cohort (%g, %g)\n",
                    j, mc[j], me[j], cc[j], ce[j]);
            return 1;
        }
    printf("THR microsimulation, %d people x %d strategies x 60 cycles (best of %d, interleaved):\n", N_PEOPLE, J,
           MS_ROUNDS);
    printf("  1 thread:  %8.1f ms  (CPU time %.1f ms; target <= 1000 ms: %s)\n", 1e3 * t_ms1, 1e3 * u_ms1,
           t_ms1 <= 1.0 ? "met" : "MISSED");
    printf("  2 threads: %8.1f ms  (speedup %.2fx)\n", 1e3 * t_ms2, t_ms1 / t_ms2);
    printf("  mean cost %.3f (SE %.3f) / %.3f (SE %.3f) vs cohort %.3f / %.3f; QALYs %.4f (SE %.4f) / %.4f (SE %.4f) "
           "vs %.4f / %.4f\n",
           mc[0], sc[0], mc[1], sc[1], cc[0], cc[1], me[0], se[0], me[1], se[1], ce[0], ce[1]);

    free(c1);
    free(e1);
    free(c2);
    free(e2);
    value_model_free(m);
    return 0;
}
