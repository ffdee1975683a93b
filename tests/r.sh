#!/bin/sh
# R package: build, install against the staged library, run its tests and
# the example, and R CMD check with no ERROR or WARNING.
. "$top_srcdir/tests/lib.sh"
need "$R_CMD" R r-base-dev
need "$RSCRIPT" Rscript r-base-dev
export PKG_CONFIG_PATH="$STAGE_PKGCONFIGDIR" PKG_CONFIG_SYSROOT_DIR="$STAGE" \
  LD_LIBRARY_PATH="$STAGE_LIBDIR" _R_CHECK_SYSTEM_CLOCK_=0 R_LIBS_USER="$TMP/lib"
cp -R "$top_srcdir/bindings/r" "$TMP/libvalue" && chmod -R u+w "$TMP/libvalue"
mkdir "$TMP/lib"
cd "$TMP"
"$R_CMD" CMD build --no-manual libvalue > build.log 2>&1 || { cat build.log; exit 1; }
tarball=$(ls libvalue_*.tar.gz)
"$R_CMD" CMD INSTALL --library="$TMP/lib" "$tarball" > install.log 2>&1 || { cat install.log; exit 1; }
for t in libvalue/tests/test_*.R; do R_LIBS="$TMP/lib" "$RSCRIPT" "$t"; done
R_LIBS="$TMP/lib" "$RSCRIPT" "$top_srcdir/examples/discount.R" > ex.out
grep -q '1188.44' ex.out || { echo "FAIL: examples/discount.R"; cat ex.out; exit 1; }
R_LIBS="$TMP/lib" "$RSCRIPT" "$top_srcdir/examples/costing.R" > ex.out
grep -q 'asthma visit: \$79.50' ex.out || { echo "FAIL: examples/costing.R"; cat ex.out; exit 1; }
R_LIBS="$TMP/lib" "$RSCRIPT" "$top_srcdir/examples/cea.R" > ex.out
grep -q 'ED' ex.out || { echo "FAIL: examples/cea.R"; cat ex.out; exit 1; }
R_LIBS="$TMP/lib" "$RSCRIPT" "$top_srcdir/examples/hiv_markov.R" > ex.out
grep -q 'ICER 6275.96 per life year gained' ex.out || { echo "FAIL: examples/hiv_markov.R"; cat ex.out; exit 1; }
R_LIBS="$TMP/lib" "$RSCRIPT" "$top_srcdir/examples/risk_adjust.R" > ex.out
grep -q 'risk-standardized: X 8.6%, Y 13.0%' ex.out || { echo "FAIL: examples/risk_adjust.R"; cat ex.out; exit 1; }
R_LIBS="$TMP/lib" "$RSCRIPT" "$top_srcdir/examples/profiling.R" > ex.out
grep -q 'equalized odds difference 1.00, demographic parity difference 0.25' ex.out || { echo "FAIL: examples/profiling.R"; cat ex.out; exit 1; }
R_LIBS="$TMP/lib" "$RSCRIPT" "$top_srcdir/examples/mssp.R" > ex.out
grep -q 'demo-E 2022: final payment -3,200,000.00' ex.out || { echo "FAIL: examples/mssp.R"; cat ex.out; exit 1; }
"$R_CMD" CMD check --no-manual --library="$TMP/lib" "$tarball" > check.log 2>&1 || true
grep -E '^Status:' check.log || { cat check.log; echo "FAIL: R CMD check did not finish"; exit 1; }
if grep -E '^\* .*\.\.\. (WARNING|ERROR)|^Status: .*(WARNING|ERROR)' check.log; then
  cat check.log; [ -d libvalue.Rcheck ] && cat libvalue.Rcheck/00install.out 2>/dev/null
  echo "FAIL: R CMD check has a WARNING or ERROR"; exit 1
fi
grep -B1 -A6 'NOTE' check.log || true
echo "ok: R package installs, its tests pass, R CMD check has no WARNING or ERROR"
