"""E333: an EBS volume's iops and throughput fit its type, and both formats can express them.

Source: Amazon EBS User Guide, "Amazon EBS volume types": provisioned IOPS apply to io1, io2 and gp3 (and io1/io2
require them); throughput applies to gp3 only. EMR API reference, VolumeSpecification (Iops, Throughput).
Terraform: ebs_config has throughput on aws_emr_cluster's instance groups only, not on aws_emr_instance_group
nor on fleet instance types (hashicorp/aws 6.x schema, generator/check/data/aws_provider_schema.json).
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E333",)


def _volumes(cluster):
    """(volume, whether Terraform can set its throughput)"""
    for group in (cluster.primary, cluster.core):
        for v in group.ebs:
            yield v, True
    for group in cluster.task:
        for v in group.ebs:
            yield v, False
    if cluster.fleets is not None:
        for fleet in (cluster.fleets.primary, cluster.fleets.core, cluster.fleets.task):
            for t in fleet.instance_types if fleet is not None else []:
                for v in t.ebs:
                    yield v, False


def check(spec: Spec, r: Report) -> None:
    for cluster in spec.created_clusters:
        for v, throughput_ok in _volumes(cluster):
            if v.iops is not None and v.type not in ("io1", "io2", "gp3"):
                r.error(v.path + ("iops",), "E333", f"iops applies to io1, io2 and gp3 volumes, not {v.type}", key=True)
            if v.iops is None and v.type in ("io1", "io2"):
                r.error(v.path + ("type",), "E333", f"{v.type} volumes need iops")
            if v.throughput is not None and v.type != "gp3":
                r.error(v.path + ("throughput",), "E333", f"throughput applies to gp3 volumes, not {v.type}", key=True)
            elif v.throughput is not None and not throughput_ok:
                r.error(
                    v.path + ("throughput",),
                    "E333",
                    "throughput can be set on primary and core group volumes only (Terraform's "
                    "aws_emr_instance_group and fleet ebs_config have no throughput)",
                    key=True,
                )
