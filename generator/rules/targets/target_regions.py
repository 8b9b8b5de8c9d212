"""E320: with targets, the region comes from targets.regions (region is not pinned), and those regions lie in
one partition, the spec's.

Source: CloudFormation User Guide, "StackSets concepts" (a stack instance per account and region; a StackSet
and an Organization live in one partition); the partition of each region is in spec/regions.py.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.regions import partition_of
from ...spec.report import Report

CODES = ("E320",)


def check(spec: Spec, r: Report) -> None:
    if spec.targets is None:
        return
    if spec.region:
        r.error(
            ("region",),
            "E320",
            "a spec with targets must not pin region: each stack instance deploys into one of targets.regions",
            key=True,
        )
    partitions = sorted({partition_of(x) for x in spec.targets.regions})
    if len(partitions) > 1:
        r.error(
            ("targets", "regions"),
            "E320",
            f"targets.regions span partitions {', '.join(partitions)}: "
            "a StackSet and an Organization live in one partition",
        )
    elif spec.partition and partitions and partitions[0] != spec.partition:
        r.error(
            ("targets", "regions"), "E320", f"targets.regions are in partition {partitions[0]}, not {spec.partition}"
        )
