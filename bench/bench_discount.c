/* Benchmark: libvalue's present value against the loop an analyst writes by
 * hand (pow per flow), side by side in one run.  Reports the ratio.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <value.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static double naive_pv(const double *x, size_t n, double r)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i] / pow(1 + r, (double)(i + 1));
    return s;
}

int main(void)
{
    enum { N = 1000, REPS = 20000 };
    double *x = malloc(N * sizeof *x), lib = 0, ref = 0, sink = 0;
    if (!x)
        return 1;
    for (int i = 0; i < N; i++)
        x[i] = 100.0 + (i % 7);
    for (int round = 0; round < 3; round++) { /* interleaved rounds: fair under noise */
        double t0 = now();
        for (int k = 0; k < REPS; k++) {
            double pv;
            value_discount_pv_rate(x, N, 0.035 + k * 1e-9, VALUE_DISCOUNT_END, &pv);
            sink += pv;
        }
        double t1 = now();
        for (int k = 0; k < REPS; k++)
            sink += naive_pv(x, N, 0.035 + k * 1e-9);
        double t2 = now();
        lib += t1 - t0;
        ref += t2 - t1;
    }
    printf("present value of %d flows x %d: libvalue %.3f s, naive pow loop %.3f s, ratio %.2f (checksum %g)\n",
           N, 3 * REPS, lib, ref, lib / ref, sink);
    free(x);
    return 0;
}
