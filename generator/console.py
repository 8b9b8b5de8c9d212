"""How the command line speaks: help in the README's words, every usage error on one line, errors and lint verdicts
printed the same way by every command, and several specs run one after another.

Typer's plain help shows Python's types (``<list[Path]>``) and braces around required arguments (``{SPEC}``);
click's usage errors take three lines in their own voice. emrgen's errors are one line, ``emrgen: error: ...``,
exit 2, whoever raised them (README, "Exit codes").
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from pathlib import Path

import typer

# Typer 0.29 carries its own copy of click (typer._click); its exceptions and Argument class are that copy's.
from typer._click import exceptions as click_errors
from typer._click.core import Context
from typer.core import TyperArgument, TyperCommand, TyperGroup

from .errors import EmrgenError, SpecError, format_findings

LIST_TYPE = re.compile(r"<list\[(\w+)\]>")


class Command(TyperCommand):
    """A command whose help says ``SPEC`` and ``<path>...``, not ``{SPEC}`` and ``<list[Path]>``."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = param.metavar or param.name.upper()
                pieces.append((name if param.required else f"[{name}]") + ("..." if param.nargs != 1 else ""))
        return pieces

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:  # before the help is wrapped, so columns stay aligned
            if isinstance(param, TyperArgument):
                param.display_type_rich = plain_type(param.display_type_rich)


def plain_type(display_type):
    def display(ctx: Context) -> str | None:
        text = display_type(ctx)
        return LIST_TYPE.sub(lambda m: f"<{m.group(1).lower()}>...", text) if text else text

    return display


class Group(TyperGroup):
    """The top-level command: click's usage errors (unknown option, missing argument ...) as one line."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as exc:
            exc.show()  # `emrgen` alone: the help, as before
            sys.exit(exc.exit_code)
        except click_errors.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx is not None else "emrgen"
            message = exc.format_message().replace("Value error, ", "")  # typer's coercion speaks pydantic
            sys.stderr.write(f"emrgen: error: {message} (see '{command} --help')\n")
            sys.exit(2)
        except click_errors.ClickException as exc:
            sys.stderr.write(f"emrgen: error: {exc.format_message()}\n")
            sys.exit(exc.exit_code)
        except click_errors.Abort:
            sys.stderr.write("emrgen: aborted\n")
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def err(text: str) -> None:
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


def reported(exc: Exception, fmt=None) -> int:
    """Print what went wrong the way the README says; return the exit code."""
    if isinstance(exc, SpecError):
        if getattr(fmt, "value", None) == "json":
            sys.stdout.write(format_findings(exc.findings, "json"))
        else:
            err(format_findings(exc.findings))
        return exc.exit_code
    if isinstance(exc, EmrgenError):
        err(f"emrgen: error: {exc}")
        return exc.exit_code
    # a bug in emrgen, not the user's fault
    if os.environ.get("EMRGEN_DEBUG"):
        traceback.print_exception(exc)
    err("emrgen: internal error (please report it; set EMRGEN_DEBUG=1 to see the traceback)")
    return 3


def each_spec(paths: list[Path], out: Path | None, run_one) -> int:
    """Run ``run_one(spec, out)`` for every spec ``paths`` name (files, or folders of specs: generator/workspace.py);
    one spec's failure does not stop the others; return the worst exit code."""
    from . import workspace
    from .errors import UsageError

    specs, _ = workspace.expand(paths)
    if len(specs) > 1 and out is not None:
        raise UsageError("-o/--out takes one spec; with several, each writes out/<name>")
    worst = 0
    for spec in specs:
        try:
            run_one(spec, out)
        except typer.Exit as done:
            worst = max(worst, done.exit_code)
        except Exception as exc:
            worst = max(worst, reported(exc))
    return worst


def lint_verdict(skipped: list[str], strict: bool) -> None:
    """'clean' only when every check ran; what was skipped is said, and fails the command under --strict."""
    for check in skipped:
        err(f"lint: skipped {check}")
    if not skipped:
        err("lint: clean")
        return
    err(f"lint: no findings, but {len(skipped)} check(s) did not run" + (" (--strict)" if strict else ""))
    if strict:
        raise typer.Exit(1)
