"""E318: region and partition agree; ARNs in the spec use the spec's partition, and principal ARNs its account.

Sources: AWS General Reference, "Amazon Resource Names (ARNs)" (the partition of a region: aws, aws-cn,
aws-us-gov; table in spec/regions.py); IAM User Guide, "Managed policies and inline policies" (a customer managed
policy attaches to principals of its own account).
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.regions import partition_of
from ...spec.report import Report

CODES = ("E318",)


def check(spec: Spec, r: Report) -> None:
    if spec.region and spec.partition and partition_of(spec.region) != spec.partition:
        r.error(
            ("partition",),
            "E318",
            f"region {spec.region} is in partition {partition_of(spec.region)}, not {spec.partition}",
        )
    arns = [(role.path + ("arn",), role.arn) for role in spec.runtime_roles if role.arn]
    arns += [
        (user.path + ("principal", user.principal.kind), user.principal.value)
        for user in spec.users
        if user.principal.value.startswith("arn:")
    ]
    for path, arn in arns:
        _, partition, _, _, account, _ = arn.split(":", 5)
        if spec.partition and partition != spec.partition:
            r.error(path, "E318", f"{arn} is in partition {partition}; the spec's partition is {spec.partition}")
        if path[0] == "users" and spec.account_id and account != spec.account_id:
            r.error(
                path,
                "E318",
                f"{arn} is in account {account}: policies can only be attached to principals of "
                f"the deploying account {spec.account_id}",
            )
