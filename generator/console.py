"""How the command line speaks: help in the README's words, and every usage error on one line.

Typer's plain help shows Python's types (``<list[Path]>``) and braces around required arguments (``{SPEC}``);
click's usage errors take three lines in their own voice. emrgen's errors are one line, ``emrgen: error: ...``,
exit 2, whoever raised them (README, "Exit codes").
"""

from __future__ import annotations

import re
import sys

# Typer 0.29 carries its own copy of click (typer._click); its exceptions and Argument class are that copy's.
from typer._click import exceptions as click_errors
from typer._click.core import Context
from typer.core import TyperArgument, TyperCommand, TyperGroup

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
