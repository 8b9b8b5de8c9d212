"""The plan as one Terraform root module: a file per concern (SPEC.md §2), fmt-aligned."""

from __future__ import annotations

from ..plan import suppressions
from ..plan.core import Plan, Resource, snake
from ..plan.header import header_text
from ..plan.kinds import PRINCIPAL_ATTACHMENT, TF_TYPES, tf_type_of
from ..plan.refs import Ref
from . import env
from .hclfmt import align
from .values import HclWriter

# Files in the order SPEC.md §2 lists them; a file with nothing to say is omitted.
FILES = ("iam", "security", "cluster", "studio", "users")


def extras(res: Resource) -> list[dict]:
    """The separate Terraform resources that carry what CloudFormation keeps inside ``res``:
    inline policies, policy attachments and security group rules. Named after ``res``."""
    name, p = res.tf_name, res.props
    out: list[dict] = []
    if res.kind == "role":
        out += [
            {
                "type": "aws_iam_role_policy",
                "name": f"{name}_{snake(policy_name)}",
                "policy_name": policy_name,
                "document": doc,
            }
            for policy_name, doc in p["inline_policies"]
        ]
        out += [
            {"type": "aws_iam_role_policy_attachment", "name": f"{name}_{i}", "arn": arn}
            for i, arn in enumerate(p["managed_policy_arns"], start=1)
        ]
    elif res.kind == "managed_policy":
        targets = [(kind, principal) for kind, principals in p["attach"].items() for principal in principals]
        for i, (kind, principal) in enumerate(targets, start=1):
            rtype, argument = PRINCIPAL_ATTACHMENT[kind]
            out.append(
                {
                    "type": rtype,
                    "name": name if len(targets) == 1 else f"{name}_{i}",
                    "argument": argument,
                    "principal": principal,
                }
            )
    elif res.kind == "cluster":  # issue 17: what aws_emr_cluster has no arguments for (plan/clusters.py)
        out += [
            {"type": "aws_emr_instance_group", "name": f"{name}_{snake(g['name'])}", "group": g}
            for g in p.get("task_groups") or []
        ]
        if p.get("task_fleet"):
            out.append({"type": "aws_emr_instance_fleet", "name": f"{name}_task", "fleet": p["task_fleet"]})
        if p.get("managed_scaling"):
            out.append({"type": "aws_emr_managed_scaling_policy", "name": name, "limits": p["managed_scaling"]})
    elif res.kind == "security_group":
        out += [
            {"type": "aws_vpc_security_group_egress_rule", "name": f"{name}_egress_{i}", "rule": rule}
            for i, rule in enumerate(p["egress_cidr"], start=1)
        ]
    return out


def ref_target(plan: Plan):
    def target(ref: Ref) -> str:
        res = plan.get(ref.key)
        return f"{TF_TYPES[res.kind]}.{res.tf_name}.{ref.attr}"

    return target


def depends_on(plan: Plan, res: Resource) -> list[str]:
    """Addresses of the policies and attachments of the resources ``res`` must wait for, and of the resources it
    is ordered after (Resource.order)."""
    own = [f"{tf_type_of(x.kind, x.props)}.{x.tf_name}" for x in map(plan.get, res.order)]
    return sorted(after_addresses(plan, res.after) + own)


def after_addresses(plan: Plan, keys: list[str]) -> list[str]:
    return sorted(f"{x['type']}.{x['name']}" for key in keys for x in extras(plan.get(key)))


def render(plan: Plan, root: bool = True) -> dict[str, str]:
    """File name -> text, for the terraform/ folder (``root``), or for a module the targets root calls."""
    writer = HclWriter(ref_target(plan))
    header = header_text(plan.spec.source)
    files: dict[str, str] = {}
    for section in FILES:
        resources = [r for r in plan.resources if r.group == section]
        if resources:
            files[f"{section}.tf"] = env.render(
                "terraform/resources.tf.j2",
                header=header,
                resources=resources,
                writer=writer,
                extras=extras,
                skips=suppressions.tf_skips,
                depends_on=lambda r: depends_on(plan, r),
                tags=plan.tags,
            )
    needs = plan.needs()
    if "network" in needs:
        files["network.tf"] = env.render(
            "terraform/network.tf.j2",
            header=header,
            writer=writer,
            networks={region: {"vpc_id": n.vpc_id, "subnet_ids": n.subnet_ids} for region, n in plan.networks.items()},
        )
    if plan.inputs:
        files["variables.tf"] = env.render(
            "terraform/variables.tf.j2", header=header, inputs=plan.inputs, writer=writer
        )
    if plan.outputs:
        files["outputs.tf"] = env.render(
            "terraform/outputs.tf.j2",
            header=header,
            outputs=plan.outputs,
            writer=writer,
            output_name=lambda o: f"{plan.get(o.key).tf_name}_{o.attr}",
            depends_on=lambda o: after_addresses(plan, o.after),
        )
    files["versions.tf"] = env.render(
        "terraform/versions.tf.j2",
        header=header,
        region=plan.spec.region,
        writer=writer,
        required_version=required_version(plan),
        provider_version=provider_version(needs),
        services=sorted(n.split(":", 1)[1] for n in needs if n.startswith("service:")),
        partition="partition" in needs,
        caller="account" in needs,
        region_data="region" in needs or "network" in needs,  # the network local looks its region up
    )
    if root:
        files.update(backend(plan, writer, header))
    ordered = {name: align(files[name]) for name in sorted(files)}
    for name, text in ordered.items():
        check_syntax(text, name)
    return ordered


# Every root and module emrgen writes runs on both majors teams use (tests/check/test_terraform_validate.py), except
# the OU StackSet root (render/terraform_targets.py).
PROVIDER_VERSION = ">= 5.0, < 7.0"
# data "aws_service_principal" (a principal that differs per partition, none pinned) is new in 5.60.0
# (terraform-provider-aws CHANGELOG, 5.60.0, #38307).
SERVICE_PRINCIPAL_PROVIDER_VERSION = ">= 5.60, < 7.0"


def provider_version(needs: set[str]) -> str:
    """The provider versions a root or module runs on: 5.60 and later where it reads a service principal."""
    uses_service_principal = any(n.startswith("service:") for n in needs)
    return SERVICE_PRINCIPAL_PROVIDER_VERSION if uses_service_principal else PROVIDER_VERSION


def required_version(plan: Plan) -> str:
    """S3-native state locking (the backend's use_lockfile) arrived in Terraform 1.10; 1.5 is enough otherwise."""
    backend_settings = plan.spec.terraform.backend
    return ">= 1.10.0" if backend_settings is not None and backend_settings.s3.use_lockfile else ">= 1.5.0"


def backend(plan: Plan, writer, header: str) -> dict[str, str]:
    """``backend.tf`` of the root when the spec names a state backend (only the root has one: modules have none)."""
    settings = plan.spec.terraform.backend
    if settings is None:
        return {}
    return {"backend.tf": env.render("terraform/backend.tf.j2", header=header, writer=writer, s3=settings.s3)}


def check_syntax(text: str, name: str) -> None:
    """Parse what we emit (fast structural read-back, see render/readback.py)."""
    from ..check.readback import check_terraform

    check_terraform(text, name)
