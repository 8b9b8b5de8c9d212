"""The generated policies grant exactly what the spec means: no over-grant, no under-grant.

For every access shape of SPEC.md (exact roles, patterns, role ARNs, cluster lists, tags, any cluster,
steps, SSO, users sharing a principal) and every example, the evaluator runs on the plan's resolved policy
documents and must agree with ``intent.intended`` on every (user, action, role, cluster) over decoys.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import assume, given

from generator.errors import SpecError
from generator.plan import build_plan
from generator.review.evaluate import Request, decide, may_allow
from generator.review.resolve import principal_policies, world_for
from generator.rules.validate import read_spec, read_spec_bytes

from .. import intent
from ..conftest import SPECS
from ..strategies import specs

SHAPES = {
    "exact-any": """
runtime_roles: [{name: test-emr-demo1, arn: "arn:aws:iam::111122223333:role/test-emr-demo1"},
                {name: test-emr-demo2, arn: "arn:aws:iam::111122223333:role/test-emr-demo2"}]
users:
  - {name: u, principal: {role: r1}, access: [{runtime_roles: [test-emr-demo1, test-emr-demo2]}]}
""",
    "pattern-tags": """
clusters: [{name: t, id: j-987654321, tags: {tagKey: tagValue}}]
users:
  - {name: u, principal: {role: r1}, access: [{runtime_roles: ["test-emr-demo4*"], cluster_tags: {tagKey: tagValue}}]}
""",
    "cluster-list-steps": """
runtime_roles: [{name: test-emr-demo3, arn: "arn:aws:iam::111122223333:role/test-emr-demo3"}]
clusters: [{name: a, id: j-123456789}, {name: b, id: j-ABCDEFGHIJ}, {name: c, id: j-CCCCCCCCCC}]
users:
  - {name: u, principal: {user: alice}, steps: true, access: [{runtime_roles: [test-emr-demo3], clusters: [a, b]}]}
""",
    "mixed-entries-and-tags": """
runtime_roles: [{name: etl, arn: "arn:aws:iam::111122223333:role/etl"}]
clusters: [{name: a, id: j-123456789, tags: {env: prod, team: x}}, {name: b, id: j-BBBBBBBBBB, tags: {env: dev}}]
users:
  - name: u
    principal: {group: devs}
    steps: true
    access:
      - runtime_roles: [etl, "arn:aws:iam::111122223333:role/exact", "team-*", "arn:aws:iam::*:role/x-?"]
        cluster_tags: {env: prod, team: x}
      - runtime_roles: [etl]
        clusters: [b]
        cluster_tags: {env: dev}
  - {name: v, principal: {role: r2}, access: [{runtime_roles: ["arn:aws:iam::111122223333:role/exact"], clusters: any}]}
""",
    "match-tags": """
runtime_roles: [{name: etl, existing: true}, {name: made}]
clusters:
  - {name: team, match_tags: {team: x, env: prod}, instance_profile_role: team-ec2}
  - {name: fixed, id: j-123456789}
users:
  - name: u
    principal: {role: analyst}
    steps: true
    access:
      - {runtime_roles: [etl, made], clusters: [team, fixed]}
      - {runtime_roles: [etl], clusters: [team], cluster_tags: {owner: me}}
""",
    "shared-principal": """
runtime_roles: [{name: r-a, arn: "arn:aws:iam::111122223333:role/r-a"}, {name: r-b, arn: "arn:aws:iam::111122223333:role/r-b"}]
clusters: [{name: a, id: j-123456789}, {name: b, id: j-BBBBBBBBBB}]
users:
  - {name: u1, principal: {role: analyst}, access: [{runtime_roles: [r-a], clusters: [a]}]}
  - {name: u2, principal: {role: "arn:aws:iam::111122223333:role/analyst"}, steps: true,
     access: [{runtime_roles: [r-b], clusters: [b]}]}
