/*
 * The model module's expressions (model_expr.h): a recursive-descent
 * parser into a postfix syntax tree, a compiler into one shared program
 * (hash-consed, constants folded), and the lane evaluator.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Determinism.  A node is one kernel applied lane by lane; a lane sees
 * the same IEEE operations whatever n is, whether gcc vectorized the loop
 * (SSE2 add/mul/div/compare round as their scalar forms) or not, and
 * libm is called one lane at a time.  Fused multiply-add would change the
 * last bit (lerp's v0 + w * (v1 - v0)), so contraction is off in this
 * file whatever the build's flags (gcc's -std=c11 already implies it).
 * Folding a constant subtree runs the same kernel on one lane, so a
 * folded value is bitwise the value evaluation would give.
 */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__) && !defined(__STRICT_ANSI__)
#pragma GCC optimize("fp-contract=off")
#endif

#include "evaluation/model_expr.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TEXT 65536
#define MAX_DEPTH 256
#define NONE UINT32_MAX

/* ---- operations ------------------------------------------------------------ */

enum {
    /* leaves */
    OP_CONST, /* program: a constant (k) */
    OP_INPUT, /* program: set by value__prog_set_input() */
    OP_NUM,   /* syntax tree: a number (num) */
    OP_NAME,  /* syntax tree: names[idx] */
    /* one operand */
    OP_NEG, OP_NOT, OP_EXP, OP_LOG, OP_SQRT, OP_ABS, OP_FLOOR, OP_O2P, OP_P2O,
    /* two */
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_POW, OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE,
    OP_AND, OP_OR, OP_MIN, OP_MAX, OP_LOGB, OP_R2P, OP_P2R,
    /* three */
    OP_IF, OP_RESCALE,
    /* a table and one or two keys */
    OP_LOOKUP1, OP_LOOKUP2
};

static int op_arity(int op)
{
    if (op <= OP_NAME)
        return 0;
    if (op <= OP_P2O || op == OP_LOOKUP1)
        return 1;
    if (op <= OP_P2R || op == OP_LOOKUP2)
        return 2;
    return 3;
}

/* The functions of expressions (value.h, group model).  Default arguments
 * are filled in by the parser (rate_to_prob(r) is rate_to_prob(r, 1)). */
enum { F_IF, F_MIN, F_MAX, F_EXP, F_LOG, F_SQRT, F_ABS, F_FLOOR, F_POW, F_R2P, F_P2R, F_RESCALE, F_O2P, F_P2O, F_LOOKUP };
static const struct func {
    const char *name;
    unsigned char min, max; /* arguments; max 0: any number */
    unsigned char id;
} FUNCS[] = {
    {"if", 3, 3, F_IF},          {"ifelse", 3, 3, F_IF},         {"min", 2, 0, F_MIN},
    {"max", 2, 0, F_MAX},        {"exp", 1, 1, F_EXP},           {"log", 1, 2, F_LOG},
    {"sqrt", 1, 1, F_SQRT},      {"abs", 1, 1, F_ABS},           {"floor", 1, 1, F_FLOOR},
    {"pow", 2, 2, F_POW},        {"rate_to_prob", 1, 2, F_R2P},  {"prob_to_rate", 1, 2, F_P2R},
    {"rescale_prob", 2, 3, F_RESCALE}, {"odds_to_prob", 1, 1, F_O2P}, {"prob_to_odds", 1, 1, F_P2O},
    {"lookup", 2, 3, F_LOOKUP},
};
#define N_FUNCS (sizeof FUNCS / sizeof *FUNCS)

static const char *func_name_at(const void *ctx, size_t k)
{
    (void)ctx;
    return FUNCS[k].name;
}

/* ---- the scalar kernels ------------------------------------------------------
 * Written as selects (no early returns) so that gcc if-converts and
 * vectorizes the cheap ones.  A NaN operand gives NaN (R's NA), except
 * where the answer does not depend on it: 0 && NaN is 0, 1 || NaN is 1
 * (R's three-valued logic, so that a guard such as x > 0 && log(x) < 1 is
 * 0, not NaN, for x <= 0).  The probability helpers give NaN outside their
 * domain (a negative rate, a probability outside [0, 1], a time <= 0). */

static inline double k_neg(double x) { return -x; }
static inline double k_not(double x) { return x != x ? x : (x == 0 ? 1.0 : 0.0); }
static inline double k_exp(double x) { return exp(x); }
static inline double k_log(double x) { return log(x); }
static inline double k_sqrt(double x) { return sqrt(x); }
static inline double k_abs(double x) { return fabs(x); }
static inline double k_floor(double x) { return floor(x); }
/* o / (1 + o); +Inf odds are certainty */
static inline double k_o2p(double o) { return o < 0 ? NAN : (o == INFINITY ? 1.0 : o / (1 + o)); }
static inline double k_p2o(double p) { return (p < 0 || p > 1) ? NAN : p / (1 - p); }

static inline double k_add(double x, double y) { return x + y; }
static inline double k_sub(double x, double y) { return x - y; }
static inline double k_mul(double x, double y) { return x * y; }
static inline double k_div(double x, double y) { return x / y; }
static inline double k_pow(double x, double y) { return pow(x, y); }
#define CMP(name, expr) \
    static inline double name(double x, double y) { return (x != x || y != y) ? NAN : ((expr) ? 1.0 : 0.0); }
CMP(k_lt, x < y)
CMP(k_le, x <= y)
CMP(k_gt, x > y)
CMP(k_ge, x >= y)
CMP(k_eq, x == y)
CMP(k_ne, x != y)
#undef CMP
static inline double k_and(double x, double y)
{
    return (x == 0 || y == 0) ? 0.0 : ((x != x || y != y) ? NAN : 1.0);
}
static inline double k_or(double x, double y)
{
    return ((x != 0 && x == x) || (y != 0 && y == y)) ? 1.0 : ((x != x || y != y) ? NAN : 0.0);
}
/* NaN wins either way round */
static inline double k_min(double x, double y) { return (x < y || x != x) ? x : y; }
static inline double k_max(double x, double y) { return (x > y || x != x) ? x : y; }
/* R's log(x, base): log10 and log2 for those bases, so log(1000, 10) is 3 */
static inline double k_logb(double x, double b)
{
    return b == 10 ? log10(x) : (b == 2 ? log2(x) : log(x) / log(b));
}
/* The forms of value_prob_from_rate/_to_rate/_rescale (prob.c): -expm1 and
 * log1p keep small probabilities' digits; they agree bitwise. */
