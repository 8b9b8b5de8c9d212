"""REVIEW.md: what a reviewer of the generated infrastructure needs on one page.

The access matrix and the diagram are computed by evaluating the generated policies (access.py), so
the page shows what IAM would allow, not what the spec meant. This module gathers that data from the plan;
``templates/markdown/review.md.j2`` and its partials lay the page out. Everything is sorted or in spec order
and carries no timestamp, so the same spec gives the same bytes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from . import access, mermaid, rollout
from .markdown import render as render_markdown
from ..plan import suppressions
from ..errors import Finding
from ..plan.core import Plan
from ..plan.kinds import KINDS
from ..plan.header import header_text
from .resolve import world_for
from ..plan import names


# Evaluating every user against every role and cluster grows with users x roles x clusters; past this many
# users a render shows the planned matrix (linear) and `emrgen explain` evaluates on request.
EVALUATE_MAX_USERS = 200


def render(plan: Plan, warnings: list[Finding]) -> str:
    spec = plan.spec
    evaluated = len(plan.users) <= EVALUATE_MAX_USERS
    cells = access.matrix(plan, world_for(spec)) if evaluated else access.planned_matrix(plan)
    return render_markdown(
        "review.md.j2", header=header_text(spec.source), name=spec.name, evaluated=evaluated,
        users=len(plan.users), evaluate_max=EVALUATE_MAX_USERS, summary=summary(plan, cells), cells=cells,
        diagram=mermaid.diagram(cells) if cells else None, warnings=warnings, attention=attention(plan, cells),
        studio=spec.studio is not None or bool(spec.users), rollout=rollout.facts(plan), todo=manual_steps(plan),
        trust=trust_statements(plan),
        accepted=suppressions.accepted(plan))


def trust_statements(plan: Plan) -> list[str]:
    """The Sids of the created runtime roles' trust policies, from the plan (what REVIEW.md explains)."""
    sids = {st.get("Sid", "") for r in plan.resources if r.key.startswith("runtime_role/")
            for st in r.props["trust"]["Statement"]}
    return sorted(sids)


def summary(plan: Plan, cells) -> dict:
    spec = plan.spec
    counts = Counter(r.kind for r in plan.resources)
    referenced = [("runtime role", r.name, "") for r in spec.runtime_roles if not r.created]
    referenced += [("cluster", c.name, c.id) for c in spec.clusters if not c.created]
    if spec.studio is not None and not spec.studio.created:
        referenced.append(("studio", spec.studio.id, ""))
    return {
        "users": len(spec.users), "principals": len({c.principal for c in cells}),
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
    trusts: list = field(default_factory=list)  # (existing role, clusters whose instance-profile role it must trust)
    sso: bool = False

    def __bool__(self) -> bool:
        return bool(self.networks or self.certificate or self.trusts or self.sso)


def manual_steps(plan: Plan) -> ManualSteps:
    spec = plan.spec
    steps = ManualSteps(sso=bool(spec.sso))
    regions = spec.targets.regions if spec.targets is not None else [""]
    for region in regions if spec.creates_network_resources else ():
        network = spec.network_in(region) if region else spec.network
        if network is not None:
            steps.networks.append((network.vpc_id, list(network.subnet_ids), region if len(regions) > 1 else ""))
    sc = spec.security_configuration
    if sc.in_transit is not None and not sc.existing:
        steps.certificate = sc.in_transit.s3_object
    for role in spec.runtime_roles:
        clusters = [c.name for c in names.trusting_clusters(spec, role.name)]
        if not role.created and clusters:
            steps.trusts.append((role.name, clusters))
    return steps
