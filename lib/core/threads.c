/*
 * The thread launcher (see threads.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/threads.h"

#include <pthread.h>
#include <stdbool.h>

void value__run_jobs(void *(*fn)(void *), void *jobs, size_t job_size, size_t n_jobs)
{
    pthread_t tid[VALUE__MAX_THREADS];
    bool started[VALUE__MAX_THREADS] = {false};
    char *job = jobs;
    for (size_t j = 1; j < n_jobs; j++)
        started[j] = pthread_create(&tid[j], NULL, fn, job + j * job_size) == 0;
    fn(job);
    for (size_t j = 1; j < n_jobs; j++) {
        if (started[j])
            pthread_join(tid[j], NULL);
        else
            fn(job + j * job_size);
    }
}
