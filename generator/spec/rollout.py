"""Where a spec goes and how it is deployed: multi-account targets (SPEC.md §4), quotas, and the Terraform
root's settings — records of the spec's shape like those in ``model.py`` (which uses them), kept apart so each module
stays small."""

from __future__ import annotations

from typing import Any

from .definition import ROLE_ARN_VALUE, ROLE_NAME, SUBNET_ID
from .records import Key, Obj, key, record, schema_of
from .regions import REGIONS
from .schema import Bool, Int, List, Map, Str


@record
class Network:
    vpc_id: str = key(Str(pattern=r"vpc-[0-9a-f]{8,17}", hint="a VPC id such as vpc-0123456789abcdef0"), required=True)
    subnet_ids: list[str] = key(List(SUBNET_ID, 1, 5, unique=True), required=True, doc="1..5 subnet ids")


OPERATION_PREFERENCES = Obj(
    {  # read as a dict: the StackSet renderers pass it on key by key
        "failure_tolerance_percentage": Key(Int(0, 100)),
        "max_concurrent_percentage": Key(Int(1, 100)),
        "region_concurrency": Key(Str(choices=("SEQUENTIAL", "PARALLEL"))),
    }
)


@record(one_of=("organizational_units", "accounts"))
class Targets:
    organizational_units: list[str] | None = key(
        List(Str(pattern=r"(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})"), 1, unique=True)
    )
    accounts: list[str] | None = key(List(Str(pattern=r"\d{12}"), 1, unique=True))
    regions: list[str] = key(List(Str(choices=REGIONS), 1, unique=True), required=True)
    operation_preferences: dict[str, Any] | None = key(OPERATION_PREFERENCES)
    auto_deployment: bool = key(Bool(), default=True)
    administration_role_arn: str | None = key(ROLE_ARN_VALUE)
    execution_role_name: str | None = key(Str(pattern=ROLE_NAME))
    terraform_assume_role_name: str = key(Str(pattern=ROLE_NAME), default="OrganizationAccountAccessRole")
    call_as: str = key(
        Str(choices=("SELF", "DELEGATED_ADMIN")),
        default="SELF",
        doc="OUs only: the StackSet's CallAs: SELF from the management account, DELEGATED_ADMIN from "
        "a delegated administrator account",
    )
    central_buckets: list[str] = key(
        List(Str(pattern=r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", hint="an S3 bucket name"), unique=True),
        default=[],
        doc="buckets in one owner account that every target account uses: render writes their bucket policy "
        "(stackset/central-buckets.yaml) for the owner to deploy",
    )
    retain_stacks_on_account_removal: bool = key(
        Bool(),
        default=False,
        doc="OUs with auto_deployment only: keep an account's stacks (its IAM) when it leaves a "
        "target OU; default false deletes them, so no unmanaged access stays behind",
    )
    # VPC and subnet ids are regional: a target region's own network replaces the top-level one there.
    networks: dict[str, Network | None] = key(
        Map(key=Str(choices=REGIONS), value=schema_of(Network)),
        default={},
        doc="per target region: vpc_id and subnet_ids there (default: network)",
    )


@record
class Quotas:
    managed_policies_per_principal: int = key(
        Int(10, 20), default=10, doc="raise to 20 where the IAM quota was raised for your roles/users"
    )


@record
class S3Backend:
    """Terraform's s3 backend (developer.hashicorp.com/terraform/language/backend/s3): where the state lives."""

    bucket: str = key(Str(pattern=r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", hint="an S3 bucket name"), required=True)
    state_key: str = key(
        Str(pattern=r"[^\x00-\x1f]{1,1024}", hint="the state object's key, e.g. emr/analytics.tfstate"),
        required=True,
        name="key",
        doc="the state object's key in the bucket",
    )
    region: str | None = key(Str(choices=REGIONS), doc="the bucket's region [default: the provider's]")
    encrypt: bool = key(Bool(), default=True, doc="server-side encryption of the state object")
    use_lockfile: bool = key(Bool(), default=True, doc="S3-native state locking (Terraform 1.10 or later)")
    dynamodb_table: str | None = key(
        Str(pattern=r"[A-Za-z0-9_.-]{3,255}", hint="a DynamoDB table name"),
        doc="state locking with a DynamoDB table (deprecated by Terraform)",
    )


@record
class Backend:
    s3: S3Backend = key(S3Backend, required=True)


@record
class TerraformSettings:
    backend: Backend | None = key(Backend, doc="written as terraform/backend.tf, so the generated root is complete")
