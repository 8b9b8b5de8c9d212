"""Time each job of one `emrgen lint` (generator/check/lintjobs.py) on a rendered output folder: which job
takes the CPU, and when each starts on which worker. Not a target of its own; docs/lint-performance.md §5's
per-job table comes from it.

    .venv/bin/emrgen render SPEC -o /tmp/out --no-lint
    .venv/bin/python bench/lint_jobs.py /tmp/out
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["EMRGEN_NO_CACHE"] = "1"

from generator.check import lintjobs  # noqa: E402

STARTED = time.perf_counter()


def timed(fn, *args):
    """fn(*args) and (job, its start, its seconds, the worker's pid)."""
    start = time.perf_counter()
    result = fn(*args)
    subject = args[1] if fn is lintjobs.cfn_job else args[0]
    label = f"{fn.__name__}:{Path(str(subject)).name}"
    return result, (label, start - STARTED, time.perf_counter() - start, os.getpid())


def main(folder: Path) -> None:
    times = []
    run = lintjobs.run

    def recording(jobs, done=None):
        results = run([(timed, (fn, *args), cost) for fn, args, cost in jobs], done)
        times.extend(info for _, info in results)
        return [result for result, _ in results]

    lintjobs.run = recording
    cfn = [
        (p.read_text(encoding="utf-8"), str(p.relative_to(folder)), ["us-east-1"])
        for p in sorted((folder / "cloudformation").rglob("*.yaml"))
    ]
    lintjobs.lint_all(cfn, [(folder / "terraform", "terraform")])
    print(f"wall {time.perf_counter() - STARTED:.2f} s")
    for label, start, seconds, pid in sorted(times, key=lambda t: -t[2]):
        print(f"{seconds:7.2f} s  from {start:6.2f}  worker {pid}  {label}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
