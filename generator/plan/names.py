"""Names emrgen derives from the spec: IAM names of created resources, and which clusters
may assume which runtime roles. Rules and the plan both use these, so they agree."""

from __future__ import annotations

import fnmatch
from typing import TYPE_CHECKING

from .refs import REGION, join

if TYPE_CHECKING:
    from ..spec.model import Cluster, Spec


def regional(spec: Spec, base: str):
    """IAM names of resources created in every target region carry the region when there are several:
    IAM names are global per account (scopes.py keeps roles that need no region in an account stack).
    The longest region adds 16 characters to bases of at most 47 (roles) and 111 (policies) characters, so the
    names stay within IAM's 64 and 128 (tests/test_scopes.py)."""
    return join(base, "-", REGION) if spec.multi_region else base


def instance_profile_role_name(spec: Spec, cluster: Cluster) -> str:
    return f"{spec.name}-{cluster.name}-ec2"


def emr_service_role_name(spec: Spec):
    # Regional: its trust lets EMR assume it only from clusters of its own region (aws:SourceArn).
    return regional(spec, f"{spec.name}-emr-service")


def studio_service_role_name(spec: Spec):
    return regional(spec, f"{spec.name}-studio-service")


def studio_user_role_name(spec: Spec):
    return regional(spec, f"{spec.name}-studio-user")


def user_policy_name(spec: Spec, user_name: str, suffix: str = ""):
    return regional(spec, f"{spec.name}-user-{user_name}{suffix}")


def generated_role_names(spec: Spec) -> list[str]:
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


def cluster_may_assume(cluster: Cluster, role_name: str) -> bool:
    return cluster.runtime_roles == "all" or role_name in cluster.runtime_roles


def entry_names_role(entry: str, role_name: str) -> bool:
    """Whether an access row's runtime-role entry (declared name, role ARN or pattern) reaches the role."""
    name = entry.split(":role/", 1)[1] if entry.startswith("arn:") and ":role/" in entry else entry
    if "*" in name or "?" in name:
        return fnmatch.fnmatchcase(role_name, name.replace("[", "[[]"))
    return name == role_name


def row_reaches_cluster(access, cluster: Cluster, tags: dict[str, str] | None = None) -> bool:
    """Whether an access row grants on the cluster: it lists it (or any cluster), and the cluster's tags (by
    default its declared ones) carry every tag the row is scoped to (the two conditions are ANDed in the
    statement)."""
    listed = access.clusters == "any" or cluster.name in access.clusters
    if tags is None:  # a cluster selected by match_tags carries at least those tags (SPEC.md §5)
        tags = {**cluster.tags, **(cluster.match_tags or {})}
    tagged = all(tags.get(k) == v for k, v in access.cluster_tags.items())
    return listed and tagged


def granted_on(spec: Spec, cluster: Cluster, role_name: str) -> bool:
    """Some user's access row grants the runtime role on the cluster."""
    return any(
        row_reaches_cluster(a, cluster) and any(entry_names_role(e, role_name) for e in a.runtime_roles)
        for u in spec.users
        for a in u.access
    )


def may_run_on(spec: Spec, cluster: Cluster, role_name: str) -> bool:
    """SPEC.md §5 "Trust follows use": created clusters through their runtime_roles; existing clusters through
    an explicit runtime_roles list, else the roles some access row grants on them."""
    if cluster.created or isinstance(cluster.runtime_roles, list):
        return cluster_may_assume(cluster, role_name)
    return granted_on(spec, cluster, role_name)


def trusting_clusters(spec: Spec, role_name: str) -> list[Cluster]:
    """Clusters whose instance-profile role a runtime role must trust: created clusters that may assume it,
    and existing clusters with a known instance-profile role (by ARN or by name) on which the role is used
    (SPEC.md §5 "Trust follows use")."""
    return [c for c in spec.clusters if (c.created or has_profile_role(c)) and may_run_on(spec, c, role_name)]


def has_profile_role(cluster: Cluster) -> bool:
    """An existing cluster whose instance-profile role the spec gives, by ARN or by name (SPEC.md §5)."""
    return bool(cluster.instance_profile_role_arn or cluster.instance_profile_role)


def untrusted_grants(spec: Spec) -> list[tuple[str, object, str, str, str]]:
    """Grants that cannot work as the spec stands: (user, access row, created runtime role, listed cluster, the fix).
    The user's policy allows the role there, but the role does not trust that cluster's instance-profile role, so
    the cluster cannot assume it (SPEC.md §5 "Trust follows use"; Management Guide, emr-steps-runtime-roles.html)."""
    out, trusted_by_role = [], {}  # a role's trusting clusters, once per role (issue 14: 3,000 users x their rows)
    for user in spec.users:
        for access in user.access:
            if access.clusters == "any":
                continue  # an open scope works where trust allows; the trust column names where
            for entry in access.runtime_roles:
                role = spec.runtime_role(entry)
                if role is None or not role.created:
                    continue  # existing roles and patterns: To do by hand lists the trust they need
                if role.name not in trusted_by_role:
                    trusted_by_role[role.name] = trusting_clusters(spec, role.name)
                trusted = trusted_by_role[role.name]
                for name in access.clusters:
                    cluster = spec.cluster(name)
                    if cluster is None or cluster in trusted or not row_reaches_cluster(access, cluster):
                        continue
                    if cluster.created or isinstance(cluster.runtime_roles, list):
                        fix = f"add {role.name} to the runtime_roles of cluster {cluster.name}"
                    else:
                        fix = f"give cluster {cluster.name}'s instance_profile_role_arn or instance_profile_role"
                    out.append((user.name, access, role.name, cluster.name, fix))
    return out
