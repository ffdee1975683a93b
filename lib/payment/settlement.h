/*
 * Internal interface of the settlement module (lib/payment/settlement.c):
 * building a settlement and its explanation lines, for the contract
 * engines (lib/payment/contract_settle.c) and the programs built on them
 * (lib/programs/).  Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef VALUE_SETTLEMENT_INTERNAL_H
#define VALUE_SETTLEMENT_INTERNAL_H

#include "core/internal.h"

#include <stdbool.h>

typedef struct value__settlement_line {
    const char *step; /* static */
    char *text;
    double amount;
} value__settlement_line;

/* Open, not opaque, so that value_contract_settle_all() can settle on the
 * stack (quiet) and read the items back. */
struct value_settlement {
    double item[VALUE_SETTLEMENT_N_ITEMS]; /* NaN: does not apply */
    size_t n_lines, cap;
    value__settlement_line *lines;
    bool oom;   /* a line could not be stored */
    bool quiet; /* amounts only: no lines (value_contract_settle_all()) */
    /* The first amount set or put in a line that is not finite (the cap
     * may be +Inf: no cap): an overflow the builder did not catch with a
     * message of its own.  value__settlement_status() fails on it. */
    int bad_item;          /* a value_settlement_item, or 0 */
    const char *bad_step;  /* or the step of a line, or NULL */
    double bad_value;
};

/* Every item NaN, no lines; quiet: value__settlement_add() stores nothing. */
void value__settlement_init(value_settlement *s, bool quiet);

/* A new settlement as value__settlement_init(s, false); VALUE_ENOMEM
 * (recorded) when out of memory. */
int value__settlement_new(value_settlement **out);

/* Record the first amount that is not finite (see bad_item). */
static inline void value__settlement_check(value_settlement *s, int item, const char *step, double v)
{
    if (!isfinite(v) && s->bad_item == 0 && s->bad_step == NULL) {
        s->bad_item = item;
        s->bad_step = step;
        s->bad_value = v;
    }
}

/* Set an item: a finite amount (the cap: also +Inf, no cap); an item that
 * does not apply is not set (NaN). */
static inline void value__settlement_set(value_settlement *s, value_settlement_item k, double v)
{
    s->item[k] = v;
    if (!(k == VALUE_SETTLEMENT_CAP && v == INFINITY))
        value__settlement_check(s, (int)k, NULL, v);
}

/* Add an explanation line (printf-style text, cut at 511 bytes).  Out of
 * memory sets s->oom and drops the line: value__settlement_status() says
 * so once the settlement is built. */
void value__settlement_add(value_settlement *s, const char *step, double amount, const char *fmt, ...)
    VALUE_PRINTF(4, 5);

/* VALUE_OK; VALUE_ERANGE (recorded, naming it) when an item or a line's
 * amount is not finite; VALUE_ENOMEM (recorded) when a line was dropped. */
int value__settlement_status(const value_settlement *s);

/* The name of settlement item `item` (a value_settlement_item, 1 to
 * VALUE_SETTLEMENT_N_ITEMS - 1) for messages: "final payment". */
const char *value__settlement_item_name(int item);

/* Put a line first in a settlement's explanation (for the programs built
 * on the engine: "MSSP 2014 Track 1: ..."); `step` must be a static
 * string.  VALUE_ENOMEM when out of memory (the settlement is unchanged). */
int value__settlement_prepend(value_settlement *s, const char *step, double amount, const char *text);

/* Replace the text of the first line of `step` (no-op when there is none):
 * for programs whose inputs are totals, to say what the numbers are. */
int value__settlement_retext(value_settlement *s, const char *step, const char *text);

/* An amount as the explanation lines show it: cents, thousands separators,
 * ".00" dropped ("32,173,449", "14,455,932.81"). */
void value__format_money(double x, char *out, size_t len);

/* Formatting buffers for one line's amounts and rates: each call to
 * value__fmt_money() or value__fmt_pct() takes the next of a ring of 12,
 * so several fit in one line.  Quiet (a quiet settlement's): both
 * return "" without formatting. */
typedef struct value__fmt {
    char buf[12][64];
    int next;
    bool quiet;
} value__fmt;

/* An amount as value__format_money() writes it. */
const char *value__fmt_money(value__fmt *f, double x);
/* A rate as a percentage with two decimals ("2.35%"). */
const char *value__fmt_pct(value__fmt *f, double x);

#endif
