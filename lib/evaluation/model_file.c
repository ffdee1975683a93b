/*
 * Model files (docs/models.md): YAML read with libyaml's event API into a
 * small tree, which is then handed to the public value_model_* builder
 * calls (the calls a program makes), in an order where names resolve:
 * options, states, strategies, categories, tables, parameters, then the
 * rest, then each strategy's overrides, then scenarios.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every failure is "line number L, column number C: <element>: <problem>",
 * the element named by the keys that lead to it ("transitions: A: B"),
 * a list's item as name[i]; a builder call's own message follows the
 * place it was called for.  Anchors, aliases and tags are refused (a
 * model file has no use for them, and aliases let a small file expand
 * without bound); so are duplicate keys, nesting over MAX_DEPTH and more
 * than MAX_NODES nodes, which bounds the tree's memory.
 */
#include "core/file.h"
#include "core/internal.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include <yaml.h>

/* The largest model file or text, 16 MiB (documented in value.h). */
#define MAX_TEXT ((size_t)16 << 20)
/* The deepest nesting of lists and maps; a model file needs 6. */
#define MAX_DEPTH 32
/* The most nodes (values, lists, maps) a file may hold: a generous bound
 * for life tables and covariance matrices that keeps the tree's memory
 * well below a gigabyte for any 16 MiB input. */
#define MAX_NODES ((size_t)1 << 20)

/* ---- the tree ------------------------------------------------------------- */

typedef enum nkind { N_SCALAR, N_SEQ, N_MAP } nkind;

typedef struct node {
    nkind kind;
    bool plain;         /* an unquoted scalar: only such a one can be empty (null) */
    size_t line, col;   /* where it starts, counting from 1 */
    size_t ord;         /* creation order, to report the second of two duplicate keys */
    char *text;         /* a scalar's text, NUL-terminated (no NUL inside) */
    size_t len;
    struct node **kid;  /* a list's items; a map's keys and values, interleaved */
    size_t n_kid, cap;
} node;

static void node_free(node *x)
{
    if (x == NULL)
        return;
    for (size_t i = 0; i < x->n_kid; i++)
        node_free(x->kid[i]); /* recursion bounded by MAX_DEPTH */
    free(x->kid);
    free(x);
}

/* A map's pairs. */
static size_t n_pairs(const node *x)
{
    return x->n_kid / 2;
}
static const node *key_at(const node *x, size_t i)
{
    return x->kid[2 * i];
}
static const node *val_at(const node *x, size_t i)
{
    return x->kid[2 * i + 1];
}

/* An empty plain scalar, `~` or `null`: YAML's null, no value. */
static bool is_null(const node *x)
{
    if (x->kind != N_SCALAR || !x->plain)
        return false;
    return x->len == 0 || strcmp(x->text, "~") == 0 || strcmp(x->text, "null") == 0 ||
           strcmp(x->text, "Null") == 0 || strcmp(x->text, "NULL") == 0;
}

/* s (len bytes) for a message, in buf: at most 48 bytes, cut at a
 * character boundary ("..." then), control characters as spaces. */
static const char *clip(const char *s, size_t len, char *buf, size_t cap)
{
    size_t max = cap - 4 < 48 ? cap - 4 : 48, n = len;
    bool cut = n > max;
    if (cut) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        buf[i] = ch < 0x20 || ch == 0x7f ? ' ' : (char)ch;
    }
    memcpy(buf + n, cut ? "..." : "", cut ? 4 : 1);
    return buf;
}

/* ---- where: the element path and the messages ----------------------------- */

typedef struct walk {
    value_model *m;
    char path[320]; /* "strategies: comb: parameters: rr" */
    size_t plen;
} walk;

static size_t push_key(walk *w, const char *key, size_t len)
{
    size_t old = w->plen;
    char c[64];
    int k = snprintf(w->path + old, sizeof w->path - old, "%s%s", old ? ": " : "", clip(key, len, c, sizeof c));
    w->plen = k < 0 ? old : old + (size_t)k < sizeof w->path ? old + (size_t)k : sizeof w->path - 1;
    return old;
}
static size_t push(walk *w, const char *key)
{
    return push_key(w, key, strlen(key));
}
static size_t push_index(walk *w, size_t i)
{
    size_t old = w->plen;
    int k = snprintf(w->path + old, sizeof w->path - old, "[%zu]", i);
    w->plen = k < 0 ? old : old + (size_t)k < sizeof w->path ? old + (size_t)k : sizeof w->path - 1;
    return old;
}
static void pop(walk *w, size_t old)
{
    w->plen = old;
    w->path[old] = '\0';
}

/* A failure the loader finds at node x. */
static int fail_at(const walk *w, size_t line, size_t col, int code, const char *fmt, ...) VALUE_PRINTF(5, 6);
static int fail_at(const walk *w, size_t line, size_t col, int code, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return value__fail(code, "line number %zu, column number %zu: %s%s%s", line, col, w->path,
                       w->plen ? ": " : "", what);
}
#define FAIL(w, x, ...) fail_at((w), (x)->line, (x)->col, VALUE_EPARSE, __VA_ARGS__)

/* A failure a builder call reported, for the element at x: its message
 * after the place. */
static int within(const walk *w, const node *x, int rc)
{
    if (w->plen)
        return value__fail_within(rc, "line number %zu, column number %zu: %s", x->line, x->col, w->path);
    return value__fail_within(rc, "line number %zu, column number %zu", x->line, x->col);
}

/* ---- reading YAML into the tree --------------------------------------------- */

typedef struct tree {
    node *root;
    node *open[MAX_DEPTH + 1]; /* the open lists and maps, outermost first */
    int depth;
    size_t n_nodes;
} tree;

/* The path of the element about to be added to the innermost open
 * collection, in w->path. */
static void tree_path(const tree *t, walk *w)
{
    pop(w, 0);
    for (int d = 0; d < t->depth; d++) {
        const node *c = t->open[d];
        bool inner = d + 1 < t->depth; /* the next open one is c's last kid */
        size_t k = c->n_kid - (inner ? 1 : 0);
        if (c->kind == N_SEQ)
            push_index(w, k);
        else if (k % 2 == 1) /* a value: named by its key */
            push_key(w, c->kid[k - 1]->text, c->kid[k - 1]->len);
    }
}

static int tree_fail(const tree *t, const yaml_mark_t *mark, int code, const char *fmt, ...) VALUE_PRINTF(4, 5);
static int tree_fail(const tree *t, const yaml_mark_t *mark, int code, const char *fmt, ...)
{
    walk w = {0};
    tree_path(t, &w);
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return fail_at(&w, mark->line + 1, mark->column + 1, code, "%s", what);
}

static bool same_text(const node *x, const node *y)
{
    return x->len == y->len && memcmp(x->text, y->text, x->len) == 0;
}

/* By text, then in file order. */
static int cmp_key(const void *a, const void *b)
{
    const node *x = *(const node *const *)a, *y = *(const node *const *)b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->text, y->text, n);
    if (c == 0)
        c = x->len < y->len ? -1 : x->len > y->len;
    if (c == 0)
        c = x->ord < y->ord ? -1 : x->ord > y->ord;
    return c;
}

