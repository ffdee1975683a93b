/*
 * Program-year parameters of the CMS programs, kept as data.  Private.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each program's parameters are a plain-text file lib/programs/data/cms_<program>.txt
 * compiled in as a string (tools/embed_text.sh -p value__cms_builtin).
 * Format, one parameter per line:
 *
 *     YEARS  KEY  VALUE [VALUE ...]        # source, e.g. 42 CFR 425.604(d)
 *
 * YEARS is a year (2014) or an inclusive range (2013-2018); KEY is letters,
 * digits, '_' and '.' (e.g. track1.sharing_rate); each VALUE a decimal
 * number, "inf" or "-inf" (at most VALUE__CMS_MAX_VALUES).  '#' starts a
 * comment; blank lines are ignored.  A key may appear on several lines
 * whose year ranges do not overlap.  The year means what the program
 * counts in: performance year (MSSP, MIPS), fiscal year (HVBP, HRRP),
 * benefit year (ACA), model year (BPCI Advanced).
 */
#ifndef VALUE_CMS_PARAMS_H
#define VALUE_CMS_PARAMS_H

#include "core/internal.h"

#define VALUE__CMS_MAX_VALUES 64

typedef struct value__cms_params value__cms_params;

/* Parse the built-in table of a program ("mssp", "hvbp", ...).
 * VALUE_ENOTFOUND names the known programs. */
int value__cms_params_load(const char *program, value__cms_params **out);

/* Parse a table from text; `name` is used in messages.  VALUE_EPARSE names
 * the line and what is wrong. */
int value__cms_params_parse(const char *text, const char *name, value__cms_params **out);

void value__cms_params_free(value__cms_params *p);

/* The first and last year any parameter covers. */
void value__cms_params_years(const value__cms_params *p, int *first, int *last);

/* Whether any parameter covers `year`. */
int value__cms_params_has_year(const value__cms_params *p, int year);

/* The values of `key` in force in `year` (pointer owned by p).
 * VALUE_ENOTFOUND: "<program> has no <key> for <year>". */
int value__cms_params_get(const value__cms_params *p, int year, const char *key, const double **values, size_t *n);

/* A key with exactly one value. VALUE_ENOTFOUND as above; VALUE_EPARSE
 * when the key has several values. */
int value__cms_params_scalar(const value__cms_params *p, int year, const char *key, double *out);

/* Like value__cms_params_scalar() but `fallback` when the key is absent
 * for that year (for optional parameters). */
double value__cms_params_or(const value__cms_params *p, int year, const char *key, double fallback);

/* VALUE_OK when `year` is covered, else VALUE_EINVAL naming the program,
 * the year and the years it knows ("hvbp has no fiscal year 2031 (known:
 * 2013-2025)"); `what` is the kind of year ("fiscal year"). */
int value__cms_params_check_year(const value__cms_params *p, int year, const char *what);

/* Load a program's table and check that `year` is covered (as
 * value__cms_params_check_year()); on failure nothing is left to free. */
int value__cms_params_load_year(const char *program, int year, const char *what, value__cms_params **out);

#endif
