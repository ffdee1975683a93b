/* The model module's expressions (lib/evaluation/model_expr.c), white-box.
 * Expected values are independent of the engine: hand calculations written
 * beside each check (exact in binary where compared with ==), or the same
 * IEEE operations and libm calls written out in C in the test (compared
 * bitwise: the engine promises the same operations in the same order, no
 * fused multiply-add), or closed forms from C's libm at a stated relative
 * tolerance where the engine uses a more accurate form (-expm1, log1p).
 * Every value is computed twice, folded at compile time from constants and
 * evaluated from inputs over lanes, and the two must agree to the bit.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include "core/internal.h"
#include "evaluation/model_expr.h"

#include <stdint.h>

#define WHERE "parameter 'x'"

static bool same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* ---- a resolver: names to nodes, tables by name ---------------------------- */

typedef struct env {
    value__prog *p;
    const char *names[16];
    size_t nodes[16];
    size_t n;
    const value__table *tables[4];
    size_t n_tables;
} env;

static const char *env_name_at(const void *ctx, size_t k)
{
    return ((const env *)ctx)->names[k];
}

static int env_name(void *ctx, const char *name, size_t *out)
{
    env *v = ctx;
    for (size_t k = 0; k < v->n; k++)
        if (strcmp(v->names[k], name) == 0) {
            *out = v->nodes[k];
            return VALUE_OK;
        }
    char hint[200];
    value__name_hint(hint, sizeof hint, name, v->n, env_name_at, v);
    return value__fail(VALUE_ENOTFOUND, "unknown parameter '%s'%s", name, hint);
}

static const char *table_name_at(const void *ctx, size_t k)
{
    return ((const env *)ctx)->tables[k]->name;
}

static int env_table(void *ctx, const char *name, const value__table **out)
{
    env *v = ctx;
    for (size_t k = 0; k < v->n_tables; k++)
        if (strcmp(v->tables[k]->name, name) == 0) {
            *out = v->tables[k];
            return VALUE_OK;
        }
    char hint[200];
    value__name_hint(hint, sizeof hint, name, v->n_tables, table_name_at, v);
    return value__fail(VALUE_ENOTFOUND, "unknown table '%s'%s", name, hint);
}

static void env_add(env *v, const char *name, size_t node)
{
    ck_assert(v->n < 16);
    v->names[v->n] = name;
    v->nodes[v->n++] = node;
}

static size_t compile(env *v, const char *text)
{
    value__expr *e = NULL;
    assert_ok(value__expr_parse(text, WHERE, false, &e));
    value__resolver r = {env_name, env_table, v};
    size_t node = SIZE_MAX;
    assert_ok(value__prog_compile(v->p, e, &r, WHERE, &node));
    value__expr_free(e);
    ck_assert(node < value__prog_size(v->p));
    return node;
}

/* Tables of the lookup tests: a life table by age in bands (step), a
 * hazard by time (linear), and a table by age and sex. */
static const double AGE[3] = {35, 45, 55}, QX[3] = {0.01, 0.02, 0.04};
static const value__table LIFE = {"life", AGE, 3, NULL, 1, QX, VALUE_MODEL_STEP};
static const double TK[3] = {0, 10, 20}, HZ[3] = {1, 3, 4};
static const value__table HAZ = {"hazard", TK, 3, NULL, 1, HZ, VALUE_MODEL_LINEAR};
static const double AGE2[2] = {35, 45}, SEX[2] = {0, 1}, QX2[4] = {0.01, 0.02, 0.03, 0.04};
static const value__table LIFE2 = {"life2", AGE2, 2, SEX, 2, QX2, VALUE_MODEL_STEP};
static const value__table HAZ2 = {"hazard2", AGE2, 2, SEX, 2, QX2, VALUE_MODEL_LINEAR};

static void env_tables(env *v)
{
    v->tables[0] = &LIFE, v->tables[1] = &HAZ, v->tables[2] = &LIFE2, v->tables[3] = &HAZ2;
    v->n_tables = 4;
}

/* ---- one value, folded and evaluated ---------------------------------------- */

/* The value of text with x, y, z (p and r are aliases of x, t of z), two
 * ways: the names as constants (the program folds it to one constant
 * node), and the names as lane inputs over 5 lanes.  Both must give the
 * same bits; the value is returned.  *rc_out gets the evaluation's status
 * (lookups can refuse a key). */
static double value_rc(const char *text, double x, double y, double z, int *rc_out)
{
    const char *names[6] = {"x", "y", "z", "p", "r", "t"};
    const double vals3[3] = {x, y, z};
    const int alias[6] = {0, 1, 2, 0, 0, 2};
    double folded, laned[5];
    int rc_folded, rc_lanes;
    {
        env v = {.p = value__prog_new()};
        ck_assert_ptr_nonnull(v.p);
        env_tables(&v);
        for (int k = 0; k < 6; k++) {
            size_t node;
            assert_ok(value__prog_const(v.p, vals3[alias[k]], &node));
            env_add(&v, names[k], node);
        }
        size_t node = compile(&v, text);
        size_t size = value__prog_size(v.p);
        ck_assert_uint_eq(value__prog_deps(v.p, node), 0);
        double *vals = malloc(size * sizeof *vals);
        ck_assert_ptr_nonnull(vals);
        rc_folded = value__prog_eval(v.p, vals, 1, node, 0, 0);
        folded = vals[node];
        free(vals);
        value__prog_free(v.p);
    }
    {
        env v = {.p = value__prog_new()};
        ck_assert_ptr_nonnull(v.p);
        env_tables(&v);
        size_t in[3];
        for (int k = 0; k < 3; k++)
            assert_ok(value__prog_input(v.p, VALUE__DEP_LANE, &in[k]));
        for (int k = 0; k < 6; k++)
            env_add(&v, names[k], in[alias[k]]);
        size_t node = compile(&v, text);
        size_t size = value__prog_size(v.p);
        double *vals = malloc(size * 5 * sizeof *vals);
        ck_assert_ptr_nonnull(vals);
        for (int k = 0; k < 3; k++) {
            double lanes[5];
            for (int i = 0; i < 5; i++)
                lanes[i] = vals3[k];
            value__prog_set_input(v.p, vals, 5, in[k], lanes);
        }
        rc_lanes = value__prog_eval(v.p, vals, 5, size - 1, 0, 0);
        if (rc_lanes == VALUE_OK)
            rc_lanes = value__prog_eval(v.p, vals, 5, size - 1, VALUE__DEP_LANE, VALUE__DEP_LANE);
        for (int i = 0; i < 5; i++)
            laned[i] = (value__prog_deps(v.p, node) & VALUE__DEP_LANE) ? vals[node * 5 + i] : vals[node * 5];
        free(vals);
        value__prog_free(v.p);
    }
    ck_assert_msg(rc_folded == rc_lanes, "%s: folded status %d, evaluated %d", text, rc_folded, rc_lanes);
    if (rc_folded == VALUE_OK)
        for (int i = 0; i < 5; i++)
            ck_assert_msg(same_bits(folded, laned[i]), "%s: folded %.17g, lane %d %.17g", text, folded, i, laned[i]);
    if (rc_out != NULL)
        *rc_out = rc_folded;
    return folded;
}

static double value3(const char *text, double x, double y, double z)
{
    int rc;
    double v = value_rc(text, x, y, z, &rc);
    ck_assert_msg(rc == VALUE_OK, "%s: %s", text, value_errmsg());
    return v;
}

static double value0(const char *text)
{
    return value3(text, 0, 0, 0);
}

