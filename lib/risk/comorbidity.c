/*
 * Charlson and Elixhauser comorbidity indices (value.h group
 * "comorbidity"): the prefix lists of lib/risk/data/comorbidity_maps.tsv
 * in a small open-addressing hash, each prefix carrying the conditions of
 * itself and of every shorter listed prefix, so that one look-up of a
 * code's longest listed prefix gives all the conditions the code is in.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "comorbidity.h"

#include "icd.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern const char *const value__comorbidity_builtin_names[];
extern const char *const value__comorbidity_builtin_texts[];

#define FIELDS 4

static const char *const known[] = {"charlson_icd10_quan", "charlson_icd9_quan",    "charlson_icd10_se",
                                    "charlson_icd10_am",   "charlson_icd10_am_ucodes", "elixhauser_icd10_quan",
                                    "elixhauser_icd9_quan"};
#define N_KNOWN (sizeof known / sizeof known[0])

static const char *builtin(const char *what)
{
    for (size_t k = 0; value__comorbidity_builtin_names[k] != NULL; k++)
        if (strcmp(value__comorbidity_builtin_names[k], what) == 0)
            return value__comorbidity_builtin_texts[k];
    return NULL;
}

/* The next data line of text split at tabs: returns the number of fields
 * (0 at the end), skipping blank and '#' lines. */
static size_t next_row(const char **p, const char *f[FIELDS], size_t flen[FIELDS])
{
    while (**p != '\0') {
        const char *l = *p, *e = strchr(l, '\n');
        if (e == NULL)
            e = l + strlen(l);
        *p = *e ? e + 1 : e;
        if (e == l || l[0] == '#')
            continue;
        size_t n = 0;
        while (n < FIELDS) {
            const char *t = memchr(l, '\t', (size_t)(e - l));
            f[n] = l;
            flen[n] = (size_t)((t ? t : e) - l);
            n++;
            if (t == NULL)
                break;
            l = t + 1;
        }
        return n;
    }
    return 0;
}

static int field_is(const char *f, size_t n, const char *s)
{
    return strlen(s) == n && memcmp(f, s, n) == 0;
}

static uint64_t mix(uint64_t k)
{
    k ^= k >> 29;
    k *= 0x9E3779B97F4A7C15ull;
    return k ^ (k >> 32);
}

const value__como_slot *value__como_find(const value_comorbidity *c, uint64_t key)
{
    size_t i = (size_t)mix(key) & (VALUE__COMO_TAB - 1);
    for (;;) {
        const value__como_slot *s = &c->tab[i];
        if (s->key == key)
            return s;
        if (s->key == 0)
            return NULL;
        i = (i + 1) & (VALUE__COMO_TAB - 1);
    }
}

static int condition_index(const value_comorbidity *c, const char *f, size_t n)
{
    for (size_t k = 0; k < c->n_cond; k++)
        if (field_is(f, n, c->cond[k]))
            return (int)k;
    return -1;
}

static int bad_table(const value_comorbidity *c, const char *what, const char *f, size_t n)
{
    return value__fail(VALUE_EPARSE, "built-in comorbidity table %s, algorithm %s: bad entry '%.*s'", what, c->name,
                       (int)(n > 40 ? 40 : n), f);
}

static int load_conditions(value_comorbidity *c, const char *index)
{
    const char *p = builtin("conditions"), *f[FIELDS];
    size_t fl[FIELDS], nf;
    char under[VALUE__COMO_MAXC][16];
    while ((nf = next_row(&p, f, fl)) > 0) {
        if (nf != 4 || !field_is(f[0], fl[0], index))
            continue;
        if (c->n_cond == VALUE__COMO_MAXC || fl[1] >= sizeof c->cond[0] || fl[2] >= sizeof c->label[0] ||
            fl[3] >= sizeof under[0])
            return bad_table(c, "conditions", f[1], fl[1]);
        size_t k = c->n_cond++;
        memcpy(c->cond[k], f[1], fl[1]);
        memcpy(c->label[k], f[2], fl[2]);
        memcpy(under[k], f[3], fl[3]);
        under[k][fl[3]] = '\0';
    }
    if (c->n_cond == 0)
        return bad_table(c, "conditions", index, strlen(index));
    for (size_t k = 0; k < c->n_cond; k++) {
        c->cleared_by[k] = strcmp(under[k], "-") == 0 ? -1 : condition_index(c, under[k], strlen(under[k]));
        if (strcmp(under[k], "-") != 0 && c->cleared_by[k] < 0)
            return bad_table(c, "conditions", under[k], strlen(under[k]));
    }
    return VALUE_OK;
}

