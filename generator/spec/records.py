"""Records: model classes that are also the schema of the mappings they are read from.

A record is a dataclass whose attributes are declared with ``key(...)``: the value type and its constraints,
whether the key is required, its default, its documentation, and (when it differs from the attribute) the
YAML key. From that one declaration come the walk that validates a mapping and builds the object, the
defaults, the "did you mean" hints and the JSON Schema of ``emrgen schema``::

    @record
    class Cluster:
        name: str = key(LABEL, required=True)
        log_uri: str | None = key(S3, doc="where EMR writes the cluster's logs")

Attributes declared without ``key`` (``path``, behaviour) are not part of the spec. A record with a ``path``
attribute gets the path it was read from, so rules can point back at its line.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
from collections.abc import Callable
from typing import Any

import yaml

from .schema import Path, Type, Walk, emptiness, is_null, mapping_pairs, printable, read_value

META = "emrgen.key"
SCALARS = (str, int, bool)


@dataclasses.dataclass(frozen=True)
class Key:
    """One key of a record: its type, whether it is required, its default, its documentation."""

    type: Type
    required: bool = False
    default: Any = None  # a value (copied per use), or for a record type a dict of its keys that differ
    doc: str = ""
    name: str | None = None  # the YAML key, when it is not the attribute's name
    # What an empty value ([], {}, "") means, for the few keys where SPEC.md §6 gives it a meaning; for every
    # other key an empty value is an error (E103), like null: explicit empty is not absent.
    empty: str = ""
    null_is_empty: bool = False  # `key:` with no value reads as the empty value (users:, warned W132)

    def default_value(self) -> Any:
        if self.required:
            return None
        if isinstance(self.type, Obj) and isinstance(self.default, dict):
            return self.type.defaults(self.default)
        return copy.deepcopy(self.default) if isinstance(self.default, (list, dict)) else self.default


def key(
    kind: Type | type,
    *,
    required: bool = False,
    default: Any = None,
    doc: str = "",
    name: str | None = None,
    empty: str = "",
    null_is_empty: bool = False,
) -> Any:
    """Declare a record attribute as a key of the spec (see the module docstring)."""
    spec = Key(schema_of(kind) if isinstance(kind, type) else kind, required, default, doc, name, empty, null_is_empty)
    if isinstance(default, (list, dict)):
        return dataclasses.field(default_factory=spec.default_value, metadata={META: spec})
    return dataclasses.field(default=spec.default_value(), metadata={META: spec})


def record(cls: type | None = None, *, one_of: tuple[str, ...] = ()) -> Any:
    """Make ``cls`` a dataclass and attach its schema; ``one_of``: exactly one of these keys must be given."""

    def wrap(cls: type) -> type:
        cls = dataclasses.dataclass(kw_only=True)(cls)
        keys, attrs = {}, {}
        for f in dataclasses.fields(cls):
            spec = f.metadata.get(META)
            if spec is not None:
                keys[spec.name or f.name] = spec
                attrs[spec.name or f.name] = f.name
        cls.__schema__ = Obj(
            keys, one_of, make=cls, attrs=attrs, with_path=any(f.name == "path" for f in dataclasses.fields(cls))
        )
        return cls

    return wrap(cls) if cls is not None else wrap


def schema_of(cls: type) -> Obj:
    return cls.__schema__  # type: ignore[attr-defined]


class Obj(Type):
    """A mapping with declared keys, read into a record (or, without ``make``, into a dict)."""

    expects = "a mapping"

    def __init__(
        self,
        fields: dict[str, Key],
        one_of_keys: tuple[str, ...] = (),
        make: Callable | None = None,
        attrs: dict[str, str] | None = None,
        with_path: bool = False,
        doc: str = "",
    ):
        self.fields = fields
        self.one_of_keys = one_of_keys
        self.make = make
        self.attrs = attrs or {k: k for k in fields}
        self.with_path = with_path
        self.doc = doc

    def build(self, values: dict[str, Any], path: Path | None = None) -> Any:
        if self.make is None:
            return values
        kwargs = {self.attrs[k]: v for k, v in values.items()}
        if self.with_path and path is not None:
            kwargs["path"] = path
        return self.make(**kwargs)

    def defaults(self, overrides: dict[str, Any]) -> Any:
        """The object a missing key stands for: every default, then ``overrides``."""
        values = {k: spec.default_value() for k, spec in self.fields.items() if not spec.required}
        return self.build({**values, **overrides})

    def read(self, walk: Walk, node: yaml.Node, path: Path) -> Any:
        if (pairs := mapping_pairs(self, walk, node, path)) is None:
            return None
        out: dict[str, Any] = {}
        for key_node, value_node in pairs:
            if not isinstance(key_node, yaml.ScalarNode):
                walk.error(key_node, "E103", "keys must be plain text")
                continue
            name = key_node.value
            if name in out or path + (name,) in walk.key_nodes:
                walk.error(key_node, "E005", f"duplicate key '{printable(name)}'")
                continue
            spec = self.fields.get(name)
            if spec is None:
                close = difflib.get_close_matches(name, list(self.fields), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else f"; allowed keys: {', '.join(self.fields)}"
                walk.error(key_node, "E101", f"unknown key '{printable(name)}'{hint}")
                continue
            walk.key_nodes[path + (name,)] = key_node
            out[name] = read_key(spec, walk, value_node, path + (name,))
        for name, spec in self.fields.items():
            if name in out:
                continue
            if spec.required:
                walk.error(node, "E102", f"missing required key '{name}'")
            else:
                out[name] = spec.default_value()
        if self.one_of_keys:
            present = [k for k in self.one_of_keys if out.get(k) is not None]
            if len(present) != 1:
                walk.error(
                    node,
                    "E102",
                    f"exactly one of {', '.join(self.one_of_keys)} is required"
                    + (f" (found {', '.join(present)})" if present else ""),
                )
        return self.build(out, path)

    def json_schema(self) -> dict:
        out: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {},
        }
        for name, spec in self.fields.items():
            prop = spec.type.json_schema()
            if not spec.empty and prop.get("type") == "array":
                prop.setdefault("minItems", 1)  # explicit empty is not absent (read_key)
            if not spec.empty and prop.get("type") == "object":
                prop.setdefault("minProperties", 1)
            if spec.doc:
                prop["description"] = spec.doc
            if isinstance(spec.default, SCALARS):
                prop["default"] = spec.default
            out["properties"][name] = prop
        required = [k for k, s in self.fields.items() if s.required]
        if required:
            out["required"] = required
        if self.one_of_keys:
            out["oneOf"] = [{"required": [k]} for k in self.one_of_keys]
        return out


def read_key(spec: Key, walk: Walk, node: yaml.Node, path: Path) -> Any:
    """A declared key's value. Explicit empty is not absent (SPEC.md §5, §6): `[]`, `{}` or blank text is an
    error at its line, as null is (read_value), unless the key declares what empty means (``Key.empty``); the
    type's own complaint (a list of 1..5, a pattern) comes first when it has one."""
    if spec.null_is_empty and is_null(node):
        walk.nodes[path] = node
        return spec.default_value()
    before = len(walk.findings)
    value = read_value(spec.type, walk, node, path)
    what = emptiness(node)
    if spec.empty or not what or len(walk.findings) != before:
        return value
    walk.error(
        node,
        "E103",
        f"{what} is not the same as leaving the key out"
        + ("; give a value" if spec.required else "; leave the key out for its default, or give a value"),
        path,
    )
    return None
