"""``stackset/template.yaml`` (SPEC.md §4, issue 7): one AWS::CloudFormation::StackSet that rolls the member
template (``cloudformation/template.yaml``) out to the targets. The member template is not embedded: StackSets
take it from S3 (``TemplateURL``), so its URL is a parameter and no local path appears here."""

from __future__ import annotations

from ..plan import Plan
from ..refs import Ref
from ..spec.model import Targets
from . import env
from .cloudformation import Props
from .header import header_text
from .readback import check_cloudformation

TEMPLATE_URL = "MemberTemplateURL"
ADMIN_ROLE = "AdministrationRoleARN"
EXECUTION_ROLE = "ExecutionRoleName"
DEFAULT_EXECUTION_ROLE = "AWSCloudFormationStackSetExecutionRole"


def param(name: str) -> Ref:
    return Ref("parameter", name)


def stackset_name(plan: Plan) -> str:
    return f"{plan.spec.name}-emr-runtime-roles"


def operation_preferences(t: Targets) -> dict:
    """CloudFormation's names for the spec's preferences; RegionOrder is the spec's region order, so a
    SEQUENTIAL rollout goes region by region as listed."""
    prefs = t.operation_preferences or {}
    out: dict = {}
    if prefs.get("failure_tolerance_percentage") is not None:
        out["FailureTolerancePercentage"] = prefs["failure_tolerance_percentage"]
    if prefs.get("max_concurrent_percentage") is not None:
        out["MaxConcurrentPercentage"] = prefs["max_concurrent_percentage"]
    if prefs.get("region_concurrency"):
        out["RegionConcurrencyType"] = prefs["region_concurrency"]
    out["RegionOrder"] = list(t.regions)
    return out


def parameters(t: Targets) -> dict:
    out = {TEMPLATE_URL: {
        "Type": "String",
        "Description": "HTTPS URL of cloudformation/template.yaml after you upload it to S3 "
                       "(StackSets read the member template from S3, never from a local path)",
        "AllowedPattern": "https://.+",
    }}
    if t.accounts:
        admin = {"Type": "String", "Description": "Role CloudFormation assumes in this (administrator) account"}
        if t.administration_role_arn:
            admin["Default"] = t.administration_role_arn
        out[ADMIN_ROLE] = admin
        out[EXECUTION_ROLE] = {"Type": "String", "Default": t.execution_role_name or DEFAULT_EXECUTION_ROLE,
                               "Description": "Role the administration role assumes in each target account"}
    return out


def properties(plan: Plan, nested: bool) -> dict:
    t = plan.spec.targets
    props: dict = {
        "StackSetName": stackset_name(plan),
        "Description": f"EMR Studio runtime roles for {plan.spec.name}, in every target account and region",
        "PermissionModel": "SERVICE_MANAGED" if t.organizational_units else "SELF_MANAGED",
    }
    if t.organizational_units:
        # Accounts that join a target OU later get the stack; leaving one removes it (no orphaned IAM).
        props["AutoDeployment"] = {"Enabled": t.auto_deployment,
                                   **({"RetainStacksOnAccountRemoval": False} if t.auto_deployment else {})}
    else:
        props["AdministrationRoleARN"] = param(ADMIN_ROLE)
        props["ExecutionRoleName"] = param(EXECUTION_ROLE)
    # Nested member stacks are macros-free, but CloudFormation wants AUTO_EXPAND to create them.
    props["Capabilities"] = ["CAPABILITY_NAMED_IAM"] + (["CAPABILITY_AUTO_EXPAND"] if nested else [])
    props["TemplateURL"] = param(TEMPLATE_URL)
    props["OperationPreferences"] = operation_preferences(t)
    targets = {"OrganizationalUnitIds": list(t.organizational_units)} if t.organizational_units \
        else {"Accounts": list(t.accounts)}
    props["StackInstancesGroup"] = [{"DeploymentTargets": targets, "Regions": list(t.regions)}]
    if plan.tags:
        props["Tags"] = [{"Key": k, "Value": v} for k, v in sorted(plan.tags.items())]
    return props


def render(plan: Plan, nested: bool) -> str:
    writer = Props(lambda ref: (ref.attr, None))  # the only Refs here are this template's parameters
    header = header_text(plan.spec.source)
    text = env.render("cloudformation/stackset.yaml.j2", header=header, cfn=writer,
                      description=f"StackSet rolling out EMR Studio runtime roles for {plan.spec.name}. {header}",
                      parameters=parameters(plan.spec.targets), props=properties(plan, nested))
    check_cloudformation(text, "stackset/template.yaml")
    return text
