"""The Terraform provider-schema check: a substitute for ``terraform validate``, which needs the hashicorp/aws
provider binary (no registry reachable offline ships it).

Arguments are checked against ``data/aws_provider_schema.json``, a snapshot of the provider's schema for the
resource types emrgen writes, extracted from @cdktn/provider-aws by tools/extract_provider_schema.py (the
provider version is recorded in the snapshot's ``source``):
  TFS000 a resource type or data source the snapshot does not cover (nothing else is checked for it)
  TFS001 an argument or nested block the provider does not have (with a "did you mean")
  TFS002 a required argument that is missing
  TFS003 a computed-only attribute (arn, id, tags_all, ...) that we set
  TFS004 a reference to an attribute the resource type does not export
"""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from pathlib import Path

from ..errors import ERROR, WARNING, Finding

SNAPSHOT = Path(__file__).resolve().parent / "data" / "aws_provider_schema.json"
META_ARGUMENTS = {"count", "depends_on", "for_each", "lifecycle", "provider", "provisioner", "connection"}
REFERENCE = re.compile(r"(?<![\w.])(data\.)?(aws_[a-z0-9_]+)\.([A-Za-z_][\w-]*)\.([a-z_][a-z0-9_]*)")


@lru_cache(maxsize=1)
def snapshot() -> dict:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def required_arguments(resource_type: str) -> set[str]:
    """The top-level arguments the snapshot says a resource type requires."""
    attributes = snapshot()["resource"][resource_type].get("attributes", {})
    return {key for key, flags in attributes.items() if flags["required"]}


def provider_version() -> str:
    return snapshot()["source"]["provider"]


def hint(name: str, known) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def check_body(body: dict, schema: dict, where: str, line: int, name: str, top: bool) -> list[Finding]:
    attributes, blocks = schema.get("attributes", {}), schema.get("blocks", {})
    findings = []
    for key, value in body.items():
        if key.startswith("__") or (top and key in META_ARGUMENTS):
            continue
        if key in blocks:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    findings += check_body(item, blocks[key], f"{where}.{key}", line, name, False)
        elif key not in attributes:
            findings.append(
                Finding(
                    name,
                    line,
                    1,
                    ERROR,
                    "TFS001",
                    f"{where}: unknown argument {key}{hint(key, set(attributes) | set(blocks))} ({provider_version()})",
                )
            )
        elif attributes[key]["computed"] and not attributes[key]["optional"]:
            findings.append(
                Finding(name, line, 1, ERROR, "TFS003", f"{where}: {key} is computed by the provider and cannot be set")
            )
    for key, flags in sorted(attributes.items()):
        if flags["required"] and key not in body:
            findings.append(Finding(name, line, 1, ERROR, "TFS002", f"{where}: required argument {key} is missing"))
    return findings


def check_references(text: str, name: str) -> list[Finding]:
    schema = snapshot()
    findings = []
    for m in REFERENCE.finditer(text):
        kind = "data" if m.group(1) else "resource"
        rtype, attr = m.group(2), m.group(4)
        entry = schema[kind].get(rtype)
        if entry is None or attr in entry["attributes"] or attr in entry.get("blocks", {}):
            continue
        line = text.count("\n", 0, m.start()) + 1
        findings.append(
            Finding(
                name,
                line,
                1,
                ERROR,
                "TFS004",
                f"{m.group(0)}: {rtype} has no attribute {attr}{hint(attr, entry['attributes'])}",
            )
        )
    return findings


def check_file(text: str, name: str) -> list[Finding]:
    """TFS000..TFS004 for one .tf file (its syntax is already known to be good)."""
    from .tfread import blocks

    schema = snapshot()
    findings: list[Finding] = []
    for block in blocks(text):
        where = f"{'data.' if block.kind == 'data' else ''}{block.type}.{block.name}"
        entry = schema[block.kind].get(block.type)
        if entry is None:
            findings.append(
                Finding(
                    name,
                    block.line,
                    1,
                    WARNING,
                    "TFS000",
                    f"{where}: {block.type} is not in the provider-schema snapshot; not checked",
                )
            )
            continue
        for f in check_body(block.body, entry, where, block.line, name, True):
            key = re.search(r": (?:unknown argument |)(\w+)", f.message)
            line = block.attr_line(text, key.group(1)) if key and f.code != "TFS002" else block.line
            findings.append(Finding(f.file, line, f.column, f.severity, f.code, f.message))
    return findings + check_references(text, name)
