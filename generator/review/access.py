"""The access matrix: which user may use which runtime role on which clusters, and which statement grants
it. ``emrgen explain`` prints it, REVIEW.md embeds it and ``emrgen diff`` compares two of them.

Every cell is *computed*: the generated policies are resolved to concrete ARNs (``resolve.py``) and
evaluated (``evaluate.py``) for each probe runtime role on each probe cluster. Probes are the declared
runtime roles, role ARNs and patterns named in the spec, and the declared clusters plus "any other
cluster" (with and without each tag set the spec grants on). So a reviewer sees what IAM would decide,
including what a pattern also reaches, not a restatement of the spec.
"""

from __future__ import annotations

import functools
import json
from dataclasses import asdict, dataclass

from ..plan import names
from ..plan.core import Plan, cluster_key
from ..plan.grants import SESSION_ACTION, STEPS_ACTION
from ..plan.policies import EXECUTION_ROLE_KEY
from ..spec.model import is_pattern
from .evaluate import PolicySet, Request, decide, glob_match, may_allow
from .markdown import render
from .resolve import World, cluster_id, example_id, principal_policies, world_for

ACTIONS = (SESSION_ACTION, STEPS_ACTION)
ANY_CLUSTER = "any cluster"


@dataclass(frozen=True)
class RoleProbe:
    label: str  # declared name, role ARN, or pattern as written in the spec
    match: str  # declared | arn | pattern
    arns: tuple  # concrete ARNs asked about; a pattern's are witnesses that it matches


@dataclass(frozen=True)
class ScopeProbe:
    label: str
    arn: str
    tags: tuple  # ((key, value), ...) the cluster carries
    declared: bool = False  # a cluster of the spec (not a stand-in for clusters it does not name)


@dataclass(frozen=True)
class Cell:
    user: str
    principal: str
    runtime_role: str
    match: str
    clusters: str
    actions: tuple  # action names without the service prefix
    granted_by: tuple  # ("policy#Sid", ...)
    trust: str = ""  # the role's side: where its trust lets the cluster's instance profile assume it

    def text(self, key: str) -> str:
        value = getattr(self, key)
        return ", ".join(value) if isinstance(value, tuple) else value


def pattern_witnesses(arn_pattern: str) -> tuple:
    """Two role ARNs the pattern matches (empty and non-empty fills for ``*``)."""
    return (arn_pattern.replace("*", "").replace("?", "0"), arn_pattern.replace("*", "-x9").replace("?", "z"))


def role_probes(specs, world: World) -> list[RoleProbe]:
    """Declared runtime roles, then role ARNs and patterns from users' access, in spec order, deduplicated.
    Several specs (``emrgen diff``) give the union of their roles."""
    out: dict[str, RoleProbe] = {}
    for spec in specs:
        for role in spec.runtime_roles:
            out.setdefault(role.name, RoleProbe(role.name, "declared", (role.arn or world.role_arn(role.name),)))
    declared_arns = {p.arns[0] for p in out.values()}
    for spec in specs:
        for user in spec.users:
            for access in user.access:
                for entry in access.runtime_roles:
                    if entry in out or spec.runtime_role(entry) is not None:
                        continue
                    if is_pattern(entry):
                        arn = entry if entry.startswith("arn:") else world.role_arn(entry)
                        out[entry] = RoleProbe(entry, "pattern", pattern_witnesses(arn))
                    elif entry not in declared_arns:
                        out[entry] = RoleProbe(entry, "arn", (entry,))
    return list(out.values())


def tag_text(tags) -> str:
    return ", ".join(f"{k}={v}" for k, v in tags)


def scope_probes(plans, world: World) -> list[ScopeProbe]:
    """Declared clusters with the tags they carry (created: the plan's tags; existing: as the spec says),
    then an undeclared cluster for each tag set some access is scoped to, then an untagged one."""
    out: dict[str, ScopeProbe] = {}
    tag_sets: dict[tuple, None] = {}
    for plan in plans:
        spec = plan.spec
        for cluster in spec.clusters:
            if cluster.created:
                tags = plan.get(cluster_key(cluster)).props["tags"]
                arn = world.cluster_arn(cluster_id(cluster_key(cluster)))
            elif cluster.by_tags:  # any cluster with its match_tags: an example one (the untagged probe is the decoy)
                tags = {**cluster.tags, **cluster.match_tags}
                arn = world.cluster_arn(example_id("j-", 13, "tagged " + cluster.name))
            else:
                tags, arn = cluster.tags, world.cluster_arn(cluster.id)
            out.setdefault(cluster.name, ScopeProbe(cluster.name, arn, tuple(sorted(tags.items())), True))
        for user in spec.users:
            for access in user.access:
                if access.cluster_tags:
                    tag_sets[tuple(sorted(access.cluster_tags.items()))] = None
    probes = list(out.values())
    for tags in sorted(tag_sets):
        label = f"other clusters tagged {tag_text(tags)}"
        probes.append(ScopeProbe(label, world.cluster_arn(example_id("j-", 13, label)), tags))
    probes.append(ScopeProbe("other clusters", world.cluster_arn(example_id("j-", 13, "other clusters")), ()))
    return probes