static inline double k_r2p(double r, double t) { return (r < 0 || t < 0) ? NAN : -expm1(-(r * t)); }
static inline double k_p2r(double p, double t) { return (p < 0 || p > 1 || !(t > 0)) ? NAN : -log1p(-p) / t; }
static inline double k_if(double c, double a, double b) { return c != c ? c : (c != 0 ? a : b); }
static inline double k_rescale(double p, double from, double to)
{
    if (!(p >= 0 && p <= 1) || !(from > 0) || !(to >= 0))
        return NAN;
    if (p == 0 || to == 0)
        return 0;
    if (p == 1)
        return 1;
    return -expm1((to / from) * log1p(-p));
}

/* ---- tables ------------------------------------------------------------------ */

/* Largest k with keys[k] <= x, for x >= keys[0]. */
static size_t key_index(const double *keys, size_t n, double x)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (keys[mid] <= x)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Where a row key falls: row k, and for a linear table the weight w of
 * row k + 1.  Returns false for a key the table does not take. */
typedef struct rowpos {
    size_t k;
    double w;
} rowpos;

static bool row_of(const value__table *t, double x, rowpos *out)
{
    if (x != x)
        return false;
    out->w = 0;
    if (t->lookup == VALUE_MODEL_LINEAR) {
        if (x <= t->row_keys[0]) {
            out->k = 0;
        } else if (x >= t->row_keys[t->n_rows - 1]) {
            out->k = t->n_rows - 1;
        } else {
            size_t k = key_index(t->row_keys, t->n_rows, x);
            out->k = k;
            out->w = (x - t->row_keys[k]) / (t->row_keys[k + 1] - t->row_keys[k]);
        }
        return true;
    }
    if (x < t->row_keys[0])
        return false;
    out->k = key_index(t->row_keys, t->n_rows, x);
    return true;
}

static bool col_of(const value__table *t, double y, size_t *out)
{
    if (t->n_cols == 1) {
        *out = 0;
        return true;
    }
    if (!(y >= t->col_keys[0]))
        return false;
    *out = key_index(t->col_keys, t->n_cols, y);
    return true;
}

static inline double table_value(const value__table *t, const rowpos *r, size_t col)
{
    const double *v = t->values + r->k * t->n_cols + col;
    if (r->w == 0)
        return v[0];
    double v0 = v[0], v1 = v[t->n_cols];
    return v0 + r->w * (v1 - v0);
}

/* A key a lookup refused, for eval's message. */
typedef struct lookup_fail {
    const value__table *t;
    int column; /* the column key, else the row key */
    double key;
} lookup_fail;

static int run_lookup(const value__table *t, double *restrict r, const double *restrict x, bool lx,
                      const double *restrict y, bool ly, size_t n, lookup_fail *f)
{
    rowpos row0 = {0, 0};
    size_t col0 = 0;
    /* a key that is the same for every lane is looked up once */
    if (!lx && !row_of(t, x[0], &row0))
        goto bad_row;
    if (!ly && !col_of(t, y == NULL ? 0 : y[0], &col0))
        goto bad_col;
    for (size_t i = 0; i < n; i++) {
        rowpos row = row0;
        size_t col = col0;
        if (lx && !row_of(t, x[i], &row)) {
            x += i;
            goto bad_row;
        }
        if (ly && !col_of(t, y[i], &col)) {
            y += i;
            goto bad_col;
        }
        r[i] = table_value(t, &row, col);
    }
    return VALUE_OK;
bad_row:
    f->t = t, f->column = 0, f->key = x[0];
    return VALUE_EDOM;
bad_col:
    f->t = t, f->column = 1, f->key = y[0];
    return VALUE_EDOM;
}

/* ---- one node over n lanes --------------------------------------------------- */

typedef struct pnode {
    unsigned char op, deps;
    uint32_t a, b, c; /* operands, NONE when unused */
    double k;         /* OP_CONST's value */
    const value__table *t;
} pnode;

/* Lane loops in blocks of four: gcc -O2's cost model ("very cheap")
 * vectorizes a loop only when no scalar remainder is needed, so the
 * block is the loop and the remainder a loop of its own. */
#define LANES(S)                                                \
    do {                                                        \
        size_t i_ = 0;                                          \
        for (; i_ + 4 <= n; i_ += 4)                            \
            for (size_t j_ = 0; j_ < 4; j_++) {                 \
                const size_t i = i_ + j_;                       \
                S;                                              \
            }                                                   \
        for (; i_ < n; i_++) {                                  \
            const size_t i = i_;                                \
            S;                                                  \
        }                                                       \
    } while (0)
#define UNARY(F)                  \
    LANES(r[i] = F(x[i]));        \
    break
/* Operands that do not depend on lanes are one value, read once. */
#define BINARY(F)                                  \
    if (lx && ly) {                                \
        LANES(r[i] = F(x[i], y[i]));               \
    } else if (lx) {                               \
        const double y0 = y[0];                    \
        LANES(r[i] = F(x[i], y0));                 \
    } else if (ly) {                               \
        const double x0 = x[0];                    \
        LANES(r[i] = F(x0, y[i]));                 \
    } else {                                       \
        r[0] = F(x[0], y[0]);                      \
    }                                              \
    break
#define TERNARY(F)                                                \
    for (size_t i = 0; i < n; i++)                                \
        r[i] = F(x[lx ? i : 0], y[ly ? i : 0], z[lz ? i : 0]);    \
    break

/* r[0..n) = the node's op on its operands (x, y, z: n values when lx, ly,
 * lz, else one).  n is 1 for a node that does not depend on lanes. */
