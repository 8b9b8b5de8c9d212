"""Rehearse the StackSet rollout in moto 5.2.5, a local AWS emulator on 127.0.0.1 (issue 7).

What moto does and does not do (checked here, so an upgrade that changes it fails a test):
- it does NOT implement AWS::CloudFormation::StackSet as a template resource: a stack made from
  stackset/template.yaml reaches CREATE_COMPLETE but creates no StackSet (moto logs "No Moto CloudFormation
  support"). So the StackSet template's properties are replayed through the StackSet API instead
  (CreateStackSet + CreateStackInstances), which moto does implement;
- SELF_MANAGED: one stack per account x region, created in that account's own backend; IAM roles land in the
  target account with that account's ARNs; OperationPreferences are accepted (their effect is not observable here);
- SERVICE_MANAGED with OrganizationalUnitIds: moto expands each OU into its accounts from its own Organizations
  backend (so the rehearsal builds an organization first) and creates one stack per account; it does NOT
  auto-deploy to an account that joins an OU later, and DescribeStackSet does not return AutoDeployment;
- it does not model EMR Studio (AWS::EMR::Studio, StudioSessionMapping, SecurityGroupEgress): those and what
  references them are dropped from the member template first (an Output on them crashes moto's loader).
"""

from __future__ import annotations

import json
import re

import boto3
import pytest
from moto.server import ThreadedMotoServer

from generator import api

from .cfndecode import decode
from .conftest import ROOT

UNSUPPORTED = {"AWS::EMR::Studio", "AWS::EMR::StudioSessionMapping", "AWS::EC2::SecurityGroupEgress"}
REFERENCE = re.compile(r'"Ref": "(\w+)"|"Fn::GetAtt": \["(\w+)"|\$\{(\w+)[.}]')


def referenced(value) -> set[str]:
    return {next(g for g in m.groups() if g) for m in REFERENCE.finditer(json.dumps(value))}


def moto_member(template: dict) -> dict:
    """The member template minus what moto cannot create and everything that depends on it."""
    resources = template["Resources"]
    drop = {k for k, v in resources.items() if v["Type"] in UNSUPPORTED}
    while more := {k for k, v in resources.items() if k not in drop and referenced(v) & drop}:
        drop |= more
    return {
        **template,
        "Resources": {k: v for k, v in resources.items() if k not in drop},
        "Outputs": {k: v for k, v in template.get("Outputs", {}).items() if not referenced(v) & drop},
    }


@pytest.fixture(scope="module")
def endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def client(endpoint: str, service: str, region: str, account: str | None = None):
    keys = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    if account:  # moto routes calls made with assumed-role credentials to that account's backend
        sts = boto3.client("sts", endpoint_url=endpoint, region_name=region, **keys)
        creds = sts.assume_role(
            RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole", RoleSessionName="emrgen-rehearsal"
        )["Credentials"]
        keys = {
            "aws_access_key_id": creds["AccessKeyId"],
            "aws_secret_access_key": creds["SecretAccessKey"],
            "aws_session_token": creds["SessionToken"],
        }
    return boto3.client(service, endpoint_url=endpoint, region_name=region, **keys)


@pytest.mark.filterwarnings("ignore:Tried to parse .* not supported by moto")
def test_moto_creates_no_stackset_from_the_stackset_resource(endpoint) -> None:
    rendered = api.render(ROOT / "examples" / "multi-account.yaml")
    cf = client(endpoint, "cloudformation", "eu-west-1")
    cf.create_stack(
        StackName="stackset-as-resource",
        TemplateBody=rendered.files["stackset/template.yaml"],
        Parameters=[
            {"ParameterKey": "MemberTemplateURL", "ParameterValue": "https://bucket.s3.amazonaws.com/template.yaml"}
        ],
    )
    assert cf.describe_stacks(StackName="stackset-as-resource")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    assert cf.list_stack_sets()["Summaries"] == []  # the limit this rehearsal works around


