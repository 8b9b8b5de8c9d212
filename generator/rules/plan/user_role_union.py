"""E403: the SSO Studio user role can carry the union of all session policies within its managed-policy quota
(union mode: more users than the role can attach session policies).

Sources: IAM User Guide, "IAM and AWS STS quotas" (reference_iam-quotas.html), managed policies attached to an IAM
role; Management Guide, "Configure EMR Studio user permissions" (emr-studio-user-permissions.html): the Studio
user role must allow what the session policies allow.
Measured by the planner (plan/users.py: plan.measured.user_role_policies).
"""

from __future__ import annotations

from ...plan.core import Plan
from ...spec.report import Report

CODES = ("E403",)


def check(plan: Plan, r: Report) -> None:
    count, quota = plan.measured.user_role_policies, plan.spec.quota
    if count is not None and count > quota:
        r.error(
            ("users",),
            "E403",
            f"the Studio user role would need {count} managed policies for the "
            f"union of all session policies; IAM attaches {quota}: use patterns or cluster_tags",
            key=True,
        )
