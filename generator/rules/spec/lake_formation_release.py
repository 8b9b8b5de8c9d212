"""W130: Lake Formation is on and a created cluster's release is older than emr-6.15.0, the first release with
Lake Formation fine-grained access control (table, row, column and cell level) on EMR on EC2.

Source: Management Guide, "Enable Lake Formation with Amazon EMR" (emr-lf-enable.html): 6.15.0 for "table, row,
column, and cell level permissions on Hudi, Iceberg, or Delta Lake based tables"; older "Considerations and
limitations" (emr-lf-limitations.html): fine-grained access 6.15 and higher (aws-facts.md G; DOMAIN fact check 5).
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report
from .release_known import release

CODES = ("W130",)
LAKE_FORMATION_FGAC = (6, 15, 0)


def check(spec: Spec, r: Report) -> None:
    sc = spec.security_configuration
    if not sc.lake_formation or sc.existing:
        return
    for cluster in spec.created_clusters:
        version = release(cluster.release_label)
        if version is not None and version < LAKE_FORMATION_FGAC:
            r.warn(
                cluster.path + ("release_label",),
                "W130",
                f"lake_formation is on but cluster '{cluster.name}' runs {cluster.release_label}: Lake Formation "
                "fine-grained access control on EMR on EC2 needs emr-6.15.0 or later",
            )
