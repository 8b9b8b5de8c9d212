"""The neutral plan: every resource emrgen creates, as format-free data.

Both renderers and the review report read this one plan, so CloudFormation and Terraform
cannot disagree about what exists, what it is called or what its policies say.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from ..spec.model import Cluster, Network, Spec
from . import clusters, encryption, glue, names, policies, s3
from . import grants as grants_mod
from .limits import Measured
from .policies import Env
from .refs import Ref, RegionValue, needs

MANAGED_TAG = ("for-use-with-amazon-emr-managed-policies", "true")


@dataclass
class Resource:
    key: str  # stable plan key, e.g. "runtime_role/test-emr-demo1"
    kind: str  # role | managed_policy | instance_profile | security_configuration | cluster | studio
    #           | security_group | sg_rule | session_mapping
    props: dict[str, Any]
    cfn_id: str = ""
    tf_name: str = ""
    group: str = ""  # which Terraform file / review section: iam | security | cluster | studio | users
    # Resources whose *policies* must exist first. CloudFormation gets this for free (policies live on the
    # role, attachments on the managed policy); Terraform attaches them in separate resources.
    after: list[str] = field(default_factory=list)
    # Resources this one must be created after and deleted before, that it does not refer to (both formats:
    # CloudFormation DependsOn, Terraform depends_on).
    order: list[str] = field(default_factory=list)
    # Scanner findings accepted on purpose, with reasons (generator/plan/suppressions.py): rendered inline.
    suppressions: list = field(default_factory=list)


@dataclass
class Output:
    """A stack output / Terraform output: one attribute of a created resource (names derive from its ids)."""

    key: str
    attr: str  # arn | id | name | url
    description: str
    after: list[str] = field(default_factory=list)  # resources whose policies must exist first (Terraform)

    @property
    def value(self) -> Ref:
        return Ref(self.key, self.attr)


@dataclass
class UserPlan:
    name: str
    principal: str  # "role analyst", "sso_user alice@example.com"
    policy_keys: list[str]  # the user's own managed policies (several when the grants need more than 6,144 chars)
    grants: list
    located: dict = field(default_factory=dict)  # grant Sid -> (policy key, Sid in that policy) after packing

    @property
    def policy_key(self) -> str:
        return self.policy_keys[0]


@dataclass
class Plan:
    spec: Spec
    env: Env
    resources: list[Resource] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    users: list[UserPlan] = field(default_factory=list)
    measured: Measured = field(default_factory=Measured)  # sizes and counts for the AWS-limit rules (rules/plan/)
    # Several target regions: region -> its network, which the member template maps (RegionValue reads it),
    # and in the regional part, the values it takes from the account-wide one (refs.Input, scopes.py).
    networks: dict[str, Network] = field(default_factory=dict)
    inputs: list = field(default_factory=list)
    _by_key: dict[str, Resource] = field(default_factory=dict)
    _cfn_ids: set[str] = field(default_factory=set)
    _tf_names: set[tuple[str, str]] = field(default_factory=set)

    def add(self, key: str, kind: str, section: str, label: str, **props: Any) -> Resource:
        res = Resource(key, kind, props, group=section)
        res.cfn_id = self._unique_cfn_id(label, key)
        res.tf_name = self._unique_tf_name(kind, label, key)
        self.resources.append(res)
        self._by_key[key] = res
        return res

    def get(self, key: str) -> Resource:
        return self._by_key[key]

    def needs(self, resources: list[Resource] | None = None) -> set[str]:
        """What the resources (default: all of them) use besides each other: ``partition``, ``account``,
        ``region`` (pseudo values) and ``network`` (the region-keyed network ids, with several regions only).
        Both renderers decide from this which declarations to write: CloudFormation's network mapping,
        Terraform's ``network`` locals and its ``aws_partition``/``aws_caller_identity``/``aws_region`` data."""
        found: set[str] = set()
        for res in self.resources if resources is None else resources:
            needs(res.props, found)
        if not self.networks:
            found.discard("network")
        return found

    @property
    def tags(self) -> dict[str, str]:
        """The spec's own tags, for resources that carry no others (Terraform tags more resource types)."""
        return tags_of(self.spec)

    def _unique_cfn_id(self, label: str, key: str) -> str:
        base = camel(label)[:240]
        candidate = base
        if candidate in self._cfn_ids:
            candidate = base + short_hash(key)
        self._cfn_ids.add(candidate)
        return candidate

    def _unique_tf_name(self, kind: str, label: str, key: str) -> str:
        base = snake(label)[:120]
        candidate = base
        if (kind, candidate) in self._tf_names:
            candidate = f"{base}_{short_hash(key)}"
        self._tf_names.add((kind, candidate))
        return candidate


