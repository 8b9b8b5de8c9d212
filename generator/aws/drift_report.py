"""Runs the drift comparison for one plan and prints it: access gained/lost first, then documents."""

from __future__ import annotations

import json

from . import drift as d
from .client import Account
from .drift_access import access_drift
from .inventory import Inventory, read_principal


def user_policies(plan, user, resolve, attached, inventory: Inventory):
    """(rendered (identity, session), deployed (identity, session)) of one Studio user, or None when its
    principal is missing (reported with the managed policy's attachments)."""
    first = plan.get(user.policy_keys[0]).props.get("attach", {})
    kind, target = next((k[:-1], resolve(v[0])) for k, v in sorted(first.items()) if v)
    principal = read_principal(inventory.account, kind, target)
    if principal is None:
        return None
    role_inline = [
        (f"{resolve(r.props['name'])}/{n}", resolve(doc))
        for r in plan.resources
        if r.kind == "role" and resolve(r.props["name"]) == target and kind == "role"
        for n, doc in r.props["inline_policies"]
    ]
    rendered_identity = [(n, doc) for n, _, doc in attached.get((kind, target), [])] + role_inline
    deployed_identity = inventory.policies_of(principal)
    if not plan.spec.sso:
        return (rendered_identity, None), (deployed_identity, None)
    sessions = [plan.get(k) for k in user.policy_keys]
    rendered_session = [(resolve(r.props["name"]), resolve(r.props["document"])) for r in sessions]
    deployed_session = [
        (resolve(r.props["name"]), inventory.managed(resolve(d.Ref(r.key, "arn"))) or {}) for r in sessions
    ]
    return (rendered_identity, rendered_session), (deployed_identity, deployed_session)


def drift(plan, account: Account, source: str = "") -> d.DriftResult:
    resolve = d.Resolver(plan, account)
    attached = d.attachments(plan, resolve)
    result = d.DriftResult(
        source or plan.spec.source, account.account_id, account.region, unavailable=list(resolve.unavailable)
    )
    inventory = Inventory(account)
    users = []
    for user in plan.users:
        found = user_policies(plan, user, resolve, attached, inventory)
        if found is None:
            result.problems.append(f"{user.principal}: the principal of user {user.name} does not exist")
        else:
            users.append((user, *found))
    result.access, problems = access_drift(plan, resolve.world, resolve.cluster_ids, users)
    result.problems += problems
    for res in plan.resources:
        compare = {
            "role": lambda r: d.compare_role(r, resolve, attached, result.resources),
            "managed_policy": lambda r: d.compare_managed_policy(r, resolve, account, result.resources),
            "security_configuration": lambda r: d.compare_security_configuration(r, resolve, account, result.resources),
            "cluster": lambda r: d.compare_cluster(r, resolve, account, result.resources),
            "instance_profile": lambda r: d.compare_instance_profile(r, resolve, account, result.resources),
            "session_mapping": lambda r: d.compare_session_mapping(r, resolve, account, result.resources),
        }.get(res.kind)
        if compare is None or compare(res) is False:
            result.not_compared.append(f"{res.kind} {res.key}")
        else:
            result.compared += 1
    result.unavailable = sorted(set(result.unavailable) | set(resolve.unavailable))
    return result


def _json(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def as_text(r: d.DriftResult) -> str:
    out = [f"emrgen drift {r.spec}: account {r.account}, {r.region}", ""]
    gained = [a for a in r.access if a.change == "gained"]
    lost = [a for a in r.access if a.change == "lost"]
    out.append(f"Access gained: {len(gained)}, lost: {len(lost)} (the account against the spec)")
    for a in gained + lost:
        out.append(
            f"  {'+' if a.change == 'gained' else '-'} {a.user} ({a.principal}): {a.runtime_role} on "
            f"{a.cluster}: {a.action}" + (f"  [{', '.join(a.statements)}]" if a.statements else "")
        )
    out.append(f"Resources: {len(r.resources)} drifted of {r.compared} compared")
    for x in r.resources:
        out.append(f"  ~ {x.kind} {x.name}: {x.what}")
        if x.what != "missing" and not x.what.startswith("missing"):
            out.append(f"      deployed: {_json(x.deployed)}")
            out.append(f"      rendered: {_json(x.rendered)}")
    for problem in r.problems:
        out.append(f"  ! {problem}")
    if r.not_compared:
        out.append(f"Not compared ({len(r.not_compared)}): " + ", ".join(r.not_compared))
    if r.unavailable:
        out.append(
            "Not available from this endpoint: "
            + ", ".join(r.unavailable)
            + " (a Studio id it would give is matched as any value; what it would list is not compared)"
        )
    out.append("In sync." if not r.drifted else "Drift found.")
    return "\n".join(out) + "\n"
