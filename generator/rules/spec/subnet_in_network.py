"""W108: a created cluster's subnet_id is among the subnet ids of its network.

Source: Amazon VPC User Guide, "Subnets for your VPC" (a subnet belongs to one VPC); emrgen cannot see the
subnet, so this is a warning: the cluster must run in the VPC the spec's network names.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("W108",)


def check(spec: Spec, r: Report) -> None:
    t = spec.targets
    regions = [x for x in t.regions if x] if t is not None else [None]
    network = spec.network_in(regions[0]) if len(regions) == 1 and regions[0] else spec.network
    if network is None:
        return
    for cluster in spec.created_clusters:
        if cluster.subnet_id and cluster.subnet_id not in network.subnet_ids:
            r.warn(
                cluster.path + ("subnet_id",),
                "W108",
                f"subnet {cluster.subnet_id} is not in the network's subnet_ids; make sure it is in {network.vpc_id}",
            )
