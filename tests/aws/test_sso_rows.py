"""SSO import without an endpoint: an inventory as read (a Studio with session mappings, the user role, the
session policies) through ``import_inventory``, for the cases the sso-studio round trip does not reach."""

from __future__ import annotations

from types import SimpleNamespace

from generator.aws.importer import import_inventory
from generator.aws.inventory import Inventory, Principal

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/"
POLICY = f"arn:aws:iam::{ACCOUNT}:policy/"
SESSION, STEPS = "elasticmapreduce:GetClusterSessionCredentials", "elasticmapreduce:AddJobFlowSteps"
EMR_TRUST = {
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "elasticmapreduce.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ]
}


def grant(sid: str, roles, actions=(SESSION,), operator="StringEquals", resource="*") -> dict:
    return {
        "Sid": sid,
        "Effect": "Allow",
        "Action": list(actions),
        "Resource": resource,
        "Condition": {operator: {"elasticmapreduce:ExecutionRoleArn": [ROLE + r for r in roles]}},
    }


def imported(session_policies: dict, user_role: list, mappings: list, studios: int = 1):
    """import_inventory over a Studio whose user role holds ``user_role`` statements (inline)."""
    account = SimpleNamespace(partition="aws", account_id=ACCOUNT, region="us-east-1")
    inventory = Inventory(account)
    inventory.principals.append(
        Principal("role", "studio-user", ROLE + "studio-user", "/", {"p": {"Statement": user_role}}, [], EMR_TRUST)
    )
    inventory.managed_documents = {
        POLICY + n: ({"Statement": s} if s is not None else None) for n, s in session_policies.items()
    }
    for n in range(studios):
        studio = {
            "StudioId": f"es-{n}",
            "AuthMode": "SSO",
            "UserRole": ROLE + "studio-user",
            "ServiceRole": ROLE + "svc",
        }
        inventory.studios.append(studio)
        inventory.session_mappings[studio["StudioId"]] = [
            {"IdentityType": t, "IdentityName": name, "SessionPolicyArn": POLICY + p} for t, name, p in mappings
        ]
    return import_inventory(inventory, "x")


def test_a_role_the_user_role_does_not_allow_is_listed_and_the_rest_kept() -> None:
    out = imported(
        {"x-user-ann": [grant("Both", ["a", "b"])]}, [grant("OnlyA", ["a"])], [("USER", "ann", "x-user-ann")]
    )
    assert out.spec["users"] == [
        {"name": "ann", "principal": {"sso_user": "ann"}, "steps": False, "access": [{"runtime_roles": [ROLE + "a"]}]}
    ]
    assert out.not_reproduced == [
        f"sso_user ann: x-user-ann#Both: the Studio user role studio-user does not allow it for {ROLE}b (a session "
        "gets only what both the user role and the session policy allow) (not reproduced)"
    ]
    assert (
        "users" not in imported({"x-user-ann": [grant("Both", ["a", "b"])]}, [], [("USER", "ann", "x-user-ann")]).spec
    )


def test_steps_on_part_of_an_identitys_access_is_imported_without_steps_and_listed() -> None:
    policy = [
        grant("S", ["a"]),
        grant("T", ["b"], (SESSION, STEPS), resource=f"arn:aws:elasticmapreduce:us-east-1:{ACCOUNT}:cluster/j-1"),
    ]
    out = imported({"team": policy}, [grant("All", ["*"], (SESSION, STEPS), "StringLike")], [("GROUP", "Team", "team")])
    [user] = out.spec["users"]
    assert user["principal"] == {"sso_group": "Team"} and user["steps"] is False and user["name"] == "sso_group-Team"
    assert [a["runtime_roles"] for a in user["access"]] == [[ROLE + "a"], [ROLE + "b"]]
    assert out.not_reproduced == [
        "sso_group Team: team: AddJobFlowSteps on some of its access only; emrgen grants steps per user: "
        "imported without steps (not reproduced)"
    ]


def test_what_cannot_be_read_or_evaluated_is_listed() -> None:
    odd_role = [{**grant("When", ["a"]), "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}}]
    mappings = [("USER", "ann", "ok"), ("USER", "bob", "gone"), ("ROBOT", "r2", "ok")]
    out = imported(
        {"ok": [grant("G", ["a"])], "gone": None},
        odd_role,
        mappings,
        studios=2,
    )
    assert "users" not in out.spec
    lines = out.not_reproduced
    assert lines[:3] == [f"studio es-1: session mapping {t} {n}: a spec holds one studio" for t, n, _ in mappings]
    assert any(
        line.startswith("sso_user ann: ok#G: the Studio user role studio-user has a statement emrgen does not evaluate")
        for line in lines
    ), lines
    assert f"studio session mapping sso_user bob -> {POLICY}gone: its session policy cannot be read" in lines
    assert f"studio session mapping ROBOT r2 -> {POLICY}ok: identity type ROBOT" in lines
    assert "studio es-1: a spec holds one studio" in lines
    assert not any("only the EMR service may assume it" in line for line in lines)  # the user role: not a user
