"""W131: a created cluster's release label is newer than every EMR release emrgen knows (a typo such as emr-7.50.0,
or a release newer than this emrgen): say which is the newest known. A label that does not parse stays E301.

Source: Amazon EMR Release Guide, "Amazon EMR 7.x release versions" (emr-release-7x.html), which lists
emr-7.13.0 as the newest 7.x release when this was written.
"""

from __future__ import annotations

import re

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("W131",)
NEWEST_KNOWN = (7, 13, 0)


def release(label: str) -> tuple | None:
    m = re.fullmatch(r"emr-(\d+)\.(\d+)\.(\d+)", label)
    return tuple(int(x) for x in m.groups()) if m else None


def check(spec: Spec, r: Report) -> None:
    newest = "emr-" + ".".join(map(str, NEWEST_KNOWN))
    for cluster in spec.created_clusters:
        version = release(cluster.release_label)
        if version is not None and version > NEWEST_KNOWN:
            r.warn(
                cluster.path + ("release_label",),
                "W131",
                f"release label '{cluster.release_label}' is newer than {newest}, the newest release emrgen knows: "
                "check it exists in your region (a typo deploys nothing)",
            )
