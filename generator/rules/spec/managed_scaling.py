"""E332: managed-scaling limits are consistent and counted in the unit the cluster's capacity uses.

Source: Management Guide, "Using managed scaling in Amazon EMR" (emr-managed-scaling.html): minimum and maximum
are "measured through ... vCPU cores or instances for instance groups ... units for instance fleets"; the
On-Demand limit "defaults to the value of MaximumCapacityUnits" and splits capacity between On-Demand and Spot;
the core limit splits it between core and task nodes. AWS states no inequality as a validation rule; min <= max,
On-Demand limit <= max and core limit <= max follow from those definitions (notes/aws-facts.md I.1).
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E332",)


def check(spec: Spec, r: Report) -> None:
    for cluster in spec.created_clusters:
        ms = cluster.managed_scaling
        if ms is None:
            continue
        if ms.min_units > ms.max_units:
            r.error(ms.path + ("min_units",), "E332", f"min_units {ms.min_units} is above max_units {ms.max_units}")
        for k in ("max_on_demand_units", "max_core_units"):
            v = getattr(ms, k)
            if v is not None and v > ms.max_units:
                r.error(ms.path + (k,), "E332", f"{k} {v} is above max_units {ms.max_units}")
        fleets = cluster.fleets is not None
        if fleets and ms.unit_type != "InstanceFleetUnits":
            r.error(ms.path + ("unit_type",), "E332", "a cluster with instance fleets scales in InstanceFleetUnits")
        if not fleets and ms.unit_type == "InstanceFleetUnits":
            r.error(
                ms.path + ("unit_type",),
                "E332",
                "InstanceFleetUnits applies to instance fleets; instance groups scale in Instances or VCPU",
            )