#define assert_bits(got, want)                                                                         \
    do {                                                                                               \
        double g_ = (got), w_ = (want);                                                                \
        ck_assert_msg(same_bits(g_, w_), "%s = %.17g, want %.17g (bitwise)", #got, g_, w_);            \
    } while (0)

/* ---- parse errors ------------------------------------------------------------ */

static void parse_fails(const char *text, bool allow_c, int code, const char *message)
{
    value__expr *e = (value__expr *)&e; /* untouched on failure */
    value__expr *before = e;
    int rc = value__expr_parse(text, WHERE, allow_c, &e);
    ck_assert_msg(rc == code, "\"%s\": status %d, want %d (%s)", text, rc, code, value_errmsg());
    ck_assert_msg(strcmp(value_errmsg(), message) == 0, "\"%s\": message\n  \"%s\"\nwant\n  \"%s\"", text, value_errmsg(),
                  message);
    ck_assert(e == before);
}

START_TEST(parse_errors)
{
    /* an unexpected token: where a value should start */
    parse_fails("2 * )", false, VALUE_EPARSE, WHERE ": unexpected ')' at character 5 (')') of \"2 * )\"");
    parse_fails("x $ 2", false, VALUE_EPARSE, WHERE ": unexpected '$' at character 3 ('$') of \"x $ 2\"");
    parse_fails("x \x01", false, VALUE_EPARSE, WHERE ": unexpected '\\x01' at character 3 ('\\x01') of \"x \\x01\"");
    parse_fails("a = b", false, VALUE_EPARSE,
                WHERE ": unexpected '=' (comparison is '==') at character 3 ('=') of \"a = b\"");
    parse_fails("2 *", false, VALUE_EPARSE, WHERE ": expected a value at end of \"2 *\"");
    /* '!' takes a comparison or another '!', as the grammar says */
    parse_fails("2 * !x", false, VALUE_EPARSE, WHERE ": unexpected '!' at character 5 ('!') of \"2 * !x\"");
    parse_fails("1 < 2 < 3", false, VALUE_EPARSE,
                WHERE ": comparisons do not chain (write a < b && b < c) at character 7 ('<') of \"1 < 2 < 3\"");
    /* unbalanced parentheses */
    parse_fails("(1 + 2", false, VALUE_EPARSE, WHERE ": expected ')' at end of \"(1 + 2\"");
    parse_fails("(1 + 2))", false, VALUE_EPARSE, WHERE ": unmatched ')' at character 8 (')') of \"(1 + 2))\"");
    parse_fails("(1 + 2 3)", false, VALUE_EPARSE, WHERE ": expected ')', not '3' at character 8 ('3') of \"(1 + 2 3)\"");
    parse_fails("log(1 2)", false, VALUE_EPARSE,
                WHERE ": expected ',' or ')', not '2' at character 7 ('2') of \"log(1 2)\"");
    parse_fails("exp(1", false, VALUE_EPARSE, WHERE ": expected ')' at end of \"exp(1\"");
    /* unknown functions, with the nearest name */
    parse_fails("lg(2)", false, VALUE_EPARSE,
                WHERE ": unknown function 'lg' (did you mean 'log'?) at character 1 ('lg') of \"lg(2)\"");
    parse_fails("1 + rate_to_porb(x)", false, VALUE_EPARSE,
                WHERE ": unknown function 'rate_to_porb' (did you mean 'rate_to_prob'?) at character 5 ('rate_to_porb') of "
                      "\"1 + rate_to_porb(x)\"");
    /* wrong arity */
    parse_fails("log(1, 2, 3)", false, VALUE_EPARSE,
                WHERE ": log takes 1 or 2 arguments, got 3 at character 1 ('log') of \"log(1, 2, 3)\"");
    parse_fails("exp()", false, VALUE_EPARSE, WHERE ": exp takes 1 argument, got 0 at character 1 ('exp') of \"exp()\"");
    parse_fails("if(1, 2)", false, VALUE_EPARSE,
                WHERE ": if takes 3 arguments, got 2 at character 1 ('if') of \"if(1, 2)\"");
    parse_fails("min(1)", false, VALUE_EPARSE,
                WHERE ": min takes 2 or more arguments, got 1 at character 1 ('min') of \"min(1)\"");
    parse_fails("lookup(life)", false, VALUE_EPARSE,
                WHERE ": lookup takes a table and 1 or 2 keys, got 1 argument at character 1 ('lookup') of "
                      "\"lookup(life)\"");
    parse_fails("lookup(1, 2)", false, VALUE_EPARSE,
                WHERE ": lookup's first argument is a table's name at character 8 ('1') of \"lookup(1, 2)\"");
    /* empty text */
    parse_fails("", false, VALUE_EPARSE, WHERE ": empty expression");
    parse_fails(" \t\n ", true, VALUE_EPARSE, WHERE ": empty expression");
    /* the complement: alone in a transition, nowhere else */
    parse_fails("1 - C", true, VALUE_EPARSE,
                WHERE ": C (the complement) stands alone at character 5 ('C') of \"1 - C\"");
    parse_fails("C", false, VALUE_EPARSE,
                WHERE ": C (the complement) stands alone, as a transition's whole expression at character 1 ('C') of "
                      "\"C\"");
    parse_fails("(C)", true, VALUE_EPARSE, WHERE ": C (the complement) stands alone at character 2 ('C') of \"(C)\"");
    /* bad numbers; trailing garbage */
    parse_fails("1.2.3", false, VALUE_EPARSE, WHERE ": bad number at character 1 ('1.2.3') of \"1.2.3\"");
    parse_fails("2x + 1", false, VALUE_EPARSE, WHERE ": bad number at character 1 ('2x') of \"2x + 1\"");
    parse_fails("1e", false, VALUE_EPARSE, WHERE ": bad number at character 1 ('1e') of \"1e\"");
    parse_fails("1e999", false, VALUE_EPARSE, WHERE ": number out of range at character 1 ('1e999') of \"1e999\"");
    parse_fails("2 3", false, VALUE_EPARSE,
                WHERE ": unexpected '3' after a complete expression at character 3 ('3') of \"2 3\"");
    parse_fails("x y", false, VALUE_EPARSE,
                WHERE ": unexpected 'y' after a complete expression at character 3 ('y') of \"x y\"");
    /* NULL pointers */
    value__expr *e = NULL;
    assert_fails(value__expr_parse(NULL, WHERE, false, &e), VALUE_EINVAL, "text");
    assert_fails(value__expr_parse("1", NULL, false, &e), VALUE_EINVAL, "where");
    assert_fails(value__expr_parse("1", WHERE, false, NULL), VALUE_EINVAL, "out");
    ck_assert_ptr_null(e);
}
END_TEST

/* "(" * k + "1" + ")" * k */
static char *nested(size_t k, const char *open, const char *inner, const char *close)
{
    size_t lo = strlen(open), lc = strlen(close), li = strlen(inner);
    char *s = malloc(k * (lo + lc) + li + 1), *q = s;
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < k; i++, q += lo)
        memcpy(q, open, lo);
    memcpy(q, inner, li), q += li;
    for (size_t i = 0; i < k; i++, q += lc)
        memcpy(q, close, lc);
    *q = '\0';
    return s;
}

START_TEST(parse_limits)
{
    /* 256 deep is allowed, 257 refused, whatever nests: parentheses,
     * prefixes, calls, powers (right-recursive) */
    char *s = nested(256, "(", "1", ")");
    ck_assert(value0(s) == 1);
    free(s);
    s = nested(257, "(", "1", ")");
    value__expr *e = NULL;
    ck_assert_int_eq(value__expr_parse(s, WHERE, false, &e), VALUE_EPARSE);
    ck_assert_msg(strncmp(value_errmsg(), WHERE ": nested over 256 deep at character 257 ('(') of \"((((", 50) == 0, "%s",
                  value_errmsg());
    ck_assert_ptr_null(e);
    free(s);
    s = nested(300, "-", "1", "");
    assert_fails(value__expr_parse(s, WHERE, false, &e), VALUE_EPARSE, "nested over 256 deep at character 257 ('-')");
    free(s);
    s = nested(300, "!", "1", "");
    assert_fails(value__expr_parse(s, WHERE, false, &e), VALUE_EPARSE, "nested over 256 deep at character 257 ('!')");
    free(s);
    s = nested(300, "exp(", "0", ")");
    assert_fails(value__expr_parse(s, WHERE, false, &e), VALUE_EPARSE, "nested over 256 deep");
    free(s);
    s = nested(300, "1^", "1", "");
    assert_fails(value__expr_parse(s, WHERE, false, &e), VALUE_EPARSE, "nested over 256 deep at character 514 ('^')");
    free(s);
    /* a long flat sum is not deep: 1+1+...+1 (32768 ones, 65535 bytes) and a
     * blank is the longest text allowed, 65536 bytes; it adds up to 32768 */
    size_t n = 65536;
    s = malloc(n + 2);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < n - 1; i++)
        s[i] = i % 2 ? '+' : '1';
    s[n - 1] = ' ';
    s[n] = '\0';
    ck_assert(value0(s) == 32768);
    /* one byte more is refused */
    s[n] = ' ';
    s[n + 1] = '\0';
    parse_fails(s, false, VALUE_EPARSE, WHERE ": the expression is over 65536 bytes long");
    free(s);
}
END_TEST

