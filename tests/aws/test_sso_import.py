"""Issue 16, IAM Identity Center users: ``examples/sso-studio.yaml`` deployed into moto (its roles, the session
policies attached to the Studio user role), the EMR Studio API that moto lacks answered by a fake at botocore's
API layer with the studio and the session mappings emrgen's own plan declares (each answer checked against
botocore's output shape for the operation), then ``emrgen import``: the users come back as ``sso_user`` /
``sso_group`` with the same access matrix, and what a session policy says that a row cannot (or that the Studio
user role does not allow) is listed as not reproduced.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import yaml

from generator.plan import names
from generator.rules.validate import read_spec

from ..conftest import ROOT
from . import moto_account as m
from .test_round_trip import assert_same_access, deployed, run

STUDIO_ID = "es-0123456789ABCDEFGHIJKLMNO"


def studio_api(rendered, account: str, extra_mappings=()) -> dict:
    """What DescribeStudio and the listings answer for the example's studio, from its plan: the session mappings
    emrgen's CloudFormation declares (AWS::EMR::StudioSessionMapping), with the session policies' real ARNs."""
    spec, plan = rendered.spec, rendered.plan
    studio = plan.get("studio").props
    summary = {"StudioId": STUDIO_ID, "Name": studio["name"], "AuthMode": studio["auth_mode"]}
    mappings = [
        {
            "StudioId": STUDIO_ID,
            "IdentityId": f"id-{res.props['identity_name']}",
            "IdentityName": res.props["identity_name"],
            "IdentityType": res.props["identity_type"],
            "SessionPolicyArn": f"arn:aws:iam::{account}:policy/{plan.get(res.props['policy'].key).props['name']}",
        }
        for res in plan.resources
        if res.kind == "session_mapping"
    ]
    assert len(mappings) == len(spec.users) == 3
    described = {
        **summary,
        "StudioArn": f"arn:aws:elasticmapreduce:us-east-1:{account}:studio/{STUDIO_ID}",
        "ServiceRole": f"arn:aws:iam::{account}:role/{names.studio_service_role_name(spec)}",
        "UserRole": f"arn:aws:iam::{account}:role/{names.studio_user_role_name(spec)}",
        "DefaultS3Location": studio["default_s3_location"],
        "SubnetIds": list(studio["subnet_ids"]),
        "VpcId": studio["vpc_id"],
    }
    return {
        "ListStudios": {"Studios": [summary]},
        "DescribeStudio": {"Studio": described},
        "ListStudioSessionMappings": {"SessionMappings": mappings + list(extra_mappings)},
    }


@contextmanager
def fake_studio_api(responses: dict):
    """EMR's Studio operations answered from ``responses`` (the rest goes to moto); every answer must fit the
    operation's output shape in botocore's service model, as botocore's Stubber checks."""
    from botocore.client import BaseClient
    from botocore.validate import ParamValidator

    original = BaseClient._make_api_call
    asked: list = []

    def fake(self, operation, params):
        if self.meta.service_model.service_name == "emr" and operation in responses:
            if operation != "ListStudios":
                assert params["StudioId"] == STUDIO_ID, params
            shape = self.meta.service_model.operation_model(operation).output_shape
            report = ParamValidator().validate(responses[operation], shape)
            assert not report.has_errors(), report.generate_report()
            asked.append(operation)
            return json.loads(json.dumps(responses[operation]))  # a copy: the importer may not share it
        return original(self, operation, params)

    BaseClient._make_api_call = fake
    try:
        yield asked
    finally:
        BaseClient._make_api_call = original


def imported(endpoint: str, tmp_path: Path, extra_mappings=(), before=lambda creds: None):
    rendered, creds = deployed("sso-studio", endpoint)
    before(creds)
    out = tmp_path / "imported.yaml"
    with fake_studio_api(studio_api(rendered, m.account_of(rendered.spec), extra_mappings)) as asked:
        result = run(["import", "-o", str(out), "--name", rendered.spec.name], endpoint, creds)
    assert result.exit_code == 0, result.output + result.stderr
    assert asked == ["ListStudios", "DescribeStudio", "ListStudioSessionMappings"]
    return rendered, creds, out, result