/* The innermost open map, about to close: refuse its first repeated key
 * (the earliest second occurrence in the file). */
static int check_duplicates(const tree *t)
{
    const node *map = t->open[t->depth - 1];
    size_t n = n_pairs(map);
    if (n < 2)
        return VALUE_OK;
    const node **k = malloc(n * sizeof *k);
    if (k == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory reading the model");
    for (size_t i = 0; i < n; i++)
        k[i] = key_at(map, i);
    qsort(k, n, sizeof *k, cmp_key);
    const node *dup = NULL, *first = NULL;
    for (size_t i = 1; i < n; i++)
        if (same_text(k[i], k[i - 1]) && (i == 1 || !same_text(k[i - 1], k[i - 2])) &&
            (dup == NULL || k[i]->ord < dup->ord))
            dup = k[i], first = k[i - 1]; /* the second of its group, and the first */
    int rc = VALUE_OK;
    if (dup != NULL) {
        walk w = {0};
        tree_path(t, &w);
        char c[64];
        rc = fail_at(&w, dup->line, dup->col, VALUE_EPARSE,
                     "duplicate key '%s' (first at line number %zu, column number %zu)",
                     clip(dup->text, dup->len, c, sizeof c), first->line, first->col);
    }
    free(k);
    return rc;
}

/* Add x to the innermost open collection (or make it the root). */
static int attach(tree *t, node *x)
{
    if (t->depth == 0) {
        t->root = x;
        return VALUE_OK;
    }
    node *c = t->open[t->depth - 1];
    if (c->n_kid == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 4;
        node **k = realloc(c->kid, cap * sizeof *k);
        if (k == NULL)
            return value__fail(VALUE_ENOMEM, "out of memory reading the model");
        c->kid = k;
        c->cap = cap;
    }
    c->kid[c->n_kid++] = x;
    return VALUE_OK;
}

/* A node for event ev; *out is attached to the tree (freed with it). */
static int add_node(tree *t, const yaml_event_t *ev, node **out)
{
    const yaml_mark_t *at = &ev->start_mark;
    const yaml_char_t *anchor = NULL, *tag = NULL;
    if (ev->type == YAML_SCALAR_EVENT)
        anchor = ev->data.scalar.anchor, tag = ev->data.scalar.tag;
    else if (ev->type == YAML_SEQUENCE_START_EVENT)
        anchor = ev->data.sequence_start.anchor, tag = ev->data.sequence_start.tag;
    else
        anchor = ev->data.mapping_start.anchor, tag = ev->data.mapping_start.tag;
    char c[64];
    if (anchor != NULL)
        return tree_fail(t, at, VALUE_EPARSE, "YAML anchors ('&%s') and aliases are not supported in a model file",
                         clip((const char *)anchor, strlen((const char *)anchor), c, sizeof c));
    if (tag != NULL)
        return tree_fail(t, at, VALUE_EPARSE, "YAML tags ('%s') are not supported in a model file",
                         clip((const char *)tag, strlen((const char *)tag), c, sizeof c));
    if (t->depth > 0) {
        const node *p = t->open[t->depth - 1];
        if (p->kind == N_MAP && p->n_kid % 2 == 0 && ev->type != YAML_SCALAR_EVENT)
            return tree_fail(t, at, VALUE_EPARSE, "a key is a name, not a %s",
                             ev->type == YAML_MAPPING_START_EVENT ? "map" : "list");
    }
    if (++t->n_nodes > MAX_NODES)
        return tree_fail(t, at, VALUE_EPARSE, "more than %zu YAML nodes (values, lists and maps)", MAX_NODES);
    size_t len = ev->type == YAML_SCALAR_EVENT ? ev->data.scalar.length : 0;
    if (ev->type == YAML_SCALAR_EVENT && memchr(ev->data.scalar.value, '\0', len) != NULL)
        return tree_fail(t, at, VALUE_EPARSE, "a value holds a NUL character");
    node *x = malloc(sizeof *x + len + 1);
    if (x == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory reading the model");
    memset(x, 0, sizeof *x);
    x->kind = ev->type == YAML_SCALAR_EVENT ? N_SCALAR : ev->type == YAML_SEQUENCE_START_EVENT ? N_SEQ : N_MAP;
    x->line = at->line + 1;
    x->col = at->column + 1;
    x->ord = t->n_nodes;
    x->text = (char *)(x + 1);
    x->len = len;
    if (len > 0)
        memcpy(x->text, ev->data.scalar.value, len);
    x->text[len] = '\0';
    x->plain = ev->type == YAML_SCALAR_EVENT && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    int rc = attach(t, x);
    if (rc != VALUE_OK) {
        free(x);
        return rc;
    }
    *out = x;
    return VALUE_OK;
}

/* Line and column (from 1, in characters) of byte `offset` of the text. */
static void locate(const char *text, size_t len, size_t offset, size_t *line, size_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < offset && i < len; i++) {
        if (text[i] == '\n')
            ++*line, *col = 1;
        else if (((unsigned char)text[i] & 0xC0) != 0x80)
            ++*col;
    }
}

/* libyaml's report of malformed YAML (or of its memory running out). */
static int yaml_failure(const yaml_parser_t *p, const char *text, size_t len)
{
    const char *problem = p->problem != NULL ? p->problem : "malformed YAML";
    size_t line, col;
    switch (p->error) {
    case YAML_MEMORY_ERROR:
        return value__fail(VALUE_ENOMEM, "out of memory reading the model's YAML");
    case YAML_READER_ERROR: /* invalid UTF-8, a control character: only the offset is known */
        locate(text, len, p->problem_offset, &line, &col);
        return value__fail(VALUE_EPARSE, "line number %zu, column number %zu: %s", line, col, problem);
    default:
        if (p->context != NULL)
            return value__fail(VALUE_EPARSE,
                               "line number %zu, column number %zu: %s (%s from line number %zu, column number %zu)",
                               p->problem_mark.line + 1, p->problem_mark.column + 1, problem, p->context,
                               p->context_mark.line + 1, p->context_mark.column + 1);
        return value__fail(VALUE_EPARSE, "line number %zu, column number %zu: %s", p->problem_mark.line + 1,
                           p->problem_mark.column + 1, problem);
    }
}

static int read_tree(const char *text, size_t len, node **out)
{
    const char *nul = memchr(text, '\0', len);
    if (nul != NULL) {
        size_t line, col;
        locate(text, len, (size_t)(nul - text), &line, &col);
        return value__fail(VALUE_EPARSE, "line number %zu, column number %zu: a NUL byte; a model file is text",
                           line, col);
    }
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return value__fail(VALUE_ENOMEM, "out of memory reading the model's YAML");
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING); /* never guess UTF-16 */
    tree t = {0};
    int rc = VALUE_OK, documents = 0;
    for (bool end = false; rc == VALUE_OK && !end;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            rc = yaml_failure(&p, text, len);
            break;
        }
        node *x = NULL;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            end = true;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1)
                rc = tree_fail(&t, &ev.start_mark, VALUE_EPARSE, "a second YAML document; a model file holds one");
            break;
        case YAML_ALIAS_EVENT: {
            char c[64];
            const char *a = (const char *)ev.data.alias.anchor;
            rc = tree_fail(&t, &ev.start_mark, VALUE_EPARSE,
                           "YAML aliases ('*%s') and anchors are not supported in a model file",
                           clip(a, strlen(a), c, sizeof c));
            break;
        }
        case YAML_SCALAR_EVENT:
            rc = add_node(&t, &ev, &x);
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (t.depth == MAX_DEPTH)
                rc = tree_fail(&t, &ev.start_mark, VALUE_EPARSE, "lists and maps nested more than %d deep", MAX_DEPTH);
            else if ((rc = add_node(&t, &ev, &x)) == VALUE_OK)
                t.open[t.depth++] = x;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (ev.type == YAML_MAPPING_END_EVENT)
                rc = check_duplicates(&t);
            t.depth--;
            break;
        default: /* stream start, document end */
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    if (rc == VALUE_OK && t.root == NULL)
        rc = value__fail(VALUE_EPARSE, "line number 1, column number 1: the model file is empty "
                                       "(it starts with 'libvalue_model: 1')");
    if (rc != VALUE_OK) {
        node_free(t.root);
        return rc;
    }
    *out = t.root;
    return VALUE_OK;
}

