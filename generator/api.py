"""What the commands do, as plain functions (the CLI only parses arguments and prints)."""

from __future__ import annotations

import dataclasses
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import write
from .check import lint
from .errors import Finding
from .plan import build_plan, scopes
from .plan.core import Plan
from .review import access
from .review import report as review
from .rules import check_plan
from .rules.validate import read_spec
from .spec.model import Spec

TARGETS = ("cloudformation", "terraform", "all")


def scope_of(target: str) -> tuple[str, ...] | None:
    """The files a render for ``target`` owns in the output folder (None: all of them)."""
    if target == "all":
        return None
    # The StackSet (targets only) belongs to the CloudFormation side of the output.
    return (f"{target}/", "stackset/", "REVIEW.md") if target == "cloudformation" else (f"{target}/", "REVIEW.md")


@contextmanager
def collector_paused():
    """Reading and rendering a spec allocate millions of objects that live until the render ends, and leave
    little cyclic garbage (about 2 MB on the 3,000-user bench spec): the cyclic collector walked them ~120 times,
    0.18 s of a 2 s render (issue 14). Paused for one read-and-render, then as it was."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


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
    with collector_paused():
        spec, warnings = read_spec(path)
        return render_spec(spec, warnings, target, cfn_format)


def render_spec(spec: Spec, warnings: list[Finding], target: str = "all", cfn_format: str = "yaml") -> Rendered:
    """render, for a spec already read (``check`` reads it first to find its output folder)."""
    from .check import readback
    from .render import cloudformation

    plan = checked_plan(spec, warnings)
    result = Rendered(spec, plan, warnings, target=target)
    members = scopes.members(plan)
    unchecked: list[tuple[str, str]] = []  # templates read back while the rest renders (a child process if large)
    if target in ("cloudformation", "all"):
        nested = {}
        for scope, member in members.items():
            folder = "cloudformation/account/" if scope == scopes.ACCOUNT else "cloudformation/"
            files = cloudformation.render_yaml(member, unchecked)
            nested[scope] = len(files) > 1
            for name, text in files.items():
                if cfn_format == "json":
                    result.files[f"{folder}{name[: -len('.yaml')]}.json"] = cloudformation.render_json(text)
                else:
                    result.files[f"{folder}{name}"] = text
    verdict = readback.check_cloudformation_files(unchecked)
    try:
        render_rest(result, members, nested if target in ("cloudformation", "all") else {}, cfn_format)
    finally:
        verdict()  # raises when a template did not read back: before anything is written
    return result


def render_rest(result: Rendered, members: dict, nested: dict, cfn_format: str) -> None:
    """render_spec after the CloudFormation templates: the StackSet side, Terraform and REVIEW.md."""
    from .render import central_buckets, cloudformation, stackset, terraform, terraform_targets

    spec, plan, target = result.spec, result.plan, result.target
    if target in ("cloudformation", "all"):
        if spec.targets is not None:
            text = stackset.render(plan, nested)
            result.files["stackset/template.json" if cfn_format == "json" else "stackset/template.yaml"] = (
                cloudformation.render_json(text) if cfn_format == "json" else text
            )
            owner = central_buckets.render(plan)  # targets.central_buckets: the bucket owner's side
            if owner is not None:
                result.files[central_buckets.PATH] = owner
    if target in ("terraform", "all"):
        tf_files = terraform.render(plan) if spec.targets is None else terraform_targets.render(plan, members)
        for name, text in tf_files.items():
            result.files[f"terraform/{name}"] = text
    # REVIEW.md is committed output: it names the spec by file name, however the path was given on the command line
    by_name = [dataclasses.replace(w, file=spec.source) for w in result.warnings]
    result.files["REVIEW.md"] = review.render(plan, by_name)


def lint_regions(spec: Spec) -> list[str]:
    """The member template is linted for every region it deploys to (targets), else the spec's region."""
    return list(spec.targets.regions) if spec.targets is not None else [spec.region or lint.DEFAULT_REGION]


def lint_rendered(rendered: Rendered, out: Path) -> list[Finding]:
    """Every template and Terraform folder of one output, linted together on every core (generator/lintjobs.py)."""
    regions = lint_regions(rendered.spec)
    cfn = [
        (text, str(out / rel), regions)
        for rel, text in rendered.files.items()
        if rel.startswith(("cloudformation/", "stackset/"))
    ]
    # The Terraform root and, with targets, the modules it calls: checked together.
    terraform = {rel[len("terraform/") :]: text for rel, text in rendered.files.items() if rel.startswith("terraform/")}
    with lint.terraform_tree(terraform, str(out / "terraform")) as folders:
        return lint.lint_many(cfn, folders)


