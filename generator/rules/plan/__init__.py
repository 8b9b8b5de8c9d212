"""AWS limits that need the built plan (E401-E406): while packing the users' policies the planner records what
it measured (plan.measured, plan/limits.py); these rules compare the measurements with IAM's limits and locate
each finding at its spec entry. They run after build_plan (api.checked_plan); the planner never imports them."""

from __future__ import annotations

from . import (
    inline_policy_size,
    managed_policies_per_principal,
    session_policy_size,
    statement_size,
    trust_policy_size,
    user_role_union,
)

RULES = (
    statement_size,  # E406
    managed_policies_per_principal,  # E401
    session_policy_size,  # E402
    user_role_union,  # E403
    trust_policy_size,  # E404
    inline_policy_size,  # E405
)
