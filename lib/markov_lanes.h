/*
 * The Markov batch kernel, a template: markov.c includes this file once
 * per lane count, with LANES (draws side by side), LANES_NAME(x) (the
 * instance's name for x) and LANES_TARGET (the instruction set it is
 * compiled for) defined.  See "The batch path" in markov.c.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* one value of each of LANES draws (GCC/Clang vector extension) */
typedef double LANES_NAME(vector) __attribute__((vector_size(LANES * sizeof(double))));
#define lanes LANES_NAME(vector)

/* x in every lane: x - (+0) is exactly x, even for -0 (a macro, as
 * returning a vector is ABI-dependent) */
#define splat(x) ((x) - (lanes){0})

/* dst[e][l] = src[l][e] for e < n */
LANES_TARGET
static void LANES_NAME(gather)(lanes *restrict dst, const double *const src[LANES], size_t n)
{
    for (size_t e = 0; e < n; e++)
        for (size_t l = 0; l < LANES; l++)
            dst[e][l] = src[l][e];
}

/* cohort() for LANES draws at once, totals only (tot[.][l], l < LANES);
 * the lanes' inputs share their layout (steps). */
LANES_TARGET
static void LANES_NAME(cohort)(const value_markov *m, const plan *pl, const inputs *in, void *work_,
                               double tot[3][MAX_LANES])
{
    const size_t S = m->n_states, T = m->n_cycles, a_step = m->rewards_per_cycle ? S : 0;
    const lanes a = splat(pl->a), b = splat(pl->b);
    lanes *work = work_;
    lanes *P = work, *C = P + S * S, *U = C + S, *prev = U + S, *cur = prev + S;
    const size_t p_step = in[0].p_step, r_step = in[0].r_step;
    const double *src[LANES];

    for (size_t s = 0; s < S; s++)
        prev[s] = splat(m->initial[s]);
    for (size_t l = 0; l < LANES; l++)
        src[l] = in[l].cost;
    LANES_NAME(gather)(C, src, S);
    for (size_t l = 0; l < LANES; l++)
        src[l] = in[l].utility;
    LANES_NAME(gather)(U, src, S);
    lanes sc = splat(0), sq = splat(0), sl = splat(0);
    for (size_t s = 0; s < S; s++) {
        sc += prev[s] * C[s];
        sq += prev[s] * U[s];
        sl += prev[s] * splat(m->alive[s]);
    }
    lanes tc = sc * splat(pl->state_c[0]), tq = sq * splat(pl->state_e[0]), tl = sl * splat(pl->state_e[0]);

    for (size_t t = 1; t <= T; t++) {
        if (t == 1 || p_step != 0) {
            for (size_t l = 0; l < LANES; l++)
                src[l] = in[l].p + (t - 1) * p_step;
            LANES_NAME(gather)(P, src, S * S);
        }
        if (t > 1 && r_step != 0) {
            for (size_t l = 0; l < LANES; l++)
                src[l] = in[l].cost + (t - 1) * r_step;
            LANES_NAME(gather)(C, src, S);
            for (size_t l = 0; l < LANES; l++)
                src[l] = in[l].utility + (t - 1) * r_step;
            LANES_NAME(gather)(U, src, S);
        }

        /* cur = prev P, each entry summed over i in order */
        for (size_t j = 0; j < S; j++) {
            lanes acc = prev[0] * P[j];
            for (size_t i = 1; i < S; i++)
                acc += prev[i] * P[i * S + j];
            cur[j] = acc;
        }

        const double *at = m->alive + (t - 1) * a_step;
        sc = sq = sl = splat(0);
        for (size_t s = 0; s < S; s++) {
            lanes y = a * prev[s] + b * cur[s];
            sc += y * C[s];
            sq += y * U[s];
            sl += y * splat(at[s]);
        }
        sc *= splat(pl->state_c[t]);
        sq *= splat(pl->state_e[t]);
        sl *= splat(pl->state_e[t]);

        if (m->n_tr > 0) {
            lanes rc = splat(0), rq = splat(0);
            for (size_t k = 0; k < m->n_tr; k++) {
                const transition_reward *r = &m->tr[k];
                lanes flow = prev[r->from] * P[r->from * S + r->to];
                rc += flow * splat(r->cost);
                rq += flow * splat(r->qalys);
            }
            sc += rc * splat(pl->trans_c[t]);
            sq += rq * splat(pl->trans_e[t]);
        }

        tc += sc;
        tq += sq;
        tl += sl;
        lanes *swap = prev;
        prev = cur;
        cur = swap;
    }
    for (size_t l = 0; l < LANES; l++) {
        tot[0][l] = tc[l];
        tot[1][l] = tq[l];
        tot[2][l] = tl[l];
    }
}

#undef splat
#undef lanes
#undef LANES
#undef LANES_NAME
#undef LANES_TARGET
