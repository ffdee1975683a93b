/* The model module's expressions (lib/evaluation/model_expr.c): any text
 * is refused with a status and a message naming where, output untouched,
 * or parses to an expression that compiles (or is refused) with a resolver
 * knowing a few names and tables, and evaluates for 3 lanes to what each
 * lane gives alone and what the same expression folded from constants
 * gives, bitwise (or all refuse a lookup key with VALUE_EDOM).  The first
 * byte's low bit allows the complement "C".
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz.h"

#include "core/internal.h"
#include "evaluation/model_expr.h"

#define WHERE "fuzz"
enum { LANES = 3 };

static const double AGE[3] = {35, 45, 55}, QX[3] = {0.01, 0.02, 0.04};
static const double AGE2[2] = {35, 45}, SEX[2] = {0, 1}, QX2[4] = {0.01, 0.02, 0.03, 0.04};
static const value__table TABLES[3] = {
    {"t1", AGE, 3, NULL, 1, QX, VALUE_MODEL_STEP},
    {"t2", AGE, 3, NULL, 1, QX, VALUE_MODEL_LINEAR},
    {"t3", AGE2, 2, SEX, 2, QX2, VALUE_MODEL_STEP},
};
static const char *NAMES[5] = {"a", "b", "model_time", "state_time", "k"};
static const unsigned DEPS[5] = {VALUE__DEP_LANE, VALUE__DEP_LANE, VALUE__DEP_TIME, VALUE__DEP_STATE, 0};
/* the lanes' values of a and b; model_time, state_time, k */
static const double A[LANES] = {0.3, -1.5, 40}, B[LANES] = {2, 0, 1e300}, UNIFORM[3] = {3, 2, 0.5};

typedef struct ctx {
    value__prog *p;
    size_t nodes[5];
} ctx;

static int resolve_name(void *c, const char *name, size_t *out)
{
    const ctx *x = c;
    for (int k = 0; k < 5; k++)
        if (strcmp(name, NAMES[k]) == 0) {
            *out = x->nodes[k];
            return VALUE_OK;
        }
    return value__fail(VALUE_ENOTFOUND, "unknown parameter '%s'", name);
}

static int resolve_table(void *c, const char *name, const value__table **out)
{
    (void)c;
    for (int k = 0; k < 3; k++)
        if (strcmp(name, TABLES[k].name) == 0) {
            *out = &TABLES[k];
            return VALUE_OK;
        }
    return value__fail(VALUE_ENOTFOUND, "unknown table '%s'", name);
}

/* Compile e into a new program: names as inputs (lane `lane` of A and B
 * only when lanes is 1 and lane >= 0) or, with as_const, as constants of
 * lane `lane`; evaluate every level; the result node's values in out.
 * Returns the compile or evaluation status; -100 when memory ran out. */
static int run(const value__expr *e, int lane, size_t lanes, bool as_const, double *out)
{
    ctx c = {value__prog_new(), {0}};
    if (c.p == NULL)
        return -100;
    int rc = VALUE_OK;
    for (int k = 0; k < 5 && rc == VALUE_OK; k++) {
        double v = k == 0 ? A[lane < 0 ? 0 : lane] : k == 1 ? B[lane < 0 ? 0 : lane] : UNIFORM[k - 2];
        rc = as_const ? value__prog_const(c.p, v, &c.nodes[k]) : value__prog_input(c.p, DEPS[k], &c.nodes[k]);
    }
    size_t node = 0;
    value__resolver r = {resolve_name, resolve_table, &c};
    if (rc == VALUE_OK) {
        size_t before = value__prog_size(c.p);
        rc = value__prog_compile(c.p, e, &r, WHERE, &node);
        FUZZ_CHECK(rc == VALUE_OK || rc == VALUE_ENOTFOUND || rc == VALUE_EINVAL || rc == VALUE_ENOMEM);
        if (rc != VALUE_OK && rc != VALUE_ENOMEM)
            FUZZ_CHECK(strncmp(value_errmsg(), WHERE ": ", strlen(WHERE) + 2) == 0);
        if (rc == VALUE_OK) {
            FUZZ_CHECK(node < value__prog_size(c.p) && value__prog_size(c.p) >= before);
            /* compiling again shares every node */
            size_t size = value__prog_size(c.p), again = SIZE_MAX;
            int rc2 = value__prog_compile(c.p, e, &r, WHERE, &again);
            FUZZ_CHECK(rc2 == VALUE_OK && again == node && value__prog_size(c.p) == size);
            if (as_const)
                FUZZ_CHECK(value__prog_deps(c.p, node) == 0);
        }
    }
    if (rc == VALUE_ENOMEM) {
        value__prog_free(c.p);
        return -100;
    }
    if (rc == VALUE_OK) {
        size_t size = value__prog_size(c.p);
        double *vals = malloc(size * lanes * sizeof *vals);
        if (vals == NULL) {
            value__prog_free(c.p);
            return -100;
        }
        for (int k = 0; k < 5 && !as_const; k++) {
            double v[LANES];
            for (size_t i = 0; i < lanes; i++)
                v[i] = k == 0 ? A[lane < 0 ? i : (size_t)lane] : k == 1 ? B[lane < 0 ? i : (size_t)lane] : UNIFORM[k - 2];
            value__prog_set_input(c.p, vals, lanes, c.nodes[k], v);
        }
        const unsigned L = VALUE__DEP_LANE, T = VALUE__DEP_TIME, S = VALUE__DEP_STATE;
        const unsigned need[4] = {0, L, T, S}, have[4] = {0, L, L | T, L | T | S};
        for (int level = 0; level < 4 && rc == VALUE_OK; level++)
            rc = value__prog_eval(c.p, vals, lanes, size - 1, need[level], have[level]);
        FUZZ_CHECK(rc == VALUE_OK || rc == VALUE_EDOM);
        if (rc == VALUE_EDOM)
            FUZZ_CHECK(strncmp(value_errmsg(), "lookup(", 7) == 0);
        bool lane_node = value__prog_deps(c.p, node) & VALUE__DEP_LANE;
        for (size_t i = 0; i < lanes && rc == VALUE_OK; i++)
            out[i] = vals[node * lanes + (lane_node ? i : 0)];
        free(vals);
    }
    value__prog_free(c.p);
    return rc;
}