/* ---- operators and functions -------------------------------------------------- */

START_TEST(operators)
{
    /* arithmetic: the same IEEE operation written in C */
    assert_bits(value3("x + y", 0.1, 0.2, 0), 0.1 + 0.2);
    assert_bits(value3("x - y", 0.1, 0.3, 0), 0.1 - 0.3);
    assert_bits(value3("x * y", 0.1, 3, 0), 0.1 * 3);
    assert_bits(value3("x / y", 1, 3, 0), 1.0 / 3);
    assert_bits(value3("x ^ y", 1.1, 2.5, 0), pow(1.1, 2.5));
    assert_bits(value3("pow(x, y)", 1.1, 2.5, 0), pow(1.1, 2.5));
    assert_bits(value3("-x", 0.25, 0, 0), -0.25);
    assert_bits(value3("+x", 0.25, 0, 0), 0.25);
    assert_bits(value0("-0"), -0.0);
    /* pow(1, y) is 1 even for y NaN (C11 F.10.4.4); 0^0 is 1 */
    assert_bits(value3("x ^ y", 1, NAN, 0), 1.0);
    assert_bits(value3("x ^ y", 0, 0, 0), 1.0);
    /* division by zero is Inf or NaN for the caller to catch */
    ck_assert(value3("x / y", 1, 0, 0) == INFINITY);
    ck_assert(isnan(value3("x / y", 0, 0, 0)));
    /* comparisons: 1 or 0; NaN when an operand is NaN (R's NA) */
    ck_assert(value3("x < y", 1, 2, 0) == 1 && value3("x < y", 2, 1, 0) == 0 && value3("x < y", 1, 1, 0) == 0);
    ck_assert(value3("x <= y", 1, 1, 0) == 1 && value3("x <= y", 2, 1, 0) == 0);
    ck_assert(value3("x > y", 2, 1, 0) == 1 && value3("x > y", 1, 1, 0) == 0);
    ck_assert(value3("x >= y", 1, 1, 0) == 1 && value3("x >= y", 0, 1, 0) == 0);
    ck_assert(value3("x == y", 0.5, 0.5, 0) == 1 && value3("x == y", 0.5, 0.25, 0) == 0);
    ck_assert(value3("x != y", 0.5, 0.5, 0) == 0 && value3("x != y", 0.5, 0.25, 0) == 1);
    /* 0.1 + 0.2 is not 0.3 in binary (0.30000000000000004) */
    ck_assert(value0("0.1 + 0.2 == 0.3") == 0);
    const char *cmp[] = {"x < y", "x <= y", "x > y", "x >= y", "x == y", "x != y"};
    for (int k = 0; k < 6; k++) {
        ck_assert(isnan(value3(cmp[k], NAN, 1, 0)));
        ck_assert(isnan(value3(cmp[k], 1, NAN, 0)));
    }
    /* logic: nonzero is true; NaN is unknown, as R's NA: FALSE && NA is
     * FALSE, TRUE || NA is TRUE, TRUE && NA is NA */
    ck_assert(value3("x && y", 2, -1, 0) == 1 && value3("x && y", 2, 0, 0) == 0 && value3("x && y", 0, 0, 0) == 0);
    ck_assert(value3("x & y", 2, -1, 0) == 1 && value3("x & y", 0, 3, 0) == 0);
    ck_assert(value3("x || y", 0, 0, 0) == 0 && value3("x || y", 0, 0.5, 0) == 1 && value3("x | y", 3, 0, 0) == 1);
    ck_assert(value3("x && y", 0, NAN, 0) == 0 && value3("x && y", NAN, 0, 0) == 0);
    ck_assert(isnan(value3("x && y", 1, NAN, 0)) && isnan(value3("x && y", NAN, 1, 0)));
    ck_assert(value3("x || y", 1, NAN, 0) == 1 && value3("x || y", NAN, 1, 0) == 1);
    ck_assert(isnan(value3("x || y", 0, NAN, 0)) && isnan(value3("x || y", NAN, 0, 0)));
    ck_assert(value3("!x", 0, 0, 0) == 1 && value3("!x", 3, 0, 0) == 0 && isnan(value3("!x", NAN, 0, 0)));
    /* a guard: x > 0 && log(x) < 1 is 0 for x = -1 (log(-1) is NaN) */
    ck_assert(value3("x > 0 && log(x) < 1", -1, 0, 0) == 0);
}
END_TEST

