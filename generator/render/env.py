"""The one Jinja environment factory (DESIGN.md): strict, no autoescape, stable whitespace.

Templates are loaded from the package (``generator/templates`` in a wheel) or, in a source
checkout, from the top-level ``templates/`` folder next to ``generator/``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2


def templates_dir() -> Path:
    packaged = Path(__file__).resolve().parent.parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **context) -> str:
    return environment().get_template(name).render(**context)
