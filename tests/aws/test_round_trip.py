"""Issue 16 on moto (127.0.0.1 only): deploy an example, `emrgen drift` it (in sync), `emrgen import` it back (the
imported spec validates and grants exactly what the original grants), `emrgen drift` the imported spec, then make
hand-made changes that drift must report with exit 1. Every AWS call emrgen makes is recorded at botocore's
API layer and must be a Describe/List/Get.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator import api
from generator.cli import app
from generator.review.diff import access_changes
from generator.rules.validate import read_spec

from ..conftest import ROOT
from ..rehearsal import free_port
from . import moto_account as m

# Examples without `targets` deploy as one stack; a targets example deploys what one member account holds in its
# first target region (multi-region: the account-wide stack and that region's member stack; test_multi_region.py
# adds its second region): every example moto can deploy.
ROUND_TRIP = [
    "iam-studio",
    "minimal",
    "aws-doc",
    "multi-account",
    "multi-region",
    "organization",
    "production",
    "team-clusters",
]
# IAM Identity Center users reach their runtime roles through Studio session mappings, which moto cannot hold:
# here (no Studio API) drift is checked, and import says why those users are not reproduced; test_sso_import.py
# answers the Studio API and imports them.
DRIFT_ONLY = ["sso-studio"]
runner = CliRunner()
POLICY_ACTIONS = set(json.loads((ROOT / "docs" / "import-drift-policy.json").read_text())["Statement"][0]["Action"])


@contextmanager
def recorded():
    """Every operation any botocore client in this process calls while inside (emrgen's own and any other)."""
    from botocore.client import BaseClient

    calls: list[str] = []
    original = BaseClient._make_api_call

    def spy(self, operation, params):
        calls.append(f"{self.meta.service_model.endpoint_prefix}:{operation}")
        return original(self, operation, params)

    BaseClient._make_api_call = spy
    try:
        yield calls
    finally:
        BaseClient._make_api_call = original


def deployed(name: str, endpoint: str):
    m.reset(endpoint)
    rendered = api.render(ROOT / "examples" / f"{name}.yaml")
    creds = m.credentials(endpoint, rendered.spec.account_id)
    creds["region"] = region = m.region_of(rendered.spec)
    m.deploy(rendered, endpoint, creds, region)
    m.complete(rendered, endpoint, creds, region)
    return rendered, creds


def run(args, endpoint: str, creds: dict):
    with m.aws_env(endpoint, creds, creds.get("region", "us-east-1")), recorded() as calls:
        result = runner.invoke(app, args)
    assert "Traceback" not in result.output + (result.stderr if result.stderr_bytes is not None else "")
    writes = [c for c in calls if not c.split(":", 1)[1].startswith(("Describe", "List", "Get"))]
    assert not writes, writes
    # docs/import-drift-policy.json, the minimal policy the README gives, allows every call made
    assert set(calls) <= POLICY_ACTIONS, sorted(set(calls) - POLICY_ACTIONS)
    return result


def test_the_documented_policy_is_read_only() -> None:
    assert POLICY_ACTIONS and all(a.split(":", 1)[1].startswith(("Describe", "List", "Get")) for a in POLICY_ACTIONS)


def same_labels(imported, path: Path, original):
    """The imported spec with its clusters named as the original names the same cluster ids, and its users as the
    original names them. The matrix pairs declared clusters and users by label; the importer can only guess a
    label (a cluster no runtime-role cluster holds is named after its id; with several target regions a user's
    policy name ends in the region, and so does the user imported from it), and a label is not access."""
    import yaml

    from generator.rules.validate import read_spec_bytes

    created = {c.name: c.id for c in imported.clusters}
    data = yaml.safe_load(path.read_text())
    rename = {}
    for cluster in original.clusters:
        cid = cluster.id or next((i for n, i in created.items() if n == cluster.name), None)
        rename.update({n: cluster.name for n, i in created.items() if i == cid})
    for cluster in data.get("clusters", []):
        cluster["name"] = rename.get(cluster["name"], cluster["name"])
    regions = original.targets.regions if original.targets is not None else []
    users = {f"{u.name}-{r}": u.name for u in original.users for r in regions}
    for user in data.get("users", []):
        user["name"] = users.get(user["name"], user["name"])
        for access in user["access"]:
            if isinstance(access.get("clusters"), list):
                access["clusters"] = [rename.get(c, c) for c in access["clusters"]]
    return read_spec_bytes(yaml.safe_dump(data).encode(), path.name)[0]


def assert_same_access(rendered, imported, out: Path) -> None:
    """The imported spec grants exactly what the original grants: no access gained or lost (emrgen diff's
    comparison of the two access matrices, over the union of both specs' roles and clusters)."""
    imported = same_labels(imported, out, rendered.spec)
    changes = access_changes(api.checked_plan(rendered.spec, []), api.checked_plan(imported, []))
    # An existing cluster the original declares that is not in the account and that no policy names (aws-doc's
    # "tagged": its tags are what the spec says it carries; team-clusters' match_tags cluster) cannot be imported;
    # the same grant still shows on "other clusters tagged ...", which is compared.
    unknown = {c.name for c in rendered.spec.clusters if (c.id or c.by_tags) and imported.cluster(c.name) is None}
    assert [c for c in changes if c.clusters not in unknown] == [], changes
    assert api.explain(out)  # the imported spec grants something: the matrix is not vacuously equal


@pytest.mark.parametrize("name", ROUND_TRIP + DRIFT_ONLY)
def test_deploy_drift_import_round_trip(name: str, endpoint: str, tmp_path: Path) -> None:
    rendered, creds = deployed(name, endpoint)
    spec_path = ROOT / "examples" / f"{name}.yaml"
    result = run(["drift", str(spec_path)], endpoint, creds)
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith("In sync.")

    out = tmp_path / "imported.yaml"
    result = run(["import", "-o", str(out), "--name", rendered.spec.name], endpoint, creds)
    if name in DRIFT_ONLY:  # nothing but the Studio user role's policies: said, and nothing written
        assert result.exit_code == 2, result.stderr
        assert result.stderr.splitlines()[-1].startswith("emrgen: error: nothing to import")
        assert "only the EMR service may assume it" in result.stderr and not out.exists()
        return
    assert result.exit_code == 0, result.output + result.stderr
    text = out.read_text()
    assert "elasticmapreduce:ListStudios" in text.splitlines()[2]  # moto: not available here, and said so
    imported, _ = read_spec(out)  # validates (raises SpecError otherwise)
    result = run(["drift", str(out)], endpoint, creds)
    assert result.exit_code == 0, result.stdout
    assert_same_access(rendered, imported, out)


def test_hand_made_changes_are_drift(endpoint: str) -> None:
    rendered, creds = deployed("iam-studio", endpoint)
    spec = str(ROOT / "examples" / "iam-studio.yaml")
    iam = m.client(endpoint, creds, "iam")
    account = m.client(endpoint, creds, "sts").get_caller_identity()["Account"]

    # 1. a runtime role's trust: anyone in the account may now assume it
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole"}
        ],
    }
    iam.update_assume_role_policy(RoleName="analytics-raw-reader", PolicyDocument=json.dumps(trust))
    result = run(["drift", spec], endpoint, creds)
    assert result.exit_code == 1
    assert "~ role analytics-raw-reader: trust policy" in result.stdout

    # 2. a policy statement: analysts may now use the curator role too (access gained, then the document)
    arn = f"arn:aws:iam::{account}:policy/iam-studio-user-analysts"
    version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
    document = iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]["Document"]
    document = document if isinstance(document, dict) else json.loads(document)
    condition = document["Statement"][0]["Condition"]["StringEquals"]
    condition["elasticmapreduce:ExecutionRoleArn"] = [
        condition["elasticmapreduce:ExecutionRoleArn"],
        f"arn:aws:iam::{account}:role/analytics-curator",
    ]
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(document), SetAsDefault=True)
    result = run(["drift", spec], endpoint, creds)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    gained = next(
        i for i, line in enumerate(lines) if "+ analysts (role analyst): analytics-curator on interactive" in line
    )
    assert gained < next(
        i for i, line in enumerate(lines) if "~ managed_policy iam-studio-user-analysts: document" in line
    )

    # 3. a cluster's security configuration (AWS cannot change it in place: this is the cluster re-created by hand
    #    with another one; moto's cluster object is edited, the server runs in this process)
    from moto.emr.models import emr_backends

    [cluster] = [c for c in emr_backends[account]["us-east-1"].clusters.values() if c.name == "iam-studio-interactive"]
    cluster.security_configuration = "hand-made"
    result = run(["drift", spec], endpoint, creds)
    assert result.exit_code == 1
    assert "security configuration" in result.stdout and '"hand-made"' in result.stdout


