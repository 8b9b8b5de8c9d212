"""What an account holds that emrgen cares about, read once: IAM principals with their policy documents,
EMR clusters with their security configuration and instance-profile role, and EMR Studios.

IAM is read principal by principal (List*/Get* calls, each paginated); a managed policy's default version is
fetched once, when a principal first uses it (GetPolicy, GetPolicyVersion), and cached.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from urllib.parse import unquote

from .client import Account, NotAvailable

ACTIVE = ["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING"]


def parse_document(value):
    """A policy document as data: boto3 decodes most; some endpoints return URL-encoded JSON, and moto returns
    some inline policies as a Python repr (hence the literal_eval fallback: data only, never code)."""
    if isinstance(value, dict):
        return value
    text = unquote(value) if value.lstrip().startswith("%") else value
    try:
        return json.loads(text)
    except ValueError:
        return ast.literal_eval(text)


@dataclass
class Principal:
    kind: str  # role | user | group
    name: str
    arn: str
    path: str
    inline: dict  # policy name -> document
    managed: list  # attached managed policy ARNs
    trust: dict | None = None  # roles only

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass
class Cluster:
    id: str
    name: str
    release_label: str
    applications: list
    tags: dict
    security_configuration: str | None
    instance_profile: str | None  # the EC2 instance profile name
    instance_profile_role_arn: str | None = None
    groups: list = field(default_factory=list)  # "PRIMARY m5.xlarge x1", ...
    log_uri: str | None = None  # s3://..., where it writes its logs (EMR may answer s3n://)


@dataclass
class Inventory:
    account: Account
    principals: list = field(default_factory=list)
    managed_documents: dict = field(default_factory=dict)  # policy ARN -> default version document
    clusters: list = field(default_factory=list)
    security_configurations: dict = field(default_factory=dict)  # name -> configuration (dict)
    studios: list = field(default_factory=list)  # DescribeStudio results
    session_mappings: dict = field(default_factory=dict)  # studio id -> mappings
    unavailable: list = field(default_factory=list)  # "elasticmapreduce:ListStudios", ...

    def role(self, name_or_arn: str) -> Principal | None:
        return next((p for p in self.principals if p.kind == "role" and name_or_arn in (p.name, p.arn)), None)

    def managed(self, arn: str) -> dict | None:
        """The default version of a managed policy (AWS-managed ones fetched when first asked for)."""
        if arn not in self.managed_documents:
            import botocore.exceptions as bexc

            try:
                version = self.account.call("iam", "GetPolicy", PolicyArn=arn)["Policy"]["DefaultVersionId"]
                found = self.account.call("iam", "GetPolicyVersion", PolicyArn=arn, VersionId=version)
                self.managed_documents[arn] = parse_document(found["PolicyVersion"]["Document"])
            except bexc.ClientError:  # deleted while we read (NoSuchEntity): absent
                self.managed_documents[arn] = None
        return self.managed_documents[arn]

    def policies_of(self, principal: Principal) -> list:
        """[(name, document)] of a principal: inline as ROLE/NAME (as emrgen's evaluator names them), managed
        by policy name."""
        out = [(f"{principal.name}/{n}", d) for n, d in sorted(principal.inline.items())]
        for arn in principal.managed:
            document = self.managed(arn)
            if document is not None:
                out.append((arn.rsplit("/", 1)[-1], document))
        return out


KINDS = {  # kind -> (list operation, list key, name key, inline list/get operations, attached operation)
    "role": ("ListRoles", "Roles", "RoleName", "ListRolePolicies", "GetRolePolicy", "ListAttachedRolePolicies"),
    "user": ("ListUsers", "Users", "UserName", "ListUserPolicies", "GetUserPolicy", "ListAttachedUserPolicies"),
    "group": ("ListGroups", "Groups", "GroupName", "ListGroupPolicies", "GetGroupPolicy", "ListAttachedGroupPolicies"),
}


def read_iam(inventory: Inventory) -> None:
    """Every role, user and group with its inline and attached policies. One principal at a time (rather than
    GetAccountAuthorizationDetails, which moto 5.2.5 fails on CloudFormation-made inline policies): each read
    is a small paginated call that botocore retries on throttling. The listings come first, so a terminal can
    show a progress bar over the principals (accounts with thousands of roles take a while)."""
    from ..progress import bar

    account = inventory.account
    listed = [(kind, item) for kind, ops in KINDS.items() for item in account.items("iam", ops[0], ops[1])]
    with bar(len(listed), "reading IAM principals") as step:
        for kind, item in listed:
            _, _, name_key, inline_op, get_op, attached_op = KINDS[kind]
            name = item[name_key]
            step(f"{kind} {name}")
            inline = {}
            for policy in account.items("iam", inline_op, "PolicyNames", **{name_key: name}):
                found = account.call("iam", get_op, **{name_key: name, "PolicyName": policy})
                inline[policy] = parse_document(found["PolicyDocument"])
            managed = [
                p["PolicyArn"] for p in account.items("iam", attached_op, "AttachedPolicies", **{name_key: name})
            ]
            trust = parse_document(item["AssumeRolePolicyDocument"]) if kind == "role" else None
            inventory.principals.append(
                Principal(kind, name, item["Arn"], item.get("Path", "/"), inline, managed, trust)
            )


def read_emr(inventory: Inventory) -> None:
    account = inventory.account
    for summary in account.items("emr", "ListClusters", "Clusters", ClusterStates=ACTIVE):
        found = account.call("emr", "DescribeCluster", ClusterId=summary["Id"])["Cluster"]
        attributes = found.get("Ec2InstanceAttributes") or {}
        profile = attributes.get("IamInstanceProfile")
        cluster = Cluster(
            found["Id"],
            found.get("Name", found["Id"]),
            found.get("ReleaseLabel", ""),
            [a["Name"] for a in found.get("Applications", [])],
            {t["Key"]: t.get("Value", "") for t in found.get("Tags", [])},
            found.get("SecurityConfiguration"),
            profile.rsplit("/", 1)[-1] if profile else None,
        )
        for group in account.items("emr", "ListInstanceGroups", "InstanceGroups", ClusterId=found["Id"]):
            cluster.groups.append(
                f"{group.get('InstanceGroupType')} {group.get('InstanceType')} "
                f"x{group.get('RequestedInstanceCount', '?')}"
            )
        if found.get("LogUri"):
            cluster.log_uri = "s3://" + found["LogUri"].split("://", 1)[-1]
        if cluster.instance_profile:
            cluster.instance_profile_role_arn = instance_profile_role(account, cluster.instance_profile)
        inventory.clusters.append(cluster)
    names = {c.security_configuration for c in inventory.clusters if c.security_configuration}
    try:
        names |= {s["Name"] for s in account.items("emr", "ListSecurityConfigurations", "SecurityConfigurations", True)}
    except NotAvailable as exc:  # moto: only the ones clusters name can be read
        inventory.unavailable.append(exc.permission)
    for name in sorted(names):
        described = account.call("emr", "DescribeSecurityConfiguration", Name=name)
        inventory.security_configurations[name] = parse_document(described["SecurityConfiguration"])


def instance_profile_role(account: Account, profile: str) -> str | None:
    import botocore.exceptions as bexc

    try:
        roles = account.call("iam", "GetInstanceProfile", InstanceProfileName=profile)["InstanceProfile"]["Roles"]
    except bexc.ClientError:
        return None
    return roles[0]["Arn"] if roles else None


def read_studios(inventory: Inventory) -> None:
    account = inventory.account
    try:
        for summary in account.items("emr", "ListStudios", "Studios", True):
            studio = account.call("emr", "DescribeStudio", True, StudioId=summary["StudioId"])["Studio"]
            inventory.studios.append(studio)
            if studio.get("AuthMode") == "SSO":
                inventory.session_mappings[studio["StudioId"]] = list(
                    account.items(
                        "emr", "ListStudioSessionMappings", "SessionMappings", True, StudioId=studio["StudioId"]
                    )
                )
    except NotAvailable as exc:  # moto has no EMR Studio API
        inventory.unavailable.append(exc.permission)


def runtime_enabled(configuration: dict) -> bool:
    iam = configuration.get("AuthorizationConfiguration", {}).get("IAMConfiguration", {})
    return bool(iam.get("EnableApplicationScopedIAMRole"))


def read_account(account: Account) -> Inventory:
    inventory = Inventory(account)
    read_iam(inventory)
    read_emr(inventory)
    read_studios(inventory)
    return inventory


def read_principal(account: Account, kind: str, name: str) -> Principal | None:
    """One role, user or group with its policies, or None when it does not exist (drift reads only what the spec
    names)."""
    import botocore.exceptions as bexc

    _, _, name_key, inline_op, get_op, attached_op = KINDS[kind]
    try:
        item = account.call("iam", f"Get{kind.capitalize()}", **{name_key: name})[kind.capitalize()]
    except bexc.ClientError:  # NoSuchEntity
        return None
    inline = {}
    for policy in account.items("iam", inline_op, "PolicyNames", **{name_key: name}):
        found = account.call("iam", get_op, **{name_key: name, "PolicyName": policy})
        inline[policy] = parse_document(found["PolicyDocument"])
    managed = [p["PolicyArn"] for p in account.items("iam", attached_op, "AttachedPolicies", **{name_key: name})]
    trust = parse_document(item["AssumeRolePolicyDocument"]) if kind == "role" else None
    return Principal(kind, name, item["Arn"], item.get("Path", "/"), inline, managed, trust)
