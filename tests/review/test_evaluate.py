"""The IAM evaluator on hand-written policies: each rule of the IAM evaluation logic it claims to follow."""

from __future__ import annotations

import pytest

from generator.review.evaluate import Request, UnsupportedPolicy, evaluate, evaluate_with_session, may_allow

GCSC = "elasticmapreduce:GetClusterSessionCredentials"
STEPS = "elasticmapreduce:AddJobFlowSteps"
KEY = "elasticmapreduce:ExecutionRoleArn"
CLUSTER = "arn:aws:elasticmapreduce:us-east-1:111122223333:cluster/j-123456789"
ROLE = "arn:aws:iam::111122223333:role/test-emr-demo1"


def doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(condition=None, action=GCSC, resource="*", sid="S", effect="Allow"):
    st = {"Sid": sid, "Effect": effect, "Action": action, "Resource": resource}
    if condition is not None:
        st["Condition"] = condition
    return st


def decide(statements, context=None, action=GCSC, resource=CLUSTER) -> bool:
    return evaluate([("p", doc(*statements))], Request(action, resource, context or {})).allowed


def test_implicit_deny_without_statements() -> None:
    assert not decide([])
    assert not decide([allow(action="s3:GetObject")])


def test_explicit_deny_wins_over_allow_in_another_policy() -> None:
    policies = [("a", doc(allow())), ("d", doc(allow(effect="Deny", sid="No")))]
    decision = evaluate(policies, Request(GCSC, CLUSTER, {}))
    assert not decision.allowed and decision.explicit_deny
    assert [str(m) for m in decision.denies] == ["d#No"] and [str(m) for m in decision.allows] == ["a#S"]


@pytest.mark.parametrize(
    "pattern,expected",
    [
        ("elasticmapreduce:GetClusterSessionCredentials", True),
        ("ELASTICMAPREDUCE:getclustersessioncredentials", True),  # action names are case-insensitive
        ("elasticmapreduce:Get*", True),
        ("elasticmapreduce:*", True),
        ("*", True),
        ("elasticmapreduce:GetCluster?essionCredentials", True),
        ("elasticmapreduce:GetClusterSession", False),
        ("elasticmapreduce:AddJobFlowSteps", False),
        (["s3:GetObject", "elasticmapreduce:GetClusterSessionCredentials"], True),
    ],
)
def test_action_wildcards(pattern, expected) -> None:
    assert decide([allow(action=pattern)]) is expected


def test_not_action_and_not_resource() -> None:
    assert not decide([{"Effect": "Allow", "NotAction": "elasticmapreduce:*", "Resource": "*"}])
    assert decide([{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}])
    assert not decide([{"Effect": "Allow", "Action": GCSC, "NotResource": CLUSTER}])
    assert decide([{"Effect": "Allow", "Action": GCSC, "NotResource": CLUSTER + "X"}])


@pytest.mark.parametrize(
    "resource,expected",
    [
        ("*", True),
        (CLUSTER, True),
        ([CLUSTER], True),
        ("arn:aws:elasticmapreduce:us-east-1:111122223333:cluster/*", True),
        ("arn:aws:elasticmapreduce:*:111122223333:cluster/j-123456789", True),
        ("arn:aws:elasticmapreduce:us-west-2:111122223333:cluster/j-123456789", False),
        ("arn:aws:elasticmapreduce:us-east-1:444455556666:cluster/j-123456789", False),
        ("arn:aws:elasticmapreduce:us-east-1:111122223333:cluster/j-12345678", False),
        ("arn:aws:elasticmapreduce:us-east-1:111122223333:cluster/J-123456789", False),  # ARNs are case-sensitive
        ("arn:aws-cn:elasticmapreduce:us-east-1:111122223333:cluster/j-123456789", False),
    ],
)
def test_resource_matching(resource, expected) -> None:
    assert decide([allow(resource=resource)]) is expected


