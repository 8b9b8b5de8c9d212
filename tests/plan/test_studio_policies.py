"""Broad Studio statements (issue 11 item 3). Workspace collaboration is opt-in (studio.workspace_collaboration):
"Amazon EMR disables Workspace collaboration capabilities when a Workspace is attached to a runtime role-enabled EMR
cluster" (MG "Run an EMR Studio Workspace with a runtime role", emr-studio-runtime.html). The user policy's
s3:ListBucket/GetBucketLocation covers the spec's buckets, not arn:aws:s3:::* (MG emr-studio-user-permissions.html
grants every bucket; its purpose is listing buckets and reading container logs)."""

from __future__ import annotations

from generator.plan import build_plan
from generator.review.report import broad_statements
from generator.rules.validate import read_spec_bytes

SPEC = """version: 1
name: t
account_id: "111122223333"
region: eu-west-1
network: {vpc_id: vpc-0123456789abcdef0, subnet_ids: [subnet-0123456789abcdef0]}
security_configuration:
  in_transit_encryption: {s3_object: s3://cfg/certs.zip}
runtime_roles: [{name: reader, s3_read: ["s3://lake/raw/"]}]
clusters: [{name: c1, log_uri: "s3://logs/emr/"}]
studio:
  name: s
  auth_mode: IAM
  default_s3_location: s3://studio/ws/
  COLLAB
users:
  - {name: u, principal: {role: analyst}, access: [{runtime_roles: [reader], clusters: [c1]}]}
"""


def plan(collaboration: str = ""):
    spec, _ = read_spec_bytes(SPEC.replace("COLLAB", collaboration).encode())
    return build_plan(spec)


def sids(document) -> set:
    return {st["Sid"] for st in document["Statement"]}


def service_and_user(p):
    service = dict(p.get("studio_service_role").props["inline_policies"])["studio-service"]
    user = next(
        r for r in p.resources if r.kind == "managed_policy" and "AllowEMRBasicActions" in sids(r.props["document"])
    )
    return service, user.props["document"]


def test_collaboration_is_off_by_default() -> None:
    service, user = service_and_user(plan())
    assert "AllowWorkspaceCollaboration" not in sids(service)
    assert "AllowConfigurationForWorkspaceCollaboration" not in sids(user)


def test_collaboration_on_adds_both_statements() -> None:
    service, user = service_and_user(plan("workspace_collaboration: true"))
    assert "AllowWorkspaceCollaboration" in sids(service)
    assert "AllowConfigurationForWorkspaceCollaboration" in sids(user)


def test_list_bucket_is_scoped_to_the_spec_buckets() -> None:
    _, user = service_and_user(plan())
    [listing] = [st for st in user["Statement"] if st["Sid"] == "AllowS3ListAndLocationPermissions"]
    tails = [r.parts[-1] if hasattr(r, "parts") else r for r in listing["Resource"]]
    assert [t.rsplit(":::", 1)[-1] for t in tails[:3]] == ["lake", "logs", "studio"]
    assert all(not str(t).endswith(":::*") for t in tails)


def test_every_broad_statement_has_a_reason() -> None:
    found = broad_statements(plan())
    assert found and all(reason != "no reason recorded" for _, _, reason in found)
    assert "AllowS3ListAllMyBuckets" in [sid for sid, _, _ in found]


def test_users_read_the_created_clusters_log_uri_not_the_console_default_bucket() -> None:
    # Issue 11 item 5: [UP] names aws-logs-<account>-<region>; emrgen's clusters log under their log_uri.
    _, user = service_and_user(plan())
    [logs] = [st for st in user["Statement"] if st["Sid"] == "AllowS3ReadOnlyAccessToLogs"]
    [resource] = logs["Resource"]
    assert resource.parts[-1] == ":s3:::logs/emr/*"  # arn:<partition>:s3:::logs/emr/*
    assert "aws-logs-" not in str(user)


def test_users_get_no_security_group_creation() -> None:
    # Issue 11 item 5: no [UP] table row names a purpose for ec2:CreateSecurityGroup (aws-facts.md E); emrgen
    # creates the Studio's security groups.
    _, user = service_and_user(plan())
    actions = {a for st in user["Statement"] for a in st["Action"]}
    assert not actions & {"ec2:CreateSecurityGroup", "ec2:CreateTags"}


def test_a_customer_managed_studio_key(tmp_path) -> None:
    """Issue 11 item 5: studio.encryption_key_arn reaches the Studio (EncryptionKeyArn / encryption_key_arn), the
    service role may use exactly that key with the actions AWS's page lists, REVIEW.md says the key's own policy must
    allow the role, and changing the key replaces the Studio (create-only in CloudFormation's schema)."""
    from generator import api
    from generator.review import diff as diff_mod

    from ..conftest import FIXTURES

    spec = FIXTURES / "good" / "studio-storage-key.yaml"
    key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    rendered = api.render(spec)
    studio = rendered.plan.get("studio").props
    assert studio["encryption_key_arn"] == key
    [(_, document)] = rendered.plan.get("studio_service_role").props["inline_policies"]
    [statement] = [s for s in document["Statement"] if s["Sid"] == "AllowEMRStudioWorkspaceStorageEncryptionAccess"]
    assert statement == {
        "Sid": "AllowEMRStudioWorkspaceStorageEncryptionAccess",
        "Effect": "Allow",
        "Action": ["kms:Decrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:DescribeKey"],
        "Resource": key,
    }
    assert f'EncryptionKeyArn: "{key}"' in rendered.files["cloudformation/template.yaml"]
    assert "key's own policy" in rendered.files["REVIEW.md"]
    other = tmp_path / "other.yaml"
    other.write_text(spec.read_text().replace("1234abcd-12ab", "9999abcd-12ab"))
    changed = diff_mod.diff_plans(rendered.plan, api.render(other).plan, "a", "b")
    assert [r.reason for r in changed.resources if r.key == "studio"] == ["create-only: encryption_key_arn"]
