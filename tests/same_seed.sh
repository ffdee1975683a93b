#!/bin/sh
# The same seed gives the same PSA draws from C, Python and R: one sampler
# (beta, gamma, triangular, Dirichlet, a copula pair, a multivariate normal
# block), drawn in each language, printed to 17 significant digits, compared;
# and a model file's PSA (examples/models/thr.yaml: beta, gamma and a
# multivariate normal block), its costs and effects compared the same way.
. "$top_srcdir/tests/lib.sh"
need "$PYTHON" python3 python3
need "$RSCRIPT" Rscript r-base-dev
export PKG_CONFIG_PATH="$STAGE_PKGCONFIGDIR" PKG_CONFIG_SYSROOT_DIR="$STAGE" LD_LIBRARY_PATH="$STAGE_LIBDIR" \
  LIBVALUE_LIBRARY="$STAGE_LIBDIR/libvalue.so.0" PYTHONPATH="$top_srcdir/bindings/python"
cat > "$TMP/draw.c" <<'C'
#include <stdio.h>
#include <value.h>
int main(void)
{
    value_sampler *s = NULL;
    size_t i;
    const char *names[] = {"b0", "b1"};
    double alpha[] = {10, 20, 70}, mean[] = {0.5, -1}, cov[] = {0.04, -0.01, -0.01, 0.09}, out[5 * 8];
    if (value_sampler_new(&s) || value_sampler_add(s, "p", VALUE_SAMPLER_BETA_MEANSD, 0.3, 0.05, 0, 0, &i) ||
        value_sampler_add(s, "c", VALUE_SAMPLER_GAMMA_MEANSD, 1000, 100, 0, 0, &i) ||
        value_sampler_add(s, "u", VALUE_SAMPLER_TRIANGULAR, 0.5, 0.7, 0.9, 0, &i) ||
        value_sampler_add_dirichlet(s, "row", alpha, 3, &i) || value_sampler_set_correlation(s, 0, 1, 0.5) ||
        value_sampler_add_mvnormal(s, names, mean, cov, 2, &i) || value_sampler_draw(s, 20261122, 5, out, 40)) {
        fprintf(stderr, "%s\n", value_errmsg());
        return 1;
    }
    for (int k = 0; k < 40; k++)
        printf("%.17g\n", out[k]);
    value_sampler_free(s);
    return 0;
}
C
$CC "$TMP/draw.c" $($PKG_CONFIG --cflags --libs libvalue) -o "$TMP/draw"
"$TMP/draw" > "$TMP/c.txt"
$PYTHON -c '
import libvalue
s = libvalue.Sampler()
s.add("p", "beta_meansd", 0.3, 0.05); s.add("c", "gamma", 1000, 100); s.add("u", "triangular", 0.5, 0.7, 0.9)
s.add_dirichlet("row", [10, 20, 70]); s.correlate("p", "c", 0.5)
s.add_mvnormal(["b0", "b1"], [0.5, -1], [[0.04, -0.01], [-0.01, 0.09]])
for row in s.draw(5, 20261122):
    for v in row:
        print("%.17g" % v)' > "$TMP/py.txt"
cp -R "$top_srcdir/bindings/r" "$TMP/rpkg" && chmod -R u+w "$TMP/rpkg" && mkdir "$TMP/rlib"
"$R_CMD" CMD INSTALL --library="$TMP/rlib" "$TMP/rpkg" > "$TMP/rinstall.log" 2>&1 || { cat "$TMP/rinstall.log"; exit 1; }
R_LIBS="$TMP/rlib" "$RSCRIPT" -e '
library(libvalue)
s <- psa_sampler()
sampler_add(s, "p", "beta_meansd", 0.3, 0.05); sampler_add(s, "c", "gamma", 1000, 100)
sampler_add(s, "u", "triangular", 0.5, 0.7, 0.9); sampler_add_dirichlet(s, "row", c(10, 20, 70))
sampler_correlate(s, "p", "c", 0.5)
sampler_add_mvnormal(s, c("b0", "b1"), c(0.5, -1), matrix(c(0.04, -0.01, -0.01, 0.09), 2))
writeLines(sprintf("%.17g", as.vector(t(sampler_draw(s, 5, 20261122)))))' > "$TMP/r.txt"
diff "$TMP/c.txt" "$TMP/py.txt" && diff "$TMP/c.txt" "$TMP/r.txt" || { echo "FAIL: draws differ between languages"; exit 1; }
echo "ok: C, Python and R draw the same $(wc -l < "$TMP/c.txt") values from seed 20261122"

# The model's PSA: N draws x J strategies of costs, then of effects, in the
# library's simulation-major order.
thr="$top_srcdir/examples/models/thr.yaml"
cat > "$TMP/model.c" <<'C'
#include <stdio.h>
#include <value.h>
enum { N = 25 };
int main(int argc, char **argv)
{
    value_model *m = NULL;
    size_t j = 0;
    double cost[N * 8], effect[N * 8];
    if (argc != 2 || value_model_load(argv[1], &m) || value_model_count(m, VALUE_MODEL_STRATEGIES, &j) || j > 8 ||
        value_model_psa(m, NULL, 20261122, N, cost, effect, N * j, NULL, 0)) {
        fprintf(stderr, "%s\n", value_errmsg());
        value_model_free(m);
        return 1;
    }
    for (size_t k = 0; k < N * j; k++)
        printf("%.17g\n", cost[k]);
    for (size_t k = 0; k < N * j; k++)
        printf("%.17g\n", effect[k]);
    value_model_free(m);
    return 0;
}
C
$CC "$TMP/model.c" $($PKG_CONFIG --cflags --libs libvalue) -o "$TMP/model"
"$TMP/model" "$thr" > "$TMP/mc.txt"
$PYTHON -c '
import sys, libvalue
r = libvalue.Model.load(sys.argv[1]).psa(25, 20261122)
for a in (r.cost, r.effect):
    for row in a:
        for v in row:
            print("%.17g" % v)' "$thr" > "$TMP/mpy.txt"
R_LIBS="$TMP/rlib" "$RSCRIPT" -e '
library(libvalue)
r <- model_psa(model_load(commandArgs(TRUE)[1]), 25, 20261122)
writeLines(sprintf("%.17g", c(as.vector(t(r$cost)), as.vector(t(r$effect)))))' "$thr" > "$TMP/mr.txt"
[ "$(wc -l < "$TMP/mc.txt")" -eq 100 ] || { echo "FAIL: the C model PSA gave $(wc -l < "$TMP/mc.txt") lines, not 100"; exit 1; }
diff "$TMP/mc.txt" "$TMP/mpy.txt" && diff "$TMP/mc.txt" "$TMP/mr.txt" \
  || { echo "FAIL: the model PSA's costs and effects differ between languages"; exit 1; }
echo "ok: C, Python and R give the same $(wc -l < "$TMP/mc.txt") PSA costs and effects of thr.yaml from seed 20261122"
