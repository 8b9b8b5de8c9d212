"""The rule catalogue keeps its promises (DESIGN "one rule per file"): every rule module is listed in its stage's
RULES, declares its codes in CODES, names them and an AWS (or spec) source in its docstring, raises only the
codes it declares, and each declared code is raised by its own module on a fixture (test_rules.py checks
that each has a fixture expecting it and an entry in docs/errors.md)."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from generator import api, rules
from generator.errors import SpecError

from ..conftest import EXAMPLES, FIXTURES, ROOT
from .test_rules import BAD, WARN

RULES_DIR = ROOT / "generator" / "rules"
STAGES = {"spec": rules.spec_rules.RULES, "targets": rules.target_rules.RULES, "plan": rules.plan_rules.RULES}
CODE = re.compile(r"^[EW]\d{3}$")


def rule_files() -> list[Path]:
    """Every rule module on disk: the modules of the stage sub-packages, helpers (``_name.py``) aside."""
    return sorted(p for stage in STAGES for p in (RULES_DIR / stage).glob("*.py") if not p.name.startswith("_"))


def module_of(path: Path):
    return importlib.import_module(f"generator.rules.{path.parent.name}.{path.stem}")


def code_literals(path: Path) -> set[str]:
    """Every string constant in the module's code (docstrings aside) that looks like a finding code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CODE.match(node.value)
        and id(node) not in docstrings
    }


def test_every_rule_file_is_listed_once_in_its_stage() -> None:
    for stage, listed in STAGES.items():
        on_disk = {module_of(p).__name__ for p in rule_files() if p.parent.name == stage}
        names = [m.__name__ for m in listed]
        assert len(names) == len(set(names)), f"rules/{stage}: a rule is listed twice"
        assert set(names) == on_disk, f"rules/{stage}: listed {sorted(set(names) ^ on_disk)} differ from the files"
    assert rules.ALL_RULES == rules.SPEC_RULES + rules.PLAN_RULES


@pytest.mark.parametrize("path", rule_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_rule_module_declares_and_documents_its_codes(path: Path) -> None:
    module = module_of(path)
    codes = getattr(module, "CODES", ())
    assert codes and all(CODE.match(c) for c in codes), "CODES names the rule's code(s)"
    assert callable(getattr(module, "check", None)), "a rule module has check(subject, report)"
    doc = module.__doc__ or ""
    assert doc.startswith("/".join(codes) + ": "), "the docstring starts with 'CODE: what the rule enforces'"
    assert all(code in doc for code in codes), f"the docstring names every code of {codes}"
    assert re.search(r"^Sources?: \S", doc, re.M), "the docstring has a 'Source:' line (AWS page and section)"
    raised = code_literals(path)
    assert raised <= set(codes), f"raises undeclared codes {sorted(raised - set(codes))}"
    assert raised == set(codes), f"declares codes it never raises: {sorted(set(codes) - raised)}"


def test_no_code_is_declared_by_two_rules() -> None:
    seen: dict[str, str] = {}
    for module in rules.ALL_RULES:
        for code in module.CODES:
            assert code not in seen, f"{code} is declared by {seen[code]} and {module.__name__}"
            seen[code] = module.__name__


def test_codes_are_raised_only_by_rules_and_the_spec_reader() -> None:
    """Outside rules/ only the spec stage (loader, structure) raises spec codes: a planner or renderer
    cannot report a finding code that no rule module declares."""
    declared = {code for module in rules.ALL_RULES for code in module.CODES}
    stray = {}
    for path in (ROOT / "generator").rglob("*.py"):
        rel = path.relative_to(ROOT / "generator")
        if rel.parts[0] in ("rules", "spec"):
            continue
        found = set(re.findall(r'"([EW]\d{3})"', path.read_text(encoding="utf-8")))
        if found - declared:
            stray[str(rel)] = sorted(found - declared)
    assert not stray, f"codes raised outside a rule module: {stray}"


def test_each_code_is_raised_by_its_own_rule_on_the_fixtures(monkeypatch) -> None:
    """Run every fixture and example with each rule's check wrapped: a rule produces only the codes it declares,
    and every declared code is produced by its own rule on some fixture."""
    produced: dict[str, set[str]] = {m.__name__: set() for m in rules.ALL_RULES}

    def wrap(module):
        original = module.check

        def check(subject, report):
            before = len(report.findings)
            try:
                original(subject, report)
            finally:
                produced[module.__name__].update(f.code for f in report.findings[before:])

        return check

    for module in rules.ALL_RULES:
        monkeypatch.setattr(module, "check", wrap(module))
    for path in BAD + WARN + sorted((FIXTURES / "good").glob("*.yaml")) + EXAMPLES:
        try:
            api.validate(path)
        except SpecError:
            pass
    for module in rules.ALL_RULES:
        name = module.__name__
        assert produced[name] <= set(module.CODES), f"{name} produced {sorted(produced[name] - set(module.CODES))}"
        assert produced[name] == set(module.CODES), (
            f"{name}: no fixture triggers {sorted(set(module.CODES) - produced[name])}"
        )
