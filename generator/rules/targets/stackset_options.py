"""E314: a spec with targets does not pin account_id, sets the self-managed StackSet roles only for an account
list, and auto_deployment, call_as and retain_stacks_on_account_removal only for organizational units (the last
only with auto_deployment).

One code: each is a StackSet setting that does not fit how the targets are deployed.
Sources: CloudFormation User Guide, StackSets: "Grant self-managed permissions" (AdministrationRoleARN,
ExecutionRoleName) and "Enable automatic deployments" (service-managed StackSets only); CloudFormation template
reference, AWS::CloudFormation::StackSet AutoDeployment ("RetainStacksOnAccountRemoval ... Specify only if Enabled is
set to True") and CallAs ("Valid only for stack sets with service-managed permissions"; DOMAIN.md §7).
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E314",)


def check(spec: Spec, r: Report) -> None:
    if spec.targets is None:
        return
    if spec.account_id:
        r.error(
            ("account_id",),
            "E314",
            "a spec with targets must not pin account_id: each target account deploys its own copy",
            key=True,
        )
    t = spec.targets
    both = t.organizational_units and t.accounts  # E102 says so; the rules below would only add noise
    if t.organizational_units and not both and (t.administration_role_arn or t.execution_role_name):
        r.error(
            ("targets",),
            "E314",
            "administration_role_arn and execution_role_name are for accounts (self-managed StackSets) only",
        )
    if t.accounts and not both and spec.walk is not None and ("targets", "auto_deployment") in spec.walk.key_nodes:
        r.error(
            ("targets", "auto_deployment"),
            "E314",
            "auto_deployment is for organizational_units only "
            "(service-managed StackSets): an account list gets exactly the accounts it names",
            key=True,
        )
    given = spec.walk.key_nodes if spec.walk is not None else {}
    if t.accounts and not both:
        for k in ("call_as", "retain_stacks_on_account_removal"):
            if ("targets", k) in given:
                r.error(
                    ("targets", k),
                    "E314",
                    f"{k} is for organizational_units only (service-managed StackSets)",
                    key=True,
                )
    if t.organizational_units and not t.auto_deployment and t.retain_stacks_on_account_removal:
        r.error(
            ("targets", "retain_stacks_on_account_removal"),
            "E314",
            "retain_stacks_on_account_removal applies "
            "only with auto_deployment: true (AutoDeployment.RetainStacksOnAccountRemoval)",
            key=True,
        )