/* A listed prefix packed as value__icd_read packs a code (1-7 upper-case
 * letters or digits). */
static int pack_prefix(const char *f, size_t n, uint64_t *key)
{
    if (n == 0 || n > VALUE__ICD_MAX)
        return 0;
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)f[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
            return 0;
        k |= (uint64_t)ch << (56 - 8 * i);
    }
    *key = k;
    return 1;
}

static int load_map(value_comorbidity *c)
{
    const char *p = builtin("maps"), *f[FIELDS];
    size_t fl[FIELDS], nf, used = 0;
    while ((nf = next_row(&p, f, fl)) > 0) {
        if (nf != 3 || !field_is(f[0], fl[0], c->name))
            continue;
        int k = condition_index(c, f[1], fl[1]);
        uint64_t key;
        if (k < 0 || !pack_prefix(f[2], fl[2], &key))
            return bad_table(c, "maps", f[1], fl[1] + 1 + fl[2]);
        size_t i = (size_t)mix(key) & (VALUE__COMO_TAB - 1);
        while (c->tab[i].key != 0 && c->tab[i].key != key)
            i = (i + 1) & (VALUE__COMO_TAB - 1);
        if (c->tab[i].key == 0) {
            if (++used > VALUE__COMO_TAB / 2)
                return bad_table(c, "maps", f[2], fl[2]);
            c->tab[i].key = key;
            c->tab[i].len = (uint8_t)fl[2];
            c->lens |= 1u << fl[2];
        }
        c->tab[i].mask |= (uint32_t)1 << k;
        c->tab[i].own |= (uint32_t)1 << k;
    }
    if (used == 0)
        return bad_table(c, "maps", c->name, strlen(c->name));
    c->min_len = VALUE__ICD_MAX;
    for (unsigned L = 1; L <= VALUE__ICD_MAX; L++)
        if (c->lens >> L & 1) {
            c->min_len = L < c->min_len ? L : c->min_len;
            c->max_len = L;
        }
    /* Close each prefix over its listed shorter prefixes (I11 and I110 are
     * both listed in Elixhauser: a code under I110 is in both conditions).
     * Shorter prefixes first, so each step reads a finished mask. */
    for (unsigned L = c->min_len + 1; L <= c->max_len; L++)
        for (size_t i = 0; i < VALUE__COMO_TAB; i++) {
            value__como_slot *s = &c->tab[i];
            if (s->key == 0 || s->len != L)
                continue;
            for (unsigned m = c->min_len; m < L; m++) {
                const value__como_slot *t = (c->lens >> m & 1) ? value__como_find(c, s->key & value__icd_prefix_mask(m)) : NULL;
                if (t != NULL)
                    s->mask |= t->mask;
            }
        }
    return VALUE_OK;
}

