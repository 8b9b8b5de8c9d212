"""W101: a runtime-role pattern (team-*) in access: the user may use every matching role, including roles
created later.

Source: Management Guide, "Run an EMR Studio Workspace with a runtime role" (emr-studio-runtime.html), the
policy example that grants roles by ARN prefix (StringLike on elasticmapreduce:ExecutionRoleArn).
"""

from __future__ import annotations

from ...spec.model import Spec, is_pattern
from ...spec.report import Report

CODES = ("W101",)


def check(spec: Spec, r: Report) -> None:
    for user in spec.users:
        for access in user.access:
            for i, entry in enumerate(access.runtime_roles):
                if is_pattern(entry):
                    r.warn(
                        access.path + ("runtime_roles", i),
                        "W101",
                        f"'{entry}' is a pattern: {user.name} may use every role whose name matches it, including roles created later",
                    )
