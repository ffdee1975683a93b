#!/bin/sh
# Every fuzz target replays its seed corpus and the reproducers of past
# findings (tests/fuzz/{corpus,regressions}/<target>/): none may break a
# promise of the library (the target aborts then).  Under make check-asan
# this runs under ASan+UBSan.
. "$top_srcdir/tests/lib.sh"
n=0
for dir in "$top_srcdir"/tests/fuzz/corpus/*/; do
  name=$(basename "$dir")
  bin="$top_builddir/tests/fuzz/fuzz_$name"
  [ -x "$bin" ] || { echo "FAIL: tests/fuzz/corpus/$name has no target $bin"; exit 1; }
  args="$dir"
  [ -d "$top_srcdir/tests/fuzz/regressions/$name" ] && args="$args $top_srcdir/tests/fuzz/regressions/$name"
  # -runs=0: libFuzzer builds only run the inputs; the plain runner ignores it
  # shellcheck disable=SC2086
  "$bin" -runs=0 $args > "$TMP/out" 2>&1 || { cat "$TMP/out"; echo "FAIL: fuzz_$name on its inputs"; exit 1; }
  n=$((n + $(find $args -type f | wc -l)))
done
for src in "$top_srcdir"/tests/fuzz/fuzz_*.c; do
  name=$(basename "$src" .c); name=${name#fuzz_}
  [ -d "$top_srcdir/tests/fuzz/corpus/$name" ] || { echo "FAIL: fuzz_$name has no seed corpus"; exit 1; }
done
echo "ok: $n corpus and regression inputs replayed"
