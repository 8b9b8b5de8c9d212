"""security_configuration.at_rest_encryption (issue 17): the security configuration AWS documents, the key grants
each role needs, and checkov suppressions only for what the spec leaves out."""

from __future__ import annotations

from generator.plan import build_plan
from generator.rules.validate import read_spec

KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
SPEC = f"""\
version: 1
name: atrest
account_id: "111122223333"
region: us-east-1
partition: aws
network: {{vpc_id: vpc-0123456789abcdef0, subnet_ids: [subnet-0123456789abcdef0]}}
security_configuration:
  at_rest_encryption:
    s3: {{mode: SSE-KMS, kms_key_arn: "{KEY}"}}
    local_disk: {{kms_key_arn: "{KEY}", ebs: true}}
runtime_roles: [{{name: reader, s3_read: ["s3://lake/raw/"]}}]
clusters: [{{name: c1}}]
"""


def plan_of(tmp_path, text=SPEC):
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    spec, _ = read_spec(path)
    return build_plan(spec)


def statements(res):
    return {s.get("Sid"): s for _, doc in res.props["inline_policies"] for s in doc["Statement"]}


def test_security_configuration_matches_the_aws_example(tmp_path) -> None:
    config = plan_of(tmp_path).get("security_configuration").props["configuration"]
    # Management Guide, "Create a security configuration": the SSE-KMS + local disk (EBS) example.
    assert config["EncryptionConfiguration"]["EnableAtRestEncryption"] is True
    assert config["EncryptionConfiguration"]["EnableInTransitEncryption"] is False
    assert config["EncryptionConfiguration"]["AtRestEncryptionConfiguration"] == {
        "S3EncryptionConfiguration": {"EncryptionMode": "SSE-KMS", "AwsKmsKey": KEY},
        "LocalDiskEncryptionConfiguration": {
            "EncryptionKeyProviderType": "AwsKms",
            "AwsKmsKey": KEY,
            "EnableEbsEncryption": True,
        },
    }


def test_each_role_may_use_the_key_as_it_needs(tmp_path) -> None:
    plan = plan_of(tmp_path)
    node = statements(plan.get("instance_profile_role/c1"))["UseAtRestEncryptionKeys"]
    assert node["Resource"] == [KEY] and "kms:GenerateDataKey*" in node["Action"] and "kms:Decrypt" in node["Action"]
    job = statements(plan.get("runtime_role/reader"))["UseS3EncryptionKey"]
    assert job["Action"] == ["kms:Decrypt", "kms:GenerateDataKey"] and job["Resource"] == [KEY]
    service = statements(plan.get("emr_service_role"))
    assert service["GrantEbsEncryptionKeyToAwsResources"]["Condition"] == {
        "Bool": {"kms:GrantIsForAWSResource": "true"}
    }
    assert "kms:GenerateDataKeyWithoutPlaintext" in service["UseEbsEncryptionKey"]["Action"]


def test_checkov_suppressions_only_for_what_is_left_out(tmp_path) -> None:
    full = plan_of(tmp_path).get("security_configuration").suppressions
    assert full == []
    partial = plan_of(tmp_path, SPEC.replace(", ebs: true", "").replace("mode: SSE-KMS", "mode: CSE-KMS"))
    assert sorted(s.id for s in partial.get("security_configuration").suppressions) == ["CKV_AWS_171", "CKV_AWS_350"]
    none = plan_of(
        tmp_path,
        SPEC.split("security_configuration:")[0]
        + SPEC.split("clusters:")[0].split("local_disk")[1].split("\n", 1)[1]
        + "clusters: [{name: c1}]\n",
    )
    assert sorted(s.id for s in none.get("security_configuration").suppressions) == [
        "CKV_AWS_171",
        "CKV_AWS_349",
        "CKV_AWS_350",
    ]
    assert "UseS3EncryptionKey" not in statements(none.get("runtime_role/reader"))
