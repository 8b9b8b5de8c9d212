"""E319: with targets, no ARN with an account id and no existing cluster or studio id pins one account.

The member template is deployed into every target account, so a value of one account is wrong in all the others.
AWS managed policies (arn:aws:iam::aws:policy/...) name no account and are fine.
Source: CloudFormation User Guide, "StackSets concepts" (one template, stack instances in many accounts);
IAM User Guide, "IAM identifiers" (the account id in an ARN).
"""

from __future__ import annotations

import re

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E319",)
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


def check(spec: Spec, r: Report) -> None:
    if spec.targets is None:
        return
    for path, value, what in account_pinning(spec):
        r.error(
            path,
            "E319",
            f"{what} pins one account ({value}), but targets deploy this spec into many: "
            "name a role or principal by name (it resolves in each target account) or create it from the spec",
        )