""",
}
HEADER = 'version: 1\nname: shape\naccount_id: "111122223333"\n'
UNPINNED = {
    "unpinned-account": HEADER.replace('account_id: "111122223333"\n', "") + SHAPES["pattern-tags"],
    "gov-partition": HEADER
    + "partition: aws-us-gov\nregion: us-gov-west-1\n"
    + SHAPES["mixed-entries-and-tags"].replace("arn:aws:", "arn:aws-us-gov:"),
}


def load(name):
    if name in SHAPES:
        return read_spec_bytes((HEADER + SHAPES[name]).encode(), f"{name}.yaml")[0]
    if name in UNPINNED:
        return read_spec_bytes(UNPINNED[name].encode(), f"{name}.yaml")[0]
    return read_spec(name)[0]


CASES = list(SHAPES) + list(UNPINNED) + SPECS


def disagreements(spec, plan) -> tuple[list[str], dict]:
    """Every (user, action, role, cluster) where the evaluated policies and the intent differ."""
    world = world_for(spec)
    roles = intent.role_decoys(spec, world)
    clusters = intent.cluster_decoys(spec, world, plan)
    counts = {True: 0, False: 0}
    wrong = []
    for user_plan, user in zip(plan.users, spec.users, strict=False):
        principal = principal_policies(plan, user_plan, world)
        for action in (intent.SESSION, intent.STEPS):
            for role in roles:
                for cluster in clusters:
                    ctx = {"elasticmapreduce:ExecutionRoleArn": role}
                    ctx.update({f"elasticmapreduce:ResourceTag/{k}": v for k, v in cluster.tags})
                    request = Request(action, cluster.arn, ctx)
                    decision = decide(principal.identity, principal.session, request)
                    expected = intent.intended(spec, world, user, action, role, cluster)
                    counts[expected] += 1
                    narrowest = principal.session if principal.session is not None else principal.identity
                    if decision.allowed and not may_allow(narrowest, action, "elasticmapreduce:ExecutionRoleArn", role):
                        wrong.append(f"{user.name} {action} {role} on {cluster.why}: may_allow pruned an Allow")
                    if decision.allowed != expected:
                        wrong.append(
                            f"{user.name} {action.split(':')[1]} {role} on {cluster.why}: "
                            f"{'over' if decision.allowed else 'under'}-grant"
                        )
    return wrong, counts


@pytest.mark.parametrize("case", CASES, ids=lambda c: c if isinstance(c, str) else c.stem)
def test_generated_policies_grant_exactly_the_intent(case) -> None:
    spec = load(case)
    wrong, counts = disagreements(spec, build_plan(spec))
    assert not wrong, f"{len(wrong)} disagreements, e.g.:\n" + "\n".join(wrong[:20])
    if spec.users:
        assert counts[True] and counts[False] > counts[True], counts  # decoys really were tried on both sides


def _grant_statements(plan):
    for res in plan.resources:
        if res.kind == "managed_policy":
            for st in res.props["document"]["Statement"]:
                if "elasticmapreduce:GetClusterSessionCredentials" in st["Action"]:
                    yield st


def _drop_tags(st):
    for op in list(st["Condition"]):
        st["Condition"][op] = {k: v for k, v in st["Condition"][op].items() if "ResourceTag" not in k}
        if not st["Condition"][op]:
            del st["Condition"][op]


MUTATIONS = {
    "tag condition dropped": ("pattern-tags", _drop_tags, "over"),
    "any resource instead of the cluster list": ("cluster-list-steps", lambda st: st.update(Resource="*"), "over"),
    "exact ARN widened to a prefix": (
        "exact-any",
        lambda st: st["Condition"].update(
            StringLike={k: [v + "*" for v in vs] for k, vs in st["Condition"].pop("StringEquals").items()}
        ),
        "over",
    ),
    "steps action lost": ("cluster-list-steps", lambda st: st.update(Action=st["Action"][:1]), "under"),
    "exact and pattern in one statement": (
        "pattern-tags",
        lambda st: (
            st["Condition"]
            .setdefault("StringEquals", {})
            .update({"elasticmapreduce:ExecutionRoleArn": "arn:aws:iam::111122223333:role/x"})
        ),
        "under",
    ),
    "session policy of another user": ("sso-studio", None, "over"),
}


@pytest.mark.parametrize("name", MUTATIONS)
def test_the_comparison_catches_wrong_policies(name) -> None:
    """The harness has teeth: a deliberately broken plan is reported, with the right direction."""
    case, mutate, direction = MUTATIONS[name]
    spec = load(next(c for c in CASES if (c if isinstance(c, str) else c.stem) == case))
    plan = build_plan(spec)
    if mutate is None:  # give marketing the finance session policy
        plan.get("user_policy/marketing").props["document"] = plan.get("user_policy/finance").props["document"]
    else:
        for st in _grant_statements(plan):
            mutate(st)
    wrong, _ = disagreements(spec, plan)
    assert wrong and any(w.endswith(f"{direction}-grant") for w in wrong), wrong[:5]


def test_pattern_reaches_declared_roles_it_matches() -> None:
    """The matrix shows what a pattern also reaches: a declared role whose ARN matches it."""
    from generator.review.access import matrix

    spec = read_spec_bytes(
        (
            HEADER
            + """
