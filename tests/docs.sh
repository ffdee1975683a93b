#!/bin/sh
# The public header is fully documented: Doxygen with warnings as errors.
. "$top_srcdir/tests/lib.sh"
need "$DOXYGEN" doxygen doxygen
sed -e "s|^OUTPUT_DIRECTORY .*|OUTPUT_DIRECTORY = $TMP|" "$top_builddir/docs/Doxyfile" > "$TMP/Doxyfile"
mkdir -p "$TMP/html"
cd "$top_builddir"
"$DOXYGEN" "$TMP/Doxyfile" > "$TMP/doxygen.log" 2>&1 || { cat "$TMP/doxygen.log"; echo "FAIL: doxygen warnings"; exit 1; }
test -f "$TMP/html/c/index.html" || { echo "FAIL: no HTML"; exit 1; }
echo "ok: doxygen clean"
