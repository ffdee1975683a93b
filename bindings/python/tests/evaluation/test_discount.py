# SPDX-License-Identifier: GPL-3.0-or-later
"""Discounting through Python: published figures, a second implementation
in plain Python, zero-copy buffers, and errors carrying value_errmsg()."""

import array
import math
import unittest

import libvalue
from libvalue import _lowlevel as ll

try:
    import numpy
except ImportError:  # the pyenv python3 has no numpy; Debian's does
    numpy = None


def py_pv(flows, rate, offset):
    return math.fsum(x * (1 + rate) ** -(i + offset) for i, x in enumerate(flows))


class Discounting(unittest.TestCase):
    def test_version(self):
        self.assertEqual(libvalue.version(), libvalue.__version__)
        self.assertEqual(ll.value_strerror(ll.VALUE_EINVAL), "invalid argument")

    def test_spreadsheet_npv(self):
        # Excel NPV documentation example 1: 1188.44
        flows = [-10000, 3000, 4200, 6800]
        v = libvalue.pv(flows, 0.10)
        self.assertAlmostEqual(v, 1188.44, delta=0.005)
        self.assertAlmostEqual(v, py_pv(flows, 0.10, 1), delta=1e-12 * abs(v))
        # Example 2: investment at the start -> 1922.06
        self.assertAlmostEqual(libvalue.pv([-40000, 8000, 9200, 10000, 12000, 14500], 0.08, "start"),
                               1922.06, delta=0.005)

    def test_scheme_matches_python(self):
        flows = [120.0, 80.5, 60.25, 10.0]
        for timing, offset in (("end", 1), ("start", 0), ("mid", 0.5)):
            with libvalue.Discount(0.035, timing=timing) as d:
                self.assertEqual(d.timing, timing)
                got = d.pv(flows)
                self.assertAlmostEqual(got, py_pv(flows, 0.035, offset), delta=1e-12 * abs(got))

    def test_green_book(self):
        steps = [(30, 0.030), (75, 0.025), (125, 0.020), (200, 0.015), (300, 0.010)]
        with libvalue.Discount(0.035, steps=steps) as d:
            self.assertAlmostEqual(d.factor(31), 1.035 ** -30 / 1.03, delta=1e-15)
            f = d.factors(100)
            self.assertIsInstance(f, numpy.ndarray if numpy is not None else list)
            self.assertEqual(len(f), 100)
            self.assertAlmostEqual(f[99], 0.050818022324382074, delta=1e-15)

    def test_irr(self):
        self.assertAlmostEqual(libvalue.irr([-70000, 12000, 15000, 18000, 21000, 26000]), 0.0866, delta=5e-5)
        self.assertAlmostEqual(libvalue.irr((-700, 750, 900, 600, 850)), 1.0462142, delta=5e-8)

    def test_buffers(self):
        flows = array.array("d", [-10000, 3000, 4200, 6800])
        self.assertAlmostEqual(libvalue.pv(flows, 0.10), 1188.44, delta=0.005)
        self.assertAlmostEqual(libvalue.pv(memoryview(bytes(flows)).cast("d"), 0.10), 1188.44, delta=0.005)

    @unittest.skipIf(numpy is None, "numpy not installed for this python")
    def test_numpy(self):
        flows = numpy.array([-10000, 3000, 4200, 6800], dtype=float)
        self.assertAlmostEqual(libvalue.pv(flows, 0.10), 1188.44, delta=0.005)
        self.assertAlmostEqual(libvalue.pv(flows[::2], 0.10), py_pv([-10000, 4200], 0.10, 1), delta=1e-9)
        with libvalue.Discount(0.035) as d:
            f = numpy.asarray(d.factors(5))
            numpy.testing.assert_allclose(f, 1.035 ** -numpy.arange(1, 6), rtol=1e-14)

    def test_errors(self):
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"rate is NaN"):
            libvalue.pv([1.0], float("nan"))
        with self.assertRaisesRegex(ValueError, r"flows\[1\] is Inf"):
            libvalue.pv([1.0, float("inf")], 0.03)
        with self.assertRaisesRegex(ValueError, r"n must be at least 1, got 0"):
            libvalue.pv([], 0.03)
        with self.assertRaisesRegex(ValueError, r"rate must be greater than -1, got -2"):
            libvalue.Discount(-2)
        with self.assertRaisesRegex(ValueError, r"unknown timing .later. \(one of .end., .start., .mid.\)"):
            libvalue.pv([1.0], 0.03, "later")
        with self.assertRaisesRegex(ValueError, r"flows must be a sequence of numbers"):
            libvalue.pv(3.0, 0.03)
        with self.assertRaisesRegex(libvalue.DomainError, r"change sign 2 times"):
            libvalue.irr([-100, 230, -132])
        with self.assertRaises(libvalue.RangeError) as cm:
            libvalue.Discount(-0.99).factor(1000)
        self.assertEqual(cm.exception.code, ll.VALUE_ERANGE)

    def test_rejected_set_changes_nothing(self):
        d = libvalue.Discount(0.03)
        with self.assertRaisesRegex(ValueError, "got -1.5"):
            d.rate = -1.5
        self.assertEqual(d.rate, 0.03)
        d.close()
        with self.assertRaisesRegex(libvalue.StateError, "closed"):
            d.pv([1.0])
        d.close()  # closing twice is a no-op
        self.assertIn("closed", repr(d))


if __name__ == "__main__":
    unittest.main()
