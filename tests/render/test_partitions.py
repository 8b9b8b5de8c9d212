"""With no partition or region pinned, one output is deployed in aws, aws-cn or aws-us-gov: every service principal
in it must be right in each (issue 11 item 8). Expected values are written out from the sources in
docs/aws-rules.md, not taken from emrgen: EMR's principal is elasticmapreduce.amazonaws.com.cn in aws-cn and
elasticmapreduce.amazonaws.com elsewhere; EC2's is ec2.amazonaws.com in all three.

CloudFormation is evaluated through the template's own Conditions with the deploying partition substituted, by the
small evaluator below (not emrgen's). Terraform reads data.aws_service_principal, whose names are the provider's
(terraform-provider-aws internal/service/meta/service_principal_data_source.go, servicePrincipalNameForPartition:
in aws-cn codedeploy, elasticmapreduce and logs end in .amazonaws.com.cn; every other name in .amazonaws.com)."""

from __future__ import annotations

import re
from pathlib import Path

import hcl2
import pytest

from generator import api

from ..cfndecode import decode
from ..conftest import ROOT
from .test_equivalence import tf_value

EXPECTED = {
    "aws": {"elasticmapreduce.amazonaws.com", "ec2.amazonaws.com"},
    "aws-us-gov": {"elasticmapreduce.amazonaws.com", "ec2.amazonaws.com"},
    "aws-cn": {"elasticmapreduce.amazonaws.com.cn", "ec2.amazonaws.com"},
}
UNPINNED = ["sso-studio", "multi-account", "multi-region", "organization"]


def cfn_value(value, partition: str, conditions: dict):
    if isinstance(value, dict):
        if set(value) == {"Ref"} and value["Ref"] == "AWS::Partition":
            return partition
        if set(value) == {"Fn::If"}:
            name, yes, no = value["Fn::If"]
            left, right = (cfn_value(v, partition, conditions) for v in conditions[name]["Fn::Equals"])
            return cfn_value(yes if left == right else no, partition, conditions)
        return {k: cfn_value(v, partition, conditions) for k, v in value.items()}
    if isinstance(value, list):
        return [cfn_value(v, partition, conditions) for v in value]
    return value


def provider_service_principal(service: str, partition: str) -> str:
    china = partition == "aws-cn" and service in ("codedeploy", "elasticmapreduce", "logs")
    return f"{service}.amazonaws.com.cn" if china else f"{service}.amazonaws.com"


def tf_eval(value, partition: str):
    if isinstance(value, dict):
        if set(value) == {"$ref"}:
            data = re.fullmatch(r"data\.aws_service_principal\.(\w+)\.name", value["$ref"])
            return provider_service_principal(data[1], partition) if data else value
        return {k: tf_eval(v, partition) for k, v in value.items()}
    if isinstance(value, list):
        return [tf_eval(v, partition) for v in value]
    return value


def services(trust: dict) -> set[str]:
    found = set()
    for statement in trust["Statement"]:
        service = (
            statement.get("Principal", {}).get("Service") if isinstance(statement.get("Principal"), dict) else None
        )
        found.update([service] if isinstance(service, str) else service or [])
    return found


def cfn_services(files: dict, partition: str) -> set[str]:
    found = set()
    for name, text in files.items():
        if name.startswith("cloudformation/") and name.endswith(".yaml"):
            template = decode(text, name)
            for res in (template.get("Resources") or {}).values():
                if res["Type"] == "AWS::IAM::Role":
                    trust = cfn_value(
                        res["Properties"]["AssumeRolePolicyDocument"], partition, template.get("Conditions", {})
                    )
                    found |= services(trust)
    return found


def tf_services(files: dict, partition: str) -> set[str]:
    found = set()
    for name, text in files.items():
        if name.endswith(".tf"):
            for entry in hcl2.loads(text).get("resource", []):
                for body in entry.get('"aws_iam_role"', {}).values():
                    document = tf_value(body["assume_role_policy"])
                    if isinstance(document, dict) and "Statement" in document:
                        found |= services(tf_eval(document, partition))
    return found


@pytest.mark.parametrize("stem", UNPINNED)
@pytest.mark.parametrize("partition", sorted(EXPECTED))
def test_an_unpinned_output_names_each_partitions_principals(stem: str, partition: str, rendered_examples) -> None:
    files = rendered_examples[stem].files
    assert cfn_services(files, partition) == EXPECTED[partition]
    assert tf_services(files, partition) == EXPECTED[partition]


def test_a_pinned_region_writes_its_partitions_principal(tmp_path: Path) -> None:
    """A pinned region fixes the partition (the template refuses other regions): the literal, no condition."""
    text = (
        (ROOT / "examples" / "sso-studio.yaml")
        .read_text()
        .replace("name: sso-studio", "name: sso-china\nregion: cn-north-1", 1)
    )
    spec = tmp_path / "sso-china.yaml"
    spec.write_text(text)
    files = api.render(spec).files
    assert "InAwsChina" not in files["cloudformation/template.yaml"]
    assert "elasticmapreduce.amazonaws.com.cn" in files["cloudformation/template.yaml"]
    assert "aws_service_principal" not in "".join(files.values())
    assert tf_services(files, "unused") == EXPECTED["aws-cn"]


def test_terraform_reads_the_principal_where_it_depends_on_the_partition(rendered_examples) -> None:
    """The data source is declared once per module that uses it, with its service, on a provider that has it."""
    files = rendered_examples["sso-studio"].files
    versions = files["terraform/versions.tf"]
    assert 'data "aws_service_principal" "elasticmapreduce" {\n  service_name = "elasticmapreduce"\n}' in versions
    assert 'version = ">= 5.60, < 7.0"' in versions  # the data source is new in 5.60.0
    assert 'version = ">= 5.0, < 7.0"' in rendered_examples["minimal"].files["terraform/versions.tf"]
