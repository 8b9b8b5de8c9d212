"""Writing an output folder, and comparing one with what would be written.

Who owns which file in an output folder (README "Files in the output folder"):
- **emrgen**: every file that starts with emrgen's header. Rewritten on each render; removed when no longer
  generated (and listed).
- **the user**: Terraform's working files (``.terraform/``, ``.terraform.lock.hcl``, ``terraform.tfstate*``),
  ``*.tfvars``/``*.tfvars.json``, a ``backend.tf`` that holds nothing but a ``terraform { backend ... }`` block, and
  whatever the spec's ``keep:`` patterns match. Never blocks a render, never changed, never drift.
- **nobody**: anything else, e.g. an ``extra.tf`` (an ``*_override.tf`` or any other ``.tf`` can change what
  Terraform creates, so it is the user's only when ``keep:`` says so). ``render`` refuses to write beside it;
  ``check`` reports it as drift.

Files are replaced in place, never by swapping the folder, so a shell or a ``terraform`` run inside the folder keeps
its working directory. Everything is rendered in memory first; then every changed file is written to a temporary
file beside its target (a failure here removes them all and changes nothing), and only then are the temporary files
renamed over their targets (``os.replace``: atomic per file) and stale generated files removed. Unchanged files are
not touched, so their modification times stay.
"""

from __future__ import annotations

import difflib
import fnmatch
import os
import re
from pathlib import Path, PurePosixPath

from .errors import UsageError
from .plan.header import MARKER

TEMP_SUFFIX = ".emrgen-new"
TERRAFORM_WORKING = re.compile(r"^(\.terraform|\.terraform\.lock\.hcl|terraform\.tfstate.*)$")
# Nothing but comments and one `terraform { backend "..." { ... } }` block (Terraform's own backend settings).
BACKEND_ONLY = re.compile(r'\s*terraform\s*\{\s*backend\s+"[\w-]+"\s*\{[^{}]*\}\s*\}\s*', re.S)
COMMENTS = re.compile(r"(#|//)[^\n]*|/\*.*?\*/", re.S)


