"""Every IAM policy document emrgen writes, built as plain data (dicts, lists, refs).

Renderers serialize these at the edge; nothing here knows CloudFormation or Terraform.
Statement texts follow the AWS pages cited in ../shared/reference/DOMAIN.md:
[SR] emr-studio-runtime.html, [RR] emr-steps-runtime-roles.html, [UP] emr-studio-user-permissions.html,
[SVC] emr-studio-service-role.html, [EMRROLE] emr-iam-role.html.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..spec.regions import partition_of
from . import s3
from .refs import ACCOUNT, CHINA_SUFFIXED, PARTITION, REGION, Part, ServicePrincipal, join, service_principal_in

VERSION = "2012-10-17"
EXECUTION_ROLE_KEY = "elasticmapreduce:ExecutionRoleArn"
EMR_TAG_CONDITION_KEY = "aws:ResourceTag/for-use-with-amazon-emr-managed-policies"
EMR_REQUEST_TAG_KEY = "aws:RequestTag/for-use-with-amazon-emr-managed-policies"


@lru_cache(maxsize=8192)
def _role_arn(env: Env, name: Part):
    """A role's ARN, built once per name: asked for every grant of every user (Joins are immutable, so one
    object may stand in many statements)."""
    return join("arn:", env.partition, ":iam::", env.account, ":role/", name)


@dataclass(frozen=True)
class Env:
    """Partition, account and region: literals from the spec, or the deploying ones."""

    partition: Part = PARTITION
    account: Part = ACCOUNT
    region: Part = REGION

    def arn(self, service: str, *resource: Part):
        """arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE"""
        return join("arn:", self.partition, f":{service}:", self.region, ":", self.account, ":", *resource)

    def role_arn(self, name: Part):
        return _role_arn(self, name)

    def service_principal(self, service: str) -> str | ServicePrincipal:
        # aws-cn: EMR's principal is elasticmapreduce.amazonaws.com.cn; EC2's stays ec2.amazonaws.com (AWS CLI
        # create-default-roles, Terraform data.aws_service_principal, aws-cdk region-info agree: docs/aws-rules.md).
        # A pinned region fixes the partition (the CloudFormation template refuses other regions, the Terraform
        # provider is configured with it); with neither pinned it is decided where it is deployed.
        if isinstance(self.partition, str):
            return service_principal_in(self.partition, service)
        if isinstance(self.region, str):
            return service_principal_in(partition_of(self.region), service)
        return ServicePrincipal(service) if service in CHINA_SUFFIXED else service_principal_in("aws", service)

    def s3_arn(self, bucket_and_key: str):
        return join("arn:", self.partition, ":s3:::", s3.resolve(self, bucket_and_key))  # {account_id}, {region}


def document(*statements: dict) -> dict:
    return {"Version": VERSION, "Statement": list(statements)}


def split_s3(uri: str) -> tuple[str, str]:
    rest = uri[len("s3://") :]
    bucket, _, key = rest.partition("/")
    return bucket, key


# --- runtime roles and the instance profile [RR] --------------------------------------------------


def runtime_role_trust(instance_profile_role_arns: list, source_identity: bool) -> dict:
    principal = {
        "AWS": instance_profile_role_arns if len(instance_profile_role_arns) != 1 else instance_profile_role_arns[0]
    }
    statements = [
        {
            "Sid": "AllowAssumeRole",
            "Effect": "Allow",
            "Principal": principal,
            "Action": ["sts:AssumeRole", "sts:TagSession"],
        }
    ]
    if source_identity:
        # [RR] "AllowSetSourceIdentity": sts:SetSourceIdentity and sts:AssumeRole with a StringEquals
        # sts:SourceIdentity condition, only with PropagateSourceIdentity. [RR] compares one value; a Studio
        # session's source identity is each caller's own, so emrgen requires that one is set (StringLike "*":
        # absent key, no match) rather than naming one.
        statements.append(
            {
                "Sid": "AllowSetSourceIdentity",
                "Effect": "Allow",
                "Principal": principal,
                "Action": ["sts:SetSourceIdentity", "sts:AssumeRole"],
                "Condition": SOURCE_IDENTITY_SET,
            }
        )
    return document(*statements)


SOURCE_IDENTITY_SET = {"StringLike": {"sts:SourceIdentity": "*"}}


def directory_keys(key: str) -> list[str]:
    """The keys a reader of the S3 "directory" ``key`` touches: the key itself, its directory marker and everything
    under it (Hadoop hadoop-aws assumed_roles.md: "three resources are provided to represent the path"; S3A probes
    HEAD ``raw`` then LISTs ``raw/``, DOMAIN.md fact check 1). ``raw*`` would also reach ``rawdata/`` and is never
    used. An empty key is the whole bucket."""
    path = key.rstrip("/")
    return [path, f"{path}/", f"{path}/*"] if path else ["*"]


def directory_arns(env: Env, bucket: str, key: str) -> list:
    """The object ARNs of ``directory_keys(key)`` in ``bucket``."""
    return [env.s3_arn(f"{bucket}/{k}") for k in directory_keys(key)]


def list_bucket_statements(env: Env, prefixes_by_bucket: dict, sid: str) -> list[dict]:
    """``s3:ListBucket`` on each bucket, limited by ``s3:prefix`` to the directory keys granted in it (Sids
    ``<sid>1``, ``<sid>2``, ... in bucket order); a whole bucket (``*``) is listed without a condition."""
    statements = []
    for i, (bucket, prefixes) in enumerate(sorted(prefixes_by_bucket.items()), start=1):
        listing = {"Sid": f"{sid}{i}", "Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": [env.s3_arn(bucket)]}
        if "*" not in prefixes:  # the whole bucket: no prefix condition
            listing["Condition"] = {"StringLike": {"s3:prefix": sorted(set(prefixes))}}
        statements.append(listing)
    return statements


def runtime_role_permissions(env: Env, s3_read: list[str], s3_write: list[str], lake_formation: bool) -> dict | None:
    statements: list[dict] = []
    read_objects, list_buckets, write_objects = [], {}, []
    for uris, objects in ((s3_read, read_objects), (s3_write, write_objects)):
        for uri in uris:
            bucket, key = split_s3(uri)
            objects.extend(directory_arns(env, bucket, key))
            list_buckets.setdefault(bucket, []).extend(directory_keys(key))
    if read_objects:
        statements.append(
            {
                "Sid": "ReadObjects",
                "Effect": "Allow",
                "Action": ["s3:GetObject"],
                "Resource": list(dict.fromkeys(read_objects)),
            }
        )
    if write_objects:
        statements.append(
            {
                "Sid": "WriteObjects",
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
                "Resource": list(dict.fromkeys(write_objects)),
            }
        )
    statements += list_bucket_statements(env, list_buckets, "ListBucket")
    if lake_formation:
        # [LF] Lake Formation vends data credentials; the role reads the Glue catalog.
        statements.append(
            {
                "Sid": "LakeFormationDataAccess",
                "Effect": "Allow",
                "Action": ["lakeformation:GetDataAccess"],
                "Resource": "*",
            }
        )
        statements.append(
            {
                "Sid": "GlueCatalogRead",
                "Effect": "Allow",
                "Action": [
                    "glue:GetDatabase",
                    "glue:GetDatabases",
                    "glue:GetTable",
                    "glue:GetTables",
                    "glue:GetPartition",
                    "glue:GetPartitions",
                    "glue:GetUserDefinedFunction",
                    "glue:GetUserDefinedFunctions",
                ],
                "Resource": "*",
            }
        )
    return document(*statements) if statements else None


def ec2_trust(env: Env) -> dict:
    return document(
        {"Effect": "Allow", "Principal": {"Service": env.service_principal("ec2")}, "Action": "sts:AssumeRole"}
    )


def instance_profile_permissions(
    env: Env, runtime_role_arns: list, source_identity: bool, log_uri: str | None, certificate: str | None
) -> dict:
    statements: list[dict] = []
    if runtime_role_arns:
        statements.append(
            {
                "Sid": "AllowRuntimeRoleUsage",
                "Effect": "Allow",
                "Action": ["sts:AssumeRole", "sts:TagSession"],
                "Resource": runtime_role_arns,
            }
        )
        if source_identity:
            statements.append(
                {
                    "Sid": "PropagateSourceIdentity",
                    "Effect": "Allow",
                    "Action": ["sts:SetSourceIdentity"],
                    "Resource": runtime_role_arns,
                    "Condition": SOURCE_IDENTITY_SET,
                }
            )
    if log_uri:
        bucket, key = split_s3(log_uri)
        statements.append(
            {
                "Sid": "WriteClusterLogs",
                "Effect": "Allow",
                "Action": ["s3:PutObject"],
                # The directory keys of log_uri, never f"{key}*": "logs/a" must not reach "logs/a2/" (another
                # cluster's logs); EMR writes under <log_uri>/<cluster id>/.
                "Resource": directory_arns(env, bucket, key),
            }
        )
    if certificate:
        # The nodes download the in-transit encryption certificate bundle with the instance profile.
        bucket, key = split_s3(certificate)
        statements.append(
            {
                "Sid": "ReadTlsCertificates",
                "Effect": "Allow",
                "Action": ["s3:GetObject"],
                "Resource": [env.s3_arn(f"{bucket}/{key}")],
            }
        )
    return document(*statements)


def emr_service_trust(env: Env) -> dict:
    # [EMRROLE] EMR_DefaultRole_V2 trust, with the confused-deputy conditions.
    return document(
        {
            "Effect": "Allow",
            "Principal": {"Service": env.service_principal("elasticmapreduce")},
            "Action": "sts:AssumeRole",
            "Condition": {
                "StringEquals": {"aws:SourceAccount": env.account},
                "ArnLike": {"aws:SourceArn": env.arn("elasticmapreduce", "*")},
            },
        }
    )


def emr_service_pass_role(instance_profile_role_arns: list, env: Env) -> dict:
    # AmazonEMRServicePolicy_v2 passes only roles named EMR_EC2_DefaultRole; ours have other names. Its condition
    # is StringLike "ec2.amazonaws.com*" (PassRoleForEC2), which holds in every partition whichever EC2 principal
    # IAM reports there (aws-facts.md B; AWS documents no aws-cn value).
    return document(
        {
            "Sid": "PassInstanceProfileRole",
            "Effect": "Allow",
            "Action": ["iam:PassRole"],
            "Resource": instance_profile_role_arns,
            "Condition": {"StringLike": {"iam:PassedToService": PASSED_TO_EC2}},
        }
    )


PASSED_TO_EC2 = "ec2.amazonaws.com*"


def emr_service_managed_policy(env: Env):
    return join("arn:", env.partition, ":iam::aws:policy/service-role/AmazonEMRServicePolicy_v2")


def security_configuration(source_identity: bool, lake_formation: bool, in_transit) -> dict:
    iam: dict = {"EnableApplicationScopedIAMRole": True}
    if source_identity:
        iam["ApplicationScopedIAMRoleConfiguration"] = {"PropagateSourceIdentity": True}
    authorization: dict = {"IAMConfiguration": iam}
    if lake_formation:
        authorization["LakeFormationConfiguration"] = {"AuthorizedSessionTagValue": "Amazon EMR"}
    config: dict = {"AuthorizationConfiguration": authorization}
    if in_transit is not None:
        tls = {"CertificateProviderType": in_transit.certificate_provider, "S3Object": in_transit.s3_object}
        if in_transit.provider_class:
            tls["CertificateProviderClass"] = in_transit.provider_class
        config["EncryptionConfiguration"] = {
            "EnableAtRestEncryption": False,
            "EnableInTransitEncryption": True,
            "InTransitEncryptionConfiguration": {"TLSCertificateConfiguration": tls},
        }
    return config
