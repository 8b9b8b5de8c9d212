"""The house rules DESIGN.md states about the package, checked on the source: data flows one way through the
stage packages (no import cycles, no stage importing a later one), and no module grows past 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

from ..conftest import ROOT

PACKAGE = ROOT / "generator"
# Stages in pipeline order; a module may import its own stage and earlier ones only. The face (cli, api, hooks,
# ...) sits on top and may import anything. render -> check is the one sideways arrow: a renderer reads what it
# wrote back with check/readback.py before anything reaches the disk (DESIGN "Parse what you emit").
STAGES = ["errors", "spec", "plan", "rules", "render", "check", "review", "aws", "write"]
ALLOWED_EXTRA = {("render", "check")}
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every generator module ``path`` imports, at any depth of the file (lazy imports count too)."""
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("generator")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("generator"):
                continue
            for alias in node.names:  # "from . import x" imports the module x
                sub = f"{target}.{alias.name}"
                found.add(sub if module_file(sub) else target)
    return found - {me}


def module_file(name: str) -> Path | None:
    base = ROOT / Path(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def test_no_import_cycles() -> None:
    edges = graph()
    done, stack, cycles = set(), [], []

    def visit(node: str) -> None:
        if node in stack:
            cycles.append(stack[stack.index(node) :] + [node])
            return
        if node in done:
            return
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            # a package's __init__ importing its own submodules is how a package exposes them, not a cycle
            if nxt.startswith(node + ".") or node.startswith(nxt + ".") and module_file(nxt).name == "__init__.py":
                continue
            visit(nxt)
        stack.pop()
        done.add(node)

    for node in sorted(edges):
        visit(node)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_stages_import_only_earlier_stages() -> None:
    wrong = []
    for module, targets in graph().items():
        mine = stage(module)
        if mine is None:
            continue
        for target in targets:
            theirs = stage(target)
            if theirs and STAGES.index(theirs) > STAGES.index(mine) and (mine, theirs) not in ALLOWED_EXTRA:
                wrong.append(f"{module} imports {target}")
    assert not wrong, "a stage imports a later one: " + "; ".join(sorted(wrong))


def test_the_test_finds_what_it_looks_for(tmp_path) -> None:
    """The import reader sees relative, lazy and module imports (else the two tests above could pass on nothing)."""
    edges = graph()
    assert "generator.plan.core" in edges["generator.plan.users"]
    assert "generator.check.readback" in edges["generator.render.cloudformation"]
    assert "generator.review.access" in edges["generator.api"]


def test_modules_stay_small() -> None:
    big = {
        module_name(p): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not big, f"modules over {MAX_LINES} lines (split them): {big}"


def test_every_import_resolves() -> None:
    """Lazy imports run only when their command does: a module moved without its lazy importers fixed would fail
    in a user's hands, not at import time."""
    missing = sorted(
        f"{module} imports {target}"
        for module, targets in graph().items()
        for target in targets
        if module_file(target) is None
    )
    assert not missing, "; ".join(missing)
