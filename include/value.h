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
#include <stdint.h>

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

/**
 * @defgroup costing Costing models: time-driven activity-based costing
 *
 * The true cost of an episode of care from the resources it consumes
 * (Kaplan & Anderson, "Time-Driven Activity-Based Costing", Harvard
 * Business Review 2004; Kaplan & Porter, "How to Solve the Cost Crisis in
 * Health Care", HBR 2011).
 *
 * A model has:
 * - **resources** (people, rooms, equipment), each with a cost per period
 *   and a practical capacity in minutes per period.  Its capacity cost
 *   rate is @f$ \rho_r = C_r / (M_r f_r) @f$: cost over theoretical
 *   minutes times the practical fraction (e.g. 0.80-0.85 for people);
 * - **drivers**: named per-patient quantities (interpreter needed,
 *   comorbidity count, ...) with a default value.  Use the population
 *   mean as the default, and since time equations are linear, default
 *   costs and capacity demand are the population's expected values;
 * - **processes**: ordered lists of items.  An item is a *step* (a
 *   resource for some minutes, happening with an expected frequency, which
 *   may be a probability), a *consumable* (unit cost times expected
 *   quantity) or a *sub-process* (another process, with a frequency), so
 *   processes compose into a full cycle of care.
 *
 * A step's minutes follow its time equation
 * @f$ m = m_0 + \sum_k \beta_k x_k @f$ over driver values @f$x@f$, and it
 * costs @f$ \phi(\rho_r m + d) @f$ where @f$\phi@f$ is its frequency and
 * @f$d@f$ its direct cost per occurrence (supplies used each time).  A
 * consumable costs @f$ c \cdot q @f$; a sub-process @f$\phi@f$ times its
 * own episode cost.  The episode cost of a process is the sum over its
 * items:
 * @f[ \mathrm{cost} = \sum_{\text{steps}} \phi(\rho_r m + d)
 *       + \sum_{\text{consumables}} c\,q + \sum_{\text{sub}} \phi\,\mathrm{cost}_{\text{sub}} @f]
 *
 * Resources, drivers and processes are numbered from 0 in the order they
 * are added; items are numbered from 0 within their process.  Names are
 * non-empty and unique within their kind.
 * @{
 */

/** A TDABC model. Opaque; calls taking a const pointer are thread-safe. */
typedef struct value_costing value_costing;

/**
 * Create an empty costing model.
 * @param[out] out  the new model, to be released with value_costing_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL if @p out is NULL; ::VALUE_ENOMEM.
 */
VALUE_API int value_costing_new(value_costing **out);

/** Release a costing model. NULL is a no-op. @param[in] c the model. */
VALUE_API void value_costing_free(value_costing *c);

/**
 * Add a resource and compute its capacity cost rate.
 *
 * @f$\rho = \mathit{cost} / (\mathit{capacity\_minutes} \times \mathit{practical\_fraction})@f$.
 * Pass @p practical_fraction 1 when @p capacity_minutes is already the
 * practical capacity.  Seed example: a physician costing $300,000 a year
 * with 90,000 practical minutes costs $3.33 a minute.
 * @param[in,out] c                   the model.
 * @param[in]     name                unique non-empty name.
 * @param[in]     cost                total cost per period (salary, benefits,
 *                                    space, equipment share); finite, >= 0.
 * @param[in]     capacity_minutes    minutes available per period; finite, > 0.
 * @param[in]     practical_fraction  share of those minutes available for
 *                                    work; in (0, 1].
 * @param[out]    out_index           the resource's number.
 * @return ::VALUE_OK; ::VALUE_EINVAL for a NULL pointer, an empty or
 *         duplicate name, or a value out of range; ::VALUE_ENOMEM.
 */
VALUE_API int value_costing_add_resource(value_costing *c, const char *name, double cost,
                                         double capacity_minutes, double practical_fraction,
                                         size_t *out_index);

