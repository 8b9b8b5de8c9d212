"""The production settings of an EMR cluster (issue 17) read back from CloudFormation and from Terraform into one
neutral shape, so test_equivalence.py can compare them. Terraform's task capacity and managed scaling are separate
resources (aws_emr_instance_group/fleet, aws_emr_managed_scaling_policy) merged here into their cluster."""

from __future__ import annotations


def _vols_cfn(conf) -> list:
    out = []
    for d in (conf or {}).get("EbsBlockDeviceConfigs", []):
        v = d["VolumeSpecification"]
        out.append((v["SizeInGB"], v["VolumeType"], v.get("Iops"), v.get("Throughput"), d.get("VolumesPerInstance")))
    return out


def _vols_tf(blocks) -> list:
    return [
        (b["size"], b["type"], b.get("iops"), b.get("throughput"), b.get("volumes_per_instance")) for b in blocks or []
    ]


def _group_cfn(g) -> dict:
    spot = g.get("Market") == "SPOT"
    return {
        "type": g["InstanceType"],
        "count": g["InstanceCount"],
        "spot": spot,
        "bid": g.get("BidPrice"),
        "ebs": _vols_cfn(g.get("EbsConfiguration")),
        "name": g.get("Name"),
    }


def _group_tf(g, name=None) -> dict:
    bid = g.get("bid_price")
    return {
        "type": g["instance_type"],
        "count": g["instance_count"],
        "spot": bool(bid),
        "bid": bid,
        "ebs": _vols_tf(g.get("ebs_config")),
        "name": name,
    }


def _fleet_cfn(f) -> dict:
    spec = f.get("LaunchSpecifications", {})
    spot = spec.get("SpotSpecification")
    return {
        "name": f.get("Name"),
        "on_demand": f.get("TargetOnDemandCapacity", 0),
        "spot": f.get("TargetSpotCapacity", 0),
        "types": [
            (t["InstanceType"], t.get("WeightedCapacity"), _vols_cfn(t.get("EbsConfiguration")))
            for t in f["InstanceTypeConfigs"]
        ],
        "on_demand_strategy": spec.get("OnDemandSpecification", {}).get("AllocationStrategy"),
        "spot_spec": (spot["TimeoutDurationMinutes"], spot["TimeoutAction"], spot.get("AllocationStrategy"))
        if spot
        else None,
    }


def _fleet_tf(f) -> dict:
    spec = (f.get("launch_specifications") or [{}])[0]
    spot = (spec.get("spot_specification") or [None])[0]
    od = (spec.get("on_demand_specification") or [{}])[0]
    return {
        "name": f.get("name"),
        "on_demand": f.get("target_on_demand_capacity", 0),
        "spot": f.get("target_spot_capacity", 0),
        "types": [
            (t["instance_type"], t.get("weighted_capacity"), _vols_tf(t.get("ebs_config")))
            for t in f["instance_type_configs"]
        ],
        "on_demand_strategy": od.get("allocation_strategy"),
        "spot_spec": (spot["timeout_duration_minutes"], spot["timeout_action"], spot.get("allocation_strategy"))
        if spot
        else None,
    }


def _configs_cfn(items) -> list:
    out = []
    for c in items or []:
        entry = {"Classification": c["Classification"]}
        if c.get("ConfigurationProperties"):
            entry["Properties"] = c["ConfigurationProperties"]
        if c.get("Configurations"):
            entry["Configurations"] = _configs_cfn(c["Configurations"])
        out.append(entry)
    return out


