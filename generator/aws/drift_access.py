"""Access drift: what each Studio user of the spec may do in the account today, against what the spec's rendered
policies allow, over the same runtime roles and clusters (as ``emrgen diff`` compares two specs).

The deployed side is *every* policy on the user's IAM principal, not only emrgen's: a policy added by hand that
grants another runtime role is access gained. For IAM Identity Center users the session policies are read by
the names emrgen gives them (the session mappings live in the EMR Studio API).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..plan.core import cluster_key
from ..plan.policies import EXECUTION_ROLE_KEY
from ..review.access import ACTIONS, ScopeProbe, role_probes, tag_text
from ..review.evaluate import PolicySet, Request, UnsupportedPolicy, decide
from ..review.resolve import World, example_id


@dataclass(frozen=True)
class AccessDrift:
    change: str  # gained (the account allows what the spec does not) | lost
    user: str
    principal: str
    runtime_role: str
    cluster: str
    action: str
    statements: tuple


def scope_probes(plan, world: World, cluster_ids: dict) -> list[ScopeProbe]:
    """Declared clusters with their real ids where found, each tag set some access is scoped to, any other."""
    probes, tag_sets = [], {}
    for cluster in plan.spec.clusters:
        if cluster.created:
            tags = plan.get(cluster_key(cluster)).props["tags"]
            cid = cluster_ids.get(cluster.name) or example_id("j-", 13, cluster_key(cluster))
        elif cluster.by_tags:  # selected by tag: an example cluster carrying them
            tags, cid = {**cluster.tags, **cluster.match_tags}, example_id("j-", 13, "tagged " + cluster.name)
        else:
            tags, cid = cluster.tags, cluster.id
        probes.append(ScopeProbe(cluster.name, world.cluster_arn(cid), tuple(sorted(tags.items())), True))
    for user in plan.spec.users:
        for access in user.access:
            if access.cluster_tags:
                tag_sets[tuple(sorted(access.cluster_tags.items()))] = None
    for tags in sorted(tag_sets):
        label = f"other clusters tagged {tag_text(tags)}"
        probes.append(ScopeProbe(label, world.cluster_arn(example_id("j-", 13, label)), tags))
    probes.append(ScopeProbe("other clusters", world.cluster_arn(example_id("j-", 13, "other clusters")), ()))
    return probes


def decisions(identity, session, roles, scopes) -> dict:
    """{(role label, scope label, action): statements} of every allowed cell."""
    identity = PolicySet(identity)
    session = PolicySet(session) if session is not None else None
    out = {}
    for role in roles:
        for scope in scopes:
            for action in ACTIONS:
                found = []
                for arn in role.arns:
                    context = {EXECUTION_ROLE_KEY: arn}
                    context.update({f"elasticmapreduce:ResourceTag/{k}": v for k, v in scope.tags})
                    found.append(decide(identity, session, Request(action, scope.arn, context)))
                if all(d.allowed for d in found):
                    out[(role.label, scope.label, action)] = tuple(sorted(str(m) for m in found[0].allows))
    return out


def access_drift(plan, world: World, cluster_ids: dict, users: list) -> tuple[list, list]:
    """``users``: [(user plan, (rendered identity, rendered session), (deployed identity, deployed session))].
    Returns (drift, problems); a deployed policy the evaluator cannot read is a problem, never a guess."""
    roles = role_probes([plan.spec], world)
    scopes = scope_probes(plan, world, cluster_ids)
    out, problems = [], []
    for user, rendered, deployed in users:
        want = decisions(*rendered, roles, scopes)
        try:
            have = decisions(*deployed, roles, scopes)
        except UnsupportedPolicy as exc:
            problems.append(f"{user.principal}: cannot evaluate its deployed policies: {exc}")
            continue
        for change, mine, theirs in (("gained", have, want), ("lost", want, have)):
            for (role, scope, action), statements in mine.items():
                if (role, scope, action) not in theirs:
                    out.append(
                        AccessDrift(change, user.name, user.principal, role, scope, action.split(":", 1)[1], statements)
                    )
    return out, problems
