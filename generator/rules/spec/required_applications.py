"""E302: a created cluster runs Spark, Livy and JupyterEnterpriseGateway.

Source: Management Guide, "Run an EMR Studio Workspace with a runtime role" (emr-studio-runtime.html),
Prerequisites: the cluster has Spark, Livy and Jupyter Enterprise Gateway installed.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E302",)
REQUIRED_APPLICATIONS = ("Spark", "Livy", "JupyterEnterpriseGateway")


def check(spec: Spec, r: Report) -> None:
    for cluster in spec.created_clusters:
        missing = [a for a in REQUIRED_APPLICATIONS if a not in cluster.applications]
        if missing:
            r.error(
                cluster.path + ("applications",),
                "E302",
                f"cluster '{cluster.name}' lacks {', '.join(missing)}: Studio Workspaces with runtime roles need "
                "Spark, Livy and JupyterEnterpriseGateway",
            )
