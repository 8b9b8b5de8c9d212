"""Committed output you can trust (issue 18): a throwaway infrastructure repository (git, specs/, out/) whose commits
go through pre-commit (from PyPI, run offline) with this project's own hooks, as .pre-commit-hooks.yaml declares
them. The hooks run as `language: system` with this venv's emrgen-hook: pre-commit would otherwise build a venv for
them from the package index, which a test may not reach."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

BIN = Path(sys.executable).parent
FILES = {"emrgen-validate": r"^specs/.*\.ya?ml$", "emrgen-check": r"^(specs/.*\.ya?ml|out/.*)$"}  # as README says


def hooks_config() -> dict:
    hooks = []
    for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text()):
        local = {**hook, "language": "system", "entry": hook["entry"].replace("emrgen-hook", str(BIN / "emrgen-hook"))}
        if hook["id"] in FILES:
            local["files"] = FILES[hook["id"]]
        local.pop("types", None) if hook["id"] == "emrgen-check" else None
        hooks.append(local)
    return {"repos": [{"repo": "local", "hooks": hooks}]}


class Repo:
    def __init__(self, path: Path):
        self.path = path
        self.env = {
            **os.environ,
            "PRE_COMMIT_HOME": str(path.parent / "pre-commit-home"),
            "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com",
        }

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(args, cwd=self.path, env=self.env, capture_output=True, text=True, timeout=600)
        if check:
            assert done.returncode == 0, done.stdout + done.stderr
        return done

    def commit(self, message: str) -> subprocess.CompletedProcess:
        self.run("git", "add", "-A")
        return self.run("git", "commit", "-q", "-m", message, check=False)

    def emrgen(self, *args: str) -> subprocess.CompletedProcess:
        return self.run(str(BIN / "emrgen"), *args)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Repo:
    path = tmp_path_factory.mktemp("infra") / "repo"
    (path / "specs").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "iam-studio.yaml", path / "specs" / "iam-studio.yaml")
    shutil.copy(ROOT / "examples" / "minimal.yaml", path / "specs" / "minimal.yml")
    (path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(hooks_config(), sort_keys=False))
    repo = Repo(path)
    repo.run("git", "init", "-q", "-b", "main")
    repo.run(str(BIN / "pre-commit"), "install")
    repo.emrgen("render", "specs", "--no-lint")
    done = repo.commit("specs and their output")
    assert done.returncode == 0, done.stdout + done.stderr
    return repo


def test_an_edit_to_a_generated_file_is_refused_with_what_to_run(repo) -> None:
    iam = repo.path / "out" / "iam-studio" / "terraform" / "iam.tf"
    original = iam.read_text()
    iam.write_text(original.replace('"sts:AssumeRole"', '"sts:*"', 1))
    done = repo.commit("hand edit")  # only out/ is staged: no spec
    assert done.returncode != 0
    assert "has drifted from iam-studio.yaml: run emrgen render specs/iam-studio.yaml" in done.stdout + done.stderr
    iam.write_text(original)
    repo.run("git", "reset", "-q")


def test_a_foreign_file_in_an_output_folder_is_refused(repo) -> None:
    extra = repo.path / "out" / "iam-studio" / "terraform" / "extra.tf"
    extra.write_text(
        'resource "aws_iam_role_policy_attachment" "admin" {\n  role       = "analyst"\n'
        '  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n'
    )
    done = repo.commit("sneak in admin")
    assert done.returncode != 0 and "foreign file terraform/extra.tf" in done.stdout + done.stderr
    extra.unlink()
    repo.run("git", "reset", "-q")


def test_terraform_working_files_and_tfvars_pass(repo) -> None:
    tf = repo.path / "out" / "iam-studio" / "terraform"
    (tf / ".terraform.lock.hcl").write_text("# lock file: commit it\n")
    (tf / "prod.tfvars").write_text("x = 1\n")
    done = repo.commit("lock file and variables")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_spec_change_without_render_is_refused_then_passes_after_render(repo) -> None:
    spec = repo.path / "specs" / "iam-studio.yaml"
    spec.write_text(spec.read_text().replace("Reads the raw zone", "Reads the raw zone only"))
    done = repo.commit("spec only")
    assert done.returncode != 0 and "has drifted" in done.stdout + done.stderr
    repo.emrgen("render", "specs/iam-studio.yaml", "--no-lint")
    done = repo.commit("spec and output")
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_all_finds_output_no_spec_generates(repo) -> None:
    (repo.path / "specs" / "minimal.yml").unlink()
    done = repo.commit("drop a spec, forget its output")
    assert (
        done.returncode != 0 and "out/minimal holds generated files that no spec generates" in done.stdout + done.stderr
    )
    shutil.rmtree(repo.path / "out" / "minimal")
    done = repo.commit("drop a spec and its output")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_ci_recipe_in_the_same_repository(repo, tmp_path) -> None:
    """The README's CI job, its emrgen steps in order, in this repository: check every spec, SARIF even when lint
    fails (here it does not), the access diff of a pull request against main from a shallow clone (fetch first)."""
    recipe = (ROOT / "README.md").read_text().split("**Code scanning.**", 1)[1].split("```", 2)[1]
    assert "emrgen check specs/" in recipe and "fetch-depth: 0" in recipe and "-c constraints.txt" in recipe
    repo.emrgen("check", "specs/")
    sarif = repo.run(str(BIN / "emrgen"), "lint", "out/", "--format", "sarif", "--strict").stdout
    assert '"version": "2.1.0"' in sarif
    clone = tmp_path / "ci"
    repo.run("git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone))
    spec = clone / "specs" / "iam-studio.yaml"
    spec.write_text(spec.read_text().replace("clusters: [interactive]", "cluster_tags: {workload: interactive}"))
    ci = Repo(clone)
    shallow = ci.run(str(BIN / "emrgen"), "diff", "specs/iam-studio.yaml", "--git", "origin/feature", check=False)
    assert shallow.returncode == 2 and "fetch it first" in shallow.stderr
    diff = ci.run(
        str(BIN / "emrgen"),
        "diff",
        "specs/iam-studio.yaml",
        "--git",
        "origin/main",
        "--format",
        "markdown",
        check=False,
    )
    assert diff.returncode == 1 and "➕ gained" in diff.stdout, diff.stdout + diff.stderr  # analysts widened


def test_two_specs_with_one_name_are_refused(repo) -> None:
    twin = repo.path / "specs" / "twin.yaml"
    twin.write_text((repo.path / "specs" / "iam-studio.yaml").read_text())
    done = repo.run(str(BIN / "emrgen"), "render", "specs", "--no-lint", check=False)
    assert done.returncode == 2 and "(same name:)" in done.stderr
    twin.unlink()
