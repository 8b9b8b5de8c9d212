"""A non-editable wheel carries the templates and works from any directory (built and installed offline)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import ROOT


def test_wheel_ships_templates_and_renders_from_elsewhere(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
    )
    [wheel] = dist.glob("emrgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/templates/cloudformation/template.yaml.j2" in names
    assert "generator/templates/terraform/resources.tf.j2" in names
    assert "generator/check/data/aws_provider_schema.json" in names  # the provider-schema snapshot `lint` needs
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import generator, sys; from generator.cli import app; print(generator.__file__, file=sys.stderr); "
        "app(['render', sys.argv[1], '-o', 'o', '--no-lint'], standalone_mode=False)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "examples" / "iam-studio.yaml")],
        cwd=elsewhere,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert str(site) in result.stderr  # the wheel's copy, not the source tree
    expected = (ROOT / "out" / "iam-studio" / "cloudformation" / "template.yaml").read_text()
    assert (elsewhere / "o" / "cloudformation" / "template.yaml").read_text() == expected
