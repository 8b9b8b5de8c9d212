"""Structural messages name the key they are about and quote what was written; YAML syntax errors add a hint."""

from __future__ import annotations

import pytest

from generator.errors import SpecError
from generator.rules.validate import read_spec_bytes

HEAD = b"version: 1\nname: t\n"
USER = b"users:\n  - name: a\n    principal: {role: r}\n    access: [{runtime_roles: ['arn:aws:iam::111122223333:role/x']}]\n"


def messages(body: bytes) -> dict[int, str]:
    """line -> message of each E1xx finding (structure), for a spec of HEAD + body."""
    with pytest.raises(SpecError) as info:
        read_spec_bytes(HEAD + body)
    return {f.line: f.message for f in info.value.findings if f.code.startswith("E1")}


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (USER + b"    steps: yes please\n", 7, "steps: expected true or false, got text 'yes please'"),
        (b"network: {vpc_id: vpc-01234567, subnet_ids: []}\n", 3, "subnet_ids: list has 0 items; expected 1..5"),
        (b"clusters: [{name: c, core: {count: lots}}]\n", 3, "count: expected a whole number, got text 'lots'"),
        (
            b"clusters: [{name: c, idle_timeout_seconds: 5}]\n",
            3,
            "idle_timeout_seconds: 5 is out of range (60..604800)",
        ),
        (b"studio: {auth_mode: iam}\n", 3, "auth_mode: 'iam' is not one of: IAM, SSO; did you mean 'IAM'?"),
        (b"runtime_roles: {name: r}\n", 3, "runtime_roles: expected a list, got a mapping"),
        (
            b"network:\n  vpc_id: vpc-01234567\n  subnet_ids: [subnet-01234567, 7]\n",
            5,
            "subnet_ids[1]: '7' is not valid: a subnet id such as subnet-0123456789abcdef0",
        ),
        (b"tags: {team: [a]}\n", 3, "team: expected text, got a list"),
        (b"account_id: 1.5\n", 3, "account_id: '1.5' is not valid: 12 digits, written as a quoted string"),
        (
            b"security_configuration: {lake_formation: 1}\n",
            3,
            "lake_formation: expected true or false, got a number (1)",
        ),
        (b"clusters: [{name: c, runtime_roles: some}]\n", 3, "runtime_roles: 'some' is not one of: all"),
        (
            b"clusters: [{name: c, runtime_roles: {a: b}}]\n",
            3,
            "runtime_roles: expected 'all' or a list, got a mapping",
        ),
        (b"network: {vpc_id: vpc-01234567, subnet_ids: [~]}\n", 3, "subnet_ids[0]: expected text, got null"),
    ],
)
def test_messages_name_the_key(body: bytes, line: int, message: str) -> None:
    assert messages(body).get(line) == message


def test_hostile_values_are_escaped_and_cut_short() -> None:
    found = messages(USER + b'    steps: "\\u202e' + b"x" * 100 + b'"\n')
    assert found[7].startswith("steps: expected true or false, got text '\\u202exxx")
    assert found[7].endswith("...'") and len(found[7]) < 100


def syntax_error(text: str) -> str:
    with pytest.raises(SpecError) as info:
        read_spec_bytes(text.encode())
    (finding,) = info.value.findings
    assert finding.code == "E003"
    return finding.message


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        (
            "version: 1\nname: t\ntags:\n\tteam: data\n",
            "hint: YAML indents with spaces only; replace the tab with spaces",
        ),
        ('version: 1\nname: "t\nregion: x\n', "hint: a quote is not closed (opened on line 2)"),
        (
            "version: 1\nname: t\nusers: [unclosed\n",
            "hint: a '[' is not closed (opened on line 3), or a ',' is missing",
        ),
        ("version: 1\nname: t\ntags: {a: b\n", "hint: a '{' is not closed (opened on line 3), or a ',' is missing"),
        (
            "version: 1\nname: t\nnetwork:\n    vpc_id: vpc-1\n  subnet_ids: []\n",
            "hint: check the indentation: keys of",
        ),
        ("version: 1\n name: t\n", "hint: check the indentation of this line, and quote a value that contains ': '"),
    ],
)
def test_yaml_syntax_errors_get_a_hint(text: str, hint: str) -> None:
    message = syntax_error(text)
    assert message.startswith("YAML syntax error: ")  # PyYAML's own wording stays, the hint follows it
    assert hint in message
