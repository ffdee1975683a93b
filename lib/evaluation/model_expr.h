/*
 * The model module's expressions: parsed once, compiled with the model's
 * other expressions into one program that shares common subexpressions,
 * and evaluated for many lanes (PSA draws, or people of a
 * microsimulation) at once.  Internal (model_expr.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Grammar (value.h, group "model", lists the functions):
 *   expr    := or
 *   or      := and (("||" | "|") and)*
 *   and     := not (("&&" | "&") not)*
 *   not     := "!" not | cmp
 *   cmp     := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
 *   sum     := term (("+" | "-") term)*
 *   term    := unary (("*" | "/") unary)*
 *   unary   := "-" unary | "+" unary | power
 *   power   := atom ("^" unary)?          (right-associative: 2^-1, 2^3^2 = 2^9)
 *   atom    := number | name | name "(" args? ")" | "(" expr ")"
 * Names: a letter or '_', then letters, digits, '_' or '.'.  Numbers are
 * read by value__parse_decimal() ("1e-3", ".5"; not "inf" or "nan").
 * The first argument of lookup() is a table's name, not a value.  Blanks
 * are ' ', tab, CR and LF.  "1 < 2 < 3" is refused (comparisons do not
 * chain), and "!" heads an operand of && or || only ("2 * !x" is refused),
 * as the grammar says.
 *
 * Values (as R's, NaN standing for NA): a comparison is 1 or 0, NaN when
 * an operand is NaN; nonzero is true; 0 && NaN is 0 and 1 || NaN is 1,
 * other logic on NaN is NaN; if(c, a, b) selects per lane (both branches
 * are evaluated, and a NaN in the branch not taken does not leak; c NaN
 * gives NaN); min/max give NaN when an operand is NaN; log(x, 10) and
 * log(x, 2) are log10 and log2 (log(1000, 10) is 3), other bases
 * log(x) / log(b).  rate_to_prob, prob_to_rate and rescale_prob are
 * computed as value_prob_from_rate/_to_rate/_rescale (bitwise alike) and
 * are NaN outside their domain (a negative rate or time, p outside
 * [0, 1], t or from <= 0); odds_to_prob is NaN for negative odds,
 * prob_to_odds for p outside [0, 1].  x / 0, log(0), 0^-1 are Inf as in
 * C.  A lookup() in a branch not taken is still evaluated: a key it
 * refuses fails the evaluation (clamp it: lookup(life, max(age, 35))).
 *
 * Evaluation is the same sequence of IEEE operations for every lane (no
 * reduction across lanes, no fused multiply-add), so a lane's value does
 * not depend on how many lanes run together or on which thread.
 */
#ifndef VALUE_MODEL_EXPR_H
#define VALUE_MODEL_EXPR_H

#include "core/internal.h"

#include <stdbool.h>
#include <stddef.h>

/* ---- parsing -------------------------------------------------------------- */

/* A parsed expression (a syntax tree).  Immutable once parsed. */
typedef struct value__expr value__expr;

/* Parse text.  `where` names the model element for messages ("parameter
 * 'p_AB'", "transition 'A' -> 'B' of strategy 'comb'").  When
 * allow_complement is true, the text "C" alone (surrounding blanks
 * allowed) parses as the complement (value__expr_is_complement()); "C"
 * inside a larger expression is then still an error, as everywhere else
 * when allow_complement is false: "C (the complement) stands alone".
 * On a syntax error: VALUE_EPARSE, message
 *   "<where>: <what> at character <k> ('<token>') of \"<text>\""
 * with k counting bytes from 1 (the text is quoted to 100 bytes, "..."
 * after; bytes outside printable ASCII as \xHH) (e.g. "parameter 'x': unexpected ')' at
 * character 5 (')') of \"2 * )\"", "... unknown function 'lg' (did you mean
 * 'log'?) at character 1 ...", "... log takes 1 or 2 arguments, got 3 ...",
 * "... expected ')' at end ..."), *out untouched.  The other <what>s:
 * "unmatched ')'", "unexpected 'x' after a complete expression", "bad
 * number", "number out of range", "expected ')', not 'x'", "expected ','
 * or ')', not 'x'", "comparisons do not chain ...", "lookup's first
 * argument is a table's name", "nested over 256 deep"; an empty (or all
 * blank) text is "<where>: empty expression".  Texts over 65536 bytes
 * ("<where>: the expression is over 65536 bytes long") or nested over 256
 * deep (parentheses, calls, prefix operators, powers) are refused with
 * VALUE_EPARSE; a long flat sum is not deep.  VALUE_EINVAL for NULL
 * pointers; VALUE_ENOMEM. */
int value__expr_parse(const char *text, const char *where, bool allow_complement, value__expr **out);

void value__expr_free(value__expr *e);

/* The expression is "C", the complement of its transition row. */
bool value__expr_is_complement(const value__expr *e);

/* The text it was parsed from (owned by e). */
const char *value__expr_text(const value__expr *e);

/* The distinct names the expression reads as values (not function names,
 * not lookup()'s table names), in order of first appearance; and the
 * distinct table names of its lookup() calls.  Owned by e. */
