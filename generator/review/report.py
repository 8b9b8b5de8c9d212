"""REVIEW.md: what a reviewer of the generated infrastructure needs on one page.

The access matrix and the diagram are computed by evaluating the generated policies (access.py), so
the page shows what IAM would allow, not what the spec meant. This module gathers that data from the plan;
``templates/markdown/review.md.j2`` and its partials lay the page out. Everything is sorted or in spec order
and carries no timestamp, so the same spec gives the same bytes.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from ..errors import Finding
from ..plan import names, policies, s3, studio_policies, suppressions
from ..plan import users as users_mod
from ..plan.core import Plan
from ..plan.header import header_text
from ..plan.kinds import KINDS
from ..plan.policies import split_s3
from ..rules.targets import fixed_buckets, principals_per_account
from ..spec.regions import partition_of
from . import access, logs, mermaid, rollout
from .markdown import render as render_markdown
from .resolve import world_for

# Evaluating every user against every role and cluster grows with users x roles x clusters; past this many
# users a render shows the planned matrix (linear) and `emrgen explain` evaluates on request.
EVALUATE_MAX_USERS = 200


def render(plan: Plan, warnings: list[Finding]) -> str:
    spec = plan.spec
    evaluated = len(plan.users) <= EVALUATE_MAX_USERS
    cells = access.matrix(plan, world_for(spec)) if evaluated else access.planned_matrix(plan)
    return render_markdown(
        "review.md.j2",
        header=header_text(spec.source),
        name=spec.name,
        evaluated=evaluated,
        users=len(plan.users),
        evaluate_max=EVALUATE_MAX_USERS,
        summary=summary(plan, cells),
        cells=cells,
        diagram=mermaid.diagram(cells) if cells else None,
        warnings=warnings,
        attention=attention(plan, cells),
        studio=spec.studio is not None or bool(spec.users),
        rollout=rollout.facts(plan),
        todo=manual_steps(plan),
        accepted=suppressions.accepted(plan),
        glue=glue_access(plan),
        logs=log_rows(plan, evaluated),
        trust=trust_statements(plan),
        broad=broad_statements(plan),
    )


def log_rows(plan: Plan, evaluated: bool) -> list:
    """Per user, the created clusters whose logs they read (review/logs.py); [] without a created cluster's log_uri
    or without users."""
    if not plan.users or not any(c.log_uri for c in plan.spec.created_clusters):
        return []
    return logs.log_access(plan, evaluated)


def glue_access(plan: Plan) -> dict | None:
    """Runtime roles with Glue Data Catalog grants (runtime_roles[].glue, issue 17), or None."""
    spec = plan.spec
    rows = [
        (r.name, list(dict.fromkeys([*r.glue.read, *r.glue.write])), list(r.glue.write))
        for r in spec.runtime_roles
        if r.created and r.glue is not None and (r.glue.read or r.glue.write)
    ]
    return {"rows": rows, "lake_formation": spec.security_configuration.lake_formation} if rows else None


def broad_statements(plan: Plan) -> list[tuple]:
    """(Sid, policies holding it, reason) for every statement with "Resource": "*" that the plan keeps."""
    found: dict[str, set] = {}
    for res in plan.resources:
        docs = (
            [(res.props.get("name"), res.props["document"])]
            if res.kind == "managed_policy"
            else [(pname, doc) for pname, doc in res.props.get("inline_policies", [])]
            if res.kind == "role"
            else []
        )
        for name, doc in docs:
            for st in doc.get("Statement", []):
                if st.get("Resource") in ("*", ["*"]):
                    sid = st.get("Sid", "")
                    found.setdefault(sid, set()).add(name if isinstance(name, str) else res.key)
    out = []
    for sid, holders in sorted(found.items()):
        base = sid.rstrip("0123456789")
        out.append((sid, sorted(holders), studio_policies.BROAD_REASONS.get(base, "no reason recorded")))
    return out


def trust_statements(plan: Plan) -> list[str]:
    """The Sids of the created runtime roles' trust policies, from the plan (what REVIEW.md explains)."""
    sids = {
        st.get("Sid", "")
        for r in plan.resources
        if r.key.startswith("runtime_role/")
        for st in r.props["trust"]["Statement"]
    }
    return sorted(sids)


