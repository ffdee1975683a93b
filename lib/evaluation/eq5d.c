/*
 * EQ-5D-3L utility indices from value sets.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A value set is parsed once into a table of all 243 indices, so a lookup
 * is an array access and a const handle can be shared between threads.
 */
#include "core/file.h"
#include "core/internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* The built-in value-set texts, generated from lib/data by
 * tools/embed_text.sh: parallel NULL-terminated arrays. */
extern const char *const value__eq5d_builtin_names[];
extern const char *const value__eq5d_builtin_texts[];

#define N_STATES 243
#define N_DIMS 5

struct value_eq5d {
    char *name;                /* "" if the text gave none */
    double index[N_STATES];    /* by slot: (l1-1)*81 + (l2-1)*27 + ... + (l5-1) */
};

/* ---- terms --------------------------------------------------------------- */

/* Every coefficient a value set can give; a term not given is 0. */
enum term {
    T_CONSTANT,
    T_N3,
    T_D1,
    T_I2,
    T_I2SQ,
    T_I3,
    T_I3SQ,
    T_DIM,                   /* T_DIM + 2*d + (level-2), d in MO SC UA PD AD order */
    N_TERMS = T_DIM + 2 * N_DIMS
};

static const char *const scalar_names[T_DIM] = {"constant", "N3", "D1", "I2", "I2SQ", "I3", "I3SQ"};
static const char *const dim_names[N_DIMS] = {"MO", "SC", "UA", "PD", "AD"};

/* Every term's first word, for "did you mean" (value__name_hint). */
#define N_TERM_NAMES (T_DIM + N_DIMS + 1)
static const char *term_name(const void *ctx, size_t k)
{
    (void)ctx;
    return k < T_DIM ? scalar_names[k] : k < T_DIM + N_DIMS ? dim_names[k - T_DIM] : "name";
}

/* ---- small text helpers (locale-free on purpose: a host that called
 * setlocale() must not change how a value set reads) ---------------------- */

typedef struct span {
    const char *s;
    size_t len;
} span;

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int span_is(span t, const char *word)
{
    return strlen(word) == t.len && memcmp(t.s, word, t.len) == 0;
}

/* Shown in messages: long tokens are cut so the message stays readable. */
#define SHOW_MAX 60
static int show_len(span t)
{
    return t.len > SHOW_MAX ? SHOW_MAX : (int)t.len;
}

/* ---- parsing ------------------------------------------------------------- */

typedef struct parser {
    const char *source;        /* file path for messages, or NULL */
    size_t line;               /* current line number, from 1 */
    double coef[N_TERMS];
    size_t first_line[N_TERMS];   /* line that gave the term; 0 if not given */
    span name;
    size_t name_line;
    int n_coef;                /* coefficient lines seen */
} parser;

/* Fail with VALUE_EPARSE, "path: " (for files) and "line N: " before fmt. */
static int parse_fail(const parser *p, const char *fmt, ...) VALUE_PRINTF(2, 3);
static int parse_fail(const parser *p, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return value__fail(VALUE_EPARSE, "%s%sline number %zu: %s", p->source ? p->source : "", p->source ? ": " : "",
                       p->line, what);
}

/* Display name of a term for messages: "N3" or "MO 2". */
static void term_label(int term, char *buf, size_t len)
{
    if (term < T_DIM)
        snprintf(buf, len, "%s", scalar_names[term]);
    else
        snprintf(buf, len, "%s %d", dim_names[(term - T_DIM) / 2], (term - T_DIM) % 2 + 2);
}

static int set_term(parser *p, int term, span value_tok, const span *extra)
{
    char label[16];
    term_label(term, label, sizeof label);
    if (extra)
        return parse_fail(p, "unexpected '%.*s' after the value of '%s'", show_len(*extra), extra->s, label);
    if (p->first_line[term])
        return parse_fail(p, "duplicate term '%s' (first given on line number %zu)", label, p->first_line[term]);
    double v;
    switch (value__parse_decimal(value_tok.s, value_tok.len, &v)) {
    case VALUE__NUM_OK:
        break;
    case VALUE__NUM_NOT_FINITE:
        return parse_fail(p, "value '%.*s' of '%s' is not finite", show_len(value_tok), value_tok.s, label);
    case VALUE__NUM_NOT_A_NUMBER:
        return parse_fail(p, "value '%.*s' of '%s' is not a number", show_len(value_tok), value_tok.s, label);
    }
    p->coef[term] = v;
    p->first_line[term] = p->line;
    p->n_coef++;
    return VALUE_OK;
}

