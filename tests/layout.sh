#!/bin/sh
# Name = module = file (docs/design.md, "Layout"): every public function
# value_<module>_<verb> is defined, literally (no macro makes it), in
# lib/<family>/<module>.c or lib/<family>/<module>_<seam>.c; the three core
# functions value_<verb> in lib/core/core.c; every public type and constant
# names its module; every internal header is named after a module of its
# folder (or is core's).
. "$top_srcdir/tests/lib.sh"
need "$PYTHON" python3 python3
exec "$PYTHON" - "$top_srcdir" <<'PY'
import glob, os, re, sys
top = sys.argv[1]
header = open(os.path.join(top, "include", "value.h")).read()
functions = sorted(set(re.findall(r"^VALUE_API [^(;]*?\b(value_[a-z0-9_]+)\(", header, re.M)))
sources = {}
for path in glob.glob(os.path.join(top, "lib", "*", "*.c")):
    sources[os.path.relpath(path, top)] = open(path).read()
stems = {os.path.splitext(os.path.basename(p))[0] for p in sources}
CORE = {"value_version", "value_strerror", "value_errmsg"}
bad = []
modules = set()
for f in functions:
    if f in CORE:
        module, allowed = "core", lambda p: p == "lib/core/core.c"
    else:
        module = f.split("_")[1]
        allowed = lambda p, m=module: re.fullmatch(r"lib/[a-z]+/%s(_[a-z0-9]+)?\.c" % re.escape(m), p) is not None
        modules.add(module)
    defs = [p for p, text in sources.items()
            if re.search(r"^[A-Za-z][^;\n]*[ *]%s\((?![^)]*\)\s*;)" % re.escape(f), text, re.M)]
    if len(defs) != 1:
        bad.append("%s: defined in %s (want exactly one literal definition)" % (f, defs or "no file"))
    elif not allowed(defs[0]):
        bad.append("%s: defined in %s, not in its module's file (lib/<family>/%s.c or %s_<seam>.c)"
                   % (f, defs[0], module, module))
# Public types and constants name a module (core: the status codes, version macros).
for t in sorted(set(re.findall(r"\b(value_[a-z0-9_]+)\s*;\s*$", header, re.M)) | set(re.findall(r"^typedef (?:enum|struct) (value_[a-z0-9_]+)", header, re.M))):
    if t.split("_")[1] not in modules and t != "value_status":
        bad.append("type %s names no module" % t)
for c in sorted(set(re.findall(r"^\s+(VALUE_[A-Z0-9_]+)\s*=", header, re.M)) | set(re.findall(r"^#define (VALUE_[A-Z0-9_]+)", header, re.M))):
    word = c.split("_")[1].lower()
    if word in modules or c == "VALUE_OK" or re.fullmatch(r"VALUE_E[A-Z]+", c) or c.startswith("VALUE_VERSION_") \
            or c in ("VALUE_H", "VALUE_API", "VALUE_H_EXPERIMENTAL"):
        continue
    bad.append("constant %s names no module" % c)
# Internal headers belong to one module of their folder (core's serve all).
for h in glob.glob(os.path.join(top, "lib", "*", "*.h")):
    rel = os.path.relpath(h, top)
    folder, stem = rel.split("/")[1], os.path.splitext(os.path.basename(h))[0]
    if folder == "core":
        continue
    here = {os.path.splitext(os.path.basename(p))[0] for p in sources if p.split("/")[1] == folder}
    if stem not in here and stem.split("_")[0] not in here:
        bad.append("%s: an internal header named after no module of lib/%s/" % (rel, folder))
for b in bad:
    print("FAIL: " + b)
if bad:
    sys.exit(1)
print("ok: %d public functions each in its module's file; %d modules; types, constants and headers name modules"
      % (len(functions), len(modules)))
PY
