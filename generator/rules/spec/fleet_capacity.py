"""E331: an instance fleet's capacity is consistent: Spot capacity comes with its Spot settings, Spot settings come
with Spot capacity, and the primary fleet is one instance.

Source: EMR API reference, InstanceFleetConfig: "At least one of TargetSpotCapacity and TargetOnDemandCapacity
should be greater than 0. For a master instance fleet, only one of TargetSpotCapacity and TargetOnDemandCapacity
can be specified, and its value must be 1."; InstanceTypeConfig.WeightedCapacity "This value is 1 for a master
instance fleet"; SpotProvisioningSpecification requires TimeoutDurationMinutes and TimeoutAction (the
AWS::EMR::Cluster schema's "required"). notes/aws-facts.md I.1.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E331",)


def check(spec: Spec, r: Report) -> None:
    for cluster in spec.created_clusters:
        fleets = cluster.fleets
        if fleets is None:
            continue
        for role in ("primary", "core", "task"):
            fleet = getattr(fleets, role)
            if fleet is None:
                continue
            if fleet.on_demand + fleet.spot == 0:
                r.error(fleet.path, "E331", f"the {role} fleet has no capacity: give on_demand or spot above 0")
            if fleet.spot > 0:
                for k in ("spot_timeout_minutes", "spot_timeout_action"):
                    if getattr(fleet, k) is None:
                        r.error(
                            fleet.path + ("spot",),
                            "E331",
                            f"spot capacity needs the Spot settings: {k} is missing (EMR requires "
                            "TimeoutDurationMinutes and TimeoutAction)",
                        )
            else:
                for k in ("spot_timeout_minutes", "spot_timeout_action"):
                    if getattr(fleet, k) is not None:
                        r.error(
                            fleet.path + (k,),
                            "E331",
                            f"{k} without spot capacity: set spot above 0 or drop it",
                            key=True,
                        )
            if role == "primary":
                if sorted((fleet.on_demand, fleet.spot)) != [0, 1]:
                    r.error(fleet.path, "E331", "the primary fleet is one instance: on_demand: 1 or spot: 1, not both")
                for t in fleet.instance_types:
                    if t.weight != 1:
                        r.error(t.path + ("weight",), "E331", "the primary fleet's instance types have weight 1")
