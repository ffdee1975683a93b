/*
 * Cholesky factorization of small dense symmetric matrices (the normal
 * equations of a fit, a Newton step's Hessian).  Internal (core).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Matrices are p x p, row-major.  The factor L is lower triangular with
 * A = L L'.  Each routine fixes its order of operations, so results are the
 * same to the bit on every machine.
 */
#ifndef VALUE_LINALG_H
#define VALUE_LINALG_H

#include <stdbool.h>
#include <stddef.h>

/* L, the lower triangle of l (its strict upper triangle set to 0), from
 * the symmetric a read from its upper triangle (a[j p + k], k >= j); l
 * may be a, factorized in place.  Column j is refused when its diagonal
 * is not finite (*overflow true) or not > 0, or when its pivot (what is
 * left of the diagonal after the columns before it) is not above
 * tol x the diagonal (*overflow false): a rank test relative to the
 * column's own size; tol 0 asks only for positive definiteness.  Returns
 * VALUE_OK, or VALUE_EDOM with *bad the column refused (bad and overflow
 * may be NULL); l is then partly written. */
int value__cholesky(const double *a, double *l, size_t p, double tol, size_t *bad, bool *overflow);

/* x = (L L')^-1 b by forward and back substitution; x may be b. */
void value__chol_solve(const double *l, size_t p, const double *b, double *x);

/* out = (L L')^-1 = L'^-1 L^-1, full and exactly symmetric; out must not
 * be l. */
void value__chol_inverse(const double *l, size_t p, double *out);

#endif
