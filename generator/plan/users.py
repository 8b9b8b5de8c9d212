"""The Studio users' policies: runtime-role grants packed into managed policies, the Studio user
permissions, and for SSO the session policies, their mappings and the user role's permissions.

IAM auth: every principal gets one shared "studio user" policy (the [UP] basic permissions) plus its
own grant policies, packed to IAM's 6,144 characters. SSO: a session mapping takes exactly one
session policy, so each user's session policy holds both; the user role must allow the union of all
session policies: AWS's way is to attach them all, which works while they fit the role's managed-policy
quota; beyond it the role carries the union itself, merged and packed ("union mode").

Packing records what it measured in plan.measured (limits.py); the rules in rules/plan/ judge it against IAM's
limits (E401-E403, E406), so this module never reports.
"""

from __future__ import annotations

from . import grants as grants_mod
from . import logs, names, packing, policies, studio_policies
from .core import Plan, UserPlan, cluster_key
from .limits import PrincipalPolicies, policy_chars
from .refs import Ref


def studio_context(plan: Plan):
    """(service role name, studio ARN for CreateStudioPresignedUrl or None) for user permissions, or None."""
    spec, env = plan.spec, plan.env
    studio = spec.studio
    if studio is None or studio.user_permissions == "none":
        return None
    if studio.created:
        service_role = names.studio_service_role_name(spec)
        studio_id = Ref("studio", "id")
    elif studio.service_role is None:
        return None  # no users to grant anything (rules require service_role when there are)
    else:
        # PassRole matches the role ARN, path included: keep "team/svc" from ".../role/team/svc".
        service_role = studio.service_role.split(":role/", 1)[-1]
        studio_id = studio.id
    studio_arn = env.arn("elasticmapreduce", "studio/", studio_id) if studio.auth_mode == "IAM" else None
    return service_role, studio_arn, studio.workspace_collaboration


def add_users(plan: Plan) -> None:
    spec = plan.spec
    context = studio_context(plan)
    basic = studio_policies.user_basic_statements(plan.env, *context) if context else []
    # [UP]'s log access, per user: only the logs of the clusters the user's own access reaches (logs.py), with the
    # runtime-role grants (also with no studio in the spec: the logs are those of the user's own jobs); none with
    # studio.user_permissions: none, which asks for the grants alone.
    with_logs = spec.studio is None or spec.studio.user_permissions != "none"
    own = {u.name: logs.user_log_statements(spec, plan.env, u) if with_logs else [] for u in spec.users}
    if spec.sso:
        _sso_users(plan, basic, own, spec.quota)
    else:
        _iam_users(plan, basic, own)


def _policy(plan: Plan, key: str, label: str, name: str, description: str, statements: list, attach: dict):
    return plan.add(
        key,
        "managed_policy",
        "users",
        label,
        name=name,
        description=description,
        document=policies.document(*statements),
        attach=attach,
    )


def _iam_users(plan: Plan, basic: list, own: dict) -> None:
    spec = plan.spec
    per_principal: dict[tuple[str, str], int] = {}
    first_user: dict[tuple[str, str], object] = {}
    if basic:
        principals = sorted({(u.principal.kind + "s", u.principal.iam_name) for u in spec.users})
        attach = {"roles": [], "users": [], "groups": []}
        for kind, name in principals:
            attach[kind].append(name)
            per_principal[(kind, name)] = 1
        _policy(
            plan,
            "studio_user_policy",
            "StudioUserPolicy",
            names.regional(spec, f"{spec.name}-studio-user"),
            "EMR Studio user permissions (basic) shared by every Studio user",
            basic,
            attach,
        )
    for user in spec.users:
        user_grants = grants_mod.user_grants(spec, plan.env, user, cluster_key)
        merged, renamed = packing.merge([g.statement for g in user_grants])
        packed, sizes = packing.pack_sized(merged + own[user.name])
        packed = packed or [[]]
        plan.measured.largest_user_policy.append((user, packing.largest(packed, sizes or None)))
        principal = (user.principal.kind + "s", user.principal.iam_name)
        attach = {"roles": [], "users": [], "groups": []}
        attach[principal[0]].append(principal[1])
        keys = []
        located = {}
        for i, statements in enumerate(packed, start=1):
            suffix = "" if i == 1 else f"-{i}"
            key = f"user_policy/{user.name}{suffix}"
            _policy(
                plan,
                key,
                f"UserPolicy-{user.name}{suffix}",
                names.user_policy_name(spec, user.name, suffix),
                f"EMR Studio runtime-role access of user {user.name}",
                statements,
                attach,
            )
            keys.append(key)
            located.update({s["Sid"]: (key, s["Sid"]) for s in statements})
        per_principal[principal] = per_principal.get(principal, 0) + len(packed)
        first_user.setdefault(principal, user)
        plan.users.append(
            UserPlan(
                user.name,
                f"{user.principal.kind} {user.principal.value}",
                keys,
                user_grants,
                {old: located[new] for old, new in renamed.items()},
            )
        )
    # Several target regions: each region's template attaches its own copies to the same principal.
    plan.measured.regions = len(spec.targets.regions) if spec.multi_region else 1
    plan.measured.principals = [
        PrincipalPolicies(kind, name, per_region, first_user.get((kind, name)) or spec.users[0])
        for (kind, name), per_region in sorted(per_principal.items())
    ]


