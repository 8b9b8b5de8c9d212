"""Issue 12 (D): S3 locations across accounts. ``{account_id}`` and ``{region}`` in an S3 URI are resolved in each
stack (CloudFormation ``${AWS::AccountId}``/``${AWS::Region}``, Terraform ``data.aws_caller_identity``/
``data.aws_region``); other brace text stays literal; central buckets get the owner's bucket policy."""

from __future__ import annotations

import pytest

from generator import api

from ..cfndecode import decode
from ..conftest import ROOT

ORG = ROOT / "examples" / "organization.yaml"


@pytest.fixture(scope="module")
def org():
    return api.render(ORG)


def resources(rendered, path="cloudformation/template.yaml") -> dict:
    return decode(rendered.files[path], path)["Resources"]


def test_every_location_is_resolved_per_account_in_cloudformation(org) -> None:
    res = resources(org)
    (cluster,) = [r for r in res.values() if r["Type"] == "AWS::EMR::Cluster"]
    assert cluster["Properties"]["LogUri"] == {"Fn::Sub": "s3://emr-logs-${AWS::AccountId}-${AWS::Region}/interactive/"}
    (studio,) = [r for r in res.values() if r["Type"] == "AWS::EMR::Studio"]
    assert studio["Properties"]["DefaultS3Location"] == {
        "Fn::Sub": "s3://emr-studio-${AWS::AccountId}-${AWS::Region}/workspaces/"
    }
    (sc,) = [r for r in res.values() if r["Type"] == "AWS::EMR::SecurityConfiguration"]
    tls = sc["Properties"]["SecurityConfiguration"]["EncryptionConfiguration"]["InTransitEncryptionConfiguration"]
    assert tls["TLSCertificateConfiguration"]["S3Object"] == {
        "Fn::Sub": "s3://emr-config-${AWS::AccountId}-${AWS::Region}/certs/my-certs.zip"
    }
    reader = res["RuntimeRoleOrgRawReader"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    # issue 11: a prefix is its key, its directory marker and what is under it (S3A probes the bare key first)
    lake = "arn:${AWS::Partition}:s3:::lake-${AWS::AccountId}-${AWS::Region}/raw"
    shared = "arn:${AWS::Partition}:s3:::org-reference-data/shared"
    assert reader[0]["Resource"] == [{"Fn::Sub": lake + end} for end in ("", "/", "/*")] + [
        {"Fn::Sub": shared + end} for end in ("", "/", "/*")
    ]
    for name, text in org.files.items():
        if name != "REVIEW.md":
            assert "{account_id}" not in text and "{region}" not in text, name


def test_terraform_resolves_them_from_the_caller_and_region(org) -> None:
    cluster = org.files["terraform/modules/member/cluster.tf"]
    assert (
        'log_uri                           = "s3://emr-logs-${data.aws_caller_identity.current.account_id}-'
        '${data.aws_region.current.id}/interactive/"'
    ) in cluster


def test_other_brace_text_stays_literal(tmp_path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        'version: 1\nname: t\nruntime_roles:\n  - name: r\n    s3_read: ["s3://b-{account_id}/{x}/${AWS::Region}/{{ region }}/"]\n'
        "clusters: [{name: c, match_tags: {k: v}, instance_profile_role: ec2, runtime_roles: [r]}]\n",
        encoding="utf-8",
    )
    res = resources(api.render(spec))
    (statement, *_) = res["RuntimeRoleR"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    # {account_id} resolves; {x}, a literal ${AWS::Region} (escaped as ${!...}) and {{ region }} do not.
    prefix = "arn:${AWS::Partition}:s3:::b-${AWS::AccountId}/{x}/${!AWS::Region}/{{ region }}"
    assert statement["Resource"] == [{"Fn::Sub": prefix + end} for end in ("", "/", "/*")]


def test_central_bucket_policy_is_scoped_to_the_organization_and_the_roles(org) -> None:
    owner = decode(org.files["stackset/central-buckets.yaml"], "central")
    assert set(owner["Parameters"]) == {"OrganizationId"}
    (policy,) = owner["Resources"].values()
    assert policy["Type"] == "AWS::S3::BucketPolicy" and policy["Properties"]["Bucket"] == "org-reference-data"
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    assert statements[0]["Effect"] == "Deny" and statements[0]["Condition"] == {
        "Bool": {"aws:SecureTransport": "false"}
    }
    read = statements[1]
    assert read["Action"] == ["s3:GetObject"]
    assert read["Condition"]["StringEquals"] == {"aws:PrincipalOrgID": {"Ref": "OrganizationId"}}
    assert read["Condition"]["ArnLike"] == {
        "aws:PrincipalArn": {"Fn::Sub": "arn:${AWS::Partition}:iam::*:role/org-raw-reader"}
    }
    assert "stackset/central-buckets.yaml" in org.files["REVIEW.md"]


def test_central_bucket_policy_for_an_account_list_names_the_accounts(tmp_path) -> None:
    text = (
        (ROOT / "examples" / "multi-account.yaml")
        .read_text(encoding="utf-8")
        .replace("  terraform_assume_role_name:", "  central_buckets: [analytics-lake]\n  terraform_assume_role_name:")
    )
    spec = tmp_path / "m.yaml"
    spec.write_text(text, encoding="utf-8")
    owner = decode(api.render(spec).files["stackset/central-buckets.yaml"], "central")
    assert "Parameters" not in owner
    statements = next(iter(owner["Resources"].values()))["Properties"]["PolicyDocument"]["Statement"]
    assert statements[1]["Principal"] == {
        "AWS": [
            {"Fn::Sub": "arn:${AWS::Partition}:iam::111122223333:root"},
            {"Fn::Sub": "arn:${AWS::Partition}:iam::444455556666:root"},
        ]
    }


def test_review_todo_lists_the_per_account_buckets_to_create(org) -> None:
    review = org.files["REVIEW.md"]
    line = next(x for x in review.splitlines() if x.startswith("- Create the buckets"))
    for bucket in (
        "emr-config-{account_id}-{region}",
        "emr-logs-{account_id}-{region}",
        "emr-studio-{account_id}-{region}",
        "lake-{account_id}-{region}",
    ):
        assert f"`{bucket}`" in line
    assert "org-reference-data" not in line  # the central bucket has one owner, not one per account
