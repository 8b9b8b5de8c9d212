"""SPEC.md §5 "Existing things by name": runtime_roles[].existing, clusters[].match_tags and
clusters[].instance_profile_role, which make policies-only rollouts to an Organization expressible."""

from __future__ import annotations

from generator.plan import build_plan
from generator.rules.validate import read_spec_bytes

SPEC = """version: 1
name: t
targets: {organizational_units: [ou-ab12-cdef3456], regions: [us-east-1]}
runtime_roles:
  - {name: team-reader, existing: true}
  - {name: made-here}
clusters:
  - {name: team, match_tags: {team: x, env: prod}, instance_profile_role: team-ec2}
users:
  - {name: u, principal: {role: analyst}, access: [{runtime_roles: [team-reader, made-here], clusters: [team]}]}
"""


def plan_of(text: str):
    spec, findings = read_spec_bytes(text.encode(), "t.yaml")
    assert not [f for f in findings if f.severity == "error"], findings
    return spec, build_plan(spec)


def test_existing_role_by_name_is_not_created_and_created_role_trusts_the_named_profile_role() -> None:
    spec, plan = plan_of(SPEC)
    roles = {r.props["name"]: r for r in plan.resources if r.kind == "role"}
    assert set(roles) == {"made-here"}  # team-reader exists in every account: referenced only
    (statement,) = roles["made-here"].props["trust"]["Statement"]
    # Built in each account from the deploying account (a Pseudo), never a pinned 12-digit id.
    principal = statement["Principal"]["AWS"]
    assert [p if isinstance(p, str) else p.name for p in principal.parts] == [
        "arn:",
        "partition",
        ":iam::",
        "account",
        ":role/team-ec2",
    ]


def test_access_to_a_tag_selected_cluster_is_a_resource_tag_condition_on_any_cluster() -> None:
    _, plan = plan_of(SPEC)
    (policy,) = [r for r in plan.resources if r.kind == "managed_policy"]
    (statement,) = policy.props["document"]["Statement"]
    assert statement["Resource"] == "*"
    cond = statement["Condition"]["StringEquals"]
    assert cond["elasticmapreduce:ResourceTag/team"] == "x" and cond["elasticmapreduce:ResourceTag/env"] == "prod"
    assert len(cond["elasticmapreduce:ExecutionRoleArn"]) == 2


def test_no_trusting_cluster_is_still_e205_but_existing_true_is_not() -> None:
    import pytest

    from generator.errors import SpecError

    base = "version: 1\nname: t\nruntime_roles:\n  - {name: r%s}\n"
    with pytest.raises(SpecError, match="E205"):
        read_spec_bytes((base % "").encode(), "t.yaml")
    users = "users: [{name: u, principal: {role: a}, access: [{runtime_roles: [r], cluster_tags: {k: v}}]}]\n"
    findings = read_spec_bytes((base % ", existing: true" + users).encode(), "t.yaml")[1]
    assert not [f for f in findings if f.severity == "error"], findings
