"""W107: an existing runtime role must already trust the instance-profile role of each cluster that uses it.

Source: Management Guide, "Runtime roles for Amazon EMR steps" (emr-steps-runtime-roles.html), the runtime
role's trust policy (sts:AssumeRole and sts:TagSession for the EC2 instance-profile role). emrgen does not change
existing roles.
"""

from __future__ import annotations

from ...plan import names
from ...spec.model import Spec
from ...spec.report import Report

CODES = ("W107",)


def check(spec: Spec, r: Report) -> None:
    for role in spec.runtime_roles:
        if role.created:
            continue
        trusted_by = [c.name for c in names.trusting_clusters(spec, role.name)]
        # [RR]: sts:SetSourceIdentity too when the security configuration propagates the source identity
        actions = (
            "sts:AssumeRole, sts:TagSession and sts:SetSourceIdentity"
            if spec.security_configuration.propagate_source_identity
            else "sts:AssumeRole and sts:TagSession"
        )
        if trusted_by:
            r.warn(
                role.path + ("existing" if role.existing else "arn",),
                "W107",
                f"existing role '{role.name}' must trust the instance-profile role of {', '.join(trusted_by)} "
                f"({actions}); emrgen does not change existing roles",
            )
