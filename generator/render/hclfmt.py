"""Align ``=`` the way ``terraform fmt`` does, so generated HCL is fmt-clean without Terraform.

hclwrite's rule (format.go, formatCells): consecutive lines that each hold an attribute whose value
is complete on that line form a chain; within a chain every ``=`` sits one column after the longest
name. A line whose value opens a bracket it does not close (``policy = jsonencode({``), a block
header, a blank line or a comment line ends the chain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN, CLOSE = "([{", ")]}"


@dataclass
class Cell:
    lead: str  # indentation and name, trailing spaces removed
    rest: str  # from "=" to the end of the line


def code_chars(text: str):
    """(index, char) for every character outside quoted strings (escapes skipped)."""
    in_string = False
    i = 0
    while i < len(text):
        ch = text[i]
        if in_string:
            if ch == "\\":
                i += 2
                continue
            if ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        else:
            yield i, ch
        i += 1


def split_assignment(line: str) -> Cell | None:
    """The line's first top-level ``=`` if its right side is bracket-balanced, else None."""
    depth = 0
    for i, ch in code_chars(line):
        if ch == "#":
            return None
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth -= 1
        elif (
            ch == "="
            and depth == 0
            and line[i + 1 : i + 2] not in ("=", ">")
            and line[i - 1 : i] not in ("!", "<", ">", "=")
        ):
            rest = line[i:]
            return Cell(line[:i].rstrip(), rest) if balanced(rest) else None
    return None


def balanced(text: str) -> bool:
    depth = 0
    for _, ch in code_chars(text):
        depth += (ch in OPEN) - (ch in CLOSE)
    return depth == 0


STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
# An assignment whose value is a word or one quoted string without brackets or "#" (most lines): no scanning.
SIMPLE = re.compile(r'[^"#=(){}\[\]]*=(?![=>])\s*(?:[^"#(){}\[\]\s]*|"(?:[^"\\${}%#]|\\.)*")\s*')


def cell(line: str) -> Cell | None:
    """split_assignment with a fast path: most lines hold no '=' or are plain ``name = value``."""
    if "=" not in line:
        return None
    if SIMPLE.fullmatch(line):
        i = line.index("=")
        if line[i - 1 : i] in ("!", "<", ">"):
            return None
        return Cell(line[:i].rstrip(), line[i:])
    return split_assignment(line)


def align(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    chain: list[Cell] = []

    def flush() -> None:
        if chain:
            width = max(len(c.lead) for c in chain)
            out.extend(c.lead.ljust(width) + " " + c.rest for c in chain)
            chain.clear()

    for line in lines:
        found = cell(line)
        if found is None:
            flush()
            out.append(line)
        else:
            chain.append(found)
    flush()
    return "\n".join(out)
