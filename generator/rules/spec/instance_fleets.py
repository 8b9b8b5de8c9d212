"""E330: a created cluster uses instance fleets or instance groups, never both; subnet_ids go with fleets,
subnet_id with groups.

Source: EMR API reference, JobFlowInstancesConfig: "A valid JobFlowInstancesConfig must contain either
InstanceGroups or InstanceFleets. They cannot be used together."; Ec2SubnetId "Applies to clusters that use the
uniform instance group configuration", Ec2SubnetIds "Applies to clusters that use the instance fleet
configuration". Terraform aws_emr_cluster: core_instance_fleet/master_instance_fleet ConflictsWith the groups.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E330",)
GROUP_KEYS = ("primary", "core", "task")


def check(spec: Spec, r: Report) -> None:
    walk = spec.walk
    if walk is None:
        return
    for cluster in spec.created_clusters:
        written = {k for k in (*GROUP_KEYS, "subnet_id", "subnet_ids") if cluster.path + (k,) in walk.key_nodes}
        if cluster.fleets is not None:
            for k in sorted(written & {*GROUP_KEYS, "subnet_id"}):
                what = (
                    "subnet_id applies to instance groups; give fleets subnet_ids"
                    if k == "subnet_id"
                    else f"'{k}' declares an instance group; with fleets, declare fleets.{k}"
                )
                r.error(
                    cluster.path + (k,), "E330", f"fleets and instance groups cannot be used together: {what}", key=True
                )
        elif "subnet_ids" in written:
            r.error(
                cluster.path + ("subnet_ids",),
                "E330",
                "subnet_ids applies to instance fleets (EMR picks one of them); with groups give subnet_id",
                key=True,
            )
        names = [t.name for t in cluster.task]
        for i, t in enumerate(cluster.task):
            if t.name in names[:i]:
                r.error(t.path + ("name",), "E330", f"task group '{t.name}' is declared twice")
