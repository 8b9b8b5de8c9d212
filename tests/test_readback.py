"""The fast read-back catches what a generator bug would write."""

from __future__ import annotations

import pytest

from generator.errors import RenderError
from generator.render.readback import check_terraform, read_cloudformation

from .conftest import ROOT

GOOD = (ROOT / "out" / "sso-studio" / "terraform" / "users.tf").read_text()


def test_generated_terraform_reads_back() -> None:
    for path in (ROOT / "out").rglob("*.tf"):
        check_terraform(path.read_text(), path.name)


@pytest.mark.parametrize("broken, problem", [
    ('resource "a" "b" {\n  name = "x\n}\n', "unterminated string"),
    ('resource "a" "b" {\n  name = "x"\n', "never closed"),
    ('resource "a" "b" {\n  name = ["x"}\n}\n', "unexpected '}'"),
    ('resource "a" "b" {\n  name "x"\n}\n', "not a Terraform line"),
    (GOOD.replace("jsonencode({", "jsonencode(", 1), "unexpected"),
])
def test_broken_terraform_is_an_internal_error(broken: str, problem: str) -> None:
    with pytest.raises(RenderError, match=problem):
        check_terraform(broken, "t.tf")


def test_cloudformation_reads_back_with_our_tags() -> None:
    data = read_cloudformation('Resources:\n  R:\n    Type: X\n    Properties:\n      A: !GetAtt "B.Arn"\n'
                               '      S: !Sub ["${Text}", {Text: "${x}"}]\n      J: !Join ["", ["a"]]\n      R: !Ref "Q"\n',
                               "t")
    props = data["Resources"]["R"]["Properties"]
    assert props == {"A": {"Fn::GetAtt": ["B", "Arn"]}, "S": {"Fn::Sub": ["${Text}", {"Text": "${x}"}]},
                     "J": {"Fn::Join": ["", ["a"]]}, "R": {"Ref": "Q"}}
    with pytest.raises(RenderError):
        read_cloudformation("Resources:\n  R: [\n", "t")
    with pytest.raises(RenderError):
        read_cloudformation("Outputs: {}\n", "t")
