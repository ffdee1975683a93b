/*
 * The one Cholesky factorization (see linalg.h), shared by the GLM's IRLS
 * and the random-intercept fit's Newton steps.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GSL's gsl_linalg_cholesky_decomp1 is not used: its recursive blocked
 * algorithm rounds differently from the column-by-column one here, whose
 * results the fits' agreement with R to the last bits was established on,
 * and it has no relative pivot test to name a dependent column.
 */
#include "core/internal.h"
#include "core/linalg.h"

#include <math.h>

int value__cholesky(const double *a, double *l, size_t p, double tol, size_t *bad, bool *overflow)
{
    for (size_t j = 0; j < p; j++) {
        double ajj = a[j * p + j];
        bool finite = isfinite(ajj);
        double d = ajj;
        if (finite)
            for (size_t k = 0; k < j; k++)
                d -= l[j * p + k] * l[j * p + k];
        if (!finite || !(d > tol * ajj) || !(ajj > 0)) {
            if (bad)
                *bad = j;
            if (overflow)
                *overflow = !finite;
            return VALUE_EDOM;
        }
        double ljj = sqrt(d);
        l[j * p + j] = ljj;
        /* Row j of a's upper triangle is read only here, so in place the
         * column of L below the diagonal can take the lower triangle. */
        for (size_t i = j + 1; i < p; i++) {
            double s = a[j * p + i];
            for (size_t k = 0; k < j; k++)
                s -= l[i * p + k] * l[j * p + k];
            l[i * p + j] = s / ljj;
        }
        for (size_t k = j + 1; k < p; k++)
            l[j * p + k] = 0.0;
    }
    return VALUE_OK;
}

void value__chol_solve(const double *l, size_t p, const double *b, double *x)
{
    for (size_t i = 0; i < p; i++) { /* L y = b */
        double s = b[i];
        for (size_t k = 0; k < i; k++)
            s -= l[i * p + k] * x[k];
        x[i] = s / l[i * p + i];
    }
    for (size_t i = p; i-- > 0;) { /* L' x = y */
        double s = x[i];
        for (size_t k = i + 1; k < p; k++)
            s -= l[k * p + i] * x[k];
        x[i] = s / l[i * p + i];
    }
}

void value__chol_inverse(const double *l, size_t p, double *out)
{
    /* L^-1 (lower) into out's lower triangle, column by column */
    for (size_t c = 0; c < p; c++) {
        for (size_t i = c; i < p; i++) {
            double s = i == c ? 1.0 : 0.0;
            for (size_t k = c; k < i; k++)
                s -= l[i * p + k] * out[k * p + c];
            out[i * p + c] = s / l[i * p + i];
        }
    }
    /* (L^-1)' L^-1, entry (i, j <= i) from rows k >= i of L^-1.  Taken
     * row by row and left to right, each entry overwrites a value of
     * L^-1 that no later entry reads (later rows read only rows below
     * them, later entries of row i only columns j' > j and i). */
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j <= i; j++) {
            double s = 0;
            for (size_t k = i; k < p; k++)
                s += out[k * p + i] * out[k * p + j];
            out[i * p + j] = out[j * p + i] = s;
        }
}