def _sso_users(plan: Plan, basic: list, own: dict, quota: int) -> None:
    spec = plan.spec
    studio = spec.studio
    user_role = Ref("studio_user_role", "name") if studio.created else studio.user_role.rsplit("/", 1)[-1]
    union_mode = len(spec.users) > quota
    attach = {"roles": [] if union_mode else [user_role], "users": [], "groups": []}
    all_grants: list[dict] = []
    for user in spec.users:
        user_grants = grants_mod.user_grants(spec, plan.env, user, cluster_key)
        merged, renamed = packing.merge([g.statement for g in user_grants])
        all_grants.extend(merged + own[user.name])
        key = f"user_policy/{user.name}"
        statements = basic + merged + own[user.name]
        plan.measured.session_policies.append((user, policy_chars(policies.document(*statements))))
        _policy(
            plan,
            key,
            f"UserPolicy-{user.name}",
            names.user_policy_name(spec, user.name),
            f"EMR Studio session policy of user {user.name}",
            statements,
            attach,
        )
        p = user.principal
        plan.add(
            f"session_mapping/{user.name}",
            "session_mapping",
            "users",
            f"SessionMapping-{user.name}",
            studio=Ref("studio", "id") if studio.created else studio.id,
            identity_name=p.value,
            identity_type="USER" if p.kind == "sso_user" else "GROUP",
            # AWS: attach the session policies to the user role before mapping (not in union mode).
            policy=Ref(key, "arn"),
        ).after = [] if union_mode else [key]
        plan.users.append(
            UserPlan(
                user.name, f"{p.kind} {p.value}", [key], user_grants, {old: (key, new) for old, new in renamed.items()}
            )
        )
    if union_mode:
        _user_role_union(plan, basic, all_grants, user_role)


def _user_role_union(plan: Plan, basic: list, grants: list, user_role) -> None:
    """More session policies than the user role can carry: give it their union, merged and packed."""
    merged, _ = packing.merge(grants)
    seen: set[str] = set()
    unique = []
    bodies: set[str] = set()
    for statement in merged:  # two users' statements may merge to the same Sid: keep Sids unique
        body = repr({k: v for k, v in statement.items() if k != "Sid"})
        if body in bodies:
            continue  # the same grant in two session policies (users reading the same logs) is in the union once
        bodies.add(body)
        sid, n = statement["Sid"], 2
        while statement["Sid"] in seen:
            statement = {**statement, "Sid": f"{sid}U{n}"}
            n += 1
        seen.add(statement["Sid"])
        unique.append(statement)
    packed = packing.pack(basic + unique)
    plan.measured.user_role_policies = len(packed)
    for i, statements in enumerate(packed, start=1):
        _policy(
            plan,
            f"user_role_policy/{i}",
            f"StudioUserRolePolicy-{i}",
            names.regional(plan.spec, f"{plan.spec.name}-studio-user-role-{i}"),
            "Union of all Studio session policies (the user role allows what any session policy allows)",
            statements,
            {"roles": [user_role], "users": [], "groups": []},
        )