size_t value__expr_n_names(const value__expr *e);
const char *value__expr_name(const value__expr *e, size_t i);
size_t value__expr_n_tables(const value__expr *e);
const char *value__expr_table(const value__expr *e, size_t i);

/* ---- programs --------------------------------------------------------------- */

/* What a node's value depends on: a node depends on what its operands do. */
enum {
    VALUE__DEP_LANE = 1,  /* differs between lanes (a PSA draw, a person) */
    VALUE__DEP_TIME = 2,  /* changes with the cycle (model_time, age) */
    VALUE__DEP_STATE = 4  /* changes with the time in a state (state_time) */
};

/* A lookup table, as value_model_add_table() takes it (the program keeps
 * a pointer: the table must outlive the program). */
typedef struct value__table {
    const char *name;
    const double *row_keys; /* n_rows, increasing */
    size_t n_rows;
    const double *col_keys; /* n_cols, increasing; NULL when n_cols is 1 */
    size_t n_cols;
    const double *values;   /* n_rows x n_cols, row-major */
    int lookup;             /* VALUE_MODEL_STEP or VALUE_MODEL_LINEAR */
} value__table;

/* A program: nodes in topological order (an operand's index is below its
 * user's).  Identical subexpressions are one node (hash-consing), and a
 * node whose operands are all constants is folded to a constant. */
typedef struct value__prog value__prog;

value__prog *value__prog_new(void); /* NULL when out of memory (message set) */
void value__prog_free(value__prog *p);

/* An input node: a value set per evaluation with value__prog_set_input()
 * (a parameter's draws, model_time, state_time).  deps says what it
 * depends on (a PSA-drawn parameter VALUE__DEP_LANE; model_time
 * VALUE__DEP_TIME; state_time VALUE__DEP_STATE, or with VALUE__DEP_LANE
 * in a microsimulation where each person has their own). */
int value__prog_input(value__prog *p, unsigned deps, size_t *out_node);

/* A constant node. */
int value__prog_const(value__prog *p, double v, size_t *out_node);

/* How compilation resolves a name: set *out_node to the node that gives
 * its value (an input, a constant, or an already compiled expression:
 * a derived parameter) and return VALUE_OK, or return an error with its
 * message set (VALUE_ENOTFOUND "unknown parameter 'x' (did you mean
 * ...)", a dependency cycle, ...).  Tables: set *out_table to the table
 * of that name or fail likewise. */
typedef struct value__resolver {
    int (*name)(void *ctx, const char *name, size_t *out_node);
    int (*table)(void *ctx, const char *name, const value__table **out_table);
    void *ctx;
} value__resolver;

/* Compile a parsed expression into p and give the node of its value.
 * Checks arity of lookup() against the table (one or two keys).  On
 * failure the message starts with "<where>: " and p may hold unused
 * nodes (harmless; they are evaluated with the others).  A resolver's
 * failure keeps its status and message, placed: "<where>: <its message>
 * at character k ('<name>') of \"<text>\"".  The resolver may compile
 * into p (a derived parameter) while this runs.  A complement cannot be
 * compiled (VALUE_EINVAL).  *out_node untouched on failure.
 * Folding runs the evaluator's kernels on one lane, so a folded constant
 * is bitwise what evaluation would give; a lookup of a constant key the
 * table refuses is not folded (it fails when evaluated).  if() with a
 * constant condition is the node of the branch it selects. */
int value__prog_compile(value__prog *p, const value__expr *e, const value__resolver *r, const char *where,
                        size_t *out_node);

/* Nodes so far, and what node i depends on (VALUE__DEP_* bits). */
size_t value__prog_size(const value__prog *p);
unsigned value__prog_deps(const value__prog *p, size_t node);

/* ---- evaluation ------------------------------------------------------------- */

/* The values of a program's nodes for n lanes: node i's values are
 * vals[i * n .. i * n + n) when it depends on lanes, else vals[i * n]
 * alone (one value for all lanes).  The caller owns vals
 * (value__prog_size() * n doubles) and may keep it between calls. */

/* Set input node `node`: n values (a lane input) or one (else).  Does
 * nothing when node is not an input of p. */
void value__prog_set_input(const value__prog *p, double *vals, size_t n, size_t node, const double *v);

/* Evaluate every node up to and including `last` whose deps include a bit
 * of `need` and no bit outside `have`; with need 0, write the constant
 * nodes (once per vals buffer, before the others).  A typical cohort run: once per chunk of lanes,
 * need = LANE, have = LANE; then each cycle need = TIME, have = LANE|TIME;
 * then for each time in state need = STATE, have = all.  Inputs must be
 * set before.  Returns VALUE_OK, or VALUE_EDOM when a lookup key is NaN or
 * below a step table's first key ("lookup(lifetable): the key is 20,
 * below the first row key 35"); other domain errors (log of a negative,
 * 0/0) give NaN or Inf values, which the caller checks where they
 * matter.  The other key messages: "lookup(t): the key is NaN",
 * "lookup(t): the column key is -1, below the first column key 0".  vals
 * may be partly written on VALUE_EDOM.  n = 0 does nothing; VALUE_EINVAL
 * for NULL pointers or last not below value__prog_size(). */
int value__prog_eval(const value__prog *p, double *vals, size_t n, size_t last, unsigned need, unsigned have);

#endif