def write_output(rendered: Rendered, out: Path) -> list[str]:
    return write.write_tree(out, rendered.files, scope_of(rendered.target), tuple(rendered.spec.keep))


@dataclass
class Written:
    """What `render` did: the files (written unless lint stopped it first), the stale generated files it removed,
    and the lint findings (None when lint did not run)."""

    rendered: Rendered
    out: Path
    written: bool
    stale: list[str] = field(default_factory=list)
    findings: list[Finding] | None = None


def render_to(
    path: str | Path,
    out: Path | None,
    target: str = "all",
    cfn_format: str = "yaml",
    lint_mode: str = "after",
    already: dict[Path, Path] | None = None,
) -> Written:
    """Render and write. ``lint_mode``: "after" writes then lints what was written; "before" lints in memory and
    writes only when clean (--fail-on-lint); "no" writes without linting. ``already``: output folder -> spec, of
    the specs written before in the same run (two specs with one name: the second is refused)."""
    from . import workspace
    from .errors import UsageError

    rendered = render(path, target, cfn_format)
    out = out or default_out(rendered.spec)
    if already is not None:
        if out.resolve() in already:
            raise UsageError(
                f"{path} and {already[out.resolve()]} both write {out} (same name:); give one another name:"
            )
        already[out.resolve()] = Path(path)
    workspace.refuse_another_specs_folder(out, Path(path))
    findings = None
    if lint_mode == "before":
        findings = lint_rendered(rendered, out)
        if findings:
            return Written(rendered, out, written=False, findings=findings)
    stale = write_output(rendered, out)
    if lint_mode == "after":
        findings = lint_rendered(rendered, out)
    return Written(rendered, out, written=True, stale=stale, findings=findings)


def check(
    path: str | Path, out: Path | None, target: str | None = None, cfn_format: str | None = None
) -> tuple[Rendered, Path, str, list[str]]:
    """Render in memory and diff with the output folder. Without ``target``/``cfn_format``: what the folder holds
    (only a terraform/ folder -> terraform; a template.json -> json). Last: Terraform state files git tracks there."""
    with collector_paused():
        spec, warnings = read_spec(path)  # read once: its name finds the folder, then it is rendered
        folder = out or default_out(spec)
        has_cfn, has_tf = (folder / "cloudformation").is_dir(), (folder / "terraform").is_dir()
        if target is None:
            target = "cloudformation" if has_cfn and not has_tf else "terraform" if has_tf and not has_cfn else "all"
        if cfn_format is None:
            cfn_format = "json" if (folder / "cloudformation" / "template.json").exists() else "yaml"
        rendered = render_spec(spec, warnings, target, cfn_format)
    diff = write.diff_tree(folder, rendered.files, scope_of(target), tuple(rendered.spec.keep))
    return rendered, folder, diff, write.tracked_state_files(folder)


def checked_plan(spec: Spec, warnings: list[Finding]) -> Plan:
    """The plan, or a SpecError when the spec cannot fit AWS limits (measured while packing policies, judged by
    the rules in rules/plan/)."""
    from .errors import SpecError

    plan = build_plan(spec)
    findings = check_plan(plan)
    if any(f.is_error for f in findings):
        raise SpecError(warnings + findings)
    return plan


def explain(
    path: str | Path, user: str | None = None, role: str | None = None, cluster: str | None = None
) -> list[access.Cell]:
    """The access matrix, optionally only the rows of one user, one runtime role and/or one cluster (a row on
    "any cluster" is a row on every cluster). A name the spec does not declare is a usage error."""
    from .errors import UsageError
    from .rules.suggest import hint

    spec, warnings = read_spec(path)
    for label, name, known in (
        ("user", user, [u.name for u in spec.users]),
        (
            "runtime role",
            role,
            [r.name for r in spec.runtime_roles]  # or an ARN/pattern
            + [e for u in spec.users for a in u.access for e in a.runtime_roles],
        ),
        ("cluster", cluster, [c.name for c in spec.clusters]),
    ):
        if name is not None and name not in known:
            raise UsageError(f"{Path(path).name} declares no {label} '{name}'{hint(name, known)}")
    cells = access.matrix(checked_plan(spec, warnings))
    return [
        c
        for c in cells
        if (user is None or c.user == user)
        and (role is None or c.runtime_role == role)
        and (cluster is None or c.clusters == access.ANY_CLUSTER or cluster in c.clusters.split(", "))
    ]


