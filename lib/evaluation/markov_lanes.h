/*
 * The Markov batch kernel, a template: markov_batch.c (and only it)
 * includes this file once per lane count, with LANES (draws side by
 * side), LANES_NAME(x) (the instance's name for x) and LANES_TARGET (the
 * instruction set it is compiled for) defined.  See markov_batch.c's
 * first comment.
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

/* The lanes' transition matrices, each draw's from p + off: P[e][l] =
 * in[l].p[off + e]. */
LANES_TARGET
static inline __attribute__((always_inline)) void LANES_NAME(gather_p)(lanes *P, const value__markov_inputs *in,
                                                                       size_t off, size_t S)
{
    const double *src[LANES];
    for (size_t l = 0; l < LANES; l++)
        src[l] = in[l].p + off;
    LANES_NAME(gather)(P, src, S * S);
}

/* The lanes' state costs and utilities, each draw's from off. */
LANES_TARGET
static inline __attribute__((always_inline)) void LANES_NAME(gather_rewards)(lanes *C, lanes *U,
                                                                             const value__markov_inputs *in,
                                                                             size_t off, size_t S)
{
    const double *src[LANES];
    for (size_t l = 0; l < LANES; l++)
        src[l] = in[l].cost + off;
    LANES_NAME(gather)(C, src, S);
    for (size_t l = 0; l < LANES; l++)
        src[l] = in[l].utility + off;
    LANES_NAME(gather)(U, src, S);
}

/* The lanes' life-year weights, each draw's from off. */
LANES_TARGET
static inline __attribute__((always_inline)) void LANES_NAME(gather_alive)(lanes *A, const value__markov_inputs *in,
                                                                           size_t off, size_t S)
{
    const double *src[LANES];
    for (size_t l = 0; l < LANES; l++)
        src[l] = in[l].alive + off;
    LANES_NAME(gather)(A, src, S);
}

/* cycle_flows() for LANES draws at once. */
LANES_TARGET
static inline __attribute__((always_inline)) void LANES_NAME(cycle_flows)(const value_markov *m, const lanes *prev,
                                                                          const lanes *P, lanes *rc, lanes *rq)
{
    const size_t S = m->n_states;
    lanes c = splat(0), q = splat(0);
    for (size_t k = 0; k < m->n_tr; k++) {
        const value__markov_reward *r = &m->tr[k];
        lanes flow = prev[r->from] * P[r->from * S + r->to];
        c += flow * splat(r->cost);
        q += flow * splat(r->qalys);
    }
    *rc = c;
    *rq = q;
}

/* The lanes' three totals, lane l to tot[.][l]. */
LANES_TARGET
static inline __attribute__((always_inline)) void LANES_NAME(store)(double tot[3][MAX_LANES], lanes c, lanes q,
                                                                    lanes l)
{
    for (size_t i = 0; i < LANES; i++) {
        tot[0][i] = c[i];
        tot[1][i] = q[i];
        tot[2][i] = l[i];
    }
}

/* cohort() for LANES draws at once, totals only (tot[.][l], l < LANES);
 * the lanes' inputs share their layout (steps). */