def test_what_import_cannot_say_is_listed_never_dropped(endpoint: str) -> None:
    """A hand-written statement outside what a row can say (a Deny, a second condition key) is listed with its
    principal, policy and Sid at the top of the spec; the rows it could say are still imported."""
    rendered, creds = deployed("minimal", endpoint)
    iam = m.client(endpoint, creds, "iam")
    iam.put_role_policy(
        RoleName="DataScientist",
        PolicyName="by-hand",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Sid": "NoSteps", "Effect": "Deny", "Action": "elasticmapreduce:AddJobFlowSteps", "Resource": "*"},
                    {
                        "Sid": "FromOffice",
                        "Effect": "Allow",
                        "Action": "elasticmapreduce:GetClusterSessionCredentials",
                        "Resource": "*",
                        "Condition": {
                            "StringEquals": {
                                "elasticmapreduce:ExecutionRoleArn": "arn:aws:iam::111122223333:role/etl-reader"
                            },
                            "IpAddress": {"aws:SourceIp": "10.0.0.0/8"},
                        },
                    },
                ],
            }
        ),
    )
    result = run(["import", "-o", "-", "--name", "minimal"], endpoint, creds)
    assert result.exit_code == 0, result.stderr
    header = result.stdout.split("\nversion: 1\n")[0]
    assert "role DataScientist: DataScientist/by-hand#NoSteps: Effect Deny" in header
    assert "role DataScientist: DataScientist/by-hand#FromOffice: condition operator IpAddress" in header
    assert "NOT REPRODUCED (2)" in header and "2 not reproduced" in result.stderr
    assert "- name: data-scientists" in result.stdout  # the policy emrgen wrote is still a row


