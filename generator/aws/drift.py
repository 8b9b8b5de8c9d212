"""``emrgen drift SPEC``: what the account holds against what the spec renders (issue 16).

The plan's references are resolved with the account's real values (role ARNs with their paths, cluster ids
found by name), then compared: access first (``drift_access.py``, evaluated as ``emrgen diff`` does), then the
documents: each role's trust, inline and attached policies; each managed policy's default version and its
attachments; the security configuration; each created cluster's security configuration and instance profile;
each session mapping's session policy, where the endpoint gives the Studio's id and mappings. Documents are
compared semantically (order of lists and one-item lists do not matter). Studio resources and security groups
are listed as not compared.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..plan.refs import Join, Pseudo, Ref, ServicePrincipal
from ..review.resolve import World
from .client import Account, NotAvailable
from .inventory import ACTIVE, parse_document, read_principal

NOT_COMPARED = {"studio", "security_group", "sg_rule"}


@dataclass(frozen=True)
class ResourceDrift:
    kind: str
    name: str
    what: str  # missing | trust | inline policy X | ...
    deployed: object = None
    rendered: object = None


@dataclass
class DriftResult:
    spec: str
    account: str
    region: str
    access: list = field(default_factory=list)
    resources: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    compared: int = 0
    not_compared: list = field(default_factory=list)
    unavailable: list = field(default_factory=list)

    @property
    def drifted(self) -> bool:
        return bool(self.access or self.resources or self.problems)


UNKNOWN = "@@emrgen-unknown@@"  # an id this endpoint cannot tell (the Studio's without the Studio API)


def same(deployed, rendered) -> bool:
    """Equal up to canonical form; an UNKNOWN part of the rendered document matches any text there."""
    want, have = canonical(rendered), canonical(deployed)
    if UNKNOWN not in json.dumps(want):
        return want == have
    pattern = re.escape(json.dumps(want, sort_keys=True)).replace(re.escape(UNKNOWN), '[^"]*')
    return re.fullmatch(pattern, json.dumps(have, sort_keys=True)) is not None


def canonical(value):
    """A policy document in a form where IAM-equivalent spellings compare equal."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        items = [canonical(v) for v in value]
        if len(items) == 1 and not isinstance(items[0], dict):
            return items[0]
        if all(isinstance(v, str) for v in items):
            return sorted(set(items))
        return items
    return value


