/* Minimal stand-in for <stddef.h> so pycparser sees only what value.h uses. */
typedef unsigned long size_t;
#define NULL 0
