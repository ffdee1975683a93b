/*
 * libvalue - value-based health care: costing, outcomes, risk adjustment
 * and payment contracts.
 *
 * Copyright (C) 2026 the libvalue authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/**
 * @file value.h
 * @brief The public API of libvalue: everything public is declared here.
 *
 * Conventions (see DESIGN.md):
 * - every fallible function returns @c int: ::VALUE_OK or a negative
 *   @c VALUE_E* status code; value_errmsg() then names the argument and
 *   value that caused the failure, and the call has changed nothing;
 * - outputs come last and are named @c out or @c out_<what>;
 * - array inputs are @c (const double *x, size_t n) pairs; array outputs
 *   are @c (double *out, size_t out_len) pairs filled by the library;
 * - handles are opaque, created by @c value_<module>_new(..., &out) and
 *   released by @c value_<module>_free() (NULL is a no-op);
 * - money is a double in the caller's currency, rates are fractions
 *   (0.035, not 3.5) and time is in years unless a name says otherwise.
 */

#ifndef VALUE_H
#define VALUE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @cond INTERNAL */
#if defined(VALUE_BUILDING) && defined(__GNUC__)
#define VALUE_API __attribute__((visibility("default")))
#else
#define VALUE_API
#endif
/** @endcond */

/**
 * @defgroup core Core: versions, status codes and error messages
 * The parts every other module relies on.
 * @{
 */

/** Major version: changes when a released symbol changes incompatibly. */
#define VALUE_VERSION_MAJOR 0
/** Minor version: changes when symbols are added. */
#define VALUE_VERSION_MINOR 1
/** Patch version: changes for fixes that leave the API as it was. */
#define VALUE_VERSION_PATCH 0
/** The version as one comparable number: major*10000 + minor*100 + patch. */
#define VALUE_VERSION_NUMBER \
    (VALUE_VERSION_MAJOR * 10000 + VALUE_VERSION_MINOR * 100 + VALUE_VERSION_PATCH)

/**
 * Status codes returned by every fallible function.
 *
 * Codes never change once released; new ones are appended.
 */
typedef enum value_status {
    VALUE_OK = 0,          /**< success */
    VALUE_EINVAL = -1,     /**< an argument is invalid (NULL, NaN, out of range, wrong length) */
    VALUE_EDOM = -2,       /**< the inputs are valid but outside the method's domain */
    VALUE_ERANGE = -3,     /**< the result is too large to represent */
    VALUE_ENOMEM = -4,     /**< memory could not be allocated */
    VALUE_ENOTCONV = -5,   /**< an iterative method did not converge */
    VALUE_ENOTFOUND = -6,  /**< a named item (code, resource, measure) is unknown */
    VALUE_EPARSE = -7,     /**< malformed text or file contents */
    VALUE_ESTATE = -8,     /**< the handle is not in a state that allows the call */
    VALUE_EIO = -9,        /**< a file could not be read or written */
    VALUE_ENUMERIC = -10   /**< an underlying numerical routine failed */
} value_status;

/**
 * The library's version at run time, e.g. "0.1.0".
 *
 * Compare it with #VALUE_VERSION_MAJOR etc. to detect a header/library
 * mismatch.
 * @return a static NUL-terminated string; never NULL.
 */
VALUE_API const char *value_version(void);

/**
 * A short static description of a status code.
 *
 * @param[in] code  a ::value_status value (any int is accepted).
 * @return a static NUL-terminated string; an unknown code gives
 *         "unknown status code"; never NULL.
 */
VALUE_API const char *value_strerror(int code);

/**
 * The message of the calling thread's most recent failed call.
 *
 * The message names the offending argument and its value, for example
 * "rate must be greater than -1, got -1.5" or "flows[3] is NaN".
 * Successful calls leave it unchanged. Each thread has its own message.
 * @return a NUL-terminated string owned by the library, valid until the
 *         calling thread's next failing call; "" if no call has failed on
 *         this thread; never NULL.
 */
VALUE_API const char *value_errmsg(void);

/** @} */

