"""The production settings of a created cluster, the Glue access of a runtime role and at-rest encryption
(issue 17, SPEC.md §5): records of the spec's shape like those in ``model.py`` (which uses them), kept apart so
each module stays small. EMR API reference (JobFlowInstancesConfig, InstanceGroupConfig, InstanceFleetConfig,
EbsBlockDeviceConfig, ComputeLimits, Configuration, BootstrapActionConfig); notes/aws-facts.md section I.
"""

from __future__ import annotations

from .definition import LABEL, S3
from .records import key, record, schema_of
from .schema import Bool, Int, List, Map, Str

INSTANCE_TYPE = Str(pattern=r"[a-z][a-z0-9-]*\.[a-z0-9]+", hint="an EC2 instance type such as m5.xlarge")
MARKET = Str(choices=("ON_DEMAND", "SPOT"))
KMS_KEY_ARN = Str(
    pattern=r"arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+",
    hint="a KMS key ARN such as arn:aws:kms:us-east-1:111122223333:key/1234abcd-...",
)
GLUE_DATABASE = Str(pattern=r"[a-z0-9_-]{1,255}|\*", hint='a Glue database name (lower case) or "*"')


@record
class EbsVolume:
    size_gb: int = key(Int(1, 16384), required=True, doc="VolumeSpecification.SizeInGB")
    type: str = key(Str(choices=("gp3", "gp2", "io1", "io2", "st1", "sc1", "standard")), default="gp3")
    iops: int | None = key(Int(100, 256000), doc="io1/io2/gp3 only")
    throughput: int | None = key(Int(125, 1000), doc="gp3 only, MiB/s")
    per_instance: int = key(Int(1, 25), default=1, doc="VolumesPerInstance")
    path: tuple = ()


@record
class InstanceGroup:
    instance_type: str = key(INSTANCE_TYPE, default="m5.xlarge")
    count: int = key(Int(1, 500), default=1)
    ebs: list[EbsVolume] = key(List(schema_of(EbsVolume)), default=[])
    market: str = key(MARKET, default="ON_DEMAND", doc="SPOT: Spot Instances at up to the On-Demand price")
    path: tuple = ()


@record
class TaskGroup:
    name: str = key(LABEL, required=True)
    instance_type: str = key(INSTANCE_TYPE, default="m5.xlarge")
    count: int = key(Int(0, 500), default=1)
    ebs: list[EbsVolume] = key(List(schema_of(EbsVolume)), default=[])
    market: str = key(MARKET, default="ON_DEMAND")
    path: tuple = ()


@record
class FleetInstanceType:
    type: str = key(INSTANCE_TYPE, required=True)
    weight: int = key(Int(1, 1000), default=1, doc="WeightedCapacity (1 for the primary fleet)")
    ebs: list[EbsVolume] = key(List(schema_of(EbsVolume)), default=[])
    path: tuple = ()


@record
class Fleet:
    instance_types: list[FleetInstanceType] = key(List(schema_of(FleetInstanceType), 1, 30), required=True)
    on_demand: int = key(Int(0, 10000), default=0, doc="TargetOnDemandCapacity")
    spot: int = key(Int(0, 10000), default=0, doc="TargetSpotCapacity")
    spot_timeout_minutes: int | None = key(Int(5, 1440), doc="SpotSpecification.TimeoutDurationMinutes")
    spot_timeout_action: str | None = key(Str(choices=("SWITCH_TO_ON_DEMAND", "TERMINATE_CLUSTER")))
    allocation_strategy: str = key(
        Str(
            choices=(
                "price-capacity-optimized",
                "capacity-optimized",
                "lowest-price",
                "diversified",
                "capacity-optimized-prioritized",
            )
        ),
        default="price-capacity-optimized",
        doc="the Spot allocation strategy",
    )
    path: tuple = ()


@record
class Fleets:
    primary: Fleet = key(Fleet, required=True)
    core: Fleet = key(Fleet, required=True)
    task: Fleet | None = key(Fleet)
    path: tuple = ()


@record
class ManagedScaling:
    unit_type: str = key(Str(choices=("Instances", "InstanceFleetUnits", "VCPU")), required=True)
    min_units: int = key(Int(1, 100000), required=True)
    max_units: int = key(Int(1, 100000), required=True)
    max_on_demand_units: int | None = key(Int(0, 100000))
    max_core_units: int | None = key(Int(1, 100000))
    path: tuple = ()


# AWS's configuration examples write "Properties": {} on a classification that only nests others (spark-env).
NO_PROPERTIES = "no properties (a classification that only carries nested configurations)"


@record
class NestedConfiguration:
    classification: str = key(Str(pattern=r"[A-Za-z0-9._-]{1,128}"), required=True)
    properties: dict[str, str] = key(
        Map(key=Str(min_len=1, max_len=1024), value=Str(max_len=10240)), default={}, empty=NO_PROPERTIES
    )
    path: tuple = ()


@record
class Configuration:
    classification: str = key(Str(pattern=r"[A-Za-z0-9._-]{1,128}"), required=True)
    properties: dict[str, str] = key(
        Map(key=Str(min_len=1, max_len=1024), value=Str(max_len=10240)), default={}, empty=NO_PROPERTIES
    )
    configurations: list[NestedConfiguration] = key(
        List(schema_of(NestedConfiguration)), default=[], doc="one level of nesting (e.g. spark-env -> export)"
    )
    path: tuple = ()


@record
class BootstrapAction:
    name: str = key(Str(min_len=1, max_len=256), required=True)
    path_: str = key(S3, required=True, name="path", doc="the script, an s3:// URI")
    args: list[str] = key(List(Str(max_len=10240)), default=[], empty="no arguments")
    path: tuple = ()


@record
class AdditionalSecurityGroups:
    primary: list[str] = key(
        List(Str(pattern=r"sg-[0-9a-f]{8,17}", hint="a security group id"), max_items=4, unique=True), default=[]
    )
    core: list[str] = key(
        List(Str(pattern=r"sg-[0-9a-f]{8,17}", hint="a security group id"), max_items=4, unique=True), default=[]
    )


@record
class GlueAccess:
    read: list[str] = key(List(GLUE_DATABASE, unique=True), default=[], doc='database names, or "*" for every one')
    write: list[str] = key(
        List(Str(pattern=r"[a-z0-9_-]{1,255}", hint="a Glue database name (lower case)"), unique=True), default=[]
    )
    path: tuple = ()


@record
class S3Encryption:
    mode: str = key(Str(choices=("SSE-S3", "SSE-KMS", "CSE-KMS")), required=True)
    kms_key_arn: str | None = key(KMS_KEY_ARN, doc="SSE-KMS and CSE-KMS: the key (a full ARN)")
    path: tuple = ("security_configuration", "at_rest_encryption", "s3")


@record
class LocalDiskEncryption:
    kms_key_arn: str = key(KMS_KEY_ARN, required=True)
    ebs: bool = key(Bool(), default=False, doc="also encrypt the EBS volumes (EnableEbsEncryption)")
    path: tuple = ("security_configuration", "at_rest_encryption", "local_disk")


@record
class AtRest:
    s3: S3Encryption | None = key(S3Encryption)
    local_disk: LocalDiskEncryption | None = key(LocalDiskEncryption)
    path: tuple = ("security_configuration", "at_rest_encryption")
