"""W140: an access row grants a created runtime role on a listed cluster whose instance-profile role the role does
not trust (the cluster's runtime_roles leaves it out, or an existing cluster's instance-profile role is not given):
the user's policy allows it, but the cluster cannot assume the role, so the grant fails there until the spec says so.

Source: Management Guide, "Runtime roles for Amazon EMR steps" (emr-steps-runtime-roles.html): the runtime role's
trust policy names the cluster's EC2 instance-profile role; SPEC.md §5 "Trust follows use" says which clusters
emrgen writes into it.
"""

from __future__ import annotations

from ...plan import names
from ...spec.model import Spec
from ...spec.report import Report

CODES = ("W140",)


def check(spec: Spec, r: Report) -> None:
    for user, access, role, cluster, fix in names.untrusted_grants(spec):
        r.warn(
            access.path + ("runtime_roles",),
            "W140",
            f"user '{user}' is granted '{role}' on cluster '{cluster}', but {role} does not trust that cluster's "
            f"instance-profile role, so the grant fails there: {fix}",
        )
