"""REVIEW.md: what a reviewer of the generated infrastructure needs on one page.

The access matrix and the diagram are computed by evaluating the generated policies (access.py), so
the page shows what IAM would allow, not what the spec meant. Everything here is sorted or in spec order
and carries no timestamp, so the same spec gives the same bytes.
"""

from __future__ import annotations

import re
from collections import Counter

from . import access, mermaid, rollout
from ..plan import suppressions
from ..errors import Finding
from ..plan.core import Plan
from ..plan.kinds import KINDS
from ..plan.header import header_text
from .resolve import world_for
from ..plan import names


# "Run an EMR Studio Workspace with a runtime role", Considerations and Note [SR].
STUDIO_NOTES = [
    "SQL Explorer is disabled when a Workspace is attached to a runtime-role cluster.",
    "Workspace collaboration is disabled when a Workspace is attached to a runtime-role cluster; "
    "the Workspace stays accessible only to the user who attached it.",
    "Runtime roles cannot be used in a Studio with IAM Identity Center trusted identity propagation.",
    'The Spark UI of a runtime-role cluster may warn "Page may not be safe!" (up to EMR 7.4.0); users can bypass it.',
    "`StartNotebookExecution` does not take `ExecutionRoleArn` when `ExecutionEngineConfig.Type` is `EMR`: "
    "scheduled notebook runs cannot choose a runtime role.",
    "A runtime role can only be chosen on clusters with EMR 6.11.0 or later, on EC2 (not EMR Serverless).",
]

e = access.md_escape


# Evaluating every user against every role and cluster grows with users x roles x clusters; past this many
# users a render shows the planned matrix (linear) and `emrgen explain` evaluates on request.
EVALUATE_MAX_USERS = 200


def render(plan: Plan, warnings: list[Finding]) -> str:
    spec = plan.spec
    world = world_for(spec)
    evaluated = len(plan.users) <= EVALUATE_MAX_USERS
    cells = access.matrix(plan, world) if evaluated else access.planned_matrix(plan)
    out = [f"<!-- {header_text(spec.source)} -->", f"# Review: {e(spec.name)}", ""]
    if evaluated:
        out += ["The access below is computed by evaluating the generated IAM policies (IAM's rules: explicit Deny "
                "wins, conditions ANDed, values ORed) for each declared runtime role, role ARN and pattern on each "
                "declared cluster and on clusters the spec does not name. It covers the policies emrgen generates "
                "only: other policies attached to the same principals, and members of IAM groups, are not visible "
                "here.", ""]
    else:
        out += [f"This spec has {len(plan.users)} users, more than the {EVALUATE_MAX_USERS} a render evaluates: the "
                "access below is each grant as planned, with the policy statement packing put it in. Run "
                "`emrgen explain` to evaluate the generated policies for every user, role and cluster.", ""]
    out += ["## Summary", ""] + summary(plan, cells)
    out += ["", "## Who can use which runtime role where", ""]
    out.append(access.as_markdown(cells).rstrip("\n") if cells else "No user is granted a runtime role.")
    out += ["", "## Diagram", ""] + diagram_section(cells)
    out += ["", "## Warnings", ""]
    items = [f"`{w.code}` {e(w.message)} ({e(w.file)}:{w.line})" for w in warnings] + computed_warnings(plan, cells)
    out += [f"- {item}" for item in items] or ["None."]
    if spec.studio is not None or spec.users:
        out += ["", "## Studio limitations with runtime roles", ""]
        out += [f"- {note}" for note in STUDIO_NOTES]
    out += rollout.section(plan)  # empty without targets
    out += ["", "## To do by hand", ""]
    out += [f"- {step}" for step in manual_steps(plan)] or ["Nothing."]
    out += suppressions.review_lines(plan)  # accepted scanner findings and their reasons
    return "\n".join(out) + "\n"


