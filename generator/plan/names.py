"""Names emrgen derives from the spec: IAM names of created resources, and which clusters
may assume which runtime roles. Rules and the plan both use these, so they agree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .refs import REGION, join

if TYPE_CHECKING:
    from ..spec.model import Cluster, Spec

def regional(spec: "Spec", base: str):
    """IAM names of resources created in every target region carry the region when there are several:
    IAM names are global per account (scopes.py keeps roles that need no region in an account stack).
    The longest region adds 16 characters to bases of at most 47 (roles) and 111 (policies) characters, so the
    names stay within IAM's 64 and 128 (tests/test_scopes.py)."""
    return join(base, "-", REGION) if spec.multi_region else base


def instance_profile_role_name(spec: "Spec", cluster: "Cluster") -> str:
    return f"{spec.name}-{cluster.name}-ec2"


def emr_service_role_name(spec: "Spec"):
    # Regional: its trust lets EMR assume it only from clusters of its own region (aws:SourceArn).
    return regional(spec, f"{spec.name}-emr-service")


def studio_service_role_name(spec: "Spec"):
    return regional(spec, f"{spec.name}-studio-service")


def studio_user_role_name(spec: "Spec"):
    return regional(spec, f"{spec.name}-studio-user")


def user_policy_name(spec: "Spec", user_name: str, suffix: str = ""):
    return regional(spec, f"{spec.name}-user-{user_name}{suffix}")


def generated_role_names(spec: "Spec") -> list[str]:
    """Every role name emrgen creates, as deployed (regional ones once per target region)."""
    out = [instance_profile_role_name(spec, c) for c in spec.created_clusters]
    regional_bases = [f"{spec.name}-emr-service"] if spec.created_clusters else []
    if spec.studio is not None and spec.studio.created:
        regional_bases.append(f"{spec.name}-studio-service")
        if spec.studio.auth_mode == "SSO":
            regional_bases.append(f"{spec.name}-studio-user")
    regions = spec.targets.regions if spec.multi_region else [""]
    out += [f"{base}-{region}" if region else base for base in regional_bases for region in regions]
    return out


def cluster_may_assume(cluster: "Cluster", role_name: str) -> bool:
    return cluster.runtime_roles == "all" or role_name in cluster.runtime_roles


def trusting_clusters(spec: "Spec", role_name: str) -> list["Cluster"]:
    """Clusters whose instance-profile role a runtime role must trust: created clusters that may
    assume it, and existing clusters whose instance-profile role the spec gives (ARN or name)."""
    return [
        c for c in spec.clusters
        if (c.created and cluster_may_assume(c, role_name)) or (not c.created and has_profile_role(c))
    ]


def has_profile_role(cluster: "Cluster") -> bool:
    """An existing cluster whose instance-profile role the spec gives, by ARN or by name (SPEC.md §5)."""
    return bool(cluster.instance_profile_role_arn or cluster.instance_profile_role)
