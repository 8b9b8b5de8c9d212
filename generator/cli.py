"""The ``emrgen`` command: thin Typer commands over ``api``; one place maps errors to exit codes.

Data goes to stdout, diagnostics to stderr. A user error never shows a traceback.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__
from .errors import EmrgenError, SpecError, format_findings

app = typer.Typer(
    help="Generate EMR Studio runtime-role infrastructure (CloudFormation and Terraform) from one YAML spec.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class FindingFormat(str, Enum):
    text = "text"
    json = "json"


class LintFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"


class Target(str, Enum):
    cloudformation = "cloudformation"
    terraform = "terraform"
    all = "all"


class CfnFormat(str, Enum):
    yaml = "yaml"
    json = "json"


class ExplainFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    json = "json"


def err(text: str) -> None:
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


def guarded(fn):
    """The one exception boundary: EmrgenError -> message + its exit code; anything else -> exit 3."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except SpecError as exc:
            fmt = kwargs.get("format")
            if getattr(fmt, "value", None) == "json":
                sys.stdout.write(format_findings(exc.findings, "json"))
            else:
                err(format_findings(exc.findings))
            raise typer.Exit(exc.exit_code)
        except EmrgenError as exc:
            err(f"emrgen: error: {exc}")
            raise typer.Exit(exc.exit_code)
        except typer.Exit:
            raise
        except Exception:  # a bug in emrgen, not the user's fault
            if os.environ.get("EMRGEN_DEBUG"):
                traceback.print_exc()
            err("emrgen: internal error (please report it; set EMRGEN_DEBUG=1 to see the traceback)")
            raise typer.Exit(3)

    return wrapper


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"emrgen {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True, help="Show the version and exit."),
) -> None:
    """emrgen: one spec of runtime roles, clusters and Studio users -> CloudFormation, Terraform and a review."""


@app.command()
@guarded
def validate(
    spec: Path = typer.Argument(..., help="The spec file (YAML)."),
    format: FindingFormat = typer.Option(FindingFormat.text, "--format", "-f", help="How to print findings."),
) -> None:
    """Load and check a spec; print its findings. Exit 0 when valid (warnings allowed), 2 when invalid."""
    from . import api

    _, warnings = api.validate(spec)
    if format is FindingFormat.json:
        sys.stdout.write(format_findings(warnings, "json"))
    else:
        if warnings:
            err(format_findings(warnings))
        err(f"{spec.name}: valid" + (f" ({len(warnings)} warning{'s' if len(warnings) != 1 else ''})" if warnings else ""))


@app.command()
@guarded
def render(
    spec: Path = typer.Argument(..., help="The spec file (YAML)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder [default: out/<name>]."),
    target: Target = typer.Option(Target.all, "--target", "-t", help="Which output to write."),
    cfn_format: CfnFormat = typer.Option(CfnFormat.yaml, "--cfn-format", help="CloudFormation as YAML or JSON."),
    no_lint: bool = typer.Option(False, "--no-lint", help="Write without linting."),
    fail_on_lint: bool = typer.Option(False, "--fail-on-lint", help="Lint first; on findings write nothing and exit 1."),
) -> None:
    """Write CloudFormation, Terraform and REVIEW.md, then lint them. Exit 0, 1 on lint findings, 2 on an invalid spec."""
    from . import api

    rendered = api.render(spec, target.value, cfn_format.value)
    if rendered.warnings:
        err(format_findings(rendered.warnings))
    out = out or api.default_out(rendered.spec)
    if fail_on_lint and not no_lint:
        findings = api.lint_rendered(rendered, out)
        if findings:
            err(format_findings(findings))
            err(f"lint: {len(findings)} finding{'s' if len(findings) != 1 else ''}; nothing written (--fail-on-lint)")
            raise typer.Exit(1)
        no_lint = True  # already linted, in memory
        err("lint: clean")
    stale = api.write_output(rendered, out)
    for rel in stale:
        err(f"removed stale generated file {out / rel}")
    err(f"wrote {len(rendered.files)} files to {out}")
    if no_lint:
        return
    findings = api.lint_rendered(rendered, out)
    if findings:
        err(format_findings(findings))
        err(f"lint: {len(findings)} finding{'s' if len(findings) != 1 else ''}")
        raise typer.Exit(1)
    err("lint: clean")


