"""Benchmark: synthetic specs S, M, L, XL (bench/synthetic.py) through validate, render and lint.

    .venv/bin/python bench/run.py [--sizes S,M,L,XL,L-2R] [--lint-sizes S,M,L] [--targets S,M,L]
                                  [--rounds 3] [--rounds-l 2] [--out bench/results.json]

A size with "-<n>R" is rolled out to <n> target regions (targets:, the account/regional split of issue 7).

Each measurement runs in a fresh subprocess (so peak RSS is that step's own). "render" is timed inside that
process from before `from generator import api` (imports of emrgen included, interpreter start-up not);
"render_process" is `emrgen render --no-lint` timed from outside as a whole process.

Two floors, each the time to serialize the final output data and write it, in-process:
  floor_yaml  the CloudFormation templates' data (as read back from the render) with PyYAML's CSafeDumper, plus
              the Terraform resources' data with json. CSafeDumper's representer is pure Python: this floor
              is what emitting YAML through PyYAML costs, not what any generator must spend.
  floor_json  the same data with the stdlib's C JSON encoder (json.dumps, no indent): close to the cost of
              just writing that many bytes from Python data.
The ratio of render to each is reported. Lint skips its cache (EMRGEN_NO_CACHE=1): we measure the work.

--targets runs issue 14's side-by-side comparisons (bench/targets.py: lint vs cfn-lint alone, render vs
the floors as whole processes), alternating emrgen and its reference, and reports medians.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STEP = r"""
import json, os, resource, sys, time, tempfile
from pathlib import Path
step, spec = sys.argv[1], sys.argv[2]
started = time.perf_counter()
from generator import api
out = {}
if step == "validate":
    api.validate(spec)
elif step in ("render", "render+lint"):
    rendered = api.render(spec)
    folder = Path(tempfile.mkdtemp()) / "out"
    api.write_output(rendered, folder)
    if step == "render+lint":
        out["findings"] = len(api.lint_rendered(rendered, folder))
    out["bytes"] = sum(len(t.encode()) for t in rendered.files.values())
    out["files"] = len(rendered.files)
    out["resources"] = len(rendered.plan.resources)
    out["managed_policies"] = sum(r.kind == "managed_policy" for r in rendered.plan.resources)
    out["stacks"] = sum(1 for f in rendered.files if f.startswith("cloudformation/"))
elif step == "floor":
    import yaml
    from generator.plan.limits import longest
    from generator.check.readback import read_cloudformation
    rendered = api.render(spec)
    cfn = {rel: read_cloudformation(text, rel) for rel, text in rendered.files.items() if rel.startswith("cloudformation/")}
    tf = [{"type": r.kind, "name": r.tf_name, "props": longest(r.props)} for r in rendered.plan.resources]
    folder = Path(tempfile.mkdtemp())
    started = time.perf_counter()  # the floor is serializing and writing only
    for i, data in enumerate(cfn.values()):
        with open(folder / f"{i}.yaml", "w") as fh:
            yaml.dump(data, fh, Dumper=yaml.CSafeDumper, sort_keys=False)
    with open(folder / "tf.json", "w") as fh:
        json.dump(tf, fh, default=str)
    out["floor_yaml"] = time.perf_counter() - started
    started = time.perf_counter()  # the same data through the stdlib's C encoder, no indent
    for i, data in enumerate(cfn.values()):
        with open(folder / f"{i}.json", "w") as fh:
            fh.write(json.dumps(data))
    with open(folder / "tf2.json", "w") as fh:
        fh.write(json.dumps(tf, default=str))
    out["floor_json"] = time.perf_counter() - started
    started = time.perf_counter() - out["floor_yaml"]
