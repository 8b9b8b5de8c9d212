"""E202: every cluster named in users[].access[].clusters is declared under clusters.

Source: SPEC.md §1 ("references resolve"): a grant scoped to a cluster needs that cluster's id or tags.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report
from ..suggest import hint

CODES = ("E202",)


def check(spec: Spec, r: Report) -> None:
    cluster_names = [c.name for c in spec.clusters]
    for user in spec.users:
        for access in user.access:
            if isinstance(access.clusters, list):
                for i, name in enumerate(access.clusters):
                    if spec.cluster(name) is None:
                        r.error(
                            access.path + ("clusters", i),
                            "E202",
                            f"unknown cluster '{name}'{hint(name, cluster_names)}",
                        )
