#!/usr/bin/env python3
"""Offline HTML documentation of libvalue: C, Python and R in one tree.

Run by `make docs` after Doxygen has written the C API to OUT/c (Doxyfile:
HTML_OUTPUT = html/c, MATHJAX_RELPATH = ../mathjax).  This script adds

  OUT/mathjax     Debian's MathJax (libjs-mathjax): a relative symlink to
                  /usr/share/javascript/mathjax, or a copy with --copy-mathjax,
                  so the C pages' formulas render with no network;
  OUT/python/     a pydoc page per module of the Python package, from its
                  docstrings, and an index;
  OUT/r/          tools::Rd2HTML of every bindings/r/man/*.Rd, with R's own
                  KaTeX (r-base-core) copied in for the \\eqn{} formulas in
                  place of the CDN that R links to, the built vignettes'
                  HTML when there are any, and an index;
  OUT/index.html  the page that links the three.

Only the standard library; the Python pages import the package, so
LIBVALUE_LIBRARY must point at a built libvalue.so.
SPDX-License-Identifier: GPL-3.0-or-later
"""
import argparse
import glob
import html
import importlib
import os
import pkgutil
import pydoc
import re
import shutil
import subprocess
import sys

MATHJAX = "/usr/share/javascript/mathjax"

STYLE = """body { font-family: sans-serif; max-width: 50em; margin: 2em auto; line-height: 1.45; color: #222 }
h1 { font-size: 1.6em } h2 { font-size: 1.25em; margin-top: 1.6em }
code { background: #f3f3f3; padding: 0 .2em }
ul.cols { columns: 2 } li { margin: .15em 0 }
.dim { color: #666 }"""


def page(title, body):
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>%s</title>\n<style>\n%s\n</style>\n</head>\n<body>\n%s\n</body>\n</html>\n"
            % (html.escape(title), STYLE, body))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def link_mathjax(out, copy):
    dest = os.path.join(out, "mathjax")
    if os.path.islink(dest) or os.path.isfile(dest):
        os.remove(dest)
    elif os.path.isdir(dest):
        shutil.rmtree(dest)
    if not os.path.isfile(os.path.join(MATHJAX, "MathJax.js")):
        sys.exit("docs/mkhtml.py: %s/MathJax.js not found (Debian: apt-get install libjs-mathjax)" % MATHJAX)
    if copy:
        shutil.copytree(MATHJAX, dest, symlinks=False,
                        ignore=shutil.ignore_patterns("test", "unpacked", "*.md"))
    else:
        os.symlink(os.path.relpath(MATHJAX, os.path.realpath(out)), dest)


# ---- Python ------------------------------------------------------------------

def python_modules(pkg_dir):
    """Every module of the package, from its files (private ones too)."""
    names = ["libvalue"]
    for info in pkgutil.walk_packages([pkg_dir], prefix="libvalue."):
        names.append(info.name)
    return sorted(set(names))


