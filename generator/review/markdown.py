"""Quoting for the review outputs and the environment that renders ``templates/markdown/``.

Python builds plain data (rows, counts, computed phrases); the templates hold the layout. Spec text enters
Markdown only through the filters registered here: ``md`` for running text and table cells, ``code`` for a
code span, ``mermaid`` for a label inside the diagram.

Mermaid labels: node ids are generated (u0, r0, c0) and never carry spec text. Labels are double-quoted, and every
character outside a small safe set becomes a Mermaid entity code ``#NNN;`` (decimal code point), which Mermaid turns
back into the character when it draws. That keeps quotes, brackets, pipes, ``<``, backticks (which would close the
Markdown fence), ``%%`` comments, newlines and ``:`` out of the diagram's syntax. ``:`` matters because Mermaid
pre-processes lines matching ``style.*:\\S*#.*;`` and would eat the ``;`` of an entity code.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

import jinja2

from ..render.env import environment as base_environment

MD_SPECIAL = {
    "\\": "\\\\",
    "|": "\\|",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "~": "\\~",
    "[": "\\[",
    "]": "\\]",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "\r": " ",
    "\n": " ",
}


MD_TABLE = str.maketrans(MD_SPECIAL)  # str.translate: the same mapping at C speed (REVIEW.md of L, issue 14)


def md_escape(text: str) -> str:
    """Spec text as literal Markdown (also inside a table cell): no emphasis, links, HTML or line breaks."""
    return text.translate(MD_TABLE)


def code(text: str) -> str:
    """A Markdown code span that holds any text literally (nothing is escaped inside code spans)."""
    text = text.replace("\r", " ").replace("\n", " ")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


MERMAID_SAFE = frozenset(string.ascii_letters + string.digits + " _.,/=+@-*?")


def mermaid_escape(text: str) -> str:
    return "".join(c if c in MERMAID_SAFE else f"#{ord(c)};" for c in text)


def mermaid_label(lines) -> str:
    """A quoted label of escaped lines (one text, or a list of them); the <br/> between them is ours, never the
    spec's (its < is escaped)."""
    lines = [lines] if isinstance(lines, str) else lines
    return '"' + "<br/>".join(mermaid_escape(x) for x in lines) + '"'


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one environment (render/env.py) with the review's quoting filters; an overlay, so the base
    environment that renders CloudFormation and Terraform does not see them."""
    env = base_environment().overlay()
    env.filters = {**env.filters, "md": md_escape, "code": code, "mermaid": mermaid_label}
    return env


def render(template: str, **context) -> str:
    return environment().get_template(f"markdown/{template}").render(**context)
