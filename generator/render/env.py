"""The one Jinja environment (DESIGN.md "Templates are for layout"), and the split it serves:
**data and quoting in Python, layout in templates.** Why: a reviewer reads a resource's shape where it is
written, and every value is quoted in one place that tests/render/test_hostile.py and test_quoting.py cover.

- The plan (generator/plan/) decides *what* exists: resources as plain data, references as small objects
  (``Ref``, ``Pseudo``, ``Join``, ``RegionValue``, ``Input``), and what the resources need around them
  (``Plan.needs``: data sources, the network mapping). Renderers never search their own output to find out.
- Templates decide *how the output looks*: ``templates/<format>/_<kind>.*.j2`` (one pair per kind of
  plan/kinds.py) and the files that hold them write every property name, its nesting and order, comments,
  and which optional properties appear (``{% if p.x is present %}``; ``is regional`` where a value is a
  region-keyed lookup instead of a literal list).
- Values enter a template only through its format's filters, which convert and quote them:
  ``{{ v | cfn }}`` (one YAML scalar; references as ``!Ref``/``!GetAtt``/``!Sub``; a literal ``${`` kept
  literal), ``{{ v | cfn_block(indent) }}`` (a dict or list such as a policy document, as block YAML at
  ``indent``), and ``{{ v | hcl }}`` (an HCL expression: ``$${``/``%%{`` escapes, references as Terraform
  addresses, a dict or list laid out from column ``indent``, default 2: an argument of a resource). They
  read the template's ``writer`` (render/values.py), which knows how this template names a reference: a
  logical id, a nested stack's parameter, a Terraform address.
- Python keeps the conversions that are not layout: quoting (render/quoting.py), references to text and
  nested data to YAML/HCL (render/values.py), ``terraform fmt``'s ``=`` alignment (render/hclfmt.py),
  cutting a plan into nested stacks (render/stacks.py), and the values of StackSets and target modules.

Spec text is data: it is only ever a value passed to a filter, never compiled as a template. Templates are
loaded from the package (``generator/templates`` in a wheel) or, in a source checkout, from the top-level
``templates/`` folder next to ``generator/``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from ..plan.refs import RegionValue


def templates_dir() -> Path:
    packaged = Path(__file__).resolve().parent.parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "templates"


def emr_configurations(items: list[dict]) -> list[dict]:
    """EMR configurations in the EMR API's JSON shape (Terraform's configurations_json); CloudFormation spells
    Properties as ConfigurationProperties and writes them in its partial."""
    out = []
    for c in items:
        entry: dict[str, Any] = {"Classification": c["classification"]}
        if c["properties"]:
            entry["Properties"] = dict(c["properties"])
        if c["configurations"]:
            entry["Configurations"] = emr_configurations(c["configurations"])
        out.append(entry)
    return out


@jinja2.pass_context
def cfn(ctx, value: Any) -> str:
    """A value as one YAML scalar (a reference as its short-form intrinsic)."""
    return ctx["writer"].inline(value)


@jinja2.pass_context
def cfn_block(ctx, value: Any, indent: int) -> str:
    """A dict or list as block YAML, every line indented by ``indent`` (no newline after the last line)."""
    return ctx["writer"].block(value, indent)[:-1]


@jinja2.pass_context
def hcl(ctx, value: Any, indent: int = 2) -> str:
    """A value as an HCL expression; a dict or list opens on this line and closes at column ``indent``."""
    return ctx["writer"].expr(value, indent)


def present(value: Any) -> bool:
    """An optional property is written unless it is absent: None, an empty list or an empty dict."""
    return value is not None and not (isinstance(value, (list, dict)) and not value)


def regional(value: Any) -> bool:
    """A network id read from the region-keyed mapping (several target regions) rather than a literal."""
    return isinstance(value, RegionValue)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates do not change while emrgen runs: no stat() per include (one per resource)
    )
    env.filters.update(cfn=cfn, cfn_block=cfn_block, hcl=hcl, emr_configurations=emr_configurations)
    env.tests.update(present=present, regional=regional)
    return env


def render(name: str, **context) -> str:
    return environment().get_template(name).render(**context)
