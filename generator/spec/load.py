"""Read a spec file into a YAML node tree whose every node remembers its line and column.

We stop at *composing* (nodes), never at constructing Python objects for the whole
document: the schema walker decides how each scalar is read (so an unquoted ``0123``
stays the text "0123" where a string is expected), and aliases are never expanded,
so a "billion laughs" document costs no more memory than its text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import ERROR, Finding, SpecError

MAX_SPEC_BYTES = 32 * 1024 * 1024  # a 20,000-user spec is ~5 MB; keeps a stray huge file from eating memory


class MarkedLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Our own SafeLoader subclass, so we never patch PyYAML's global loaders. libyaml's parser (when
    PyYAML has it) composes the node tree in C; its nodes carry line and column marks too."""


@dataclass
class SpecSource:
    """The spec as read from disk: its file name (what generated files name, never a path), the path as the user
    gave it (what findings name, so that editors and CI annotations can open it), and its node tree."""

    name: str
    root: yaml.Node
    loader: MarkedLoader
    size: int = 0  # bytes: a document without aliases has fewer values than bytes
    given: str = ""  # the path as given on the command line; "" -> name

    def finding(self, node: yaml.Node | None, code: str, message: str, severity: str = ERROR) -> Finding:
        line, column = position(node)
        return Finding(self.given or self.name, line, column, severity, code, message)


def position(node: yaml.Node | None) -> tuple[int, int]:
    if node is None:
        return 1, 1
    return node.start_mark.line + 1, node.start_mark.column + 1


def load_file(path: str | Path) -> SpecSource:
    given = str(path)
    path = Path(path)

    def fail(code: str, message: str, line: int = 1, column: int = 1) -> SpecError:
        return SpecError([Finding(given, line, column, ERROR, code, message)])

    try:
        size = path.stat().st_size
        if size > MAX_SPEC_BYTES:
            raise fail("E006", f"spec is {size} bytes; the limit is {MAX_SPEC_BYTES} bytes")
        data = path.read_bytes()
    except IsADirectoryError:
        raise fail("E001", f"cannot read spec: {path} is a directory") from None
    except FileNotFoundError:
        raise fail("E001", f"cannot read spec: {path} does not exist") from None
    except OSError as exc:
        raise fail("E001", f"cannot read spec: {exc.strerror or exc}") from None
    return load_bytes(data, path.name, given)


def load_bytes(data: bytes, name: str = "spec.yaml", given: str = "") -> SpecSource:
    def fail(code: str, message: str, line: int = 1, column: int = 1) -> SpecError:
        return SpecError([Finding(given or name, line, column, ERROR, code, message)])

    if len(data) > MAX_SPEC_BYTES:
        raise fail("E006", f"spec is {len(data)} bytes; the limit is {MAX_SPEC_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise fail(
            "E002", f"spec is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", line
        ) from None
    text = text.removeprefix("\ufeff")
    loader = MarkedLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        hint = syntax_hint(exc, text)
        raise fail(
            "E003", f"YAML syntax error: {problem}" + (f"; hint: {hint}" if hint else ""), line, column
        ) from None
    except yaml.YAMLError as exc:
        raise fail("E003", f"YAML syntax error: {exc}") from None
    finally:
        loader.dispose()
    if root is None:
        raise fail("E004", "spec is empty; expected a mapping with at least 'version' and 'name'")
    if not isinstance(root, yaml.MappingNode):
        line, column = position(root)
        raise fail("E004", "spec must be a YAML mapping (key: value pairs) at the top level", line, column)
    return SpecSource(name, root, loader, len(data), given)


def syntax_hint(exc: yaml.MarkedYAMLError, text: str) -> str:
    """One line on the usual cause of PyYAML's (or libyaml's) wording, for the common mistakes."""
    problem = f"{exc.context or ''} {exc.problem or ''}"
    mark, opened = exc.problem_mark, exc.context_mark
    lines = text.splitlines() if mark is not None else []
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    since = f" (opened on line {opened.line + 1})" if opened is not None else ""
    if "\t" in line[: len(line) - len(line.lstrip())] or "tab" in problem:
        return "YAML indents with spaces only; replace the tab with spaces"
    if "quoted scalar" in problem:
        return f"a quote is not closed{since}"
    if "flow sequence" in problem:
        return f"a '[' is not closed{since}, or a ',' is missing between items"
    if "flow mapping" in problem:
        return f"a '{{' is not closed{since}, or a ',' is missing between entries"
    if "mapping values are not allowed" in problem:
        return "check the indentation of this line, and quote a value that contains ': '"
    if "expected key" in problem or "block end" in problem or "'-' indicator" in problem:
        return "check the indentation: keys of one mapping (and items of one list) start in the same column"
    return ""