out["seconds"] = time.perf_counter() - started
out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def measure(step: str, spec: Path) -> dict:
    env = {**os.environ, "EMRGEN_NO_CACHE": "1", "TF_CLI_CONFIG_FILE": os.devnull}
    done = subprocess.run(
        [sys.executable, "-c", STEP, step, str(spec)], capture_output=True, text=True, env=env, cwd=ROOT
    )
    if done.returncode != 0:
        raise SystemExit(f"{step} {spec.name} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def wall(cmd: list[str], cwd: Path = ROOT) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, env={**os.environ, "EMRGEN_NO_CACHE": "1"})
    return time.perf_counter() - started


def main() -> None:
    from bench.synthetic import SIZES, parse, write

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="S,M,L,XL,L-2R")
    parser.add_argument("--lint-sizes", default="S,M,L", help="render+lint is slow on XL (cfn-lint on ~100 MB)")
    parser.add_argument("--targets", default="", help="sizes for issue 14's side-by-side comparisons (S,M,L)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each comparison (medians are reported)")
    parser.add_argument("--rounds-l", type=int, default=2, help="rounds of the L render+lint comparison")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    args = parser.parse_args()
    results: dict = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "sizes": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes.split(","):
            spec = Path(tmp) / f"bench-{size.lower()}.yaml"
            write(size, spec)
            base, regions = parse(size)
            row: dict = {
                "users": SIZES[base][0],
                "runtime_roles": SIZES[base][1],
                "clusters": SIZES[base][2],
                "target_regions": regions,
            }
            row["validate"] = measure("validate", spec)["seconds"]
            render = measure("render", spec)
            row.update({k: render[k] for k in ("bytes", "files", "resources", "managed_policies", "stacks")})
            row["render"] = render["seconds"]
            row["render_peak_rss_mib"] = render["peak_rss_mib"]
            floors = measure("floor", spec)
            row["floor"] = row["floor_yaml"] = floors["floor_yaml"]
            row["floor_json"] = floors["floor_json"]
            row["render_over_floor_yaml"] = row["render"] / row["floor_yaml"]
            row["render_over_floor_json"] = row["render"] / row["floor_json"]
            with tempfile.TemporaryDirectory() as scratch:  # the whole process: interpreter, imports, render, write
                row["render_process"] = min(
                    wall(
                        [
                            str(ROOT / ".venv" / "bin" / "emrgen"),
                            "render",
                            str(spec),
                            "-o",
                            f"{scratch}/o{i}",
                            "--no-lint",
                        ]
                    )
                    for i in range(2)
                )
            if size in args.lint_sizes.split(","):
                linted = measure("render+lint", spec)
                row["render_lint"] = linted["seconds"]
                row["lint_findings"] = linted["findings"]
            results["sizes"][size] = row
            print(f"{size}: {json.dumps(row)}", flush=True)
        if args.targets:
            from bench.targets import measure as measure_targets

            wanted = args.targets.split(",")
            specs = {}
            for size in wanted:
                specs[size] = Path(tmp) / f"targets-{size.lower()}.yaml"
                write(size, specs[size])
            results["targets_issue14"] = measure_targets(specs, wanted, args.rounds, args.rounds_l)
    # `emrgen check` on an unchanged example vs. importing the CLI plus rendering it.
    example = "examples/iam-studio.yaml"
    check = min(wall([str(ROOT / ".venv" / "bin" / "emrgen"), "check", example]) for _ in range(3))
    imports = min(wall([sys.executable, "-c", "import generator.cli"]) for _ in range(3))
    render_example = measure("render", ROOT / example)["seconds"]
    help_time = min(wall([str(ROOT / ".venv" / "bin" / "emrgen"), "--help"]) for _ in range(3))
    results["check"] = {"check": check, "import_cli": imports, "render": render_example, "help": help_time}
    sizes = results["sizes"]
    ratios = {}
    if "L" in sizes:
        ratios["render_L_over_floor_L"] = sizes["L"]["render"] / sizes["L"]["floor"]
        ratios["render_L_over_floor_json_L"] = sizes["L"]["render"] / sizes["L"]["floor_json"]
    if "L" in sizes and "XL" in sizes:
        growth = sizes["XL"]["users"] / sizes["L"]["users"]
        ratios["time_XL_over_L"] = sizes["XL"]["render"] / sizes["L"]["render"]
        ratios["allowed_XL_over_L"] = 1.3 * growth
        ratios["peak_rss_XL_mib"] = sizes["XL"]["render_peak_rss_mib"]
    if "L" in sizes and "L-2R" in sizes:  # the same L in two regions: one more template, region-suffixed names
        ratios["render_L2R_over_L"] = sizes["L-2R"]["render"] / sizes["L"]["render"]
    ratios["check_over_import_plus_render"] = check / (imports + render_example)
    results["ratios"] = ratios
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)


def print_table(results: dict) -> None:
    cols = (
        "users",
        "runtime_roles",
        "clusters",
        "resources",
        "managed_policies",
        "stacks",
        "bytes",
        "validate",
        "render",
        "render_process",
        "render_lint",
        "floor_yaml",
        "floor_json",
        "render_peak_rss_mib",
    )
    print("| size | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))
    for size, row in results["sizes"].items():
        cells = [f"{row[c]:.2f}" if isinstance(row.get(c), float) else str(row.get(c, "-")) for c in cols]
        print(f"| {size} | " + " | ".join(cells) + " |")
    print()
    for key, value in {**results["ratios"], **{f"check.{k}": v for k, v in results["check"].items()}}.items():
        print(f"- {key}: {value:.2f}")
    for key, entry in results.get("targets_issue14", {}).items():
        print(
            f"- {key}: emrgen {entry['emrgen_median']:.2f} s, reference {entry['reference_median']:.2f} s, "
            f"ratio {entry['ratio_median']:.2f} (target {entry['target']}, met: {entry['met']})"
        )


if __name__ == "__main__":
    main()