/* ---- reading values -------------------------------------------------------------- */

static const char *kind_text(const node *x)
{
    return x->kind == N_MAP ? "a map" : x->kind == N_SEQ ? "a list" : is_null(x) ? "nothing" : "a value";
}

/* x is a map / a list / a value (possibly null: the readers below decide). */
static int want(const walk *w, const node *x, nkind k)
{
    if (x->kind == k)
        return VALUE_OK;
    return FAIL(w, x, "expected %s, got %s",
                k == N_MAP ? "a map (key: value)" : k == N_SEQ ? "a list" : "a value", kind_text(x));
}

/* A value that is text: an expression, a name. */
static int text_of(const walk *w, const node *x, const char *what, const char **out)
{
    int rc = want(w, x, N_SCALAR);
    if (rc == VALUE_OK && is_null(x))
        rc = FAIL(w, x, "expected %s, got nothing", what);
    if (rc == VALUE_OK)
        *out = x->text;
    return rc;
}

static int number(const walk *w, const node *x, double *out)
{
    int rc = want(w, x, N_SCALAR);
    if (rc != VALUE_OK)
        return rc;
    if (is_null(x))
        return FAIL(w, x, "expected a number, got nothing");
    char c[64];
    switch (value__parse_decimal(x->text, x->len, out)) {
    case VALUE__NUM_OK: return VALUE_OK;
    case VALUE__NUM_NOT_FINITE: return FAIL(w, x, "'%s' is not a finite number", clip(x->text, x->len, c, sizeof c));
    default: return FAIL(w, x, "'%s' is not a number", clip(x->text, x->len, c, sizeof c));
    }
}

/* true/false (also YAML 1.1's yes/no, on/off), any case. */
static int boolean(const walk *w, const node *x, bool *out)
{
    static const char *const words[] = {"true", "yes", "on", "false", "no", "off"};
    int rc = want(w, x, N_SCALAR);
    if (rc != VALUE_OK)
        return rc;
    for (size_t i = 0; i < 6; i++) {
        size_t n = strlen(words[i]), k = 0;
        while (k < n && k < x->len && (x->text[k] | 0x20) == words[i][k])
            k++;
        if (k == n && x->len == n) {
            *out = i < 3;
            return VALUE_OK;
        }
    }
    char c[64];
    return FAIL(w, x, "expected true or false, got '%s'", clip(x->text, x->len, c, sizeof c));
}

/* One of names[0..n): its index; else an unknown name with the nearest. */
static int choose(const walk *w, const node *x, const char *what, const char *const *names, size_t n, size_t *out)
{
    const char *s;
    int rc = text_of(w, x, what, &s);
    if (rc != VALUE_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = i;
            return VALUE_OK;
        }
    char c[64], hint[256];
    return FAIL(w, x, "unknown %s '%s'%s", what, clip(x->text, x->len, c, sizeof c),
                value__name_hint(hint, sizeof hint, x->text, n, value__name_at_list, names));
}

