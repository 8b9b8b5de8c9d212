"""``emrgen diff``: what changes between two specs, for a reviewer — who gains or loses which runtime role
on which clusters (evaluated from both sets of generated policies), which resources appear or go, and
which changes force CloudFormation/Terraform to replace a resource (create-only properties, DOMAIN.md §4).

Both plans are evaluated over the same probes (the union of both specs' roles and clusters) in the same
world, so a widened pattern shows the declared roles it now reaches and a removed cluster shows as lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..plan.core import Plan
from ..plan.kinds import CREATE_ONLY, CUSTOM_NAMED
from ..plan.refs import walk_refs
from . import access
from .access import ACTIONS
from .markdown import render
from .resolve import world_for


@dataclass(frozen=True)
class AccessChange:
    change: str  # gained | lost
    user: str
    principal: str
    runtime_role: str
    clusters: str
    actions: tuple
    statements: tuple  # the granting statements: of the new policies when gained, of the old when lost
    match: str = "exact"  # exact | pattern: reached through a role-name pattern, as REVIEW.md marks it


@dataclass(frozen=True)
class ResourceChange:
    change: str  # added | removed | changed
    key: str
    kind: str
    name: str
    fields: tuple = ()
    replaced: bool = False
    reason: str = ""


@dataclass(frozen=True)
class TargetChange:
    """A change of where the setup is rolled out (`targets:`), which no resource diff shows: the same plan
    deployed to fewer regions deletes everything in the others."""

    change: str  # added | removed | changed | moved | split | merged
    what: str  # region | account | organizational unit | targets | account-wide IAM | network of | permission model
    value: str
    consequence: str


@dataclass
class SpecDiff:
    old: str
    new: str
    access: list[AccessChange] = field(default_factory=list)
    resources: list[ResourceChange] = field(default_factory=list)
    targets: list[TargetChange] = field(default_factory=list)
    note: str = ""  # e.g. the spec is new: there is nothing to compare it with

    @property
    def access_changed(self) -> bool:
        return bool(self.access)

    @property
    def rollout_disruptive(self) -> bool:
        """Something is deleted, moved or replaced by the rollout (a region or target dropped, IAM moved, a region's
        network changed), or targets come or go (the same IAM names move between a stack and StackSets)."""
        return any(t.change != "added" or t.what == "targets" for t in self.targets)

    @property
    def gained(self) -> list[AccessChange]:
        return [c for c in self.access if c.change == "gained"]

    @property
    def lost(self) -> list[AccessChange]:
        return [c for c in self.access if c.change == "lost"]

    def count(self, change: str) -> int:
        """Resources added, removed or changed."""
        return sum(r.change == change for r in self.resources)

    @property
    def replacements(self) -> list[ResourceChange]:
        return [r for r in self.resources if r.replaced]


def forces_replacement(kind: str, name: str, old, new) -> bool:
    rule = CREATE_ONLY.get(kind, set())
    if name == "core":  # the core group's size can change in place; the rest of it cannot (plan/clusters.py dicts)
        if old is None or new is None:  # instance groups <-> fleets
            return old != new
        return {k: v for k, v in old.items() if k != "count"} != {k: v for k, v in new.items() if k != "count"}
    return rule == "*" or name in rule


def _rows(plan: Plan, world, roles, scopes) -> dict:
    """{(user, principal): {(role, scope): {action: statements}}} uncompressed, for one plan. A declared
    cluster the plan's spec does not have is no access there: removing a cluster loses its cells even
    when a tag condition would still match it."""
    declared = {c.name for c in plan.spec.clusters}
    scopes = [s for s in scopes if s.label in declared or not s.declared]
    out = {}
    for user in plan.users:
        rows = access.user_rows(plan, user, roles, scopes, world)
        cells = out.setdefault((user.name, user.principal), {})
        for key, (actions, statements, _exact) in rows.items():
            cells[key] = {a: statements for a in actions}
    return out


def access_changes(old: Plan, new: Plan) -> list[AccessChange]:
    world = world_for(new.spec)
    roles = access.role_probes([new.spec, old.spec], world)
    match = {r.label: "pattern" if r.match == "pattern" else "exact" for r in roles}
    # Each plan sees declared clusters with its own tags; probes pair up by label.
    new_scopes = access.scope_probes([new, old], world)
    old_scopes = {s.label: s for s in access.scope_probes([old, new], world)}
    before = _rows(old, world, roles, [old_scopes[s.label] for s in new_scopes])
    after = _rows(new, world, roles, new_scopes)
    changes = []
    users = list(after) + [u for u in before if u not in after]
    for user in users:
        for change, mine, theirs in (
            ("gained", after.get(user, {}), before.get(user, {})),
            ("lost", before.get(user, {}), after.get(user, {})),
        ):
            delta = {}
            for key, acts in mine.items():
                diff = [a for a in ACTIONS if a in acts and a not in theirs.get(key, {})]
                if diff:
                    delta[key] = (tuple(diff), tuple(sorted({s for a in diff for s in acts[a]})), True)
            for (role, scope), (actions, statements, _exact) in access.compress(delta, roles, new_scopes).items():
                changes.append(
                    AccessChange(
                        change,
                        user[0],
                        user[1],
                        role,
                        scope,
                        tuple(a.split(":", 1)[1] for a in actions),
                        statements,
                        match[role],
                    )
                )
    return changes


def new_spec_diff(new: Plan, old_label: str, new_label: str) -> SpecDiff:
    """A spec that did not exist at the old revision (new in this pull request): all its access is gained and
    all its resources are added."""
    gained = [
        AccessChange("gained", c.user, c.principal, c.runtime_role, c.clusters, c.actions, c.granted_by, c.match)
        for c in access.matrix(new)
    ]
    added = [ResourceChange("added", res.key, res.kind, _name(res)) for res in new.resources]
    return SpecDiff(old_label, new_label, gained, added, [], note=f"{old_label} does not exist: the spec is new")


def _name(res) -> str:
    name = res.props.get("name")
    return name if isinstance(name, str) else res.key


def resource_changes(old: Plan, new: Plan) -> list[ResourceChange]:
    before = {r.key: r for r in old.resources}
    after = {r.key: r for r in new.resources}
    out: list[ResourceChange] = []
    changed: dict[str, tuple] = {}
    replaced: dict[str, str] = {}
    for key, res in after.items():
        if key not in before:
            out.append(ResourceChange("added", key, res.kind, _name(res)))
            continue
        prev = before[key]
        fields = tuple(sorted(k for k in set(res.props) | set(prev.props) if res.props.get(k) != prev.props.get(k)))
        if fields:
            changed[key] = fields
            hard = [f for f in fields if forces_replacement(res.kind, f, prev.props.get(f), res.props.get(f))]
            if hard:
                replaced[key] = "create-only: " + ", ".join(hard)
    # A replaced resource gets a new id/ARN: whatever holds it in a create-only property is replaced too.
    grew = True
    while grew:
        grew = False
        for key, res in after.items():
            if key not in before or key in replaced:
                continue
            rule = CREATE_ONLY.get(res.kind, set())
            for prop, value in res.props.items():
                if rule == "*" or prop in rule:
                    hit = sorted(walk_refs(value) & set(replaced))
                    if hit:
                        replaced[key] = f"{prop} refers to replaced {hit[0]}"
                        changed.setdefault(key, (prop,))
                        grew = True
                        break
    for key, fields in changed.items():
        res, prev = after[key], before[key]
        reason = replaced.get(key, "")
        if key in replaced and res.kind in CUSTOM_NAMED and res.props.get("name") == prev.props.get("name"):
            reason += "; CloudFormation cannot replace a custom-named resource: rename it (Terraform destroys it first)"
        out.append(ResourceChange("changed", key, res.kind, _name(res), fields, key in replaced, reason))
    out += [ResourceChange("removed", key, res.kind, _name(res)) for key, res in before.items() if key not in after]
    order = {"added": 0, "changed": 1, "removed": 2}
    return sorted(out, key=lambda r: (order[r.change], r.key))


def target_changes(old: Plan, new: Plan) -> list[TargetChange]:
    before, after = old.spec.targets, new.spec.targets
    if before is None and after is None:
        return []
    if before is None or after is None:
        return [
            TargetChange(
                "added" if before is None else "removed",
                "targets",
                "",
                "a different layout: the same IAM names move between a stack and StackSet "
                "instances; retire the old stack before the new rollout reaches its account",
            )
        ]
    out = []
    for what, old_items, new_items in (
        ("region", before.regions, after.regions),
        ("organizational unit", before.organizational_units or [], after.organizational_units or []),
        ("account", before.accounts or [], after.accounts or []),
    ):
        out += [
            TargetChange(
                "removed", what, x, "its stack instances are deleted: clusters, Studio and the users' policies there go"
            )
            for x in old_items
            if x not in new_items
        ]
        out += [TargetChange("added", what, x, "gets the member template") for x in new_items if x not in old_items]
    out += network_changes(old, new)
    if bool(before.organizational_units) != bool(after.organizational_units):
        model = "SERVICE_MANAGED" if after.organizational_units else "SELF_MANAGED"
        out.append(
            TargetChange(
                "changed",
                "permission model",
                model,
                "a StackSet's PermissionModel cannot change in place: CloudFormation replaces it, "
                "which its fixed StackSetName refuses; delete the old StackSet (its instances) first",
            )
        )
    old_home, new_home = before.regions[0], after.regions[0]
    if old.spec.multi_region != new.spec.multi_region:
        out.append(
            TargetChange(
                "split" if new.spec.multi_region else "merged",
                "account-wide IAM",
                new_home,
                "the runtime roles and instance-profile roles move between the member template and "
                "the account template: their names exist in both while one stack creates and the "
                "other deletes them; migrate with care (README, Several regions)",
            )
        )
    elif new.spec.multi_region and old_home != new_home:
        out.append(
            TargetChange(
                "moved",
                "account-wide IAM",
                f"{old_home} → {new_home}",
                "the first region is the account template's home: the runtime roles are deleted in "
                f"{old_home} and created in {new_home}, and the names collide; keep {old_home} first",
            )
        )
    return out


def network_changes(old: Plan, new: Plan) -> list[TargetChange]:
    """Several regions: the template maps each region's network, so its resources show no change when one
    region's network does; what uses it there is replaced all the same (create-only subnet and VPC)."""
    out = []
    for region, network in new.networks.items():
        was = old.networks.get(region)
        if was is not None and (was.vpc_id, list(was.subnet_ids)) != (network.vpc_id, list(network.subnet_ids)):
            out.append(
                TargetChange(
                    "changed",
                    "network of",
                    region,
                    "the clusters (first subnet) and the Studio and its security groups (VPC, "
                    "subnets) there are replaced",
                )
            )
    return out


