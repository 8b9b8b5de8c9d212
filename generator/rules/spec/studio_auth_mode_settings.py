"""E310: settings of one auth mode are not given for the other: idp_auth_url and idp_relay_state_parameter_name
are for IAM federation (not SSO); user_role is for SSO (not IAM).

Sources: CloudFormation template reference, AWS::EMR::Studio (IdpAuthUrl, IdpRelayStateParameterName for IAM
federation; UserRole for AuthMode SSO); with AuthMode IAM, CloudFormation rejects a UserRole ("should not be
used", cloudtools/troposphere#1955).
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E310",)


def check(spec: Spec, r: Report) -> None:
    studio = spec.studio
    if studio is None:
        return
    if not studio.created and studio.auth_mode == "IAM" and studio.user_role is not None:
        r.error(studio.path + ("user_role",), "E310", "user_role is only for auth_mode: SSO", key=True)
    if studio.auth_mode == "SSO":
        for key in ("idp_auth_url", "idp_relay_state_parameter_name"):
            if getattr(studio, key) is not None:
                r.error(
                    studio.path + (key,),
                    "E310",
                    f"'{key}' is for IAM federation; it cannot be used with auth_mode: SSO",
                    key=True,
                )