@app.command()
@guarded
def check(
    spec: Path = typer.Argument(..., help="The spec file (YAML)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder to compare with [default: out/<name>]."),
    target: Optional[Target] = typer.Option(None, "--target", "-t", help="Which output to compare [default: what the folder holds]."),
    cfn_format: Optional[CfnFormat] = typer.Option(None, "--cfn-format", help="[default: what the folder holds]"),
) -> None:
    """Render in memory and compare with the output folder; write nothing. Exit 0 up to date, 1 drift (diff on stdout)."""
    from . import api
    from .rules.validate import read_spec

    # Only the name is needed to find the folder: the plan is built once, by the render in api.check.
    spec_obj, _ = read_spec(spec)
    folder = out or api.default_out(spec_obj)
    has_cfn = (folder / "cloudformation").is_dir()
    has_tf = (folder / "terraform").is_dir()
    chosen_target = target.value if target else ("cloudformation" if has_cfn and not has_tf else
                                                  "terraform" if has_tf and not has_cfn else "all")
    chosen_format = cfn_format.value if cfn_format else (
        "json" if (folder / "cloudformation" / "template.json").exists() else "yaml")
    _, folder, diff = api.check(spec, folder, chosen_target, chosen_format)
    if diff:
        sys.stdout.write(diff)
        err(f"{folder} has drifted from {spec.name}: run emrgen render {spec} -o {folder}")
        raise typer.Exit(1)
    err(f"{folder} is up to date with {spec.name}")


@app.command()
@guarded
def lint(
    paths: List[Path] = typer.Argument(..., help="CloudFormation templates, .tf files, or folders holding them."),
    region: Optional[List[str]] = typer.Option(
        None, "--region", "-r", show_default=False,
        help="Regions to lint CloudFormation for (repeatable). Default: the regions of a StackSet among the "
             "templates (emrgen's `targets` output), else us-east-1."),
    format: LintFormat = typer.Option(LintFormat.text, "--format", "-f", help="text, json, or sarif (code scanning)."),
) -> None:
    """cfn-lint and IAM checks on CloudFormation; syntax, terraform fmt, provider schema and IAM checks on .tf files.
    Exit 0 clean, 1 findings."""
    from .errors import UsageError
    from .check.lint import lint_paths, lint_targets
    from .progress import bar

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    with bar(len(lint_targets(paths)), "lint") as step:  # drawn only on a terminal
        findings = lint_paths(paths, region, step)
    if format is LintFormat.sarif:
        from .check.sarif import to_sarif

        sys.stdout.write(to_sarif(findings))
    elif format is LintFormat.json:
        sys.stdout.write(format_findings(findings, "json"))
    elif findings:
        sys.stdout.write(format_findings(findings))
    if findings:
        raise typer.Exit(1)
    err("lint: clean")


@app.command()
@guarded
def explain(
    spec: Path = typer.Argument(..., help="The spec file (YAML)."),
    format: ExplainFormat = typer.Option(ExplainFormat.table, "--format", "-f", help="table, markdown or json."),
) -> None:
    """Print the access matrix: which user may use which runtime role on which clusters, and the granting
    statement, computed by evaluating the generated policies. Exit 0, 2 on an invalid spec."""
    from .review import access
    from . import api

    cells = api.explain(spec)
    writer = {"table": access.as_table, "markdown": access.as_markdown, "json": access.as_json}[format.value]
    sys.stdout.write(writer(cells))


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
@guarded
def diff(
    old: Path = typer.Argument(..., help="The old spec (or, with --git, the spec to compare with its committed self)."),
    new: Optional[Path] = typer.Argument(None, help="The new spec."),
    git: Optional[str] = typer.Option(None, "--git", help="Compare SPEC with the same path at this git revision."),
    format: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f", help="text, markdown (PR comments) or json."),
) -> None:
    """Access gained and lost (user, runtime role, clusters), resources added/removed/changed and replacements,
    and rollout changes (targets). Exit 0 without access change, 1 with access changes or a rollout change that
    deletes or moves something (a region or target dropped), 2 on an invalid spec or bad arguments."""
    from . import api
    from .review import diff as diff_mod

    result = api.diff(old, new, git)
    writer = {"text": diff_mod.as_text, "markdown": diff_mod.as_markdown, "json": diff_mod.as_json}[format.value]
    sys.stdout.write(writer(result))
    if result.access_changed or result.rollout_disruptive:
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the spec."""
    import json

    from .spec.model import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")


@app.command()
@guarded
def init(path: Path = typer.Argument(Path("emrgen.yaml"), help="Where to write the starter spec.")) -> None:
    """Write a commented starter spec; refuses to overwrite an existing file."""
    from .errors import UsageError
    from .starter import STARTER

    if path.exists():
        raise UsageError(f"{path} exists; emrgen init does not overwrite files")
    try:
        with path.open("x", encoding="utf-8", newline="\n") as fh:
            fh.write(STARTER)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    err(f"wrote {path}; next: emrgen validate {path}")


if __name__ == "__main__":  # pragma: no cover
    app()
