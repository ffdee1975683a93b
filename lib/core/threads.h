/*
 * The thread launcher every threaded module uses.  Internal (core).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef VALUE_THREADS_H
#define VALUE_THREADS_H

#include <stddef.h>

/* The most threads a handle may be set to use. */
#define VALUE__MAX_THREADS 256

/* Run fn on each of the n_jobs jobs (an array of n_jobs elements of
 * job_size bytes, n_jobs <= VALUE__MAX_THREADS): job 0 on the calling
 * thread, each other job on a thread of its own.  A thread that cannot
 * start leaves its job to the calling thread, so every job runs whatever
 * the system allows; the callers' results do not depend on which thread
 * ran a job.  Returns when all are done. */
void value__run_jobs(void *(*fn)(void *), void *jobs, size_t job_size, size_t n_jobs);

#endif