def python_pages(out, pydir):
    sys.path.insert(0, pydir)
    dest = os.path.join(out, "python")
    os.makedirs(dest, exist_ok=True)
    names = python_modules(os.path.join(pydir, "libvalue"))
    css = os.path.join(os.path.dirname(pydoc.__file__), "pydoc_data", "_pydoc.css")
    if os.path.isfile(css):
        shutil.copyfile(css, os.path.join(dest, "pydoc.css"))
    else:
        write(os.path.join(dest, "pydoc.css"), "")
    rows = []
    for name in names:
        mod = importlib.import_module(name)
        text = pydoc.html.page(pydoc.describe(mod), pydoc.html.document(mod, name))
        text = text.replace("</head>", '<link rel="stylesheet" type="text/css" href="pydoc.css">\n</head>', 1)
        # a tree that can be copied: the source named from the package, not by
        # this machine's path; the index is index.html; no links to pages of
        # other packages (the standard library's), which are not in the tree
        text = re.sub(r'<a href="file:[^"]*">([^<]*)</a>', r"\1", text)
        text = text.replace(os.path.abspath(pydir) + os.sep, "bindings/python/")
        lib = os.environ.get("LIBVALUE_LIBRARY")
        if lib:
            text = text.replace(lib, os.path.basename(lib))
        text = text.replace('<a href=".">index</a>', '<a href="index.html">index</a>')
        text = re.sub(r'<a href="(?!libvalue[.\w]*\.html|index\.html)[\w.]+\.html(?:#[^"]*)?">([^<]*)</a>', r"\1", text)
        write(os.path.join(dest, name + ".html"), text)
        summary = (pydoc.splitdoc(pydoc.getdoc(mod))[0] or "").strip()
        rows.append('<li><a href="%s.html"><code>%s</code></a> <span class="dim">%s</span></li>'
                    % (html.escape(name), html.escape(name), html.escape(summary)))
    # the walkthroughs under docs/python (runnable scripts), shown as source
    walks = []
    for f in sorted(glob.glob(os.path.join(pydir, "..", "..", "docs", "python", "*.py"))):
        base = os.path.basename(f)[:-3]
        src = open(f, encoding="utf-8").read()
        doc = (pydoc.splitdoc(re.match(r'\s*(?:#[^\n]*\n\s*)*(?:"""(.*?)""")?', src, re.S).group(1) or "")[0]).strip()
        write(os.path.join(dest, "walkthroughs", base + ".html"),
              page(base, '<p><a href="../index.html">libvalue for Python</a></p>\n<h1>%s</h1>\n<p>%s</p>\n'
                   "<p>Run it with <code>python3 docs/python/%s.py</code>.</p>\n<pre>%s</pre>"
                   % (html.escape(base), html.escape(doc), html.escape(base), html.escape(src))))
        walks.append('<li><a href="walkthroughs/%s.html">%s</a> <span class="dim">%s</span></li>'
                     % (html.escape(base), html.escape(base), html.escape(doc)))
    walk_html = "<h2>Walkthroughs</h2>\n<ul>\n%s\n</ul>\n" % "\n".join(walks) if walks else ""
    body = ("<h1>libvalue for Python</h1>\n<p><a href=\"../index.html\">libvalue documentation</a></p>\n"
            "<p>The Python package <code>libvalue</code> (ctypes): the hand-written layer per family, "
            "re-exported at the top of <code>libvalue</code>, over the low layer generated from "
            "<code>value.h</code> (<code>libvalue._lowlevel</code>).  One page per module, from its "
            "docstrings.</p>\n%s<h2>Modules</h2>\n<ul>\n%s\n</ul>" % (walk_html, "\n".join(rows)))
    write(os.path.join(dest, "index.html"), page("libvalue for Python", body))
    return names


# ---- R -----------------------------------------------------------------------

R_SCRIPT = r"""
args <- commandArgs(TRUE)
dest <- args[1]
version <- read.dcf(args[2], fields = "Version")[1, 1]
for (f in args[-(1:2)]) {
  out <- file.path(dest, sub("\\.Rd$", ".html", basename(f)))
  tools::Rd2HTML(f, out = out, package = c("libvalue", version), stylesheet = "R.css")
}
"""

R_DOC = "/usr/share/R/doc/html"


def rd_fields(path):
    text = open(path, encoding="utf-8").read()
    title = re.search(r"\\title\{((?:[^{}]|\{[^{}]*\})*)\}", text)
    title = re.sub(r"\\[a-z]+\{([^{}]*)\}", r"\1", title.group(1)) if title else ""
    return re.findall(r"\\alias\{([^}]*)\}", text), " ".join(title.split())


