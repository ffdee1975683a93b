/*
 * Markov cohort models, tunnel states (time-in-state dependence): the
 * transition matrix and the per-state vectors of a model in which one
 * state becomes k tunnel states, the cohort's first, second, ... cycle
 * there.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/internal.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* S from n = S^2, or 0 when n is not a square. */
static size_t square_root(size_t n)
{
    size_t r = (size_t)sqrt((double)n);
    for (size_t c = r > 0 ? r - 1 : 1; c <= r + 1; c++)
        if (c > 0 && c <= n / c && c * c == n)
            return c;
    return 0;
}

/* S + k - 1 expanded states, when they and their square fit a size_t;
 * s_name names S for the message. */
static int expanded_size(size_t S, const char *s_name, size_t k, size_t *expanded)
{
    if (k == 0)
        return value__fail(VALUE_EINVAL, "k must be at least 1, got 0");
    if (k - 1 > SIZE_MAX - S || value__mul_size(S + k - 1, S + k - 1) == SIZE_MAX)
        return value__fail(VALUE_EINVAL, "%s + k - 1 states are too many (%s = %zu, k = %zu)", s_name, s_name, S, k);
    *expanded = S + k - 1;
    return VALUE_OK;
}

/* Checks shared by the tunnel functions; *expanded = S + k - 1. */
static int check_tunnel(size_t S, const char *s_name, size_t state, size_t k, const void *out, size_t *expanded)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")))
        return rc;
    if (state >= S)
        return value__fail(VALUE_EINVAL, "state is %zu, not in [0, %zu) (the model has %zu states)", state, S, S);
    return expanded_size(S, s_name, k, expanded);
}

int value_markov_tunnel_size(size_t n_states, size_t k, size_t *out_states, size_t *out_matrix_len)
{
    int rc;
    size_t E;
    if ((rc = value__check_ptr(out_states, "out_states")) || (rc = value__check_ptr(out_matrix_len, "out_matrix_len")))
        return rc;
    if (n_states == 0)
        return value__fail(VALUE_EINVAL, "n_states must be at least 1, got 0");
    if ((rc = expanded_size(n_states, "n_states", k, &E)))
        return rc;
    *out_states = E;
    *out_matrix_len = E * E;
    return VALUE_OK;
}

/* Where original state s goes: the expanded state itself goes to tunnel 1. */
static size_t tunnel_index(size_t s, size_t state, size_t k)
{
    return s <= state ? s : s + k - 1;
}

int value_markov_tunnel_matrix(const double *p, size_t n, size_t state, size_t k, double *out, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")))
        return rc;
    size_t S = square_root(n), E;
    if (S == 0)
        return value__fail(VALUE_EINVAL, "n must be S^2 for some S >= 1, got %zu", n);
    /* the sizes agree before any value is read */
    if ((rc = check_tunnel(S, "S", state, k, out, &E)) ||
        (rc = value__check_length("out_len", out_len, E * E, "(S + k - 1)^2")) ||
        (rc = value__check_array(p, n, 1, "p", "n")))
        return rc;
    memset(out, 0, E * E * sizeof *out);
    for (size_t i = 0; i < S; i++) {
        if (i == state)
            continue;
        double *row = out + tunnel_index(i, state, k) * E;
        for (size_t j = 0; j < S; j++)
            row[tunnel_index(j, state, k)] = p[i * S + j];
    }
    /* tunnel i (0-based here) leaves as the state did; staying moves on */
    const double *from = p + state * S;
    for (size_t i = 0; i < k; i++) {
        double *row = out + (state + i) * E;
        for (size_t j = 0; j < S; j++)
            if (j != state)
                row[tunnel_index(j, state, k)] = from[j];
        row[state + (i + 1 < k ? i + 1 : i)] = from[state];
    }
    return VALUE_OK;
}

int value_markov_tunnel_vector(const double *v, size_t n, size_t state, size_t k, int first_only, double *out,
                               size_t out_len)
{
    int rc;
    size_t E;
    if ((rc = value__check_ptr(v, "v")))
        return rc;
    if (n == 0)
        return value__fail(VALUE_EINVAL, "n must be at least 1, got 0");
    /* the sizes agree before any value is read */
    if ((rc = check_tunnel(n, "n", state, k, out, &E)))
        return rc;
    if (first_only != 0 && first_only != 1)
        return value__fail(VALUE_EINVAL, "first_only must be 0 or 1, got %d", first_only);
    if ((rc = value__check_length("out_len", out_len, E, "n + k - 1")) || (rc = value__check_array(v, n, 1, "v", "n")))
        return rc;
    for (size_t i = 0; i < n; i++)
        out[tunnel_index(i, state, k)] = v[i];
    for (size_t i = 1; i < k; i++)
        out[state + i] = first_only ? 0.0 : v[state];
    return VALUE_OK;
}
