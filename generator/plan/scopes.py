"""Several target regions (issue 7): the plan cut into what each account gets once and what each region gets.

IAM names are global per account, so a member template deployed to two regions of one account would create
every role twice and fail in the second region. The runtime roles (their names are the user's, and jobs name
them) and what they must trust when created (the instance-profile roles, with their instance profiles) go to an
**account** template, deployed in the first target region only; everything else is **regional**, and its
emrgen-named IAM (EMR service role, Studio roles, user policies) carries the region in its name
(spec/names.py ``regional``).

A regional resource that refers to an account-scoped one cannot use a reference across stacks (StackSets and
Terraform modules keep them apart), so the reference becomes the value it would have had: IAM names are the
spec's, and ARNs are built from them, as grants.runtime_role_arn already does for runtime roles. A whole name
becomes a refs.Input: that text in CloudFormation (the account StackSet deploys first), a variable of the member
module in Terraform, fed from the account module's output so Terraform orders the two.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import RenderError
from .core import Output, Plan, Resource
from .refs import Input, Join, Ref, join

# Member templates by scope: one per account (several regions only), one per account and region.
ACCOUNT, REGIONAL = "account", "regional"
# Their documents name no region (tests/test_scopes.py checks): the EMR service role does (its trust's
# aws:SourceArn), so it is regional.
ACCOUNT_SCOPED_KINDS = ("runtime_role", "instance_profile_role", "instance_profile")
ARN_TYPES = {"role": "role", "instance_profile": "instance-profile"}


def is_account_scoped(key: str) -> bool:
    return key.split("/", 1)[0] in ACCOUNT_SCOPED_KINDS


def members(plan: Plan) -> dict[str, Plan]:
    """The member templates to write, by scope: the whole plan, or with several target regions its
    account-wide and regional parts; an empty part is not written."""
    if not plan.spec.multi_region:
        return {REGIONAL: plan}
    account, regional = split(plan)
    return {scope: part for scope, part in ((ACCOUNT, account), (REGIONAL, regional)) if part.resources}


def split(plan: Plan) -> tuple[Plan, Plan]:
    """(account plan, regional plan); either may be empty. Every value the regional part takes from the
    account part becomes an Input of the regional plan and an output of the account plan, which waits
    for the policies the regional resource was waiting for."""
    account = [r for r in plan.resources if is_account_scoped(r.key)]
    keys = {r.key for r in account}
    handoffs: dict[tuple[str, str], Output] = {}  # (key, attr) -> the account plan's output for it
    regional = []
    for res in plan.resources:
        if res.key in keys:
            continue
        used: set[tuple[str, str]] = set()
        props = lower(plan, res.props, keys, used)
        waits = [k for k in res.after if k in keys]
        for key, attr in sorted(used):
            output = handoffs.setdefault(
                (key, attr),
                Output(key, attr, f"Name of {plan.get(key).props['name']}, which the regional template uses"),
            )
            output.after = sorted(set(output.after) | set(waits))
        regional.append(replace(res, props=props, after=[k for k in res.after if k not in keys]))
    account_plan = sub_plan(plan, account, networks={})
    known = {(o.key, o.attr) for o in account_plan.outputs}
    account_plan.outputs += [o for o in handoffs.values() if (o.key, o.attr) not in known]
    regional_plan = sub_plan(plan, regional, networks=plan.networks)
    regional_plan.inputs = [handed(plan, key, attr) for key, attr in sorted(handoffs)]
    return account_plan, regional_plan


def handed(plan: Plan, key: str, attr: str) -> Input:
    return Input(input_name(plan, key, attr), static_value(plan, plan.get(key), attr))


def input_name(plan: Plan, key: str, attr: str) -> str:
    """The Terraform output of the account module, and variable of the member module (same convention as
    render/terraform.py's output names)."""
    return f"{plan.get(key).tf_name}_{attr}"


def sub_plan(plan: Plan, resources: list[Resource], networks: dict) -> Plan:
    keys = {r.key for r in resources}
    out = Plan(
        plan.spec,
        plan.env,
        resources=resources,
        outputs=[o for o in plan.outputs if o.key in keys],
        users=plan.users,
        networks=networks,
    )
    out._by_key.update((r.key, r) for r in resources)
    return out


def lower(plan: Plan, value, account_keys: set[str], used: set | None = None):
    """``value`` with every reference to an account-scoped resource replaced: a whole name by an Input
    (recorded in ``used``), anything else (an ARN, a piece of a string) by the text it stands for."""
    used = set() if used is None else used
    if isinstance(value, Ref) and value.key in account_keys:
        if value.attr == "name":
            used.add((value.key, value.attr))
            return handed(plan, value.key, value.attr)
        return static_value(plan, plan.get(value.key), value.attr)
    if isinstance(value, Join):
        return join(
            *(
                static_value(plan, plan.get(p.key), p.attr) if isinstance(p, Ref) and p.key in account_keys else p
                for p in value.parts
            )
        )
    if isinstance(value, dict):
        return {k: lower(plan, v, account_keys, used) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(lower(plan, v, account_keys, used) for v in value)
    return value


def static_value(plan: Plan, res: Resource, attr: str):
    """The name or ARN of an IAM role or instance profile, from the name and path emrgen gives it."""
    name = res.props["name"]
    if attr == "name" and res.kind in ARN_TYPES:
        return name
    if attr == "arn" and res.kind in ARN_TYPES:
        env = plan.env
        return join(
            "arn:", env.partition, ":iam::", env.account, f":{ARN_TYPES[res.kind]}", res.props.get("path") or "/", name
        )
    raise RenderError(
        f"internal error: a regional resource refers to {res.key}.{attr}, which the account "
        "template creates and has no static value"
    )
