"""The Studio users' access to cluster logs (issue 11, review of items 3 and 5).

[UP]'s row "access container logs when using a web UI to debug applications" (and the persistent application UI
row) gives users ``s3:ListBucket``, ``s3:GetBucketLocation`` and ``s3:GetObject``; AWS's example grants them on every
bucket. A cluster's logs hold the output of every job run on it, so a user reads only the logs of the clusters their
own access rows reach: listed clusters, and for ``any``/``cluster_tags`` rows the created clusters those match. The
statements go into each user's own policy (IAM auth) or session policy (IAM Identity Center), never the shared one.

Each ``log_uri`` ``s3://b/P/`` is its directory keys (policies.directory_keys): objects ``b/P``, ``b/P/``, ``b/P/*``
and ``s3:ListBucket`` on ``b`` with ``s3:prefix`` ``P``, ``P/``, ``P/*`` (never ``P*``, which reaches ``P2/``). An
existing cluster's ``log_uri``, when the spec gives it (emrgen changes nothing on that cluster), is read the same way.
"""

from __future__ import annotations

from ..spec.model import Spec, User
from . import s3
from .core import tags_of
from .names import row_reaches_cluster
from .policies import Env, directory_arns, directory_keys, list_bucket_statements, split_s3


def cluster_tags(spec: Spec, cluster) -> dict[str, str]:
    """The tags a created cluster carries (plan/core.py gives the cluster resource the same)."""
    return tags_of(spec, cluster.tags, managed=True)


def reached_log_uris(spec: Spec, user: User) -> list[str]:
    """The ``log_uri`` of every cluster some access row of ``user`` reaches, sorted, without repeats: a created
    cluster with every tag emrgen gives it, an existing one with the tags the spec declares for it."""
    found = set()
    for cluster in spec.clusters:
        tags = cluster_tags(spec, cluster) if cluster.created else None
        if cluster.log_uri and any(row_reaches_cluster(access, cluster, tags) for access in user.access):
            found.add(cluster.log_uri)
    return sorted(found)


def log_statements(env: Env, log_uris: list[str]) -> list[dict]:
    """Read and list each of ``log_uris`` (its directory keys) and locate their buckets; [] without any. One read
    and one list statement per location, so packing (packing.py) can spread a user with many clusters over several
    policies: a single statement is never split."""
    statements, buckets = [], []
    for n, uri in enumerate(log_uris, start=1):
        bucket, key = split_s3(uri)
        statements.append(
            {
                # [UP]'s Sid for the log read
                "Sid": "AllowS3ReadOnlyAccessToLogs" + ("" if n == 1 else str(n)),
                "Effect": "Allow",
                "Action": ["s3:GetObject"],
                "Resource": directory_arns(env, bucket, key),
            }
        )
        prefixes = {bucket: [s3.resolve(env, k) for k in directory_keys(key)]}
        [listing] = list_bucket_statements(env, prefixes, "AllowS3ListLogs")
        statements.append({**listing, "Sid": f"AllowS3ListLogs{n}"})
        buckets.append(bucket)
    if buckets:
        # s3:GetBucketLocation has no s3:prefix key (a StringLike on a missing key never holds): its own statement.
        statements.append(
            {
                "Sid": "AllowS3LogBucketLocation",
                "Effect": "Allow",
                "Action": ["s3:GetBucketLocation"],
                "Resource": [env.s3_arn(b) for b in sorted(set(buckets))],
            }
        )
    return statements


def user_log_statements(spec: Spec, env: Env, user: User) -> list[dict]:
    return log_statements(env, reached_log_uris(spec, user))
