#!/bin/sh
# The offline HTML documentation (make docs: docs/mkhtml.py after Doxygen) is
# whole and needs no network: no page loads a script or stylesheet over
# http(s); the MathJax that the C pages load is a file on disk; a page of
# formulas has MathJax markup; every VALUE_API function of value.h has an
# anchor; every Python module has a page; every function the R package
# exports has a page; the index links the three.
. "$top_srcdir/tests/lib.sh"
need "$DOXYGEN" doxygen doxygen
need "$PYTHON" python3 python3
need "$RSCRIPT" Rscript r-base-dev
test -f /usr/share/javascript/mathjax/MathJax.js || {
  [ "${VALUE_STRICT:-0}" = 1 ] && { echo "FAIL: MathJax is needed (Debian: apt-get install libjs-mathjax)"; exit 1; }
  echo "SKIP: MathJax not found (Debian: apt-get install libjs-mathjax)"; exit 77; }
sed -e "s|^OUTPUT_DIRECTORY .*|OUTPUT_DIRECTORY = $TMP|" "$top_builddir/docs/Doxyfile" > "$TMP/Doxyfile"
mkdir -p "$TMP/html"
(cd "$top_builddir" && "$DOXYGEN" "$TMP/Doxyfile") > "$TMP/doxygen.log" 2>&1 || { cat "$TMP/doxygen.log"; echo "FAIL: doxygen"; exit 1; }
LIBVALUE_LIBRARY="$STAGE_LIBDIR/libvalue.so.0" PYTHONDONTWRITEBYTECODE=1 \
  "$PYTHON" "$top_srcdir/docs/mkhtml.py" --out "$TMP/html" --srcdir "$top_srcdir" --rscript "$RSCRIPT" > "$TMP/mkhtml.log" 2>&1 \
  || { cat "$TMP/mkhtml.log"; echo "FAIL: docs/mkhtml.py"; exit 1; }
exec "$PYTHON" - "$top_srcdir" "$TMP/html" <<'PY'
import glob, os, pkgutil, re, sys
top, out = sys.argv[1], sys.argv[2]
bad = []

pages = [p for p in glob.glob(os.path.join(out, "**", "*.html"), recursive=True)
         if os.sep + "mathjax" + os.sep not in p and os.sep + "katex" + os.sep not in p]
if len(pages) < 50:
    bad.append("only %d pages" % len(pages))

# 1. nothing loaded over the network: no script or stylesheet at an http(s) URL
remote = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)
cdn = re.compile(r"cdn\.jsdelivr|cdnjs|unpkg\.com|mathjax\.org|googleapis", re.I)
for p in pages:
    text = open(p, encoding="utf-8", errors="replace").read()
    m = remote.search(text)
    if m:
        bad.append("%s loads %s" % (os.path.relpath(p, out), text[m.start():m.start() + 120]))
    for tag in re.findall(r"<(?:script|link)\b[^>]*>", text, re.I):
        if cdn.search(tag):
            bad.append("%s names a CDN: %s" % (os.path.relpath(p, out), tag))

# 2. the MathJax script of the C pages resolves to a file, and so do R's KaTeX files
def local_refs(page, pattern):
    text = open(page, encoding="utf-8").read()
    return [os.path.normpath(os.path.join(os.path.dirname(page), r.split("?")[0]))
            for r in re.findall(pattern, text)]
c_pages = glob.glob(os.path.join(out, "c", "*.html"))
mj = [r for p in c_pages for r in local_refs(p, r"<script[^>]*src=\"([^\"]*MathJax\.js[^\"]*)\"")]
if not mj:
    bad.append("no C page loads MathJax.js")
for r in set(mj):
    if not os.path.isfile(r):
        bad.append("MathJax script %s is not a file" % r)
    for part in ("extensions/tex2jax.js", "jax/input/TeX/config.js", "jax/output/HTML-CSS/config.js"):
        if not os.path.isfile(os.path.join(os.path.dirname(r), part)):
            bad.append("MathJax has no %s" % part)
