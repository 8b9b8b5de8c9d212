"""CloudFormation and Terraform say the same thing: same roles, same trust and permission policies,
same managed policies and attachments, after references are normalized to plan keys."""

from __future__ import annotations

import re

import hcl2
import pytest

from generator.plan import build_plan, scopes
from generator.plan.kinds import GETATT, TF_TYPES
from generator.rules.validate import read_spec

from ..cfndecode import decode
from ..conftest import SPECS
from ..hclexpr import read
from . import cluster_facts

CFN_PSEUDO = {"AWS::Partition": "partition", "AWS::AccountId": "account", "AWS::Region": "region"}
TF_PSEUDO = {
    "data.aws_partition.current.partition": "partition",
    "data.aws_caller_identity.current.account_id": "account",
    "data.aws_region.current.id": "region",
}
DEFAULT_REF_ATTR = {
    "role": "name",
    "managed_policy": "arn",
    "instance_profile": "name",
    "security_configuration": "name",
    "cluster": "id",
    "studio": "id",
    "security_group": "id",
    "session_mapping": "id",
}


def joined(parts: list):
    merged: list = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    if len(merged) == 1:
        return merged[0]
    return ("join", tuple(merged)) if merged else ""


# Terraform's data.aws_service_principal names (terraform-provider-aws servicePrincipalNameForPartition): in aws-cn
# these services end in .amazonaws.com.cn, every other name and partition in .amazonaws.com.
CHINA_SUFFIXED_BY_PROVIDER = ("codedeploy", "elasticmapreduce", "logs")


def service_principal(choice: tuple):
    """A CloudFormation Fn::If that picks what data.aws_service_principal.S.name gives, as ("service", S)."""
    _, left, right, yes, no = choice
    service = no[: -len(".amazonaws.com")] if isinstance(no, str) and no.endswith(".amazonaws.com") else None
    same = (left, right, yes) == (("pseudo", "partition"), "aws-cn", f"{service}.amazonaws.com.cn")
    return ("service", service) if same and service in CHINA_SUFFIXED_BY_PROVIDER else choice


