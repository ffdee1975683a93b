/*
 * An allocation-failure shim for tests/oom/check_oom.  The test links the
 * library's convenience archive with -Wl,--wrap=SYMBOL for every
 * allocating function the library calls (Makefile.am, OOM_WRAP), so each
 * call the library makes to malloc(), calloc(), realloc(),
 * aligned_alloc(), posix_memalign(), free(), fopen(), pthread_create(),
 * gsl_rng_alloc() or gsl_root_fsolver_alloc() comes here.  While armed,
 * each allocation is counted, and the n-th (or the n-th and every later
 * one) fails the way the real function fails when memory is short:
 * NULL (and errno ENOMEM), EAGAIN from pthread_create(), and GSL's own
 * GSL_ENOMEM error through gsl_error() (so an allocation outside a GSL
 * guard bracket would reach GSL's aborting handler, as it would in a
 * host).  Live blocks are tracked so that every case can check that
 * nothing leaked.  The counter is global (atomic), so allocations of the
 * library's worker threads are counted too.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "oom/shim.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_rng.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__real_aligned_alloc(size_t align, size_t n);
int __real_posix_memalign(void **out, size_t align, size_t n);
void __real_free(void *p);
FILE *__real_fopen(const char *path, const char *mode);
int __real_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);
gsl_rng *__real_gsl_rng_alloc(const gsl_rng_type *t);
gsl_root_fsolver *__real_gsl_root_fsolver_alloc(const gsl_root_fsolver_type *t);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void *__wrap_aligned_alloc(size_t align, size_t n);
int __wrap_posix_memalign(void **out, size_t align, size_t n);
void __wrap_free(void *p);
FILE *__wrap_fopen(const char *path, const char *mode);
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);
gsl_rng *__wrap_gsl_rng_alloc(const gsl_rng_type *t);
gsl_root_fsolver *__wrap_gsl_root_fsolver_alloc(const gsl_root_fsolver_type *t);

/* ---- arming ---------------------------------------------------------------- */

static atomic_int armed;
static atomic_size_t attempts, failed;
static size_t fail_at;
static int fail_later;

void oom_count(void)
{
    atomic_store(&attempts, 0);
    atomic_store(&failed, 0);
    fail_at = 0;
    fail_later = 0;
    atomic_store(&armed, 1);
}

void oom_fail(size_t n, int all_later)
{
    atomic_store(&attempts, 0);
    atomic_store(&failed, 0);
    fail_at = n;
    fail_later = all_later;
    atomic_store(&armed, 1);
}

void oom_off(void)
{
    atomic_store(&armed, 0);
}

size_t oom_attempts(void)
{
    return atomic_load(&attempts);
}

size_t oom_failed(void)
{
    return atomic_load(&failed);
}

/* One allocation attempt: true when it is to fail. */
static int attempt_fails(void)
{
    if (!atomic_load(&armed))
        return 0;
    size_t k = atomic_fetch_add(&attempts, 1) + 1;
    int fail = fail_at != 0 && (k == fail_at || (fail_later && k > fail_at));
    if (fail)
        atomic_fetch_add(&failed, 1);
    return fail;
}

/* ---- live blocks: an open-addressing set of pointers ------------------------ */

#define LIVE_CAP (1u << 20) /* a power of two, far above the cases' needs */
/* Addresses are kept masked, so that LeakSanitizer does not take the set
 * for a reference to the blocks: a leak stays a leak at exit too. */
static uintptr_t live_set[LIVE_CAP];
static size_t live_count;
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
#define EMPTY ((uintptr_t)0)
#define TOMBSTONE ((uintptr_t)1)
#define MASK ((uintptr_t)0x5A5A5A5A5A5A5A5AULL)

static size_t slot_of(const void *p)
{
    uint64_t h = (uint64_t)(uintptr_t)p * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 40) & (LIVE_CAP - 1);
}

static void live_add(void *p)
{
    if (p == NULL)
        return;
    uintptr_t v = (uintptr_t)p ^ MASK;
    pthread_mutex_lock(&live_lock);
    size_t i = slot_of(p), tomb = SIZE_MAX;
    for (;; i = (i + 1) & (LIVE_CAP - 1)) {
        if (live_set[i] == EMPTY) {
            live_set[tomb != SIZE_MAX ? tomb : i] = v;
            live_count++;
            break;
        }
        if (live_set[i] == TOMBSTONE && tomb == SIZE_MAX)
            tomb = i;
        else if (live_set[i] == v) /* cannot happen: a live address is not handed out twice */
            break;
    }
    pthread_mutex_unlock(&live_lock);
}

static void live_remove(void *p)
{
    if (p == NULL)
        return;
    uintptr_t v = (uintptr_t)p ^ MASK;
    pthread_mutex_lock(&live_lock);
    for (size_t i = slot_of(p);; i = (i + 1) & (LIVE_CAP - 1)) {
        if (live_set[i] == EMPTY) /* not ours (allocated inside libc or GSL) */
            break;
        if (live_set[i] == v) {
            live_set[i] = TOMBSTONE;
            live_count--;
            break;
        }
    }
    pthread_mutex_unlock(&live_lock);
}

size_t oom_live(void)
{
    pthread_mutex_lock(&live_lock);
    size_t n = live_count;
    pthread_mutex_unlock(&live_lock);
    return n;
}

/* ---- the wrappers -------------------------------------------------------------- */

void *__wrap_malloc(size_t n)
{
    if (attempt_fails()) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = __real_malloc(n);
    live_add(p);
    return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
    if (attempt_fails()) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = __real_calloc(n, size);
    live_add(p);
    return p;
}

void *__wrap_realloc(void *old, size_t n)
{
    if (attempt_fails()) {
        errno = ENOMEM;
        return NULL; /* the old block stays allocated, as with the real one */
    }
    void *p = __real_realloc(old, n);
    if (p != NULL || n == 0) {
        live_remove(old);
        live_add(p);
    }
    return p;
}

void *__wrap_aligned_alloc(size_t align, size_t n)
{
    if (attempt_fails()) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = __real_aligned_alloc(align, n);
    live_add(p);
    return p;
}

int __wrap_posix_memalign(void **out, size_t align, size_t n)
{
    if (attempt_fails())
        return ENOMEM;
    int rc = __real_posix_memalign(out, align, n);
    if (rc == 0)
        live_add(*out);
    return rc;
}

void __wrap_free(void *p)
{
    live_remove(p);
    __real_free(p);
}

FILE *__wrap_fopen(const char *path, const char *mode)
{
    if (attempt_fails()) {
        errno = ENOMEM;
        return NULL;
    }
    return __real_fopen(path, mode);
}

int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
    if (attempt_fails())
        return EAGAIN;
    return __real_pthread_create(t, a, fn, arg);
}

gsl_rng *__wrap_gsl_rng_alloc(const gsl_rng_type *t)
{
    if (attempt_fails())
        GSL_ERROR_VAL("failed to allocate space for rng struct", GSL_ENOMEM, NULL);
    return __real_gsl_rng_alloc(t);
}

gsl_root_fsolver *__wrap_gsl_root_fsolver_alloc(const gsl_root_fsolver_type *t)
{
    if (attempt_fails())
        GSL_ERROR_VAL("failed to allocate space for root solver struct", GSL_ENOMEM, NULL);
    return __real_gsl_root_fsolver_alloc(t);
}
