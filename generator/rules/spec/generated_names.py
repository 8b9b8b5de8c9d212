"""E313: names emrgen derives (the instance-profile role <name>-<cluster>-ec2) fit IAM's 64 characters.

Source: IAM User Guide, "IAM and AWS STS quotas" (reference_iam-quotas.html), name lengths: role name 64
characters.
"""

from __future__ import annotations

from ...plan import names
from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E313",)


def check(spec: Spec, r: Report) -> None:
    for cluster in spec.created_clusters:
        role = names.instance_profile_role_name(spec, cluster)
        if len(role) > 64:
            r.error(
                cluster.path + ("name",),
                "E313",
                f"the instance-profile role name '{role}' would be {len(role)} characters; IAM allows 64: shorten the cluster or spec name",
            )
