"""E307: an existing cluster (id:) takes only name, id, tags, instance_profile_role_arn and runtime_roles (the roles
its instance profile may assume: which created runtime roles trust it, SPEC.md §5 "Trust follows use").

Source: emrgen's spec contract, SPEC.md §5 (existing clusters are referenced by id, never changed); the
creation settings are create-only properties of AWS::EMR::Cluster (CloudFormation template reference).
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E307",)
CREATION_ONLY = ("release_label", "applications", "primary", "core", "subnet_id", "log_uri", "idle_timeout_seconds")


def check(spec: Spec, r: Report) -> None:
    walk = spec.walk
    for cluster in spec.clusters:
        if cluster.created:
            continue
        for key in CREATION_ONLY:
            if walk is not None and cluster.path + (key,) in walk.key_nodes:
                r.error(cluster.path + (key,), "E307",
                        f"'{key}' only applies to clusters emrgen creates; cluster '{cluster.name}' is existing (id: {cluster.id})",
                        key=True)
