# SPDX-License-Identifier: GPL-3.0-or-later
"""TDABC through Python: the seeds' asthma visit and a diabetes review worked
by hand (see tests/costing/check_costing.c for the arithmetic), bulk costing checked
against a plain-Python implementation, and errors."""

import random
import unittest

import libvalue

try:
    import numpy
except ImportError:
    numpy = None


def asthma():
    m = libvalue.CostModel()
    m.add_resource("physician", 300000, 90000)               # $3.3333/min
    m.add_resource("nurse", 96000, 120000, 0.80)             # $1.00/min
    m.add_resource("medical assistant", 45000, 120000, 0.75)  # $0.50/min
    for name, nurse, md in (("asthma visit", 8, 15), ("nurse-led visit", 15, 5)):
        m.add_process(name)
        m.add_step(name, "nurse", nurse)
        m.add_step(name, "physician", md)
        m.add_step(name, "medical assistant", 18)
        m.add_consumable(name, "nebulizer medicine", 12.50)
    return m


def diabetes():
    m = libvalue.CostModel()
    m.add_resource("lab technician", 48000, 96000)
    m.add_resource("nurse", 102000, 120000, 0.85)
    m.add_resource("endocrinologist", 360000, 100000, 0.90)
    m.add_resource("interpreter", 60000, 40000)
    m.add_driver("interpreter needed", 0.1)
    m.add_driver("comorbidities", 1.5)
    m.add_process("podiatry check")
    m.add_step("podiatry check", "nurse", 15)
    m.add_consumable("podiatry check", "monofilament kit", 5)
    r = "diabetes review"
    m.add_process(r)
    m.add_step(r, "lab technician", 10, cost=8)
    m.add_step(r, "nurse", 20, terms={"interpreter needed": 5, "comorbidities": 3})
    m.add_step(r, "endocrinologist", 15, terms={"comorbidities": 4})
    m.add_step(r, "interpreter", 0, terms={"interpreter needed": 30})
    m.add_subprocess(r, "podiatry check", 0.4)
    m.add_consumable(r, "HbA1c cartridge", 14)
    m.add_step(r, "endocrinologist", 5, frequency=0.2)
    return m


