"""E303: a created cluster names only applications EMR knows (names are case-sensitive).

Source: Amazon EMR Release Guide, "Applications": the application names EMR on EC2 accepts in RunJobFlow.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report
from ..suggest import hint

CODES = ("E303",)
KNOWN_APPLICATIONS = frozenset(
    {
        "CloudWatchAgent",
        "Delta",
        "Flink",
        "Ganglia",
        "HBase",
        "HCatalog",
        "Hadoop",
        "Hive",
        "Hudi",
        "Hue",
        "Iceberg",
        "JupyterEnterpriseGateway",
        "JupyterHub",
        "Livy",
        "MXNet",
        "Mahout",
        "Oozie",
        "Phoenix",
        "Pig",
        "Presto",
        "Spark",
        "Sqoop",
        "TensorFlow",
        "Tez",
        "Trino",
        "Zeppelin",
        "ZooKeeper",
    }
)


def check(spec: Spec, r: Report) -> None:
    for cluster in spec.created_clusters:
        for i, app in enumerate(cluster.applications):
            if app not in KNOWN_APPLICATIONS:
                r.error(
                    cluster.path + ("applications", i),
                    "E303",
                    f"unknown application '{app}'{hint(app, sorted(KNOWN_APPLICATIONS))}",
                )
