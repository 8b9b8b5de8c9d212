"""Format-neutral references. The plan uses these inside property values and policy
documents; each renderer turns them into its own syntax (``!GetAtt``/``${AWS::Partition}``
or ``aws_iam_role.x.arn``/``${data.aws_partition.current.partition}``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ref:
    """An attribute of a resource emrgen creates: ``arn``, ``name``, ``id`` or ``url``."""

    key: str
    attr: str


@dataclass(frozen=True)
class Pseudo:
    """The deploying partition, account or region."""

    name: str  # partition | account | region


PARTITION = Pseudo("partition")
ACCOUNT = Pseudo("account")
REGION = Pseudo("region")

Part = str | Ref | Pseudo

# Services whose principal ends in .amazonaws.com.cn in aws-cn and in .amazonaws.com everywhere else: of the three
# terraform-provider-aws names (servicePrincipalNameForPartition: codedeploy, elasticmapreduce, logs) emrgen uses EMR.
# EC2's stays ec2.amazonaws.com in aws-cn (AWS CLI create-default-roles EC2_SERVICE_PRINCIPAL; docs/aws-rules.md).
CHINA_SUFFIXED = ("elasticmapreduce",)
CHINA = "aws-cn"


def service_principal_in(partition: str, service: str) -> str:
    """SERVICE's principal in PARTITION (a partition's name)."""
    china = partition == CHINA and service in CHINA_SUFFIXED
    return f"{service}.amazonaws.com.cn" if china else f"{service}.amazonaws.com"


@dataclass(frozen=True)
class ServicePrincipal:
    """The principal of a service whose name differs per partition, in the deploying partition (no partition pinned):
    CloudFormation ``!If [InAwsChina, ...]``, Terraform ``data.aws_service_principal.SERVICE.name``."""

    service: str

    def resolved(self, partition: str) -> str:
        return service_principal_in(partition, self.service)


@dataclass(frozen=True)
class Join:
    """A string assembled from literal text and references, e.g. an ARN."""

    parts: tuple[Part, ...]


@dataclass(frozen=True)
class RegionValue:
    """A network id that differs per region, read from the member template's own region-keyed mapping
    (several target regions, one template): ``vpc_id``, ``subnet_ids``, or one subnet (``index``)."""

    field: str  # vpc_id | subnet_ids
    index: int | None = None


@dataclass(frozen=True)
class Input:
    """A value an account-wide template creates and a regional one uses (several regions, scopes.py): its
    static text in CloudFormation (the StackSets order the two), a variable of the member module in Terraform
    (the root passes the account module's output, so only what uses the value waits for it)."""

    name: str  # the member module's variable, and the account module's output of the same name
    static: str


def join(*parts: Part | Join) -> str | Ref | Pseudo | Join:
    """Join parts (a part may itself be a Join), merging adjacent literals; without references, a plain string."""
    merged: list[Part] = []
    for part in parts:
        for piece in part.parts if isinstance(part, Join) else (part,):
            if isinstance(piece, str):
                if not piece:
                    continue
                if merged and isinstance(merged[-1], str):
                    merged[-1] = merged[-1] + piece
                    continue
            merged.append(piece)
    if not merged:
        return ""
    if len(merged) == 1:
        return merged[0]
    return Join(tuple(merged))


def ref_attrs(value, out: set | None = None) -> set[tuple[str, str]]:
    """(key, attribute) of every reference inside a value: what nested stacks pass between parts."""
    out = set() if out is None else out
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return out  # most values: nothing inside
    if kind is dict:
        for v in value.values():
            ref_attrs(v, out)
        return out
    if kind is list:
        for v in value:
            ref_attrs(v, out)
        return out
    if isinstance(value, Ref):
        out.add((value.key, value.attr))
    elif isinstance(value, Join):
        for part in value.parts:
            ref_attrs(part, out)
    elif isinstance(value, dict):
        for v in value.values():
            ref_attrs(v, out)
    elif isinstance(value, (list, tuple)):
        for v in value:
            ref_attrs(v, out)
    return out


def walk_refs(value) -> set[str]:
    """Keys of every resource a value refers to (to order resources and find dependencies)."""
    return {key for key, _ in ref_attrs(value)}


def needs(value, out: set | None = None) -> set[str]:
    """What a value asks of the template around it: the pseudo values it names (``partition``, ``account``,
    ``region``), ``network`` when it reads the region-keyed network ids (RegionValue) and ``service:SERVICE``
    when a service's principal depends on the partition (ServicePrincipal)."""
    out = set() if out is None else out
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return out  # most values: nothing inside (walked like ref_attrs, for the same reason)
    if kind is dict:
        for v in value.values():
            needs(v, out)
    elif kind is list:
        for v in value:
            needs(v, out)
    elif isinstance(value, Pseudo):
        out.add(value.name)
    elif isinstance(value, RegionValue):
        out.add("network")
    elif isinstance(value, ServicePrincipal):
        out.add(f"service:{value.service}")
    elif isinstance(value, Join):
        for part in value.parts:
            needs(part, out)
    elif isinstance(value, dict):
        for v in value.values():
            needs(v, out)
    elif isinstance(value, (list, tuple)):
        for v in value:
            needs(v, out)
    return out
