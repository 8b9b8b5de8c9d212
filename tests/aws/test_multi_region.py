"""Issue 16 on ``examples/multi-region.yaml``, both of its regions in one moto account: the account-wide template
(runtime roles, instance-profile roles) and the us-east-1 member stack, as the StackSet's first region has them
(test_round_trip.py round-trips that region), plus the eu-west-1 member stack, whose IAM names end in eu-west-1
and whose runtime roles are the account-wide ones. `emrgen drift --region eu-west-1` is in sync, the import of
eu-west-1 grants what the spec grants there, and hand-made changes show in the region they touch (a regional
policy) or in every region (an account-wide role's trust).
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.rules.validate import read_spec

from ..conftest import ROOT
from . import moto_account as m
from .test_round_trip import assert_same_access, deployed, run

SPEC = str(ROOT / "examples" / "multi-region.yaml")


def both_regions(endpoint: str):
    rendered, creds = deployed("multi-region", endpoint)  # account-wide + us-east-1
    assert creds["region"] == "us-east-1"
    m.deploy(rendered, endpoint, creds, "eu-west-1", account_wide=False)
    m.complete(rendered, endpoint, creds, "eu-west-1")
    return rendered, {**creds, "region": "eu-west-1"}


def drift(region: str, endpoint: str, creds: dict, spec: str = SPEC):
    return run(["drift", spec, "--region", region], endpoint, {**creds, "region": region})


def test_the_second_region_round_trips(endpoint: str, tmp_path: Path) -> None:
    rendered, creds = both_regions(endpoint)
    for region in ("us-east-1", "eu-west-1"):
        result = drift(region, endpoint, creds)
        assert result.exit_code == 0, result.stdout
        assert result.stdout.startswith(f"emrgen drift multi-region.yaml: account 123456789012, {region}\n")

    out = tmp_path / "imported.yaml"
    result = run(["import", "-o", str(out), "--name", "multi-region", "--region", "eu-west-1"], endpoint, creds)
    assert result.exit_code == 0, result.stderr
    imported, _ = read_spec(out)
    assert imported.region == "eu-west-1" and imported.targets is None  # one account and region: no targets
    # its users keep their policies' regional names, so drift finds the policies that are there
    assert sorted(u.name for u in imported.users) == ["analysts-eu-west-1", "engineers-eu-west-1"]
    # IAM is global: analysts also hold the us-east-1 policy, whose cluster ARN is of another region
    assert "multi-region-user-analysts-us-east-1#AllowRuntimeRoles: Resource" in out.read_text()
    cluster = next(c for c in imported.clusters if c.id)
    assert json.loads(json.dumps(cluster.tags))["workload"] == "interactive"
    assert_same_access(rendered, imported, out)
    result = drift("eu-west-1", endpoint, creds, str(out))
    assert result.exit_code == 0, result.stdout


def test_hand_made_changes_show_where_they_are(endpoint: str) -> None:
    rendered, creds = both_regions(endpoint)
    iam = m.client(endpoint, creds, "iam")

    # a regional policy: analysts may use the curator role in eu-west-1 only
    arn = "arn:aws:iam::123456789012:policy/multi-region-user-analysts-eu-west-1"
    version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
    document = iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]["Document"]
    document = document if isinstance(document, dict) else json.loads(document)
    statement = next(s for s in document["Statement"] if s.get("Sid") == "AllowRuntimeRoles")
    condition = statement["Condition"]["StringEquals"]
    roles = condition["elasticmapreduce:ExecutionRoleArn"]
    condition["elasticmapreduce:ExecutionRoleArn"] = [
        *(roles if isinstance(roles, list) else [roles]),
        "arn:aws:iam::123456789012:role/fleet-curator",
    ]
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(document), SetAsDefault=True)
    result = drift("eu-west-1", endpoint, creds)
    assert result.exit_code == 1
    assert "+ analysts (role analyst): fleet-curator on interactive" in result.stdout, result.stdout
    assert "~ managed_policy multi-region-user-analysts-eu-west-1: document" in result.stdout
    assert drift("us-east-1", endpoint, creds).exit_code == 0  # the other region's policy is its own

    # an account-wide role's trust: seen from every region
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}
        ],
    }
    iam.update_assume_role_policy(RoleName="fleet-raw-reader", PolicyDocument=json.dumps(trust))
    for region in ("us-east-1", "eu-west-1"):
        result = drift(region, endpoint, creds)
        assert result.exit_code == 1 and "~ role fleet-raw-reader: trust policy" in result.stdout, result.stdout
