"""The spec's shape, declared once (SPEC.md §1, §4, §5): each record below is at the same time the typed
object rules and the plan read, the schema the YAML is validated against, and the source of
``emrgen schema``.

To add a key, add one line to its record::

    log_uri: str | None = key(S3, doc="where EMR writes the cluster's logs")

``key`` takes the value type and its constraints (``schema.py``; shared ones in ``definition.py``),
``required=True`` or a ``default`` (a record-typed key's default is a dict of the keys that differ from the
record's own defaults), ``doc`` (the JSON Schema description) and ``name`` when the YAML key differs from the
attribute. Leaving a key out gives its default; writing it with a null or empty value (``[]``, ``{}``, blank
text) is an error (E103), unless its ``empty=`` says what empty means (SPEC.md §6 lists those keys).
Each object keeps its ``path`` so later rules can point back at the line and column it came from.
The records of a created cluster's production settings, runtime_roles[].glue and at_rest_encryption (issue 17)
live in ``production.py`` (so this module stays small); the keys that use them are declared here.
"""

from __future__ import annotations

import dataclasses

from .definition import IAM_NAME_OR_ARN, LABEL, POLICY_ARN, ROLE_ARN_VALUE, ROLE_NAME, S3, SUBNET_ID, TAGS
from .production import (
    KMS_KEY_ARN,
    AdditionalSecurityGroups,
    AtRest,
    BootstrapAction,
    Configuration,
    Fleets,
    GlueAccess,
    InstanceGroup,
    ManagedScaling,
    TaskGroup,
)
from .records import key, record, schema_of
from .regions import REGIONS
from .rollout import Network, Quotas, Targets, TerraformSettings
from .schema import Bool, Either, Int, List, Str, Walk

SPEC_VERSION = 1


@record
class InTransit:
    certificate_provider: str = key(Str(choices=("PEM", "Custom")), default="PEM")
    s3_object: str = key(S3, required=True, doc="the certificate bundle (zip for PEM, jar for Custom)")
    provider_class: str | None = key(
        Str(pattern=r"[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*", hint="a Java class name"),
        doc="Custom only: the certificate provider class",
    )


@record
class SecurityConfiguration:
    name: str = key(
        Str(pattern=r"[A-Za-z0-9_.-]{1,256}", max_len=256, hint="letters, digits, '.', '-' or '_'"),
        doc="default <name>-runtime-roles",
    )  # filled in by Spec
    existing: bool = key(Bool(), default=False, doc="true: reference an existing security configuration by name")
    propagate_source_identity: bool = key(Bool(), default=False)
    lake_formation: bool = key(Bool(), default=False)
    in_transit: InTransit | None = key(
        InTransit, name="in_transit_encryption", doc="required when a studio is declared"
    )
    at_rest: AtRest | None = key(AtRest, name="at_rest_encryption", doc="S3 and local disks")
    path: tuple = ("security_configuration",)


@record
class RuntimeRole:
    name: str = key(
        Str(pattern=ROLE_NAME, hint="an IAM role name: 1..64 of letters, digits and + = , . @ _ -"), required=True
    )
    arn: str | None = key(ROLE_ARN_VALUE, doc="an existing role: referenced, not created")
    existing: bool = key(
        Bool(), default=False, doc="true: an existing role named name, not created; its ARN is built in each account"
    )
    description: str | None = key(
        Str(
            pattern=r"[\t\n\r\x20-\x7e\xa1-\xff]*",
            max_len=1000,
            hint="IAM accepts only Latin-1 text in role descriptions",
        )
    )
    s3_read: list[str] = key(List(S3, unique=True), default=[], empty="no S3 read grants")
    s3_write: list[str] = key(List(S3, unique=True), default=[], empty="no S3 write grants")
    managed_policy_arns: list[str] = key(  # SPEC.md §1 writes `managed_policy_arns: []`
        List(Str(pattern=POLICY_ARN, hint="an IAM policy ARN"), max_items=10, unique=True),
        default=[],
        empty="no managed policies",
    )
    tags: dict[str, str] = key(TAGS, default={})
    glue: GlueAccess | None = key(GlueAccess, doc="Glue Data Catalog permissions (issue 17)")
    path: tuple = ()

    @property
    def created(self) -> bool:
        return self.arn is None and not self.existing


