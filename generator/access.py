"""The access matrix: which user may use which runtime role on which clusters, and which
statement grants it. ``emrgen explain`` prints it; REVIEW.md embeds it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from .plan import Plan


@dataclass(frozen=True)
class Cell:
    user: str
    principal: str
    runtime_role: str  # a declared name, an ARN, or a pattern
    match: str  # exact | pattern
    clusters: str  # "any", "cluster a, b" or "tagged k=v"
    actions: str
    policy: str
    sid: str


def scope_text(grant) -> str:
    parts = []
    if grant.clusters:
        parts.append(", ".join(grant.clusters))
    if grant.cluster_tags:
        parts.append("tagged " + ", ".join(f"{k}={v}" for k, v in grant.cluster_tags))
    return " and ".join(parts) if parts else "any cluster"


def matrix(plan: Plan) -> list[Cell]:
    cells = []
    for user in plan.users:
        for grant in user.grants:
            policy_key, sid = user.located.get(grant.sid, (user.policy_key, grant.sid))
            policy = plan.get(policy_key).props["name"]
            for role in grant.roles:
                cells.append(Cell(
                    user=user.name, principal=user.principal, runtime_role=role,
                    match="exact" if grant.exact else "pattern", clusters=scope_text(grant),
                    actions=", ".join(a.split(":", 1)[1] for a in grant.actions), policy=policy, sid=sid,
                ))
    return cells


COLUMNS = ("user", "principal", "runtime_role", "match", "clusters", "actions", "policy", "sid")
HEADINGS = ("User", "Principal", "Runtime role", "Match", "Clusters", "Actions", "Policy", "Statement")


def as_table(cells: list[Cell]) -> str:
    rows = [HEADINGS] + [tuple(getattr(c, k) for k in COLUMNS) for c in cells]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`").replace("<", "&lt;").replace("\n", " ")


def as_markdown(cells: list[Cell]) -> str:
    lines = ["| " + " | ".join(HEADINGS) + " |", "|" + "---|" * len(HEADINGS)]
    for c in cells:
        lines.append("| " + " | ".join(md_escape(getattr(c, k)) for k in COLUMNS) + " |")
    return "\n".join(lines) + "\n"


def as_json(cells: list[Cell]) -> str:
    return json.dumps([asdict(c) for c in cells], indent=2, ensure_ascii=False) + "\n"
