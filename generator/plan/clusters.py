"""A created cluster's production settings (issue 17, SPEC.md §5 "Production clusters"), as format-free data:
instance groups or fleets with EBS volumes and Spot, task capacity, managed scaling, configurations (with the Glue
Data Catalog settings), bootstrap actions, and the instance-profile statements they need.

Sources (notes/aws-facts.md section I): EMR API reference (InstanceGroupConfig, InstanceFleetConfig,
InstanceTypeConfig, SpotProvisioningSpecification, OnDemandProvisioningSpecification, ComputeLimits,
Configuration, BootstrapActionConfig); ReleaseGuide "Use the AWS Glue Data Catalog as the metastore" for Spark
(emr-spark-glue.html) and Hive (emr-hive-metastore-glue.html).

Where the two formats put things: CloudFormation keeps task capacity (TaskInstanceGroups / TaskInstanceFleets,
which AWS recommends over AWS::EMR::InstanceFleetConfig) and ManagedScalingPolicy inside AWS::EMR::Cluster;
hashicorp/aws has no such arguments on aws_emr_cluster, so Terraform writes aws_emr_instance_group,
aws_emr_instance_fleet and aws_emr_managed_scaling_policy as extras of the cluster (render/terraform.py), as it
writes aws_iam_role_policy for a role's inline policies.
"""

from __future__ import annotations

from ..spec.model import Cluster, Spec
from .policies import Env, split_s3

# [Glue] emr-spark-glue.html / Deltacluster-spark-glue.html: the Hive client factory that makes the Glue Data
# Catalog the metastore; Spark reads it from spark-hive-site, Hive from hive-site.
GLUE_FACTORY = (
    "hive.metastore.client.factory.class",
    "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory",
)
# [API] BidPrice: "Specify OnDemandPrice to set the amount equal to the On-Demand price" (InstanceGroupConfig).
ON_DEMAND_PRICE = "OnDemandPrice"


def volumes(ebs) -> list[dict]:
    return [
        {
            "size_gb": v.size_gb,
            "type": v.type,
            "iops": v.iops,
            "throughput": v.throughput,
            "per_instance": v.per_instance,
        }
        for v in ebs
    ]


def group(g, role: str, name: str | None = None) -> dict:
    spot = g.market == "SPOT"
    return {
        "name": name or role,
        "role": role,
        "instance_type": g.instance_type,
        "count": g.count,
        "market": g.market,
        "bid_price": ON_DEMAND_PRICE if spot else None,
        "ebs": volumes(g.ebs),
    }


def fleet(f, name: str) -> dict | None:
    if f is None:
        return None
    return {
        "name": name,
        "on_demand": f.on_demand,
        "spot": f.spot,
        "instance_types": [{"type": t.type, "weight": t.weight, "ebs": volumes(t.ebs)} for t in f.instance_types],
        # OnDemandProvisioningSpecification requires AllocationStrategy; "lowest-price" is EMR's default.
        "on_demand_spec": {"allocation_strategy": "lowest-price"} if f.on_demand else None,
        "spot_spec": {
            "timeout_minutes": f.spot_timeout_minutes,
            "timeout_action": f.spot_timeout_action,
            "allocation_strategy": f.allocation_strategy,
        }
        if f.spot
        else None,
    }


def configurations(cluster: Cluster) -> list[dict]:
    """The cluster's configurations; glue_catalog: true adds the metastore factory to spark-hive-site (and to
    hive-site with Hive), under any properties the spec gives the same classification."""
    out = [
        {
            "classification": c.classification,
            "properties": dict(c.properties),
            "configurations": [
                {"classification": n.classification, "properties": dict(n.properties), "configurations": []}
                for n in c.configurations
            ],
        }
        for c in cluster.configurations
    ]
    if cluster.glue_catalog:
        wanted = ["spark-hive-site"] + (["hive-site"] if "Hive" in cluster.applications else [])
        for classification in wanted:
            found = next((c for c in out if c["classification"] == classification), None)
            if found is None:
                out.append({"classification": classification, "properties": {}, "configurations": []})
                found = out[-1]
            found["properties"] = {GLUE_FACTORY[0]: GLUE_FACTORY[1], **found["properties"]}
    return out


def managed_scaling(cluster: Cluster) -> dict | None:
    ms = cluster.managed_scaling
    if ms is None:
        return None
    return {
        "unit_type": ms.unit_type,
        "min_units": ms.min_units,
        "max_units": ms.max_units,
        "max_on_demand_units": ms.max_on_demand_units,
        "max_core_units": ms.max_core_units,
    }


def production_props(cluster: Cluster, default_subnet, network_subnets) -> dict:
    """The plan properties of a created cluster beyond SPEC.md §1 (core.py adds them to the cluster resource)."""
    fleets = cluster.fleets
    sgs = cluster.additional_security_groups
    return {
        "primary": group(cluster.primary, "MASTER", "Primary") if fleets is None else None,
        "core": group(cluster.core, "CORE", "Core") if fleets is None else None,
        "task_groups": [group(t, "TASK", t.name) for t in cluster.task] if fleets is None else [],
        "fleets": None
        if fleets is None
        else {"primary": fleet(fleets.primary, "Primary"), "core": fleet(fleets.core, "Core")},
        # Apart from the primary and core fleets: Terraform changes an aws_emr_instance_fleet in place, and
        # CloudFormation's TaskInstanceFleets are not create-only; plan/kinds.py lists "fleets" as create-only.
        "task_fleet": fleet(fleets.task, "Task") if fleets is not None else None,
        "subnet_id": (cluster.subnet_id or default_subnet) if fleets is None else None,
        # Fleets: EMR picks the best of several subnets; by default all of the network's.
        "subnet_ids": (list(cluster.subnet_ids) if cluster.subnet_ids else network_subnets) if fleets else None,
        "managed_scaling": managed_scaling(cluster),
        "configurations": configurations(cluster),
        "bootstrap_actions": [
            {"name": b.name, "path": b.path_, "args": list(b.args)} for b in cluster.bootstrap_actions
        ],
        "custom_ami_id": cluster.custom_ami_id,
        "ebs_root_volume_size": cluster.ebs_root_volume_size_gb,
        "key_name": cluster.key_name,
        "additional_primary_security_groups": list(sgs.primary) if sgs else [],
        "additional_core_security_groups": list(sgs.core) if sgs else [],
        "step_concurrency": cluster.step_concurrency,
    }


def instance_profile_statements(env: Env, spec: Spec, cluster: Cluster) -> list[dict]:
    """What the nodes themselves (the instance profile, not a runtime role) read for this cluster's settings."""
    out: list[dict] = []
    if cluster.bootstrap_actions:
        # The nodes download each bootstrap script with the instance profile: exactly those objects.
        paths = list(dict.fromkeys(b.path_ for b in cluster.bootstrap_actions))
        scripts = [env.s3_arn("/".join(split_s3(path))) for path in paths]
        out.append({"Sid": "ReadBootstrapScripts", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": scripts})
    return out


def with_statements(document: dict, statements: list[dict]) -> dict:
    return {**document, "Statement": [*document["Statement"], *statements]}
