/* The HIV/AIDS Markov model of Chancellor et al. (1997), as in Briggs,
 * Claxton & Sculpher, Decision Modelling for Health Economic Evaluation:
 * zidovudine monotherapy against combination therapy with lamivudine.
 * Build: cc hiv_markov.c $(pkg-config --cflags --libs libvalue)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <value.h>

#define S 4  /* A, B, C, death */
#define T 20 /* annual cycles */
#define TRY(call)                                                      \
    do {                                                               \
        if ((call) != VALUE_OK) {                                      \
            fprintf(stderr, "%s: %s\n", #call, value_errmsg());        \
            return 1;                                                  \
        }                                                              \
    } while (0)

static const double mono[S][S] = {
    {1251 / 1734.0, 350 / 1734.0, 116 / 1734.0, 17 / 1734.0},
    {0, 731 / 1258.0, 512 / 1258.0, 15 / 1258.0},
    {0, 0, 1312 / 1749.0, 437 / 1749.0},
    {0, 0, 0, 1}};

/* Run one arm: per-cycle matrices p and per-cycle state costs. */
static int run(const double *p, const double *cost, double *out_cost, double *out_ly)
{
    static double zeros[T * S], alive[T * S];
    value_markov *m = NULL;
    double q;
    for (int k = 0; k < T * S; k++)
        alive[k] = k % S != S - 1;
    const double initial[S] = {1, 0, 0, 0};
    TRY(value_markov_new(S, &m));
    TRY(value_markov_set(m, VALUE_MARKOV_CYCLES, T));
    TRY(value_markov_set(m, VALUE_MARKOV_DISCOUNT_COSTS, 0.06)); /* life years undiscounted */
    TRY(value_markov_set(m, VALUE_MARKOV_CORRECTION, VALUE_MARKOV_END));
    TRY(value_markov_set_initial(m, initial, S));
    TRY(value_markov_set_transitions(m, p, T * S * S));
    TRY(value_markov_set_state_rewards(m, cost, zeros, alive, T * S));
    TRY(value_markov_run(m, out_cost, &q, out_ly));
    value_markov_free(m);
    return 0;
}

int main(void)
{
    static double p_mono[T][S][S], p_combo[T][S][S], c_mono[T][S], c_combo[T][S];
    const double direct[S] = {2756, 3052, 9007, 0};
    for (int t = 0; t < T; t++) {
        double rr = t < 2 ? 0.509 : 1.0; /* combination's effect, first 2 years */
        for (int i = 0; i < S; i++) {
            double off = 0;
            for (int j = 0; j < S; j++) {
                p_mono[t][i][j] = mono[i][j];
                p_combo[t][i][j] = i == j ? 0 : rr * mono[i][j];
                off += p_combo[t][i][j];
            }
            p_combo[t][i][i] = 1 - off;
            c_mono[t][i] = i < S - 1 ? direct[i] + 2278 : 0;              /* + zidovudine */
            c_combo[t][i] = c_mono[t][i] + (i < S - 1 && t < 2 ? 2086.5 : 0); /* + lamivudine */
        }
    }
    double cm, lym, cc, lyc;
    if (run(&p_mono[0][0][0], &c_mono[0][0], &cm, &lym) || run(&p_combo[0][0][0], &c_combo[0][0], &cc, &lyc))
        return 1;
    printf("monotherapy:  cost %.7f, life years %.7f\n", cm, lym);
    printf("combination:  cost %.7f, life years %.7f\n", cc, lyc);
    printf("ICER: %.5f per life year gained\n", (cc - cm) / (lyc - lym));
    return 0;
}
