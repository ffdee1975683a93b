/*
 * The Charlson/Elixhauser algorithm's tables (comorbidity.c), shared with
 * the explanation (comorbidity_explain.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef VALUE_RISK_COMORBIDITY_H
#define VALUE_RISK_COMORBIDITY_H

#include "core/internal.h"
#include "value.h"

#include <stdint.h>

#define VALUE__COMO_MAXC 32  /* conditions: bits of a uint32_t */
#define VALUE__COMO_MAXW 4   /* weight sets */
#define VALUE__COMO_TAB 1024 /* hash slots, over twice the longest prefix list */

typedef struct value__como_slot {
    uint64_t key;  /* 0: empty */
    uint32_t mask; /* the conditions of this prefix and of its listed shorter prefixes */
    uint32_t own;  /* the conditions this prefix itself is listed under */
    uint8_t len;
} value__como_slot;

struct value_comorbidity {
    const char *name;
    int icd;
    size_t n_cond, n_w;
    char cond[VALUE__COMO_MAXC][16];
    char label[VALUE__COMO_MAXC][96];
    int cleared_by[VALUE__COMO_MAXC]; /* -1: none */
    char wname[VALUE__COMO_MAXW][16];
    double w[VALUE__COMO_MAXW][VALUE__COMO_MAXC];
    unsigned lens, min_len, max_len; /* prefix lengths present: bit L */
    value__como_slot tab[VALUE__COMO_TAB];
};

/* The slot of a listed prefix (key packed as value__icd_read packs), or NULL. */
const value__como_slot *value__como_find(const value_comorbidity *c, uint64_t key);
/* The slot of a code's longest listed prefix, or NULL (the code is in no condition). */
const value__como_slot *value__como_longest(const value_comorbidity *c, uint64_t key, unsigned len);
/* Conditions with the hierarchy applied. */
uint32_t value__como_hierarchy(const value_comorbidity *c, uint32_t f);
/* The index of weight set `weights`, or a VALUE_ENOTFOUND failure listing the algorithm's. */
int value__como_weight_set(const value_comorbidity *c, const char *weights, size_t *out);

#endif
