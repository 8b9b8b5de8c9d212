"""Runtime-role grants: exact roles and patterns never share an operator; scoping by cluster ARN or tag."""

from __future__ import annotations

from generator.plan import build_plan
from generator.rules.validate import read_spec_bytes

SPEC = b"""version: 1
name: t
account_id: "111122223333"
clusters:
  - {name: legacy, id: j-ABC}
users:
  - name: mixed
    principal: {role: analyst}
    steps: true
    access:
      - runtime_roles: ["arn:aws:iam::111122223333:role/exact", "team-*", "arn:aws:iam::111122223333:role/other-?"]
        cluster_tags: {env: prod}
      - runtime_roles: ["arn:aws:iam::111122223333:role/exact"]
        clusters: [legacy]
"""


def statements():
    spec, _ = read_spec_bytes(SPEC)
    plan = build_plan(spec)
    return plan.get("user_policy/mixed").props["document"]["Statement"]


def test_exact_and_patterns_go_to_separate_statements_with_the_same_scope() -> None:
    exact, patterns, cluster = statements()
    assert exact["Condition"] == {
        "StringEquals": {
            "elasticmapreduce:ResourceTag/env": "prod",
            "elasticmapreduce:ExecutionRoleArn": ["arn:aws:iam::111122223333:role/exact"],
        }
    }
    assert patterns["Condition"]["StringEquals"] == {"elasticmapreduce:ResourceTag/env": "prod"}
    like = patterns["Condition"]["StringLike"]["elasticmapreduce:ExecutionRoleArn"]
    assert like[1] == "arn:aws:iam::111122223333:role/other-?"
    assert (
        like[0].parts[-1] == ":iam::111122223333:role/team-*"
    )  # a name pattern becomes an ARN pattern in this account
    assert exact["Resource"] == patterns["Resource"] == "*"
    assert exact["Action"] == ["elasticmapreduce:GetClusterSessionCredentials", "elasticmapreduce:AddJobFlowSteps"]
    assert cluster["Sid"] == "AllowRuntimeRoles2"
    assert [str(p) for p in cluster["Resource"][0].parts[-1:]] == [":111122223333:cluster/j-ABC"]


def test_sids_are_unique_within_a_policy() -> None:
    sids = [s["Sid"] for s in statements()]
    assert len(sids) == len(set(sids))