@pytest.mark.parametrize(
    "operator,value,expected",
    [
        ("StringEquals", ROLE, True),
        ("StringEquals", ROLE.upper(), False),
        ("StringEquals", ROLE + "x", False),
        ("StringEqualsIgnoreCase", ROLE.upper(), True),
        ("StringLike", "arn:aws:iam::111122223333:role/test-emr-demo*", True),
        ("StringLike", "arn:aws:iam::111122223333:role/test-emr-demo?", True),
        ("StringLike", "arn:aws:iam::111122223333:role/test-emr-demo", False),
        ("StringLike", "arn:aws:iam::*:role/test-emr-demo1", True),
        ("StringEquals", "arn:aws:iam::111122223333:role/test-emr-demo*", False),  # no wildcards in StringEquals
        ("ArnEquals", ROLE, True),
        ("ArnLike", "arn:aws:iam::*:role/test-emr-*", True),
        ("ArnLike", "arn:aws:iam::111122223333:role/*", True),
        ("ArnLike", "arn:aws:iam::111122223333:*", True),
        ("ArnLike", "arn:aws:iam::444455556666:role/*", False),
        ("ArnEquals", "not-an-arn", False),
        ("StringNotEquals", ROLE, False),
        ("StringNotEquals", ROLE + "x", True),
        ("StringNotLike", "*demo1", False),
        ("ArnNotLike", "arn:aws:iam::*:role/other", True),
    ],
)
def test_condition_operators(operator, value, expected) -> None:
    assert decide([allow({operator: {KEY: value}})], {KEY: ROLE}) is expected


def test_condition_key_names_are_case_insensitive_values_are_not() -> None:
    assert decide([allow({"StringEquals": {"ElasticMapReduce:executionrolearn": ROLE}})], {KEY: ROLE})
    assert not decide([allow({"StringEquals": {KEY: ROLE}})], {KEY: ROLE.replace("demo1", "DEMO1")})


def test_values_are_ored_keys_and_operators_are_anded() -> None:
    other = "arn:aws:iam::111122223333:role/other"
    tag = "elasticmapreduce:ResourceTag/tagKey"
    assert decide([allow({"StringEquals": {KEY: [other, ROLE]}})], {KEY: ROLE})
    both = {"StringEquals": {KEY: ROLE, tag: "tagValue"}}
    assert decide([allow(both)], {KEY: ROLE, tag: "tagValue"})
    assert not decide([allow(both)], {KEY: ROLE, tag: "other"})
    assert not decide([allow(both)], {KEY: ROLE})
    # The AWS page's AddJobFlowSteps example: StringEquals and StringLike on one key are ANDed (DOMAIN.md §3.1).
    mixed = {"StringEquals": {KEY: ROLE}, "StringLike": {KEY: "arn:aws:iam::111122223333:role/other*"}}
    assert not decide([allow(mixed)], {KEY: ROLE}) and not decide([allow(mixed)], {KEY: other})


def test_missing_keys() -> None:
    assert not decide([allow({"StringEquals": {KEY: ROLE}})], {})
    assert not decide([allow({"StringLike": {KEY: "*"}})], {})
    assert decide([allow({"StringNotEquals": {KEY: ROLE}})], {})  # negated operators hold on a missing key
    assert decide([allow({"StringEqualsIfExists": {KEY: ROLE}})], {})
    assert not decide([allow({"StringEqualsIfExists": {KEY: ROLE}})], {KEY: ROLE + "x"})
    assert decide([allow({"Null": {KEY: "true"}})], {}) and not decide([allow({"Null": {KEY: "false"}})], {})


def test_multivalued_context_set_operators() -> None:
    key = "aws:TagKeys"
    assert decide([allow({"ForAnyValue:StringEquals": {key: ["a", "b"]}})], {key: ["b", "c"]})
    assert not decide([allow({"ForAllValues:StringEquals": {key: ["a", "b"]}})], {key: ["b", "c"]})
    assert decide([allow({"ForAllValues:StringEquals": {key: ["a", "b"]}})], {key: ["b", "a"]})
    assert decide([allow({"ForAllValues:StringEquals": {key: ["a"]}})], {})  # vacuously true
    assert not decide([allow({"ForAnyValue:StringEquals": {key: ["a"]}})], {})


