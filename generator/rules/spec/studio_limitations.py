"""W105: Workspaces attached to runtime-role clusters have SQL Explorer and Workspace collaboration disabled.

Source: Management Guide, "Run an EMR Studio Workspace with a runtime role" (emr-studio-runtime.html),
Considerations (SQL Explorer and Workspace collaboration are disabled).
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("W105",)


def check(spec: Spec, r: Report) -> None:
    studio = spec.studio
    if studio is not None and (spec.runtime_roles or spec.users):
        r.warn(
            studio.path,
            "W105",
            "Workspaces attached to runtime-role clusters have SQL Explorer and Workspace collaboration disabled",
            key=True,
        )
