/* Benchmark (#21): PSA of a partitioned survival model, 1,000 draws of a
 * three-state model (Weibull PFS and OS, 2 curves), 40 yearly and 520
 * weekly cycles, half-cycle (trapezoid) correction, 3.5% discounting.
 * libvalue's value_psm_run_batch against the loop an analyst writes by
 * hand (membership and discount factor at each time point, pow per
 * factor), side by side and interleaved, the totals checked to agree.
 * Curves are built once (value_psm_curve), outside the timing: the
 * target (<= 10 ms for 1,000 draws on one core) is for the model run.
 * Reports wall and CPU time, best of ROUNDS.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _POSIX_C_SOURCE 199309L
#define VALUE_EXPERIMENTAL
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <value.h>

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* The hand-written model: membership PF = PFS, PD = max(OS - PFS, 0),
 * trapezoid weights, D(t) = 1.035^{-t}. */
static void naive(const double *surv, size_t K, size_t J, double L, const double *c, const double *u,
                  double *oc, double *oq)
{
    for (size_t k = 0; k < K; k++) {
        const double *pfs = surv + k * 2 * (J + 1), *os = pfs + J + 1;
        double tc = 0, tq = 0;
        for (size_t j = 0; j <= J; j++) {
            double w = (j == 0 || j == J ? 0.5 : 1.0) * pow(1.035, -(double)j * L);
            double pf = pfs[j] < os[j] ? pfs[j] : os[j], pd = os[j] - pf, dead = 1 - os[j];
            tc += w * (pf * c[0] + pd * c[1] + dead * c[2]);
            tq += w * L * (pf * u[0] + pd * u[1] + dead * u[2]);
        }
        oc[k] = tc, oq[k] = tq;
    }
}

static int run(size_t J, double L, int rounds)
{
    enum { K = 1000 };
    value_psm *p = NULL;
    value_discount *d = NULL;
    double *par = malloc(4 * K * sizeof *par), *surv = malloc(2 * K * (J + 1) * sizeof *surv);
    double *oc = malloc(5 * K * sizeof *oc), *oq = oc + K, *ol = oc + 2 * K, *nc = oc + 3 * K, *nq = oc + 4 * K;
    const double cost[] = {1000 * L, 3000 * L, 0}, util[] = {0.8, 0.6, 0};
    if (!par || !surv || !oc || value_psm_new(3, J, L, &p) || value_discount_new(0.035, &d) ||
        value_psm_set_discount(p, d, d) || value_psm_set_state_rewards(p, cost, util, 3))
        return 1;
    /* draws: Weibull (survreg mu, sigma) around PFS median ~1.4 y, OS ~4 y */
    double *pp = malloc(4 * K * sizeof *pp);
    if (!pp)
        return 1;
    for (size_t k = 0; k < K; k++) {
        double e = (double)(k % 97) / 97.0 - 0.5;
        pp[4 * k] = log(2.0) + 0.2 * e, pp[4 * k + 1] = 0.8 + 0.1 * e;     /* PFS */
        pp[4 * k + 2] = log(6.0) + 0.2 * e, pp[4 * k + 3] = 0.9 + 0.1 * e; /* OS */
    }
    /* value_psm_curve takes K sets of one curve: PFS and OS of each draw in turn */
    for (size_t k = 0; k < K; k++)
        if (value_psm_curve(p, VALUE_PSM_WEIBULL, pp + 4 * k, 2, surv + 2 * k * (J + 1), J + 1) ||
            value_psm_curve(p, VALUE_PSM_WEIBULL, pp + 4 * k + 2, 2, surv + (2 * k + 1) * (J + 1), J + 1))
            return 1;
    double best_w = 1e9, best_c = 1e9, best_nw = 1e9;
    for (int r = 0; r < rounds; r++) {
        double w0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
        if (value_psm_run_batch(p, surv, 2 * K * (J + 1), NULL, NULL, 0, K, oc, oq, ol, K)) {
            fprintf(stderr, "%s\n", value_errmsg());
            return 1;
        }
        double w1 = clock_s(CLOCK_MONOTONIC), c1 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
        naive(surv, K, J, L, cost, util, nc, nq);
        double w2 = clock_s(CLOCK_MONOTONIC);
        if (w1 - w0 < best_w)
            best_w = w1 - w0;
        if (c1 - c0 < best_c)
            best_c = c1 - c0;
        if (w2 - w1 < best_nw)
            best_nw = w2 - w1;
    }
    double worst = 0;
    for (size_t k = 0; k < K; k++) {
        double e1 = fabs(oc[k] - nc[k]) / fabs(nc[k]), e2 = fabs(oq[k] - nq[k]) / fabs(nq[k]);
        worst = fmax(worst, fmax(e1, e2));
    }
    printf("PSM PSA, %d draws x 3 states x %zu cycles of %.4g y: libvalue %.3f ms wall, %.3f ms CPU (target 10 ms); "
           "hand-written loop %.3f ms; ratio %.2f; worst relative difference %.1e%s\n",
           K, J, L, 1e3 * best_w, 1e3 * best_c, 1e3 * best_nw, best_w / best_nw, worst,
           worst < 1e-12 ? "" : " DISAGREE");
    value_psm_free(p);
    value_discount_free(d);
    free(par), free(pp), free(surv), free(oc);
    return worst < 1e-12 ? 0 : 1;
}

int main(void)
{
    return run(40, 1.0, 50) || run(520, 1.0 / 52, 20);
}