/**
 * Add a cost driver for time equations.
 * @param[in,out] c              the model.
 * @param[in]     name           unique non-empty name.
 * @param[in]     default_value  value used when a call gives no driver
 *                               values (best: the population mean); finite.
 * @param[out]    out_index      the driver's number: its position in the
 *                               driver-value arrays of later calls.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_costing_add_driver(value_costing *c, const char *name, double default_value,
                                       size_t *out_index);

/**
 * Add an empty process (an episode, or a step list of a care cycle).
 * @param[in,out] c          the model.
 * @param[in]     name       unique non-empty name.
 * @param[out]    out_index  the process's number.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_costing_add_process(value_costing *c, const char *name, size_t *out_index);

/**
 * Append a step: a resource used for some minutes.
 * @param[in,out] c          the model.
 * @param[in]     process    name of the process.
 * @param[in]     resource   name of the resource.
 * @param[in]     minutes    base minutes @f$m_0@f$ per occurrence; finite, >= 0.
 * @param[in]     frequency  expected occurrences per episode (a probability
 *                           for a step that may or may not happen); finite, >= 0.
 * @param[out]    out_item   the step's item number within the process.
 * @return ::VALUE_OK; ::VALUE_EINVAL for invalid values;
 *         ::VALUE_ENOTFOUND for an unknown process or resource; ::VALUE_ENOMEM.
 */
VALUE_API int value_costing_add_step(value_costing *c, const char *process, const char *resource,
                                     double minutes, double frequency, size_t *out_item);

/**
 * Add a time-equation term to a step: @p minutes_per_unit more minutes
 * per unit of @p driver (negative terms are allowed; a step whose minutes
 * come out negative for some patient is an error when costed).
 * @param[in,out] c                 the model.
 * @param[in]     process           name of the process.
 * @param[in]     item              the step's item number.
 * @param[in]     driver            name of the driver.
 * @param[in]     minutes_per_unit  coefficient @f$\beta@f$; finite.
 * @return ::VALUE_OK; ::VALUE_EINVAL if @p item is not a step of the
 *         process or a value is invalid; ::VALUE_ENOTFOUND for an unknown
 *         process or driver; ::VALUE_ENOMEM.
 */
VALUE_API int value_costing_add_step_term(value_costing *c, const char *process, size_t item,
                                          const char *driver, double minutes_per_unit);

/**
 * Add a direct cost to a step, incurred each time it happens (supplies
 * used in the step).  Adds to any direct cost the step already has.
 * @param[in,out] c        the model.
 * @param[in]     process  name of the process.
 * @param[in]     item     the step's item number.
 * @param[in]     cost     cost per occurrence; finite, >= 0.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOTFOUND.
 */
VALUE_API int value_costing_add_step_cost(value_costing *c, const char *process, size_t item, double cost);

/**
 * Append a consumable or other direct cost of the process.
 * @param[in,out] c          the model.
 * @param[in]     process    name of the process.
 * @param[in]     name       what it is (non-empty; need not be unique).
 * @param[in]     unit_cost  cost per unit; finite, >= 0.
 * @param[in]     quantity   expected units per episode; finite, >= 0.
 * @param[out]    out_item   its item number within the process.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOTFOUND; ::VALUE_ENOMEM.
 */
VALUE_API int value_costing_add_consumable(value_costing *c, const char *process, const char *name,
                                           double unit_cost, double quantity, size_t *out_item);

/**
 * Append a sub-process: @p sub happens @p frequency times per episode of
 * @p process.  A process may not include itself, directly or through
 * others.
 * @param[in,out] c          the model.
 * @param[in]     process    name of the including process.
 * @param[in]     sub        name of the included process.
 * @param[in]     frequency  expected occurrences per episode; finite, >= 0.
 * @param[out]    out_item   its item number within @p process.
 * @return ::VALUE_OK; ::VALUE_EINVAL for a cycle or invalid value;
 *         ::VALUE_ENOTFOUND; ::VALUE_ENOMEM.
 */
VALUE_API int value_costing_add_subprocess(value_costing *c, const char *process, const char *sub,
                                           double frequency, size_t *out_item);

