"""A progress bar for long runs (linting many templates): on a terminal only, so CI logs and pipes stay quiet."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO


@contextmanager
def bar(total: int, label: str, stream: TextIO | None = None) -> Iterator[Callable[[str], None]]:
    """Yields ``advance(description)``; draws a bar on ``stream`` (stderr) when it is a TTY and there is
    more than one step, and does nothing otherwise."""
    stream = stream or sys.stderr
    if total < 2 or not stream.isatty():
        yield lambda description: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(file=stream, force_terminal=True)
    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=total)
        yield lambda description: progress.update(task, advance=1, description=description)
