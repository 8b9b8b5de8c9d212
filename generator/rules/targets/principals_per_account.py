"""W120: with targets, an IAM principal given by name (role, user or group) must exist in every target account,
including accounts that join a target OU later, or the member stack fails there.

The users' managed policies attach to principals by name (AWS::IAM::ManagedPolicy ``Roles``/``Users``/``Groups``,
aws_iam_*_policy_attachment), and IAM resolves a name in the account the stack runs in: a missing one fails the
stack instance with NoSuchEntity.
Sources: CloudFormation template reference, AWS::IAM::ManagedPolicy (Roles, Users, Groups: "The name (friendly
name, not ARN)"); IAM API reference, AttachRolePolicy/AttachUserPolicy/AttachGroupPolicy
(error NoSuchEntity: "The request was rejected because it referenced a resource entity that does not exist").
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("W120",)


def principals_by_name(spec: Spec) -> list[tuple[str, str]]:
    """(kind, name) of every IAM principal the users name, each once, in spec order (SSO identities and
    principal ARNs excluded: the first live in Identity Center, the second are E319 with targets)."""
    out: dict[tuple[str, str], None] = {}
    for user in spec.users:
        p = user.principal
        if not p.is_sso and not p.value.startswith("arn:"):
            out[(p.kind, p.value)] = None
    return list(out)


def check(spec: Spec, r: Report) -> None:
    if spec.targets is None:
        return
    later = " (also in accounts that join a target OU later)" if spec.targets.organizational_units else ""
    unsaid = set(principals_by_name(spec))
    for user in spec.users:
        p = user.principal
        if (p.kind, p.value) not in unsaid:
            continue
        unsaid.discard((p.kind, p.value))
        r.warn(
            user.path + ("principal", p.kind),
            "W120",
            f"IAM {p.kind} '{p.value}' must exist in every target account{later}: the users' policies attach to "
            "it by name, and a stack instance fails with NoSuchEntity where it does not",
        )
