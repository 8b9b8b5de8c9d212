"""The validated spec as typed objects. Each object keeps its ``path`` so later rules can
point back at the line and column it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .schema import Walk


@dataclass
class Network:
    vpc_id: str
    subnet_ids: list[str]


@dataclass
class InTransit:
    certificate_provider: str
    s3_object: str
    provider_class: str | None


@dataclass
class SecurityConfiguration:
    name: str
    existing: bool
    propagate_source_identity: bool
    lake_formation: bool
    in_transit: InTransit | None
    path: tuple = ("security_configuration",)


@dataclass
class RuntimeRole:
    name: str
    arn: str | None
    description: str | None
    s3_read: list[str]
    s3_write: list[str]
    managed_policy_arns: list[str]
    tags: dict[str, str]
    path: tuple = ()

    @property
    def created(self) -> bool:
        return self.arn is None


@dataclass
class InstanceGroup:
    instance_type: str
    count: int


@dataclass
class Cluster:
    name: str
    id: str | None
    release_label: str
    applications: list[str]
    primary: InstanceGroup
    core: InstanceGroup
    subnet_id: str | None
    log_uri: str | None
    idle_timeout_seconds: int | None
    tags: dict[str, str]
    runtime_roles: str | list[str]
    instance_profile_role_arn: str | None
    path: tuple = ()

    @property
    def created(self) -> bool:
        return self.id is None


@dataclass
class Studio:
    name: str | None
    id: str | None
    auth_mode: str
    default_s3_location: str | None
    subnet_ids: list[str] | None
    trusted_identity_propagation: bool
    idp_auth_url: str | None
    idp_relay_state_parameter_name: str | None
    user_permissions: str
    service_role: str | None
    user_role: str | None
    description: str | None
    tags: dict[str, str]
    path: tuple = ("studio",)

    @property
    def created(self) -> bool:
        return self.id is None


@dataclass
class Principal:
    kind: str  # role | user | group | sso_user | sso_group
    value: str

    @property
    def is_sso(self) -> bool:
        return self.kind.startswith("sso_")

    @property
    def iam_name(self) -> str:
        """The IAM name of a role/user/group given by name or ARN (paths dropped: attachments take names)."""
        return self.value.rsplit("/", 1)[-1] if self.value.startswith("arn:") else self.value


@dataclass
class Access:
    runtime_roles: list[str]
    clusters: str | list[str]
    cluster_tags: dict[str, str]
    path: tuple = ()


@dataclass
class User:
    name: str
    principal: Principal
    steps: bool
    access: list[Access]
    path: tuple = ()


@dataclass
class Targets:
    organizational_units: list[str] | None
    accounts: list[str] | None
    regions: list[str]
    operation_preferences: dict[str, Any] | None
    auto_deployment: bool
    administration_role_arn: str | None
    execution_role_name: str | None
    terraform_assume_role_name: str
    networks: dict[str, Network | None] = field(default_factory=dict)  # region -> its own network


@dataclass
class Spec:
    source: str  # the spec file's name, for headers and findings
    version: int
    name: str
    account_id: str | None
    region: str | None
    partition: str | None
    tags: dict[str, str]
    network: Network | None
    security_configuration: SecurityConfiguration
    runtime_roles: list[RuntimeRole]
    clusters: list[Cluster]
    studio: Studio | None
    users: list[User]
    targets: Targets | None
    quota: int = 10  # managed policies IAM attaches to one role, user or group
    walk: Walk | None = field(default=None, repr=False, compare=False)

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
            return self.targets.networks[region]  # None when the entry is empty (reported as E103)
        return self.network

    @property
    def network_unused(self) -> bool:
        """The top-level network is given, but every target region has its own."""
        return (self.network is not None and self.targets is not None
                and all(r in self.targets.networks for r in self.targets.regions if r))

    @property
    def sso(self) -> bool:
        return self.studio is not None and self.studio.auth_mode == "SSO"


def build(data: dict, walk: Walk) -> Spec:
    """Turn schema-checked data (defaults applied) into typed objects."""
    sc = data.get("security_configuration") or {}
    it = sc.get("in_transit_encryption")
    studio = data.get("studio")
    targets = data.get("targets")
    net = data.get("network")
    return Spec(
        source=walk.source.name,
        version=data["version"],
        name=data["name"],
        account_id=data.get("account_id"),
        region=data.get("region"),
        partition=data.get("partition"),
        tags=data.get("tags") or {},
        network=Network(**net) if net else None,
        security_configuration=SecurityConfiguration(
            name=sc.get("name") or f"{data['name']}-runtime-roles",
            existing=bool(sc.get("existing")),
            propagate_source_identity=bool(sc.get("propagate_source_identity")),
            lake_formation=bool(sc.get("lake_formation")),
            in_transit=InTransit(**it) if it else None,
        ),
        runtime_roles=[RuntimeRole(**r, path=("runtime_roles", i)) for i, r in enumerate(data.get("runtime_roles") or [])],
        clusters=[
            Cluster(**{**c, "primary": InstanceGroup(**c["primary"]), "core": InstanceGroup(**c["core"])},
                    path=("clusters", i))
            for i, c in enumerate(data.get("clusters") or [])
        ],
        studio=Studio(**studio) if studio else None,
        users=[
            User(
                name=u["name"],
                principal=next(Principal(k, v) for k, v in u["principal"].items() if v is not None),
                steps=u["steps"],
                access=[Access(**a, path=("users", i, "access", j)) for j, a in enumerate(u["access"])],
                path=("users", i),
            )
            for i, u in enumerate(data.get("users") or [])
        ],
        targets=Targets(**{**targets, "networks": {region: Network(**n) if n else None for region, n in
                                                   (targets.get("networks") or {}).items() if region}})
        if targets else None,
        quota=(data.get("quotas") or {}).get("managed_policies_per_principal") or 10,
        walk=walk,
    )


def is_pattern(entry: str) -> bool:
    """A runtime-role entry with an IAM wildcard is a pattern (StringLike), not a name (SPEC.md §1)."""
    return "*" in entry or "?" in entry
