"""pre-commit hooks (.pre-commit-hooks.yaml).

``emrgen-hook validate SPEC...``  validate each spec.
``emrgen-hook check FILE...``     FILE is a spec, or any file under an output folder (a generated file someone
                                  edited, or a file someone added there): the spec that generated that folder is
                                  checked against it, so an edit to out/ cannot slip through a commit.
``emrgen-hook check-all``         every spec git tracks, and output folders under out/ that no spec generates any
                                  more; for upgrades of emrgen, or CI.

pre-commit passes every matching file at once; this runs the command per spec and exits with the worst code.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from typer.main import get_command

USAGE = "usage: emrgen-hook validate SPEC... | check FILE... | check-all"
NAME = re.compile(r"""^name:\s*["']?([a-z][a-z0-9-]*)""", re.M)


def run(args: list[str]) -> int:
    from .cli import app

    try:
        # Without standalone mode click returns the code of typer.Exit instead of exiting the process.
        return int(get_command(app).main(args, prog_name="emrgen", standalone_mode=False) or 0)
    except SystemExit as exc:
        return int(exc.code or 0)
    except Exception as exc:  # click usage errors carry their exit code
        return int(getattr(exc, "exit_code", 3))


def output_folder(path: Path) -> Path | None:
    """The output folder ``path`` lies in: the nearest folder above it holding a REVIEW.md emrgen generated."""
    from . import write

    for folder in path.absolute().parents:
        review = folder / "REVIEW.md"
        if review.is_file() and write.is_generated(review):
            return folder
    return None


def tracked_specs() -> list[Path]:
    """The specs git tracks in the current repository (any folder), by generator/workspace.py's test."""
    from . import workspace

    done = subprocess.run(["git", "ls-files", "-z", "--", "*.yaml", "*.yml"], capture_output=True, text=True)
    if done.returncode != 0:
        return workspace.expand([Path(".")])[0]
    return [Path(p) for p in done.stdout.split("\0") if p and workspace.looks_like_spec(Path(p))]


def spec_for(folder: Path) -> Path | None:
    """The tracked spec that generated ``folder``: the file its headers name, whose ``name:`` is the folder's."""
    from . import workspace

    source = workspace.generated_from(folder)
    for spec in tracked_specs():
        if spec.name == source and (m := NAME.search(spec.read_text(encoding="utf-8", errors="replace"))):
            if m.group(1) == folder.name:
                return spec
    return None


def check(files: list[str]) -> int:
    """Staged specs are checked as they are; staged files under an output folder check the spec that generated the
    folder, found once per folder (a commit touching 50 files of out/x lists and reads the tracked specs once)."""
    specs: list[str] = []
    folders: dict[Path, list[str]] = {}
    for name in files:
        folder = output_folder(Path(name))
        if folder is None:
            specs.append(name)
        else:
            folders.setdefault(folder, []).append(name)
    pairs: dict[tuple[str, str | None], None] = dict.fromkeys((spec, None) for spec in specs)
    worst = 0
    for folder, names in folders.items():
        spec = spec_for(folder)
        if spec is None:
            sys.stderr.write(
                f"emrgen: error: {names[0]} is in {folder}, but no tracked spec generated it (its files "
                f"name {folder.name}); check it with: emrgen check SPEC -o {folder}\n"
            )
            worst = 2
            continue
        pairs[(str(spec), str(folder))] = None
    for spec, folder in pairs:
        worst = max(worst, run(["check", spec] + (["-o", folder] if folder else [])))
    return worst


def check_all() -> int:
    from . import workspace
    from .api import default_out
    from .errors import SpecError
    from .rules.validate import read_spec

    specs = tracked_specs()
    worst = max([run(["check", str(spec)]) for spec in specs], default=0)
    folders = set()
    for spec in specs:
        try:
            folders.add(default_out(read_spec(spec)[0]))
        except SpecError:
            pass  # reported by its check above
    for folder in workspace.orphans(Path("out"), folders):
        sys.stderr.write(
            f"{folder} holds generated files that no spec generates any more (a renamed or deleted "
            "spec); delete it or restore its spec\n"
        )
        worst = max(worst, 1)
    return worst


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["check-all"] and len(args) == 1:
        return check_all()
    if not args or args[0] not in ("check", "validate"):
        sys.stderr.write(USAGE + "\n")
        return 2
    if args[0] == "check":
        return check(args[1:])
    return max([run(["validate", spec]) for spec in args[1:]], default=0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
