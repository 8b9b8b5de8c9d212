"""The access matrix is the intersection of both sides (issue 11 item 2): the user's policy lets them ask for a
runtime role on a cluster, and the cluster's instance profile gets the role's credentials only if the role trusts
it (Management Guide, "Runtime roles for Amazon EMR steps", emr-steps-runtime-roles.html, the trust policy)."""

from __future__ import annotations

from generator.plan import build_plan
from generator.review import access
from generator.rules.validate import read_spec_bytes

SPEC = b"""version: 1
name: t
account_id: "111122223333"
network: {vpc_id: vpc-0123456789abcdef0, subnet_ids: [subnet-0123456789abcdef0]}
runtime_roles:
  - name: a
  - name: b
  - name: team-x
clusters:
  - {name: made, runtime_roles: [a]}
  - {name: made2, runtime_roles: [b]}
  - {name: old, id: j-AAA, instance_profile_role_arn: "arn:aws:iam::111122223333:role/old-ec2", tags: {env: prod}}
users:
  - name: u
    principal: {role: analyst}
    access:
      - runtime_roles: [b]
        clusters: [made]
      - runtime_roles: [a]
      - runtime_roles: ["team-*"]
        cluster_tags: {env: prod}
"""


def cells() -> dict:
    spec, _ = read_spec_bytes(SPEC)
    return {(c.runtime_role, c.clusters): c for c in access.matrix(build_plan(spec))}


def test_a_row_on_a_cluster_whose_instance_profile_the_role_does_not_trust_says_so() -> None:
    cell = cells()[("b", "made")]
    assert cell.trust.startswith("not trusted: b does not trust made's instance-profile role")


def test_any_cluster_names_the_clusters_where_it_works_today() -> None:
    cell = cells()[("a", access.ANY_CLUSTER)]
    # a is used on made (its runtime_roles) and on old (granted on any cluster): both trust it; made2 does not.
    assert cell.trust == (
        "works today on made, old; another cluster works once the spec lets it use a "
        '(its runtime_roles; SPEC.md §5 "Trust follows use")'
    )


def test_a_declared_role_reached_only_through_a_pattern_is_a_pattern_row() -> None:
    got = cells()
    assert got[("team-x", "old")].match == "pattern"
    assert got[("team-x", "old")].trust.startswith("trusted: team-x trusts old's")
    assert got[("a", access.ANY_CLUSTER)].match == "exact"


def test_explain_table_has_the_trust_column() -> None:
    assert "Role's trust (instance profile)" in access.as_table(list(cells().values())).splitlines()[0]