runtime_roles: [{name: team-a, arn: "arn:aws:iam::111122223333:role/team-a"}, {name: other, arn: "arn:aws:iam::111122223333:role/other"}]
clusters: [{name: c, id: j-123456789, tags: {k: v}}]
users:
  - {name: u, principal: {role: r}, access: [{runtime_roles: ["team-*"], cluster_tags: {k: v}}]}
"""
        ).encode()
    )[0]
    cells = matrix(build_plan(spec))
    assert {(c.runtime_role, c.match, c.clusters) for c in cells} == {
        # Reached through the pattern only: a pattern row (issue 11 item 2), though the role is declared.
        ("team-a", "pattern", "c"),
        ("team-a", "pattern", "other clusters tagged k=v"),
        ("team-*", "pattern", "c"),
        ("team-*", "pattern", "other clusters tagged k=v"),
    }
    assert all(c.granted_by == ("shape-user-u#AllowRuntimeRolePatterns",) for c in cells)


def test_any_cluster_grants_read_as_one_row() -> None:
    from generator.review.access import matrix

    cells = matrix(build_plan(load("exact-any")))
    assert [(c.runtime_role, c.clusters, c.actions) for c in cells] == [
        ("test-emr-demo1", "any cluster", ("GetClusterSessionCredentials",)),
        ("test-emr-demo2", "any cluster", ("GetClusterSessionCredentials",)),
    ]


@pytest.mark.parametrize("example,user", [("iam-studio", "engineers"), ("sso-studio", "jane")])
def test_grants_split_over_several_policies_give_the_same_matrix(example, user) -> None:
    """Issue 4 packs a user's grants into several managed policies: the evaluator takes them all."""
    from generator.plan.policies import document
    from generator.review.access import matrix

    from ..conftest import ROOT

    plan = build_plan(read_spec(ROOT / "examples" / f"{example}.yaml")[0])
    before = matrix(plan)
    res = plan.get(f"user_policy/{user}")
    statements = res.props["document"]["Statement"]
    moved = [st for st in statements if "elasticmapreduce:GetClusterSessionCredentials" in st["Action"]]
    res.props["document"] = document(*[st for st in statements if st not in moved])
    plan.add(
        f"user_policy/{user}-2",
        "managed_policy",
        "users",
        f"UserPolicy-{user}-2",
        name=res.props["name"] + "-2",
        description="",
        document=document(*moved),
        attach=res.props["attach"],
    )
    user_plan = next(u for u in plan.users if u.name == user)
    user_plan.policy_keys = [f"user_policy/{user}", f"user_policy/{user}-2"]
    after = matrix(plan)
    assert [(c.user, c.runtime_role, c.clusters, c.actions) for c in after] == [
        (c.user, c.runtime_role, c.clusters, c.actions) for c in before
    ]
    assert {g for c in after if c.user == user for g in c.granted_by} == {
        g.replace(f"-user-{user}#", f"-user-{user}-2#") for c in before if c.user == user for g in c.granted_by
    }


@given(specs())
def test_any_valid_spec_grants_exactly_its_intent(data: dict) -> None:
    """Property: for generated specs (hostile SSO names, patterns, tags, steps, either auth mode) too."""
    try:
        spec = read_spec_bytes(yaml.safe_dump(data, allow_unicode=True).encode(), "spec.yaml")[0]
    except SpecError:
        assume(False)
    wrong, _ = disagreements(spec, build_plan(spec))
    assert not wrong, wrong[:5]
