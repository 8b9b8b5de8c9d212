"""Every IAM policy document in a CloudFormation template or a Terraform file, read back from the text
with references replaced by placeholders (``arn:aws:iam::123456789012:role/<LogicalId>``).

The IAM checkers (iamcheck) want concrete ARNs: an unresolved ``{"Fn::GetAtt": ...}`` or
``arn:${AWS::Partition}:...`` is not an ARN to them (TOOLCHAIN.md §6). Placeholders keep the shape of what
CloudFormation or Terraform will substitute: an ARN where an ARN goes, an id where an id goes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PARTITION, ACCOUNT, REGION = "aws", "123456789012", "us-east-1"


@dataclass
class PolicyDoc:
    file: str
    line: int
    column: int
    where: str  # "RuntimeRoleX AssumeRolePolicyDocument", "aws_iam_role.x assume_role_policy"
    document: dict
    trust: bool  # a role's trust policy (a resource policy: Principal, no Resource)
    statement_lines: list[int] = field(default_factory=list)


def ident(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", text) or "x"


def iam_arn(kind: str, name: str) -> str:
    return f"arn:{PARTITION}:iam::{ACCOUNT}:{kind}/{ident(name)}"


def emr_arn(kind: str, rid: str) -> str:
    return f"arn:{PARTITION}:elasticmapreduce:{REGION}:{ACCOUNT}:{kind}/{rid}"


def emr_id(prefix: str, name: str) -> str:
    return prefix + re.sub(r"[^A-Z0-9]", "", name.upper())[:24].ljust(8, "0")


# --- CloudFormation ------------------------------------------------------------------------------

CFN_PSEUDO = {
    "AWS::Partition": PARTITION,
    "AWS::AccountId": ACCOUNT,
    "AWS::Region": REGION,
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::StackName": "stack",
}
CFN_IAM_KIND = {
    "AWS::IAM::Role": "role",
    "AWS::IAM::ManagedPolicy": "policy",
    "AWS::IAM::InstanceProfile": "instance-profile",
    "AWS::IAM::User": "user",
    "AWS::IAM::Group": "group",
}


def cfn_placeholder(types: dict[str, str], logical: str, attr: str | None) -> str:
    if logical in CFN_PSEUDO and attr is None:
        return CFN_PSEUDO[logical]
    rtype = types.get(logical, "")
    kind = CFN_IAM_KIND.get(rtype)
    if kind and (attr == "Arn" or (attr is None and kind == "policy")):
        return iam_arn(kind, logical)
    if rtype == "AWS::EMR::Studio":
        sid = emr_id("es-", logical)
        return {"Arn": emr_arn("studio", sid), "Url": f"https://{sid}.emrstudio-prod.{REGION}.amazonaws.com"}.get(
            attr, sid
        )
    if rtype == "AWS::EMR::Cluster":
        return emr_id("j-", logical)
    return ident(logical)


def cfn_conditions(template: dict, types: dict[str, str]) -> dict[str, bool]:
    """The template's conditions as the placeholders decide them (Fn::Equals of resolved values; others False)."""
    out = {}
    for name, condition in (template.get("Conditions") or {}).items():
        equals = condition.get("Fn::Equals") if isinstance(condition, dict) else None
        if isinstance(equals, list) and len(equals) == 2:
            left, right = (cfn_resolve(v, types) for v in equals)
            out[str(name)] = left == right
    return out


