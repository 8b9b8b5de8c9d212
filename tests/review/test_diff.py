"""``emrgen diff``: access gained/lost computed from both sets of generated policies, resource changes,
create-only replacements, exit codes and the --git form."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.plan import build_plan
from generator.review import diff as diff_mod
from generator.rules.validate import read_spec_bytes

from ..conftest import ROOT

BASE = """version: 1
name: d
account_id: "111122223333"
region: us-east-1
network: {vpc_id: vpc-0123456789abcdef0, subnet_ids: [subnet-0123456789abcdef0]}
security_configuration:
  in_transit_encryption: {certificate_provider: PEM, s3_object: s3://cert-bucket/certs.zip}
runtime_roles:
  - {name: team-a-reader}
  - {name: team-b-reader}
clusters:
  - {name: main, release_label: emr-7.5.0, tags: {env: prod}}
  - {name: scratch, release_label: emr-7.5.0, tags: {env: dev}}
studio: {name: s, auth_mode: IAM, default_s3_location: "s3://studio-bucket/studio/"}
users:
  - name: alice
    principal: {role: analyst}
    access:
      - {runtime_roles: ["team-a*"], clusters: [main]}
  - name: bob
    principal: {role: engineer}
    steps: true
    access:
      - {runtime_roles: [team-b-reader], cluster_tags: {env: dev}}
"""
ADD_USER = (
    BASE
    + """  - name: carol
    principal: {user: carol}
    access:
      - {runtime_roles: [team-b-reader], clusters: [main]}
"""
)
WIDEN = BASE.replace('["team-a*"]', '["team-*"]')
REMOVE_CLUSTER = BASE.replace("  - {name: scratch, release_label: emr-7.5.0, tags: {env: dev}}\n", "")
RELEASE = BASE.replace("{name: main, release_label: emr-7.5.0", "{name: main, release_label: emr-7.6.0")
CERTS = BASE.replace("s3://cert-bucket/certs.zip", "s3://cert-bucket/certs-2.zip")
VPC = BASE.replace("vpc-0123456789abcdef0", "vpc-0fedcba9876543210")
RETAG = BASE.replace(
    "{name: scratch, release_label: emr-7.5.0, tags: {env: dev}}",
    "{name: scratch, release_label: emr-7.5.0, tags: {env: test}}",
)


def plan(text: str):
    return build_plan(read_spec_bytes(text.encode(), "spec.yaml")[0])


def compare(old: str, new: str):
    return diff_mod.diff_plans(plan(old), plan(new), "old.yaml", "new.yaml")


def cells(d, change):
    return {(c.user, c.runtime_role, c.clusters, c.actions) for c in d.access if c.change == change}


def test_no_change_is_no_diff() -> None:
    d = compare(BASE, BASE)
    assert not d.access and not d.resources and not d.access_changed


def test_adding_a_user_gains_their_cells_and_a_policy() -> None:
    d = compare(BASE, ADD_USER)
    assert cells(d, "gained") == {("carol", "team-b-reader", "main", ("GetClusterSessionCredentials",))}
    assert not cells(d, "lost")
    # The shared Studio user policy gains carol's principal as an attachment.
    assert {(r.change, r.key) for r in d.resources} == {
        ("added", "user_policy/carol"),
        ("changed", "studio_user_policy"),
    }
    assert d.access[0].statements == ("d-user-carol#AllowRuntimeRoles",)


def test_widening_a_pattern_shows_the_roles_it_now_reaches() -> None:
    d = compare(BASE, WIDEN)
    assert cells(d, "gained") == {
        ("alice", "team-b-reader", "main", ("GetClusterSessionCredentials",)),
        ("alice", "team-*", "main", ("GetClusterSessionCredentials",)),
    }
    assert not cells(d, "lost")  # team-a* roles are still covered by team-*
    assert [(r.change, r.key, r.fields, r.replaced) for r in d.resources] == [
        ("changed", "user_policy/alice", ("document",), False)
    ]
    # And back: narrowing loses exactly that.
    back = compare(WIDEN, BASE)
    assert cells(back, "lost") == cells(d, "gained") and not cells(back, "gained")


def test_removing_a_cluster_loses_access_on_it_and_its_resources() -> None:
    d = compare(BASE, REMOVE_CLUSTER)
    steps = ("GetClusterSessionCredentials", "AddJobFlowSteps")
    assert cells(d, "lost") == {("bob", "team-b-reader", "scratch", steps)}
    assert not cells(d, "gained")
    removed = {r.key for r in d.resources if r.change == "removed"}
    assert removed == {"cluster/scratch", "instance_profile/scratch", "instance_profile_role/scratch"}
    # The runtime roles no longer trust scratch's instance-profile role. (The EMR service role passes every
    # instance-profile role by their IAM path, so it does not change.)
    changed = {r.key for r in d.resources if r.change == "changed"}
    assert "runtime_role/team-b-reader" in changed and "emr_service_role" not in changed


def test_create_only_change_replaces_without_access_change() -> None:
    d = compare(BASE, RELEASE)
    assert not d.access_changed
    assert [(r.key, r.fields, r.replaced, r.reason) for r in d.resources] == [
        ("cluster/main", ("release_label",), True, "create-only: release_label")
    ]


def test_security_configuration_change_replaces_it_and_its_clusters() -> None:
    d = compare(BASE, CERTS)
    replaced = {r.key: r.reason for r in d.replacements}
    assert "custom-named" in replaced["security_configuration"]
    assert replaced["cluster/main"] == "security_configuration refers to replaced security_configuration"
    assert replaced["cluster/scratch"].startswith("security_configuration refers to")
    assert not d.access_changed


def test_new_vpc_replaces_security_groups_and_the_studio() -> None:
    d = compare(BASE, VPC)
    replaced = {r.key: r.reason for r in d.replacements}
    assert replaced["engine_sg"].startswith("create-only: vpc_id") and replaced["workspace_sg"].startswith(
        "create-only"
    )
    assert replaced["studio"] == "create-only: vpc_id"
    assert replaced["engine_ingress"].startswith("group refers to replaced") or replaced["engine_ingress"].startswith(
        "peer"
    )


def test_retagging_a_created_cluster_moves_tag_scoped_access() -> None:
    d = compare(BASE, RETAG)
    steps = ("GetClusterSessionCredentials", "AddJobFlowSteps")
    assert cells(d, "lost") == {("bob", "team-b-reader", "scratch", steps)}
    assert cells(d, "gained") == set()
    assert [(r.key, r.fields, r.replaced) for r in d.resources] == [("cluster/scratch", ("tags",), False)]


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text)
    return path


def test_cli_exit_codes_and_formats(tmp_path: Path) -> None:
    base, added, release = (
        write(tmp_path, "a.yaml", BASE),
        write(tmp_path, "b.yaml", ADD_USER),
        write(tmp_path, "c.yaml", RELEASE),
    )
    same = run("diff", base, base)
    assert same.exit_code == 0 and "Access gained: 0, lost: 0" in same.stdout
    changed = run("diff", base, added)
    assert changed.exit_code == 1 and "+ carol (user carol): team-b-reader on main" in changed.stdout
    md = run("diff", base, added, "--format", "markdown")
    assert md.exit_code == 1 and "| ➕ gained | carol | user carol | team-b-reader | main |" in md.stdout
    replaced = run("diff", base, release, "--format", "markdown")
    assert replaced.exit_code == 0 and "**1 resource(s) will be replaced**" in replaced.stdout
    data = json.loads(run("diff", base, added, "--format", "json").stdout)
    assert data["access_changed"] is True and data["access"][0]["user"] == "carol"


def test_cli_usage_errors_exit_2(tmp_path: Path) -> None:
    base = write(tmp_path, "a.yaml", BASE)
    assert run("diff", base).exit_code == 2
    both = run("diff", base, base, "--git", "HEAD")
    assert both.exit_code == 2 and "emrgen: error:" in both.stderr
    invalid = run("diff", base, write(tmp_path, "bad.yaml", "version: 2\nname: x\n"))
    assert invalid.exit_code == 2 and "E105" in invalid.stderr


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=cwd, check=True, capture_output=True
    )


def test_git_compares_the_spec_with_its_committed_self(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "specs").mkdir(parents=True)
    spec = write(repo / "specs", "team.yaml", BASE)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    assert run("diff", spec, "--git", "HEAD").exit_code == 0
    spec.write_text(WIDEN)
    result = run("diff", spec, "--git", "HEAD")
    assert result.exit_code == 1 and "team.yaml@HEAD -> team.yaml" in result.stdout
    assert "+ alice (role analyst): team-b-reader on main" in result.stdout
    bad = run("diff", spec, "--git", "no-such-ref")
    assert bad.exit_code == 2 and "cannot read" in bad.stderr
    assert run("diff", spec, "--git", "--output=x").exit_code == 2
    outside = write(tmp_path, "loose.yaml", BASE)
    assert run("diff", outside, "--git", "HEAD").exit_code == 2


@pytest.mark.parametrize("example", ["aws-doc", "iam-studio", "minimal", "sso-studio"])
def test_every_example_against_itself_has_no_diff(example) -> None:
    path = ROOT / "examples" / f"{example}.yaml"
    result = run("diff", path, path)
    assert result.exit_code == 0 and "0 added, 0 removed, 0 changed, 0 replaced" in result.stdout


def test_rollout_changes_show_dropped_regions_and_a_moved_home(tmp_path) -> None:
    """Targets are invisible to the resource diff (the same plan in fewer regions): the diff lists them, and a
    dropped region or a moved first region exits 1."""
    spec = (ROOT / "examples" / "multi-region.yaml").read_text(encoding="utf-8")
    three = tmp_path / "three.yaml"
    three.write_text(
        spec.replace("regions: [us-east-1, eu-west-1]", "regions: [us-east-1, eu-west-1, eu-central-1]").replace(
            "  networks:\n",
            "  networks:\n    eu-central-1: {vpc_id: vpc-0cccccccccccccccc, subnet_ids: [subnet-0cccccccccccccccc]}\n",
        ),
        encoding="utf-8",
    )
    swapped = tmp_path / "swapped.yaml"
    swapped.write_text(
        spec.replace("regions: [us-east-1, eu-west-1]", "regions: [eu-west-1, us-east-1]"), encoding="utf-8"
    )
    runner = CliRunner()
    added = runner.invoke(app, ["diff", str(ROOT / "examples" / "multi-region.yaml"), str(three)])
    assert added.exit_code == 0, added.output
    assert "+ region eu-central-1: gets the member template" in added.output
    dropped = runner.invoke(app, ["diff", str(three), str(ROOT / "examples" / "multi-region.yaml")])
    assert dropped.exit_code == 1 and "- region eu-central-1: its stack instances are deleted" in dropped.output
    moved = runner.invoke(app, ["diff", str(ROOT / "examples" / "multi-region.yaml"), str(swapped), "--format", "json"])
    assert moved.exit_code == 1
    assert json.loads(moved.output)["targets"] == [
        {
            "change": "moved",
            "what": "account-wide IAM",
            "value": "us-east-1 → eu-west-1",
            "consequence": "the first region is the account template's home: the runtime roles are deleted in us-east-1 "
            "and created in eu-west-1, and the names collide; keep us-east-1 first",
        }
    ]


def test_rollout_changes_show_a_regions_network_targets_coming_and_the_permission_model(tmp_path) -> None:
    """With several regions the resources hold a mapping lookup, so a region's new network changes no resource, but
    replaces what uses it there; adding targets moves IAM names into StackSets; accounts <-> OUs replaces it."""
    spec = (ROOT / "examples" / "multi-region.yaml").read_text(encoding="utf-8")
    moved = tmp_path / "moved.yaml"
    moved.write_text(spec.replace("vpc-0aaaabbbbccccdddd", "vpc-0ffffbbbbccccdddd"), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["diff", str(ROOT / "examples" / "multi-region.yaml"), str(moved)])
    assert result.exit_code == 1, result.output
    assert "~ network of eu-west-1: the clusters (first subnet) and the Studio" in result.output
    single = tmp_path / "single.yaml"
    text = (ROOT / "examples" / "multi-account.yaml").read_text(encoding="utf-8")
    single.write_text(text[: text.index("targets:")] + text[text.index("# Subnets shared") :], encoding="utf-8")
    added = runner.invoke(app, ["diff", str(single), str(ROOT / "examples" / "multi-account.yaml")])
    assert added.exit_code == 1 and "+ targets: a different layout" in added.output
    ous = tmp_path / "ous.yaml"
    ous.write_text(
        text.replace('accounts: ["111122223333", "444455556666"]', "organizational_units: [ou-ab12-cdef3456]")
        .replace(
            "  administration_role_arn: arn:aws:iam::999988887777:role/AWSCloudFormationStackSetAdministrationRole\n",
            "",
        )
        .replace("  execution_role_name: AWSCloudFormationStackSetExecutionRole\n", ""),
        encoding="utf-8",
    )
    model = runner.invoke(app, ["diff", str(ROOT / "examples" / "multi-account.yaml"), str(ous)])
    assert "~ permission model SERVICE_MANAGED: a StackSet's PermissionModel cannot change in place" in model.output


def test_diff_in_ci_new_spec_rename_shallow_clone_and_patterns(tmp_path: Path) -> None:
    """Issue 18: a spec new in the pull request gains all its access (exit 1, not 2); renaming name: is a rollout
    change (exit 1); a base the clone lacks says to fetch it; pattern grants say so."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(repo, "README", "infra\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    spec = write(repo, "team.yaml", BASE)
    new = run("diff", spec, "--git", "main")
    assert new.exit_code == 1, new.stderr
    assert "team.yaml@main does not exist: the spec is new" in new.stdout
    assert "+ alice (role analyst): team-a* (pattern) on main" in new.stdout
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "spec")
    spec.write_text(BASE.replace("name: d\n", "name: d2\n"))
    renamed = run("diff", spec, "--git", "main")
    assert renamed.exit_code == 1 and "spec name d -> d2" in renamed.stdout
    assert "out/d to out/d2" in renamed.stdout
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True)
    result = run("diff", shallow / "team.yaml", "--git", "origin/feature")
    assert (
        result.exit_code == 2
        and "git does not know origin/feature here; this clone is shallow; fetch it first" in result.stderr
    )
    spec.write_text(WIDEN)
    pattern = run("diff", spec, "--git", "main")
    assert "team-* (pattern) on main" in pattern.stdout, pattern.stdout