def cfn_cluster(props: dict) -> dict:
    inst = props["Instances"]
    ms = (props.get("ManagedScalingPolicy") or {}).get("ComputeLimits")
    return {
        "primary": _group_cfn(inst["MasterInstanceGroup"]) if "MasterInstanceGroup" in inst else None,
        "core": _group_cfn(inst["CoreInstanceGroup"]) if "CoreInstanceGroup" in inst else None,
        "task_groups": sorted((_group_cfn(g) for g in inst.get("TaskInstanceGroups", [])), key=repr),
        "primary_fleet": _fleet_cfn(inst["MasterInstanceFleet"]) if "MasterInstanceFleet" in inst else None,
        "core_fleet": _fleet_cfn(inst["CoreInstanceFleet"]) if "CoreInstanceFleet" in inst else None,
        "task_fleets": [_fleet_cfn(f) for f in inst.get("TaskInstanceFleets", [])],
        "subnet": inst.get("Ec2SubnetId"),
        "subnets": inst.get("Ec2SubnetIds"),
        "key_name": inst.get("Ec2KeyName"),
        "extra_primary_sgs": inst.get("AdditionalMasterSecurityGroups", []),
        "extra_core_sgs": inst.get("AdditionalSlaveSecurityGroups", []),
        "configurations": _configs_cfn(props.get("Configurations")),
        "bootstrap": [
            (b["Name"], b["ScriptBootstrapAction"]["Path"], b["ScriptBootstrapAction"].get("Args", []))
            for b in props.get("BootstrapActions", [])
        ],
        "custom_ami": props.get("CustomAmiId"),
        "root_gb": props.get("EbsRootVolumeSize"),
        "steps": props.get("StepConcurrencyLevel"),
        "scaling": None
        if ms is None
        else (
            ms["UnitType"],
            ms["MinimumCapacityUnits"],
            ms["MaximumCapacityUnits"],
            ms.get("MaximumOnDemandCapacityUnits"),
            ms.get("MaximumCoreCapacityUnits"),
        ),
    }


def tf_cluster(args: dict) -> dict:
    ec2 = args["ec2_attributes"][0]
    split = lambda v: v.split(",") if v else []  # noqa: E731 - a comma-separated string in this provider
    mg, cg = args.get("master_instance_group"), args.get("core_instance_group")
    mf, cf = args.get("master_instance_fleet"), args.get("core_instance_fleet")
    return {
        "primary": _group_tf(mg[0]) if mg else None,
        "core": _group_tf(cg[0]) if cg else None,
        "task_groups": [],
        "task_fleets": [],
        "scaling": None,  # filled by merge_extra
        "primary_fleet": _fleet_tf(mf[0]) if mf else None,
        "core_fleet": _fleet_tf(cf[0]) if cf else None,
        "subnet": ec2.get("subnet_id"),
        "subnets": ec2.get("subnet_ids"),
        "key_name": ec2.get("key_name"),
        "extra_primary_sgs": split(ec2.get("additional_master_security_groups")),
        "extra_core_sgs": split(ec2.get("additional_slave_security_groups")),
        "configurations": args.get("configurations_json") or [],
        "bootstrap": [(b["name"], b["path"], b.get("args", [])) for b in args.get("bootstrap_action", [])],
        "custom_ami": args.get("custom_ami_id"),
        "root_gb": args.get("ebs_root_volume_size"),
        "steps": args.get("step_concurrency_level"),
    }


def merge_extra(facts: dict, rtype: str, args: dict) -> bool:
    """Fold a Terraform task group/fleet or managed-scaling policy into its cluster's facts; False if not one."""
    if rtype not in ("aws_emr_instance_group", "aws_emr_instance_fleet", "aws_emr_managed_scaling_policy"):
        return False
    cluster = facts[args["cluster_id"][1]]["production"]
    if rtype == "aws_emr_instance_group":
        cluster["task_groups"] = sorted(cluster["task_groups"] + [_group_tf(args, args.get("name"))], key=repr)
    elif rtype == "aws_emr_instance_fleet":
        cluster["task_fleets"].append(_fleet_tf(args))
    else:
        ms = args["compute_limits"][0]
        cluster["scaling"] = (
            ms["unit_type"],
            ms["minimum_capacity_units"],
            ms["maximum_capacity_units"],
            ms.get("maximum_ondemand_capacity_units"),
            ms.get("maximum_core_capacity_units"),
        )
    return True