def test_self_managed_stackset_rolls_out_to_every_account(endpoint) -> None:
    rendered = api.render(ROOT / "examples" / "multi-account.yaml")
    stackset = decode(rendered.files["stackset/template.yaml"], "stackset")
    props = stackset["Resources"]["StackSet"]["Properties"]
    params = {k: v.get("Default") for k, v in stackset["Parameters"].items()}
    member = moto_member(json.loads(json.dumps(decode(rendered.files["cloudformation/template.yaml"], "member"))))
    group = props["StackInstancesGroup"][0]
    accounts, regions = group["DeploymentTargets"]["Accounts"], group["Regions"]
    for account in accounts:  # the principals the users' policies attach to exist in each workload account
        iam = client(endpoint, "iam", regions[0], account)
        iam.create_role(RoleName="analyst", AssumeRolePolicyDocument="{}")
        iam.create_group(GroupName="data-engineers")

    cf = client(endpoint, "cloudformation", regions[0])
    cf.create_stack_set(
        StackSetName=props["StackSetName"],
        TemplateBody=json.dumps(member),
        PermissionModel=props["PermissionModel"],
        Capabilities=props["Capabilities"],
        AdministrationRoleARN=params[props["AdministrationRoleARN"]["Ref"]],
        ExecutionRoleName=params[props["ExecutionRoleName"]["Ref"]],
    )
    op = cf.create_stack_instances(
        StackSetName=props["StackSetName"],
        Accounts=accounts,
        Regions=regions,
        OperationPreferences=props["OperationPreferences"],
    )
    status = cf.describe_stack_set_operation(StackSetName=props["StackSetName"], OperationId=op["OperationId"])
    assert status["StackSetOperation"]["Status"] == "SUCCEEDED"
    instances = cf.list_stack_instances(StackSetName=props["StackSetName"])["Summaries"]
    assert sorted((i["Account"], i["Region"], i["Status"]) for i in instances) == sorted(
        (a, r, "CURRENT") for a in accounts for r in regions
    )
    for account in accounts:
        iam = client(endpoint, "iam", regions[0], account)
        role = iam.get_role(RoleName="fleet-curator")["Role"]
        assert role["Arn"] == f"arn:aws:iam::{account}:role/fleet-curator"  # relative to the target account
        names = {r["RoleName"] for r in iam.list_roles()["Roles"]}
        assert {"multi-account-emr-service", "multi-account-interactive-ec2"} <= names


def test_service_managed_stackset_rolls_out_to_the_accounts_of_each_ou(endpoint) -> None:
    """moto expands OUs through its own Organizations backend, so the rehearsal builds an organization whose
    OUs stand in for the spec's (their ids are random in moto) and checks every account gets the stack."""
    rendered = api.render(ROOT / "tests" / "fixtures" / "good" / "targets-ou.yaml")
    props = decode(rendered.files["stackset/template.yaml"], "stackset")["Resources"]["StackSet"]["Properties"]
    member = moto_member(json.loads(json.dumps(decode(rendered.files["cloudformation/template.yaml"], "member"))))
    group = props["StackInstancesGroup"][0]
    region = group["Regions"][0]
    org = client(endpoint, "organizations", region)
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    accounts_of: dict[str, list[str]] = {}
    for i, _ in enumerate(group["DeploymentTargets"]["OrganizationalUnitIds"]):
        ou = org.create_organizational_unit(ParentId=root, Name=f"workloads-{i}")["OrganizationalUnit"]["Id"]
        accounts_of[ou] = []
        for j in range(2):
            account = org.create_account(Email=f"w{i}{j}@example.com", AccountName=f"w{i}{j}")
            account_id = account["CreateAccountStatus"]["AccountId"]
            org.move_account(AccountId=account_id, SourceParentId=root, DestinationParentId=ou)
            client(endpoint, "iam", region, account_id).create_role(RoleName="analyst", AssumeRolePolicyDocument="{}")
            accounts_of[ou].append(account_id)

    cf = client(endpoint, "cloudformation", region)
    cf.create_stack_set(
        StackSetName=props["StackSetName"],
        TemplateBody=json.dumps(member),
        PermissionModel=props["PermissionModel"],
        Capabilities=props["Capabilities"],
        AutoDeployment=props["AutoDeployment"],
    )
    op = cf.create_stack_instances(
        StackSetName=props["StackSetName"],
        DeploymentTargets={"OrganizationalUnitIds": sorted(accounts_of)},
        Regions=group["Regions"],
        OperationPreferences=props["OperationPreferences"],
    )
    assert (
        cf.describe_stack_set_operation(StackSetName=props["StackSetName"], OperationId=op["OperationId"])[
            "StackSetOperation"
        ]["Status"]
        == "SUCCEEDED"
    )
    instances = cf.list_stack_instances(StackSetName=props["StackSetName"])["Summaries"]
    expected = sorted(a for accounts in accounts_of.values() for a in accounts)
    assert sorted(i["Account"] for i in instances if i["Status"] == "CURRENT") == expected
    for account in expected:
        role = client(endpoint, "iam", region, account).get_role(RoleName="org-reader")["Role"]
        assert role["Arn"] == f"arn:aws:iam::{account}:role/org-reader"
    described = cf.describe_stack_set(StackSetName=props["StackSetName"])["StackSet"]
    assert described["PermissionModel"] == "SERVICE_MANAGED"

    # moto's limits, pinned so an upgrade that lifts them is noticed: an account that joins an OU later gets
    # nothing (no auto-deployment), and DescribeStackSet does not echo AutoDeployment.
    ou = sorted(accounts_of)[0]
    late = org.create_account(Email="late@example.com", AccountName="late")["CreateAccountStatus"]["AccountId"]
    org.move_account(AccountId=late, SourceParentId=root, DestinationParentId=ou)
    assert late not in {i["Account"] for i in cf.list_stack_instances(StackSetName=props["StackSetName"])["Summaries"]}
    assert "AutoDeployment" not in described


