/*
 * Program-year parameters of the CMS programs: the one loader for
 * lib/programs/data/cms_*.txt (format in cms_params.h) and the public accessors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Generated from lib/programs/data/cms_*.txt by tools/embed_text.sh. */
extern const char *const value__cms_builtin_names[];
extern const char *const value__cms_builtin_texts[];

typedef struct entry {
    int first, last;        /* years, inclusive */
    char *key;
    double *values;
    size_t n;
} entry;

struct value__cms_params {
    char *name;
    entry *entries;
    size_t n, cap;
    int first_year, last_year;
};

void value__cms_params_free(value__cms_params *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->entries[i].key);
        free(p->entries[i].values);
    }
    free(p->entries);
    free(p->name);
    free(p);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static int is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/* A year: 1900..2999, digits only. */
static int read_year(const char *s, size_t len, int *out)
{
    if (len != 4)
        return 0;
    int y = 0;
    for (size_t i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        y = y * 10 + (s[i] - '0');
    }
    if (y < 1900)
        return 0;
    *out = y;
    return 1;
}

static int read_value(const char *s, size_t len, double *out)
{
    if (len == 3 && memcmp(s, "inf", 3) == 0) {
        *out = INFINITY;
        return 1;
    }
    if (len == 4 && memcmp(s, "-inf", 4) == 0) {
        *out = -INFINITY;
        return 1;
    }
    return value__parse_decimal(s, len, out) == VALUE__NUM_OK;
}

static int add_entry(value__cms_params *p, int first, int last, const char *key, size_t key_len,
                     const double *values, size_t n)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 32;
        entry *e = realloc(p->entries, cap * sizeof *e);
        if (e == NULL)
            return value__fail(VALUE_ENOMEM, "out of memory reading %s", p->name);
        p->entries = e;
        p->cap = cap;
    }
    entry *e = &p->entries[p->n];
    e->key = malloc(key_len + 1);
    e->values = malloc(n * sizeof *values);
    if (e->key == NULL || e->values == NULL) {
        free(e->key);
        free(e->values);
        return value__fail(VALUE_ENOMEM, "out of memory reading %s", p->name);
    }
    memcpy(e->key, key, key_len);
    e->key[key_len] = '\0';
    memcpy(e->values, values, n * sizeof *values);
    e->n = n;
    e->first = first;
    e->last = last;
    p->n++;
    if (p->n == 1 || first < p->first_year)
        p->first_year = first;
    if (p->n == 1 || last > p->last_year)
        p->last_year = last;
    return VALUE_OK;
}

/* Parse one line (without its newline); VALUE_OK also for blank lines. */
static int parse_line(value__cms_params *p, const char *s, size_t len, size_t line_no)
{
    const char *hash = memchr(s, '#', len);
    if (hash != NULL)
        len = (size_t)(hash - s);
    const char *tok[2 + VALUE__CMS_MAX_VALUES];
    size_t tok_len[2 + VALUE__CMS_MAX_VALUES];
    size_t nt = 0;
    for (size_t i = 0; i < len;) {
        while (i < len && is_blank(s[i]))
            i++;
        if (i == len)
            break;
        size_t start = i;
        while (i < len && !is_blank(s[i]))
            i++;
        if (nt == sizeof tok / sizeof tok[0])
            return value__fail(VALUE_EPARSE, "%s line number %zu: more than %d values", p->name, line_no,
                               VALUE__CMS_MAX_VALUES);
        tok[nt] = s + start;
        tok_len[nt] = i - start;
        nt++;
    }
    if (nt == 0)
        return VALUE_OK;
    if (nt < 3)
        return value__fail(VALUE_EPARSE, "%s line number %zu: expected YEARS KEY VALUE..., got %zu field%s", p->name,
                           line_no, nt, nt == 1 ? "" : "s");

    int first, last;
    const char *dash = memchr(tok[0], '-', tok_len[0]);
    int ok = dash == NULL ? read_year(tok[0], tok_len[0], &first) && (last = first, 1)
                          : read_year(tok[0], (size_t)(dash - tok[0]), &first) &&
                                read_year(dash + 1, tok_len[0] - (size_t)(dash - tok[0]) - 1, &last);
    if (!ok || last < first)
        return value__fail(VALUE_EPARSE, "%s line number %zu: '%.*s' is not a year or a range of years such as 2013-2018",
                           p->name, line_no, (int)(tok_len[0] > 40 ? 40 : tok_len[0]), tok[0]);
    for (size_t i = 0; i < tok_len[1]; i++)
        if (!is_key_char(tok[1][i]))
            return value__fail(VALUE_EPARSE, "%s line number %zu: key '%.*s' has a character other than letters, digits, "
                               "'_' and '.'", p->name, line_no, (int)(tok_len[1] > 60 ? 60 : tok_len[1]), tok[1]);
    double values[VALUE__CMS_MAX_VALUES];
    for (size_t i = 2; i < nt; i++)
        if (!read_value(tok[i], tok_len[i], &values[i - 2]))
            return value__fail(VALUE_EPARSE, "%s line number %zu: value '%.*s' of %.*s is not a number", p->name, line_no,
                               (int)(tok_len[i] > 40 ? 40 : tok_len[i]), tok[i], (int)tok_len[1], tok[1]);
    for (size_t i = 0; i < p->n; i++) {
        const entry *e = &p->entries[i];
        if (strlen(e->key) == tok_len[1] && memcmp(e->key, tok[1], tok_len[1]) == 0 && first <= e->last &&
            e->first <= last)
            return value__fail(VALUE_EPARSE, "%s line number %zu: %s is given twice for %d", p->name, line_no, e->key,
                               first > e->first ? first : e->first);
    }
    return add_entry(p, first, last, tok[1], tok_len[1], values, nt - 2);
}

