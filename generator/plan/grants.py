"""The heart of the AWS page: statements that let a Studio user call GetClusterSessionCredentials
(and, with ``steps: true``, AddJobFlowSteps) for chosen runtime roles on chosen clusters.

Every statement is conditioned on elasticmapreduce:ExecutionRoleArn [RR]. Exact ARNs use
StringEquals and patterns use StringLike, in *separate* statements: two operators on one key in
one statement are ANDed, so a mixed statement would match nothing (DOMAIN.md §3.1 "Gotcha").
"""

from __future__ import annotations

from dataclasses import dataclass

from ..spec.model import Access, Spec, User, is_pattern
from .policies import EXECUTION_ROLE_KEY, Env
from .refs import Ref

SESSION_ACTION = "elasticmapreduce:GetClusterSessionCredentials"
STEPS_ACTION = "elasticmapreduce:AddJobFlowSteps"


@dataclass(frozen=True)
class Grant:
    """One statement's meaning, kept beside the statement for the review report."""

    sid: str
    roles: tuple  # the spec's entries: declared names, ARNs or patterns
    exact: bool
    clusters: tuple  # cluster names, or () for any
    cluster_tags: tuple  # (key, value) pairs
    actions: tuple
    statement: dict


def runtime_role_arn(spec: Spec, env: Env, entry: str):
    """A declared runtime role name, a role ARN, or a pattern, as the ARN (pattern) the condition compares."""
    if entry.startswith("arn:"):
        return entry
    if is_pattern(entry):
        return env.role_arn(entry)
    role = spec.runtime_role(entry)
    assert role is not None, entry  # rules.access_references guarantees it
    # Created roles: the ARN is built from the name (no GetAtt), which keeps the instance-profile
    # role and the runtime roles free of a reference cycle; IAM does not check condition values.
    return role.arn or env.role_arn(role.name)


def cluster_arn(spec: Spec, env: Env, name: str, cluster_key):
    cluster = spec.cluster(name)
    assert cluster is not None, name
    cluster_id = cluster.id if cluster.id else Ref(cluster_key(cluster), "id")
    return env.arn("elasticmapreduce", "cluster/", cluster_id)


def user_grants(spec: Spec, env: Env, user: User, cluster_key) -> list[Grant]:
    actions = (SESSION_ACTION, STEPS_ACTION) if user.steps else (SESSION_ACTION,)
    grants: list[Grant] = []
    for number, access in enumerate(user.access, start=1):
        grants.extend(access_grants(spec, env, access, number, actions, cluster_key))
    return grants


def access_grants(spec: Spec, env: Env, access: Access, number: int, actions: tuple, cluster_key) -> list[Grant]:
    suffix = "" if number == 1 else str(number)
    if access.clusters == "any":
        return _grants(spec, env, access, "*", (), access.cluster_tags, actions, suffix)
    by_id = [n for n in access.clusters if not spec.cluster(n).by_tags]
    out = []
    if by_id:
        resource = [cluster_arn(spec, env, name, cluster_key) for name in by_id]
        out += _grants(spec, env, access, resource, tuple(by_id), access.cluster_tags, actions, suffix)
    # Clusters selected by tag (match_tags, SPEC.md §5) have no id to name: the grant is on any cluster that
    # carries all their tags (elasticmapreduce:ResourceTag/KEY, ANDed), one statement pair per such cluster.
    for i, name in enumerate((n for n in access.clusters if spec.cluster(n).by_tags), start=1):
        tags = {**access.cluster_tags, **spec.cluster(name).match_tags}
        sid_suffix = f"{suffix}Tagged{i}" if by_id or i > 1 else suffix
        out += _grants(spec, env, access, "*", (name,), tags, actions, sid_suffix)
    return out


def _grants(
    spec: Spec, env: Env, access: Access, resource, clusters: tuple, cluster_tags: dict, actions: tuple, suffix: str
) -> list[Grant]:
    exact = [e for e in access.runtime_roles if not is_pattern(e)]
    patterns = [e for e in access.runtime_roles if is_pattern(e)]
    tags = {f"elasticmapreduce:ResourceTag/{k}": v for k, v in sorted(cluster_tags.items())}
    out = []
    for entries, is_exact, operator, sid in (
        (exact, True, "StringEquals", f"AllowRuntimeRoles{suffix}"),
        (patterns, False, "StringLike", f"AllowRuntimeRolePatterns{suffix}"),
    ):
        if not entries:
            continue
        roles = [runtime_role_arn(spec, env, e) for e in entries]
        if is_exact:
            condition = {"StringEquals": {**tags, EXECUTION_ROLE_KEY: roles}}
        else:
            condition = {**({"StringEquals": dict(tags)} if tags else {}), operator: {EXECUTION_ROLE_KEY: roles}}
        statement = {
            "Sid": sid,
            "Effect": "Allow",
            "Action": list(actions),
            "Resource": resource,
            "Condition": condition,
        }
        out.append(
            Grant(sid, tuple(entries), is_exact, clusters, tuple(sorted(cluster_tags.items())), actions, statement)
        )
    return out