def context(role_arn: str, scope: ScopeProbe) -> dict:
    ctx = {EXECUTION_ROLE_KEY: role_arn}
    ctx.update({f"elasticmapreduce:ResourceTag/{k}": v for k, v in scope.tags})
    return ctx


def user_rows(plan: Plan, user, roles, scopes, world: World) -> dict:
    """{(role label, scope label): (actions, statements)} for every allowed cell of one user."""
    principal = principal_policies(plan, user, world)
    identity = PolicySet(principal.identity)
    session = PolicySet(principal.session) if principal.session is not None else None
    narrowest = session or identity  # a session allows only what its session policies allow
    rows = {}
    named = named_roles(narrowest)
    for role in roles:
        if named is not None and not all(any(glob_match(v, arn) for v in named) for arn in role.arns):
            continue  # a cheap first cut: no value of the user's ExecutionRoleArn conditions matches it
        # Skip what no Allow can grant whatever the cluster: most roles are not named by most users.
        possible = [a for a in ACTIONS if all(may_allow(narrowest, a, EXECUTION_ROLE_KEY, arn) for arn in role.arns)]
        for scope in scopes if possible else ():
            granted, statements, exact = [], set(), False
            for action in possible:
                decisions = [
                    decide(identity, session, Request(action, scope.arn, context(arn, scope))) for arn in role.arns
                ]
                if all(d.allowed for d in decisions):
                    granted.append(action)
                    statements.update(str(m) for m in decisions[0].allows)
                    exact = exact or names_exactly(narrowest, action, decisions[0].allows, role.arns)
            if granted:
                rows[(role.label, scope.label)] = (tuple(granted), tuple(sorted(statements)), exact)
    return rows


def names_exactly(policies, action: str, allows, arns) -> bool:
    """Whether an allowing statement names the role's ARN with StringEquals (not only through a StringLike
    pattern): a declared role reached only by a pattern row is a pattern match, not an exact one."""
    wanted = {(m.policy, m.sid) for m in allows}
    for match, statement in policies.statements(action):
        if (match.policy, match.sid) not in wanted:
            continue
        values = statement.get("Condition", {}).get("StringEquals", {})
        found = [
            v
            for k, vs in values.items()
            if k.lower() == EXECUTION_ROLE_KEY.lower()
            for v in (vs if isinstance(vs, list) else [vs])
        ]
        if all(arn in found for arn in arns):
            return True
    return False


def named_roles(policies) -> list[str] | None:
    """Every ExecutionRoleArn value in the Allow statements of ``policies``, or None when some Allow statement
    does not condition on it (then any role may be allowed and every role must be asked about)."""
    values: list[str] = []
    for action in ACTIONS:
        for match, statement in policies.statements(action):
            if match.effect != "Allow":
                continue
            found = [
                v
                for keys in statement.get("Condition", {}).values()
                if isinstance(keys, dict)
                for k, vs in keys.items()
                if k.lower() == EXECUTION_ROLE_KEY.lower()
                for v in (vs if isinstance(vs, list) else [vs])
            ]
            if not found:
                return None
            values.extend(found)
    return sorted(set(values))


def planned_matrix(plan: Plan) -> list[Cell]:
    """The matrix as planned: each grant, where packing put it. Linear in the grants, for specs too large to
    evaluate every user against every role and cluster in a render (REVIEW.md says which one it shows)."""
    cells = []
    notes: dict[tuple[str, str], str] = {}  # (role, scope) -> trust_note: on L, 10,000 cells of 400 roles
    trusting = functools.cache(lambda name: names.trusting_clusters(plan.spec, name))
    for user in plan.users:
        for grant in user.grants:
            policy_key, sid = user.located.get(grant.sid, (user.policy_key, grant.sid))
            scope = []
            if grant.clusters:
                scope.append(", ".join(grant.clusters))
            if grant.cluster_tags:
                scope.append("clusters tagged " + tag_text(grant.cluster_tags))
            where = grant.clusters[0] if len(grant.clusters) == 1 and not grant.cluster_tags else ANY_CLUSTER
            for role in grant.roles:
                if (role, where) not in notes:
                    notes[(role, where)] = trust_note(plan.spec, role, where, trusting)
                cells.append(
                    Cell(
                        user.name,
                        user.principal,
                        role,
                        "exact" if grant.exact else "pattern",
                        " and ".join(scope) or ANY_CLUSTER,
                        tuple(a.split(":", 1)[1] for a in grant.actions),
                        (f"{plan.get(policy_key).props['name']}#{sid}",),
                        notes[(role, where)],
                    )
                )
    return cells


