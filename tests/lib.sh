# Sourced by the script tests.  SPDX-License-Identifier: GPL-3.0-or-later
# A missing tool skips the test (exit 77) for packagers, and fails it when
# VALUE_STRICT=1, as the developers' `make check` sets.
set -eu
need() {
  if [ -z "$1" ] || ! command -v "$1" >/dev/null 2>&1; then
    if [ "${VALUE_STRICT:-0}" = 1 ]; then
      echo "FAIL: $2 is needed (Debian: apt-get install $3)"; exit 1
    fi
    echo "SKIP: $2 not found (Debian: apt-get install $3)"; exit 77
  fi
}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/libvalue-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
