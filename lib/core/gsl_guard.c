/*
 * Keep GSL from aborting the host process.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GSL reports errors through one process-wide handler (a plain global in
 * libgsl, err/error.c) whose default prints and aborts.  No guard can hold
 * that handler: the host may call gsl_set_error_handler() at any time from
 * any thread (after _off() an error goes nowhere and the routine returns
 * its NaN or status silently; after (NULL) it aborts), and GSL gives no
 * way to read the handler without writing it, so re-installing ours around
 * each call would race with the host and with libvalue's own threads.
 *
 * The design is therefore: libvalue makes NO GSL call that can reach the
 * handler on any input that passes its own checks.  Each call below was
 * read in GSL 2.7's source (the Debian 2.7.1 is 2.7 with new libtool
 * numbers) for every path to GSL_ERROR / GSL_ERROR_VAL / DOMAIN_ERROR /
 * CDF_ERROR and, for the special functions' non-_e forms, every non-zero
 * status (EVAL_RESULT calls the handler on any of them):
 *
 * No error path at all (pure arithmetic):
 *   gsl_cdf_ugaussian_P, _Q, _Pinv, _Qinv (cdf/gauss.c, gaussinv.c;
 *     Pinv(0), Pinv(1) are -Inf, +Inf without an error): sampler.c,
 *     outcome.c, risk.c, risk_perf.c, funnel.c, survival_km.c.
 *   gsl_cdf_flat_Pinv, _Qinv (cdf/flatinv.c): sampler.c.
 *   (The sampler's random numbers are its own: Philox streams, a
 *   ziggurat and Marsaglia & Tsang's gammas in sampler.c, no gsl_rng.)
 *   gsl_strerror (below).
 *
 * Error paths only on inputs that libvalue never passes:
 *   gsl_sf_lngamma(_e)(x): domain/rounding errors only for x = 0, a
 *     negative integer, x <= -1/(2 eps pi) or NaN; every path for x > 0
 *     (Pade near 1 and 2, Lanczos for x >= 0.5, the series below 0.02,
 *     reflection with |sin(pi x)| >= sin(0.02 pi) in between) returns
 *     success.  Called with x > 0 only: the sampler's gamma shape
 *     (validated in (0, 1e5]), rmath.c (its lngamma() refuses x <= 0 and
 *     NaN before calling GSL), and through the functions below.
 *   gsl_sf_lnbeta(x, y): a domain error only for x or y zero or a negative
 *     integer or a negative sign; for x, y > 0 it is gammastar (success
 *     for x > 0: its exp of at most 0.5 log(1/x) + 1 cannot overflow),
 *     log_1plusx of a ratio in (0, 0.2), or three lngamma of positive
 *     arguments.  Called with validated positive shapes (sampler.c) or
 *     (0.5, nu/2) (outcome.c).
 *   gsl_cdf_beta_P, _Q(x, a, b) with 0 < a, b <= 1e5 (cdf/beta_inc.c):
 *     lnbeta as above and a continued fraction that returns NaN, not an
 *     error, when it does not converge (the value is checked); the two
 *     asymptotic branches through the incomplete gamma need a or b > 1e5.
 *     Shapes: the sampler's (at most MAX_SHAPE = 1e5); risk.c's t p value
 *     I_x(df/2, 1/2), which takes that branch only for df > 2e5 and
 *     x > df/(df + 1/2), i.e. |t| < 1, and is routed to gsl_cdf_tdist_Q
 *     there.  (gsl_sf_beta_inc, the special function, is not used: its
 *     continued fraction and its underflowing prefactor report through
 *     the handler.)
 *   gsl_cdf_tdist_P, _Q(x, nu), gsl_ran_tdist_pdf: Cornish-Fisher and the
 *     normal for nu > 30 and x^2 < 10 nu; otherwise beta_inc_AXPY with
 *     (1/2, nu/2) for x^2 < nu (only nu <= 30 gets there) or (nu/2, 1/2)
 *     at a point below 1/11 < nu/(nu + 1), so never an asymptotic branch;
 *     lngamma of nu/2 > 0.  outcome.c, risk.c.
 *   gsl_cdf_gamma_P, _Q(x, a, 1) and gsl_cdf_chisq_Q(x, 2a) with
 *     0 < a <= 1e5 and x >= 0 (specfunc/gamma_inc.c): P is asked only for
 *     x <= a and Q only for x >= a (cdf/gamma.c).  The series for P
 *     converges long before its 10000 terms (terms fall at least as
 *     (x/(a+n)) <= exp(-n^2/(2(a+n))) below the first, ~2500 terms at
 *     a = 1e5, x = a - sqrt(a)); x > a + 10000 never reaches it; the
 *     large-x series (x > 1e6) has terms below (a/x)^n <= 0.1^n; the small-a
 *     series (a < 0.2, x < 5) below x^n/(n+1)!; the uniform asymptotic form
 *     needs a >= 1e6.  The continued fraction F(a, x) (5000 steps allowed)
 *     serves x >= max(a - sqrt(a), 0.2): its step count, measured over a
 *     grid of 1.6 million (a, x) points (a from 1e-3 to 1e5 on a log grid,
 *     x from that bound to 1e6), grows as sqrt(a) and is at most 1537, at
 *     a = 1e5 near x = a - sqrt(a) -- a margin of 3x (the count passes 5000
 *     near a = 1e6, where GSL documents the failures).  Shapes: the
 *     sampler's gamma (at most MAX_SHAPE = 1e5); the Hosmer-Lemeshow
 *     chi-square on at most 2e5 degrees of freedom (risk_perf.c refuses
 *     more than 200002 groups).
 *
 * Replaced by libvalue's own code, because their error paths are
 * reachable (or not provably unreachable) on valid inputs:
 *   gsl_linalg_cholesky_decomp1 (a matrix that is not positive definite):
 *     value__cholesky (lib/core/linalg.c) for the sampler's correlation.
 *   gsl_root_fsolver_* with brent (a failed malloc, an infinite function
 *     value): discount.c's brent(), the same steps.
 *   gsl_cdf_tdist_Pinv (failure to converge): outcome.c's t_quantile(), GSL's
 *     Newton steps with a bisection to finish where they stop short.
 *   gsl_cdf_chisq_Pinv, _Qinv (failure to converge): the exact Poisson
 *     limits in risk_perf.c, from the Poisson sums they equal.
 *
 * Every value a GSL routine returns is checked where it is used (finite, a
 * probability), so a NaN from a non-converging fraction becomes a status.
 *
 * The guard below stays as a second line: while the host leaves GSL's
 * handler alone, any GSL error that the analysis above missed is turned
 * into a status instead of an abort.  Swapping the handler around each
 * call would race between threads, so libvalue installs its own handler
 * exactly once (pthread_once) and decides per thread: inside a libvalue
 * bracket the error is recorded in thread-local storage and the GSL
 * routine returns its status as usual; outside, the error goes on to
 * whatever handler the host had installed before, or, if it had none,
 * meets GSL's own default behaviour, so a host's own GSL calls behave
 * exactly as without libvalue.  Its only shared state is written once,
 * inside pthread_once; everything else is thread-local, so libvalue's
 * threads never race on it.  tests/core/check_gsl_guard.c has the host
 * switch the handler off, to abort and to its own after libvalue's first
 * GSL use.
 */
