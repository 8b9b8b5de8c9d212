"""Deletion order (issue 11 item 7). A created cluster is created after and deleted before the Studio's security
groups: Studio attaches its engine group to the cluster's primary node, and a group in use cannot be deleted
(inferred: aws-facts.md fact check 8; terraform-provider-aws#1454 shows the DependencyViolation). In Terraform the
Studio waits for its service role's inline policy, a separate resource there (CloudFormation keeps it on the role)."""

from __future__ import annotations

from generator import api

from ..cfndecode import decode
from ..conftest import ROOT


def test_cluster_depends_on_the_studio_security_groups_in_both_formats() -> None:
    files = api.render(ROOT / "examples" / "iam-studio.yaml").files
    template = decode(files["cloudformation/template.yaml"], "template.yaml")
    [cluster] = [r for r in template["Resources"].values() if r["Type"] == "AWS::EMR::Cluster"]
    assert cluster["DependsOn"] == ["WorkspaceSecurityGroup", "EngineSecurityGroup"]
    cluster_tf = files["terraform/cluster.tf"]
    assert "aws_security_group.engine_security_group,\n" in cluster_tf
    assert "aws_security_group.workspace_security_group,\n" in cluster_tf


def test_terraform_studio_waits_for_its_service_role_policy() -> None:
    studio_tf = api.render(ROOT / "examples" / "iam-studio.yaml").files["terraform/studio.tf"]
    body = studio_tf[studio_tf.index('resource "aws_emr_studio"') :]
    assert "depends_on = [\n    aws_iam_role_policy.studio_service_role_studio_service,\n  ]" in body
