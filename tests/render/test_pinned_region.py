"""A spec that pins its region makes the template refuse any other region before it creates anything
(issue 11 item 6). CloudFormation: a Rules assertion on AWS::Region (CloudFormation User Guide, "Rules": rules
"validate parameter values before CloudFormation creates or updates any resources"; aws-facts.md F). Terraform:
the provider is configured with that region, so a plan never targets another one."""

from __future__ import annotations

import json

from generator import api

from ..cfndecode import decode
from ..conftest import ROOT

EXAMPLES = ROOT / "examples"
RULE = {
    "PinnedRegion": {
        "Assertions": [
            {
                "Assert": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]},
                "AssertDescription": "The spec pins region us-east-1: deploy this template in us-east-1",
            }
        ]
    }
}


def test_pinned_region_asserts_the_region_in_yaml_and_json() -> None:
    files = api.render(EXAMPLES / "minimal.yaml").files  # region: us-east-1
    assert decode(files["cloudformation/template.yaml"], "template.yaml")["Rules"] == RULE
    as_json = api.render(EXAMPLES / "minimal.yaml", cfn_format="json").files
    assert json.loads(as_json["cloudformation/template.json"])["Rules"] == RULE
    assert 'provider "aws" {\n  region = "us-east-1"\n}' in files["terraform/versions.tf"]


def test_unpinned_region_has_no_rule() -> None:
    files = api.render(EXAMPLES / "sso-studio.yaml").files  # no region: the deploying one
    assert "Rules" not in decode(files["cloudformation/template.yaml"], "template.yaml")
    assert 'provider "aws"' not in files["terraform/versions.tf"]
