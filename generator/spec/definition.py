"""The spec format of SPEC.md §1, written once in the schema language of ``schema.py``."""

from __future__ import annotations

from .regions import REGIONS
from .schema import Bool, Either, F, Int, List, Map, Obj, Str

ROLE_NAME = r"[A-Za-z0-9_+=,.@-]{1,64}"
ROLE_ARN = r"arn:aws(-cn|-us-gov)?:iam::\d{12}:role/([A-Za-z0-9_+=,.@-]+/)*[A-Za-z0-9_+=,.@-]{1,64}"
IAM_NAME_OR_ARN = (r"([A-Za-z0-9_+=,.@-]{1,128}|arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user|group)/"
                   r"([A-Za-z0-9_+=,.@-]+/)*[A-Za-z0-9_+=,.@-]{1,128})")
POLICY_ARN = r"arn:aws(-cn|-us-gov)?:iam::(\d{12}|aws):policy/([A-Za-z0-9_+=,.@-]+/)*[A-Za-z0-9_+=,.@-]{1,128}"
S3_URI = r"s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?"
SUBNET = r"subnet-[0-9a-f]{8,17}"
# Tag keys/values: the character set AWS accepts on EMR, EC2 and IAM resources alike.
TAG_CHARS = r"[\w .:/=+\-@]"

LABEL = Str(pattern=r"[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}", hint="1..64 letters, digits, '-' or '_', starting with a letter or digit")
TAGS = Map(
    key=Str(pattern=rf"(?!aws:){TAG_CHARS}{{1,128}}",
            hint="1..128 characters from letters, digits, spaces and _ . : / = + - @, not starting with aws:"),
    value=Str(pattern=rf"{TAG_CHARS}{{0,256}}", hint="0..256 characters from letters, digits, spaces and _ . : / = + - @"),
    max_items=40,
)
# The AWS::EMR::Cluster schema is stricter than IAM and EC2: no spaces, no @, no empty values.
EMR_CLUSTER_TAG = r"[a-zA-Z0-9+,\-./:;<=_]+"
S3 = Str(pattern=S3_URI, max_len=1024, hint="an S3 URI such as s3://bucket/prefix/")

NETWORK = Obj({
    "vpc_id": F(Str(pattern=r"vpc-[0-9a-f]{8,17}", hint="a VPC id such as vpc-0123456789abcdef0"), required=True),
    "subnet_ids": F(List(Str(pattern=SUBNET, hint="a subnet id such as subnet-0123456789abcdef0"), 1, 5, unique=True),
                    required=True, doc="1..5 subnet ids"),
})

IN_TRANSIT = Obj({
    "certificate_provider": F(Str(choices=("PEM", "Custom")), default="PEM"),
    "s3_object": F(S3, required=True, doc="the certificate bundle (zip for PEM, jar for Custom)"),
    "provider_class": F(Str(pattern=r"[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*", hint="a Java class name"),
                        doc="Custom only: the certificate provider class"),
})

SECURITY_CONFIGURATION = Obj({
    "name": F(Str(pattern=r"[A-Za-z0-9_.-]{1,256}", max_len=256, hint="letters, digits, '.', '-' or '_'"),
              doc="default <name>-runtime-roles"),
    "existing": F(Bool(), default=False, doc="true: reference an existing security configuration by name"),
    "propagate_source_identity": F(Bool(), default=False),
    "lake_formation": F(Bool(), default=False),
    "in_transit_encryption": F(IN_TRANSIT, doc="required when a studio is declared"),
})

RUNTIME_ROLE = Obj({
    "name": F(Str(pattern=ROLE_NAME, hint="an IAM role name: 1..64 of letters, digits and + = , . @ _ -"), required=True),
    "arn": F(Str(pattern=ROLE_ARN, hint="an IAM role ARN such as arn:aws:iam::111122223333:role/name"),
             doc="an existing role: referenced, not created"),
    "description": F(Str(pattern=r"[\t\n\r\x20-\x7e\xa1-\xff]*", max_len=1000,
                         hint="IAM accepts only Latin-1 text in role descriptions")),
    "s3_read": F(List(S3, unique=True), default=list),
    "s3_write": F(List(S3, unique=True), default=list),
    "managed_policy_arns": F(List(Str(pattern=POLICY_ARN, hint="an IAM policy ARN"), max_items=10, unique=True), default=list),
    "tags": F(TAGS, default=dict),
})

