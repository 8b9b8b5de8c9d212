"""E205: a created runtime role needs an instance-profile role to trust (a created cluster that lists it, or an
existing cluster with instance_profile_role_arn or instance_profile_role).

Source: Management Guide, "Runtime roles for Amazon EMR steps" (emr-steps-runtime-roles.html), the runtime role's
trust policy: its principal is the ARN of the cluster's EC2 instance-profile role.
"""

from __future__ import annotations

from ...plan import names
from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E205",)


def check(spec: Spec, r: Report) -> None:
    for role in spec.runtime_roles:
        if role.created and not names.trusting_clusters(spec, role.name):
            r.error(
                role.path + ("name",),
                "E205",
                f"runtime role '{role.name}' is created but no cluster may assume it: add it to the runtime_roles "
                "list of a cluster emrgen creates (or create one without that key: its default is all), list it in an existing cluster's "
                "runtime_roles or grant it on that cluster in an access row (the cluster needs "
                "instance_profile_role or _arn), or mark the role existing: true (or give its arn)",
            )
