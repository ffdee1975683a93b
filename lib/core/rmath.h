/*
 * Densities as R's nmath computes them (Loader's saddle-point forms), for
 * the modules that must agree with R to the last bits.  Internal (core).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ports of R 4.2/4.3's stirlerr(), bd0(), dpois_raw() and dbinom_raw()
 * (src/nmath: stirlerr.c, bd0.c, dpois.c, dbinom.c), with R's branches
 * and order of operations.  dpois_raw() is the bd0 form of R <= 4.0
 * (R >= 4.1 uses ebd0()); the two agree to a few units in the last place.
 * Arguments are not checked: callers pass what R's d*() callers pass.
 * stirlerr() of an n <= 15 that is not a half-integer, and dpois_raw()
 * with lambda below x DBL_MIN, take log Gamma from GSL: call those inside
 * a GSL bracket (value__gsl_begin/value__gsl_end).
 */
#ifndef VALUE_RMATH_H
#define VALUE_RMATH_H

#include <stdbool.h>

/* log(n!) - log(sqrt(2 pi n) (n/e)^n), n > 0: R's table for the
 * half-integers up to 15, log Gamma for other n <= 15, Stirling's series
 * beyond. */
double value__stirlerr(double n);

/* x log(x/np) + np - x, x >= 0, np > 0, without cancellation near
 * x = np (a series there). */
double value__bd0(double x, double np);

/* The Poisson density at x >= 0 (not necessarily whole) with mean
 * lambda > 0, or its log when give_log. */
double value__dpois_raw(double x, double lambda, bool give_log);

/* The binomial density at x of size n with success probability p and
 * q = 1 - p (given, so that q keeps its digits when p is near 1), or its
 * log when give_log; 0 <= x <= n whole. */
double value__dbinom_raw(double x, double n, double p, double q, bool give_log);

#endif