/* Bitwise the same, but any NaN equals any NaN: a NaN's sign and payload
 * carry no value (the compiler may fold 0 * -Inf or NaN + NaN to either
 * sign), and every caller treats a NaN probability or value as an error. */
static bool same_value(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    char *text = fuzz_text(data + 1, size - 1);
    if (text == NULL)
        return 0;
    value__expr *sentinel = (value__expr *)&sentinel, *e = sentinel;
    int rc = value__expr_parse(text, WHERE, data[0] & 1, &e);
    FUZZ_CHECK(rc == VALUE_OK || rc == VALUE_EPARSE || rc == VALUE_ENOMEM);
    if (rc != VALUE_OK) {
        FUZZ_CHECK(e == sentinel);
        if (rc == VALUE_EPARSE)
            FUZZ_CHECK(strncmp(value_errmsg(), WHERE ": ", strlen(WHERE) + 2) == 0);
        free(text);
        return 0;
    }
    FUZZ_CHECK(strcmp(value__expr_text(e), text) == 0);
    for (size_t i = 0; i < value__expr_n_names(e); i++) {
        FUZZ_CHECK(value__expr_name(e, i) != NULL && strcmp(value__expr_name(e, i), "C") != 0);
        for (size_t j = 0; j < i; j++)
            FUZZ_CHECK(strcmp(value__expr_name(e, i), value__expr_name(e, j)) != 0);
    }
    for (size_t i = 0; i < value__expr_n_tables(e); i++)
        FUZZ_CHECK(value__expr_table(e, i) != NULL);
    if (value__expr_is_complement(e)) {
        value__prog *p = value__prog_new();
        size_t node = 12345;
        value__resolver r = {resolve_name, resolve_table, NULL};
        if (p != NULL)
            FUZZ_CHECK(value__prog_compile(p, e, &r, WHERE, &node) == VALUE_EINVAL && node == 12345);
        value__prog_free(p);
    } else {
        double together[LANES], alone[LANES], folded[LANES];
        int rc_all = run(e, -1, LANES, false, together);
        int rc_one[LANES], rc_const[LANES];
        for (int i = 0; i < LANES; i++) {
            rc_one[i] = run(e, i, 1, false, &alone[i]);
            rc_const[i] = run(e, i, 1, true, &folded[i]);
        }
        bool oom = rc_all == -100;
        for (int i = 0; i < LANES; i++)
            oom |= rc_one[i] == -100 || rc_const[i] == -100;
        if (!oom) {
            bool any_edom = false;
            for (int i = 0; i < LANES; i++) {
                /* compile statuses agree; a lane's value is its value alone
                 * and its value folded from constants */
                FUZZ_CHECK(rc_one[i] == rc_const[i] || (rc_one[i] == VALUE_EDOM) == (rc_const[i] == VALUE_EDOM));
                any_edom |= rc_one[i] == VALUE_EDOM;
                if (rc_one[i] == VALUE_OK && rc_const[i] == VALUE_OK)
                    FUZZ_CHECK(same_value(alone[i], folded[i]));
            }
            if (rc_all == VALUE_OK) {
                for (int i = 0; i < LANES; i++)
                    FUZZ_CHECK(rc_one[i] == VALUE_OK && same_value(together[i], alone[i]));
            } else if (rc_all == VALUE_EDOM) {
                FUZZ_CHECK(any_edom);
            } else {
                for (int i = 0; i < LANES; i++)
                    FUZZ_CHECK(rc_one[i] == rc_all);
            }
        }
    }
    value__expr_free(e);
    free(text);
    return 0;
}
