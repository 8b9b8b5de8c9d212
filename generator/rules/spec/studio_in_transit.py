"""E311: a created studio needs in-transit encryption in the security configuration (Studio reaches the cluster
over TLS).

Source: Management Guide, "Runtime roles for Amazon EMR steps" (emr-steps-runtime-roles.html), the security
configuration: the in-transit encryption settings may be skipped only when nothing connects from EMR Studio.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E311",)


def check(spec: Spec, r: Report) -> None:
    studio = spec.studio
    if studio is None:
        return
    if studio.created and spec.security_configuration.in_transit is None and not spec.security_configuration.existing:
        r.error(
            ("studio",),
            "E311",
            "a studio needs in-transit encryption in the security configuration: add "
            "security_configuration.in_transit_encryption (certificate_provider, s3_object)",
            key=True,
        )
