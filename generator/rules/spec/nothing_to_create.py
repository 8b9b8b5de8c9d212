"""E317: the spec creates something (users, a runtime role, a cluster or a studio).

Source: CloudFormation User Guide, "Template anatomy" (Resources is the one required section and holds at least
one resource): a spec that creates nothing would give an empty, undeployable template.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E317",)


def check(spec: Spec, r: Report) -> None:
    creates = (
        any(x.created for x in spec.runtime_roles)
        or spec.created_clusters
        or spec.users
        or (spec.studio is not None and spec.studio.created)
    )
    if not creates:
        r.error((), "E317", "this spec creates nothing: add users, runtime roles to create, a cluster or a studio")
