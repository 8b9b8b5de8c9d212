"""W110: with targets, every target region has its own entry under targets.networks, so the top-level network
is used by no region.

Source: emrgen's spec contract, SPEC.md §4 (targets.networks, and network as the fallback for one region);
not an AWS rule.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("W110",)


def check(spec: Spec, r: Report) -> None:
    if spec.targets is None or not spec.creates_network_resources:
        return
    if spec.network_unused:
        r.warn(
            ("network",),
            "W110",
            "network is not used: every target region has its own under targets.networks; remove it",
        )
