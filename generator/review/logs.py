"""Which created clusters' logs each Studio user may read, and which spec buckets they may list, evaluated from the
generated policies (REVIEW.md's "Cluster logs" section; issue 11 items 3 and 5).

A cluster's logs are readable when the user may ``s3:GetObject`` a key under its ``log_uri`` and ``s3:ListBucket``
its bucket with ``s3:prefix`` the ``log_uri`` directory. Listing is asked without a prefix on every bucket of the
spec (runtime roles' data, Studio location, logs): a user who may list a whole data bucket sees every key name in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..plan import logs as plan_logs
from ..plan.core import Plan, cluster_key
from ..plan.policies import Env, split_s3
from ..plan.s3 import resolve as resolve_placeholders
from .evaluate import Request, decide
from .resolve import World, cluster_id, principal_policies, resolve, world_for


@dataclass(frozen=True)
class LogAccess:
    user: str
    principal: str
    clusters: tuple  # created clusters whose logs the user reads and lists
    listed_buckets: tuple  # spec buckets the user may list without a prefix (expected: none)


def concrete(plan: Plan, world: World, uri: str) -> tuple[str, str]:
    """(bucket, key) of an S3 URI with {account_id}/{region} filled in for ``world``."""
    env = Env(world.partition, world.account, world.region)
    return split_s3(resolve(resolve_placeholders(env, uri), plan, world))


def spec_buckets(plan: Plan, world: World) -> list[str]:
    spec = plan.spec
    uris = [u for r in spec.runtime_roles for u in (*r.s3_read, *r.s3_write)]
    uris += [c.log_uri for c in spec.created_clusters if c.log_uri]
    if spec.studio is not None and spec.studio.default_s3_location:
        uris.append(spec.studio.default_s3_location)
    return sorted({concrete(plan, world, u)[0] for u in uris})


def reads_logs(principal, plan: Plan, world: World, cluster) -> bool:
    bucket, key = concrete(plan, world, cluster.log_uri)
    directory = f"{key.rstrip('/')}/" if key.rstrip("/") else ""
    obj = f"arn:{world.partition}:s3:::{bucket}/{directory}{cluster_id(cluster_key(cluster))}/steps/s-1/stdout.gz"
    listing = Request(
        "s3:ListBucket", f"arn:{world.partition}:s3:::{bucket}", {"s3:prefix": directory} if directory else {}
    )
    return all(
        decide(principal.identity, principal.session, r).allowed for r in (Request("s3:GetObject", obj), listing)
    )


def log_access(plan: Plan, evaluated: bool = True) -> list[LogAccess]:
    """Per user, evaluated (or, past the users a render evaluates, as planned: plan/logs.py)."""
    spec = plan.spec
    world = world_for(spec)
    logged = [c for c in spec.created_clusters if c.log_uri]
    buckets = spec_buckets(plan, world) if evaluated else []
    out = []
    for user_plan, user in zip(plan.users, spec.users, strict=False):
        if not evaluated:
            uris = set(plan_logs.reached_log_uris(spec, user))
            out.append(
                LogAccess(user.name, user_plan.principal, tuple(c.name for c in logged if c.log_uri in uris), ())
            )
            continue
        principal = principal_policies(plan, user_plan, world)
        clusters = tuple(c.name for c in logged if reads_logs(principal, plan, world, c))
        listed = tuple(
            b
            for b in buckets
            if decide(
                principal.identity, principal.session, Request("s3:ListBucket", f"arn:{world.partition}:s3:::{b}")
            ).allowed
        )
        out.append(LogAccess(user.name, user_plan.principal, clusters, listed))
    return out
