"""Findings and the exceptions that carry them to the command-line boundary.

Findings are data; formatting them is separate (see ``format_findings``), so the
same finding can be printed as text, JSON or put into REVIEW.md.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    column: int
    severity: str
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def text(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity} {self.code} {self.message}"


class EmrgenError(Exception):
    """Base of every error the CLI turns into a clean message and an exit code."""

    exit_code = 2


class SpecError(EmrgenError):
    """The spec is invalid; carries every finding, not only the first."""

    def __init__(self, findings: list[Finding]):
        self.findings = sorted(findings)
        super().__init__("\n".join(f.text() for f in self.findings))


class UsageError(EmrgenError):
    """Bad command-line use: a missing file, an output path that cannot be used."""


class RenderError(EmrgenError):
    """A generator bug: emrgen produced text it cannot parse back. Never the user's fault."""

    exit_code = 3


def format_grouped(findings: list[Finding], shown: int = 3) -> str:
    """Text for people: at most ``shown`` warnings of one code, then one line saying how many more (a spec with
    3,000 users would print thousands of identical W101 lines). Errors are always listed whole."""
    counts = Counter(f.code for f in findings if not f.is_error)
    seen: Counter = Counter()
    lines = []
    for f in findings:
        seen[f.code] += 1
        if f.is_error or seen[f.code] <= shown:
            lines.append(f.text() + "\n")
    for code, count in sorted(counts.items()):
        if count > shown:
            lines.append(f"... {count - shown} more {code} warnings like these (--verbose lists every one)\n")
    return "".join(lines)


def format_findings(findings: list[Finding], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps([asdict(f) for f in findings], indent=2) + "\n"
    return "".join(f.text() + "\n" for f in findings)