def summary(plan: Plan, cells) -> dict:
    spec = plan.spec
    counts = Counter(r.kind for r in plan.resources)
    referenced = [("runtime role", r.name, "") for r in spec.runtime_roles if not r.created]
    referenced += [("cluster", c.name, c.id) for c in spec.clusters if not c.created]
    if spec.studio is not None and not spec.studio.created:
        referenced.append(("studio", spec.studio.id, ""))
    return {
        "users": len(spec.users),
        "principals": len({c.principal for c in cells}),
        "any_cluster": sum(c.clusters == access.ANY_CLUSTER for c in cells),
        "pattern": sum(c.match == "pattern" for c in cells),
        "steps": sum("AddJobFlowSteps" in c.actions for c in cells),
        "roles_created": sum(r.created for r in spec.runtime_roles),
        "roles_referenced": sum(not r.created for r in spec.runtime_roles),
        "clusters_created": len(spec.created_clusters),
        "clusters_referenced": len(spec.clusters) - len(spec.created_clusters),
        "created": [(kind.plural, counts[kind.name]) for kind in KINDS if counts.get(kind.name)],
        "referenced": referenced,
    }


@dataclass
class Attention:
    """What the evaluated matrix shows that a reviewer should look at twice."""

    any_cluster: list = field(default_factory=list)  # cells granted on any cluster in any region
    unnamed: list = field(default_factory=list)  # (user, roles, statements): roles their access does not name
    tag_scopes: list = field(default_factory=list)  # tag sets that grant on every cluster carrying them
    existing_tags: bool = False  # some of those tags are of existing clusters, as the spec states them

    def __bool__(self) -> bool:
        return bool(self.any_cluster or self.unnamed or self.tag_scopes or self.existing_tags)


def attention(plan: Plan, cells) -> Attention:
    spec = plan.spec
    out = Attention([c for c in cells if c.clusters == access.ANY_CLUSTER])
    unnamed: dict[tuple, set] = {}
    for c in cells:
        if c.match == "exact" and c.runtime_role not in named_roles(spec, c.user):
            unnamed.setdefault((c.user, c.granted_by), set()).add(c.runtime_role)
    out.unnamed = [(user, sorted(roles), granted) for (user, granted), roles in unnamed.items()]
    prefix = "other clusters tagged "
    tagged = sorted({c.clusters for c in cells if c.clusters.startswith(prefix)})
    out.tag_scopes = [scope.removeprefix(prefix) for scope in tagged]
    out.existing_tags = bool(out.tag_scopes) and any(not c.created and c.tags for c in spec.clusters)
    return out


def named_roles(spec, user_name: str) -> set[str]:
    """Runtime roles a user's access names exactly (declared names, and declared roles named by ARN)."""
    users = getattr(spec, "_users_by_name", None)
    if users is None:  # indexed once: asked once per matrix row, a scan per call was quadratic
        users = {u.name: u for u in spec.users}
        spec._users_by_name = users
        spec._roles_by_arn = {r.arn: r.name for r in spec.runtime_roles if r.arn}
    entries = {entry for a in users[user_name].access for entry in a.runtime_roles}
    return entries | {spec._roles_by_arn[e] for e in entries if e in spec._roles_by_arn}


