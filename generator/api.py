"""What the commands do, as plain functions (the CLI only parses arguments and prints)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import access, lint, review, scopes, write
from .errors import Finding
from .plan import Plan, build_plan
from .spec.model import Spec
from .spec.validate import read_spec

TARGETS = ("cloudformation", "terraform", "all")


def scope_of(target: str) -> tuple[str, ...] | None:
    """The files a render for ``target`` owns in the output folder (None: all of them)."""
    if target == "all":
        return None
    # The StackSet (targets only) belongs to the CloudFormation side of the output.
    return (f"{target}/", "stackset/", "REVIEW.md") if target == "cloudformation" else (f"{target}/", "REVIEW.md")


@dataclass
class Rendered:
    spec: Spec
    plan: Plan
    warnings: list[Finding]
    files: dict[str, str] = field(default_factory=dict)
    target: str = "all"


def validate(path: str | Path) -> tuple[Spec, list[Finding]]:
    """The spec's findings, AWS limits included (they are found while planning the policies)."""
    spec, warnings = read_spec(path)
    checked_plan(spec, warnings)
    return spec, warnings


def default_out(spec: Spec) -> Path:
    return Path("out") / spec.name


def render(path: str | Path, target: str = "all", cfn_format: str = "yaml") -> Rendered:
    from .render import cloudformation, stackset, terraform, terraform_targets

    spec, warnings = read_spec(path)
    plan = checked_plan(spec, warnings)
    result = Rendered(spec, plan, warnings, target=target)
    members = scopes.members(plan)
    if target in ("cloudformation", "all"):
        nested = {}
        for scope, member in members.items():
            folder = "cloudformation/account/" if scope == scopes.ACCOUNT else "cloudformation/"
            files = cloudformation.render_yaml(member)
            nested[scope] = len(files) > 1
            for name, text in files.items():
                if cfn_format == "json":
                    result.files[f"{folder}{name[:-len('.yaml')]}.json"] = cloudformation.render_json(text)
                else:
                    result.files[f"{folder}{name}"] = text
        if spec.targets is not None:
            text = stackset.render(plan, nested)
            result.files["stackset/template.json" if cfn_format == "json" else "stackset/template.yaml"] = \
                cloudformation.render_json(text) if cfn_format == "json" else text
    if target in ("terraform", "all"):
        tf_files = terraform.render(plan) if spec.targets is None else terraform_targets.render(plan, members)
        for name, text in tf_files.items():
            result.files[f"terraform/{name}"] = text
    result.files["REVIEW.md"] = review.render(plan, warnings)
    return result


def lint_regions(spec: Spec) -> list[str]:
    """The member template is linted for every region it deploys to (targets), else the spec's region."""
    return list(spec.targets.regions) if spec.targets is not None else [spec.region or lint.DEFAULT_REGION]


def lint_rendered(rendered: Rendered, out: Path) -> list[Finding]:
    """Every template and Terraform folder of one output, linted together on every core (generator/lintjobs.py)."""
    regions = lint_regions(rendered.spec)
    cfn = [(text, str(out / rel), regions) for rel, text in rendered.files.items()
           if rel.startswith(("cloudformation/", "stackset/"))]
    # The Terraform root and, with targets, the modules it calls: checked together.
    terraform = {rel[len("terraform/"):]: text for rel, text in rendered.files.items() if rel.startswith("terraform/")}
    with lint.terraform_tree(terraform, str(out / "terraform")) as folders:
        return lint.lint_many(cfn, folders)


def write_output(rendered: Rendered, out: Path) -> list[str]:
    return write.write_tree(out, rendered.files, scope_of(rendered.target))


def check(path: str | Path, out: Path | None, target: str = "all", cfn_format: str = "yaml") -> tuple[Rendered, Path, str]:
    rendered = render(path, target, cfn_format)
    out = out or default_out(rendered.spec)
    return rendered, out, write.diff_tree(out, rendered.files, scope_of(target))


def checked_plan(spec: Spec, warnings: list[Finding]) -> Plan:
    """The plan, or a SpecError when the spec cannot fit AWS limits (found while packing policies)."""
    from .errors import SpecError

    plan = build_plan(spec)
    if any(f.is_error for f in plan.findings):
        raise SpecError(warnings + plan.findings)
    return plan


def explain(path: str | Path) -> list[access.Cell]:
    spec, warnings = read_spec(path)
    return access.matrix(checked_plan(spec, warnings))


def spec_at_revision(path: Path, ref: str) -> bytes:
    """The bytes of ``path`` as committed at git revision ``ref`` (the same path, in its own repository)."""
    import subprocess

    from .errors import UsageError

    path = Path(path)
    if ref.startswith("-"):
        raise UsageError(f"not a git revision: {ref}")
    try:
        done = subprocess.run(["git", "-C", str(path.parent or "."), "show", f"{ref}:./{path.name}"],
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("--git needs the git command, which is not installed") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"cannot read {path} at {ref}: {message[-1] if message else 'git show failed'}")
    return done.stdout


def diff(old: str | Path, new: str | Path | None = None, git_ref: str | None = None):
    """Compare two specs (files), or a spec with itself at a git revision (``git_ref``; ``new`` unused)."""
    from . import diff as diff_mod
    from .errors import UsageError
    from .spec.validate import read_spec_bytes

    if git_ref is not None:
        if new is not None:
            raise UsageError("give one spec with --git REF (it is compared with itself at REF), or two specs without it")
        new_spec, _ = read_spec(old)
        old_spec, _ = read_spec_bytes(spec_at_revision(Path(old), git_ref), f"{Path(old).name}@{git_ref}")
        labels = (f"{Path(old).name}@{git_ref}", Path(old).name)
    else:
        if new is None:
            raise UsageError("give two specs (OLD NEW), or one spec and --git REF")
        old_spec, _ = read_spec(old)
        new_spec, _ = read_spec(new)
        labels = (str(old), str(new))
    return diff_mod.diff_plans(checked_plan(old_spec, []), checked_plan(new_spec, []), *labels)
