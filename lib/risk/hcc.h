/*
 * The CMS-HCC model tables (hcc.c), shared with the explanation
 * (hcc_explain.c): categories as bit positions of a 128-bit set.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef VALUE_RISK_HCC_H
#define VALUE_RISK_HCC_H

#include "core/internal.h"
#include "value.h"

#include <stdint.h>

#define VALUE__HCC_MAX 128 /* categories: two 64-bit words */
#define VALUE__HCC_INTER 32
#define VALUE__HCC_NONE 0xFF

typedef struct value__hcc_bits {
    uint64_t w[2];
} value__hcc_bits;

static inline void value__hcc_bit_set(value__hcc_bits *b, int i)
{
    b->w[i >> 6] |= (uint64_t)1 << (i & 63);
}

static inline int value__hcc_any(const value__hcc_bits *a, const value__hcc_bits *b)
{
    return ((a->w[0] & b->w[0]) | (a->w[1] & b->w[1])) != 0;
}

/* The number of categories in a set (no libgcc call: the library is built
 * for any x86-64, without the popcnt instruction). */
static inline int value__hcc_count(const value__hcc_bits *b)
{
    int n = 0;
    for (int w = 0; w < 2; w++) {
        uint64_t x = b->w[w];
        x -= (x >> 1) & 0x5555555555555555ull;
        x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
        x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
        n += (int)((x * 0x0101010101010101ull) >> 56);
    }
    return n;
}

/* The lowest category of a non-empty set, taken out of it; with
 * value__hcc_count, one loop walks both words (one loop exit to
 * mispredict, not two), and the set stays in registers. */
static inline int value__hcc_take(value__hcc_bits *b)
{
    uint64_t hi = -(uint64_t)(b->w[0] == 0); /* all ones once word 0 is done */
    uint64_t x = (b->w[0] & ~hi) | (b->w[1] & hi), rest = x & (x - 1);
    int i = __builtin_ctzll(x) + (int)(hi & 64);
    b->w[0] = (b->w[0] & hi) | (rest & ~hi);
    b->w[1] = (b->w[1] & ~hi) | (rest & hi);
    return i;
}

/* An age/sex edit of V2xI0ED1: when cond holds, the code maps to cc_index
 * only (or to nothing when cc_index is -1). */
typedef struct value__hcc_edit {
    int kind; /* 0 sex = 2; 1 age < a; 2 age >= a; 3 age < a or age > b */
    int a, b;
    int cc_index; /* -1: invalid */
    value__hcc_bits cc_bits; /* cc_index as a set (scoring ORs it in: no indexed store) */
    int cc_number;
    char src[32];
} value__hcc_edit;

typedef struct value__hcc_slot {
    uint64_t key;         /* 0: empty */
    value__hcc_bits cats; /* cat[] as a set: what scoring adds */
    uint8_t cat[2];       /* in the map's order, VALUE__HCC_NONE when absent */
    uint8_t edit;         /* 0: none, else edit + 1 */
} value__hcc_slot;

/* The map as a perfect hash (value_hcc_new builds it): a code has one
 * slot, tab[(h ^ disp[h >> shift]) & mask] with h its hash, and the map
 * has the code when that slot's key is the code's. */
typedef struct value__hcc_map {
    const value__hcc_slot *tab;
    const uint16_t *disp;
    uint64_t seed, mask;
    unsigned shift;
} value__hcc_map;

typedef struct value__hcc_term {
    value__hcc_bits mask; /* any of these categories (none when disabled) */
    int disabled;         /* or: the DISABL flag */
} value__hcc_term;

typedef struct value__hcc_inter {
    char name[48], coef[48], src[32];
    value__hcc_term t[2];
} value__hcc_inter;

/* The factors of one segment, 0 where the segment has no such variable. */
typedef struct value__hcc_seg {
    int kind;                          /* 0 aged, 1 disabled, 2 institutional, 3 new enrollee */
    double hcc[VALUE__HCC_MAX];
    double inter[VALUE__HCC_INTER][2]; /* by model interaction index: [1] the factor, [0] -0.0 (adds nothing, exactly) */
    unsigned char has_inter[VALUE__HCC_INTER];
    unsigned char inter_list[VALUE__HCC_INTER]; /* the q with has_inter[q], ascending */
    int n_inter_list;
    int counts;                        /* D1-D10P in the regression */
    double d[11];                      /* d[k]: k payment HCCs (10: 10 or more); d[0] -0.0, adds nothing */
    double cell[2][12];                /* [sex-1][band] */
    double orig[2];                    /* OriginallyDisabled_Female/Male (aged) */
    double ltimcaid, origds;           /* institutional */
    int has_origds;
    double ne[2][2][2][16];            /* [medicaid][origdis][sex-1][NE band] */
} value__hcc_seg;

