"""Every resource kind of the plan, declared once.

A kind is what ``Resource.kind`` says. Everything a renderer, a reviewer or the diff needs to know about a kind
lives in its ``Kind`` here; the tables the rest of the code reads (``CFN_TYPES``, ``TF_TYPES``, ``GETATT``,
``CREATE_ONLY`` ...) are derived from this list. To add a kind: declare it here, write its two partials
``templates/cloudformation/_<kind>.yaml.j2`` and ``templates/terraform/_<kind>.tf.j2``, and add it to the plan
(``plan.add(key, "<kind>", ...)``). tests/plan/test_kinds.py fails when a partial or a declaration is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    name: str
    cfn_type: str  # CloudFormation resource type ("" when the type depends on the resource: see cfn_type_of)
    tf_type: str  # Terraform resource type ("" when it depends on the resource: see tf_type_of)
    singular: str  # how REVIEW.md and the rollout plan call one of them
    plural: str
    # Ref attributes that need !GetAtt in CloudFormation (attribute -> GetAtt name); the others are what !Ref
    # returns for the type.
    getatt: dict[str, str] = field(default_factory=dict)
    # Plan properties whose change replaces the resource (CloudFormation "Update requires: Replacement";
    # Terraform "forces replacement"); "*": any change. DOMAIN.md §4 and the CloudFormation resource references.
    create_only: frozenset[str] | str = frozenset()
    # Named by emrgen with a name AWS keeps unique: CloudFormation refuses to replace it under the same name.
    custom_named: bool = False
    # Named in the rollout plan's one-line summary of what a template creates (REVIEW.md counts every kind).
    in_rollout_summary: bool = True


def _only(*names: str) -> frozenset[str]:
    return frozenset(names)


KINDS: tuple[Kind, ...] = (
    Kind(
        "role",
        "AWS::IAM::Role",
        "aws_iam_role",
        "IAM role",
        "IAM roles",
        getatt={"arn": "Arn"},
        create_only=_only("name"),
        custom_named=True,
    ),
    Kind(
        "managed_policy",
        "AWS::IAM::ManagedPolicy",
        "aws_iam_policy",
        "IAM managed policy",
        "IAM managed policies",
        create_only=_only("name"),
        custom_named=True,
    ),
    Kind(
        "instance_profile",
        "AWS::IAM::InstanceProfile",
        "aws_iam_instance_profile",
        "instance profile",
        "instance profiles",
        getatt={"arn": "Arn"},
        create_only=_only("name"),
        custom_named=True,
    ),
    Kind(
        "security_configuration",
        "AWS::EMR::SecurityConfiguration",
        "aws_emr_security_configuration",
        "EMR security configuration",
        "EMR security configurations",
        create_only="*",
        custom_named=True,
    ),
    Kind(
        "cluster",
        "AWS::EMR::Cluster",
        "aws_emr_cluster",
        "EMR cluster",
        "EMR clusters",
        create_only=_only(
            "name",
            "release_label",
            "applications",
            "primary",
            "subnet_id",
            "instance_profile",
            "service_role",
            "security_configuration",
            "log_uri",
            # issue 17: CloudFormation createOnlyProperties; Terraform ForceNew (ec2_attributes,
            # fleets). Task capacity and managed scaling change in place in both.
            "configurations",
            "bootstrap_actions",
            "custom_ami_id",
            "ebs_root_volume_size",
            "key_name",
            "subnet_ids",
            "additional_primary_security_groups",
            "additional_core_security_groups",
            "fleets",
        ),
    ),
    Kind(
        "studio",
        "AWS::EMR::Studio",
        "aws_emr_studio",
        "EMR Studio",
        "EMR Studios",
        getatt={"arn": "Arn", "url": "Url"},
        create_only=_only(
            "auth_mode",
            "service_role",
            "user_role",
            "vpc_id",
            "engine_security_group",
            "workspace_security_group",
            "encryption_key_arn",  # create-only in AWS::EMR::Studio's schema; Terraform updates it in place
        ),
    ),
    Kind(
        "security_group",
        "AWS::EC2::SecurityGroup",
        "aws_security_group",
        "security group",
        "security groups",
        getatt={"id": "GroupId"},
        create_only=_only("name", "description", "vpc_id"),
        custom_named=True,
    ),
    # Ingress or egress, by the rule's direction (one plan kind: both sides of the Studio's two groups).
    Kind(
        "sg_rule",
        "",
        "",
        "security group rule",
        "security group rules",
        create_only=_only("direction", "group", "port", "peer"),
        in_rollout_summary=False,
    ),
    Kind(
        "session_mapping",
        "AWS::EMR::StudioSessionMapping",
        "aws_emr_studio_session_mapping",
        "Studio session mapping",
        "Studio session mappings",
        create_only=_only("studio", "identity_name", "identity_type"),
    ),
)

BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}

# The tables the renderers, the diff and the tests read, derived from KINDS.
CFN_TYPES = {k.name: k.cfn_type for k in KINDS if k.cfn_type}
TF_TYPES = {k.name: k.tf_type for k in KINDS if k.tf_type}
GETATT = {(k.name, attr): name for k in KINDS for attr, name in k.getatt.items()}
CREATE_ONLY = {k.name: k.create_only for k in KINDS}
CUSTOM_NAMED = frozenset(k.name for k in KINDS if k.custom_named)

# Terraform attaches a managed policy to a principal with a resource of its own, one type per principal kind.
PRINCIPAL_ATTACHMENT = {
    "roles": ("aws_iam_role_policy_attachment", "role"),
    "users": ("aws_iam_user_policy_attachment", "user"),
    "groups": ("aws_iam_group_policy_attachment", "group"),
}


def cfn_type_of(kind: str, props: dict) -> str:
    if kind == "sg_rule":
        return "AWS::EC2::SecurityGroupIngress" if props["direction"] == "ingress" else "AWS::EC2::SecurityGroupEgress"
    return CFN_TYPES[kind]


def tf_type_of(kind: str, props: dict) -> str:
    if kind == "sg_rule":
        return f"aws_vpc_security_group_{props['direction']}_rule"
    return TF_TYPES[kind]
