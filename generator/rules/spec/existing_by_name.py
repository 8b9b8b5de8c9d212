"""E335: things that exist by name (SPEC.md §5) are named one way, and take no creation settings.

- a runtime role with ``existing: true`` gives no ``arn`` (one way to name an existing role), and none of
  ``s3_read``, ``s3_write``, ``managed_policy_arns``, ``description``, ``tags`` (emrgen does not change it);
- a cluster gives ``id`` or ``match_tags``, not both; ``instance_profile_role`` and ``instance_profile_role_arn``
  name an existing cluster's role, so they are for existing clusters only, and one of them at a time.

Source: emrgen's spec contract, SPEC.md §5 ("Existing things by name": ``arn:<partition>:iam::<account>:role/<name>``
is built in each account); IAM User Guide, "IAM identifiers" (a role ARN is the account id and the role name).
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E335",)
ROLE_CREATION_ONLY = ("s3_read", "s3_write", "managed_policy_arns", "description", "tags")


def check(spec: Spec, r: Report) -> None:
    given = spec.walk.key_nodes if spec.walk is not None else {}
    for role in spec.runtime_roles:
        if not role.existing:
            continue
        if role.arn:
            r.error(
                role.path + ("existing",),
                "E335",
                f"runtime role '{role.name}': give either arn (one account) or "
                "existing: true (the role of that name in each account), not both",
                key=True,
            )
        for k in ROLE_CREATION_ONLY:
            if role.path + (k,) in given:
                r.error(
                    role.path + (k,),
                    "E335",
                    f"'{k}' only applies to runtime roles emrgen creates; "
                    f"'{role.name}' is existing (emrgen does not change it)",
                    key=True,
                )
    for cluster in spec.clusters:
        if cluster.id and cluster.match_tags:
            r.error(
                cluster.path + ("match_tags",),
                "E335",
                f"cluster '{cluster.name}': give either id (one cluster) "
                "or match_tags (every cluster with those tags), not both",
                key=True,
            )
        if cluster.instance_profile_role and cluster.instance_profile_role_arn:
            r.error(
                cluster.path + ("instance_profile_role",),
                "E335",
                f"cluster '{cluster.name}': give either "
                "instance_profile_role (a name, resolved in each account) or instance_profile_role_arn, not both",
                key=True,
            )
        if cluster.created:
            for k in ("instance_profile_role", "instance_profile_role_arn"):
                if getattr(cluster, k):
                    r.error(
                        cluster.path + (k,),
                        "E335",
                        f"'{k}' names an existing cluster's role; cluster "
                        f"'{cluster.name}' is created (emrgen creates its role): give id or match_tags, or drop it",
                        key=True,
                    )