def spec_at_revision(path: Path, ref: str) -> bytes | None:
    """The bytes of ``path`` as committed at git revision ``ref`` (the same path, in its own repository); None
    when the revision exists but the spec did not (a spec new in this pull request)."""
    import subprocess

    from .errors import UsageError

    path = Path(path)
    if ref.startswith("-"):
        raise UsageError(f"not a git revision: {ref}")

    def git(*args: str) -> subprocess.CompletedProcess:
        try:
            return subprocess.run(["git", "-C", str(path.parent or "."), *args], capture_output=True, check=False)
        except FileNotFoundError:
            raise UsageError("--git needs the git command, which is not installed") from None

    def last_line(done: subprocess.CompletedProcess) -> str:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else "git failed"

    known = git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if known.returncode != 0:
        if git("rev-parse", "--git-dir").returncode != 0:
            raise UsageError(f"cannot read {path} at {ref}: {path.parent or '.'} is not in a git repository")
        shallow = git("rev-parse", "--is-shallow-repository").stdout.strip() == b"true"
        raise UsageError(
            f"cannot read {path} at {ref}: git does not know {ref} here"
            + ("; this clone is shallow" if shallow else "")
            + f"; fetch it first (git fetch origin {ref.removeprefix('origin/')}, or actions/checkout "
            "with fetch-depth: 0)"
        )
    if git("cat-file", "-e", f"{ref}:./{path.name}").returncode != 0:
        return None
    done = git("show", f"{ref}:./{path.name}")
    if done.returncode != 0:
        raise UsageError(f"cannot read {path} at {ref}: {last_line(done)}")
    return done.stdout


def diff(old: str | Path, new: str | Path | None = None, git_ref: str | None = None):
    """Compare two specs (files), or a spec with itself at a git revision (``git_ref``; ``new`` unused)."""
    from .errors import UsageError
    from .review import diff as diff_mod
    from .rules.validate import read_spec_bytes

    if git_ref is not None:
        if new is not None:
            raise UsageError(
                "give one spec with --git REF (it is compared with itself at REF), or two specs without it"
            )
        new_spec, _ = read_spec(old)
        labels = (f"{Path(old).name}@{git_ref}", Path(old).name)
        committed = spec_at_revision(Path(old), git_ref)
        if committed is None:  # new in this change: everything it grants is gained
            return diff_mod.new_spec_diff(checked_plan(new_spec, []), *labels)
        old_spec, _ = read_spec_bytes(committed, f"{Path(old).name}@{git_ref}")
    else:
        if new is None:
            raise UsageError("give two specs (OLD NEW), or one spec and --git REF")
        old_spec, _ = read_spec(old)
        new_spec, _ = read_spec(new)
        labels = (str(old), str(new))
    return diff_mod.diff_plans(checked_plan(old_spec, []), checked_plan(new_spec, []), *labels)


class NothingToImport(Exception):
    """The account holds nothing a spec can say (no user grants, no runtime role emrgen would create)."""

    def __init__(self, notes: list):
        super().__init__(
            f"nothing to import: no identity policy grants runtime roles in a way a spec can say, and "
            f"no runtime role is one emrgen would create ({len(notes)} finding(s) not reproduced)"
        )
        self.notes = notes


def import_account(name: str, profile: str | None = None, region: str | None = None):
    """Read the account (read-only) and return (spec text, Imported); the text is validated before it is returned."""
    from .aws.client import Account
    from .aws.importer import import_inventory
    from .aws.inventory import read_account
    from .aws.spec_writer import write
    from .errors import RenderError, SpecError
    from .rules.validate import read_spec_bytes

    account = Account(profile, region)
    imported = import_inventory(read_account(account), name)  # read_account draws a progress bar on a terminal
    text = write(imported)
    try:
        read_spec_bytes(text.encode("utf-8"), "imported.yaml")
    except SpecError as exc:  # what import writes must validate: anything else is a bug in emrgen
        if {f.code for f in exc.findings if f.is_error} == {"E317"}:
            raise NothingToImport(imported.not_reproduced) from None
        raise RenderError(f"the imported spec does not validate: {exc}") from None
    return text, imported, account


def drift(path: str | Path, profile: str | None = None, region: str | None = None):
    """Compare what the spec renders with what the account holds (read-only)."""
    from .aws.client import Account
    from .aws.drift_report import drift as drift_of
    from .errors import UsageError

    spec, warnings = read_spec(path)
    plan = checked_plan(spec, warnings)
    account = Account(profile, region or spec.region)
    # A spec pinned to another account or region would show everything as drifted: say which instead.
    for what, pinned, actual in (
        ("account", spec.account_id, account.account_id),
        ("region", spec.region, account.region),
        ("partition", spec.partition, account.partition),
    ):
        if pinned and pinned != actual:
            raise UsageError(
                f"{Path(path).name} pins {what} {pinned}, but the credentials and region given are for {what} {actual}"
            )
    return drift_of(plan, account, Path(path).name)
