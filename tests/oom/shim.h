/* The allocation-failure shim of tests/oom/check_oom (see shim.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef VALUE_OOM_SHIM_H
#define VALUE_OOM_SHIM_H

#include <stddef.h>

/* Count the allocations made from now on without failing any. */
void oom_count(void);
/* Fail allocation number n (1-based) from now on; with `all_later`, that
 * one and every later one. */
void oom_fail(size_t n, int all_later);
/* Stop counting and failing. */
void oom_off(void);
/* Allocations attempted since the last oom_count()/oom_fail(), and how
 * many of them were failed. */
size_t oom_attempts(void);
size_t oom_failed(void);
/* Blocks allocated through the shim and not yet freed (all of them, the
 * test's own included, whether or not the shim is armed). */
size_t oom_live(void);

#endif
