"""The read-only guard, the optional boto3 extra, and IAM statements -> access rows (exact or reported)."""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner

from generator.aws import client as aws_client
from generator.aws.policy_rows import Problem, Row, principal_rows, statement_row
from generator.cli import app
from generator.errors import UsageError

from . import moto_account as m

SESSION, STEPS = "elasticmapreduce:GetClusterSessionCredentials", "elasticmapreduce:AddJobFlowSteps"
ROLE = "arn:aws:iam::123456789012:role/"
CLUSTER = "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/"
runner = CliRunner()


def test_the_guard_refuses_every_write_before_it_is_sent(endpoint) -> None:
    m.reset(endpoint)  # moto's accounts live in the process: other modules' servers may have left roles in them
    with m.aws_env(endpoint, m.TESTING):
        account = aws_client.Account()
        with pytest.raises(aws_client.WriteRefused):
            account.call("iam", "CreateRole", RoleName="x", AssumeRolePolicyDocument="{}")
        with pytest.raises(aws_client.WriteRefused):  # even through the client itself: the hook is on it
            account.client("iam").create_role(RoleName="x", AssumeRolePolicyDocument="{}")
        with pytest.raises(aws_client.WriteRefused):
            list(account.items("iam", "DeleteRole", "x"))
        assert account.client("iam").list_roles()["Roles"] == []  # nothing was created
    assert account.config.retries == {"mode": "adaptive", "total_max_attempts": 1}  # AWS_MAX_ATTEMPTS=1 in tests


@pytest.mark.parametrize(
    "operation, read_only",
    [
        ("GetRole", True),
        ("ListRoles", True),
        ("DescribeCluster", True),
        ("CreateRole", False),
        ("PutRolePolicy", False),
        ("TerminateJobFlows", False),
        ("AddJobFlowSteps", False),
        ("Getaway", True),
    ],
)
def test_read_only_names(operation: str, read_only: bool) -> None:
    assert aws_client.is_read_only(operation) is read_only


def test_without_boto3_the_commands_say_how_to_install_it(monkeypatch, tmp_path) -> None:
    monkeypatch.setitem(sys.modules, "boto3", None)  # import boto3 -> ImportError
    with pytest.raises(UsageError, match=r"pip install 'emrgen\[aws\]'"):
        aws_client.require_boto3()
    result = runner.invoke(app, ["import", "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "emrgen: error: emrgen import and drift read AWS with boto3, which is not installed: pip install 'emrgen[aws]'"
    )
    assert runner.invoke(app, ["--help"]).exit_code == 0
    assert "import" in runner.invoke(app, ["--help"]).stdout


def test_import_refuses_to_overwrite(tmp_path) -> None:
    (tmp_path / "x.yaml").write_text("keep")
    result = runner.invoke(app, ["import", "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2 and "does not overwrite" in result.stderr
    assert (tmp_path / "x.yaml").read_text() == "keep"


def test_drift_of_an_invalid_spec_exits_2(tmp_path) -> None:
    (tmp_path / "bad.yaml").write_text("version: 2\n")
    result = runner.invoke(app, ["drift", str(tmp_path / "bad.yaml")])
    assert result.exit_code == 2 and "Traceback" not in result.output


def row(statement: dict):
    return statement_row("role analyst", "p", 1, {"Sid": "S", **statement}, "aws", "us-east-1", "123456789012")


def test_what_emrgen_writes_becomes_a_row() -> None:
    found = row(
        {
            "Effect": "Allow",
            "Action": [SESSION, STEPS],
            "Resource": [CLUSTER + "j-ABC"],
            "Condition": {
                "StringEquals": {
                    "elasticmapreduce:ExecutionRoleArn": [ROLE + "a"],
                    "elasticmapreduce:ResourceTag/team": "data",
                }
            },
        }
    )
    assert found == Row(frozenset({SESSION, STEPS}), [ROLE + "a"], [], ["j-ABC"], {"team": "data"}, ["p#S"])
    found = row(
        {
            "Effect": "Allow",
            "Action": "elasticmapreduce:*",
            "Resource": "*",
            "Condition": {"StringLike": {"elasticmapreduce:ExecutionRoleArn": ROLE + "team-*"}},
        }
    )
    assert (found.patterns, found.clusters, found.actions) == ([ROLE + "team-*"], "any", frozenset({SESSION, STEPS}))


@pytest.mark.parametrize(
    "statement, reason",
    [
        ({"Effect": "Deny", "Action": SESSION, "Resource": "*"}, "Effect Deny"),
        (
            {
                "Effect": "Allow",
                "NotAction": "s3:*",
                "Resource": "*",
                "Condition": {"StringEquals": {"elasticmapreduce:ExecutionRoleArn": ROLE + "a"}},
            },
            "NotAction",
        ),
        ({"Effect": "Allow", "Action": SESSION, "Resource": "*"}, "grants every runtime role"),
        (
            {
                "Effect": "Allow",
                "Action": SESSION,
                "Resource": CLUSTER + "j-*",
                "Condition": {"StringEquals": {"elasticmapreduce:ExecutionRoleArn": ROLE + "a"}},
            },
            "neither",
        ),
        (
            {
                "Effect": "Allow",
                "Action": SESSION,
                "Resource": "arn:aws:elasticmapreduce:eu-west-1:123456789012:cluster/j-A",
                "Condition": {"StringEquals": {"elasticmapreduce:ExecutionRoleArn": ROLE + "a"}},
            },
            "neither",
        ),
        (
            {
                "Effect": "Allow",
                "Action": SESSION,
                "Resource": "*",
                "Condition": {"ArnLike": {"elasticmapreduce:ExecutionRoleArn": ROLE + "a*"}},
            },
            "operator ArnLike",
        ),
        (
            {
                "Effect": "Allow",
                "Action": SESSION,
                "Resource": "*",
                "Condition": {"StringEquals": {"elasticmapreduce:ExecutionRoleArn": ROLE + "a*"}},
            },
            "literally",
        ),
        (
            {
                "Effect": "Allow",
                "Action": SESSION,
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"elasticmapreduce:ExecutionRoleArn": ROLE + "a"},
                    "StringLike": {"elasticmapreduce:ExecutionRoleArn": ROLE + "b*"},
                },
            },
            "ANDed",
        ),
        (
            {
                "Effect": "Allow",
                "Action": SESSION,
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"elasticmapreduce:ExecutionRoleArn": ROLE + "a", "aws:SourceIp": "10.0.0.1"}
                },
            },
            "condition key aws:SourceIp",
        ),
        (
            {
                "Effect": "Allow",
                "Action": SESSION,
                "Resource": "*",
                "Condition": {
                    "StringEquals": {
                        "elasticmapreduce:ExecutionRoleArn": ROLE + "a",
                        "elasticmapreduce:ResourceTag/t": ["x", "y"],
                    }
                },
            },
            "one tag value",
        ),
    ],
)
def test_what_a_row_cannot_say_is_reported_with_policy_and_sid(statement: dict, reason: str) -> None:
    found = row(statement)
    assert isinstance(found, Problem), found
    assert found.where == "p#S" and reason in found.reason, found.reason


