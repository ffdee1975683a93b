/* Shared by the fuzz targets (tests/fuzz/README.md).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef VALUE_FUZZ_H
#define VALUE_FUZZ_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VALUE_EXPERIMENTAL
#include "value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken promise of the library: say which and stop, so that the fuzzer
 * (or the regression runner) reports the input. */
#define FUZZ_CHECK(cond)                                                                        \
    do {                                                                                        \
        if (!(cond)) {                                                                          \
            fprintf(stderr, "%s:%d: promise broken: %s (%s)\n", __FILE__, __LINE__, #cond,      \
                    value_errmsg());                                                            \
            abort();                                                                            \
        }                                                                                       \
    } while (0)

/* The input as a NUL-terminated string (freed by the caller), or NULL when
 * out of memory (the target then returns). */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s != NULL) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

/* Split text in place at newlines into at most max lines; returns how many. */
static inline size_t fuzz_lines(char *text, const char **lines, size_t max)
{
    size_t n = 0;
    for (char *p = text; n < max;) {
        lines[n++] = p;
        char *e = strchr(p, '\n');
        if (e == NULL)
            break;
        *e = '\0';
        p = e + 1;
    }
    return n;
}

/* Reads the input as a stream of numbers for targets that need them. */
typedef struct fuzz_bytes {
    const uint8_t *p;
    size_t n;
} fuzz_bytes;

static inline uint8_t fuzz_u8(fuzz_bytes *b)
{
    if (b->n == 0)
        return 0;
    b->n--;
    return *b->p++;
}

/* A double from 8 bytes (any bit pattern: NaN, Inf, subnormals, huge). */
static inline double fuzz_double(fuzz_bytes *b)
{
    uint64_t u = 0;
    for (int k = 0; k < 8; k++)
        u = u << 8 | fuzz_u8(b);
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

#endif