struct value_hcc {
    char version[4];
    size_t n;                          /* payment HCCs */
    int number[VALUE__HCC_MAX];        /* 37 for HCC37 */
    char name[VALUE__HCC_MAX][8];
    char *label[VALUE__HCC_MAX];
    /* hierarchies in SAS order (V2x..H1 %SET0 lines) */
    size_t n_hier;
    int hier_cat[VALUE__HCC_MAX];
    value__hcc_bits hier_drop[VALUE__HCC_MAX];
    char hier_src[VALUE__HCC_MAX][32];
    value__hcc_bits drop[VALUE__HCC_MAX]; /* by category: what its line drops */
    value__hcc_bits triggers;          /* categories with a line */
    int patch;                         /* V28 heart patch: category or -1 */
    value__hcc_bits patch_bit;         /* patch as a set (empty without one) */
    value__hcc_bits patch_need;
    char patch_src[32];
    value__hcc_edit edit[8];
    size_t n_edit;
    value__hcc_slot *tab; /* while loading, a linear-probing table of tab_mask + 1 slots */
    size_t tab_mask;
    uint16_t *disp;
    value__hcc_map map;   /* then tab and disp as the perfect hash */
    value__hcc_inter inter[VALUE__HCC_INTER];
    size_t n_inter;
    value__hcc_seg seg[10];            /* by value_hcc_segment, 1..9 */
    uint8_t band[131];                 /* value__hcc_band of each age */
    /* the coefficient table as published, for value_hcc_factor() */
    size_t n_coef;
    char **coef_name;
    double *coef;
};

/* The category index of a CC number, or -1. */
int value__hcc_index(const value_hcc *m, int number);
/* The hash of a packed code key (seed: the perfect hash's, 0 while loading). */
static inline uint64_t value__hcc_hash(uint64_t seed, uint64_t key)
{
    uint64_t h = key ^ seed;
    h ^= h >> 29;
    h *= 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 32);
}

/* The one slot a packed code key can be in. */
static inline const value__hcc_slot *value__hcc_slot_of(const value__hcc_map *map, uint64_t key)
{
    uint64_t h = value__hcc_hash(map->seed, key);
    return &map->tab[(h ^ map->disp[h >> map->shift]) & map->mask];
}

/* The age the model uses: V24 counts a 64-year-old with OREC 0 as 65. */
int value__hcc_age(const value_hcc *m, int age, int orec);
/* Check one person's fields; name_i is the position for messages. */
int value__hcc_check_person(const value_hcc *m, int segment, int age, int sex, int orec, int medicaid,
                            const char *where, size_t i);
/* 1 when edit e applies to a person of that (model) age and sex. */
int value__hcc_edit_applies(const value__hcc_edit *e, int age, int sex);
/* NE age band (0-15) and the 12 bands of the other segments. */
int value__hcc_band(int age);
int value__hcc_ne_band(int age, int orec);

/* What the scoring steps tell an explanation (hcc_explain.c), so that the
 * score and its explanation come from one set of decisions.  x and y are
 * as listed; factor is what the step adds to the score (0 for codes and
 * hierarchies). */
typedef enum value__hcc_event {
    VALUE__HCC_EV_INVALID,   /* the code is not well-formed */
    VALUE__HCC_EV_UNMAPPED,  /* the code is in no category */
    VALUE__HCC_EV_EDITED,    /* an edit (x: its index) makes the code invalid */
    VALUE__HCC_EV_CAT,       /* the code maps to category x (y: the edit's index + 1 that mapped it, or 0) */
    VALUE__HCC_EV_PATCH,     /* the heart patch drops category x */
    VALUE__HCC_EV_DROP,      /* category x dropped by the hierarchy line of category y */
    VALUE__HCC_EV_CELL,      /* the age/sex cell, band x */
    VALUE__HCC_EV_NE_CELL,   /* the new-enrollee cell, band x, y = 2 x Medicaid + originally disabled */
    VALUE__HCC_EV_ORIG,      /* OriginallyDisabled_Female/Male */
    VALUE__HCC_EV_LTIMCAID,  /* institutional Medicaid */
    VALUE__HCC_EV_ORIGDS,    /* institutional originally disabled */
    VALUE__HCC_EV_HCC,       /* payment HCC x kept */
    VALUE__HCC_EV_INTER,     /* interaction x fired */
    VALUE__HCC_EV_COUNT      /* count variable x (1-10), y payment HCCs */
} value__hcc_event;

typedef struct value__hcc_note value__hcc_note; /* an explanation being built */
void value__hcc_noted(value__hcc_note *n, value__hcc_event ev, int x, int y, double factor);

/* The categories one code adds for a person of model age a and sex to
 * *cats; returns its ::value_hcc_code.  note may be NULL. */
int value__hcc_code_cats(const value_hcc *m, const char *code, int a, int sex, value__hcc_bits *cats,
                         value__hcc_note *note);
/* The payment HCCs left after the V28 heart patch and the hierarchies. */
value__hcc_bits value__hcc_kept(const value_hcc *m, value__hcc_bits c, value__hcc_note *note);
/* One person's raw score from the kept HCCs h (a: the model's age), summed
 * in order: demographics, HCCs, interactions, count. */
double value__hcc_person_score(const value_hcc *m, int segment, int a, int sex, int orec, int medicaid,
                               const value__hcc_bits *h, value__hcc_note *note);
extern const char *const value__hcc_seg_prefix[10];

#endif
