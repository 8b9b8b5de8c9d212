"""The rollout's own names (``targets:``, SPEC.md §4): StackSet names, the regions each scope deploys to, and the
Terraform instances. Renderers write them and REVIEW.md's rollout plan quotes them, so they live with the plan."""

from __future__ import annotations

import re

from ..spec.model import Targets
from .core import Plan
from .scopes import ACCOUNT, REGIONAL


def stackset_name(plan: Plan, scope: str = REGIONAL) -> str:
    return f"{plan.spec.name}-emr-runtime-roles" + ("-account" if scope == ACCOUNT else "")


def scope_regions(t: Targets, scope: str) -> list[str]:
    """The account template goes to the first target region only: IAM is global, once per account is enough."""
    return list(t.regions[:1] if scope == ACCOUNT else t.regions)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "_", text)


def instances(plan: Plan) -> list[tuple[str, str, str]]:
    """(HCL name, account, region) per target, accounts in spec order then regions in spec order."""
    t = plan.spec.targets
    return [
        (f"account_{account}_{slug(region)}", account, region) for account in (t.accounts or []) for region in t.regions
    ]