/**
 * @defgroup discount Discounting money and health over time
 *
 * Present values of cost or outcome streams, as used for every cost and
 * QALY total in an economic evaluation (NICE reference case: 3.5% a year;
 * US Second Panel: 3%; HM Treasury Green Book: a schedule declining from
 * 3.5% for years 0-30 to 3.0% for years 31-75 and lower beyond).
 *
 * A discount scheme has an annual rate schedule r(t) (a base rate, plus
 * optional steps from a given year on), a timing of flows within each
 * period, and a number of periods per year.  The discount factor at time
 * @f$t@f$ years is
 * @f[ D(t) = \prod_k (1 + r_k)^{-\ell_k(t)} @f]
 * where @f$\ell_k(t)@f$ is the length of the part of @f$[0, t]@f$ that
 * falls in the k-th rate segment (for one constant rate,
 * @f$D(t) = (1+r)^{-t}@f$).  Cash flow @f$i = 0 \ldots n-1@f$ of a stream
 * with @f$p@f$ periods per year occurs at
 * @f$t_i = (i + \delta)/p@f$, with @f$\delta = 1@f$ for end-of-period,
 * 0 for start-of-period and 0.5 for mid-period (half-cycle) timing, and
 * the present value is @f$PV = \sum_i x_i D(t_i)@f$.
 * @{
 */

/** When in each period a flow is counted. */
typedef enum value_discount_timing {
    VALUE_DISCOUNT_END = 0,   /**< at the end of the period (t = i + 1); as a spreadsheet's NPV */
    VALUE_DISCOUNT_START = 1, /**< at the start of the period (t = i): the first flow is not discounted */
    VALUE_DISCOUNT_MID = 2    /**< at the middle of the period (t = i + 1/2): half-cycle timing */
} value_discount_timing;

/** Parameters of a discount scheme, set with value_discount_set(). */
typedef enum value_discount_param {
    VALUE_DISCOUNT_RATE = 1,            /**< annual rate from year 0 until the first step; > -1, default as given to value_discount_new() */
    VALUE_DISCOUNT_TIMING = 2,          /**< a ::value_discount_timing value; default ::VALUE_DISCOUNT_END */
    VALUE_DISCOUNT_PERIODS_PER_YEAR = 3 /**< periods per year, a whole number from 1 to 366; default 1 */
} value_discount_param;

/** A discount scheme. Opaque; calls taking a const pointer are thread-safe. */
typedef struct value_discount value_discount;

/**
 * Create a discount scheme with a constant annual rate.
 *
 * Timing starts as ::VALUE_DISCOUNT_END and periods per year as 1.
 * @param[in]  rate  annual discount rate as a fraction (0.035 for 3.5%);
 *                   finite and greater than -1.
 * @param[out] out   the new scheme, to be released with value_discount_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL if @p rate is not finite or <= -1, or
 *         @p out is NULL; ::VALUE_ENOMEM.
 */
VALUE_API int value_discount_new(double rate, value_discount **out);

/**
 * Set a parameter of a discount scheme.
 *
 * The value is validated first; on error the scheme is unchanged.
 * @param[in,out] d      the scheme.
 * @param[in]     param  which parameter.
 * @param[in]     v      its new value (see ::value_discount_param for the
 *                       range of each; integer parameters must be whole).
 * @return ::VALUE_OK; ::VALUE_EINVAL for a NULL @p d, an unknown @p param
 *         or a value out of range.
 */
VALUE_API int value_discount_set(value_discount *d, value_discount_param param, double v);

/**
 * Read a parameter of a discount scheme.
 *
 * @param[in]  d      the scheme.
 * @param[in]  param  which parameter.
 * @param[out] out    its value.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers or an unknown @p param.
 */
VALUE_API int value_discount_get(const value_discount *d, value_discount_param param, double *out);