static int run_node(const pnode *nd, double *restrict r, const double *restrict x, bool lx, const double *restrict y,
                    bool ly, const double *restrict z, bool lz, size_t n, lookup_fail *f)
{
    switch (nd->op) {
    case OP_NEG: UNARY(k_neg);
    case OP_NOT: UNARY(k_not);
    case OP_EXP: UNARY(k_exp);
    case OP_LOG: UNARY(k_log);
    case OP_SQRT: UNARY(k_sqrt);
    case OP_ABS: UNARY(k_abs);
    case OP_FLOOR: UNARY(k_floor);
    case OP_O2P: UNARY(k_o2p);
    case OP_P2O: UNARY(k_p2o);
    case OP_ADD: BINARY(k_add);
    case OP_SUB: BINARY(k_sub);
    case OP_MUL: BINARY(k_mul);
    case OP_DIV: BINARY(k_div);
    case OP_POW:
        /* pow(1, y) is 1 for every y, NaN too (C11 F.10.4.4): a uniform base
         * of 1 (the first cycle's model_time) skips the calls */
        if (!lx && x[0] == 1) {
            for (size_t i = 0; i < n; i++)
                r[i] = 1;
            break;
        }
        BINARY(k_pow);
    case OP_LT: BINARY(k_lt);
    case OP_LE: BINARY(k_le);
    case OP_GT: BINARY(k_gt);
    case OP_GE: BINARY(k_ge);
    case OP_EQ: BINARY(k_eq);
    case OP_NE: BINARY(k_ne);
    case OP_AND: BINARY(k_and);
    case OP_OR: BINARY(k_or);
    case OP_MIN: BINARY(k_min);
    case OP_MAX: BINARY(k_max);
    case OP_LOGB: BINARY(k_logb);
    case OP_R2P: BINARY(k_r2p);
    case OP_P2R: BINARY(k_p2r);
    case OP_IF: TERNARY(k_if);
    case OP_RESCALE: TERNARY(k_rescale);
    case OP_LOOKUP1: return run_lookup(nd->t, r, x, lx, NULL, false, n, f);
    case OP_LOOKUP2: return run_lookup(nd->t, r, x, lx, y, ly, n, f);
    default: break; /* leaves are not run */
    }
    return VALUE_OK;
}

/* ---- parsing ------------------------------------------------------------------ */

/* A syntax-tree node.  The tree is kept in postfix order (operands before
 * their user), so that compiling it is one loop and nothing recurses over
 * it however long a sum is. */
typedef struct enode {
    unsigned char op;
    uint32_t a, b, c;  /* operands, NONE when unused */
    uint32_t idx;      /* OP_NAME: names[idx]; OP_LOOKUP*: tables[idx] */
    uint32_t pos, len; /* the token in the text, for compile's messages */
    double num;
} enode;

struct value__expr {
    char *text;
    bool complement;
    enode *nodes;
    size_t n_nodes;
    char **names, **tables;
    size_t n_names, n_tables;
};

enum {
    T_END, T_NUM, T_NAME, T_LP, T_RP, T_COMMA, T_PLUS, T_MINUS, T_STAR, T_SLASH, T_CARET,
    T_LT, T_LE, T_GT, T_GE, T_EQ, T_NE, T_NOT, T_AND, T_OR
};

typedef struct parser {
    const char *s, *where;
    size_t len, at; /* the text and the scan position */
    int tok;        /* the current token: s[tpos .. tpos + tlen) */
    size_t tpos, tlen;
    double num;
    int depth;
    bool allow_c; /* "C" alone would have been the complement */
    value__expr *e;
    size_t cap_nodes, cap_names, cap_tables;
} parser;

/* s[0..n) for a message: printable ASCII as it is, other bytes as \xHH,
 * at most `max` bytes of s, "..." when cut. */
static void quote_text(const char *s, size_t n, size_t max, char *buf, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 8 < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (i == max) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        if (ch >= 0x20 && ch < 0x7f)
            buf[o++] = (char)ch;
        else
            o += (size_t)snprintf(buf + o, len - o, "\\x%02X", ch);
    }
    buf[o] = '\0';
}

/* The one form of a syntax error (model_expr.h): "<where>: <what> at
 * character <k> ('<token>') of \"<text>\"", or "... at end of ..." when
 * the text ended; k counts bytes from 1. */
static int syntax_error(const parser *P, size_t pos, size_t len, bool at_end, const char *fmt, ...) VALUE_PRINTF(5, 6);
static int syntax_error(const parser *P, size_t pos, size_t len, bool at_end, const char *fmt, ...)
{
    char what[200], tok[180], text[420];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    quote_text(P->s, P->len, 100, text, sizeof text);
    if (at_end)
        return value__fail(VALUE_EPARSE, "%s: %s at end of \"%s\"", P->where, what, text);
    quote_text(P->s + pos, len, 40, tok, sizeof tok);
    return value__fail(VALUE_EPARSE, "%s: %s at character %zu ('%s') of \"%s\"", P->where, what, pos + 1, tok, text);
}

static bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_name_char(char c) { return is_name_start(c) || is_digit(c) || c == '.'; }
static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Read the next token. */
static int next(parser *P)
{
    const char *s = P->s;
    size_t i = P->at;
    while (i < P->len && is_blank(s[i]))
        i++;
    P->tpos = i;
    P->tlen = 1;
    if (i == P->len) {
        P->tok = T_END;
        P->tlen = 0;
        P->at = i;
        return VALUE_OK;
    }
    char c = s[i], d = i + 1 < P->len ? s[i + 1] : '\0';
    if (is_digit(c) || (c == '.' && is_digit(d))) {
        /* the whole run of number-like characters, so that "1.2.3" and "2x"
         * are one bad number rather than a number and garbage */
        size_t j = i;
        while (j < P->len && (is_name_char(s[j]) ||
                              ((s[j] == '+' || s[j] == '-') && (s[j - 1] == 'e' || s[j - 1] == 'E'))))
            j++;
        P->tlen = j - i;
        P->at = j;
        int rc = value__parse_decimal(s + i, j - i, &P->num);
        if (rc == VALUE__NUM_NOT_FINITE)
            return syntax_error(P, i, j - i, false, "number out of range");
        if (rc != VALUE__NUM_OK)
            return syntax_error(P, i, j - i, false, "bad number");
        P->tok = T_NUM;
        return VALUE_OK;
    }
    if (is_name_start(c)) {
        size_t j = i;
        while (j < P->len && is_name_char(s[j]))
            j++;
        P->tlen = j - i;
        P->at = j;
        P->tok = T_NAME;
        return VALUE_OK;
    }
    static const struct {
        char text[3];
        int tok;
    } OPS[] = {{"<=", T_LE}, {">=", T_GE}, {"==", T_EQ}, {"!=", T_NE}, {"&&", T_AND}, {"||", T_OR},
               {"(", T_LP},  {")", T_RP},  {",", T_COMMA}, {"+", T_PLUS}, {"-", T_MINUS}, {"*", T_STAR},
               {"/", T_SLASH}, {"^", T_CARET}, {"<", T_LT}, {">", T_GT}, {"!", T_NOT}, {"&", T_AND}, {"|", T_OR}};
    for (size_t k = 0; k < sizeof OPS / sizeof *OPS; k++) {
        size_t n = OPS[k].text[1] ? 2 : 1;
        if (c == OPS[k].text[0] && (n == 1 || d == OPS[k].text[1])) {
            P->tok = OPS[k].tok;
            P->tlen = n;
            P->at = i + n;
            return VALUE_OK;
        }
    }
    char shown[16];
    quote_text(s + i, 1, 1, shown, sizeof shown);
    if (c == '=')
        return syntax_error(P, i, 1, false, "unexpected '=' (comparison is '==')");
    return syntax_error(P, i, 1, false, "unexpected '%s'", shown);
}

