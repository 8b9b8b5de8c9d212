"""A small reader for the HCL expressions emrgen writes (objects, lists, strings, numbers, bools,
references), used by tests to compare Terraform output with CloudFormation output."""

from __future__ import annotations

import re


class Reader:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n,":
            self.pos += 1

    def peek(self) -> str:
        self.skip()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def value(self):
        ch = self.peek()
        if ch == "{":
            return self.obj()
        if ch == "[":
            return self.arr()
        if ch == '"':
            return self.string()
        m = re.compile(r"[A-Za-z0-9_.\-]+(\[\d+\])*").match(self.text, self.pos)  # a reference may index a list
        if not m:
            raise ValueError(f"unexpected {self.text[self.pos:self.pos + 20]!r}")
        self.pos = m.end()
        word = m.group(0)
        if word in ("true", "false"):
            return word == "true"
        if re.fullmatch(r"-?\d+", word):
            return int(word)
        if word == "jsonencode":
            self.pos += 1  # (
            inner = self.value()
            self.peek()
            self.pos += 1  # )
            return inner
        return {"$ref": word}

    def obj(self):
        self.pos += 1
        out = {}
        while self.peek() != "}":
            key = self.string() if self.peek() == '"' else self.value()["$ref"]
            self.peek()
            assert self.text[self.pos] == "=", self.text[self.pos:self.pos + 30]
            self.pos += 1
            out[key] = self.value()
        self.pos += 1
        return out

    def arr(self):
        self.pos += 1
        out = []
        while self.peek() != "]":
            out.append(self.value())
        self.pos += 1
        return out

    def string(self):
        """A quoted template: escapes decoded, ${expr} kept as {"$interp": expr} parts."""
        assert self.text[self.pos] == '"'
        self.pos += 1
        parts: list = []
        buf = []
        while True:
            ch = self.text[self.pos]
            if ch == "\\":
                nxt = self.text[self.pos + 1]
                if nxt == "u":
                    buf.append(chr(int(self.text[self.pos + 2:self.pos + 6], 16)))
                    self.pos += 6
                    continue
                if nxt == "U":
                    buf.append(chr(int(self.text[self.pos + 2:self.pos + 10], 16)))
                    self.pos += 10
                    continue
                buf.append({"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}[nxt])
                self.pos += 2
            elif self.text.startswith("$${", self.pos) or self.text.startswith("%%{", self.pos):
                buf.append(ch + "{")
                self.pos += 3
            elif self.text.startswith("${", self.pos):
                depth, start = 1, self.pos + 2
                self.pos = start
                while depth:
                    c = self.text[self.pos]
                    depth += {"{": 1, "}": -1}.get(c, 0)
                    self.pos += 1
                inner = self.text[start:self.pos - 1].strip()
                if re.fullmatch(r'"[$%]"', inner):  # ${"$"}: a literal character, written so on purpose
                    buf.append(inner[1])
                    continue
                if buf:
                    parts.append("".join(buf))
                    buf = []
                parts.append({"$interp": inner})
            elif ch == '"':
                self.pos += 1
                break
            else:
                buf.append(ch)
                self.pos += 1
        if buf or not parts:
            parts.append("".join(buf))
        return parts[0] if len(parts) == 1 and isinstance(parts[0], str) else {"$template": parts}


def read(text: str):
    return Reader(text).value()