def is_generated(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError:
        return False
    return MARKER.encode() in head


def is_terraform_working(rel: str) -> bool:
    return any(TERRAFORM_WORKING.match(part) for part in PurePosixPath(rel).parts)


def is_users(rel: str, path: Path, keep: tuple[str, ...] = ()) -> bool:
    """True for a file the user owns (module docstring); ``path`` is read only for a ``backend.tf``."""
    name = PurePosixPath(rel).name
    if is_terraform_working(rel) or name.endswith((".tfvars", ".tfvars.json")):
        return True
    if any(fnmatch.fnmatchcase(rel, pattern) for pattern in keep):
        return True
    if name == "backend.tf" and not is_generated(path):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return False
        return BACKEND_ONLY.fullmatch(COMMENTS.sub("", text)) is not None
    return False


def existing_files(out: Path) -> list[str]:
    """Files under ``out``, relative, without descending into Terraform's working folders (provider binaries) or a
    git repository's own folder."""
    if not out.is_dir():
        return []
    found = []
    for folder, dirs, names in os.walk(out):
        dirs[:] = sorted(d for d in dirs if not TERRAFORM_WORKING.match(d) and d != ".git")
        base = Path(folder).relative_to(out)
        found += [(base / n).as_posix() for n in names]
    return sorted(found)


def classify(out: Path, files: dict[str, str], keep: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """(generated files on disk that ``files`` no longer has, foreign files) in ``out``; the user's are neither."""
    stale, foreign = [], []
    for rel in existing_files(out):
        if rel in files or rel.endswith(TEMP_SUFFIX):
            continue
        if is_generated(out / rel):
            stale.append(rel)
        elif not is_users(rel, out / rel, keep):
            foreign.append(rel)
    return stale, foreign


def check_destination(out: Path) -> None:
    if out.is_symlink():
        # Kept from when the folder was swapped whole: a link would have been replaced by a real folder.
        raise UsageError(
            f"output path {out} is a symbolic link; give the folder it points to ({os.path.realpath(out)})"
        )
    if out.exists() and not out.is_dir():
        raise UsageError(f"output path {out} exists and is not a folder")
    for parent in out.absolute().parents:
        if parent.exists() and not parent.is_dir():
            raise UsageError(f"output path {out} is inside {parent}, which is a file")


def in_scope(rel: str, scope: tuple[str, ...] | None) -> bool:
    return scope is None or rel.startswith(scope)


def listed(paths: list[str]) -> str:
    return ", ".join(paths[:5]) + (" ..." if len(paths) > 5 else "")


def write_tree(
    out: Path, files: dict[str, str], scope: tuple[str, ...] | None = None, keep: tuple[str, ...] = ()
) -> list[str]:
    """Bring ``out`` to ``files``; return the stale generated files that were removed.

    ``scope``: the path prefixes this render owns (``render --target terraform`` owns ``terraform/`` and
    ``REVIEW.md``); generated files outside it, such as an earlier CloudFormation render, are kept.
    """
    check_destination(out)
    stale, foreign = classify(out, files, keep)
    if foreign:
        raise UsageError(
            f"{out} holds files emrgen did not generate ({listed(foreign)}); move them, list them "
            "under keep: in the spec, or choose another -o folder"
        )
    stale = [rel for rel in stale if in_scope(rel, scope)]
    changed = {rel: text for rel, text in files.items() if not same_text(out / rel, text)}
    temps = stage(out, changed)
    try:
        for rel, temp in temps.items():
            os.replace(temp, out / rel)
        for rel in stale:
            (out / rel).unlink()
            prune_empty(out, (out / rel).parent)
    except OSError as exc:
        remove(temps.values())
        raise UsageError(
            f"cannot write {out}: {exc.strerror or exc}; some files may be new, some old: run the render again"
        ) from None
    return stale


def same_text(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def stage(out: Path, changed: dict[str, str]) -> dict[str, Path]:
    """Every changed file written beside its target; on failure nothing is left behind."""
    temps: dict[str, Path] = {}
    made: list[Path] = []
    try:
        for rel, text in sorted(changed.items()):
            target = out / rel
            missing = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
            target.parent.mkdir(parents=True, exist_ok=True)
            made += reversed(missing)
            temp = target.with_name(target.name + TEMP_SUFFIX)
            temps[rel] = temp
            with temp.open("w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
    except OSError as exc:
        remove(temps.values())
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:
                pass
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
    return temps


def remove(paths) -> None:
    for path in paths:
        try:
            path.unlink()
        except OSError:
            pass


def prune_empty(out: Path, folder: Path) -> None:
    """Remove folders a stale file leaves empty, up to (not including) ``out``."""
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def diff_tree(
    out: Path, files: dict[str, str], scope: tuple[str, ...] | None = None, keep: tuple[str, ...] = ()
) -> str:
    """A unified diff from what is in ``out`` (within ``scope``) to ``files``, and a line for each foreign file;
    empty when up to date. The user's files (module docstring) are never drift."""
    chunks: list[str] = []
    on_disk = set(existing_files(out))
    stale, foreign = classify(out, files, keep)
    for rel in sorted(set(files) | {r for r in stale if in_scope(r, scope)}):
        old = (out / rel).read_text(encoding="utf-8", errors="replace") if rel in on_disk else ""
        new = files.get(rel, "")
        if old != new:
            chunks.extend(
                difflib.unified_diff(
                    old.splitlines(keepends=True),
                    new.splitlines(keepends=True),
                    fromfile=f"a/{rel}" if rel in on_disk else "/dev/null",
                    tofile=f"b/{rel}" if rel in files else "/dev/null",
                )
            )
    text = "".join(c if c.endswith("\n") else c + "\n\\ No newline at end of file\n" for c in chunks)
    return text + "".join(
        f"foreign file {rel}: emrgen did not generate it and the spec does not keep it "
        "(keep: in the spec, or remove it)\n"
        for rel in foreign
    )


def tracked_state_files(out: Path) -> list[str]:
    """Terraform state files under ``out`` that git tracks: state holds secrets and belongs in a backend, not in git."""
    import subprocess

    try:
        listed_files = subprocess.run(
            ["git", "-C", str(out), "ls-files", "-z", "--", "."], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if listed_files.returncode != 0:  # not a git repository, or no git: nothing to warn about
        return []
    return sorted(
        rel
        for rel in listed_files.stdout.split("\0")
        if rel and PurePosixPath(rel).name.startswith("terraform.tfstate")
    )
