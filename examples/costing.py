# libvalue from Python: time-driven activity-based costing of a clinic.
# SPDX-License-Identifier: GPL-3.0-or-later
import libvalue

m = libvalue.CostModel()
m.add_resource("physician", 300000, 90000)               # $300,000 over 90,000 min = $3.33/min
m.add_resource("nurse", 96000, 120000, 0.80)
m.add_resource("medical assistant", 45000, 120000, 0.75)
m.add_driver("interpreter needed", 0.1)                  # default = share of patients

m.add_process("asthma visit")
m.add_step("asthma visit", "nurse", 8, terms={"interpreter needed": 5})
m.add_step("asthma visit", "physician", 15)
m.add_step("asthma visit", "medical assistant", 18)
m.add_consumable("asthma visit", "nebulizer medicine", 12.50)

print("asthma visit: $%.2f" % m.episode_cost("asthma visit", {"interpreter needed": 0}))
print("with an interpreter: $%.2f" % m.episode_cost("asthma visit", {"interpreter needed": 1}))
for resource, cost in m.cost_by_resource("asthma visit", [0]).items():
    print("  %-18s $%6.2f" % (resource, cost))
print("capacity at 2,500 visits a year:")
for row in m.capacity({"asthma visit": 2500}):
    print("  %-18s %5.1f%% used, unused capacity costs $%.0f" % (row.resource, 100 * row.utilization, row.unused_cost))
costs = m.log_costs([0, 0, 1, 1], ["nurse", "physician", "nurse", "physician"], [8, 15, 12, 25], 2)
print("patient-level costs from logged times:", ["%.2f" % c for c in costs])
