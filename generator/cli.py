"""The ``emrgen`` command: thin Typer commands over ``api``; one place maps errors to exit codes.

Data goes to stdout, diagnostics to stderr. A user error never shows a traceback.
"""

from __future__ import annotations

import functools
import gc
import sys
from pathlib import Path

import typer

from . import __version__
from .console import Command, Group, each_spec, err, lint_verdict, reported
from .errors import format_findings, format_grouped
from .formats import CfnFormat, DiffFormat, ExplainFormat, FindingFormat, LintFormat, Target

app = typer.Typer(
    help="Generate EMR Studio runtime-role infrastructure (CloudFormation and Terraform) from one YAML spec.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=Group,
)


def guarded(fn):
    """The one exception boundary: EmrgenError -> message + its exit code; anything else -> exit 3."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except Exception as exc:
            raise typer.Exit(reported(exc, kwargs.get("format"))) from None

    return wrapper


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"emrgen {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """emrgen: one spec of runtime roles, clusters and Studio users -> CloudFormation, Terraform and a review."""
    # The collector's default, every 700 allocations, re-walks the long-lived spec and plan: a sixth of `render`
    # on a 3,000-user spec. Every 10,000: the same peak memory there (issue 14).
    gc.set_threshold(10_000, 10, 10)


@app.command(cls=Command)
@guarded
def validate(
    spec: Path = typer.Argument(..., metavar="SPEC", help="The spec file (YAML)."),
    format: FindingFormat = typer.Option(FindingFormat.text, "--format", "-f", help="How to print findings."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every warning (default: at most 3 of a kind)."),
) -> None:
    """Load and check a spec; print its findings. Exit 0 when valid (warnings allowed), 2 when invalid."""
    from . import api

    _, warnings = api.validate(spec)
    if format is FindingFormat.json:
        sys.stdout.write(format_findings(warnings, "json"))
    else:
        if warnings:
            err(format_findings(warnings) if verbose else format_grouped(warnings))
        err(
            f"{spec.name}: valid"
            + (f" ({len(warnings)} warning{'s' if len(warnings) != 1 else ''})" if warnings else "")
        )


@app.command(cls=Command)
@guarded
def render(
    specs: list[Path] = typer.Argument(
        ..., metavar="SPEC", help="Spec files, or folders of specs (each writes out/<name>)."
    ),
    out: Path | None = typer.Option(None, "--out", "-o", metavar="DIR", help="Output folder [default: out/<name>]."),
    target: Target = typer.Option(Target.all, "--target", "-t", help="Which output to write."),
    cfn_format: CfnFormat = typer.Option(CfnFormat.yaml, "--cfn-format", help="CloudFormation as YAML or JSON."),
    no_lint: bool = typer.Option(False, "--no-lint", help="Write without linting."),
    fail_on_lint: bool = typer.Option(
        False, "--fail-on-lint", help="Lint first; on findings write nothing and exit 1."
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every warning (default: at most 3 of a kind)."),
    strict: bool = typer.Option(
        False, "--strict", help="Exit 1 when a lint check could not run here (a missing extra)."
    ),
) -> None:
    """Write CloudFormation, Terraform and REVIEW.md, then lint them. Exit 0, 1 on lint findings, 2 on an invalid spec."""
    lint_mode = "no" if no_lint else "before" if fail_on_lint else "after"
    written: dict[Path, Path] = {}  # output folder -> the spec that wrote it in this run
    worst = each_spec(
        specs,
        out,
        lambda spec, out: render_one(spec, out, target.value, cfn_format.value, lint_mode, verbose, written, strict),
    )
    if worst:
        raise typer.Exit(worst)


def render_one(
    spec: Path,
    out: Path | None,
    target: str,
    cfn_format: str,
    lint_mode: str,
    verbose: bool,
    written: dict[Path, Path],
    strict: bool,
) -> None:
    from . import api
    from .check.lint import skipped_checks

    done = api.render_to(spec, out, target, cfn_format, lint_mode, already=written)
    if done.rendered.warnings:
        warnings = done.rendered.warnings
        err(format_findings(warnings) if verbose else format_grouped(warnings))
    skipped = skipped_checks(rel.split("/", 1)[0] for rel in done.rendered.files) if lint_mode != "no" else []
    if lint_mode == "before" and done.findings is not None and not done.findings:
        lint_verdict(skipped, strict)
    for rel in done.stale:
        err(f"removed stale generated file {done.out / rel}")
    if done.written:
        err(f"wrote {len(done.rendered.files)} files to {done.out}")
    if done.findings:
        err(format_findings(done.findings))
        count = f"lint: {len(done.findings)} finding{'s' if len(done.findings) != 1 else ''}"
        err(count + ("" if done.written else "; nothing written (--fail-on-lint)"))
        raise typer.Exit(1)
    if lint_mode == "after":
        lint_verdict(skipped, strict)


@app.command(cls=Command)
@guarded
def check(
    specs: list[Path] = typer.Argument(..., metavar="SPEC", help="Spec files, or folders of specs."),
    out: Path | None = typer.Option(
        None, "--out", "-o", metavar="DIR", help="Folder to compare with [default: out/<name>]."
    ),
    target: Target | None = typer.Option(
        None, "--target", "-t", help="Which output to compare [default: what the folder holds]."
    ),
    cfn_format: CfnFormat | None = typer.Option(
        None, "--cfn-format", help="CloudFormation as YAML or JSON [default: what the folder holds]."
    ),
) -> None:
    """Render in memory and compare with the output folder; write nothing. Exit 0 up to date, 1 drift (diff on stdout).
    Given a folder of specs, output folders under out/ that no spec generates any more are drift too."""
    from . import workspace

    folders: set[Path] = set()
    worst = each_spec(specs, out, lambda spec, out: check_one(spec, out, target, cfn_format, folders))
    if workspace.expand(specs)[1]:  # a folder: the whole set of specs, so a folder nobody generates is left over
        for folder in workspace.orphans(Path("out"), folders):
            err(
                f"{folder} holds generated files that no spec generates any more (a renamed or deleted spec); "
                "delete it or restore its spec"
            )
            worst = max(worst, 1)
    if worst:
        raise typer.Exit(worst)


def check_one(spec: Path, out: Path | None, target, cfn_format, folders: set[Path]) -> None:
    from . import api

    _, folder, diff, tracked_state = api.check(spec, out, target and target.value, cfn_format and cfn_format.value)
    folders.add(folder)
    for rel in tracked_state:
        err(
            f"warning: git tracks Terraform state {folder / rel}: state holds secrets; keep it in a backend "
            "(git rm --cached it)"
        )
    if diff:
        sys.stdout.write(diff)
        err(f"{folder} has drifted from {spec.name}: run emrgen render {spec} -o {folder}")
        raise typer.Exit(1)
    err(f"{folder} is up to date with {spec.name}")


@app.command(cls=Command)
@guarded
def lint(
    paths: list[Path] = typer.Argument(
        ..., metavar="PATH", help="CloudFormation templates, .tf files, or folders holding them."
    ),
    region: list[str] | None = typer.Option(
        None,
        "--region",
        "-r",
        show_default=False,
        metavar="REGION",
        help="Regions to lint CloudFormation for (repeatable). Default: the regions of a StackSet among the "
        "templates (emrgen's `targets` output), else us-east-1.",
    ),
    format: LintFormat = typer.Option(LintFormat.text, "--format", "-f", help="text, json, or sarif (code scanning)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when a check could not run here (a missing extra)."),
    docs_url: str | None = typer.Option(
        None,
        "--docs-url",
        envvar="EMRGEN_DOCS_URL",
        metavar="URL",
        help="SARIF: the address of emrgen's docs/errors.md, as helpUri of emrgen's own codes.",
    ),
) -> None:
    """cfn-lint and IAM checks on CloudFormation; syntax, terraform fmt, provider schema and IAM checks on .tf files.
    Exit 0 clean, 1 findings."""
    from .check.lint import lint_paths, lint_targets, skipped_checks
    from .errors import UsageError
    from .progress import bar

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    targets = lint_targets(paths)
    with bar(len(targets), "lint") as step:  # drawn only on a terminal
        findings = lint_paths(paths, region, step)
    skipped = skipped_checks(kind for kind, _ in targets)
    if format is LintFormat.sarif:
        from .check.sarif import to_sarif

        sys.stdout.write(to_sarif(findings, docs_url))
    elif format is LintFormat.json:
        sys.stdout.write(format_findings(findings, "json"))
    elif findings:
        sys.stdout.write(format_findings(findings))
    if findings:
        raise typer.Exit(1)
    lint_verdict(skipped, strict)


@app.command(cls=Command)
@guarded
def explain(
    spec: Path = typer.Argument(..., metavar="SPEC", help="The spec file (YAML)."),
    format: ExplainFormat = typer.Option(ExplainFormat.table, "--format", "-f", help="table, markdown or json."),
    user: str | None = typer.Option(None, "--user", "-u", metavar="NAME", help="Only this user's rows."),
    role: str | None = typer.Option(None, "--role", "-r", metavar="NAME", help="Only rows of this runtime role."),
    cluster: str | None = typer.Option(
        None,
        "--cluster",
        "-c",
        metavar="NAME",
        help="Only rows that reach this cluster (rows on any cluster included).",
    ),
) -> None:
    """Print the access matrix: which user may use which runtime role on which clusters, and the granting
    statement, computed by evaluating the generated policies. Exit 0, 2 on an invalid spec or an unknown name."""
    from . import api
    from .review import access

    cells = api.explain(spec, user, role, cluster)
    writer = {"table": access.as_table, "markdown": access.as_markdown, "json": access.as_json}[format.value]
    sys.stdout.write(writer(cells))


@app.command(cls=Command)
@guarded
def diff(
    old: Path = typer.Argument(
        ..., metavar="OLD_SPEC", help="The old spec (or, with --git, the spec to compare with its committed self)."
    ),
    new: Path | None = typer.Argument(None, metavar="NEW_SPEC", help="The new spec."),
    git: str | None = typer.Option(
        None, "--git", metavar="REV", help="Compare SPEC with the same path at this git revision."
    ),
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


@app.command("import", cls=Command)
@guarded
def import_(
    out: Path = typer.Option(
        ..., "--out", "-o", metavar="FILE", help="Where to write the spec ('-' for stdout); never overwritten."
    ),
    profile: str | None = typer.Option(
        None, "--profile", metavar="PROFILE", help="AWS profile [default: the standard chain]."
    ),
    region: str | None = typer.Option(
        None, "--region", metavar="REGION", help="AWS region [default: the profile's or AWS_REGION]."
    ),
    name: str = typer.Option(
        "imported", "--name", metavar="NAME", help="The spec's name; clusters named NAME-X are imported as X."
    ),
) -> None:
    """Read the account (Describe/List/Get calls only) and write a commented spec that reproduces its runtime-role
    setup; what it cannot say exactly is listed as "not reproduced". Needs pip install 'emrgen[aws]'. Exit 0, 2."""
    from . import api
    from .errors import UsageError

    if str(out) != "-" and (out.exists() or out.is_symlink()):
        raise UsageError(f"{out} exists; emrgen import does not overwrite files")
    try:
        text, imported, account = api.import_account(name, profile, region)
    except api.NothingToImport as exc:
        for note in exc.notes:
            err(f"emrgen: not reproduced: {note}")
        raise UsageError(str(exc)) from None
    if str(out) == "-":
        sys.stdout.write(text)
    else:
        try:
            with out.open("x", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        except OSError as exc:
            raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
    spec = imported.spec
    err(
        f"imported {len(spec.get('runtime_roles', []))} runtime roles, {len(spec.get('clusters', []))} clusters, "
        f"{len(spec.get('users', []))} users from {account.account_id} in {account.region}"
        + (
            f"; {len(imported.not_reproduced)} not reproduced (listed at the top of the spec)"
            if imported.not_reproduced
            else ""
        )
        + (f" -> {out}" if str(out) != "-" else "")
    )


@app.command(cls=Command)
@guarded
def drift(
    spec: Path = typer.Argument(..., metavar="SPEC", help="The spec file (YAML)."),
    profile: str | None = typer.Option(
        None, "--profile", metavar="PROFILE", help="AWS profile [default: the standard chain]."
    ),
    region: str | None = typer.Option(
        None, "--region", metavar="REGION", help="AWS region [default: the spec's, else the profile's]."
    ),
) -> None:
    """Compare what is deployed with what the spec renders: access gained/lost first, then roles, trust, policies,
    the security configuration and clusters. Read-only. Exit 0 in sync, 1 drift, 2 bad input or no access."""
    from . import api
    from .aws import drift_report as drift_mod

    result = api.drift(spec, profile, region)
    sys.stdout.write(drift_mod.as_text(result))
    if result.drifted:
        raise typer.Exit(1)


@app.command(cls=Command)
def schema() -> None:
    """Print the JSON Schema of the spec."""
    import json

    from .spec.model import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")


@app.command(cls=Command)
@guarded
def init(
    path: Path = typer.Argument(Path("emrgen.yaml"), metavar="PATH", help="Where to write the starter spec."),
) -> None:
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
