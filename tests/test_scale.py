"""Scale: policy packing and stack splitting on generated specs, every AWS limit checked on the output,
and the L benchmark spec (3,000 users, 400 runtime roles, 60 clusters) linting clean."""

from __future__ import annotations

import json
import os
import sys

import pytest
import yaml

from generator import api
from generator.check import lint, lintparts
from generator.check.readback import read_cloudformation
from generator.plan.limits import (
    CFN_BODY_S3,
    CFN_OUTPUTS,
    CFN_PARAMETERS,
    CFN_RESOURCES,
    INLINE_ROLE_CHARS,
    MANAGED_POLICY_CHARS,
    TRUST_POLICY_CHARS,
    policy_chars,
)

from .conftest import ROOT

sys.path.insert(0, str(ROOT))
from bench.synthetic import spec as synthetic  # noqa: E402


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    path = tmp_path_factory.mktemp("scale") / "bench-l.yaml"
    path.write_text(yaml.safe_dump(synthetic("L")), encoding="utf-8")
    return api.render(path)


def test_every_policy_fits_iam_limits(large) -> None:
    per_principal: dict = {}
    for res in large.plan.resources:
        if res.kind == "managed_policy":
            assert policy_chars(res.props["document"]) <= MANAGED_POLICY_CHARS, res.key
            for kind, names in res.props["attach"].items():
                for name in names:
                    per_principal[(kind, repr(name))] = per_principal.get((kind, repr(name)), 0) + 1
        if res.kind == "role":
            assert policy_chars(res.props["trust"]) <= TRUST_POLICY_CHARS, res.key
            assert sum(policy_chars(d) for _, d in res.props["inline_policies"]) <= INLINE_ROLE_CHARS, res.key
    assert max(per_principal.values()) <= large.spec.quota


def test_large_plan_is_split_into_nested_stacks_within_quotas(large) -> None:
    cfn = {rel: text for rel, text in large.files.items() if rel.startswith("cloudformation/")}
    assert len(cfn) > 3
    parent = read_cloudformation(cfn["cloudformation/template.yaml"], "parent")
    stacks = {k: v for k, v in parent["Resources"].items() if v["Type"] == "AWS::CloudFormation::Stack"}
    assert len(stacks) == len(cfn) - 1
    created = 0
    for rel, text in cfn.items():
        assert len(text.encode()) <= CFN_BODY_S3, rel
        data = read_cloudformation(text, rel)
        assert len(data["Resources"]) <= CFN_RESOURCES, rel
        assert len(data.get("Parameters", {})) <= CFN_PARAMETERS, rel
        assert len(data.get("Outputs", {})) <= CFN_OUTPUTS, rel
        if rel != "cloudformation/template.yaml":
            created += len(data["Resources"])
            child = next(v for v in stacks.values() if v["Properties"]["TemplateURL"] == "./" + rel.split("/")[1])
            assert set(child["Properties"].get("Parameters", {})) == set(data.get("Parameters", {})), rel
    assert created == len(large.plan.resources)


def test_large_output_lints_clean(large, tmp_path) -> None:
    assert api.lint_rendered(large, tmp_path) == []


def test_small_specs_stay_one_template(rendered_examples) -> None:
    for rendered in rendered_examples.values():
        # With several target regions the account-wide IAM is a template of its own (generator/plan/scopes.py).
        expected = ["cloudformation/template.yaml"] + (
            ["cloudformation/account/template.yaml"] if rendered.spec.multi_region else []
        )
        assert sorted(r for r in rendered.files if r.startswith("cloudformation/")) == sorted(expected)


def test_packing_splits_a_users_grants_across_policies(tmp_path) -> None:
    roles = [f"arn:aws:iam::111122223333:role/runtime-role-with-a-long-name-{i:03d}" for i in range(150)]
    spec = {
        "version": 1,
        "name": "t",
        "clusters": [{"name": f"c{i}", "id": f"j-C{i}"} for i in range(3)],
        "users": [
            {
                "name": "wide",
                "principal": {"role": "analyst"},
                "access": [{"runtime_roles": roles[i::3], "clusters": [f"c{i}"]} for i in range(3)]
                + [{"runtime_roles": roles[:20], "clusters": ["c0"]}],
            }
        ],
    }
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec))
    rendered = api.render(path)
    policies = [r for r in rendered.plan.resources if r.kind == "managed_policy"]
    assert len(policies) > 1
    assert all(policy_chars(p.props["document"]) <= MANAGED_POLICY_CHARS for p in policies)
    granted = [
        arn
        for p in policies
        for s in p.props["document"]["Statement"]
        for arn in s["Condition"]["StringEquals"]["elasticmapreduce:ExecutionRoleArn"]
    ]
    assert sorted(set(granted)) == sorted(roles)
    # The fourth entry has c0's scope: merged into the first statement, not a statement of its own.
    c0 = [
        s
        for p in policies
        for s in p.props["document"]["Statement"]
        if "j-C0" in json.dumps(s["Resource"], default=str)
    ]
    assert sum(len(s["Condition"]["StringEquals"]["elasticmapreduce:ExecutionRoleArn"]) for s in c0) == len(
        set(roles[0::3]) | set(roles[:20])
    )


def test_lint_cache_skips_templates_already_clean(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("EMRGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("EMRGEN_NO_CACHE")
    monkeypatch.setenv("EMRGEN_JOBS", "1")  # in this process, where lint_cloudformation is replaced below
    text = (ROOT / "out" / "minimal" / "cloudformation" / "template.yaml").read_text()
    assert lint.lint_cloudformation_many([(text, "t.yaml")], ["us-east-1"]) == []
    assert len(os.listdir(tmp_path / "cfn-lint")) == 1
    calls = []
    monkeypatch.setattr(lintparts, "lint_cloudformation", lambda *a: calls.append(a) or [])  # what the jobs run
    assert lint.lint_cloudformation_many([(text, "t.yaml")], ["us-east-1"]) == []
    assert calls == []  # served from the cache
    lint.lint_cloudformation_many([(text + "# changed\n", "t.yaml")], ["us-east-1"])
    assert len(calls) == 1


def test_split_clusters_are_deleted_before_the_studio_security_groups(large) -> None:
    """Issue 11 item 7 across nested stacks: a cluster's stack waits for the stack of the Studio's security groups
    (a DependsOn in the parent), so deletion removes the clusters first (tests/render/test_deletion_order.py)."""
    cfn = {rel: text for rel, text in large.files.items() if rel.startswith("cloudformation/")}
    parent = read_cloudformation(cfn.pop("cloudformation/template.yaml"), "parent")
    stack_of = {}  # resource type -> the nested stacks holding one
    for rel, text in cfn.items():
        child = next(k for k, v in parent["Resources"].items() if v["Properties"]["TemplateURL"] == "./" + rel[15:])
        for res in read_cloudformation(text, rel)["Resources"].values():
            stack_of.setdefault(res["Type"], set()).add(child)
    [groups] = stack_of["AWS::EC2::SecurityGroup"]
    assert stack_of["AWS::EMR::Cluster"] and groups not in stack_of["AWS::EMR::Cluster"]
    for stack in stack_of["AWS::EMR::Cluster"]:
        assert groups in parent["Resources"][stack].get("DependsOn", []), stack
