/*
 * Reading a whole text file safely inside a host (core; lib/core/file.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef VALUE_FILE_H
#define VALUE_FILE_H

#include <stddef.h>

/* The whole of the regular file at `path`, of at most `max` bytes, into a
 * NUL-terminated malloc'd *out (freed by the caller) of *out_len bytes.
 * A FIFO, a device or a directory is VALUE_EIO (opened without blocking,
 * so a FIFO with no writer cannot hang the host), a file over `max` bytes
 * VALUE_EINVAL ("more than the 16 MiB <what> may have"), a failed open or
 * read VALUE_EIO with a short reason, memory VALUE_ENOMEM naming `who`.
 * The text may hold NUL bytes: the caller decides. */
int value__read_file(const char *path, size_t max, const char *what, const char *who, char **out, size_t *out_len);

#endif
