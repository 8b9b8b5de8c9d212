"""'To do by hand' tells the whole truth (issue 11 item 13): never 'Nothing' while the spec relies on things
emrgen does not create. Sources: MG "Runtime roles for Amazon EMR steps" (the runtime role trusts the cluster's
instance-profile role), "Configure EMR Studio user permissions", "Enable Lake Formation with Amazon EMR"
(application integration settings), EC2 private DNS names (*.ec2.internal in us-east-1, else
*.<region>.compute.internal) that the in-transit certificate must cover."""

from __future__ import annotations

from generator import api
from generator.plan import build_plan
from generator.review.report import manual_steps, private_dns_wildcard

from ..conftest import ROOT


def steps(example: str):
    spec, _ = api.validate(ROOT / "examples" / f"{example}.yaml")
    return manual_steps(build_plan(spec))


def test_existing_roles_used_on_clusters_must_trust_them_with_the_statement_to_add() -> None:
    todo = steps("aws-doc")  # three existing roles and a pattern, on existing clusters: it used to say Nothing
    by_role = {role: (clusters, open_scope, statement) for role, clusters, open_scope, statement in todo.trusts}
    assert by_role["test-emr-demo3"][0] == [("legacy", "")] and not by_role["test-emr-demo3"][1]
    assert by_role["test-emr-demo1"][1]  # granted on any cluster
    assert '"Action": ["sts:AssumeRole", "sts:TagSession"]' in by_role["test-emr-demo3"][2]
    assert [c for c, _ in by_role["test-emr-demo4*"][0]] == ["tagged"]
    rendered = api.render(ROOT / "examples" / "aws-doc.yaml").files["REVIEW.md"]
    assert "Nothing." not in rendered.split("## To do by hand", 1)[1].split("##", 1)[0]


def test_known_instance_profile_arn_is_in_the_statement() -> None:
    [shared, *_] = steps("sso-studio").trusts
    assert shared[0] == "sso-shared-reader"
    assert '"Principal": {"AWS": "arn:aws:iam::444455556666:role/reporting-ec2"}' in shared[3]


def test_principals_without_studio_user_permissions_are_listed() -> None:
    assert steps("aws-doc").user_permissions == ["role studio-user-1", "role studio-user-2", "role studio-user-3"]
    assert steps("iam-studio").user_permissions == []  # emrgen attaches the basic permissions


def test_lake_formation_settings_are_a_manual_step() -> None:
    assert steps("sso-studio").lake_formation and not steps("iam-studio").lake_formation


def test_tls_bundle_must_cover_the_private_dns_names_of_each_region() -> None:
    assert private_dns_wildcard("us-east-1") == "*.ec2.internal"
    assert private_dns_wildcard("eu-west-1") == "*.eu-west-1.compute.internal"
    assert steps("multi-region").tls_names == [
        ("us-east-1", "*.ec2.internal"),
        ("eu-west-1", "*.eu-west-1.compute.internal"),
    ]


def test_an_existing_clusters_instance_profile_role_by_name_is_in_the_statement() -> None:
    """team-clusters gives `instance_profile_role: team-emr-ec2` (by name, resolved in each account)."""
    by_role = {role: clusters for role, clusters, _, _ in steps("team-clusters").trusts}
    assert by_role["team-etl-reader"] == [("team-interactive", "arn:<PARTITION>:iam::<ACCOUNT_ID>:role/team-emr-ec2")]


def test_grants_that_fail_for_want_of_trust_are_listed_with_their_fix() -> None:
    spec, _ = api.validate(ROOT / "tests" / "fixtures" / "warn" / "W140-grant-the-role-does-not-trust.yaml")
    todo = manual_steps(build_plan(spec))
    assert todo.untrusted == [
        ("u1", "writer", "main", "add writer to the runtime_roles of cluster main"),
        ("u1", "reader", "old", "give cluster old's instance_profile_role_arn or instance_profile_role"),
    ]
    assert todo  # never "Nothing" with a grant that fails


def test_the_studio_keys_via_service_names_the_pinned_regions_s3_endpoint() -> None:
    from generator.review.report import s3_endpoint

    assert s3_endpoint("eu-west-1") == "s3.eu-west-1.amazonaws.com"
    assert s3_endpoint("cn-north-1") == "s3.cn-north-1.amazonaws.com.cn"
    assert s3_endpoint(None).startswith("s3.<region>.amazonaws.com")


def test_many_failing_grants_are_listed_fifty_then_counted(tmp_path) -> None:
    import yaml

    spec = yaml.safe_load(
        (ROOT / "tests" / "fixtures" / "warn" / "W140-grant-the-role-does-not-trust.yaml").read_text()
    )
    spec["users"] = [
        {
            "name": f"u{i}",
            "principal": {"role": f"a{i}"},
            "access": [{"runtime_roles": ["writer"], "clusters": ["main"]}],
        }
        for i in range(53)
    ]
    path = tmp_path / "many.yaml"
    path.write_text(yaml.safe_dump(spec))
    review = api.render(path).files["REVIEW.md"]
    assert review.count("fails until the spec says more") == 50
    assert "- ... and 3 more grants that fail the same way: `emrgen validate --verbose` lists each (W140)." in review
