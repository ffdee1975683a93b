#!/bin/sh
# The main C example runs and prints what its comments promise.
. "$top_srcdir/tests/lib.sh"
out=$(LD_LIBRARY_PATH="$STAGE_LIBDIR" "$top_builddir/examples/demo" "$top_srcdir/tests/data/cms/mssp_py2014_aco_puf.csv")
echo "$out"
echo "$out" | grep -q "MSSP 2014: 330 Track 1 ACOs checked against CMS's PUF, 0 mismatches" \
  || { echo "FAIL: demo MSSP 2014 reproduction"; exit 1; }
echo "$out" | grep -q 'shared       savings rate 7.14% >= MSR 2.35%: shared 45.85% of 32,173,449' \
  || { echo "FAIL: demo MSSP explanation"; exit 1; }
echo "$out" | grep -q '1188.44' || { echo "FAIL: demo output"; exit 1; }
echo "$out" | grep -q 'asthma visit (TDABC): \$79.50' || { echo "FAIL: demo TDABC output"; exit 1; }
echo "$out" | grep -q 'ICER \$118533 per QALY; at \$100,000/QALY the new drug is not cost-effective' \
  || { echo "FAIL: demo CEA output"; exit 1; }
out=$(LD_LIBRARY_PATH="$STAGE_LIBDIR" "$top_builddir/examples/hiv_markov")
echo "$out"
echo "$out" | grep -q 'monotherapy:  cost 44663.4535637, life years 7.9912066' || { echo "FAIL: hiv_markov"; exit 1; }
echo "$out" | grep -q 'ICER: 6275.95560 per life year gained' || { echo "FAIL: hiv_markov ICER"; exit 1; }
out=$(LD_LIBRARY_PATH="$STAGE_LIBDIR" "$top_builddir/examples/risk_adjust")
echo "$out"
echo "$out" | grep -q 'Hospital X: 200 patients, raw 12.0%, expected 15.0%, O/E 0.80' || { echo "FAIL: risk_adjust X"; exit 1; }
echo "$out" | grep -q 'Hospital Y:  50 patients, raw  6.0%, expected  5.0%, O/E 1.20' || { echo "FAIL: risk_adjust Y"; exit 1; }
echo "$out" | grep -q 'risk adjustment reverses the ranking' || { echo "FAIL: risk_adjust reversal"; exit 1; }
out=$(LD_LIBRARY_PATH="$STAGE_LIBDIR" "$top_builddir/examples/model_file" "$top_srcdir/examples/models/thr.yaml" 2000)
echo "$out"
# heemod's printed THR results (Briggs et al.): 512.4327 / 14.65283, 610.3112 / 14.69734
echo "$out" | grep -q 'standard   cost     512.4327  effect   14.65283' || { echo "FAIL: model_file THR standard"; exit 1; }
echo "$out" | grep -q 'np1        cost     610.3112  effect   14.69734' || { echo "FAIL: model_file THR np1"; exit 1; }
echo "$out" | grep -q 'P(np1 is cost-effective) = 0\.[34]' || { echo "FAIL: model_file THR CEAC near 0.40 at 2000"; exit 1; }
# A missing input is a non-zero exit with a message naming it, never a silent 0.
if LD_LIBRARY_PATH="$STAGE_LIBDIR" "$top_builddir/examples/demo" "$TMP/no-such.csv" > /dev/null 2> "$TMP/err"; then
  echo "FAIL: demo exits 0 without its input"; exit 1
fi
grep -q "cannot read $TMP/no-such.csv" "$TMP/err" || { echo "FAIL: demo's message for a missing file:"; cat "$TMP/err"; exit 1; }