START_TEST(functions)
{
    /* if selects; the branch not taken may be NaN and does not leak */
    ck_assert(value3("if(x, y, z)", 1, 2, 3) == 2 && value3("if(x, y, z)", 0, 2, 3) == 3);
    ck_assert(value3("ifelse(x, y, z)", -0.5, 2, 3) == 2);
    ck_assert(value3("if(x > 0, log(x), 0)", -1, 0, 0) == 0);
    ck_assert(value3("if(x > 0, 0, log(x))", 1, 0, 0) == 0);
    ck_assert(isnan(value3("if(x, y, z)", NAN, 2, 3)));
    /* min and max of two or more; NaN wins */
    ck_assert(value3("min(x, y, z)", 3, 1, 2) == 1 && value3("max(x, y, z)", 3, 1, 2) == 3);
    ck_assert(value3("min(x, y)", -1, 2, 0) == -1 && value3("max(x, y)", -1, 2, 0) == 2);
    ck_assert(value0("min(5, 4, 3, 2, 1, 0.5)") == 0.5 && value0("max(-5, -4, -3)") == -3);
    ck_assert(isnan(value3("min(x, y)", NAN, 1, 0)) && isnan(value3("min(x, y)", 1, NAN, 0)));
    ck_assert(isnan(value3("max(x, y)", NAN, 1, 0)) && isnan(value3("max(x, y)", 1, NAN, 0)));
    /* libm's functions, called as C calls them */
    assert_bits(value3("exp(x)", 0.7, 0, 0), exp(0.7));
    assert_bits(value3("log(x)", 0.7, 0, 0), log(0.7));
    assert_bits(value3("sqrt(x)", 2, 0, 0), sqrt(2.0));
    assert_bits(value3("abs(x)", -3.5, 0, 0), 3.5);
    assert_bits(value3("floor(x)", -2.5, 0, 0), -3.0);
    assert_bits(value3("floor(x)", 2.999, 0, 0), 2.0);
    ck_assert(isnan(value3("log(x)", -1, 0, 0)) && isnan(value3("sqrt(x)", -1, 0, 0)));
    /* log(x, base) as R's: log10 and log2 for those bases (log(1000, 10)
     * is exactly 3, where log(1000) / log(10) is 2.9999999999999996) */
    ck_assert(value0("log(1000, 10)") == 3 && value0("log(8, 2)") == 3);
    assert_bits(value3("log(x, y)", 27, 3, 0), log(27.0) / log(3.0));
    /* rate_to_prob(r, t) = 1 - e^{-rt}: heemod's and ParCC's closed form,
     * against C's 1 - exp(-rt) within 4 ulp of the result (the engine
     * uses -expm1, which keeps the last digits) */
    assert_rel(value3("rate_to_prob(r, t)", 0.1, 0, 2), 1 - exp(-0.2), 1e-15);
    assert_rel(value3("rate_to_prob(r)", 0.1, 0, 0), 1 - exp(-0.1), 1e-15);
    /* RE-LY: 3.36 per 100 patient-years gives 0.03304 a year (ParCC) */
    assert_abs(value0("rate_to_prob(3.36 / 100)"), 0.03304, 0.5e-5);
    /* prob_to_rate(p, t) = -ln(1 - p)/t: -ln(0.8)/10 = 0.0223143551314209756 */
    assert_rel(value3("prob_to_rate(p, t)", 0.2, 0, 10), 0.0223143551314209756, 1e-15);
    assert_rel(value3("prob_to_rate(p)", 0.5, 0, 0), log(2.0), 1e-15);
    /* rescale_prob(p, from, to) = 1 - (1 - p)^(to/from): heemod's example
     * rescale_prob(p = .65, from = 5) is 1 - 0.35^(1/5) = 0.189... */
    assert_rel(value0("rescale_prob(0.65, 5)"), 1 - pow(0.35, 1.0 / 5), 1e-14);
    assert_rel(value3("rescale_prob(p, y, t)", 0.5, 1, 1.0 / 12), 1 - pow(0.5, 1.0 / 12), 1e-14);
    ck_assert(value0("rescale_prob(0, 5, 1)") == 0 && value0("rescale_prob(1, 5, 1)") == 1 &&
              value0("rescale_prob(0.3, 5, 0)") == 0);
    /* odds: 3 to 1 is 0.75, and back (exact in binary) */
    ck_assert(value0("odds_to_prob(3)") == 0.75 && value0("prob_to_odds(0.75)") == 3);
    ck_assert(value0("odds_to_prob(0)") == 0 && value0("prob_to_odds(0)") == 0 && value0("prob_to_odds(1)") == INFINITY);
    ck_assert(value3("odds_to_prob(x)", INFINITY, 0, 0) == 1);
    /* outside their domain the helpers are NaN, for the caller to catch */
    ck_assert(isnan(value0("rate_to_prob(-0.1)")) && isnan(value0("rate_to_prob(0.1, -1)")));
    ck_assert(isnan(value0("prob_to_rate(1.5)")) && isnan(value0("prob_to_rate(-0.5)")) &&
              isnan(value0("prob_to_rate(0.5, 0)")));
    ck_assert(isnan(value0("rescale_prob(1.5, 1)")) && isnan(value0("rescale_prob(0.5, 0)")) &&
              isnan(value0("rescale_prob(0.5, 1, -1)")));
    ck_assert(isnan(value0("odds_to_prob(-1)")) && isnan(value0("prob_to_odds(2)")));
    ck_assert(value0("prob_to_rate(1)") == INFINITY);
    /* the helpers agree bitwise with the library's value_prob_* functions */
    const double ps[] = {1e-12, 0.01, 0.2, 0.5, 0.99}, ts[] = {1.0 / 12, 0.5, 1, 3, 10};
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
            double want;
            assert_ok(value_prob_from_rate(ps[i], ts[j], &want));
            assert_bits(value3("rate_to_prob(r, t)", ps[i], 0, ts[j]), want);
            assert_ok(value_prob_to_rate(ps[i], ts[j], &want));
            assert_bits(value3("prob_to_rate(p, t)", ps[i], 0, ts[j]), want);
            assert_ok(value_prob_rescale(ps[i], ts[j], 2.5, &want));
            assert_bits(value3("rescale_prob(p, y, 2.5)", ps[i], ts[j], 0), want);
        }
}
END_TEST

START_TEST(precedence)
{
    /* as R: ^ is right-associative and binds tighter than unary minus */
    ck_assert(value0("2^3^2") == 512);
    ck_assert(value0("(2^3)^2") == 64);
    ck_assert(value0("-2^2") == -4);
    ck_assert(value0("(-2)^2") == 4);
    ck_assert(value3("-x^2", 3, 0, 0) == -9);
    ck_assert(value0("2^-1") == 0.5);
    ck_assert(value0("2^-1^2") == 0.5); /* 2^(-(1^2)) */
    /* left-associative + - * / */
    ck_assert(value0("1 - 2 - 3") == -4);
    ck_assert(value0("8 / 4 / 2") == 1);
    ck_assert(value0("2 * 3 + 4") == 10 && value0("2 + 3 * 4") == 14 && value0("2 * (3 + 4)") == 14);
    ck_assert(value0("2 * -3") == -6 && value0("2 - -3") == 5 && value0("- - 2") == 2);
    ck_assert(value0("10 - 4 / 2 * 3") == 4);
    /* comparisons below arithmetic, ! below comparisons, && below !, || lowest */
    ck_assert(value0("1 + 2 < 4") == 1 && value0("1 + 2 < 3") == 0);
    ck_assert(value0("!0 + 1") == 0);  /* !(0 + 1) */
    ck_assert(value0("!1 == 0") == 1); /* !(1 == 0) */
    ck_assert(value0("1 || 0 && 0") == 1);
    ck_assert(value0("(1 || 0) && 0") == 0);
    ck_assert(value0("!0 && 0") == 0 && value0("!!3") == 1);
    ck_assert(value0("1 < 2 && 3 < 2 || 5 >= 5") == 1);
    value__expr *e = NULL;
    assert_fails(value__expr_parse("1 < 2 == 1", WHERE, false, &e), VALUE_EPARSE, "comparisons do not chain");
    /* blanks anywhere between tokens; names with digits, '_' and '.' */
    ck_assert(value0(" \t2\n*\r3 ") == 6);
    ck_assert(value0("1e-3 * 1000 + .5 + 5. + 1E1") == 16.5);
}
END_TEST

/* ---- lanes -------------------------------------------------------------------- */

/* The Briggs et al. THR revision probability and other expressions over n
 * lanes (lambda, gamma per lane; model_time per cycle): every lane's value
 * is bitwise the value it has when evaluated alone, for n = 1, 3, 64 and
 * 1000, and for the THR expression the value C computes with the same
 * operations. */
static const char *LANE_EXPRS[] = {
    "1 - exp(lambda * ((model_time - 1)^gamma - model_time^gamma))",
    "if(model_time > 3 && lambda < 0.004, rate_to_prob(lambda, 2), prob_to_rate(lambda) * gamma)",
    "min(lambda, gamma / 1000, 0.0041) + max(abs(lambda - 0.004), floor(gamma))",
    "rescale_prob(lambda * 10, gamma, model_time) - odds_to_prob(gamma) + prob_to_odds(lambda) + log(gamma, 10) + "
    "log(gamma, model_time + 1)",
    "lookup(life, 30 + gamma * 10) * lookup(hazard, lambda * 4000 + model_time) + lookup(life2, 40, gamma - 1) + "
    "lookup(hazard2, 35 + gamma * 3, 0.5 * model_time) + sqrt(lambda) / (1 + exp(-gamma)) - (lambda != 0.004) + "
    "(gamma <= 1.2) * (!(lambda >= 0.0045) || gamma == 1)",
};
#define N_LANE_EXPRS (sizeof LANE_EXPRS / sizeof *LANE_EXPRS)

typedef struct lane_prog {
    env v;
    size_t lambda, gamma, time, out[N_LANE_EXPRS];
} lane_prog;

static void lane_prog_build(lane_prog *lp)
{
    memset(lp, 0, sizeof *lp);
    lp->v.p = value__prog_new();
    ck_assert_ptr_nonnull(lp->v.p);
    env_tables(&lp->v);
    assert_ok(value__prog_input(lp->v.p, VALUE__DEP_LANE, &lp->lambda));
    assert_ok(value__prog_input(lp->v.p, VALUE__DEP_LANE, &lp->gamma));
    assert_ok(value__prog_input(lp->v.p, VALUE__DEP_TIME, &lp->time));
    env_add(&lp->v, "lambda", lp->lambda);
    env_add(&lp->v, "gamma", lp->gamma);
    env_add(&lp->v, "model_time", lp->time);
    for (size_t k = 0; k < N_LANE_EXPRS; k++)
        lp->out[k] = compile(&lp->v, LANE_EXPRS[k]);
}