def camel(text: str) -> str:
    words = re.split(r"[^A-Za-z0-9]+", text)
    out = "".join(w[:1].upper() + w[1:] for w in words if w)
    return out if out[:1].isalpha() else "R" + out


def snake(text: str) -> str:
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    out = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower()
    return out if out[:1].isalpha() else "r_" + out


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def tags_of(spec: Spec, *extra: dict[str, str], managed: bool = False) -> dict[str, str]:
    tags: dict[str, str] = {}
    for source in (spec.tags, *extra):
        tags.update(source)
    if managed:
        tags[MANAGED_TAG[0]] = MANAGED_TAG[1]
    return dict(sorted(tags.items()))


def build_core(spec: Spec) -> Plan:
    """Every resource but the Studio's (studio.py) and the users' policies (users.py), which build on these."""
    env = Env(
        partition=spec.partition or policies.PARTITION,
        account=spec.account_id or policies.ACCOUNT,
        region=spec.region or policies.REGION,
    )
    plan = Plan(spec, env)
    if spec.multi_region:
        plan.networks = {r: n for r in spec.targets.regions if (n := spec.network_in(r)) is not None}
    _security_configuration(plan)
    _runtime_roles(plan)
    _clusters(plan)
    return plan


def network_values(plan: Plan) -> tuple:
    """(VPC id, subnet ids, the clusters' default subnet): literals, or with several target regions
    lookups in the template's region-keyed mapping (VPC and subnet ids are regional)."""
    spec = plan.spec
    if plan.networks:
        return RegionValue("vpc_id"), RegionValue("subnet_ids"), RegionValue("subnet_ids", 0)
    net = spec.network_in(spec.targets.regions[0]) if spec.targets is not None else spec.network
    return net.vpc_id, list(net.subnet_ids), net.subnet_ids[0]


def cluster_key(cluster: Cluster) -> str:
    return f"cluster/{cluster.name}"


def _security_configuration(plan: Plan) -> None:
    spec = plan.spec
    sc = spec.security_configuration
    if sc.existing or not spec.created_clusters:
        return
    plan.add(
        "security_configuration",
        "security_configuration",
        "security",
        "RuntimeRolesSecurityConfiguration",
        name=sc.name,
        configuration=_placeholders_in_tls(
            plan,
            encryption.configure(  # at_rest_encryption: issue 17
                policies.security_configuration(sc.propagate_source_identity, sc.lake_formation, sc.in_transit),
                sc.at_rest,
            ),
        ),
    )
    plan.outputs.append(Output("security_configuration", "name", "Security configuration that enables runtime roles"))


def _placeholders_in_tls(plan: Plan, config: dict) -> dict:
    """The TLS bundle's S3 object with {account_id}/{region} resolved (s3.py)."""
    tls = (
        config.get("EncryptionConfiguration", {})
        .get("InTransitEncryptionConfiguration", {})
        .get("TLSCertificateConfiguration")
    )
    if tls is not None:
        tls["S3Object"] = s3.resolve(plan.env, tls["S3Object"])
    return config


def _instance_profile_role_arns(plan: Plan, role_name: str) -> list:
    spec = plan.spec
    out = []
    for cluster in names.trusting_clusters(spec, role_name):
        if cluster.created:
            out.append(Ref(f"instance_profile_role/{cluster.name}", "arn"))
        elif cluster.instance_profile_role_arn:
            out.append(cluster.instance_profile_role_arn)
        else:  # by name (SPEC.md §5): the role of that name in the account the stack is deployed in
            out.append(plan.env.role_arn(cluster.instance_profile_role))
    return out


