"""Many specs in one infrastructure repository: which files are specs, which output folder is whose.

``emrgen render specs/`` and ``emrgen check specs/`` take folders as well as files. A file named on the command line
is always a spec. In a folder (searched recursively), a spec is a ``.yaml``/``.yml`` file that emrgen did not
generate and whose top level says ``version:`` and ``name:`` (so a CI workflow or a pre-commit config beside the
specs is not taken for one).
"""

from __future__ import annotations

import re
from pathlib import Path

from . import write
from .errors import UsageError
from .plan.header import source_of

SPEC_SUFFIXES = (".yaml", ".yml")
TOP_LEVEL_KEY = re.compile(r"^(version|name)\s*:", re.M)


def looks_like_spec(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")[:65536]
    except OSError:
        return False
    return write.MARKER not in text[:1024] and {m.group(1) for m in TOP_LEVEL_KEY.finditer(text)} == {"version", "name"}


def expand(paths: list[Path]) -> tuple[list[Path], bool]:
    """The specs ``paths`` name, in order without repeats; and whether a folder was given (the whole set)."""
    specs: list[Path] = []
    folder_given = False
    for path in paths:
        if path.is_dir():
            folder_given = True
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in SPEC_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and looks_like_spec(p)
            )
            if not found:
                raise UsageError(f"{path} holds no spec (a .yaml/.yml file with top-level version: and name:)")
            specs += found
        else:
            specs.append(path)
    unique = list(dict.fromkeys(specs))
    return unique, folder_given


def generated_from(folder: Path) -> str | None:
    """The spec file name the generated files in ``folder`` name (REVIEW.md first), or None."""
    for rel in ["REVIEW.md", *write.existing_files(folder)]:
        path = folder / rel
        if path.is_file() and write.is_generated(path):
            source = source_of(path.read_text(encoding="utf-8", errors="replace"))
            if source is not None:
                return source
    return None


def refuse_another_specs_folder(folder: Path, spec_file: Path) -> None:
    """Two specs with the same ``name:`` would write one folder: the second is refused, not silently overwriting."""
    source = generated_from(folder) if folder.is_dir() else None
    if source is not None and source != spec_file.name:
        raise UsageError(
            f"{folder} was generated from {source}, and {spec_file} also writes there (same name:); "
            f"give it another name:, or delete {folder} if the spec was renamed"
        )


def orphans(out_root: Path, folders: set[Path]) -> list[Path]:
    """Output folders under ``out_root`` holding emrgen's files that none of ``folders`` is (a renamed or deleted
    spec left them behind)."""
    if not out_root.is_dir():
        return []
    wanted = {f.resolve() for f in folders}
    return sorted(
        child
        for child in out_root.iterdir()
        if child.is_dir() and child.resolve() not in wanted and generated_from(child) is not None
    )
