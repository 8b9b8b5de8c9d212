"""Parse what we emit, fast: a generator bug must surface as a clear internal error, never as a broken
file on disk, and reading back must not cost more than writing (DESIGN.md "Parse what you emit").

CloudFormation YAML is read with PyYAML's C loader and the short-form tags emrgen writes.
Terraform is checked structurally with C-speed regular expressions: strings closed, brackets balanced and
properly nested, every line a block header, an argument, a closing bracket or a comment. `emrgen lint`
still runs the full parsers (python-hcl2, Terraform's own loader) on request.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

import yaml

from ..errors import RenderError

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TemplateLoader(LOADER):  # type: ignore[misc, valid-type]
    """A SafeLoader subclass (never the global one) that knows the short-form tags emrgen writes."""


def _scalar_or_seq(loader, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    return loader.construct_sequence(node, deep=True)


TemplateLoader.add_constructor("!Ref", lambda loader, n: {"Ref": loader.construct_scalar(n)})
TemplateLoader.add_constructor("!GetAtt", lambda loader, n: {"Fn::GetAtt": loader.construct_scalar(n).split(".", 1)})
TemplateLoader.add_constructor("!Sub", lambda loader, n: {"Fn::Sub": _scalar_or_seq(loader, n)})
TemplateLoader.add_constructor("!Join", lambda loader, n: {"Fn::Join": loader.construct_sequence(n, deep=True)})
TemplateLoader.add_constructor(
    "!FindInMap", lambda loader, n: {"Fn::FindInMap": loader.construct_sequence(n, deep=True)}
)
for _function in ("Select", "If", "Equals"):
    TemplateLoader.add_constructor(
        f"!{_function}", lambda loader, n, f=_function: {f"Fn::{f}": loader.construct_sequence(n, deep=True)}
    )


def read_cloudformation(text: str, name: str) -> dict:
    try:
        data = yaml.load(text, Loader=TemplateLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise RenderError(
            f"internal error: emrgen wrote a CloudFormation template it cannot read back ({name}): {exc}"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("Resources"), dict):
        raise RenderError(f"internal error: {name} has no Resources mapping")
    return data


def top_level_keys(text: str) -> list[str]:
    """The keys of the one document's top-level mapping, from libyaml's parse events: the C parser checks all
    of the syntax, and no node tree is built (composing one cost eight times as much as parsing, issue 4).
    What only the composer checked (one document, aliases that resolve) is checked here: emrgen writes one
    document and no anchors, so any anchor or alias is a generator bug."""
    loader = LOADER(text)  # parse events only: tags are never resolved, so no loader subclass is needed
    keys: list[str] = []
    documents = 0
    depth = 0  # open collections
    top_mapping = False
    items = 0  # nodes seen inside the top-level collection (keys and values, for a mapping)
    check, get = loader.check_event, loader.get_event
    # Dispatch on the exact event class: this loop sees every event of every template (issue 14).
    scalar, alias, document = yaml.ScalarEvent, yaml.AliasEvent, yaml.DocumentStartEvent
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    try:
        while check():
            event = get()
            kind = type(event)
            if kind is scalar:
                if event.anchor is not None:
                    raise RenderError("an anchor or alias, which emrgen never writes")
                if depth == 1:
                    if top_mapping and items % 2 == 0:
                        keys.append(event.value)
                    items += 1
            elif kind in starts:
                if event.anchor is not None:
                    raise RenderError("an anchor or alias, which emrgen never writes")
                if depth == 0:
                    top_mapping = kind is yaml.MappingStartEvent
                depth += 1
            elif kind in ends:
                depth -= 1
                if depth == 1:
                    items += 1
            elif kind is alias:
                raise RenderError("an anchor or alias, which emrgen never writes")
            elif kind is document:
                documents += 1
                if documents > 1:
                    raise RenderError("more than one YAML document")
    finally:
        loader.dispose()
    return keys


def check_cloudformation(text: str, name: str) -> None:
    """Read back without building Python objects: libyaml parses in C."""
    try:
        keys = top_level_keys(text)
    except (yaml.YAMLError, RenderError) as exc:
        raise RenderError(
            f"internal error: emrgen wrote a CloudFormation template it cannot read back ({name}): {exc}"
        ) from None
    if "Resources" not in keys:
        raise RenderError(f"internal error: {name} has no Resources mapping")


BACKGROUND_CHARS = 1 << 20  # under this, a template is read back at once: forking would cost more than it saves


def check_cloudformation_files(named: list[tuple[str, str]]) -> Callable[[], None]:
    """check_cloudformation of each (name, text), and a function that gives its verdict: it raises the first
    RenderError. Over BACKGROUND_CHARS, with a second core and fork(), a child process reads them back while this
    one goes on (Terraform, REVIEW.md): on the 3,000-user bench spec that is a fifth of `render` (issue 14). The
    caller asks for the verdict before it writes anything; the child only parses (libyaml) and exits."""
    from .lintjobs import workers

    if sum(len(text) for _, text in named) < BACKGROUND_CHARS or workers() < 2 or not hasattr(os, "fork"):
        for name, text in named:
            check_cloudformation(text, name)
        return lambda: None
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its verdict as text on the pipe ("" = clean), then exit without cleanup handlers
        status = 0
        try:
            os.close(read)
            message = ""
            try:
                for name, text in named:
                    check_cloudformation(text, name)
            except RenderError as exc:
                message = str(exc)
            except BaseException as exc:  # noqa: BLE001 - any failure is a verdict, never a silent pass
                message = f"internal error: reading back the CloudFormation templates failed: {exc!r}"
            with os.fdopen(write, "wb") as out:
                out.write(message.encode())
        except BaseException:  # noqa: BLE001 - no verdict written: the parent sees the status
            status = 1
        finally:
            os._exit(status)
    os.close(write)

    def verdict() -> None:
        with os.fdopen(read, "rb") as pipe:
            message = pipe.read().decode()
        _, status = os.waitpid(pid, 0)
        if message:
            raise RenderError(message)
        if status != 0:
            raise RenderError(f"internal error: the CloudFormation read-back process ended with status {status}")

    return verdict


TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\]()]|#[^\n]*|\n|"')
LINE = re.compile(
    r"\s*(?:"
    r'[A-Za-z_][\w-]*(?:\s+"[^"\n]*")*\s*\{\}?'  # block header: resource "t" "n" {  (or {})
    r'|(?:[A-Za-z_][\w-]*|"[^\n]*")\s*=\s*\S.*'  # argument or object key: name = value
    r"|[\[\]{}()]+,?"  # brackets alone: { of a list item, }) of jsonencode
    r'|"[^\n]*"\s*,?|[\w.\[\]"*-]+,?'  # list item: "text", or reference,
    r"|#.*"  # comment
    r")?\s*"
)
PAIRS = {"}": "{", "]": "[", ")": "("}


def check_terraform(text: str, name: str) -> None:
    # ${"$"} and ${"%"} are the only quotes inside a string emrgen writes (render/quoting.py).
    scan = text.replace('${"$"}', "$").replace('${"%"}', "%")
    stack: list[tuple[str, int]] = []
    line = 1
    for match in TOKEN.finditer(scan):
        token = match.group()
        if token == "\n":
            line += 1
        elif token == '"':
            fail(name, line, "unterminated string")
        elif token in "{[(":
            stack.append((token, line))
        elif token in PAIRS:
            if not stack or stack[-1][0] != PAIRS[token]:
                fail(name, line, f"unexpected '{token}'")
            stack.pop()
    if stack:
        fail(name, stack[-1][1], f"'{stack[-1][0]}' is never closed")
    strings = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', scan)
    for number, source in enumerate(strings.split("\n"), start=1):
        if not LINE.fullmatch(source):
            fail(name, number, f"not a Terraform line: {source.strip()[:60]!r}")


def fail(name: str, line: int, problem: str) -> None:
    raise RenderError(f"internal error: emrgen wrote Terraform it cannot read back ({name}:{line}): {problem}")
