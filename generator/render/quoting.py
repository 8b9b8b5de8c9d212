"""Quoting: how any string from the spec enters YAML, CloudFormation ``!Sub`` and HCL safely.

Every value that reaches a template goes through one of these; nothing from the spec is ever
compiled as a Jinja template or left for YAML, CloudFormation or Terraform to interpret.
"""

from __future__ import annotations

import re
from functools import lru_cache

YAML_SPECIAL = re.compile(
    r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|"
    r"null|Null|NULL|~|=|<<)$"
)
PLAIN_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_/.:-]*")
HCL_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
HCL_KEYWORDS = {"true", "false", "null", "for", "in", "if", "else", "endif", "endfor"}


def _yaml_printable(code: int) -> bool:
    # YAML 1.1 printable, minus the characters PyYAML treats as line breaks (NEL, LS, PS) and the BOM.
    return (
        0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
    ) and code not in (0x2028, 0x2029, 0xFEFF)


YAML_SHORT = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


SAFE_ASCII = re.compile(r"[ !#-\[\]-~]*")  # printable ASCII without " and \: nothing to escape


def yaml_str(value: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly ``value``."""
    if SAFE_ASCII.fullmatch(value):
        return '"' + value + '"'
    out = []
    for ch in value:
        code = ord(ch)
        if ch in YAML_SHORT:
            out.append(YAML_SHORT[ch])
        elif _yaml_printable(code):
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


@lru_cache(maxsize=4096)  # a pure function of the key; templates write the same few keys again and again
def yaml_key(key: str) -> str:
    if PLAIN_KEY.fullmatch(key) and not YAML_SPECIAL.fullmatch(key) and not key.endswith(":"):
        return key
    return yaml_str(key)


def sub_literal(text: str) -> str:
    """Literal text inside a CloudFormation ``Fn::Sub`` string: ``${`` is written ``${!``."""
    return text.replace("${", "${!")


HCL_SHORT = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def hcl_literal(text: str) -> str:
    """Literal text inside an HCL quoted string: escapes, and no ``${``/``%{`` left to interpolate.

    ``${`` is written ``$${`` (and ``%{`` ``%%{``) where a ``}`` follows, the form Terraform users know.
    Elsewhere, and for a ``$``/``%`` right before another ``$``/``%``, the character is written as the
    interpolation ``${"$"}``: Terraform reads ``$${`` without a ``}`` fine, but python-hcl2 (our
    parse-back) does not, and runs like ``$$${`` read ambiguously.
    """
    if SAFE_ASCII.fullmatch(text) and "$" not in text and "%" not in text:
        return text
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "$%" and text.startswith("{", i + 1):
            closed = "}" in text[i + 2 :]
            out.append(ch * 2 + "{" if closed else '${"' + ch + '"}{')
            i += 2
            continue
        if ch in "$%" and text[i + 1 : i + 2] in ("$", "%"):
            out.append('${"' + ch + '"}')
        elif ch in HCL_SHORT:
            out.append(HCL_SHORT[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or 0x80 <= ord(ch) <= 0x9F or ord(ch) in (0x2028, 0x2029, 0xFEFF):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def hcl_str(value: str) -> str:
    return '"' + hcl_literal(value) + '"'


def hcl_key(key: str) -> str:
    if HCL_IDENT.fullmatch(key) and key not in HCL_KEYWORDS:
        return key
    return hcl_str(key)
