/*
 * Keep GSL from aborting the host process.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GSL reports errors through one process-wide handler whose default
 * prints and aborts.  Swapping it around each call would race between
 * threads, so libvalue installs its own handler exactly once
 * (pthread_once) and decides per thread: inside a libvalue bracket the
 * error is recorded in thread-local storage and the GSL routine returns
 * its status as usual; outside, the error goes on to whatever handler the
 * host had installed, or, if it had none, meets GSL's own default
 * behaviour, so a host's own GSL calls behave exactly as without libvalue.
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