/* The current token, for "unexpected '...'" */
static int unexpected(const parser *P, const char *after)
{
    char shown[180];
    if (P->tok == T_END)
        return syntax_error(P, 0, 0, true, "expected %s", after);
    quote_text(P->s + P->tpos, P->tlen, 40, shown, sizeof shown);
    return syntax_error(P, P->tpos, P->tlen, false, "unexpected '%s'", shown);
}

static int no_memory(const char *where)
{
    return value__fail(VALUE_ENOMEM, "%s: out of memory parsing an expression", where);
}

static bool grow(void **arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap * 2 : 16;
    while (c < need)
        c *= 2;
    void *p = realloc(*arr, c * size);
    if (p == NULL)
        return false;
    *arr = p;
    *cap = c;
    return true;
}

static int emit(parser *P, int op, uint32_t a, uint32_t b, uint32_t c, size_t pos, size_t len, uint32_t *out)
{
    value__expr *e = P->e;
    void *arr = e->nodes;
    if (!grow(&arr, &P->cap_nodes, e->n_nodes + 1, sizeof *e->nodes))
        return no_memory(P->where);
    e->nodes = arr;
    enode *en = &e->nodes[e->n_nodes];
    memset(en, 0, sizeof *en);
    en->op = (unsigned char)op;
    en->a = a, en->b = b, en->c = c;
    en->idx = NONE;
    en->pos = (uint32_t)pos, en->len = (uint32_t)len;
    *out = (uint32_t)e->n_nodes++;
    return VALUE_OK;
}

/* The index of s[0..n) in the list, added if new. */
static int intern(const parser *P, char ***list, size_t *count, size_t *cap, const char *s, size_t n, uint32_t *out)
{
    for (size_t k = 0; k < *count; k++)
        if (strncmp((*list)[k], s, n) == 0 && (*list)[k][n] == '\0') {
            *out = (uint32_t)k;
            return VALUE_OK;
        }
    void *arr = *list;
    if (!grow(&arr, cap, *count + 1, sizeof **list))
        return no_memory(P->where);
    *list = arr;
    char *copy = malloc(n + 1);
    if (copy == NULL)
        return no_memory(P->where);
    memcpy(copy, s, n);
    copy[n] = '\0';
    (*list)[*count] = copy;
    *out = (uint32_t)(*count)++;
    return VALUE_OK;
}

static int enter(parser *P)
{
    if (++P->depth > MAX_DEPTH)
        return syntax_error(P, P->tpos, P->tlen, false, "nested over %d deep", MAX_DEPTH);
    return VALUE_OK;
}

/* Precedence levels of model_expr.h's grammar. */
enum { L_OR = 1, L_AND = 2, L_NOT = 3, L_CMP = 4, L_SUM = 5, L_TERM = 6 };

static int binary_op(int tok, int *level)
{
    switch (tok) {
    case T_OR: *level = L_OR; return OP_OR;
    case T_AND: *level = L_AND; return OP_AND;
    case T_LT: *level = L_CMP; return OP_LT;
    case T_LE: *level = L_CMP; return OP_LE;
    case T_GT: *level = L_CMP; return OP_GT;
    case T_GE: *level = L_CMP; return OP_GE;
    case T_EQ: *level = L_CMP; return OP_EQ;
    case T_NE: *level = L_CMP; return OP_NE;
    case T_PLUS: *level = L_SUM; return OP_ADD;
    case T_MINUS: *level = L_SUM; return OP_SUB;
    case T_STAR: *level = L_TERM; return OP_MUL;
    case T_SLASH: *level = L_TERM; return OP_DIV;
    default: *level = 0; return -1;
    }
}

static int parse_level(parser *P, int min_level, uint32_t *out);
static int parse_unary(parser *P, uint32_t *out);