LANES_TARGET
static bool LANES_NAME(cohort)(const value_markov *m, const value__markov_plan *pl, const value__markov_inputs *in,
                               void *work_, double tot[3][MAX_LANES])
{
    const size_t S = m->n_states, T = m->n_cycles;
    const lanes a = splat(pl->a), b = splat(pl->b);
    lanes *work = work_;
    lanes *P = work, *C = P + S * S, *U = C + S, *A = U + S, *prev = A + S, *cur = prev + S;
    const size_t p_step = in[0].p_step, r_step = in[0].r_step, a_step = in[0].a_step;

    for (size_t s = 0; s < S; s++)
        prev[s] = splat(m->initial[s]);
    LANES_NAME(gather_rewards)(C, U, in, 0, S);
    LANES_NAME(gather_alive)(A, in, 0, S);
    lanes sc = splat(0), sq = splat(0), sl = splat(0);
    for (size_t s = 0; s < S; s++) {
        sc += prev[s] * C[s];
        sq += prev[s] * U[s];
        sl += prev[s] * A[s];
    }
    lanes tc = sc * splat(pl->state_c[0]), tq = sq * splat(pl->state_e[0]), tl = sl * splat(pl->state_e[0]);

    for (size_t t = 1; t <= T; t++) {
        if (t == 1 || p_step != 0)
            LANES_NAME(gather_p)(P, in, (t - 1) * p_step, S);
        if (t > 1 && r_step != 0)
            LANES_NAME(gather_rewards)(C, U, in, (t - 1) * r_step, S);
        if (t > 1 && a_step != 0)
            LANES_NAME(gather_alive)(A, in, (t - 1) * a_step, S);

        /* cur = prev P, each entry summed over i in order (written out
         * again in constant_body, unrolled: unrolled here, for any S, it
         * measured 7-9% slower) */
        for (size_t j = 0; j < S; j++) {
            lanes acc = prev[0] * P[j];
            for (size_t i = 1; i < S; i++)
                acc += prev[i] * P[i * S + j];
            cur[j] = acc;
        }

        sc = sq = sl = splat(0);
        for (size_t s = 0; s < S; s++) {
            lanes y = a * prev[s] + b * cur[s];
            sc += y * C[s];
            sq += y * U[s];
            sl += y * A[s];
        }
        sc *= splat(pl->state_c[t]);
        sq *= splat(pl->state_e[t]);
        sl *= splat(pl->state_e[t]);

        if (m->n_tr > 0) {
            lanes rc, rq;
            LANES_NAME(cycle_flows)(m, prev, P, &rc, &rq);
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
    LANES_NAME(store)(tot, tc, tq, tl);
    return true;
}

/* Whether the block's transitions (constant over cycles) and rewards
 * pass check_probabilities() and check_rewards(), with their arithmetic
 * lane by lane, so that both accept the same draws. */
LANES_TARGET
static inline __attribute__((always_inline)) bool LANES_NAME(valid)(const lanes *P, const lanes *C, const lanes *U,
                                                                    size_t S, double tol)
{
    typedef long long mask __attribute__((vector_size(LANES * sizeof(long long))));
    mask bad = (mask){0};
    for (size_t i = 0; i < S; i++) {
        lanes sum = splat(0);
        for (size_t j = 0; j < S; j++) {
            lanes x = P[i * S + j];
            bad |= ~((x >= splat(0)) & (x <= splat(1)));
            sum += x;
        }
        lanes d = sum - splat(1);
        bad |= ~((d <= splat(tol)) & (d >= splat(-tol)));
    }
    for (size_t s = 0; s < S; s++) /* x - x is 0 when x is finite, else NaN */
        bad |= ((C[s] - C[s]) != splat(0)) | ((U[s] - U[s]) != splat(0));
    for (size_t l = 0; l < LANES; l++)
        if (bad[l])
            return false;
    return true;
}

/* cohort_constant() for LANES draws at once, in its order of operations.
 * Inlined with S a constant (the kernels for small models below), the
 * loops unroll and the cohort's vectors stay in registers; called with
 * the model's S, the arrays are work memory.  With constant transitions
 * the block's inputs are checked here (see valid()) and false returned,
 * nothing run, when a draw is invalid. */
LANES_TARGET
static inline __attribute__((always_inline)) bool
LANES_NAME(constant_body)(const value_markov *m, const value__markov_plan *pl, const value__markov_inputs *in,
                          lanes *work, double tot[3][MAX_LANES], const size_t S, const bool p_constant, lanes *prev,
                          lanes *cur, lanes *wc, lanes *we, lanes *vc, lanes *ve)
{
    const size_t T = m->n_cycles, p_step = in[0].p_step;
    const bool flows = m->n_tr > 0;
    lanes *P = work, *C = P + S * S, *U = C + S, *A = U + S, *v_at = A + S; /* v_at: vc, ve for indexing by state */

    LANES_NAME(gather_p)(P, in, 0, S);
    LANES_NAME(gather_rewards)(C, U, in, 0, S);
    LANES_NAME(gather_alive)(A, in, 0, S);
    if (p_constant && !LANES_NAME(valid)(P, C, U, S, m->row_tolerance))
        return false;

#pragma GCC unroll 8
    for (size_t s = 0; s < S; s++) {
        prev[s] = splat(m->initial[s]);
        wc[s] = splat(pl->occ_c[0]) * prev[s];
        we[s] = splat(pl->occ_e[0]) * prev[s];
        vc[s] = ve[s] = splat(0);
    }
    lanes rc_tot = splat(0), rq_tot = splat(0);

    for (size_t t = 1; t <= T; t++) {
        if (!p_constant && t > 1)
            LANES_NAME(gather_p)(P, in, (t - 1) * p_step, S);
        if (flows && p_constant) {
            const lanes dc = splat(pl->trans_c[t]), de = splat(pl->trans_e[t]);
#pragma GCC unroll 8
            for (size_t s = 0; s < S; s++) {
                vc[s] += dc * prev[s];
                ve[s] += de * prev[s];
            }
        } else if (flows) {
            lanes rc, rq;
            LANES_NAME(cycle_flows)(m, prev, P, &rc, &rq);
            rc_tot += rc * splat(pl->trans_c[t]);
            rq_tot += rq * splat(pl->trans_e[t]);
        }
#pragma GCC unroll 8
        for (size_t j = 0; j < S; j++) {
            lanes acc = prev[0] * P[j];
#pragma GCC unroll 8
            for (size_t i = 1; i < S; i++)
                acc += prev[i] * P[i * S + j];
            cur[j] = acc;
        }
        const lanes oc = splat(pl->occ_c[t]), oe = splat(pl->occ_e[t]);
#pragma GCC unroll 8
        for (size_t s = 0; s < S; s++) {
            wc[s] += oc * cur[s];
            we[s] += oe * cur[s];
            prev[s] = cur[s];
        }
    }

    if (flows && p_constant) {
#pragma GCC unroll 8
        for (size_t s = 0; s < S; s++) {
            v_at[s] = vc[s];
            v_at[S + s] = ve[s];
        }
        for (size_t k = 0; k < m->n_tr; k++) {
            const value__markov_reward *r = &m->tr[k];
            lanes p = P[r->from * S + r->to];
            rc_tot += (v_at[r->from] * p) * splat(r->cost);
            rq_tot += (v_at[S + r->from] * p) * splat(r->qalys);
        }
    }
    lanes c = splat(0), q = splat(0), lv = splat(0);
#pragma GCC unroll 8
    for (size_t s = 0; s < S; s++) {
        c += wc[s] * C[s];
        q += we[s] * U[s];
        lv += we[s] * A[s];
    }
    c += rc_tot;
    q += rq_tot;
    LANES_NAME(store)(tot, c, q, lv);
    return true;
}

/* Any S; the cohort's vectors in work memory after constant_body's. */
LANES_TARGET
static bool LANES_NAME(constant)(const value_markov *m, const value__markov_plan *pl, const value__markov_inputs *in,
                                 void *work_, double tot[3][MAX_LANES])
{
    const size_t S = m->n_states;
    lanes *work = work_, *w = work + S * S + 5 * S;
    return LANES_NAME(constant_body)(m, pl, in, work, tot, S, in[0].p_step == 0, w, w + S, w + 2 * S, w + 3 * S,
                                     w + 4 * S, w + 5 * S);
}

/* Constant transitions and S states, S fixed. */
#define FIXED_S_KERNEL(n)                                                                                             \
    LANES_TARGET                                                                                                      \
    static bool LANES_NAME(constant_##n)(const value_markov *m, const value__markov_plan *pl,                         \
                                         const value__markov_inputs *in, void *work, double tot[3][MAX_LANES])        \
    {                                                                                                                 \
        lanes prev[n], cur[n], wc[n], we[n], vc[n], ve[n];                                                            \
        return LANES_NAME(constant_body)(m, pl, in, work, tot, n, true, prev, cur, wc, we, vc, ve);                   \
    }
FIXED_S_KERNEL(2)
FIXED_S_KERNEL(3)
FIXED_S_KERNEL(4)
FIXED_S_KERNEL(5)
FIXED_S_KERNEL(6)
FIXED_S_KERNEL(7)
FIXED_S_KERNEL(8)
#undef FIXED_S_KERNEL

/* The kernel for a model with constant transitions and rewards: one for
 * its S when there is one, else constant(). */
static kernel_fn *LANES_NAME(constant_for)(size_t S, bool p_constant)
{
    static kernel_fn *const fixed[] = {NULL, NULL, LANES_NAME(constant_2), LANES_NAME(constant_3),
                                       LANES_NAME(constant_4), LANES_NAME(constant_5), LANES_NAME(constant_6),
                                       LANES_NAME(constant_7), LANES_NAME(constant_8)};
    return p_constant && S < sizeof fixed / sizeof *fixed && fixed[S] != NULL ? fixed[S] : LANES_NAME(constant);
}

#undef splat
#undef lanes
#undef LANES
#undef LANES_NAME
#undef LANES_TARGET