@record
class Cluster:
    name: str = key(LABEL, required=True)
    id: str | None = key(
        Str(pattern=r"j-[0-9A-Z]{1,32}", hint="a cluster id such as j-123456789"),
        doc="an existing cluster: referenced by id, not created",
    )
    release_label: str = key(Str(pattern=r"emr-.+", hint="a release label such as emr-7.5.0"), default="emr-7.5.0")
    applications: list[str] = key(
        List(Str(pattern=r"[A-Za-z0-9-]{1,64}"), unique=True), default=["Spark", "Livy", "JupyterEnterpriseGateway"]
    )
    primary: InstanceGroup = key(InstanceGroup, default={})
    core: InstanceGroup = key(InstanceGroup, default={"count": 2})
    subnet_id: str | None = key(SUBNET_ID, doc="default: network.subnet_ids[0]")
    log_uri: str | None = key(S3, doc="where EMR writes the cluster's logs (existing clusters: for users to read them)")
    idle_timeout_seconds: int | None = key(Int(60, 604800))
    tags: dict[str, str] = key(TAGS, default={})
    runtime_roles: str | list[str] = key(
        Either(Str(choices=("all",)), List(Str(pattern=ROLE_NAME), unique=True)),
        default="all",
        doc="created clusters: the runtime roles its instance profile may assume; "
        "existing clusters: a list says which created runtime roles trust its "
        "instance profile (default: the roles some access row grants on it)",
    )
    instance_profile_role_arn: str | None = key(
        ROLE_ARN_VALUE, doc="existing clusters: the EC2 instance-profile role, so created runtime roles can trust it"
    )
    # issue 17 (SPEC.md §5 "Production clusters")
    task: list[TaskGroup] = key(List(schema_of(TaskGroup), max_items=48), default=[], doc="task instance groups")
    fleets: Fleets | None = key(Fleets, doc="instance fleets instead of primary/core/task groups")
    subnet_ids: list[str] | None = key(
        List(SUBNET_ID, 1, 5, unique=True), doc="fleets only: EMR picks the best (default: network.subnet_ids)"
    )
    managed_scaling: ManagedScaling | None = key(ManagedScaling)
    configurations: list[Configuration] = key(List(schema_of(Configuration)), default=[])
    glue_catalog: bool = key(Bool(), default=False, doc="Spark and Hive use the Glue Data Catalog as metastore")
    bootstrap_actions: list[BootstrapAction] = key(List(schema_of(BootstrapAction), max_items=16), default=[])
    custom_ami_id: str | None = key(Str(pattern=r"ami-[0-9a-f]{8,17}", hint="an AMI id such as ami-0123456789abcdef0"))
    ebs_root_volume_size_gb: int | None = key(Int(15, 100))
    key_name: str | None = key(Str(min_len=1, max_len=255), doc="EC2 key pair for SSH to the nodes")
    additional_security_groups: AdditionalSecurityGroups | None = key(AdditionalSecurityGroups)
    step_concurrency: int | None = key(Int(1, 256))
    match_tags: dict[str, str] = key(
        TAGS, default={}, doc="existing clusters selected by tag instead of id (all tags must match)"
    )
    instance_profile_role: str | None = key(
        Str(pattern=ROLE_NAME, hint="an IAM role name"),
        doc="existing clusters: the EC2 instance-profile role by name, resolved in each account",
    )
    path: tuple = ()

    @property
    def created(self) -> bool:
        return self.id is None and not self.match_tags

    @property
    def by_tags(self) -> bool:
        """An existing cluster selected by its tags (match_tags), not by id."""
        return self.id is None and bool(self.match_tags)