def test_unrelated_statements_are_ignored_and_steps_alone_is_reported() -> None:
    assert row({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}) is None
    rows, problems = principal_rows(
        "role r",
        [
            (
                "p",
                {
                    "Statement": [
                        {
                            "Sid": "Steps",
                            "Effect": "Allow",
                            "Action": STEPS,
                            "Resource": "*",
                            "Condition": {"StringEquals": {"elasticmapreduce:ExecutionRoleArn": ROLE + "a"}},
                        },
                        {
                            "Sid": "A",
                            "Effect": "Allow",
                            "Action": SESSION,
                            "Resource": "*",
                            "Condition": {"StringEquals": {"elasticmapreduce:ExecutionRoleArn": ROLE + "a"}},
                        },
                        {
                            "Sid": "B",
                            "Effect": "Allow",
                            "Action": SESSION,
                            "Resource": "*",
                            "Condition": {"StringLike": {"elasticmapreduce:ExecutionRoleArn": ROLE + "b*"}},
                        },
                    ]
                },
            )
        ],
        "aws",
        "us-east-1",
        "123456789012",
    )
    assert [p.where for p in problems] == ["p#Steps"]
    assert len(rows) == 1 and rows[0].exact == [ROLE + "a"] and rows[0].patterns == [ROLE + "b*"]


def test_reading_iam_draws_a_progress_bar_on_a_terminal(endpoint, monkeypatch) -> None:
    """Accounts with many roles: every page is read (IAM returns 100 roles a page), and the bar (on a terminal
    only: generator/progress.py) advances once per principal."""
    from contextlib import contextmanager

    from generator.aws import inventory as inv

    m.reset(endpoint)
    iam = m.client(endpoint, m.TESTING, "iam")
    names = [f"r{i:03}" for i in range(105)]
    for name in names:
        iam.create_role(RoleName=name, AssumeRolePolicyDocument="{}")
    assert iam.list_roles()["IsTruncated"]  # more than one page
    seen = []

    @contextmanager
    def bar(total, label):
        seen.append(total)
        yield seen.append

    monkeypatch.setattr("generator.progress.bar", bar)
    with m.aws_env(endpoint, m.TESTING):
        found = inv.read_account(aws_client.Account())
    assert seen[0] == 105 and sorted(seen[1:]) == [f"role {n}" for n in names]
    assert sorted(p.name for p in found.principals) == names