class Costing(unittest.TestCase):
    def test_asthma_visit(self):
        with asthma() as m:
            self.assertAlmostEqual(m.rate("physician"), 3.33, delta=0.005)
            self.assertAlmostEqual(m.episode_cost("asthma visit"), 79.50, delta=1e-12)
            by = m.cost_by_resource("asthma visit")
            for k, v in {"physician": 50, "nurse": 8, "medical assistant": 9, "direct costs": 12.5}.items():
                self.assertAlmostEqual(by[k], v, delta=1e-12)
            self.assertEqual(len(m.cost_by_item("asthma visit")), 4)
            d = m.compare("asthma visit", "nurse-led visit")
            self.assertAlmostEqual(d["physician"], -10 * 300000 / 90000, delta=1e-12)
            self.assertAlmostEqual(d["nurse"], 7, delta=1e-12)

    def test_diabetes_review(self):
        m = diabetes()
        self.assertEqual(m.drivers, ["interpreter needed", "comorbidities"])
        patient = {"comorbidities": 2, "interpreter needed": 1}
        self.assertAlmostEqual(m.episode_cost("diabetes review", patient), 207.0, delta=1e-12)
        for got, want in zip(m.cost_by_item("diabetes review", [1, 2]), [13, 31, 92, 45, 8, 14, 4]):
            self.assertAlmostEqual(got, want, delta=1e-12)
        self.assertAlmostEqual(m.episode_cost("diabetes review"), 152.5, delta=1e-12)
        rows = m.capacity({"diabetes review": 3000, "podiatry check": 800})
        nurse = rows[1]
        self.assertEqual(nurse.resource, "nurse")
        self.assertAlmostEqual(nurse.demand, 105000, delta=1e-9)
        self.assertAlmostEqual(nurse.utilization, 105000 / 102000, delta=1e-14)
        self.assertAlmostEqual(nurse.unused_cost, -3000, delta=1e-9)
        self.assertAlmostEqual(rows[3].unused_cost, 46500, delta=1e-9)

    def test_log_costs_match_plain_python(self):
        m = diabetes()
        rates = [m.rate(r) for r in m.resources]
        rng = random.Random(20261122)
        n, groups = 5000, 40
        g = [rng.randrange(groups) for _ in range(n)]
        r = [rng.randrange(4) for _ in range(n)]
        mins = [rng.uniform(0, 60) for _ in range(n)]
        want = [0.0] * groups
        for gi, ri, mi in zip(g, r, mins):
            want[gi] += rates[ri] * mi
        got = m.log_costs(g, r, mins, groups)
        for a, b in zip(got, want):
            self.assertAlmostEqual(a, b, delta=1e-9 * max(1.0, abs(b)))
        by_name = m.log_costs(g, [m.resources[i] for i in r], mins, groups)
        self.assertEqual(list(by_name), list(got))

    @unittest.skipIf(numpy is None, "numpy not installed for this python")
    def test_log_costs_numpy(self):
        m = asthma()
        g = numpy.array([0, 0, 0, 0, 1, 1], dtype=numpy.int32)
        r = numpy.array([1, 0, 2, 1, 0, 1])  # int64: converted once
        mins = numpy.array([8, 15, 18, 2, 20, 10], dtype=float)
        got = numpy.asarray(m.log_costs(g, r, mins, 3))
        numpy.testing.assert_allclose(got, [69.0, 20 * 300000 / 90000 + 10, 0.0], rtol=1e-12)

    def test_errors(self):
        m = asthma()
        with self.assertRaisesRegex(ValueError, "capacity_minutes of resource 'x' must be > 0, got 0"):
            m.add_resource("x", 1, 0)
        with self.assertRaisesRegex(ValueError, "resource 'nurse' already exists"):
            m.add_resource("nurse", 1, 1)
        with self.assertRaisesRegex(libvalue.NotFoundError, "unknown resource 'nurce'"):
            m.add_step("asthma visit", "nurce", 5)
        with self.assertRaisesRegex(libvalue.NotFoundError, "unknown process 'astma visit'"):
            m.episode_cost("astma visit")
        with self.assertRaisesRegex(ValueError, "would include itself"):
            m.add_subprocess("asthma visit", "asthma visit")
        with self.assertRaisesRegex(ValueError, "resource name is empty"):
            m.add_step("asthma visit", "", 5)
        with self.assertRaisesRegex(ValueError, "minutes must be >= 0, got -3"):
            m.add_step("asthma visit", "nurse", -3)
        with self.assertRaisesRegex(ValueError, r"group\[1\] is 5, not in \[0, 2\)"):
            m.log_costs([0, 5], [0, 0], [1.0, 1.0], 2)
        with self.assertRaisesRegex(ValueError, "group, resource, minutes must have the same length, got 2, 2, 1"):
            m.log_costs([0, 1], [0, 0], [1.0], 2)
        with self.assertRaisesRegex(ValueError, "unknown resource 'surgeon'"):
            m.log_costs([0], ["surgeon"], [1.0], 1)
        with self.assertRaisesRegex(ValueError, "whole numbers"):
            m.log_costs([0.5], [0], [1.0], 1)
        d = diabetes()
        with self.assertRaisesRegex(ValueError, "drivers lacks 'comorbidities'"):
            d.episode_cost("diabetes review", {"interpreter needed": 1})
        with self.assertRaisesRegex(libvalue.DomainError, "takes -30 minutes"):
            d.episode_cost("diabetes review", [-10, 0])
        self.assertEqual(m.episode_cost("asthma visit"), 79.5)  # unchanged by the failures


if __name__ == "__main__":
    unittest.main()
