"""E306: a created cluster has one primary node.

Source: Management Guide, "Runtime roles for Amazon EMR steps" (emr-steps-runtime-roles.html), Considerations:
runtime roles are not supported on clusters with multiple primary nodes (high availability).
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E306",)


def check(spec: Spec, r: Report) -> None:
    for cluster in spec.created_clusters:
        if cluster.primary.count != 1:
            r.error(
                cluster.path + ("primary", "count"),
                "E306",
                "runtime roles are not supported on clusters with several primary nodes; use count: 1",
            )