INSTANCE_GROUP = Obj({
    "instance_type": F(Str(pattern=r"[a-z][a-z0-9-]*\.[a-z0-9]+", hint="an EC2 instance type such as m5.xlarge"),
                       default="m5.xlarge"),
    "count": F(Int(1, 500), default=1),
})

CLUSTER = Obj({
    "name": F(LABEL, required=True),
    "id": F(Str(pattern=r"j-[0-9A-Z]{1,32}", hint="a cluster id such as j-123456789"),
            doc="an existing cluster: referenced by id, not created"),
    "release_label": F(Str(pattern=r"emr-.+", hint="a release label such as emr-7.5.0"), default="emr-7.5.0"),
    "applications": F(List(Str(pattern=r"[A-Za-z0-9-]{1,64}"), unique=True),
                      default=lambda: ["Spark", "Livy", "JupyterEnterpriseGateway"]),
    "primary": F(INSTANCE_GROUP, default=lambda: {"instance_type": "m5.xlarge", "count": 1}),
    "core": F(INSTANCE_GROUP, default=lambda: {"instance_type": "m5.xlarge", "count": 2}),
    "subnet_id": F(Str(pattern=SUBNET, hint="a subnet id"), doc="default: network.subnet_ids[0]"),
    "log_uri": F(S3),
    "idle_timeout_seconds": F(Int(60, 604800)),
    "tags": F(TAGS, default=dict),
    "runtime_roles": F(Either(Str(choices=("all",)), List(Str(pattern=ROLE_NAME), unique=True)), default="all"),
    "instance_profile_role_arn": F(Str(pattern=ROLE_ARN, hint="an IAM role ARN"),
                                   doc="existing clusters: the EC2 instance-profile role, so created runtime roles can trust it"),
})

STUDIO = Obj({
    "name": F(Str(pattern=r"[A-Za-z0-9_-]{1,256}", hint="1..256 letters, digits, '-' or '_'")),
    "id": F(Str(pattern=r"es-[0-9A-Z]{1,64}", hint="a studio id such as es-ABCDEFGHIJKLMNOPQRSTUVWXY"),
            doc="an existing studio: referenced, not created"),
    "auth_mode": F(Str(choices=("IAM", "SSO")), required=True),
    "default_s3_location": F(S3),
    "subnet_ids": F(List(Str(pattern=SUBNET, hint="a subnet id"), 1, 5, unique=True)),
    "trusted_identity_propagation": F(Bool(), default=False),
    "idp_auth_url": F(Str(pattern=r"https://\S+", max_len=4096, hint="an https:// URL")),
    "idp_relay_state_parameter_name": F(Str(max_len=256, min_len=1)),
    "user_permissions": F(Str(choices=("basic", "none")), default="basic"),
    "service_role": F(Str(pattern=IAM_NAME_OR_ARN, hint="a role name or ARN"),
                      doc="existing studio: its service role, for the users' iam:PassRole grant"),
    "user_role": F(Str(pattern=IAM_NAME_OR_ARN, hint="a role name or ARN"),
                   doc="existing SSO studio: its user role, to which the session policies are attached"),
    "description": F(Str(max_len=256)),
    "tags": F(TAGS, default=dict),
})

PRINCIPAL = Obj(
    {
        "role": F(Str(pattern=IAM_NAME_OR_ARN, hint="an IAM role name or ARN")),
        "user": F(Str(pattern=IAM_NAME_OR_ARN, hint="an IAM user name or ARN")),
        "group": F(Str(pattern=IAM_NAME_OR_ARN, hint="an IAM group name or ARN")),
        "sso_user": F(Str(min_len=1, max_len=256)),
        "sso_group": F(Str(min_len=1, max_len=256)),
    },
    one_of_keys=("role", "user", "group", "sso_user", "sso_group"),
)