def r_pages(out, rdir, rscript, vignette_dirs):
    dest = os.path.join(out, "r")
    os.makedirs(dest, exist_ok=True)
    rds = sorted(glob.glob(os.path.join(rdir, "man", "*.Rd")))
    if rds:
        subprocess.run([rscript, "--vanilla", "-e", R_SCRIPT, dest, os.path.join(rdir, "DESCRIPTION")] + rds,
                       check=True, stdout=subprocess.DEVNULL)
    rdoc = R_DOC
    if not os.path.isdir(rdoc):
        rdoc = subprocess.run([rscript, "--vanilla", "-e", 'cat(R.home("doc"))'], check=True,
                              capture_output=True, text=True).stdout.strip() + "/html"
    for f in ("R.css", "katex-config.js"):
        shutil.copyfile(os.path.join(rdoc, f), os.path.join(dest, f))
    if os.path.isdir(os.path.join(dest, "katex")):
        shutil.rmtree(os.path.join(dest, "katex"))
    shutil.copytree(os.path.join(rdoc, "katex"), os.path.join(dest, "katex"))
    # R links static pages to KaTeX on a CDN: point them at the local copy
    for f in glob.glob(os.path.join(dest, "*.html")):
        text = open(f, encoding="utf-8").read()
        text = re.sub(r'https://cdn\.jsdelivr\.net/npm/katex@[^/"]*/dist/katex\.min\.(js|css)',
                      r"katex/katex.\1", text)
        write(f, text)
    # vignettes: the built HTML, wherever R CMD build / check left it
    vig = []
    for d in vignette_dirs:
        for f in sorted(glob.glob(os.path.join(d, "*.html"))):
            name = os.path.basename(f)
            if name in [v for v, _ in vig] or name == "index.html":
                continue
            os.makedirs(os.path.join(dest, "vignettes"), exist_ok=True)
            shutil.copyfile(f, os.path.join(dest, "vignettes", name))
            m = re.search(r"<title>(.*?)</title>", open(f, encoding="utf-8", errors="replace").read(), re.S)
            vig.append((name, " ".join(m.group(1).split()) if m else name))
    rows = []
    pages = {}
    for f in rds:
        base = os.path.basename(f)[:-3]
        aliases, title = rd_fields(f)
        for a in aliases:
            pages[a] = base + ".html"
        rows.append('<li><a href="%s.html"><code>%s</code></a> %s <span class="dim">(%s)</span></li>'
                    % (html.escape(base), html.escape(base), html.escape(title),
                       html.escape(", ".join(a for a in aliases if a != base))))
    vig_html = ""
    if vig:
        vig_html = "<h2>Vignettes</h2>\n<ul>\n%s\n</ul>\n" % "\n".join(
            '<li><a href="vignettes/%s">%s</a></li>' % (html.escape(n), html.escape(t)) for n, t in vig)
    body = ("<h1>libvalue for R</h1>\n<p><a href=\"../index.html\">libvalue documentation</a></p>\n"
            "<p>The R package <code>libvalue</code> (.Call): its help pages, rendered by "
            "<code>tools::Rd2HTML</code> (in R, <code>help(package = \"libvalue\")</code>).  "
            "In R every index counts from 1.</p>\n%s<h2>Help pages</h2>\n<ul>\n%s\n</ul>"
            % (vig_html, "\n".join(rows)))
    write(os.path.join(dest, "index.html"), page("libvalue for R", body))
    return pages, vig


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="the HTML tree (Doxygen's C pages in OUT/c)")
    ap.add_argument("--srcdir", required=True, help="the source tree")
    ap.add_argument("--rscript", default="Rscript")
    ap.add_argument("--vignettes", action="append", default=[],
                    help="a folder that may hold built vignettes' HTML (repeatable)")
    ap.add_argument("--copy-mathjax", action="store_true",
                    help="copy MathJax into the tree (for a tree moved to another machine)")
    a = ap.parse_args()
    if not os.path.isfile(os.path.join(a.out, "c", "index.html")):
        sys.exit("docs/mkhtml.py: no %s/c/index.html: run Doxygen first (make docs)" % a.out)
    link_mathjax(a.out, a.copy_mathjax)
    modules = python_pages(a.out, os.path.join(a.srcdir, "bindings", "python"))
    rdir = os.path.join(a.srcdir, "bindings", "r")
    r_dirs = a.vignettes + [os.path.join(rdir, "inst", "doc"), os.path.join(rdir, "doc")]
    pages, vig = r_pages(a.out, rdir, a.rscript, r_dirs)
    version = re.search(r'PROJECT_NUMBER\s*=\s*(\S+)', open(os.path.join(a.out, "..", "Doxyfile")).read()) \
        if os.path.isfile(os.path.join(a.out, "..", "Doxyfile")) else None
    body = """<h1>libvalue%s</h1>
<p>libvalue is a C library for value-based health care (value = health
outcomes achieved / cost of achieving them, over the full cycle of care):
time-driven activity-based costing, outcome measures and economic
evaluation (EQ-5D, QALYs, discounting, cost-effectiveness, PSA, Markov
models), risk adjustment and provider comparison, payment contracts and
their settlement, and the CMS programs.  The same library is used from C,
from Python and from R; these pages need no network (formulas are drawn by
the MathJax and KaTeX of this tree).</p>
<h2><a href="c/index.html">C API</a></h2>
<p>The public header <code>value.h</code>, one section per module (see
<a href="c/modules.html">Modules</a>), each function with its formula or
published source, its parameters and every error it returns.  Errors are
negative <code>VALUE_E*</code> codes, and <code>value_errmsg()</code> names
the argument and the value at fault; indices in messages count from 0.</p>
<h2><a href="python/index.html">Python API</a></h2>
<p>The package <code>libvalue</code>: %d modules, one page each from the
docstrings.</p>
<h2><a href="r/index.html">R API</a></h2>
<p>The R package <code>libvalue</code>: %d help pages%s.  In R every index
counts from 1.</p>
<p class="dim">Built by <code>make docs</code> (Doxygen, pydoc,
<code>tools::Rd2HTML</code>).  GPL-3.0-or-later.</p>""" % (
        " " + html.escape(version.group(1)) if version else "", len(modules),
        len(set(pages.values())), " and %d vignette%s" % (len(vig), "" if len(vig) == 1 else "s") if vig else "")
    write(os.path.join(a.out, "index.html"), page("libvalue documentation", body))
    print("HTML in %s" % os.path.join(os.path.abspath(a.out), "index.html"))


if __name__ == "__main__":
    main()
