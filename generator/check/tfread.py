"""Reading Terraform back: resource blocks with their lines (tree-sitter, else python-hcl2), and the expressions emrgen
writes inside them (``jsonencode({...})``, strings with ``${...}``, references), evaluated with a resolver
that turns each reference into a placeholder.

python-hcl2 parses the file; it hands expressions back as HCL text, which ``Expr`` reads. Only the
expression forms emrgen writes are understood; anything else raises ``Unreadable``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .hclblock import Block, split_lines  # noqa: F401 - Block is part of this module's interface

BLOCK = re.compile(r'^(resource|data)\s+"([^"]+)"\s+"([^"]+)"\s*\{', re.M)
WORD = re.compile(r"[A-Za-z0-9_.\-]+(\[\d+\])*")  # a reference, perhaps indexing a list: local.network.subnet_ids[0]
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
SEPARATORS = re.compile(r"[ \t\r\n,]*")
# Inside a quoted template only these characters mean more than themselves; the text between them is
# copied in one slice (reading it a character at a time was most of the IAM checks' time on large files).
STRING_SPECIAL = re.compile(r'[\\"$%]')


class Unreadable(Exception):
    """An expression form emrgen does not write."""


def unquote(text: str) -> str:
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def blocks(text: str) -> list[Block]:
    """Resource and data blocks in file order. The caller has checked the syntax (TF000).
    tree-sitter reads them where it is installed (generator/tfparse.py), else python-hcl2."""
    from . import tfparse

    if tfparse.available():
        return tfparse.parse(text)[0]
    return blocks_hcl2(text)


def blocks_hcl2(text: str) -> list[Block]:
    """python-hcl2's reading (pure Python: slow on large files), the reference tfparse is tested against."""
    import hcl2

    parsed = hcl2.loads(text)
    where = {(m.group(1), m.group(2), m.group(3)): text.count("\n", 0, m.start()) + 1 for m in BLOCK.finditer(text)}
    out = []
    for kind in ("resource", "data"):
        for entry in parsed.get(kind, []):
            for rtype, named in entry.items():
                for name, body in named.items():
                    rtype_, name_ = unquote(rtype), unquote(name)
                    out.append(Block(kind, rtype_, name_, where.get((kind, rtype_, name_), 1), body))
    return sorted(out, key=lambda b: b.line)


def concatenate(parts: list) -> str:
    return "".join(str(p) for p in parts)


class Expr:
    """Evaluate one HCL expression of the forms emrgen writes; ``resolve`` maps a reference to a value, and
    ``template`` the parts of a quoted string (literal text and resolved references) to its value."""

    def __init__(self, text: str, resolve: Callable[[str], object], template: Callable[[list], object] = concatenate):
        self.text, self.pos, self.resolve, self.template = text, 0, resolve, template

    def fail(self, what: str):
        raise Unreadable(f"{what} at {self.text[self.pos : self.pos + 30]!r}")

    def peek(self) -> str:
        self.pos = SEPARATORS.match(self.text, self.pos).end()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def value(self):
        ch = self.peek()
        if ch == "{":
            return self.obj()
        if ch == "[":
            return self.seq()
        if ch == '"':
            return self.string()
        m = WORD.match(self.text, self.pos)
        if not m:
            self.fail("unexpected text")
        self.pos = m.end()
        word = m.group(0)
        if word in ("true", "false"):
            return word == "true"
        if word == "null":
            return None
        if re.fullmatch(r"-?\d+", word):
            return int(word)
        if self.peek() == "(":
            if word != "jsonencode":
                self.fail(f"function {word}()")
            self.pos += 1
            inner = self.value()
            if self.peek() != ")":
                self.fail("expected )")
            self.pos += 1
            return inner
        return self.resolve(word)

    def obj(self) -> dict:
        self.pos += 1
        out = {}
        while self.peek() != "}":
            if not self.peek():
                self.fail("unclosed object")
            key = self.string() if self.peek() == '"' else self._word()
            if self.peek() not in ("=", ":"):
                self.fail("expected = in object")
            self.pos += 1
            out[str(key)] = self.value()
        self.pos += 1
        return out

    def _word(self) -> str:
        m = WORD.match(self.text, self.pos)
        if not m:
            self.fail("expected a key")
        self.pos = m.end()
        return m.group(0)

    def seq(self) -> list:
        self.pos += 1
        out = []
        while self.peek() != "]":
            if not self.peek():
                self.fail("unclosed list")
            out.append(self.value())
        self.pos += 1
        return out

    def string(self):
        """A quoted template: escapes decoded, $${ and %%{ literal, ${ref} resolved."""
        self.pos += 1
        parts: list = []
        buf: list[str] = []
        text = self.text
        while True:
            special = STRING_SPECIAL.search(text, self.pos)
            if special is None:
                self.pos = len(text)
                self.fail("unclosed string")
            if special.start() > self.pos:
                buf.append(text[self.pos : special.start()])
                self.pos = special.start()
            ch = text[self.pos]
            if ch == "\\":
                if self.pos + 1 >= len(text):
                    self.fail("unclosed string")
                nxt = text[self.pos + 1]
                width = {"u": 4, "U": 8}.get(nxt)
                if width:
                    buf.append(chr(int(text[self.pos + 2 : self.pos + 2 + width], 16)))
                    self.pos += 2 + width
                    continue
                buf.append(ESCAPES.get(nxt, nxt))
                self.pos += 2
            elif text.startswith(("$${", "%%{"), self.pos):
                buf.append(ch + "{")
                self.pos += 3
            elif text.startswith("${", self.pos) or text.startswith("%{", self.pos):
                if ch == "%":
                    self.fail("template directive")
                depth, start = 1, self.pos + 2
                self.pos = start
                while depth:
                    depth += {"{": 1, "}": -1}.get(text[self.pos], 0)
                    self.pos += 1
                inner = text[start : self.pos - 1].strip()
                if re.fullmatch(r'"[$%]"', inner):  # ${"$"}: a literal character, written so on purpose
                    buf.append(inner[1])
                elif WORD.fullmatch(inner):
                    if buf:
                        parts.append("".join(buf))
                        buf = []
                    parts.append(self.resolve(inner))
                else:
                    self.fail("interpolation")
            elif ch == '"':
                self.pos += 1
                if buf or not parts:
                    parts.append("".join(buf))
                return self.template(parts)
            else:
                buf.append(ch)
                self.pos += 1


def evaluate(hcl_text: str, resolve: Callable[[str], object], template: Callable[[list], object] = concatenate):
    """python-hcl2 gives an attribute as ``${expr}`` (an expression) or ``"..."`` (a string literal)."""
    text = hcl_text.strip()
    if text.startswith("${") and text.endswith("}"):
        text = text[2:-1]
    reader = Expr(text, resolve, template)
    value = reader.value()
    if reader.peek():
        reader.fail("trailing text")
    return value
