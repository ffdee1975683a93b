# SPDX-License-Identifier: GPL-3.0-or-later
"""The examples in the docstrings of every module of the package, run as
tests (doctest).  The plots' examples need matplotlib."""

import doctest
import importlib
import os
import pkgutil

import libvalue


def _modules():
    root = os.path.dirname(libvalue.__file__)
    yield "libvalue"
    for info in pkgutil.walk_packages([root], "libvalue."):
        if info.name in ("libvalue._lowlevel", "libvalue._constants"):
            continue  # generated
        yield info.name


def load_tests(loader, tests, ignore):
    try:
        import matplotlib
        matplotlib.use("Agg")
        have_mpl = True
    except ImportError:
        have_mpl = False
    for name in _modules():
        if name == "libvalue.plots" and not have_mpl:
            continue
        tests.addTests(doctest.DocTestSuite(importlib.import_module(name)))
    return tests