def diff_plans(old: Plan, new: Plan, old_label: str, new_label: str) -> SpecDiff:
    return SpecDiff(
        old_label,
        new_label,
        access_changes(old, new),
        resource_changes(old, new),
        renamed(old, new) + target_changes(old, new),
    )


def renamed(old: Plan, new: Plan) -> list[TargetChange]:
    """`name:` prefixes every created name and names the output folder: renaming it replaces everything."""
    if old.spec.name == new.spec.name:
        return []
    return [
        TargetChange(
            "changed",
            "spec name",
            f"{old.spec.name} -> {new.spec.name}",
            f"every resource emrgen creates gets a new name and is replaced (deleted and created "
            f"again), and the output folder moves from out/{old.spec.name} to out/{new.spec.name}",
        )
    ]


# --- formats: the layouts are templates/markdown/diff.txt.j2 and diff.md.j2; JSON stays data -------------


def as_text(d: SpecDiff) -> str:
    return render("diff.txt.j2", d=d)


def as_markdown(d: SpecDiff) -> str:
    return render("diff.md.j2", d=d)


def as_json(d: SpecDiff) -> str:
    import json
    from dataclasses import asdict

    return (
        json.dumps(
            {
                "old": d.old,
                "new": d.new,
                "access_changed": d.access_changed,
                "rollout_disruptive": d.rollout_disruptive,
                "access": [asdict(c) for c in d.access],
                "resources": [asdict(r) for r in d.resources],
                "targets": [asdict(t) for t in d.targets],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
