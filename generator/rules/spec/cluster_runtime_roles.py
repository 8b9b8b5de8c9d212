"""E204: a cluster's runtime_roles list names declared runtime roles.

Source: SPEC.md §1 ("references resolve"); the list sets which roles the cluster's instance-profile role may
assume (Management Guide, "Runtime roles for Amazon EMR steps", emr-steps-runtime-roles.html, instance profile
statement AllowRuntimeRoleUsage).
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report
from ..suggest import hint

CODES = ("E204",)


def check(spec: Spec, r: Report) -> None:
    role_names = [x.name for x in spec.runtime_roles]
    for cluster in spec.clusters:
        if isinstance(cluster.runtime_roles, list):
            for i, name in enumerate(cluster.runtime_roles):
                if spec.runtime_role(name) is None:
                    r.error(
                        cluster.path + ("runtime_roles", i),
                        "E204",
                        f"unknown runtime role '{name}'{hint(name, role_names)}",
                    )
