"""E322: a created EMR Studio needs target regions where AWS::EMR::Studio exists.

Source: cfn-lint 1.58.0's per-region resource schemas, the only offline source (AWS::EMR::Studio is missing in
ap-south-2); the list is STUDIO_UNAVAILABLE in spec/regions.py.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.regions import STUDIO_UNAVAILABLE
from ...spec.report import Report

CODES = ("E322",)


def check(spec: Spec, r: Report) -> None:
    if spec.targets is None or spec.studio is None or not spec.studio.created:
        return
    for i, region in enumerate(spec.targets.regions):
        if region in STUDIO_UNAVAILABLE:
            r.error(
                ("targets", "regions", i),
                "E322",
                f"EMR Studio is not available in {region} (AWS::EMR::Studio does not exist there)",
            )
