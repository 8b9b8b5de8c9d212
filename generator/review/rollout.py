"""REVIEW.md's rollout plan for `targets:` (issue 7): who gets the member setup, in which order, and how
many failures stop the rollout. It restates what stackset/template.yaml and the Terraform root do, from
the same spec, in the words of the StackSet operation preferences (AWS CloudFormation User Guide,
"StackSet operation options")."""

from __future__ import annotations

from collections import Counter

from .access import md_escape as e
from ..plan import scopes
from ..plan.core import Plan
from ..plan.kinds import BY_NAME
from ..plan.scopes import ACCOUNT, REGIONAL
from ..plan.targets import instances, stackset_name



def what_it_creates(plan: Plan) -> str:
    counts = Counter(r.kind for r in plan.resources if BY_NAME[r.kind].in_rollout_summary)
    return ", ".join(f"{n} {BY_NAME[k].plural if n > 1 else BY_NAME[k].singular}" for k, n in sorted(counts.items()))


def section(plan: Plan) -> list[str]:
    t = plan.spec.targets
    if t is None:
        return []
    members = scopes.members(plan)
    account_wide = ACCOUNT in members
    prefs = t.operation_preferences or {}
    sequential = prefs.get("region_concurrency", "SEQUENTIAL") == "SEQUENTIAL"
    kind = "organizational unit" if t.organizational_units else "account"
    home = t.regions[0]
    lines = ["", "## Rollout plan", ""]
    stacksets = "`stackset/template.yaml` (both StackSets)" if account_wide \
        else f"StackSet `{stackset_name(plan)}` (`stackset/template.yaml`)"
    if account_wide:
        lines.append(f"- IAM names are global per account, so with {len(t.regions)} regions the setup comes in two "
                     f"templates: `cloudformation/account/template.yaml` (StackSet `{stackset_name(plan, ACCOUNT)}`) "
                     f"once per account in `{home}`, then `cloudformation/template.yaml` (StackSet "
                     f"`{stackset_name(plan)}`) in every region. The regional IAM names carry the region.")
    if t.organizational_units:
        lines.append(f"- CloudFormation: {stacksets}, service-managed; "
                     + ("accounts that join a target OU later get the stacks automatically"
                        + (" (the account-wide one first: `AutoDeployment.DependsOn`)" if account_wide else "")
                        + ", and leaving one removes them." if t.auto_deployment
                        else "automatic deployment is off: accounts that join later get nothing."))
        modules = "`terraform/modules/account` and `terraform/modules/member`" if account_wide \
            else "`terraform/modules/member`"
        lines.append(f"- Terraform: {modules} only. An OU's accounts are not known when the "
                     "configuration is written, so the StackSet does this rollout."
                     + (" Using the modules yourself, pass each output of `modules/account` to the member module's "
                        "variable of the same name." if account_wide else ""))
    else:
        lines.append(f"- CloudFormation: {stacksets}, self-managed: "
                     f"administration role {e(t.administration_role_arn or 'given as a parameter')}, execution role "
                     f"`{e(t.execution_role_name or 'AWSCloudFormationStackSetExecutionRole')}` in each account.")
        account_modules = (f"`modules/account` {len(t.accounts)} times (in `{home}`, first) and "
                           if account_wide else "")
        lines.append(f"- Terraform: `terraform/` instantiates {account_modules}`modules/member` "
                     f"{len(instances(plan))} times, each with a provider assuming "
                     f"`{e(t.terraform_assume_role_name)}` in its account.")
    if account_wide:
        lines.append(f"- Each account gets once, in `{home}`: {what_it_creates(members[ACCOUNT])}. `{home}` is the "
                     "account template's home because it comes first in `targets.regions`: keep it first (moving it "
                     "deletes and recreates the runtime roles; `emrgen diff` flags it).")
    if REGIONAL in members:
        lines.append(f"- Each target {'account and region' if plan.spec.multi_region else 'account'} gets the member "
                     f"template: {what_it_creates(members[REGIONAL])}.")
    if plan.spec.multi_region:
        lines.append(f"- The access matrix above holds in every target region (one member template); the names of "
                     f"the regional policies it cites end in the region (shown for `{home}`).")
    tolerance = prefs.get("failure_tolerance_percentage")
    lines.append("- Failure tolerance: " + (f"up to {tolerance}% of the accounts in a region may fail; one "
                                            "more stops the operation" if tolerance else
                                            "none: the first failed account stops the operation")
                 + (" and does not start the next region." if sequential else "."))
    concurrent = prefs.get("max_concurrent_percentage")
    lines.append("- Concurrency: " + (f"up to {concurrent}% of the accounts at a time" if concurrent
                                      else "one account at a time")
                 + ("; regions one after another, in the order below." if sequential else "; all regions in parallel."))
    lines += ["", f"| Step | Target {kind} | Region | Template |", "|---|---|---|---|"]
    targets = t.organizational_units or t.accounts
    step = 0
    if account_wide:
        step = 1
        lines += [f"| 1 | `{target}` | `{home}` | account-wide IAM |" for target in targets]
    if REGIONAL in members:
        for i, region in enumerate(t.regions, start=1):
            for target in targets:
                lines.append(f"| {step + (i if sequential else 1)} | `{target}` | `{region}` | member |")
    noun = "StackSets" if account_wide else "StackSet"
    lines += ["", f"Checked by `emrgen render`: the spec's rules, cfn-lint on the member templates in every target "
              f"region and on the {noun}, Terraform's formatter and config loader; emrgen's own tests rehearse "
              f"{noun} like these in moto. Only a real Organization shows trusted access for StackSets, the execution "
              "roles, service quotas and the resources' behaviour in each account."]
    return lines