def test_policy_variables_resolve_from_context_or_match_nothing() -> None:
    cond = {"StringEquals": {"elasticmapreduce:ResourceTag/creatorUserId": "${aws:userId}"}}
    assert decide([allow(cond)], {"elasticmapreduce:ResourceTag/creatorUserId": "AIDA1", "aws:userid": "AIDA1"})
    assert not decide([allow(cond)], {"elasticmapreduce:ResourceTag/creatorUserId": "AIDA1"})


def test_unknown_operators_and_shapes_are_refused_not_guessed() -> None:
    with pytest.raises(UnsupportedPolicy):
        decide([allow({"StringEqualz": {KEY: ROLE}})], {KEY: ROLE})
    with pytest.raises(UnsupportedPolicy):
        decide([allow({"ForSomeValues:StringEquals": {KEY: ROLE}})], {KEY: ROLE})
    with pytest.raises(UnsupportedPolicy):
        decide([{"Effect": "Allow", "Resource": "*"}])
    with pytest.raises(UnsupportedPolicy):
        decide([{**allow(), "Effect": "allow"}])


def test_session_policies_intersect_with_the_identity() -> None:
    user_role = [
        ("finance", doc(allow({"StringEquals": {KEY: ROLE}}, sid="F"))),
        ("marketing", doc(allow({"StringEquals": {KEY: ROLE + "-m"}}, sid="M"))),
    ]
    marketing_session = [("marketing", doc(allow({"StringEquals": {KEY: ROLE + "-m"}}, sid="M")))]
    request = Request(GCSC, CLUSTER, {KEY: ROLE})
    assert evaluate(user_role, request).allowed  # the role alone could
    assert not evaluate_with_session(user_role, marketing_session, request).allowed  # the session narrows it
    ok = evaluate_with_session(user_role, marketing_session, Request(GCSC, CLUSTER, {KEY: ROLE + "-m"}))
    assert ok.allowed and [str(m) for m in ok.allows] == ["marketing#M"]
    # A session policy never adds what the identity lacks, and a Deny on either side wins.
    assert not evaluate_with_session([], marketing_session, Request(GCSC, CLUSTER, {KEY: ROLE + "-m"})).allowed
    deny = [("deny", doc(allow(effect="Deny")))]
    assert not evaluate_with_session(
        user_role + deny, marketing_session, Request(GCSC, CLUSTER, {KEY: ROLE + "-m"})
    ).allowed


def test_steps_action_is_separate() -> None:
    st = allow({"StringEquals": {KEY: ROLE}})
    assert not decide([st], {KEY: ROLE}, action=STEPS)
    assert decide([allow({"StringEquals": {KEY: ROLE}}, action=[GCSC, STEPS])], {KEY: ROLE}, action=STEPS)


def test_may_allow_prunes_only_roles_no_allow_can_name() -> None:
    tag = "elasticmapreduce:ResourceTag/k"
    policies = [
        (
            "p",
            doc(
                allow({"StringEquals": {tag: "v"}, "StringLike": {KEY: "arn:aws:iam::*:role/team-*"}}),
                allow({"StringEquals": {KEY: ROLE}}, effect="Deny", sid="D"),
            ),
        )
    ]
    assert may_allow(policies, GCSC, KEY, "arn:aws:iam::1:role/team-x")  # the tag is unknown: maybe
    assert not may_allow(policies, GCSC, KEY, ROLE)  # a Deny never makes an Allow possible
    assert not may_allow(policies, STEPS, KEY, "arn:aws:iam::1:role/team-x")  # no statement for the action
    assert may_allow([("p", doc(allow()))], GCSC, KEY, ROLE)  # no condition on the key at all
    assert may_allow([("p", doc(allow({"StringEquals": {KEY: "${aws:userid}"}})))], GCSC, KEY, ROLE)