/* The values of a map with known keys: val[i] for keys[i], NULL when absent. */
static int fields(const walk *w, const node *x, const char *const *keys, size_t n, const node **val)
{
    int rc = want(w, x, N_MAP);
    if (rc != VALUE_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        val[i] = NULL;
    for (size_t p = 0; p < n_pairs(x); p++) {
        const node *k = key_at(x, p);
        size_t i = 0;
        while (i < n && strcmp(k->text, keys[i]) != 0)
            i++;
        if (i == n) {
            char c[64], hint[256];
            return FAIL(w, k, "unknown key '%s'%s", clip(k->text, k->len, c, sizeof c),
                        value__name_hint(hint, sizeof hint, k->text, n, value__name_at_list, keys));
        }
        val[i] = val_at(x, p);
    }
    return VALUE_OK;
}

/* A list of numbers, into a new array (*out freed by the caller; a list
 * of none gives a valid pointer too). */
static int numbers(walk *w, const node *x, double **out, size_t *n)
{
    int rc = want(w, x, N_SEQ);
    if (rc != VALUE_OK)
        return rc;
    double *v = malloc((x->n_kid ? x->n_kid : 1) * sizeof *v);
    if (v == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory reading the model");
    for (size_t i = 0; i < x->n_kid && rc == VALUE_OK; i++) {
        size_t old = push_index(w, i);
        rc = number(w, x->kid[i], &v[i]);
        pop(w, old);
    }
    if (rc != VALUE_OK) {
        free(v);
        return rc;
    }
    *out = v;
    *n = x->n_kid;
    return VALUE_OK;
}

/* A list of names (pointers into the tree, *out freed by the caller). */
static int names_of(walk *w, const node *x, const char ***out, size_t *n)
{
    int rc = want(w, x, N_SEQ);
    if (rc != VALUE_OK)
        return rc;
    const char **v = malloc((x->n_kid ? x->n_kid : 1) * sizeof *v);
    if (v == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory reading the model");
    for (size_t i = 0; i < x->n_kid && rc == VALUE_OK; i++) {
        size_t old = push_index(w, i);
        rc = text_of(w, x->kid[i], "a name", &v[i]);
        pop(w, old);
    }
    if (rc != VALUE_OK) {
        free(v);
        return rc;
    }
    *out = v;
    *n = x->n_kid;
    return VALUE_OK;
}

/* ---- the options ------------------------------------------------------------------ */

static const char *const METHODS[] = {"start", "end", "life-table", "trapezoid", "simpson"};
static const int METHOD_VALUES[] = {VALUE_MARKOV_START, VALUE_MARKOV_END, VALUE_MARKOV_LIFE_TABLE,
                                    VALUE_MARKOV_TRAPEZOID, VALUE_MARKOV_SIMPSON};

/* A numeric option: value_model_set(). */
static int option(walk *w, const char *key, const node *x, value_model_option opt)
{
    if (x == NULL)
        return VALUE_OK;
    size_t old = push(w, key);
    double v;
    int rc = number(w, x, &v);
    if (rc == VALUE_OK && (rc = value_model_set(w->m, opt, v)) != VALUE_OK)
        rc = within(w, x, rc);
    pop(w, old);
    return rc;
}

/* A discount entry: a rate, or a scheme {rate, steps: [[year, rate], ...]}. */
static int discount_one(walk *w, const node *x, bool costs)
{
    double r;
    if (x->kind != N_MAP) {
        int rc = number(w, x, &r);
        if (rc == VALUE_OK &&
            (rc = value_model_set(w->m, costs ? VALUE_MODEL_DISCOUNT_COSTS : VALUE_MODEL_DISCOUNT_EFFECTS, r)))
            rc = within(w, x, rc);
        return rc;
    }
    static const char *const keys[] = {"rate", "steps"};
    const node *v[2];
    int rc = fields(w, x, keys, 2, v);
    if (rc != VALUE_OK)
        return rc;
    if (v[0] == NULL)
        return FAIL(w, x, "missing 'rate' (a scheme is {rate: r, steps: [[year, rate], ...]})");
    size_t old = push(w, "rate");
    rc = number(w, v[0], &r);
    pop(w, old);
    if (rc != VALUE_OK)
        return rc;
    value_discount *d = NULL;
    old = push(w, "rate");
    if ((rc = value_discount_new(r, &d)) != VALUE_OK)
        rc = within(w, v[0], rc);
    pop(w, old);
    if (rc == VALUE_OK && v[1] != NULL) {
        old = push(w, "steps");
        rc = want(w, v[1], N_SEQ);
        for (size_t i = 0; rc == VALUE_OK && i < v[1]->n_kid; i++) {
            const node *s = v[1]->kid[i];
            size_t o2 = push_index(w, i);
            double *yr = NULL;
            size_t n = 0;
            rc = numbers(w, s, &yr, &n);
            if (rc == VALUE_OK && n != 2)
                rc = FAIL(w, s, "expected [year, rate], got %zu number%s", n, n == 1 ? "" : "s");
            if (rc == VALUE_OK && (rc = value_discount_add_step(d, yr[0], yr[1])) != VALUE_OK)
                rc = within(w, s, rc);
            free(yr);
            pop(w, o2);
        }
        pop(w, old);
    }
    if (rc == VALUE_OK && (rc = value_model_set_discount(w->m, costs ? d : NULL, costs ? NULL : d)) != VALUE_OK)
        rc = within(w, x, rc);
    value_discount_free(d);
    return rc;
}

static int discount(walk *w, const node *x)
{
    static const char *const keys[] = {"costs", "effects", "first_cycle"};
    const node *v[3];
    int rc = fields(w, x, keys, 3, v);
    for (int i = 0; i < 2 && rc == VALUE_OK; i++)
        if (v[i] != NULL) {
            size_t old = push(w, keys[i]);
            rc = discount_one(w, v[i], i == 0);
            pop(w, old);
        }
    if (rc == VALUE_OK && v[2] != NULL) {
        size_t old = push(w, "first_cycle");
        bool first;
        if ((rc = boolean(w, v[2], &first)) == VALUE_OK &&
            (rc = value_model_set(w->m, VALUE_MODEL_DISCOUNT_FIRST, first ? 1 : 0)) != VALUE_OK)
            rc = within(w, v[2], rc);
        pop(w, old);
    }
    return rc;
}

/* ---- states, strategies, categories, tables ---------------------------------------- */

static int states(walk *w, const node *x)
{
    int rc = want(w, x, N_SEQ);
    for (size_t i = 0; rc == VALUE_OK && i < x->n_kid; i++) {
        const node *s = x->kid[i];
        size_t old = push_index(w, i);
        const char *name = NULL;
        bool dead = false;
        if (s->kind == N_MAP) {
            static const char *const keys[] = {"name", "dead"};
            const node *v[2];
            if ((rc = fields(w, s, keys, 2, v)) == VALUE_OK && v[0] == NULL)
                rc = FAIL(w, s, "missing 'name' (a state is a name, or {name: ..., dead: true})");
            if (rc == VALUE_OK)
                rc = text_of(w, v[0], "a state's name", &name);
            if (rc == VALUE_OK && v[1] != NULL) {
                size_t o2 = push(w, "dead");
                rc = boolean(w, v[1], &dead);
                pop(w, o2);
            }
        } else {
            rc = text_of(w, s, "a state's name", &name);
        }
        if (rc == VALUE_OK &&
            (rc = value_model_add_state(w->m, name, dead ? VALUE_MODEL_DEAD : VALUE_MODEL_ALIVE)) != VALUE_OK)
            rc = within(w, s, rc);
        pop(w, old);
    }
    return rc;
}

static const char *const STRATEGY_KEYS[] = {"name",          "parameters",        "transitions", "values",
                                            "transition_values", "start_values", "initial"};
#define N_STRATEGY_KEYS (sizeof STRATEGY_KEYS / sizeof *STRATEGY_KEYS)

/* The name of strategy item s (a name, or a map with one). */
static int strategy_name(walk *w, const node *s, const node **v, const char **name)
{
    if (s->kind != N_MAP) {
        for (size_t k = 0; k < N_STRATEGY_KEYS; k++)
            v[k] = NULL;
        return text_of(w, s, "a strategy's name", name);
    }
    int rc = fields(w, s, STRATEGY_KEYS, N_STRATEGY_KEYS, v);
    if (rc == VALUE_OK && v[0] == NULL)
        rc = FAIL(w, s, "missing 'name' (a strategy is a name, or {name: ..., parameters: ...})");
    if (rc == VALUE_OK)
        rc = text_of(w, v[0], "a strategy's name", name);
    return rc;
}

static int strategies(walk *w, const node *x)
{
    int rc = want(w, x, N_SEQ);
    for (size_t i = 0; rc == VALUE_OK && i < x->n_kid; i++) {
        const node *v[N_STRATEGY_KEYS];
        const char *name;
        size_t old = push_index(w, i);
        if ((rc = strategy_name(w, x->kid[i], v, &name)) == VALUE_OK &&
            (rc = value_model_add_strategy(w->m, name)) != VALUE_OK)
            rc = within(w, x->kid[i], rc);
        pop(w, old);
    }
    return rc;
}

static int categories(walk *w, const node *x)
{
    static const char *const kinds[] = {"cost", "effect", "other"};
    static const int kind_values[] = {VALUE_MODEL_COST, VALUE_MODEL_EFFECT, VALUE_MODEL_OTHER};
    int rc = want(w, x, N_MAP);
    for (size_t p = 0; rc == VALUE_OK && p < n_pairs(x); p++) {
        const node *k = key_at(x, p), *v = val_at(x, p);
        size_t old = push_key(w, k->text, k->len), kind;
        if ((rc = choose(w, v, "category kind", kinds, 3, &kind)) == VALUE_OK &&
            (rc = value_model_add_category(w->m, k->text, kind_values[kind])) != VALUE_OK)
            rc = within(w, v, rc);
        pop(w, old);
    }
    return rc;
}

/* A table's values: a list of rows (each a list of n_cols numbers) or one
 * flat list. */
static int table_values(walk *w, const node *x, size_t n_cols, double **out, size_t *n)
{
    int rc = want(w, x, N_SEQ);
    if (rc != VALUE_OK)
        return rc;
    if (x->n_kid == 0 || x->kid[0]->kind != N_SEQ)
        return numbers(w, x, out, n);
    /* the shape first: then the values fit in MAX_NODES doubles */
    for (size_t r = 0; r < x->n_kid && rc == VALUE_OK; r++) {
        const node *row = x->kid[r];
        size_t old = push_index(w, r);
        if ((rc = want(w, row, N_SEQ)) == VALUE_OK && row->n_kid != n_cols)
            rc = FAIL(w, row, "a row of %zu number%s, not %zu", row->n_kid, row->n_kid == 1 ? "" : "s", n_cols);
        pop(w, old);
    }
    if (rc != VALUE_OK)
        return rc;
    size_t total = x->n_kid * n_cols;
    double *v = malloc((total ? total : 1) * sizeof *v);
    if (v == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory reading the model");
    for (size_t r = 0; r < x->n_kid && rc == VALUE_OK; r++) {
        size_t old = push_index(w, r);
        for (size_t c = 0; c < n_cols && rc == VALUE_OK; c++) {
            size_t o2 = push_index(w, c);
            rc = number(w, x->kid[r]->kid[c], &v[r * n_cols + c]);
            pop(w, o2);
        }
        pop(w, old);
    }
    if (rc != VALUE_OK) {
        free(v);
        return rc;
    }
    *out = v;
    *n = total;
    return VALUE_OK;
}

static int table(walk *w, const node *name, const node *x)
{
    static const char *const keys[] = {"rows", "columns", "values", "lookup"};
    static const char *const lookups[] = {"step", "linear"};
    static const int lookup_values[] = {VALUE_MODEL_STEP, VALUE_MODEL_LINEAR};
    const node *v[4];
    int rc = fields(w, x, keys, 4, v);
    if (rc != VALUE_OK)
        return rc;
    for (int i = 0; i < 3; i++)
        if (v[i] == NULL && i != 1)
            return FAIL(w, x, "missing '%s' (a table has rows, values and optionally columns and lookup)", keys[i]);
    double *rows = NULL, *cols = NULL, *vals = NULL;
    size_t nr = 0, nc = 1, nv = 0, lookup = 0, old;
    old = push(w, "rows");
    rc = numbers(w, v[0], &rows, &nr);
    pop(w, old);
    if (rc == VALUE_OK && v[1] != NULL) {
        old = push(w, "columns");
        rc = numbers(w, v[1], &cols, &nc);
        pop(w, old);
    }
    if (rc == VALUE_OK) {
        old = push(w, "values");
        rc = table_values(w, v[2], nc, &vals, &nv);
        pop(w, old);
    }
    if (rc == VALUE_OK && v[3] != NULL) {
        old = push(w, "lookup");
        rc = choose(w, v[3], "lookup", lookups, 2, &lookup);
        pop(w, old);
    }
    if (rc == VALUE_OK && (rc = value_model_add_table(w->m, name->text, rows, nr, cols, v[1] != NULL ? nc : 1, vals,
                                                      nv, lookup_values[lookup])) != VALUE_OK)
        rc = within(w, x, rc);
    free(rows);
    free(cols);
    free(vals);
    return rc;
}

static int tables(walk *w, const node *x)
{
    int rc = want(w, x, N_MAP);
    for (size_t p = 0; rc == VALUE_OK && p < n_pairs(x); p++) {
        size_t old = push_key(w, key_at(x, p)->text, key_at(x, p)->len);
        rc = table(w, key_at(x, p), val_at(x, p));
        pop(w, old);
    }
    return rc;
}

/* ---- expressions: parameters, transitions, values (for all, or one strategy) ----------- */

static int parameters(walk *w, const char *strategy, const node *x)
{
    int rc = want(w, x, N_MAP);
    for (size_t p = 0; rc == VALUE_OK && p < n_pairs(x); p++) {
        const node *k = key_at(x, p), *v = val_at(x, p);
        size_t old = push_key(w, k->text, k->len);
        const char *e;
        if ((rc = text_of(w, v, "an expression", &e)) == VALUE_OK &&
            (rc = value_model_set_parameter(w->m, strategy, k->text, e)) != VALUE_OK)
            rc = within(w, v, rc);
        pop(w, old);
    }
    return rc;
}

/* What a map of maps of expressions sets. */
typedef enum pairs_kind { P_TRANSITION, P_STATE_VALUE } pairs_kind;

/* transitions (from: {to: expr}) and values (state: {category: expr}). */
static int pairs(walk *w, const char *strategy, const node *x, pairs_kind kind)
{
    int rc = want(w, x, N_MAP);
    for (size_t p = 0; rc == VALUE_OK && p < n_pairs(x); p++) {
        const node *k = key_at(x, p), *row = val_at(x, p);
        size_t old = push_key(w, k->text, k->len);
        rc = want(w, row, N_MAP);
        for (size_t q = 0; rc == VALUE_OK && q < n_pairs(row); q++) {
            const node *k2 = key_at(row, q), *v = val_at(row, q);
            size_t o2 = push_key(w, k2->text, k2->len);
            const char *e;
            if ((rc = text_of(w, v, "an expression", &e)) == VALUE_OK) {
                rc = kind == P_TRANSITION ? value_model_set_transition(w->m, strategy, k->text, k2->text, e)
                                          : value_model_set_state_value(w->m, strategy, k2->text, k->text, e);
                if (rc != VALUE_OK)
                    rc = within(w, v, rc);
            }
            pop(w, o2);
        }
        pop(w, old);
    }
    return rc;
}

/* transition_values: from: {to: {category: expr}}. */
static int transition_values(walk *w, const char *strategy, const node *x)
{
    int rc = want(w, x, N_MAP);
    for (size_t p = 0; rc == VALUE_OK && p < n_pairs(x); p++) {
        const node *from = key_at(x, p), *row = val_at(x, p);
        size_t old = push_key(w, from->text, from->len);
        rc = want(w, row, N_MAP);
        for (size_t q = 0; rc == VALUE_OK && q < n_pairs(row); q++) {
            const node *to = key_at(row, q), *cats = val_at(row, q);
            size_t o2 = push_key(w, to->text, to->len);
            rc = want(w, cats, N_MAP);
            for (size_t c = 0; rc == VALUE_OK && c < n_pairs(cats); c++) {
                const node *cat = key_at(cats, c), *v = val_at(cats, c);
                size_t o3 = push_key(w, cat->text, cat->len);
                const char *e;
                if ((rc = text_of(w, v, "an expression", &e)) == VALUE_OK &&
                    (rc = value_model_set_transition_value(w->m, strategy, cat->text, from->text, to->text, e)))
                    rc = within(w, v, rc);
                pop(w, o3);
            }
            pop(w, o2);
        }
        pop(w, old);
    }
    return rc;
}

/* start_values (category: expr) and initial (state: expr). */
static int singles(walk *w, const char *strategy, const node *x, bool initial)
{
    int rc = want(w, x, N_MAP);
    for (size_t p = 0; rc == VALUE_OK && p < n_pairs(x); p++) {
        const node *k = key_at(x, p), *v = val_at(x, p);
        size_t old = push_key(w, k->text, k->len);
        const char *e;
        if ((rc = text_of(w, v, "an expression", &e)) == VALUE_OK) {
            rc = initial ? value_model_set_initial(w->m, strategy, k->text, e)
                         : value_model_set_start_value(w->m, strategy, k->text, e);
            if (rc != VALUE_OK)
                rc = within(w, v, rc);
        }
        pop(w, old);
    }
    return rc;
}

/* The sections a strategy may override, keyed as STRATEGY_KEYS[1..]. */
static int section(walk *w, const char *strategy, size_t key, const node *x)
{
    if (x == NULL)
        return VALUE_OK;
    size_t old = push(w, STRATEGY_KEYS[key]);
    int rc;
    switch (key) {
    case 1: rc = parameters(w, strategy, x); break;
    case 2: rc = pairs(w, strategy, x, P_TRANSITION); break;
    case 3: rc = pairs(w, strategy, x, P_STATE_VALUE); break;
    case 4: rc = transition_values(w, strategy, x); break;
    case 5: rc = singles(w, strategy, x, false); break;
    default: rc = singles(w, strategy, x, true); break;
    }
    pop(w, old);
    return rc;
}

static int strategy_overrides(walk *w, const node *x)
{
    int rc = VALUE_OK;
    for (size_t i = 0; rc == VALUE_OK && i < x->n_kid; i++) {
        const node *v[N_STRATEGY_KEYS];
        const char *name;
        size_t old = push_index(w, i);
        rc = strategy_name(w, x->kid[i], v, &name); /* read without fault in strategies() */
        pop(w, old);
        old = push(w, name); /* "strategies: comb: parameters: rr" */
        for (size_t k = 1; rc == VALUE_OK && k < N_STRATEGY_KEYS; k++)
            rc = section(w, name, k, v[k]);
        pop(w, old);
    }
    return rc;
}

/* ---- PSA and DSA ---------------------------------------------------------------------- */

/* The families of `dist`, with the arguments of each form (value.h's
 * table of value_sampler_dist); beta and lognormal have two forms. */
static const struct family {
    const char *name;
    int kind;
    const char *arg[4];
} FAMILIES[] = {
    {"fixed", VALUE_SAMPLER_FIXED, {"value"}},
    {"normal", VALUE_SAMPLER_NORMAL, {"mean", "sd"}},
    {"truncnormal", VALUE_SAMPLER_TRUNCNORMAL, {"mean", "sd", "lower", "upper"}},
    {"uniform", VALUE_SAMPLER_UNIFORM, {"min", "max"}},
    {"triangular", VALUE_SAMPLER_TRIANGULAR, {"min", "mode", "max"}},
    {"beta", VALUE_SAMPLER_BETA, {"shape1", "shape2"}},
    {"beta", VALUE_SAMPLER_BETA_MEANSD, {"mean", "sd"}},
    {"gamma", VALUE_SAMPLER_GAMMA_MEANSD, {"mean", "sd"}},
    {"lognormal", VALUE_SAMPLER_LOGNORMAL_MEANSD, {"mean", "sd"}},
    {"lognormal", VALUE_SAMPLER_LOGNORMAL_LOG, {"meanlog", "sdlog"}},
};
#define N_FAMILIES (sizeof FAMILIES / sizeof *FAMILIES)
/* The names of `dist` (the joint ones go under `multivariate`). */
static const char *const DIST_NAMES[] = {"fixed", "normal", "truncnormal", "uniform", "triangular",
                                         "beta",  "gamma",  "lognormal",   "mvnormal", "dirichlet"};

/* The value under key `key` of map x, or NULL. */
static const node *lookup_key(const node *x, const char *key)
{
    for (size_t p = 0; p < n_pairs(x); p++)
        if (strcmp(key_at(x, p)->text, key) == 0)
            return val_at(x, p);
    return NULL;
}

static int distribution(walk *w, const node *name, const node *x)
{
    int rc = want(w, x, N_MAP);
    if (rc != VALUE_OK)
        return rc;
    const node *dist = lookup_key(x, "dist");
    if (dist == NULL)
        return FAIL(w, x, "missing 'dist' (a distribution is {dist: family, its arguments})");
    size_t d, old = push(w, "dist");
    rc = choose(w, dist, "dist", DIST_NAMES, sizeof DIST_NAMES / sizeof *DIST_NAMES, &d);
    if (rc == VALUE_OK && d >= 8)
        rc = FAIL(w, dist, "%s is a joint distribution: it goes under 'multivariate'", DIST_NAMES[d]);
    pop(w, old);
    if (rc != VALUE_OK)
        return rc;
    /* the form whose first argument is given (else the first form) */
    size_t f = 0;
    while (strcmp(FAMILIES[f].name, DIST_NAMES[d]) != 0)
        f++;
    if (f + 1 < N_FAMILIES && strcmp(FAMILIES[f + 1].name, DIST_NAMES[d]) == 0 &&
        lookup_key(x, FAMILIES[f].arg[0]) == NULL && lookup_key(x, FAMILIES[f + 1].arg[0]) != NULL)
        f++;
    const char *keys[5] = {"dist"};
    size_t nk = 1;
    while (nk < 5 && FAMILIES[f].arg[nk - 1] != NULL)
        keys[nk] = FAMILIES[f].arg[nk - 1], nk++;
    const node *v[5];
    if ((rc = fields(w, x, keys, nk, v)) != VALUE_OK)
        return rc;
    double a[4] = {0, 0, 0, 0};
    for (size_t i = 1; i < nk && rc == VALUE_OK; i++) {
        if (v[i] == NULL) {
            char list[64] = "";
            for (size_t j = 1; j < nk; j++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j > 1 ? ", " : "", keys[j]);
            return FAIL(w, x, "missing '%s' (%s takes %s)", keys[i], DIST_NAMES[d], list);
        }
        old = push(w, keys[i]);
        rc = number(w, v[i], &a[i - 1]);
        pop(w, old);
    }
    if (rc == VALUE_OK &&
        (rc = value_model_set_distribution(w->m, name->text, FAMILIES[f].kind, a[0], a[1], a[2], a[3])) != VALUE_OK)
        rc = within(w, x, rc);
    return rc;
}

static int distributions(walk *w, const node *x)
{
    int rc = want(w, x, N_MAP);
    for (size_t p = 0; rc == VALUE_OK && p < n_pairs(x); p++) {
        size_t old = push_key(w, key_at(x, p)->text, key_at(x, p)->len);
        rc = distribution(w, key_at(x, p), val_at(x, p));
        pop(w, old);
    }
    return rc;
}

/* The numbers under key `key` (a list of k); *out freed by the caller. */
static int vector(walk *w, const char *key, const node *x, size_t k, double **out)
{
    size_t old = push(w, key), n = 0;
    int rc = numbers(w, x, out, &n);
    if (rc == VALUE_OK && n != k) {
        free(*out);
        *out = NULL;
        rc = FAIL(w, x, "%zu number%s for %zu parameters", n, n == 1 ? "" : "s", k);
    }
    pop(w, old);
    return rc;
}

/* A joint distribution: {dist: mvnormal, parameters, mean, cov} or {dist: dirichlet, parameters, alpha}. */
static int joint(walk *w, const node *x)
{
    static const char *const kinds[] = {"mvnormal", "dirichlet"};
    static const char *const mv_keys[] = {"dist", "parameters", "mean", "cov"};
    static const char *const di_keys[] = {"dist", "parameters", "alpha"};
    int rc = want(w, x, N_MAP);
    if (rc != VALUE_OK)
        return rc;
    const node *dist = lookup_key(x, "dist");
    if (dist == NULL)
        return FAIL(w, x, "missing 'dist' (mvnormal or dirichlet)");
    size_t d = 0, old = push(w, "dist");
    rc = choose(w, dist, "joint dist", kinds, 2, &d);
    pop(w, old);
    const node *v[4];
    size_t nk = d == 0 ? 4 : 3;
    if (rc != VALUE_OK || (rc = fields(w, x, d == 0 ? mv_keys : di_keys, nk, v)) != VALUE_OK)
        return rc;
    for (size_t i = 1; i < nk; i++)
        if (v[i] == NULL)
            return FAIL(w, x, "missing '%s' (%s takes %s)", (d == 0 ? mv_keys : di_keys)[i], kinds[d],
                        d == 0 ? "parameters, mean, cov" : "parameters, alpha");
    const char **names = NULL;
    double *vec = NULL, *cov = NULL;
    size_t k = 0;
    old = push(w, "parameters");
    rc = names_of(w, v[1], &names, &k);
    pop(w, old);
    if (rc == VALUE_OK)
        rc = vector(w, d == 0 ? "mean" : "alpha", v[2], k, &vec);
    if (rc == VALUE_OK && d == 0) {
        old = push(w, "cov");
        size_t n = 0;
        /* rows of k numbers, or one flat row-major list */
        rc = table_values(w, v[3], k, &cov, &n);
        if (rc == VALUE_OK && n != value__mul_size(k, k))
            rc = FAIL(w, v[3], "%zu numbers for a %zu x %zu matrix (one row per parameter)", n, k, k);
        pop(w, old);
    }
    if (rc == VALUE_OK) {
        rc = d == 0 ? value_model_set_mvnormal(w->m, names, vec, cov, k) : value_model_set_dirichlet(w->m, names, vec, k);
        if (rc != VALUE_OK)
            rc = within(w, x, rc);
    }
    free(names);
    free(vec);
    free(cov);
    return rc;
}

static int multivariate(walk *w, const node *x)
{
    int rc = want(w, x, N_SEQ);
    for (size_t i = 0; rc == VALUE_OK && i < x->n_kid; i++) {
        size_t old = push_index(w, i);
        rc = joint(w, x->kid[i]);
        pop(w, old);
    }
    return rc;
}

static int correlations(walk *w, const node *x)
{
    int rc = want(w, x, N_SEQ);
    for (size_t i = 0; rc == VALUE_OK && i < x->n_kid; i++) {
        const node *c = x->kid[i];
        size_t old = push_index(w, i);
        const char *a = NULL, *b = NULL;
        double rho = 0;
        if ((rc = want(w, c, N_SEQ)) == VALUE_OK && c->n_kid != 3)
            rc = FAIL(w, c, "expected [a, b, rho], got %zu item%s", c->n_kid, c->n_kid == 1 ? "" : "s");
        if (rc == VALUE_OK)
            rc = text_of(w, c->kid[0], "a parameter", &a);
        if (rc == VALUE_OK)
            rc = text_of(w, c->kid[1], "a parameter", &b);
        if (rc == VALUE_OK)
            rc = number(w, c->kid[2], &rho);
        if (rc == VALUE_OK && (rc = value_model_set_correlation(w->m, a, b, rho)) != VALUE_OK)
            rc = within(w, c, rc);
        pop(w, old);
    }
    return rc;
}

static int ranges(walk *w, const node *x)
{
    int rc = want(w, x, N_MAP);
    for (size_t p = 0; rc == VALUE_OK && p < n_pairs(x); p++) {
        const node *k = key_at(x, p), *v = val_at(x, p);
        size_t old = push_key(w, k->text, k->len), n = 0;
        double *lh = NULL;
        if ((rc = numbers(w, v, &lh, &n)) == VALUE_OK && n != 2)
            rc = FAIL(w, v, "expected [low, high], got %zu number%s", n, n == 1 ? "" : "s");
        if (rc == VALUE_OK && (rc = value_model_set_range(w->m, k->text, lh[0], lh[1])) != VALUE_OK)
            rc = within(w, v, rc);
        free(lh);
        pop(w, old);
    }
    return rc;
}

/* scenarios: name: {parameters: {name: expr}, weight: w}. */
static int scenarios(walk *w, const node *x)
{
    static const char *const keys[] = {"parameters", "weight"};
    int rc = want(w, x, N_MAP);
    for (size_t p = 0; rc == VALUE_OK && p < n_pairs(x); p++) {
        const node *name = key_at(x, p), *s = val_at(x, p), *v[2];
        size_t old = push_key(w, name->text, name->len);
        if ((rc = fields(w, s, keys, 2, v)) == VALUE_OK &&
            (v[0] == NULL || (v[0]->kind == N_MAP && n_pairs(v[0]) == 0)))
            rc = FAIL(w, s, "a scenario sets at least one parameter ({parameters: {name: value}})");
        if (rc == VALUE_OK) {
            size_t o2 = push(w, "parameters");
            rc = want(w, v[0], N_MAP);
            for (size_t q = 0; rc == VALUE_OK && q < n_pairs(v[0]); q++) {
                const node *k = key_at(v[0], q), *e = val_at(v[0], q);
                size_t o3 = push_key(w, k->text, k->len);
                const char *text;
                if ((rc = text_of(w, e, "an expression", &text)) == VALUE_OK &&
                    (rc = value_model_set_scenario(w->m, name->text, k->text, text)) != VALUE_OK)
                    rc = within(w, e, rc);
                pop(w, o3);
            }
            pop(w, o2);
        }
        if (rc == VALUE_OK && v[1] != NULL) {
            size_t o2 = push(w, "weight");
            double wt;
            if ((rc = number(w, v[1], &wt)) == VALUE_OK &&
                (rc = value_model_set_weight(w->m, name->text, wt)) != VALUE_OK)
                rc = within(w, v[1], rc);
            pop(w, o2);
        }
        pop(w, old);
    }
    return rc;
}

/* ---- the whole file ------------------------------------------------------------------ */

static const char *const TOP_KEYS[] = {
    "libvalue_model", "name",        "cycles",        "cycle_length", "method",       "discount",
    "start_age",      "tunnel_limit", "row_tolerance", "states",       "strategies",   "categories",
    "tables",         "parameters",  "transitions",   "values",       "transition_values", "start_values",
    "initial",        "distributions", "multivariate", "correlations", "ranges",       "scenarios"};
enum {
    T_VERSION, T_NAME, T_CYCLES, T_CYCLE_LENGTH, T_METHOD, T_DISCOUNT, T_START_AGE, T_TUNNEL_LIMIT,
    T_ROW_TOLERANCE, T_STATES, T_STRATEGIES, T_CATEGORIES, T_TABLES, T_PARAMETERS, T_TRANSITIONS, T_VALUES,
    T_TRANSITION_VALUES, T_START_VALUES, T_INITIAL, T_DISTRIBUTIONS, T_MULTIVARIATE, T_CORRELATIONS, T_RANGES,
    T_SCENARIOS, N_TOP
};

/* `libvalue_model: 1`, before anything else is read. */
static int version(walk *w, const node *root)
{
    const node *v = lookup_key(root, "libvalue_model");
    if (v == NULL)
        return FAIL(w, root, "missing 'libvalue_model: 1' (the format's version): is this a model file?");
    size_t old = push(w, "libvalue_model");
    double ver;
    int rc = number(w, v, &ver);
    if (rc == VALUE_OK && ver != 1) {
        char c[32];
        value__format_shortest(ver, c, sizeof c);
        rc = FAIL(w, v, "version %s is not supported; this libvalue reads version 1", c);
    }
    pop(w, old);
    return rc;
}

/* Calls fn(w, x) under key `key` when x is given. */
static int under(walk *w, const char *key, const node *x, int (*fn)(walk *, const node *))
{
    if (x == NULL)
        return VALUE_OK;
    size_t old = push(w, key);
    int rc = fn(w, x);
    pop(w, old);
    return rc;
}

static int build(walk *w, const node *root)
{
    const node *v[N_TOP];
    int rc;
    if ((rc = want(w, root, N_MAP)) != VALUE_OK || (rc = version(w, root)) != VALUE_OK ||
        (rc = fields(w, root, TOP_KEYS, N_TOP, v)) != VALUE_OK)
        return rc;
    if (v[T_NAME] != NULL) { /* free text for the reader; the model keeps no name */
        size_t old = push(w, "name");
        rc = want(w, v[T_NAME], N_SCALAR);
        pop(w, old);
        if (rc != VALUE_OK)
            return rc;
    }
    if (v[T_METHOD] != NULL) {
        size_t old = push(w, "method"), k;
        if ((rc = choose(w, v[T_METHOD], "method", METHODS, 5, &k)) == VALUE_OK &&
            (rc = value_model_set(w->m, VALUE_MODEL_METHOD, METHOD_VALUES[k])) != VALUE_OK)
            rc = within(w, v[T_METHOD], rc);
        pop(w, old);
        if (rc != VALUE_OK)
            return rc;
    }
    if ((rc = option(w, "cycles", v[T_CYCLES], VALUE_MODEL_CYCLES)) ||
        (rc = option(w, "cycle_length", v[T_CYCLE_LENGTH], VALUE_MODEL_CYCLE_LENGTH)) ||
        (rc = option(w, "start_age", v[T_START_AGE], VALUE_MODEL_START_AGE)) ||
        (rc = option(w, "tunnel_limit", v[T_TUNNEL_LIMIT], VALUE_MODEL_TUNNEL_LIMIT)) ||
        (rc = option(w, "row_tolerance", v[T_ROW_TOLERANCE], VALUE_MODEL_ROW_TOLERANCE)) ||
        (rc = under(w, "discount", v[T_DISCOUNT], discount)) || (rc = under(w, "states", v[T_STATES], states)) ||
        (rc = under(w, "strategies", v[T_STRATEGIES], strategies)) ||
        (rc = under(w, "categories", v[T_CATEGORIES], categories)) ||
        (rc = under(w, "tables", v[T_TABLES], tables)))
        return rc;
    /* the sections a strategy may override, for all strategies */
    static const int shared[] = {T_PARAMETERS, T_TRANSITIONS, T_VALUES, T_TRANSITION_VALUES, T_START_VALUES,
                                 T_INITIAL};
    for (size_t k = 1; k < N_STRATEGY_KEYS; k++)
        if ((rc = section(w, NULL, k, v[shared[k - 1]])) != VALUE_OK)
            return rc;
    if ((rc = under(w, "distributions", v[T_DISTRIBUTIONS], distributions)) ||
        (rc = under(w, "multivariate", v[T_MULTIVARIATE], multivariate)) ||
        (rc = under(w, "correlations", v[T_CORRELATIONS], correlations)) ||
        (rc = under(w, "ranges", v[T_RANGES], ranges)) ||
        (rc = under(w, "strategies", v[T_STRATEGIES], strategy_overrides)) ||
        (rc = under(w, "scenarios", v[T_SCENARIOS], scenarios)))
        return rc;
    return VALUE_OK;
}

int value_model_parse(const char *text, size_t len, value_model **out)
{
    int rc;
    if ((rc = value__check_ptr(text, "text")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (len > MAX_TEXT)
        return value__fail(VALUE_EINVAL, "len is %zu, more than the %zu bytes (16 MiB) a model may have", len,
                           MAX_TEXT);
    node *root = NULL;
    if ((rc = read_tree(text, len, &root)) != VALUE_OK)
        return rc;
    walk w = {0};
    if ((rc = value_model_new(&w.m)) == VALUE_OK) {
        rc = build(&w, root);
        if (rc == VALUE_OK)
            *out = w.m;
        else
            value_model_free(w.m); /* nothing half-built is returned */
    }
    node_free(root);
    return rc;
}

/* ---- files ------------------------------------------------------------------------------ */

int value_model_load(const char *path, value_model **out)
{
    int rc;
    if ((rc = value__check_ptr(path, "path")) || (rc = value__check_ptr(out, "out")))
        return rc;
    char *text = NULL;
    size_t len = 0;
    if ((rc = value__read_file(path, MAX_TEXT, "a model file", "value_model_load", &text, &len)) != VALUE_OK)
        return rc;
    rc = value_model_parse(text, len, out);
    free(text);
    return rc;
}
