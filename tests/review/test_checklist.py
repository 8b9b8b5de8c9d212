"""The DOMAIN.md checklist, asserted on the decoded CloudFormation of the examples (the equivalence test
carries each fact over to Terraform)."""

from __future__ import annotations

import pytest

from ..cfndecode import decode
from ..conftest import SPECS


def template(rendered_examples, stem: str) -> dict:
    return decode(rendered_examples[stem].files["cloudformation/template.yaml"], stem)


def of_type(tpl: dict, cfn_type: str) -> dict:
    return {k: v["Properties"] for k, v in tpl["Resources"].items() if v["Type"] == cfn_type}


def statements(doc: dict) -> list[dict]:
    return doc["Statement"]


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_every_session_grant_is_conditioned_on_the_execution_role(spec, rendered_examples) -> None:
    tpl = template(rendered_examples, spec.stem)
    found = 0
    for props in of_type(tpl, "AWS::IAM::ManagedPolicy").values():
        for st in statements(props["PolicyDocument"]):
            actions = as_list(st["Action"])
            if {"elasticmapreduce:GetClusterSessionCredentials", "elasticmapreduce:AddJobFlowSteps"} & set(actions):
                found += 1
                operators = [op for op, keys in st["Condition"].items() if "elasticmapreduce:ExecutionRoleArn" in keys]
                assert len(operators) == 1, st  # never StringEquals and StringLike on the key in one statement
                values = as_list(st["Condition"][operators[0]]["elasticmapreduce:ExecutionRoleArn"])
                text = [v if isinstance(v, str) else v["Fn::Sub"] for v in values]
                wild = [("*" in v or "?" in v) for v in text]
                assert all(wild) if operators[0] == "StringLike" else not any(wild), st
    assert found


def test_security_configuration_enables_runtime_roles(rendered_examples) -> None:
    iam = of_type(template(rendered_examples, "iam-studio"), "AWS::EMR::SecurityConfiguration")
    [config] = [p["SecurityConfiguration"] for p in iam.values()]
    assert config["AuthorizationConfiguration"]["IAMConfiguration"]["EnableApplicationScopedIAMRole"] is True
    assert config["AuthorizationConfiguration"]["IAMConfiguration"]["ApplicationScopedIAMRoleConfiguration"] == {
        "PropagateSourceIdentity": True
    }
    tls = config["EncryptionConfiguration"]
    assert tls["EnableInTransitEncryption"] is True
    assert tls["InTransitEncryptionConfiguration"]["TLSCertificateConfiguration"]["CertificateProviderType"] == "PEM"
    assert "ExternalId" not in str(config)
    sso = of_type(template(rendered_examples, "sso-studio"), "AWS::EMR::SecurityConfiguration")
    [config] = [p["SecurityConfiguration"] for p in sso.values()]
    assert config["AuthorizationConfiguration"]["LakeFormationConfiguration"] == {
        "AuthorizedSessionTagValue": "Amazon EMR"
    }
    assert "ApplicationScopedIAMRoleConfiguration" not in config["AuthorizationConfiguration"]["IAMConfiguration"]


def test_runtime_roles_trust_the_instance_profile_role(rendered_examples) -> None:
    tpl = template(rendered_examples, "iam-studio")
    roles = of_type(tpl, "AWS::IAM::Role")
    reader = roles["RuntimeRoleAnalyticsRawReader"]
    [assume, source_identity] = statements(reader["AssumeRolePolicyDocument"])
    assert assume["Principal"] == {"AWS": {"Fn::GetAtt": ["InstanceProfileRoleInteractive", "Arn"]}}
    assert assume["Action"] == ["sts:AssumeRole", "sts:TagSession"]
    assert source_identity["Action"] == ["sts:SetSourceIdentity", "sts:AssumeRole"]  # [RR] AllowSetSourceIdentity
    assert source_identity["Condition"] == {"StringLike": {"sts:SourceIdentity": "*"}}
    profile_role = roles["InstanceProfileRoleInteractive"]
    assert statements(profile_role["AssumeRolePolicyDocument"])[0]["Principal"] == {"Service": "ec2.amazonaws.com"}
    usage = statements(profile_role["Policies"][0]["PolicyDocument"])[0]
    assert usage["Action"] == ["sts:AssumeRole", "sts:TagSession"]
    assert [r["Fn::Sub"].rsplit("/", 1)[1] for r in usage["Resource"]] == ["analytics-raw-reader", "analytics-curator"]
    [profile] = of_type(tpl, "AWS::IAM::InstanceProfile").values()
    assert profile["Roles"] == [{"Ref": "InstanceProfileRoleInteractive"}]


