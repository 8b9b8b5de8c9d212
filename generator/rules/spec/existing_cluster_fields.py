"""E307: an existing cluster (id: or match_tags:) takes only name, id or match_tags, tags, its instance-profile role and
runtime_roles (the roles its instance profile may assume: which created runtime roles trust it, SPEC.md §5
"Trust follows use"), log_uri (where it writes its logs, so the users it serves may read them: plan/logs.py), and
runtime_roles only as a list of names: §5 reads an existing cluster's own runtime_roles
*list*; `all` (a created cluster's default) would otherwise be silently ignored.

Source: emrgen's spec contract, SPEC.md §5 (existing clusters are referenced by id, never changed); the
creation settings are create-only properties of AWS::EMR::Cluster (CloudFormation template reference).
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E307",)
CREATION_ONLY = (
    "release_label",
    "applications",
    "primary",
    "core",
    "subnet_id",
    "idle_timeout_seconds",
    # issue 17
    "task",
    "fleets",
    "subnet_ids",
    "managed_scaling",
    "configurations",
    "glue_catalog",
    "bootstrap_actions",
    "custom_ami_id",
    "ebs_root_volume_size_gb",
    "key_name",
    "additional_security_groups",
    "step_concurrency",
)


def check(spec: Spec, r: Report) -> None:
    walk = spec.walk
    for cluster in spec.clusters:
        if cluster.created:
            continue
        existing = f"id: {cluster.id}" if cluster.id else "selected by match_tags"
        for key in CREATION_ONLY:
            if walk is not None and cluster.path + (key,) in walk.key_nodes:
                r.error(
                    cluster.path + (key,),
                    "E307",
                    f"'{key}' only applies to clusters emrgen creates; cluster '{cluster.name}' is existing "
                    f"({existing})",
                    key=True,
                )
        if walk is not None and cluster.path + ("runtime_roles",) in walk.key_nodes and cluster.runtime_roles == "all":
            r.error(
                cluster.path + ("runtime_roles",),
                "E307",
                f"runtime_roles: all only applies to clusters emrgen creates; on existing cluster '{cluster.name}' "
                "list the created runtime roles that trust its instance-profile role, or leave the key out (the roles "
                "access rows grant on it)",
            )
