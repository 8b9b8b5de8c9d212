"""SPEC.md §5 "Trust follows use": a created runtime role trusts exactly the instance-profile roles of the clusters
it may run on. Source: Management Guide, "Runtime roles for Amazon EMR steps" (emr-steps-runtime-roles.html): the
trust names the instance-profile role of the cluster that assumes the runtime role."""

from __future__ import annotations

from generator.plan import build_plan
from generator.rules.validate import read_spec_bytes

SPEC = b"""version: 1
name: t
account_id: "111122223333"
network: {vpc_id: vpc-0123456789abcdef0, subnet_ids: [subnet-0123456789abcdef0]}
runtime_roles:
  - name: a
  - name: b
  - name: c
  - name: team-x
clusters:
  - {name: made, runtime_roles: [a]}
  - {name: old1, id: j-AAA, instance_profile_role_arn: "arn:aws:iam::111122223333:role/old1-ec2"}
  - {name: old2, id: j-BBB, instance_profile_role_arn: "arn:aws:iam::111122223333:role/old2-ec2", tags: {env: prod}}
  - {name: old3, id: j-CCC, instance_profile_role_arn: "arn:aws:iam::111122223333:role/old3-ec2", runtime_roles: [c]}
  - {name: old4, id: j-DDD, instance_profile_role_arn: "arn:aws:iam::111122223333:role/old4-ec2"}
users:
  - name: u
    principal: {role: analyst}
    access:
      - runtime_roles: [b]
        clusters: [old1]
      - runtime_roles: ["team-*"]
        cluster_tags: {env: prod}
"""


def principals(plan, role: str) -> list:
    statement = plan.get(f"runtime_role/{role}").props["trust"]["Statement"][0]
    value = statement["Principal"]["AWS"]
    value = value if isinstance(value, list) else [value]
    return sorted(v if isinstance(v, str) else v.key for v in value)


def test_each_runtime_role_trusts_only_the_clusters_it_is_used_on() -> None:
    spec, _ = read_spec_bytes(SPEC)
    plan = build_plan(spec)
    # a: the created cluster lists it; no access row uses it on an existing cluster.
    assert principals(plan, "a") == ["instance_profile_role/made"]
    # b: granted on old1 only (old4 gives an instance-profile role but nobody uses b there).
    assert principals(plan, "b") == ["arn:aws:iam::111122223333:role/old1-ec2"]
    # c: old3 lists it explicitly.
    assert principals(plan, "c") == ["arn:aws:iam::111122223333:role/old3-ec2"]
    # team-x: reached by a pattern row scoped to env=prod, which old2 carries.
    assert principals(plan, "team-x") == ["arn:aws:iam::111122223333:role/old2-ec2"]


def trust_of(propagate: bool) -> list:
    text = SPEC.replace(
        b"runtime_roles:\n  - name: a",
        b"security_configuration: {propagate_source_identity: %s}\n"
        b"runtime_roles:\n  - name: a" % (b"true" if propagate else b"false"),
    )
    spec, _ = read_spec_bytes(text)
    return build_plan(spec).get("runtime_role/a").props["trust"]["Statement"]


def test_base_trust_is_assume_role_and_tag_session_only() -> None:
    # [RR] AllowAssumeRole: sts:AssumeRole + sts:TagSession, no condition; nothing about source identity.
    [base] = trust_of(False)
    assert base["Action"] == ["sts:AssumeRole", "sts:TagSession"] and "Condition" not in base


def test_set_source_identity_statement_only_with_propagation_and_conditioned() -> None:
    # [RR] AllowSetSourceIdentity: sts:SetSourceIdentity + sts:AssumeRole, conditioned on sts:SourceIdentity.
    base, source = trust_of(True)
    assert base["Action"] == ["sts:AssumeRole", "sts:TagSession"]
    assert source["Sid"] == "AllowSetSourceIdentity"
    assert source["Action"] == ["sts:SetSourceIdentity", "sts:AssumeRole"]
    assert list(source["Condition"]["StringLike"]) == ["sts:SourceIdentity"]
