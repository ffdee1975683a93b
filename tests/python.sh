#!/bin/sh
# Python binding tests under the python3 on PATH and Debian's, against the
# staged library; the example; and `pip install` of the package.
. "$top_srcdir/tests/lib.sh"
need "$PYTHON" python3 python3
export LIBVALUE_LIBRARY="$STAGE_LIBDIR/libvalue.so.0" PYTHONDONTWRITEBYTECODE=1
# The plots the tests and walkthroughs render (<kind>.png), kept for a look.
export LIBVALUE_PLOT_DIR="$top_builddir/plots/python"
mkdir -p "$LIBVALUE_PLOT_DIR"
pys="$PYTHON"
if [ -n "$DEBIAN_PYTHON" ] && [ "$DEBIAN_PYTHON" != "$PYTHON" ]; then pys="$pys $DEBIAN_PYTHON"; fi
for py in $pys; do
  echo "== $py ($($py --version 2>&1))"
  # the unit tests, the plots (tests/test_plots.py) and every module's
  # docstring examples (tests/test_doctests.py)
  PYTHONPATH="$top_srcdir/bindings/python" $py -m unittest discover -v \
    -s "$top_srcdir/bindings/python/tests" -t "$top_srcdir/bindings/python/tests"
  # the three walkthroughs (docs/python), each asserting its key numbers
  for w in health_economist quality_team aco_analyst; do
    w="$top_srcdir/docs/python/$w.py"
    echo "== walkthrough $(basename "$w")"
    (cd "$TMP" && PYTHONPATH="$top_srcdir/bindings/python" MPLBACKEND=Agg $py "$w") > "$TMP/walk.out" 2>&1 \
      || { echo "FAIL: $w"; cat "$TMP/walk.out"; exit 1; }
    tail -3 "$TMP/walk.out"
  done
  PYTHONPATH="$top_srcdir/bindings/python" $py "$top_srcdir/examples/mssp.py" > "$TMP/ex.out"
  grep -q 'earned shared savings: 14455933' "$TMP/ex.out" || { echo "FAIL: examples/mssp.py"; cat "$TMP/ex.out"; exit 1; }
  grep -q 'basic_e   2019: savings year  15,764,990.01, loss year  -4,800,000.00' "$TMP/ex.out" \
    || { echo "FAIL: examples/mssp.py"; cat "$TMP/ex.out"; exit 1; }
  PYTHONPATH="$top_srcdir/bindings/python" $py "$top_srcdir/examples/discount.py" > "$TMP/ex.out"
  grep -q '1188.44' "$TMP/ex.out" || { echo "FAIL: examples/discount.py"; cat "$TMP/ex.out"; exit 1; }
  PYTHONPATH="$top_srcdir/bindings/python" $py "$top_srcdir/examples/costing.py" > "$TMP/ex.out"
  grep -q 'asthma visit: \$79.50' "$TMP/ex.out" || { echo "FAIL: examples/costing.py"; cat "$TMP/ex.out"; exit 1; }
  PYTHONPATH="$top_srcdir/bindings/python" $py "$top_srcdir/examples/cea.py" > "$TMP/ex.out"
  grep -q 'C  ED' "$TMP/ex.out" || { echo "FAIL: examples/cea.py"; cat "$TMP/ex.out"; exit 1; }
  PYTHONPATH="$top_srcdir/bindings/python" $py "$top_srcdir/examples/hiv_markov.py" > "$TMP/ex.out"
  grep -q 'ICER 6275.96 per life year gained' "$TMP/ex.out" || { echo "FAIL: examples/hiv_markov.py"; cat "$TMP/ex.out"; exit 1; }
  # examples/psm.py: totals checked against a numpy trapezoid sum of the same curves (docs/survival.md)
  PYTHONPATH="$top_srcdir/bindings/python" $py "$top_srcdir/examples/psm.py" > "$TMP/ex.out"
  grep -q 'new      cost   45184.67  QALYs 2.2987  life years 3.3408' "$TMP/ex.out" \
    || { echo "FAIL: examples/psm.py"; cat "$TMP/ex.out"; exit 1; }
  PYTHONPATH="$top_srcdir/bindings/python" $py "$top_srcdir/examples/model_thr.py" > "$TMP/ex.out"
  grep -q 'np1      cost  610.3112, QALYs 14.69734' "$TMP/ex.out" && grep -q 'ICER 2198.977 per QALY' "$TMP/ex.out" \
    || { echo "FAIL: examples/model_thr.py"; cat "$TMP/ex.out"; exit 1; }
  PYTHONPATH="$top_srcdir/bindings/python" $py "$top_srcdir/examples/risk_adjust.py" > "$TMP/ex.out"
  grep -q 'Hospital X: raw 12.0%, expected 15.0%, O/E 0.80' "$TMP/ex.out" || { echo "FAIL: examples/risk_adjust.py"; cat "$TMP/ex.out"; exit 1; }
  PYTHONPATH="$top_srcdir/bindings/python" $py "$top_srcdir/examples/contracts.py" > "$TMP/ex.out"
  grep -q 'ffs             margins 0, 40, -20 -> a margin-minded doctor chooses the low-value visit' "$TMP/ex.out" \
    && grep -q 'final payment to the provider: 1,323' "$TMP/ex.out" || { echo "FAIL: examples/contracts.py"; cat "$TMP/ex.out"; exit 1; }
  # survreg's Weibull loglik on ovarian is -89.9651772845478
  PYTHONPATH="$top_srcdir/bindings/python" $py "$top_srcdir/examples/survival_fit.py" > "$TMP/ex.out"
  grep -q 'weibull      loglik -89.9652  AIC 187.93' "$TMP/ex.out" && grep -q 'median survival at 55, ECOG 1: 923 days' "$TMP/ex.out" \
    || { echo "FAIL: examples/survival_fit.py"; cat "$TMP/ex.out"; exit 1; }
  PYTHONPATH="$top_srcdir/bindings/python" $py "$top_srcdir/examples/profiling.py" > "$TMP/ex.out"
  grep -q 'equalized odds difference 1.00, demographic parity difference 0.25, ratio 0.6667' "$TMP/ex.out" || { echo "FAIL: examples/profiling.py"; cat "$TMP/ex.out"; exit 1; }
  # survfit's numbers for aml (tests/data/README.md): median 31 (13, NA), print(fit, rmean = 40) 28.90 (3.47)
  PYTHONPATH="$top_srcdir/bindings/python" $py "$top_srcdir/examples/survival_km.py" > "$TMP/ex.out"
  grep -q 'Maintained    median 31 weeks (95% CI 13 to NA); RMST to 40 weeks 28.90 (SE 3.47)' "$TMP/ex.out" \
    && grep -q 'Maintained: S(13) = 0.8182, 95% log-log CI 0.4474 to 0.9512' "$TMP/ex.out" \
    || { echo "FAIL: examples/survival_km.py"; cat "$TMP/ex.out"; exit 1; }
  # the same population and numbers as examples/hcc.R (tests/r.sh); the top member: CFA_M90_94 0.993 +
  # HCC48 0.300 + HCC155 0.316 + HCC226 0.406 + HCC238 0.407 + HF_HCC238 0.140 = 2.562
  PYTHONPATH="$top_srcdir/bindings/python" $py "$top_srcdir/examples/hcc.py" > "$TMP/ex.out"
  grep -q 'mean raw score: V28 0.9018, V24 0.8787; mean 2025 payment risk score 0.7807' "$TMP/ex.out" \
    && grep -q 'highest V28 score: P0251 (CFA, 92, M) 2.562' "$TMP/ex.out" && grep -q '(invalid: row 2002)' "$TMP/ex.out" \
    || { echo "FAIL: examples/hcc.py"; cat "$TMP/ex.out"; exit 1; }
  # the same population and numbers as examples/comorbidity.R (tests/r.sh)
  PYTHONPATH="$top_srcdir/bindings/python" $py "$top_srcdir/examples/comorbidity.py" > "$TMP/ex.out"
  grep -q 'Charlson (quan weights), people with codes: mean 3.834, max 14' "$TMP/ex.out" \
    && grep -q 'invalid code rows \[3012\]' "$TMP/ex.out" && grep -q 'P0001: rheumd' "$TMP/ex.out" \
    || { echo "FAIL: examples/comorbidity.py"; cat "$TMP/ex.out"; exit 1; }
