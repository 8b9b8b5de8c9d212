"""pre-commit hooks (.pre-commit-hooks.yaml): ``emrgen-hook check|validate SPEC...``.

pre-commit passes every matching spec file at once, while ``emrgen check``/``validate`` take one spec:
this runs the command per file and fails if any fails (exit status: the worst one).
"""

from __future__ import annotations

import sys

from typer.main import get_command

USAGE = "usage: emrgen-hook check|validate SPEC..."


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in ("check", "validate"):
        sys.stderr.write(USAGE + "\n")
        return 2
    from .cli import app

    command = get_command(app)
    worst = 0
    for spec in args[1:]:
        try:
            # Without standalone mode click returns the code of typer.Exit instead of exiting the process.
            code = command.main([args[0], spec], prog_name="emrgen", standalone_mode=False) or 0
        except SystemExit as exc:
            code = exc.code or 0
        except Exception as exc:  # click usage errors carry their exit code
            code = getattr(exc, "exit_code", 3)
        worst = max(worst, int(code))
    return worst


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