static int parse_call(parser *P, uint32_t *out)
{
    size_t fpos = P->tpos, flen = P->tlen;
    const struct func *fn = NULL;
    for (size_t k = 0; k < N_FUNCS && fn == NULL; k++)
        if (strlen(FUNCS[k].name) == flen && memcmp(FUNCS[k].name, P->s + fpos, flen) == 0)
            fn = &FUNCS[k];
    if (fn == NULL) {
        char name[64], hint[200];
        snprintf(name, sizeof name, "%.*s", (int)(flen < 40 ? flen : 40), P->s + fpos);
        value__name_hint(hint, sizeof hint, name, N_FUNCS, func_name_at, NULL);
        return syntax_error(P, fpos, flen, false, "unknown function '%s'%s", name, hint);
    }
    int rc;
    if ((rc = next(P)) || (rc = enter(P)) || (rc = next(P))) /* the name, then '(' */
        return rc;
    uint32_t arg[3] = {NONE, NONE, NONE}, table = NONE;
    size_t got = 0;
    if (P->tok == T_RP) {
        if ((rc = next(P)))
            return rc;
    } else {
        for (;;) {
            if (fn->id == F_LOOKUP && got == 0) {
                /* the table's name, not a value */
                size_t npos = P->tpos, nlen = P->tlen;
                if (P->tok != T_NAME)
                    return P->tok == T_END ? unexpected(P, "a table's name")
                                           : syntax_error(P, npos, nlen, false, "lookup's first argument is a table's name");
                if ((rc = next(P)))
                    return rc;
                if (P->tok != T_COMMA && P->tok != T_RP && P->tok != T_END)
                    return syntax_error(P, npos, nlen, false, "lookup's first argument is a table's name");
                value__expr *e = P->e;
                if ((rc = intern(P, &e->tables, &e->n_tables, &P->cap_tables, P->s + npos, nlen, &table)))
                    return rc;
            } else {
                uint32_t v;
                if ((rc = parse_level(P, L_OR, &v)))
                    return rc;
                size_t slot = fn->id == F_LOOKUP ? got - 1 : got;
                if ((fn->id == F_MIN || fn->id == F_MAX) && got >= 1) {
                    /* min(a, b, c) is min(min(a, b), c) */
                    if ((rc = emit(P, fn->id == F_MIN ? OP_MIN : OP_MAX, arg[0], v, NONE, fpos, flen, &arg[0])))
                        return rc;
                } else if (slot < 3) {
                    arg[slot] = v;
                }
            }
            got++;
            if (P->tok == T_COMMA) {
                if ((rc = next(P)))
                    return rc;
                continue;
            }
            if (P->tok == T_RP) {
                if ((rc = next(P)))
                    return rc;
                break;
            }
            if (P->tok == T_END)
                return unexpected(P, "')'");
            char shown[180];
            quote_text(P->s + P->tpos, P->tlen, 40, shown, sizeof shown);
            return syntax_error(P, P->tpos, P->tlen, false, "expected ',' or ')', not '%s'", shown);
        }
    }
    P->depth--;
    if (got < fn->min || (fn->max != 0 && got > fn->max)) {
        char name[24];
        snprintf(name, sizeof name, "%s", fn->name);
        if (fn->id == F_LOOKUP)
            return syntax_error(P, fpos, flen, false, "lookup takes a table and 1 or 2 keys, got %zu argument%s", got,
                                got == 1 ? "" : "s");
        if (fn->max == 0)
            return syntax_error(P, fpos, flen, false, "%s takes %d or more arguments, got %zu", name, fn->min, got);
        if (fn->min == fn->max)
            return syntax_error(P, fpos, flen, false, "%s takes %d argument%s, got %zu", name, fn->min,
                                fn->min == 1 ? "" : "s", got);
        return syntax_error(P, fpos, flen, false, "%s takes %d or %d arguments, got %zu", name, fn->min, fn->max, got);
    }
    /* default arguments: t = 1, to = 1 */
    size_t dflt = (fn->id == F_R2P || fn->id == F_P2R) && got == 1 ? 1 : (fn->id == F_RESCALE && got == 2 ? 2 : 0);
    if (dflt != 0) {
        if ((rc = emit(P, OP_NUM, NONE, NONE, NONE, fpos, flen, &arg[dflt])))
            return rc;
        P->e->nodes[arg[dflt]].num = 1;
    }
    int op;
    switch (fn->id) {
    case F_IF: op = OP_IF; break;
    case F_MIN:
    case F_MAX: *out = arg[0]; return VALUE_OK;
    case F_EXP: op = OP_EXP; break;
    case F_LOG: op = got == 2 ? OP_LOGB : OP_LOG; break;
    case F_SQRT: op = OP_SQRT; break;
    case F_ABS: op = OP_ABS; break;
    case F_FLOOR: op = OP_FLOOR; break;
    case F_POW: op = OP_POW; break;
    case F_R2P: op = OP_R2P; break;
    case F_P2R: op = OP_P2R; break;
    case F_RESCALE: op = OP_RESCALE; break;
    case F_O2P: op = OP_O2P; break;
    case F_P2O: op = OP_P2O; break;
    default: op = got == 3 ? OP_LOOKUP2 : OP_LOOKUP1; break;
    }
    if ((rc = emit(P, op, arg[0], arg[1], arg[2], fpos, flen, out)))
        return rc;
    if (table != NONE)
        P->e->nodes[*out].idx = table;
    return VALUE_OK;
}

static int parse_atom(parser *P, uint32_t *out)
{
    int rc;
    if (P->tok == T_NUM) {
        if ((rc = emit(P, OP_NUM, NONE, NONE, NONE, P->tpos, P->tlen, out)))
            return rc;
        P->e->nodes[*out].num = P->num;
        return next(P);
    }
    if (P->tok == T_NAME) {
        size_t j = P->at;
        while (j < P->len && is_blank(P->s[j]))
            j++;
        if (j < P->len && P->s[j] == '(')
            return parse_call(P, out);
        if (P->tlen == 1 && P->s[P->tpos] == 'C')
            return syntax_error(P, P->tpos, 1, false, "C (the complement) stands alone%s",
                                P->allow_c ? "" : ", as a transition's whole expression");
        value__expr *e = P->e;
        uint32_t name;
        if ((rc = intern(P, &e->names, &e->n_names, &P->cap_names, P->s + P->tpos, P->tlen, &name)) ||
            (rc = emit(P, OP_NAME, NONE, NONE, NONE, P->tpos, P->tlen, out)))
            return rc;
        e->nodes[*out].idx = name;
        return next(P);
    }
    if (P->tok == T_LP) {
        if ((rc = enter(P)) || (rc = next(P)) || (rc = parse_level(P, L_OR, out)))
            return rc;
        if (P->tok != T_RP) {
            if (P->tok == T_END)
                return unexpected(P, "')'");
            char shown[180];
            quote_text(P->s + P->tpos, P->tlen, 40, shown, sizeof shown);
            return syntax_error(P, P->tpos, P->tlen, false, "expected ')', not '%s'", shown);
        }
        P->depth--;
        return next(P);
    }
    return unexpected(P, "a value");
}