static int load_weights(value_comorbidity *c)
{
    const char *p = builtin("weights"), *f[FIELDS];
    size_t fl[FIELDS], nf;
    unsigned char seen[VALUE__COMO_MAXW][VALUE__COMO_MAXC] = {{0}};
    while ((nf = next_row(&p, f, fl)) > 0) {
        if (nf != 4 || !field_is(f[0], fl[0], c->name))
            continue;
        size_t s = 0;
        while (s < c->n_w && !field_is(f[1], fl[1], c->wname[s]))
            s++;
        if (s == c->n_w) {
            if (c->n_w == VALUE__COMO_MAXW || fl[1] >= sizeof c->wname[0])
                return bad_table(c, "weights", f[1], fl[1]);
            memcpy(c->wname[c->n_w++], f[1], fl[1]);
        }
        int k = condition_index(c, f[2], fl[2]);
        double v;
        if (k < 0 || seen[s][k] || value__parse_decimal(f[3], fl[3], &v) != VALUE__NUM_OK)
            return bad_table(c, "weights", f[2], fl[2] + 1 + fl[3]);
        c->w[s][k] = v;
        seen[s][k] = 1;
    }
    for (size_t s = 0; s < c->n_w; s++)
        for (size_t k = 0; k < c->n_cond; k++)
            if (!seen[s][k])
                return bad_table(c, "weights", c->cond[k], strlen(c->cond[k]));
    return c->n_w > 0 ? VALUE_OK : bad_table(c, "weights", c->name, strlen(c->name));
}

int value_comorbidity_new(const char *algorithm, value_comorbidity **out)
{
    int rc = value__check_ptr(algorithm, "algorithm");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out, "out");
    if (rc != VALUE_OK)
        return rc;
    size_t a = 0;
    while (a < N_KNOWN && strcmp(algorithm, known[a]) != 0)
        a++;
    if (a == N_KNOWN) {
        char hint[200];
        return value__fail(VALUE_ENOTFOUND, "unknown comorbidity algorithm '%s'%s", algorithm,
                           value__name_hint(hint, sizeof hint, algorithm, N_KNOWN, value__name_at_list, known));
    }
    value_comorbidity *c = calloc(1, sizeof *c);
    if (c == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory for the %s algorithm", algorithm);
    c->name = known[a];
    c->icd = strstr(c->name, "icd9") ? 9 : 10;
    rc = load_conditions(c, strncmp(c->name, "charlson", 8) == 0 ? "charlson" : "elixhauser");
    if (rc == VALUE_OK)
        rc = load_map(c);
    if (rc == VALUE_OK)
        rc = load_weights(c);
    if (rc != VALUE_OK) {
        free(c);
        return rc;
    }
    *out = c;
    return VALUE_OK;
}

void value_comorbidity_free(value_comorbidity *c)
{
    free(c);
}

int value_comorbidity_algorithm_count(size_t *out)
{
    int rc = value__check_ptr(out, "out");
    if (rc == VALUE_OK)
        *out = N_KNOWN;
    return rc;
}

int value_comorbidity_algorithm(size_t i, const char **out)
{
    int rc = value__check_ptr(out, "out");
    if (rc != VALUE_OK)
        return rc;
    if (i >= N_KNOWN)
        return value__fail(VALUE_EINVAL, "i is %zu, not in [0, %zu)", i, N_KNOWN);
    *out = known[i];
    return VALUE_OK;
}

static int check_c_out(const value_comorbidity *c, const void *out)
{
    int rc = value__check_ptr(c, "c");
    return rc == VALUE_OK ? value__check_ptr(out, "out") : rc;
}

int value_comorbidity_icd_version(const value_comorbidity *c, int *out)
{
    int rc = check_c_out(c, out);
    if (rc == VALUE_OK)
        *out = c->icd;
    return rc;
}

int value_comorbidity_condition_count(const value_comorbidity *c, size_t *out)
{
    int rc = check_c_out(c, out);
    if (rc == VALUE_OK)
        *out = c->n_cond;
    return rc;
}

int value_comorbidity_condition(const value_comorbidity *c, size_t k, const char **out_name, const char **out_label)
{
    int rc = value__check_ptr(c, "c");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out_name, "out_name");
    if (rc != VALUE_OK)
        return rc;
    if (k >= c->n_cond)
        return value__fail(VALUE_EINVAL, "k is %zu, not in [0, %zu)", k, c->n_cond);
    *out_name = c->cond[k];
    if (out_label != NULL)
        *out_label = c->label[k];
    return VALUE_OK;
}

