"""The choices of the command-line options (--format, --target, --cfn-format): Typer shows them in --help."""

from __future__ import annotations

from enum import Enum


class FindingFormat(str, Enum):
    text = "text"
    json = "json"


class LintFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"


class Target(str, Enum):
    cloudformation = "cloudformation"
    terraform = "terraform"
    all = "all"


class CfnFormat(str, Enum):
    yaml = "yaml"
    json = "json"


class ExplainFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    json = "json"


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"
