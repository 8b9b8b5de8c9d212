"""Hostile values (fixtures/good/hostile-values.yaml) reach CloudFormation and Terraform literally: nothing
interpolates, nothing breaks the file, nothing is evaluated as a template; and the output lints clean."""

from __future__ import annotations

import re

import hcl2
import yaml

from generator import api

from ..cfndecode import decode
from ..conftest import FIXTURES
from ..hclexpr import read
from .test_equivalence import tf_value

SPEC = FIXTURES / "good" / "hostile-values.yaml"


def spec_strings() -> set[str]:
    data = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    out: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str) and re.search(r"[\"'\\\n$%{}!~ü😀]|^(yes|no|null|true|0123|1e3)$", value):
            out.add(value)

    walk(data)
    return out


def cfn_strings(value, out: set[str]) -> set[str]:
    """Every string CloudFormation will see, with Fn::Sub resolved as CloudFormation resolves literals."""
    if isinstance(value, dict):
        if set(value) == {"Fn::Sub"}:
            sub = value["Fn::Sub"]
            if isinstance(sub, list):  # ["${Text}", {"Text": literal}]
                out.add(sub[1]["Text"])
            else:
                out.add(re.sub(r"\$\{(?!!)[^}]*\}", "", sub).replace("${!", "${"))
            return out
        for k, v in value.items():
            out.add(k)
            cfn_strings(v, out)
    elif isinstance(value, list):
        for v in value:
            cfn_strings(v, out)
    elif isinstance(value, str):
        out.add(value)
    return out


def tf_strings(value, out: set[str]) -> set[str]:
    if isinstance(value, dict):
        if set(value) == {"$template"}:
            out.add("".join(p for p in value["$template"] if isinstance(p, str)))
            return out
        for k, v in value.items():
            out.add(k)
            tf_strings(v, out)
    elif isinstance(value, list):
        for v in value:
            tf_strings(v, out)
    elif isinstance(value, str):
        out.add(value)
    return out


def contains(haystack: set[str], needle: str) -> bool:
    return any(needle in s for s in haystack)


def test_hostile_values_reach_cloudformation_literally() -> None:
    rendered = api.render(SPEC)
    found = cfn_strings(decode(rendered.files["cloudformation/template.yaml"], "t"), set())
    for value in spec_strings():
        assert contains(found, value.rstrip("/")) or contains(found, value.split("://", 1)[-1].rstrip("/")), value


def test_hostile_values_reach_terraform_literally() -> None:
    rendered = api.render(SPEC)
    found: set[str] = set()
    for rel, text in rendered.files.items():
        if rel.endswith(".tf"):
            for block in hcl2.loads(text).get("resource", []):
                for named in block.values():
                    for body in named.values():
                        for k, v in body.items():
                            if not k.startswith("__"):
                                tf_strings(tf_value(v), found)
    for value in spec_strings():
        assert contains(found, value.rstrip("/")) or contains(found, value.split("://", 1)[-1].rstrip("/")), value


def test_nothing_is_evaluated_as_a_template() -> None:
    rendered = api.render(SPEC)
    terraform = "".join(t for rel, t in rendered.files.items() if rel.startswith("terraform/"))
    for text in (rendered.files["cloudformation/template.yaml"], terraform):
        assert "{{ 7*7 }}" in text and "{% raw %}" in text
        assert not re.search(r"\b49\b", text)


def test_hostile_output_lints_clean() -> None:
    rendered = api.render(SPEC)
    assert api.lint_rendered(rendered, SPEC.parent) == []


def test_policy_variables_emitted_on_purpose_still_work() -> None:
    rendered = api.render(SPEC)
    template = rendered.files["cloudformation/template.yaml"]
    assert 'elasticmapreduce:ResourceTag/creatorUserId: "${aws:userId}"' in template
    users = rendered.files["terraform/users.tf"]
    assert '"elasticmapreduce:ResourceTag/creatorUserId" = "$${aws:userId}"' in users
    assert read('"$${aws:userId}"') == "${aws:userId}"
