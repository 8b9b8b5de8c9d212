"""W106: an option of an existing security configuration is ignored: emrgen does not change it.

Source: emrgen's spec contract, SPEC.md §5 (existing resources are referenced, never changed); an
AWS::EMR::SecurityConfiguration cannot be updated in place anyway (every property is create-only, CloudFormation
template reference).
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("W106",)


def check(spec: Spec, r: Report) -> None:
    sc = spec.security_configuration
    if not sc.existing or spec.walk is None:
        return
    for key in ("propagate_source_identity", "lake_formation", "in_transit_encryption"):
        if ("security_configuration", key) in spec.walk.key_nodes:
            r.warn(
                ("security_configuration", key),
                "W106",
                f"'{key}' is ignored: the security configuration '{sc.name}' exists and emrgen does not change it",
                key=True,
            )
