"""W102: clusters: any without cluster_tags: the user may use the runtime roles on any cluster of the account.

Source: Management Guide, "Run an EMR Studio Workspace with a runtime role" (emr-studio-runtime.html), the
policy examples: specific roles on any cluster (Resource "*"), scoped by cluster ARN, or by cluster tag.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("W102",)


def check(spec: Spec, r: Report) -> None:
    for user in spec.users:
        for access in user.access:
            if access.clusters == "any" and not access.cluster_tags:
                r.warn(
                    access.path,
                    "W102",
                    f"{user.name} may use these runtime roles on any cluster in the account; narrow with clusters or cluster_tags",
                )
