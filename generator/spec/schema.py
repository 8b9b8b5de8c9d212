"""The value types of the spec's schema language: each reads one YAML node (line and column kept), reports
every problem it finds without stopping, and exports itself as JSON Schema.

Objects (mappings with declared keys) and the model classes they build live in ``records.py``; the spec's
shape itself is declared once, in ``model.py``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

import yaml

from .load import SpecSource

Path = tuple  # e.g. ("users", 0, "access", 1, "clusters")

STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"
FLOAT_TAG = "tag:yaml.org,2002:float"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# A walk visits at most this many values, or one per byte of the spec if that is more: without aliases a
# document holds fewer values than bytes, so only alias expansion ("billion laughs") can reach the cap.
MAX_NODES = 200_000


class Walk:
    """State of one validation walk: findings so far and where each value came from."""

    def __init__(self, source: SpecSource):
        self.source = source
        self.findings: list = []
        self.nodes: dict[Path, yaml.Node] = {}
        self.key_nodes: dict[Path, yaml.Node] = {}
        self.visited = 0
        self.max_nodes = max(MAX_NODES, source.size)

    def error(self, node: yaml.Node | None, code: str, message: str, path: Path = ()) -> None:
        """A finding at ``node``; with ``path``, the message starts with the key it is about."""
        where = label(path)
        self.findings.append(self.source.finding(node, code, f"{where}: {message}" if where else message))


def label(path: Path) -> str:
    """The key a value was written under, as the user wrote it: ``subnet_ids``, ``subnet_ids[2]``, ``team``."""
    end = len(path)
    while end and isinstance(path[end - 1], int):
        end -= 1
    if not end:
        return ""
    return printable(str(path[end - 1]), 60) + "".join(f"[{index}]" for index in path[end:])


def describe(node: yaml.Node) -> str:
    """What was written, for "expected X, got Y": the kind, and the value itself when it is a scalar."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == NULL_TAG and not node.style:
        return "nothing" if node.value == "" else "null"
    value = printable(node.value, 40)
    kind = {BOOL_TAG: "a boolean", INT_TAG: "a number", FLOAT_TAG: "a number", TIMESTAMP_TAG: "a date"}.get(node.tag)
    return f"{kind} ({value})" if kind else f"text '{value}'"


def printable(value: str, limit: int = 80) -> str:
    text = value.encode("unicode_escape").decode("ascii")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def bounds(low: int | None, high: int | None) -> str:
    if high is None:
        return f"at least {low or 0}"
    return f"{low}..{high}" if low is not None else f"at most {high}"


class Type:
    doc: str = ""
    expects: str = "a value"  # "expected <this>, got ..."

    def read(self, walk: Walk, node: yaml.Node, path: Path) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def json_schema(self) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError

    def wrong(self, walk: Walk, node: yaml.Node, path: Path) -> None:
        walk.error(node, "E103", f"expected {self.expects}, got {describe(node)}", path)


@dataclass
class Str(Type):
    pattern: str | None = None
    choices: tuple[str, ...] | None = None
    min_len: int = 0
    max_len: int | None = None
    doc: str = ""
    hint: str = ""  # says what the pattern means, in words

    @property
    def expects(self) -> str:  # type: ignore[override]
        if self.choices and len(self.choices) == 1:
            return f"'{self.choices[0]}'"
        return f"one of {', '.join(self.choices)}" if self.choices and len(self.choices) <= 5 else "text"

    def read(self, walk: Walk, node: yaml.Node, path: Path) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self.wrong(walk, node, path)
            return None
        # The source text, not the YAML 1.1 reading: `0123`, `yes`, `1e3` stay exactly as written.
        value = node.value
        if self.choices is not None and value not in self.choices:
            close = [c for c in self.choices if c.lower() == value.lower()] or difflib.get_close_matches(
                value, self.choices, n=1
            )
            hint = f"; did you mean '{close[0]}'?" if close else ""
            walk.error(node, "E104", f"'{printable(value)}' is not one of: {', '.join(self.choices)}{hint}", path)
            return None
        if len(value) < self.min_len or (self.max_len is not None and len(value) > self.max_len):
            walk.error(
                node,
                "E104",
                f"length {len(value)} is out of range ({bounds(self.min_len, self.max_len)} characters)",
                path,
            )
            return None
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            what = self.hint or f"it must match {self.pattern}"
            walk.error(node, "E104", f"'{printable(value)}' is not valid: {what}", path)
            return None
        return value

    def json_schema(self) -> dict:
        out: dict[str, Any] = {"type": "string"}
        if self.choices:
            out["enum"] = list(self.choices)
        if self.pattern:
            out["pattern"] = f"^(?:{self.pattern})$"
        if self.min_len:
            out["minLength"] = self.min_len
        if self.max_len is not None:
            out["maxLength"] = self.max_len
        return out


@dataclass
class Int(Type):
    minimum: int | None = None
    maximum: int | None = None
    doc: str = ""
    expects = "a whole number"

    def read(self, walk: Walk, node: yaml.Node, path: Path) -> Any:
        if not isinstance(node, yaml.ScalarNode) or node.tag != INT_TAG:
            self.wrong(walk, node, path)
            return None
        value = walk.source.loader.construct_yaml_int(node)
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            walk.error(node, "E104", f"{value} is out of range ({bounds(self.minimum, self.maximum)})", path)
            return None
        return value

    def json_schema(self) -> dict:
        out: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


@dataclass
class Bool(Type):
    doc: str = ""
    expects = "true or false"

    def read(self, walk: Walk, node: yaml.Node, path: Path) -> Any:
        if not isinstance(node, yaml.ScalarNode) or node.tag != BOOL_TAG:
            self.wrong(walk, node, path)
            return None
        return walk.source.loader.construct_yaml_bool(node)

    def json_schema(self) -> dict:
        return {"type": "boolean"}


