"""E203: runtime roles, clusters and users each have unique names; one user per SSO identity; no declared
runtime role takes the name of a role emrgen creates.

One code for three checks because they are one rule: a name (or identity) must say which one thing it means.
Sources: SPEC.md §1 (entries refer to each other by name); CloudFormation User Guide,
AWS::EMR::StudioSessionMapping (StudioId, IdentityType and IdentityName identify a mapping, so one mapping per
identity); IAM User Guide, "IAM identifiers" (role names are unique within an account).
"""

from __future__ import annotations

from ...plan import names
from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E203",)


def check(spec: Spec, r: Report) -> None:
    for section, items in (("runtime_roles", spec.runtime_roles), ("clusters", spec.clusters), ("users", spec.users)):
        seen: set[str] = set()
        for item in items:
            if item.name in seen:
                r.error(item.path + ("name",), "E203", f"{section} has two entries named '{item.name}'")
            seen.add(item.name)
    # One session mapping per SSO identity: two users naming the same one would collide.
    identities: set[tuple[str, str]] = set()
    for user in spec.users:
        p = user.principal
        if p.is_sso and (p.kind, p.value) in identities:
            r.error(
                user.path + ("principal", p.kind),
                "E203",
                f"{p.kind} '{p.value}' is mapped by two users; merge their access into one user",
            )
        identities.add((p.kind, p.value))
    # Generated IAM names must not collide with a declared runtime role either.
    generated = {n for n in names.generated_role_names(spec)}
    for role in spec.runtime_roles:
        if role.created and role.name in generated:
            r.error(
                role.path + ("name",), "E203", f"runtime role name '{role.name}' collides with a role emrgen creates"
            )