/* One line, comment already removed; s[0..len) has no newline. */
static int parse_line(parser *p, const char *s, size_t len)
{
    span tok[4];
    int ntok = 0;
    size_t i = 0;
    while (i < len && ntok < 4) {
        while (i < len && is_space(s[i]))
            i++;
        if (i == len)
            break;
        size_t start = i;
        while (i < len && !is_space(s[i]))
            i++;
        tok[ntok].s = s + start;
        tok[ntok].len = i - start;
        ntok++;
    }
    if (ntok == 0)
        return VALUE_OK;   /* blank or comment-only line */

    if (span_is(tok[0], "name")) {
        /* The name is the rest of the line, spaces included. */
        const char *rest = tok[0].s + tok[0].len;
        size_t rest_len = len - (size_t)(rest - s);
        while (rest_len > 0 && is_space(rest[0])) {
            rest++;
            rest_len--;
        }
        while (rest_len > 0 && is_space(rest[rest_len - 1]))
            rest_len--;
        if (rest_len == 0)
            return parse_fail(p, "term 'name' has no value");
        if (p->name_line)
            return parse_fail(p, "duplicate term 'name' (first given on line number %zu)", p->name_line);
        p->name.s = rest;
        p->name.len = rest_len;
        p->name_line = p->line;
        return VALUE_OK;
    }
    for (int t = 0; t < T_DIM; t++) {
        if (span_is(tok[0], scalar_names[t])) {
            if (ntok < 2)
                return parse_fail(p, "term '%s' has no value", scalar_names[t]);
            return set_term(p, t, tok[1], ntok > 2 ? &tok[2] : NULL);
        }
    }
    for (int d = 0; d < N_DIMS; d++) {
        if (span_is(tok[0], dim_names[d])) {
            if (ntok < 3) {
                span given = {tok[0].s, (size_t)(tok[ntok - 1].s + tok[ntok - 1].len - tok[0].s)};
                return parse_fail(p, "term '%s' needs a level (2 or 3) and a value, got '%.*s'", dim_names[d],
                                  show_len(given), given.s);
            }
            int level = span_is(tok[1], "2") ? 2 : span_is(tok[1], "3") ? 3 : 0;
            if (level == 0)
                return parse_fail(p, "level '%.*s' of '%s' must be 2 or 3", show_len(tok[1]), tok[1].s,
                                  dim_names[d]);
            return set_term(p, T_DIM + 2 * d + (level - 2), tok[2], ntok > 3 ? &tok[3] : NULL);
        }
    }
    char given[SHOW_MAX + 1], hint[200];
    snprintf(given, sizeof given, "%.*s", show_len(tok[0]), tok[0].s);
    return parse_fail(p, "unknown term '%s'%s", given,
                      value__name_hint(hint, sizeof hint, given, N_TERM_NAMES, term_name, NULL));
}

/* The value-set formula (value.h) for one state given as five levels,
 * summed with Neumaier's compensation: coefficients that cancel (a
 * constant of -1e300 against dimension terms of 1e300) would otherwise
 * lose the 1 of 1 - ... and give a valid-looking index that is wrong. */
static double state_index(const double *coef, const int *level)
{
    int n2 = 0, n3 = 0;
    value__ksum u = {1.0, 0.0};
    for (int d = 0; d < N_DIMS; d++) {
        if (level[d] > 1)
            value__ksum_add(&u, -coef[T_DIM + 2 * d + (level[d] - 2)]);
        n2 += level[d] == 2;
        n3 += level[d] == 3;
    }
    /* Shaw et al.'s counts: problems beyond the first, 0 when none. */
    int d1 = n2 + n3 > 1 ? n2 + n3 - 1 : 0;
    int i2 = n2 > 1 ? n2 - 1 : 0;
    int i3 = n3 > 1 ? n3 - 1 : 0;
    if (n2 + n3 > 0)
        value__ksum_add(&u, -coef[T_CONSTANT]);
    if (n3 > 0)
        value__ksum_add(&u, -coef[T_N3]);
    value__ksum_add(&u, -coef[T_D1] * d1);
    value__ksum_add(&u, -coef[T_I2] * i2);
    value__ksum_add(&u, -coef[T_I2SQ] * (i2 * i2));
    value__ksum_add(&u, -coef[T_I3] * i3);
    value__ksum_add(&u, -coef[T_I3SQ] * (i3 * i3));
    return value__ksum_get(&u);
}

/* Parse `text`; on success *out is a new handle.  `source` names the file
 * in messages (NULL for text and built-ins). */
static int parse_text(const char *text, const char *source, value_eq5d **out)
{
    parser p = {.source = source};

    const char *s = text;
    for (p.line = 1;; p.line++) {
        const char *end = strchr(s, '\n');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        const char *hash = memchr(s, '#', len);
        int rc = parse_line(&p, s, hash ? (size_t)(hash - s) : len);
        if (rc)
            return rc;
        if (!end)
            break;
        s = end + 1;
    }
    if (p.n_coef == 0)
        return value__fail(VALUE_EPARSE, "%s%svalue-set text has no coefficients (empty, or only comments and a name)",
                           source ? source : "", source ? ": " : "");

    double index[N_STATES];
    for (int slot = 0; slot < N_STATES; slot++) {
        int level[N_DIMS];
        for (int d = N_DIMS - 1, rest = slot; d >= 0; d--, rest /= 3)
            level[d] = rest % 3 + 1;
        double u = state_index(p.coef, level);
        if (!(u >= -1.0 && u <= 1.0)) {
            char v[32];
            value__format_double(u, v, sizeof v);
            return value__fail(VALUE_EPARSE, "%s%sindex of health state '%d%d%d%d%d' is %s, outside [-1, 1]",
                               source ? source : "", source ? ": " : "", level[0], level[1], level[2], level[3],
                               level[4], v);
        }
        index[slot] = u;
    }

    value_eq5d *vs = malloc(sizeof *vs);
    char *name = malloc(p.name.len + 1);
    if (vs == NULL || name == NULL) {
        free(vs);
        free(name);
        return value__fail(VALUE_ENOMEM, "value_eq5d: out of memory");
    }
    if (p.name.len)
        memcpy(name, p.name.s, p.name.len);
    name[p.name.len] = '\0';
    vs->name = name;
    memcpy(vs->index, index, sizeof index);
    *out = vs;
    return VALUE_OK;
}