int value_comorbidity_weight_count(const value_comorbidity *c, size_t *out)
{
    int rc = check_c_out(c, out);
    if (rc == VALUE_OK)
        *out = c->n_w;
    return rc;
}

int value_comorbidity_weight_name(const value_comorbidity *c, size_t i, const char **out)
{
    int rc = check_c_out(c, out);
    if (rc != VALUE_OK)
        return rc;
    if (i >= c->n_w)
        return value__fail(VALUE_EINVAL, "i is %zu, not in [0, %zu)", i, c->n_w);
    *out = c->wname[i];
    return VALUE_OK;
}

/* The conditions of one well-formed code: its longest listed prefix's
 * closed mask. */
const value__como_slot *value__como_longest(const value_comorbidity *c, uint64_t key, unsigned len)
{
    for (unsigned L = len < c->max_len ? len : c->max_len; L >= c->min_len; L--) {
        if (!(c->lens >> L & 1))
            continue;
        const value__como_slot *s = value__como_find(c, key & value__icd_prefix_mask(L));
        if (s != NULL)
            return s;
    }
    return NULL;
}

static uint32_t code_mask(const value_comorbidity *c, uint64_t key, unsigned len)
{
    const value__como_slot *s = value__como_longest(c, key, len);
    return s ? s->mask : 0;
}

/* One row's conditions, its status written and an invalid code counted. */
static inline uint32_t code_row(const value_comorbidity *c, const char *code, int32_t *status, size_t *invalid)
{
    uint64_t key;
    unsigned len;
    if (!value__icd_read_fast(code, c->icd, &key, &len)) {
        ++*invalid;
        *status = VALUE_COMORBIDITY_CODE_INVALID;
        return 0;
    }
    uint32_t m = code_mask(c, key, len);
    *status = m ? VALUE_COMORBIDITY_CODE_MATCHED : VALUE_COMORBIDITY_CODE_UNMATCHED;
    return m;
}

/* One person's row of 0/1 flags. */
static inline void write_row(const value_comorbidity *c, double *row, uint32_t b)
{
    for (size_t k = 0; k < c->n_cond; k++)
        row[k] = (double)(b >> k & 1);
}

uint32_t value__como_hierarchy(const value_comorbidity *c, uint32_t f)
{
    uint32_t keep = f;
    for (size_t k = 0; k < c->n_cond; k++)
        if (c->cleared_by[k] >= 0 && (f >> c->cleared_by[k] & 1))
            keep &= ~((uint32_t)1 << k);
    return keep;
}

int value_comorbidity_flags(const value_comorbidity *c, const int32_t *person, const char *const *codes,
                            size_t n_codes, size_t n_people, int apply_hierarchy, double *out_flags, size_t out_len,
                            int32_t *out_status, size_t out_status_len, size_t *out_invalid)
{
    int rc = value__check_ptr(c, "c");
    if (rc == VALUE_OK && n_codes > 0)
        rc = value__check_ptr(person, "person");
    if (rc == VALUE_OK && n_codes > 0)
        rc = value__check_ptr(codes, "codes");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out_flags, "out_flags");
    if (rc == VALUE_OK && n_codes > 0)
        rc = value__check_ptr(out_status, "out_status");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out_invalid, "out_invalid");
    if (rc != VALUE_OK)
        return rc;
    if (n_people == 0)
        return value__fail(VALUE_EINVAL, "n_people is 0, must be >= 1");
    if (apply_hierarchy != 0 && apply_hierarchy != 1)
        return value__fail(VALUE_EINVAL, "apply_hierarchy is %d, must be 0 or 1", apply_hierarchy);
    size_t cells = value__mul_size(n_people, c->n_cond);
    if (cells == SIZE_MAX || n_people > INT32_MAX)
        return value__fail(VALUE_EINVAL, "n_people is %zu, too many for the flags", n_people);
    rc = value__check_length("out_len", out_len, cells, "n_people x conditions");
    if (rc == VALUE_OK)
        rc = value__check_length("out_status_len", out_status_len, n_codes, "n_codes");
    if (rc != VALUE_OK)
        return rc;
    int sorted; /* rows grouped by person in order: written person by person, no mask table */
    if ((rc = value__icd_rows_check(person, codes, n_codes, n_people, &sorted)))
        return rc;
    size_t invalid = 0;
    if (sorted) {
        size_t r = 0;
        for (size_t i = 0; i < n_people; i++) {
            uint32_t b = 0;
            for (; r < n_codes && (size_t)person[r] == i; r++)
                b |= code_row(c, codes[r], &out_status[r], &invalid);
            write_row(c, out_flags + i * c->n_cond, apply_hierarchy ? value__como_hierarchy(c, b) : b);
        }
    } else {
        uint32_t *f = calloc(n_people, sizeof *f);
        if (f == NULL)
            return value__fail(VALUE_ENOMEM, "out of memory for %zu people's conditions", n_people);
        for (size_t r = 0; r < n_codes; r++)
            f[person[r]] |= code_row(c, codes[r], &out_status[r], &invalid);
        for (size_t i = 0; i < n_people; i++)
            write_row(c, out_flags + i * c->n_cond, apply_hierarchy ? value__como_hierarchy(c, f[i]) : f[i]);
        free(f);
    }
    *out_invalid = invalid;
    return VALUE_OK;
}

