/* Runs a fuzz target on files, without libFuzzer: the regression runner
 * that `make check` uses on every build (gcc or clang), so the corpora
 * and the reproducers of past findings are replayed by every test run.
 * With libFuzzer (`make fuzz-smoke`) this file is not linked.
 * Usage: fuzz_<target> [-flag...] FILE|DIR...  (flags, for libFuzzer, are ignored)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *bigger = realloc(buf, cap *= 2);
            if (bigger == NULL)
                free(buf);
            buf = bigger;
        }
    }
    fclose(f);
    if (buf == NULL) {
        fprintf(stderr, "out of memory reading %s\n", path);
        return 1;
    }
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    int failed = 0, runs = 0;
    for (int a = 1; a < argc; a++) {
        struct stat st;
        if (argv[a][0] == '-') /* a libFuzzer flag such as -runs=0: not ours */
            continue;
        if (stat(argv[a], &st) != 0) {
            fprintf(stderr, "no such file or folder: %s\n", argv[a]);
            failed = 1;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            failed |= run_file(argv[a]);
            runs++;
            continue;
        }
        DIR *d = opendir(argv[a]);
        struct dirent *e;
        while (d != NULL && (e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[a], e->d_name);
            failed |= run_file(path);
            runs++;
        }
        if (d != NULL)
            closedir(d);
    }
    printf("%s: %d inputs run\n", argc > 0 ? argv[0] : "fuzz", runs);
    return failed;
}