/* ---- public API ---------------------------------------------------------- */

int value_eq5d_parse(const char *text, value_eq5d **out)
{
    int rc;
    if ((rc = value__check_ptr(text, "text")) || (rc = value__check_ptr(out, "out")))
        return rc;
    return parse_text(text, NULL, out);
}

int value_eq5d_builtin(const char *name, value_eq5d **out)
{
    int rc;
    if ((rc = value__check_ptr(name, "name")) || (rc = value__check_ptr(out, "out")))
        return rc;
    for (size_t i = 0; value__eq5d_builtin_names[i] != NULL; i++)
        if (strcmp(name, value__eq5d_builtin_names[i]) == 0)
            return parse_text(value__eq5d_builtin_texts[i], NULL, out);

    size_t n = 0;
    while (value__eq5d_builtin_names[n] != NULL)
        n++;
    char hint[400];
    return value__fail(VALUE_ENOTFOUND, "unknown built-in value set '%.60s'%s", name,
                       value__name_hint(hint, sizeof hint, name, n, value__name_at_list, value__eq5d_builtin_names));
}

/* The largest value-set file value_eq5d_load() reads, 16 MiB (documented
 * in value.h); the built-in sets are 2-3 KB. */
#define MAX_FILE ((size_t)16 << 20)

int value_eq5d_load(const char *path, value_eq5d **out)
{
    int rc;
    if ((rc = value__check_ptr(path, "path")) || (rc = value__check_ptr(out, "out")))
        return rc;

    char *buf = NULL;
    size_t len = 0;
    if ((rc = value__read_file(path, MAX_FILE, "a value set", "value_eq5d_load", &buf, &len)))
        return rc;
    /* A NUL would silently end the text early. */
    if (memchr(buf, '\0', len) != NULL) {
        free(buf);
        return value__fail(VALUE_EPARSE, "%s: contains a NUL byte; a value set is plain text", path);
    }
    rc = parse_text(buf, path, out);
    free(buf);
    return rc;
}

int value_eq5d_name(const value_eq5d *vs, const char **out)
{
    int rc;
    if ((rc = value__check_ptr(vs, "vs")) || (rc = value__check_ptr(out, "out")))
        return rc;
    *out = vs->name;
    return VALUE_OK;
}

/* Slot of a five-digit state in the index table, or -1 if invalid. */
static int state_slot(int32_t state)
{
    if (state < 11111 || state > 33333)
        return -1;
    int slot = 0;
    for (int32_t div = 10000; div > 0; div /= 10) {
        int level = (int)(state / div % 10);
        if (level < 1 || level > 3)
            return -1;
        slot = slot * 3 + (level - 1);
    }
    return slot;
}

int value_eq5d_index(const value_eq5d *vs, int32_t state, double *out)
{
    int rc;
    if ((rc = value__check_ptr(vs, "vs")) || (rc = value__check_ptr(out, "out")))
        return rc;
    int slot = state_slot(state);
    if (slot < 0)
        return value__fail(VALUE_EINVAL, "state is %" PRId32 ", not an EQ-5D-3L state (five digits 1-3)", state);
    *out = vs->index[slot];
    return VALUE_OK;
}

int value_eq5d_indices(const value_eq5d *vs, const int32_t *states, size_t n, double *out, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(vs, "vs")) || (rc = value__check_ptr(states, "states")) ||
        (rc = value__check_ptr(out, "out")))
        return rc;
    if ((rc = value__check_length("out_len", out_len, n, "n")))
        return rc;
    /* Check every state before writing, so a failure leaves out untouched. */
    for (size_t i = 0; i < n; i++)
        if (state_slot(states[i]) < 0)
            return value__fail(VALUE_EINVAL, "states[%zu] is %" PRId32 ", not an EQ-5D-3L state (five digits 1-3)",
                               i, states[i]);
    for (size_t i = 0; i < n; i++)
        out[i] = vs->index[state_slot(states[i])];
    return VALUE_OK;
}

void value_eq5d_free(value_eq5d *vs)
{
    if (vs == NULL)
        return;
    free(vs->name);
    free(vs);
}
