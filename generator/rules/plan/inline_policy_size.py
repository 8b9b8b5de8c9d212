"""E405: a created role's inline policies together fit IAM's 10,240 characters (an instance-profile role allowed
to assume very many runtime roles, or a runtime role with very many S3 grants).

Source: IAM User Guide, "IAM and AWS STS quotas" (reference_iam-quotas.html), "Role policy size": inline
policies of a role, 10,240 characters in aggregate.
Measured by the planner (plan/limits.py measure_roles: plan.measured.roles).
"""

from __future__ import annotations

from ...plan.core import Plan
from ...plan.limits import INLINE_ROLE_CHARS
from ...spec.report import Report
from ._roles import roles_over

CODES = ("E405",)


def check(plan: Plan, r: Report) -> None:
    for path, role, size in roles_over(plan, "inline", INLINE_ROLE_CHARS):
        r.error(
            path,
            "E405",
            f"the inline policies of role {role.name} would be {size} characters; IAM allows "
            f"{INLINE_ROLE_CHARS}: narrow clusters[].runtime_roles or the role's grants",
        )
