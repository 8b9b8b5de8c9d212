"""W103: the existing VPC and subnets must carry for-use-with-amazon-emr-managed-policies=true.

Sources: Management Guide, "Service role for Amazon EMR" (emr-iam-role.html: AmazonEMRServicePolicy_v2 acts
only on resources with the tag) and "Create an EMR Studio service role" (emr-studio-service-role.html: tag the
Studio VPC and subnets). emrgen cannot tag resources it does not create.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("W103",)


def check(spec: Spec, r: Report) -> None:
    if not spec.creates_network_resources:
        return
    networks = [(("network",), spec.network)] if spec.network is not None and not spec.network_unused else []
    if spec.targets is not None:
        networks += [(("targets", "networks", region), n) for region, n in spec.targets.networks.items() if n]
    for path, network in networks:
        r.warn(
            path,
            "W103",
            f"tag {network.vpc_id} and its subnets with for-use-with-amazon-emr-managed-policies=true: "
            "AmazonEMRServicePolicy_v2 and the Studio service role only act on tagged network resources",
        )
