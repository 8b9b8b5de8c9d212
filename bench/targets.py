"""Issue 14's targets, measured side by side in one run: each emrgen command and its reference (cfn-lint alone,
or a serialization floor) are whole processes, timed the same way from outside, alternated, repeated; the
ratio reported is the median of the per-round ratios (the machine is shared: medians, never one run).

    emrgen lint M (cold)              <= 1.3 x  cfn-lint alone on the same CloudFormation files
    emrgen render S (lints)           <= 1.5 x  (emrgen render --no-lint  +  cfn-lint alone on its templates)
    emrgen render L (lints, cold)     <= 1.2 x  cfn-lint alone over the same templates, spread on two processes
    emrgen render L --target cloudformation --no-lint  <= 2 x  the YAML floor process

The floor processes are compared with `render --target cloudformation`, so they write what it writes: the
YAML floor process starts Python, imports PyYAML, loads the final CloudFormation data of every template (a
pickle: C speed) and writes each with CSafeDumper; the JSON floor process writes the same data with json.dumps
(the stdlib's C encoder, no indent). (bench/run.py's in-process floors also serialize the Terraform resources'
data, as a full render writes Terraform too.) cfn-lint runs with the rules emrgen runs (``--include-checks I``)
for the regions emrgen lints (us-east-1 for the synthetic specs).
"""

from __future__ import annotations

import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
ENV = {**os.environ, "EMRGEN_NO_CACHE": "1", "TF_CLI_CONFIG_FILE": os.devnull}

FLOOR = r"""
import pickle, sys
kind, data_file, out = sys.argv[1], sys.argv[2], sys.argv[3]
with open(data_file, "rb") as fh:
    cfn, tf = pickle.load(fh)
if kind == "yaml":
    import yaml
    for i, data in enumerate(cfn):
        with open(f"{out}/{i}.yaml", "w") as fh:
            yaml.dump(data, fh, Dumper=yaml.CSafeDumper, sort_keys=False)
else:
    import json
    for i, data in enumerate(cfn):
        with open(f"{out}/{i}.json", "w") as fh:
            fh.write(json.dumps(data))
"""


def wall(cmd: list[str], check: bool = True) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=ENV)
    if check and done.returncode != 0:
        raise SystemExit(
            f"{' '.join(map(str, cmd))} failed ({done.returncode}):\n{done.stdout[-1500:]}{done.stderr[-1500:]}"
        )
    return time.perf_counter() - started


def wall_together(cmds: list[list[str]]) -> float:
    """Several processes started at once; the time until the last one ends."""
    started = time.perf_counter()
    threads = [threading.Thread(target=wall, args=(cmd,)) for cmd in cmds]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started


def cfn_lint(files: list[Path]) -> list[str]:
    return [str(BIN / "cfn-lint"), "--regions", "us-east-1", "--include-checks", "I", "--", *map(str, files)]


def emrgen(*args) -> list[str]:
    return [str(BIN / "emrgen"), *map(str, args)]


def templates(folder: Path) -> list[Path]:
    return sorted((folder / "cloudformation").rglob("*.yaml"))


def halves(files: list[Path]) -> list[list[Path]]:
    """Two lists of about equal bytes (largest first, each to the lighter side)."""
    sides: list[list[Path]] = [[], []]
    weight = [0, 0]
    for f in sorted(files, key=lambda p: -p.stat().st_size):
        i = weight.index(min(weight))
        sides[i].append(f)
        weight[i] += f.stat().st_size
    return [s for s in sides if s]


def floor_data(spec: Path, data_file: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from generator import api
    from generator.check.readback import read_cloudformation
    from generator.plan.limits import longest

    rendered = api.render(spec, "cloudformation")
    cfn = [read_cloudformation(text, rel) for rel, text in rendered.files.items() if rel.startswith("cloudformation/")]
    rendered_all = api.render(spec)
    tf = [{"type": r.kind, "name": r.tf_name, "props": longest(r.props)} for r in rendered_all.plan.resources]
    with open(data_file, "wb") as fh:
        pickle.dump((cfn, tf), fh)


def compare(name: str, rounds: int, ours, reference, target: float) -> dict:
    runs = []
    for _ in range(rounds):
        a = ours()
        b = reference()
        runs.append({"emrgen": round(a, 3), "reference": round(b, 3), "ratio": round(a / b, 3)})
        print(f"  {name}: emrgen {a:.2f} s, reference {b:.2f} s, ratio {a / b:.2f}", flush=True)
    ratio = statistics.median(r["ratio"] for r in runs)
    return {
        "emrgen_median": statistics.median(r["emrgen"] for r in runs),
        "reference_median": statistics.median(r["reference"] for r in runs),
        "ratio_median": ratio,
        "target": target,
        "met": None if target is None else ratio <= target,
        "runs": runs,
    }


def measure(specs: dict[str, Path], sizes: list[str], rounds: int, rounds_l: int) -> dict:
    out: dict = {}
    tmp = Path(tempfile.mkdtemp(prefix="emrgen-bench14-"))
    try:
        if "S" in sizes:
            spec, folder = specs["S"], tmp / "s"
            wall(emrgen("render", spec, "-o", folder, "--no-lint"))
            files = templates(folder)
            out["render_lint_S"] = compare(
                "render S (lints) / (render --no-lint + cfn-lint)",
                rounds,
                lambda: wall(emrgen("render", spec, "-o", tmp / "s1")),
                lambda: wall(emrgen("render", spec, "-o", tmp / "s2", "--no-lint")) + wall(cfn_lint(files)),
                1.5,
            )
        if "M" in sizes:
            spec, folder = specs["M"], tmp / "m"
            wall(emrgen("render", spec, "-o", folder, "--no-lint"))
            files = templates(folder)
            out["lint_M"] = compare(
                "lint M / cfn-lint", rounds, lambda: wall(emrgen("lint", folder)), lambda: wall(cfn_lint(files)), 1.3
            )
        if "L" in sizes:
            spec, folder = specs["L"], tmp / "l"
            wall(emrgen("render", spec, "-o", folder, "--no-lint"))
            sides = halves(templates(folder))
            data = tmp / "l-data.pickle"
            floor_data(spec, data)
            for kind in ("yaml", "json"):
                (tmp / f"floor-{kind}").mkdir()

            def floor(kind: str) -> float:
                return wall([sys.executable, "-c", FLOOR, kind, str(data), str(tmp / f"floor-{kind}")])

            def render_cfn() -> float:
                return wall(emrgen("render", spec, "-o", tmp / "l-cfn", "--target", "cloudformation", "--no-lint"))

            out["render_cfn_L_over_yaml_floor_process"] = compare(
                "render L --target cloudformation --no-lint / YAML floor process",
                rounds,
                render_cfn,
                lambda: floor("yaml"),
                2.0,
            )
            out["render_cfn_L_over_json_floor_process"] = compare(
                "render L --target cloudformation --no-lint / JSON floor process",
                rounds,
                render_cfn,
                lambda: floor("json"),
                None,
            )
            if rounds_l:  # 0 skips the slowest comparison (before issue 14 it took minutes)
                out["render_lint_L"] = compare(
                    "render L (lints, cold) / cfn-lint on two processes",
                    rounds_l,
                    lambda: wall(emrgen("render", spec, "-o", tmp / "l1")),
                    lambda: wall_together([cfn_lint(side) for side in sides]),
                    1.2,
                )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out