done
# the ACO analyst's workflow (issue #20): 1,000,000 claim rows to a settled
# per-ACO table, checked against pandas and the formulas by hand; the same
# numbers as examples/aco_claims.R (tests/r.sh).  It needs numpy and pandas.
for py in $pys; do
  $py -c 'import numpy, pandas' 2>/dev/null || { echo "numpy/pandas not available for $py: aco_claims not run"; continue; }
  PYTHONPATH="$top_srcdir/bindings/python" $py "$top_srcdir/examples/aco_claims.py" "$TMP" > "$TMP/ex.out"
  grep -q 'A1001 shared_savings   5708 beneficiaries    5299.25 person-years  benchmark   37,094,750.00  expenditure   35,078,282.55  savings rate   5.44%  final payment   1,008,233.73' "$TMP/ex.out" \
    && grep -q 'cap          loss cap 1.50% of the benchmark = 229,803.75 binds' "$TMP/ex.out" \
    && grep -q "claim rows as records: refused: beneficiary\[10946\] repeats beneficiary\[0\] ('B000000')" "$TMP/ex.out" \
    || { echo "FAIL: examples/aco_claims.py"; cat "$TMP/ex.out"; exit 1; }
  PYTHONPATH="$top_srcdir/bindings/python" $py "$top_srcdir/tests/workflow/aco_claims_check.py" "$top_srcdir/examples" \
    > "$TMP/ex.out" 2>&1 || { echo "FAIL: tests/workflow/aco_claims_check.py"; cat "$TMP/ex.out"; exit 1; }
  tail -1 "$TMP/ex.out"
  [ -n "$DEBIAN_PYTHON" ] && break  # once is enough: 1,000,000 rows
