#!/bin/sh
# The committed generated binding files are what tools/bindgen makes of value.h.
. "$top_srcdir/tests/lib.sh"
need "$DEBIAN_PYTHON" "python3 with pycparser" python3-pycparser
"$DEBIAN_PYTHON" -c 'import pycparser' 2>/dev/null || {
  [ "${VALUE_STRICT:-0}" = 1 ] && { echo "FAIL: pycparser missing (apt-get install python3-pycparser)"; exit 1; }
  echo "SKIP: pycparser missing"; exit 77; }
"$DEBIAN_PYTHON" "$top_srcdir/tools/bindgen/bindgen.py" --check \
  --header "$top_srcdir/include/value.h" --outdir "$top_srcdir/bindings"
echo "ok: generated bindings are current"
