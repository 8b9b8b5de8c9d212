"""E301: a created cluster's release label parses as emr-MAJOR.MINOR.PATCH (numbers as EMR writes them, without
leading zeros: emr-07.05.00 is not a label) and is emr-6.11.0 or later.

Source: Management Guide, "Run an EMR Studio Workspace with a runtime role" (emr-studio-runtime.html),
Prerequisites: the cluster uses Amazon EMR release 6.11.0 or later.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report
from .release_known import release

CODES = ("E301",)
MIN_RELEASE = (6, 11, 0)


def check(spec: Spec, r: Report) -> None:
    for cluster in spec.created_clusters:
        version = release(cluster.release_label)
        if version is None:
            r.error(
                cluster.path + ("release_label",),
                "E301",
                f"release label '{cluster.release_label}' does not parse; expected emr-MAJOR.MINOR.PATCH such as "
                "emr-7.5.0 (numbers without leading zeros)",
            )
        elif version < MIN_RELEASE:
            r.error(
                cluster.path + ("release_label",),
                "E301",
                f"release label '{cluster.release_label}' is older than emr-6.11.0, the first release whose "
                "clusters Studio Workspaces can use with runtime roles",
            )
