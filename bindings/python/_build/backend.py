# SPDX-License-Identifier: GPL-3.0-or-later
"""A minimal PEP 517 build backend for the pure-Python libvalue package.

The package has no compiled parts, so a wheel is just its files plus
metadata in a zip.  Doing that here, with the standard library only,
means `pip install bindings/python` needs nothing from a package index:
no setuptools or wheel download, with or without build isolation.
"""

import base64
import hashlib
import os
import re
import tarfile
import zipfile

NAME = "libvalue"
SUMMARY = ("Value-based health care: costing, outcomes, risk adjustment and payment "
           "contracts (ctypes binding of the libvalue C library)")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _version():
    """value.h's version, as tools/bindgen wrote it into the generated
    libvalue/_constants.py (read, not imported: importing the package
    would load the C library)."""
    with open(os.path.join(ROOT, NAME, "_constants.py"), encoding="utf-8") as f:
        m = re.search(r'^VERSION = "([0-9]+\.[0-9]+\.[0-9]+)"$', f.read(), re.M)
    if m is None:
        raise RuntimeError("libvalue/_constants.py has no VERSION line: run 'make bindings'")
    return m.group(1)


VERSION = _version()
DIST_INFO = "%s-%s.dist-info" % (NAME, VERSION)
WHEEL_NAME = "%s-%s-py3-none-any.whl" % (NAME, VERSION)


# The optional extras, as in pyproject.toml: numpy arrays and DataFrames
# in and out, and the plots.
EXTRAS = {"numpy": ["numpy"], "pandas": ["numpy", "pandas"], "plots": ["matplotlib", "numpy"]}


def _metadata():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    extras = "".join("Provides-Extra: %s\n" % e + "".join('Requires-Dist: %s; extra == "%s"\n' % (d, e) for d in deps)
                     for e, deps in EXTRAS.items())
    return ("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: %s\n"
            "License: GPL-3.0-or-later\nRequires-Python: >=3.8\n%s"
            "Description-Content-Type: text/markdown\n\n%s" % (NAME, VERSION, SUMMARY, extras, readme))


def _package_files():
    """The package's .py files, its subpackages (one per family) included."""
    pkg = os.path.join(ROOT, NAME)
    for dirpath, dirnames, filenames in os.walk(pkg):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py") or name == "py.typed":
                path = os.path.join(dirpath, name)
                yield path, "/".join([NAME] + os.path.relpath(path, pkg).split(os.sep))


def _record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (arcname, digest, len(data))


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    path = os.path.join(metadata_directory, DIST_INFO)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "METADATA"), "w", encoding="utf-8") as f:
        f.write(_metadata())
    return DIST_INFO


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    entries = []
    for path, arcname in _package_files():
        with open(path, "rb") as f:
            entries.append((arcname, f.read()))
    entries.append(("%s/METADATA" % DIST_INFO, _metadata().encode("utf-8")))
    entries.append(("%s/WHEEL" % DIST_INFO,
                    b"Wheel-Version: 1.0\nGenerator: libvalue-backend\nRoot-Is-Purelib: true\nTag: py3-none-any\n"))
    record = [_record_line(a, d) for a, d in entries] + ["%s/RECORD,," % DIST_INFO]
    entries.append(("%s/RECORD" % DIST_INFO, ("\n".join(record) + "\n").encode("utf-8")))
    with zipfile.ZipFile(os.path.join(wheel_directory, WHEEL_NAME), "w", zipfile.ZIP_DEFLATED) as z:
        for arcname, data in entries:
            z.writestr(arcname, data)
    return WHEEL_NAME


def build_sdist(sdist_directory, config_settings=None):
    base = "%s-%s" % (NAME, VERSION)
    name = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as t:
        for rel in ("pyproject.toml", "README.md", "_build/backend.py"):
            t.add(os.path.join(ROOT, rel), arcname="%s/%s" % (base, rel))
        for path, arcname in _package_files():
            t.add(path, arcname="%s/%s" % (base, arcname))
    return name
