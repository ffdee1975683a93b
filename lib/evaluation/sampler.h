/*
 * The sampler's random streams and variates.  Internal (evaluation,
 * module sampler: lib/evaluation/sampler.c; another module that needs
 * seeded, counter-based streams, such as a microsimulation, takes them
 * from here rather than a generator of its own).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stream is Philox4x32-10 (Salmon, Moraes, Dror & Shaw, "Parallel
 * random numbers: as easy as 1, 2, 3", SC11, 2011) with key (seed mod
 * 2^32, seed div 2^32) and counter (b, column, draw mod 2^32, draw div
 * 2^32) for blocks b = 0, 1, 2, ...: a pure function of (seed, draw,
 * column), so streams can be used in any order, on any thread.  Each block
 * gives four 32-bit words x0..x3, read as two 64-bit words x0 + 2^32 x1,
 * then x2 + 2^32 x3.  value.h's sampler group documents how the sampler
 * turns them into draws.
 */
#ifndef VALUE_SAMPLER_H
#define VALUE_SAMPLER_H

#include <stddef.h>
#include <stdint.h>

/* One Philox4x32-10 block: out = philox(ctr, key). */
void value__philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]);

typedef struct value__stream {
    uint32_t key[2], ctr[4], out[4];
    unsigned used; /* 64-bit words of out already given: 0, 1 or 2 */
} value__stream;

/* The stream of (seed, draw, column), at its start. */
void value__stream_init(value__stream *st, uint64_t seed, uint64_t draw, uint32_t col);

/* The next 64-bit word. */
uint64_t value__stream_bits(value__stream *st);

/* A uniform in (0, 1) from the next word w: ((w >> 12) + 1/2) 2^-52, so u
 * and 1 - u are both exact and at least 2^-53. */
double value__stream_uniform(value__stream *st);

/* A standard normal (the ziggurat of Marsaglia & Tsang 2000, 128 layers,
 * tables value__zig_x/_f); |z| < VALUE__NORMAL_BOUND always. */
double value__stream_normal(value__stream *st);

/* The ziggurat's x_0..x_128 and f_i = exp(-x_i^2 / 2) (see sampler.c). */
extern const double value__zig_x[129], value__zig_f[129];

/* No normal from a stream reaches this: the tail's largest value is
 * r - log(2^-53)/r = 14.11 (r = x_1 = 3.4426). */
#define VALUE__NORMAL_BOUND 14.2

/* A gamma(shape, 1) variate by Marsaglia & Tsang (2000), set up once per
 * shape: for shape a >= 1 it draws gamma(a); below 1 gamma(a + 1) and
 * multiplies by U^(1/a). */
typedef struct value__gamma_gen {
    double shape, d, c; /* d = a' - 1/3, c = 1/sqrt(9 d), a' = a or a + 1 */
    int boost;          /* shape < 1 */
} value__gamma_gen;

void value__gamma_setup(value__gamma_gen *g, double shape);
double value__stream_gamma(value__stream *st, const value__gamma_gen *g);
/* log of a gamma(shape, 1) variate, finite for every shape > 0 (the value
 * itself underflows for small shapes). */
double value__stream_log_gamma(value__stream *st, const value__gamma_gen *g);
/* An upper bound on value__stream_gamma's values. */
double value__gamma_bound(const value__gamma_gen *g);

/* F^{-1}(Phi(y)) for column j of s as a copula column draws it (the
 * quantiles' tests); NaN for a fixed column or one in a block. */
struct value_sampler;
double value__sampler_quantile(const struct value_sampler *s, size_t j, double y);

#endif