ACCESS = Obj({
    "runtime_roles": F(List(Str(min_len=1, max_len=2048), min_items=1, unique=True), required=True,
                       doc="declared names, role ARNs, or patterns with * or ?"),
    "clusters": F(Either(Str(choices=("any",)), List(LABEL, min_items=1, unique=True)), default="any"),
    "cluster_tags": F(TAGS, default=dict),
})

USER = Obj({
    "name": F(LABEL, required=True),
    "principal": F(PRINCIPAL, required=True),
    "steps": F(Bool(), default=False, doc="also grant AddJobFlowSteps under the same conditions"),
    "access": F(List(ACCESS, min_items=1), required=True),
})

TARGETS = Obj({
    "organizational_units": F(List(Str(pattern=r"(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})"), 1, unique=True)),
    "accounts": F(List(Str(pattern=r"\d{12}"), 1, unique=True)),
    "regions": F(List(Str(choices=REGIONS), 1, unique=True), required=True),
    "operation_preferences": F(Obj({
        "failure_tolerance_percentage": F(Int(0, 100)),
        "max_concurrent_percentage": F(Int(1, 100)),
        "region_concurrency": F(Str(choices=("SEQUENTIAL", "PARALLEL"))),
    })),
    "auto_deployment": F(Bool(), default=True),
    "administration_role_arn": F(Str(pattern=ROLE_ARN)),
    "execution_role_name": F(Str(pattern=ROLE_NAME)),
    "terraform_assume_role_name": F(Str(pattern=ROLE_NAME), default="OrganizationAccountAccessRole"),
    # VPC and subnet ids are regional: a target region's own network replaces the top-level one there.
    "networks": F(Map(key=Str(choices=REGIONS), value=NETWORK),
                  doc="per target region: vpc_id and subnet_ids there (default: network)"),
}, one_of_keys=("organizational_units", "accounts"))

SPEC = Obj({
    "version": F(Int(), required=True, doc="must be 1"),
    # Not "sg-...": the Studio security group names start with it, and EC2 reserves that prefix.
    "name": F(Str(pattern=r"(?!sg-)[a-z][a-z0-9-]{0,31}",
                  hint="1..32 lower-case letters, digits or '-', starting with a letter (not sg-)"),
              required=True, doc="prefix of every created name"),
    "account_id": F(Str(pattern=r"\d{12}", hint="12 digits, written as a quoted string"),
                    doc="default: the deploying account"),
    "region": F(Str(choices=REGIONS),
                doc="default: the deploying region"),
    "partition": F(Str(choices=("aws", "aws-cn", "aws-us-gov")), doc="default: the deploying partition"),
    "tags": F(TAGS, default=dict, doc="added to every taggable resource that is created"),
    "network": F(NETWORK, doc="required when a cluster or the studio is created (unless targets.networks "
                              "names every target region)"),
    "security_configuration": F(SECURITY_CONFIGURATION, default=dict),
    "runtime_roles": F(List(RUNTIME_ROLE), default=list),
    "clusters": F(List(CLUSTER), default=list),
    "studio": F(STUDIO),
    "users": F(List(USER), default=list),
    "targets": F(TARGETS),
    "quotas": F(Obj({
        "managed_policies_per_principal": F(Int(10, 20), default=10,
                                            doc="raise to 20 where the IAM quota was raised for your roles/users"),
    }), default=lambda: {"managed_policies_per_principal": 10}),
})

SPEC_VERSION = 1


def json_schema() -> dict:
    schema = SPEC.json_schema()
    schema["properties"]["version"]["const"] = SPEC_VERSION
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://emrgen.dev/schema/emrgen-spec.schema.json",
        "title": "emrgen spec v1",
        "description": "Runtime roles, EMR clusters, an EMR Studio and its users; see SPEC.md.",
        **schema,
    }
