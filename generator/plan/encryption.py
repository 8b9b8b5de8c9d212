"""security_configuration.at_rest_encryption (issue 17, SPEC.md §5): the security configuration's at-rest
encryption and the KMS key permissions the roles need to use it.

Sources (notes/aws-facts.md I.4): Management Guide, "Create a security configuration"
(emr-create-security-configuration.html), JSON reference: EnableAtRestEncryption, S3EncryptionConfiguration
{EncryptionMode, AwsKmsKey}, LocalDiskEncryptionConfiguration {EncryptionKeyProviderType: AwsKms, AwsKmsKey,
EnableEbsEncryption}. "Encrypt data at rest" (emr-encryption-enable.html), "Using AWS KMS keys for encryption":
"The role for the Amazon EC2 instance profile must have permissions to use the KMS key you specify ... or use IAM
roles for EMRFS requests to Amazon S3, make sure that each role is added as a key user" (runtime roles make
EMRFS requests as themselves). EBS encryption: the EMR service role uses the key; Amazon EBS User Guide, "Amazon
EBS encryption requirements": kms:CreateGrant (conditioned on kms:GrantIsForAWSResource), kms:Decrypt,
kms:DescribeKey, kms:GenerateDataKeyWithoutPlainText, kms:ReEncrypt*.
The key policy must allow IAM policies to grant its use (KMS DG "Key policies"); emrgen does not own the key.
"""

from __future__ import annotations

# The "key user" actions of the KMS default key policy.
KEY_USER = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
EBS_KEY = ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncrypt*"]
S3_KMS_MODES = ("SSE-KMS", "CSE-KMS")


def configure(config: dict, at_rest) -> dict:
    """The security configuration with at-rest encryption on (a new dict; in-transit settings kept)."""
    if at_rest is None or (at_rest.s3 is None and at_rest.local_disk is None):
        return config
    encryption = dict(config.get("EncryptionConfiguration") or {"EnableInTransitEncryption": False})
    settings: dict = {}
    if at_rest.s3 is not None:
        s3 = {"EncryptionMode": at_rest.s3.mode}
        if at_rest.s3.kms_key_arn:
            s3["AwsKmsKey"] = at_rest.s3.kms_key_arn
        settings["S3EncryptionConfiguration"] = s3
    if at_rest.local_disk is not None:
        disk = {"EncryptionKeyProviderType": "AwsKms", "AwsKmsKey": at_rest.local_disk.kms_key_arn}
        if at_rest.local_disk.ebs:
            disk["EnableEbsEncryption"] = True
        settings["LocalDiskEncryptionConfiguration"] = disk
    encryption["EnableAtRestEncryption"] = True
    encryption["AtRestEncryptionConfiguration"] = settings
    return {**config, "EncryptionConfiguration": encryption}


def s3_key(at_rest) -> str | None:
    if at_rest is None or at_rest.s3 is None or at_rest.s3.mode not in S3_KMS_MODES:
        return None
    return at_rest.s3.kms_key_arn


def instance_profile_statements(at_rest) -> list[dict]:
    """The nodes encrypt local disks and (for EMRFS outside runtime-role jobs) S3 data with these keys."""
    if at_rest is None:
        return []
    keys = [k for k in (at_rest.local_disk.kms_key_arn if at_rest.local_disk else None, s3_key(at_rest)) if k]
    keys = list(dict.fromkeys(keys))
    if not keys:
        return []
    return [{"Sid": "UseAtRestEncryptionKeys", "Effect": "Allow", "Action": list(KEY_USER), "Resource": keys}]


def runtime_role_statements(at_rest) -> list[dict]:
    """Jobs read and write S3 as their runtime role: with SSE-KMS/CSE-KMS it must use the S3 key."""
    key = s3_key(at_rest)
    if key is None:
        return []
    return [
        {
            "Sid": "UseS3EncryptionKey",
            "Effect": "Allow",
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Resource": [key],
        }
    ]


def service_role_statements(at_rest) -> list[dict]:
    """EBS encryption: the EMR service role launches the encrypted volumes."""
    if at_rest is None or at_rest.local_disk is None or not at_rest.local_disk.ebs:
        return []
    key = at_rest.local_disk.kms_key_arn
    return [
        {"Sid": "UseEbsEncryptionKey", "Effect": "Allow", "Action": list(EBS_KEY), "Resource": [key]},
        {
            "Sid": "GrantEbsEncryptionKeyToAwsResources",
            "Effect": "Allow",
            "Action": ["kms:CreateGrant"],
            "Resource": [key],
            "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}},
        },
    ]
