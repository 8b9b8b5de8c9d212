"""E308: a network (vpc_id, subnet_ids) is given when a cluster or the studio is created; with targets, one for
every target region (targets.networks, or the top-level network).

Source: CloudFormation template reference, AWS::EMR::Studio (VpcId and SubnetIds are required) and
AWS::EMR::Cluster (Instances.Ec2SubnetId); SPEC.md §1 and §4 (targets.networks).
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E308",)


def check(spec: Spec, r: Report) -> None:
    creates = spec.creates_network_resources
    t = spec.targets
    if creates and t is not None and spec.network is None and t.networks:
        missing = [x for x in t.regions if x and x not in t.networks]
        if missing:
            r.error(
                ("targets", "networks"),
                "E308",
                f"no network for {', '.join(missing)}: give each target region "
                "its vpc_id and subnet_ids under targets.networks (or a top-level network for one region)",
                key=True,
            )
    elif creates and spec.network is None and not (t is not None and t.networks):
        r.error(
            (), "E308", "a 'network' section (vpc_id, subnet_ids) is required when a cluster or the studio is created"
        )
