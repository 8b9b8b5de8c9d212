"""The fast read-back catches what a generator bug would write."""

from __future__ import annotations

import pytest

from generator.check.readback import check_cloudformation, check_terraform, read_cloudformation, top_level_keys
from generator.errors import RenderError

from ..cfndecode import decode
from ..conftest import ROOT, SPECS

GOOD = (ROOT / "out" / "sso-studio" / "terraform" / "users.tf").read_text()


def test_generated_terraform_reads_back() -> None:
    for path in (ROOT / "out").rglob("*.tf"):
        check_terraform(path.read_text(), path.name)


@pytest.mark.parametrize(
    "broken, problem",
    [
        ('resource "a" "b" {\n  name = "x\n}\n', "unterminated string"),
        ('resource "a" "b" {\n  name = "x"\n', "never closed"),
        ('resource "a" "b" {\n  name = ["x"}\n}\n', "unexpected '}'"),
        ('resource "a" "b" {\n  name "x"\n}\n', "not a Terraform line"),
        (GOOD.replace("jsonencode({", "jsonencode(", 1), "unexpected"),
    ],
)
def test_broken_terraform_is_an_internal_error(broken: str, problem: str) -> None:
    with pytest.raises(RenderError, match=problem):
        check_terraform(broken, "t.tf")


def test_cloudformation_reads_back_with_our_tags() -> None:
    data = read_cloudformation(
        'Resources:\n  R:\n    Type: X\n    Properties:\n      A: !GetAtt "B.Arn"\n'
        '      S: !Sub ["${Text}", {Text: "${x}"}]\n      J: !Join ["", ["a"]]\n      R: !Ref "Q"\n',
        "t",
    )
    props = data["Resources"]["R"]["Properties"]
    assert props == {
        "A": {"Fn::GetAtt": ["B", "Arn"]},
        "S": {"Fn::Sub": ["${Text}", {"Text": "${x}"}]},
        "J": {"Fn::Join": ["", ["a"]]},
        "R": {"Ref": "Q"},
    }
    with pytest.raises(RenderError):
        read_cloudformation("Resources:\n  R: [\n", "t")
    with pytest.raises(RenderError):
        read_cloudformation("Outputs: {}\n", "t")


@pytest.mark.parametrize(
    "broken, problem",
    [
        ("Resources:\n  R: [\n", "cannot read back"),
        ('Resources:\n  R: "x\n', "cannot read back"),
        ("Resources: {}\n---\nResources: {}\n", "more than one YAML document"),
        ("Outputs:\n  Resources: {}\n", "no Resources mapping"),  # nested, not top-level
        ("- Resources\n", "no Resources mapping"),
        ("Resources: *nope\n", "cannot read back"),  # an undefined alias (the composer used to catch it)
        ("A: &x 1\nResources: {B: *x}\n", "anchor or alias"),
    ],
)
def test_broken_cloudformation_is_an_internal_error(broken: str, problem: str) -> None:
    with pytest.raises(RenderError, match=problem):
        check_cloudformation(broken, "t.yaml")


def test_generated_cloudformation_passes_the_structure_check() -> None:
    paths = [p for p in (ROOT / "out").rglob("*.yaml") if "cloudformation" in p.parts or "stackset" in p.parts]
    assert len(paths) >= 8
    for path in paths:
        check_cloudformation(path.read_text(encoding="utf-8"), path.name)
        assert top_level_keys(path.read_text(encoding="utf-8"))[:2] == ["AWSTemplateFormatVersion", "Description"]


@pytest.mark.parametrize("example", SPECS, ids=lambda p: p.stem)
def test_fast_reader_agrees_with_cfn_lint_decoder(example, rendered_examples) -> None:
    """The read-back emrgen runs on every render (libyaml parse events) and cfn-lint's decoder, the reference
    tests/cfndecode.py uses, give the same data for every CloudFormation file of every example."""
    compared = 0
    for rel, text in rendered_examples[example.stem].files.items():
        if rel.endswith((".yaml", ".json")) and ("cloudformation/" in rel or "stackset/" in rel):
            assert read_cloudformation(text, rel) == decode(text, rel), rel
            compared += 1
    assert compared, "no CloudFormation file compared"


def test_large_outputs_are_read_back_in_a_child_process_with_the_same_verdict(monkeypatch) -> None:
    """Over BACKGROUND_CHARS (issue 14) a forked process reads the templates back: its verdict is the same error,
    it comes before anything is written (the caller waits for it), and a child that dies is never a clean pass."""
    import os

    from generator.check import readback

    forks = []
    real_fork = os.fork
    monkeypatch.setattr(readback.os, "fork", lambda: forks.append(1) or real_fork())
    monkeypatch.setattr(readback, "BACKGROUND_CHARS", 10)
    monkeypatch.setenv("EMRGEN_JOBS", "2")
    good = "Resources:\n  R:\n    Type: X\n"
    readback.check_cloudformation_files([("a.yaml", good), ("b.yaml", good)])()
    assert len(forks) == 1
    verdict = readback.check_cloudformation_files([("a.yaml", good), ("b.yaml", "Resources: {}\n---\nResources: {}\n")])
    with pytest.raises(RenderError, match=r"\(b\.yaml\): more than one YAML document"):
        verdict()
    monkeypatch.setenv("EMRGEN_JOBS", "1")  # one core: read back here, at once
    with pytest.raises(RenderError, match="no Resources mapping"):
        readback.check_cloudformation_files([("a.yaml", "Outputs: {}\n")])
    assert len(forks) == 2
    monkeypatch.setenv("EMRGEN_JOBS", "2")
    monkeypatch.setattr(readback, "check_cloudformation", lambda text, name: os._exit(3))  # runs in the child only
    with pytest.raises(RenderError, match="read-back process ended with status"):
        readback.check_cloudformation_files([("a.yaml", good)])()
    assert len(forks) == 3
