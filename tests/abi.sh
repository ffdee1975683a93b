#!/bin/sh
# ABI check against abi/: the exported symbols must match the committed
# list (an addition is recorded with `make abi-update`), and abidiff must
# find no incompatible change unless the SONAME was bumped for it.  The
# header's experimental part (abi/README.md) is left out of both checks.
. "$top_srcdir/tests/lib.sh"
need "$ABIDW" abidw abigail-tools
need "$ABIDIFF" abidiff abigail-tools
lib="$top_builddir/lib/.libs/libvalue.so"
# The experimental part's functions: every declaration after the line that
# opens it.
sed -n '/^#if defined(VALUE_EXPERIMENTAL)/,$p' "$top_srcdir/include/value.h" \
  | sed -n 's/^VALUE_API [^(]*\b\(value_[a-z0-9_]*\)(.*/\1/p' | sort -u > "$TMP/experimental"
[ -s "$TMP/experimental" ] || { echo "FAIL: found no experimental part in value.h"; exit 1; }
{ echo '[suppress_function]'; printf '  name_regexp = ^(%s)$\n' "$(paste -sd'|' "$TMP/experimental")"; } > "$TMP/experimental.suppr"
$NM -D --defined-only "$lib" | awk '{print $NF}' | sort > "$TMP/symbols"
soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
base_soname=$(sed -n "s/.*soname='\([^']*\)'.*/\1/p" "$top_srcdir/abi/libvalue.abi" | head -n 1)
"$ABIDW" --no-corpus-path --drop-private-types --headers-dir "$top_srcdir/include" \
  --out-file "$TMP/new.abi" "$lib"
set +e
"$ABIDIFF" --no-added-syms --suppressions "$TMP/experimental.suppr" "$top_srcdir/abi/libvalue.abi" "$TMP/new.abi" \
  > "$TMP/abidiff.txt" 2>&1
rc=$?
set -e
if [ $((rc & 3)) -ne 0 ]; then cat "$TMP/abidiff.txt"; echo "FAIL: abidiff could not compare (status $rc)"; exit 1; fi
if [ $((rc & 8)) -ne 0 ]; then
  cat "$TMP/abidiff.txt"
  if [ "$soname" = "$base_soname" ]; then
    echo "FAIL: incompatible ABI change with SONAME still $soname: bump the libtool"
    echo "      version (current+1, revision 0, age 0), say so in CHANGELOG, then make abi-update"
    exit 1
  fi
  echo "incompatible change with a new SONAME ($base_soname -> $soname): run make abi-update"
  exit 1
fi
grep -vxF -f "$TMP/experimental" "$top_srcdir/abi/libvalue.symbols" > "$TMP/base.stable"
grep -vxF -f "$TMP/experimental" "$TMP/symbols" > "$TMP/stable"
if ! diff -u "$TMP/base.stable" "$TMP/stable"; then
  echo "FAIL: exported symbols differ from abi/libvalue.symbols. Added symbols are fine:"
  echo "      bump the libtool current and age, then 'make abi-update' and commit abi/"
  exit 1
fi
[ $((rc & 4)) -ne 0 ] && { cat "$TMP/abidiff.txt"; echo "note: compatible ABI changes; make abi-update records them"; }
diff -q "$top_srcdir/abi/libvalue.symbols" "$TMP/symbols" > /dev/null \
  || echo "note: the experimental part's symbols changed; make abi-update records them"
echo "ok: ABI matches abi/ ($(wc -l < "$TMP/stable") stable and $(wc -l < "$TMP/experimental") experimental symbols, SONAME $soname)"
