/* Benchmark of CMS-HCC V28 raw scores (#19): 1,000,000 beneficiaries with
 * 10 diagnosis codes each, drawn from the V28 map's codes (with dots and
 * lower case now and then), through value_hcc_score in one call on one
 * thread; prints beneficiaries per second and ns per code, best of 5,
 * and a digest of the scores' bits and the rows' statuses (the same digest
 * before and after a change to the scoring: the same scores, bit for bit).
 * Also times value_hcc_new (parsing the built-in tables).
 * Run: bench/bench_hcc   (make bench)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <value.h>

enum { N = 1000000, K = 10, REPS = 5 };

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* CPU time of this process: what one core spends, whatever else shares the machine. */
static double cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* A fixed list of real ICD-10-CM codes of several chapters, most in the
 * V28 map, some not (as in claims). */
static const char *const POOL[] = {
    "E1122", "E119", "I5022", "I509", "J449", "N184", "N1832", "F0390", "F200", "G309", "I480", "I4891",
    "C509", "C3490", "C7951", "E6601", "M069", "M3210", "K5090", "K5190", "D631", "D696", "L89154", "I739",
    "Z89511", "G8194", "F1120", "F329", "E1165", "E1151", "I110", "I130", "J841", "J45909", "R69", "Z0000",
    "I10", "E785", "M1990", "K219", "H409", "N390", "R0602", "I2510", "I252", "T82512A", "D66", "C50911",
    "A419", "B20"};

int main(void)
{
    size_t np = sizeof POOL / sizeof POOL[0];
    int32_t *seg = malloc(N * sizeof *seg), *age = malloc(N * sizeof *age), *sex = malloc(N * sizeof *sex);
    int32_t *orec = malloc(N * sizeof *orec), *mcaid = malloc(N * sizeof *mcaid);
    int32_t *person = malloc((size_t)N * K * sizeof *person), *status = malloc((size_t)N * K * sizeof *status);
    const char **codes = malloc((size_t)N * K * sizeof *codes);
    double *out = malloc(N * sizeof *out);
    if (!seg || !age || !sex || !orec || !mcaid || !person || !status || !codes || !out)
        return 1;
    uint64_t x = 88172645463325252ull;
    for (size_t i = 0; i < N; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int aged = (x & 3) != 0;
        seg[i] = aged ? 1 + 2 * (int)((x >> 2) % 3) : 2 + 2 * (int)((x >> 2) % 3);
        age[i] = aged ? 65 + (int)((x >> 8) % 35) : 20 + (int)((x >> 8) % 45);
        sex[i] = 1 + (int)((x >> 20) & 1);
        orec[i] = aged ? (int)((x >> 22) & 1) : 1;
        mcaid[i] = 0;
        for (size_t k = 0; k < K; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            person[i * K + k] = (int32_t)i;
            codes[i * K + k] = POOL[x % np];
        }
    }
    value_hcc *m = NULL;
    double best_new = 1e9;
    for (int r = 0; r < REPS; r++) {
        double t0 = now();
        if (value_hcc_new("V28", &m) != 0)
            return 1;
        double t = now() - t0;
        if (t < best_new)
            best_new = t;
        if (r + 1 < REPS)
            value_hcc_free(m);
    }
    double best = 1e9, best_cpu = 1e9, sum = 0;
    size_t inv = 0;
    for (int r = 0; r < REPS; r++) {
        double t0 = now(), c0 = cpu();
        if (value_hcc_score(m, seg, age, sex, orec, mcaid, N, person, codes, (size_t)N * K, out, N, status,
                            (size_t)N * K, &inv) != 0) {
            fprintf(stderr, "%s\n", value_errmsg());
            return 1;
        }
        double t = now() - t0, c = cpu() - c0;
        if (t < best)
            best = t;
        if (c < best_cpu)
            best_cpu = c;
    }
    uint64_t digest = 14695981039346656037ull; /* FNV-1a over the scores' bytes, then the statuses' */
    for (size_t i = 0; i < N; i++) {
        sum += out[i];
        unsigned char b[sizeof out[i]];
        memcpy(b, &out[i], sizeof b);
        for (size_t k = 0; k < sizeof b; k++)
            digest = (digest ^ b[k]) * 1099511628211ull;
    }
    for (size_t r = 0; r < (size_t)N * K; r++)
        digest = (digest ^ (uint64_t)(uint32_t)status[r]) * 1099511628211ull;
    printf("value_hcc_new(\"V28\"): %.2f ms (best of %d)\n", 1e3 * best_new, REPS);
    printf("V28, %d beneficiaries x %d codes, 1 thread: %.3f s, %.2f million beneficiaries/s, %.1f ns/code "
           "(best of %d; mean score %.4f)\n",
           N, K, best, N / best / 1e6, 1e9 * best / ((double)N * K), REPS, sum / N);
    printf("  CPU time: %.3f s, %.2f million beneficiaries/s per core, %.1f ns/code\n", best_cpu, N / best_cpu / 1e6,
           1e9 * best_cpu / ((double)N * K));
    printf("  digest of the scores and statuses: %016llx (%zu invalid codes)\n", (unsigned long long)digest, inv);
    value_hcc_free(m);
    free(seg), free(age), free(sex), free(orec), free(mcaid), free(person), free(status), free(codes), free(out);
    return 0;
}