/**
 * Numbers of resources, drivers and processes in the model.
 * @param[in]  c                the model.
 * @param[out] out_resources    number of resources.
 * @param[out] out_drivers      number of drivers.
 * @param[out] out_processes    number of processes.
 * @return ::VALUE_OK; ::VALUE_EINVAL for a NULL pointer.
 */
VALUE_API int value_costing_counts(const value_costing *c, size_t *out_resources, size_t *out_drivers,
                                   size_t *out_processes);

/**
 * Number of items (steps, consumables, sub-processes) of a process.
 * @param[in]  c        the model.
 * @param[in]  process  name of the process.
 * @param[out] out      its number of items.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOTFOUND.
 */
VALUE_API int value_costing_process_items(const value_costing *c, const char *process, size_t *out);

/**
 * Name of a resource.
 * @param[in]  c         the model.
 * @param[in]  resource  its number.
 * @param[out] out       its name, owned by the model, valid until it is freed.
 * @return ::VALUE_OK; ::VALUE_EINVAL for a NULL pointer or a number out of range.
 */
VALUE_API int value_costing_resource_name(const value_costing *c, size_t resource, const char **out);

/**
 * Name of a driver.
 * @param[in]  c       the model.
 * @param[in]  driver  its number.
 * @param[out] out     its name, owned by the model.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_costing_driver_name(const value_costing *c, size_t driver, const char **out);

/**
 * Name of a process.
 * @param[in]  c        the model.
 * @param[in]  process  its number.
 * @param[out] out      its name, owned by the model.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_costing_process_name(const value_costing *c, size_t process, const char **out);

/**
 * Capacity cost rate of a resource, cost per practical minute.
 * @param[in]  c         the model.
 * @param[in]  resource  name of the resource.
 * @param[out] out       @f$\rho_r@f$.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOTFOUND.
 */
VALUE_API int value_costing_resource_rate(const value_costing *c, const char *resource, double *out);

/**
 * Cost of one episode of a process for one patient.
 * @param[in]  c          the model.
 * @param[in]  process    name of the process.
 * @param[in]  drivers    the patient's driver values, in driver order; all
 *                        finite.
 * @param[in]  n_drivers  number of driver values: the model's number of
 *                        drivers, or 0 to use every driver's default.
 * @param[out] out        the episode cost (formula above).
 * @return ::VALUE_OK; ::VALUE_EINVAL for invalid arguments or a wrong
 *         @p n_drivers; ::VALUE_ENOTFOUND for an unknown process;
 *         ::VALUE_EDOM if a step's minutes are negative for these values.
 */
VALUE_API int value_costing_episode_cost(const value_costing *c, const char *process, const double *drivers,
                                         size_t n_drivers, double *out);

/**
 * Episode cost broken down by resource (where the money goes).
 *
 * Element r is the cost of resource r's time in the episode, sub-processes
 * included; the last element (index = number of resources) is all direct
 * costs (consumables and step supplies).  The elements sum to the
 * episode cost.
 * @param[in]  c          the model.
 * @param[in]  process    name of the process.
 * @param[in]  drivers    driver values, as for value_costing_episode_cost().
 * @param[in]  n_drivers  their number, or 0 for the defaults.
 * @param[out] out        receives the breakdown.
 * @param[in]  out_len    its length: the number of resources + 1.
 * @return as value_costing_episode_cost(), and ::VALUE_EINVAL for a wrong
 *         @p out_len.
 */
VALUE_API int value_costing_cost_by_resource(const value_costing *c, const char *process, const double *drivers,
                                             size_t n_drivers, double *out, size_t out_len);

/**
 * Episode cost broken down by the process's own items.
 *
 * Element i is the cost of item i: a step's @f$\phi(\rho m + d)@f$, a
 * consumable's @f$c q@f$, a sub-process's @f$\phi@f$ times its whole
 * episode cost.  The elements sum to the episode cost.
 * @param[in]  c          the model.
 * @param[in]  process    name of the process.
 * @param[in]  drivers    driver values, as for value_costing_episode_cost().
 * @param[in]  n_drivers  their number, or 0 for the defaults.
 * @param[out] out        receives one cost per item.
 * @param[in]  out_len    its length: the process's number of items
 *                        (value_costing_process_items()).
 * @return as value_costing_cost_by_resource().
 */