/* unary := "-" unary | "+" unary | power;  power := atom ("^" unary)? */
static int parse_unary(parser *P, uint32_t *out)
{
    int rc;
    if (P->tok == T_MINUS || P->tok == T_PLUS) {
        size_t pos = P->tpos;
        bool minus = P->tok == T_MINUS;
        uint32_t v;
        if ((rc = enter(P)) || (rc = next(P)) || (rc = parse_unary(P, &v)))
            return rc;
        P->depth--;
        if (!minus) {
            *out = v;
            return VALUE_OK;
        }
        return emit(P, OP_NEG, v, NONE, NONE, pos, 1, out);
    }
    uint32_t base;
    if ((rc = parse_atom(P, &base)))
        return rc;
    if (P->tok != T_CARET) {
        *out = base;
        return VALUE_OK;
    }
    size_t pos = P->tpos;
    uint32_t power;
    if ((rc = enter(P)) || (rc = next(P)) || (rc = parse_unary(P, &power)))
        return rc;
    P->depth--;
    return emit(P, OP_POW, base, power, NONE, pos, 1, out);
}

/* Binary operators by precedence climbing over the grammar's levels: or,
 * and, not (prefix '!', whose operand is a not or a comparison), cmp (not
 * chained), sum, term (left-associative). */
static int parse_level(parser *P, int min_level, uint32_t *out)
{
    int rc, level;
    uint32_t lhs;
    if (P->tok == T_NOT && min_level <= L_NOT) {
        size_t pos = P->tpos;
        uint32_t v;
        if ((rc = enter(P)) || (rc = next(P)) || (rc = parse_level(P, L_NOT, &v)))
            return rc;
        P->depth--;
        if ((rc = emit(P, OP_NOT, v, NONE, NONE, pos, 1, &lhs)))
            return rc;
    } else if ((rc = parse_unary(P, &lhs))) {
        return rc;
    }
    int op;
    while ((op = binary_op(P->tok, &level)) >= 0 && level >= min_level) {
        size_t pos = P->tpos, len = P->tlen;
        uint32_t rhs;
        if ((rc = next(P)) || (rc = parse_level(P, level == L_CMP ? L_SUM : level + 1, &rhs)) ||
            (rc = emit(P, op, lhs, rhs, NONE, pos, len, &lhs)))
            return rc;
        if (level == L_CMP && binary_op(P->tok, &level) >= 0 && level == L_CMP)
            return syntax_error(P, P->tpos, P->tlen, false, "comparisons do not chain (write a < b && b < c)");
    }
    *out = lhs;
    return VALUE_OK;
}

void value__expr_free(value__expr *e)
{
    if (e == NULL)
        return;
    for (size_t k = 0; k < e->n_names; k++)
        free(e->names[k]);
    for (size_t k = 0; k < e->n_tables; k++)
        free(e->tables[k]);
    free(e->names);
    free(e->tables);
    free(e->nodes);
    free(e->text);
    free(e);
}

int value__expr_parse(const char *text, const char *where, bool allow_complement, value__expr **out)
{
    int rc;
    if ((rc = value__check_ptr(text, "text")) || (rc = value__check_ptr(where, "where")) ||
        (rc = value__check_ptr(out, "out")))
        return rc;
    size_t len = 0; /* strnlen is not C11 */
    while (len <= MAX_TEXT && text[len] != '\0')
        len++;
    if (len > MAX_TEXT)
        return value__fail(VALUE_EPARSE, "%s: the expression is over %d bytes long", where, MAX_TEXT);
    size_t b = 0, end = len;
    while (b < len && is_blank(text[b]))
        b++;
    while (end > b && is_blank(text[end - 1]))
        end--;
    if (b == end)
        return value__fail(VALUE_EPARSE, "%s: empty expression", where);
    value__expr *e = calloc(1, sizeof *e);
    if (e == NULL)
        return no_memory(where);
    e->text = malloc(len + 1);
    if (e->text == NULL) {
        free(e);
        return no_memory(where);
    }
    memcpy(e->text, text, len + 1);
    if (allow_complement && end - b == 1 && text[b] == 'C') {
        e->complement = true;
        *out = e;
        return VALUE_OK;
    }
    parser P = {.s = e->text, .where = where, .len = len, .allow_c = allow_complement, .e = e};
    uint32_t root;
    if ((rc = next(&P)) || (rc = parse_level(&P, L_OR, &root)))
        goto fail;
    if (P.tok != T_END) {
        char shown[180];
        quote_text(P.s + P.tpos, P.tlen, 40, shown, sizeof shown);
        rc = P.tok == T_RP ? syntax_error(&P, P.tpos, P.tlen, false, "unmatched ')'")
                           : syntax_error(&P, P.tpos, P.tlen, false, "unexpected '%s' after a complete expression", shown);
        goto fail;
    }
    *out = e;
    return VALUE_OK;
fail:
    value__expr_free(e);
    return rc;
}

bool value__expr_is_complement(const value__expr *e)
{
    return e != NULL && e->complement;
}

const char *value__expr_text(const value__expr *e)
{
    return e == NULL ? NULL : e->text;
}

size_t value__expr_n_names(const value__expr *e)
{
    return e == NULL ? 0 : e->n_names;
}

const char *value__expr_name(const value__expr *e, size_t i)
{
    return e == NULL || i >= e->n_names ? NULL : e->names[i];
}

size_t value__expr_n_tables(const value__expr *e)
{
    return e == NULL ? 0 : e->n_tables;
}

const char *value__expr_table(const value__expr *e, size_t i)
{
    return e == NULL || i >= e->n_tables ? NULL : e->tables[i];
}

/* ---- programs ------------------------------------------------------------------ */

struct value__prog {
    pnode *nodes;
    size_t n, cap;
    uint32_t *hash; /* open addressing: node index + 1, 0 empty */
    size_t hcap, hused;
};

/* Nodes are limited so that an index fits a uint32_t beside NONE. */
#define MAX_NODES ((size_t)1 << 30)

value__prog *value__prog_new(void)
{
    value__prog *p = calloc(1, sizeof *p);
    if (p == NULL)
        value__fail(VALUE_ENOMEM, "out of memory creating an expression program");
    return p;
}

void value__prog_free(value__prog *p)
{
    if (p == NULL)
        return;
    free(p->nodes);
    free(p->hash);
    free(p);
}

