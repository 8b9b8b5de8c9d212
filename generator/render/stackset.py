"""``stackset/template.yaml`` (SPEC.md §4, issue 7): the AWS::CloudFormation::StackSet that rolls the member
template (``cloudformation/template.yaml``) out to the targets. With several regions a second StackSet comes
first: it deploys ``cloudformation/account/template.yaml`` (the account-wide IAM, generator/scopes.py) to the
first region of every account. Member templates are not embedded: StackSets take them from S3
(``TemplateURL``), so their URLs are parameters and no local path appears here."""

from __future__ import annotations

from ..plan.core import Plan
from ..plan.scopes import ACCOUNT, REGIONAL
from ..plan.targets import scope_regions, stackset_name
from ..plan.refs import ACCOUNT as ACCOUNT_ID
from ..plan.refs import PARTITION, REGION, Ref, join
from ..spec.model import Targets
from . import env
from .cloudformation import Props
from ..plan.header import header_text
from ..check.readback import check_cloudformation

ACCOUNT_LOGICAL_ID, REGIONAL_LOGICAL_ID = "AccountStackSet", "StackSet"
TEMPLATE_URL = "MemberTemplateURL"
ACCOUNT_TEMPLATE_URL = "AccountTemplateURL"
ADMIN_ROLE = "AdministrationRoleARN"
EXECUTION_ROLE = "ExecutionRoleName"
DEFAULT_EXECUTION_ROLE = "AWSCloudFormationStackSetExecutionRole"


def param(name: str) -> Ref:
    return Ref("parameter", name)


def operation_preferences(t: Targets, scope: str = REGIONAL) -> dict:
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
    out["RegionOrder"] = scope_regions(t, scope)
    return out


def template_url_parameter(path: str) -> dict:
    return {"Type": "String",
            "Description": f"HTTPS URL of {path} after you upload it to S3 "
                           "(StackSets read the member template from S3, never from a local path)",
            "AllowedPattern": "https://.+"}


def parameters(t: Targets, scopes: tuple[str, ...] = (REGIONAL,)) -> dict:
    out = {}
    if ACCOUNT in scopes:
        out[ACCOUNT_TEMPLATE_URL] = template_url_parameter("cloudformation/account/template.yaml")
    if REGIONAL in scopes:
        out[TEMPLATE_URL] = template_url_parameter("cloudformation/template.yaml")
    if t.accounts:
        admin = {"Type": "String", "Description": "Role CloudFormation assumes in this (administrator) account"}
        if t.administration_role_arn:
            admin["Default"] = t.administration_role_arn
        out[ADMIN_ROLE] = admin
        out[EXECUTION_ROLE] = {"Type": "String", "Default": t.execution_role_name or DEFAULT_EXECUTION_ROLE,
                               "Description": "Role the administration role assumes in each target account"}
    return out


def stackset_arn(logical_id: str):
    """The ARN of a StackSet this template creates (its Ref is the StackSet id, ``name:uuid``)."""
    return join("arn:", PARTITION, ":cloudformation:", REGION, ":", ACCOUNT_ID, ":stackset/", Ref(logical_id, ""))


def properties(plan: Plan, nested: bool, scope: str = REGIONAL, after: str | None = None) -> dict:
    """One StackSet. ``after``: the logical id of the StackSet whose stacks this one's need (the account
    StackSet): accounts that join an OU later get them in that order too (AutoDeployment.DependsOn)."""
    t = plan.spec.targets
    props: dict = {
        "StackSetName": stackset_name(plan, scope),
        "Description": (f"IAM roles of EMR Studio runtime roles for {plan.spec.name}, once in every target account"
                        if scope == ACCOUNT else
                        f"EMR Studio runtime roles for {plan.spec.name}, in every target account and region"),
        "PermissionModel": "SERVICE_MANAGED" if t.organizational_units else "SELF_MANAGED",
    }
    if t.organizational_units:
        # Accounts that join a target OU later get the stack; leaving one removes it (no orphaned IAM).
        props["AutoDeployment"] = {"Enabled": t.auto_deployment,
                                   **({"RetainStacksOnAccountRemoval": False} if t.auto_deployment else {}),
                                   **({"DependsOn": [stackset_arn(after)]} if after and t.auto_deployment else {})}
    else:
        props["AdministrationRoleARN"] = param(ADMIN_ROLE)
        props["ExecutionRoleName"] = param(EXECUTION_ROLE)
    # Nested member stacks are macros-free, but CloudFormation wants AUTO_EXPAND to create them.
    props["Capabilities"] = ["CAPABILITY_NAMED_IAM"] + (["CAPABILITY_AUTO_EXPAND"] if nested else [])
    props["TemplateURL"] = param(ACCOUNT_TEMPLATE_URL if scope == ACCOUNT else TEMPLATE_URL)
    props["OperationPreferences"] = operation_preferences(t, scope)
    targets = {"OrganizationalUnitIds": list(t.organizational_units)} if t.organizational_units \
        else {"Accounts": list(t.accounts)}
    props["StackInstancesGroup"] = [{"DeploymentTargets": targets, "Regions": scope_regions(t, scope)}]
    if plan.tags:
        props["Tags"] = [{"Key": k, "Value": v} for k, v in sorted(plan.tags.items())]
    return props


def stacksets(plan: Plan, nested: dict[str, bool]) -> list[dict]:
    """The StackSet resources, account one first; ``nested``: scope -> whether its template is split."""
    out = []
    if ACCOUNT in nested:
        out.append({"id": ACCOUNT_LOGICAL_ID, "props": properties(plan, nested[ACCOUNT], ACCOUNT), "depends_on": None,
                    "output": "Id of the StackSet that creates the account-wide IAM roles (first target region)"})
    if REGIONAL in nested:
        after = ACCOUNT_LOGICAL_ID if ACCOUNT in nested else None
        props = properties(plan, nested[REGIONAL], REGIONAL, after)
        # An AutoDeployment.DependsOn reference orders the two already (cfn-lint W3005 flags a redundant DependsOn).
        ordered = "DependsOn" in props.get("AutoDeployment", {})
        out.append({"id": REGIONAL_LOGICAL_ID, "props": props, "depends_on": None if ordered else after,
                    "output": "Id of the StackSet"})
    return out


def render(plan: Plan, nested: dict[str, bool]) -> str:
    """``nested``: for each member template (ACCOUNT, REGIONAL), whether it is split into nested stacks."""
    writer = Props(lambda ref: (ref.key if ref.key != "parameter" else ref.attr, None))
    header = header_text(plan.spec.source)
    text = env.render("cloudformation/stackset.yaml.j2", header=header, cfn=writer,
                      description=f"StackSet rolling out EMR Studio runtime roles for {plan.spec.name}. {header}",
                      parameters=parameters(plan.spec.targets, tuple(nested)), stacksets=stacksets(plan, nested))
    check_cloudformation(text, "stackset/template.yaml")
    return text