class Resolver:
    def __init__(self, plan, account: Account):
        self.plan, self.account = plan, account
        self.world = World(account.partition, account.account_id, account.region)
        self.roles: dict = {}  # role name -> Principal or None
        self.cluster_ids = find_clusters(plan, account)
        self.studio_ids, self.unavailable = find_studios(plan, account)
        self.mappings: dict = {}  # studio id -> its session mappings, or None when not available here

    def role(self, name: str):
        if name not in self.roles:
            self.roles[name] = read_principal(self.account, "role", name)
        return self.roles[name]

    def __call__(self, value):
        if isinstance(value, Pseudo):
            return getattr(self.world, value.name)
        if isinstance(value, ServicePrincipal):
            return value.resolved(self.world.partition)
        if isinstance(value, Join):
            return "".join(str(self(p)) for p in value.parts)
        if isinstance(value, Ref):
            return self.ref(value)
        if isinstance(value, dict):
            return {k: self(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self(v) for v in value]
        return value

    def ref(self, ref: Ref):
        res = self.plan.get(ref.key)
        name = self(res.props.get("name")) if "name" in res.props else None
        if ref.attr == "name" and name is not None:
            return name
        if res.kind == "role" and ref.attr == "arn":
            found = self.role(name)
            return (
                found.arn
                if found
                else f"arn:{self.world.partition}:iam::{self.world.account}:role{res.props.get('path', '/')}{name}"
            )
        if res.kind == "managed_policy" and ref.attr == "arn":
            return f"arn:{self.world.partition}:iam::{self.world.account}:policy/{name}"
        if res.kind == "cluster" and ref.attr == "id":
            return self.cluster_ids.get(ref.key.split("/", 1)[1], f"(cluster {name} not found)")
        if res.kind == "studio" and ref.attr in ("id", "arn") and name in self.studio_ids:
            sid = self.studio_ids[name]
            return sid if ref.attr == "id" else self.world_arn("studio/" + sid)
        if res.kind == "studio" and ref.attr == "arn":
            return self.world_arn("studio/" + UNKNOWN)
        return UNKNOWN  # a studio's id without the Studio API, a security group's id: matched as any value

    def world_arn(self, resource: str) -> str:
        w = self.world
        return f"arn:{w.partition}:elasticmapreduce:{w.region}:{w.account}:{resource}"


def find_studios(plan, account: Account) -> tuple[dict, list]:
    """({studio name: id}, [APIs not available here])."""
    if not any(r.kind == "studio" for r in plan.resources):
        return {}, []
    try:
        return {s["Name"]: s["StudioId"] for s in account.items("emr", "ListStudios", "Studios", True)}, []
    except NotAvailable as exc:
        return {}, [exc.permission]


def find_clusters(plan, account: Account) -> dict:
    """spec cluster name -> id of the live cluster with the name emrgen gives it."""
    wanted = {r.props["name"]: r.key.split("/", 1)[1] for r in plan.resources if r.kind == "cluster"}
    if not wanted:
        return {}
    found = {}
    for summary in account.items("emr", "ListClusters", "Clusters", ClusterStates=ACTIVE):
        if summary.get("Name") in wanted:
            found.setdefault(wanted[summary["Name"]], summary["Id"])
    return found


def attachments(plan, resolve) -> dict:
    """(kind, name) -> [(policy name, ARN, rendered document)] of the plan's managed policies."""
    out: dict = {}
    for res in plan.resources:
        if res.kind == "managed_policy":
            entry = (resolve(res.props["name"]), resolve(Ref(res.key, "arn")), resolve(res.props["document"]))
            for plural, names in res.props.get("attach", {}).items():
                for target in names:
                    out.setdefault((plural[:-1], resolve(target)), []).append(entry)
    return out


def compare_role(res, resolve, attached, out: list) -> None:
    name = resolve(res.props["name"])
    deployed = resolve.role(name)
    if deployed is None:
        out.append(ResourceDrift("role", name, "missing"))
        return
    if not same(deployed.trust, resolve(res.props["trust"])):
        out.append(ResourceDrift("role", name, "trust policy", deployed.trust, resolve(res.props["trust"])))
    rendered = {n: resolve(d) for n, d in res.props["inline_policies"]}
    for policy in sorted(set(rendered) | set(deployed.inline)):
        if not same(deployed.inline.get(policy), rendered.get(policy)):
            out.append(
                ResourceDrift(
                    "role", name, f"inline policy {policy}", deployed.inline.get(policy), rendered.get(policy)
                )
            )
    want = {resolve(a) for a in res.props["managed_policy_arns"]} | {a for _, a, _ in attached.get(("role", name), [])}
    if set(deployed.managed) != want:
        out.append(ResourceDrift("role", name, "attached managed policies", sorted(deployed.managed), sorted(want)))


def compare_managed_policy(res, resolve, account: Account, out: list) -> None:
    import botocore.exceptions as bexc

    name, arn = resolve(res.props["name"]), resolve(Ref(res.key, "arn"))
    try:
        version = account.call("iam", "GetPolicy", PolicyArn=arn)["Policy"]["DefaultVersionId"]
    except bexc.ClientError:
        out.append(ResourceDrift("managed_policy", name, "missing"))
        return
    document = parse_document(
        account.call("iam", "GetPolicyVersion", PolicyArn=arn, VersionId=version)["PolicyVersion"]["Document"]
    )
    if not same(document, resolve(res.props["document"])):
        out.append(ResourceDrift("managed_policy", name, "document", document, resolve(res.props["document"])))
    entities = {"roles": [], "users": [], "groups": []}
    for page in account.pages("iam", "ListEntitiesForPolicy", PolicyArn=arn):
        entities["roles"] += [r["RoleName"] for r in page.get("PolicyRoles", [])]
        entities["users"] += [u["UserName"] for u in page.get("PolicyUsers", [])]
        entities["groups"] += [g["GroupName"] for g in page.get("PolicyGroups", [])]
    want = {k: sorted(resolve(v)) for k, v in res.props.get("attach", {}).items()}
    if {k: sorted(v) for k, v in entities.items() if k in want} != want:
        out.append(ResourceDrift("managed_policy", name, "attached to", entities, want))


def compare_security_configuration(res, resolve, account: Account, out: list) -> None:
    import botocore.exceptions as bexc

    name = resolve(res.props["name"])
    try:
        found = account.call("emr", "DescribeSecurityConfiguration", Name=name)
    except bexc.ClientError:
        out.append(ResourceDrift("security_configuration", name, "missing"))
        return
    deployed, rendered = parse_document(found["SecurityConfiguration"]), resolve(res.props["configuration"])
    if not same(deployed, rendered):
        out.append(ResourceDrift("security_configuration", name, "configuration", deployed, rendered))


def compare_cluster(res, resolve, account: Account, out: list) -> None:
    name, cid = resolve(res.props["name"]), resolve.cluster_ids.get(res.key.split("/", 1)[1])
    if cid is None:
        out.append(ResourceDrift("cluster", name, "missing (no active cluster with this name)"))
        return
    found = account.call("emr", "DescribeCluster", ClusterId=cid)["Cluster"]
    for what, deployed, rendered in (
        ("security configuration", found.get("SecurityConfiguration"), resolve(res.props["security_configuration"])),
        (
            "instance profile",
            ((found.get("Ec2InstanceAttributes") or {}).get("IamInstanceProfile") or "").rsplit("/", 1)[-1],
            resolve(res.props["instance_profile"]),
        ),
    ):
        if deployed != rendered:
            out.append(ResourceDrift("cluster", f"{name} ({cid})", what, deployed, rendered))


def compare_instance_profile(res, resolve, account: Account, out: list) -> None:
    import botocore.exceptions as bexc

    name = resolve(res.props["name"])
    try:
        roles = account.call("iam", "GetInstanceProfile", InstanceProfileName=name)["InstanceProfile"]["Roles"]
    except bexc.ClientError:
        out.append(ResourceDrift("instance_profile", name, "missing"))
        return
    if [r["RoleName"] for r in roles] != [resolve(res.props["role"])]:
        out.append(
            ResourceDrift(
                "instance_profile", name, "role", [r["RoleName"] for r in roles], [resolve(res.props["role"])]
            )
        )


def compare_session_mapping(res, resolve, account: Account, out: list) -> bool:
    """The mapping of the spec's identity on its studio, and the session policy it assigns; False (not compared)
    when the endpoint cannot tell the Studio's id or list its mappings. Mappings of identities the spec does not
    name are not read, as drift reads only the principals the spec names."""
    sid = resolve(res.props["studio"])
    if UNKNOWN in sid:
        return False
    if sid not in resolve.mappings:
        try:
            resolve.mappings[sid] = list(
                account.items("emr", "ListStudioSessionMappings", "SessionMappings", True, StudioId=sid)
            )
        except NotAvailable as exc:
            resolve.mappings[sid] = None
            resolve.unavailable.append(exc.permission)
    if resolve.mappings[sid] is None:
        return False
    kind, name, arn = res.props["identity_type"], resolve(res.props["identity_name"]), resolve(res.props["policy"])
    label = f"{kind} {name} on {sid}"
    found = [m for m in resolve.mappings[sid] if m.get("IdentityType") == kind and m.get("IdentityName") == name]
    if not found:
        out.append(ResourceDrift("session_mapping", label, "missing"))
    elif found[0].get("SessionPolicyArn") != arn:
        out.append(ResourceDrift("session_mapping", label, "session policy", found[0].get("SessionPolicyArn"), arn))
    return True
