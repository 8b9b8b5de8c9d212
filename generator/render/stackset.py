"""``stackset/template.yaml`` (SPEC.md §4, issue 7): the AWS::CloudFormation::StackSet that rolls the member
template (``cloudformation/template.yaml``) out to the targets. With several regions a second StackSet comes
first: it deploys ``cloudformation/account/template.yaml`` (the account-wide IAM, generator/plan/scopes.py) to the
first region of every account. Member templates are not embedded: StackSets take them from S3
(``TemplateURL``), so their URLs are parameters and no local path appears here."""

from __future__ import annotations

from ..check.readback import check_cloudformation
from ..plan.core import Plan
from ..plan.header import header_text
from ..plan.refs import ACCOUNT as ACCOUNT_ID
from ..plan.refs import PARTITION, REGION, Ref, join
from ..plan.scopes import ACCOUNT, REGIONAL
from ..plan.targets import scope_regions, stackset_name
from . import env
from .values import CfnWriter

ACCOUNT_LOGICAL_ID, REGIONAL_LOGICAL_ID = "AccountStackSet", "StackSet"
TEMPLATE_URL = "MemberTemplateURL"
ACCOUNT_TEMPLATE_URL = "AccountTemplateURL"
ADMIN_ROLE = "AdministrationRoleARN"
EXECUTION_ROLE = "ExecutionRoleName"
DEFAULT_EXECUTION_ROLE = "AWSCloudFormationStackSetExecutionRole"


def param(name: str) -> Ref:
    return Ref("parameter", name)


def template_urls(scopes: tuple[str, ...]) -> list[tuple[str, str]]:
    """(parameter, member template path) for each member template a StackSet deploys, account one first."""
    urls = {
        ACCOUNT: (ACCOUNT_TEMPLATE_URL, "cloudformation/account/template.yaml"),
        REGIONAL: (TEMPLATE_URL, "cloudformation/template.yaml"),
    }
    return [urls[scope] for scope in (ACCOUNT, REGIONAL) if scope in scopes]


def stackset_arn(logical_id: str):
    """The ARN of a StackSet this template creates (its Ref is the StackSet id, ``name:uuid``)."""
    return join("arn:", PARTITION, ":cloudformation:", REGION, ":", ACCOUNT_ID, ":stackset/", Ref(logical_id, ""))


def stackset(plan: Plan, nested: bool, scope: str = REGIONAL, after: str | None = None) -> dict:
    """The values of one StackSet (stackset.yaml.j2 lays them out). ``after``: the logical id of the StackSet
    whose stacks this one's need (the account StackSet): accounts that join an OU later get them in that
    order too (AutoDeployment.DependsOn)."""
    t = plan.spec.targets
    return {
        "name": stackset_name(plan, scope),
        "description": (
            f"IAM roles of EMR Studio runtime roles for {plan.spec.name}, once in every target account"
            if scope == ACCOUNT
            else f"EMR Studio runtime roles for {plan.spec.name}, in every target account and region"
        ),
        "after": stackset_arn(after) if after and t.organizational_units and t.auto_deployment else None,
        "nested": nested,
        "template_url": param(ACCOUNT_TEMPLATE_URL if scope == ACCOUNT else TEMPLATE_URL),
        "regions": scope_regions(t, scope),
        "tags": dict(sorted(plan.tags.items())),
    }


def stacksets(plan: Plan, nested: dict[str, bool]) -> list[dict]:
    """The StackSet resources, account one first; ``nested``: scope -> whether its template is split."""
    out = []
    if ACCOUNT in nested:
        out.append(
            {
                "id": ACCOUNT_LOGICAL_ID,
                **stackset(plan, nested[ACCOUNT], ACCOUNT),
                "depends_on": None,
                "output": "Id of the StackSet that creates the account-wide IAM roles (first target region)",
            }
        )
    if REGIONAL in nested:
        after = ACCOUNT_LOGICAL_ID if ACCOUNT in nested else None
        values = stackset(plan, nested[REGIONAL], REGIONAL, after)
        # An AutoDeployment.DependsOn reference orders the two already (cfn-lint W3005 flags a redundant DependsOn).
        out.append(
            {
                "id": REGIONAL_LOGICAL_ID,
                **values,
                "depends_on": None if values["after"] else after,
                "output": "Id of the StackSet",
            }
        )
    return out


def render(plan: Plan, nested: dict[str, bool]) -> str:
    """``nested``: for each member template (ACCOUNT, REGIONAL), whether it is split into nested stacks."""
    writer = CfnWriter(lambda ref: (ref.key if ref.key != "parameter" else ref.attr, None))
    header = header_text(plan.spec.source)
    t = plan.spec.targets
    text = env.render(
        "cloudformation/stackset.yaml.j2",
        header=header,
        writer=writer,
        description=f"StackSet rolling out EMR Studio runtime roles for {plan.spec.name}. {header}",
        template_urls=template_urls(tuple(nested)),
        targets=t,
        preferences=t.operation_preferences or {},
        execution_role=t.execution_role_name or DEFAULT_EXECUTION_ROLE,
        stacksets=stacksets(plan, nested),
    )
    check_cloudformation(text, "stackset/template.yaml")
    return text
