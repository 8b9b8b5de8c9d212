"""The real `terraform validate` with the hashicorp/aws provider 5.x (issue 13): the roots emrgen writes allow
provider ">= 5.0, < 7.0", and 5.x is what many teams run. This machine kind carries a Terraform CLI and the
provider 5.100.0 as a local plugin directory, so init and validate run offline (`-plugin-dir`). The 6.x side is the
provider-schema snapshot check (tests/check/test_tfschema.py). A missing tool fails here, never skips."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import SPECS

PLUGIN_DIR = Path(os.environ.get("EMRGEN_TF_PLUGIN_DIR", "/opt/tf-plugins"))
PROVIDER_5 = "registry.terraform.io/hashicorp/aws/5.*"


def terraform() -> str:
    found = shutil.which("terraform")
    assert found, "the terraform CLI is not on PATH (this machine kind carries it; see README 'Checks')"
    assert list(PLUGIN_DIR.glob(f"{PROVIDER_5}/linux_amd64/terraform-provider-aws_*")), (
        f"no hashicorp/aws 5.x provider under {PLUGIN_DIR} (set EMRGEN_TF_PLUGIN_DIR)"
    )
    return found


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "TF_CLI_CONFIG_FILE": os.devnull, "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}
    return subprocess.run([terraform(), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("example", SPECS, ids=lambda p: p.stem)
def test_terraform_validate_with_provider_5(example, rendered_examples, tmp_path) -> None:
    root = tmp_path / "terraform"
    for rel, text in rendered_examples[example.stem].files.items():
        if rel.startswith("terraform/"):
            target = tmp_path / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    # the root, and each module on its own (with OU targets nothing in the root calls the member module)
    versions = []
    folders = [root, *sorted(p for p in (root / "modules").glob("*") if p.is_dir())]
    if (root / "stacksets.tf").exists():
        # The OU root manages StackSets with arguments provider 6.x introduced (stack_set_instance_region,
        # depends_on_stack_sets): it says so in its version constraint, and provider 5.x must refuse it.
        assert 'version = ">= 6.0, < 7.0"' in (root / "versions.tf").read_text()
        folders.remove(root)
        init = run(["init", "-backend=false", f"-plugin-dir={PLUGIN_DIR}", "-input=false", "-no-color"], root)
        assert init.returncode != 0 and "no available releases match" in init.stdout + init.stderr
    for folder in folders:
        init = run(["init", "-backend=false", f"-plugin-dir={PLUGIN_DIR}", "-input=false", "-no-color"], folder)
        assert init.returncode == 0, init.stdout + init.stderr
        selected = json.loads(run(["version", "-json"], folder).stdout).get("provider_selections", {})
        versions += [v for k, v in selected.items() if k == "registry.terraform.io/hashicorp/aws"]
        done = run(["validate", "-json", "-no-color"], folder)
        result = json.loads(done.stdout)
        problems = [f"{d['severity']}: {d['summary']}: {d.get('detail', '')}" for d in result["diagnostics"]]
        assert result["valid"] and not problems, (folder.name, problems)  # deprecations are warnings: none allowed
    assert versions and all(v.startswith("5.") for v in versions), versions  # validated with 5.x, nothing else
