"""W132: the spec grants nobody a runtime role: `users: []`, `users:` with no value (SPEC.md §6: the same as
`[]`), or no `users` key at all. The Studio and the runtime-role clusters are then usable by nobody through
runtime roles, and the policies emrgen writes for users are attached to no one. There is no silent form: leaving
the key out is warned too.

Source: Management Guide, "Run an EMR Studio Workspace with a runtime role" (emr-studio-runtime.html): a Studio user
needs elasticmapreduce:GetClusterSessionCredentials on the runtime role before a Workspace can use it.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("W132",)


def check(spec: Spec, r: Report) -> None:
    if spec.users:
        return
    walk = spec.walk
    written = walk is not None and ("users",) in walk.key_nodes
    r.warn(
        ("users",),
        "W132",
        ("users is empty" if written else "the spec has no users")
        + ": nobody is granted a runtime role (GetClusterSessionCredentials), so no Studio Workspace can use the "
        "clusters through runtime roles; add users, each with a principal and access rows",
        key=True,
    )