@dataclass
class ManualSteps:
    networks: list = field(default_factory=list)  # (vpc id, subnet ids, region or "" when there is one region)
    certificate: str = ""  # the TLS bundle's S3 object to upload
    tls_names: list = field(default_factory=list)  # (region or "", the nodes' private DNS wildcard) it must cover
    # (role label, [(cluster, instance-profile role ARN or "")], open scope, the trust statements to add as JSON)
    trusts: list = field(default_factory=list)
    user_permissions: list = field(default_factory=list)  # principals emrgen gives no Studio user permissions
    lake_formation: bool = False
    sso: bool = False
    # (existing cluster, its instance-profile role by name or ARN, runtime roles it must be allowed to assume)
    profile_roles: list = field(default_factory=list)
    # With targets: (kind, name) of IAM principals the policies attach to by name, and whether OUs are targeted
    principals: list = field(default_factory=list)
    later_accounts: bool = False
    buckets: list = field(default_factory=list)  # per-account bucket names ({account_id} in them), to create first
    # (KMS key ARN, Studio service role name, the S3 endpoint kms:ViaService names): the key's policy must allow the role
    studio_key: tuple = ()
    untrusted: list = field(default_factory=list)  # (user, runtime role, cluster, fix) of grants that fail today (W140)

    def __bool__(self) -> bool:
        return bool(
            self.networks
            or self.certificate
            or self.trusts
            or self.user_permissions
            or self.lake_formation
            or self.sso
            or self.profile_roles
            or self.principals
            or self.buckets
            or self.studio_key
            or self.untrusted
        )


def private_dns_wildcard(region: str) -> str:
    """EC2 private DNS names: ec2.internal in us-east-1, <region>.compute.internal elsewhere (EC2 User Guide,
    "Amazon EC2 instance hostname types"); the in-transit certificate must cover the nodes' names (MG "Providing
    certificates for encrypting data in transit with Amazon EMR encryption")."""
    return "*.ec2.internal" if region == "us-east-1" else f"*.{region}.compute.internal"


def s3_endpoint(region: str | None) -> str:
    """S3's endpoint name in a region, as kms:ViaService names it (.amazonaws.com.cn in aws-cn)."""
    if region is None:
        return "s3.<region>.amazonaws.com (.amazonaws.com.cn in aws-cn)"
    return f"s3.{region}.amazonaws.com" + (".cn" if partition_of(region) == "aws-cn" else "")


def instance_profile_text(spec, cluster) -> str:
    """The ARN a runtime role's trust names for the cluster, as far as the spec knows it ("" when it does not)."""
    partition, account = spec.partition or "<PARTITION>", spec.account_id or "<ACCOUNT_ID>"
    if not cluster.created:  # by ARN, or by name in each account it is deployed to (SPEC.md §5)
        by_name = (
            cluster.instance_profile_role and f"arn:{partition}:iam::{account}:role/{cluster.instance_profile_role}"
        )
        return cluster.instance_profile_role_arn or by_name or ""
    return f"arn:{partition}:iam::{account}:role/{spec.name}/{names.instance_profile_role_name(spec, cluster)}"


def trust_to_add(spec, arns: list) -> str:
    """The statements an existing runtime role's trust needs [RR], as JSON: the known instance-profile role ARNs,
    else a placeholder."""
    principal = {"AWS": arns if len(arns) > 1 else (arns[0] if arns else "<instance-profile role ARN>")}
    statements = [{"Effect": "Allow", "Principal": principal, "Action": ["sts:AssumeRole", "sts:TagSession"]}]
    if spec.security_configuration.propagate_source_identity:
        statements.append(
            {
                "Effect": "Allow",
                "Principal": principal,
                "Action": ["sts:SetSourceIdentity", "sts:AssumeRole"],
                "Condition": policies.SOURCE_IDENTITY_SET,
            }
        )
    return ", ".join(json.dumps(st) for st in statements)


def used_on(spec, label: str, naming: dict | None = None) -> tuple[list, bool]:
    """(declared clusters a runtime role, ARN or pattern is used on, whether some row also reaches clusters the spec
    does not declare: any cluster, or a tag scope). ``naming``: entry -> the access rows that list it, when the
    caller asks for many labels."""
    role = spec.runtime_role(label)
    name = role.name if role is not None else label
    # the rows that name an undeclared label, found once for all clusters (3,000 users x 60 clusters on L)
    if role is not None:
        rows = []
    elif naming is not None:
        rows = naming.get(label, [])
    else:
        rows = [a for u in spec.users for a in u.access if label in a.runtime_roles]
    clusters = [
        c
        for c in spec.clusters
        if (c.created and role is not None and names.cluster_may_assume(c, name))
        or (
            not c.created
            and (
                names.cluster_may_assume(c, name)
                if isinstance(c.runtime_roles, list)
                else names.granted_on(spec, c, name)
            )
        )
        or any(names.row_reaches_cluster(a, c) for a in rows)
    ]
    open_scope = any(
        (a.clusters == "any")
        and (
            label in a.runtime_roles
            or (role is not None and any(names.entry_names_role(e, name) for e in a.runtime_roles))
        )
        for u in spec.users
        for a in u.access
    )
    return clusters, open_scope