def test_cluster_settings(rendered_examples) -> None:
    tpl = template(rendered_examples, "iam-studio")
    [cluster] = of_type(tpl, "AWS::EMR::Cluster").values()
    assert cluster["ReleaseLabel"] == "emr-7.5.0"
    assert [a["Name"] for a in cluster["Applications"]] == ["Spark", "Livy", "JupyterEnterpriseGateway"]
    assert cluster["SecurityConfiguration"] == {"Ref": "RuntimeRolesSecurityConfiguration"}
    assert cluster["Instances"]["MasterInstanceGroup"]["InstanceCount"] == 1
    assert cluster["VisibleToAllUsers"] is True
    assert {"Key": "for-use-with-amazon-emr-managed-policies", "Value": "true"} in cluster["Tags"]
    assert "Steps" not in cluster


def test_studio_iam_and_sso(rendered_examples) -> None:
    iam = template(rendered_examples, "iam-studio")
    [studio] = of_type(iam, "AWS::EMR::Studio").values()
    assert studio["AuthMode"] == "IAM" and "UserRole" not in studio
    assert studio["ServiceRole"] == {"Fn::GetAtt": ["StudioServiceRole", "Arn"]}
    assert not of_type(iam, "AWS::EMR::StudioSessionMapping")
    managed = of_type(iam, "AWS::IAM::ManagedPolicy")
    shared = managed["StudioUserPolicy"]
    assert shared["Roles"] == ["analyst"] and shared["Groups"] == ["data-engineers"]  # every principal, once
    sids = [s["Sid"] for s in statements(shared["PolicyDocument"])]
    for sid in (
        "AllowEMRBasicActions",
        "AllowAddingTagsOnSecretsWithEMRStudioPrefix",
        "AllowPassingServiceRoleForWorkspaceCreation",
        "AllowCreateStudioPresignedUrl",
    ):
        assert sid in sids
    # the user's own grants, and the logs of the clusters they reach (not in the shared policy)
    assert [s["Sid"] for s in statements(managed["UserPolicyAnalysts"]["PolicyDocument"])] == [
        "AllowRuntimeRoles",
        "AllowS3ReadOnlyAccessToLogs",
        "AllowS3ListLogs1",
        "AllowS3LogBucketLocation",
    ]
    assert "s3:ListBucket" not in str(shared) and "s3:GetObject" not in str(shared)
    sso = template(rendered_examples, "sso-studio")
    [studio] = of_type(sso, "AWS::EMR::Studio").values()
    assert studio["AuthMode"] == "SSO" and studio["UserRole"] == {"Fn::GetAtt": ["StudioUserRole", "Arn"]}
    user_role = of_type(sso, "AWS::IAM::Role")["StudioUserRole"]
    assert statements(user_role["AssumeRolePolicyDocument"])[0]["Action"] == ["sts:AssumeRole", "sts:SetContext"]
    mappings = of_type(sso, "AWS::EMR::StudioSessionMapping")
    assert {m["IdentityType"] for m in mappings.values()} == {"USER", "GROUP"}
    policies = of_type(sso, "AWS::IAM::ManagedPolicy")
    for mapping in mappings.values():
        policy = policies[mapping["SessionPolicyArn"]["Ref"]]
        assert policy["Roles"] == [{"Ref": "StudioUserRole"}]  # attached before the mapping can exist
        assert "AllowCreateStudioPresignedUrl" not in str(policy)
        assert "AllowEMRBasicActions" in str(policy)  # one session policy per mapping: it holds everything


