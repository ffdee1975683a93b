#!/bin/sh
# The repository stands on its own: no file of the project reads (or
# names) the folder beside it that the project was first built from, every
# fixture under tests/data is described in its README with its source, and
# the R package's copy of a fixture is the same file.
. "$top_srcdir/tests/lib.sh"
cd "$top_srcdir"
# The pattern is built from parts so that this file does not match itself.
outside="\.\./""shared|/shared/""(reference|seeds)"
if [ -d .git ] && command -v git > /dev/null 2>&1; then
  git ls-files -z | xargs -0 grep -I -l -E "$outside" -- > "$TMP/hits" 2>/dev/null || true
else
  find . -type f ! -path './.git/*' -print0 | xargs -0 grep -I -l -E "$outside" -- > "$TMP/hits" 2>/dev/null || true
fi
if [ -s "$TMP/hits" ]; then
  echo "FAIL: these files point outside the repository:"
  while read -r f; do grep -n -E "$outside" "$f" | sed "s|^|  $f:|"; done < "$TMP/hits"
  exit 1
fi
missing=0
for f in $(cd tests/data && find . -type f ! -name README.md | sed 's|^\./||'); do
  grep -q "$(basename "$f")" tests/data/README.md || { echo "FAIL: tests/data/$f is not described in tests/data/README.md"; missing=1; }
done
[ "$missing" = 0 ] || exit 1
for f in bindings/r/inst/extdata/*.csv; do
  src="tests/data/cms/$(basename "$f")"
  [ -f "$src" ] || src="tests/data/survival/$(basename "$f")"
  cmp -s "$f" "$src" || { echo "FAIL: $f differs from $src"; exit 1; }
done
for f in bindings/r/inst/extdata/*.yaml; do
  cmp -s "$f" "examples/models/$(basename "$f")" || { echo "FAIL: $f differs from examples/models/$(basename "$f")"; exit 1; }
done
echo "ok: nothing outside the repository is read; $(find tests/data -type f | wc -l) fixture files with their sources"
