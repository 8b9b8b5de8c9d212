"""W121: with targets, an S3 location names one fixed bucket, which is then the same bucket in every target account:
either give each account its own (``{account_id}`` in the bucket name) or list it under ``targets.central_buckets``,
so emrgen writes the owner's bucket policy (without it, roles in the other accounts are denied).

Sources: IAM User Guide, "Cross-account policy evaluation logic" ("To allow cross-account access, you attach a
resource-based policy to the resource that you want to share. You must also attach an identity-based policy");
S3 User Guide, "Bucket naming rules" (bucket names are unique across all AWS accounts in a partition).
"""

from __future__ import annotations

from ...plan import s3
from ...plan.policies import split_s3
from ...spec.model import Spec
from ...spec.report import Report

CODES = ("W121",)


def locations(spec: Spec) -> list[tuple[tuple, str]]:
    """(path, S3 URI) of every S3 location the member template uses."""
    out: list[tuple[tuple, str]] = []
    sc = spec.security_configuration
    if sc.in_transit is not None and not sc.existing and spec.created_clusters:
        out.append((sc.path + ("in_transit_encryption", "s3_object"), sc.in_transit.s3_object))
    for cluster in spec.created_clusters:
        if cluster.log_uri:
            out.append((cluster.path + ("log_uri",), cluster.log_uri))
    if spec.studio is not None and spec.studio.created and spec.studio.default_s3_location:
        out.append((("studio", "default_s3_location"), spec.studio.default_s3_location))
    for role in spec.runtime_roles:
        if role.created:
            out += [(role.path + ("s3_read", i), uri) for i, uri in enumerate(role.s3_read)]
            out += [(role.path + ("s3_write", i), uri) for i, uri in enumerate(role.s3_write)]
    return out


def check(spec: Spec, r: Report) -> None:
    if spec.targets is None:
        return
    central = set(spec.targets.central_buckets)
    for path, uri in locations(spec):
        bucket = split_s3(uri)[0]
        if s3.per_account_bucket(uri) or bucket in central:
            continue
        r.warn(
            path,
            "W121",
            f"bucket '{bucket}' is one bucket for every target account: name one per account "
            f"(e.g. s3://{bucket}-{{account_id}}/...; {{account_id}} and {{region}} are resolved in each stack) "
            f"or list it under targets.central_buckets to get its bucket policy for the owner account",
        )
