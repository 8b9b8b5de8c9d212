"""W104: a created cluster uses an existing security configuration that emrgen cannot inspect: it must enable
runtime roles (and in-transit encryption for Studio); Kerberos with runtime roles is not covered by AWS's pages.

Source: Management Guide, "Runtime roles for Amazon EMR steps" (emr-steps-runtime-roles.html), "Set up the
security configuration" (AuthorizationConfiguration.IAMConfiguration.EnableApplicationScopedIAMRole: true).
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("W104",)


def check(spec: Spec, r: Report) -> None:
    sc = spec.security_configuration
    if sc.existing and spec.created_clusters:
        r.warn(
            ("security_configuration", "existing"),
            "W104",
            f"emrgen cannot see the existing security configuration '{sc.name}': it must set "
            "EnableApplicationScopedIAMRole (and in-transit encryption for Studio); runtime roles with a Kerberos "
            "configuration are not covered by the AWS pages emrgen follows",
            key=True,
        )
