"""Helper, not a rule: where a finding about a created role is located in the spec (E404 and E405)."""

from __future__ import annotations

from ...spec.model import Spec


def role_path(spec: Spec, key: str) -> tuple:
    """A runtime role at its name, an instance-profile role at its cluster's runtime_roles, others at the top."""
    kind, _, name = key.partition("/")
    if kind == "runtime_role":
        return spec.runtime_role(name).path + ("name",)
    if kind == "instance_profile_role":
        return spec.cluster(name).path + ("runtime_roles",)
    return ()