def test_several_regions_deploy_account_wide_iam_once_and_the_rest_per_region(endpoint) -> None:
    """Two accounts x three regions: the account StackSet (first region) then the regional one (every region).
    Each account ends with its runtime roles once, and one regional copy of emrgen's own IAM per region: a
    name created twice in one account would fail the second region's stack instance."""
    rendered = api.render(ROOT / "tests" / "fixtures" / "good" / "targets-accounts-regions.yaml")
    stackset = decode(rendered.files["stackset/template.yaml"], "stackset")
    params = {k: v.get("Default") for k, v in stackset["Parameters"].items()}
    templates = {"AccountStackSet": "cloudformation/account/template.yaml", "StackSet": "cloudformation/template.yaml"}
    assert list(stackset["Resources"]) == list(templates)  # the account-wide StackSet first
    assert stackset["Resources"]["StackSet"]["DependsOn"] == "AccountStackSet"
    regions_of = {}
    for logical_id, path in templates.items():
        props = stackset["Resources"][logical_id]["Properties"]
        member = moto_member(json.loads(json.dumps(decode(rendered.files[path], path))))
        group = props["StackInstancesGroup"][0]
        accounts, regions_of[logical_id] = group["DeploymentTargets"]["Accounts"], group["Regions"]
        cf = client(endpoint, "cloudformation", "eu-west-1")
        cf.create_stack_set(
            StackSetName=props["StackSetName"],
            TemplateBody=json.dumps(member),
            PermissionModel=props["PermissionModel"],
            Capabilities=props["Capabilities"],
            AdministrationRoleARN=params[props["AdministrationRoleARN"]["Ref"]],
            ExecutionRoleName=params[props["ExecutionRoleName"]["Ref"]],
        )
        op = cf.create_stack_instances(
            StackSetName=props["StackSetName"],
            Accounts=accounts,
            Regions=group["Regions"],
            OperationPreferences=props["OperationPreferences"],
        )
        status = cf.describe_stack_set_operation(StackSetName=props["StackSetName"], OperationId=op["OperationId"])
        assert status["StackSetOperation"]["Status"] == "SUCCEEDED", logical_id
        instances = cf.list_stack_instances(StackSetName=props["StackSetName"])["Summaries"]
        assert sorted((i["Account"], i["Region"], i["Status"]) for i in instances) == sorted(
            (a, r, "CURRENT") for a in accounts for r in group["Regions"]
        )
    assert regions_of == {"AccountStackSet": ["eu-west-1"], "StackSet": ["eu-west-1", "eu-central-1", "us-west-2"]}
    for account in accounts:
        iam = client(endpoint, "iam", "eu-west-1", account)
        names = {r["RoleName"] for r in iam.list_roles()["Roles"]}
        assert {"fleet-finance", "fleet-marketing", "sso-fleet-lakehouse-ec2"} <= names
        for region in regions_of["StackSet"]:
            assert {f"sso-fleet-emr-service-{region}", f"sso-fleet-studio-user-{region}"} <= names
        policies = {p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]}
        assert {f"sso-fleet-user-jane-{region}" for region in regions_of["StackSet"]} <= policies


