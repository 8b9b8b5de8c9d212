"""IAM Identity Center (SSO) users of an EMR Studio, imported from its session mappings (issue 16).

A Studio with AuthMode SSO maps each user or group (ListStudioSessionMappings: IdentityType, IdentityName,
SessionPolicyArn) to one session policy. A session of that identity gets what both the Studio's user role and
the session policy allow. Each mapping becomes a ``users[]`` entry with principal ``sso_user``/``sso_group``
(SPEC.md) whose rows are the session policy's statements, read with iam:GetPolicy/GetPolicyVersion and turned
into rows by the same ``policy_rows.principal_rows`` as IAM principals. What a row cannot say is listed as not
reproduced with the policy and Sid, and so is a row's runtime role that the user role does not allow there too
(the session would not get it: importing it would widen). Nothing is dropped silently, nothing widened.
"""

from __future__ import annotations

from dataclasses import replace

from ..plan.policies import EXECUTION_ROLE_KEY
from ..review.access import pattern_witnesses
from ..review.evaluate import Request, UnsupportedPolicy, evaluate
from ..review.resolve import World, example_id
from .import_users import UserWriter
from .inventory import Inventory
from .policy_rows import Problem, principal_rows

KINDS = {"USER": "sso_user", "GROUP": "sso_group"}


def studio_of(inventory: Inventory) -> dict | None:
    """The studio the spec holds (the first) when it uses SSO and its session mappings were read."""
    studio = inventory.studios[0] if inventory.studios else None
    if studio and studio.get("AuthMode") == "SSO" and studio["StudioId"] in inventory.session_mappings:
        return studio
    return None


def user_role_arn(inventory: Inventory) -> str | None:
    """The ARN of the SSO studio's user role: its policies reach people through session mappings only."""
    studio = studio_of(inventory)
    role = inventory.role(studio.get("UserRole") or "") if studio else None
    return role.arn if role is not None else None


def requests(row, role: str, world: World) -> list:
    """What a row grants one of its roles (an exact ARN, or a pattern through two ARNs it matches), as requests:
    each action, on each listed cluster (or a cluster it does not list) carrying the row's tags."""
    arns = pattern_witnesses(role) if role in row.patterns else (role,)
    clusters = row.clusters if row.clusters != "any" else [example_id("j-", 13, "other clusters")]
    tags = {f"elasticmapreduce:ResourceTag/{k}": v for k, v in row.tags.items()}
    return [
        Request(action, world.cluster_arn(cluster), {EXECUTION_ROLE_KEY: arn, **tags})
        for action in sorted(row.actions)
        for arn in arns
        for cluster in clusters
    ]


def narrowed(row, role_policies: list, role_label: str, world: World) -> tuple:
    """(the row with the roles the Studio user role allows it too, or None; the reason for the others, or None)."""
    try:
        denied = [
            r
            for r in [*row.exact, *row.patterns]
            if not all(evaluate(role_policies, q).allowed for q in requests(row, r, world))
        ]
    except UnsupportedPolicy as exc:
        return None, f"the Studio user role {role_label} has a statement emrgen does not evaluate ({exc})"
    if not denied:
        return row, None
    kept = replace(
        row, exact=[a for a in row.exact if a not in denied], patterns=[p for p in row.patterns if p not in denied]
    )
    reason = (
        f"the Studio user role {role_label} does not allow it for {', '.join(denied)} (a session gets only what "
        "both the user role and the session policy allow)"
    )
    return (kept if kept.exact or kept.patterns else None), reason


def import_mappings(inventory: Inventory, out, writer: UserWriter) -> None:
    """Add a user per session mapping of the spec's SSO studio to ``writer``; list what cannot be said."""
    for studio in inventory.studios[1:]:
        for mapping in inventory.session_mappings.get(studio["StudioId"], []):
            out.not_reproduced.append(
                f"studio {studio['StudioId']}: session mapping {mapping.get('IdentityType')} "
                f"{mapping.get('IdentityName')}: a spec holds one studio"
            )
    studio = studio_of(inventory)
    if studio is None:
        return
    world = writer.world
    role = inventory.role(studio.get("UserRole") or "")
    role_policies = inventory.policies_of(role) if role is not None else []
    role_label = role.name if role is not None else f"{studio.get('UserRole')} (not readable)"
    notes = out.comments.setdefault(("studio", ""), [])
    for mapping in inventory.session_mappings[studio["StudioId"]]:
        kind = KINDS.get(mapping.get("IdentityType", ""))
        name, arn = mapping.get("IdentityName") or mapping.get("IdentityId"), mapping.get("SessionPolicyArn", "")
        who = f"{kind or mapping.get('IdentityType')} {name}"
        notes.append(f"session mapping: {who} -> {arn}")
        document = inventory.managed(arn) if arn else None
        if kind is None or document is None:
            why = (
                f"identity type {mapping.get('IdentityType')}" if kind is None else "its session policy cannot be read"
            )
            out.not_reproduced.append(f"studio session mapping {who} -> {arn}: {why}")
            continue
        policy = arn.rsplit("/", 1)[-1]
        rows, problems = principal_rows(who, [(policy, document)], world.partition, world.region, world.account)
        kept = []
        for row in rows:
            row_kept, reason = narrowed(row, role_policies, role_label, world)
            kept += [row_kept] if row_kept is not None else []
            problems += [Problem(who, source, reason) for source in row.sources] if reason else []
        out.not_reproduced += [f"{p.text()} (not reproduced)" for p in problems]
        groups = writer.by_steps(kept)
        if len(groups) == 2:  # steps is per user, and an identity has one session mapping: no steps
            out.not_reproduced.append(
                f"{who}: {policy}: AddJobFlowSteps on some of its access only; emrgen grants steps per user: "
                "imported without steps (not reproduced)"
            )
            groups = {False: (groups[False][0] + groups[True][0], groups[False][1] | groups[True][1])}
        for steps, (accesses, sources) in groups.items():
            writer.add({kind: name}, f"{kind}-{name}", steps, accesses, sources)
