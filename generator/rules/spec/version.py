"""E105: only spec version 1 exists.

Source: emrgen's spec contract, SPEC.md §1 (`version: 1`); not an AWS rule.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E105",)


def check(spec: Spec, r: Report) -> None:
    if spec.version != 1:
        r.error(("version",), "E105", f"unsupported spec version {spec.version}; this emrgen reads version 1")
