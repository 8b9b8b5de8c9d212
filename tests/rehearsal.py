"""Helpers for the deploy rehearsal (tests/test_rehearsal.py): moto server on 127.0.0.1, the moto-compatible
subset of a template, and plan values resolved the way CloudFormation resolves them."""

from __future__ import annotations

import ast
import json
import re
import socket

from generator.plan.refs import Join, Pseudo, Ref, ServicePrincipal

# moto has no EMR Studio API and skips these types; an Output or Ref to a skipped resource crashes its loader
# (TOOLCHAIN.md §5). References to them become the placeholders below, so the policies that name the Studio
# (CreateStudioPresignedUrl) still deploy and can be read back.
STUDIO_ID = "es-REHEARSAL0000000000000000"
PLACEHOLDER = {"AWS::EMR::Studio": STUDIO_ID}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def moto_compatible(template: dict) -> dict:
    from moto.cloudformation.parsing import get_model_map

    supported = get_model_map()
    resources = template["Resources"]
    dropped = {k: v["Type"] for k, v in resources.items() if v["Type"] not in supported}

    def rewrite(node):
        if isinstance(node, dict):
            if set(node) == {"Ref"} and node["Ref"] in dropped:
                return PLACEHOLDER.get(dropped[node["Ref"]], node["Ref"])
            if set(node) == {"Fn::GetAtt"}:
                target = (
                    node["Fn::GetAtt"][0] if isinstance(node["Fn::GetAtt"], list) else node["Fn::GetAtt"].split(".")[0]
                )
                if target in dropped:
                    raise KeyError(target)
            if set(node) == {"Fn::Sub"} and isinstance(node["Fn::Sub"], str):
                text = re.sub(
                    r"\$\{(\w+)\}", lambda m: PLACEHOLDER.get(dropped.get(m.group(1), ""), m.group(0)), node["Fn::Sub"]
                )
                return {"Fn::Sub": text}
            return {k: rewrite(v) for k, v in node.items()}
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    out = {k: v for k, v in template.items() if k not in ("Resources", "Outputs")}
    out["Resources"] = {k: rewrite(v) for k, v in resources.items() if k not in dropped}
    outputs = {}
    for name, output in template.get("Outputs", {}).items():
        try:
            outputs[name] = rewrite(output)
        except KeyError:
            continue
    if outputs:
        out["Outputs"] = outputs
    return out


def parse_document(value):
    """moto returns some policy documents as JSON, inline role policies as a Python repr string."""
    if isinstance(value, dict):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return ast.literal_eval(value)


class Resolver:
    """Plan values as CloudFormation resolves them in the rehearsal: pseudo parameters, then the deployed
    resources' real attributes (read from moto), Studio references as the placeholder."""

    def __init__(self, plan, account: str, region: str, attributes: dict[tuple[str, str], str]):
        self.plan, self.attributes = plan, attributes
        self.pseudo = {"partition": "aws", "account": account, "region": region}

    def __call__(self, value):
        if isinstance(value, Pseudo):
            return self.pseudo[value.name]
        if isinstance(value, ServicePrincipal):
            return value.resolved(self.pseudo["partition"])
        if isinstance(value, Ref):
            if self.plan.get(value.key).kind == "studio":
                return STUDIO_ID
            return self.attributes[(value.key, value.attr)]
        if isinstance(value, Join):
            return "".join(str(self(p)) for p in value.parts)
        if isinstance(value, dict):
            return {k: self(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self(v) for v in value]
        return value
