"""Per-account and per-region S3 locations (issue 12): in an S3 URI of the spec, and only there, ``{account_id}``
and ``{region}`` are placeholders for the account and region each stack is deployed in (``${AWS::AccountId}`` /
``${AWS::Region}`` in CloudFormation, ``data.aws_caller_identity`` / ``data.aws_region`` in Terraform, or the
spec's own ``account_id``/``region`` when it gives them). Any other text in braces stays literal, as does every
other value of the spec. The planner calls ``resolve`` on S3 locations and S3 ARNs only."""

from __future__ import annotations

import re

from .refs import join

PLACEHOLDERS = ("{account_id}", "{region}")
_SPLIT = re.compile(r"(\{account_id\}|\{region\})")


def resolve(env, text: str):
    """``text`` with the placeholders replaced by ``env.account``/``env.region``: a plain string when it has none."""
    if "{" not in text:
        return text
    parts = [env.account if p == "{account_id}" else env.region if p == "{region}" else p for p in _SPLIT.split(text)]
    return join(*parts)


def has_placeholder(text: str | None) -> bool:
    return bool(text) and any(p in text for p in PLACEHOLDERS)


def per_account_bucket(uri: str) -> bool:
    """The bucket name of an S3 URI names the account it is deployed in (a bucket per target account)."""
    return "{account_id}" in uri[len("s3://") :].split("/", 1)[0]


def resolve_prefixes(env, document: dict | None) -> dict | None:
    """The ``s3:prefix`` condition values of a policy document, resolved (its S3 ARNs already are: Env.s3_arn)."""
    if document is None:
        return None
    for statement in document["Statement"]:
        like = statement.get("Condition", {}).get("StringLike", {})
        if "s3:prefix" in like:
            like["s3:prefix"] = [resolve(env, p) for p in like["s3:prefix"]]
    return document