@pytest.mark.parametrize(
    "core,replaced",
    [
        ("{instance_type: m5.xlarge, count: 5}", False),  # the core group resizes in place
        ("{instance_type: r5.xlarge, count: 2}", True),
        ("{instance_type: m5.xlarge, count: 2, market: SPOT}", True),  # issue 17: the rest of the group is create-only
        ("{instance_type: m5.xlarge, count: 2, ebs: [{size_gb: 64}]}", True),
    ],
)
def test_core_group_changes(core, replaced) -> None:
    new = BASE.replace(
        "{name: main, release_label: emr-7.5.0,", "{name: main, release_label: emr-7.5.0, core: " + core + ","
    )
    d = compare(BASE, new)
    [change] = [r for r in d.resources if r.key == "cluster/main"]
    assert change.replaced is replaced, change


@pytest.mark.parametrize(
    "old,new,replaced",
    [
        ("spot: 8", "spot: 12", False),  # the task fleet: aws_emr_instance_fleet / TaskInstanceFleets, in place
        ("min_units: 6", "min_units: 8", False),  # managed scaling changes in place in both formats
        ("on_demand: 4", "on_demand: 6", True),  # the core fleet: Terraform forces a new cluster
        ("path: s3://production-emr-config/bootstrap/install-libs.sh", "path: s3://production-emr-config/b.sh", True),
    ],
)
def test_production_cluster_changes(old, new, replaced) -> None:
    text = (ROOT / "examples" / "production.yaml").read_text()
    assert old in text
    d = compare(text, text.replace(old, new))
    [change] = [r for r in d.resources if r.key == "cluster/batch"]
    assert change.replaced is replaced, change
