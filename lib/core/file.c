/*
 * Reading a whole text file (value_eq5d_load(), value_model_load()).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
/* open(), fstat(), read(), O_CLOEXEC: POSIX.1-2008 */
#define _POSIX_C_SOURCE 200809L

#include "core/file.h"
#include "core/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* A short reason for a failed open; strerror() is not thread-safe.  Only
 * EDOM, EILSEQ and ERANGE are ISO C; the rest are POSIX, hence the #ifdefs. */
static const char *open_reason(int err)
{
    switch (err) {
#ifdef ENOENT
    case ENOENT: return "no such file or directory";
#endif
#ifdef EACCES
    case EACCES: return "permission denied";
#endif
#ifdef EISDIR
    case EISDIR: return "is a directory";
#endif
#ifdef ENOTDIR
    case ENOTDIR: return "a path component is not a directory";
#endif
#ifdef ENAMETOOLONG
    case ENAMETOOLONG: return "path too long";
#endif
    default: return "cannot open";
    }
}

static int too_big(const char *path, size_t max, const char *what)
{
    return value__fail(VALUE_EINVAL, "'%s' is more than the %zu bytes (%zu MiB) %s may have", path, max, max >> 20,
                       what);
}

int value__read_file(const char *path, size_t max, const char *what, const char *who, char **out, size_t *out_len)
{
    /* O_NONBLOCK: opening a FIFO with no writer would otherwise wait
     * forever; it is refused below, as anything but a regular file is (a
     * device such as /dev/zero never ends, a directory is not text). */
    errno = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        if (err == ENOMEM)
            return value__fail(VALUE_ENOMEM, "cannot open '%s': out of memory", path);
        return value__fail(VALUE_EIO, "cannot open '%s': %s (errno %d)", path, open_reason(err), err);
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int err = errno;
        close(fd);
        if (err == ENOMEM)
            return value__fail(VALUE_ENOMEM, "cannot read '%s': out of memory", path);
        return value__fail(VALUE_EIO, "cannot read '%s' (errno %d)", path, err);
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return value__fail(VALUE_EIO, "'%s' is not a regular file (%s)", path,
                           S_ISDIR(st.st_mode)    ? "a directory"
                           : S_ISFIFO(st.st_mode) ? "a FIFO"
                           : S_ISCHR(st.st_mode)  ? "a character device"
                                                  : "not a plain file");
    }
    if (st.st_size < 0 || (uintmax_t)st.st_size > max) {
        close(fd);
        return value__fail(VALUE_EINVAL, "'%s' is %jd bytes, more than the %zu (%zu MiB) %s may have", path,
                           (intmax_t)st.st_size, max, max >> 20, what);
    }
    /* Read to the end (the file may have changed since fstat), at most
     * max + 1 bytes: one more than the cap is refused. */
    size_t cap = (size_t)st.st_size + 2, len = 0;
    char *buf = malloc(cap);
    if (buf == NULL) {
        close(fd);
        return value__fail(VALUE_ENOMEM, "%s: out of memory reading '%s'", who, path);
    }
    for (;;) {
        if (cap - len < 2) {
            size_t bigger_cap = cap * 2 > max + 2 ? max + 2 : cap * 2;
            char *bigger = bigger_cap > cap ? realloc(buf, bigger_cap) : NULL;
            if (bigger == NULL) {
                free(buf);
                close(fd);
                if (bigger_cap <= cap)
                    return too_big(path, max, what);
                return value__fail(VALUE_ENOMEM, "%s: out of memory reading '%s'", who, path);
            }
            buf = bigger;
            cap = bigger_cap;
        }
        ssize_t got = read(fd, buf + len, cap - len - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int err = errno;
            free(buf);
            close(fd);
            if (err == ENOMEM)
                return value__fail(VALUE_ENOMEM, "%s: out of memory reading '%s'", who, path);
            return value__fail(VALUE_EIO, "error reading '%s' (errno %d)", path, err);
        }
        if (got == 0)
            break;
        len += (size_t)got;
        if (len > max) {
            free(buf);
            close(fd);
            return too_big(path, max, what);
        }
    }
    close(fd);
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return VALUE_OK;
}