def compress(rows: dict, roles, scopes) -> dict:
    """A role granted with the same actions on every probe cluster reads as one "any cluster" row."""
    out = {}
    for role in roles:
        cells = [rows.get((role.label, s.label)) for s in scopes]
        if all(cells) and len({c[0] for c in cells}) == 1:
            statements = tuple(sorted({m for c in cells for m in c[1]}))
            out[(role.label, ANY_CLUSTER)] = (cells[0][0], statements, all(c[2] for c in cells))
        else:
            out.update({(role.label, s.label): c for s, c in zip(scopes, cells, strict=False) if c})
    return out


def matrix(plan: Plan, world: World | None = None, roles=None, scopes=None) -> list[Cell]:
    world = world or world_for(plan.spec)
    roles = roles if roles is not None else role_probes([plan.spec], world)
    scopes = scopes if scopes is not None else scope_probes([plan], world)
    kinds = {r.label: r.match for r in roles}
    cells = []
    for user in plan.users:
        rows = compress(user_rows(plan, user, roles, scopes, world), roles, scopes)
        for (role, scope), (actions, statements, exact) in rows.items():
            match = "exact" if exact and kinds[role] != "pattern" else "pattern"
            cells.append(
                Cell(
                    user.name,
                    user.principal,
                    role,
                    match,
                    scope,
                    tuple(a.split(":", 1)[1] for a in actions),
                    statements,
                    trust_note(plan.spec, role, scope),
                )
            )
    return cells


def trust_note(spec, role_label: str, scope: str, trusting=None) -> str:
    """The other half of the intersection: the user's policy lets them ask for the role on the cluster, but the
    cluster's instance profile gets its credentials only if the runtime role trusts it (SPEC.md §5, [RR]).
    ``trusting``: names.trusting_clusters of the spec by role name, when the caller keeps them."""
    role = spec.runtime_role(role_label)
    if role is None and is_pattern(role_label):
        return (
            "pattern: each matching role works only where it trusts the cluster's instance-profile role; "
            "emrgen writes that trust only for the roles it creates"
        )
    if role is None or not role.created:
        return (
            f"existing role: works only on clusters whose instance-profile role {role_label} trusts "
            "(not changed by emrgen: see To do by hand)"
        )
    trusted = [c.name for c in (trusting(role.name) if trusting else names.trusting_clusters(spec, role.name))]
    cluster = spec.cluster(scope)
    if cluster is not None:
        if cluster.name in trusted:
            return f"trusted: {role.name} trusts {cluster.name}'s instance-profile role"
        if not cluster.created and not names.has_profile_role(cluster):
            return (
                f"not trusted: {cluster.name}'s instance-profile role is unknown: give it on the cluster "
                "(instance_profile_role_arn or instance_profile_role) and emrgen adds it to the trust"
            )
        return (
            f"not trusted: {role.name} does not trust {cluster.name}'s instance-profile role; it fails there "
            f"until {cluster.name}'s runtime_roles lists it"
        )
    where = f"works today on {', '.join(trusted)}" if trusted else "works on no cluster today"
    return (
        f"{where}; another cluster works once the spec lets it use {role.name} "
        '(its runtime_roles; SPEC.md §5 "Trust follows use")'
    )


# `emrgen explain`'s plain-text table: its columns are as wide as their widest value, a computation, so it is
# written here. The Markdown table (REVIEW.md, --format markdown) is templates/markdown/_access.md.j2.
COLUMNS = ("user", "principal", "runtime_role", "match", "clusters", "actions", "granted_by", "trust")
HEADINGS = (
    "User",
    "Principal",
    "Runtime role",
    "Match",
    "Clusters",
    "Actions",
    "Granted by (policy#Sid)",
    "Role's trust (instance profile)",
)


def as_table(cells: list[Cell]) -> str:
    rows = [HEADINGS] + [tuple(c.text(k) for k in COLUMNS) for c in cells]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=False)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def as_markdown(cells: list[Cell]) -> str:
    return render("access.md.j2", cells=cells)


def as_json(cells: list[Cell]) -> str:
    return json.dumps([asdict(c) for c in cells], indent=2, ensure_ascii=False) + "\n"