int value__cms_params_parse(const char *text, const char *name, value__cms_params **out)
{
    value__cms_params *p = calloc(1, sizeof *p);
    if (p == NULL || (p->name = value__strdup(name)) == NULL) {
        free(p);
        return value__fail(VALUE_ENOMEM, "out of memory reading %s", name);
    }
    size_t line_no = 1;
    for (const char *s = text; *s != '\0'; line_no++) {
        const char *nl = strchr(s, '\n');
        size_t len = nl != NULL ? (size_t)(nl - s) : strlen(s);
        int rc = parse_line(p, s, len, line_no);
        if (rc != VALUE_OK) {
            value__cms_params_free(p);
            return rc;
        }
        s += len + (nl != NULL);
    }
    if (p->n == 0) {
        value__cms_params_free(p);
        return value__fail(VALUE_EPARSE, "%s has no parameters", name);
    }
    *out = p;
    return VALUE_OK;
}

int value__cms_params_load(const char *program, value__cms_params **out)
{
    for (size_t i = 0; value__cms_builtin_names[i] != NULL; i++)
        if (strcmp(program, value__cms_builtin_names[i]) == 0)
            return value__cms_params_parse(value__cms_builtin_texts[i], program, out);
    size_t n = 0;
    while (value__cms_builtin_names[n] != NULL)
        n++;
    char hint[400];
    return value__fail(VALUE_ENOTFOUND, "unknown program '%.60s'%s", program,
                       value__name_hint(hint, sizeof hint, program, n, value__name_at_list, value__cms_builtin_names));
}

void value__cms_params_years(const value__cms_params *p, int *first, int *last)
{
    *first = p->first_year;
    *last = p->last_year;
}

int value__cms_params_has_year(const value__cms_params *p, int year)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->entries[i].first <= year && year <= p->entries[i].last)
            return 1;
    return 0;
}

int value__cms_params_check_year(const value__cms_params *p, int year, const char *what)
{
    if (value__cms_params_has_year(p, year))
        return VALUE_OK;
    return value__fail(VALUE_EINVAL, "%s has no %s %d (known: %d-%d)", p->name, what, year, p->first_year,
                       p->last_year);
}

int value__cms_params_load_year(const char *program, int year, const char *what, value__cms_params **out)
{
    value__cms_params *p;
    int rc = value__cms_params_load(program, &p);
    if (rc != VALUE_OK)
        return rc;
    if ((rc = value__cms_params_check_year(p, year, what)) != VALUE_OK) {
        value__cms_params_free(p);
        return rc;
    }
    *out = p;
    return VALUE_OK;
}

static const entry *find(const value__cms_params *p, int year, const char *key)
{
    for (size_t i = 0; i < p->n; i++) {
        const entry *e = &p->entries[i];
        if (e->first <= year && year <= e->last && strcmp(e->key, key) == 0)
            return e;
    }
    return NULL;
}

