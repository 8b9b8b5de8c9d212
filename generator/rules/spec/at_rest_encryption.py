"""E334: at-rest encryption names a KMS key exactly where the mode needs one.

Source: Management Guide, "Create a security configuration" (emr-create-security-configuration.html), JSON
reference: "If either SSE-KMS or CSE-KMS is specified, an AWS KMS key ARN must be specified as the AwsKmsKey
value"; AwsKmsKey "must be a fully specified ARN". SSE-S3 uses S3-managed keys and takes none.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E334",)


def check(spec: Spec, r: Report) -> None:
    at_rest = spec.security_configuration.at_rest
    if at_rest is None or at_rest.s3 is None:
        return
    s3 = at_rest.s3
    if s3.mode in ("SSE-KMS", "CSE-KMS") and s3.kms_key_arn is None:
        r.error(s3.path + ("mode",), "E334", f"{s3.mode} needs kms_key_arn (a full key ARN)")
    if s3.mode == "SSE-S3" and s3.kms_key_arn is not None:
        r.error(
            s3.path + ("kms_key_arn",), "E334", "SSE-S3 uses S3-managed keys: drop kms_key_arn or use SSE-KMS", key=True
        )
