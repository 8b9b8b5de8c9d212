"""tree-sitter reads .tf files for the IAM and provider-schema checks (generator/tfparse.py, issue 14): it must
read exactly what python-hcl2 read, on every example and the hostile fixture, reject what python-hcl2
rejected, and never serve an earlier parse for an edited file."""

from __future__ import annotations

import pytest

from generator.check import lint, tfparse, tfread, tfschema
from generator.check.policydocs import tf_documents

from ..conftest import SPECS

pytestmark = pytest.mark.skipif(not tfparse.available(), reason="tree-sitter is not installed")


def tf_files(rendered_examples):
    for stem, rendered in sorted(rendered_examples.items()):
        for rel, text in sorted(rendered.files.items()):
            if rel.endswith(".tf"):
                yield f"{stem}/{rel}", text


def with_hcl2(monkeypatch):
    monkeypatch.setattr(tfparse, "available", lambda: False)


@pytest.mark.parametrize("example", SPECS, ids=lambda p: p.stem)
def test_same_blocks_documents_and_schema_findings_as_python_hcl2(example, rendered_examples, monkeypatch) -> None:
    files = {rel: text for rel, text in rendered_examples[example.stem].files.items() if rel.endswith(".tf")}
    assert files
    fast = {}
    for rel, text in files.items():
        blocks, errors = tfparse.parse(text)
        assert errors == [], rel
        fast[rel] = (
            [(b.kind, b.type, b.name, b.line, sorted(b.body)) for b in blocks],
            tf_documents(text, rel),
            tfschema.check_file(text, rel),
        )
    with_hcl2(monkeypatch)
    for rel, text in files.items():
        blocks = tfread.blocks(text)
        slow = (
            [(b.kind, b.type, b.name, b.line, sorted(k for k in b.body if not k.startswith("__"))) for b in blocks],
            tf_documents(text, rel),
            tfschema.check_file(text, rel),
        )
        assert fast[rel] == slow, rel


BROKEN = {
    "unclosed block": 'resource "aws_iam_role" "x" {\n  name = "a"\n',
    "unterminated string": 'resource "aws_iam_role" "x" {\n  name = "a\n}\n',
    "missing =": 'resource "aws_iam_role" "x" {\n  name "a"\n}\n',
    "unclosed interpolation": 'resource "aws_iam_role" "x" {\n  name = "${var.a"\n}\n',
    "unterminated heredoc": 'resource "aws_iam_role" "x" {\n  name = <<EOT\na\n}\n',
    "=> outside a for": 'resource "aws_iam_role" "x" {\n  name => "a"\n}\n',
}


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_syntax_errors_python_hcl2_rejects_are_tf000(text, tmp_path) -> None:
    assert tfparse.parse(text)[1], "tree-sitter accepted it"
    (tmp_path / "a.tf").write_text(text)
    assert [f.code for f in lint.lint_terraform_dir(tmp_path, "tf")] == ["TF000"]


def test_an_edited_file_is_parsed_again_never_served_from_the_cache(rendered_examples) -> None:
    text = rendered_examples["iam-studio"].files["terraform/users.tf"]
    assert tf_documents(text, "users.tf")[1] == []
    clean = [d.document for d in tf_documents(text, "users.tf")[0]]
    edited = text.replace(
        "elasticmapreduce:GetClusterSessionCredentials", "elasticmapreduce:GetClusterSessionCredential", 1
    )
    assert edited != text
    docs = [d.document for d in tf_documents(edited, "users.tf")[0]]
    assert docs != clean and "elasticmapreduce:GetClusterSessionCredential" in repr(docs)
    # And the edit is found through the whole Terraform lint, right after the clean text was read.
    from generator.check.iamcheck import check_documents

    assert check_documents(tf_documents(text, "users.tf")[0]) == []
    assert "IAM001" in {f.code for f in check_documents(tf_documents(edited, "users.tf")[0])}
