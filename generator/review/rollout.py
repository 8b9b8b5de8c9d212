"""REVIEW.md's rollout plan for `targets:` (issue 7): who gets the member setup, in which order, and how
many failures stop the rollout. It restates what stackset/template.yaml and the Terraform root do, from
the same spec, in the words of the StackSet operation preferences (AWS CloudFormation User Guide,
"StackSet operation options"). This module gathers the facts; ``templates/markdown/_rollout.md.j2`` says them."""

from __future__ import annotations

from collections import Counter

from ..plan import scopes
from ..plan.core import Plan
from ..plan.kinds import BY_NAME
from ..plan.scopes import ACCOUNT, REGIONAL
from ..plan.targets import instances, stackset_name


def what_it_creates(plan: Plan) -> str:
    counts = Counter(r.kind for r in plan.resources if BY_NAME[r.kind].in_rollout_summary)
    return ", ".join(f"{n} {BY_NAME[k].plural if n > 1 else BY_NAME[k].singular}" for k, n in sorted(counts.items()))


def facts(plan: Plan) -> dict | None:
    """What the rollout plan says, or None without targets."""
    t = plan.spec.targets
    if t is None:
        return None
    members = scopes.members(plan)
    account_wide = ACCOUNT in members
    prefs = t.operation_preferences or {}
    sequential = prefs.get("region_concurrency", "SEQUENTIAL") == "SEQUENTIAL"
    home = t.regions[0]
    targets = t.organizational_units or t.accounts
    steps = [(1, target, home, "account-wide IAM") for target in targets] if account_wide else []
    if REGIONAL in members:
        first = 1 if account_wide else 0
        steps += [
            (first + (i if sequential else 1), target, region, "member")
            for i, region in enumerate(t.regions, start=1)
            for target in targets
        ]
    return {
        "targets": t,
        "home": home,
        "account_wide": account_wide,
        "multi_region": plan.spec.multi_region,
        "stackset": stackset_name(plan),
        "account_stackset": stackset_name(plan, ACCOUNT) if account_wide else "",
        "instances": len(instances(plan)),
        "sequential": sequential,
        "tolerance": prefs.get("failure_tolerance_percentage"),
        "concurrent": prefs.get("max_concurrent_percentage"),
        "account_creates": what_it_creates(members[ACCOUNT]) if account_wide else "",
        "regional": REGIONAL in members,
        "member_creates": what_it_creates(members[REGIONAL]) if REGIONAL in members else "",
        "steps": steps,
    }
