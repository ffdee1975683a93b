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
 * One header, in two parts.  The stable part (first) is the ABI promise of
 * libvalue.so.0: after 0.1.0 it only grows.  The experimental part (last,
 * declared only when VALUE_EXPERIMENTAL is defined) holds functions whose
 * shape may still change before 1.0; abi/README.md says what each part
 * promises.  docs/design.md describes the architecture.
 *
 * Contents, by family (the folders of lib/; a function
 * <tt>value_MODULE_VERB</tt> is defined in <tt>lib/FAMILY/MODULE.c</tt> or,
 * for a module split along its seams, <tt>lib/FAMILY/MODULE_SEAM.c</tt>):
 * - Core (lib/core/): versions, status codes, value_errmsg().
 * - Costing (lib/costing/): value_costing_* (time-driven activity-based
 *   costing).
 * - Outcomes and economic evaluation (lib/evaluation/): value_discount_*,
 *   value_outcome_*, value_eq5d_*, value_qaly_*, value_cea_*, value_psa_*,
 *   value_prob_*, value_markov_*, value_psm_* (partitioned survival
 *   models), value_sampler_*, value_sensitivity_*,
 *   value_model_* (declarative decision models), value_survival_km_*
 *   (Kaplan-Meier, RMST), value_survival_fit_* (parametric survival fits),
 *   value_survival_guyot* (pseudo individual data from published Kaplan-Meier
 *   curves).
 * - Risk adjustment and provider comparison (lib/risk/): value_risk_*
 *   (GLMs, random intercepts, performance, O/E, model comparison),
 *   value_profile_*, value_funnel_*, value_peer_*, value_disparity_*,
 *   value_fairness_*.
 * - Payment (lib/payment/): value_contract_*, value_ledger_*,
 *   value_settlement_*, value_incentive_*.
 * - CMS programs (lib/programs/): value_cms_*, value_mssp_*, value_hvbp_*,
 *   value_hrrp_*, value_mips_*, value_bpci_*, value_aca_*.
 *
 * Conventions:
 * - every fallible function returns @c int: ::VALUE_OK or a negative
 *   @c VALUE_E* status code; value_errmsg() then names the argument and
 *   value that caused the failure, and the call has changed nothing;
 * - outputs come last and are named @c out or @c out_<what>;
 * - array inputs are @c (const double *x, size_t n) pairs; array outputs
 *   are @c (double *out, size_t out_len) pairs filled by the library;
 * - handles are opaque, created by @c value_<module>_new(..., &out) and
 *   released by @c value_<module>_free() (NULL is a no-op);
 * - constants are <tt>VALUE_MODULE_NAME</tt>, types <tt>value_MODULE</tt> or
 *   <tt>value_MODULE_WHAT</tt>;
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

/* ==========================================================================
 * Stable part.
 * ======================================================================== */

/**
 * @defgroup family_core Core
 * Versions, status codes and error messages (lib/core/).
 */

/**
 * @defgroup core Core: versions, status codes and error messages
 * @ingroup family_core
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
    VALUE_ENUMERIC = -10,  /**< an underlying numerical routine failed */
    VALUE_ECALLBACK = -11  /**< a user callback reported a failure */
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
 * @defgroup keys Keys: string identifiers to row indices
 * @ingroup family_core
 *
 * The string-keyed path into the long-format functions (value_comorbidity_flags(),
 * value_hcc_score()): person identifiers as strings ("MBI 1EG4-TE5-MK72")
 * become the 0-based indices those functions take, in order of first
 * appearance, and the distinct keys can be read back in that order.
 * Keys compare byte for byte (no trimming, case kept).
 * @{
 */

/** A set of distinct keys in order of first appearance.  Opaque; calls taking a const pointer are thread-safe. */
typedef struct value_keys value_keys;

/**
 * Index @p n identifiers.
 * @param[in]  ids        the identifiers, NUL-terminated (not NULL).
 * @param[in]  n          identifiers (0 allowed: an empty set).
 * @param[in]  unique     1: a repeated identifier is an error (a people table); 0: repeats share an index (a long table).
 * @param[out] out_index  @p n indices into the distinct keys, 0-based.
 * @param[in]  out_len    its length, = @p n.
 * @param[out] out        the keys, released with value_keys_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers, @p unique not 0 or
 *         1, a length mismatch, more than INT32_MAX keys, or (unique) a
 *         repeated identifier, naming both positions;
 *         ::VALUE_ENOMEM; outputs untouched on error.
 */
VALUE_API int value_keys_new(const char *const *ids, size_t n, int unique, int32_t *out_index, size_t out_len,
                             value_keys **out);

/** Release keys; NULL is a no-op.  @param[in] k  the keys. */
VALUE_API void value_keys_free(value_keys *k);

/**
 * The number of distinct keys.
 * @param[in]  k    the keys.
 * @param[out] out  the count.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_keys_count(const value_keys *k, size_t *out);

/**
 * Key @p i, in order of first appearance.
 * @param[in]  k    the keys.
 * @param[in]  i    < value_keys_count().
 * @param[out] out  the key, owned by @p k.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_keys_get(const value_keys *k, size_t i, const char **out);

/**
 * Look up @p n identifiers (a long table's persons against a people table).
 * @param[in]  k          the keys.
 * @param[in]  ids        the identifiers.
 * @param[in]  n          identifiers (0 allowed).
 * @param[out] out_index  @p n indices.
 * @param[in]  out_len    its length, = @p n.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers; ::VALUE_ENOTFOUND
 *         for an identifier that is not a key (named by its position);
 *         @p out_index untouched on error.
 */
VALUE_API int value_keys_find(const value_keys *k, const char *const *ids, size_t n, int32_t *out_index,
                              size_t out_len);

/** @} */

/**
 * @defgroup family_costing Costing
 * What an episode of care truly costs: time-driven activity-based costing (lib/costing/).
 */

/**
 * @defgroup costing Costing models: time-driven activity-based costing
 * @ingroup family_costing
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
 * @param[in]     capacity_minutes    minutes available per period; finite, > 0, and (since
 *                                    issue 16) large enough that the rate is a finite double.
 * @param[in]     practical_fraction  share of those minutes available for
 *                                    work; in (0, 1].
 * @param[out]    out_index           the resource's number.
 * @return ::VALUE_OK; ::VALUE_EINVAL for a NULL pointer, an empty or
 *         duplicate name, or a value out of range; ::VALUE_ERANGE when the
 *         rate is not a finite double (a capacity too small for the cost:
 *         300,000 over 1e-310 minutes) and the model is unchanged; ::VALUE_ENOMEM.
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
 *         ::VALUE_EDOM if a step's minutes are negative for these values;
 *         ::VALUE_ERANGE, naming the item, when a step's minutes, an
 *         item's number of occurrences or cost, or the episode cost is not
 *         a finite double (1e200 units at 1e200).
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
 *         ::VALUE_EDOM if a step's minutes are negative at the defaults;
 *         ::VALUE_ERANGE, naming the item or resource, when minutes
 *         demanded, a utilization or the cost of unused capacity is not a
 *         finite double (nothing is written).
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
 *         range, named by its index; ::VALUE_ERANGE, naming the group and
 *         record, when a group's cost is not a finite double (nothing is written).
 */
VALUE_API int value_costing_log_costs(const value_costing *c, const int32_t *group, const int32_t *resource,
                                      const double *minutes, size_t n, double *out, size_t out_len);

/** @} */

/**
 * @defgroup family_evaluation Outcomes and economic evaluation
 * What care achieves for patients, and whether it is worth its cost: discounting, outcome measures, EQ-5D, QALYs, cost-effectiveness, PSA, Markov models, probabilities, sampling, sensitivity analysis (lib/evaluation/).
 */

/**
 * @defgroup discount Discounting money and health over time
 * @ingroup family_evaluation
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
 * @defgroup outcome Outcome measures
 * @ingroup family_evaluation
 *
 * A measure of results that matter to patients: a clinical outcome, a
 * patient-reported outcome (PROM) or experience (PREM); at a Donabedian
 * level (structure, process, outcome); with a direction (higher or lower
 * is better) and a unit.  It is computed over patients as a rate (the
 * share of 0/1 values that are 1) or a mean, with a confidence interval:
 * - rate, Wilson score (Wilson 1927; Newcombe 1998): with
 *   @f$\hat p = x/n@f$ and @f$z = \Phi^{-1}(1 - \alpha/2)@f$,
 *   @f$ \big(\hat p + \tfrac{z^2}{2n} \pm z\sqrt{\hat p(1-\hat p)/n + z^2/(4n^2)}\big) / (1 + z^2/n) @f$;
 * - mean, Student t: @f$\bar x \pm t_{n-1, 1-\alpha/2}\, s/\sqrt n@f$, or
 *   normal: @f$\bar x \pm z\, s/\sqrt n@f$.
 * @{
 */

/** What a measure captures. */
typedef enum value_outcome_type {
    VALUE_OUTCOME_TYPE_CLINICAL = 1, /**< a clinical outcome (mortality, HbA1c, readmission) */
    VALUE_OUTCOME_TYPE_PROM = 2,     /**< a patient-reported outcome measure */
    VALUE_OUTCOME_TYPE_PREM = 3      /**< a patient-reported experience measure */
} value_outcome_type;

/** Donabedian level of a measure. */
typedef enum value_outcome_level {
    VALUE_OUTCOME_LEVEL_STRUCTURE = 1, /**< the setting: staff, equipment, organisation */
    VALUE_OUTCOME_LEVEL_PROCESS = 2,   /**< what is done: care delivered */
    VALUE_OUTCOME_LEVEL_OUTCOME = 3    /**< the result for the patient */
} value_outcome_level;

/** Which way is better. */
typedef enum value_outcome_direction {
    VALUE_OUTCOME_HIGHER_IS_BETTER = 1, /**< e.g. survival, a PROM score */
    VALUE_OUTCOME_LOWER_IS_BETTER = 2   /**< e.g. infections, mortality, waiting time */
} value_outcome_direction;

/** How a measure summarises patients' values. */
typedef enum value_outcome_stat {
    VALUE_OUTCOME_RATE = 1, /**< share of values equal to 1; values must be 0 or 1 */
    VALUE_OUTCOME_MEAN = 2  /**< arithmetic mean of finite values */
} value_outcome_stat;

/** Confidence interval methods. */
typedef enum value_outcome_ci {
    VALUE_OUTCOME_CI_WILSON = 1, /**< Wilson score interval (rates; the default for rates) */
    VALUE_OUTCOME_CI_T = 2,      /**< Student t interval (means; the default for means) */
    VALUE_OUTCOME_CI_NORMAL = 3  /**< normal interval: Wald for rates (clipped to [0, 1]), z for means */
} value_outcome_ci;

/** Parameters of a measure, set with value_outcome_set(). */
typedef enum value_outcome_param {
    VALUE_OUTCOME_CONFIDENCE = 1, /**< confidence level, in (0, 1); default 0.95 */
    VALUE_OUTCOME_CI_METHOD = 2   /**< a ::value_outcome_ci valid for the statistic */
} value_outcome_param;

/** An outcome measure. Opaque; calls taking a const pointer are thread-safe. */
typedef struct value_outcome value_outcome;

/**
 * Create an outcome measure.
 * @param[in]  name       non-empty name, e.g. "30-day readmission".
 * @param[in]  type       a ::value_outcome_type.
 * @param[in]  level      a ::value_outcome_level.
 * @param[in]  direction  a ::value_outcome_direction.
 * @param[in]  stat       a ::value_outcome_stat.
 * @param[in]  unit       unit text, may be empty ("%", "mmol/mol", "points").
 * @param[out] out        the new measure, released with value_outcome_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers, an empty name or an
 *         unknown enum value; ::VALUE_ENOMEM.
 */
VALUE_API int value_outcome_new(const char *name, value_outcome_type type, value_outcome_level level,
                                value_outcome_direction direction, value_outcome_stat stat, const char *unit,
                                value_outcome **out);

/**
 * Set a parameter of a measure; on error the measure is unchanged.
 * @param[in,out] m      the measure.
 * @param[in]     param  a ::value_outcome_param.
 * @param[in]     v      its value.
 * @return ::VALUE_OK; ::VALUE_EINVAL for a bad value or a CI method that
 *         does not fit the statistic (Wilson for a mean, t for a rate).
 */
VALUE_API int value_outcome_set(value_outcome *m, value_outcome_param param, double v);

/**
 * Read a parameter of a measure.
 * @param[in]  m      the measure.
 * @param[in]  param  a ::value_outcome_param.
 * @param[out] out    its value.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_outcome_get(const value_outcome *m, value_outcome_param param, double *out);

/**
 * Describe a measure.
 * @param[in]  m              the measure.
 * @param[out] out_name       its name, owned by the measure.
 * @param[out] out_unit       its unit, owned by the measure.
 * @param[out] out_type       its ::value_outcome_type.
 * @param[out] out_level      its ::value_outcome_level.
 * @param[out] out_direction  its ::value_outcome_direction.
 * @param[out] out_stat       its ::value_outcome_stat.
 * @return ::VALUE_OK; ::VALUE_EINVAL for a NULL pointer.
 */
VALUE_API int value_outcome_describe(const value_outcome *m, const char **out_name, const char **out_unit,
                                     int *out_type, int *out_level, int *out_direction, int *out_stat);

/**
 * Compute the measure over patients, with its confidence interval.
 * @param[in]  m             the measure.
 * @param[in]  values        one value per patient: 0 or 1 for a rate,
 *                           finite for a mean.
 * @param[in]  n             number of patients; >= 1 (>= 2 for a mean).
 * @param[out] out_estimate  the rate or mean.
 * @param[out] out_lower     lower confidence limit.
 * @param[out] out_upper     upper confidence limit.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers, too few values, a
 *         non-finite value or, for a rate, a value other than 0 or 1;
 *         ::VALUE_EDOM when the confidence is so close to 1 that
 *         1 - alpha/2 rounds to 1 (an infinite critical value);
 *         ::VALUE_ERANGE when a confidence limit of a mean overflows.
 */
VALUE_API int value_outcome_compute(const value_outcome *m, const double *values, size_t n, double *out_estimate,
                                    double *out_lower, double *out_upper);

/**
 * Which of two values of the measure is better, by its direction.
 * @param[in]  m    the measure.
 * @param[in]  a    a value; finite.
 * @param[in]  b    a value; finite.
 * @param[out] out  1 if @p a is better, -1 if @p b is better, 0 if equal.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_outcome_compare(const value_outcome *m, double a, double b, int *out);

/** Release a measure. NULL is a no-op. @param[in] m the measure. */
VALUE_API void value_outcome_free(value_outcome *m);

/**
 * Wilson score interval for x successes in n trials, without a handle.
 * @param[in]  x           successes; a whole number in [0, n].
 * @param[in]  n           trials; a whole number >= 1.
 * @param[in]  confidence  confidence level in (0, 1).
 * @param[out] out_lower   lower limit.
 * @param[out] out_upper   upper limit.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_EDOM when 1 - alpha/2 rounds to 1.
 */
VALUE_API int value_outcome_wilson(double x, double n, double confidence, double *out_lower, double *out_upper);

/** @} */

/**
 * @defgroup eq5d EQ-5D-3L utilities from value sets
 * @ingroup family_evaluation
 *
 * An EQ-5D-3L health state is five digits, the levels (1-3) of mobility
 * (MO), self-care (SC), usual activities (UA), pain/discomfort (PD) and
 * anxiety/depression (AD), e.g. 11223.  A value set turns a state into a
 * utility index:
 * @f[ u = 1 - c\,[\exists d: l_d > 1] - \sum_d \beta_{d,l_d} - \beta_{N3}[\exists d: l_d = 3]
 *       - \beta_{D1} D_1 - \beta_{I2} I_2 - \beta_{I2SQ} I_2^2 - \beta_{I3} I_3 - \beta_{I3SQ} I_3^2 @f]
 * where @f$D_1@f$ is the number of dimensions above level 1 beyond the
 * first, @f$I_2@f$ and @f$I_3@f$ the numbers at level 2 and at level 3
 * beyond the first (each 0 when there is none), as in Shaw et al.'s D1
 * model.  Built in: "UK-TTO" (Dolan 1997, MVH time trade-off) and "US-D1"
 * (Shaw, Johnson & Coons 2005).
 *
 * Value-set text, one term a line ('#' starts a comment):
 * @code
 * name UK TTO (Dolan 1997)
 * constant 0.081
 * MO 2 0.069
 * MO 3 0.314
 * N3 0.269
 * @endcode
 * Terms (case-sensitive): @c name (the rest of the line, trimmed),
 * @c constant, @c MO|SC|UA|PD|AD with level 2 or 3, @c N3, @c D1, @c I2,
 * @c I2SQ, @c I3, @c I3SQ; a missing term is 0.  Each coefficient is a
 * decrement (subtracted from 1), so the US D1 model's D1, I3 and I3SQ are
 * negative.  Numbers are C-locale decimals ("0.146", "-1.4e-1") whatever the
 * host's locale.  Text with no coefficient is rejected, and so is a value
 * set whose index for any of the 243 states falls outside [-1, 1].
 * @{
 */

/** An EQ-5D-3L value set. Opaque; calls taking a const pointer are thread-safe. */
typedef struct value_eq5d value_eq5d;

/**
 * A built-in value set.
 * @param[in]  name  "UK-TTO" or "US-D1".
 * @param[out] out   the value set, released with value_eq5d_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers;
 *         ::VALUE_ENOTFOUND for an unknown name; ::VALUE_ENOMEM.
 */
VALUE_API int value_eq5d_builtin(const char *name, value_eq5d **out);

/**
 * Parse a value set from text (format above).
 * @param[in]  text  the value-set text, NUL-terminated.
 * @param[out] out   the value set.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers; ::VALUE_EPARSE for
 *         a malformed line (named by its number) or an index outside
 *         [-1, 1]; ::VALUE_ENOMEM.
 */
VALUE_API int value_eq5d_parse(const char *text, value_eq5d **out);

/**
 * Load a value set from a file (format above).  Only a regular file of at
 * most 16 MiB (16777216 bytes) is read; anything else (a FIFO, a device
 * such as /dev/zero, a directory) is refused at once, without blocking.
 * @param[in]  path  file path.
 * @param[out] out   the value set.
 * @return as value_eq5d_parse(); ::VALUE_EIO if the file cannot be opened
 *         or read or is not a regular file; ::VALUE_EINVAL naming the size
 *         of a file over 16 MiB; ::VALUE_ENOMEM, also when opening or
 *         reading the file runs out of memory.
 */
VALUE_API int value_eq5d_load(const char *path, value_eq5d **out);

/**
 * Name of a value set.
 * @param[in]  vs   the value set.
 * @param[out] out  its name ("" if the text gave none), owned by it.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_eq5d_name(const value_eq5d *vs, const char **out);

/**
 * Utility index of one health state.
 * @param[in]  vs     the value set.
 * @param[in]  state  five digits, each 1-3, e.g. 11223.
 * @param[out] out    the index.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers or an invalid state.
 */
VALUE_API int value_eq5d_index(const value_eq5d *vs, int32_t state, double *out);

/**
 * Utility indices of many health states.
 * @param[in]  vs       the value set.
 * @param[in]  states   states as five-digit numbers.
 * @param[in]  n        number of states.
 * @param[out] out      receives one index per state.
 * @param[in]  out_len  its length, = @p n.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers, a length mismatch
 *         or an invalid state (named by its position); @p out is untouched
 *         on error.
 */
VALUE_API int value_eq5d_indices(const value_eq5d *vs, const int32_t *states, size_t n, double *out,
                                 size_t out_len);

/** Release a value set. NULL is a no-op. @param[in] vs the value set. */
VALUE_API void value_eq5d_free(value_eq5d *vs);

/** @} */

/**
 * @defgroup qaly QALYs and life years
 * @ingroup family_evaluation
 *
 * Quality-adjusted life years from a utility profile: observations
 * @f$(t_i, u_i)@f$, @f$i = 0..n-1@f$, times in years, interpolated as a
 * step function (@f$u(t) = u_i@f$ on @f$[t_i, t_{i+1})@f$) or linearly.
 * QALYs are the area under the profile from @f$t_0@f$ to @f$t_{n-1}@f$,
 * life years the length of that span, both discounted with a
 * ::value_discount scheme (its rate schedule, timing and periods per year)
 * in one of two conventions:
 * - continuous: @f$\int u(t) D(t)\,dt@f$, with the scheme's
 *   @f$D(t) = \prod_k (1+r_k)^{-\ell_k(t)}@f$, i.e. continuous discounting
 *   at force @f$\ln(1+r)@f$, the same annual effective rate;
 * - per period: the QALYs accrued in each period @f$[k/p, (k+1)/p)@f$ are
 *   multiplied by the factor of that period under the scheme's timing
 *   (start: @f$D(k/p)@f$, end: @f$D((k+1)/p)@f$, mid: @f$D((k+\frac12)/p)@f$),
 *   as a cohort model's annual cycles are.
 * A scheme with rate 0 gives undiscounted results.
 * @{
 */

/** How utilities are interpolated between observations. */
typedef enum value_qaly_interp {
    VALUE_QALY_STEP = 0,  /**< each utility holds until the next observation */
    VALUE_QALY_LINEAR = 1 /**< straight lines between observations (trapezoids) */
} value_qaly_interp;

/** Discounting convention. */
typedef enum value_qaly_discounting {
    VALUE_QALY_CONTINUOUS = 0, /**< integrate u(t) D(t) */
    VALUE_QALY_PER_PERIOD = 1  /**< discount each period's QALYs by one factor */
} value_qaly_discounting;

/**
 * QALYs and life years from a utility profile.
 * @param[in]  times           observation times in years, strictly increasing, finite.
 * @param[in]  utilities       utilities at those times, in [-1, 1].
 * @param[in]  n               number of observations; >= 2.
 * @param[in]  interp          a ::value_qaly_interp.
 * @param[in]  d               the discount scheme (rate 0 for none).
 * @param[in]  discounting     a ::value_qaly_discounting.
 * @param[out] out_qalys       discounted QALYs.
 * @param[out] out_life_years  discounted life years.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers, n < 2, times not
 *         strictly increasing or negative, utilities outside [-1, 1] or
 *         an unknown enum value.
 */
VALUE_API int value_qaly_profile(const double *times, const double *utilities, size_t n, value_qaly_interp interp,
                                 const value_discount *d, value_qaly_discounting discounting, double *out_qalys,
                                 double *out_life_years);

/** @} */

/**
 * @defgroup cea Cost-effectiveness: incremental analysis and net benefit
 * @ingroup family_evaluation
 *
 * Strategies with expected cost @f$C_j@f$ and effect @f$E_j@f$ (QALYs).
 * - A strategy is strongly dominated (D) when another costs no more and
 *   is at least as effective, and is better on one of the two.
 * - The others, sorted by cost, form candidate pairs; the ICER of a
 *   strategy is @f$\Delta C / \Delta E@f$ against the previous candidate.
 *   A strategy whose ICER exceeds the next one's is extendedly dominated
 *   (ED) and removed, and ICERs are recomputed until they increase.
 * - Ties: of identical strategies (same cost and effect) the first in
 *   input order stays and the others are D; equal costs or equal effects
 *   fall under strong dominance; equal successive ICERs (collinear
 *   strategies) are not extended dominance.
 * Net monetary benefit at willingness to pay @f$\lambda@f$:
 * @f$NMB_j = \lambda E_j - C_j@f$; net health benefit
 * @f$NHB_j = E_j - C_j/\lambda@f$.  The optimal strategy has the highest
 * NMB; a frontier strategy is optimal for @f$\lambda@f$ from its ICER up
 * to the next frontier strategy's ICER.  On failure no output is written.
 * @{
 */

/** Status of a strategy in an incremental analysis. */
typedef enum value_cea_status {
    VALUE_CEA_ND = 0, /**< not dominated: on the cost-effectiveness frontier */
    VALUE_CEA_D = 1,  /**< strongly dominated */
    VALUE_CEA_ED = 2  /**< extendedly dominated */
} value_cea_status;

/**
 * Incremental analysis of n strategies.
 *
 * Results are in input order.  For frontier strategies the comparator is
 * the previous frontier strategy and the ICER against it; the cheapest
 * frontier strategy has comparator -1 and ICER NaN; dominated strategies
 * have comparator -1 and ICER NaN.
 * @param[in]  cost            expected costs; finite.
 * @param[in]  effect          expected effects; finite.
 * @param[in]  n               number of strategies; >= 1.
 * @param[out] out_status      a ::value_cea_status per strategy.
 * @param[out] out_comparator  index of the strategy each ICER is against, or -1.
 * @param[out] out_icer        ICER against the comparator, or NaN.
 * @param[in]  out_len         length of each output, = @p n.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers, n = 0, a non-finite
 *         value or a wrong @p out_len; ::VALUE_ERANGE if an ICER overflows;
 *         ::VALUE_ENOMEM.
 */
VALUE_API int value_cea_frontier(const double *cost, const double *effect, size_t n, int32_t *out_status,
                                 int32_t *out_comparator, double *out_icer, size_t out_len);

/**
 * Net monetary and net health benefit at a willingness to pay.
 * @param[in]  cost     expected costs; finite.
 * @param[in]  effect   expected effects; finite.
 * @param[in]  n        number of strategies; >= 1.
 * @param[in]  lambda   willingness to pay per unit of effect; finite, > 0.
 * @param[out] out_nmb  NMB, @f$\lambda E_j - C_j@f$.
 * @param[out] out_nhb  NHB, @f$E_j - C_j/\lambda@f$.
 * @param[in]  out_len  length of each output, = @p n.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ERANGE if a net benefit overflows.
 */
VALUE_API int value_cea_net_benefit(const double *cost, const double *effect, size_t n, double lambda,
                                    double *out_nmb, double *out_nhb, size_t out_len);

/**
 * The optimal strategy at a willingness to pay: the highest NMB, ties to
 * the lower cost, then to the lower index.
 * @param[in]  cost    expected costs; finite.
 * @param[in]  effect  expected effects; finite.
 * @param[in]  n       number of strategies; >= 1.
 * @param[in]  lambda  willingness to pay; finite, >= 0.
 * @param[out] out     index of the optimal strategy.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ERANGE if a net benefit overflows.
 */
VALUE_API int value_cea_optimal(const double *cost, const double *effect, size_t n, double lambda, int32_t *out);

/**
 * The range of willingness to pay over which each strategy is optimal.
 *
 * Frontier strategy k is optimal for @f$\lambda \in (\mathrm{ICER}_k,
 * \mathrm{ICER}_{k+1}]@f$, the cheapest from 0 and the most effective to
 * +Inf; at an end the two neighbours have equal NMB and
 * value_cea_optimal() picks the cheaper.  Collinear frontier strategies
 * get an empty range (lower = upper).  Dominated strategies are never
 * optimal and get NaN for both.
 * @param[in]  cost       expected costs; finite.
 * @param[in]  effect     expected effects; finite.
 * @param[in]  n          number of strategies; >= 1.
 * @param[out] out_lower  lower end of each strategy's range.
 * @param[out] out_upper  upper end (+Inf for the last).
 * @param[in]  out_len    length of each output, = @p n.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ERANGE if an ICER overflows;
 *         ::VALUE_ENOMEM.
 */
VALUE_API int value_cea_wtp_ranges(const double *cost, const double *effect, size_t n, double *out_lower,
                                   double *out_upper, size_t out_len);

/**
 * Value ratio of pathways: outcome per unit cost (e.g. QALYs per dollar).
 * @param[in]  outcome  outcomes; finite.
 * @param[in]  cost     costs; finite, > 0.
 * @param[in]  n        number of pathways; >= 1.
 * @param[out] out      the ratios, @f$\mathrm{outcome}_j / \mathrm{cost}_j@f$.
 * @param[in]  out_len  = @p n.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ERANGE if a ratio overflows.
 */
VALUE_API int value_cea_value_ratio(const double *outcome, const double *cost, size_t n, double *out,
                                    size_t out_len);

/** @} */

/**
 * @defgroup psa Probabilistic sensitivity analysis results
 * @ingroup family_evaluation
 *
 * PSA output is two matrices of @f$S@f$ simulations by @f$J@f$ strategies,
 * costs @f$c_{sj}@f$ and effects @f$e_{sj}@f$, stored simulation-major
 * (element @f$s J + j@f$; a C-order numpy array of shape (S, J)).  At
 * each willingness to pay @f$\lambda@f$, with
 * @f$NMB_{sj} = \lambda e_{sj} - c_{sj}@f$ and @f$\bar{NMB}_j@f$ its mean
 * over simulations:
 * - CEAC: @f$P_j(\lambda)@f$, the share of simulations in which j has the
 *   highest NMB (ties to the lowest index);
 * - CEAF: the strategy with the highest @f$\bar{NMB}_j@f$ (ties to the
 *   lowest index) and its @f$P_j(\lambda)@f$;
 * - EVPI: @f$\frac1S\sum_s \max_j NMB_{sj} - \max_j \bar{NMB}_j@f$;
 * - expected loss of j: @f$\frac1S\sum_s \max_k NMB_{sk} - \bar{NMB}_j@f$
 *   (the EVPI is the smallest expected loss).
 * On failure no output is written.
 * @{
 */

/**
 * Incremental costs and effects against a comparator, for a
 * cost-effectiveness plane: @f$c_{sj} - c_{sk}@f$ and @f$e_{sj} - e_{sk}@f$.
 * @param[in]  costs          costs, S x J simulation-major; finite.
 * @param[in]  effects        effects, same layout; finite.
 * @param[in]  n              S x J; > 0.
 * @param[in]  n_strategies   J; dividing @p n.
 * @param[in]  comparator     k, in [0, J).
 * @param[out] out_dcost      S x J incremental costs (column k is 0).
 * @param[out] out_deffect    S x J incremental effects.
 * @param[in]  out_len        = @p n.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ERANGE if a difference overflows.
 */
VALUE_API int value_psa_incremental(const double *costs, const double *effects, size_t n, size_t n_strategies,
                                    size_t comparator, double *out_dcost, double *out_deffect, size_t out_len);

/**
 * Mean and percentile interval of each strategy's column of a PSA matrix.
 *
 * Percentiles interpolate linearly between order statistics (Hyndman and
 * Fan's type 7, R's and numpy's default).
 * @param[in]  values        S x J simulation-major; finite.
 * @param[in]  n             S x J; > 0.
 * @param[in]  n_strategies  J; dividing @p n.
 * @param[in]  lower_q       lower quantile, in [0, 1] (0.025 for a 95% interval).
 * @param[in]  upper_q       upper quantile, in [lower_q, 1].
 * @param[out] out_mean      J means.
 * @param[out] out_lower     J lower percentiles.
 * @param[out] out_upper     J upper percentiles.
 * @param[in]  out_len       = J.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_psa_summary(const double *values, size_t n, size_t n_strategies, double lower_q,
                                double upper_q, double *out_mean, double *out_lower, double *out_upper,
                                size_t out_len);

/** @} */

/**
 * @defgroup prob Probability helpers
 * @ingroup family_evaluation
 *
 * Converting event rates and probabilities between cycle lengths and
 * applying treatment effects (Briggs, Claxton & Sculpher, Decision
 * Modelling for Health Economic Evaluation, 2006, ch. 3):
 * - probability over time t from a constant rate: @f$p = 1 - e^{-rt}@f$,
 *   and back: @f$r = -\ln(1-p)/t@f$;
 * - rescaling to another cycle length: @f$p' = 1 - (1-p)^{t'/t}@f$;
 * - relative risk: @f$p' = \mathrm{RR}\cdot p@f$ (must stay <= 1);
 * - odds ratio: @f$p' = \mathrm{OR}\,p / (1 - p + \mathrm{OR}\,p)@f$;
 * - hazard ratio: @f$p' = 1 - (1-p)^{\mathrm{HR}}@f$.
 * @{
 */

/**
 * Probability of an event within time t at a constant rate.
 * @param[in]  rate  events per unit time; finite, >= 0.
 * @param[in]  t     time; finite, >= 0.
 * @param[out] out   the probability, @f$1 - e^{-rt}@f$.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_prob_from_rate(double rate, double t, double *out);

/**
 * The constant rate giving probability p within time t.
 * @param[in]  p    probability in [0, 1).
 * @param[in]  t    time; finite, > 0.
 * @param[out] out  the rate, @f$-\ln(1-p)/t@f$.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ERANGE if the rate overflows
 *         (a subnormal @p t).
 */
VALUE_API int value_prob_to_rate(double p, double t, double *out);

/**
 * Rescale a probability to another cycle length.
 * @param[in]  p       probability over @p from_t, in [0, 1].
 * @param[in]  from_t  its time span; finite, > 0.
 * @param[in]  to_t    the new time span; finite, >= 0.
 * @param[out] out     the rescaled probability, @f$1 - (1-p)^{to/from}@f$.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_prob_rescale(double p, double from_t, double to_t, double *out);

/**
 * Apply a relative risk.
 * @param[in]  p    probability in [0, 1].
 * @param[in]  rr   relative risk; finite, >= 0.
 * @param[out] out  the new probability, @f$\mathrm{RR}\cdot p@f$; a
 *                  product within 4 units in the last place above 1 (an
 *                  RR computed as p1/p) gives 1.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_EDOM if the result exceeds 1.
 */
VALUE_API int value_prob_apply_rr(double p, double rr, double *out);

/**
 * Apply an odds ratio.
 * @param[in]  p           probability in [0, 1].
 * @param[in]  odds_ratio  finite, >= 0.
 * @param[out] out         the probability with odds multiplied by @p odds_ratio.
 * @return ::VALUE_OK; ::VALUE_EINVAL (also for p = 1 with a ratio of 0,
 *         which is undefined).
 */
VALUE_API int value_prob_apply_or(double p, double odds_ratio, double *out);

/**
 * Apply a hazard ratio (proportional hazards over one cycle).
 * @param[in]  p    probability in [0, 1].
 * @param[in]  hr   hazard ratio; finite, >= 0.
 * @param[out] out  the new probability, @f$1 - (1-p)^{\mathrm{HR}}@f$.
 * @return ::VALUE_OK; ::VALUE_EINVAL (also for p = 1 with a ratio of 0,
 *         which is undefined).
 */
VALUE_API int value_prob_apply_hr(double p, double hr, double *out);

/** @} */

/**
 * @defgroup survival_guyot Pseudo individual data from published Kaplan-Meier curves
 * @ingroup family_evaluation
 *
 * Guyot, Ades, Ouwens & Welton, "Enhanced secondary analysis of survival
 * data: reconstructing the data from published Kaplan-Meier survival
 * curves", BMC Medical Research Methodology 2012;12:9.  From points read
 * off a published curve (a digitiser's @f$(T_k, S_k)@f$) and the
 * numbers-at-risk table printed under it (@f$n_i@f$ at times
 * @f$t_i@f$), rebuild (time, event) rows whose Kaplan-Meier curve follows
 * the published one, for refitting (parametric survival, partitioned
 * survival models) when only the figure is published.
 *
 * The points are split into the table's intervals @f$[t_i, t_{i+1})@f$;
 * @f$l_i@f$ is the first point of interval i.  In each interval, with
 * @f$\hat n@f$ at risk at its start:
 * 1. guess the censored: @f$c_i = \mathrm{round}(\hat n\,S_{l_{i+1}}/S_{l_i} - n_{i+1})@f$;
 * 2. spread them evenly over @f$(T_{l_i}, T_{l_{i+1}})@f$ (censoring
 *    uniform within the interval);
 * 3. at each point k, events
 *    @f$d_k = \mathrm{round}(\hat n_k (1 - S_k / \hat S_{\mathrm{last}}))@f$,
 *    @f$\hat S_{\mathrm{last}}@f$ the reconstruction's own Kaplan-Meier
 *    at its last event (1 before the first), then
 *    @f$\hat n_{k+1} = \hat n_k - d_k - (\text{censored before } T_{k+1})@f$;
 * 4. while the interval ends with @f$\hat n \ne n_{i+1}@f$, add the
 *    difference to @f$c_i@f$ and go back to 2.
 *
 * The last interval has no count at its end.  With @p total_events, its
 * censored count is adjusted the same way until the events add up to the
 * total; without, it is censored at the rate of the earlier intervals,
 * @f$c = \mathrm{round}(\sum c_i\,(T_{N} - T_{l_{last}})/(T_{u} - T_{l_0}))@f$
 * (u the last point before the last interval; none when the table has one
 * time), as in the paper.  Whoever is still at risk after the last point is
 * censored at its time.
 *
 * Choices where the paper is silent: counts are kept within what is at
 * risk (no negative censoring, no more events than at risk); an
 * interval whose count cannot be matched exactly (a digitising error; at
 * most 200 rounds are tried) keeps the censored count that came closest,
 * and the rows stay consistent, so the next interval starts from the
 * reconstruction's own number at risk rather than the table's.  Every
 * patient of @f$n_0@f$ is one row, so the output has @f$n_0@f$ rows.
 * Rounding is half away from zero.  Points are refused, not cleaned, when
 * t decreases or S rises: clean a digitiser's output first (for example
 * take the running minimum of S after sorting by time).
 * @{
 */

/**
 * The number of rows value_survival_guyot() writes: the number at risk at
 * the first time of the table, @p n_risk[0].
 * @param[in]  n_risk  the numbers at risk, as for value_survival_guyot().
 * @param[in]  m       their count; >= 1, at most 2^26.
 * @param[out] out     @p n_risk[0].
 * @return ::VALUE_OK; ::VALUE_EINVAL (NULL, a count not whole or negative,
 *         n_risk[0] < 1, a count larger than the one before).
 */
VALUE_API int value_survival_guyot_size(const double *n_risk, size_t m, size_t *out);

/**
 * Reconstruct pseudo individual data from a digitised Kaplan-Meier curve
 * and its numbers-at-risk table (Guyot et al. 2012; the steps are in the
 * group's description).
 * @param[in]  t            the digitised times, in the curve's time unit;
 *                          finite, >= t_risk[0], not decreasing (two
 *                          points may share a time, the two ends of a drop).
 * @param[in]  s            the survival read at each time; in [0, 1], not
 *                          increasing.
 * @param[in]  n            number of points; >= 1, at most 2^26.
 * @param[in]  t_risk       the times of the numbers-at-risk table;
 *                          finite, >= 0, increasing, each with a point of
 *                          @p t in [t_risk[i], t_risk[i+1]) (the last in
 *                          [t_risk[m-1], t[n-1]]).
 * @param[in]  n_risk       the numbers at risk at those times; whole
 *                          numbers, n_risk[0] >= 1, not increasing.
 * @param[in]  m            number of table times; >= 1, at most 2^26.
 * @param[in]  total_events the total number of events when the
 *                          publication reports it (a whole number, at most
 *                          n_risk[0]), or NaN when it does not.
 * @param[out] out_time     each row's time: an event's point, or a
 *                          censoring time; in time order (not decreasing).
 * @param[out] out_event    1 for an event, 0 for a censoring.
 * @param[in]  out_len      n_risk[0] (value_survival_guyot_size()).
 * @return ::VALUE_OK; ::VALUE_EINVAL (NULL, NaN or Inf, a length below 1,
 *         t decreasing, S outside [0, 1] or rising, t_risk not increasing,
 *         an interval of the table with no point, counts not whole or
 *         rising, total_events out of range, the wrong out_len).
 */
VALUE_API int value_survival_guyot(const double *t, const double *s, size_t n, const double *t_risk,
                                   const double *n_risk, size_t m, double total_events, double *out_time,
                                   int32_t *out_event, size_t out_len);

/** @} */

/**
 * @defgroup markov Markov cohort models
 * @ingroup family_evaluation
 *
 * A cohort state-transition model with @f$S@f$ states run for @f$T@f$
 * cycles of length @f$L@f$ years.  The trace is
 * @f$m_0 = \pi@f$ (the initial distribution) and
 * @f$m_t = m_{t-1} P_t@f$, with @f$P_t@f$ the transition matrix of cycle
 * @f$t = 1..T@f$ (row = from, column = to; constant or one per cycle).
 * Each state has, per cycle (constant or one set per cycle), a cost, a
 * utility and a life-year weight (1 for alive states, 0 for death; by
 * default 0 exactly for the states that are absorbing in every cycle, see
 * value_markov_set_state_rewards()).
 *
 * Cycle t's discount factor is @f$d_t = (1+r)^{-tL}@f$ when the first
 * cycle is discounted (exponent t, the default) or
 * @f$(1+r)^{-(t-1)L}@f$ when not (exponent t-1), with separate annual
 * rates @f$r@f$ for costs and for effects (QALYs and life years).  QALYs
 * are utility x L per cycle, life years weight x L.
 *
 * Within-cycle correction, for a state reward @f$x@f$ (@f$x_t@f$ the row
 * vector for cycle t); docs/models.md, "Within-cycle conventions", maps
 * heemod's, hesim's, DARTH's and TreeAge's names to these:
 * - ::VALUE_MARKOV_START: @f$\sum_{t=1}^T (m_{t-1}\cdot x_t) d_t@f$;
 * - ::VALUE_MARKOV_END: @f$\sum_{t=1}^T (m_t\cdot x_t) d_t@f$;
 * - ::VALUE_MARKOV_LIFE_TABLE: @f$\sum_{t=1}^T \tfrac12(m_{t-1} + m_t)\cdot x_t\, d_t@f$
 *   (the mean of the start and end occupancy, heemod's "life-table");
 * - ::VALUE_MARKOV_TRAPEZOID and ::VALUE_MARKOV_SIMPSON (Elbasha &
 *   Chhatwal, Med Decis Making 2016): time points @f$k = 0..T@f$ weighted
 *   @f$w_k@f$, @f$\sum_k w_k (m_k\cdot x_{\max(k,1)}) D_k@f$ with
 *   @f$D_k = (1+r)^{-kL}@f$; trapezoid @f$w = (\frac12, 1, \ldots, 1, \frac12)@f$
 *   (DARTH's "half-cycle correction"),
 *   Simpson's 1/3 @f$w = (1, 4, 2, 4, \ldots, 2, 4, 1)/3@f$ (T even).
 *
 * A transition reward (a one-off cost or QALY change on moving from state
 * i to j) counts @f$m_{t-1,i} P_{t,ij}\, \delta_t@f$ in cycle t, with
 * @f$\delta_t@f$ set by ::VALUE_MARKOV_TRANSITION_TIMING (for the
 * cost rate and the effect rate alike):
 * - ::VALUE_MARKOV_TRANSITION_END (the default): @f$\delta_t = d_t@f$,
 *   the cycle's own discount factor (so ::VALUE_MARKOV_DISCOUNT_FIRST
 *   applies);
 * - ::VALUE_MARKOV_TRANSITION_START: @f$\delta_t = (1+r)^{-(t-1)L}@f$,
 *   counted at the start of the cycle;
 * - ::VALUE_MARKOV_TRANSITION_MID: @f$\delta_t = (1+r)^{-(t-\frac12)L}@f$,
 *   counted in the middle of the cycle.
 *
 * The start and middle timings discount at the time they name whatever
 * ::VALUE_MARKOV_DISCOUNT_FIRST says, as @f$D_k@f$ does.  The timing of
 * transition rewards is independent of the correction of state rewards.
 * @{
 */

/** Within-cycle corrections. */
typedef enum value_markov_correction {
    VALUE_MARKOV_START = 0,      /**< none: count state occupancy at the start of each cycle */
    VALUE_MARKOV_END = 1,        /**< none: count at the end of each cycle */
    VALUE_MARKOV_LIFE_TABLE = 2, /**< life-table: the mean of the start and end occupancy of each cycle */
    VALUE_MARKOV_TRAPEZOID = 3,  /**< trapezoidal rule over time points (DARTH's "half-cycle correction") */
    VALUE_MARKOV_SIMPSON = 4     /**< Simpson's 1/3 rule over time points (even T) */
} value_markov_correction;

/** When in its cycle a transition reward counts (::VALUE_MARKOV_TRANSITION_TIMING). */
typedef enum value_markov_transition_timing {
    VALUE_MARKOV_TRANSITION_END = 0,   /**< at the end of the cycle: discount @f$d_t@f$ */
    VALUE_MARKOV_TRANSITION_START = 1, /**< at the start of the cycle: discount at time (t - 1) L */
    VALUE_MARKOV_TRANSITION_MID = 2    /**< in the middle of the cycle: discount at time (t - 1/2) L */
} value_markov_transition_timing;

/** Parameters of a cohort model, set with value_markov_set(). */
typedef enum value_markov_param {
    VALUE_MARKOV_CYCLES = 1,              /**< T, a whole number in [1, 10000000]; default 1 */
    VALUE_MARKOV_CYCLE_LENGTH = 2,        /**< L in years, > 0; default 1 */
    VALUE_MARKOV_DISCOUNT_COSTS = 3,      /**< annual rate for costs, > -1; default 0 */
    VALUE_MARKOV_DISCOUNT_EFFECTS = 4,    /**< annual rate for QALYs and life years, > -1; default 0 */
    VALUE_MARKOV_DISCOUNT_FIRST = 5,      /**< 1: first cycle discounted (exponent t), 0: not (t-1); default 1 */
    VALUE_MARKOV_CORRECTION = 6,          /**< a ::value_markov_correction; default ::VALUE_MARKOV_LIFE_TABLE */
    VALUE_MARKOV_ROW_TOLERANCE = 7,       /**< how far a transition row sum may be from 1, in [0, 1e-3]; default 1e-9 */
    VALUE_MARKOV_THREADS = 8,             /**< threads value_markov_run_batch() may use, a whole number in [1, 256];
                                               default 1 (the library starts no thread unless asked). Results are
                                               bitwise the same for every value. */
    VALUE_MARKOV_TRANSITION_TIMING = 9    /**< a ::value_markov_transition_timing for transition rewards;
                                               default ::VALUE_MARKOV_TRANSITION_END */
} value_markov_param;

/** A cohort model. Opaque; calls taking a const pointer are thread-safe. */
typedef struct value_markov value_markov;

/**
 * Create a cohort model with @p n_states states.
 *
 * Until set, the cohort starts in state 0, costs and utilities are 0 and
 * the life-year weights are the default of value_markov_set_state_rewards()
 * with @p alive NULL (0 for a state absorbing in every cycle, else 1).  The
 * model has no transitions until value_markov_set_transitions(): runs,
 * traces and cycle values fail until then (value_markov_run_batch() takes
 * its transitions from its draws and runs without).
 * @param[in]  n_states  S; >= 1.
 * @param[out] out       the model, released with value_markov_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_markov_new(size_t n_states, value_markov **out);

/**
 * Set a parameter; on error the model is unchanged.
 * @param[in,out] m      the model.
 * @param[in]     param  a ::value_markov_param.
 * @param[in]     v      its value.
 * @return ::VALUE_OK; ::VALUE_EINVAL.  Changing the number of cycles drops
 *         per-cycle transitions and rewards set before: per-cycle
 *         transitions are gone (set them again before a run), per-cycle
 *         rewards go back to the defaults of value_markov_new() (zero costs
 *         and utilities, the default life-year weights).
 */
VALUE_API int value_markov_set(value_markov *m, value_markov_param param, double v);

/**
 * Read a parameter.
 * @param[in]  m      the model.
 * @param[in]  param  a ::value_markov_param.
 * @param[out] out    its value.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_markov_get(const value_markov *m, value_markov_param param, double *out);

/**
 * Set the initial distribution of the cohort.
 * @param[in,out] m        the model.
 * @param[in]     initial  S shares in [0, 1] summing to 1 (within the row tolerance).
 * @param[in]     n        S.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the state at fault.
 */
VALUE_API int value_markov_set_initial(value_markov *m, const double *initial, size_t n);

/**
 * Set the transition probabilities.
 * @param[in,out] m  the model.
 * @param[in]     p  row-major S x S matrix (constant over cycles, n = S^2)
 *                   or T matrices one after another (n = T S^2, cycle 1
 *                   first); each entry in [0, 1], each row summing to 1
 *                   within the row tolerance.
 * @param[in]     n  S^2 or T S^2.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the cycle (counted from 1), row
 *         and column (from 0) at fault; ::VALUE_ENOMEM.
 */
VALUE_API int value_markov_set_transitions(value_markov *m, const double *p, size_t n);

/**
 * Set the state rewards.
 *
 * The life-year weights @p alive, when given, are used as they are.  NULL
 * gives the default, decided at each run from the transitions the run
 * uses (the model's, or each draw's in value_markov_run_batch()): state i
 * has weight 0 (dead) when it is absorbing in every cycle's matrix,
 * @f$P_{t,ii} = 1@f$ exactly for t = 1..T, and weight 1 (alive) otherwise.
 * A state whose staying probability is computed a rounding error below 1,
 * or a dead state that is not absorbing (a tunnel towards death), needs
 * explicit weights.
 * @param[in,out] m        the model.
 * @param[in]     cost     cost per cycle in each state; finite.
 * @param[in]     utility  utility in each state (QALYs per year); finite.
 * @param[in]     alive    life-year weight of each state (1 alive, 0 dead); finite; or NULL for the default
 *                         (above).
 * @param[in]     n        S (constant over cycles) or T S (one row per cycle, cycle 1 first).
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_markov_set_state_rewards(value_markov *m, const double *cost, const double *utility,
                                             const double *alive, size_t n);

/**
 * Add a transition reward: a one-off cost and QALY change per person
 * moving from state @p from to state @p to (added to any reward already
 * on that transition).
 * @param[in,out] m        the model.
 * @param[in]     from     origin state, in [0, S).
 * @param[in]     to       destination state, in [0, S).
 * @param[in]     cost     cost per transition; finite.
 * @param[in]     qalys    QALYs gained (negative: a disutility) per transition; finite.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ERANGE when the summed reward
 *         overflows; ::VALUE_ENOMEM.
 */
VALUE_API int value_markov_add_transition_reward(value_markov *m, size_t from, size_t to, double cost,
                                                 double qalys);

/**
 * Run the model: total discounted cost, QALYs and life years.
 * @param[in]  m               the model.
 * @param[out] out_cost        total discounted cost.
 * @param[out] out_qalys       total discounted QALYs.
 * @param[out] out_life_years  total discounted life years.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers or Simpson's rule
 *         with an odd number of cycles; ::VALUE_ESTATE when
 *         value_markov_set_transitions() was never called (or the
 *         transitions were per cycle and the cycles changed since);
 *         ::VALUE_ENOMEM.
 */
VALUE_API int value_markov_run(const value_markov *m, double *out_cost, double *out_qalys, double *out_life_years);

/**
 * The Markov trace: the cohort's distribution at times 0..T.
 * @param[in]  m        the model.
 * @param[out] out      (T+1) x S, row-major (time 0 first).
 * @param[in]  out_len  (T+1) S.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ESTATE when the model has no
 *         transitions (as value_markov_run()); ::VALUE_ENOMEM.
 */
VALUE_API int value_markov_trace(const value_markov *m, double *out, size_t out_len);

/**
 * Discounted cost, QALYs and life years by cycle.
 *
 * Element 0 holds what counts at time 0 (nonzero only for the trapezoid
 * and Simpson corrections); element t, cycle t's (or time point t's)
 * share.  Each output sums to the total of value_markov_run().
 * @param[in]  m               the model.
 * @param[out] out_cost        T+1 costs.
 * @param[out] out_qalys       T+1 QALYs.
 * @param[out] out_life_years  T+1 life years.
 * @param[in]  out_len         T+1.
 * @return ::VALUE_OK; ::VALUE_EINVAL (also Simpson's rule with an odd
 *         number of cycles); ::VALUE_ESTATE when the model has no
 *         transitions (as value_markov_run()); ::VALUE_ENOMEM.
 */
VALUE_API int value_markov_cycle_values(const value_markov *m, double *out_cost, double *out_qalys,
                                        double *out_life_years, size_t out_len);

/**
 * Run the model's structure over K parameter draws (the fast path for PSA).
 *
 * Draw k replaces the model's transition matrices with its own and its
 * state costs and utilities with its own; everything else (initial
 * distribution, life-year weights, transition rewards, cycles,
 * discounting, correction, transition timing) is the model's.  The model
 * need not have transitions of its own.  Default life-year weights (@p
 * alive NULL in value_markov_set_state_rewards()) come from each draw's
 * own matrices, as value_markov_run() would find them from the model's.
 * A draw's totals are bitwise
 * those value_markov_run() gives for the same inputs in the same layout
 * (rewards constant or per cycle; written out per cycle, constant
 * rewards give the same totals to rounding only).
 *
 * Draws run several at a time in the processor's vector lanes (2 with
 * SSE2; 4 with AVX2 and 8 with AVX-512F where the processor has them,
 * chosen at run time) and, when ::VALUE_MARKOV_THREADS is above 1, on
 * that many threads in contiguous shares of at least 1,024 draws.
 * Neither changes any result: there is no fused multiply-add and no
 * reduction across draws.  With rewards constant over cycles the totals
 * come from the discounted occupancy of each state (so each cycle costs
 * the move m P and 4 S operations), and models of 2 to 8 states with
 * constant transitions have kernels of their own that keep the cohort
 * in registers.  The first invalid draw is reported whatever the thread
 * count.
 * @param[in]  m              the model.
 * @param[in]  transitions    K blocks of S^2 (constant) or T S^2 (per cycle) probabilities.
 * @param[in]  n_transitions  K S^2 or K T S^2.
 * @param[in]  cost           K blocks of S (constant) or T S (per cycle) costs.
 * @param[in]  utility        utilities, same layout as @p cost.
 * @param[in]  n_rewards      K S or K T S.
 * @param[in]  n_draws        K; >= 1.
 * @param[out] out_cost       K total costs.
 * @param[out] out_qalys      K total QALYs.
 * @param[out] out_life_years K total life years.
 * @param[in]  out_len        K.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the draw (from 0), cycle (from
 *         1), row and column of an invalid probability; ::VALUE_ENOMEM.
 */
VALUE_API int value_markov_run_batch(const value_markov *m, const double *transitions, size_t n_transitions,
                                     const double *cost, const double *utility, size_t n_rewards, size_t n_draws,
                                     double *out_cost, double *out_qalys, double *out_life_years, size_t out_len);

/**
 * The sizes of a tunnel expansion (value_markov_tunnel_matrix(),
 * value_markov_tunnel_vector()): S + k - 1 states, (S + k - 1)^2 matrix
 * entries; the query for their output buffers.
 * @param[in]  n_states        S, >= 1.
 * @param[in]  k               number of tunnel states, >= 1.
 * @param[out] out_states      S + k - 1.
 * @param[out] out_matrix_len  (S + k - 1)^2.
 * @return ::VALUE_OK; ::VALUE_EINVAL (NULL, S or k 0, sizes too large).
 */
VALUE_API int value_markov_tunnel_size(size_t n_states, size_t k, size_t *out_states, size_t *out_matrix_len);

/**
 * Expand state @p state of an S x S transition matrix into @p k tunnel
 * states, for time-in-state dependence.
 *
 * The result has S + k - 1 states: tunnel state i (i = 1..k) takes the
 * place @p state + i - 1 and later states move up by k - 1.  Transitions
 * into the state enter tunnel 1; from tunnel i the transitions to other
 * states are the original row's, and the probability of staying moves
 * the cohort on to tunnel i + 1 (the last tunnel keeps it).  Edit the
 * tunnel rows afterwards for time-dependent probabilities.
 * @param[in]  p        row-major S x S matrix.
 * @param[in]  n        S^2.
 * @param[in]  state    the state to expand, in [0, S).
 * @param[in]  k        number of tunnel states; >= 1.
 * @param[out] out      the (S+k-1)^2 matrix, row-major.
 * @param[in]  out_len  (S+k-1)^2.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_markov_tunnel_matrix(const double *p, size_t n, size_t state, size_t k, double *out,
                                         size_t out_len);

/**
 * Expand a per-state vector (initial distribution, costs, utilities) for
 * value_markov_tunnel_matrix(): tunnel states copy the state's value,
 * except that an initial share goes wholly to tunnel 1 when @p first_only
 * is 1.
 * @param[in]  v           S values.
 * @param[in]  n           S.
 * @param[in]  state       the expanded state, in [0, S).
 * @param[in]  k           number of tunnel states; >= 1.
 * @param[in]  first_only  1: tunnels 2..k get 0 (for an initial distribution); 0: copies.
 * @param[out] out         S + k - 1 values.
 * @param[in]  out_len     S + k - 1.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_markov_tunnel_vector(const double *v, size_t n, size_t state, size_t k, int first_only,
                                         double *out, size_t out_len);

/** Release a model. NULL is a no-op. @param[in] m the model. */
VALUE_API void value_markov_free(value_markov *m);

/** @} */

/**
 * @defgroup psm Partitioned survival models
 * @ingroup family_evaluation
 *
 * An N-state partitioned survival model (PSM) over @f$J@f$ cycles of
 * length @f$L@f$ years, time points @f$t_j = jL@f$, @f$j = 0..J@f$.  It
 * takes N-1 survival curves at the time points, @f$S_k(t_j)@f$ for
 * @f$k = 1..N-1@f$, ordered from the earliest exit (@f$S_1@f$, e.g.
 * progression-free survival) to the last (@f$S_{N-1}@f$, overall
 * survival), stored curve-major: @f$S_k(t_j)@f$ at
 * @f$(k-1)(J+1) + j@f$.  Each curve starts at 1 and never rises.  State
 * membership (hesim's "area under the curve"; NICE DSU TSD 19) is
 * @f$p_1 = S_1@f$, @f$p_k = S_k - S_{k-1}@f$, @f$p_N = 1 - S_{N-1}@f$,
 * the last state being death.
 *
 * Crossing curves: where an earlier curve lies above a later one
 * (@f$S_{k-1}(t_j) > S_k(t_j)@f$, e.g. PFS above OS) @f$p_k@f$ would be
 * negative.  The curves are then kept ordered from the last down,
 * @f$S'_{N-1} = S_{N-1}@f$, @f$S'_{k} = \min(S_k, S'_{k+1})@f$, and the
 * membership taken from @f$S'@f$: no state is ever negative, the shares
 * sum to 1, and overall survival (so life years and death) is as given.
 * value_psm_crossings() reports where this happened.
 *
 * With @f$f_j = \sum_k p_k(t_j)\, x_k\, D(t_j)@f$ for a state reward
 * @f$x@f$ per year and discount factors @f$D@f$ of a ::value_discount
 * scheme (value_discount_factor() at @f$t_j@f$), the totals are
 * @f$L \sum_j w_j f_j@f$ with the within-cycle weights of
 * ::value_psm_correction (hesim's sim_qalys() methods; heemod's and
 * DARTH's names in docs/survival.md).  A state cost is per cycle (so per
 * year @f$c_k / L@f$), a utility per year; the life-year weight is 1 for
 * states 1..N-1 and 0 for death.  Costs are discounted with the costs
 * scheme, QALYs and life years with the effects scheme.
 *
 * The functions are in the experimental part.
 */

/**
 * @defgroup sampler Parameter sampling for PSA
 * @ingroup family_evaluation
 *
 * A sampler holds p parameters, each with a distribution; it draws an
 * n x p matrix (row-major: draw i, parameter j at i p + j) from a seed.
 * The same seed gives the same draws on every thread count
 * (value_sampler_set_threads()) and from C, Python and R, and the first
 * rows of a larger draw are the draws of a smaller one.
 *
 * **Streams.**  Every cell (draw i, column j) has a random stream of its
 * own, so its value depends on the seed, i, j and the distributions only:
 * the generator is Philox4x32-10 (Salmon, Moraes, Dror & Shaw, "Parallel
 * random numbers: as easy as 1, 2, 3", SC11, 2011; Random123's
 * `philox4x32`) with key (seed mod 2^32, seed div 2^32) and counter
 * (b, j, i mod 2^32, i div 2^32) for blocks b = 0, 1, 2, ...; block b's
 * words x0..x3 give the 64-bit words x0 + 2^32 x1, then x2 + 2^32 x3.
 * From these words w, in order: a uniform is
 * @f$u = (\lfloor w / 2^{12} \rfloor + 1/2)\,2^{-52}@f$ (in (0, 1), with
 * 1 - u exact); a standard normal is Marsaglia & Tsang's ziggurat (J. Stat.
 * Softw. 5(8), 2000) with 128 layers (r = 3.44261985589665; the tables
 * are in lib/evaluation/sampler.c): layer k = w mod 128, the sign bit 7 of
 * w and @f$x = (\lfloor w/2^{11} \rfloor 2^{-53})\,x_k@f$, accepted when
 * @f$x < x_{k+1}@f$, else the tail beyond r (layer 0; Marsaglia's method
 * with two uniforms a try) or the wedge test
 * @f$f_k + u (f_{k+1} - f_k) < e^{-x^2/2}@f$ with the next uniform, or a
 * new word; a gamma(a, 1) is Marsaglia & Tsang's method (ACM TOMS 26(3),
 * 2000): @f$d = a - 1/3@f$, @f$c = 1/\sqrt{9d}@f$, repeat: x a normal,
 * t = c x, skip unless t > -1, @f$v = (1+t)^3@f$, u a uniform, accept
 * d v if @f$u < 1 - 0.0331x^4@f$ or
 * @f$\log u < x^2/2 + d(3\,\mathrm{log1p}(t) - t(3 + t(3 + t)))@f$;
 * for a < 1 it draws gamma(a + 1) so and multiplies by
 * @f$e^{\log(U)/a}@f$, U the next uniform.
 *
 * **Columns.**  A column named in no correlation is drawn from its cell
 * alone: normal mean + sd z and lognormal @f$e^{\mu + \sigma z}@f$ with z
 * the cell's first normal; uniform, triangular and truncated normal by
 * their quantile at the cell's first uniform u (uniform(a, b) as a + (b -
 * a) u for u <= 1/2, else b - (b - a)(1 - u)); gamma as scale times a
 * gamma(shape, 1); beta as X / (X + Y), X ~ gamma(shape1) then Y ~
 * gamma(shape2) from the cell's stream, or, when a shape is below 1, as
 * @f$1 / (1 + e^{\log Y - \log X})@f$ (where both can underflow).  Columns
 * named in a correlation (value_sampler_set_correlation()) are joined by a
 * Gaussian copula and drawn by inversion: with z the first normals of
 * their cells, in column order, and L the lower Cholesky factor of their
 * correlation matrix R (1 on the diagonal, the set values off it, 0
 * elsewhere), y = L z and @f$X_j = F_j^{-1}(\Phi(y_j))@f$.  A multivariate
 * normal block (value_sampler_add_mvnormal()) is mean + L z with L the
 * Cholesky factor of its covariance and z its cells' first normals; a
 * Dirichlet block is @f$G_j / \sum_k G_k@f$, @f$G_j@f$ ~ gamma(@f$\alpha_j@f$)
 * from column j's cell, formed from logs so that no small concentration
 * underflows: @f$\ell_j = \log(d v)@f$ (plus @f$\log(U)/\alpha_j@f$ below
 * 1), @f$e_j = e^{\ell_j - \max_k \ell_k}@f$, @f$x_j = e_j / \sum_k e_k@f$.  Sums over
 * z run in increasing index.  Adding a column or a block leaves the other
 * columns' draws as they were, except for the copula columns when a
 * correlation changes.  libm's exp, log and log1p enter the rejection
 * tests, so a platform whose libm rounds differently could, very rarely,
 * accept differently.
 *
 * Distributions and their parameters (a, b, c, d):
 * | kind | a | b | c | d |
 * |---|---|---|---|---|
 * | ::VALUE_SAMPLER_FIXED | value | | | |
 * | ::VALUE_SAMPLER_NORMAL | mean | sd > 0 | | |
 * | ::VALUE_SAMPLER_TRUNCNORMAL | mean | sd > 0 | lower | upper > lower |
 * | ::VALUE_SAMPLER_UNIFORM | min | max > min | | |
 * | ::VALUE_SAMPLER_TRIANGULAR | min | mode | max | |
 * | ::VALUE_SAMPLER_BETA | shape1 > 0 | shape2 > 0 | | |
 * | ::VALUE_SAMPLER_BETA_MEANSD | mean in (0,1) | sd, sd^2 < mean(1-mean) | | |
 * | ::VALUE_SAMPLER_GAMMA_MEANSD | mean > 0 | sd > 0 | | |
 * | ::VALUE_SAMPLER_LOGNORMAL_MEANSD | mean > 0 (natural scale) | sd > 0 | | |
 * | ::VALUE_SAMPLER_LOGNORMAL_LOG | meanlog | sdlog > 0 | | |
 * Beta from mean/sd: @f$\alpha = \mu(\mu(1-\mu)/\sigma^2 - 1)@f$,
 * @f$\beta = (1-\mu)(\mu(1-\mu)/\sigma^2 - 1)@f$; gamma: shape
 * @f$\mu^2/\sigma^2@f$, scale @f$\sigma^2/\mu@f$; lognormal from the
 * natural scale: @f$\sigma_{\log}^2 = \ln(1 + \sigma^2/\mu^2)@f$,
 * @f$\mu_{\log} = \ln\mu - \sigma_{\log}^2/2@f$.
 * @{
 */

/** Distribution kinds for value_sampler_add(). */
typedef enum value_sampler_dist {
    VALUE_SAMPLER_FIXED = 1,            /**< a constant */
    VALUE_SAMPLER_NORMAL = 2,           /**< normal(mean, sd) */
    VALUE_SAMPLER_TRUNCNORMAL = 3,      /**< normal(mean, sd) truncated to [lower, upper] */
    VALUE_SAMPLER_UNIFORM = 4,          /**< uniform(min, max) */
    VALUE_SAMPLER_TRIANGULAR = 5,       /**< triangular(min, mode, max) */
    VALUE_SAMPLER_BETA = 6,             /**< beta(shape1, shape2) */
    VALUE_SAMPLER_BETA_MEANSD = 7,      /**< beta with the given mean and sd */
    VALUE_SAMPLER_GAMMA_MEANSD = 8,     /**< gamma with the given mean and sd */
    VALUE_SAMPLER_LOGNORMAL_MEANSD = 9, /**< lognormal with the given natural-scale mean and sd */
    VALUE_SAMPLER_LOGNORMAL_LOG = 10    /**< lognormal with the given mean and sd of the log */
} value_sampler_dist;

/** A set of parameter distributions. Opaque; calls taking a const pointer are thread-safe. */
typedef struct value_sampler value_sampler;

/**
 * Create an empty sampler.
 * @param[out] out  the sampler, released with value_sampler_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_sampler_new(value_sampler **out);

/**
 * Add a parameter (table above for a, b, c, d; unused ones are ignored).
 * @param[in,out] s          the sampler.
 * @param[in]     name       unique non-empty name.
 * @param[in]     kind       a ::value_sampler_dist.
 * @param[in]     a          first parameter.
 * @param[in]     b          second parameter.
 * @param[in]     c          third parameter.
 * @param[in]     d          fourth parameter.
 * @param[out]    out_index  the parameter's column.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the parameter and the value
 *         at fault (e.g. a beta mean outside (0, 1), an sd too large for
 *         the mean, beta or gamma shapes, given or from mean and sd, above
 *         1e5, truncation bounds holding no probability in double
 *         precision); ::VALUE_ENUMERIC if a beta or gamma normalisation
 *         cannot be computed (not seen for valid shapes); ::VALUE_ENOMEM.
 */
VALUE_API int value_sampler_add(value_sampler *s, const char *name, value_sampler_dist kind, double a, double b,
                                double c, double d, size_t *out_index);

/**
 * Add a Dirichlet block: k parameters (columns named name[0] ..
 * name[k-1]) that sum to 1, e.g. a multinomial transition row.
 * @param[in,out] s          the sampler.
 * @param[in]     name       unique non-empty base name.
 * @param[in]     alpha      k concentration parameters (observed counts), each in [1e-300, 1e15].
 * @param[in]     k          k; >= 2.
 * @param[out]    out_first  the first column of the block.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_sampler_add_dirichlet(value_sampler *s, const char *name, const double *alpha, size_t k,
                                          size_t *out_first);

/**
 * Add a multivariate normal block: k parameters (columns named names[0] ..
 * names[k-1]) drawn jointly as @f$\mu + L z@f$, with @f$L L^\top@f$ = @p cov
 * (its lower Cholesky factor, computed here) and z their cells' first
 * standard normals, e.g. regression coefficients with their covariance
 * matrix.  Its columns cannot be in value_sampler_set_correlation(): the
 * covariance holds their correlations.
 * @param[in,out] s          the sampler.
 * @param[in]     names      k unique non-empty names, not yet in the sampler.
 * @param[in]     mean       k means; finite.
 * @param[in]     cov        k x k covariance matrix, row-major; finite,
 *                           symmetric (entries (r, c) and (c, r) may differ
 *                           by rounding, at most @f$10^{-12}\sqrt{|c_{rr} c_{cc}|}@f$;
 *                           the upper triangle is used) and positive definite.
 * @param[in]     k          k; >= 1.
 * @param[out]    out_first  the first column of the block.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the argument and the element at
 *         fault (a NULL, empty or repeated name, a mean or covariance entry
 *         that is not finite, an asymmetric pair); ::VALUE_EDOM if @p cov is
 *         not positive definite (naming the column where its Cholesky
 *         factorization fails); ::VALUE_ENOMEM.
 *         On failure the sampler is unchanged.
 */
VALUE_API int value_sampler_add_mvnormal(value_sampler *s, const char *const *names, const double *mean,
                                         const double *cov, size_t k, size_t *out_first);

/**
 * Set the copula correlation of two parameters (columns).  Both are then
 * drawn by inversion through the Gaussian copula (see the group's text).
 * @param[in,out] s    the sampler.
 * @param[in]     i    a column, not fixed and not in a Dirichlet or multivariate normal block.
 * @param[in]     j    another such column.
 * @param[in]     rho  correlation in (-1, 1).
 * @return ::VALUE_OK; ::VALUE_EINVAL.  Whether the whole matrix is
 *         positive definite is checked when drawing.
 */
VALUE_API int value_sampler_set_correlation(value_sampler *s, size_t i, size_t j, double rho);

/**
 * Number of columns (parameters, Dirichlet blocks counted k times).
 * @param[in]  s    the sampler.
 * @param[out] out  p.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_sampler_count(const value_sampler *s, size_t *out);

/**
 * Name of a column.
 * @param[in]  s      the sampler.
 * @param[in]  index  the column.
 * @param[out] out    its name, owned by the sampler.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_sampler_name(const value_sampler *s, size_t index, const char **out);

/**
 * Draw on up to @p threads threads in later calls to value_sampler_draw()
 * (default 1).  The rows are split into contiguous shares, at least 8,192
 * values each, so small draws stay on the calling thread; every cell has
 * its own stream, so the draws are bit for bit those of one thread.
 * Should a thread not start, its share runs on the calling thread.
 * @param[in,out] s        the sampler.
 * @param[in]     threads  from 1 to 256.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_sampler_set_threads(value_sampler *s, size_t threads);

/**
 * Draw n samples of every parameter.
 * @param[in]  s        the sampler.
 * @param[in]  seed     the seed, all 64 bits of it; the same seed gives the same draws.
 * @param[in]  n        number of draws; >= 1.
 * @param[out] out      n x p, row-major.
 * @param[in]  out_len  n p.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_EDOM if the correlation
 *         matrix is not positive definite; ::VALUE_ENOMEM; ::VALUE_ERANGE
 *         if a drawn value overflows a double, ::VALUE_ENUMERIC if a
 *         quantile cannot be computed (each naming the parameter and the
 *         draw).  On failure @p out is unchanged: when a column may fail
 *         (a normal, lognormal or gamma whose values
 *         can reach the range of a double, given that no standard normal
 *         from a stream exceeds 14.2 in absolute value; a beta or gamma
 *         in a correlation, drawn by inversion), those columns are drawn
 *         and checked in a first pass and everything is written in a second.
 */
VALUE_API int value_sampler_draw(const value_sampler *s, uint64_t seed, size_t n, double *out, size_t out_len);

/** Release a sampler. NULL is a no-op. @param[in] s the sampler. */
VALUE_API void value_sampler_free(value_sampler *s);

/** @} */

/**
 * @defgroup sensitivity One-way sensitivity analysis
 * @ingroup family_evaluation
 *
 * Evaluate a model at each parameter's low and high value, the others at
 * their base values, and order the parameters for a tornado diagram by
 * the width of their result range, @f$|f(\mathrm{high}) - f(\mathrm{low})|@f$,
 * widest first (ties by index).
 * @{
 */

/**
 * A model evaluated by value_sensitivity_oneway(): read @p n_params
 * parameter values, write one result to @p out, return 0 on success or
 * nonzero on failure.
 */
typedef int (*value_sensitivity_fn)(const double *params, size_t n_params, void *user, double *out);

/**
 * One-way sensitivity analysis.
 * @param[in]  base        base values of the n parameters; finite.
 * @param[in]  low         low values; finite.
 * @param[in]  high        high values; finite.
 * @param[in]  n           number of parameters; >= 1.
 * @param[in]  fn          the model, called 2n + 1 times (base first).
 * @param[in]  user        passed to @p fn unchanged.
 * @param[out] out_low     result with each parameter at its low value.
 * @param[out] out_high    result with each parameter at its high value.
 * @param[out] out_order   parameter indices, widest range first.
 * @param[in]  out_len     n.
 * @param[out] out_base    result at the base values.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ECALLBACK if @p fn returns
 *         nonzero or a non-finite result (the message says for which
 *         parameter and value); ::VALUE_ENOMEM.
 */
VALUE_API int value_sensitivity_oneway(const double *base, const double *low, const double *high, size_t n,
                                       value_sensitivity_fn fn, void *user, double *out_low, double *out_high,
                                       int32_t *out_order, size_t out_len, double *out_base);

/** @} */

/**
 * @defgroup model Declarative decision models: define once, run base case, PSA, DSA and microsimulation
 * @ingroup family_evaluation
 *
 * A ::value_model is a cohort state-transition model declared by names
 * and expressions (as heemod's `define_parameters`/`define_transition`,
 * hesim's and TreeAge's models), built through this API or loaded from a
 * model file (value_model_load(); docs/models.md gives the format), and
 * then run entirely in C: the base case, scenarios and weighted
 * subgroups, a probabilistic sensitivity analysis (PSA), one-way and
 * two-way sensitivity analysis, threshold analysis and an
 * individual-level microsimulation of the same definition.
 *
 * **Elements.**  States (named; a dead state counts no life years),
 * strategies, parameters (an expression each, for all strategies or
 * overridden for one; a parameter may use others: derived parameters),
 * PSA distributions of parameters (the sampler's families, a
 * multivariate normal block for regression coefficients, a Dirichlet
 * block for a row; copula correlations), DSA ranges, transition
 * probabilities (an expression per from/to pair; `C` is the complement,
 * 1 minus the rest of the row; a row with no transition set keeps the
 * cohort in its state), value categories (costs and effects, each a sum
 * of categories of that kind), state values per cycle, transition values
 * (one-off per person moving from one state to another), values at time
 * 0, the initial distribution, lookup tables, scenarios and subgroups.
 *
 * **Time in expressions.**  `model_time` (also `markov_cycle`) is the
 * cycle t = 1..T; `state_time` is the cycle of the current stay in the
 * state (1 in the first cycle there): a cohort model expands a state
 * whose transitions or values use it into tunnel states for the user, up
 * to ::VALUE_MODEL_TUNNEL_LIMIT (the last tunnel state keeps the rest);
 * `age` is ::VALUE_MODEL_START_AGE + (t - 1) L; `cycle_length` is L.
 *
 * **Expressions.**  Numbers, names, `+ - * / ^`, comparisons
 * `< <= > >= == !=` (1 or 0), `&& || !` (also `& |`), and the functions
 * `if(c, a, b)` (also `ifelse`), `min(a, b, ...)`, `max(a, b, ...)`,
 * `exp`, `log` (natural; `log(x, base)`), `sqrt`, `abs`, `floor`,
 * `pow(a, b)`, `rate_to_prob(r[, t])` = @f$1 - e^{-rt}@f$,
 * `prob_to_rate(p[, t])` = @f$-\ln(1 - p)/t@f$,
 * `rescale_prob(p, from[, to])` = @f$1 - (1 - p)^{to/from}@f$ (to = 1
 * by default), `odds_to_prob(o)`, `prob_to_odds(p)` and
 * `lookup(table, x[, y])`.  An expression is parsed when it is set (a
 * syntax error names the element, the character and the token) and its
 * names are resolved when the model runs; it is evaluated for all PSA
 * draws at once, and its value never depends on the thread count.
 *
 * **Runs.**  Cycle t's values are counted by the within-cycle
 * convention ::VALUE_MODEL_METHOD (the ::value_markov_correction values:
 * docs/models.md maps heemod's, hesim's, DARTH's and TreeAge's names to
 * these) and discounted as a ::value_markov (::VALUE_MODEL_DISCOUNT_COSTS
 * and ::VALUE_MODEL_DISCOUNT_EFFECTS, or a ::value_discount scheme each
 * with value_model_set_discount(), e.g. stepped Green Book rates).
 * Transition values of cycle t are counted at the end of the cycle with
 * its discount factor @f$d_t@f$; values at time 0 are not discounted.
 * Results are per person of the cohort.  A run validates every
 * evaluated transition row (each probability in [0, 1], the row summing
 * to 1 within ::VALUE_MODEL_ROW_TOLERANCE) and every value (finite),
 * naming the strategy, scenario, draw, cycle, state and value at fault.
 * @{
 */

/** Flags of a state, for value_model_add_state(). */
typedef enum value_model_state_flag {
    VALUE_MODEL_ALIVE = 0, /**< an alive state: counts life years */
    VALUE_MODEL_DEAD = 1   /**< a dead state: counts no life years */
} value_model_state_flag;

/** Kinds of value category, for value_model_add_category(). */
typedef enum value_model_category_kind {
    VALUE_MODEL_COST = 1,   /**< summed into the total cost, discounted at the cost rate */
    VALUE_MODEL_EFFECT = 2, /**< summed into the total effect (QALYs), discounted at the effect rate */
    VALUE_MODEL_OTHER = 3   /**< reported by category only, discounted at the effect rate */
} value_model_category_kind;

/** Options of a model, set with value_model_set(). */
typedef enum value_model_option {
    VALUE_MODEL_CYCLES = 1,           /**< T, a whole number in [1, 100000]; default 1 */
    VALUE_MODEL_CYCLE_LENGTH = 2,     /**< L in years, > 0; default 1 */
    VALUE_MODEL_DISCOUNT_COSTS = 3,   /**< annual rate for costs, > -1; default 0 (replaces a scheme set before) */
    VALUE_MODEL_DISCOUNT_EFFECTS = 4, /**< annual rate for effects and life years, > -1; default 0 (as above) */
    VALUE_MODEL_DISCOUNT_FIRST = 5,   /**< 1: cycle t discounted at time t L, 0: at (t - 1) L; default 1 */
    VALUE_MODEL_METHOD = 6,           /**< within-cycle convention, a ::value_markov_correction; default ::VALUE_MARKOV_LIFE_TABLE */
    VALUE_MODEL_ROW_TOLERANCE = 7,    /**< how far a row sum may be from 1, in [0, 1e-3]; default 1e-9 */
    VALUE_MODEL_THREADS = 8,          /**< threads a PSA, DSA or microsimulation may use, in [1, 256]; default 1;
                                           results are bitwise the same for every value */
    VALUE_MODEL_START_AGE = 9,        /**< age at time 0 in years, finite; default 0 (the `age` of expressions) */
    VALUE_MODEL_TUNNEL_LIMIT = 10     /**< most tunnel states for a state that uses `state_time`, in [1, 100000];
                                           default T (exact) */
} value_model_option;

/** What value_model_count() and value_model_name() count. */
typedef enum value_model_item {
    VALUE_MODEL_STATES = 1,     /**< states, in the order added */
    VALUE_MODEL_STRATEGIES = 2, /**< strategies, in the order added */
    VALUE_MODEL_CATEGORIES = 3, /**< value categories, in the order added */
    VALUE_MODEL_PARAMETERS = 4, /**< parameters, in the order first set */
    VALUE_MODEL_SAMPLED = 5,    /**< PSA columns: parameters with a distribution, in the order of
                                     value_model_psa()'s @p out_draws */
    VALUE_MODEL_RANGES = 6,     /**< parameters with a DSA range, in the order their range was set */
    VALUE_MODEL_SCENARIOS = 7,  /**< scenarios (and subgroups), in the order added */
    VALUE_MODEL_TABLES = 8,     /**< lookup tables */
    VALUE_MODEL_SUBGROUPS = 9   /**< scenarios with a weight (subgroups), in the order of
                                     value_model_run_subgroups()'s rows */
} value_model_item;

/** How value_model_add_table() looks a key up. */
typedef enum value_model_lookup {
    VALUE_MODEL_STEP = 1,  /**< the row of the largest key <= x (age bands); below the first key is an error */
    VALUE_MODEL_LINEAR = 2 /**< linear interpolation between row keys; outside them the end row's value */
} value_model_lookup;

/** A declarative decision model. Opaque; calls taking a const pointer are thread-safe. */
typedef struct value_model value_model;

/**
 * Create an empty model: no states, strategies or parameters, one cycle
 * of a year, no discounting, the life-table convention.
 * @param[out] out  the model, released with value_model_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_model_new(value_model **out);

/**
 * Load a model file (YAML, read with libyaml; docs/models.md gives the
 * format).  The file's elements are handed to the value_model_* calls
 * of this group, so a file and the same calls give the same model.
 * Every message starts "line number L, column number C: " (both from 1)
 * and the element, named by its keys ("transitions: A: B: ",
 * "strategies: comb: parameters: rr: ", a list's item as name[i]).
 * @param[in]  path  the file, a regular file of at most 16 MiB.
 * @param[out] out   the model, released with value_model_free(); untouched on failure.
 * @return ::VALUE_OK; ::VALUE_EINVAL for a NULL pointer or a file over 16 MiB;
 *         ::VALUE_EIO if the file cannot be opened or read, or is not a
 *         regular file (a directory, a FIFO, a device);
 *         ::VALUE_EPARSE for malformed YAML or text that is not UTF-8, an
 *         empty file, a missing or other `libvalue_model` version, an unknown
 *         key or name (with the nearest known), a repeated key, a wrong type,
 *         a number that is not one, a YAML anchor, alias or tag, nesting over
 *         32 deep or over 2^20 values; the status of the value_model_* call
 *         an element makes (::VALUE_EINVAL, ::VALUE_ENOTFOUND, ::VALUE_EPARSE
 *         for a bad expression, ::VALUE_EDOM), its message after the place and
 *         element; ::VALUE_ENOMEM.  Nothing half-built is returned.
 */
VALUE_API int value_model_load(const char *path, value_model **out);

/**
 * Read a model from YAML text in memory (as value_model_load(), with the
 * same messages).
 * @param[in]  text  the text, not necessarily NUL-terminated; a NUL byte in it is an error.
 * @param[in]  len   its length in bytes, at most 16 MiB.
 * @param[out] out   the model, released with value_model_free(); untouched on failure.
 * @return as value_model_load(), without ::VALUE_EIO; ::VALUE_EINVAL for
 *         a NULL pointer or @p len over 16 MiB.
 */
VALUE_API int value_model_parse(const char *text, size_t len, value_model **out);

/**
 * Set an option; on error the model is unchanged.
 * @param[in,out] m       the model.
 * @param[in]     option  a ::value_model_option.
 * @param[in]     v       its value.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_model_set(value_model *m, value_model_option option, double v);

/**
 * Read an option.
 * @param[in]  m       the model.
 * @param[in]  option  a ::value_model_option.
 * @param[out] out     its value.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_model_get(const value_model *m, value_model_option option, double *out);

/**
 * Discount costs and effects by schemes (value_discount_new(), steps with
 * value_discount_add_step()): cycle t is discounted by the scheme's
 * factor D at its time (see ::VALUE_MODEL_DISCOUNT_FIRST); the schemes'
 * own timing and periods per year are not used.  The model keeps copies.
 * @param[in,out] m        the model.
 * @param[in]     costs    the scheme for costs, or NULL to leave it.
 * @param[in]     effects  the scheme for effects and life years, or NULL to leave it.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_model_set_discount(value_model *m, const value_discount *costs, const value_discount *effects);

/**
 * Add a state.
 * @param[in,out] m      the model.
 * @param[in]     name   a unique name: a letter or '_' then letters, digits, '_' or '.'.
 * @param[in]     flags  ::VALUE_MODEL_ALIVE or ::VALUE_MODEL_DEAD.
 * @return ::VALUE_OK; ::VALUE_EINVAL for a bad or repeated name; ::VALUE_ENOMEM.
 */
VALUE_API int value_model_add_state(value_model *m, const char *name, int flags);

/**
 * Add a strategy.
 * @param[in,out] m     the model.
 * @param[in]     name  a unique name (as a state's).
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_model_add_strategy(value_model *m, const char *name);

/**
 * Add a value category.
 * @param[in,out] m     the model.
 * @param[in]     name  a unique name (as a state's), e.g. "cost_drug", "qaly".
 * @param[in]     kind  a ::value_model_category_kind.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_model_add_category(value_model *m, const char *name, int kind);

/**
 * Set a parameter's expression, for every strategy or for one (which
 * then overrides the expression for all).  Setting it again replaces it.
 * @param[in,out] m         the model.
 * @param[in]     strategy  a strategy's name, or NULL for all.
 * @param[in]     name      the parameter (as a state's name; not a built-in
 *                          name such as `model_time` or a function's).
 * @param[in]     expr      its expression.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOTFOUND for an unknown strategy;
 *         ::VALUE_EPARSE naming the parameter, the character and the token;
 *         ::VALUE_ENOMEM.
 */
VALUE_API int value_model_set_parameter(value_model *m, const char *strategy, const char *name, const char *expr);

/**
 * Give a parameter a PSA distribution (the table of ::value_sampler_dist;
 * unused arguments are ignored).  A PSA draws the parameter from it for
 * every strategy; the base case uses the parameter's expression.
 * @param[in,out] m     the model.
 * @param[in]     name  the parameter (set with value_model_set_parameter() before or after).
 * @param[in]     kind  a ::value_sampler_dist other than a Dirichlet.
 * @param[in]     a     first parameter of the distribution.
 * @param[in]     b     second.
 * @param[in]     c     third.
 * @param[in]     d     fourth.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the parameter and the value at fault;
 *         ::VALUE_ENOMEM.
 */
VALUE_API int value_model_set_distribution(value_model *m, const char *name, int kind, double a, double b,
                                           double c, double d);

/**
 * Give k parameters a joint multivariate normal PSA distribution (e.g.
 * regression coefficients with their covariance matrix).
 * @param[in,out] m      the model.
 * @param[in]     names  k parameter names.
 * @param[in]     mean   k means; finite.
 * @param[in]     cov    k x k covariance matrix, row-major; symmetric positive definite.
 * @param[in]     k      k; >= 1.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_EDOM if @p cov is not positive definite; ::VALUE_ENOMEM.
 */
VALUE_API int value_model_set_mvnormal(value_model *m, const char *const *names, const double *mean,
                                       const double *cov, size_t k);

/**
 * Give k parameters a joint Dirichlet PSA distribution (a multinomial
 * row: the k draws sum to 1).
 * @param[in,out] m      the model.
 * @param[in]     names  k parameter names.
 * @param[in]     alpha  k concentration parameters (observed counts), each in [1e-300, 1e15].
 * @param[in]     k      k; >= 2.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_model_set_dirichlet(value_model *m, const char *const *names, const double *alpha, size_t k);

/**
 * Correlate two parameters' PSA draws (Gaussian copula, as
 * value_sampler_set_correlation()).
 * @param[in,out] m    the model.
 * @param[in]     a    a parameter with a univariate distribution.
 * @param[in]     b    another.
 * @param[in]     rho  correlation in (-1, 1).
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_model_set_correlation(value_model *m, const char *a, const char *b, double rho);

/**
 * Give a parameter a range for one-way and two-way sensitivity analysis.
 * @param[in,out] m     the model.
 * @param[in]     name  the parameter.
 * @param[in]     low   low value; finite.
 * @param[in]     high  high value; finite, != low.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_model_set_range(value_model *m, const char *name, double low, double high);

/**
 * Set a transition probability: an expression, or "C" for the
 * complement of the row (at most one per row).
 * @param[in,out] m         the model.
 * @param[in]     strategy  a strategy's name, or NULL for all (a strategy's own overrides it).
 * @param[in]     from      the origin state's name.
 * @param[in]     to        the destination state's name.
 * @param[in]     expr      the probability.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOTFOUND for an unknown name;
 *         ::VALUE_EPARSE; ::VALUE_ENOMEM.
 */
VALUE_API int value_model_set_transition(value_model *m, const char *strategy, const char *from, const char *to,
                                         const char *expr);

/**
 * Set the value of a category per cycle spent in a state.
 * @param[in,out] m         the model.
 * @param[in]     strategy  a strategy's name, or NULL for all.
 * @param[in]     category  the category's name.
 * @param[in]     state     the state's name.
 * @param[in]     expr      the value per cycle.
 * @return as value_model_set_transition().
 */
VALUE_API int value_model_set_state_value(value_model *m, const char *strategy, const char *category,
                                          const char *state, const char *expr);

/**
 * Set a one-off value of a category per person moving from one state to
 * another (a revision's cost, a death's disutility).
 * @param[in,out] m         the model.
 * @param[in]     strategy  a strategy's name, or NULL for all.
 * @param[in]     category  the category's name.
 * @param[in]     from      the origin state.
 * @param[in]     to        the destination state, != from.
 * @param[in]     expr      the value per person moving.
 * @return as value_model_set_transition().
 */
VALUE_API int value_model_set_transition_value(value_model *m, const char *strategy, const char *category,
                                               const char *from, const char *to, const char *expr);

/**
 * Set a value of a category counted once per person at time 0,
 * undiscounted (a primary operation's cost).
 * @param[in,out] m         the model.
 * @param[in]     strategy  a strategy's name, or NULL for all.
 * @param[in]     category  the category's name.
 * @param[in]     expr      the value.
 * @return as value_model_set_transition().
 */
VALUE_API int value_model_set_start_value(value_model *m, const char *strategy, const char *category,
                                          const char *expr);

/**
 * Set the share of the cohort that starts in a state (by default all
 * start in the first state; once one share is set, unset states start
 * with 0).  The shares must sum to 1 when the model runs.
 * @param[in,out] m         the model.
 * @param[in]     strategy  a strategy's name, or NULL for all.
 * @param[in]     state     the state's name.
 * @param[in]     expr      its share.
 * @return as value_model_set_transition().
 */
VALUE_API int value_model_set_initial(value_model *m, const char *strategy, const char *state, const char *expr);

/**
 * Add a lookup table for `lookup(name, x)` (one column) or
 * `lookup(name, x, y)` (a column chosen by the largest column key <= y;
 * below the first is an error), e.g. a life table by age (rows) and sex
 * (columns 0, 1), or a hazard by time since entry.
 * @param[in,out] m          the model.
 * @param[in]     name       a unique name.
 * @param[in]     row_keys   n_rows increasing keys; finite.
 * @param[in]     n_rows     >= 1.
 * @param[in]     col_keys   n_cols increasing keys; finite; NULL when n_cols is 1.
 * @param[in]     n_cols     >= 1.
 * @param[in]     values     n_rows x n_cols values, row-major; finite.
 * @param[in]     n_values   n_rows n_cols.
 * @param[in]     lookup     a ::value_model_lookup for the rows.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_model_add_table(value_model *m, const char *name, const double *row_keys, size_t n_rows,
                                    const double *col_keys, size_t n_cols, const double *values, size_t n_values,
                                    int lookup);

/**
 * Add to a scenario: a named set of parameter expressions that replace
 * the model's when the scenario runs (created by its first parameter).
 * A scenario with a weight (value_model_set_weight()) is a subgroup.
 * @param[in,out] m         the model.
 * @param[in]     scenario  the scenario's name.
 * @param[in]     name      a parameter.
 * @param[in]     expr      its expression in the scenario.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_EPARSE; ::VALUE_ENOMEM.
 */
VALUE_API int value_model_set_scenario(value_model *m, const char *scenario, const char *name, const char *expr);

/**
 * Make a scenario a subgroup of the population with a weight, for
 * value_model_run_subgroups().
 * @param[in,out] m         the model.
 * @param[in]     scenario  an existing scenario.
 * @param[in]     weight    its weight, finite and > 0 (weights need not sum to 1).
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOTFOUND.
 */
VALUE_API int value_model_set_weight(value_model *m, const char *scenario, double weight);

/**
 * How many items of a kind the model has (the lengths of run outputs).
 * @param[in]  m     the model.
 * @param[in]    what  a ::value_model_item.
 * @param[out] out   the count.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_model_count(const value_model *m, int what, size_t *out);

/**
 * The name of an item.
 * @param[in]  m      the model.
 * @param[in]  what   a ::value_model_item.
 * @param[in]  index  in [0, value_model_count()).
 * @param[out] out    the name, owned by the model until it changes.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_model_name(const value_model *m, int what, size_t index, const char **out);

/**
 * A DSA range: the low and high values of range @p index (in the order of
 * ::VALUE_MODEL_RANGES).
 * @param[in]  m         the model.
 * @param[in]  index     in [0, count of ::VALUE_MODEL_RANGES).
 * @param[out] out_low   its low value.
 * @param[out] out_high  its high value.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_model_get_range(const value_model *m, size_t index, double *out_low, double *out_high);

/**
 * The weight of a subgroup: the scenario at @p index among those with a
 * weight (in the order of ::VALUE_MODEL_SUBGROUPS).
 * @param[in]  m      the model.
 * @param[in]  index  in [0, count of ::VALUE_MODEL_SUBGROUPS).
 * @param[out] out    its weight.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_model_get_weight(const value_model *m, size_t index, double *out);

/**
 * Check that the model can run: every name resolves, no parameter
 * depends on itself, every strategy has transitions, and the base case
 * evaluates to valid rows and finite values.
 * @param[in] m  the model.
 * @return ::VALUE_OK; as value_model_run() (::VALUE_EINVAL, ::VALUE_ENOTFOUND,
 *         ::VALUE_ESTATE, ::VALUE_EDOM, ::VALUE_ENOMEM).
 */
VALUE_API int value_model_check(const value_model *m);

/**
 * Run the base case, or a scenario: total cost, effect and life years
 * per strategy.
 * @param[in]  m               the model.
 * @param[in]  scenario        a scenario's name, or NULL for the base case.
 * @param[out] out_cost        J total costs (J strategies, in order).
 * @param[out] out_effect      J total effects.
 * @param[out] out_life_years  J total life years.
 * @param[in]  out_len         J.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOTFOUND; ::VALUE_EDOM naming
 *         the strategy, cycle, state and value of an invalid row or value;
 *         ::VALUE_ENOMEM.  Outputs untouched on failure.
 */
VALUE_API int value_model_run(const value_model *m, const char *scenario, double *out_cost, double *out_effect,
                              double *out_life_years, size_t out_len);

/**
 * The base case (or a scenario) by category: the discounted total of
 * each category for each strategy.
 * @param[in]  m         the model.
 * @param[in]  scenario  a scenario, or NULL.
 * @param[out] out       J x C, row-major (strategy j, category c at j C + c).
 * @param[in]  out_len   J C.
 * @return as value_model_run().
 */
VALUE_API int value_model_run_values(const value_model *m, const char *scenario, double *out, size_t out_len);

/**
 * The trace of one strategy: the cohort's distribution over the declared
 * states (tunnel states summed into theirs) at times 0..T.
 * @param[in]  m         the model.
 * @param[in]  scenario  a scenario, or NULL.
 * @param[in]  strategy  the strategy's index, in [0, J).
 * @param[out] out       (T+1) x S, row-major.
 * @param[in]  out_len   (T+1) S.
 * @return as value_model_run().
 */
VALUE_API int value_model_trace(const value_model *m, const char *scenario, size_t strategy, double *out,
                                size_t out_len);

/**
 * Run every subgroup (scenario with a weight) and their weighted mean.
 * @param[in]  m           the model.
 * @param[out] out_cost    (G+1) x J: subgroup g's costs at g J + j, in the
 *                         order of ::VALUE_MODEL_SCENARIOS among those with a
 *                         weight, then the weighted mean.
 * @param[out] out_effect  the same for effects.
 * @param[in]  out_len     (G+1) J.
 * @return as value_model_run(); ::VALUE_ESTATE if no scenario has a weight;
 *         ::VALUE_ERANGE if a weighted mean overflows.
 */
VALUE_API int value_model_run_subgroups(const value_model *m, double *out_cost, double *out_effect,
                                        size_t out_len);

/**
 * Probabilistic sensitivity analysis: draw every distribution @p n_draws
 * times from @p seed (value_sampler_draw()'s streams: the same seed gives
 * the same draws on any thread count), evaluate the model for each draw
 * and run every strategy.
 * @param[in]  m          the model.
 * @param[in]  scenario   a scenario, or NULL.
 * @param[in]  seed       the seed.
 * @param[in]  n_draws    N; >= 1.
 * @param[out] out_cost   N x J, simulation-major (value_psa_curves()'s layout).
 * @param[out] out_effect N x J.
 * @param[in]  out_len    N J.
 * @param[out] out_draws  N x P parameter draws (P = count of ::VALUE_MODEL_SAMPLED), or NULL.
 * @param[in]  draws_len  N P, or 0 with NULL.
 * @return as value_model_run(), naming the draw (from 0) too; ::VALUE_ESTATE
 *         if no parameter has a distribution.
 */
VALUE_API int value_model_psa(const value_model *m, const char *scenario, uint64_t seed, size_t n_draws,
                              double *out_cost, double *out_effect, size_t out_len, double *out_draws,
                              size_t draws_len);

/**
 * One-way sensitivity analysis: each parameter with a range
 * (value_model_set_range(), in the order of ::VALUE_MODEL_RANGES) at its
 * low and at its high value, the others at the base case.
 * @param[in]  m           the model.
 * @param[out] out_cost    R x 2 x J: parameter r at low (k = 0) or high (k = 1),
 *                         strategy j at (2 r + k) J + j.
 * @param[out] out_effect  the same for effects.
 * @param[in]  out_len     2 R J.
 * @return as value_model_run(); ::VALUE_ESTATE if no parameter has a range.
 */
VALUE_API int value_model_dsa(const value_model *m, double *out_cost, double *out_effect, size_t out_len);

/**
 * A tornado from value_model_dsa(): the net monetary benefit
 * @f$\lambda E - C@f$ of one strategy minus a comparator's (or the ICER),
 * at each range's low and high value, ordered widest first.
 * @param[in]  m           the model.
 * @param[in]  strategy    the strategy's index.
 * @param[in]  comparator  the comparator's index, != strategy.
 * @param[in]  lambda      willingness to pay; finite, >= 0; ignored for the ICER.
 * @param[in]  icer        0: incremental net monetary benefit; 1: the ICER
 *                         (::VALUE_EDOM when the effect difference is 0).
 * @param[out] out_low     R results at the low values (in range order).
 * @param[out] out_high    R results at the high values.
 * @param[out] out_order   R range indices, widest first (ties by index).
 * @param[in]  out_len     R.
 * @param[out] out_base    the base-case result.
 * @return as value_model_dsa().
 */
VALUE_API int value_model_tornado(const value_model *m, size_t strategy, size_t comparator, double lambda,
                                  int icer, double *out_low, double *out_high, int32_t *out_order,
                                  size_t out_len, double *out_base);

/**
 * Two-way sensitivity analysis over a grid of two parameters' values.
 * @param[in]  m           the model.
 * @param[in]  a           the first parameter.
 * @param[in]  va          its values; finite.
 * @param[in]  na          their number; >= 1.
 * @param[in]  b           the second parameter, != a.
 * @param[in]  vb          its values; finite.
 * @param[in]  nb          >= 1.
 * @param[out] out_cost    na x nb x J: (i nb + k) J + j.
 * @param[out] out_effect  the same for effects.
 * @param[in]  out_len     na nb J.
 * @return as value_model_run().
 */
VALUE_API int value_model_twoway(const value_model *m, const char *a, const double *va, size_t na,
                                 const char *b, const double *vb, size_t nb, double *out_cost,
                                 double *out_effect, size_t out_len);

/**
 * Threshold analysis: the value of a parameter in [low, high] at which
 * the strategy with the highest net monetary benefit @f$\lambda E - C@f$
 * changes (the first such value from @p low), found on a grid of 64
 * intervals then by Brent's method to 1e-10 relative.
 * @param[in]  m          the model.
 * @param[in]  name       the parameter.
 * @param[in]  low        lower end; finite.
 * @param[in]  high       upper end; finite, > low.
 * @param[in]  lambda     willingness to pay; finite, >= 0.
 * @param[out] out_value  the threshold.
 * @param[out] out_below  index of the optimal strategy just below it.
 * @param[out] out_above  index of the optimal strategy just above it.
 * @return ::VALUE_OK; ::VALUE_ENOTFOUND when the optimal strategy is the
 *         same on the whole grid (the message names it); as value_model_run().
 */
VALUE_API int value_model_threshold(const value_model *m, const char *name, double low, double high, double lambda,
                                    double *out_value, int32_t *out_below, int32_t *out_above);

/**
 * Individual-level microsimulation of the same definition (no tunnel
 * states: each person's time in state is tracked).  Person i of strategy
 * j draws from a counter-based stream keyed by (seed, i) (the same
 * people face every strategy), so results do not depend on threads or
 * chunking; the means converge to value_model_run()'s.  Values are
 * counted with the model's convention and discounting, per person.
 * @param[in]  m               the model.
 * @param[in]  scenario        a scenario, or NULL.
 * @param[in]  seed            the seed.
 * @param[in]  n_people        N; >= 1.
 * @param[out] out_cost        J mean costs.
 * @param[out] out_effect      J mean effects.
 * @param[out] out_life_years  J mean life years.
 * @param[out] out_se_cost     J Monte Carlo standard errors of the mean cost (sd / sqrt(N)).
 * @param[out] out_se_effect   J standard errors of the mean effect.
 * @param[in]  out_len         J.
 * @return as value_model_run().
 */
VALUE_API int value_model_microsim(const value_model *m, const char *scenario, uint64_t seed, size_t n_people,
                                   double *out_cost, double *out_effect, double *out_life_years,
                                   double *out_se_cost, double *out_se_effect, size_t out_len);

/** Release a model. NULL is a no-op. @param[in] m the model. */
VALUE_API void value_model_free(value_model *m);

/** @} */

/**
 * @defgroup survival Survival analysis: Kaplan-Meier and restricted mean survival time
 * @ingroup family_evaluation
 *
 * Kaplan-Meier curves from (time, event) records with optional case
 * weights and groups, computed as R's `survival::survfit(Surv(time,
 * event) ~ group, weights = w, conf.type = "log-log")` does (Kaplan and
 * Meier 1958; Greenwood 1926; Kalbfleisch and Prentice 2002, sec. 1.4):
 * at each distinct observed time t of a group, n(t) is the (weighted)
 * number with time >= t, d(t) the (weighted) events and c(t) the
 * (weighted) censorings at t (events count before censorings at the same
 * time), and
 * @f$\hat S(t) = \prod_{t_j \le t} (1 - d_j / n_j)@f$,
 * @f$\sigma^2(t) = \sum_{t_j \le t} d_j / (n_j (n_j - d_j))@f$ (Greenwood's
 * variance of @f$\log \hat S@f$).  The restricted mean survival time up to
 * @f$\tau@f$ is @f$\int_0^\tau \hat S(u)\,du@f$ with variance
 * @f$\sum_{t_j \le \tau} A_j^2 d_j / (n_j (n_j - d_j))@f$,
 * @f$A_j = \int_{t_j}^\tau \hat S(u)\,du@f$ (survRM2's `rmst1`, survival's
 * `print(fit, rmean = tau)`).  docs/survival.md gives the conventions.
 * @{
 */

/** A Kaplan-Meier fit: one curve per group. */
typedef struct value_survival_km value_survival_km;

/** Columns of value_survival_km_table() and value_survival_km_at(), as offsets in a row. */
typedef enum value_survival_km_col {
    VALUE_SURVIVAL_KM_TIME = 0,     /**< the time t */
    VALUE_SURVIVAL_KM_N_RISK = 1,   /**< (weighted) number at risk at t: time >= t (survfit's n.risk) */
    VALUE_SURVIVAL_KM_N_EVENT = 2,  /**< (weighted) events at t; in value_survival_km_at(), since the previous time asked */
    VALUE_SURVIVAL_KM_N_CENSOR = 3, /**< (weighted) censorings, as N_EVENT */
    VALUE_SURVIVAL_KM_SURV = 4,     /**< S(t), right-continuous */
    VALUE_SURVIVAL_KM_STD_ERR = 5,  /**< Greenwood standard error of log S(t) (survfit's `fit$std.err`); NaN where S(t) = 0 */
    VALUE_SURVIVAL_KM_SE_SURV = 6,  /**< standard error of S(t), S(t) x STD_ERR (`summary(fit)$std.err`); NaN where S(t) = 0 */
    VALUE_SURVIVAL_KM_LOWER = 7,    /**< lower log-log confidence limit of S(t); 1 where S(t) = 1, NaN where S(t) = 0 */
    VALUE_SURVIVAL_KM_UPPER = 8,    /**< upper log-log confidence limit of S(t); as LOWER */
    VALUE_SURVIVAL_KM_N_COLS = 9    /**< columns per row */
} value_survival_km_col;

/**
 * Fit Kaplan-Meier curves.
 * @param[in]  time      follow-up times, finite and >= 0 (any unit; the
 *                       RMST is in the same unit).
 * @param[in]  event     1 for an event at time[i], 0 for censored.
 * @param[in]  weight    case weights, finite and > 0, or NULL for 1 each;
 *                       Greenwood's sum uses the weighted counts (survfit
 *                       with robust = FALSE).
 * @param[in]  group     group of each record in [0, n_groups), or NULL for
 *                       one group.
 * @param[in]  n         records, >= 1.
 * @param[in]  n_groups  groups, >= 1, each with records; 1 when @p group
 *                       is NULL.  A group with no events is fine: its
 *                       curve is 1 throughout.
 * @param[out] out       the new fit, released with value_survival_km_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL ("time[3] is -1, must be >= 0",
 *         "event[2] is 2, must be 0 or 1", "group[4] is 7, not in [0, 2)",
 *         "group 1 has no records"); ::VALUE_ENOMEM.
 */
VALUE_API int value_survival_km_new(const double *time, const double *event, const double *weight,
                                    const int32_t *group, size_t n, size_t n_groups, value_survival_km **out);

/**
 * The number of rows of group @p group's table: its distinct observed
 * times (events and censorings).
 * @param[in]  km     the fit.
 * @param[in]  group  in [0, n_groups).
 * @param[out] out    the number of rows.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_survival_km_size(const value_survival_km *km, size_t group, size_t *out);

/**
 * The curve of group @p group at each of its distinct observed times, as
 * survfit's fit object gives it (`time`, `n.risk`, `n.event`, `n.censor`,
 * `surv`, `std.err`, and `lower`, `upper` with conf.type = "log-log"):
 * row k (offset k x ::VALUE_SURVIVAL_KM_N_COLS) holds the columns of
 * ::value_survival_km_col.  The log-log limits are S to the power
 * exp(-/+ z STD_ERR / log S), z the normal quantile at (1 + level) / 2.
 * @param[in]  km       the fit.
 * @param[in]  group    in [0, n_groups).
 * @param[in]  level    confidence level, in (0, 1) (0.95).
 * @param[out] out      rows x ::VALUE_SURVIVAL_KM_N_COLS values, rows from
 *                      value_survival_km_size().
 * @param[in]  out_len  rows x ::VALUE_SURVIVAL_KM_N_COLS.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_survival_km_table(const value_survival_km *km, size_t group, double level, double *out,
                                      size_t out_len);

/**
 * The curve of group @p group at times of the caller's choosing, as
 * `summary(fit, times = times, extend = TRUE)` gives it: row k is time
 * times[k], the number at risk there (weighted, time >= times[k]: the
 * at-risk table under a plot), the events and censorings in
 * (times[k-1], times[k]] (from 0 for k = 0), and S, its standard errors
 * and limits at times[k] (the step at or before it; past the last
 * observed time the last value, with 0 at risk).
 * @param[in]  km       the fit.
 * @param[in]  group    in [0, n_groups).
 * @param[in]  times    times, finite, >= 0 and non-decreasing.
 * @param[in]  n_times  number of times, >= 1.
 * @param[in]  level    confidence level, in (0, 1).
 * @param[out] out      n_times x ::VALUE_SURVIVAL_KM_N_COLS values.
 * @param[in]  out_len  n_times x ::VALUE_SURVIVAL_KM_N_COLS.
 * @return ::VALUE_OK; ::VALUE_EINVAL ("times[2] is 1, must be >= times[1] (3)").
 */
VALUE_API int value_survival_km_at(const value_survival_km *km, size_t group, const double *times, size_t n_times,
                                   double level, double *out, size_t out_len);

/**
 * Median survival of group @p group with its confidence interval, as
 * `print(fit)` gives them: the first time at which S (for the limits: the
 * lower and the upper log-log limit curve) is at most 1/2; where the curve
 * is exactly 1/2 (within sqrt(DBL_EPSILON)) over an interval and drops
 * later, the midpoint of that interval.  A curve that never reaches 1/2
 * (all censored, or followed too briefly) has no median: NaN, printed by
 * survfit as NA; the bindings give None / NA.
 * @param[in]  km         the fit.
 * @param[in]  group      in [0, n_groups).
 * @param[in]  level      confidence level, in (0, 1).
 * @param[out] out_median the median, or NaN when not reached.
 * @param[out] out_lower  its lower confidence limit, or NaN.
 * @param[out] out_upper  its upper confidence limit, or NaN.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_survival_km_median(const value_survival_km *km, size_t group, double level, double *out_median,
                                       double *out_lower, double *out_upper);

/**
 * Restricted mean survival time of group @p group up to @p tau, the area
 * under its curve from 0 to tau, and its standard error (the formulas of
 * this group's introduction; a time with d = n adds nothing to the
 * variance, as in survRM2 and survival).  Past the last observed time the
 * curve is extended at its last value, as survival's `print(fit, rmean =
 * tau)` does (survRM2 refuses such a tau).
 * @param[in]  km       the fit.
 * @param[in]  group    in [0, n_groups).
 * @param[in]  tau      the horizon, finite and > 0.
 * @param[out] out_rmst the RMST, in the unit of time.
 * @param[out] out_se   its standard error.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ERANGE if the area or its
 *         variance overflows.
 */
VALUE_API int value_survival_km_rmst(const value_survival_km *km, size_t group, double tau, double *out_rmst,
                                     double *out_se);

/** Release a fit. NULL is a no-op. @param[in] km the fit. */
VALUE_API void value_survival_km_free(value_survival_km *km);

/** @} */

/**
 * @defgroup family_risk Risk adjustment and provider comparison
 * Comparing providers fairly: risk models, performance, O/E, provider profiles, funnel plots, peer groups, disparities, fairness (lib/risk/).
 */

/**
 * @defgroup risk Risk adjustment: GLMs, model performance, O/E, risk-standardized rates
 * @ingroup family_risk
 *
 * A ::value_risk is a case-mix model: a generalized linear model fitted
 * here by iteratively reweighted least squares (IRLS) or loaded from
 * published coefficients, optionally with provider random intercepts.
 *
 * Families and links (prior weights @f$w_i@f$, offset @f$o_i@f$,
 * @f$\eta_i = o_i + x_i\beta@f$, @f$\mu_i = g^{-1}(\eta_i)@f$):
 * - ::VALUE_RISK_BINOMIAL, logit link, y in {0, 1}: deviance
 *   @f$2\sum w_i [y_i\log(y_i/\mu_i) + (1-y_i)\log((1-y_i)/(1-\mu_i))]@f$;
 * - ::VALUE_RISK_POISSON, log link, y a count: @f$2\sum w_i [y_i\log(y_i/\mu_i) - (y_i-\mu_i)]@f$;
 * - ::VALUE_RISK_GAUSSIAN, identity link: @f$\sum w_i (y_i-\mu_i)^2@f$;
 * - ::VALUE_RISK_GAMMA, log link, y > 0: @f$-2\sum w_i [\log(y_i/\mu_i) - (y_i-\mu_i)/\mu_i]@f$.
 *
 * The fit follows R's `glm.fit` (R Core Team, `stats`): the same starting
 * values (binomial @f$(w y + 1/2)/(w + 1)@f$, Poisson @f$y + 0.1@f$,
 * Gaussian and gamma @f$y@f$), the same stopping rule
 * @f$|D - D_{old}|/(|D| + 0.1) < \varepsilon@f$ (default 1e-8) and the same
 * iteration cap (default 25), so that coefficients agree with R's to
 * about 1e-8 relative.  The covariance is @f$\phi (X^\top W X)^{-1}@f$ with
 * @f$\phi = 1@f$ (binomial, Poisson) or the Pearson estimate
 * @f$\sum w_i (y_i-\mu_i)^2/V(\mu_i)\,/\,(n - p)@f$ (Gaussian, gamma), as
 * R's `summary.glm`; z statistics and normal p values for binomial and
 * Poisson, t statistics on n - p degrees of freedom otherwise.  AIC is
 * R's (binomial weights rounded to counts; the Gaussian AIC over the rows
 * of positive weight, where R gives Inf if any weight is 0), and the
 * log-likelihood of Gaussian and gamma fits counts the dispersion as a
 * parameter, as R's `logLik`.
 * @{
 */

/** GLM families; each with its canonical risk-adjustment link. */
typedef enum value_risk_family {
    VALUE_RISK_BINOMIAL = 1, /**< logistic regression (logit link): readmission, mortality */
    VALUE_RISK_POISSON = 2,  /**< Poisson with log link (and offset): counts */
    VALUE_RISK_GAUSSIAN = 3, /**< linear regression (identity link): costs */
    VALUE_RISK_GAMMA = 4     /**< gamma with log link: skewed costs */
} value_risk_family;

/** Settings and results of a ::value_risk model.  Settings (1-3) are set
 *  with value_risk_set() before a fit; results are read with
 *  value_risk_get() after one. */
typedef enum value_risk_param {
    VALUE_RISK_INTERCEPT = 1,     /**< 1: the model has an intercept (coefficient 0), 0: not; default 1 */
    VALUE_RISK_MAX_ITER = 2,      /**< iteration cap of IRLS (and of the random-intercept fit's Newton steps), a whole number in [1, 1000]; default 25 */
    VALUE_RISK_TOLERANCE = 3,     /**< IRLS relative deviance tolerance (random-intercept fit: Newton decrement below its square), in (0, 1e-2]; default 1e-8 */
    VALUE_RISK_DEVIANCE = 4,      /**< result: residual deviance (random-intercept fit: the conditional deviance at the provider modes, as lme4's `deviance()`) */
    VALUE_RISK_NULL_DEVIANCE = 5, /**< result: deviance of the intercept-only (or offset-only) model; not available for a random-intercept fit */
    VALUE_RISK_AIC = 6,           /**< result: Akaike's information criterion, as R's */
    VALUE_RISK_DISPERSION = 7,    /**< result: @f$\phi@f$ (1 for binomial and Poisson) */
    VALUE_RISK_ITERATIONS = 8,    /**< result: IRLS iterations used (random-intercept fit: Newton steps) */
    VALUE_RISK_N_OBS = 9,         /**< result: observations with positive weight */
    VALUE_RISK_DF_RESIDUAL = 10,  /**< result: n - p */
    VALUE_RISK_N_COEF = 11,       /**< p = columns + intercept (readable any time) */
    VALUE_RISK_TAU = 12,          /**< result of value_risk_fit_random_intercept(): between-provider SD @f$\tau@f$ */
    VALUE_RISK_LOGLIK = 13,       /**< result: log-likelihood (Laplace approximation for the random-intercept model) */
    VALUE_RISK_N_PROVIDERS = 14   /**< result of value_risk_fit_random_intercept(): providers */
} value_risk_param;

/** A risk-adjustment model.  Opaque; calls taking a const pointer are thread-safe. */
typedef struct value_risk value_risk;

/**
 * Create an empty model of @p family over @p n_cols covariates.
 * Columns are named "x1", "x2", ... until named with
 * value_risk_set_column_name().
 * @param[in]  family  a ::value_risk_family.
 * @param[in]  n_cols  covariates (columns of X); 0 allowed for an intercept-only model.
 * @param[out] out     the model, released with value_risk_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_risk_new(value_risk_family family, size_t n_cols, value_risk **out);

/** Release a model; NULL is a no-op.  @param[in] m  the model. */
VALUE_API void value_risk_free(value_risk *m);

/**
 * Change a setting (::VALUE_RISK_INTERCEPT, ::VALUE_RISK_MAX_ITER,
 * ::VALUE_RISK_TOLERANCE).  Changing the intercept drops any fit.
 * @param[in,out] m      the model.
 * @param[in]     param  a setting.
 * @param[in]     v      its value.
 * @return ::VALUE_OK; ::VALUE_EINVAL (a result parameter, or a value out of range).
 */
VALUE_API int value_risk_set(value_risk *m, value_risk_param param, double v);

/**
 * Read a setting or a result.
 * @param[in]  m      the model.
 * @param[in]  param  a ::value_risk_param.
 * @param[out] out    its value.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ESTATE for a result the model
 *         does not have (not fitted, loaded from coefficients, or one a
 *         random-intercept fit lacks, such as the null deviance).
 */
VALUE_API int value_risk_get(const value_risk *m, value_risk_param param, double *out);

/**
 * Name covariate column @p col (0-based; the intercept is not a column).
 * @param[in,out] m     the model.
 * @param[in]     col   column, < n_cols.
 * @param[in]     name  non-empty UTF-8, unique among the columns.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_risk_set_column_name(value_risk *m, size_t col, const char *name);

/**
 * The name of coefficient @p k: "(Intercept)" for the intercept, else the
 * column's name.
 * @param[in]  m    the model.
 * @param[in]  k    coefficient, < p.
 * @param[out] out  the name, valid until the model changes or is freed.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_risk_coef_name(const value_risk *m, size_t k, const char **out);

/**
 * Fit the GLM by IRLS.
 *
 * On failure the model keeps its previous fit.  A design whose columns are
 * linearly dependent (rank-deficient) is refused, naming the first column
 * that depends on earlier ones; a binary outcome that a column separates
 * completely or quasi-completely (coefficients running off to infinity,
 * fitted probabilities reaching 0 or 1) is refused, naming the column
 * whose coefficient diverges.
 * @param[in,out] m        the model.
 * @param[in]     x        row-major n x n_cols covariates; finite (may be NULL when n_cols is 0).
 * @param[in]     n_x      n n_cols.
 * @param[in]     y        outcomes: 0/1 (binomial), whole-number counts >= 0
 *                         (Poisson), finite (Gaussian), > 0 (gamma).
 * @param[in]     weights  prior weights, >= 0 and finite; NULL for all 1.
 * @param[in]     offset   offsets on the link scale, finite (log exposure for
 *                         Poisson rates); NULL for all 0.
 * @param[in]     n        observations; more with positive weight than coefficients.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the argument, row and value;
 *         ::VALUE_EDOM for a rank-deficient design (the test, a Cholesky
 *         pivot below 1e-10 of the column's centred diagonal, is stricter
 *         than R's QR tolerance), separation, or a binary outcome that never
 *         varies; ::VALUE_ENOTCONV when IRLS does not converge within the
 *         cap or diverges (step halving fails, weights overflow);
 *         ::VALUE_ENOMEM.
 */
VALUE_API int value_risk_fit(value_risk *m, const double *x, size_t n_x, const double *y, const double *weights,
                             const double *offset, size_t n);

/**
 * Load a published model: set its coefficients (intercept first when the
 * model has one).  Standard errors and covariance are then unknown
 * (value_risk_coefficients() reports them as NaN, value_risk_predict_se()
 * refuses).
 * @param[in,out] m     the model.
 * @param[in]     coef  p finite coefficients.
 * @param[in]     n     p.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_risk_set_coefficients(value_risk *m, const double *coef, size_t n);

/**
 * Coefficients and their inference (NaN where unknown, for a loaded model).
 * @param[in]  m         a fitted or loaded model.
 * @param[out] out_coef  @f$\hat\beta_k@f$.
 * @param[out] out_se    standard errors @f$\sqrt{V_{kk}}@f$.
 * @param[out] out_stat  z (binomial, Poisson) or t (Gaussian, gamma) statistics.
 * @param[out] out_p     two-sided p values.
 * @param[in]  out_len   p.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ESTATE before a fit or load;
 *         ::VALUE_ENUMERIC if a p value cannot be computed; ::VALUE_ENOMEM.
 *         On failure nothing is written.
 */
VALUE_API int value_risk_coefficients(const value_risk *m, double *out_coef, double *out_se, double *out_stat,
                                      double *out_p, size_t out_len);

/**
 * Covariance matrix of the coefficients, row-major p x p.
 * @param[in]  m        a fitted model.
 * @param[out] out      p^2 values.
 * @param[in]  out_len  p^2.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ESTATE when not fitted.
 */
VALUE_API int value_risk_covariance(const value_risk *m, double *out, size_t out_len);

/**
 * Predict on new data: @f$\eta = o + x\beta@f$ and @f$\mu = g^{-1}(\eta)@f$.
 * For a random-intercept model these are for the average provider
 * (random effect 0).
 * @param[in]  m        a fitted or loaded model.
 * @param[in]  x        row-major n x n_cols covariates; finite.
 * @param[in]  n_x      n n_cols.
 * @param[in]  offset   n offsets; NULL for all 0.
 * @param[in]  n        rows.
 * @param[out] out_eta  linear predictors.
 * @param[out] out_mu   predictions on the response scale (risk, count, cost).
 * @param[in]  out_len  n.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ESTATE; ::VALUE_ERANGE naming
 *         the row whose linear predictor or mean overflows (nothing is
 *         written then).
 */
VALUE_API int value_risk_predict(const value_risk *m, const double *x, size_t n_x, const double *offset, size_t n,
                                 double *out_eta, double *out_mu, size_t out_len);

/**
 * Standard errors of predictions: @f$\mathrm{se}(\eta) = \sqrt{x V x^\top}@f$
 * (the intercept's 1 included) and, by the delta method,
 * @f$\mathrm{se}(\mu) = |d\mu/d\eta|\,\mathrm{se}(\eta)@f$, as R's
 * `predict(..., se.fit = TRUE)`.
 * @param[in]  m          a fitted model.
 * @param[in]  x          row-major n x n_cols covariates.
 * @param[in]  n_x        n n_cols.
 * @param[in]  offset     n offsets; NULL for all 0.
 * @param[in]  n          rows.
 * @param[out] out_se_eta standard errors on the link scale.
 * @param[out] out_se_mu  standard errors on the response scale.
 * @param[in]  out_len    n.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ESTATE when the covariance is
 *         unknown; ::VALUE_ERANGE naming the row whose standard error
 *         overflows (nothing is written then); ::VALUE_ENOMEM.
 */
VALUE_API int value_risk_predict_se(const value_risk *m, const double *x, size_t n_x, const double *offset, size_t n,
                                    double *out_se_eta, double *out_se_mu, size_t out_len);

/**
 * Fit a logistic model with provider random intercepts,
 * @f$\mathrm{logit}\,P(y_i = 1) = x_i\beta + b_{h(i)}@f$,
 * @f$b_h \sim N(0, \tau^2)@f$, by maximizing the Laplace approximation of
 * the marginal likelihood over @f$(\beta, \tau)@f$, as `lme4::glmer` with
 * `nAGQ = 1`; the provider effects are the conditional modes
 * @f$\hat b_h@f$ (shrunken toward 0), as `ranef()`.  Binomial family only;
 * the intercept setting must be on.
 *
 * The Laplace objective is
 * @f$\ell = \sum_h [\sum_{i\in h} (y_i\eta_i - \log(1+e^{\eta_i})) - \hat b_h^2/(2\tau^2)
 * - \tfrac12\log(\tau^2 H_h)]@f$ with @f$H_h = \sum_{i\in h}\mu_i(1-\mu_i) + 1/\tau^2@f$,
 * maximized by Newton's method with its exact gradient; each mode by a
 * one-dimensional Newton search.  It is the exact Laplace value: glmer
 * with default settings stops about 1e-4 short of it (its log-determinant
 * uses the previous PIRLS step's factor), so agreement with glmer is about
 * 1e-4 at its defaults and 1e-6 with tight ones (`tolPwrss = 1e-13`,
 * bobyqa).  When the optimum is at @f$\tau = 0@f$ the fit is the ordinary
 * logistic one, with effects 0.  The covariance is the @f$\beta@f$ block of
 * the inverse Hessian over @f$(\tau, \beta)@f$, as glmer's default `vcov()`.
 * @param[in,out] m          the model.
 * @param[in]     x          row-major n x n_cols covariates; finite (may be NULL when n_cols is 0).
 * @param[in]     n_x        n n_cols.
 * @param[in]     y          outcomes, 0 or 1.
 * @param[in]     provider   provider of each patient, in [0, n_providers).
 * @param[in]     n          patients.
 * @param[in]     n_providers providers, in [2, n]; each must have at least one patient.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ESTATE for a non-binomial
 *         model or one without an intercept; ::VALUE_EDOM for a
 *         rank-deficient design, separation or outcomes all equal;
 *         ::VALUE_ENOTCONV (iteration cap, a stalled line search, or
 *         @f$\tau@f$ diverging when every provider's outcomes are all equal);
 *         ::VALUE_ENOMEM.
 */
VALUE_API int value_risk_fit_random_intercept(value_risk *m, const double *x, size_t n_x, const double *y,
                                              const int32_t *provider, size_t n, size_t n_providers);

/**
 * Provider effects @f$\hat b_h@f$ of a random-intercept fit.
 * @param[in]  m        a model fitted by value_risk_fit_random_intercept().
 * @param[out] out      one effect per provider.
 * @param[in]  out_len  n_providers.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ESTATE.
 */
VALUE_API int value_risk_provider_effects(const value_risk *m, double *out, size_t out_len);

/**
 * CMS risk-standardized rates (the hospital readmission and mortality
 * measures; Krumholz et al., CMS measure methodology).  For provider h
 * with patients i: predicted @f$P_h = \sum_i \mathrm{logit}^{-1}(\hat\mu +
 * \hat b_h + x_i\beta)@f$ (its own effect), expected @f$E_h = \sum_i
 * \mathrm{logit}^{-1}(\hat\mu + x_i\beta)@f$ (the average provider's),
 * excess ratio @f$P_h/E_h@f$ (the HRRP excess readmission ratio), and
 * risk-standardized rate @f$(P_h/E_h)\,\bar y@f$ with @f$\bar y@f$ the
 * overall observed rate of the patients given.
 * @param[in]  m             a model fitted by value_risk_fit_random_intercept().
 * @param[in]  x             row-major n x n_cols covariates.
 * @param[in]  n_x           n n_cols.
 * @param[in]  y             outcomes, 0 or 1.
 * @param[in]  provider      provider of each patient, in [0, n_providers).
 * @param[in]  n             patients; >= 1.
 * @param[out] out_observed  observed events per provider (O, P and E are 0 for a provider without patients here).
 * @param[out] out_predicted @f$P_h@f$.
 * @param[out] out_expected  @f$E_h@f$.
 * @param[out] out_ratio     @f$P_h/E_h@f$ (NaN for a provider with no patients).
 * @param[out] out_rate      risk-standardized rate.
 * @param[in]  out_len       n_providers of the fit.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ESTATE.
 */
VALUE_API int value_risk_standardized_rates(const value_risk *m, const double *x, size_t n_x, const double *y,
                                            const int32_t *provider, size_t n, double *out_observed,
                                            double *out_predicted, double *out_expected, double *out_ratio,
                                            double *out_rate, size_t out_len);

/** Statistics of value_risk_performance(), as indices into its output. */
typedef enum value_risk_perf_stat {
    VALUE_RISK_PERF_CSTAT = 0,       /**< c-statistic (area under the ROC curve; ties count 1/2) */
    VALUE_RISK_PERF_BRIER = 1,       /**< Brier score @f$\frac1n\sum (p_i - y_i)^2@f$ */
    VALUE_RISK_PERF_CITL = 2,        /**< calibration-in-the-large: @f$\alpha@f$ in @f$\mathrm{logit}\,P(y) = \alpha + \mathrm{logit}\,p@f$ */
    VALUE_RISK_PERF_SLOPE = 3,       /**< calibration slope: @f$\beta@f$ in @f$\mathrm{logit}\,P(y) = \alpha + \beta\,\mathrm{logit}\,p@f$; +Inf or -Inf when logit p separates the outcomes, NaN when every p is equal */
    VALUE_RISK_PERF_NAGELKERKE = 4,  /**< Nagelkerke's @f$R^2@f$ against the overall rate */
    VALUE_RISK_PERF_HL_CHISQ = 5,    /**< Hosmer-Lemeshow statistic over the risk groups */
    VALUE_RISK_PERF_HL_DF = 6,       /**< its degrees of freedom: requested groups - 2, as `hoslem.test`, even when tied cut points merge groups */
    VALUE_RISK_PERF_HL_P = 7,        /**< its p value (chi-square upper tail) */
    VALUE_RISK_PERF_OBSERVED = 8,    /**< observed events @f$\sum y_i@f$ */
    VALUE_RISK_PERF_EXPECTED = 9,    /**< expected events @f$\sum p_i@f$ */
    VALUE_RISK_PERF_N_STATS = 10     /**< number of statistics (the output length) */
} value_risk_perf_stat;

/**
 * Performance of predicted risks @p p against binary outcomes @p y.
 *
 * Risk groups for Hosmer-Lemeshow are cut at the quantiles of @p p
 * (R's type 7) into @p n_groups intervals closed on the right, the lowest
 * closed on both sides (`cut(p, quantile(p, 0:g/g), include.lowest =
 * TRUE)`, as `ResourceSelection::hoslem.test`); tied cut points merge
 * groups.  @f$\chi^2 = \sum_g (O_g - E_g)^2/(E_g(1 - E_g/n_g))@f$.
 * Calibration intercept and slope are fitted by Newton's method.  An
 * interval holding no patient is not a group, and the last cut point is
 * the largest p exactly (R's `seq(0, 1, 1/g)` can fall short of 1 and
 * leave the highest risk out of every group; here no patient is lost).
 * @param[in]  y         outcomes, 0 or 1.
 * @param[in]  p         predicted risks, in (0, 1).
 * @param[in]  n         patients; >= 2, with both outcomes present.
 * @param[in]  n_groups  risk groups, 3 to 200002 (10: deciles).
 * @param[out] out       ::VALUE_RISK_PERF_N_STATS values, indexed by ::value_risk_perf_stat.
 * @param[in]  out_len   ::VALUE_RISK_PERF_N_STATS.
 * @return ::VALUE_OK; ::VALUE_EINVAL (also for more than 200002 groups:
 *         the Hosmer-Lemeshow chi-square has at most 2e5 degrees of
 *         freedom); ::VALUE_ENOTCONV (a calibration fit); ::VALUE_ENOMEM.
 */
VALUE_API int value_risk_performance(const double *y, const double *p, size_t n, size_t n_groups, double *out,
                                     size_t out_len);

/**
 * Observed vs expected by risk group (the calibration plot), groups as
 * in value_risk_performance().
 * @param[in]  y             outcomes, 0 or 1.
 * @param[in]  p             predicted risks, in (0, 1).
 * @param[in]  n             patients; >= 1 (both outcomes need not be present).
 * @param[in]  n_groups      requested groups (10: deciles), >= 3.
 * @param[out] out_n         patients per group.
 * @param[out] out_observed  events per group.
 * @param[out] out_expected  @f$\sum p_i@f$ per group.
 * @param[out] out_p_low     lowest predicted risk in the group.
 * @param[out] out_p_high    highest predicted risk in the group.
 * @param[in]  out_len       n_groups (rows past the groups formed are 0).
 * @param[out] out_groups    groups formed: the intervals holding patients (fewer than requested when cut points tie).
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_risk_calibration_table(const double *y, const double *p, size_t n, size_t n_groups,
                                           double *out_n, double *out_observed, double *out_expected,
                                           double *out_p_low, double *out_p_high, size_t out_len,
                                           size_t *out_groups);

/**
 * Confidence interval for an observed count @p observed, divided by
 * @p expected (an O/E ratio or SMR): exact Poisson limits
 * @f$\chi^2_{2O,\alpha/2}/2@f$ and @f$\chi^2_{2(O+1),1-\alpha/2}/2@f$ when
 * O < 10, else Byar's approximation @f$O(1 - \frac{1}{9O} -
 * \frac{z}{3\sqrt O})^3@f$ and @f$(O+1)(1 - \frac{1}{9(O+1)} +
 * \frac{z}{3\sqrt{O+1}})^3@f$ (Public Health England, Technical Guide:
 * Confidence Intervals).
 * @param[in]  observed   O, a whole number >= 0.
 * @param[in]  expected   E > 0 (1 for the interval of the count itself).
 * @param[in]  level      confidence level in (0, 1), e.g. 0.95.
 * @param[out] out_lower  lower limit / E.
 * @param[out] out_upper  upper limit / E.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ERANGE when dividing by a tiny E overflows.
 */
VALUE_API int value_risk_oe_interval(double observed, double expected, double level, double *out_lower,
                                     double *out_upper);

/** @} */

/**
 * @defgroup profile Provider profiling, funnel plots, peer groups, disparities and fairness
 * @ingroup family_risk
 *
 * Comparing providers fairly and measuring outcomes by social group.
 * Provider profiles accumulate observed (O) and expected (E) counts per
 * provider from patient records or from per-provider counts; partial
 * profiles merge, so a national data set can be profiled in pieces.
 * Funnel plots follow Spiegelhalter (Funnel plots for comparing
 * institutional performance, Stat Med 2005;24:1185-1202) and, for
 * over-dispersion, Spiegelhalter (Handling over-dispersion of performance
 * indicators, Qual Saf Health Care 2005;14:347-351): z-scores
 * @f$z_i = (y_i - \theta_0)/s_i@f$, a multiplicative factor
 * @f$\hat\phi = \frac1I\sum z_i^2@f$ over winsorized z-scores, or an
 * additive between-provider variance by DerSimonian-Laird,
 * @f$\hat\tau^2 = \max\{0, (I\hat\phi - (I-1))/(\sum w_i - \sum w_i^2/\sum w_i)\}@f$,
 * @f$w_i = 1/s_i^2@f$.  Fairness measures follow fairlearn's
 * definitions (`MetricFrame`, `equalized_odds_difference`).
 * @{
 */

/** A provider profile: O, E and patients per provider, mergeable.
 *  Opaque; calls taking a const pointer are thread-safe. */
typedef struct value_profile value_profile;

/**
 * Create an empty profile of @p n_providers providers (numbered from 0).
 * @param[in]  n_providers  providers; >= 1 and at most 2^31 (provider codes are int32_t).
 * @param[out] out          the profile, released with value_profile_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_profile_new(size_t n_providers, value_profile **out);

/** Release a profile; NULL is a no-op.  @param[in] p  the profile. */
VALUE_API void value_profile_free(value_profile *p);

/**
 * Add patient records: patient i of @p provider[i] had outcome
 * @p observed[i] (0/1, or a count) and expected value @p expected[i]
 * (a risk model's prediction).  Every record is checked first; on error
 * nothing is added.
 * @param[in,out] p         the profile.
 * @param[in]     provider  provider of each record, in [0, n_providers).
 * @param[in]     observed  outcomes, whole numbers >= 0.
 * @param[in]     expected  expected values, finite and >= 0.
 * @param[in]     n         records; >= 1.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the record.
 */
VALUE_API int value_profile_add_records(value_profile *p, const int32_t *provider, const double *observed,
                                        const double *expected, size_t n);

/**
 * Add per-provider counts (aggregates): provider @p provider[i] had
 * @p observed[i] events, @p expected[i] expected and @p patients[i]
 * patients.  Adds to what the profile holds.
 * @param[in,out] p         the profile.
 * @param[in]     provider  provider of each row, in [0, n_providers).
 * @param[in]     observed  events, whole numbers >= 0.
 * @param[in]     expected  expected events, finite and >= 0.
 * @param[in]     patients  patients, whole numbers >= observed when the outcome is binary (not checked), >= 0.
 * @param[in]     n         rows; >= 1.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the row.
 */
VALUE_API int value_profile_add_counts(value_profile *p, const int32_t *provider, const double *observed,
                                       const double *expected, const double *patients, size_t n);

/**
 * Merge profile @p from into @p into (same number of providers): the
 * result is the profile of both sets of records.  Patients and O are
 * exact; E is a compensated sum, so any split and merge order gives E
 * within about two units in the last place (not always the same last bit).
 * @param[in,out] into  the profile to add to.
 * @param[in]     from  another profile.
 * @return ::VALUE_OK; ::VALUE_EINVAL for a different number of providers.
 */
VALUE_API int value_profile_merge(value_profile *into, const value_profile *from);

/**
 * Per-provider results: O, E, O/E with its interval (exact Poisson when
 * O < 10, else Byar, as value_risk_oe_interval()), the risk-adjusted
 * (indirectly standardized) rate @f$(O/E)\,r@f$ and the Poisson z-score
 * @f$(O - E)/\sqrt E@f$.  A provider without patients or with E = 0 gets
 * NaN ratios.
 * @param[in]  p               the profile.
 * @param[in]  level           confidence level in (0, 1).
 * @param[in]  reference_rate  r > 0, or 0 for the overall rate @f$\sum O / \sum \mathrm{patients}@f$.
 * @param[out] out_patients    patients per provider.
 * @param[out] out_observed    O.
 * @param[out] out_expected    E.
 * @param[out] out_oe          O/E.
 * @param[out] out_lower       lower limit of O/E.
 * @param[out] out_upper       upper limit of O/E.
 * @param[out] out_rate        risk-adjusted rate.
 * @param[out] out_z           z-score.
 * @param[in]  out_len         n_providers.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_EDOM for a reference rate of 0
 *         with no patients; ::VALUE_ERANGE when O/E, its upper limit or the
 *         rate overflows (E below about 1e-300); ::VALUE_ENOMEM.
 */
VALUE_API int value_profile_results(const value_profile *p, double level, double reference_rate,
                                    double *out_patients, double *out_observed, double *out_expected,
                                    double *out_oe, double *out_lower, double *out_upper, double *out_rate,
                                    double *out_z, size_t out_len);

/**
 * Per-provider proportions O/patients with Wilson score intervals
 * (unadjusted rates; NaN for a provider without patients).
 * @param[in]  p          the profile.
 * @param[in]  level      confidence level in (0, 1).
 * @param[out] out_rate   O / patients.
 * @param[out] out_lower  Wilson lower limit.
 * @param[out] out_upper  Wilson upper limit.
 * @param[in]  out_len    n_providers.
 * @return ::VALUE_OK; ::VALUE_EINVAL (also when O exceeds the patients).
 */
VALUE_API int value_profile_proportions(const value_profile *p, double level, double *out_rate, double *out_lower,
                                        double *out_upper, size_t out_len);

/** What a funnel plot compares. */
typedef enum value_funnel_kind {
    VALUE_FUNNEL_RATIO = 1,            /**< O/E against 1 (or a target); size = E; exact Poisson limits */
    VALUE_FUNNEL_PROPORTION = 2,       /**< events/n against a target proportion; size = n; exact binomial limits */
    VALUE_FUNNEL_PROPORTION_WILSON = 3, /**< as ::VALUE_FUNNEL_PROPORTION with Wilson-score limits */
    VALUE_FUNNEL_RATE = 4              /**< events per unit of population against a target rate; size = population; exact Poisson limits */
} value_funnel_kind;

/** Over-dispersion handling of funnel limits and z-scores. */
typedef enum value_funnel_overdispersion {
    VALUE_FUNNEL_OD_NONE = 0,           /**< none: limits from the sampling distribution alone */
    VALUE_FUNNEL_OD_MULTIPLICATIVE = 1, /**< inflate the variance by @f$\hat\phi@f$ (when > 1) */
    VALUE_FUNNEL_OD_ADDITIVE = 2        /**< add the between-provider variance @f$\hat\tau^2@f$ (random effects) */
} value_funnel_overdispersion;

/**
 * Assign providers to peer groups by quantiles of a variable (e.g. the
 * share of dual-eligible patients, in quintiles as the Hospital
 * Readmissions Reduction Program does): providers are ranked by @p x
 * (ties in input order) and provider of rank r (0-based) of n goes to
 * group @f$\lfloor r\,G/n\rfloor@f$, so groups differ in size by at most one.
 * @param[in]  x         the variable; finite.
 * @param[in]  n         providers; >= n_groups.
 * @param[in]  n_groups  G >= 1.
 * @param[out] out       group of each provider, 0 (lowest x) to G - 1.
 * @param[in]  out_len   n.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_peer_groups(const double *x, size_t n, size_t n_groups, int32_t *out, size_t out_len);

/**
 * Compare each provider with its peer group's median: the median of
 * @p value within the group (the mean of the middle two for an even
 * count), the provider's difference from it and its ratio to it (NaN when
 * the median is 0).
 * @param[in]  value            a measure per provider (e.g. an excess readmission ratio); finite.
 * @param[in]  group            peer group of each provider, >= 0.
 * @param[in]  n                providers; >= 1.
 * @param[out] out_peer_median  the median of the provider's group.
 * @param[out] out_difference   value - peer median.
 * @param[out] out_ratio        value / peer median.
 * @param[in]  out_len          n.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_peer_compare(const double *value, const int32_t *group, size_t n, double *out_peer_median,
                                 double *out_difference, double *out_ratio, size_t out_len);

/**
 * Allocate a fixed budget across groups by equality (the same amount per
 * person: @f$B\,p_g/\sum p@f$) and by equity (in proportion to need:
 * @f$B\,d_g/\sum d@f$), with the gap equity minus equality per group.
 * @param[in]  budget          B >= 0.
 * @param[in]  population      people per group, >= 0, not all 0, with a finite sum.
 * @param[in]  need            total need per group (e.g. expected cases x cost), >= 0, not all 0, with a finite sum.
 * @param[in]  n               groups; >= 1.
 * @param[out] out_equality    allocation by equality.
 * @param[out] out_equity      allocation by equity.
 * @param[out] out_gap         equity minus equality.
 * @param[in]  out_len         n.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_disparity_allocate_budget(double budget, const double *population, const double *need, size_t n,
                                    double *out_equality, double *out_equity, double *out_gap, size_t out_len);

/** Per-group statistics of value_fairness_by_group(): the offsets within
 *  each group's row of the output. */
typedef enum value_fairness_stat {
    VALUE_FAIRNESS_N = 0,         /**< people in the group */
    VALUE_FAIRNESS_TP = 1,        /**< true positives */
    VALUE_FAIRNESS_FP = 2,        /**< false positives */
    VALUE_FAIRNESS_TN = 3,        /**< true negatives */
    VALUE_FAIRNESS_FN = 4,        /**< false negatives */
    VALUE_FAIRNESS_TPR = 5,       /**< true positive rate (recall, sensitivity) TP/(TP+FN) */
    VALUE_FAIRNESS_FPR = 6,       /**< false positive rate FP/(FP+TN) */
    VALUE_FAIRNESS_TNR = 7,       /**< true negative rate (specificity) */
    VALUE_FAIRNESS_FNR = 8,       /**< false negative rate */
    VALUE_FAIRNESS_PPV = 9,       /**< positive predictive value (precision) TP/(TP+FP) */
    VALUE_FAIRNESS_NPV = 10,      /**< negative predictive value TN/(TN+FN) */
    VALUE_FAIRNESS_SELECTION = 11, /**< selection rate (TP+FP)/n */
    VALUE_FAIRNESS_ACCURACY = 12, /**< (TP+TN)/n */
    VALUE_FAIRNESS_OBSERVED = 13, /**< observed positives */
    VALUE_FAIRNESS_EXPECTED = 14, /**< sum of scores (expected positives, for calibration) */
    VALUE_FAIRNESS_OE = 15,       /**< observed / expected (calibration by group) */
    VALUE_FAIRNESS_N_STATS = 16   /**< statistics per group */
} value_fairness_stat;

/**
 * Confusion matrix and rates by group for a risk classifier: person i is
 * selected (predicted positive) when @p score[i] >= @p threshold.  A rate
 * whose denominator is 0 is NaN.  Row g of the output (offset
 * g x ::VALUE_FAIRNESS_N_STATS) is group g; the row after the last group
 * (offset G x ::VALUE_FAIRNESS_N_STATS) is everyone together.
 * @param[in]  y_true     outcomes, 0 or 1.
 * @param[in]  score      predicted risks or 0/1 predictions, in [0, 1].
 * @param[in]  group      group of each person, in [0, G).
 * @param[in]  n          people.
 * @param[in]  threshold  in [0, 1].
 * @param[in]  n_groups   G >= 1; every group must have members.
 * @param[out] out        (G + 1) x ::VALUE_FAIRNESS_N_STATS values.
 * @param[in]  out_len    (G + 1) x ::VALUE_FAIRNESS_N_STATS.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_fairness_by_group(const double *y_true, const double *score, const int32_t *group, size_t n,
                                      double threshold, size_t n_groups, double *out, size_t out_len);

/** Between-group summaries of value_fairness_summary(), as indices into its output. */
typedef enum value_fairness_summary_stat {
    VALUE_FAIRNESS_TPR_DIFFERENCE = 0,        /**< max - min TPR over groups (equal opportunity difference) */
    VALUE_FAIRNESS_TPR_RATIO = 1,             /**< min / max TPR */
    VALUE_FAIRNESS_FPR_DIFFERENCE = 2,        /**< max - min FPR */
    VALUE_FAIRNESS_FPR_RATIO = 3,             /**< min / max FPR */
    VALUE_FAIRNESS_SELECTION_DIFFERENCE = 4,  /**< demographic parity difference */
    VALUE_FAIRNESS_SELECTION_RATIO = 5,       /**< demographic parity ratio */
    VALUE_FAIRNESS_EQUALIZED_ODDS_DIFFERENCE = 6, /**< max of the TPR and FPR differences */
    VALUE_FAIRNESS_EQUALIZED_ODDS_RATIO = 7,  /**< min of the TPR and FPR ratios */
    VALUE_FAIRNESS_PPV_DIFFERENCE = 8,        /**< max - min precision */
    VALUE_FAIRNESS_FNR_DIFFERENCE = 9,        /**< max - min false negative rate */
    VALUE_FAIRNESS_OE_DIFFERENCE = 10,        /**< max - min O/E (calibration gap) */
    VALUE_FAIRNESS_OVERALL_PPV = 11,          /**< precision over everyone */
    VALUE_FAIRNESS_OVERALL_TPR = 12,          /**< recall over everyone */
    VALUE_FAIRNESS_OVERALL_ACCURACY = 13,     /**< accuracy over everyone */
    VALUE_FAIRNESS_N_SUMMARY = 14             /**< number of summaries (the output length) */
} value_fairness_summary_stat;

/**
 * Between-group fairness summaries (fairlearn's `difference()` and
 * `ratio()` with method "between_groups", `equalized_odds_difference`,
 * `demographic_parity_difference`) next to the overall precision, recall
 * and accuracy: comparing two risk models (say without and with a
 * housing-instability variable) by calling this for each shows the
 * precision-fairness trade-off as numbers.  Groups where a rate is
 * undefined (NaN) are left out of its difference and ratio; a ratio with a
 * maximum of 0 is 1 when the minimum is 0 too (the convention of fairlearn
 * <= 0.4; later fairlearn gives NaN).  A statistic undefined in every
 * group has NaN difference and ratio, and the equalized-odds summaries are
 * NaN when either part is.  fairlearn (through scikit-learn) reports 0,
 * not NaN, for a rate whose denominator is 0.
 * @param[in]  y_true     outcomes, 0 or 1.
 * @param[in]  score      predicted risks or 0/1 predictions, in [0, 1].
 * @param[in]  group      group of each person, in [0, n_groups).
 * @param[in]  n          people.
 * @param[in]  threshold  in [0, 1].
 * @param[in]  n_groups   groups >= 1, each with members.
 * @param[out] out        ::VALUE_FAIRNESS_N_SUMMARY values, indexed by ::value_fairness_summary_stat.
 * @param[in]  out_len    ::VALUE_FAIRNESS_N_SUMMARY.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_fairness_summary(const double *y_true, const double *score, const int32_t *group, size_t n,
                                     double threshold, size_t n_groups, double *out, size_t out_len);

/** @} */

/**
 * @defgroup comorbidity Comorbidity indices: Charlson and Elixhauser from diagnosis codes
 * @ingroup family_risk
 *
 * Diagnosis codes in long format (one row a code: the person's index and
 * the code) become per-person 0/1 condition flags and weighted scores.  A
 * code matches a condition when it starts with one of the condition's
 * prefixes; codes are read with or without the dot, in either case, with
 * surrounding blanks ignored ("e11.9 " is E119).  A code that is not a
 * well-formed ICD code of the algorithm's version (ICD-10: a letter, a
 * digit, then 1-5 letters or digits; ICD-9-CM: 3-5 digits, V and 2-4
 * digits, or E and 3-4 digits; a dot only after the third character, the
 * fourth for E codes) is skipped, counted and reported per code, never
 * fatal to the batch.
 *
 * Algorithms (code lists as tabulated in the R package `comorbidity`'s
 * data-raw scripts, Gasparini 2018, checked against the papers):
 * - "charlson_icd10_quan", "charlson_icd9_quan": Quan et al., Med Care
 *   2005;43:1130-9, the 17 Charlson conditions;
 * - "charlson_icd10_se": Ludvigsson et al., Clin Epidemiol 2021;13:21-41
 *   (Swedish ICD-10);
 * - "charlson_icd10_am", "charlson_icd10_am_ucodes": Sundararajan et al.,
 *   J Clin Epidemiol 2004;57:1288-94 (Australian ICD-10-AM, without and
 *   with the u-codes);
 * - "elixhauser_icd10_quan", "elixhauser_icd9_quan": Quan et al. 2005, the
 *   31 Elixhauser conditions.
 *
 * Weight sets: "charlson" (Charlson et al., J Chronic Dis 1987;40:373-83)
 * and "quan" (Quan et al., Am J Epidemiol 2011;173:676-82) for the Charlson
 * algorithms; "vw" (van Walraven et al., Med Care 2009;47:626-33) and
 * "swiss" (Sharma et al., BMC Health Serv Res 2021;21:13, the Swiss
 * inpatient data) for the Elixhauser ones.
 *
 * Hierarchy (a condition is not counted when its more severe form is
 * present): Charlson mild liver disease under moderate/severe liver
 * disease, diabetes without complications under diabetes with
 * complications, any malignancy under metastatic solid tumour; Elixhauser
 * uncomplicated hypertension under complicated hypertension, uncomplicated
 * diabetes under complicated diabetes, solid tumour without metastasis
 * under metastatic cancer.  Scores always apply it; flags apply it when
 * asked.
 * @{
 */

/** What became of one diagnosis code of a batch. */
typedef enum value_comorbidity_code {
    VALUE_COMORBIDITY_CODE_MATCHED = 0,   /**< well-formed and counted for at least one condition */
    VALUE_COMORBIDITY_CODE_UNMATCHED = 1, /**< well-formed, in no condition of the algorithm */
    VALUE_COMORBIDITY_CODE_INVALID = 2    /**< not a well-formed code of the algorithm's ICD version: skipped */
} value_comorbidity_code;

/** A comorbidity algorithm: its conditions, code lists, hierarchy and weight sets.
 *  Opaque; calls taking a const pointer are thread-safe. */
typedef struct value_comorbidity value_comorbidity;

/**
 * A built-in algorithm by name.
 * @param[in]  algorithm  e.g. "charlson_icd10_quan" (names above, or value_comorbidity_algorithm()).
 * @param[out] out        the algorithm, released with value_comorbidity_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers; ::VALUE_ENOTFOUND for
 *         an unknown name (the message suggests the nearest and lists the
 *         known ones); ::VALUE_ENOMEM.
 */
VALUE_API int value_comorbidity_new(const char *algorithm, value_comorbidity **out);

/** Release an algorithm; NULL is a no-op.  @param[in] c  the algorithm. */
VALUE_API void value_comorbidity_free(value_comorbidity *c);

/**
 * The number of built-in algorithms.
 * @param[out] out  the count (7).
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_comorbidity_algorithm_count(size_t *out);

/**
 * Built-in algorithm @p i's name.
 * @param[in]  i    < value_comorbidity_algorithm_count().
 * @param[out] out  the name, a static string.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_comorbidity_algorithm(size_t i, const char **out);

/**
 * The ICD version an algorithm reads.
 * @param[in]  c    the algorithm.
 * @param[out] out  9 or 10.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_comorbidity_icd_version(const value_comorbidity *c, int *out);

/**
 * The number of conditions (columns of the flags): 17 for Charlson, 31 for Elixhauser.
 * @param[in]  c    the algorithm.
 * @param[out] out  the count.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_comorbidity_condition_count(const value_comorbidity *c, size_t *out);

/**
 * Condition @p k: its short name (the column name, e.g. "mi", "diabwc") and label.
 * @param[in]  c          the algorithm.
 * @param[in]  k          < value_comorbidity_condition_count().
 * @param[out] out_name   the short name, owned by @p c.
 * @param[out] out_label  the label ("Myocardial infarction"), owned by @p c; may be NULL.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_comorbidity_condition(const value_comorbidity *c, size_t k, const char **out_name,
                                          const char **out_label);

/**
 * The number of weight sets of an algorithm (2).
 * @param[in]  c    the algorithm.
 * @param[out] out  the count.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_comorbidity_weight_count(const value_comorbidity *c, size_t *out);

/**
 * Weight set @p i's name ("charlson", "quan"; "vw", "swiss").
 * @param[in]  c    the algorithm.
 * @param[in]  i    < value_comorbidity_weight_count().
 * @param[out] out  the name, owned by @p c.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_comorbidity_weight_name(const value_comorbidity *c, size_t i, const char **out);

/**
 * Per-person condition flags from diagnosis codes in long format.
 * @param[in]  c                the algorithm.
 * @param[in]  person           each row's person, in [0, @p n_people).
 * @param[in]  codes            each row's code, NUL-terminated (not NULL).
 * @param[in]  n_codes          rows of the long table (0 allowed: nobody has a condition).
 * @param[in]  n_people         people (rows of the flags), >= 1.
 * @param[in]  apply_hierarchy  1: clear a condition whose more severe form is flagged; 0: flags as coded.
 * @param[out] out_flags        @p n_people x value_comorbidity_condition_count() flags, row-major (person by person), 0 or 1:
 *                              ready as columns of a risk-model design matrix.
 * @param[in]  out_len          its length, = @p n_people x the condition count.
 * @param[out] out_status       a ::value_comorbidity_code per row.
 * @param[in]  out_status_len   its length, = @p n_codes.
 * @param[out] out_invalid      the number of invalid codes.
 * @return ::VALUE_OK (also when codes are invalid: they are skipped and
 *         counted); ::VALUE_EINVAL for NULL pointers, a length mismatch, a
 *         person index out of range (named by its row) or
 *         @p apply_hierarchy not 0 or 1; outputs untouched on error.
 */
VALUE_API int value_comorbidity_flags(const value_comorbidity *c, const int32_t *person, const char *const *codes,
                                      size_t n_codes, size_t n_people, int apply_hierarchy, double *out_flags,
                                      size_t out_len, int32_t *out_status, size_t out_status_len,
                                      size_t *out_invalid);

/**
 * Weighted comorbidity scores from flags (the hierarchy applied first,
 * whether or not the flags have it).
 * @param[in]  c         the algorithm.
 * @param[in]  weights     a weight set's name, e.g. "quan".
 * @param[in]  flags       people x value_comorbidity_condition_count() flags, row-major, each 0 or 1 (as value_comorbidity_flags() gives).
 * @param[in]  flags_len   its length, = @p out_len x the condition count.
 * @param[out] out_scores  one score per person.
 * @param[in]  out_len     people, >= 1.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers, a length mismatch or
 *         a flag not 0 or 1 (named by its person and condition);
 *         ::VALUE_ENOTFOUND for an unknown weight set (the message lists the
 *         algorithm's); @p out_scores untouched on error.
 */
VALUE_API int value_comorbidity_score(const value_comorbidity *c, const char *weights, const double *flags,
                                      size_t flags_len, double *out_scores, size_t out_len);

/** One person's comorbidity score line by line.  Opaque; read-only calls are thread-safe. */
typedef struct value_comorbidity_explanation value_comorbidity_explanation;

/**
 * Explain one person's score: which condition each code counts for (and
 * the listed prefix it matched), the codes that count for nothing and why,
 * each condition the hierarchy clears, each condition's weight, and the
 * score (equal to value_comorbidity_score() of the person's flags).
 * @param[in]  c        the algorithm.
 * @param[in]  weights  a weight set's name, e.g. "quan".
 * @param[in]  codes    the person's codes, NUL-terminated (not NULL).
 * @param[in]  n_codes  their number (0 allowed).
 * @param[out] out      the explanation, released with value_comorbidity_explanation_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers or a NULL code (named by
 *         its index); ::VALUE_ENOTFOUND for an unknown weight set (the message
 *         lists the algorithm's); ::VALUE_ENOMEM; @p out untouched on error.
 */
VALUE_API int value_comorbidity_explain(const value_comorbidity *c, const char *weights, const char *const *codes,
                                        size_t n_codes, value_comorbidity_explanation **out);

/** Release an explanation; NULL is a no-op.  @param[in] e  the explanation. */
VALUE_API void value_comorbidity_explanation_free(value_comorbidity_explanation *e);

/**
 * The score an explanation adds up to.
 * @param[in]  e    the explanation.
 * @param[out] out  the score.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_comorbidity_explanation_score(const value_comorbidity_explanation *e, double *out);

/**
 * The number of lines.
 * @param[in]  e    the explanation.
 * @param[out] out  the count.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_comorbidity_explanation_line_count(const value_comorbidity_explanation *e, size_t *out);

/**
 * Explanation line @p i, in order:
 * - "code": a code and one condition it counts for (item "chf"), one line per condition;
 * - "invalid" / "unmatched": a code that is not well-formed, or in no condition;
 * - "hierarchy": a condition not counted (item "mld") because its more severe form is present;
 * - "condition": a condition counted (item "msld"), with its weight;
 * - "score": the score, the sum of the weights above.
 * @param[in]  e           the explanation.
 * @param[in]  i           line, < value_comorbidity_explanation_line_count().
 * @param[out] out_step    the step, owned by @p e.
 * @param[out] out_item    the condition, owned by @p e ("" when none).
 * @param[out] out_code    the code as read (no dot, upper case; as given when invalid), owned by @p e ("" when none).
 * @param[out] out_text    a sentence with the rule and the numbers, owned by @p e.
 * @param[out] out_weight  the weight the line adds (0 for lines that add none; the score line: the total).
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_comorbidity_explanation_line(const value_comorbidity_explanation *e, size_t i,
                                                 const char **out_step, const char **out_item, const char **out_code,
                                                 const char **out_text, double *out_weight);

/** @} */

/**
 * @defgroup hcc CMS-HCC risk scores from diagnosis codes (Medicare Advantage)
 * @ingroup family_risk
 *
 * The CMS Hierarchical Condition Category models, versions 24 and 28, as
 * CMS's SAS software specifies them (V2419P1M / V2823T2M with their
 * format, hierarchy, edit and age/sex macros): the ICD-10-CM codes of a
 * person map to condition categories (a code may map to two), the
 * age/sex edits drop or re-map codes that cannot apply, hierarchies keep
 * the most severe category of each family, and the person's relative
 * factors for one segment are added up: demographic cells from age and
 * sex, originally disabled (OREC) and Medicaid status, the payment HCCs,
 * the interactions (diabetes x heart failure and the others of each
 * version, disabled x condition in the institutional segment) and the
 * payment-HCC count variables D1-D10P.  The sum is the raw score; the
 * payment year's normalization, the MA coding-pattern adjustment and the
 * V24/V28 blend are applied by value_ma_risk_score().  All tables are
 * data compiled into the library from `lib/risk/data/hcc_*.txt`, each line
 * citing its source file.
 *
 * Age is the whole years at February 1 of the payment year (the SAS
 * programs' DATE_ASOF); the edits use the same age.
 * @{
 */

/** The nine segments (regressions) of a CMS-HCC model. */
typedef enum value_hcc_segment {
    VALUE_HCC_CNA = 1,  /**< community, non-dual, aged (age >= 65) */
    VALUE_HCC_CND = 2,  /**< community, non-dual, disabled (age < 65) */
    VALUE_HCC_CFA = 3,  /**< community, full-benefit dual, aged */
    VALUE_HCC_CFD = 4,  /**< community, full-benefit dual, disabled */
    VALUE_HCC_CPA = 5,  /**< community, partial-benefit dual, aged */
    VALUE_HCC_CPD = 6,  /**< community, partial-benefit dual, disabled */
    VALUE_HCC_INS = 7,  /**< long-term institutional */
    VALUE_HCC_NE = 8,   /**< new enrollee (demographics only) */
    VALUE_HCC_SNPNE = 9 /**< chronic-condition SNP new enrollee (demographics only) */
} value_hcc_segment;

/** Sex as CMS codes it. */
typedef enum value_hcc_sex {
    VALUE_HCC_MALE = 1,  /**< male ("1") */
    VALUE_HCC_FEMALE = 2 /**< female ("2") */
} value_hcc_sex;

/** What became of one diagnosis code of a batch. */
typedef enum value_hcc_code {
    VALUE_HCC_CODE_MAPPED = 0,   /**< maps to at least one condition category of the model */
    VALUE_HCC_CODE_UNMAPPED = 1, /**< well-formed ICD-10-CM, in no category of the model */
    VALUE_HCC_CODE_EDITED = 2,   /**< dropped by an age/sex edit */
    VALUE_HCC_CODE_INVALID = 3   /**< not a well-formed ICD-10-CM code: skipped */
} value_hcc_code;

/** A CMS-HCC model version.  Opaque; calls taking a const pointer are thread-safe. */
typedef struct value_hcc value_hcc;

/** One person's score, explained line by line.  Opaque. */
typedef struct value_hcc_explanation value_hcc_explanation;

/**
 * A built-in model version.
 * @param[in]  version  "V24" (the 2020 CMS-HCC model, 86 payment HCCs) or "V28" (the 2024 model, 115).
 * @param[out] out      the model, released with value_hcc_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers; ::VALUE_ENOTFOUND for
 *         an unknown version (the message lists the known ones); ::VALUE_ENOMEM.
 */
VALUE_API int value_hcc_new(const char *version, value_hcc **out);

/** Release a model; NULL is a no-op.  @param[in] m  the model. */
VALUE_API void value_hcc_free(value_hcc *m);

/**
 * The number of payment HCCs of a model (86 for V24, 115 for V28).
 * @param[in]  m    the model.
 * @param[out] out  the count.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_hcc_hcc_count(const value_hcc *m, size_t *out);

/**
 * Payment HCC @p i: its variable name ("HCC37") and CMS's label.
 * @param[in]  m          the model.
 * @param[in]  i          < value_hcc_hcc_count().
 * @param[out] out_name   the name, owned by @p m.
 * @param[out] out_label  the label, owned by @p m; may be NULL.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_hcc_hcc(const value_hcc *m, size_t i, const char **out_name, const char **out_label);

/**
 * A relative factor of the model, as CMS publishes it.
 * @param[in]  m         the model.
 * @param[in]  segment   a ::value_hcc_segment.
 * @param[in]  variable  the variable without the segment prefix: "F70_74", "HCC37", "DIABETES_HF_V28", "D3", ...
 * @param[out] out       the factor.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOTFOUND for a variable the
 *         segment does not have (the message suggests the nearest).
 */
VALUE_API int value_hcc_factor(const value_hcc *m, int segment, const char *variable, double *out);

/**
 * Raw risk scores of @p n_people beneficiaries from their diagnosis codes
 * in long format.  A person with no code gets the demographic part only.
 * @param[in]  m               the model.
 * @param[in]  segment         each person's ::value_hcc_segment; an aged community segment needs age >= 65, a disabled one age < 65.
 * @param[in]  age             each person's age in whole years, in [0, 130].
 * @param[in]  sex             each person's ::value_hcc_sex.
 * @param[in]  orec            each person's original reason for entitlement: 0 old age, 1 disability, 2 ESRD, 3 disability and ESRD.
 * @param[in]  medicaid        each person's Medicaid status, 0 or 1 (LTIMCAID in the institutional segment, NEMCAID in the
 *                             new-enrollee ones; unused in the community segments); may be NULL for all 0.
 * @param[in]  n_people        beneficiaries, >= 1.
 * @param[in]  person          each code row's person, in [0, @p n_people).
 * @param[in]  codes           each row's ICD-10-CM code, NUL-terminated, read with or without the dot, in either case, surrounding blanks ignored ("e11.22 " is E1122).
 * @param[in]  n_codes         rows of the long table (0 allowed).
 * @param[out] out_scores      @p n_people raw scores.
 * @param[in]  out_len         its length, = @p n_people.
 * @param[out] out_status      a ::value_hcc_code per code row.
 * @param[in]  out_status_len  its length, = @p n_codes.
 * @param[out] out_invalid     the number of invalid codes.
 * @return ::VALUE_OK (also when codes are invalid: skipped and counted);
 *         ::VALUE_EINVAL for NULL pointers, a length mismatch, a bad person
 *         field (named by its position and value: unknown segment, age
 *         outside [0, 130], sex not 1 or 2, OREC not 0-3, Medicaid not 0
 *         or 1, a segment that does not fit the age) or a person index out
 *         of range; outputs untouched on error.
 */
VALUE_API int value_hcc_score(const value_hcc *m, const int32_t *segment, const int32_t *age, const int32_t *sex,
                              const int32_t *orec, const int32_t *medicaid, size_t n_people, const int32_t *person,
                              const char *const *codes, size_t n_codes, double *out_scores, size_t out_len,
                              int32_t *out_status, size_t out_status_len, size_t *out_invalid);

/**
 * One person's score with every step that made it, to audit line by line.
 * @param[in]  m         the model.
 * @param[in]  segment   a ::value_hcc_segment.
 * @param[in]  age       age in whole years, in [0, 130].
 * @param[in]  sex       a ::value_hcc_sex.
 * @param[in]  orec      0-3.
 * @param[in]  medicaid  0 or 1.
 * @param[in]  codes     the person's codes.
 * @param[in]  n_codes   their number (0 allowed).
 * @param[out] out       the explanation, released with value_hcc_explanation_free().
 * @return as value_hcc_score(); ::VALUE_ENOMEM.
 */
VALUE_API int value_hcc_explain(const value_hcc *m, int segment, int age, int sex, int orec, int medicaid,
                                const char *const *codes, size_t n_codes, value_hcc_explanation **out);

/** Release an explanation; NULL is a no-op.  @param[in] e  the explanation. */
VALUE_API void value_hcc_explanation_free(value_hcc_explanation *e);

/**
 * The raw score an explanation adds up to (equal to value_hcc_score()'s).
 * @param[in]  e    the explanation.
 * @param[out] out  the score.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_hcc_explanation_score(const value_hcc_explanation *e, double *out);

/**
 * The number of lines of an explanation.
 * @param[in]  e    the explanation.
 * @param[out] out  lines.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_hcc_explanation_line_count(const value_hcc_explanation *e, size_t *out);

/**
 * Explanation line @p i, in the order the model applies its steps:
 * - "code": a code and the categories it maps to (item "CC37", code "E1165");
 * - "invalid" / "unmapped" / "edited": a code that counts for nothing, and why;
 * - "hierarchy": a category dropped (item "HCC38") and the one above it that drops it;
 * - "demographic": the age/sex cell, originally-disabled, Medicaid and
 *   new-enrollee cells that fired (item "F70_74"), with their factors;
 * - "hcc": a payment HCC kept (item "HCC37"), with its factor;
 * - "interaction": an interaction that fired (item "DIABETES_HF_V28"), with its factor;
 * - "count": the payment-HCC count variable (item "D2"), with its factor;
 * - "score": the raw score, the sum of the factors above.
 * @param[in]  e           the explanation.
 * @param[in]  i           line, < value_hcc_explanation_line_count().
 * @param[out] out_step    the step, owned by @p e.
 * @param[out] out_item    the variable or category, owned by @p e ("" when none).
 * @param[out] out_code    the diagnosis code as given, owned by @p e ("" when none).
 * @param[out] out_text    a sentence with the rule and the numbers, owned by @p e.
 * @param[out] out_factor  the relative factor the line adds (0 for lines that add none; the score line: the total).
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_hcc_explanation_line(const value_hcc_explanation *e, size_t i, const char **out_step,
                                         const char **out_item, const char **out_code, const char **out_text,
                                         double *out_factor);

/** @} */

/**
 * @defgroup family_payment Payment
 * What a provider is paid under each payment model: contracts, ledgers, settlements, incentives (lib/payment/).
 */

/**
 * @defgroup contract Payment contracts: settle what a provider is paid, and show why
 * @ingroup family_payment
 *
 * One engine for the payment models of value-based care, layered as in
 * practice (a value-based contract settled on top of the fee-for-service
 * or capitation payments already made).  A ::value_contract holds the
 * terms (a ::value_contract_kind, parameters set by
 * value_contract_set() and tables); a ::value_ledger accumulates
 * beneficiary or episode records for many contracts at once (claim-level
 * rows become one record per beneficiary with value_ledger_add_claims()), mergeable
 * and serializable so that a settlement over tens of millions of records
 * can be split across workers; value_contract_settle() turns one
 * contract's records into a ::value_settlement: amounts by component
 * (::value_settlement_item) and ordered explanation lines (step, text,
 * amount), e.g. "savings rate 7.14% >= MSR 2.35%: shared 45.85% of
 * 32,173,449".
 *
 * Notation.  From the records of one contract: N beneficiaries (records),
 * M member-months, person-years @f$Y = M/12@f$, the member-month-weighted
 * mean risk score @f$\bar r = \sum r_i m_i / \sum m_i@f$, the episode
 * risk sum @f$R = \sum r_i@f$.  Expenditure: the raw sum
 * @f$E_0 = \sum c_i@f$; with the ledger's per-record bounds
 * [L, U] (value_ledger_set_bounds(): the per-patient stop-loss
 * attachment point or the 99th-percentile truncation as U, a bundle's
 * winsorization percentiles as L and U, both amounts computed beforehand,
 * e.g. with value_contract_percentile()), the counted expenditure is
 * @f$E = E_0 - s\sum \max(c_i - U, 0) + \sum \max(L - c_i, 0)@f$ with
 * s = ::VALUE_CONTRACT_STOPLOSS_SHARE (1: truncation / winsorization;
 * below 1: costs above U reimbursed at share s).  Quality score Q =
 * ::VALUE_CONTRACT_QUALITY_SCORE.  The payment reduction
 * ::VALUE_CONTRACT_PAYMENT_REDUCTION (e.g. 2% sequestration) reduces a
 * positive final payment of any kind (never an amount the provider owes).
 *
 * Models (FINAL_PAYMENT is what the payer pays the provider under the
 * contract's settlement; negative: the provider owes):
 * - ::VALUE_CONTRACT_FFS: @f$\sum_j \mathrm{fee}(code_j)\,units_j@f$ over the
 *   services of value_contract_settle_services(), with the fee schedule of
 *   value_contract_set_fee_schedule().
 * - ::VALUE_CONTRACT_CAPITATION: @f$C = \mathrm{PMPM}\cdot M@f$, or
 *   @f$\mathrm{PMPM}\sum r_i m_i@f$ risk-adjusted (each member's risk score
 *   times its member-months, divided by the reference risk score); a
 *   withhold w: @f$C(1-w) + C w Q@f$ (the withheld share returned in
 *   proportion to Q), plus the stop-loss reimbursement
 *   @f$s\sum\max(c_i-U,0)@f$.
 * - ::VALUE_CONTRACT_BUNDLE: target @f$T = p\cdot N@f$, or @f$p\cdot R@f$
 *   risk-adjusted (p the target price per episode; each episode's risk
 *   score, relative to the reference, scales its target); reconciliation
 *   @f$D = T - E@f$ with E winsorized by the ledger's bounds; quality
 *   adjustment with maximum a = ::VALUE_CONTRACT_QUALITY_ADJUSTMENT:
 *   @f$D(1 - a(1-Q))@f$ when D > 0 (a lower quality keeps less of a gain),
 *   @f$D(1 - aQ)@f$ when D < 0 (a higher quality owes less), the form of
 *   BPCI Advanced's composite quality score adjustment (CMS, BPCI Advanced
 *   model overview); then stop-gain and stop-loss limits
 *   @f$-\ell_L T \le D \le \ell_G T@f$ (CJR: 42 CFR 510.305, where the
 *   limits are a share of the target).  Retrospective: the final payment is
 *   the reconciliation (the care was paid fee-for-service); prospective:
 *   the final payment is T (the provider bears E), limits and quality not
 *   applied.
 * - ::VALUE_CONTRACT_SHARED_SAVINGS and ::VALUE_CONTRACT_SHARED_RISK (the
 *   Medicare Shared Savings Program's rules, 42 CFR 425.604 (track 1 and
 *   the BASIC track's one-sided levels), 425.605 (BASIC), 425.606 (track 2),
 *   425.610 (ENHANCED / track 3)): benchmark
 *   @f$B = b\,(1+g)\,\rho\,Y@f$ with b the per-capita (per person-year)
 *   benchmark, g the trend, @f$\rho = \bar r/r_{ref}@f$ clamped to
 *   [::VALUE_CONTRACT_RISK_RATIO_MIN, ::VALUE_CONTRACT_RISK_RATIO_MAX] when
 *   risk adjustment is on (else 1); savings @f$S = B - E@f$, savings rate
 *   S/B.  Savings are shared when @f$S/B \ge \mathrm{MSR}@f$: the final
 *   sharing rate is @f$\sigma = \sigma_0 Q@f$ and the shared amount
 *   @f$\sigma S@f$ (first dollar) or @f$\sigma (S - \mathrm{MSR}\cdot B)@f$
 *   (above the MSR only), capped at
 *   @f$\min(\kappa_B B, \kappa_R \cdot \mathrm{revenue})@f$ (the caps not
 *   set are infinite).  Shared risk only: losses @f$-S@f$ with loss rate
 *   @f$-S/B \ge \mathrm{MLR}@f$ are shared at the loss sharing rate
 *   @f$\lambda@f$, fixed or @f$1 - \sigma@f$ clamped to [floor, ceiling]
 *   (the ENHANCED track's 40% to 75%, 425.610), first dollar or above the
 *   MLR, the amount owed capped at @f$\min(\mu_B B, \mu_R\cdot
 *   \mathrm{revenue})@f$ (the BASIC track's "percentage of revenue, capped
 *   at a percentage of benchmark").  The MSR is fixed or looked up by N in
 *   the table of value_contract_set_msr_table() (MSSP 425.604: 3.9% at
 *   5,000 beneficiaries down to 2.0% from 60,000, linear within bands);
 *   the MLR is fixed or, with ::VALUE_CONTRACT_MLR_FROM_MSR, equal to the
 *   MSR.  Within the corridor (neither threshold met) nothing is shared.
 * - ::VALUE_CONTRACT_P4P: base payment P (::VALUE_CONTRACT_BASE_PAYMENT,
 *   or E when 0); adjustment rate a(Q) from the tiers of
 *   value_contract_set_p4p_tiers() (the rate of the highest tier whose
 *   threshold Q reaches, 0 below the first) or linear: @f$a = -\pi +
 *   (\beta + \pi)\,\mathrm{clamp}((Q - q_0)/(q_1 - q_0), 0, 1)@f$ with
 *   maximum bonus @f$\beta@f$ and penalty @f$\pi@f$ (the Hospital
 *   Value-Based Purchasing Program's linear exchange function, 42 CFR
 *   412.160, in this form); payment @f$a P@f$.
 * - ::VALUE_CONTRACT_RISK_CORRIDOR: target T = the benchmark B above;
 *   deviation @f$x = (E - T)/T@f$; the corridor table of
 *   value_contract_set_corridor() gives the payer's share of each band of
 *   deviation; the payment is @f$T\int_0^x p(u)\,du@f$ (positive: the payer
 *   pays part of a loss; negative: the provider pays back part of a gain).
 *   The ACA's risk corridors (45 CFR 153.510: 50% between 3% and 8%, 80%
 *   beyond 8%, both sides) are thresholds {0.03, 0.08, -0.03, -0.08} with
 *   shares {0.5, 0.8, 0.5, 0.8}.
 *
 * A parameter that does not apply to the contract's kind is refused by
 * value_contract_set() (its documentation lists which apply to which).  Checks
 * that involve two parameters (floor <= ceiling, a revenue cap without the
 * revenue) are made at settlement, which then fails with ::VALUE_ESTATE.
 * @{
 */

/** Payment models.  Values never change; new kinds are appended. */
typedef enum value_contract_kind {
    VALUE_CONTRACT_FFS = 1,            /**< fee-for-service from a fee schedule */
    VALUE_CONTRACT_CAPITATION = 2,     /**< PMPM x member-months, risk-adjusted, with a quality withhold */
    VALUE_CONTRACT_BUNDLE = 3,         /**< episode target price, reconciliation with limits and quality */
    VALUE_CONTRACT_SHARED_SAVINGS = 4, /**< one-sided shared savings against a benchmark */
    VALUE_CONTRACT_SHARED_RISK = 5,    /**< two-sided: shared savings and shared losses */
    VALUE_CONTRACT_P4P = 6,            /**< pay-for-performance bonus or penalty from a quality score */
    VALUE_CONTRACT_RISK_CORRIDOR = 7   /**< piecewise-linear sharing of deviations from a target */
} value_contract_kind;

/** Contract parameters, set with value_contract_set().  Rates and shares
 *  are fractions; amounts in the caller's currency; flags 0 or 1.
 *  "Inf" means: not capped. */
typedef enum value_contract_param {
    VALUE_CONTRACT_BENCHMARK_PER_CAPITA = 1, /**< b: benchmark per person-year (12 member-months), >= 0; default 0 */
    VALUE_CONTRACT_TREND = 2,             /**< g: benchmark trend, > -1; default 0 */
    VALUE_CONTRACT_RISK_ADJUST = 3,       /**< flag: risk-adjust the benchmark, capitation or target; default 0 */
    VALUE_CONTRACT_REFERENCE_RISK = 4,    /**< r_ref: the risk score of an average member, > 0; default 1 */
    VALUE_CONTRACT_RISK_RATIO_MIN = 5,    /**< lower clamp of the benchmark's risk ratio, >= 0; default 0 */
    VALUE_CONTRACT_RISK_RATIO_MAX = 6,    /**< upper clamp of the benchmark's risk ratio, >= 0 or Inf; default Inf */
    VALUE_CONTRACT_MSR = 7,               /**< fixed minimum savings rate, in [0, 1); default 0 (unused when an MSR table is set, unless ::VALUE_CONTRACT_MSR_TABLE_BELOW limits the table) */
    VALUE_CONTRACT_MLR = 8,               /**< fixed minimum loss rate, in [0, 1); default 0 */
    VALUE_CONTRACT_MLR_FROM_MSR = 9,      /**< flag: the MLR equals the MSR in force (fixed or from the table); default 0 */
    VALUE_CONTRACT_MSR_TABLE_STEPWISE = 10, /**< flag: the MSR table is a step function (1) or linear within bands (0); default 0 */
    VALUE_CONTRACT_FIRST_DOLLAR = 11,     /**< flag: share from the first dollar (1) or only above the MSR / MLR (0); default 1 */
    VALUE_CONTRACT_SHARING_RATE = 12,     /**< sigma_0: maximum sharing rate of savings, in [0, 1]; default 0.5 */
    VALUE_CONTRACT_QUALITY_SCORE = 13,    /**< Q, in [0, 1]; default 1 */
    VALUE_CONTRACT_SAVINGS_CAP = 14,      /**< kappa_B: savings cap as a share of the benchmark, >= 0 or Inf; default Inf */
    VALUE_CONTRACT_SAVINGS_CAP_REVENUE = 15, /**< kappa_R: savings cap as a share of revenue, >= 0 or Inf; default Inf */
    VALUE_CONTRACT_LOSS_CAP = 16,         /**< mu_B: loss cap as a share of the benchmark, >= 0 or Inf; default Inf */
    VALUE_CONTRACT_LOSS_CAP_REVENUE = 17, /**< mu_R: loss cap as a share of revenue, >= 0 or Inf; default Inf */
    VALUE_CONTRACT_REVENUE = 18,          /**< the provider's revenue (for the revenue caps), >= 0; default 0 */
    VALUE_CONTRACT_LOSS_SHARING_RATE = 19, /**< lambda: fixed loss sharing rate, in [0, 1]; default 0.5 */
    VALUE_CONTRACT_LOSS_RATE_FROM_QUALITY = 20, /**< flag: lambda = 1 - sigma clamped to [floor, ceiling]; default 0 */
    VALUE_CONTRACT_LOSS_RATE_FLOOR = 21,  /**< floor of 1 - sigma, in [0, 1]; default 0 */
    VALUE_CONTRACT_LOSS_RATE_CEILING = 22, /**< ceiling of 1 - sigma, in [0, 1]; default 1 */
    VALUE_CONTRACT_PAYMENT_REDUCTION = 23, /**< share taken off a positive final payment (sequestration), in [0, 1); default 0 */
    VALUE_CONTRACT_PMPM = 24,             /**< capitation rate per member per month, >= 0; default 0 */
    VALUE_CONTRACT_WITHHOLD = 25,         /**< w: capitation quality withhold share, in [0, 1]; default 0 */
    VALUE_CONTRACT_TARGET_PRICE = 26,     /**< p: bundle target price per episode, >= 0; default 0 */
    VALUE_CONTRACT_STOP_LOSS = 27,        /**< l_L: bundle stop-loss limit as a share of the target, >= 0 or Inf; default Inf */
    VALUE_CONTRACT_STOP_GAIN = 28,        /**< l_G: bundle stop-gain limit as a share of the target, >= 0 or Inf; default Inf */
    VALUE_CONTRACT_QUALITY_ADJUSTMENT = 29, /**< a: bundle maximum quality adjustment, in [0, 1]; default 0 */
    VALUE_CONTRACT_PROSPECTIVE = 30,      /**< flag: the bundle is paid prospectively; default 0 */
    VALUE_CONTRACT_P4P_MAX_BONUS = 31,    /**< beta: P4P maximum bonus share of the base, in [0, 1]; default 0 */
    VALUE_CONTRACT_P4P_MAX_PENALTY = 32,  /**< pi: P4P maximum penalty share of the base, in [0, 1]; default 0 */
    VALUE_CONTRACT_P4P_SCORE_LOW = 33,    /**< q_0: score of the maximum penalty, in [0, 1]; default 0 */
    VALUE_CONTRACT_P4P_SCORE_HIGH = 34,   /**< q_1: score of the maximum bonus, in [0, 1], > q_0 at settlement; default 1 */
    VALUE_CONTRACT_P4P_TIERED = 35,       /**< flag: P4P by the tiers table (1) or linear (0); default 0 */
    VALUE_CONTRACT_BASE_PAYMENT = 36,     /**< P: P4P base payment, >= 0; 0 means the counted expenditure E; default 0 */
    VALUE_CONTRACT_STOPLOSS_SHARE = 37,   /**< s: share of costs above the ledger's upper bound taken out of E (and reimbursed under capitation), in [0, 1]; default 1 */
    VALUE_CONTRACT_EXCLUDE_UNKNOWN = 38,  /**< flag: FFS services with codes not in the fee schedule are excluded and counted (1) or refused (0); default 0 */
    VALUE_CONTRACT_LOSS_FORGIVEN = 39,    /**< share of the shared losses owed (after the loss cap) that is forgiven, as the MSSP's extreme and uncontrollable circumstances policy forgives months share x beneficiaries share; in [0, 1]; default 0 */
    VALUE_CONTRACT_MSR_TABLE_BELOW = 40,  /**< N_0: with an MSR table set, the table gives the MSR only for fewer than N_0 beneficiaries, the fixed ::VALUE_CONTRACT_MSR otherwise (the MSSP's variable MSR/MLR below 5,000, 42 CFR 425.110(b)(3)); finite, >= 0; default 0 (the table always) */
    VALUE_CONTRACT_PERIOD_SHARE = 41      /**< share of the shared savings or losses (after caps and forgiveness, before the payment reduction) paid or owed for a period shorter than the one settled (the MSSP's 6-month performance years of 2019 settled on the calendar year, 425.609: 6/12); in [0, 1]; default 1 */
} value_contract_param;

/** Amounts and rates of a ::value_settlement, read with
 *  value_settlement_get(); NaN when an item does not apply to the kind. */
typedef enum value_settlement_item {
    VALUE_SETTLEMENT_BENEFICIARIES = 1,   /**< N: records (beneficiaries or episodes; FFS: services) */
    VALUE_SETTLEMENT_MEMBER_MONTHS = 2,   /**< M */
    VALUE_SETTLEMENT_RISK_SCORE = 3,      /**< member-month-weighted mean risk score */
    VALUE_SETTLEMENT_EXPENDITURE_RAW = 4, /**< E_0 = sum of costs */
    VALUE_SETTLEMENT_STOPLOSS_EXCLUDED = 5, /**< s x sum max(c - U, 0) taken out of E */
    VALUE_SETTLEMENT_WINSOR_ADDED = 6,    /**< sum max(L - c, 0) added to E */
    VALUE_SETTLEMENT_EXPENDITURE = 7,     /**< E, counted expenditure */
    VALUE_SETTLEMENT_BENCHMARK = 8,       /**< B (shared savings / risk, corridor) or T (bundle target) */
    VALUE_SETTLEMENT_SAVINGS = 9,         /**< B - E or T - E (negative: losses) */
    VALUE_SETTLEMENT_SAVINGS_RATE = 10,   /**< (B - E)/B */
    VALUE_SETTLEMENT_MSR = 11,            /**< minimum savings rate applied */
    VALUE_SETTLEMENT_MLR = 12,            /**< minimum loss rate applied */
    VALUE_SETTLEMENT_SHARING_RATE = 13,   /**< final sharing rate sigma_0 Q */
    VALUE_SETTLEMENT_LOSS_SHARING_RATE = 14, /**< loss sharing rate applied */
    VALUE_SETTLEMENT_SHARED_BEFORE_CAP = 15, /**< shared savings (> 0) or losses (< 0) before caps; bundle: the quality-adjusted reconciliation */
    VALUE_SETTLEMENT_CAP = 16,            /**< the binding cap or limit (an amount >= 0; Inf when none) */
    VALUE_SETTLEMENT_SHARED_AFTER_CAP = 17, /**< after caps or stop-loss / stop-gain limits */
    VALUE_SETTLEMENT_REDUCTION = 18,      /**< the payment reduction (>= 0) */
    VALUE_SETTLEMENT_FINAL_PAYMENT = 19,  /**< what the payer pays (negative: the provider owes) */
    VALUE_SETTLEMENT_BASE_PAYMENT = 20,   /**< P4P base P */
    VALUE_SETTLEMENT_ADJUSTMENT_RATE = 21, /**< P4P adjustment rate a(Q) */
    VALUE_SETTLEMENT_CAPITATION = 22,     /**< capitation C before the withhold */
    VALUE_SETTLEMENT_WITHHOLD = 23,       /**< C w */
    VALUE_SETTLEMENT_WITHHOLD_RETURNED = 24, /**< C w Q */
    VALUE_SETTLEMENT_STOPLOSS_REIMBURSED = 25, /**< capitation: s x sum max(c - U, 0) */
    VALUE_SETTLEMENT_QUALITY_ADJUSTMENT = 26, /**< bundle: the quality adjustment (change of the reconciliation) */
    VALUE_SETTLEMENT_UNKNOWN_SERVICES = 27, /**< FFS: services with unknown codes excluded */
    VALUE_SETTLEMENT_UNKNOWN_UNITS = 28,  /**< FFS: their units */
    VALUE_SETTLEMENT_N_ITEMS = 29         /**< one past the last item */
} value_settlement_item;

/** Terms of a payment contract.  Opaque; calls taking a const pointer are thread-safe. */
typedef struct value_contract value_contract;

/** Records (beneficiaries or episodes) of many contracts, mergeable and
 *  serializable.  Opaque; calls taking a const pointer are thread-safe. */
typedef struct value_ledger value_ledger;

/** The result of settling one contract: amounts and explanation lines.
 *  Opaque, immutable; thread-safe. */
typedef struct value_settlement value_settlement;

/**
 * Create a contract of @p kind with the default parameters (see
 * ::value_contract_param) and empty tables.
 * @param[in]  kind  a ::value_contract_kind.
 * @param[out] out   the contract, released with value_contract_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL for an unknown kind or NULL @p out; ::VALUE_ENOMEM.
 */
VALUE_API int value_contract_new(value_contract_kind kind, value_contract **out);

/** Release a contract; NULL is a no-op.  @param[in] c  the contract. */
VALUE_API void value_contract_free(value_contract *c);

/**
 * The kind of a contract.
 * @param[in]  c    the contract.
 * @param[out] out  its ::value_contract_kind.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_contract_kind_of(const value_contract *c, int32_t *out);

/**
 * Set a parameter; the value is checked against the range given in
 * ::value_contract_param (flags: 0 or 1), then the parameter against the
 * contract's kind: a term the kind's settlement does not read (a sharing
 * rate on a bundle) is refused, the message naming the parameter, the
 * kind and the kinds it applies to.  What applies: the benchmark terms
 * (BENCHMARK_PER_CAPITA, TREND, RISK_RATIO_MIN/MAX) to shared savings,
 * shared risk and risk corridors; RISK_ADJUST and REFERENCE_RISK to those
 * and to bundles and capitation; MSR, MSR_TABLE_STEPWISE, FIRST_DOLLAR,
 * SHARING_RATE, SAVINGS_CAP, SAVINGS_CAP_REVENUE and REVENUE to shared
 * savings and shared risk; MLR, MLR_FROM_MSR, the LOSS_ terms (LOSS_FORGIVEN too) to shared
 * risk; QUALITY_SCORE to shared savings, shared risk, bundles,
 * capitation and P4P; PMPM and WITHHOLD to capitation; TARGET_PRICE,
 * STOP_LOSS, STOP_GAIN, QUALITY_ADJUSTMENT and PROSPECTIVE to bundles;
 * the P4P_ terms and BASE_PAYMENT to P4P; STOPLOSS_SHARE to every kind but
 * FFS; EXCLUDE_UNKNOWN to FFS; PAYMENT_REDUCTION to every kind.
 * value_contract_get() reads any parameter.  On failure the contract is
 * unchanged.
 * @param[in,out] c      the contract.
 * @param[in]     param  a ::value_contract_param.
 * @param[in]     v      its value.
 * @return ::VALUE_OK; ::VALUE_EINVAL (unknown parameter, NaN, out of range,
 *         a parameter that does not apply to the kind).
 */
VALUE_API int value_contract_set(value_contract *c, value_contract_param param, double v);

/**
 * Read a parameter.
 * @param[in]  c      the contract.
 * @param[in]  param  a ::value_contract_param.
 * @param[out] out    its value.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_contract_get(const value_contract *c, value_contract_param param, double *out);

/**
 * Set the MSR sliding scale by population: points (beneficiaries_k,
 * msr_k) with strictly increasing beneficiaries.  The MSR for N
 * beneficiaries is msr_0 below the first point, the last msr beyond the
 * last point, and in between linear interpolation between neighbouring
 * points (default) or, with ::VALUE_CONTRACT_MSR_TABLE_STEPWISE, the msr of
 * the last point at or below N.  MSSP (42 CFR 425.604(b)) is linear
 * within each band from its bottom to its top: points (5000, 0.039),
 * (5999, 0.036), (6000, 0.036), (6999, 0.034), (7000, 0.034), ...,
 * (59999, 0.020), (60000, 0.020), below them the bands of CMS's
 * Specifications v11 Table 5, (500, 0.122), (999, 0.087), (1000, 0.087),
 * ..., (4999, 0.039); value_mssp_contract() sets them.  While a table is set it
 * replaces ::VALUE_CONTRACT_MSR (with ::VALUE_CONTRACT_MSR_TABLE_BELOW, only
 * below that many beneficiaries); @p n = 0 removes it.
 * @param[in,out] c              the contract.
 * @param[in]     beneficiaries  population sizes, finite, >= 0, strictly increasing.
 * @param[in]     msr            MSR at each, in [0, 1).
 * @param[in]     n              points.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_contract_set_msr_table(value_contract *c, const double *beneficiaries, const double *msr,
                                           size_t n);

/**
 * Set the fee schedule (FFS): the price of each service code.  @p n = 0
 * empties it.
 * @param[in,out] c      the contract.
 * @param[in]     code   service codes, unique (any int32_t, e.g. a CPT code's number).
 * @param[in]     price  price per unit, finite, >= 0.
 * @param[in]     n      codes.
 * @return ::VALUE_OK; ::VALUE_EINVAL (a duplicate code names both indices); ::VALUE_ENOMEM.
 */
VALUE_API int value_contract_set_fee_schedule(value_contract *c, const int32_t *code, const double *price, size_t n);

/**
 * Set the P4P tiers: quality-score thresholds, strictly increasing, and
 * the adjustment rate (bonus > 0, penalty < 0, as a share of the base) of
 * each tier.  Used when ::VALUE_CONTRACT_P4P_TIERED is 1; @p n = 0 empties it.
 * @param[in,out] c           the contract.
 * @param[in]     threshold   score thresholds in [0, 1], strictly increasing.
 * @param[in]     adjustment  adjustment rates in [-1, 1].
 * @param[in]     n           tiers.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_contract_set_p4p_tiers(value_contract *c, const double *threshold, const double *adjustment,
                                           size_t n);

/**
 * Set the risk corridor's bands.  A threshold t > 0 (or +0) starts a band
 * on the loss side (E above T): deviations from t up to the next larger
 * positive threshold (or without end) are shared by the payer at the
 * threshold's share; a threshold t < 0 (or -0) starts a band on the gain
 * side, from t down to the next smaller negative threshold.  Deviations
 * between -0 and the first threshold on each side are not shared.  Bands
 * need not be symmetric.  @p n = 0 empties the corridor.
 * @param[in,out] c          the contract.
 * @param[in]     threshold  deviations (E - T)/T, finite, in [-1e6, 1e6], distinct (+0 and -0 count as distinct).
 * @param[in]     share      the payer's share beyond each threshold, in [0, 1].
 * @param[in]     n          thresholds.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_contract_set_corridor(value_contract *c, const double *threshold, const double *share, size_t n);

/**
 * The p-quantile of @p x by linear interpolation between order statistics
 * (Hyndman and Fan's type 7, R's default `quantile(x, p)`): with the sorted
 * values @f$x_{(1)} \le \dots \le x_{(n)}@f$ and h = (n - 1)p,
 * @f$x_{(\lfloor h\rfloor+1)} + (h - \lfloor h\rfloor)(x_{(\lfloor h\rfloor+2)} - x_{(\lfloor h\rfloor+1)})@f$.
 * For the winsorization thresholds of bundles and the 99th-percentile
 * truncation amount, given to value_ledger_set_bounds().
 * @param[in]  x    values, finite.
 * @param[in]  n    values, >= 1.
 * @param[in]  p    in [0, 1].
 * @param[out] out  the quantile.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_contract_percentile(const double *x, size_t n, double p, double *out);

/**
 * Create an empty ledger for @p n_contracts contracts (numbered from 0),
 * each with bounds [0, Inf) (no truncation).
 *
 * Exactness.  Every amount of a record (cost, the parts above and below the
 * bounds, member-months, risk score, risk score x member-months) is
 * rounded once to the nearest multiple of 2^-24 (about 6e-8 of a currency
 * unit) and summed in 128-bit integers, so totals do not depend on the
 * order of records, on how they were split across ledgers, or on the order
 * of merges: merged results equal the one-pass result bit for bit.  Each
 * amount of a record must be at most 1e11 (and its member-months at least
 * 1e-6, so that none rounds to 0); a contract holds at most 2^64 - 1
 * records, and its totals are exact up to that many.  The bounds are
 * rounded to 2^-24 units too, and a record's parts above U and below L
 * are taken on the rounded amounts.
 * @param[in]  n_contracts  contracts, >= 1 and at most 2^31 (contract indices are int32_t).
 * @param[out] out          the ledger, released with value_ledger_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_ledger_new(size_t n_contracts, value_ledger **out);

/** Release a ledger; NULL is a no-op.  @param[in] l  the ledger. */
VALUE_API void value_ledger_free(value_ledger *l);

/**
 * The number of contracts of a ledger.
 * @param[in]  l    the ledger.
 * @param[out] out  contracts.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_ledger_contracts(const value_ledger *l, size_t *out);

/**
 * Set each contract's per-record bounds [L, U] before any record is added:
 * costs above U (the per-patient stop-loss attachment point, the
 * 99th-percentile truncation amount, or a bundle's upper winsorization
 * amount) and the shortfall below L (a bundle's lower winsorization
 * amount) are accumulated apart, and settlement counts
 * @f$E_0 - s\sum\max(c-U,0) + \sum\max(L-c,0)@f$.
 * @param[in,out] l      the ledger, with no records.
 * @param[in]     lower  L per contract, finite, >= 0 (0: none).
 * @param[in]     upper  U per contract, > L and at most 1e11, or Inf (none).
 * @param[in]     n      the number of contracts.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ESTATE when the ledger has records.
 */
VALUE_API int value_ledger_set_bounds(value_ledger *l, const double *lower, const double *upper, size_t n);

/**
 * Add records: record i belongs to contract @p contract[i] and has cost,
 * risk score and member-months (an episode: its risk score and 1).
 * All or nothing: a call with an invalid record changes nothing.
 * @param[in,out] l              the ledger.
 * @param[in]     contract       contract index of each record, in [0, n_contracts).
 * @param[in]     cost           cost, finite, in [0, 1e11].
 * @param[in]     risk_score     risk score, finite, in [0, 1e4].
 * @param[in]     member_months  member-months, in [1e-6, 1e6] (tightened from (0, 1e6]: less than
 *                               2^-25 rounded to 0 units, a record without member-months, whose
 *                               mean risk score was 0/0); risk score x member-months at most 1e11.
 * @param[in]     n              records.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the first invalid record;
 *         ::VALUE_ERANGE naming the first record of a contract that has
 *         2^64 - 1 records already.  A failed call changes nothing.
 */
VALUE_API int value_ledger_add(value_ledger *l, const int32_t *contract, const double *cost, const double *risk_score,
                               const double *member_months, size_t n);

/**
 * Add claim-level rows as one record per beneficiary: claim i of
 * beneficiary @p beneficiary[i] under contract @p contract[i] paid
 * @p paid[i].  Each beneficiary with at least one row becomes one record
 * of value_ledger_add() with cost the sum of its paid amounts (summed in
 * 2^-24 units, so the order of rows does not matter), member-months
 * @p months[b] (its months of eligibility in the year; person-years are
 * months / 12 at settlement) and risk score @p risk_score[b].  A
 * beneficiary without rows adds no record (give an assigned beneficiary
 * without claims a row paying 0).  A beneficiary's claims must all come
 * in one call: rows split over two calls make two records (split work
 * across calls or ledgers by beneficiary, not by row).  Adding claim rows
 * with value_ledger_add() instead counts every claim as a beneficiary.
 * All or nothing: a call with an invalid row changes nothing.
 * @param[in,out] l                the ledger.
 * @param[in]     beneficiary      beneficiary index of each claim, in [0, n_beneficiaries).
 * @param[in]     contract         contract index of each claim, in [0, n_contracts); the same for all
 *                                 claims of a beneficiary.
 * @param[in]     paid             amount paid, finite, in [-1e11, 1e11] (negative: a reversal); each
 *                                 beneficiary's sum in [0, 1e11].
 * @param[in]     n                claims.
 * @param[in]     months           months of eligibility per beneficiary, in [1e-6, 1e6] (12: a full year).
 * @param[in]     risk_score       risk score per beneficiary, in [0, 1e4]; risk score x months at most 1e11.
 * @param[in]     n_beneficiaries  beneficiaries, at most 2^31.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the first invalid row or
 *         beneficiary, and for a beneficiary with claims under two
 *         contracts, both rows; ::VALUE_ERANGE as value_ledger_add();
 *         ::VALUE_ENOMEM.  A failed call changes nothing.
 */
VALUE_API int value_ledger_add_claims(value_ledger *l, const int32_t *beneficiary, const int32_t *contract,
                                      const double *paid, size_t n, const double *months, const double *risk_score,
                                      size_t n_beneficiaries);

/**
 * Add records on several threads in later calls to value_ledger_add() on
 * this ledger (default 1).  Each thread takes a contiguous share of the
 * records into accumulators of its own, merged into the ledger when all
 * are valid; the sums are exact integers, so the totals are bit for bit
 * those of one thread.  A call uses at most @p threads threads and gives
 * each at least 65,536 records and 4 per contract, so small calls stay on
 * the calling thread; each thread takes memory for the ledger's contracts
 * (256 bytes each).  Should that memory or a thread not be had, the
 * records are added on fewer threads, with the same result.
 * @param[in,out] l        the ledger.
 * @param[in]     threads  from 1 to 256.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_ledger_set_threads(value_ledger *l, size_t threads);

/**
 * Merge ledger @p from into @p into: the result is the ledger of both sets
 * of records, exactly.
 * @param[in,out] into  the ledger to add to.
 * @param[in]     from  another ledger with the same contracts and bounds (or @p into itself: doubles it).
 * @return ::VALUE_OK; ::VALUE_EINVAL for a different number of contracts or different bounds;
 *         ::VALUE_ERANGE when a contract would have more than 2^64 - 1 records.  A failed call
 *         changes nothing.
 */
VALUE_API int value_ledger_merge(value_ledger *into, const value_ledger *from);

/**
 * Totals of one contract's records.
 * @param[in]  l                  the ledger.
 * @param[in]  contract_index     < n_contracts.
 * @param[out] out_records        records N.
 * @param[out] out_member_months  M.
 * @param[out] out_risk_mm        sum of risk score x member-months.
 * @param[out] out_risk_sum       sum of risk scores.
 * @param[out] out_cost           E_0.
 * @param[out] out_above          sum max(c - U, 0).
 * @param[out] out_below          sum max(L - c, 0).
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_ledger_totals(const value_ledger *l, size_t contract_index, double *out_records,
                                  double *out_member_months, double *out_risk_mm, double *out_risk_sum,
                                  double *out_cost, double *out_above, double *out_below);

/**
 * The size in bytes of value_ledger_serialize()'s output: 24 + 136 x
 * n_contracts + 8.
 * @param[in]  l    the ledger.
 * @param[out] out  bytes.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_ledger_serialized_size(const value_ledger *l, size_t *out);

/**
 * Serialize a ledger to bytes, the same on every platform: the 8 bytes
 * "LVLEDGER", the format version (uint32, 1), a reserved zero (uint32),
 * the number of contracts (uint64), per contract its bounds (IEEE
 * doubles), counts (uint64) and 128-bit sums (two's complement), all
 * little-endian, and last an FNV-1a 64-bit checksum of all the bytes
 * before it (which detects any single changed byte).
 * @param[in]  l        the ledger.
 * @param[out] out      the bytes.
 * @param[in]  out_len  value_ledger_serialized_size().
 * @return ::VALUE_OK; ::VALUE_EINVAL (also a wrong @p out_len).
 */
VALUE_API int value_ledger_serialize(const value_ledger *l, uint8_t *out, size_t out_len);

/**
 * Read a ledger written by value_ledger_serialize().
 * @param[in]  data  the bytes.
 * @param[in]  n     their length.
 * @param[out] out   the ledger, released with value_ledger_free().
 * The checksum detects corruption, not forgery, so the contents are
 * checked too: they must be a state that value_ledger_add() and
 * value_ledger_merge() could produce (bounds as value_ledger_set_bounds()
 * takes them; records above and below the bounds no more than the
 * records; every total within what that many records can sum to, at
 * least 1e-6 member-months a record; parts above and below the bounds
 * that fit in the cost; nothing above an infinite bound).
 * @return ::VALUE_OK; ::VALUE_EPARSE for a buffer that is not a ledger
 *         (magic), of another format version, truncated or too long, with a
 *         wrong checksum or contents no ledger can have (the message names
 *         the contract and what is wrong); ::VALUE_EINVAL; ::VALUE_ENOMEM.
 */
VALUE_API int value_ledger_deserialize(const uint8_t *data, size_t n, value_ledger **out);

/**
 * Settle contract @p c on the records of contract @p contract_index of
 * ledger @p l (formulas in the group's description).
 * @param[in]  c               the contract (not ::VALUE_CONTRACT_FFS).
 * @param[in]  l               the ledger.
 * @param[in]  contract_index  < n_contracts.
 * @param[out] out             the settlement, released with value_settlement_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_EDOM when the contract has no
 *         records or a benchmark or target of 0 where one is needed;
 *         ::VALUE_ESTATE for inconsistent parameters (a revenue cap with a
 *         revenue of 0, a loss-rate floor above the ceiling, P4P scores
 *         q_0 >= q_1, tiered P4P without tiers, an FFS contract);
 *         ::VALUE_ERANGE, naming the quantity, when an amount or rate of
 *         the settlement is not a finite double (a capitation of PMPM 1e300
 *         x 1e10 member-months, a deviation (E - T)/T of 1e10 / 1e-300):
 *         every amount of a settlement returned is finite, the items that
 *         do not apply NaN and the cap possibly +Inf (no cap);
 *         ::VALUE_ENOMEM.
 */
VALUE_API int value_contract_settle(const value_contract *c, const value_ledger *l, size_t contract_index,
                                    value_settlement **out);

/**
 * Settle contract @p c on the records of every contract of ledger @p l at
 * once, amounts only: the settlements of value_contract_settle() without
 * their explanation lines, which are most of its cost (for a payer's
 * hundreds of ACOs, or a PSA of contracts).  Item @p items[j] of contract
 * k goes to @p out[k n_items + j]; an item that does not apply to the
 * contract's kind is NaN, as from value_settlement_get(), and so is every
 * item of a contract without records.
 * @param[in]  c        the contract (not ::VALUE_CONTRACT_FFS).
 * @param[in]  l        the ledger.
 * @param[in]  items    ::value_settlement_item values, each from 1 to ::VALUE_SETTLEMENT_N_ITEMS - 1.
 * @param[in]  n_items  items, >= 1.
 * @param[out] out      n_contracts x n_items amounts, row-major; unchanged on failure.
 * @param[in]  out_len  n_contracts x n_items.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ESTATE for an FFS contract;
 *         otherwise as value_contract_settle(), the message naming the contract.
 */
VALUE_API int value_contract_settle_all(const value_contract *c, const value_ledger *l, const int32_t *items,
                                        size_t n_items, double *out, size_t out_len);

/**
 * Settle contract @p c on aggregates instead of records (no per-record
 * bounds: give @p expenditure already truncated or winsorized).
 * @param[in]  c                the contract (not ::VALUE_CONTRACT_FFS).
 * @param[in]  beneficiaries    N, finite, >= 1 (episodes for a bundle).
 * @param[in]  member_months    M, finite, > 0.
 * @param[in]  risk_score_mean  member-month-weighted mean risk score, finite, >= 0
 *                              (a bundle's risk sum is taken as N times it).
 * @param[in]  expenditure      E, finite, >= 0.
 * @param[out] out              the settlement, released with value_settlement_free().
 * @return as value_contract_settle().
 */
VALUE_API int value_contract_settle_totals(const value_contract *c, double beneficiaries, double member_months,
                                           double risk_score_mean, double expenditure, value_settlement **out);

/**
 * Settle a fee-for-service contract: the payment for @p n services, each
 * a service code and a number of units, priced by the fee schedule.
 * Services with codes not in the schedule are refused, reported with
 * their count and the first one, unless ::VALUE_CONTRACT_EXCLUDE_UNKNOWN is
 * 1: then they are left out and counted in an explanation line and in
 * ::VALUE_SETTLEMENT_UNKNOWN_SERVICES / ::VALUE_SETTLEMENT_UNKNOWN_UNITS.
 * @param[in]  c      a ::VALUE_CONTRACT_FFS contract.
 * @param[in]  code   service codes.
 * @param[in]  units  units of each, finite, >= 0.
 * @param[in]  n      services.
 * @param[out] out    the settlement, released with value_settlement_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOTFOUND for unknown codes
 *         (not excluded); ::VALUE_ESTATE for a contract of another kind;
 *         ::VALUE_ERANGE, naming the service, when a payment (price x units)
 *         or the sum of payments or units is not a finite double; ::VALUE_ENOMEM.
 */
VALUE_API int value_contract_settle_services(const value_contract *c, const int32_t *code, const double *units,
                                             size_t n, value_settlement **out);

/** Release a settlement; NULL is a no-op.  @param[in] s  the settlement. */
VALUE_API void value_settlement_free(value_settlement *s);

/**
 * Read an amount or rate of a settlement.
 * @param[in]  s     the settlement.
 * @param[in]  item  a ::value_settlement_item.
 * @param[out] out   its value (NaN when it does not apply).
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_settlement_get(const value_settlement *s, value_settlement_item item, double *out);

/**
 * The number of explanation lines of a settlement.
 * @param[in]  s    the settlement.
 * @param[out] out  lines.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_settlement_line_count(const value_settlement *s, size_t *out);

/**
 * Explanation line @p i, in the order the rules were applied: a short
 * step name ("benchmark", "expenditure", "savings", "sharing", "cap",
 * "reduction", "payment", ...), a sentence with the rule and the numbers
 * (amounts rounded to cents with thousands separators, rates in percent
 * to two decimals) and the step's amount.
 * @param[in]  s           the settlement.
 * @param[in]  i           line, < value_settlement_line_count().
 * @param[out] out_step    the step name, owned by the settlement.
 * @param[out] out_text    the sentence, owned by the settlement.
 * @param[out] out_amount  the amount.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 */
VALUE_API int value_settlement_line(const value_settlement *s, size_t i, const char **out_step,
                                    const char **out_text, double *out_amount);

/** @} */

/**
 * @defgroup incentive Incentive analysis: what each payment model rewards
 * @ingroup family_payment
 *
 * How payment design changes what a provider earns for the same care,
 * and so which care a clinician is pulled towards.  The motivating case is
 * the seeds' scenario: a doctor can make a low-value follow-up visit
 * (unnecessary, but billable) or a high-value care-coordination call (not
 * billable, but it prevents a costly complication).  Fee-for-service pays
 * for the visit and not the call; under capitation the visit is only a
 * cost and the call saves the practice the complication, so the incentive
 * flips; bundles and shared savings work in similar ways.
 *
 * A menu of n alternative care actions for one patient (or one panel) is
 * given as parallel columns, each a change against doing nothing (include
 * a row of zeros for "do nothing" to compare with it):
 * - @c cost: the provider's own cost of the action (>= 0);
 * - @c revenue: what fee-for-service pays for it (>= 0; 0 when not billable);
 * - @c health: its effect on the patient's health H (e.g. expected QALYs; any sign);
 * - @c later_spending: its effect on later spending on the patient by
 *   anyone (any sign: negative for a complication avoided, e.g. -300 for
 *   a 10% chance of a 3,000 complication; positive for care it causes).
 *
 * The provider's margin B of action i under each ::value_incentive_model,
 * with the model's two parameters @c amount (A) and @c rate (r) and an
 * optional carve-out (an outlier fund that pays a share c of the part of
 * an expensive action above an attachment point T: of the provider's cost
 * under capitation and a bundle, of the fee-for-service payment counted
 * against the benchmark under shared savings; fee-for-service margins do
 * not depend on it, and later spending is never carved out):
 * - fee-for-service: @f$B_i = \mathrm{revenue}_i - \mathrm{cost}_i@f$
 *   (later spending is paid to whoever delivers it);
 * - capitation (A = the capitation payment for the patient over the
 *   period, e.g. PMPM x months; the provider bears all care):
 *   @f$B_i = A - \mathrm{cost}_i - \mathrm{later}_i + o_i@f$;
 * - bundle (A = the episode's target price, prospective; r = the share of
 *   later spending that falls within the episode and so is the provider's):
 *   @f$B_i = A - \mathrm{cost}_i - r\,\mathrm{later}_i + o_i@f$;
 * - shared savings, one-sided, on top of fee-for-service (r = the sharing
 *   rate; A = the headroom: benchmark minus the spending expected without
 *   any of the actions, negative when spending is already above the
 *   benchmark): the payer's spending on the action is
 *   @f$s_i = \mathrm{revenue}_i + \mathrm{later}_i - c\max(0, \mathrm{revenue}_i - T)@f$
 *   (the outlier fund's part truncated, as with a stop-loss) and
 *   @f$B_i = \mathrm{revenue}_i - \mathrm{cost}_i + r\max(0, A - s_i)@f$;
 *
 * where @f$o_i = c\max(0, \mathrm{cost}_i - T)@f$ is what the outlier fund
 * pays for action i (no carve-out: T = +Inf or c = 0).
 *
 * A clinician weighs margin and health by the seeds' utility
 * @f$U = \alpha B + \beta H@f$ (@f$\alpha@f$: the pull of the financial incentive,
 * per unit of money; @f$\beta@f$: the commitment to the patient's health, per unit
 * of H) and prefers the action of highest U.  Where that is not the
 * action of best health the contract and the patient's interest conflict.
 * Actions are alternatives (one is chosen); mixes under a time or budget
 * constraint are not modelled.
 * @{
 */

/** Payment models of the incentive analysis (values never change). */
typedef enum value_incentive_model {
    VALUE_INCENTIVE_FFS = 1,           /**< fee-for-service: revenue - cost; amount and rate unused */
    VALUE_INCENTIVE_CAPITATION = 2,    /**< capitation: amount = payment for the period; rate unused */
    VALUE_INCENTIVE_BUNDLE = 3,        /**< bundle: amount = target price, rate = share of later spending within the episode */
    VALUE_INCENTIVE_SHARED_SAVINGS = 4 /**< one-sided shared savings over FFS: amount = headroom, rate = sharing rate */
} value_incentive_model;

/** @} */

/**
 * @defgroup family_programs CMS programs
 * The Medicare value-based programs, parameters by program year as data (lib/programs/).
 */

/**
 * @defgroup cms CMS value-based programs: parameters by program year
 * @ingroup family_programs
 *
 * The Medicare programs (MSSP, HVBP, HRRP, MIPS, BPCI Advanced) and the
 * ACA's risk corridors are built on the contract, risk and profiling
 * modules, with each program year's parameters kept as data: plain-text
 * tables compiled into the library from `lib/programs/data/cms_<program>.txt`, each
 * line citing its CFR or Federal Register source.  The year is the one the
 * program counts in: the performance year (MSSP, MIPS), the fiscal year
 * (HVBP, HRRP), the model year (BPCI Advanced) or the benefit year (ACA).
 * The functions here read those tables, so a caller can see (and print)
 * every parameter a settlement used.
 *
 * Programs: "mssp", "mssp_benchmark" (value_mssp_benchmark_*), "hvbp", "hrrp", "mips", "bpci", "aca", "ma".  Keys are named
 * in each program's group and in its table file.
 * @{
 */

/**
 * The first and last year of a program's parameter table.
 * @param[in]  program    "mssp", "hvbp", "hrrp", "mips", "bpci", "aca" or "ma".
 * @param[out] out_first  the first year.
 * @param[out] out_last   the last year.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOTFOUND for an unknown program (the message lists the known ones).
 */
VALUE_API int value_cms_years(const char *program, int *out_first, int *out_last);

/**
 * The number of values of parameter @p key of @p program in force in @p year.
 * @param[in]  program  the program, as in value_cms_years().
 * @param[in]  year     the program year.
 * @param[in]  key      the parameter, e.g. "track1.sharing_rate".
 * @param[out] out      the number of values (1 for a scalar, more for a table).
 * @return ::VALUE_OK; ::VALUE_EINVAL (also a year the program's table does
 *         not cover, naming the years it knows); ::VALUE_ENOTFOUND for an
 *         unknown program or a key not in force that year.
 */
VALUE_API int value_cms_parameter_count(const char *program, int year, const char *key, size_t *out);

/**
 * Value @p index of parameter @p key of @p program in force in @p year.
 * @param[in]  program  the program, as in value_cms_years().
 * @param[in]  year     the program year.
 * @param[in]  key      the parameter.
 * @param[in]  index    < value_cms_parameter_count().
 * @param[out] out      the value (Inf for "no cap").
 * @return as value_cms_parameter_count(); ::VALUE_EINVAL for @p index out of range.
 */
VALUE_API int value_cms_parameter(const char *program, int year, const char *key, size_t index, double *out);

/** @} */

/**
 * @defgroup mssp Medicare Shared Savings Program (42 CFR part 425)
 * @ingroup family_programs
 *
 * The MSSP's settlement rules by performance year and track, as a
 * ::value_contract of the contract engine (::VALUE_CONTRACT_SHARED_SAVINGS
 * for one-sided tracks, ::VALUE_CONTRACT_SHARED_RISK for two-sided ones)
 * with the year's parameters from the "mssp" table (value_cms_parameter()):
 *
 * | track | settled (open to new ACOs) | max. sharing rate | savings cap | losses |
 * |---|---|---|---|---|
 * | Track 1 (425.604) | 2013-2021 (2013-2018) | 50% | 10% of benchmark | none |
 * | Track 2 (425.606) | 2013-2021 (2013-2018) | 60% | 15% | 1 - final sharing rate in [40%, 60%]; limit 5%, 7.5%, 10% of benchmark in agreement years 1, 2, 3+ |
 * | Track 3 (425.610) | 2016-2021 (2016-2018) | 75% | 20% | 1 - final sharing rate in [40%, 75%]; limit 15% |
 * | Track 1+ Model | 2018-2021 (2018) | 50% | 10% | 30% flat; limit 4% of benchmark (ACOs with an IPPS hospital, cancer center or rural hospital over 100 beds), else 8% of ACO participant revenue capped at 4% of benchmark |
 * | BASIC A, B (425.605) | 2019-2025 | 40% | 10% | none |
 * | BASIC C, D, E (425.605) | 2019-2025 | 50% | 10% | 30%; limit 2%, 4%, 8% of ACO participant revenue, capped at 1%, 2%, 4% of benchmark |
 * | ENHANCED (425.610) | 2019-2025 | 75% | 20% | 1 - final sharing rate in [40%, 75%]; limit 15% |
 *
 * Tracks 1-3 and Track 1+ closed to new ACOs after the agreement periods
 * that began on Jan 1, 2018 (and Jan 1, 2019 for 2015 starters that
 * deferred renewal, 425.200(b)(4)(i)), but ACOs on them were settled under
 * their rules until their agreements ended: the 6-month extension to Jun 30,
 * 2019 of agreements begun in 2016 (425.200(b)(2)(ii)(B)) and the COVID-19
 * interim final rule (85 FR 27550) letting agreements begun in 2018 run
 * through 2021 (425.200(b)(3)(ii)(B)).
 *
 * - Minimum savings rate (425.604(b)): for one-sided tracks a sliding
 *   scale by assigned beneficiaries N, linear within each band with the
 *   fraction (N - bottom)/(top - bottom): 3.9% at 5,000 to 3.6% at 5,999,
 *   3.6% to 3.4% over 6,000-6,999, 3.4-3.2, 3.2-3.1, 3.1-3.0 over
 *   9,000-9,999, 3.0-2.7 over 10,000-14,999, 2.7-2.5 over 15,000-19,999,
 *   2.5-2.2 over 20,000-49,999, 2.2-2.0 over 50,000-59,999, and 2.0% from
 *   60,000.  Below the program's minimum of 5,000 (425.110(a)), for an ACO
 *   CMS still settles, the bands of CMS's Specifications v11 Table 5:
 *   12.2% at 500 to 8.7% at 999, 8.7-5.0 over 1,000-2,999, 5.0-3.9 over
 *   3,000-4,999, and 12.2% below 500 (the table says only "12.2% or
 *   more"; the MSR line says so).  CMS's results of PY2014, PY2022 and
 *   PY2023 follow these bands for every ACO below 5,000.
 *   Two-sided tracks: the MSR/MLR is the track's fixed 2% (Track 2 before
 *   2016) or the ACO's choice (from 2016: 0%, 0.5%, 1%, 1.5%, 2%, or the
 *   sliding scale above, 425.606(b), 425.610(b), 425.605(b)); the MLR
 *   equals the MSR.  For performance years starting on or after Jul 1, 2019
 *   (the Jul-Dec 2019 year, then from 2020) an ACO that chose a fixed
 *   MSR/MLR and has fewer than 5,000 assigned beneficiaries in the year is
 *   settled on the scale instead, the MLR equal to the MSR (425.110(b)(3)(iii));
 *   before, the choice stays (425.110(b)(3)(ii)).  Both paths apply it: the
 *   contract carries the fixed MSR, the scale and ::VALUE_CONTRACT_MSR_TABLE_BELOW
 *   (5,000), so a ledger settles with the beneficiary count it holds, and the
 *   "msr switch" line is the same.  Savings or losses count from the first
 *   dollar once the MSR or MLR is met.
 * - 2019's performance years (::VALUE_MSSP_TERM_PERIOD, a ::value_mssp_period):
 *   agreements begun Jan 1, 2016 and extended had a Jan-Jun year, BASIC and
 *   ENHANCED agreements a first year of Jul-Dec (425.200(c)(2)-(3)); CMS
 *   reconciles either on the 12 months of calendar year 2019 and pro-rates the
 *   shared savings or losses (425.609): the beneficiaries, benchmark and
 *   expenditure given are the calendar year's, the amount after caps is
 *   multiplied by 6/12 (::VALUE_CONTRACT_PERIOD_SHARE on the contract), with the
 *   track's MSR/MLR and the 2019 quality rule.  Not set, the totals are
 *   settled as 12 months (a BASIC or ENHANCED settlement of 2019 says so).
 * - Termination during the year (425.221(b), from 2020;
 *   ::VALUE_MSSP_TERM_TERMINATION_MONTH, ::VALUE_MSSP_TERM_TERMINATED_BY_CMS):
 *   no shared savings unless the ACO itself ended the agreement on Dec 31
 *   (month 12); shared losses pro-rated by months / 12 when CMS terminated
 *   it or the ACO did after June 30, none when the ACO left by June 30.  On
 *   the contract: a savings cap of 0 and ::VALUE_CONTRACT_PERIOD_SHARE; the
 *   settlement from totals adds a "termination" line.
 * - Final sharing rate (the quality rule of the year, 425.502 and
 *   425.512): through 2020 the maximum rate times the quality score Q
 *   ("up to") once the quality standard (minimum attainment) is met; an ACO
 *   that fails it gets no shared savings and, on Tracks 2 and 3, the loss
 *   rate at its ceiling (BASIC C-E and Track 1+ keep their flat 30%).  In
 *   2021-2022 the maximum rate when the quality performance standard is
 *   met and 0 when it is not, the decision given (::VALUE_MSSP_TERM_QUALITY_MET)
 *   or taken from the ACO's quality score against the year's threshold (the
 *   MIPS quality percentile: ::VALUE_MSSP_TERM_QUALITY_SCORE >=
 *   ::VALUE_MSSP_TERM_QUALITY_THRESHOLD); from 2023 the maximum rate when it is
 *   met, else the maximum rate times the sliding-scale factor Q in [0, 1)
 *   when the alternative standard (425.512(a)(4)(ii)) is met (quality met 0
 *   with a score), and nothing when neither is (quality met 0, no score).
 *   Loss sharing rates "1 - final sharing rate" use this rate through 2020;
 *   from 2021 (Tracks 2, 3, ENHANCED) they scale by the quality score even
 *   when the standard is met: 1 - maximum rate x Q, within the track's
 *   bounds (425.610(d)(2); CMS's PY2022 and PY2023 results follow it for
 *   every ENHANCED ACO with losses), so losses owed need
 *   ::VALUE_MSSP_TERM_QUALITY_SCORE.  Quality scores and thresholds are
 *   shares in [0, 1] (CMS's files print 77.61%: 0.7761).  The
 *   settlement's "quality standard" line says which was used.
 * - Extreme and uncontrollable circumstances (from 2017: 425.605(f),
 *   425.606(i), 425.610(i)): shared losses owed are reduced by the share of
 *   the year's months affected times the share of assigned beneficiaries
 *   living in an affected area (::VALUE_MSSP_TERM_EUC_MONTHS_SHARE,
 *   ::VALUE_MSSP_TERM_EUC_BENEFICIARY_SHARE).  For the COVID-19 public health
 *   emergency the defaults are every beneficiary and the months of the
 *   emergency (12 of 12 in 2020-2022, 5 of 12 in 2023); shares given replace them.
 * - Revenue (::VALUE_MSSP_TERM_REVENUE) is needed only when a revenue-based
 *   loss limit could bind: BASIC C-E, and Track 1+ with the revenue-based
 *   composition, when losses are owed.
 * - Generated savings or losses, as CMS's public use files report them
 *   (GenSaveLoss: the savings or losses when the MSR or MLR is met, else
 *   0), come beside the earned amount (EarnSaveLoss, the final payment) in
 *   the settlement's "generated" line and from value_mssp_generated().
 * - Payment reduction: the Budget Control Act's 2% sequestration is taken
 *   off shared savings payments (not off amounts owed), suspended for
 *   2020 (CARES Act sec. 3709).
 * - Expenditure: per-beneficiary expenditures truncated at the 99th
 *   percentile of the program's (425.604(a)(4), 425.605, 425.610) are
 *   given to a ::value_ledger with value_ledger_set_bounds() (the upper
 *   bound, from value_contract_percentile()) and settled with
 *   value_contract_settle() on the contract of value_mssp_contract(); or
 *   totals already truncated go to value_mssp_settle().
 *
 * The ACO's own terms go on a ::value_mssp_terms handle
 * (value_mssp_terms_new(), value_mssp_terms_set() with a ::value_mssp_term),
 * settled from totals with value_mssp_terms_settle() or made a contract
 * with value_mssp_terms_contract(); value_mssp_contract() and
 * value_mssp_settle() are the same with the common terms as arguments.
 *
 * The updated benchmark is an input here; its construction from the
 * benchmark years by enrollment type (trend, risk restatement, year
 * weights, regional adjustment, the risk-ratio cap, the update) is
 * value_mssp_benchmark_historical(), value_mssp_benchmark_regional(),
 * value_mssp_benchmark_risk_ratio() and value_mssp_benchmark_update().
 *
 * Not modelled: the shared savings opportunity for low-revenue ACOs below
 * the MSR from 2024, advance investment payments, the prior savings
 * adjustment (425.658) and the ACPT (425.660) of 2024 benchmarks.
 * @{
 */

/** MSSP tracks and BASIC levels.  Values never change. */
typedef enum value_mssp_track {
    VALUE_MSSP_TRACK_1 = 1,  /**< Track 1, one-sided (settled 2013-2021) */
    VALUE_MSSP_TRACK_2 = 2,  /**< Track 2, two-sided (settled 2013-2021) */
    VALUE_MSSP_TRACK_3 = 3,  /**< Track 3, two-sided (settled 2016-2021) */
    VALUE_MSSP_BASIC_A = 4,  /**< BASIC level A, one-sided (from July 2019) */
    VALUE_MSSP_BASIC_B = 5,  /**< BASIC level B, one-sided */
    VALUE_MSSP_BASIC_C = 6,  /**< BASIC level C, two-sided */
    VALUE_MSSP_BASIC_D = 7,  /**< BASIC level D, two-sided */
    VALUE_MSSP_BASIC_E = 8,  /**< BASIC level E, two-sided */
    VALUE_MSSP_ENHANCED = 9, /**< ENHANCED track, two-sided (from July 2019) */
    VALUE_MSSP_TRACK_1_PLUS = 10 /**< Track 1+ Model, two-sided with a flat 30% loss rate (settled 2018-2021) */
} value_mssp_track;

/** The @p msr_choice that selects the MSR/MLR of the track's rule: the
 *  sliding scale by population (one-sided tracks; a two-sided ACO that
 *  chose it), or Track 2's fixed 2% before 2016. */
#define VALUE_MSSP_MSR_BY_POPULATION (-1.0)

/** An ACO's terms, set with value_mssp_terms_set().  Values never change. */
typedef enum value_mssp_term {
    VALUE_MSSP_TERM_MSR_CHOICE = 1,        /**< ::VALUE_MSSP_MSR_BY_POPULATION (default) or a fixed MSR/MLR of the year's choices (two-sided) */
    VALUE_MSSP_TERM_AGREEMENT_YEAR = 2,    /**< year of the agreement period, 1 to 10; default 1 (Track 2's loss limit) */
    VALUE_MSSP_TERM_QUALITY_SCORE = 3,     /**< the quality score Q in [0, 1]: through 2020 it scales sharing; 2021-2022 compared with the threshold; from 2021 it scales the loss rate of Tracks 2, 3 and ENHANCED; from 2023 the sliding-scale factor below the standard */
    VALUE_MSSP_TERM_QUALITY_MET = 4,       /**< the quality standard met (1) or not (0), any year */
    VALUE_MSSP_TERM_QUALITY_THRESHOLD = 5, /**< 2021-2022: the threshold the quality score must reach, in [0, 1] */
    VALUE_MSSP_TERM_EUC_MONTHS_SHARE = 6,  /**< from 2017: share of the year's months affected by circumstances, in [0, 1] */
    VALUE_MSSP_TERM_EUC_BENEFICIARY_SHARE = 7, /**< from 2017: share of assigned beneficiaries in an affected area, in [0, 1] */
    VALUE_MSSP_TERM_REVENUE = 8,           /**< ACO participant revenue, >= 0 (tracks with a revenue-based loss limit) */
    VALUE_MSSP_TERM_BENCHMARK_BASED_LIMIT = 9, /**< Track 1+: 1 the ACO includes an IPPS hospital, cancer center or rural hospital over 100 beds (limit 4% of benchmark); 0 revenue-based */
    VALUE_MSSP_TERM_PERIOD = 10,           /**< performance year 2019 only: a ::value_mssp_period (Tracks 1-3: the year or Jan-Jun; Track 1+: the year; BASIC, ENHANCED: Jul-Dec); not set: the 12 months settled as given */
    VALUE_MSSP_TERM_TERMINATION_MONTH = 11, /**< from 2020: the agreement terminated during the year, the last month of participation, 1 to 12 (12: effective Dec 31); not set: no termination (425.221(b)) */
    VALUE_MSSP_TERM_TERMINATED_BY_CMS = 12  /**< with ::VALUE_MSSP_TERM_TERMINATION_MONTH: 1 CMS terminated the agreement (425.218), 0 or not set the ACO did (425.220) */
} value_mssp_term;

/** The performance year of 2019 (42 CFR 425.200(c), 425.609): the
 *  calendar year, or one of its two 6-month performance years, settled on
 *  the calendar year's totals and pro-rated by 6/12.  Values never change. */
typedef enum value_mssp_period {
    VALUE_MSSP_PERIOD_YEAR = 1,    /**< Jan 1-Dec 31, 2019: 12 months (agreements that began in 2017, 2018 or Jan 2019) */
    VALUE_MSSP_PERIOD_JAN_JUN = 2, /**< Jan 1-Jun 30, 2019: agreements begun Jan 1, 2016 and extended 6 months (425.200(b)(2)(ii)(B), (c)(2); 425.609(b)) */
    VALUE_MSSP_PERIOD_JUL_DEC = 3  /**< Jul 1-Dec 31, 2019: the first performance year of agreements begun Jul 1, 2019 (425.200(b)(4)(ii), (c)(3); 425.609(c)) */
} value_mssp_period;

/** An ACO's MSSP terms for one performance year and track.  Opaque;
 *  calls taking a const pointer are thread-safe. */
typedef struct value_mssp_terms value_mssp_terms;

/** @} */

/**
 * @defgroup hvbp Hospital Value-Based Purchasing (HVBP)
 * @ingroup family_programs
 *
 * Medicare's Hospital Value-Based Purchasing Program (Social Security Act
 * sec. 1886(o); 42 CFR 412.160-412.167): each measure is scored by
 * achievement and by improvement (42 CFR 412.165(a)), the HCAHPS survey's
 * dimensions also earn consistency points, measure scores make domain
 * scores, weighted domain scores the Total Performance Score (TPS,
 * 412.165(b)), and a linear exchange function turns the TPS into the
 * value-based incentive payment percentage and the payment adjustment
 * factor (412.162).
 *
 * Every function is vectorised over hospitals: arrays of length n (or of
 * hospitals x columns, row by row), so a national file of 2,500 hospitals
 * is one call.  A NaN rate means "not available" (too few cases, no
 * baseline); results that cannot be computed are NaN.  Points are rounded
 * to whole numbers half up; a value within 1e-9 of a half counts as the
 * half, since rates published to 3-6 decimals are inexact in binary (CMS's
 * FY2024 files have 28 such exact halves, all rounded up).
 *
 * Program-year parameters are in the built-in table "hvbp"
 * (lib/programs/data/cms_hvbp.txt, read with value_cms_parameter()): keys
 * `withhold`, `weight.<domain>`, `min_measures.<domain>`, `min_domains`,
 * `hcahps.min_surveys`, `neutral_payment` and, for FY2024,
 * `standard.<measure>` (achievement threshold and benchmark), with domains
 * `clinical_outcomes`, `person_engagement`, `safety`, `efficiency`,
 * `clinical_process`.  Fiscal years 2013-2025.
 * @{
 */

/** Which way a measure improves. */
typedef enum value_hvbp_direction {
    VALUE_HVBP_HIGHER_IS_BETTER = 1, /**< survival rates (MORT-30-*, reported as 1 - mortality), HCAHPS */
    VALUE_HVBP_LOWER_IS_BETTER = 2   /**< infection SIRs (HAI-1..6), PSI-90, COMP-HIP-KNEE, MSPB */
} value_hvbp_direction;

/** The HVBP domains; a fiscal year uses those with a weight in the table. */
typedef enum value_hvbp_domain {
    VALUE_HVBP_CLINICAL_OUTCOMES = 1,  /**< "Outcome" FY2014-2016, "Clinical Care" FY2017-2018, Clinical Outcomes from FY2019 */
    VALUE_HVBP_PERSON_ENGAGEMENT = 2,  /**< "Patient Experience of Care" to FY2016, Person and Community Engagement (HCAHPS) */
    VALUE_HVBP_SAFETY = 3,             /**< from FY2017 */
    VALUE_HVBP_EFFICIENCY = 4,         /**< MSPB, from FY2015 */
    VALUE_HVBP_CLINICAL_PROCESS = 5,   /**< Clinical Process of Care, FY2013-2018 */
    VALUE_HVBP_N_DOMAINS = 5           /**< the number of domains: columns of value_hvbp_tps()'s matrix */
} value_hvbp_domain;

/**
 * Achievement points, improvement points and the measure score of one
 * measure for n hospitals (42 CFR 412.165(a)).  With the rates oriented so
 * that higher is better (a lower-is-better measure is negated), performance
 * p, baseline q, achievement threshold t and benchmark b:
 * - achievement: 10 if p >= b; 0 if p < t; otherwise
 *   @f$\mathrm{round}(9 (p - t)/(b - t) + 0.5)@f$, 1 to 9 (a rate exactly
 *   at the threshold earns 1) (412.165(a)(2), (a)(4));
 * - improvement (0 to 9, 412.165(a)(3)): 0 if p <= q; otherwise 9 if
 *   p >= b; otherwise @f$\mathrm{round}(10 (p - q)/(b - q) - 0.5)@f$.
 *   A baseline that already meets or beats the benchmark thus earns 9
 *   improvement points when the performance is better still and 0
 *   otherwise, as CMS's FY2024 files report it;
 * - measure score: the higher of the two (1886(o)(5)(B)(ii)).
 * A NaN baseline leaves the improvement points NaN ("not available") and
 * the score is the achievement points; a NaN performance rate means the
 * measure is not scored: all three outputs NaN.
 * @param[in]  baseline               the baseline-period rate of each hospital, NaN when not available.
 * @param[in]  performance            the performance-period rate, NaN when not available.
 * @param[in]  n                      hospitals, >= 1.
 * @param[in]  achievement_threshold  the measure's achievement threshold, finite.
 * @param[in]  benchmark              the measure's benchmark, finite; above the threshold for
 *                                    ::VALUE_HVBP_HIGHER_IS_BETTER, below it for ::VALUE_HVBP_LOWER_IS_BETTER.
 * @param[in]  direction              a ::value_hvbp_direction.
 * @param[out] out_achievement        achievement points 0-10, or NaN.
 * @param[out] out_improvement        improvement points 0-9, or NaN.
 * @param[out] out_score              measure score 0-10, or NaN.
 * @param[in]  out_len                n.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL arrays, n = 0, out_len != n, an
 *         infinite rate, a threshold or benchmark not finite, equal, or on the
 *         wrong side of each other for @p direction, or an unknown direction.
 *         On failure nothing is written.
 */
VALUE_API int value_hvbp_measure_points(const double *baseline, const double *performance, size_t n,
                                        double achievement_threshold, double benchmark,
                                        value_hvbp_direction direction, double *out_achievement,
                                        double *out_improvement, double *out_score, size_t out_len);

/**
 * A combined measure score from two strata, weighted (CMS's combined SSI
 * score: the HAI-3 colon and HAI-4 abdominal hysterectomy scores weighted
 * by each stratum's predicted infections):
 * @f$(w_a s_a + w_b s_b)/(w_a + w_b)@f$, not rounded.  A stratum with a NaN
 * score is left out (the combined score is the other stratum's score);
 * both NaN gives NaN.
 * @param[in]  score_a   the first stratum's measure score (0-10) of each hospital, or NaN.
 * @param[in]  weight_a  its weight (e.g. predicted infections), finite and >= 0; ignored when score_a is NaN.
 * @param[in]  score_b   the second stratum's score, or NaN.
 * @param[in]  weight_b  its weight, finite and >= 0; ignored when score_b is NaN.
 * @param[in]  n         hospitals, >= 1.
 * @param[out] out_score the combined score, or NaN.
 * @param[in]  out_len   n.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL arrays, n = 0, out_len != n, a score
 *         outside [0, 10] or infinite, a weight negative or not finite, or two scored
 *         strata whose weights are both 0.  On failure nothing is written.
 */
VALUE_API int value_hvbp_combined_score(const double *score_a, const double *weight_a, const double *score_b,
                                        const double *weight_b, size_t n, double *out_score, size_t out_len);

/**
 * Domain scores of hospitals from their measure scores (42 CFR
 * 412.165(b)(1)-(3)): points earned / points possible x 100, the points
 * possible being 10 for each scored measure, when the hospital has at
 * least the year's `min_measures.<domain>` scored measures; otherwise NaN.
 * @param[in]  measure_scores hospitals x n_measures measure scores (0-10), row by row; NaN = not scored.
 * @param[in]  n              hospitals x n_measures, a positive multiple of n_measures.
 * @param[in]  n_measures     measures in the domain, >= 1.
 * @param[in]  fiscal_year    the program year (2013-2025).
 * @param[in]  domain         a ::value_hvbp_domain in force that year, not
 *                            ::VALUE_HVBP_PERSON_ENGAGEMENT (scored by value_hvbp_hcahps()).
 * @param[out] out_score      the domain score 0-100 of each hospital, or NaN.
 * @param[in]  out_len        n / n_measures.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL arrays, bad lengths, a score outside
 *         [0, 10] or infinite, an unknown fiscal year (naming the years known), an
 *         unknown domain or one not in force that year.  On failure nothing is written.
 */
VALUE_API int value_hvbp_domain_score(const double *measure_scores, size_t n, size_t n_measures, int fiscal_year,
                                      value_hvbp_domain domain, double *out_score, size_t out_len);

/**
 * Total Performance Scores (42 CFR 412.165(b)(4)-(5)): the weighted sum of
 * a hospital's domain scores with the fiscal year's weights.  A hospital
 * missing a domain score has the weights of its scored domains scaled up
 * proportionally to sum to 1 (the TPS stays out of 100); one with fewer
 * than the year's `min_domains` domain scores gets NaN (no TPS).
 * @param[in]  domain_scores hospitals x ::VALUE_HVBP_N_DOMAINS domain scores (0-100), row by row,
 *                           columns in ::value_hvbp_domain order; NaN = no score.  Domains not in
 *                           force that year must be NaN.
 * @param[in]  n             hospitals x ::VALUE_HVBP_N_DOMAINS.
 * @param[in]  fiscal_year   the program year (2013-2025).
 * @param[out] out_tps       the TPS 0-100 of each hospital, or NaN.
 * @param[in]  out_len       n / ::VALUE_HVBP_N_DOMAINS.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL arrays, bad lengths, a score outside
 *         [0, 100] or infinite, a score for a domain not in force that year, or an
 *         unknown fiscal year.  On failure nothing is written.
 */
VALUE_API int value_hvbp_tps(const double *domain_scores, size_t n, int fiscal_year, double *out_tps, size_t out_len);

/**
 * The linear exchange function (42 CFR 412.162(b)(3), (c)): the
 * value-based incentive payment percentage
 * @f$w \cdot \mathrm{TPS}/100 \cdot s@f$ and the payment adjustment factor
 * @f$1 + (w \cdot \mathrm{TPS}/100 \cdot s - w)@f$, with w the year's
 * withhold (the applicable percent, 1886(o)(7)(C): 1% in FY2013 rising to
 * 2% from FY2017) and s the exchange function slope CMS publishes each
 * year.  In the special-rule years FY2022 and FY2023 (`neutral_payment`)
 * every hospital gets w back: percentage w, factor 1, whatever its TPS.
 * A NaN TPS (no TPS) gives NaN otherwise.
 * @param[in]  tps                       each hospital's TPS in [0, 100], or NaN.
 * @param[in]  n                         hospitals, >= 1.
 * @param[in]  fiscal_year               the program year (2013-2025).
 * @param[in]  slope                     the exchange function slope, finite and > 0.
 * @param[out] out_incentive_percentage  the incentive payment percentage, a fraction of the base operating DRG payment.
 * @param[out] out_adjustment_factor     the factor applied to the base operating DRG payment.
 * @param[in]  out_len                   n.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL arrays, n = 0, out_len != n, a TPS
 *         outside [0, 100] or infinite, a slope NaN, infinite or <= 0, or an unknown
 *         fiscal year.  On failure nothing is written.
 */
VALUE_API int value_hvbp_payment(const double *tps, size_t n, int fiscal_year, double slope,
                                 double *out_incentive_percentage, double *out_adjustment_factor, size_t out_len);

/**
 * The budget-neutral exchange function slope: the s at which the incentive
 * payments equal the withheld amounts (1886(o)(6)(C)(ii)(II)),
 * @f$s = \sum_i B_i / \sum_i (\mathrm{TPS}_i/100) B_i@f$ over hospitals with
 * a TPS, B being each hospital's base operating DRG payments.  (It does not
 * depend on the withhold.)  CMS's published slope comes from its own
 * estimate of the payments.
 * @param[in]  tps           each hospital's TPS in [0, 100]; NaN hospitals are left out.
 * @param[in]  base_payment  each hospital's base operating DRG payments, finite and >= 0.
 * @param[in]  n             hospitals, >= 1.
 * @param[out] out           the slope.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL arrays, n = 0, a TPS outside [0, 100] or
 *         infinite, a payment negative or not finite; ::VALUE_EDOM when no payment is
 *         weighted by a positive TPS; ::VALUE_ERANGE when the slope
 *         overflows (TPS-weighted payments too small for their total).  On
 *         failure nothing is written.
 */
VALUE_API int value_hvbp_lef_slope(const double *tps, const double *base_payment, size_t n, double *out);

/** @} */

/**
 * @defgroup hrrp HRRP: Hospital Readmissions Reduction Program
 * @ingroup family_programs
 *
 * The payment adjustment factor of the Medicare Hospital Readmissions
 * Reduction Program (Social Security Act 1886(q); 42 CFR 412.150-412.154),
 * by fiscal year, with the program's parameters read from the "hrrp" table
 * (value_cms_parameter(); `lib/programs/data/cms_hrrp.txt`).
 *
 * **Excess readmission ratio** (412.152): for each applicable condition
 * (::value_hrrp_condition), ERR = predicted / expected readmissions, the
 * risk-adjusted counts CMS takes from its hierarchical logistic model (the
 * hospital's own effect in "predicted", the average hospital's in
 * "expected"; value_risk_fit_random_intercept() fits such a model).  A condition with
 * fewer than `min_discharges` (25) eligible discharges has no ERR and
 * counts for nothing (1886(q)(4)(C)(ii)).
 *
 * **Non-stratified method, FY 2013-2018** (`method` 1; 412.152
 * "aggregate payments for excess readmissions", 412.154(c)):
 * @f[ r = \frac{\sum_c P_c \max(\mathrm{ERR}_c - 1, 0)}{P}, @f]
 * with @f$P_c@f$ the hospital's base operating DRG payments for condition c
 * (the base operating DRG payment amount times the number of admissions for
 * it) and @f$P@f$ its base operating DRG payments for all discharges of the
 * same period.  The ratio is @f$1 - r@f$; the factor is the higher of the
 * ratio and the floor (0.99 in FY 2013, 0.98 in FY 2014, 0.97 from FY 2015,
 * 412.154(c)(2)), rounded to 4 decimals.
 *
 * **Stratified method, FY 2019 on** (`method` 2; the 21st Century Cures
 * Act, 1886(q)(3)(D); FY 2018 IPPS final rule, 82 FR 37990; FY 2019 IPPS
 * final rule, 83 FR 41144): hospitals are put in 5 peer groups by their
 * dual proportion (the share of their Medicare stays of patients dually
 * eligible for Medicare and full Medicaid benefits), in quintiles; the
 * peer group's median ERR of each condition @f$M_{g,c}@f$ replaces 1, and
 * the neutrality modifier NM scales every reduction:
 * @f[ r = \mathrm{NM} \, \frac{\sum_c P_c \max(\mathrm{ERR}_c - M_{g,c}, 0)}{P}, @f]
 * factor = max(1 - r, 0.97) (a reduction of at most 3%), rounded to 4
 * decimals.  NM "equates total Medicare savings under the stratified
 * methodology to the previous non-stratified methodology" (412.152):
 * @f[ \mathrm{NM} = \frac{\sum_h \sum_c P_{h,c} \max(\mathrm{ERR}_{h,c} - 1, 0)}
 *                        {\sum_h \sum_c P_{h,c} \max(\mathrm{ERR}_{h,c} - M_{g(h),c}, 0)} @f]
 * over all hospitals and their counted conditions.
 *
 * Choices where the regulation is silent, made here and documented:
 * - Quintiles: hospitals are ranked by dual proportion (ascending); the
 *   hospital of rank r (1-based) among n is in peer group
 *   @f$\lfloor 5 (r - 1) / n \rfloor + 1@f$, and hospitals with equal dual
 *   proportions share the rank of the first of them, so the groups do not
 *   depend on input order.  Peer group 1 has the lowest dual proportions.
 * - The median of an even number of ERRs is the mean of the middle two.
 *   Only counted conditions (>= 25 discharges) enter a median.
 * - NM is the ratio of the two sums before the 3% cap and is not rounded;
 *   when no hospital is above its peer median (the denominator is 0), NM
 *   is reported as 1 (there is no reduction to scale).
 * - ERRs and medians are not rounded; the factor is rounded half away from
 *   zero at 4 decimals (a value within 1e-9 units of the 4th decimal of a
 *   halfway point counts as halfway, so 0.99985, whose binary value may lie
 *   a hair below, rounds to 0.9999 as on paper).
 *
 * Conditions in force (the table's keys): AMI, HF and PN from FY 2013
 * (PN's expanded cohort from FY 2017; PN suppressed in FY 2023), COPD and
 * THA/TKA from FY 2015, CABG from FY 2017.  A condition given for a fiscal
 * year it is not in force is an error.
 * @{
 */

/** Applicable conditions and procedures (412.152).  Values never change. */
typedef enum value_hrrp_condition {
    VALUE_HRRP_AMI = 1,     /**< acute myocardial infarction (FY 2013 on) */
    VALUE_HRRP_HF = 2,      /**< heart failure (FY 2013 on) */
    VALUE_HRRP_PN = 3,      /**< pneumonia (FY 2013 on; expanded cohort FY 2017; not FY 2023) */
    VALUE_HRRP_COPD = 4,    /**< chronic obstructive pulmonary disease (FY 2015 on) */
    VALUE_HRRP_THA_TKA = 5, /**< elective primary total hip / total knee arthroplasty (FY 2015 on) */
    VALUE_HRRP_CABG = 6     /**< coronary artery bypass graft surgery (FY 2017 on) */
} value_hrrp_condition;

/**
 * Excess readmission ratios, ERR = predicted / expected readmissions
 * (412.152), of many hospital-condition pairs; NaN for a pair with fewer
 * eligible discharges than the fiscal year's minimum (25), which has no ERR.
 * @param[in]  fiscal_year  the HRRP fiscal year (the table's years).
 * @param[in]  predicted    risk-adjusted predicted readmissions, finite and >= 0.
 * @param[in]  expected     risk-adjusted expected readmissions, finite and > 0.
 * @param[in]  discharges   eligible discharges, finite and >= 0.
 * @param[in]  n            pairs, >= 1.
 * @param[out] out_err      the ERR of each pair, or NaN below the minimum.
 * @param[in]  out_len      n.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL, an empty or mismatched array,
 *         a value out of range (the message names the element), or an
 *         unknown fiscal year (naming the years known).  On failure nothing
 *         is written.
 */
VALUE_API int value_hrrp_err(int fiscal_year, const double *predicted, const double *expected,
                             const double *discharges, size_t n, double *out_err, size_t out_len);

/** @} */

/**
 * @defgroup mips MIPS: payment adjustment factors from final scores
 * @ingroup family_programs
 *
 * The Merit-based Incentive Payment System (42 CFR 414.1405; Social
 * Security Act sec. 1848(q)(6)) turns a MIPS eligible clinician's final
 * score @f$s \in [0, 100]@f$ for a performance year into a payment
 * adjustment factor applied to Medicare Part B payments in the payment
 * year two years later (performance year 2017 -> payment year 2019).
 * Functions here take the PERFORMANCE year; the parameters are the table
 * `lib/programs/data/cms_mips.txt` (program "mips" of value_cms_parameter()),
 * performance years 2017-2025, each line citing its Federal Register rule.
 *
 * With performance threshold @f$T@f$, applicable percent @f$A@f$ (4%, 5%,
 * 7%, then 9%), scaling factor @f$k@f$, and in performance years
 * 2017-2022 the additional performance threshold @f$T_x@f$ and the
 * exceptional performance scaling factor @f$k_x@f$:
 *
 * - negative part (414.1405(b)(2)): @f$-A@f$ for @f$s \le T/4@f$;
 *   @f$-A\,(T - s)/T@f$ for @f$T/4 < s < T@f$ (the regulation's linear
 *   scale runs from @f$-A@f$ at a score of 0 to 0 at @f$T@f$, and scores up
 *   to @f$T/4@f$ get the full @f$-A@f$, so the factor steps from @f$-A@f$
 *   to @f$-\tfrac34 A@f$ just above @f$T/4@f$); 0 for @f$s \ge T@f$;
 * - positive part (414.1405(b)(1), (b)(3)): @f$k\,A\,(s - T)/(100 - T)@f$
 *   for @f$s \ge T@f$, else 0; @f$0 \le k \le 3@f$, set by CMS for budget
 *   neutrality;
 * - exceptional performance (414.1405(d)): for @f$s \ge T_x@f$,
 *   @f$k_x\,(0.5\% + 9.5\%\,(s - T_x)/(100 - T_x))@f$, else 0;
 *   @f$0 \le k_x \le 1@f$, set by CMS so the year's total is $500 million;
 *   0 after performance year 2022;
 * - the MIPS payment adjustment factor is the sum of the three.
 *
 * The scaling factors are known only after CMS has scored every clinician,
 * so they are arguments.  value_mips_published_scaling() gives the ones
 * implied by CMS's announced maximum adjustment where the table has it.
 * @{
 */

/**
 * MIPS payment adjustment factors of many clinicians for one performance year.
 * @param[in]  performance_year            2017-2025; the payment year is two years later.
 * @param[in]  final_score                 each clinician's final score, in [0, 100].
 * @param[in]  n                           number of clinicians; >= 1.
 * @param[in]  scaling_factor              the budget-neutrality scaling factor @f$k@f$ on
 *                                         positive factors, in [0, 3] (414.1405(b)(3)).
 * @param[in]  exceptional_scaling_factor  the scaling factor @f$k_x@f$ of the exceptional
 *                                         performance adjustment, in [0, 1] (414.1405(d));
 *                                         0 after performance year 2022, when there is none.
 * @param[out] out                         each clinician's factor, a fraction of payment
 *                                         (-0.09 is a 9% reduction).
 * @param[in]  out_len                     = @p n.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers, @p n = 0, @p out_len != @p n,
 *         a score outside [0, 100] or NaN (naming the clinician), a scaling factor
 *         negative, non-finite or above its cap, a nonzero exceptional scaling factor
 *         in a year without the exceptional adjustment, or a performance year the
 *         table does not cover (naming the years it knows).
 */
VALUE_API int value_mips_adjustment(int performance_year, const double *final_score, size_t n,
                                    double scaling_factor, double exceptional_scaling_factor, double *out,
                                    size_t out_len);

/**
 * The parts of each clinician's MIPS payment adjustment factor, for explanation.
 *
 * Their sum is value_mips_adjustment().
 * @param[in]  performance_year            as value_mips_adjustment().
 * @param[in]  final_score                 as value_mips_adjustment().
 * @param[in]  n                           as value_mips_adjustment().
 * @param[in]  scaling_factor              as value_mips_adjustment().
 * @param[in]  exceptional_scaling_factor  as value_mips_adjustment().
 * @param[out] out_negative                the negative part (414.1405(b)(2)), <= 0.
 * @param[out] out_positive                the positive part after the scaling factor
 *                                         (414.1405(b)(1), (b)(3)), >= 0.
 * @param[out] out_exceptional             the exceptional performance adjustment after
 *                                         its scaling factor (414.1405(d)), >= 0.
 * @param[in]  out_len                     length of each output, = @p n.
 * @return as value_mips_adjustment().
 */
VALUE_API int value_mips_components(int performance_year, const double *final_score, size_t n,
                                    double scaling_factor, double exceptional_scaling_factor,
                                    double *out_negative, double *out_positive, double *out_exceptional,
                                    size_t out_len);

/**
 * The scaling factors implied by CMS's announced maximum adjustment for a performance year.
 *
 * The maximum is key "published_max_adjustment" of the "mips" table: the
 * factor at a final score of 100, rounded to 0.01 percentage point.  In a year without the exceptional performance adjustment the maximum is
 * @f$k A@f$, so @f$k@f$ = maximum / @f$A@f$ (within 0.00005 / @f$A@f$ of
 * CMS's own figure) and @f$k_x@f$ = 0.  In a year with it the maximum is
 * @f$kA + 10\% k_x@f$, which does not identify the two: pass them yourself.
 * @param[in]  performance_year                as value_mips_adjustment().
 * @param[out] out_scaling_factor              @f$k@f$.
 * @param[out] out_exceptional_scaling_factor  @f$k_x@f$.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers or a year the table does not
 *         cover; ::VALUE_ENOTFOUND when the table has no announced maximum for the
 *         year, or the year had the exceptional performance adjustment (the message
 *         gives the announced maximum if there is one).
 */
VALUE_API int value_mips_published_scaling(int performance_year, double *out_scaling_factor,
                                           double *out_exceptional_scaling_factor);

/** @} */

/**
 * @defgroup bpci BPCI Advanced: target prices, episode reconciliation, winsorization
 * @ingroup family_programs
 *
 * Bundled Payments for Care Improvement Advanced, the CMS Innovation
 * Center's voluntary episode model (section 1115A of the Social Security
 * Act), model years 1 to 8 (Oct 1, 2018 to Dec 31, 2025; the year here is
 * the calendar year of the model year, 2018 to 2025).  Its rules are set by
 * the model's Participation Agreement and its Target Price and Clinical
 * Episode Reconciliation Specifications (not by the CFR); each model
 * year's parameters are in `lib/programs/data/cms_bpci.txt`, read with
 * value_cms_parameter("bpci", year, key, ...):
 * - `discount.medical`, `discount.surgical`: the CMS discount, 3% for every
 *   clinical episode in model years 1-5 (2018-2022), from model year 6
 *   (2023) 2% for medical and 3% for surgical clinical episodes (CMS,
 *   Oct 13, 2022);
 * - `stop_loss`, `stop_gain`: 20% of the total target amount;
 * - `cqs_adjustment_max`: the composite quality score (CQS) adjusts a
 *   positive or negative reconciliation amount by at most 10%;
 * - `winsor_lower`, `winsor_upper`: baseline clinical episode spending is
 *   winsorized at the national 1st and 99th percentiles.
 *
 * Target price (Target Price Specifications): an episode initiator's
 * efficiency-adjusted historical baseline price b (CMS's standardized
 * baseline, the "benchmark" before adjustments) times the patient case-mix
 * adjustment (PCMA) and the peer-group trend factor (PGT) is the benchmark
 * price @f$B = b \cdot \mathrm{PCMA} \cdot \mathrm{PGT}@f$; the target price
 * is @f$B(1 - d)@f$ with the model year's CMS discount d.
 *
 * Reconciliation (Reconciliation Specifications) is a
 * ::VALUE_CONTRACT_BUNDLE settlement of the contract engine: the total
 * target amount T (the sum of the episodes' target prices) less the
 * performance-period spending E (optionally winsorized per episode)
 * gives the reconciliation amount D = T - E; the CQS Q in [0, 1] adjusts
 * it by at most a = `cqs_adjustment_max`: @f$D(1 - a(1-Q))@f$ when D > 0,
 * @f$D(1 - aQ)@f$ when D < 0; the stop-gain and stop-loss limits then hold
 * it within @f$\pm 20\%@f$ of T.  Positive: CMS pays the participant;
 * negative: the participant repays CMS.
 * @{
 */

/** Clinical episode types of BPCI Advanced (values never change). */
typedef enum value_bpci_episode_type {
    VALUE_BPCI_MEDICAL = 1, /**< a medical clinical episode (e.g. sepsis, heart failure) */
    VALUE_BPCI_SURGICAL = 2 /**< a surgical clinical episode (e.g. major joint replacement) */
} value_bpci_episode_type;

/**
 * The CMS discount of a model year for a type of clinical episode: 3% in
 * 2018-2022 for every episode; from 2023 2% for medical and 3% for
 * surgical episodes (the table `lib/programs/data/cms_bpci.txt`).
 * @param[in]  model_year    the calendar year of the model year, 2018-2025.
 * @param[in]  episode_type  a ::value_bpci_episode_type.
 * @param[out] out           the discount, a fraction.
 * @return ::VALUE_OK; ::VALUE_EINVAL for a NULL @p out, an unknown model year
 *         (the message names the years known) or episode type.
 */
VALUE_API int value_bpci_discount(int model_year, value_bpci_episode_type episode_type, double *out);

/**
 * The benchmark price and the target price of a clinical episode.
 * Benchmark @f$B = b\cdot\mathrm{PCMA}\cdot\mathrm{PGT}@f$, target @f$B(1 - d)@f$ with the
 * CMS discount d of value_bpci_discount() (BPCI Advanced Target Price
 * Specifications).  E.g. model year 2019, b = 20,000, PCMA 1.05, PGT 1.02:
 * B = 21,420, target 21,420 x 0.97 = 20,777.40.
 * @param[in]  model_year           the calendar year of the model year, 2018-2025.
 * @param[in]  episode_type         a ::value_bpci_episode_type.
 * @param[in]  baseline_price       b, the efficiency-adjusted historical baseline price, finite, > 0.
 * @param[in]  pcma                 the patient case-mix adjustment, finite, > 0.
 * @param[in]  peer_group_trend     the peer-group trend factor, finite, > 0.
 * @param[out] out_benchmark_price  B.
 * @param[out] out_target_price     the target price.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the argument (NULL, NaN, infinite,
 *         <= 0, unknown model year or episode type).  On failure nothing is written.
 */
VALUE_API int value_bpci_target_price(int model_year, value_bpci_episode_type episode_type, double baseline_price,
                                      double pcma, double peer_group_trend, double *out_benchmark_price,
                                      double *out_target_price);

/**
 * Winsorize episode spending at percentiles.  The amounts
 * @f$L = q(p_L)@f$ and @f$U = q(p_U)@f$ of value_contract_percentile()
 * (type 7 quantiles), and each amount clamped to [L, U].  BPCI Advanced
 * winsorizes baseline spending at the 1st and 99th percentiles
 * (`winsor_lower`, `winsor_upper` in the table).  E.g. spending
 * {1, 2, ..., 101}: the 1st percentile is 2, the 99th 100, so 1 becomes 2
 * and 101 becomes 100.
 * @param[in]  spending      episode spending, finite, >= 0.
 * @param[in]  n             episodes, >= 1.
 * @param[in]  p_lower       p_L in [0, 1].
 * @param[in]  p_upper       p_U in [p_L, 1].
 * @param[out] out_spending  the winsorized spending.
 * @param[in]  out_len       n.
 * @param[out] out_lower     L.
 * @param[out] out_upper     U.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the argument (NULL, n 0, out_len
 *         not n, NaN, infinite or negative spending, percentiles out of
 *         range or p_L > p_U); ::VALUE_ENOMEM.  On failure nothing is written.
 */
VALUE_API int value_bpci_winsorize(const double *spending, size_t n, double p_lower, double p_upper,
                                   double *out_spending, size_t out_len, double *out_lower, double *out_upper);

/**
 * Reconcile a participant's clinical episodes of one model year on the
 * contract engine, a ::VALUE_CONTRACT_BUNDLE settlement with explanation
 * lines.  Formulas in the @ref bpci "group description" and the
 * @ref contract "contract group": total target amount T = the sum of @p target_price, spending E =
 * the sum of @p spending, each episode's spending first winsorized to
 * [@p winsor_lower, @p winsor_upper] (0 and Inf: none); D = T - E; the CQS
 * adjustment of at most `cqs_adjustment_max` (10%) and the stop-gain /
 * stop-loss limits of `stop_gain` / `stop_loss` (20% of T) of the model
 * year.  Retrospective (BPCI Advanced's rule: care is paid
 * fee-for-service and reconciled afterwards); with @p prospective 1 the
 * engine's prospective bundle instead (T paid, the participant bears E; no
 * limits or quality adjustment).  Read FINAL_PAYMENT (positive: CMS pays;
 * negative: the participant repays) and the explanation lines from the
 * settlement.
 * @param[in]  model_year     the calendar year of the model year, 2018-2025.
 * @param[in]  target_price   each episode's target price, finite, > 0.
 * @param[in]  spending       each episode's performance-period spending, finite, >= 0, at most 1e11.
 * @param[in]  n              episodes, >= 1.
 * @param[in]  winsor_lower   L, finite, >= 0 (0: none).
 * @param[in]  winsor_upper   U, > L and at most 1e11, or Inf (none).
 * @param[in]  quality_score  the composite quality score Q, in [0, 1].
 * @param[in]  prospective    0 (retrospective) or 1.
 * @param[out] out            the settlement, released with value_settlement_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the argument (NULL, n 0, NaN,
 *         infinite, negative or out-of-range values, unknown model year);
 *         ::VALUE_ERANGE when an amount of the settlement overflows (a
 *         target price so small that the savings rate does); ::VALUE_ENOMEM.
 *         On failure nothing is written.
 */
VALUE_API int value_bpci_reconcile(int model_year, const double *target_price, const double *spending, size_t n,
                                   double winsor_lower, double winsor_upper, double quality_score, int prospective,
                                   value_settlement **out);

/** @} */

/**
 * @defgroup aca ACA risk corridors (42 USC 18062, 45 CFR 153.510)
 * @ingroup family_programs
 *
 * The temporary risk corridors of the Affordable Care Act for qualified
 * health plans, benefit years 2014, 2015 and 2016 (42 U.S.C. 18062(a)).
 * With the target amount T (premiums earned less allowable administrative
 * costs, 18062(c)(2), 45 CFR 153.500) and the allowable costs C
 * (45 CFR 153.500, 153.530(b)):
 * - C above 103% and at most 108% of T: HHS pays the plan 50% of C in
 *   excess of 103% of T (45 CFR 153.510(b)(1));
 * - C above 108% of T: HHS pays 2.5% of T plus 80% of C in excess of 108%
 *   of T (153.510(b)(2));
 * - C below 97% and at least 92% of T: the plan remits 50% of the excess of
 *   97% of T over C (153.510(c)(1));
 * - C below 92% of T: the plan remits 2.5% of T plus 80% of the excess of
 *   92% of T over C (153.510(c)(2));
 * - otherwise nothing.
 *
 * (The statute's 18062(b)(1)(A) says "50 percent of the target amount in
 * excess of 103 percent of the target amount"; the regulation's reading,
 * allowable costs in excess, is used, as HHS did.)  These are the contract
 * engine's ::VALUE_CONTRACT_RISK_CORRIDOR with thresholds {0.03, 0.08,
 * -0.03, -0.08} and shares {0.5, 0.8, 0.5, 0.8}, kept per benefit year in
 * `lib/programs/data/cms_aca.txt` (keys `corridor.threshold`, `corridor.share`).
 * HHS's proration of payments for lack of appropriations is not modelled.
 * @{
 */

/**
 * The risk corridors payment (+, HHS pays the plan) or charge (-, the plan
 * remits) of each of @p n plans.  E.g. T = 1,000,000: C = 1,050,000 gives
 * +10,000; C = 1,100,000 gives +25,000 + 16,000 = +41,000; C = 900,000 gives
 * -(25,000 + 16,000) = -41,000.
 * @param[in]  benefit_year     2014, 2015 or 2016.
 * @param[in]  target           each plan's target amount T, finite, > 0.
 * @param[in]  allowable_costs  each plan's allowable costs C, finite, >= 0.
 * @param[in]  n                plans, >= 1.
 * @param[out] out_payment      each plan's payment (+) or charge (-).
 * @param[in]  out_len          n.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the argument and index (NULL, n
 *         0, out_len not n, NaN, infinite, negative costs, target <= 0,
 *         unknown benefit year); ::VALUE_ERANGE naming a target so small that
 *         the payment overflows; ::VALUE_ENOMEM.  On failure nothing is written.
 */
VALUE_API int value_aca_risk_corridor(int benefit_year, const double *target, const double *allowable_costs, size_t n,
                                      double *out_payment, size_t out_len);

/**
 * The risk corridors settlement of one plan, with explanation lines (each
 * band used and its amount).  FINAL_PAYMENT is as value_aca_risk_corridor();
 * BENCHMARK is T and EXPENDITURE is C.
 * @param[in]  benefit_year     2014, 2015 or 2016.
 * @param[in]  target           the target amount T, finite, > 0.
 * @param[in]  allowable_costs  the allowable costs C, finite, >= 0.
 * @param[out] out              the settlement, released with value_settlement_free().
 * @return as value_aca_risk_corridor().
 */
VALUE_API int value_aca_risk_corridor_settle(int benefit_year, double target, double allowable_costs,
                                             value_settlement **out);

/** @} */

/**
 * @defgroup ma Medicare Advantage risk scores by payment year
 * @ingroup family_programs
 *
 * What CMS pays on: the raw CMS-HCC scores (value_hcc_score()) divided by
 * the payment year's normalization factor of each model version,
 * blended across versions in the year's proportions, then reduced by the
 * MA coding-pattern adjustment (at least 5.9%, Social Security Act sec.
 * 1853(a)(1)(C)(ii)):
 * @f[ s = (1 - c_y) \sum_v w_{y,v}\, r_v / N_{y,v} @f]
 * Payment years 2024 (67% V24 + 33% V28), 2025 (33% + 67%) and 2026
 * (100% V28), with the factors of CMS's Rate Announcements, kept in
 * `lib/programs/data/cms_ma.txt` (keys `normalization.v24`,
 * `normalization.v28`, `blend.v24`, `blend.v28`, `coding_adjustment`;
 * read them with value_cms_parameter() and program "ma").
 * @{
 */

/**
 * Payment risk scores of @p n beneficiaries.
 * @param[in]  payment_year  a year of the "ma" table (2024-2026).
 * @param[in]  raw_v28       raw V28 scores, >= 0.
 * @param[in]  raw_v24       raw V24 scores, >= 0; may be NULL when the year gives V24 no weight (2026).
 * @param[in]  n             beneficiaries, >= 1.
 * @param[out] out           @p n payment risk scores.
 * @param[in]  out_len       its length, = @p n.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers (V24 in a year that
 *         weighs it), a length mismatch, a score negative or not finite
 *         (named by its position) or a payment year the table lacks (the
 *         message lists the known ones); @p out untouched on error.
 */
VALUE_API int value_ma_risk_score(int payment_year, const double *raw_v28, const double *raw_v24, size_t n,
                                  double *out, size_t out_len);

/** @} */


#ifdef __cplusplus
}
#endif

#endif /* VALUE_H */


/* ==========================================================================
 * Experimental part.
 *
 * Declarations whose shape may still change before 1.0 (long positional
 * signatures that may become option handles, and functions an open issue
 * reshapes).  They are exported and tested like the rest, but may change
 * or go in a minor release without a SONAME bump; abi/README.md says what
 * each part promises.  A C program opts in with
 *
 *     #define VALUE_EXPERIMENTAL
 *     #include <value.h>
 *
 * The Python and R bindings expose them.
 *
 * As zstd does, the part has its own guard outside the header's, so that
 * a second #include with VALUE_EXPERIMENTAL defined still declares it.
 * ======================================================================== */
#if defined(VALUE_EXPERIMENTAL) && !defined(VALUE_H_EXPERIMENTAL)
/** @cond INTERNAL */
#define VALUE_H_EXPERIMENTAL
/** @endcond */

#ifdef __cplusplus
extern "C" {
#endif

/** @addtogroup psa
 *  @{ */

/**
 * CEAC, expected loss, CEAF and EVPI at each willingness to pay, in one pass.
 * @param[in]  costs             costs, @p n = S x J values, simulation-major; finite.
 * @param[in]  effects           effects, same layout; finite.
 * @param[in]  n                 number of values, S x J; > 0.
 * @param[in]  n_strategies      J; >= 1, dividing @p n.
 * @param[in]  lambdas           willingness-to-pay values; finite, >= 0.
 * @param[in]  n_lambdas         their number, L; >= 1.
 * @param[out] out_ceac          L x J: @f$P_j(\lambda_l)@f$ at @f$l J + j@f$.
 * @param[out] out_loss          L x J: expected loss, same layout.
 * @param[in]  out_len           = L x J.
 * @param[out] out_evpi          L: EVPI.
 * @param[out] out_ceaf          L: index of the strategy with the highest mean NMB.
 * @param[out] out_ceaf_prob     L: its probability of being best.
 * @param[in]  out_lambda_len    = L.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL pointers, wrong sizes or
 *         non-finite values (named by position); ::VALUE_ERANGE if a net
 *         benefit overflows; ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_psa_curves(const double *costs, const double *effects, size_t n, size_t n_strategies,
                               const double *lambdas, size_t n_lambdas, double *out_ceac, double *out_loss,
                               size_t out_len, double *out_evpi, int32_t *out_ceaf, double *out_ceaf_prob,
                               size_t out_lambda_len);

/** @} */

/** @addtogroup psm
 *  @{ */

/**
 * Within-cycle corrections of a PSM: the weights @f$w_j@f$, @f$j = 0..J@f$,
 * of the rule that integrates @f$f(t)@f$ over @f$[0, JL]@f$ from its values
 * at the time points.
 * @experimental
 */
typedef enum value_psm_correction {
    VALUE_PSM_START = 0,     /**< none, start of cycle: left Riemann sum, @f$w = (1, \ldots, 1, 0)@f$ (hesim's "riemann_left") */
    VALUE_PSM_END = 1,       /**< none, end of cycle: right Riemann sum, @f$w = (0, 1, \ldots, 1)@f$ (hesim's "riemann_right") */
    VALUE_PSM_TRAPEZOID = 2, /**< trapezoid rule, @f$w = (\frac12, 1, \ldots, 1, \frac12)@f$: the half-cycle correction (hesim's "trapz") */
    VALUE_PSM_SIMPSON = 3    /**< Simpson's 1/3 rule, @f$w = (1, 4, 2, \ldots, 2, 4, 1)/3@f$; J even */
} value_psm_correction;

/**
 * Built-in parametric survival curves for value_psm_curve(), time in years.
 * @experimental
 */
typedef enum value_psm_dist {
    VALUE_PSM_EXPONENTIAL = 1, /**< one parameter, the rate @f$\lambda > 0@f$: @f$S(t) = e^{-\lambda t}@f$ */
    VALUE_PSM_WEIBULL = 2      /**< R survreg's two: intercept @f$\mu@f$ (log of the scale, finite) and scale
                                    @f$\sigma > 0@f$: @f$S(t) = \exp(-(t e^{-\mu})^{1/\sigma})@f$ */
} value_psm_dist;

/** A partitioned survival model. Opaque; calls taking a const pointer are thread-safe. @experimental */
typedef struct value_psm value_psm;

/**
 * Create a PSM of @p n_states states over @p n_cycles cycles of
 * @p cycle_length years.  It starts with the trapezoid correction, no
 * discounting, and zero costs and utilities.
 * @param[in]  n_states      N; >= 2 (N - 1 curves).
 * @param[in]  n_cycles      J; from 1 to 10000000.
 * @param[in]  cycle_length  L in years; finite, > 0.
 * @param[out] out           the model, released with value_psm_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_psm_new(size_t n_states, size_t n_cycles, double cycle_length, value_psm **out);

/**
 * Set the within-cycle correction; on error the model is unchanged.
 * @param[in,out] p           the model.
 * @param[in]     correction  a ::value_psm_correction; ::VALUE_PSM_SIMPSON needs an even number of cycles.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 * @experimental
 */
VALUE_API int value_psm_set_correction(value_psm *p, value_psm_correction correction);

/**
 * Set the discounting: the factors @f$D(t_j)@f$ of each scheme at the
 * time points (value_discount_factor()) are kept, the schemes are not.
 * @param[in,out] p        the model.
 * @param[in]     costs    the scheme for costs, or NULL for none.
 * @param[in]     effects  the scheme for QALYs and life years, or NULL for none.
 * @return ::VALUE_OK; ::VALUE_EINVAL for a NULL model; ::VALUE_ERANGE when a
 *         factor overflows; ::VALUE_ENOMEM.  On error the model is unchanged.
 * @experimental
 */
VALUE_API int value_psm_set_discount(value_psm *p, const value_discount *costs, const value_discount *effects);

/**
 * Set the state rewards.
 * @param[in,out] p        the model.
 * @param[in]     cost     cost per cycle in each state; finite.
 * @param[in]     utility  utility in each state (QALYs per year); finite.
 * @param[in]     n        N.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 * @experimental
 */
VALUE_API int value_psm_set_state_rewards(value_psm *p, const double *cost, const double *utility, size_t n);

/**
 * A parametric survival curve at the model's time points, for each of K
 * parameter sets (PSA draws of the parameters give K curves).
 * @param[in]  p        the model (its time points).
 * @param[in]  dist     a ::value_psm_dist.
 * @param[in]  par      K sets of the distribution's parameters, one after another.
 * @param[in]  n_par    K times the distribution's number of parameters (1 or 2); K >= 1.
 * @param[out] out      K curves of J + 1 values, @f$S(t_j)@f$ of set k at @f$k(J+1) + j@f$.
 * @param[in]  out_len  K (J + 1).
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the parameter at fault.
 * @experimental
 */
VALUE_API int value_psm_curve(const value_psm *p, value_psm_dist dist, const double *par, size_t n_par,
                              double *out, size_t out_len);

/**
 * Where crossing curves were kept ordered (see @ref psm).
 * @param[in]  p          the model.
 * @param[in]  surv       the N - 1 curves, curve-major; each in [0, 1], starting at 1 (within 1e-9), never rising.
 * @param[in]  n          (N - 1)(J + 1).
 * @param[out] out_count  how many memberships @f$p_k(t_j)@f$ were clamped to 0 (pairs of state and time point).
 * @param[out] out_curve  the first crossing (earliest time point, then the lowest curve): the index c (from 0) of
 *                        the curve that lay above curve c + 1; 0 when there is none.
 * @param[out] out_point  its time point j (time @f$jL@f$); 0 when there is none.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 * @experimental
 */
VALUE_API int value_psm_crossings(const value_psm *p, const double *surv, size_t n, size_t *out_count,
                                  size_t *out_curve, size_t *out_point);

/**
 * The state membership at the time points.
 * @param[in]  p        the model.
 * @param[in]  surv     the N - 1 curves (as value_psm_crossings()).
 * @param[in]  n        (N - 1)(J + 1).
 * @param[out] out      (J + 1) x N, row-major (time 0 first).
 * @param[in]  out_len  (J + 1) N.
 * @return ::VALUE_OK; ::VALUE_EINVAL.
 * @experimental
 */
VALUE_API int value_psm_trace(const value_psm *p, const double *surv, size_t n, double *out, size_t out_len);

/**
 * Total discounted cost, QALYs and life years.
 * @param[in]  p               the model.
 * @param[in]  surv            the N - 1 curves (as value_psm_crossings()).
 * @param[in]  n               (N - 1)(J + 1).
 * @param[out] out_cost        total discounted cost.
 * @param[out] out_qalys       total discounted QALYs.
 * @param[out] out_life_years  total discounted life years.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ERANGE when a total overflows; ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_psm_run(const value_psm *p, const double *surv, size_t n, double *out_cost,
                            double *out_qalys, double *out_life_years);

/**
 * Discounted cost, QALYs and life years by state; each sums to the total
 * of value_psm_run() (to rounding).
 * @param[in]  p               the model.
 * @param[in]  surv            the N - 1 curves (as value_psm_crossings()).
 * @param[in]  n               (N - 1)(J + 1).
 * @param[out] out_cost        N costs.
 * @param[out] out_qalys       N QALYs.
 * @param[out] out_life_years  N life years (0 for death).
 * @param[in]  out_len         N.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ERANGE when a value overflows; ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_psm_state_values(const value_psm *p, const double *surv, size_t n, double *out_cost,
                                     double *out_qalys, double *out_life_years, size_t out_len);

/**
 * Run K curve sets (PSA draws, or strategies) through the model.
 *
 * Draw k's totals are those of value_psm_run() on its curves and on its
 * own state costs and utilities when given (else the model's).
 * @param[in]  p               the model.
 * @param[in]  surv            K blocks of (N - 1)(J + 1) survival probabilities (as value_psm_crossings()).
 * @param[in]  n               K (N - 1)(J + 1).
 * @param[in]  cost            K blocks of N state costs; a null pointer (with @p utility) for the model's own.
 * @param[in]  utility         K blocks of N utilities; a null pointer with @p cost.
 * @param[in]  n_rewards       K N, or 0 with both pointers null.
 * @param[in]  n_draws         K; >= 1.
 * @param[out] out_cost        K total costs.
 * @param[out] out_qalys       K total QALYs.
 * @param[out] out_life_years  K total life years.
 * @param[in]  out_len         K.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the draw at fault; ::VALUE_ERANGE; ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_psm_run_batch(const value_psm *p, const double *surv, size_t n, const double *cost,
                                  const double *utility, size_t n_rewards, size_t n_draws, double *out_cost,
                                  double *out_qalys, double *out_life_years, size_t out_len);

/** Release a model. NULL is a no-op. @param[in] p the model. @experimental */
VALUE_API void value_psm_free(value_psm *p);

/** @} */

/** @addtogroup risk
 *  @{ */

/**
 * Observed vs expected per group (provider, unit, social group):
 * @f$O_g = \sum y_i@f$, @f$E_g = \sum p_i@f$, O/E with the interval of
 * value_risk_oe_interval(), and the indirectly standardized rate
 * @f$(O_g/E_g)\,r@f$ (its limits are those of O/E times r).
 * @param[in]  y               outcomes: whole numbers >= 0 (0/1, or counts for a count model).
 * @param[in]  p               expected value of each outcome, > 0 and finite.
 * @param[in]  group           group of each record, in [0, out_len).
 * @param[in]  n               records.
 * @param[in]  level           confidence level in (0, 1).
 * @param[in]  reference_rate  r, the reference population's rate (> 0), or 0
 *                             for the overall observed rate @f$\sum y_i / n@f$
 *                             of the records given.
 * @param[out] out_n           records per group.
 * @param[out] out_observed    @f$O_g@f$.
 * @param[out] out_expected    @f$E_g@f$.
 * @param[out] out_oe          @f$O_g/E_g@f$ (NaN for an empty group).
 * @param[out] out_lower       lower limit of O/E.
 * @param[out] out_upper       upper limit of O/E.
 * @param[out] out_rate        indirectly standardized rate @f$(O_g/E_g)\,r@f$.
 * @param[in]  out_len         groups.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ERANGE when O/E overflows; ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_risk_observed_expected(const double *y, const double *p, const int32_t *group, size_t n,
                                           double level, double reference_rate, double *out_n,
                                           double *out_observed, double *out_expected, double *out_oe,
                                           double *out_lower, double *out_upper, double *out_rate,
                                           size_t out_len);

/**
 * Compare two case-mix models on the same patients, per group: the
 * omitted-variable check (fit with and without a social-risk variable and
 * see whose expected count and O/E move).  Each model predicts
 * @f$E_g = \sum_{i \in g} \mu_i@f$ from its own covariates (value_risk_predict());
 * @f$O_g = \sum_{i \in g} y_i@f$.
 * @param[in]  base              the model without the variable (fitted or loaded).
 * @param[in]  x_base            row-major n x (base's columns).
 * @param[in]  n_x_base          n times base's columns.
 * @param[in]  extended          the model with it.
 * @param[in]  x_extended        row-major n x (extended's columns).
 * @param[in]  n_x_extended      n times extended's columns.
 * @param[in]  y                 outcomes; finite.
 * @param[in]  offset            offsets on the link scale (0 for none), used by both models.
 * @param[in]  group             group of each patient, in [0, out_len).
 * @param[in]  n                 patients.
 * @param[out] out_observed      @f$O_g@f$.
 * @param[out] out_expected_base @f$E_g@f$ under @p base.
 * @param[out] out_expected_extended @f$E_g@f$ under @p extended.
 * @param[out] out_oe_base       @f$O_g/E_g@f$ under @p base (NaN for an empty group).
 * @param[out] out_oe_extended   @f$O_g/E_g@f$ under @p extended.
 * @param[out] out_oe_change     extended minus base O/E.
 * @param[in]  out_len           groups.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ESTATE for a model without coefficients; ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_risk_compare(const value_risk *base, const double *x_base, size_t n_x_base,
                                 const value_risk *extended, const double *x_extended, size_t n_x_extended,
                                 const double *y, const double *offset, const int32_t *group, size_t n,
                                 double *out_observed, double *out_expected_base, double *out_expected_extended,
                                 double *out_oe_base, double *out_oe_extended, double *out_oe_change,
                                 size_t out_len);

/** @} */

/** @addtogroup profile
 *  @{ */

/**
 * Funnel-plot control limits at each size in @p size (the plotting data,
 * over a grid of expected counts, denominators or populations).
 *
 * Without over-dispersion (@p phi = 1, @p tau2 = 0) the limits are exact:
 * the @f$\alpha/2@f$ and @f$1-\alpha/2@f$ quantiles of the Poisson (mean
 * target x size) or binomial (size, target) count, interpolated between
 * integers as Spiegelhalter (2005, appendix A.1.1) does,
 * @f$(r_p - \alpha)/\mathrm{size}@f$ with @f$r_p@f$ the p-quantile of the
 * count and @f$\alpha = (F(r_p) - p)/f(r_p)@f$ (for
 * ::VALUE_FUNNEL_PROPORTION_WILSON, the proportions whose Wilson score
 * interval has @f$\theta_0@f$ as an end point,
 * @f$\theta_0 \mp z\sqrt{\theta_0(1-\theta_0)/\mathrm{size}}@f$, as
 * Fingertips draws them).  Exact limits are computed while the count's
 * variance (@f$\theta_0\,\mathrm{size}@f$, or
 * @f$\mathrm{size}\,\theta_0(1-\theta_0)@f$) is at most 1e10 and a binomial
 * size at most 2^52.  All on the natural scale (FunnelPlotR's log, square
 * root and arcsine scales are not offered).  With
 * over-dispersion the limits are normal: @f$\theta_0 \pm z\sqrt{\phi}\,s@f$
 * or @f$\theta_0 \pm z\sqrt{s^2 + \tau^2}@f$, with
 * @f$s = \sqrt{\theta_0/\mathrm{size}}@f$ (ratios, rates) or
 * @f$\sqrt{\theta_0(1-\theta_0)/\mathrm{size}}@f$ (proportions); a lower
 * limit below 0 is 0 and a proportion's upper limit above 1 is 1.
 * @param[in]  kind       a ::value_funnel_kind.
 * @param[in]  target     @f$\theta_0@f$: 1 for ratios, a proportion in (0, 1), a rate > 0.
 * @param[in]  level      coverage in (0, 1), e.g. 0.95 or 0.998.
 * @param[in]  phi        multiplicative over-dispersion factor, >= 1 (1: none).
 * @param[in]  tau2       additive between-provider variance, >= 0 (0: none); not both with phi > 1.
 * @param[in]  size       sizes, > 0 (E, n or population; n whole for proportions).
 * @param[in]  n          sizes given.
 * @param[out] out_lower  lower limits.
 * @param[out] out_upper  upper limits.
 * @param[in]  out_len    n.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_EDOM for a size beyond the
 *         exact limits' range; ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_funnel_limits(value_funnel_kind kind, double target, double level, double phi, double tau2,
                                  const double *size, size_t n, double *out_lower, double *out_upper,
                                  size_t out_len);

/**
 * Assess providers on a funnel plot: z-scores, over-dispersion and flags.
 *
 * @f$y_i@f$ = observed/size, @f$s_i@f$ as in value_funnel_limits(),
 * @f$z_i = (y_i - \theta_0)/s_i@f$.  @f$\hat\phi@f$ is the mean of the
 * squared z-scores after winsorizing the lowest and highest
 * @p winsor share of them (the @f$\lfloor \mathrm{winsor}\cdot n\rfloor@f$
 * lowest and highest set to the nearest remaining z-score; 0.1:
 * Spiegelhalter's 10%).  With
 * ::VALUE_FUNNEL_OD_MULTIPLICATIVE the z-scores are divided by
 * @f$\sqrt{\hat\phi}@f$ when @f$\hat\phi > 1@f$; with
 * ::VALUE_FUNNEL_OD_ADDITIVE they become
 * @f$(y_i - \theta_0)/\sqrt{s_i^2 + \hat\tau^2}@f$.  Flags: 0 inside the
 * 95% limits, +1 / -1 above / below them, +2 / -2 beyond the 99.8%
 * limits (exact limits, or Wilson limits for the Wilson kind, when no
 * adjustment is applied: od none, @f$\hat\phi \le 1@f$ or @f$\hat\tau^2 = 0@f$;
 * else normal).
 * @param[in]  kind          a ::value_funnel_kind.
 * @param[in]  observed      events (or O), whole numbers >= 0.
 * @param[in]  size          sizes, > 0 (E, n or population).
 * @param[in]  n             providers; >= 2.
 * @param[in]  target        @f$\theta_0@f$ as in value_funnel_limits(), or 0 for the pooled value @f$\sum O/\sum \mathrm{size}@f$.
 * @param[in]  od            a ::value_funnel_overdispersion.
 * @param[in]  winsor        share winsorized at each end, in [0, 0.5).
 * @param[out] out_z         z-scores (after any over-dispersion adjustment).
 * @param[out] out_flag      flags -2..2.
 * @param[in]  out_len       n.
 * @param[out] out_phi       @f$\hat\phi@f$ (always estimated).
 * @param[out] out_tau2      @f$\hat\tau^2@f$ (always estimated).
 * @param[out] out_target    @f$\theta_0@f$ used: @p target, or the pooled value.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_EDOM when the pooled target is
 *         0 (or 1 for a proportion) or a size is beyond the exact limits'
 *         range; ::VALUE_ERANGE when a z-score overflows; ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_funnel_assess(value_funnel_kind kind, const double *observed, const double *size, size_t n,
                                  double target, value_funnel_overdispersion od, double winsor, double *out_z,
                                  int32_t *out_flag, size_t out_len, double *out_phi, double *out_tau2,
                                  double *out_target);

/**
 * Outcome rates by social group, with Wilson intervals, absolute and
 * relative differences against a reference group, the between-group
 * variance @f$\sum_g n_g (r_g - \bar r)^2/N@f$ (@f$\bar r@f$ the overall
 * rate) and the index of disparity measured from the reference group,
 * @f$100 \cdot \frac{1}{G-1}\sum_{g \ne ref} |r_g - r_{ref}| / r_{ref}@f$ (the
 * Healthy People 2010 form, measured from a chosen group; Pearcy & Keppel,
 * Public Health Rep 2002;117:273-280, measure from the total-population
 * rate over all G groups, @f$\frac{100}{G}\sum_g |r_g - \bar r|/\bar r@f$,
 * which can be formed from @p out_rate and @p out_n).
 * @param[in]  y              outcomes, 0 or 1.
 * @param[in]  group          social group of each person, in [0, out_len).
 * @param[in]  n              people.
 * @param[in]  level          confidence level in (0, 1).
 * @param[in]  reference      the reference group, in [0, out_len); must have members and a rate > 0.
 * @param[out] out_n          people per group (every group must have members).
 * @param[out] out_rate       rate per group.
 * @param[out] out_lower      Wilson lower limit.
 * @param[out] out_upper      Wilson upper limit.
 * @param[out] out_difference rate minus the reference rate.
 * @param[out] out_ratio      rate / reference rate.
 * @param[in]  out_len        groups G >= 2.
 * @param[out] out_between_variance the between-group variance.
 * @param[out] out_index      the index of disparity, in percent.
 * @return ::VALUE_OK; ::VALUE_EINVAL (including a group with no members).
 * @experimental
 */
VALUE_API int value_disparity_rates(const double *y, const int32_t *group, size_t n, double level, int32_t reference,
                                    double *out_n, double *out_rate, double *out_lower, double *out_upper,
                                    double *out_difference, double *out_ratio, size_t out_len,
                                    double *out_between_variance, double *out_index);

/** @} */

/** @addtogroup incentive
 *  @{ */

/**
 * The provider's margin of each care action under one payment model (the
 * formulas are in the @ref incentive "group description").  In the seeds'
 * scenario (visit: cost 60, revenue 100, later 0; call: cost 20, revenue
 * 0, later -300) fee-for-service gives 40 and -20, capitation with a
 * payment of 600 gives 540 and 880.
 * @param[in]  cost               the provider's cost of each action, finite and >= 0.
 * @param[in]  revenue            the fee-for-service payment for each action, finite and >= 0.
 * @param[in]  later_spending     each action's change in later spending, finite (negative: avoided).
 * @param[in]  n                  actions; >= 1.
 * @param[in]  model              a ::value_incentive_model.
 * @param[in]  amount             A: capitation payment or bundle target price (finite, >= 0), shared-savings headroom (finite); finite and unused for fee-for-service.
 * @param[in]  rate               r in [0, 1]: bundle share of later spending within the episode, or sharing rate; unused (but checked) otherwise.
 * @param[in]  outlier_threshold  T >= 0, the carve-out's attachment point; +Inf for no carve-out.
 * @param[in]  outlier_share      c in [0, 1], the share of the excess over T that the outlier fund pays; 0 for no carve-out.
 * @param[out] out_margin         the provider's margin B of each action.
 * @param[in]  out_len            n.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the argument, index and value
 *         (NULL pointer, n 0, out_len not n, NaN or infinite input,
 *         negative cost or revenue, unknown model, parameter out of range);
 *         ::VALUE_ERANGE if a margin overflows.  On failure nothing is written.
 * @experimental
 */
VALUE_API int value_incentive_margins(const double *cost, const double *revenue, const double *later_spending,
                                      size_t n, value_incentive_model model, double amount, double rate,
                                      double outlier_threshold, double outlier_share, double *out_margin,
                                      size_t out_len);

/**
 * The action a clinician with utility @f$U = \alpha B + \beta H@f$ prefers
 * under one payment model, the full ranking, and the health given up for
 * it.  B is value_incentive_margins()'s margin and H is @p health.  Rank 0
 * is the most preferred action; ties in U are broken by input order (the
 * earlier action ranks first), and @p out_best is the action of rank 0.
 * @p out_health_forgone is @f$\max_j H_j - H_{best}@f$: 0 when the
 * contract leads the clinician to the healthiest action, positive when
 * the contract and the patient's health conflict (the seeds'
 * fee-for-service case: with @f$\alpha = 1, \beta = 0@f$ the visit is chosen and the
 * call's health gain is forgone).
 * @param[in]  cost               the provider's cost of each action, finite and >= 0.
 * @param[in]  revenue            the fee-for-service payment for each action, finite and >= 0.
 * @param[in]  health             each action's effect on health H, finite.
 * @param[in]  later_spending     each action's change in later spending, finite (negative: avoided).
 * @param[in]  n                  actions; >= 1 and at most 2^31.
 * @param[in]  model              a ::value_incentive_model.
 * @param[in]  amount             A, as in value_incentive_margins().
 * @param[in]  rate               r, as in value_incentive_margins().
 * @param[in]  outlier_threshold  T, as in value_incentive_margins().
 * @param[in]  outlier_share      c, as in value_incentive_margins().
 * @param[in]  alpha              @f$\alpha@f$ >= 0, weight on the margin (utility per unit of money).
 * @param[in]  beta               @f$\beta@f$ >= 0, weight on health (utility per unit of H); not both 0.
 * @param[out] out_margin         the margin B of each action.
 * @param[out] out_utility        U of each action.
 * @param[out] out_rank           the rank of each action by U, 0 = most preferred.
 * @param[in]  out_len            n.
 * @param[out] out_best           the index of the preferred action.
 * @param[out] out_health_forgone the best H on the menu minus H of the preferred action, >= 0.
 * @return ::VALUE_OK; ::VALUE_EINVAL as value_incentive_margins(), and for
 *         @p alpha or @p beta negative or not finite or both 0; ::VALUE_ERANGE if a
 *         margin, a utility or the health forgone overflows;
 *         ::VALUE_ENOMEM.  On failure nothing is written.
 * @experimental
 */
VALUE_API int value_incentive_choice(const double *cost, const double *revenue, const double *health,
                                     const double *later_spending, size_t n, value_incentive_model model,
                                     double amount, double rate, double outlier_threshold, double outlier_share,
                                     double alpha, double beta, double *out_margin, double *out_utility,
                                     int32_t *out_rank, size_t out_len, int32_t *out_best,
                                     double *out_health_forgone);

/** @} */

/** @addtogroup mssp
 *  @{ */

/**
 * A contract with the MSSP's rules for @p performance_year and @p track.
 * Settle it on a ::value_ledger of beneficiary records (with the 99th
 * percentile truncation as the ledger's upper bound) with
 * value_contract_settle(), or on totals with value_contract_settle_totals().
 * The benchmark per capita is left at 0 for the caller to set
 * (::VALUE_CONTRACT_BENCHMARK_PER_CAPITA: per person-year, with
 * ::VALUE_CONTRACT_TREND and the risk parameters as needed), as is
 * ::VALUE_CONTRACT_REVENUE for the BASIC levels C-E.
 * @param[in]  performance_year  a year of the "mssp" table (2013-2025).
 * @param[in]  track             a ::value_mssp_track whose rules were in force that year
 *                               (not Track 1+, whose loss limit needs the terms handle).
 * @param[in]  msr_choice        ::VALUE_MSSP_MSR_BY_POPULATION, or for a two-sided
 *                               track a fixed MSR/MLR allowed that year (0, 0.005,
 *                               0.01, 0.015, 0.02 from 2016; 0.02 for Track 2 before).
 * @param[in]  agreement_year    the year of the ACO's agreement period, 1 to 10
 *                               (Track 2's loss limit depends on it; others ignore it).
 * @param[in]  quality_score     Q in [0, 1], read by the year's quality rule (group
 *                               description): through 2020 the quality score (0: the
 *                               standard not met); 2021-2022 only 0 or 1 (met); from
 *                               2023 1 (met) or the sliding-scale factor.
 * @param[out] out               the contract, released with value_contract_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the argument (a year not in the table,
 *         a track not in force that year, an MSR choice not allowed, a quality
 *         score outside [0, 1] or not 0/1 in 2021-2022); ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_mssp_contract(int performance_year, value_mssp_track track, double msr_choice,
                                  int agreement_year, double quality_score, value_contract **out);

/**
 * Settle one ACO's performance year from totals, as CMS's public use files
 * report them: the MSR from @p assigned_beneficiaries, savings = benchmark -
 * expenditure, savings rate, shared savings or losses, caps, the payment
 * reduction, with explanation lines (the first names the program, year,
 * track and rules applied).  Reproduces the PY2014 results of all 316
 * Track 1 ACOs with at least 5,000 beneficiaries in CMS's ACO PUF.
 * @param[in]  performance_year        as value_mssp_contract().
 * @param[in]  track                   as value_mssp_contract().
 * @param[in]  msr_choice              as value_mssp_contract().
 * @param[in]  agreement_year          as value_mssp_contract().
 * @param[in]  quality_score           as value_mssp_contract().
 * @param[in]  assigned_beneficiaries  N, finite, >= 1.
 * @param[in]  benchmark               the updated benchmark, total, finite, > 0.
 * @param[in]  expenditure             the assigned beneficiaries' expenditure, total (truncated), finite, >= 0.
 * @param[in]  revenue                 ACO participant revenue, finite, >= 0; 0 means not given, which is refused
 *                                     only when BASIC C-E owe losses (their limit is a share of it).
 * @param[out] out                     the settlement, released with value_settlement_free().
 * @return as value_mssp_contract(); ::VALUE_ESTATE when losses are owed on BASIC C-E with a revenue of 0 (not given).
 * @experimental
 */
VALUE_API int value_mssp_settle(int performance_year, value_mssp_track track, double msr_choice, int agreement_year,
                                double quality_score, double assigned_beneficiaries, double benchmark,
                                double expenditure, double revenue, value_settlement **out);

/**
 * New terms for an ACO settled in @p performance_year on @p track, every
 * term at its default (the MSR/MLR by population, agreement year 1, the
 * rest not set: quality must be given before settling; the circumstances
 * shares take the year's COVID-19 defaults or 0).
 * @param[in]  performance_year  a year of the "mssp" table (2013-2025).
 * @param[in]  track             a ::value_mssp_track whose rules were in force that year.
 * @param[out] out               the terms, released with value_mssp_terms_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL (a year not in the table, a track not in
 *         force that year, naming the years it was); ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_mssp_terms_new(int performance_year, value_mssp_track track, value_mssp_terms **out);

/** Release terms; NULL is a no-op.  @param[in] t  the terms.
 *  @experimental */
VALUE_API void value_mssp_terms_free(value_mssp_terms *t);

/**
 * Set one term (group description).  A term that does not apply to the
 * year or track is refused, naming why (a quality threshold outside
 * 2021-2022, circumstances shares before 2017, revenue on a track without
 * a revenue-based loss limit, the composition on a track other than Track 1+).
 * @param[in,out] t      the terms.
 * @param[in]     which  a ::value_mssp_term.
 * @param[in]     v      its value, in the range the term lists.
 * @return ::VALUE_OK; ::VALUE_EINVAL (NULL, @p which not a term, @p v out of range
 *         or not allowed that year, a term that does not apply); the terms are
 *         unchanged on error.
 * @experimental
 */
VALUE_API int value_mssp_terms_set(value_mssp_terms *t, value_mssp_term which, double v);

/**
 * Read one term: its value, or NaN when it is not set.
 * @param[in]  t      the terms.
 * @param[in]  which  a ::value_mssp_term.
 * @param[out] out    the value.
 * @return ::VALUE_OK; ::VALUE_EINVAL (NULL, @p which not a term).
 * @experimental
 */
VALUE_API int value_mssp_terms_get(const value_mssp_terms *t, value_mssp_term which, double *out);

/**
 * The contract of the terms, as value_mssp_contract() (benchmark per capita
 * and ::VALUE_CONTRACT_REVENUE left for the caller).  The circumstances
 * policy is the contract's ::VALUE_CONTRACT_LOSS_FORGIVEN (months share x
 * beneficiaries share, given or the year's default), so a ledger settles as
 * value_mssp_terms_settle() does; so are the small-ACO MSR/MLR rule
 * (::VALUE_CONTRACT_MSR_TABLE_BELOW, read against the ledger's beneficiary
 * count) and 2019's 6-month pro-rating (::VALUE_CONTRACT_PERIOD_SHARE).
 * @param[in]  t    the terms.
 * @param[out] out  the contract, released with value_contract_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL (NULL); ::VALUE_ESTATE (quality not decidable
 *         from the terms set; Track 1+ without its composition); ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_mssp_terms_contract(const value_mssp_terms *t, value_contract **out);

/**
 * Settle one ACO's performance year from totals under its terms, as
 * value_mssp_settle(), with the rules that need them: the quality decision
 * (a "quality standard" line says whether it was given or derived), the variable
 * MSR/MLR below 5,000 beneficiaries (an "msr switch" line), 2019's performance
 * period (a "performance period" line; a "period" line for the 6/12), the circumstances
 * reduction of shared losses (a "circumstances" line; the final payment is
 * the reduced amount), and the generated savings or losses beside the earned
 * amount (a "generated" line).
 * @param[in]  t                       the terms.
 * @param[in]  assigned_beneficiaries  N, finite, >= 1.
 * @param[in]  benchmark               the updated benchmark, total, finite, > 0.
 * @param[in]  expenditure             the assigned beneficiaries' expenditure, total (truncated), finite, >= 0.
 * @param[out] out                     the settlement, released with value_settlement_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the argument; ::VALUE_ESTATE (quality not
 *         decidable from the terms set; losses owed on a revenue-based limit without
 *         ::VALUE_MSSP_TERM_REVENUE, or on Track 1+ without its composition); ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_mssp_terms_settle(const value_mssp_terms *t, double assigned_beneficiaries, double benchmark,
                                      double expenditure, value_settlement **out);

/**
 * The generated savings (> 0) or losses (< 0) of an MSSP settlement, as
 * CMS's public use files report them (GenSaveLoss): benchmark - expenditure
 * when the savings rate reaches the MSR (or the loss rate the MLR), else 0.
 * The earned amount is the settlement's ::VALUE_SETTLEMENT_FINAL_PAYMENT.
 * @param[in]  s    a settlement of shared savings or losses.
 * @param[out] out  the amount.
 * @return ::VALUE_OK; ::VALUE_EINVAL (NULL, a settlement without savings and MSR).
 * @experimental
 */
VALUE_API int value_mssp_generated(const value_settlement *s, double *out);

/** @} */

/** @addtogroup mssp
 *  @{ */

/**
 * The four enrollment types of the MSSP benchmark (42 CFR 425.602(a),
 * 425.601(a)): the order of every per-type array of the
 * value_mssp_benchmark_* functions, whose length n must be 4.  Values
 * never change.
 * @experimental
 */
typedef enum value_mssp_enrollment {
    VALUE_MSSP_ENROLLMENT_ESRD = 0,        /**< end-stage renal disease */
    VALUE_MSSP_ENROLLMENT_DISABLED = 1,    /**< disabled (not ESRD) */
    VALUE_MSSP_ENROLLMENT_AGED_DUAL = 2,   /**< aged, dually eligible for Medicare and Medicaid */
    VALUE_MSSP_ENROLLMENT_AGED_NONDUAL = 3 /**< aged, not dually eligible */
} value_mssp_enrollment;

/**
 * A national-regional blend of trend or update factors (42 CFR
 * 425.601(a)(5) and (b), agreement periods from July 1, 2019; 425.652 from
 * 2024): for each enrollment type
 * @f$f_e = w_e\,N_e + (1 - w_e)\,R_e@f$, where @f$w_e@f$ is the share of
 * the assignable beneficiaries of type e in the ACO's regional service area
 * who are assigned to the ACO (BY3 for the trend, the performance year for
 * the update; the county shares weighted by the ACO's beneficiaries in each
 * county).  CMS's Specifications v11 (4.1.2 step 2) work one: aged/dual,
 * national 1.047, regional 1.083, w 0.767: 1.055.
 * @param[in]  national         national growth factors by ::value_mssp_enrollment; finite, > 0.
 * @param[in]  regional         regional growth factors; finite, > 0.
 * @param[in]  national_weight  @f$w_e@f$ by type, in [0, 1].
 * @param[in]  n                4.
 * @param[out] out              the blended factors.
 * @param[in]  out_len          = @p n.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the argument.
 * @experimental
 */
VALUE_API int value_mssp_benchmark_blend(const double *national, const double *regional,
                                         const double *national_weight, size_t n, double *out, size_t out_len);

/**
 * The weights of benchmark years 1, 2 and 3 under the rule of an
 * agreement period, from the "mssp_benchmark" table: 10/30/60% in first
 * agreement periods (425.602(a)) and in every agreement period from July
 * 1, 2019 (425.601(a), 425.652(a)); equal weights in rebased benchmarks
 * of second agreement periods beginning 2016-2018 (425.603, 80 FR 32692).
 * @param[in]  agreement_start_year  the year the agreement period began (2012-2026; July 2019 is 2019).
 * @param[in]  agreement_period      1 for the ACO's first agreement period, 2 for the second, ...; >= 1.
 * @param[out] out                   the three weights, BY1 first.
 * @param[in]  out_len               3.
 * @return ::VALUE_OK; ::VALUE_EINVAL (a year the table does not know, the message lists the known
 *         years; a rebased period before 2016); ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_mssp_benchmark_year_weights(int agreement_start_year, int agreement_period, double *out,
                                                size_t out_len);

/**
 * The historical benchmark from the three benchmark years' per capita
 * expenditures by enrollment type (truncated, as CMS reports them; 42 CFR
 * 425.602(a), 425.603, 425.601(a)).  For each type e, BY1 and BY2 are
 * restated to BY3's risk and trended to BY3 dollars and the years weighted:
 * @f$B_e = \sum_{y=1}^{3} w_y X_{y,e} T_{y,e} R_{3,e}/R_{y,e}@f$ with
 * @f$T_{3,e} = 1@f$; the benchmark is the BY3 person-year mix of the types,
 * @f$B = \sum_e p_e B_e / \sum_e p_e@f$.
 * @param[in]  expenditure_by1  BY1 per capita expenditure by ::value_mssp_enrollment; finite, >= 0.
 * @param[in]  expenditure_by2  BY2 per capita expenditure; finite, >= 0.
 * @param[in]  expenditure_by3  BY3 per capita expenditure; finite, >= 0.
 * @param[in]  risk_by1         BY1 CMS-HCC prospective risk score; finite, > 0.
 * @param[in]  risk_by2         BY2 risk score; finite, > 0.
 * @param[in]  risk_by3         BY3 risk score; finite, > 0.
 * @param[in]  trend_by1        factor trending BY1 to BY3 (national, or value_mssp_benchmark_blend()); finite, > 0.
 * @param[in]  trend_by2        factor trending BY2 to BY3; finite, > 0.
 * @param[in]  persons_by3      BY3 assigned beneficiary person-years; >= 0, not all 0.
 * @param[in]  n                4.
 * @param[in]  year_weights     weights of BY1, BY2, BY3 (value_mssp_benchmark_year_weights()); in [0, 1], summing to 1 within 1e-9.
 * @param[in]  n_years          3.
 * @param[out] out_type         @f$B_e@f$, the historical benchmark of each type.
 * @param[in]  out_len          = @p n.
 * @param[out] out              @f$B@f$.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the argument; ::VALUE_ERANGE on overflow.
 * @experimental
 */
VALUE_API int value_mssp_benchmark_historical(const double *expenditure_by1, const double *expenditure_by2,
                                              const double *expenditure_by3, const double *risk_by1,
                                              const double *risk_by2, const double *risk_by3,
                                              const double *trend_by1, const double *trend_by2,
                                              const double *persons_by3, size_t n, const double *year_weights,
                                              size_t n_years, double *out_type, size_t out_len, double *out);

/**
 * The regional adjustment of the historical benchmark by enrollment type
 * (42 CFR 425.603 for rebased benchmarks of agreement periods beginning
 * 2017-2018; 425.601(a)(8) from July 1, 2019; 425.656 from 2024), with the
 * weights and caps of the "mssp_benchmark" table:
 * @f$a_e = w\,(G_e - B_e)@f$, G the regional per capita FFS expenditure, w
 * the weight of the ACO's agreement period, the "lower" weight when the
 * ACO spends less than its region on its BY3 mix
 * (@f$\sum_e p_e (G_e - B_e) > 0@f$), else the "higher" one (from 2019:
 * 35/50/50/50% and 15/25/35/50% in the first, second, third and fourth or
 * later period; 2017-2018: 35% in the first regionally adjusted agreement
 * period, 70% later, on both sides).  From 2024 a negative
 * @f$a_e@f$ is multiplied by @f$1 - \text{offset}@f$.  Then
 * @f$a_e@f$ is capped at @f$+c^+ N_e@f$ and @f$-c^- N_e@f$, N the national
 * per capita FFS expenditure for assignable beneficiaries in BY3 (from
 * 2019 @f$c^\pm@f$ = 5%; from 2024 @f$c^-@f$ = 1.5%; none in 2017-2018).
 * @param[in]  agreement_start_year  the year the agreement period began (2016-2026).
 * @param[in]  agreement_period      the ACO's agreement period as the rule counts it (1 first, 2 second, ...; later ones take the last weight); >= 1.
 * @param[in]  benchmark             @f$B_e@f$ (value_mssp_benchmark_historical()); finite, >= 0.
 * @param[in]  regional              @f$G_e@f$, risk-adjusted to the ACO as CMS reports it; finite, >= 0.
 * @param[in]  national              @f$N_e@f$; finite, > 0.
 * @param[in]  persons               BY3 person-years of the ACO's assigned beneficiaries; >= 0, not all 0.
 * @param[in]  n                     4.
 * @param[in]  offset                the offset factor of 425.656 as CMS reports it, in [0, 1]; 0 before 2024.
 * @param[out] out_adjustment        @f$a_e@f$, dollars per capita to add to @f$B_e@f$.
 * @param[in]  out_len               = @p n.
 * @param[out] out_weight            the weight w applied.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the argument (an unknown year lists the known
 *         years; a year without regional adjustment; an offset before 2024); ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_mssp_benchmark_regional(int agreement_start_year, int agreement_period, const double *benchmark,
                                            const double *regional, const double *national, const double *persons,
                                            size_t n, double offset, double *out_adjustment, size_t out_len,
                                            double *out_weight);

/**
 * The performance year's risk ratio by enrollment type with the cap on
 * risk-score growth of agreement periods from July 1, 2019 (42 CFR
 * 425.601(a)(10), 425.605(a)(1), 425.610(a)(2)(i)): positive adjustments
 * are capped, a fall passes in full,
 * @f$r_e = \min(1 + c, S_e / R_{3,e})@f$, c = 3% (the "mssp_benchmark"
 * table).  CMS's Specifications v11 (3.6.2, Table 3): 1.046 / 0.987 =
 * 1.060 -> 1.030; 1.074 / 1.123 = 0.956 stays.  For agreement periods from
 * 2024 the rule widens the cap by the growth of demographic risk scores
 * (425.610(a)(2)(ii)); not modelled: the 3% cap applies.  The scores are CMS-HCC prospective scores as
 * CMS reports them, already renormalized; this function does not
 * renormalize.
 * @param[in]  agreement_start_year  the year the agreement period began (2019-2026).
 * @param[in]  risk_by3              @f$R_{3,e}@f$, BY3 risk scores; finite, > 0.
 * @param[in]  risk_py               @f$S_e@f$, performance-year risk scores; finite, > 0.
 * @param[in]  n                     4.
 * @param[out] out                   @f$r_e@f$.
 * @param[in]  out_len               = @p n.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the argument (an unknown year lists the known years; a
 *         year before 2019, whose rule had no cap); ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_mssp_benchmark_risk_ratio(int agreement_start_year, const double *risk_by3,
                                              const double *risk_py, size_t n, double *out, size_t out_len);

/**
 * The performance year's risk ratio by enrollment type of agreement
 * periods beginning 2012-2018 (42 CFR 425.604(a), 425.606(a),
 * 425.610(a)), before the cap: newly assigned beneficiaries by their
 * CMS-HCC prospective scores, @f$n_e = H^{new}_e / \bar H^{new}_e@f$;
 * continuously assigned ones by demographic factors,
 * @f$c_e = D_e / \bar D_e@f$, unless their CMS-HCC score fell
 * (@f$H^{cont}_e / \bar H^{cont}_e < 1@f$), then by that ratio; the type's
 * ratio is the person-year mix of the two,
 * @f$r_e = (p^{new}_e n_e + p^{cont}_e c_e) / (p^{new}_e + p^{cont}_e)@f$,
 * and 1 for a type without person-years (it has no weight in the update).
 * The reference scores (barred) are the ones CMS compares with, as it
 * reports them (BY3 or the prior year, renormalized); nothing is
 * renormalized here.
 * @param[in]  agreement_start_year  the year the agreement period began (2012-2018).
 * @param[in]  persons_new           person-years of newly assigned beneficiaries by ::value_mssp_enrollment; finite, >= 0.
 * @param[in]  hcc_ref_new           their reference CMS-HCC score; finite, > 0.
 * @param[in]  hcc_py_new            their performance-year CMS-HCC score; finite, > 0.
 * @param[in]  persons_continuing    person-years of continuously assigned beneficiaries; finite, >= 0.
 * @param[in]  hcc_ref_continuing    their reference CMS-HCC score; finite, > 0.
 * @param[in]  hcc_py_continuing     their performance-year CMS-HCC score; finite, > 0.
 * @param[in]  demo_ref_continuing   their reference demographic score; finite, > 0.
 * @param[in]  demo_py_continuing    their performance-year demographic score; finite, > 0.
 * @param[in]  n                     4.
 * @param[out] out                   @f$r_e@f$.
 * @param[in]  out_len               = @p n.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the argument (an unknown year lists the known years; a
 *         year from 2019, whose rule is the capped ratio); ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_mssp_benchmark_risk_ratio_continuity(int agreement_start_year, const double *persons_new,
                                                         const double *hcc_ref_new, const double *hcc_py_new,
                                                         const double *persons_continuing,
                                                         const double *hcc_ref_continuing,
                                                         const double *hcc_py_continuing,
                                                         const double *demo_ref_continuing,
                                                         const double *demo_py_continuing, size_t n, double *out,
                                                         size_t out_len);

/**
 * The updated benchmark of a performance year (42 CFR 425.602(b) and
 * 425.603 before 2019, 425.601(b) from July 1, 2019, 425.652 from 2024):
 * for each enrollment type
 * @f$U_e = (B_e + a_e)\,r_e\,f_e + d_e@f$ (the risk ratio, then the
 * update: from 2019 a growth factor f, d = 0; before 2019 the national
 * growth in dollars d, f = 1), and the benchmark the performance year's
 * person-year mix, @f$U = \sum_e q_e U_e / \sum_e q_e@f$.
 * @param[in]  benchmark       @f$B_e@f$, historical benchmark by ::value_mssp_enrollment; finite, >= 0.
 * @param[in]  adjustment      @f$a_e@f$, the regional adjustment (value_mssp_benchmark_regional()) or 0; finite, @f$B_e + a_e \ge 0@f$.
 * @param[in]  risk_ratio      @f$r_e@f$ (value_mssp_benchmark_risk_ratio()); finite, > 0.
 * @param[in]  update_factor   @f$f_e@f$; finite, > 0.
 * @param[in]  update_dollars  @f$d_e@f$; finite.
 * @param[in]  persons_py      @f$q_e@f$, performance-year person-years; >= 0, not all 0.
 * @param[in]  n               4.
 * @param[out] out_type        @f$U_e@f$.
 * @param[in]  out_len         = @p n.
 * @param[out] out             @f$U@f$.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the argument; ::VALUE_ERANGE on overflow.
 * @experimental
 */
VALUE_API int value_mssp_benchmark_update(const double *benchmark, const double *adjustment,
                                          const double *risk_ratio, const double *update_factor,
                                          const double *update_dollars, const double *persons_py, size_t n,
                                          double *out_type, size_t out_len, double *out);

/** @} */

/** @addtogroup hvbp
 *  @{ */

/**
 * HCAHPS (Person and Community Engagement) scoring of hospitals over
 * n_dimensions survey dimensions.  Each dimension is scored as a
 * higher-is-better measure (value_hvbp_measure_points()) against its
 * achievement threshold and benchmark.  Consistency points, 0-20, come from
 * the hospital's lowest dimension: with
 * @f$m = \min_d (p_d - f_d)/(t_d - f_d)@f$ (f the floor, t the achievement
 * threshold), 20 if m >= 1 (every dimension at or above its threshold), 0
 * if m <= 0 (a dimension at or below its floor), otherwise
 * @f$\mathrm{round}(20 m - 0.5)@f$.  The base score is the sum of the
 * dimension scores and the domain score base + consistency (out of 100
 * with the program's 8 dimensions; 10 x n_dimensions + 20 in general).
 * A hospital without HCAHPS results (too few surveys) has a row of NaN
 * performance rates and NaN results.
 * @param[in]  baseline              hospitals x n_dimensions baseline rates (top-box percents), row by row; NaN when not available.
 * @param[in]  performance           hospitals x n_dimensions performance rates; a row is all numbers or all NaN.
 * @param[in]  n                     hospitals x n_dimensions, >= n_dimensions.
 * @param[in]  floor                 each dimension's floor (worst baseline-period rate), finite.
 * @param[in]  achievement_threshold each dimension's achievement threshold, above the floor.
 * @param[in]  benchmark             each dimension's benchmark, above the threshold.
 * @param[in]  n_dimensions          dimensions, >= 1.
 * @param[out] out_achievement       achievement points per hospital and dimension (n values), or NaN.
 * @param[out] out_improvement       improvement points, or NaN.
 * @param[out] out_dimension_score   dimension scores, or NaN.
 * @param[in]  out_len               n.
 * @param[out] out_consistency       consistency points 0-20 per hospital, or NaN.
 * @param[out] out_base_score        the sum of the hospital's dimension scores, or NaN.
 * @param[out] out_domain_score      base score + consistency points, or NaN.
 * @param[in]  out_hospitals         n / n_dimensions.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL arrays, n_dimensions = 0, n not a
 *         positive multiple of n_dimensions, mismatched output lengths, an infinite
 *         rate, a row mixing numbers and NaN, or standards that are not finite or not
 *         ordered floor < threshold < benchmark.  On failure nothing is written.
 * @experimental
 */
VALUE_API int value_hvbp_hcahps(const double *baseline, const double *performance, size_t n, const double *floor,
                                const double *achievement_threshold, const double *benchmark, size_t n_dimensions,
                                double *out_achievement, double *out_improvement, double *out_dimension_score,
                                size_t out_len, double *out_consistency, double *out_base_score,
                                double *out_domain_score, size_t out_hospitals);

/** @} */

/** @addtogroup hrrp
 *  @{ */

/**
 * One hospital's payment adjustment factor by the non-stratified method of
 * FY 2013-2018 (412.154(c); the formula is in the @ref hrrp "group
 * description").  Each row is one condition; conditions not given count
 * for nothing.
 * @param[in]  fiscal_year     2013-2018.
 * @param[in]  condition       a ::value_hrrp_condition in force that year; no condition twice.
 * @param[in]  err             the ERR, finite and >= 0 (ignored, and may be NaN, when @p discharges is below the minimum).
 * @param[in]  discharges      eligible discharges, finite and >= 0.
 * @param[in]  payments        base operating DRG payments for the condition, finite and >= 0.
 * @param[in]  n               conditions, >= 1.
 * @param[in]  total_payments  base operating DRG payments for all discharges, finite, > 0 and
 *                             at least the sum of @p payments.
 * @param[out] out_contribution each condition's share of the reduction, @f$P_c \max(\mathrm{ERR}_c - 1, 0) / P@f$ (0 when not counted).
 * @param[in]  out_len         n.
 * @param[out] out_ratio       the ratio, 1 minus the sum of the contributions (412.154(c)(1)), unrounded.
 * @param[out] out_factor      the payment adjustment factor: max(ratio, floor) rounded to 4 decimals.
 * @return ::VALUE_OK; ::VALUE_EINVAL for NULL, empty or mismatched arrays,
 *         a value out of range, a condition unknown, repeated or not in
 *         force that year, an unknown fiscal year or one of the stratified
 *         method (FY 2019 on: use value_hrrp_factor_stratified());
 *         ::VALUE_ERANGE naming the row whose payment reduction overflows.
 *         On failure nothing is written.
 * @experimental
 */
VALUE_API int value_hrrp_factor_nonstratified(int fiscal_year, const int32_t *condition, const double *err,
                                              const double *discharges, const double *payments, size_t n,
                                              double total_payments, double *out_contribution, size_t out_len,
                                              double *out_ratio, double *out_factor);

/**
 * One hospital's payment adjustment factor by the stratified method of
 * FY 2019 on (412.152, 412.154(c); the formula is in the @ref hrrp "group
 * description"), given its peer group's median ERRs and the fiscal year's
 * neutrality modifier (as CMS publishes them, or as value_hrrp_program()
 * computes them).
 * @param[in]  fiscal_year     2019 or later (the table's years).
 * @param[in]  condition       a ::value_hrrp_condition in force that year; no condition twice.
 * @param[in]  err             the ERR, finite and >= 0 (ignored, and may be NaN, when @p discharges is below the minimum).
 * @param[in]  discharges      eligible discharges, finite and >= 0.
 * @param[in]  payments        base operating DRG payments for the condition, finite and >= 0.
 * @param[in]  peer_median     the hospital's peer group's median ERR for the condition, finite and > 0
 *                             (ignored, and may be NaN, when the condition is not counted).
 * @param[in]  n               conditions, >= 1.
 * @param[in]  total_payments  base operating DRG payments for all discharges, finite, > 0 and
 *                             at least the sum of @p payments.
 * @param[in]  neutrality_modifier  NM, finite and > 0.
 * @param[out] out_contribution each condition's share of the reduction,
 *                             @f$\mathrm{NM} \, P_c \max(\mathrm{ERR}_c - M_c, 0) / P@f$ (0 when not counted).
 * @param[in]  out_len         n.
 * @param[out] out_ratio       1 minus the sum of the contributions, unrounded.
 * @param[out] out_factor      the payment adjustment factor: max(ratio, 0.97) rounded to 4 decimals.
 * @return as value_hrrp_factor_nonstratified(), with FY 2013-2018 refused
 *         (use value_hrrp_factor_nonstratified()).
 * @experimental
 */
VALUE_API int value_hrrp_factor_stratified(int fiscal_year, const int32_t *condition, const double *err,
                                           const double *discharges, const double *payments,
                                           const double *peer_median, size_t n, double total_payments,
                                           double neutrality_modifier, double *out_contribution, size_t out_len,
                                           double *out_ratio, double *out_factor);

/**
 * The whole program for one fiscal year: every hospital's payment
 * adjustment factor from all hospitals' ERRs, payments and dual
 * proportions.  From FY 2019: the peer groups (quintiles of dual
 * proportion), each peer group's median ERR per condition, the neutrality
 * modifier and each hospital's factor, by the stratified method; for
 * FY 2013-2018 the non-stratified method (peer group 0, median 1, NM 1).
 * The rules and the choices made where the regulation is silent are in
 * the @ref hrrp "group description".  Pass the applicable hospitals: every
 * hospital given is placed in a peer group.
 *
 * Hospitals are numbered 0 to @p n_hospitals - 1; the hospital-condition
 * rows (long format, any order) name their hospital.  A hospital may have
 * no rows (factor 1).
 * @param[in]  fiscal_year      the HRRP fiscal year.
 * @param[in]  dual_proportion  each hospital's dual proportion, in [0, 1] (FY 2019 on; ignored before, may be NaN).
 * @param[in]  total_payments   each hospital's base operating DRG payments for all discharges, finite and > 0,
 *                              at least the sum of its rows' @p payments.
 * @param[in]  n_hospitals      hospitals, >= 1.
 * @param[in]  hospital         the hospital of each row, in [0, n_hospitals).
 * @param[in]  condition        the ::value_hrrp_condition of each row, in force that year; a hospital's conditions distinct.
 * @param[in]  err              the ERR, finite and >= 0 (ignored, may be NaN, below the minimum discharges).
 * @param[in]  discharges       eligible discharges, finite and >= 0.
 * @param[in]  payments         base operating DRG payments for the condition, finite and >= 0.
 * @param[in]  n                rows, >= 0.
 * @param[out] out_peer_group   each hospital's peer group, 1 (lowest dual proportions) to 5; 0 before FY 2019.
 * @param[out] out_ratio        each hospital's ratio, 1 minus the sum of its contributions, unrounded.
 * @param[out] out_factor       each hospital's payment adjustment factor, rounded to 4 decimals.
 * @param[in]  out_hospitals    n_hospitals.
 * @param[out] out_peer_median  each row's peer-group median ERR for its condition (1 before FY 2019;
 *                              NaN for a row not counted).
 * @param[out] out_contribution each row's share of its hospital's reduction (0 when not counted).
 * @param[in]  out_len          n.
 * @param[out] out_neutrality_modifier  NM (1 before FY 2019).
 * @return ::VALUE_OK; ::VALUE_EINVAL as value_hrrp_factor_stratified(), and
 *         for a hospital index out of range or a dual proportion outside
 *         [0, 1]; ::VALUE_ERANGE when the neutrality modifier or a payment
 *         reduction overflows; ::VALUE_ENOMEM.  On failure nothing is written.
 * @experimental
 */
VALUE_API int value_hrrp_program(int fiscal_year, const double *dual_proportion, const double *total_payments,
                                 size_t n_hospitals, const int32_t *hospital, const int32_t *condition,
                                 const double *err, const double *discharges, const double *payments, size_t n,
                                 int32_t *out_peer_group, double *out_ratio, double *out_factor, size_t out_hospitals,
                                 double *out_peer_median, double *out_contribution, size_t out_len,
                                 double *out_neutrality_modifier);

/** @} */

/**
 * @defgroup survival_fit Parametric survival fits: exponential, Weibull, lognormal, log-logistic
 * @ingroup family_evaluation
 *
 * Accelerated failure time models for right-censored times with
 * covariates, parameterised exactly as R's `survival::survreg` (Therneau,
 * `survival` package): @f$\log T = \eta + \sigma W@f$ with
 * @f$\eta = \beta_0 + x^\top\beta@f$ and @f$W@f$ standard extreme value
 * (Weibull; exponential with @f$\sigma = 1@f$), normal (lognormal) or
 * logistic (log-logistic).  With @f$z = (\log t - \eta)/\sigma@f$, the
 * log-likelihood on the time scale (survreg's `loglik`, which counts the
 * Jacobian @f$-\log t@f$ of each event) is
 * @f$\ell = \sum_{d_i = 1} [\log f_0(z_i) - \log\sigma - \log t_i] + \sum_{d_i = 0} \log S_0(z_i)@f$.
 * It is maximised by Newton-Raphson on @f$(\beta, \log\sigma)@f$ with the
 * exact observed information, step halving, and a Levenberg shift where
 * the information is not positive definite, from the exponential
 * intercept-only MLE; it stops when the Newton decrement
 * @f$g^\top I^{-1} g@f$ is below tolerance @f$\times (|\ell| + 0.1)@f$ and
 * then takes one more full step.  The covariance is the inverse observed
 * information over @f$(\beta, \log\sigma)@f$, as survreg's `vcov`
 * (including "Log(scale)").  AIC @f$= -2\ell + 2k@f$ and BIC
 * @f$= -2\ell + k\log n@f$ with @f$k@f$ the number of parameters.
 *
 * Predictions for one covariate row at any times: @f$S(t) = S_0(z)@f$,
 * @f$H(t) = -\log S_0(z)@f$, @f$h(t) = h_0(z)/(\sigma t)@f$, quantiles
 * @f$t_p = \exp(\eta + \sigma w_p)@f$ with @f$F_W(w_p) = p@f$ (survreg's
 * `predict(type = "quantile")`), and restricted means
 * @f$\int_0^\tau S(t)\,dt@f$; standard errors by the delta method,
 * @f$\sqrt{g^\top V g}@f$ with @f$g@f$ the gradient in
 * @f$(\beta, \log\sigma)@f$.
 *
 * The Gompertz model (flexsurv's `dgompertz`, Jackson 2016, J Stat Softw
 * 70(8)) is fitted by the same Newton iteration on @f$(\gamma, a)@f$ with
 * @f$\ell = \sum_i [d_i(\log b_i + a t_i) - b_i (e^{a t_i} - 1)/a]@f$
 * (the shape may be negative: then a fraction @f$e^{b/a}@f$ never has the
 * event, and quantiles beyond it are refused); it has no scale.
 * docs/survival.md, "Parametric fits".
 * @{
 */

/** Distributions of a ::value_survival_fit (survreg's `dist`). */
typedef enum value_survival_fit_dist {
    VALUE_SURVIVAL_FIT_EXPONENTIAL = 1, /**< exponential: extreme-value W, @f$\sigma = 1@f$ */
    VALUE_SURVIVAL_FIT_WEIBULL = 2,     /**< Weibull: extreme-value W; shape @f$1/\sigma@f$ */
    VALUE_SURVIVAL_FIT_LOGNORMAL = 3,   /**< lognormal: normal W */
    VALUE_SURVIVAL_FIT_LOGLOGISTIC = 4, /**< log-logistic: logistic W */
    VALUE_SURVIVAL_FIT_GOMPERTZ = 5     /**< Gompertz, flexsurv's parameterisation (a PH model, not AFT):
                                             @f$h(t) = b e^{a t}@f$, @f$\log b = \gamma_0 + x^\top\gamma@f$;
                                             coefficients @f$\gamma_0, \gamma, a@f$ (the shape last) */
} value_survival_fit_dist;

/** Settings (1-2, set with value_survival_fit_set()) and results (read with
 *  value_survival_fit_get() after a fit) of a ::value_survival_fit. */
typedef enum value_survival_fit_param {
    VALUE_SURVIVAL_FIT_MAX_ITER = 1,   /**< Newton iteration cap, a whole number in [1, 1000]; default 30 */
    VALUE_SURVIVAL_FIT_TOLERANCE = 2,  /**< relative Newton-decrement tolerance, in (0, 0.01]; default 1e-9 */
    VALUE_SURVIVAL_FIT_N_PAR = 3,      /**< parameters k: intercept, columns and log(scale) unless exponential (readable any time) */
    VALUE_SURVIVAL_FIT_LOGLIK = 4,     /**< result: log-likelihood on the time scale, as survreg's */
    VALUE_SURVIVAL_FIT_AIC = 5,        /**< result: @f$-2\ell + 2k@f$ */
    VALUE_SURVIVAL_FIT_BIC = 6,        /**< result: @f$-2\ell + k\log n@f$ */
    VALUE_SURVIVAL_FIT_SCALE = 7,      /**< result: @f$\sigma@f$ (1 for the exponential; a Gompertz fit has none: ::VALUE_ESTATE) */
    VALUE_SURVIVAL_FIT_ITERATIONS = 8, /**< result: Newton iterations used */
    VALUE_SURVIVAL_FIT_N_OBS = 9,      /**< result: observations n */
    VALUE_SURVIVAL_FIT_N_EVENTS = 10   /**< result: events */
} value_survival_fit_param;

/** What value_survival_fit_predict() computes. */
typedef enum value_survival_fit_what {
    VALUE_SURVIVAL_FIT_SURVIVAL = 1, /**< @f$S(t)@f$ */
    VALUE_SURVIVAL_FIT_HAZARD = 2,   /**< @f$h(t)@f$, per unit of time */
    VALUE_SURVIVAL_FIT_CUMHAZ = 3    /**< @f$H(t) = -\log S(t)@f$ */
} value_survival_fit_what;

/** A parametric survival model.  Opaque; calls taking a const pointer are thread-safe. */
typedef struct value_survival_fit value_survival_fit;

/**
 * Create an unfitted model of @p dist over @p n_cols covariates (an
 * intercept is always included, as survreg's default).
 * @param[in]  dist    a ::value_survival_fit_dist.
 * @param[in]  n_cols  covariates (columns of x), at most 10000; 0 for an intercept-only model.
 * @param[out] out     the model, released with value_survival_fit_free().
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_survival_fit_new(value_survival_fit_dist dist, size_t n_cols, value_survival_fit **out);

/** Release a model; NULL is a no-op.  @param[in] m  the model.
 *  @experimental */
VALUE_API void value_survival_fit_free(value_survival_fit *m);

/**
 * Change a setting (::VALUE_SURVIVAL_FIT_MAX_ITER, ::VALUE_SURVIVAL_FIT_TOLERANCE).
 * @param[in,out] m      the model.
 * @param[in]     param  a setting.
 * @param[in]     v      its value.
 * @return ::VALUE_OK; ::VALUE_EINVAL (a result parameter, or a value out of range).
 * @experimental
 */
VALUE_API int value_survival_fit_set(value_survival_fit *m, value_survival_fit_param param, double v);

/**
 * Read a setting or a result.
 * @param[in]  m      the model.
 * @param[in]  param  a ::value_survival_fit_param.
 * @param[out] out    its value.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ESTATE for a result before a fit (and for
 *         ::VALUE_SURVIVAL_FIT_SCALE of a Gompertz fit).
 * @experimental
 */
VALUE_API int value_survival_fit_get(const value_survival_fit *m, value_survival_fit_param param, double *out);

/**
 * Fit the model by maximum likelihood to right-censored times.  On
 * failure the model keeps its previous fit.
 * @param[in,out] m      the model.
 * @param[in]     x      row-major n x n_cols covariates, finite (may be NULL when n_cols is 0).
 * @param[in]     n_x    n n_cols.
 * @param[in]     time   n follow-up times, > 0 and finite.
 * @param[in]     event  n indicators: 1 event, 0 censored.
 * @param[in]     n      observations, >= 1.
 * @return ::VALUE_OK; ::VALUE_EINVAL naming the argument, element and
 *         value; ::VALUE_EDOM when there are no events, fewer events than
 *         parameters ("too few events: 2 events for 4 parameters"), or the
 *         information is singular at the maximum (a constant or collinear
 *         column); ::VALUE_ENOTCONV when Newton-Raphson does not converge
 *         within the cap or diverges; ::VALUE_ENUMERIC when no ascent
 *         direction is found; ::VALUE_ERANGE when the covariance
 *         overflows; ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_survival_fit_estimate(value_survival_fit *m, const double *x, size_t n_x, const double *time,
                                          const double *event, size_t n);

/**
 * Coefficients and standard errors in survreg's order: intercept, the
 * columns, then @f$\log\sigma@f$ (absent for the exponential; the shape
 * @f$a@f$ for the Gompertz).
 * @param[in]  m         a fitted model.
 * @param[out] out_coef  the k estimates.
 * @param[out] out_se    their standard errors @f$\sqrt{V_{jj}}@f$.
 * @param[in]  out_len   k (::VALUE_SURVIVAL_FIT_N_PAR).
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ESTATE before a fit.
 * @experimental
 */
VALUE_API int value_survival_fit_coefficients(const value_survival_fit *m, double *out_coef, double *out_se,
                                              size_t out_len);

/**
 * Covariance of the estimates (inverse observed information), row-major
 * k x k in the order of value_survival_fit_coefficients().
 * @param[in]  m        a fitted model.
 * @param[out] out      k^2 values.
 * @param[in]  out_len  k^2.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ESTATE before a fit.
 * @experimental
 */
VALUE_API int value_survival_fit_covariance(const value_survival_fit *m, double *out, size_t out_len);

/**
 * A Weibull fit in its proportional-hazards form
 * @f$h(t) = \alpha\lambda t^{\alpha-1}@f$, @f$\lambda = \exp(\gamma_0 + x^\top\gamma)@f$:
 * shape @f$\alpha = 1/\sigma@f$ and @f$\gamma_j = -\beta_j/\sigma@f$
 * (intercept first), with delta-method standard errors from the
 * covariance over @f$(\beta, \log\sigma)@f$.
 * @param[in]  m         a fitted Weibull model.
 * @param[out] out_coef  @f$\alpha, \gamma_0, \gamma_1, \ldots@f$.
 * @param[out] out_se    their standard errors.
 * @param[in]  out_len   k.
 * @return ::VALUE_OK; ::VALUE_EINVAL (also when @p m is not a Weibull
 *         model); ::VALUE_ESTATE before a fit.
 * @experimental
 */
VALUE_API int value_survival_fit_weibull_ph(const value_survival_fit *m, double *out_coef, double *out_se,
                                            size_t out_len);

/**
 * Survival, hazard or cumulative hazard at times @p t for one covariate
 * row, with delta-method standard errors (on the natural scale).
 * @param[in]  m        a fitted model.
 * @param[in]  what     a ::value_survival_fit_what.
 * @param[in]  x        the n_cols covariates of the row, finite (may be NULL when n_cols is 0).
 * @param[in]  n_x      n_cols.
 * @param[in]  t        n times, > 0 and finite.
 * @param[in]  n        times.
 * @param[out] out      the predictions.
 * @param[out] out_se   their standard errors.
 * @param[in]  out_len  n.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ESTATE before a fit;
 *         ::VALUE_ERANGE naming the time whose prediction overflows
 *         (nothing is written then).
 * @experimental
 */
VALUE_API int value_survival_fit_predict(const value_survival_fit *m, value_survival_fit_what what, const double *x,
                                         size_t n_x, const double *t, size_t n, double *out, double *out_se,
                                         size_t out_len);

/**
 * Quantiles of the survival time for one covariate row,
 * @f$t_p = \exp(\eta + \sigma w_p)@f$ (the time by which a fraction @p p
 * has had the event; p = 0.5 is the median), with delta-method standard
 * errors, as survreg's `predict(type = "quantile", se.fit = TRUE)`.
 * @param[in]  m        a fitted model.
 * @param[in]  x        the n_cols covariates of the row, finite.
 * @param[in]  n_x      n_cols.
 * @param[in]  p        n probabilities in (0, 1).
 * @param[in]  n        probabilities.
 * @param[out] out      the quantiles.
 * @param[out] out_se   their standard errors.
 * @param[in]  out_len  n.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ESTATE before a fit;
 *         ::VALUE_ERANGE when a quantile overflows; ::VALUE_EDOM for a
 *         Gompertz quantile never reached (shape < 0).
 * @experimental
 */
VALUE_API int value_survival_fit_quantile(const value_survival_fit *m, const double *x, size_t n_x, const double *p,
                                          size_t n, double *out, double *out_se, size_t out_len);

/**
 * Restricted mean survival time @f$\int_0^\tau S(t)\,dt@f$ for one
 * covariate row, with its delta-method standard error.  Integrated on
 * @f$u = \log t@f$ by adaptive Simpson (every integral to 1e-11 of its
 * size), below @f$\min(\log\tau, \log t_{0.5}) - 40@f$ left out (less
 * than 1e-17 of the mean).
 * @param[in]  m        a fitted model.
 * @param[in]  x        the n_cols covariates of the row, finite.
 * @param[in]  n_x      n_cols.
 * @param[in]  tau      n horizons, > 0 and finite.
 * @param[in]  n        horizons.
 * @param[out] out      the restricted means.
 * @param[out] out_se   their standard errors.
 * @param[in]  out_len  n.
 * @return ::VALUE_OK; ::VALUE_EINVAL; ::VALUE_ESTATE before a fit;
 *         ::VALUE_ERANGE when a mean overflows; ::VALUE_ENOTCONV when the
 *         integration does not reach its tolerance; ::VALUE_ENOMEM.
 * @experimental
 */
VALUE_API int value_survival_fit_rmst(const value_survival_fit *m, const double *x, size_t n_x, const double *tau,
                                      size_t n, double *out, double *out_se, size_t out_len);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* VALUE_EXPERIMENTAL */
