"""runtime_roles[].glue through the IAM evaluator: the databases named are readable (and writable where asked),
with the catalog and database ancestors Glue requires; a decoy database is not (issue 17)."""

from __future__ import annotations

import pytest

from generator.plan import build_plan
from generator.review.evaluate import Request, evaluate
from generator.rules.validate import read_spec

SPEC = """\
version: 1
name: gluetest
account_id: "111122223333"
region: eu-west-1
partition: aws
network: {vpc_id: vpc-0123456789abcdef0, subnet_ids: [subnet-0123456789abcdef0]}
runtime_roles:
  - name: reader
    glue: {read: [sales, marketing]}
  - name: curator
    glue: {read: [sales], write: [curated]}
  - name: everything
    glue: {read: ["*"]}
clusters:
  - name: c1
"""
# Written by hand from the Glue ARN formats (Glue DG, "Specifying AWS Glue resource ARNs").
CATALOG = "arn:aws:glue:eu-west-1:111122223333:catalog"


def db(name):
    return f"arn:aws:glue:eu-west-1:111122223333:database/{name}"


def table(database, name="orders"):
    return f"arn:aws:glue:eu-west-1:111122223333:table/{database}/{name}"


@pytest.fixture(scope="module")
def policies(tmp_path_factory):
    path = tmp_path_factory.mktemp("glue") / "spec.yaml"
    path.write_text(SPEC)
    spec, _ = read_spec(path)
    plan = build_plan(spec)
    return {
        name: [(p, doc) for p, doc in plan.get(f"runtime_role/{name}").props["inline_policies"]]
        for name in ("reader", "curator", "everything")
    }


def allowed(policies, role, action, resource) -> bool:
    return evaluate(policies[role], Request(action, resource, {})).allowed


@pytest.mark.parametrize("resource", [CATALOG, db("sales"), table("sales"), db("marketing"), table("marketing")])
def test_reader_reads_the_databases_named_and_their_ancestors(policies, resource) -> None:
    action = "glue:GetDatabase" if ":table/" not in resource else "glue:GetTable"
    assert allowed(policies, "reader", action, resource)


@pytest.mark.parametrize(
    "action,resource",
    [
        ("glue:GetTable", table("decoy")),
        ("glue:GetDatabase", db("decoy")),
        ("glue:GetPartitions", table("decoy")),
        ("glue:GetTable", table("salesx")),  # a prefix of another database is not that database
        ("glue:CreateTable", table("sales")),
        ("glue:DeleteTable", table("marketing")),  # read is not write
    ],
)
def test_reader_is_denied_the_decoy_and_writes(policies, action, resource) -> None:
    assert not allowed(policies, "reader", action, resource)


def test_writer_writes_only_its_write_database(policies) -> None:
    assert allowed(policies, "curator", "glue:CreateTable", table("curated"))
    assert allowed(policies, "curator", "glue:BatchCreatePartition", table("curated"))
    assert allowed(policies, "curator", "glue:GetTable", table("curated"))  # write implies read
    assert allowed(policies, "curator", "glue:GetTable", table("sales"))
    assert not allowed(policies, "curator", "glue:UpdateTable", table("sales"))
    assert not allowed(policies, "curator", "glue:GetTable", table("decoy"))


def test_star_reads_every_database_but_writes_none(policies) -> None:
    assert allowed(policies, "everything", "glue:GetTable", table("decoy"))
    assert not allowed(policies, "everything", "glue:CreateTable", table("decoy"))


def test_review_lists_the_glue_grants_and_lake_formation(tmp_path) -> None:
    from generator import api

    path = tmp_path / "spec.yaml"
    path.write_text(SPEC.replace("network:", "security_configuration: {lake_formation: true}\nnetwork:"))
    review = api.render(path).files["REVIEW.md"]
    assert "- `reader`: reads `sales`, `marketing`\n" in review
    assert "- `curator`: reads `sales`, `curated`; writes tables and partitions in `curated`\n" in review
    assert "- `everything`: reads every database\n" in review
    assert "Lake Formation grants decide which tables" in review and "lakeformation:GetDataAccess" in review
    path.write_text(SPEC)
    assert "Lake Formation grants decide" not in api.render(path).files["REVIEW.md"]