static uint64_t node_hash(const pnode *nd)
{
    uint64_t kb;
    memcpy(&kb, &nd->k, sizeof kb);
    uint64_t h = nd->op;
    const uint64_t parts[5] = {nd->a, nd->b, nd->c, kb, (uint64_t)(uintptr_t)nd->t};
    for (int i = 0; i < 5; i++) {
        h ^= parts[i] + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2);
        h *= 0xff51afd7ed558ccdu;
    }
    return h ^ (h >> 33);
}

/* Same op, same operands, same constant bits, same table. */
static bool node_same(const pnode *x, const pnode *y)
{
    return x->op == y->op && x->a == y->a && x->b == y->b && x->c == y->c && x->t == y->t &&
           memcmp(&x->k, &y->k, sizeof x->k) == 0;
}

static int prog_no_memory(void)
{
    return value__fail(VALUE_ENOMEM, "out of memory compiling an expression");
}

/* Room for one more node and its hash entry; nothing changes on failure
 * but capacity. */
static int reserve(value__prog *p)
{
    if (p->n >= MAX_NODES)
        return value__fail(VALUE_ENOMEM, "out of memory compiling an expression (over %zu nodes)", MAX_NODES);
    void *arr = p->nodes;
    if (!grow(&arr, &p->cap, p->n + 1, sizeof *p->nodes))
        return prog_no_memory();
    p->nodes = arr;
    if ((p->hused + 1) * 2 > p->hcap) {
        size_t cap = p->hcap ? p->hcap * 2 : 64;
        uint32_t *h = calloc(cap, sizeof *h);
        if (h == NULL)
            return prog_no_memory();
        for (size_t k = 0; k < p->hcap; k++)
            if (p->hash[k] != 0) {
                size_t slot = (size_t)node_hash(&p->nodes[p->hash[k] - 1]) & (cap - 1);
                while (h[slot] != 0)
                    slot = (slot + 1) & (cap - 1);
                h[slot] = p->hash[k];
            }
        free(p->hash);
        p->hash = h;
        p->hcap = cap;
    }
    return VALUE_OK;
}

/* The node equal to *nd, added if new (inputs are never shared). */
static int add_node(value__prog *p, const pnode *nd, size_t *out)
{
    int rc = reserve(p);
    if (rc)
        return rc;
    size_t slot = 0;
    if (nd->op != OP_INPUT) {
        slot = (size_t)node_hash(nd) & (p->hcap - 1);
        for (; p->hash[slot] != 0; slot = (slot + 1) & (p->hcap - 1))
            if (node_same(&p->nodes[p->hash[slot] - 1], nd)) {
                *out = p->hash[slot] - 1;
                return VALUE_OK;
            }
        p->hash[slot] = (uint32_t)p->n + 1;
        p->hused++;
    }
    p->nodes[p->n] = *nd;
    *out = p->n++;
    return VALUE_OK;
}

int value__prog_input(value__prog *p, unsigned deps, size_t *out_node)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")) || (rc = value__check_ptr(out_node, "out_node")))
        return rc;
    if (deps & ~(unsigned)(VALUE__DEP_LANE | VALUE__DEP_TIME | VALUE__DEP_STATE))
        return value__fail(VALUE_EINVAL, "deps is %u, not a set of VALUE__DEP_* bits", deps);
    pnode nd = {.op = OP_INPUT, .deps = (unsigned char)deps, .a = NONE, .b = NONE, .c = NONE};
    return add_node(p, &nd, out_node);
}

int value__prog_const(value__prog *p, double v, size_t *out_node)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")) || (rc = value__check_ptr(out_node, "out_node")))
        return rc;
    pnode nd = {.op = OP_CONST, .a = NONE, .b = NONE, .c = NONE, .k = v};
    return add_node(p, &nd, out_node);
}

/* The node of op on operands a, b, c (NONE when unused): folded when they
 * are all constants, shared when it exists. */
static int make_node(value__prog *p, int op, uint32_t a, uint32_t b, uint32_t c, const value__table *t, size_t *out)
{
    const uint32_t ops[3] = {a, b, c};
    double k[3] = {0, 0, 0};
    unsigned deps = 0;
    bool all_const = true;
    for (int i = 0; i < 3; i++)
        if (ops[i] != NONE) {
            const pnode *o = &p->nodes[ops[i]];
            deps |= o->deps;
            all_const &= o->op == OP_CONST;
            k[i] = o->k;
        }
    pnode nd = {.op = (unsigned char)op, .deps = (unsigned char)deps, .a = a, .b = b, .c = c, .t = t};
    if (all_const) {
        double r;
        lookup_fail f;
        /* a refused lookup key stays a node, to fail when evaluated */
        if (run_node(&nd, &r, &k[0], false, &k[1], false, &k[2], false, 1, &f) == VALUE_OK)
            return value__prog_const(p, r, out);
    }
    /* if() on a constant condition is the branch it selects, as k_if */
    if (op == OP_IF && p->nodes[a].op == OP_CONST) {
        double cond = p->nodes[a].k;
        if (cond != cond)
            return value__prog_const(p, cond, out);
        *out = cond != 0 ? b : c;
        return VALUE_OK;
    }
    return add_node(p, &nd, out);
}

static int check_table(const value__table *t, const char *name)
{
    if (t == NULL || t->row_keys == NULL || t->values == NULL || t->n_rows == 0 || t->n_cols == 0 ||
        (t->n_cols > 1 && t->col_keys == NULL) || (t->lookup != VALUE_MODEL_STEP && t->lookup != VALUE_MODEL_LINEAR))
        return value__fail(VALUE_EINVAL, "table '%s' is not a table (no keys, values or lookup kind)", name);
    return VALUE_OK;
}

/* A resolver's failure, with where and the name's place in the text. */
static int resolve_failed(int rc, const value__expr *e, const enode *en, const char *where)
{
    char why[512], tok[180], text[420];
    snprintf(why, sizeof why, "%s", value_errmsg());
    quote_text(e->text + en->pos, en->len, 40, tok, sizeof tok);
    quote_text(e->text, strlen(e->text), 100, text, sizeof text);
    return value__fail(rc < 0 ? rc : VALUE_EINVAL, "%s: %s at character %u ('%s') of \"%s\"", where, why,
                       (unsigned)en->pos + 1, tok, text);
}

