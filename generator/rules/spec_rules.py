"""Cross-reference and AWS rules (SPEC.md §1). Each rule is a small function with a stable
code; all of them run and every finding is collected."""

from __future__ import annotations

import difflib
import re
from typing import Callable, Iterator

from ..errors import Finding
from ..spec.report import Report
from ..plan import names
from ..spec.model import Spec, is_pattern
from ..spec.definition import EMR_CLUSTER_TAG, ROLE_ARN
from ..spec.regions import partition_of

REQUIRED_APPLICATIONS = ("Spark", "Livy", "JupyterEnterpriseGateway")
# Application names EMR on EC2 accepts in RunJobFlow (Amazon EMR release guide, "Applications").
KNOWN_APPLICATIONS = frozenset({
    "CloudWatchAgent", "Delta", "Flink", "Ganglia", "HBase", "HCatalog", "Hadoop", "Hive", "Hudi", "Hue", "Iceberg",
    "JupyterEnterpriseGateway", "JupyterHub", "Livy", "MXNet", "Mahout", "Oozie", "Phoenix", "Pig", "Presto", "Spark",
    "Sqoop", "TensorFlow", "Tez", "Trino", "Zeppelin", "ZooKeeper",
})
MIN_RELEASE = (6, 11, 0)

Rule = Callable[[Spec, "Report"], None]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


def check(spec: Spec, tolerant: bool = False) -> list[Finding]:
    """Run every rule. ``tolerant``: the model may hold None where the structure was invalid; skip a rule
    that trips over one."""
    report = Report(spec)
    for fn in RULES:
        if not tolerant:
            fn(spec, report)
            continue
        before = len(report.findings)
        try:
            fn(spec, report)
        except Exception:  # noqa: BLE001 - see docstring
            del report.findings[before:]
    return report.findings


