"""Per-user log statements (plan/logs.py) are packed and measured like the runtime-role grants: a user who reaches
many clusters' logs gets several policies, each within IAM's 6,144 characters, and the sizes the rules judge
(E401-E406, plan.measured) are the sizes of the documents written."""

from __future__ import annotations

from generator.plan import build_plan
from generator.plan.limits import MANAGED_POLICY_CHARS, policy_chars
from generator.rules.validate import read_spec_bytes

CLUSTERS = 40


def spec_text(auth: str, principal: str) -> str:
    clusters = "\n".join(
        f'  - {{name: c{i}, log_uri: "s3://emr-logs-bucket-number-{i}/clusters/interactive-{i}/", '
        "runtime_roles: [reader]}"
        for i in range(CLUSTERS)
    )
    return f"""version: 1
name: lp
account_id: "111122223333"
region: us-east-1
network: {{vpc_id: vpc-0123456789abcdef0, subnet_ids: [subnet-0123456789abcdef0]}}
security_configuration: {{in_transit_encryption: {{s3_object: "s3://cfg/certs.zip"}}}}
runtime_roles: [{{name: reader, s3_read: ["s3://lake/raw/"]}}]
clusters:
{clusters}
studio: {{name: s, auth_mode: {auth}, default_s3_location: "s3://studio/ws/"}}
users:
  - {{name: all, principal: {{{principal}: everyone}}, access: [{{runtime_roles: [reader], clusters: any}}]}}
  - {{name: one, principal: {{{principal}: someone}}, access: [{{runtime_roles: [reader], clusters: [c3]}}]}}
"""


def plan_of(auth: str, principal: str):
    spec, _ = read_spec_bytes(spec_text(auth, principal).encode(), "lp.yaml")
    return build_plan(spec)


def test_many_clusters_logs_pack_into_policies_within_the_limit() -> None:
    plan = plan_of("IAM", "role")
    [everyone] = [u for u in plan.users if u.name == "all"]
    documents = [plan.get(k).props["document"] for k in everyone.policy_keys]
    assert len(documents) > 1
    sizes = [policy_chars(d) for d in documents]
    assert max(sizes) <= MANAGED_POLICY_CHARS
    reads = [s for d in documents for s in d["Statement"] if s["Sid"].startswith("AllowS3ReadOnlyAccessToLogs")]
    assert len(reads) == CLUSTERS
    [(_, measured)] = [(u, n) for u, n in plan.measured.largest_user_policy if u.name == "all"]
    assert measured == max(sizes)
    [one] = [u for u in plan.users if u.name == "one"]
    [only] = [plan.get(k).props["document"] for k in one.policy_keys]
    assert "interactive-3/" in str(only) and "interactive-30/" not in str(only) and "interactive-4/" not in str(only)


def test_sso_session_policies_are_measured_with_the_log_statements() -> None:
    plan = plan_of("SSO", "sso_group")
    measured = {u.name: n for u, n in plan.measured.session_policies}
    for user in plan.users:
        [key] = user.policy_keys
        assert measured[user.name] == policy_chars(plan.get(key).props["document"])
    assert measured["all"] > MANAGED_POLICY_CHARS  # E402 reports it: a session policy is one document