/* Values of the expressions at cycles 1..T for lanes lambda[0..n), gamma[0..n):
 * out[((k * T) + t - 1) * n + i]. */
static void lane_run(const lane_prog *lp, const double *lambda, const double *gamma, size_t n, int T, double *out)
{
    size_t size = value__prog_size(lp->v.p);
    double *vals = malloc(size * n * sizeof *vals);
    ck_assert_ptr_nonnull(vals);
    value__prog_set_input(lp->v.p, vals, n, lp->lambda, lambda);
    value__prog_set_input(lp->v.p, vals, n, lp->gamma, gamma);
    assert_ok(value__prog_eval(lp->v.p, vals, n, size - 1, 0, 0));
    assert_ok(value__prog_eval(lp->v.p, vals, n, size - 1, VALUE__DEP_LANE, VALUE__DEP_LANE));
    for (int t = 1; t <= T; t++) {
        double mt = t;
        value__prog_set_input(lp->v.p, vals, n, lp->time, &mt);
        assert_ok(value__prog_eval(lp->v.p, vals, n, size - 1, VALUE__DEP_TIME, VALUE__DEP_LANE | VALUE__DEP_TIME));
        for (size_t k = 0; k < N_LANE_EXPRS; k++) {
            size_t node = lp->out[k];
            bool lane = value__prog_deps(lp->v.p, node) & VALUE__DEP_LANE;
            for (size_t i = 0; i < n; i++)
                out[((k * (size_t)T) + (size_t)t - 1) * n + i] = vals[node * n + (lane ? i : 0)];
        }
    }
    free(vals);
}

START_TEST(lanes_bitwise)
{
    enum { N = 1000, T = 12 };
    static double lambda[N], gamma[N], alone[N_LANE_EXPRS * T], many[N_LANE_EXPRS * T * N];
    /* draws spread over their ranges: lambda about 0.004, gamma about 1.45 */
    uint64_t s = 88172645463325252u;
    for (int i = 0; i < N; i++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        lambda[i] = 0.003 + 0.002 * (double)(s >> 11) / 9007199254740992.0;
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        gamma[i] = 1.0 + 1.0 * (double)(s >> 11) / 9007199254740992.0;
    }
    gamma[7] = 1, lambda[9] = 0.004; /* equalities taken */
    lane_prog lp;
    lane_prog_build(&lp);
    const size_t ns[] = {1, 3, 64, 1000};
    for (size_t m = 0; m < 4; m++) {
        size_t n = ns[m];
        /* lanes [off, off + n): a lane's value does not depend on its place */
        for (size_t off = 0; off + n <= N; off += n > 64 ? n : 97) {
            lane_run(&lp, lambda + off, gamma + off, n, T, many);
            for (size_t i = 0; i < n; i += n > 64 ? 37 : 1) {
                lane_run(&lp, lambda + off + i, gamma + off + i, 1, T, alone);
                for (size_t k = 0; k < N_LANE_EXPRS * T; k++)
                    ck_assert_msg(same_bits(many[k * n + i], alone[k]),
                                  "n %zu, lane %zu, value %zu: %.17g together, %.17g alone", n, off + i, k,
                                  many[k * n + i], alone[k]);
            }
        }
    }
    /* THR's revision probability, written out in C with the same operations */
    lane_run(&lp, lambda, gamma, N, T, many);
    for (int t = 1; t <= T; t++)
        for (int i = 0; i < N; i++) {
            double want = 1 - exp(lambda[i] * (pow(t - 1.0, gamma[i]) - pow((double)t, gamma[i])));
            ck_assert_msg(same_bits(many[(size_t)(t - 1) * N + (size_t)i], want), "t %d lane %d", t, i);
        }
    value__prog_free(lp.v.p);
}
END_TEST

/* ---- sharing and folding ---------------------------------------------------- */

START_TEST(hash_consing)
{
    env v = {.p = value__prog_new()};
    ck_assert_ptr_nonnull(v.p);
    size_t a, b;
    assert_ok(value__prog_input(v.p, VALUE__DEP_LANE, &a));
    assert_ok(value__prog_input(v.p, VALUE__DEP_LANE, &b));
    ck_assert(a != b); /* inputs are never shared */
    env_add(&v, "a", a);
    env_add(&v, "b", b);
    ck_assert_uint_eq(value__prog_size(v.p), 2);
    /* exp(a) once, then the sum: 2 nodes */
    size_t n1 = compile(&v, "exp(a) + exp(a)");
    ck_assert_uint_eq(value__prog_size(v.p), 4);
    /* the same text again adds nothing and gives the same node */
    ck_assert_uint_eq(compile(&v, "exp(a)+exp( a )"), n1);
    ck_assert_uint_eq(value__prog_size(v.p), 4);
    /* shares exp(a) and exp(a) + exp(a): adds 2, the constant and the product */
    compile(&v, "(exp(a) + exp(a)) * 2");
    ck_assert_uint_eq(value__prog_size(v.p), 6);
    /* b + a is not a + b (no reordering: min(-0, 0) is not min(0, -0)) */
    size_t ab = compile(&v, "a + b"), ba = compile(&v, "b + a");
    ck_assert(ab != ba);
    ck_assert_uint_eq(value__prog_size(v.p), 8);
    /* constants: 1 - 1 folds to 0, shared with the constant 0; 0 * -1 is
     * -0, which is not 0 (different bits) */
    size_t z = compile(&v, "0"), z2 = compile(&v, "1 - 1"), mz = compile(&v, "0 * -1");
    ck_assert(z == z2 && z != mz);
    ck_assert_uint_eq(value__prog_deps(v.p, z), 0);
    /* a whole constant subtree is one constant node */
    size_t before = value__prog_size(v.p);
    size_t k = compile(&v, "exp(2) * log(3) + rate_to_prob(0.1, 2)");
    ck_assert_uint_eq(value__prog_deps(v.p, k), 0);
    double *vals = malloc(value__prog_size(v.p) * sizeof *vals);
    ck_assert_ptr_nonnull(vals);
    assert_ok(value__prog_eval(v.p, vals, 1, value__prog_size(v.p) - 1, 0, 0));
    assert_bits(vals[k], exp(2.0) * log(3.0) + -expm1(-(0.1 * 2)));
    ck_assert(vals[z] == 0 && signbit(vals[mz]));
    free(vals);
    ck_assert(value__prog_size(v.p) > before);
    /* if() on a constant condition is its branch's node */
    ck_assert_uint_eq(compile(&v, "if(1, a + b, b + a)"), ab);
    ck_assert_uint_eq(compile(&v, "if(0 > 1, a + b, b + a)"), ba);
    /* a shared subexpression across two expressions (THR's two strategies) */
    size_t t0 = value__prog_size(v.p);
    compile(&v, "1 - exp(a * ((b - 1)^2 - b^2))");
    size_t t1 = value__prog_size(v.p);
    compile(&v, "1 - exp(a * ((b - 1)^2 - b^2) * 0.5)");
    /* the first: b - 1, two powers, their difference, the product, exp, 1 - exp
     * (the constants 1 and 2 exist); the second shares a * (...) and adds
     * 0.5, the product, exp and 1 - exp */
    ck_assert_uint_eq(t1 - t0, 7);
    ck_assert_uint_eq(value__prog_size(v.p) - t1, 4);
    value__prog_free(v.p);
}
END_TEST

/* ---- dependency levels -------------------------------------------------------- */

