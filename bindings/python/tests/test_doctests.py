# SPDX-License-Identifier: GPL-3.0-or-later
"""The examples in the docstrings of every module of the package, run as
tests (doctest).  The plots' examples need matplotlib."""

import doctest
import importlib
import math
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
        # the examples may use libvalue and math without importing them
        tests.addTests(doctest.DocTestSuite(importlib.import_module(name), extraglobs={"libvalue": libvalue, "math": math}))
    return tests


import inspect  # noqa: E402
import unittest  # noqa: E402


class EveryPublicNameHasAnExample(unittest.TestCase):
    def test_examples(self):
        """Each public function and class (not the exceptions and the result
        rows, named tuples documented with the function that returns them)
        has a docstring with an example."""
        missing = []
        for name in _modules():
            if name.rsplit(".", 1)[-1].startswith("_"):
                continue  # internal
            mod = importlib.import_module(name)
            for attr in getattr(mod, "__all__", []):
                obj = getattr(mod, attr)
                if inspect.ismodule(obj) or not callable(obj) or getattr(obj, "__module__", None) != name:
                    continue
                if inspect.isclass(obj) and issubclass(obj, (BaseException, tuple)):
                    continue
                if ">>>" not in (inspect.getdoc(obj) or ""):
                    missing.append("%s.%s" % (name, attr))
        self.assertEqual(missing, [])
