"""Cluster logs and bucket listing, evaluated (review of issue 11 items 3, 5 and 9).

A cluster's logs hold the output of every job run on it. Each Studio user reads (``s3:GetObject``, ``s3:ListBucket``
with ``s3:prefix``) only the logs of the created clusters their own access rows reach, in their own policy; nobody
lists a runtime role's data bucket; a cluster's instance profile writes only under its own ``log_uri`` directory
(``logs/interactive`` must not reach ``logs/interactive2/``). The expected values are written by hand from the
spec below, and the generated policies are evaluated with emrgen's IAM evaluator (MG emr-studio-user-permissions.html,
row "access container logs"; apache/hadoop assumed_roles.md, the three resources of a path)."""

from __future__ import annotations

import pytest

from generator.plan import build_plan
from generator.plan.core import cluster_key
from generator.plan.names import instance_profile_role_name
from generator.review.evaluate import Request, decide, evaluate
from generator.review.logs import LogAccess, log_access
from generator.review.resolve import attached_policies, cluster_id, principal_policies, world_for
from generator.rules.validate import read_spec_bytes

SPEC = """version: 1
name: lg
account_id: "111122223333"
region: us-east-1
network: {vpc_id: vpc-0123456789abcdef0, subnet_ids: [subnet-0123456789abcdef0]}
security_configuration: {in_transit_encryption: {s3_object: "s3://cfg/certs.zip"}}
runtime_roles:
  - {name: reader, s3_read: ["s3://analytics-lake/raw/"]}
  - {name: curator, s3_read: ["s3://analytics-lake/raw/"], s3_write: ["s3://analytics-lake/curated/"]}
clusters:
  - {name: interactive, log_uri: "s3://analytics-emr-logs/interactive", tags: {workload: interactive}}
  - {name: interactive2, log_uri: "s3://analytics-emr-logs/interactive2/", runtime_roles: [curator],
     tags: {workload: batch}}
  - {name: secret, log_uri: "s3://secret-team-logs/secret/", runtime_roles: [curator], tags: {workload: secret}}
  - {name: old, id: j-OLDOLDOLDOLD, instance_profile_role_arn: "arn:aws:iam::111122223333:role/old-ec2"}
studio:
  name: s
  auth_mode: AUTH
  default_s3_location: s3://analytics-studio-workspaces/studio/
users:
  - {name: analysts, principal: {PRINCIPAL: analyst}, access: [{runtime_roles: [reader], clusters: [interactive]}]}
  - name: engineers
    principal: {PRINCIPAL: engineers}
    access: [{runtime_roles: [reader, curator], cluster_tags: {workload: interactive}}]
  - {name: admins, principal: {PRINCIPAL: admin}, access: [{runtime_roles: [curator], clusters: any}]}
  - {name: outsiders, principal: {PRINCIPAL: outsider}, access: [{runtime_roles: [reader], clusters: [old]}]}
"""
IAM = {"AUTH": "IAM", "PRINCIPAL": "role"}
SSO = {"AUTH": "SSO", "PRINCIPAL": "sso_group"}

# What each user may do, by hand: (request, allowed) per user.
LOGS = "arn:aws:s3:::analytics-emr-logs"
SECRET = "arn:aws:s3:::secret-team-logs"


def get(key: str) -> Request:
    return Request("s3:GetObject", key)


def listing(bucket: str, prefix: str | None = None) -> Request:
    return Request("s3:ListBucket", bucket, {} if prefix is None else {"s3:prefix": prefix})


