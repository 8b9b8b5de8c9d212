"""The Terraform provider-schema check (generator/check/tfschema.py): the snapshot covers every resource type emrgen
writes, every rendered module passes, and each kind of mistake is caught with the right message."""

from __future__ import annotations

import re

import pytest

from generator.check import tfschema
from generator.plan.kinds import PRINCIPAL_ATTACHMENT, TF_TYPES

from ..conftest import ROOT, SPECS


def test_snapshot_records_its_source_and_covers_every_type_emrgen_writes() -> None:
    snap = tfschema.snapshot()
    assert snap["source"] == {"package": "@cdktn/provider-aws@25.7.0", "provider": "hashicorp/aws 6.66.0"}
    written = set(TF_TYPES.values()) | {t for t, _ in PRINCIPAL_ATTACHMENT.values()}
    written |= {"aws_iam_role_policy", "aws_vpc_security_group_egress_rule", "aws_vpc_security_group_ingress_rule"}
    assert written <= set(snap["resource"])
    assert {"aws_partition", "aws_caller_identity", "aws_region"} <= set(snap["data"])
    # the script that made it is committed next to it
    assert (ROOT / "tools" / "extract_provider_schema.py").is_file()


# Required arguments as the Terraform AWS provider's documentation lists them (registry pages of aws_emr_studio,
# aws_emr_cluster, aws_iam_role, aws_emr_security_configuration, aws_emr_studio_session_mapping): written here by
# hand, so a snapshot that lost or mangled a resource fails, whatever the snapshot says of itself.
DOCUMENTED_REQUIRED = {
    "aws_emr_studio": {
        "auth_mode",
        "default_s3_location",
        "engine_security_group_id",
        "name",
        "service_role",
        "subnet_ids",
        "vpc_id",
        "workspace_security_group_id",
    },
    "aws_emr_cluster": {"name", "release_label", "service_role"},
    "aws_iam_role": {"assume_role_policy"},
    "aws_iam_policy": {"policy"},
    "aws_emr_security_configuration": {"configuration"},
    "aws_emr_studio_session_mapping": {"identity_type", "session_policy_arn", "studio_id"},
}


@pytest.mark.parametrize("resource", sorted(DOCUMENTED_REQUIRED))
def test_snapshot_agrees_with_the_provider_documentation(resource) -> None:
    assert tfschema.required_arguments(resource) == DOCUMENTED_REQUIRED[resource]


@pytest.mark.parametrize("example", SPECS, ids=lambda p: p.stem)
def test_every_rendered_module_matches_the_provider_schema(example, rendered_examples) -> None:
    for rel, text in rendered_examples[example.stem].files.items():
        if rel.endswith(".tf"):
            assert tfschema.check_file(text, rel) == [], rel


def studio_tf(rendered_examples) -> str:
    return rendered_examples["iam-studio"].files["terraform/studio.tf"]


def test_unknown_argument_and_missing_required(rendered_examples) -> None:
    text = re.sub(r"^  auth_mode( +)=", r"  auth_mod \1=", studio_tf(rendered_examples), count=1, flags=re.M)
    found = tfschema.check_file(text, "studio.tf")
    assert [f.code for f in found] == ["TFS001", "TFS002"]
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("  auth_mod "))
    assert found[0].line == line
    assert (
        "aws_emr_studio.studio: unknown argument auth_mod (did you mean auth_mode?) (hashicorp/aws 6.66.0)"
        in found[0].message
    )
    assert "required argument auth_mode is missing" in found[1].message


def test_nested_block_arguments_are_checked(rendered_examples) -> None:
    text = (
        rendered_examples["iam-studio"]
        .files["terraform/cluster.tf"]
        .replace("    instance_profile", "    instance_profil", 1)
    )
    found = tfschema.check_file(text, "cluster.tf")
    assert {f.code for f in found} == {"TFS001", "TFS002"}
    assert any(
        "ec2_attributes: unknown argument instance_profil (did you mean instance_profile?)" in f.message for f in found
    )


def test_computed_only_attribute_set_by_us() -> None:
    text = 'resource "aws_iam_policy" "p" {\n  policy = "{}"\n  arn    = "arn:aws:iam::1:policy/p"\n}\n'
    [found] = tfschema.check_file(text, "a.tf")
    assert found.code == "TFS003" and found.line == 3
    assert "aws_iam_policy.p: arn is computed by the provider and cannot be set" in found.message


def test_reference_to_an_attribute_the_type_does_not_export(rendered_examples) -> None:
    text = (
        rendered_examples["iam-studio"]
        .files["terraform/outputs.tf"]
        .replace("aws_emr_studio.studio.url", "aws_emr_studio.studio.uri")
    )
    [found] = tfschema.check_file(text, "outputs.tf")
    assert found.code == "TFS004" and "aws_emr_studio has no attribute uri (did you mean url?)" in found.message


def test_types_outside_the_snapshot_are_named_not_passed() -> None:
    [found] = tfschema.check_file('resource "aws_emr_studioo" "s" {\n  name = "x"\n}\n', "a.tf")
    assert found.code == "TFS000" and found.severity == "warning"