@record
class Studio:
    name: str | None = key(Str(pattern=r"[A-Za-z0-9_-]{1,256}", hint="1..256 letters, digits, '-' or '_'"))
    id: str | None = key(
        Str(pattern=r"es-[0-9A-Z]{1,64}", hint="a studio id such as es-ABCDEFGHIJKLMNOPQRSTUVWXY"),
        doc="an existing studio: referenced, not created",
    )
    auth_mode: str = key(Str(choices=("IAM", "SSO")), required=True)
    default_s3_location: str | None = key(S3)
    subnet_ids: list[str] | None = key(List(SUBNET_ID, 1, 5, unique=True))
    trusted_identity_propagation: bool = key(Bool(), default=False)
    idp_auth_url: str | None = key(Str(pattern=r"https://\S+", max_len=4096, hint="an https:// URL"))
    idp_relay_state_parameter_name: str | None = key(Str(max_len=256, min_len=1))
    user_permissions: str = key(Str(choices=("basic", "none")), default="basic")
    workspace_collaboration: bool = key(
        Bool(),
        default=False,
        doc="grant Workspace collaboration (service role and users); off by default: EMR "
        "disables collaboration on runtime-role clusters",
    )
    service_role: str | None = key(
        Str(pattern=IAM_NAME_OR_ARN, hint="a role name or ARN"),
        doc="existing studio: its service role, for the users' iam:PassRole grant",
    )
    user_role: str | None = key(
        Str(pattern=IAM_NAME_OR_ARN, hint="a role name or ARN"),
        doc="existing SSO studio: its user role, to which the session policies are attached",
    )
    description: str | None = key(Str(max_len=256))
    encryption_key_arn: str | None = key(
        KMS_KEY_ARN,
        doc="a customer managed KMS key for Workspace and notebook storage (its full ARN, never an alias); the key's "
        "policy must allow the Studio service role (REVIEW.md says how)",
    )
    tags: dict[str, str] = key(TAGS, default={})
    path: tuple = ("studio",)

    @property
    def created(self) -> bool:
        return self.id is None


PRINCIPAL_KINDS = ("role", "user", "group", "sso_user", "sso_group")


@record(one_of=PRINCIPAL_KINDS)
class Principal:
    role: str | None = key(Str(pattern=IAM_NAME_OR_ARN, hint="an IAM role name or ARN"))
    user: str | None = key(Str(pattern=IAM_NAME_OR_ARN, hint="an IAM user name or ARN"))
    group: str | None = key(Str(pattern=IAM_NAME_OR_ARN, hint="an IAM group name or ARN"))
    sso_user: str | None = key(Str(min_len=1, max_len=256))
    sso_group: str | None = key(Str(min_len=1, max_len=256))

    @property
    def kind(self) -> str:
        """role | user | group | sso_user | sso_group: the one key given."""
        return next(k for k in PRINCIPAL_KINDS if getattr(self, k) is not None)

    @property
    def value(self) -> str:
        return getattr(self, self.kind)

    @property
    def is_sso(self) -> bool:
        return self.kind.startswith("sso_")

    @property
    def iam_name(self) -> str:
        """The IAM name of a role/user/group given by name or ARN (paths dropped: attachments take names)."""
        return self.value.rsplit("/", 1)[-1] if self.value.startswith("arn:") else self.value


@record
class Access:
    runtime_roles: list[str] = key(
        List(Str(min_len=1, max_len=2048), min_items=1, unique=True),
        required=True,
        doc="declared names, role ARNs, or patterns with * or ?",
    )
    clusters: str | list[str] = key(Either(Str(choices=("any",)), List(LABEL, min_items=1, unique=True)), default="any")
    cluster_tags: dict[str, str] = key(TAGS, default={})
    path: tuple = ()


@record
class User:
    name: str = key(LABEL, required=True)
    principal: Principal = key(Principal, required=True)
    steps: bool = key(Bool(), default=False, doc="also grant AddJobFlowSteps under the same conditions")
    access: list[Access] = key(List(schema_of(Access), min_items=1), required=True)
    path: tuple = ()