def deployed_iam(iam) -> dict:
    """Every role (trust, inline policies) and customer managed policy (document) of one account, as JSON-able data."""
    out: dict = {"roles": {}, "policies": {}}
    for role in iam.list_roles()["Roles"]:
        name = role["RoleName"]
        inline = {
            p: iam.get_role_policy(RoleName=name, PolicyName=p)["PolicyDocument"]
            for p in iam.list_role_policies(RoleName=name)["PolicyNames"]
        }
        out["roles"][name] = {"arn": role["Arn"], "trust": role["AssumeRolePolicyDocument"], "inline": inline}
    for policy in iam.list_policies(Scope="Local")["Policies"]:
        version = iam.get_policy_version(PolicyArn=policy["Arn"], VersionId=policy["DefaultVersionId"])
        out["policies"][policy["PolicyName"]] = version["PolicyVersion"]["Document"]
    return out


@pytest.mark.filterwarnings("ignore:Tried to parse .* not supported by moto")
@pytest.mark.parametrize("example", ["organization", "team-clusters"])
def test_organization_examples_deploy_into_two_accounts_that_each_name_only_themselves(example) -> None:
    """Issue 12: the member template of an Organization example, rolled out over one OU with two accounts:
    each account reads back its own roles, trust and policies, built from its own account id (runtime roles
    given by name, per-account buckets), and no other account's id appears anywhere in them."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        rendered = api.render(ROOT / "examples" / f"{example}.yaml")
        props = decode(rendered.files["stackset/template.yaml"], "stackset")["Resources"]["StackSet"]["Properties"]
        member = moto_member(json.loads(json.dumps(decode(rendered.files["cloudformation/template.yaml"], "member"))))
        region = props["StackInstancesGroup"][0]["Regions"][0]
        org = client(endpoint, "organizations", region)
        try:
            org.create_organization(FeatureSet="ALL")
        except org.exceptions.AlreadyInOrganizationException:  # moto's backends are per process, not per server
            pass
        root = org.list_roots()["Roots"][0]["Id"]
        ou = org.create_organizational_unit(ParentId=root, Name=f"{example}-ou")["OrganizationalUnit"]["Id"]
        accounts = []
        for j in range(2):
            account = org.create_account(Email=f"{example}{j}@example.com", AccountName=f"{example}{j}")[
                "CreateAccountStatus"
            ]["AccountId"]
            org.move_account(AccountId=account, SourceParentId=root, DestinationParentId=ou)
            iam = client(endpoint, "iam", region, account)
            iam.create_role(RoleName="analyst", AssumeRolePolicyDocument="{}")  # W120: must exist in every account
            iam.create_group(GroupName="data-engineers")
            accounts.append(account)
        cf = client(endpoint, "cloudformation", region)
        cf.create_stack_set(
            StackSetName=props["StackSetName"],
            TemplateBody=json.dumps(member),
            PermissionModel=props["PermissionModel"],
            Capabilities=props["Capabilities"],
            AutoDeployment=props["AutoDeployment"],
        )
        op = cf.create_stack_instances(
            StackSetName=props["StackSetName"],
            DeploymentTargets={"OrganizationalUnitIds": [ou]},
            Regions=[region],
            OperationPreferences=props["OperationPreferences"],
        )
        status = cf.describe_stack_set_operation(StackSetName=props["StackSetName"], OperationId=op["OperationId"])
        assert status["StackSetOperation"]["Status"] == "SUCCEEDED"
        seen = {}
        for account in accounts:
            seen[account] = deployed_iam(client(endpoint, "iam", region, account))
        for account, other in (accounts, accounts[::-1]):
            text = json.dumps(seen[account], sort_keys=True)
            assert other not in text, f"account {other} appears in what {account} deployed"
            assert f"arn:aws:iam::{account}:role/" in text
            if example == "organization":
                roles = seen[account]["roles"]
                assert roles["org-raw-reader"]["arn"] == f"arn:aws:iam::{account}:role/org-raw-reader"
                trust = json.dumps(roles["org-raw-reader"]["trust"])
                assert f"arn:aws:iam::{account}:role/organization/organization-interactive-ec2" in trust
                reads = json.dumps(roles["org-raw-reader"]["inline"])
                assert f"arn:aws:s3:::lake-{account}-{region}/raw/*" in reads
                assert "arn:aws:s3:::org-reference-data/shared/*" in reads  # the central bucket: one for all
            else:
                assert not [r for r in seen[account]["roles"] if r.startswith("team-")]  # existing: none created
                grants = json.dumps(seen[account]["policies"]["team-clusters-user-engineers"])
                assert f"arn:aws:iam::{account}:role/team-etl-writer" in grants
                assert '"elasticmapreduce:ResourceTag/team": "analytics"' in grants
    finally:
        server.stop()
