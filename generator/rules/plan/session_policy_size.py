"""E402: an SSO user's session policy (Studio user permissions, the runtime-role grants and the logs of the clusters
the user reaches, plan/logs.py) fits one managed policy: a session mapping takes exactly one session policy.

Sources: IAM User Guide, "IAM and AWS STS quotas" (reference_iam-quotas.html), managed policy size 6,144
characters (whitespace not counted); CloudFormation template reference, AWS::EMR::StudioSessionMapping (one
SessionPolicyArn).
Measured by the planner (plan/users.py: plan.measured.session_policies).
"""

from __future__ import annotations

from ...plan.core import Plan
from ...plan.limits import MANAGED_POLICY_CHARS
from ...spec.report import Report

CODES = ("E402",)


def check(plan: Plan, r: Report) -> None:
    for user, size in plan.measured.session_policies:
        if size > MANAGED_POLICY_CHARS:
            r.error(
                user.path + ("access",),
                "E402",
                f"the session policy of {user.name} would be {size} characters; a session mapping takes one "
                f"policy of at most {MANAGED_POLICY_CHARS}: use patterns or cluster_tags",
            )