class Normalizer:
    def __init__(self, plan):
        # Several regions: the member module takes account-wide names as variables, CloudFormation as text.
        members = scopes.members(plan)
        self.inputs = (
            {f"var.{i.name}": i.static for i in members[scopes.REGIONAL].inputs} if scopes.REGIONAL in members else {}
        )
        self.by_cfn = {r.cfn_id: r for r in plan.resources}
        self.by_tf = {f"{TF_TYPES[r.kind]}.{r.tf_name}": r for r in plan.resources if r.kind in TF_TYPES}
        self.by_tf.update(
            {
                f"aws_vpc_security_group_{r.props['direction']}_rule.{r.tf_name}": r
                for r in plan.resources
                if r.kind == "sg_rule"
            }
        )
        self.getatt = {(kind, cfn_attr): attr for (kind, attr), cfn_attr in GETATT.items()}
        self.conditions: dict = {}  # the CloudFormation template's, while it is read

    def cfn_ref(self, name: str, attr: str | None = None):
        if name in CFN_PSEUDO:
            return ("pseudo", CFN_PSEUDO[name])
        res = self.by_cfn[name]
        return ("ref", res.key, self.getatt[(res.kind, attr)] if attr else DEFAULT_REF_ATTR[res.kind])

    def cfn(self, value):
        if isinstance(value, dict):
            if set(value) == {"Ref"}:
                return self.cfn_ref(value["Ref"])
            if set(value) == {"Fn::GetAtt"}:
                return self.cfn_ref(*value["Fn::GetAtt"])
            if set(value) == {"Fn::FindInMap"}:  # several regions: ["Network", {"Ref": "AWS::Region"}, "VpcId"]
                mapping, region, key = value["Fn::FindInMap"]
                assert mapping == "Network" and region == {"Ref": "AWS::Region"}, value
                return ("network", {"VpcId": "vpc_id", "SubnetIds": "subnet_ids"}[key], None)
            if set(value) == {"Fn::Select"}:
                index, (_, field, _) = value["Fn::Select"][0], self.cfn(value["Fn::Select"][1])
                return ("network", field, index)
            if set(value) == {"Fn::If"}:  # read through the template's own Conditions, as CloudFormation does
                condition, yes, no = value["Fn::If"]
                left, right = self.conditions[condition]["Fn::Equals"]
                return service_principal(("if", self.cfn(left), self.cfn(right), self.cfn(yes), self.cfn(no)))
            if set(value) == {"Fn::Join"}:
                return joined([self.cfn(p) for p in value["Fn::Join"][1]])
            if set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], list):
                return value["Fn::Sub"][1]["Text"]  # ["${Text}", {"Text": literal}]: a literal holding ${
            if set(value) == {"Fn::Sub"}:
                parts = []
                for piece in re.split(r"(\$\{[^}]*\})", value["Fn::Sub"]):
                    if piece.startswith("${!"):
                        parts.append("${" + piece[3:])
                    elif piece.startswith("${"):
                        name, _, attr = piece[2:-1].partition(".")
                        parts.append(self.cfn_ref(name, attr or None))
                    else:
                        parts.append(piece)
                return joined(parts)
            return {k: self.cfn(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.cfn(v) for v in value]
        return value

    def tf_ref(self, address: str):
        if address in TF_PSEUDO:
            return ("pseudo", TF_PSEUDO[address])
        service = re.fullmatch(r"data\.aws_service_principal\.(\w+)\.name", address)
        if service:
            return ("service", service[1])
        if address in self.inputs:
            return self.inputs[address]
        network = re.fullmatch(r"local\.network\.(\w+)(?:\[(\d+)\])?", address)
        if network:
            return ("network", network[1], int(network[2]) if network[2] else None)
        base, _, attr = address.rpartition(".")
        return ("ref", self.by_tf[base].key, attr)

    def tf(self, value):
        if isinstance(value, dict):
            if set(value) == {"$ref"}:
                return self.tf_ref(value["$ref"])
            if set(value) == {"$if"}:
                left, right, yes, no = (self.tf(v) for v in value["$if"])
                return ("if", left, right, yes, no)
            if set(value) == {"$template"}:
                return joined([p if isinstance(p, str) else self.tf_ref(p["$interp"]) for p in value["$template"]])
            return {k: self.tf(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.tf(v) for v in value]
        return value


def tf_value(raw):
    """python-hcl2 keeps quotes and ${...} wrappers on strings; read them with our own expression reader."""
    if isinstance(raw, str):
        if raw.startswith("${") and raw.endswith("}"):
            return read(raw[2:-1])
        return read(raw)
    if isinstance(raw, list):
        return [tf_value(v) for v in raw]
    if isinstance(raw, dict):
        return {(read(k) if k.startswith('"') else k): tf_value(v) for k, v in raw.items() if not k.startswith("__")}
    return raw


def cfn_facts(template: dict, norm: Normalizer) -> dict:
    facts: dict = {}
    for logical_id, res in template["Resources"].items():
        key = norm.by_cfn[logical_id].key
        props = norm.cfn(res["Properties"])
        kind = res["Type"]
        if kind == "AWS::IAM::Role":
            facts[key] = {
                "name": props["RoleName"],
                "trust": props["AssumeRolePolicyDocument"],
                "inline": {p["PolicyName"]: p["PolicyDocument"] for p in props.get("Policies", [])},
                "managed": sorted(map(repr, props.get("ManagedPolicyArns", []))),
                "tags": props.get("Tags", []),
            }
        elif kind == "AWS::IAM::ManagedPolicy":
            facts[key] = {
                "name": props["ManagedPolicyName"],
                "document": props["PolicyDocument"],
                "attach": sorted(repr(p) for k in ("Roles", "Users", "Groups") for p in props.get(k, [])),
            }
        elif kind == "AWS::IAM::InstanceProfile":
            facts[key] = {"name": props["InstanceProfileName"], "role": props["Roles"]}
        elif kind == "AWS::EMR::SecurityConfiguration":
            facts[key] = {"name": props["Name"], "configuration": props["SecurityConfiguration"]}
        elif kind == "AWS::EMR::Cluster":
            facts[key] = {
                "name": props["Name"],
                "release": props["ReleaseLabel"],
                "applications": [a["Name"] for a in props["Applications"]],
                "security_configuration": props["SecurityConfiguration"],
                "tags": props.get("Tags", []),
                "service_role": props["ServiceRole"],
                "instance_profile": props["JobFlowRole"],
                "production": cluster_facts.cfn_cluster(props),  # groups/fleets, subnets (issue 17)
                "visible": props["VisibleToAllUsers"],
                "log_uri": props.get("LogUri"),
                "idle": props.get("AutoTerminationPolicy", {}).get("IdleTimeout"),
            }
        elif kind == "AWS::EMR::Studio":
            facts[key] = {
                "name": props["Name"],
                "auth_mode": props["AuthMode"],
                "user_role": props.get("UserRole"),
                "service_role": props["ServiceRole"],
                "subnets": props["SubnetIds"],
                "vpc": props["VpcId"],
                "workspace_sg": props["WorkspaceSecurityGroupId"],
                "engine_sg": props["EngineSecurityGroupId"],
                "location": props["DefaultS3Location"],
                "description": props.get("Description"),
                "tags": props.get("Tags", []),
            }
        elif kind == "AWS::EC2::SecurityGroup":
            facts[key] = {
                "name": props["GroupName"],
                "vpc": props["VpcId"],
                "tags": props.get("Tags", []),
                "egress": sorted(
                    repr((e["IpProtocol"], e.get("FromPort"), e.get("ToPort"), e["CidrIp"], e.get("Description")))
                    for e in props.get("SecurityGroupEgress", [])
                ),
            }
        elif kind in ("AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress"):
            facts[key] = {
                "group": props["GroupId"],
                "port": (props["FromPort"], props["ToPort"]),
                "peer": props.get("SourceSecurityGroupId") or props.get("DestinationSecurityGroupId"),
                "description": props["Description"],
            }
        elif kind == "AWS::EMR::StudioSessionMapping":
            facts[key] = {
                "studio": props["StudioId"],
                "name": props["IdentityName"],
                "type": props["IdentityType"],
                "policy": props["SessionPolicyArn"],
            }
        else:
            raise AssertionError(f"resource type {kind} is not compared")
    outputs = {k: (v["Description"], norm.cfn(v["Value"])) for k, v in template.get("Outputs", {}).items()}
    return {"resources": facts, "outputs": sorted(outputs.values(), key=repr)}


def tf_blocks(files: dict[str, str], kind: str) -> list:
    out = []
    for _rel, text in sorted(files.items()):
        for block in hcl2.loads(text).get(kind, []):
            out.append(block)
    return out


def tf_facts(files: dict[str, str], norm: Normalizer) -> dict:
    facts: dict = {}
    later: list = []
    for block in tf_blocks(files, "resource"):
        for rtype, named in block.items():
            rtype = rtype.strip('"')
            for name, body in named.items():
                address = f"{rtype}.{name.strip(chr(34))}"
                args = {
                    k: norm.tf(tf_value(v)) for k, v in body.items() if not k.startswith("__") and k != "depends_on"
                }
                res = norm.by_tf.get(address)
                tags = [{"Key": k, "Value": v} for k, v in args.get("tags", {}).items()]
                if rtype == "aws_iam_role":
                    facts[res.key] = {
                        "name": args["name"],
                        "trust": args["assume_role_policy"],
                        "inline": {},
                        "managed": [],
                        "tags": tags,
                    }
                elif rtype == "aws_iam_policy":
                    facts[res.key] = {"name": args["name"], "document": args["policy"], "attach": []}
                elif rtype == "aws_iam_instance_profile":
                    facts[res.key] = {"name": args["name"], "role": [args["role"]]}
                elif rtype == "aws_emr_security_configuration":
                    facts[res.key] = {"name": args["name"], "configuration": args["configuration"]}
                elif rtype == "aws_emr_cluster":
                    ec2 = args["ec2_attributes"][0]
                    facts[res.key] = {
                        "name": args["name"],
                        "release": args["release_label"],
                        "applications": args["applications"],
                        "security_configuration": args["security_configuration"],
                        "tags": tags,
                        "service_role": args["service_role"],
                        "instance_profile": ec2["instance_profile"],
                        "production": cluster_facts.tf_cluster(args),
                        "visible": args["visible_to_all_users"],
                        "log_uri": args.get("log_uri"),
                        "idle": (args.get("auto_termination_policy") or [{}])[0].get("idle_timeout"),
                    }
                elif rtype == "aws_emr_studio":
                    facts[res.key] = {
                        "name": args["name"],
                        "auth_mode": args["auth_mode"],
                        "user_role": args.get("user_role"),
                        "service_role": args["service_role"],
                        "subnets": args["subnet_ids"],
                        "vpc": args["vpc_id"],
                        "workspace_sg": args["workspace_security_group_id"],
                        "engine_sg": args["engine_security_group_id"],
                        "location": args["default_s3_location"],
                        "description": args.get("description"),
                        "tags": tags,
                    }
                elif rtype == "aws_security_group":
                    facts[res.key] = {"name": args["name"], "vpc": args["vpc_id"], "tags": tags, "egress": []}
                elif rtype == "aws_emr_studio_session_mapping":
                    facts[res.key] = {
                        "studio": args["studio_id"],
                        "name": args["identity_name"],
                        "type": args["identity_type"],
                        "policy": args["session_policy_arn"],
                    }
                elif res is not None and res.kind == "sg_rule":
                    facts[res.key] = {
                        "group": args["security_group_id"],
                        "port": (args["from_port"], args["to_port"]),
                        "peer": args["referenced_security_group_id"],
                        "description": args["description"],
                    }
                else:
                    later.append((rtype, args))
    for rtype, args in later:  # the pieces CloudFormation keeps inside their owner
        if rtype == "aws_iam_role_policy":
            facts[args["role"][1]]["inline"][args["name"]] = args["policy"]
        elif rtype == "aws_vpc_security_group_egress_rule":
            rule = (
                args["ip_protocol"],
                args.get("from_port"),
                args.get("to_port"),
                args["cidr_ipv4"],
                args["description"],
            )
            facts[args["security_group_id"][1]]["egress"].append(repr(rule))
        elif cluster_facts.merge_extra(facts, rtype, args):
            pass
        elif rtype.endswith("_policy_attachment"):
            target = next(args[k] for k in ("role", "user", "group") if k in args)
            policy = args["policy_arn"]
            if isinstance(policy, tuple) and policy[0] == "ref" and "attach" in facts.get(policy[1], {}):
                facts[policy[1]]["attach"].append(repr(target))
            else:
                facts[target[1]]["managed"].append(repr(policy))
        else:
            raise AssertionError(f"resource type {rtype} is not compared")
    for fact in facts.values():
        for key in ("attach", "managed", "egress"):
            if key in fact:
                fact[key] = sorted(fact[key])
    outputs = []
    for block in tf_blocks(files, "output"):
        for body in block.values():
            outputs.append((tf_value(body["description"]), norm.tf(tf_value(body["value"]))))
    return {"resources": facts, "outputs": sorted(outputs, key=repr)}


# Member templates and the Terraform module that says the same (with targets, the root only wires providers
# and outputs: tests/test_targets.py); cloudformation/account/ only with several target regions.
MEMBERS = {
    "cloudformation/template.yaml": ("terraform/modules/member/", "terraform/"),
    "cloudformation/account/template.yaml": ("terraform/modules/account/", None),
}


@pytest.mark.parametrize("example", SPECS, ids=lambda p: p.stem)
def test_cloudformation_and_terraform_agree(example, rendered_examples) -> None:
    rendered = rendered_examples[example.stem]
    spec, _ = read_spec(example)
    norm = Normalizer(build_plan(spec))
    compared = 0
    for template, (module, root) in MEMBERS.items():
        if template not in rendered.files:
            continue
        decoded = decode(rendered.files[template], example.name)
        norm.conditions = decoded.get("Conditions", {})
        cfn = cfn_facts(decoded, norm)
        folder = module if spec.targets is not None else root
        tf = tf_facts(
            {k: v for k, v in rendered.files.items() if k.startswith(folder) and "/" not in k[len(folder) :]}, norm
        )
        assert cfn["resources"].keys() == tf["resources"].keys()
        for key in cfn["resources"]:
            assert cfn["resources"][key] == tf["resources"][key], key
        assert cfn["outputs"] == tf["outputs"]
        compared += len(cfn["resources"])
    assert compared, "nothing compared"
    assert ("cloudformation/account/template.yaml" in rendered.files) == spec.multi_region
