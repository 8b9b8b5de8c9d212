"""W132: `users: []` written out: nobody is granted a runtime role, so nobody can use the Studio's runtime-role
clusters (leave the key out, or add users). `users:` with no value is E103 (explicit empty is not absent).

Source: Management Guide, "Run an EMR Studio Workspace with a runtime role" (emr-studio-runtime.html): a Studio user
needs elasticmapreduce:GetClusterSessionCredentials on the runtime role before a Workspace can use it.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("W132",)


def check(spec: Spec, r: Report) -> None:
    walk = spec.walk
    if not spec.users and walk is not None and ("users",) in walk.key_nodes:
        r.warn(
            ("users",),
            "W132",
            "users: [] grants nobody a runtime role: a Studio and clusters nobody can use "
            "through them (add users, or leave the key out)",
            key=True,
        )
