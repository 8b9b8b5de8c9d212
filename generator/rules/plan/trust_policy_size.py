"""E404: a created role's trust policy fits IAM's 2,048 characters (a runtime role trusted by the
instance-profile roles of many clusters).

Source: IAM User Guide, "IAM and AWS STS quotas" (reference_iam-quotas.html), "Role trust policy length"
(2,048 characters by default).
Measured by the planner (plan/limits.py measure_roles: plan.measured.roles).
"""

from __future__ import annotations

from ...plan.core import Plan
from ...plan.limits import TRUST_POLICY_CHARS
from ...spec.report import Report
from ._roles import roles_over

CODES = ("E404",)


def check(plan: Plan, r: Report) -> None:
    for path, role, size in roles_over(plan, "trust", TRUST_POLICY_CHARS):
        r.error(
            path,
            "E404",
            f"the trust policy of role {role.name} would be {size} characters; IAM allows "
            f"{TRUST_POLICY_CHARS}: fewer clusters may assume it (clusters[].runtime_roles)",
        )
