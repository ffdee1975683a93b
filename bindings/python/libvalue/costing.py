# SPDX-License-Identifier: GPL-3.0-or-later
"""Costing models: time-driven activity-based costing (C module: lib/costing/costing.c)."""

from typing import Any, Mapping, Optional
from collections import namedtuple

from . import _lowlevel as _ll
from ._support import ArrayLike, EINVAL, HandleOwner, InvalidArgumentError, Rows, vector

__all__ = ["CostModel", "CapacityRow"]

CapacityRow = namedtuple("CapacityRow", "resource demand utilization unused_minutes unused_cost")
DIRECT_COSTS = "direct costs"


class CostModel(HandleOwner):
    """A TDABC model: resources with capacity cost rates, drivers, and
    processes made of steps, consumables and sub-processes.

    >>> m = CostModel()
    >>> m.add_resource("physician", 300000, 90000)
    0
    >>> round(m.rate("physician"), 4)
    3.3333
    """

    def __init__(self) -> None:
        self._h = _ll.value_costing_new()

    # -- building ---------------------------------------------------------------
    def add_resource(self, name: str, cost: ArrayLike, capacity_minutes: Any, practical_fraction: float = 1.0) -> Any:
        """Add a resource; its rate is cost / (capacity_minutes x practical_fraction)."""
        return _ll.value_costing_add_resource(self._h, name, cost, capacity_minutes, practical_fraction)

    def add_driver(self, name: str, default: float = 0.0) -> Any:
        """Add a per-patient driver; default should be the population mean."""
        return _ll.value_costing_add_driver(self._h, name, default)

    def add_process(self, name: str) -> Any:
        return _ll.value_costing_add_process(self._h, name)

    def add_step(self, process: str, resource: str, minutes: ArrayLike, frequency: float = 1.0, terms: Optional[Any] = None, cost: float = 0.0) -> Any:
        """Append a step; terms maps driver name -> extra minutes per unit;
        cost is a direct cost per occurrence.  Returns the item number."""
        item = _ll.value_costing_add_step(self._h, process, resource, minutes, frequency)
        for driver, per_unit in (terms or {}).items():
            _ll.value_costing_add_step_term(self._h, process, item, driver, per_unit)
        if cost:
            _ll.value_costing_add_step_cost(self._h, process, item, cost)
        return item

    def add_consumable(self, process: str, name: str, unit_cost: Any, quantity: float = 1.0) -> Any:
        return _ll.value_costing_add_consumable(self._h, process, name, unit_cost, quantity)

    def add_subprocess(self, process: str, sub: str, frequency: float = 1.0) -> Any:
        return _ll.value_costing_add_subprocess(self._h, process, sub, frequency)

    # -- what is in it ------------------------------------------------------------
    def _names(self, which: Any) -> Any:
        counts = dict(zip(("resources", "drivers", "processes"), _ll.value_costing_counts(self._h)))
        getter = {"resources": _ll.value_costing_resource_name, "drivers": _ll.value_costing_driver_name,
                  "processes": _ll.value_costing_process_name}[which]
        return [getter(self._h, i) for i in range(counts[which])]

    @property
    def resources(self) -> Any:
        return self._names("resources")

    @property
    def drivers(self) -> Any:
        return self._names("drivers")

    @property
    def processes(self) -> Any:
        return self._names("processes")

    def rate(self, resource: str) -> Any:
        """Capacity cost rate: cost per practical minute."""
        return _ll.value_costing_resource_rate(self._h, resource)

    # -- costing ------------------------------------------------------------------
    def _driver_values(self, drivers: Any) -> Any:
        """None -> the defaults; a mapping by driver name, or a sequence in driver order."""
        if drivers is None:
            return []
        if hasattr(drivers, "keys"):
            names = self.drivers
            unknown = set(drivers) - set(names)
            if unknown:
                raise InvalidArgumentError(EINVAL, "unknown driver %r" % sorted(unknown)[0])
            missing = [n for n in names if n not in drivers]
            if missing:
                raise InvalidArgumentError(EINVAL, "drivers lacks %r: give every driver, or None for the defaults" % missing[0])
            return [drivers[n] for n in names]
        return drivers

    def episode_cost(self, process: str, drivers: Optional[Any] = None) -> Any:
        """Cost of one episode for one patient (drivers: mapping or None for defaults)."""
        return _ll.value_costing_episode_cost(self._h, process, self._driver_values(drivers))

    def cost_by_resource(self, process: str, drivers: Optional[Any] = None) -> Any:
        """{resource: cost of its time, ..., 'direct costs': consumables}; sums to the episode cost."""
        values = _ll.value_costing_cost_by_resource(self._h, process, self._driver_values(drivers),
                                                    len(self.resources) + 1)
        return dict(zip(self.resources + [DIRECT_COSTS], values))

    def cost_by_item(self, process: str, drivers: Optional[Any] = None) -> Any:
        """Cost of each item of the process, in order; sums to the episode cost."""
        n = _ll.value_costing_process_items(self._h, process)
        return vector(_ll.value_costing_cost_by_item(self._h, process, self._driver_values(drivers), n))

    def compare(self, a: Any, b: Any, drivers: Optional[Any] = None) -> Any:
        """{resource: cost in b - cost in a, ..., 'direct costs': ...}: where the money goes."""
        values = _ll.value_costing_compare(self._h, a, b, self._driver_values(drivers), len(self.resources) + 1)
        return dict(zip(self.resources + [DIRECT_COSTS], values))

    def capacity(self, volumes: Mapping[str, float]) -> Any:
        """Capacity use for episodes per period ({process: volume}, others 0):
        one CapacityRow per resource."""
        processes = self.processes
        unknown = set(volumes) - set(processes)
        if unknown:
            raise InvalidArgumentError(EINVAL, "unknown process %r" % sorted(unknown)[0])
        vector = [volumes.get(p, 0.0) for p in processes]
        resources = self.resources
        cols = _ll.value_costing_capacity(self._h, vector, len(resources))
        return Rows([CapacityRow(r, *row) for r, row in zip(resources, zip(*cols))], index="resource")

    def log_costs(self, group: ArrayLike, resource: ArrayLike, minutes: ArrayLike, n_groups: int) -> Any:
        """Cost per group (patient or process number in [0, n_groups)) from
        logged (group, resource, minutes) records; resource numbers or names.
        numpy int32/float64 columns are used without a copy."""
        if len(resource) and isinstance(resource[0], str):
            index = {name: i for i, name in enumerate(self.resources)}
            try:
                resource = [index[r] for r in resource]
            except KeyError as e:
                raise InvalidArgumentError(EINVAL, "unknown resource %r" % e.args[0]) from None
        return _ll.value_costing_log_costs(self._h, group, resource, minutes, n_groups)

    def __repr__(self) -> str:
        if self._h.closed:
            return "<CostModel (closed)>"
        r, d, p = _ll.value_costing_counts(self._h)
        return "<CostModel: %d resources, %d drivers, %d processes>" % (r, d, p)