for p in glob.glob(os.path.join(out, "r", "*.html")):
    for r in local_refs(p, r"<(?:script|link)[^>]*(?:src|href)=\"([^\"#:]+)\""):
        if not os.path.isfile(r):
            bad.append("%s: %s is not a file" % (os.path.relpath(p, out), r))

# 3. formulas: the discounting page has MathJax markup (\( ... \)) and loads MathJax
disc = os.path.join(out, "c", "group__discount.html")
text = open(disc, encoding="utf-8").read() if os.path.isfile(disc) else ""
if not (re.search(r"\\\(\s*PV = \\sum", text) and "MathJax.js" in text):
    bad.append("group__discount.html has no MathJax formula for PV")

# 4. every VALUE_API function of value.h has an anchor in the C pages
header = open(os.path.join(top, "include", "value.h")).read()
functions = sorted(set(re.findall(r"^VALUE_API [^(;]*?\b(value_[a-z0-9_]+)\(", header, re.M)))
anchors = {}
for p in c_pages:
    t = open(p, encoding="utf-8").read()
    ids = set(re.findall(r"id=\"(g?a[0-9a-f]+)\"", t))
    for a, name in re.findall(r"<h2 class=\"memtitle\"><span class=\"permalink\"><a href=\"#(g?a[0-9a-f]+)\">"
                              r"[^<]*</a></span>(value_[a-z0-9_]+)\(\)", t):
        if a in ids:
            anchors[name] = os.path.basename(p) + "#" + a
missing = [f for f in functions if f not in anchors]
if missing:
    bad.append("%d functions have no anchor: %s" % (len(missing), " ".join(missing[:10])))

# 5. every Python module has a page
pkg = os.path.join(top, "bindings", "python", "libvalue")
modules = ["libvalue"] + [i.name for i in pkgutil.walk_packages([pkg], prefix="libvalue.")]
files = sorted(os.path.relpath(f, os.path.dirname(pkg))[:-3].replace(os.sep, ".").replace(".__init__", "")
               for f in glob.glob(os.path.join(pkg, "**", "*.py"), recursive=True))
for m in sorted(set(modules) | set(files)):
    if not os.path.isfile(os.path.join(out, "python", m + ".html")):
        bad.append("no page for Python module %s" % m)

# 6. every function the R package exports has a page (an Rd with its alias)
ns = open(os.path.join(top, "bindings", "r", "NAMESPACE")).read()
exports = sorted({x.strip() for m in re.findall(r"export\(([^)]*)\)", ns, re.S) for x in m.split(",") if x.strip()})
page_of = {}
for rd in glob.glob(os.path.join(top, "bindings", "r", "man", "*.Rd")):
    for a in re.findall(r"\\alias\{([^}]*)\}", open(rd, encoding="utf-8").read()):
        page_of[a] = os.path.basename(rd)[:-3] + ".html"
for e in exports:
    f = page_of.get(e)
    if f is None or not os.path.isfile(os.path.join(out, "r", f)):
        bad.append("no R help page for export %s" % e)
    elif not re.search(r"(?<![\w.])%s\(" % re.escape(e), open(os.path.join(out, "r", f), encoding="utf-8").read()):
        bad.append("R page %s does not show the usage of %s" % (f, e))

# 7. the index links the three parts
index = open(os.path.join(out, "index.html"), encoding="utf-8").read()
for href in ("c/index.html", "python/index.html", "r/index.html"):
    if 'href="%s"' % href not in index or not os.path.isfile(os.path.join(out, href)):
        bad.append("index.html does not link %s" % href)

if bad:
    print("FAIL: the HTML documentation:\n  " + "\n  ".join(bad))
    sys.exit(1)
print("ok: HTML docs offline: %d pages, %d C functions anchored, %d Python modules, %d R exports, MathJax at %s"
      % (len(pages), len(anchors), len(set(modules) | set(files)), len(exports), os.path.relpath(sorted(set(mj))[0], out)))
PY
