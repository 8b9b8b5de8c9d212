"""E304: the studio does not enable IAM Identity Center trusted identity propagation.

Source: Management Guide, "Run an EMR Studio Workspace with a runtime role" (emr-studio-runtime.html),
Considerations: "You can't use runtime roles in a Studio with IAM Identity Center trusted identity propagation
enabled".
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E304",)


def check(spec: Spec, r: Report) -> None:
    studio = spec.studio
    if studio is not None and studio.trusted_identity_propagation:
        r.error(
            studio.path + ("trusted_identity_propagation",),
            "E304",
            "runtime roles cannot be used in a Studio with IAM Identity Center trusted identity propagation enabled",
        )
