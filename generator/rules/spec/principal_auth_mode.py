"""E305: principals match the studio's auth mode: an SSO studio maps sso_user/sso_group; otherwise (IAM, or no
studio) policies attach to IAM roles, users or groups.

Sources: Management Guide, "Configure EMR Studio user permissions" (emr-studio-user-permissions.html): with IAM
authentication the policies attach to IAM identities, with IAM Identity Center to session mappings of users and
groups; CloudFormation template reference, AWS::EMR::StudioSessionMapping (IdentityType USER or GROUP).
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E305",)


def check(spec: Spec, r: Report) -> None:
    sso = spec.sso
    for user in spec.users:
        path = user.path + ("principal", user.principal.kind)
        if sso and not user.principal.is_sso:
            r.error(
                path,
                "E305",
                f"the studio uses auth_mode: SSO, so principal must be sso_user or sso_group, not {user.principal.kind}",
                key=True,
            )
        if not sso and user.principal.is_sso:
            mode = "IAM" if spec.studio else "none (no studio is declared)"
            r.error(
                path,
                "E305",
                f"{user.principal.kind} needs a studio with auth_mode: SSO; the auth mode is {mode}",
                key=True,
            )
