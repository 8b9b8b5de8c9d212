"""plan/kinds.py's promise: adding a kind is declaring it there, writing its two partials and adding it to the
plan. Each half fails here on its own: a declared kind without a partial, a partial without a declared kind,
and a kind the plan uses without a declaration."""

from __future__ import annotations

import re

import pytest

from generator.plan.kinds import BY_NAME, KINDS
from generator.render.env import templates_dir

# Per-kind partials: templates/<format>/_<kind>.<suffix>.j2.
FORMATS = {"cloudformation": "yaml", "terraform": "tf"}
# Partials every resource shares, named after what they write rather than a kind.
SHARED = {"cloudformation": {"metadata", "tags", "rules"}, "terraform": set()}


def partials(fmt: str) -> set[str]:
    suffix = FORMATS[fmt]
    found = set()
    for path in (templates_dir() / fmt).glob("_*.j2"):
        match = re.fullmatch(rf"_(\w+)\.{suffix}\.j2", path.name)
        assert match, f"{path.name}: a partial is named _<name>.{suffix}.j2"
        found.add(match.group(1))
    return found


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_declared_kind_has_its_partial(fmt) -> None:
    missing = {k.name for k in KINDS} - partials(fmt)
    assert not missing, f"kinds without templates/{fmt}/_<kind>.{FORMATS[fmt]}.j2: {sorted(missing)}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_partial_belongs_to_a_declared_kind(fmt) -> None:
    stray = partials(fmt) - set(BY_NAME) - SHARED[fmt]
    assert not stray, f"templates/{fmt} partials that no kind in plan/kinds.py declares: {sorted(stray)}"


def test_shared_partials_are_not_kinds() -> None:
    for fmt, names in SHARED.items():
        assert not names & set(BY_NAME), fmt
        assert names <= partials(fmt), fmt


def test_every_kind_the_plan_uses_is_declared(rendered_examples) -> None:
    used = {res.kind for rendered in rendered_examples.values() for res in rendered.plan.resources}
    undeclared = used - set(BY_NAME)
    assert not undeclared, f"the plan uses kinds plan/kinds.py does not declare: {sorted(undeclared)}"
    # The examples show every kind, so a declaration nothing uses is noticed too.
    assert used == set(BY_NAME), f"declared but used by no example: {sorted(set(BY_NAME) - used)}"


def test_terraform_partials_create_the_declared_type() -> None:
    # The partials name their resource type literally (for the reader); plan/kinds.py declares it for the rest.
    for kind in KINDS:
        text = (templates_dir() / "terraform" / f"_{kind.name}.tf.j2").read_text(encoding="utf-8")
        first = re.search(r'^resource "([^"]+)"', text, re.M)
        assert first, kind.name
        if kind.tf_type:
            assert first.group(1) == kind.tf_type, kind.name
