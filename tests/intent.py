"""The spec's intent, written from SPEC.md alone (not from grants.py or the evaluator), and decoys around it.

``intended`` answers "should this user be able to call ACTION as ROLE_ARN on CLUSTER?" straight from the
spec's words: a declared role means its exact ARN; an ARN means itself; a pattern matches role ARNs in the
account like a shell glob; ``clusters: [..]`` means those clusters' ARNs, ``cluster_tags`` means every tag
present with that value, both together mean both; ``steps: true`` adds AddJobFlowSteps. IAM users that share
one principal share its policies, so their intents are united. SSO users each have their own session.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from generator.plan.core import cluster_key
from generator.review.resolve import World, cluster_id

SESSION = "elasticmapreduce:GetClusterSessionCredentials"
STEPS = "elasticmapreduce:AddJobFlowSteps"
OTHER_ACCOUNT = "999988887777"


@dataclass(frozen=True)
class Cluster:
    why: str
    arn: str
    tags: tuple = ()


def declared_cluster_arn(spec, world: World, name: str) -> str:
    cluster = spec.cluster(name)
    return world.cluster_arn(cluster.id or cluster_id(cluster_key(cluster)))


def role_entry_arn(spec, world: World, entry: str) -> str:
    role = spec.runtime_role(entry)
    if role is not None:
        return role.arn or world.role_arn(role.name)
    return entry if entry.startswith("arn:") else world.role_arn(entry)


def role_ok(spec, world: World, entry: str, role_arn: str) -> bool:
    target = role_entry_arn(spec, world, entry)
    if spec.runtime_role(entry) is None and ("*" in entry or "?" in entry):
        return fnmatchcase(role_arn, target)
    return role_arn == target


def cluster_ok(spec, world: World, access, cluster: Cluster) -> bool:
    tags = dict(cluster.tags)
    if not all(tags.get(k) == v for k, v in access.cluster_tags.items()):
        return False
    if access.clusters == "any":
        return True
    # SPEC.md §5: a cluster selected by match_tags is every cluster that carries all of those tags.
    by_tags = [spec.cluster(n).match_tags for n in access.clusters if spec.cluster(n).by_tags]
    if any(all(tags.get(k) == v for k, v in wanted.items()) for wanted in by_tags):
        return True
    return cluster.arn in {declared_cluster_arn(spec, world, n) for n in access.clusters if not spec.cluster(n).by_tags}


def sharing(spec, user):
    """The users whose policies the same IAM principal holds (SSO: only the user)."""
    if user.principal.is_sso:
        return [user]
    key = (user.principal.kind, user.principal.iam_name)
    return [u for u in spec.users if (u.principal.kind, u.principal.iam_name) == key]


def intended(spec, world: World, user, action: str, role_arn: str, cluster: Cluster) -> bool:
    for u in sharing(spec, user):
        if action == STEPS and not u.steps:
            continue
        for access in u.access:
            if any(role_ok(spec, world, e, role_arn) for e in access.runtime_roles) and cluster_ok(
                spec, world, access, cluster
            ):
                return True
    return False


def _swap_account(arn: str, account: str) -> str:
    parts = arn.split(":", 5)
    parts[4] = account
    return ":".join(parts)


def _swap(arn: str, index: int, value: str) -> str:
    parts = arn.split(":", 5)
    parts[index] = value
    return ":".join(parts)


def role_decoys(spec, world: World) -> list[str]:
    """Every role the spec names, and near misses around each: suffix, prefix, other account, other
    partition, a path, upper case; pattern witnesses and the AWS page's test-emr-demo4x."""
    arns: list[str] = []
    fixed = ["test-emr-demo4", "test-emr-demo4x", "test-emr-demo", "test-emr-demo1", "unrelated", "a"]
    bases = [world.role_arn(n) for n in fixed]
    for role in spec.runtime_roles:
        bases.append(role.arn or world.role_arn(role.name))
    for user in spec.users:
        for access in user.access:
            for entry in access.runtime_roles:
                target = role_entry_arn(spec, world, entry)
                if "*" in target or "?" in target:
                    literal = target.split("*")[0].split("?")[0]
                    bases += [
                        target.replace("*", "").replace("?", "q"),
                        target.replace("*", "-zz").replace("?", "7"),
                        literal[:-1],
                        literal + "/nested",
                    ]
                else:
                    bases.append(target)
    for arn in bases:
        name = arn.rsplit("/", 1)[-1]
        head = arn[: len(arn) - len(name)]
        arns += [arn, arn + "x", arn[:-1], head + "team/" + name, head + name.upper()]
        if arn.count(":") >= 5:
            arns += [_swap_account(arn, OTHER_ACCOUNT), _swap(arn, 1, "aws-cn")]
    return sorted(set(arns))


def cluster_decoys(spec, world: World, plan) -> list[Cluster]:
    """Declared clusters (with the tags they carry, and without), the same ids elsewhere, other ids, and
    undeclared clusters with each granted tag set, a partial set, other values and extra tags."""
    out: list[Cluster] = []
    tag_sets = {tuple(sorted(a.cluster_tags.items())) for u in spec.users for a in u.access if a.cluster_tags}
    for cluster in spec.clusters:
        arn = declared_cluster_arn(spec, world, cluster.name)
        tags = tuple(
            sorted(
                (
                    plan.get(cluster_key(cluster)).props["tags"]
                    if cluster.created
                    else {**cluster.tags, **cluster.match_tags}
                ).items()
            )
        )
        out += [
            Cluster(f"{cluster.name}", arn, tags),
            Cluster(f"{cluster.name} untagged", arn),
            Cluster(f"{cluster.name} in us-west-2", _swap(arn, 3, "us-west-2"), tags),
            Cluster(f"{cluster.name} in another account", _swap_account(arn, OTHER_ACCOUNT), tags),
            Cluster(f"{cluster.name} in aws-cn", _swap(arn, 1, "aws-cn"), tags),
            Cluster(f"{cluster.name} other id", arn[:-2] + "ZZ", tags),
            Cluster(f"{cluster.name} id prefix", arn[:-1], tags),
        ]
        for key, _value in tags:
            out.append(
                Cluster(f"{cluster.name} {key} changed", arn, tuple((k, v + "x" if k == key else v) for k, v in tags))
            )
    other = world.cluster_arn("j-0THERCLUSTER1")
    out.append(Cluster("undeclared untagged", other))
    for tags in sorted(tag_sets):
        out += [
            Cluster(f"undeclared tagged {tags}", other, tags),
            Cluster(f"undeclared tagged {tags} + extra", other, tags + (("extra", "tag"),)),
            Cluster(f"undeclared tagged {tags} in us-west-2", _swap(other, 3, "us-west-2"), tags),
            Cluster(f"undeclared {tags} partial", other, tags[1:]),
            Cluster(f"undeclared {tags} upper-case values", other, tuple((k, v.upper() + "X") for k, v in tags)),
            Cluster(f"undeclared {tags} empty values", other, tuple((k, "") for k, _ in tags)),
        ]
    return out
