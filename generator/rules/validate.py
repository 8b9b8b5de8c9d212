"""Load, check structure, build the model, run the rules: the one entry point for a spec."""

from __future__ import annotations

from pathlib import Path

from ..errors import Finding, SpecError
from ..spec import load, model
from ..spec.model import SPEC
from ..spec.schema import Walk
from . import check as run_rules


def read_spec(path: str | Path) -> tuple[model.Spec, list[Finding]]:
    """Return the spec and its warnings; raise SpecError with every finding if it has errors."""
    return check_source(load.load_file(path))


def read_spec_bytes(data: bytes, name: str = "spec.yaml") -> tuple[model.Spec, list[Finding]]:
    return check_source(load.load_bytes(data, name))


def check_source(source: load.SpecSource) -> tuple[model.Spec, list[Finding]]:
    walk = Walk(source)
    walk.nodes[()] = source.root
    spec = model.build(SPEC.read(walk, source.root, ()), walk)
    if walk.findings:
        raise SpecError(walk.findings + best_effort_rules(spec))
    findings = run_rules(spec)
    if any(f.is_error for f in findings):
        raise SpecError(findings)
    return spec, sorted(findings)


def best_effort_rules(spec: model.Spec) -> list[Finding]:
    """With structural errors the model may be incomplete; still run the rules that can run, so a user
    sees a broken reference in the same pass as a misspelt key. A rule that trips over a missing value
    is skipped: its finding will come once the structure is fixed."""
    if spec.version is None or spec.name is None:
        return []
    return [f for f in run_rules(spec, tolerant=True) if f.is_error]