START_TEST(dependency_levels)
{
    env v = {.p = value__prog_new()};
    ck_assert_ptr_nonnull(v.p);
    size_t L, T, S;
    assert_ok(value__prog_input(v.p, VALUE__DEP_LANE, &L));
    assert_ok(value__prog_input(v.p, VALUE__DEP_TIME, &T));
    assert_ok(value__prog_input(v.p, VALUE__DEP_STATE, &S));
    env_add(&v, "draw", L);
    env_add(&v, "model_time", T);
    env_add(&v, "state_time", S);
    size_t k = compile(&v, "exp(2)");               /* constant */
    size_t l = compile(&v, "draw * 2");             /* lane */
    size_t t = compile(&v, "model_time + 0.5");     /* time */
    size_t lt = compile(&v, "draw * model_time");   /* lane and time */
    size_t s = compile(&v, "state_time * 10");      /* state */
    size_t all = compile(&v, "draw + model_time + state_time");
    ck_assert_uint_eq(value__prog_deps(v.p, k), 0);
    ck_assert_uint_eq(value__prog_deps(v.p, l), VALUE__DEP_LANE);
    ck_assert_uint_eq(value__prog_deps(v.p, t), VALUE__DEP_TIME);
    ck_assert_uint_eq(value__prog_deps(v.p, lt), VALUE__DEP_LANE | VALUE__DEP_TIME);
    ck_assert_uint_eq(value__prog_deps(v.p, s), VALUE__DEP_STATE);
    ck_assert_uint_eq(value__prog_deps(v.p, all), VALUE__DEP_LANE | VALUE__DEP_TIME | VALUE__DEP_STATE);
    enum { N = 3 };
    size_t size = value__prog_size(v.p);
    double *vals = malloc(size * N * sizeof *vals);
    ck_assert_ptr_nonnull(vals);
    /* a sentinel: a node not evaluated keeps it */
    const double MARK = -12345.5;
    for (size_t i = 0; i < size * N; i++)
        vals[i] = MARK;
    const double draws[N] = {1, 2, 3}, mt = 4, st = 7;
    value__prog_set_input(v.p, vals, N, L, draws);
    value__prog_set_input(v.p, vals, N, T, &mt);
    value__prog_set_input(v.p, vals, N, S, &st);
    /* need 0: the constants only */
    assert_ok(value__prog_eval(v.p, vals, N, size - 1, 0, 0));
    assert_bits(vals[k * N], exp(2.0));
    ck_assert(vals[l * N] == MARK && vals[t * N] == MARK && vals[lt * N] == MARK && vals[s * N] == MARK);
    /* need LANE, have LANE: what depends on lanes alone */
    assert_ok(value__prog_eval(v.p, vals, N, size - 1, VALUE__DEP_LANE, VALUE__DEP_LANE));
    ck_assert(vals[l * N] == 2 && vals[l * N + 1] == 4 && vals[l * N + 2] == 6);
    ck_assert(vals[t * N] == MARK && vals[lt * N] == MARK && vals[s * N] == MARK && vals[all * N] == MARK);
    /* need TIME, have LANE | TIME: the time nodes and lane-and-time nodes;
     * last stops before the state nodes anyway */
    assert_ok(value__prog_eval(v.p, vals, N, lt, VALUE__DEP_TIME, VALUE__DEP_LANE | VALUE__DEP_TIME));
    ck_assert(vals[t * N] == 4.5 && vals[t * N + 1] == MARK); /* one value for all lanes */
    ck_assert(vals[lt * N] == 4 && vals[lt * N + 1] == 8 && vals[lt * N + 2] == 12);
    ck_assert(vals[s * N] == MARK && vals[all * N] == MARK);
    /* a lane node is not evaluated again at the time level */
    vals[l * N] = MARK;
    assert_ok(value__prog_eval(v.p, vals, N, size - 1, VALUE__DEP_TIME, VALUE__DEP_LANE | VALUE__DEP_TIME));
    ck_assert(vals[l * N] == MARK && vals[s * N] == MARK && vals[all * N] == MARK);
    vals[l * N] = 2;
    /* need STATE, have all: the state nodes */
    assert_ok(value__prog_eval(v.p, vals, N, size - 1, VALUE__DEP_STATE,
                               VALUE__DEP_LANE | VALUE__DEP_TIME | VALUE__DEP_STATE));
    ck_assert(vals[s * N] == 70 && vals[s * N + 1] == MARK);
    ck_assert(vals[all * N] == 12 && vals[all * N + 1] == 13 && vals[all * N + 2] == 14);
    /* the time level alone does not reach a node that also needs the state */
    vals[all * N] = MARK;
    assert_ok(value__prog_eval(v.p, vals, N, size - 1, VALUE__DEP_TIME, VALUE__DEP_LANE | VALUE__DEP_TIME));
    ck_assert(vals[all * N] == MARK);
    /* bad calls */
    size_t node = 99;
    assert_fails(value__prog_input(v.p, 8, &node), VALUE_EINVAL, "deps is 8");
    ck_assert_uint_eq(node, 99);
    assert_fails(value__prog_eval(v.p, vals, N, size, VALUE__DEP_LANE, VALUE__DEP_LANE), VALUE_EINVAL,
                 "not in [0, ");
    assert_fails(value__prog_eval(NULL, vals, N, 0, 0, 0), VALUE_EINVAL, "p");
    assert_ok(value__prog_eval(v.p, vals, 0, 0, 0, 0)); /* no lanes: nothing to do */
    ck_assert_uint_eq(value__prog_deps(v.p, size), 0);
    free(vals);
    value__prog_free(v.p);
}
END_TEST

/* ---- lookups ------------------------------------------------------------------ */

static double lookup_value(const char *text, double x, double y, int *rc)
{
    return value_rc(text, x, y, 0, rc);
}

