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

from .kinds import tf_type_of


@dataclass(frozen=True)
class Suppression:
    tool: str  # checkov | parliament
    id: str  # CKV_AWS_111 | RESOURCE_STAR
    reason: str
    fmt: str = ""  # cloudformation | terraform: checkov's rule sets differ between the two
    target: str = ""  # "" for the resource itself, else the Terraform resource type of one of its extras


# --- parliament (checked by iamcheck on every identity policy) -------------------------------------

RUNTIME_ROLE_GRANTS = r"AllowRuntimeRoles\w*|AllowRuntimeRolePatterns\w*"  # packing adds B, U2 suffixes
# (issue, Sid pattern, reason)
PARLIAMENT_ACCEPTED = [
    (
        "RESOURCE_STAR",
        RUNTIME_ROLE_GRANTS,
        "clusters: any is AWS's own example: any cluster, scoped by the elasticmapreduce:ExecutionRoleArn condition (W102 warns)",
    ),
    (
        "MISMATCHED_TYPE_BUT_USABLE",
        RUNTIME_ROLE_GRANTS,
        "AWS documents StringEquals/StringLike on elasticmapreduce:ExecutionRoleArn; a full ARN compares exactly as a string",
    ),
    (
        "RESOURCE_STAR",
        r"AllowEMRBasicActions|AllowConfigurationForWorkspaceCollaboration",
        "AWS's Studio user policy: Workspaces and the clusters they attach to are created and chosen at run time",
    ),
    (
        "RESOURCE_STAR",
        r"AllowEMRReadOnlyActions|AllowEC2SecurityGroupActionsWithEMRTags|AllowWorkspaceCollaboration",
        "AWS's Studio service role policy as published (the security-group actions are scoped by the EMR tag condition)",
    ),
    (
        "RESOURCE_STAR",
        r"GlueCatalogRead",
        "Lake Formation: catalog objects are governed by Lake Formation grants, not by the runtime role's Resource",
    ),
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
    return [
        (issue, pattern, reason)
        for issue, pattern, reason in PARLIAMENT_ACCEPTED
        if any(re.fullmatch(pattern, sid) for sid in sids)
    ]


# --- checkov (run by tests/test_checkov.py on every example; skips ride inline on the resource) --------

# Statements with Resource "*" that emrgen copies from AWS's pages (or needs, for Lake Formation).
AWS_STAR_SIDS = {
    "AllowEMRBasicActions",
    "AllowConfigurationForWorkspaceCollaboration",
    "AllowSecretManagerListSecrets",
    "AllowS3ListAllMyBuckets",
    "DescribeNetwork",
    "ListIAMRoles",  # Studio user policy [UP]
    "AllowEMRReadOnlyActions",
    "AllowEC2SecurityGroupActionsWithEMRTags",
    "AllowEC2ReadOnlyActions",
    "AllowWorkspaceCollaboration",  # Studio service role [SVC]
    "GlueCatalogRead",
    "LakeFormationDataAccess",  # runtime roles with Lake Formation [LF]
}
USER_STAR = (
    'Resource "*" only in statements of AWS\'s Studio user policy (Workspaces and clusters are chosen at run '
    "time); runtime-role grants are scoped by the ExecutionRoleArn condition"
)
USER_WRITE = (
    "the unconstrained writes are AWS's Studio Workspace actions (AllowEMRBasicActions): Workspaces do not "
    "exist until users create them"
)
SERVICE_STAR = 'AWS\'s Studio service role policy as published: its "*" statements are read-only or tag-conditioned'
LF_STAR = 'Lake Formation governs catalog access; the Glue catalog reads it needs take Resource "*"'
AT_REST = (
    "the spec sets no at_rest_encryption (security_configuration.at_rest_encryption turns it on); this "
    "configuration enables runtime roles and in-transit TLS"
)
CLUSTER_SG = (
    "EMR creates the cluster's managed security groups, which open nothing to the world; emrgen adds no ingress"
)
USER_ATTACH = "the spec grants an IAM user directly (users[].principal.user); name a group or role to avoid it"


def at_rest_unmet(configuration: dict) -> list[tuple[str, str]]:
    """The at-rest checks (CKV_AWS_171 SSE-KMS, 349 local disk, 350 EBS) the configuration does not meet, with
    why: the spec's security_configuration.at_rest_encryption (issue 17) chose otherwise or left it out."""
    enc = configuration.get("EncryptionConfiguration") or {}
    at_rest = enc.get("AtRestEncryptionConfiguration") if enc.get("EnableAtRestEncryption") else None
    if at_rest is None:
        return [(c, AT_REST) for c in ("CKV_AWS_171", "CKV_AWS_349", "CKV_AWS_350")]
    out = []
    mode = (at_rest.get("S3EncryptionConfiguration") or {}).get("EncryptionMode")
    if mode != "SSE-KMS":
        out.append(
            (
                "CKV_AWS_171",
                f"at_rest_encryption.s3 chooses {mode}"
                + (" (S3-managed keys)" if mode == "SSE-S3" else " (client-side, with a KMS key)")
                if mode
                else "at_rest_encryption has no s3 setting: EMRFS data uses the buckets' own encryption",
            )
        )
    disk = at_rest.get("LocalDiskEncryptionConfiguration")
    if disk is None:
        out.append(("CKV_AWS_349", "at_rest_encryption has no local_disk setting"))
    if not (disk or {}).get("EnableEbsEncryption"):
        out.append(("CKV_AWS_350", "at_rest_encryption.local_disk.ebs is off: EBS volumes use the account's default"))
    return out


def documents(res) -> list[dict]:
    if res.kind == "managed_policy":
        return [res.props["document"]]
    if res.kind == "role":
        return [doc for _, doc in res.props["inline_policies"]]
    return []


def star_sids(res) -> set[str]:
    return {
        s.get("Sid")
        for doc in documents(res)
        for s in doc["Statement"]
        if s.get("Resource") in ("*", ["*"]) and s.get("Sid") in AWS_STAR_SIDS
    }


def checkov_for(res) -> list[Suppression]:
    """The checkov findings emrgen accepts on one plan resource, by what the resource holds."""
    out: list[Suppression] = []
    sids = star_sids(res)
    if res.kind == "managed_policy" and sids & {"AllowEMRBasicActions"}:
        out += [
            Suppression("checkov", "CKV_AWS_111", USER_WRITE, "cloudformation"),
            Suppression("checkov", "CKV_AWS_290", USER_WRITE, "terraform"),
            Suppression("checkov", "CKV_AWS_355", USER_STAR, "terraform"),
        ]
    if res.kind == "managed_policy" and res.props["attach"]["users"]:
        out.append(Suppression("checkov", "CKV_AWS_40", USER_ATTACH, "terraform", "aws_iam_user_policy_attachment"))
    if res.kind == "role" and sids & {"AllowEMRReadOnlyActions", "AllowWorkspaceCollaboration"}:
        out.append(Suppression("checkov", "CKV_AWS_355", SERVICE_STAR, "terraform", "aws_iam_role_policy"))
    if res.kind == "role" and "GlueCatalogRead" in sids:
        out.append(Suppression("checkov", "CKV_AWS_355", LF_STAR, "terraform", "aws_iam_role_policy"))
    if res.kind == "security_configuration":
        out += [
            Suppression("checkov", c, reason, "terraform") for c, reason in at_rest_unmet(res.props["configuration"])
        ]
    if res.kind == "cluster":
        out.append(Suppression("checkov", "CKV2_AWS_7", CLUSTER_SG, "terraform"))
    return out


def attach(plan) -> None:
    """Put each resource's accepted checkov findings on it, for the renderers and REVIEW.md."""
    for res in plan.resources:
        res.suppressions = checkov_for(res)


def accepted(plan) -> dict | None:
    """Every accepted scanner finding of this spec and why (REVIEW.md's section), or None when there is none:
    checkov as (suppression, resource, Terraform type), parliament as (issue, statements, reason)."""
    checkov = [
        (sup, res, sup.target or tf_type_of(res.kind, res.props)) for res in plan.resources for sup in res.suppressions
    ]
    sids = {s.get("Sid") for res in plan.resources for doc in documents(res) for s in doc["Statement"]}
    sids |= {g.sid for user in plan.users for g in user.grants}
    parliament = parliament_for_sids({s for s in sids if isinstance(s, str)})
    return {"checkov": checkov, "parliament": parliament} if checkov or parliament else None


def cfn_skips(res) -> list[Suppression]:
    return [s for s in res.suppressions if s.fmt == "cloudformation" and not s.target]


def tf_skips(res, target: str = "") -> list[Suppression]:
    return [s for s in res.suppressions if s.fmt == "terraform" and s.target == target]