@record
class Spec:
    version: int = key(Int(), required=True, doc="must be 1")
    # Not "sg-...": the Studio security group names start with it, and EC2 reserves that prefix.
    name: str = key(
        Str(
            pattern=r"(?!sg-)[a-z][a-z0-9-]{0,31}",
            hint="1..32 lower-case letters, digits or '-', starting with a letter (not sg-)",
        ),
        required=True,
        doc="prefix of every created name",
    )
    account_id: str | None = key(
        Str(pattern=r"\d{12}", hint="12 digits, written as a quoted string"), doc="default: the deploying account"
    )
    region: str | None = key(Str(choices=REGIONS), doc="default: the deploying region")
    partition: str | None = key(Str(choices=("aws", "aws-cn", "aws-us-gov")), doc="default: the deploying partition")
    tags: dict[str, str] = key(TAGS, default={}, doc="added to every taggable resource that is created")
    network: Network | None = key(
        Network,
        doc="required when a cluster or the studio is created (unless targets.networks names every target region)",
    )
    security_configuration: SecurityConfiguration = key(SecurityConfiguration, default={})
    runtime_roles: list[RuntimeRole] = key(List(schema_of(RuntimeRole)), default=[])
    clusters: list[Cluster] = key(List(schema_of(Cluster)), default=[])
    studio: Studio | None = key(Studio)
    users: list[User] = key(
        List(schema_of(User)),
        default=[],
        empty="nobody is granted a runtime role (warning W132, as when the key is left out)",
        null_is_empty=True,
    )
    targets: Targets | None = key(Targets)
    quotas: Quotas = key(Quotas, default={})
    terraform: TerraformSettings = key(TerraformSettings, default={}, doc="settings of the generated Terraform root")
    keep: list[str] = key(
        List(Str(pattern=r"[^\x00-\x1f]{1,512}", hint="a glob pattern such as terraform/*_override.tf")),
        default=[],
        doc="files in the output folder the user owns (globs relative to it): never changed by a render, never drift",
    )
    source: str = ""  # the spec file's name, for headers and findings
    walk: Walk | None = dataclasses.field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        sc = self.security_configuration
        if sc is not None and sc.name is None and self.name is not None:
            sc.name = f"{self.name}-runtime-roles"

    @property
    def quota(self) -> int:
        """Managed policies IAM attaches to one role, user or group."""
        quotas = self.quotas
        return quotas.managed_policies_per_principal if quotas and quotas.managed_policies_per_principal else 10

    def runtime_role(self, name: str) -> RuntimeRole | None:
        return self._by_name("runtime_roles").get(name)

    def cluster(self, name: str) -> Cluster | None:
        return self._by_name("clusters").get(name)

    def _by_name(self, attr: str) -> dict:
        """name -> first entry of that name; asked per grant, a scan per call made big specs quadratic."""
        items = getattr(self, attr)
        cached = self.__dict__.get("_index_" + attr)
        if cached is None or cached[0] != len(items):
            index: dict = {}
            for item in items:
                index.setdefault(item.name, item)
            cached = self.__dict__["_index_" + attr] = (len(items), index)
        return cached[1]

    @property
    def created_clusters(self) -> list[Cluster]:
        return [c for c in self.clusters if c.created]

    @property
    def creates_network_resources(self) -> bool:
        """A created cluster or studio: they need a VPC and subnets."""
        return bool(self.created_clusters or (self.studio is not None and self.studio.created))

    @property
    def multi_region(self) -> bool:
        """One member template for several regions: IAM is then created once per account (scopes.py),
        and network ids come from a per-region mapping."""
        return self.targets is not None and len(self.targets.regions) > 1

    def network_in(self, region: str) -> Network | None:
        """The network a target region uses: its own under targets.networks, else the top-level one."""
        if self.targets is not None and region in self.targets.networks:
            return self.targets.networks[region]  # None when the entry is invalid (reported as E103/E104)
        return self.network

    @property
    def network_unused(self) -> bool:
        """The top-level network is given, but every target region has its own."""
        return (
            self.network is not None
            and self.targets is not None
            and all(r in self.targets.networks for r in self.targets.regions if r)
        )

    @property
    def sso(self) -> bool:
        return self.studio is not None and self.studio.auth_mode == "SSO"


SPEC = schema_of(Spec)


def build(spec: Spec, walk: Walk) -> Spec:
    """Attach where the spec came from to the object the walk built (keys and defaults already in place)."""
    spec.source = walk.source.name
    spec.walk = walk
    return spec


def json_schema() -> dict:
    """`emrgen schema`: the JSON Schema of the records above."""
    schema = SPEC.json_schema()
    schema["properties"]["version"]["const"] = SPEC_VERSION
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://emrgen.dev/schema/emrgen-spec.schema.json",
        "title": "emrgen spec v1",
        "description": "Runtime roles, EMR clusters, an EMR Studio and its users; see SPEC.md.",
        **schema,
    }


def is_pattern(entry: str) -> bool:
    """A runtime-role entry with an IAM wildcard is a pattern (StringLike), not a name (SPEC.md §1)."""
    return "*" in entry or "?" in entry