def test_drift_refuses_a_spec_pinned_elsewhere(endpoint: str, tmp_path: Path) -> None:
    rendered, creds = deployed("iam-studio", endpoint)
    spec = tmp_path / "elsewhere.yaml"
    spec.write_text(
        (ROOT / "examples" / "iam-studio.yaml").read_text().replace("region: us-east-1", "region: eu-west-1")
    )
    result = run(["drift", str(spec), "--region", "us-east-1"], endpoint, creds)
    assert result.exit_code == 2
    assert result.stderr == (
        "emrgen: error: elsewhere.yaml pins region eu-west-1, but the credentials and region "
        "given are for region us-east-1\n"
    )


def test_no_access_names_the_missing_permission(tmp_path: Path) -> None:
    """With IAM authorization enforced by moto, a user without policies: exit 2, one line naming the permission."""

    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{server._port}"
    try:
        iam = m.client(endpoint, m.TESTING, "iam")
        iam.create_user(UserName="nobody")
        key = iam.create_access_key(UserName="nobody")["AccessKey"]
        enforce_auth(endpoint, b"0")
        creds = {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}
        result = run(["import", "-o", str(tmp_path / "x.yaml")], endpoint, creds)
        assert result.exit_code == 2
        assert result.stderr.startswith("emrgen: error: no access: "), result.stderr
        assert " was denied (AccessDenied)" in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert not (tmp_path / "x.yaml").exists()
        result = run(["drift", str(ROOT / "examples" / "iam-studio.yaml")], endpoint, creds)
        assert result.exit_code == 2 and result.stdout == "", result.stderr
        assert result.stderr.startswith("emrgen: error: no access: ") and len(result.stderr.splitlines()) == 1
    finally:
        enforce_auth(endpoint, b"inf")  # the setting is global to this process: other servers must not see it
        server.stop()


def enforce_auth(endpoint: str, after: bytes) -> None:
    """moto checks IAM authorization after this many requests (its own global setting)."""
    import urllib.request

    urllib.request.urlopen(
        urllib.request.Request(
            f"{endpoint}/moto-api/reset-auth", data=after, method="POST", headers={"Content-Type": "text/plain"}
        )
    )
