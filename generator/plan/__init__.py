"""Stage 2: the neutral plan. The validated spec becomes resources, policies (as data) and references that know
nothing of CloudFormation or Terraform; both renderers and every report read it."""

from __future__ import annotations

from . import limits, suppressions
from .core import Output, Plan, Resource, UserPlan, build_core
from .studio import add_studio
from .users import add_users

__all__ = ["Output", "Plan", "Resource", "UserPlan", "build_plan"]


def build_plan(spec) -> Plan:
    """The spec's resources (core.py), then the users' policies on top of them (users.py), the role sizes
    (limits.py; the rules in rules/plan/ judge every measurement), then the scanner findings accepted on purpose
    (suppressions.py)."""
    plan = build_core(spec)
    add_studio(plan)
    add_users(plan)
    limits.measure_roles(plan)
    suppressions.attach(plan)
    return plan
