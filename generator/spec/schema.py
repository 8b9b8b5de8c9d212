"""A small schema language: it walks the YAML node tree, reports every structural problem
with its line and column, returns plain Python data, and exports itself as JSON Schema.

One description serves validation, defaults, error hints and ``emrgen schema``, so they
cannot disagree.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import Finding
from .load import SpecSource

Path = tuple  # e.g. ("users", 0, "access", 1, "clusters")

STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"
PLAIN_SCALAR_TAGS = {STR_TAG, INT_TAG, BOOL_TAG, NULL_TAG, "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"}
# A walk visits at most this many values, or one per byte of the spec if that is more: without aliases a
# document holds fewer values than bytes, so only alias expansion ("billion laughs") can reach the cap.
MAX_NODES = 200_000


class Walk:
    """State of one validation walk: findings so far and where each value came from."""

    def __init__(self, source: SpecSource):
        self.source = source
        self.findings: list[Finding] = []
        self.nodes: dict[Path, yaml.Node] = {}
        self.key_nodes: dict[Path, yaml.Node] = {}
        self.visited = 0
        self.max_nodes = max(MAX_NODES, source.size)

    def error(self, node: yaml.Node | None, code: str, message: str) -> None:
        self.findings.append(self.source.finding(node, code, message))


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return {BOOL_TAG: "a boolean", INT_TAG: "a number", NULL_TAG: "null", "tag:yaml.org,2002:float": "a number"}.get(
        node.tag, "text"
    )


class Type:
    doc: str = ""

    def read(self, walk: Walk, node: yaml.Node, path: Path) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def json_schema(self) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError

    def check_tag(self, walk: Walk, node: yaml.Node) -> bool:
        tag = node.tag
        if tag.startswith("!") or (tag.startswith("tag:yaml.org,2002:") is False):
            walk.error(node, "E103", f"YAML tag {tag} is not supported in a spec; quote the value if it is text")
            return False
        return True


@dataclass
class Str(Type):
    pattern: str | None = None
    choices: tuple[str, ...] | None = None
    min_len: int = 0
    max_len: int | None = None
    doc: str = ""
    hint: str = ""  # says what the pattern means, in words

    def read(self, walk: Walk, node: yaml.Node, path: Path) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            walk.error(node, "E103", f"expected text, got {describe(node)}")
            return None
        if not self.check_tag(walk, node):
            return None
        if node.tag == NULL_TAG and not node.style and node.value in ("", "~", "null", "Null", "NULL"):
            walk.error(node, "E103", "expected text, got null")
            return None
        # The source text, not the YAML 1.1 reading: `0123`, `yes`, `1e3` stay exactly as written.
        value = node.value
        if self.choices is not None and value not in self.choices:
            close = difflib.get_close_matches(value, self.choices, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            walk.error(node, "E104", f"'{value}' is not one of: {', '.join(self.choices)}{hint}")
            return None
        if len(value) < self.min_len or (self.max_len is not None and len(value) > self.max_len):
            bounds = f"{self.min_len}..{self.max_len}" if self.max_len is not None else f"at least {self.min_len}"
            walk.error(node, "E104", f"length {len(value)} is out of range ({bounds} characters)")
            return None
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            what = self.hint or f"it must match {self.pattern}"
            walk.error(node, "E104", f"'{printable(value)}' is not valid: {what}")
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


def printable(value: str, limit: int = 80) -> str:
    text = value.encode("unicode_escape").decode("ascii")
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass
class Int(Type):
    minimum: int | None = None
    maximum: int | None = None
    doc: str = ""

    def read(self, walk: Walk, node: yaml.Node, path: Path) -> Any:
        if not isinstance(node, yaml.ScalarNode) or node.tag != INT_TAG:
            walk.error(node, "E103", f"expected a whole number, got {describe(node)}")
            return None
        value = walk.source.loader.construct_yaml_int(node)
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            walk.error(node, "E104", f"{value} is out of range ({self.minimum}..{self.maximum})")
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

    def read(self, walk: Walk, node: yaml.Node, path: Path) -> Any:
        if not isinstance(node, yaml.ScalarNode) or node.tag != BOOL_TAG:
            walk.error(node, "E103", f"expected true or false, got {describe(node)}")
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

    def read(self, walk: Walk, node: yaml.Node, path: Path) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            walk.error(node, "E103", f"expected a list, got {describe(node)}")
            return None
        count = len(node.value)
        if count < self.min_items or (self.max_items is not None and count > self.max_items):
            bounds = f"{self.min_items}..{self.max_items}" if self.max_items is not None else f"at least {self.min_items}"
            walk.error(node, "E104", f"list has {count} items; expected {bounds}")
            return None
        out = []
        seen: dict[Any, int] = {}
        for index, child in enumerate(node.value):
            value = read_value(self.item, walk, child, path + (index,))
            if self.unique and isinstance(value, str):
                if value in seen:
                    walk.error(child, "E104", f"'{value}' is listed twice")
                seen[value] = index
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

    def read(self, walk: Walk, node: yaml.Node, path: Path) -> Any:
        if not isinstance(node, yaml.MappingNode):
            walk.error(node, "E103", f"expected a mapping, got {describe(node)}")
            return None
        out: dict[str, Any] = {}
        for key_node, value_node in mapping_pairs(walk, node):
            key = self.key.read(walk, key_node, path)
            if key is None:
                continue
            if key in out:
                walk.error(key_node, "E005", f"duplicate key '{key}'")
                continue
            walk.key_nodes[path + (key,)] = key_node
            out[key] = read_value(self.value, walk, value_node, path + (key,))
        if self.max_items is not None and len(out) > self.max_items:
            walk.error(node, "E104", f"{len(out)} entries; at most {self.max_items} are allowed")
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
class F:
    """A field of an object: its type, whether it is required, its default, its documentation."""

    type: Type
    required: bool = False
    default: Any = None
    doc: str = ""


@dataclass
class Obj(Type):
    fields: dict[str, F]
    one_of_keys: tuple[str, ...] = ()  # exactly one of these keys must be present
    doc: str = ""

    def read(self, walk: Walk, node: yaml.Node, path: Path) -> Any:
        if not isinstance(node, yaml.MappingNode):
            walk.error(node, "E103", f"expected a mapping, got {describe(node)}")
            return None
        out: dict[str, Any] = {}
        for key_node, value_node in mapping_pairs(walk, node):
            if not isinstance(key_node, yaml.ScalarNode):
                walk.error(key_node, "E103", "keys must be plain text")
                continue
            key = key_node.value
            if key in out or path + (key,) in walk.key_nodes:
                walk.error(key_node, "E005", f"duplicate key '{key}'")
                continue
            spec = self.fields.get(key)
            if spec is not None and is_null(value_node) and not spec.required:
                walk.key_nodes[path + (key,)] = key_node  # "key: ~" means "not given": the default applies
                continue
            if spec is None:
                close = difflib.get_close_matches(key, list(self.fields), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else f"; allowed keys: {', '.join(self.fields)}"
                walk.error(key_node, "E101", f"unknown key '{printable(key)}'{hint}")
                continue
            walk.key_nodes[path + (key,)] = key_node
            out[key] = read_value(spec.type, walk, value_node, path + (key,))
        for key, spec in self.fields.items():
            if key in out:
                continue
            if spec.required and path + (key,) not in walk.key_nodes:
                walk.error(node, "E102", f"missing required key '{key}'")
            elif not spec.required:
                out[key] = spec.default() if callable(spec.default) else spec.default
        if self.one_of_keys:
            present = [k for k in self.one_of_keys if out.get(k) is not None]
            if len(present) != 1:
                walk.error(node, "E102", f"exactly one of {', '.join(self.one_of_keys)} is required"
                           + (f" (found {', '.join(present)})" if present else ""))
        return out

    def json_schema(self) -> dict:
        out: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {},
        }
        for key, spec in self.fields.items():
            prop = spec.type.json_schema()
            if spec.doc:
                prop["description"] = spec.doc
            if spec.default is not None and not callable(spec.default):
                prop["default"] = spec.default
            out["properties"][key] = prop
        required = [k for k, s in self.fields.items() if s.required]
        if required:
            out["required"] = required
        if self.one_of_keys:
            out["oneOf"] = [{"required": [k]} for k in self.one_of_keys]
        return out


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG and not node.style


@dataclass
class Either(Type):
    """One of several shapes, chosen by the node kind (e.g. ``all`` or a list of names)."""

    scalar: Type
    sequence: Type
    doc: str = ""

    def read(self, walk: Walk, node: yaml.Node, path: Path) -> Any:
        if isinstance(node, yaml.SequenceNode):
            return self.sequence.read(walk, node, path)
        return self.scalar.read(walk, node, path)

    def json_schema(self) -> dict:
        return {"oneOf": [self.scalar.json_schema(), self.sequence.json_schema()]}


def mapping_pairs(walk: Walk, node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    # Merge keys (<<) are part of YAML; let PyYAML flatten them in place, on this node only.
    try:
        walk.source.loader.flatten_mapping(node)
    except yaml.MarkedYAMLError as exc:
        walk.error(node, "E003", f"YAML merge error: {exc.problem}")
        return []
    return list(node.value)


def read_value(kind: Type, walk: Walk, node: yaml.Node, path: Path) -> Any:
    walk.visited += 1
    if walk.visited > walk.max_nodes:
        if walk.visited == walk.max_nodes + 1:
            walk.error(node, "E006", f"spec has more than {walk.max_nodes} values (aliases expanded?); "
                       "refusing to read further")
        return None
    walk.nodes[path] = node
    return kind.read(walk, node, path)