int value__prog_compile(value__prog *p, const value__expr *e, const value__resolver *r, const char *where,
                        size_t *out_node)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")) || (rc = value__check_ptr(e, "e")) || (rc = value__check_ptr(r, "r")) ||
        (rc = value__check_ptr(where, "where")) || (rc = value__check_ptr(out_node, "out_node")))
        return rc;
    if (e->complement)
        return value__fail(VALUE_EINVAL, "%s: C (the complement) is not a value to compile", where);
    if (r->name == NULL || (e->n_tables > 0 && r->table == NULL))
        return value__fail(VALUE_EINVAL, "%s: the resolver has no %s function", where, r->name ? "table" : "name");
    uint32_t small[64], *map = small;
    if (e->n_nodes > 64 && (map = malloc(e->n_nodes * sizeof *map)) == NULL)
        return value__fail_within(prog_no_memory(), "%s", where);
    for (size_t k = 0; k < e->n_nodes; k++) {
        const enode *en = &e->nodes[k];
        size_t node = 0;
        if (en->op == OP_NUM) {
            if ((rc = value__prog_const(p, en->num, &node)))
                rc = value__fail_within(rc, "%s", where);
        } else if (en->op == OP_NAME) {
            rc = r->name(r->ctx, e->names[en->idx], &node);
            if (rc)
                rc = resolve_failed(rc, e, en, where);
            else if (node >= p->n)
                rc = value__fail(VALUE_EINVAL, "%s: the node of '%s' is %zu, not in [0, %zu)", where, e->names[en->idx],
                                 node, p->n);
        } else if (en->op == OP_LOOKUP1 || en->op == OP_LOOKUP2) {
            const char *name = e->tables[en->idx];
            const value__table *t = NULL;
            rc = r->table(r->ctx, name, &t);
            if (rc)
                rc = resolve_failed(rc, e, en, where);
            else if ((rc = check_table(t, name)))
                rc = value__fail_within(rc, "%s", where);
            else if ((t->n_cols > 1) != (en->op == OP_LOOKUP2)) {
                char tok[64];
                quote_text(e->text + en->pos, en->len, 40, tok, sizeof tok);
                rc = value__fail(VALUE_EINVAL,
                                 "%s: lookup(%s) takes %s (the table has %zu column%s), got %d at character %u ('%s')",
                                 where, name, t->n_cols > 1 ? "2 keys (row, column)" : "1 key", t->n_cols,
                                 t->n_cols == 1 ? "" : "s", en->op == OP_LOOKUP2 ? 2 : 1, (unsigned)en->pos + 1, tok);
            } else if ((rc = make_node(p, en->op, map[en->a], en->b == NONE ? NONE : map[en->b], NONE, t, &node))) {
                rc = value__fail_within(rc, "%s", where);
            }
        } else {
            int n_ops = op_arity(en->op);
            if ((rc = make_node(p, en->op, map[en->a], n_ops > 1 ? map[en->b] : NONE, n_ops > 2 ? map[en->c] : NONE,
                                NULL, &node)))
                rc = value__fail_within(rc, "%s", where);
        }
        if (rc)
            break;
        map[k] = (uint32_t)node;
    }
    if (rc == VALUE_OK)
        *out_node = map[e->n_nodes - 1];
    if (map != small)
        free(map);
    return rc;
}

size_t value__prog_size(const value__prog *p)
{
    return p == NULL ? 0 : p->n;
}

unsigned value__prog_deps(const value__prog *p, size_t node)
{
    return p == NULL || node >= p->n ? 0 : p->nodes[node].deps;
}

/* ---- evaluation -------------------------------------------------------------- */

void value__prog_set_input(const value__prog *p, double *vals, size_t n, size_t node, const double *v)
{
    if (p == NULL || vals == NULL || v == NULL || n == 0 || node >= p->n || p->nodes[node].op != OP_INPUT)
        return;
    if (p->nodes[node].deps & VALUE__DEP_LANE)
        memcpy(vals + node * n, v, n * sizeof *v);
    else
        vals[node * n] = v[0];
}

static int lookup_failed(const lookup_fail *f)
{
    char key[32], first[32];
    const char *name = f->t->name != NULL ? f->t->name : "?";
    value__format_double(f->key, key, sizeof key);
    if (f->key != f->key)
        return value__fail(VALUE_EDOM, "lookup(%s): the %skey is NaN", name, f->column ? "column " : "");
    value__format_double(f->column ? f->t->col_keys[0] : f->t->row_keys[0], first, sizeof first);
    return value__fail(VALUE_EDOM, "lookup(%s): the %skey is %s, below the first %s key %s", name,
                       f->column ? "column " : "", key, f->column ? "column" : "row", first);
}

int value__prog_eval(const value__prog *p, double *vals, size_t n, size_t last, unsigned need, unsigned have)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")) || (rc = value__check_ptr(vals, "vals")))
        return rc;
    if (n == 0)
        return VALUE_OK;
    if (last >= p->n)
        return value__fail(VALUE_EINVAL, "last is %zu, not in [0, %zu)", last, p->n);
    const pnode *nodes = p->nodes;
    for (size_t i = 0; i <= last; i++) {
        const pnode *nd = &nodes[i];
        unsigned d = nd->deps;
        if (nd->op == OP_INPUT || (need == 0 ? d != 0 : (!(d & need) || (d & ~have))))
            continue;
        double *r = vals + i * n;
        if (nd->op == OP_CONST) {
            r[0] = nd->k;
            continue;
        }
        const double *x = vals + (size_t)nd->a * n, *y = x, *z = x;
        bool lx = nodes[nd->a].deps & VALUE__DEP_LANE, ly = false, lz = false;
        if (nd->b != NONE)
            y = vals + (size_t)nd->b * n, ly = nodes[nd->b].deps & VALUE__DEP_LANE;
        if (nd->c != NONE)
            z = vals + (size_t)nd->c * n, lz = nodes[nd->c].deps & VALUE__DEP_LANE;
        lookup_fail f;
        if (run_node(nd, r, x, lx, y, ly, z, lz, (d & VALUE__DEP_LANE) ? n : 1, &f) != VALUE_OK)
            return lookup_failed(&f);
    }
    return VALUE_OK;
}
