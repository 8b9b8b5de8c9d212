"""The EMR Studio's resources: the Studio, its service role, its two security groups and their rules, and with SSO
its user role and session mappings (the users' policies come after, in users.py)."""

from __future__ import annotations

from . import names, s3, studio_policies
from .core import Output, Plan, cluster_key, network_values, tags_of
from .refs import Ref


def add_studio(plan: Plan) -> None:
    spec, env = plan.spec, plan.env
    studio = spec.studio
    if studio is None or not studio.created:
        return
    vpc_id, subnet_ids, _ = network_values(plan)
    plan.add(
        "studio_service_role",
        "role",
        "studio",
        "StudioServiceRole",
        name=names.studio_service_role_name(spec),
        description="EMR Studio service role",
        trust=studio_policies.studio_service_trust(env),
        inline_policies=[
            (
                "studio-service",
                studio_policies.with_storage_key(
                    studio_policies.studio_service_permissions(
                        env, studio.default_s3_location, studio.workspace_collaboration
                    ),
                    studio.encryption_key_arn,
                ),
            )
        ],
        managed_policy_arns=[],
        tags=tags_of(spec, studio.tags),
    )
    sg_tags = tags_of(spec, studio.tags, managed=True)
    plan.add(
        "workspace_sg",
        "security_group",
        "studio",
        "WorkspaceSecurityGroup",
        name=f"{spec.name}-studio-workspace",
        description="EMR Studio Workspace security group (no inbound traffic)",
        vpc_id=vpc_id,
        tags=sg_tags,
        egress_cidr=[
            {
                "protocol": "tcp",
                "port": 443,
                "cidr": "0.0.0.0/0",
                "description": "Allow traffic to the internet to link publicly hosted Git repositories to Workspaces.",
            }
        ],
    )
    plan.add(
        "engine_sg",
        "security_group",
        "studio",
        "EngineSecurityGroup",
        name=f"{spec.name}-studio-engine",
        description="EMR Studio engine security group",
        vpc_id=vpc_id,
        tags=sg_tags,
        # The engine needs no egress (replies are stateful). EC2 gives a group created without egress
        # rules an allow-all one; CloudFormation removes it only when a rule is given, so give a
        # loopback-only rule, in both formats, to say "no egress" the same way.
        egress_cidr=[
            {
                "protocol": "-1",
                "port": None,
                "cidr": "127.0.0.1/32",
                "description": "No egress: replaces the allow-all rule EC2 adds by default",
            }
        ],
    )
    plan.add(
        "engine_ingress",
        "sg_rule",
        "studio",
        "EngineIngressFromWorkspace",
        direction="ingress",
        group=Ref("engine_sg", "id"),
        port=18888,
        peer=Ref("workspace_sg", "id"),
        description="Allow traffic from any resources in the Workspace security group for EMR Studio.",
    )
    plan.add(
        "workspace_egress",
        "sg_rule",
        "studio",
        "WorkspaceEgressToEngine",
        direction="egress",
        group=Ref("workspace_sg", "id"),
        port=18888,
        peer=Ref("engine_sg", "id"),
        description="Allow traffic to any resources in the Engine security group for EMR Studio.",
    )
    user_role = None
    if studio.auth_mode == "SSO":
        plan.add(
            "studio_user_role",
            "role",
            "studio",
            "StudioUserRole",
            name=names.studio_user_role_name(spec),
            description="EMR Studio user role (IAM Identity Center); session policies narrow it per user",
            trust=studio_policies.studio_user_role_trust(env),
            inline_policies=[],
            managed_policy_arns=[],
            tags=tags_of(spec, studio.tags),
        )
        user_role = Ref("studio_user_role", "arn")
    plan.add(
        "studio",
        "studio",
        "studio",
        "Studio",
        name=studio.name,
        auth_mode=studio.auth_mode,
        description=studio.description,
        default_s3_location=s3.resolve(env, studio.default_s3_location) if studio.default_s3_location else None,
        engine_security_group=Ref("engine_sg", "id"),
        workspace_security_group=Ref("workspace_sg", "id"),
        service_role=Ref("studio_service_role", "arn"),
        user_role=user_role,
        subnet_ids=list(studio.subnet_ids) if studio.subnet_ids else subnet_ids,
        vpc_id=vpc_id,
        idp_auth_url=studio.idp_auth_url,
        idp_relay_state_parameter_name=studio.idp_relay_state_parameter_name,
        encryption_key_arn=studio.encryption_key_arn,
        tags=tags_of(spec, studio.tags),
    )
    plan.get("studio").after = ["studio_service_role"]  # as the clusters wait for their roles' policies
    # Studio attaches its engine security group to a cluster's primary node when a Workspace attaches; the group
    # can be deleted only after the cluster terminates (aws-facts.md, fact check 8: inferred, AWS does not say).
    for cluster in spec.created_clusters:
        plan.get(cluster_key(cluster)).order = ["workspace_sg", "engine_sg"]
    plan.outputs.append(Output("studio", "id", "Id of the EMR Studio"))
    plan.outputs.append(Output("studio", "url", "URL of the EMR Studio"))
