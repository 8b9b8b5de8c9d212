"""Central buckets (issue 12, ``targets.central_buckets``): one bucket, in one owner account, that roles in every
target account use. Cross-account S3 access needs both sides (IAM User Guide, "Cross-account policy evaluation
logic": "You must also attach an identity-based policy to the identity ... The resource-based policy in the trusting
account must specify the principal of the trusted account"): the member template already gives the roles their
identity side; this module builds the owner's side, a bucket policy per central bucket, as data.

Who may: the roles that use the bucket, by name in any target account: for organizational units any principal of
the organization (``aws:PrincipalOrgID``, a parameter: the spec does not know the organization id) under a target OU
(``aws:PrincipalOrgPaths``), for an account list the accounts themselves; in both, ``aws:PrincipalArn`` narrows it to
the roles' names. Every bucket also denies requests without TLS (S3 User Guide, "Security best practices": enforce
encryption in transit with ``aws:SecureTransport``)."""

from __future__ import annotations

from dataclasses import dataclass

from . import names
from .policies import document, split_s3
from .refs import PARTITION, Ref, join

ORG_PARAMETER = "OrganizationId"
READ = ["s3:GetObject"]
WRITE = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]


@dataclass
class BucketPolicy:
    bucket: str
    uses: list  # (role label, role ARN pattern, actions, object key prefix)
    document: dict


def role_pattern(path: str, name: str):
    """The role in any target account: account ids are ``*`` (the conditions say which accounts)."""
    return join("arn:", PARTITION, ":iam::*:role", path, name)


def uses_of(spec) -> list[tuple[str, object, list, str]]:
    """(bucket, role ARN pattern, actions, object key prefix) for every S3 location a role of the spec uses."""
    out = []
    for role in spec.runtime_roles:
        if role.created:
            out += [(uri, role_pattern("/", role.name), READ) for uri in role.s3_read]
            out += [(uri, role_pattern("/", role.name), WRITE) for uri in role.s3_write]
    sc = spec.security_configuration
    for cluster in spec.created_clusters:
        profile = role_pattern(f"/{spec.name}/", names.instance_profile_role_name(spec, cluster))
        if cluster.log_uri:
            out.append((cluster.log_uri, profile, ["s3:PutObject"]))
        if sc.in_transit is not None and not sc.existing:
            out.append((sc.in_transit.s3_object, profile, ["s3:GetObject"]))
    studio = spec.studio
    if studio is not None and studio.created and studio.default_s3_location:
        # Regional names end in the region (names.regional): the pattern covers every target region.
        out.append(
            (
                studio.default_s3_location,
                role_pattern("/", f"{spec.name}-studio-service*"),
                ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
            )
        )
    return [(split_s3(uri)[0], pattern, actions, split_s3(uri)[1]) for uri, pattern, actions in out]


def policies(spec) -> list[BucketPolicy]:
    t = spec.targets
    if t is None or not t.central_buckets:
        return []
    uses = uses_of(spec)
    out = []
    for bucket in t.central_buckets:
        mine = [u for u in uses if u[0] == bucket]
        statements = [
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [bucket_arn(bucket), bucket_arn(bucket + "/*")],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ]
        for i, (_, pattern, actions, key) in enumerate(mine, start=1):
            statements.append(
                {
                    "Sid": f"TargetRoleObjects{i}",
                    "Effect": "Allow",
                    **principal(t),
                    "Action": actions,
                    "Resource": [bucket_arn(f"{bucket}/{key}*")],
                    "Condition": condition(t, pattern),
                }
            )
            statements.append(
                {
                    "Sid": f"TargetRoleList{i}",
                    "Effect": "Allow",
                    **principal(t),
                    "Action": ["s3:ListBucket"],
                    "Resource": [bucket_arn(bucket)],
                    "Condition": {**condition(t, pattern), "StringLike": {"s3:prefix": [f"{key}*"]}},
                }
            )
        out.append(BucketPolicy(bucket, mine, document(*statements)))
    return out


def bucket_arn(text: str):
    return join("arn:", PARTITION, ":s3:::", text)


def principal(t) -> dict:
    if t.organizational_units:
        return {"Principal": {"AWS": "*"}}  # narrowed to the organization and OUs by the conditions
    return {"Principal": {"AWS": [join("arn:", PARTITION, f":iam::{a}:root") for a in t.accounts]}}


def condition(t, pattern) -> dict:
    out: dict = {"ArnLike": {"aws:PrincipalArn": pattern}}
    if t.organizational_units:
        org = Ref("parameter", ORG_PARAMETER)
        out["StringEquals"] = {"aws:PrincipalOrgID": org}
        out["ForAnyValue:StringLike"] = {
            "aws:PrincipalOrgPaths": [
                join(org, f"/*/{ou}/*") if ou.startswith("ou-") else join(org, f"/{ou}/*")
                for ou in t.organizational_units
            ]
        }
    return out
