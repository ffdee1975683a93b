/* A small reader of CMS's public use files (CSV with a UTF-8 byte order
 * mark; quoted fields may hold commas), for the tests that reproduce them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef VALUE_TESTS_PUF_H
#define VALUE_TESTS_PUF_H

#include "testutil.h"

#define PUF_MAX_FIELDS 256
#define PUF_MAX_LINE 16384

/* Split `line` in place into fields; returns the count. */
static inline int puf_split(char *line, char **field)
{
    int n = 0;
    char *p = line;
    if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
        p += 3;
    while (n < PUF_MAX_FIELDS) {
        char *out = p;
        field[n++] = out;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '"' && p[1] == '"') {
                    *out++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else if (*p == '\0') {
                    break;
                } else {
                    *out++ = *p++;
                }
            }
        } else {
            while (*p != ',' && *p != '\0' && *p != '\n' && *p != '\r')
                *out++ = *p++;
        }
        char end = *p;
        *out = '\0';
        if (end != ',')
            break;
        p++;
    }
    return n;
}

/* The index of column `name` in a header; fails the test when absent. */
static inline int puf_column(char **header, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(header[i], name) == 0)
            return i;
    ck_abort_msg("the PUF has no column %s", name);
    return -1;
}

/* A number as the PUF prints it: "2.40%" is 0.024, "12,345" is 12345;
 * "-" or empty (not applicable) is NaN. */
static inline double puf_number(const char *s)
{
    char buf[64];
    size_t k = 0;
    for (const char *p = s; *p && k + 1 < sizeof buf; p++)
        if (*p != ',' && *p != '$' && *p != ' ')
            buf[k++] = *p;
    buf[k] = '\0';
    if (k == 0 || strcmp(buf, "-") == 0)
        return NAN;
    char *end;
    double x = strtod(buf, &end);
    if (end == buf)
        return NAN;
    return *end == '%' ? x / 100 : x;
}

#endif
