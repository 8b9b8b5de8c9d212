"""E406: a single runtime-role statement fits one managed policy even alone (packing splits role lists and
fills policies, but cannot split one statement that is too big by itself).

Source: IAM User Guide, "IAM and AWS STS quotas" (reference_iam-quotas.html), managed policy size 6,144
characters (whitespace not counted).
Measured by the planner (plan/users.py: plan.measured.largest_user_policy, the largest packed policy, which is
over the limit only when it holds one statement that is).
"""

from __future__ import annotations

from ...plan.core import Plan
from ...plan.limits import MANAGED_POLICY_CHARS
from ...spec.report import Report

CODES = ("E406",)


def check(plan: Plan, r: Report) -> None:
    for user, size in plan.measured.largest_user_policy:
        if size > MANAGED_POLICY_CHARS:
            r.error(
                user.path + ("access",),
                "E406",
                f"one runtime-role statement of {user.name} is {size} "
                f"characters; IAM allows {MANAGED_POLICY_CHARS} per policy: use a pattern or cluster_tags",
            )