def manual_steps(plan: Plan) -> ManualSteps:
    spec = plan.spec
    sc = spec.security_configuration
    steps = ManualSteps(
        sso=bool(spec.sso), lake_formation=sc.lake_formation and not sc.existing and bool(spec.created_clusters)
    )
    regions = spec.targets.regions if spec.targets is not None else [""]
    for region in regions if spec.creates_network_resources else ():
        network = spec.network_in(region) if region else spec.network
        if network is not None:
            steps.networks.append((network.vpc_id, list(network.subnet_ids), region if len(regions) > 1 else ""))
    if sc.in_transit is not None and not sc.existing and spec.created_clusters:
        steps.certificate = sc.in_transit.s3_object
        pinned = [r for r in regions if r] or ([spec.region] if spec.region else [])
        steps.tls_names = [(r, private_dns_wildcard(r)) for r in pinned]
    labels = [r.name for r in spec.runtime_roles if not r.created]
    labels += [
        e
        for u in spec.users
        for a in u.access
        for e in a.runtime_roles
        if spec.runtime_role(e) is None and e not in labels
    ]
    naming: dict[str, list] = {}
    for u in spec.users:
        for a in u.access:
            for e in dict.fromkeys(a.runtime_roles):
                naming.setdefault(e, []).append(a)
    for label in dict.fromkeys(labels):
        clusters, open_scope = used_on(spec, label, naming)
        if clusters or open_scope:
            rows = [(c.name, instance_profile_text(spec, c)) for c in clusters]
            steps.trusts.append((label, rows, open_scope, trust_to_add(spec, [arn for _, arn in rows if arn])))
    steps.untrusted = [(user, role, cluster, fix) for user, _, role, cluster, fix in names.untrusted_grants(spec)]
    if spec.users and users_mod.studio_context(plan) is None:
        steps.user_permissions = sorted({u.principal.kind + " " + u.principal.value for u in spec.users})
    # Existing clusters' instance-profile roles: emrgen does not change them (it attaches no policy to a role it
    # does not own), so they must already allow sts:AssumeRole and sts:TagSession on the runtime roles
    # (Management Guide, emr-steps-runtime-roles.html, the instance profile's AllowRuntimeRoleUsage statement).
    for cluster in spec.clusters:
        if cluster.created or not names.has_profile_role(cluster):
            continue
        roles = [r.name for r in spec.runtime_roles if cluster in names.trusting_clusters(spec, r.name)]
        if roles:
            role = cluster.instance_profile_role or cluster.instance_profile_role_arn
            steps.profile_roles.append((cluster.name, role, roles))
    if spec.targets is not None:  # rules/targets/principals_per_account.py (W120)
        steps.principals = principals_per_account.principals_by_name(spec)
        steps.later_accounts = bool(spec.targets.organizational_units)
        buckets = (split_s3(uri)[0] for _, uri in fixed_buckets.locations(spec) if s3.per_account_bucket(uri))
        steps.buckets = list(dict.fromkeys(buckets))
    if spec.studio is not None and spec.studio.created and spec.studio.encryption_key_arn:
        role = names.studio_service_role_name(spec)  # a Join with several regions: one role per region
        steps.studio_key = (
            spec.studio.encryption_key_arn,
            role if isinstance(role, str) else f"{spec.name}-studio-service-<region>",
            s3_endpoint(spec.region),
        )
    return steps
