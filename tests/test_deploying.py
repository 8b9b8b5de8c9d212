"""README "Deploying", followed step by step with every command that runs offline (issue 13): render, check, lint,
then Terraform's own init (from the local plugin directory, no backend), fmt and validate inside the output folder,
and a second render and check beside Terraform's working files, which stay the user's."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .check.test_terraform_validate import PLUGIN_DIR, terraform
from .conftest import ROOT

BIN = Path(sys.executable).parent


def readme_commands(block_after: str) -> list[str]:
    """The shell lines of the first ```sh block after ``block_after`` in README's Deploying section."""
    text = (ROOT / "README.md").read_text().split("## Deploying", 1)[1]
    block = text.split(block_after, 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    joined = block.replace("\\\n", " ")
    return [re.sub(r"\s+#.*$", "", line).strip() for line in joined.splitlines() if line.strip()]


def sh(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "TF_CLI_CONFIG_FILE": os.devnull, "CHECKPOINT_DISABLE": "1"}
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


def test_the_deploying_section_works_as_written(tmp_path) -> None:
    (tmp_path / "specs").mkdir()
    spec = (ROOT / "examples" / "sso-studio.yaml").read_text().replace("name: sso-studio", "name: analytics")
    assert "backend:" in spec  # the example shows terraform.backend, as the section does
    (tmp_path / "specs" / "analytics.yaml").write_text(spec)
    render, check = readme_commands("**CloudFormation, one stack**")[:2]
    assert render == "emrgen render specs/analytics.yaml" and check == "emrgen check specs/analytics.yaml"
    sh([str(BIN / "emrgen"), *render.split()[1:]], tmp_path)
    sh([str(BIN / "emrgen"), *check.split()[1:]], tmp_path)

    folder = tmp_path / "out" / "analytics" / "terraform"
    assert readme_commands("**Terraform**")[0] == "cd out/analytics/terraform" and folder.is_dir()
    assert (folder / "backend.tf").read_text().count('backend "s3"') == 1
    # terraform init as the section says, but offline: the provider from the local plugin directory, no backend
    sh([terraform(), "init", "-backend=false", f"-plugin-dir={PLUGIN_DIR}", "-input=false", "-no-color"], folder)
    sh([terraform(), "fmt", "-check", "-recursive", "-no-color"], folder)
    sh([terraform(), "validate", "-no-color"], folder)
    (folder / "terraform.tfstate").write_text('{"version": 4}\n')
    (folder / "prod.tfvars").write_text('extra = "x"\n')
    working = sorted(p.name for p in folder.iterdir())
    assert ".terraform" in working and ".terraform.lock.hcl" in working

    # the next render and check beside Terraform's working files: nothing blocks, nothing changes, no drift
    sh([str(BIN / "emrgen"), *render.split()[1:]], tmp_path)
    sh([str(BIN / "emrgen"), *check.split()[1:]], tmp_path)
    sh([str(BIN / "emrgen"), "lint", "out/analytics"], tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == working
    assert (folder / "terraform.tfstate").read_text() == '{"version": 4}\n'
    shutil.rmtree(folder / ".terraform")
