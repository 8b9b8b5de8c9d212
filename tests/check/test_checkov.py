"""checkov (in its own venv, .venv-checkov, made by the Makefile) finds nothing unsuppressed in the output of
every example, and every suppression emrgen writes is one checkov honours (none is stale or misplaced).

Offline: --skip-download and BC_SKIP_MAPPING=TRUE (TOOLCHAIN.md §1). A missing checkov is a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from ..conftest import ROOT, SPECS

CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"


def run_checkov(directory: Path, *extra: str) -> list[dict]:
    assert CHECKOV.exists(), "checkov is missing: `make test` creates .venv-checkov (make checkov)"
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "PYTHONWARNINGS": "ignore"}
    result = subprocess.run(
        [str(CHECKOV), "-d", str(directory), "--skip-download", "--compact", "-o", "json", *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode in (0, 1), result.stderr[-2000:]
    reports = json.loads(result.stdout)
    return reports if isinstance(reports, list) else [reports]


def write(rendered, folder: Path) -> None:
    for rel, text in rendered.files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def scanned(rendered_examples, tmp_path_factory) -> tuple[list[dict], dict]:
    """One checkov run over every spec's output (CloudFormation and Terraform), ~10 s."""
    root = tmp_path_factory.mktemp("checkov")
    for example in SPECS:
        write(rendered_examples[example.stem], root / example.stem)
    return run_checkov(root), rendered_examples


def test_no_unsuppressed_failures(scanned) -> None:
    reports, _ = scanned
    assert {r["check_type"] for r in reports} == {"cloudformation", "terraform"}
    failed = [
        f"{f['file_path']} {f['resource']} {f['check_id']} {f['check_name']}"
        for r in reports
        for f in r["results"]["failed_checks"]
    ]
    assert failed == []
    assert all(r["summary"]["parsing_errors"] == 0 for r in reports)
    assert sum(r["summary"]["passed"] for r in reports) > 300


def test_every_suppression_is_used_and_carries_its_reason(scanned) -> None:
    reports, rendered = scanned
    # A set: checkov reports a module's resources once per module call as well (the multi-account root).
    skipped = sorted(
        {
            (f["file_path"].split("/")[1], f["check_id"], f["check_result"]["suppress_comment"])
            for r in reports
            for f in r["results"]["skipped_checks"]
        }
    )
    expected = sorted(
        {
            (example.stem, s.id, s.reason)
            for example in SPECS
            for res in rendered[example.stem].plan.resources
            for s in res.suppressions
        }
    )
    assert skipped == expected
    assert len(expected) >= 20


def test_checkov_catches_a_finding_once_its_suppression_is_gone(rendered_examples, tmp_path: Path) -> None:
    folder = tmp_path / "iam-studio"
    write(rendered_examples["iam-studio"], folder)
    users = folder / "terraform" / "users.tf"
    users.write_text(
        "".join(line for line in users.read_text().splitlines(keepends=True) if "#checkov:skip=CKV_AWS_290" not in line)
    )
    reports = run_checkov(folder / "terraform", "--framework", "terraform")
    failed = {(f["check_id"], f["resource"]) for r in reports for f in r["results"]["failed_checks"]}
    # The Studio user permissions are one shared policy (issue 4): it is the one that writes without constraints.
    assert failed == {("CKV_AWS_290", "aws_iam_policy.studio_user_policy")}