done
# the Python API pages (pydoc, offline) build
if [ -n "$DEBIAN_PYTHON" ]; then
  PYTHONPATH="$top_srcdir/bindings/python" $DEBIAN_PYTHON "$top_srcdir/docs/python/api_html.py" "$TMP/api" \
    || { echo "FAIL: docs/python/api_html.py"; exit 1; }
  grep -q 'libvalue.plots.html' "$TMP/api/index.html" || { echo "FAIL: no plots page in the Python API"; exit 1; }
fi
# the type check of the package (mypy from Debian: python3-mypy; its
# settings are in bindings/python/pyproject.toml)
if [ -n "$DEBIAN_PYTHON" ] && $DEBIAN_PYTHON -m mypy --version >/dev/null 2>&1; then
  (cd "$top_srcdir/bindings/python" && $DEBIAN_PYTHON -m mypy --cache-dir "$TMP/mypy-cache") \
    || { echo "FAIL: mypy"; exit 1; }
else
  [ "${VALUE_STRICT:-0}" = 1 ] && { echo "FAIL: mypy is needed (Debian: apt-get install python3-mypy)"; exit 1; }
  echo "mypy not available: type check not run"
fi
# pip install of the package, offline (its in-tree backend needs no index)
cp -R "$top_srcdir/bindings/python" "$TMP/src" && chmod -R u+w "$TMP/src"
for py in $pys; do
  if ! $py -m pip --version >/dev/null 2>&1; then
    [ "${VALUE_STRICT:-0}" = 1 ] && { echo "FAIL: pip missing for $py"; exit 1; }
    echo "pip not available for $py: pip install not tested"; continue
  fi
  rm -rf "$TMP/site"
  $py -m pip install --quiet --no-deps --no-index --target "$TMP/site" "$TMP/src" 2>&1 | grep -v 'as the .root. user' || true
  (cd "$TMP" && PYTHONPATH="$TMP/site" $py -c \
    'import libvalue, sys; sys.exit(abs(libvalue.pv([-10000, 3000, 4200, 6800], 0.1) - 1188.4434123352216) > 1e-9)')
  [ -f "$TMP/site/libvalue/py.typed" ] || { echo "FAIL: the installed package has no py.typed"; exit 1; }
  grep -q '^Provides-Extra: plots' "$TMP"/site/libvalue-*.dist-info/METADATA || { echo "FAIL: no plots extra"; exit 1; }
  echo "ok: pip install works for $py"
done
