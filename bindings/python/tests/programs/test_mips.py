# SPDX-License-Identifier: GPL-3.0-or-later
"""MIPS payment adjustment factors through Python (42 CFR 414.1405):
hand-worked cases from the regulation, CMS's payment year 2026 figures,
and errors carrying value_errmsg()."""

import math
import unittest

import libvalue

try:
    import numpy
except ImportError:  # the pyenv python3 has no numpy; Debian's does
    numpy = None


class Mips(unittest.TestCase):
    def test_py2022_hand_worked(self):
        # Performance year 2022 (payment year 2024): T = 75, Tx = 89, A = 9%; k = kx = 1.
        # 0 -> -9%; 18.75 = T/4 -> -9%; 37.5 -> -9% x 37.5/75 = -4.5%; 75 -> 0;
        # 87.5 -> 9% x 12.5/25 = 4.5%; 89 -> 9% x 14/25 + 0.5% = 5.54%; 100 -> 9% + 10% = 19%
        got = libvalue.mips_adjustment(2022, [0, 18.75, 37.5, 75, 87.5, 89, 100], 1.0, 1.0)
        want = [-0.09, -0.09, -0.045, 0.0, 0.045, 0.0554, 0.19]
        for g, w in zip(got, want):
            self.assertTrue(math.isclose(g, w, rel_tol=1e-12, abs_tol=1e-15), (g, w))

    def test_py2017_components(self):
        # Performance year 2017 (payment year 2019): T = 3, Tx = 70, A = 4%; k = 1.5, kx = 0.2.
        # 85 -> positive 1.5 x 4% x 82/97; exceptional 0.2 x (0.5% + 9.5% x 15/30) = 1.05%
        rows = libvalue.mips_components(2017, [1.5, 85], 1.5, 0.2)
        self.assertTrue(math.isclose(rows[0].negative, -0.02, rel_tol=1e-12))  # -4% x 1.5/3
        self.assertEqual((rows[0].positive, rows[0].exceptional), (0.0, 0.0))
        self.assertEqual(rows[1].negative, 0.0)
        self.assertTrue(math.isclose(rows[1].positive, 0.06 * 82 / 97, rel_tol=1e-12))
        self.assertTrue(math.isclose(rows[1].exceptional, 0.0105, rel_tol=1e-12))
        self.assertEqual(rows[1].factor, rows[1].negative + rows[1].positive + rows[1].exceptional)
        self.assertEqual(rows[1].final_score, 85)

    def test_published_payment_year_2026(self):
        # CMS, payment year 2026: +1.05% at 100, +0.63% at 90, +0.21% at 80
        k, kx = libvalue.mips_published_scaling(2024)
        self.assertTrue(math.isclose(k, 0.0105 / 0.09, rel_tol=1e-12))
        self.assertEqual(kx, 0.0)
        got = libvalue.mips_adjustment(2024, [100, 90, 80])
        for g, w in zip(got, [0.0105, 0.0063, 0.0021]):
            self.assertAlmostEqual(g, w, delta=5e-15)

    @unittest.skipIf(numpy is None, "numpy not installed")
    def test_numpy(self):
        s = numpy.linspace(0, 100, 101)
        f = libvalue.mips_adjustment(2023, s, 0.5)
        self.assertEqual(len(f), 101)
        self.assertTrue(math.isclose(f[100], 0.045, rel_tol=1e-12))  # 0.5 x 9%
        self.assertTrue(math.isclose(f[60], -0.018, rel_tol=1e-12))  # -9% x 15/75

    def test_errors(self):
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"mips has no performance year 2016 \(known: 2017-2025\)"):
            libvalue.mips_adjustment(2016, [50], 1.0)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"final_score\[1\] is 101, must be in \[0, 100\]"):
            libvalue.mips_adjustment(2022, [50, 101], 1.0)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"final_score\[0\] is NaN"):
            libvalue.mips_adjustment(2022, [float("nan")], 1.0)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, r"scaling_factor is -1, must be in \[0, 3\]"):
            libvalue.mips_adjustment(2022, [50], -1.0)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "performance year 2023 has no exceptional"):
            libvalue.mips_adjustment(2023, [50], 1.0, 0.5)
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "n is 0"):
            libvalue.mips_adjustment(2022, [], 1.0)
        with self.assertRaisesRegex(libvalue.NotFoundError, "CMS's maximum of 1.88%"):
            libvalue.mips_adjustment(2017, [50])
        with self.assertRaisesRegex(libvalue.InvalidArgumentError, "pass both"):
            libvalue.mips_components(2022, [50], None, 0.5)


if __name__ == "__main__":
    unittest.main()
