"""Broad Studio statements (issue 11 item 3). Workspace collaboration is opt-in (studio.workspace_collaboration):
"Amazon EMR disables Workspace collaboration capabilities when a Workspace is attached to a runtime role-enabled EMR
cluster" (MG "Run an EMR Studio Workspace with a runtime role", emr-studio-runtime.html). The user policy's
s3:ListBucket/GetBucketLocation/GetObject serve cluster creation (not offered) and container logs (MG
emr-studio-user-permissions.html grants every bucket): each user gets them on their own clusters' logs only."""

from __future__ import annotations

from generator.plan import build_plan
from generator.plan.policies import Env
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


def test_the_shared_user_policy_lists_and_reads_no_bucket() -> None:
    # Review of issue 11 item 3: ListBucket on the runtime roles' buckets let every user list every key of the lake
    # under their own identity. The shared policy keeps only s3:ListAllMyBuckets (bucket names, no resource type).
    _, user = service_and_user(plan())
    s3 = sorted(a for st in user["Statement"] for a in st["Action"] if a.startswith("s3:"))
    assert s3 == ["s3:ListAllMyBuckets"]


def test_every_broad_statement_has_a_reason() -> None:
    found = broad_statements(plan())
    assert found and all(reason != "no reason recorded" for _, _, reason in found)
    assert "AllowS3ListAllMyBuckets" in [sid for sid, _, _ in found]


def test_users_read_their_clusters_log_uri_in_their_own_policy() -> None:
    # Issue 11 item 5: [UP] names aws-logs-<account>-<region>; emrgen's clusters log under their log_uri. Each user
    # reads the logs of the clusters their access reaches, in their own policy, as directory keys (never "emr*").
    p = plan()
    own = p.get("user_policy/u").props["document"]["Statement"]
    by_sid = {st["Sid"]: st for st in own}
    read = by_sid["AllowS3ReadOnlyAccessToLogs"]
    assert [r.parts[-1] for r in read["Resource"]] == [":s3:::logs/emr", ":s3:::logs/emr/", ":s3:::logs/emr/*"]
    assert read["Action"] == ["s3:GetObject"]
    listing = by_sid["AllowS3ListLogs1"]
    assert listing["Action"] == ["s3:ListBucket"] and listing["Resource"][0].parts[-1] == ":s3:::logs"
    assert listing["Condition"] == {"StringLike": {"s3:prefix": ["emr", "emr/", "emr/*"]}}
    assert by_sid["AllowS3LogBucketLocation"]["Action"] == ["s3:GetBucketLocation"]
    assert "aws-logs-" not in str(own)


def test_the_instance_profile_writes_the_log_uri_directory_keys() -> None:
    # Review of issue 11 item 3: f"{key}*" made log_uri s3://logs/emr reach s3://logs/emr2/.
    from generator.plan.policies import instance_profile_permissions

    document = instance_profile_permissions(Env("aws", "1", "r"), [], False, "s3://logs/emr", None)
    [write] = document["Statement"]
    assert write["Sid"] == "WriteClusterLogs"
    assert write["Resource"] == ["arn:aws:s3:::logs/emr", "arn:aws:s3:::logs/emr/", "arn:aws:s3:::logs/emr/*"]


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


def test_the_studio_service_role_writes_under_its_location_not_beside_it() -> None:
    from generator.plan.studio_policies import studio_service_permissions

    env = Env(partition="aws", account="111122223333", region="us-east-1")

    def objects(location: str) -> list:
        document = studio_service_permissions(env, location)
        [statement] = [s for s in document["Statement"] if s["Sid"] == "ObjectActions"]
        return statement["Resource"]

    assert objects("s3://b/studio") == ["arn:aws:s3:::b/studio/*"]  # not b/studio*, which reaches b/studio2/
    assert objects("s3://b/studio/") == ["arn:aws:s3:::b/studio/*"]
    assert objects("s3://b") == ["arn:aws:s3:::b/*"]


EXISTING_WITH_LOGS = """version: 1
name: t
network: {vpc_id: vpc-0123456789abcdef0, subnet_ids: [subnet-0123456789abcdef0]}
runtime_roles: [{name: reader}]
clusters:
  - {name: old, id: j-0123456789ABC, instance_profile_role: old-ec2, log_uri: "s3://old-logs/emr/"}
  - {name: other, id: j-0123456789ABD, instance_profile_role: other-ec2, log_uri: "s3://other-logs/emr/"}
users:
  - {name: ana, principal: {role: analyst}, access: [{runtime_roles: [reader], clusters: [old]}]}
"""


def test_an_existing_clusters_log_uri_is_read_by_the_users_it_serves_only() -> None:
    spec, _ = read_spec_bytes(EXISTING_WITH_LOGS.encode(), "t.yaml")
    text = str([r.props for r in build_plan(spec).resources if r.kind == "managed_policy"])
    assert "old-logs/emr/*" in text and "'emr', 'emr/', 'emr/*'" in text
    assert "other-logs" not in text  # ana's rows do not reach `other`
