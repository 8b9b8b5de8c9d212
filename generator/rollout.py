"""REVIEW.md's rollout plan for `targets:` (issue 7): who gets the member setup, in which order, and how
many failures stop the rollout. It restates what stackset/template.yaml and the Terraform root do, from
the same spec, in the words of the StackSet operation preferences (AWS CloudFormation User Guide,
"StackSet operation options")."""

from __future__ import annotations

from collections import Counter

from .access import md_escape as e
from .plan import Plan
from .render.stackset import stackset_name
from .render.terraform_targets import instances

KINDS = {"role": "IAM role", "managed_policy": "IAM managed policy", "instance_profile": "instance profile",
         "security_configuration": "EMR security configuration", "cluster": "EMR cluster", "studio": "EMR Studio",
         "security_group": "security group", "session_mapping": "Studio session mapping"}


def what_each_target_gets(plan: Plan) -> str:
    counts = Counter(r.kind for r in plan.resources if r.kind in KINDS)
    return ", ".join(f"{n} {plural(KINDS[k]) if n > 1 else KINDS[k]}" for k, n in sorted(counts.items()))


def plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def section(plan: Plan) -> list[str]:
    t = plan.spec.targets
    if t is None:
        return []
    prefs = t.operation_preferences or {}
    sequential = prefs.get("region_concurrency", "SEQUENTIAL") == "SEQUENTIAL"
    kind = "organizational unit" if t.organizational_units else "account"
    lines = ["", "## Rollout plan", ""]
    if t.organizational_units:
        lines.append(f"- CloudFormation: StackSet `{stackset_name(plan)}` (`stackset/template.yaml`), service-managed; "
                     + ("accounts that join a target OU later get the stack automatically, and leaving one removes it."
                        if t.auto_deployment else "automatic deployment is off: accounts that join later get nothing."))
        lines.append("- Terraform: `terraform/modules/member` only. An OU's accounts are not known when the "
                     "configuration is written, so the StackSet does this rollout.")
    else:
        lines.append(f"- CloudFormation: StackSet `{stackset_name(plan)}` (`stackset/template.yaml`), self-managed: "
                     f"administration role {e(t.administration_role_arn or 'given as a parameter')}, execution role "
                     f"`{e(t.execution_role_name or 'AWSCloudFormationStackSetExecutionRole')}` in each account.")
        lines.append(f"- Terraform: `terraform/` instantiates `modules/member` {len(instances(plan))} times, each with "
                     f"a provider assuming `{e(t.terraform_assume_role_name)}` in its account.")
    lines.append(f"- Each target gets the member template: {what_each_target_gets(plan)}.")
    tolerance = prefs.get("failure_tolerance_percentage")
    lines.append("- Failure tolerance: " + (f"up to {tolerance}% of the accounts in a region may fail; one "
                                            "more stops the operation" if tolerance else
                                            "none: the first failed account stops the operation")
                 + (" and does not start the next region." if sequential else "."))
    concurrent = prefs.get("max_concurrent_percentage")
    lines.append("- Concurrency: " + (f"up to {concurrent}% of the accounts at a time" if concurrent
                                      else "one account at a time")
                 + ("; regions one after another, in the order below." if sequential else "; all regions in parallel."))
    lines += ["", f"| Step | Target {kind} | Region |", "|---|---|---|"]
    for i, region in enumerate(t.regions, start=1):
        for target in (t.organizational_units or t.accounts):
            lines.append(f"| {i if sequential else 1} | `{target}` | `{region}` |")
    lines += ["", "Verified locally: the spec's rules, cfn-lint on the member template in every target region and on "
              "the StackSet, Terraform's formatter and config loader. Only a real Organization shows trusted access "
              "for StackSets, the execution roles, service quotas and the resources' behaviour in each account."]
    return lines
