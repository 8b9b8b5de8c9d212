"""Plan-stage limits (rules/plan/, E401-E406): the planner measures and never reports; the rules judge the
measurements and locate each finding at its spec entry."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.plan import build_plan
from generator.rules import check_plan
from generator.rules.validate import read_spec

from ..conftest import EXAMPLES, FIXTURES
from .test_rules import expectations

LIMITS = sorted((FIXTURES / "bad").glob("E40*.yaml"))


@pytest.mark.parametrize("path", LIMITS, ids=lambda p: p.stem)
def test_the_planner_measures_and_the_plan_rules_report(path: Path) -> None:
    spec, _ = read_spec(path)  # a limit is no spec rule: the spec itself is valid
    plan = build_plan(spec)  # and planning does not stop or report
    assert not hasattr(plan, "findings")
    got = {(f.code, f.line) for f in check_plan(plan)}
    for code, line in expectations(path):
        assert (code, line) in got, f"expected {code} at line {line}; got {sorted(got)}"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_fit_every_limit(path: Path) -> None:
    spec, _ = read_spec(path)
    plan = build_plan(spec)
    assert check_plan(plan) == []
    assert [r.key for r in plan.measured.roles] == [r.key for r in plan.resources if r.kind == "role"], (
        "every role emrgen creates is measured"
    )


def test_a_rule_judges_a_measurement_at_its_spec_entry() -> None:
    """The judgement depends on the measurement alone: a role measured too large is reported at its name."""
    path = next(p for p in EXAMPLES if p.name == "iam-studio.yaml")
    spec, _ = read_spec(path)
    plan = build_plan(spec)
    role = next(r for r in plan.measured.roles if r.key.startswith("runtime_role/"))
    plan.measured.roles = [dataclasses.replace(role, trust=2049, inline=10241)]
    [trust, inline] = sorted(check_plan(plan), key=lambda f: f.code)
    name = role.key.split("/", 1)[1]
    assert (trust.code, inline.code) == ("E404", "E405")
    assert "2049 characters" in trust.message and "10241 characters" in inline.message
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if f"name: {name}" in text)
    assert trust.line == inline.line == line