def test_studio_security_groups(rendered_examples) -> None:
    tpl = template(rendered_examples, "iam-studio")
    groups = of_type(tpl, "AWS::EC2::SecurityGroup")
    workspace, engine = groups["WorkspaceSecurityGroup"], groups["EngineSecurityGroup"]
    # The rule and its wording are the EMR Management Guide's ("Define security groups to control EMR Studio network
    # traffic", Workspace security group: outbound HTTPS to link publicly hosted Git repositories).
    git_egress = "Allow traffic to the internet to link publicly hosted Git repositories to Workspaces."
    assert workspace["SecurityGroupEgress"] == [
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0", "Description": git_egress}
    ]
    assert "SecurityGroupIngress" not in workspace and "SecurityGroupIngress" not in engine
    for group in (workspace, engine):
        assert {"Key": "for-use-with-amazon-emr-managed-policies", "Value": "true"} in group["Tags"]
    [ingress] = of_type(tpl, "AWS::EC2::SecurityGroupIngress").values()
    assert ingress["FromPort"] == ingress["ToPort"] == 18888
    assert ingress["GroupId"] == {"Fn::GetAtt": ["EngineSecurityGroup", "GroupId"]}
    assert ingress["SourceSecurityGroupId"] == {"Fn::GetAtt": ["WorkspaceSecurityGroup", "GroupId"]}
    [egress] = of_type(tpl, "AWS::EC2::SecurityGroupEgress").values()
    assert egress["FromPort"] == 18888
    assert egress["DestinationSecurityGroupId"] == {"Fn::GetAtt": ["EngineSecurityGroup", "GroupId"]}


def test_studio_service_role(rendered_examples) -> None:
    tpl = template(rendered_examples, "iam-studio")
    role = of_type(tpl, "AWS::IAM::Role")["StudioServiceRole"]
    trust = statements(role["AssumeRolePolicyDocument"])[0]
    assert trust["Principal"] == {"Service": "elasticmapreduce.amazonaws.com"}
    assert set(trust["Condition"]) == {"StringEquals", "ArnLike"}
    sids = [s["Sid"] for s in statements(role["Policies"][0]["PolicyDocument"])]
    # 13 from the page + S3, less AllowWorkspaceCollaboration (studio.workspace_collaboration is off: issue 11 item 3)
    assert len(sids) == 14 and sids[-2:] == ["ObjectActions", "BucketActions"]
    assert "AllowWorkspaceCollaboration" not in sids


def test_emr_service_role_may_pass_only_its_instance_profile_roles(rendered_examples) -> None:
    role = of_type(template(rendered_examples, "iam-studio"), "AWS::IAM::Role")["EmrServiceRole"]
    assert role["ManagedPolicyArns"] == [
        {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2"}
    ]
    [pass_role] = statements(role["Policies"][0]["PolicyDocument"])
    assert pass_role["Action"] == ["iam:PassRole"]
    # AmazonEMRServicePolicy_v2 PassRoleForEC2: StringLike "ec2.amazonaws.com*" (matches in every partition).
    assert pass_role["Condition"] == {"StringLike": {"iam:PassedToService": "ec2.amazonaws.com*"}}


def test_terraform_waits_for_policies_that_live_in_separate_resources(rendered_examples) -> None:
    import hcl2

    files = rendered_examples["sso-studio"].files
    cluster = hcl2.loads(files["terraform/cluster.tf"])["resource"][0]['"aws_emr_cluster"']
    [body] = cluster.values()
    waits = " ".join(body["depends_on"])
    assert "aws_iam_role_policy_attachment.emr_service_role_1" in waits  # AmazonEMRServicePolicy_v2
    assert "aws_iam_role_policy.emr_service_role_pass_instance_profile_role" in waits
    assert "aws_iam_role_policy.instance_profile_role_lakehouse_runtime_roles" in waits
    users = hcl2.loads(files["terraform/users.tf"])["resource"]
    mappings = [b for block in users for t, b in block.items() if t == '"aws_emr_studio_session_mapping"']
    assert len(mappings) == 3
    for mapping in mappings:
        [(name, body)] = mapping.items()
        assert body["depends_on"] == [
            "${aws_iam_role_policy_attachment.user_policy_" + name.strip('"').split("_", 2)[2] + "}"
        ]
