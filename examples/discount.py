# libvalue from Python: present values and IRR.
# SPDX-License-Identifier: GPL-3.0-or-later
import libvalue

print("libvalue", libvalue.version())
# Excel's NPV example: 1188.44
print("NPV at 10%%: %.2f" % libvalue.pv([-10000, 3000, 4200, 6800], 0.10))

flows = [-250000] + [40000] * 10
with libvalue.Discount(0.035, timing="start") as nice:
    print("programme NPV at 3.5%%: %.2f" % nice.pv(flows))
print("programme IRR: %.4f%%" % (100 * libvalue.irr(flows)))

green_book = [(30, 0.030), (75, 0.025), (125, 0.020), (200, 0.015), (300, 0.010)]
with libvalue.Discount(0.035, steps=green_book) as gb:
    print("Green Book D(31) = %.6f, D(100) = %.6f" % (gb.factor(31), gb.factor(100)))
