"""The HCL expressions emrgen writes, read for comparison with CloudFormation: generator/check/tfread.py's reader
(the one `emrgen lint` uses), with references kept as ``{"$ref": address}`` and strings that interpolate as
``{"$template": [text, {"$interp": address}, ...]}`` instead of resolved."""

from __future__ import annotations

from generator.check.tfread import Expr


def keep_parts(parts: list):
    if len(parts) == 1 and isinstance(parts[0], str):
        return parts[0]
    return {"$template": [p if isinstance(p, str) else {"$interp": p["$ref"]} for p in parts]}


def read(text: str):
    reader = Expr(text, lambda address: {"$ref": address}, keep_parts)
    value = reader.value()
    if reader.peek():
        reader.fail("trailing text")
    return value
