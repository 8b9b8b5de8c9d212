"""E309: studio settings fit whether emrgen creates the studio or uses an existing one.

A created studio needs name and default_s3_location and takes no service_role/user_role (emrgen creates its
roles); an existing studio takes none of the creation settings, needs service_role when its users get the basic
permissions, and user_role when it uses SSO. One code: each is "this setting does not fit this kind of studio".
Sources: CloudFormation template reference, AWS::EMR::Studio (Name and DefaultS3Location are required);
Management Guide, "Configure EMR Studio user permissions" (emr-studio-user-permissions.html): users need
iam:PassRole on the Studio service role, and with IAM Identity Center the session policies attach to the Studio
user role.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E309",)
CREATION_ONLY = ("default_s3_location", "subnet_ids", "idp_auth_url", "idp_relay_state_parameter_name", "description")


def check(spec: Spec, r: Report) -> None:
    studio = spec.studio
    if studio is None:
        return
    walk = spec.walk
    if studio.created:
        for key in ("name", "default_s3_location"):
            if getattr(studio, key) is None:
                r.error(studio.path, "E309", f"a created studio needs '{key}'")
        for key in ("service_role", "user_role"):
            if getattr(studio, key) is not None:
                r.error(
                    studio.path + (key,),
                    "E309",
                    f"{key} is only for an existing studio; emrgen creates the roles of the studio it creates",
                    key=True,
                )
        return
    for key in CREATION_ONLY:
        if walk is not None and studio.path + (key,) in walk.key_nodes:
            r.error(studio.path + (key,), "E309", f"'{key}' only applies to a studio emrgen creates", key=True)
    if studio.user_permissions == "basic" and studio.service_role is None and spec.users:
        r.error(
            studio.path,
            "E309",
            "an existing studio with user_permissions: basic needs 'service_role' (the users may pass it to create Workspaces)",
        )
    if studio.auth_mode == "SSO" and studio.user_role is None and spec.users:
        r.error(
            studio.path, "E309", "an existing SSO studio needs 'user_role': the session policies are attached to it"
        )
