"""Terraform for `targets:` (SPEC.md §4, issue 7): the single-account files become a module
(``terraform/modules/member``), and a root instantiates it once per account x region. With several regions the
account-wide IAM is a second module (``terraform/modules/account``, generator/plan/scopes.py), instantiated once per
account with the provider of its first region; that account's member modules take its outputs as inputs. Each instance gets
its own aliased ``aws`` provider that assumes ``terraform_assume_role_name`` in the target account:
Terraform cannot create provider blocks in a loop (for_each on providers does not exist), so they are
written out one by one.

Organizational units cannot get one provider per account (their accounts are not known when the configuration is
written, and accounts join later), so for OUs the root manages the same StackSets as stackset/template.yaml itself
(``organization_root``): aws_cloudformation_stack_set and its instances over the OUs and regions, deploying the
member template(s) from S3; the modules stay for whoever wants to instantiate them."""

from __future__ import annotations

from ..plan.core import Plan
from ..plan.header import header_text
from ..plan.scopes import ACCOUNT, REGIONAL
from ..plan.targets import instances
from ..spec.regions import partition_of
from . import env, terraform
from .hclfmt import align
from .values import HclWriter

MODULE_DIR = "modules/member"
# The OU root's aws_cloudformation_stack_set_instance.stack_set_instance_region and the StackSet's
# depends_on_stack_sets exist in provider 6.x only (5.x calls the first `region`, which 6.x gave every resource): that
# root needs 6.x; the member modules it deploys through CloudFormation do not care.
STACKSET_PROVIDER_VERSION = ">= 6.0, < 7.0"
ACCOUNT_MODULE_DIR = "modules/account"


def render(plan: Plan, members: dict[str, Plan]) -> dict[str, str]:
    """File name (relative to terraform/) -> text. ``members``: the plan by scope (scopes.members): the
    regional part becomes modules/member, the account-wide part (several regions only) modules/account."""
    files = {}
    for scope, folder in ((REGIONAL, MODULE_DIR), (ACCOUNT, ACCOUNT_MODULE_DIR)):
        if scope in members:
            files.update(
                {f"{folder}/{name}": text for name, text in terraform.render(members[scope], root=False).items()}
            )
    t = plan.spec.targets
    if not t.accounts:
        files.update(organization_root(plan, members))
        return dict(sorted(files.items()))
    partition = plan.spec.partition or partition_of(t.regions[0])
    writer = HclWriter(terraform.ref_target(plan))
    header = header_text(plan.spec.source)
    has_account_module = ACCOUNT in members
    targets = []
    for name, account, region in instances(plan):
        # The account-wide module goes with the account's first region (its provider), and comes first.
        first = region == t.regions[0]
        account_module = f"account_{account}" if has_account_module else None
        # What the member takes from the account module comes as its outputs: Terraform then creates those
        # first, and only what uses them waits (a module depends_on would defer the member's data sources).
        inputs = members[REGIONAL].inputs if REGIONAL in members and account_module else []
        targets.append(
            {
                "name": name,
                "account": account,
                "region": region,
                "role_arn": f"arn:{partition}:iam::{account}:role/{t.terraform_assume_role_name}",
                "account_module": account_module if first else None,
                "inputs": [(i.name, f"module.{account_module}.{i.name}") for i in inputs],
                "member": REGIONAL in members,
            }
        )
    root = {
        "providers.tf": env.render(
            "terraform/targets_providers.tf.j2",
            header=header,
            targets=targets,
            writer=writer,
            session=f"emrgen-{plan.spec.name}",
        ),
        "main.tf": env.render(
            "terraform/targets_main.tf.j2",
            header=header,
            targets=targets,
            writer=writer,
            source=f"./{MODULE_DIR}",
            account_source=f"./{ACCOUNT_MODULE_DIR}",
        ),
    }
    if plan.outputs:
        root["outputs.tf"] = env.render(
            "terraform/targets_outputs.tf.j2", header=header, targets=targets, writer=writer
        )
    files.update(finish_root(plan, writer, header, root, terraform.provider_version(plan.needs())))
    return dict(sorted(files.items()))


def organization_root(plan: Plan, members: dict[str, Plan]) -> dict[str, str]:
    """OU targets (issue 12): versions.tf, providers.tf (the StackSets' home region) and stacksets.tf."""
    from ..plan.targets import scope_regions, stackset_name

    t = plan.spec.targets
    header = header_text(plan.spec.source)
    writer = HclWriter(terraform.ref_target(plan))
    prefs = t.operation_preferences or {}
    stacksets = []
    for scope, tf_name, variable, path in (
        (ACCOUNT, "account", "account_template_url", "cloudformation/account/template.yaml"),
        (REGIONAL, "member", "member_template_url", "cloudformation/template.yaml"),
    ):
        if scope not in members:
            continue
        regions = scope_regions(t, scope)
        preferences = {
            "failure_tolerance_percentage": prefs.get("failure_tolerance_percentage"),
            "max_concurrent_percentage": prefs.get("max_concurrent_percentage"),
            "region_concurrency_type": prefs.get("region_concurrency"),
            "region_order": regions,
        }
        stacksets.append(
            {
                "tf_name": tf_name,
                "url_variable": variable,
                "path": path,
                "name": stackset_name(plan, scope),
                "description": (
                    f"IAM roles of EMR Studio runtime roles for {plan.spec.name}, once in every target account"
                    if scope == ACCOUNT
                    else f"EMR Studio runtime roles for {plan.spec.name}, in every target account and region"
                ),
                "regions": regions,
                "after": "account" if scope == REGIONAL and ACCOUNT in members else None,
                "preferences": {k: v for k, v in preferences.items() if v is not None},
                "tags": dict(sorted(plan.tags.items())),
            }
        )
    root = {
        "providers.tf": env.render(
            "terraform/targets_org_provider.tf.j2", header=header, writer=writer, region=t.regions[0]
        ),
        "stacksets.tf": env.render(
            "terraform/targets_stacksets.tf.j2", header=header, writer=writer, targets=t, stacksets=stacksets
        ),
    }
    return finish_root(plan, writer, header, root, STACKSET_PROVIDER_VERSION)


def finish_root(plan: Plan, writer, header: str, root: dict[str, str], provider_version: str) -> dict[str, str]:
    """A targets root's versions.tf (the provider versions it runs on) and backend.tf (when the spec names one),
    aligned as terraform fmt would, each file read back."""
    root = {
        "versions.tf": env.render(
            "terraform/targets_versions.tf.j2",
            header=header,
            writer=writer,
            required_version=terraform.required_version(plan),
            provider_version=provider_version,
        ),
        **root,
        **terraform.backend(plan, writer, header),
    }
    done = {name: align(text) for name, text in root.items()}
    for name, text in done.items():
        terraform.check_syntax(text, name)
    return done
