# SPDX-License-Identifier: GPL-3.0-or-later
"""Strings into C (libvalue._support.as_strings): a long ASCII column goes
through one joined buffer, anything else item by item; both give the C
side the same strings, read back here through ctypes."""
import ctypes
import unittest

from libvalue import _support

try:
    import numpy  # noqa: F401  (the fast path needs numpy loaded)
except ImportError:
    numpy = None


def read_back(ptrs: object, n: int) -> list:
    arr = ctypes.cast(ptrs, ctypes.POINTER(ctypes.c_char_p))
    return [arr[i].decode("utf-8") for i in range(n)]


class Strings(unittest.TestCase):
    def test_long_ascii_column(self) -> None:
        items = ["E11.9", "", "I50.22 ", "x" * 40] * 1000  # the fast path (numpy loaded: >= 1,024 items)
        ptrs, n = _support.as_strings(items, "codes")
        self.assertEqual(n, 4000)
        self.assertEqual(read_back(ptrs, n), items)
        self.assertEqual(hasattr(ptrs, "_libvalue_strings"), numpy is not None)  # which path ran

    def test_non_ascii_and_short_columns(self) -> None:
        items = ["Ä11", "I10"] * 600
        ptrs, n = _support.as_strings(items, "codes")
        self.assertEqual(read_back(ptrs, n), items)
        ptrs, n = _support.as_strings(("a", "b"), "codes")
        self.assertEqual(read_back(ptrs, n), ["a", "b"])

    def test_not_a_string(self) -> None:
        items = ["E11.9"] * 2000 + [5]
        with self.assertRaisesRegex(_support.InvalidArgumentError, r"codes\[2000\] must be a str, got int"):
            _support.as_strings(items, "codes")


if __name__ == "__main__":
    unittest.main()
