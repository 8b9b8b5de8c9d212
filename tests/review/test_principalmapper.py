"""Cross-check: an independent IAM evaluator (principalmapper, TOOLCHAIN.md §6) decides every request the
same way as generator/review/evaluate.py, on the generated policies of every example and access shape."""

from __future__ import annotations

import collections
import collections.abc

import pytest

from generator.plan import build_plan
from generator.review.evaluate import Request, decide
from generator.review.resolve import principal_policies, world_for

from .. import intent
from .test_access_intent import CASES, load

# principalmapper 1.1.5 still imports Mapping from collections (removed in Python 3.10).
collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]
collections.MutableMapping = collections.abc.MutableMapping  # type: ignore[attr-defined]

from principalmapper.common import Node, Policy  # noqa: E402
from principalmapper.querying.query_interface import local_check_authorization_full  # noqa: E402


def node_for(principal, world) -> tuple[Node, dict | None]:
    policies = [
        Policy(f"arn:{world.partition}:iam::{world.account}:policy/{name}", name, document)
        for name, document in principal.identity
    ]
    arn = f"arn:{world.partition}:iam::{world.account}:user/studio-principal"
    node = Node(arn, "AIDAEXAMPLEEXAMPLE", policies, None, None, None, 0, False, False, None, False, None)
    session = None
    if principal.session is not None:
        # Several session policies act as one: their statements together.
        session = {
            "Version": "2012-10-17",
            "Statement": [st for _, document in principal.session for st in document["Statement"]],
        }
    return node, session


@pytest.mark.parametrize("case", CASES, ids=lambda c: c if isinstance(c, str) else c.stem)
def test_principalmapper_agrees_with_the_evaluator(case) -> None:
    spec = load(case)
    plan = build_plan(spec)
    world = world_for(spec)
    roles = intent.role_decoys(spec, world)
    clusters = intent.cluster_decoys(spec, world, plan)
    checked, allowed, wrong = 0, 0, []
    for user_plan in plan.users:
        principal = principal_policies(plan, user_plan, world)
        node, session = node_for(principal, world)
        for action in (intent.SESSION, intent.STEPS):
            for role in roles:
                for cluster in clusters:
                    ctx = {"elasticmapreduce:ExecutionRoleArn": role}
                    ctx.update({f"elasticmapreduce:ResourceTag/{k}": v for k, v in cluster.tags})
                    request = Request(action, cluster.arn, ctx)
                    ours = decide(principal.identity, principal.session, request).allowed
                    theirs = local_check_authorization_full(
                        node, action, cluster.arn, dict(ctx), session_policy=session
                    )
                    checked += 1
                    allowed += ours
                    if ours != theirs:
                        wrong.append(
                            f"{user_plan.name} {action} {role} {cluster.why}: ours {ours}, principalmapper {theirs}"
                        )
    assert not wrong, "\n".join(wrong[:20])
    assert not plan.users or allowed, "nothing allowed: the comparison would prove nothing"