def hint(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


@rule
def version_is_1(spec: Spec, r: Report) -> None:
    """E105: only spec version 1 exists."""
    if spec.version != 1:
        r.error(("version",), "E105", f"unsupported spec version {spec.version}; this emrgen reads version 1")


@rule
def unique_names(spec: Spec, r: Report) -> None:
    """E203: runtime roles, clusters and users each have unique names."""
    for section, items in (("runtime_roles", spec.runtime_roles), ("clusters", spec.clusters), ("users", spec.users)):
        seen: set[str] = set()
        for item in items:
            if item.name in seen:
                r.error(item.path + ("name",), "E203", f"{section} has two entries named '{item.name}'")
            seen.add(item.name)
    # One session mapping per SSO identity: two users naming the same one would collide.
    identities: set[tuple[str, str]] = set()
    for user in spec.users:
        p = user.principal
        if p.is_sso and (p.kind, p.value) in identities:
            r.error(user.path + ("principal", p.kind), "E203",
                    f"{p.kind} '{p.value}' is mapped by two users; merge their access into one user")
        identities.add((p.kind, p.value))
    # Generated IAM names must not collide with a declared runtime role either.
    generated = {n for n in names.generated_role_names(spec)}
    for role in spec.runtime_roles:
        if role.created and role.name in generated:
            r.error(role.path + ("name",), "E203", f"runtime role name '{role.name}' collides with a role emrgen creates")


@rule
def access_references(spec: Spec, r: Report) -> None:
    """E201/E202: every runtime role and cluster named in access exists (or is an ARN/pattern)."""
    role_names = [x.name for x in spec.runtime_roles]
    cluster_names = [c.name for c in spec.clusters]
    for user in spec.users:
        for access in user.access:
            for i, entry in enumerate(access.runtime_roles):
                path = access.path + ("runtime_roles", i)
                if is_pattern(entry):
                    if entry.startswith("arn:") and not re.fullmatch(r"arn:[\w*?-]+:iam::[\d*?]{1,12}:role/.+", entry):
                        r.error(path, "E201", f"'{entry}' is not a role ARN pattern (arn:PARTITION:iam::ACCOUNT:role/NAME*)")
                    elif not entry.startswith("arn:") and not re.fullmatch(r"[\w+=,.@*?/-]{1,64}", entry):
                        r.error(path, "E201", f"'{entry}' is not a role name pattern: use letters, digits, + = , . @ _ - and * or ?")
                    continue
                if entry.startswith("arn:"):
                    if not re.fullmatch(ROLE_ARN, entry):
                        r.error(path, "E201", f"'{entry}' is not an IAM role ARN")
                    continue
                if spec.runtime_role(entry) is None:
                    r.error(path, "E201", f"unknown runtime role '{entry}'{hint(entry, role_names)}"
                            + ("" if role_names else "; declare it under runtime_roles or give its ARN"))
            if isinstance(access.clusters, list):
                for i, name in enumerate(access.clusters):
                    if spec.cluster(name) is None:
                        r.error(access.path + ("clusters", i), "E202", f"unknown cluster '{name}'{hint(name, cluster_names)}")


@rule
def cluster_runtime_role_references(spec: Spec, r: Report) -> None:
    """E204: a cluster's runtime_roles list names declared runtime roles."""
    role_names = [x.name for x in spec.runtime_roles]
    for cluster in spec.clusters:
        if isinstance(cluster.runtime_roles, list):
            for i, name in enumerate(cluster.runtime_roles):
                if spec.runtime_role(name) is None:
                    r.error(cluster.path + ("runtime_roles", i), "E204",
                            f"unknown runtime role '{name}'{hint(name, role_names)}")


@rule
def created_roles_are_trusted(spec: Spec, r: Report) -> None:
    """E205: a created runtime role needs an instance-profile role to trust (a created cluster, or an
    existing one with instance_profile_role_arn)."""
    for role in spec.runtime_roles:
        if role.created and not names.trusting_clusters(spec, role.name):
            r.error(role.path + ("name",), "E205",
                    f"runtime role '{role.name}' is created but no cluster may assume it: add a cluster that lists it "
                    "(runtime_roles: all), give an existing cluster's instance_profile_role_arn, or give the role's arn")


@rule
def release_and_applications(spec: Spec, r: Report) -> None:
    """E301/E302/E303: release emr-6.11.0+; Spark, Livy and JupyterEnterpriseGateway; known applications only."""
    for cluster in spec.created_clusters:
        m = re.fullmatch(r"emr-(\d+)\.(\d+)\.(\d+)", cluster.release_label)
        if not m:
            r.error(cluster.path + ("release_label",), "E301",
                    f"release label '{cluster.release_label}' does not parse; expected emr-MAJOR.MINOR.PATCH such as emr-7.5.0")
        elif tuple(int(x) for x in m.groups()) < MIN_RELEASE:
            r.error(cluster.path + ("release_label",), "E301",
                    f"release label '{cluster.release_label}' is older than emr-6.11.0, the first release whose "
                    "clusters Studio Workspaces can use with runtime roles")
        for i, app in enumerate(cluster.applications):
            if app not in KNOWN_APPLICATIONS:
                r.error(cluster.path + ("applications", i), "E303",
                        f"unknown application '{app}'{hint(app, sorted(KNOWN_APPLICATIONS))}")
        missing = [a for a in REQUIRED_APPLICATIONS if a not in cluster.applications]
        if missing:
            r.error(cluster.path + ("applications",), "E302",
                    f"cluster '{cluster.name}' lacks {', '.join(missing)}: Studio Workspaces with runtime roles need "
                    "Spark, Livy and JupyterEnterpriseGateway")
        if cluster.primary.count != 1:
            r.error(cluster.path + ("primary", "count"), "E306",
                    "runtime roles are not supported on clusters with several primary nodes; use count: 1")


@rule
def existing_cluster_fields(spec: Spec, r: Report) -> None:
    """E307: an existing cluster (id:) takes only name, id, tags and instance_profile_role_arn."""
    walk = spec.walk
    creation_only = ("release_label", "applications", "primary", "core", "subnet_id", "log_uri", "idle_timeout_seconds")
    for cluster in spec.clusters:
        if cluster.created:
            continue
        for key in creation_only:
            if walk is not None and cluster.path + (key,) in walk.key_nodes:
                r.error(cluster.path + (key,), "E307",
                        f"'{key}' only applies to clusters emrgen creates; cluster '{cluster.name}' is existing (id: {cluster.id})",
                        key=True)
        if cluster.runtime_roles != "all" and walk is not None and cluster.path + ("runtime_roles",) in walk.key_nodes:
            r.error(cluster.path + ("runtime_roles",), "E307",
                    "runtime_roles only applies to clusters emrgen creates (it sets what their instance profile may assume)",
                    key=True)


@rule
def network_present(spec: Spec, r: Report) -> None:
    """E308: a network is required when a cluster or the studio is created (with targets: one per region)."""
    creates = spec.creates_network_resources
    t = spec.targets
    if creates and t is not None and spec.network is None and t.networks:
        missing = [x for x in t.regions if x and x not in t.networks]
        if missing:
            r.error(("targets", "networks"), "E308", f"no network for {', '.join(missing)}: give each target region "
                    "its vpc_id and subnet_ids under targets.networks (or a top-level network for one region)",
                    key=True)
    elif creates and spec.network is None and not (t is not None and t.networks):
        r.error((), "E308", "a 'network' section (vpc_id, subnet_ids) is required when a cluster or the studio is created")
    regions = [x for x in t.regions if x] if t is not None else [None]
    network = spec.network_in(regions[0]) if len(regions) == 1 and regions[0] else spec.network
    if network is not None:
        for cluster in spec.created_clusters:
            if cluster.subnet_id and cluster.subnet_id not in network.subnet_ids:
                r.warn(cluster.path + ("subnet_id",), "W108",
                       f"subnet {cluster.subnet_id} is not in the network's subnet_ids; make sure it is in {network.vpc_id}")


@rule
def studio_rules(spec: Spec, r: Report) -> None:
    """E304/E306/E309/E310/E311: studio settings that AWS rejects or that break runtime roles."""
    studio = spec.studio
    if studio is None:
        return
    walk = spec.walk
    if studio.trusted_identity_propagation:
        r.error(studio.path + ("trusted_identity_propagation",), "E304",
                "runtime roles cannot be used in a Studio with IAM Identity Center trusted identity propagation enabled")
    if studio.created:
        for key in ("name", "default_s3_location"):
            if getattr(studio, key) is None:
                r.error(studio.path, "E309", f"a created studio needs '{key}'")
        for key in ("service_role", "user_role"):
            if getattr(studio, key) is not None:
                r.error(studio.path + (key,), "E309",
                        f"{key} is only for an existing studio; emrgen creates the roles of the studio it creates", key=True)
    else:
        for key in ("default_s3_location", "subnet_ids", "idp_auth_url", "idp_relay_state_parameter_name", "description"):
            if walk is not None and studio.path + (key,) in walk.key_nodes:
                r.error(studio.path + (key,), "E309", f"'{key}' only applies to a studio emrgen creates", key=True)
        if studio.user_permissions == "basic" and studio.service_role is None and spec.users:
            r.error(studio.path, "E309",
                    "an existing studio with user_permissions: basic needs 'service_role' (the users may pass it to create Workspaces)")
        if studio.auth_mode == "SSO" and studio.user_role is None and spec.users:
            r.error(studio.path, "E309", "an existing SSO studio needs 'user_role': the session policies are attached to it")
        if studio.auth_mode == "IAM" and studio.user_role is not None:
            r.error(studio.path + ("user_role",), "E310", "user_role is only for auth_mode: SSO", key=True)
    if studio.auth_mode == "SSO":
        for key in ("idp_auth_url", "idp_relay_state_parameter_name"):
            if getattr(studio, key) is not None:
                r.error(studio.path + (key,), "E310", f"'{key}' is for IAM federation; it cannot be used with auth_mode: SSO",
                        key=True)
    if studio.created and spec.security_configuration.in_transit is None and not spec.security_configuration.existing:
        r.error(("studio",), "E311",
                "a studio needs in-transit encryption in the security configuration: add "
                "security_configuration.in_transit_encryption (certificate_provider, s3_object)", key=True)
    if spec.runtime_roles or spec.users:
        r.warn(studio.path, "W105",
               "Workspaces attached to runtime-role clusters have SQL Explorer and Workspace collaboration disabled", key=True)


@rule
def principals_match_auth_mode(spec: Spec, r: Report) -> None:
    """E305: SSO studios map sso_user/sso_group; otherwise principals are IAM roles, users or groups."""
    sso = spec.sso
    for user in spec.users:
        path = user.path + ("principal", user.principal.kind)
        if sso and not user.principal.is_sso:
            r.error(path, "E305", f"the studio uses auth_mode: SSO, so principal must be sso_user or sso_group, not {user.principal.kind}",
                    key=True)
        if not sso and user.principal.is_sso:
            mode = "IAM" if spec.studio else "none (no studio is declared)"
            r.error(path, "E305", f"{user.principal.kind} needs a studio with auth_mode: SSO; the auth mode is {mode}", key=True)


@rule
def security_configuration_rules(spec: Spec, r: Report) -> None:
    """E312/W104/W106: certificate provider settings; an existing security configuration is not ours to see or set."""
    sc = spec.security_configuration
    it = sc.in_transit
    base = ("security_configuration", "in_transit_encryption")
    if it is not None:
        if it.certificate_provider == "Custom" and not it.provider_class:
            r.error(base, "E312", "certificate_provider: Custom needs provider_class")
        if it.certificate_provider == "PEM" and it.provider_class:
            r.error(base + ("provider_class",), "E312", "provider_class is only for certificate_provider: Custom", key=True)
    if sc.existing and spec.walk is not None and ("security_configuration", "name") not in spec.walk.key_nodes:
        r.error(("security_configuration", "existing"), "E312",
                "an existing security configuration needs its name", key=True)
    if sc.existing and spec.created_clusters:
        r.warn(("security_configuration", "existing"), "W104",
               f"emrgen cannot see the existing security configuration '{sc.name}': it must set "
               "EnableApplicationScopedIAMRole (and in-transit encryption for Studio); runtime roles with a Kerberos "
               "configuration are not covered by the AWS pages emrgen follows", key=True)
    if sc.existing:
        for key in ("propagate_source_identity", "lake_formation", "in_transit_encryption"):
            if spec.walk is not None and ("security_configuration", key) in spec.walk.key_nodes:
                r.warn(("security_configuration", key), "W106",
                       f"'{key}' is ignored: the security configuration '{sc.name}' exists and emrgen does not change it",
                       key=True)


@rule
def emr_tags_fit(spec: Spec, r: Report) -> None:
    """E316: tags that land on a created EMR cluster or studio match the AWS::EMR::Cluster/Studio tag pattern."""
    studio_created = spec.studio is not None and spec.studio.created
    if not spec.created_clusters and not studio_created:
        return
    sources = [(("tags",), spec.tags)] + [(c.path + ("tags",), c.tags) for c in spec.created_clusters]
    if studio_created:
        sources.append((spec.studio.path + ("tags",), spec.studio.tags))
    for path, tags in sources:
        for key, value in tags.items():
            for text, what in ((key, "key"), (value, "value")):
                if not re.fullmatch(EMR_CLUSTER_TAG, text):
                    r.error(path + (key,), "E316",
                            f"tag {what} '{text}' cannot go on an EMR cluster or studio: use letters, digits and "
                            "+ , - . / : ; < = _ only (no spaces, no @, not empty)", key=(what == "key"))


@rule
def something_to_generate(spec: Spec, r: Report) -> None:
    """E317: a spec that creates nothing would give an empty, undeployable template."""
    creates = (any(x.created for x in spec.runtime_roles) or spec.created_clusters or spec.users
               or (spec.studio is not None and spec.studio.created))
    if not creates:
        r.error((), "E317", "this spec creates nothing: add users, runtime roles to create, a cluster or a studio")


@rule
def region_matches_partition(spec: Spec, r: Report) -> None:
    """E318: region and partition agree; ARNs in the spec use the spec's partition and account."""
    if spec.region and spec.partition and partition_of(spec.region) != spec.partition:
        r.error(("partition",), "E318", f"region {spec.region} is in partition {partition_of(spec.region)}, "
                f"not {spec.partition}")
    arns = [(role.path + ("arn",), role.arn) for role in spec.runtime_roles if role.arn]
    arns += [(user.path + ("principal", user.principal.kind), user.principal.value) for user in spec.users
             if user.principal.value.startswith("arn:")]
    for path, arn in arns:
        _, partition, _, _, account, _ = arn.split(":", 5)
        if spec.partition and partition != spec.partition:
            r.error(path, "E318", f"{arn} is in partition {partition}; the spec's partition is {spec.partition}")
        if path[0] == "users" and spec.account_id and account != spec.account_id:
            r.error(path, "E318", f"{arn} is in account {account}: policies can only be attached to principals of "
                    f"the deploying account {spec.account_id}")


@rule
def generated_names_fit(spec: Spec, r: Report) -> None:
    """E313: names emrgen derives (roles, instance profiles) fit IAM's 64-character limit."""
    for cluster in spec.created_clusters:
        role = names.instance_profile_role_name(spec, cluster)
        if len(role) > 64:
            r.error(cluster.path + ("name",), "E313",
                    f"the instance-profile role name '{role}' would be {len(role)} characters; IAM allows 64: shorten the cluster or spec name")


@rule
def targets_rules(spec: Spec, r: Report) -> None:
    """E314: a multi-account spec must not pin one account."""
    if spec.targets is None:
        return
    if spec.account_id:
        r.error(("account_id",), "E314", "a spec with targets must not pin account_id: each target account deploys its own copy",
                key=True)
    t = spec.targets
    both = t.organizational_units and t.accounts  # E102 says so; the rules below would only add noise
    if t.organizational_units and not both and (t.administration_role_arn or t.execution_role_name):
        r.error(("targets",), "E314", "administration_role_arn and execution_role_name are for accounts (self-managed StackSets) only")
    if t.accounts and not both and spec.walk is not None and ("targets", "auto_deployment") in spec.walk.key_nodes:
        r.error(("targets", "auto_deployment"), "E314", "auto_deployment is for organizational_units only "
                "(service-managed StackSets): an account list gets exactly the accounts it names", key=True)


@rule
def access_warnings(spec: Spec, r: Report) -> None:
    """W101/W102: wildcard role patterns; grants on any cluster without a tag condition."""
    for user in spec.users:
        for access in user.access:
            for i, entry in enumerate(access.runtime_roles):
                if is_pattern(entry):
                    r.warn(access.path + ("runtime_roles", i), "W101",
                           f"'{entry}' is a pattern: {user.name} may use every role whose name matches it, including roles created later")
            if access.clusters == "any" and not access.cluster_tags:
                r.warn(access.path, "W102",
                       f"{user.name} may use these runtime roles on any cluster in the account; narrow with clusters or cluster_tags")


@rule
def network_tag_warning(spec: Spec, r: Report) -> None:
    """W103: existing VPC and subnets must carry for-use-with-amazon-emr-managed-policies=true."""
    creates = spec.creates_network_resources
    if not creates:
        return
    networks = [(("network",), spec.network)] if spec.network is not None and not spec.network_unused else []
    if spec.targets is not None:
        networks += [(("targets", "networks", region), n) for region, n in spec.targets.networks.items() if n]
    for path, network in networks:
        r.warn(path, "W103",
               f"tag {network.vpc_id} and its subnets with for-use-with-amazon-emr-managed-policies=true: "
               "AmazonEMRServicePolicy_v2 and the Studio service role only act on tagged network resources")


@rule
def existing_role_trust_warning(spec: Spec, r: Report) -> None:
    """W107: an existing runtime role must already trust the instance-profile role of each cluster that uses it."""
    for role in spec.runtime_roles:
        if role.created:
            continue
        trusted_by = [c.name for c in names.trusting_clusters(spec, role.name)]
        if trusted_by:
            r.warn(role.path + ("arn",), "W107",
                   f"existing role '{role.name}' must trust the instance-profile role of {', '.join(trusted_by)} "
                   "(sts:AssumeRole and sts:TagSession); emrgen does not change existing roles")


from . import target_rules  # noqa: E402,F401  registers the targets rules (issue 7); it imports `rule` from here
