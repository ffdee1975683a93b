#!/bin/sh
# The shared library is libvalue.so.0 and exports only value_ symbols.
. "$top_srcdir/tests/lib.sh"
lib="$top_builddir/lib/.libs/libvalue.so.0"
test -f "$lib" || { echo "FAIL: $lib not built"; exit 1; }
test -f "$top_builddir/lib/.libs/libvalue.a" || { echo "FAIL: static library not built"; exit 1; }
soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
[ "$soname" = libvalue.so.0 ] || { echo "FAIL: SONAME is '$soname', want libvalue.so.0"; exit 1; }
# Defined dynamic symbols, less the version node (type A).
$NM -D --defined-only "$lib" | awk '$2 != "A" {print $3}' > "$TMP/syms"
n=$(wc -l < "$TMP/syms")
[ "$n" -gt 0 ] || { echo "FAIL: no exported symbols"; exit 1; }
if grep -v '^value_[a-z]' "$TMP/syms"; then
  echo "FAIL: the symbols above are exported but are not public value_ API"; exit 1
fi
echo "ok: $n exported symbols, all value_*; SONAME $soname"