START_TEST(lookups)
{
    int rc;
    /* step: the row of the largest key <= x (ages 35, 45, 55: 0.01, 0.02, 0.04) */
    ck_assert(value3("lookup(life, x)", 35, 0, 0) == 0.01);
    ck_assert(value3("lookup(life, x)", 44.999, 0, 0) == 0.01);
    ck_assert(value3("lookup(life, x)", 45, 0, 0) == 0.02);
    ck_assert(value3("lookup(life, x)", 54, 0, 0) == 0.02);
    ck_assert(value3("lookup(life, x)", 55, 0, 0) == 0.04);
    ck_assert(value3("lookup(life, x)", 1e300, 0, 0) == 0.04);
    ck_assert(value3("lookup(life, x)", INFINITY, 0, 0) == 0.04);
    /* below the first key, or NaN: VALUE_EDOM (folded or evaluated alike) */
    lookup_value("lookup(life, x)", 20, 0, &rc);
    ck_assert_int_eq(rc, VALUE_EDOM);
    ck_assert_str_eq(value_errmsg(), "lookup(life): the key is 20, below the first row key 35");
    lookup_value("lookup(life, x)", NAN, 0, &rc);
    ck_assert_int_eq(rc, VALUE_EDOM);
    ck_assert_str_eq(value_errmsg(), "lookup(life): the key is NaN");
    /* linear (keys 0, 10, 20: 1, 3, 4): 5 is halfway, 1 + 0.5 * 2 = 2;
     * 2.5 is 1 + 0.25 * 2 = 1.5; 15 is 3 + 0.5 * 1 = 3.5; outside, the end rows */
    ck_assert(value3("lookup(hazard, x)", 5, 0, 0) == 2);
    ck_assert(value3("lookup(hazard, x)", 2.5, 0, 0) == 1.5);
    ck_assert(value3("lookup(hazard, x)", 15, 0, 0) == 3.5);
    ck_assert(value3("lookup(hazard, x)", 10, 0, 0) == 3);
    ck_assert(value3("lookup(hazard, x)", -5, 0, 0) == 1);
    ck_assert(value3("lookup(hazard, x)", -INFINITY, 0, 0) == 1);
    ck_assert(value3("lookup(hazard, x)", 25, 0, 0) == 4);
    /* 0.1 of the way from 10 to 20: (11 - 10) / 10 = 0.1, 3 + 0.1 * 1 */
    assert_bits(value3("lookup(hazard, x)", 11, 0, 0), 3 + ((11.0 - 10) / (20.0 - 10)) * (4.0 - 3));
    lookup_value("lookup(hazard, x)", NAN, 0, &rc);
    ck_assert_int_eq(rc, VALUE_EDOM);
    ck_assert_str_eq(value_errmsg(), "lookup(hazard): the key is NaN");
    /* two keys: rows by age (35, 45), columns by sex (0, 1): the column of the
     * largest key <= y */
    ck_assert(value3("lookup(life2, x, y)", 40, 1, 0) == 0.02);
    ck_assert(value3("lookup(life2, x, y)", 40, 0, 0) == 0.01);
    ck_assert(value3("lookup(life2, x, y)", 50, 0.5, 0) == 0.03);
    ck_assert(value3("lookup(life2, x, y)", 50, 7, 0) == 0.04);
    /* linear rows, step columns: age 40 is halfway, 0.01 + 0.5 * 0.02 = 0.02 */
    assert_bits(value3("lookup(hazard2, x, y)", 40, 0, 0), 0.01 + 0.5 * (0.03 - 0.01));
    assert_bits(value3("lookup(hazard2, x, y)", 42, 1, 0), 0.02 + ((42.0 - 35) / (45.0 - 35)) * (0.04 - 0.02));
    lookup_value("lookup(life2, x, y)", 40, -1, &rc);
    ck_assert_int_eq(rc, VALUE_EDOM);
    ck_assert_str_eq(value_errmsg(), "lookup(life2): the column key is -1, below the first column key 0");
    lookup_value("lookup(hazard2, x, y)", 40, NAN, &rc);
    ck_assert_int_eq(rc, VALUE_EDOM);
    ck_assert_str_eq(value_errmsg(), "lookup(hazard2): the column key is NaN");
    lookup_value("lookup(life2, x, y)", 30, 0, &rc);
    ck_assert_int_eq(rc, VALUE_EDOM);
    ck_assert_str_eq(value_errmsg(), "lookup(life2): the key is 30, below the first row key 35");
    /* keys per lane, and one key uniform with the other per lane */
    env v = {.p = value__prog_new()};
    ck_assert_ptr_nonnull(v.p);
    env_tables(&v);
    size_t age, sex, t;
    assert_ok(value__prog_input(v.p, VALUE__DEP_LANE, &age));
    assert_ok(value__prog_input(v.p, VALUE__DEP_LANE, &sex));
    assert_ok(value__prog_input(v.p, VALUE__DEP_TIME, &t));
    env_add(&v, "age", age);
    env_add(&v, "sex", sex);
    env_add(&v, "t", t);
    size_t both = compile(&v, "lookup(life2, age, sex)");
    size_t by_sex = compile(&v, "lookup(life2, t, sex)");
    size_t by_age = compile(&v, "lookup(life2, age, t - 40)");
    size_t lin = compile(&v, "lookup(hazard, age - 30)");
    enum { N = 6 };
    size_t size = value__prog_size(v.p);
    double vals[64 * N];
    ck_assert(size <= 64);
    const double ages[N] = {35, 40, 45, 50, 39.5, 100}, sexes[N] = {0, 1, 0, 1, 1, 0}, tt = 41;
    value__prog_set_input(v.p, vals, N, age, ages);
    value__prog_set_input(v.p, vals, N, sex, sexes);
    value__prog_set_input(v.p, vals, N, t, &tt);
    assert_ok(value__prog_eval(v.p, vals, N, size - 1, 0, 0));
    assert_ok(value__prog_eval(v.p, vals, N, size - 1, VALUE__DEP_LANE, VALUE__DEP_LANE));
    assert_ok(value__prog_eval(v.p, vals, N, size - 1, VALUE__DEP_TIME, VALUE__DEP_LANE | VALUE__DEP_TIME));
    const double want_both[N] = {0.01, 0.02, 0.03, 0.04, 0.02, 0.03};
    const double want_sex[N] = {0.01, 0.02, 0.01, 0.02, 0.02, 0.01};   /* age 41: row 35 */
    const double want_age[N] = {0.02, 0.02, 0.04, 0.04, 0.02, 0.04};   /* 41 - 40 = 1: column 1 */
    /* age - 30 = 5, 10, 15, 20, 9.5, 70 on keys 0, 10, 20 (values 1, 3, 4) */
    const double want_lin[N] = {2, 3, 3.5, 4, 0, 4};
    for (int i = 0; i < N; i++) {
        ck_assert_msg(vals[both * N + i] == want_both[i], "lane %d", i);
        ck_assert_msg(vals[by_sex * N + i] == want_sex[i], "lane %d", i);
        ck_assert_msg(vals[by_age * N + i] == want_age[i], "lane %d", i);
        ck_assert_msg(same_bits(vals[lin * N + i], want_lin[i]) || i == 4, "lane %d: %.17g", i, vals[lin * N + i]);
    }
    /* lane 4: 9.5 / 10 = 0.95 (rounded), 1 + 0.95 * (3 - 1) */
    assert_bits(vals[lin * N + 4], 1 + (9.5 / 10) * (3.0 - 1));
    /* a key refused in one lane fails the evaluation */
    const double bad_ages[N] = {35, 40, 45, 50, 34.9, 100};
    value__prog_set_input(v.p, vals, N, age, bad_ages);
    assert_fails(value__prog_eval(v.p, vals, N, size - 1, VALUE__DEP_LANE, VALUE__DEP_LANE), VALUE_EDOM,
                 "lookup(life2): the key is 34.9, below the first row key 35");
    /* a uniform key refused: the column key t - 40 at t = 39 */
    value__prog_set_input(v.p, vals, N, age, ages);
    const double t39 = 39;
    value__prog_set_input(v.p, vals, N, t, &t39);
    assert_ok(value__prog_eval(v.p, vals, N, size - 1, VALUE__DEP_LANE, VALUE__DEP_LANE));
    assert_fails(value__prog_eval(v.p, vals, N, size - 1, VALUE__DEP_TIME, VALUE__DEP_LANE | VALUE__DEP_TIME),
                 VALUE_EDOM, "lookup(life2): the column key is -1, below the first column key 0");
    /* keys against the table's shape are refused when compiling */
    value__expr *e = NULL;
    value__resolver r = {env_name, env_table, &v};
    size_t node = 12345;
    assert_ok(value__expr_parse("1 + lookup(life2, age)", WHERE, false, &e));
    assert_fails(value__prog_compile(v.p, e, &r, WHERE, &node), VALUE_EINVAL,
                 WHERE ": lookup(life2) takes 2 keys (row, column) (the table has 2 columns), got 1 at character 5 "
                       "('lookup')");
    value__expr_free(e);
    assert_ok(value__expr_parse("lookup(life, age, sex)", WHERE, false, &e));
    assert_fails(value__prog_compile(v.p, e, &r, WHERE, &node), VALUE_EINVAL,
                 WHERE ": lookup(life) takes 1 key (the table has 1 column), got 2 at character 1 ('lookup')");
    value__expr_free(e);
    assert_ok(value__expr_parse("lookup(lfe, age)", WHERE, false, &e));
    assert_fails(value__prog_compile(v.p, e, &r, WHERE, &node), VALUE_ENOTFOUND,
                 WHERE ": unknown table 'lfe' (did you mean 'life'?) at character 1 ('lookup') of \"lookup(lfe, age)\"");
    value__expr_free(e);
    ck_assert_uint_eq(node, 12345);
    /* a constant key outside the table is kept as a node and fails when
     * evaluated, as the same key from an input would */
    size_t before = value__prog_size(v.p);
    size_t c = compile(&v, "lookup(life, 20)");
    ck_assert_uint_eq(value__prog_deps(v.p, c), 0);
    ck_assert(value__prog_size(v.p) > before && c < 64);
    assert_fails(value__prog_eval(v.p, vals, N, c, 0, 0), VALUE_EDOM, "the key is 20, below the first row key 35");
    value__prog_free(v.p);
}
END_TEST

/* ---- names, tables, text, complement, compile errors ----------------------------- */

