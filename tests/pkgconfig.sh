#!/bin/sh
# An outside program builds with `cc x.c $(pkg-config --cflags --libs libvalue)`
# against a staged install, shared and static, and runs.
. "$top_srcdir/tests/lib.sh"
need "$PKG_CONFIG" pkg-config pkg-config
export PKG_CONFIG_PATH="$STAGE_PKGCONFIGDIR" PKG_CONFIG_SYSROOT_DIR="$STAGE"
test -f "$STAGE_INCLUDEDIR/value.h" || { echo "FAIL: value.h not installed"; exit 1; }
[ "$($PKG_CONFIG --modversion libvalue)" = "$PACKAGE_VERSION" ] || { echo "FAIL: libvalue.pc version"; exit 1; }
cat > "$TMP/x.c" <<'C'
#include <stdio.h>
#include <value.h>
int main(void)
{
    const double flows[] = {-10000, 3000, 4200, 6800};
    double pv;
    if (value_discount_pv_rate(flows, 4, 0.10, VALUE_DISCOUNT_END, &pv) != VALUE_OK) {
        fprintf(stderr, "%s\n", value_errmsg());
        return 1;
    }
    printf("%s %.2f\n", value_version(), pv);
    return 0;
}
C
$CC -Wall -Werror "$TMP/x.c" $($PKG_CONFIG --cflags --libs libvalue) -o "$TMP/x_shared"
out=$(LD_LIBRARY_PATH="$STAGE_LIBDIR" "$TMP/x_shared")
[ "$out" = "$PACKAGE_VERSION 1188.44" ] || { echo "FAIL: shared program printed '$out'"; exit 1; }
$CC "$TMP/x.c" $($PKG_CONFIG --cflags libvalue) "$STAGE_LIBDIR/libvalue.a" \
  $($PKG_CONFIG --static --libs libvalue | sed 's/-lvalue//') -o "$TMP/x_static"
out=$("$TMP/x_static")
[ "$out" = "$PACKAGE_VERSION 1188.44" ] || { echo "FAIL: static program printed '$out'"; exit 1; }
echo "ok: shared and static outside programs print '$out'"