def _runtime_roles(plan: Plan) -> None:
    spec, env = plan.spec, plan.env
    sc = spec.security_configuration
    for role in spec.runtime_roles:
        if not role.created:
            continue
        key = f"runtime_role/{role.name}"
        permissions = s3.resolve_prefixes(
            env, policies.runtime_role_permissions(env, role.s3_read, role.s3_write, sc.lake_formation)
        )
        extra = glue.statements(env, role.glue) + encryption.runtime_role_statements(sc.at_rest)  # issue 17
        if extra:
            permissions = clusters.with_statements(permissions or policies.document(), extra)
        plan.add(
            key,
            "role",
            "iam",
            f"RuntimeRole-{role.name}",
            name=role.name,
            description=role.description,
            trust=policies.runtime_role_trust(
                _instance_profile_role_arns(plan, role.name), sc.propagate_source_identity
            ),
            inline_policies=[("runtime-role-access", permissions)] if permissions else [],
            managed_policy_arns=list(role.managed_policy_arns),
            tags=tags_of(spec, role.tags),
        )
        plan.outputs.append(Output(key, "arn", f"ARN of runtime role {role.name}"))


def _clusters(plan: Plan) -> None:
    spec, env = plan.spec, plan.env
    created = spec.created_clusters
    if not created:
        return
    sc = spec.security_configuration
    certificate = sc.in_transit.s3_object if sc.in_transit and not sc.existing else None
    service_key = "emr_service_role"
    # Instance-profile roles live under the IAM path /<name>/, so the EMR service role passes them all with
    # one fixed-size ARN pattern however many clusters there are.
    role_path = f"/{spec.name}/"
    for cluster in created:
        role_key = f"instance_profile_role/{cluster.name}"
        arns = [
            grants_mod.runtime_role_arn(spec, env, r.name)
            for r in spec.runtime_roles
            if names.cluster_may_assume(cluster, r.name)
        ]
        plan.add(
            role_key,
            "role",
            "iam",
            f"InstanceProfileRole-{cluster.name}",
            name=names.instance_profile_role_name(spec, cluster),
            path=role_path,
            description=f"EC2 instance profile role of EMR cluster {cluster.name}; may assume its runtime roles",
            trust=policies.ec2_trust(env),
            inline_policies=[
                (
                    "runtime-roles",
                    clusters.with_statements(
                        policies.instance_profile_permissions(
                            env, arns, sc.propagate_source_identity, cluster.log_uri, certificate
                        ),
                        clusters.instance_profile_statements(env, spec, cluster)
                        + encryption.instance_profile_statements(sc.at_rest),
                    ),
                )
            ],
            managed_policy_arns=[],
            tags=tags_of(spec),
        )

        plan.add(
            f"instance_profile/{cluster.name}",
            "instance_profile",
            "iam",
            f"InstanceProfile-{cluster.name}",
            name=names.instance_profile_role_name(spec, cluster),
            path=role_path,
            role=Ref(role_key, "name"),
        )
    plan.add(
        service_key,
        "role",
        "iam",
        "EmrServiceRole",
        name=names.emr_service_role_name(spec),
        description="EMR service role (AmazonEMRServicePolicy_v2)",
        trust=policies.emr_service_trust(env),
        inline_policies=[
            (
                "pass-instance-profile-role",
                clusters.with_statements(
                    policies.emr_service_pass_role([env.role_arn(role_path[1:] + "*")], env),
                    encryption.service_role_statements(sc.at_rest),
                ),
            )
        ],
        managed_policy_arns=[policies.emr_service_managed_policy(env)],
        tags=tags_of(spec),
    )
    sc_name = Ref("security_configuration", "name") if not sc.existing else sc.name
    _, network_subnets, default_subnet = network_values(plan)
    for cluster in created:
        key = cluster_key(cluster)
        plan.add(
            key,
            "cluster",
            "cluster",
            f"Cluster-{cluster.name}",
            name=f"{spec.name}-{cluster.name}",
            release_label=cluster.release_label,
            applications=list(cluster.applications),
            # groups or fleets, subnets and the other production settings (issue 17)
            **clusters.production_props(cluster, default_subnet, network_subnets),
            instance_profile=Ref(f"instance_profile/{cluster.name}", "name"),
            service_role=Ref(service_key, "name"),
            security_configuration=sc_name,
            log_uri=s3.resolve(env, cluster.log_uri) if cluster.log_uri else None,
            idle_timeout_seconds=cluster.idle_timeout_seconds,
            tags=tags_of(spec, cluster.tags, managed=True),
        )
        plan.get(key).after = [service_key, f"instance_profile_role/{cluster.name}"]
        plan.outputs.append(Output(key, "id", f"Id of EMR cluster {cluster.name}"))
