"""E401: an IAM principal (role, user or group) gets no more managed policies than IAM attaches: the spec's
quotas.managed_policies_per_principal (10 by default, up to 20 where the quota was raised). The shared Studio user
policy counts as one; with several target regions each region's template attaches its own copies.

Source: IAM User Guide, "IAM and AWS STS quotas" (reference_iam-quotas.html), "Managed policies attached to an IAM
role / IAM user" (10, adjustable) and "... to an IAM group" (10).
Measured by the planner (plan/users.py: plan.measured.principals, .regions).
"""

from __future__ import annotations

from ...plan.core import Plan
from ...spec.report import Report

CODES = ("E401",)


def check(plan: Plan, r: Report) -> None:
    quota, regions = plan.spec.quota, plan.measured.regions
    for p in plan.measured.principals:
        count = p.per_region * regions
        if count > quota:
            how = f" ({p.per_region} in each of {regions} regions)" if regions > 1 else ""
            r.error(
                p.user.path + ("principal",),
                "E401",
                f"{p.kind[:-1]} {p.name} would need {count} managed policies{how}; IAM attaches "
                f"{quota} (quotas.managed_policies_per_principal, up to 20 where the quota was raised): grant "
                "by pattern or cluster_tags, split the access across principals, or deploy to fewer regions",
            )
