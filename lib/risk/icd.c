/*
 * Reading diagnosis codes (lib/risk/icd.h): one pass over the
 * string, no allocation, so that scoring a payer's whole book costs one
 * read of its codes.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "icd.h"

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static unsigned char upper(unsigned char c)
{
    return c >= 'a' && c <= 'z' ? (unsigned char)(c - 'a' + 'A') : c;
}

static int is_alnum_upper(unsigned char c)
{
    return is_digit(c) || (c >= 'A' && c <= 'Z');
}

int value__icd_read(const char *code, int version, uint64_t *key, unsigned *len)
{
    if (code == NULL)
        return 0;
    const unsigned char *p = (const unsigned char *)code;
    while (is_blank(*p))
        p++;
    unsigned char c[VALUE__ICD_MAX];
    unsigned n = 0;
    int dot_at = -1; /* characters before the dot */
    for (; *p != '\0' && !is_blank(*p); p++) {
        if (*p == '.') {
            if (dot_at >= 0)
                return 0;
            dot_at = (int)n;
            continue;
        }
        unsigned char u = upper(*p);
        if (!is_alnum_upper(u) || n == VALUE__ICD_MAX)
            return 0;
        c[n++] = u;
    }
    while (is_blank(*p))
        p++;
    if (*p != '\0' || n < 3)
        return 0;
    if (version == 10) {
        if (!(c[0] >= 'A' && c[0] <= 'Z') || !is_digit(c[1]))
            return 0;
        if (dot_at >= 0 && dot_at != 3)
            return 0;
    } else if (version == 9) {
        unsigned digits_from = 0, min = 3, max = 5, dot = 3;
        if (c[0] == 'V') {
            digits_from = 1;
        } else if (c[0] == 'E') {
            digits_from = 1;
            min = 4;
            dot = 4;
        }
        if (n < min || n > max)
            return 0;
        for (unsigned k = digits_from; k < n; k++)
            if (!is_digit(c[k]))
                return 0;
        if (dot_at >= 0 && dot_at != (int)dot)
            return 0;
    } else {
        return 0;
    }
    uint64_t k = 0;
    for (unsigned i = 0; i < n; i++)
        k |= (uint64_t)c[i] << (56 - 8 * i);
    *key = k;
    *len = n;
    return 1;
}

int value__icd_rows_check(const int32_t *person, const char *const *codes, size_t n_codes, size_t n_people,
                          int *grouped)
{
    int g = 1;
    for (size_t r = 0; r < n_codes; r++) {
        if (person[r] < 0 || (size_t)person[r] >= n_people)
            return value__fail(VALUE_EINVAL, "person[%zu] is %d, not in [0, %zu)", r, (int)person[r], n_people);
        if (codes[r] == NULL)
            return value__fail(VALUE_EINVAL, "codes[%zu] is NULL", r);
        g &= r == 0 || person[r] >= person[r - 1];
    }
    *grouped = g;
    return VALUE_OK;
}

char *value__icd_text(uint64_t key, char *buf)
{
    unsigned n = 0;
    for (; n < 8; n++) {
        unsigned char ch = (unsigned char)(key >> (56 - 8 * n));
        if (ch == 0)
            break;
        buf[n] = (char)ch;
    }
    buf[n] = '\0';
    return buf;
}
