"""W109: with targets, the VPC and subnets a created cluster or studio uses belong to one account and region:
every target account must see them (the top-level network is named once).

Source: Amazon VPC User Guide, "Share your VPC with other accounts" (AWS RAM; a shared subnet keeps its id).
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("W109",)


def check(spec: Spec, r: Report) -> None:
    if spec.targets is None or not spec.creates_network_resources:
        return
    said_top_level = False
    for region in (x for x in spec.targets.regions if x):
        network = spec.network_in(region)
        own = region in spec.targets.networks
        if network is None or (not own and said_top_level):  # the top-level network: say it once (E321)
            continue
        said_top_level = said_top_level or not own
        r.warn(
            ("targets", "networks", region) if own else ("network",),
            "W109",
            f"{network.vpc_id} and its subnets must exist in every target account in {region}: share the "
            "subnets with the targets through AWS RAM (a shared subnet keeps its id), or the stack instances fail",
        )