VALUE_API int value_costing_cost_by_item(const value_costing *c, const char *process, const double *drivers,
                                         size_t n_drivers, double *out, size_t out_len);

/**
 * Pathway comparison: cost of process @p b minus cost of process @p a, by
 * resource, for the same patient.
 *
 * Element r is @f$\mathrm{cost}_b(r) - \mathrm{cost}_a(r)@f$ in the layout
 * of value_costing_cost_by_resource() (last element: direct costs); the
 * elements sum to the difference of the episode costs.
 * @param[in]  c          the model.
 * @param[in]  a          name of the reference process.
 * @param[in]  b          name of the alternative process.
 * @param[in]  drivers    driver values, as for value_costing_episode_cost().
 * @param[in]  n_drivers  their number, or 0 for the defaults.
 * @param[out] out        receives the differences.
 * @param[in]  out_len    the number of resources + 1.
 * @return as value_costing_cost_by_resource().
 */
VALUE_API int value_costing_compare(const value_costing *c, const char *a, const char *b, const double *drivers,
                                    size_t n_drivers, double *out, size_t out_len);

/**
 * Capacity analysis for given volumes.
 *
 * With @f$V_p@f$ episodes of each process per period (driver defaults,
 * sub-processes included), resource r is demanded
 * @f$D_r = \sum_p V_p\,\mathrm{minutes}_p(r)@f$ minutes, against its
 * practical capacity @f$P_r@f$: utilization @f$D_r / P_r@f$, unused
 * capacity @f$P_r - D_r@f$ minutes (negative when overloaded), whose cost
 * is @f$\rho_r (P_r - D_r)@f$.
 * @param[in]  c                   the model.
 * @param[in]  volumes             episodes per period of each process, in
 *                                 process order; finite, >= 0.
 * @param[in]  n_volumes           the number of processes.
 * @param[out] out_demand          minutes demanded per resource.
 * @param[out] out_utilization     demand / practical capacity.
 * @param[out] out_unused_minutes  practical capacity - demand.
 * @param[out] out_unused_cost     rate x unused minutes.
 * @param[in]  out_len             length of each output: the number of resources.
 * @return ::VALUE_OK; ::VALUE_EINVAL for invalid arguments or lengths;
 *         ::VALUE_EDOM if a step's minutes are negative at the defaults.
 */
VALUE_API int value_costing_capacity(const value_costing *c, const double *volumes, size_t n_volumes,
                                     double *out_demand, double *out_utilization, double *out_unused_minutes,
                                     double *out_unused_cost, size_t out_len);

/**
 * Costs from logged times, in bulk (patient-level costing).
 *
 * Record i says that @p minutes[i] of resource @p resource[i] were spent
 * on group @p group[i]; @f$\mathrm{out}[g] = \sum_{i: \mathrm{group}_i = g}
 * \rho_{\mathrm{resource}_i}\,\mathrm{minutes}_i@f$.  Pass patient numbers
 * as groups for the cost per patient, or process numbers for the cost per
 * process.  Every record is checked before anything is written to @p out.
 * @param[in]  c         the model.
 * @param[in]  group     group of each record, in [0, out_len).
 * @param[in]  resource  resource number of each record.
 * @param[in]  minutes   minutes of each record; finite, >= 0.
 * @param[in]  n         number of records (may be 0: all costs are 0).
 * @param[out] out       receives the cost of each group.
 * @param[in]  out_len   number of groups; > 0.
 * @return ::VALUE_OK; ::VALUE_EINVAL for a NULL pointer or a record out of
 *         range, named by its index.
 */
VALUE_API int value_costing_log_costs(const value_costing *c, const int32_t *group, const int32_t *resource,
                                      const double *minutes, size_t n, double *out, size_t out_len);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* VALUE_H */
