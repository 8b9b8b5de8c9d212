"""Names emrgen derives from the spec: IAM names of created resources, and which clusters
may assume which runtime roles. Rules and the plan both use these, so they agree."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Cluster, Spec


def instance_profile_role_name(spec: "Spec", cluster: "Cluster") -> str:
    return f"{spec.name}-{cluster.name}-ec2"


def emr_service_role_name(spec: "Spec") -> str:
    return f"{spec.name}-emr-service"


def studio_service_role_name(spec: "Spec") -> str:
    return f"{spec.name}-studio-service"


def studio_user_role_name(spec: "Spec") -> str:
    return f"{spec.name}-studio-user"


def user_policy_name(spec: "Spec", user_name: str) -> str:
    return f"{spec.name}-user-{user_name}"


def generated_role_names(spec: "Spec") -> list[str]:
    out = [instance_profile_role_name(spec, c) for c in spec.created_clusters]
    if spec.created_clusters:
        out.append(emr_service_role_name(spec))
    if spec.studio is not None and spec.studio.created:
        out.append(studio_service_role_name(spec))
        if spec.studio.auth_mode == "SSO":
            out.append(studio_user_role_name(spec))
    return out


def cluster_may_assume(cluster: "Cluster", role_name: str) -> bool:
    return cluster.runtime_roles == "all" or role_name in cluster.runtime_roles


def trusting_clusters(spec: "Spec", role_name: str) -> list["Cluster"]:
    """Clusters whose instance-profile role a runtime role must trust: created clusters that may
    assume it, and existing clusters whose instance-profile role ARN the spec gives."""
    return [
        c for c in spec.clusters
        if (c.created and cluster_may_assume(c, role_name)) or (not c.created and c.instance_profile_role_arn)
    ]