/* The keys given for one year, for value__name_hint(). */
typedef struct year_keys {
    const value__cms_params *p;
    int year;
} year_keys;

static const char *key_in_year(const void *ctx, size_t k)
{
    const year_keys *y = ctx;
    const entry *e = &y->p->entries[k];
    return e->first <= y->year && y->year <= e->last ? e->key : NULL;
}

int value__cms_params_get(const value__cms_params *p, int year, const char *key, const double **values, size_t *n)
{
    const entry *e = find(p, year, key);
    if (e == NULL) {
        for (size_t i = 0; i < p->n; i++)
            if (strcmp(p->entries[i].key, key) == 0)
                return value__fail(VALUE_ENOTFOUND, "%s has no %.80s for %d", p->name, key, year);
        const year_keys ctx = {p, year};
        char hint[400];
        return value__fail(VALUE_ENOTFOUND, "unknown %s parameter '%.80s'%s", p->name, key,
                           value__name_hint(hint, sizeof hint, key, p->n, key_in_year, &ctx));
    }
    *values = e->values;
    *n = e->n;
    return VALUE_OK;
}

int value__cms_params_scalar(const value__cms_params *p, int year, const char *key, double *out)
{
    const double *v;
    size_t n;
    int rc = value__cms_params_get(p, year, key, &v, &n);
    if (rc != VALUE_OK)
        return rc;
    if (n != 1)
        return value__fail(VALUE_EPARSE, "%s: %.80s for %d has %zu values, expected 1", p->name, key, year, n);
    *out = v[0];
    return VALUE_OK;
}

double value__cms_params_or(const value__cms_params *p, int year, const char *key, double fallback)
{
    const entry *e = find(p, year, key);
    return e != NULL && e->n == 1 ? e->values[0] : fallback;
}

/* ---- public accessors ------------------------------------------------------ */

/* The values of `key` in `year` of `program`'s table: *n of them, copied
 * into out[0..min(*n, out_len)) (out may be NULL when out_len is 0). */
static int lookup(const char *program, int year, const char *key, double *out, size_t out_len, size_t *n)
{
    value__cms_params *p;
    int rc;
    if ((rc = value__check_ptr(program, "program")) != VALUE_OK || (rc = value__check_ptr(key, "key")) != VALUE_OK)
        return rc;
    if (key[0] == '\0')
        return value__fail(VALUE_EINVAL, "key is empty");
    if ((rc = value__cms_params_load_year(program, year, "year", &p)) != VALUE_OK)
        return rc;
    const double *v;
    rc = value__cms_params_get(p, year, key, &v, n);
    for (size_t k = 0; rc == VALUE_OK && k < *n && k < out_len; k++)
        out[k] = v[k];
    value__cms_params_free(p);
    return rc;
}

int value_cms_parameter_count(const char *program, int year, const char *key, size_t *out)
{
    size_t n;
    int rc = value__check_ptr(out, "out");
    if (rc == VALUE_OK && (rc = lookup(program, year, key, NULL, 0, &n)) == VALUE_OK)
        *out = n;
    return rc;
}

int value_cms_parameter(const char *program, int year, const char *key, size_t index, double *out)
{
    double v[VALUE__CMS_MAX_VALUES];
    size_t n;
    int rc = value__check_ptr(out, "out");
    if (rc != VALUE_OK || (rc = lookup(program, year, key, v, VALUE__CMS_MAX_VALUES, &n)) != VALUE_OK)
        return rc;
    if (index >= n)
        return value__fail(VALUE_EINVAL, "index is %zu, not in [0, %zu) (%s %.80s for %d has %zu value%s)", index, n,
                           program, key, year, n, n == 1 ? "" : "s");
    *out = v[index];
    return VALUE_OK;
}

int value_cms_years(const char *program, int *out_first, int *out_last)
{
    value__cms_params *p;
    int rc;
    if ((rc = value__check_ptr(program, "program")) != VALUE_OK ||
        (rc = value__check_ptr(out_first, "out_first")) != VALUE_OK ||
        (rc = value__check_ptr(out_last, "out_last")) != VALUE_OK)
        return rc;
    if ((rc = value__cms_params_load(program, &p)) != VALUE_OK)
        return rc;
    value__cms_params_years(p, out_first, out_last);
    value__cms_params_free(p);
    return VALUE_OK;
}
