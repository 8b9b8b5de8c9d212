"""AWS limits emrgen respects, IAM's way of measuring a policy, and what the planner measured against the limits
(``Measured``): the planner only measures; the rules in generator/rules/plan/ judge (E401-E406).

Sources: IAM quotas (reference_iam-quotas.html) and CloudFormation quotas (cloudformation-limits.html),
as collected in ../shared/reference/DOMAIN.md §6.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .refs import CHINA, Input, Join, Pseudo, Ref, RegionValue, ServicePrincipal

MANAGED_POLICY_CHARS = 6144  # customer managed policy document, whitespace not counted
INLINE_ROLE_CHARS = 10240  # all inline policies of one role together
TRUST_POLICY_CHARS = 2048  # role trust policy (default quota)
MANAGED_POLICIES_PER_PRINCIPAL = 10  # default quota (roles and users may be raised to 20)
MANAGED_POLICIES_MAX = 20
CFN_RESOURCES = 500
CFN_OUTPUTS = 200
CFN_PARAMETERS = 200
CFN_BODY_INLINE = 51200
CFN_BODY_S3 = 1024 * 1024

# The longest text a reference can become, so a policy measured here never grows past a limit on deploy.
LONGEST_PSEUDO = {"partition": "aws-us-gov", "account": "123456789012", "region": "us-isof-south-1"}
LONGEST_REF = {
    "id": "j-" + "X" * 30,
    "name": "x" * 64,
    "url": "https://" + "x" * 100,
    "arn": "arn:aws-us-gov:iam::123456789012:role/" + "x" * 64,
}


@dataclass
class PrincipalPolicies:
    """IAM auth: the managed policies emrgen attaches to one IAM principal in one region's template."""

    kind: str  # roles | users | groups
    name: str
    per_region: int
    user: object  # the first spec user with this principal: where a finding about it is located


@dataclass
class RoleSize:
    key: str  # plan key, e.g. "runtime_role/analyst" or "instance_profile_role/main"
    name: object  # the role's name (text or a reference)
    trust: int  # characters of the trust policy
    inline: int  # characters of all inline policies together


@dataclass
class Measured:
    """What the planner measured against AWS limits while it packed the policies. The planner never judges:
    rules/plan/ compare these with the limits above and locate the findings in the spec (E401-E406)."""

    regions: int = 1  # templates that attach their own copies of a principal's policies (target regions)
    principals: list[PrincipalPolicies] = field(default_factory=list)  # IAM auth, sorted by (kind, name)
    largest_user_policy: list[tuple] = field(default_factory=list)  # IAM auth: (user, chars of its largest policy)
    session_policies: list[tuple] = field(default_factory=list)  # SSO: (user, chars of its one session policy)
    user_role_policies: int | None = None  # SSO union mode: managed policies the Studio user role needs
    roles: list[RoleSize] = field(default_factory=list)


def longest(value):
    kind = type(value)  # the common cases first: this runs on every value of every policy (issue 14)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is dict:
        return {k: longest(v) for k, v in value.items()}
    if kind is list:
        return [longest(v) for v in value]
    if isinstance(value, Pseudo):
        return LONGEST_PSEUDO[value.name]
    if isinstance(value, ServicePrincipal):  # the .cn form is the longer
        return value.resolved(CHINA)
    if isinstance(value, Ref):
        return LONGEST_REF.get(value.attr, "x" * 128)
    if isinstance(value, Input):
        return value.static
    if isinstance(value, RegionValue):  # network ids: vpc-/subnet- and 17 hex digits
        one = "subnet-0123456789abcdef0"
        return [one] * 5 if value.field == "subnet_ids" and value.index is None else one
    if isinstance(value, Join):
        return "".join(longest(p) if not isinstance(p, str) else p for p in value.parts)
    if isinstance(value, dict):
        return {k: longest(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [longest(v) for v in value]
    return value


def longest_leaf(value):
    """json.dumps' ``default`` hook: a reference at its longest, so the encoder walks dicts and lists in C
    (the same text as json.dumps(longest(value)), issue 14); anything else as str()."""
    found = longest(value)
    return str(value) if found is value else found


def policy_chars(document) -> int:
    """IAM's size of a policy: its JSON without whitespace between tokens, references at their longest."""
    return len(json.dumps(document, separators=(",", ":"), ensure_ascii=False, default=longest_leaf))


def statement_chars(statement) -> int:
    """policy_chars of one statement, as it counts inside a document's Statement list."""
    return len(json.dumps(statement, separators=(",", ":"), ensure_ascii=False, default=longest_leaf))


def document_chars(version: str, sizes: list[int]) -> int:
    """policy_chars({"Version": version, "Statement": [...]}) from the statements' own sizes: compact JSON is
    the concatenation of its parts, so a growing policy is not measured again from the start (issue 14)."""
    head = len(json.dumps({"Version": version}, separators=(",", ":"), ensure_ascii=False)) - 1  # without "}"
    return head + len(',"Statement":[]}') + sum(sizes) + max(len(sizes) - 1, 0)


def measure_roles(plan) -> None:
    """Record the trust and inline policy sizes of every role the plan creates (rules/plan/ judge E404/E405)."""
    for res in plan.resources:
        if res.kind == "role":
            plan.measured.roles.append(
                RoleSize(
                    res.key,
                    res.props["name"],
                    policy_chars(res.props["trust"]),
                    sum(policy_chars(doc) for _, doc in res.props["inline_policies"]),
                )
            )
