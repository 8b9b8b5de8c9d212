"""``emrgen import``: an account's runtime-role setup as spec data (issue 16).

What it adopts, and how:
- clusters whose security configuration enables runtime roles, as *existing* clusters (``id``), with their tags
  and instance-profile role ARN (release, applications and instance groups go into comments: an existing
  cluster is only referenced);
- runtime roles: roles those instance-profile roles may assume (sts:AssumeRole) whose trust names them. A role
  whose policies are exactly what emrgen would generate from ``s3_read``/``s3_write`` is written as a created
  role with those lists; any other as an existing role (``arn``), with the reason in "not reproduced";
- users: every role, user and group whose identity policies allow GetClusterSessionCredentials or
  AddJobFlowSteps, as ``users[].access`` rows (``policy_rows.py``); a statement that cannot be said exactly is
  listed with its policy and Sid;
- IAM Identity Center users and groups of an SSO Studio, from its session mappings and their session policies
  (``sso.py``), with the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..plan import policies
from ..review.evaluate import glob_match
from ..review.resolve import World, resolve
from . import sso
from .import_users import UserWriter, label
from .inventory import Inventory, runtime_enabled
from .policy_rows import principal_rows, statements


@dataclass
class Imported:
    spec: dict
    account: str
    region: str
    not_reproduced: list = field(default_factory=list)  # one line each
    comments: dict = field(default_factory=dict)  # ("clusters", name) -> comment lines
    unavailable: list = field(default_factory=list)


def assumable(inventory: Inventory, role) -> list:
    """Resources (role ARNs or patterns) a role's policies allow sts:AssumeRole on."""
    out = []
    for _, document in inventory.policies_of(role):
        for statement in statements(document):
            actions = statement.get("Action", [])
            actions = actions if isinstance(actions, list) else [actions]
            if statement.get("Effect") == "Allow" and any(glob_match(a, "sts:AssumeRole", True) for a in actions):
                resources = statement.get("Resource", [])
                out += resources if isinstance(resources, list) else [resources]
    return out


def trusts(role, principal_arn: str) -> bool:
    for statement in statements(role.trust or {}):
        actions = statement.get("Action", [])
        actions = actions if isinstance(actions, list) else [actions]
        aws = (statement.get("Principal") or {}).get("AWS", []) if isinstance(statement.get("Principal"), dict) else []
        aws = aws if isinstance(aws, list) else [aws]
        if statement.get("Effect") == "Allow" and "sts:AssumeRole" in actions and principal_arn in aws:
            return True
    return False


def s3_uris(document: dict, sid: str) -> list:
    for statement in statements(document):
        if statement.get("Sid") == sid:
            return ["s3://" + r.split(":::", 1)[1][:-1] for r in statement.get("Resource", []) if r.endswith("*")]
    return []


def reproduce_role(role, world: World, trust: dict, source_identity: bool, lake_formation: bool) -> dict | str:
    """A created-role entry when emrgen would generate exactly this role; else the reason it would not."""
    if role.path != "/":
        return f"its path {role.path} (emrgen creates runtime roles under /)"
    if set(role.inline) - {"runtime-role-access"}:
        return "inline policies " + ", ".join(sorted(set(role.inline) - {"runtime-role-access"}))
    document = role.inline.get("runtime-role-access")
    s3_read, s3_write = (s3_uris(document, "ReadObjects"), s3_uris(document, "WriteObjects")) if document else ([], [])
    env = policies.Env(world.partition, world.account, world.region)
    expected = policies.runtime_role_permissions(env, s3_read, s3_write, lake_formation)
    if (resolve(expected, None, world) if expected else None) != document:
        return "its inline policy is not what emrgen generates from s3_read/s3_write"
    if role.trust != trust:
        return "its trust policy names other principals or conditions than the clusters' instance-profile roles"
    entry = {"name": role.name}
    if s3_read:
        entry["s3_read"] = s3_read
    if s3_write:
        entry["s3_write"] = s3_write
    if role.managed:
        entry["managed_policy_arns"] = list(role.managed)
    return entry


