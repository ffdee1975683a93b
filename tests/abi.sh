#!/bin/sh
# ABI check against abi/: the exported symbols must match the committed
# list (an addition is recorded with `make abi-update`), and abidiff must
# find no incompatible change unless the SONAME was bumped for it.
. "$top_srcdir/tests/lib.sh"
need "$ABIDW" abidw abigail-tools
need "$ABIDIFF" abidiff abigail-tools
lib="$top_builddir/lib/.libs/libvalue.so"
$NM -D --defined-only "$lib" | awk '{print $NF}' | sort > "$TMP/symbols"
soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
base_soname=$(sed -n "s/.*soname='\([^']*\)'.*/\1/p" "$top_srcdir/abi/libvalue.abi" | head -n 1)
"$ABIDW" --no-corpus-path --drop-private-types --headers-dir "$top_srcdir/include" \
  --out-file "$TMP/new.abi" "$lib"
set +e
"$ABIDIFF" --no-added-syms "$top_srcdir/abi/libvalue.abi" "$TMP/new.abi" > "$TMP/abidiff.txt" 2>&1
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
if ! diff -u "$top_srcdir/abi/libvalue.symbols" "$TMP/symbols"; then
  echo "FAIL: exported symbols differ from abi/libvalue.symbols. Added symbols are fine:"
  echo "      bump the libtool current and age, then 'make abi-update' and commit abi/"
  exit 1
fi
[ $((rc & 4)) -ne 0 ] && { cat "$TMP/abidiff.txt"; echo "note: compatible ABI changes; make abi-update records them"; }
echo "ok: ABI matches abi/ ($(wc -l < "$TMP/symbols") symbols, SONAME $soname)"