INTERACTIVE = [
    get(f"{LOGS}/interactive/j-1/steps/s-1/stdout.gz"),
    listing(LOGS, "interactive/"),
    listing(LOGS, "interactive/j-1/"),
]
# interactive2's directory keys: a neighbour of "interactive" that "interactive*" would reach.
INTERACTIVE2 = [
    get(f"{LOGS}/interactive2/j-2/steps/s-1/stdout.gz"),
    listing(LOGS, "interactive2/"),
    listing(LOGS, "interactive2"),
    get(f"{LOGS}/interactive2"),
]
SECRET_LOGS = [get(f"{SECRET}/secret/j-3/steps/s-1/stdout.gz"), listing(SECRET, "secret/")]
NEVER = [
    listing(LOGS),  # the whole log bucket
    listing(LOGS, "interactive-old/"),  # a neighbour of every log directory
    get(f"{LOGS}/interactive-old/j-4/steps/s-1/stdout.gz"),
    listing("arn:aws:s3:::analytics-lake"),  # the runtime roles' data bucket
    listing("arn:aws:s3:::analytics-lake", "raw/"),
    listing("arn:aws:s3:::analytics-lake", "curated/"),
    get("arn:aws:s3:::analytics-lake/raw/part-0.parquet"),
    listing("arn:aws:s3:::analytics-studio-workspaces"),
    listing("arn:aws:s3:::analytics-studio-workspaces", "studio/"),
]
EXPECTED = {
    "analysts": INTERACTIVE,
    "engineers": INTERACTIVE,  # cluster_tags workload=interactive: the created cluster tagged so
    "admins": INTERACTIVE + INTERACTIVE2 + SECRET_LOGS,  # any cluster: every created cluster's logs
    "outsiders": [],  # an existing cluster only: its logs are not in the spec
}
ALL = INTERACTIVE + INTERACTIVE2 + SECRET_LOGS + NEVER


def plan_of(values: dict):
    text = SPEC
    for k, v in values.items():
        text = text.replace(k, v)
    spec, _ = read_spec_bytes(text.encode(), "lg.yaml")
    return build_plan(spec)


@pytest.mark.parametrize("mode", [IAM, SSO], ids=["iam", "sso"])
def test_each_user_reaches_exactly_their_clusters_logs(mode) -> None:
    plan = plan_of(mode)
    world = world_for(plan.spec)
    wrong = []
    for user in plan.users:
        principal = principal_policies(plan, user, world)
        for request in ALL:
            allowed = decide(principal.identity, principal.session, request).allowed
            if allowed != (request in EXPECTED[user.name]):
                wrong.append(f"{user.name} {request.action} {request.resource} {request.context}: {allowed}")
    assert wrong == []


def test_the_instance_profile_writes_only_its_own_log_directory() -> None:
    plan = plan_of(IAM)
    world = world_for(plan.spec)
    cluster = plan.spec.cluster("interactive")
    policies = attached_policies(plan, world, "role", instance_profile_role_name(plan.spec, cluster))
    own = cluster_id(cluster_key(cluster))
    put = lambda key: evaluate(policies, Request("s3:PutObject", f"{LOGS}/{key}")).allowed  # noqa: E731
    assert put(f"interactive/{own}/node/i-1/applications/spark/stderr.gz")
    assert not put("interactive2/j-2/steps/s-1/stdout.gz")  # another cluster's logs (today: interactive*)
    assert not put("interactive-old/x")


def test_review_reports_the_evaluated_log_access() -> None:
    assert log_access(plan_of(IAM)) == [
        LogAccess("analysts", "role analyst", ("interactive",), ()),
        LogAccess("engineers", "role engineers", ("interactive",), ()),
        LogAccess("admins", "role admin", ("interactive", "interactive2", "secret"), ()),
        LogAccess("outsiders", "role outsider", (), ()),
    ]


def test_review_md_says_who_reads_which_logs() -> None:
    from generator.review import report

    text = report.render(plan_of(IAM), [])
    section = text.split("## Cluster logs", 1)[1].split("\n## ", 1)[0]
    assert "- analysts (role analyst): `interactive`\n" in section
    assert "- admins (role admin): `interactive`, `interactive2`, `secret`\n" in section
    assert "- outsiders (role outsider): no cluster's logs\n" in section
    assert "No user may list a bucket of this spec" in section
