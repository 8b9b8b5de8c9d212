"""REVIEW.md: what a reviewer of the generated infrastructure needs on one page."""

from __future__ import annotations

from collections import Counter

from . import access, suppressions
from .errors import Finding
from .plan import Plan
from .render.header import header_text
from .spec import names

KIND_NAMES = {
    "role": "IAM roles", "managed_policy": "IAM managed policies", "instance_profile": "instance profiles",
    "security_configuration": "EMR security configurations", "cluster": "EMR clusters", "studio": "EMR Studios",
    "security_group": "security groups", "sg_rule": "security group rules", "session_mapping": "Studio session mappings",
}

STUDIO_NOTES = [
    "SQL Explorer and Workspace collaboration are disabled when a Workspace is attached to a runtime-role cluster.",
    "Runtime roles cannot be used in a Studio with IAM Identity Center trusted identity propagation.",
    'Up to EMR 7.4.0 the Spark UI may warn "Page may not be safe!"; users can bypass it.',
    "`StartNotebookExecution` does not take `ExecutionRoleArn` when the execution engine type is `EMR`.",
]


def render(plan: Plan, warnings: list[Finding]) -> str:
    spec = plan.spec
    cells = access.matrix(plan)
    counts = Counter(r.kind for r in plan.resources)
    out = [f"<!-- {header_text(spec.source)} -->", f"# Review: {spec.name}", ""]
    out.append("## Summary")
    out.append("")
    out.append(f"- Studio users: {len(spec.users)}; access grants: {len(cells)}")
    for kind in KIND_NAMES:
        if counts.get(kind):
            out.append(f"- {KIND_NAMES[kind]} created: {counts[kind]}")
    existing = [f"runtime role {r.name}" for r in spec.runtime_roles if not r.created]
    existing += [f"cluster {c.name} ({c.id})" for c in spec.clusters if not c.created]
    if spec.studio is not None and not spec.studio.created:
        existing.append(f"studio {spec.studio.id}")
    if existing:
        out.append("- Referenced, not created: " + "; ".join(existing))
    out += ["", "## Who can use which runtime role where", ""]
    out.append(access.as_markdown(cells).rstrip("\n") if cells else "No user is granted a runtime role.")
    out += ["", "## Warnings", ""]
    out += [f"- `{w.code}` {access.md_escape(w.message)} ({w.file}:{w.line})" for w in warnings] or ["None."]
    manual = manual_steps(plan)
    out += ["", "## To do by hand", ""]
    out += [f"- {step}" for step in manual] or ["Nothing."]
    if spec.studio is not None:
        out += ["", "## Studio limitations with runtime roles", ""]
        out += [f"- {note}" for note in STUDIO_NOTES]
    out += suppressions.review_lines(plan)  # issue 6: accepted scanner findings and their reasons
    return "\n".join(out) + "\n"


def manual_steps(plan: Plan) -> list[str]:
    spec = plan.spec
    steps = []
    creates = spec.created_clusters or (spec.studio is not None and spec.studio.created)
    if spec.network is not None and creates:
        steps.append(f"Tag VPC `{spec.network.vpc_id}` and subnets {', '.join(f'`{s}`' for s in spec.network.subnet_ids)} "
                     "with `for-use-with-amazon-emr-managed-policies=true`.")
    sc = spec.security_configuration
    if sc.in_transit is not None and not sc.existing:
        steps.append(f"Upload the TLS certificate bundle to `{access.md_escape(sc.in_transit.s3_object)}` before the cluster starts.")
    for role in spec.runtime_roles:
        clusters = [c.name for c in names.trusting_clusters(spec, role.name)]
        if not role.created and clusters:
            steps.append(f"Make sure existing role `{role.name}` trusts the instance-profile role of "
                         f"{', '.join(clusters)} (`sts:AssumeRole`, `sts:TagSession`).")
    if spec.sso:
        steps.append("Assign the IAM Identity Center users and groups to the Studio (the session mappings name them).")
    return steps