/**
 * Change the annual rate from a given year on (declining-rate schedules).
 *
 * Steps may be added in any order; adding a step at a year that already
 * has one replaces its rate.  For the HM Treasury Green Book schedule:
 * value_discount_new(0.035) then steps (30, 0.030), (75, 0.025),
 * (125, 0.020), (200, 0.015), (300, 0.010).
 * @param[in,out] d          the scheme.
 * @param[in]     from_year  the time in years from which @p rate applies;
 *                           finite and > 0.
 * @param[in]     rate       the annual rate from then on; finite and > -1.
 * @return ::VALUE_OK; ::VALUE_EINVAL for a NULL @p d or an invalid value;
 *         ::VALUE_ENOMEM.
 */
VALUE_API int value_discount_add_step(value_discount *d, double from_year, double rate);

/**
 * The discount factor D(t) at a time.
 *
 * @param[in]  d    the scheme.
 * @param[in]  t    time in years; finite and >= 0.
 * @param[out] out  D(t), in (0, +inf); 0 when it underflows.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers or an invalid @p t;
 *         ::VALUE_ERANGE if D(t) overflows (a rate near -1 over a long time).
 */
VALUE_API int value_discount_factor(const value_discount *d, double t, double *out);

/**
 * Discount factors for the first @p out_len periods of a stream.
 *
 * Element i is @f$D(t_i)@f$ with @f$t_i = (i + \delta)/p@f$ for the
 * scheme's timing and periods per year.
 * @param[in]  d        the scheme.
 * @param[out] out      receives @p out_len factors.
 * @param[in]  out_len  number of periods; > 0.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers or @p out_len 0;
 *         ::VALUE_ERANGE if a factor overflows.
 */
VALUE_API int value_discount_factors(const value_discount *d, double *out, size_t out_len);

/**
 * Present value of a stream of flows, one per period.
 *
 * @f$PV = \sum_{i=0}^{n-1} x_i D(t_i)@f$.
 * @param[in]  d      the scheme.
 * @param[in]  flows  the flows @f$x_i@f$ (costs, QALYs, ...); all finite.
 * @param[in]  n      number of flows; > 0.
 * @param[out] out    the present value.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers, @p n 0 or a
 *         non-finite flow; ::VALUE_ERANGE on overflow.
 */
VALUE_API int value_discount_pv(const value_discount *d, const double *flows, size_t n, double *out);

/** Release a discount scheme. NULL is a no-op. @param[in] d the scheme. */
VALUE_API void value_discount_free(value_discount *d);

/**
 * Present value at one constant annual rate, without a handle.
 *
 * One flow per year: @f$PV = \sum_{i=0}^{n-1} x_i (1+r)^{-(i+\delta)}@f$,
 * @f$\delta@f$ as for @p timing.  With ::VALUE_DISCOUNT_END this is a
 * spreadsheet's NPV(rate, x_0, ..., x_{n-1}).
 * @param[in]  flows   the flows; all finite.
 * @param[in]  n       number of flows; > 0.
 * @param[in]  rate    annual rate as a fraction; finite and > -1.
 * @param[in]  timing  a ::value_discount_timing value.
 * @param[out] out     the present value.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers, @p n 0, a
 *         non-finite flow, an invalid @p rate or @p timing;
 *         ::VALUE_ERANGE on overflow.
 */
VALUE_API int value_discount_pv_rate(const double *flows, size_t n, double rate,
                                     value_discount_timing timing, double *out);

/**
 * Internal rate of return of a stream of flows, one per period.
 *
 * The rate r > -1 per period at which @f$\sum_i x_i (1+r)^{-i} = 0@f$,
 * found by Brent's method to full double precision.  The root is unique
 * when the flows change sign exactly once (Descartes' rule of signs), which
 * is required; the timing of flows within periods does not change it.
 * @param[in]  flows  the flows, e.g. an investment (negative) then returns
 *                    (positive); all finite.
 * @param[in]  n      number of flows; >= 2.
 * @param[out] out    the rate per period, a fraction.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers, @p n < 2 or a
 *         non-finite flow; ::VALUE_EDOM if the flows do not change sign
 *         exactly once (no rate, or not a unique one);
 *         ::VALUE_ENOTCONV if the root search fails.
 */
VALUE_API int value_discount_irr(const double *flows, size_t n, double *out);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* VALUE_H */
