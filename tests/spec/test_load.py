"""The loader: unreadable files, encodings, YAML errors, size and alias bombs, scalars read as written."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.errors import SpecError
from generator.rules.validate import read_spec, read_spec_bytes
from generator.spec.load import MAX_SPEC_BYTES

# A user makes a spec that creates something (E317 rejects one that creates nothing).
USER = b"users: [{name: a, principal: {role: r}, access: [{runtime_roles: ['arn:aws:iam::111122223333:role/x']}]}]\n"


def codes(exc: SpecError) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in exc.findings]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as info:
        read_spec(tmp_path / "nope.yaml")
    assert codes(info.value) == [("E001", 1)]
    assert "does not exist" in info.value.findings[0].message


def test_directory_is_not_a_spec(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as info:
        read_spec(tmp_path)
    assert codes(info.value) == [("E001", 1)]


def test_not_utf8_names_the_line() -> None:
    with pytest.raises(SpecError) as info:
        read_spec_bytes(b"version: 1\nname: t\ntags: {a: \xff}\n")
    assert codes(info.value) == [("E002", 3)]


def test_oversized_spec() -> None:
    with pytest.raises(SpecError) as info:
        read_spec_bytes(b"#" * (MAX_SPEC_BYTES + 1))
    assert codes(info.value) == [("E006", 1)]


def test_billion_laughs_fails_fast() -> None:
    lines = ["version: 1", "name: t", 'a0: &a0 ["lol"]']
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines.append("tags: *a29")
    started = time.perf_counter()
    with pytest.raises(SpecError) as info:
        read_spec_bytes("\n".join(lines).encode())
    assert time.perf_counter() - started < 2
    assert {"E101", "E103"} & {f.code for f in info.value.findings}


def test_wide_alias_tree_is_capped() -> None:
    # Aliases nested where the schema accepts them (users -> access -> runtime_roles) would expand to
    # 1000 x 1000 x 10 values; the walk stops at MAX_NODES with a located E006 instead.
    roles = "[" + ", ".join(f"r{i}" for i in range(10)) + "]"
    lines = ["version: 1", "name: t", f"x-access: &a {{runtime_roles: {roles}}}"]
    lines.append("x-user: &u {name: u, principal: {role: r}, access: [" + ", ".join(["*a"] * 1000) + "]}")
    lines.append("users: [" + ", ".join(["*u"] * 1000) + "]")
    started = time.perf_counter()
    with pytest.raises(SpecError) as info:
        read_spec_bytes("\n".join(lines).encode())
    assert time.perf_counter() - started < 10
    assert "E006" in {f.code for f in info.value.findings}


def test_unquoted_scalars_stay_as_written() -> None:
    spec, _ = read_spec_bytes(
        b"version: 1\nname: t\naccount_id: 011122223333\ntags: {on: yes, n: 0123, x: 1e3}\n" + USER
    )
    assert spec.account_id == "011122223333"
    assert spec.tags == {"on": "yes", "n": "0123", "x": "1e3"}


def test_explicit_empty_or_null_is_not_absent() -> None:
    # SPEC.md §5: `key:` or `key: null` is an error at its line, never the default.
    with pytest.raises(SpecError) as info:
        read_spec_bytes(b"version: 1\nname: t\nregion: ~\naccount_id: null\nclusters:\n  - name: c\n    id:\n" + USER)
    found = {f.line: f.message for f in info.value.findings if f.code == "E103"}
    assert sorted(found) == [3, 4, 7]
    assert found[7] == "id: expected text, got nothing (an empty value is not the same as leaving the key out)"
    assert found[4] == "account_id: expected text, got null (null is not the same as leaving the key out)"


def test_leaving_a_key_out_gives_its_default() -> None:
    spec, _ = read_spec_bytes(
        b"version: 1\nname: t\nnetwork: {vpc_id: vpc-01234567, subnet_ids: [subnet-01234567]}\n"
        b"clusters: [{name: c}]\n" + USER
    )
    assert spec.region is None and spec.account_id is None and spec.clusters[0].created
    assert spec.security_configuration.name == "t-runtime-roles"
    assert (spec.clusters[0].primary.count, spec.clusters[0].core.count, spec.quota) == (1, 2, 10)


def test_null_tag_value_is_an_error() -> None:
    with pytest.raises(SpecError) as info:
        read_spec_bytes(b"version: 1\nname: t\ntags: {a: null}\n" + USER)
    assert codes(info.value) == [("E103", 3)]


def test_bom_is_accepted() -> None:
    spec, _ = read_spec_bytes("\ufeffversion: 1\nname: t\n".encode() + USER)
    assert spec.name == "t"


def test_merge_keys_work() -> None:
    spec, _ = read_spec_bytes(b"version: 1\nname: t\ntags:\n  <<: {team: data}\n  env: dev\n" + USER)
    assert spec.tags == {"team": "data", "env": "dev"}