def test_sso_users_come_back_from_session_mappings(endpoint: str, tmp_path: Path) -> None:
    rendered, creds, out, result = imported(endpoint, tmp_path)
    spec, _ = read_spec(out)  # validates (raises SpecError otherwise)
    data = yaml.safe_load(out.read_text())
    assert {u["name"]: (u["principal"], u["steps"]) for u in data["users"]} == {
        "finance": ({"sso_group": "Finance"}, False),
        "marketing": ({"sso_group": "Marketing"}, False),
        "jane": ({"sso_user": "jane@example.com"}, True),
    }
    assert data["studio"]["id"] == STUDIO_ID and data["studio"]["auth_mode"] == "SSO"
    assert data["studio"]["user_role"].endswith(":role/sso-studio-studio-user")
    header = out.read_text().split("\nversion: 1\n")[0]
    assert "session mapping" not in header and "studio-user: only the EMR service" not in header
    assert "# session mapping: sso_user jane@example.com -> arn:aws:iam::123456789012:policy/sso-studio-user-jane" in (
        out.read_text()
    )
    assert_same_access(rendered, spec, out)
    with fake_studio_api(studio_api(rendered, m.account_of(rendered.spec))):
        result = run(["drift", str(out)], endpoint, creds)
    # In sync, session policies included: they name no Studio bucket (users list none) and read the logs of the
    # clusters their rows reach, which the imported spec gives (log_uri, read from the cluster).
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Access gained: 0, lost: 0" in result.stdout and "Resources: 0 drifted of 6 compared" in result.stdout
    assert "Not compared" not in result.stdout  # the 3 session mappings are compared (in sync)


def test_drift_compares_session_mappings_where_the_studio_answers(endpoint: str) -> None:
    rendered, creds = deployed("sso-studio", endpoint)
    spec = str(ROOT / "examples" / "sso-studio.yaml")
    answers = studio_api(rendered, m.account_of(rendered.spec))
    with fake_studio_api(answers):
        result = run(["drift", spec], endpoint, creds)
    assert result.exit_code == 0, result.stdout
    assert "Not compared (5): security_group" in result.stdout and "session_mapping" not in result.stdout

    # by hand: jane's mapping now assigns the finance session policy; Marketing's mapping is gone
    mappings = answers["ListStudioSessionMappings"]["SessionMappings"]
    jane = next(x for x in mappings if x["IdentityName"] == "jane@example.com")
    jane["SessionPolicyArn"] = jane["SessionPolicyArn"].replace("-jane", "-finance")
    mappings.remove(next(x for x in mappings if x["IdentityName"] == "Marketing"))
    with fake_studio_api(answers):
        result = run(["drift", spec], endpoint, creds)
    assert result.exit_code == 1, result.stdout
    lines = result.stdout.splitlines()
    assert f"  ~ session_mapping USER jane@example.com on {STUDIO_ID}: session policy" in lines
    assert f"  ~ session_mapping GROUP Marketing on {STUDIO_ID}: missing" in lines

    result = run(["drift", spec], endpoint, creds)  # no Studio API: the mappings cannot be compared, and it says so
    assert result.exit_code == 0 and "session_mapping session_mapping/jane" in result.stdout, result.stdout


def test_what_a_session_policy_cannot_say_is_listed(endpoint: str, tmp_path: Path) -> None:
    """A session policy written by hand and mapped to one more user: a statement without an ExecutionRoleArn
    condition (every runtime role) and one the Studio user role does not allow (every cluster, where the user
    role allows the lakehouse cluster only) are listed with policy and Sid; neither becomes a row."""
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "EveryRole",
                "Effect": "Allow",
                "Action": "elasticmapreduce:GetClusterSessionCredentials",
                "Resource": "*",
            },
            {
                "Sid": "EveryCluster",
                "Effect": "Allow",
                "Action": "elasticmapreduce:GetClusterSessionCredentials",
                "Resource": "*",
                "Condition": {
                    "StringEquals": {
                        "elasticmapreduce:ExecutionRoleArn": "arn:aws:iam::123456789012:role/sso-finance-analyst"
                    }
                },
            },
        ],
    }
    arn = "arn:aws:iam::123456789012:policy/by-hand-session"

    def create(creds):  # a managed policy, not attached to the user role
        m.client(endpoint, creds, "iam").create_policy(PolicyName="by-hand-session", PolicyDocument=json.dumps(policy))

    mallory = {"IdentityName": "mallory@example.com", "IdentityType": "USER", "SessionPolicyArn": arn}
    rendered, _, out, result = imported(
        endpoint, tmp_path, [{"StudioId": STUDIO_ID, "IdentityId": "id-mallory", **mallory}], create
    )
    header = out.read_text().split("\nversion: 1\n")[0]
    assert "NOT REPRODUCED (4)" in header and "4 not reproduced" in result.stderr  # 2 + the runtime roles
    assert len([line for line in header.splitlines() if "mallory" in line]) == 2, header
    assert "sso_user mallory@example.com: by-hand-session#EveryRole: no elasticmapreduce:ExecutionRoleArn" in header
    assert (
        "sso_user mallory@example.com: by-hand-session#EveryCluster: the Studio user role sso-studio-studio-user "
        "does not allow it"
    ) in header
    data = yaml.safe_load(out.read_text())
    assert "mallory" not in json.dumps(data["users"])  # nothing widened: she gets no row
    assert_same_access(rendered, read_spec(out)[0], out)  # the others are still imported exactly