#include "core/internal.h"

#include <gsl/gsl_errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_once_t install_once = PTHREAD_ONCE_INIT;
/* Written once inside pthread_once, read-only afterwards. */
static gsl_error_handler_t *host_handler;

static _Thread_local int bracket_depth;
static _Thread_local int pending_errno;
static _Thread_local const char *pending_reason;

static void trap(const char *reason, const char *file, int line, int gsl_errno)
{
    if (bracket_depth > 0) {
        if (pending_errno == 0) { /* the first error is the cause */
            pending_errno = gsl_errno;
            pending_reason = reason;
        }
        return;
    }
    if (host_handler != NULL) {
        host_handler(reason, file, line, gsl_errno);
        return;
    }
    /* Not libvalue's call: reproduce GSL's default handler for the host. */
    fprintf(stderr, "gsl: %s:%d: ERROR: %s\nDefault GSL error handler invoked.\n", file, line, reason);
    abort();
}

static void install(void)
{
    host_handler = gsl_set_error_handler(&trap);
}

void value__gsl_begin(void)
{
    pthread_once(&install_once, install);
    if (bracket_depth++ == 0) {
        pending_errno = 0;
        pending_reason = NULL;
    }
}

int value__gsl_pending(void)
{
    return pending_errno;
}

int value__gsl_end(const char *where)
{
    if (--bracket_depth > 0 || pending_errno == 0)
        return VALUE_OK;
    int e = pending_errno;
    const char *why = pending_reason ? pending_reason : "unknown";
    pending_errno = 0;
    pending_reason = NULL;
    int code;
    switch (e) {
    case GSL_EDOM: code = VALUE_EDOM; break;
    case GSL_ERANGE:
    case GSL_EOVRFLW: code = VALUE_ERANGE; break;
    case GSL_ENOMEM: code = VALUE_ENOMEM; break;
    case GSL_EMAXITER:
    case GSL_ENOPROG:
    case GSL_ENOPROGJ: code = VALUE_ENOTCONV; break;
    default: code = VALUE_ENUMERIC; break;
    }
    return value__fail(code, "%s: GSL error %d (%s): %s", where, e, gsl_strerror(e), why);
}
