/* A decision model from its file: the base case, a probabilistic
 * sensitivity analysis with its CEAC and EVPI, and a tornado, all run in
 * the library.  Usage: model_file MODEL.yaml [WTP]
 * (e.g. examples/models/thr.yaml 2000).
 * Build: cc model_file.c $(pkg-config --cflags --libs libvalue)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define VALUE_EXPERIMENTAL /* value_psa_curves */
#include <stdio.h>
#include <stdlib.h>
#include <value.h>

#define N 1000 /* PSA draws */

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s MODEL.yaml [WTP]\n", argv[0]);
        return 2;
    }
    double wtp = argc > 2 ? atof(argv[2]) : 20000;
    value_model *m = NULL;
    size_t J, R;
    if (value_model_load(argv[1], &m) != VALUE_OK || value_model_count(m, VALUE_MODEL_STRATEGIES, &J) != VALUE_OK ||
        value_model_count(m, VALUE_MODEL_RANGES, &R) != VALUE_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], value_errmsg());
        value_model_free(m);
        return 1;
    }
    double *c = malloc(N * J * sizeof *c), *e = malloc(N * J * sizeof *e), *l = malloc(J * sizeof *l);
    double *ceac = malloc(J * sizeof *ceac), *loss = malloc(J * sizeof *loss);
    int rc = c && e && l && ceac && loss ? VALUE_OK : VALUE_ENOMEM;
    if (rc == VALUE_OK && (rc = value_model_run(m, NULL, c, e, l, J)) == VALUE_OK) {
        printf("base case (%s):\n", argv[1]);
        for (size_t j = 0; j < J; j++) {
            const char *name;
            value_model_name(m, VALUE_MODEL_STRATEGIES, j, &name);
            printf("  %-10s cost %12.4f  effect %10.5f  life years %10.5f\n", name, c[j], e[j], l[j]);
        }
    }
    size_t P = 0;
    value_model_count(m, VALUE_MODEL_SAMPLED, &P);
    if (rc == VALUE_OK && P > 0 && (rc = value_model_psa(m, NULL, 2026, N, c, e, N * J, NULL, 0)) == VALUE_OK) {
        double evpi, prob;
        int32_t best;
        if ((rc = value_psa_curves(c, e, N * J, J, &wtp, 1, ceac, loss, J, &evpi, &best, &prob, 1)) == VALUE_OK) {
            printf("PSA, %d draws, at %g per unit of effect:\n", N, wtp);
            for (size_t j = 0; j < J; j++) {
                const char *name;
                value_model_name(m, VALUE_MODEL_STRATEGIES, j, &name);
                printf("  P(%s is cost-effective) = %.3f\n", name, ceac[j]);
            }
            printf("  EVPI per person %.2f\n", evpi);
        }
    }
    if (rc == VALUE_OK && R > 0 && J > 1) {
        double *lo = malloc(R * sizeof *lo), *hi = malloc(R * sizeof *hi), base;
        int32_t *ord = malloc(R * sizeof *ord);
        if (lo && hi && ord && (rc = value_model_tornado(m, J - 1, 0, wtp, 0, lo, hi, ord, R, &base)) == VALUE_OK) {
            printf("tornado, incremental net benefit (base %.2f), widest first:\n", base);
            for (size_t r = 0; r < R; r++) {
                const char *name;
                value_model_name(m, VALUE_MODEL_RANGES, (size_t)ord[r], &name);
                printf("  %-14s %12.2f .. %12.2f\n", name, lo[ord[r]], hi[ord[r]]);
            }
        }
        free(lo);
        free(hi);
        free(ord);
    }
    if (rc != VALUE_OK)
        fprintf(stderr, "%s: %s\n", argv[1], value_errmsg());
    free(c);
    free(e);
    free(l);
    free(ceac);
    free(loss);
    value_model_free(m);
    return rc == VALUE_OK ? 0 : 1;
}
