/*
 * Diagnosis codes as the risk family reads them (the CMS-HCC models,
 * hcc.c, and the comorbidity indices to come): one reading of a code
 * (blanks, dot and case) into a packed key that prefix and exact look-ups
 * compare as integers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef VALUE_RISK_ICD_H
#define VALUE_RISK_ICD_H

#include "core/internal.h"

#include <stdint.h>

/* Longest code kept: ICD-10-CM has 7 characters, ICD-9-CM 5. */
#define VALUE__ICD_MAX 7

/* A code packed into an integer: character k (0-based, upper case) in
 * bits 56-8k..63-8k, zeros after the last, so the key of a code's first
 * L characters is key & value__icd_prefix_mask(L), and keys sort as
 * the codes do. */
static inline uint64_t value__icd_prefix_mask(unsigned len)
{
    return len >= 8 ? ~(uint64_t)0 : ~(~(uint64_t)0 >> (8 * len));
}

/* Read one code of ICD version 9 (ICD-9-CM) or 10 (ICD-10, -CM, -AM):
 * surrounding blanks (space, tab, CR, LF) skipped, one dot allowed where
 * the version puts it (after the third character; after the fourth of an
 * ICD-9-CM E code), letters of either case.  Returns 1 and sets *key and
 * *len (3..7) for a well-formed code, 0 otherwise (then *key and *len are
 * untouched).  Well-formed: ICD-10, a letter, a digit, then 1-5 letters
 * or digits; ICD-9-CM, 3-5 digits, V and 2-4 digits, or E and 3-4 digits. */
int value__icd_read(const char *code, int version, uint64_t *key, unsigned *len);

/* value__icd_read with the common case inline: an ICD-10 code already in
 * canonical form (upper-case letters and digits only, letter, digit, letter
 * or digit, 3-7 long) packs directly; anything else goes through
 * value__icd_read, which gives the same key for these. */
static inline int value__icd_read_fast(const char *code, int version, uint64_t *key, unsigned *len)
{
    const unsigned char *p = (const unsigned char *)code;
    if (version != 10 || p == NULL)
        return value__icd_read(code, version, key, len);
    unsigned c0 = p[0], c1, c2;
    if ((c0 - 'A') >= 26u)
        goto slow;
    c1 = p[1];
    if ((c1 - '0') >= 10u)
        goto slow;
    c2 = p[2];
    if (!((c2 - '0') < 10u || (c2 - 'A') < 26u))
        goto slow;
    uint64_t k = (uint64_t)c0 << 56 | (uint64_t)c1 << 48 | (uint64_t)c2 << 40;
    for (unsigned n = 3; n < 8; n++) {
        unsigned c = p[n];
        if (c == 0) {
            *key = k;
            *len = n;
            return 1;
        }
        if (n == 7 || !((c - '0') < 10u || (c - 'A') < 26u))
            goto slow;
        k |= (uint64_t)c << (56 - 8 * n);
    }
slow:
    return value__icd_read(code, version, key, len);
}

/* Check a long table of diagnosis rows (the person of each row, its code):
 * every person in [0, n_people), no code NULL, the failure naming the row.
 * *grouped is 1 when the rows come grouped by person in increasing order
 * (the scoring loops then need no per-person table). */
int value__icd_rows_check(const int32_t *person, const char *const *codes, size_t n_codes, size_t n_people,
                          int *grouped);

/* The characters of a packed key into buf (at least VALUE__ICD_MAX + 1
 * bytes), NUL-terminated; returns buf. */
char *value__icd_text(uint64_t key, char *buf);

#endif