int value__como_weight_set(const value_comorbidity *c, const char *weights, size_t *out)
{
    size_t s = 0;
    while (s < c->n_w && strcmp(weights, c->wname[s]) != 0)
        s++;
    if (s == c->n_w) {
        const char *names[VALUE__COMO_MAXW];
        for (size_t i = 0; i < c->n_w; i++)
            names[i] = c->wname[i];
        char hint[160];
        return value__fail(VALUE_ENOTFOUND, "unknown weight set '%s' for %s%s", weights, c->name,
                           value__name_hint(hint, sizeof hint, weights, c->n_w, value__name_at_list, names));
    }
    *out = s;
    return VALUE_OK;
}

int value_comorbidity_score(const value_comorbidity *c, const char *weights, const double *flags, size_t flags_len,
                            double *out_scores, size_t out_len)
{
    int rc = value__check_ptr(c, "c");
    if (rc == VALUE_OK)
        rc = value__check_ptr(weights, "weights");
    if (rc == VALUE_OK)
        rc = value__check_ptr(flags, "flags");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out_scores, "out_scores");
    if (rc != VALUE_OK)
        return rc;
    size_t s;
    rc = value__como_weight_set(c, weights, &s);
    if (rc != VALUE_OK)
        return rc;
    if (out_len == 0)
        return value__fail(VALUE_EINVAL, "out_len is 0, must be >= 1");
    size_t cells = value__mul_size(out_len, c->n_cond);
    if (cells == SIZE_MAX)
        return value__fail(VALUE_EINVAL, "out_len is %zu, too many for the flags", out_len);
    rc = value__check_length("flags_len", flags_len, cells, "out_len x conditions");
    if (rc != VALUE_OK)
        return rc;
    for (size_t i = 0; i < cells; i++)
        if (!(flags[i] == 0.0 || flags[i] == 1.0)) {
            char v[32];
            value__format_double(flags[i], v, sizeof v);
            return value__fail(VALUE_EINVAL, "flags[%zu] (person %zu, %s) is %s, must be 0 or 1", i, i / c->n_cond,
                               c->cond[i % c->n_cond], v);
        }
    for (size_t i = 0; i < out_len; i++) {
        uint32_t b = 0;
        for (size_t k = 0; k < c->n_cond; k++)
            b |= (uint32_t)(flags[i * c->n_cond + k] == 1.0) << k;
        b = value__como_hierarchy(c, b);
        double sum = 0.0; /* small integers: exact in any order */
        for (size_t k = 0; k < c->n_cond; k++)
            if (b >> k & 1)
                sum += c->w[s][k];
        out_scores[i] = sum;
    }
    return VALUE_OK;
}
