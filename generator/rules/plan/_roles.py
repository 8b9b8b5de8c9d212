"""Helper, not a rule: the created roles whose measured size breaks a limit, located in the spec (E404, E405)."""

from __future__ import annotations

from collections.abc import Iterator

from ...plan.core import Plan
from ...plan.limits import RoleSize
from ...spec.model import Spec


def role_path(spec: Spec, key: str) -> tuple:
    """A runtime role at its name, an instance-profile role at its cluster's runtime_roles, others at the top."""
    kind, _, name = key.partition("/")
    if kind == "runtime_role":
        return spec.runtime_role(name).path + ("name",)
    if kind == "instance_profile_role":
        return spec.cluster(name).path + ("runtime_roles",)
    return ()


def roles_over(plan: Plan, size: str, limit: int) -> Iterator[tuple[tuple, RoleSize, int]]:
    """(spec path, role, measured size) for each role whose ``size`` ("trust" or "inline") exceeds ``limit``."""
    for role in plan.measured.roles:
        if getattr(role, size) > limit:
            yield role_path(plan.spec, role.key), role, getattr(role, size)