def cfn_resolve(value, types: dict[str, str], conditions: dict[str, bool] | None = None):
    if isinstance(value, dict):
        if len(value) == 1:
            ((key, arg),) = value.items()
            if key == "Fn::If" and isinstance(arg, list) and len(arg) == 3 and conditions and arg[0] in conditions:
                return cfn_resolve(arg[1] if conditions[arg[0]] else arg[2], types, conditions)
            if key == "Ref" and isinstance(arg, str):
                return cfn_placeholder(types, arg, None)
            if key == "Fn::GetAtt":
                logical, attr = arg.split(".", 1) if isinstance(arg, str) else (arg + [None])[:2]
                return cfn_placeholder(types, str(logical), str(attr))
            if key == "Fn::Sub":
                text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1] if len(arg) > 1 else {})
                return cfn_sub(str(text), {k: cfn_resolve(v, types) for k, v in variables.items()}, types)
            if key == "Fn::Join" and isinstance(arg, list) and len(arg) == 2:
                return str(arg[0]).join(str(cfn_resolve(v, types)) for v in arg[1])
            if key.startswith("Fn::"):
                return "PLACEHOLDER"
        return {str(k): cfn_resolve(v, types, conditions) for k, v in value.items()}
    if isinstance(value, list):
        return [cfn_resolve(v, types, conditions) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def cfn_sub(text: str, variables: dict, types: dict[str, str]) -> str:
    def replace(m: re.Match) -> str:
        inner = m.group(1)
        if inner.startswith("!"):
            return "${" + inner[1:] + "}"  # ${!Literal} is the literal ${Literal}
        if inner in variables:
            return str(variables[inner])
        logical, _, attr = inner.partition(".")
        return cfn_placeholder(types, logical, attr or None)

    return re.sub(r"\$\{([^}]*)\}", replace, text)


def line_of(node, default: int = 1) -> int:
    mark = getattr(node, "start_mark", None)
    return mark.line + 1 if mark is not None else default


def cfn_documents(text: str, name: str) -> list[PolicyDoc]:
    from cfnlint.decode import decode_str

    template, matches = decode_str(text)
    if matches:
        return []  # cfn-lint reports the syntax error itself
    return cfn_template_documents(template, name)


def cfn_template_documents(template, name: str) -> list[PolicyDoc]:
    """Policy documents of a template cfn-lint's decoder has read (its nodes carry their lines)."""
    if not isinstance(template, dict):
        return []
    resources = template.get("Resources") or {}
    types = {k: v.get("Type", "") for k, v in resources.items() if isinstance(v, dict)}
    conditions = cfn_conditions(template, types)
    docs: list[PolicyDoc] = []

    def add(logical: str, label: str, node, trust: bool) -> None:
        if not isinstance(node, dict):
            return
        statements = node.get("Statement")
        lines = [line_of(s, line_of(node)) for s in statements] if isinstance(statements, list) else []
        docs.append(
            PolicyDoc(name, line_of(node), 1, f"{logical} {label}", cfn_resolve(node, types, conditions), trust, lines)
        )

    for logical, res in resources.items():
        if not isinstance(res, dict) or not isinstance(res.get("Properties"), dict):
            continue
        props = res["Properties"]
        if res.get("Type") == "AWS::IAM::Role":
            add(logical, "AssumeRolePolicyDocument", props.get("AssumeRolePolicyDocument"), True)
        for i, policy in enumerate(props.get("Policies") or []):
            if isinstance(policy, dict):
                add(
                    logical,
                    f"Policies[{i}] {policy.get('PolicyName', '')}".rstrip(),
                    policy.get("PolicyDocument"),
                    False,
                )
        if res.get("Type") in (
            "AWS::IAM::ManagedPolicy",
            "AWS::IAM::Policy",
            "AWS::IAM::RolePolicy",
            "AWS::IAM::UserPolicy",
            "AWS::IAM::GroupPolicy",
        ):
            add(logical, "PolicyDocument", props.get("PolicyDocument"), False)
    return docs


# --- Terraform -----------------------------------------------------------------------------------

TF_IAM_KIND = {
    "aws_iam_role": "role",
    "aws_iam_policy": "policy",
    "aws_iam_instance_profile": "instance-profile",
    "aws_iam_user": "user",
    "aws_iam_group": "group",
}
TF_DATA = {
    "aws_partition": {"partition": PARTITION, "dns_suffix": "amazonaws.com"},
    "aws_caller_identity": {"account_id": ACCOUNT},
    "aws_region": {"region": REGION, "name": REGION, "id": REGION},
}
# (resource type, argument, trust?) of every argument that holds a policy document.
TF_POLICY_ARGS = [
    ("aws_iam_role", "assume_role_policy", True),
    ("aws_iam_role_policy", "policy", False),
    ("aws_iam_policy", "policy", False),
    ("aws_iam_user_policy", "policy", False),
    ("aws_iam_group_policy", "policy", False),
]


def tf_placeholder(reference: str) -> str:
    parts = reference.split(".")
    if parts[:2] == ["data", "aws_service_principal"] and len(parts) == 4 and parts[3] == "name":
        return f"{parts[2]}.amazonaws.com"  # its data block's name is the service's (render/values.py), in aws
    if parts[0] == "data" and len(parts) >= 4 and parts[1] in TF_DATA:
        return TF_DATA[parts[1]].get(parts[3], "PLACEHOLDER")
    if len(parts) < 3:
        return "PLACEHOLDER"  # var.x, local.x: unknown until plan time
    rtype, name, attr = parts[0], parts[1], parts[2]
    kind = TF_IAM_KIND.get(rtype)
    if kind and (attr == "arn" or (kind == "policy" and attr == "id")):
        return iam_arn(kind, name)
    if rtype == "aws_emr_studio":
        sid = emr_id("es-", name)
        return {"arn": emr_arn("studio", sid), "url": f"https://{sid}.emrstudio-prod.{REGION}.amazonaws.com"}.get(
            attr, sid
        )
    if rtype == "aws_emr_cluster":
        return emr_id("j-", name)
    return ident(name)


def tf_documents(text: str, name: str) -> tuple[list[PolicyDoc], list[tuple[int, str]]]:
    """Policy documents of one .tf file, and (line, reason) for documents that could not be read."""
    import json

    from .tfread import Unreadable, blocks, evaluate

    docs, unreadable = [], []
    for block in blocks(text):
        for rtype, arg, trust in TF_POLICY_ARGS:
            raw = block.body.get(arg) if block.kind == "resource" and block.type == rtype else None
            if not isinstance(raw, str):
                continue
            line = block.attr_line(text, arg)
            if re.fullmatch(r"\$\{[A-Za-z0-9_.\[\]-]+\}", raw.strip()):
                continue  # a reference (data.aws_iam_policy_document.x.json): nothing written here to check
            try:
                value = evaluate(raw, tf_placeholder)
                document = json.loads(value) if isinstance(value, str) else value
            except (Unreadable, ValueError) as exc:
                unreadable.append((line, f"{block.type}.{block.name} {arg}: policy not checked ({exc})"))
                continue
            if isinstance(document, dict):
                docs.append(PolicyDoc(name, line, 3, f"{block.type}.{block.name} {arg}", document, trust))
    return docs, unreadable
