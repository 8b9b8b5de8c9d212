"""Rules for `targets:` (SPEC.md §4, issue 7). With targets one member template is deployed into many
accounts and regions, so nothing in the spec may name one account or one region, and names that IAM
keeps per account must not be created twice in the same account."""

from __future__ import annotations

import re

from .model import Spec
from .regions import STUDIO_UNAVAILABLE, partition_of
from .rules import Report, rule

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


def creates_iam(spec: Spec) -> bool:
    """Every created cluster, studio, runtime role or user brings IAM roles or policies with fixed names."""
    return bool(any(x.created for x in spec.runtime_roles) or spec.created_clusters or spec.users
                or (spec.studio is not None and spec.studio.created))


@rule
def targets_iam_once_per_account(spec: Spec, r: Report) -> None:
    """E321: IAM names are global per account, so a spec that creates IAM deploys to one region per account."""
    if spec.targets is None or len(spec.targets.regions) < 2 or not creates_iam(spec):
        return
    r.error(("targets", "regions"), "E321",
            f"{len(spec.targets.regions)} regions: IAM role and policy names are global per account, so the stack "
            "instance in the second region of each account would fail creating the same names; roll this spec "
            "out to one region; another region needs its own spec whose created names (name, runtime roles) differ")


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
    """W109: VPC and subnet ids belong to one account and region; every target must see them."""
    creates = spec.created_clusters or (spec.studio is not None and spec.studio.created)
    if spec.targets is None or spec.network is None or not creates:
        return
    r.warn(("network",), "W109", f"{spec.network.vpc_id} and its subnets must exist in every target account: "
           "share the subnets with the targets through AWS RAM (a shared subnet keeps its id), or the stack "
           "instances fail")