START_TEST(names_and_tables)
{
    value__expr *e = NULL;
    const char *text = "a + b * a + lookup(t, c) + lookup(t, a) + lookup(u, b.2) + exp(d_1) + log(a, 2)";
    assert_ok(value__expr_parse(text, WHERE, true, &e));
    ck_assert(!value__expr_is_complement(e));
    ck_assert_str_eq(value__expr_text(e), text);
    ck_assert_uint_eq(value__expr_n_names(e), 5);
    const char *want[] = {"a", "b", "c", "b.2", "d_1"};
    for (size_t i = 0; i < 5; i++)
        ck_assert_str_eq(value__expr_name(e, i), want[i]);
    ck_assert_ptr_null(value__expr_name(e, 5));
    ck_assert_uint_eq(value__expr_n_tables(e), 2);
    ck_assert_str_eq(value__expr_table(e, 0), "t");
    ck_assert_str_eq(value__expr_table(e, 1), "u");
    ck_assert_ptr_null(value__expr_table(e, 2));
    value__expr_free(e);
    /* function names are not names; a name may be a function's name */
    assert_ok(value__expr_parse("exp + exp(1) + if", WHERE, false, &e));
    ck_assert_uint_eq(value__expr_n_names(e), 2);
    ck_assert_str_eq(value__expr_name(e, 0), "exp");
    ck_assert_str_eq(value__expr_name(e, 1), "if");
    value__expr_free(e);
    /* the complement */
    assert_ok(value__expr_parse("  C\t", "transition 'A' -> 'B'", true, &e));
    ck_assert(value__expr_is_complement(e));
    ck_assert_uint_eq(value__expr_n_names(e), 0);
    ck_assert_str_eq(value__expr_text(e), "  C\t");
    value__prog *p = value__prog_new();
    ck_assert_ptr_nonnull(p);
    env v = {.p = p};
    value__resolver r = {env_name, env_table, &v};
    size_t node = 777;
    assert_fails(value__prog_compile(p, e, &r, "transition 'A' -> 'B'", &node), VALUE_EINVAL,
                 "transition 'A' -> 'B': C (the complement) is not a value to compile");
    value__expr_free(e);
    /* unknown names: the resolver's message, with where and the place */
    size_t pn;
    assert_ok(value__prog_input(p, VALUE__DEP_LANE, &pn));
    env_add(&v, "p", pn);
    env_add(&v, "p_AB", pn);
    assert_ok(value__expr_parse("1 - p_XY", "transition 'A' -> 'B'", false, &e));
    assert_fails(value__prog_compile(p, e, &r, "transition 'A' -> 'B'", &node), VALUE_ENOTFOUND,
                 "transition 'A' -> 'B': unknown parameter 'p_XY' (known: 'p_AB', 'p') at character 5 ('p_XY') of "
                 "\"1 - p_XY\"");
    value__expr_free(e);
    assert_ok(value__expr_parse("1 - p_BA", "transition 'A' -> 'B'", false, &e));
    assert_fails(value__prog_compile(p, e, &r, "transition 'A' -> 'B'", &node), VALUE_ENOTFOUND,
                 "unknown parameter 'p_BA' (did you mean 'p_AB'?) at character 5");
    value__expr_free(e);
    ck_assert_uint_eq(node, 777);
    /* NULL pointers and a resolver without functions */
    assert_ok(value__expr_parse("p", WHERE, false, &e));
    assert_fails(value__prog_compile(NULL, e, &r, WHERE, &node), VALUE_EINVAL, "p");
    assert_fails(value__prog_compile(p, NULL, &r, WHERE, &node), VALUE_EINVAL, "e");
    assert_fails(value__prog_compile(p, e, NULL, WHERE, &node), VALUE_EINVAL, "r");
    assert_fails(value__prog_compile(p, e, &r, WHERE, NULL), VALUE_EINVAL, "out_node");
    value__resolver none = {NULL, NULL, NULL};
    assert_fails(value__prog_compile(p, e, &none, WHERE, &node), VALUE_EINVAL, "no name function");
    ck_assert_uint_eq(node, 777);
    assert_ok(value__prog_compile(p, e, &r, WHERE, &node));
    ck_assert_uint_eq(node, pn);
    value__expr_free(e);
    /* accessors take NULL */
    ck_assert(!value__expr_is_complement(NULL) && value__expr_text(NULL) == NULL && value__expr_n_names(NULL) == 0);
    ck_assert_uint_eq(value__prog_size(NULL), 0);
    value__expr_free(NULL);
    value__prog_free(NULL);
    value__prog_free(p);
}
END_TEST

/* A resolver that compiles a derived parameter on demand, into the same
 * program, as the model's does. */
typedef struct derived_env {
    value__prog *p;
    size_t base;
    int calls;
} derived_env;

static int derived_name(void *ctx, const char *name, size_t *out)
{
    derived_env *d = ctx;
    d->calls++;
    if (strcmp(name, "base") == 0) {
        *out = d->base;
        return VALUE_OK;
    }
    const char *text = strcmp(name, "twice") == 0 ? "base * 2 + exp(base)"
                       : strcmp(name, "broken") == 0 ? "1 + nope" : NULL;
    if (text != NULL) {
        char where[64];
        snprintf(where, sizeof where, "parameter '%s'", name);
        value__expr *e = NULL;
        int rc = value__expr_parse(text, where, false, &e);
        if (rc)
            return rc;
        value__resolver r = {derived_name, NULL, d};
        rc = value__prog_compile(d->p, e, &r, where, out);
        value__expr_free(e);
        return rc;
    }
    return value__fail(VALUE_ENOTFOUND, "unknown parameter '%s'", name);
}

START_TEST(derived_parameters)
{
    derived_env d = {.p = value__prog_new()};
    ck_assert_ptr_nonnull(d.p);
    assert_ok(value__prog_input(d.p, VALUE__DEP_LANE, &d.base));
    value__expr *e = NULL;
    /* the resolver grows the program while compile runs */
    assert_ok(value__expr_parse("twice - exp(base) + twice", WHERE, false, &e));
    value__resolver r = {derived_name, NULL, &d};
    size_t node;
    assert_ok(value__prog_compile(d.p, e, &r, WHERE, &node));
    value__expr_free(e);
    size_t size = value__prog_size(d.p);
    double vals[32 * 2];
    ck_assert(size <= 32);
    const double base[2] = {0.5, 1.5};
    value__prog_set_input(d.p, vals, 2, d.base, base);
    assert_ok(value__prog_eval(d.p, vals, 2, size - 1, 0, 0));
    assert_ok(value__prog_eval(d.p, vals, 2, node, VALUE__DEP_LANE, VALUE__DEP_LANE));
    for (int i = 0; i < 2; i++) {
        double tw = base[i] * 2 + exp(base[i]);
        assert_bits(vals[node * 2 + (size_t)i], tw - exp(base[i]) + tw);
    }
    /* a failure inside the derived parameter names both elements */
    assert_ok(value__expr_parse("broken * 2", "transition 'A' -> 'B'", false, &e));
    ck_assert_int_eq(value__prog_compile(d.p, e, &r, "transition 'A' -> 'B'", &node), VALUE_ENOTFOUND);
    ck_assert_str_eq(value_errmsg(), "transition 'A' -> 'B': parameter 'broken': unknown parameter 'nope' at character 5 "
                                     "('nope') of \"1 + nope\" at character 1 ('broken') of \"broken * 2\"");
    value__expr_free(e);
    value__prog_free(d.p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("model_expr");
    TCase *tc = tcase_create("model_expr");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, parse_errors);
    tcase_add_test(tc, parse_limits);
    tcase_add_test(tc, operators);
    tcase_add_test(tc, functions);
    tcase_add_test(tc, precedence);
    tcase_add_test(tc, lanes_bitwise);
    tcase_add_test(tc, hash_consing);
    tcase_add_test(tc, dependency_levels);
    tcase_add_test(tc, lookups);
    tcase_add_test(tc, names_and_tables);
    tcase_add_test(tc, derived_parameters);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