def import_inventory(inventory: Inventory, name: str) -> Imported:
    account = inventory.account
    world = World(account.partition, account.account_id, account.region)
    out = Imported(
        {
            "version": 1,
            "name": name,
            "account_id": account.account_id,
            "region": account.region,
            "partition": account.partition,
        },
        account.account_id,
        account.region,
        unavailable=list(inventory.unavailable),
    )
    configs = {n: c for n, c in inventory.security_configurations.items() if runtime_enabled(c)}
    clusters = [c for c in inventory.clusters if c.security_configuration in configs]
    sc_names = sorted({c.security_configuration for c in clusters}) or sorted(configs)
    source_identity = lake_formation = False
    if sc_names:
        config = configs[sc_names[0]]["AuthorizationConfiguration"]
        source_identity = bool(
            config["IAMConfiguration"].get("ApplicationScopedIAMRoleConfiguration", {}).get("PropagateSourceIdentity")
        )
        lake_formation = "LakeFormationConfiguration" in config
        out.spec["security_configuration"] = {"name": sc_names[0], "existing": True}
        out.comments[("security_configuration", "")] = [
            f"found: propagate source identity {source_identity}, Lake Formation {lake_formation}"
        ]
        out.not_reproduced += [
            f"security configuration {n}: a second one; the spec names {sc_names[0]}" for n in sc_names[1:]
        ]

    # Runtime roles: assumable by some runtime-role cluster's instance-profile role, and trusting it.
    taken: set = set()
    cluster_entries, runtime_of = [], {}
    for cluster in clusters:
        entry = {
            "name": label(
                cluster.name[len(name) + 1 :] if cluster.name.startswith(name + "-") else cluster.name, taken
            ),
            "id": cluster.id,
        }
        profile_role = inventory.role(cluster.instance_profile_role_arn or "")
        found = []
        if profile_role is not None:
            targets = assumable(inventory, profile_role)
            found = [
                r
                for r in inventory.principals
                if r.kind == "role"
                and r is not profile_role
                and any(glob_match(t, r.arn) for t in targets)
                and trusts(r, profile_role.arn)
            ]
            entry["instance_profile_role_arn"] = profile_role.arn
        else:
            out.not_reproduced.append(f"cluster {cluster.id}: its instance-profile role cannot be read")
        for role in found:
            runtime_of.setdefault(role.name, role)
        if cluster.tags:
            entry["tags"] = dict(sorted(cluster.tags.items()))
        if cluster.log_uri:  # its users read its logs (plan/logs.py)
            entry["log_uri"] = cluster.log_uri
        out.comments[("clusters", entry["name"])] = [
            f"{cluster.name}: {cluster.release_label}, {', '.join(cluster.applications)}",
            "instance groups: " + ("; ".join(cluster.groups) or "none listed"),
            f"security configuration: {cluster.security_configuration}",
            "runtime roles its instance profile may assume: " + (", ".join(r.name for r in found) or "none found"),
        ]
        cluster_entries.append(entry)
    arns = [c["instance_profile_role_arn"] for c in cluster_entries if "instance_profile_role_arn" in c]
    # What the imported spec renders: its security configuration is existing, so emrgen writes neither the
    # SetSourceIdentity trust nor the Lake Formation statements (a role that has them is kept as existing).
    trust = resolve(policies.runtime_role_trust(arns, False), None, world) if arns else None
    roles = []
    for role in runtime_of.values():
        entry = reproduce_role(role, world, trust, False, False)
        if isinstance(entry, str):
            out.not_reproduced.append(f"runtime role {role.name}: kept as an existing role (arn): {entry}")
            entry = {"name": role.name, "arn": role.arn}
        roles.append(entry)
    role_names = {world.role_arn(r["name"]) if "arn" not in r else r["arn"]: r["name"] for r in roles}

    writer = UserWriter(name, world, role_names, cluster_entries, taken, out)
    sso_role = sso.user_role_arn(inventory)
    for principal in inventory.principals:
        if principal.kind == "role" and emr_only(principal.trust):
            if (
                principal.arn != sso_role
                and principal_rows(
                    principal.label, inventory.policies_of(principal), world.partition, world.region, world.account
                )[0]
            ):
                out.not_reproduced.append(
                    f"{principal.label}: only the EMR service may assume it (an EMR Studio user role, whose session "
                    "policies IAM Identity Center users get through Studio session mappings): not imported as a user"
                )
            continue
        rows, problems = principal_rows(
            principal.label, inventory.policies_of(principal), world.partition, world.region, world.account
        )
        out.not_reproduced += [f"{p.text()} (not reproduced)" for p in problems]
        value = principal.arn if principal.path != "/" else principal.name
        for steps, (accesses, sources) in sorted(writer.by_steps(rows).items()):
            writer.add({principal.kind: value}, f"{principal.kind}-{principal.name}", steps, accesses, sources)
    sso.import_mappings(inventory, out, writer)  # may add clusters a session policy names
    if roles:
        out.spec["runtime_roles"] = roles
    if cluster_entries:
        out.spec["clusters"] = cluster_entries
    studio_notes(inventory, out)
    if writer.users:
        out.spec["users"] = writer.users
    return out


def emr_only(trust) -> bool:
    """A role only the EMR service may assume (an EMR Studio user role): no person holds its policies directly."""
    principals = [st.get("Principal") for st in statements(trust or {}) if st.get("Effect") == "Allow"]
    services = [p.get("Service") if isinstance(p, dict) and set(p) == {"Service"} else None for p in principals]
    return bool(services) and all(
        s in ("elasticmapreduce.amazonaws.com", "elasticmapreduce.amazonaws.com.cn", ["elasticmapreduce.amazonaws.com"])
        for s in services
    )


def studio_notes(inventory: Inventory, out: Imported) -> None:
    """Studios are referenced (id, auth mode, roles); SSO users come from session mappings (``sso.py``)."""
    for number, studio in enumerate(inventory.studios):
        if number:
            out.not_reproduced.append(f"studio {studio['StudioId']}: a spec holds one studio")
            continue
        entry = {"id": studio["StudioId"], "auth_mode": studio.get("AuthMode", "IAM")}
        if studio.get("ServiceRole"):
            entry["service_role"] = studio["ServiceRole"]
        if studio.get("UserRole"):
            entry["user_role"] = studio["UserRole"]
        out.spec["studio"] = entry
        out.comments[("studio", "")] = [  # after the session mappings sso.py noted
            f"{studio.get('Name')}: default S3 location {studio.get('DefaultS3Location')}, subnets "
            f"{', '.join(studio.get('SubnetIds', []))}, security groups {studio.get('WorkspaceSecurityGroupId')} / "
            f"{studio.get('EngineSecurityGroupId')}",
            *out.comments.get(("studio", ""), []),
        ]