@dataclass
class List(Type):
    item: Type
    min_items: int = 0
    max_items: int | None = None
    unique: bool = False
    doc: str = ""
    expects = "a list"

    def read(self, walk: Walk, node: yaml.Node, path: Path) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            self.wrong(walk, node, path)
            return None
        count = len(node.value)
        if count < self.min_items or (self.max_items is not None and count > self.max_items):
            walk.error(node, "E104", f"list has {count} items; expected {bounds(self.min_items, self.max_items)}", path)
            return None
        out = []
        seen: set = set()
        for index, child in enumerate(node.value):
            value = read_value(self.item, walk, child, path + (index,))
            if self.unique and isinstance(value, str):
                if value in seen:
                    walk.error(child, "E104", f"'{printable(value)}' is listed twice", path)
                seen.add(value)
            out.append(value)
        return out

    def json_schema(self) -> dict:
        out: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            out["minItems"] = self.min_items
        if self.max_items is not None:
            out["maxItems"] = self.max_items
        if self.unique:
            out["uniqueItems"] = True
        return out


@dataclass
class Map(Type):
    """A mapping with free keys: tags (text to text), or per-region settings (a region to an object)."""

    key: Str
    value: Type
    max_items: int | None = None
    doc: str = ""
    expects = "a mapping"

    def read(self, walk: Walk, node: yaml.Node, path: Path) -> Any:
        if (pairs := mapping_pairs(self, walk, node, path)) is None:
            return None
        out: dict[str, Any] = {}
        for key_node, value_node in pairs:
            key = read_value(self.key, walk, key_node, path, key=True)
            if key is None:
                continue
            if key in out:
                walk.error(key_node, "E005", f"duplicate key '{printable(key)}'")
                continue
            walk.key_nodes[path + (key,)] = key_node
            out[key] = read_value(self.value, walk, value_node, path + (key,))
        if self.max_items is not None and len(out) > self.max_items:
            walk.error(node, "E104", f"{len(out)} entries; at most {self.max_items} are allowed", path)
        return out

    def json_schema(self) -> dict:
        out: dict[str, Any] = {
            "type": "object",
            "propertyNames": self.key.json_schema(),
            "additionalProperties": self.value.json_schema(),
        }
        if self.max_items is not None:
            out["maxProperties"] = self.max_items
        return out


@dataclass
class Either(Type):
    """One of several shapes, chosen by the node kind (e.g. ``all`` or a list of names)."""

    scalar: Type
    sequence: Type
    doc: str = ""

    @property
    def expects(self) -> str:  # type: ignore[override]
        return f"{self.scalar.expects} or {self.sequence.expects}"

    def read(self, walk: Walk, node: yaml.Node, path: Path) -> Any:
        if isinstance(node, yaml.SequenceNode):
            return self.sequence.read(walk, node, path)
        if not isinstance(node, yaml.ScalarNode):
            self.wrong(walk, node, path)  # "expected one of all or a list", not only the scalar's half
            return None
        return self.scalar.read(walk, node, path)

    def json_schema(self) -> dict:
        return {"oneOf": [self.scalar.json_schema(), self.sequence.json_schema()]}


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG and not node.style


def emptiness(node: yaml.Node) -> str:
    """What an empty value was written as (an empty mapping or list, blank text), or "" when it is not empty."""
    if isinstance(node, yaml.MappingNode) and not node.value:
        return "an empty mapping ({})"
    if isinstance(node, yaml.SequenceNode) and not node.value:
        return "an empty list ([])"
    if isinstance(node, yaml.ScalarNode) and node.tag == STR_TAG and not node.value.strip():
        return "empty text" if not node.value else "blank text (only white space)"
    return ""


def mapping_pairs(kind: Type, walk: Walk, node: yaml.Node, path: Path) -> list[tuple[yaml.Node, yaml.Node]] | None:
    """The key/value pairs of a mapping read as ``kind``; None (reported) when ``node`` is not a mapping."""
    if not isinstance(node, yaml.MappingNode):
        kind.wrong(walk, node, path)
        return None
    # Merge keys (<<) are part of YAML; let PyYAML flatten them in place, on this node only.
    try:
        walk.source.loader.flatten_mapping(node)
    except yaml.MarkedYAMLError as exc:
        walk.error(node, "E003", f"YAML merge error: {exc.problem}")
        return []
    return list(node.value)


def read_value(kind: Type, walk: Walk, node: yaml.Node, path: Path, key: bool = False) -> Any:
    """Read one value (or, with ``key``, a free mapping key): the checks every type shares come first."""
    walk.visited += not key
    if walk.visited > walk.max_nodes:
        if walk.visited == walk.max_nodes + 1:
            walk.error(
                node,
                "E006",
                f"spec has more than {walk.max_nodes} values (aliases expanded?); refusing to read further",
            )
        return None
    if not node.tag.startswith("tag:yaml.org,2002:"):
        walk.error(node, "E103", f"YAML tag {node.tag} is not supported in a spec; quote the value if it is text", path)
        return None
    if is_null(node):
        # SPEC.md §5: explicit empty is not absent. Leaving a key out gives its default; `key:` or `key: null`
        # is a mistake (often a value lost in an edit), so it is an error at its line.
        why = (
            ""
            if key or not path or not isinstance(path[-1], str)
            else f" ({'an empty value' if node.value == '' else 'null'} is not the same as leaving the key out)"
        )
        walk.error(node, "E103", f"expected {kind.expects}, got {describe(node)}{why}", path)
        return None
    if not key:
        walk.nodes[path] = node
    return kind.read(walk, node, path)
