"""Concrete example values for the plan's references, and each Studio user's policies as IAM sees them.

The plan's policy documents hold ``Ref``/``Join``/``Pseudo`` values that only CloudFormation or Terraform
can fill in. To evaluate them (``evaluate.py``) we resolve them in a chosen *world*: the spec's partition,
account and region where it pins them, else example ones; example ids for clusters and the studio that
emrgen creates. Ids derive from the plan key alone, so the same cluster gets the same id in two specs
(``emrgen diff`` compares them).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

from ..plan.core import Plan, UserPlan
from ..plan.refs import Join, Pseudo, Ref, ServicePrincipal

EXAMPLE_PARTITION = "aws"
EXAMPLE_ACCOUNT = "123456789012"
EXAMPLE_REGION = "us-east-1"


@dataclass(frozen=True)
class World:
    partition: str
    account: str
    region: str

    def role_arn(self, name: str) -> str:
        return f"arn:{self.partition}:iam::{self.account}:role/{name}"

    def cluster_arn(self, cluster_id: str, region: str | None = None, account: str | None = None) -> str:
        return (
            f"arn:{self.partition}:elasticmapreduce:{region or self.region}:"
            f"{account or self.account}:cluster/{cluster_id}"
        )


def world_for(spec) -> World:
    """With targets, the example region is the first target region (policy names carry it with several)."""
    region = spec.region or (spec.targets.regions[0] if spec.targets is not None else EXAMPLE_REGION)
    return World(spec.partition or EXAMPLE_PARTITION, spec.account_id or EXAMPLE_ACCOUNT, region)


def example_id(prefix: str, length: int, seed: str) -> str:
    """An id of the right shape (j-XXXXXXXXXXXXX, es-..., sg-...) that is stable for a seed."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    if prefix == "sg-":
        return prefix + digest.hex()[:length]
    return prefix + base64.b32encode(digest).decode("ascii")[:length]


def cluster_id(key: str) -> str:
    return example_id("j-", 13, key)


class UnresolvableRef(ValueError):
    pass


def resolve(value: Any, plan: Plan, world: World) -> Any:
    """A plan value with every reference replaced by a concrete example string."""
    if isinstance(value, Pseudo):
        return getattr(world, value.name)
    if isinstance(value, ServicePrincipal):
        return value.resolved(world.partition)
    if isinstance(value, Join):
        return "".join(resolve(p, plan, world) for p in value.parts)
    if isinstance(value, Ref):
        return _ref(value, plan, world)
    if isinstance(value, dict):
        return {k: resolve(v, plan, world) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [resolve(v, plan, world) for v in value]
    return value


def _ref(ref: Ref, plan: Plan, world: World) -> str:
    res = plan.get(ref.key)
    name = lambda: resolve(res.props["name"], plan, world)  # noqa: E731 - evaluated only when needed
    if ref.attr == "name" and "name" in res.props:
        return name()
    if res.kind == "role" and ref.attr == "arn":
        return f"arn:{world.partition}:iam::{world.account}:role/{name()}"
    if res.kind == "managed_policy" and ref.attr == "arn":
        return f"arn:{world.partition}:iam::{world.account}:policy/{name()}"
    if res.kind == "cluster" and ref.attr == "id":
        return cluster_id(ref.key)
    if res.kind == "studio" and ref.attr == "id":
        return example_id("es-", 25, ref.key)
    if res.kind == "studio" and ref.attr == "arn":
        return f"arn:{world.partition}:elasticmapreduce:{world.region}:{world.account}:studio/{example_id('es-', 25, ref.key)}"
    if res.kind == "security_group" and ref.attr == "id":
        return example_id("sg-", 17, ref.key)
    raise UnresolvableRef(f"cannot resolve {ref.attr} of {ref.key} ({res.kind})")


@dataclass(frozen=True)
class PrincipalPolicies:
    """What IAM evaluates for one Studio user: identity policies and, for SSO, the session policies."""

    label: str  # "role analyst", "sso_user jane@example.com"
    identity: tuple  # ((policy name, document), ...)
    session: tuple | None  # None: no session policy (IAM auth mode)


def user_policy_keys(plan: Plan, user: UserPlan) -> list[str]:
    """The plan keys of a user's managed policies: one today; a list once grants are packed into several
    policies (the ``policy_keys`` attribute, when the plan has it)."""
    keys = getattr(user, "policy_keys", None)
    return list(keys) if keys else [user.policy_key]


def _named_document(plan: Plan, key: str, world: World) -> tuple:
    res = plan.get(key)
    return resolve(res.props["name"], plan, world), resolve(res.props["document"], plan, world)


def attached_policies(plan: Plan, world: World, kind: str, name: str) -> list[tuple]:
    """Every policy emrgen generates for IAM principal (kind, name): managed policies attached to it
    (any user's), and inline policies when emrgen creates that role."""
    return list(_attachment_index(plan, world).get((kind, name), ()))


def _attachment_index(plan: Plan, world: World) -> dict:
    """(kind, name) -> named policy documents, built once per plan and world: asking per user and scanning
    every resource each time made the matrix quadratic in the number of users. Kept on the plan itself
    (an id()-keyed global could hand a new plan a freed one's index)."""
    cache = plan.__dict__.setdefault("_attachment_indexes", {})
    key = (world, len(plan.resources))  # a plan edited after planning (tests) is indexed anew
    if key not in cache:
        index: dict = {}
        for res in plan.resources:
            if res.kind == "managed_policy":
                named = None
                for kind_plural, targets in res.props.get("attach", {}).items():
                    for target in targets:
                        named = named or _named_document(plan, res.key, world)
                        index.setdefault((kind_plural[:-1], resolve(target, plan, world)), []).append(named)
            elif res.kind == "role":
                name = resolve(res.props["name"], plan, world)
                index.setdefault(("role", name), []).extend(
                    (f"{name}/{pname}", resolve(doc, plan, world)) for pname, doc in res.props["inline_policies"]
                )
        cache.clear()
        cache[key] = index
    return cache[key]


def principal_policies(plan: Plan, user: UserPlan, world: World) -> PrincipalPolicies:
    keys = user_policy_keys(plan, user)
    first = plan.get(keys[0]).props.get("attach", {})
    kind, target = next((k[:-1], resolve(v[0], plan, world)) for k, v in sorted(first.items()) if v)
    identity = tuple(attached_policies(plan, world, kind, target))
    if plan.spec.sso:
        # The Studio user role carries every user's session policy; each user's session narrows it to theirs.
        session = tuple(_named_document(plan, k, world) for k in keys)
        return PrincipalPolicies(user.principal, identity, session)
    return PrincipalPolicies(user.principal, identity, None)
