"""A resource or data block of a .tf file, as both HCL readers (tfread.py's python-hcl2, tfparse.py's tree-sitter)
return it: its own module, so neither reader imports the other to build one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass
class Block:
    kind: str  # resource | data
    type: str
    name: str
    line: int
    body: dict  # python-hcl2's view: attribute -> HCL text, nested block -> list of dicts

    def attr_line(self, text: str, attr: str) -> int:
        """The line of ``attr = ...`` inside this block (the block's line when not found)."""
        lines = split_lines(text)
        pattern = re.compile(rf"^\s*{re.escape(attr)}\s*(=|\{{)")
        for i in range(self.line, len(lines)):
            if lines[i].startswith("}"):
                break
            if pattern.match(lines[i]):
                return i + 1
        return self.line


@lru_cache(maxsize=4)
def split_lines(text: str) -> list[str]:
    """The lines of a file, split once per file, not once per block: attr_line runs for every policy of a
    multi-megabyte users.tf (issue 14: quadratic, a minute on the L output). Callers must not change the list."""
    return text.splitlines()
