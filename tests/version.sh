#!/bin/sh
# The version is written once, in include/value.h (VALUE_VERSION_MAJOR,
# _MINOR, _PATCH): configure's PACKAGE_VERSION, the Python package (its
# __version__ and the wheel's METADATA) and the R package (DESCRIPTION,
# packageVersion) all say the header's, and at run time both bindings'
# version functions return the C library's value_version().
. "$top_srcdir/tests/lib.sh"
need "$PYTHON" python3 python3
need "$R_CMD" R r-base-dev
need "$RSCRIPT" Rscript r-base-dev

header=$(sed -n 's/^#define VALUE_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)$/\2/p' \
  "$top_srcdir/include/value.h" | paste -sd.)
echo "$header" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+$' || { echo "FAIL: no version in value.h: '$header'"; exit 1; }
fail=0
same() {  # what, value
  if [ "$2" = "$header" ]; then echo "ok: $1 $2"; else echo "FAIL: $1 is '$2', value.h says $header"; fail=1; fi
}
same "configure's PACKAGE_VERSION" "$PACKAGE_VERSION"

# Python, from the source tree against the staged library
export LIBVALUE_LIBRARY="$STAGE_LIBDIR/libvalue.so.0" PYTHONDONTWRITEBYTECODE=1
same "libvalue.__version__" "$(PYTHONPATH="$top_srcdir/bindings/python" "$PYTHON" -c \
  'import libvalue; print(libvalue.__version__)')"
same "libvalue.version() (the C library's value_version())" "$(PYTHONPATH="$top_srcdir/bindings/python" "$PYTHON" -c \
  'import libvalue; print(libvalue.version())')"
# The wheel the in-tree backend builds (as pip install does), from a copy
cp -R "$top_srcdir/bindings/python" "$TMP/py" && chmod -R u+w "$TMP/py" && mkdir "$TMP/wheel"
wheel=$(cd "$TMP/py" && "$PYTHON" -c \
  'import sys; sys.path.insert(0, "_build"); import backend; print(backend.build_wheel(sys.argv[1]))' "$TMP/wheel")
same "the wheel's file name version" "$(echo "$wheel" | sed -n 's/^libvalue-\([^-]*\)-py3-none-any\.whl$/\1/p')"
same "the wheel's METADATA Version" "$("$PYTHON" -c '
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
meta = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")]
print([ln[9:] for ln in z.read(meta[0]).decode().splitlines() if ln.startswith("Version: ")][0])' "$TMP/wheel/$wheel")"
grep -q '^dynamic = \["version"\]' "$top_srcdir/bindings/python/pyproject.toml" \
  && ! grep -q '^version *=' "$top_srcdir/bindings/python/pyproject.toml" \
  || { echo "FAIL: pyproject.toml must leave the version to the backend (dynamic = [\"version\"])"; fail=1; }

# R: DESCRIPTION, then the installed package against the staged library
desc="$top_srcdir/bindings/r/DESCRIPTION"
same "DESCRIPTION's Version" "$(sed -n 's/^Version: *//p' "$desc")"
same "DESCRIPTION's SystemRequirements libvalue (>= ...)" \
  "$(sed -n 's/^SystemRequirements:.*libvalue (>= \([^)]*\)).*/\1/p' "$desc")"
export PKG_CONFIG_PATH="$STAGE_PKGCONFIGDIR" PKG_CONFIG_SYSROOT_DIR="$STAGE" LD_LIBRARY_PATH="$STAGE_LIBDIR"
cp -R "$top_srcdir/bindings/r" "$TMP/libvalue" && chmod -R u+w "$TMP/libvalue" && mkdir "$TMP/lib"
rm -f "$TMP"/libvalue/src/*.o "$TMP"/libvalue/src/*.so "$TMP/libvalue/src/Makevars"
"$R_CMD" CMD INSTALL --library="$TMP/lib" "$TMP/libvalue" > "$TMP/install.log" 2>&1 \
  || { cat "$TMP/install.log"; echo "FAIL: R CMD INSTALL"; exit 1; }
same "R packageVersion(\"libvalue\")" "$(R_LIBS="$TMP/lib" "$RSCRIPT" -e \
  'cat(as.character(packageVersion("libvalue")))')"
same "R libvalue_version() (the C library's value_version())" "$(R_LIBS="$TMP/lib" "$RSCRIPT" -e \
  'cat(libvalue::libvalue_version())')"
[ "$fail" = 0 ] || exit 1
echo "ok: every version is value.h's $header"
