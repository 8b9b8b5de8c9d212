"""Any text reaches YAML, CloudFormation and HCL literally: property tests over arbitrary strings."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.hclfmt import align
from generator.render.quoting import hcl_str, yaml_key, yaml_str
from generator.render.values import CfnWriter, HclWriter, literal_with_dollar_brace

from ..hclexpr import read

HOSTILE = [
    '"quoted"',
    "back\\slash",
    "new\nline",
    "${AWS::AccountId}",
    "${aws:username}",
    "%{ if true }x%{ endif }",
    "{{ 7*7 }}",
    "{% raw %}",
    "!Ref X",
    "yes",
    "no",
    "null",
    "~",
    "0123",
    "1e3",
    "ünï©ødé ✓ 😀",
    "tab\there",
    "$${",
    "%%{",
    "a: b",
    "- item",
    "# comment",
    "",
    " lead",
    "trail ",
    "\u2028",
    "\x85",
    "\ufeff",
]
TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40))


@settings(max_examples=300)
@given(TEXT)
def test_yaml_scalar_round_trips(value: str) -> None:
    assert yaml.safe_load(f"k: {yaml_str(value)}") == {"k": value}
    assert yaml.safe_load(f"{yaml_key(value or 'x')}: 1") == {(value or "x"): 1}


@settings(max_examples=300)
@given(TEXT)
def test_hcl_string_round_trips(value: str) -> None:
    assert read(hcl_str(value)) == value


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["$", "%", "{", "}", "${", "%{", "a", '"', "\\"]), max_size=12).map("".join) | TEXT)
def test_python_hcl2_parses_every_quoted_string(value: str) -> None:
    import hcl2

    assert "a" in hcl2.loads(f"a = {hcl_str(value)}\n")
    assert read(hcl_str(value)) == value


@settings(max_examples=300)
@given(TEXT)
def test_cfn_literals_never_look_like_references(value: str) -> None:
    converted = CfnWriter(lambda ref: ("X", None)).convert(value)
    if isinstance(converted, str):
        assert converted == value
    else:  # !Sub ["${Text}", {Text: value}]: substituted once, as it is
        assert converted.value == ["${Text}", {"Text": value}]
        assert yaml.load(f"k: {converted.yaml()}", Loader=SubLoader) == {"k": ["${Text}", {"Text": value}]}


class SubLoader(yaml.SafeLoader):
    pass


SubLoader.add_constructor("!Sub", lambda loader, node: loader.construct_sequence(node, deep=True))


def test_sub_with_a_variable_map_for_dollar_brace() -> None:
    assert literal_with_dollar_brace("${AWS::AccountId}").yaml() == '!Sub ["${Text}", {Text: "${AWS::AccountId}"}]'


def test_hcl_writer_keeps_policy_variables_literal() -> None:
    text = HclWriter(lambda ref: "x").expr({"k": "${aws:userId}"})
    assert '"$${aws:userId}"' in text


def test_align_matches_terraform_fmt_rules() -> None:
    text = 'a {\n  x = 1\n  long_name = 2\n  p = jsonencode({\n    k = "="\n  })\n\n  y = 3\n}\n'
    assert align(text) == 'a {\n  x         = 1\n  long_name = 2\n  p = jsonencode({\n    k = "="\n  })\n\n  y = 3\n}\n'
