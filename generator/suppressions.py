"""Scanner findings emrgen accepts on purpose, each with its one-line reason, as data.

Two kinds:
- checkov checks, suppressed inline on the generated resource (CloudFormation ``Metadata.checkov.skip``,
  Terraform ``#checkov:skip=ID:reason``) so a user's own checkov run agrees with ours;
- parliament issues on statements emrgen copies from AWS's pages, matched by the statement's Sid.

REVIEW.md lists the ones that apply to a spec, so a reviewer sees every accepted finding and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Suppression:
    tool: str  # checkov | parliament
    id: str  # CKV_AWS_111 | RESOURCE_STAR
    reason: str


# --- parliament (checked by iamcheck on every identity policy) -------------------------------------

RUNTIME_ROLE_GRANTS = r"AllowRuntimeRoles\d*|AllowRuntimeRolePatterns\d*"
# (issue, Sid pattern, reason)
PARLIAMENT_ACCEPTED = [
    ("RESOURCE_STAR", RUNTIME_ROLE_GRANTS,
     "clusters: any is AWS's own example: any cluster, scoped by the elasticmapreduce:ExecutionRoleArn condition (W102 warns)"),
    ("MISMATCHED_TYPE_BUT_USABLE", RUNTIME_ROLE_GRANTS,
     "AWS documents StringEquals/StringLike on elasticmapreduce:ExecutionRoleArn; a full ARN compares exactly as a string"),
    ("RESOURCE_STAR", r"AllowEMRBasicActions|AllowConfigurationForWorkspaceCollaboration",
     "AWS's Studio user policy: Workspaces and the clusters they attach to are created and chosen at run time"),
    ("RESOURCE_STAR", r"AllowEMRReadOnlyActions|AllowEC2SecurityGroupActionsWithEMRTags|AllowWorkspaceCollaboration",
     "AWS's Studio service role policy as published (the security-group actions are scoped by the EMR tag condition)"),
    ("RESOURCE_STAR", r"GlueCatalogRead",
     "Lake Formation: catalog objects are governed by Lake Formation grants, not by the runtime role's Resource"),
]


def parliament_accepted(issue: str, sid: object) -> str | None:
    """The reason when parliament's ``issue`` on the statement with ``sid`` is accepted, else None."""
    if not isinstance(sid, str):
        return None
    for accepted_issue, pattern, reason in PARLIAMENT_ACCEPTED:
        if issue == accepted_issue and re.fullmatch(pattern, sid):
            return reason
    return None


def parliament_for_sids(sids: set[str]) -> list[tuple[str, str, str]]:
    """(issue, Sid pattern, reason) of the accepted parliament issues that apply to statements with these Sids."""
    return [(issue, pattern, reason) for issue, pattern, reason in PARLIAMENT_ACCEPTED
            if any(re.fullmatch(pattern, sid) for sid in sids)]
