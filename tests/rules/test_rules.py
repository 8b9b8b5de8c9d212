"""Table tests: every fixture under fixtures/bad and fixtures/warn names the codes and lines it must produce."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import api, rules
from generator.errors import SpecError

from ..conftest import FIXTURES, ROOT

BAD = sorted((FIXTURES / "bad").glob("*.yaml"))
WARN = sorted((FIXTURES / "warn").glob("*.yaml"))
EXPECT = re.compile(r"^# expect: ([EW]\d{3}) (\d+)$", re.M)
# Codes that need a file no YAML fixture can be (tested in test_load.py).
CODES_TESTED_ELSEWHERE = {"E001", "E002", "E006"}


def expectations(path: Path) -> list[tuple[str, int]]:
    found = [(code, int(line)) for code, line in EXPECT.findall(path.read_text(encoding="utf-8"))]
    assert found, f"{path.name} has no '# expect: CODE LINE' line"
    return found


def read_spec(path):
    return api.validate(path)  # structure, rules and AWS limits


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_bad_fixture_is_rejected_at_the_expected_line(path: Path) -> None:
    with pytest.raises(SpecError) as info:
        read_spec(path)
    got = {(f.code, f.line) for f in info.value.findings}
    for code, line in expectations(path):
        assert (code, line) in got, f"expected {code} at line {line}; got {sorted(got)}"
    assert all(f.file == str(path) for f in info.value.findings), "findings name the spec as given (issue 13)"


@pytest.mark.parametrize("path", WARN, ids=lambda p: p.stem)
def test_warning_fixture_is_valid_and_warns(path: Path) -> None:
    _, warnings = read_spec(path)
    got = {(f.code, f.line) for f in warnings}
    for code, line in expectations(path):
        assert (code, line) in got, f"expected {code} at line {line}; got {sorted(got)}"
    assert all(f.severity == "warning" for f in warnings)


def emitted_codes() -> set[str]:
    """Every code a spec can get: the codes the rule modules declare (CODES; test_catalogue.py checks that a rule
    raises no other), and the spec reader's own (loader and structure, generator/spec/, which has no rules)."""
    codes = {code for module in rules.ALL_RULES for code in module.CODES}
    for source in (ROOT / "generator" / "spec").rglob("*.py"):
        codes |= set(re.findall(r'"([EW]\d{3})"', source.read_text(encoding="utf-8")))
    return codes


def test_every_code_has_a_fixture() -> None:
    covered = {code for path in BAD + WARN for code, _ in expectations(path)} | CODES_TESTED_ELSEWHERE
    missing = emitted_codes() - covered
    assert not missing, f"codes without a fixture: {sorted(missing)}"


def test_every_code_is_documented() -> None:
    catalogue = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    missing = {code for code in emitted_codes() if f"### {code}" not in catalogue}
    assert not missing, f"codes missing from docs/errors.md: {sorted(missing)}"


def test_all_findings_are_reported_at_once(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "version: 1\nname: t\nusers:\n  - name: a\n    principal: {role: r}\n    access:\n"
        "      - runtime_roles: [nope1]\n      - runtime_roles: [nope2]\n        clusters: [nope3]\n"
    )
    with pytest.raises(SpecError) as info:
        read_spec(spec)
    errors = [(f.code, f.line) for f in info.value.findings if f.is_error]
    assert errors == [("E201", 7), ("E201", 8), ("E202", 9)]


def test_unknown_key_suggests_the_closest() -> None:
    with pytest.raises(SpecError) as info:
        read_spec(FIXTURES / "bad" / "E101-unknown-key.yaml")
    assert "did you mean 'name'?" in info.value.findings[0].message


def test_unknown_enum_value_lists_the_allowed_ones() -> None:
    with pytest.raises(SpecError) as info:
        read_spec(FIXTURES / "bad" / "E104-auth-mode.yaml")
    [finding] = [f for f in info.value.findings if f.code == "E104"]
    assert "IAM, SSO" in finding.message


@pytest.mark.parametrize(
    "release, ok",
    [
        ("emr-6.11.0", True),
        ("emr-6.10.9", False),
        ("emr-7.0.0", True),
        ("emr-5.36.2", False),
        ("emr-6.11", False),
        ("emr-10.0.1", True),
        ("emr-07.05.00", False),  # leading zeros: not a label EMR writes (review of issue 11.12)
        ("emr-7.05.0", False),
    ],
)
def test_release_label_boundary(tmp_path: Path, release: str, ok: bool) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "version: 1\nname: t\nnetwork: {vpc_id: vpc-0123456789abcdef0, subnet_ids: [subnet-0123456789abcdef0]}\n"
        f"runtime_roles: [{{name: r}}]\nclusters:\n  - name: c\n    release_label: {release}\n"
    )
    if ok:
        read_spec(spec)
    else:
        with pytest.raises(SpecError) as info:
            read_spec(spec)
        assert [f.code for f in info.value.findings if f.is_error] == ["E301"]


@pytest.mark.parametrize(
    "release, named",
    [
        ("emr-6.16.0", "the newest it knows of 6.x is emr-6.15.0"),
        ("emr-6.99.0", "the newest it knows of 6.x is emr-6.15.0"),
        ("emr-7.5.9", "the newest it knows of the 7.5 series is emr-7.5.0"),
        ("emr-7.50.0", "the newest it knows of 7.x is emr-7.13.0"),
        ("emr-9.0.0", "the newest it knows is emr-7.13.0"),
        ("emr-7.13.0", None),
        ("emr-6.11.1", None),
        ("emr-6.15.0", None),
    ],
)
def test_w131_names_the_newest_known_release_of_the_series(tmp_path: Path, release: str, named: str | None) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "version: 1\nname: t\nnetwork: {vpc_id: vpc-0123456789abcdef0, subnet_ids: [subnet-0123456789abcdef0]}\n"
        f"runtime_roles: [{{name: r}}]\nclusters:\n  - name: c\n    release_label: {release}\n"
    )
    _, warnings = read_spec(spec)
    found = [f.message for f in warnings if f.code == "W131"]
    if named is None:
        assert found == []
    else:
        [message] = found
        assert f"'{release}' is not a release emrgen knows; {named} " in message


def test_e205_does_not_advise_all_where_all_is_refused() -> None:
    """Review of issue 11.1: E205 advised `runtime_roles: all`, the value the user had written on an existing cluster
    (where it was ignored). Now `all` there is E307 and E205 says `all` is a created cluster's default."""
    with pytest.raises(SpecError) as info:
        read_spec(FIXTURES / "bad" / "E307-existing-runtime-roles-all.yaml")
    by_code = {f.code: f.message for f in info.value.findings if f.is_error}
    assert "(runtime_roles: all)" not in by_code["E205"]
    assert "add it to the runtime_roles list of a cluster emrgen creates" in by_code["E205"]
    assert by_code["E307"].startswith("runtime_roles: all only applies to clusters emrgen creates")


def test_structural_and_reference_errors_come_in_one_pass(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "version: 1\nname: t\nruntime_roles:\n  - {name: r, arn: 'arn:aws:iam::111122223333:role/r', colour: x}\n"
        "users:\n  - name: a\n    principal: {role: x}\n    access: [{runtime_roles: [nope]}]\n"
    )
    with pytest.raises(SpecError) as info:
        read_spec(spec)
    assert {f.code for f in info.value.findings if f.is_error} == {"E101", "E201"}
