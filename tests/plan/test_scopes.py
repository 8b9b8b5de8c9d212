"""Several target regions (generator/plan/scopes.py): what goes to the account template must not depend on the
region, and the regional template must not refer to anything it does not create."""

from __future__ import annotations

import pytest

from generator.plan import build_plan, scopes
from generator.plan.refs import REGION, Join, Ref, RegionValue, ref_attrs
from generator.rules.validate import read_spec

from ..conftest import SPECS

MULTI_REGION = [s for s in SPECS if s.stem in ("multi-region", "targets-accounts-regions")]


def names_region(value) -> bool:
    if isinstance(value, RegionValue) or value == REGION:
        return True
    if isinstance(value, Join):
        return any(names_region(p) for p in value.parts)
    if isinstance(value, dict):
        return any(names_region(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(names_region(v) for v in value)
    return False


def test_both_multi_region_specs_are_checked() -> None:
    assert len(MULTI_REGION) == 2


@pytest.mark.parametrize("example", MULTI_REGION, ids=lambda p: p.stem)
def test_account_scope_names_no_region_and_regional_refs_stay_inside(example) -> None:
    spec, _ = read_spec(example)
    plan = build_plan(spec)
    members = scopes.members(plan)
    account, regional = members[scopes.ACCOUNT], members[scopes.REGIONAL]
    assert account.resources and regional.resources
    assert len(account.resources) + len(regional.resources) == len(plan.resources)
    for res in account.resources:
        # Deployed in one region only: a region inside would be the wrong one elsewhere (the EMR service role's
        # aws:SourceArn trust condition was, until the rehearsal caught it).
        assert not names_region(res.props), res.key
    inside = {r.key for r in regional.resources}
    for res in regional.resources:
        assert {key for key, _ in ref_attrs(res.props)} <= inside, res.key
        assert set(res.after) <= inside, res.key


def test_a_reference_without_a_static_value_is_an_internal_error() -> None:
    from generator.errors import RenderError

    spec, _ = read_spec(MULTI_REGION[0])
    plan = build_plan(spec)
    with pytest.raises(RenderError, match="no static value"):
        scopes.lower(plan, Ref("runtime_role/fleet-curator", "id"), {"runtime_role/fleet-curator"})


def test_static_arns_carry_the_iam_path() -> None:
    spec, _ = read_spec(MULTI_REGION[0])
    plan = build_plan(spec)
    arn = scopes.lower(plan, Ref("instance_profile/interactive", "arn"), {"instance_profile/interactive"})
    assert isinstance(arn, Join)
    assert arn.parts[-1] == ":instance-profile/multi-region/multi-region-interactive-ec2"


@pytest.mark.parametrize("example", MULTI_REGION, ids=lambda p: p.stem)
def test_every_handed_value_is_an_output_of_the_account_part(example) -> None:
    from generator.render.terraform import after_addresses

    spec, _ = read_spec(example)
    members = scopes.members(build_plan(spec))
    account, regional = members[scopes.ACCOUNT], members[scopes.REGIONAL]
    outputs = {f"{account.get(o.key).tf_name}_{o.attr}": o for o in account.outputs}
    assert regional.inputs
    for handed in regional.inputs:
        output = outputs[handed.name]
        assert account.get(output.key).props["name"] == handed.static
        assert after_addresses(account, output.after)  # the role's policies exist before a cluster uses it


def test_regional_names_fit_iam_limits_with_the_longest_names_and_region(tmp_path) -> None:
    """A 32-character spec name, a 64-character user label, the longest region: every created IAM name fits."""
    from generator.plan import limits

    spec = (MULTI_REGION[1]).read_text(encoding="utf-8")  # targets-accounts-regions: SSO, so a Studio user role
    spec = spec.replace("name: sso-fleet", "name: " + "n" * 32).replace("- name: jane", "- name: " + "j" * 64)
    path = tmp_path / "long.yaml"
    path.write_text(spec, encoding="utf-8")
    read, _ = read_spec(path)
    plan = build_plan(read)
    limit = {"role": 64, "managed_policy": 128, "instance_profile": 128}
    names = [(res.kind, limits.longest(res.props["name"])) for res in plan.resources if res.kind in limit]
    assert any(name.endswith("-us-isof-south-1") for _, name in names)  # the longest region, measured
    assert max(len(name) - limit[kind] for kind, name in names) <= 0, names
