/*
 * The discount module's internal header: what lib/evaluation/discount.c
 * gives the evaluation modules that integrate discounted values
 * (qaly.c).  Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef VALUE_DISCOUNT_H
#define VALUE_DISCOUNT_H

#include "core/internal.h"

/* The rate segment of a discount scheme that contains time t (years, >= 0):
 * on [*start, *end), D(u) = exp(*log_d_start - *force * (u - *start)), with
 * force = log(1 + rate); *end is +Inf after the last step.  For QALYs'
 * closed-form integrals of u(t) D(t). */
void value__discount_segment(const value_discount *d, double t, double *start, double *end, double *log_d_start,
                             double *force);

/* Where in its period a flow falls under a value_discount_timing: the
 * delta of t_i = (i + delta) / periods_per_year (0, 1/2 or 1). */
double value__discount_timing_offset(int timing);

/* A copy of scheme d in *out (for handles that keep their own). */
int value__discount_copy(const value_discount *d, value_discount **out);

#endif
