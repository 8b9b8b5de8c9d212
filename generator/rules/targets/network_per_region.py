"""E321: VPC and subnet ids are regional, so targets.networks names target regions only, no two target regions
share a VPC, and with several regions no created cluster or studio pins one region's subnets.

One code: each is one network used in more regions than it exists in.
Source: Amazon VPC User Guide, "How Amazon VPC works" (a VPC spans the Availability Zones of one Region);
CloudFormation User Guide, "StackSets concepts" (the same member template deploys into every region).
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E321",)


def check(spec: Spec, r: Report) -> None:
    t = spec.targets
    if t is None:
        return
    for region in t.networks:
        if region not in t.regions:
            r.error(
                ("targets", "networks", region),
                "E321",
                f"targets.networks names {region}, which is not in "
                f"targets.regions ({', '.join(x for x in t.regions if x)})",
                key=True,
            )
    regions = [x for x in t.regions if x]  # an unknown region is E104 already
    if not spec.creates_network_resources or len(regions) < 2:
        return
    first_region_of: dict[str, str] = {}
    for region in regions:
        network = spec.network_in(region)
        if network is None:
            continue  # E308, or an empty entry (E103)
        other = first_region_of.setdefault(network.vpc_id, region)
        if other != region:
            where = ("targets", "networks", region) if region in t.networks else ("targets", "regions")
            r.error(
                where,
                "E321",
                f"{other} and {region} would both use {network.vpc_id}, but a VPC exists in "
                f"one region: give {region} its own vpc_id and subnet_ids under targets.networks",
            )
    for cluster in spec.created_clusters:
        if cluster.subnet_id:
            r.error(
                cluster.path + ("subnet_id",),
                "E321",
                f"subnet_id pins a subnet of one region, but this spec "
                f"deploys to {len(t.regions)}: leave it out (each region uses the first subnet of its network)",
                key=True,
            )
        if cluster.subnet_ids:  # instance fleets (issue 17)
            r.error(
                cluster.path + ("subnet_ids",),
                "E321",
                f"subnet_ids pins subnets of one region, but this spec "
                f"deploys to {len(t.regions)}: leave it out (each region uses the first subnet of its network)",
                key=True,
            )
    if spec.studio is not None and spec.studio.created and spec.studio.subnet_ids:
        r.error(
            ("studio", "subnet_ids"),
            "E321",
            f"subnet_ids pins subnets of one region, but this spec deploys to "
            f"{len(t.regions)}: leave it out (each region uses its network's subnets)",
            key=True,
        )