def summary(plan: Plan, cells) -> list[str]:
    spec = plan.spec
    counts = Counter(r.kind for r in plan.resources)
    principals = {c.principal for c in cells}
    lines = [f"- Studio users: {len(spec.users)} ({len(principals)} with runtime-role access); "
             f"access rows: {len(cells)}",
             f"- Rows on any cluster: {sum(c.clusters == access.ANY_CLUSTER for c in cells)}; "
             f"through a role pattern: {sum(c.match == 'pattern' for c in cells)}; "
             f"with AddJobFlowSteps: {sum('AddJobFlowSteps' in c.actions for c in cells)}",
             f"- Runtime roles: {sum(r.created for r in spec.runtime_roles)} created, "
             f"{sum(not r.created for r in spec.runtime_roles)} referenced; clusters: "
             f"{len(spec.created_clusters)} created, {len(spec.clusters) - len(spec.created_clusters)} referenced"]
    for kind in KINDS:
        if counts.get(kind.name):
            lines.append(f"- {kind.plural} created: {counts[kind.name]}")
    existing = [f"runtime role {e(r.name)}" for r in spec.runtime_roles if not r.created]
    existing += [f"cluster {e(c.name)} ({c.id})" for c in spec.clusters if not c.created]
    if spec.studio is not None and not spec.studio.created:
        existing.append(f"studio {spec.studio.id}")
    if existing:
        lines.append("- Referenced, not created: " + "; ".join(existing))
    return lines


def diagram_section(cells) -> list[str]:
    if not cells:
        return ["Nothing to draw: no user is granted a runtime role."]
    text = mermaid.diagram(cells)
    if text is None:
        return ["The matrix is too large for a Mermaid diagram; see the table above or `emrgen explain`."]
    return ["Users → runtime roles (edge: what they may call) → clusters (edge: which users).", "",
            "```mermaid", text.rstrip("\n"), "```"]


def computed_warnings(plan: Plan, cells) -> list[str]:
    """What the evaluated matrix shows that a reviewer should look at twice."""
    spec = plan.spec
    out = []
    for c in cells:
        if c.clusters == access.ANY_CLUSTER:
            out.append(f"{e(c.user)} may use {e(c.runtime_role)} on **any cluster** in any region "
                       f"({e(', '.join(c.granted_by))}).")
    unnamed: dict[tuple, set] = {}
    for c in cells:
        if c.match == "exact" and c.runtime_role not in named_roles(spec, c.user):
            unnamed.setdefault((c.user, c.granted_by), set()).add(c.runtime_role)
    for (user, granted), roles in unnamed.items():
        out.append(f"{e(user)} may use {e(', '.join(sorted(roles)))}, which their access does not name "
                   f"(a pattern, or another user's policy on the same principal: {e(', '.join(granted))}).")
    tag_rows = sorted({c.clusters for c in cells if c.clusters.startswith("other clusters tagged ")})
    for scope in tag_rows:
        out.append(f"Access granted by cluster tag reaches every cluster tagged "
                   f"{e(scope.removeprefix('other clusters tagged '))}: whoever may tag EMR clusters "
                   "(`elasticmapreduce:AddTags`) or create them can extend it.")
    if any(not c.created and c.tags for c in spec.clusters) and tag_rows:
        out.append("Tags of existing clusters are taken from the spec, not read from AWS: check them.")
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


def code(text: str) -> str:
    """A Markdown code span that holds any text literally (nothing is escaped inside code spans)."""
    text = text.replace("\r", " ").replace("\n", " ")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def manual_steps(plan: Plan) -> list[str]:
    spec = plan.spec
    steps = []
    creates = spec.creates_network_resources
    regions = spec.targets.regions if spec.targets is not None else [""]
    for region in regions if creates else ():
        network = spec.network_in(region) if region else spec.network
        if network is not None:
            steps.append(f"Tag VPC {code(network.vpc_id)} and subnets "
                         f"{', '.join(code(s) for s in network.subnet_ids)} "
                         + (f"in {code(region)} " if len(regions) > 1 else "")
                         + "with `for-use-with-amazon-emr-managed-policies=true`.")
    sc = spec.security_configuration
    if sc.in_transit is not None and not sc.existing:
        steps.append(f"Upload the TLS certificate bundle to {code(sc.in_transit.s3_object)} before the cluster starts.")
    for role in spec.runtime_roles:
        clusters = [c.name for c in names.trusting_clusters(spec, role.name)]
        if not role.created and clusters:
            steps.append(f"Make sure existing role {code(role.name)} trusts the instance-profile role of "
                         f"{e(', '.join(clusters))} (`sts:AssumeRole`, `sts:TagSession`).")
    if spec.sso:
        steps.append("Assign the IAM Identity Center users and groups to the Studio (the session mappings name them).")
    return steps
