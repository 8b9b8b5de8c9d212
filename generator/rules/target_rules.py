"""Rules for `targets:` (SPEC.md §4, issue 7). With targets one member template is deployed into many
accounts and regions, so nothing in the spec may name one account or one region. (Names that IAM keeps per
account are not created twice in one account: with several regions, IAM is split off, see scopes.py.)"""

from __future__ import annotations

import re

from ..spec.model import Spec
from ..spec.regions import STUDIO_UNAVAILABLE, partition_of
from .spec_rules import Report, rule

ACCOUNT_IN_ARN = re.compile(r"arn:[^:]+:[^:]*:[^:]*:(\d{12}):")


def account_pinning(spec: Spec) -> list[tuple[tuple, str, str]]:
    """(path, value, what) for every value that names one account (an ARN with an account id, or an existing
    resource's id, which lives in one account and region)."""
    out: list[tuple[tuple, str, str]] = []

    def arn(path: tuple, value: str | None, what: str) -> None:
        if value and ACCOUNT_IN_ARN.match(value):
            out.append((path, value, what))

    for role in spec.runtime_roles:
        arn(role.path + ("arn",), role.arn, "an existing runtime role ARN")
        for i, policy in enumerate(role.managed_policy_arns):
            arn(role.path + ("managed_policy_arns", i), policy, "a customer managed policy ARN")
    for cluster in spec.clusters:
        if cluster.id:
            out.append((cluster.path + ("id",), cluster.id, "an existing cluster id"))
        arn(cluster.path + ("instance_profile_role_arn",), cluster.instance_profile_role_arn, "a role ARN")
    if spec.studio is not None:
        if spec.studio.id:
            out.append((("studio", "id"), spec.studio.id, "an existing studio id"))
        arn(("studio", "service_role"), spec.studio.service_role, "a role ARN")
        arn(("studio", "user_role"), spec.studio.user_role, "a role ARN")
    for user in spec.users:
        arn(user.path + ("principal", user.principal.kind), user.principal.value, "a principal ARN")
        for access in user.access:
            for i, entry in enumerate(access.runtime_roles):
                arn(access.path + ("runtime_roles", i), entry, "a runtime role ARN")
    return out


@rule
def targets_account_agnostic(spec: Spec, r: Report) -> None:
    """E319: with targets, no ARN or existing id pins one account (the member template is deployed into many)."""
    if spec.targets is None:
        return
    for path, value, what in account_pinning(spec):
        r.error(path, "E319", f"{what} pins one account ({value}), but targets deploy this spec into many: "
                "name a role or principal by name (it resolves in each target account) or create it from the spec")


@rule
def targets_regions(spec: Spec, r: Report) -> None:
    """E320: with targets, the region comes from targets.regions, all in one partition."""
    if spec.targets is None:
        return
    if spec.region:
        r.error(("region",), "E320", "a spec with targets must not pin region: each stack instance deploys into "
                "one of targets.regions", key=True)
    partitions = sorted({partition_of(x) for x in spec.targets.regions})
    if len(partitions) > 1:
        r.error(("targets", "regions"), "E320", f"targets.regions span partitions {', '.join(partitions)}: "
                "a StackSet and an Organization live in one partition")
    elif spec.partition and partitions and partitions[0] != spec.partition:
        r.error(("targets", "regions"), "E320", f"targets.regions are in partition {partitions[0]}, "
                f"not {spec.partition}")


@rule
def targets_network_per_region(spec: Spec, r: Report) -> None:
    """E321: VPC and subnet ids are regional, so each target region needs a network of its own, and with several
    regions nothing may pin one region's subnet (the member template is the same in every region)."""
    t = spec.targets
    if t is None:
        return
    for region in t.networks:
        if region not in t.regions:
            r.error(("targets", "networks", region), "E321", f"targets.networks names {region}, which is not in "
                    f"targets.regions ({', '.join(x for x in t.regions if x)})", key=True)
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
            r.error(where, "E321", f"{other} and {region} would both use {network.vpc_id}, but a VPC exists in "
                    f"one region: give {region} its own vpc_id and subnet_ids under targets.networks")
    for cluster in spec.created_clusters:
        if cluster.subnet_id:
            r.error(cluster.path + ("subnet_id",), "E321", f"subnet_id pins a subnet of one region, but this spec "
                    f"deploys to {len(t.regions)}: leave it out (each region uses the first subnet of its network)",
                    key=True)
    if spec.studio is not None and spec.studio.created and spec.studio.subnet_ids:
        r.error(("studio", "subnet_ids"), "E321", f"subnet_ids pins subnets of one region, but this spec deploys to "
                f"{len(t.regions)}: leave it out (each region uses its network's subnets)", key=True)


@rule
def targets_studio_available(spec: Spec, r: Report) -> None:
    """E322: a created EMR Studio needs a target region where AWS::EMR::Studio exists."""
    if spec.targets is None or spec.studio is None or not spec.studio.created:
        return
    for i, region in enumerate(spec.targets.regions):
        if region in STUDIO_UNAVAILABLE:
            r.error(("targets", "regions", i), "E322", f"EMR Studio is not available in {region} "
                    "(AWS::EMR::Studio does not exist there)")


@rule
def targets_network_warning(spec: Spec, r: Report) -> None:
    """W109: VPC and subnet ids belong to one account and region; every target must see them.
    W110: the top-level network is given, but every target region has its own."""
    if spec.targets is None or not spec.creates_network_resources:
        return
    if spec.network_unused:
        r.warn(("network",), "W110", "network is not used: every target region has its own under targets.networks; "
               "remove it")
    said_top_level = False
    for region in (x for x in spec.targets.regions if x):
        network = spec.network_in(region)
        own = region in spec.targets.networks
        if network is None or (not own and said_top_level):  # the top-level network: say it once (E321)
            continue
        said_top_level = said_top_level or not own
        r.warn(("targets", "networks", region) if own else ("network",), "W109",
               f"{network.vpc_id} and its subnets must exist in every target account in {region}: share the "
               "subnets with the targets through AWS RAM (a shared subnet keeps its id), or the stack instances fail")
