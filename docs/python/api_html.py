# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python API as HTML pages, offline: one page per public module of
the libvalue package (the standard library's pydoc), and an index.

    python3 docs/python/api_html.py OUTDIR

(with PYTHONPATH=bindings/python and LIBVALUE_LIBRARY set, as for the
tests).  The HTML docs link OUTDIR/index.html as the Python API.
"""

import html
import importlib
import os
import pkgutil
import pydoc
import sys


def modules():
    import libvalue
    root = os.path.dirname(libvalue.__file__)
    names = ["libvalue"] + [i.name for i in pkgutil.walk_packages([root], "libvalue.")]
    return [n for n in names if not n.rsplit(".", 1)[-1].startswith("_")]


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    doc = pydoc.HTMLDoc()
    rows = []
    for name in modules():
        mod = importlib.import_module(name)
        page = doc.page(pydoc.describe(mod), doc.document(mod, name))
        with open(os.path.join(outdir, name + ".html"), "w", encoding="utf-8") as f:
            f.write(page)
        summary = (mod.__doc__ or "").strip().split("\n")[0]
        rows.append('<li><a href="%s.html">%s</a>: %s</li>' % (name, name, html.escape(summary)))
    with open(os.path.join(outdir, "index.html"), "w", encoding="utf-8") as f:
        f.write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>libvalue: Python API</title></head>"
                "<body><h1>libvalue: Python API</h1><ul>%s</ul></body></html>\n" % "".join(rows))
    print("%d pages in %s" % (len(rows) + 1, outdir))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: api_html.py OUTDIR")
    main(sys.argv[1])
